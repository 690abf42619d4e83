// Package account is a client's account at a glance — what it owes and for
// how long, its credit and credit limit, how quickly it pays, what it was
// invoiced this year against last, its latest payments and refunds — with
// Refund credit… and the client account report to hand to the client or to
// the internal team.
package account

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// latestPayments is how many of the client's payments the panel lists.
const latestPayments = 8

// settle is how long after a client was shown the panel reads its account
// (through kit.Go); RunInline makes it read at once.
var settle = 150 * time.Millisecond

// RunInline makes the panel read and write on the caller's goroutine
// without waiting (kit.RunInline) and returns a function that restores the
// default.
func RunInline() (restore func()) {
	restoreKit, oldSettle := kit.RunInline(), settle
	settle = 0
	return func() { restoreKit(); settle = oldSettle }
}

// Panel shows one client's account.
type Panel struct {
	book     domain.Book
	renderer domain.Renderer // writes the account report's PDF; nil until SetRenderer
	win      fyne.Window
	today    func() domain.Date

	// Nav lists the client's invoices behind the owed and overdue figures;
	// the window sets it.
	Nav kit.Nav

	client *domain.Client
	// seq is bumped by each Show, so a read for an earlier client is
	// dropped, or not even started when the person has moved on.
	seq atomic.Int64

	currency *widget.Select
	asOf     *widget.Label
	report   *widget.Button

	owed, overdue, credit, limit, revenue, days *widgets.Figure
	agingBox                                    *fyne.Container
	facts                                       *widget.Label
	asOfDay                                     domain.Date // the day the account was read as of
	paymentsBox                                 *fyne.Container
	refundsBox                                  *fyne.Container // the refunds, with their heading; hidden without
	refundRows                                  *fyne.Container
	message                                     *widget.Label
	content                                     fyne.CanvasObject
	pane                                        *kit.ClientPane

	// account is what the panel shows; nil until read.
	account   *view
	form      *reportForm           // the account report form, while open
	refund    *refundForm           // the refund form, while open
	confirm   *dialog.ConfirmDialog // the last refund deletion asked
	refundBtn *widget.Button
}

// view is what the panel read for a client in one currency.
type view struct {
	currencies []string // the client's, then the others it was invoiced in
	report     domain.AccountReport
	payments   []*domain.Payment
	refunds    []domain.Refund
	oldest     *domain.OpenItem // the open invoice due first; nil when none is open
}

// New builds an empty panel; Show fills it for a client.
func New(book domain.Book, win fyne.Window) *Panel {
	p := &Panel{book: book, win: win, today: domain.Today, Nav: kit.Nowhere{}}
	p.currency = widget.NewSelect(nil, func(string) { p.load() })
	p.asOf = widget.NewLabel("")
	p.asOf.Importance = widget.LowImportance
	p.report = widget.NewButtonWithIcon("Account report…", theme.DocumentPrintIcon(), func() { p.AskReport() })
	p.report.Importance = widget.HighImportance
	p.refundBtn = widget.NewButtonWithIcon("Refund credit…", theme.MailReplyIcon(), func() { p.AskRefund() })
	p.refundBtn.Hide()
	docs := func() {
		if p.client != nil {
			p.Nav.ShowClientDocuments(p.client)
		}
	}
	p.owed = widgets.NewFigure("Owed, incl. tax", docs)
	p.overdue = widgets.NewFigure("Overdue", docs)
	p.credit = widgets.NewFigure("Unapplied credit", nil)
	p.limit = widgets.NewFigure("Credit limit", nil)
	p.revenue = widgets.NewFigure("Invoiced, 12 months, net", docs)
	p.days = widgets.NewFigure("Days to pay", nil)
	figures := container.NewGridWithColumns(3, p.owed.Object(), p.overdue.Object(), p.credit.Object(),
		p.limit.Object(), p.revenue.Object(), p.days.Object())
	p.agingBox = container.NewVBox()
	p.facts = widget.NewLabel("")
	p.facts.Wrapping = fyne.TextWrapWord
	p.paymentsBox = container.NewVBox()
	p.refundRows = container.NewVBox()
	p.message = widget.NewLabel("")
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Hide()

	bold := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	bar := container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel("Currency"), p.currency, p.asOf),
		container.NewHBox(p.refundBtn, p.report))
	body := container.NewVBox(bar, p.message, figures,
		widget.NewSeparator(), container.NewGridWithColumns(2,
			container.NewVBox(bold("Owed by days past due"), p.agingBox),
			container.NewVBox(bold("To note"), p.facts)),
		widget.NewSeparator(), bold("Latest payments"), p.paymentsBox)
	p.refundsBox = container.NewVBox(widget.NewSeparator(), bold("Refunds"), p.refundRows)
	p.refundsBox.Hide()
	body.Add(p.refundsBox)
	p.content = container.NewVScroll(container.NewPadded(body))
	p.pane = kit.NewClientPane(p.content, "Save the client first; its account shows here once it has one.")
	return p
}

