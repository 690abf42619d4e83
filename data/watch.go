package data

import (
	"sync"

	"clientbook/domain"
)

// watchers are the functions told about every committed write.
type watchers struct {
	mu   sync.Mutex
	next int
	fns  map[int]func(domain.Changes)
}

// Watch calls fn after every write that commits, with what it changed (the
// records its audit entries name), on the goroutine that wrote.
func (b *Book) Watch(fn func(domain.Changes)) (stop func()) {
	b.watch.mu.Lock()
	defer b.watch.mu.Unlock()
	if b.watch.fns == nil {
		b.watch.fns = map[int]func(domain.Changes){}
	}
	id := b.watch.next
	b.watch.next++
	b.watch.fns[id] = fn
	return func() {
		b.watch.mu.Lock()
		defer b.watch.mu.Unlock()
		delete(b.watch.fns, id)
	}
}

// announce tells the watchers what a committed write changed.
func (b *Book) announce(cs domain.Changes) {
	if len(cs) == 0 {
		return
	}
	b.watch.mu.Lock()
	fns := make([]func(domain.Changes), 0, len(b.watch.fns))
	for _, fn := range b.watch.fns {
		fns = append(fns, fn)
	}
	b.watch.mu.Unlock()
	for _, fn := range fns {
		fn(cs)
	}
}
