package receivables

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

// lineWeights: date, amount, status, text, match, actions.
var lineWeights = []float32{1.7, 2, 1.7, 5.2, 5.2, 3.6}

// bankView lists an account's statement lines with what each matches, and
// the actions that reconcile them.
type bankView struct {
	s *Screen

	account   *widget.Select
	open      *widget.Check
	count     *widget.Label
	export    *widget.Button
	list      *widget.List
	empty     *fyne.Container
	emptyText *widget.Label
	obj       fyne.CanvasObject

	accounts []domain.BankAccount
	acct     *domain.BankAccount // the account shown; nil when the book has none
	total    int
	pages    map[int][]domain.BankLine
	loading  bool
	wizard   *importWizard // the last import wizard opened
	picker   *payDialog    // the last client picker opened for Create payment
}

func newBankView(s *Screen) *bankView {
	v := &bankView{s: s, pages: map[int][]domain.BankLine{}}
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
	v.export = widgets.NewExportButton(func() {
		name := "bank-lines"
		if v.acct != nil {
			name += "-" + v.acct.Name
		}
		widgets.SaveCSV(v.s.win, name, v.WriteCSV)
	})
	v.list = widget.NewList(func() int { return v.total }, v.newRow, v.updateRow)
	header := container.New(widgets.NewColumns(lineWeights...), headerLabel("Date", fyne.TextAlignLeading),
		headerLabel("Amount", fyne.TextAlignTrailing), headerLabel("Status", fyne.TextAlignLeading),
		headerLabel("Bank text", fyne.TextAlignLeading), headerLabel("Match", fyne.TextAlignLeading),
		headerLabel("", fyne.TextAlignLeading))
	v.emptyText = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	v.emptyText.Wrapping = fyne.TextWrapWord
	v.empty = container.NewVBox(layout.NewSpacer(), v.emptyText, layout.NewSpacer())
	v.empty.Hide()
	controls := container.NewBorder(nil, nil,
		container.NewHBox(container.New(fixedWidth(340), v.account), v.open), container.NewHBox(v.export, importBtn), v.count)
	top := container.NewVBox(container.NewPadded(controls), header, widget.NewSeparator())
	v.obj = container.NewBorder(top, nil, nil, nil, container.NewStack(v.list, v.empty))
	v.obj.Hide()
	return v
}

// lineRow is one line's row: five labels and the action buttons.
type lineRow struct {
	widget.BaseWidget
	cells                        []*widget.Label
	confirm, pay, ignore, reopen *widget.Button
	actions                      *fyne.Container
	box                          *fyne.Container
}

func (r *lineRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (v *bankView) newRow() fyne.CanvasObject {
	r := &lineRow{}
	for i := 0; i < 5; i++ {
		align := fyne.TextAlignLeading
		if i == 1 {
			align = fyne.TextAlignTrailing
		}
		r.cells = append(r.cells, cell(align))
	}
	r.confirm = widget.NewButton("Confirm", nil)
	r.confirm.Importance = widget.HighImportance
	r.pay = widget.NewButton("Create payment", nil)
	r.ignore = widget.NewButton("Ignore", nil)
	r.reopen = widget.NewButton("Reopen", nil)
	r.actions = container.NewHBox(r.confirm, r.pay, r.ignore, r.reopen)
	objs := make([]fyne.CanvasObject, 0, 6)
	for _, c := range r.cells {
		objs = append(objs, c)
	}
	r.box = container.New(widgets.NewColumns(lineWeights...), append(objs, r.actions)...)
	r.ExtendBaseWidget(r)
	return r
}

func (v *bankView) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	r := o.(*lineRow)
	l, ok := v.lineAt(id)
	if !ok {
		for _, c := range r.cells {
			c.SetText("")
		}
		r.actions.Hide()
		return
	}
	for i, t := range lineTexts(l) {
		r.cells[i].SetText(t)
	}
	r.cells[2].Importance = statusImportance(l.Status)
	r.cells[2].Refresh()
	line := l
	r.confirm.OnTapped = func() { v.confirm(line) }
	r.pay.OnTapped = func() { v.createPayment(line, 0) }
	r.ignore.OnTapped = func() { v.ignore(line) }
	r.reopen.OnTapped = func() { v.reopen(line) }
	show := func(b *widget.Button, on bool) {
		if on {
			b.Show()
		} else {
			b.Hide()
		}
	}
	show(r.confirm, l.Status == domain.LineSuggested)
	show(r.pay, l.Status == domain.LineUnmatched && l.Amount.Amount.IsPositive())
	show(r.ignore, l.Open())
	show(r.reopen, !l.Open())
	r.actions.Show()
	r.actions.Refresh()
}

// lineTexts is what a line's row shows: date, amount, status, the bank's
// text, and the match with why it was suggested.
func lineTexts(l domain.BankLine) []string {
	match := l.Match
	if l.Status == domain.LineSuggested && l.MatchNote != "" {
		match += " — " + l.MatchNote
	}
	text := l.Text
	if l.Reference != "" {
		text += " · " + l.Reference
	}
	return []string{l.Date.String(), l.Amount.Format(), l.Status.Title(), text, match}
}

