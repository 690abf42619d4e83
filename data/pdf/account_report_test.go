package pdf

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// sampleAccountReport is the first quarter of 2027 of the invoices' sample
// client: the statement's lines, invoices worth 1,600.00 net with 400.00
// open, two payments, a contract and a call, plus extra small invoices
// issued on 31 March to run the invoices onto more pages. It has the given
// sections.
func sampleAccountReport(extra int, internal bool, sections ...domain.AccountReportSection) AccountReportInput {
	st := sampleStatement(0)
	amt := decimal.RequireFromString
	eur := func(s string) money.Money { return money.Money{Amount: amt(s), Currency: "EUR"} }
	day := func(m time.Month, d int) domain.Date { return domain.NewDate(2027, m, d) }
	r := domain.AccountReport{Client: st.Statement.Client, Currency: "EUR", From: day(1, 1), To: day(3, 31),
		Sections: sections, Internal: internal, Statement: st.Statement}
	r.Summary = domain.AccountSummary{Revenue: amt("1600.00"), PriorRevenue: amt("400.00"),
		Prior:  domain.Period{Start: domain.NewDate(2026, 1, 1), End: domain.NewDate(2026, 3, 31)},
		Growth: amt("300"), HasGrowth: true,
		Balance:   domain.ClientBalance{Owed: amt("400.00"), Overdue: amt("300.00"), Credit: amt("80.00"), Net: amt("320.00")},
		DaysToPay: domain.MeanPayDays(29, 1), LastContact: time.Date(2027, 2, 15, 12, 0, 0, 0, time.Local),
		OpenComplaints: 1, ActiveContracts: 1, NextRenewal: day(12, 31)}
	inv := func(number string, kind domain.DocKind, issued, due domain.Date, total, open string, state domain.PayState) domain.AccountInvoice {
		return domain.AccountInvoice{DocumentRow: domain.DocumentRow{Kind: kind, Number: number, Status: domain.DocIssued,
			IssueDate: issued, DueDate: due, Total: eur(total)}, Open: amt(open), State: state}
	}
	r.Invoices = []domain.AccountInvoice{
		inv("INV-2027-00001", domain.KindInvoice, day(1, 10), day(2, 9), "1000.00", "0.00", domain.PayPaid),
		inv("INV-2027-00002", domain.KindInvoice, day(2, 5), day(3, 7), "500.00", "300.00", domain.PayOverdue),
		inv("INV-2027-00003", domain.KindInvoice, day(3, 20), day(4, 19), "150.00", "100.00", domain.PayPartial),
		inv("CN-2027-0001", domain.KindCreditNote, day(3, 25), day(3, 25), "50.00", "0.00", domain.PayNone),
	}
	for i := 0; i < extra; i++ {
		r.Invoices = append(r.Invoices, inv(fmt.Sprintf("INV-2027-%05d", 100+i), domain.KindInvoice, day(3, 31), day(4, 30),
			"0.00", "0.00", domain.PayPaid))
	}
	r.Payments = []*domain.Payment{
		{Date: day(2, 8), Amount: eur("1000.00"), Method: domain.MethodBankTransfer, Reference: "SEPA Müller Jänner",
			Allocations: []domain.Allocation{{DocumentNumber: "INV-2027-00001", Amount: amt("1000.00")}}},
		{Date: day(3, 30), Amount: eur("280.00"), Method: domain.MethodCard, Reference: "Card ending 4242",
			Allocations: []domain.Allocation{{DocumentNumber: "INV-2027-00002", Amount: amt("200.00")}}},
	}
	r.Contracts = []domain.Contract{{Title: "Wartung & Pflege", Value: eur("1620.00"), Currency: "EUR", Start: day(1, 1),
		End: day(12, 31), Cycle: domain.Monthly, Timing: domain.InAdvance, AutoRenew: true, Status: domain.ContractActive}}
	r.Timeline = []domain.Activity{{At: time.Date(2027, 2, 15, 12, 0, 0, 0, time.Local), Kind: domain.ActivityCall,
		ContactName: "Ayşe Yılmaz", Subject: "Quarterly review", Outcome: "Happy with the silo"}}
	for m := time.January; m <= time.March; m++ {
		r.Revenue = append(r.Revenue, domain.MonthValue{Month: day(m, 1), Amount: amt([]string{"1000", "500", "100"}[m-1])})
		r.YearEarlier = append(r.YearEarlier, domain.MonthValue{Month: domain.NewDate(2026, m, 1), Amount: amt([]string{"0", "400", "0"}[m-1])})
		b := []decimal.Decimal{amt([]string{"1000", "500", "100"}[m-1]), decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero}
		if m == time.March {
			b[1] = amt("300")
		}
		r.Aged = append(r.Aged, domain.AgedMonth{Month: day(m, 1), AsOf: day(m, 1).AddMonths(1).AddDays(-1), Buckets: b})
	}
	r.AgingLabels = domain.DefaultAgingBuckets().Labels()
	return AccountReportInput{Company: st.Company, Report: r}
}

