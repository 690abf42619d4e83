package receivables

import (
	"cmp"
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// depositWindow is how many days before the deposit's date the form looks
// for payments to pay in.
const depositWindow = 90

// depositColumns are the deposits list's columns, its CSV's too.
func depositColumns() []kit.Column[domain.Deposit] {
	raw := func(f func(domain.Deposit) string) func(domain.Deposit) domain.TableCell {
		return func(d domain.Deposit) domain.TableCell { return domain.RawCell(f(d)) }
	}
	id := func(d domain.Deposit) string { return strconv.FormatInt(d.ID, 10) }
	date := func(d domain.Deposit) string { return d.Date.String() }
	cur := func(d domain.Deposit) string { return d.Total.Currency }
	return []kit.Column[domain.Deposit]{
		{Title: "No.", Key: "id", Width: 52, Min: 36, Align: fyne.TextAlignTrailing, Text: id, CSV: raw(id)},
		{Title: "Date", Key: "date", Width: 100, Sort: "date", Text: date, CSV: raw(date)},
		{Title: "Account", Key: "account", Width: 180, Sort: "account", Text: func(d domain.Deposit) string { return d.AccountName }},
		{Title: "Reference", Key: "reference", Width: 130, Sort: "reference", Text: func(d domain.Deposit) string { return d.Reference }},
		{Title: "Payments", Key: "payments", Width: 280, Stretch: true, Sort: "payments", Text: depositPayments,
			// Each payment with its number and amount, so the file keeps what
			// the list only sums up.
			CSV: func(d domain.Deposit) domain.TableCell {
				var ps []string
				for _, p := range d.Payments {
					ps = append(ps, fmt.Sprintf("payment %d: %s %s", p.PaymentID, p.ClientName, p.Amount.Fixed()))
				}
				return domain.TextCell(strings.Join(ps, "; "))
			}},
		{Title: "Total", Key: "total", Width: 120, Align: fyne.TextAlignTrailing, Sort: "total",
			Text: func(d domain.Deposit) string { return d.Total.Format() },
			CSV:  func(d domain.Deposit) domain.TableCell { return amountCell(d.Total.Amount, d.Total.Currency) }},
		{Title: "Cur.", Key: "currency", Width: kit.CurrencyWidth, Min: kit.CurrencyWidth, Text: cur, CSV: raw(cur)},
	}
}

// depositPayments is the Payments cell: how many, and from whom.
func depositPayments(d domain.Deposit) string {
	var who []string
	for _, p := range d.Payments {
		who = append(who, p.ClientName)
	}
	return fmt.Sprintf("%s: %s", widgets.Count(len(d.Payments), "payment", "payments"), strings.Join(who, ", "))
}

// depositSorts order the deposits by a header; unsorted the latest come first.
var depositSorts = kit.Sorts[domain.Deposit]{
	"date":      func(a, b domain.Deposit) int { return cmp.Compare(a.Date.String(), b.Date.String()) },
	"account":   func(a, b domain.Deposit) int { return cmp.Compare(a.AccountName, b.AccountName) },
	"reference": func(a, b domain.Deposit) int { return cmp.Compare(a.Reference, b.Reference) },
	"payments":  func(a, b domain.Deposit) int { return cmp.Compare(len(a.Payments), len(b.Payments)) },
	"total": func(a, b domain.Deposit) int {
		return cmp.Or(cmp.Compare(a.Total.Currency, b.Total.Currency), a.Total.Amount.Cmp(b.Total.Amount))
	},
}

// depositsView lists the deposit batches, the latest first.
type depositsView struct {
	s *Screen

	count  *widget.Label
	export *widget.Button
	table  *kit.Table[domain.Deposit]
	obj    fyne.CanvasObject

	form    *depositForm          // the last form opened
	opening *kit.Loader           // reads the bank accounts for New deposit…
	confirm *dialog.ConfirmDialog // the last delete confirmation shown
}

func newDepositsView(s *Screen) *depositsView {
	v := &depositsView{s: s, opening: kit.NewLoader()}
	v.count = widget.NewLabel("")
	v.count.Importance = widget.LowImportance
	add := widget.NewButtonWithIcon("New deposit…", theme.ContentAddIcon(), v.newDeposit)
	bank := s.book.Bank()
	// A deposit is a week's or a month's takings: the list stays short.
	v.table = kit.NewTable("receivables.deposits", depositColumns(), kit.InMemory(func(ctx context.Context) ([]domain.Deposit, error) {
		return bank.FindDeposits(ctx, domain.DepositFilter{Limit: 1000})
	}, depositSorts))
	v.table.Empty = "No deposits yet.\nGroup cheques and cash paid in together with New deposit… above; the statement then shows them as one line."
	v.table.OnSelected = func(d domain.Deposit) {
		v.table.List().UnselectAll()
		v.askDelete(d)
	}
	v.export = widgets.NewExportButton(func() { v.table.ExportCSV(v.s.win, v.s.book.Export(), "deposits") })
	top := container.NewPadded(container.NewBorder(nil, nil, nil, container.NewHBox(v.export, add), v.count))
	v.obj = container.NewBorder(top, nil, nil, nil, v.table.Object())
	v.obj.Hide()
	return v
}

// askDelete offers to take apart a deposit made by mistake.
func (v *depositsView) askDelete(d domain.Deposit) {
	msg := fmt.Sprintf("Deposit %d of %s into %s on %s, %s.\n\nDelete it? Its payments stay recorded and can be deposited again.",
		d.ID, d.Total, d.AccountName, d.Date, widgets.Count(len(d.Payments), "payment", "payments"))
	v.confirm = dialog.NewConfirm("Delete deposit", msg, func(ok bool) {
		if ok {
			v.delete(d.ID)
		}
	}, v.s.win)
	v.confirm.SetConfirmText("Delete")
	v.confirm.Show()
}

// delete takes deposit id apart, off the UI goroutine, and says so, or why
// not.
func (v *depositsView) delete(id int64) {
	bank := v.s.book.Bank()
	kit.Write(func(ctx context.Context) (struct{}, error) {
		return struct{}{}, bank.DeleteDeposit(ctx, id)
	}, func(_ struct{}, err error) {
		if err != nil {
			kit.ShowError(err, v.s.win)
			return
		}
		v.s.status.SetText(fmt.Sprintf("Deleted deposit %d; its payments can be deposited again.", id))
		v.refresh()
	})
}

// refresh reads the deposits again in the background.
func (v *depositsView) refresh() {
	v.table.ReloadThen(func(n int) {
		v.count.SetText(widgets.Count(n, "deposit", "deposits"))
		if n == 0 {
			v.export.Disable()
			v.count.SetText("")
		} else {
			v.export.Enable()
		}
	})
}

// newDeposit reads the bank accounts off the UI goroutine, then opens the
// form for a deposit into one of them.
func (v *depositsView) newDeposit() {
	bank := v.s.book.Bank()
	kit.Load(v.opening, bank.FindBankAccounts, func(as []domain.BankAccount, err error) {
		if err != nil {
			kit.ShowError(err, v.s.win)
			return
		}
		if len(as) == 0 {
			dialog.ShowInformation("New deposit", "Add the bank account first: import its statement in the Bank view,\nor run clientbookctl bank account add.", v.s.win)
			return
		}
		v.form = newDepositForm(v, as)
	})
}

// depositForm records a deposit: the account, the day, the slip's number
// and total, and the payments ticked from those not yet deposited.
type depositForm struct {
	v        *depositsView
	accounts []domain.BankAccount

	account   *widget.Select
	date      *widget.Entry
	reference *widget.Entry
	total     *widget.Entry
	fields    widgets.Fields
	list      *widget.List
	sum       *widget.Label
	errs      *widget.Label
	d         dialog.Dialog
	loader    *kit.Loader // reads the payments on offer

	payments []domain.DepositPayment
	ticked   map[int64]bool
}

func newDepositForm(v *depositsView, as []domain.BankAccount) *depositForm {
	f := &depositForm{v: v, accounts: as, ticked: map[int64]bool{}, fields: widgets.Fields{}, loader: kit.NewLoader()}
	var names []string
	for _, a := range as {
		names = append(names, fmt.Sprintf("%s (%s)", a.Name, a.Currency))
	}
	f.account = widget.NewSelect(names, func(string) { f.load() })
	f.date = widget.NewEntry()
	f.date.SetText(today().String())
	f.date.OnChanged = func(string) { f.load() }
	f.reference = widget.NewEntry()
	f.reference.SetPlaceHolder("Paying-in slip number")
	f.total = widget.NewEntry()
	f.total.SetPlaceHolder("0.00")
	f.total.OnChanged = func(string) { f.recompute() }
	field := f.fields.Add
	f.list = widget.NewList(func() int { return len(f.payments) }, func() fyne.CanvasObject {
		return container.NewBorder(nil, nil, widget.NewCheck("", nil), nil,
			container.New(widgets.NewColumns(1.6, 4, 2, 3, 2), cell(fyne.TextAlignLeading), cell(fyne.TextAlignLeading),
				cell(fyne.TextAlignLeading), cell(fyne.TextAlignLeading), cell(fyne.TextAlignTrailing)))
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		c := o.(*fyne.Container)
		cols := c.Objects[0].(*fyne.Container).Objects
		check := c.Objects[1].(*widget.Check)
		p := f.payments[id]
		for i, t := range []string{p.Date.String(), p.ClientName, p.Method.Title(), p.Reference, p.Amount.Format()} {
			cols[i].(*widget.Label).SetText(t)
		}
		check.OnChanged = nil
		check.SetChecked(f.ticked[p.PaymentID])
		check.OnChanged = func(on bool) { f.tick(p.PaymentID, on) }
	})
	f.sum = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	f.errs = widgets.ErrorLine()
	save := widget.NewButtonWithIcon("Save deposit", theme.DocumentSaveIcon(), func() { f.Save() })
	save.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { f.d.Hide() })
	top := container.NewVBox(
		container.New(widgets.NewColumns(3, 1.6, 2, 1.6), field("account", "Account", f.account), field("date", "Paid in on", f.date),
			field("reference", "Reference", f.reference), field("total", "Slip total", f.total)),
		headerLabel(fmt.Sprintf("Payments not yet deposited, received in the %d days before", depositWindow), fyne.TextAlignLeading))
	bottom := container.NewVBox(f.sum, f.errs, container.NewHBox(layout.NewSpacer(), cancel, save))
	f.d = dialog.NewCustomWithoutButtons("New deposit", container.NewBorder(top, bottom, nil, nil, container.NewStack(f.list, f.loader.Spinner())), v.s.win)
	f.d.Resize(fyne.NewSize(900, 600))
	f.account.SetSelectedIndex(0)
	f.d.Show()
	return f
}

