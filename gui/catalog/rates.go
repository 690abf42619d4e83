package catalog

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

// rateWeights are the widths of the name, percent, compound and status columns.
var rateWeights = []float32{3, 1.2, 1.3, 1.3}

// ratesView is the list of tax rates beside the tax rate form.
type ratesView struct {
	svc    domain.CatalogService
	export domain.ExportService
	win    fyne.Window

	all []domain.TaxRate // every rate, archived ones last

	count       *widget.Label
	list        *widget.List
	empty       fyne.CanvasObject
	pane        fyne.CanvasObject
	form        *rateForm
	selected    widget.ListItemID
	reselecting bool

	onSaved func() // after a rate was stored and the list re-read
}

func newRatesView(svc domain.CatalogService, win fyne.Window) *ratesView {
	v := &ratesView{svc: svc, win: win, selected: -1}
	v.count = widget.NewLabel("")
	v.count.Importance = widget.LowImportance
	v.list = widget.NewList(
		func() int { return len(v.all) },
		func() fyne.CanvasObject {
			return container.New(widgets.NewColumns(rateWeights...), cellLabel(fyne.TextAlignLeading),
				cellLabel(fyne.TextAlignTrailing), cellLabel(fyne.TextAlignLeading), cellLabel(fyne.TextAlignLeading))
		},
		v.updateRow,
	)
	v.list.OnSelected = v.onSelected
	header := container.New(widgets.NewColumns(rateWeights...), headerLabel("Name", fyne.TextAlignLeading),
		headerLabel("Percent", fyne.TextAlignTrailing), headerLabel("Compound", fyne.TextAlignLeading),
		headerLabel("Status", fyne.TextAlignLeading))

	text := emptyText()
	text.SetText("No tax rates yet — add the taxes you charge, such as VAT 20%.")
	v.empty = container.NewVBox(layout.NewSpacer(), text,
		container.NewCenter(widget.NewButton("Add a tax rate", v.newRate)), layout.NewSpacer())
	v.empty.Hide()

	export := widgets.NewExportButton(func() { widgets.SaveCSV(v.win, "tax-rates", v.WriteCSV) })
	top := container.NewVBox(container.NewBorder(nil, nil, nil, export, v.count), header, widget.NewSeparator())
	v.pane = container.NewBorder(top, nil, nil, nil, container.NewStack(v.list, v.empty))

	v.form = newRateForm(svc, win)
	v.form.onSaved = func(*domain.TaxRate) {
		v.refresh()
		if v.onSaved != nil {
			v.onSaved()
		}
	}
	v.form.onNew = v.newRate
	return v
}

func (v *ratesView) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(v.all) {
		return
	}
	r := v.all[id]
	cells := o.(*fyne.Container).Objects
	imp := widget.MediumImportance
	status := "Active"
	if r.Archived {
		imp, status = widget.LowImportance, "Archived"
	}
	compound := "No"
	if r.Compound {
		compound = "Yes"
	}
	for i, s := range []string{r.Name, r.Percent.String() + "%", compound, status} {
		l := cells[i].(*widget.Label)
		l.Importance = imp
		l.SetText(s)
	}
}

// refresh re-reads every tax rate.
func (v *ratesView) refresh() {
	all, err := v.svc.FindTaxRates(context.Background(), true)
	if err != nil {
		showError(err, v.win)
		return
	}
	v.all = all
	v.reselecting = true
	v.list.UnselectAll()
	v.reselecting = false
	v.selected = -1
	v.list.Refresh()
	switch len(all) {
	case 0:
		v.count.SetText("") // the empty state says it
	case 1:
		v.count.SetText("1 tax rate")
	default:
		v.count.SetText(fmt.Sprintf("%d tax rates", len(all)))
	}
	show(v.empty, len(all) == 0)
	if id := v.form.original.ID; id != 0 {
		v.selectID(id) // keep the open rate highlighted
	}
}

func (v *ratesView) onSelected(id widget.ListItemID) {
	if v.reselecting || id == v.selected || id >= len(v.all) {
		return
	}
	r := v.all[id]
	open := func() {
		v.form.Load(&r)
		v.selectID(r.ID)
	}
	if !v.form.Dirty() {
		open()
		return
	}
	v.keepSelection()
	v.askToSave(func() {}, open)
}

func (v *ratesView) keepSelection() {
	v.reselecting = true
	if v.selected >= 0 {
		v.list.Select(v.selected)
	} else {
		v.list.UnselectAll()
	}
	v.reselecting = false
}

// askToSave runs next at once when the form has no unsaved edits, else
// calls reveal (to bring the form into view) and asks.
func (v *ratesView) askToSave(reveal, next func()) {
	if !v.form.Dirty() {
		next()
		return
	}
	reveal()
	widgets.AskSave(v.win, "Unsaved changes", fmt.Sprintf("Save changes to %s?", v.form.DisplayName()), v.form.Save, next)
}

func (v *ratesView) newRate() {
	v.askToSave(func() {}, func() {
		v.selected = -1
		v.keepSelection()
		v.form.Load(nil)
		v.win.Canvas().Focus(v.form.name)
	})
}

func (v *ratesView) selectID(id int64) {
	for i, r := range v.all {
		if r.ID == id {
			v.reselecting = true
			v.list.Select(i)
			v.list.ScrollTo(i)
			v.reselecting = false
			v.selected = i
			return
		}
	}
}

// rateForm edits one tax rate.
type rateForm struct {
	svc domain.CatalogService
	win fyne.Window

	original       *domain.TaxRate // as loaded; ID 0 for a new rate
	dirty, loading bool

	title                *widget.Label
	name, percent        *widget.Entry
	compound, archived   *widget.Check
	fields               map[string]*widgets.Field
	save, revert, newBtn *widget.Button
	root                 fyne.CanvasObject

	onSaved func(r *domain.TaxRate)
	onNew   func()
}

