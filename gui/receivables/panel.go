package receivables

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// allocWeights: number, issued, due, total, open, amount to allocate.
var allocWeights = []float32{3, 2.2, 2.2, 2.6, 2.6, 3}

// Panel records a payment, or changes a stored one: who paid, when, how much
// and how, and how much of it goes to each of the client's open invoices in
// the payment's currency. What is not allocated stays on the payment as the
// client's credit.
type Panel struct {
	book domain.Book
	win  fyne.Window

	pay     *domain.Payment // as loaded or last saved; ID 0 for a new one
	client  *domain.Client  // the chosen client, nil until one is picked
	dirty   bool
	saveBtn *widget.Button // the Save payment button, off while a save is written
	loading bool

	title       *widget.Label
	picker      *kit.ClientPicker
	clientEntry *widget.SelectEntry // the picker's box
	reader      *kit.Loader         // reads the client's open invoices
	date        *widgets.DateEntry
	amount      *widget.Entry
	currency    *widget.SelectEntry
	method      *widget.Select
	reference   *widget.Entry
	note        *widget.Entry
	fields      widgets.Fields

	items      []domain.OpenItem // the client's open invoices in the currency
	rows       []*allocRow       // one per item
	allocHead  *fyne.Container
	allocBox   *fyne.Container
	allocNote  *widget.Label // what the table shows, or why it is empty
	allocError *widget.Label
	autoBtn    *widget.Button
	summary    *widget.Label
	formError  *widget.Label
	actions    *fyne.Container
	titleRow   *fyne.Container
	body       *fyne.Container
	scroll     *container.Scroll
	root       fyne.CanvasObject

	// OnSaved is called after the payment was saved (nil after it was deleted).
	OnSaved func(p *domain.Payment)
	// OnClose asks the screen to go back to its view.
	OnClose func()
}

// allocRow is one open invoice in the allocation table with the amount to
// set against it and the message for that amount.
type allocRow struct {
	item   domain.OpenItem
	amount *widget.Entry
	errs   *widget.Label
	box    *fyne.Container
}

// NewPanel builds an empty payment panel over the book.
func NewPanel(book domain.Book, win fyne.Window) *Panel {
	p := &Panel{book: book, win: win, fields: widgets.Fields{}, reader: kit.NewLoader()}
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.title.SizeName = theme.SizeNameSubHeadingText
	p.title.Truncation = fyne.TextTruncateEllipsis

	p.picker = kit.NewClientPicker(book.Clients())
	p.picker.OnChanged = p.clientPicked
	p.clientEntry = p.picker.Entry
	p.date = widgets.NewDateEntry()
	p.date.OnChanged = func(string) { p.changed() }
	p.amount = p.entry("0.00")
	var codes []string
	for _, c := range money.Currencies() {
		codes = append(codes, c.Code)
	}
	p.currency = widget.NewSelectEntry(codes)
	p.currency.OnChanged = func(string) {
		if !p.loading {
			p.loadItems(nil)
			p.changed()
		}
	}
	var methods []string
	for _, m := range domain.PaymentMethods() {
		methods = append(methods, m.Title())
	}
	p.method = widget.NewSelect(methods, func(string) { p.changed() })
	p.reference = p.entry("Bank or client reference")
	p.note = p.entry("")

	field := p.fields.Add
	// Two rows of columns rather than one grid, so a message under a field
	// makes only its own row taller.
	head := container.NewVBox(
		container.New(widgets.NewColumns(1, 1, 1, 1), field("client", "Client", p.clientEntry),
			field("date", "Date received", p.date), field("amount", "Amount", p.amount), field("currency", "Currency", p.currency)),
		container.New(widgets.NewColumns(1, 1, 2), field("method", "Method", p.method),
			field("reference", "Reference", p.reference), field("note", "Note", p.note)))

	p.autoBtn = widget.NewButtonWithIcon("Auto-allocate", theme.MediaFastForwardIcon(), p.autoAllocate)
	invHead := widget.NewLabelWithStyle("Open invoices", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.allocNote = widget.NewLabel("")
	p.allocNote.Importance = widget.LowImportance
	p.allocNote.Wrapping = fyne.TextWrapWord
	p.allocHead = container.New(widgets.NewColumns(allocWeights...), headerLabel("Invoice", fyne.TextAlignLeading),
		headerLabel("Issued", fyne.TextAlignLeading), headerLabel("Due", fyne.TextAlignLeading),
		headerLabel("Total", fyne.TextAlignTrailing), headerLabel("Open", fyne.TextAlignTrailing),
		headerLabel("Allocate", fyne.TextAlignLeading))
	p.allocBox = container.NewVBox()
	p.allocError = widgets.ErrorLine()
	p.summary = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	p.formError = widgets.ErrorLine()

	p.actions = container.NewHBox()
	back := widget.NewButtonWithIcon("Receivables", theme.NavigateBackIcon(), func() { p.ConfirmLeave(p.close) })
	p.titleRow = container.NewBorder(nil, nil, back, p.actions, p.title)
	p.body = container.NewVBox(head, widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, container.NewHBox(p.reader.Spinner(), p.autoBtn), invHead), p.allocNote, p.allocHead, p.allocBox, p.allocError,
		widget.NewSeparator(), p.summary, p.formError)
	p.scroll = container.NewVScroll(container.NewPadded(p.body))
	p.root = container.NewBorder(container.NewVBox(container.NewPadded(p.titleRow), widget.NewSeparator()), nil, nil, nil,
		p.scroll)
	return p
}

