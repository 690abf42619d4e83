package invoices

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// issued stores and issues an invoice for c: its issue day in January 2027,
// its due date and one line at price.
func (f *fixture) issued(t *testing.T, c *domain.Client, day int, due domain.Date, po, price string) *domain.Document {
	t.Helper()
	ctx := context.Background()
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), domain.NewDate(2027, 1, day))
	d.DueDate, d.PONumber = due, po
	d.Lines = []domain.Line{{Description: "Work", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.RequireFromString(price)}}
	if err := f.book.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	inv, _, err := f.book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// headers are the list's header cells as shown, each tapped to sort.
func (f *fixture) headers() map[string]fyne.Tappable {
	out := map[string]fyne.Tappable{}
	for _, o := range test.LaidOutObjects(f.s.table.Object()) {
		if h, ok := o.(interface {
			fyne.Tappable
			Text() string
		}); ok {
			out[strings.TrimRight(h.Text(), " ▲▼")] = h
		}
	}
	return out
}

// column is column key of every row of the list, top to bottom.
func (f *fixture) column(key string) []string {
	var out []string
	for i := 0; i < f.s.table.Total(); i++ {
		r, _ := f.s.table.Row(i)
		for _, c := range columns {
			if c.Key == key {
				out = append(out, c.Text(r))
			}
		}
	}
	return out
}

func TestHeaderClickSortsTheDocuments(t *testing.T) {
	f := newFixture(t)
	acme := &domain.Client{Name: "Acme Ltd", Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: 14, CreditLimit: money.Zero("EUR"),
		Billing: domain.Address{Line1: "1 Park Row", City: "Leeds", Country: "United Kingdom"}}
	if err := f.book.Clients().CreateClient(context.Background(), acme); err != nil {
		t.Fatal(err)
	}
	f.issued(t, f.client, 10, domain.NewDate(2027, 5, 1), "", "300.00")
	f.issued(t, acme, 12, domain.NewDate(2027, 4, 1), "", "1200.00")
	f.issued(t, f.client, 11, domain.NewDate(2027, 6, 1), "", "50.00")
	f.s.Refresh()
	if got := strings.Join(f.column("issue_date"), " "); got != "2027-01-12 2027-01-11 2027-01-10" {
		t.Errorf("the list opens newest first: %s", got)
	}
	h := f.headers()
	if len(h) != len(columns) || h["Issued"] == nil {
		t.Fatalf("headers %v", h)
	}
	test.Tap(h["Total"])
	if got := strings.Join(f.column("total"), " "); got != "50.00 300.00 1,200.00" {
		t.Errorf("after a click on Total: %s", got)
	}
	test.Tap(h["Total"])
	if got := strings.Join(f.column("total"), " "); got != "1,200.00 300.00 50.00" {
		t.Errorf("after a second click on Total: %s", got)
	}
	test.Tap(h["Client"])
	if got := f.column("client"); got[0] != "Acme Ltd" || got[2] != f.client.Name {
		t.Errorf("after a click on Client: %v", got)
	}
	test.Tap(h["Due / valid until"])
	if got := strings.Join(f.column("due_date"), " "); got != "2027-04-01 2027-05-01 2027-06-01" {
		t.Errorf("after a click on Due: %s", got)
	}
	test.Tap(h["Number"])
	if got := strings.Join(f.column("number"), " "); got != "INV-2027-00001 INV-2027-00002 INV-2027-00003" {
		t.Errorf("after a click on Number: %s", got)
	}
	// The filters keep the order chosen.
	test.Type(f.s.search, "acme")
	if f.s.table.Total() != 1 || f.s.table.Sort().Key != domain.SortDocsByNumber {
		t.Errorf("searching: %d rows, sorted by %+v", f.s.table.Total(), f.s.table.Sort())
	}
}

// Export CSV… writes the columns the list shows, in its order, one CSV
// column for each header.
func TestExportWritesTheColumnsShown(t *testing.T) {
	f := newFixture(t)
	f.issued(t, f.client, 10, domain.NewDate(2027, 1, 24), "PO-1", "1234.50")
	f.issued(t, f.client, 11, domain.NewDate(2027, 5, 25), "PO-2", "99.95")
	f.s.Refresh()
	var shown []string
	for _, o := range test.LaidOutObjects(f.s.table.Object()) {
		if h, ok := o.(interface {
			fyne.Tappable
			Text() string
		}); ok {
			shown = append(shown, strings.TrimRight(h.Text(), " ▲▼"))
		}
	}
	var buf bytes.Buffer
	if err := f.writeCSV(&buf, domain.ExportFormat{}, func(int) bool { return true }); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\r\n")
	keys := strings.Split(strings.TrimPrefix(lines[0], "\ufeff"), ",")
	if len(keys) != len(shown) {
		t.Fatalf("exported %v for the headers %v", keys, shown)
	}
	for i, c := range columns {
		if shown[i] != c.Title || keys[i] != c.Key {
			t.Errorf("column %d shows %q and exports %q", i, shown[i], keys[i])
		}
	}
	// In the order shown (newest first); the first is overdue on 2027-03-01.
	want := []string{"INV-2027-00002,Unpaid," + f.client.Name + ",2027-01-11,2027-05-25,PO-2,99.95,99.95,EUR",
		"INV-2027-00001,Overdue," + f.client.Name + ",2027-01-10,2027-01-24,PO-1,1234.50,1234.50,EUR"}
	if len(lines) != 3 || lines[1] != want[0] || lines[2] != want[1] {
		t.Errorf("exported:\n%s\nwant\n%s", strings.Join(lines[1:], "\n"), strings.Join(want, "\n"))
	}
}

