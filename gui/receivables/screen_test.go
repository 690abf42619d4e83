package receivables

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/data/pdf"
	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/guitest"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// asOf is the fixture's today.
var asOf = domain.NewDate(2027, 3, 1)

type fixture struct {
	s      *Screen
	book   *data.Book
	w      fyne.Window
	orsted *domain.Client // terms 14 days
	bakker *domain.Client // terms 30 days
	inv    map[string]*domain.Document
}

// newFixture opens a fresh book in EUR with two clients; with invoices it
// also issues the four invoices the aging tests know by heart.
func newFixture(t *testing.T, invoices bool) *fixture {
	t.Helper()
	test.NewTempApp(t)
	oldToday := today
	today = func() domain.Date { return asOf }
	t.Cleanup(func() { today = oldToday })
	t.Cleanup(kit.RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	ctx := context.Background()
	co, err := book.Company().Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	co.Name, co.Currency = "Northwind", "EUR"
	if err := book.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	client := func(name string, terms int) *domain.Client {
		c := &domain.Client{Name: name, Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: terms,
			CreditLimit: money.Zero("EUR"), Billing: domain.Address{Line1: "Hafenstraße 3", City: "Kiel", Country: "Germany"}}
		if err := book.Clients().CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	f := &fixture{book: book, orsted: client("Ørsted Façades GmbH", 14), bakker: client("Bakker Logistics BV", 30),
		inv: map[string]*domain.Document{}}
	if invoices {
		// As of 2027-03-01, in date order so the numbers follow the dates:
		f.issue(t, "old", f.bakker, domain.NewDate(2026, 10, 1), "4000.00")     // due 2026-10-31, 121 days late: Over 90
		f.issue(t, "late45", f.orsted, domain.NewDate(2027, 1, 1), "250.50")    // due 2027-01-15, 45 days late: 31–60
		f.issue(t, "late10", f.bakker, domain.NewDate(2027, 1, 20), "600.00")   // due 2027-02-19, 10 days late: 1–30
		f.issue(t, "current", f.orsted, domain.NewDate(2027, 2, 20), "1000.00") // due 2027-03-06: Current
	}
	f.w = test.NewTempWindow(t, nil)
	f.s = NewScreen(book, f.w)
	f.s.SetRenderer(pdf.Renderer{})
	f.w.SetContent(f.s.Object())
	f.w.Resize(fyne.NewSize(1280, 800))
	return f
}

// issue issues an invoice of one untaxed line for amount.
func (f *fixture) issue(t *testing.T, key string, c *domain.Client, date domain.Date, amount string) {
	t.Helper()
	ctx := context.Background()
	co, _ := f.book.Company().Company(ctx)
	d := domain.NewDraft(domain.KindInvoice, c, co, date)
	d.Lines = []domain.Line{{Description: "Consulting", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.RequireFromString(amount)}}
	if err := f.book.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	inv, _, err := f.book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatal(err)
	}
	f.inv[key] = inv
}

// button finds a visible button by its text. It walks the renderers the
// window already has (test.LaidOutObjects would make new ones, leaving the
// shown labels behind when their text changes later).
func button(o fyne.CanvasObject, text string) *widget.Button {
	if o == nil || !o.Visible() {
		return nil
	}
	if b, ok := o.(*widget.Button); ok && b.Text == text {
		return b
	}
	var children []fyne.CanvasObject
	switch c := o.(type) {
	case *fyne.Container:
		children = c.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(c).Objects()
	}
	for _, c := range children {
		if b := button(c, text); b != nil {
			return b
		}
	}
	return nil
}

func tap(t *testing.T, o fyne.CanvasObject, text string) {
	t.Helper()
	b := button(o, text)
	if b == nil {
		t.Fatalf("no visible %q button", text)
	}
	test.Tap(b)
}

// table is the aging as shown: each client's row, then the totals row,
// each with the client, the buckets, the total and the credit (the
// columns before the currency).
func table(v *agingView) [][]string {
	n := len(v.labels) + 3
	var out [][]string
	for i := range v.table.Total() {
		out = append(out, v.table.RowTexts(i)[:n])
	}
	if v.totals.Visible() {
		out = append(out, v.totals.Texts()[:n])
	}
	return out
}

func checkTable(t *testing.T, v *agingView, want [][]string) {
	t.Helper()
	if got := table(v); !reflect.DeepEqual(got, want) {
		t.Errorf("aging table:\n got %q\nwant %q", got, want)
	}
}

func TestAgingByClientAndBucketWithTotals(t *testing.T) {
	f := newFixture(t, true)
	v := f.s.aging
	if f.s.view.Selected != viewAging || v.asOf.Text != "2027-03-01" || v.currency.Selected != "EUR" {
		t.Fatalf("opens on %q as of %q in %q", f.s.view.Selected, v.asOf.Text, v.currency.Selected)
	}
	var heads []string
	for i := 1; i < 8; i++ {
		heads = append(heads, v.table.HeaderText(i))
	}
	if want := []string{"Current", "1–30", "31–60", "61–90", "Over 90", "Total", "Credit"}; !reflect.DeepEqual(heads, want) {
		t.Errorf("headings %q", heads)
	}
	// Bakker owes more, so it comes first.
	checkTable(t, v, [][]string{
		{"Bakker Logistics BV", "", "600.00", "", "", "4,000.00", "4,600.00", ""},
		{"Ørsted Façades GmbH", "1,000.00", "", "250.50", "", "", "1,250.50", ""},
		{"Total EUR", "1,000.00", "600.00", "250.50", "0.00", "4,000.00", "5,850.50", "0.00"},
	})
	if v.table.List().Length() != 2 || v.table.EmptyText() != "" || !v.totals.Visible() {
		t.Errorf("list of %d rows, empty state %q", v.table.List().Length(), v.table.EmptyText())
	}
	if want := "2 clients owe 5,850.50 EUR as of 2027-03-01, 4,850.50 of it overdue."; v.summary.Text != want {
		t.Errorf("summary %q, want %q", v.summary.Text, want)
	}
	// A month earlier: the February invoice was not issued yet, the January
	// one was 17 days late, the October one 93.
	v.asOf.SetText("2027-02-01")
	checkTable(t, v, [][]string{
		{"Bakker Logistics BV", "600.00", "", "", "", "4,000.00", "4,600.00", ""},
		{"Ørsted Façades GmbH", "", "250.50", "", "", "", "250.50", ""},
		{"Total EUR", "600.00", "250.50", "0.00", "0.00", "4,000.00", "4,850.50", "0.00"},
	})
	// Before the first invoice nothing was owed.
	v.asOf.SetText("2026-09-30")
	if v.table.Total() != 0 || v.table.EmptyText() != "Nothing is owed in EUR as of 2026-09-30." || v.totals.Visible() {
		t.Errorf("rows %d, empty state %q", v.table.Total(), v.table.EmptyText())
	}
}

func TestDrillDownListsTheOpenInvoices(t *testing.T) {
	f := newFixture(t, true)
	v := f.s.aging
	v.table.List().Select(0)
	dd := v.drill
	if dd == nil || dd.row.ClientName != "Bakker Logistics BV" {
		t.Fatalf("tapping Bakker's row opened %+v", dd)
	}
	if len(dd.items) != 2 || dd.items[0].Number != f.inv["old"].Number || dd.items[1].Number != f.inv["late10"].Number {
		t.Fatalf("open invoices %+v", dd.items)
	}
	if got := dd.items[0].lateText(asOf); got != "121 days" {
		t.Errorf("the October invoice is %q late", got)
	}
	if !dd.items[0].Open.Equal(decimal.NewFromInt(4000)) || !dd.items[1].Open.Equal(decimal.NewFromInt(600)) {
		t.Errorf("open amounts %v %v", dd.items[0].Open, dd.items[1].Open)
	}
	top := f.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no drill-down dialog")
	}
	tap(t, top, "Record payment")
	p := f.s.panel
	if !f.s.PanelShown() || p.client == nil || p.client.ID != f.bakker.ID || p.currency.Text != "EUR" || len(p.rows) != 2 {
		t.Fatalf("the panel opened for %v in %q with %d invoices", p.client, p.currency.Text, len(p.rows))
	}
}

