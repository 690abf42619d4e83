package clients

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/guitest"
	"clientbook/gui/kit"
)

// Issuing an invoice from the client's Details — New invoice there, issued
// on the Documents tab — shows in the Details' "Invoices and quotes" at
// once, without touching what is being typed in the form.
func TestIssuingFromDetailsUpdatesDetails(t *testing.T) {
	test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	ctx := context.Background()
	c := &domain.Client{Name: "Nordlicht Logistik GmbH", Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: 14,
		CreditLimit: money.Zero("EUR"), Billing: domain.Address{Line1: "Hafenstraße 3", City: "Kiel", Country: "Germany"}}
	if err := book.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}

	w := test.NewTempWindow(t, nil)
	f := NewForm(book.Clients(), w)
	f.Documents = book.Documents()
	f.Watch(book)
	// What the Documents tab does with New invoice: a draft for the client,
	// issued once it is filled in.
	f.Nav = newDocument(func(kind domain.DocKind, c *domain.Client) {
		d := domain.NewDraft(kind, c, domain.DefaultCompany(), domain.NewDate(2027, 3, 1))
		d.Lines = []domain.Line{{Description: "Audit", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.RequireFromString("500.00")}}
		if err := book.Documents().CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		if _, _, err := book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
			t.Fatal(err)
		}
	})
	w.SetContent(f.Object())
	w.Resize(fyne.NewSize(900, 1400))
	f.Load(c)
	if got := f.SummaryLabel(); got != "No invoices or quotes yet." {
		t.Fatalf("before: %q", got)
	}
	f.notes.SetText("Call before Friday")
	var newInvoice *widget.Button
	for _, o := range test.LaidOutObjects(f.Object()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "New invoice" {
			newInvoice = b
		}
	}
	if newInvoice == nil {
		t.Fatal("no New invoice button in Details")
	}
	test.Tap(newInvoice)
	if got := f.SummaryLabel(); !strings.HasPrefix(got, "1 invoice. Invoiced 500.00 EUR") {
		t.Errorf("after issuing, Details says %q", got)
	}
	if !f.Dirty() || f.notes.Text != "Call before Friday" {
		t.Errorf("the notes being typed were lost: dirty %v, %q", f.Dirty(), f.notes.Text)
	}
}

// newDocument is a Nav whose NewDocument runs fn.
type newDocument func(kind domain.DocKind, c *domain.Client)

func (n newDocument) NewDocument(kind domain.DocKind, c *domain.Client) { n(kind, c) }

func (newDocument) OpenClient(int64, string)            {}
func (newDocument) OpenDocument(int64)                  {}
func (newDocument) ShowDocuments(domain.DocumentFilter) {}
func (newDocument) ShowClientDocuments(*domain.Client)  {}
func (newDocument) OpenPayment(*domain.Payment)         {}
func (newDocument) OpenReceivables()                    {}

// Record payment on a saved client opens a new payment from that client,
// dated today in the client's currency, for Receivables to allocate.
func TestRecordPaymentFromTheClient(t *testing.T) {
	test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	c := &domain.Client{Name: "Kawasaki Trading KK", Status: domain.StatusActive, Currency: "JPY", PaymentTermsDays: 30,
		CreditLimit: money.Zero("JPY")}
	if err := book.Clients().CreateClient(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	f := NewForm(book.Clients(), w)
	f.Documents = book.Documents()
	nav := &guitest.Nav{}
	f.Nav = nav
	f.Today = func() domain.Date { return domain.NewDate(2027, 4, 2) }
	w.SetContent(f.Object())
	w.Resize(fyne.NewSize(900, 1400))

	f.Load(nil) // a new client has nothing to record yet
	f.recordPayment()
	if len(nav.Went) != 0 {
		t.Fatalf("a payment from an unsaved client: %v", nav.Went)
	}
	f.Load(c)
	var record *widget.Button
	for _, o := range test.LaidOutObjects(f.Object()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Record payment" {
			record = b
		}
	}
	if record == nil {
		t.Fatal("no Record payment button in Details")
	}
	test.Tap(record)
	if len(nav.Payments) != 1 {
		t.Fatalf("went %v", nav.Went)
	}
	p := nav.Payments[0]
	if p.ID != 0 || p.ClientID != c.ID || p.ClientName != c.Name || p.Amount.Currency != "JPY" || !p.Amount.IsZero() ||
		p.Date != domain.NewDate(2027, 4, 2) {
		t.Errorf("payment opened: %+v", p)
	}
}

// Under Billing address the form says what an invoice will need of it, and
// the hint goes once street, city and country are there.
func TestAddressHintSaysWhatInvoicesNeed(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	f := NewForm(nil, w)
	w.SetContent(f.Object())
	f.Load(nil)
	if !f.addrHint.Visible() || f.addrHint.Text != "Invoices need the street, city and country before the first one to this client is issued." {
		t.Errorf("new client: %v %q", f.addrHint.Visible(), f.addrHint.Text)
	}
	test.Type(f.address.Line1, "Hafenstraße 3")
	test.Type(f.address.Country, "Germany")
	if f.addrHint.Text != "Invoices need the city before the first one to this client is issued." {
		t.Errorf("after street and country: %q", f.addrHint.Text)
	}
	test.Type(f.address.City, "Kiel")
	if f.addrHint.Visible() {
		t.Errorf("a complete address still hinted: %q", f.addrHint.Text)
	}
	f.Load(&domain.Client{ID: 3, Name: "Complete", Currency: "EUR", CreditLimit: money.Zero("EUR"),
		Billing: domain.Address{Line1: "1 Main St", City: "Austin", Country: "United States"}})
	if f.addrHint.Visible() {
		t.Error("a loaded complete address is hinted")
	}
}
