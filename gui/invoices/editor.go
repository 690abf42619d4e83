package invoices

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// Editor shows one invoice, quote or credit note. A draft is edited in place
// with its totals worked out by the domain as you type; a locked document is
// read-only and offers what can still be done with it.
type Editor struct {
	book     domain.Book
	renderer domain.Renderer // writes the PDF; nil until SetRenderer
	win      fyne.Window
	today    func() domain.Date

	einvoicer domain.EInvoicer // writes e-invoices; nil until SetEInvoicer

	doc     *domain.Document // as loaded or last saved; ID 0 for a new draft
	client  *domain.Client   // the chosen client, nil until one is picked
	dirty   bool
	loading bool
	saving  bool // a save is being written

	title      *widget.Label
	badge      *widgets.Badge
	picker     *kit.ClientPicker
	currency   *widget.SelectEntry
	issueDate  *widgets.DateEntry
	dueDate    *widgets.DateEntry
	po, ref    *widget.Entry
	pricing    *widget.Select
	rounding   *widget.Select
	roundMode  *widget.Select
	discKind   *widget.Select
	discount   *widget.Entry
	notes      *widget.Entry
	terms      *widget.Entry
	fields     widgets.Fields
	lines      []*lineRow
	linesBox   *fyne.Container
	scroll     *container.Scroll
	preview    *pdfPreview // the last preview written, for tests
	linesError *widget.Label
	addLine    *widget.Button
	totalsBox  *fyne.Container
	formError  *widget.Label
	actions    *fyne.Container
	editBody   *fyne.Container
	viewBody   *fyne.Container
	// paymentsSummary says what an issued invoice has been paid; nil for
	// other documents.
	paymentsSummary *widget.Label
	voidNote        *widget.Label
	root            fyne.CanvasObject
	rates           []domain.TaxRate
	items           []domain.Item // the catalog the descriptions offer

	// OnChanged is called after the document was saved, issued, voided or
	// deleted, so the list can refresh; id is the document to show (0 for none).
	OnChanged func(id int64)
	// OnOpen asks the screen to open another document (a credit note, a copy).
	OnOpen func(id int64)
	// OnClose asks the screen to go back to the list.
	OnClose func()
	// nav is the screen's Nav, which opens the payment form for Record
	// payment….
	nav func() kit.Nav

	// pay is where the invoice shown stands with its payment today.
	pay domain.DocumentPayment
}

var (
	pricingOptions  = []string{"Prices exclude tax", "Prices include tax"}
	roundingOptions = []string{"Each line", "Once per document"}
	modeOptions     = []string{"Halves up", "Halves to even"}
	discountOptions = []string{"No discount", "Discount %", "Discount amount"}
)

