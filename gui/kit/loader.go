package kit

import (
	"context"
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
)

// background runs reads off the UI goroutine; RunInline makes tests run
// them in place.
var background = func(work func()) { go work() }

// spinnerDelay is how long a read may take before the spinner shows.
var spinnerDelay = 150 * time.Millisecond

// RunInline makes every Loader, Table, Go and Debouncer run on the caller's
// goroutine at once, for tests; it returns a function that restores the
// default.
func RunInline() (restore func()) {
	old, oldDelay, oldInline := background, spinnerDelay, inline
	background, spinnerDelay, inline = func(work func()) { work() }, time.Hour, true
	return func() { background, spinnerDelay, inline = old, oldDelay, oldInline }
}

// Loader reads the book off the UI goroutine for one screen or panel: a
// spinner shows in place once a read takes longer than 150 ms, an answer that
// arrives after a newer request is dropped (and the older read cancelled),
// and the newest answer is applied on the UI goroutine.
type Loader struct {
	mu      sync.Mutex
	seq     uint64
	cancel  context.CancelFunc
	spinner *widget.Activity
	box     *fyne.Container
}

// NewLoader makes a loader; put its Spinner in the screen's layout.
func NewLoader() *Loader {
	l := &Loader{spinner: widget.NewActivity()}
	l.box = container.NewCenter(l.spinner)
	l.box.Hide()
	return l
}

// Spinner is the spinner the loader shows while a read is slow; stack it
// over what is being loaded.
func (l *Loader) Spinner() fyne.CanvasObject { return l.box }

// Busy reports whether a read is under way.
func (l *Loader) Busy() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cancel != nil
}

// Drop forgets the read under way, if any: its answer will not be applied.
// Call it on the UI goroutine.
func (l *Loader) Drop() {
	l.mu.Lock()
	if l.cancel != nil {
		l.cancel()
		l.cancel = nil
	}
	l.seq++
	l.mu.Unlock()
	l.spinner.Stop()
	l.box.Hide()
}

// Load runs read in the background and then apply with its result on the UI
// goroutine, unless another Load on l started in the meantime.
func Load[R any](l *Loader, read func(ctx context.Context) (R, error), apply func(R, error)) {
	l.mu.Lock()
	if l.cancel != nil {
		l.cancel()
	}
	l.seq++
	seq := l.seq
	ctx, cancel := context.WithCancel(context.Background())
	l.cancel = cancel
	l.mu.Unlock()
	current := func() bool {
		l.mu.Lock()
		defer l.mu.Unlock()
		return l.seq == seq
	}
	timer := time.AfterFunc(spinnerDelay, func() {
		fyne.Do(func() {
			if current() && l.Busy() {
				l.spinner.Start()
				l.box.Show()
			}
		})
	})
	background(func() {
		r, err := read(ctx)
		timer.Stop()
		fyne.Do(func() {
			if !current() {
				return // a newer request is on its way
			}
			l.mu.Lock()
			l.cancel = nil
			l.mu.Unlock()
			cancel()
			l.spinner.Stop()
			l.box.Hide()
			apply(r, err)
		})
	})
}

// ShowError shows what went wrong in words a person can act on: the one way
// every screen shows an error that has no field to sit beside.
func ShowError(err error, win fyne.Window) {
	if err == nil || win == nil {
		return
	}
	dialog.ShowError(errors.New(domain.ErrorMessage(err)), win)
}

// Write runs work — a write to the book and what it reads back — off the UI
// goroutine, then done with its result on the UI goroutine. Unlike Load, a
// write is never cancelled or dropped for a newer one.
func Write[R any](work func(ctx context.Context) (R, error), done func(R, error)) {
	background(func() {
		r, err := work(context.Background())
		fyne.Do(func() { done(r, err) })
	})
}

// Queue holds the background work of Loaders, Writes, Go and Long until a
// test runs it, so that a test can look at a screen while its read or write
// is under way. Make one with Queued.
type Queue struct {
	mu   sync.Mutex
	work []func()
}

// Queued makes background work wait in the queue it returns until Run; it
// returns a function that restores the default.
func Queued() (q *Queue, restore func()) {
	q = &Queue{}
	old, oldDelay, oldInline := background, spinnerDelay, inline
	background, spinnerDelay, inline = func(work func()) {
		q.mu.Lock()
		defer q.mu.Unlock()
		q.work = append(q.work, work)
	}, time.Hour, true
	return q, func() { background, spinnerDelay, inline = old, oldDelay, oldInline }
}

// Len is how much work waits.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.work)
}

// Run runs what waits, and what that work queues in turn, until nothing
// waits; it returns how many pieces of work ran.
func (q *Queue) Run() int {
	n := 0
	for {
		q.mu.Lock()
		if len(q.work) == 0 {
			q.mu.Unlock()
			return n
		}
		w := q.work[0]
		q.work = q.work[1:]
		q.mu.Unlock()
		w()
		n++
	}
}
