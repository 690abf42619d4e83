package money

import (
	"errors"
	"fmt"
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

// MaxAmount is the largest amount, in major units (dollars, euros, yen),
// that Clientbook stores: 10^13, for every currency. Stored as minor units
// it is at most 10^15 in two-decimal currencies and 10^17 in the two with
// four (CLF, UYW), so sums of thousands (or, at worst, ninety) of the
// largest amounts stay inside int64 (9.2 × 10^18) — SQLite's integer sums
// and Minor cannot overflow. Amounts below −MaxAmount are refused too.
var MaxAmount = decimal.New(1, maxAmountDigits)

const maxAmountDigits = 13

// maxAmountText is MaxAmount as people read it.
const maxAmountText = "10,000,000,000,000"

// ErrOutOfRange is what CheckRange's errors are (errors.Is), for callers
// that want to tell an amount too large from one badly written.
var ErrOutOfRange = errors.New("amount out of range")

// rangeError says which side of the range a number fell off, and what the
// number was (amounts, quantities, percentages).
type rangeError struct {
	negative bool
	what     string
}

func (e rangeError) Error() string {
	what := e.what
	if what == "" {
		what = "amounts"
	}
	if e.negative {
		return what + " below −" + maxAmountText + " are not supported"
	}
	return what + " above " + maxAmountText + " are not supported"
}

func (e rangeError) Is(target error) bool { return target == ErrOutOfRange }

// CheckRange returns an error fit to show next to the field when amount is
// beyond ±MaxAmount. Every constructor of Money calls it; so do computed
// figures (a line's quantity × price, a document's total) before they are
// stored.
func CheckRange(amount decimal.Decimal) error {
	if amount.IsZero() {
		return nil
	}
	// |amount| lies in [10^(n−1+e), 10^(n+e)) for n coefficient digits and
	// exponent e. Only when that does not settle it are the two compared,
	// since comparing rescales both to one exponent: 1e1000000000 would
	// become a billion-digit integer.
	magnitude := int64(amount.NumDigits()) + int64(amount.Exponent())
	switch {
	case magnitude <= maxAmountDigits:
		return nil
	case magnitude-1 > maxAmountDigits || amount.Abs().Cmp(MaxAmount) > 0:
		return rangeError{negative: amount.IsNegative()}
	}
	return nil
}

// Zero returns a zero amount in the currency.
func Zero(currency string) Money {
	return Money{Amount: decimal.Zero, Currency: strings.ToUpper(strings.TrimSpace(currency))}
}

// New checks that amount fits the currency (no more decimal places than its
// minor unit, within ±MaxAmount) and returns it as Money.
func New(amount decimal.Decimal, currency string) (Money, error) {
	c, err := LookupCurrency(currency)
	if err != nil {
		return Money{}, err
	}
	// The range first: it is cheap, and it keeps a number with a huge
	// exponent from being rescaled digit by digit below.
	if err := CheckRange(amount); err != nil {
		return Money{}, err
	}
	if !amount.Equal(amount.Truncate(c.Exponent)) {
		return Money{}, fmt.Errorf("%s amounts have %s", c.Code, decimalsPhrase(c.Exponent))
	}
	return Money{Amount: amount, Currency: c.Code}, nil
}

// FromMinor converts integer minor units (cents, fils, yen), as stored, into
// Money. Stored figures beyond ±MaxAmount are refused like typed ones: they
// come from a book written before the bound, or edited by hand.
func FromMinor(minor int64, currency string) (Money, error) {
	c, err := LookupCurrency(currency)
	if err != nil {
		return Money{}, err
	}
	amount := decimal.New(minor, -c.Exponent)
	if err := CheckRange(amount); err != nil {
		return Money{}, fmt.Errorf("a stored %s amount, %s: %w", c.Code, amount.StringFixed(c.Exponent), err)
	}
	return Money{Amount: amount, Currency: c.Code}, nil
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

// Parse reads an amount typed by a person in the given currency, by the rules
// every typed number follows (see ParseQuantity): "1,234.56", "1.234,56",
// "1234.5", "12,50", "-5". It rejects exponents, letters, misplaced
// separators, more decimals than the currency has and amounts beyond
// ±MaxAmount, each with a message fit to show next to the field.
func Parse(s, currency string) (Money, error) {
	c, err := LookupCurrency(currency)
	if err != nil {
		return Money{}, err
	}
	d, err := parseNumber(s, amounts)
	if err != nil {
		return Money{}, err
	}
	return New(d, c.Code)
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
