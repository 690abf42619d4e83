package kit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"clientbook/domain"
)

type row struct {
	name   string
	amount int
}

// memory is a Source over a slice, counting the pages asked for.
type memory struct {
	rows  []row
	pages int
}

func (m *memory) source() Source[row] {
	return Source[row]{
		Count: func(context.Context, Sort) (int, error) { return len(m.rows), nil },
		Page: func(_ context.Context, s Sort, offset, limit int) ([]row, error) {
			m.pages++
			sorted := append([]row(nil), m.rows...)
			sort.SliceStable(sorted, func(i, j int) bool {
				less := sorted[i].name < sorted[j].name
				if s.Key == "amount" {
					less = sorted[i].amount < sorted[j].amount
				}
				if s.Desc {
					return !less
				}
				return less
			})
			if offset > len(sorted) {
				return nil, nil
			}
			end := offset + limit
			if end > len(sorted) {
				end = len(sorted)
			}
			return sorted[offset:end], nil
		},
	}
}

var cols = []Column[row]{
	{Title: "Name", Key: "name", Text: func(r row) string { return r.name }, Sort: "name", Stretch: true, Width: 200},
	{Title: "Amount", Key: "amount", Text: func(r row) string { return fmt.Sprintf("%d.00", r.amount) }, Align: fyne.TextAlignTrailing,
		Sort: "amount", Width: 100, CSV: func(r row) domain.TableCell { return domain.NumberCell(fmt.Sprintf("%d.00", r.amount)) }},
	{Title: "Note", Key: "note", Text: func(r row) string { return "plain" }, Width: 80},
}

func newTable(t *testing.T, n int) (*Table[row], *memory, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	t.Cleanup(RunInline())
	m := &memory{}
	for i := 0; i < n; i++ {
		m.rows = append(m.rows, row{name: fmt.Sprintf("Client %04d", i), amount: (i * 37) % 1000})
	}
	tb := NewTable("test", cols, m.source())
	w := test.NewTempWindow(t, tb.Object())
	w.Resize(fyne.NewSize(600, 400))
	tb.Reload()
	return tb, m, w
}

func TestTableReadsPagesNotEverything(t *testing.T) {
	tb, m, _ := newTable(t, 5000)
	if tb.Total() != 5000 || tb.List().Length() != 5000 {
		t.Fatalf("total %d, list %d", tb.Total(), tb.List().Length())
	}
	if m.pages != 1 {
		t.Errorf("%d pages read to show the top of the list, want 1", m.pages)
	}
	tb.List().ScrollTo(4321)
	if r, ok := tb.Row(4321); !ok || r.name != "Client 4321" {
		t.Errorf("row 4321 after scrolling there: %v %v", r, ok)
	}
	tb.mu.Lock()
	held := len(tb.pages)
	tb.mu.Unlock()
	if held > 7 {
		t.Errorf("%d pages held; only those around the view should be", held)
	}
}

func TestHeaderClickSortsWithArrow(t *testing.T) {
	tb, _, _ := newTable(t, 30)
	test.Tap(tb.heads[1])
	if tb.Sort() != (Sort{Key: "amount"}) || tb.heads[1].Text() != "Amount ▲" || tb.heads[0].Text() != "Name" {
		t.Fatalf("after a click on Amount: %+v %q %q", tb.Sort(), tb.heads[0].Text(), tb.heads[1].Text())
	}
	if r, _ := tb.Row(0); r.amount != 0 {
		t.Errorf("first row %+v, want the smallest amount", r)
	}
	test.Tap(tb.heads[1])
	if !tb.Sort().Desc || tb.heads[1].Text() != "Amount ▼" {
		t.Errorf("a second click sorts descending: %+v %q", tb.Sort(), tb.heads[1].Text())
	}
	if r, _ := tb.Row(0); r.amount != 999 && r.amount < 990 {
		t.Errorf("first row %+v, want the largest amount", r)
	}
	test.Tap(tb.heads[2]) // not sortable
	if !tb.Sort().Desc || tb.Sort().Key != "amount" {
		t.Errorf("a click on an unsortable header changed the order: %+v", tb.Sort())
	}
}

