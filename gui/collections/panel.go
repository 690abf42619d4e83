// Package collections is a client's collection log: the calls, emails and
// letters about money owed, the promises to pay and the disputes, latest
// first, beside a form to log the next step. An open dispute holds its
// invoice back from the reminders until it is resolved here.
package collections

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// pageSize is how many entries are read at a time as the list scrolls.
const pageSize = 100

// wholeAccount is the invoice choice for an entry about the client's account
// as a whole.
const wholeAccount = "Whole account"

// Panel shows one client's collection log.
type Panel struct {
	svc  domain.CollectionService
	docs domain.DocumentService
	win  fyne.Window
	now  func() time.Time

	client   *domain.Client
	invoices []domain.DocumentRow // the client's issued invoices, as offered

	kind           *widget.Select
	on             *widget.Entry
	invoice        *widget.Select
	text           *widget.Entry
	promisedDate   *widget.Entry
	promisedAmount *widget.Entry
	add            *widget.Button
	fields         map[string]*widgets.Field
	form           *fyne.Container

	// The dialog resolving a dispute, while it is open.
	resolving    *domain.CollectionEntry
	resolveDlg   dialog.Dialog
	resolveBody  *fyne.Container
	resolution   *widget.Entry
	resolvedOn   *widget.Entry
	resolveField map[string]*widgets.Field

	summary     *widget.Label
	list        *widget.List
	empty       *widget.Label
	placeholder fyne.CanvasObject
	content     fyne.CanvasObject
	root        *fyne.Container

	rows []domain.CollectionEntry
	more bool

	clean string // the form as last cleared, to tell typed edits
}

// New builds an empty panel; Show fills it for a client.
func New(svc domain.CollectionService, docs domain.DocumentService, win fyne.Window) *Panel {
	p := &Panel{svc: svc, docs: docs, win: win, now: time.Now, fields: map[string]*widgets.Field{}}
	var kinds []string
	for _, k := range domain.CollectionKinds {
		kinds = append(kinds, k.Title())
	}
	p.kind = widget.NewSelect(kinds, func(string) { p.kindChanged() })
	p.on = widget.NewEntry()
	p.on.SetPlaceHolder("YYYY-MM-DD")
	p.invoice = widget.NewSelect(nil, func(string) { p.invoiceChanged() })
	p.text = widget.NewMultiLineEntry()
	p.text.SetPlaceHolder("What was said or agreed")
	p.text.SetMinRowsVisible(3)
	p.text.Wrapping = fyne.TextWrapWord
	p.promisedDate = widget.NewEntry()
	p.promisedDate.SetPlaceHolder("YYYY-MM-DD")
	p.promisedAmount = widget.NewEntry()
	p.promisedAmount.SetPlaceHolder("0.00")
	p.add = widget.NewButtonWithIcon("Add to the log", theme.ContentAddIcon(), func() { p.Save() })
	p.add.Importance = widget.HighImportance

	field := func(key, label string, in fyne.CanvasObject) fyne.CanvasObject {
		f := widgets.NewField(label, in)
		p.fields[key] = f
		return f.Object()
	}
	p.form = container.NewVBox(
		widget.NewLabelWithStyle("Log a step", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewGridWithColumns(2, field("kind", "Kind", p.kind), field("on", "Date", p.on)),
		field("invoice", "Invoice", p.invoice),
		field("text", "What happened", p.text),
		container.NewGridWithColumns(2, field("promisedDate", "Promised by", p.promisedDate),
			field("promisedAmount", "Promised amount", p.promisedAmount)),
		container.NewHBox(p.add),
	)

	p.summary = widget.NewLabel("")
	p.summary.Importance = widget.LowImportance
	p.summary.Wrapping = fyne.TextWrapWord
	p.list = widget.NewList(func() int { return len(p.rows) }, p.newRow, p.updateRow)
	p.list.OnSelected = func(id widget.ListItemID) {
		p.list.UnselectAll()
		if id < len(p.rows) && p.rows[id].OnHold() {
			p.AskResolve(p.rows[id])
		}
	}
	p.empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	p.empty.Importance = widget.LowImportance
	p.empty.Wrapping = fyne.TextWrapWord

	left := container.NewBorder(p.summary, nil, nil, nil, container.NewStack(p.list, container.NewVBox(p.empty)))
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(p.form)))
	split.Offset = 0.5
	p.content = split
	msg := widget.NewLabelWithStyle("Save the client first; then log what is done to collect from them here.",
		fyne.TextAlignCenter, fyne.TextStyle{})
	msg.Importance = widget.LowImportance
	p.placeholder = container.NewCenter(msg)
	p.root = container.NewStack(p.content, p.placeholder)
	p.Show(nil)
	return p
}

