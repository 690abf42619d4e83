package gui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"clientbook/domain"
	"clientbook/gui/kit"
)

// A new book asks who issues its invoices before anything else; a setup with
// problems shows them at their fields and writes nothing; a good one stores
// the company and its tax rate, opens the welcome's demo/first-client choice,
// and its home currency is a new client's currency. A book that is set up
// never asks again.
func TestFirstRunSetup(t *testing.T) {
	a := test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	path := filepath.Join(t.TempDir(), "new.db")
	b, err := openBook(path)
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	u := New(a, w, b, openBook)
	t.Cleanup(func() {
		if u.Book() != nil {
			u.Book().Close()
		}
	})
	w.Resize(fyne.NewSize(1200, 800))
	if u.setup == nil {
		t.Fatal("a new book opened without the setup")
	}
	if u.current() != nil {
		t.Error("the tabs behind the setup answer shortcuts")
	}

	// Ctrl+S saves the setup: empty, it says what is missing.
	shortcut(t, w, fyne.KeyS)
	errs := u.setup.Errors()
	for _, k := range []string{"name", "address.line1", "address.city", "address.country"} {
		if errs[k] == "" {
			t.Errorf("no message at %s: %v", k, errs)
		}
	}
	co, _ := b.Company().Company(t.Context())
	if co.IsSetUp() || u.setup == nil {
		t.Fatal("a refused setup was written or closed")
	}

	u.setup.Load(domain.Setup{Name: "Nordlicht GmbH", Address: domain.Address{Line1: "Hafenstraße 4", City: "Hamburg",
		PostalCode: "20457", Country: "Germany"}, Currency: "EUR — Euro", TaxName: "MwSt", TaxPercent: "19,5,1",
		InvoicePattern: "RE-{YYYY}-{SEQ:4}"})
	u.setup.Save()
	if e := u.setup.Errors(); e["tax.percent"] == "" || len(e) != 1 {
		t.Fatalf("a bad percent: messages %v", e)
	}
	s := u.setup.Read()
	s.TaxPercent = "19"
	u.setup.Load(s)
	u.setup.Save()
	if u.setup != nil {
		t.Fatalf("the setup stayed after a good save: %v", u.setup.Errors())
	}
	co, _ = b.Company().Company(t.Context())
	rates, _ := b.Catalog().FindTaxRates(t.Context(), false)
	if co.Name != "Nordlicht GmbH" || co.Currency != "EUR" || co.Numbering[domain.KindInvoice].Pattern != "RE-{YYYY}-{SEQ:4}" ||
		len(rates) != 1 || rates[0].Label() != "MwSt 19%" {
		t.Errorf("after setup: company %+v, rates %+v", co, rates)
	}
	if !u.Clients().WelcomeShown() || u.current() == nil {
		t.Error("after the setup the welcome's demo/first-client choice should show")
	}
	shortcut(t, w, fyne.KeyN)
	if got := u.Clients().Form().Currency(); got != "EUR" {
		t.Errorf("a new client starts in %q, want the home currency EUR", got)
	}

	// Set up, the book never asks again.
	u.Book().Close()
	b2, err := openBook(path)
	if err != nil {
		t.Fatal(err)
	}
	u.setBook(b2)
	if u.setup != nil {
		t.Error("a set-up book asked for the setup again")
	}
}
