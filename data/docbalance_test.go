package data

import (
	"context"
	"slices"
	"strings"
	"testing"

	"clientbook/domain"
	"clientbook/domain/money"
)

// The document list filters issued invoices by where they stand with their
// payment — in SQL, agreeing with PaymentService.PaymentStatus for every
// invoice — and gives each its balance: allocations of payments received
// by the day and credit notes issued by then count, later ones do not.
func TestFindDocumentsByPaymentState(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	docs := b.Documents()
	asOf := domain.NewDate(2027, 5, 1)
	issue := func(due domain.Date, price string) *domain.Document {
		t.Helper()
		d := draftFor(c, vat, "Work|1|"+price)
		d.DueDate = due
		if err := docs.CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		inv, _, err := docs.Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
		if err != nil {
			t.Fatal(err)
		}
		return inv
	}
	pay := func(inv *domain.Document, on domain.Date, amount string) {
		t.Helper()
		m, err := money.Parse(amount, "EUR")
		if err != nil {
			t.Fatal(err)
		}
		p := &domain.Payment{ClientID: c.ID, Date: on, Method: domain.MethodBankTransfer, Amount: m,
			Allocations: []domain.Allocation{{DocumentID: inv.ID, Amount: m.Amount}}}
		if err := b.Payments().CreatePayment(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	later, earlier := domain.NewDate(2027, 6, 30), domain.NewDate(2027, 4, 1)
	unpaid := issue(later, "100")        // 119.00, nothing paid
	partial := issue(later, "100")       // 119.00, 19.00 paid
	paid := issue(earlier, "100")        // paid in full, though past due
	credited := issue(earlier, "100")    // a credit note takes all of it off
	overdue := issue(earlier, "100")     // nothing paid, past due
	overPartial := issue(earlier, "100") // part paid, past due
	dueToday := issue(asOf, "100")       // due on the day: not yet overdue
	paidLater := issue(later, "100")     // paid after the day: unpaid on it
	noDue := issue(domain.Date{}, "100") // never overdue
	held := issue(earlier, "100")        // past due, but an open dispute holds it
	settled := issue(earlier, "100")     // past due; its dispute was resolved
	for _, inv := range []*domain.Document{held, settled} {
		e := &domain.CollectionEntry{ClientID: c.ID, DocumentID: inv.ID, Kind: domain.CollectionDispute, On: earlier,
			Text: "Says the work was not finished"}
		if err := b.Collections().AddCollectionEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
		if inv == settled {
			if err := b.Collections().ResolveDispute(ctx, e.ID, earlier.AddDays(3), "Finished on site"); err != nil {
				t.Fatal(err)
			}
		}
	}
	pay(partial, earlier, "19.00")
	pay(paid, earlier, "119.00")
	pay(overPartial, earlier, "50.00")
	pay(paidLater, domain.NewDate(2027, 5, 2), "119.00")
	cn, err := docs.CreditNote(ctx, credited.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := docs.Issue(ctx, cn.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
		t.Fatal(err)
	}
	// A draft and a quote are in no state.
	if err := docs.CreateDraft(ctx, draftFor(c, vat, "Draft|1|5")); err != nil {
		t.Fatal(err)
	}
	name := map[int64]string{unpaid.ID: "unpaid", partial.ID: "partial", paid.ID: "paid", credited.ID: "credited",
		overdue.ID: "overdue", overPartial.ID: "overPartial", dueToday.ID: "dueToday", paidLater.ID: "paidLater", noDue.ID: "noDue",
		held.ID: "held", settled.ID: "settled"}
	want := map[domain.PayState]string{
		domain.PayIssued:   "dueToday noDue paidLater unpaid",
		domain.PayPartial:  "partial",
		domain.PayPaid:     "credited paid",
		domain.PayOverdue:  "overPartial overdue settled",
		domain.PayDisputed: "held",
	}
	var ids []int64
	for id := range name {
		ids = append(ids, id)
	}
	status, err := b.Payments().PaymentStatus(ctx, asOf, ids...)
	if err != nil {
		t.Fatal(err)
	}
	for _, state := range domain.PayStates {
		f := domain.DocumentFilter{Payment: state, AsOf: asOf, Sort: domain.SortDocsByNumber}
		rows, err := docs.FindDocuments(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, name[r.ID])
			if r.Pay != state || status[r.ID].State != state || !r.Balance.Amount.Equal(status[r.ID].Open) || r.Balance.Currency != "EUR" {
				t.Errorf("%s: %s row says %s with %s open; PaymentStatus %s with %s", state, name[r.ID], r.Pay, r.Balance,
					status[r.ID].State, status[r.ID].Open)
			}
		}
		slices.Sort(got)
		if strings.Join(got, " ") != want[state] {
			t.Errorf("%s: %v, want %s", state, got, want[state])
		}
		if n, err := docs.CountDocuments(ctx, f); err != nil || n != len(rows) {
			t.Errorf("%s: counted %d, %v; listed %d", state, n, err, len(rows))
		}
	}
	// Every row of an unfiltered list carries its balance: 100.00 open of
	// 119.00 on the partly paid one, nothing on a draft.
	rows, err := docs.FindDocuments(ctx, domain.DocumentFilter{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		switch {
		case r.ID == partial.ID && (r.Balance.Format() != "100.00" || r.Pay != domain.PayPartial):
			t.Errorf("the partly paid invoice: %s open, %s", r.Balance, r.Pay)
		case r.Status == domain.DocDraft && (!r.Balance.IsZero() || r.Pay != domain.PayNone):
			t.Errorf("a draft: %s open, %q", r.Balance, r.Pay)
		}
	}
	if _, err := docs.FindDocuments(ctx, domain.DocumentFilter{Payment: "settled"}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("an unknown state: %v", err)
	}
}

// Filtering by payment state reads the invoices through an index and each
// one's payments and credit notes through theirs: no table is scanned.
func TestPaymentStateFilterUsesIndexes(t *testing.T) {
	b, _, _ := invoicingBook(t)
	for _, state := range domain.PayStates {
		where, args := documentWhere(domain.DocumentFilter{Payment: state, Kind: domain.KindInvoice, AsOf: domain.NewDate(2027, 5, 1)}, searchNarrowing{}, clientNameKey)
		plan, err := planSteps(b.db, `SELECT count(*) FROM documents d JOIN clients c ON c.id = d.client_id`+where, args)
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range plan {
			if strings.HasPrefix(step, "SCAN ") && !strings.Contains(step, "USING") {
				t.Errorf("%s: %s\n%s", state, step, strings.Join(plan, "\n"))
			}
		}
	}
}