// relayout lays the panel out again after rows, messages or buttons came or
// went, so nothing is drawn where the old layout put it. The body is laid
// out twice: a message that wraps only knows how tall it is once the first
// pass has given it its width.
func (p *Panel) relayout() {
	p.titleRow.Refresh()
	p.body.Refresh()
	p.body.Refresh()
	p.scroll.Refresh()
}

func (p *Panel) entry(placeholder string) *widget.Entry {
	w := widget.NewEntry()
	w.SetPlaceHolder(placeholder)
	w.OnChanged = func(string) { p.changed() }
	return w
}

// Object is the panel's layout.
func (p *Panel) Object() fyne.CanvasObject { return p.root }

// Payment is the payment as loaded or last saved.
func (p *Panel) Payment() *domain.Payment { return p.pay }

// Dirty reports unsaved edits.
func (p *Panel) Dirty() bool { return p.dirty }

func (p *Panel) close() {
	if p.OnClose != nil {
		p.OnClose()
	}
}

// NewPayment starts a payment received today from client (nil to choose
// one) in currency ("" for the client's own, or the company's).
func (p *Panel) NewPayment(client *domain.Client, currency string) {
	if currency == "" && client != nil {
		currency = client.Currency
	}
	if currency == "" { // the company's, read off the UI goroutine
		company := p.book.Company()
		kit.Load(p.reader, company.Company, func(co domain.Company, _ error) { p.NewPayment(client, co.Currency) })
		return
	}
	pay := &domain.Payment{Date: today(), Amount: money.Zero(currency), Method: domain.MethodBankTransfer}
	if client != nil {
		pay.ClientID, pay.ClientName = client.ID, client.Name
	}
	p.Load(pay)
	if client == nil {
		p.win.Canvas().Focus(p.clientEntry)
	} else {
		p.win.Canvas().Focus(p.amount)
	}
}

