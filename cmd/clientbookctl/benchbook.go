package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"clientbook/data"
	"clientbook/domain"
)

// A bookFigure is one thing a person waits for on a large book, timed by
// runBookFigures: what it is, the goal issue 14 sets for it ("" where it sets
// none) and how to do it once on the open book.
type bookFigure struct {
	name string
	goal string
	run  func(ctx context.Context, b *data.Book) error
}

// benchDay is the "today" every figure is reckoned on.
func benchDay() domain.Date { return domain.Today() }

// bookFigures are the figures of issue 14's table, each done as the screen
// that shows it does it.
func bookFigures(currency string, draft int64) []bookFigure {
	day := benchDay()
	figs := []bookFigure{
		{"documents: count + first page", "", func(ctx context.Context, b *data.Book) error {
			f := domain.DocumentFilter{AsOf: day}
			if _, err := b.Documents().CountDocuments(ctx, f); err != nil {
				return err
			}
			f.Sort, f.Desc, f.Limit = domain.SortDocsByIssueDate, true, 100
			_, err := b.Documents().FindDocuments(ctx, f)
			return err
		}},
		{"aging, all clients", "100ms", func(ctx context.Context, b *data.Book) error {
			_, err := b.Payments().Aging(ctx, day, currency, domain.DefaultAgingBuckets())
			return err
		}},
		{"today", "100ms", func(ctx context.Context, b *data.Book) error {
			_, err := domain.TodayAgenda(ctx, b, day)
			return err
		}},
		{"dashboard KPIs", "100ms", func(ctx context.Context, b *data.Book) error {
			_, err := domain.ReadKPIs(ctx, b, currency, 0, day)
			return err
		}},
		{"12 month-end agings", "100ms", func(ctx context.Context, b *data.Book) error {
			_, _, err := b.Payments().MonthEndAging(ctx, currency, domain.FirstOfMonth(day).AddMonths(-11), day, day, 0)
			return err
		}},
		{"revenue by item, 12 months", "100ms", func(ctx context.Context, b *data.Book) error {
			_, err := b.Reports().RevenueByItem(ctx, currency, domain.FirstOfMonth(day).AddMonths(-11), day, 0, 10)
			return err
		}},
		{"revenue by client, 12 months", "100ms", func(ctx context.Context, b *data.Book) error {
			_, err := b.Reports().RevenueByClient(ctx, currency, domain.FirstOfMonth(day).AddMonths(-11), day, 10)
			return err
		}},
		{"revenue by month, 12 months", "100ms", func(ctx context.Context, b *data.Book) error {
			_, err := b.Reports().RevenueByMonth(ctx, currency, domain.FirstOfMonth(day).AddMonths(-11), day, 0)
			return err
		}},
		{"days to pay (DSO) by month, 12 months", "100ms", func(ctx context.Context, b *data.Book) error {
			_, err := b.Reports().DaysToPayByMonth(ctx, currency, domain.FirstOfMonth(day).AddMonths(-11), day, 0)
			return err
		}},
		{"overdue list", "", func(ctx context.Context, b *data.Book) error {
			_, err := b.Payments().Overdue(ctx, currency, day)
			return err
		}},
	}
	if draft != 0 {
		figs = append(figs, bookFigure{"issue checks (one draft)", "50ms", func(ctx context.Context, b *data.Book) error {
			_, err := b.Documents().Verify(ctx, draft)
			return err
		}})
	}
	return figs
}

