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
