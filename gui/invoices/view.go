package invoices

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

// viewWeights size the read-only lines: description, qty, unit price,
// discount, taxes, amount.
var viewWeights = []float32{10, 2.2, 3, 1.8, 3.4, 3.2}

// renderView lays a locked document out as text to read rather than as
// disabled inputs: who it went to, its dates, its lines and totals.
func (e *Editor) renderView(v shown) {
	d := v.doc
	box := e.viewBody
	box.RemoveAll()
	e.paymentsSummary = nil

	caption := func(text string) *widget.Label {
		l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.SizeName = theme.SizeNameCaptionText
		l.Importance = widget.LowImportance
		return l
	}
	value := func(text string) *widget.Label {
		if text == "" {
			text = "—"
		}
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	pair := func(label, text string) fyne.CanvasObject {
		return container.NewVBox(caption(label), value(text))
	}

	billTo := d.ClientName
	if p := d.BillTo; p != nil {
		parts := []string{p.Name}
		for _, s := range []string{p.Address.Line1, p.Address.Line2, strings.TrimSpace(p.Address.PostalCode + " " + p.Address.City), p.Address.Country} {
			if s != "" {
				parts = append(parts, s)
			}
		}
		if p.TaxID != "" {
			parts = append(parts, "Tax ID "+p.TaxID)
		}
		billTo = strings.Join(parts, "\n")
	}
	due := "Due date"
	switch d.Kind {
	case domain.KindQuote:
		due = "Valid until"
	case domain.KindCreditNote:
		due = "Credit date"
	}
	pricing := pricingOptions[boolIndex(d.TaxInclusive)]
	rounding := roundingOptions[boolIndex(d.Rounding.Scope == domain.RoundPerDocument)] + ", " +
		strings.ToLower(modeOptions[boolIndex(d.Rounding.Mode == domain.HalfEven)])
	info := container.NewGridWithColumns(4,
		pair("Billed to", billTo),
		container.NewVBox(pair("Issue date", widgets.DateText(d.IssueDate)), pair(due, widgets.DateText(d.DueDate))),
		container.NewVBox(pair("PO number", d.PONumber), pair("Reference", d.Reference)),
		container.NewVBox(pair("Prices", pricing+" ("+d.Currency+")"), pair("Rounding", rounding)),
	)
	box.Add(info)
	if inv := v.credits; inv != nil {
		open := widget.NewButton("Credits invoice "+inv.Number, func() { e.open(inv.ID) })
		open.Importance = widget.LowImportance
		box.Add(container.NewHBox(open))
	}
	if q := v.quote; q != nil && q.Number != "" {
		open := widget.NewButton("Made from quote "+q.Number, func() { e.open(q.ID) })
		open.Importance = widget.LowImportance
		box.Add(container.NewHBox(open))
	}
	box.Add(widget.NewSeparator())
	box.Add(container.New(widgets.NewColumns(viewWeights...), headerLabel("Description", fyne.TextAlignLeading),
		headerLabel("Qty", fyne.TextAlignTrailing), headerLabel("Unit price", fyne.TextAlignTrailing),
		headerLabel("Disc %", fyne.TextAlignTrailing), headerLabel("Taxes", fyne.TextAlignLeading),
		headerLabel("Amount", fyne.TextAlignTrailing)))
	t, err := d.Totals()
	for i, l := range d.Lines {
		amount := "—"
		if err == nil {
			amount = d.Money(t.Lines[i].Net).Format()
		}
		var taxes []string
		for _, x := range l.Taxes {
			taxes = append(taxes, x.Name+" "+x.Percent.String()+"%")
		}
		disc := ""
		if !l.DiscountPercent.IsZero() {
			disc = l.DiscountPercent.String()
		}
		qty := l.Quantity.String()
		if l.Unit != "" {
			qty += " " + l.Unit
		}
		desc := widget.NewLabel(l.Description)
		desc.Wrapping = fyne.TextWrapWord
		right := func(s string) *widget.Label {
			w := widget.NewLabelWithStyle(s, fyne.TextAlignTrailing, fyne.TextStyle{})
			w.Truncation = fyne.TextTruncateEllipsis
			return w
		}
		tx := widget.NewLabel(strings.Join(taxes, " + "))
		tx.Truncation = fyne.TextTruncateEllipsis
		box.Add(container.New(widgets.NewColumns(viewWeights...), desc, right(qty), right(d.Money(l.UnitPrice).Format()),
			right(disc), tx, right(amount)))
	}
	if len(d.Lines) == 0 {
		box.Add(value("This document has no lines."))
	}
	box.Add(widget.NewSeparator())
	totals := container.NewVBox()
	if err == nil {
		renderTotals(totals, d, t)
	} else {
		totals.Add(value(fmt.Sprintf("The totals cannot be worked out: %v.", err)))
	}
	notes := container.NewVBox()
	if d.Notes != "" {
		notes.Add(pair("Notes", d.Notes))
	}
	if d.Terms != "" {
		notes.Add(pair("Terms", d.Terms))
	}
	box.Add(container.NewGridWithColumns(2, notes, totals))
	if d.Kind == domain.KindInvoice && d.Number != "" {
		e.renderPayments(box, v, caption)
	}
	box.Refresh()
}

// paymentWeights size the payment rows: date, method, reference, paid here,
// payment amount.
var paymentWeights = []float32{2.6, 3, 7, 3.2, 3.2}

// renderPayments adds to box where an issued invoice stands today — paid,
// credited, open — and each payment set against it, newest first, the
// part of it paid here beside the whole payment.
func (e *Editor) renderPayments(box *fyne.Container, v shown, caption func(string) *widget.Label) {
	d := v.doc
	box.Add(widget.NewSeparator())
	box.Add(caption("Payments"))
	if v.payErr != nil {
		box.Add(widget.NewLabel(domain.ErrorMessage(v.payErr)))
		return
	}
	dp := v.pay
	summary := fmt.Sprintf("Paid %s, credited %s, open %s %s", d.Money(dp.Paid).Format(), d.Money(dp.Credited).Format(),
		d.Money(dp.Open).Format(), d.Currency)
	switch dp.State {
	case domain.PayIssued:
		summary += " — not due yet"
	case domain.PayNone:
	default:
		summary += " — " + strings.ToLower(dp.State.Title())
	}
	e.paymentsSummary = widget.NewLabel(summary + ".")
	e.paymentsSummary.Wrapping = fyne.TextWrapWord
	box.Add(e.paymentsSummary)
	pays := v.payments
	if len(pays) == 0 {
		none := widget.NewLabel("No payment has been set against this invoice yet.")
		none.Importance = widget.LowImportance
		box.Add(none)
		return
	}
	box.Add(container.New(widgets.NewColumns(paymentWeights...), headerLabel("Date", fyne.TextAlignLeading),
		headerLabel("Method", fyne.TextAlignLeading), headerLabel("Reference", fyne.TextAlignLeading),
		headerLabel("Paid here ("+d.Currency+")", fyne.TextAlignTrailing), headerLabel("Payment", fyne.TextAlignTrailing)))
	cell := func(s string, align fyne.TextAlign) *widget.Label {
		l := widget.NewLabelWithStyle(s, align, fyne.TextStyle{})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	for _, p := range pays {
		here := decimal.Zero
		for _, a := range p.Allocations {
			if a.DocumentID == d.ID {
				here = here.Add(a.Amount)
			}
		}
		ref := p.Reference
		if ref == "" {
			ref = p.Note
		}
		box.Add(container.New(widgets.NewColumns(paymentWeights...), cell(p.Date.String(), fyne.TextAlignLeading),
			cell(p.Method.Title(), fyne.TextAlignLeading), cell(ref, fyne.TextAlignLeading),
			cell(d.Money(here).Format(), fyne.TextAlignTrailing), cell(p.Amount.Format()+" "+p.Amount.Currency, fyne.TextAlignTrailing)))
	}
}