// Object is the panel's layout.
func (p *Panel) Object() fyne.CanvasObject { return p.pane.Object() }

// SetRenderer gives the panel what writes the account report's PDF.
func (p *Panel) SetRenderer(r domain.Renderer) { p.renderer = r }

// Show fills the panel for c in its own currency; nil or an unsaved client
// shows a hint instead.
func (p *Panel) Show(c *domain.Client) {
	p.seq.Add(1)
	p.account = nil
	if p.client, _ = p.pane.Show(c); p.client == nil {
		return
	}
	// The other currencies it was invoiced in come with the account, read
	// in the background like the rest.
	p.currency.Options = []string{c.Currency}
	p.currency.Selected = "" // so SetSelected below always loads
	p.currency.SetSelected(c.Currency)
}

// currencies are the client's own currency and any other it was invoiced
// in, its own first.
func currencies(ctx context.Context, book domain.Book, c *domain.Client) ([]string, error) {
	out := []string{c.Currency}
	sum, err := book.Documents().ClientSummary(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range sum.Invoiced {
		if !strings.EqualFold(m.Currency, c.Currency) {
			out = append(out, m.Currency)
		}
	}
	return out, nil
}

// load reads the account in the chosen currency in the background and shows
// it when done, unless another client was shown meanwhile.
func (p *Panel) load() {
	c, cur, seq, day := p.client, p.currency.Selected, p.seq.Load(), p.today()
	if c == nil || c.ID == 0 || cur == "" {
		return
	}
	p.asOf.SetText("as of " + day.String())
	kit.Go(func() {
		// Clicking down the client list shows client after client: read
		// only for the one the person stops at.
		time.Sleep(settle)
		if seq != p.seq.Load() {
			return
		}
		v, err := readView(p.book, c, cur, day)
		fyne.Do(func() {
			if seq != p.seq.Load() || cur != p.currency.Selected {
				return
			}
			if err != nil {
				p.message.SetText(domain.ErrorMessage(err))
				p.message.Show()
				return
			}
			p.message.Hide()
			p.account, p.asOfDay = v, day
			p.currency.SetOptions(v.currencies)
			p.render()
		})
	})
}

// readView reads the client's account in cur as of day: the summary and
// aging of the account report over the twelve months to day, and the
// latest payments.
func readView(book domain.Book, c *domain.Client, cur string, day domain.Date) (*view, error) {
	ctx := context.Background()
	r, err := domain.ReadAccountReport(ctx, book, domain.AccountReportOptions{ClientID: c.ID, Currency: cur,
		From: day.AddMonths(-12).AddDays(1), To: day, Internal: true,
		Sections: []domain.AccountReportSection{domain.SectionSummary, domain.SectionAging}})
	if err != nil {
		return nil, err
	}
	pays, err := book.Payments().FindPayments(ctx, domain.PaymentFilter{ClientID: c.ID, Currency: cur, Limit: latestPayments})
	if err != nil {
		return nil, err
	}
	refunds, err := book.Payments().FindRefunds(ctx, domain.RefundFilter{ClientID: c.ID, Currency: cur, Limit: latestPayments})
	if err != nil {
		return nil, err
	}
	curs, err := currencies(ctx, book, c)
	if err != nil {
		return nil, err
	}
	v := &view{currencies: curs, report: r, payments: pays, refunds: refunds}
	open, err := book.Payments().OpenItems(ctx, c.ID, cur, day, 0)
	if err != nil {
		return nil, err
	}
	if len(open) > 0 {
		v.oldest = &open[0]
	}
	return v, nil
}

// render writes the account read on the figures, the aging and the
// payments.
func (p *Panel) render() {
	r := p.account.report
	s := r.Summary
	b := s.Balance
	amount := func(d decimal.Decimal) string { return r.Money(d).Format() + " " + r.Currency }
	owedNote := "nothing open"
	if b.Owed.IsPositive() {
		owedNote = "on issued invoices"
	}
	p.owed.Set(amount(b.Owed), owedNote)
	overdueNote := "nothing past due"
	if b.Overdue.IsPositive() && b.Owed.IsPositive() {
		overdueNote = b.Overdue.Mul(decimal.NewFromInt(100)).DivRound(b.Owed, 0).String() + "% of what is owed"
	}
	p.overdue.Set(amount(b.Overdue), overdueNote)
	p.credit.Set(amount(b.Credit), creditText(b, amount))
	if b.Credit.IsPositive() {
		p.refundBtn.Show()
	} else {
		p.refundBtn.Hide()
	}
	p.limit.Set(limitText(p.client, r.Currency, b))
	growth := "nothing the year before"
	if s.HasGrowth {
		growth = signedPercent(s.Growth) + " on the year before"
	}
	p.revenue.Set(amount(s.Revenue), growth)
	if s.DaysToPay.Count > 0 {
		p.days.Set(s.DaysToPay.Days.StringFixed(1)+" days",
			fmt.Sprintf("average of %s paid in full", widgets.Count(s.DaysToPay.Count, "invoice", "invoices")))
	} else {
		p.days.Set("—", "no invoice paid in full this year")
	}
	p.renderAging(r)
	p.renderFacts()
	p.renderPayments()
	p.renderRefunds()
	p.pane.Object().Refresh()
}

// creditText is the line under the client's unapplied credit: what it
// leaves owed once used, or how far it goes beyond what is owed.
func creditText(b domain.ClientBalance, amount func(decimal.Decimal) string) string {
	switch {
	case !b.Credit.IsPositive():
		return "none to use"
	case b.Net.IsNegative():
		return amount(b.Net.Neg()) + " more than is owed"
	case b.Net.IsZero():
		return "covers all that is owed"
	}
	return amount(b.Net) + " owed once it is used"
}

// limitText is the credit limit figure: the limit and what is left of it,
// or why there is none to show.
func limitText(c *domain.Client, cur string, b domain.ClientBalance) (value, note string) {
	l := c.CreditLimit
	if !strings.EqualFold(l.Currency, cur) {
		return "—", "the limit is set in " + l.Currency
	}
	if !l.Amount.IsPositive() {
		return "None", "no credit limit set"
	}
	left := l.Amount.Sub(b.Net)
	if left.IsNegative() {
		return l.Format() + " " + cur, "over by " + moneyText(left.Neg(), cur)
	}
	return l.Format() + " " + cur, moneyText(left, cur) + " available"
}

// moneyText formats an amount in cur with its code.
func moneyText(d decimal.Decimal, cur string) string {
	return domain.AccountReport{Currency: cur}.Money(d).Format() + " " + cur
}

// signedPercent is a growth in percent (domain.Growth) as "+12.5%" or
// "−3.0%".
func signedPercent(g decimal.Decimal) string {
	s := g.StringFixed(1) + "%"
	if g.IsNegative() {
		return "−" + strings.TrimPrefix(s, "-")
	}
	return "+" + s
}

// renderAging lists what the client owes by days past due, one bucket a
// row, with the total and the credit under them.
func (p *Panel) renderAging(r domain.AccountReport) {
	row := r.Aging()
	box := p.agingBox
	box.RemoveAll()
	add := func(label string, d decimal.Decimal, bold bool) {
		l := widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: bold})
		v := widget.NewLabelWithStyle(r.Money(d).Format(), fyne.TextAlignTrailing, fyne.TextStyle{Bold: bold})
		box.Add(container.New(widgets.NewColumns(3, 4), l, v))
	}
	for i, l := range r.Statement.Aging.Labels {
		label := l
		if i > 0 {
			label += " days"
		}
		add(label, row.Buckets[i], false)
	}
	add("Total owed", row.Total, true)
	add("Unapplied credit", row.Credits, false)
	box.Refresh()
}

