package data

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

func day(s string) domain.Date {
	d, err := domain.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// issueInvoice issues an invoice to c dated issued and due on due, with one
// untaxed line per "DESCRIPTION|PRICE", so its total is the sum of the prices.
func issueInvoice(t *testing.T, b *Book, c *domain.Client, issued, due string, lines ...string) *domain.Document {
	t.Helper()
	ctx := context.Background()
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), day(issued))
	d.DueDate = day(due)
	for _, l := range lines {
		desc, price, _ := strings.Cut(l, "|")
		d.Lines = append(d.Lines, domain.Line{Description: desc, Quantity: dec("1"), UnitPrice: dec(price)})
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

// issueCredit issues a credit note dated issued for the invoice's lines at the
// given positions.
func issueCredit(t *testing.T, b *Book, inv *domain.Document, issued string, lines ...int) *domain.Document {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	for _, i := range lines {
		ids = append(ids, inv.Lines[i].ID)
	}
	cn, err := b.Documents().CreditNote(ctx, inv.ID, ids)
	if err != nil {
		t.Fatal(err)
	}
	cn.IssueDate, cn.DueDate = day(issued), day(issued)
	if err := b.Documents().UpdateDraft(ctx, cn); err != nil {
		t.Fatal(err)
	}
	cn, _, err = b.Documents().Issue(ctx, cn.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatal(err)
	}
	return cn
}

func eur(s string) money.Money { return money.Money{Amount: dec(s), Currency: "EUR"} }

func newPayment(c *domain.Client, date, amount string, allocs ...domain.Allocation) *domain.Payment {
	return &domain.Payment{ClientID: c.ID, Date: day(date), Amount: eur(amount), Method: domain.MethodBankTransfer,
		Reference: "Bank ref " + amount, Allocations: allocs}
}

// allocTo allocates amount to the invoice, named as a form or the command
// line names it.
func allocTo(inv *domain.Document, amount string) domain.Allocation {
	return domain.Allocation{DocumentID: inv.ID, DocumentNumber: inv.Number, Amount: dec(amount)}
}

func countRows(t *testing.T, b *Book, table string) int {
	t.Helper()
	var n int
	if err := b.db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// openOn returns what is open on an invoice now, from OpenItems (zero when it
// is not listed because nothing is open).
func openOn(t *testing.T, b *Book, inv *domain.Document) string {
	t.Helper()
	items, err := b.Payments().OpenItems(context.Background(), inv.ClientID, inv.Currency, domain.Date{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.DocumentID == inv.ID {
			return it.Open.StringFixed(2)
		}
	}
	return "0.00"
}

// The allocations of a payment add up exactly, and no allocation may take more
// than is open on its invoice once every other payment is counted: the refusal
// names the invoice and what is open, and nothing is written.
func TestAllocationsExactAndNeverOverAnInvoice(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	pays := b.Payments()
	a := issueInvoice(t, b, c, "2027-01-10", "2027-02-09", "Consulting|1000.00")
	bb := issueInvoice(t, b, c, "2027-01-20", "2027-02-19", "Licence|250.50")

	p := newPayment(c, "2027-02-01", "1250.50", allocTo(a, "1000.00"), allocTo(bb, "250.50"))
	if err := pays.CreatePayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := pays.FindPaymentByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Amount.Equal(eur("1250.50")) || !got.Allocated().Equal(dec("1250.50")) || !got.Unapplied().IsZero() ||
		got.ClientName != c.Name || got.Date != day("2027-02-01") || got.Reference != "Bank ref 1250.50" ||
		len(got.Allocations) != 2 || got.Allocations[0].DocumentNumber != a.Number || !got.Allocations[1].Amount.Equal(dec("250.50")) {
		t.Fatalf("read back %+v", got)
	}
	if items, _ := pays.OpenItems(ctx, c.ID, "EUR", domain.Date{}, 0); len(items) != 0 {
		t.Errorf("both invoices are paid, yet open items are %+v", items)
	}

	// One cent more on a paid invoice is refused, and nothing is written.
	payments, allocations, audits := countRows(t, b, "payments"), countRows(t, b, "allocations"), countRows(t, b, "audit_log")
	extra := newPayment(c, "2027-02-02", "0.01", allocTo(a, "0.01"))
	err = pays.CreatePayment(ctx, extra)
	want := fmt.Sprintf("allocation 1: 0.01 EUR is more than the 0.00 EUR open on invoice %s", a.Number)
	if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)["allocations.0.amount"] != want ||
		!strings.Contains(domain.ErrorMessage(err), want) {
		t.Fatalf("over-allocation: %v (fields %v)", err, domain.FieldErrors(err))
	}
	if extra.ID != 0 || countRows(t, b, "payments") != payments || countRows(t, b, "allocations") != allocations ||
		countRows(t, b, "audit_log") != audits {
		t.Error("a refused payment wrote something")
	}

	// Part payments of a third invoice: 200.00 + 100.00 is all of 300.00; 100.01 is not.
	cc := issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "Support|300.00")
	if err := pays.CreatePayment(ctx, newPayment(c, "2027-03-05", "200.00", allocTo(cc, "200.00"))); err != nil {
		t.Fatal(err)
	}
	if got := openOn(t, b, cc); got != "100.00" {
		t.Errorf("after 200.00 of 300.00, open %s", got)
	}
	err = pays.CreatePayment(ctx, newPayment(c, "2027-03-06", "100.01", allocTo(cc, "100.01")))
	if msg := domain.FieldErrors(err)["allocations.0.amount"]; msg != "allocation 1: 100.01 EUR is more than the 100.00 EUR open on invoice "+cc.Number {
		t.Errorf("100.01 on 100.00 open: %v", err)
	}
	if err := pays.CreatePayment(ctx, newPayment(c, "2027-03-06", "100.00", allocTo(cc, "100.00"))); err != nil {
		t.Fatal(err)
	}
	st, err := pays.PaymentStatus(ctx, day("2027-03-10"), a.ID, bb.ID, cc.ID, 98765)
	if err != nil {
		t.Fatal(err)
	}
	if len(st) != 3 || st[cc.ID].State != domain.PayPaid || !st[cc.ID].Paid.Equal(dec("300")) || !st[cc.ID].Open.IsZero() ||
		st[a.ID].State != domain.PayPaid {
		t.Errorf("payment status %+v", st)
	}

	// Allocations that add up to more than the payment.
	dd := issueInvoice(t, b, c, "2027-03-02", "2027-04-01", "Audit|500.00")
	err = pays.CreatePayment(ctx, newPayment(c, "2027-03-07", "100.00", allocTo(dd, "60.00"), allocTo(dd, "50.00")))
	f := domain.FieldErrors(err)
	if f["allocations"] != "the allocations total 110.00 EUR, more than the payment of 100.00 EUR" ||
		f["allocations.1.document"] != "allocation 2: invoice "+dd.Number+" is already in allocation 1" {
		t.Errorf("allocations over the payment: %v", err)
	}
	if got := openOn(t, b, dd); got != "500.00" {
		t.Errorf("refused payments changed what is open on %s: %s", dd.Number, got)
	}
}

// Allocations only go to issued invoices of the payment's client: not drafts,
// credit notes, void invoices, another client's invoices or documents that do
// not exist; a missing client is reported at the client field.
func TestAllocationsRefuseWrongDocuments(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	pays := b.Payments()
	other := newClient("Other GmbH", "Berlin")
	if err := b.Clients().CreateClient(ctx, other); err != nil {
		t.Fatal(err)
	}
	draft := draftFor(c, vat, "Draft work|1|10.00")
	if err := b.Documents().CreateDraft(ctx, draft); err != nil {
		t.Fatal(err)
	}
	theirs := issueInvoice(t, b, other, "2027-01-10", "2027-02-09", "Their work|40.00")
	inv := issueInvoice(t, b, c, "2027-01-10", "2027-02-09", "Work|100.00", "Extra|20.00")
	cn := issueCredit(t, b, inv, "2027-01-15", 1)
	voided := issueInvoice(t, b, c, "2027-01-11", "2027-02-10", "Mistake|70.00")
	if err := b.Documents().Void(ctx, voided.ID, "wrong client"); err != nil {
		t.Fatal(err)
	}
	err := pays.CreatePayment(ctx, newPayment(c, "2027-02-01", "500.00",
		allocTo(draft, "1.00"), allocTo(theirs, "1.00"), allocTo(cn, "1.00"), allocTo(voided, "1.00"),
		domain.Allocation{DocumentID: 424242, Amount: dec("1.00")}, allocTo(inv, "100.00")))
	want := map[string]string{
		"allocations.0.document": fmt.Sprintf("allocation 1: invoice #%d is a draft; issue it before recording a payment against it", draft.ID),
		"allocations.1.document": "allocation 2: invoice " + theirs.Number + " is another client's",
		"allocations.2.document": "allocation 3: " + cn.Number + " is a credit note, not an invoice",
		"allocations.3.document": "allocation 4: invoice " + voided.Number + " is void, so nothing is owed on it",
		"allocations.4.document": "allocation 5: invoice #424242 does not exist",
	}
	got := domain.FieldErrors(err)
	if domain.ErrorCode(err) != domain.EINVALID || len(got) != len(want) {
		t.Fatalf("err = %v\nfields %v", err, got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("fields[%q] = %q, want %q", k, got[k], v)
		}
	}
	if n := countRows(t, b, "payments"); n != 0 {
		t.Errorf("%d payments written", n)
	}
	err = pays.CreatePayment(ctx, &domain.Payment{ClientID: 999, Date: day("2027-02-01"), Amount: eur("5"), Method: domain.MethodCash})
	if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)["client"] == "" {
		t.Errorf("a missing client: %v", err)
	}
	if err := pays.CreatePayment(ctx, &domain.Payment{ClientID: c.ID, Amount: eur("-5"), Method: "barter"}); len(domain.FieldErrors(err)) != 3 {
		t.Errorf("no date, negative amount, unknown method should be three field errors: %v", err)
	}
}