func TestBadAsOfDateIsShownAtTheField(t *testing.T) {
	f := newFixture(t, true)
	v := f.s.aging
	v.asOf.SetText("2027-02-30")
	if !v.asOfField.Error.Visible() || !strings.Contains(v.asOfField.Error.Text, "YYYY-MM-DD") {
		t.Fatalf("error at the as-of date: %q", v.asOfField.Error.Text)
	}
	if v.date != asOf || v.table.Total() != 2 {
		t.Errorf("the last good report should stay: as of %s, %d rows", v.date, v.table.Total())
	}
	v.asOf.SetText("2027-03-01")
	if v.asOfField.Error.Visible() {
		t.Error("a good date should clear the error")
	}
}

func TestRecordAPaymentWithAutoAllocate(t *testing.T) {
	f := newFixture(t, true)
	f.s.NewFor(f.bakker, "")
	p := f.s.panel
	if p.date.Text != "2027-03-01" || p.method.Selected != "Bank transfer" || len(p.rows) != 2 {
		t.Fatalf("new payment: date %q method %q rows %d", p.date.Text, p.method.Selected, len(p.rows))
	}
	test.Type(p.amount, "4,300.00")
	if got := p.Summary(); got != "Allocated 0.00 · Unapplied credit 4,300.00" {
		t.Errorf("before allocating: %q", got)
	}
	tap(t, p.Object(), "Auto-allocate")
	// Oldest due first: the October invoice in full, the rest to January's.
	if p.rows[0].amount.Text != "4,000.00" || p.rows[1].amount.Text != "300.00" {
		t.Fatalf("auto-allocated %q and %q", p.rows[0].amount.Text, p.rows[1].amount.Text)
	}
	if got := p.Summary(); got != "Allocated 4,300.00 · Unapplied credit 0.00" {
		t.Errorf("after auto-allocate: %q", got)
	}
	// The line follows typing.
	p.rows[1].amount.SetText("")
	test.Type(p.rows[1].amount, "250")
	if got := p.Summary(); got != "Allocated 4,250.00 · Unapplied credit 50.00" {
		t.Errorf("after typing: %q", got)
	}
	p.rows[1].amount.SetText("300.00")
	test.Type(p.reference, "TRF 88121")
	tap(t, p.Object(), "Save payment")
	if f.s.PanelShown() {
		t.Fatalf("the panel stays open; form error %q", p.formError.Text)
	}
	checkTable(t, f.s.aging, [][]string{
		{"Ørsted Façades GmbH", "1,000.00", "", "250.50", "", "", "1,250.50", ""},
		{"Bakker Logistics BV", "", "300.00", "", "", "", "300.00", ""},
		{"Total EUR", "1,000.00", "300.00", "250.50", "0.00", "0.00", "1,550.50", "0.00"},
	})
	if !strings.Contains(f.s.status.Text, "4,300.00 EUR from Bakker Logistics BV") {
		t.Errorf("status %q", f.s.status.Text)
	}
	// The payments view lists it.
	f.s.view.SetSelected(viewPayments)
	pv := f.s.payments
	if pv.table.Total() != 1 || !pv.obj.Visible() || f.s.aging.obj.Visible() {
		t.Fatalf("payments view: %d payments", pv.table.Total())
	}
	want := []string{"1", "2027-03-01", "Bakker Logistics BV", "4,300.00", "EUR", "Bank transfer", "TRF 88121", "4,300.00", ""}
	if got := pv.table.RowTexts(0); !reflect.DeepEqual(got, want) {
		t.Errorf("payment row %q, want %q", got, want)
	}
}

