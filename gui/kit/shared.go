package kit

import "sync"

// Shared is a value the UI goroutine sets and a Source reads in the
// background, such as the filter a screen's controls choose.
type Shared[T any] struct {
	mu sync.Mutex
	v  T
}

// Get returns the value last set.
func (s *Shared[T]) Get() T {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.v
}

// Set replaces the value.
func (s *Shared[T]) Set(v T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.v = v
}
