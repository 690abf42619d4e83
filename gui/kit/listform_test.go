package kit

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"clientbook/gui/guitest"
)

// nameForm edits a row's name; Save writes it back into the memory source.
type nameForm struct {
	m        *memory
	open     *row // as loaded
	name     *widget.Entry
	saves    int
	refuse   bool // Save fails, as with a field error
	describe string
}

func (f *nameForm) Object() fyne.CanvasObject { return f.name }
func (f *nameForm) Open(r row)                { f.open = &r; f.name.SetText(r.name) }
func (f *nameForm) Shows(r row) bool          { return f.open != nil && f.open.amount == r.amount }
func (f *nameForm) Dirty() bool               { return f.open != nil && f.name.Text != f.open.name }
func (f *nameForm) Revert()                   { f.Open(*f.open) }
func (f *nameForm) Describe() string          { return fmt.Sprintf("“%s”", f.open.name) }
func (f *nameForm) Save() bool {
	if f.refuse {
		return false
	}
	f.saves++
	for i := range f.m.rows {
		if f.m.rows[i].amount == f.open.amount {
			f.m.rows[i].name = f.name.Text
			f.open = &f.m.rows[i]
		}
	}
	return true
}

// newListForm shows three rows (Alpha 1, Bravo 2, Charlie 3) beside a form,
// with Alpha open.
func newListForm(t *testing.T, arrange Arrangement) (*ListForm[row], *nameForm, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	t.Cleanup(RunInline())
	m := &memory{rows: []row{{"Alpha", 1}, {"Bravo", 2}, {"Charlie", 3}}}
	tb := NewTable("people", cols, m.source())
	f := &nameForm{m: m, name: widget.NewEntry()}
	lf := NewListForm("people", nil, tb, f, Layout{Arrange: arrange, Offset: 0.4})
	w := test.NewTempWindow(t, lf.Object())
	lf.win = w
	w.Resize(fyne.NewSize(1280, 800))
	lf.Reload(nil)
	tb.List().Select(0)
	if f.name.Text != "Alpha" {
		t.Fatalf("a click on Alpha opened %q", f.name.Text)
	}
	return lf, f, w
}

// question is the text of the question showing, "" when none is.
func question(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && l.Text != "" && l.Text != "Unsaved changes" {
			return l.Text
		}
	}
	return ""
}

// highlighted is the name of the row highlighted, "" for none.
func highlighted(lf *ListForm[row]) string {
	i := lf.table.Highlighted()
	if i < 0 {
		return ""
	}
	r, ok := lf.table.Row(i)
	if !ok {
		return ""
	}
	return r.name
}

func TestSwitchingRowsWithoutEditsAsksNothing(t *testing.T) {
	lf, f, w := newListForm(t, Beside)
	lf.table.List().Select(1)
	if question(w) != "" || f.name.Text != "Bravo" || highlighted(lf) != "Bravo" {
		t.Errorf("asked %q, form %q", question(w), f.name.Text)
	}
}

func TestSwitchingRowsWithEditsAsks(t *testing.T) {
	for _, tc := range []struct {
		answer     string
		form, want string // the form after, the stored name of row 1
	}{
		{"Cancel", "Alpha renamed", "Alpha"},
		{"Discard changes", "Bravo", "Alpha"},
		{"Save", "Bravo", "Alpha renamed"},
	} {
		t.Run(tc.answer, func(t *testing.T) {
			lf, f, w := newListForm(t, Beside)
			f.name.SetText("Alpha renamed")
			lf.table.List().Select(1)
			if q := question(w); q != "Save changes to “Alpha”?" {
				t.Fatalf("asked %q", q)
			}
			if highlighted(lf) != "Alpha" || f.name.Text != "Alpha renamed" {
				t.Fatalf("while asking: %q highlighted, form %q", highlighted(lf), f.name.Text)
			}
			guitest.Answer(t, w, tc.answer)
			if f.name.Text != tc.form || f.m.rows[0].name != tc.want {
				t.Errorf("form %q, stored %q", f.name.Text, f.m.rows[0].name)
			}
			if want := map[string]string{"Cancel": "Alpha", "Discard changes": "Bravo", "Save": "Bravo"}[tc.answer]; highlighted(lf) != want {
				t.Errorf("%q highlighted, want %q", highlighted(lf), want)
			}
			if tc.answer == "Discard changes" && f.Dirty() {
				t.Error("discarded edits are still in the form")
			}
		})
	}
}

func TestCancelKeepsTheOldRowHighlighted(t *testing.T) {
	lf, f, w := newListForm(t, Beside)
	f.name.SetText("Alpha renamed")
	lf.table.List().Select(2)
	guitest.Answer(t, w, "Cancel")
	if lf.table.Highlighted() != 0 || !f.Dirty() || f.name.Text != "Alpha renamed" {
		t.Errorf("row %d highlighted, form %q", lf.table.Highlighted(), f.name.Text)
	}
	// Clicking the same other row again asks again.
	lf.table.List().Select(2)
	guitest.Answer(t, w, "Discard changes")
	if f.name.Text != "Charlie" {
		t.Errorf("form %q after discarding on the way to Charlie", f.name.Text)
	}
}

