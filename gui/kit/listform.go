package kit

import (
	"fmt"
	"reflect"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/gui/widgets"
)

// Form is the form side of a ListForm: it shows one record of the list,
// knows whether it holds edits that are not saved, saves them and drops them.
type Form[T any] interface {
	// Object is the form's layout.
	Object() fyne.CanvasObject
	// Open shows row's record in the form, dropping what was typed.
	Open(row T)
	// Shows reports whether the form shows row's record (so its row is
	// the one highlighted).
	Shows(row T) bool
	// Dirty reports edits that are not saved.
	Dirty() bool
	// Save validates and stores the edits, showing any problem at its
	// field, and reports whether it stored them.
	Save() bool
	// Revert drops the edits, showing the record as loaded.
	Revert()
	// Describe names the record for the "save changes?" question: "the
	// opportunity “Second office”".
	Describe() string
}

// Arrangement is where a ListForm puts its form.
type Arrangement int

const (
	// Beside puts the list on the left and the form on the right; in a
	// window narrower than 1,000 points the list goes above the form.
	Beside Arrangement = iota
	// Above puts the list above the form across the whole width, for
	// tables with many columns.
	Above
)

// narrowWidth is the width below which a Beside list and form are stacked.
const narrowWidth = 1000

// ListForm is a list beside (or above) the form of the row selected — the
// one way an editing screen is built. It owns the split and remembers where
// it was dragged, the selection (a click on another row while the form has
// unsaved edits asks Save / Discard changes / Cancel, naming the record, and
// Cancel keeps the old row highlighted), the same question before leaving
// the tab, the book or the app (ConfirmLeave), Save and Esc to revert
// (Cancel), and keeps the form's row highlighted when the list is read again.
type ListForm[T any] struct {
	table  *Table[T]
	form   Form[T]
	win    fyne.Window
	split  *splitter
	guards []Guard
}

// Guard is a part of the form side beside the form itself — a tab of the
// record with typed edits of its own — that leaving the record would drop.
type Guard interface {
	Dirty() bool
	// ConfirmLeave runs next once nothing typed would be lost, asking first.
	ConfirmLeave(next func())
}

// Guard makes the list and form ask about g's unsaved edits too, after the
// form's, before another record shows or the screen is left.
func (lf *ListForm[T]) Guard(g Guard) { lf.guards = append(lf.guards, g) }

// Dirty reports whether the form or a guard holds unsaved edits.
func (lf *ListForm[T]) Dirty() bool {
	if lf.form.Dirty() {
		return true
	}
	for _, g := range lf.guards {
		if g.Dirty() {
			return true
		}
	}
	return false
}

// Layout is how a ListForm lays its two sides out.
type Layout struct {
	Arrange Arrangement
	// Offset is the list's share of the room until the person drags the
	// split (0 for half).
	Offset float64
	// List is the list side: the table with whatever sits above it
	// (filters, counts, buttons); nil for the table alone.
	List fyne.CanvasObject
	// Form is the form side: nil for the form's Object alone, or the form
	// with what sits beside it.
	Form fyne.CanvasObject
}

// NewListForm lays the list and the form out as l says, over the table
// whose rows open in form. id names the remembered split position
// ("split.<id>" in the app's preferences).
func NewListForm[T any](id string, win fyne.Window, table *Table[T], form Form[T], l Layout) *ListForm[T] {
	if l.List == nil {
		l.List = table.Object()
	}
	if l.Form == nil {
		l.Form = form.Object()
	}
	lf := &ListForm[T]{table: table, form: form, win: win}
	lf.split = newSplitter(id, l.List, l.Form, l.Arrange == Above, l.Offset)
	table.OnSelected = lf.selected
	return lf
}

// Object is the list and the form with the split between them.
func (lf *ListForm[T]) Object() fyne.CanvasObject { return lf.split }

// Table is the list side's table.
func (lf *ListForm[T]) Table() *Table[T] { return lf.table }

