package clients

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// Form edits one client and its contacts. Nothing is stored until Save
// passes validation; every problem is shown beside its field.
type Form struct {
	svc domain.ClientService
	win fyne.Window

	original *domain.Client // as loaded; ID 0 for a new client
	edits    *kit.Edits

	name, industry, taxID     *widget.Entry
	address                   *kit.AddressInput
	terms, limit, tags, notes *widget.Entry
	status                    *widget.Select
	currency                  *widget.SelectEntry
	requiresPO                *widget.Check
	einvoice                  *einvoiceInputs
	limitCurrency             *widget.Label
	contacts                  []*contactRow
	contactsBox               *fyne.Container
	contactsError             *widget.Label
	del                       *widget.Button
	scroll                    *container.Scroll
	root                      fyne.CanvasObject

	// OnSaved is called after a successful save with the stored client.
	OnSaved func(c *domain.Client)
	// OnDeleted is called after the client was deleted.
	OnDeleted func(id int64)
	// OnLoad is called with each client the form shows.
	OnLoad func(c *domain.Client)

	// Documents, when set, summarises a saved client's invoices and quotes
	// in the form; Nav opens them.
	Documents   domain.DocumentService
	Nav         kit.Nav
	docsSection *fyne.Container
	docsSummary *widget.Label
	docsLoad    *kit.Loader        // reads the summary
	docsFor     int64              // the client docsSummary is about
	home        kit.Shared[string] // the company's home currency: a new client's currency
	addrHint    *widget.Label      // what invoicing still needs of the address

	// Today dates a payment recorded from the client; domain.Today when nil.
	Today func() domain.Date
}

// contactRow is one contact's inputs.
type contactRow struct {
	id                       int64
	name, role, email, phone *widget.Entry
	primary                  *widget.Check
	fields                   widgets.Fields
	box                      *fyne.Container
}

var statusTitles = func() []string {
	var out []string
	for _, s := range domain.ClientStatuses {
		out = append(out, s.Title())
	}
	return out
}()

