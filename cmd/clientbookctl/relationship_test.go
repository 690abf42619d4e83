package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
)

// relationshipBook is a book with two clients, the first with a contact and
// a complete billing address.
func relationshipBook(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "b.db")
	for _, args := range [][]string{
		{"--name", "Nordlicht Logistik GmbH", "--currency", "EUR", "--contact", "Jürgen Schäfer", "--street", "Hafenstraße 1",
			"--city", "München", "--country", "Germany"},
		{"--name", "Nordlicht", "--currency", "EUR"},
	} {
		if code, out, errOut := ctl(t, append([]string{"--db", db, "clients", "add"}, args...)...); code != 0 {
			t.Fatalf("clients add: exit %d, %s%s", code, out, errOut)
		}
	}
	return db
}

func lines(out string) []string { return strings.Split(strings.TrimSpace(out), "\n") }

func TestActivitiesCommands(t *testing.T) {
	db := relationshipBook(t)
	for _, args := range [][]string{
		{"--client", "Nordlicht Logistik GmbH", "--kind", "call", "--subject", "Renewal terms", "--at", "2027-03-01 09:30",
			"--body", "Wants the Zürich warehouse included.", "--contact", "jürgen schäfer", "--next-step", "Quote by Friday"},
		{"--client", "Nordlicht Logistik GmbH", "--kind", "email", "--subject", "Quote sent", "--at", "2027-03-02 16:05"},
		{"--client", "Nordlicht", "--kind", "note", "--subject", "Small sister company", "--at", "2027-03-03 08:00"},
	} {
		code, out, errOut := ctl(t, append([]string{"--db", db, "activities", "add"}, args...)...)
		if code != 0 || !strings.HasPrefix(out, "Added ") {
			t.Fatalf("activities add %q: exit %d, %s%s", args, code, out, errOut)
		}
	}
	code, out, errOut := ctl(t, "--db", db, "activities", "list")
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, errOut)
	}
	got := lines(out)
	if len(got) != 4 || !strings.Contains(got[1], "Small sister company") || !strings.Contains(got[3], "2027-03-01 09:30") ||
		!strings.Contains(got[3], "Jürgen Schäfer") || !strings.Contains(got[3], "Quote by Friday") {
		t.Errorf("timeline, newest first:\n%s", out)
	}
	// "Nordlicht" names one client exactly, not every client it is part of.
	if _, out, _ := ctl(t, "--db", db, "activities", "list", "--client", "Nordlicht"); len(lines(out)) != 2 ||
		!strings.Contains(out, "Small sister company") {
		t.Errorf("--client Nordlicht:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "activities", "list", "--client", "Nordlicht Logistik GmbH"); len(lines(out)) != 3 {
		t.Errorf("--client Nordlicht Logistik GmbH:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "activities", "list", "--search", "zurich"); len(lines(out)) != 2 || !strings.Contains(out, "Renewal terms") {
		t.Errorf("--search zurich:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "activities", "list", "--search", "nothing like it"); len(lines(out)) != 1 {
		t.Errorf("a search finding nothing lists just the header:\n%s", out)
	}
}

func TestActivitiesAddRejectsBadInputAndChangesNothing(t *testing.T) {
	db := relationshipBook(t)
	ok := []string{"--client", "Nordlicht Logistik GmbH", "--kind", "call", "--subject", "Call"}
	with := func(flag, value string) []string {
		out := append([]string(nil), ok...)
		for i := 0; i < len(out); i += 2 {
			if out[i] == flag {
				out[i+1] = value
				return out
			}
		}
		return append(out, flag, value)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{with("--client", "Nordlicht Logistik"), 1, `--client: no client is called "Nordlicht Logistik".`},
		{[]string{"--kind", "call", "--subject", "Call"}, 2, "--client is required"},
		{with("--kind", "fax"), 1, "--kind: choose call, email, meeting, visit or note."},
		{with("--kind", ""), 1, "--kind: "},
		{with("--subject", " "), 1, "--subject: enter a subject"},
		{with("--at", "yesterday"), 2, `invalid value "yesterday" for --at`},
		{with("--at", "2027-02-30 10:00"), 2, "--at"},
		{with("--contact", "Anna Nowak"), 1, `--contact: Nordlicht Logistik GmbH has no contact named "Anna Nowak".`},
		{with("--body", strings.Repeat("x", domain.MaxTextLen+1)), 1, "--body: the text is longer"},
		{append(ok, "stray"), 2, "unexpected argument"},
	} {
		code, _, errOut := ctl(t, append([]string{"--db", db, "activities", "add"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("activities add %.80q: exit %d (want %d), stderr %q (want it to mention %q)", c.args, code, c.code, errOut, c.want)
		}
	}
	if _, out, _ := ctl(t, "--db", db, "activities", "list"); len(lines(out)) != 1 {
		t.Errorf("after only bad input the timeline lists:\n%s", out)
	}
	for _, args := range [][]string{
		{"activities", "list", "--kind", "fax"},
		{"activities", "list", "--limit", "-1"},
		{"tasks", "list", "--due-by", "31/03/2027"},
		{"contracts", "list", "--status", "paused"},
		{"billing", "run", "--as-of", "soon"},
	} {
		if code, _, errOut := ctl(t, append([]string{"--db", db}, args...)...); code != 2 || errOut == "" {
			t.Errorf("%q: exit %d, stderr %q; want a usage error", args, code, errOut)
		}
	}
	if code, _, errOut := ctl(t, "--db", db, "activities", "list", "--client", "Nobody"); code != 1 || !strings.Contains(errOut, "no client is called") {
		t.Errorf("listing an unknown client's timeline: exit %d, %q", code, errOut)
	}
}

func TestTasksCommands(t *testing.T) {
	db := relationshipBook(t)
	for _, args := range [][]string{
		{"--title", "Send the quote", "--due", "2027-03-10", "--time", "14:00", "--client", "Nordlicht Logistik GmbH"},
		{"--title", "Chase payment", "--due", "2027-03-10", "--priority", "high"},
		{"--title", "Prepare renewal", "--due", "2027-03-12"},
	} {
		if code, out, errOut := ctl(t, append([]string{"--db", db, "tasks", "add"}, args...)...); code != 0 {
			t.Fatalf("tasks add %q: exit %d, %s%s", args, code, out, errOut)
		}
	}
	_, out, _ := ctl(t, "--db", db, "tasks", "list", "--due-by", "2027-03-10")
	got := lines(out)
	if len(got) != 3 || !strings.Contains(got[1], "Chase payment") || !strings.Contains(got[2], "Send the quote") ||
		!strings.Contains(got[2], "14:00") || !strings.Contains(got[2], "Nordlicht Logistik GmbH") {
		t.Errorf("due by March 10:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "tasks", "list"); len(lines(out)) != 4 {
		t.Errorf("every open task:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "tasks", "list", "--due-by", "2027-03-09"); len(lines(out)) != 1 {
		t.Errorf("nothing due by March 9:\n%s", out)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--due", "2027-03-10"}, 1, "--title: enter what there is to do"},
		{[]string{"--title", "X"}, 1, "--due: enter the due date."},
		{[]string{"--title", "X", "--due", "2027-03-10", "--time", "25:00"}, 1, "--time: "},
		{[]string{"--title", "X", "--due", "2027-03-10", "--priority", "urgent"}, 1, "--priority: choose low, normal or high."},
		{[]string{"--title", "X", "--due", "2027-03-10", "--client", "Nobody"}, 1, "no client is called"},
		{[]string{"--title", "X", "--due", "tomorrow"}, 2, `invalid value "tomorrow" for --due`},
		{[]string{"--title", "X", "--due", "2027-03-10", "--complaint", "42"}, 1, "--complaint: choose an existing complaint."},
	} {
		code, _, errOut := ctl(t, append([]string{"--db", db, "tasks", "add"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("tasks add %q: exit %d (want %d), stderr %q (want it to mention %q)", c.args, code, c.code, errOut, c.want)
		}
	}
	if _, out, _ := ctl(t, "--db", db, "tasks", "list"); len(lines(out)) != 4 {
		t.Errorf("bad tasks were added:\n%s", out)
	}
	// A follow-up of a complaint is the complaint's client's.
	if code, _, errOut := ctl(t, "--db", db, "complaints", "add", "--client", "Nordlicht Logistik GmbH", "--subject", "Late crane"); code != 0 {
		t.Fatalf("complaints add: %s", errOut)
	}
	if code, out, errOut := ctl(t, "--db", db, "tasks", "add", "--title", "Call back about the crane", "--due", "2027-03-11",
		"--complaint", "1"); code != 0 || !strings.Contains(out, "Call back about the crane") {
		t.Fatalf("tasks add --complaint: exit %d %s%s", code, out, errOut)
	}
	if _, out, _ := ctl(t, "--db", db, "tasks", "list", "--due-by", "2027-03-11"); !strings.Contains(out, "Nordlicht Logistik GmbH") ||
		len(lines(out)) != 4 {
		t.Errorf("the complaint's task:\n%s", out)
	}
}

// addContracts stores, directly in the book, a monthly contract issued
// automatically for the client with an address and a quarterly one left as
// drafts for the other, both from January 2027.
func addContracts(t *testing.T, db string) {
	t.Helper()
	ctx := context.Background()
	book, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.Clients().FindClients(ctx, domain.ClientFilter{})
	if err != nil {
		t.Fatal(err)
	}
	value, _ := money.Parse("1200", "EUR")
	for _, r := range rows {
		k := &domain.Contract{ClientID: r.ID, Title: "Support " + r.Name, Value: value, Currency: "EUR",
			Start: domain.NewDate(2027, 1, 1), Cycle: domain.Monthly, Timing: domain.InAdvance, BillingDay: 1,
			IssueAutomatically: true,
			Lines:              []domain.ContractLine{{Description: "Support", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.RequireFromString("100.00")}}}
		if r.Name == "Nordlicht" {
			k.Cycle, k.IssueAutomatically = domain.Quarterly, false
		}
		if err := book.Contracts().CreateContract(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
}

func TestContractsListAndBillingRun(t *testing.T) {
	db := relationshipBook(t)
	addContracts(t, db)
	_, out, _ := ctl(t, "--db", db, "contracts", "list")
	got := lines(out)
	if len(got) != 3 || !strings.Contains(got[1], "Support Nordlicht ") || !strings.Contains(got[1], "quarterly") ||
		!strings.Contains(got[2], "1,200.00 EUR") || !strings.Contains(got[2], "automatic") {
		t.Fatalf("contracts list:\n%s", out)
	}

	code, out, errOut := ctl(t, "--db", db, "billing", "run", "--as-of", "2027-02-15")
	if code != 0 {
		t.Fatalf("billing run: exit %d, %s%s", code, out, errOut)
	}
	for _, want := range []string{
		"INV-2027-00001  issued", "INV-2027-00002  issued", "January 2027", "February 2027", "draft ", "Q1 2027",
		"100.00 EUR", "Made 3 invoices as of 2027-02-15: 2 issued, 1 draft.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("billing run output lacks %q:\n%s", want, out)
		}
	}
	// The second catch-up invoice's duplicate warning was accepted and is shown.
	if !strings.Contains(out, "February 2027 (warning): This may be a duplicate") {
		t.Errorf("the accepted warning is not reported:\n%s", out)
	}
	if code, out, _ := ctl(t, "--db", db, "billing", "run", "--as-of", "2027-02-15"); code != 0 || strings.TrimSpace(out) != "Nothing due as of 2027-02-15." {
		t.Errorf("second run: exit %d\n%s", code, out)
	}
	_, out, _ = ctl(t, "--db", db, "contracts", "list", "--status", "active")
	if !strings.Contains(out, "2027-02-28") || !strings.Contains(out, "2027-03-31") {
		t.Errorf("billed through not shown:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "contracts", "list", "--status", "ended"); len(lines(out)) != 1 {
		t.Errorf("no ended contracts:\n%s", out)
	}
	code, out, _ = ctl(t, "--db", db, "billing", "run", "--as-of", "2027-03-01")
	if code != 0 || !strings.Contains(out, "INV-2027-00003") || !strings.Contains(out, "Made 1 invoice as of 2027-03-01: 1 issued, 0 drafts.") {
		t.Errorf("March: exit %d\n%s", code, out)
	}
}

func TestBillingRunReportsAFailedContractAndWhatWasMade(t *testing.T) {
	db := relationshipBook(t)
	addContracts(t, db)
	if code, out, errOut := ctl(t, "--db", db, "billing", "run", "--as-of", "2027-01-01"); code != 0 {
		t.Fatalf("January: exit %d, %s%s", code, out, errOut)
	}
	// Lose the invoice counter: the next automatic issue finds INV-2027-00001 taken.
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	_, err = raw.Exec(`DELETE FROM number_counters`)
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := ctl(t, "--db", db, "billing", "run", "--as-of", "2027-04-01")
	if code != 1 || !strings.Contains(errOut, "1 of the contracts due were not billed: Support Nordlicht Logistik GmbH") ||
		!strings.Contains(errOut, "INV-2027-00001, is already taken") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "Q2 2027") || !strings.Contains(out, "Made 1 invoice as of 2027-04-01: 0 issued, 1 draft.") {
		t.Errorf("what was made is not reported:\n%s", out)
	}
}
