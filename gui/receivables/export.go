package receivables

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/widgets"
)

// amountCell is an amount of currency as a number cell with exactly the
// currency's decimals.
func amountCell(d decimal.Decimal, currency string) domain.TableCell {
	return domain.NumberCell(money.Money{Amount: d, Currency: currency}.Fixed())
}

// WriteCSV writes the aging as shown: one row per client, largest debtor
// first, then the totals row, each with the report's currency and date.
func (v *agingView) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	header := []string{"client_id", "client"}
	header = append(header, v.rep.Labels...)
	header = append(header, "total", "credit", "currency", "as_of")
	cells := func(id, name string, buckets []decimal.Decimal, total, credit decimal.Decimal) []domain.TableCell {
		out := []domain.TableCell{domain.RawCell(id), domain.TextCell(name)}
		for _, b := range buckets {
			out = append(out, amountCell(b, v.cur))
		}
		return append(out, amountCell(total, v.cur), amountCell(credit, v.cur), domain.RawCell(v.cur), domain.RawCell(v.date.String()))
	}
	rows := v.rows
	if len(rows) > 0 {
		// The totals row the screen shows below the clients.
		rows = append(rows[:len(rows):len(rows)], domain.AgingRow{ClientName: "Total", Buckets: v.rep.Totals, Total: v.rep.Total, Credits: v.rep.Credits})
	}
	row := func(r domain.AgingRow) []domain.TableCell {
		id := ""
		if r.ClientID != 0 {
			id = strconv.FormatInt(r.ClientID, 10)
		}
		return cells(id, r.ClientName, r.Buckets, r.Total, r.Credits)
	}
	return widgets.WriteTable(v.s.book.Export(), w, f, header, widgets.Rows(rows, row, progress), progress)
}

// exportName is the file name offered for the aging: "aging-EUR-2027-03-01".
func (v *agingView) exportName() string { return fmt.Sprintf("aging-%s-%s", v.cur, v.date) }

// WriteCSV writes the drill-down's invoices as the dialog lists them.
func (dd *drillDown) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	row := func(it openInvoice) []domain.TableCell {
		return []domain.TableCell{domain.RawCell(it.Number), domain.RawCell(it.IssueDate.String()), domain.RawCell(it.DueDate.String()),
			domain.RawCell(strconv.Itoa(it.daysLate(dd.asOf))), amountCell(it.Open, dd.currency), domain.RawCell(dd.currency), domain.RawCell(dd.asOf.String())}
	}
	return widgets.WriteTable(dd.export, w, f, []string{"number", "issue_date", "due_date", "days_overdue", "open", "currency", "as_of"},
		widgets.Rows(dd.items, row, progress), progress)
}

// WriteCSV writes the payments list as shown, newest first, a page at a time.
func (v *paymentsView) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	page := func(offset, limit int) ([]*domain.Payment, error) {
		return v.s.book.Payments().FindPayments(context.Background(), domain.PaymentFilter{Offset: offset, Limit: limit})
	}
	row := func(p *domain.Payment) []domain.TableCell {
		cur := p.Amount.Currency
		return []domain.TableCell{domain.RawCell(strconv.FormatInt(p.ID, 10)), domain.RawCell(p.Date.String()), domain.TextCell(p.ClientName),
			domain.NumberCell(p.Amount.Fixed()), domain.RawCell(cur), domain.RawCell(string(p.Method)), domain.TextCell(p.Reference),
			amountCell(p.Allocated(), cur), amountCell(p.Unapplied(), cur)}
	}
	return widgets.WriteTable(v.s.book.Export(), w, f, []string{"id", "date", "client", "amount", "currency", "method", "reference",
		"allocated", "unapplied"}, widgets.Pages(pageSize, page, row, progress), progress)
}

// WriteCSV writes the statement lines as listed — the account chosen, all
// or only the unreconciled — a page at a time, the latest first.
func (v *bankView) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	filter := v.filter()
	page := func(offset, limit int) ([]domain.BankLine, error) {
		lf := filter
		lf.Offset, lf.Limit = offset, limit
		return v.s.book.Bank().FindBankLines(context.Background(), lf)
	}
	row := func(l domain.BankLine) []domain.TableCell {
		return []domain.TableCell{domain.RawCell(strconv.FormatInt(l.ID, 10)), domain.TextCell(l.AccountName),
			domain.RawCell(l.Date.String()), amountCell(l.Amount.Amount, l.Amount.Currency), domain.RawCell(l.Amount.Currency),
			domain.TextCell(l.Text), domain.TextCell(l.Reference), domain.RawCell(string(l.Status)), domain.TextCell(l.Match),
			domain.TextCell(l.MatchNote)}
	}
	return widgets.WriteTable(v.s.book.Export(), w, f,
		[]string{"id", "account", "date", "amount", "currency", "text", "reference", "status", "match", "match_note"},
		widgets.Pages(pageSize, page, row, progress), progress)
}

// WriteCSV writes the deposits as listed, one row per payment in each.
func (v *depositsView) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	type pair struct {
		d domain.Deposit
		p domain.DepositPayment
	}
	var rows []pair
	for _, d := range v.deposits {
		for _, p := range d.Payments {
			rows = append(rows, pair{d, p})
		}
	}
	row := func(x pair) []domain.TableCell {
		return []domain.TableCell{domain.RawCell(strconv.FormatInt(x.d.ID, 10)), domain.RawCell(x.d.Date.String()),
			domain.TextCell(x.d.AccountName), domain.TextCell(x.d.Reference), amountCell(x.d.Total.Amount, x.d.Total.Currency),
			domain.RawCell(strconv.FormatInt(x.p.PaymentID, 10)), domain.TextCell(x.p.ClientName),
			amountCell(x.p.Amount.Amount, x.p.Amount.Currency), domain.RawCell(x.d.Total.Currency)}
	}
	return widgets.WriteTable(v.s.book.Export(), w, f,
		[]string{"deposit_id", "date", "account", "reference", "deposit_total", "payment_id", "client", "payment_amount", "currency"},
		widgets.Rows(rows, row, progress), progress)
}
