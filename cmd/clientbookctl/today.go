package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"clientbook/domain"
)

func runToday(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "today")
	day := domain.Today()
	fs.Var(dateFlag{&day}, "as-of", "the day to look at, `YYYY-MM-DD` (default today)")
	if err := parse(fs, args); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	a, err := domain.TodayAgenda(ctx, book, day)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Today, %s\n", day)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	section := func(title string, n int, capped bool, none string) {
		tw.Flush()
		fmt.Fprintf(e.stdout, "\n%s (%s)\n", title, domain.AgendaCount(n, capped))
		if n == 0 {
			fmt.Fprintf(e.stdout, "  %s\n", none)
		}
	}
	task := func(t domain.Task) {
		when := t.ShowsOn().String()
		if t.DueTime != "" {
			when += " " + t.DueTime
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", when, t.Priority.Title(), t.Title, t.ClientName)
	}
	section("Overdue tasks", len(a.Overdue), a.Capped.Overdue, "Nothing overdue.")
	for _, t := range a.Overdue {
		task(t)
	}
	section("Due today", len(a.Due), a.Capped.Due, "No tasks due today.")
	for _, t := range a.Due {
		task(t)
	}
	section("Renewals to decide", len(a.Renewals), false, "No contract needs a renewal decision.")
	for _, c := range a.Renewals {
		fmt.Fprintf(tw, "  ends %s\t%s\t%s\t%s\n", c.End, c.Title, c.ClientName, c.Value)
	}
	section("Open complaints", len(a.Complaints), a.Capped.Complaints, "No complaint is open.")
	for _, k := range a.Complaints {
		fmt.Fprintf(tw, "  opened %s (%d d)\t%s\t%s\t%s, %s\n", k.OpenedOn, k.OpenedOn.DaysUntil(day), k.Subject, k.ClientName,
			k.Severity.Title(), strings.ToLower(k.Status.Title()))
	}
	section("Promises to pay", len(a.Promises), false, "No promise to pay has fallen due.")
	for _, p := range a.Promises {
		on := "the account"
		if p.Entry.DocumentNumber != "" {
			on = p.Entry.DocumentNumber
		}
		fmt.Fprintf(tw, "  promised %s (%d d late)\t%s on %s\t%s\t%s received\n", p.Entry.PromisedDate, p.DaysLate(day),
			p.Entry.PromisedAmount, on, p.Entry.ClientName, p.Received)
	}
	section("Overdue invoices", len(a.OverdueInvoices), a.Capped.OverdueInvoices, "No invoice is overdue.")
	for _, o := range a.OverdueInvoices {
		fmt.Fprintf(tw, "  %s\tdue %s (%d d)\t%s\t%s open\n", o.Invoice.Number, o.Invoice.DueDate,
			o.Invoice.DueDate.DaysUntil(day), o.Invoice.ClientName, o.Open)
	}
	return tw.Flush()
}
