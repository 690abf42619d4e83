package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// columnsLayout lays a header or a row out in the table's column widths:
// each column its width and the room left over shared by the stretch
// columns. When the window is too narrow, columns are left out from the
// right — the first column and the stretch ones (the names) stay, at their
// width — so what is shown stays readable; only when even those do not fit
// do the stretch columns give way to their minimum and then everything
// narrows, cut-off cells showing their full text on hover. A column the
// person asked to see (pinned) is left out only after every other one.
// While columns are left out, room is kept at the right for the header's
// "+N" marker that names them and lets one be brought back.
type columnsLayout struct {
	widths  func() []float32
	mins    []float32
	stretch []bool
	pinned  func() int // the column asked for, -1 for none; nil is none
	// n is the number of columns; a header holds one more object, the
	// marker, laid out in the room kept for it.
	n int
	// leftOut is told, by the header's layout, which columns it left out.
	leftOut func([]int)
}

// moreWidth is the room kept at the right of a table for the marker of
// columns left out.
const moreWidth = 40

// sizes returns each column's width, 0 for a column left out, keeping room
// for the marker whenever a column is left out.
func (l *columnsLayout) sizes(avail float32, n int) []float32 {
	out := l.fit(avail, n)
	for _, w := range out {
		if w <= 0 {
			return l.fit(avail-moreWidth-theme.Padding(), n)
		}
	}
	return out
}

// fit returns each column's width in avail, 0 for a column left out.
func (l *columnsLayout) fit(avail float32, n int) []float32 {
	pad := theme.Padding()
	out := make([]float32, n)
	copy(out, l.widths()[:n])
	shown := func() (total float32, k int) {
		for _, w := range out {
			if w > 0 {
				total += w
				k++
			}
		}
		if k > 1 {
			total += pad * float32(k-1)
		}
		return total, k
	}
	fill := func() []float32 { // the room left goes to the stretch columns
		t, _ := shown()
		extra := avail - t
		var k int
		for i := 0; i < n; i++ {
			if l.stretch[i] && out[i] > 0 {
				k++
			}
		}
		last := 0
		for i := range out {
			if out[i] > 0 {
				last = i
			}
		}
		for i := 0; i < n; i++ {
			if k == 0 && i == last {
				out[i] += extra
			} else if k > 0 && l.stretch[i] && out[i] > 0 {
				out[i] += extra / float32(k)
			}
		}
		return out
	}
	if t, _ := shown(); avail >= t {
		return fill()
	}
	pin := -1
	if l.pinned != nil {
		pin = l.pinned()
	}
	leaveOut := func(pinnedToo bool) { // from the right
		for i := n - 1; i > 0; i-- {
			if t, _ := shown(); t <= avail {
				return
			}
			if !l.stretch[i] && (pinnedToo || i != pin) {
				out[i] = 0
			}
		}
	}
	giveWay := func() { // the stretch columns narrow to their minimum
		for i := 0; i < n; i++ {
			if t, _ := shown(); t > avail && l.stretch[i] && out[i] > l.mins[i] {
				out[i] -= min(out[i]-l.mins[i], t-avail)
			}
		}
	}
	leaveOut(false)
	if t, _ := shown(); t <= avail {
		return fill()
	}
	giveWay()
	if t, _ := shown(); t > avail && pin > 0 && out[pin] > 0 {
		// Not even the column asked for fits: it goes too, and the
		// stretch columns take their room back.
		copy(out, l.widths()[:n])
		pin = -1
		leaveOut(true)
		if t, _ := shown(); t <= avail {
			return fill()
		}
		giveWay()
	}
	if t, k := shown(); t > avail {
		room := avail - pad*float32(k-1)
		scale := room / (t - pad*float32(k-1))
		if scale < 0 {
			scale = 0
		}
		for i := range out {
			out[i] *= scale
		}
	}
	return out
}

