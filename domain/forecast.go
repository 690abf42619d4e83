package domain

import (
	"context"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

// ForecastMonth is what one coming month is expected to bring in one
// currency, net of tax, seen three ways.
type ForecastMonth struct {
	Month Date // the first day of the month
	// Contracted is what the contracts will bill in the month: the net of
	// every period of an active contract whose billing date falls in it.
	Contracted decimal.Decimal
	// Weighted is the open opportunities expected to close in the month,
	// each value times its probability, rounded to the currency.
	Weighted decimal.Decimal
	// Trend is what the revenue history suggests for the month, and Low and
	// High the band around it: the trend less and plus the method's mean
	// absolute error over the last twelve months, Low never below zero.
	Trend, Low, High decimal.Decimal
}

// ForecastMethod says in one sentence how Forecast works, for under a chart
// of it.
func ForecastMethod() string {
	return "Trend is the same month last year scaled by the last 12 months' growth over the 12 before " +
		"(with under two years of history, the mean of the last 3 months), the band is ± its average miss " +
		"over the last 12 months, contracted is what active contracts will bill (auto-renewing ones assumed " +
		"renewed) and pipeline is each open opportunity's value × probability in its expected-close month, " +
		"all net of tax."
}

// Forecast expects the months from from's month on, months of them, in one
// currency.
//
// Contracted counts the periods of each active contract in the currency
// whose billing date falls in the month, at the net of its lines as a
// tax-exclusive invoice rounded per line would have it; a contract that
// renews automatically is assumed to go on past its end. Weighted adds up the
// open opportunities in the currency expected to close in the month;
// opportunities whose expected close has already passed are left out.
//
// Trend comes from history, the revenue of the months before from (months
// from from on, and months missing, are ignored). When the history reaches
// back two years — it has revenue in the month two years before from, or
// earlier — and the year before last had revenue, the trend of a month is the
// same month a year earlier (itself forecast, beyond twelve months) times the
// last twelve months' revenue over the twelve before, rounded once to the
// currency. Otherwise it is the mean of the last three months since the first
// month with revenue, rounded; with no revenue at all it is zero. The band is
// the trend plus and minus the mean absolute error the same method makes on
// each of the last twelve months it can be tried on (the seasonal one with
// the same growth factor), rounded; without any such month it is no band.
func Forecast(history []MonthValue, contracts []Contract, opportunities []Opportunity, from Date, months int, currency string) []ForecastMonth {
	exp := int32(2)
	if c, err := money.LookupCurrency(currency); err == nil {
		exp, currency = c.Exponent, c.Code
	}
	from = FirstOfMonth(from)
	if months <= 0 {
		return nil
	}
	out := make([]ForecastMonth, months)
	index := map[Date]int{}
	for i := range out {
		m := from.AddMonths(i)
		out[i] = ForecastMonth{Month: m, Contracted: decimal.Zero, Weighted: decimal.Zero}
		index[m] = i
	}
	last := from.AddMonths(months).AddDays(-1)

	for i := range contracts {
		c := contracts[i]
		if c.Status != ContractActive || c.Currency != currency {
			continue
		}
		if c.AutoRenew {
			c.End = Date{}
		}
		net := contractNet(&c, exp)
		for _, p := range c.Periods(last) {
			if k, ok := index[FirstOfMonth(c.BillingDate(p))]; ok {
				out[k].Contracted = out[k].Contracted.Add(net)
			}
		}
	}
	for i := range opportunities {
		o := &opportunities[i]
		if o.Status != OpportunityOpen || o.Value.Currency != currency {
			continue
		}
		if k, ok := index[FirstOfMonth(o.ExpectedClose)]; ok {
			out[k].Weighted = out[k].Weighted.Add(o.Weighted())
		}
	}

	h := newRevenueHistory(history, from)
	trend, mae := h.seasonal(exp)
	if trend == nil {
		trend, mae = h.recentMean(exp)
	}
	for i := range out {
		t := trend(out[i].Month)
		h.values[out[i].Month] = t
		out[i].Weighted = out[i].Weighted.Round(exp)
		out[i].Trend, out[i].High = t, t.Add(mae)
		out[i].Low = decimal.Max(t.Sub(mae), decimal.Zero)
	}
	return out
}

// contractNet is the net of one of the contract's invoices: its lines as a
// tax-exclusive invoice rounded per line, half away from zero.
func contractNet(c *Contract, exp int32) decimal.Decimal {
	in := TotalsInput{Exponent: exp, Rounding: DefaultRounding}
	for _, l := range c.Lines {
		in.Lines = append(in.Lines, TotalsLine{Quantity: l.Quantity, UnitPrice: l.UnitPrice, Taxes: l.Taxes})
	}
	t, err := ComputeTotals(in)
	if err != nil {
		return decimal.Zero
	}
	return t.Net
}

// revenueHistory is the revenue of the months before a forecast starts.
type revenueHistory struct {
	from   Date
	values map[Date]decimal.Decimal
	first  Date // the first month with revenue; zero for none
}

func newRevenueHistory(history []MonthValue, from Date) *revenueHistory {
	h := &revenueHistory{from: from, values: map[Date]decimal.Decimal{}}
	for _, mv := range history {
		m := FirstOfMonth(mv.Month)
		if !m.Before(from) {
			continue
		}
		h.values[m] = mv.Amount
		if !mv.Amount.IsZero() && (h.first.IsZero() || m.Before(h.first)) {
			h.first = m
		}
	}
	return h
}

// sum adds up the n months before the month before (missing months are
// zero).
func (h *revenueHistory) sum(before Date, n int) decimal.Decimal {
	s := decimal.Zero
	for i := 1; i <= n; i++ {
		s = s.Add(h.values[before.AddMonths(-i)])
	}
	return s
}

// seasonal returns the same-month-last-year trend and its mean absolute
// error over the last twelve months, or a nil trend when the history is too
// short for it.
func (h *revenueHistory) seasonal(exp int32) (func(Date) decimal.Decimal, decimal.Decimal) {
	if h.first.IsZero() || h.first.After(h.from.AddMonths(-24)) {
		return nil, decimal.Zero
	}
	recent, earlier := h.sum(h.from, 12), h.sum(h.from.AddMonths(-12), 12)
	if !earlier.IsPositive() {
		return nil, decimal.Zero
	}
	trend := func(m Date) decimal.Decimal {
		return h.values[m.AddMonths(-12)].Mul(recent).DivRound(earlier, exp)
	}
	miss := decimal.Zero
	for i := 1; i <= 12; i++ {
		m := h.from.AddMonths(-i)
		miss = miss.Add(h.values[m].Sub(trend(m)).Abs())
	}
	return trend, miss.DivRound(decimal.NewFromInt(12), exp)
}

// recentMean returns the trend of the mean of the last three months since
// the first with revenue, and its mean absolute error over the last twelve
// months that have at least one such month before them.
func (h *revenueHistory) recentMean(exp int32) (func(Date) decimal.Decimal, decimal.Decimal) {
	zero := func(Date) decimal.Decimal { return decimal.Zero }
	if h.first.IsZero() {
		return zero, decimal.Zero
	}
	// mean is the mean of the up to three months before m since the first.
	mean := func(m Date) (decimal.Decimal, bool) {
		s, n := decimal.Zero, 0
		for i := 1; i <= 3; i++ {
			p := m.AddMonths(-i)
			if p.Before(h.first) {
				break
			}
			s, n = s.Add(h.values[p]), n+1
		}
		if n == 0 {
			return decimal.Zero, false
		}
		return s.DivRound(decimal.NewFromInt(int64(n)), exp), true
	}
	level, _ := mean(h.from)
	miss, tried := decimal.Zero, 0
	for i := 1; i <= 12; i++ {
		m := h.from.AddMonths(-i)
		if guess, ok := mean(m); ok {
			miss, tried = miss.Add(h.values[m].Sub(guess).Abs()), tried+1
		}
	}
	mae := decimal.Zero
	if tried > 0 {
		mae = miss.DivRound(decimal.NewFromInt(int64(tried)), exp)
	}
	return func(Date) decimal.Decimal { return level }, mae
}

// ForecastHistoryMonths is how many months of revenue ForecastFor reads
// before the forecast: enough to tell whether the history reaches back two
// years.
const ForecastHistoryMonths = 36

// ForecastFor reads what Forecast needs from the book — the revenue of the
// ForecastHistoryMonths before from, the active contracts and the open
// opportunities in the currency, of one client or (clientID 0) all — and
// forecasts months months from from's month.
func ForecastFor(ctx context.Context, book Book, currency string, clientID int64, from Date, months int) ([]ForecastMonth, error) {
	from = FirstOfMonth(from)
	history, err := book.Reports().RevenueByMonth(ctx, currency, from.AddMonths(-ForecastHistoryMonths), from.AddDays(-1), clientID)
	if err != nil {
		return nil, err
	}
	contracts, err := book.Contracts().FindContracts(ctx, ContractFilter{ClientID: clientID, Status: ContractActive})
	if err != nil {
		return nil, err
	}
	opps, err := book.Opportunities().FindOpportunities(ctx, OpportunityFilter{ClientID: clientID, Status: OpportunityOpen,
		Currency: currency})
	if err != nil {
		return nil, err
	}
	return Forecast(history, contracts, opps, from, months, currency), nil
}