// Load shows pay: a new payment (ID 0) to record or a stored one to change.
// Its client's open invoices, with the amounts pay sets against them, show
// once they are read off the UI goroutine.
func (p *Panel) Load(pay *domain.Payment) {
	p.loading = true
	defer func() { p.loading = false }()
	p.pay = pay
	p.client = nil
	if pay.ClientID != 0 {
		p.client = &domain.Client{ID: pay.ClientID, Name: pay.ClientName} // all the panel needs of it
	}
	p.picker.SetClient(p.client)
	p.date.SetText(pay.Date.String())
	p.amount.SetText("")
	if pay.Amount.Amount.IsPositive() {
		p.amount.SetText(pay.Amount.Format())
	}
	p.currency.SetText(pay.Amount.Currency)
	p.method.SetSelectedIndex(0)
	for i, m := range domain.PaymentMethods() {
		if m == pay.Method {
			p.method.SetSelectedIndex(i)
		}
	}
	p.reference.SetText(pay.Reference)
	p.note.SetText(pay.Note)
	p.loadItems(func() {
		if p.pay != pay {
			return
		}
		was := p.loading
		p.loading = true
		for _, a := range pay.Allocations {
			for _, r := range p.rows {
				if r.item.DocumentID == a.DocumentID {
					r.amount.SetText(money.Money{Amount: a.Amount, Currency: pay.Amount.Currency}.Format())
				}
			}
		}
		p.loading = was
		p.recompute()
	})
	if pay.ID == 0 {
		p.title.SetText("Record a payment")
	} else {
		p.title.SetText(fmt.Sprintf("Payment of %s from %s", pay.Amount, pay.ClientName))
	}
	p.actions.RemoveAll()
	if pay.ID != 0 {
		p.actions.Add(widget.NewButtonWithIcon("Delete payment", theme.DeleteIcon(), p.delete))
	}
	p.saveBtn = widget.NewButtonWithIcon("Save payment", theme.DocumentSaveIcon(), func() { p.Save() })
	p.saveBtn.Importance = widget.HighImportance
	p.actions.Add(p.saveBtn)
	p.actions.Refresh()
	p.clearErrors()
	p.dirty = false
	p.loading = false
	p.recompute()
	p.relayout()
}

// clientPicked takes the client the client box names now (nil for none),
// once the picker has looked it up.
func (p *Panel) clientPicked(c *domain.Client) {
	if p.loading {
		return
	}
	switch {
	case c != nil && (p.client == nil || p.client.ID != c.ID):
		p.pickClient(c)
	case c == nil && p.client != nil:
		p.client = nil
		p.loadItems(nil)
	}
	p.changed()
}

// pickClient takes the client's currency and shows its open invoices.
func (p *Panel) pickClient(c *domain.Client) {
	p.client = c
	p.loading = true
	p.currency.SetText(c.Currency)
	p.loading = false
	p.fields["client"].SetError("")
	p.loadItems(nil)
}

// loadItems reads the chosen client's open invoices in the currency into
// the allocation table off the UI goroutine, keeping the amounts already
// typed for invoices that are still there, then runs then (nil for
// nothing). A read for a client or currency chosen before is dropped.
func (p *Panel) loadItems(then func()) {
	typed := map[int64]string{}
	for _, r := range p.rows {
		typed[r.item.DocumentID] = r.amount.Text
	}
	cur := strings.ToUpper(strings.TrimSpace(p.currency.Text))
	_, curErr := money.LookupCurrency(cur)
	show := func(items []domain.OpenItem, note string) {
		p.items = items
		p.allocNote.SetText(note)
		p.showItems(cur, typed)
		if then != nil {
			then()
		}
	}
	switch {
	case p.client == nil:
		p.reader.Drop()
		show(nil, "Choose the client who paid to see the invoices it has open.")
	case curErr != nil:
		p.reader.Drop()
		show(nil, "Choose the payment's currency to see the invoices open in it.")
	default:
		p.items, p.rows = nil, nil
		p.allocBox.RemoveAll()
		p.allocNote.SetText(fmt.Sprintf("Reading %s's open invoices in %s…", p.client.Name, cur))
		payments, client, payID := p.book.Payments(), p.client, p.pay.ID
		kit.Load(p.reader, func(ctx context.Context) ([]domain.OpenItem, error) {
			return payments.OpenItems(ctx, client.ID, cur, domain.Date{}, payID)
		}, func(items []domain.OpenItem, err error) {
			if err != nil {
				kit.ShowError(err, p.win)
			}
			note := fmt.Sprintf("Set the payment against %s's open invoices in %s, or let Auto-allocate pay the oldest due first.",
				client.Name, cur)
			if len(items) == 0 {
				note = fmt.Sprintf("%s has no open invoices in %s; the whole payment will be credit.", client.Name, cur)
			}
			show(items, note)
		})
	}
}

