package receivables

import (
	"fmt"
	"io"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// amountCell is an amount of currency as a number cell with exactly the
// currency's decimals.
func amountCell(d decimal.Decimal, currency string) domain.TableCell {
	return domain.NumberCell(money.Money{Amount: d, Currency: currency}.Fixed())
}

// WriteCSV writes the aging as Export CSV… does: the clients in the order
// shown, then the totals row, with the columns shown.
func (v *agingView) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	return v.totals.WriteCSV(v.s.book.Export(), w, f, progress)
}

// exportName is the file name offered for the aging: "aging-EUR-2027-03-01".
func (v *agingView) exportName() string { return fmt.Sprintf("aging-%s-%s", v.cur, v.date) }

// WriteCSV writes the drill-down's invoices as Export CSV… does: in the
// order shown, then the total, with the columns shown.
func (dd *drillDown) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	return dd.totals.WriteCSV(dd.export, w, f, progress)
}
