package domain

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func tax(name, percent string, compound bool) TaxLine {
	return TaxLine{Name: name, Percent: dec(percent), Compound: compound}
}

func line(qty, price, disc string, taxes ...TaxLine) TotalsLine {
	return TotalsLine{Quantity: dec(qty), UnitPrice: dec(price), DiscountPercent: dec(disc), Taxes: taxes}
}

func repeat(n int, l TotalsLine) []TotalsLine {
	out := make([]TotalsLine, n)
	for i := range out {
		out[i] = l
	}
	return out
}

var (
	perLineUp   = Rounding{RoundPerLine, HalfUp}
	perLineEven = Rounding{RoundPerLine, HalfEven}
	perDocUp    = Rounding{RoundPerDocument, HalfUp}
	vat5        = tax("VAT", "5", false)
	vat10       = tax("VAT", "10", false)
	vat19       = tax("MwSt", "19", false)
	vat20       = tax("VAT", "20", false)
	gst5        = tax("GST", "5", false)
	pst10c      = tax("PST", "10", true)
)

// Each row can be checked with a pencil; the comment shows the arithmetic.
func TestComputeTotals(t *testing.T) {
	tests := []struct {
		name                                   string
		in                                     TotalsInput
		subtotal, discount, net, taxAmt, total string
		taxes                                  []string // "name percent: base → amount"
	}{
		{
			// 3 × (0.10 × 5 % = 0.005): per line each rounds to 0.01 → 0.03.
			name:     "per-line rounding of 3 × 0.005 tax",
			in:       TotalsInput{Exponent: 2, Rounding: perLineUp, Lines: repeat(3, line("1", "0.10", "0", vat5))},
			subtotal: "0.30", discount: "0", net: "0.30", taxAmt: "0.03", total: "0.33",
		},
		{
			// The same lines per document: 0.30 × 5 % = 0.015 → 0.02, one cent less.
			name:     "per-document rounding of the same lines",
			in:       TotalsInput{Exponent: 2, Rounding: perDocUp, Lines: repeat(3, line("1", "0.10", "0", vat5))},
			subtotal: "0.30", discount: "0", net: "0.30", taxAmt: "0.02", total: "0.32",
		},
		{
			// 0.25 × 10 % = 0.025: half-up → 0.03.
			name:     "half-up at .5",
			in:       TotalsInput{Exponent: 2, Rounding: perLineUp, Lines: []TotalsLine{line("1", "0.25", "0", vat10)}},
			subtotal: "0.25", discount: "0", net: "0.25", taxAmt: "0.03", total: "0.28",
		},
		{
			// 0.025 half-even → 0.02 (2 is even).
			name:     "half-even at .5",
			in:       TotalsInput{Exponent: 2, Rounding: perLineEven, Lines: []TotalsLine{line("1", "0.25", "0", vat10)}},
			subtotal: "0.25", discount: "0", net: "0.25", taxAmt: "0.02", total: "0.27",
		},
		{
			// 0.035 half-even → 0.04 (4 is even).
			name:     "half-even rounds up to even",
			in:       TotalsInput{Exponent: 2, Rounding: perLineEven, Lines: []TotalsLine{line("1", "0.35", "0", vat10)}},
			subtotal: "0.35", discount: "0", net: "0.35", taxAmt: "0.04", total: "0.39",
		},
		{
			// 119.00 including 19 %: net 119 / 1.19 = 100.00, tax 19.00.
			name:     "tax-inclusive, exact",
			in:       TotalsInput{Exponent: 2, Rounding: perLineUp, TaxInclusive: true, Lines: []TotalsLine{line("1", "119.00", "0", vat19)}},
			subtotal: "100.00", discount: "0", net: "100.00", taxAmt: "19.00", total: "119.00",
			taxes: []string{"MwSt 19: 100.00 → 19.00"},
		},
		{
			// 10.00 including 19 %: 10 / 1.19 = 8.4034 → 8.40; tax 8.40 × 19 % = 1.596 → 1.60;
			// net = 10.00 − 1.60 = 8.40; the client pays exactly 10.00.
			name:     "tax-inclusive, rounded",
			in:       TotalsInput{Exponent: 2, Rounding: perLineUp, TaxInclusive: true, Lines: []TotalsLine{line("1", "10.00", "0", vat19)}},
			subtotal: "8.40", discount: "0", net: "8.40", taxAmt: "1.60", total: "10.00",
		},
		{
			// Compound: GST 5 % of 100.00 = 5.00; PST 10 % of (100.00 + 5.00) = 10.50.
			name:     "compound tax",
			in:       TotalsInput{Exponent: 2, Rounding: perLineUp, Lines: []TotalsLine{line("1", "100.00", "0", gst5, pst10c)}},
			subtotal: "100.00", discount: "0", net: "100.00", taxAmt: "15.50", total: "115.50",
			taxes: []string{"GST 5: 100.00 → 5.00", "PST 10: 105.00 → 10.50"},
		},
		{
			// Compound, tax-inclusive: 115.50 / (1.05 × 1.10) = 100.00.
			name:     "compound tax, tax-inclusive",
			in:       TotalsInput{Exponent: 2, Rounding: perDocUp, TaxInclusive: true, Lines: []TotalsLine{line("1", "115.50", "0", gst5, pst10c)}},
			subtotal: "100.00", discount: "0", net: "100.00", taxAmt: "15.50", total: "115.50",
		},
		{
			// Line 1: 2 × 50.00 = 100.00 − 10 % = 90.00; line 2: 30.00; subtotal 120.00.
			// Document discount 5 % = 6.00, shared 4.50 / 1.50 → bases 85.50 and 28.50.
			// VAT 20 %: 17.10 + 5.70 = 22.80. Total 114.00 + 22.80 = 136.80.
			name: "line and document discounts",
			in: TotalsInput{Exponent: 2, Rounding: perLineUp, DiscountPercent: dec("5"),
				Lines: []TotalsLine{line("2", "50.00", "10", vat20), line("1", "30.00", "0", vat20)}},
			subtotal: "120.00", discount: "6.00", net: "114.00", taxAmt: "22.80", total: "136.80",
			taxes: []string{"VAT 20: 114.00 → 22.80"},
		},
		{
			// 10.00 off 3 × 10.00: shares 3.34 + 3.33 + 3.33 (the cent left over goes
			// to the first line). Bases 6.66, 6.67, 6.67; VAT 1.33 + 1.33 + 1.33 = 3.99.
			name: "amount discount shared per line",
			in: TotalsInput{Exponent: 2, Rounding: perLineUp, DiscountAmount: dec("10.00"),
				Lines: repeat(3, line("1", "10.00", "0", vat20))},
			subtotal: "30.00", discount: "10.00", net: "20.00", taxAmt: "3.99", total: "23.99",
		},
		{
			// Per document: VAT 20 % of 20.00 = 4.00.
			name: "amount discount per document",
			in: TotalsInput{Exponent: 2, Rounding: perDocUp, DiscountAmount: dec("10.00"),
				Lines: repeat(3, line("1", "10.00", "0", vat20))},
			subtotal: "30.00", discount: "10.00", net: "20.00", taxAmt: "4.00", total: "24.00",
		},
		{
			// JPY has no decimals: 3 × 333 = 999; 10 % = 99.9 → 100.
			name:     "JPY",
			in:       TotalsInput{Exponent: 0, Rounding: perLineUp, Lines: []TotalsLine{line("3", "333", "0", vat10)}},
			subtotal: "999", discount: "0", net: "999", taxAmt: "100", total: "1099",
		},
		{
			// KWD has three: 1.234 × 5 % = 0.0617 → 0.062.
			name:     "KWD",
			in:       TotalsInput{Exponent: 3, Rounding: perLineUp, Lines: []TotalsLine{line("1", "1.234", "0", vat5)}},
			subtotal: "1.234", discount: "0", net: "1.234", taxAmt: "0.062", total: "1.296",
		},
		{
			// 30 lines of 0.333 × 3.00 = 0.999 each. Per line: 1.00 each → 30.00,
			// VAT 0.10 each → 3.00, total 33.00.
			name:     "many 0.333 quantities, per line",
			in:       TotalsInput{Exponent: 2, Rounding: perLineUp, Lines: repeat(30, line("0.333", "3.00", "0", vat10))},
			subtotal: "30.00", discount: "0", net: "30.00", taxAmt: "3.00", total: "33.00",
		},
		{
			// Per document: 30 × 0.999 = 29.97; VAT 2.997 → 3.00; total 32.97.
			name:     "many 0.333 quantities, per document",
			in:       TotalsInput{Exponent: 2, Rounding: perDocUp, Lines: repeat(30, line("0.333", "3.00", "0", vat10))},
			subtotal: "29.97", discount: "0", net: "29.97", taxAmt: "3.00", total: "32.97",
		},
		{
			// Two rates are two rows: 100.00 at 20 % and 50.00 at 5 %.
			name: "tax breakdown per rate",
			in: TotalsInput{Exponent: 2, Rounding: perLineUp,
				Lines: []TotalsLine{line("1", "100.00", "0", vat20), line("1", "50.00", "0", vat5), line("1", "25.00", "0")}},
			subtotal: "175.00", discount: "0", net: "175.00", taxAmt: "22.50", total: "197.50",
			taxes: []string{"VAT 20: 100.00 → 20.00", "VAT 5: 50.00 → 2.50"},
		},
		{
			name:     "no lines",
			in:       TotalsInput{Exponent: 2, Rounding: perLineUp},
			subtotal: "0", discount: "0", net: "0", taxAmt: "0", total: "0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ComputeTotals(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				what      string
				got, want decimal.Decimal
			}{
				{"subtotal", got.Subtotal, dec(tt.subtotal)}, {"discount", got.Discount, dec(tt.discount)},
				{"net", got.Net, dec(tt.net)}, {"tax", got.Tax, dec(tt.taxAmt)}, {"total", got.Total, dec(tt.total)},
			} {
				if !c.got.Equal(c.want) {
					t.Errorf("%s = %s, want %s", c.what, c.got, c.want)
				}
			}
			if !got.Subtotal.Sub(got.Discount).Equal(got.Net) || !got.Net.Add(got.Tax).Equal(got.Total) {
				t.Errorf("totals do not add up: %+v", got)
			}
			sum := decimal.Zero
			for _, r := range got.Taxes {
				sum = sum.Add(r.Amount)
			}
			if !sum.Equal(got.Tax) {
				t.Errorf("tax rows add to %s, tax is %s", sum, got.Tax)
			}
			revenue := decimal.Zero
			for _, l := range got.Lines {
				revenue = revenue.Add(l.Revenue)
			}
			if !revenue.Equal(got.Net) {
				t.Errorf("the lines' revenue adds to %s, net is %s", revenue, got.Net)
			}
			for i, want := range tt.taxes {
				if i >= len(got.Taxes) {
					t.Fatalf("only %d tax rows, want %q", len(got.Taxes), want)
				}
				r := got.Taxes[i]
				if s := r.Tax.Name + " " + r.Tax.Percent.String() + ": " + r.Base.StringFixed(2) + " → " + r.Amount.StringFixed(2); s != want {
					t.Errorf("tax row %d = %q, want %q", i, s, want)
				}
			}
		})
	}
}

