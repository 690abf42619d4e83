package kit

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// columns is the layout of one line of t — its header, a row or its footer
// — so that all of them put the same column at the same place.
func (t *Table[T]) columns() *columnsLayout {
	return &columnsLayout{widths: t.currentWidths, mins: t.mins(), stretch: t.stretch(), pinned: t.pinned, n: len(t.cols)}
}

// pinned is the column the person asked to see in a narrow window, -1 for
// none. It is remembered per table.
func (t *Table[T]) pinned() int { return t.pin }

// showColumn asks for column i in a narrow window: the others are left out
// before it, and the choice is remembered for this table.
func (t *Table[T]) showColumn(i int) {
	t.pin = i
	if a := fyne.CurrentApp(); a != nil && t.id != "" {
		a.Preferences().SetString(t.pinKey(), t.cols[i].Key)
	}
	t.header.Refresh()
	t.list.Refresh()
}

func (t *Table[T]) pinKey() string { return fmt.Sprintf("table.%s.shown", t.id) }

// savedPin is the column remembered by showColumn, -1 for none.
func (t *Table[T]) savedPin() int {
	a := fyne.CurrentApp()
	if a == nil || t.id == "" {
		return -1
	}
	key := a.Preferences().String(t.pinKey())
	for i, c := range t.cols {
		if key != "" && c.Key == key {
			return i
		}
	}
	return -1
}

// LeftOut is the titles of the columns a narrow window leaves out, in
// their order.
func (t *Table[T]) LeftOut() []string { return t.more.titles() }

// moreMarker is "+N" at the right of a table's header while N columns are
// left out for lack of room: resting on it names them, a click offers to
// show one instead of others.
type moreMarker struct {
	widget.BaseWidget
	t     table
	label *widget.Label
	out   []int
	menu  *fyne.Menu
	tip   hoverTip
}

func newMoreMarker(t table) *moreMarker {
	m := &moreMarker{t: t, label: widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})}
	m.label.SizeName = theme.SizeNameCaptionText
	m.label.Importance = widget.HighImportance
	m.ExtendBaseWidget(m)
	return m
}

// set is told by the header's layout which columns it left out.
func (m *moreMarker) set(out []int) {
	m.out = out
	text := ""
	if len(out) > 0 {
		text = fmt.Sprintf("+%d", len(out))
	}
	if m.label.Text != text {
		m.label.SetText(text)
	}
}

func (m *moreMarker) titles() []string {
	var out []string
	for _, i := range m.out {
		title, _, _ := m.t.title(i)
		out = append(out, title)
	}
	return out
}

// Hint is what resting on the marker says.
func (m *moreMarker) Hint() string {
	if len(m.out) == 0 {
		return ""
	}
	return "Left out for room: " + strings.Join(m.titles(), ", ") + ". Click to choose one, or widen the window."
}

func (m *moreMarker) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(m.label) }

func (m *moreMarker) Cursor() desktop.Cursor { return desktop.PointerCursor }

// MouseIn names the columns left out.
func (m *moreMarker) MouseIn(*desktop.MouseEvent) {
	if len(m.out) > 0 {
		m.tip.show(m, m.Hint(), true)
	}
}

func (m *moreMarker) MouseMoved(*desktop.MouseEvent) {}

// MouseOut hides the names again.
func (m *moreMarker) MouseOut() { m.tip.hide() }

// Tip is the hint shown while the pointer rests on the marker, "" when none.
func (m *moreMarker) Tip() string { return m.tip.shown() }

// Tapped offers the columns left out; the one chosen is shown in place of
// others.
func (m *moreMarker) Tapped(*fyne.PointEvent) {
	if len(m.out) == 0 {
		return
	}
	cv := fyne.CurrentApp().Driver().CanvasForObject(m)
	if cv == nil {
		return
	}
	items := []*fyne.MenuItem{{Label: "Left out for room — show:", Disabled: true}}
	for _, i := range m.out {
		i := i
		title, _, _ := m.t.title(i)
		items = append(items, fyne.NewMenuItem(title, func() { m.t.showColumn(i) }))
	}
	m.menu = fyne.NewMenu("", items...)
	pop := widget.NewPopUpMenu(m.menu, cv)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(m)
	pop.ShowAtPosition(pos.AddXY(m.Size().Width-pop.MinSize().Width, m.Size().Height))
}

// Menu is the menu the last click offered, nil before one.
func (m *moreMarker) Menu() *fyne.Menu { return m.menu }
