package data

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/demo"
)

// TestDemoBook fills a book as "Load a demo book" does and checks it is the
// book a new user should explore: invoices over two years, numbered without
// gaps per year, stored totals equal to the domain's, quotes in several states,
// payments that leave invoices paid, part paid and overdue, and the same seed
// giving the same book.
func TestDemoBook(t *testing.T) {
	ctx := context.Background()
	today := domain.NewDate(2027, 6, 15)
	fill := func() (*Book, []domain.DocumentRow) {
		b := openTemp(t)
		if err := demo.Fill(ctx, b, demo.Options{Clients: 40, Invoices: 120, Seed: 3, Today: today}); err != nil {
			t.Fatal(err)
		}
		rows, err := b.Documents().FindDocuments(ctx, domain.DocumentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return b, rows
	}
	b, rows := fill()
	b2, again := fill()
	if len(rows) != len(again) {
		t.Fatalf("the same seed gave %d and %d documents", len(rows), len(again))
	}
	for i := range rows {
		if rows[i].Number != again[i].Number || !rows[i].Total.Equal(again[i].Total) {
			t.Fatalf("document %d differs between two runs with the same seed: %+v vs %+v", i, rows[i], again[i])
		}
	}
	pays, err := b.Payments().FindPayments(ctx, domain.PaymentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	paysAgain, err := b2.Payments().FindPayments(ctx, domain.PaymentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pays) != len(paysAgain) {
		t.Fatalf("the same seed gave %d and %d payments", len(pays), len(paysAgain))
	}
	for i := range pays {
		p, q := pays[i], paysAgain[i]
		if p.Date != q.Date || !p.Amount.Equal(q.Amount) || p.Reference != q.Reference || !p.Allocated().Equal(q.Allocated()) {
			t.Fatalf("payment %d differs between two runs with the same seed: %+v vs %+v", i, p, q)
		}
	}
	kinds := map[domain.DocKind]int{}
	statuses := map[domain.DocStatus]int{}
	seq := map[string]int{}
	for _, r := range rows {
		kinds[r.Kind]++
		statuses[r.Status]++
		if r.IssueDate.After(today) || r.IssueDate.Before(today.AddDays(-731)) {
			t.Errorf("%s is dated %s, outside the two years before %s", r.Number, r.IssueDate, today)
		}
		if r.Kind == domain.KindInvoice && r.Number != "" {
			var year, n int
			if _, err := fmt.Sscanf(r.Number, "INV-%d-%d", &year, &n); err != nil || year != r.IssueDate.Year {
				t.Errorf("invoice number %s for a document dated %s", r.Number, r.IssueDate)
			}
			seq[fmt.Sprint(year)]++
		}
		d, err := b.Documents().FindDocumentByID(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		tot, err := d.Totals()
		if err != nil || !tot.Total.Equal(r.Total.Amount) {
			t.Errorf("%s: stored total %v, computed %v (%v)", r.Number, r.Total, tot.Total, err)
		}
	}
	for year, n := range seq {
		for i := 1; i <= n; i++ {
			num := fmt.Sprintf("INV-%s-%05d", year, i)
			if _, err := b.Documents().FindDocumentByNumber(ctx, domain.KindInvoice, num); err != nil {
				t.Errorf("gap: %s is missing", num)
			}
		}
	}
	// 120 invoices plus those the demo contracts' billing made.
	if kinds[domain.KindInvoice] <= 120 || kinds[domain.KindQuote] < 12 || statuses[domain.DocIssued] < 100 {
		t.Errorf("kinds %v, statuses %v", kinds, statuses)
	}
	quoteStates := 0
	for _, st := range []domain.DocStatus{domain.DocAccepted, domain.DocDeclined, domain.DocExpired} {
		if statuses[st] > 0 {
			quoteStates++
		}
	}
	if quoteStates < 2 {
		t.Errorf("quotes should come in several states: %v", statuses)
	}
	// Numbers follow dates: the billing runs are interleaved with the rest.
	var last domain.Date
	lastNum := ""
	for i := len(rows) - 1; i >= 0; i-- { // rows are newest first
		r := rows[i]
		if r.Kind != domain.KindInvoice || r.Number == "" {
			continue
		}
		if r.Number < lastNum && r.IssueDate.Year == last.Year {
			t.Errorf("%s dated %s comes before %s dated %s", r.Number, r.IssueDate, lastNum, last)
		}
		last, lastNum = r.IssueDate, r.Number
	}
	ks, err := b.Contracts().FindContracts(ctx, domain.ContractFilter{})
	if err != nil || len(ks) == 0 {
		t.Fatalf("the demo has no contracts (%v)", err)
	}
	if ks, err := b.Complaints().FindComplaints(ctx, domain.ComplaintFilter{}); err != nil || len(ks) == 0 {
		t.Errorf("the demo has no complaints (%v)", err)
	}
	if os, err := b.Opportunities().FindOpportunities(ctx, domain.OpportunityFilter{}); err != nil || len(os) == 0 {
		t.Errorf("the demo has no opportunities (%v)", err)
	}
	if ts, err := b.Targets().FindTargets(ctx, domain.TargetFilter{}); err != nil || len(ts) != 15 {
		t.Errorf("the demo has %d monthly targets, want 15 (%v)", len(ts), err)
	}
	acts, err := b.Activities().FindActivities(ctx, domain.ActivityFilter{Limit: 5})
	if err != nil || len(acts) == 0 {
		t.Errorf("the demo has no timeline (%v)", err)
	}
	co, _ := b.Company().Company(ctx)
	if co.Name == "" || co.PaymentInfo == "" {
		t.Errorf("the demo company is blank: %+v", co)
	}
	checkDemoPayments(t, b, rows, today)
	if err := demo.Fill(ctx, b, demo.Options{Clients: 5, Invoices: 5, Seed: 1}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("a second demo into a full book: %v", err)
	}
}

// checkDemoPayments checks the demo's payments as of its today: no payment
// after today, some invoices paid in full, some in part, some open and
// overdue, some client with credit, and each currency's aging total equal to
// the sum of what is open on its invoices.
func checkDemoPayments(t *testing.T, b *Book, rows []domain.DocumentRow, today domain.Date) {
	t.Helper()
	ctx := context.Background()
	pays, err := b.Payments().FindPayments(ctx, domain.PaymentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pays) < 60 {
		t.Fatalf("only %d payments for %d documents", len(pays), len(rows))
	}
	for _, p := range pays {
		if p.Date.After(today) {
			t.Errorf("payment %d is dated %s, after %s", p.ID, p.Date, today)
		}
		if len(p.Allocations) == 0 {
			t.Errorf("payment %d of %s is allocated to nothing", p.ID, p.Amount)
		}
	}
	var ids []int64
	currency := map[int64]string{}
	for _, r := range rows {
		if r.Kind == domain.KindInvoice && r.Status == domain.DocIssued {
			ids = append(ids, r.ID)
			currency[r.ID] = r.Total.Currency
		}
	}
	status, err := b.Payments().PaymentStatus(ctx, today, ids...)
	if err != nil {
		t.Fatal(err)
	}
	var paid, partly, overdue int
	open := map[string]decimal.Decimal{}
	for id, s := range status {
		switch {
		case s.State == domain.PayPaid && s.Paid.IsPositive():
			paid++
		case s.Open.IsPositive() && s.Paid.IsPositive():
			partly++
		}
		if s.State == domain.PayOverdue && s.Paid.IsZero() {
			overdue++
		}
		if s.Open.IsPositive() {
			open[currency[id]] = open[currency[id]].Add(s.Open)
		}
	}
	t.Logf("%d issued invoices: %d paid, %d part paid, %d overdue with nothing paid; %d payments", len(ids), paid, partly, overdue, len(pays))
	if paid < len(ids)/2 || partly == 0 || overdue == 0 || paid+partly+overdue >= len(ids) {
		t.Errorf("of %d issued invoices %d are paid, %d part paid and %d overdue with nothing paid", len(ids), paid, partly, overdue)
	}
	credit := decimal.Zero
	for cur, want := range open {
		rep, err := b.Payments().Aging(ctx, today, cur, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Total.Equal(want) {
			t.Errorf("%s: aging total %s, open on the invoices %s", cur, rep.Total, want)
		}
		credit = credit.Add(rep.Credits)
	}
	if !credit.IsPositive() {
		t.Error("no client has credit from an overpayment")
	}
}

// TestDemoBank checks the demo's bank: an account, a deposit, and a
// statement whose lines are in every state the Receivables screen shows,
// saved as a file that imports again without adding a line.
func TestDemoBank(t *testing.T) {
	ctx := context.Background()
	b := openTemp(t)
	var name string
	var file []byte
	opt := demo.Options{Clients: 40, Invoices: 150, Seed: 3, Today: domain.NewDate(2027, 6, 15),
		SaveStatement: func(n string, data []byte) error { name, file = n, data; return nil }}
	if err := demo.Fill(ctx, b, opt); err != nil {
		t.Fatal(err)
	}
	as, err := b.Bank().FindBankAccounts(ctx)
	if err != nil || len(as) != 1 || as[0].MappingName == "" {
		t.Fatalf("demo accounts %+v, %v", as, err)
	}
	ls, err := b.Bank().FindBankLines(ctx, domain.BankLineFilter{})
	if err != nil {
		t.Fatal(err)
	}
	states := map[domain.BankLineStatus]int{}
	for _, l := range ls {
		states[l.Status]++
	}
	if states[domain.LineReconciled] < 2 || states[domain.LineSuggested] < 2 || states[domain.LineUnmatched] < 2 {
		t.Errorf("demo lines by state %v; want a few reconciled, suggested and unmatched", states)
	}
	if ds, err := b.Bank().FindDeposits(ctx, domain.DepositFilter{}); err != nil || len(ds) == 0 {
		t.Errorf("demo deposits %+v, %v", ds, err)
	}
	if name != demo.StatementFile || len(file) == 0 {
		t.Fatalf("the statement was saved as %q (%d bytes)", name, len(file))
	}
	m, err := b.Bank().FindBankMappingByName(ctx, as[0].MappingName)
	if err != nil {
		t.Fatal(err)
	}
	st, err := domain.ParseBankCSV(bytes.NewReader(file), *m)
	if err != nil {
		t.Fatal(err)
	}
	imp, err := b.Bank().ImportStatement(ctx, domain.ImportRequest{AccountID: as[0].ID, MappingID: m.ID, Statement: st})
	if err != nil || imp.New != 0 || imp.Read != len(ls) {
		t.Errorf("importing the demo statement again: %+v, %v; want %d lines, none new", imp, err, len(ls))
	}
}