func TestAllocationOverTheOpenAmountSavesNothing(t *testing.T) {
	f := newFixture(t, true)
	f.s.NewFor(f.orsted, "")
	p := f.s.panel
	// Ørsted's rows: the January invoice (250.50 open) first, then February's.
	if len(p.rows) != 2 || p.rows[0].item.Number != f.inv["late45"].Number {
		t.Fatalf("rows %+v", p.rows)
	}
	test.Type(p.amount, "2000")
	test.Type(p.rows[0].amount, "300.00")
	if p.Save() {
		t.Fatal("saved 300.00 against an invoice with 250.50 open")
	}
	if !p.rows[0].errs.Visible() || !strings.Contains(p.rows[0].errs.Text, "300.00 EUR is more than the 250.50 EUR open") {
		t.Errorf("allocation message %q", p.rows[0].errs.Text)
	}
	if p.rows[1].errs.Visible() {
		t.Errorf("the other invoice has a message: %q", p.rows[1].errs.Text)
	}
	if n, _ := f.book.Payments().CountPayments(context.Background(), domain.PaymentFilter{}); n != 0 {
		t.Errorf("%d payments stored", n)
	}
	// Text that is not an amount, and a missing date, are pointed out too.
	p.rows[0].amount.SetText("lots")
	p.date.SetText("")
	if p.Save() {
		t.Fatal("saved an allocation of \"lots\"")
	}
	if !strings.Contains(p.rows[0].errs.Text, "not an amount") || !p.fields["date"].Error.Visible() {
		t.Errorf("messages: allocation %q, date %q", p.rows[0].errs.Text, p.fields["date"].Error.Text)
	}
	if !f.s.PanelShown() || !p.Dirty() {
		t.Error("the panel should stay open with the edits")
	}
}

