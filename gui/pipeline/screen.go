// Package pipeline is the Pipeline screen: opportunities (upsell, cross-sell,
// renewal, new business) with their probability and expected close, won into
// a quote or lost with a reason, and the sales targets with their attainment.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
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

var statusFilters = []struct {
	title  string
	status domain.OpportunityStatus
}{
	{"Open", domain.OpportunityOpen},
	{"Won", domain.OpportunityWon},
	{"Lost", domain.OpportunityLost},
	{"All opportunities", ""},
}

var kinds = []domain.OpportunityKind{domain.Upsell, domain.CrossSell, domain.Renewal, domain.NewBusiness}

// columnWeights: title, client, value, probability, expected close.
var columnWeights = []float32{3.6, 3.6, 3, 1.2, 3.2}

// Screen lists opportunities beside the form of the one selected, with the
// targets below.
type Screen struct {
	book  domain.Book
	win   fyne.Window
	today func() domain.Date

	status   *widget.Select
	summary  *widget.Label
	list     *widget.List
	empty    *widget.Label
	rows     []domain.Opportunity
	selected *domain.Opportunity

	title                   *widget.Label
	client                  *widgets.ClientPicker
	name, value, currency   *widget.Entry
	probability, close, stg *widget.Entry
	kind                    *widget.Select
	fields                  map[string]*widgets.Field
	save, won, lost         *widget.Button
	statusNote              *widget.Label

	targetPeriod, targetAmount *widget.Entry
	targetFields               map[string]*widgets.Field
	targets                    *fyne.Container
	targetRows                 []targetRow // the targets as listed

	root fyne.CanvasObject

	// OpenDocument opens the quote a won opportunity made.
	OpenDocument func(id int64)
}

// NewScreen builds the screen over the book.
func NewScreen(book domain.Book, win fyne.Window) *Screen {
	s := &Screen{book: book, win: win, today: domain.Today, fields: map[string]*widgets.Field{}, targetFields: map[string]*widgets.Field{}}
	var titles []string
	for _, f := range statusFilters {
		titles = append(titles, f.title)
	}
	s.status = widget.NewSelect(titles, func(string) { s.Refresh() })
	s.summary = widget.NewLabel("")
	s.summary.Importance = widget.LowImportance
	s.summary.Truncation = fyne.TextTruncateEllipsis
	s.list = widget.NewList(func() int { return len(s.rows) }, s.newRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) {
		if id < len(s.rows) {
			o := s.rows[id]
			s.load(&o)
		}
	}
	s.empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	s.empty.Importance = widget.LowImportance
	s.empty.Wrapping = fyne.TextWrapWord
	newBtn := widget.NewButtonWithIcon("New opportunity", theme.ContentAddIcon(), func() { s.list.UnselectAll(); s.load(nil) })
	export := widgets.NewExportButton(func() { widgets.SaveCSV(s.win, "opportunities", s.WriteCSV) })
	header := container.New(widgets.NewColumns(columnWeights...), head("Opportunity", fyne.TextAlignLeading),
		head("Client", fyne.TextAlignLeading), head("Value", fyne.TextAlignTrailing), head("Prob.", fyne.TextAlignTrailing),
		head("Expected close", fyne.TextAlignLeading))
	top := container.NewVBox(container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, s.status, container.NewHBox(export, newBtn)), s.summary)), header, widget.NewSeparator())
	left := container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, container.NewVBox(s.empty)))

	s.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.title.SizeName = theme.SizeNameSubHeadingText
	s.title.Truncation = fyne.TextTruncateEllipsis
	s.client = widgets.NewClientPicker(book.Clients())
	s.client.OnChanged = func(c *domain.Client) {
		if c != nil && s.currency.Text == "" {
			s.currency.SetText(c.Currency)
		}
	}
	s.name, s.value, s.currency = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	s.probability, s.close, s.stg = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	s.name.SetPlaceHolder("e.g. Second warehouse, Hamburg")
	s.close.SetPlaceHolder("YYYY-MM-DD")
	s.stg.SetPlaceHolder("e.g. Proposal sent")
	var kindTitles []string
	for _, k := range kinds {
		kindTitles = append(kindTitles, k.Title())
	}
	s.kind = widget.NewSelect(kindTitles, nil)
	field := func(key, label string, in fyne.CanvasObject) fyne.CanvasObject {
		f := widgets.NewField(label, in)
		s.fields[key] = f
		return f.Object()
	}
	two := func(a, b fyne.CanvasObject) fyne.CanvasObject { return container.NewGridWithColumns(2, a, b) }
	s.statusNote = widget.NewLabel("")
	s.statusNote.Wrapping = fyne.TextWrapWord
	s.statusNote.Hide()
	s.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() { s.Save() })
	s.save.Importance = widget.HighImportance
	s.won = widget.NewButtonWithIcon("Won…", theme.ConfirmIcon(), s.askWon)
	s.lost = widget.NewButtonWithIcon("Lost…", theme.CancelIcon(), s.askLost)
	form := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(s.lost, s.won, s.save), s.title),
		s.statusNote,
		field("client", "Client", s.client.Entry),
		field("title", "Title", s.name),
		two(field("kind", "Kind", s.kind), field("stage", "Stage", s.stg)),
		two(field("value", "Value", s.value), field("currency", "Currency", s.currency)),
		two(field("probability", "Probability (%)", s.probability), field("expectedClose", "Expected close", s.close)),
	)

	s.targetPeriod = widget.NewEntry()
	s.targetPeriod.SetPlaceHolder("2027-03 or 2027-Q1")
	s.targetAmount = widget.NewEntry()
	s.targetAmount.SetPlaceHolder("e.g. 60,000")
	tp := widgets.NewField("Period", s.targetPeriod)
	ta := widgets.NewField("Target, net of tax", s.targetAmount)
	s.targetFields["period"], s.targetFields["amount"] = tp, ta
	setBtn := widget.NewButtonWithIcon("Set target", theme.ConfirmIcon(), s.setTarget)
	s.targets = container.NewVBox()
	exportTargets := widgets.NewExportButton(func() { widgets.SaveCSV(s.win, "targets", s.WriteTargetsCSV) })
	targetBox := container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, exportTargets,
			widget.NewLabelWithStyle("Sales targets", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		container.NewGridWithColumns(3, tp.Object(), ta.Object(), container.NewVBox(widget.NewLabel(""), setBtn)),
		s.targets)
	right := container.NewVScroll(container.NewPadded(container.NewVBox(form, targetBox)))
	split := container.NewHSplit(left, right)
	split.Offset = 0.55
	s.root = split
	s.status.SetSelectedIndex(0)
	s.load(nil)
	return s
}

