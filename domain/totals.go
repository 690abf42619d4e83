package domain

// How a document's amounts are worked out (ArithmeticV2). These are the
// rules; ComputeTotals is the one place that applies them.
//
// Exactness. Every amount is kept as an exact fraction (math/big.Rat) until
// the one step that rounds it to the currency's minor unit. Nothing is
// divided to a fixed number of digits first, so an exact half is seen as a
// half and rounded by the policy's mode (half-up: away from zero; half-even:
// to the even neighbour).
//
// What is printed adds up (EN 16931 BR-CO-10 to BR-CO-17):
//
//   - BR-CO-10: the lines' printed amounts (LineTotals.Net, always
//     tax-exclusive, before the document discount) add up to Subtotal.
//   - BR-CO-11/13: Net = Subtotal − Discount (the document allowance).
//   - BR-CO-14: Tax is the sum of the tax rows (TaxTotal).
//   - BR-CO-15: Total = Net + Tax.
//   - BR-CO-16: what is due is Total; payments are not part of a document.
//   - BR-CO-17: each tax is its base × rate, rounded once (tax-exclusive
//     prices); with tax-inclusive prices, base and tax are split from the
//     gross they share and each rounded once, so base + tax = that gross.
//
// The policy (Rounding, stored with each document):
//
//   - Per line: each line's amount (quantity × price − line discount) is
//     rounded; a document discount is shared over the lines in proportion to
//     their amounts, in whole minor units (largest remainder); each line's
//     taxes are rounded per line and the tax rows add them up.
//   - Per document: the lines' exact amounts are added and the sum rounded
//     once to the Subtotal; the lines print that Subtotal shared out over
//     their exact amounts by largest remainder (each within a minor unit of
//     its exact amount). The document discount is shared the same way. Each
//     tax row is charged once on its base, the sum of its lines' amounts
//     after their share of the discount, and rounded once.
//   - A percent document discount is that percent of the printed Subtotal
//     (tax-inclusive: of the lines' inclusive total), rounded once.
//   - Compound taxes are charged on the base plus the simple taxes of the
//     same lines (per document: those simple taxes worked out on the same
//     lines' bases and rounded once).
//   - Tax-inclusive prices: the lines' inclusive amounts, less the document
//     discount, are what the client pays (Total). Each such gross (per line,
//     or per document for each set of taxes lines carry) is split into its
//     net and its taxes; each part is rounded once and the parts are shared
//     by largest remainder so that they add up to the gross exactly. The
//     Subtotal is the same split of the gross before the document discount;
//     Discount is Subtotal − Net, so Subtotal − Discount + Tax = Total to the
//     minor unit.
//   - Largest remainder: each part is first rounded by the mode; the minor
//     units still missing (or over) go one each to the parts whose rounding
//     went furthest the other way, ties favouring the earlier part.
//
// Documents issued before these rules keep ArithmeticV1 (totals_v1.go) and
// always re-render by it; drafts are always computed by the current rules.

import (
	"fmt"
	"math/big"
	"sort"

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
	// VAT is the rate's VAT category when the line was written, for
	// e-invoices; it takes no part in the arithmetic.
	VAT VATClass
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
	// Arithmetic is the version of the rules to apply; zero is
	// CurrentArithmetic.
	Arithmetic Arithmetic
}

// TotalsLine is one document line's figures.
type TotalsLine struct {
	Quantity        decimal.Decimal
	UnitPrice       decimal.Decimal
	DiscountPercent decimal.Decimal
	Taxes           []TaxLine
}

// LineTotals is what one line comes to, tax-exclusive, rounded (under
// ArithmeticV1, in the basis its prices are given in).
type LineTotals struct {
	Gross    decimal.Decimal // quantity × unit price, rounded
	Discount decimal.Decimal // Gross − Net
	// Net is the line's printed amount, before the document discount. The
	// lines' Net add up to the document's Subtotal.
	Net decimal.Decimal
	// Revenue is the line's part of the document's Net: after its share of
	// the document discount, adding up to Net exactly. Reports of revenue by
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
	Subtotal decimal.Decimal // sum of the lines' Net, tax-exclusive
	Discount decimal.Decimal // the document-level discount, tax-exclusive
	Net      decimal.Decimal
	Taxes    []TaxTotal // in order of first appearance
	Tax      decimal.Decimal
	Total    decimal.Decimal
}

