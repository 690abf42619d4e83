package domain

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseNumber(t *testing.T) {
	plain, comma := ExportFormat{}, ExportFormat{Delimiter: ';', DecimalComma: true}
	cases := []struct {
		f    ExportFormat
		in   string
		want string // "" for an error
	}{
		{plain, "-12.50", "-12.5"},
		{plain, "7", "7"},
		{plain, " 1234.567 ", "1234.567"},
		{comma, "-12,50", "-12.5"},
		{comma, "0,125", "0.125"},
		{plain, "12,3.4", ""},
		{comma, "12,3.4", ""},
		{plain, "12,50", ""},
		{comma, "12.50", ""},
		{plain, "1,234.50", ""},
		{plain, "1e3", ""},
		{plain, "+5", ""},
		{plain, "5.", ""},
		{plain, ".5", ""},
		{plain, "-", ""},
		{plain, "", ""},
	}
	for _, c := range cases {
		got, err := c.f.ParseNumber(c.in)
		switch {
		case c.want == "" && err == nil:
			t.Errorf("ParseNumber(%q) with %+v = %s, want an error", c.in, c.f, got)
		case c.want == "" && !strings.Contains(err.Error(), "is not a number"):
			t.Errorf("ParseNumber(%q): %v", c.in, err)
		case c.want != "" && (err != nil || !got.Equal(decimal.RequireFromString(c.want))):
			t.Errorf("ParseNumber(%q) with %+v = %s, %v; want %s", c.in, c.f, got, err, c.want)
		}
	}
	// Whatever Number writes, ParseNumber reads back.
	for _, f := range []ExportFormat{plain, comma} {
		for _, s := range []string{"-12.50", "0.001", "100"} {
			if got, err := f.ParseNumber(f.Number(s)); err != nil || !got.Equal(decimal.RequireFromString(s)) {
				t.Errorf("%+v: %s written as %s read back as %s, %v", f, s, f.Number(s), got, err)
			}
		}
	}
}

func TestNumberSeriesSequence(t *testing.T) {
	date := NewDate(2027, 3, 9)
	cases := []struct {
		pattern string
		number  string
		seq     int64 // 0 for not in the series
	}{
		{"INV-{YYYY}-{SEQ:5}", "INV-2027-00042", 42},
		{"INV-{YYYY}-{SEQ:5}", "INV-2027-123456", 123456},
		{"INV-{YYYY}-{SEQ:5}", "INV-2026-00042", 0}, // another year than the issue date's
		{"INV-{YYYY}-{SEQ:5}", "INV-2027-42", 0},    // not padded as the series pads
		{"INV-{YYYY}-{SEQ:5}", "X-2027-00042", 0},
		{"{YY}{MM}/{SEQ}", "2703/7", 7},
		{"{YY}{MM}/{SEQ}", "2704/7", 0},
		{"A.{SEQ:3}(x)", "A.010(x)", 10},
		{"A.{SEQ:3}(x)", "AB010(x)", 0}, // the dot is literal
		{"N{SEQ}", "N0", 0},
	}
	for _, c := range cases {
		seq, ok := NumberSeries{Pattern: c.pattern}.Sequence(c.number, date)
		if seq != c.seq || ok != (c.seq > 0) {
			t.Errorf("%s: Sequence(%q) = %d, %v; want %d", c.pattern, c.number, seq, ok, c.seq)
		}
	}
}

func TestParseTaxLabel(t *testing.T) {
	for _, tax := range []TaxLine{
		{Name: "VAT", Percent: decimal.RequireFromString("20")},
		{Name: "VAT reduced", Percent: decimal.RequireFromString("5.5")},
		{Name: "PST", Percent: decimal.RequireFromString("7.25"), Compound: true},
		{Name: "Zero-rated", Percent: decimal.Zero},
	} {
		got, err := ParseTaxLabel(tax.Label())
		if err != nil || got.Name != tax.Name || !got.Percent.Equal(tax.Percent) || got.Compound != tax.Compound {
			t.Errorf("ParseTaxLabel(%q) = %+v, %v", tax.Label(), got, err)
		}
	}
	for _, bad := range []string{"VAT", "VAT twenty", "20%", "VAT x%", ""} {
		if _, err := ParseTaxLabel(bad); err == nil {
			t.Errorf("ParseTaxLabel(%q) succeeded", bad)
		}
	}
}

// TestFitTotals finds the rounding a document was computed with from its
// stated figures, tells apart modes with the same totals by the line nets,
// works out a fixed discount, and says what is wrong when nothing fits.
func TestFitTotals(t *testing.T) {
	dec := decimal.RequireFromString
	vat := TaxLine{Name: "VAT", Percent: dec("19")}
	doc := func() *Document {
		return &Document{Kind: KindInvoice, Currency: "EUR", TaxInclusive: true, Lines: []Line{
			{Description: "a", Quantity: dec("3"), UnitPrice: dec("33.33"), Taxes: []TaxLine{vat}},
			{Description: "b", Quantity: dec("0.5"), UnitPrice: dec("0.25"), Taxes: []TaxLine{vat}},
			{Description: "c", Quantity: dec("7"), UnitPrice: dec("0.05"), Taxes: []TaxLine{vat}},
		}}
	}
	for _, r := range roundings(DefaultRounding) {
		src := doc()
		src.Rounding, src.DiscountAmount = r, dec("10.00")
		want, err := src.Totals()
		if err != nil {
			t.Fatal(err)
		}
		stated := StatedTotals{Subtotal: &want.Subtotal, Discount: &want.Discount, Tax: &want.Tax, Total: &want.Total}
		for i := range src.Lines {
			// As exports state them: each line's own amount (LineAmount).
			a := src.lineAmount(i)
			stated.LineNets = append(stated.LineNets, &a)
		}
		d := doc()
		got, err := FitTotals(d, DefaultRounding, stated)
		if err != nil || d.Rounding != r || !d.DiscountAmount.Equal(src.DiscountAmount) || !got.Total.Equal(want.Total) {
			t.Errorf("%v: fitted %v with discount %s, total %s (%v)", r, d.Rounding, d.DiscountAmount, got.Total, err)
		}
	}

	// Nothing stated: the preferred rounding, nothing to check.
	d := doc()
	if _, err := FitTotals(d, Rounding{RoundPerDocument, HalfUp}, StatedTotals{}); err != nil || d.Rounding != (Rounding{RoundPerDocument, HalfUp}) {
		t.Errorf("with nothing stated: %v, %v", d.Rounding, err)
	}
	// A total no policy gives.
	d = doc()
	wrong := dec("99.00")
	_, err := FitTotals(d, DefaultRounding, StatedTotals{Total: &wrong})
	if err == nil || err.Error() != "the lines come to 100.47 (subtotal 84.43, discount 0.00, tax 16.04), not the total 99.00 stated" {
		t.Errorf("a wrong total: %v", err)
	}
	if d.Rounding != DefaultRounding {
		t.Errorf("a document nothing fits keeps %v", d.Rounding)
	}
}
