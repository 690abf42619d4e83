package domain

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

// PeriodKind is the length of a target's period: a calendar month or quarter.
type PeriodKind string

const (
	PeriodMonth   PeriodKind = "month"
	PeriodQuarter PeriodKind = "quarter"
)

// PeriodKinds lists the kinds in the order they are offered to people.
var PeriodKinds = []PeriodKind{PeriodMonth, PeriodQuarter}

// Valid reports whether k is one of the known kinds.
func (k PeriodKind) Valid() bool { return k == PeriodMonth || k == PeriodQuarter }

// Title is the kind as people read it: "Quarter".
func (k PeriodKind) Title() string {
	if k == "" {
		return ""
	}
	return strings.ToUpper(string(k[:1])) + string(k[1:])
}

// months is the length of a period of the kind, 0 for an unknown kind.
func (k PeriodKind) months() int {
	switch k {
	case PeriodMonth:
		return 1
	case PeriodQuarter:
		return 3
	}
	return 0
}

// StartOf returns the first day of the month or quarter d falls in.
func (k PeriodKind) StartOf(d Date) Date {
	if k == PeriodQuarter {
		return Date{d.Year, (d.Month-1)/3*3 + 1, 1}
	}
	return Date{d.Year, d.Month, 1}
}

// Period returns the month or quarter that begins on start, both ends
// included.
func (k PeriodKind) Period(start Date) Period {
	return Period{Start: start, End: start.AddMonths(k.months()).AddDays(-1)}
}

// checkStart says what is wrong with start as the first day of a period of
// the kind, or "" when nothing is.
func (k PeriodKind) checkStart(start Date) string {
	switch {
	case start.IsZero():
		return "enter the period, e.g. 2027-03 for a month or 2027-Q1 for a quarter"
	case k == PeriodQuarter && k.StartOf(start) != start:
		return fmt.Sprintf("a quarter starts on the first of January, April, July or October, not %s", start)
	case k == PeriodMonth && start.Day != 1:
		return fmt.Sprintf("a month starts on its first day, not %s", start)
	}
	return ""
}

var periodPattern = regexp.MustCompile(`^(\d{4})-(?:(\d{2})|[Qq]([1-4]))$`)

// ParsePeriod reads a month, "2027-03", or a quarter, "2027-Q1", and returns
// its kind and first day.
func ParsePeriod(s string) (PeriodKind, Date, error) {
	s = strings.TrimSpace(s)
	m := periodPattern.FindStringSubmatch(s)
	if m == nil {
		return "", Date{}, fmt.Errorf("%q is not a month or a quarter; write 2027-03 for March 2027 or 2027-Q1 for its first quarter", s)
	}
	year, _ := strconv.Atoi(m[1])
	if m[3] != "" {
		q, _ := strconv.Atoi(m[3])
		return PeriodQuarter, Date{year, time.Month(3*q - 2), 1}, nil
	}
	month, _ := strconv.Atoi(m[2])
	if month < 1 || month > 12 {
		return "", Date{}, fmt.Errorf("%q is not a month; months run from 01 to 12", s)
	}
	return PeriodMonth, Date{year, time.Month(month), 1}, nil
}

// Target is the revenue the account manager aims to invoice in a month or a
// quarter, in one currency: from the whole book or from one client.
type Target struct {
	ID          int64
	PeriodKind  PeriodKind
	PeriodStart Date  // the first day of the month or quarter
	ClientID    int64 // 0 for the whole book
	ClientName  string
	Amount      money.Money
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Period is the month or quarter the target is for.
func (t *Target) Period() Period { return t.PeriodKind.Period(t.PeriodStart) }

// Validate tidies and checks a target: a known period kind starting on its
// first day, and a positive amount in a known currency.
func (t *Target) Validate() error {
	t.Amount.Currency = strings.ToUpper(strings.TrimSpace(t.Amount.Currency))
	v := validation{what: "Target"}
	if !t.PeriodKind.Valid() {
		v.add("periodKind", "choose a month or a quarter")
	} else if msg := t.PeriodKind.checkStart(t.PeriodStart); msg != "" {
		v.add("period", "%s", msg)
	}
	if cur, err := money.LookupCurrency(t.Amount.Currency); err != nil {
		v.add("currency", "%s", err)
	} else if !t.Amount.Amount.IsPositive() {
		v.add("amount", "the target must be more than zero")
	} else if _, err := money.New(t.Amount.Amount, cur.Code); err != nil {
		v.add("amount", "%s", err)
	}
	return v.err()
}

// TargetFilter selects targets, in period order.
type TargetFilter struct {
	// ClientID keeps one client's targets; 0 keeps every target, the whole
	// book's and each client's.
	ClientID int64
	Currency string // "" for every currency
	// From and To keep targets whose period starts within them, inclusive;
	// zero for open-ended.
	From, To Date
}

// Attainment is how far the invoicing of a period has come towards its target.
type Attainment struct {
	PeriodKind PeriodKind
	Period     Period
	ClientID   int64 // 0 for the whole book
	// Target is the target set for the period, client and currency; nil
	// when none is.
	Target *Target
	// Invoiced is what was invoiced in the period: the issued invoices less
	// the issued credit notes dated within it, in the currency, net of tax
	// (tax collected for the state is not revenue). Void invoices and drafts
	// do not count.
	Invoiced money.Money
	// Percent is Invoiced as a percentage of the target, to one decimal
	// place, rounded half away from zero; zero without a target.
	Percent decimal.Decimal
}

// NewAttainment compares what was invoiced with the target, which may be nil.
func NewAttainment(kind PeriodKind, start Date, clientID int64, target *Target, invoiced money.Money) Attainment {
	a := Attainment{PeriodKind: kind, Period: kind.Period(start), ClientID: clientID, Target: target, Invoiced: invoiced,
		Percent: decimal.Zero}
	if target != nil && target.Amount.Amount.IsPositive() {
		a.Percent = invoiced.Amount.Mul(hundred).DivRound(target.Amount.Amount, 1)
	}
	return a
}

// CheckPeriod checks a period a report is asked for: a known kind and the
// first day of one of its periods.
func CheckPeriod(kind PeriodKind, start Date) error {
	field, msg := "period", kind.checkStart(start)
	if !kind.Valid() {
		field, msg = "periodKind", "choose a month or a quarter"
	}
	if msg == "" {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Choose the period: " + msg + ".", Fields: map[string]string{field: msg}}
}

// TargetService stores revenue targets and measures invoicing against them.
type TargetService interface {
	// SetTarget validates and stores the target for its period, client and
	// currency, replacing the amount of one already set; it sets t.ID.
	SetTarget(ctx context.Context, t *Target) error
	// FindTargets returns targets in period order, the whole book's before
	// each client's.
	FindTargets(ctx context.Context, f TargetFilter) ([]Target, error)
	// Attainment measures what was invoiced in the period, in the currency,
	// from the client (0 for the whole book), against the target set for it.
	Attainment(ctx context.Context, kind PeriodKind, start Date, currency string, clientID int64) (Attainment, error)
}