// Arithmetic names a version of the rules a document's totals are worked
// out by. Issued documents keep the version they were issued under.
type Arithmetic int

const (
	// ArithmeticV1 is the rules until issue 13 (totals_v1.go).
	ArithmeticV1 Arithmetic = 1
	// ArithmeticV2 is the rules at the top of this file.
	ArithmeticV2 Arithmetic = 2
	// CurrentArithmetic is what drafts are computed and issued by.
	CurrentArithmetic = ArithmeticV2
)

var hundred = decimal.NewFromInt(100)

// ComputeTotals is the one place a document's amounts are worked out, by
// the rules at the top of this file (or by ArithmeticV1 when in says so).
func ComputeTotals(in TotalsInput) (Totals, error) {
	if in.Arithmetic == ArithmeticV1 {
		return computeTotalsV1(in)
	}
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
	if err := money.CheckRange(in.DiscountAmount); err != nil {
		return Totals{}, fmt.Errorf("the discount: %w", err)
	}
	c := calc{exp: in.Exponent, mode: in.Rounding.Mode}
	perLine := in.Rounding.Scope == RoundPerLine
	n := len(in.Lines)

	// Step 1: each line's amount after its own discount, in the price basis
	// (inclusive or exclusive of tax), in minor units: exact, or rounded per
	// line. gross is quantity × unit price, exact.
	amounts, gross := make([]*big.Rat, n), make([]*big.Rat, n)
	sum := new(big.Rat)
	for i, l := range in.Lines {
		if l.DiscountPercent.IsNegative() || l.DiscountPercent.GreaterThan(hundred) {
			return Totals{}, fmt.Errorf("line %d: the discount must be between 0 and 100 %%", i+1)
		}
		g := l.Quantity.Mul(l.UnitPrice)
		if err := money.CheckRange(g); err != nil {
			return Totals{}, fmt.Errorf("line %d: quantity × unit price: %w", i+1, err)
		}
		gross[i] = c.units(g)
		a := mul(gross[i], keep(l.DiscountPercent))
		if perLine {
			a = c.round(a)
		}
		amounts[i] = a
		sum.Add(sum, a)
	}
	lineTotal := c.round(sum)
	shown := amounts
	if !perLine {
		shown = c.apportion(amounts, lineTotal)
	}

	// Step 2: the document discount, rounded once, and each line's share of
	// it in whole minor units.
	discount := c.round(c.units(in.DiscountAmount))
	if !in.DiscountPercent.IsZero() {
		discount = c.round(mul(lineTotal, pct(in.DiscountPercent)))
	}
	if discount.Sign() != 0 {
		if discount.Cmp(lineTotal) > 0 {
			return Totals{}, fmt.Errorf("the discount is larger than the subtotal")
		}
		for i, a := range amounts {
			if a.Sign() < 0 {
				return Totals{}, fmt.Errorf("line %d is negative; a document discount needs every line at zero or above", i+1)
			}
		}
	}
	after := make([]*big.Rat, n)
	copy(after, shown)
	if discount.Sign() != 0 && lineTotal.Sign() != 0 {
		exact := make([]*big.Rat, n)
		for i, s := range shown {
			exact[i] = quo(mul(discount, s), lineTotal)
		}
		for i, share := range c.apportion(exact, discount) {
			after[i] = new(big.Rat).Sub(shown[i], share)
		}
	}

	// Step 3: taxes, and the totals they make.
	out := Totals{Lines: make([]LineTotals, n)}
	if in.TaxInclusive {
		c.inclusive(&out, in.Lines, gross, shown, after, perLine)
		out.Total = c.dec(new(big.Rat).Sub(lineTotal, discount))
		out.Net = out.Total.Sub(out.Tax)
		out.Discount = out.Subtotal.Sub(out.Net)
	} else {
		c.exclusive(&out, in.Lines, gross, shown, after, perLine)
		out.Discount = c.dec(discount)
		out.Net = out.Subtotal.Sub(out.Discount)
		out.Total = out.Net.Add(out.Tax)
	}
	return out, out.checkRange()
}