func TestResizeIsRememberedAndCellsShowTheirFullText(t *testing.T) {
	tb, _, w := newTable(t, 3)
	before := tb.width(0)
	tb.heads[0].handle.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: -150}})
	tb.heads[0].handle.DragEnd()
	if got := tb.width(0); got != before-150 && got != tb.min(0) {
		t.Errorf("width after dragging 150 left: %v (was %v)", got, before)
	}
	tb.heads[0].handle.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: -1000}})
	if got := tb.width(0); got != tb.min(0) {
		t.Errorf("a column dragged past its minimum is %v, want %v", got, tb.min(0))
	}
	tb.heads[0].handle.DragEnd()
	again := NewTable("test", cols, tb.src)
	if again.width(0) != tb.min(0) {
		t.Errorf("a new table of the same screen starts at %v, not the remembered %v", again.width(0), tb.min(0))
	}

	// Narrow the window until names are cut off; resting on one shows it whole.
	w.Resize(fyne.NewSize(110, 400))
	var cut *cellLabel
	for _, o := range test.LaidOutObjects(tb.List()) {
		if c, ok := o.(*cellLabel); ok && strings.HasPrefix(c.Text(), "Client") && c.CutOff() {
			cut = c
			break
		}
	}
	if cut == nil {
		t.Fatal("no cut-off name at 110 points wide")
	}
	cut.MouseIn(&desktop.MouseEvent{})
	if cut.Tip() != cut.Text() {
		t.Errorf("hovering a cut-off cell shows %q", cut.Tip())
	}
	cut.MouseOut()
	if cut.Tip() != "" {
		t.Error("the full text stays after the pointer left")
	}
}

// exportBook is the one ExportService method the table needs, writing
// plain CSV the way the book does.
type exportBook struct{ domain.ExportService }

func (exportBook) WriteTable(w io.Writer, f domain.ExportFormat, header []string, next func() ([]domain.TableCell, bool, error)) (int, error) {
	fmt.Fprintln(w, strings.Join(header, ","))
	n := 0
	for {
		cells, ok, err := next()
		if err != nil || !ok {
			return n, err
		}
		var vs []string
		for _, c := range cells {
			vs = append(vs, c.Value)
		}
		fmt.Fprintln(w, strings.Join(vs, ","))
		n++
	}
}

func TestExportWritesTheColumnsShownInTheOrderShown(t *testing.T) {
	tb, _, _ := newTable(t, 1234)
	tb.SetSort(Sort{Key: "amount", Desc: true})
	var buf bytes.Buffer
	if err := tb.WriteCSV(exportBook{}, &buf, domain.ExportFormat{}, func(int) bool { return true }); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if lines[0] != "name,amount,note" {
		t.Errorf("header %q", lines[0])
	}
	if len(lines) != 1235 {
		t.Errorf("%d rows exported, want all 1234 (not just the loaded pages)", len(lines)-1)
	}
	if first, _ := tb.Row(0); lines[1] != fmt.Sprintf("%s,%d.00,plain", first.name, first.amount) {
		t.Errorf("first exported row %q is not the first row shown %+v", lines[1], first)
	}
	stopped := 0
	err := tb.WriteCSV(exportBook{}, io.Discard, domain.ExportFormat{}, func(rows int) bool { stopped++; return stopped < 2 })
	if !errors.Is(err, domain.ErrCancelled) {
		t.Errorf("a cancelled export: %v", err)
	}
}

func TestLoaderDropsStaleAnswers(t *testing.T) {
	test.NewTempApp(t)
	l := NewLoader()
	release := make(chan struct{})
	applied := make(chan string, 2)
	readDone := make(chan struct{})
	Load(l, func(ctx context.Context) (string, error) {
		defer close(readDone)
		<-release
		return "old", ctx.Err()
	}, func(s string, err error) { applied <- s })
	Load(l, func(context.Context) (string, error) { return "new", nil }, func(s string, err error) { applied <- s })
	if got := <-applied; got != "new" {
		t.Fatalf("applied %q first", got)
	}
	close(release)
	<-readDone
	select {
	case got := <-applied:
		t.Errorf("a stale answer was applied: %q", got)
	case <-time.After(200 * time.Millisecond):
	}
}

