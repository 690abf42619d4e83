package main

import (
	"context"
	"fmt"
	"io"
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
	return runSQLiteRatios(ctx, w, b, co.Currency, rounds)
}

func printFigure(w io.Writer, name, goal string, ts []time.Duration) {
	if goal == "" {
		goal = "—"
	}
	fmt.Fprintf(w, "%-30s %s  goal %s\n", name, summary(ts), goal)
}
