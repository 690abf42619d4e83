package domain

import (
	"context"
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
	p.checkAgainst(&v, open)
	return v.err()
}

// AllocationTarget is the document an allocation names, as the book has it
// while the payment is being saved: what kind of document it is, where it is
// in its life, whose it is, and, for an issued invoice, what is open on it.
type AllocationTarget struct {
	Kind     DocKind
	Status   DocStatus
	ClientID int64
	Item     OpenItem
}

// CheckAllocationTargets checks allocations whose documents may be anything
// the person typed: each must name a document that exists (is in targets) and
// is an issued invoice of the payment's client, not a draft, a void invoice,
// a quote or a credit note. The rest is CheckAllocations against the targets'
// items, with every problem reported at once.
func CheckAllocationTargets(p *Payment, targets map[int64]AllocationTarget) error {
	v := validation{what: "Payment"}
	open := map[int64]OpenItem{}
	for i, a := range p.Allocations {
		t, ok := targets[a.DocumentID]
		field := AllocationField(i, "document")
		switch {
		case a.DocumentID == 0:
		case !ok:
			v.add(field, "allocation %d: invoice %s does not exist", i+1, allocationName(a))
		case t.Kind != KindInvoice:
			v.add(field, "allocation %d: %s is a %s, not an invoice", i+1, allocationName(a), strings.ToLower(t.Kind.Title()))
		case t.Status == DocDraft:
			v.add(field, "allocation %d: invoice %s is a draft; issue it before recording a payment against it", i+1, allocationName(a))
		case t.Status != DocIssued:
			v.add(field, "allocation %d: invoice %s is %s, so nothing is owed on it", i+1, allocationName(a), t.Status)
		case t.ClientID != p.ClientID:
			v.add(field, "allocation %d: invoice %s is another client's", i+1, allocationName(a))
		default:
			open[a.DocumentID] = t.Item
		}
	}
	p.checkAgainst(&v, open)
	return v.err()
}

// checkAgainst adds the problems of the payment's allocations against the
// open items: those Validate finds in the list itself, then each allocation's
// invoice, currency and amount. A field that already has a problem keeps it.
func (p *Payment) checkAgainst(v *validation, open map[int64]OpenItem) {
	cur := strings.ToUpper(strings.TrimSpace(p.Amount.Currency))
	c, err := money.LookupCurrency(cur)
	if err != nil {
		v.add("currency", "%s", err)
	}
	p.checkAllocations(v, err == nil)
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
	// PayIssued invoices are unpaid: not yet due and nothing has been
	// received.
	PayIssued PayState = "issued"
	// PayPartial invoices are not yet due and part has been received.
	PayPartial PayState = "partially-paid"
	// PayPaid invoices have nothing left open.
	PayPaid PayState = "paid"
	// PayOverdue invoices are past their due date with money still open,
	// whether or not part has been received.
	PayOverdue PayState = "overdue"
	// PayDisputed invoices have money open and an open dispute holding
	// them: no reminders go out until it is resolved.
	PayDisputed PayState = "disputed"
)

// PayStates are the states an issued invoice can be in, in the order a
// list offers them.
var PayStates = []PayState{PayIssued, PayPartial, PayPaid, PayOverdue, PayDisputed}

// Name is the state as a command line writes it: "unpaid",
// "partially-paid", "paid", "overdue".
func (s PayState) Name() string {
	if s == PayIssued {
		return "unpaid"
	}
	return string(s)
}

// ParsePayState reads a state by its Name.
func ParsePayState(name string) (PayState, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, s := range PayStates {
		if n == s.Name() {
			return s, true
		}
	}
	return PayNone, false
}