// exclusive works out a document whose prices exclude tax: the lines show
// their amounts; taxes are charged on the amounts after the discount.
func (c calc) exclusive(out *Totals, lines []TotalsLine, gross, shown, after []*big.Rat, perLine bool) {
	subtotal := new(big.Rat)
	for i := range lines {
		out.Lines[i] = c.lineTotals(gross[i], shown[i], after[i])
		subtotal.Add(subtotal, shown[i])
	}
	out.Subtotal = c.dec(subtotal)
	rows := newTaxRows()
	if perLine {
		for i, l := range lines {
			simple := new(big.Rat)
			for _, t := range l.Taxes {
				if !t.Compound {
					amt := c.round(mul(after[i], pct(t.Percent)))
					simple.Add(simple, amt)
					rows.add(t, after[i], amt)
				}
			}
			for _, t := range l.Taxes {
				if t.Compound {
					base := new(big.Rat).Add(after[i], simple)
					rows.add(t, base, c.round(mul(base, pct(t.Percent))))
				}
			}
		}
	} else {
		// Each row once on the sum of its lines' bases. A compound row's
		// base adds the simple taxes of its own lines, each worked out on
		// those lines' bases and rounded once.
		for _, l := range lines {
			for _, t := range l.Taxes {
				rows.row(t)
			}
		}
		for _, r := range rows.list {
			base := new(big.Rat)
			simple := map[string]*big.Rat{}
			var order []TaxLine
			for i, l := range lines {
				if !carries(l, r.tax) {
					continue
				}
				base.Add(base, after[i])
				if r.tax.Compound {
					for _, t := range l.Taxes {
						if !t.Compound {
							if simple[t.key()] == nil {
								simple[t.key()] = new(big.Rat)
								order = append(order, t)
							}
							simple[t.key()].Add(simple[t.key()], after[i])
						}
					}
				}
			}
			for _, t := range order {
				base.Add(base, c.round(mul(simple[t.key()], pct(t.Percent))))
			}
			r.base, r.amount = base, c.round(mul(base, pct(r.tax.Percent)))
		}
	}
	out.Taxes, out.Tax = rows.totals(c)
}

// inclusive works out a document whose prices include tax: each gross is
// split into its net and taxes (see split), per line or per set of taxes.
func (c calc) inclusive(out *Totals, lines []TotalsLine, gross, shown, after []*big.Rat, perLine bool) {
	// Group the lines: one group a line, or one a set of taxes.
	var groups [][]int
	if perLine {
		for i := range lines {
			groups = append(groups, []int{i})
		}
	} else {
		at := map[string]int{}
		for i, l := range lines {
			k := taxSetKey(l.Taxes)
			g, ok := at[k]
			if !ok {
				g = len(groups)
				at[k] = g
				groups = append(groups, nil)
			}
			groups[g] = append(groups[g], i)
		}
	}
	rows := newTaxRows()
	for _, l := range lines {
		for _, t := range l.Taxes {
			rows.row(t)
		}
	}
	subtotal := new(big.Rat)
	for _, g := range groups {
		taxes := lines[g[0]].Taxes
		before, paid := new(big.Rat), new(big.Rat)
		for _, i := range g {
			before.Add(before, shown[i])
			paid.Add(paid, after[i])
		}
		// The gross before the discount gives the subtotal, and the lines
		// their tax-exclusive amounts; the gross paid gives net and taxes.
		exclBefore := c.split(before, taxes)[0]
		parts := c.split(paid, taxes)
		subtotal.Add(subtotal, exclBefore)
		lineExcl := c.within(g, shown, before, exclBefore, taxes)
		lineRevenue := c.within(g, after, paid, parts[0], taxes)
		for k, i := range g {
			f := factor(taxes)
			out.Lines[i] = c.lineTotals(quo(gross[i], f), lineExcl[k], lineRevenue[k])
		}
		simple := new(big.Rat)
		for k, t := range taxes {
			if !t.Compound {
				simple.Add(simple, parts[k+1])
			}
		}
		for k, t := range taxes {
			base := parts[0]
			if t.Compound {
				base = new(big.Rat).Add(parts[0], simple)
			}
			rows.add(t, base, parts[k+1])
		}
	}
	out.Subtotal = c.dec(subtotal)
	out.Taxes, out.Tax = rows.totals(c)
}