// A payment larger than what is open leaves the rest as unapplied credit,
// which can later be allocated to an invoice issued after the payment.
func TestOverpaymentBecomesCreditAndIsAppliedLater(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	pays := b.Payments()
	a := issueInvoice(t, b, c, "2027-01-10", "2027-02-09", "Work|400.00")

	p := newPayment(c, "2027-02-01", "1000.00")
	open, err := pays.OpenItems(ctx, c.ID, "EUR", p.Date, 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.Allocations, err = domain.AutoAllocate(p, open); err != nil {
		t.Fatal(err)
	}
	if err := pays.CreatePayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	if len(p.Allocations) != 1 || p.Allocations[0].DocumentID != a.ID || !p.Allocations[0].Amount.Equal(dec("400")) ||
		!p.Unapplied().Equal(dec("600")) {
		t.Fatalf("auto allocation %+v, unapplied %s", p.Allocations, p.Unapplied())
	}
	bal, err := pays.ClientBalance(ctx, c.ID, "EUR", day("2027-02-01"))
	if err != nil {
		t.Fatal(err)
	}
	if !bal.Owed.IsZero() || !bal.Credit.Equal(dec("600")) || !bal.Net.Equal(dec("-600")) {
		t.Errorf("balance after overpayment %+v", bal)
	}

	// A later invoice takes 450.00 of the credit.
	later := issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "More work|450.00")
	if err := pays.SetAllocations(ctx, p.ID, append(p.Allocations, allocTo(later, "450.00"))); err != nil {
		t.Fatal(err)
	}
	got, _ := pays.FindPaymentByID(ctx, p.ID)
	if len(got.Allocations) != 2 || !got.Unapplied().Equal(dec("150")) {
		t.Fatalf("after applying the credit: %+v", got)
	}
	bal, _ = pays.ClientBalance(ctx, c.ID, "EUR", day("2027-03-01"))
	if !bal.Owed.IsZero() || !bal.Credit.Equal(dec("150")) {
		t.Errorf("balance after applying credit %+v", bal)
	}
	// The same credit cannot be applied twice: only 150.00 is left.
	third := issueInvoice(t, b, c, "2027-03-02", "2027-04-01", "Even more|500.00")
	err = pays.SetAllocations(ctx, p.ID, append(got.Allocations, allocTo(third, "150.01")))
	if f := domain.FieldErrors(err)["allocations"]; f != "the allocations total 1,000.01 EUR, more than the payment of 1,000.00 EUR" {
		t.Errorf("applying more credit than is left: %v", err)
	}
	// Removing every allocation leaves the whole payment as credit.
	if err := pays.SetAllocations(ctx, p.ID, nil); err != nil {
		t.Fatal(err)
	}
	bal, _ = pays.ClientBalance(ctx, c.ID, "EUR", day("2027-04-30"))
	// Owed 400 + 450 + 500 = 1,350.00; the 1,000.00 paid is all credit.
	if !bal.Owed.Equal(dec("1350")) || !bal.Credit.Equal(dec("1000")) || !bal.Net.Equal(dec("350")) ||
		!bal.Overdue.Equal(dec("1350")) {
		t.Errorf("balance with everything unallocated %+v", bal)
	}
	if got := strings.Join(auditRows(t, b, "payment", p.ID), ","); got != "create,allocate,allocate" {
		t.Errorf("audit %s", got)
	}
}

