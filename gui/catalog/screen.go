// Package catalog is the Catalog screen: the products and services the book
// sells and the tax rates it charges, each a list beside its form.
package catalog

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
)

// The screen's two sections, as the switch at the top of the list names them.
const (
	SectionItems = "Items"
	SectionRates = "Tax rates"
)

// Screen is the Catalog screen.
type Screen struct {
	book domain.Book
	svc  domain.CatalogService
	win  fyne.Window

	section            string
	itemsBtn, ratesBtn *widget.Button
	items              *itemsView
	rates              *ratesView
	load               *kit.Loader
	root               fyne.CanvasObject
}

// Tab builds the screen over base as one of the window's tabs: the one line
// the window's tab list has for it.
func Tab(base kit.Base) kit.Tab {
	s := NewScreen(base.Book, base.Win)
	return s.Tab()
}

// NewScreen builds the screen over the book's catalog.
func NewScreen(book domain.Book, win fyne.Window) *Screen {
	s := &Screen{book: book, svc: book.Catalog(), win: win}
	s.items = newItemsView(s.svc, win)
	s.rates = newRatesView(s.svc, win)
	s.items.export, s.rates.export = book.Export(), book.Export()
	s.rates.onSaved = s.Refresh

	s.itemsBtn = widget.NewButton(SectionItems, func() { s.ShowSection(SectionItems) })
	s.ratesBtn = widget.NewButton(SectionRates, func() { s.ShowSection(SectionRates) })
	switcher := container.NewHBox(s.itemsBtn, s.ratesBtn)

	s.load = kit.NewLoader()
	s.root = container.NewBorder(container.NewPadded(switcher), nil, nil, nil,
		container.NewStack(s.items.edits.Object(), s.rates.edits.Object(), s.load.Spinner()))
	s.ShowSection(SectionItems)
	s.Refresh()
	kit.Watch(book, s.changed) // ends with the book
	return s
}

// changed reads the lists again when a write, from this screen or any
// other, changed an item, a tax rate or the company's currency.
func (s *Screen) changed(cs domain.Changes) {
	if s.root.Visible() && cs.Touches("item", "tax_rate", "company") {
		s.Refresh()
	}
}

// Object is the screen's layout.
func (s *Screen) Object() fyne.CanvasObject { return s.root }

// Tab is the Catalog in the window's tab list.
func (s *Screen) Tab() kit.Tab {
	return kit.Tab{Title: "Catalog", Icon: theme.ListIcon(), Content: s.Object(), Refresh: s.Refresh,
		NewLabel: "New item", New: s.NewItem, Find: s.FocusSearch,
		Save: s.Save, Cancel: s.Cancel, ConfirmLeave: s.ConfirmLeave}
}

// Section is the section showing: SectionItems or SectionRates.
func (s *Screen) Section() string { return s.section }

// ShowSection switches between the items and the tax rates. Unsaved edits in
// the other section stay where they are; ConfirmLeave asks about them.
func (s *Screen) ShowSection(name string) {
	s.section = name
	onItems := name != SectionRates
	show(s.items.edits.Object(), onItems)
	show(s.rates.edits.Object(), !onItems)
	s.itemsBtn.Importance, s.ratesBtn.Importance = widget.LowImportance, widget.LowImportance
	if onItems {
		s.itemsBtn.Importance = widget.HighImportance
	} else {
		s.ratesBtn.Importance = widget.HighImportance
	}
	s.itemsBtn.Refresh()
	s.ratesBtn.Refresh()
}

func show(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// catalogRead is what the screen reads before its lists: the company's
// currency and every tax rate.
type catalogRead struct {
	currency string
	rates    []domain.TaxRate
}

// Refresh re-reads the tax rates, the default currency and the items list
// in the background. Edits in progress on either form are kept.
func (s *Screen) Refresh() {
	kit.Load(s.load, func(ctx context.Context) (catalogRead, error) {
		co, err := s.book.Company().Company(ctx)
		if err != nil {
			return catalogRead{}, err
		}
		rates, err := s.svc.FindTaxRates(ctx, true)
		return catalogRead{currency: co.Currency, rates: rates}, err
	}, func(r catalogRead, err error) {
		if err != nil {
			kit.ShowError(err, s.win)
			return
		}
		if f := s.items.form; r.currency != "" {
			f.defaultCurrency = r.currency
			// An untouched new item takes the (possibly changed) company currency.
			if !f.Dirty() && f.original != nil && f.original.ID == 0 {
				f.Load(nil)
			}
		}
		s.rates.show(r.rates)
		s.items.form.setRates(r.rates)
		s.items.refresh()
	})
}

// Save stores the form of the section showing; it reports whether it saved.
func (s *Screen) Save() bool {
	if s.section == SectionRates {
		return s.rates.edits.Save()
	}
	return s.items.edits.Save()
}

// Cancel drops the unsaved edits of the form showing (Esc).
func (s *Screen) Cancel() {
	if s.section == SectionRates {
		s.rates.edits.Cancel()
		return
	}
	s.items.edits.Cancel()
}

// ConfirmLeave runs next once neither form has unsaved edits, showing each
// form that has and asking first.
func (s *Screen) ConfirmLeave(next func()) {
	if s.items.form.Dirty() {
		s.ShowSection(SectionItems)
	}
	s.items.edits.ConfirmLeave(func() {
		if s.rates.form.Dirty() {
			s.ShowSection(SectionRates)
		}
		s.rates.edits.ConfirmLeave(next)
	})
}

// NewItem shows an empty item form, asking about unsaved edits first.
func (s *Screen) NewItem() {
	s.ShowSection(SectionItems)
	s.items.newItem()
}

// NewTaxRate shows an empty tax rate form, asking about unsaved edits first.
func (s *Screen) NewTaxRate() {
	s.ShowSection(SectionRates)
	s.rates.newRate()
}

// FocusSearch puts the cursor in the items search box.
func (s *Screen) FocusSearch() {
	s.ShowSection(SectionItems)
	s.win.Canvas().Focus(s.items.search)
}

// emptyText is a centred, wrapped message for an empty list.
func emptyText() *widget.Label {
	l := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	l.Wrapping = fyne.TextWrapWord
	return l
}
