package widgets

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
)

// errCancelled stops a write the person cancelled.
var errCancelled = errors.New("cancelled")

// SaveCSV asks where to save name.csv, then runs write in the background
// with a progress dialog and a Cancel button. The file is written under a
// temporary name beside the chosen one and renamed only when complete, so a
// cancelled or failed export leaves nothing half-written. write reports
// progress with the rows written so far; it must stop when that returns false.
func SaveCSV(win fyne.Window, name string, write func(w io.Writer, progress func(rows int) bool) error) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		os.Remove(path) // the dialog leaves an empty file; ours replaces it whole
		WriteCSVFile(win, path, write)
	}, win)
	d.SetFileName(name + ".csv")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv"}))
	d.Show()
}

// WriteCSVFile writes path as SaveCSV does, without asking where.
func WriteCSVFile(win fyne.Window, path string, write func(w io.Writer, progress func(rows int) bool) error) {
	var cancelled atomic.Bool
	count := widget.NewLabel("Starting…")
	bar := widget.NewProgressBarInfinite()
	var prog *dialog.CustomDialog
	cancel := widget.NewButton("Cancel", func() { cancelled.Store(true) })
	prog = dialog.NewCustomWithoutButtons("Exporting "+filepath.Base(path), container.NewVBox(bar, count), win)
	prog.SetButtons([]fyne.CanvasObject{cancel})
	prog.Show()
	runBackground(func() {
		err := writeAtomically(path, func(w io.Writer) error {
			return write(w, func(rows int) bool {
				fyne.Do(func() { count.SetText(fmt.Sprintf("%d rows written", rows)) })
				return !cancelled.Load()
			})
		}, cancelled.Load)
		fyne.Do(func() {
			bar.Stop()
			prog.Hide()
			switch {
			case cancelled.Load():
				dialog.ShowInformation("Export cancelled", "Nothing was saved.", win)
			case err != nil:
				dialog.ShowError(errors.New(domain.ErrorMessage(err)), win)
			}
		})
	})
}

// runBackground runs slow work off the UI goroutine; tests replace it.
var runBackground = func(work func()) { go work() }

// RunInline makes SaveCSV's writing happen on the caller's goroutine, for
// tests; it returns a function that restores the default.
func RunInline() (restore func()) {
	old := runBackground
	runBackground = func(work func()) { work() }
	return func() { runBackground = old }
}

// writeAtomically writes to a temporary file beside path and renames it into
// place only when write succeeded and was not cancelled.
func writeAtomically(path string, write func(w io.Writer) error, cancelled func() bool) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+strings.TrimSuffix(base, ".csv")+"-*.tmp")
	if err != nil {
		return domain.Internal("save the CSV", err)
	}
	tmp := f.Name()
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && cancelled() {
		err = errCancelled
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return domain.Internal("save the CSV", err)
	}
	return nil
}
