package reports

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/chart"
	"clientbook/domain/money"
)

// The periods the filter offers.
const (
	periodLast12   = "Last 12 months"
	periodLast24   = "Last 24 months"
	periodThisYr   = "This year"
	periodLastYr   = "Last year"
	forecastMonths = 6  // how many months the forecast looks ahead, this one first
	topN           = 10 // how many clients and items the rankings show
)

var periodNames = []string{periodLast12, periodLast24, periodThisYr, periodLastYr}

// periodFor is the span a period filter covers on day: the last 12 or 24
// months to day (the current month so far included), the year to day, or
// the whole of last year.
func periodFor(name string, day domain.Date) domain.Period {
	switch name {
	case periodLast24:
		return domain.Period{Start: domain.FirstOfMonth(day).AddMonths(-23), End: day}
	case periodThisYr:
		return domain.Period{Start: domain.NewDate(day.Year, 1, 1), End: day}
	case periodLastYr:
		return domain.Period{Start: domain.NewDate(day.Year-1, 1, 1), End: domain.NewDate(day.Year-1, 12, 31)}
	}
	return domain.Period{Start: domain.FirstOfMonth(day).AddMonths(-11), End: day}
}

// filters are what the bar at the top of the screen chose.
type filters struct {
	currency   string // "" for the company's
	periodName string
	period     domain.Period
	clientID   int64 // 0 for every client
	clientName string
	asOf       domain.Date
}

// snapshot is everything the screen shows for one choice of filters, read
// off the UI goroutine.
type snapshot struct {
	f          filters
	currencies []string // the company's first, then those invoiced in
	issued     bool     // whether anything has been invoiced in any currency

	kpis        domain.KPIs
	months      []domain.MonthValue // revenue in the period's months
	yearEarlier []domain.MonthValue // the same months a year earlier
	aging       []domain.AgedMonth  // at the end of each of the period's months
	agingLabels []string            // the aging's buckets
	topClients  []domain.NamedValue // none with a client chosen (see clientsSpec)
	topItems    []domain.NamedValue
	days        []domain.MonthPayDays
	targets     []domain.Target // the period's targets of the book (or the client) in the currency
	forecast    []domain.ForecastMonth
	health      []domain.AccountHealth
}

// read gathers a snapshot from the book.
func read(ctx context.Context, book domain.Book, f filters) (*snapshot, error) {
	co, err := book.Company().Company(ctx)
	if err != nil {
		return nil, err
	}
	invoiced, err := book.Reports().Currencies(ctx)
	if err != nil {
		return nil, err
	}
	s := &snapshot{issued: len(invoiced) > 0, currencies: []string{co.Currency}}
	for _, c := range invoiced {
		if !slices.Contains(s.currencies, c) {
			s.currencies = append(s.currencies, c)
		}
	}
	if !slices.Contains(s.currencies, f.currency) {
		f.currency = co.Currency
	}
	s.f = f
	cur, p, id := f.currency, f.period, f.clientID
	reports := book.Reports()
	if s.kpis, err = domain.ReadKPIs(ctx, book, cur, id, f.asOf); err != nil {
		return nil, err
	}
	if s.months, err = reports.RevenueByMonth(ctx, cur, p.Start, p.End, id); err != nil {
		return nil, err
	}
	if s.yearEarlier, err = reports.RevenueByMonth(ctx, cur, p.Start.AddMonths(-12), p.End.AddMonths(-12), id); err != nil {
		return nil, err
	}
	if s.agingLabels, s.aging, err = book.Payments().MonthEndAging(ctx, cur, p.Start, p.End, f.asOf, id); err != nil {
		return nil, err
	}
	if id == 0 {
		if s.topClients, err = reports.RevenueByClient(ctx, cur, p.Start, p.End, topN); err != nil {
			return nil, err
		}
	}
	if s.topItems, err = reports.RevenueByItem(ctx, cur, p.Start, p.End, id, topN); err != nil {
		return nil, err
	}
	if s.days, err = reports.DaysToPayByMonth(ctx, cur, p.Start, p.End, id); err != nil {
		return nil, err
	}
	targets, err := book.Targets().FindTargets(ctx, domain.TargetFilter{ClientID: id, Currency: cur,
		From: domain.PeriodQuarter.StartOf(p.Start), To: p.End})
	if err != nil {
		return nil, err
	}
	for _, t := range targets {
		if t.ClientID == id && !t.Period().End.Before(p.Start) {
			s.targets = append(s.targets, t)
		}
	}
	if s.forecast, err = domain.ForecastFor(ctx, book, cur, id, f.asOf, forecastMonths); err != nil {
		return nil, err
	}
	if s.health, err = domain.ReadAccountHealth(ctx, book, cur, p, id, f.asOf); err != nil {
		return nil, err
	}
	return s, nil
}

// money writes an amount of the snapshot's currency: "1,234.50".
func (s *snapshot) money(d decimal.Decimal) string {
	return money.Money{Amount: d, Currency: s.f.currency}.Format()
}

