package domain

import (
	"fmt"
	"strings"
	"testing"
)

func TestPriorPeriod(t *testing.T) {
	for _, tc := range []struct{ start, end, wantStart, wantEnd Date }{
		// The last twelve months against the twelve before.
		{NewDate(2026, 4, 1), NewDate(2027, 3, 14), NewDate(2025, 4, 1), NewDate(2026, 3, 14)},
		// The year to date against the same dates last year.
		{NewDate(2027, 1, 1), NewDate(2027, 3, 14), NewDate(2026, 1, 1), NewDate(2026, 3, 14)},
		// Twenty-four months against the twenty-four before.
		{NewDate(2025, 4, 1), NewDate(2027, 3, 14), NewDate(2023, 4, 1), NewDate(2025, 3, 14)},
		// Last year against the year before; a leap day becomes the 28th.
		{NewDate(2028, 1, 1), NewDate(2028, 12, 31), NewDate(2027, 1, 1), NewDate(2027, 12, 31)},
		{NewDate(2028, 2, 1), NewDate(2028, 2, 29), NewDate(2027, 2, 1), NewDate(2027, 2, 28)},
		// Twelve months that start mid-month span thirteen calendar months,
		// yet are still one year: against the year before, not two.
		{NewDate(2025, 11, 24), NewDate(2026, 11, 23), NewDate(2024, 11, 24), NewDate(2025, 11, 23)},
		// A year and a day needs two.
		{NewDate(2025, 11, 24), NewDate(2026, 11, 24), NewDate(2023, 11, 24), NewDate(2024, 11, 24)},
	} {
		got := PriorPeriod(Period{tc.start, tc.end})
		if got != (Period{tc.wantStart, tc.wantEnd}) {
			t.Errorf("%s–%s: prior %s–%s, want %s–%s", tc.start, tc.end, got.Start, got.End, tc.wantStart, tc.wantEnd)
		}
	}
}

func TestGrowth(t *testing.T) {
	for _, tc := range []struct {
		current, prior, want string
		ok                   bool
	}{
		{"150", "100", "50.0", true},
		{"50", "100", "-50.0", true},
		{"100", "300", "-66.7", true},  // −66.666… rounds away from zero
		{"200.01", "200", "0.0", true}, // 0.005 % rounds to 0.0
		{"200.02", "200", "0.0", true}, // 0.01 %
		{"201", "200", "0.5", true},
		{"100", "0", "0", false},
		{"100", "-20", "0", false},
	} {
		got, ok := Growth(dec(tc.current), dec(tc.prior))
		if ok != tc.ok || got.StringFixed(1) != dec(tc.want).StringFixed(1) {
			t.Errorf("Growth(%s, %s) = %s, %v; want %s, %v", tc.current, tc.prior, got, ok, tc.want, tc.ok)
		}
	}
}

// The definition shown to people says the span DSO is measured over, and
// that both sides include tax.
func TestDSODefinitionSaysWhatIsComputed(t *testing.T) {
	days := fmt.Sprint(DSODays)
	for _, want := range []string{"over the last " + days + " days × " + days, "receivables ÷ gross credit sales", "tax included"} {
		if !strings.Contains(DSODefinition, want) {
			t.Errorf("DSODefinition does not say %q: %s", want, DSODefinition)
		}
	}
}
