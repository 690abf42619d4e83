package catalog

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// itemForm edits one catalog item. Nothing is stored until Save passes
// validation; every problem is shown beside its field. It is the form side
// of the items' kit.ListForm.
type itemForm struct {
	svc domain.CatalogService
	win fyne.Window

	original        *domain.Item // as loaded; ID 0 for a new item
	defaultCurrency string       // for new items: the company's currency
	rates           []domain.TaxRate
	rateByLabel     map[string]int64
	dirty, loading  bool

	title                          *widget.Label
	code, name, unit, price, descr *widget.Entry
	unitCode                       *widget.Entry
	currency                       *widget.SelectEntry
	taxes                          *widget.CheckGroup
	noTaxes                        *widget.Label
	archived                       *widget.Check
	fields                         map[string]*widgets.Field
	save, revert, newBtn           *widget.Button
	scroll                         *container.Scroll
	root                           fyne.CanvasObject

	onSaved func(it *domain.Item)
	onNew   func()
}

func newItemForm(svc domain.CatalogService, win fyne.Window) *itemForm {
	f := &itemForm{svc: svc, win: win, defaultCurrency: "USD", fields: map[string]*widgets.Field{}}
	entry := func(placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(string) { f.changed() }
		e.OnSubmitted = func(string) { f.Save() }
		return e
	}
	f.title = formTitle()
	f.code = entry("e.g. SUP-M")
	f.name = entry("e.g. Support, monthly")
	f.unit = entry("hour, month, pcs")
	f.unitCode = entry("e.g. HUR, DAY, C62 (from the unit when empty)")
	f.price = entry("0.00")
	f.descr = widget.NewMultiLineEntry()
	f.descr.SetPlaceHolder("Printed under the name on invoice lines (optional)")
	f.descr.Wrapping = fyne.TextWrapWord
	f.descr.SetMinRowsVisible(3)
	f.descr.OnChanged = func(string) { f.changed() }
	f.currency = widgets.NewCurrencyEntry()
	f.currency.SetPlaceHolder("EUR")
	f.currency.OnChanged = func(string) { f.changed() }
	f.taxes = widget.NewCheckGroup(nil, func([]string) { f.changed() })
	f.noTaxes = widget.NewLabel("No tax rates yet. Add them under Tax rates to give items default taxes.")
	f.noTaxes.Importance = widget.LowImportance
	f.noTaxes.Wrapping = fyne.TextWrapWord
	f.archived = widget.NewCheck("Archived (no longer offered for new lines)", func(bool) { f.changed() })

	field := func(key, label string, input fyne.CanvasObject) fyne.CanvasObject {
		fl := widgets.NewField(label, input)
		f.fields[key] = fl
		return fl.Object()
	}
	two := func(a, b fyne.CanvasObject) fyne.CanvasObject { return container.NewGridWithColumns(2, a, b) }

	f.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() { f.Save() })
	f.save.Importance = widget.HighImportance
	f.revert = widget.NewButtonWithIcon("Revert", theme.ContentUndoIcon(), f.Revert)
	f.newBtn = widget.NewButtonWithIcon("New item", theme.ContentAddIcon(), func() {
		if f.onNew != nil {
			f.onNew()
		}
	})

	body := container.NewVBox(
		two(field("code", "Code", f.code), field("unit", "Unit", f.unit)),
		field("name", "Name", f.name),
		two(field("unitPrice", "Unit price", f.price), field("currency", "Currency", f.currency)),
		field("description", "Description", f.descr),
		field("unitCode", "Unit code for e-invoices (UN/ECE Rec 20)", f.unitCode),
		field("taxes", "Default taxes", container.NewVBox(f.taxes, f.noTaxes)),
		f.archived,
	)
	f.scroll = container.NewVScroll(container.NewPadded(body))
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(f.newBtn, f.revert, f.save), f.title)
	f.root = container.NewBorder(container.NewVBox(container.NewPadded(bar), widget.NewSeparator()), nil, nil, nil, f.scroll)
	f.Load(nil)
	return f
}

// Object is the form's layout.
func (f *itemForm) Object() fyne.CanvasObject { return f.root }

// Dirty reports whether the form has edits that are not saved.
func (f *itemForm) Dirty() bool { return f.dirty }

// Open shows it, dropping what was typed.
func (f *itemForm) Open(it domain.Item) { f.Load(&it) }

// Shows reports whether the form shows it.
func (f *itemForm) Shows(it domain.Item) bool {
	return f.original != nil && f.original.ID != 0 && f.original.ID == it.ID
}

// Describe is the item's name as typed, for the save-changes question.
func (f *itemForm) Describe() string {
	if n := strings.TrimSpace(f.name.Text); n != "" {
		return n
	}
	if c := strings.TrimSpace(f.code.Text); c != "" {
		return c
	}
	return "the new item"
}

