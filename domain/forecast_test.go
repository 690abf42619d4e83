package domain

import (
	"fmt"
	"strings"
	"testing"

	"clientbook/domain/money"
)

// monthly makes a history of consecutive months from start, one amount each.
func monthly(start Date, amounts ...string) []MonthValue {
	out := make([]MonthValue, len(amounts))
	for i, a := range amounts {
		out[i] = MonthValue{Month: start.AddMonths(i), Amount: dec(a)}
	}
	return out
}

// forecastRows writes each month as "2027-07 contracted/weighted trend [low–high]".
func forecastRows(fs []ForecastMonth) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s/%s %s [%s–%s]", f.Month.String()[:7], f.Contracted.StringFixed(2),
			f.Weighted.StringFixed(2), f.Trend.StringFixed(2), f.Low.StringFixed(2), f.High.StringFixed(2)))
	}
	return out
}

// The trend and its band, worked by hand.
func TestForecastTrend(t *testing.T) {
	from := NewDate(2027, 7, 1)
	// Two years from July 2025. The earlier year: 100 a month, December
	// 200, 1,300 in all. The later: July 130, August 90, December 220, the
	// rest 110, 1,430 in all — growth 1,430 / 1,300 = 1.1.
	earlier := []string{"100", "100", "100", "100", "100", "200", "100", "100", "100", "100", "100", "100"}
	later := []string{"130", "90", "110", "110", "110", "220", "110", "110", "110", "110", "110", "110"}
	twoYears := monthly(NewDate(2025, 7, 1), append(append([]string{}, earlier...), later...)...)
	// The same two years but nothing in July 2025: the history no longer
	// reaches back two full years.
	short := monthly(NewDate(2025, 7, 1), append(append([]string{"0"}, earlier[1:]...), later...)...)

	for _, tc := range []struct {
		name    string
		history []MonthValue
		months  int
		want    []string
	}{
		{"no history", nil, 2, []string{
			"2027-07 0.00/0.00 0.00 [0.00–0.00]",
			"2027-08 0.00/0.00 0.00 [0.00–0.00]",
		}},
		// April 90, May 120, June 150: the trend is their mean, 120. Tried
		// on June (mean of April and May, 105: 45 off) and May (April's 90:
		// 30 off) — April has no month before it — the method misses by
		// (45 + 30) / 2 = 37.50 on average.
		{"three months", monthly(NewDate(2027, 4, 1), "90", "120", "150"), 2, []string{
			"2027-07 0.00/0.00 120.00 [82.50–157.50]",
			"2027-08 0.00/0.00 120.00 [82.50–157.50]",
		}},
		// Months from the forecast's start on are not history.
		{"later months ignored", monthly(NewDate(2027, 4, 1), "90", "120", "150", "5000"), 1, []string{
			"2027-07 0.00/0.00 120.00 [82.50–157.50]",
		}},
		// Each month is last year's × 1.1: July 130 → 143, August 90 → 99,
		// December 220 → 242. Tried on the last twelve months with the
		// same growth, only July (110 for 130) and August (110 for 90) miss,
		// by 20 each: 40 / 12 = 3.33. Beyond a year the forecast grows on
		// itself: July 2028 is 143 × 1.1 = 157.30.
		{"seasonal", twoYears, 14, []string{
			"2027-07 0.00/0.00 143.00 [139.67–146.33]",
			"2027-08 0.00/0.00 99.00 [95.67–102.33]",
			"2027-09 0.00/0.00 121.00 [117.67–124.33]",
			"2027-10 0.00/0.00 121.00 [117.67–124.33]",
			"2027-11 0.00/0.00 121.00 [117.67–124.33]",
			"2027-12 0.00/0.00 242.00 [238.67–245.33]",
			"2028-01 0.00/0.00 121.00 [117.67–124.33]",
			"2028-02 0.00/0.00 121.00 [117.67–124.33]",
			"2028-03 0.00/0.00 121.00 [117.67–124.33]",
			"2028-04 0.00/0.00 121.00 [117.67–124.33]",
			"2028-05 0.00/0.00 121.00 [117.67–124.33]",
			"2028-06 0.00/0.00 121.00 [117.67–124.33]",
			"2028-07 0.00/0.00 157.30 [153.97–160.63]",
			"2028-08 0.00/0.00 108.90 [105.57–112.23]",
		}},
		// Without revenue two years back the trend is the last three
		// months' mean, 110. Tried on each of the last twelve months:
		// Jul 2026 guessed 100 (off 30), Aug 110 (20), Sep 106.67 (3.33),
		// Oct 110 (0), Nov 103.33 (6.67), Dec 110 (110), Jan 2027 146.67
		// (36.67), Feb 146.67 (36.67), Mar 146.67 (36.67), Apr 110 (0),
		// May 110 (0), Jun 110 (0): 280.01 / 12 = 23.33.
		{"under two years", short, 1, []string{
			"2027-07 0.00/0.00 110.00 [86.67–133.33]",
		}},
		// A year before last without revenue gives no growth to scale by.
		// Tried on the last twelve months it misses only April (0 for 60),
		// May (20 for 60) and June (40 for 60): 120 / 12 = 10.
		{"nothing the year before last", monthly(NewDate(2025, 6, 1), "50", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0",
			"0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "60", "60", "60"), 1, []string{
			"2027-07 0.00/0.00 60.00 [50.00–70.00]",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := forecastRows(Forecast(tc.history, nil, nil, from, tc.months, "EUR"))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func eur(s string) money.Money { return money.Money{Amount: dec(s), Currency: "EUR"} }

// What the contracts will bill and the weighted pipeline, worked by hand.
func TestForecastContractsAndPipeline(t *testing.T) {
	vat := []TaxLine{{Name: "VAT", Percent: dec("19")}}
	line := func(qty, price string) ContractLine {
		return ContractLine{Description: "Service", Quantity: dec(qty), UnitPrice: dec(price), Taxes: vat}
	}
	contracts := []Contract{
		// Monthly in advance on the 1st until the end of August:
		// 2 × 100.00 + 49.99 = 249.99 net (the VAT is not revenue) in
		// July and August, nothing in September.
		{Title: "Hosting", Currency: "EUR", Start: NewDate(2027, 1, 1), End: NewDate(2027, 8, 31), Cycle: Monthly,
			Timing: InAdvance, BillingDay: 1, Status: ContractActive, Lines: []ContractLine{line("2", "100.00"), line("1", "49.99")}},
		// Quarterly in arrears on the 15th: April–June is billed on 15
		// July, July–September only in October.
		{Title: "Support", Currency: "EUR", Start: NewDate(2027, 4, 1), Cycle: Quarterly, Timing: InArrears, BillingDay: 15,
			Status: ContractActive, Lines: []ContractLine{line("1", "1000.00")}},
		// Yearly, ending in July but renewing itself: the next year is
		// billed on 1 August.
		{Title: "Licence", Currency: "EUR", Start: NewDate(2026, 8, 1), End: NewDate(2027, 7, 31), AutoRenew: true, Cycle: Yearly,
			Timing: InAdvance, BillingDay: 1, Status: ContractActive, Lines: []ContractLine{line("12", "100.00")}},
		// Ended, and in another currency: not counted.
		{Title: "Old", Currency: "EUR", Start: NewDate(2027, 1, 1), Cycle: Monthly, Timing: InAdvance, BillingDay: 1,
			Status: ContractEnded, Lines: []ContractLine{line("1", "7777.00")}},
		{Title: "Dollars", Currency: "USD", Start: NewDate(2027, 1, 1), Cycle: Monthly, Timing: InAdvance, BillingDay: 1,
			Status: ContractActive, Lines: []ContractLine{line("1", "8888.00")}},
	}
	opp := func(value string, pct int, close Date, status OpportunityStatus) Opportunity {
		return Opportunity{Value: eur(value), Probability: pct, ExpectedClose: close, Status: status}
	}
	dollars := opp("5000.00", 90, NewDate(2027, 7, 1), OpportunityOpen)
	dollars.Value.Currency = "USD"
	opps := []Opportunity{
		opp("10000.00", 25, NewDate(2027, 7, 20), OpportunityOpen), // 2,500.00 in July
		opp("333.33", 33, NewDate(2027, 8, 5), OpportunityOpen),    // 109.9989 → 110.00 in August
		opp("900.00", 100, NewDate(2027, 7, 2), OpportunityWon),    // won: already counted as revenue
		opp("900.00", 0, NewDate(2027, 7, 3), OpportunityLost),
		opp("700.00", 50, NewDate(2027, 6, 30), OpportunityOpen), // its close has passed
		opp("600.00", 50, NewDate(2027, 10, 1), OpportunityOpen), // after the forecast
		dollars,
	}
	got := forecastRows(Forecast(nil, contracts, opps, NewDate(2027, 7, 14), 3, "eur"))
	want := []string{
		"2027-07 1249.99/2500.00 0.00 [0.00–0.00]",
		"2027-08 1449.99/110.00 0.00 [0.00–0.00]",
		"2027-09 0.00/0.00 0.00 [0.00–0.00]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if f := Forecast(nil, contracts, opps, NewDate(2027, 7, 1), 0, "EUR"); f != nil {
		t.Errorf("no months: %v", f)
	}
	if !strings.HasSuffix(ForecastMethod(), ".") || strings.Count(ForecastMethod(), ". ") != 0 {
		t.Errorf("the method is not one sentence: %q", ForecastMethod())
	}
}
