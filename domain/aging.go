package domain

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// AgingBuckets are the edges of an aging report, in days past due, ascending:
// {30, 60, 90} gives the buckets Current (not yet past due), 1–30, 31–60,
// 61–90 and Over 90. Each edge is the last day of its bucket, so n edges make
// n+2 buckets.
type AgingBuckets []int

// DefaultAgingBuckets returns the usual edges, {30, 60, 90}.
func DefaultAgingBuckets() AgingBuckets { return AgingBuckets{30, 60, 90} }

// Validate checks that there is at least one edge and that the edges are
// whole days above zero in strictly ascending order.
func (b AgingBuckets) Validate() error {
	v := validation{what: "Aging buckets"}
	if len(b) == 0 {
		v.add("agingBuckets", "give at least one number of days, e.g. 30, 60, 90")
	}
	for i, e := range b {
		if e <= 0 {
			v.add("agingBuckets", "the days must be more than zero")
		} else if i > 0 && e <= b[i-1] {
			v.add("agingBuckets", "the days must go up, e.g. 30, 60, 90")
		}
	}
	return v.err()
}

// orDefault returns b, or the default edges when b is not valid.
func (b AgingBuckets) orDefault() AgingBuckets {
	if b.Validate() != nil {
		return DefaultAgingBuckets()
	}
	return b
}

// Labels names the buckets as column headings: "Current", "1–30", "31–60",
// "61–90", "Over 90" for the default edges. A bucket one day wide is named by
// its day alone. Edges that fail Validate are labelled as the default ones,
// as Bucket and Age use them.
func (b AgingBuckets) Labels() []string {
	b = b.orDefault()
	out := []string{"Current"}
	lo := 1
	for _, e := range b {
		if lo == e {
			out = append(out, fmt.Sprint(e))
		} else {
			out = append(out, fmt.Sprintf("%d–%d", lo, e))
		}
		lo = e + 1
	}
	return append(out, fmt.Sprintf("Over %d", b[len(b)-1]))
}

// Bucket returns the index, into Labels, of the bucket an amount due on due
// falls in on asOf. Until and including the due date it is Current (0); one
// day later it is in the first aged bucket, and so on, the last bucket taking
// everything past the last edge. An amount without a due date is Current.
// Edges that fail Validate are replaced by the default ones.
func (b AgingBuckets) Bucket(due, asOf Date) int {
	b = b.orDefault()
	if due.IsZero() {
		return 0
	}
	late := due.DaysUntil(asOf)
	if late <= 0 {
		return 0
	}
	for i, e := range b {
		if late <= e {
			return i + 1
		}
	}
	return len(b) + 1
}

// AgingItem is an issued invoice with money open, as an aging report needs it.
type AgingItem struct {
	ClientID   int64
	ClientName string
	DocumentID int64
	Number     string
	DueDate    Date
	Open       decimal.Decimal
}

// ClientCredit is a client's unapplied credit: payments and credit notes not
// yet set against an invoice, money the client has with us.
type ClientCredit struct {
	ClientName string
	Amount     decimal.Decimal
}

// AgingRow is one client's line of an aging report.
type AgingRow struct {
	ClientID   int64
	ClientName string
	Buckets    []decimal.Decimal // open amount per bucket, in the order of the report's Labels
	Total      decimal.Decimal   // the sum of Buckets
	Credits    decimal.Decimal   // unapplied credit, shown beside the buckets and not in them
	Net        decimal.Decimal   // Total less Credits: what the client owes once its credit is used
}

// AgingReport is the receivables of one currency by client and by how long
// past due they are.
type AgingReport struct {
	AsOf    Date
	Edges   AgingBuckets // the edges used
	Labels  []string     // a heading per bucket
	Rows    []AgingRow   // one per client, by name (ignoring case) then ID
	Totals  []decimal.Decimal
	Total   decimal.Decimal
	Credits decimal.Decimal
	Net     decimal.Decimal
}

