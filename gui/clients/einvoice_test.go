package clients

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"clientbook/domain"
)

// TestClientEInvoiceFields: the E-invoices section saves what it shows, and
// a bad VAT identifier or an address without its scheme is refused beside
// the field with nothing stored.
func TestClientEInvoiceFields(t *testing.T) {
	s, svc, _ := newTestScreen(t)
	s.NewClient()
	f := s.form
	test.Type(f.name, "Brouwerij Zuid BV")
	test.Type(f.einvoice.vatID, "BE12")
	test.Type(f.einvoice.endpoint, "0123456749")
	if f.Save() {
		t.Fatal("saved a bad VAT identifier")
	}
	for _, key := range []string{"vatId", "endpointScheme"} {
		if fl := f.edits.Fields[key]; !fl.Error.Visible() || fl.Error.Text == "" {
			t.Errorf("no message beside %s", key)
		}
	}
	if n := count(t, svc); n != 0 {
		t.Fatalf("%d clients stored after a failed save", n)
	}
	f.einvoice.vatID.SetText("be 0123.456.749")
	f.einvoice.scheme.SetText("0208 — Belgian enterprise number")
	f.einvoice.format.SetSelected(domain.EInvoiceUBL.Title())
	test.Type(f.einvoice.ref, "PO-2026-17")
	if !f.Save() {
		t.Fatal("the corrected client was not saved")
	}
	rows, _ := svc.FindClients(context.Background(), domain.ClientFilter{})
	c, err := svc.FindClientByID(context.Background(), rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.VATID != "BE0123456749" || c.EndpointID != "0123456749" || c.EndpointScheme != "0208" ||
		c.EInvoice != domain.EInvoiceUBL || c.BuyerReference != "PO-2026-17" {
		t.Errorf("stored %+v", c)
	}
	f.Load(c)
	if f.einvoice.format.Selected != domain.EInvoiceUBL.Title() || f.einvoice.vatID.Text != "BE0123456749" {
		t.Errorf("the form shows %q %q", f.einvoice.format.Selected, f.einvoice.vatID.Text)
	}
}