// NewForm builds an empty form over the service.
func NewForm(svc domain.ClientService, win fyne.Window) *Form {
	f := &Form{svc: svc, win: win, docsLoad: kit.NewLoader(), Nav: kit.Nowhere{}}
	f.edits = kit.NewEdits(func() { f.Save() }, func() { f.Revert() }, false)
	entry, field := f.edits.Entry, f.edits.Field
	f.name = entry("Company name")
	f.industry = entry("e.g. Logistics")
	f.taxID = entry("e.g. DE123456789")
	f.address = f.edits.Address("billing")
	f.terms = entry("30")
	f.limit = entry("0.00")
	f.tags = entry("key account, EU")
	f.notes = f.edits.MultiLine("Anything worth remembering about this client", 4)
	f.status = widget.NewSelect(statusTitles, func(string) { f.edits.Changed() })
	f.currency = widgets.NewCurrencyEntry()
	f.currency.SetPlaceHolder("EUR")
	f.currency.OnChanged = func(string) {
		f.limitCurrency.SetText(widgets.CurrencyCode(f.currency.Text))
		f.edits.Changed()
	}
	f.limitCurrency = widget.NewLabel("")
	f.requiresPO = widget.NewCheck("Invoices need a purchase-order number", func(bool) { f.edits.Changed() })

	section := widgets.Section
	f.contactsBox = container.NewVBox()
	f.contactsError = widgets.ErrorLine()
	addContact := widget.NewButtonWithIcon("Add contact", theme.ContentAddIcon(), func() {
		f.addContact(domain.Contact{Primary: len(f.contacts) == 0})
		f.edits.Changed()
	})

	f.del = widget.NewButtonWithIcon("Delete…", theme.DeleteIcon(), f.confirmDelete)
	f.del.Importance = widget.DangerImportance

	f.addrHint = widget.NewLabel("")
	f.addrHint.Wrapping = fyne.TextWrapWord
	f.addrHint.Importance = widget.WarningImportance
	f.addrHint.Hide()
	for _, e := range []*widget.Entry{f.address.Line1, f.address.City, f.address.Country} {
		e.OnChanged = func(string) { f.edits.Changed(); f.showAddressHint() }
	}
	f.docsSummary = widget.NewLabel("")
	f.docsSummary.Wrapping = fyne.TextWrapWord
	showDocs := widget.NewButtonWithIcon("Show documents", theme.FileTextIcon(), func() {
		if f.original != nil {
			f.Nav.ShowClientDocuments(f.original)
		}
	})
	newDoc := func(label string, kind domain.DocKind) *widget.Button {
		return widget.NewButtonWithIcon(label, theme.ContentAddIcon(), func() {
			if f.original != nil {
				f.Nav.NewDocument(kind, f.original)
			}
		})
	}
	recordPayment := widget.NewButtonWithIcon("Record payment", theme.ContentAddIcon(), f.recordPayment)
	f.docsSection = container.NewVBox(section("Invoices and quotes"), f.docsSummary,
		container.NewGridWithColumns(2, showDocs, newDoc("New invoice", domain.KindInvoice), newDoc("New quote", domain.KindQuote), recordPayment))
	f.docsSection.Hide()

	two := func(a, b fyne.CanvasObject) fyne.CanvasObject { return container.NewGridWithColumns(2, a, b) }
	var einvoiceSection fyne.CanvasObject
	f.einvoice, einvoiceSection = newEInvoiceInputs(entry, f.edits.Changed, field)
	body := container.NewVBox(
		field("name", "Name", f.name),
		two(field("status", "Status", f.status), field("industry", "Industry", f.industry)),
		two(field("taxId", "Tax / VAT ID", f.taxID), field("paymentTermsDays", "Payment terms (days)", f.terms)),
		two(field("currency", "Currency", f.currency),
			field("creditLimit", "Credit limit", container.NewBorder(nil, nil, nil, f.limitCurrency, f.limit))),
		f.requiresPO,
		f.docsSection,
		section("Billing address"),
		f.addrHint,
		f.address.Object(),
		section("E-invoices"),
		einvoiceSection,
		section("Contacts"),
		f.contactsBox,
		f.contactsError,
		container.NewHBox(addContact),
		section("Tags and notes"),
		field("tags", "Tags (comma separated)", f.tags),
		field("notes", "Notes", f.notes),
	)
	f.root, f.scroll = f.edits.Frame(body, f.del)
	f.Load(nil)
	return f
}

// Object is the form's layout.
func (f *Form) Object() fyne.CanvasObject { return f.root }

// Dirty reports whether the form has edits that are not saved.
func (f *Form) Dirty() bool { return f.edits.Dirty() }

// Client is the client the form was loaded with; ID 0 for a new one.
func (f *Form) Client() *domain.Client { return f.original }

// DisplayName is the client's name as typed, for prompts.
func (f *Form) DisplayName() string {
	if n := strings.TrimSpace(f.name.Text); n != "" {
		return n
	}
	return "the new client"
}

// Load shows a client, or an empty new client when c is nil, and clears
// every message.
func (f *Form) Load(c *domain.Client) {
	if c == nil {
		c = &domain.Client{Status: domain.StatusActive, PaymentTermsDays: 30, Currency: f.HomeCurrency()}
		c.CreditLimit = money.Zero(c.Currency)
	}
	f.edits.Load(c.ID == 0, func() { f.fill(c) })
	f.scroll.ScrollToTop()
}

func (f *Form) fill(c *domain.Client) {
	f.original = c
	if c.ID == 0 {
		f.edits.Title.SetText("New client")
		f.del.Hide()
	} else {
		f.edits.Title.SetText(c.Name)
		f.del.Show()
	}
	f.name.SetText(c.Name)
	f.status.SetSelected(c.Status.Title())
	f.industry.SetText(c.Industry)
	f.taxID.SetText(c.TaxID)
	f.einvoice.load(c)
	f.terms.SetText(strconv.Itoa(c.PaymentTermsDays))
	f.currency.SetText(c.Currency)
	f.limitCurrency.SetText(c.Currency)
	f.limit.SetText("") // no limit
	if !c.CreditLimit.IsZero() {
		f.limit.SetText(c.CreditLimit.Format())
	}
	f.requiresPO.SetChecked(c.RequiresPO)
	f.address.Set(c.Billing)
	f.tags.SetText(strings.Join(c.Tags, ", "))
	f.notes.SetText(c.Notes)
	f.showAddressHint()
	f.contacts = nil
	f.contactsBox.RemoveAll()
	for _, k := range c.Contacts {
		f.addContact(k)
	}
	f.showDocuments(c)
	if f.OnLoad != nil {
		f.OnLoad(c)
	}
	f.showErrors(nil)
}

