// Package collections is a client's collection log: the calls, emails and
// letters about money owed, the promises to pay and the disputes, latest
// first, beside a form to log the next step. An open dispute holds its
// invoice back from the reminders until it is resolved here.
package collections

import (
	"cmp"
	"context"
	"fmt"
	"io"
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
	fields         widgets.Fields
	form           *fyne.Container

	// The dialog resolving a dispute, while it is open.
	resolving    *domain.CollectionEntry
	resolveDlg   dialog.Dialog
	resolveBody  *fyne.Container
	resolution   *widget.Entry
	resolvedOn   *widget.Entry
	resolveField map[string]*widgets.Field

	summary *widget.Label
	export  *kit.ClientExport[domain.CollectionEntry]
	table   *kit.Table[domain.CollectionEntry]
	filter  kit.Shared[domain.CollectionFilter] // what the table reads
	load    *kit.Loader                         // the summary
	invLoad *kit.Loader                         // the invoices offered
	content fyne.CanvasObject
	pane    *kit.ClientPane

	draft kit.Draft // the form's typed text, asked about before it is dropped
}

// New builds an empty panel; Show fills it for a client.
func New(svc domain.CollectionService, docs domain.DocumentService, win fyne.Window) *Panel {
	p := &Panel{svc: svc, docs: docs, win: win, now: time.Now, fields: widgets.Fields{}, load: kit.NewLoader(), invLoad: kit.NewLoader()}
	p.draft = kit.Draft{Win: win, Title: "Unsaved collection entry", Save: p.SaveThen,
		Ask:    func() string { return "Log the entry typed for " + p.client.Name + "?" },
		Active: func() bool { return p.client != nil },
		Inputs: func() []string {
			return []string{p.kind.Selected, p.on.Text, p.invoice.Selected, p.text.Text, p.promisedDate.Text, p.promisedAmount.Text}
		}}
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

	field := p.fields.Add
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
	p.table = kit.NewTable("collections", columns(), kit.InMemory(func(ctx context.Context) ([]domain.CollectionEntry, error) {
		f := p.filter.Get()
		if f.ClientID == 0 {
			return nil, nil
		}
		return p.svc.FindCollectionEntries(ctx, f)
	}, sorts))
	p.table.Empty = "Nothing logged yet. Log calls, promises to pay and disputes with the form; the latest comes first."
	p.table.OnSelected = func(e domain.CollectionEntry) {
		p.table.List().UnselectAll()
		if e.OnHold() {
			p.AskResolve(e)
		}
	}
	p.export = kit.NewClientExport(win, p.table, "collections", "collection log", func() *domain.Client { return p.client })
	p.content = kit.ListAbove(container.NewBorder(nil, nil, nil, p.export.Button, p.summary), p.table.Object(), p.form, 0.45)
	p.pane = kit.NewClientPane(p.content, "Save the client first; then log what is done to collect from them here.")
	return p
}

// Object is the panel's layout.
func (p *Panel) Object() fyne.CanvasObject { return p.pane.Object() }

// Show fills the panel for c; nil or an unsaved client shows a hint instead.
// The same client read again (after its form was saved) keeps what is
// typed in the log form.
func (p *Panel) Show(c *domain.Client) {
	p.pane.Follow(c, func(c *domain.Client) { p.client = c }, func() {
		p.loadInvoices(nil)
		p.clearForm()
	}, p.Refresh)
}

// Dirty reports whether the form holds typed text not stored.
func (p *Panel) Dirty() bool { return p.draft.Dirty() }

// ConfirmLeave runs next once the form holds nothing typed, asking first
// whether to store what is.
func (p *Panel) ConfirmLeave(next func()) { p.draft.ConfirmLeave(next) }

func (p *Panel) today() domain.Date { return domain.DateOf(p.now()) }

// loadInvoices offers the client's issued invoices, newest first, after the
// whole account, read off the UI goroutine; then then (nil for nothing)
// runs.
func (p *Panel) loadInvoices(then func()) {
	docs, id := p.docs, p.client.ID
	kit.Load(p.invLoad, func(ctx context.Context) ([]domain.DocumentRow, error) {
		return docs.FindDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice, Status: domain.DocIssued, ClientID: id})
	}, func(rows []domain.DocumentRow, err error) {
		if err != nil {
			kit.ShowError(err, p.win)
		}
		if p.client == nil || p.client.ID != id {
			return
		}
		p.invoices = rows
		opts := []string{wholeAccount}
		for _, r := range rows {
			opts = append(opts, fmt.Sprintf("%s · %s · due %s", r.Number, r.Total, r.DueDate))
		}
		p.invoice.SetOptions(opts)
		if then != nil {
			then()
		}
	})
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
	p.draft.Mark()
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

// Save logs what the form says (the Add button): see kit.SaveNow.
func (p *Panel) Save() bool { return kit.SaveNow(p.SaveThen) }

