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
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
)

// errCancelled stops a write the person cancelled.
var errCancelled = errors.New("cancelled")

// WriteCSV writes a list to w in the format f, calling progress with the
// rows written so far; it must stop when progress returns false.
type WriteCSV func(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error

// NewExportButton is the Export CSV… button every list offers.
func NewExportButton(tapped func()) *widget.Button {
	return widget.NewButtonWithIcon("Export CSV…", theme.DownloadIcon(), tapped)
}

// csvFormatKey is the preference holding the CSV format chosen last.
const csvFormatKey = "csv.format"

// csvFormats are the formats the export dialog offers, the default first.
var csvFormats = []struct {
	title  string
	format domain.ExportFormat
}{
	{"Comma-separated, decimal point (1234.56)", domain.ExportFormat{}},
	{"Semicolon-separated, decimal comma (1234,56)", domain.ExportFormat{Delimiter: ';', DecimalComma: true}},
}

// CSVFormat is the format chosen last in the export dialog, plain CSV until
// one is chosen.
func CSVFormat() domain.ExportFormat {
	if a := fyne.CurrentApp(); a != nil {
		i := a.Preferences().Int(csvFormatKey)
		if i >= 0 && i < len(csvFormats) {
			return csvFormats[i].format
		}
	}
	return csvFormats[0].format
}

// SaveCSV asks how to spell the file (commas, or semicolons with a decimal
// comma, as spreadsheets in many languages expect; the choice is
// remembered) and where to save name.csv, then runs write in the background
// with a progress dialog and a Cancel button. The file is written under a
// temporary name beside the chosen one and renamed only when complete, so a
// cancelled or failed export leaves nothing half-written.
func SaveCSV(win fyne.Window, name string, write WriteCSV) {
	choice := widget.NewRadioGroup(nil, nil)
	chosen := 0
	for i, f := range csvFormats {
		choice.Options = append(choice.Options, f.title)
		if f.format == CSVFormat() {
			chosen = i
		}
	}
	choice.Required = true
	choice.SetSelected(csvFormats[chosen].title)
	hint := widget.NewLabel("Choose semicolons if your spreadsheet writes numbers with a decimal comma.")
	hint.Importance = widget.LowImportance
	hint.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(choice, hint)
	dialog.ShowCustomConfirm("Export "+name+" as CSV", "Choose file…", "Cancel", content, func(ok bool) {
		if !ok {
			return
		}
		f := csvFormats[0].format
		for i, c := range csvFormats {
			if c.title == choice.Selected {
				f = c.format
				if a := fyne.CurrentApp(); a != nil {
					a.Preferences().SetInt(csvFormatKey, i)
				}
			}
		}
		askPath(win, name, f, write)
	}, win)
}

// askPath asks where to save name.csv and writes it there.
func askPath(win fyne.Window, name string, f domain.ExportFormat, write WriteCSV) {
	ChooseSave(win, name+".csv", ".csv", func(path string) {
		WriteCSVFile(win, path, f, write)
	})
}

// WriteCSVFile writes path in the format f as SaveCSV does, without asking.
func WriteCSVFile(win fyne.Window, path string, f domain.ExportFormat, write WriteCSV) {
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
			return write(w, f, func(rows int) bool {
				fyne.Do(func() { count.SetText(fmt.Sprintf("%d rows written", rows)) })
				return !cancelled.Load()
			})
		}, cancelled.Load)
		fyne.Do(func() {
			bar.Stop()
			prog.Hide()
			switch {
			case cancelled.Load() || errors.Is(err, domain.ErrCancelled):
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

// progressEvery is how many rows of a list held in memory pass between two
// progress reports.
const progressEvery = 500

// Rows feeds ExportService.WriteTable from a list held in memory: each call
// of the function it returns gives the cells of the next row. progress is
// called with the rows given so far, before the first and every few hundred;
// when it returns false the export stops with domain.ErrCancelled.
func Rows[T any](rows []T, cells func(T) []domain.TableCell, progress func(rows int) bool) func() ([]domain.TableCell, bool, error) {
	i := 0
	return func() ([]domain.TableCell, bool, error) {
		if i%progressEvery == 0 && !progress(i) {
			return nil, false, domain.ErrCancelled
		}
		if i == len(rows) {
			return nil, false, nil
		}
		i++
		return cells(rows[i-1]), true, nil
	}
}

// Pages feeds ExportService.WriteTable from a list read a page at a time,
// as a screen reads it while scrolling: page returns up to limit rows from
// offset, so only one page is held at once however long the list. progress
// is called before each page with the rows given so far; when it returns
// false the export stops with domain.ErrCancelled.
func Pages[T any](limit int, page func(offset, limit int) ([]T, error), cells func(T) []domain.TableCell, progress func(rows int) bool) func() ([]domain.TableCell, bool, error) {
	var rows []T
	i, n, done := 0, 0, false
	return func() ([]domain.TableCell, bool, error) {
		if i == len(rows) {
			if done {
				return nil, false, nil
			}
			if !progress(n) {
				return nil, false, domain.ErrCancelled
			}
			var err error
			if rows, err = page(n, limit); err != nil {
				return nil, false, err
			}
			i, done = 0, len(rows) < limit
			if len(rows) == 0 {
				return nil, false, nil
			}
		}
		i++
		n++
		return cells(rows[i-1]), true, nil
	}
}

// WriteTable writes a list with export's WriteTable and reports the rows
// written at the end.
func WriteTable(export domain.ExportService, w io.Writer, f domain.ExportFormat, header []string,
	next func() ([]domain.TableCell, bool, error), progress func(rows int) bool) error {
	if export == nil {
		return domain.Errorf(domain.ECONFLICT, "Export is not available here.")
	}
	rows, err := export.WriteTable(w, f, header, next)
	if err == nil {
		progress(rows)
	}
	return err
}