// A payment recorded anywhere — here straight through the book, as another
// screen or the command line would — shows at once in the open invoice and
// in the list; a draft being edited keeps what was typed.
func TestPaymentUpdatesTheOpenInvoiceAndTheList(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	inv := f.issued(t, f.client, 10, domain.NewDate(2027, 6, 30), "", "1000.00")
	f.s.Open(inv.ID)
	e := f.s.editor
	if e.paymentsSummary == nil || !strings.HasPrefix(e.paymentsSummary.Text, "Paid 0.00,") {
		t.Fatalf("before the payment: %+v", e.paymentsSummary)
	}
	if r, _ := f.s.table.Row(0); r.statusText() != "Unpaid" {
		t.Errorf("the list says %q before the payment", r.statusText())
	}
	pay := func(amount string, allocated bool) {
		t.Helper()
		p := &domain.Payment{ClientID: f.client.ID, Date: domain.NewDate(2027, 2, 1), Method: domain.MethodBankTransfer, Reference: "SEPA " + amount,
			Amount: money.Money{Amount: decimal.RequireFromString(amount), Currency: "EUR"}}
		if allocated {
			p.Allocations = []domain.Allocation{{DocumentID: inv.ID, Amount: p.Amount.Amount}}
		}
		if err := f.book.Payments().CreatePayment(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	pay("400.00", true)
	if got := e.paymentsSummary.Text; got != "Paid 400.00, credited 0.00, open 600.00 EUR — partially paid." {
		t.Errorf("the open invoice after a payment says %q", got)
	}
	if !hasLabel(e.viewBody, "SEPA 400.00") {
		t.Error("the payment is not listed on the open invoice")
	}
	if r, _ := f.s.table.Row(0); r.statusText() != "Partially paid" || e.badge.Text != "Partially paid" {
		t.Errorf("after the payment the list says %q, the invoice's badge %q", r.statusText(), e.badge.Text)
	}
	// On another tab the screen is hidden; it reads again when shown.
	f.s.Object().Hide()
	pay("600.00", true)
	if strings.HasPrefix(e.paymentsSummary.Text, "Paid 1,000.00,") {
		t.Error("a hidden screen read the book")
	}
	f.s.Object().Show()
	f.s.Refresh()
	if r, _ := f.s.table.Row(0); r.statusText() != "Paid" || !strings.HasPrefix(e.paymentsSummary.Text, "Paid 1,000.00,") {
		t.Errorf("paid in full: list %q, invoice %q", r.statusText(), e.paymentsSummary.Text)
	}

	// A draft open with unsaved edits is not read again over them.
	f.s.NewFor(domain.KindInvoice, f.client)
	e.po.SetText("PO-typed")
	pay("25.00", false)
	if !e.Dirty() || e.po.Text != "PO-typed" {
		t.Errorf("a payment elsewhere reset the draft being edited: dirty %v, PO %q", e.Dirty(), e.po.Text)
	}
}

// The status column says where each document stands, and its kind when the
// list mixes kinds.
func TestStatusText(t *testing.T) {
	row := func(kind domain.DocKind, st domain.DocStatus, pay domain.PayState, all bool) docRow {
		return docRow{DocumentRow: domain.DocumentRow{Kind: kind, Status: st, Pay: pay}, allKinds: all}
	}
	for _, c := range []struct {
		r    docRow
		want string
	}{
		{row(domain.KindInvoice, domain.DocIssued, domain.PayIssued, false), "Unpaid"},
		{row(domain.KindInvoice, domain.DocIssued, domain.PayOverdue, true), "Overdue"},
		{row(domain.KindInvoice, domain.DocIssued, domain.PayPartial, false), "Partially paid"},
		{row(domain.KindInvoice, domain.DocDraft, domain.PayNone, true), "Draft"},
		{row(domain.KindQuote, domain.DocIssued, domain.PayNone, false), "Sent"},
		{row(domain.KindQuote, domain.DocAccepted, domain.PayNone, true), "Quote · Accepted"},
		{row(domain.KindCreditNote, domain.DocIssued, domain.PayNone, true), "Credit note"},
		{row(domain.KindCreditNote, domain.DocVoid, domain.PayNone, true), "Credit note · Void"},
	} {
		if got := c.r.statusText(); got != c.want {
			t.Errorf("%s %s %s (all kinds %v): %q, want %q", c.r.Kind, c.r.Status, c.r.Pay, c.r.allKinds, got, c.want)
		}
	}
}

// A draft reads as "Draft" in the list and by client and date in the
// editor's title — never by its internal id, which looks like a number.
func TestDraftsAreNotNamedByTheirID(t *testing.T) {
	r := docRow{DocumentRow: domain.DocumentRow{ID: 3187, Kind: domain.KindInvoice, Status: domain.DocDraft}}
	if got := r.number(); got != "Draft" {
		t.Errorf("list number %q, want Draft", got)
	}
	d := &domain.Document{ID: 3187, Kind: domain.KindInvoice, ClientName: "Acme GmbH", IssueDate: domain.NewDate(2027, 3, 1)}
	if got, want := draftTitle(d), "Draft invoice for Acme GmbH, 2027-03-01"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if got := draftTitle(&domain.Document{ID: 9, Kind: domain.KindQuote}); strings.Contains(got, "9") || got != "Draft quote" {
		t.Errorf("title without client or date %q, want Draft quote", got)
	}
}
