package data

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"clientbook/domain"
)

// The KPIs and the account health of a small book, worked by hand.
func TestKPIsAndAccountHealth(t *testing.T) {
	b, vatClient, vat := invoicingBook(t)
	ctx := context.Background()
	a := vatClient // Nordlicht
	z := newClient("Bakker Logistics BV", "Rotterdam")
	if err := b.Clients().CreateClient(ctx, z); err != nil {
		t.Fatal(err)
	}
	asOf := day("2027-03-31")
	issueInvoice(t, b, a, "2026-03-10", "2026-04-09", "Old|100.00")   // the prior year; paid on 1 April, in 22 days
	issueInvoice(t, b, a, "2027-01-10", "2027-02-09", "Late|150.00")  // overdue on 31 March
	issueInvoice(t, b, a, "2027-03-20", "2027-04-19", "Recent|50.00") // not yet due
	paid := issueInvoice(t, b, z, "2027-02-01", "2027-03-03", "Paid|200.00")
	old, _ := b.Documents().FindDocuments(ctx, domain.DocumentFilter{ClientID: a.ID, From: day("2026-03-10"), To: day("2026-03-10")})
	for _, p := range []*domain.Payment{
		newPayment(a, "2026-04-01", "100.00", domain.Allocation{DocumentID: old[0].ID, Amount: dec("100.00")}),
		newPayment(z, "2027-03-03", "200.00", allocTo(paid, "200.00")), // 30 days
		newPayment(z, "2027-03-15", "30.00"),                           // credit
	} {
		if err := b.Payments().CreatePayment(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Targets().SetTarget(ctx, &domain.Target{PeriodKind: domain.PeriodMonth, PeriodStart: day("2027-03-01"), Amount: eur("1000.00")}); err != nil {
		t.Fatal(err)
	}
	for _, o := range []*domain.Opportunity{newOpportunity(a, "Warehouse", "1000.00", 50), newOpportunity(z, "Trucks", "200.00", 10)} {
		if err := b.Opportunities().CreateOpportunity(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Complaints().CreateComplaint(ctx, &domain.Complaint{ClientID: a.ID, OpenedOn: day("2027-03-02"), Subject: "Late delivery"}); err != nil {
		t.Fatal(err)
	}
	called := time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC)
	if err := b.Activities().CreateActivity(ctx, &domain.Activity{ClientID: a.ID, At: called, Kind: domain.ActivityCall, Subject: "Check-in"}); err != nil {
		t.Fatal(err)
	}
	k := contractFor(a, vat, day("2027-01-01"), domain.Monthly, domain.InAdvance, 1)
	k.End = day("2027-12-31")
	if err := b.Contracts().CreateContract(ctx, k); err != nil {
		t.Fatal(err)
	}

	kpis, err := domain.ReadKPIs(ctx, b, "EUR", 0, asOf)
	if err != nil {
		t.Fatal(err)
	}
	// Owed 150 + 50, 150 of it overdue, 30 of credit. Revenue in the 90
	// days to 31 March: 150 + 200 + 50 = 400, so DSO = 200 × 90 / 400 = 45.
	// March: 50 of a 1,000 target. The pipeline: 500 + 20.
	got := fmt.Sprintf("owed %s overdue %s credit %s dso %s/%v month %s %s%% quarter %s %v pipeline %s",
		kpis.Receivables.StringFixed(2), kpis.Overdue.StringFixed(2), kpis.Credits.StringFixed(2), kpis.DSO, kpis.HasDSO,
		kpis.Month.Invoiced.Amount.StringFixed(2), kpis.Month.Percent, kpis.Quarter.Invoiced.Amount.StringFixed(2),
		kpis.Quarter.Target != nil, kpis.Pipeline.Weighted.StringFixed(2))
	if want := "owed 200.00 overdue 150.00 credit 30.00 dso 45/true month 50.00 5% quarter 400.00 false pipeline 520.00"; got != want {
		t.Errorf("book KPIs:\n got %s\nwant %s", got, want)
	}
	one, err := domain.ReadKPIs(ctx, b, "EUR", a.ID, asOf)
	if err != nil {
		t.Fatal(err)
	}
	// Nordlicht alone: 200 owed against 200 of revenue is 90 days; the
	// month's target is the book's, not its own.
	if one.Receivables.StringFixed(2) != "200.00" || one.DSO.String() != "90" || one.Month.Target != nil ||
		one.Pipeline.Weighted.StringFixed(2) != "500.00" || !one.Credits.IsZero() {
		t.Errorf("one client's KPIs: %+v", one)
	}

	p := domain.Period{Start: day("2026-04-01"), End: asOf}
	rows, err := domain.ReadAccountHealth(ctx, b, "EUR", p, 0, asOf)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range rows {
		lines = append(lines, fmt.Sprintf("%s: %s vs %s (%s%% %v) owes %s, %s days/%d, contacted %s, %d open, renews %s",
			r.ClientName, r.Revenue.StringFixed(2), r.PriorRevenue.StringFixed(2), r.Growth, r.HasGrowth, r.Balance.StringFixed(2),
			r.DaysToPay.Days, r.DaysToPay.Count, r.LastContacted.UTC().Format("2006-01-02"), r.OpenComplaints, r.NextRenewal))
	}
	want := []string{
		"Bakker Logistics BV: 200.00 vs 0.00 (0% false) owes -30.00, 30 days/1, contacted 0001-01-01, 0 open, renews ",
		"Nordlicht Logistik GmbH: 200.00 vs 100.00 (100% true) owes 200.00, 22 days/1, contacted 2027-03-01, 1 open, renews 2027-12-31",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("account health:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	only, _ := domain.ReadAccountHealth(ctx, b, "EUR", p, z.ID, asOf)
	if len(only) != 1 || only[0].ClientID != z.ID {
		t.Errorf("one client's health: %+v", only)
	}
	if none, err := domain.ReadAccountHealth(ctx, b, "USD", p, 0, asOf); err != nil || len(none) != 0 {
		t.Errorf("no dollars: %v %v", none, err)
	}
}

// The report queries find their rows through indexes, never by reading a
// whole table.
func TestReportQueriesUseIndexes(t *testing.T) {
	b := openTemp(t)
	cte := map[string]bool{"cand": true, "inv": true, "ev": true, "run": true, "paid": true}
	for _, tc := range []struct {
		name, query string
		args        []any
	}{
		{"days to pay", paidInvoices(0) + ` SELECT paid.client_id, count(*) FROM paid GROUP BY 1`, []any{"EUR", "2027-01-01", "2027-12-31", 0}},
		{"days to pay of a client", paidInvoices(7) + ` SELECT count(*) FROM paid`, []any{"EUR", "2027-01-01", "2027-12-31", 7}},
		{"the documents of revenue by item", `SELECT d.id FROM documents d WHERE ` + revenueWhere + ` AND d.id > ? ORDER BY d.id LIMIT 200`,
			[]any{"EUR", "2027-01-01", "2027-12-31", 0}},
		{"revenue", `SELECT coalesce(sum(` + revenueMinor + `), 0) FROM documents d WHERE ` + revenueWhere, []any{"EUR", "2027-01-01", "2027-12-31"}},
	} {
		rows, err := b.db.Query(`EXPLAIN QUERY PLAN `+tc.query, tc.args...)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			rows.Scan(&id, &parent, &notused, &detail)
			plan = append(plan, detail)
		}
		rows.Close()
		for _, step := range plan {
			// The CTEs' own results are scanned, which is what they are
			// for; the tables never are, nor all of a currency's documents.
			table := strings.Fields(strings.TrimPrefix(step, "SCAN ") + " ")[0]
			if strings.HasPrefix(step, "SCAN ") && !strings.Contains(step, "INDEX") && !cte[table] && !strings.HasPrefix(table, "(subquery") ||
				strings.HasSuffix(step, "(kind=? AND status=? AND currency=?)") {
				t.Errorf("%s reads a whole table: %s", tc.name, strings.Join(plan, "; "))
			}
		}
	}
}

// TestDSOIsAgainstGrossSales works DSO out by hand on a book with 19% VAT, a
// part payment, a credit note and an invoice from before the 90 days.
//
// As of 31 March 2027 (the 90 days are 1 January – 31 March):
//
//	A 2026-11-15  500.00 + 95.00 VAT = 595.00, unpaid (before the window)
//	B 2027-01-20 1000.00 + 190.00 VAT = 1190.00, 400.00 paid
//	C 2027-02-10  300.00 + 57.00 VAT = 357.00 (two lines of 150.00),
//	  one line credited on 2027-03-01: 150.00 + 28.50 = 178.50
//	D 2027-03-25  200.00 + 38.00 VAT = 238.00, unpaid
//
// Receivables: 595.00 + 790.00 + 178.50 + 238.00 = 1801.50.
// Gross credit sales in the window: 1190.00 + 357.00 − 178.50 + 238.00 = 1606.50.
// DSO = 1801.50 ÷ 1606.50 × 90 = 100.924… → 100.9 days.
// (Net of tax the window's sales are 1350.00, which would give 120.1.)
func TestDSOIsAgainstGrossSales(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	issue := func(date string, prices ...string) *domain.Document {
		d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), day(date))
		d.DueDate = day(date).AddDays(30)
		for _, p := range prices {
			d.Lines = append(d.Lines, domain.Line{Description: "Work", Quantity: dec("1"), UnitPrice: dec(p), Taxes: []domain.TaxLine{vat.Line()}})
		}
		if err := b.Documents().CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		inv, _, err := b.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
		if err != nil {
			t.Fatal(err)
		}
		return inv
	}
	issue("2026-11-15", "500.00")
	bInv := issue("2027-01-20", "1000.00")
	cInv := issue("2027-02-10", "150.00", "150.00")
	issue("2027-03-25", "200.00")
	issueCredit(t, b, cInv, "2027-03-01", 1)
	if err := b.Payments().CreatePayment(ctx, newPayment(c, "2027-02-15", "400.00", allocTo(bInv, "400.00"))); err != nil {
		t.Fatal(err)
	}
	k, err := domain.ReadKPIs(ctx, b, "EUR", 0, day("2027-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("receivables %s, gross sales %s, DSO %s (%v)", k.Receivables.StringFixed(2), k.GrossSales.StringFixed(2),
		k.DSO.StringFixed(1), k.HasDSO)
	if want := "receivables 1801.50, gross sales 1606.50, DSO 100.9 (true)"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	one, err := domain.ReadKPIs(ctx, b, "EUR", c.ID, day("2027-03-31"))
	if err != nil || one.DSO.StringFixed(1) != "100.9" {
		t.Errorf("the client's own DSO: %s (%v)", one.DSO, err)
	}
	net, err := b.Reports().Revenue(ctx, "EUR", day("2027-01-01"), day("2027-03-31"), 0)
	if err != nil || net.StringFixed(2) != "1350.00" {
		t.Errorf("net revenue of the window %s (%v)", net, err)
	}
}
