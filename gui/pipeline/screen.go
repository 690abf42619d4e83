// Package pipeline is the Pipeline screen: opportunities (upsell, cross-sell,
// renewal, new business) with their probability and expected close, won into
// a quote or lost with a reason, and the sales targets with their attainment.
package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
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

var statusFilters = kit.Choices[domain.OpportunityStatus]{
	{Title: "Open", Value: domain.OpportunityOpen},
	{Title: "Won", Value: domain.OpportunityWon},
	{Title: "Lost", Value: domain.OpportunityLost},
	{Title: "All opportunities", Value: ""},
}

var kinds = []domain.OpportunityKind{domain.Upsell, domain.CrossSell, domain.Renewal, domain.NewBusiness}

// oppColumns are the opportunity list's columns, which are also those of
// its CSV export; late says whether an open opportunity's expected close has
// passed.
func oppColumns(late func(domain.Opportunity) bool) []kit.Column[domain.Opportunity] {
	type O = domain.Opportunity
	raw := func(text func(O) string) func(O) domain.TableCell {
		return func(o O) domain.TableCell { return domain.RawCell(text(o)) }
	}
	id := func(o O) string { return strconv.FormatInt(o.ID, 10) }
	closes := func(o O) string { return o.ExpectedClose.String() }
	return []kit.Column[O]{
		{Title: "#", Key: "id", Width: 48, Min: 36, Align: fyne.TextAlignTrailing, Sort: "id", Text: id, CSV: raw(id)},
		{Title: "Opportunity", Key: "title", Width: 190, Min: 80, Bold: true, Stretch: true, Sort: "title", Text: func(o O) string { return o.Title }},
		{Title: "Client", Key: "client", Width: 170, Min: 60, Sort: "client", Text: func(o O) string { return o.ClientName }},
		{Title: "Kind", Key: "kind", Width: 96, Sort: "kind", Text: func(o O) string { return o.Kind.Title() },
			CSV: func(o O) domain.TableCell { return domain.RawCell(string(o.Kind)) }},
		{Title: "Stage", Key: "stage", Width: 110, Sort: "stage", Text: func(o O) string { return o.Stage }},
		{Title: "Value", Key: "value", Width: 100, Align: fyne.TextAlignTrailing, Sort: "value", Text: func(o O) string { return o.Value.Format() },
			CSV: func(o O) domain.TableCell { return domain.NumberCell(o.Value.Fixed()) }},
		{Title: "Currency", Key: "currency", Width: 80, Min: 48, Sort: "currency", Text: func(o O) string { return o.Value.Currency },
			CSV: func(o O) domain.TableCell { return domain.RawCell(o.Value.Currency) }},
		{Title: "Prob.", Key: "probability", Width: 56, Min: 52, Align: fyne.TextAlignTrailing, Sort: "probability",
			Text: func(o O) string { return strconv.Itoa(o.Probability) + "%" },
			CSV:  func(o O) domain.TableCell { return domain.RawCell(strconv.Itoa(o.Probability)) }},
		{Title: "Expected close", Key: "expected_close", Width: 116, Min: 96, Sort: "expected_close", Text: closes, CSV: raw(closes),
			Importance: func(o O) widget.Importance {
				if late(o) {
					return widget.DangerImportance
				}
				return widget.MediumImportance
			}},
		{Title: "Late", Key: "late", Width: 48, Sort: "late",
			Text: func(o O) string {
				if late(o) {
					return "late"
				}
				return ""
			},
			CSV:        func(o O) domain.TableCell { return domain.RawCell(strconv.FormatBool(late(o))) },
			Importance: func(O) widget.Importance { return widget.DangerImportance }},
		{Title: "Status", Key: "status", Width: 64, Sort: "status", Text: func(o O) string { return o.Status.Title() },
			CSV: func(o O) domain.TableCell { return domain.RawCell(string(o.Status)) }},
		{Title: "Lost reason", Key: "lost_reason", Width: 130, Text: func(o O) string { return o.LostReason }},
		{Title: "Quote", Key: "quote_number", Width: 96, Sort: "quote", Text: func(o O) string { return o.QuoteNumber },
			CSV: func(o O) domain.TableCell { return domain.RawCell(o.QuoteNumber) }},
	}
}

