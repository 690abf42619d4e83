package money

import (
	"fmt"
	"math"
	"strings"

	"github.com/shopspring/decimal"
)

// Money is an exact amount in one currency. The amount never has more decimal
// places than the currency's minor unit allows once it has passed through New,
// Parse or FromMinor. Compare amounts with Cmp or Equal, never with ==.
type Money struct {
	Amount   decimal.Decimal
	Currency string // ISO 4217 code, upper case
}

var (
	maxMinor = decimal.NewFromInt(math.MaxInt64)
	minMinor = decimal.NewFromInt(math.MinInt64)
)

// Zero returns a zero amount in the currency.
func Zero(currency string) Money {
	return Money{Amount: decimal.Zero, Currency: strings.ToUpper(strings.TrimSpace(currency))}
}

// New checks that amount fits the currency (no more decimal places than its
// minor unit, small enough to store) and returns it as Money.
func New(amount decimal.Decimal, currency string) (Money, error) {
	c, err := LookupCurrency(currency)
	if err != nil {
		return Money{}, err
	}
	if !amount.Equal(amount.Truncate(c.Exponent)) {
		return Money{}, fmt.Errorf("%s amounts have %s", c.Code, decimalsPhrase(c.Exponent))
	}
	minor := amount.Shift(c.Exponent)
	if minor.Cmp(maxMinor) > 0 || minor.Cmp(minMinor) < 0 {
		return Money{}, fmt.Errorf("the amount is too large")
	}
	return Money{Amount: amount, Currency: c.Code}, nil
}

// FromMinor converts integer minor units (cents, fils, yen) into Money.
func FromMinor(minor int64, currency string) (Money, error) {
	c, err := LookupCurrency(currency)
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: decimal.New(minor, -c.Exponent), Currency: c.Code}, nil
}

// Minor returns the amount in integer minor units, the form it is stored in.
// It fails if the amount has more decimals than the currency allows.
func (m Money) Minor() (int64, error) {
	c, err := LookupCurrency(m.Currency)
	if err != nil {
		return 0, err
	}
	if _, err := New(m.Amount, c.Code); err != nil {
		return 0, err
	}
	return m.Amount.Shift(c.Exponent).IntPart(), nil
}

// IsZero reports whether the amount is zero.
func (m Money) IsZero() bool { return m.Amount.IsZero() }

// IsNegative reports whether the amount is below zero.
func (m Money) IsNegative() bool { return m.Amount.IsNegative() }

// Equal reports whether both amounts are in the same currency and equal.
func (m Money) Equal(o Money) bool { return m.Currency == o.Currency && m.Amount.Equal(o.Amount) }

// Format renders the amount with thousands separators and exactly the
// currency's number of decimals, e.g. "1,234.50" for USD or "1,235" for JPY.
// It is the one place amounts are turned into text for people.
func (m Money) Format() string {
	s := m.Fixed()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Fixed renders the amount with exactly the currency's number of decimals and
// no grouping, e.g. "1234.50" or "-5.00", for files other programs read (CSV).
// An unknown currency gets two decimals.
func (m Money) Fixed() string {
	exp := int32(2)
	if c, err := LookupCurrency(m.Currency); err == nil {
		exp = c.Exponent
	}
	return m.Amount.StringFixed(exp)
}

// String renders the amount followed by its currency code: "1,234.50 USD".
func (m Money) String() string { return m.Format() + " " + m.Currency }

// Parse reads an amount typed by a person in the given currency. It accepts an
// optional sign, comma (or space, or apostrophe) thousands separators in groups
// of three and a dot for decimals: "1,234.56", "1234.5", "-5". It rejects
// exponents, letters, misplaced separators and more decimals than the
// currency has, each with a message fit to show next to the field.
func Parse(s, currency string) (Money, error) {
	c, err := LookupCurrency(currency)
	if err != nil {
		return Money{}, err
	}
	digits, err := normalize(s)
	if err != nil {
		return Money{}, err
	}
	d, err := decimal.NewFromString(digits)
	if err != nil {
		return Money{}, fmt.Errorf("%q is not an amount", strings.TrimSpace(s))
	}
	return New(d, c.Code)
}

// normalize strips grouping from a typed amount and checks its shape, returning
// plain "[-]digits[.digits]" text.
func normalize(s string) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", fmt.Errorf("enter an amount")
	}
	bad := fmt.Errorf("%q is not an amount", t)
	t = strings.Replace(t, "\u2212", "-", 1) // a typographic minus sign
	sign := ""
	switch t[0] {
	case '-':
		sign = "-"
		t = strings.TrimSpace(t[1:])
	case '+':
		t = strings.TrimSpace(t[1:])
	}
	whole, frac, hasDot := strings.Cut(t, ".")
	if strings.Contains(frac, ".") || (whole == "" && frac == "") {
		return "", bad
	}
	if hasDot && frac == "" {
		return "", bad
	}
	for _, r := range frac {
		if r < '0' || r > '9' {
			return "", bad
		}
	}
	groups := strings.FieldsFunc(whole, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\'' || r == '\u00a0' || r == '\u202f'
	})
	joined := strings.Join(groups, "")
	for _, r := range joined {
		if r < '0' || r > '9' {
			return "", bad
		}
	}
	if len(groups) > 1 {
		// Grouped input must look like 1,234,567: a 1–3 digit head, then threes,
		// with exactly one separator between groups.
		if len(groups[0]) > 3 || len(groups[0]) == 0 {
			return "", bad
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				if len(groups) == 2 && strings.Contains(whole, ",") && !hasDot && len(g) <= 2 {
					return "", fmt.Errorf("%q: use a dot for decimals, e.g. 12.50", strings.TrimSpace(s))
				}
				return "", bad
			}
		}
		if sepCount(whole) != len(groups)-1 {
			return "", bad
		}
	} else if len(whole) != len(joined) {
		return "", bad
	}
	if joined == "" {
		joined = "0"
	}
	if hasDot {
		return sign + joined + "." + frac, nil
	}
	return sign + joined, nil
}

func sepCount(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			n++
		}
	}
	return n
}

func decimalsPhrase(exp int32) string {
	switch exp {
	case 0:
		return "no decimal places"
	case 1:
		return "at most 1 decimal place"
	}
	return fmt.Sprintf("at most %d decimal places", exp)
}
