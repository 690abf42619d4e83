package data

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/domain"
)

// accountBook is a book whose client, Bäckerei Müller & Söhne, has a first
// quarter of 2027 that can be worked by hand:
//
//	2026-02-10  INV 400.00, paid 2026-03-01           the prior period's revenue
//	2027-01-10  INV-1 1,000.00 due 02-09, paid 02-08  29 days to pay
//	2027-02-05  INV-2 500.00 due 03-07, 200.00 paid 03-20: 300.00 overdue on 03-31
//	2027-03-20  INV-3 100.00 + 50.00 due 04-19, the 50.00 credited on 03-25
//	2027-03-30  80.00 paid on account
//	2027-04-05  INV 999.00, after the period
//
// Revenue in the quarter: 1,000 + 500 + 150 − 50 = 1,600 against 400 a year
// earlier, so growth is 300%. On 31 March it owes 300 (overdue) + 100 and
// has 80 of credit: net 320. A call on 15 February is the last contact (a
// note on 28 March does not count, a meeting on 10 April is after the end);
// one complaint is open on 31 March, one was settled in January and one is
// raised in April. One contract runs through 2027.
func accountBook(t *testing.T) (*Book, *domain.Client) {
	t.Helper()
	b, _, vat := invoicingBook(t)
	ctx := context.Background()
	c := newClient("Bäckerei Müller & Söhne", "Köln")
	if err := b.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	old := issueInvoice(t, b, c, "2026-02-10", "2026-03-12", "Ovens|400.00")
	inv1 := issueInvoice(t, b, c, "2027-01-10", "2027-02-09", "Flour silo|1000.00")
	inv2 := issueInvoice(t, b, c, "2027-02-05", "2027-03-07", "Maintenance|500.00")
	inv3 := issueInvoice(t, b, c, "2027-03-20", "2027-04-19", "Delivery|100.00", "Storage|50.00")
	issueCredit(t, b, inv3, "2027-03-25", 1)
	issueInvoice(t, b, c, "2027-04-05", "2027-05-05", "Later|999.00")
	for _, p := range []*domain.Payment{
		newPayment(c, "2026-03-01", "400.00", allocTo(old, "400.00")),
		newPayment(c, "2027-02-08", "1000.00", allocTo(inv1, "1000.00")),
		newPayment(c, "2027-03-20", "200.00", allocTo(inv2, "200.00")),
		newPayment(c, "2027-03-30", "80.00"),
	} {
		if err := b.Payments().CreatePayment(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	noon := func(s string) time.Time {
		return time.Date(day(s).Year, day(s).Month, day(s).Day, 12, 0, 0, 0, time.Local)
	}
	for _, a := range []*domain.Activity{
		{ClientID: c.ID, At: noon("2026-12-01"), Kind: domain.ActivityEmail, Subject: "Season's greetings"},
		{ClientID: c.ID, At: noon("2027-02-15"), Kind: domain.ActivityCall, Subject: "Quarterly review", ContactName: "Jörg Müller",
			Outcome: "Happy with the silo", NextStep: "Send the maintenance plan"},
		{ClientID: c.ID, At: noon("2027-03-28"), Kind: domain.ActivityNote, Subject: "Watch the overdue invoice"},
		{ClientID: c.ID, At: noon("2027-04-10"), Kind: domain.ActivityMeeting, Subject: "Visit in April"},
	} {
		if err := b.Activities().CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range []*domain.Complaint{
		{ClientID: c.ID, OpenedOn: day("2027-01-05"), Subject: "Wrong invoice address", Status: domain.ComplaintResolved,
			ResolvedOn: day("2027-01-20"), Resolution: "Address corrected"},
		{ClientID: c.ID, OpenedOn: day("2027-03-02"), Subject: "Late maintenance visit"},
		{ClientID: c.ID, OpenedOn: day("2027-04-02"), Subject: "After the period"},
	} {
		if err := b.Complaints().CreateComplaint(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	k := contractFor(c, vat, day("2027-01-01"), domain.Monthly, domain.InAdvance, 1)
	k.End = day("2027-12-31")
	if err := b.Contracts().CreateContract(ctx, k); err != nil {
		t.Fatal(err)
	}
	return b, c
}

func accountOptions(c *domain.Client, internal bool, sections ...domain.AccountReportSection) domain.AccountReportOptions {
	if sections == nil {
		sections = domain.DefaultAccountReportSections(internal)
	}
	return domain.AccountReportOptions{ClientID: c.ID, From: day("2027-01-01"), To: day("2027-03-31"),
		Sections: sections, Internal: internal}
}

func fx(d decimal.Decimal) string { return d.StringFixed(2) }

func TestAccountReportByHand(t *testing.T) {
	b, c := accountBook(t)
	r, err := domain.ReadAccountReport(context.Background(), b, accountOptions(c, true))
	if err != nil {
		t.Fatal(err)
	}
	if r.Currency != "EUR" || !reflect.DeepEqual(r.Sections, domain.AccountReportSections) {
		t.Errorf("currency %q, sections %v", r.Currency, r.Sections)
	}
	s := r.Summary
	got := fmt.Sprintf("revenue %s prior %s (%s to %s) growth %s%%/%v owed %s overdue %s credit %s net %s days %s/%d "+
		"contact %s complaints %d contracts %d renews %s",
		fx(s.Revenue), fx(s.PriorRevenue), s.Prior.Start, s.Prior.End, s.Growth, s.HasGrowth, fx(s.Balance.Owed),
		fx(s.Balance.Overdue), fx(s.Balance.Credit), fx(s.Balance.Net), s.DaysToPay.Days, s.DaysToPay.Count,
		domain.DateOf(s.LastContact.Local()), s.OpenComplaints, s.ActiveContracts, s.NextRenewal)
	want := "revenue 1600.00 prior 400.00 (2026-01-01 to 2026-03-31) growth 300%/true owed 400.00 overdue 300.00 " +
		"credit 80.00 net 320.00 days 29/1 contact 2027-02-15 complaints 1 contracts 1 renews 2027-12-31"
	if got != want {
		t.Errorf("summary\n got %s\nwant %s", got, want)
	}

	var lines []string
	for _, i := range r.Invoices {
		lines = append(lines, fmt.Sprintf("%s %s %s %s open %s %s", i.IssueDate, i.Kind, i.Number, fx(i.Signed()), fx(i.Open), i.State))
	}
	wantInv := []string{
		"2027-01-10 invoice INV-2027-00001 1000.00 open 0.00 paid",
		"2027-02-05 invoice INV-2027-00002 500.00 open 300.00 overdue",
		"2027-03-20 invoice INV-2027-00003 150.00 open 100.00 partially-paid",
		"2027-03-25 credit-note CN-2027-0001 -50.00 open 0.00 ",
	}
	if !reflect.DeepEqual(lines, wantInv) {
		t.Errorf("invoices\n got %q\nwant %q", lines, wantInv)
	}
	if net, open := r.InvoiceTotals(); fx(net) != "1600.00" || fx(open) != "400.00" {
		t.Errorf("invoice totals %s, open %s", net, open)
	}

	lines = nil
	for _, p := range r.Payments {
		lines = append(lines, p.Date.String()+" "+fx(p.Amount.Amount)+" "+domain.PaymentDescription(p))
	}
	wantPay := []string{
		"2027-02-08 1000.00 Bank transfer · INV-2027-00001",
		"2027-03-20 200.00 Bank transfer · INV-2027-00002",
		"2027-03-30 80.00 Bank transfer · 80.00 on account",
	}
	if !reflect.DeepEqual(lines, wantPay) || fx(r.PaymentsTotal()) != "1280.00" {
		t.Errorf("payments\n got %q (total %s)\nwant %q", lines, r.PaymentsTotal(), wantPay)
	}

	a := r.Aging()
	if got := fmt.Sprintf("%v total %s credit %s net %s", a.Buckets, fx(a.Total), fx(a.Credits), fx(a.Net)); got != "[100 300 0 0 0] total 400.00 credit 80.00 net 320.00" {
		t.Errorf("aging %s", got)
	}
	if !r.Statement.Opening.IsZero() || fx(r.Statement.Closing) != "320.00" || len(r.Statement.Lines) != 7 {
		t.Errorf("statement opening %s closing %s, %d lines", r.Statement.Opening, r.Statement.Closing, len(r.Statement.Lines))
	}

	if len(r.Contracts) != 1 || r.Contracts[0].Title != "Managed hosting" {
		t.Errorf("contracts %+v", r.Contracts)
	}
	lines = nil
	for _, a := range r.Timeline {
		lines = append(lines, domain.DateOf(a.At.Local()).String()+" "+string(a.Kind)+" "+domain.ActivitySummary(a))
	}
	wantTL := []string{
		"2027-03-28 note Watch the overdue invoice",
		"2027-02-15 call Quarterly review — Happy with the silo — Next: Send the maintenance plan",
	}
	if !reflect.DeepEqual(lines, wantTL) || r.TimelineMore != 0 {
		t.Errorf("timeline\n got %q (+%d)\nwant %q", lines, r.TimelineMore, wantTL)
	}

	lines = nil
	for i, m := range r.Revenue {
		lines = append(lines, fmt.Sprintf("%s %s / %s %s", m.Month, fx(m.Amount), r.YearEarlier[i].Month, fx(r.YearEarlier[i].Amount)))
	}
	for _, am := range r.Aged {
		lines = append(lines, fmt.Sprintf("%s %v", am.AsOf, am.Buckets))
	}
	wantCharts := []string{
		"2027-01-01 1000.00 / 2026-01-01 0.00", "2027-02-01 500.00 / 2026-02-01 400.00", "2027-03-01 100.00 / 2026-03-01 0.00",
		"2027-01-31 [1000 0 0 0 0]", "2027-02-28 [500 0 0 0 0]", "2027-03-31 [100 300 0 0 0]",
	}
	if !reflect.DeepEqual(lines, wantCharts) {
		t.Errorf("charts\n got %q\nwant %q", lines, wantCharts)
	}
}

// Only the chosen sections are read, and the timeline only for the internal
// team.
func TestAccountReportSections(t *testing.T) {
	b, c := accountBook(t)
	ctx := context.Background()
	r, err := domain.ReadAccountReport(ctx, b, accountOptions(c, false))
	if err != nil {
		t.Fatal(err)
	}
	if r.Has(domain.SectionTimeline) || len(r.Timeline) != 0 || !r.Has(domain.SectionSummary) || len(r.Sections) != 7 {
		t.Errorf("client-facing report: sections %v, %d activities", r.Sections, len(r.Timeline))
	}
	if r.Summary.LastContact.IsZero() {
		t.Error("the summary lacks the last contact without the timeline")
	}
	only := accountOptions(c, false, domain.SectionPayments, domain.SectionInvoices, "invoices")
	r, err = domain.ReadAccountReport(ctx, b, only)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Sections, []domain.AccountReportSection{domain.SectionInvoices, domain.SectionPayments}) ||
		len(r.Invoices) != 4 || len(r.Payments) != 3 || !r.Summary.Revenue.IsZero() || r.Summary.ActiveContracts != 0 ||
		len(r.Statement.Lines) != 0 || len(r.Revenue) != 0 || len(r.Contracts) != 0 {
		t.Errorf("invoices and payments only: %v, %+v", r.Sections, r.Summary)
	}
	_, err = domain.ReadAccountReport(ctx, b, accountOptions(c, false, domain.SectionTimeline))
	if f := domain.FieldErrors(err); !strings.Contains(f["sections"], "internal") {
		t.Errorf("the timeline of a client-facing report: %v", err)
	}
	bad := accountOptions(c, false)
	bad.ClientID = 999
	if _, err := domain.ReadAccountReport(ctx, b, bad); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("unknown client: %v", err)
	}
	// In another currency there is nothing.
	usd := accountOptions(c, false)
	usd.Currency = "usd"
	r, err = domain.ReadAccountReport(ctx, b, usd)
	if err != nil || r.Currency != "USD" || len(r.Invoices) != 0 || !r.Summary.Revenue.IsZero() || !r.Statement.Closing.IsZero() {
		t.Errorf("in dollars: %v %+v", err, r.Summary)
	}
}

// The report's CSV reads back: a section column first, numbers raw, text
// neutralised.
func TestAccountReportCSV(t *testing.T) {
	b, c := accountBook(t)
	ctx := context.Background()
	r, err := domain.ReadAccountReport(ctx, b, accountOptions(c, true))
	if err != nil {
		t.Fatal(err)
	}
	r.Payments[0].Reference = "=SUM(A1)"
	var buf bytes.Buffer
	if err := domain.WriteAccountReportCSV(&buf, b.Export(), r); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("\uFEFFsection,date,reference,description,amount,currency,")) {
		t.Errorf("header: %q", strings.SplitN(buf.String(), "\n", 2)[0])
	}
	if !strings.Contains(buf.String(), ",'=SUM(A1),") {
		t.Error("a formula in a payment's reference was not neutralised")
	}
	rd := NewCSVReader(&buf, ',')
	header, err := rd.Read()
	if err != nil || !reflect.DeepEqual(header, domain.AccountReportColumns) {
		t.Fatalf("header %q, %v", header, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	count := map[string]int{}
	find := map[string][]string{}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(rec) != len(header) {
			t.Fatalf("row %q has %d cells", rec, len(rec))
		}
		count[rec[0]]++
		find[rec[0]+"/"+rec[col["kind"]]+"/"+rec[col["reference"]]] = rec
	}
	wantCount := map[string]int{"summary": 12, "charts": 6 + 3*5, "invoices": 4, "payments": 3, "aging": 8, "statement": 9,
		"contracts": 1, "timeline": 2}
	if !reflect.DeepEqual(count, wantCount) {
		t.Errorf("rows by section %v, want %v", count, wantCount)
	}
	cell := func(key, column string) string {
		rec, ok := find[key]
		if !ok {
			t.Errorf("no row %s", key)
			return ""
		}
		return rec[col[column]]
	}
	for _, c := range []struct{ key, column, want string }{
		{"summary/revenue/", "amount", "1600.00"},
		{"summary/revenue/", "currency", "EUR"},
		{"summary/growth_percent/", "amount", "300"},
		{"summary/growth_percent/", "currency", ""},
		{"summary/net/", "amount", "320.00"},
		{"summary/last_contact/", "date", "2027-02-15"},
		{"summary/next_renewal/", "date", "2027-12-31"},
		{"invoices/invoice/INV-2027-00002", "open", "300.00"},
		{"invoices/invoice/INV-2027-00002", "status", "overdue"},
		{"invoices/invoice/INV-2027-00002", "due_date", "2027-03-07"},
		{"invoices/credit-note/CN-2027-0001", "amount", "-50.00"},
		{"payments/bank-transfer/=SUM(A1)", "amount", "1000.00"},
		{"aging/bucket/1–30", "amount", "300.00"},
		{"aging/net/", "amount", "320.00"},
		{"statement/closing/", "balance", "320.00"},
		{"contracts/monthly/Managed hosting", "end_date", "2027-12-31"},
		{"timeline/call/Jörg Müller", "date", "2027-02-15"},
	} {
		if got := cell(c.key, c.column); got != c.want {
			t.Errorf("%s %s = %q, want %q", c.key, c.column, got, c.want)
		}
	}
}
