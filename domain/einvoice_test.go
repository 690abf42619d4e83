package domain

import (
	"strings"
	"testing"
)

func einvoiceDoc() (*Document, EInvoiceFacts) {
	s := VATClass{Category: VATStandard}
	d := &Document{Kind: KindInvoice, Number: "INV-1", Status: DocIssued, Currency: "EUR", IssueDate: NewDate(2026, 1, 5),
		DueDate: NewDate(2026, 2, 4), Rounding: DefaultRounding, Arithmetic: ArithmeticV2, BuyerReference: "991-01234-56",
		Lines: []Line{{Description: "Consulting", Quantity: dec("2"), Unit: "hour", UnitPrice: dec("100"),
			Taxes: []TaxLine{{Name: "VAT", Percent: dec("19"), VAT: s}}}}}
	facts := EInvoiceFacts{
		Seller: &Party{Name: "Seller GmbH", VATID: "DE123456789", Email: "a@b.example", Phone: "+49 1",
			Address:    Address{Line1: "Str 1", City: "Berlin", PostalCode: "10115", Country: "Germany"},
			EndpointID: "DE123456789", EndpointScheme: "9930", IBAN: "DE89370400440532013000"},
		Buyer: &Party{Name: "Buyer BV", VATID: "NL123456789B01", Address: Address{Line1: "Weg 2", City: "Utrecht",
			PostalCode: "3511", Country: "NL"}, EndpointID: "NL123456789B01", EndpointScheme: "9944"},
	}
	return d, facts
}

// TestBuildEInvoiceSaysWhatIsMissing: each gap the standard's rules would
// reject is named in words, with its rule, before any file is written.
func TestBuildEInvoiceSaysWhatIsMissing(t *testing.T) {
	tests := []struct {
		name   string
		format EInvoiceFormat
		change func(d *Document, f *EInvoiceFacts)
		want   string // in the one finding's message
	}{
		{"three-decimal currency", EInvoiceUBL, func(d *Document, f *EInvoiceFacts) {
			d.Currency = "KWD"
			d.Lines[0].UnitPrice = dec("100.125")
		}, "KWD has 3"},
		{"line without VAT", EInvoiceCII, func(d *Document, f *EInvoiceFacts) { d.Lines[0].Taxes = nil }, "carries no VAT rate"},
		{"two taxes on a line", EInvoiceCII, func(d *Document, f *EInvoiceFacts) {
			d.Lines[0].Taxes = append(d.Lines[0].Taxes, TaxLine{Name: "PST", Percent: dec("7"), VAT: VATClass{Category: VATStandard}})
		}, "exactly one VAT rate"},
		{"rate without category", EInvoiceCII, func(d *Document, f *EInvoiceFacts) { d.Lines[0].Taxes[0].VAT = VATClass{} }, "has no VAT category"},
		{"exempt without reason", EInvoiceCII, func(d *Document, f *EInvoiceFacts) {
			d.Lines[0].Taxes[0] = TaxLine{Name: "Exempt", Percent: dec("0"), VAT: VATClass{Category: VATExempt}}
		}, "say why it is exempt"},
		{"unknown unit", EInvoiceCII, func(d *Document, f *EInvoiceFacts) { d.Lines[0].Unit = "crate" }, "BR-CL-23"},
		{"O beside S", EInvoiceCII, func(d *Document, f *EInvoiceFacts) {
			d.Lines = append(d.Lines, Line{Description: "Fee", Quantity: dec("1"), UnitPrice: dec("5"),
				Taxes: []TaxLine{{Name: "None", Percent: dec("0"), VAT: VATClass{Category: VATOutOfScope}}}})
		}, "BR-O-11"},
		{"reverse charge without buyer VAT", EInvoiceCII, func(d *Document, f *EInvoiceFacts) {
			d.Lines[0].Taxes[0] = TaxLine{Name: "RC", Percent: dec("0"), VAT: VATClass{Category: VATReverseCharge}}
			f.Buyer.VATID = ""
		}, "BR-AE-02"},
		{"unknown country", EInvoiceCII, func(d *Document, f *EInvoiceFacts) { f.Buyer.Address.Country = "Atlantis" }, "BR-CL-14"},
		{"nothing due by", EInvoiceCII, func(d *Document, f *EInvoiceFacts) { d.DueDate = Date{} }, "BR-CO-25"},
		{"Peppol without buyer address", EInvoiceUBL, func(d *Document, f *EInvoiceFacts) { f.Buyer.EndpointID = "" }, "R010"},
		{"Peppol without references", EInvoiceUBL, func(d *Document, f *EInvoiceFacts) { d.BuyerReference = "" }, "R003"},
		{"XRechnung without Leitweg-ID", EInvoiceXRechnung, func(d *Document, f *EInvoiceFacts) { d.BuyerReference = "" }, "BR-DE-15"},
		{"XRechnung without IBAN", EInvoiceXRechnung, func(d *Document, f *EInvoiceFacts) { f.Seller.IBAN = "" }, "BR-DE-1"},
		{"a quote", EInvoiceCII, func(d *Document, f *EInvoiceFacts) { d.Kind = KindQuote }, "only invoices and credit notes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, f := einvoiceDoc()
			if e, fs := BuildEInvoice(d, tt.format, f); e == nil || len(fs) > 0 {
				t.Fatalf("the unchanged invoice fails: %v", fs)
			}
			tt.change(d, &f)
			e, fs := BuildEInvoice(d, tt.format, f)
			if e != nil || len(fs) != 1 || !strings.Contains(fs[0].Message, tt.want) || fs[0].Severity != SeverityError {
				t.Fatalf("got %v, want one error saying %q", fs, tt.want)
			}
		})
	}
}

