package receivables

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// openInvoice is one invoice behind a client's aging row, with what was
// open on it on the report's date.
type openInvoice struct {
	ID        int64
	Number    string
	IssueDate domain.Date
	DueDate   domain.Date
	Open      decimal.Decimal
}

// drillRow is an open invoice as the drill-down lists it, with the
// report's currency and date.
type drillRow struct {
	openInvoice
	cur  string
	asOf domain.Date
}

// drillColumns are the drill-down's columns, its CSV's too.
func drillColumns() []kit.Column[drillRow] {
	raw := func(f func(drillRow) string) func(drillRow) domain.TableCell {
		return func(r drillRow) domain.TableCell { return domain.RawCell(f(r)) }
	}
	number := func(r drillRow) string { return r.Number }
	issued := func(r drillRow) string { return r.IssueDate.String() }
	due := func(r drillRow) string { return r.DueDate.String() }
	cur := func(r drillRow) string { return r.cur }
	asOf := func(r drillRow) string { return r.asOf.String() }
	return []kit.Column[drillRow]{
		{Title: "Number", Key: "number", Width: 150, Stretch: true, Bold: true, Sort: "number", Text: number, CSV: raw(number)},
		{Title: "Issued", Key: "issue_date", Width: 96, Min: 80, Sort: "issued", Text: func(r drillRow) string { return dateText(r.IssueDate) },
			CSV: raw(issued)},
		{Title: "Due", Key: "due_date", Width: 96, Min: 80, Sort: "due", Text: func(r drillRow) string { return dateText(r.DueDate) },
			CSV: raw(due)},
		{Title: "Overdue", Key: "days_overdue", Width: 96, Align: fyne.TextAlignTrailing, Sort: "days",
			Text: func(r drillRow) string { return r.lateText(r.asOf) },
			CSV:  func(r drillRow) domain.TableCell { return domain.RawCell(strconv.Itoa(r.daysLate(r.asOf))) },
			Importance: func(r drillRow) widget.Importance {
				if r.daysLate(r.asOf) > 0 {
					return widget.DangerImportance
				}
				return widget.LowImportance
			}},
		{Title: "Open", Key: "open", Width: 116, Align: fyne.TextAlignTrailing, Sort: "open",
			Text: func(r drillRow) string { return money.Money{Amount: r.Open, Currency: r.cur}.Format() },
			CSV:  func(r drillRow) domain.TableCell { return amountCell(r.Open, r.cur) }},
		{Title: "Cur.", Key: "currency", Width: kit.CurrencyWidth, Min: kit.CurrencyWidth, Text: cur, CSV: raw(cur)},
		{Title: "As of", Key: "as_of", Width: 96, Min: 80, Text: asOf, CSV: raw(asOf)},
	}
}

// drillSorts order the drill-down by a header; unsorted it is due first.
var drillSorts = kit.Sorts[drillRow]{
	"number": func(a, b drillRow) int { return cmp.Compare(a.Number, b.Number) },
	"issued": func(a, b drillRow) int { return cmp.Compare(a.IssueDate.String(), b.IssueDate.String()) },
	"due":    func(a, b drillRow) int { return cmp.Compare(a.DueDate.String(), b.DueDate.String()) },
	"days":   func(a, b drillRow) int { return cmp.Compare(a.daysLate(a.asOf), b.daysLate(b.asOf)) },
	"open":   func(a, b drillRow) int { return a.Open.Cmp(b.Open) },
}

// drillDown is the dialog behind one client's row of the aging.
type drillDown struct {
	row       domain.AgingRow
	items     []openInvoice
	table     *kit.Table[drillRow]
	totals    *kit.Footer[drillRow]
	export    domain.ExportService
	dialog    *dialog.CustomDialog
	content   fyne.CanvasObject
	exportBtn *widget.Button
}

// clientInvoices reads the client's invoices in cur that had money open on
// date (the report's), due first, so they add up to the client's row.
func clientInvoices(ctx context.Context, book domain.Book, clientID int64, cur string, date domain.Date) ([]openInvoice, error) {
	var ids []int64
	byID := map[int64]domain.DocumentRow{}
	const page = 500
	for off := 0; ; off += page {
		rows, err := book.Documents().FindDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice,
			Status: domain.DocIssued, ClientID: clientID, To: date, Offset: off, Limit: page})
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.Total.Currency == cur {
				ids = append(ids, r.ID)
				byID[r.ID] = r
			}
		}
		if len(rows) < page {
			break
		}
	}
	status, err := book.Payments().PaymentStatus(ctx, date, ids...)
	if err != nil {
		return nil, err
	}
	var out []openInvoice
	for _, id := range ids {
		if st, ok := status[id]; ok && st.Open.IsPositive() {
			r := byID[id]
			out = append(out, openInvoice{ID: id, Number: r.Number, IssueDate: r.IssueDate, DueDate: r.DueDate, Open: st.Open})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].due(), out[j].due()
		if a != b {
			return a.Before(b)
		}
		return out[i].Number < out[j].Number
	})
	return out, nil
}

func (o openInvoice) due() domain.Date {
	if o.DueDate.IsZero() {
		return o.IssueDate
	}
	return o.DueDate
}