// NewEditor builds an empty editor over the book.
func NewEditor(book domain.Book, win fyne.Window) *Editor {
	e := &Editor{book: book, win: win, today: domain.Today, fields: widgets.Fields{}}
	e.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	e.title.SizeName = theme.SizeNameSubHeadingText
	e.title.Truncation = fyne.TextTruncateEllipsis
	e.badge = widgets.NewBadge("", theme.ColorNameButton)

	e.picker = kit.NewClientPicker(book.Clients())
	e.picker.OnChanged = e.clientChanged
	var codes []string
	for _, c := range money.Currencies() {
		codes = append(codes, c.Code)
	}
	e.currency = widget.NewSelectEntry(codes)
	e.currency.OnChanged = func(string) { e.changed() }
	e.issueDate, e.dueDate = e.dateEntry(), e.dateEntry()
	e.po = e.entry("")
	e.ref = e.entry("")
	e.pricing = widget.NewSelect(pricingOptions, func(string) { e.changed() })
	e.rounding = widget.NewSelect(roundingOptions, func(string) { e.changed() })
	e.roundMode = widget.NewSelect(modeOptions, func(string) { e.changed() })
	e.discount = e.entry("0")
	e.discKind = widget.NewSelect(discountOptions, func(s string) {
		if s == discountOptions[0] {
			e.discount.SetText("")
			e.discount.Disable()
		} else if !e.locked() {
			e.discount.Enable()
		}
		e.changed()
	})
	e.notes = widget.NewMultiLineEntry()
	e.notes.SetMinRowsVisible(2)
	e.notes.Wrapping = fyne.TextWrapWord
	e.notes.OnChanged = func(string) { e.changed() }
	e.terms = widget.NewMultiLineEntry()
	e.terms.SetMinRowsVisible(2)
	e.terms.Wrapping = fyne.TextWrapWord
	e.terms.OnChanged = func(string) { e.changed() }

	field := e.fields.Add
	head := container.NewGridWithColumns(4,
		field("client", "Client", e.picker.Entry), field("currency", "Currency", e.currency),
		field("issueDate", "Issue date", e.issueDate), field("dueDate", "Due date", e.dueDate),
		field("poNumber", "PO number", e.po), field("reference", "Reference", e.ref),
		field("pricing", "Prices", e.pricing), layout.NewSpacer(),
	)

	e.linesBox = container.NewVBox()
	e.linesError = widget.NewLabel("")
	e.linesError.Importance = widget.DangerImportance
	e.linesError.Wrapping = fyne.TextWrapWord
	e.linesError.Hide()
	e.addLine = widget.NewButtonWithIcon("Add line", theme.ContentAddIcon(), e.appendLine)
	linesHeader := container.New(widgets.NewColumns(lineWeights...), headerLabel("Description", fyne.TextAlignLeading),
		headerLabel("Qty", fyne.TextAlignLeading), headerLabel("Unit price", fyne.TextAlignLeading),
		headerLabel("Disc %", fyne.TextAlignLeading), headerLabel("Taxes", fyne.TextAlignLeading),
		headerLabel("Amount", fyne.TextAlignTrailing), widget.NewLabel(""))

	e.totalsBox = container.NewVBox()
	discRow := container.NewGridWithColumns(2, e.discKind, e.discount)
	left := container.NewVBox(field("discount", "Document discount", discRow),
		field("rounding", "Rounding", container.NewGridWithColumns(2, e.rounding, e.roundMode)),
		field("notes", "Notes (printed on the document)", e.notes), field("terms", "Terms", e.terms))
	bottom := container.NewGridWithColumns(2, left, container.NewVBox(widget.NewLabel(""), e.totalsBox))

	e.formError = widget.NewLabel("")
	e.formError.Importance = widget.DangerImportance
	e.formError.Wrapping = fyne.TextWrapWord
	e.formError.Hide()
	e.voidNote = widget.NewLabel("")
	e.voidNote.Wrapping = fyne.TextWrapWord
	e.voidNote.Importance = widget.WarningImportance
	e.voidNote.Hide()

	e.actions = container.NewHBox()
	back := widget.NewButtonWithIcon("Documents", theme.NavigateBackIcon(), func() { e.ConfirmLeave(e.close) })
	titleRow := container.NewBorder(nil, nil, container.NewHBox(back, container.NewCenter(e.badge)), e.actions, e.title)
	e.editBody = container.NewVBox(head, widget.NewSeparator(), linesHeader, e.linesBox, e.linesError,
		container.NewBorder(nil, nil, e.addLine, nil, keysHint()), widget.NewSeparator(), bottom, e.formError)
	e.viewBody = container.NewVBox()
	e.scroll = container.NewVScroll(container.NewPadded(container.NewStack(e.editBody, e.viewBody)))
	e.root = container.NewBorder(container.NewVBox(titleRow, e.voidNote, widget.NewSeparator()), nil, nil, nil, e.scroll)
	return e
}

// appendLine adds an empty line, lays the form out again so the new row
// takes its place above Add line (it was drawn over the form below), scrolls
// it into view and puts the cursor in its description.
func (e *Editor) appendLine() {
	r := e.newLine(domain.Line{Quantity: decimal.NewFromInt(1)})
	e.changed()
	e.editBody.Refresh()
	e.scroll.Refresh()
	y := e.linesBox.Position().Y + r.box.Position().Y + r.box.Size().Height + e.addLine.Size().Height +
		2*theme.Padding() - e.scroll.Size().Height
	if y > e.scroll.Offset.Y {
		e.scroll.ScrollToOffset(fyne.NewPos(0, y))
	}
	e.win.Canvas().Focus(r.desc)
}