func head(text string, align fyne.TextAlign) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(text, align, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameCaptionText
	l.Importance = widget.LowImportance
	return l
}

// Object is the screen's layout.
func (s *Screen) Object() fyne.CanvasObject { return s.root }

// Rows is the list as shown.
func (s *Screen) Rows() []domain.Opportunity { return s.rows }

func (s *Screen) newRow() fyne.CanvasObject {
	cells := make([]fyne.CanvasObject, len(columnWeights))
	for i := range cells {
		align := fyne.TextAlignLeading
		if i == 2 || i == 3 {
			align = fyne.TextAlignTrailing
		}
		l := widget.NewLabelWithStyle("", align, fyne.TextStyle{})
		l.Truncation = fyne.TextTruncateEllipsis
		cells[i] = l
	}
	cells[0].(*widget.Label).TextStyle.Bold = true
	return container.New(widgets.NewColumns(columnWeights...), cells...)
}

func (s *Screen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(s.rows) {
		return
	}
	r := s.rows[id]
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(r.Title)
	cells[1].(*widget.Label).SetText(r.ClientName)
	cells[2].(*widget.Label).SetText(r.Value.String())
	cells[3].(*widget.Label).SetText(fmt.Sprintf("%d%%", r.Probability))
	when := r.ExpectedClose.String()
	if r.Status == domain.OpportunityOpen && r.ExpectedClose.Before(s.today()) {
		when += " · late"
	}
	cells[4].(*widget.Label).SetText(when)
}

