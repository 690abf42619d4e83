// Package contracts is the Contracts screen: recurring agreements with their
// billing cycle and lines, the run that invoices every period due, and the
// renewals that need a decision.
package contracts

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

var statusFilters = kit.Choices[domain.ContractStatus]{
	{Title: "Active", Value: domain.ContractActive},
	{Title: "Ended", Value: domain.ContractEnded},
	{Title: "Lapsed", Value: domain.ContractLapsed},
	{Title: "All contracts", Value: ""},
}

// columns are the contract list's columns, which are also those of its CSV
// export; due says whether a contract's renewal needs a decision.
func columns(due func(*domain.Contract) bool) []kit.Column[domain.Contract] {
	type C = domain.Contract
	raw := func(text func(C) string) func(C) domain.TableCell {
		return func(c C) domain.TableCell { return domain.RawCell(text(c)) }
	}
	id := func(c C) string { return strconv.FormatInt(c.ID, 10) }
	day := func(c C) string { return strconv.Itoa(c.BillingDay) }
	starts := func(c C) string { return c.Start.String() }
	return []kit.Column[C]{
		{Title: "#", Key: "id", Width: 48, Min: 36, Align: fyne.TextAlignTrailing, Sort: "id", Text: id, CSV: raw(id)},
		{Title: "Contract", Key: "title", Width: 160, Min: 80, Bold: true, Stretch: true, Sort: "title", Text: func(c C) string { return c.Title }},
		{Title: "Client", Key: "client", Width: 180, Min: 60, Sort: "client", Text: func(c C) string { return c.ClientName }},
		{Title: "Cycle", Key: "cycle", Width: 100, Sort: "cycle", Text: func(c C) string { return c.Cycle.Title() },
			CSV: func(c C) domain.TableCell { return domain.RawCell(string(c.Cycle)) }},
		{Title: "Timing", Key: "timing", Width: 104, Sort: "timing", Text: func(c C) string { return c.Timing.Title() },
			CSV: func(c C) domain.TableCell { return domain.RawCell(string(c.Timing)) }},
		{Title: "Day", Key: "billing_day", Width: 44, Min: 40, Align: fyne.TextAlignTrailing, Sort: "billing_day", Text: day, CSV: raw(day)},
		{Title: "Value", Key: "value", Width: 100, Align: fyne.TextAlignTrailing, Sort: "value",
			Text: func(c C) string { return value(c).Format() },
			CSV:  func(c C) domain.TableCell { return domain.NumberCell(value(c).Fixed()) }},
		{Title: "Currency", Key: "currency", Width: 72, Sort: "currency", Text: func(c C) string { return c.Currency },
			CSV: func(c C) domain.TableCell { return domain.RawCell(c.Currency) }},
		{Title: "Starts", Key: "start_date", Width: 96, Min: 92, Sort: "start", Text: starts, CSV: raw(starts)},
		{Title: "Ends", Key: "end_date", Width: 96, Min: 92, Sort: "end",
			Text: func(c C) string {
				if c.End.IsZero() {
					return "open-ended"
				}
				return c.End.String()
			},
			CSV: func(c C) domain.TableCell { return domain.RawCell(c.End.String()) }},
		{Title: "Status", Key: "status", Width: 68, Sort: "status", Text: func(c C) string { return c.Status.Title() },
			CSV: func(c C) domain.TableCell { return domain.RawCell(string(c.Status)) }},
		{Title: "Renew?", Key: "renewal_due", Width: 64, Sort: "renewal_due",
			Text: func(c C) string {
				if due(&c) {
					return "renew?"
				}
				return ""
			},
			CSV:        func(c C) domain.TableCell { return domain.RawCell(strconv.FormatBool(due(&c))) },
			Importance: func(C) widget.Importance { return widget.WarningImportance }},
	}
}

// value is what a contract is worth, in its currency.
func value(c domain.Contract) money.Money {
	return money.Money{Amount: c.Value.Amount, Currency: c.Currency}
}

