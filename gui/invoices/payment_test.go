package invoices

import (
	"context"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/guitest"
	"clientbook/gui/receivables"
)

// Record payment… on an open invoice opens the payment form with the
// client, what is still open, today and the whole of it set against the
// invoice; once the payment is saved the invoice, its badge, the list's
// status and balance say paid at once, and the action is gone.
func TestRecordPaymentFromTheInvoice(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	inv := f.issued(t, f.client, 10, domain.NewDate(2027, 6, 30), "", "1000.00")
	part := &domain.Payment{ClientID: f.client.ID, Date: domain.NewDate(2027, 2, 1), Method: domain.MethodBankTransfer,
		Amount:      money.Money{Amount: decimal.RequireFromString("400"), Currency: "EUR"},
		Allocations: []domain.Allocation{{DocumentID: inv.ID, Amount: decimal.RequireFromString("400")}}}
	if err := f.book.Payments().CreatePayment(ctx, part); err != nil {
		t.Fatal(err)
	}
	panel := receivables.NewPanel(f.book, f.w)
	nav := &guitest.Nav{}
	f.s.Nav = nav
	f.s.Open(inv.ID)
	tap(t, f.s.Object(), "Record payment…")
	if len(nav.Payments) != 1 {
		t.Fatalf("Record payment… went to %q", nav.Went)
	}
	opened := nav.Payments[0]
	panel.Load(opened)
	if opened.ID != 0 || opened.ClientID != f.client.ID || opened.Amount.String() != "600.00 EUR" ||
		opened.Date != domain.NewDate(2027, 3, 1) || len(opened.Allocations) != 1 ||
		opened.Allocations[0].DocumentID != inv.ID || opened.Allocations[0].Amount.String() != "600" {
		t.Errorf("the payment opened: %+v", opened)
	}
	if got := panel.Summary(); got != "Allocated 600.00 · Unapplied credit 0.00" {
		t.Errorf("the payment form says %q", got)
	}
	if !panel.Save() {
		t.Fatal("the prefilled payment was not saved")
	}
	e := f.s.editor
	if got := e.paymentsSummary.Text; got != "Paid 1,000.00, credited 0.00, open 0.00 EUR — paid." || e.badge.Text != "Paid" {
		t.Errorf("after saving, the invoice says %q, its badge %q", got, e.badge.Text)
	}
	if r, _ := f.s.table.Row(0); r.statusText() != "Paid" || r.balance() != "0.00" {
		t.Errorf("after saving, the list says %q with %q open", r.statusText(), r.balance())
	}
	if button(f.s.Object(), "Record payment…") != nil {
		t.Error("Record payment… is still offered on a paid invoice")
	}
}

// The status filter offers where invoices stand with their payment, and the
// Balance column says what is open on each.
func TestStatusFilterByPaymentState(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	overdue := f.issued(t, f.client, 10, domain.NewDate(2027, 2, 1), "PO-late", "100.00")
	f.issued(t, f.client, 11, domain.NewDate(2027, 6, 1), "PO-open", "200.00")
	partial := f.issued(t, f.client, 12, domain.NewDate(2027, 6, 1), "PO-part", "300.00")
	p := &domain.Payment{ClientID: f.client.ID, Date: domain.NewDate(2027, 2, 1), Method: domain.MethodBankTransfer,
		Amount: money.Money{Amount: decimal.RequireFromString("150"), Currency: "EUR"},
		Allocations: []domain.Allocation{{DocumentID: partial.ID, Amount: decimal.RequireFromString("120")},
			{DocumentID: overdue.ID, Amount: decimal.RequireFromString("30")}}}
	if err := f.book.Payments().CreatePayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ status, want string }{
		{"Any status", "PO-part Partially paid 180.00 · PO-open Unpaid 200.00 · PO-late Overdue 70.00"},
		{"Overdue", "PO-late Overdue 70.00"},
		{"Unpaid", "PO-open Unpaid 200.00"},
		{"Partially paid", "PO-part Partially paid 180.00"},
		{"Paid", ""},
	} {
		f.s.status.SetSelected(c.status)
		var got []string
		for i := 0; i < f.s.table.Total(); i++ {
			r, _ := f.s.table.Row(i)
			got = append(got, r.PONumber+" "+r.statusText()+" "+r.balance())
		}
		if strings.Join(got, " · ") != c.want {
			t.Errorf("%s: %q, want %q", c.status, strings.Join(got, " · "), c.want)
		}
	}
	if f.s.Filter().Payment != domain.PayPaid || f.s.table.Empty != "Nothing matches these filters." {
		t.Errorf("filter %+v, empty text %q", f.s.Filter(), f.s.table.Empty)
	}
}

// A line's quantity and its discount are read by the same rules: "1,5" and
// "2,5" are 1.5 and 2.5 on the same row.
func TestLineQuantityAndDiscountReadAlike(t *testing.T) {
	f := newFixture(t)
	f.s.NewFor(domain.KindInvoice, f.client)
	e := f.s.editor
	typeLine(e, 0, "Consulting", "1,5", "1.000,00")
	e.lines[0].disc.SetText("2,5")
	d, problems := e.collect()
	if len(problems) > 0 {
		t.Fatalf("problems %v", problems)
	}
	l := d.Lines[0]
	if !l.Quantity.Equal(decimal.RequireFromString("1.5")) || !l.DiscountPercent.Equal(decimal.RequireFromString("2.5")) ||
		!l.UnitPrice.Equal(decimal.NewFromInt(1000)) {
		t.Errorf("read quantity %s, discount %s, price %s", l.Quantity, l.DiscountPercent, l.UnitPrice)
	}
	// 1.5 × 1,000.00 less 2.5 % is 1,462.50.
	if got := e.lines[0].amount.Text; got != "1,462.50" {
		t.Errorf("the line comes to %q", got)
	}
}
