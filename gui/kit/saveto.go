package kit

import (
	"context"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// SaveTo writes a file the person chose to save — a PDF, a report, a
// statement — to path off the UI goroutine, then says "Saved NAME." in a
// dialog over win titled title, or shows why it could not. saved, when not
// nil, runs on the UI goroutine after a good write.
func SaveTo(win fyne.Window, path, title string, write func(ctx context.Context, path string) error, saved func()) {
	Write(func(ctx context.Context) (struct{}, error) {
		return struct{}{}, write(ctx, path)
	}, func(_ struct{}, err error) {
		if err != nil {
			ShowError(err, win)
			return
		}
		if saved != nil {
			saved()
		}
		if win != nil {
			dialog.ShowInformation(title, "Saved "+filepath.Base(path)+".", win)
		}
	})
}
