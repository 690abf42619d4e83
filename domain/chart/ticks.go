package chart

import (
	"math"
	"strings"

	"github.com/shopspring/decimal"
)

// minStep is the finest tick step: a cent.
var minStep = decimal.New(1, -2)

// NiceTicks returns evenly spaced values covering lo to hi and zero, with a
// step of 1, 2 or 5 times a power of ten (never below 0.01): the smallest
// such step that needs at most maxIntervals intervals. The first tick is at
// or below min(lo, 0) and the last at or above max(hi, 0). A range of zero
// width is shown as 0 to 1.
func NiceTicks(lo, hi decimal.Decimal, maxIntervals int) []decimal.Decimal {
	maxIntervals = max(maxIntervals, 1)
	lo = decimal.Min(lo, decimal.Zero)
	hi = decimal.Max(hi, decimal.Zero)
	if lo.Equal(hi) {
		hi = decimal.NewFromInt(1)
	}
	raw := hi.Sub(lo).InexactFloat64() / float64(maxIntervals)
	exp := int32(math.Floor(math.Log10(raw))) - 1
	step := minStep
	for i := 0; ; i++ {
		s := decimal.New([]int64{1, 2, 5}[i%3], exp+int32(i/3))
		if s.LessThan(minStep) {
			continue
		}
		if intervals(lo, hi, s) <= int64(maxIntervals) {
			step = s
			break
		}
	}
	first := lo.Div(step).Floor().Mul(step)
	last := hi.Div(step).Ceil().Mul(step)
	var out []decimal.Decimal
	for v := first; v.LessThanOrEqual(last); v = v.Add(step) {
		out = append(out, v)
	}
	return out
}

func intervals(lo, hi, step decimal.Decimal) int64 {
	return hi.Div(step).Ceil().Sub(lo.Div(step).Floor()).IntPart()
}

var units = []string{"", "k", "M", "B", "T"}

// Abbrev writes a value short enough for an axis or a bar: up to two
// decimals below a thousand ("950", "12.5", "0.25"), then one decimal with
// k, M, B or T ("12.5k", "1.2M", "3.4B"), trailing zeros dropped, rounding
// half away from zero. It is the one place chart values are shortened.
func Abbrev(v decimal.Decimal) string {
	neg := v.IsNegative()
	a := v.Abs()
	u := 0
	s := a.Round(2)
	for s.GreaterThanOrEqual(decimal.NewFromInt(1000)) && u < len(units)-1 {
		u++
		s = a.Shift(int32(-3 * u)).Round(1)
	}
	out := s.String()
	if strings.Contains(out, ".") {
		out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out + units[u]
}