// sorts orders the contracts by a column; the list is bounded, so it sorts
// in memory.
func sorts(due func(*domain.Contract) bool) kit.Sorts[domain.Contract] {
	type C = domain.Contract
	text := func(f func(C) string) func(a, b C) int {
		return func(a, b C) int { return strings.Compare(strings.ToLower(f(a)), strings.ToLower(f(b))) }
	}
	return kit.Sorts[C]{
		"id":          func(a, b C) int { return cmp.Compare(a.ID, b.ID) },
		"title":       text(func(c C) string { return c.Title }),
		"client":      text(func(c C) string { return c.ClientName }),
		"cycle":       text(func(c C) string { return c.Cycle.Title() }),
		"timing":      text(func(c C) string { return c.Timing.Title() }),
		"billing_day": func(a, b C) int { return cmp.Compare(a.BillingDay, b.BillingDay) },
		"value":       func(a, b C) int { return a.Value.Amount.Cmp(b.Value.Amount) },
		"currency":    text(func(c C) string { return c.Currency }),
		"start":       text(func(c C) string { return c.Start.String() }),
		// Open-ended contracts end last.
		"end": text(func(c C) string {
			if c.End.IsZero() {
				return "9999"
			}
			return c.End.String()
		}),
		"status":      text(func(c C) string { return c.Status.Title() }),
		"renewal_due": func(a, b C) int { return cmp.Compare(boolInt(due(&a)), boolInt(due(&b))) },
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Screen lists contracts beside the form of the one selected.
type Screen struct {
	book  domain.Book
	win   fyne.Window
	today func() domain.Date

	status    *widget.Select
	filter    kit.Shared[domain.ContractStatus]
	due       kit.Shared[int] // how many of those read need a renewal decision
	count     *widget.Label
	contracts *kit.Table[domain.Contract]
	form      *Form
	edits     *kit.ListForm[domain.Contract]

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
	s := &Screen{book: book, win: win, today: domain.Today, Nav: kit.Nowhere{}}
	s.status = widget.NewSelect(statusFilters.Titles(), func(string) { s.Refresh() })
	s.count = widget.NewLabel("")
	s.count.Importance = widget.LowImportance
	due := func(c *domain.Contract) bool { return domain.RenewalDue(c, s.today()) }
	s.contracts = kit.NewTable("contracts", columns(due), kit.InMemory(func(ctx context.Context) ([]domain.Contract, error) {
		rows, err := book.Contracts().FindContracts(ctx, domain.ContractFilter{Status: s.filter.Get()})
		n := 0
		for i := range rows {
			if due(&rows[i]) {
				n++
			}
		}
		s.due.Set(n)
		return rows, err
	}, sorts(due)))
	s.contracts.Empty = "No contracts here. A contract bills the same lines every month, quarter or year; start one with New contract."
	run := widget.NewButtonWithIcon("Generate due invoices", theme.MailSendIcon(), s.GenerateDue)
	run.Importance = widget.HighImportance
	newBtn := widget.NewButtonWithIcon("New contract", theme.ContentAddIcon(), s.New)
	export := widgets.NewExportButton(func() { s.contracts.ExportCSV(s.win, book.Export(), "contracts") })
	top := container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, s.status, container.NewHBox(export, newBtn, run)),
		s.count))
	s.form = NewForm(book, win)
	s.form.today = func() domain.Date { return s.today() }
	// The list takes the whole width (it has many columns), the form the
	// part below.
	s.edits = kit.NewListForm("contracts", win, s.contracts, s.form, kit.Layout{Arrange: kit.Above, Offset: 0.42,
		List: container.NewBorder(top, nil, nil, nil, s.contracts.Object())})
	s.form.Load(nil)
	s.contracts.SetSort(kit.Sort{Key: "client"})
	s.status.SetSelectedIndex(0)
	kit.Watch(book, func(cs domain.Changes) {
		if cs.Touches("contract", "document") {
			s.Refresh()
		}
	})
	return s
}

// Object is the screen's layout.
func (s *Screen) Object() fyne.CanvasObject { return s.edits.Object() }

// Tab is Contracts in the window's tab list.
func (s *Screen) Tab() kit.Tab {
	return s.edits.Tab(kit.Tab{Title: "Contracts", Icon: theme.DocumentIcon(), Content: s.Object(),
		Refresh: s.Refresh, NewLabel: "New contract", New: s.New})
}

// Form is the contract form.
func (s *Screen) Form() *Form { return s.form }

// Rows is the list as shown, in the order shown.
func (s *Screen) Rows() []domain.Contract { return s.contracts.Rows() }

// WriteCSV writes the list as shown, with the status filter applied, in the
// order and with the columns shown.
func (s *Screen) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	return s.contracts.WriteCSV(s.book.Export(), w, f, progress)
}

// CycleText says how a contract bills: "Monthly, in advance, on the 1st".
func CycleText(c *domain.Contract) string {
	return fmt.Sprintf("%s, %s, on the %s", c.Cycle.Title(), strings.ToLower(c.Timing.Title()), ordinal(c.BillingDay))
}

