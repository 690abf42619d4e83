package domain

import (
	"fmt"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

// This file is ArithmeticV1, frozen: the rules documents were computed by
// before ArithmeticV2 (totals.go). Issued documents store the version they
// were issued under and are always re-rendered by it. Do not change it.

var (
	hundredV1 = decimal.NewFromInt(100)
	oneV1     = decimal.NewFromInt(1)
)

// divPrecisionV1 is the number of decimal places kept when a division cannot be
// exact (shares of a discount, tax backed out of an inclusive price); the
// result is always rounded to the currency afterwards.
const divPrecisionV1 = 20

// computeTotalsV1 is ArithmeticV1: how documents were worked out until
// ArithmeticV2, kept unchanged so that documents issued under it re-render
// exactly as they were issued. Nothing new is computed with it.
//
// Tax-exclusive, per line: each line's net (quantity × price − line discount)
// is rounded; a document discount is split over the lines in proportion to
// their nets, to the minor unit, with the remainder going to the largest
// lines; each line's tax is rounded; everything is summed.
//
// Tax-exclusive, per document: nets stay exact; each tax is charged once on
// the exact sum of the bases that carry it and rounded once.
//
// Tax-inclusive prices: the inclusive amount is what the client pays. Each
// tax is worked out on the net backed out of it (inclusive ÷ (1 + simple
// rates) ÷ (1 + compound rates)) and rounded; the net is the inclusive amount
// less those rounded taxes, so Total always equals the inclusive amount.
func computeTotalsV1(in TotalsInput) (Totals, error) {
	if err := in.Rounding.Validate(); err != nil {
		return Totals{}, err
	}
	if !in.DiscountPercent.IsZero() && !in.DiscountAmount.IsZero() {
		return Totals{}, fmt.Errorf("give the document discount as a percent or an amount, not both")
	}
	if in.DiscountPercent.IsNegative() || in.DiscountPercent.GreaterThan(hundredV1) {
		return Totals{}, fmt.Errorf("the discount must be between 0 and 100 %%")
	}
	if in.DiscountAmount.IsNegative() {
		return Totals{}, fmt.Errorf("the discount cannot be negative")
	}
	round := func(d decimal.Decimal) decimal.Decimal { return in.Rounding.Round(d, in.Exponent) }
	perLine := in.Rounding.Scope == RoundPerLine

	// Step 1: each line's amount after its own discount, in the price basis
	// (inclusive or exclusive of tax). Exact, or rounded per line.
	var out Totals
	amounts := make([]decimal.Decimal, len(in.Lines))
	sum := decimal.Zero
	for i, l := range in.Lines {
		if l.DiscountPercent.IsNegative() || l.DiscountPercent.GreaterThan(hundredV1) {
			return Totals{}, fmt.Errorf("line %d: the discount must be between 0 and 100 %%", i+1)
		}
		gross := l.Quantity.Mul(l.UnitPrice)
		if err := money.CheckRange(gross); err != nil {
			return Totals{}, fmt.Errorf("line %d: quantity × unit price: %w", i+1, err)
		}
		amount := gross.Sub(gross.Mul(l.DiscountPercent).Div(hundredV1))
		if perLine {
			amount = round(amount)
		}
		amounts[i] = amount
		sum = sum.Add(amount)
		out.Lines = append(out.Lines, LineTotals{Gross: round(gross), Net: round(amount)})
		out.Lines[i].Discount = out.Lines[i].Gross.Sub(out.Lines[i].Net)
	}

	// Step 2: the document discount, rounded, and each line's share of it.
	if err := money.CheckRange(in.DiscountAmount); err != nil {
		return Totals{}, fmt.Errorf("the discount: %w", err)
	}
	discount := in.DiscountAmount
	if !in.DiscountPercent.IsZero() {
		discount = sum.Mul(in.DiscountPercent).Div(hundredV1)
	}
	discount = round(discount)
	if discount.GreaterThan(round(sum)) && !discount.IsZero() {
		return Totals{}, fmt.Errorf("the discount is larger than the subtotal")
	}
	if !discount.IsZero() {
		for i, a := range amounts {
			if a.IsNegative() {
				return Totals{}, fmt.Errorf("line %d is negative; a document discount needs every line at zero or above", i+1)
			}
		}
	}
	bases := shareOutV1(amounts, sum, discount, in.Exponent, perLine)

	// Step 3: taxes per line (exact bases when per document), then rounded
	// per line or per tax row.
	type row struct {
		tax          TaxLine
		base, amount decimal.Decimal
	}
	var rows []*row
	byKey := map[string]*row{}
	rowFor := func(t TaxLine) *row {
		r := byKey[t.key()]
		if r == nil {
			r = &row{tax: t, base: decimal.Zero, amount: decimal.Zero}
			byKey[t.key()] = r
			rows = append(rows, r)
		}
		return r
	}
	payable := decimal.Zero // sum of inclusive amounts when prices include tax
	exclusive := make([]decimal.Decimal, len(in.Lines))
	for i, l := range in.Lines {
		base := bases[i]
		if in.TaxInclusive {
			payable = payable.Add(base)
			base = base.DivRound(inclusiveFactorV1(l.Taxes), divPrecisionV1)
			if perLine {
				// Round the backed-out net now, so the line's taxes are
				// charged on the same net the line shows.
				base = round(base)
			}
		}
		exclusive[i] = base
		simple := decimal.Zero
		for _, t := range l.Taxes {
			if !t.Compound {
				amt := base.Mul(t.Percent).Div(hundredV1)
				if perLine {
					amt = round(amt)
				}
				simple = simple.Add(amt)
				r := rowFor(t)
				r.base, r.amount = r.base.Add(base), r.amount.Add(amt)
			}
		}
		for _, t := range l.Taxes {
			if t.Compound {
				b := base.Add(simple)
				amt := b.Mul(t.Percent).Div(hundredV1)
				if perLine {
					amt = round(amt)
				}
				r := rowFor(t)
				r.base, r.amount = r.base.Add(b), r.amount.Add(amt)
			}
		}
	}
	out.Tax = decimal.Zero
	for _, r := range rows {
		amt := round(r.amount)
		out.Taxes = append(out.Taxes, TaxTotal{Tax: r.tax, Base: round(r.base), Amount: amt})
		out.Tax = out.Tax.Add(amt)
	}

	// Step 4: the totals. Tax-inclusive: the client pays the inclusive amount
	// and the net is what remains after tax.
	if in.TaxInclusive {
		out.Total = round(payable)
		out.Net = out.Total.Sub(out.Tax)
		// Show subtotal and discount tax-exclusive, in proportion.
		grossIncl := round(sum)
		if grossIncl.IsZero() || discount.IsZero() {
			out.Subtotal, out.Discount = out.Net, decimal.Zero
		} else {
			out.Discount = round(discount.Mul(out.Net).DivRound(out.Total, divPrecisionV1))
			out.Subtotal = out.Net.Add(out.Discount)
		}
		out.shareRevenueV1(exclusive, in.Exponent, in.Rounding)
		return out, out.checkRange()
	}
	out.Subtotal = round(sum)
	out.Discount = discount
	out.Net = out.Subtotal.Sub(out.Discount)
	out.Total = out.Net.Add(out.Tax)
	out.shareRevenueV1(exclusive, in.Exponent, in.Rounding)
	return out, out.checkRange()
}

// inclusiveFactorV1 is what a net amount is multiplied by to include the
// line's taxes: (1 + Σ simple rates) × (1 + Σ compound rates).
func inclusiveFactorV1(taxes []TaxLine) decimal.Decimal {
	simple, compound := decimal.Zero, decimal.Zero
	for _, t := range taxes {
		if t.Compound {
			compound = compound.Add(t.Percent)
		} else {
			simple = simple.Add(t.Percent)
		}
	}
	return oneV1.Add(simple.Div(hundredV1)).Mul(oneV1.Add(compound.Div(hundredV1)))
}

// shareOutV1 takes discount off the line amounts in proportion to each line's
// amount. Per line, shares are whole minor units and add up to the discount
// exactly (largest remainder first); per document they are exact.
func shareOutV1(amounts []decimal.Decimal, sum, discount decimal.Decimal, exp int32, perLine bool) []decimal.Decimal {
	bases := make([]decimal.Decimal, len(amounts))
	copy(bases, amounts)
	if discount.IsZero() || sum.IsZero() {
		return bases
	}
	if !perLine {
		keep := oneV1.Sub(discount.DivRound(sum, divPrecisionV1))
		for i, a := range amounts {
			bases[i] = a.Mul(keep)
		}
		return bases
	}
	unit := decimal.New(1, -exp)
	given := decimal.Zero
	rema := make([]decimal.Decimal, len(amounts))
	for i, a := range amounts {
		exact := discount.Mul(a).DivRound(sum, divPrecisionV1)
		share := exact.RoundFloor(exp)
		rema[i] = exact.Sub(share)
		bases[i] = a.Sub(share)
		given = given.Add(share)
	}
	// Hand the minor units still owed to the lines with the largest remainders
	// (ties to the earlier line), one each.
	for left := discount.Sub(given); left.IsPositive(); left = left.Sub(unit) {
		best := -1
		for i := range rema {
			if amounts[i].IsPositive() && (best < 0 || rema[i].GreaterThan(rema[best])) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		bases[best] = bases[best].Sub(unit)
		rema[best] = rema[best].Sub(unit)
	}
	return bases
}

// shareRevenueV1 sets each line's Revenue from its exact tax-exclusive net
// after the document discount (see apportionV1).
func (t *Totals) shareRevenueV1(exclusive []decimal.Decimal, exp int32, r Rounding) {
	for i, v := range apportionV1(exclusive, t.Net, exp, r) {
		t.Lines[i].Revenue = v
	}
}

// apportionV1 rounds each exact amount to the minor unit and then, so that
// they add up to total, moves single minor units one at a time to the
// amount whose rounding went furthest the other way (ties to the earlier
// one). The amounts differ from total only by rounding, so only a few units
// ever move.
func apportionV1(exact []decimal.Decimal, total decimal.Decimal, exp int32, r Rounding) []decimal.Decimal {
	out := make([]decimal.Decimal, len(exact))
	sum := decimal.Zero
	for i, e := range exact {
		out[i] = r.Round(e, exp)
		sum = sum.Add(out[i])
	}
	if len(exact) == 0 {
		return out
	}
	unit := decimal.New(1, -exp)
	if total.LessThan(sum) {
		unit = unit.Neg()
	}
	for left := total.Sub(sum); !left.IsZero() && left.Sign() == unit.Sign(); left = left.Sub(unit) {
		best := 0
		for i := range exact {
			// How far the amount still falls short of its exact value in
			// the direction units are moving.
			if exact[i].Sub(out[i]).Mul(unit).GreaterThan(exact[best].Sub(out[best]).Mul(unit)) {
				best = i
			}
		}
		out[best] = out[best].Add(unit)
	}
	return out
}
