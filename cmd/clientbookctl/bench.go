package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/demo"
)

// benchQueries are what a person types into the client search box, from one
// letter to whole words, with and without accents.
var benchQueries = []string{"a", "zu", "zür", "zurich", "müller", "logistics", "gmbh", "anna", "example", "sao paulo", "xyzzy", ""}

// runBench builds a demo book of N clients in a temporary folder and times
// what the Clients screen does on every keystroke: count the matches and read
// the first page. It prints the median, 95th percentile and worst time.
//
// With --book it instead times, on that existing book, opening it and the
// figures of issue 14 (see runBookFigures); with --invoices it builds a demo
// book of that many invoices in a temporary folder first and times the same.
func runBench(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench")
	n := fs.Int("clients", 10000, "clients in the generated book")
	rounds := fs.Int("queries", 20, "times each query (or, with --book or --invoices, each figure) is run")
	bookPath := fs.String("book", "", "time opening this existing `PATH` and the large-book figures on it (read only)")
	invoices := fs.Int("invoices", 0, "build a demo book of N invoices (and --clients clients) and time the large-book figures on it")
	searchOnly := fs.Bool("search", false, "with --book, time only the keystrokes in the search boxes, and print the slowest")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *n < 1 || *n > demo.MaxClients || *rounds < 1 {
		return usageErrorf("bench: --clients must be 1 to %d and --queries at least 1", demo.MaxClients)
	}
	if *invoices < 0 || *invoices > demo.MaxInvoices {
		return usageErrorf("bench: --invoices must be 0 to %d", demo.MaxInvoices)
	}
	if *bookPath != "" && *invoices > 0 {
		return usageErrorf("bench: --book times an existing book, --invoices builds one; give one of them")
	}
	if *bookPath != "" {
		if _, err := os.Stat(*bookPath); err != nil {
			return usageErrorf("bench: --book %s: no such book", *bookPath)
		}
		if *searchOnly {
			b, err := data.Open(*bookPath)
			if err != nil {
				return err
			}
			defer b.Close()
			return runSearchFigures(ctx, e.stdout, b, *rounds, true)
		}
		return runBookFigures(ctx, e.stdout, *bookPath, *rounds)
	}
	if *searchOnly {
		return usageErrorf("bench: --search times the search boxes of an existing book; give it with --book")
	}
	dir, err := os.MkdirTemp("", "clientbook-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	book, err := data.Open(filepath.Join(dir, "bench.db"))
	if err != nil {
		return err
	}
	defer book.Close()

	if *invoices > 0 {
		start := time.Now()
		if err := demo.Fill(ctx, book, demo.Options{Clients: *n, Invoices: *invoices, Seed: 1}); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "generated %d clients and %d invoices in %v\n", *n, *invoices, time.Since(start).Round(time.Millisecond))
		path := book.Path()
		if err := book.Close(); err != nil {
			return err
		}
		return runBookFigures(ctx, e.stdout, path, *rounds)
	}

	start := time.Now()
	if err := demo.Generate(ctx, book.Clients(), demo.Options{Clients: *n, Seed: 1}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "generated %d clients in %v\n", *n, time.Since(start).Round(time.Millisecond))

	var all []time.Duration
	for _, q := range benchQueries {
		var times []time.Duration
		matches := 0
		for i := 0; i < *rounds; i++ {
			t0 := time.Now()
			f := domain.ClientFilter{Search: q, Limit: 100}
			count, err := book.Clients().CountClients(ctx, f)
			if err != nil {
				return err
			}
			if _, err := book.Clients().FindClients(ctx, f); err != nil {
				return err
			}
			times = append(times, time.Since(t0))
			matches = count
		}
		all = append(all, times...)
		fmt.Fprintf(e.stdout, "search %-12q %6d matches  %s\n", q, matches, summary(times))
	}
	fmt.Fprintf(e.stdout, "all searches            %s\n", summary(all))
	return nil
}

func summary(ts []time.Duration) string {
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	pct := func(p int) time.Duration { return ts[(len(ts)-1)*p/100] }
	return fmt.Sprintf("median %8v  p95 %8v  max %8v", pct(50).Round(time.Microsecond), pct(95).Round(time.Microsecond), ts[len(ts)-1].Round(time.Microsecond))
}
