package pdf

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/chart"
	"clientbook/domain/money"
)

// AccountReportInput is everything printed on a client account report.
type AccountReportInput struct {
	Company domain.Company
	Report  domain.AccountReport
}

// GatherAccountReport collects what an account report's PDF shows besides
// the report itself: the company as it is now.
func GatherAccountReport(ctx context.Context, book domain.Book, r domain.AccountReport) (AccountReportInput, error) {
	co, err := book.Company().Company(ctx)
	if err != nil {
		return AccountReportInput{}, err
	}
	return AccountReportInput{Company: co, Report: r}, nil
}

// chartH is the height of one chart in millimetres.
const chartH = 64.0

// WriteAccountReport renders a client account report to w in the invoices'
// look: the company block and a title block with the period, the client,
// then each section the report has under its heading — the summary as
// tiles of figures, the charts drawn as on the Reports screen, and the
// lists as tables whose header is repeated on every page they run onto.
func WriteAccountReport(w io.Writer, in AccountReportInput) error {
	r := in.Report
	if r.Client == nil {
		return fmt.Errorf("pdf: an account report needs its client")
	}
	p := newDocument()
	p.AliasNbPages("{nb}")
	title := fmt.Sprintf("Account report %s %s–%s", r.Client.Name, r.From, r.To)
	p.SetTitle(title, true)
	p.SetAuthor(in.Company.Name, true)
	p.SetCreator("Clientbook", true)
	footer := title
	if r.Internal {
		footer = "Internal · " + footer
	}
	p.SetFooterFunc(func() {
		p.SetY(pageH - margin + 4)
		muted(p, 8)
		p.CellFormat(contentW*0.75, 4, fit(p, footer, contentW*0.75), "", 0, "L", false, 0, "")
		p.CellFormat(contentW*0.25, 4, fmt.Sprintf("Page %d of {nb}", p.PageNo()), "", 0, "R", false, 0, "")
	})
	a := &accountRenderer{p: p, r: r}
	p.AddPage()
	leftBottom := companyBlock(p, in.Company)
	rows := [][2]string{{"Period", r.Period().Label()}, {"From", r.From.String()}, {"To", r.To.String()},
		{"Currency", r.Currency}}
	if r.Internal {
		rows = append(rows, [2]string{"For", "Internal use"})
	}
	rightBottom := titleBlock(p, "Account report", rows)
	p.SetY(max(leftBottom, rightBottom) + 8)
	clientBlock(p, "ACCOUNT OF", r.Client)
	for _, s := range r.Sections {
		switch s {
		case domain.SectionSummary:
			a.summary()
		case domain.SectionCharts:
			a.charts()
		case domain.SectionInvoices:
			a.invoices()
		case domain.SectionPayments:
			a.payments()
		case domain.SectionAging:
			a.aging()
		case domain.SectionStatement:
			a.statement()
		case domain.SectionContracts:
			a.contracts()
		case domain.SectionTimeline:
			a.timeline()
		}
	}
	if err := p.Error(); err != nil {
		return fmt.Errorf("render the account report of %s: %w", r.Client.Name, err)
	}
	return p.Output(w)
}

type accountRenderer struct {
	p *page
	r domain.AccountReport
}

func (a *accountRenderer) amount(d decimal.Decimal) string { return a.r.Money(d).Format() }

// headingH is the height a section's heading takes, its space above
// included.
const headingH = 13.0

// heading starts a section: a new page unless the heading and need
// millimetres of what follows fit on this one, then the title in blue with
// a rule under it.
func (a *accountRenderer) heading(s domain.AccountReportSection, need float64) {
	p := a.p
	if p.GetY()+headingH+need > bottom {
		p.AddPage()
	} else {
		p.Ln(4)
	}
	ink(p, 12, true)
	p.SetTextColor(31, 95, 173)
	p.CellFormat(contentW, 7, s.Title(), "", 1, "L", false, 0, "")
	p.SetDrawColor(31, 95, 173)
	p.SetLineWidth(0.3)
	p.Line(margin, p.GetY(), margin+contentW, p.GetY())
	p.Ln(2)
}

// note prints a line of grey text, such as why a section is empty.
func (a *accountRenderer) note(s string) {
	muted(a.p, 8.5)
	for _, l := range a.p.SplitText(s, contentW) {
		a.p.CellFormat(contentW, 4.5, l, "", 1, "L", false, 0, "")
	}
}

// tile is one figure of the summary: a label, the value large, a note.
type tile struct{ label, value, note string }

const (
	tileCols = 4
	tileH    = 20.0
	tileGap  = 2.0
)

