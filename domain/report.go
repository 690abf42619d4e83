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