// within shares whole, the tax-exclusive part of a group's gross total,
// over the group's lines in proportion to their gross amounts (or, when the
// total is zero, each line's own amount backed out of tax).
func (c calc) within(g []int, amounts []*big.Rat, total, whole *big.Rat, taxes []TaxLine) []*big.Rat {
	exact := make([]*big.Rat, len(g))
	for k, i := range g {
		if total.Sign() != 0 {
			exact[k] = quo(mul(whole, amounts[i]), total)
		} else {
			exact[k] = quo(amounts[i], factor(taxes))
		}
	}
	return c.apportion(exact, whole)
}

// split divides gross, which includes taxes, into its net and each tax in
// taxes' order (simple taxes on the net, compound ones on the net plus the
// simple taxes), each rounded once and shared so they add up to gross.
func (c calc) split(gross *big.Rat, taxes []TaxLine) []*big.Rat {
	net := quo(gross, factor(taxes))
	exact := []*big.Rat{net}
	simple := new(big.Rat)
	for _, t := range taxes {
		if !t.Compound {
			s := mul(net, pct(t.Percent))
			simple.Add(simple, s)
			exact = append(exact, s)
		} else {
			exact = append(exact, nil)
		}
	}
	for k, t := range taxes {
		if t.Compound {
			exact[k+1] = mul(new(big.Rat).Add(net, simple), pct(t.Percent))
		}
	}
	return c.apportion(exact, gross)
}

// lineTotals is one line's figures: gross is quantity × unit price (exact,
// tax-exclusive), net its printed amount, revenue its net after the
// document discount.
func (c calc) lineTotals(gross, net, revenue *big.Rat) LineTotals {
	l := LineTotals{Gross: c.dec(c.round(gross)), Net: c.dec(net), Revenue: c.dec(revenue)}
	l.Discount = l.Gross.Sub(l.Net)
	return l
}

// calc does exact arithmetic in minor units of a currency: an amount of
// 12.345 with exp 2 is the fraction 1234.5.
type calc struct {
	exp  int32
	mode RoundingMode
}

// units is d in minor units, exactly.
func (c calc) units(d decimal.Decimal) *big.Rat {
	return d.Shift(c.exp).Rat()
}

// dec is x, a whole number of minor units, as an amount.
func (c calc) dec(x *big.Rat) decimal.Decimal {
	if !x.IsInt() {
		panic(fmt.Sprintf("totals: %s minor units is not whole", x.RatString()))
	}
	return decimal.NewFromBigInt(x.Num(), -c.exp)
}

// round rounds x to a whole number of minor units by the mode.
func (c calc) round(x *big.Rat) *big.Rat {
	q, r := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int))
	r.Abs(r).Lsh(r, 1)
	switch cmp := r.Cmp(x.Denom()); {
	case cmp > 0, cmp == 0 && (c.mode != HalfEven || q.Bit(0) == 1):
		q.Add(q, big.NewInt(int64(x.Sign())))
	}
	return new(big.Rat).SetInt(q)
}

// apportion rounds each exact part and then moves whole minor units, one
// per part, to the parts whose rounding went furthest the other way (ties
// favour the earlier part) until they add up to total, a whole number.
func (c calc) apportion(exact []*big.Rat, total *big.Rat) []*big.Rat {
	out := make([]*big.Rat, len(exact))
	sum := new(big.Rat)
	for i, e := range exact {
		out[i] = c.round(e)
		sum.Add(sum, out[i])
	}
	if len(exact) == 0 {
		return out
	}
	left := new(big.Rat).Sub(total, sum)
	for left.Sign() != 0 {
		unit := big.NewRat(int64(left.Sign()), 1)
		idx := make([]int, len(exact))
		short := make([]*big.Rat, len(exact))
		for i := range idx {
			idx[i] = i
			// How far the part falls short of its exact value in the
			// direction units are moving.
			short[i] = mul(new(big.Rat).Sub(exact[i], out[i]), unit)
		}
		// Ties favour the earlier part: it is the first to gain a unit and
		// the last to lose one.
		sort.SliceStable(idx, func(a, b int) bool {
			if cmp := short[idx[a]].Cmp(short[idx[b]]); cmp != 0 || unit.Sign() > 0 {
				return cmp > 0
			}
			return idx[a] > idx[b]
		})
		for _, i := range idx {
			if left.Sign() == 0 {
				break
			}
			out[i] = new(big.Rat).Add(out[i], unit)
			left.Sub(left, unit)
		}
	}
	return out
}