// renderFacts says in sentences what needs attention: the oldest open
// invoice, the last payment, and credit that could pay what is open.
func (p *Panel) renderFacts() {
	v := p.account
	var lines []string
	if o := v.oldest; o != nil {
		due := o.DueDate
		if due.IsZero() {
			due = o.IssueDate
		}
		late := due.DaysUntil(p.asOfDay)
		when := "not due until " + due.String()
		if late > 0 {
			when = fmt.Sprintf("%s past due (due %s)", widgets.Count(late, "day", "days"), due)
		}
		lines = append(lines, fmt.Sprintf("Oldest open invoice: %s, %s open, %s.", o.Number,
			moneyText(o.Open, v.report.Currency), when))
	} else {
		lines = append(lines, "No invoice is open.")
	}
	if len(v.payments) > 0 {
		last := v.payments[0]
		lines = append(lines, fmt.Sprintf("Last payment: %s on %s.", moneyText(last.Amount.Amount, last.Amount.Currency), last.Date))
	} else {
		lines = append(lines, "No payment received yet.")
	}
	if b := v.report.Summary.Balance; b.Credit.IsPositive() && b.Owed.IsPositive() {
		lines = append(lines, fmt.Sprintf("%s of unapplied credit could settle %s of what is open: open the payment in "+
			"Receivables ▸ Payments and set it against the invoices.", moneyText(b.Credit, v.report.Currency),
			moneyText(decimal.Min(b.Credit, b.Owed), v.report.Currency)))
	}
	p.facts.SetText(strings.Join(lines, "\n\n"))
}

