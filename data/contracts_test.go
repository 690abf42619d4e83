package data

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"clientbook/domain"
	"clientbook/domain/money"
)

func date(y int, m time.Month, d int) domain.Date { return domain.NewDate(y, m, d) }

// contractFor is a contract for c billing "Support" at 95.00 + VAT and
// "Hosting" at 40.00 + VAT each period, valued at 1,620.00 EUR.
func contractFor(c *domain.Client, vat domain.TaxRate, start domain.Date, cycle domain.BillingCycle, timing domain.BillingTiming, day int) *domain.Contract {
	value, _ := money.Parse("1620.00", "EUR")
	return &domain.Contract{ClientID: c.ID, Title: "Managed hosting", Value: value, Currency: "EUR", Start: start,
		Cycle: cycle, Timing: timing, BillingDay: day,
		Lines: []domain.ContractLine{
			{Description: "Support", Quantity: dec("1"), UnitPrice: dec("95.00"), Taxes: []domain.TaxLine{vat.Line()}},
			{Description: "Hosting", Quantity: dec("2"), UnitPrice: dec("20.00"), Taxes: []domain.TaxLine{vat.Line()}},
		}}
}

func count(t *testing.T, b *Book, query string, args ...any) int {
	t.Helper()
	var n int
	if err := b.db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// generate runs the billing run and fails the test on an error.
func generate(t *testing.T, b *Book, asOf domain.Date) []domain.Generated {
	t.Helper()
	gen, err := b.Contracts().GenerateDue(context.Background(), asOf)
	if err != nil {
		t.Fatalf("billing run as of %s: %v", asOf, err)
	}
	return gen
}

func periods(gen []domain.Generated) string {
	var ps []string
	for _, g := range gen {
		ps = append(ps, g.Period.Start.String()+".."+g.Period.End.String())
	}
	return strings.Join(ps, ", ")
}

func TestContractRoundTripAndBadInput(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	svc := b.Contracts()
	k := contractFor(c, vat, date(2027, 1, 1), domain.Monthly, domain.InAdvance, 1)
	k.End, k.NoticeDays, k.AutoRenew, k.IssueAutomatically = date(2027, 12, 31), 60, true, true
	k.BilledThrough = date(2027, 6, 30) // not the caller's to set
	if err := svc.CreateContract(ctx, k); err != nil {
		t.Fatal(err)
	}
	got, err := svc.FindContractByID(ctx, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Managed hosting" || got.ClientName != c.Name || got.Value.String() != "1,620.00 EUR" ||
		got.Start != date(2027, 1, 1) || got.End != date(2027, 12, 31) || got.NoticeDays != 60 || !got.AutoRenew ||
		!got.IssueAutomatically || got.Cycle != domain.Monthly || got.Timing != domain.InAdvance || got.BillingDay != 1 ||
		got.Status != domain.ContractActive || !got.BilledThrough.IsZero() || len(got.Lines) != 2 ||
		!got.Lines[1].Quantity.Equal(dec("2")) || !got.Lines[1].UnitPrice.Equal(dec("20")) ||
		len(got.Lines[0].Taxes) != 1 || got.Lines[0].Taxes[0].Name != "VAT" || !got.Lines[0].Taxes[0].Percent.Equal(dec("19")) {
		t.Fatalf("read back %+v", got)
	}
	if n := count(t, b, `SELECT value_minor FROM contracts WHERE id = ?`, k.ID); n != 162000 {
		t.Errorf("value stored as %d minor units, want 162000", n)
	}

	got.Title = "Managed hosting plus"
	got.Lines = got.Lines[:1]
	got.BilledThrough = date(2030, 1, 1)
	if err := svc.UpdateContract(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, _ := svc.FindContractByID(ctx, k.ID)
	if again.Title != "Managed hosting plus" || len(again.Lines) != 1 || !again.BilledThrough.IsZero() {
		t.Errorf("after update %+v", again)
	}
	if n := count(t, b, `SELECT count(*) FROM contract_line_taxes`); n != 1 {
		t.Errorf("%d line taxes left after dropping a line, want 1", n)
	}

	bad := []struct {
		name  string
		k     *domain.Contract
		field string
	}{
		{"no lines", func() *domain.Contract {
			x := contractFor(c, vat, date(2027, 1, 1), domain.Monthly, domain.InAdvance, 1)
			x.Lines = nil
			return x
		}(), "lines"},
		{"unknown client", func() *domain.Contract {
			x := contractFor(c, vat, date(2027, 1, 1), domain.Monthly, domain.InAdvance, 1)
			x.ClientID = 999
			return x
		}(), "client"},
		{"billing day 32", contractFor(c, vat, date(2027, 1, 1), domain.Monthly, domain.InAdvance, 32), "billingDay"},
		{"weekly", contractFor(c, vat, date(2027, 1, 1), "weekly", domain.InAdvance, 1), "cycle"},
		{"a third of a cent", func() *domain.Contract {
			x := contractFor(c, vat, date(2027, 1, 1), domain.Monthly, domain.InAdvance, 1)
			x.Lines[0].UnitPrice = dec("0.333")
			return x
		}(), "lines.0.unitPrice"},
		{"ends before it starts", func() *domain.Contract {
			x := contractFor(c, vat, date(2027, 1, 1), domain.Monthly, domain.InAdvance, 1)
			x.End = date(2026, 12, 31)
			return x
		}(), "end"},
	}
	for _, tc := range bad {
		err := svc.CreateContract(ctx, tc.k)
		if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)[tc.field] == "" {
			t.Errorf("%s: want a problem at %s, got %v", tc.name, tc.field, err)
		}
	}
	if n := count(t, b, `SELECT count(*) FROM contracts`); n != 1 {
		t.Errorf("refused contracts were written: %d contracts", n)
	}
	if err := svc.UpdateContract(ctx, &domain.Contract{ID: 999, ClientID: c.ID, Title: "X", Currency: "EUR", Start: date(2027, 1, 1),
		Cycle: domain.Monthly, Timing: domain.InAdvance, BillingDay: 1, Lines: k.Lines}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("updating a missing contract: %v", err)
	}
	if got := auditRows(t, b, "contract", k.ID); strings.Join(got, ",") != "create,update" {
		t.Errorf("contract audit rows %v", got)
	}
	if err := b.Clients().DeleteClient(ctx, c.ID); domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(err.Error(), "contracts") {
		t.Errorf("a client with a contract must not be deleted, got %v", err)
	}
}

func TestMonthlyFromJan31ThroughLeapFebruary(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	k := contractFor(c, vat, date(2028, 1, 31), domain.Monthly, domain.InAdvance, 31)
	if err := b.Contracts().CreateContract(ctx, k); err != nil {
		t.Fatal(err)
	}
	if gen := generate(t, b, date(2028, 1, 30)); len(gen) != 0 {
		t.Fatalf("billed before the start: %s", periods(gen))
	}
	steps := []struct {
		asOf    domain.Date
		periods string
		label   string
	}{
		{date(2028, 1, 31), "2028-01-31..2028-02-28", "31 Jan–28 Feb 2028"},
		{date(2028, 2, 28), "", ""},
		// February 2028 has 29 days: billing day 31 falls on the 29th, and
		// the next period starts there because the contract started on the 31st.
		{date(2028, 2, 29), "2028-02-29..2028-03-30", "29 Feb–30 Mar 2028"},
		{date(2028, 3, 30), "", ""},
		{date(2028, 3, 31), "2028-03-31..2028-04-29", "31 Mar–29 Apr 2028"},
	}
	for _, s := range steps {
		gen := generate(t, b, s.asOf)
		if periods(gen) != s.periods {
			t.Fatalf("as of %s: billed %q, want %q", s.asOf, periods(gen), s.periods)
		}
		if len(gen) == 0 {
			continue
		}
		g := gen[0]
		d, err := b.Documents().FindDocumentByID(ctx, g.DocumentID)
		if err != nil {
			t.Fatal(err)
		}
		// 95.00 + 2 × 20.00 = 135.00, VAT 19 % 25.65: 160.65.
		if d.Status != domain.DocDraft || g.Status != domain.DocDraft || g.Number != "" || d.IssueDate != s.asOf ||
			d.DueDate != s.asOf.AddDays(30) || d.Reference != "Contract Managed hosting, "+s.label ||
			d.Lines[0].Description != "Support, "+s.label || g.Total.String() != "160.65 EUR" || g.ClientName != c.Name {
			t.Errorf("as of %s: invoice %+v, generated %+v", s.asOf, d, g)
		}
		if n := count(t, b, `SELECT total_minor FROM documents WHERE id = ?`, d.ID); n != 16065 {
			t.Errorf("total stored as %d minor units", n)
		}
		got, _ := b.Contracts().FindContractByID(ctx, k.ID)
		if got.BilledThrough != g.Period.End {
			t.Errorf("as of %s: billed through %s, want %s", s.asOf, got.BilledThrough, g.Period.End)
		}
	}
	inv, err := b.Contracts().Invoices(ctx, k.ID)
	if err != nil || len(inv) != 3 || inv[1].Period.Start != date(2028, 2, 29) || inv[1].DocumentID == 0 {
		t.Fatalf("contract invoices %+v, %v", inv, err)
	}
	if got := auditRows(t, b, "contract", k.ID); strings.Join(got, ",") != "create,bill,bill,bill" {
		t.Errorf("contract audit rows %v", got)
	}
	if got := auditRows(t, b, "document", inv[0].DocumentID); strings.Join(got, ",") != "create" {
		t.Errorf("draft audit rows %v", got)
	}
}

func TestQuarterlyInArrears(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	k := contractFor(c, vat, date(2027, 1, 1), domain.Quarterly, domain.InArrears, 1)
	if err := b.Contracts().CreateContract(ctx, k); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		asOf    domain.Date
		periods string
	}{
		{date(2027, 1, 1), ""},
		{date(2027, 3, 31), ""}, // the quarter is over on its last day; billed on the next billing day
		{date(2027, 4, 1), "2027-01-01..2027-03-31"},
		{date(2027, 6, 30), ""},
		{date(2027, 7, 1), "2027-04-01..2027-06-30"},
	} {
		gen := generate(t, b, s.asOf)
		if periods(gen) != s.periods {
			t.Fatalf("as of %s: billed %q, want %q", s.asOf, periods(gen), s.periods)
		}
	}
	docs, _ := b.Documents().FindDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice})
	refs := map[string]bool{}
	for _, r := range docs {
		d, _ := b.Documents().FindDocumentByID(ctx, r.ID)
		refs[d.Reference] = true
	}
	if len(docs) != 2 || !refs["Contract Managed hosting, Q1 2027"] || !refs["Contract Managed hosting, Q2 2027"] {
		t.Errorf("invoices %v", refs)
	}
}