// A payment is never converted: one in USD cannot pay a EUR invoice, and
// auto-allocation refuses rather than mixing currencies.
func TestPaymentInAnotherCurrencyIsRefused(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	pays := b.Payments()
	inv := issueInvoice(t, b, c, "2027-01-10", "2027-02-09", "Work|100.00")
	usd := &domain.Payment{ClientID: c.ID, Date: day("2027-02-01"), Amount: money.Money{Amount: dec("100"), Currency: "USD"},
		Method: domain.MethodCard, Allocations: []domain.Allocation{allocTo(inv, "100.00")}}
	err := pays.CreatePayment(ctx, usd)
	want := "allocation 1: the payment is in USD but invoice " + inv.Number + " is in EUR; record it in EUR"
	if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)["allocations.0.document"] != want {
		t.Fatalf("USD payment on a EUR invoice: %v", err)
	}
	if countRows(t, b, "payments") != 0 {
		t.Error("the refused payment was written")
	}
	if items, _ := pays.OpenItems(ctx, c.ID, "USD", domain.Date{}, 0); len(items) != 0 {
		t.Errorf("open USD items %+v", items)
	}
	all, _ := pays.OpenItems(ctx, c.ID, "", domain.Date{}, 0)
	if _, err := domain.AutoAllocate(usd, all); domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(err.Error(), "record it in EUR") {
		t.Errorf("auto-allocating USD over EUR invoices: %v", err)
	}
	// Without allocations a USD payment is just USD credit.
	usd.Allocations = nil
	if err := pays.CreatePayment(ctx, usd); err != nil {
		t.Fatal(err)
	}
	bal, _ := pays.ClientBalance(ctx, c.ID, "USD", day("2027-02-01"))
	eurBal, _ := pays.ClientBalance(ctx, c.ID, "EUR", day("2027-02-01"))
	if !bal.Credit.Equal(dec("100")) || !bal.Owed.IsZero() || !eurBal.Owed.Equal(dec("100")) || !eurBal.Credit.IsZero() {
		t.Errorf("USD balance %+v, EUR balance %+v", bal, eurBal)
	}
	// And a payment with allocations cannot be switched to another currency
	// under them, even by raw SQL.
	p := newPayment(c, "2027-02-02", "10.00", allocTo(inv, "10.00"))
	if err := pays.CreatePayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.Exec(`UPDATE payments SET currency = 'USD' WHERE id = ?`, p.ID); err == nil || !strings.Contains(err.Error(), "allocations") {
		t.Errorf("raw currency change under allocations: %v", err)
	}
	if _, err := pays.ClientBalance(ctx, c.ID, "EURO", domain.Date{}); domain.FieldErrors(err)["currency"] == "" {
		t.Errorf("unknown currency: %v", err)
	}
}