// Starts returns the earliest due date of each bucket but the last, as of
// asOf: an amount due on or after Starts[0] (asOf itself), or with no due
// date, is Current; one due on or after Starts[i] and before Starts[i-1] is
// in bucket i; one due before the last start is in the last bucket. It is
// Bucket spelt as dates, for sorting amounts into buckets where they are
// stored (by due date). Edges that fail Validate are replaced by the
// default ones.
func (b AgingBuckets) Starts(asOf Date) []Date {
	b = b.orDefault()
	out := make([]Date, 0, len(b)+1)
	out = append(out, asOf)
	for _, e := range b {
		out = append(out, asOf.AddDays(-e))
	}
	return out
}

// AgingSum is what one client has open in one bucket of an aging report
// (an index into its Labels): the sum of the open invoices that fall in it.
type AgingSum struct {
	ClientID   int64
	ClientName string
	Bucket     int
	Open       decimal.Decimal
}

// Age sorts open invoices into buckets by how many days past due they are on
// asOf (see AgingBuckets.Bucket) and adds them up per client and per bucket,
// as AgeSums does. Items with nothing open are left out.
//
// All amounts must be in one currency; a book with clients in several
// currencies ages each one separately.
func Age(items []AgingItem, credits map[int64]ClientCredit, asOf Date, edges AgingBuckets) AgingReport {
	edges = edges.orDefault()
	sums := make([]AgingSum, 0, len(items))
	for _, it := range items {
		if it.Open.IsPositive() {
			sums = append(sums, AgingSum{ClientID: it.ClientID, ClientName: it.ClientName,
				Bucket: edges.Bucket(it.DueDate, asOf), Open: it.Open})
		}
	}
	return AgeSums(sums, credits, asOf, edges)
}

// AgeSums adds up what each client has open per bucket, as summed already
// (several sums of one client and bucket add up), into an aging report.
// Each client's unapplied credit, from credits keyed by client ID, goes in a
// column of its own: it is owed to the client, not aged. A client with credit
// and nothing open still gets a row. Sums that are not positive, and credits
// that are not positive, are left out; a bucket outside the report's counts
// as its last. Edges that fail Validate (or none) are replaced by the
// default ones; the report's Edges say which were used.
func AgeSums(sums []AgingSum, credits map[int64]ClientCredit, asOf Date, edges AgingBuckets) AgingReport {
	edges = edges.orDefault()
	n := len(edges) + 2
	rep := AgingReport{
		AsOf: asOf, Edges: edges, Labels: edges.Labels(), Totals: zeros(n),
		Total: decimal.Zero, Credits: decimal.Zero, Net: decimal.Zero,
	}
	rows := map[int64]*AgingRow{}
	row := func(id int64, name string) *AgingRow {
		r, ok := rows[id]
		if !ok {
			r = &AgingRow{ClientID: id, Buckets: zeros(n), Total: decimal.Zero, Credits: decimal.Zero}
			rows[id] = r
		}
		if r.ClientName == "" {
			r.ClientName = name
		}
		return r
	}
	for _, s := range sums {
		if !s.Open.IsPositive() {
			continue
		}
		r := row(s.ClientID, s.ClientName)
		b := s.Bucket
		if b < 0 || b >= n {
			b = n - 1
		}
		r.Buckets[b] = r.Buckets[b].Add(s.Open)
		r.Total = r.Total.Add(s.Open)
		rep.Totals[b] = rep.Totals[b].Add(s.Open)
		rep.Total = rep.Total.Add(s.Open)
	}
	for id, c := range credits {
		if !c.Amount.IsPositive() {
			continue
		}
		r := row(id, c.ClientName)
		r.Credits = r.Credits.Add(c.Amount)
		rep.Credits = rep.Credits.Add(c.Amount)
	}
	rep.Net = rep.Total.Sub(rep.Credits)
	// Each name lowered once, not at every comparison (thousands of clients).
	type keyed struct {
		key string
		row AgingRow
	}
	sorted := make([]keyed, 0, len(rows))
	for _, r := range rows {
		r.Net = r.Total.Sub(r.Credits)
		sorted = append(sorted, keyed{strings.ToLower(r.ClientName), *r})
	}
	slices.SortFunc(sorted, func(a, b keyed) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.row.ClientID, b.row.ClientID)
	})
	rep.Rows = make([]AgingRow, len(sorted))
	for i := range sorted {
		rep.Rows[i] = sorted[i].row
	}
	return rep
}