func TestBusAnnouncesUntilCancelled(t *testing.T) {
	test.NewTempApp(t)
	b := NewBus(nil)
	var got []domain.Changes
	cancel := b.Subscribe(func(cs domain.Changes) { got = append(got, cs) })
	b.Announce(domain.Changes{{Entity: "payment", ID: 3}})
	cancel()
	b.Announce(domain.Changes{{Entity: "payment", ID: 4}})
	if len(got) != 1 || !got[0].Touched("payment", 3) {
		t.Errorf("got %+v", got)
	}
}

// TestNarrowWindowLeavesColumnsOutInsteadOfSquashingThem: when the columns
// do not fit, columns are left out from the right and the rest keep their
// width (the stretch column takes what is left); only when the first and
// stretch columns alone do not fit does the stretch column give way.
func TestNarrowWindowLeavesColumnsOutInsteadOfSquashingThem(t *testing.T) {
	l := &columnsLayout{
		widths:  func() []float32 { return []float32{50, 300, 100, 100, 100} },
		mins:    []float32{40, 120, 48, 48, 48},
		stretch: []bool{false, true, false, false, false},
	}
	pad := float32(4) // the test theme's padding
	got := l.sizes(50+300+100+100+100+4*pad+200, 5)
	if got[1] != 500 || got[2] != 100 {
		t.Errorf("wide: %v (the stretch column takes the room left)", got)
	}
	got = l.sizes(50+300+100+2*pad+60, 5)
	if got[0] != 50 || got[1] != 360-moreWidth-pad || got[2] != 100 || got[3] != 0 || got[4] != 0 {
		t.Errorf("narrow: %v (the two right-most columns left out, the name whole and given the rest, room kept for the marker)", got)
	}
	got = l.sizes(50+200+pad, 5)
	if got[0] != 50 || got[1] != 200-moreWidth-pad || got[2] != 0 {
		t.Errorf("very narrow: %v (only # and the name, the name narrowed)", got)
	}
	l.pinned = func() int { return 4 }
	got = l.sizes(50+300+100+2*pad+60, 5)
	if got[4] != 100 || got[2] != 0 || got[3] != 0 {
		t.Errorf("narrow, column 4 asked for: %v (it is shown, the others left out)", got)
	}
	got = l.sizes(50+120+100+2*pad+moreWidth+pad, 5)
	if got[4] != 100 || got[1] != 120 {
		t.Errorf("narrower, column 4 asked for: %v (the name gives way to its minimum first)", got)
	}
	got = l.sizes(50+120+pad+moreWidth+pad, 5)
	if got[4] != 0 || got[1] != 120 {
		t.Errorf("narrowest, column 4 asked for: %v (it goes when even the name at its minimum would not fit beside it)", got)
	}
}

