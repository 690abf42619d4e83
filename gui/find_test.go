package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// Ctrl+K finds a client by a contact's email, an invoice by its PO number
// and a payment by its reference, from any tab; Enter (or Open) takes each
// to where it lives.
func TestFindAnything(t *testing.T) {
	u, w, _ := newTestUI(t)
	ctx := t.Context()
	c := &domain.Client{Name: "Kawasaki Trading KK", Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: 30,
		CreditLimit: money.Zero("EUR"), Billing: domain.Address{Line1: "1-2 Marunouchi", City: "Tokyo", Country: "Japan"},
		Contacts: []domain.Contact{{Name: "Aiko Tanaka", Email: "aiko@kawasaki.example", Primary: true}}}
	if err := u.Book().Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), domain.NewDate(2027, 4, 1))
	d.PONumber = "PO-7781"
	d.Lines = []domain.Line{{Description: "Audit", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.NewFromInt(900)}}
	if err := u.Book().Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	inv, _, err := u.Book().Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatal(err)
	}
	p := &domain.Payment{ClientID: c.ID, Date: domain.NewDate(2027, 4, 15), Amount: money.Money{Amount: decimal.NewFromInt(900), Currency: "EUR"},
		Method: domain.MethodBankTransfer, Reference: "SEPA 20270415 KW-100%",
		Allocations: []domain.Allocation{{DocumentID: inv.ID, Amount: decimal.NewFromInt(900)}}}
	if err := u.Book().Payments().CreatePayment(ctx, p); err != nil {
		t.Fatal(err)
	}

	shortcut(t, w, fyne.KeyK)
	f := u.finder
	if f == nil || w.Canvas().Focused() == nil {
		t.Fatal("Ctrl+K opened no search with the cursor in it")
	}
	f.Type("AIKO@kawasaki")
	if hits := f.Hits(); len(hits) != 1 || hits[0].Kind != domain.HitClient || hits[0].ID != c.ID {
		t.Fatalf("by contact email: %+v", hits)
	}
	f.Open()
	if !u.onTab(u.Clients().Object()) || u.Clients().Form().Client() == nil || u.Clients().Form().Client().ID != c.ID {
		t.Error("the client hit did not open the client")
	}

	shortcut(t, w, fyne.KeyK)
	u.finder.Type("po-7781")
	if hits := u.finder.Hits(); len(hits) != 1 || hits[0].Kind != domain.HitDocument || hits[0].Title != inv.Number {
		t.Fatalf("by PO: %+v", hits)
	}
	u.finder.Open()
	if !u.onTab(u.docs().Object()) || !u.docs().EditorShown() {
		t.Error("the document hit did not open the invoice")
	}

	shortcut(t, w, fyne.KeyK)
	f = u.finder
	f.Type("kw-100%") // a % in a reference is matched as itself
	hits := f.Hits()
	if len(hits) != 1 || hits[0].Kind != domain.HitPayment || hits[0].Payment.ID != p.ID {
		t.Fatalf("by payment reference: %+v", hits)
	}
	f.Type("20270415 %")
	if len(f.Hits()) != 0 || f.Note() != "Nothing found for “20270415 %”." {
		t.Errorf("a pattern that matches nothing: %+v, %q", f.Hits(), f.Note())
	}
	f.Type("kawasaki")
	if len(f.Hits()) < 1 || f.Hits()[0].Kind != domain.HitClient {
		t.Fatalf("kawasaki: %+v", f.Hits())
	}
	// Down then Enter in the box opens the second hit, the invoice.
	if len(f.Hits()) != 2 || f.Hits()[1].Kind != domain.HitDocument {
		t.Fatalf("kawasaki finds the client and its invoice: %+v", f.Hits())
	}
	f.Entry().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	f.Entry().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !u.onTab(u.docs().Object()) {
		t.Error("Down, Enter did not open the invoice")
	}
	shortcut(t, w, fyne.KeyK)
	f = u.finder
	f.Type("SEPA 2027")
	f.Open()
	if !u.onTab(u.receivables().Object()) || !u.receivables().PanelShown() {
		t.Error("the payment hit did not open the payment")
	}
}
