package domain

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

// PaymentMethod is how a client paid.
type PaymentMethod string

const (
	MethodBankTransfer PaymentMethod = "bank-transfer"
	MethodCard         PaymentMethod = "card"
	MethodCash         PaymentMethod = "cash"
	MethodCheque       PaymentMethod = "cheque"
	MethodOther        PaymentMethod = "other"
)

// PaymentMethods lists every method in the order a form offers them.
func PaymentMethods() []PaymentMethod {
	return []PaymentMethod{MethodBankTransfer, MethodCard, MethodCash, MethodCheque, MethodOther}
}

// Valid reports whether m is one of PaymentMethods.
func (m PaymentMethod) Valid() bool {
	switch m {
	case MethodBankTransfer, MethodCard, MethodCash, MethodCheque, MethodOther:
		return true
	}
	return false
}

// Title is the method as people read it: "Bank transfer", "Cheque".
func (m PaymentMethod) Title() string {
	switch m {
	case MethodBankTransfer:
		return "Bank transfer"
	case MethodCard:
		return "Card"
	case MethodCash:
		return "Cash"
	case MethodCheque:
		return "Cheque"
	case MethodOther:
		return "Other"
	}
	return string(m)
}

// Payment is money received from a client. Allocations set parts of it against
// the client's invoices; whatever is not allocated is unapplied credit the
// client has with us, to be allocated later or refunded.
type Payment struct {
	ID          int64
	ClientID    int64
	ClientName  string // filled in when read, for display
	Date        Date   // the day the money arrived
	Amount      money.Money
	Method      PaymentMethod
	Reference   string // the bank's or the client's reference
	Note        string
	Allocations []Allocation
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Allocation is the part of a payment set against one invoice, in the
// payment's currency (which is the invoice's: an allocation never converts).
type Allocation struct {
	ID             int64
	PaymentID      int64
	DocumentID     int64
	DocumentNumber string // filled in when read, for display
	Amount         decimal.Decimal
}

// AllocationField names a field of the i-th allocation (from zero) in
// FieldErrors: AllocationField(0, "amount") is "allocations.0.amount".
func AllocationField(i int, field string) string {
	return fmt.Sprintf("allocations.%d.%s", i, field)
}

// Allocated returns the sum of the payment's allocations.
func (p *Payment) Allocated() decimal.Decimal {
	sum := decimal.Zero
	for _, a := range p.Allocations {
		sum = sum.Add(a.Amount)
	}
	return sum
}

// Unapplied returns the part of the payment not allocated to any invoice: the
// amount minus the allocations. It is negative only for a payment that fails
// Validate because its allocations exceed it.
func (p *Payment) Unapplied() decimal.Decimal { return p.Amount.Amount.Sub(p.Allocated()) }

// Validate tidies and checks a payment on its own: a positive amount in a known
// currency with no more decimals than its minor unit, a date, a known method,
// and allocations that are positive, each to a different invoice, and in total
// no more than the payment. Checks against the invoices themselves (their open
// amounts and currencies) are in CheckAllocations.
func (p *Payment) Validate() error {
	p.Amount.Currency = strings.ToUpper(strings.TrimSpace(p.Amount.Currency))
	p.Reference = strings.TrimSpace(p.Reference)
	p.Note = strings.TrimSpace(p.Note)
	v := validation{what: "Payment"}
	if p.ClientID == 0 {
		v.add("client", "choose the client who paid")
	}
	cur, err := money.LookupCurrency(p.Amount.Currency)
	if err != nil {
		v.add("currency", "%s", err)
	}
	switch {
	case !p.Amount.Amount.IsPositive():
		v.add("amount", "the amount must be more than zero")
	case err == nil:
		if _, merr := money.New(p.Amount.Amount, cur.Code); merr != nil {
			v.add("amount", "%s", merr)
		}
	}
	if p.Date.IsZero() {
		v.add("date", "enter the date the payment arrived")
	}
	if !p.Method.Valid() {
		v.add("method", "choose bank transfer, card, cash, cheque or other")
	}
	if utf8.RuneCountInString(p.Reference) > 100 {
		v.add("reference", "the reference is longer than 100 characters")
	}
	if utf8.RuneCountInString(p.Note) > MaxTextLen {
		v.add("note", "the note is longer than %d characters", MaxTextLen)
	}
	p.checkAllocations(&v, err == nil)
	return v.err()
}

// checkAllocations adds the problems an allocation list has on its own. With
// knownCurrency it also checks each amount's decimals and the total against
// the payment.
func (p *Payment) checkAllocations(v *validation, knownCurrency bool) {
	seen := map[int64]int{}
	for i, a := range p.Allocations {
		if a.DocumentID == 0 {
			v.add(AllocationField(i, "document"), "allocation %d: choose an invoice", i+1)
		} else if first, dup := seen[a.DocumentID]; dup {
			v.add(AllocationField(i, "document"), "allocation %d: invoice %s is already in allocation %d",
				i+1, allocationName(a), first+1)
		} else {
			seen[a.DocumentID] = i
		}
		if !a.Amount.IsPositive() {
			v.add(AllocationField(i, "amount"), "allocation %d: the amount must be more than zero", i+1)
		} else if knownCurrency {
			if _, err := money.New(a.Amount, p.Amount.Currency); err != nil {
				v.add(AllocationField(i, "amount"), "allocation %d: %s", i+1, err)
			}
		}
	}
	if knownCurrency && p.Amount.Amount.IsPositive() {
		if sum := p.Allocated(); sum.GreaterThan(p.Amount.Amount) {
			v.add("allocations", "the allocations total %s, more than the payment of %s",
				money.Money{Amount: sum, Currency: p.Amount.Currency}, p.Amount)
		}
	}
}

// allocationName is how an allocation's invoice is named in a message: its
// number, or its ID when the number was not filled in.
func allocationName(a Allocation) string {
	if a.DocumentNumber != "" {
		return a.DocumentNumber
	}
	return fmt.Sprintf("#%d", a.DocumentID)
}

// OpenItem is an issued invoice of the client that still has money owing: Open
// is its DocumentBalance, not counting the allocations of the payment being
// edited.
type OpenItem struct {
	DocumentID int64
	Number     string
	IssueDate  Date
	DueDate    Date // zero when the invoice was due on issue
	Currency   string
	Total      decimal.Decimal
	Open       decimal.Decimal
}

// due is the day the item falls due: its due date, or its issue date if it has none.
func (o OpenItem) due() Date {
	if o.DueDate.IsZero() {
		return o.IssueDate
	}
	return o.DueDate
}

// currencyMismatch says, as a sentence fragment, why a payment cannot be set
// against an item in another currency.
func currencyMismatch(paymentCurrency string, o OpenItem) string {
	return fmt.Sprintf("the payment is in %s but invoice %s is in %s; record it in %s",
		paymentCurrency, o.Number, o.Currency, o.Currency)
}

// AutoAllocate shares the payment out over the client's open invoices the way
// an accountant would: the invoice that fell due first is paid first (ties go
// to the earlier issue date, then the lower number), each in full until the
// money runs out, the last one possibly in part. What is left over stays
// unapplied on the payment as credit.
//
// The result replaces p.Allocations; p itself is not changed. Items with
// nothing open are skipped. An open item in another currency is refused, since
// a payment is never converted: the error names it and the currency to record
// the payment in.
func AutoAllocate(p *Payment, open []OpenItem) ([]Allocation, error) {
	cur := strings.ToUpper(strings.TrimSpace(p.Amount.Currency))
	if _, err := money.LookupCurrency(cur); err != nil {
		return nil, Errorf(EINVALID, "Choose the payment's currency before allocating it.")
	}
	if !p.Amount.Amount.IsPositive() {
		return nil, Errorf(EINVALID, "Enter the payment's amount before allocating it.")
	}
	items := make([]OpenItem, 0, len(open))
	for _, o := range open {
		if o.Open.IsPositive() {
			items = append(items, o)
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.due() != b.due() {
			return a.due().Before(b.due())
		}
		if a.IssueDate != b.IssueDate {
			return a.IssueDate.Before(b.IssueDate)
		}
		if a.Number != b.Number {
			return a.Number < b.Number
		}
		return a.DocumentID < b.DocumentID
	})
	for _, o := range items {
		if !strings.EqualFold(strings.TrimSpace(o.Currency), cur) {
			msg := currencyMismatch(cur, o)
			return nil, Errorf(EINVALID, "%s%s.", strings.ToUpper(msg[:1]), msg[1:])
		}
	}
	var out []Allocation
	left := p.Amount.Amount
	for _, o := range items {
		if !left.IsPositive() {
			break
		}
		amt := decimal.Min(left, o.Open)
		out = append(out, Allocation{PaymentID: p.ID, DocumentID: o.DocumentID, DocumentNumber: o.Number, Amount: amt})
		left = left.Sub(amt)
	}
	return out, nil
}

// CheckAllocations checks allocations chosen by hand against the client's open
// invoices, keyed by document ID: each must go to an open invoice in the
// payment's currency and be no more than what is open on it, and together they
// must be no more than the payment. It also makes the checks Validate makes on
// allocations. The error is EINVALID with a field per bad allocation.
func CheckAllocations(p *Payment, open map[int64]OpenItem) error {
	v := validation{what: "Payment"}
	cur := strings.ToUpper(strings.TrimSpace(p.Amount.Currency))
	c, err := money.LookupCurrency(cur)
	if err != nil {
		v.add("currency", "%s", err)
	}
	p.checkAllocations(&v, err == nil)
	for i, a := range p.Allocations {
		o, ok := open[a.DocumentID]
		switch {
		case a.DocumentID == 0:
		case !ok:
			v.add(AllocationField(i, "document"), "allocation %d: invoice %s has nothing open for this client", i+1, allocationName(a))
		case err == nil && !strings.EqualFold(strings.TrimSpace(o.Currency), c.Code):
			v.add(AllocationField(i, "document"), "allocation %d: %s", i+1, currencyMismatch(c.Code, o))
		case a.Amount.GreaterThan(o.Open):
			v.add(AllocationField(i, "amount"), "allocation %d: %s is more than the %s open on invoice %s", i+1,
				money.Money{Amount: a.Amount, Currency: c.Code}, money.Money{Amount: o.Open, Currency: c.Code}, o.Number)
		}
	}
	return v.err()
}

// DocumentBalance is what is still owed on an invoice: its total less the
// payments allocated to it and the credit notes issued against it. It is
// negative when more was paid and credited than the invoice was for; that
// excess is owed to the client.
func DocumentBalance(total decimal.Decimal, allocated, credited decimal.Decimal) decimal.Decimal {
	return total.Sub(allocated).Sub(credited)
}

// PayState is where an issued invoice stands with its payment.
type PayState string

const (
	// PayNone is the state of anything that is not owed: drafts, void
	// invoices, quotes and credit notes.
	PayNone PayState = ""
	// PayIssued invoices are not yet due and nothing has been received.
	PayIssued PayState = "issued"
	// PayPartial invoices are not yet due and part has been received.
	PayPartial PayState = "partially-paid"
	// PayPaid invoices have nothing left open.
	PayPaid PayState = "paid"
	// PayOverdue invoices are past their due date with money still open,
	// whether or not part has been received.
	PayOverdue PayState = "overdue"
)

// Title is the state as people read it: "Partially paid".
func (s PayState) Title() string {
	switch s {
	case PayIssued:
		return "Issued"
	case PayPartial:
		return "Partially paid"
	case PayPaid:
		return "Paid"
	case PayOverdue:
		return "Overdue"
	}
	return ""
}

// PaymentStatus says where an invoice stands on asOf, given its total and what
// is open on it (its DocumentBalance). Only issued invoices have a state; for
// anything else it is PayNone. An invoice with nothing open (or less than
// nothing) is paid. Otherwise it is overdue once asOf is after its due date
// (on the due date itself it is still on time; an invoice without a due date
// is never overdue), and overdue wins over partially paid because it is what
// needs chasing. Before that it is partially paid when something was received
// or credited, else issued.
func PaymentStatus(kind DocKind, status DocStatus, total, open decimal.Decimal, due, asOf Date) PayState {
	switch {
	case kind != KindInvoice || status != DocIssued:
		return PayNone
	case !open.IsPositive():
		return PayPaid
	case !due.IsZero() && asOf.After(due):
		return PayOverdue
	case open.LessThan(total):
		return PayPartial
	}
	return PayIssued
}