func statusImportance(s domain.BankLineStatus) widget.Importance {
	switch s {
	case domain.LineReconciled:
		return widget.SuccessImportance
	case domain.LineSuggested:
		return widget.WarningImportance
	case domain.LineIgnored:
		return widget.LowImportance
	}
	return widget.DangerImportance
}

// filter is what the list shows now.
func (v *bankView) filter() domain.BankLineFilter {
	f := domain.BankLineFilter{Unreconciled: v.open.Checked}
	if v.acct != nil {
		f.AccountID = v.acct.ID
	}
	return f
}

// lineAt returns line i of the list, reading its page on first use.
func (v *bankView) lineAt(i int) (domain.BankLine, bool) {
	n := i / pageSize
	ls, ok := v.pages[n]
	if !ok {
		f := v.filter()
		f.Offset, f.Limit = n*pageSize, pageSize
		var err error
		if ls, err = v.s.book.Bank().FindBankLines(context.Background(), f); err != nil {
			return domain.BankLine{}, false
		}
		v.pages[n] = ls
	}
	if j := i - n*pageSize; j >= 0 && j < len(ls) {
		return ls[j], true
	}
	return domain.BankLine{}, false
}

// refresh reads the accounts and the lines of the one chosen again.
func (v *bankView) refresh() {
	ctx := context.Background()
	as, err := v.s.book.Bank().FindBankAccounts(ctx)
	if err != nil {
		dialog.ShowError(errors.New(domain.ErrorMessage(err)), v.s.win)
		return
	}
	v.accounts = as
	var names []string
	for _, a := range as {
		names = append(names, fmt.Sprintf("%s (%s)", a.Name, a.Currency))
	}
	v.loading = true
	v.account.SetOptions(names)
	i := v.account.SelectedIndex()
	if i < 0 || i >= len(as) {
		i = 0
	}
	v.acct = nil
	if len(as) > 0 {
		v.account.SetSelectedIndex(i)
		v.acct = &v.accounts[i]
	}
	v.loading = false
	if v.acct == nil {
		v.export.Disable()
		v.total, v.pages = 0, map[int][]domain.BankLine{}
		v.list.Refresh()
		v.count.SetText("")
		v.emptyText.SetText("No bank statement has been imported yet.\nImport one (CSV, OFX or QFX) with Import statement… above; it creates the bank account.")
		v.empty.Show()
		return
	}
	n, err := v.s.book.Bank().CountBankLines(ctx, v.filter())
	if err != nil {
		dialog.ShowError(errors.New(domain.ErrorMessage(err)), v.s.win)
		return
	}
	open, err := v.s.book.Bank().CountBankLines(ctx, domain.BankLineFilter{AccountID: v.acct.ID, Unreconciled: true})
	if err != nil {
		dialog.ShowError(errors.New(domain.ErrorMessage(err)), v.s.win)
		return
	}
	v.total, v.pages = n, map[int][]domain.BankLine{}
	if n == 0 {
		v.export.Disable()
	} else {
		v.export.Enable()
	}
	v.list.UnselectAll()
	v.list.Refresh()
	v.count.SetText(fmt.Sprintf("%s to reconcile · mapping: %s", plural(open, "line", "lines"), orNone(v.acct.MappingName)))
	switch {
	case n > 0:
		v.empty.Hide()
	case v.open.Checked:
		v.emptyText.SetText("Every line of this account is reconciled.\nUntick Unreconciled only to see them, or import the next statement.")
		v.empty.Show()
	default:
		v.emptyText.SetText("No statement lines in this account yet.\nImport its statement with Import statement… above.")
		v.empty.Show()
	}
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
		dialog.ShowError(errors.New(domain.ErrorMessage(err)), v.s.win)
		return
	}
	v.s.status.SetText(msg)
	v.refresh()
}

func (v *bankView) confirm(l domain.BankLine) {
	err := v.s.book.Bank().ConfirmMatch(context.Background(), l.ID, domain.MatchTarget{})
	v.done(fmt.Sprintf("Reconciled the line of %s for %s with %s.", l.Date, l.Amount, lowerFirst(l.Match)), err)
}

func (v *bankView) ignore(l domain.BankLine) {
	err := v.s.book.Bank().IgnoreLine(context.Background(), l.ID)
	v.done(fmt.Sprintf("Ignored the line of %s for %s.", l.Date, l.Amount), err)
}

func (v *bankView) reopen(l domain.BankLine) {
	err := v.s.book.Bank().ReopenLine(context.Background(), l.ID)
	v.done(fmt.Sprintf("Reopened the line of %s for %s.", l.Date, l.Amount), err)
}

// createPayment records the line as a payment. With no client it is the
// client of the invoice the text names; when it names none, the client is
// asked for.
func (v *bankView) createPayment(l domain.BankLine, clientID int64) {
	p, err := v.s.book.Bank().PaymentFromLine(context.Background(), l.ID, clientID)
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
	picker *widgets.ClientPicker
	d      *dialog.ConfirmDialog
	msg    *widget.Label
}

func newPayDialog(v *bankView, l domain.BankLine) *payDialog {
	pd := &payDialog{picker: widgets.NewClientPicker(v.s.book.Clients())}
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