func ordinal(n int) string {
	if n == 31 {
		return "last day"
	}
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// Refresh reads the list again in the background; the open contract's row
// stays highlighted and the form is left alone.
func (s *Screen) Refresh() {
	if s.status == nil || s.contracts == nil {
		return
	}
	if i := s.status.SelectedIndex(); i >= 0 {
		s.filter.Set(statusFilters[i].Value)
	}
	s.edits.Reload(func(n int) {
		text := fmt.Sprintf("%d contracts", n)
		if n == 1 {
			text = "1 contract"
		}
		if due := s.due.Get(); due > 0 {
			text += fmt.Sprintf(" · %d to renew", due)
		}
		s.count.SetText(text)
	})
}

// New starts a new contract in the form, asking first about unsaved edits.
func (s *Screen) New() { s.edits.Switch(func() { s.form.Load(nil) }) }

// Edits is the list and form: its Save, Cancel (Esc) and ConfirmLeave are
// the tab's.
func (s *Screen) Edits() *kit.ListForm[domain.Contract] { return s.edits }

// FocusSearch has nothing to search; the status filter is the way in.
func (s *Screen) FocusSearch() {}

// GenerateDue asks, then makes the invoices of every contract period due up
// to today and shows what was made.
func (s *Screen) GenerateDue() {
	day := s.today()
	widgets.Confirm("Generate invoices", "Generate due invoices",
		fmt.Sprintf("Make the invoices of every contract period due up to %s? Each period is invoiced once, however often this runs.", day),
		func(ok bool) {
			if ok {
				s.runBilling(day)
			}
		}, s.win)
}

// billing is what a billing run did: the contracts renewed and the invoices
// made.
type billing struct {
	renewed []domain.Contract
	made    []domain.Generated
}

// runBilling renews the contracts due and makes the invoices due up to day
// in the background, behind a progress dialog whose Cancel stops the run
// between contracts (each contract's periods are billed in one
// transaction), then lists what was done.
func (s *Screen) runBilling(day domain.Date) {
	contracts := s.book.Contracts()
	kit.Long(s.win, "Generating due invoices", func(ctx context.Context, step kit.Step) (billing, error) {
		var b billing
		var err error
		step(0, 0, "Renewing the contracts due…")
		if b.renewed, err = contracts.RenewDue(ctx, day); err != nil {
			return b, err
		}
		step(0, 0, "Making the invoices due…")
		b.made, err = contracts.GenerateDue(ctx, day)
		return b, err
	}, func(b billing, err error, cancelled bool) {
		s.Refresh()
		s.showBilling(day, b, err, cancelled)
	})
}

// showBilling lists what a billing run did, each invoice a link to it.
func (s *Screen) showBilling(day domain.Date, b billing, err error, cancelled bool) {
	box := container.NewVBox()
	made := b.made
	for _, k := range b.renewed {
		l := widget.NewLabel(fmt.Sprintf("Renewed automatically: %s for %s, now to %s.", k.Title, k.ClientName, k.End))
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	if cancelled && err != nil {
		err = &domain.Error{Code: domain.ECONFLICT, Err: err, Message: "Cancelled: the run stopped before every contract was billed; what is listed was made. Generate due invoices again to bill the rest."}
	}
	if len(made) == 0 && err == nil {
		box.Add(widget.NewLabel("Nothing was due: every period up to " + day.String() + " is already invoiced."))
	}
	for _, g := range made {
		what := "draft"
		if g.Number != "" {
			what = g.Number
		}
		id := g.DocumentID
		b := widget.NewButton(fmt.Sprintf("%s — %s, %s: %s (%s)", what, g.ClientName, g.ContractTitle, g.Period.Label(), g.Total), func() {
			s.Nav.OpenDocument(id)
		})
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		box.Add(b)
		for _, f := range g.Findings {
			l := widget.NewLabel("   " + f.Message)
			l.Wrapping = fyne.TextWrapWord
			l.Importance = widget.WarningImportance
			box.Add(l)
		}
	}
	if err != nil {
		l := widget.NewLabel(domain.ErrorMessage(err))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.DangerImportance
		box.Add(l)
	}
	title := fmt.Sprintf("%d invoices made", len(made))
	if len(made) == 1 {
		title = "1 invoice made"
	}
	d := dialog.NewCustom(title, "Close", container.NewVScroll(box), s.win)
	d.Resize(fyne.NewSize(640, 360))
	d.Show()
}

// parseAmount reads an amount of currency typed by a person.
func parseAmount(text, currency string) (decimal.Decimal, error) {
	m, err := money.Parse(text, currency)
	return m.Amount, err
}
