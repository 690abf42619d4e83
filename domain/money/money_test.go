package money

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestMinorRoundTrip(t *testing.T) {
	tests := []struct {
		currency string
		minor    int64
		text     string
	}{
		{"JPY", 1234567, "1,234,567"},
		{"JPY", -5, "-5"},
		{"USD", 123456, "1,234.56"},
		{"USD", 5, "0.05"},
		{"USD", -100, "-1.00"},
		{"EUR", 0, "0.00"},
		{"KWD", 1234567, "1,234.567"},
		{"BHD", 1, "0.001"},
		{"CLF", 12345, "1.2345"},
		{"USD", 1_000_000_000_000_000, "10,000,000,000,000.00"},
		{"USD", -1_000_000_000_000_000, "-10,000,000,000,000.00"},
		{"CLF", 100_000_000_000_000_000, "10,000,000,000,000.0000"},
		{"JPY", 10_000_000_000_000, "10,000,000,000,000"},
	}
	for _, tt := range tests {
		m, err := FromMinor(tt.minor, tt.currency)
		if err != nil {
			t.Fatalf("FromMinor(%d, %s): %v", tt.minor, tt.currency, err)
		}
		if got := m.Format(); got != tt.text {
			t.Errorf("FromMinor(%d, %s).Format() = %q, want %q", tt.minor, tt.currency, got, tt.text)
		}
		back, err := m.Minor()
		if err != nil || back != tt.minor {
			t.Errorf("Minor() of %s = %d, %v; want %d", m, back, err, tt.minor)
		}
		parsed, err := Parse(tt.text, tt.currency)
		if err != nil {
			t.Fatalf("Parse(%q, %s): %v", tt.text, tt.currency, err)
		}
		if !parsed.Equal(m) {
			t.Errorf("Parse(%q, %s) = %s, want %s", tt.text, tt.currency, parsed, m)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in, currency string
		want         string // decimal text of the amount
	}{
		{"1,234.56", "USD", "1234.56"},
		{"1234.5", "USD", "1234.5"},
		{"-5", "USD", "-5"},
		{"  42  ", "EUR", "42"},
		{"+7.10", "EUR", "7.1"},
		{"\u22123.25", "EUR", "-3.25"},
		{"1 234 567", "JPY", "1234567"},
		{"1'000.125", "KWD", "1000.125"},
		{".5", "USD", "0.5"},
		{"0", "JPY", "0"},
		{"0.0001", "CLF", "0.0001"},
		{"12,34", "EUR", "12.34"},
		{"1.234,56", "EUR", "1234.56"},
		{"1.234.567", "JPY", "1234567"},
	}
	for _, tt := range tests {
		m, err := Parse(tt.in, tt.currency)
		if err != nil {
			t.Errorf("Parse(%q, %s): unexpected error %v", tt.in, tt.currency, err)
			continue
		}
		if want := decimal.RequireFromString(tt.want); !m.Amount.Equal(want) {
			t.Errorf("Parse(%q, %s) = %s, want %s", tt.in, tt.currency, m.Amount, want)
		}
		if m.Currency != tt.currency {
			t.Errorf("Parse(%q, %s) currency = %s", tt.in, tt.currency, m.Currency)
		}
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		in, currency, msg string
	}{
		{"1e9999", "USD", "not an amount"},
		{"1E3", "USD", "not an amount"},
		{"abc", "USD", "not an amount"},
		{"", "USD", "enter an amount"},
		{"   ", "USD", "enter an amount"},
		{"1.234", "USD", "at most 2 decimal places"},
		{"1.5", "JPY", "no decimal places"},
		{"0.0005", "KWD", "at most 3 decimal places"},
		{"1,23,456", "USD", "not an amount"},
		{"12345,678", "USD", "not an amount"},
		{"1,,234", "USD", "not an amount"},
		{"1.2.3", "USD", "not an amount"},
		{"5.", "USD", "not an amount"},
		{"--5", "USD", "not an amount"},
		{"NaN", "USD", "not an amount"},
		{"Inf", "USD", "not an amount"},
		{"0x10", "USD", "not an amount"},
		{"$5", "USD", "not an amount"},
		{"99999999999999999999", "USD", "amounts above 10,000,000,000,000 are not supported"},
		{"10,000,000,000,000.01", "USD", "amounts above 10,000,000,000,000 are not supported"},
		{"-10000000000000.01", "USD", "amounts below −10,000,000,000,000 are not supported"},
		{"10000000000001", "JPY", "amounts above 10,000,000,000,000 are not supported"},
		{"10000000000000.0001", "CLF", "amounts above 10,000,000,000,000 are not supported"},
		{"90000000000000000.00", "USD", "are not supported"},
		{"9" + strings.Repeat("0", 5000), "USD", "are not supported"},
		{"5", "XYZ", "not an ISO 4217 currency code"},
		{"5", "", "choose a currency"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in, tt.currency)
		if err == nil {
			t.Errorf("Parse(%q, %q) accepted, want error containing %q", tt.in, tt.currency, tt.msg)
			continue
		}
		if !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Parse(%q, %q) error = %q, want it to contain %q", tt.in, tt.currency, err, tt.msg)
		}
	}
}

