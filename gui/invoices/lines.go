package invoices

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/widgets"
)

// lineWeights size the line columns: description, qty, unit price, discount,
// taxes, amount, remove.
var lineWeights = []float32{10, 2.2, 3, 1.8, 3.4, 3.2, 1}

// lineRow is one document line's inputs.
type lineRow struct {
	e      *Editor
	itemID int64
	unit   string
	taxes  []domain.TaxLine

	desc             *widgets.KeyEntry
	qty, price, disc *widgets.KeyEntry
	sugg             *suggestions
	taxBtn           *widget.Button
	amount           *widget.Label
	del              *widget.Button
	errs             *widget.Label
	box              *fyne.Container
}

// newLine adds a row for l at the end of the lines.
func (e *Editor) newLine(l domain.Line) *lineRow {
	r := &lineRow{e: e, itemID: l.ItemID, unit: l.Unit, taxes: append([]domain.TaxLine(nil), l.Taxes...)}
	r.desc = newLineEntry()
	r.desc.SetPlaceHolder("Item or description")
	r.desc.SetText(l.Description)
	r.desc.OnChanged = r.descTyped
	r.sugg = newSuggestions(r.pick)
	r.desc.OnKey = func(k *fyne.KeyEvent) bool {
		if r.sugg.key(k) {
			return true
		}
		if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
			e.win.Canvas().Focus(r.qty)
			return true
		}
		return false
	}
	r.desc.OnFocus = func(in bool) {
		if !in {
			r.sugg.hide()
		}
	}
	num := func(s string, next func()) *widgets.KeyEntry {
		w := newLineEntry()
		w.SetText(s)
		w.AlwaysShowValidationError = true
		w.OnChanged = func(string) { e.changed() }
		w.OnKey = func(k *fyne.KeyEvent) bool {
			if k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter {
				next()
				return true
			}
			return false
		}
		return w
	}
	cur, _ := money.LookupCurrency(e.doc.Currency)
	r.qty = num(l.Quantity.String(), func() { e.win.Canvas().Focus(r.price) })
	price := ""
	if !l.UnitPrice.IsZero() || l.Description != "" {
		price = l.UnitPrice.StringFixed(cur.Exponent)
	}
	r.price = num(price, func() { e.win.Canvas().Focus(r.disc) })
	disc := ""
	if !l.DiscountPercent.IsZero() {
		disc = l.DiscountPercent.String()
	}
	r.disc = num(disc, func() { e.nextLine(r) })
	r.disc.SetPlaceHolder("0")
	r.taxBtn = widget.NewButton("", r.chooseTaxes)
	r.taxBtn.Alignment = widget.ButtonAlignLeading
	r.updateTaxText()
	r.amount = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{})
	r.amount.Truncation = fyne.TextTruncateClip
	r.del = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { e.removeLine(r) })
	r.del.Importance = widget.LowImportance
	r.errs = widget.NewLabel("")
	r.errs.Importance = widget.DangerImportance
	r.errs.Wrapping = fyne.TextWrapWord
	r.errs.Hide()
	row := container.New(widgets.NewColumns(lineWeights...), r.desc, r.qty, r.price, r.disc, r.taxBtn, r.amount, r.del)
	r.box = container.NewVBox(row, r.sugg.box, r.errs)
	e.lines = append(e.lines, r)
	e.linesBox.Add(r.box)
	return r
}

func (e *Editor) removeLine(r *lineRow) {
	for i, x := range e.lines {
		if x == r {
			e.lines = append(e.lines[:i], e.lines[i+1:]...)
			break
		}
	}
	e.linesBox.Remove(r.box)
	e.changed()
}

// descTyped offers the catalog items that match what is typed, while the
// cursor is in the description; whatever is typed stays a free-text
// description until an item is picked.
func (r *lineRow) descTyped(text string) {
	if r.e.loading {
		return
	}
	if r.e.win.Canvas().Focused() == r.desc {
		r.sugg.show(matchItems(r.e.items, text))
	}
	r.e.changed()
}

// pick fills the line from a catalog item: its name, unit, price (when in
// the document's currency) and default taxes, and moves on to the quantity.
// A pick by mouse moves the cursor once the click is over, as the window
// takes the focus from the description on the click.
func (r *lineRow) pick(it domain.Item, byMouse bool) {
	r.sugg.hide()
	r.itemID, r.unit = it.ID, it.Unit
	r.e.loading = true
	r.desc.SetText(it.Name)
	cur, err := money.LookupCurrency(r.e.currency.Text)
	if err == nil && it.UnitPrice.Currency == cur.Code {
		r.price.SetText(it.UnitPrice.Amount.StringFixed(cur.Exponent))
	} else if err == nil && r.price.Text == "" {
		r.price.SetText("")
		r.price.SetPlaceHolder("price in " + cur.Code)
	}
	r.taxes = nil
	for _, id := range it.TaxRateIDs {
		for _, rate := range r.e.rates {
			if rate.ID == id {
				r.taxes = append(r.taxes, rate.Line())
			}
		}
	}
	r.updateTaxText()
	r.e.loading = false
	r.e.changed()
	if byMouse {
		go fyne.Do(func() { r.e.win.Canvas().Focus(r.qty) })
		return
	}
	r.e.win.Canvas().Focus(r.qty)
}

