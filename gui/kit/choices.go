package kit

// Choice is one option of a drop-down filter: what it says and what it
// picks.
type Choice[T comparable] struct {
	Title string
	Value T
}

// Choices are a drop-down's options, in order.
type Choices[T comparable] []Choice[T]

// Titles are what the options say, in order: the drop-down's list.
func (cs Choices[T]) Titles() []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Title
	}
	return out
}

// Index is the position of the first option that picks v, or -1.
func (cs Choices[T]) Index(v T) int {
	for i, c := range cs {
		if c.Value == v {
			return i
		}
	}
	return -1
}
