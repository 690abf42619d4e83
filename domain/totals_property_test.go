package domain

import (
	"fmt"
	"math/big"
	"math/rand"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// The rules at the top of totals.go, checked as properties of random
// invoices, and against a second, independent model of the same rules
// written here with big.Rat directly (its own rounding, its own largest
// remainder by sorting floors, its own grouping).

// randomInput makes an invoice: 1–6 lines with quantities of up to three
// decimals, prices to the currency's minor unit and, now and then, beyond it;
// line discounts; a percent or fixed document discount; 0–2 of three taxes a
// line (one of them compound); tax-inclusive or not; every rounding scope and
// mode; currencies with 0, 2 and 3 decimals.
func randomInput(rng *rand.Rand) TotalsInput {
	exp := []int32{0, 2, 3}[rng.Intn(3)]
	in := TotalsInput{
		Exponent:     exp,
		Rounding:     Rounding{[]RoundingScope{RoundPerLine, RoundPerDocument}[rng.Intn(2)], []RoundingMode{HalfUp, HalfEven}[rng.Intn(2)]},
		TaxInclusive: rng.Intn(2) == 0,
	}
	rates := []TaxLine{tax("VAT", []string{"20", "19", "15", "7.7", "5.5"}[rng.Intn(5)], false), tax("GST", "5", false), tax("PST", "9.975", true)}
	for n := 1 + rng.Intn(6); n > 0; n-- {
		places := exp
		if rng.Intn(5) == 0 {
			places += 2 // a price beyond the minor unit
		}
		l := TotalsLine{
			Quantity:        decimal.New(rng.Int63n(20000)+1, -int32(rng.Intn(4))),
			UnitPrice:       decimal.New(rng.Int63n(5_000_000), -places),
			DiscountPercent: decimal.Zero,
		}
		if rng.Intn(4) == 0 {
			l.DiscountPercent = decimal.New(rng.Int63n(10000), -2)
		}
		if rng.Intn(12) == 0 {
			l.UnitPrice = l.UnitPrice.Neg() // a correction line
		}
		switch rng.Intn(5) {
		case 0: // untaxed
		case 1:
			l.Taxes = []TaxLine{rates[1], rates[2]}
		case 2:
			l.Taxes = []TaxLine{rates[1]}
		default:
			l.Taxes = []TaxLine{rates[0]}
		}
		in.Lines = append(in.Lines, l)
	}
	switch rng.Intn(3) {
	case 0:
		in.DiscountPercent = decimal.New(rng.Int63n(5000), -2)
	case 1:
		in.DiscountAmount = decimal.New(rng.Int63n(200_000), -exp)
	}
	return in
}

const propertyInvoices = 3000

func TestTotalsProperties(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	checked := 0
	for n := 0; n < propertyInvoices; n++ {
		in := randomInput(rng)
		got, err := ComputeTotals(in)
		want, werr := modelTotals(in)
		if (err != nil) != (werr != nil) {
			t.Fatalf("invoice %d: ComputeTotals err %v, model err %v\n%s", n, err, werr, describeInput(in))
		}
		if err != nil {
			continue
		}
		checked++
		where := fmt.Sprintf("invoice %d (%s %s, inclusive %t)\n%s", n, in.Rounding.Scope, in.Rounding.Mode, in.TaxInclusive, describeInput(in))
		// Printed lines add up to the subtotal (BR-CO-10).
		lines, revenue := decimal.Zero, decimal.Zero
		for _, l := range got.Lines {
			lines, revenue = lines.Add(l.Net), revenue.Add(l.Revenue)
		}
		if !lines.Equal(got.Subtotal) {
			t.Errorf("%s: the lines add up to %s, the subtotal is %s", where, lines, got.Subtotal)
		}
		if !revenue.Equal(got.Net) {
			t.Errorf("%s: the lines' revenue adds up to %s, net is %s", where, revenue, got.Net)
		}
		// Subtotal − discount + taxes = total; tax rows add up to the tax.
		if !got.Subtotal.Sub(got.Discount).Add(got.Tax).Equal(got.Total) || !got.Subtotal.Sub(got.Discount).Equal(got.Net) {
			t.Errorf("%s: %s − %s + %s ≠ %s", where, got.Subtotal, got.Discount, got.Tax, got.Total)
		}
		rows := decimal.Zero
		for _, r := range got.Taxes {
			rows = rows.Add(r.Amount)
		}
		if !rows.Equal(got.Tax) {
			t.Errorf("%s: tax rows add up to %s, tax is %s", where, rows, got.Tax)
		}
		// Every figure is in whole minor units.
		for _, v := range []decimal.Decimal{got.Subtotal, got.Discount, got.Tax, got.Total} {
			if !v.Equal(v.Round(in.Exponent)) {
				t.Errorf("%s: %s is not in minor units", where, v)
			}
		}
		// Each tax = its base × rate rounded once: per row when prices
		// exclude tax and are rounded per document; with tax-inclusive
		// prices, base + tax = the gross of a rate no other tax shares.
		if !in.TaxInclusive && in.Rounding.Scope == RoundPerDocument {
			for _, r := range got.Taxes {
				if w := in.Rounding.Round(r.Base.Mul(r.Tax.Percent).Div(hundred), in.Exponent); !w.Equal(r.Amount) {
					t.Errorf("%s: %s on %s is %s, not %s", where, r.Tax.Label(), r.Base, r.Amount, w)
				}
			}
		}
		// No amount changes if computed twice.
		again, _ := ComputeTotals(in)
		if fmt.Sprint(again) != fmt.Sprint(got) {
			t.Errorf("%s: computed twice: %v, then %v", where, got, again)
		}
		// The independent model agrees on every figure.
		if g, w := summary(got), summary(want); g != w {
			t.Errorf("%s:\n got  %s\n want %s", where, g, w)
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d of %d random invoices were valid; the generator needs fixing", checked, propertyInvoices)
	}
	t.Logf("%d random invoices checked", checked)
}

func describeInput(in TotalsInput) string {
	var b strings.Builder
	fmt.Fprintf(&b, "exp %d, discount %s%% / %s\n", in.Exponent, in.DiscountPercent, in.DiscountAmount)
	for _, l := range in.Lines {
		var taxes []string
		for _, x := range l.Taxes {
			taxes = append(taxes, x.Label())
		}
		fmt.Fprintf(&b, "  %s × %s − %s%% [%s]\n", l.Quantity, l.UnitPrice, l.DiscountPercent, strings.Join(taxes, ", "))
	}
	return b.String()
}

func summary(t Totals) string {
	var b strings.Builder
	fmt.Fprintf(&b, "sub %s disc %s net %s tax %s total %s;", t.Subtotal, t.Discount, t.Net, t.Tax, t.Total)
	for _, l := range t.Lines {
		fmt.Fprintf(&b, " line %s/%s", l.Net, l.Revenue)
	}
	for _, r := range t.Taxes {
		fmt.Fprintf(&b, "; %s %s→%s", r.Tax.Label(), r.Base, r.Amount)
	}
	return b.String()
}

// modelTotals is the independent model. Amounts are big.Rat in minor units.
func modelTotals(in TotalsInput) (Totals, error) {
	scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(in.Exponent)), nil))
	r := func(d decimal.Decimal) *big.Rat { return d.Rat() }
	frac := func(p decimal.Decimal) *big.Rat { return new(big.Rat).Quo(p.Rat(), big.NewRat(100, 1)) }
	add := func(xs ...*big.Rat) *big.Rat {
		s := new(big.Rat)
		for _, x := range xs {
			s.Add(s, x)
		}
		return s
	}
	times := func(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }
	// rnd: by the mode, to a whole number.
	rnd := func(x *big.Rat) *big.Rat {
		fl := new(big.Int).Div(x.Num(), x.Denom()) // Euclidean: floor for a positive denominator
		rem := new(big.Rat).Sub(x, new(big.Rat).SetInt(fl))
		up := new(big.Rat).SetInt(new(big.Int).Add(fl, big.NewInt(1)))
		switch rem.Cmp(big.NewRat(1, 2)) {
		case 1:
			return up
		case 0:
			if in.Rounding.Mode == HalfEven {
				if fl.Bit(0) == 0 {
					return new(big.Rat).SetInt(fl)
				}
				return up
			}
			if x.Sign() > 0 {
				return up
			}
		}
		return new(big.Rat).SetInt(fl)
	}
	// share: largest remainder, written as: round all, then hand the
	// difference out by sorted shortfall.
	share := func(exact []*big.Rat, total *big.Rat) []*big.Rat {
		out := make([]*big.Rat, len(exact))
		for i, e := range exact {
			out[i] = rnd(e)
		}
		for {
			diff := new(big.Rat).Sub(total, add(out...))
			if diff.Sign() == 0 || len(out) == 0 {
				return out
			}
			step := big.NewRat(int64(diff.Sign()), 1)
			best := -1
			var bestGap *big.Rat
			for i := range out {
				gap := times(new(big.Rat).Sub(exact[i], out[i]), step)
				c := 1
				if best >= 0 {
					c = gap.Cmp(bestGap)
				}
				if c > 0 || (c == 0 && step.Sign() < 0) {
					best, bestGap = i, gap
				}
			}
			out[best].Add(out[best], step)
		}
	}
	perLine := in.Rounding.Scope == RoundPerLine
	n := len(in.Lines)
	a := make([]*big.Rat, n)
	for i, l := range in.Lines {
		a[i] = times(times(r(l.Quantity), r(l.UnitPrice)), times(scale, new(big.Rat).Sub(big.NewRat(1, 1), frac(l.DiscountPercent))))
		if perLine {
			a[i] = rnd(a[i])
		}
	}
	total := rnd(add(a...))
	shown := a
	if !perLine {
		shown = share(a, total)
	}
	disc := rnd(times(r(in.DiscountAmount), scale))
	if !in.DiscountPercent.IsZero() {
		disc = rnd(times(total, frac(in.DiscountPercent)))
	}
	if disc.Sign() != 0 && disc.Cmp(total) > 0 {
		return Totals{}, fmt.Errorf("larger")
	}
	for _, x := range a {
		if disc.Sign() != 0 && x.Sign() < 0 {
			return Totals{}, fmt.Errorf("negative")
		}
	}
	after := shown
	if disc.Sign() != 0 && total.Sign() != 0 {
		ex := make([]*big.Rat, n)
		for i := range shown {
			ex[i] = new(big.Rat).Quo(times(disc, shown[i]), total)
		}
		sh := share(ex, disc)
		after = make([]*big.Rat, n)
		for i := range shown {
			after[i] = new(big.Rat).Sub(shown[i], sh[i])
		}
	}
	dec := func(x *big.Rat) decimal.Decimal { return decimal.NewFromBigInt(x.Num(), -in.Exponent) }
	var out Totals
	type row struct {
		tax          TaxLine
		base, amount *big.Rat
	}
	var rows []*row
	rowOf := func(t TaxLine) *row {
		for _, x := range rows {
			if x.tax.key() == t.key() {
				return x
			}
		}
		x := &row{tax: t, base: new(big.Rat), amount: new(big.Rat)}
		rows = append(rows, x)
		return x
	}
	for _, l := range in.Lines {
		for _, t := range l.Taxes {
			rowOf(t)
		}
	}
	out.Lines = make([]LineTotals, n)
	if !in.TaxInclusive {
		for i := range in.Lines {
			out.Lines[i].Net, out.Lines[i].Revenue = dec(shown[i]), dec(after[i])
		}
		out.Subtotal, out.Discount = dec(total), dec(disc)
		for _, x := range rows {
			if perLine {
				for i, l := range in.Lines {
					simple := new(big.Rat)
					for _, t := range l.Taxes {
						if !t.Compound {
							simple.Add(simple, rnd(times(after[i], frac(t.Percent))))
						}
					}
					for _, t := range l.Taxes {
						if t.key() != x.tax.key() {
							continue
						}
						base := after[i]
						if t.Compound {
							base = add(after[i], simple)
						}
						x.base.Add(x.base, base)
						x.amount.Add(x.amount, rnd(times(base, frac(t.Percent))))
					}
				}
				continue
			}
			simple := map[string]*big.Rat{}
			var simpleOrder []TaxLine
			for i, l := range in.Lines {
				has := false
				for _, t := range l.Taxes {
					has = has || t.key() == x.tax.key()
				}
				if !has {
					continue
				}
				x.base.Add(x.base, after[i])
				for _, t := range l.Taxes {
					if x.tax.Compound && !t.Compound {
						if simple[t.key()] == nil {
							simple[t.key()] = new(big.Rat)
							simpleOrder = append(simpleOrder, t)
						}
						simple[t.key()].Add(simple[t.key()], after[i])
					}
				}
			}
			for _, t := range simpleOrder {
				x.base.Add(x.base, rnd(times(simple[t.key()], frac(t.Percent))))
			}
			x.amount = rnd(times(x.base, frac(x.tax.Percent)))
		}
		for _, x := range rows {
			out.Taxes = append(out.Taxes, TaxTotal{Tax: x.tax, Base: dec(x.base), Amount: dec(x.amount)})
			out.Tax = out.Tax.Add(dec(x.amount))
		}
		out.Net = out.Subtotal.Sub(out.Discount)
		out.Total = out.Net.Add(out.Tax)
		return out, nil
	}
	// Tax-inclusive: groups of lines sharing a gross to split.
	groups := map[string][]int{}
	var order []string
	for i, l := range in.Lines {
		k := fmt.Sprint(i)
		if !perLine {
			k = ""
			for _, t := range l.Taxes {
				k += t.Label() + fmt.Sprint(t.Compound) + "|"
			}
		}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	splitOf := func(gross *big.Rat, taxes []TaxLine) []*big.Rat {
		f1, f2 := big.NewRat(1, 1), big.NewRat(1, 1)
		for _, t := range taxes {
			if t.Compound {
				f2 = add(f2, frac(t.Percent))
			} else {
				f1 = add(f1, frac(t.Percent))
			}
		}
		net := new(big.Rat).Quo(gross, times(f1, f2))
		parts := []*big.Rat{net}
		simple := new(big.Rat)
		for _, t := range taxes {
			if !t.Compound {
				simple.Add(simple, times(net, frac(t.Percent)))
			}
		}
		for _, t := range taxes {
			if t.Compound {
				parts = append(parts, times(add(net, simple), frac(t.Percent)))
			} else {
				parts = append(parts, times(net, frac(t.Percent)))
			}
		}
		return share(parts, gross)
	}
	sub := new(big.Rat)
	for _, k := range order {
		g := groups[k]
		taxes := in.Lines[g[0]].Taxes
		before, paid := new(big.Rat), new(big.Rat)
		for _, i := range g {
			before.Add(before, shown[i])
			paid.Add(paid, after[i])
		}
		xb, xp := splitOf(before, taxes)[0], splitOf(paid, taxes)
		sub.Add(sub, xb)
		spread := func(amounts []*big.Rat, whole, part *big.Rat) []*big.Rat {
			ex := make([]*big.Rat, len(g))
			for j, i := range g {
				ex[j] = new(big.Rat).Quo(times(part, amounts[i]), whole)
			}
			return share(ex, part)
		}
		if before.Sign() == 0 {
			// Nothing to share in proportion: each line its own amount
			// backed out of tax, shared to the group's zero.
			ex := make([]*big.Rat, len(g))
			for j, i := range g {
				ex[j] = new(big.Rat).Quo(shown[i], factorOf(taxes))
			}
			for j, v := range share(ex, new(big.Rat)) {
				out.Lines[g[j]].Net, out.Lines[g[j]].Revenue = dec(v), dec(v)
			}
		} else {
			ln := spread(shown, before, xb)
			var lr []*big.Rat
			if paid.Sign() != 0 {
				lr = spread(after, paid, xp[0])
			}
			for j, i := range g {
				out.Lines[i].Net = dec(ln[j])
				if lr != nil {
					out.Lines[i].Revenue = dec(lr[j])
				}
			}
		}
		simple := new(big.Rat)
		for j, t := range taxes {
			if !t.Compound {
				simple.Add(simple, xp[j+1])
			}
		}
		for j, t := range taxes {
			x := rowOf(t)
			if t.Compound {
				x.base.Add(x.base, add(xp[0], simple))
			} else {
				x.base.Add(x.base, xp[0])
			}
			x.amount.Add(x.amount, xp[j+1])
		}
	}
	for _, x := range rows {
		out.Taxes = append(out.Taxes, TaxTotal{Tax: x.tax, Base: dec(x.base), Amount: dec(x.amount)})
		out.Tax = out.Tax.Add(dec(x.amount))
	}
	out.Subtotal = dec(sub)
	out.Total = dec(new(big.Rat).Sub(total, disc))
	out.Net = out.Total.Sub(out.Tax)
	out.Discount = out.Subtotal.Sub(out.Net)
	return out, nil
}

// factorOf is (1 + Σ simple rates) × (1 + Σ compound rates), for the model.
func factorOf(taxes []TaxLine) *big.Rat {
	f1, f2 := big.NewRat(1, 1), big.NewRat(1, 1)
	for _, t := range taxes {
		p := new(big.Rat).Quo(t.Percent.Rat(), big.NewRat(100, 1))
		if t.Compound {
			f2.Add(f2, p)
		} else {
			f1.Add(f1, p)
		}
	}
	return new(big.Rat).Mul(f1, f2)
}
