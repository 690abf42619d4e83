package einvoice

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/data/pdf"
	"clientbook/domain"
	"clientbook/domain/money"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var (
	vat19  = domain.TaxLine{RateID: 1, Name: "USt", Percent: dec("19"), VAT: domain.VATClass{Category: domain.VATStandard}}
	vat7   = domain.TaxLine{RateID: 2, Name: "USt", Percent: dec("7"), VAT: domain.VATClass{Category: domain.VATStandard}}
	zero   = domain.TaxLine{RateID: 3, Name: "Zero", Percent: dec("0"), VAT: domain.VATClass{Category: domain.VATZero}}
	exempt = domain.TaxLine{RateID: 4, Name: "Exempt", Percent: dec("0"), VAT: domain.VATClass{Category: domain.VATExempt,
		ExemptionReason: "Exempt: medical care (Art. 132(1)(c) VAT Directive)", ExemptionCode: "VATEX-EU-132-1C"}}
	reverse = domain.TaxLine{RateID: 5, Name: "Reverse charge", Percent: dec("0"), VAT: domain.VATClass{Category: domain.VATReverseCharge}}
	intra   = domain.TaxLine{RateID: 6, Name: "Intra-EU", Percent: dec("0"), VAT: domain.VATClass{Category: domain.VATIntraCommunity}}
	export  = domain.TaxLine{RateID: 7, Name: "Export", Percent: dec("0"), VAT: domain.VATClass{Category: domain.VATExport}}
	outside = domain.TaxLine{RateID: 8, Name: "No VAT", Percent: dec("0"), VAT: domain.VATClass{Category: domain.VATOutOfScope}}
	vat20   = domain.TaxLine{RateID: 9, Name: "VAT", Percent: dec("20"), VAT: domain.VATClass{Category: domain.VATStandard}}
	vat8    = domain.TaxLine{RateID: 10, Name: "MWST", Percent: dec("8.1"), VAT: domain.VATClass{Category: domain.VATStandard}}
)

func seller() *domain.Party {
	return &domain.Party{Name: "Nordlicht Beratung GmbH", TaxID: "201/113/40209", VATID: "DE123456789",
		Email: "rechnung@nordlicht.example", Phone: "+49 30 1234567",
		Address:    domain.Address{Line1: "Friedrichstraße 10", City: "Berlin", PostalCode: "10117", Country: "Germany"},
		EndpointID: "DE123456789", EndpointScheme: "9930", IBAN: "DE89370400440532013000", BIC: "COBADEFFXXX"}
}

func buyer() *domain.Party {
	return &domain.Party{Name: "Ørsted Façades & Søn A/S", VATID: "DK13585628", Email: "ap@orsted.example",
		Address:    domain.Address{Line1: "Nørrebrogade 7 <2. sal>", City: "København", PostalCode: "2200", Country: "DK"},
		EndpointID: "5790000435975", EndpointScheme: "0088"}
}

func usBuyer() *domain.Party {
	return &domain.Party{Name: "Acme Corp.", Address: domain.Address{Line1: "1 Main St", City: "Springfield", Region: "IL",
		PostalCode: "62701", Country: "United States"}, EndpointID: "ap@acme.example", EndpointScheme: "EM"}
}

func ln(desc, qty, unit, price, disc string, tax ...domain.TaxLine) domain.Line {
	return domain.Line{Description: desc, Quantity: dec(qty), Unit: unit, UnitPrice: dec(price), DiscountPercent: dec(disc), Taxes: tax}
}

type fixture struct {
	name   string
	doc    domain.Document
	seller *domain.Party
	buyer  *domain.Party
	format domain.EInvoiceFormat
}

