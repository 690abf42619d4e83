package domain

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

// AccountReportSection is one part of a client account report.
type AccountReportSection string

// The sections of an account report.
const (
	// SectionSummary is the account at a glance: revenue against the same
	// dates a year earlier, what is owed and overdue, days to pay, last
	// contact, open complaints, contracts and the next renewal.
	SectionSummary AccountReportSection = "summary"
	// SectionCharts is revenue by month beside the year before, and what
	// was owed at each month's end by how long past due.
	SectionCharts AccountReportSection = "charts"
	// SectionInvoices lists the period's invoices and credit notes with
	// what is still open on each.
	SectionInvoices AccountReportSection = "invoices"
	// SectionPayments lists the period's payments and what they paid.
	SectionPayments AccountReportSection = "payments"
	// SectionAging is what is owed on the last day by days past due.
	SectionAging AccountReportSection = "aging"
	// SectionStatement is the period's statement with its running balance.
	SectionStatement AccountReportSection = "statement"
	// SectionContracts lists the contracts in force during the period.
	SectionContracts AccountReportSection = "contracts"
	// SectionTimeline is the period's calls, emails, meetings, visits and
	// notes. It is for the internal team only (see AccountReportOptions).
	SectionTimeline AccountReportSection = "timeline"
)

// AccountReportSections lists every section in the order a report prints
// them.
var AccountReportSections = []AccountReportSection{SectionSummary, SectionCharts, SectionInvoices, SectionPayments,
	SectionAging, SectionStatement, SectionContracts, SectionTimeline}

// DefaultAccountReportSections is what a report shows unless told
// otherwise: every section, the timeline only in an internal report.
func DefaultAccountReportSections(internal bool) []AccountReportSection {
	if internal {
		return slices.Clone(AccountReportSections)
	}
	return slices.DeleteFunc(slices.Clone(AccountReportSections), func(s AccountReportSection) bool { return s == SectionTimeline })
}

// Valid reports whether s is one of AccountReportSections.
func (s AccountReportSection) Valid() bool { return slices.Contains(AccountReportSections, s) }

// Title is the section's heading: "Summary", "Timeline highlights".
func (s AccountReportSection) Title() string {
	switch s {
	case SectionSummary:
		return "Summary"
	case SectionCharts:
		return "Charts"
	case SectionInvoices:
		return "Invoices"
	case SectionPayments:
		return "Payments"
	case SectionAging:
		return "Aging"
	case SectionStatement:
		return "Statement"
	case SectionContracts:
		return "Contracts"
	case SectionTimeline:
		return "Timeline highlights"
	}
	return string(s)
}

