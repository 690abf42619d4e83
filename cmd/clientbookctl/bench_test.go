package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBenchBookFigures runs the large-book bench on a demo book that the
// demo command made, and checks it printed a median/p95 line for opening
// the book and for each figure, and that the book's documents are unchanged
// (the bench only reads).
func TestBenchBookFigures(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	if code, out, errOut := ctl(t, "--db", db, "demo", "--clients", "20", "--invoices", "60", "--seed", "2"); code != 0 {
		t.Fatalf("demo: exit %d, %s%s", code, out, errOut)
	}
	code, before, _ := ctl(t, "--db", db, "invoices", "list", "--csv")
	if code != 0 || strings.Count(before, "\n") < 60 {
		t.Fatalf("invoices list: exit %d, %d lines", code, strings.Count(before, "\n"))
	}
	code, out, errOut := ctl(t, "bench", "--book", db, "--queries", "3")
	if code != 0 {
		t.Fatalf("bench --book: exit %d, %s%s", code, out, errOut)
	}
	line := regexp.MustCompile(`median +\S+ +p95 +\S+ +max +\S+ +goal \S+`)
	for _, fig := range []string{"open the book (data.Open)", "documents: count + first page", "aging, all clients",
		"today", "dashboard KPIs", "12 month-end agings", "revenue by item, 12 months"} {
		found := false
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, fig+" ") && line.MatchString(l) {
				found = true
			}
		}
		if !found {
			t.Errorf("no median/p95 line for %q in:\n%s", fig, out)
		}
	}
	if !strings.Contains(out, "invoices, figures in") {
		t.Errorf("bench does not say what book it timed:\n%s", out)
	}
	// Beside the sqlite3 CLI, measured in the same run when it is installed;
	// the test binary is not clientbookctl, so its start-up is not timed.
	if _, err := exec.LookPath("sqlite3"); err != nil {
		if !strings.Contains(out, "sqlite3 ratios: skipped") {
			t.Errorf("without sqlite3 the bench does not say it skipped the ratios:\n%s", out)
		}
	} else {
		ratio := regexp.MustCompile(`(?m)^(aging, all clients|export invoices as CSV) +\S+ +\S+ +[0-9.]+× +goal \S+$`)
		if n := len(ratio.FindAllString(out, -1)); n != 2 || !strings.Contains(out, "CLI start-up: skipped") {
			t.Errorf("%d sqlite3 ratio lines (want 2, and the start-up skipped) in:\n%s", n, out)
		}
	}
	// --search: only the two search boxes, with the slowest keystrokes.
	code, out, errOut = ctl(t, "bench", "--book", db, "--search", "--queries", "2")
	if code != 0 {
		t.Fatalf("bench --search: exit %d, %s%s", code, out, errOut)
	}
	for _, fig := range []string{"documents search, a keystroke", "clients search, a keystroke"} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(fig) + ` +median +\S+ +p95 +\S+ +max +\S+ +goal 5ms$`).MatchString(out) {
			t.Errorf("no line for %q in:\n%s", fig, out)
		}
	}
	if !regexp.MustCompile(`(?m)^  "[^"]+" +\S+ wall +\S+ processor +[0-9,]+\+? matches$`).MatchString(out) || strings.Contains(out, "aging") {
		t.Errorf("bench --search does not list the slowest keystrokes alone:\n%s", out)
	}
	if _, after, _ := ctl(t, "--db", db, "invoices", "list", "--csv"); after != before {
		t.Error("the bench changed the book's invoices")
	}
}

func TestBenchRejectsBadFlags(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"bench", "--book", filepath.Join(dir, "none.db")}, "no such book"},
		{[]string{"bench", "--book", filepath.Join(dir, "none.db"), "--invoices", "10"}, "give one of them"},
		{[]string{"bench", "--invoices", "-1"}, "--invoices must be"},
		{[]string{"bench", "--queries", "0"}, "--queries at least 1"},
		{[]string{"bench", "--search"}, "give it with --book"},
	} {
		code, _, errOut := ctl(t, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) != 0 {
		t.Errorf("a refused bench left files: %v", m)
	}
}