// spec starts a chart of the snapshot's currency.
func (s *snapshot) spec(kind chart.Kind, title, empty string) chart.Spec {
	return chart.Spec{Kind: kind, Title: title, ValueLabel: s.f.currency, EmptyMessage: empty,
		Format: func(d decimal.Decimal) string { return s.money(d) }}
}

// forWhom is how a chart's empty message names whose figures it lacks.
func (s *snapshot) forWhom() string {
	if s.f.clientID != 0 {
		return " for " + s.f.clientName
	}
	return ""
}

// revenueSpec is revenue by month with the same months a year earlier
// (domain.RevenueChart), saying when empty which period and client it
// covers.
func (s *snapshot) revenueSpec() chart.Spec {
	sp := domain.RevenueChart(s.f.currency, s.months, s.yearEarlier)
	sp.EmptyMessage = fmt.Sprintf("Nothing was invoiced in %s in this period or the year before%s.", s.f.currency, s.forWhom())
	return sp
}

// agingSpec is what was owed at each month's end by how long past due
// (domain.AgedChart), saying when empty which period and client it covers.
func (s *snapshot) agingSpec() chart.Spec {
	sp := domain.AgedChart(s.f.currency, s.agingLabels, s.aging)
	sp.EmptyMessage = fmt.Sprintf("Nothing was owed in %s in this period%s.", s.f.currency, s.forWhom())
	return sp
}

// rankSpec is a top-ten list as horizontal bars.
func (s *snapshot) rankSpec(title, empty string, vs []domain.NamedValue, name func(domain.NamedValue) string) chart.Spec {
	sp := s.spec(chart.HorizontalBars, title, empty)
	ser := chart.Series{Name: "Revenue"}
	for _, v := range vs {
		sp.Categories = append(sp.Categories, name(v))
		ser.Values = append(ser.Values, decimal.NewNullDecimal(v.Amount))
	}
	if len(vs) > 0 {
		sp.Series = []chart.Series{ser}
	}
	return sp
}

// clientsSpec ranks the top clients; with one client chosen it sets its
// revenue against the period before instead.
func (s *snapshot) clientsSpec() chart.Spec {
	if s.f.clientID == 0 {
		return s.rankSpec("Top 10 clients by revenue, net of tax", fmt.Sprintf("No client was invoiced in %s in this period.", s.f.currency),
			s.topClients, func(v domain.NamedValue) string { return v.Name })
	}
	var vs []domain.NamedValue
	for _, r := range s.health {
		if r.ClientID == s.f.clientID {
			vs = []domain.NamedValue{{Name: "This period", Amount: r.Revenue}, {Name: "The period before", Amount: r.PriorRevenue}}
		}
	}
	return s.rankSpec(s.f.clientName+", against the period before",
		fmt.Sprintf("%s was not invoiced in %s in this period or the one before.", s.f.clientName, s.f.currency),
		vs, func(v domain.NamedValue) string { return v.Name })
}

// freeText names the lines typed without a catalog item.
const freeText = "Lines without an item"

func (s *snapshot) itemsSpec() chart.Spec {
	return s.rankSpec("Top 10 items by revenue, net of tax", fmt.Sprintf("Nothing was invoiced in %s in this period%s.", s.f.currency, s.forWhom()),
		s.topItems, func(v domain.NamedValue) string {
			if v.ID == 0 {
				return freeText
			}
			return v.Name
		})
}

// daysSpec is the average days to pay of the invoices paid each month; a
// month in which none was paid is a gap.
func (s *snapshot) daysSpec() chart.Spec {
	sp := s.spec(chart.Line, "Average days to pay, by month paid",
		fmt.Sprintf("No invoice in %s was paid in full in this period%s.", s.f.currency, s.forWhom()))
	sp.ValueLabel = "days"
	sp.Format = func(d decimal.Decimal) string { return d.StringFixed(1) + " days" }
	ser := chart.Series{Name: "Days to pay"}
	some := false
	for _, m := range s.days {
		sp.Categories = append(sp.Categories, domain.MonthLabel(m.Month))
		v := decimal.NullDecimal{}
		if m.Count > 0 {
			v, some = decimal.NewNullDecimal(m.Days), true
		}
		ser.Values = append(ser.Values, v)
	}
	if some {
		sp.Series = []chart.Series{ser}
	}
	return sp
}