func TestOverpaymentShowsAsCredit(t *testing.T) {
	f := newFixture(t, true)
	f.s.NewFor(f.orsted, "")
	p := f.s.panel
	test.Type(p.amount, "1500.00")
	tap(t, p.Object(), "Auto-allocate")
	if got := p.Summary(); got != "Allocated 1,250.50 · Unapplied credit 249.50" {
		t.Errorf("summary %q", got)
	}
	if !f.s.Tab().Save() {
		t.Fatalf("not saved: %q", p.formError.Text)
	}
	checkTable(t, f.s.aging, [][]string{
		{"Bakker Logistics BV", "", "600.00", "", "", "4,000.00", "4,600.00", ""},
		{"Ørsted Façades GmbH", "", "", "", "", "", "", "249.50"},
		{"Total EUR", "0.00", "600.00", "0.00", "0.00", "4,000.00", "4,600.00", "249.50"},
	})
	if !strings.Contains(f.s.aging.summary.Text, "Unapplied credit: 249.50 EUR.") {
		t.Errorf("summary %q", f.s.aging.summary.Text)
	}
}

func TestEmptyBookAndLeavingAnUnsavedPayment(t *testing.T) {
	f := newFixture(t, false)
	v := f.s.aging
	if !strings.Contains(v.table.EmptyText(), "No invoices have been issued yet") {
		t.Errorf("empty aging: %q", v.table.EmptyText())
	}
	f.s.view.SetSelected(viewPayments)
	if got := f.s.payments.table.EmptyText(); !strings.Contains(got, "No payments recorded yet") {
		t.Errorf("empty payments: %q", got)
	}
	f.s.New()
	p := f.s.panel
	test.Type(p.clientEntry, "bakker")
	if opts := p.picker.Options(); len(opts) != 1 || opts[0] != "Bakker Logistics BV" {
		t.Fatalf("client options %v", opts)
	}
	p.clientEntry.SetText("Bakker Logistics BV")
	if p.client == nil || p.client.ID != f.bakker.ID || !strings.Contains(p.allocNote.Text, "no open invoices in EUR") {
		t.Fatalf("client %v, note %q", p.client, p.allocNote.Text)
	}
	test.Type(p.amount, "10")
	left := false
	f.s.Tab().ConfirmLeave(func() { left = true })
	top := f.w.Canvas().Overlays().Top()
	if left || top == nil || button(top, "Discard changes") == nil {
		t.Fatal("leaving an unsaved payment should ask first")
	}
	test.Tap(button(top, "Discard changes"))
	if !left {
		t.Error("Discard changes should go on")
	}
	// Esc reverts, a second Esc closes the panel.
	test.Type(p.amount, "5")
	f.s.Tab().Cancel()
	if p.amount.Text != "" || !f.s.PanelShown() {
		t.Errorf("after one Esc: amount %q, shown %v", p.amount.Text, f.s.PanelShown())
	}
	f.s.Tab().Cancel()
	if f.s.PanelShown() {
		t.Error("a second Esc should close the panel")
	}
}