// summary prints the figures of the summary as tiles, four to a row.
func (a *accountRenderer) summary() {
	r, s := a.r, a.r.Summary
	growth := "—"
	if s.HasGrowth {
		growth = s.Growth.String() + "%"
		if s.Growth.IsPositive() {
			growth = "+" + growth
		}
	}
	owedNote := "On " + r.To.String()
	if !s.Balance.Credit.IsZero() {
		owedNote = "Less " + a.amount(s.Balance.Credit) + " credit: " + a.amount(s.Balance.Net)
	}
	days, daysNote := "—", "No invoice paid in full"
	if n := s.DaysToPay.Count; n > 0 {
		days = s.DaysToPay.Days.String() + " days"
		daysNote = fmt.Sprintf("%d invoices paid in full", n)
		if n == 1 {
			daysNote = "1 invoice paid in full"
		}
	}
	contact, contactNote := "None", "No call, email, meeting or visit"
	if !s.LastContact.IsZero() {
		d := domain.DateOf(s.LastContact.Local())
		contact = d.String()
		contactNote = fmt.Sprintf("%d days before %s", d.DaysUntil(r.To), r.To)
	}
	renewal := "No renewal date"
	if !s.NextRenewal.IsZero() {
		renewal = "Next renewal " + s.NextRenewal.String()
	}
	tiles := []tile{
		{"Revenue", a.amount(s.Revenue), "Invoiced in the period, net of tax"},
		{"Growth", growth, a.amount(s.PriorRevenue) + " in " + s.Prior.Label()},
		{"Owed, incl. tax", a.amount(s.Balance.Owed), owedNote},
		{"Overdue", a.amount(s.Balance.Overdue), "Past due on " + r.To.String()},
		{"Average days to pay", days, daysNote},
		{"Last contact", contact, contactNote},
		{"Open complaints", fmt.Sprint(s.OpenComplaints), "Not settled on " + r.To.String()},
		{"Active contracts", fmt.Sprint(s.ActiveContracts), renewal},
	}
	rows := (len(tiles) + tileCols - 1) / tileCols
	a.heading(domain.SectionSummary, float64(rows)*(tileH+tileGap))
	p := a.p
	w := (contentW - float64(tileCols-1)*tileGap) / tileCols
	top := p.GetY()
	for i, t := range tiles {
		x := margin + float64(i%tileCols)*(w+tileGap)
		y := top + float64(i/tileCols)*(tileH+tileGap)
		p.SetFillColor(244, 247, 251)
		p.Rect(x, y, w, tileH, "F")
		p.SetXY(x+2, y+2)
		muted(p, 7.5)
		p.CellFormat(w-4, 4, fit(p, strings.ToUpper(t.label), w-2), "", 0, "L", false, 0, "")
		p.SetXY(x+2, y+6.5)
		ink(p, 13, true)
		p.CellFormat(w-4, 6.5, fit(p, t.value, w-2), "", 0, "L", false, 0, "")
		p.SetXY(x+2, y+14)
		muted(p, 7)
		p.CellFormat(w-4, 4, fit(p, t.note, w-2), "", 0, "L", false, 0, "")
	}
	p.SetY(top + float64(rows)*(tileH+tileGap))
}

// charts draws revenue by month and the receivables by age one under the
// other, across the page.
func (a *accountRenderer) charts() {
	p, r := a.p, a.r
	a.heading(domain.SectionCharts, chartH)
	if n := len(r.Revenue); n > 0 && r.Revenue[0].Month.After(domain.FirstOfMonth(r.From)) {
		a.note(fmt.Sprintf("The charts show the period's last %d months.", n))
		p.Ln(1)
	}
	for i, sp := range []chart.Spec{domain.RevenueChart(r.Currency, r.Revenue, r.YearEarlier), domain.AgedChart(r.Currency, r.AgingLabels, r.Aged)} {
		if i > 0 {
			if p.GetY()+4+chartH > bottom {
				p.AddPage()
			} else {
				p.Ln(4)
			}
		}
		y := p.GetY()
		DrawChart(p, LayoutChart(p, sp, contentW, chartH), margin, y)
		p.SetY(y + chartH)
	}
}

// oneLine is the space a table needs to start: its header and a row.
const oneLine = tableHeaderH + lineH + rowPad

func (a *accountRenderer) invoices() {
	a.heading(domain.SectionInvoices, oneLine)
	if len(a.r.Invoices) == 0 {
		a.note("No invoice or credit note was issued in " + a.r.Currency + " in the period.")
		return
	}
	t := &table{p: a.p, name: "Invoices", cols: []column{
		{"Issued", 19, "L", false}, {"Number", 31, "L", false}, {"Type", 20, "L", false}, {"Due", 19, "L", false},
		{"Status on " + a.r.To.String(), 33, "L", false}, {"Total", 28, "R", false}, {"Open", 28, "R", false},
	}}
	t.start(2)
	for i, inv := range a.r.Invoices {
		open, state := "", ""
		if inv.Kind == domain.KindInvoice {
			open, state = a.amount(inv.Open), inv.State.Title()
		}
		t.row([]string{inv.IssueDate.String(), inv.Number, inv.Kind.Title(), inv.DueDate.String(), state,
			a.amount(inv.Signed()), open}, shade(i))
	}
	net, open := a.r.InvoiceTotals()
	t.rule()
	t.row([]string{"", "Total", "", "", "", a.amount(net), a.amount(open)}, boldRow)
	t.rule()
}

// shade is the style of the i-th row of a list: every other one shaded.
func shade(i int) int {
	if i%2 == 1 {
		return shadedRow
	}
	return plainRow
}