// selected opens a row clicked (or chosen with the keyboard), asking first
// about the form's unsaved edits; until the person decides, and if they
// cancel, the row the form shows stays highlighted.
func (lf *ListForm[T]) selected(row T) {
	if lf.form.Shows(row) {
		return
	}
	lf.Highlight()
	lf.ConfirmLeave(func() {
		lf.form.Open(row)
		lf.Highlight()
	})
}

// Highlight highlights the row of the record the form shows (none for a new
// one), without opening it again and without scrolling.
func (lf *ListForm[T]) Highlight() { lf.table.SelectWhere(lf.form.Shows) }

// Reveal highlights the form's row as Highlight does and scrolls the list
// to it, for a record opened from another screen.
func (lf *ListForm[T]) Reveal() { lf.table.RevealWhere(lf.form.Shows) }

// Reload reads the list again in the background and then, with the number
// of rows, runs after (nil for nothing) and highlights the form's row again.
// The form is left alone.
func (lf *ListForm[T]) Reload(after func(n int)) {
	lf.table.ReloadThen(func(n int) {
		if after != nil {
			after(n)
		}
		lf.Highlight()
	})
}

// Switch runs show — which puts another record in the form, such as a new
// one — once the form's unsaved edits are dealt with, and then highlights
// the row of what the form shows.
func (lf *ListForm[T]) Switch(show func()) {
	lf.ConfirmLeave(func() {
		show()
		lf.Highlight()
	})
}

// ConfirmLeave runs next at once when the form and the guards have no
// unsaved edits, and otherwise asks about the form's and then each guard's:
// Save stores them and goes on (or stays, showing the problems, when they
// cannot be stored), Discard changes reverts the form and goes on, Cancel
// stays with the edits.
func (lf *ListForm[T]) ConfirmLeave(next func()) {
	steps := []func(next func()){lf.confirmForm}
	for _, g := range lf.guards {
		steps = append(steps, g.ConfirmLeave)
	}
	var run func(i int)
	run = func(i int) {
		if i == len(steps) {
			next()
			return
		}
		steps[i](func() { run(i + 1) })
	}
	run(0)
}

// confirmForm runs next once the form's own edits are dealt with.
func (lf *ListForm[T]) confirmForm(next func()) {
	if !lf.form.Dirty() {
		next()
		return
	}
	widgets.AskSaveThen(lf.win, "Unsaved changes", fmt.Sprintf("Save changes to %s?", lf.form.Describe()),
		lf.saveThen, func() {
			if lf.form.Dirty() { // discarded
				lf.form.Revert()
			}
			next()
		})
}

// SavesThen is a Form whose save ends later, a write in the background:
// SaveThen runs done with whether the edits were stored, and reports
// whether they passed the checks and went to be stored.
type SavesThen interface {
	SaveThen(done func(ok bool)) bool
}

// saveThen saves the form and runs done with whether it stored the edits,
// once it has; a form that saves at once is asked with Save.
func (lf *ListForm[T]) saveThen(done func(ok bool)) {
	f, ok := lf.form.(SavesThen)
	if !ok {
		done(lf.Save())
		return
	}
	Then(f.SaveThen)(func(ok bool) {
		lf.Highlight()
		done(ok)
	})
}

// Save saves the form (Ctrl/Cmd+S) and reports whether it did.
func (lf *ListForm[T]) Save() bool {
	ok := lf.form.Save()
	lf.Highlight()
	return ok
}

// Cancel drops the form's unsaved edits (Esc).
func (lf *ListForm[T]) Cancel() {
	lf.form.Revert()
	lf.Highlight()
}

// Tab is t with the list and form's Save, Cancel and ConfirmLeave, for the
// window's tab list.
func (lf *ListForm[T]) Tab(t Tab) Tab {
	t.Save, t.Cancel, t.ConfirmLeave = lf.Save, lf.Cancel, lf.ConfirmLeave
	return t
}

// Offset is where the split is, as a share of the room (0 to 1) in the
// arrangement shown.
func (lf *ListForm[T]) Offset() float64 { return lf.split.current() }