// paymentWeights: date, reference, what it paid, amount.
var paymentWeights = []float32{3.2, 4.4, 7.4, 3.4}

// renderPayments lists the latest payments, newest first, with the
// invoices each paid.
func (p *Panel) renderPayments() {
	box := p.paymentsBox
	box.RemoveAll()
	if len(p.account.payments) == 0 {
		none := widget.NewLabel("No payment received in " + p.account.report.Currency + " yet.")
		none.Importance = widget.LowImportance
		box.Add(none)
		return
	}
	cell := func(s string, align fyne.TextAlign, bold bool) *widget.Label {
		l := widget.NewLabelWithStyle(s, align, fyne.TextStyle{Bold: bold})
		l.Truncation = fyne.TextTruncateEllipsis
		if bold {
			l.SizeName = theme.SizeNameCaptionText
			l.Importance = widget.LowImportance
		}
		return l
	}
	box.Add(container.New(widgets.NewColumns(paymentWeights...), cell("Date", fyne.TextAlignLeading, true),
		cell("Reference", fyne.TextAlignLeading, true), cell("Method and what it paid", fyne.TextAlignLeading, true), cell("Amount", fyne.TextAlignTrailing, true)))
	for _, pay := range p.account.payments {
		box.Add(container.New(widgets.NewColumns(paymentWeights...), cell(pay.Date.String(), fyne.TextAlignLeading, false),
			cell(pay.Reference, fyne.TextAlignLeading, false),
			cell(domain.PaymentDescription(pay), fyne.TextAlignLeading, false),
			cell(pay.Amount.Format(), fyne.TextAlignTrailing, false)))
	}
}

// renderRefunds lists the latest refunds, each with Delete… for one entered
// by mistake; the section is hidden when there are none.
func (p *Panel) renderRefunds() {
	box := p.refundRows
	box.RemoveAll()
	p.refundsBox.Hidden = len(p.account.refunds) == 0
	for _, r := range p.account.refunds {
		cell := func(s string, align fyne.TextAlign) *widget.Label {
			l := widget.NewLabelWithStyle(s, align, fyne.TextStyle{})
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		}
		del := widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), func() { p.askDeleteRefund(r) })
		del.Importance = widget.LowImportance
		box.Add(container.NewBorder(nil, nil, nil, del, container.New(widgets.NewColumns(paymentWeights...),
			cell(r.Date.String(), fyne.TextAlignLeading), cell(r.Reference, fyne.TextAlignLeading),
			cell(r.Method.Title(), fyne.TextAlignLeading), cell(r.Amount.Format(), fyne.TextAlignTrailing))))
	}
}

// askDeleteRefund asks before deleting a refund; its credit is the
// client's again.
func (p *Panel) askDeleteRefund(r domain.Refund) {
	p.confirm = dialog.NewConfirm("Delete refund", fmt.Sprintf("Delete the refund of %s on %s? The credit is %s's again.",
		r.Amount, r.Date, r.ClientName), func(ok bool) {
		if !ok {
			return
		}
		payments := p.book.Payments()
		kit.Write(func(ctx context.Context) (struct{}, error) {
			return struct{}{}, payments.DeleteRefund(ctx, r.ID)
		}, func(_ struct{}, err error) {
			if err != nil {
				kit.ShowError(err, p.win)
				return
			}
			p.load()
		})
	}, p.win)
	p.confirm.SetConfirmText("Delete")
	p.confirm.Show()
}

// ClientTab describes the panel as a tab beside a client's details.
func (p *Panel) ClientTab() kit.ClientTab {
	return kit.ClientTab{Title: "Account", Icon: theme.StorageIcon(), Content: p.Object(), Show: p.Show,
		Action: p.action, SetTools: func(t kit.Tools) { p.SetRenderer(t.Renderer) }, Screen: p}
}

// ClientTab is the account beside a client's details, built over base: the
// one line the window's client tab list has for it.
func ClientTab(base kit.Base) kit.ClientTab {
	p := New(base.Book, base.Win)
	p.Nav = base.Nav
	return p.ClientTab()
}

// action is what --show names after the panel's title: "report" opens the
// account report form.
func (p *Panel) action(name string) error {
	switch name {
	case "":
	case "report":
		p.AskReport()
	default:
		return fmt.Errorf("the account has no %q: use report", name)
	}
	return nil
}