func (f *Form) addContact(k domain.Contact) {
	r := &contactRow{id: k.ID, fields: widgets.Fields{}}
	entry := func(text, placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		e.SetText(text)
		e.OnChanged = func(string) { f.edits.Changed() }
		return e
	}
	r.name = entry(k.Name, "Full name")
	r.role = entry(k.Role, "e.g. Accounts payable")
	r.email = entry(k.Email, "name@example.com")
	r.phone = entry(k.Phone, "+44 20 7946 0958")
	r.primary = widget.NewCheck("Primary contact", nil)
	r.primary.SetChecked(k.Primary)
	r.primary.OnChanged = func(on bool) {
		if on {
			for _, o := range f.contacts {
				if o != r && o.primary.Checked {
					o.primary.SetChecked(false)
				}
			}
		}
		f.edits.Changed()
	}
	field := r.fields.Add
	remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), nil)
	remove.Importance = widget.LowImportance
	remove.OnTapped = func() {
		for i, o := range f.contacts {
			if o == r {
				f.contacts = append(f.contacts[:i], f.contacts[i+1:]...)
				break
			}
		}
		f.contactsBox.Remove(r.box)
		f.edits.Changed()
	}
	r.box = container.NewVBox(
		container.NewGridWithColumns(2, field("name", "Name", r.name), field("role", "Role", r.role)),
		container.NewGridWithColumns(2, field("email", "Email", r.email), field("phone", "Phone", r.phone)),
		container.NewHBox(r.primary, layout.NewSpacer(), remove),
		widget.NewSeparator(),
	)
	f.contacts = append(f.contacts, r)
	f.contactsBox.Add(r.box)
}

// read builds a client from the inputs. Problems that stop it being read at
// all (a credit limit that is not an amount, terms that are not a number)
// come back as field messages.
func (f *Form) read() (*domain.Client, map[string]string) {
	c := &domain.Client{
		ID:         f.original.ID,
		Name:       f.name.Text,
		Industry:   f.industry.Text,
		TaxID:      f.taxID.Text,
		Currency:   widgets.CurrencyCode(f.currency.Text),
		RequiresPO: f.requiresPO.Checked,
		Notes:      f.notes.Text,
		Billing:    f.address.Address(),
	}
	for _, s := range domain.ClientStatuses {
		if s.Title() == f.status.Selected {
			c.Status = s
		}
	}
	f.einvoice.read(c)
	errs := map[string]string{}
	if t := strings.TrimSpace(f.terms.Text); t == "" {
		c.PaymentTermsDays = 0
	} else if n, err := strconv.Atoi(t); err != nil {
		errs["paymentTermsDays"] = "enter a whole number of days"
	} else {
		c.PaymentTermsDays = n
	}
	c.CreditLimit = money.Zero(c.Currency)
	if t := strings.TrimSpace(f.limit.Text); t != "" {
		if _, err := money.LookupCurrency(c.Currency); err == nil {
			m, err := money.Parse(t, c.Currency)
			if err != nil {
				errs["creditLimit"] = err.Error()
			} else {
				c.CreditLimit = m
			}
		}
	}
	c.Tags = strings.Split(f.tags.Text, ",")
	for _, r := range f.contacts {
		c.Contacts = append(c.Contacts, domain.Contact{ID: r.id, ClientID: c.ID, Name: r.name.Text, Role: r.role.Text,
			Email: r.email.Text, Phone: r.phone.Text, Primary: r.primary.Checked})
	}
	return c, errs
}

