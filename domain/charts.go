package domain

import (
	"fmt"

	"github.com/shopspring/decimal"

	"clientbook/domain/chart"
	"clientbook/domain/money"
)

// The charts drawn both on the Reports screen and in a client's account
// report are made here, once, from the same figures; each caller may say
// in EmptyMessage what its figures cover.

// RevenueChart is revenue in currency by month (months) as bars, with the
// same months a year earlier (yearEarlier) as a line that starts with the
// first of them with revenue. With no revenue in either it has no series
// and shows its EmptyMessage.
func RevenueChart(currency string, months, yearEarlier []MonthValue) chart.Spec {
	sp := moneyChart(chart.BarsWithLine, currency, "Revenue by month, net of tax",
		"Nothing was invoiced in "+currency+" in these months or the year before.")
	now := chart.Series{Name: "Invoiced"}
	before := chart.Series{Name: "A year earlier", Kind: chart.LineSeries}
	started, invoiced := false, false // the months a year earlier before any revenue are gaps, not zero
	for i, m := range months {
		sp.Categories = append(sp.Categories, MonthLabel(m.Month))
		now.Values = append(now.Values, decimal.NewNullDecimal(m.Amount))
		invoiced = invoiced || !m.Amount.IsZero()
		if i < len(yearEarlier) {
			v := yearEarlier[i].Amount
			started = started || !v.IsZero()
			if started {
				before.Values = append(before.Values, decimal.NewNullDecimal(v))
			} else {
				before.Values = append(before.Values, decimal.NullDecimal{})
			}
		}
	}
	if invoiced || started {
		sp.Series = []chart.Series{now, before}
	}
	return sp
}

// AgedChart is what was owed in currency at each month's end (aged), stacked
// by how long past due, one series per aging bucket (labels). With nothing
// owed at any month's end it has no series and shows its EmptyMessage.
func AgedChart(currency string, labels []string, aged []AgedMonth) chart.Spec {
	sp := moneyChart(chart.StackedBars, currency, "Owed at each month's end, by days past due",
		"Nothing was owed in "+currency+" at these months' ends.")
	series := make([]chart.Series, len(labels))
	for b, label := range labels {
		series[b].Name = label
		if b > 0 {
			series[b].Name += " days"
		}
	}
	owed := false
	for _, am := range aged {
		sp.Categories = append(sp.Categories, MonthLabel(am.Month))
		for b := range series {
			v := decimal.Zero
			if b < len(am.Buckets) {
				v = am.Buckets[b]
			}
			series[b].Values = append(series[b].Values, decimal.NewNullDecimal(v))
			owed = owed || !v.IsZero()
		}
	}
	if owed {
		sp.Series = series
	}
	return sp
}

// moneyChart starts a chart of amounts in currency, written in full as
// money in the hover text.
func moneyChart(kind chart.Kind, currency, title, empty string) chart.Spec {
	return chart.Spec{Kind: kind, Title: title, ValueLabel: currency, EmptyMessage: empty,
		Format: func(d decimal.Decimal) string { return money.Money{Amount: d, Currency: currency}.Format() }}
}

// MonthLabel names a month on a chart's axis: "Mar '27".
func MonthLabel(d Date) string {
	return fmt.Sprintf("%s '%02d", d.Month.String()[:3], d.Year%100)
}
