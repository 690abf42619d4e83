package receivables

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/widgets"
)

// pageSize is how many payments are read at a time as the list scrolls.
const pageSize = 200

// paymentWeights: date, client, amount, method, reference, allocated, unapplied.
var paymentWeights = []float32{2, 5, 2.6, 2.2, 3.6, 2.2, 2.2}

// paymentsView lists the payments received, newest first.
type paymentsView struct {
	s *Screen

	count     *widget.Label
	list      *widget.List
	empty     *fyne.Container
	emptyText *widget.Label
	exportBtn *widget.Button
	obj       fyne.CanvasObject

	total int
	pages map[int][]*domain.Payment
}

func newPaymentsView(s *Screen) *paymentsView {
	v := &paymentsView{s: s, pages: map[int][]*domain.Payment{}}
	v.count = widget.NewLabel("")
	v.count.Importance = widget.LowImportance
	v.list = widget.NewList(func() int { return v.total }, v.newRow, v.updateRow)
	v.list.OnSelected = func(id widget.ListItemID) {
		v.list.UnselectAll()
		if p, ok := v.paymentAt(id); ok {
			v.s.OpenPayment(p)
		}
	}
	header := container.New(widgets.NewColumns(paymentWeights...), headerLabel("Date", fyne.TextAlignLeading),
		headerLabel("Client", fyne.TextAlignLeading), headerLabel("Amount", fyne.TextAlignTrailing),
		headerLabel("Method", fyne.TextAlignLeading), headerLabel("Reference", fyne.TextAlignLeading),
		headerLabel("Allocated", fyne.TextAlignTrailing), headerLabel("Unapplied", fyne.TextAlignTrailing))
	v.emptyText = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	v.emptyText.Wrapping = fyne.TextWrapWord
	v.empty = container.NewVBox(layout.NewSpacer(), v.emptyText, layout.NewSpacer())
	v.empty.Hide()
	v.exportBtn = widgets.NewExportButton(func() { widgets.SaveCSV(v.s.win, "payments", v.WriteCSV) })
	top := container.NewVBox(container.NewPadded(container.NewBorder(nil, nil, nil, v.exportBtn, v.count)), header, widget.NewSeparator())
	v.obj = container.NewBorder(top, nil, nil, nil, container.NewStack(v.list, v.empty))
	v.obj.Hide()
	return v
}

func (v *paymentsView) newRow() fyne.CanvasObject {
	return container.New(widgets.NewColumns(paymentWeights...), cell(fyne.TextAlignLeading), cell(fyne.TextAlignLeading),
		cell(fyne.TextAlignTrailing), cell(fyne.TextAlignLeading), cell(fyne.TextAlignLeading),
		cell(fyne.TextAlignTrailing), cell(fyne.TextAlignTrailing))
}

func (v *paymentsView) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	cells := o.(*fyne.Container).Objects
	texts := make([]string, len(cells))
	if p, ok := v.paymentAt(id); ok {
		texts = paymentTexts(p)
	}
	for i, c := range cells {
		c.(*widget.Label).SetText(texts[i])
	}
}

// paymentTexts is what a payment's row shows.
func paymentTexts(p *domain.Payment) []string {
	in := func(m money.Money) string { return m.Format() }
	cur := p.Amount.Currency
	return []string{p.Date.String(), p.ClientName, p.Amount.String(), p.Method.Title(), p.Reference,
		in(money.Money{Amount: p.Allocated(), Currency: cur}), amountText(money.Money{Amount: p.Unapplied(), Currency: cur})}
}

// paymentAt returns payment i of the list, reading its page on first use.
func (v *paymentsView) paymentAt(i int) (*domain.Payment, bool) {
	n := i / pageSize
	ps, ok := v.pages[n]
	if !ok {
		var err error
		ps, err = v.s.book.Payments().FindPayments(context.Background(), domain.PaymentFilter{Offset: n * pageSize, Limit: pageSize})
		if err != nil {
			return nil, false
		}
		v.pages[n] = ps
	}
	if j := i - n*pageSize; j >= 0 && j < len(ps) {
		return ps[j], true
	}
	return nil, false
}

// refresh counts the payments again and forgets the pages read.
func (v *paymentsView) refresh() {
	n, err := v.s.book.Payments().CountPayments(context.Background(), domain.PaymentFilter{})
	if err != nil {
		dialog.ShowError(errors.New(domain.ErrorMessage(err)), v.s.win)
		return
	}
	v.total, v.pages = n, map[int][]*domain.Payment{}
	v.list.UnselectAll()
	v.list.Refresh()
	v.count.SetText(plural(n, "payment", "payments") + ", newest first")
	if n == 0 {
		v.count.SetText("")
		v.emptyText.SetText("No payments recorded yet.\nRecord one with Record payment above, or open a client's row in the aging.")
		v.empty.Show()
		v.exportBtn.Hide()
	} else {
		v.empty.Hide()
		v.exportBtn.Show()
	}
}
