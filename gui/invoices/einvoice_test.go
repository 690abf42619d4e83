package invoices

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"clientbook/data/einvoice"
	"clientbook/data/pdf"
	"clientbook/domain"
)

// TestExportEInvoice: an issued invoice offers Export e-invoice… with the
// client's format chosen; what the rules refuse is said in words, and once
// the book has what they need the e-invoice is written.
func TestExportEInvoice(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.vat.VAT = domain.VATClass{Category: domain.VATStandard}
	if err := f.book.Catalog().UpdateTaxRate(ctx, &f.vat); err != nil {
		t.Fatal(err)
	}
	f.client.EInvoice, f.client.Billing.PostalCode = domain.EInvoiceCII, "24103"
	if err := f.book.Clients().UpdateClient(ctx, f.client); err != nil {
		t.Fatal(err)
	}
	co, _ := f.book.Company().Company(ctx)
	co.Name, co.VATID = "Nordlicht Beratung GmbH", "DE123456789"
	co.Address = domain.Address{Line1: "Friedrichstraße 10", City: "Berlin", PostalCode: "10117", Country: "DE"}
	if err := f.book.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	f.s.SetEInvoicer(einvoice.Exporter{PDF: pdf.Renderer{}})
	f.s.NewFor(domain.KindInvoice, f.client)
	e := f.s.editor
	if button(e.actions, "Export e-invoice…") != nil {
		t.Error("a draft offers Export e-invoice…")
	}
	typeLine(e, 0, "Audit", "2", "500", f.vat.Line())
	tap(t, e.Object(), "Issue…")
	test.Tap(button(f.w.Canvas().Overlays().Top(), "Issue invoice"))
	if e.doc.Status != domain.DocIssued {
		t.Fatalf("not issued: %+v", e.doc)
	}

	tap(t, e.actions, "Export e-invoice…")
	top := f.w.Canvas().Overlays().Top()
	var choice *widget.RadioGroup
	for _, o := range test.LaidOutObjects(top) {
		if r, ok := o.(*widget.RadioGroup); ok {
			choice = r
		}
	}
	if choice == nil || choice.Selected != domain.EInvoiceCII.Title() {
		t.Fatalf("the format offered first is not the client's: %+v", choice)
	}
	test.Tap(button(top, "Cancel"))

	// Peppol needs electronic addresses the book does not have: said in words.
	if _, err := e.EInvoice(ctx, e.doc, domain.EInvoiceUBL); err == nil || !strings.Contains(domain.ErrorMessage(err), "PEPPOL-EN16931-R020") {
		t.Errorf("UBL without the company's electronic address: %v", err)
	}
	file, err := e.EInvoice(ctx, e.doc, domain.EInvoiceCII)
	if err != nil {
		t.Fatal(err)
	}
	if file.Name != e.doc.Number+"-cii.xml" || !bytes.Contains(file.Data, []byte("<ram:GrandTotalAmount>1190.00</ram:GrandTotalAmount>")) {
		t.Errorf("the CII %s does not state the invoice's total", file.Name)
	}
	e.SetEInvoicer(nil)
	if _, err := e.EInvoice(ctx, e.doc, domain.EInvoiceCII); err != errNoEInvoicer {
		t.Errorf("without an e-invoicer: %v", err)
	}
}