// oppSorts orders the opportunities by a column.
func oppSorts(late func(domain.Opportunity) bool) kit.Sorts[domain.Opportunity] {
	type O = domain.Opportunity
	text := func(f func(O) string) func(a, b O) int {
		return func(a, b O) int { return strings.Compare(strings.ToLower(f(a)), strings.ToLower(f(b))) }
	}
	return kit.Sorts[O]{
		"id":             func(a, b O) int { return cmp.Compare(a.ID, b.ID) },
		"title":          text(func(o O) string { return o.Title }),
		"client":         text(func(o O) string { return o.ClientName }),
		"kind":           text(func(o O) string { return o.Kind.Title() }),
		"stage":          text(func(o O) string { return o.Stage }),
		"value":          func(a, b O) int { return a.Value.Amount.Cmp(b.Value.Amount) },
		"currency":       text(func(o O) string { return o.Value.Currency }),
		"probability":    func(a, b O) int { return cmp.Compare(a.Probability, b.Probability) },
		"expected_close": text(func(o O) string { return o.ExpectedClose.String() }),
		"late":           func(a, b O) int { return kit.CompareBool(late(a), late(b)) },
		"status":         text(func(o O) string { return o.Status.Title() }),
		"quote":          text(func(o O) string { return o.QuoteNumber }),
	}
}

// targetColumns are the target list's columns and its CSV's.
var targetColumns = []kit.Column[targetRow]{
	{Title: "Period", Key: "period", Width: 76, Sort: "period", Text: func(r targetRow) string { return periodLabel(r.target) },
		CSV: func(r targetRow) domain.TableCell { return domain.RawCell(periodLabel(r.target)) }},
	{Title: "Client", Key: "client", Width: 150, Min: 60, Stretch: true, Sort: "client", Text: targetRow.who},
	{Title: "Target", Key: "target", Width: 100, Align: fyne.TextAlignTrailing, Sort: "target",
		Text: func(r targetRow) string { return r.target.Amount.Format() },
		CSV:  func(r targetRow) domain.TableCell { return domain.NumberCell(r.target.Amount.Fixed()) }},
	{Title: "Invoiced, net", Key: "invoiced", Width: 100, Align: fyne.TextAlignTrailing, Sort: "invoiced",
		Text: func(r targetRow) string { return r.attainment.Invoiced.Format() },
		CSV:  func(r targetRow) domain.TableCell { return domain.NumberCell(r.attainment.Invoiced.Fixed()) }},
	{Title: "Currency", Key: "currency", Width: 80, Min: 48, Text: func(r targetRow) string { return r.target.Amount.Currency },
		CSV: func(r targetRow) domain.TableCell { return domain.RawCell(r.target.Amount.Currency) }},
	{Title: "Attained", Key: "attained_percent", Width: 76, Align: fyne.TextAlignTrailing, Sort: "percent", Text: targetRow.percent,
		CSV: func(r targetRow) domain.TableCell {
			if r.attainment.Target == nil {
				return domain.NumberCell("")
			}
			return domain.NumberCell(r.attainment.Percent.StringFixed(1))
		}},
}

var targetSorts = kit.Sorts[targetRow]{
	"period": func(a, b targetRow) int { return strings.Compare(periodLabel(a.target), periodLabel(b.target)) },
	"client": func(a, b targetRow) int { return strings.Compare(strings.ToLower(a.who()), strings.ToLower(b.who())) },
	"target": func(a, b targetRow) int { return a.target.Amount.Amount.Cmp(b.target.Amount.Amount) },
	"invoiced": func(a, b targetRow) int {
		return a.attainment.Invoiced.Amount.Cmp(b.attainment.Invoiced.Amount)
	},
	"percent": func(a, b targetRow) int { return a.attainment.Percent.Cmp(b.attainment.Percent) },
}

// Screen lists opportunities above the form of the one selected, with the
// targets beside the form.
type Screen struct {
	book  domain.Book
	win   fyne.Window
	today func() domain.Date

	status  *widget.Select
	filter  kit.Shared[domain.OpportunityStatus]
	summary *widget.Label
	sums    *kit.Loader
	opps    *kit.Table[domain.Opportunity]
	form    *form
	edits   *kit.ListForm[domain.Opportunity]

	targetPeriod, targetAmount *widget.Entry
	targetFields               widgets.Fields
	setBtn                     *widget.Button
	targets                    *kit.Table[targetRow]

	// Nav opens what other screens show; the window sets it.
	Nav kit.Nav
}

// Tab builds the screen over base as one of the window's tabs: the one line
// the window's tab list has for it.
func Tab(base kit.Base) kit.Tab {
	s := NewScreen(base.Book, base.Win)
	return kit.NavTab(base, s, &s.Nav)
}