func newRateForm(svc domain.CatalogService, win fyne.Window) *rateForm {
	f := &rateForm{svc: svc, win: win, fields: map[string]*widgets.Field{}}
	entry := func(placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		e.OnChanged = func(string) { f.changed() }
		e.OnSubmitted = func(string) { f.Save() }
		return e
	}
	f.title = formTitle()
	f.name = entry("e.g. VAT")
	f.percent = entry("e.g. 20 or 7.5")
	f.compound = widget.NewCheck("Compound (charged on top of the line's other taxes)", func(bool) { f.changed() })
	f.archived = widget.NewCheck("Archived (no longer offered for new lines)", func(bool) { f.changed() })
	field := func(key, label string, input fyne.CanvasObject) fyne.CanvasObject {
		fl := widgets.NewField(label, input)
		f.fields[key] = fl
		return fl.Object()
	}
	f.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() { f.Save() })
	f.save.Importance = widget.HighImportance
	f.revert = widget.NewButtonWithIcon("Revert", theme.ContentUndoIcon(), f.Revert)
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
		widget.NewSeparator(),
		container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, note),
	)
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(f.newBtn, f.revert, f.save), f.title)
	f.root = container.NewBorder(container.NewVBox(container.NewPadded(bar), widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(container.NewPadded(body)))
	f.Load(nil)
	return f
}

// Object is the form's layout.
func (f *rateForm) Object() fyne.CanvasObject { return f.root }

// Dirty reports whether the form has edits that are not saved.
func (f *rateForm) Dirty() bool { return f.dirty }

// DisplayName is the rate's name as typed, for prompts.
func (f *rateForm) DisplayName() string {
	if n := strings.TrimSpace(f.name.Text); n != "" {
		return n
	}
	return "the new tax rate"
}

func (f *rateForm) changed() {
	if f.loading {
		return
	}
	f.dirty = true
	f.revert.Enable()
	f.save.Enable()
}

// Load shows a rate, or an empty new rate when r is nil, and clears every
// message.
func (f *rateForm) Load(r *domain.TaxRate) {
	if r == nil {
		r = &domain.TaxRate{}
	}
	f.loading = true
	defer func() { f.loading = false }()
	f.original = r
	f.percent.SetText("")
	if r.ID == 0 {
		f.title.SetText("New tax rate")
	} else {
		f.title.SetText(r.Label())
		f.percent.SetText(r.Percent.String())
	}
	f.name.SetText(r.Name)
	f.compound.SetChecked(r.Compound)
	f.archived.SetChecked(r.Archived)
	f.showErrors(nil)
	f.dirty = false
	f.save.Enable()
	if r.ID != 0 {
		f.save.Disable()
	}
	f.revert.Disable()
}

// parsePercent reads a percent typed by a person: "20", "7.5", "20 %".
func parsePercent(s string) (decimal.Decimal, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if t == "" {
		return decimal.Zero, fmt.Errorf("enter the percent, e.g. 20 or 7.5")
	}
	if strings.Trim(t, "0123456789.") != "" || strings.Count(t, ".") > 1 {
		return decimal.Zero, fmt.Errorf("%q is not a percent; write it like 20 or 7.5", strings.TrimSpace(s))
	}
	d, err := decimal.NewFromString(t)
	if err != nil {
		return decimal.Zero, fmt.Errorf("%q is not a percent; write it like 20 or 7.5", strings.TrimSpace(s))
	}
	return d, nil
}

func (f *rateForm) showErrors(errs map[string]string) {
	for key, fl := range f.fields {
		fl.SetError(sentence(errs[key]))
	}
}

// Save validates and stores the rate. It reports whether it was saved; if
// not, the messages are on the form and nothing was written.
func (f *rateForm) Save() bool {
	r := &domain.TaxRate{ID: f.original.ID, Name: f.name.Text, Compound: f.compound.Checked, Archived: f.archived.Checked}
	errs := map[string]string{}
	if p, err := parsePercent(f.percent.Text); err != nil {
		errs["percent"] = err.Error()
	} else {
		r.Percent = p
	}
	if err := r.Validate(); err != nil {
		for k, v := range domain.FieldErrors(err) {
			if _, seen := errs[k]; !seen {
				errs[k] = v
			}
		}
	}
	if len(errs) > 0 {
		f.showErrors(errs)
		return false
	}
	ctx := context.Background()
	var err error
	if r.ID == 0 {
		err = f.svc.CreateTaxRate(ctx, r)
	} else {
		err = f.svc.UpdateTaxRate(ctx, r)
	}
	if err != nil {
		if fe := domain.FieldErrors(err); fe != nil {
			f.showErrors(fe)
		} else {
			showError(err, f.win)
		}
		return false
	}
	f.Load(r)
	if f.onSaved != nil {
		f.onSaved(r)
	}
	return true
}

// Revert throws away the edits and shows the rate as stored.
func (f *rateForm) Revert() { f.Load(f.original) }

// WriteCSV writes every tax rate as listed, archived ones last.
func (v *ratesView) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	row := func(r domain.TaxRate) []domain.TableCell {
		return []domain.TableCell{domain.TextCell(r.Name), domain.NumberCell(r.Percent.String()), domain.RawCell(strconv.FormatBool(r.Compound)),
			domain.RawCell(strconv.FormatBool(r.Archived))}
	}
	return widgets.WriteTable(v.export, w, f, []string{"name", "percent", "compound", "archived"}, widgets.Rows(v.all, row, progress), progress)
}
