package main

import (
	"context"
	"strings"
	"testing"

	"clientbook/data"
	"clientbook/domain"
)

// withBook opens the book at db, runs fn on it and closes it again, so the
// command line can open it next.
func withBook(t *testing.T, db string, fn func(ctx context.Context, b *data.Book)) {
	t.Helper()
	b, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	fn(context.Background(), b)
}

func TestComplaintsCommands(t *testing.T) {
	db := relationshipBook(t)
	for _, args := range [][]string{
		{"--client", "nordlicht logistik gmbh", "--subject", "Invoice sent twice", "--opened", "2027-03-01", "--severity", "high",
			"--category", "Billing", "--department", "Accounts", "--contact", "Jürgen Schäfer"},
		{"--client", "Nordlicht Logistik GmbH", "--subject", "Pallets left in the rain", "--opened", "2027-03-05", "--severity", "critical"},
		{"--client", "Nordlicht", "--subject", "Late answer", "--opened", "2027-03-03"},
	} {
		code, out, errOut := ctl(t, append([]string{"--db", db, "complaints", "add"}, args...)...)
		if code != 0 || !strings.HasPrefix(out, "Added complaint ") {
			t.Fatalf("complaints add %q: exit %d, %s%s", args, code, out, errOut)
		}
	}
	_, out, _ := ctl(t, "--db", db, "complaints", "list")
	got := lines(out)
	if len(got) != 4 || !strings.Contains(got[1], "Pallets left in the rain") || !strings.Contains(got[1], "critical") ||
		!strings.Contains(got[2], "Late answer") || !strings.Contains(got[2], "medium") || !strings.Contains(got[3], "Billing") ||
		strings.Contains(out, "Time to resolve") {
		t.Errorf("complaints, the latest raised first:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "complaints", "list", "--client", "Nordlicht"); len(lines(out)) != 2 || !strings.Contains(out, "Late answer") {
		t.Errorf("--client Nordlicht:\n%s", out)
	}

	// Resolve the first in the book: ten days.
	withBook(t, db, func(ctx context.Context, b *data.Book) {
		ks, err := b.Complaints().FindComplaints(ctx, domain.ComplaintFilter{Status: domain.ComplaintOpen})
		if err != nil || len(ks) != 3 {
			t.Fatalf("%+v, %v", ks, err)
		}
		k := ks[2]
		k.SetStatus(domain.ComplaintResolved, domain.NewDate(2027, 3, 11))
		k.Resolution = "Cancelled the duplicate."
		if err := b.Complaints().UpdateComplaint(ctx, &k); err != nil {
			t.Fatal(err)
		}
	})
	_, out, _ = ctl(t, "--db", db, "complaints", "list", "--client", "Nordlicht Logistik GmbH")
	got = lines(out)
	if len(got) != 4 || !strings.Contains(got[2], "resolved") || !strings.Contains(got[2], "2027-03-11") ||
		!strings.HasSuffix(got[2], " 10") || got[3] != "Time to resolve: 1 complaint, 10.0 days on average, 10 days at most." {
		t.Errorf("after resolving one:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "complaints", "list", "--open"); len(lines(out)) != 4 || strings.Contains(out, "Invoice sent twice") {
		t.Errorf("--open:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "complaints", "list", "--status", "resolved", "--limit", "5"); !strings.Contains(out, "Invoice sent twice") ||
		strings.Contains(out, "Late answer") {
		t.Errorf("--status resolved:\n%s", out)
	}
}

func TestComplaintsAddRejectsBadInputAndChangesNothing(t *testing.T) {
	db := relationshipBook(t)
	ok := []string{"--client", "Nordlicht Logistik GmbH", "--subject", "Invoice sent twice", "--opened", "2027-03-01"}
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
		{[]string{"--subject", "X"}, 2, "--client is required"},
		{with("--client", "Nobody"), 1, `--client: no client is called "Nobody".`},
		{with("--subject", " "), 1, "--subject: enter a subject"},
		{with("--severity", "urgent"), 1, "--severity: choose low, medium, high or critical."},
		{with("--opened", "1 March"), 2, `invalid value "1 March" for --opened`},
		{with("--category", strings.Repeat("x", 101)), 1, "--category: the category is longer than 100 characters."},
		{append(ok, "stray"), 2, "unexpected argument"},
	} {
		code, _, errOut := ctl(t, append([]string{"--db", db, "complaints", "add"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("complaints add %.80q: exit %d (want %d), stderr %q (want it to mention %q)", c.args, code, c.code, errOut, c.want)
		}
	}
	if _, out, _ := ctl(t, "--db", db, "complaints", "list"); len(lines(out)) != 1 {
		t.Errorf("after only bad input the complaints are:\n%s", out)
	}
	for _, args := range [][]string{
		{"complaints", "list", "--status", "pending"},
		{"complaints", "list", "--limit", "-1"},
	} {
		if code, _, errOut := ctl(t, append([]string{"--db", db}, args...)...); code != 2 || errOut == "" {
			t.Errorf("%q: exit %d, stderr %q; want a usage error", args, code, errOut)
		}
	}
}

func TestOpportunitiesCommands(t *testing.T) {
	db := relationshipBook(t)
	for _, args := range [][]string{
		{"--client", "Nordlicht Logistik GmbH", "--title", "Second warehouse", "--value", "12,500.00", "--probability", "60",
			"--close", "2027-06-30", "--stage", "Proposal sent"},
		{"--client", "Nordlicht Logistik GmbH", "--title", "Customs desk", "--value", "10.01", "--probability", "33",
			"--close", "2027-05-31", "--kind", "cross-sell"},
		{"--client", "Nordlicht", "--title", "US freight", "--value", "900", "--currency", "usd", "--probability", "10",
			"--close", "2027-07-31", "--kind", "new-business"},
	} {
		code, out, errOut := ctl(t, append([]string{"--db", db, "opportunities", "add"}, args...)...)
		if code != 0 || !strings.HasPrefix(out, "Added opportunity ") {
			t.Fatalf("opportunities add %q: exit %d, %s%s", args, code, out, errOut)
		}
	}
	_, out, _ := ctl(t, "--db", db, "opportunities", "list")
	got := lines(out)
	// 60% of 12,500.00 + 33% of 10.01 = 7,500 + 3.3033.
	if len(got) != 6 || !strings.Contains(got[1], "Customs desk") || !strings.Contains(got[1], "cross-sell") ||
		!strings.Contains(got[2], "12,500.00 EUR") || !strings.Contains(got[3], "900.00 USD") ||
		got[4] != "Open in EUR: 2 worth 12,510.01 EUR, weighted 7,503.30 EUR." ||
		got[5] != "Open in USD: 1 worth 900.00 USD, weighted 90.00 USD." {
		t.Errorf("the pipeline by expected close:\n%s", out)
	}

	code, out, errOut := ctl(t, "--db", db, "opportunities", "win", "1", "--quote", "--today", "2027-04-02")
	if code != 0 || !strings.Contains(out, "Won opportunity 1 with Nordlicht Logistik GmbH: Second warehouse, 12,500.00 EUR") ||
		!strings.Contains(out, "Made quote draft:") {
		t.Fatalf("win --quote: exit %d, %s%s", code, out, errOut)
	}
	if _, out, _ := ctl(t, "--db", db, "invoices", "list", "--kind", "quote"); len(lines(out)) != 2 ||
		!strings.Contains(out, "2027-04-02") || !strings.Contains(out, "12,500.00 EUR") {
		t.Errorf("the quote the win made:\n%s", out)
	}
	if code, _, errOut := ctl(t, "--db", db, "opportunities", "lose", "2"); code != 1 || !strings.Contains(errOut, "--reason: say why it was lost") {
		t.Errorf("lose without a reason: exit %d, %q", code, errOut)
	}
	if code, out, _ := ctl(t, "--db", db, "opportunities", "lose", "2", "--reason", "Went with a cheaper broker"); code != 0 ||
		!strings.Contains(out, "Lost opportunity 2") {
		t.Errorf("lose: exit %d, %s", code, out)
	}
	_, out, _ = ctl(t, "--db", db, "opportunities", "list", "--client", "Nordlicht Logistik GmbH")
	if got := lines(out); len(got) != 3 || !strings.Contains(got[1], "lost") || !strings.Contains(got[1], "Went with a cheaper broker") ||
		!strings.Contains(got[2], "won") || !strings.Contains(got[2], "100%") || !strings.Contains(got[2], "draft:") {
		t.Errorf("after winning and losing, no open EUR pipeline:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "opportunities", "list", "--status", "open"); len(lines(out)) != 3 || !strings.Contains(out, "US freight") {
		t.Errorf("--status open:\n%s", out)
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"win", "2"}, 1, `Opportunity "Customs desk" was already lost.`},
		{[]string{"win", "1", "--quote"}, 1, `Opportunity "Second warehouse" was already won.`},
		{[]string{"win", "99"}, 1, "Opportunity 99 does not exist."},
		{[]string{"win", "second"}, 2, `"second" is not an opportunity ID`},
		{[]string{"win"}, 2, "opportunities win ID"},
		{[]string{"win", "3", "--today", "soon"}, 2, `invalid value "soon" for --today`},
		{[]string{"lose", "3", "--reason", " "}, 1, "--reason: say why"},
		{[]string{"list", "--status", "pending"}, 2, `--status "pending"`},
		{[]string{"add", "--title", "X"}, 2, "--client is required"},
		{[]string{"add", "--client", "Nordlicht", "--title", "X", "--value", "1,00,0", "--close", "2027-05-01"}, 1, "--value: "},
		{[]string{"add", "--client", "Nordlicht", "--title", "X", "--value", "100", "--close", "2027-05-01", "--probability", "120"}, 1,
			"--probability: the probability is a percent from 0 to 100."},
		{[]string{"add", "--client", "Nordlicht", "--title", "X", "--value", "100"}, 1, "--close: enter the day it should close."},
		{[]string{"add", "--client", "Nordlicht", "--title", "X", "--value", "100", "--close", "2027-05-01", "--currency", "EUX"}, 1, "--currency: "},
		{[]string{"add", "--client", "Nordlicht", "--title", "X", "--value", "100", "--close", "2027-05-01", "--kind", "referral"}, 1, "--kind: choose upsell"},
	} {
		code, _, errOut := ctl(t, append([]string{"--db", db, "opportunities"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("opportunities %q: exit %d (want %d), stderr %q (want it to mention %q)", c.args, code, c.code, errOut, c.want)
		}
	}
	if _, out, _ := ctl(t, "--db", db, "opportunities", "list"); len(lines(out)) != 5 {
		t.Errorf("bad input changed the pipeline:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "invoices", "list", "--kind", "quote"); len(lines(out)) != 2 {
		t.Errorf("bad input made quotes:\n%s", out)
	}
}

func TestTargetsCommands(t *testing.T) {
	db := relationshipBook(t)
	// March: 3,500.00 invoiced, then the 500.00 of travel credited.
	if code, out, errOut := ctl(t, "--db", db, "invoices", "draft", "--client", "Nordlicht Logistik GmbH", "--date", "2027-03-10",
		"--line", "Consulting|1|3000", "--line", "Travel|1|500", "--issue", "--accept-warnings"); code != 0 {
		t.Fatalf("invoices draft: exit %d, %s%s", code, out, errOut)
	}
	withBook(t, db, func(ctx context.Context, b *data.Book) {
		rows, err := b.Documents().FindDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice})
		if err != nil || len(rows) != 1 {
			t.Fatalf("%+v, %v", rows, err)
		}
		inv, _ := b.Documents().FindDocumentByID(ctx, rows[0].ID)
		cn, err := b.Documents().CreditNote(ctx, inv.ID, []int64{inv.Lines[1].ID})
		if err != nil {
			t.Fatal(err)
		}
		cn.IssueDate, cn.DueDate = domain.NewDate(2027, 3, 20), domain.NewDate(2027, 3, 20)
		if err := b.Documents().UpdateDraft(ctx, cn); err != nil {
			t.Fatal(err)
		}
		if _, _, err := b.Documents().Issue(ctx, cn.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
			t.Fatal(err)
		}
	})
	for _, args := range [][]string{
		{"--period", "2027-03", "--amount", "5,000", "--currency", "EUR"},
		{"--period", "2027-03", "--amount", "1000", "--client", "Nordlicht"},
		{"--period", "2027-Q1", "--amount", "12000", "--currency", "EUR"},
		{"--period", "2027-03", "--amount", "4000", "--currency", "EUR"}, // replaces the 5,000
	} {
		code, out, errOut := ctl(t, append([]string{"--db", db, "targets", "set"}, args...)...)
		if code != 0 || !strings.HasPrefix(out, "Target for ") {
			t.Fatalf("targets set %q: exit %d, %s%s", args, code, out, errOut)
		}
	}
	_, out, _ := ctl(t, "--db", db, "targets", "list")
	got := lines(out)
	// 3,500 − 500 = 3,000 of 4,000 in March and of 12,000 in Q1; nothing from Nordlicht.
	if len(got) != 4 || !strings.HasPrefix(got[1], "Q1 2027") || !strings.Contains(got[1], "the whole book") ||
		!strings.Contains(got[1], "12,000.00 EUR") || !strings.Contains(got[1], "3,000.00 EUR") || !strings.HasSuffix(got[1], "25.0%") ||
		!strings.HasPrefix(got[2], "March 2027") || !strings.Contains(got[2], "4,000.00 EUR") || !strings.HasSuffix(got[2], "75.0%") ||
		!strings.Contains(got[3], "Nordlicht ") || !strings.Contains(got[3], "0.00 EUR") || !strings.HasSuffix(got[3], "0.0%") {
		t.Errorf("targets with attainment:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "targets", "list", "--client", "Nordlicht"); len(lines(out)) != 2 {
		t.Errorf("--client Nordlicht:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "targets", "list", "--from", "2027-03", "--to", "2027-03"); len(lines(out)) != 3 || strings.Contains(out, "Q1") {
		t.Errorf("--from 2027-03 --to 2027-03:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "targets", "list", "--to", "2027-Q1"); len(lines(out)) != 4 {
		t.Errorf("--to 2027-Q1 covers March:\n%s", out)
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--amount", "100"}, 2, "--period is required"},
		{[]string{"--period", "2027-13", "--amount", "100"}, 2, "months run from 01 to 12"},
		{[]string{"--period", "March", "--amount", "100"}, 2, `invalid value "March" for --period`},
		{[]string{"--period", "2027-04"}, 1, "--amount: enter an amount."},
		{[]string{"--period", "2027-04", "--amount", "0", "--currency", "EUR"}, 1, "--amount: the target must be more than zero."},
		{[]string{"--period", "2027-04", "--amount", "100", "--currency", "EUX"}, 1, "--currency: "},
		{[]string{"--period", "2027-04", "--amount", "100", "--client", "Nobody"}, 1, `--client: no client is called "Nobody".`},
	} {
		code, _, errOut := ctl(t, append([]string{"--db", db, "targets", "set"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("targets set %q: exit %d (want %d), stderr %q (want it to mention %q)", c.args, code, c.code, errOut, c.want)
		}
	}
	if _, out, _ := ctl(t, "--db", db, "targets", "list"); len(lines(out)) != 4 {
		t.Errorf("bad targets were set:\n%s", out)
	}
}
