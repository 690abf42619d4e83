package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// amountIn reads an amount typed at flag in the currency. An unknown
// currency is left for Validate to report at --currency, with a zero amount,
// since an amount can only be read in a known one.
func amountIn(flag, amount, currency string) (money.Money, error) {
	cur := strings.ToUpper(strings.TrimSpace(currency))
	if _, err := money.LookupCurrency(cur); err != nil {
		return money.Money{Amount: decimal.Zero, Currency: cur}, nil
	}
	m, err := money.Parse(amount, cur)
	if err != nil {
		return money.Money{}, atFlagValue(flag, err)
	}
	return m, nil
}

// idArg takes the record ID a command starts with, before its flags.
func idArg(what, usage string, args []string) (int64, []string, error) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return 0, nil, usageErrorf("%s", usage)
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, nil, usageErrorf("%q is not %s ID; %s", args[0], what, usage)
	}
	return id, args[1:], nil
}

// idAction runs act on the record whose ID is the command's argument (arg
// names it in the usage, what says what it must be) and prints done with
// the ID.
func idAction(ctx context.Context, e *env, args []string, name, arg, what, done string,
	act func(domain.Book, int64) error) error {
	fs := newFlags(e, name)
	id, rest, err := idArg(what, name+" "+arg, args)
	if err != nil {
		return err
	}
	if err := parse(fs, rest); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if err := act(book, id); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, done, id)
	return err
}

func runComplaintsAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "complaints add")
	k := &domain.Complaint{OpenedOn: domain.Today()}
	var client, severity string
	fs.StringVar(&client, "client", "", "the client's `NAME` (required)")
	fs.StringVar(&k.Subject, "subject", "", "what the complaint is about (required)")
	fs.Var(dateFlag{&k.OpenedOn}, "opened", "the `DATE` it was raised, YYYY-MM-DD (default today)")
	fs.StringVar(&severity, "severity", string(domain.ComplaintMedium), "low, medium, high or critical")
	fs.StringVar(&k.Category, "category", "", "e.g. "+strings.Join(domain.ComplaintCategories, ", "))
	fs.StringVar(&k.Department, "department", "", "the department it concerns")
	fs.StringVar(&k.ContactName, "contact", "", "the `NAME` of whoever raised it")
	fs.StringVar(&k.Description, "description", "", "what happened")
	if err := parse(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(client) == "" {
		return usageErrorf("complaints add: --client is required")
	}
	k.Severity = domain.ComplaintSeverity(severity)
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	c, err := clientFlag(ctx, book.Clients(), client)
	if err != nil {
		return err
	}
	k.ClientID = c.ID
	if err := book.Complaints().CreateComplaint(ctx, k); err != nil {
		return atFlags(err, complaintFlags)
	}
	fmt.Fprintf(e.stdout, "Added complaint %d from %s, opened %s (%s): %s\n", k.ID, c.Name, k.OpenedOn,
		strings.ToLower(k.Severity.Title()), k.Subject)
	return nil
}

// complaintFlags names the flag of complaints add that sets each validated field.
var complaintFlags = map[string]string{
	"client": "--client", "subject": "--subject", "openedOn": "--opened", "severity": "--severity",
	"category": "--category", "department": "--department", "contact": "--contact", "description": "--description",
}

