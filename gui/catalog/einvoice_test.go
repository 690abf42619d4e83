package catalog

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"clientbook/domain"
)

// TestTaxRateVATCategory: a rate's VAT category and exemption reason are
// asked for on its form; an exempt rate without a reason is refused at the
// reason, and the list shows the category.
func TestTaxRateVATCategory(t *testing.T) {
	s, book, _ := newTestScreen(t)
	s.NewTaxRate()
	f := s.rates.form
	test.Type(f.name, "Exempt")
	test.Type(f.percent, "0")
	f.category.SetSelected(domain.VATExempt.Label())
	if s.Save() {
		t.Fatal("saved an exempt rate without a reason")
	}
	if fl := f.edits.Fields["exemptionReason"]; !fl.Error.Visible() || fl.Error.Text == "" {
		t.Error("no message beside the exemption reason")
	}
	test.Type(f.code, "vatex-eu-132-1i")
	test.Type(f.reason, "Education (Art. 132(1)(i))")
	if !s.Save() {
		t.Fatalf("refused: %v", f.edits.Fields["exemptionCode"].Error.Text)
	}
	rates, _ := book.Catalog().FindTaxRates(context.Background(), true)
	if len(rates) != 1 || rates[0].VAT != (domain.VATClass{Category: domain.VATExempt, ExemptionReason: "Education (Art. 132(1)(i))",
		ExemptionCode: "VATEX-EU-132-1I"}) {
		t.Fatalf("stored %+v", rates)
	}
	if got := s.rates.table.RowTexts(0); len(got) < 4 || got[3] != domain.VATExempt.Label() {
		t.Errorf("the list shows %q", got)
	}
}

// TestItemUnitCode: an item's Rec 20 unit code is stored upper-cased; one
// that is not in the list is refused at its field.
func TestItemUnitCode(t *testing.T) {
	s, book, _ := newTestScreen(t)
	s.ShowSection(SectionItems)
	s.NewItem()
	f := s.items.form
	test.Type(f.code, "CONS")
	test.Type(f.name, "Consulting")
	test.Type(f.price, "100")
	f.currency.SetText("EUR")
	test.Type(f.unitCode, "XYZ1")
	if s.Save() {
		t.Fatal("saved a unit code that does not exist")
	}
	if fl := f.edits.Fields["unitCode"]; !fl.Error.Visible() {
		t.Error("no message beside the unit code")
	}
	f.unitCode.SetText("hur")
	if !s.Save() {
		t.Fatal("refused HUR")
	}
	if got := items(t, book); len(got) != 1 || got[0].UnitCode != "HUR" {
		t.Errorf("stored %+v", got)
	}
}
