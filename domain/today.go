package domain

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"clientbook/domain/money"
)

// Agenda is what needs the account manager on a day: tasks overdue and due,
// contracts whose renewal needs a decision, invoices past due with money
// still open, and promises to pay that fell due without the money.
type Agenda struct {
	Day          Date
	Overdue, Due []Task
	// Upcoming are the open tasks of the UpcomingDays after the day.
	Upcoming        []Task
	Renewals        []Contract
	OverdueInvoices []OverdueInvoice
	Promises        []PromiseDue
	// Complaints are those not yet settled, the most severe first and,
	// within a severity, the longest open.
	Complaints []Complaint
}

// UpcomingDays is how far ahead Today's Upcoming section looks.
const UpcomingDays = 7

// Summary is the agenda in one line: "4 overdue tasks · 1 due today · 39
// overdue invoices", leaving out what is nothing; "Nothing needs you today."
// when all is clear.
func (a Agenda) Summary() string {
	var parts []string
	add := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, "1 "+one)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(len(a.Overdue), "overdue task", "overdue tasks")
	add(len(a.Due), "task due today", "tasks due today")
	add(len(a.OverdueInvoices), "overdue invoice", "overdue invoices")
	add(len(a.Promises), "promise to pay due", "promises to pay due")
	add(len(a.Renewals), "renewal to decide", "renewals to decide")
	add(len(a.Complaints), "open complaint", "open complaints")
	if len(parts) == 0 {
		return "Nothing needs you today."
	}
	return strings.Join(parts, " · ")
}

// PromiseWindow is how many days after its promised day a promise to pay
// that was not kept stays on the agenda; by then the reminders and the aging
// have taken over.
const PromiseWindow = 60

// PromiseDue is a promise to pay whose day has come and whose money has
// not: Received is what the client paid in the promise's currency from the
// day of the promise on, less than was promised, and Open what is still
// open on the invoice it names (or on the whole account).
type PromiseDue struct {
	Entry    CollectionEntry
	Received money.Money
	Open     money.Money
}

// DaysLate is how many days past the promised day it is on day: 0 on the
// day itself.
func (p PromiseDue) DaysLate(day Date) int { return p.Entry.PromisedDate.DaysUntil(day) }

// OverdueInvoice is an issued invoice past its due date with an open amount.
type OverdueInvoice struct {
	Invoice DocumentRow
	Open    money.Money
}

// MaxAgendaInvoices bounds the overdue invoices an agenda looks at, the most
// recently due first.
const MaxAgendaInvoices = 1000

// AgendaInvoicesFilter keeps the issued invoices due before day with money
// still open on it, the most recently due first, at most MaxAgendaInvoices of
// them: those the agenda lists as overdue. The book keeps each invoice's open
// amount, so they come from an index of the open invoices, however many paid
// ones the book holds.
func AgendaInvoicesFilter(day Date) DocumentFilter {
	return DocumentFilter{Kind: KindInvoice, Status: DocIssued, DueBefore: day, Open: true, AsOf: day,
		Sort: SortDocsByDueDate, Desc: true, Limit: MaxAgendaInvoices}
}

