package widgets

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"clientbook/data"
	"clientbook/domain"
)

// find returns the first object under o that match accepts.
func find[T fyne.CanvasObject](o fyne.CanvasObject, match func(T) bool) (T, bool) {
	if w, ok := o.(T); ok && match(w) {
		return w, true
	}
	var kids []fyne.CanvasObject
	switch c := o.(type) {
	case *fyne.Container:
		kids = c.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(c).Objects()
	}
	for _, k := range kids {
		if w, ok := find(k, match); ok {
			return w, true
		}
	}
	var zero T
	return zero, false
}

func TestSaveCSVRemembersTheFormatChosen(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(container.NewStack())
	w.Resize(fyne.NewSize(900, 700))
	t.Cleanup(w.Close)
	if CSVFormat() != (domain.ExportFormat{}) {
		t.Fatalf("the default format is plain CSV, not %+v", CSVFormat())
	}
	SaveCSV(w, "things", func(_ io.Writer, _ domain.ExportFormat, _ func(int) bool) error { return nil })
	top := w.Canvas().Overlays().Top()
	radio, ok := find(top, func(*widget.RadioGroup) bool { return true })
	if !ok {
		t.Fatal("the export dialog offers no format choice")
	}
	radio.SetSelected(csvFormats[1].title)
	choose, ok := find(top, func(b *widget.Button) bool { return b.Text == "Choose file…" })
	if !ok {
		t.Fatal("no Choose file… button")
	}
	test.Tap(choose)
	want := domain.ExportFormat{Delimiter: ';', DecimalComma: true}
	if got := CSVFormat(); got != want {
		t.Errorf("after choosing semicolons the format is %+v", got)
	}
}

func TestRowsAndPagesStreamAndStopWhenCancelled(t *testing.T) {
	book, err := data.Open(filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	cells := func(n int) []domain.TableCell { return []domain.TableCell{domain.NumberCell(fmt.Sprintf("%d.50", n))} }
	all := make([]int, 1203)
	for i := range all {
		all[i] = i
	}
	var reads []int
	page := func(offset, limit int) ([]int, error) {
		reads = append(reads, offset)
		return all[offset:min(offset+limit, len(all))], nil
	}
	semi := domain.ExportFormat{Delimiter: ';', DecimalComma: true}
	for name, next := range map[string]func(func(int) bool) func() ([]domain.TableCell, bool, error){
		"rows":  func(p func(int) bool) func() ([]domain.TableCell, bool, error) { return Rows(all, cells, p) },
		"pages": func(p func(int) bool) func() ([]domain.TableCell, bool, error) { return Pages(100, page, cells, p) },
	} {
		var b strings.Builder
		last := -1
		progress := func(n int) bool { last = n; return true }
		if err := WriteTable(book.Export(), &b, semi, []string{"n"}, next(progress), progress); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		lines := strings.Split(strings.TrimSpace(b.String()), "\r\n")
		if len(lines) != 1204 || lines[1] != "0,50" || lines[1203] != "1202,50" || last != 1203 {
			t.Errorf("%s: %d lines, first %q, last %q, progress ended at %d", name, len(lines), lines[1], lines[len(lines)-1], last)
		}
		b.Reset()
		stop := func(n int) bool { return n < 500 }
		err := WriteTable(book.Export(), &b, semi, []string{"n"}, next(stop), stop)
		if !errors.Is(err, domain.ErrCancelled) {
			t.Errorf("%s: a cancelled export ends with %v", name, err)
		}
	}
	if len(reads) != 13+5 || reads[1] != 100 {
		t.Errorf("pages read at offsets %v", reads)
	}
}
