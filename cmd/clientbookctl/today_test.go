package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestTodayCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	for _, args := range [][]string{
		{"clients", "add", "--name", "Kestrel Labs", "--currency", "EUR"},
		{"tasks", "add", "--title", "Chase the signature", "--due", "2027-06-12", "--client", "Kestrel Labs"},
		{"tasks", "add", "--title", "Call Ann", "--due", "2027-06-15", "--time", "10:00"},
		{"tasks", "add", "--title", "Prepare the review", "--due", "2027-06-22"},
		{"clients", "add", "--name", "Osprey Freight", "--currency", "EUR", "--street", "1 Dock Rd", "--city", "Hull", "--country", "UK"},
		{"invoices", "draft", "--client", "Osprey Freight", "--line", "Haulage|1|900", "--date", "2027-05-01", "--due", "2027-05-31",
			"--issue", "--accept-warnings"},
		{"collections", "add", "--client", "Osprey Freight", "--invoice", "INV-2027-00001", "--kind", "promise-to-pay",
			"--text", "Half by the 10th", "--date", "2027-06-02", "--promised-date", "2027-06-10", "--promised-amount", "450"},
		{"complaints", "add", "--client", "Kestrel Labs", "--subject", "Wrong VAT on the invoice", "--opened", "2027-06-01"},
		{"complaints", "add", "--client", "Osprey Freight", "--subject", "Crane broke down", "--opened", "2027-06-10",
			"--severity", "critical"},
		{"collections", "add", "--client", "Kestrel Labs", "--kind", "promise-to-pay", "--text", "Pays the account by Friday",
			"--date", "2027-06-08", "--promised-date", "2027-06-11", "--promised-amount", "250"},
	} {
		if code, out, errOut := ctl(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("%q: %s%s", args, out, errOut)
		}
	}
	code, out, errOut := ctl(t, "--db", db, "today", "--as-of", "2027-06-15")
	if code != 0 {
		t.Fatalf("today: exit %d %s", code, errOut)
	}
	for _, want := range []string{"Overdue tasks (1)", "Chase the signature", "Kestrel Labs", "Due today (1)", "2027-06-15 10:00", "Call Ann",
		"Renewals to decide (0)", "Overdue invoices (1)", "Promises to pay (1)",
		"promised 2027-06-10 (5 d late)", "450.00 EUR on INV-2027-00001", "0.00 EUR received",
		"Open complaints (2)\n  opened 2027-06-10 (5 d)   Crane broke down"} {
		if !strings.Contains(out, want) {
			t.Errorf("today lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Prepare the review") {
		t.Error("a task due next week is not for today")
	}
	if code, _, errOut := ctl(t, "--db", db, "today", "--as-of", "15/06/2027"); code != 2 || !strings.Contains(errOut, "--as-of") {
		t.Errorf("a bad date: exit %d, %q", code, errOut)
	}
}
