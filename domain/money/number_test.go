package money

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// Quantities, percents and amounts are read by the same rules: a decimal
// comma or point where it is unambiguous, thousands separators, the
// ±MaxAmount bound and a message fit to show at the field.
func TestParseNumbers(t *testing.T) {
	type parser struct {
		name  string
		parse func(string) (decimal.Decimal, error)
	}
	price := func(s string) (decimal.Decimal, error) {
		m, err := Parse(s, "CLF") // four decimals, so every case below fits
		return m.Amount, err
	}
	parsers := []parser{{"ParseQuantity", ParseQuantity}, {"ParsePercent", ParsePercent}, {"Parse", price}}
	for _, tt := range []struct {
		in   string
		want string // the number, or "" when refused
		msg  string // part of the message when refused
	}{
		{"1,5", "1.5", ""},
		{"1.5", "1.5", ""},
		{"2,5", "2.5", ""},
		{"1,234.5", "1234.5", ""},
		{"1.234,5", "1234.5", ""},
		{"1,234", "1234", ""},
		{"1.234", "1.234", ""},
		{"1.234.567", "1234567", ""},
		{"1 234,5", "1234.5", ""},
		{"1'234.5", "1234.5", ""},
		{"  42  ", "42", ""},
		{",5", "0.5", ""},
		{"-1", "-1", ""},
		{"\u22122,5", "-2.5", ""},
		{"10000000000000", "10000000000000", ""},
		{"", "", "enter "},
		{"   ", "", "enter "},
		{"abc", "", `"abc" is not a`},
		{"1e3", "", `"1e3" is not a`},
		{"1,5.5", "", "is not a"},
		{"1,2,3", "", "is not a"},
		{"1.234,5,6", "", "is not a"},
		{"5.", "", "is not a"},
		{"1,,234", "", "is not a"},
		{"--5", "", "is not a"},
		{"NaN", "", "is not a"},
		{"10000000000000.01", "", "above 10,000,000,000,000 are not supported"},
		{"-10,000,000,000,001", "", "below −10,000,000,000,000 are not supported"},
		{"9" + strings.Repeat("0", 5000), "", "are not supported"},
	} {
		for _, p := range parsers {
			got, err := p.parse(tt.in)
			switch {
			case tt.want == "" && err == nil:
				t.Errorf("%s(%q) = %s, want an error containing %q", p.name, tt.in, got, tt.msg)
			case tt.want == "" && !strings.Contains(err.Error(), tt.msg):
				t.Errorf("%s(%q): %q, want it to contain %q", p.name, tt.in, err, tt.msg)
			case tt.want != "" && err != nil:
				t.Errorf("%s(%q): %v", p.name, tt.in, err)
			case tt.want != "" && !got.Equal(decimal.RequireFromString(tt.want)):
				t.Errorf("%s(%q) = %s, want %s", p.name, tt.in, got, tt.want)
			}
		}
	}
}

// Each kind of number says what it is in its messages.
func TestParseNumberMessages(t *testing.T) {
	for _, tt := range []struct {
		got  error
		want string
	}{
		{second(ParseQuantity("")), "enter the quantity, e.g. 1 or 2.5"},
		{second(ParseQuantity("two")), `"two" is not a quantity; write it like 1 or 2.5`},
		{second(ParseQuantity("2e10000")), `"2e10000" is not a quantity; write it like 1 or 2.5`},
		{second(ParseQuantity("99999999999999")), "quantities above 10,000,000,000,000 are not supported"},
		{second(ParsePercent(" % ")), "enter the percent, e.g. 20 or 7.5"},
		{second(ParsePercent("abc")), `"abc" is not a percent; write it like 20 or 7.5`},
		{second(ParsePercent("-99999999999999 %")), "percentages below −10,000,000,000,000 are not supported"},
	} {
		if tt.got == nil || tt.got.Error() != tt.want {
			t.Errorf("error %v, want %q", tt.got, tt.want)
		}
	}
	if _, err := ParseQuantity("1" + strings.Repeat("0", 20)); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("a huge quantity: %v, want ErrOutOfRange", err)
	}
	for _, s := range []string{"20%", "20 %", " 7,5% "} {
		if _, err := ParsePercent(s); err != nil {
			t.Errorf("ParsePercent(%q): %v", s, err)
		}
	}
}

func second(_ decimal.Decimal, err error) error { return err }