// Object is the panel's layout.
func (p *Panel) Object() fyne.CanvasObject { return p.root }

// Show fills the panel for c; nil or an unsaved client shows a hint instead.
func (p *Panel) Show(c *domain.Client) {
	if c == nil || c.ID == 0 {
		p.client = nil
		p.content.Hide()
		p.placeholder.Show()
		return
	}
	same := p.client != nil && p.client.ID == c.ID
	p.client = c
	p.placeholder.Hide()
	p.content.Show()
	if same {
		// The same client read again (after its form was saved): what is
		// typed in the log form stays.
		p.Refresh()
		return
	}
	p.loadInvoices()
	p.clearForm()
	p.Refresh()
}

// snapshot is what the log form says.
func (p *Panel) snapshot() string {
	return strings.Join([]string{p.kind.Selected, p.on.Text, p.invoice.Selected, p.text.Text, p.promisedDate.Text,
		p.promisedAmount.Text}, "\x00")
}

// Dirty reports whether the log form holds a typed entry not yet logged.
func (p *Panel) Dirty() bool { return p.client != nil && p.snapshot() != p.clean }

// ConfirmLeave runs next once the log form has nothing unsaved, asking first
// whether to log what is typed.
func (p *Panel) ConfirmLeave(next func()) {
	if !p.Dirty() {
		next()
		return
	}
	widgets.AskSave(p.win, "Unsaved collection entry", "Log the entry typed for "+p.client.Name+"?", p.Save, next)
}

func (p *Panel) today() domain.Date { return domain.DateOf(p.now()) }

// loadInvoices offers the client's issued invoices, newest first, after the
// whole account.
func (p *Panel) loadInvoices() {
	rows, err := p.docs.FindDocuments(context.Background(), domain.DocumentFilter{Kind: domain.KindInvoice,
		Status: domain.DocIssued, ClientID: p.client.ID})
	if err != nil {
		kit.ShowError(err, p.win)
	}
	p.invoices = rows
	opts := []string{wholeAccount}
	for _, r := range rows {
		opts = append(opts, fmt.Sprintf("%s · %s · due %s", r.Number, r.Total, r.DueDate))
	}
	p.invoice.SetOptions(opts)
}

// chosenInvoice is the invoice picked in the form, nil for the whole account.
func (p *Panel) chosenInvoice() *domain.DocumentRow {
	if i := p.invoice.SelectedIndex(); i > 0 && i <= len(p.invoices) {
		return &p.invoices[i-1]
	}
	return nil
}

// currency is what a promised amount is in: the chosen invoice's currency,
// or the client's.
func (p *Panel) currency() string {
	if inv := p.chosenInvoice(); inv != nil {
		return inv.Total.Currency
	}
	return p.client.Currency
}

func (p *Panel) selectedKind() domain.CollectionKind {
	if i := p.kind.SelectedIndex(); i >= 0 {
		return domain.CollectionKinds[i]
	}
	return ""
}

// kindChanged offers the promise's day and amount only for a promise to pay.
func (p *Panel) kindChanged() {
	if p.selectedKind() == domain.CollectionPromise {
		p.promisedDate.Enable()
		p.promisedAmount.Enable()
		return
	}
	p.promisedDate.SetText("")
	p.promisedAmount.SetText("")
	p.promisedDate.Disable()
	p.promisedAmount.Disable()
}

// invoiceChanged names the currency a promised amount is in.
func (p *Panel) invoiceChanged() {
	if p.client != nil {
		p.fields["promisedAmount"].Label.SetText("Promised amount (" + p.currency() + ")")
	}
}

// clearForm readies the form for the next step: a call today about the whole
// account.
func (p *Panel) clearForm() {
	p.kind.SetSelected(domain.CollectionCall.Title())
	p.on.SetText(p.today().String())
	p.invoice.SetSelectedIndex(0)
	p.text.SetText("")
	p.kindChanged()
	p.invoiceChanged()
	p.clearErrors()
	p.clean = p.snapshot()
}

func (p *Panel) clearErrors() {
	for _, f := range p.fields {
		f.SetError("")
	}
	p.relayout()
}

