package domain

import (
	"reflect"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain/chart"
)

func values(s chart.Series) []string {
	var out []string
	for _, v := range s.Values {
		if v.Valid {
			out = append(out, v.Decimal.StringFixed(2))
		} else {
			out = append(out, "")
		}
	}
	return out
}

func months(start Date, amounts ...int64) []MonthValue {
	var out []MonthValue
	for i, a := range amounts {
		out = append(out, MonthValue{Month: start.AddMonths(i), Amount: decimal.NewFromInt(a)})
	}
	return out
}

func TestRevenueChart(t *testing.T) {
	jan := NewDate(2027, 1, 1)
	tests := []struct {
		name          string
		now, before   []MonthValue
		series        bool
		invoiced, ago []string
	}{
		{"a year earlier starts with its first revenue", months(jan, 0, 100, 200), months(jan.AddMonths(-12), 0, 50, 0), true,
			[]string{"0.00", "100.00", "200.00"}, []string{"", "50.00", "0.00"}},
		{"revenue only a year earlier", months(jan, 0, 0), months(jan.AddMonths(-12), 0, 10), true,
			[]string{"0.00", "0.00"}, []string{"", "10.00"}},
		{"no revenue at all", months(jan, 0, 0), months(jan.AddMonths(-12), 0, 0), false, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sp := RevenueChart("EUR", tt.now, tt.before)
			if sp.Kind != chart.BarsWithLine || sp.ValueLabel != "EUR" || sp.Categories[0] != "Jan '27" ||
				len(sp.Categories) != len(tt.now) || sp.Format(decimal.RequireFromString("1234.5")) != "1,234.50" {
				t.Errorf("spec %+v", sp)
			}
			if !tt.series {
				if len(sp.Series) != 0 || !sp.Layout().Empty {
					t.Errorf("no revenue drew %v", sp.Series)
				}
				return
			}
			if len(sp.Series) != 2 || sp.Series[1].Kind != chart.LineSeries ||
				!reflect.DeepEqual(values(sp.Series[0]), tt.invoiced) || !reflect.DeepEqual(values(sp.Series[1]), tt.ago) {
				t.Errorf("series %v", sp.Series)
			}
		})
	}
}

func TestAgedChart(t *testing.T) {
	labels := []string{"Current", "1–30", "Over 30"}
	d := decimal.NewFromInt
	jan := NewDate(2027, 1, 1)
	sp := AgedChart("EUR", labels, []AgedMonth{
		{Month: jan, Buckets: []decimal.Decimal{d(10), d(0), d(5)}},
		{Month: jan.AddMonths(1), Buckets: []decimal.Decimal{d(0), d(20)}}, // a bucket short: zero
	})
	var names []string
	for _, s := range sp.Series {
		names = append(names, s.Name)
	}
	if sp.Kind != chart.StackedBars || !reflect.DeepEqual(sp.Categories, []string{"Jan '27", "Feb '27"}) ||
		!reflect.DeepEqual(names, []string{"Current", "1–30 days", "Over 30 days"}) ||
		!reflect.DeepEqual(values(sp.Series[2]), []string{"5.00", "0.00"}) {
		t.Errorf("aged chart %q %v", sp.Categories, sp.Series)
	}
	if sp := AgedChart("EUR", labels, []AgedMonth{{Month: jan, Buckets: []decimal.Decimal{d(0), d(0), d(0)}}}); len(sp.Series) != 0 {
		t.Errorf("nothing owed drew %v", sp.Series)
	}
}