// Stacked reports whether the list is shown above the form.
func (lf *ListForm[T]) Stacked() bool { return lf.split.vertical() }

// DragSplit drags the divider by d points (right or down), as a person
// does, and remembers where it ends.
func (lf *ListForm[T]) DragSplit(d float32) {
	lf.split.div.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: d, DY: d}})
	lf.split.div.DragEnd()
}

// Highlighted is the row highlighted in the list, -1 for none, for tests
// that check which row stays highlighted. Fyne's List does not tell, so it
// is read from the list's own record of its selection.
func (t *Table[T]) Highlighted() int {
	sel := reflect.ValueOf(t.list).Elem().FieldByName("selected")
	if !sel.IsValid() || sel.Kind() != reflect.Slice || sel.Len() == 0 {
		return -1
	}
	return int(sel.Index(0).Int())
}

// splitter lays the list and the form out along a draggable divider, side
// by side or stacked, and remembers the divider's position.
type splitter struct {
	widget.BaseWidget
	key               string
	leading, trailing fyne.CanvasObject
	above             bool    // always stacked
	offset            float64 // the share of the room the list takes
	narrowOffset      float64 // the same when a Beside split is stacked by a narrow window
	div               *divider
}

func newSplitter(id string, leading, trailing fyne.CanvasObject, above bool, offset float64) *splitter {
	if offset <= 0 || offset >= 1 {
		offset = 0.5
	}
	s := &splitter{key: "split." + id, leading: leading, trailing: trailing, above: above, offset: offset, narrowOffset: 0.45}
	s.offset = s.saved(s.key, s.offset)
	s.narrowOffset = s.saved(s.key+".narrow", s.narrowOffset)
	s.div = &divider{s: s}
	s.div.ExtendBaseWidget(s.div)
	s.ExtendBaseWidget(s)
	return s
}

// vertical reports whether the list is above the form at the present width.
func (s *splitter) vertical() bool {
	return s.above || (s.Size().Width > 0 && s.Size().Width < narrowWidth)
}

// current is the offset in force for the arrangement shown.
func (s *splitter) current() float64 {
	if s.vertical() && !s.above {
		return s.narrowOffset
	}
	return s.offset
}

func (s *splitter) setCurrent(o float64) {
	o = min(max(o, 0.1), 0.9)
	if s.vertical() && !s.above {
		s.narrowOffset = o
	} else {
		s.offset = o
	}
}

// remember stores the offset in force in the app's preferences.
func (s *splitter) remember() {
	a := fyne.CurrentApp()
	if a == nil || s.key == "split." {
		return
	}
	key := s.key
	if s.vertical() && !s.above {
		key += ".narrow"
	}
	a.Preferences().SetString(key, strconv.FormatFloat(s.current(), 'f', -1, 64))
}

func (s *splitter) saved(key string, def float64) float64 {
	a := fyne.CurrentApp()
	if a == nil || s.key == "split." {
		return def
	}
	o, err := strconv.ParseFloat(a.Preferences().String(key), 64)
	if err != nil || o <= 0 || o >= 1 {
		return def
	}
	return o
}

// length is the room along the split, less the divider.
func (s *splitter) length(size fyne.Size) float32 {
	if s.vertical() {
		return size.Height - dividerThickness()
	}
	return size.Width - dividerThickness()
}

func (s *splitter) CreateRenderer() fyne.WidgetRenderer { return &splitRenderer{s: s} }

type splitRenderer struct{ s *splitter }

