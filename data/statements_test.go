package data

import (
	"bytes"
	"context"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"clientbook/domain"
)

// statementBook is the client of the statement tests with this history in
// EUR, February and March 2027 being the period looked at:
//
//	2027-01-10  invoice A 1,000.00 (due 2027-02-09)                owes 1,000.00
//	2027-01-20  payment 200.00 on A                                owes   800.00  ← opening on 2027-02-01
//	2027-02-05  invoice B 500.00 (due 2027-03-07)                  owes 1,300.00
//	2027-02-15  payment 300.00 on A (A still has 500.00 open)      owes 1,000.00
//	2027-02-20  invoice C 250.00: licence 150.00 + support 100.00  owes 1,250.00
//	2027-02-25  invoice V 99.00, then voided: not on the statement
//	2027-03-10  credit note on C's support line, 100.00            owes 1,150.00
//	2027-03-10  payment 1,300.00: A 500, B 500, C 150, 150 over    owes  −150.00  ← closing on 2027-03-31
//	2027-04-02  payment 50.00, after the period
//	2027-04-05  invoice E 100.00, paid from the March overpayment once issued
//
// Another client's invoice in February must not show up either.
type statementBook struct {
	b                    *Book
	c                    *domain.Client
	a, bInv, cInv, e     *domain.Document
	cn                   *domain.Document
	partial, overpayment *domain.Payment
}

func newStatementBook(t *testing.T) statementBook {
	t.Helper()
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	pays := b.Payments()
	s := statementBook{b: b, c: c}
	s.a = issueInvoice(t, b, c, "2027-01-10", "2027-02-09", "Consulting|1000.00")
	if err := pays.CreatePayment(ctx, newPayment(c, "2027-01-20", "200.00", allocTo(s.a, "200.00"))); err != nil {
		t.Fatal(err)
	}
	s.bInv = issueInvoice(t, b, c, "2027-02-05", "2027-03-07", "Workshop|500.00")
	s.partial = newPayment(c, "2027-02-15", "300.00", allocTo(s.a, "300.00"))
	if err := pays.CreatePayment(ctx, s.partial); err != nil {
		t.Fatal(err)
	}
	s.cInv = issueInvoice(t, b, c, "2027-02-20", "2027-03-22", "Licence|150.00", "Support|100.00")
	void := issueInvoice(t, b, c, "2027-02-25", "2027-03-27", "Mistake|99.00")
	if err := b.Documents().Void(ctx, void.ID, "typed twice"); err != nil {
		t.Fatal(err)
	}
	other := newClient("Someone Else AG", "Bonn")
	if err := b.Clients().CreateClient(ctx, other); err != nil {
		t.Fatal(err)
	}
	issueInvoice(t, b, other, "2027-02-10", "2027-03-12", "Not ours|777.00")
	s.cn = issueCredit(t, b, s.cInv, "2027-03-10", 1)
	s.overpayment = newPayment(c, "2027-03-10", "1300.00", allocTo(s.a, "500.00"), allocTo(s.bInv, "500.00"), allocTo(s.cInv, "150.00"))
	if err := pays.CreatePayment(ctx, s.overpayment); err != nil {
		t.Fatal(err)
	}
	if err := pays.CreatePayment(ctx, newPayment(c, "2027-04-02", "50.00")); err != nil {
		t.Fatal(err)
	}
	s.e = issueInvoice(t, b, c, "2027-04-05", "2027-05-05", "Extra|100.00")
	allocs := append(s.overpayment.Allocations, allocTo(s.e, "100.00"))
	if err := pays.SetAllocations(ctx, s.overpayment.ID, allocs); err != nil {
		t.Fatal(err)
	}
	return s
}

// statementRows is each line as "date kind reference debit credit balance".
func statementRows(st domain.Statement) []string {
	var out []string
	for _, l := range st.Lines {
		out = append(out, strings.Join([]string{l.Date.String(), string(l.Kind), l.Reference, l.Debit.StringFixed(2),
			l.Credit.StringFixed(2), l.Balance.StringFixed(2)}, " "))
	}
	return out
}

