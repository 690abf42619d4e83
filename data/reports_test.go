package data

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"clientbook/domain"
)

// Revenue is net of tax, credit notes subtract, drafts, void and other
// currencies do not count, and empty months are zero.
func TestRevenueReports(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	docs := b.Documents()
	other := newClient("Other Client", "Paris")
	if err := b.Clients().CreateClient(ctx, other); err != nil {
		t.Fatal(err)
	}
	issue := func(cl *domain.Client, date domain.Date, line string) *domain.Document {
		d := draftFor(cl, vat, line)
		d.IssueDate, d.DueDate = date, date.AddDays(30)
		if err := docs.CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		inv, fs, err := docs.Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
		if err != nil {
			t.Fatal(err, fs)
		}
		return inv
	}
	issue(c, domain.NewDate(2027, 1, 15), "A|1|100.00")        // January 100.00 (+19 % VAT not counted)
	jan2 := issue(c, domain.NewDate(2027, 1, 20), "B|2|50.00") // January +100.00
	issue(other, domain.NewDate(2027, 3, 2), "C|1|40.00")      // March 40.00 for the other client
	voided := issue(c, domain.NewDate(2027, 3, 5), "D|1|999.00")
	if err := docs.Void(ctx, voided.ID, "wrong client"); err != nil {
		t.Fatal(err)
	}
	cn, err := docs.CreditNote(ctx, jan2.ID, nil) // credits 100.00, dated 10 March below
	if err != nil {
		t.Fatal(err)
	}
	cn.IssueDate, cn.DueDate = domain.NewDate(2027, 3, 10), domain.NewDate(2027, 3, 10)
	if err := docs.UpdateDraft(ctx, cn); err != nil {
		t.Fatal(err)
	}
	if _, _, err := docs.Issue(ctx, cn.ID, domain.IssueOptions{}); err != nil {
		t.Fatal(err)
	}
	draft := draftFor(c, vat, "E|1|500.00")
	draft.IssueDate = domain.NewDate(2027, 2, 1)
	if err := docs.CreateDraft(ctx, draft); err != nil {
		t.Fatal(err)
	}
	months, err := b.Reports().RevenueByMonth(ctx, "EUR", domain.NewDate(2027, 1, 1), domain.NewDate(2027, 4, 30), 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range months {
		got = append(got, m.Month.String()[:7]+"="+m.Amount.StringFixed(2))
	}
	// January 200.00; February nothing issued; March 40.00 − 100.00 credit = −60.00; April zero.
	if want := "2027-01=200.00 2027-02=0.00 2027-03=-60.00 2027-04=0.00"; strings.Join(got, " ") != want {
		t.Errorf("by month: %s\nwant      %s", strings.Join(got, " "), want)
	}
	one, _ := b.Reports().RevenueByMonth(ctx, "EUR", domain.NewDate(2027, 3, 1), domain.NewDate(2027, 3, 31), other.ID)
	if len(one) != 1 || one[0].Amount.StringFixed(2) != "40.00" {
		t.Errorf("for one client: %+v", one)
	}
	top, err := b.Reports().RevenueByClient(ctx, "EUR", domain.NewDate(2027, 1, 1), domain.NewDate(2027, 12, 31), 10)
	if err != nil || len(top) != 2 || top[0].Name != "Nordlicht Logistik GmbH" || top[0].Amount.StringFixed(2) != "100.00" ||
		top[1].Amount.StringFixed(2) != "40.00" {
		t.Errorf("by client: %+v %v", top, err)
	}
	if cur, _ := b.Reports().Currencies(ctx); strings.Join(cur, ",") != "EUR" {
		t.Errorf("currencies %v", cur)
	}
}

// creditNote issues a credit note for the invoice's lines (all for none),
// dated date.
func creditNote(t *testing.T, b *Book, inv *domain.Document, date string, lineIDs ...int64) *domain.Document {
	t.Helper()
	ctx := context.Background()
	cn, err := b.Documents().CreditNote(ctx, inv.ID, lineIDs)
	if err != nil {
		t.Fatal(err)
	}
	cn.IssueDate, cn.DueDate = day(date), day(date)
	if err := b.Documents().UpdateDraft(ctx, cn); err != nil {
		t.Fatal(err)
	}
	issued, _, err := b.Documents().Issue(ctx, cn.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatal(err)
	}
	return issued
}

// Revenue by item shares each document's net over its lines after the
// document discount and without the tax, so the items add up to the revenue.
func TestRevenueByItem(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	item := func(code, name, price string) *domain.Item {
		it := &domain.Item{Code: code, Name: name, UnitPrice: eur(price), TaxRateIDs: []int64{vat.ID}}
		if err := b.Catalog().CreateItem(ctx, it); err != nil {
			t.Fatal(err)
		}
		return it
	}
	support, training := item("SUP", "Support", "95.00"), item("TRN", "Training", "500.00")
	issue := func(cl *domain.Client, date string, discount string, inclusive bool, lines ...domain.Line) *domain.Document {
		d := domain.NewDraft(domain.KindInvoice, cl, domain.DefaultCompany(), day(date))
		d.DiscountPercent, d.TaxInclusive, d.Lines = dec(discount), inclusive, lines
		if err := b.Documents().CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		inv, _, err := b.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
		if err != nil {
			t.Fatal(err)
		}
		return inv
	}
	line := func(it *domain.Item, qty, price string) domain.Line {
		l := domain.Line{Description: "Free text", Quantity: dec(qty), UnitPrice: dec(price), Taxes: []domain.TaxLine{vat.Line()}}
		if it != nil {
			l.ItemID, l.Description = it.ID, it.Name
		}
		return l
	}
	// January: support 2 × 95.00 = 190.00, training 500.00 and 10.00 of
	// free text, 10 % off the lot: 171.00, 450.00 and 9.00.
	jan := issue(c, "2027-01-15", "10", false, line(support, "2", "95.00"), line(training, "1", "500.00"), line(nil, "1", "10.00"))
	// February: support at 119.00 including 19 % VAT is 100.00.
	issue(c, "2027-02-01", "0", true, line(support, "1", "119.00"))
	// March: January's support line is credited, 171.00 after the same 10 %.
	creditNote(t, b, jan, "2027-03-10", jan.Lines[0].ID)
	// Another client's support, 50.00, counts only for the whole book.
	other := newClient("Other Client", "Paris")
	if err := b.Clients().CreateClient(ctx, other); err != nil {
		t.Fatal(err)
	}
	issue(other, "2027-03-20", "0", false, line(support, "1", "50.00"))

	from, to := day("2027-01-01"), day("2027-03-31")
	show := func(vs []domain.NamedValue) string {
		var parts []string
		for _, v := range vs {
			name := v.Name
			if v.ID == 0 {
				name = "(free text)"
			}
			parts = append(parts, name+"="+v.Amount.StringFixed(2))
		}
		return strings.Join(parts, " ")
	}
	byItem, err := b.Reports().RevenueByItem(ctx, "EUR", from, to, c.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := show(byItem), "Training=450.00 Support=100.00 (free text)=9.00"; got != want {
		t.Errorf("one client's items: %s\nwant %s", got, want)
	}
	all, _ := b.Reports().RevenueByItem(ctx, "EUR", from, to, 0, 2)
	if got, want := show(all), "Training=450.00 Support=150.00"; got != want {
		t.Errorf("the book's top two: %s\nwant %s", got, want)
	}
	total, err := b.Reports().Revenue(ctx, "EUR", from, to, c.ID)
	if err != nil || total.StringFixed(2) != "559.00" {
		t.Errorf("the client's revenue %s, %v; want 559.00, what its items add up to", total, err)
	}
	if feb, _ := b.Reports().Revenue(ctx, "EUR", day("2027-02-01"), day("2027-02-01"), 0); feb.StringFixed(2) != "100.00" {
		t.Errorf("revenue on 1 February %s", feb)
	}
	if none, err := b.Reports().RevenueByItem(ctx, "USD", from, to, 0, 0); err != nil || len(none) != 0 {
		t.Errorf("no dollars: %v %v", none, err)
	}
}

// An invoice is paid on the day allocations and credit notes first cover
// it; the days to pay are averaged by the month and the client it was paid in.
func TestDaysToPay(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	other := newClient("Other Client", "Paris")
	if err := b.Clients().CreateClient(ctx, other); err != nil {
		t.Fatal(err)
	}
	pay := func(cl *domain.Client, date, amount string, inv *domain.Document) {
		t.Helper()
		if err := b.Payments().CreatePayment(ctx, newPayment(cl, date, amount, allocTo(inv, amount))); err != nil {
			t.Fatal(err)
		}
	}
	x := issueInvoice(t, b, c, "2027-01-10", "2027-02-09", "A|119.00")
	pay(c, "2027-01-20", "50.00", x)
	pay(c, "2027-02-09", "69.00", x) // paid in full on 9 February: 30 days
	y := issueInvoice(t, b, c, "2027-02-01", "2027-03-03", "B|238.00")
	creditNote(t, b, y, "2027-02-12") // credited in full on 12 February: 11 days
	z := issueInvoice(t, b, c, "2027-02-15", "2027-03-17", "C|119.00")
	pay(c, "2027-03-17", "119.00", z) // 30 days
	w := issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "D|100.00")
	pay(c, "2027-03-05", "40.00", w) // not paid in full
	o := issueInvoice(t, b, other, "2027-03-01", "2027-03-31", "E|80.00")
	pay(other, "2027-03-11", "80.00", o) // 10 days

	show := func(ms []domain.MonthPayDays) string {
		var parts []string
		for _, m := range ms {
			parts = append(parts, fmt.Sprintf("%s=%s/%d", m.Month.String()[:7], m.Days.StringFixed(1), m.Count))
		}
		return strings.Join(parts, " ")
	}
	months, err := b.Reports().DaysToPayByMonth(ctx, "EUR", day("2027-01-01"), day("2027-04-30"), 0)
	if err != nil {
		t.Fatal(err)
	}
	// February (30 + 11) / 2; March (30 + 10) / 2.
	if got, want := show(months), "2027-01=0.0/0 2027-02=20.5/2 2027-03=20.0/2 2027-04=0.0/0"; got != want {
		t.Errorf("by month: %s\nwant       %s", got, want)
	}
	one, _ := b.Reports().DaysToPayByMonth(ctx, "EUR", day("2027-03-01"), day("2027-03-31"), c.ID)
	if got := show(one); got != "2027-03=30.0/1" {
		t.Errorf("one client in March: %s", got)
	}
	// The period ends the day after x was paid, before y was credited.
	early, _ := b.Reports().DaysToPayByMonth(ctx, "EUR", day("2027-02-01"), day("2027-02-10"), 0)
	if got := show(early); got != "2027-02=30.0/1" {
		t.Errorf("to 10 February: %s", got)
	}
	clients, err := b.Reports().DaysToPayByClient(ctx, "EUR", day("2027-02-01"), day("2027-03-31"), 0)
	if err != nil {
		t.Fatal(err)
	}
	// (30 + 11 + 30) / 3 = 23.67 → 23.7.
	if got := clients[c.ID]; got.Days.StringFixed(1) != "23.7" || got.Count != 3 || clients[other.ID].Days.StringFixed(1) != "10.0" || len(clients) != 2 {
		t.Errorf("by client: %+v", clients)
	}
	// One client's, read through its own rows, is its line of everyone's.
	for _, id := range []int64{c.ID, other.ID} {
		one, err := b.Reports().DaysToPayByClient(ctx, "EUR", day("2027-02-01"), day("2027-03-31"), id)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := one[id], clients[id]; len(one) != 1 || !got.Days.Equal(want.Days) || got.Count != want.Count {
			t.Errorf("client %d alone: %+v, among all: %+v", id, one, want)
		}
	}
}
