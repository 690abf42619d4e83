package kit

import (
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

// Footer is a fixed row under a table, such as its totals: one bold cell per
// column, laid out in the table's column widths (and following them when a
// column is dragged wider or a narrow window leaves columns out), and
// written after the table's rows by its Export CSV… while it is shown.
type Footer[T any] struct {
	t     *Table[T]
	cells []*cellLabel
	row   *fyne.Container
	obj   *fyne.Container
	csv   []domain.TableCell
}

// NewFooter makes t's footer, empty and hidden until Set; put Object under
// the table's Object in the screen's layout, at the same width.
func NewFooter[T any](t *Table[T]) *Footer[T] {
	f := &Footer[T]{t: t}
	objs := make([]fyne.CanvasObject, len(t.cols))
	for i, c := range t.cols {
		f.cells = append(f.cells, newCellLabel(c.Align, true))
		objs[i] = f.cells[i]
	}
	f.row = container.New(t.columns(), objs...)
	f.obj = container.NewVBox(widget.NewSeparator(), f.row)
	f.obj.Hide()
	// The header is laid out again whenever a column is resized: the
	// footer follows it.
	t.header.Layout = &followLayout{inner: t.header.Layout, follow: f.row.Refresh}
	return f
}

// Object is the footer, for the screen's layout.
func (f *Footer[T]) Object() fyne.CanvasObject { return f.obj }

// Set shows texts, one per column, and what Export CSV… writes for them
// (nil writes the texts as typed text).
func (f *Footer[T]) Set(texts []string, csv []domain.TableCell) {
	for i, c := range f.cells {
		text := ""
		if i < len(texts) {
			text = texts[i]
		}
		c.set(text, widget.MediumImportance)
	}
	f.csv = csv
	if f.csv == nil {
		for _, t := range texts {
			f.csv = append(f.csv, domain.TextCell(t))
		}
	}
	f.obj.Show()
}

// Hide leaves the footer out, of the screen and of the export.
func (f *Footer[T]) Hide() { f.obj.Hide() }

// Visible reports whether the footer is shown.
func (f *Footer[T]) Visible() bool { return f.obj.Visible() }

// Texts are the footer's cells as shown.
func (f *Footer[T]) Texts() []string {
	out := make([]string, len(f.cells))
	for i, c := range f.cells {
		out[i] = c.Text()
	}
	return out
}

// ExportCSV is the table's Export CSV… with the footer's row last.
func (f *Footer[T]) ExportCSV(win fyne.Window, export domain.ExportService, name string) {
	widgets.SaveCSV(win, name, func(w io.Writer, format domain.ExportFormat, progress func(rows int) bool) error {
		return f.WriteCSV(export, w, format, progress)
	})
}

// WriteCSV writes what ExportCSV saves: the table's rows in the order shown,
// then the footer's, when it is shown.
func (f *Footer[T]) WriteCSV(export domain.ExportService, w io.Writer, format domain.ExportFormat, progress func(rows int) bool) error {
	if export != nil && f.Visible() {
		export = lastRow{ExportService: export, row: f.csv}
	}
	return f.t.WriteCSV(export, w, format, progress)
}

// lastRow writes one more row after the rows it is given.
type lastRow struct {
	domain.ExportService
	row []domain.TableCell
}

func (e lastRow) WriteTable(w io.Writer, f domain.ExportFormat, header []string, next func() ([]domain.TableCell, bool, error)) (int, error) {
	done := false
	return e.ExportService.WriteTable(w, f, header, func() ([]domain.TableCell, bool, error) {
		if done {
			return nil, false, nil
		}
		cells, ok, err := next()
		if ok || err != nil {
			return cells, ok, err
		}
		done = true
		return e.row, true, nil
	})
}

// followLayout is a layout that, after laying its objects out, has another
// row follow.
type followLayout struct {
	inner  fyne.Layout
	follow func()
}

func (l *followLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.inner.Layout(objs, size)
	l.follow()
}

func (l *followLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return l.inner.MinSize(objs) }
