package receivables

import (
	"context"
	"fmt"
	"strconv"
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

// bankView lists an account's statement lines with what each matches; the
// line selected gets the actions that reconcile it in the bar below.
type bankView struct {
	s *Screen

	account *widget.Select
	open    *widget.Check
	count   *widget.Label
	export  *widget.Button
	table   *kit.Table[domain.BankLine]
	load    *kit.Loader
	obj     fyne.CanvasObject

	// The bar under the list: the line selected and what can be done with it.
	bar                          *fyne.Container
	chosen                       *widget.Label
	confirm, pay, ignore, reopen *widget.Button
	sel                          *domain.BankLine

	accounts []domain.BankAccount
	acct     *domain.BankAccount // the account shown; nil when the book has none
	filter   kit.Shared[domain.BankLineFilter]
	loading  bool
	wizard   *importWizard // the last import wizard opened
	picker   *payDialog    // the last client picker opened for Create payment
}

// lineColumns are the statement lines' columns, their CSV's too.
func lineColumns() []kit.Column[domain.BankLine] {
	raw := func(f func(domain.BankLine) string) func(domain.BankLine) domain.TableCell {
		return func(l domain.BankLine) domain.TableCell { return domain.RawCell(f(l)) }
	}
	id := func(l domain.BankLine) string { return strconv.FormatInt(l.ID, 10) }
	date := func(l domain.BankLine) string { return l.Date.String() }
	cur := func(l domain.BankLine) string { return l.Amount.Currency }
	return []kit.Column[domain.BankLine]{
		{Title: "No.", Key: "id", Width: 52, Min: 36, Align: fyne.TextAlignTrailing, Text: id, CSV: raw(id)},
		{Title: "Account", Key: "account", Width: 110, Text: func(l domain.BankLine) string { return l.AccountName }},
		{Title: "Date", Key: "date", Width: 100, Sort: "date", Text: date, CSV: raw(date)},
		{Title: "Amount", Key: "amount", Width: 110, Align: fyne.TextAlignTrailing, Sort: "amount",
			Text: func(l domain.BankLine) string { return l.Amount.Format() },
			CSV:  func(l domain.BankLine) domain.TableCell { return amountCell(l.Amount.Amount, l.Amount.Currency) }},
		{Title: "Cur.", Key: "currency", Width: kit.CurrencyWidth, Min: kit.CurrencyWidth, Text: cur, CSV: raw(cur)},
		{Title: "Status", Key: "status", Width: 100, Sort: "status", Text: func(l domain.BankLine) string { return l.Status.Title() },
			CSV:        func(l domain.BankLine) domain.TableCell { return domain.RawCell(string(l.Status)) },
			Importance: func(l domain.BankLine) widget.Importance { return statusImportance(l.Status) }},
		{Title: "Bank text", Key: "text", Width: 220, Stretch: true, Sort: "text", Text: func(l domain.BankLine) string { return l.Text }},
		{Title: "Reference", Key: "reference", Width: 120, Text: func(l domain.BankLine) string { return l.Reference }},
		{Title: "Match", Key: "match", Width: 200, Stretch: true, Text: func(l domain.BankLine) string { return l.Match }},
		{Title: "Why", Key: "match_note", Width: 160, Text: lineNotes},
	}
}

func newBankView(s *Screen) *bankView {
	v := &bankView{s: s, load: kit.NewLoader()}
	v.account = widget.NewSelect(nil, func(string) {
		if !v.loading {
			v.refresh()
		}
	})
	v.open = widget.NewCheck("Unreconciled only", func(bool) {
		if !v.loading {
			v.refresh()
		}
	})
	v.open.Checked = true
	v.count = widget.NewLabel("")
	v.count.Importance = widget.LowImportance
	v.count.Truncation = fyne.TextTruncateEllipsis
	importBtn := widget.NewButtonWithIcon("Import statement…", theme.UploadIcon(), v.chooseFile)
	bank := s.book.Bank()
	v.table = kit.NewTable("receivables.bank", lineColumns(), kit.Query[domain.BankLine, domain.BankLineFilter]{
		Filter: v.filter.Get, Count: bank.CountBankLines, Find: bank.FindBankLines,
		Page: func(f *domain.BankLineFilter, o kit.Sort, offset, limit int) {
			f.Sort, f.Desc, f.Offset, f.Limit = o.Key, o.Desc, offset, limit
		},
		After: func(f *domain.BankLineFilter, l domain.BankLine) { f.After = l.ID },
	}.Source())
	v.table.OnSelected = func(l domain.BankLine) { v.choose(&l) }
	v.export = widgets.NewExportButton(func() {
		name := "bank-lines"
		if v.acct != nil {
			name += "-" + v.acct.Name
		}
		v.table.ExportCSV(v.s.win, v.s.book.Export(), name)
	})

	v.chosen = widget.NewLabel("")
	v.chosen.Truncation = fyne.TextTruncateEllipsis
	v.confirm = widget.NewButton("Confirm", func() { v.act(v.confirmLine) })
	v.confirm.Importance = widget.HighImportance
	v.pay = widget.NewButton("Create payment", func() { v.act(func(l domain.BankLine) { v.createPayment(l, 0) }) })
	v.ignore = widget.NewButton("Ignore", func() { v.act(v.ignoreLine) })
	v.reopen = widget.NewButton("Reopen", func() { v.act(v.reopenLine) })
	v.bar = container.NewVBox(widget.NewSeparator(), container.NewPadded(container.NewBorder(nil, nil, nil,
		container.NewHBox(v.confirm, v.pay, v.ignore, v.reopen), v.chosen)))
	v.bar.Hide()

	controls := container.NewBorder(nil, nil,
		container.NewHBox(container.New(fixedWidth(340), v.account), v.open), container.NewHBox(v.export, importBtn), v.count)
	v.obj = container.NewBorder(container.NewPadded(controls), v.bar, nil, nil, container.NewStack(v.table.Object(), v.load.Spinner()))
	v.obj.Hide()
	return v
}

// choose shows the actions for line l in the bar, or hides the bar.
func (v *bankView) choose(l *domain.BankLine) {
	v.sel = l
	if l == nil {
		v.bar.Hide()
		return
	}
	v.chosen.SetText(fmt.Sprintf("Line of %s for %s: %s", l.Date, l.Amount, lineText(*l)))
	show := func(b *widget.Button, on bool) {
		if on {
			b.Show()
		} else {
			b.Hide()
		}
	}
	show(v.confirm, l.Status == domain.LineSuggested)
	show(v.pay, l.Status == domain.LineUnmatched && l.Amount.Amount.IsPositive())
	show(v.ignore, l.Open())
	show(v.reopen, !l.Open())
	v.bar.Show()
	v.bar.Refresh()
}

// act runs an action on the line selected.
func (v *bankView) act(do func(domain.BankLine)) {
	if v.sel != nil {
		do(*v.sel)
	}
}

// lineText is the bank's text with its reference.
func lineText(l domain.BankLine) string {
	if l.Reference == "" {
		return l.Text
	}
	return l.Text + " · " + l.Reference
}

// statusLooks colours a bank line's status: reconciled green, suggested
// amber, ignored grey, the rest (unmatched) red.
var statusLooks = kit.Looks[domain.BankLineStatus]{domain.LineReconciled: widget.SuccessImportance,
	domain.LineSuggested: widget.WarningImportance, domain.LineIgnored: widget.LowImportance}

func statusImportance(s domain.BankLineStatus) widget.Importance {
	return statusLooks.Of(s, widget.DangerImportance)
}

// bankState is what the view reads before its lines: the accounts and how
// many lines of the one shown are still open.
type bankState struct {
	accounts []domain.BankAccount
	open     int
}

// refresh reads the accounts and then the lines of the one chosen again,
// in the background.
func (v *bankView) refresh() {
	i := v.account.SelectedIndex()
	bank := v.s.book.Bank()
	kit.Load(v.load, func(ctx context.Context) (bankState, error) {
		as, err := bank.FindBankAccounts(ctx)
		if err != nil || len(as) == 0 {
			return bankState{accounts: as}, err
		}
		if i < 0 || i >= len(as) {
			i = 0
		}
		open, err := bank.CountBankLines(ctx, domain.BankLineFilter{AccountID: as[i].ID, Unreconciled: true})
		return bankState{accounts: as, open: open}, err
	}, func(st bankState, err error) {
		if err != nil {
			kit.ShowError(err, v.s.win)
			return
		}
		v.show(st, i)
	})
}

// show lists the lines of account i of those read.
func (v *bankView) show(st bankState, i int) {
	v.accounts = st.accounts
	var names []string
	for _, a := range st.accounts {
		names = append(names, fmt.Sprintf("%s (%s)", a.Name, a.Currency))
	}
	v.loading = true
	v.account.SetOptions(names)
	if i < 0 || i >= len(st.accounts) {
		i = 0
	}
	v.acct = nil
	f := domain.BankLineFilter{Unreconciled: v.open.Checked}
	if len(st.accounts) > 0 {
		v.account.SetSelectedIndex(i)
		v.acct = &v.accounts[i]
		f.AccountID = v.acct.ID
	}
	v.loading = false
	v.filter.Set(f)
	switch {
	case v.acct == nil:
		v.count.SetText("")
		v.table.Empty = "No bank statement has been imported yet.\nImport one (CSV, OFX or QFX) with Import statement… above; it creates the bank account."
	case v.open.Checked:
		v.count.SetText(fmt.Sprintf("%s to reconcile · mapping: %s", widgets.Count(st.open, "line", "lines"), orNone(v.acct.MappingName)))
		v.table.Empty = "Every line of this account is reconciled.\nUntick Unreconciled only to see them, or import the next statement."
	default:
		v.count.SetText(fmt.Sprintf("%s to reconcile · mapping: %s", widgets.Count(st.open, "line", "lines"), orNone(v.acct.MappingName)))
		v.table.Empty = "No statement lines in this account yet.\nImport its statement with Import statement… above."
	}
	v.table.ReloadThen(func(n int) {
		if n == 0 {
			v.export.Disable()
		} else {
			v.export.Enable()
		}
		v.choose(nil)
	})
}

func orNone(s string) string {
	if s == "" {
		return "none yet"
	}
	return s
}

// done shows what an action did, or its error, and reads the lines again.
func (v *bankView) done(msg string, err error) {
	if err != nil {
		kit.ShowError(err, v.s.win)
		return
	}
	v.s.status.SetText(msg)
	v.refresh()
}

// write runs a change to a line off the UI goroutine and then says msg,
// or why it could not be done.
func (v *bankView) write(msg string, change func(ctx context.Context, bank domain.BankService) error) {
	bank := v.s.book.Bank()
	kit.Write(func(ctx context.Context) (struct{}, error) {
		return struct{}{}, change(ctx, bank)
	}, func(_ struct{}, err error) { v.done(msg, err) })
}

func (v *bankView) confirmLine(l domain.BankLine) {
	v.write(fmt.Sprintf("Reconciled the line of %s for %s with %s.", l.Date, l.Amount, lowerFirst(l.Match)),
		func(ctx context.Context, bank domain.BankService) error {
			return bank.ConfirmMatch(ctx, l.ID, domain.MatchTarget{})
		})
}

func (v *bankView) ignoreLine(l domain.BankLine) {
	v.write(fmt.Sprintf("Ignored the line of %s for %s.", l.Date, l.Amount),
		func(ctx context.Context, bank domain.BankService) error { return bank.IgnoreLine(ctx, l.ID) })
}

func (v *bankView) reopenLine(l domain.BankLine) {
	v.write(fmt.Sprintf("Reopened the line of %s for %s.", l.Date, l.Amount),
		func(ctx context.Context, bank domain.BankService) error { return bank.ReopenLine(ctx, l.ID) })
}

// createPayment records the line as a payment, off the UI goroutine. With
// no client it is the client of the invoice the text names; when it names
// none, the client is asked for.
func (v *bankView) createPayment(l domain.BankLine, clientID int64) {
	bank := v.s.book.Bank()
	kit.Write(func(ctx context.Context) (*domain.Payment, error) {
		return bank.PaymentFromLine(ctx, l.ID, clientID)
	}, func(p *domain.Payment, err error) { v.paymentMade(l, clientID, p, err) })
}

// paymentMade says what createPayment did, or asks for the client.
func (v *bankView) paymentMade(l domain.BankLine, clientID int64, p *domain.Payment, err error) {
	if err != nil && clientID == 0 && domain.FieldErrors(err)["client"] != "" {
		v.picker = newPayDialog(v, l)
		return
	}
	if err != nil {
		v.done("", err)
		return
	}
	msg := fmt.Sprintf("Recorded %s from %s and reconciled the line", p.Amount, p.ClientName)
	for i, a := range p.Allocations {
		if i == 0 {
			msg += ": paid " + a.DocumentNumber
		} else {
			msg += ", " + a.DocumentNumber
		}
	}
	v.done(msg+".", nil)
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// payDialog asks which client paid a line whose text names no invoice.
type payDialog struct {
	picker *kit.ClientPicker
	d      *dialog.ConfirmDialog
	msg    *widget.Label
}

func newPayDialog(v *bankView, l domain.BankLine) *payDialog {
	pd := &payDialog{picker: kit.NewClientPicker(v.s.book.Clients())}
	pd.msg = widget.NewLabel(fmt.Sprintf("The line of %s for %s names no invoice of the book:\n%s\nChoose the client who paid; the money becomes their credit.",
		l.Date, l.Amount, l.Text))
	pd.msg.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(pd.msg, widgets.NewField("Client", pd.picker.Entry).Object())
	pd.d = dialog.NewCustomConfirm("Create payment", "Create payment", "Cancel", container.New(fixedWidth(460), body), func(ok bool) {
		if ok && pd.picker.Client() != nil {
			v.createPayment(l, pd.picker.Client().ID)
		}
	}, v.s.win)
	pd.d.Show()
	return pd
}

// lineNotes is what the Why column says of a line: what its import did to it
// (an amount rounded to the currency) and why its match was suggested.
func lineNotes(l domain.BankLine) string {
	var notes []string
	for _, n := range []string{l.ImportNote, l.MatchNote} {
		if n != "" {
			notes = append(notes, n)
		}
	}
	return strings.Join(notes, "; ")
}