// fixtures are invoices covering every VAT category, line and document
// discounts, credit notes, tax-inclusive prices, both rounding scopes and
// modes, and several currencies.
func fixtures() []fixture {
	day := domain.NewDate(2026, 3, 2)
	due := domain.NewDate(2026, 4, 1)
	base := func(number, cur string, r domain.Rounding, lines ...domain.Line) domain.Document {
		return domain.Document{Kind: domain.KindInvoice, Number: number, Status: domain.DocIssued, ClientID: 1,
			Currency: cur, IssueDate: day, DueDate: due, Rounding: r, Arithmetic: domain.ArithmeticV2,
			PONumber: "PO-4711", BuyerReference: "04011000-12345-34", Terms: "Net 30 days", Notes: "Thank you & goodbye <3",
			Lines: lines}
	}
	perLine := domain.Rounding{Scope: domain.RoundPerLine, Mode: domain.HalfUp}
	perDoc := domain.Rounding{Scope: domain.RoundPerDocument, Mode: domain.HalfEven}
	var out []fixture
	add := func(name string, d domain.Document, s, b *domain.Party, f ...domain.EInvoiceFormat) {
		for _, format := range append([]domain.EInvoiceFormat{domain.EInvoiceUBL, domain.EInvoiceCII}, f...) {
			out = append(out, fixture{name: name, doc: d, seller: s, buyer: b, format: format})
		}
	}

	standard := base("INV-2026-00001", "EUR", perLine,
		ln("Consulting, senior\nOn site in Copenhagen", "12.5", "hour", "135.00", "0", vat19),
		ln("Travel day", "2", "day", "480.00", "10", vat19),
		ln("Reference book", "3", "pcs", "24.99", "0", vat7),
		ln("Credit for last month's outage", "1", "", "-50.00", "0", vat19))
	add("standard", standard, seller(), buyer(), domain.EInvoiceXRechnung)

	mixed := base("INV-2026-00002", "EUR", perDoc,
		ln("Licence seats", "7", "seat", "19.99", "5", vat19),
		ln("Printed manuals", "0.333", "kg", "3.00", "0", vat7),
		ln("Exported samples", "3", "pcs", "0.99", "0", zero),
		ln("Medical training", "1", "lump sum", "1000.00", "0", exempt))
	mixed.DiscountPercent = dec("7.5")
	add("mixed categories, per-document half-even, percent discount", mixed, seller(), buyer())

	rc := base("INV-2026-00003", "EUR", perLine, ln("Installation works", "40", "hour", "85.00", "0", reverse),
		ln("Scaffolding hire", "2", "week", "310.00", "0", reverse))
	rc.DiscountAmount = dec("100.00")
	add("reverse charge with an amount discount", rc, seller(), buyer())

	ic := base("INV-2026-00004", "EUR", perLine, ln("Steel panels", "120", "m2", "42.10", "2.5", intra))
	add("intra-community supply", ic, seller(), buyer())

	g := base("INV-2026-00005", "USD", perLine, ln("Software licence", "1", "year", "12000.00", "0", export),
		ln("Support", "12", "month", "250.00", "0", export))
	add("export in dollars", g, seller(), usBuyer())

	outsideSeller := seller()
	outsideSeller.VATID = ""
	o := base("INV-2026-00006", "JPY", perLine, ln("Speaker fee", "1", "", "250000", "0", outside),
		ln("Expenses", "3", "day", "12345", "3", outside))
	add("not subject to VAT in yen", o, outsideSeller, usBuyer())

	cn := base("CN-2026-0001", "EUR", perLine, ln("Consulting, senior (credited)", "2.5", "hour", "135.00", "0", vat19),
		ln("Reference book (returned)", "1", "pcs", "24.99", "0", vat7))
	cn.Kind, cn.DueDate = domain.KindCreditNote, domain.Date{}
	add("credit note", cn, seller(), buyer(), domain.EInvoiceXRechnung)

	incl := base("INV-2026-00007", "SEK", perLine, ln("Workshop", "3", "day", "9999.99", "0", vat20),
		ln("Coffee", "17", "pcs", "33.33", "12.5", vat20), ln("Room", "1.5", "day", "1234.56", "0", vat8))
	incl.TaxInclusive, incl.DiscountAmount = true, dec("500.00")
	add("tax-inclusive per line with an amount discount", incl, seller(), buyer())

	inclDoc := base("INV-2026-00008", "CHF", domain.Rounding{Scope: domain.RoundPerDocument, Mode: domain.HalfUp},
		ln("Coaching", "3.333", "hour", "0.99", "0", vat8), ln("Coaching", "3.333", "hour", "0.99", "0", vat8),
		ln("Materials", "1", "set", "19.95", "0", vat20), ln("Platform", "2", "month", "49.90", "3.3", vat8))
	inclDoc.TaxInclusive, inclDoc.DiscountPercent = true, dec("10")
	add("tax-inclusive per document with a percent discount", inclDoc, seller(), buyer())

	many := base("INV-2026-00009", "GBP", perLine)
	for i := range 40 {
		many.Lines = append(many.Lines, ln("Item with a half-penny", "1", "pcs", "0.05", "10", vat20))
		_ = i
	}
	add("per-line rounding of many half pennies", many, seller(), buyer())
	return out
}

