package domain

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date in the user's own calendar — an issue date, a due
// date, a billing period's start — with no time of day and no time zone, so it
// never shifts across zones or daylight-saving changes. The zero Date means
// "not set". Dates compare with ==, Before and After.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Today returns the local calendar date.
func Today() Date { return DateOf(time.Now()) }

// NewDate returns the date, normalising overflow the way time.Date does
// (January 32 is February 1).
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 12, 0, 0, 0, time.UTC))
}

// ParseDate reads an ISO 8601 calendar date, "2026-03-31". Surrounding space is ignored.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31", s)
	}
	return DateOf(t), nil
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// String is the ISO 8601 form, "2026-03-31", or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// noon is the date at midday UTC: arithmetic on it cannot be tripped by zones.
func (d Date) noon() time.Time { return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC) }

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date { return DateOf(d.noon().AddDate(0, 0, n)) }

// DaysUntil returns the number of days from d to e (negative when e is earlier).
// It counts in whole seconds since the epoch, not in time.Duration, which
// saturates after 292 years: any two dates of the proleptic Gregorian
// calendar are counted exactly.
func (d Date) DaysUntil(e Date) int { return int((e.noon().Unix() - d.noon().Unix()) / secondsPerDay) }

const secondsPerDay = 24 * 60 * 60

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.DaysUntil(e) > 0 }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.DaysUntil(e) < 0 }

// AddMonths returns the same day of the month n months later (earlier for
// negative n). A day the target month lacks becomes its last day, so January 31
// plus one month is February 28, or 29 in a leap year.
func (d Date) AddMonths(n int) Date {
	first := DateOf(time.Date(d.Year, d.Month+time.Month(n), 1, 12, 0, 0, 0, time.UTC))
	first.Day = min(d.Day, daysIn(first.Year, first.Month))
	return first
}

// daysIn returns the number of days in the month.
func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 12, 0, 0, 0, time.UTC).Day()
}