func (e *Editor) close() {
	if e.OnClose != nil {
		e.OnClose()
	}
}

func headerLabel(text string, align fyne.TextAlign) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(text, align, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameCaptionText
	l.Importance = widget.LowImportance
	return l
}

// dateEntry is a date field whose quick picks count from the editor's today.
func (e *Editor) dateEntry() *widgets.DateEntry {
	w := widgets.NewDateEntry()
	w.Today = func() domain.Date { return e.today() }
	w.OnChanged = func(string) { e.changed() }
	return w
}

func (e *Editor) entry(placeholder string) *widget.Entry {
	w := widget.NewEntry()
	w.SetPlaceHolder(placeholder)
	w.OnChanged = func(string) { e.changed() }
	return w
}

// Object is the editor's layout.
func (e *Editor) Object() fyne.CanvasObject { return e.root }

// Document is the document as loaded or last saved.
func (e *Editor) Document() *domain.Document { return e.doc }

// Dirty reports unsaved edits.
func (e *Editor) Dirty() bool { return e.dirty }

func (e *Editor) locked() bool { return e.doc != nil && e.doc.Status.Locked() }

// shown is everything the editor shows of one document, read together so it
// can be read off the UI goroutine: the document, its client, the rates and
// items offered for lines and, for a locked document, what it is linked to
// and what was paid on it.
type shown struct {
	doc    *domain.Document
	client *domain.Client // nil while none is chosen
	rates  []domain.TaxRate
	items  []domain.Item
	// credits is the invoice a credit note credits, quote the quote an
	// invoice was made from; nil for none.
	credits, quote *domain.Document
	pay            domain.DocumentPayment
	payments       []*domain.Payment
	payErr         error // why the payments could not be read
}

// read reads what the editor shows of d. What cannot be read is left out
// (payments say why), as the editor can still show the document.
func (e *Editor) read(ctx context.Context, d *domain.Document) shown {
	v := shown{doc: d}
	v.rates, _ = e.book.Catalog().FindTaxRates(ctx, false)
	v.items, _ = e.book.Catalog().FindItems(ctx, domain.ItemFilter{Limit: 500})
	if d.ClientID != 0 {
		v.client, _ = e.book.Clients().FindClientByID(ctx, d.ClientID)
	}
	if !d.Status.Locked() {
		return v
	}
	if d.CreditFor != 0 {
		v.credits, _ = e.book.Documents().FindDocumentByID(ctx, d.CreditFor)
	}
	if d.FromQuote != 0 {
		v.quote, _ = e.book.Documents().FindDocumentByID(ctx, d.FromQuote)
	}
	if d.Kind == domain.KindInvoice && d.Number != "" {
		var st map[int64]domain.DocumentPayment
		if st, v.payErr = e.book.Payments().PaymentStatus(ctx, e.today(), d.ID); v.payErr == nil {
			v.pay = st[d.ID]
			v.payments, v.payErr = e.book.Payments().FindPayments(ctx, domain.PaymentFilter{DocumentID: d.ID})
		}
	}
	return v
}

// readByID reads document id and what the editor shows of it.
func (e *Editor) readByID(ctx context.Context, id int64) (shown, error) {
	d, err := e.book.Documents().FindDocumentByID(ctx, id)
	if err != nil {
		return shown{}, err
	}
	return e.read(ctx, d), nil
}

// readNew makes a draft of the kind for client (nil to choose one later)
// and reads what the editor shows with it.
func (e *Editor) readNew(ctx context.Context, kind domain.DocKind, client *domain.Client) shown {
	co, _ := e.book.Company().Company(ctx)
	if client != nil && client.ID != 0 && client.Name == "" { // only its id known yet (a filter's chip still reading)
		if full, err := e.book.Clients().FindClientByID(ctx, client.ID); err == nil {
			client = full
		}
	}
	c := client
	if c == nil {
		c = &domain.Client{Currency: co.Currency, PaymentTermsDays: 30}
	}
	d := domain.NewDraft(kind, c, co, e.today())
	if client == nil {
		d.ClientID, d.ClientName = 0, ""
	}
	return e.read(ctx, d)
}

