package catalog

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// rateColumns are the tax rates' columns, their CSV's too. Archived rates
// are greyed.
func rateColumns() []kit.Column[domain.TaxRate] {
	dim := func(r domain.TaxRate) widget.Importance {
		if r.Archived {
			return widget.LowImportance
		}
		return widget.MediumImportance
	}
	return []kit.Column[domain.TaxRate]{
		{Title: "Name", Key: "name", Width: 200, Stretch: true, Sort: "name", Importance: dim,
			Text: func(r domain.TaxRate) string { return r.Name }},
		{Title: "Percent", Key: "percent", Width: 80, Align: fyne.TextAlignTrailing, Sort: "percent", Importance: dim,
			Text: func(r domain.TaxRate) string { return r.Percent.String() + "%" },
			CSV:  func(r domain.TaxRate) domain.TableCell { return domain.NumberCell(r.Percent.String()) }},
		{Title: "Compound", Key: "compound", Width: 90, Sort: "compound", Importance: dim,
			Text: func(r domain.TaxRate) string { return map[bool]string{true: "Yes", false: "No"}[r.Compound] },
			CSV:  func(r domain.TaxRate) domain.TableCell { return domain.RawCell(strconv.FormatBool(r.Compound)) }},
		{Title: "VAT category", Key: "vat_category", Width: 150, Sort: "vat", Importance: dim,
			Text: func(r domain.TaxRate) string { return r.VAT.Category.Label() },
			CSV:  func(r domain.TaxRate) domain.TableCell { return domain.RawCell(string(r.VAT.Category)) }},
		{Title: "Status", Key: "archived", Width: 90, Sort: "archived", Importance: dim,
			Text: func(r domain.TaxRate) string { return map[bool]string{true: "Archived", false: "Active"}[r.Archived] },
			CSV:  func(r domain.TaxRate) domain.TableCell { return domain.RawCell(strconv.FormatBool(r.Archived)) }},
	}
}

// rateSorts order the tax rates by a header; unsorted, archived ones come last.
var rateSorts = kit.Sorts[domain.TaxRate]{
	"name": func(a, b domain.TaxRate) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	},
	"percent":  func(a, b domain.TaxRate) int { return a.Percent.Cmp(b.Percent) },
	"compound": func(a, b domain.TaxRate) int { return kit.CompareBool(a.Compound, b.Compound) },
	"archived": func(a, b domain.TaxRate) int { return kit.CompareBool(a.Archived, b.Archived) },
	"vat":      func(a, b domain.TaxRate) int { return strings.Compare(string(a.VAT.Category), string(b.VAT.Category)) },
}

// ratesView is the list of tax rates beside the tax rate form.
type ratesView struct {
	svc    domain.CatalogService
	export domain.ExportService
	win    fyne.Window

	all    []domain.TaxRate             // every rate, archived ones last
	shared kit.Shared[[]domain.TaxRate] // all, for the table's source

	count *widget.Label
	table *kit.Table[domain.TaxRate]
	empty fyne.CanvasObject
	form  *rateForm
	edits *kit.ListForm[domain.TaxRate]

	onSaved func() // after a rate was stored
}

func newRatesView(svc domain.CatalogService, win fyne.Window) *ratesView {
	v := &ratesView{svc: svc, win: win}
	v.count = widget.NewLabel("")
	v.count.Importance = widget.LowImportance
	// A book charges a handful of taxes: the list is read whole.
	v.table = kit.NewTable("catalog.rates", rateColumns(), kit.InMemory(func(context.Context) ([]domain.TaxRate, error) {
		return slices.Clone(v.shared.Get()), nil
	}, rateSorts))

	text := emptyText()
	text.SetText("No tax rates yet — add the taxes you charge, such as VAT 20%.")
	v.empty = container.NewVBox(layout.NewSpacer(), text,
		container.NewCenter(widget.NewButton("Add a tax rate", v.newRate)), layout.NewSpacer())
	v.empty.Hide()

	export := widgets.NewExportButton(func() { v.table.ExportCSV(v.win, v.export, "tax-rates") })
	top := container.NewBorder(nil, nil, nil, export, v.count)
	pane := container.NewBorder(top, nil, nil, nil, container.NewStack(v.table.Object(), v.empty))

	v.form = newRateForm(svc, win)
	v.edits = kit.NewListForm("catalog.rates", win, v.table, v.form, kit.Layout{Offset: 0.48, List: pane})
	v.form.onSaved = func(*domain.TaxRate) {
		if v.onSaved != nil {
			v.onSaved()
		}
	}
	v.form.onNew = v.newRate
	return v
}

// show lists the rates read, keeping the open rate highlighted.
func (v *ratesView) show(all []domain.TaxRate) {
	v.all = all
	v.shared.Set(all)
	v.edits.Reload(func(n int) {
		switch n {
		case 0:
			v.count.SetText("") // the empty state says it
		case 1:
			v.count.SetText("1 tax rate")
		default:
			v.count.SetText(fmt.Sprintf("%d tax rates", n))
		}
		show(v.empty, n == 0)
	})
}

// newRate shows an empty tax rate form, asking about unsaved edits first.
func (v *ratesView) newRate() {
	v.edits.Switch(func() {
		v.form.Load(nil)
		v.win.Canvas().Focus(v.form.name)
	})
}

// rateForm edits one tax rate.
type rateForm struct {
	svc domain.CatalogService
	win fyne.Window

	original *domain.TaxRate // as loaded; ID 0 for a new rate

	edits              *kit.Edits
	name, percent      *widget.Entry
	category           *widget.Select
	reason, code       *widget.Entry
	compound, archived *widget.Check
	newBtn             *widget.Button
	root               fyne.CanvasObject

	onSaved func(r *domain.TaxRate)
	onNew   func()
}

