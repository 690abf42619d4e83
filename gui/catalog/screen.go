// Package catalog is the Catalog screen: the products and services the book
// sells and the tax rates it charges, each a list beside its form.
package catalog

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/domain/money"
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
	left, right        *fyne.Container
	root               fyne.CanvasObject
}

// NewScreen builds the screen over the book's catalog.
func NewScreen(book domain.Book, win fyne.Window) *Screen {
	s := &Screen{book: book, svc: book.Catalog(), win: win}
	s.items = newItemsView(s.svc, win)
	s.rates = newRatesView(s.svc, win)
	s.items.export, s.rates.export = book.Export(), book.Export()
	s.rates.onSaved = func() { s.items.form.setRates(s.rates.all) }

	s.itemsBtn = widget.NewButton(SectionItems, func() { s.ShowSection(SectionItems) })
	s.ratesBtn = widget.NewButton(SectionRates, func() { s.ShowSection(SectionRates) })
	switcher := container.NewPadded(container.NewGridWithColumns(2, s.itemsBtn, s.ratesBtn))

	s.left = container.NewStack(s.items.pane, s.rates.pane)
	s.right = container.NewStack(s.items.form.Object(), s.rates.form.Object())
	split := container.NewHSplit(container.NewBorder(switcher, nil, nil, nil, s.left), s.right)
	split.Offset = 0.48
	s.root = split
	s.ShowSection(SectionItems)
	s.Refresh()
	return s
}

// Object is the screen's layout.
func (s *Screen) Object() fyne.CanvasObject { return s.root }

// Section is the section showing: SectionItems or SectionRates.
func (s *Screen) Section() string { return s.section }

// ShowSection switches between the items and the tax rates. Unsaved edits in
// the other section stay where they are; ConfirmLeave asks about them.
func (s *Screen) ShowSection(name string) {
	s.section = name
	onItems := name != SectionRates
	show(s.items.pane, onItems)
	show(s.items.form.Object(), onItems)
	show(s.rates.pane, !onItems)
	show(s.rates.form.Object(), !onItems)
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

// Refresh re-reads the tax rates, the default currency and the items list.
// Edits in progress on either form are kept.
func (s *Screen) Refresh() {
	ctx := context.Background()
	if co, err := s.book.Company().Company(ctx); err == nil && co.Currency != "" {
		f := s.items.form
		f.defaultCurrency = co.Currency
		// An untouched new item takes the (possibly changed) company currency.
		if !f.Dirty() && f.original != nil && f.original.ID == 0 {
			f.Load(nil)
		}
	}
	s.rates.refresh()
	s.items.form.setRates(s.rates.all)
	s.items.refresh()
}

// Save stores the form of the section showing; it reports whether it saved.
func (s *Screen) Save() bool {
	if s.section == SectionRates {
		return s.rates.form.Save()
	}
	return s.items.form.Save()
}

// ConfirmLeave runs next once neither form has unsaved edits, showing each
// form that has and asking first.
func (s *Screen) ConfirmLeave(next func()) {
	s.askItems(func() { s.askRates(next) })
}

func (s *Screen) askItems(next func()) {
	s.items.askToSave(func() { s.ShowSection(SectionItems) }, next)
}

func (s *Screen) askRates(next func()) {
	s.rates.askToSave(func() { s.ShowSection(SectionRates) }, next)
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

// headerLabel is a column title above a list.
func headerLabel(text string, align fyne.TextAlign) *widget.Label {
	l := widget.NewLabelWithStyle(text, align, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameCaptionText
	l.Importance = widget.LowImportance
	return l
}

// cellLabel is one cell of a list row.
func cellLabel(align fyne.TextAlign) *widget.Label {
	l := widget.NewLabelWithStyle("", align, fyne.TextStyle{})
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// formTitle is the bold heading above a form.
func formTitle() *widget.Label {
	l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// emptyText is a centred, wrapped message for an empty list.
func emptyText() *widget.Label {
	l := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	l.Wrapping = fyne.TextWrapWord
	return l
}

// sentence capitalises a field message for display.
func sentence(s string) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// showError reports an error that belongs to no field.
func showError(err error, win fyne.Window) {
	dialog.ShowError(fmt.Errorf("%s", domain.ErrorMessage(err)), win)
}

func currencyOptions() []string {
	var out []string
	for _, c := range money.Currencies() {
		out = append(out, c.Code+" — "+c.Name)
	}
	return out
}

// currencyCode is the code at the start of a currency option or typed text.
func currencyCode(text string) string {
	code, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	return strings.ToUpper(code)
}

// later runs f after the current event has been handled; tests replace it.
var later = fyne.Do