// sectionNames is the sections' names as a list in a message: "summary,
// charts, … or timeline".
func sectionNames() string {
	names := make([]string, len(AccountReportSections))
	for i, s := range AccountReportSections {
		names[i] = string(s)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// AccountReportOptions say what a client account report covers.
type AccountReportOptions struct {
	ClientID int64
	// From and To are the period's first and last days.
	From, To Date
	// Currency is the ISO 4217 code of the amounts; "" for the client's own.
	Currency string
	// Sections are the parts to show; their order does not matter, the
	// report prints them in the order of AccountReportSections.
	Sections []AccountReportSection
	// Internal marks a report for the internal team rather than the
	// client. Only an internal report may have the timeline, which holds
	// notes not meant for the client.
	Internal bool
}

// Validate tidies and checks the options: a client, a period whose first
// day is not after its last, a known currency if one is given, and at least
// one section, each known, the timeline only if Internal. Sections named
// twice are kept once and blank ones dropped. The error is EINVALID with the fields "client",
// "from", "to", "currency" and "sections".
func (o *AccountReportOptions) Validate() error {
	o.Currency = strings.ToUpper(strings.TrimSpace(o.Currency))
	var sections []AccountReportSection
	for _, s := range o.Sections {
		s = AccountReportSection(strings.ToLower(strings.TrimSpace(string(s))))
		if s != "" && !slices.Contains(sections, s) {
			sections = append(sections, s)
		}
	}
	o.Sections = sections
	fields := map[string]string{}
	if o.ClientID == 0 {
		fields["client"] = "choose the client the report is for"
	}
	if o.From.IsZero() {
		fields["from"] = "enter the first day of the period"
	}
	if o.To.IsZero() {
		fields["to"] = "enter the last day of the period"
	} else if !o.From.IsZero() && o.From.After(o.To) {
		fields["to"] = "the last day is before the first"
	}
	if o.Currency != "" {
		if _, err := money.LookupCurrency(o.Currency); err != nil {
			fields["currency"] = err.Error()
		}
	}
	switch {
	case len(o.Sections) == 0:
		fields["sections"] = "choose at least one section"
	default:
		for _, s := range o.Sections {
			if !s.Valid() {
				fields["sections"] = fmt.Sprintf("%q is not a section; choose from %s", string(s), sectionNames())
				break
			}
		}
		if _, bad := fields["sections"]; !bad && !o.Internal && slices.Contains(o.Sections, SectionTimeline) {
			fields["sections"] = "timeline highlights are only for the internal team; mark the report internal or leave the timeline out"
		}
	}
	if len(fields) == 0 {
		return nil
	}
	var msgs []string
	for _, k := range []string{"client", "from", "to", "currency", "sections"} {
		if m, ok := fields[k]; ok {
			msgs = append(msgs, m)
		}
	}
	return &Error{Code: EINVALID, Message: "Check the account report: " + strings.Join(msgs, "; ") + ".", Fields: fields}
}

// Account report limits.
const (
	// AccountReportChartMonths is how many months the charts show at
	// most: the period's last ones.
	AccountReportChartMonths = 24
	// AccountReportTimelineMax is how many activities the timeline shows
	// at most: the period's latest.
	AccountReportTimelineMax = 40
)

// AccountSummary is a client's account at a glance in a report's currency.
type AccountSummary struct {
	// Revenue is what was invoiced in the period net of tax (see
	// ReportService), PriorRevenue the same for Prior, the period's
	// PriorPeriod, and Growth the one on the other (HasGrowth false
	// without prior revenue).
	Revenue, PriorRevenue decimal.Decimal
	Prior                 Period
	Growth                decimal.Decimal
	HasGrowth             bool
	// Balance is where the client stands at the end of the last day: what
	// it owes, the part overdue, its credit and the net.
	Balance ClientBalance
	// DaysToPay is how long its invoices paid in full in the period took.
	DaysToPay PayDays
	// LastContact is when it was last called, emailed, met or visited up to
	// the end of the last day; zero for never.
	LastContact time.Time
	// OpenComplaints counts its complaints raised by the last day and not
	// settled by then.
	OpenComplaints int
	// ActiveContracts counts its active contracts, and NextRenewal is the
	// soonest end of its active or lapsed ones (zero when none has an end).
	ActiveContracts int
	NextRenewal     Date
}

// AccountInvoice is an issued invoice or credit note of the period and where
// it stood at the end of the last day. A credit note has no state and
// nothing open.
type AccountInvoice struct {
	DocumentRow
	Paid, Credited, Open decimal.Decimal
	State                PayState
}

// Signed is the document's total as it counts towards what was invoiced:
// negative for a credit note.
func (i AccountInvoice) Signed() decimal.Decimal {
	if i.Kind == KindCreditNote {
		return i.Total.Amount.Neg()
	}
	return i.Total.Amount
}

// AgedMonth is what the client owed at the end of one month of the charts
// (or on the last day, for the last month), by how long past due.
type AgedMonth struct {
	Month   Date              // the month's first day
	AsOf    Date              // the day it was aged on
	Buckets []decimal.Decimal // one per label of the report's AgingLabels
}

// AccountReport is what a client account report shows: the options it was
// made with, and for each chosen section its figures. Sections not chosen
// are left empty.
type AccountReport struct {
	Client   *Client
	Currency string
	From, To Date
	Sections []AccountReportSection // those chosen, in the order of AccountReportSections
	Internal bool

	Summary AccountSummary
	// Invoices are the issued invoices and credit notes of the period in
	// the currency, by issue date and number.
	Invoices []AccountInvoice
	// Payments are the period's payments in the currency, oldest first.
	Payments []*Payment
	// Statement is the period's statement; its Aging is the aging section.
	Statement Statement
	// Contracts are those in force at some time in the period, by title.
	Contracts []Contract
	// Timeline is the period's latest activities, newest first, and
	// TimelineMore how many earlier ones of the period were left out.
	Timeline     []Activity
	TimelineMore int
	// Revenue is the revenue of each of the charts' months and
	// YearEarlier that of the same months a year before.
	Revenue, YearEarlier []MonthValue
	// AgingLabels name the aging buckets; Aged is the client's receivables
	// at the end of each of the charts' months.
	AgingLabels []string
	Aged        []AgedMonth
}

// Has reports whether the report shows section s.
func (r AccountReport) Has(s AccountReportSection) bool { return slices.Contains(r.Sections, s) }

// Period is the report's period.
func (r AccountReport) Period() Period { return Period{Start: r.From, End: r.To} }

// Money is an amount in the report's currency.
func (r AccountReport) Money(d decimal.Decimal) money.Money {
	return money.Money{Amount: d, Currency: r.Currency}
}

// Aging is the client's aging row on the last day, with every bucket zero
// when it owed nothing and had no credit.
func (r AccountReport) Aging() AgingRow {
	for _, row := range r.Statement.Aging.Rows {
		if r.Client != nil && row.ClientID == r.Client.ID {
			return row
		}
	}
	n := len(r.Statement.Aging.Labels)
	return AgingRow{Buckets: zeros(n), Total: decimal.Zero, Credits: decimal.Zero, Net: decimal.Zero}
}

// InvoiceTotals sums the invoices section: what was invoiced less what was
// credited, and what is still open.
func (r AccountReport) InvoiceTotals() (net, open decimal.Decimal) {
	net, open = decimal.Zero, decimal.Zero
	for _, i := range r.Invoices {
		net, open = net.Add(i.Signed()), open.Add(i.Open)
	}
	return net, open
}

// PaymentsTotal sums the payments section.
func (r AccountReport) PaymentsTotal() decimal.Decimal {
	sum := decimal.Zero
	for _, p := range r.Payments {
		sum = sum.Add(p.Amount.Amount)
	}
	return sum
}

// ReadAccountReport gathers a client account report from the book's
// services. Options that fail Validate are EINVALID; an unknown client is
// ENOTFOUND.
func ReadAccountReport(ctx context.Context, book Book, opt AccountReportOptions) (AccountReport, error) {
	if err := opt.Validate(); err != nil {
		return AccountReport{}, err
	}
	c, err := book.Clients().FindClientByID(ctx, opt.ClientID)
	if err != nil {
		return AccountReport{}, err
	}
	cur := opt.Currency
	if cur == "" {
		cur = c.Currency
	}
	r := AccountReport{Client: c, Currency: cur, From: opt.From, To: opt.To, Internal: opt.Internal}
	for _, s := range AccountReportSections {
		if slices.Contains(opt.Sections, s) {
			r.Sections = append(r.Sections, s)
		}
	}
	steps := []struct {
		need bool
		read func(context.Context, Book, *AccountReport) error
	}{
		{r.Has(SectionSummary), readAccountSummary},
		{r.Has(SectionSummary) || r.Has(SectionTimeline), readAccountTimeline},
		{r.Has(SectionCharts), readAccountCharts},
		{r.Has(SectionInvoices), readAccountInvoices},
		{r.Has(SectionPayments), readAccountPayments},
		{r.Has(SectionStatement) || r.Has(SectionAging), readAccountStatement},
		{r.Has(SectionSummary) || r.Has(SectionContracts), readAccountContracts},
	}
	for _, s := range steps {
		if !s.need {
			continue
		}
		if err := s.read(ctx, book, &r); err != nil {
			return AccountReport{}, err
		}
	}
	return r, nil
}

// readAccountSummary reads the summary's revenue, balance, days to pay and
// complaints; the timeline and the contracts fill in the rest.
func readAccountSummary(ctx context.Context, book Book, r *AccountReport) error {
	s := &r.Summary
	id, cur := r.Client.ID, r.Currency
	s.Prior = PriorPeriod(r.Period())
	var err error
	if s.Revenue, err = book.Reports().Revenue(ctx, cur, r.From, r.To, id); err != nil {
		return err
	}
	if s.PriorRevenue, err = book.Reports().Revenue(ctx, cur, s.Prior.Start, s.Prior.End, id); err != nil {
		return err
	}
	s.Growth, s.HasGrowth = Growth(s.Revenue, s.PriorRevenue)
	if s.Balance, err = book.Payments().ClientBalance(ctx, id, cur, r.To); err != nil {
		return err
	}
	days, err := book.Reports().DaysToPayByClient(ctx, cur, r.From, r.To, id)
	if err != nil {
		return err
	}
	s.DaysToPay = MeanPayDays(0, 0)
	if d, ok := days[id]; ok {
		s.DaysToPay = d
	}
	complaints, err := book.Complaints().FindComplaints(ctx, ComplaintFilter{ClientID: id})
	if err != nil {
		return err
	}
	for _, k := range complaints {
		if !k.OpenedOn.After(r.To) && (!k.Status.Settled() || k.ResolvedOn.After(r.To)) {
			s.OpenComplaints++
		}
	}
	return nil
}

// activityPage is how many activities are read at a time.
const activityPage = 200

// readAccountTimeline reads the client's timeline back from the end of the
// period: the activities of the period for the timeline, and the last
// contact up to its end for the summary.
func readAccountTimeline(ctx context.Context, book Book, r *AccountReport) error {
	wantTimeline, wantContact := r.Has(SectionTimeline), r.Has(SectionSummary)
	for offset := 0; ; offset += activityPage {
		page, err := book.Activities().FindActivities(ctx, ActivityFilter{ClientID: r.Client.ID, Offset: offset, Limit: activityPage})
		if err != nil {
			return err
		}
		for _, a := range page {
			d := DateOf(a.At.Local())
			if d.After(r.To) {
				continue
			}
			if wantContact && r.Summary.LastContact.IsZero() && a.Kind.IsContact() {
				r.Summary.LastContact = a.At
			}
			switch {
			case d.Before(r.From):
				wantTimeline = false
			case !wantTimeline:
			case len(r.Timeline) < AccountReportTimelineMax:
				r.Timeline = append(r.Timeline, a)
			default:
				r.TimelineMore++
			}
		}
		if len(page) < activityPage || (!wantTimeline && (!wantContact || !r.Summary.LastContact.IsZero())) {
			return nil
		}
	}
}

// chartStart is the first month the charts show: the period's, or the
// first of its last AccountReportChartMonths months.
func (r AccountReport) chartStart() Date {
	start := FirstOfMonth(r.To).AddMonths(1 - AccountReportChartMonths)
	if r.From.After(start) {
		return r.From
	}
	return start
}

// readAccountCharts reads the client's revenue by month in the period and a
// year earlier, and ages its receivables at each month's end.
func readAccountCharts(ctx context.Context, book Book, r *AccountReport) error {
	id, cur, from := r.Client.ID, r.Currency, r.chartStart()
	var err error
	if r.Revenue, err = book.Reports().RevenueByMonth(ctx, cur, from, r.To, id); err != nil {
		return err
	}
	if r.YearEarlier, err = book.Reports().RevenueByMonth(ctx, cur, from.AddMonths(-12), r.To.AddMonths(-12), id); err != nil {
		return err
	}
	r.AgingLabels, r.Aged, err = book.Payments().MonthEndAging(ctx, cur, from, r.To, r.To, id)
	return err
}

// readAccountInvoices reads the period's issued invoices and credit notes
// and where each stood at the end of the last day.
func readAccountInvoices(ctx context.Context, book Book, r *AccountReport) error {
	var ids []int64
	for _, kind := range []DocKind{KindInvoice, KindCreditNote} {
		rows, err := book.Documents().FindDocuments(ctx, DocumentFilter{Kind: kind, Status: DocIssued,
			ClientID: r.Client.ID, From: r.From, To: r.To})
		if err != nil {
			return err
		}
		for _, d := range rows {
			if d.Total.Currency == r.Currency {
				r.Invoices = append(r.Invoices, AccountInvoice{DocumentRow: d, Paid: decimal.Zero, Credited: decimal.Zero, Open: decimal.Zero})
				ids = append(ids, d.ID)
			}
		}
	}
	sort.SliceStable(r.Invoices, func(i, j int) bool {
		a, b := r.Invoices[i], r.Invoices[j]
		if a.IssueDate != b.IssueDate {
			return a.IssueDate.Before(b.IssueDate)
		}
		if a.Kind != b.Kind {
			return a.Kind == KindInvoice
		}
		return a.Number < b.Number
	})
	if len(ids) == 0 {
		return nil
	}
	states, err := book.Payments().PaymentStatus(ctx, r.To, ids...)
	if err != nil {
		return err
	}
	for i := range r.Invoices {
		if st, ok := states[r.Invoices[i].ID]; ok && r.Invoices[i].Kind == KindInvoice {
			r.Invoices[i].Paid, r.Invoices[i].Credited, r.Invoices[i].Open, r.Invoices[i].State = st.Paid, st.Credited, st.Open, st.State
		}
	}
	return nil
}

// readAccountPayments reads the period's payments, oldest first.
func readAccountPayments(ctx context.Context, book Book, r *AccountReport) error {
	ps, err := book.Payments().FindPayments(ctx, PaymentFilter{ClientID: r.Client.ID, Currency: r.Currency, From: r.From, To: r.To})
	if err != nil {
		return err
	}
	slices.Reverse(ps)
	r.Payments = ps
	return nil
}

func readAccountStatement(ctx context.Context, book Book, r *AccountReport) error {
	st, err := book.Statements().Statement(ctx, r.Client.ID, r.Currency, r.From, r.To)
	r.Statement = st
	return err
}

// readAccountContracts reads the contracts in force during the period and,
// for the summary, counts the active ones and finds the next renewal.
func readAccountContracts(ctx context.Context, book Book, r *AccountReport) error {
	cs, err := book.Contracts().FindContracts(ctx, ContractFilter{ClientID: r.Client.ID})
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.Status == ContractActive {
			r.Summary.ActiveContracts++
		}
		if (c.Status == ContractActive || c.Status == ContractLapsed) && !c.End.IsZero() &&
			(r.Summary.NextRenewal.IsZero() || c.End.Before(r.Summary.NextRenewal)) {
			r.Summary.NextRenewal = c.End
		}
		if r.Has(SectionContracts) && !c.Start.After(r.To) && (c.End.IsZero() || !c.End.Before(r.From)) {
			r.Contracts = append(r.Contracts, c)
		}
	}
	sort.SliceStable(r.Contracts, func(i, j int) bool {
		return strings.ToLower(r.Contracts[i].Title) < strings.ToLower(r.Contracts[j].Title)
	})
	return nil
}

// AccountReportColumns are the header of an account report's CSV: every
// section in one file, told apart by the first column.
var AccountReportColumns = []string{"section", "date", "reference", "description", "amount", "currency", "kind",
	"status", "due_date", "open", "balance", "end_date"}

// AccountReportRows lays the report out as the rows of its CSV, under
// AccountReportColumns, section by section in the report's order:
//
//   - summary: one row per figure, kind naming it (revenue, prior_revenue,
//     growth_percent, owed, overdue, credit, net, days_to_pay,
//     last_contact, open_complaints, active_contracts, next_renewal),
//     dated the last day, or the day itself for last_contact and
//     next_renewal; figures that are not money have no currency.
//   - charts: their values: kind revenue and revenue_year_earlier by month,
//     and receivables by month end with the bucket as reference.
//   - invoices: one row per document, kind invoice or credit-note, the
//     credit notes' amounts negative, status its payment state.
//   - payments: one row per payment, kind its method, the invoices it paid
//     in the description.
//   - aging: one row per bucket (kind bucket), then total, credit and net.
//   - statement: opening, every line and closing, the amount what the
//     line adds to the balance (credits negative).
//   - contracts: one row per contract, dated its start, the amount its
//     value, kind its billing cycle.
//   - timeline: one row per activity, kind call, email…, reference the
//     contact.
//
// Amounts are plain numbers with the currency's decimals.
func AccountReportRows(r AccountReport) [][]TableCell {
	t := reportTable{r: r}
	for _, s := range r.Sections {
		t.section = s
		switch s {
		case SectionSummary:
			t.summaryRows()
		case SectionCharts:
			t.chartRows()
		case SectionInvoices:
			t.invoiceRows()
		case SectionPayments:
			t.paymentRows()
		case SectionAging:
			t.agingRows()
		case SectionStatement:
			t.statementRows()
		case SectionContracts:
			t.contractRows()
		case SectionTimeline:
			t.timelineRows()
		}
	}
	return t.rows
}

// WriteAccountReportCSV writes the report as one CSV file, AccountReportRows
// under AccountReportColumns, by the export's rules (see
// ExportService.WriteTable): text neutralised, numbers as they are.
func WriteAccountReportCSV(w io.Writer, export ExportService, r AccountReport) error {
	rows := AccountReportRows(r)
	i := 0
	_, err := export.WriteTable(w, ExportFormat{}, AccountReportColumns, func() ([]TableCell, bool, error) {
		if i == len(rows) {
			return nil, false, nil
		}
		i++
		return rows[i-1], true, nil
	})
	return err
}

// reportTable builds the CSV rows of one report.
type reportTable struct {
	r       AccountReport
	section AccountReportSection
	rows    [][]TableCell
}

// reportRow is one CSV row before it is spelt out; empty fields are empty
// cells.
type reportRow struct {
	date, due, end        Date
	reference, desc, kind string
	status                string
	amount, open, balance *decimal.Decimal
	currency              string // for the amounts: the report's unless noMoney
	number                string // a plain number that is not money, in the amount column
	noMoney               bool
}

func (t *reportTable) add(x reportRow) {
	fixed := func(d *decimal.Decimal) TableCell {
		if d == nil {
			return RawCell("")
		}
		return NumberCell(money.Money{Amount: *d, Currency: x.currency}.Fixed())
	}
	if x.currency == "" && !x.noMoney {
		x.currency = t.r.Currency
	}
	amount := fixed(x.amount)
	if x.noMoney {
		amount = NumberCell(x.number)
	}
	cur := x.currency
	if x.noMoney {
		cur = ""
	}
	t.rows = append(t.rows, []TableCell{RawCell(string(t.section)), RawCell(x.date.String()), TextCell(x.reference),
		TextCell(x.desc), amount, RawCell(cur), RawCell(x.kind), RawCell(x.status), RawCell(x.due.String()),
		fixed(x.open), fixed(x.balance), RawCell(x.end.String())})
}

func ptr(d decimal.Decimal) *decimal.Decimal { return &d }

func (t *reportTable) summaryRows() {
	r, s := t.r, t.r.Summary
	span := func(p Period) string { return p.Start.String() + " to " + p.End.String() }
	amount := func(kind, desc string, d decimal.Decimal) {
		t.add(reportRow{date: r.To, kind: kind, desc: desc, amount: ptr(d)})
	}
	number := func(date Date, kind, desc, n string) {
		t.add(reportRow{date: date, kind: kind, desc: desc, number: n, noMoney: true})
	}
	amount("revenue", "Revenue net of tax, "+span(r.Period()), s.Revenue)
	amount("prior_revenue", "Revenue net of tax, "+span(s.Prior)+", a year earlier", s.PriorRevenue)
	growth := ""
	if s.HasGrowth {
		growth = s.Growth.String()
	}
	number(r.To, "growth_percent", "Growth on a year earlier, percent", growth)
	amount("owed", "Owed on issued invoices", s.Balance.Owed)
	amount("overdue", "Overdue", s.Balance.Overdue)
	amount("credit", "Unapplied credit", s.Balance.Credit)
	amount("net", "Owed less credit", s.Balance.Net)
	days := ""
	if s.DaysToPay.Count > 0 {
		days = s.DaysToPay.Days.String()
	}
	number(r.To, "days_to_pay", fmt.Sprintf("Average days to pay, %d invoices paid in full in the period", s.DaysToPay.Count), days)
	var contacted Date
	if !s.LastContact.IsZero() {
		contacted = DateOf(s.LastContact.Local())
	}
	number(contacted, "last_contact", "Last call, email, meeting or visit", "")
	number(r.To, "open_complaints", "Complaints not settled", fmt.Sprint(s.OpenComplaints))
	number(r.To, "active_contracts", "Active contracts", fmt.Sprint(s.ActiveContracts))
	number(s.NextRenewal, "next_renewal", "Soonest end of an active or lapsed contract", "")
}

func (t *reportTable) chartRows() {
	for i, m := range t.r.Revenue {
		t.add(reportRow{date: m.Month, kind: "revenue", desc: "Revenue net of tax, " + Period{Start: m.Month, End: m.Month.AddMonths(1).AddDays(-1)}.Label(), amount: ptr(m.Amount)})
		if i < len(t.r.YearEarlier) {
			y := t.r.YearEarlier[i]
			t.add(reportRow{date: y.Month, kind: "revenue_year_earlier", desc: "Revenue net of tax, " + Period{Start: y.Month, End: y.Month.AddMonths(1).AddDays(-1)}.Label(), amount: ptr(y.Amount)})
		}
	}
	for _, am := range t.r.Aged {
		for b, v := range am.Buckets {
			label := ""
			if b < len(t.r.AgingLabels) {
				label = t.r.AgingLabels[b]
			}
			t.add(reportRow{date: am.AsOf, kind: "receivables", reference: label, desc: "Owed by days past due", amount: ptr(v)})
		}
	}
}

func (t *reportTable) invoiceRows() {
	for _, i := range t.r.Invoices {
		x := reportRow{date: i.IssueDate, reference: i.Number, kind: string(i.Kind), amount: ptr(i.Signed())}
		if i.PONumber != "" {
			x.desc = "PO " + i.PONumber
		}
		if i.Kind == KindInvoice {
			x.due, x.status, x.open = i.DueDate, string(i.State), ptr(i.Open)
		}
		t.add(x)
	}
}

// PaymentDescription says what a payment paid: "Bank transfer ·
// INV-2027-00001, INV-2027-00002 · 150.00 on account".
func PaymentDescription(p *Payment) string {
	parts := []string{p.Method.Title()}
	var nums []string
	for _, a := range p.Allocations {
		nums = append(nums, allocationName(a))
	}
	if len(nums) > 0 {
		parts = append(parts, strings.Join(nums, ", "))
	}
	if u := p.Unapplied(); u.IsPositive() {
		parts = append(parts, money.Money{Amount: u, Currency: p.Amount.Currency}.Format()+" on account")
	}
	if p.Note != "" {
		parts = append(parts, p.Note)
	}
	return strings.Join(parts, " · ")
}

func (t *reportTable) paymentRows() {
	for _, p := range t.r.Payments {
		t.add(reportRow{date: p.Date, reference: p.Reference, desc: PaymentDescription(p), kind: string(p.Method),
			amount: ptr(p.Amount.Amount)})
	}
}

func (t *reportTable) agingRows() {
	row, at := t.r.Aging(), t.r.To
	for b, v := range row.Buckets {
		label := ""
		if b < len(t.r.Statement.Aging.Labels) {
			label = t.r.Statement.Aging.Labels[b]
		}
		t.add(reportRow{date: at, kind: "bucket", reference: label, desc: "Owed by days past due", amount: ptr(v)})
	}
	t.add(reportRow{date: at, kind: "total", desc: "Owed on issued invoices", amount: ptr(row.Total)})
	t.add(reportRow{date: at, kind: "credit", desc: "Unapplied credit", amount: ptr(row.Credits)})
	t.add(reportRow{date: at, kind: "net", desc: "Owed less credit", amount: ptr(row.Net)})
}

func (t *reportTable) statementRows() {
	st := t.r.Statement
	t.add(reportRow{date: st.From, kind: "opening", desc: "Opening balance", balance: ptr(st.Opening)})
	for _, l := range st.Lines {
		t.add(reportRow{date: l.Date, kind: string(l.Kind), reference: l.Reference, desc: l.Description,
			amount: ptr(l.Debit.Sub(l.Credit)), balance: ptr(l.Balance)})
	}
	t.add(reportRow{date: st.To, kind: "closing", desc: "Closing balance", balance: ptr(st.Closing)})
}

// ContractTerms describes a contract's billing in a few words: "Monthly,
// in advance · renews automatically".
func ContractTerms(c Contract) string {
	s := c.Cycle.Title() + ", " + strings.ToLower(c.Timing.Title())
	if c.AutoRenew {
		s += " · renews automatically"
	}
	return s
}

func (t *reportTable) contractRows() {
	for _, c := range t.r.Contracts {
		t.add(reportRow{date: c.Start, end: c.End, reference: c.Title, desc: ContractTerms(c), kind: string(c.Cycle),
			status: string(c.Status), amount: ptr(c.Value.Amount), currency: c.Value.Currency})
	}
}

// ActivitySummary is an activity in one line: its subject, outcome and next
// step.
func ActivitySummary(a Activity) string {
	s := a.Subject
	if a.Outcome != "" {
		s += " — " + a.Outcome
	}
	if a.NextStep != "" {
		s += " — Next: " + a.NextStep
	}
	return s
}

func (t *reportTable) timelineRows() {
	for _, a := range t.r.Timeline {
		t.add(reportRow{date: DateOf(a.At.Local()), kind: string(a.Kind), reference: a.ContactName, desc: ActivitySummary(a),
			noMoney: true})
	}
}
