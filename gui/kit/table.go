// Package kit is the machinery every Clientbook screen is built from: a table
// declared by one list of columns, a loader that reads the book off the UI
// goroutine, and the notices that keep every visible screen up to date.
package kit

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

// CurrencyWidth is the width of a column of ISO currency codes: the widest
// code (KWD, MWK) whole, never "U…".
const CurrencyWidth = 52

// Column is one column of a Table, declared once: the header, how a row
// shows in it, its alignment, how it sorts, how wide it may be and what it
// exports. The header, the rows, click-to-sort, resizing and Export CSV… all
// come from this one declaration.
type Column[T any] struct {
	Title string         // the header
	Key   string         // stable name: the CSV header and the remembered width
	Text  func(T) string // the cell as shown
	Align fyne.TextAlign // fyne.TextAlignTrailing for numbers
	Bold  bool
	Width float32 // preferred width in points (default 120)
	Min   float32 // the narrowest it may be dragged (default 48)
	// Stretch columns share the width left over; at least one should.
	Stretch bool
	// Sort is the sort key handed to the Source when the header is
	// clicked; "" makes the column unsortable.
	Sort string
	// CSV is the exported cell; nil exports Text as text a person typed.
	CSV func(T) domain.TableCell
	// Importance colours a cell, e.g. overdue dates in red; nil is plain.
	Importance func(T) widget.Importance
}

// Sort is the order a Source is asked for: a column's Sort key and its
// direction.
type Sort struct {
	Key  string
	Desc bool
}

// Source is where a Table's rows come from: a count and pages in the order
// asked, read from the book as the person scrolls, so only what is on the
// screen is ever held.
type Source[T any] struct {
	Count func(ctx context.Context, s Sort) (int, error)
	Page  func(ctx context.Context, s Sort, offset, limit int) ([]T, error)
	// After, when set, reads the limit rows that follow row in the order
	// asked: paging by key, as quick deep in a long list as at its top,
	// where Page by offset reads every row it skips. offset is the position
	// of the first row wanted, for a source to fall back on when row is gone.
	After func(ctx context.Context, s Sort, row T, offset, limit int) ([]T, error)
	// AtMost, when above 0, says Count may stop counting at AtMost+1 rows
	// (a search of a large book, where counting every match would cost a
	// keystroke its speed): a count of AtMost+1 then means "at least that
	// many", shown as "1,000+" (CountText), and the table grows as the
	// person scrolls past it, a page at a time, until a page comes back
	// short. A source may also count exactly: any count below AtMost+1, or
	// above it, is taken as exact.
	AtMost int
}

// CountCap is the AtMost of the book's searchable lists: a search counts
// at most this many matches and one more.
const CountCap = domain.SearchCountCap

// CountText is a count of n rows of a source whose AtMost is most, as a
// person reads it: "1,000+" when it reached the cap (domain.CappedCount).
func CountText(n, most int) string { return domain.CappedCount(n, most) }

// page reads limit rows from offset: after the row before them when the
// source pages by key and that row is known, by offset otherwise.
func (s Source[T]) page(ctx context.Context, so Sort, before *T, offset, limit int) ([]T, error) {
	if s.After != nil && before != nil {
		return s.After(ctx, so, *before, offset, limit)
	}
	return s.Page(ctx, so, offset, limit)
}

// pageSize is how many rows are read at a time.
const pageSize = 100