func build(t *testing.T, f fixture) *domain.EInvoice {
	t.Helper()
	facts := domain.EInvoiceFacts{Seller: f.seller, Buyer: f.buyer}
	if f.doc.Kind == domain.KindCreditNote {
		facts.Preceding = &domain.PrecedingInvoice{Number: "INV-2026-00001", IssueDate: domain.NewDate(2026, 3, 2)}
	}
	e, findings := domain.BuildEInvoice(&f.doc, f.format, facts)
	if len(findings) > 0 {
		t.Fatalf("%s (%s): %v", f.name, f.format, findings)
	}
	return e
}

// svrlResults is validate.xsl's output.
type svrlResults struct {
	Files []struct {
		Name   string `xml:"name,attr"`
		Failed []struct {
			ID   string `xml:"id,attr"`
			Flag string `xml:"flag,attr"`
			Text string `xml:",chardata"`
		} `xml:"failed"`
	} `xml:"file"`
}

func fileURI(p string) string {
	abs, _ := filepath.Abs(p)
	return (&url.URL{Scheme: "file", Path: abs}).String()
}

// validate runs the official EN 16931 XSLT over every file in dir in one
// Saxon run and returns each file's fatal failed assertions by file name.
func validate(t *testing.T, dir string) map[string][]string {
	t.Helper()
	jar := "/usr/share/java/Saxon-HE.jar"
	if _, err := exec.LookPath("java"); err != nil {
		t.Skip("java is not installed (Debian: default-jre-headless)")
	}
	if _, err := os.Stat(jar); err != nil {
		t.Skip("Saxon-HE is not installed (Debian: libsaxonhe-java)")
	}
	out, err := exec.Command("java", "-cp", jar, "net.sf.saxon.Transform", "-it", "-xsl:testdata/validate.xsl",
		"dir="+fileURI(dir), "ubl="+fileURI("testdata/en16931/ubl/EN16931-UBL-validation.xslt"),
		"cii="+fileURI("testdata/en16931/cii/EN16931-CII-validation.xslt")).Output()
	if err != nil {
		t.Fatalf("saxon: %v\n%s", err, out)
	}
	var res svrlResults
	if err := xml.Unmarshal(out, &res); err != nil {
		t.Fatalf("read saxon's results: %v\n%s", err, out)
	}
	got := map[string][]string{}
	for _, f := range res.Files {
		name := filepath.Base(f.Name)
		got[name] = []string{}
		for _, a := range f.Failed {
			if a.Flag == "fatal" {
				got[name] = append(got[name], a.ID+": "+strings.TrimSpace(a.Text))
			}
		}
	}
	return got
}