// Refresh reads the opportunities and targets again.
func (s *Screen) Refresh() {
	if s.status == nil || s.list == nil || s.targets == nil {
		return
	}
	ctx := context.Background()
	f := domain.OpportunityFilter{Limit: 1000}
	if i := s.status.SelectedIndex(); i >= 0 {
		f.Status = statusFilters[i].status
	}
	rows, err := s.book.Opportunities().FindOpportunities(ctx, f)
	if err != nil {
		s.showErr(err)
		return
	}
	s.rows = rows
	s.list.UnselectAll()
	s.list.Refresh()
	if len(rows) == 0 {
		s.empty.SetText("No opportunities here. Record upsell, cross-sell, renewal and new-business chances with New opportunity.")
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
	co, _ := s.book.Company().Company(ctx)
	if p, err := s.book.Opportunities().WeightedPipeline(ctx, co.Currency); err == nil {
		s.summary.SetText(fmt.Sprintf("%d open in %s worth %s, weighted by probability %s.", p.Open, co.Currency,
			p.Value.Format(), p.WeightedMoney().Format()))
	}
	s.refreshTargets(co.Currency)
}

// targetRow is one target as listed, with what was invoiced against it.
type targetRow struct {
	target     domain.Target
	attainment domain.Attainment
}

func (s *Screen) refreshTargets(currency string) {
	ctx := context.Background()
	s.targets.RemoveAll()
	s.targetRows = nil
	ts, err := s.book.Targets().FindTargets(ctx, domain.TargetFilter{})
	if err != nil {
		s.showErr(err)
		return
	}
	if len(ts) == 0 {
		l := widget.NewLabel("No targets yet. Set one for a month (2027-03) or a quarter (2027-Q1); attainment counts issued invoices less credit notes, net of tax.")
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.LowImportance
		s.targets.Add(l)
		return
	}
	for _, t := range ts {
		a, err := s.book.Targets().Attainment(ctx, t.PeriodKind, t.PeriodStart, t.Amount.Currency, t.ClientID)
		if err != nil {
			continue
		}
		r := targetRow{target: t, attainment: a}
		s.targetRows = append(s.targetRows, r)
		l := widget.NewLabel(fmt.Sprintf("%s · %s: %s of %s (%s)", periodLabel(t), r.who(), a.Invoiced.Format(), t.Amount.String(), r.percent()))
		l.Truncation = fyne.TextTruncateEllipsis
		s.targets.Add(l)
	}
	s.targets.Refresh()
}

// who is whose target it is: a client's name, or the whole book.
func (r targetRow) who() string {
	if r.target.ClientName != "" {
		return r.target.ClientName
	}
	return "Whole book"
}

// percent is the attainment in percent to one decimal, "—" without a target.
func (r targetRow) percent() string {
	if r.attainment.Target == nil {
		return "—"
	}
	return r.attainment.Percent.StringFixed(1) + "%"
}

// WriteCSV writes the opportunities as listed, with the status filter applied.
func (s *Screen) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	day := s.today()
	row := func(o domain.Opportunity) []domain.TableCell {
		late := o.Status == domain.OpportunityOpen && o.ExpectedClose.Before(day)
		return []domain.TableCell{domain.RawCell(strconv.FormatInt(o.ID, 10)), domain.TextCell(o.Title), domain.TextCell(o.ClientName),
			domain.RawCell(string(o.Kind)), domain.TextCell(o.Stage), domain.NumberCell(o.Value.Fixed()), domain.RawCell(o.Value.Currency),
			domain.RawCell(strconv.Itoa(o.Probability)), domain.RawCell(o.ExpectedClose.String()), domain.RawCell(strconv.FormatBool(late)),
			domain.RawCell(string(o.Status)), domain.TextCell(o.LostReason), domain.RawCell(o.QuoteNumber)}
	}
	return widgets.WriteTable(s.book.Export(), w, f, []string{"id", "title", "client", "kind", "stage", "value", "currency",
		"probability", "expected_close", "late", "status", "lost_reason", "quote_number"}, widgets.Rows(s.rows, row, progress), progress)
}

// WriteTargetsCSV writes the sales targets as listed, with what was invoiced
// against each.
func (s *Screen) WriteTargetsCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	row := func(r targetRow) []domain.TableCell {
		pct := ""
		if r.attainment.Target != nil {
			pct = r.attainment.Percent.StringFixed(1)
		}
		return []domain.TableCell{domain.RawCell(periodLabel(r.target)), domain.TextCell(r.who()), domain.NumberCell(r.target.Amount.Fixed()),
			domain.NumberCell(r.attainment.Invoiced.Fixed()), domain.RawCell(r.target.Amount.Currency), domain.NumberCell(pct)}
	}
	return widgets.WriteTable(s.book.Export(), w, f, []string{"period", "client", "target", "invoiced", "currency", "attained_percent"},
		widgets.Rows(s.targetRows, row, progress), progress)
}

