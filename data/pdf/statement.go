package pdf

import (
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// StatementInput is everything printed on a client statement.
type StatementInput struct {
	Company   domain.Company
	Statement domain.Statement
}

// The statement's table: date, type, reference, description, debit, credit,
// balance; 178 mm in all.
var statementCols = []struct {
	title string
	width float64
	align string
}{
	{"Date", 18, "L"},
	{"Type", 18, "L"},
	{"Reference", 28, "L"},
	{"Description", 46, "L"},
	{"Debit", 22, "R"},
	{"Credit", 22, "R"},
	{"Balance", 24, "R"},
}

// bottom is the lowest y a block may reach before the footer.
const bottom = pageH - margin - 6

// WriteStatement renders a client statement to w in the invoices' look: the
// company block and a title block, the client, a summary of the balances,
// the lines between an opening and a closing row with the running balance
// (the table's header repeated on every page it runs onto), and the client's
// aging as of the last day.
func WriteStatement(w io.Writer, in StatementInput) error {
	st := in.Statement
	if st.Client == nil {
		return fmt.Errorf("pdf: a statement needs its client")
	}
	p := newDocument()
	p.AliasNbPages("{nb}")
	title := fmt.Sprintf("Statement %s %s–%s", st.Client.Name, st.From, st.To)
	p.SetTitle(title, true)
	p.SetAuthor(in.Company.Name, true)
	p.SetCreator("Clientbook", true)
	p.SetFooterFunc(func() {
		p.SetY(pageH - margin + 4)
		muted(p, 8)
		p.CellFormat(contentW*0.75, 4, fit(p, title, contentW*0.75), "", 0, "L", false, 0, "")
		p.CellFormat(contentW*0.25, 4, fmt.Sprintf("Page %d of {nb}", p.PageNo()), "", 0, "R", false, 0, "")
	})
	r := &statementRenderer{p: p, st: st, co: in.Company}
	p.AddPage()
	leftBottom := companyBlock(p, in.Company)
	rightBottom := titleBlock(p, "Statement", [][2]string{{"From", st.From.String()}, {"To", st.To.String()},
		{"Currency", st.Currency}})
	p.SetY(max(leftBottom, rightBottom) + 8)
	r.clientAndSummary()
	r.table()
	r.aging()
	r.paymentDetails()
	if err := p.Error(); err != nil {
		return fmt.Errorf("render the statement of %s: %w", st.Client.Name, err)
	}
	return p.Output(w)
}

type statementRenderer struct {
	p  *page
	st domain.Statement
	co domain.Company
}

func (r *statementRenderer) text(size float64, bold bool) { ink(r.p, size, bold) }

func (r *statementRenderer) muted(size float64) { muted(r.p, size) }

func (r *statementRenderer) amount(d decimal.Decimal) string {
	return money.Money{Amount: d, Currency: r.st.Currency}.Format()
}

// side is an amount in the debit or credit column: blank when zero.
func (r *statementRenderer) side(d decimal.Decimal) string {
	if d.IsZero() {
		return ""
	}
	return r.amount(d)
}

// clientAndSummary prints the client on the left and, beside it, the opening
// balance, what was invoiced, what was credited and paid, what was refunded
// (when anything was), and the closing balance in the blue total bar.
func (r *statementRenderer) clientAndSummary() {
	p := r.p
	top := p.GetY()
	clientBlock(p, "STATEMENT FOR", r.st.Client)
	leftBottom := p.GetY()

	debit, credit := r.st.Totals()
	refunded := decimal.Zero
	for _, l := range r.st.Lines {
		if l.Kind == domain.StatementRefund {
			refunded = refunded.Add(l.Debit)
		}
	}
	x := margin + contentW - 95
	p.SetY(top)
	rows := [][2]string{
		{"Opening balance", r.amount(r.st.Opening)},
		{"Invoiced, incl. tax", r.amount(debit.Sub(refunded))},
		{"Credited and paid", r.amount(credit.Neg())},
	}
	if refunded.IsPositive() {
		rows = append(rows, [2]string{"Refunded", r.amount(refunded)})
	}
	for _, row := range rows {
		p.SetX(x)
		r.muted(9)
		p.CellFormat(65, 5.5, row[0], "", 0, "R", false, 0, "")
		r.text(9, false)
		p.CellFormat(30, 5.5, row[1], "", 1, "R", false, 0, "")
	}
	p.Ln(1)
	p.SetX(x)
	p.SetFillColor(31, 95, 173)
	p.SetTextColor(255, 255, 255)
	p.SetFont(font, "B", 11)
	p.CellFormat(65, 8, "Closing balance "+r.st.Currency, "", 0, "R", true, 0, "")
	p.CellFormat(30, 8, r.amount(r.st.Closing), "", 1, "R", true, 0, "")
	if r.st.Closing.IsNegative() {
		p.SetX(x)
		r.muted(8)
		p.CellFormat(95, 5, "A negative balance is credit in your favour.", "", 1, "R", false, 0, "")
	}
	p.SetY(max(leftBottom, p.GetY()+6))
}

// The columns whose text wraps: reference and description.
const refCol, descCol = 2, 3

func (r *statementRenderer) tableHeader() {
	p := r.p
	p.SetFillColor(236, 241, 248)
	r.text(8.5, true)
	for _, c := range statementCols {
		p.CellFormat(c.width, 7, c.title, "", 0, c.align, true, 0, "")
	}
	p.Ln(7)
}

// row prints one row of the table, the reference and the description wrapped
// over as many lines as they need, starting a new page with the header when
// it does not fit. shade fills the row's background.
func (r *statementRenderer) row(cells []string, bold, shade bool) {
	p := r.p
	r.text(8.5, bold)
	wrapped := map[int][]string{}
	n := 1
	for _, i := range []int{refCol, descCol} {
		wrapped[i] = p.SplitText(cells[i], statementCols[i].width)
		n = max(n, len(wrapped[i]))
	}
	h := float64(n)*lineH + 2.4
	if p.GetY()+h > bottom {
		p.AddPage()
		r.tableHeader()
		r.text(8.5, bold)
	}
	y := p.GetY()
	if shade {
		p.SetFillColor(248, 249, 251)
		p.Rect(margin, y, contentW, h, "F")
	}
	x := margin
	for i, c := range statementCols {
		lines, ok := wrapped[i]
		if !ok {
			lines = []string{fit(p, cells[i], c.width)}
		}
		for k, l := range lines {
			p.SetXY(x, y+1.2+float64(k)*lineH)
			p.CellFormat(c.width, lineH, l, "", 0, c.align, false, 0, "")
		}
		x += c.width
	}
	p.SetY(y + h)
}

// table prints the opening balance, every line with the balance after it,
// and the closing balance with the period's totals.
func (r *statementRenderer) table() {
	p, st := r.p, r.st
	if p.GetY()+7+3*(lineH+2.4) > bottom {
		p.AddPage()
	}
	r.tableHeader()
	r.row([]string{st.From.String(), "", "", "Opening balance", "", "", r.amount(st.Opening)}, true, false)
	for i, l := range st.Lines {
		r.row([]string{l.Date.String(), l.Kind.Title(), l.Reference, l.Description, r.side(l.Debit), r.side(l.Credit),
			r.amount(l.Balance)}, false, i%2 == 0)
	}
	debit, credit := st.Totals()
	r.line()
	r.row([]string{st.To.String(), "", "", "Closing balance", r.amount(debit), r.amount(credit), r.amount(st.Closing)},
		true, false)
	r.line()
	p.Ln(8)
}

// line rules the table across at the current y.
func (r *statementRenderer) line() {
	r.p.SetDrawColor(200, 205, 212)
	r.p.Line(margin, r.p.GetY(), margin+contentW, r.p.GetY())
}

// aging prints the client's receivables as of the last day by days past
// due, with its credit and what it owes net, kept together on one page.
func (r *statementRenderer) aging() {
	p, rep := r.p, r.st.Aging
	if p.GetY()+5+7+lineH+2.4+6 > bottom {
		p.AddPage()
	}
	r.muted(8)
	p.CellFormat(contentW, 5, "AGING ON "+rep.AsOf.String()+", BY DAYS PAST DUE", "", 1, "L", false, 0, "")
	labels := append(append([]string{}, rep.Labels...), "Total", "Credit", "Net")
	values := make([]string, len(labels))
	for i := range values {
		values[i] = r.amount(decimal.Zero)
	}
	for _, row := range rep.Rows {
		if row.ClientID != r.st.Client.ID {
			continue
		}
		for i, b := range row.Buckets {
			values[i] = r.amount(b)
		}
		n := len(row.Buckets)
		values[n], values[n+1], values[n+2] = r.amount(row.Total), r.amount(row.Credits.Neg()), r.amount(row.Net)
	}
	w := contentW / float64(len(labels))
	p.SetFillColor(236, 241, 248)
	r.text(8.5, true)
	for _, l := range labels {
		p.CellFormat(w, 7, l, "", 0, "R", true, 0, "")
	}
	p.Ln(7)
	y := p.GetY()
	for i, v := range values {
		r.text(8.5, i == len(values)-1)
		p.SetXY(margin+float64(i)*w, y+1.2)
		p.CellFormat(w, lineH, fit(p, v, w), "", 0, "R", false, 0, "")
	}
	p.SetY(y + lineH + 2.4)
	r.line()
	p.Ln(6)
}

// paymentDetails prints the company's bank details when the client owes
// something.
func (r *statementRenderer) paymentDetails() {
	info := strings.TrimSpace(r.co.PaymentInfo)
	if info == "" || !r.st.Closing.IsPositive() {
		return
	}
	p := r.p
	r.text(9, false)
	lines := p.SplitText(info, contentW)
	if p.GetY()+float64(len(lines))*4.5+6 > bottom {
		p.AddPage()
	}
	r.muted(8)
	p.CellFormat(contentW, 5, "PAYMENT DETAILS", "", 1, "L", false, 0, "")
	r.text(9, false)
	for _, l := range lines {
		p.CellFormat(contentW, 4.5, l, "", 1, "L", false, 0, "")
	}
}