func TestBillingRunTwiceCreatesNothingMore(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	for _, timing := range []domain.BillingTiming{domain.InAdvance, domain.InArrears} {
		if err := b.Contracts().CreateContract(ctx, contractFor(c, vat, date(2027, 1, 15), domain.Monthly, timing, 15)); err != nil {
			t.Fatal(err)
		}
	}
	first := generate(t, b, date(2027, 5, 20))
	// In advance: Jan 15, Feb 15, Mar 15, Apr 15, May 15; in arrears: the
	// periods ending Feb 14, Mar 14, Apr 14, May 14, billed the next day.
	if len(first) != 9 {
		t.Fatalf("first run made %d invoices: %s", len(first), periods(first))
	}
	docs := count(t, b, `SELECT count(*) FROM documents`)
	audit := count(t, b, `SELECT count(*) FROM audit_log`)
	for _, asOf := range []domain.Date{date(2027, 5, 20), date(2027, 5, 20), date(2027, 5, 21), date(2027, 3, 1)} {
		if gen := generate(t, b, asOf); len(gen) != 0 {
			t.Errorf("run as of %s made %s again", asOf, periods(gen))
		}
	}
	if n := count(t, b, `SELECT count(*) FROM documents`); n != docs {
		t.Errorf("documents went from %d to %d", docs, n)
	}
	if n := count(t, b, `SELECT count(*) FROM audit_log`); n != audit {
		t.Errorf("runs with nothing to bill wrote %d audit rows", n-audit)
	}
	if n := count(t, b, `SELECT count(*) FROM (SELECT contract_id, period_start FROM contract_invoices GROUP BY 1, 2 HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d periods invoiced twice", n)
	}

	// A deleted draft leaves its period invoiced: it is not billed again.
	if err := b.Documents().DeleteDraft(ctx, first[0].DocumentID); err != nil {
		t.Fatal(err)
	}
	if gen := generate(t, b, date(2027, 5, 20)); len(gen) != 0 {
		t.Errorf("a deleted draft's period was billed again: %s", periods(gen))
	}
	inv, _ := b.Contracts().Invoices(ctx, first[0].ContractID)
	if len(inv) != 5 || inv[0].DocumentID != 0 || inv[1].DocumentID == 0 {
		t.Errorf("after deleting the first draft: %+v", inv)
	}
}

func TestFortyDaysOfflineBillsEachMissedPeriodOnce(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	k := contractFor(c, vat, date(2027, 1, 1), domain.Monthly, domain.InAdvance, 1)
	k.IssueAutomatically = true
	if err := b.Contracts().CreateContract(ctx, k); err != nil {
		t.Fatal(err)
	}
	if gen := generate(t, b, date(2027, 1, 25)); periods(gen) != "2027-01-01..2027-01-31" {
		t.Fatalf("first run: %s", periods(gen))
	}
	back := date(2027, 1, 25).AddDays(40) // March 6: February and March were missed
	gen := generate(t, b, back)
	if periods(gen) != "2027-02-01..2027-02-28, 2027-03-01..2027-03-31" {
		t.Fatalf("after 40 days offline: %s", periods(gen))
	}
	for _, g := range gen {
		d, _ := b.Documents().FindDocumentByID(ctx, g.DocumentID)
		if g.Status != domain.DocIssued || d.Status != domain.DocIssued || d.Number != g.Number || d.IssueDate != back {
			t.Errorf("%s: %+v / document %s %s dated %s", g.Period.Label(), g, d.Number, d.Status, d.IssueDate)
		}
		if d.BillTo == nil || d.BillTo.Name != c.Name || d.Issuer == nil {
			t.Errorf("%s: issued without its bill-to and issuer snapshots", g.Period.Label())
		}
	}
	// The second catch-up invoice has the first's total the same day: a
	// warning the run accepts and reports.
	if f := gen[1].Findings; len(f) == 0 || !hasFinding(f, "duplicate") {
		t.Errorf("findings of the second catch-up invoice: %+v", f)
	}
	if again := generate(t, b, back); len(again) != 0 {
		t.Errorf("second run made %s", periods(again))
	}
	if n := count(t, b, `SELECT count(*) FROM documents`); n != 3 {
		t.Errorf("%d documents, want 3", n)
	}
	if got := auditRows(t, b, "document", gen[0].DocumentID); strings.Join(got, ",") != "create,issue" {
		t.Errorf("issued invoice audit rows %v", got)
	}
}

func hasFinding(fs []domain.Finding, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

func TestAutomaticallyIssuedInvoicesAreNumberedWithoutGaps(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	other := newClient("Fjord Shipping AS", "Bergen")
	other.CreditLimit = money.Zero("EUR")
	noAddress := newClient("Atelier Sans Adresse", "")
	noAddress.Billing = domain.Address{}
	for _, x := range []*domain.Client{other, noAddress} {
		if err := b.Clients().CreateClient(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	var auto []*domain.Contract
	for _, x := range []*domain.Client{c, other, noAddress} {
		k := contractFor(x, vat, date(2027, 1, 1), domain.Monthly, domain.InAdvance, 1)
		k.IssueAutomatically = true
		if err := b.Contracts().CreateContract(ctx, k); err != nil {
			t.Fatal(err)
		}
		auto = append(auto, k)
	}
	drafts := contractFor(other, vat, date(2027, 1, 1), domain.Monthly, domain.InAdvance, 1)
	drafts.Title = "Drafts only"
	if err := b.Contracts().CreateContract(ctx, drafts); err != nil {
		t.Fatal(err)
	}

	var issued []string
	collect := func(gen []domain.Generated) {
		for _, g := range gen {
			if g.Status == domain.DocIssued {
				issued = append(issued, g.Number)
			}
		}
	}
	gen := generate(t, b, date(2027, 2, 10)) // January and February for each of four contracts
	if len(gen) != 8 {
		t.Fatalf("first run made %d invoices", len(gen))
	}
	collect(gen)
	for _, g := range gen {
		switch g.ContractID {
		case auto[2].ID: // no billing address: held back as a draft, with the reason
			if g.Status != domain.DocDraft || g.Number != "" || !hasFinding(g.Findings, "no-billing-address") {
				t.Errorf("blocked invoice %+v", g)
			}
		case drafts.ID:
			if g.Status != domain.DocDraft || len(g.Findings) != 0 {
				t.Errorf("draft-only contract %+v", g)
			}
		default:
			if g.Status != domain.DocIssued {
				t.Errorf("auto-issued invoice %+v", g)
			}
		}
	}
	// An invoice issued by hand between runs takes the next number of the same series.
	manual := draftFor(c, vat, "Workshop|1|800.00")
	manual.IssueDate = date(2027, 2, 20)
	if err := b.Documents().CreateDraft(ctx, manual); err != nil {
		t.Fatal(err)
	}
	m, _, err := b.Documents().Issue(ctx, manual.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatal(err)
	}
	issued = append(issued, m.Number)
	collect(generate(t, b, date(2027, 4, 1)))
	if len(issued) != 4+1+4 {
		t.Fatalf("issued %d invoices: %v", len(issued), issued)
	}
	for i, n := range issued {
		if want := fmt.Sprintf("INV-2027-%05d", i+1); n != want {
			t.Errorf("invoice %d numbered %s, want %s (all: %v)", i+1, n, want, issued)
		}
	}
	if n := count(t, b, `SELECT last_seq FROM number_counters WHERE kind = 'invoice' AND year = 2027`); n != len(issued) {
		t.Errorf("counter at %d after %d invoices", n, len(issued))
	}
	if n := count(t, b, `SELECT count(*) FROM documents WHERE status = 'draft'`); n != 4+4 {
		t.Errorf("%d drafts, want 8 (4 held back, 4 draft-only)", n)
	}
	requireNoDrift(t, b, "billing the contracts")
}

func TestFailedContractRollsBackAloneAndOthersAreBilled(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	broken := contractFor(c, vat, date(2027, 1, 1), domain.Monthly, domain.InAdvance, 1)
	broken.Title = "Broken"
	broken.IssueAutomatically = true
	fine := contractFor(c, vat, date(2027, 1, 1), domain.Monthly, domain.InAdvance, 1)
	for _, k := range []*domain.Contract{broken, fine} {
		if err := b.Contracts().CreateContract(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	// Issue INV-2027-00001 by hand, then lose the counter: the next
	// automatic issue finds its number taken and must roll back everything
	// it did for that contract.
	manual := draftFor(c, vat, "Workshop|1|800.00")
	if err := b.Documents().CreateDraft(ctx, manual); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Documents().Issue(ctx, manual.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.Exec(`DELETE FROM number_counters`); err != nil {
		t.Fatal(err)
	}
	gen, err := b.Contracts().GenerateDue(ctx, date(2027, 2, 1))
	if domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), "Broken") ||
		!strings.Contains(domain.ErrorMessage(err), "already taken") {
		t.Fatalf("want a conflict naming the broken contract, got %v", err)
	}
	if len(gen) != 2 || gen[0].ContractID != fine.ID || gen[1].ContractID != fine.ID {
		t.Fatalf("the other contract should be billed: %+v", gen)
	}
	got, _ := b.Contracts().FindContractByID(ctx, broken.ID)
	if !got.BilledThrough.IsZero() || count(t, b, `SELECT count(*) FROM contract_invoices WHERE contract_id = ?`, broken.ID) != 0 ||
		count(t, b, `SELECT count(*) FROM documents`) != 3 {
		t.Errorf("the failed contract left something behind: billed through %s", got.BilledThrough)
	}
	if got := auditRows(t, b, "contract", broken.ID); strings.Join(got, ",") != "create" {
		t.Errorf("failed contract audit rows %v", got)
	}

	// The unique period is the last line of defence: with billed_through
	// stale, a period already recorded is refused, not billed twice.
	if _, err := b.db.Exec(`INSERT INTO number_counters (kind, year, last_seq) VALUES ('invoice', 2027, 1)`); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.Exec(`UPDATE contracts SET billed_through = '' WHERE id = ?`, fine.ID); err != nil {
		t.Fatal(err)
	}
	gen, err = b.Contracts().GenerateDue(ctx, date(2027, 2, 1))
	if domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), "January 2027 was invoiced already") {
		t.Fatalf("want the stale contract refused, got %v", err)
	}
	if n := count(t, b, `SELECT count(*) FROM contract_invoices WHERE contract_id = ?`, fine.ID); n != 2 {
		t.Errorf("the stale contract has %d invoiced periods, want 2", n)
	}
	if len(gen) != 2 || gen[0].ContractID != broken.ID || gen[0].Number != "INV-2027-00002" {
		t.Errorf("with its counter back, the first contract bills: %+v", gen)
	}
	if _, err := b.Contracts().GenerateDue(ctx, domain.Date{}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a run with no date: %v", err)
	}
}

func TestRenewalWindowAndRenew(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	svc := b.Contracts()
	k := contractFor(c, vat, date(2027, 1, 1), domain.Yearly, domain.InAdvance, 1)
	k.End, k.NoticeDays = date(2027, 12, 31), 60
	open := contractFor(c, vat, date(2027, 1, 1), domain.Monthly, domain.InAdvance, 1)
	open.Title = "Open-ended"
	for _, x := range []*domain.Contract{k, open} {
		if err := svc.CreateContract(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	due := func(asOf domain.Date) string {
		t.Helper()
		ks, err := svc.RenewalsDue(ctx, asOf)
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, x := range ks {
			titles = append(titles, x.Title)
		}
		return strings.Join(titles, ",")
	}
	for asOf, want := range map[domain.Date]string{
		date(2027, 10, 31): "",                // 61 days before the end
		date(2027, 11, 1):  "Managed hosting", // 60 days before: the notice period starts
		date(2027, 12, 31): "Managed hosting", // the last day
		date(2028, 1, 5):   "Managed hosting", // past the end with no decision: still listed
	} {
		if got := due(asOf); got != want {
			t.Errorf("renewals due %s: %q, want %q", asOf, got, want)
		}
	}
	if gen := generate(t, b, date(2027, 1, 1)); periods(gen) != "2027-01-01..2027-12-31, 2027-01-01..2027-01-31" {
		t.Fatalf("first run: %s", periods(gen))
	}

	value, _ := money.Parse("1800", "EUR")
	if _, err := svc.Renew(ctx, k.ID, date(2027, 6, 30), value); domain.FieldErrors(err)["end"] == "" {
		t.Errorf("renewing to an earlier end: %v", err)
	}
	if _, err := svc.Renew(ctx, open.ID, date(2028, 12, 31), value); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("renewing an open-ended contract: %v", err)
	}
	usd, _ := money.Parse("1800", "USD")
	if _, err := svc.Renew(ctx, k.ID, date(2028, 12, 31), usd); domain.FieldErrors(err)["value"] == "" {
		t.Errorf("renewing in another currency: %v", err)
	}
	if _, err := svc.Renew(ctx, 999, date(2028, 12, 31), value); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("renewing a missing contract: %v", err)
	}
	if got := auditRows(t, b, "contract", k.ID); strings.Join(got, ",") != "create,bill" {
		t.Fatalf("refused renewals were audited: %v", got)
	}
	renewed, err := svc.Renew(ctx, k.ID, date(2028, 12, 31), value)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := svc.FindContractByID(ctx, k.ID)
	if got.End != date(2028, 12, 31) || got.Value.String() != "1,800.00 EUR" || got.Status != domain.ContractActive ||
		got.BilledThrough != date(2027, 12, 31) || renewed.End != got.End {
		t.Errorf("after renewal %+v", got)
	}
	if got := due(date(2027, 11, 1)); got != "" {
		t.Errorf("a renewed contract is still due for renewal: %q", got)
	}
	if got := auditRows(t, b, "contract", k.ID); strings.Join(got, ",") != "create,bill,renew" {
		t.Errorf("contract audit rows %v", got)
	}
	// Billing carries on where it stood: 2028 is the next period, once.
	gen := generate(t, b, date(2028, 1, 1))
	var yearly []string
	for _, g := range gen {
		if g.ContractID == k.ID {
			yearly = append(yearly, g.Period.Label())
		}
	}
	if strings.Join(yearly, ",") != "2028" {
		t.Errorf("after renewal billed %v", yearly)
	}

	// An ended contract is neither billed nor renewed.
	got.Status = domain.ContractEnded
	if err := svc.UpdateContract(ctx, got); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Renew(ctx, k.ID, date(2029, 12, 31), value); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("renewing an ended contract: %v", err)
	}
	if got := due(date(2028, 12, 1)); got != "" {
		t.Errorf("an ended contract is due for renewal: %q", got)
	}
	for _, g := range generate(t, b, date(2029, 6, 1)) {
		if g.ContractID == k.ID {
			t.Errorf("an ended contract was billed: %+v", g)
		}
	}
}

func TestConcurrentBillingRunsBillEachPeriodOnce(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		k := contractFor(c, vat, date(2027, 1, 1+i), domain.Monthly, domain.InAdvance, 1+i)
		k.IssueAutomatically = i%2 == 0
		if err := b.Contracts().CreateContract(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	results := make([][]domain.Generated, 4)
	errs := make([]error, 4)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = b.Contracts().GenerateDue(ctx, date(2027, 6, 30))
		}()
	}
	wg.Wait()
	made := 0
	for i, err := range errs {
		if err != nil {
			t.Errorf("run %d: %v", i, err)
		}
		made += len(results[i])
	}
	// Five contracts, January to June each: 30 periods between all the runs.
	if made != 30 || count(t, b, `SELECT count(*) FROM contract_invoices`) != 30 || count(t, b, `SELECT count(*) FROM documents`) != 30 {
		t.Errorf("runs made %d invoices; the book has %d periods and %d documents", made,
			count(t, b, `SELECT count(*) FROM contract_invoices`), count(t, b, `SELECT count(*) FROM documents`))
	}
	if n := count(t, b, `SELECT count(*) FROM documents WHERE status = 'issued'`); n != 18 {
		t.Errorf("%d issued, want 18", n)
	}
	if n := count(t, b, `SELECT count(DISTINCT number) FROM documents WHERE number BETWEEN 'INV-2027-00001' AND 'INV-2027-00018'`); n != 18 {
		t.Errorf("issued numbers are not 1 to 18 without gaps: %d of them", n)
	}
}

// A contract that renews by itself runs on a year once its end has passed —
// once, however often the run happens — and its new periods are billed; one
// that does not is left to lapse.
func TestRenewDueRenewsAutoRenewingContractsOnce(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	auto := contractFor(c, vat, date(2027, 1, 1), domain.Quarterly, domain.InAdvance, 1)
	auto.End, auto.AutoRenew, auto.NoticeDays = date(2027, 12, 31), true, 30
	manual := contractFor(c, vat, date(2027, 1, 1), domain.Quarterly, domain.InAdvance, 1)
	manual.Title, manual.End = "Consulting retainer", date(2027, 12, 31)
	for _, k := range []*domain.Contract{auto, manual} {
		if err := b.Contracts().CreateContract(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	if got := generate(t, b, date(2027, 12, 31)); len(got) != 8 {
		t.Fatalf("2027 makes four quarters of each: %s", periods(got))
	}
	if n, err := b.Contracts().RenewDue(ctx, date(2027, 12, 31)); err != nil || len(n) != 0 {
		t.Fatalf("on the last day nothing renews: %v %v", n, err)
	}
	audit := count(t, b, `SELECT count(*) FROM audit_log`)
	for i := 0; i < 2; i++ {
		n, err := b.Contracts().RenewDue(ctx, date(2028, 1, 2))
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 && (len(n) != 1 || n[0].ID != auto.ID || n[0].End != date(2028, 12, 31)) {
			t.Fatalf("first run renewed %+v", n)
		}
		if i == 1 && len(n) != 0 {
			t.Errorf("the second run renewed %+v again", n)
		}
	}
	if got := count(t, b, `SELECT count(*) FROM audit_log WHERE entity = 'contract' AND action = 'auto-renew'`); got != 1 ||
		count(t, b, `SELECT count(*) FROM audit_log`) != audit+1 {
		t.Errorf("%d auto-renew audit rows", got)
	}
	gen := generate(t, b, date(2028, 1, 2))
	if periods(gen) != "2028-01-01..2028-03-31" || gen[0].ContractID != auto.ID {
		t.Errorf("after the renewal the run bills %s", periods(gen))
	}
	k, _ := b.Contracts().FindContractByID(ctx, manual.ID)
	if k.End != date(2027, 12, 31) {
		t.Errorf("the contract without auto-renew ran on to %s", k.End)
	}
	if _, err := b.Contracts().RenewDue(ctx, domain.Date{}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("no date: %v", err)
	}
}
