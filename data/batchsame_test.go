package data

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"clientbook/domain"
	"clientbook/domain/demo"
)

// oneByOne is a book whose Batch runs its writes one by one, each in its
// own transaction: the normal write path, which a batch must write exactly as.
type oneByOne struct{ *Book }

func (o oneByOne) Batch(ctx context.Context, fn func(ctx context.Context) error) error {
	return fn(ctx)
}

// TestBatchWritesTheSameBook builds the same demo book twice with the clock
// stopped — once in batches (what clientbookctl demo does, with everything a
// batch keeps and skips) and once one write to a transaction — and compares
// every table row by row: documents, lines, seals, the audit log with its
// links and packing, the kept figures. A batch may only be faster.
func TestBatchWritesTheSameBook(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2027, 6, 15, 9, 30, 0, 123456789, time.UTC)
	opt := demo.Options{Clients: 30, Invoices: 200, Seed: 5, Today: domain.NewDate(2027, 6, 15)}
	batched, single := openTemp(t), openTemp(t)
	batched.clock = func() time.Time { return at }
	single.clock = batched.clock
	if err := demo.Fill(ctx, batched, opt); err != nil {
		t.Fatal(err)
	}
	if err := demo.Fill(ctx, oneByOne{single}, opt); err != nil {
		t.Fatal(err)
	}
	want, got := dumpBook(t, single), dumpBook(t, batched)
	if len(want) < 20 {
		t.Fatalf("only %d tables dumped", len(want))
	}
	for table, rows := range want {
		if len(rows) == 0 && table != "sqlite_stat1" {
			continue
		}
		other := got[table]
		if len(other) != len(rows) {
			t.Errorf("%s: %d rows one by one, %d in batches", table, len(rows), len(other))
			continue
		}
		for i := range rows {
			if rows[i] != other[i] {
				t.Errorf("%s differs:\none by one: %s\nin batches: %s", table, rows[i], other[i])
				break
			}
		}
	}
	for _, b := range []*Book{batched, single} {
		rep, err := b.VerifyChain(ctx)
		if err != nil || !rep.OK() {
			t.Errorf("chain: %+v, %v", rep, err)
		}
		if _, err := b.db.ExecContext(ctx, `INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')`); err != nil {
			t.Errorf("search index: %v", err)
		}
	}
}

// dumpBook is every row of every table of the book but the search index's
// own (whose segments depend on how its writes were grouped), each row as
// text, sorted; but for the times the new book's reminder levels were
// created at, which the book's creation stamps with the real time.
func dumpBook(t *testing.T, b *Book) map[string][]string {
	t.Helper()
	ctx := context.Background()
	rows, err := b.db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'documents_fts%'
		AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string][]string{}
	for _, table := range tables {
		r, err := b.db.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		var lines []string
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var sb strings.Builder
			for i, v := range vals {
				if table == "reminder_levels" && strings.HasSuffix(cols[i], "_at") {
					continue // stamped when the book was created, by the clock
				}
				fmt.Fprintf(&sb, "%s=%#v ", cols[i], v)
			}
			lines = append(lines, sb.String())
		}
		r.Close()
		slices.Sort(lines)
		out[table] = lines
	}
	return out
}