// showErrors puts each message beside its field and clears the others.
func (f *Form) showErrors(errs map[string]string) {
	f.edits.ShowErrors(errs)
	for i, r := range f.contacts {
		for key, fl := range r.fields {
			fl.SetError(widgets.Sentence(strings.TrimPrefix(errs[domain.ContactField(i, key)], fmt.Sprintf("contact %d: ", i+1))))
		}
	}
	widgets.SetError(f.contactsError, widgets.Sentence(errs["contacts"]))
}

// Save validates and stores the client (Ctrl/Cmd+S, the Save button): see
// kit.SaveNow.
func (f *Form) Save() bool { return kit.SaveNow(f.SaveThen) }

// SaveThen validates the client and stores it off the UI goroutine, then
// runs done (nil for nothing) with whether it was stored. It reports whether
// the client passed the checks; if not, the messages are on the form and
// nothing was written.
func (f *Form) SaveThen(done func(ok bool)) bool {
	return kit.Save(f.edits, f.win, kit.Record[*domain.Client]{
		Read:     f.read,
		Validate: (*domain.Client).Validate,
		New:      func(c *domain.Client) bool { return c.ID == 0 },
		Create:   f.svc.CreateClient,
		Update:   f.svc.UpdateClient,
		Stored: func(ctx context.Context, c *domain.Client) (*domain.Client, error) {
			return f.svc.FindClientByID(ctx, c.ID)
		},
		Show:  f.showErrors,
		Load:  f.Load,
		Adopt: func(c *domain.Client) { f.original = c },
		Saved: f.OnSaved,
	}, done)
}

// Revert throws away the edits and shows the client as stored.
func (f *Form) Revert() { f.Load(f.original) }

func (f *Form) confirmDelete() {
	c := f.original
	if c.ID == 0 {
		return
	}
	widgets.Confirm("Delete client", "Delete client", fmt.Sprintf("Delete %s and its %d contacts? This cannot be undone.", c.Name, len(c.Contacts)),
		func(ok bool) {
			if !ok {
				return
			}
			svc := f.svc
			kit.Write(func(ctx context.Context) (struct{}, error) {
				return struct{}{}, svc.DeleteClient(ctx, c.ID)
			}, func(_ struct{}, err error) { f.deleted(c, err) })
		}, f.win)
}

// deleted says what deleting c did: the form lets go of it, or, for a client
// with history, the form offers to make it inactive instead.
func (f *Form) deleted(c *domain.Client, err error) {
	switch {
	case err == nil:
		if f.OnDeleted != nil {
			f.OnDeleted(c.ID)
		}
	case domain.ErrorCode(err) == domain.ECONFLICT:
		widgets.Confirm("Make inactive", "Client has history", domain.ErrorMessage(err)+"\n\nMake "+c.Name+" inactive now?", func(ok bool) {
			if ok {
				f.status.SetSelected(domain.StatusInactive.Title())
				f.Save()
			}
		}, f.win)
	default:
		kit.ShowError(err, f.win)
	}
}

// showDocuments fills the "Invoices and quotes" section for a saved client,
// reading the summary off the UI goroutine.
func (f *Form) showDocuments(c *domain.Client) {
	if f.Documents == nil || c.ID == 0 {
		f.docsSection.Hide()
		return
	}
	id := c.ID
	if f.docsFor != id {
		f.docsSummary.SetText("") // not the last client's summary while this one's is read
		f.docsFor = id
	}
	kit.Load(f.docsLoad, func(ctx context.Context) (domain.ClientDocSummary, error) {
		return f.Documents.ClientSummary(ctx, id)
	}, func(sum domain.ClientDocSummary, err error) {
		if f.original == nil || f.original.ID != id {
			return // another client is shown by now
		}
		if err != nil {
			f.docsSummary.SetText(domain.ErrorMessage(err))
		} else {
			f.docsSummary.SetText(SummaryText(sum))
		}
		f.docsSection.Show()
	})
}