func TestChangeAndDeleteAPaymentFromTheList(t *testing.T) {
	f := newFixture(t, true)
	ctx := context.Background()
	pay := &domain.Payment{ClientID: f.bakker.ID, Date: domain.NewDate(2027, 2, 25), Amount: money.Money{Amount: decimal.NewFromInt(600), Currency: "EUR"},
		Method: domain.MethodCard, Allocations: []domain.Allocation{{DocumentID: f.inv["late10"].ID, Amount: decimal.NewFromInt(600)}}}
	if err := f.book.Payments().CreatePayment(ctx, pay); err != nil {
		t.Fatal(err)
	}
	f.s.view.SetSelected(viewPayments)
	f.s.payments.table.List().Select(0)
	p := f.s.panel
	if !f.s.PanelShown() || p.pay.ID != pay.ID || p.amount.Text != "600.00" || p.method.Selected != "Card" {
		t.Fatalf("opened %+v: amount %q method %q", p.pay, p.amount.Text, p.method.Selected)
	}
	// Its own allocation counts as open again while it is edited.
	if len(p.rows) != 2 || p.rows[1].item.Number != f.inv["late10"].Number || p.rows[1].amount.Text != "600.00" {
		t.Fatalf("rows %+v", p.rows)
	}
	p.amount.SetText("4,600.00")
	tap(t, p.Object(), "Auto-allocate")
	tap(t, p.Object(), "Save payment")
	if f.s.PanelShown() {
		t.Fatalf("not saved: %q", p.formError.Text)
	}
	stored, _ := f.book.Payments().FindPaymentByID(ctx, pay.ID)
	if !stored.Allocated().Equal(decimal.NewFromInt(4600)) || len(stored.Allocations) != 2 {
		t.Errorf("stored %+v", stored)
	}
	f.s.payments.table.List().Select(0)
	tap(t, p.Object(), "Delete payment")
	top := f.w.Canvas().Overlays().Top()
	if top == nil || button(top, "Delete payment") == nil {
		t.Fatal("deleting asks first")
	}
	test.Tap(button(top, "Delete payment"))
	if n, _ := f.book.Payments().CountPayments(ctx, domain.PaymentFilter{}); n != 0 || f.s.PanelShown() || f.s.payments.table.Total() != 0 {
		t.Errorf("after deleting: %d payments stored, panel shown %v", n, f.s.PanelShown())
	}
}

func TestEachCurrencyHasItsOwnAging(t *testing.T) {
	f := newFixture(t, true)
	ctx := context.Background()
	c := &domain.Client{Name: "Acme Corp", Status: domain.StatusActive, Currency: "USD", PaymentTermsDays: 30,
		CreditLimit: money.Zero("USD"), Billing: domain.Address{Line1: "1 Main St", City: "Boston", Country: "USA"}}
	if err := f.book.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	f.issue(t, "usd", c, domain.NewDate(2027, 2, 27), "99.99")
	f.s.Refresh()
	v := f.s.aging
	if !reflect.DeepEqual(v.currency.Options, []string{"EUR", "USD"}) || v.currency.Selected != "EUR" || v.table.Total() != 2 {
		t.Fatalf("currencies %q, %q selected, %d rows", v.currency.Options, v.currency.Selected, v.table.Total())
	}
	v.currency.SetSelected("USD")
	checkTable(t, v, [][]string{
		{"Acme Corp", "99.99", "", "", "", "", "99.99", ""},
		{"Total USD", "99.99", "0.00", "0.00", "0.00", "0.00", "99.99", "0.00"},
	})
	// A payment recorded from the USD aging is in dollars.
	v.table.List().Select(0)
	tap(t, f.w.Canvas().Overlays().Top(), "Record payment")
	if p := f.s.panel; p.currency.Text != "USD" || len(p.rows) != 1 {
		t.Errorf("panel in %q with %d invoices", p.currency.Text, len(p.rows))
	}
}

// The overdue list has every invoice past due today, by what is open or by
// how long it is late, and opens the invoice tapped.
func TestOverdueListByAmountOrAge(t *testing.T) {
	f := newFixture(t, true)
	nav := &guitest.Nav{}
	f.s.Nav = nav
	if !f.s.ShowView("overdue") {
		t.Fatal("no overdue view")
	}
	v := f.s.overdue
	// Invoice, client, due, days late and open, as the rows show them.
	rows := func() []string {
		var out []string
		for i := 0; i < v.table.Total(); i++ {
			r := v.table.RowTexts(i)
			out = append(out, strings.Join([]string{r[0], r[2], r[3], r[4], r[5]}, " | "))
		}
		return out
	}
	old, late45, late10 := f.inv["old"].Number, f.inv["late45"].Number, f.inv["late10"].Number
	want := []string{
		old + " | Bakker Logistics BV | 2026-10-31 | 121 | 4,000.00",
		late10 + " | Bakker Logistics BV | 2027-02-19 | 10 | 600.00",
		late45 + " | Ørsted Façades GmbH | 2027-01-15 | 45 | 250.50",
	}
	if got := rows(); !reflect.DeepEqual(got, want) {
		t.Errorf("largest first:\n%s", strings.Join(got, "\n"))
	}
	if v.summary.Text != "3 invoices overdue on 2027-03-01: 4,850.50 EUR." {
		t.Errorf("summary %q", v.summary.Text)
	}
	v.table.TapHeader(4)
	v.table.TapHeader(4)
	if got := rows(); v.table.HeaderText(4) != "Days late ▼" || !reflect.DeepEqual(got, []string{want[0], want[2], want[1]}) {
		t.Errorf("longest overdue first (%q):\n%s", v.table.HeaderText(4), strings.Join(got, "\n"))
	}
	v.table.List().Select(1)
	if want := fmt.Sprintf("[document %d]", f.inv["late45"].ID); fmt.Sprint(nav.Went) != want {
		t.Errorf("tapping the second row went to %q, want %s", nav.Went, want)
	}
	// Export CSV… writes the list as shown, in its order.
	t.Cleanup(widgets.RunInline())
	got := exported(t, f, domain.ExportFormat{}, tableCSV(v.table, f.book))
	if len(got) != 4 || strings.Join(got[0], ",") != "number,client_id,client,due_date,days_overdue,open,currency,as_of" ||
		strings.Join(got[2], ",") != late45+","+strconv.FormatInt(f.orsted.ID, 10)+",Ørsted Façades GmbH,2027-01-15,45,250.50,EUR,2027-03-01" {
		t.Errorf("exported %q", got)
	}
}

