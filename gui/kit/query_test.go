package kit

import (
	"context"
	"testing"
)

type testFilter struct {
	Search        string
	Sort          string
	Desc          bool
	After         int
	Offset, Limit int
}

// A Query reads the count and pages with the filter as it is at the read,
// the table's sort and page set on a copy; with After, pages after a known
// row are read by key.
func TestQueryReadsWithTheFilterShownAndPagesByKey(t *testing.T) {
	shown := testFilter{Search: "acme"}
	var asked []testFilter
	q := Query[int, testFilter]{
		Filter: func() testFilter { return shown },
		Count: func(_ context.Context, f testFilter) (int, error) {
			asked = append(asked, f)
			return 7, nil
		},
		Find: func(_ context.Context, f testFilter) ([]int, error) {
			asked = append(asked, f)
			return []int{f.After + 1}, nil
		},
		Page: func(f *testFilter, s Sort, offset, limit int) {
			f.Sort, f.Desc, f.Offset, f.Limit = s.Key, s.Desc, offset, limit
		},
		After: func(f *testFilter, row int) { f.After = row },
	}
	src := q.Source()
	ctx := context.Background()
	if n, _ := src.Count(ctx, Sort{Key: "name"}); n != 7 || asked[0] != shown {
		t.Fatalf("count %d with %+v", n, asked[0])
	}
	shown.Search = "globex"
	src.Page(ctx, Sort{Key: "name", Desc: true}, 100, 50)
	if want := (testFilter{Search: "globex", Sort: "name", Desc: true, Offset: 100, Limit: 50}); asked[1] != want {
		t.Errorf("page read with %+v, want %+v", asked[1], want)
	}
	rows, _ := src.After(ctx, Sort{Key: "name"}, 41, 150, 50)
	if want := (testFilter{Search: "globex", Sort: "name", After: 41, Offset: 150, Limit: 50}); asked[2] != want || rows[0] != 42 {
		t.Errorf("page after row 41 read with %+v, want %+v", asked[2], want)
	}
	if shown.After != 0 || shown.Sort != "" {
		t.Error("the screen's own filter was changed")
	}
	if (Query[int, testFilter]{Page: q.Page, Find: q.Find}).Source().After != nil {
		t.Error("a query without After pages by key")
	}
}
