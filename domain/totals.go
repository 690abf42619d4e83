package domain

import (
	"fmt"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

// RoundingScope says where amounts are rounded to the currency's minor unit.
type RoundingScope string

const (
	// RoundPerLine rounds each line's net and each line's tax, then adds them up.
	RoundPerLine RoundingScope = "per-line"
	// RoundPerDocument adds exact line amounts and rounds each tax and total once.
	RoundPerDocument RoundingScope = "per-document"
)

// RoundingMode says which way an amount exactly half-way between two minor
// units goes.
type RoundingMode string

const (
	// HalfUp rounds halves away from zero: 0.125 → 0.13, −0.125 → −0.13.
	HalfUp RoundingMode = "half-up"
	// HalfEven rounds halves to the even neighbour (banker's rounding): 0.125 → 0.12.
	HalfEven RoundingMode = "half-even"
)

// Rounding is a document's rounding policy. It is stored with each invoice so
// an issued invoice always re-renders to the same totals.
type Rounding struct {
	Scope RoundingScope
	Mode  RoundingMode
}

// DefaultRounding rounds per line, halves away from zero: what most people
// check an invoice by hand with.
var DefaultRounding = Rounding{Scope: RoundPerLine, Mode: HalfUp}

// Validate checks that both parts of the policy are known.
func (r Rounding) Validate() error {
	if r.Scope != RoundPerLine && r.Scope != RoundPerDocument {
		return fmt.Errorf("rounding must be per-line or per-document, not %q", r.Scope)
	}
	if r.Mode != HalfUp && r.Mode != HalfEven {
		return fmt.Errorf("rounding mode must be half-up or half-even, not %q", r.Mode)
	}
	return nil
}

// Round rounds d to exp decimal places by the policy's mode.
func (r Rounding) Round(d decimal.Decimal, exp int32) decimal.Decimal {
	if r.Mode == HalfEven {
		return d.RoundBank(exp)
	}
	return d.Round(exp)
}

// TaxLine is one tax as it applies on a document line: a snapshot of the tax
// rate's name and percent when the line was written, so later changes to the
// rate never change an existing document.
type TaxLine struct {
	RateID   int64 // the tax rate it came from; 0 if typed by hand
	Name     string
	Percent  decimal.Decimal // 20 for 20 %
	Compound bool            // applied on the net plus the line's non-compound taxes
}

// key identifies a tax in a document's breakdown: the same name, percent and
// compounding is one row however many lines carry it.
func (t TaxLine) key() string {
	return fmt.Sprintf("%s|%s|%t", t.Name, t.Percent.String(), t.Compound)
}

// TotalsInput is what a document's totals are computed from.
type TotalsInput struct {
	Exponent     int32 // the currency's minor-unit exponent
	Rounding     Rounding
	TaxInclusive bool // unit prices include the line's taxes
	Lines        []TotalsLine
	// A document-level discount: a percent of the subtotal, or a fixed amount.
	// At most one is non-zero. With tax-inclusive prices it is taken off the
	// tax-inclusive amounts.
	DiscountPercent decimal.Decimal
	DiscountAmount  decimal.Decimal
}

// TotalsLine is one document line's figures.
type TotalsLine struct {
	Quantity        decimal.Decimal
	UnitPrice       decimal.Decimal
	DiscountPercent decimal.Decimal
	Taxes           []TaxLine
}

// LineTotals is what one line comes to, in the basis its prices are given in
// (tax-inclusive when the document's prices include tax).
type LineTotals struct {
	Gross    decimal.Decimal // quantity × unit price, rounded
	Discount decimal.Decimal // the line discount, rounded
	Net      decimal.Decimal // Gross − Discount, before the document discount
	// Revenue is the line's part of the document's Net: tax-exclusive and
	// after its share of the document discount, rounded so that the lines'
	// Revenue adds up to Net exactly (see apportion). Reports of revenue by
	// item add it up.
	Revenue decimal.Decimal
}

// TaxTotal is one row of the tax breakdown.
type TaxTotal struct {
	Tax    TaxLine
	Base   decimal.Decimal // the amount the tax was charged on
	Amount decimal.Decimal
}

// Totals is a document's figures, every amount rounded to the currency.
// Subtotal − Discount = Net; Net + Tax = Total.
type Totals struct {
	Lines    []LineTotals
	Subtotal decimal.Decimal // sum of line nets, tax-exclusive
	Discount decimal.Decimal // the document-level discount, tax-exclusive
	Net      decimal.Decimal
	Taxes    []TaxTotal // in order of first appearance
	Tax      decimal.Decimal
	Total    decimal.Decimal
}

var (
	hundred = decimal.NewFromInt(100)
	one     = decimal.NewFromInt(1)
)

// divPrecision is the number of decimal places kept when a division cannot be
// exact (shares of a discount, tax backed out of an inclusive price); the
// result is always rounded to the currency afterwards.
const divPrecision = 20

// ComputeTotals is the one place a document's amounts are worked out.
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
func ComputeTotals(in TotalsInput) (Totals, error) {
	if err := in.Rounding.Validate(); err != nil {
		return Totals{}, err
	}
	if !in.DiscountPercent.IsZero() && !in.DiscountAmount.IsZero() {
		return Totals{}, fmt.Errorf("give the document discount as a percent or an amount, not both")
	}
	if in.DiscountPercent.IsNegative() || in.DiscountPercent.GreaterThan(hundred) {
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
		if l.DiscountPercent.IsNegative() || l.DiscountPercent.GreaterThan(hundred) {
			return Totals{}, fmt.Errorf("line %d: the discount must be between 0 and 100 %%", i+1)
		}
		gross := l.Quantity.Mul(l.UnitPrice)
		if err := money.CheckRange(gross); err != nil {
			return Totals{}, fmt.Errorf("line %d: quantity × unit price: %w", i+1, err)
		}
		amount := gross.Sub(gross.Mul(l.DiscountPercent).Div(hundred))
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
		discount = sum.Mul(in.DiscountPercent).Div(hundred)
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
	bases := shareOut(amounts, sum, discount, in.Exponent, perLine)

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
			base = base.DivRound(inclusiveFactor(l.Taxes), divPrecision)
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
				amt := base.Mul(t.Percent).Div(hundred)
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
				amt := b.Mul(t.Percent).Div(hundred)
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
			out.Discount = round(discount.Mul(out.Net).DivRound(out.Total, divPrecision))
			out.Subtotal = out.Net.Add(out.Discount)
		}
		out.shareRevenue(exclusive, in.Exponent, in.Rounding)
		return out, out.checkRange()
	}
	out.Subtotal = round(sum)
	out.Discount = discount
	out.Net = out.Subtotal.Sub(out.Discount)
	out.Total = out.Net.Add(out.Tax)
	out.shareRevenue(exclusive, in.Exponent, in.Rounding)
	return out, out.checkRange()
}