func writeAccountReport(t *testing.T, in AccountReportInput) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteAccountReport(&buf, in); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	return pdfText(t, buf.Bytes())
}

func TestWriteAccountReport(t *testing.T) {
	text := writeAccountReport(t, sampleAccountReport(0, false, domain.DefaultAccountReportSections(false)...))
	for _, want := range []string{"ACCOUNT REPORT", "Q1 2027", "Müller Straße Öl GmbH", "Großbeerenstraße 12", "Ayşe Yılmaz",
		"Łukasz & Søren Consulting ApS",
		// The sections' headings.
		"Summary", "Charts", "Invoices", "Payments", "Aging", "Statement", "Contracts",
		// The summary.
		"1,600.00", "+300%", "29 days", "2027-02-15", "Next renewal 2027-12-31",
		// The charts.
		"Revenue by month, net of tax", "A year earlier", "Owed at each month's end, by days past due", "Jan '27",
		// The invoices, the credit note negative, and their totals.
		"INV-2027-00002", "Overdue", "-50.00", "CN-2027-0001",
		// The payments and their total; the statement; the contract.
		"SEPA Müller Jänner", "Card · INV-2027-00002 · 80.00 on account", "1,280.00", "Opening balance", "Closing balance",
		"Wartung & Pflege", "Monthly, in advance · renews", "1,620.00 EUR",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if !regexpLine(text, `Total\s+1,600.00\s+400.00`) {
		t.Error("the invoices' total row is not 1,600.00 with 400.00 open")
	}
	for _, absent := range []string{"Timeline highlights", "Quarterly review", "Internal"} {
		if strings.Contains(text, absent) {
			t.Errorf("a client-facing report shows %q", absent)
		}
	}
}

// Sections left out are not printed, long tables repeat their header on
// every page, and an internal report has the timeline and says it is
// internal.
func TestWriteAccountReportSections(t *testing.T) {
	text := writeAccountReport(t, sampleAccountReport(80, true, domain.SectionInvoices, domain.SectionTimeline))
	pages := strings.Count(text, "\f")
	if pages < 3 {
		t.Fatalf("80 more invoices fit on %d pages", pages)
	}
	if n := strings.Count(text, "INVOICES, CONTINUED"); n != pages-1 {
		t.Errorf("%d continued headings on %d pages", n, pages)
	}
	if n := strings.Count(text, "Status on 2027-03-31"); n != pages {
		t.Errorf("the invoices' header is on %d of %d pages", n, pages)
	}
	for _, want := range []string{"Timeline highlights", "Quarterly review — Happy with the silo", "Ayşe Yılmaz", "Internal use",
		"Internal · Account report", "INV-2027-00179"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	for _, absent := range []string{"Summary", "Charts", "Payments", "Statement", "Opening balance", "Contracts", "Wartung"} {
		if strings.Contains(text, absent) {
			t.Errorf("the PDF shows %q, which was not chosen", absent)
		}
	}
	var empty AccountReportInput
	if err := WriteAccountReport(&bytes.Buffer{}, empty); err == nil {
		t.Error("a report without a client was written")
	}
}

// regexpLine reports whether a line of text matches pattern.
func regexpLine(text, pattern string) bool {
	re := regexp.MustCompile(pattern)
	for _, l := range strings.Split(text, "\n") {
		if re.MatchString(l) {
			return true
		}
	}
	return false
}