// targetSpec sets each target of the period against what was invoiced in
// it: by month when monthly targets are set, else by quarter.
func (s *snapshot) targetSpec() chart.Spec {
	sp := s.spec(chart.Bars, "Invoiced net of tax against target",
		fmt.Sprintf("No revenue targets in %s are set for this period%s; set them under Pipeline → Sales targets.", s.f.currency, s.forWhom()))
	kind := domain.PeriodQuarter
	for _, t := range s.targets {
		if t.PeriodKind == domain.PeriodMonth {
			kind = domain.PeriodMonth
		}
	}
	byStart := map[domain.Date]decimal.Decimal{}
	for _, t := range s.targets {
		if t.PeriodKind == kind {
			byStart[t.PeriodStart] = t.Amount.Amount
		}
	}
	if len(byStart) == 0 {
		return sp
	}
	invoiced := map[domain.Date]decimal.Decimal{}
	var starts []domain.Date
	for _, m := range s.months {
		start := kind.StartOf(m.Month)
		if _, ok := invoiced[start]; !ok {
			starts = append(starts, start)
		}
		invoiced[start] = invoiced[start].Add(m.Amount)
	}
	target := chart.Series{Name: "Target"}
	done := chart.Series{Name: "Invoiced"}
	for _, start := range starts {
		label := domain.MonthLabel(start)
		if kind == domain.PeriodQuarter {
			label = kind.Period(start).Label()
		}
		sp.Categories = append(sp.Categories, label)
		t := decimal.NullDecimal{}
		if v, ok := byStart[start]; ok {
			t = decimal.NewNullDecimal(v)
		}
		target.Values = append(target.Values, t)
		done.Values = append(done.Values, decimal.NewNullDecimal(invoiced[start]))
	}
	sp.Series = []chart.Series{target, done}
	return sp
}

// forecastSpec is the coming months: what the contracts will bill and the
// weighted pipeline as bars, the trend as a line inside its band.
func (s *snapshot) forecastSpec() chart.Spec {
	sp := s.spec(chart.BarsWithBand, fmt.Sprintf("Forecast, next %d months", forecastMonths),
		fmt.Sprintf("Nothing to forecast in %s%s yet: no revenue, contracts or open opportunities.", s.f.currency, s.forWhom()))
	contracted := chart.Series{Name: "Contracted"}
	weighted := chart.Series{Name: "Pipeline, weighted"}
	low := chart.Series{Name: "Trend range", Kind: chart.BandLow}
	high := chart.Series{Name: "Trend range", Kind: chart.BandHigh}
	trend := chart.Series{Name: "Trend", Kind: chart.LineSeries}
	some := false
	for _, m := range s.forecast {
		sp.Categories = append(sp.Categories, domain.MonthLabel(m.Month))
		for _, v := range []struct {
			ser *chart.Series
			d   decimal.Decimal
		}{{&contracted, m.Contracted}, {&weighted, m.Weighted}, {&low, m.Low}, {&high, m.High}, {&trend, m.Trend}} {
			v.ser.Values = append(v.ser.Values, decimal.NewNullDecimal(v.d))
			some = some || !v.d.IsZero()
		}
	}
	if some {
		sp.Series = []chart.Series{contracted, weighted, low, high, trend}
	}
	return sp
}

// The ways the account health table sorts.
const (
	sortGrowth  = "Growth"
	sortBalance = "Balance"
	sortRevenue = "Revenue"
	sortDays    = "Days to pay"
	sortName    = "Name"
)

var sortNames = []string{sortGrowth, sortBalance, sortRevenue, sortDays, sortName}

// sortHealth orders the rows, largest first (by name A–Z): growth puts the
// clients without prior revenue, whose growth means nothing, last; days to
// pay puts those with no invoice paid last.
func sortHealth(rows []domain.AccountHealth, by string) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		switch by {
		case sortGrowth:
			if a.HasGrowth != b.HasGrowth {
				return a.HasGrowth
			}
			if c := a.Growth.Cmp(b.Growth); c != 0 {
				return c > 0
			}
		case sortBalance:
			if c := a.Balance.Cmp(b.Balance); c != 0 {
				return c > 0
			}
		case sortRevenue:
			if c := a.Revenue.Cmp(b.Revenue); c != 0 {
				return c > 0
			}
		case sortDays:
			if (a.DaysToPay.Count > 0) != (b.DaysToPay.Count > 0) {
				return a.DaysToPay.Count > 0
			}
			if c := a.DaysToPay.Days.Cmp(b.DaysToPay.Days); c != 0 {
				return c > 0
			}
		}
		return strings.ToLower(a.ClientName) < strings.ToLower(b.ClientName)
	})
}

// healthTexts is one client's row of the account health table: name,
// revenue, growth, balance, days to pay, last contacted, open complaints
// and next renewal.
func (s *snapshot) healthTexts(r domain.AccountHealth) []string {
	growth := "new"
	switch {
	case r.HasGrowth && r.Growth.IsPositive():
		growth = "+" + r.Growth.StringFixed(1) + "%"
	case r.HasGrowth:
		growth = r.Growth.StringFixed(1) + "%"
	case r.Revenue.IsZero():
		growth = "—"
	}
	days := "—"
	if r.DaysToPay.Count > 0 {
		days = r.DaysToPay.Days.StringFixed(1)
	}
	contacted := "never"
	if !r.LastContacted.IsZero() {
		contacted = domain.DateOf(r.LastContacted.Local()).String()
	}
	complaints := ""
	if r.OpenComplaints > 0 {
		complaints = fmt.Sprint(r.OpenComplaints)
	}
	renewal := "—"
	if !r.NextRenewal.IsZero() {
		renewal = r.NextRenewal.String()
	}
	return []string{r.ClientName, s.money(r.Revenue), growth, s.money(r.Balance), days, contacted, complaints, renewal}
}