// NewDocument starts a draft of the kind, for client (nil to choose one),
// once what it shows is read off the UI goroutine.
func (e *Editor) NewDocument(kind domain.DocKind, client *domain.Client) {
	kit.Write(func(ctx context.Context) (shown, error) { return e.readNew(ctx, kind, client), nil },
		func(v shown, _ error) { e.startNew(v) })
}

// startNew shows a new draft and puts the cursor where it is to be filled.
func (e *Editor) startNew(v shown) {
	e.show(v)
	if v.client == nil {
		e.win.Canvas().Focus(e.picker.Entry)
	}
}

// Load shows d — editable when it is a draft, read-only otherwise — once
// what goes with it (client, payments) is read off the UI goroutine.
func (e *Editor) Load(d *domain.Document) {
	kit.Write(func(ctx context.Context) (shown, error) { return e.read(ctx, d), nil },
		func(v shown, _ error) { e.show(v) })
}

// show puts v in the editor: editable when it is a draft, read-only
// otherwise.
func (e *Editor) show(v shown) {
	d := v.doc
	e.loading = true
	defer func() { e.loading = false }()
	e.rates = v.rates
	e.items = v.items
	e.doc = d
	e.client = v.client
	e.picker.SetClient(e.client)
	e.currency.SetText(d.Currency)
	e.issueDate.SetText(widgets.DateText(d.IssueDate))
	e.dueDate.SetText(widgets.DateText(d.DueDate))
	e.po.SetText(d.PONumber)
	e.ref.SetText(d.Reference)
	e.pricing.SetSelectedIndex(boolIndex(d.TaxInclusive))
	e.rounding.SetSelectedIndex(boolIndex(d.Rounding.Scope == domain.RoundPerDocument))
	e.roundMode.SetSelectedIndex(boolIndex(d.Rounding.Mode == domain.HalfEven))
	switch {
	case !d.DiscountPercent.IsZero():
		e.discKind.SetSelectedIndex(1)
		e.discount.SetText(d.DiscountPercent.String())
	case !d.DiscountAmount.IsZero():
		e.discKind.SetSelectedIndex(2)
		e.discount.SetText(d.Money(d.DiscountAmount).Format())
	default:
		e.discKind.SetSelectedIndex(0)
	}
	e.notes.SetText(d.Notes)
	e.terms.SetText(d.Terms)
	e.lines = nil
	e.linesBox.RemoveAll()
	for _, l := range d.Lines {
		e.newLine(l)
	}
	if d.Status == domain.DocDraft && len(d.Lines) == 0 {
		e.newLine(domain.Line{Quantity: decimal.NewFromInt(1)})
	}
	due := "Due date"
	if d.Kind == domain.KindQuote {
		due = "Valid until"
	} else if d.Kind == domain.KindCreditNote {
		due = "Credit date"
	}
	e.fields["dueDate"].Label.SetText(due)
	e.setLocked(d.Status.Locked())
	e.clearErrors()
	e.dirty = false
	e.pay = v.pay
	e.updateHeader()
	e.badge.Set(statusLook(d.Kind, d.Status, v.pay.State))
	e.loading = false
	e.recompute()
	if d.Status.Locked() {
		e.renderView(v)
		e.editBody.Hide()
		e.viewBody.Show()
	} else {
		e.viewBody.Hide()
		e.editBody.Show()
	}
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// setLocked makes every input read-only (or editable again).
func (e *Editor) setLocked(on bool) {
	for _, w := range []fyne.Disableable{e.picker.Entry, e.currency, e.issueDate, e.dueDate, e.po, e.ref, e.pricing,
		e.rounding, e.roundMode, e.discKind, e.discount, e.notes, e.terms, e.addLine} {
		if on {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	if !on && e.discKind.SelectedIndex() == 0 {
		e.discount.Disable()
	}
	for _, r := range e.lines {
		r.setLocked(on)
	}
	if on {
		e.addLine.Hide()
	} else {
		e.addLine.Show()
	}
}

// draftTitle names a draft by what it is, for whom and when — "Draft
// invoice for Acme, 2027-03-01" — not by its internal id.
func draftTitle(d *domain.Document) string {
	t := "Draft " + strings.ToLower(d.Kind.Title())
	if d.ClientName != "" {
		t += " for " + d.ClientName
	}
	if !d.IssueDate.IsZero() {
		t += ", " + d.IssueDate.String()
	}
	return t
}

// updateHeader sets the title, the status badge, the void note and the
// actions that fit the document's state.
func (e *Editor) updateHeader() {
	d := e.doc
	kind := d.Kind.Title()
	switch {
	case d.ID == 0:
		e.title.SetText("New " + strings.ToLower(kind))
	case d.Number == "":
		e.title.SetText(draftTitle(d))
	default:
		e.title.SetText(kind + " " + d.Number)
	}
	text, col := StatusBadge(d.Kind, d.Status)
	e.badge.Set(text, col)
	if d.Status == domain.DocVoid {
		e.voidNote.SetText("Voided: " + d.VoidReason)
		e.voidNote.Show()
	} else {
		e.voidNote.Hide()
	}
	e.actions.RemoveAll()
	add := func(label string, icon fyne.Resource, important bool, fn func()) *widget.Button {
		b := widget.NewButtonWithIcon(label, icon, fn)
		if important {
			b.Importance = widget.HighImportance
		}
		e.actions.Add(b)
		return b
	}
	switch {
	case d.Status == domain.DocDraft:
		if d.ID != 0 {
			add("Delete draft", theme.DeleteIcon(), false, e.deleteDraft)
		}
		add("Save draft", theme.DocumentSaveIcon(), false, func() { e.Save() })
		add("Preview PDF", theme.VisibilityIcon(), false, e.previewPDF)
		add("Issue…", theme.ConfirmIcon(), true, e.issue)
	default:
		add("Export PDF…", theme.DocumentPrintIcon(), false, e.exportPDF)
		if d.Kind != domain.KindQuote && d.Status == domain.DocIssued {
			add("Export e-invoice…", theme.DocumentIcon(), false, e.exportEInvoice)
			add("Email…", theme.MailSendIcon(), false, e.emailDocument)
		}
		if d.Kind != domain.KindCreditNote {
			add("Duplicate", theme.ContentCopyIcon(), false, e.duplicate)
		}
		if d.Kind == domain.KindInvoice && d.Status == domain.DocIssued {
			add("Credit note…", theme.ContentUndoIcon(), false, e.creditNote)
		}
		if e.nav != nil && d.Kind == domain.KindInvoice && d.Status == domain.DocIssued && e.pay.Open.IsPositive() {
			add("Record payment…", theme.ContentAddIcon(), true, func() { e.nav().OpenPayment(paymentFor(d, e.pay.Open, e.today())) })
		}
		if d.Kind != domain.KindQuote && d.Status == domain.DocIssued {
			add("Void…", theme.CancelIcon(), false, e.void)
		}
		if d.Kind == domain.KindQuote && d.Status == domain.DocIssued {
			add("Declined", theme.CancelIcon(), false, func() { e.setQuote(domain.DocDeclined) })
			add("Expired", theme.HistoryIcon(), false, func() { e.setQuote(domain.DocExpired) })
			add("Accepted", theme.ConfirmIcon(), true, func() { e.setQuote(domain.DocAccepted) })
		}
		if d.Kind == domain.KindQuote && d.Status == domain.DocAccepted {
			add("Make invoice", theme.DocumentCreateIcon(), true, e.convert)
		}
	}
	e.actions.Refresh()
}

// StatusBadge is the text and colour a document's status is shown with.
func StatusBadge(kind domain.DocKind, s domain.DocStatus) (string, fyne.ThemeColorName) {
	switch s {
	case domain.DocDraft:
		return "Draft", theme.ColorNameButton
	case domain.DocVoid:
		return "Void", theme.ColorNameError
	case domain.DocAccepted:
		return "Accepted", theme.ColorNameSuccess
	case domain.DocDeclined:
		return "Declined", theme.ColorNameError
	case domain.DocExpired:
		return "Expired", theme.ColorNameWarning
	}
	if kind == domain.KindCreditNote {
		return "Credit", theme.ColorNameWarning
	}
	if kind == domain.KindQuote {
		return "Sent", theme.ColorNamePrimary
	}
	return "Issued", theme.ColorNamePrimary
}

// statusLook is how a document's status shows in the list and the editor:
// for an issued invoice, where it stands with its payment.
func statusLook(kind domain.DocKind, s domain.DocStatus, pay domain.PayState) (string, fyne.ThemeColorName) {
	switch pay {
	case domain.PayPaid:
		return pay.Title(), theme.ColorNameSuccess
	case domain.PayOverdue:
		return pay.Title(), theme.ColorNameError
	case domain.PayDisputed, domain.PayPartial:
		return pay.Title(), theme.ColorNameWarning
	case domain.PayIssued:
		return pay.Title(), theme.ColorNamePrimary
	}
	return StatusBadge(kind, s)
}

// paymentFor is a new payment from d's client of open, what is still owed
// on d, received on day and set against d.
func paymentFor(d *domain.Document, open decimal.Decimal, day domain.Date) *domain.Payment {
	return &domain.Payment{ClientID: d.ClientID, ClientName: d.ClientName, Date: day, Amount: d.Money(open),
		Method: domain.MethodBankTransfer, Allocations: []domain.Allocation{{DocumentID: d.ID, DocumentNumber: d.Number, Amount: open}}}
}

// clientChanged takes the client the picker names now (nil while none).
func (e *Editor) clientChanged(c *domain.Client) {
	if e.loading {
		return
	}
	if c != nil && (e.client == nil || e.client.ID != c.ID) {
		e.pickClient(c)
	}
	e.client = c
	e.changed()
}

// pickClient takes the client's currency (while no line has a price yet)
// and payment terms.
func (e *Editor) pickClient(c *domain.Client) {
	e.client = c
	priced := false
	for _, r := range e.lines {
		if strings.TrimSpace(r.price.Text) != "" {
			priced = true
		}
	}
	if !priced || e.currency.Text == "" {
		e.currency.SetText(c.Currency)
	}
	if d, err := domain.ParseDate(e.issueDate.Text); err == nil && e.doc.Kind == domain.KindInvoice {
		e.dueDate.SetText(d.AddDays(c.PaymentTermsDays).String())
	}
	e.fields["client"].SetError("")
	if c.RequiresPO && e.po.Text == "" {
		e.fields["poNumber"].SetError(c.Name + " requires a purchase-order number.")
	}
}

// changed marks the form dirty and recomputes the totals.
func (e *Editor) changed() {
	if e.loading {
		return
	}
	e.dirty = true
	e.recompute()
}

// collect reads the inputs into a document. Inputs that cannot be read (a
// quantity that is not a number) are reported in problems by field key.
func (e *Editor) collect() (*domain.Document, map[string]string) {
	problems := map[string]string{}
	d := *e.doc
	d.Lines = nil
	if e.client != nil {
		d.ClientID, d.ClientName = e.client.ID, e.client.Name
	} else {
		d.ClientID, d.ClientName = 0, ""
		if strings.TrimSpace(e.picker.Entry.Text) != "" {
			problems["client"] = "Choose a client from the list."
		}
	}
	d.Currency = strings.ToUpper(strings.TrimSpace(e.currency.Text))
	cur, curErr := money.LookupCurrency(d.Currency)
	if curErr != nil {
		problems["currency"] = widgets.Sentence(curErr.Error())
	}
	date := func(key string, w *widgets.DateEntry, required bool) domain.Date {
		t := strings.TrimSpace(w.Text)
		if t == "" {
			if required {
				problems[key] = "Enter a date as YYYY-MM-DD."
			}
			return domain.Date{}
		}
		v, err := domain.ParseDate(t)
		if err != nil {
			problems[key] = "Enter a date as YYYY-MM-DD, e.g. " + e.today().String() + "."
		}
		return v
	}
	d.IssueDate = date("issueDate", e.issueDate, true)
	d.DueDate = date("dueDate", e.dueDate, false)
	d.PONumber, d.Reference = e.po.Text, e.ref.Text
	d.TaxInclusive = e.pricing.SelectedIndex() == 1
	d.Rounding = domain.Rounding{Scope: domain.RoundPerLine, Mode: domain.HalfUp}
	if e.rounding.SelectedIndex() == 1 {
		d.Rounding.Scope = domain.RoundPerDocument
	}
	if e.roundMode.SelectedIndex() == 1 {
		d.Rounding.Mode = domain.HalfEven
	}
	d.DiscountPercent, d.DiscountAmount = decimal.Zero, decimal.Zero
	switch e.discKind.SelectedIndex() {
	case 1:
		p, err := parsePercent(e.discount.Text)
		if err != nil {
			problems["discount"] = err.Error()
		}
		d.DiscountPercent = p
	case 2:
		if curErr == nil {
			m, err := money.Parse(e.discount.Text, cur.Code)
			if err != nil {
				problems["discount"] = widgets.Sentence(err.Error())
			}
			d.DiscountAmount = m.Amount
		}
	}
	d.Notes, d.Terms = e.notes.Text, e.terms.Text
	for i, r := range e.lines {
		l, lp := r.collect(cur, curErr == nil)
		for k, m := range lp {
			problems[domain.LineField(i, k)] = m
		}
		d.Lines = append(d.Lines, l)
	}
	return &d, problems
}

// parsePercent reads a discount percent, which may be left empty for none.
func parsePercent(s string) (decimal.Decimal, error) {
	if strings.TrimSpace(s) == "" {
		return decimal.Zero, nil
	}
	p, err := money.ParsePercent(s)
	if err != nil {
		return decimal.Zero, errors.New(widgets.Sentence(err.Error()))
	}
	return p, nil
}

// recompute shows the totals of what is typed, or a dash while something
// cannot be read, and each line's amount.
func (e *Editor) recompute() {
	d, problems := e.collect()
	t, err := d.Totals()
	if err != nil || len(problems) > 0 {
		for _, r := range e.lines {
			r.amount.SetText("—")
		}
		e.totalsBox.RemoveAll()
		totalRow(e.totalsBox, "Total", "—", true)
		e.totalsBox.Refresh()
		return
	}
	for i, r := range e.lines {
		r.amount.SetText(d.Money(t.Lines[i].Net).Format())
	}
	renderTotals(e.totalsBox, d, t)
}

func totalRow(box *fyne.Container, label, amount string, bold bool) {
	l := widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: bold})
	a := widget.NewLabelWithStyle(amount, fyne.TextAlignTrailing, fyne.TextStyle{Bold: bold})
	box.Add(container.New(widgets.NewColumns(3, 1), l, a))
}

// renderTotals fills box with the totals block: subtotal, discount, tax per
// rate and total, amounts right-aligned.
func renderTotals(box *fyne.Container, d *domain.Document, t domain.Totals) {
	box.RemoveAll()
	row := func(label, amount string, bold bool) { totalRow(box, label, amount, bold) }
	row("Subtotal", d.Money(t.Subtotal).Format(), false)
	if !t.Discount.IsZero() {
		row("Discount", d.Money(t.Discount.Neg()).Format(), false)
	}
	for _, x := range t.Taxes {
		row(fmt.Sprintf("%s on %s", x.Tax.Label(), d.Money(x.Base).Format()), d.Money(x.Amount).Format(), false)
	}
	label := "Total " + d.Currency
	if d.Kind == domain.KindCreditNote {
		label = "Credit " + d.Currency
	}
	row(label, d.Money(t.Total).Format(), true)
	box.Refresh()
}

// Totals reports the totals as currently shown: the total's text.
func (e *Editor) TotalText() string {
	objs := e.totalsBox.Objects
	if len(objs) == 0 {
		return ""
	}
	last := objs[len(objs)-1].(*fyne.Container).Objects[1].(*widget.Label)
	return last.Text
}

func (e *Editor) clearErrors() {
	for _, f := range e.fields {
		f.SetError("")
	}
	for _, r := range e.lines {
		r.setErrors(nil)
	}
	e.linesError.Hide()
	e.formError.Hide()
}

// showErrors puts each message beside its field; line messages go under
// their line with the cell outlined.
func (e *Editor) showErrors(fieldErrs map[string]string) {
	e.clearErrors()
	perLine := map[int]map[string]string{}
	var other []string
	for k, msg := range fieldErrs {
		msg = widgets.Sentence(msg)
		var i int
		var sub string
		if n, _ := fmt.Sscanf(k, "lines.%d.", &i); n == 1 && i < len(e.lines) {
			sub = k[strings.LastIndex(k, ".")+1:]
			if perLine[i] == nil {
				perLine[i] = map[string]string{}
			}
			perLine[i][sub] = msg
			continue
		}
		if f := e.fields[k]; f != nil {
			f.SetError(msg)
			continue
		}
		if k == "lines" {
			e.linesError.SetText(msg)
			e.linesError.Show()
			continue
		}
		other = append(other, msg)
	}
	for i, m := range perLine {
		e.lines[i].setErrors(m)
	}
	if len(other) > 0 {
		e.formError.SetText(strings.Join(other, "\n"))
		e.formError.Show()
	}
}

// Save stores the draft (Ctrl/Cmd+S, Save draft): see kit.SaveNow.
func (e *Editor) Save() bool { return kit.SaveNow(e.SaveThen) }

// SaveThen stores the draft off the UI goroutine and shows it as stored,
// then runs done (nil for nothing) with whether it was stored. Problems are
// shown at their fields and nothing is stored. It reports whether the draft
// passed the checks and went to be stored; a second save while one is
// written does not.
func (e *Editor) SaveThen(done func(ok bool)) bool {
	if e.doc == nil || e.locked() || e.saving {
		return false
	}
	d, problems := e.collect()
	if len(problems) > 0 {
		e.showErrors(problems)
		return false
	}
	e.saving = true
	docs := e.book.Documents()
	kit.Write(func(ctx context.Context) (shown, error) {
		store := docs.UpdateDraft
		if d.ID == 0 {
			store = docs.CreateDraft
		}
		if err := store(ctx, d); err != nil {
			return shown{}, err
		}
		saved, err := docs.FindDocumentByID(ctx, d.ID)
		if err != nil {
			saved = d
		}
		return e.read(ctx, saved), nil
	}, func(v shown, err error) {
		e.saving = false
		if err != nil {
			if fe := domain.FieldErrors(err); len(fe) > 0 {
				e.showErrors(fe)
			} else {
				e.showErrors(nil)
				kit.ShowError(err, e.win)
			}
		} else {
			e.show(v)
			e.notify(v.doc.ID)
		}
		if done != nil {
			done(err == nil)
		}
	})
	return true
}

// saved runs next once the draft is stored: at once when it has no edits
// and is stored already, else after saving it (not at all if that fails).
func (e *Editor) saved(next func()) {
	if !e.dirty && e.doc.ID != 0 {
		next()
		return
	}
	kit.Then(e.SaveThen)(func(ok bool) {
		if ok {
			next()
		}
	})
}

func (e *Editor) notify(id int64) {
	if e.OnChanged != nil {
		e.OnChanged(id)
	}
}

// ConfirmLeave runs next, asking first about unsaved edits.
func (e *Editor) ConfirmLeave(next func()) {
	if !e.dirty || e.locked() {
		next()
		return
	}
	what := strings.ToLower(e.doc.Kind.Title())
	saved := false
	save := func(done func(ok bool)) {
		kit.Then(e.SaveThen)(func(ok bool) {
			saved = ok
			done(ok)
		})
	}
	widgets.AskSaveThen(e.win, "Unsaved changes", fmt.Sprintf("This %s has changes that are not saved yet.", what), save, func() {
		if !saved {
			// Discard changes: the edits are gone, and the next New or
			// Open does not ask about them again.
			e.dirty = false
		}
		next()
	})
}

// Revert discards unsaved edits.
func (e *Editor) Revert() {
	if e.doc != nil {
		e.Load(e.doc)
	}
}

func (e *Editor) deleteDraft() {
	widgets.Confirm("Delete draft", "Delete draft", "Delete this draft? This cannot be undone.", func(ok bool) {
		if !ok {
			return
		}
		docs, id := e.book.Documents(), e.doc.ID
		kit.Write(func(ctx context.Context) (struct{}, error) {
			return struct{}{}, docs.DeleteDraft(ctx, id)
		}, func(_ struct{}, err error) {
			if err != nil {
				kit.ShowError(err, e.win)
				return
			}
			e.dirty = false
			e.notify(0)
			e.close()
		})
	}, e.win)
}
