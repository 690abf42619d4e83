package kit

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// rowChecks are the ticks of the rows on screen, top first, with the text
// of each row's first cell.
func rowChecks(tb *Table[row]) map[string]*widget.Check {
	out := map[string]*widget.Check{}
	for _, o := range test.LaidOutObjects(tb.List()) {
		row, ok := o.(*fyne.Container)
		if !ok || len(row.Objects) != 2 {
			continue
		}
		var check *widget.Check
		var cells *fyne.Container
		for _, c := range row.Objects {
			switch x := c.(type) {
			case *widget.Check:
				check = x
			case *fyne.Container:
				cells = x
			}
		}
		if check != nil && cells != nil && len(cells.Objects) > 0 {
			if l, ok := cells.Objects[0].(*cellLabel); ok {
				out[l.Text()] = check
			}
		}
	}
	return out
}

// A checkable table ticks rows by key across pages: a row's tick, the
// header's tick for every row the source has (read, not just those loaded)
// and for none, and the count heard after each change.
func TestCheckableTableTicksRowsAndAll(t *testing.T) {
	test.NewTempApp(t)
	t.Cleanup(RunInline())
	m := &memory{}
	for i := 0; i < 250; i++ {
		m.rows = append(m.rows, row{name: fmt.Sprintf("Client %04d", i), amount: i})
	}
	tb := NewTable("checks", cols, m.source())
	var heard []int
	tb.Checkable(func(r row) int64 { return int64(r.amount) }, func(n int) { heard = append(heard, n) })
	w := test.NewTempWindow(t, tb.Object())
	w.Resize(fyne.NewSize(600, 400))
	tb.Reload()

	checks := rowChecks(tb)
	if checks["Client 0002"] == nil || checks["Client 0000"] == nil {
		t.Fatalf("no ticks on the rows: %v", checks)
	}
	test.Tap(checks["Client 0002"])
	test.Tap(checks["Client 0000"])
	if got := fmt.Sprint(tb.Checked()); got != "[0 2]" {
		t.Errorf("ticked %s", got)
	}
	if !tb.checks.head.Partial {
		t.Error("the header's tick does not show some rows ticked")
	}
	test.Tap(rowChecks(tb)["Client 0000"])
	if got := fmt.Sprint(tb.Checked()); got != "[2]" {
		t.Errorf("after unticking: %s", got)
	}

	test.Tap(tb.checks.head)
	if n := len(tb.Checked()); n != 250 || !tb.checks.head.Checked || tb.checks.head.Partial {
		t.Errorf("the header's tick ticked %d of 250 rows (checked %v)", n, tb.checks.head.Checked)
	}
	if !rowChecks(tb)["Client 0005"].Checked {
		t.Error("a row on screen does not show its tick")
	}
	// Sorting reloads; the ticks stay with their rows.
	tb.SetSort(Sort{Key: "amount", Desc: true})
	if n := len(tb.Checked()); n != 250 || !rowChecks(tb)["Client 0249"].Checked {
		t.Errorf("after sorting %d ticked", n)
	}
	test.Tap(tb.checks.head)
	if n := len(tb.Checked()); n != 0 || rowChecks(tb)["Client 0249"].Checked {
		t.Errorf("after unticking all: %d", n)
	}
	if got := strings.Trim(fmt.Sprint(heard), "[]"); got != "1 2 1 250 0" {
		t.Errorf("heard %s", got)
	}
}
