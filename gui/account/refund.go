package account

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// refundForm asks how much of a client's credit went back to it, when and
// how.
type refundForm struct {
	date, amount, reference *widget.Entry
	method                  *widget.Select
	fields                  widgets.Fields
	box                     *fyne.Container
	d                       *dialog.CustomDialog
	save                    *widget.Button
	currency                string
}

// AskRefund opens the form paying the client's unapplied credit back, the
// whole credit in the currency shown prefilled.
func (p *Panel) AskRefund() {
	if p.account == nil || p.client == nil {
		return
	}
	b := p.account.report.Summary.Balance
	f := &refundForm{date: widget.NewEntry(), amount: widget.NewEntry(), reference: widget.NewEntry(),
		fields: widgets.Fields{}, currency: p.account.report.Currency}
	f.date.SetText(p.today().String())
	f.date.SetPlaceHolder("YYYY-MM-DD")
	f.amount.SetText(money.Money{Amount: b.Credit, Currency: f.currency}.Format())
	f.reference.SetPlaceHolder("The transfer's reference")
	var methods []string
	for _, m := range domain.PaymentMethods() {
		methods = append(methods, m.Title())
	}
	f.method = widget.NewSelect(methods, nil)
	f.method.SetSelectedIndex(0)
	field := f.fields.Add
	intro := widget.NewLabel(p.client.Name + " has " + money.Money{Amount: b.Credit, Currency: f.currency}.String() +
		" of credit. Record what was paid back; the credit goes down from that day.")
	intro.Wrapping = fyne.TextWrapWord
	f.box = container.NewVBox(intro,
		container.NewGridWithColumns(2, field("date", "Paid back on", f.date), field("amount", "Amount ("+f.currency+")", f.amount)),
		container.NewGridWithColumns(2, field("method", "By", f.method), field("reference", "Reference", f.reference)))
	f.d = dialog.NewCustomWithoutButtons("Refund credit", f.box, p.win)
	f.save = widget.NewButtonWithIcon("Record refund", theme.ConfirmIcon(), func() { p.saveRefund() })
	f.save.Importance = widget.HighImportance
	f.d.SetButtons([]fyne.CanvasObject{widget.NewButton("Cancel", f.d.Hide), f.save})
	f.d.Resize(fyne.NewSize(560, 300))
	p.refund = f
	f.d.Show()
}

// saveRefund records the refund as typed, off the UI goroutine with Record
// refund off meanwhile; problems show at their fields and nothing is
// stored. It reports whether the refund passed the checks and had not been
// refused by the time it returns (under kit.RunInline, whether it was
// stored).
func (p *Panel) saveRefund() bool {
	f := p.refund
	for _, fl := range f.fields {
		fl.SetError("")
	}
	r := &domain.Refund{ClientID: p.client.ID, Reference: f.reference.Text,
		Method: domain.PaymentMethods()[max(f.method.SelectedIndex(), 0)]}
	problems := map[string]string{}
	d, err := domain.ParseDate(f.date.Text)
	if err != nil {
		problems["date"] = "Write it as YYYY-MM-DD."
	}
	r.Date = d
	m, err := money.Parse(f.amount.Text, f.currency)
	if err != nil {
		problems["amount"] = widgets.Sentence(err.Error())
	}
	r.Amount = m
	if len(problems) > 0 {
		kit.ShowFieldErrors(f.fields, problems)
		return false
	}
	payments := p.book.Payments()
	refused := false
	went := kit.Put(f.save, func(ctx context.Context) error { return payments.CreateRefund(ctx, r) }, func() {
		f.d.Hide()
		p.load()
	}, func(err error) {
		refused = true
		kit.ShowRefusal(f.fields, err, p.win)
	}, nil)
	return went && !refused
}
