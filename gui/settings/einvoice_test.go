package settings

import (
	"testing"
)

// TestCompanyEInvoiceFields: the E-invoices section of the settings stores
// the seller's VAT identifier, electronic address and bank account; a
// mistyped IBAN is refused at its field.
func TestCompanyEInvoiceFields(t *testing.T) {
	s, book, _ := newTestScreen(t)
	s.vatID.SetText("DE123456789")
	s.endpoint.SetText("DE123456789")
	s.scheme.SetText("9930 — German VAT number")
	s.iban.SetText("DE89 3704 0044 0532 0130 01")
	s.bic.SetText("COBADEFFXXX")
	if s.Save() {
		t.Fatal("saved an IBAN with wrong check digits")
	}
	if fl := s.edits.Fields["iban"]; !fl.Error.Visible() || fl.Error.Text == "" {
		t.Error("no message beside the IBAN")
	}
	if co := stored(t, book); co.IBAN != "" || co.VATID != "" {
		t.Errorf("a refused save stored %+v", co)
	}
	s.iban.SetText("DE89 3704 0044 0532 0130 00")
	if !s.Save() {
		t.Fatal("not saved")
	}
	co := stored(t, book)
	if co.VATID != "DE123456789" || co.EndpointID != "DE123456789" || co.EndpointScheme != "9930" ||
		co.IBAN != "DE89370400440532013000" || co.BIC != "COBADEFFXXX" {
		t.Errorf("stored %+v", co)
	}
}
