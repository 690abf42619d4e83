package receivables

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// paymentColumns are the payments list's columns, its CSV's too.
func paymentColumns() []kit.Column[*domain.Payment] {
	in := func(p *domain.Payment, d func(*domain.Payment) money.Money) string { return d(p).Format() }
	allocated := func(p *domain.Payment) money.Money {
		return money.Money{Amount: p.Allocated(), Currency: p.Amount.Currency}
	}
	unapplied := func(p *domain.Payment) money.Money {
		return money.Money{Amount: p.Unapplied(), Currency: p.Amount.Currency}
	}
	return []kit.Column[*domain.Payment]{
		{Title: "No.", Key: "id", Width: 52, Min: 36, Align: fyne.TextAlignTrailing,
			Text: func(p *domain.Payment) string { return strconv.FormatInt(p.ID, 10) },
			CSV:  func(p *domain.Payment) domain.TableCell { return domain.RawCell(strconv.FormatInt(p.ID, 10)) }},
		{Title: "Date", Key: "date", Width: 100, Sort: "date", Text: func(p *domain.Payment) string { return p.Date.String() },
			CSV: func(p *domain.Payment) domain.TableCell { return domain.RawCell(p.Date.String()) }},
		{Title: "Client", Key: "client", Width: 220, Stretch: true, Sort: "client",
			Text: func(p *domain.Payment) string { return p.ClientName }},
		{Title: "Amount", Key: "amount", Width: 110, Align: fyne.TextAlignTrailing, Sort: "amount",
			Text: func(p *domain.Payment) string { return p.Amount.Format() },
			CSV:  func(p *domain.Payment) domain.TableCell { return domain.NumberCell(p.Amount.Fixed()) }},
		{Title: "Cur.", Key: "currency", Width: kit.CurrencyWidth, Min: kit.CurrencyWidth, Text: func(p *domain.Payment) string { return p.Amount.Currency },
			CSV: func(p *domain.Payment) domain.TableCell { return domain.RawCell(p.Amount.Currency) }},
		{Title: "Method", Key: "method", Width: 120, Sort: "method", Text: func(p *domain.Payment) string { return p.Method.Title() },
			CSV: func(p *domain.Payment) domain.TableCell { return domain.RawCell(string(p.Method)) }},
		{Title: "Reference", Key: "reference", Width: 160, Stretch: true, Sort: "reference",
			Text: func(p *domain.Payment) string { return p.Reference }},
		{Title: "Allocated", Key: "allocated", Width: 110, Align: fyne.TextAlignTrailing,
			Text: func(p *domain.Payment) string { return in(p, allocated) },
			CSV:  func(p *domain.Payment) domain.TableCell { return amountCell(p.Allocated(), p.Amount.Currency) }},
		{Title: "Unapplied", Key: "unapplied", Width: 110, Align: fyne.TextAlignTrailing,
			Text: func(p *domain.Payment) string { return amountText(unapplied(p)) },
			CSV:  func(p *domain.Payment) domain.TableCell { return amountCell(p.Unapplied(), p.Amount.Currency) }},
	}
}

// paymentsView lists the payments received, newest first until a header
// sorts them otherwise.
type paymentsView struct {
	s *Screen

	count     *widget.Label
	table     *kit.Table[*domain.Payment]
	exportBtn *widget.Button
	obj       fyne.CanvasObject
}

func newPaymentsView(s *Screen) *paymentsView {
	v := &paymentsView{s: s}
	v.count = widget.NewLabel("")
	v.count.Importance = widget.LowImportance
	pays := s.book.Payments()
	v.table = kit.NewTable("receivables.payments", paymentColumns(), kit.Query[*domain.Payment, domain.PaymentFilter]{
		Count: pays.CountPayments, Find: pays.FindPayments,
		Page: func(f *domain.PaymentFilter, o kit.Sort, offset, limit int) {
			f.Sort, f.Desc, f.Offset, f.Limit = o.Key, o.Desc, offset, limit
		},
		After: func(f *domain.PaymentFilter, p *domain.Payment) { f.After = p.ID },
	}.Source())
	v.table.Empty = "No payments recorded yet.\nRecord one with Record payment above, or open a client's row in the aging."
	v.table.OnSelected = func(p *domain.Payment) {
		v.table.List().UnselectAll()
		v.s.OpenPayment(p)
	}
	v.exportBtn = widgets.NewExportButton(func() { v.table.ExportCSV(v.s.win, v.s.book.Export(), "payments") })
	top := container.NewPadded(container.NewBorder(nil, nil, nil, v.exportBtn, v.count))
	v.obj = container.NewBorder(top, nil, nil, nil, v.table.Object())
	v.obj.Hide()
	return v
}

// refresh reads the payments again in the background.
func (v *paymentsView) refresh() {
	v.table.ReloadThen(func(n int) {
		v.count.SetText(widgets.Count(n, "payment", "payments"))
		if n == 0 {
			v.count.SetText("")
			v.exportBtn.Hide()
		} else {
			v.exportBtn.Show()
		}
	})
}
