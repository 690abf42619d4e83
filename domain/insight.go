package domain

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// DSODays is the span days sales outstanding is measured over: the
// receivables against the gross credit sales of the last 90 days.
const DSODays = 90

// DSODefinition says what the days-sales-outstanding figure is, in the words
// the Reports screen's tooltip and clientbookctl's help show. Both sides
// include tax: receivables are what clients owe on issued invoices, and
// dividing them by sales net of tax would overstate DSO by the tax rate.
const DSODefinition = "Days sales outstanding (DSO) = receivables ÷ gross credit sales over the last 90 days × 90. " +
	"Receivables: what is owed on issued invoices as of the day, tax included (after payments and credit notes). " +
	"Gross credit sales: the totals of the invoices issued in those 90 days, tax included, less the credit notes issued in them. " +
	"One currency; for one client, that client's own figures."

// KPIs are the figures at the top of the Reports screen, in one currency, for
// the whole book or one client, as of a day.
type KPIs struct {
	Currency string
	AsOf     Date
	ClientID int64 // 0 for the whole book
	// Receivables is what is owed on issued invoices, Overdue the part of
	// it past due, and Credits the unapplied credit clients have with us.
	Receivables, Overdue, Credits decimal.Decimal
	// GrossSales is what was invoiced in the DSODays to AsOf, tax included,
	// less credit notes (ReportService.GrossSales).
	GrossSales decimal.Decimal
	// DSO is days sales outstanding over DSODays (see DSODefinition);
	// HasDSO is false when nothing was sold then.
	DSO    decimal.Decimal
	HasDSO bool
	// Month and Quarter are what was invoiced in the month and the quarter
	// asOf falls in, against their targets when set.
	Month, Quarter Attainment
	// Pipeline is what the open opportunities are worth.
	Pipeline Pipeline
}

// ReadKPIs gathers the KPIs from the book's services.
func ReadKPIs(ctx context.Context, book Book, currency string, clientID int64, asOf Date) (KPIs, error) {
	k := KPIs{Currency: currency, AsOf: asOf, ClientID: clientID}
	var bal ClientBalance
	var err error
	if clientID == 0 {
		bal, err = book.Payments().BookBalance(ctx, currency, asOf)
	} else {
		bal, err = book.Payments().ClientBalance(ctx, clientID, currency, asOf)
	}
	if err != nil {
		return k, err
	}
	k.Receivables, k.Overdue, k.Credits = bal.Owed, bal.Overdue, bal.Credit
	if k.GrossSales, err = book.Reports().GrossSales(ctx, currency, asOf.AddDays(1-DSODays), asOf, clientID); err != nil {
		return k, err
	}
	k.DSO, k.HasDSO = DSO(k.Receivables, k.GrossSales, DSODays)
	if k.Month, err = book.Targets().Attainment(ctx, PeriodMonth, PeriodMonth.StartOf(asOf), currency, clientID); err != nil {
		return k, err
	}
	if k.Quarter, err = book.Targets().Attainment(ctx, PeriodQuarter, PeriodQuarter.StartOf(asOf), currency, clientID); err != nil {
		return k, err
	}
	if clientID == 0 {
		k.Pipeline, err = book.Opportunities().WeightedPipeline(ctx, currency)
		return k, err
	}
	opps, err := book.Opportunities().FindOpportunities(ctx, OpportunityFilter{ClientID: clientID, Status: OpportunityOpen, Currency: currency})
	k.Pipeline = PipelineOf(currency, opps)
	return k, err
}

// PriorPeriod is the period a report compares p with: the same dates as
// many whole years earlier as it takes to end before p starts — a year for
// up to twelve months, so that the year to date is set against the same
// dates last year.
func PriorPeriod(p Period) Period {
	years := 1
	for !p.Start.AddMonths(12 * years).After(p.End) {
		years++
	}
	return Period{Start: p.Start.AddMonths(-12 * years), End: p.End.AddMonths(-12 * years)}
}

// Growth is how much current is up on prior, in percent to one decimal
// place, rounded half away from zero. ok is false when prior is not
// positive, where growth means nothing.
func Growth(current, prior decimal.Decimal) (pct decimal.Decimal, ok bool) {
	if !prior.IsPositive() {
		return decimal.Zero, false
	}
	return current.Sub(prior).Mul(hundred).DivRound(prior, 1), true
}