func newRateForm(svc domain.CatalogService, win fyne.Window) *rateForm {
	f := &rateForm{svc: svc, win: win}
	f.edits = kit.NewEdits(func() { f.Save() }, func() { f.Revert() }, true)
	entry, field := f.edits.Entry, f.edits.Field
	f.name = entry("e.g. VAT")
	f.percent = entry("e.g. 20 or 7.5")
	f.compound = widget.NewCheck("Compound (charged on top of the line's other taxes)", func(bool) { f.edits.Changed() })
	f.archived = widget.NewCheck("Archived (no longer offered for new lines)", func(bool) { f.edits.Changed() })
	categories := []string{domain.VATCategory("").Label()}
	for _, c := range domain.VATCategories {
		categories = append(categories, c.Label())
	}
	f.category = widget.NewSelect(categories, func(string) { f.edits.Changed() })
	f.reason = entry("e.g. Exempt under Art. 132(1)(i) VAT Directive")
	f.code = entry("e.g. VATEX-EU-132-1I")
	f.newBtn = widget.NewButtonWithIcon("New tax rate", theme.ContentAddIcon(), func() {
		if f.onNew != nil {
			f.onNew()
		}
	})
	note := widget.NewLabel("Changing a rate never changes documents already written: each invoice, quote " +
		"and credit note keeps a copy of the taxes it was written with. The change applies to new lines only.")
	note.Wrapping = fyne.TextWrapWord
	percentSign := widget.NewLabel("%")

	body := container.NewVBox(
		container.NewGridWithColumns(2, field("name", "Name", f.name),
			field("percent", "Percent", container.NewBorder(nil, nil, nil, percentSign, f.percent))),
		f.compound,
		f.archived,
		field("vatCategory", "VAT category (for e-invoices)", f.category),
		container.NewGridWithColumns(2, field("exemptionReason", "Exemption reason", f.reason),
			field("exemptionCode", "Exemption code (VATEX)", f.code)),
		widget.NewSeparator(),
		container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, note),
	)
	f.root, _ = f.edits.Frame(body, f.newBtn)
	f.Load(nil)
	return f
}

// Object is the form's layout.
func (f *rateForm) Object() fyne.CanvasObject { return f.root }

// Dirty reports whether the form has edits that are not saved.
func (f *rateForm) Dirty() bool { return f.edits.Dirty() }

// Open shows r, dropping what was typed.
func (f *rateForm) Open(r domain.TaxRate) { f.Load(&r) }

// Shows reports whether the form shows r.
func (f *rateForm) Shows(r domain.TaxRate) bool {
	return f.original != nil && f.original.ID != 0 && f.original.ID == r.ID
}

// Describe is the rate's name as typed, for the save-changes question.
func (f *rateForm) Describe() string {
	if n := strings.TrimSpace(f.name.Text); n != "" {
		return n
	}
	return "the new tax rate"
}

// Load shows a rate, or an empty new rate when r is nil, and clears every
// message.
func (f *rateForm) Load(r *domain.TaxRate) {
	if r == nil {
		r = &domain.TaxRate{}
	}
	f.edits.Load(r.ID == 0, func() { f.fill(r) })
}

func (f *rateForm) fill(r *domain.TaxRate) {
	f.original = r
	f.percent.SetText("")
	if r.ID == 0 {
		f.edits.Title.SetText("New tax rate")
	} else {
		f.edits.Title.SetText(r.Label())
		f.percent.SetText(r.Percent.String())
	}
	f.name.SetText(r.Name)
	f.compound.SetChecked(r.Compound)
	f.archived.SetChecked(r.Archived)
	f.category.SetSelected(r.VAT.Category.Label())
	f.reason.SetText(r.VAT.ExemptionReason)
	f.code.SetText(r.VAT.ExemptionCode)
}

// Save validates and stores the rate (Ctrl/Cmd+S, the Save button): see
// kit.SaveNow.
func (f *rateForm) Save() bool { return kit.SaveNow(f.SaveThen) }

// SaveThen validates the rate and stores it off the UI goroutine, then runs
// done (nil for nothing) with whether it was stored. It reports whether it
// passed the checks; if not, the messages are on the form and nothing was
// written.
func (f *rateForm) SaveThen(done func(ok bool)) bool {
	return kit.Save(f.edits, f.win, kit.Record[*domain.TaxRate]{
		Read:     f.read,
		Validate: (*domain.TaxRate).Validate,
		New:      func(r *domain.TaxRate) bool { return r.ID == 0 },
		Create:   f.svc.CreateTaxRate,
		Update:   f.svc.UpdateTaxRate,
		Show:     f.edits.ShowErrors,
		Load:     f.Load,
		Adopt:    func(r *domain.TaxRate) { f.original = r },
		Saved:    f.onSaved,
	}, done)
}

// read builds a rate from the inputs; a percentage that does not parse
// comes back as a field message.
func (f *rateForm) read() (*domain.TaxRate, map[string]string) {
	r := &domain.TaxRate{ID: f.original.ID, Name: f.name.Text, Compound: f.compound.Checked, Archived: f.archived.Checked}
	r.VAT.Category, _ = domain.ParseVATCategory(f.category.Selected)
	r.VAT.ExemptionReason, r.VAT.ExemptionCode = f.reason.Text, f.code.Text
	errs := map[string]string{}
	if p, err := money.ParsePercent(f.percent.Text); err != nil {
		errs["percent"] = err.Error()
	} else {
		r.Percent = p
	}
	return r, errs
}

// Revert throws away the edits and shows the rate as stored.
func (f *rateForm) Revert() { f.Load(f.original) }