// showItems lays out the allocation table for p.items in cur, with the
// amounts typed before for the invoices still there.
func (p *Panel) showItems(cur string, typed map[int64]string) {
	p.rows = nil
	p.allocBox.RemoveAll()
	in := func(d decimal.Decimal) string { return money.Money{Amount: d, Currency: cur}.Format() }
	for _, it := range p.items {
		r := &allocRow{item: it, amount: widget.NewEntry(), errs: widgets.ErrorLine()}
		r.amount.SetPlaceHolder("0.00")
		r.amount.SetText(typed[it.DocumentID])
		r.amount.OnChanged = func(string) { p.changed() }
		num := cell(fyne.TextAlignLeading)
		num.TextStyle.Bold = true
		num.SetText(it.Number)
		issued, due, total, open := cell(fyne.TextAlignLeading), cell(fyne.TextAlignLeading), cell(fyne.TextAlignTrailing),
			cell(fyne.TextAlignTrailing)
		issued.SetText(dateText(it.IssueDate))
		due.SetText(dateText(it.DueDate))
		total.SetText(in(it.Total))
		open.SetText(in(it.Open))
		r.box = container.NewVBox(container.New(widgets.NewColumns(allocWeights...), num, issued, due, total, open, r.amount), r.errs)
		p.rows = append(p.rows, r)
		p.allocBox.Add(r.box)
	}
	if len(p.items) == 0 {
		p.autoBtn.Disable()
		p.allocHead.Hide()
	} else {
		p.autoBtn.Enable()
		p.allocHead.Show()
	}
	p.recompute()
	if !p.loading {
		p.relayout()
	}
}

// changed marks the form dirty and updates the allocated and unapplied line.
func (p *Panel) changed() {
	if p.loading {
		return
	}
	p.dirty = true
	p.recompute()
}

// recompute shows what is allocated and what is left as credit, as typed.
func (p *Panel) recompute() {
	cur := strings.ToUpper(strings.TrimSpace(p.currency.Text))
	if _, err := money.LookupCurrency(cur); err != nil {
		p.summary.SetText("Allocated — · Unapplied credit —")
		p.summary.Importance = widget.MediumImportance
		p.summary.Refresh()
		return
	}
	in := func(d decimal.Decimal) string { return money.Money{Amount: d, Currency: cur}.Format() }
	allocated, readable := decimal.Zero, true
	for _, r := range p.rows {
		if strings.TrimSpace(r.amount.Text) == "" {
			continue
		}
		m, err := money.Parse(r.amount.Text, cur)
		if err != nil {
			readable = false
			continue
		}
		allocated = allocated.Add(m.Amount)
	}
	alloc := in(allocated)
	if !readable {
		alloc = "—"
	}
	amount, err := money.Parse(p.amount.Text, cur)
	switch {
	case err != nil || !readable:
		p.summary.SetText(fmt.Sprintf("Allocated %s · Unapplied credit —", alloc))
		p.summary.Importance = widget.MediumImportance
	case allocated.GreaterThan(amount.Amount):
		p.summary.SetText(fmt.Sprintf("Allocated %s · %s more than the payment", alloc, in(allocated.Sub(amount.Amount))))
		p.summary.Importance = widget.DangerImportance
	default:
		p.summary.SetText(fmt.Sprintf("Allocated %s · Unapplied credit %s", alloc, in(amount.Amount.Sub(allocated))))
		p.summary.Importance = widget.MediumImportance
	}
	p.summary.Refresh()
}

// Summary is the line saying what is allocated and what is left as credit.
func (p *Panel) Summary() string { return p.summary.Text }