func (r *splitRenderer) Layout(size fyne.Size) {
	s := r.s
	room := s.length(size)
	lead := room * float32(s.current())
	lmin, tmin := s.leading.MinSize(), s.trailing.MinSize()
	lm, tm := lmin.Width, tmin.Width
	if s.vertical() {
		lm, tm = lmin.Height, tmin.Height
	}
	if lead > room-tm {
		lead = room - tm
	}
	if lead < lm {
		lead = lm
	}
	lead = min(max(lead, 0), room)
	t := dividerThickness()
	if s.vertical() {
		s.leading.Move(fyne.NewPos(0, 0))
		s.leading.Resize(fyne.NewSize(size.Width, lead))
		s.div.Move(fyne.NewPos(0, lead))
		s.div.Resize(fyne.NewSize(size.Width, t))
		s.trailing.Move(fyne.NewPos(0, lead+t))
		s.trailing.Resize(fyne.NewSize(size.Width, room-lead))
		return
	}
	s.leading.Move(fyne.NewPos(0, 0))
	s.leading.Resize(fyne.NewSize(lead, size.Height))
	s.div.Move(fyne.NewPos(lead, 0))
	s.div.Resize(fyne.NewSize(t, size.Height))
	s.trailing.Move(fyne.NewPos(lead+t, 0))
	s.trailing.Resize(fyne.NewSize(room-lead, size.Height))
}

// MinSize is what the list above the form needs: a Beside split stacks in a
// narrow window, so the window can be made as narrow as the wider side.
func (r *splitRenderer) MinSize() fyne.Size {
	l, t := r.s.leading.MinSize(), r.s.trailing.MinSize()
	return fyne.NewSize(max(l.Width, t.Width), l.Height+t.Height+dividerThickness())
}

func (r *splitRenderer) Refresh() {
	r.Layout(r.s.Size())
	r.s.div.Refresh()
	canvas.Refresh(r.s)
}

func (r *splitRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.s.leading, r.s.div, r.s.trailing}
}

func (r *splitRenderer) Destroy() {}

func dividerThickness() float32 { return theme.Padding() * 2 }

// divider is the bar between the list and the form, dragged to move it.
type divider struct {
	widget.BaseWidget
	s *splitter
}

func (d *divider) Cursor() desktop.Cursor {
	if d.s.vertical() {
		return desktop.VResizeCursor
	}
	return desktop.HResizeCursor
}

// Dragged moves the divider by the distance dragged along the split.
func (d *divider) Dragged(e *fyne.DragEvent) {
	room := d.s.length(d.s.Size())
	if room <= 0 {
		return
	}
	by := e.Dragged.DX
	if d.s.vertical() {
		by = e.Dragged.DY
	}
	d.s.setCurrent(d.s.current() + float64(by/room))
	d.s.Refresh()
}

// DragEnd remembers where the divider was left.
func (d *divider) DragEnd() { d.s.remember() }

func (d *divider) CreateRenderer() fyne.WidgetRenderer {
	line := canvas.NewRectangle(theme.Color(theme.ColorNameSeparator))
	handle := canvas.NewRectangle(theme.Color(theme.ColorNameForeground))
	handle.CornerRadius = 1
	return &dividerRenderer{d: d, line: line, handle: handle}
}

type dividerRenderer struct {
	d            *divider
	line, handle *canvas.Rectangle
}

func (r *dividerRenderer) Layout(size fyne.Size) {
	grip := theme.Padding() * 4
	if r.d.s.vertical() {
		r.line.Move(fyne.NewPos(0, size.Height/2-0.5))
		r.line.Resize(fyne.NewSize(size.Width, 1))
		r.handle.Move(fyne.NewPos(size.Width/2-grip/2, size.Height/2-1))
		r.handle.Resize(fyne.NewSize(grip, 2))
		return
	}
	r.line.Move(fyne.NewPos(size.Width/2-0.5, 0))
	r.line.Resize(fyne.NewSize(1, size.Height))
	r.handle.Move(fyne.NewPos(size.Width/2-1, size.Height/2-grip/2))
	r.handle.Resize(fyne.NewSize(2, grip))
}

func (r *dividerRenderer) MinSize() fyne.Size {
	t := dividerThickness()
	return fyne.NewSize(t, t)
}

func (r *dividerRenderer) Refresh() {
	r.line.FillColor = theme.Color(theme.ColorNameSeparator)
	r.handle.FillColor = theme.Color(theme.ColorNameForeground)
	r.Layout(r.d.Size())
	r.line.Refresh()
	r.handle.Refresh()
}

func (r *dividerRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.line, r.handle}
}

func (r *dividerRenderer) Destroy() {}
