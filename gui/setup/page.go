// Package setup is the first-run page of a new book: who issues the
// invoices, from where, in which home currency, with which usual tax and how
// invoices are numbered — asked once, before the first client.
package setup

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// Page is the setup form. Done runs after the setup is stored or skipped.
type Page struct {
	svc  domain.CompanyService
	win  fyne.Window
	root fyne.CanvasObject

	name, taxID, line1, line2, postal, city, country *widget.Entry
	currency                                         *widget.SelectEntry
	taxName, taxPercent, pattern                     *widget.Entry
	preview                                          *widget.Label
	save, skip                                       *widget.Button
	fields                                           widgets.Fields

	// Done runs on the UI goroutine once the setup is stored (saved true)
	// or skipped.
	Done func(saved bool)
	// Today dates the number preview; time.Now by default.
	Today func() domain.Date
}

// New makes the page for a book whose company is co.
func New(svc domain.CompanyService, co domain.Company, win fyne.Window) *Page {
	p := &Page{svc: svc, win: win, fields: widgets.Fields{},
		Today: domain.Today}
	entry := func(placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		e.OnSubmitted = func(string) { p.Save() }
		return e
	}
	p.name = entry("Your company's name as it goes on invoices")
	p.taxID = entry("Optional, e.g. DE123456789")
	p.line1 = entry("Street and number")
	p.line2 = entry("Building, floor (optional)")
	p.postal = entry("Postal code")
	p.city = entry("City")
	p.country = entry("Country")
	p.currency = widgets.NewCurrencyEntry()
	p.currency.SetPlaceHolder("e.g. EUR")
	p.taxName = entry("e.g. VAT")
	p.taxPercent = entry("e.g. 20")
	p.pattern = entry("e.g. INV-{YYYY}-{SEQ:5}")
	p.preview = widget.NewLabel("")
	p.preview.Importance = widget.LowImportance
	p.pattern.OnChanged = func(string) { p.showPreview() }

	field := p.fields.Add
	two := func(a, b fyne.CanvasObject) fyne.CanvasObject { return container.NewGridWithColumns(2, a, b) }
	heading := func(text string) fyne.CanvasObject {
		return container.NewVBox(widget.NewSeparator(), widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	title := widget.NewLabelWithStyle("Set up your book", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	intro := widget.NewLabel("What goes on every invoice you issue. It takes a minute, and you can change all of it later under Settings.")
	intro.Wrapping = fyne.TextWrapWord
	currencyHint := widget.NewLabel("New clients and items start in it, and Receivables and Reports show it.")
	currencyHint.Wrapping = fyne.TextWrapWord
	currencyHint.Importance = widget.LowImportance

	p.save = widget.NewButtonWithIcon("Save and continue", theme.ConfirmIcon(), func() { p.Save() })
	p.save.Importance = widget.HighImportance
	p.skip = widget.NewButton("Skip for now", func() { p.finish(false) })
	p.skip.Importance = widget.LowImportance

	form := container.NewVBox(
		title, intro,
		heading("Your company"),
		field("name", "Company name", p.name),
		two(field("address.line1", "Street", p.line1), field("address.line2", "Address line 2", p.line2)),
		two(field("address.postcode", "Postal code", p.postal), field("address.city", "City", p.city)),
		two(field("address.country", "Country", p.country), field("taxId", "Tax / VAT ID", p.taxID)),
		heading("Money"),
		field("currency", "Home currency", container.NewVBox(p.currency, currencyHint)),
		two(field("tax.name", "Usual tax", p.taxName), field("tax.percent", "Percent", p.taxPercent)),
		field("pattern", "Invoice numbers", container.NewVBox(p.pattern, p.preview)),
	)
	// The buttons stay in view below the scrolling form.
	buttons := container.NewHBox(p.skip, layout.NewSpacer(), p.save)
	width := fyne.NewSize(600, 0)
	center := func(o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewCenter(container.NewGridWrap(fyne.NewSize(width.Width, o.MinSize().Height), o))
	}
	p.root = container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), center(buttons)), nil, nil,
		container.NewVScroll(center(form)))
	p.Load(domain.NewSetup(co))
	return p
}

// Object is the page.
func (p *Page) Object() fyne.CanvasObject { return p.root }

// Load shows s.
func (p *Page) Load(s domain.Setup) {
	p.name.SetText(s.Name)
	p.taxID.SetText(s.TaxID)
	p.line1.SetText(s.Address.Line1)
	p.line2.SetText(s.Address.Line2)
	p.postal.SetText(s.Address.PostalCode)
	p.city.SetText(s.Address.City)
	p.country.SetText(s.Address.Country)
	p.currency.SetText(s.Currency)
	p.taxName.SetText(s.TaxName)
	p.taxPercent.SetText(s.TaxPercent)
	p.pattern.SetText(s.InvoicePattern)
	p.showPreview()
}

// Read is the setup as the fields say.
func (p *Page) Read() domain.Setup {
	return domain.Setup{Name: p.name.Text, TaxID: p.taxID.Text,
		Address: domain.Address{Line1: p.line1.Text, Line2: p.line2.Text, PostalCode: p.postal.Text,
			City: p.city.Text, Country: p.country.Text},
		Currency: widgets.CurrencyCode(p.currency.Text), TaxName: p.taxName.Text, TaxPercent: p.taxPercent.Text,
		InvoicePattern: p.pattern.Text}
}

// Save checks the setup, shows each problem at its field and, when there is
// none, stores it in the background and then runs Done.
func (p *Page) Save() {
	s := p.Read()
	if err := s.Validate(); err != nil {
		kit.ShowFieldErrors(p.fields, domain.FieldErrors(err))
		p.focusFirstError()
		return
	}
	kit.ShowFieldErrors(p.fields, nil)
	p.save.Disable()
	kit.Write(func(ctx context.Context) (struct{}, error) {
		return struct{}{}, p.svc.SetUp(ctx, &s)
	}, func(_ struct{}, err error) {
		p.save.Enable()
		if err != nil {
			if fe := domain.FieldErrors(err); len(fe) > 0 {
				kit.ShowFieldErrors(p.fields, fe)
				return
			}
			kit.ShowError(err, p.win)
			return
		}
		p.finish(true)
	})
}

// Errors are the messages shown at the fields, by key.
func (p *Page) Errors() map[string]string {
	out := map[string]string{}
	for k, f := range p.fields {
		if m := f.Error.Text; m != "" && f.Error.Visible() {
			out[k] = m
		}
	}
	return out
}

func (p *Page) focusFirstError() {
	for _, k := range []struct {
		key string
		in  fyne.Focusable
	}{{"name", p.name}, {"address.line1", p.line1}, {"address.postcode", p.postal}, {"address.city", p.city},
		{"address.country", p.country}, {"currency", p.currency}, {"tax.name", p.taxName},
		{"tax.percent", p.taxPercent}, {"pattern", p.pattern}} {
		if p.fields[k.key].Error.Visible() {
			p.win.Canvas().Focus(k.in)
			return
		}
	}
}

func (p *Page) showPreview() {
	ns := domain.NumberSeries{Pattern: p.pattern.Text, YearlyReset: true}
	if ns.Validate() != nil {
		p.preview.SetText("")
		return
	}
	d := p.Today()
	p.preview.SetText(fmt.Sprintf("Your first invoices: %s, %s, …", ns.Format(d, 1), ns.Format(d, 2)))
}

func (p *Page) finish(saved bool) {
	if p.Done != nil {
		p.Done(saved)
	}
}

// FocusFirst puts the cursor in the company name.
func (p *Page) FocusFirst() { p.win.Canvas().Focus(p.name) }
