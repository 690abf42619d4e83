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
	edits           *kit.Edits

	code, name, unit, price, descr *widget.Entry
	unitCode                       *widget.Entry
	currency                       *widget.SelectEntry
	taxes                          *widget.CheckGroup
	noTaxes                        *widget.Label
	archived                       *widget.Check
	newBtn                         *widget.Button
	scroll                         *container.Scroll
	root                           fyne.CanvasObject

	onSaved func(it *domain.Item)
	onNew   func()
}

func newItemForm(svc domain.CatalogService, win fyne.Window) *itemForm {
	f := &itemForm{svc: svc, win: win, defaultCurrency: "USD"}
	f.edits = kit.NewEdits(func() { f.Save() }, func() { f.Revert() }, true)
	entry, field := f.edits.Entry, f.edits.Field
	f.code = entry("e.g. SUP-M")
	f.name = entry("e.g. Support, monthly")
	f.unit = entry("hour, month, pcs")
	f.unitCode = entry("e.g. HUR, DAY, C62 (from the unit when empty)")
	f.price = entry("0.00")
	f.descr = f.edits.MultiLine("Printed under the name on invoice lines (optional)", 3)
	f.currency = widgets.NewCurrencyEntry()
	f.currency.SetPlaceHolder("EUR")
	f.currency.OnChanged = func(string) { f.edits.Changed() }
	f.taxes = widget.NewCheckGroup(nil, func([]string) { f.edits.Changed() })
	f.noTaxes = widget.NewLabel("No tax rates yet. Add them under Tax rates to give items default taxes.")
	f.noTaxes.Importance = widget.LowImportance
	f.noTaxes.Wrapping = fyne.TextWrapWord
	f.archived = widget.NewCheck("Archived (no longer offered for new lines)", func(bool) { f.edits.Changed() })

	two := func(a, b fyne.CanvasObject) fyne.CanvasObject { return container.NewGridWithColumns(2, a, b) }
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
	f.root, f.scroll = f.edits.Frame(body, f.newBtn)
	f.Load(nil)
	return f
}

// Object is the form's layout.
func (f *itemForm) Object() fyne.CanvasObject { return f.root }

// Dirty reports whether the form has edits that are not saved.
func (f *itemForm) Dirty() bool { return f.edits.Dirty() }

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

// Load shows an item, or an empty new item when it is nil, and clears every
// message.
func (f *itemForm) Load(it *domain.Item) {
	if it == nil {
		it = &domain.Item{UnitPrice: money.Zero(f.defaultCurrency)}
	}
	f.edits.Load(it.ID == 0, func() { f.fill(it) })
	f.scroll.ScrollToTop()
}

func (f *itemForm) fill(it *domain.Item) {
	f.original = it
	if it.ID == 0 {
		f.edits.Title.SetText("New item")
	} else {
		f.edits.Title.SetText(it.Name)
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
}

// setRates replaces the tax rates the form offers, keeping the ticks.
func (f *itemForm) setRates(all []domain.TaxRate) {
	ticked := f.tickedRates()
	f.rates = all
	f.edits.Quietly(func() { f.showTaxes(ticked) })
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
		Show: f.edits.ShowErrors,
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