// NewScreen builds the screen over the book.
func NewScreen(book domain.Book, win fyne.Window) *Screen {
	s := &Screen{book: book, win: win, today: domain.Today, targetFields: widgets.Fields{}, Nav: kit.Nowhere{}}
	s.status = widget.NewSelect(statusFilters.Titles(), func(string) { s.Refresh() })
	s.summary = widget.NewLabel("")
	s.summary.Importance = widget.LowImportance
	s.summary.Wrapping = fyne.TextWrapWord // one line a few currencies need
	s.sums = kit.NewLoader()
	late := func(o domain.Opportunity) bool {
		return o.Status == domain.OpportunityOpen && o.ExpectedClose.Before(s.today())
	}
	s.opps = kit.NewTable("opportunities", oppColumns(late), kit.InMemory(func(ctx context.Context) ([]domain.Opportunity, error) {
		return book.Opportunities().FindOpportunities(ctx, domain.OpportunityFilter{Status: s.filter.Get(), Limit: 1000})
	}, oppSorts(late)))
	s.opps.SetSort(kit.Sort{Key: "expected_close"})
	s.opps.Empty = "No opportunities here. Record upsell, cross-sell, renewal and new-business chances with New opportunity."
	newBtn := widget.NewButtonWithIcon("New opportunity", theme.ContentAddIcon(), s.New)
	export := widgets.NewExportButton(func() { s.opps.ExportCSV(s.win, book.Export(), "opportunities") })
	top := container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, s.status, container.NewHBox(export, newBtn)), s.summary))

	s.form = newForm(book, win)
	s.form.today = func() domain.Date { return s.today() }
	s.form.openDocument = func(id int64) { s.Nav.OpenDocument(id) }

	s.targetPeriod = widget.NewEntry()
	s.targetPeriod.SetPlaceHolder("2027-03 or 2027-Q1")
	s.targetAmount = widget.NewEntry()
	s.targetAmount.SetPlaceHolder("e.g. 60,000")
	tp := widgets.NewField("Period", s.targetPeriod)
	ta := widgets.NewField("Target, net of tax", s.targetAmount)
	s.targetFields["period"], s.targetFields["amount"] = tp, ta
	s.setBtn = widget.NewButtonWithIcon("Set target", theme.ConfirmIcon(), s.setTarget)
	s.targets = kit.NewTable("targets", targetColumns, kit.InMemory(s.readTargets, targetSorts))
	s.targets.SetSort(kit.Sort{Key: "period"})
	s.targets.Empty = "No targets yet. Set one for a month (2027-03) or a quarter (2027-Q1); attainment counts issued invoices less credit notes, net of tax."
	exportTargets := widgets.NewExportButton(func() { s.targets.ExportCSV(s.win, book.Export(), "targets") })
	targetBox := container.NewVBox(
		container.NewBorder(nil, nil, nil, exportTargets,
			widget.NewLabelWithStyle("Sales targets", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		container.NewGridWithColumns(3, tp.Object(), ta.Object(), container.NewVBox(widget.NewLabel(""), s.setBtn)))
	// The list takes the whole width (it has many columns), the form and
	// the targets share the half below.
	bottom := container.NewHSplit(s.form.Object(),
		container.NewBorder(container.NewPadded(targetBox), nil, nil, nil, container.NewPadded(s.targets.Object())))
	bottom.Offset = 0.5
	s.edits = kit.NewListForm("pipeline", win, s.opps, s.form, kit.Layout{Arrange: kit.Above, Offset: 0.45,
		List: container.NewBorder(top, nil, nil, nil, s.opps.Object()), Form: bottom})
	s.status.SetSelectedIndex(0)
	s.form.load(nil)
	kit.Watch(book, func(cs domain.Changes) {
		if cs.Touches("opportunity", "target", "document") {
			s.Refresh()
		}
	})
	return s
}

// Object is the screen's layout.
func (s *Screen) Object() fyne.CanvasObject { return s.edits.Object() }

// Tab is the Pipeline in the window's tab list.
func (s *Screen) Tab() kit.Tab {
	return s.edits.Tab(kit.Tab{Title: "Pipeline", Icon: theme.MediaFastForwardIcon(), Content: s.Object(),
		Refresh: s.Refresh, NewLabel: "New opportunity", New: s.New})
}

// Rows is the list as shown, in the order shown.
func (s *Screen) Rows() []domain.Opportunity { return s.opps.Rows() }

// Refresh reads the opportunities, what they are worth and the targets
// again, in the background; the open opportunity's row stays highlighted.
func (s *Screen) Refresh() {
	if s.status == nil || s.opps == nil || s.targets == nil {
		return
	}
	if i := s.status.SelectedIndex(); i >= 0 {
		s.filter.Set(statusFilters[i].Value)
	}
	s.edits.Reload(nil)
	s.targets.Reload()
	book := s.book
	kit.Load(s.sums, func(ctx context.Context) (string, error) {
		co, err := book.Company().Company(ctx)
		if err != nil {
			return "", err
		}
		open, err := book.Opportunities().FindOpportunities(ctx, domain.OpportunityFilter{Status: domain.OpportunityOpen})
		if err != nil {
			return "", err
		}
		return summary(co.Currency, open), nil
	}, func(text string, err error) {
		if err == nil {
			s.summary.SetText(text)
		}
	})
}

// summary says what the open opportunities are worth in each currency
// they are valued in, the home currency first — "4 open in EUR worth
// 32,500.00, weighted by probability 17,850.00." — never adding money of
// two currencies up.
func summary(home string, open []domain.Opportunity) string {
	curs := []string{home}
	for _, o := range open {
		if !slices.Contains(curs, o.Value.Currency) {
			curs = append(curs, o.Value.Currency)
		}
	}
	slices.Sort(curs[1:])
	if len(curs) == 1 {
		p := domain.PipelineOf(home, open)
		return fmt.Sprintf("%d open in %s worth %s, weighted by probability %s.", p.Open, home, p.Value.Format(), p.WeightedMoney().Format())
	}
	var parts []string
	for _, cur := range curs {
		if p := domain.PipelineOf(cur, open); p.Open > 0 {
			parts = append(parts, fmt.Sprintf("%d in %s worth %s (weighted %s)", p.Open, cur, p.Value.Format(), p.WeightedMoney().Format()))
		}
	}
	return fmt.Sprintf("%d open: %s.", len(open), strings.Join(parts, "; "))
}

// targetRow is one target as listed, with what was invoiced against it.
type targetRow struct {
	target     domain.Target
	attainment domain.Attainment
}

// readTargets reads the targets with what was invoiced against each.
func (s *Screen) readTargets(ctx context.Context) ([]targetRow, error) {
	ts, err := s.book.Targets().FindTargets(ctx, domain.TargetFilter{})
	if err != nil {
		return nil, err
	}
	var out []targetRow
	for _, t := range ts {
		a, err := s.book.Targets().Attainment(ctx, t.PeriodKind, t.PeriodStart, t.Amount.Currency, t.ClientID)
		if err != nil {
			return nil, err
		}
		out = append(out, targetRow{target: t, attainment: a})
	}
	return out, nil
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

// WriteCSV writes the opportunities as listed, with the status filter
// applied, in the order and with the columns shown.
func (s *Screen) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	return s.opps.WriteCSV(s.book.Export(), w, f, progress)
}

// WriteTargetsCSV writes the sales targets as listed, with what was
// invoiced against each.
func (s *Screen) WriteTargetsCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	return s.targets.WriteCSV(s.book.Export(), w, f, progress)
}

