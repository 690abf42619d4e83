package kit

import "context"

// Query is a Source over a domain filter F that a screen keeps: the count
// and the pages are read with the filter as it is when they are read, the
// table's sort and page set on a copy of it.
type Query[T, F any] struct {
	// Filter is the filter as the screen shows it now (nil: F's zero value).
	Filter func() F
	Count  func(context.Context, F) (int, error)
	Find   func(context.Context, F) ([]T, error)
	// Page sets the sort and the page asked for on f.
	Page func(f *F, s Sort, offset, limit int)
	// After, when set, makes f start after row, whose page is then read by
	// key rather than by offset (see Source.After).
	After func(f *F, row T)
}

func (q Query[T, F]) filter(s Sort, offset, limit int) F {
	var f F
	if q.Filter != nil {
		f = q.Filter()
	}
	q.Page(&f, s, offset, limit)
	return f
}

// Source is the query as a table reads it.
func (q Query[T, F]) Source() Source[T] {
	src := Source[T]{
		Count: func(ctx context.Context, _ Sort) (int, error) {
			var f F
			if q.Filter != nil {
				f = q.Filter()
			}
			return q.Count(ctx, f)
		},
		Page: func(ctx context.Context, s Sort, offset, limit int) ([]T, error) {
			return q.Find(ctx, q.filter(s, offset, limit))
		},
	}
	if q.After != nil {
		src.After = func(ctx context.Context, s Sort, row T, offset, limit int) ([]T, error) {
			f := q.filter(s, offset, limit)
			q.After(&f, row)
			return q.Find(ctx, f)
		}
	}
	return src
}