func mul(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }
func quo(a, b *big.Rat) *big.Rat { return new(big.Rat).Quo(a, b) }

// pct is p % as a fraction.
func pct(p decimal.Decimal) *big.Rat { return quo(p.Rat(), big.NewRat(100, 1)) }

// keep is what is left after a discount of p %: 1 − p/100.
func keep(p decimal.Decimal) *big.Rat { return new(big.Rat).Sub(big.NewRat(1, 1), pct(p)) }

// factor is what a net amount is multiplied by to include taxes:
// (1 + Σ simple rates) × (1 + Σ compound rates).
func factor(taxes []TaxLine) *big.Rat {
	simple, compound := big.NewRat(1, 1), big.NewRat(1, 1)
	for _, t := range taxes {
		if t.Compound {
			compound.Add(compound, pct(t.Percent))
		} else {
			simple.Add(simple, pct(t.Percent))
		}
	}
	return mul(simple, compound)
}

// carries reports whether line l carries tax t.
func carries(l TotalsLine, t TaxLine) bool {
	for _, x := range l.Taxes {
		if x.key() == t.key() {
			return true
		}
	}
	return false
}

// taxSetKey identifies the set of taxes a line carries, in its order.
func taxSetKey(taxes []TaxLine) string {
	k := ""
	for _, t := range taxes {
		k += t.key() + ";"
	}
	return k
}

// taxRows collects the tax breakdown, a row a tax in order of first
// appearance.
type taxRows struct {
	list  []*taxRow
	byKey map[string]*taxRow
}

type taxRow struct {
	tax          TaxLine
	base, amount *big.Rat
}

func newTaxRows() *taxRows { return &taxRows{byKey: map[string]*taxRow{}} }

func (rs *taxRows) row(t TaxLine) *taxRow {
	r := rs.byKey[t.key()]
	if r == nil {
		r = &taxRow{tax: t, base: new(big.Rat), amount: new(big.Rat)}
		rs.byKey[t.key()] = r
		rs.list = append(rs.list, r)
	}
	return r
}

func (rs *taxRows) add(t TaxLine, base, amount *big.Rat) {
	r := rs.row(t)
	r.base.Add(r.base, base)
	r.amount.Add(r.amount, amount)
}

// totals is the rows as printed and their sum. Every base and amount is a
// whole number of minor units by then.
func (rs *taxRows) totals(c calc) ([]TaxTotal, decimal.Decimal) {
	var out []TaxTotal
	sum := decimal.Zero
	for _, r := range rs.list {
		amt := c.dec(r.amount)
		out = append(out, TaxTotal{Tax: r.tax, Base: c.dec(r.base), Amount: amt})
		sum = sum.Add(amt)
	}
	return out, sum
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

// shareOf is amount × part ÷ whole, rounded once.
func (c calc) shareOf(amount, part, whole decimal.Decimal) decimal.Decimal {
	return c.dec(c.round(quo(mul(c.units(amount), part.Rat()), whole.Rat())))
}

// LineAmount is a line's quantity × unit price less its own discount,
// rounded once by mode: in the basis its prices are given in, before the
// document discount. Exports state it as a line's line_net, whatever
// arithmetic the document was computed by.
func LineAmount(l TotalsLine, exp int32, mode RoundingMode) decimal.Decimal {
	c := calc{exp: exp, mode: mode}
	return c.dec(c.round(mul(c.units(l.Quantity.Mul(l.UnitPrice)), keep(l.DiscountPercent))))
}