// SaveThen logs what the form says, off the UI goroutine, then runs done
// (nil for nothing) with whether it was stored. Problems are shown at their
// fields and nothing is stored. It reports whether the entry passed the
// checks and went to be stored.
func (p *Panel) SaveThen(done func(ok bool)) bool {
	if p.client == nil {
		return false
	}
	p.clearErrors()
	e := &domain.CollectionEntry{ClientID: p.client.ID, Kind: p.selectedKind(), Text: p.text.Text}
	if inv := p.chosenInvoice(); inv != nil {
		e.DocumentID = inv.ID
	}
	on, ok1 := widgets.ReadDate(p.fields["on"], p.on.Text)
	promised, ok2 := widgets.ReadDate(p.fields["promisedDate"], p.promisedDate.Text)
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
	svc := p.svc
	return kit.Put(p.add, func(ctx context.Context) error { return svc.AddCollectionEntry(ctx, e) }, func() {
		p.clearForm()
		p.Refresh()
	}, func(err error) {
		kit.ShowRefusal(p.fields, err, p.win)
		p.relayout()
	}, done)
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
		if ok {
			p.ConfirmResolve()
			return
		}
		p.resolving = nil
	}, p.win)
	d.Resize(fyne.NewSize(480, 0))
	p.resolveDlg = d
	d.Show()
}

// ConfirmResolve resolves the dispute being asked about as the dialog says,
// off the UI goroutine; a problem shows at its field with the dialog open
// again. It reports whether the resolution passed the checks and had not
// been refused by the time it returns (under kit.RunInline, whether it was
// stored).
func (p *Panel) ConfirmResolve() bool {
	if p.resolving == nil {
		return false
	}
	for _, f := range p.resolveField {
		f.SetError("")
	}
	refused := func() {
		// Keep it open, with room for the messages.
		p.resolveBody.Refresh()
		p.resolveDlg.Resize(fyne.NewSize(480, 0))
		p.resolveDlg.Show()
	}
	on, ok := widgets.ReadDate(p.resolveField["resolvedOn"], p.resolvedOn.Text)
	if !ok {
		refused()
		return false
	}
	svc, id, text, stored := p.svc, p.resolving.ID, p.resolution.Text, true
	kit.Write(func(ctx context.Context) (struct{}, error) {
		return struct{}{}, svc.ResolveDispute(ctx, id, on, text)
	}, func(_ struct{}, err error) {
		if err == nil {
			p.resolving = nil
			p.Refresh()
			return
		}
		stored = false
		if !p.showFieldErrors(p.resolveField, err) {
			kit.ShowError(err, p.win)
		}
		refused()
	})
	return stored
}

// Refresh reads the client's log again, in the background, and which of
// their invoices are on hold; the form stays as it is.
func (p *Panel) Refresh() {
	if p.client == nil {
		return
	}
	id := p.client.ID
	p.filter.Set(domain.CollectionFilter{ClientID: id})
	p.table.Reload()
	kit.Load(p.load, func(ctx context.Context) (string, error) {
		return p.summaryText(ctx, id), nil
	}, func(text string, _ error) {
		if p.client != nil && p.client.ID == id {
			p.summary.SetText(text)
		}
	})
}

// Watch keeps the log current: after any write to the book's collection
// log, documents or payments, wherever it was made, the client's log is read
// again, and the invoices offered too while none is chosen. What is typed in
// the form stays.
func (p *Panel) Watch(book domain.Book) (stop func()) {
	return kit.Watch(book, func(cs domain.Changes) {
		if p.client == nil || !cs.Touches("collection", "document", "payment", "import") {
			return
		}
		if cs.Touches("document", "import") && p.invoice.SelectedIndex() <= 0 {
			p.loadInvoices(func() { p.invoice.SetSelectedIndex(0) })
		}
		p.Refresh()
	})
}

// summaryText says which of the client's invoices are on hold.
func (p *Panel) summaryText(ctx context.Context, clientID int64) string {
	open, err := p.svc.FindCollectionEntries(ctx, domain.CollectionFilter{ClientID: clientID, OpenDisputes: true})
	if err != nil || len(open) == 0 {
		return "No open disputes: every overdue invoice is reminded."
	}
	var numbers []string
	for _, e := range open {
		numbers = append(numbers, e.DocumentNumber)
	}
	return fmt.Sprintf("On hold, disputed: %s. Select a dispute to resolve it.", strings.Join(numbers, ", "))
}