func periodLabel(t domain.Target) string {
	if t.PeriodKind == domain.PeriodQuarter {
		return fmt.Sprintf("%d-Q%d", t.PeriodStart.Year, (int(t.PeriodStart.Month)-1)/3+1)
	}
	return t.PeriodStart.String()[:7]
}

func (s *Screen) showErr(err error) { dialog.ShowError(errors.New(domain.ErrorMessage(err)), s.win) }

// load shows o in the form, or a new opportunity when o is nil.
func (s *Screen) load(o *domain.Opportunity) {
	co, _ := s.book.Company().Company(context.Background())
	if o == nil {
		o = &domain.Opportunity{Kind: domain.Upsell, Probability: 50, ExpectedClose: s.today().AddDays(30),
			Status: domain.OpportunityOpen, Value: money.Zero(co.Currency)}
	}
	s.selected = o
	for _, f := range s.fields {
		f.SetError("")
	}
	if o.ID == 0 {
		s.title.SetText("New opportunity")
	} else {
		s.title.SetText(o.Title)
	}
	var c *domain.Client
	if o.ClientID != 0 {
		c, _ = s.book.Clients().FindClientByID(context.Background(), o.ClientID)
	}
	s.client.SetClient(c)
	s.name.SetText(o.Title)
	for i, k := range kinds {
		if k == o.Kind {
			s.kind.SetSelectedIndex(i)
		}
	}
	s.stg.SetText(o.Stage)
	s.value.SetText("")
	if !o.Value.IsZero() {
		s.value.SetText(o.Value.Format())
	}
	s.currency.SetText(o.Value.Currency)
	s.probability.SetText(strconv.Itoa(o.Probability))
	s.close.SetText(o.ExpectedClose.String())
	open := o.Status == domain.OpportunityOpen
	for _, w := range []fyne.Disableable{s.client.Entry, s.name, s.kind, s.stg, s.value, s.currency, s.probability, s.close, s.save} {
		if open {
			w.Enable()
		} else {
			w.Disable()
		}
	}
	if open && o.ID != 0 {
		s.won.Show()
		s.lost.Show()
	} else {
		s.won.Hide()
		s.lost.Hide()
	}
	switch o.Status {
	case domain.OpportunityWon:
		note := "Won."
		if o.QuoteID != 0 {
			note = "Won; its quote is in Documents."
			if o.QuoteNumber != "" {
				note = "Won; quote " + o.QuoteNumber + "."
			}
		}
		s.statusNote.SetText(note)
		s.statusNote.Show()
	case domain.OpportunityLost:
		s.statusNote.SetText("Lost: " + o.LostReason)
		s.statusNote.Show()
	default:
		s.statusNote.Hide()
	}
}

// Save validates and stores the form's opportunity.
func (s *Screen) Save() bool {
	if s.selected == nil || s.selected.Status != domain.OpportunityOpen {
		return false
	}
	o := *s.selected
	problems := map[string]string{}
	if c := s.client.Client(); c != nil {
		o.ClientID, o.ClientName = c.ID, c.Name
	} else {
		o.ClientID = 0
	}
	o.Title, o.Stage = s.name.Text, s.stg.Text
	if i := s.kind.SelectedIndex(); i >= 0 {
		o.Kind = kinds[i]
	}
	cur := strings.ToUpper(strings.TrimSpace(s.currency.Text))
	o.Value = money.Zero(cur)
	if t := strings.TrimSpace(s.value.Text); t != "" {
		if _, err := money.LookupCurrency(cur); err == nil {
			m, err := money.Parse(t, cur)
			if err != nil {
				problems["value"] = err.Error()
			}
			o.Value = m
		}
	}
	p, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s.probability.Text), "%"))
	if err != nil {
		problems["probability"] = "enter a whole percent from 0 to 100"
	}
	o.Probability = p
	d, err := domain.ParseDate(strings.TrimSpace(s.close.Text))
	if err != nil {
		problems["expectedClose"] = "enter a date as YYYY-MM-DD"
	}
	o.ExpectedClose = d
	if len(problems) > 0 {
		s.showFields(problems)
		return false
	}
	ctx := context.Background()
	if o.ID == 0 {
		err = s.book.Opportunities().CreateOpportunity(ctx, &o)
	} else {
		err = s.book.Opportunities().UpdateOpportunity(ctx, &o)
	}
	if err != nil {
		if fe := domain.FieldErrors(err); len(fe) > 0 {
			s.showFields(fe)
		} else {
			s.showErr(err)
		}
		return false
	}
	s.Refresh()
	s.reopen(o.ID)
	return true
}

