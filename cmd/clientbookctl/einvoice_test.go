package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEInvoiceCommands sets up a seller and a buyer from the command line,
// issues an invoice and writes it in every format; bad values are refused at
// their flag and change nothing.
func TestEInvoiceCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	must := func(args ...string) string {
		t.Helper()
		code, out, errOut := ctl(t, append([]string{"--db", db}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
		return out
	}
	refused := func(want string, args ...string) {
		t.Helper()
		code, out, errOut := ctl(t, append([]string{"--db", db}, args...)...)
		if code == 0 || !strings.Contains(errOut, want) {
			t.Fatalf("%v: exit %d, want a refusal saying %q\n%s%s", args, code, want, out, errOut)
		}
	}
	must("taxes", "add", "--name", "VAT", "--percent", "21")
	refused("--vat-category: \"x\" is not a VAT category", "taxes", "add", "--name", "RC", "--percent", "0", "--vat-category", "x")
	refused("--exemption-reason: say why it is exempt", "taxes", "add", "--name", "Exempt", "--percent", "0", "--vat-category", "E")
	refused("--percent: VAT category Z is charged at 0%", "taxes", "vat", "VAT", "--category", "Z")
	must("taxes", "vat", "VAT 21%", "--category", "S")
	if out := must("taxes", "list"); !strings.Contains(out, "S") {
		t.Errorf("taxes list does not show the category:\n%s", out)
	}
	must("taxes", "add", "--name", "Reverse charge", "--percent", "0", "--vat-category", "AE")

	refused("--iban: IBAN NL91ABNA0417164301 has wrong check digits", "company", "set", "--iban", "NL91 ABNA 0417 1643 01")
	refused("--scheme: choose the address's scheme", "company", "set", "--endpoint", "0123456789")
	must("company", "set", "--vat-id", "NL 8123.45.678.B01", "--endpoint", "NL812345678B01", "--scheme", "9944",
		"--iban", "NL91 ABNA 0417 1643 00", "--bic", "ABNANL2A", "--name", "Zuidas Consultancy BV", "--street", "Zuidplein 1",
		"--city", "Amsterdam", "--postal-code", "1077 XV", "--country", "NL", "--email", "facturen@zuidas.example")

	must("clients", "add", "--name", "Brouwerij Zuid BV", "--currency", "EUR", "--street", "Kade 4", "--city", "Antwerpen",
		"--postal-code", "2000", "--country", "Belgium")
	refused("--format: \"edifact\" is not an e-invoice format", "clients", "einvoice", "--client", "Brouwerij Zuid BV", "--format", "edifact")
	refused("--vat-id: \"BE12\" is not a VAT identifier", "clients", "einvoice", "--client", "Brouwerij Zuid BV", "--vat-id", "BE12")
	must("clients", "einvoice", "--client", "Brouwerij Zuid BV", "--format", "ubl", "--vat-id", "BE0123456749",
		"--endpoint", "0123456749", "--scheme", "0208", "--buyer-reference", "PO-2026-17")

	out := must("invoices", "draft", "--client", "Brouwerij Zuid BV", "--date", "2026-03-02", "--due", "2026-04-01",
		"--line", "Installation|8|95.00|0|Reverse charge", "--buyer-reference", "PO-2026-17/B", "--issue")
	if !strings.Contains(out, "INV-2026-") {
		t.Fatalf("no invoice number in %q", out)
	}
	number := "INV-2026-00001"

	ubl := filepath.Join(dir, "inv.xml")
	if out := must("invoices", "einvoice", number, "--out", ubl); !strings.Contains(out, "UBL 2.1") {
		t.Errorf("the client's format was not used: %s", out)
	}
	b, _ := os.ReadFile(ubl)
	for _, want := range []string{"<cbc:ID>AE</cbc:ID>", "<cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>",
		"<cbc:BuyerReference>PO-2026-17/B</cbc:BuyerReference>", `<cbc:EndpointID schemeID="0208">0123456749</cbc:EndpointID>`,
		"<cbc:PayableAmount currencyID=\"EUR\">760.00</cbc:PayableAmount>", "<cbc:CompanyID>NL812345678B01</cbc:CompanyID>"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the UBL lacks %s", want)
		}
	}
	fx := filepath.Join(dir, "inv.pdf")
	must("invoices", "einvoice", number, "--format", "facturx", "--out", fx)
	if b, _ := os.ReadFile(fx); !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b, []byte("factur-x.xml")) {
		t.Error("the Factur-X file is not a PDF with factur-x.xml")
	}
	refused("--format: \"pdf\" is not an e-invoice format", "invoices", "einvoice", number, "--format", "pdf")

	// XRechnung needs the seller's phone: refused in words, no file written.
	x := filepath.Join(dir, "x.xml")
	refused("BR-DE-2", "invoices", "einvoice", number, "--format", "xrechnung", "--out", x)
	if _, err := os.Stat(x); !os.IsNotExist(err) {
		t.Error("a refused e-invoice left a file")
	}

	out = must("export", "einvoices", "--from", "2026-01-01", "--to", "2026-12-31", "--dir", filepath.Join(dir, "out"))
	if !strings.Contains(out, "Wrote 1 e-invoices") {
		t.Errorf("export einvoices: %s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", number+"-ubl.xml")); err != nil {
		t.Error(err)
	}
	refused("--to: 2026-01-01 is before --from 2026-12-31", "export", "einvoices", "--from", "2026-12-31", "--to", "2026-01-01", "--dir", dir)
}
