// Package receivables is the Receivables screen: what the clients owe by how
// long it is past due, the payments received, the panel that records a
// payment and sets it against the client's invoices, the bank statements
// with their reconciliation, and the deposit batches.
package receivables

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
)

// today is the date the screen opens on; tests fix it.
var today = domain.Today

// The views the switch at the top offers.
const (
	viewAging    = "Aging"
	viewOverdue  = "Overdue"
	viewPayments = "Payments"
	viewBank     = "Bank"
	viewDeposits = "Deposits"
)

// Screen shows the aging or the payments list, and the payment panel over
// them while a payment is being entered.
type Screen struct {
	book     domain.Book
	renderer domain.Renderer // writes statements' PDFs; nil until SetRenderer
	win      fyne.Window

	view     *widget.RadioGroup
	status   *widget.Label
	aging    *agingView
	overdue  *overdueView
	payments *paymentsView
	bank     *bankView
	deposits *depositsView
	panel    *Panel
	place    *kit.InPlace

	// Nav opens what other screens show; the window sets it.
	Nav kit.Nav
}

// NewScreen builds the screen over the book, opening on the aging as of today.
func NewScreen(book domain.Book, win fyne.Window) *Screen {
	s := &Screen{book: book, win: win, Nav: kit.Nowhere{}}
	s.aging = newAgingView(s)
	s.overdue = newOverdueView(s)
	s.payments = newPaymentsView(s)
	s.bank = newBankView(s)
	s.deposits = newDepositsView(s)
	s.view = widget.NewRadioGroup([]string{viewAging, viewOverdue, viewPayments, viewBank, viewDeposits}, func(string) { s.showView() })
	s.view.Horizontal = true
	s.view.Required = true
	s.status = widget.NewLabel("")
	s.status.Importance = widget.SuccessImportance
	s.status.Truncation = fyne.TextTruncateEllipsis
	record := widget.NewButtonWithIcon("Record payment", theme.ContentAddIcon(), s.New)
	record.Importance = widget.HighImportance
	bar := container.NewPadded(container.NewBorder(nil, nil, s.view, record, s.status))
	mainView := container.NewBorder(bar, nil, nil, nil, container.NewStack(s.aging.obj, s.overdue.obj, s.payments.obj,
		s.bank.obj, s.deposits.obj))

	s.panel = NewPanel(book, win)
	s.panel.OnSaved = s.saved
	s.place = kit.NewInPlace(mainView, s.panel)
	s.place.OnList = s.Refresh
	s.panel.OnClose = s.place.List
	s.view.SetSelected(viewAging)
	kit.Watch(book, s.changed) // ends with the book
	return s
}

// changed reads the view on show again when a write, from this screen or
// any other, changed what it lists.
func (s *Screen) changed(cs domain.Changes) {
	if !s.place.Object().Visible() || !cs.Touches("payment", "refund", "document", "client", "company", "deposit",
		"bank_line", "bank_account", "bank_mapping", "statement_import") {
		return
	}
	s.Refresh()
}

// Object is the screen's layout.
func (s *Screen) Object() fyne.CanvasObject { return s.place.Object() }

// Tab is Receivables in the window's tab list.
func (s *Screen) Tab() kit.Tab {
	return kit.Tab{Title: "Receivables", Icon: theme.StorageIcon(), Content: s.Object(), Refresh: s.Refresh,
		NewLabel: "New payment", New: s.New, Find: s.FocusSearch,
		Save: s.place.Save, Cancel: s.place.Cancel, ConfirmLeave: s.place.ConfirmLeave,
		Routes: kit.Routes{OpenPayment: s.OpenPayment, OpenReceivables: func() {}}, // the tab shown is all OpenReceivables asks
		Show:   s.show, SetTools: func(t kit.Tools) { s.SetRenderer(t.Renderer) }, Screen: s}
}

// Tab is Receivables built over base: the one line the window's tab list
// has for it.
func Tab(base kit.Base) kit.Tab {
	s := NewScreen(base.Book, base.Win)
	return kit.NavTab(base, s, &s.Nav)
}

