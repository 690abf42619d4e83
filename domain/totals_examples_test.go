package domain

import (
	"testing"
)

// The three figures issue 13 reported, each with the flags of
// clientbookctl invoices draft that make it.
func TestTotalsIssue13Examples(t *testing.T) {
	tests := []struct {
		name string
		in   TotalsInput
		// want: subtotal, discount, tax, total, then each tax row "base → amount"
		subtotal, discount, tax, total string
		rows                           []string
		lines                          []string
	}{
		{
			// --tax-inclusive --rounding per-line --line 'X|1|6011.39|0|VAT15'
			// 6,011.39 ÷ 1.15 = 5,227.2956… → 5,227.30; tax 784.0943… → 784.09;
			// 5,227.30 + 784.09 = 6,011.39. (ArithmeticV1: 784.10 on 5,227.30
			// beside a net of 5,227.29.)
			name: "tax-inclusive per line rounds net and tax once each",
			in: TotalsInput{Exponent: 2, Rounding: perLineUp, TaxInclusive: true,
				Lines: []TotalsLine{line("1", "6011.39", "0", tax("VAT", "15", false))}},
			subtotal: "5227.30", discount: "0", tax: "784.09", total: "6011.39",
			rows: []string{"5227.30 → 784.09"}, lines: []string{"5227.30"},
		},
		{
			// --tax-inclusive --rounding per-document --discount 10%
			// --line 'Consulting|1.5|19.99|0|VAT20'
			// 1.5 × 19.99 = 29.985 → 29.99; 10 % = 2.999 → 3.00; total 26.99
			// (ArithmeticV1: 26.98, a truncated 26.98499… rounded down).
			// Net 26.99 ÷ 1.2 = 22.4916… → 22.49, VAT 4.50; subtotal 29.99 ÷ 1.2
			// = 24.9916… → 24.99; discount 24.99 − 22.49 = 2.50.
			name: "an exact half after a discount is still a half",
			in: TotalsInput{Exponent: 2, Rounding: perDocUp, TaxInclusive: true, DiscountPercent: dec("10"),
				Lines: []TotalsLine{line("1.5", "19.99", "0", vat20)}},
			subtotal: "24.99", discount: "2.50", tax: "4.50", total: "26.99",
			rows: []string{"22.49 → 4.50"}, lines: []string{"24.99"},
		},
		{
			// Three lines of 0.333 × 1.00 per document: 0.999 → 1.00; the lines
			// show 0.34, 0.33, 0.33, which add up to it (ArithmeticV1 printed
			// 0.33 three times under a subtotal of 1.00).
			name:     "per-document lines add up to the subtotal",
			in:       TotalsInput{Exponent: 2, Rounding: perDocUp, Lines: repeat(3, line("0.333", "1.00", "0", vat20))},
			subtotal: "1.00", discount: "0", tax: "0.20", total: "1.20",
			rows: []string{"1.00 → 0.20"}, lines: []string{"0.34", "0.33", "0.33"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ComputeTotals(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range [][3]string{
				{"subtotal", got.Subtotal.StringFixed(2), dec(tt.subtotal).StringFixed(2)},
				{"discount", got.Discount.StringFixed(2), dec(tt.discount).StringFixed(2)},
				{"tax", got.Tax.StringFixed(2), dec(tt.tax).StringFixed(2)},
				{"total", got.Total.StringFixed(2), dec(tt.total).StringFixed(2)},
			} {
				if c[1] != c[2] {
					t.Errorf("%s = %s, want %s", c[0], c[1], c[2])
				}
			}
			for i, want := range tt.rows {
				if r := got.Taxes[i]; r.Base.StringFixed(2)+" → "+r.Amount.StringFixed(2) != want {
					t.Errorf("tax row %d = %s → %s, want %s", i, r.Base, r.Amount, want)
				}
			}
			for i, want := range tt.lines {
				if s := got.Lines[i].Net.StringFixed(2); s != want {
					t.Errorf("line %d = %s, want %s", i+1, s, want)
				}
			}
		})
	}
}