func TestComputeTotalsLines(t *testing.T) {
	got, err := ComputeTotals(TotalsInput{Exponent: 2, Rounding: perLineUp,
		Lines: []TotalsLine{line("3", "19.99", "15", vat20)}})
	if err != nil {
		t.Fatal(err)
	}
	// 3 × 19.99 = 59.97; 15 % = 8.9955; net 50.9745 → 50.97; discount shown 59.97 − 50.97 = 9.00.
	l := got.Lines[0]
	if !l.Gross.Equal(dec("59.97")) || !l.Net.Equal(dec("50.97")) || !l.Discount.Equal(dec("9.00")) {
		t.Errorf("line = %+v", l)
	}
}

func TestComputeTotalsRejects(t *testing.T) {
	tests := []struct {
		name string
		in   TotalsInput
		msg  string
	}{
		{"unknown rounding", TotalsInput{Exponent: 2, Rounding: Rounding{"per-page", HalfUp}}, "per-line or per-document"},
		{"unknown mode", TotalsInput{Exponent: 2, Rounding: Rounding{RoundPerLine, "half-down"}}, "half-up or half-even"},
		{"both discounts", TotalsInput{Exponent: 2, Rounding: perLineUp, DiscountPercent: dec("5"), DiscountAmount: dec("1"),
			Lines: []TotalsLine{line("1", "10", "0")}}, "not both"},
		{"discount over 100 %", TotalsInput{Exponent: 2, Rounding: perLineUp, DiscountPercent: dec("101"),
			Lines: []TotalsLine{line("1", "10", "0")}}, "between 0 and 100"},
		{"discount above subtotal", TotalsInput{Exponent: 2, Rounding: perLineUp, DiscountAmount: dec("11"),
			Lines: []TotalsLine{line("1", "10", "0")}}, "larger than the subtotal"},
		{"line discount over 100 %", TotalsInput{Exponent: 2, Rounding: perLineUp,
			Lines: []TotalsLine{line("1", "10", "120")}}, "line 1: the discount"},
		{"discount with a negative line", TotalsInput{Exponent: 2, Rounding: perLineUp, DiscountPercent: dec("5"),
			Lines: []TotalsLine{line("1", "10", "0"), line("1", "-2", "0")}}, "line 2 is negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ComputeTotals(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.msg)
			}
		})
	}
}