func (f *depositForm) acct() domain.BankAccount { return f.accounts[max(f.account.SelectedIndex(), 0)] }

// load reads the payments that can go in, in the account's currency up to
// the date typed, off the UI goroutine; a read for an older date or account
// is dropped.
func (f *depositForm) load() {
	if f.list == nil {
		return
	}
	d, err := domain.ParseDate(f.date.Text)
	if err != nil {
		f.fields["date"].SetError("Write it as YYYY-MM-DD.")
		return
	}
	f.fields["date"].SetError("")
	bank, filter := f.v.s.book.Bank(), domain.UndepositedFilter{Currency: f.acct().Currency,
		From: d.AddDays(-depositWindow), UpTo: d, Limit: 500}
	kit.Load(f.loader, func(ctx context.Context) ([]domain.DepositPayment, error) {
		return bank.UndepositedPayments(ctx, filter)
	}, func(ps []domain.DepositPayment, err error) {
		if err != nil {
			f.errs.SetText(domain.ErrorMessage(err))
			f.errs.Show()
			return
		}
		f.payments = ps
		f.list.Refresh()
		f.recompute()
	})
}

func (f *depositForm) tick(id int64, on bool) {
	if on {
		f.ticked[id] = true
	} else {
		delete(f.ticked, id)
	}
	f.recompute()
}

