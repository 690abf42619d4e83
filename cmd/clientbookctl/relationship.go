package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"clientbook/domain"
)

// dateFlag is a --flag holding a calendar date, YYYY-MM-DD; a value that is
// not one is a usage error naming the flag.
type dateFlag struct{ d *domain.Date }

func (f dateFlag) String() string {
	if f.d == nil {
		return ""
	}
	return f.d.String()
}

func (f dateFlag) Set(s string) error {
	d, err := domain.ParseDate(s)
	if err != nil {
		return err
	}
	*f.d = d
	return nil
}

// atLayout is how the command line reads and prints an activity's time, in
// the local time zone.
const atLayout = "2006-01-02 15:04"

// atFlag is a --flag holding a local date and time, "YYYY-MM-DD HH:MM".
type atFlag struct{ t *time.Time }

func (f atFlag) String() string {
	if f.t == nil || f.t.IsZero() {
		return ""
	}
	return f.t.Format(atLayout)
}

func (f atFlag) Set(s string) error {
	t, err := time.ParseInLocation(atLayout, strings.TrimSpace(s), time.Local)
	if err != nil {
		return fmt.Errorf("%q is not a date and time; write it as YYYY-MM-DD HH:MM, e.g. 2027-03-01 14:30", s)
	}
	*f.t = t
	return nil
}

func runActivitiesAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "activities add")
	a := &domain.Activity{At: time.Now()}
	var client, kind, contact string
	fs.StringVar(&client, "client", "", "the client's exact `NAME` (required)")
	fs.StringVar(&kind, "kind", "", "call, email, meeting, visit or note (required)")
	fs.StringVar(&a.Subject, "subject", "", "what it was about (required)")
	fs.Var(atFlag{&a.At}, "at", "when it happened, `YYYY-MM-DD HH:MM` local time (default now)")
	fs.StringVar(&a.Body, "body", "", "what was said or written")
	fs.StringVar(&a.Outcome, "outcome", "", "what came of it")
	fs.StringVar(&a.NextStep, "next-step", "", "what happens next")
	fs.StringVar(&contact, "contact", "", "the `NAME` of the client's contact it was with")
	if err := parse(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(client) == "" {
		return usageErrorf("activities add: --client is required")
	}
	a.Kind = domain.ActivityKind(kind)
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	c, err := clientFlag(ctx, book.Clients(), client)
	if err != nil {
		return err
	}
	a.ClientID = c.ID
	if contact = strings.TrimSpace(contact); contact != "" {
		for _, k := range c.Contacts {
			if strings.EqualFold(k.Name, contact) {
				a.ContactID = k.ID
			}
		}
		if a.ContactID == 0 {
			return domain.Errorf(domain.EINVALID, "--contact: %s has no contact named %q.", c.Name, contact)
		}
	}
	if err := book.Activities().CreateActivity(ctx, a); err != nil {
		return atFlags(err, activityFlags)
	}
	fmt.Fprintf(e.stdout, "Added %s %d with %s at %s: %s\n", a.Kind, a.ID, c.Name, a.At.Local().Format(atLayout), a.Subject)
	return nil
}

// activityFlags names the flag of activities add that sets each validated field.
var activityFlags = map[string]string{
	"client": "--client", "contact": "--contact", "kind": "--kind", "at": "--at", "subject": "--subject",
	"body": "--body", "outcome": "--outcome", "nextStep": "--next-step",
}

func runActivitiesList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "activities list")
	var f domain.ActivityFilter
	var client, kind string
	fs.StringVar(&client, "client", "", "only the timeline of the client with this exact `NAME`")
	fs.StringVar(&f.Search, "search", "", "only activities mentioning `TEXT` (subject, text, outcome, next step, contact)")
	fs.StringVar(&kind, "kind", "", "only calls, emails, meetings, visits or notes: `KIND` call, email, meeting, visit or note")
	fs.IntVar(&f.Limit, "limit", 0, "at most `N` activities, newest first (0 for all)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if f.Kind = domain.ActivityKind(kind); kind != "" && !f.Kind.Valid() {
		return usageErrorf("--kind %q: use call, email, meeting, visit or note", kind)
	}
	if f.Limit < 0 {
		return usageErrorf("--limit %d: use 0 or more", f.Limit)
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if client != "" {
		c, err := clientFlag(ctx, book.Clients(), client)
		if err != nil {
			return err
		}
		f.ClientID = c.ID
	}
	as, err := book.Activities().FindActivities(ctx, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tWHEN\tKIND\tCLIENT\tCONTACT\tSUBJECT\tNEXT STEP")
	for _, a := range as {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, a.At.Local().Format(atLayout), a.Kind, a.ClientName,
			a.ContactName, a.Subject, a.NextStep)
	}
	return tw.Flush()
}

func runTasksAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "tasks add")
	t := &domain.Task{}
	var client, priority string
	fs.StringVar(&t.Title, "title", "", "what there is to do (required)")
	fs.Var(dateFlag{&t.DueDate}, "due", "the due `DATE`, YYYY-MM-DD (required)")
	fs.StringVar(&t.DueTime, "time", "", "the time of day, `HH:MM` (default any time that day)")
	fs.StringVar(&priority, "priority", string(domain.PriorityNormal), "low, normal or high")
	fs.StringVar(&client, "client", "", "the exact `NAME` of the client it concerns")
	fs.StringVar(&t.Notes, "notes", "", "notes")
	fs.Int64Var(&t.ComplaintID, "complaint", 0, "the `ID` of the complaint it follows up (see complaints list)")
	if err := parse(fs, args); err != nil {
		return err
	}
	t.Priority = domain.TaskPriority(priority)
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if client != "" {
		c, err := clientFlag(ctx, book.Clients(), client)
		if err != nil {
			return err
		}
		t.ClientID = c.ID
	}
	if err := book.Activities().CreateTask(ctx, t); err != nil {
		return atFlags(err, taskFlags)
	}
	fmt.Fprintf(e.stdout, "Added task %d, due %s: %s\n", t.ID, t.DueDate, t.Title)
	return nil
}

// taskFlags names the flag of tasks add that sets each validated field.
var taskFlags = map[string]string{
	"title": "--title", "dueDate": "--due", "dueTime": "--time", "priority": "--priority", "client": "--client",
	"notes": "--notes", "complaint": "--complaint",
}

func runTasksList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "tasks list")
	var f domain.TaskFilter
	fs.Var(dateFlag{&f.DueBy}, "due-by", "only open tasks that come up on or before `DATE`, YYYY-MM-DD (default every open task)")
	if err := parse(fs, args); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	ts, err := book.Activities().FindTasks(ctx, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDUE\tTIME\tPRIORITY\tTITLE\tCLIENT\tSNOOZED UNTIL")
	for _, t := range ts {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.DueDate, t.DueTime, t.Priority, t.Title, t.ClientName, t.SnoozedUntil)
	}
	return tw.Flush()
}

func runContractsList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "contracts list")
	var f domain.ContractFilter
	var status string
	fs.StringVar(&status, "status", "", "only contracts with `STATUS` active, ended or lapsed")
	if err := parse(fs, args); err != nil {
		return err
	}
	if f.Status = domain.ContractStatus(status); status != "" && !f.Status.Valid() {
		return usageErrorf("--status %q: use active, ended or lapsed", status)
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	ks, err := book.Contracts().FindContracts(ctx, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCLIENT\tTITLE\tSTATUS\tCYCLE\tTIMING\tVALUE\tSTART\tEND\tBILLED THROUGH\tISSUE")
	for _, k := range ks {
		issue := "draft"
		if k.IssueAutomatically {
			issue = "automatic"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.ClientName, k.Title, k.Status, k.Cycle,
			k.Timing, k.Value, k.Start, k.End, k.BilledThrough, issue)
	}
	return tw.Flush()
}

func runBillingRun(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "billing run")
	asOf := domain.Today()
	fs.Var(dateFlag{&asOf}, "as-of", "bill every period due on or before `DATE`, YYYY-MM-DD (default today)")
	if err := parse(fs, args); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	// Contracts that renew by themselves run on first, so their new
	// periods are billed in the same run.
	renewed, err := book.Contracts().RenewDue(ctx, asOf)
	for _, k := range renewed {
		fmt.Fprintf(e.stdout, "Renewed automatically: %s for %s, now to %s.\n", k.Title, k.ClientName, k.End)
	}
	if err != nil {
		return err
	}
	// What was made is printed even when a contract failed: it is committed.
	gen, runErr := book.Contracts().GenerateDue(ctx, asOf)
	if len(gen) == 0 && runErr == nil {
		fmt.Fprintf(e.stdout, "Nothing due as of %s.\n", asOf)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "INVOICE\tSTATUS\tCLIENT\tCONTRACT\tPERIOD\tTOTAL")
	issued := 0
	for _, g := range gen {
		name := g.Number
		if name == "" {
			name = fmt.Sprintf("draft %d", g.DocumentID)
		} else {
			issued++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", name, g.Status, g.ClientName, g.ContractTitle, g.Period.Label(), g.Total)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, g := range gen {
		for _, f := range g.Findings {
			what := "warning"
			if f.Severity == domain.SeverityError {
				what = "not issued"
			}
			fmt.Fprintf(e.stdout, "  %s, %s (%s): %s\n", g.ContractTitle, g.Period.Label(), what, f.Message)
		}
	}
	fmt.Fprintf(e.stdout, "Made %s as of %s: %d issued, %s.\n", plural(len(gen), "invoice"), asOf, issued, plural(len(gen)-issued, "draft"))
	return runErr
}

// plural is "1 invoice", "2 invoices".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
