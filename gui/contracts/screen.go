// Package contracts is the Contracts screen: recurring agreements with their
// billing cycle and lines, the run that invoices every period due, and the
// renewals that need a decision.
package contracts

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
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/widgets"
)

var statusFilters = []struct {
	title  string
	status domain.ContractStatus
}{
	{"Active", domain.ContractActive},
	{"Ended", domain.ContractEnded},
	{"Lapsed", domain.ContractLapsed},
	{"All contracts", ""},
}

// columnWeights: title, client, cycle, value, ends.
var columnWeights = []float32{3.8, 3.8, 3.4, 3.2, 3.3}

// Screen lists contracts beside the form of the one selected.
type Screen struct {
	book  domain.Book
	win   fyne.Window
	today func() domain.Date

	status *widget.Select
	count  *widget.Label
	list   *widget.List
	empty  *widget.Label
	rows   []domain.Contract
	form   *Form
	root   fyne.CanvasObject

	// OpenDocument opens an invoice the run made.
	OpenDocument func(id int64)
}

// NewScreen builds the screen over the book.
func NewScreen(book domain.Book, win fyne.Window) *Screen {
	s := &Screen{book: book, win: win, today: domain.Today}
	var titles []string
	for _, f := range statusFilters {
		titles = append(titles, f.title)
	}
	s.status = widget.NewSelect(titles, func(string) { s.Refresh() })
	s.count = widget.NewLabel("")
	s.count.Importance = widget.LowImportance
	s.list = widget.NewList(func() int { return len(s.rows) }, s.newRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) {
		if id >= len(s.rows) {
			return
		}
		c := s.rows[id]
		s.form.ConfirmLeave(func() { s.form.Load(&c) })
	}
	s.empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	s.empty.Wrapping = fyne.TextWrapWord
	s.empty.Importance = widget.LowImportance
	run := widget.NewButtonWithIcon("Generate due invoices", theme.MailSendIcon(), s.GenerateDue)
	run.Importance = widget.HighImportance
	newBtn := widget.NewButtonWithIcon("New contract", theme.ContentAddIcon(), s.New)
	export := widgets.NewExportButton(func() { widgets.SaveCSV(s.win, "contracts", s.WriteCSV) })
	header := container.New(widgets.NewColumns(columnWeights...), head("Contract", fyne.TextAlignLeading),
		head("Client", fyne.TextAlignLeading), head("Billing", fyne.TextAlignLeading), head("Value", fyne.TextAlignTrailing),
		head("Ends", fyne.TextAlignLeading))
	top := container.NewVBox(container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, s.status, container.NewHBox(export, newBtn, run)),
		s.count)), header, widget.NewSeparator())
	left := container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, container.NewVBox(s.empty)))
	s.form = NewForm(book, win)
	s.form.today = func() domain.Date { return s.today() }
	s.form.OnSaved = func(c *domain.Contract) { s.Refresh(); s.selectID(c.ID) }
	split := container.NewHSplit(left, s.form.Object())
	split.Offset = 0.58
	s.root = split
	s.status.SetSelectedIndex(0)
	s.form.Load(nil)
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

// Form is the contract form.
func (s *Screen) Form() *Form { return s.form }

// Rows is the list as shown.
func (s *Screen) Rows() []domain.Contract { return s.rows }