func runComplaintsList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "complaints list")
	var f domain.ComplaintFilter
	var client, status string
	fs.StringVar(&client, "client", "", "only the complaints of the client called `NAME`")
	fs.StringVar(&status, "status", "", "only complaints with `STATUS` open, in-progress, waiting-on-client, resolved or closed")
	fs.BoolVar(&f.Open, "open", false, "only complaints not yet resolved or closed")
	fs.IntVar(&f.Limit, "limit", 0, "at most `N` complaints, the most recently raised first (0 for all)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if f.Status = domain.ComplaintStatus(status); status != "" && !f.Status.Valid() {
		return usageErrorf("--status %q: use open, in-progress, waiting-on-client, resolved or closed", status)
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
	ks, err := book.Complaints().FindComplaints(ctx, f)
	if err != nil {
		return err
	}
	times, err := book.Complaints().TimeToResolve(ctx, f.ClientID)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tOPENED\tCLIENT\tSEVERITY\tSTATUS\tCATEGORY\tSUBJECT\tRESOLVED\tDAYS")
	for _, k := range ks {
		days := ""
		if d, ok := k.DaysToResolve(); ok {
			days = strconv.Itoa(d)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.OpenedOn, k.ClientName, k.Severity, k.Status,
			k.Category, k.Subject, k.ResolvedOn, days)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if times.Resolved > 0 {
		fmt.Fprintf(e.stdout, "Time to resolve: %s, %s days on average, %s at most.\n", plural(times.Resolved, "complaint"),
			times.AverageDays.StringFixed(1), plural(times.LongestDays, "day"))
	}
	return nil
}

func runOpportunitiesAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "opportunities add")
	o := &domain.Opportunity{}
	var client, kind, value, currency string
	fs.StringVar(&client, "client", "", "the client's `NAME` (required)")
	fs.StringVar(&o.Title, "title", "", "what would be sold (required)")
	fs.StringVar(&kind, "kind", string(domain.Upsell), "upsell, cross-sell, renewal or new-business")
	fs.StringVar(&value, "value", "", "what it is worth if won, `AMOUNT` (required)")
	fs.StringVar(&currency, "currency", "", "ISO 4217 `CODE` (default: the client's currency)")
	fs.IntVar(&o.Probability, "probability", 50, "how likely it is to be won, in `PERCENT`, 0 to 100")
	fs.Var(dateFlag{&o.ExpectedClose}, "close", "the `DATE` it should close, YYYY-MM-DD (required)")
	fs.StringVar(&o.Stage, "stage", "", "where it stands, e.g. \"Proposal sent\"")
	if err := parse(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(client) == "" {
		return usageErrorf("opportunities add: --client is required")
	}
	o.Kind = domain.OpportunityKind(kind)
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	c, err := clientFlag(ctx, book.Clients(), client)
	if err != nil {
		return err
	}
	o.ClientID = c.ID
	if currency == "" {
		currency = c.Currency
	}
	if o.Value, err = amountIn("--value", value, currency); err != nil {
		return err
	}
	if err := book.Opportunities().CreateOpportunity(ctx, o); err != nil {
		return atFlags(err, opportunityFlags)
	}
	fmt.Fprintf(e.stdout, "Added opportunity %d with %s: %s, %s at %d%%, closing %s\n", o.ID, c.Name, o.Title, o.Value,
		o.Probability, o.ExpectedClose)
	return nil
}

// opportunityFlags names the flag of opportunities add that sets each validated field.
var opportunityFlags = map[string]string{
	"client": "--client", "title": "--title", "kind": "--kind", "value": "--value", "currency": "--currency",
	"probability": "--probability", "expectedClose": "--close", "stage": "--stage",
}