// runBookFigures times opening the book at path and then each of issue
// 14's figures, rounds times each, and prints one line per figure with its
// median, 95th percentile, worst time and goal. The book is only read.
func runBookFigures(ctx context.Context, w io.Writer, path string, rounds int) error {
	var opens []time.Duration
	for i := 0; i < rounds; i++ {
		t0 := time.Now()
		b, err := data.Open(path)
		if err != nil {
			return err
		}
		opens = append(opens, time.Since(t0))
		if err := b.Close(); err != nil {
			return err
		}
	}
	printFigure(w, "open the book (data.Open)", "500ms", opens)

	b, err := data.Open(path)
	if err != nil {
		return err
	}
	defer b.Close()
	co, err := b.Company().Company(ctx)
	if err != nil {
		return err
	}
	n, err := b.Documents().CountDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice})
	if err != nil {
		return err
	}
	drafts, err := b.Documents().FindDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice, Status: domain.DocDraft, Limit: 1})
	if err != nil {
		return err
	}
	var draft int64
	if len(drafts) > 0 {
		draft = drafts[0].ID
	}
	fmt.Fprintf(w, "book %s: %d invoices, figures in %s as of %s, %d rounds\n", path, n, co.Currency, benchDay(), rounds)
	for _, f := range bookFigures(co.Currency, draft) {
		var ts []time.Duration
		for i := 0; i < rounds; i++ {
			t0 := time.Now()
			if err := f.run(ctx, b); err != nil {
				return fmt.Errorf("bench %s: %w", f.name, err)
			}
			ts = append(ts, time.Since(t0))
		}
		printFigure(w, f.name, f.goal, ts)
	}
	if err := runListFigures(ctx, w, b, rounds); err != nil {
		return err
	}
	return runSQLiteRatios(ctx, w, b, co.Currency, rounds)
}

// runListFigures times a deep page of the Documents list read by offset and
// by key (after the row before it, as the list reads it when scrolled), and
// a keystroke in the Documents and Clients search boxes: each prefix of a few
// of the book's real document numbers and client names typed one letter at a
// time, each counted and its first page read, as the screens do.
func runListFigures(ctx context.Context, w io.Writer, b *data.Book, rounds int) error {
	docs := b.Documents()
	n, err := docs.CountDocuments(ctx, domain.DocumentFilter{})
	if err != nil {
		return err
	}
	deep := (n - 1) / 100 * 100 // the last page
	if deep > 399900 {
		deep = 399900 // page 4,000
	}
	f := domain.DocumentFilter{Sort: domain.SortDocsByIssueDate, Desc: true, Limit: 100}
	for _, p := range []struct {
		name   string
		offset int
	}{{"documents: page 1", 0}, {fmt.Sprintf("documents: page %d by offset", deep/100+1), deep}} {
		var ts []time.Duration
		for i := 0; i < rounds; i++ {
			g := f
			g.Offset = p.offset
			t0 := time.Now()
			if _, err := docs.FindDocuments(ctx, g); err != nil {
				return err
			}
			ts = append(ts, time.Since(t0))
		}
		printFigure(w, p.name, "", ts)
	}
	if deep > 0 {
		g := f
		g.Offset, g.Limit = deep-1, 1
		before, err := docs.FindDocuments(ctx, g)
		if err != nil || len(before) == 0 {
			return fmt.Errorf("bench: the row before page %d: %v", deep/100+1, err)
		}
		var ts []time.Duration
		for i := 0; i < rounds; i++ {
			g := f
			g.Offset, g.After = deep, before[0].ID
			t0 := time.Now()
			if _, err := docs.FindDocuments(ctx, g); err != nil {
				return err
			}
			ts = append(ts, time.Since(t0))
		}
		printFigure(w, fmt.Sprintf("documents: page %d by key", deep/100+1), "", ts)
	}

	return runSearchFigures(ctx, w, b, rounds, false)
}