// Table is a virtualised, sortable, resizable list over a Source, with a
// header and Export CSV… of exactly what it shows.
type Table[T any] struct {
	id      string // names the remembered widths
	cols    []Column[T]
	src     Source[T]
	widths  []float32
	sort    Sort
	load    *Loader
	list    *widget.List
	header  *fyne.Container
	heads   []*headerCell
	empty   *widget.Label
	summary func(n int) string
	count   *widget.Label
	root    *fyne.Container
	checks  *checks[T]  // the tick column; nil for none
	more    *moreMarker // "+N" in the header while columns are left out
	pin     int         // the column asked for in a narrow window, -1 for none

	mu    sync.Mutex // guards pages, ends, total, capped and gen, filled from the loader
	total int
	// capped says total is a capped count (Source.AtMost): at least that
	// many rows, grown as pages past it come in full.
	capped  bool
	pages   map[int][]T
	loading map[int]bool
	gen     int
	// ends keeps the last row of every page read since the last reload (a
	// row per pageSize rows, however long the list), so that the page after
	// one read, and any page before it, is read by key. A page further on
	// than one past those read — the scroll bar dragged far down — is read
	// by offset, once; the pages next to it then go by key again.
	ends map[int]T

	// OnSelected is called with the row chosen by a click or Enter.
	OnSelected func(T)
	// Empty is what the table says when it has no rows.
	Empty string
}

// NewTable builds a table over src with the columns cols. id names it for
// the widths it remembers in the app's preferences ("documents", "payments").
func NewTable[T any](id string, cols []Column[T], src Source[T]) *Table[T] {
	t := &Table[T]{id: id, cols: cols, src: src, pages: map[int][]T{}, loading: map[int]bool{}, ends: map[int]T{}, pin: -1}
	t.widths = make([]float32, len(cols))
	saved := t.savedWidths()
	for i, c := range cols {
		t.widths[i] = c.Width
		if t.widths[i] <= 0 {
			t.widths[i] = 120
		}
		if i < len(saved) && saved[i] >= t.min(i) {
			t.widths[i] = saved[i]
		}
	}
	t.pin = t.savedPin()
	t.load = NewLoader()
	t.list = widget.NewList(t.length, t.newRow, t.updateRow)
	t.list.OnSelected = func(id widget.ListItemID) {
		if r, ok := t.Row(id); ok && t.OnSelected != nil {
			t.OnSelected(r)
		}
	}
	t.heads = make([]*headerCell, len(cols))
	hobjs := make([]fyne.CanvasObject, len(cols))
	for i := range cols {
		t.heads[i] = newHeaderCell(t, i)
		hobjs[i] = t.heads[i]
	}
	t.more = newMoreMarker(t)
	head := t.columns()
	head.leftOut = t.more.set
	t.header = container.New(head, append(hobjs, t.more)...)
	t.empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	t.empty.Wrapping = fyne.TextWrapWord
	t.empty.Hide()
	t.root = container.NewStack()
	t.layoutRoot()
	return t
}

// layoutRoot lays the header (after the header's tick, if the table is
// checkable) over the rows.
func (t *Table[T]) layoutRoot() {
	var head fyne.CanvasObject = t.header
	if t.checks != nil {
		head = container.NewBorder(nil, nil, t.checks.head, nil, t.header)
	}
	t.root.Objects = []fyne.CanvasObject{container.NewBorder(container.NewVBox(head, widget.NewSeparator()), nil, nil, nil,
		container.NewStack(t.list, container.NewVBox(t.empty), t.load.Spinner()))}
	t.root.Refresh()
}

// Object is the table with its header, for a screen's layout.
func (t *Table[T]) Object() fyne.CanvasObject { return t.root }

// List is the list widget under the header, for focus and tests.
func (t *Table[T]) List() *widget.List { return t.list }

// Sort is the order shown.
func (t *Table[T]) Sort() Sort { return t.sort }

// SetSort orders the table by a column's Sort key and reloads it.
func (t *Table[T]) SetSort(s Sort) {
	t.sort = s
	for _, h := range t.heads {
		h.refreshArrow()
	}
	t.Reload()
}

// Capped reports whether Total is a capped count, a lower bound the list
// grows past as it is scrolled, rather than the number of rows.
func (t *Table[T]) Capped() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.capped
}

// CountText is n, a count of this table's source, as a person reads it:
// "1,000+" when it is a capped count (domain.CappedCount).
func (t *Table[T]) CountText(n int) string { return CountText(n, t.src.AtMost) }

// Total is how many rows the list holds: the count of the source at the
// last load, or, when it was capped, as many as scrolling has found.
func (t *Table[T]) Total() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.total
}

