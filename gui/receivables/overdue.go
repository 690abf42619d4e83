package receivables

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/widgets"
)

// The orders the overdue list offers.
const (
	orderLargest = "Largest first"
	orderOldest  = "Longest overdue first"
)

// overdueWeights: invoice, client, due date, days late, open.
var overdueWeights = []float32{2.6, 5, 2.2, 1.6, 2.6}

// overdueView lists every invoice past due today in one currency, by the
// money open on it or by how long it is overdue, each opening its invoice.
type overdueView struct {
	s *Screen

	currency *widget.Select
	order    *widget.RadioGroup
	summary  *widget.Label
	export   *widget.Button
	list     *widget.List
	empty    *widget.Label
	obj      *fyne.Container

	loading bool
	day     domain.Date
	cur     string
	items   []domain.AgingItem // as listed
}

func newOverdueView(s *Screen) *overdueView {
	v := &overdueView{s: s}
	v.currency = widget.NewSelect(nil, func(string) {
		if !v.loading {
			v.refresh()
		}
	})
	v.order = widget.NewRadioGroup([]string{orderLargest, orderOldest}, func(string) {
		if !v.loading {
			v.refresh()
		}
	})
	v.order.Horizontal = true
	v.order.Required = true
	v.loading = true
	v.order.SetSelected(orderLargest)
	v.loading = false
	v.summary = widget.NewLabel("")
	v.summary.Truncation = fyne.TextTruncateEllipsis

	header := container.New(widgets.NewColumns(overdueWeights...), headerLabel("Invoice", fyne.TextAlignLeading),
		headerLabel("Client", fyne.TextAlignLeading), headerLabel("Due", fyne.TextAlignLeading),
		headerLabel("Days late", fyne.TextAlignTrailing), headerLabel("Open", fyne.TextAlignTrailing))
	v.list = widget.NewList(func() int { return len(v.items) }, func() fyne.CanvasObject {
		return container.New(widgets.NewColumns(overdueWeights...), cell(fyne.TextAlignLeading), cell(fyne.TextAlignLeading),
			cell(fyne.TextAlignLeading), cell(fyne.TextAlignTrailing), cell(fyne.TextAlignTrailing))
	}, v.updateRow)
	v.list.OnSelected = func(id widget.ListItemID) {
		v.list.UnselectAll()
		if id >= 0 && id < len(v.items) && v.s.OpenDocument != nil {
			v.s.OpenDocument(v.items[id].DocumentID)
		}
	}
	v.empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	v.empty.Wrapping = fyne.TextWrapWord
	v.empty.Hide()

	v.export = widgets.NewExportButton(func() {
		widgets.SaveCSV(v.s.win, fmt.Sprintf("overdue-%s-%s", v.cur, v.day), v.WriteCSV)
	})
	controls := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel("Currency"), container.New(fixedWidth(110), v.currency), v.order), v.export,
		container.NewVBox(layout.NewSpacer(), v.summary))
	top := container.NewVBox(container.NewPadded(controls), header, widget.NewSeparator())
	v.obj = container.NewBorder(top, nil, nil, nil, container.NewStack(v.list, container.NewCenter(v.empty)))
	return v
}

func (v *overdueView) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	cells := o.(*fyne.Container).Objects
	texts := make([]string, len(cells))
	if id >= 0 && id < len(v.items) {
		it := v.items[id]
		texts = []string{it.Number, it.ClientName, it.DueDate.String(), fmt.Sprint(it.DueDate.DaysUntil(v.day)),
			money.Money{Amount: it.Open, Currency: v.cur}.Format()}
	}
	for i, c := range cells {
		c.(*widget.Label).SetText(texts[i])
	}
}

// refresh lists what is overdue today in the currency chosen (the first
// the book has issued invoices in until one is chosen), in the order chosen.
func (v *overdueView) refresh() {
	ctx := context.Background()
	curs, issued, err := issuedCurrencies(ctx, v.s.book)
	if err != nil {
		dialog.ShowError(errors.New(domain.ErrorMessage(err)), v.s.win)
		return
	}
	day := today()
	cur := v.currency.Selected
	if !slices.Contains(curs, cur) && len(curs) > 0 {
		cur = curs[0]
	}
	v.loading = true
	v.currency.SetOptions(curs)
	v.currency.SetSelected(cur)
	v.loading = false
	v.day, v.cur, v.items = day, cur, nil
	if issued && cur != "" {
		rep, err := v.s.book.Payments().Aging(ctx, day, cur, domain.DefaultAgingBuckets())
		if err != nil {
			dialog.ShowError(errors.New(domain.ErrorMessage(err)), v.s.win)
			return
		}
		order := domain.OverdueLargest
		if v.order.Selected == orderOldest {
			order = domain.OverdueOldest
		}
		v.items = domain.Overdue(rep.Items, day, order)
	}
	total := decimal.Zero
	for _, it := range v.items {
		total = total.Add(it.Open)
	}
	switch {
	case !issued:
		v.summary.SetText("")
		v.empty.SetText("No invoices have been issued yet.")
	case len(v.items) == 0:
		v.summary.SetText("")
		v.empty.SetText(fmt.Sprintf("Nothing is overdue in %s on %s.", cur, day))
	default:
		v.summary.SetText(fmt.Sprintf("%s overdue on %s: %s.", plural(len(v.items), "invoice", "invoices"), day,
			money.Money{Amount: total, Currency: cur}))
	}
	v.empty.Hidden = len(v.items) > 0
	if len(v.items) == 0 {
		v.export.Disable()
	} else {
		v.export.Enable()
	}
	v.list.UnselectAll()
	v.list.Refresh()
	v.list.ScrollToTop()
	v.obj.Refresh()
}

// WriteCSV writes the overdue invoices as listed, in the order shown.
func (v *overdueView) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	row := func(it domain.AgingItem) []domain.TableCell {
		return []domain.TableCell{domain.RawCell(it.Number), domain.RawCell(strconv.FormatInt(it.ClientID, 10)),
			domain.TextCell(it.ClientName), domain.RawCell(it.DueDate.String()), domain.RawCell(strconv.Itoa(it.DueDate.DaysUntil(v.day))),
			amountCell(it.Open, v.cur), domain.RawCell(v.cur), domain.RawCell(v.day.String())}
	}
	return widgets.WriteTable(v.s.book.Export(), w, f,
		[]string{"number", "client_id", "client", "due_date", "days_overdue", "open", "currency", "as_of"},
		widgets.Rows(v.items, row, progress), progress)
}
