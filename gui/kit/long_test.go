package kit

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Long work runs in the background behind a dialog with a progress bar and
// Cancel; Cancel cancels the work's context, and done hears it was
// cancelled.
func TestLongWorkShowsProgressAndCancels(t *testing.T) {
	test.NewTempApp(t)
	q, restore := Queued()
	t.Cleanup(restore)
	win := test.NewWindow(widget.NewLabel("screen"))
	win.Resize(fyne.NewSize(800, 600))
	t.Cleanup(win.Close)

	var sent []int
	var got struct {
		n         int
		err       error
		cancelled bool
		ran       bool
	}
	Long(win, "Sending", func(ctx context.Context, step Step) (int, error) {
		for i := 1; i <= 5; i++ {
			if ctx.Err() != nil {
				return len(sent), ctx.Err()
			}
			sent = append(sent, i)
			step(i, 5, "Sent message")
			if i == 2 {
				tapButton(t, win, "Cancel") // the person cancels after the second
			}
		}
		return len(sent), nil
	}, func(n int, err error, cancelled bool) {
		got.n, got.err, got.cancelled, got.ran = n, err, cancelled, true
	})
	if q.Len() != 1 || win.Canvas().Overlays().Top() == nil || len(sent) != 0 {
		t.Fatalf("before the work runs: %d queued, dialog %v, %d sent", q.Len(), win.Canvas().Overlays().Top(), len(sent))
	}
	var bar *widget.ProgressBar
	for _, o := range test.LaidOutObjects(win.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.ProgressBar); ok {
			bar = b
		}
	}
	q.Run()
	if !got.ran || !got.cancelled || got.n != 2 || got.err == nil {
		t.Errorf("after Cancel: done ran %v, cancelled %v, %d sent, err %v", got.ran, got.cancelled, got.n, got.err)
	}
	if bar == nil || bar.Value != 2 || bar.Max != 5 {
		t.Errorf("the progress bar did not show 2 of 5: %+v", bar)
	}
	if win.Canvas().Overlays().Top() != nil {
		t.Error("the dialog stays after the work ended")
	}
}

// tapButton taps the button labelled text on top of win.
func tapButton(t *testing.T, win fyne.Window, text string) {
	t.Helper()
	for _, o := range test.LaidOutObjects(win.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no %q button", text)
}
