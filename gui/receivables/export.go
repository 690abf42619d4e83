package receivables

import (
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