// daysLate is how many days past due the invoice was on asOf, 0 when it
// was not yet due.
func (o openInvoice) daysLate(asOf domain.Date) int {
	if o.DueDate.IsZero() {
		return 0
	}
	return max(0, o.DueDate.DaysUntil(asOf))
}

// lateText says how long past due the invoice was on asOf.
func (o openInvoice) lateText(asOf domain.Date) string {
	if n := o.daysLate(asOf); n > 0 {
		return widgets.Count(n, "day", "days")
	}
	return "Not yet due"
}

// openClient shows the invoices behind a client's row, with buttons to save
// the client's statement and to record a payment from the client.
func (v *agingView) openClient(r domain.AgingRow) {
	book, cur, date := v.s.book, v.cur, v.date
	kit.Write(func(ctx context.Context) ([]openInvoice, error) {
		return clientInvoices(ctx, book, r.ClientID, cur, date)
	},
		func(items []openInvoice, err error) {
			if err != nil {
				kit.ShowError(err, v.s.win)
				return
			}
			v.showClient(r, items)
		})
}

// showClient shows the client's open invoices, read by openClient.
func (v *agingView) showClient(r domain.AgingRow, items []openInvoice) {
	in := func(d decimal.Decimal) money.Money { return money.Money{Amount: d, Currency: v.cur} }
	dd := &drillDown{row: r, items: items, export: v.s.book.Export()}
	intro := widget.NewLabel(fmt.Sprintf("%s open in %s as of %s.", widgets.Count(len(items), "invoice", "invoices"), v.cur, v.date))
	if len(items) == 0 {
		intro.SetText(fmt.Sprintf("Nothing is open on %s's invoices in %s as of %s.", r.ClientName, v.cur, v.date))
	}
	intro.Wrapping = fyne.TextWrapWord
	rows := make([]drillRow, len(items))
	for i, it := range items {
		rows[i] = drillRow{openInvoice: it, cur: v.cur, asOf: v.date}
	}
	dd.table = kit.NewTable("receivables.drill", drillColumns(), kit.InMemory(func(context.Context) ([]drillRow, error) {
		return slices.Clone(rows), nil
	}, drillSorts))
	dd.table.OnSelected = func(r drillRow) {
		dd.table.List().UnselectAll()
		dd.dialog.Hide()
		v.s.Nav.OpenDocument(r.ID)
	}
	dd.totals = kit.NewFooter(dd.table)
	if len(items) > 0 {
		dd.totals.Set([]string{"Total open " + v.cur, "", "", "", in(r.Total).Format(), v.cur, v.date.String()},
			[]domain.TableCell{domain.TextCell("Total open"), domain.RawCell(""), domain.RawCell(""), domain.RawCell(""),
				amountCell(r.Total, v.cur), domain.RawCell(v.cur), domain.RawCell(v.date.String())})
	}
	dd.table.Reload()
	foot := container.NewVBox(dd.totals.Object())
	if r.Credits.IsPositive() {
		also := " also"
		if len(items) == 0 {
			also = ""
		}
		credit := widget.NewLabel(fmt.Sprintf("%s%s has %s of unapplied credit, from payments not yet set against an invoice.",
			r.ClientName, also, in(r.Credits)))
		credit.Wrapping = fyne.TextWrapWord
		credit.Importance = widget.SuccessImportance
		foot.Add(credit)
	}
	dd.exportBtn = widgets.NewExportButton(func() {
		dd.totals.ExportCSV(v.s.win, dd.export, fmt.Sprintf("open-invoices-%s-%s", v.cur, v.date))
	})
	if len(items) == 0 {
		dd.exportBtn.Hide()
	}
	var list fyne.CanvasObject = dd.table.Object()
	if len(items) == 0 {
		list = layout.NewSpacer()
	}
	dd.content = container.NewBorder(container.NewBorder(nil, nil, nil, dd.exportBtn, intro), foot, nil, nil, list)
	dd.dialog = dialog.NewCustomWithoutButtons(r.ClientName, dd.content, v.s.win)
	closeBtn := widget.NewButton("Close", func() { dd.dialog.Hide() })
	record := widget.NewButtonWithIcon("Record payment", theme.ContentAddIcon(), func() {
		dd.dialog.Hide()
		clients, cur := v.s.book.Clients(), v.cur
		kit.Write(func(ctx context.Context) (*domain.Client, error) { return clients.FindClientByID(ctx, r.ClientID) },
			func(c *domain.Client, err error) {
				if err != nil {
					kit.ShowError(err, v.s.win)
					return
				}
				v.s.NewFor(c, cur)
			})
	})
	record.Importance = widget.HighImportance
	statementPDFBtn := widget.NewButtonWithIcon("Statement PDF…", theme.DocumentPrintIcon(), func() {
		v.askStatement(r, statementPDF)
	})
	statementCSVBtn := widget.NewButtonWithIcon("Statement CSV…", theme.DocumentSaveIcon(), func() {
		v.askStatement(r, statementCSV)
	})
	dd.dialog.SetButtons([]fyne.CanvasObject{closeBtn, statementPDFBtn, statementCSVBtn, record})
	dd.dialog.Resize(fyne.NewSize(760, 480))
	v.drill = dd
	dd.dialog.Show()
}