func TestStatementOfAPeriod(t *testing.T) {
	s := newStatementBook(t)
	ctx := context.Background()
	st, err := s.b.Statements().Statement(ctx, s.c.ID, "", day("2027-02-01"), day("2027-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Client == nil || st.Client.Name != s.c.Name || st.Client.Billing.City != "München" || st.Currency != "EUR" ||
		st.From != day("2027-02-01") || st.To != day("2027-03-31") {
		t.Fatalf("statement of %+v in %q from %s to %s", st.Client, st.Currency, st.From, st.To)
	}
	if got := st.Opening.StringFixed(2); got != "800.00" {
		t.Errorf("opening %s, want 800.00 (1,000.00 invoiced less 200.00 paid in January)", got)
	}
	want := []string{
		"2027-02-05 invoice " + s.bInv.Number + " 500.00 0.00 1300.00",
		"2027-02-15 payment Bank ref 300.00 0.00 300.00 1000.00",
		"2027-02-20 invoice " + s.cInv.Number + " 250.00 0.00 1250.00",
		"2027-03-10 credit-note " + s.cn.Number + " 0.00 100.00 1150.00",
		"2027-03-10 payment Bank ref 1300.00 0.00 1300.00 -150.00",
	}
	if got := statementRows(st); !reflect.DeepEqual(got, want) {
		t.Errorf("lines\n got %q\nwant %q", got, want)
	}
	if got := st.Closing.StringFixed(2); got != "-150.00" {
		t.Errorf("closing %s, want -150.00: the client has 150.00 of credit", got)
	}
	debit, credit := st.Totals()
	if !st.Opening.Add(debit).Sub(credit).Equal(st.Closing) || debit.StringFixed(2) != "750.00" || credit.StringFixed(2) != "1700.00" {
		t.Errorf("debits %s, credits %s do not take the opening to the closing", debit, credit)
	}
	descs := map[string]string{}
	for _, l := range st.Lines {
		descs[l.Reference] = l.Description
	}
	for ref, want := range map[string]string{
		s.bInv.Number:      "Due 2027-03-07",
		s.cn.Number:        "For invoice " + s.cInv.Number,
		"Bank ref 300.00":  "Bank transfer · " + s.a.Number,
		"Bank ref 1300.00": "Bank transfer · " + s.a.Number + ", " + s.bInv.Number + ", " + s.cInv.Number + ", " + s.e.Number + " · 50.00 on account",
	} {
		if descs[ref] != want {
			t.Errorf("%s described as %q, want %q", ref, descs[ref], want)
		}
	}

	// The aging as of the end: nothing open, 150.00 of credit (E was issued
	// after the period, so what paid it was still credit then).
	rep := st.Aging
	if rep.AsOf != st.To || len(rep.Rows) != 1 || rep.Rows[0].ClientID != s.c.ID || !rep.Total.IsZero() ||
		rep.Credits.StringFixed(2) != "150.00" || !rep.Net.Equal(st.Closing) {
		t.Errorf("aging %+v", rep)
	}
	bal, err := s.b.Payments().ClientBalance(ctx, s.c.ID, "EUR", st.To)
	if err != nil {
		t.Fatal(err)
	}
	if !bal.Net.Equal(st.Closing) || !bal.Owed.Sub(bal.Credit).Equal(st.Closing) {
		t.Errorf("balance as of %s %+v, statement closes at %s", st.To, bal, st.Closing)
	}
}

// Whatever the period, a statement opens at the client's net balance at the
// end of the day before it and closes at the net balance at the end of its
// last day — the statement's running balance equals the aging total.
func TestStatementRunningBalanceEqualsAgingTotal(t *testing.T) {
	s := newStatementBook(t)
	ctx := context.Background()
	net := func(d domain.Date) string {
		bal, err := s.b.Payments().ClientBalance(ctx, s.c.ID, "EUR", d)
		if err != nil {
			t.Fatal(err)
		}
		return bal.Net.StringFixed(2)
	}
	dates := []string{"2026-12-31", "2027-01-10", "2027-01-19", "2027-01-20", "2027-02-05", "2027-02-15", "2027-02-20",
		"2027-03-09", "2027-03-10", "2027-03-11", "2027-04-02", "2027-04-05", "2027-12-31"}
	for i, from := range dates {
		for _, to := range dates[i:] {
			st, err := s.b.Statements().Statement(ctx, s.c.ID, "EUR", day(from), day(to))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := st.Opening.StringFixed(2), net(day(from).AddDays(-1)); got != want {
				t.Errorf("%s–%s opens at %s, but the client's net balance the day before was %s", from, to, got, want)
			}
			if got, want := st.Closing.StringFixed(2), net(day(to)); got != want {
				t.Errorf("%s–%s closes at %s, but the client's net balance then was %s", from, to, got, want)
			}
			if !st.Aging.Net.Equal(st.Closing) {
				t.Errorf("%s–%s closes at %s, its aging nets %s", from, to, st.Closing, st.Aging.Net)
			}
			bal := st.Opening
			for _, l := range st.Lines {
				bal = bal.Add(l.Debit).Sub(l.Credit)
				if !l.Balance.Equal(bal) || l.Date.Before(st.From) || l.Date.After(st.To) {
					t.Errorf("%s–%s: line %+v", from, to, l)
				}
			}
		}
	}
	// Over the whole history every invoice (A, B, C, E), the credit note and
	// the four payments appear once; the void invoice and the other client's
	// never.
	st, err := s.b.Statements().Statement(ctx, s.c.ID, "EUR", day("2020-01-01"), day("2030-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	count := map[domain.StatementKind]int{}
	for _, l := range st.Lines {
		count[l.Kind]++
	}
	if count[domain.StatementInvoice] != 4 || count[domain.StatementCreditNote] != 1 || count[domain.StatementPayment] != 4 ||
		!st.Opening.IsZero() || st.Closing.StringFixed(2) != "-100.00" {
		t.Errorf("whole history: %v, opening %s, closing %s", count, st.Opening, st.Closing)
	}
}

// A credit note dated before its invoice counts from the invoice's date, as
// the receivables count it.
func TestStatementCreditNoteBeforeItsInvoice(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	inv := issueInvoice(t, b, c, "2027-03-10", "2027-04-09", "Work|400.00", "Travel|60.00")
	cn := issueCredit(t, b, inv, "2027-03-01", 1)
	st, err := b.Statements().Statement(ctx, c.ID, "EUR", day("2027-03-01"), day("2027-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"2027-03-10 invoice " + inv.Number + " 460.00 0.00 460.00",
		"2027-03-10 credit-note " + cn.Number + " 0.00 60.00 400.00",
	}
	if got := statementRows(st); !reflect.DeepEqual(got, want) {
		t.Errorf("lines %q, want %q", got, want)
	}
	st, err = b.Statements().Statement(ctx, c.ID, "EUR", day("2027-03-01"), day("2027-03-05"))
	if err != nil || len(st.Lines) != 0 || !st.Closing.IsZero() {
		t.Errorf("before the invoice: %+v %v", st, err)
	}
}

func TestStatementRefusals(t *testing.T) {
	s := newStatementBook(t)
	ctx := context.Background()
	svc := s.b.Statements()
	_, err := svc.Statement(ctx, s.c.ID, "EUR", day("2027-03-01"), day("2027-02-01"))
	if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)["to"] == "" {
		t.Errorf("period backwards: %v", err)
	}
	_, err = svc.Statement(ctx, s.c.ID, "XXX", day("2027-02-01"), day("2027-03-01"))
	if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)["currency"] == "" {
		t.Errorf("unknown currency: %v", err)
	}
	_, err = svc.Statement(ctx, 9999, "EUR", day("2027-02-01"), day("2027-03-01"))
	if domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("unknown client: %v", err)
	}
	// In a currency the client never used: all zero, no lines.
	st, err := svc.Statement(ctx, s.c.ID, "usd", day("2027-02-01"), day("2027-03-31"))
	if err != nil || st.Currency != "USD" || len(st.Lines) != 0 || !st.Opening.IsZero() || !st.Closing.IsZero() ||
		len(st.Aging.Rows) != 0 {
		t.Errorf("in USD: %+v %v", st, err)
	}
}

// The CSV reads back into the statement: opening row, a row per line,
// closing row, amounts as plain numbers; a reference a spreadsheet would run
// as a formula is neutralised.
func TestStatementCSVReadsBack(t *testing.T) {
	s := newStatementBook(t)
	ctx := context.Background()
	p := newPayment(s.c, "2027-03-20", "10.00")
	p.Reference = "=HYPERLINK(\"x\")"
	if err := s.b.Payments().CreatePayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	st, err := s.b.Statements().Statement(ctx, s.c.ID, "EUR", day("2027-02-01"), day("2027-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.b.Statements().WriteCSV(&buf, st); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\uFEFF")) {
		t.Error("no byte-order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"date", "kind", "reference", "description", "debit", "credit", "balance", "currency"},
		{"2027-02-01", "opening", "", "Opening balance", "", "", "800.00", "EUR"},
		{"2027-02-05", "invoice", s.bInv.Number, "Due 2027-03-07", "500.00", "", "1300.00", "EUR"},
		{"2027-02-15", "payment", "Bank ref 300.00", "Bank transfer · " + s.a.Number, "", "300.00", "1000.00", "EUR"},
		{"2027-02-20", "invoice", s.cInv.Number, "Due 2027-03-22", "250.00", "", "1250.00", "EUR"},
		{"2027-03-10", "credit-note", s.cn.Number, "For invoice " + s.cInv.Number, "", "100.00", "1150.00", "EUR"},
		{"2027-03-10", "payment", "Bank ref 1300.00", "Bank transfer · " + s.a.Number + ", " + s.bInv.Number + ", " +
			s.cInv.Number + ", " + s.e.Number + " · 50.00 on account", "", "1300.00", "-150.00", "EUR"},
		{"2027-03-20", "payment", "'=HYPERLINK(\"x\")", "Bank transfer · 10.00 on account", "", "10.00", "-160.00", "EUR"},
		{"2027-03-31", "closing", "", "Closing balance", "", "", "-160.00", "EUR"},
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("CSV\n got %q\nwant %q", recs, want)
	}
}

// The statement's queries are answered from indexes on the client.
func TestStatementQueriesUseIndexes(t *testing.T) {
	b := openTemp(t)
	lo, hi := "2027-02-01", "2027-03-31"
	queries := []struct {
		q       string
		args    []any
		indexes []string
	}{
		{statementInvoices, []any{1, "EUR", lo, hi}, []string{"documents_by_client"}},
		{statementCredits, []any{1, hi, "EUR", hi, lo}, []string{"documents_by_client"}},
		{`SELECT p.id FROM payments p` + statementPayments, []any{1, "EUR", lo, hi}, []string{"payments_by_client"}},
	}
	for _, q := range queries {
		checkPlan(t, b.db, q.q, q.q, q.args, q.indexes...)
	}
}