func TestBuyerReferenceFallsBackToTheClients(t *testing.T) {
	d, f := einvoiceDoc()
	d.BuyerReference, f.BuyerReference = "", "04011000-1234512345-06"
	e, fs := BuildEInvoice(d, EInvoiceXRechnung, f)
	if len(fs) > 0 || e.BuyerReference != "04011000-1234512345-06" || e.Specification() != ProfileXRechnung {
		t.Fatalf("%v %+v", fs, e)
	}
}

func TestEInvoiceIdentifiers(t *testing.T) {
	for _, tt := range []struct {
		vat, endpoint, scheme string
		bad                   string // the field refused, "" for none
	}{
		{"de 123.456.789", "", "", ""},
		{"EL123456789", "", "", ""},
		{"XX123", "", "", "vatId"},
		{"123456789", "", "", "vatId"},
		{"", "0123456789", "", "endpointScheme"},
		{"", "", "0088", "endpointId"},
		{"", "7300010000001", "0088", ""},
		{"", "x@y.example", "em", ""},
		{"", "7300010000001", "1234", "endpointScheme"},
	} {
		v, e, s := tt.vat, tt.endpoint, tt.scheme
		got := checkEInvoiceParty(&v, &e, &s)
		if (tt.bad == "") != (len(got) == 0) || (tt.bad != "" && got[tt.bad] == "") {
			t.Errorf("%q %q %q: %v, want a problem at %q", tt.vat, tt.endpoint, tt.scheme, got, tt.bad)
		}
	}
	if err := CheckIBAN(CompactIBAN("de89 3704 0044 0532 0130 00")); err != nil {
		t.Error(err)
	}
	if err := CheckIBAN("DE89370400440532013001"); err == nil || !strings.Contains(err.Error(), "check digits") {
		t.Errorf("a mistyped IBAN passes: %v", err)
	}
}

func TestTaxRateVATClass(t *testing.T) {
	for _, tt := range []struct {
		rate TaxRate
		bad  string
	}{
		{TaxRate{Name: "VAT", Percent: dec("19"), VAT: VATClass{Category: "s"}}, ""},
		{TaxRate{Name: "VAT", Percent: dec("0"), VAT: VATClass{Category: VATStandard}}, "percent"},
		{TaxRate{Name: "RC", Percent: dec("19"), VAT: VATClass{Category: VATReverseCharge}}, "percent"},
		{TaxRate{Name: "Ex", Percent: dec("0"), VAT: VATClass{Category: VATExempt}}, "exemptionReason"},
		{TaxRate{Name: "Ex", Percent: dec("0"), VAT: VATClass{Category: VATExempt, ExemptionCode: "VATEX-EU-132-1I"}}, ""},
		{TaxRate{Name: "Ex", Percent: dec("0"), VAT: VATClass{Category: VATExempt, ExemptionCode: "VATEX-XX"}}, "exemptionCode"},
		{TaxRate{Name: "PST", Percent: dec("7"), Compound: true, VAT: VATClass{Category: VATStandard}}, "compound"},
		{TaxRate{Name: "PST", Percent: dec("7"), Compound: true}, ""},
		{TaxRate{Name: "Z", Percent: dec("0"), VAT: VATClass{Category: "Q"}}, "vatCategory"},
	} {
		err := tt.rate.Validate()
		fields := FieldErrors(err)
		if (tt.bad == "") != (err == nil) || (tt.bad != "" && fields[tt.bad] == "") {
			t.Errorf("%+v: %v, want a problem at %q", tt.rate, err, tt.bad)
		}
	}
}

// TestVerifyChecksTheClientsEInvoice: issuing an invoice for a client who
// receives e-invoices checks its format's rules; a quote for the same client
// is not an e-invoice and is not held to them.
func TestVerifyChecksTheClientsEInvoice(t *testing.T) {
	d, f := einvoiceDoc()
	d.Status, d.Number, d.ClientID = DocDraft, "", 1
	c := &Client{Name: "Buyer BV", Status: StatusActive, Currency: "EUR", EInvoice: EInvoiceXRechnung,
		Billing: f.Buyer.Address, EndpointID: f.Buyer.EndpointID, EndpointScheme: f.Buyer.EndpointScheme}
	co := Company{Name: "Seller GmbH", VATID: "DE123456789", Address: f.Seller.Address, EndpointID: "DE123456789",
		EndpointScheme: "9930", IBAN: f.Seller.IBAN}
	fs := Verify(d, IssueFacts{Client: c, Company: &co})
	if !hasRule(fs, "BR-DE-2") {
		t.Errorf("the seller's missing phone and email are not found: %v", fs)
	}
	co.Email, co.Phone = "a@b.example", "+49 1"
	if fs := Verify(d, IssueFacts{Client: c, Company: &co}); len(fs) != 0 {
		t.Errorf("a complete invoice: %v", fs)
	}
	d.Lines[0].Taxes = nil
	if fs := Verify(d, IssueFacts{Client: c, Company: &co}); !hasRule(fs, "BR-CO-4") {
		t.Errorf("a line without VAT: %v", fs)
	}
	d.Kind = KindQuote
	if fs := Verify(d, IssueFacts{Client: c, Company: &co}); len(fs) != 0 {
		t.Errorf("a quote is held to e-invoice rules: %v", fs)
	}
}

func hasRule(fs []Finding, rule string) bool {
	for _, f := range fs {
		if f.Severity == SeverityError && strings.Contains(f.Message, rule) {
			return true
		}
	}
	return false
}