// show is --show receivables/VIEW (aging, overdue, payments, bank,
// deposits); "bank=FILE" opens the statement import on FILE.
func (s *Screen) show(arg string, done func(error)) error {
	view, file, _ := strings.Cut(arg, "=")
	if view != "" && !s.ShowView(view) {
		return fmt.Errorf("the receivables have no view %q: use aging, overdue, payments, bank or deposits", view)
	}
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		s.OpenBankImport(filepath.Base(file), data)
	}
	done(nil)
	return nil
}

// SetRenderer gives the screen what writes statements' PDFs.
func (s *Screen) SetRenderer(r domain.Renderer) { s.renderer = r }

// Panel is the payment panel.
func (s *Screen) Panel() *Panel { return s.panel }

// PanelShown reports whether a payment is being entered or edited.
func (s *Screen) PanelShown() bool { return s.place.Editing() }

// ShowView switches to a view by name: "aging", "overdue", "payments", "bank" or
// "deposits" (any case); it reports whether there is one of that name.
func (s *Screen) ShowView(name string) bool {
	for _, v := range s.view.Options {
		if strings.EqualFold(v, name) {
			s.view.SetSelected(v)
			return true
		}
	}
	return false
}

// OpenBankImport opens the bank statement import on the file named name
// with content data, as if it had been chosen.
func (s *Screen) OpenBankImport(name string, data []byte) { s.bank.OpenImport(name, data) }

// showView shows the view the switch names and reads it afresh.
func (s *Screen) showView() {
	for name, obj := range map[string]fyne.CanvasObject{viewAging: s.aging.obj, viewOverdue: s.overdue.obj, viewPayments: s.payments.obj,
		viewBank: s.bank.obj, viewDeposits: s.deposits.obj} {
		if name == s.view.Selected {
			obj.Show()
		} else {
			obj.Hide()
		}
	}
	s.Refresh()
}

// Refresh reads the view on show again from the book.
func (s *Screen) Refresh() {
	switch s.view.Selected {
	case viewOverdue:
		s.overdue.refresh()
	case viewPayments:
		s.payments.refresh()
	case viewBank:
		s.bank.refresh()
	case viewDeposits:
		s.deposits.refresh()
	default:
		s.aging.reload()
	}
}

// New opens the panel for a new payment, asking first about unsaved edits.
func (s *Screen) New() { s.NewFor(nil, "") }

// NewFor opens the panel for a new payment from client (nil to choose) in
// currency ("" for the client's own).
func (s *Screen) NewFor(client *domain.Client, currency string) {
	s.place.ConfirmLeave(func() {
		s.status.SetText("")
		s.panel.NewPayment(client, currency)
		s.place.Edit()
	})
}

// OpenPayment opens a stored payment in the panel to change or delete it.
func (s *Screen) OpenPayment(p *domain.Payment) {
	s.place.ConfirmLeave(func() {
		s.status.SetText("")
		s.panel.Load(p)
		s.place.Edit()
	})
}

// saved says what became of the payment and goes back to the view.
func (s *Screen) saved(p *domain.Payment) {
	if p == nil {
		s.status.SetText("Payment deleted; the invoices it paid are open again.")
	} else {
		in := func(d decimal.Decimal) string { return money.Money{Amount: d, Currency: p.Amount.Currency}.Format() }
		s.status.SetText(fmt.Sprintf("Saved %s from %s: %s allocated, %s unapplied credit.", p.Amount, p.ClientName,
			in(p.Allocated()), in(p.Unapplied())))
	}
	s.place.List()
}

// FocusSearch puts the cursor in the aging's as-of date, the one thing the
// aging is looked up by.
func (s *Screen) FocusSearch() {
	if s.PanelShown() {
		return
	}
	if s.view.Selected != viewAging {
		s.view.SetSelected(viewAging)
	}
	s.win.Canvas().Focus(s.aging.asOf)
}

// headerLabel is a column heading.
func headerLabel(text string, align fyne.TextAlign) *widget.Label {
	l := widget.NewLabelWithStyle(text, align, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameCaptionText
	l.Importance = widget.LowImportance
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// cell is a label for a list cell, truncated when it does not fit.
func cell(align fyne.TextAlign) *widget.Label {
	l := widget.NewLabelWithStyle("", align, fyne.TextStyle{})
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// amountText is an amount for a table cell: formatted, or blank when zero so
// the figures that matter stand out.
func amountText(m money.Money) string {
	if m.IsZero() {
		return ""
	}
	return m.Format()
}

func dateText(d domain.Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.String()
}