// Watch keeps the "Invoices and quotes" section current: after any write
// to the book's documents, wherever it was made (issuing from the Documents
// tab, the command line), the summary of the client shown is read again.
// Only that read-only section changes; what is typed in the form stays.
// It also reads the company's home currency now and whenever the settings
// change, for new clients.
func (f *Form) Watch(book domain.Book) (stop func()) {
	f.readHome(book)
	return kit.Watch(book, func(cs domain.Changes) {
		if f.original != nil && cs.Touches("document", "import") {
			f.showDocuments(f.original)
		}
		if cs.Touches("company") {
			f.readHome(book)
		}
	})
}

// HomeCurrency is the currency a new client starts in: the company's home
// currency, USD until it is known.
func (f *Form) HomeCurrency() string {
	if c := f.home.Get(); c != "" {
		return c
	}
	return domain.DefaultCompany().Currency
}

// readHome reads the home currency in the background; an untouched new
// client on show takes it.
func (f *Form) readHome(book domain.Book) {
	kit.Go(func() {
		co, err := book.Company().Company(context.Background())
		if err != nil || co.Currency == "" {
			return
		}
		fyne.Do(func() {
			f.home.Set(co.Currency)
			if o := f.original; o != nil && o.ID == 0 && !f.edits.Dirty() && o.Currency != co.Currency {
				f.Load(nil)
			}
		})
	})
}

// SummaryText says in a sentence what a client has been invoiced.
func SummaryText(sum domain.ClientDocSummary) string {
	if sum.Invoices+sum.Quotes+sum.CreditNotes+sum.Drafts == 0 {
		return "No invoices or quotes yet."
	}
	var parts []string
	if sum.Invoices > 0 {
		parts = append(parts, widgets.Count(sum.Invoices, "invoice", "invoices"))
	}
	if sum.CreditNotes > 0 {
		parts = append(parts, widgets.Count(sum.CreditNotes, "credit note", "credit notes"))
	}
	if sum.Quotes > 0 {
		parts = append(parts, widgets.Count(sum.Quotes, "quote", "quotes"))
	}
	if sum.Drafts > 0 {
		parts = append(parts, widgets.Count(sum.Drafts, "draft", "drafts"))
	}
	text := strings.Join(parts, ", ") + "."
	if len(sum.Invoiced) > 0 {
		var amounts []string
		for _, m := range sum.Invoiced {
			amounts = append(amounts, m.String())
		}
		text += " Invoiced " + strings.Join(amounts, " + ") + " including tax, after credit notes"
		if !sum.LastIssued.IsZero() {
			text += "; last invoice " + sum.LastIssued.String()
		}
		text += "."
	}
	return text
}

// SummaryLabel is the documents summary as shown.
func (f *Form) SummaryLabel() string { return f.docsSummary.Text }

// Currency is the currency code the form shows.
func (f *Form) Currency() string { return widgets.CurrencyCode(f.currency.Text) }

// recordPayment opens a new payment from the client, dated today in the
// client's currency, for the payment panel to allocate to its open invoices.
func (f *Form) recordPayment() {
	c := f.original
	if c == nil || c.ID == 0 {
		return
	}
	f.Nav.OpenPayment(&domain.Payment{ClientID: c.ID, ClientName: c.Name, Date: f.today(),
		Amount: money.Zero(c.Currency), Method: domain.MethodBankTransfer})
}

func (f *Form) today() domain.Date {
	if f.Today != nil {
		return f.Today()
	}
	return domain.Today()
}

// showAddressHint says, under Billing address, what an invoice to the client
// will need before it can be issued.
func (f *Form) showAddressHint() {
	a := f.address.Address()
	if a.Invoiceable() {
		f.addrHint.Hide()
		return
	}
	var missing []string
	for _, m := range []struct{ text, name string }{{a.Line1, "street"}, {a.City, "city"}, {a.Country, "country"}} {
		if strings.TrimSpace(m.text) == "" {
			missing = append(missing, m.name)
		}
	}
	f.addrHint.SetText("Invoices need the " + domain.JoinAnd(missing) + " before the first one to this client is issued.")
	f.addrHint.Show()
}
