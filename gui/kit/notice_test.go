package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A notice shows at the bottom of the window and the next one takes its
// place; under RunInline no timer hides it from another goroutine.
func TestNoticeReplacesTheLastOne(t *testing.T) {
	test.NewTempApp(t)
	t.Cleanup(RunInline())
	w := test.NewTempWindow(t, widget.NewLabel("screen"))
	w.Resize(fyne.NewSize(800, 600))
	first := Notify(w, "Saved")
	if !first.Visible() || w.Canvas().Overlays().Top() == nil {
		t.Fatal("the notice is not on show")
	}
	if first.Position().Y < 500 {
		t.Errorf("the notice is at %v, not at the bottom", first.Position())
	}
	second := Notify(w, "Exported 12 rows")
	if first.Visible() || !second.Visible() {
		t.Errorf("after a second notice: first visible %v, second %v", first.Visible(), second.Visible())
	}
	if Notify(nil, "nowhere") != nil {
		t.Error("a notice without a window")
	}
}