// AccountHealth is one client's standing in a report's period and currency.
type AccountHealth struct {
	ClientID   int64
	ClientName string
	// Revenue is the period's, PriorRevenue that of its PriorPeriod, and
	// Growth the one on the other (see Growth; HasGrowth false without
	// prior revenue).
	Revenue, PriorRevenue decimal.Decimal
	Growth                decimal.Decimal
	HasGrowth             bool
	// Balance is what the client owes as of the report's day once its
	// credit is used: negative when we owe it.
	Balance decimal.Decimal
	// DaysToPay is how long its invoices paid in full in the period took.
	DaysToPay PayDays
	// LastContacted is when it was last called, emailed, met or visited;
	// zero for never.
	LastContacted time.Time
	// OpenComplaints counts its complaints not yet settled.
	OpenComplaints int
	// NextRenewal is the soonest end of its active or lapsed contracts;
	// zero when none has an end date.
	NextRenewal Date
}

// ReadAccountHealth gathers, for every client with revenue in the period or
// the prior one, or a balance as of asOf — or for the one client given —
// its AccountHealth, by name.
func ReadAccountHealth(ctx context.Context, book Book, currency string, p Period, clientID int64, asOf Date) ([]AccountHealth, error) {
	rows := map[int64]*AccountHealth{}
	row := func(id int64, name string) *AccountHealth {
		r := rows[id]
		if r == nil {
			r = &AccountHealth{ClientID: id, ClientName: name, Revenue: decimal.Zero, PriorRevenue: decimal.Zero,
				Growth: decimal.Zero, Balance: decimal.Zero, DaysToPay: MeanPayDays(0, 0)}
			rows[id] = r
		}
		return r
	}
	wanted := func(id int64) bool { return clientID == 0 || id == clientID }
	prior := PriorPeriod(p)
	for _, span := range []struct {
		p   Period
		set func(*AccountHealth, decimal.Decimal)
	}{
		{p, func(r *AccountHealth, v decimal.Decimal) { r.Revenue = v }},
		{prior, func(r *AccountHealth, v decimal.Decimal) { r.PriorRevenue = v }},
	} {
		vs, err := book.Reports().RevenueByClient(ctx, currency, span.p.Start, span.p.End, 0)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			if wanted(v.ID) {
				span.set(row(v.ID, v.Name), v.Amount)
			}
		}
	}
	aging, err := book.Payments().Aging(ctx, asOf, currency, nil)
	if err != nil {
		return nil, err
	}
	for _, a := range aging.Rows {
		if wanted(a.ClientID) && !a.Net.IsZero() {
			row(a.ClientID, a.ClientName).Balance = a.Net
		}
	}
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]int64, 0, len(rows))
	for id := range rows {
		ids = append(ids, id)
	}
	days, err := book.Reports().DaysToPayByClient(ctx, currency, p.Start, p.End, clientID)
	if err != nil {
		return nil, err
	}
	contacted, err := book.Activities().LastContactedFor(ctx, ids)
	if err != nil {
		return nil, err
	}
	complaints, err := book.Complaints().OpenCounts(ctx)
	if err != nil {
		return nil, err
	}
	for _, st := range []ContractStatus{ContractActive, ContractLapsed} {
		cs, err := book.Contracts().FindContracts(ctx, ContractFilter{ClientID: clientID, Status: st})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if r := rows[c.ClientID]; r != nil && !c.End.IsZero() && (r.NextRenewal.IsZero() || c.End.Before(r.NextRenewal)) {
				r.NextRenewal = c.End
			}
		}
	}
	out := make([]AccountHealth, 0, len(rows))
	for id, r := range rows {
		r.Growth, r.HasGrowth = Growth(r.Revenue, r.PriorRevenue)
		if d, ok := days[id]; ok {
			r.DaysToPay = d
		}
		r.LastContacted = contacted[id]
		r.OpenComplaints = complaints[id]
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i].ClientName), strings.ToLower(out[j].ClientName)
		if a != b {
			return a < b
		}
		return out[i].ClientID < out[j].ClientID
	})
	return out, nil
}