// collect reads the inputs into a payment. Inputs that cannot be read (an
// amount that is not a number, a date that is not a date) are reported in
// problems by field key, allocations by their index in the payment; rowOf
// maps that index to the table's row.
func (p *Panel) collect() (pay *domain.Payment, problems map[string]string, rowOf []int) {
	problems = map[string]string{}
	c := *p.pay
	pay = &c
	pay.Allocations = nil
	if p.client != nil {
		pay.ClientID, pay.ClientName = p.client.ID, p.client.Name
	} else {
		pay.ClientID, pay.ClientName = 0, ""
		if strings.TrimSpace(p.clientEntry.Text) != "" {
			problems["client"] = "Choose a client from the list."
		}
	}
	cur, curErr := money.LookupCurrency(p.currency.Text)
	pay.Amount = money.Money{Amount: decimal.Zero, Currency: strings.ToUpper(strings.TrimSpace(p.currency.Text))}
	if curErr != nil {
		problems["currency"] = widgets.Sentence(curErr.Error())
	}
	pay.Date = domain.Date{}
	if t := strings.TrimSpace(p.date.Text); t != "" {
		d, err := domain.ParseDate(t)
		if err != nil {
			problems["date"] = fmt.Sprintf("Enter the date as YYYY-MM-DD, e.g. %s.", today())
		}
		pay.Date = d
	}
	if curErr == nil {
		if strings.TrimSpace(p.amount.Text) != "" {
			m, err := money.Parse(p.amount.Text, cur.Code)
			if err != nil {
				problems["amount"] = widgets.Sentence(err.Error())
			}
			pay.Amount.Amount = m.Amount
		}
	}
	if i := p.method.SelectedIndex(); i >= 0 {
		pay.Method = domain.PaymentMethods()[i]
	}
	pay.Reference, pay.Note = p.reference.Text, p.note.Text
	for i, r := range p.rows {
		if strings.TrimSpace(r.amount.Text) == "" {
			continue
		}
		a := domain.Allocation{PaymentID: pay.ID, DocumentID: r.item.DocumentID, DocumentNumber: r.item.Number, Amount: decimal.Zero}
		if curErr == nil {
			m, err := money.Parse(r.amount.Text, cur.Code)
			if err != nil {
				problems[domain.AllocationField(len(pay.Allocations), "amount")] = fmt.Sprintf("Invoice %s: %s.", r.item.Number, err)
			}
			a.Amount = m.Amount
		}
		pay.Allocations = append(pay.Allocations, a)
		rowOf = append(rowOf, i)
	}
	return pay, problems, rowOf
}

// autoAllocate fills the table the way domain.AutoAllocate shares the
// amount out: the invoice due first is paid first.
func (p *Panel) autoAllocate() {
	pay, problems, _ := p.collect()
	for _, k := range []string{"currency", "amount"} {
		if msg, bad := problems[k]; bad {
			p.showErrors(map[string]string{k: msg})
			return
		}
	}
	allocs, err := domain.AutoAllocate(pay, p.items)
	if err != nil {
		p.showErrors(map[string]string{"amount": domain.ErrorMessage(err)})
		return
	}
	p.clearErrors()
	p.relayout()
	by := map[int64]decimal.Decimal{}
	for _, a := range allocs {
		by[a.DocumentID] = a.Amount
	}
	p.loading = true
	for _, r := range p.rows {
		r.amount.SetText("")
		if amt, ok := by[r.item.DocumentID]; ok {
			r.amount.SetText(money.Money{Amount: amt, Currency: pay.Amount.Currency}.Format())
		}
	}
	p.loading = false
	p.changed()
}

func (p *Panel) clearErrors() {
	for _, f := range p.fields {
		f.SetError("")
	}
	for _, r := range p.rows {
		r.errs.Hide()
	}
	p.allocError.Hide()
	p.formError.Hide()
}

