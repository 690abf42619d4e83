package kit

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// TypingPause is how long typing must pause before what was typed is
// looked up.
const TypingPause = 200 * time.Millisecond

// inline is set by RunInline: a Debouncer then runs at once.
var inline bool

// Go runs work off the UI goroutine (on it, in tests under RunInline); work
// hands its results to the UI with fyne.Do.
func Go(work func()) { background(work) }

// Debouncer runs a function once typing pauses for TypingPause: each
// Schedule replaces the one still waiting. The function runs on the UI
// goroutine.
type Debouncer struct {
	mu    sync.Mutex
	timer *time.Timer
}

// Schedule runs f once typing pauses, instead of whatever was waiting.
func (d *Debouncer) Schedule(f func()) {
	d.Stop()
	if inline {
		f()
		return
	}
	t := time.AfterFunc(TypingPause, func() { fyne.Do(f) })
	d.mu.Lock()
	d.timer = t
	d.mu.Unlock()
}

// Stop drops what is waiting, if anything.
func (d *Debouncer) Stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
	}
}
