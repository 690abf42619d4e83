package account

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// The audiences a report is for, as offered.
const (
	forClient   = "The client"
	forInternal = "The internal team"
)

// The formats a report is saved in, as offered.
const (
	formatPDF = "PDF"
	formatCSV = "CSV"
)

// chooseSave asks where to save the report; a variable so tests can answer
// without a file dialog.
var chooseSave = widgets.ChooseSave

// reportForm asks what a client account report covers: the period, the
// currency, who it is for, the sections and the format.
type reportForm struct {
	p                  *Panel
	from, to           *widget.Entry
	currency           *widget.Select
	audience, format   *widget.RadioGroup
	sections           map[domain.AccountReportSection]*widget.Check
	fields             widgets.Fields
	content            *fyne.Container
	dialog             *dialog.CustomDialog
	save               *widget.Button
	saved              string // the path last written, for tests
	fromField, toField *widgets.Field
}

// AskReport opens the account report form for the client shown: the twelve
// months to today in the currency shown, for the client, every section
// but the timeline, as a PDF.
func (p *Panel) AskReport() {
	c := p.client
	if c == nil || c.ID == 0 {
		return
	}
	day := p.today()
	f := &reportForm{p: p, sections: map[domain.AccountReportSection]*widget.Check{}, fields: widgets.Fields{}}
	f.from, f.to = widget.NewEntry(), widget.NewEntry()
	for _, e := range []*widget.Entry{f.from, f.to} {
		e.SetPlaceHolder("YYYY-MM-DD")
	}
	f.from.SetText(day.AddMonths(-12).AddDays(1).String())
	f.to.SetText(day.String())
	f.currency = widget.NewSelect(p.currency.Options, nil)
	f.currency.SetSelected(p.currency.Selected)
	if f.currency.Selected == "" {
		f.currency.SetSelected(c.Currency)
	}
	var grid []fyne.CanvasObject
	for _, s := range domain.AccountReportSections {
		f.sections[s] = widget.NewCheck(s.Title(), nil)
		grid = append(grid, f.sections[s])
	}
	f.audience = widget.NewRadioGroup([]string{forClient, forInternal}, func(string) { f.audienceChanged() })
	f.audience.Horizontal = true
	f.audience.Required = true
	f.audience.SetSelected(forClient)
	for _, s := range domain.DefaultAccountReportSections(false) {
		f.sections[s].SetChecked(true)
	}
	f.format = widget.NewRadioGroup([]string{formatPDF, formatCSV}, nil)
	f.format.Horizontal = true
	f.format.Required = true
	f.format.SetSelected(formatPDF)

	field := func(key, label string, in fyne.CanvasObject) *widgets.Field {
		fl := widgets.NewField(label, in)
		f.fields[key] = fl
		return fl
	}
	f.fromField, f.toField = field("from", "From", f.from), field("to", "To", f.to)
	intro := widget.NewLabel(fmt.Sprintf("A report on %s's account to hand to the client or to your team. "+
		"The timeline holds your own notes, so it is only in a report for the internal team.", c.Name))
	intro.Wrapping = fyne.TextWrapWord
	f.content = container.NewVBox(intro,
		container.NewGridWithColumns(3, f.fromField.Object(), f.toField.Object(), field("currency", "Currency", f.currency).Object()),
		field("audience", "For", f.audience).Object(),
		field("sections", "Sections", container.NewGridWithColumns(4, grid...)).Object(),
		field("format", "Save as", f.format).Object(),
	)
	f.dialog = dialog.NewCustomWithoutButtons("Account report — "+c.Name, f.content, p.win)
	cancel := widget.NewButton("Cancel", func() { f.dialog.Hide() })
	f.save = widget.NewButtonWithIcon("Save…", theme.DocumentSaveIcon(), func() { f.submit() })
	f.save.Importance = widget.HighImportance
	f.dialog.SetButtons([]fyne.CanvasObject{cancel, f.save})
	f.dialog.Resize(fyne.NewSize(680, 420))
	p.form = f
	f.dialog.Show()
}

// audienceChanged allows the timeline only in a report for the internal
// team, and ticks it when the team is chosen.
func (f *reportForm) audienceChanged() {
	tl := f.sections[domain.SectionTimeline]
	if tl == nil {
		return
	}
	if f.audience.Selected == forInternal {
		tl.Enable()
		tl.SetChecked(true)
	} else {
		tl.SetChecked(false)
		tl.Disable()
	}
}

// options reads the form, pointing out at its field anything that does
// not read or make sense; ok is false then.
func (f *reportForm) options() (domain.AccountReportOptions, bool) {
	opt := domain.AccountReportOptions{ClientID: f.p.client.ID, Currency: f.currency.Selected,
		Internal: f.audience.Selected == forInternal}
	for _, s := range domain.AccountReportSections {
		if f.sections[s].Checked {
			opt.Sections = append(opt.Sections, s)
		}
	}
	problems := map[string]string{}
	dates := []*domain.Date{&opt.From, &opt.To}
	for i, e := range []*widget.Entry{f.from, f.to} {
		key := []string{"from", "to"}[i]
		if strings.TrimSpace(e.Text) == "" {
			continue // Validate says which day is missing
		}
		d, err := domain.ParseDate(e.Text)
		if err != nil {
			problems[key] = "Write it as YYYY-MM-DD."
		}
		*dates[i] = d
	}
	if len(problems) == 0 {
		for k, msg := range domain.FieldErrors(opt.Validate()) {
			problems[k] = widgets.Sentence(msg)
		}
	}
	for k, fl := range f.fields {
		fl.SetError(problems[k])
	}
	f.content.Refresh()
	return opt, len(problems) == 0
}

// submit reads the report's options; when they are good it reads the
// report off the UI goroutine (Save… off meanwhile), then closes the form
// and asks where to save the report. It reports whether the options were
// good.
func (f *reportForm) submit() bool {
	opt, ok := f.options()
	if !ok || f.save.Disabled() {
		return false
	}
	p := f.p
	book, render, format := p.book, p.renderer, f.format.Selected
	f.save.Disable()
	kit.Write(func(ctx context.Context) (domain.AccountReport, error) {
		return domain.ReadAccountReport(ctx, book, opt)
	}, func(r domain.AccountReport, err error) {
		f.save.Enable()
		if err != nil {
			kit.ShowError(err, p.win)
			return
		}
		f.dialog.Hide()
		ext := "." + strings.ToLower(format)
		name := widgets.SafeFileName(fmt.Sprintf("Account report %s %s to %s%s", r.Client.Name, r.From, r.To, ext))
		chooseSave(p.win, name, ext, func(path string) {
			kit.SaveTo(p.win, path, "Account report saved", func(ctx context.Context, path string) error {
				return writeReport(ctx, book, render, r, format, path)
			}, func() { f.saved = path })
		})
	})
	return true
}

// writeReport writes the report to path as a PDF with its charts drawn in,
// or as one CSV table.
func writeReport(ctx context.Context, book domain.Book, render domain.Renderer, r domain.AccountReport, format, path string) error {
	if format == formatCSV {
		return widgets.WriteFile(path, "write the account report", func(w io.Writer) error {
			return domain.WriteAccountReportCSV(w, book.Export(), r)
		})
	}
	if render == nil {
		return domain.ErrNoRenderer
	}
	return widgets.WriteFile(path, "write the account report", func(w io.Writer) error {
		return render.AccountReportPDF(ctx, w, book, r)
	})
}
