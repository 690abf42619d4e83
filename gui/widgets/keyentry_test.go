package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
)

func TestStepSelectionWrapsRound(t *testing.T) {
	for _, tt := range []struct {
		key       fyne.KeyName
		sel, n    int
		want      int
		wantMoved bool
	}{
		{fyne.KeyDown, 0, 3, 1, true},
		{fyne.KeyDown, 2, 3, 0, true},
		{fyne.KeyUp, 0, 3, 2, true},
		{fyne.KeyUp, 1, 3, 0, true},
		{fyne.KeyDown, 0, 0, 0, false}, // no items
		{fyne.KeyLeft, 1, 3, 1, false}, // not a key it moves with
	} {
		if got, moved := StepSelection(tt.key, tt.sel, tt.n); got != tt.want || moved != tt.wantMoved {
			t.Errorf("StepSelection(%s, %d, %d) = %d, %v; want %d, %v", tt.key, tt.sel, tt.n, got, moved, tt.want, tt.wantMoved)
		}
	}
}