// Row returns row i if it is loaded.
func (t *Table[T]) Row(i int) (T, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var zero T
	if i < 0 {
		return zero, false
	}
	p, ok := t.pages[i/pageSize]
	if !ok || i%pageSize >= len(p) {
		return zero, false
	}
	return p[i%pageSize], true
}

// Reload counts the rows again and reads the first page, in the background;
// call it when the filter or the book changed. See ReloadThen.
func (t *Table[T]) Reload() { t.ReloadThen(nil) }

type tableStart[T any] struct {
	n      int
	first  []T
	capped bool // n is a capped count (Source.AtMost)
}

// win is the window the table is shown in, for error dialogs.
func (t *Table[T]) win() fyne.Window {
	if a := fyne.CurrentApp(); a != nil {
		if c := a.Driver().CanvasForObject(t.root); c != nil {
			for _, w := range a.Driver().AllWindows() {
				if w.Canvas() == c {
					return w
				}
			}
		}
	}
	return nil
}

func (t *Table[T]) length() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.total
}

func (t *Table[T]) newRow() fyne.CanvasObject {
	cells := make([]fyne.CanvasObject, len(t.cols))
	for i, c := range t.cols {
		cells[i] = newCellLabel(c.Align, c.Bold)
	}
	return t.withCheck(container.New(t.columns(), cells...))
}

func (t *Table[T]) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	r, ok := t.Row(id)
	cells := t.showCheck(o, r, ok).Objects
	if !ok {
		for _, c := range cells {
			c.(*cellLabel).set("…", widget.LowImportance)
		}
		t.fetch(id / pageSize)
		return
	}
	for i, c := range t.cols {
		imp := widget.MediumImportance
		if c.Importance != nil {
			imp = c.Importance(r)
		}
		cells[i].(*cellLabel).set(c.Text(r), imp)
	}
}

// fetch reads page p in the background and refreshes the rows it fills.
func (t *Table[T]) fetch(p int) {
	t.mu.Lock()
	if t.loading[p] {
		t.mu.Unlock()
		return
	}
	t.loading[p] = true
	gen, sort := t.gen, t.sort
	var before *T
	if r, ok := t.ends[p-1]; ok {
		before = &r
	}
	t.mu.Unlock()
	background(func() {
		rows, err := t.src.page(context.Background(), sort, before, p*pageSize, pageSize)
		fyne.Do(func() {
			t.mu.Lock()
			if gen != t.gen {
				t.mu.Unlock()
				return // a reload came in between
			}
			delete(t.loading, p)
			if err == nil {
				t.pages[p] = rows
				if t.capped {
					t.grow(p, len(rows))
				}
				if len(rows) > 0 {
					t.ends[p] = rows[len(rows)-1]
				}
				// Keep a few pages around the one read, not the whole list.
				for k := range t.pages {
					if k < p-3 || k > p+3 {
						delete(t.pages, k)
					}
				}
			}
			t.mu.Unlock()
			if err != nil {
				ShowError(err, t.win())
				return
			}
			t.list.Refresh()
		})
	})
}

// grow moves the end of a capped list on once page p came back with n
// rows: a full page shows there is at least one more row than it holds
// (the one the list then shows as "…" and so reads next); a short one is
// where the list ends, and its length is then known. Called with mu held.
func (t *Table[T]) grow(p, n int) {
	if n < pageSize {
		t.total, t.capped = p*pageSize+n, false
		return
	}
	t.total = max(t.total, (p+1)*pageSize+1)
}

// ExportCSV asks where to save name.csv and writes every row of the source
// in the order shown, with exactly the columns shown.
func (t *Table[T]) ExportCSV(win fyne.Window, export domain.ExportService, name string) {
	widgets.SaveCSV(win, name, func(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
		return t.WriteCSV(export, w, f, progress)
	})
}