func (s *Screen) reopen(id int64) {
	o, err := s.book.Opportunities().FindOpportunityByID(context.Background(), id)
	if err == nil {
		s.load(o)
	}
}

func (s *Screen) showFields(m map[string]string) {
	for _, f := range s.fields {
		f.SetError("")
	}
	for k, msg := range m {
		msg = strings.TrimSuffix(msg, ".")
		if f := s.fields[k]; f != nil && msg != "" {
			f.SetError(strings.ToUpper(msg[:1]) + msg[1:] + ".")
		}
	}
}

func (s *Screen) askWon() {
	o := s.selected
	quote := widget.NewCheck("Make a draft quote for it now", nil)
	quote.SetChecked(o.QuoteID == 0)
	if o.QuoteID != 0 {
		quote.Disable()
	}
	dialog.ShowCustomConfirm("Won: "+o.Title, "Mark won", "Cancel", quote, func(ok bool) {
		if !ok {
			return
		}
		won, err := s.book.Opportunities().Win(context.Background(), o.ID, quote.Checked, s.today())
		if err != nil {
			s.showErr(err)
			return
		}
		s.Refresh()
		s.load(won)
		if quote.Checked && won.QuoteID != 0 && s.OpenDocument != nil {
			s.OpenDocument(won.QuoteID)
		}
	}, s.win)
}

func (s *Screen) askLost() {
	o := s.selected
	reason := widget.NewEntry()
	reason.SetPlaceHolder("e.g. chose a cheaper supplier")
	dialog.ShowCustomConfirm("Lost: "+o.Title, "Mark lost", "Cancel", container.NewVBox(widget.NewLabel("Why was it lost?"), reason), func(ok bool) {
		if !ok {
			return
		}
		if err := s.book.Opportunities().Lose(context.Background(), o.ID, reason.Text); err != nil {
			s.showErr(err)
			return
		}
		s.Refresh()
		s.reopen(o.ID)
	}, s.win)
}

// setTarget stores the target typed below the form for the whole book, in
// the company currency.
func (s *Screen) setTarget() {
	for _, f := range s.targetFields {
		f.SetError("")
	}
	kind, start, err := domain.ParsePeriod(strings.TrimSpace(s.targetPeriod.Text))
	if err != nil {
		s.targetFields["period"].SetError("Write a month as 2027-03 or a quarter as 2027-Q1.")
		return
	}
	co, _ := s.book.Company().Company(context.Background())
	amount, err := money.Parse(s.targetAmount.Text, co.Currency)
	if err != nil {
		s.targetFields["amount"].SetError(strings.TrimSuffix(err.Error(), ".") + ".")
		return
	}
	t := &domain.Target{PeriodKind: kind, PeriodStart: start, Amount: amount}
	if err := s.book.Targets().SetTarget(context.Background(), t); err != nil {
		if fe := domain.FieldErrors(err); fe["amount"] != "" {
			s.targetFields["amount"].SetError(fe["amount"])
			return
		}
		s.showErr(err)
		return
	}
	s.targetPeriod.SetText("")
	s.targetAmount.SetText("")
	s.refreshTargets(co.Currency)
}

// ConfirmLeave runs next; the form saves only when asked.
func (s *Screen) ConfirmLeave(next func()) { next() }

// Cancel reloads the selected opportunity, discarding typed changes.
func (s *Screen) Cancel() {
	if s.selected != nil {
		s.load(s.selected)
	}
}

// FocusSearch has nothing to search.
func (s *Screen) FocusSearch() {}

// New starts a new opportunity.
func (s *Screen) New() { s.list.UnselectAll(); s.load(nil) }
