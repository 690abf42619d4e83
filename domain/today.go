package domain

import (
	"context"
	"sort"

	"clientbook/domain/money"
)

// Agenda is what needs the account manager on a day: tasks overdue and due,
// contracts whose renewal needs a decision, and invoices past due with money
// still open.
type Agenda struct {
	Day             Date
	Overdue, Due    []Task
	Renewals        []Contract
	OverdueInvoices []OverdueInvoice
}

// OverdueInvoice is an issued invoice past its due date with an open amount.
type OverdueInvoice struct {
	Invoice DocumentRow
	Open    money.Money
}

// MaxAgendaInvoices bounds the overdue invoices an agenda looks at, the most
// recently due first.
const MaxAgendaInvoices = 1000

// TodayAgenda gathers the agenda for day from the book's services.
func TodayAgenda(ctx context.Context, book Book, day Date) (Agenda, error) {
	a := Agenda{Day: day}
	tasks, err := book.Activities().FindTasks(ctx, TaskFilter{DueBy: day, Limit: 500})
	if err != nil {
		return a, err
	}
	for _, t := range tasks {
		if t.ShowsOn().Before(day) {
			a.Overdue = append(a.Overdue, t)
		} else {
			a.Due = append(a.Due, t)
		}
	}
	if a.Renewals, err = book.Contracts().RenewalsDue(ctx, day); err != nil {
		return a, err
	}
	rows, err := book.Documents().FindDocuments(ctx, DocumentFilter{Kind: KindInvoice, Status: DocIssued, DueBefore: day, Limit: MaxAgendaInvoices})
	if err != nil || len(rows) == 0 {
		return a, err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	st, err := book.Payments().PaymentStatus(ctx, day, ids...)
	if err != nil {
		return a, err
	}
	for _, r := range rows {
		if p, ok := st[r.ID]; ok && p.Open.IsPositive() {
			a.OverdueInvoices = append(a.OverdueInvoices, OverdueInvoice{r, money.Money{Amount: p.Open, Currency: r.Total.Currency}})
		}
	}
	sort.SliceStable(a.OverdueInvoices, func(i, j int) bool {
		return a.OverdueInvoices[j].Invoice.DueDate.Before(a.OverdueInvoices[i].Invoice.DueDate)
	})
	return a, nil
}
