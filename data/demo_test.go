package data

import (
	"context"
	"fmt"
	"testing"

	"clientbook/domain"
	"clientbook/domain/demo"
)

// TestDemoBook fills a book as "Load a demo book" does and checks it is the
// book a new user should explore: invoices over two years, numbered without
// gaps per year, stored totals equal to the domain's, quotes in several states,
// and the same seed giving the same book.
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
	_, again := fill()
	if len(rows) != len(again) {
		t.Fatalf("the same seed gave %d and %d documents", len(rows), len(again))
	}
	for i := range rows {
		if rows[i].Number != again[i].Number || !rows[i].Total.Equal(again[i].Total) {
			t.Fatalf("document %d differs between two runs with the same seed: %+v vs %+v", i, rows[i], again[i])
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
	if kinds[domain.KindInvoice] <= 120 || kinds[domain.KindQuote] != 12 || statuses[domain.DocIssued] < 100 {
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
	acts, err := b.Activities().FindActivities(ctx, domain.ActivityFilter{Limit: 5})
	if err != nil || len(acts) == 0 {
		t.Errorf("the demo has no timeline (%v)", err)
	}
	co, _ := b.Company().Company(ctx)
	if co.Name == "" || co.PaymentInfo == "" {
		t.Errorf("the demo company is blank: %+v", co)
	}
	if err := demo.Fill(ctx, b, demo.Options{Clients: 5, Invoices: 5, Seed: 1}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("a second demo into a full book: %v", err)
	}
}