// TestLeftOutColumnsAreNamedAndCanBeShown: a narrow window marks the header
// with "+N" naming the columns left out, and one chosen from it is shown in
// place of others and remembered for the screen.
func TestLeftOutColumnsAreNamedAndCanBeShown(t *testing.T) {
	tb, _, w := newTable(t, 3)
	if tb.more.Visible() {
		t.Error("the marker shows while every column fits")
	}
	w.Resize(fyne.NewSize(280, 400))
	if got := tb.LeftOut(); strings.Join(got, ",") != "Amount,Note" {
		t.Fatalf("left out at 280 points: %v", got)
	}
	if !tb.more.Visible() || tb.more.label.Text != "+2" {
		t.Errorf("marker: visible %v, %q", tb.more.Visible(), tb.more.label.Text)
	}
	tb.more.MouseIn(&desktop.MouseEvent{})
	if tip := tb.more.Tip(); !strings.Contains(tip, "Amount, Note") {
		t.Errorf("resting on the marker says %q", tip)
	}
	tb.more.MouseOut()

	tb.more.Tapped(&fyne.PointEvent{})
	menu := tb.more.Menu()
	if menu == nil {
		t.Fatal("a click on the marker opened no menu")
	}
	var note *fyne.MenuItem
	for _, it := range menu.Items {
		if it.Label == "Note" {
			note = it
		}
	}
	if note == nil {
		t.Fatalf("the menu does not offer Note: %v", menu.Items)
	}
	note.Action()
	if got := tb.LeftOut(); strings.Join(got, ",") != "Amount" {
		t.Errorf("after asking for Note, left out: %v", got)
	}
	var shown bool
	for _, o := range test.LaidOutObjects(tb.List()) {
		if c, ok := o.(*cellLabel); ok && c.Visible() && c.Text() == "plain" && c.Size().Width > 0 {
			shown = true
		}
	}
	if !shown {
		t.Error("the rows do not show the Note column asked for")
	}
	again := NewTable("test", cols, tb.src)
	if again.pinned() != 2 {
		t.Errorf("a new table of the same screen asks for column %d, not the remembered Note", again.pinned())
	}

	w.Resize(fyne.NewSize(600, 400))
	if tb.more.Visible() || len(tb.LeftOut()) != 0 {
		t.Errorf("wide again, still left out: %v", tb.LeftOut())
	}
}

// TestTablePagesByKey: with a source that pages by key, the page after one
// read (scrolling on) is read after that page's last row, a page far ahead
// (the scroll bar dragged) by offset once, and an export goes by key too.
func TestTablePagesByKey(t *testing.T) {
	test.NewTempApp(t)
	t.Cleanup(RunInline())
	m := &memory{}
	for i := 0; i < 5000; i++ {
		m.rows = append(m.rows, row{name: fmt.Sprintf("Client %04d", i), amount: i})
	}
	var byKey, byOffset int
	src := m.source()
	page := src.Page
	src.Page = func(ctx context.Context, s Sort, offset, limit int) ([]row, error) {
		byOffset++
		return page(ctx, s, offset, limit)
	}
	src.After = func(ctx context.Context, s Sort, after row, offset, limit int) ([]row, error) {
		byKey++
		all, _ := page(ctx, s, 0, len(m.rows))
		for i, r := range all {
			if r == after {
				return page(ctx, s, i+1, limit)
			}
		}
		return page(ctx, s, offset, limit)
	}
	tb := NewTable("test", cols, src)
	w := test.NewTempWindow(t, tb.Object())
	w.Resize(fyne.NewSize(600, 400))
	tb.Reload()
	for _, i := range []int{150, 250, 350} {
		tb.List().ScrollTo(i)
		if r, ok := tb.Row(i); !ok || r.name != fmt.Sprintf("Client %04d", i) {
			t.Fatalf("row %d: %v %v", i, r, ok)
		}
	}
	if byOffset != 1 || byKey < 3 {
		t.Errorf("scrolling on read %d pages by key and %d by offset; want 3 by key and only the first by offset", byKey, byOffset)
	}
	tb.List().ScrollTo(4321)
	if r, ok := tb.Row(4321); !ok || r.name != "Client 4321" || byOffset != 2 {
		t.Errorf("row 4321 after a jump: %v %v, %d pages by offset", r, ok, byOffset)
	}
	keyed := byKey
	tb.List().ScrollTo(4450)
	if r, ok := tb.Row(4450); !ok || r.name != "Client 4450" || byKey != keyed+1 || byOffset != 2 {
		t.Errorf("row 4450 after scrolling on from the jump: %v %v, %d more by key, %d by offset", r, ok, byKey-keyed, byOffset)
	}
	byKey, byOffset = 0, 0
	var buf bytes.Buffer
	if err := tb.WriteCSV(exportBook{}, &buf, domain.ExportFormat{}, func(int) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\n"); n != 5001 || byOffset != 1 || byKey != 10 {
		t.Errorf("export: %d lines, %d pages by offset and %d by key; want 5001, 1 and 10", n, byOffset, byKey)
	}
}