// TestEN16931 writes every fixture as UBL and CII, plus two deliberately
// broken documents, and runs the official validation over them all in one
// JVM: the good ones break no fatal rule, the broken ones break the rule
// they were broken for. The CII files also pass the D16B schema.
func TestEN16931(t *testing.T) {
	dir := t.TempDir()
	want := map[string]string{}
	var ciiFiles []string
	for i, f := range fixtures() {
		e := build(t, f)
		b, err := Write(e)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(dir, strings.ReplaceAll(f.name, " ", "-")+"."+string(f.format)+".xml")
		if err := os.WriteFile(name, b, 0o600); err != nil {
			t.Fatal(err)
		}
		want[filepath.Base(name)] = ""
		if f.format != domain.EInvoiceUBL {
			ciiFiles = append(ciiFiles, name)
		}
		if i == 0 {
			// Broken on purpose: the VAT total no longer matches the breakdown.
			broken := bytes.Replace(b, []byte(`<cbc:TaxAmount currencyID="EUR">`+e.Amount(e.Tax)),
				[]byte(`<cbc:TaxAmount currencyID="EUR">`+e.Amount(e.Tax.Add(dec("1.50")))), 1)
			if bytes.Equal(broken, b) {
				t.Fatal("the UBL has no document TaxAmount to break")
			}
			os.WriteFile(filepath.Join(dir, "broken.ubl.xml"), broken, 0o600)
			want["broken.ubl.xml"] = "BR-CO-14"
		}
		if i == 1 {
			// Broken on purpose: the lines no longer add up to the line total.
			broken := bytes.Replace(b, []byte(`<ram:LineTotalAmount>`+e.Amount(e.Lines[0].Net)),
				[]byte(`<ram:LineTotalAmount>`+e.Amount(e.Lines[0].Net.Add(dec("10")))), 1)
			if bytes.Equal(broken, b) {
				t.Fatal("the CII has no line total to break")
			}
			os.WriteFile(filepath.Join(dir, "broken.cii.xml"), broken, 0o600)
			want["broken.cii.xml"] = "BR-CO-10"
		}
	}
	got := validate(t, dir)
	for name, rule := range want {
		fails, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s was not validated", name)
		case rule == "" && len(fails) > 0:
			b, _ := os.ReadFile(filepath.Join(dir, name))
			t.Errorf("%s breaks EN 16931:\n  %s\n%s", name, strings.Join(fails, "\n  "), b)
		case rule != "" && !slices.ContainsFunc(fails, func(s string) bool { return strings.HasPrefix(s, rule+":") }):
			t.Errorf("%s was broken to fire %s, but the validation reports %v", name, rule, fails)
		}
	}
	if len(got) != len(want) {
		t.Errorf("validated %d files, wrote %d", len(got), len(want))
	}

	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Skip("xmllint is not installed (Debian: libxml2-utils)")
	}
	args := append([]string{"--noout", "--schema", "testdata/en16931/cii/schema/CrossIndustryInvoice_100pD16B.xsd"}, ciiFiles...)
	if out, err := exec.Command("xmllint", args...).CombinedOutput(); err != nil {
		t.Errorf("the CII files do not pass the D16B schema: %v\n%s", err, out)
	}
}

