package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
)

// invoiceFlag finds the issued invoice named by --invoice, reporting a
// problem at the flag.
func invoiceFlag(ctx context.Context, docs domain.DocumentService, number string) (*domain.Document, error) {
	d, err := docs.FindDocumentByNumber(ctx, domain.KindInvoice, number)
	if err != nil {
		return nil, atFlagValue("--invoice", err)
	}
	return d, nil
}

func runCollectionsAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "collections add")
	ce := &domain.CollectionEntry{On: domain.Today()}
	var client, invoice, kind, amount string
	fs.StringVar(&client, "client", "", "the client's exact `NAME` (required)")
	fs.StringVar(&invoice, "invoice", "", "the `NUMBER` of the invoice it concerns (required for a dispute)")
	fs.StringVar(&kind, "kind", "", "call, email, letter, promise-to-pay, dispute or note (required)")
	fs.StringVar(&ce.Text, "text", "", "what happened (required)")
	fs.Var(dateFlag{&ce.On}, "date", "the `DATE` it happened, YYYY-MM-DD (default today)")
	fs.Var(dateFlag{&ce.PromisedDate}, "promised-date", "a promise to pay: the `DATE` the client will pay by")
	fs.StringVar(&amount, "promised-amount", "", "a promise to pay: the `AMOUNT`, in the invoice's currency (the client's without --invoice)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(client) == "" {
		return usageErrorf("collections add: --client is required")
	}
	ce.Kind = domain.CollectionKind(kind)
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	c, err := clientFlag(ctx, book.Clients(), client)
	if err != nil {
		return err
	}
	ce.ClientID = c.ID
	currency := c.Currency
	if invoice != "" {
		d, err := invoiceFlag(ctx, book.Documents(), invoice)
		if err != nil {
			return err
		}
		ce.DocumentID, currency = d.ID, d.Currency
	}
	if amount != "" {
		if ce.PromisedAmount, err = money.Parse(amount, currency); err != nil {
			return atFlagValue("--promised-amount", err)
		}
	}
	if err := book.Collections().AddCollectionEntry(ctx, ce); err != nil {
		return atFlags(err, collectionFlags)
	}
	what := strings.ToLower(ce.Kind.Title())
	if ce.DocumentNumber != "" {
		what += " about " + ce.DocumentNumber
	}
	fmt.Fprintf(e.stdout, "Added %s (entry %d) for %s on %s", what, ce.ID, c.Name, ce.On)
	if ce.Kind == domain.CollectionPromise {
		fmt.Fprintf(e.stdout, ": %s by %s", ce.PromisedAmount, ce.PromisedDate)
	}
	if ce.OnHold() {
		fmt.Fprint(e.stdout, "; no reminders go out for it until the dispute is resolved")
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// collectionFlags names the flag of collections add that sets each validated field.
var collectionFlags = map[string]string{
	"client": "--client", "invoice": "--invoice", "kind": "--kind", "on": "--date", "text": "--text",
	"promisedDate": "--promised-date", "promisedAmount": "--promised-amount",
}

func runCollectionsList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "collections list")
	var f domain.CollectionFilter
	var client, invoice string
	fs.StringVar(&client, "client", "", "only the log of the client with this exact `NAME`")
	fs.StringVar(&invoice, "invoice", "", "only entries about the invoice with this `NUMBER`")
	fs.BoolVar(&f.OpenDisputes, "disputes", false, "only disputes not yet resolved")
	fs.IntVar(&f.Limit, "limit", 0, "at most `N` entries, latest first (0 for all)")
	if err := parse(fs, args); err != nil {
		return err
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
	if invoice != "" {
		d, err := invoiceFlag(ctx, book.Documents(), invoice)
		if err != nil {
			return err
		}
		f.DocumentID = d.ID
	}
	es, err := book.Collections().FindCollectionEntries(ctx, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tKIND\tCLIENT\tINVOICE\tTEXT\tPROMISED\tDISPUTE")
	for _, x := range es {
		promised, dispute := "", ""
		if x.Kind == domain.CollectionPromise {
			promised = fmt.Sprintf("%s by %s", x.PromisedAmount, x.PromisedDate)
		}
		if x.Kind == domain.CollectionDispute {
			dispute = "open: invoice on hold"
			if !x.OnHold() {
				dispute = fmt.Sprintf("resolved %s: %s", x.ResolvedOn, oneLine(x.Resolution))
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", x.ID, x.On, x.Kind, x.ClientName, x.DocumentNumber,
			oneLine(x.Text), promised, dispute)
	}
	return tw.Flush()
}

// oneLine puts text on one line for a table.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func runCollectionsResolve(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "collections resolve")
	on := domain.Today()
	var resolution string
	fs.StringVar(&resolution, "resolution", "", "how the dispute was resolved (required)")
	fs.Var(dateFlag{&on}, "date", "the `DATE` it was resolved, YYYY-MM-DD (default today)")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageErrorf("collections resolve ID --resolution TEXT [--date YYYY-MM-DD]")
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil {
		return usageErrorf("collections resolve: %q is not an entry's ID; see collections list --disputes", args[0])
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if err := book.Collections().ResolveDispute(ctx, id, on, resolution); err != nil {
		return atFlags(err, map[string]string{"resolvedOn": "--date", "resolution": "--resolution"})
	}
	x, err := book.Collections().FindCollectionEntryByID(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Resolved the dispute about %s on %s; it is reminded again from the next run.\n", x.DocumentNumber, on)
	return nil
}

func runRemindersRun(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "reminders run")
	asOf := domain.Today()
	fs.Var(dateFlag{&asOf}, "as-of", "queue the reminders due on `DATE`, YYYY-MM-DD (default today)")
	dry := fs.Bool("dry-run", false, "list the reminders that would be queued and the late fees charged, queueing nothing")
	if err := parse(fs, args); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	// What was made is printed even when an invoice failed: it is committed.
	plan := book.Reminders().RunReminders
	if *dry {
		plan = func(ctx context.Context, asOf domain.Date, _ ...int64) (domain.ReminderRun, error) {
			return book.Reminders().PlanReminders(ctx, asOf)
		}
	}
	run, runErr := plan(ctx, asOf)
	return printRun(e, run, asOf, *dry, runErr)
}

// printRun lists a reminder run, or what one would do.
func printRun(e *env, run domain.ReminderRun, asOf domain.Date, dry bool, runErr error) error {
	if len(run.Made) > 0 {
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "MESSAGE\tINVOICE\tCLIENT\tLEVEL\tDAYS\tAMOUNT DUE\tTO\tLATE FEE")
		for _, r := range run.Made {
			fee := r.FeeNote
			switch {
			case r.Message.FeeNumber != "":
				fee = r.Fee.String() + " on " + r.Message.FeeNumber
			case dry && !r.Fee.Amount.IsZero():
				fee = r.Fee.String() + " on a new invoice"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", r.Message.ID, r.Message.DocumentNumber, r.Message.ClientName,
				r.Message.LevelName, r.DaysOverdue, r.AmountDue, r.Message.ToAddress, fee)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	for _, s := range run.Skipped {
		fmt.Fprintf(e.stdout, "  %s for %s, %s: not reminded, %s\n", s.Number, s.ClientName, strings.ToLower(s.LevelName), s.Reason)
	}
	if dry {
		fmt.Fprintf(e.stdout, "Would queue %s as of %s; nothing was queued.\n", plural(len(run.Made), "reminder"), asOf)
		return runErr
	}
	fmt.Fprintf(e.stdout, "Queued %s as of %s", plural(len(run.Made), "reminder"), asOf)
	if len(run.Made) > 0 {
		fmt.Fprint(e.stdout, "; send them from the Outbox or write them out with outbox export")
	}
	fmt.Fprintln(e.stdout, ".")
	return runErr
}

func runRemindersLevels(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "reminders levels")
	if err := parse(fs, args); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	ls, err := book.Reminders().ReminderLevels(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DAYS\tNAME\tLATE FEE\tSUBJECT")
	for _, l := range ls {
		fmt.Fprintf(tw, "%+d\t%s\t%s\t%s\n", l.DaysOffset, l.Name, l.Fee, l.Subject)
	}
	return tw.Flush()
}

func runRemindersLevel(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "reminders level")
	var days int
	var name, subject, body, fee, bodyFile string
	fs.IntVar(&days, "days", 0, "the level's `DAYS` after the due date, negative for before (required)")
	fs.StringVar(&name, "name", "", "the level's `NAME` (required for a new level)")
	fs.StringVar(&subject, "subject", "", "the email's subject template (required for a new level)")
	fs.StringVar(&body, "body", "", "the email's text template (required for a new level)")
	fs.StringVar(&bodyFile, "body-file", "", "read the text template from `FILE`")
	fs.StringVar(&fee, "fee", "", "the late fee: none, a percentage of the open amount (1.5%) or an amount (40 EUR)")
	if err := parse(fs, args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["days"] {
		return usageErrorf("reminders level: --days is required")
	}
	if bodyFile != "" {
		b, err := os.ReadFile(bodyFile)
		if err != nil {
			return atFlagValue("--body-file", err)
		}
		body, set["body"] = string(b), true
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	ls, err := book.Reminders().ReminderLevels(ctx)
	if err != nil {
		return err
	}
	l := &domain.ReminderLevel{DaysOffset: days, Fee: domain.LateFee{Kind: domain.FeeNone}}
	for i := range ls {
		if ls[i].DaysOffset == days {
			l = &ls[i]
		}
	}
	if set["name"] {
		l.Name = name
	}
	if set["subject"] {
		l.Subject = subject
	}
	if set["body"] {
		l.Body = body
	}
	if set["fee"] {
		if l.Fee, err = domain.ParseLateFee(fee); err != nil {
			return atFlagValue("--fee", err)
		}
	}
	verb := "Changed"
	if l.ID == 0 {
		verb = "Added"
	}
	if err := book.Reminders().SaveReminderLevel(ctx, l); err != nil {
		return atFlags(err, map[string]string{"name": "--name", "daysOffset": "--days", "subject": "--subject",
			"body": "--body", "fee": "--fee"})
	}
	fmt.Fprintf(e.stdout, "%s the level %q at %+d days, late fee %s.\n", verb, l.Name, l.DaysOffset, l.Fee)
	return nil
}

func runOutboxList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "outbox list")
	var f domain.OutboxFilter
	var status string
	fs.StringVar(&status, "status", "", "only messages that are `STATUS` queued, failed, sent or discarded")
	fs.BoolVar(&f.Unsent, "unsent", false, "only messages not yet sent (queued or failed)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if f.Status = domain.MessageStatus(status); status != "" && !f.Status.Valid() {
		return usageErrorf("--status %q: use queued, failed, sent or discarded", status)
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	ms, err := book.Outbox().FindMessages(ctx, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCREATED\tSTATUS\tTO\tINVOICE\tLEVEL\tSUBJECT\tATTEMPTS\tERROR")
	for _, m := range ms {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", m.ID, m.CreatedAt.Local().Format(atLayout), m.Status,
			m.ToAddress, m.DocumentNumber, m.What(), m.Subject, m.Attempts, oneLine(m.Error))
	}
	return tw.Flush()
}

func runOutboxExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "outbox export")
	dir := fs.String("dir", "", "write the .eml files into `DIR` (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		return usageErrorf("outbox export: --dir is required")
	}
	if st, err := os.Stat(*dir); err == nil && !st.IsDir() {
		return atFlagValue("--dir", domain.Errorf(domain.EINVALID, "%s is not a folder", *dir))
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return atFlagValue("--dir", domain.Errorf(domain.EINVALID, "cannot make the folder %s: %v", *dir, err))
	}
	return exportOutbox(ctx, e, book, *dir)
}

// exportOutbox writes every unsent message into dir, oldest first, naming
// each file as it is written.
func exportOutbox(ctx context.Context, e *env, book *data.Book, dir string) error {
	ms, err := book.Outbox().FindMessages(ctx, domain.OutboxFilter{Unsent: true})
	if err != nil {
		return err
	}
	for i := len(ms) - 1; i >= 0; i-- {
		p, err := book.Outbox().SaveEML(ctx, ms[i].ID, dir)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, p)
	}
	fmt.Fprintf(e.stdout, "Wrote %s to %s; they stay in the outbox until sent.\n", plural(len(ms), "message"), dir)
	return nil
}