func periodLabel(t domain.Target) string {
	if t.PeriodKind == domain.PeriodQuarter {
		return fmt.Sprintf("%d-Q%d", t.PeriodStart.Year, (int(t.PeriodStart.Month)-1)/3+1)
	}
	return t.PeriodStart.String()[:7]
}

// setTarget stores the target typed below the form for the whole book, in
// the company currency, off the UI goroutine with Set target off meanwhile.
func (s *Screen) setTarget() {
	for _, f := range s.targetFields {
		f.SetError("")
	}
	kind, start, err := domain.ParsePeriod(strings.TrimSpace(s.targetPeriod.Text))
	if err != nil {
		s.targetFields["period"].SetError("Write a month as 2027-03 or a quarter as 2027-Q1.")
		return
	}
	book, typed := s.book, s.targetAmount.Text
	kit.Put(s.setBtn, func(ctx context.Context) error {
		co, err := book.Company().Company(ctx)
		if err != nil {
			return err
		}
		amount, err := money.Parse(typed, co.Currency)
		if err != nil {
			return &domain.Error{Code: domain.EINVALID, Err: err, Message: widgets.Sentence(err.Error()),
				Fields: map[string]string{"amount": err.Error()}}
		}
		return book.Targets().SetTarget(ctx, &domain.Target{PeriodKind: kind, PeriodStart: start, Amount: amount})
	}, func() {
		s.targetPeriod.SetText("")
		s.targetAmount.SetText("")
		s.targets.Reload()
	}, func(err error) { kit.ShowRefusal(s.targetFields, err, s.win) }, nil)
}

// Edits is the list and form: its Save, Cancel (Esc) and ConfirmLeave are
// the tab's.
func (s *Screen) Edits() *kit.ListForm[domain.Opportunity] { return s.edits }

// FocusSearch has nothing to search.
func (s *Screen) FocusSearch() {}

// New starts a new opportunity, asking first about unsaved edits.
func (s *Screen) New() { s.edits.Switch(func() { s.form.load(nil) }) }