// TodayAgenda gathers the agenda for day from the book's services.
func TodayAgenda(ctx context.Context, book Book, day Date) (Agenda, error) {
	a := Agenda{Day: day}
	tasks, err := book.Activities().FindTasks(ctx, TaskFilter{DueBy: day.AddDays(UpcomingDays), Limit: 500})
	if err != nil {
		return a, err
	}
	for _, t := range tasks {
		switch on := t.ShowsOn(); {
		case on.Before(day):
			a.Overdue = append(a.Overdue, t)
		case on == day:
			a.Due = append(a.Due, t)
		default:
			a.Upcoming = append(a.Upcoming, t)
		}
	}
	if a.Renewals, err = book.Contracts().RenewalsDue(ctx, day); err != nil {
		return a, err
	}
	if a.Promises, err = promisesDue(ctx, book, day); err != nil {
		return a, err
	}
	if a.Complaints, err = book.Complaints().FindComplaints(ctx, ComplaintFilter{Open: true, Limit: MaxAgendaInvoices}); err != nil {
		return a, err
	}
	sort.SliceStable(a.Complaints, func(i, j int) bool {
		x, y := slices.Index(ComplaintSeverities, a.Complaints[i].Severity), slices.Index(ComplaintSeverities, a.Complaints[j].Severity)
		if x != y {
			return x > y
		}
		return a.Complaints[i].OpenedOn.Before(a.Complaints[j].OpenedOn)
	})
	// The rows carry what is open on each on day (their Balance).
	rows, err := book.Documents().FindDocuments(ctx, AgendaInvoicesFilter(day))
	if err != nil {
		return a, err
	}
	for _, r := range rows {
		if r.Balance.Amount.IsPositive() {
			a.OverdueInvoices = append(a.OverdueInvoices, OverdueInvoice{r, r.Balance})
		}
	}
	sort.SliceStable(a.OverdueInvoices, func(i, j int) bool {
		return a.OverdueInvoices[j].Invoice.DueDate.Before(a.OverdueInvoices[i].Invoice.DueDate)
	})
	return a, nil
}

// promisesDue finds the promises to pay whose day is day or up to
// PromiseWindow days before it, and keeps those still standing: not
// replaced by a later promise about the same invoice (or account), not kept
// — the client has not paid the promised amount since promising — and with
// money still open. The latest promised day comes first.
func promisesDue(ctx context.Context, book Book, day Date) ([]PromiseDue, error) {
	entries, err := book.Collections().FindCollectionEntries(ctx, CollectionFilter{
		PromisedFrom: day.AddDays(-PromiseWindow), PromisedTo: day, Limit: MaxAgendaInvoices})
	if err != nil {
		return nil, err
	}
	var out []PromiseDue
	for _, e := range entries {
		later, err := book.Collections().FindCollectionEntries(ctx, CollectionFilter{ClientID: e.ClientID, Limit: 200})
		if err != nil {
			return nil, err
		}
		if replaced(e, later) {
			continue
		}
		cur := e.PromisedAmount.Currency
		pays, err := book.Payments().FindPayments(ctx, PaymentFilter{ClientID: e.ClientID, Currency: cur, From: e.On, To: day})
		if err != nil {
			return nil, err
		}
		received := money.Zero(cur)
		for _, p := range pays {
			received.Amount = received.Amount.Add(p.Amount.Amount)
		}
		if received.Amount.Cmp(e.PromisedAmount.Amount) >= 0 {
			continue // kept
		}
		open := money.Zero(cur)
		if e.DocumentID != 0 {
			st, err := book.Payments().PaymentStatus(ctx, day, e.DocumentID)
			if err != nil {
				return nil, err
			}
			open.Amount = st[e.DocumentID].Open
		} else {
			b, err := book.Payments().ClientBalance(ctx, e.ClientID, cur, day)
			if err != nil {
				return nil, err
			}
			open.Amount = b.Net
		}
		if !open.Amount.IsPositive() {
			continue // nothing left to pay
		}
		out = append(out, PromiseDue{Entry: e, Received: received, Open: open})
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[j].Entry.PromisedDate.Before(out[i].Entry.PromisedDate)
	})
	return out, nil
}

// replaced reports whether the client's log (latest first) holds a
// promise to pay about the same invoice, or the same whole account, made
// after e.
func replaced(e CollectionEntry, log []CollectionEntry) bool {
	for _, o := range log {
		if o.ID == e.ID || o.Kind != CollectionPromise || o.DocumentID != e.DocumentID {
			continue
		}
		if o.On.After(e.On) || (o.On == e.On && o.ID > e.ID) {
			return true
		}
	}
	return false
}