func runOpportunitiesList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "opportunities list")
	var f domain.OpportunityFilter
	var client, status string
	fs.StringVar(&client, "client", "", "only the opportunities of the client called `NAME`")
	fs.StringVar(&status, "status", "", "only opportunities with `STATUS` open, won or lost")
	fs.StringVar(&f.Currency, "currency", "", "only opportunities in `CODE`")
	if err := parse(fs, args); err != nil {
		return err
	}
	if f.Status = domain.OpportunityStatus(status); status != "" && !f.Status.Valid() {
		return usageErrorf("--status %q: use open, won or lost", status)
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
	opps, err := book.Opportunities().FindOpportunities(ctx, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCLOSE\tCLIENT\tTITLE\tKIND\tSTAGE\tVALUE\tPROB\tSTATUS\tQUOTE\tLOST BECAUSE")
	var currencies []string
	seen := map[string]bool{}
	for _, o := range opps {
		quote := o.QuoteNumber
		if quote == "" && o.QuoteID != 0 {
			quote = fmt.Sprintf("draft:%d", o.QuoteID)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d%%\t%s\t%s\t%s\n", o.ID, o.ExpectedClose, o.ClientName, o.Title,
			o.Kind, o.Stage, o.Value, o.Probability, o.Status, quote, o.LostReason)
		if o.Status == domain.OpportunityOpen && !seen[o.Value.Currency] {
			seen[o.Value.Currency] = true
			currencies = append(currencies, o.Value.Currency)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, cur := range currencies {
		p := domain.PipelineOf(cur, opps)
		fmt.Fprintf(e.stdout, "Open in %s: %d worth %s, weighted %s.\n", cur, p.Open, p.Value, p.WeightedMoney())
	}
	return nil
}

func runOpportunitiesWin(ctx context.Context, e *env, args []string) error {
	const usage = "opportunities win ID [--quote] [--today YYYY-MM-DD]"
	id, rest, err := idArg("an opportunity", usage, args)
	if err != nil {
		return err
	}
	fs := newFlags(e, "opportunities win")
	quote := fs.Bool("quote", false, "also make a draft quote for it: one line, its title at its value")
	today := domain.Today()
	fs.Var(dateFlag{&today}, "today", "the `DATE` the quote is issued and valid from (default today)")
	if err := parse(fs, rest); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	o, err := book.Opportunities().Win(ctx, id, *quote, today)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Won opportunity %d with %s: %s, %s\n", o.ID, o.ClientName, o.Title, o.Value)
	if *quote {
		fmt.Fprintf(e.stdout, "Made quote draft:%d; check it and issue it with: invoices issue draft:%d\n", o.QuoteID, o.QuoteID)
	}
	return nil
}

func runOpportunitiesLose(ctx context.Context, e *env, args []string) error {
	const usage = "opportunities lose ID --reason TEXT"
	id, rest, err := idArg("an opportunity", usage, args)
	if err != nil {
		return err
	}
	fs := newFlags(e, "opportunities lose")
	reason := fs.String("reason", "", "why it was lost (required)")
	if err := parse(fs, rest); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if err := book.Opportunities().Lose(ctx, id, *reason); err != nil {
		return atFlags(err, map[string]string{"lostReason": "--reason"})
	}
	o, err := book.Opportunities().FindOpportunityByID(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Lost opportunity %d with %s: %s (%s)\n", o.ID, o.ClientName, o.Title, o.LostReason)
	return nil
}

// periodFlag is a --flag holding a month, 2027-03, or a quarter, 2027-Q1.
type periodFlag struct {
	kind  *domain.PeriodKind
	start *domain.Date
}

func (f periodFlag) String() string {
	if f.start == nil || f.start.IsZero() {
		return ""
	}
	return f.kind.Period(*f.start).Label()
}

func (f periodFlag) Set(s string) error {
	kind, start, err := domain.ParsePeriod(s)
	if err != nil {
		return err
	}
	*f.kind, *f.start = kind, start
	return nil
}

func runTargetsSet(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "targets set")
	t := &domain.Target{}
	var amount, currency, client string
	fs.Var(periodFlag{&t.PeriodKind, &t.PeriodStart}, "period", "the month, `2027-03`, or the quarter, 2027-Q1 (required)")
	fs.StringVar(&amount, "amount", "", "the revenue to invoice in the period, net of tax, `AMOUNT` (required)")
	fs.StringVar(&currency, "currency", "", "ISO 4217 `CODE` (default: the client's currency, or the company's)")
	fs.StringVar(&client, "client", "", "a target for the client called `NAME` (default: the whole book)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if t.PeriodStart.IsZero() {
		return usageErrorf("targets set: --period is required, e.g. --period 2027-03 or --period 2027-Q1")
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
		t.ClientID = c.ID
		if currency == "" {
			currency = c.Currency
		}
	}
	if currency == "" {
		co, err := book.Company().Company(ctx)
		if err != nil {
			return err
		}
		currency = co.Currency
	}
	if t.Amount, err = amountIn("--amount", amount, currency); err != nil {
		return err
	}
	if err := book.Targets().SetTarget(ctx, t); err != nil {
		return atFlags(err, targetFlags)
	}
	fmt.Fprintf(e.stdout, "Target for %s, %s: %s\n", t.Period().Label(), targetWho(t.ClientName), t.Amount)
	return nil
}

// targetFlags names the flag of targets set that sets each validated field.
var targetFlags = map[string]string{
	"periodKind": "--period", "period": "--period", "amount": "--amount", "currency": "--currency", "client": "--client",
}

// targetWho names whose target it is: a client's, or the whole book's.
func targetWho(clientName string) string {
	if clientName == "" {
		return "the whole book"
	}
	return clientName
}

func runTargetsList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "targets list")
	var f domain.TargetFilter
	var client string
	var fromKind, toKind domain.PeriodKind
	var to domain.Date
	fs.StringVar(&client, "client", "", "only the targets of the client called `NAME`")
	fs.StringVar(&f.Currency, "currency", "", "only targets in `CODE`")
	fs.Var(periodFlag{&fromKind, &f.From}, "from", "only periods from the month or quarter `PERIOD` on, e.g. 2027-01 or 2027-Q1")
	fs.Var(periodFlag{&toKind, &to}, "to", "only periods that start by the end of the month or quarter `PERIOD`")
	if err := parse(fs, args); err != nil {
		return err
	}
	if !to.IsZero() {
		f.To = toKind.Period(to).End
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
	ts, err := book.Targets().FindTargets(ctx, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PERIOD\tFOR\tTARGET\tINVOICED (NET)\tATTAINED")
	for _, t := range ts {
		a, err := book.Targets().Attainment(ctx, t.PeriodKind, t.PeriodStart, t.Amount.Currency, t.ClientID)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s%%\n", t.Period().Label(), targetWho(t.ClientName), t.Amount, a.Invoiced,
			a.Percent.StringFixed(1))
	}
	return tw.Flush()
}
