package money

import (
	"errors"
	"testing"
)

// fuzzCurrencies are the exponents there are: 0, 2, 3 and 4 decimals.
var fuzzCurrencies = []string{"JPY", "USD", "KWD", "CLF"}

// FuzzParse checks that whatever a person types, Parse either refuses it
// with a message or returns an amount that is within ±MaxAmount, has no
// more decimals than the currency, stores as minor units and comes back the
// same from every text form Clientbook writes (Format, Fixed, String's
// number) and from the stored integer.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"1,234.56", "1234.5", "-5", "  42  ", "+7.10", "\u22123.25", "1 234 567", "1'000.125",
		".5", "0", "0.0001", "1e9999", "12,34", "1,23,456", "5.", "--5", "NaN", "10,000,000,000,000", "10000000000000.01",
		"-10000000000000", "99999999999999999999", "9223372036854775807", "0.00000000000000000001", "\u00a01\u202f000",
		"- 5", "+", ",", "1,,234", "00012", "-0.00"} {
		for i := range fuzzCurrencies {
			f.Add(s, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, s string, cur uint8) {
		code := fuzzCurrencies[int(cur)%len(fuzzCurrencies)]
		m, err := Parse(s, code)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Parse(%q, %s): an empty message", s, code)
			}
			return
		}
		if m.Currency != code {
			t.Fatalf("Parse(%q, %s) is in %s", s, code, m.Currency)
		}
		if err := CheckRange(m.Amount); err != nil {
			t.Fatalf("Parse(%q, %s) = %s, beyond the bound", s, code, m.Amount)
		}
		minor, err := m.Minor()
		if err != nil {
			t.Fatalf("Parse(%q, %s) = %s does not store: %v", s, code, m.Amount, err)
		}
		stored, err := FromMinor(minor, code)
		if err != nil || !stored.Equal(m) {
			t.Fatalf("FromMinor(%d, %s) = %s, %v; want %s", minor, code, stored, err, m)
		}
		for _, text := range []string{m.Format(), m.Fixed()} {
			back, err := Parse(text, code)
			if err != nil || !back.Equal(m) {
				t.Fatalf("Parse(%q) = %s; its text %q parses to %s, %v", s, m.Amount, text, back.Amount, err)
			}
			// The text of the stored amount is the same text again.
			if again := back.Format(); again != m.Format() {
				t.Fatalf("Format of %q: %q, then %q", s, m.Format(), again)
			}
		}
	})
}

// FuzzFromMinor checks every stored integer: within the bound it comes back
// from Minor unchanged and its text parses to it; beyond, it is refused with
// ErrOutOfRange.
func FuzzFromMinor(f *testing.F) {
	for _, n := range []int64{0, 1, -1, 100, 1_000_000_000_000_000, 1_000_000_000_000_001, -1_000_000_000_000_000,
		100_000_000_000_000_000, 9_223_372_036_854_775_807, -9_223_372_036_854_775_808} {
		for i := range fuzzCurrencies {
			f.Add(n, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, minor int64, cur uint8) {
		code := fuzzCurrencies[int(cur)%len(fuzzCurrencies)]
		m, err := FromMinor(minor, code)
		if err != nil {
			if !errors.Is(err, ErrOutOfRange) {
				t.Fatalf("FromMinor(%d, %s): %v", minor, code, err)
			}
			return
		}
		if back, err := m.Minor(); err != nil || back != minor {
			t.Fatalf("FromMinor(%d, %s).Minor() = %d, %v", minor, code, back, err)
		}
		if p, err := Parse(m.Format(), code); err != nil || !p.Equal(m) {
			t.Fatalf("Parse(%q, %s) = %s, %v", m.Format(), code, p, err)
		}
	})
}
