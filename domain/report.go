package domain

import (
	"context"

	"github.com/shopspring/decimal"
)

// MonthValue is an amount for one calendar month; Month is its first day.
type MonthValue struct {
	Month  Date
	Amount decimal.Decimal
}

// NamedValue is an amount for one client (or item): its ID, name and amount.
type NamedValue struct {
	ID     int64
	Name   string
	Amount decimal.Decimal
}

// Revenue in reports is what was invoiced net of tax: issued invoices less
// issued credit notes, after discounts, by issue date, in one currency. Void
// documents and drafts do not count.

// ReportService answers the questions the Reports screen and the command
// line ask of the whole book.
type ReportService interface {
	// Currencies lists the currencies issued invoices were made in, the one
	// with the most revenue first.
	Currencies(ctx context.Context) ([]string, error)
	// RevenueByMonth returns revenue for every month from from's month to
	// to's month inclusive, months without revenue as zero.
	RevenueByMonth(ctx context.Context, currency string, from, to Date, clientID int64) ([]MonthValue, error)
	// RevenueByClient returns the clients with the most revenue in the
	// period, at most limit of them (0 for all), largest first.
	RevenueByClient(ctx context.Context, currency string, from, to Date, limit int) ([]NamedValue, error)
	// Revenue is the revenue of the period, from its first day to its
	// last, of one client or (0) all.
	Revenue(ctx context.Context, currency string, from, to Date, clientID int64) (decimal.Decimal, error)
	// GrossSales is what was sold on credit in the period, tax included:
	// the totals of the issued invoices dated in it less those of the
	// issued credit notes dated in it, of one client or (0) all. It is what
	// receivables, which include tax, are measured against (DSO).
	GrossSales(ctx context.Context, currency string, from, to Date, clientID int64) (decimal.Decimal, error)
	// RevenueByItem returns the catalog items with the most revenue in the
	// period, of one client or (0) all, at most limit of them (0 for all),
	// largest first. Each line counts its LineTotals.Revenue, so the items
	// add up to the period's Revenue exactly; lines typed without an item
	// are together under ID 0 with no name.
	RevenueByItem(ctx context.Context, currency string, from, to Date, clientID int64, limit int) ([]NamedValue, error)
	// DaysToPayByMonth returns, for every month from from's month to to's
	// month inclusive, how long the invoices paid in full in it took, of one
	// client or (0) all. An invoice is paid in full on the first day nothing
	// is left open on it, counting each allocation from the later of its
	// payment's date and the invoice's issue date and each credit note from
	// its issue date, as PaymentService's as-of reports do; an invoice for
	// nothing is left out.
	DaysToPayByMonth(ctx context.Context, currency string, from, to Date, clientID int64) ([]MonthPayDays, error)
	// DaysToPayByClient returns how long each client's invoices paid in
	// full in the period took (every client's, or clientID's alone);
	// clients with none are absent.
	DaysToPayByClient(ctx context.Context, currency string, from, to Date, clientID int64) (map[int64]PayDays, error)
}

// PayDays is how long invoices took to be paid in full: the mean number of
// days from issue to paid over Count invoices, as DaysToPay rounds it. With
// no invoices Days is zero and means nothing.
type PayDays struct {
	Days  decimal.Decimal
	Count int
}

// MeanPayDays averages totalDays over count invoices to one decimal place,
// halves away from zero.
func MeanPayDays(totalDays int64, count int) PayDays {
	if count <= 0 {
		return PayDays{Days: decimal.Zero}
	}
	return PayDays{Days: decimal.NewFromInt(totalDays).DivRound(decimal.NewFromInt(int64(count)), 1), Count: count}
}

// MonthPayDays is how long the invoices paid in full in one month took.
type MonthPayDays struct {
	Month Date
	PayDays
}

// FirstOfMonth is the first day of d's month.
func FirstOfMonth(d Date) Date { return NewDate(d.Year, d.Month, 1) }

// Months lists the first days of the months from from's month to to's.
func Months(from, to Date) []Date {
	var out []Date
	for m := FirstOfMonth(from); !m.After(to); m = m.AddMonths(1) {
		out = append(out, m)
	}
	return out
}