func (l *columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	n := l.n
	if n == 0 || n > len(objs) {
		n = len(objs)
	}
	ws := l.sizes(size.Width, n)
	x := float32(0)
	var out []int
	for i, o := range objs[:n] {
		if ws[i] <= 0 {
			o.Hide()
			out = append(out, i)
			continue
		}
		if !o.Visible() {
			o.Show()
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(ws[i], size.Height))
		x += ws[i] + theme.Padding()
	}
	for _, marker := range objs[n:] {
		if len(out) == 0 {
			marker.Hide()
			continue
		}
		marker.Show()
		marker.Move(fyne.NewPos(size.Width-moreWidth, 0))
		marker.Resize(fyne.NewSize(moreWidth, size.Height))
	}
	if l.leftOut != nil {
		l.leftOut(out)
	}
}

// MinSize is small in width so the window can be made narrow; the height is
// the tallest cell's.
func (l *columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		if m := o.MinSize().Height; m > h {
			h = m
		}
	}
	return fyne.NewSize(float32(len(objs))*24, h)
}

// cellLabel is one cell: a label cut with "…" when the column is too narrow,
// whose full text shows when the pointer rests on it.
type cellLabel struct {
	widget.BaseWidget
	label *widget.Label
	tip   hoverTip
}

func newCellLabel(align fyne.TextAlign, bold bool) *cellLabel {
	c := &cellLabel{label: widget.NewLabelWithStyle("", align, fyne.TextStyle{Bold: bold})}
	c.label.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
}

// hoverTip is the text a cell or marker shows just below itself while the
// pointer rests on it: the whole of a cut-off text, or a hint.
type hoverTip struct {
	pop  *widget.PopUp
	text string
}

// show shows text below o, starting at o's left edge, or ending at its
// right edge with alignRight.
func (h *hoverTip) show(o fyne.CanvasObject, text string, alignRight bool) {
	cv := fyne.CurrentApp().Driver().CanvasForObject(o)
	if cv == nil {
		return
	}
	h.hide()
	h.text = text
	h.pop = widget.NewPopUp(container.NewStack(canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground)), widget.NewLabel(text)), cv)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o).AddXY(0, o.Size().Height)
	if alignRight {
		pos = pos.AddXY(o.Size().Width-h.pop.MinSize().Width, 0)
	}
	h.pop.ShowAtPosition(pos)
}

// hide hides the text again.
func (h *hoverTip) hide() {
	if h.pop != nil {
		h.pop.Hide()
		h.pop = nil
	}
}

// shown is the text shown, "" when none is.
func (h *hoverTip) shown() string {
	if h.pop == nil || !h.pop.Visible() {
		return ""
	}
	return h.text
}

func (c *cellLabel) set(text string, imp widget.Importance) {
	if c.label.Text == text && c.label.Importance == imp {
		return
	}
	c.label.Importance = imp
	c.label.SetText(text)
}

// Text is what the cell holds.
func (c *cellLabel) Text() string { return c.label.Text }

// CutOff reports whether the cell is too narrow for its text.
func (c *cellLabel) CutOff() bool {
	full := fyne.MeasureText(c.label.Text, theme.TextSize(), c.label.TextStyle).Width + 2*theme.InnerPadding()
	return full > c.Size().Width+0.5
}

func (c *cellLabel) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.label) }

// MouseIn shows the full text of a cut-off cell just below it.
func (c *cellLabel) MouseIn(*desktop.MouseEvent) {
	if c.CutOff() {
		c.tip.show(c, c.label.Text, false)
	}
}

func (c *cellLabel) MouseMoved(*desktop.MouseEvent) {}

// MouseOut hides the full text again.
func (c *cellLabel) MouseOut() { c.tip.hide() }

// Tip is the full text shown on hover, "" when none is shown.
func (c *cellLabel) Tip() string { return c.tip.shown() }

// headerCell is a column's header: its title with the sort arrow, tapped to
// sort, and a handle on its right edge dragged to resize the column.
type headerCell struct {
	widget.BaseWidget
	t      table
	i      int
	label  *widget.Label
	handle *resizeHandle
	tip    hoverTip
}

func newHeaderCell(t table, i int) *headerCell {
	title, align, _ := t.title(i)
	h := &headerCell{t: t, i: i, label: widget.NewLabelWithStyle(title, align, fyne.TextStyle{Bold: true})}
	h.label.Truncation = fyne.TextTruncateEllipsis
	h.label.SizeName = theme.SizeNameCaptionText
	h.handle = &resizeHandle{h: h}
	h.handle.ExtendBaseWidget(h.handle)
	h.ExtendBaseWidget(h)
	return h
}