func (s *Screen) newRow() fyne.CanvasObject {
	cells := make([]fyne.CanvasObject, len(columnWeights))
	for i := range cells {
		align := fyne.TextAlignLeading
		if i == 3 {
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
	c := s.rows[id]
	cells := o.(*fyne.Container).Objects
	cells[0].(*widget.Label).SetText(c.Title)
	cells[1].(*widget.Label).SetText(c.ClientName)
	cells[2].(*widget.Label).SetText(c.Cycle.Title() + ", " + strings.ToLower(c.Timing.Title()))
	cells[3].(*widget.Label).SetText(c.Value.String())
	end := "open-ended"
	if !c.End.IsZero() {
		end = c.End.String()
		if domain.RenewalDue(&c, s.today()) {
			end += " · renew?"
		}
	}
	cells[4].(*widget.Label).SetText(end)
}

// WriteCSV writes the list as shown, with the status filter applied.
func (s *Screen) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	day := s.today()
	row := func(c domain.Contract) []domain.TableCell {
		return []domain.TableCell{domain.RawCell(strconv.FormatInt(c.ID, 10)), domain.TextCell(c.Title), domain.TextCell(c.ClientName),
			domain.RawCell(string(c.Cycle)), domain.RawCell(string(c.Timing)), domain.RawCell(strconv.Itoa(c.BillingDay)),
			domain.NumberCell(money.Money{Amount: c.Value.Amount, Currency: c.Currency}.Fixed()), domain.RawCell(c.Currency), domain.RawCell(c.Start.String()),
			domain.RawCell(c.End.String()), domain.RawCell(string(c.Status)), domain.RawCell(strconv.FormatBool(domain.RenewalDue(&c, day)))}
	}
	return widgets.WriteTable(s.book.Export(), w, f, []string{"id", "title", "client", "cycle", "timing", "billing_day", "value",
		"currency", "start_date", "end_date", "status", "renewal_due"}, widgets.Rows(s.rows, row, progress), progress)
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

// Refresh reads the list again.
func (s *Screen) Refresh() {
	if s.status == nil || s.list == nil {
		return
	}
	f := domain.ContractFilter{}
	if i := s.status.SelectedIndex(); i >= 0 {
		f.Status = statusFilters[i].status
	}
	rows, err := s.book.Contracts().FindContracts(context.Background(), f)
	if err != nil {
		dialog.ShowError(errors.New(domain.ErrorMessage(err)), s.win)
		return
	}
	s.rows = rows
	s.list.UnselectAll()
	s.list.Refresh()
	due := 0
	for i := range rows {
		if domain.RenewalDue(&rows[i], s.today()) {
			due++
		}
	}
	text := fmt.Sprintf("%d contracts", len(rows))
	if len(rows) == 1 {
		text = "1 contract"
	}
	if due > 0 {
		text += fmt.Sprintf(" · %d to renew", due)
	}
	s.count.SetText(text)
	if len(rows) == 0 {
		s.empty.SetText("No contracts here. A contract bills the same lines every month, quarter or year; start one with New contract.")
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
}

func (s *Screen) selectID(id int64) {
	for i, c := range s.rows {
		if c.ID == id {
			s.list.Select(i)
			return
		}
	}
}

// New starts a new contract in the form.
func (s *Screen) New() {
	s.form.ConfirmLeave(func() {
		s.list.UnselectAll()
		s.form.Load(nil)
	})
}

// Save saves the form (Ctrl/Cmd+S).
func (s *Screen) Save() bool { return s.form.Save() }

// ConfirmLeave runs next, asking first about unsaved edits.
func (s *Screen) ConfirmLeave(next func()) { s.form.ConfirmLeave(next) }

// Cancel reverts the form's edits.
func (s *Screen) Cancel() { s.form.Revert() }

// FocusSearch has nothing to search; the status filter is the way in.
func (s *Screen) FocusSearch() {}

// GenerateDue asks, then makes the invoices of every contract period due up
// to today and shows what was made.
func (s *Screen) GenerateDue() {
	day := s.today()
	dialog.ShowConfirm("Generate due invoices",
		fmt.Sprintf("Make the invoices of every contract period due up to %s? Each period is invoiced once, however often this runs.", day),
		func(ok bool) {
			if ok {
				s.runBilling(day)
			}
		}, s.win)
}

func (s *Screen) runBilling(day domain.Date) {
	ctx := context.Background()
	box := container.NewVBox()
	renewed, err := s.book.Contracts().RenewDue(ctx, day)
	for _, k := range renewed {
		l := widget.NewLabel(fmt.Sprintf("Renewed automatically: %s for %s, now to %s.", k.Title, k.ClientName, k.End))
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	var made []domain.Generated
	if err == nil {
		made, err = s.book.Contracts().GenerateDue(ctx, day)
	}
	s.Refresh()
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
			if s.OpenDocument != nil {
				s.OpenDocument(id)
			}
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