// TestAgingAsOfAPastDate ages the book as it stood on 2027-04-30, with the
// default edges (Current, 1–30, 31–60, 61–90, Over 90 days past due), all EUR.
//
// Nordlicht (terms as set on each invoice):
//
//	INV1 issued 01-05 due 02-04  1,000.00; paid 600.00 on 03-01     open 400.00, 85 days late  → 61–90
//	INV2 issued 03-20 due 04-19    500.00; paid in full on 05-10    (after, ignored) 500.00, 11 days → 1–30
//	INV3 issued 04-25 due 05-25    350.00 (200+100+50); credit 100 on 04-28, credit 50 on 05-05 (ignored)
//	                                                                open 250.00, not due        → Current
//	INV4 issued 05-02              999.00                            not yet issued             → left out
//
// Beta:
//
//	INV5 issued 2026-12-01 due 12-31  2,000.00                       120 days late              → Over 90
//	P3 700.00 received 04-15, unallocated                            credit 700.00
//	P4 300.00 received 04-10, allocated to INV6 issued 05-03         credit 300.00 until then
//	a draft for 5,000.00                                             left out
//
//	Client     Current   1–30   31–60   61–90   Over 90   Total     Credits   Net
//	Beta          0.00   0.00    0.00    0.00  2,000.00  2,000.00  1,000.00  1,000.00
//	Nordlicht   250.00 500.00    0.00  400.00      0.00  1,150.00      0.00  1,150.00
//	Total       250.00 500.00    0.00  400.00  2,000.00  3,150.00  1,000.00  2,150.00
//
// On 2027-05-31 the later records count: INV1 400.00 is 116 days late (Over
// 90), INV2 is paid, INV3 has 200.00 open 6 days late (1–30), INV4 999.00 is
// current; Beta's INV5 stays Over 90, INV6 is paid and only P3's 700.00 is
// credit.
func TestAgingAsOfAPastDate(t *testing.T) {
	b, nord, vat := invoicingBook(t)
	ctx := context.Background()
	pays := b.Payments()
	beta := newClient("Beta Handel KG", "Hamburg")
	if err := b.Clients().CreateClient(ctx, beta); err != nil {
		t.Fatal(err)
	}
	inv1 := issueInvoice(t, b, nord, "2027-01-05", "2027-02-04", "Project|1000.00")
	inv2 := issueInvoice(t, b, nord, "2027-03-20", "2027-04-19", "Support|500.00")
	inv3 := issueInvoice(t, b, nord, "2027-04-25", "2027-05-25", "A|200.00", "B|100.00", "C|50.00")
	issueCredit(t, b, inv3, "2027-04-28", 1)
	issueCredit(t, b, inv3, "2027-05-05", 2)
	issueInvoice(t, b, nord, "2027-05-02", "2027-06-01", "Later|999.00")
	issueInvoice(t, b, beta, "2026-12-01", "2026-12-31", "Old|2000.00")
	draft := draftFor(beta, vat, "Draft|1|5000.00")
	if err := b.Documents().CreateDraft(ctx, draft); err != nil {
		t.Fatal(err)
	}
	for _, p := range []*domain.Payment{
		newPayment(nord, "2027-03-01", "600.00", allocTo(inv1, "600.00")),
		newPayment(nord, "2027-05-10", "500.00", allocTo(inv2, "500.00")),
		newPayment(beta, "2027-04-15", "700.00"),
	} {
		if err := pays.CreatePayment(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	p4 := newPayment(beta, "2027-04-10", "300.00")
	if err := pays.CreatePayment(ctx, p4); err != nil {
		t.Fatal(err)
	}
	inv6 := issueInvoice(t, b, beta, "2027-05-03", "2027-06-02", "Prepaid|300.00")
	if err := pays.SetAllocations(ctx, p4.ID, []domain.Allocation{allocTo(inv6, "300.00")}); err != nil {
		t.Fatal(err)
	}

	rep, err := pays.Aging(ctx, day("2027-04-30"), "eur", nil)
	if err != nil {
		t.Fatal(err)
	}
	checkAging(t, rep, "Current,1–30,31–60,61–90,Over 90", []string{
		"Beta Handel KG: 0.00 0.00 0.00 0.00 2000.00 | 2000.00 1000.00 1000.00",
		"Nordlicht Logistik GmbH: 250.00 500.00 0.00 400.00 0.00 | 1150.00 0.00 1150.00",
		"Total: 250.00 500.00 0.00 400.00 2000.00 | 3150.00 1000.00 2150.00",
	})

	rep, err = pays.Aging(ctx, day("2027-05-31"), "EUR", nil)
	if err != nil {
		t.Fatal(err)
	}
	checkAging(t, rep, "Current,1–30,31–60,61–90,Over 90", []string{
		"Beta Handel KG: 0.00 0.00 0.00 0.00 2000.00 | 2000.00 700.00 1300.00",
		"Nordlicht Logistik GmbH: 999.00 200.00 0.00 0.00 400.00 | 1599.00 0.00 1599.00",
		"Total: 999.00 200.00 0.00 0.00 2400.00 | 3599.00 700.00 2899.00",
	})

	// Edges of one's own choosing; bad ones are refused, not replaced.
	rep, err = pays.Aging(ctx, day("2027-04-30"), "EUR", domain.AgingBuckets{15, 100})
	if err != nil {
		t.Fatal(err)
	}
	checkAging(t, rep, "Current,1–15,16–100,Over 100", []string{
		"Beta Handel KG: 0.00 0.00 0.00 2000.00 | 2000.00 1000.00 1000.00",
		"Nordlicht Logistik GmbH: 250.00 500.00 400.00 0.00 | 1150.00 0.00 1150.00",
		"Total: 250.00 500.00 400.00 2000.00 | 3150.00 1000.00 2150.00",
	})
	if _, err := pays.Aging(ctx, day("2027-04-30"), "EUR", domain.AgingBuckets{60, 30}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("descending edges: %v", err)
	}
	if _, err := pays.Aging(ctx, day("2027-04-30"), "", nil); domain.FieldErrors(err)["currency"] == "" {
		t.Errorf("no currency: %v", err)
	}

	st, _ := pays.PaymentStatus(ctx, day("2027-04-30"), inv1.ID, inv2.ID, inv3.ID, draft.ID)
	if st[inv1.ID].State != domain.PayOverdue || st[inv2.ID].State != domain.PayOverdue || st[inv3.ID].State != domain.PayPartial ||
		!st[inv3.ID].Credited.Equal(dec("100")) || !st[inv3.ID].Open.Equal(dec("250")) || st[draft.ID].State != domain.PayNone {
		t.Errorf("status on 04-30: %+v", st)
	}
	st, _ = pays.PaymentStatus(ctx, day("2027-05-31"), inv2.ID)
	if st[inv2.ID].State != domain.PayPaid {
		t.Errorf("INV2 on 05-31: %+v", st[inv2.ID])
	}
	bal, _ := pays.ClientBalance(ctx, beta.ID, "EUR", day("2027-04-30"))
	if !bal.Owed.Equal(dec("2000")) || !bal.Overdue.Equal(dec("2000")) || !bal.Credit.Equal(dec("1000")) || !bal.Net.Equal(dec("1000")) {
		t.Errorf("Beta's balance on 04-30: %+v", bal)
	}
}

// checkAging compares a report with rows written "NAME: BUCKETS | TOTAL CREDITS NET".
func checkAging(t *testing.T, rep domain.AgingReport, labels string, want []string) {
	t.Helper()
	line := func(name string, buckets []decimal.Decimal, total, credits, net decimal.Decimal) string {
		var parts []string
		for _, x := range buckets {
			parts = append(parts, x.StringFixed(2))
		}
		return fmt.Sprintf("%s: %s | %s %s %s", name, strings.Join(parts, " "), total.StringFixed(2), credits.StringFixed(2), net.StringFixed(2))
	}
	var got []string
	for _, r := range rep.Rows {
		got = append(got, line(r.ClientName, r.Buckets, r.Total, r.Credits, r.Net))
	}
	got = append(got, line("Total", rep.Totals, rep.Total, rep.Credits, rep.Net))
	if strings.Join(rep.Labels, ",") != labels || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("aging as of %s\nlabels %v\n got:\n%s\nwant:\n%s", rep.AsOf, rep.Labels, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A credit note reduces what is open on its invoice; paying the rest pays it,
// and crediting a paid invoice leaves the excess as the client's credit.
func TestCreditNoteReducesTheOpenAmount(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	pays := b.Payments()
	inv := issueInvoice(t, b, c, "2027-02-01", "2027-03-03", "Work|800.00", "Travel|200.00")
	issueCredit(t, b, inv, "2027-02-10", 1)
	if got := openOn(t, b, inv); got != "800.00" {
		t.Fatalf("open after crediting 200.00 of 1,000.00: %s", got)
	}
	err := pays.CreatePayment(ctx, newPayment(c, "2027-02-20", "1000.00", allocTo(inv, "1000.00")))
	if msg := domain.FieldErrors(err)["allocations.0.amount"]; msg != "allocation 1: 1,000.00 EUR is more than the 800.00 EUR open on invoice "+inv.Number {
		t.Errorf("paying the credited part too: %v", err)
	}
	if err := pays.CreatePayment(ctx, newPayment(c, "2027-02-20", "800.00", allocTo(inv, "800.00"))); err != nil {
		t.Fatal(err)
	}
	st, _ := pays.PaymentStatus(ctx, day("2027-02-20"), inv.ID)
	if s := st[inv.ID]; s.State != domain.PayPaid || !s.Paid.Equal(dec("800")) || !s.Credited.Equal(dec("200")) || !s.Open.IsZero() {
		t.Errorf("status %+v", s)
	}
	// Crediting the work line as well, after it was paid: 800.00 is now owed to the client.
	issueCredit(t, b, inv, "2027-02-25", 0)
	bal, _ := pays.ClientBalance(ctx, c.ID, "EUR", day("2027-02-28"))
	if !bal.Owed.IsZero() || !bal.Credit.Equal(dec("800")) {
		t.Errorf("balance after over-crediting %+v", bal)
	}
	rep, _ := pays.Aging(ctx, day("2027-02-28"), "EUR", nil)
	if len(rep.Rows) != 1 || !rep.Rows[0].Credits.Equal(dec("800")) || !rep.Total.IsZero() {
		t.Errorf("aging after over-crediting %+v", rep)
	}
}

// Every change to a payment writes an audit row with the payment before and
// after, allocations included; deleting a payment removes its allocations and
// opens its invoices again.
func TestPaymentAuditAndDelete(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	pays := b.Payments()
	inv := issueInvoice(t, b, c, "2027-02-01", "2027-03-03", "Work|500.00")
	p := newPayment(c, "2027-02-10", "300.00", allocTo(inv, "300.00"))
	if err := pays.CreatePayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	p.Reference, p.Method = "Cheque 0042", domain.MethodCheque
	p.Amount, p.Allocations = eur("500.00"), []domain.Allocation{allocTo(inv, "500.00")}
	if err := pays.UpdatePayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, _ := pays.FindPaymentByID(ctx, p.ID)
	if got.Method != domain.MethodCheque || !got.Allocated().Equal(dec("500")) || len(got.Allocations) != 1 {
		t.Fatalf("after update %+v", got)
	}
	if err := pays.SetAllocations(ctx, p.ID, []domain.Allocation{allocTo(inv, "125.25")}); err != nil {
		t.Fatal(err)
	}
	if got := openOn(t, b, inv); got != "374.75" {
		t.Errorf("open after allocating 125.25: %s", got)
	}
	// A paid invoice cannot be voided, and a client with payments cannot be deleted.
	if err := b.Documents().Void(ctx, inv.ID, "typo"); domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(err.Error(), "has been paid") {
		t.Errorf("voiding a paid invoice: %v", err)
	}
	if err := b.Clients().DeleteClient(ctx, c.ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("deleting a client with payments: %v", err)
	}

	if err := pays.DeletePayment(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, b, "allocations"); n != 0 {
		t.Errorf("%d allocations left after delete", n)
	}
	if got := openOn(t, b, inv); got != "500.00" {
		t.Errorf("open after delete: %s", got)
	}
	if _, err := pays.FindPaymentByID(ctx, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("find after delete: %v", err)
	}
	if err := pays.DeletePayment(ctx, p.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("second delete: %v", err)
	}
	if err := pays.SetAllocations(ctx, p.ID, nil); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("allocating a deleted payment: %v", err)
	}
	if got := strings.Join(auditRows(t, b, "payment", p.ID), ","); got != "create,update,allocate,delete" {
		t.Errorf("audit %s", got)
	}
	bj, _ := auditJSON(t, b.db, `entity = 'payment' AND action = 'delete'`)
	beforeJSON := bj.String
	var before domain.Payment
	if err := json.Unmarshal([]byte(beforeJSON), &before); err != nil || len(before.Allocations) != 1 ||
		!before.Allocations[0].Amount.Equal(dec("125.25")) || before.Reference != "Cheque 0042" {
		t.Errorf("the deleted payment as audited: %s (%v)", beforeJSON, err)
	}
	if err := b.Documents().Void(ctx, inv.ID, "typo"); err != nil {
		t.Errorf("voiding once the payment is gone: %v", err)
	}
}

// The lock on issued invoices is not in the way of paying them, and the
// schema itself keeps allocations on issued invoices of the payment's client.
func TestAllocationTriggers(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	inv := issueInvoice(t, b, c, "2027-02-01", "2027-03-03", "Work|500.00")
	draft := draftFor(c, vat, "Draft|1|10.00")
	if err := b.Documents().CreateDraft(ctx, draft); err != nil {
		t.Fatal(err)
	}
	p := newPayment(c, "2027-02-10", "50.00")
	if err := b.Payments().CreatePayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.Exec(`INSERT INTO allocations (payment_id, document_id, amount_minor) VALUES (?, ?, 100)`, p.ID, draft.ID); err == nil {
		t.Error("raw allocation to a draft was allowed")
	}
	if _, err := b.db.Exec(`INSERT INTO allocations (payment_id, document_id, amount_minor) VALUES (?, ?, 100)`, p.ID, inv.ID); err != nil {
		t.Errorf("raw allocation to an issued invoice: %v", err)
	}
	if _, err := b.db.Exec(`UPDATE documents SET status = 'void', void_reason = 'x' WHERE id = ?`, inv.ID); err == nil {
		t.Error("a paid invoice was voided by raw SQL")
	}
}

// Two payments saved at the same moment for the whole of one invoice: one
// wins, the other is refused, and the invoice is never paid twice.
func TestConcurrentPaymentsNeverOverpayAnInvoice(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	inv := issueInvoice(t, b, c, "2027-02-01", "2027-03-03", "Work|500.00")
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs[i] = b.Payments().CreatePayment(ctx, newPayment(c, "2027-02-10", "500.00", allocTo(inv, "500.00")))
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case domain.ErrorCode(err) != domain.EINVALID:
			t.Errorf("unexpected error %v", err)
		}
	}
	var paid int64
	b.db.QueryRow(`SELECT sum(amount_minor) FROM allocations WHERE document_id = ?`, inv.ID).Scan(&paid)
	if ok != 1 || paid != 50000 {
		t.Errorf("%d payments accepted, %d cents allocated; want 1 and 50000", ok, paid)
	}
}

func TestFindPaymentsFilterAndPages(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	pays := b.Payments()
	other := newClient("Other GmbH", "Berlin")
	b.Clients().CreateClient(ctx, other)
	for i := 1; i <= 5; i++ {
		if err := pays.CreatePayment(ctx, newPayment(c, fmt.Sprintf("2027-03-%02d", i), fmt.Sprintf("%d.00", i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := pays.CreatePayment(ctx, newPayment(other, "2027-03-03", "99.00")); err != nil {
		t.Fatal(err)
	}
	page, err := pays.FindPayments(ctx, domain.PaymentFilter{ClientID: c.ID, Limit: 2, Offset: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 2 || page[0].Date != day("2027-03-04") || page[1].Date != day("2027-03-03") {
		t.Errorf("second page, newest first: %+v", page)
	}
	if n, _ := pays.CountPayments(ctx, domain.PaymentFilter{ClientID: c.ID}); n != 5 {
		t.Errorf("count %d", n)
	}
	ranged, _ := pays.FindPayments(ctx, domain.PaymentFilter{From: day("2027-03-02"), To: day("2027-03-03")})
	if len(ranged) != 3 {
		t.Errorf("2027-03-02..03 has %d payments, want 3", len(ranged))
	}
	if n, _ := pays.CountPayments(ctx, domain.PaymentFilter{Currency: "usd"}); n != 0 {
		t.Errorf("%d USD payments", n)
	}

	// The payments of one invoice: two pay part of it, one pays another.
	a := issueInvoice(t, b, c, "2027-03-10", "2027-04-09", "Consulting|300.00")
	bb := issueInvoice(t, b, c, "2027-03-11", "2027-04-10", "Licence|100.00")
	for _, p := range []*domain.Payment{
		newPayment(c, "2027-03-20", "100.00", allocTo(a, "100.00")),
		newPayment(c, "2027-03-21", "150.00", allocTo(a, "50.00"), allocTo(bb, "100.00")),
		newPayment(c, "2027-03-22", "20.00"),
	} {
		if err := pays.CreatePayment(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	ofA, err := pays.FindPayments(ctx, domain.PaymentFilter{DocumentID: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(ofA) != 2 || ofA[0].Date != day("2027-03-21") || ofA[1].Date != day("2027-03-20") {
		t.Errorf("payments of %s: %+v", a.Number, ofA)
	}
	if n, _ := pays.CountPayments(ctx, domain.PaymentFilter{DocumentID: bb.ID}); n != 1 {
		t.Errorf("%s has %d payments, want 1", bb.Number, n)
	}
}

// The receivables queries are answered from indexes, not by reading whole
// tables: each plan names the index it must use, and none scans a table.
func TestReceivablesQueriesUseIndexes(t *testing.T) {
	b := openTemp(t)
	at := "2027-04-30"
	balanceIndexes := []string{"allocations_by_document", "documents_credits_by_invoice"}
	_, _, unapplied, _, _ := receivablesQueries("EUR", day(at), 0, false)
	queries := []struct {
		q       string
		args    []any
		indexes []string
	}{
		{`SELECT ` + balanceColumns + ` FROM documents d JOIN clients c ON c.id = d.client_id
			WHERE d.kind = 'invoice' AND d.status = 'issued' AND d.currency = ? AND d.issue_date <= ?`,
			[]any{at, 0, at, "EUR", at}, append([]string{"documents_by_currency"}, balanceIndexes...)},
		{`SELECT ` + balanceColumns + ` FROM documents d JOIN clients c ON c.id = d.client_id
			WHERE d.client_id = ? AND d.kind = 'invoice' AND d.status = 'issued' AND d.issue_date <= ? AND d.currency = ?`,
			[]any{at, 0, at, 1, at, "EUR"}, balanceIndexes},
		{unapplied.sql, unapplied.args, []string{"payments_unapplied"}},
		{`SELECT p.id FROM payments p WHERE p.client_id = ? ORDER BY p.date DESC, p.id DESC LIMIT 100`,
			[]any{1}, []string{"payments_by_client"}},
		{`SELECT p.id FROM payments p ORDER BY p.date DESC, p.id DESC LIMIT 100`, nil, []string{"payments_by_date"}},
		{`SELECT a.id FROM allocations a WHERE a.payment_id IN (?, ?) ORDER BY a.payment_id, a.id`,
			[]any{1, 2}, []string{"sqlite_autoindex_allocations_1"}},
		{`SELECT count(*) FROM allocations WHERE document_id = ?`, []any{1}, []string{"allocations_by_document"}},
		{`SELECT count(*) FROM payments WHERE client_id = ?`, []any{1}, []string{"payments_by_client"}},
		{`SELECT p.id FROM payments p WHERE p.id IN (SELECT payment_id FROM allocations WHERE document_id = ?)
			ORDER BY p.date DESC, p.id DESC`, []any{1}, []string{"allocations_by_document"}},
		{`SELECT e.id FROM collection_entries e WHERE e.kind = 'promise-to-pay' AND e.promised_date >= ?
			AND e.promised_date <= ? ORDER BY e.on_date DESC, e.id DESC`, []any{"2027-01-01", at}, []string{"collection_promises"}},
	}
	for _, q := range queries {
		checkPlan(t, b.db, q.q, q.q, q.args, q.indexes...)
	}
}

// Moving a payment to another client takes its allocations' invoices with it
// only if they are that client's; a refused update changes nothing.
func TestUpdatePaymentRechecksItsAllocations(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	pays := b.Payments()
	other := newClient("Other GmbH", "Berlin")
	if err := b.Clients().CreateClient(ctx, other); err != nil {
		t.Fatal(err)
	}
	inv := issueInvoice(t, b, c, "2027-02-01", "2027-03-03", "Work|500.00")
	p := newPayment(c, "2027-02-10", "500.00", allocTo(inv, "500.00"))
	if err := pays.CreatePayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	moved := *p
	moved.ClientID = other.ID
	err := pays.UpdatePayment(ctx, &moved)
	if got := domain.FieldErrors(err)["allocations.0.document"]; got != "allocation 1: invoice "+inv.Number+" is another client's" {
		t.Errorf("moving an allocated payment to another client: %v", err)
	}
	moved.Allocations = nil
	if err := pays.UpdatePayment(ctx, &moved); err != nil {
		t.Fatal(err)
	}
	if got := openOn(t, b, inv); got != "500.00" {
		t.Errorf("the invoice of the payment's old client has %s open, want 500.00", got)
	}
	if bal, _ := pays.ClientBalance(ctx, other.ID, "EUR", day("2027-02-10")); !bal.Credit.Equal(dec("500")) {
		t.Errorf("the new client's balance %+v", bal)
	}
	if err := pays.UpdatePayment(ctx, &domain.Payment{ID: 4711, ClientID: c.ID, Date: day("2027-02-10"), Amount: eur("1"),
		Method: domain.MethodCash}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("updating a missing payment: %v", err)
	}
}

// The credit-limit check before issuing counts payments received: what a
// client has paid no longer counts against its limit.
func TestCreditLimitCountsPayments(t *testing.T) {
	b, c, _ := invoicingBook(t) // a credit limit of 2,500.00 EUR
	ctx := context.Background()
	issueInvoice(t, b, c, "2027-02-01", "2027-03-03", "Work|2000.00")
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), day("2027-02-15"))
	d.Lines = []domain.Line{{Description: "More work", Quantity: dec("1"), UnitPrice: dec("1000.00")}}
	if err := b.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	hasLimit := func() bool {
		fs, err := b.Documents().Verify(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if f.Code == "credit-limit" {
				return true
			}
		}
		return false
	}
	if !hasLimit() {
		t.Fatal("2,000.00 owed + 1,000.00 is over 2,500.00, yet no warning")
	}
	if err := b.Payments().CreatePayment(ctx, newPayment(c, "2027-02-14", "600.00")); err != nil {
		t.Fatal(err)
	}
	if hasLimit() {
		t.Error("after 600.00 received the client owes 2,400.00; the warning should be gone")
	}
}