// relayout lays the form out again after problems were shown or cleared. A
// wrapped message only knows its height once it has its width, so the form
// is laid out twice: once to give the messages their widths, once for the
// heights those widths make.
func (p *Panel) relayout() {
	p.form.Refresh()
	p.form.Refresh()
}

// dateField reads a typed day; a day that does not parse is shown at the
// field and reported as false.
func dateField(f *widgets.Field, e *widget.Entry) (domain.Date, bool) {
	if strings.TrimSpace(e.Text) == "" {
		return domain.Date{}, true
	}
	d, err := domain.ParseDate(e.Text)
	if err != nil {
		f.SetError("Enter the day as YYYY-MM-DD.")
		return domain.Date{}, false
	}
	return d, true
}

// Save logs what the form says. Problems are shown at their fields and
// nothing is stored. It reports whether the entry was stored.
func (p *Panel) Save() bool {
	if p.client == nil {
		return false
	}
	p.clearErrors()
	e := &domain.CollectionEntry{ClientID: p.client.ID, Kind: p.selectedKind(), Text: p.text.Text}
	if inv := p.chosenInvoice(); inv != nil {
		e.DocumentID = inv.ID
	}
	on, ok1 := dateField(p.fields["on"], p.on)
	promised, ok2 := dateField(p.fields["promisedDate"], p.promisedDate)
	e.On, e.PromisedDate = on, promised
	ok3 := true
	if s := strings.TrimSpace(p.promisedAmount.Text); s != "" {
		m, err := money.Parse(s, p.currency())
		if err != nil {
			p.fields["promisedAmount"].SetError(widgets.Sentence(err.Error()))
			ok3 = false
		}
		e.PromisedAmount = m
	}
	bad := !ok1 || !ok2 || !ok3
	if err := e.Validate(); err != nil {
		p.showFieldErrors(p.fields, err)
		bad = true
	}
	if bad {
		p.relayout()
		return false
	}
	if err := p.svc.AddCollectionEntry(context.Background(), e); err != nil {
		if !p.showFieldErrors(p.fields, err) {
			kit.ShowError(err, p.win)
		}
		p.relayout()
		return false
	}
	p.clearForm()
	p.Refresh()
	return true
}

// showFieldErrors shows an error's field messages at the fields that have
// none yet and reports whether it had any.
func (p *Panel) showFieldErrors(fields map[string]*widgets.Field, err error) bool {
	fe := domain.FieldErrors(err)
	for key, m := range fe {
		if f := fields[key]; f != nil && f.Error.Text == "" {
			f.SetError(widgets.Sentence(m))
		}
	}
	return len(fe) > 0
}

// AskResolve asks how an open dispute was resolved, and on what day.
func (p *Panel) AskResolve(e domain.CollectionEntry) {
	p.resolving = &e
	p.resolution = widget.NewMultiLineEntry()
	p.resolution.SetPlaceHolder("How it was settled, e.g. Credit note for the hours billed twice")
	p.resolution.SetMinRowsVisible(3)
	p.resolution.Wrapping = fyne.TextWrapWord
	p.resolvedOn = widget.NewEntry()
	p.resolvedOn.SetText(p.today().String())
	p.resolveField = map[string]*widgets.Field{
		"resolution": widgets.NewField("Resolution", p.resolution),
		"resolvedOn": widgets.NewField("Resolved on", p.resolvedOn),
	}
	what := widget.NewLabel(fmt.Sprintf("Invoice %s, disputed on %s: %s", e.DocumentNumber, e.On, e.Text))
	what.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(what, p.resolveField["resolution"].Object(), p.resolveField["resolvedOn"].Object())
	p.resolveBody = body
	d := dialog.NewCustomConfirm("Resolve the dispute", "Resolve", "Cancel", body, func(ok bool) {
		if ok && !p.ConfirmResolve() {
			p.resolveDlg.Show() // keep it open with its problems shown
			return
		}
		if !ok {
			p.resolving = nil
		}
	}, p.win)
	d.Resize(fyne.NewSize(480, 0))
	p.resolveDlg = d
	d.Show()
}

// ConfirmResolve resolves the dispute being asked about as the dialog says,
// showing problems at its fields. It reports whether it was resolved.
func (p *Panel) ConfirmResolve() bool {
	if p.resolving == nil {
		return false
	}
	for _, f := range p.resolveField {
		f.SetError("")
	}
	on, ok := dateField(p.resolveField["resolvedOn"], p.resolvedOn)
	if ok {
		err := p.svc.ResolveDispute(context.Background(), p.resolving.ID, on, p.resolution.Text)
		if err == nil {
			p.resolving = nil
			p.Refresh()
			return true
		}
		if !p.showFieldErrors(p.resolveField, err) {
			kit.ShowError(err, p.win)
		}
	}
	// Make room for the messages.
	p.resolveBody.Refresh()
	p.resolveBody.Refresh()
	p.resolveDlg.Resize(fyne.NewSize(480, 0))
	return false
}

