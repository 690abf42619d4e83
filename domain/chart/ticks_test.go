package chart

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		lo, hi string
		max    int
		want   string
	}{
		{"0", "97", 8, "0 20 40 60 80 100"},
		{"0", "97", 4, "0 50 100"},
		{"0", "1234567", 8, "0 200000 400000 600000 800000 1000000 1200000 1400000"},
		{"0", "1234567", 4, "0 500000 1000000 1500000"},
		{"-40", "260", 8, "-50 0 50 100 150 200 250 300"},
		{"-40", "260", 4, "-100 0 100 200 300"},
		{"0", "0", 8, "0 0.2 0.4 0.6 0.8 1"},
		{"-97", "-3", 8, "-100 -80 -60 -40 -20 0"}, // all negative: zero is the top
		{"30", "97", 8, "0 20 40 60 80 100"},       // zero is always included
		{"1000000", "1100000", 8, "0 200000 400000 600000 800000 1000000 1200000"},
		{"0", "0.003", 8, "0 0.01"}, // never finer than a cent
		{"0", "5", 5, "0 1 2 3 4 5"},
	}
	for _, tt := range tests {
		var got []string
		for _, v := range NiceTicks(dec(tt.lo), dec(tt.hi), tt.max) {
			got = append(got, v.String())
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("NiceTicks(%s, %s, %d) = %s, want %s", tt.lo, tt.hi, tt.max, g, tt.want)
		}
	}
}

// Every tick of a range gets its own label, however the range falls.
func TestTickLabelsAreDistinct(t *testing.T) {
	for _, r := range [][2]string{{"0", "1"}, {"0", "999"}, {"0", "1001"}, {"-12345", "67890"}, {"0", "999999"},
		{"0", "1234567"}, {"-2500000", "100"}, {"0", "10000000000"}, {"0", "0.37"}} {
		for n := 1; n <= 8; n++ {
			seen := map[string]bool{}
			for _, v := range NiceTicks(dec(r[0]), dec(r[1]), n) {
				l := Abbrev(v)
				if seen[l] {
					t.Errorf("NiceTicks(%s, %s, %d): label %q twice", r[0], r[1], n, l)
				}
				seen[l] = true
			}
		}
	}
}

func TestAbbrev(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "0"},
		{"950", "950"},
		{"999", "999"},
		{"12.5", "12.5"},
		{"0.25", "0.25"},
		{"12.345", "12.35"},
		{"1000", "1k"},
		{"12500", "12.5k"},
		{"12549", "12.5k"},
		{"12550", "12.6k"},
		{"200000", "200k"},
		{"999949", "999.9k"},
		{"999950", "1M"}, // rounds up into the next unit
		{"999.999", "1k"},
		{"1234567", "1.2M"},
		{"1250000", "1.3M"},
		{"3400000000", "3.4B"},
		{"7100000000000", "7.1T"},
		{"5000000000000000", "5000T"},
		{"-40", "-40"},
		{"-12500", "-12.5k"},
		{"-1234567", "-1.2M"},
		{"-0.001", "0"},
	}
	for _, tt := range tests {
		if got := Abbrev(dec(tt.in)); got != tt.want {
			t.Errorf("Abbrev(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