// checkRange refuses a document whose lines, each within range, add up
// beyond what an amount may be (money.MaxAmount), so that no total stored or
// summed later can overflow.
func (t *Totals) checkRange() error {
	type figure struct {
		what string
		v    decimal.Decimal
	}
	figures := []figure{{"total", t.Total}, {"subtotal", t.Subtotal}, {"net", t.Net}, {"tax", t.Tax}}
	for _, r := range t.Taxes {
		figures = append(figures, figure{r.Tax.Label() + " base", r.Base}, figure{r.Tax.Label(), r.Amount})
	}
	for _, f := range figures {
		if err := money.CheckRange(f.v); err != nil {
			return fmt.Errorf("the document's %s: %w", f.what, err)
		}
	}
	return nil
}

// inclusiveFactor is what a net amount is multiplied by to include the
// line's taxes: (1 + Σ simple rates) × (1 + Σ compound rates).
func inclusiveFactor(taxes []TaxLine) decimal.Decimal {
	simple, compound := decimal.Zero, decimal.Zero
	for _, t := range taxes {
		if t.Compound {
			compound = compound.Add(t.Percent)
		} else {
			simple = simple.Add(t.Percent)
		}
	}
	return one.Add(simple.Div(hundred)).Mul(one.Add(compound.Div(hundred)))
}

// shareOut takes discount off the line amounts in proportion to each line's
// amount. Per line, shares are whole minor units and add up to the discount
// exactly (largest remainder first); per document they are exact.
func shareOut(amounts []decimal.Decimal, sum, discount decimal.Decimal, exp int32, perLine bool) []decimal.Decimal {
	bases := make([]decimal.Decimal, len(amounts))
	copy(bases, amounts)
	if discount.IsZero() || sum.IsZero() {
		return bases
	}
	if !perLine {
		keep := one.Sub(discount.DivRound(sum, divPrecision))
		for i, a := range amounts {
			bases[i] = a.Mul(keep)
		}
		return bases
	}
	unit := decimal.New(1, -exp)
	given := decimal.Zero
	rema := make([]decimal.Decimal, len(amounts))
	for i, a := range amounts {
		exact := discount.Mul(a).DivRound(sum, divPrecision)
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

// shareRevenue sets each line's Revenue from its exact tax-exclusive net
// after the document discount (see apportion).
func (t *Totals) shareRevenue(exclusive []decimal.Decimal, exp int32, r Rounding) {
	for i, v := range apportion(exclusive, t.Net, exp, r) {
		t.Lines[i].Revenue = v
	}
}

// apportion rounds each exact amount to the minor unit and then, so that
// they add up to total, moves single minor units one at a time to the
// amount whose rounding went furthest the other way (ties to the earlier
// one). The amounts differ from total only by rounding, so only a few units
// ever move.
func apportion(exact []decimal.Decimal, total decimal.Decimal, exp int32, r Rounding) []decimal.Decimal {
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
