package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"clientbook/domain"
)

// scripts are texts a book may hold, in logical order, as typed.
var scripts = map[string]string{
	"Japanese":      "株式会社山田商事",
	"Japanese kana": "トウキョウ システム サービス",
	"Chinese":       "北京市朝阳区建国路88号",
	"Traditional":   "臺北市信義區",
	"Korean":        "서울특별시 강남구 테헤란로",
	"Arabic":        "شركة النور للتجارة",
	"Hebrew":        "חברת שלום בע״מ",
	"Greek":         "Αθήνα, Οδός Ερμού 12",
	"Cyrillic":      "ООО «Ромашка», Москва",
	"Symbols":       "№ 5 · ± 3 € ✓",
}

// extracted is pdftotext's text (without -layout, which keeps a line's
// reading order) in the form the scripts are compared in: Arabic
// presentation forms back to their letters (NFKC), the direction marks
// pdftotext adds around right-to-left text gone, and no spaces: pdftotext
// drops the space between one-letter words ("A 5 B" reads "A5B", in plain
// Latin too), so the characters are compared in their order without them.
func extracted(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext could not read the PDF: %v", err)
	}
	s := norm.NFKC.String(string(out))
	s = strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E || r == 0x200E || r == 0x200F || r == 0x2066 || r == 0x2067 || r == 0x2069 {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), "")
}

// An invoice whose client, address, lines and notes are in every script
// prints each of them: pdftotext reads every text back, right-to-left ones
// in their logical order.
func TestEveryScriptPrints(t *testing.T) {
	in := sample(0)
	in.Client.Name = scripts["Japanese"] + " " + scripts["Korean"]
	in.Client.Billing = domain.Address{Line1: scripts["Chinese"], City: scripts["Traditional"], Country: scripts["Greek"]}
	in.Company.Name = scripts["Hebrew"]
	for _, name := range []string{"Japanese kana", "Arabic", "Hebrew", "Greek", "Cyrillic", "Symbols"} {
		in.Doc.Lines = append(in.Doc.Lines, domain.Line{Description: scripts[name], Quantity: sample(1).Doc.Lines[0].Quantity,
			UnitPrice: sample(1).Doc.Lines[0].UnitPrice})
	}
	in.Doc.Notes = scripts["Arabic"] + " — " + scripts["Cyrillic"]
	var err error
	if in.Totals, err = in.Doc.Totals(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	text := extracted(t, buf.Bytes())
	for name, s := range scripts {
		if !strings.Contains(text, strings.Join(strings.Fields(norm.NFKC.String(s)), "")) {
			t.Errorf("%s %q is not in the PDF's text:\n%s", name, s, text)
		}
	}
	fonts := embeddedFonts(t, buf.Bytes())
	for _, family := range []string{"clientbookcjk", "clientbookarabic", "clientbookhebrew", "clientbooksymbols"} {
		if !strings.Contains(fonts, family) {
			t.Errorf("pdffonts does not list %s:\n%s", family, fonts)
		}
	}
	if os.Getenv("CLIENTBOOK_PDF_OUT") != "" {
		os.WriteFile(os.Getenv("CLIENTBOOK_PDF_OUT"), buf.Bytes(), 0o644)
	}
}

// A Latin-only document embeds no fallback font.
func TestLatinDocumentEmbedsNoFallback(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sample(2)); err != nil {
		t.Fatal(err)
	}
	if fonts := embeddedFonts(t, buf.Bytes()); strings.Contains(fonts, "clientbook") {
		t.Errorf("a Latin invoice embeds a fallback font:\n%s", fonts)
	}
}

// embeddedFonts is what poppler's pdffonts lists of the PDF's fonts.
func embeddedFonts(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdffonts")
	if err != nil {
		t.Skip("pdffonts (poppler-utils) is not installed")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, path).Output()
	if err != nil {
		t.Fatalf("pdffonts could not read the PDF: %v", err)
	}
	return string(out)
}

// The visual order of mixed lines, and Arabic joining.
func TestVisualOrderAndShaping(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"abc", "abc"},
		{"שלום", "םולש"},
		{"Firma שלום Ltd", "Firma םולש Ltd"},
		{"שלום 123 עולם", "םלוע 123 םולש"},
		{"(שלום)", "(םולש)"},
		{"ID: אבג-12", "ID: 12-גבא"},
	} {
		if got := string(visual(c.in)); got != c.want {
			t.Errorf("visual(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// مرحبا: meem initial, reh final, hah initial, beh medial, alef final;
	// لا is the lam-alef ligature.
	for _, c := range []struct{ in, want string }{
		{"مرحبا", "\uFEE3\uFEAE\uFEA3\uFE92\uFE8E"},
		{"لا", "\uFEFB"},
		{"سلام", "\uFEB3\uFEFC\uFEE1"},
	} {
		if got := shapeArabic(c.in); got != c.want {
			t.Errorf("shapeArabic(%q) = %+q, want %+q", c.in, got, c.want)
		}
	}
}