// columns are the log's columns, its CSV's too.
func columns() []kit.Column[domain.CollectionEntry] {
	raw := func(f func(domain.CollectionEntry) string) func(domain.CollectionEntry) domain.TableCell {
		return func(e domain.CollectionEntry) domain.TableCell { return domain.RawCell(f(e)) }
	}
	on := func(e domain.CollectionEntry) string { return e.On.String() }
	promisedBy := func(e domain.CollectionEntry) string { return e.PromisedDate.String() }
	resolved := func(e domain.CollectionEntry) string { return e.ResolvedOn.String() }
	currency := func(e domain.CollectionEntry) string {
		if e.PromisedAmount.IsZero() {
			return ""
		}
		return e.PromisedAmount.Currency
	}
	return []kit.Column[domain.CollectionEntry]{
		{Title: "Date", Key: "on", Width: 96, Min: 80, Sort: "on", Text: on, CSV: raw(on)},
		{Title: "Kind", Key: "kind", Width: 138, Sort: "kind", Text: kindText, Importance: kindImportance,
			CSV: func(e domain.CollectionEntry) domain.TableCell { return domain.RawCell(string(e.Kind)) }},
		{Title: "Invoice", Key: "invoice", Width: 130, Sort: "invoice", Text: invoiceText},
		{Title: "What happened", Key: "text", Width: 120, Stretch: true, Text: func(e domain.CollectionEntry) string { return oneLine(e.Text) },
			CSV: func(e domain.CollectionEntry) domain.TableCell { return domain.TextCell(e.Text) }},
		{Title: "Promised", Key: "promised_amount", Width: 100, Align: fyne.TextAlignTrailing, Sort: "promised",
			Text: func(e domain.CollectionEntry) string {
				if e.PromisedAmount.IsZero() {
					return ""
				}
				return e.PromisedAmount.Format()
			},
			CSV: func(e domain.CollectionEntry) domain.TableCell {
				if e.PromisedAmount.IsZero() {
					return domain.RawCell("")
				}
				return domain.NumberCell(e.PromisedAmount.Fixed())
			}},
		{Title: "Cur.", Key: "currency", Width: kit.CurrencyWidth, Min: kit.CurrencyWidth, Text: currency, CSV: raw(currency)},
		{Title: "Promised by", Key: "promised_date", Width: 100, Min: 80, Sort: "promised_date", Text: promisedBy, CSV: raw(promisedBy)},
		{Title: "Resolved", Key: "resolved_on", Width: 96, Min: 80, Text: resolved, CSV: raw(resolved)},
		{Title: "Resolution", Key: "resolution", Width: 200, Text: func(e domain.CollectionEntry) string { return oneLine(e.Resolution) },
			CSV: func(e domain.CollectionEntry) domain.TableCell { return domain.TextCell(e.Resolution) }},
	}
}

// sorts order the log by a header; unsorted it is the latest first, as the
// book lists it.
var sorts = kit.Sorts[domain.CollectionEntry]{
	"on":       func(a, b domain.CollectionEntry) int { return cmp.Compare(a.On.String(), b.On.String()) },
	"kind":     func(a, b domain.CollectionEntry) int { return strings.Compare(kindText(a), kindText(b)) },
	"invoice":  func(a, b domain.CollectionEntry) int { return strings.Compare(invoiceText(a), invoiceText(b)) },
	"promised": func(a, b domain.CollectionEntry) int { return a.PromisedAmount.Amount.Cmp(b.PromisedAmount.Amount) },
	"promised_date": func(a, b domain.CollectionEntry) int {
		return cmp.Compare(a.PromisedDate.String(), b.PromisedDate.String())
	},
}

// kindText is what an entry is, a dispute with where it stands: "Call",
// "Promise to pay", "Dispute · on hold", "Dispute · resolved".
func kindText(e domain.CollectionEntry) string {
	switch {
	case e.OnHold():
		return "Dispute · on hold"
	case e.Kind == domain.CollectionDispute:
		return "Dispute · resolved"
	}
	return e.Kind.Title()
}

// kindImportance makes an open dispute stand out in red, a resolved one
// green and a promise to pay in the primary colour.
func kindImportance(e domain.CollectionEntry) widget.Importance {
	switch {
	case e.OnHold():
		return widget.DangerImportance
	case e.Kind == domain.CollectionDispute:
		return widget.SuccessImportance
	case e.Kind == domain.CollectionPromise:
		return widget.HighImportance
	}
	return widget.MediumImportance
}

// invoiceText is the invoice an entry concerns, or the whole account.
func invoiceText(e domain.CollectionEntry) string {
	if e.DocumentNumber == "" {
		return wholeAccount
	}
	return e.DocumentNumber
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Rows is the log as shown, in the order shown.
func (p *Panel) Rows() []domain.CollectionEntry { return p.table.Rows() }

// SetExport offers Export CSV… for the log as shown.
func (p *Panel) SetExport(e domain.ExportService) { p.export.Set(e) }

// WriteCSV writes the client's log as Export CSV… does: in the order shown,
// with the columns shown.
func (p *Panel) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	return p.export.WriteCSV(w, f, progress)
}

// ClientTab builds the collection log over base as a tab beside a client's
// details: the one line the window's list of client tabs has for it.
func ClientTab(base kit.Base) kit.ClientTab {
	p := New(base.Book.Collections(), base.Book.Documents(), base.Win)
	p.SetExport(base.Book.Export())
	p.Watch(base.Book)
	return kit.ClientTab{Title: "Collections", Icon: theme.MailComposeIcon(), Content: p.Object(), Show: p.Show, Guard: p}
}
