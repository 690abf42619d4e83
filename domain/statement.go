package domain

import (
	"context"
	"io"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// StatementKind is what a line of a client statement records.
type StatementKind string

const (
	StatementInvoice    StatementKind = "invoice"
	StatementCreditNote StatementKind = "credit-note"
	StatementPayment    StatementKind = "payment"
	// StatementRefund is credit paid back to the client.
	StatementRefund StatementKind = "refund"
)

// Title is the kind as people read it: "Invoice", "Credit note", "Payment".
func (k StatementKind) Title() string {
	switch k {
	case StatementInvoice:
		return "Invoice"
	case StatementCreditNote:
		return "Credit note"
	case StatementPayment:
		return "Payment"
	case StatementRefund:
		return "Refund"
	}
	return string(k)
}

// rank orders the lines of one day: invoices, then credit notes, then
// payments, then refunds.
func (k StatementKind) rank() int {
	switch k {
	case StatementInvoice:
		return 0
	case StatementCreditNote:
		return 1
	case StatementRefund:
		return 3
	}
	return 2
}

// StatementLine is one invoice, credit note or payment on a statement.
type StatementLine struct {
	Date        Date
	Kind        StatementKind
	ID          int64  // the document's or the payment's ID
	Reference   string // the document's number, or the payment's reference (may be empty)
	Description string
	Debit       decimal.Decimal // what the line adds to what the client owes: an invoice's total
	Credit      decimal.Decimal // what it takes off: a credit note's total or a payment
	Balance     decimal.Decimal // what the client owed after the line
}

// Statement is a client's account in one currency over a period: what it owed
// at the start, every invoice, credit note and payment in the period in date
// order with the balance after each, and what it owed at the end.
//
// A balance is what the client owed as the book stood at the end of a day
// (see PaymentService): issued invoices less issued credit notes less payments
// received, whatever they were allocated to. So Opening is the balance at the
// end of the day before From and Closing the balance at the end of To, which
// is the client's net in an aging report as of To: owed less unapplied credit.
// A negative balance is money the client has with us.
type Statement struct {
	Client   *Client
	Currency string
	From, To Date
	Opening  decimal.Decimal
	Lines    []StatementLine
	Closing  decimal.Decimal
	// Aging is the client's receivables as of To by days past due, with the
	// default buckets; its Net equals Closing. It has no row when the client
	// owed nothing and had no credit.
	Aging AgingReport
}

// NewStatement puts the lines in order — by date; on one day invoices, then
// credit notes, then payments; then by reference and ID — and runs the balance
// from opening down them, setting each line's Balance and the Closing.
// Aging is left for the caller.
func NewStatement(client *Client, currency string, from, to Date, opening decimal.Decimal, lines []StatementLine) Statement {
	out := append([]StatementLine(nil), lines...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Date != b.Date {
			return a.Date.Before(b.Date)
		}
		if a.Kind.rank() != b.Kind.rank() {
			return a.Kind.rank() < b.Kind.rank()
		}
		// Payments were received in the order they were recorded; document
		// numbers of one series follow their issue order.
		if a.Kind != StatementPayment && a.Reference != b.Reference {
			return a.Reference < b.Reference
		}
		return a.ID < b.ID
	})
	bal := opening
	for i := range out {
		bal = bal.Add(out[i].Debit).Sub(out[i].Credit)
		out[i].Balance = bal
	}
	return Statement{Client: client, Currency: currency, From: from, To: to, Opening: opening, Lines: out, Closing: bal}
}

// Totals returns the sums of the lines' debits and credits: Closing is
// Opening plus debit less credit.
func (s Statement) Totals() (debit, credit decimal.Decimal) {
	debit, credit = decimal.Zero, decimal.Zero
	for _, l := range s.Lines {
		debit, credit = debit.Add(l.Debit), credit.Add(l.Credit)
	}
	return debit, credit
}

// CheckStatementPeriod checks a statement's period: both dates given, the
// first not after the last. The error is EINVALID with the fields "from" and
// "to".
func CheckStatementPeriod(from, to Date) error {
	fields := map[string]string{}
	if from.IsZero() {
		fields["from"] = "enter the first day of the statement"
	}
	if to.IsZero() {
		fields["to"] = "enter the last day of the statement"
	} else if !from.IsZero() && from.After(to) {
		fields["to"] = "the last day is before the first"
	}
	if len(fields) == 0 {
		return nil
	}
	var msgs []string
	for _, k := range []string{"from", "to"} {
		if m, ok := fields[k]; ok {
			msgs = append(msgs, m)
		}
	}
	return &Error{Code: EINVALID, Message: "Check the statement's period: " + strings.Join(msgs, "; ") + ".", Fields: fields}
}

// DefaultStatementPeriod is the three months up to and including asOf: from
// the day after the same date three months earlier, so consecutive statements
// neither overlap nor leave a gap.
func DefaultStatementPeriod(asOf Date) (from, to Date) {
	return asOf.AddMonths(-3).AddDays(1), asOf
}

// StatementService draws up client statements.
type StatementService interface {
	// Statement is the client's statement in currency ("" for the client's
	// own) from the start of from to the end of to. A period that fails
	// CheckStatementPeriod or an unknown currency is EINVALID; an unknown
	// client ENOTFOUND.
	Statement(ctx context.Context, clientID int64, currency string, from, to Date) (Statement, error)
	// WriteCSV writes the statement as CSV, as exports are written: a row for
	// the opening balance, one per line and one for the closing balance, with
	// the columns date, kind, reference, description, debit, credit, balance
	// and currency.
	WriteCSV(w io.Writer, s Statement) error
}
