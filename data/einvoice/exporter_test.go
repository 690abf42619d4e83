package einvoice_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/data/einvoice"
	"clientbook/data/pdf"
	"clientbook/domain"
	"clientbook/domain/money"
)

// TestExporterOverABook follows an invoice through the book: the checks
// before issuing name the e-invoice rule it would break for a client who
// receives XRechnung, it issues once that is fixed, and it exports in every
// format with the unit code of its catalog item and the VAT category of its
// rate as they were when it was written.
func TestExporterOverABook(t *testing.T) {
	ctx := context.Background()
	book, err := data.Open(filepath.Join(t.TempDir(), "book.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()

	co, err := book.Company().Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	co.Name, co.Email, co.Phone, co.Currency = "Nordlicht Beratung GmbH", "rechnung@nordlicht.example", "+49 30 1234567", "EUR"
	co.Address = domain.Address{Line1: "Friedrichstraße 10", City: "Berlin", PostalCode: "10117", Country: "Germany"}
	co.EndpointID, co.EndpointScheme = "rechnung@nordlicht.example", "EM"
	co.IBAN, co.BIC = "DE89 3704 0044 0532 0130 00", "COBADEFFXXX"
	if err := book.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	rate := &domain.TaxRate{Name: "USt", Percent: dec("19"), VAT: domain.VATClass{Category: domain.VATStandard}}
	if err := book.Catalog().CreateTaxRate(ctx, rate); err != nil {
		t.Fatal(err)
	}
	item := &domain.Item{Code: "BER", Name: "Beratung", Unit: "Std.", UnitCode: "hur", TaxRateIDs: []int64{rate.ID},
		UnitPrice: money.Money{Amount: dec("120"), Currency: "EUR"}}
	if err := book.Catalog().CreateItem(ctx, item); err != nil {
		t.Fatal(err)
	}
	client := &domain.Client{Name: "Stadt Musterhausen", Status: domain.StatusActive, Currency: "EUR",
		Billing:    domain.Address{Line1: "Rathausplatz 1", City: "Musterhausen", PostalCode: "12345", Country: "DE"},
		EndpointID: "04011000-12345-34", EndpointScheme: "0204", BuyerReference: "04011000-12345-34",
		EInvoice: domain.EInvoiceXRechnung, Contacts: []domain.Contact{{Name: "Kasse", Email: "kasse@musterhausen.example", Primary: true}}}
	if err := book.Clients().CreateClient(ctx, client); err != nil {
		t.Fatal(err)
	}
	d := &domain.Document{Kind: domain.KindInvoice, ClientID: client.ID, Currency: "EUR", IssueDate: domain.NewDate(2026, 3, 2),
		DueDate: domain.NewDate(2026, 4, 1), Lines: []domain.Line{{ItemID: item.ID, Description: "Beratung März", Quantity: dec("7.5"),
			Unit: "Std.", UnitPrice: dec("120"), Taxes: []domain.TaxLine{rate.Line()}}}}
	if err := book.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}

	// The company has neither VAT identifier nor tax number: BR-S-02.
	_, findings, err := book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
	if err == nil || !hasFinding(findings, "BR-S-02") {
		t.Fatalf("issued without the seller's VAT identifier: %v %v", err, findings)
	}
	co.VATID = "DE123456789"
	if err := book.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	issued, findings, err := book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatalf("issue: %v %v", err, findings)
	}
	if issued.BuyerReference != "04011000-12345-34" {
		t.Errorf("the issued invoice quotes buyer reference %q, not the client's", issued.BuyerReference)
	}

	// Later changes to the rate and the company do not reach the issued invoice.
	rate.Percent, rate.VAT = dec("0"), domain.VATClass{Category: domain.VATZero}
	if err := book.Catalog().UpdateTaxRate(ctx, rate); err != nil {
		t.Fatal(err)
	}
	co.VATID = "DE999999999"
	if err := book.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}

	x := einvoice.Exporter{PDF: pdf.Renderer{}}
	doc, err := book.Documents().FindDocumentByID(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	files := map[domain.EInvoiceFormat]*domain.EInvoiceFile{}
	for _, f := range append([]domain.EInvoiceFormat{domain.EInvoiceNone}, domain.EInvoiceFormats...) {
		file, err := x.EInvoice(ctx, book, doc, f)
		if f == domain.EInvoiceUBL {
			// Peppol needs the buyer's endpoint and a reference: it has both.
			if err != nil {
				t.Fatalf("UBL: %v", err)
			}
		} else if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		files[f] = file
	}
	if files[domain.EInvoiceNone].Format != domain.EInvoiceXRechnung || files[domain.EInvoiceNone].Name != issued.Number+"-xrechnung.xml" {
		t.Errorf("the client's own format gave %s named %s", files[domain.EInvoiceNone].Format, files[domain.EInvoiceNone].Name)
	}
	for _, want := range []string{profileOf(domain.EInvoiceXRechnung), "<ram:BilledQuantity unitCode=\"HUR\">7.5</ram:BilledQuantity>",
		"<ram:CategoryCode>S</ram:CategoryCode>", "<ram:RateApplicablePercent>19</ram:RateApplicablePercent>",
		"<ram:ID schemeID=\"VA\">DE123456789</ram:ID>", "<ram:BuyerReference>04011000-12345-34</ram:BuyerReference>",
		"<ram:GrandTotalAmount>1071.00</ram:GrandTotalAmount>", "<ram:IBANID>DE89370400440532013000</ram:IBANID>"} {
		if !bytes.Contains(files[domain.EInvoiceXRechnung].Data, []byte(want)) {
			t.Errorf("the XRechnung lacks %s", want)
		}
	}
	var ubl struct {
		XMLName xml.Name
		Payable string `xml:"LegalMonetaryTotal>PayableAmount"`
	}
	if err := xml.Unmarshal(files[domain.EInvoiceUBL].Data, &ubl); err != nil || ubl.XMLName.Local != "Invoice" || ubl.Payable != "1071.00" {
		t.Errorf("the UBL reads back as %+v (%v)", ubl, err)
	}
	fx := files[domain.EInvoiceFacturX]
	if !bytes.HasPrefix(fx.Data, []byte("%PDF-")) || !bytes.Contains(fx.Data, files[domain.EInvoiceCII].Data) || !strings.HasSuffix(fx.Name, "-facturx.pdf") {
		t.Errorf("the Factur-X file %s does not embed the CII export as it is", fx.Name)
	}

	// A draft, and a currency with three decimals, are refused in words.
	draft, err := book.Documents().Duplicate(ctx, d.ID, domain.NewDate(2026, 3, 3))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := x.EInvoice(ctx, book, draft, domain.EInvoiceCII); domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(err.Error(), "only issued") {
		t.Errorf("a draft: %v", err)
	}
	kwd := *doc
	kwd.Currency = "KWD"
	if _, err := x.EInvoice(ctx, book, &kwd, domain.EInvoiceUBL); domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(err.Error(), "KWD has 3") {
		t.Errorf("a KWD invoice: %v", err)
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func hasFinding(fs []domain.Finding, rule string) bool {
	for _, f := range fs {
		if f.Severity == domain.SeverityError && strings.Contains(f.Message, rule) {
			return true
		}
	}
	return false
}

// profileOf is the BT-24 specification identifier format f writes.
func profileOf(f domain.EInvoiceFormat) string { return (&domain.EInvoice{Format: f}).Specification() }
