package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestColumnsKeepButtonsWhole: an object wider than its share (buttons)
// keeps its minimum width; the text cells share what is left by weight.
func TestColumnsKeepButtonsWhole(t *testing.T) {
	test.NewTempApp(t)
	a, b := widget.NewLabel("a"), widget.NewLabel("b")
	a.Truncation, b.Truncation = fyne.TextTruncateEllipsis, fyne.TextTruncateEllipsis
	buttons := container.NewHBox(widget.NewButton("Done", nil), widget.NewButton("Tomorrow", nil), widget.NewButton("+1 week", nil))
	row := container.New(NewColumns(2, 2, 1), a, b, buttons)
	row.Resize(fyne.NewSize(400, 40))
	if got, want := buttons.Size().Width, buttons.MinSize().Width; got < want {
		t.Errorf("buttons %v wide, need %v", got, want)
	}
	if a.Size().Width != b.Size().Width || a.Position().X+a.Size().Width > b.Position().X {
		t.Errorf("text cells %v at %v and %v at %v", a.Size(), a.Position(), b.Size(), b.Position())
	}
	wide := container.New(NewColumns(1, 1), canvas.NewRectangle(nil), canvas.NewRectangle(nil))
	wide.Resize(fyne.NewSize(204, 10))
	if w := wide.Objects[0].Size().Width; w != wide.Objects[1].Size().Width {
		t.Errorf("equal weights, unequal widths: %v", w)
	}
}