// showErrors puts each message at its field; an allocation's message goes
// under its invoice in the table (rowOf maps allocation index to row).
func (p *Panel) showErrors(fieldErrs map[string]string, rowOf ...int) {
	p.clearErrors()
	var other []string
	keys := make([]string, 0, len(fieldErrs))
	for k := range fieldErrs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		msg := widgets.Sentence(fieldErrs[k])
		var i int
		if n, _ := fmt.Sscanf(k, "allocations.%d.", &i); n == 1 && i < len(rowOf) && rowOf[i] < len(p.rows) {
			r := p.rows[rowOf[i]]
			r.errs.SetText(msg)
			r.errs.Show()
			continue
		}
		if f := p.fields[k]; f != nil {
			f.SetError(msg)
			continue
		}
		if k == "allocations" {
			p.allocError.SetText(msg)
			p.allocError.Show()
			continue
		}
		other = append(other, msg)
	}
	if len(other) > 0 {
		p.formError.SetText(strings.Join(other, "\n"))
		p.formError.Show()
	}
	p.relayout()
}

// Save stores the payment with its allocations (Ctrl/Cmd+S, the button):
// see kit.SaveNow.
func (p *Panel) Save() bool { return kit.SaveNow(p.SaveThen) }

// SaveThen stores the payment with its allocations off the UI goroutine,
// then runs done (nil for nothing) with whether it was stored. Problems are
// shown at their fields and nothing is stored. It reports whether the
// payment passed the checks and went to be stored.
func (p *Panel) SaveThen(done func(ok bool)) bool {
	if p.pay == nil || p.reader.Busy() { // the open invoices are still being read
		return false
	}
	pay, problems, rowOf := p.collect()
	// Say everything at once: what could not be read, then what the domain
	// finds in the payment and in each allocation against what is open on
	// its invoice. The book checks it all again as it stores the payment.
	open := map[int64]domain.OpenItem{}
	for _, it := range p.items {
		open[it.DocumentID] = it
	}
	for _, err := range []error{pay.Validate(), domain.CheckAllocations(pay, open)} {
		for k, msg := range domain.FieldErrors(err) {
			if _, seen := problems[k]; !seen {
				problems[k] = msg
			}
		}
	}
	if len(problems) > 0 {
		p.showErrors(problems, rowOf...)
		return false
	}
	payments, saved := p.book.Payments(), pay
	return kit.Put(p.saveBtn, func(ctx context.Context) error {
		store := payments.UpdatePayment
		if pay.ID == 0 {
			store = payments.CreatePayment
		}
		if err := store(ctx, pay); err != nil {
			return err
		}
		if s, err := payments.FindPaymentByID(ctx, pay.ID); err == nil {
			saved = s
		}
		return nil
	}, func() {
		p.dirty = false
		p.pay = saved
		if p.OnSaved != nil {
			p.OnSaved(saved)
		}
	}, func(err error) {
		if fe := domain.FieldErrors(err); len(fe) > 0 {
			p.showErrors(fe, rowOf...)
		} else {
			p.showErrors(nil)
			kit.ShowError(err, p.win)
		}
	}, done)
}

// ConfirmLeave runs next, asking first about unsaved edits.
func (p *Panel) ConfirmLeave(next func()) {
	if !p.dirty {
		next()
		return
	}
	widgets.AskSaveThen(p.win, "Unsaved payment", "This payment has changes that are not saved yet.", kit.Then(p.SaveThen), next)
}

// Revert discards unsaved edits.
func (p *Panel) Revert() {
	if p.pay != nil {
		p.Load(p.pay)
	}
}

func (p *Panel) delete() {
	msg := fmt.Sprintf("Delete the payment of %s from %s? The invoices it paid will be open again.", p.pay.Amount, p.pay.ClientName)
	widgets.Confirm("Delete payment", "Delete payment", msg, func(ok bool) {
		if !ok {
			return
		}
		payments, id := p.book.Payments(), p.pay.ID
		kit.Write(func(ctx context.Context) (struct{}, error) {
			return struct{}{}, payments.DeletePayment(ctx, id)
		}, func(_ struct{}, err error) {
			if err != nil {
				kit.ShowError(err, p.win)
				return
			}
			p.dirty = false
			if p.OnSaved != nil {
				p.OnSaved(nil)
			}
		})
	}, p.win)
}