// WriteCSV writes what ExportCSV saves.
func (t *Table[T]) WriteCSV(export domain.ExportService, w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	header := make([]string, len(t.cols))
	for i, c := range t.cols {
		header[i] = c.Key
		if header[i] == "" {
			header[i] = strings.ToLower(strings.ReplaceAll(c.Title, " ", "_"))
		}
	}
	sort := t.sort
	// Each page after the last row of the one before: by key, so a long
	// export does not read the rows it skips again and again.
	var last *T
	page := func(offset, limit int) ([]T, error) {
		rows, err := t.src.page(context.Background(), sort, last, offset, limit)
		if len(rows) > 0 {
			last = &rows[len(rows)-1]
		}
		return rows, err
	}
	cells := func(r T) []domain.TableCell {
		out := make([]domain.TableCell, len(t.cols))
		for i, c := range t.cols {
			if c.CSV != nil {
				out[i] = c.CSV(r)
			} else {
				out[i] = domain.TextCell(c.Text(r))
			}
		}
		return out
	}
	return widgets.WriteTable(export, w, f, header, widgets.Pages(500, page, cells, progress), progress)
}

// min is the narrowest column i may be.
func (t *Table[T]) min(i int) float32 {
	if m := t.cols[i].Min; m > 0 {
		return m
	}
	return 48
}

func (t *Table[T]) currentWidths() []float32 { return t.widths }

func (t *Table[T]) mins() []float32 {
	m := make([]float32, len(t.cols))
	for i := range t.cols {
		m[i] = t.min(i)
	}
	return m
}

func (t *Table[T]) stretch() []bool {
	s := make([]bool, len(t.cols))
	for i, c := range t.cols {
		s[i] = c.Stretch
	}
	return s
}

// resize sets column i's width (never below its minimum), lays the header
// and the rows out again and remembers the widths.
func (t *Table[T]) resize(i int, w float32) {
	if w < t.min(i) {
		w = t.min(i)
	}
	t.widths[i] = w
	t.header.Refresh()
	t.list.Refresh()
}

// remember stores the widths in the app's preferences.
func (t *Table[T]) remember() {
	a := fyne.CurrentApp()
	if a == nil || t.id == "" {
		return
	}
	parts := make([]string, len(t.widths))
	for i, w := range t.widths {
		parts[i] = strconv.Itoa(int(w))
	}
	a.Preferences().SetString(t.prefKey(), strings.Join(parts, ","))
}

func (t *Table[T]) savedWidths() []float32 {
	a := fyne.CurrentApp()
	if a == nil || t.id == "" {
		return nil
	}
	var out []float32
	for _, p := range strings.Split(a.Preferences().String(t.prefKey()), ",") {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil
		}
		out = append(out, float32(n))
	}
	if len(out) != len(t.cols) {
		return nil
	}
	return out
}

func (t *Table[T]) prefKey() string { return fmt.Sprintf("table.%s.widths", t.id) }

// tapHeader sorts by column i: ascending first, then descending.
func (t *Table[T]) tapHeader(i int) {
	key := t.cols[i].Sort
	if key == "" {
		return
	}
	s := Sort{Key: key}
	if t.sort.Key == key && !t.sort.Desc {
		s.Desc = true
	}
	t.SetSort(s)
}

// arrow is the sort arrow shown after column i's title, "" when the table is
// not sorted by it.
func (t *Table[T]) arrow(i int) string {
	if t.cols[i].Sort == "" || t.sort.Key != t.cols[i].Sort {
		return ""
	}
	if t.sort.Desc {
		return " ▼"
	}
	return " ▲"
}

// table is what a header cell needs of its generic table.
type table interface {
	tapHeader(i int)
	arrow(i int) string
	resize(i int, w float32)
	remember()
	title(i int) (string, fyne.TextAlign, bool)
	width(i int) float32
	showColumn(i int)
}

func (t *Table[T]) title(i int) (string, fyne.TextAlign, bool) {
	return t.cols[i].Title, t.cols[i].Align, t.cols[i].Sort != ""
}

func (t *Table[T]) width(i int) float32 { return t.widths[i] }