// TestCappedTableGrowsPastItsCount: a source whose count stops at AtMost+1
// (a search of a large book) shows that many rows, says "250+", and as the
// person scrolls to the end the list grows a page at a time, read by key,
// until a short page shows where it ends — every row reachable, none twice.
func TestCappedTableGrowsPastItsCount(t *testing.T) {
	test.NewTempApp(t)
	t.Cleanup(RunInline())
	m := &memory{}
	for i := 0; i < 637; i++ {
		m.rows = append(m.rows, row{name: fmt.Sprintf("Client %04d", i), amount: i})
	}
	const most = 250
	src := m.source()
	counted := 0
	src.Count = func(context.Context, Sort) (int, error) {
		counted++
		return min(len(m.rows), most+1), nil
	}
	page := src.Page
	byKey := 0
	src.After = func(ctx context.Context, s Sort, after row, offset, limit int) ([]row, error) {
		byKey++
		all, _ := page(ctx, s, 0, len(m.rows))
		for i, r := range all {
			if r == after {
				return page(ctx, s, i+1, limit)
			}
		}
		return page(ctx, s, offset, limit)
	}
	src.AtMost = most
	tb := NewTable("test", cols, src)
	w := test.NewTempWindow(t, tb.Object())
	w.Resize(fyne.NewSize(600, 400))
	var shown int
	tb.ReloadThen(func(n int) { shown = n })
	if shown != most+1 || tb.Total() != most+1 || !tb.Capped() || tb.CountText(shown) != "250+" {
		t.Fatalf("after the load: count %d, total %d, capped %v, %q; want 251, 251, true, \"250+\"", shown, tb.Total(), tb.Capped(), tb.CountText(shown))
	}
	// Scroll to the last row the list holds, again and again: each time a
	// page further on is read and the list grows, past the cap, to the end.
	for i := 0; i < 20 && tb.Capped(); i++ {
		last := tb.List().Length() - 1
		tb.List().ScrollTo(last)
		tb.List().ScrollToBottom()
	}
	if tb.Capped() || tb.Total() != len(m.rows) || tb.List().Length() != len(m.rows) {
		t.Fatalf("after scrolling to the end: capped %v, total %d, list %d; want false, %d, %d",
			tb.Capped(), tb.Total(), tb.List().Length(), len(m.rows), len(m.rows))
	}
	if r, ok := tb.Row(636); !ok || r.name != "Client 0636" {
		t.Errorf("the last row: %v %v", r, ok)
	}
	if byKey == 0 || counted != 1 {
		t.Errorf("%d pages by key, %d counts; want pages by key and one count", byKey, counted)
	}
	if got := CountText(637, most); got != "637" {
		t.Errorf("CountText(637, 250) = %q", got)
	}

	// A search that matches less than a page is not counted at all: the
	// short first page is the whole list.
	m.rows = m.rows[:42]
	counted = 0
	tb.ReloadThen(func(n int) { shown = n })
	if shown != 42 || tb.Total() != 42 || tb.Capped() || counted != 0 || tb.CountText(shown) != "42" {
		t.Errorf("42 rows: count %d, total %d, capped %v, %d counts, %q", shown, tb.Total(), tb.Capped(), counted, tb.CountText(shown))
	}
	// An exact count above the cap (a source that did not cap) is taken as it is.
	m.rows = m.rows[:0]
	for i := 0; i < 300; i++ {
		m.rows = append(m.rows, row{name: fmt.Sprintf("Client %04d", i), amount: i})
	}
	src.Count = func(context.Context, Sort) (int, error) { return len(m.rows), nil }
	tb2 := NewTable("test2", cols, src)
	test.NewTempWindow(t, tb2.Object())
	tb2.ReloadThen(func(n int) { shown = n })
	if shown != 300 || tb2.Capped() || tb2.CountText(shown) != "300" {
		t.Errorf("an exact count of 300: %d, capped %v, %q", shown, tb2.Capped(), tb2.CountText(shown))
	}
}