// chosen is the payments ticked that are still on offer, and their sum.
func (f *depositForm) chosen() ([]domain.DepositPayment, decimal.Decimal) {
	var out []domain.DepositPayment
	sum := decimal.Zero
	for _, p := range f.payments {
		if f.ticked[p.PaymentID] {
			out = append(out, p)
			sum = sum.Add(p.Amount.Amount)
		}
	}
	return out, sum
}

// recompute says what the ticked payments add up to against the total.
func (f *depositForm) recompute() {
	ps, sum := f.chosen()
	cur := f.acct().Currency
	text := fmt.Sprintf("%s ticked, adding up to %s", widgets.Count(len(ps), "payment", "payments"), money.Money{Amount: sum, Currency: cur})
	f.sum.Importance = widget.MediumImportance
	if t, err := money.Parse(f.total.Text, cur); err == nil && !t.Amount.Equal(sum) {
		text += fmt.Sprintf(" · %s off the slip total", money.Money{Amount: t.Amount.Sub(sum).Abs(), Currency: cur})
		f.sum.Importance = widget.DangerImportance
	}
	if len(f.payments) == 0 {
		text = fmt.Sprintf("No payments in %s wait to be deposited in the %d days up to %s.", cur, depositWindow, f.date.Text)
	}
	f.sum.SetText(text)
}

