package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/assets"
	"clientbook/domain"
	"clientbook/domain/money"
)

func sample(lines int) Input {
	limit, _ := money.Parse("50000", "EUR")
	c := domain.DefaultCompany()
	c.Name = "Łukasz & Søren Consulting ApS"
	c.Address = domain.Address{Line1: "Nørregade 7", PostalCode: "1165", City: "København", Country: "Denmark"}
	c.TaxID = "DK12345678"
	c.PaymentInfo = "IBAN DK50 0040 0440 1162 43 · BIC NDEADKKK"
	c.Logo = assets.Icon
	client := &domain.Client{Name: "Müller Straße Öl GmbH", Currency: "EUR", CreditLimit: limit,
		Billing:  domain.Address{Line1: "Großbeerenstraße 12", PostalCode: "10963", City: "Berlin", Country: "Germany"},
		Contacts: []domain.Contact{{Name: "Ayşe Yılmaz", Email: "ayse@mueller.example", Primary: true}}}
	vat := domain.TaxLine{Name: "VAT", Percent: decimal.NewFromInt(19)}
	d := &domain.Document{Kind: domain.KindInvoice, Number: "INV-2026-00042", Status: domain.DocIssued, Currency: "EUR",
		IssueDate: domain.NewDate(2026, time.November, 2), DueDate: domain.NewDate(2026, time.December, 2),
		PONumber: "PO-4711", Rounding: domain.DefaultRounding, Terms: c.DefaultTerms, Notes: "Thank you — Ğüzel çalışma!"}
	for i := 0; i < lines; i++ {
		desc := fmt.Sprintf("Consulting day %d: workshop on Ğ, ß, ø, Ł, é", i+1)
		if i%7 == 0 {
			desc += " — a long description that has to wrap over more than one line in the table because it keeps going and going"
		}
		d.Lines = append(d.Lines, domain.Line{Description: desc, Quantity: decimal.RequireFromString("1.5"), Unit: "day",
			UnitPrice: decimal.RequireFromString("980.00"), Taxes: []domain.TaxLine{vat}})
	}
	t, err := d.Totals()
	if err != nil {
		panic(err)
	}
	return Input{Company: c, Client: client, Doc: d, Totals: t}
}

// pdfText extracts the text with poppler's pdftotext, which `make test` installs.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext (Debian package poppler-utils) is needed to read the PDF back; `make test` installs it")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext could not parse the PDF: %v", err)
	}
	return string(out)
}

func TestWriteInvoice(t *testing.T) {
	in := sample(3)
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	text := pdfText(t, buf.Bytes())
	// 3 × 1.5 × 980.00 = 4,410.00; VAT 19 % per line 279.30 × 3 = 837.90; total 5,247.90.
	for _, want := range []string{"INV-2026-00042", "5,247.90", "4,410.00", "837.90", "Müller Straße Öl GmbH",
		"Łukasz & Søren Consulting ApS", "Ğüzel", "København", "PO-4711", "2026-12-02", "Page 1 of 1", "IBAN DK50"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if os.Getenv("CLIENTBOOK_PDF_OUT") != "" {
		os.WriteFile(os.Getenv("CLIENTBOOK_PDF_OUT"), buf.Bytes(), 0o644)
	}
}

func TestWriteLongInvoiceRepeatsHeader(t *testing.T) {
	in := sample(220)
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	pages := strings.Count(text, "\f")
	if pages < 5 {
		t.Fatalf("220 lines on %d pages", pages)
	}
	if got := strings.Count(text, "Unit price"); got < pages {
		t.Errorf("table header printed %d times on %d pages", got, pages)
	}
	if !strings.Contains(text, fmt.Sprintf("Page %d of %d", pages, pages)) {
		t.Errorf("last page footer missing")
	}
	if !strings.Contains(text, "Consulting day 220") || !strings.Contains(in.Totals.Total.StringFixed(2), ".") {
		t.Error("last line missing")
	}
}

func TestWriteNeedsDocumentAndClient(t *testing.T) {
	if err := Write(&bytes.Buffer{}, Input{}); err == nil {
		t.Fatal("rendered without a document")
	}
}

func TestNormalizedLogoFlattensSixteenBitPNG(t *testing.T) {
	src := image.NewNRGBA64(image.Rect(0, 0, 4, 2))
	src.Set(1, 1, color.NRGBA64{R: 0xffff, A: 0xffff})
	var in bytes.Buffer
	if err := png.Encode(&in, src); err != nil {
		t.Fatal(err)
	}
	out, size, ok := normalizedLogo(in.Bytes())
	if !ok || size != image.Pt(4, 2) {
		t.Fatalf("normalizedLogo: ok %v size %v", ok, size)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if _, eight := img.(*image.NRGBA); !eight {
		t.Fatalf("logo re-encoded as %T, want 8-bit NRGBA", img)
	}
	if r, _, _, a := img.At(1, 1).RGBA(); r != 0xffff || a != 0xffff {
		t.Errorf("pixel lost: r %x a %x", r, a)
	}
	if _, _, ok := normalizedLogo([]byte("not an image")); ok {
		t.Error("garbage accepted as a logo")
	}
}
