package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"clientbook/data"
	"clientbook/domain"
)

// sqliteAging is the aging's reading of the book in SQL, for the sqlite3 CLI:
// the invoices of the currency (?1) with something open as of the day (?2),
// through the same kept open amounts and index, by client and bucket of
// days past due. It leaves out what Clientbook adds around it (invoices paid
// after the day, unapplied credit, names), so the ratio flatters sqlite3.
const sqliteAging = `SELECT c.name, sum(CASE WHEN d.due_date = '' OR d.due_date >= '%[2]s' THEN d.open_minor ELSE 0 END),
	sum(CASE WHEN d.due_date < '%[2]s' AND d.due_date <> '' THEN d.open_minor ELSE 0 END)
	FROM documents d JOIN clients c ON c.id = d.client_id
	WHERE d.open_minor <> 0 AND d.currency = '%[1]s' AND d.open_since <= '%[2]s' GROUP BY d.client_id;`

// runSQLiteRatios times, on the book at path, three things Clientbook and the
// sqlite3 CLI both do — start up, age the receivables, write the invoices as
// CSV — each rounds times in the same run, and prints Clientbook's median, the
// CLI's and their ratio with issue 14's goal. Clientbook's aging and export
// run in this process on the open book (the CLI's include its start-up,
// about a millisecond); its start-up is this program's own --version. Without
// sqlite3 on the PATH it says so and prints nothing else.
func runSQLiteRatios(ctx context.Context, w io.Writer, b *data.Book, currency string, rounds int) error {
	cli, err := exec.LookPath("sqlite3")
	if err != nil {
		fmt.Fprintln(w, "sqlite3 ratios: skipped — the sqlite3 CLI is not on the PATH (apt-get install sqlite3)")
		return nil
	}
	day := benchDay()
	run := func(args ...string) func() error {
		return func() error {
			cmd := exec.CommandContext(ctx, args[0], args[1:]...)
			cmd.Stdout = io.Discard
			return cmd.Run()
		}
	}
	var rs []sqliteRatio
	if self, err := os.Executable(); err == nil && strings.TrimSuffix(filepath.Base(self), ".exe") == "clientbookctl" {
		rs = append(rs, sqliteRatio{"CLI start-up (--version)", "3×", run(self, "--version"), run(cli, "-version")})
	} else {
		fmt.Fprintln(w, "sqlite3 ratio of the CLI start-up: skipped — not run as clientbookctl")
	}
	rs = append(rs, sqliteRatio{"aging, all clients", "—", func() error {
		_, err := b.Payments().Aging(ctx, day, currency, domain.DefaultAgingBuckets())
		return err
	}, run(cli, "-readonly", b.Path(), fmt.Sprintf(sqliteAging, currency, day))},
		sqliteRatio{"export invoices as CSV", "1.5×", func() error {
			_, err := b.Export().Export(ctx, "invoices", io.Discard, domain.ExportFormat{}, nil)
			return err
		}, run(cli, "-readonly", "-csv", "-header", b.Path(), "SELECT * FROM documents WHERE kind = 'invoice';")})
	fmt.Fprintf(w, "%-30s %10s %10s %7s  %s\n", "vs the sqlite3 CLI", "ours", "sqlite3", "ratio", "goal")
	for _, r := range rs {
		var ours, theirs []time.Duration
		for i := 0; i < rounds; i++ {
			for _, side := range []struct {
				f  func() error
				ts *[]time.Duration
			}{{r.ours, &ours}, {r.theirs, &theirs}} {
				t0 := time.Now()
				if err := side.f(); err != nil {
					return fmt.Errorf("bench %s: %w", r.name, err)
				}
				*side.ts = append(*side.ts, time.Since(t0))
			}
		}
		o, t := median(ours), median(theirs)
		fmt.Fprintf(w, "%-30s %10v %10v %6.1f×  goal %s\n", r.name, o.Round(time.Microsecond), t.Round(time.Microsecond),
			float64(o)/float64(t), r.goal)
	}
	return nil
}

// A sqliteRatio is one thing timed in Clientbook and in the sqlite3 CLI.
type sqliteRatio struct {
	name, goal   string
	ours, theirs func() error
}

// median is the middle of ts (sorting them).
func median(ts []time.Duration) time.Duration {
	slices.Sort(ts)
	return ts[(len(ts)-1)/2]
}