// Save checks the deposit and stores it off the UI goroutine; problems go to
// their fields and nothing is stored. It reports whether the deposit passed
// the checks; a refusal by the book shows in the form when it comes.
func (f *depositForm) Save() bool {
	for _, fl := range f.fields {
		fl.SetError("")
	}
	f.errs.Hide()
	a := f.acct()
	ps, sum := f.chosen()
	d := &domain.Deposit{AccountID: a.ID, Reference: f.reference.Text, Payments: ps,
		Total: money.Money{Amount: sum, Currency: a.Currency}}
	date, err := domain.ParseDate(f.date.Text)
	if err != nil {
		f.fields["date"].SetError("Write it as YYYY-MM-DD.")
		return false
	}
	d.Date = date
	if strings.TrimSpace(f.total.Text) != "" {
		t, err := money.Parse(f.total.Text, a.Currency)
		if err != nil {
			f.fields["total"].SetError(widgets.Sentence(err.Error()))
			return false
		}
		d.Total = t
	}
	if err := d.Validate(); err != nil {
		f.refused(err)
		return false
	}
	bank := f.v.s.book.Bank()
	kit.Write(func(ctx context.Context) (struct{}, error) {
		return struct{}{}, bank.CreateDeposit(ctx, d)
	}, func(_ struct{}, err error) {
		if err != nil {
			f.refused(err)
			return
		}
		f.d.Hide()
		f.v.s.status.SetText(fmt.Sprintf("Saved deposit %d: %s of %s into %s.", d.ID, d.Total,
			widgets.Count(len(d.Payments), "payment", "payments"), d.AccountName))
		f.v.refresh()
	})
	return true
}

// refused shows why the deposit cannot be stored: at the fields named, and
// the rest under the list.
func (f *depositForm) refused(err error) {
	var other []string
	for k, msg := range domain.FieldErrors(err) {
		if fl := f.fields[k]; fl != nil {
			fl.SetError(widgets.Sentence(msg))
		} else {
			other = append(other, widgets.Sentence(msg))
		}
	}
	if len(other) == 0 && len(domain.FieldErrors(err)) == 0 {
		other = append(other, domain.ErrorMessage(err))
	}
	widgets.SetError(f.errs, strings.Join(other, "\n"))
}
