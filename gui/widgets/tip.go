package widgets

import (
	"image/color"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// TipDelay is how long the pointer rests on an object before its tooltip
// shows; tests set it to zero.
var TipDelay = 600 * time.Millisecond

// tipWidth is the widest a tooltip grows before its text wraps.
const tipWidth = 340

// Tip is a transparent layer laid over an object that shows a tooltip, a
// short text in a pop-up below it, once the pointer has rested on it for
// TipDelay; moving the pointer away hides it. Hover events are passed on to
// under, so a button keeps its hover highlight; taps are not caught, so they
// still reach what is underneath.
type Tip struct {
	widget.BaseWidget
	under desktop.Hoverable // may be nil

	mu    sync.Mutex
	text  string
	timer *time.Timer
	pop   *widget.PopUp
}

// NewTip returns a tooltip layer passing hover events on to under (nil for
// none). It shows nothing until SetText.
func NewTip(under desktop.Hoverable) *Tip {
	t := &Tip{under: under}
	t.ExtendBaseWidget(t)
	return t
}

// SetText sets the tooltip's text; "" shows none.
func (t *Tip) SetText(s string) {
	t.mu.Lock()
	t.text = s
	t.mu.Unlock()
}

// Text is the tooltip's text.
func (t *Tip) Text() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.text
}

// Showing reports whether the tooltip is shown.
func (t *Tip) Showing() bool { return t.pop != nil && t.pop.Visible() }

// MouseIn starts waiting to show the tooltip.
func (t *Tip) MouseIn(e *desktop.MouseEvent) {
	if t.under != nil {
		t.under.MouseIn(e)
	}
	t.rest()
}

// MouseMoved waits afresh: a tooltip shows once the pointer rests.
func (t *Tip) MouseMoved(e *desktop.MouseEvent) {
	if t.under != nil {
		t.under.MouseMoved(e)
	}
	t.rest()
}

// MouseOut hides the tooltip.
func (t *Tip) MouseOut() {
	if t.under != nil {
		t.under.MouseOut()
	}
	t.mu.Lock()
	if t.timer != nil {
		t.timer.Stop()
		t.timer = nil
	}
	t.mu.Unlock()
	t.hide()
}

// rest (re)starts the wait before the tooltip shows. Like the mouse events
// that call it, it runs on the UI goroutine.
func (t *Tip) rest() {
	if t.Text() == "" || t.Showing() {
		return
	}
	t.mu.Lock()
	if t.timer != nil {
		t.timer.Stop()
		t.timer = nil
	}
	delay := TipDelay
	if delay > 0 {
		t.timer = time.AfterFunc(delay, func() { fyne.Do(t.show) })
	}
	t.mu.Unlock()
	if delay <= 0 {
		t.show()
	}
}

// show pops the text up just below the layer, kept inside the window.
func (t *Tip) show() {
	text := t.Text()
	c := fyne.CurrentApp().Driver().CanvasForObject(t)
	if text == "" || c == nil || !t.Visible() {
		return
	}
	t.hide()
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	width := float32(tipWidth)
	if cw := c.Size().Width - 16; cw < width {
		width = cw
	}
	label.Resize(fyne.NewSize(width, label.MinSize().Height))
	sized := container.New(&fixedWidth{width}, label)
	t.pop = widget.NewPopUp(sized, c)
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(t).AddXY(0, t.Size().Height+4)
	size := t.pop.MinSize()
	if over := at.X + size.Width - c.Size().Width; over > 0 {
		at.X -= over
	}
	if at.Y+size.Height > c.Size().Height {
		at.Y = fyne.CurrentApp().Driver().AbsolutePositionForObject(t).Y - size.Height - 4
	}
	t.pop.ShowAtPosition(at)
}

func (t *Tip) hide() {
	if t.pop != nil {
		t.pop.Hide()
		t.pop = nil
	}
}

// CreateRenderer draws nothing: the layer only listens.
func (t *Tip) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// fixedWidth lays its one object out at a set width and the height that
// width needs, so wrapped text has a width to wrap to.
type fixedWidth struct{ width float32 }

func (l *fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.NewSize(l.width, 0)
	}
	objs[0].Resize(fyne.NewSize(l.width, objs[0].MinSize().Height))
	return fyne.NewSize(l.width, objs[0].MinSize().Height)
}

func (l *fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(fyne.NewSize(l.width, size.Height))
		o.Move(fyne.NewPos(0, 0))
	}
}