// OverdueOrder is the order of an overdue list.
type OverdueOrder int

// The orders of an overdue list.
const (
	// OverdueLargest puts the most money open first.
	OverdueLargest OverdueOrder = iota
	// OverdueOldest puts the longest past due first.
	OverdueOldest
)

// Overdue returns the items past due on asOf (open, with a due date before
// it), sorted in order; ties go by the other order, then by number.
func Overdue(items []AgingItem, asOf Date, order OverdueOrder) []AgingItem {
	var out []AgingItem
	for _, it := range items {
		if it.Open.IsPositive() && !it.DueDate.IsZero() && it.DueDate.Before(asOf) {
			out = append(out, it)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		byAmount, byAge := b.Open.Cmp(a.Open), cmpDates(a.DueDate, b.DueDate)
		if order == OverdueOldest {
			byAmount, byAge = byAge, byAmount
		}
		if byAmount != 0 {
			return byAmount < 0
		}
		if byAge != 0 {
			return byAge < 0
		}
		return a.Number < b.Number
	})
	return out
}

// cmpDates is -1 when a is before b, 1 when after, 0 on the same day.
func cmpDates(a, b Date) int {
	switch {
	case a.Before(b):
		return -1
	case b.Before(a):
		return 1
	}
	return 0
}

func zeros(n int) []decimal.Decimal {
	out := make([]decimal.Decimal, n)
	for i := range out {
		out[i] = decimal.Zero
	}
	return out
}

// PaidInvoice is an invoice that has been paid in full: issued on IssueDate,
// with nothing left open from PaidDate on.
type PaidInvoice struct {
	DocumentID int64
	Number     string
	IssueDate  Date
	PaidDate   Date
}

// DaysToPay is how long clients take to pay: the average number of days from
// issue date to the day an invoice was paid in full, over the invoices paid in
// the twelve months up to and including asOf (paid after the same date a year
// earlier). An invoice paid before it was issued counts as paid in 0 days. The
// average is rounded to one decimal place, halves away from zero, from the
// exact quotient. count is how many invoices were averaged; with none, days is
// zero and means nothing.
func DaysToPay(paid []PaidInvoice, asOf Date) (days decimal.Decimal, count int) {
	from := NewDate(asOf.Year-1, asOf.Month, asOf.Day)
	total := 0
	for _, p := range paid {
		if p.IssueDate.IsZero() || p.PaidDate.IsZero() || !p.PaidDate.After(from) || p.PaidDate.After(asOf) {
			continue
		}
		total += max(p.IssueDate.DaysUntil(p.PaidDate), 0)
		count++
	}
	m := MeanPayDays(int64(total), count)
	return m.Days, m.Count
}

// DSO is days sales outstanding: how many days of sales the receivables
// represent, receivables ÷ gross credit sales over the last days days × days,
// both in one currency and both including tax (DSODefinition). It is rounded
// to one decimal place, halves away from zero, from the exact quotient (the
// multiplication comes first, so nothing is rounded twice). ok is false when
// nothing was sold in the period or days is not positive, where DSO means
// nothing.
func DSO(receivables, grossSales decimal.Decimal, days int) (dso decimal.Decimal, ok bool) {
	if !grossSales.IsPositive() || days <= 0 {
		return decimal.Zero, false
	}
	return receivables.Mul(decimal.NewFromInt(int64(days))).DivRound(grossSales, 1), true
}
