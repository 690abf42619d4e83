package receivables

import (
	"context"
	"fmt"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// drillWeights: number, issued, due, days overdue, open.
var drillWeights = []float32{3, 2.2, 2.2, 2.2, 2.6}

// openInvoice is one invoice behind a client's aging row, with what was
// open on it on the report's date.
type openInvoice struct {
	ID        int64
	Number    string
	IssueDate domain.Date
	DueDate   domain.Date
	Open      decimal.Decimal
}

// drillDown is the dialog behind one client's row of the aging.
type drillDown struct {
	row       domain.AgingRow
	items     []openInvoice
	currency  string      // the report's currency
	asOf      domain.Date // the report's date
	export    domain.ExportService
	dialog    *dialog.CustomDialog
	content   fyne.CanvasObject
	exportBtn *widget.Button
}

// clientInvoices reads the client's invoices in the report's currency that
// had money open on the report's date, due first, so they add up to the
// client's row.
func (v *agingView) clientInvoices(ctx context.Context, clientID int64) ([]openInvoice, error) {
	var ids []int64
	byID := map[int64]domain.DocumentRow{}
	const page = 500
	for off := 0; ; off += page {
		rows, err := v.s.book.Documents().FindDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice,
			Status: domain.DocIssued, ClientID: clientID, To: v.date, Offset: off, Limit: page})
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.Total.Currency == v.cur {
				ids = append(ids, r.ID)
				byID[r.ID] = r
			}
		}
		if len(rows) < page {
			break
		}
	}
	status, err := v.s.book.Payments().PaymentStatus(ctx, v.date, ids...)
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
		return plural(n, "day", "days")
	}
	return "Not yet due"
}

// openClient shows the invoices behind a client's row, with buttons to save
// the client's statement and to record a payment from the client.
func (v *agingView) openClient(r domain.AgingRow) {
	ctx := context.Background()
	items, err := v.clientInvoices(ctx, r.ClientID)
	if err != nil {
		kit.ShowError(err, v.s.win)
		return
	}
	in := func(d decimal.Decimal) money.Money { return money.Money{Amount: d, Currency: v.cur} }
	dd := &drillDown{row: r, items: items, currency: v.cur, asOf: v.date, export: v.s.book.Export()}
	intro := widget.NewLabel(fmt.Sprintf("%s open in %s as of %s.", plural(len(items), "invoice", "invoices"), v.cur, v.date))
	if len(items) == 0 {
		intro.SetText(fmt.Sprintf("Nothing is open on %s's invoices in %s as of %s.", r.ClientName, v.cur, v.date))
	}
	intro.Wrapping = fyne.TextWrapWord
	header := container.New(widgets.NewColumns(drillWeights...), headerLabel("Number", fyne.TextAlignLeading),
		headerLabel("Issued", fyne.TextAlignLeading), headerLabel("Due", fyne.TextAlignLeading),
		headerLabel("Overdue", fyne.TextAlignLeading), headerLabel("Open", fyne.TextAlignTrailing))
	if len(items) == 0 {
		header.Hide()
	}
	rows := container.NewVBox()
	for _, it := range items {
		num := cell(fyne.TextAlignLeading)
		num.TextStyle.Bold = true
		num.SetText(it.Number)
		issued, due, late, open := cell(fyne.TextAlignLeading), cell(fyne.TextAlignLeading), cell(fyne.TextAlignLeading),
			cell(fyne.TextAlignTrailing)
		issued.SetText(dateText(it.IssueDate))
		due.SetText(dateText(it.DueDate))
		late.SetText(it.lateText(v.date))
		if late.Text == "Not yet due" {
			late.Importance = widget.LowImportance
		} else {
			late.Importance = widget.DangerImportance
		}
		open.SetText(in(it.Open).Format())
		rows.Add(container.New(widgets.NewColumns(drillWeights...), num, issued, due, late, open))
	}
	foot := container.NewVBox(widget.NewSeparator(),
		container.New(widgets.NewColumns(drillWeights[0]+drillWeights[1]+drillWeights[2]+drillWeights[3], drillWeights[4]),
			widget.NewLabelWithStyle("Total open "+v.cur, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			widget.NewLabelWithStyle(in(r.Total).Format(), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})))
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
		widgets.SaveCSV(v.s.win, fmt.Sprintf("open-invoices-%s-%s", v.cur, v.date), dd.WriteCSV)
	})
	if len(items) == 0 {
		dd.exportBtn.Hide()
	}
	dd.content = container.NewBorder(container.NewVBox(container.NewBorder(nil, nil, nil, dd.exportBtn, intro), header,
		widget.NewSeparator()), foot, nil, nil,
		container.NewVScroll(rows))
	dd.dialog = dialog.NewCustomWithoutButtons(r.ClientName, dd.content, v.s.win)
	closeBtn := widget.NewButton("Close", func() { dd.dialog.Hide() })
	record := widget.NewButtonWithIcon("Record payment", theme.ContentAddIcon(), func() {
		dd.dialog.Hide()
		c, err := v.s.book.Clients().FindClientByID(ctx, r.ClientID)
		if err != nil {
			kit.ShowError(err, v.s.win)
			return
		}
		v.s.NewFor(c, v.cur)
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