// Text is the header as shown, with its sort arrow.
func (h *headerCell) Text() string { return h.label.Text }

func (h *headerCell) refreshArrow() {
	title, _, _ := h.t.title(h.i)
	h.label.SetText(title + h.t.arrow(h.i))
}

// MouseIn shows the whole title of a header cut off by a narrow column.
func (h *headerCell) MouseIn(*desktop.MouseEvent) {
	full := fyne.MeasureText(h.label.Text, theme.CaptionTextSize(), h.label.TextStyle).Width + 2*theme.InnerPadding()
	if full <= h.label.Size().Width+0.5 {
		return
	}
	h.tip.show(h, h.label.Text, false)
}

func (h *headerCell) MouseMoved(*desktop.MouseEvent) {}

// MouseOut hides the title again.
func (h *headerCell) MouseOut() { h.tip.hide() }

// Tapped sorts the table by this column.
func (h *headerCell) Tapped(*fyne.PointEvent) { h.t.tapHeader(h.i) }

// Cursor is a pointing hand over a sortable header.
func (h *headerCell) Cursor() desktop.Cursor {
	if _, _, sortable := h.t.title(h.i); sortable {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

func (h *headerCell) CreateRenderer() fyne.WidgetRenderer {
	return &headerRenderer{h: h}
}

type headerRenderer struct{ h *headerCell }

func (r *headerRenderer) Layout(size fyne.Size) {
	const grip = 8
	r.h.label.Move(fyne.NewPos(0, 0))
	r.h.label.Resize(fyne.NewSize(size.Width-grip/2, size.Height))
	r.h.handle.Move(fyne.NewPos(size.Width-grip/2, 0))
	r.h.handle.Resize(fyne.NewSize(grip, size.Height))
}

func (r *headerRenderer) MinSize() fyne.Size {
	return fyne.NewSize(24, r.h.label.MinSize().Height)
}

func (r *headerRenderer) Refresh() { r.h.label.Refresh() }

func (r *headerRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.h.label, r.h.handle}
}

func (r *headerRenderer) Destroy() {}

// resizeHandle is the strip at a header's right edge that resizes its column.
type resizeHandle struct {
	widget.BaseWidget
	h *headerCell
}

func (r *resizeHandle) CreateRenderer() fyne.WidgetRenderer {
	line := canvas.NewRectangle(theme.Color(theme.ColorNameSeparator))
	return &handleRenderer{line: line}
}

func (r *resizeHandle) Cursor() desktop.Cursor { return desktop.HResizeCursor }

// Dragged widens or narrows the column by the distance dragged.
func (r *resizeHandle) Dragged(e *fyne.DragEvent) {
	r.h.t.resize(r.h.i, r.h.t.width(r.h.i)+e.Dragged.DX)
}

// DragEnd remembers the new widths.
func (r *resizeHandle) DragEnd() { r.h.t.remember() }

type handleRenderer struct{ line *canvas.Rectangle }

func (r *handleRenderer) Layout(size fyne.Size) {
	r.line.Move(fyne.NewPos(size.Width/2-0.5, size.Height/4))
	r.line.Resize(fyne.NewSize(1, size.Height/2))
}
func (r *handleRenderer) MinSize() fyne.Size           { return fyne.NewSize(8, 8) }
func (r *handleRenderer) Refresh()                     { r.line.FillColor = theme.Color(theme.ColorNameSeparator) }
func (r *handleRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.line} }
func (r *handleRenderer) Destroy()                     {}

// Looks maps the values a column shows to how each is coloured — a status
// to red, amber or green — so that a screen writes its colours as a table
// rather than a switch.
type Looks[K comparable] map[K]widget.Importance

// Of is how v is coloured: its importance in the table, otherwise for a
// value the table does not name.
func (l Looks[K]) Of(v K, otherwise widget.Importance) widget.Importance {
	if imp, ok := l[v]; ok {
		return imp
	}
	return otherwise
}