func (a *accountRenderer) payments() {
	a.heading(domain.SectionPayments, oneLine)
	if len(a.r.Payments) == 0 {
		a.note("No payment in " + a.r.Currency + " was received in the period.")
		return
	}
	t := &table{p: a.p, name: "Payments", cols: []column{
		{"Date", 19, "L", false}, {"Reference", 38, "L", true}, {"Method and what it paid", 89, "L", true},
		{"Amount", 32, "R", false},
	}}
	t.start(2)
	for i, pay := range a.r.Payments {
		t.row([]string{pay.Date.String(), pay.Reference, domain.PaymentDescription(pay), a.amount(pay.Amount.Amount)}, shade(i))
	}
	t.rule()
	t.row([]string{"", "Total", "", a.amount(a.r.PaymentsTotal())}, boldRow)
	t.rule()
}

// aging prints what the client owed on the last day by days past due, with
// its credit and the net.
func (a *accountRenderer) aging() {
	a.heading(domain.SectionAging, oneLine)
	a.note("What was owed on " + a.r.To.String() + " by days past due.")
	a.p.Ln(1)
	row := a.r.Aging()
	labels := append(append([]string{}, a.r.Statement.Aging.Labels...), "Total", "Credit", "Net")
	values := make([]string, 0, len(labels))
	for _, b := range row.Buckets {
		values = append(values, a.amount(b))
	}
	values = append(values, a.amount(row.Total), a.amount(row.Credits.Neg()), a.amount(row.Net))
	w := contentW / float64(len(labels))
	cols := make([]column, len(labels))
	for i, l := range labels {
		cols[i] = column{l, w, "R", false}
	}
	t := &table{p: a.p, cols: cols}
	t.start(1)
	t.row(values, plainRow)
	t.rule()
}

// statement prints the period's statement: the opening balance, every line
// with the balance after it, and the closing balance with the totals.
func (a *accountRenderer) statement() {
	st := a.r.Statement
	a.heading(domain.SectionStatement, oneLine)
	side := func(d decimal.Decimal) string {
		if d.IsZero() {
			return ""
		}
		return a.amount(d)
	}
	t := &table{p: a.p, name: "Statement", cols: []column{
		{"Date", 18, "L", false}, {"Type", 18, "L", false}, {"Reference", 33, "L", true}, {"Description", 45, "L", true},
		{"Debit", 21, "R", false}, {"Credit", 21, "R", false}, {"Balance", 22, "R", false},
	}}
	t.start(3)
	t.row([]string{st.From.String(), "", "", "Opening balance", "", "", a.amount(st.Opening)}, boldRow)
	for i, l := range st.Lines {
		t.row([]string{l.Date.String(), l.Kind.Title(), l.Reference, l.Description, side(l.Debit), side(l.Credit),
			a.amount(l.Balance)}, shade(i+1))
	}
	debit, credit := st.Totals()
	t.rule()
	t.row([]string{st.To.String(), "", "", "Closing balance", a.amount(debit), a.amount(credit), a.amount(st.Closing)}, boldRow)
	t.rule()
	if st.Closing.IsNegative() {
		a.p.Ln(1)
		a.note("A negative balance is credit in the client's favour.")
	}
}

func (a *accountRenderer) contracts() {
	a.heading(domain.SectionContracts, oneLine)
	if len(a.r.Contracts) == 0 {
		a.note("No contract was in force in the period.")
		return
	}
	t := &table{p: a.p, name: "Contracts", cols: []column{
		{"Contract", 46, "L", true}, {"Billing", 46, "L", true}, {"Start", 19, "L", false}, {"End", 19, "L", false},
		{"Status", 17, "L", false}, {"Value", 31, "R", false},
	}}
	t.start(2)
	for i, c := range a.r.Contracts {
		end := c.End.String()
		if end == "" {
			end = "Open-ended"
		}
		t.row([]string{c.Title, domain.ContractTerms(c), c.Start.String(), end, c.Status.Title(),
			money.Money{Amount: c.Value.Amount, Currency: c.Value.Currency}.String()}, shade(i))
	}
	t.rule()
}

func (a *accountRenderer) timeline() {
	a.heading(domain.SectionTimeline, oneLine)
	if len(a.r.Timeline) == 0 {
		a.note("No call, email, meeting, visit or note was logged in the period.")
		return
	}
	t := &table{p: a.p, name: "Timeline highlights", cols: []column{
		{"Date", 19, "L", false}, {"Kind", 17, "L", false}, {"With", 34, "L", true}, {"What was said and done", 108, "L", true},
	}}
	t.start(2)
	for i, act := range a.r.Timeline {
		t.row([]string{domain.DateOf(act.At.Local()).String(), act.Kind.Title(), act.ContactName, domain.ActivitySummary(act)},
			shade(i))
	}
	t.rule()
	if n := a.r.TimelineMore; n > 0 {
		a.p.Ln(1)
		a.note(fmt.Sprintf("The period's %d latest entries are shown; %d earlier ones are in the client's timeline.",
			len(a.r.Timeline), n))
	}
}