// Each line's revenue is its tax-exclusive part of the net after the
// document discount; the parts add up to the net to the cent.
func TestLineRevenue(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   TotalsInput
		want string
	}{
		// 10 % off 150.00 is 15.00, shared 10.00 and 5.00.
		{"percent discount", TotalsInput{Exponent: 2, Rounding: perLineUp, DiscountPercent: dec("10"),
			Lines: []TotalsLine{line("1", "100.00", "0", vat20), line("1", "50.00", "0")}}, "90.00 45.00"},
		// 10.00 off three lines of 10.00: 3.33 each and the cent left over
		// to the first line, as the tax was worked out.
		{"discount amount in thirds", TotalsInput{Exponent: 2, Rounding: perLineUp, DiscountAmount: dec("10.00"),
			Lines: repeat(3, line("1", "10.00", "0"))}, "6.66 6.67 6.67"},
		// 11.90 including 19 % is 10.00 net; the untaxed 10.00 stays.
		{"tax-inclusive", TotalsInput{Exponent: 2, Rounding: perLineUp, TaxInclusive: true,
			Lines: []TotalsLine{line("1", "11.90", "0", vat19), line("1", "10.00", "0")}}, "10.00 10.00"},
		// Per document 3 × 0.333 = 0.999 is a net of 1.00; each line's
		// 0.333 rounds to 0.33, and the cent short goes to the first.
		{"per document", TotalsInput{Exponent: 2, Rounding: perDocUp, Lines: repeat(3, line("0.333", "1.00", "0"))},
			"0.34 0.33 0.33"},
		// A line discount comes off before anything is shared: 20 % off 50.00.
		{"line discount", TotalsInput{Exponent: 2, Rounding: perLineUp, Lines: []TotalsLine{line("1", "50.00", "20")}}, "40.00"},
	} {
		got, err := ComputeTotals(tc.in)
		if err != nil {
			t.Fatal(tc.name, err)
		}
		var parts []string
		for _, l := range got.Lines {
			parts = append(parts, l.Revenue.StringFixed(2))
		}
		if s := strings.Join(parts, " "); s != tc.want {
			t.Errorf("%s: revenue %s, want %s (net %s)", tc.name, s, tc.want, got.Net)
		}
	}
}