// nextLine moves the cursor to the description of the line after r, adding
// a line when r is the last.
func (e *Editor) nextLine(r *lineRow) {
	for i, x := range e.lines {
		if x == r && i+1 < len(e.lines) {
			e.win.Canvas().Focus(e.lines[i+1].desc)
			return
		}
	}
	e.appendLine()
}

func (r *lineRow) updateTaxText() {
	if len(r.taxes) == 0 {
		r.taxBtn.SetText("No tax")
		return
	}
	var ls []string
	for _, t := range r.taxes {
		ls = append(ls, t.Name+" "+t.Percent.String()+"%")
	}
	r.taxBtn.SetText(strings.Join(ls, " + "))
}

// chooseTaxes lets the person tick the line's taxes among the book's rates
// (and keeps any the line already had that are no longer offered).
func (r *lineRow) chooseTaxes() {
	type opt struct {
		label string
		tax   domain.TaxLine
	}
	var opts []opt
	seen := map[string]bool{}
	for _, t := range r.taxes {
		opts = append(opts, opt{t.Label(), t})
		seen[t.Label()] = true
	}
	for _, rate := range r.e.rates {
		if t := rate.Line(); !seen[t.Label()] {
			opts = append(opts, opt{t.Label(), t})
			seen[t.Label()] = true
		}
	}
	if len(opts) == 0 {
		dialog.ShowInformation("No tax rates", "This book has no tax rates yet. Add them under Catalog → Tax rates.", r.e.win)
		return
	}
	var labels, selected []string
	for _, o := range opts {
		labels = append(labels, o.label)
	}
	for _, t := range r.taxes {
		selected = append(selected, t.Label())
	}
	group := widget.NewCheckGroup(labels, nil)
	group.SetSelected(selected)
	dialog.ShowCustomConfirm("Taxes on this line", "Apply", "Cancel", group, func(ok bool) {
		if !ok {
			return
		}
		on := map[string]bool{}
		for _, s := range group.Selected {
			on[s] = true
		}
		r.taxes = nil
		for _, o := range opts {
			if on[o.label] {
				r.taxes = append(r.taxes, o.tax)
			}
		}
		r.updateTaxText()
		r.e.changed()
	}, r.e.win)
}

func (r *lineRow) setLocked(on bool) {
	for _, w := range []fyne.Disableable{r.desc, r.qty, r.price, r.disc, r.taxBtn} {
		if on {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	if on {
		r.del.Hide()
	} else {
		r.del.Show()
	}
}

// collect reads the line; problems are keyed by the line's field names.
func (r *lineRow) collect(cur money.Currency, curOK bool) (domain.Line, map[string]string) {
	problems := map[string]string{}
	l := domain.Line{ItemID: r.itemID, Description: r.desc.Text, Unit: r.unit, Taxes: append([]domain.TaxLine(nil), r.taxes...)}
	var err error
	if l.Quantity, err = money.ParseQuantity(r.qty.Text); err != nil {
		problems["quantity"] = widgets.Sentence(err.Error())
	}
	if curOK {
		p := strings.TrimSpace(r.price.Text)
		if p == "" {
			p = "0"
		}
		m, err := money.Parse(p, cur.Code)
		if err != nil {
			problems["unitPrice"] = widgets.Sentence(err.Error())
		}
		l.UnitPrice = m.Amount
	}
	if l.DiscountPercent, err = parsePercent(r.disc.Text); err != nil {
		problems["discount"] = err.Error()
	}
	r.showParseProblems(problems)
	return l, problems
}

// showParseProblems outlines cells whose text cannot be read, as it is typed.
func (r *lineRow) showParseProblems(p map[string]string) {
	for key, w := range map[string]*widgets.KeyEntry{"quantity": r.qty, "unitPrice": r.price, "discount": r.disc} {
		if m := p[key]; m != "" {
			w.SetValidationError(errors.New(m))
		} else {
			w.SetValidationError(nil)
		}
	}
}

// setErrors shows the line's messages under it (nil clears them).
func (r *lineRow) setErrors(m map[string]string) {
	if len(m) == 0 {
		r.errs.Hide()
		r.showParseProblems(nil)
		return
	}
	var msgs []string
	for _, k := range []string{"description", "quantity", "unitPrice", "discount", "taxes"} {
		if s := m[k]; s != "" {
			msgs = append(msgs, s)
		}
	}
	r.showParseProblems(m)
	r.errs.SetText(strings.Join(msgs, " "))
	r.errs.Show()
}