// TestFacturX turns the invoice PDF our renderer writes into Factur-X and
// checks it with tools we did not write: pdfdetach extracts factur-x.xml
// byte for byte, qpdf finds the file sound, pdfinfo shows the XMP naming
// the profile, and every amount of the extracted e-invoice is printed on the
// PDF, as pdftotext reads it.
func TestFacturX(t *testing.T) {
	for _, tool := range []string{"pdfdetach", "pdfinfo", "pdftotext", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian: poppler-utils, qpdf)", tool)
		}
	}
	for _, f := range fixtures() {
		if f.format != domain.EInvoiceCII || (f.name != "standard" && f.name != "credit note" &&
			f.name != "tax-inclusive per document with a percent discount") {
			continue
		}
		t.Run(f.name, func(t *testing.T) {
			f.format = domain.EInvoiceFacturX
			e := build(t, f)
			cii, err := CII(e)
			if err != nil {
				t.Fatal(err)
			}
			totals, err := f.doc.Totals()
			if err != nil {
				t.Fatal(err)
			}
			co := domain.Company{Name: f.seller.Name, Address: f.seller.Address, TaxID: f.seller.TaxID, Email: f.seller.Email,
				Phone: f.seller.Phone, Currency: f.doc.Currency}
			client := &domain.Client{Name: f.buyer.Name, Billing: f.buyer.Address, Currency: f.doc.Currency}
			var plain bytes.Buffer
			if err := pdf.Write(&plain, pdf.Input{Company: co, Client: client, Doc: &f.doc, Totals: totals, CreditForNumber: "INV-2026-00001"}); err != nil {
				t.Fatal(err)
			}
			out, err := FacturX(plain.Bytes(), cii, PDFInfo{Title: "Invoice " + f.doc.Number, Author: co.Name,
				Date: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(out, plain.Bytes()) {
				t.Fatal("the update rewrote the original PDF's bytes")
			}
			dir := t.TempDir()
			name := filepath.Join(dir, "invoice.pdf")
			os.WriteFile(name, out, 0o600)

			if b, err := exec.Command("qpdf", "--check", name).CombinedOutput(); err != nil ||
				!strings.Contains(string(b), "No syntax or stream encoding errors") || strings.Contains(strings.ToLower(string(b)), "warning") {
				t.Fatalf("qpdf --check: %v\n%s", err, b)
			}
			if b, err := exec.Command("pdfdetach", "-list", name).CombinedOutput(); err != nil || !strings.Contains(string(b), "1: factur-x.xml") {
				t.Fatalf("pdfdetach -list: %v\n%s", err, b)
			}
			if b, err := exec.Command("pdfdetach", "-saveall", "-o", dir, name).CombinedOutput(); err != nil {
				t.Fatalf("pdfdetach: %v\n%s", err, b)
			}
			got, err := os.ReadFile(filepath.Join(dir, "factur-x.xml"))
			if err != nil || !bytes.Equal(got, cii) {
				t.Fatalf("the extracted factur-x.xml differs from the CII export (%v)", err)
			}
			meta, err := exec.Command("pdfinfo", "-meta", name).CombinedOutput()
			if err != nil {
				t.Fatalf("pdfinfo -meta: %v\n%s", err, meta)
			}
			for _, want := range []string{"<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>", "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>",
				"<pdfaid:part>3</pdfaid:part>", "<pdfaid:conformance>B</pdfaid:conformance>"} {
				if !strings.Contains(string(meta), want) {
					t.Errorf("pdfinfo -meta does not show %s:\n%s", want, meta)
				}
			}
			if info, _ := exec.Command("pdfinfo", name).CombinedOutput(); !regexp.MustCompile(`Title:\s+Invoice `+f.doc.Number+`\n`).Match(info) ||
				!regexp.MustCompile(`Author:\s+`+regexp.QuoteMeta(co.Name)+`\n`).Match(info) || !regexp.MustCompile(`PDF version:\s+1.7`).Match(info) {
				t.Errorf("pdfinfo shows other document information:\n%s", info)
			}

			// Every amount the extracted e-invoice states is printed on the PDF.
			text, err := exec.Command("pdftotext", "-layout", name, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			var inv struct {
				Lines []string `xml:"SupplyChainTradeTransaction>IncludedSupplyChainTradeLineItem>SpecifiedLineTradeSettlement>SpecifiedTradeSettlementLineMonetarySummation>LineTotalAmount"`
				Taxes []struct {
					Tax   string `xml:"CalculatedAmount"`
					Basis string `xml:"BasisAmount"`
				} `xml:"SupplyChainTradeTransaction>ApplicableHeaderTradeSettlement>ApplicableTradeTax"`
				Sum struct {
					LineTotal  string `xml:"LineTotalAmount"`
					Allowances string `xml:"AllowanceTotalAmount"`
					TaxTotal   string `xml:"TaxTotalAmount"`
					Grand      string `xml:"GrandTotalAmount"`
					Due        string `xml:"DuePayableAmount"`
				} `xml:"SupplyChainTradeTransaction>ApplicableHeaderTradeSettlement>SpecifiedTradeSettlementHeaderMonetarySummation"`
			}
			if err := xml.Unmarshal(got, &inv); err != nil {
				t.Fatal(err)
			}
			amounts := append([]string{inv.Sum.LineTotal, inv.Sum.Grand, inv.Sum.Due}, inv.Lines...)
			if inv.Sum.Allowances != "" {
				amounts = append(amounts, inv.Sum.Allowances)
			}
			taxSum := decimal.Zero
			for _, x := range inv.Taxes {
				amounts = append(amounts, x.Tax, x.Basis)
				taxSum = taxSum.Add(dec(x.Tax))
			}
			if !taxSum.Equal(dec(inv.Sum.TaxTotal)) {
				t.Errorf("the tax rows add up to %s, the e-invoice's tax total is %s", taxSum, inv.Sum.TaxTotal)
			}
			if len(inv.Lines) != len(f.doc.Lines) || len(inv.Taxes) == 0 {
				t.Fatalf("read %d lines and %d tax rows back from factur-x.xml", len(inv.Lines), len(inv.Taxes))
			}
			for _, a := range amounts {
				printed := money.Money{Amount: dec(a), Currency: f.doc.Currency}.Format()
				if !strings.Contains(string(text), printed) {
					t.Errorf("the e-invoice states %s, which the PDF does not print (%s):\n%s", a, printed, text)
				}
			}
		})
	}
}