func TestNewRejectsExcessDecimals(t *testing.T) {
	if _, err := New(decimal.RequireFromString("0.001"), "usd"); err == nil {
		t.Fatal("New(0.001 USD) accepted")
	}
	m, err := New(decimal.RequireFromString("0.001"), "kwd")
	if err != nil || m.Currency != "KWD" {
		t.Fatalf("New(0.001 kwd) = %v, %v", m, err)
	}
	if _, err := (Money{Amount: decimal.RequireFromString("0.005"), Currency: "USD"}).Minor(); err == nil {
		t.Fatal("Minor() of 0.005 USD succeeded")
	}
}

// TestRange checks the bound at every constructor: typed (Parse), computed
// (New, Minor) and stored (FromMinor) amounts beyond ±MaxAmount are refused
// with the same message, and nothing at the bound overflows int64 in minor
// units for any currency.
func TestRange(t *testing.T) {
	for _, c := range Currencies() {
		top := MaxAmount
		for _, a := range []decimal.Decimal{top, top.Neg()} {
			m, err := New(a, c.Code)
			if err != nil {
				t.Fatalf("New(%s %s): %v", a, c.Code, err)
			}
			minor, err := m.Minor()
			if err != nil {
				t.Fatalf("Minor() of %s: %v", m, err)
			}
			if back, err := FromMinor(minor, c.Code); err != nil || !back.Equal(m) {
				t.Fatalf("FromMinor(%d, %s) = %s, %v", minor, c.Code, back, err)
			}
			// Ninety of the largest amounts still add up inside int64,
			// even in a four-decimal currency (CLF, UYW); in two-decimal
			// ones it is over nine thousand.
			if minor > math.MaxInt64/90 || minor < math.MinInt64/90 {
				t.Errorf("%s: %d minor units leave too little room for sums", c.Code, minor)
			}
		}
		unit := decimal.New(1, -c.Exponent)
		for _, a := range []decimal.Decimal{top.Add(unit), top.Add(unit).Neg()} {
			if _, err := New(a, c.Code); !errors.Is(err, ErrOutOfRange) {
				t.Errorf("New(%s %s) = %v, want ErrOutOfRange", a, c.Code, err)
			}
			if _, err := (Money{Amount: a, Currency: c.Code}).Minor(); !errors.Is(err, ErrOutOfRange) {
				t.Errorf("Minor() of %s %s = %v, want ErrOutOfRange", a, c.Code, err)
			}
		}
	}
	for _, minor := range []int64{math.MaxInt64, math.MinInt64, 1_000_000_000_000_001} {
		_, err := FromMinor(minor, "USD")
		if !errors.Is(err, ErrOutOfRange) || !strings.Contains(err.Error(), "not supported") {
			t.Errorf("FromMinor(%d, USD) = %v, want the range error", minor, err)
		}
	}
	// A huge exponent is refused at once, not rescaled digit by digit.
	if _, err := New(decimal.New(1, 1_000_000_000), "USD"); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("New(1e1000000000) = %v", err)
	}
}

func TestEqualNeedsSameCurrency(t *testing.T) {
	a, _ := FromMinor(100, "USD")
	b, _ := FromMinor(100, "EUR")
	c, _ := Parse("1.00", "USD")
	if a.Equal(b) {
		t.Error("1.00 USD equals 1.00 EUR")
	}
	if !a.Equal(c) {
		t.Error("FromMinor(100) != Parse(1.00)")
	}
	if got := a.String(); got != "1.00 USD" {
		t.Errorf("String() = %q", got)
	}
}

func TestCurrencies(t *testing.T) {
	all := Currencies()
	if len(all) < 150 {
		t.Fatalf("only %d currencies", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Code >= all[i].Code {
			t.Fatalf("not sorted at %s, %s", all[i-1].Code, all[i].Code)
		}
	}
	want := map[string]int32{"JPY": 0, "USD": 2, "KWD": 3, "BHD": 3, "OMR": 3, "TND": 3, "JOD": 3, "CLF": 4, "EUR": 2, "ISK": 0}
	for code, exp := range want {
		c, err := LookupCurrency(strings.ToLower(code))
		if err != nil || c.Exponent != exp {
			t.Errorf("LookupCurrency(%s) = %+v, %v; want exponent %d", code, c, err, exp)
		}
	}
}

func TestFixed(t *testing.T) {
	for _, tt := range []struct {
		amount, currency, want string
	}{
		{"1234.5", "EUR", "1234.50"},
		{"-5", "USD", "-5.00"},
		{"1234567", "JPY", "1234567"},
		{"0.5", "KWD", "0.500"},
		{"1.5", "XYZ", "1.50"},
	} {
		m := Money{Amount: decimal.RequireFromString(tt.amount), Currency: tt.currency}
		if got := m.Fixed(); got != tt.want {
			t.Errorf("%s %s: Fixed = %q, want %q", tt.amount, tt.currency, got, tt.want)
		}
	}
}
