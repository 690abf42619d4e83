package data

import (
	"context"
	"testing"

	"clientbook/domain"
)

func goodSetup() domain.Setup {
	return domain.Setup{Name: " Nordlicht Consulting GmbH ", Address: domain.Address{Line1: "Hafenstraße 4", City: "Hamburg",
		PostalCode: "20457", Country: "Germany"}, TaxID: "DE123456789", Currency: "eur",
		TaxName: "VAT", TaxPercent: "19 %", InvoicePattern: "RE-{YYYY}-{SEQ:4}"}
}

// The first-run setup writes the company and its usual tax rate together;
// a setup with any bad field writes neither, and running it again does not
// add the rate twice.
func TestSetUpIsOneWrite(t *testing.T) {
	ctx := context.Background()
	b := openTemp(t)
	before, err := b.Company().Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before.IsSetUp() {
		t.Fatal("a new book says it is set up")
	}
	for _, bad := range []struct {
		field string
		edit  func(*domain.Setup)
	}{
		{"name", func(s *domain.Setup) { s.Name = "  " }},
		{"address.line1", func(s *domain.Setup) { s.Address.Line1 = "" }},
		{"address.city", func(s *domain.Setup) { s.Address.City = "" }},
		{"address.country", func(s *domain.Setup) { s.Address.Country = "" }},
		{"currency", func(s *domain.Setup) { s.Currency = "EURO" }},
		{"currency", func(s *domain.Setup) { s.Currency = "" }},
		{"tax.percent", func(s *domain.Setup) { s.TaxPercent = "19,5,0" }},
		{"tax.percent", func(s *domain.Setup) { s.TaxPercent = "120" }},
		{"tax.percent", func(s *domain.Setup) { s.TaxPercent = "" }},
		{"tax.name", func(s *domain.Setup) { s.TaxName = "" }},
		{"pattern", func(s *domain.Setup) { s.InvoicePattern = "INV-{YYYY}" }},
	} {
		s := goodSetup()
		bad.edit(&s)
		err := b.Company().SetUp(ctx, &s)
		if fe := domain.FieldErrors(err); fe[bad.field] == "" {
			t.Errorf("setup with bad %s: %v, want a message at %s", bad.field, err, bad.field)
		}
	}
	after, _ := b.Company().Company(ctx)
	rates, _ := b.Catalog().FindTaxRates(ctx, true)
	if after.IsSetUp() || after.Currency != before.Currency || len(rates) != 0 {
		t.Fatalf("refused setups wrote something: company %+v, %d rates", after, len(rates))
	}

	for i := 0; i < 2; i++ {
		s := goodSetup()
		if err := b.Company().SetUp(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
	co, _ := b.Company().Company(ctx)
	if co.Name != "Nordlicht Consulting GmbH" || co.Currency != "EUR" || co.Address.City != "Hamburg" || co.TaxID != "DE123456789" ||
		co.Numbering[domain.KindInvoice].Pattern != "RE-{YYYY}-{SEQ:4}" || !co.IsSetUp() {
		t.Errorf("company after setup: %+v", co)
	}
	if co.Numbering[domain.KindQuote].Pattern != before.Numbering[domain.KindQuote].Pattern || co.Rounding != before.Rounding {
		t.Errorf("setup changed what it does not ask for: %+v", co)
	}
	rates, _ = b.Catalog().FindTaxRates(ctx, true)
	if len(rates) != 1 || rates[0].Label() != "VAT 19%" {
		t.Errorf("rates after two setups: %+v", rates)
	}
	// No usual tax at all is a choice, not an error.
	s := goodSetup()
	s.TaxName, s.TaxPercent = "", ""
	if err := b.Company().SetUp(ctx, &s); err != nil {
		t.Errorf("setup without a tax: %v", err)
	}
}