func TestOverdueListEmpty(t *testing.T) {
	f := newFixture(t, false)
	f.s.ShowView("overdue")
	if v := f.s.overdue; v.table.EmptyText() != "No invoices have been issued yet." || v.table.Total() != 0 {
		t.Errorf("empty state %q", v.table.EmptyText())
	}
}

// The payment form reads the client's open invoices off the UI goroutine:
// while they are read it says so, shows no rows and saves nothing; a
// stored payment's amounts fill in once they come. The deposit form reads
// its accounts and payments the same way.
func TestPaymentAndDepositFormsReadInTheBackground(t *testing.T) {
	f := newFixture(t, true)
	q, restore := kit.Queued()
	t.Cleanup(restore)
	f.s.NewFor(f.bakker, "EUR")
	p := f.s.panel
	if !strings.HasPrefix(p.allocNote.Text, "Reading Bakker Logistics BV's open invoices in EUR") || len(p.rows) != 0 {
		t.Fatalf("while reading: note %q, %d rows", p.allocNote.Text, len(p.rows))
	}
	test.Type(p.amount, "600.00")
	if p.Save() {
		t.Error("a payment was saved before its client's open invoices were read")
	}
	q.Run()
	if len(p.rows) != 2 {
		t.Fatalf("%d open invoices after the read, note %q", len(p.rows), p.allocNote.Text)
	}
	p.rows[1].amount.SetText("600.00")
	if !p.Save() {
		t.Fatalf("the payment was refused: %q %q", p.formError.Text, p.allocError.Text)
	}
	q.Run()
	saved := p.Payment()
	if saved == nil || saved.ID == 0 || len(saved.Allocations) != 1 {
		t.Fatalf("saved %+v", saved)
	}

	// Opened again, its amount against the invoice shows once read.
	f.s.OpenPayment(saved)
	if len(p.rows) != 0 || p.Dirty() {
		t.Fatalf("before the read: %d rows, dirty %v", len(p.rows), p.Dirty())
	}
	q.Run()
	if len(p.rows) != 2 || p.rows[1].amount.Text != "600.00" || p.Dirty() {
		t.Errorf("after the read: %d rows, second %q, dirty %v", len(p.rows), p.rows[1].amount.Text, p.Dirty())
	}

	if err := f.book.Bank().CreateBankAccount(t.Context(), &domain.BankAccount{Name: "Operating account", Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	p.ConfirmLeave(func() {})
	f.s.ShowView("deposits")
	q.Run()
	v := f.s.deposits
	v.newDeposit()
	if v.form != nil {
		t.Fatal("the deposit form opened before its accounts were read")
	}
	q.Run()
	if v.form == nil || len(v.form.payments) != 1 || !strings.Contains(v.form.sum.Text, "0 payments ticked") {
		t.Fatalf("the deposit form: %+v", v.form)
	}
	v.form.date.SetText("2026-01-01") // before the payment: none on offer, once read
	if len(v.form.payments) != 1 {
		t.Error("the payments changed before they were read")
	}
	q.Run()
	if len(v.form.payments) != 0 {
		t.Errorf("%d payments on offer before the payment was received", len(v.form.payments))
	}
}
