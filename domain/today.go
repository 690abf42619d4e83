package domain

import (
	"context"
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
	// Capped says which lists stopped at MaxAgendaRows with more left
	// unread: their counts are "at least".
	Capped AgendaCapped
}

// AgendaCapped names the lists of an agenda that hold MaxAgendaRows and
// more were left unread.
type AgendaCapped struct {
	Overdue, Due, Upcoming, OverdueInvoices, Complaints bool
}

// MaxAgendaRows bounds each list an agenda reads (the overdue tasks, the
// tasks due today, the upcoming ones, the overdue invoices — the most
// recently due first — and the open complaints): a book with more says
// "1,000+".
const MaxAgendaRows = 1000

// AgendaCount is how many rows a list holds, "+" after it when capped:
// "1,000+".
func AgendaCount(n int, capped bool) string {
	s := Thousands(int64(n))
	if capped {
		s += "+"
	}
	return s
}

// capRows keeps at most MaxAgendaRows of rows read with a limit of one
// more, and reports whether there were more.
func capRows[T any](rows []T) ([]T, bool) {
	if len(rows) > MaxAgendaRows {
		return rows[:MaxAgendaRows], true
	}
	return rows, false
}

// UpcomingDays is how far ahead Today's Upcoming section looks.
const UpcomingDays = 7

// Summary is the agenda in one line: "4 overdue tasks · 1 due today · 39
// overdue invoices", leaving out what is nothing; "Nothing needs you today."
// when all is clear.
func (a Agenda) Summary() string {
	var parts []string
	add := func(n int, capped bool, one, many string) {
		switch {
		case n == 1 && !capped:
			parts = append(parts, "1 "+one)
		case n > 0:
			parts = append(parts, AgendaCount(n, capped)+" "+many)
		}
	}
	add(len(a.Overdue), a.Capped.Overdue, "overdue task", "overdue tasks")
	add(len(a.Due), a.Capped.Due, "task due today", "tasks due today")
	add(len(a.OverdueInvoices), a.Capped.OverdueInvoices, "overdue invoice", "overdue invoices")
	add(len(a.Promises), false, "promise to pay due", "promises to pay due")
	add(len(a.Renewals), false, "renewal to decide", "renewals to decide")
	add(len(a.Complaints), a.Capped.Complaints, "open complaint", "open complaints")
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

// AgendaInvoicesFilter keeps the issued invoices due before day with money
// still open on it, the most recently due first, at most one more than
// MaxAgendaRows of them (the agenda keeps MaxAgendaRows and tells there were
// more): those the agenda lists as overdue. The book keeps each invoice's open
// amount, so they come from an index of the open invoices, however many paid
// ones the book holds.
func AgendaInvoicesFilter(day Date) DocumentFilter {
	return DocumentFilter{Kind: KindInvoice, Status: DocIssued, DueBefore: day, Open: true, AsOf: day,
		Sort: SortDocsByDueDate, Desc: true, Limit: MaxAgendaRows + 1}
}

// TodayAgenda gathers the agenda for day from the book's services.
func TodayAgenda(ctx context.Context, book Book, day Date) (Agenda, error) {
	a := Agenda{Day: day}
	// Each of the three task lists is read on its own, so that a long
	// overdue list cannot crowd today's tasks out.
	for _, l := range []struct {
		from, by Date
		tasks    *[]Task
		capped   *bool
	}{
		{Date{}, day.AddDays(-1), &a.Overdue, &a.Capped.Overdue},
		{day, day, &a.Due, &a.Capped.Due},
		{day.AddDays(1), day.AddDays(UpcomingDays), &a.Upcoming, &a.Capped.Upcoming},
	} {
		tasks, err := book.Activities().FindTasks(ctx, TaskFilter{DueFrom: l.from, DueBy: l.by, Limit: MaxAgendaRows + 1})
		if err != nil {
			return a, err
		}
		*l.tasks, *l.capped = capRows(tasks)
	}
	var err error
	if a.Renewals, err = book.Contracts().RenewalsDue(ctx, day); err != nil {
		return a, err
	}
	if a.Promises, err = promisesDue(ctx, book, day); err != nil {
		return a, err
	}
	if a.Complaints, err = book.Complaints().FindComplaints(ctx, ComplaintFilter{Open: true, Limit: MaxAgendaRows + 1}); err != nil {
		return a, err
	}
	a.Complaints, a.Capped.Complaints = capRows(a.Complaints)
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
	rows, a.Capped.OverdueInvoices = capRows(rows)
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
		PromisedFrom: day.AddDays(-PromiseWindow), PromisedTo: day, Limit: MaxAgendaRows})
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
