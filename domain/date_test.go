package domain

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	d, err := ParseDate(" 2024-02-28 ")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.AddDays(1).String(); got != "2024-02-29" {
		t.Errorf("leap day: %s", got)
	}
	if got := d.AddDays(2).String(); got != "2024-03-01" {
		t.Errorf("after leap day: %s", got)
	}
	// 2026-03-29 is the European daylight-saving change; days still count as days.
	a, b := NewDate(2026, time.March, 28), NewDate(2026, time.March, 30)
	if a.DaysUntil(b) != 2 || b.DaysUntil(a) != -2 || !a.Before(b) || !b.After(a) || a.After(a) {
		t.Errorf("across DST: %d", a.DaysUntil(b))
	}
	if NewDate(2026, time.January, 32) != NewDate(2026, time.February, 1) {
		t.Error("NewDate does not normalise")
	}
	for _, bad := range []string{"", "2026-02-30", "31/03/2026", "2026-3-1"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	if (Date{}).String() != "" || !(Date{}).IsZero() {
		t.Error("zero date")
	}
}

// civilDays is the number of days from 1970-01-01 to y-m-d in the proleptic
// Gregorian calendar, by Howard Hinnant's days_from_civil: a reference
// DaysUntil is checked against that shares no code with it.
func civilDays(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// TestDaysUntilLongSpans counts across thousands of years, both ways, over
// leap days and the year 0; time.Duration would saturate after 292 years.
func TestDaysUntilLongSpans(t *testing.T) {
	tests := []struct {
		a, b Date
		want int
	}{
		{Date{1, 1, 1}, Date{9999, 12, 31}, 3652058},
		{Date{1600, 2, 29}, Date{2400, 2, 29}, 2 * 146097},
		{Date{1900, 2, 28}, Date{1900, 3, 1}, 1},         // 1900 is no leap year
		{Date{2000, 2, 28}, Date{2000, 3, 1}, 2},         // 2000 is
		{Date{-1, 3, 1}, Date{0, 3, 1}, 366},             // the year 0 is a leap year
		{Date{-4713, 11, 24}, Date{2000, 1, 1}, 2451545}, // Julian day 0 to J2000
		{Date{1970, 1, 1}, Date{1969, 12, 31}, -1},
		{Date{2026, 3, 31}, Date{-10000, 3, 31}, -(12026*365 + 2916)},
	}
	for _, tt := range tests {
		if got := tt.a.DaysUntil(tt.b); got != tt.want {
			t.Errorf("%v.DaysUntil(%v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := tt.b.DaysUntil(tt.a); got != -tt.want {
			t.Errorf("%v.DaysUntil(%v) = %d, want %d", tt.b, tt.a, got, -tt.want)
		}
		if tt.want > 0 && (!tt.a.Before(tt.b) || !tt.b.After(tt.a) || tt.a.After(tt.b)) {
			t.Errorf("%v and %v compare wrongly", tt.a, tt.b)
		}
		if got := tt.a.AddDays(tt.want); got != tt.b {
			t.Errorf("%v.AddDays(%d) = %v, want %v", tt.a, tt.want, got, tt.b)
		}
	}
	// Every first of March and every leap day from 20000 BC to AD 20000
	// against the reference, from a fixed day and back.
	base := Date{2026, 3, 31}
	for y := -20000; y <= 20000; y += 7 {
		for _, d := range []Date{{y, 3, 1}, {y, 2, 28}, {y, 12, 31}} {
			want := civilDays(d.Year, int(d.Month), d.Day) - civilDays(2026, 3, 31)
			if got := base.DaysUntil(d); got != want {
				t.Fatalf("%v.DaysUntil(%v) = %d, want %d", base, d, got, want)
			}
			if got := d.DaysUntil(base); got != -want {
				t.Fatalf("%v.DaysUntil(%v) = %d, want %d", d, base, got, -want)
			}
		}
	}
}