// Refresh reads the first page of the client's log again.
func (p *Panel) Refresh() {
	if p.client == nil {
		return
	}
	p.rows, p.more = nil, true
	p.loadMore()
	p.list.Refresh()
	p.list.ScrollToTop()
	p.summary.SetText(p.summaryText())
	if len(p.rows) > 0 {
		p.empty.Hide()
	} else {
		p.empty.SetText("Nothing logged yet. Log calls, promises to pay and disputes with the form; the latest comes first.")
		p.empty.Show()
	}
}

// summaryText says which of the client's invoices are on hold.
func (p *Panel) summaryText() string {
	open, err := p.svc.FindCollectionEntries(context.Background(), domain.CollectionFilter{ClientID: p.client.ID, OpenDisputes: true})
	if err != nil || len(open) == 0 {
		return "No open disputes: every overdue invoice is reminded."
	}
	var numbers []string
	for _, e := range open {
		numbers = append(numbers, e.DocumentNumber)
	}
	return fmt.Sprintf("On hold, disputed: %s. Select a dispute to resolve it.", strings.Join(numbers, ", "))
}

// loadMore reads the next page of the log.
func (p *Panel) loadMore() {
	if !p.more || p.client == nil {
		return
	}
	page, err := p.svc.FindCollectionEntries(context.Background(), domain.CollectionFilter{ClientID: p.client.ID,
		Offset: len(p.rows), Limit: pageSize})
	if err != nil {
		kit.ShowError(err, p.win)
		p.more = false
		return
	}
	p.rows = append(p.rows, page...)
	p.more = len(page) == pageSize
}

// KindBadge is the text and colour an entry is shown with: an open dispute
// stands out, a resolved one is settled, a promise is good news.
func KindBadge(e domain.CollectionEntry) (string, fyne.ThemeColorName) {
	switch {
	case e.OnHold():
		return "Dispute · on hold", theme.ColorNameError
	case e.Kind == domain.CollectionDispute:
		return "Dispute · resolved", theme.ColorNameSuccess
	case e.Kind == domain.CollectionPromise:
		return e.Kind.Title(), theme.ColorNamePrimary
	}
	return e.Kind.Title(), theme.ColorNameButton
}

func (p *Panel) newRow() fyne.CanvasObject {
	badge := widgets.NewBadge("", theme.ColorNameButton)
	head := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Truncation = fyne.TextTruncateEllipsis
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(container.NewBorder(nil, nil, badge, nil, head), text)
}

// RowText is an entry's two lines in the list: the day and what it concerns,
// then what happened.
func RowText(e domain.CollectionEntry) (head, text string) {
	head = e.On.String()
	if e.DocumentNumber != "" {
		head += " · " + e.DocumentNumber
	} else {
		head += " · " + wholeAccount
	}
	parts := []string{strings.Join(strings.Fields(e.Text), " ")}
	if e.Kind == domain.CollectionPromise {
		parts = append([]string{fmt.Sprintf("%s by %s", e.PromisedAmount, e.PromisedDate)}, parts...)
	}
	if !e.ResolvedOn.IsZero() {
		parts = append(parts, fmt.Sprintf("resolved %s: %s", e.ResolvedOn, strings.Join(strings.Fields(e.Resolution), " ")))
	}
	return head, strings.Join(parts, " · ")
}

func (p *Panel) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.rows)-10 && p.more {
		p.loadMore()
		defer p.list.Refresh()
	}
	if id >= len(p.rows) {
		return
	}
	e := p.rows[id]
	box := o.(*fyne.Container)
	border := box.Objects[0].(*fyne.Container)
	head := border.Objects[0].(*widget.Label)
	badge := border.Objects[1].(*widgets.Badge)
	text := box.Objects[1].(*widget.Label)
	badge.Set(KindBadge(e))
	h, t := RowText(e)
	head.SetText(h)
	text.SetText(t)
	border.Refresh()
}

// Rows is the log as shown, the latest first.
func (p *Panel) Rows() []domain.CollectionEntry { return p.rows }
