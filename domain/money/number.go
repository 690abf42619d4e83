package money

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// kind is what a typed number stands for, for the messages about it.
type kind struct {
	enter  string // what to say when nothing was typed
	not    string // what to say after the text when it cannot be read
	plural string // for the range messages: "quantities above …"
}

var (
	amounts    = kind{"enter an amount", "is not an amount", "amounts"}
	quantities = kind{"enter the quantity, e.g. 1 or 2.5", "is not a quantity; write it like 1 or 2.5", "quantities"}
	percents   = kind{"enter the percent, e.g. 20 or 7.5", "is not a percent; write it like 20 or 7.5", "percentages"}
)

// ParseQuantity reads a quantity typed by a person: an optional sign, digits
// and at most one decimal mark, a point or a comma. Every number typed into
// Clientbook — amounts (Parse), quantities and percents (ParsePercent) — is
// read by these same rules:
//
//   - With both a point and a comma, the last of them is the decimal mark
//     and the other groups thousands: "1,234.5" and "1.234,5" are 1234.5.
//   - A lone point is the decimal mark: "1.5", "1.234" (one and a bit).
//   - A lone comma is the decimal mark unless exactly three digits follow
//     it, when it groups thousands as in an amount: "2,5" is 2.5, "1,234" is
//     1234.
//   - Several points, or several commas, group thousands: "1.234.567".
//   - Spaces and apostrophes group thousands too: "1 234", "1'234.5".
//   - Groups are of three digits after a head of one to three.
//
// It refuses exponents ("1e3"), letters, misplaced separators, nothing at all
// and numbers beyond ±MaxAmount, each with a message fit to show next to the
// field.
func ParseQuantity(s string) (decimal.Decimal, error) {
	return parseNumber(s, quantities)
}

// ParsePercent reads a percent typed by a person by the rules of
// ParseQuantity, with or without a percent sign: "20", "7,5", "2.5 %".
func ParsePercent(s string) (decimal.Decimal, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	if t == "" {
		return decimal.Zero, errors.New(percents.enter)
	}
	return parseNumber(t, percents)
}

// parseNumber reads s by the rules of ParseQuantity, with k's messages.
func parseNumber(s string, k kind) (decimal.Decimal, error) {
	digits, err := normalize(s, k)
	if err != nil {
		return decimal.Zero, err
	}
	d, err := decimal.NewFromString(digits)
	if err != nil {
		return decimal.Zero, fmt.Errorf("%q %s", strings.TrimSpace(s), k.not)
	}
	if err := CheckRange(d); err != nil {
		return decimal.Zero, rangeError{negative: d.IsNegative(), what: k.plural}
	}
	return d, nil
}

// isGroupSeparator reports whether r may group thousands (a point or a comma
// only when it is not the decimal mark).
func isGroupSeparator(r rune) bool {
	return r == ',' || r == '.' || r == ' ' || r == '\'' || r == '\u00a0' || r == '\u202f'
}

// normalize strips grouping from a typed number and checks its shape,
// returning plain "[-]digits[.digits]" text.
func normalize(s string, k kind) (string, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", errors.New(k.enter)
	}
	bad := fmt.Errorf("%q %s", t, k.not)
	t = strings.Replace(t, "\u2212", "-", 1) // a typographic minus sign
	sign := ""
	switch t[0] {
	case '-':
		sign = "-"
		t = strings.TrimSpace(t[1:])
	case '+':
		t = strings.TrimSpace(t[1:])
	}
	mark, err := decimalMark(t)
	if err != nil {
		return "", bad
	}
	whole, frac, hasMark := t, "", mark >= 0
	if hasMark {
		whole, frac = t[:mark], t[mark+1:]
		if frac == "" {
			return "", bad
		}
	}
	if whole == "" && frac == "" {
		return "", bad
	}
	for _, r := range frac {
		if r < '0' || r > '9' {
			return "", bad
		}
	}
	groups := strings.FieldsFunc(whole, isGroupSeparator)
	joined := strings.Join(groups, "")
	for _, r := range joined {
		if r < '0' || r > '9' {
			return "", bad
		}
	}
	if len(groups) > 1 {
		// Grouped input must look like 1,234,567: a 1–3 digit head, then threes,
		// with exactly one separator between groups.
		if len(groups[0]) > 3 {
			return "", bad
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return "", bad
			}
		}
		if separators(whole) != len(groups)-1 {
			return "", bad
		}
	} else if len(whole) != len(joined) {
		return "", bad
	}
	if joined == "" {
		joined = "0"
	}
	if hasMark {
		return sign + joined + "." + frac, nil
	}
	return sign + joined, nil
}

// decimalMark finds the byte index of the decimal mark in t, or −1 when t
// has none, by the rules of ParseQuantity.
func decimalMark(t string) (int, error) {
	dots, commas := strings.Count(t, "."), strings.Count(t, ",")
	lastDot, lastComma := strings.LastIndex(t, "."), strings.LastIndex(t, ",")
	switch {
	case dots > 0 && commas > 0:
		if lastDot > lastComma {
			if dots > 1 {
				return 0, errors.New("two decimal points")
			}
			return lastDot, nil
		}
		if commas > 1 {
			return 0, errors.New("two decimal commas")
		}
		return lastComma, nil
	case dots == 1:
		return lastDot, nil
	case commas == 1 && !threeDigits(t[lastComma+1:]):
		return lastComma, nil
	}
	return -1, nil
}

// threeDigits reports whether s is exactly three ASCII digits.
func threeDigits(s string) bool {
	return len(s) == 3 && strings.Trim(s, "0123456789") == ""
}

// separators counts what in s is not a digit.
func separators(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			n++
		}
	}
	return n
}