// payStateList is the PayStates' names for a message: "unpaid,
// partially-paid, paid or overdue".
func payStateList() string {
	var names []string
	for _, s := range PayStates {
		names = append(names, s.Name())
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// Title is the state as people read it: "Partially paid".
func (s PayState) Title() string {
	switch s {
	case PayIssued:
		return "Unpaid"
	case PayPartial:
		return "Partially paid"
	case PayPaid:
		return "Paid"
	case PayOverdue:
		return "Overdue"
	case PayDisputed:
		return "Disputed"
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

// PaymentFilter selects payments for a list, newest first.
type PaymentFilter struct {
	ClientID int64  // 0 for all clients
	Currency string // "" for all currencies
	From, To Date   // payment date range, inclusive; zero for open-ended
	// DocumentID keeps the payments with part of them allocated to that
	// invoice; 0 for any.
	DocumentID int64
	// Reference keeps the payments whose reference contains it, ignoring
	// case; "" for any.
	Reference string
	// Sort orders the page: "date" (the default), "client", "amount",
	// "method" or "reference"; Desc reverses it. Without Sort the newest
	// come first.
	Sort   string
	Desc   bool
	Offset int
	Limit  int // 0 for no limit
	// After, when not 0, is the id of the last row of the page before: the
	// page starts right after that row in the order asked (paging by key,
	// which reads only the rows shown however deep the page), and Offset is
	// used only when that row is gone.
	After int64
}

// ClientBalance is where a client stands in one currency: what it owes on
// issued invoices and the credit it has with us (payments not yet allocated,
// and what was paid and credited on an invoice beyond its total).
type ClientBalance struct {
	ClientID int64
	Currency string
	Owed     decimal.Decimal // the open amounts of its invoices
	Overdue  decimal.Decimal // the part of Owed past its due date
	Credit   decimal.Decimal // unapplied credit
	Net      decimal.Decimal // Owed less Credit: what it owes once its credit is used
}

// DocumentPayment is where one document stands with its payment, for lists:
// Paid is what payments have allocated to it, Credited what issued credit
// notes take off it, Open its DocumentBalance and State its PaymentStatus.
// Anything but an issued invoice has State PayNone and nothing paid, credited
// or open.
type DocumentPayment struct {
	DocumentID int64
	Total      decimal.Decimal
	Paid       decimal.Decimal
	Credited   decimal.Decimal
	Open       decimal.Decimal
	State      PayState
}

// PaymentService stores payments and their allocations and answers what is
// owed. Each allocation is checked, in the same transaction that stores it,
// against what is open on the invoice then, so two payments saved at once can
// never together pay more than an invoice is for.
//
// Reports "as of" a date see the book as it stood at the end of that day:
// invoices and credit notes issued on or before it, and payments received on
// or before it. An allocation counts from the later of its payment's date and
// its invoice's issue date; until then the payment's money is unapplied credit.
type PaymentService interface {
	// FindPaymentByID returns the payment with its allocations, or ENOTFOUND.
	FindPaymentByID(ctx context.Context, id int64) (*Payment, error)
	// FindPayments returns one page of payments with their allocations,
	// newest first unless the filter sorts them otherwise.
	FindPayments(ctx context.Context, f PaymentFilter) ([]*Payment, error)
	// CountPayments returns how many payments match, ignoring Offset and Limit.
	CountPayments(ctx context.Context, f PaymentFilter) (int, error)

	// CreatePayment validates and stores a new payment with its allocations,
	// setting their IDs. Allocations must go to issued invoices of the client
	// in the payment's currency and be no more than is open on each.
	CreatePayment(ctx context.Context, p *Payment) error
	// UpdatePayment replaces a stored payment and its allocations, checked as
	// CreatePayment checks them (its own old allocations no longer count).
	UpdatePayment(ctx context.Context, p *Payment) error
	// SetAllocations replaces only a payment's allocations: none removes them
	// all and leaves the whole payment as credit.
	SetAllocations(ctx context.Context, paymentID int64, allocs []Allocation) error
	// DeletePayment removes a payment and its allocations; the invoices it
	// paid are open again.
	DeletePayment(ctx context.Context, id int64) error

	// OpenItems returns the client's issued invoices in currency issued on or
	// before asOf (zero for any date) that still have money open, oldest due
	// first, ready for AutoAllocate. Open counts every allocation and credit
	// note in the book, whatever its date, except the allocations of the
	// payment exceptPayment (0 for none), which is the one being edited.
	OpenItems(ctx context.Context, clientID int64, currency string, asOf Date, exceptPayment int64) ([]OpenItem, error)
	// ClientBalance is the client's standing in currency as of asOf (zero for
	// everything in the book).
	ClientBalance(ctx context.Context, clientID int64, currency string, asOf Date) (ClientBalance, error)
	// Aging is the receivables in currency as of asOf, by client and by days
	// past due, with each client's unapplied credit beside them.
	Aging(ctx context.Context, asOf Date, currency string, edges AgingBuckets) (AgingReport, error)
	// Overdue is what is past due in currency as of asOf, for every client:
	// each issued invoice with money open then and a due date before then,
	// the most money open first (Overdue with OverdueLargest).
	Overdue(ctx context.Context, currency string, asOf Date) ([]AgingItem, error)
	// MonthEndAging is what was owed in currency at the end of each month
	// from from's month to to's (or on asOf, when that is sooner), by days
	// past due in the default buckets: the Totals of Aging as of each of those
	// days, or for one client its row's Buckets (zeros without one). It
	// returns the buckets' labels and one AgedMonth per month.
	MonthEndAging(ctx context.Context, currency string, from, to, asOf Date, clientID int64) ([]string, []AgedMonth, error)
	// BookBalance is the whole book's standing in currency as of asOf (zero
	// for today): what Aging's Total (Owed), Total less Current (Overdue),
	// Credits (Credit) and Net say, read from kept figures.
	BookBalance(ctx context.Context, currency string, asOf Date) (ClientBalance, error)
	// CreateRefund validates and stores money paid back to a client,
	// setting its ID. It is refused when it is more than the credit the
	// client has in its currency on its date, or now.
	CreateRefund(ctx context.Context, r *Refund) error
	// FindRefunds returns a page of refunds, the latest first.
	FindRefunds(ctx context.Context, f RefundFilter) ([]Refund, error)
	// DeleteRefund removes a refund entered by mistake; the credit is the
	// client's again.
	DeleteRefund(ctx context.Context, id int64) error

	// PaymentStatus returns, for each document ID given, where it stands with
	// its payment as of asOf. IDs that do not exist are left out.
	PaymentStatus(ctx context.Context, asOf Date, documentIDs ...int64) (map[int64]DocumentPayment, error)
}
