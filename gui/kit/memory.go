package kit

import (
	"context"
	"slices"
	"sync"
)

// Sorts orders the rows of an InMemory source: for each column's Sort key, how
// two rows compare (negative when a comes first in ascending order).
type Sorts[T any] map[string]func(a, b T) int

// InMemory is a Source over a list the book hands over whole because it is
// bounded (opportunities, contracts, targets): read once on each reload,
// sorted in memory by the column asked for (ties keep the book's order) and
// kept for the pages and the export, so what is exported is what is shown.
func InMemory[T any](read func(ctx context.Context) ([]T, error), sorts Sorts[T]) Source[T] {
	var (
		mu     sync.Mutex
		rows   []T
		sorted Sort
		held   bool
	)
	load := func(ctx context.Context, s Sort) ([]T, error) {
		got, err := read(ctx)
		if err != nil {
			return nil, err
		}
		if cmp := sorts[s.Key]; cmp != nil {
			slices.SortStableFunc(got, func(a, b T) int {
				if s.Desc {
					return cmp(b, a)
				}
				return cmp(a, b)
			})
		}
		mu.Lock()
		rows, sorted, held = got, s, true
		mu.Unlock()
		return got, nil
	}
	return Source[T]{
		Count: func(ctx context.Context, s Sort) (int, error) {
			got, err := load(ctx, s)
			return len(got), err
		},
		Page: func(ctx context.Context, s Sort, offset, limit int) ([]T, error) {
			mu.Lock()
			got, ok := rows, held && sorted == s
			mu.Unlock()
			if !ok {
				var err error
				if got, err = load(ctx, s); err != nil {
					return nil, err
				}
			}
			if offset >= len(got) {
				return nil, nil
			}
			end := min(offset+limit, len(got))
			return slices.Clone(got[offset:end]), nil
		},
	}
}

// ReloadThen is Reload, and then after(n) on the UI goroutine with the
// number of rows once the newest read is shown (not after a read that
// failed or was overtaken): for a count beside the list, its empty state, or
// to highlight again the row of the record a form shows.
func (t *Table[T]) ReloadThen(after func(n int)) {
	sort := t.sort
	Load(t.load, func(ctx context.Context) (tableStart[T], error) {
		n, err := t.src.Count(ctx, sort)
		if err != nil {
			return tableStart[T]{}, err
		}
		var first []T
		if n > 0 {
			first, err = t.src.Page(ctx, sort, 0, pageSize)
		}
		return tableStart[T]{n: n, first: first}, err
	}, func(r tableStart[T], err error) {
		if err != nil {
			ShowError(err, t.win())
			return
		}
		t.mu.Lock()
		t.gen++
		t.total, t.pages, t.loading, t.ends = r.n, map[int][]T{0: r.first}, map[int]bool{}, map[int]T{}
		if len(r.first) > 0 {
			t.ends[0] = r.first[len(r.first)-1]
		}
		t.mu.Unlock()
		t.list.UnselectAll()
		t.list.Refresh()
		if r.n == 0 && t.Empty != "" {
			t.empty.SetText(t.Empty)
			t.empty.Show()
		} else {
			t.empty.Hide()
		}
		if after != nil {
			after(r.n)
		}
	})
}

// SelectWhere highlights the first loaded row match accepts, without
// calling OnSelected (the form already shows it) and without scrolling, and
// reports whether one was found. With no match the highlight is cleared.
func (t *Table[T]) SelectWhere(match func(T) bool) bool { return t.selectWhere(match, false) }

// RevealWhere highlights the row as SelectWhere does and scrolls the list
// to it: for a record opened from elsewhere, whose row may be out of sight.
func (t *Table[T]) RevealWhere(match func(T) bool) bool { return t.selectWhere(match, true) }

func (t *Table[T]) selectWhere(match func(T) bool, scroll bool) bool {
	t.mu.Lock()
	found := -1
	for p, rows := range t.pages {
		for i, r := range rows {
			if id := p*pageSize + i; match(r) && (found < 0 || id < found) {
				found = id
			}
		}
	}
	t.mu.Unlock()
	cb := t.list.OnSelected
	t.list.OnSelected = nil
	defer func() { t.list.OnSelected = cb }()
	if found < 0 {
		t.list.UnselectAll()
		return false
	}
	at := t.list.GetScrollOffset()
	t.list.Select(found) // scrolls the row into sight
	if !scroll {
		t.list.ScrollToOffset(at)
	}
	return true
}

// CompareBool orders false before true, for a sort on a yes/no column.
func CompareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}
