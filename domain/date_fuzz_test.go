package domain

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzParseDate checks that a date ParseDate accepts is a real calendar day
// whose ISO text parses back to it, that it counts the same number of days
// from 1970-01-01 as an independent calendar (civilDays) and that adding
// that many days to 1970-01-01 gives it back. A refusal says how to write a
// date.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-31", " 2024-02-29 ", "2023-02-29", "0000-01-01", "9999-12-31", "1900-02-29",
		"2000-02-29", "2026-3-1", "31/03/2026", "", "2026-13-01", "2026-00-10", "+2026-01-01", "-001-01-01", "2026-01-01T00:00"} {
		f.Add(s)
	}
	epoch := Date{1970, 1, 1}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !strings.Contains(err.Error(), "YYYY-MM-DD") {
				t.Fatalf("ParseDate(%q): %v", s, err)
			}
			return
		}
		if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > daysIn(d.Year, d.Month) || d.IsZero() {
			t.Fatalf("ParseDate(%q) = %+v", s, d)
		}
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v; ParseDate(%q) = %v, %v", s, d, d.String(), back, err)
		}
		n := epoch.DaysUntil(d)
		if want := civilDays(d.Year, int(d.Month), d.Day); n != want {
			t.Fatalf("%v is %d days after 1970-01-01, want %d", d, n, want)
		}
		if epoch.AddDays(n) != d || d.AddDays(-n) != epoch || d.DaysUntil(epoch) != -n {
			t.Fatalf("%v: adding back %d days", d, n)
		}
	})
}

// FuzzParseStatementDate checks a bank statement's date in each order: an
// accepted one is a real day, and written back in that order it reads the
// same.
func FuzzParseStatementDate(f *testing.F) {
	for _, s := range []string{"31.03.2027", "03/31/2027", "2027-03-31", "20270331", "31/03/27", "29.02.2028 14:02",
		"31.02.2027", "13/31/2027", "1.1.2027", "2027-3-1T10:00", ""} {
		for o := range 3 {
			f.Add(s, uint8(o))
		}
	}
	orders := []DateOrder{OrderYMD, OrderDMY, OrderMDY}
	f.Fuzz(func(t *testing.T, s string, o uint8) {
		order := orders[int(o)%len(orders)]
		d, err := ParseStatementDate(s, order)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseStatementDate(%q): an empty message", s)
			}
			return
		}
		if d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
			t.Fatalf("ParseStatementDate(%q, %s) = %+v", s, order, d)
		}
		var text string
		switch order {
		case OrderYMD:
			text = d.String()
		case OrderDMY:
			text = fmt.Sprintf("%02d.%02d.%04d", d.Day, d.Month, d.Year)
		case OrderMDY:
			text = fmt.Sprintf("%02d/%02d/%04d", d.Month, d.Day, d.Year)
		}
		if back, err := ParseStatementDate(text, order); err != nil || back != d {
			t.Fatalf("ParseStatementDate(%q, %s) = %v; %q reads %v, %v", s, order, d, text, back, err)
		}
	})
}