func (f *itemForm) changed() {
	if f.loading {
		return
	}
	f.dirty = true
	f.revert.Enable()
	f.save.Enable()
}

// Load shows an item, or an empty new item when it is nil, and clears every
// message.
func (f *itemForm) Load(it *domain.Item) {
	if it == nil {
		it = &domain.Item{UnitPrice: money.Zero(f.defaultCurrency)}
	}
	f.loading = true
	defer func() { f.loading = false }()
	f.original = it
	if it.ID == 0 {
		f.title.SetText("New item")
	} else {
		f.title.SetText(it.Name)
	}
	f.code.SetText(it.Code)
	f.name.SetText(it.Name)
	f.unit.SetText(it.Unit)
	f.unitCode.SetText(it.UnitCode)
	f.price.SetText("")
	if it.ID != 0 {
		f.price.SetText(it.UnitPrice.Format())
	}
	f.currency.SetText(it.UnitPrice.Currency)
	f.descr.SetText(it.Description)
	f.archived.SetChecked(it.Archived)
	f.showTaxes(it.TaxRateIDs)
	kit.ShowFieldErrors(f.fields, nil)
	f.dirty = false
	f.save.Enable()
	if it.ID != 0 {
		f.save.Disable()
	}
	f.revert.Disable()
	f.scroll.ScrollToTop()
}

// setRates replaces the tax rates the form offers, keeping the ticks.
func (f *itemForm) setRates(all []domain.TaxRate) {
	ticked := f.tickedRates()
	f.rates = all
	f.loading = true
	f.showTaxes(ticked)
	f.loading = false
}

// showTaxes offers the active tax rates, and any archived ones in ids so
// they are not dropped silently, with those in ids ticked.
func (f *itemForm) showTaxes(ids []int64) {
	f.rateByLabel = map[string]int64{}
	var options, ticked []string
	for _, r := range f.rates {
		on := slices.Contains(ids, r.ID)
		if r.Archived && !on {
			continue
		}
		label := r.Label()
		if r.Archived {
			label += " (archived)"
		}
		f.rateByLabel[label] = r.ID
		options = append(options, label)
		if on {
			ticked = append(ticked, label)
		}
	}
	f.taxes.Options = options
	f.taxes.SetSelected(ticked)
	show(f.taxes, len(options) > 0)
	show(f.noTaxes, len(options) == 0)
}

// tickedRates are the ticked tax rates' IDs, in the order they are offered.
func (f *itemForm) tickedRates() []int64 {
	var ids []int64
	for _, o := range f.taxes.Options {
		if slices.Contains(f.taxes.Selected, o) {
			ids = append(ids, f.rateByLabel[o])
		}
	}
	return ids
}

// read builds an item from the inputs. A price that is not an amount in the
// currency, or a currency that does not exist, come back as field messages.
func (f *itemForm) read() (*domain.Item, map[string]string) {
	it := &domain.Item{
		ID:          f.original.ID,
		Code:        f.code.Text,
		Name:        f.name.Text,
		Unit:        f.unit.Text,
		UnitCode:    f.unitCode.Text,
		Description: f.descr.Text,
		TaxRateIDs:  f.tickedRates(),
		Archived:    f.archived.Checked,
	}
	errs := map[string]string{}
	cur := widgets.CurrencyCode(f.currency.Text)
	it.UnitPrice = money.Zero(cur)
	if _, err := money.LookupCurrency(cur); err != nil {
		errs["currency"] = err.Error()
		// A price is an amount in the currency: until there is one, the
		// currency's message is the one to read.
		errs["unitPrice"] = ""
	} else if t := strings.TrimSpace(f.price.Text); t == "" {
		errs["unitPrice"] = "enter the price per unit (0 for something free)"
	} else if m, err := money.Parse(t, cur); err != nil {
		errs["unitPrice"] = err.Error()
	} else {
		it.UnitPrice = m
	}
	return it, errs
}

// Save validates and stores the item. It reports whether it was saved; if
// not, the messages are on the form and nothing was written.
func (f *itemForm) Save() bool {
	saved, ok := kit.Record[*domain.Item]{
		Read:     f.read,
		Validate: (*domain.Item).Validate,
		New:      func(it *domain.Item) bool { return it.ID == 0 },
		Create:   f.svc.CreateItem,
		Update:   f.svc.UpdateItem,
		Stored: func(ctx context.Context, it *domain.Item) (*domain.Item, error) {
			return f.svc.FindItemByID(ctx, it.ID)
		},
		Show: func(errs map[string]string) { kit.ShowFieldErrors(f.fields, errs) },
	}.Save(f.win)
	if !ok {
		return false
	}
	f.Load(saved)
	if f.onSaved != nil {
		f.onSaved(saved)
	}
	return true
}

// Revert throws away the edits and shows the item as stored.
func (f *itemForm) Revert() { f.Load(f.original) }
