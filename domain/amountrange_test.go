package domain

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

const rangeMsg = "amounts above 10,000,000,000,000 are not supported"

// TestDocumentAmountRange checks that a document is refused, at the field
// that causes it, when one of its figures would leave ±money.MaxAmount: a
// unit price, quantity × price on a line, the discount, or the lines added up.
func TestDocumentAmountRange(t *testing.T) {
	many := func(d *Document, n int, qty, price string) {
		d.Lines = nil
		for range n {
			d.Lines = append(d.Lines, Line{Description: "Big", Quantity: dec(qty), UnitPrice: dec(price)})
		}
	}
	tests := []struct {
		name         string
		change       func(d *Document)
		field, want  string
		wantAccepted bool
	}{
		{"price at the bound", func(d *Document) {
			d.Lines = d.Lines[1:]
			d.Lines[0].Quantity, d.Lines[0].UnitPrice = dec("1"), dec("10000000000000")
		}, "", "", true},
		{"price above the bound", func(d *Document) { d.Lines[1].UnitPrice = dec("10000000000000.01") },
			LineField(1, "unitPrice"), "line 2: " + rangeMsg, false},
		{"negative price below the bound", func(d *Document) { d.Lines[1].UnitPrice = dec("-90000000000000000") },
			LineField(1, "unitPrice"), "line 2: amounts below −10,000,000,000,000", false},
		{"quantity × price above the bound", func(d *Document) {
			d.Lines[1].Quantity, d.Lines[1].UnitPrice = dec("1000000000"), dec("9999999999999.99")
		}, LineField(1, "unitPrice"), "line 2: quantity × unit price: " + rangeMsg, false},
		{"negative quantity × price", func(d *Document) {
			d.Lines[1].Quantity, d.Lines[1].UnitPrice = dec("-100000"), dec("100000000.01")
		}, LineField(1, "unitPrice"), "quantity × unit price: amounts below", false},
		{"lines adding up above the bound", func(d *Document) { many(d, 2000, "1", "5000000000000") },
			"lines", "the document's total: " + rangeMsg, false},
		{"tax taking the total above the bound", func(d *Document) {
			d.Lines = d.Lines[:1]
			d.Lines[0].UnitPrice = dec("9000000000000")
		}, "lines", "the document's total: " + rangeMsg, false},
		{"discount above the bound", func(d *Document) { d.DiscountAmount = dec("10000000000000.01") },
			"discount", rangeMsg, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := draftInvoice()
			tt.change(d)
			err := d.Validate()
			if tt.wantAccepted {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				tot, err := d.Totals()
				if err != nil {
					t.Fatal(err)
				}
				if _, err := d.Money(tot.Total).Minor(); err != nil {
					t.Errorf("total %s does not store: %v", tot.Total, err)
				}
				return
			}
			if ErrorCode(err) != EINVALID {
				t.Fatalf("error %v, want invalid", err)
			}
			fields := FieldErrors(err)
			if !strings.Contains(fields[tt.field], tt.want) || len(fields) != 1 {
				t.Errorf("fields %v, want %q at %q only", fields, tt.want, tt.field)
			}
		})
	}
}

// TestComputeTotalsRange checks every figure ComputeTotals returns is within
// range or the computation fails with money.ErrOutOfRange, in every rounding
// and pricing mode, for every exponent.
func TestComputeTotalsRange(t *testing.T) {
	top := money.MaxAmount
	for _, exp := range []int32{0, 2, 3, 4} {
		for _, r := range []Rounding{perLineUp, perLineEven, perDocUp} {
			for _, incl := range []bool{false, true} {
				for _, tc := range []struct {
					lines []TotalsLine
					ok    bool
				}{
					{[]TotalsLine{line("1", top.String(), "0")}, true},
					{[]TotalsLine{line("1", top.String(), "0"), line("1", top.Neg().String(), "0")}, true},
					{[]TotalsLine{line("1", top.String(), "0"), line("1", "1", "0")}, false},
					{[]TotalsLine{line("1000000000", top.String(), "0")}, false},
					{[]TotalsLine{line("2", top.Div(decimal.NewFromInt(2)).String(), "0", vat20)}, incl},
					{repeat(200, line("1", top.Div(decimal.NewFromInt(200)).String(), "0", vat20, pst10c)), incl},
				} {
					in := TotalsInput{Exponent: exp, Rounding: r, TaxInclusive: incl, Lines: tc.lines}
					tot, err := ComputeTotals(in)
					if tc.ok != (err == nil) {
						t.Errorf("exp %d %v incl %v, %d lines: err %v, want ok %v", exp, r, incl, len(tc.lines), err, tc.ok)
					}
					if err != nil && !errors.Is(err, money.ErrOutOfRange) {
						t.Errorf("err %v is not ErrOutOfRange", err)
					}
					if err == nil {
						for _, v := range []decimal.Decimal{tot.Total, tot.Subtotal, tot.Net, tot.Tax} {
							if money.CheckRange(v) != nil {
								t.Errorf("figure %s returned without an error", v)
							}
						}
					}
				}
			}
		}
	}
}

func TestContractAmountRange(t *testing.T) {
	c := validContract()
	c.Lines[0].Quantity, c.Lines[0].UnitPrice = dec("100000"), dec("1000000000")
	fields := FieldErrors(c.Validate())
	if !strings.Contains(fields[LineField(0, "unitPrice")], "quantity × unit price: "+rangeMsg) {
		t.Errorf("fields %v", fields)
	}
	c = validContract()
	for i := range c.Lines {
		c.Lines[i].Quantity, c.Lines[i].UnitPrice = dec("1"), dec("9000000000000")
	}
	fields = FieldErrors(c.Validate())
	if !strings.Contains(fields["lines"], rangeMsg) || len(fields) != 1 {
		t.Errorf("fields %v", fields)
	}
}
