package kit

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Step is how long work says how far it has got: done of total (total 0
// when the end is not known yet) and, when not empty, what it is at.
type Step func(done, total int, what string)

// Long runs slow work — sending a batch of messages, an import, a restore —
// off the UI goroutine behind a dialog over win titled title, with a
// progress bar and Cancel: the one way a screen shows long work. work
// reports how far it has got through step and stops, as soon as it safely
// can, once ctx is cancelled; Cancel cancels ctx. When work returns the
// dialog goes and done runs on the UI goroutine with work's result and
// whether Cancel was pressed.
func Long[R any](win fyne.Window, title string, work func(ctx context.Context, step Step) (R, error), done func(r R, err error, cancelled bool)) {
	ctx, cancel := context.WithCancel(context.Background())
	var (
		mu        sync.Mutex
		cancelled bool
	)
	bar := widget.NewProgressBar()
	bar.Hide()
	endless := widget.NewProgressBarInfinite()
	what := widget.NewLabel("Starting…")
	what.Truncation = fyne.TextTruncateEllipsis
	var d *dialog.CustomDialog
	stop := widget.NewButton("Cancel", nil)
	stop.OnTapped = func() {
		mu.Lock()
		cancelled = true
		mu.Unlock()
		cancel()
		stop.Disable()
		what.SetText("Cancelling…")
	}
	if win != nil {
		d = dialog.NewCustomWithoutButtons(title, container.NewVBox(endless, bar, what), win)
		d.SetButtons([]fyne.CanvasObject{stop})
		d.Resize(fyne.NewSize(420, 0))
		d.Show()
	}
	// Steps come faster than a person can read; the dialog shows the latest
	// at most every 50 ms.
	var last time.Time
	step := func(n, total int, text string) {
		if !inline && time.Since(last) < 50*time.Millisecond && n < total {
			return
		}
		last = time.Now()
		fyne.Do(func() {
			if stop.Disabled() {
				return // "Cancelling…" stays
			}
			if total > 0 {
				endless.Stop()
				endless.Hide()
				bar.Show()
				bar.Max = float64(total)
				bar.SetValue(float64(n))
			}
			if text != "" {
				what.SetText(text)
			}
		})
	}
	background(func() {
		r, err := work(ctx, step)
		fyne.Do(func() {
			endless.Stop()
			if d != nil {
				d.Hide()
			}
			mu.Lock()
			was := cancelled
			mu.Unlock()
			cancel()
			done(r, err, was)
		})
	})
}
