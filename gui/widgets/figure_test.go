package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Seven key figures stand in one row at 1280 points and wrap into rows of
// four at 1024, each card at least as wide as asked, in equal columns.
func TestFigureRowWrapsRatherThanCutting(t *testing.T) {
	test.NewTempApp(t)
	var cards []fyne.CanvasObject
	for range 7 {
		cards = append(cards, NewFigure("Days sales outstanding", nil).Object())
	}
	row := NewFigureRow(170, cards...)
	for _, tc := range []struct {
		width      float32
		cols, rows int
	}{{1272, 7, 1}, {1016, 4, 2}, {600, 3, 3}, {150, 1, 7}} {
		row.Resize(fyne.NewSize(tc.width, 300))
		xs, ys := map[float32]bool{}, map[float32]bool{}
		for _, c := range cards {
			xs[c.Position().X], ys[c.Position().Y] = true, true
			if w := c.Size().Width; w < 170 && tc.cols > 1 {
				t.Errorf("at %v points a card is %v wide", tc.width, w)
			}
		}
		if len(xs) != tc.cols || len(ys) != tc.rows {
			t.Errorf("at %v points: %d columns and %d rows, want %d and %d", tc.width, len(xs), len(ys), tc.cols, tc.rows)
		}
	}
}
