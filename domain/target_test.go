package domain

import (
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		in    string
		kind  PeriodKind
		start Date
		label string
	}{
		{"2027-03", PeriodMonth, NewDate(2027, 3, 1), "March 2027"},
		{" 2027-12 ", PeriodMonth, NewDate(2027, 12, 1), "December 2027"},
		{"2027-Q1", PeriodQuarter, NewDate(2027, 1, 1), "Q1 2027"},
		{"2028-q4", PeriodQuarter, NewDate(2028, 10, 1), "Q4 2028"},
	} {
		kind, start, err := ParsePeriod(tc.in)
		if err != nil || kind != tc.kind || start != tc.start || kind.Period(start).Label() != tc.label {
			t.Errorf("%q: %s %s (%s), %v", tc.in, kind, start, kind.Period(start).Label(), err)
		}
	}
	for _, bad := range []string{"", "2027", "2027-13", "2027-00", "2027-Q5", "2027-3", "March 2027", "2027-03-01"} {
		if _, _, err := ParsePeriod(bad); err == nil {
			t.Errorf("%q was read as a period", bad)
		}
	}
	// February of a leap year ends on the 29th; a quarter on its last month's last day.
	if p := PeriodMonth.Period(NewDate(2028, 2, 1)); p.End != NewDate(2028, 2, 29) {
		t.Errorf("February 2028 ends %s", p.End)
	}
	if p := PeriodQuarter.Period(NewDate(2027, 10, 1)); p.End != NewDate(2027, 12, 31) {
		t.Errorf("Q4 2027 ends %s", p.End)
	}
	if s := PeriodQuarter.StartOf(NewDate(2027, 8, 17)); s != NewDate(2027, 7, 1) {
		t.Errorf("the quarter of 17 August starts %s", s)
	}
	if s := PeriodMonth.StartOf(NewDate(2027, 8, 17)); s != NewDate(2027, 8, 1) {
		t.Errorf("the month of 17 August starts %s", s)
	}
}

func TestTargetValidate(t *testing.T) {
	good := func() Target {
		return Target{PeriodKind: PeriodQuarter, PeriodStart: NewDate(2027, 4, 1), Amount: money.Money{Amount: decimal.NewFromInt(24000), Currency: "eur "}}
	}
	tg := good()
	if err := tg.Validate(); err != nil || tg.Amount.Currency != "EUR" {
		t.Fatalf("%+v, %v", tg, err)
	}
	for _, tc := range []struct {
		name   string
		change func(*Target)
		field  string
	}{
		{"unknown kind", func(t *Target) { t.PeriodKind = "year" }, "periodKind"},
		{"no start", func(t *Target) { t.PeriodStart = Date{} }, "period"},
		{"a quarter from May", func(t *Target) { t.PeriodStart = NewDate(2027, 5, 1) }, "period"},
		{"a month from the 2nd", func(t *Target) { t.PeriodKind, t.PeriodStart = PeriodMonth, NewDate(2027, 5, 2) }, "period"},
		{"zero", func(t *Target) { t.Amount.Amount = decimal.Zero }, "amount"},
		{"negative", func(t *Target) { t.Amount.Amount = decimal.NewFromInt(-1) }, "amount"},
		{"too precise", func(t *Target) { t.Amount.Amount = decimal.RequireFromString("1.001") }, "amount"},
		{"unknown currency", func(t *Target) { t.Amount.Currency = "EUX" }, "currency"},
	} {
		tg := good()
		tc.change(&tg)
		err := tg.Validate()
		if ErrorCode(err) != EINVALID || FieldErrors(err)[tc.field] == "" || len(FieldErrors(err)) != 1 {
			t.Errorf("%s: want one problem at %s, got %v", tc.name, tc.field, FieldErrors(err))
		}
	}
	if err := CheckPeriod(PeriodMonth, NewDate(2027, 5, 1)); err != nil {
		t.Errorf("May 2027: %v", err)
	}
	if err := CheckPeriod(PeriodQuarter, NewDate(2027, 5, 1)); FieldErrors(err)["period"] == "" {
		t.Errorf("a quarter from May: %v", err)
	}
}

func TestAttainmentPercent(t *testing.T) {
	target := &Target{PeriodKind: PeriodMonth, PeriodStart: NewDate(2027, 3, 1), Amount: money.Money{Amount: decimal.NewFromInt(3000), Currency: "EUR"}}
	for _, tc := range []struct{ invoiced, percent string }{
		{"1000", "33.3"},  // a third
		{"2000", "66.7"},  // two thirds, rounded up
		{"4500", "150"},   // beyond the target
		{"-300", "-10"},   // more credited than invoiced
		{"0", "0"},        // nothing yet
		{"2998.5", "100"}, // 99.95 rounds half away from zero
	} {
		a := NewAttainment(PeriodMonth, target.PeriodStart, 0, target, money.Money{Amount: decimal.RequireFromString(tc.invoiced), Currency: "EUR"})
		if a.Percent.String() != tc.percent || a.Period.Label() != "March 2027" {
			t.Errorf("%s of 3000: %s%% (%s)", tc.invoiced, a.Percent, a.Period.Label())
		}
	}
	if a := NewAttainment(PeriodMonth, target.PeriodStart, 0, nil, money.Money{Amount: decimal.NewFromInt(5), Currency: "EUR"}); !a.Percent.IsZero() {
		t.Errorf("no target: %s%%", a.Percent)
	}
}