func TestSaveThatFailsStays(t *testing.T) {
	lf, f, w := newListForm(t, Beside)
	f.name.SetText("Alpha renamed")
	f.refuse = true
	lf.table.List().Select(1)
	guitest.Answer(t, w, "Save")
	if f.name.Text != "Alpha renamed" || highlighted(lf) != "Alpha" {
		t.Errorf("a refused save went on: form %q, %q highlighted", f.name.Text, highlighted(lf))
	}
}

func TestConfirmLeaveAsksTheSameQuestion(t *testing.T) {
	lf, f, w := newListForm(t, Beside)
	tab := lf.Tab(Tab{Title: "People"})
	left := 0
	tab.Leave(func() { left++ })
	if left != 1 || question(w) != "" {
		t.Fatalf("a clean form should let go at once (left %d)", left)
	}
	f.name.SetText("Alpha renamed")
	tab.Leave(func() { left++ })
	guitest.Answer(t, w, "Cancel")
	if left != 1 || f.name.Text != "Alpha renamed" {
		t.Fatalf("Cancel left (%d) or lost the edit (%q)", left, f.name.Text)
	}
	tab.Leave(func() { left++ })
	guitest.Answer(t, w, "Discard changes")
	if left != 2 || f.name.Text != "Alpha" || f.Dirty() {
		t.Errorf("Discard: left %d, form %q", left, f.name.Text)
	}
	f.name.SetText("Alpha renamed")
	if !tab.Save() || f.m.rows[0].name != "Alpha renamed" || f.Dirty() {
		t.Errorf("the tab's Save did not save: %q", f.m.rows[0].name)
	}
}

func TestEscReverts(t *testing.T) {
	lf, f, _ := newListForm(t, Beside)
	f.name.SetText("Alpha renamed")
	lf.Tab(Tab{}).Cancel() // what the window runs on Esc
	if f.name.Text != "Alpha" || f.Dirty() || highlighted(lf) != "Alpha" {
		t.Errorf("after Esc the form says %q", f.name.Text)
	}
}

func TestSwitchAsksThenShows(t *testing.T) {
	lf, f, w := newListForm(t, Beside)
	f.name.SetText("Alpha renamed")
	shown := false
	lf.Switch(func() { shown = true; f.open = &row{}; f.name.SetText("") })
	if shown {
		t.Fatal("showed a new record before asking")
	}
	guitest.Answer(t, w, "Discard changes")
	if !shown || highlighted(lf) != "" {
		t.Errorf("shown %v, %q highlighted for a new record", shown, highlighted(lf))
	}
}

func TestSplitPositionIsRemembered(t *testing.T) {
	lf, _, w := newListForm(t, Beside)
	if lf.Stacked() || lf.Offset() != 0.4 {
		t.Fatalf("stacked %v at %.2f", lf.Stacked(), lf.Offset())
	}
	lf.DragSplit(128) // 10 % of 1280 less the divider, roughly
	got := lf.Offset()
	if got < 0.49 || got > 0.51 {
		t.Fatalf("dragged to %.3f", got)
	}
	if list := lf.split.leading.Size().Width; list < 600 || list > 660 {
		t.Errorf("the list is %.0f wide after the drag", list)
	}
	again := NewListForm("people", w, lf.table, lf.form, Layout{Offset: 0.4})
	if again.Offset() != got {
		t.Errorf("a new list and form start at %.3f, not where it was left (%.3f)", again.Offset(), got)
	}
	if other := NewListForm("others", w, lf.table, lf.form, Layout{Offset: 0.4}); other.Offset() != 0.4 {
		t.Errorf("another screen's split moved too: %.3f", other.Offset())
	}
}

func TestNarrowWindowStacksTheListAboveTheForm(t *testing.T) {
	lf, _, w := newListForm(t, Beside)
	w.Resize(fyne.NewSize(900, 700))
	if !lf.Stacked() {
		t.Fatal("at 900 wide the list should be above the form")
	}
	list, form := lf.split.leading, lf.split.trailing
	if list.Size().Width < 880 || form.Position().Y <= list.Position().Y+list.Size().Height-1 {
		t.Errorf("list %v at %v, form at %v", list.Size(), list.Position(), form.Position())
	}
	// Dragging while stacked moves the stacked split only.
	before := lf.split.offset
	lf.DragSplit(70)
	if lf.split.offset != before || lf.Offset() <= 0.45 {
		t.Errorf("beside %.3f (was %.3f), stacked %.3f", lf.split.offset, before, lf.Offset())
	}
	w.Resize(fyne.NewSize(1280, 800))
	if lf.Stacked() || list.Size().Height < 700 {
		t.Errorf("wide again: stacked %v, list %v", lf.Stacked(), list.Size())
	}
	above, _, _ := newListForm(t, Above)
	if !above.Stacked() {
		t.Error("a list arranged above its form is stacked at any width")
	}
}
