package kit

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
)

// Bus hands what the book announces after every write (domain.Book.Watch)
// to the screens on the UI goroutine: a screen that shows a record reloads
// when it changes, whoever changed it.
type Bus struct {
	mu   sync.Mutex
	next int
	subs map[int]func(domain.Changes)
	stop func()
}

// NewBus listens to book; Close stops it.
func NewBus(book domain.Book) *Bus {
	b := &Bus{subs: map[int]func(domain.Changes){}}
	if book != nil {
		b.stop = book.Watch(func(cs domain.Changes) { fyne.Do(func() { b.Announce(cs) }) })
	}
	return b
}

// Subscribe calls fn with every change announced until cancel is called.
func (b *Bus) Subscribe(fn func(domain.Changes)) (cancel func()) {
	b.mu.Lock()
	defer b.mu.Unlock()
	id := b.next
	b.next++
	b.subs[id] = fn
	return func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		delete(b.subs, id)
	}
}

// Announce tells every subscriber about cs; the book's writes arrive here.
func (b *Bus) Announce(cs domain.Changes) {
	b.mu.Lock()
	fns := make([]func(domain.Changes), 0, len(b.subs))
	for _, fn := range b.subs {
		fns = append(fns, fn)
	}
	b.mu.Unlock()
	for _, fn := range fns {
		fn(cs)
	}
}

// Close stops listening to the book.
func (b *Bus) Close() {
	if b.stop != nil {
		b.stop()
		b.stop = nil
	}
}

// noticeTime is how long a notice stays.
var noticeTime = 3 * time.Second

// shownNotice is the notice on show, which the next one replaces; only the
// UI goroutine touches it.
var shownNotice *widget.PopUp

// Notify shows a short, non-blocking notice at the bottom of the window —
// "Saved", "Exported 1,240 rows" — that goes away by itself, or when the
// next notice shows: the one way a screen says something went well.
//
// The notice is hidden through fyne.Do from a timer. Under RunInline (the
// tests) no timer is started: Fyne's test driver runs fyne.Do at once on
// the timer's goroutine, which would race with the test's own goroutine.
func Notify(win fyne.Window, text string) *widget.PopUp {
	if win == nil {
		return nil
	}
	if shownNotice != nil {
		shownNotice.Hide()
	}
	label := widget.NewLabelWithStyle(text, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	bg.StrokeColor = theme.Color(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	pop := widget.NewPopUp(container.NewStack(bg, container.NewPadded(label)), win.Canvas())
	size := pop.MinSize()
	cs := win.Canvas().Size()
	pop.ShowAtPosition(fyne.NewPos((cs.Width-size.Width)/2, cs.Height-size.Height-2*theme.Padding()))
	shownNotice = pop
	if !inline {
		time.AfterFunc(noticeTime, func() { fyne.Do(pop.Hide) })
	}
	return pop
}

// Watch calls fn on the UI goroutine after every write to book that
// commits, whoever wrote: how a screen keeps what it shows up to date. The
// watch ends with stop, or with the book.
func Watch(book domain.Book, fn func(domain.Changes)) (stop func()) {
	return book.Watch(func(cs domain.Changes) { fyne.Do(func() { fn(cs) }) })
}