// runSearchFigures times a keystroke in the Documents and Clients search
// boxes as the screens do it (gui/kit Table's reload): the first page of
// the matches, and only when it is full their count, capped at
// domain.SearchCountCap (1,000 — a list of more says "1,000+"). What is typed, one
// letter at a time: the numbers of the newest invoice and of one in the
// middle of the book, the names of their clients, and the serial of the
// middle one alone (the last four digits, as a person reading it off a
// paper types it). With slowest it also prints the five slowest keystrokes
// of each box (by processor time where it is measured).
func runSearchFigures(ctx context.Context, w io.Writer, b *data.Book, rounds int, slowest bool) error {
	docs := b.Documents()
	n, err := docs.CountDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice, Status: domain.DocIssued})
	if err != nil {
		return err
	}
	var typed []string
	for _, off := range []int{0, n / 2} {
		rows, err := docs.FindDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice, Status: domain.DocIssued, Offset: off, Limit: 1})
		if err != nil {
			return err
		}
		for _, r := range rows {
			typed = append(typed, r.Number, r.ClientName)
			if off > 0 && len(r.Number) > 4 {
				typed = append(typed, r.Number[len(r.Number)-4:])
			}
		}
	}
	const page, most = 100, domain.SearchCountCap
	type keystroke struct {
		prefix  string
		took    time.Duration
		cpu     time.Duration
		matches int
	}
	var docKeys, clientKeys []keystroke
	for i := 0; i < rounds; i++ {
		for _, word := range typed {
			for k := 1; k <= len([]rune(word)); k++ {
				prefix := string([]rune(word)[:k])
				df := domain.DocumentFilter{Search: prefix, Sort: domain.SortDocsByIssueDate, Desc: true, Limit: page, CountAtMost: most}
				c0, _ := cpuTime()
				t0 := time.Now()
				rows, err := docs.FindDocuments(ctx, df)
				if err != nil {
					return err
				}
				m := len(rows)
				if m == page {
					if m, err = docs.CountDocuments(ctx, df); err != nil {
						return err
					}
				}
				took := time.Since(t0)
				c1, _ := cpuTime()
				docKeys = append(docKeys, keystroke{prefix, took, c1 - c0, m})
				cf := domain.ClientFilter{Search: prefix, Limit: page, CountAtMost: most}
				c0, _ = cpuTime()
				t0 = time.Now()
				crows, err := b.Clients().FindClients(ctx, cf)
				if err != nil {
					return err
				}
				m = len(crows)
				if m == page {
					if m, err = b.Clients().CountClients(ctx, cf); err != nil {
						return err
					}
				}
				took = time.Since(t0)
				c1, _ = cpuTime()
				clientKeys = append(clientKeys, keystroke{prefix, took, c1 - c0, m})
			}
		}
	}
	fmt.Fprintf(w, "search typed: %q\n", typed)
	for _, box := range []struct {
		name string
		keys []keystroke
	}{{"documents search, a keystroke", docKeys}, {"clients search, a keystroke", clientKeys}} {
		ts := make([]time.Duration, len(box.keys))
		cpu := make([]time.Duration, len(box.keys))
		for i, k := range box.keys {
			ts[i], cpu[i] = k.took, k.cpu
		}
		printFigure(w, box.name, "5ms", ts)
		if _, ok := cpuTime(); ok {
			// The processor time of the same keystrokes (the process's, at
			// the kernel's accounting granularity): what a keystroke costs
			// when it does not wait for a core other work holds.
			fmt.Fprintf(w, "%-30s %s\n", "  the same, processor time", summary(cpu))
		}
		if slowest {
			keys := slices.Clone(box.keys)
			// Slowest by processor time where it is measured: under load
			// the slowest by wall time are those that waited for a core.
			slices.SortFunc(keys, func(a, b keystroke) int { return cmp.Or(cmp.Compare(b.cpu, a.cpu), cmp.Compare(b.took, a.took)) })
			for _, k := range keys[:min(5, len(keys))] {
				fmt.Fprintf(w, "  %-22q %8v wall %8v processor  %s matches\n", k.prefix, k.took.Round(time.Microsecond),
					k.cpu.Round(time.Microsecond), domain.CappedCount(k.matches, most))
			}
		}
	}
	return nil
}

func printFigure(w io.Writer, name, goal string, ts []time.Duration) {
	if goal == "" {
		goal = "—"
	}
	fmt.Fprintf(w, "%-30s %s  goal %s\n", name, summary(ts), goal)
}
