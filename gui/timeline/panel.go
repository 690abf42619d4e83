// Package timeline is a client's relationship timeline: calls, emails,
// meetings, visits and notes interleaved with the documents issued to the
// client and the payments received, newest first, with a quick-add form that
// is ready to type into and a follow-up task made from the next step.
package timeline

import (
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
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// atLayout is how a moment is typed: local date and time to the minute.
const atLayout = "2006-01-02 15:04"

// What the show selector offers.
const (
	showEverything    = "Everything"
	showConversations = "Conversations only"
)

// Panel shows one client's timeline.
type Panel struct {
	svc domain.ActivityService
	win fyne.Window
	now func() time.Time

	client *domain.Client

	kind     *widget.Select
	at       *widget.Entry
	contact  *widget.SelectEntry
	subject  *widget.Entry
	body     *widget.Entry
	outcome  *widget.Entry
	nextStep *widget.Entry
	remind   *widget.Entry
	add      *widget.Button
	fields   widgets.Fields
	last     *widget.Label
	search   *widget.Entry
	export   *kit.ClientExport[domain.TimelineEntry]
	show     *widget.Select
	table    *kit.Table[domain.TimelineEntry]
	filter   kit.Shared[domain.TimelineFilter] // what the table reads
	load     *kit.Loader                       // when the client was last contacted
	content  fyne.CanvasObject
	pane     *kit.ClientPane

	// Nav opens a document or payment tapped in the timeline; the window
	// sets it.
	Nav kit.Nav

	draft kit.Draft // the form's typed text, asked about before it is dropped
}

// New builds an empty panel; Show fills it for a client.
func New(svc domain.ActivityService, win fyne.Window) *Panel {
	p := &Panel{svc: svc, win: win, now: time.Now, fields: widgets.Fields{}, load: kit.NewLoader(), Nav: kit.Nowhere{}}
	p.draft = kit.Draft{Win: win, Title: "Unsaved timeline entry", Save: p.saveThen,
		Ask:    func() string { return "Add the entry typed in " + p.client.Name + "'s timeline?" },
		Active: func() bool { return p.client != nil },
		Inputs: func() []string {
			return []string{p.kind.Selected, p.at.Text, p.contact.Text, p.subject.Text, p.body.Text, p.outcome.Text, p.nextStep.Text, p.remind.Text}
		}}
	var kinds []string
	for _, k := range domain.ActivityKinds {
		kinds = append(kinds, k.Title())
	}
	p.kind = widget.NewSelect(kinds, nil)
	p.kind.SetSelectedIndex(0)
	p.at = widget.NewEntry()
	p.contact = widget.NewSelectEntry(nil)
	p.contact.SetPlaceHolder("Who with")
	p.subject = widget.NewEntry()
	p.subject.SetPlaceHolder("What it was about")
	p.subject.OnSubmitted = func(string) { p.Add() }
	p.body = widget.NewMultiLineEntry()
	p.body.SetPlaceHolder("What was said")
	p.body.SetMinRowsVisible(2)
	p.body.Wrapping = fyne.TextWrapWord
	p.outcome = widget.NewEntry()
	p.outcome.SetPlaceHolder("Outcome")
	p.nextStep = widget.NewEntry()
	p.nextStep.SetPlaceHolder("Next step")
	p.remind = widget.NewEntry()
	p.remind.SetPlaceHolder("YYYY-MM-DD")
	p.add = widget.NewButtonWithIcon("Add to timeline", theme.ContentAddIcon(), p.Add)
	p.add.Importance = widget.HighImportance

	field := p.fields.Add
	p.last = widget.NewLabel("")
	p.last.Importance = widget.LowImportance
	form := container.NewVBox(
		container.NewGridWithColumns(3, field("kind", "Kind", p.kind), field("at", "When", p.at), field("contact", "Contact", p.contact)),
		field("subject", "Subject", p.subject),
		field("body", "Notes", p.body),
		container.NewGridWithColumns(3, field("outcome", "Outcome", p.outcome), field("nextStep", "Next step", p.nextStep),
			field("remind", "Follow up on (makes a task)", p.remind)),
		container.NewHBox(p.add, p.last),
	)

	p.search = widget.NewEntry()
	p.search.SetPlaceHolder("Search this timeline…")
	p.search.OnChanged = func(string) { p.Refresh() }
	p.show = widget.NewSelect([]string{showEverything, showConversations}, func(string) { p.Refresh() })
	p.show.SetSelected(showEverything)
	p.table = kit.NewTable("timeline", columns(), kit.InMemory(func(ctx context.Context) ([]domain.TimelineEntry, error) {
		f := p.filter.Get()
		if f.ClientID == 0 {
			return nil, nil
		}
		return p.svc.FindTimeline(ctx, f)
	}, sorts))
	p.table.OnSelected = func(e domain.TimelineEntry) {
		p.table.List().UnselectAll()
		p.open(e)
	}
	p.export = kit.NewClientExport(win, p.table, "timeline", "timeline", func() *domain.Client { return p.client })

	// The quick-add form above the timeline, scrolled in its share of the
	// height, so that a low window still shows both.
	list := container.NewBorder(container.NewBorder(nil, nil, nil, container.NewHBox(p.show, p.export.Button), p.search),
		nil, nil, nil, p.table.Object())
	split := container.NewVSplit(container.NewVScroll(container.NewPadded(form)), list)
	split.Offset = 0.45
	p.content = split
	p.pane = kit.NewClientPane(p.content, "Save the client first; then log calls, emails and meetings here.")
	return p
}

// Object is the panel's layout.
func (p *Panel) Object() fyne.CanvasObject { return p.pane.Object() }

// Show fills the panel for c; nil or an unsaved client shows a hint instead.
// The same client read again (after its form was saved) keeps what is
// typed in the quick-add form.
func (p *Panel) Show(c *domain.Client) {
	p.pane.Follow(c, func(c *domain.Client) {
		if p.client = c; c != nil {
			p.contact.SetOptions(c.ContactNames())
		}
	}, func() {
		p.search.SetText("")
		p.clearForm()
	}, p.Refresh)
}

// Dirty reports whether the form holds typed text not stored.
func (p *Panel) Dirty() bool { return p.draft.Dirty() }

// ConfirmLeave runs next once the form holds nothing typed, asking first
// whether to store what is.
func (p *Panel) ConfirmLeave(next func()) { p.draft.ConfirmLeave(next) }

func (p *Panel) clearForm() {
	p.at.SetText(p.now().Format(atLayout))
	p.contact.SetText("")
	if p.client != nil {
		for _, k := range p.client.Contacts {
			if k.Primary {
				p.contact.SetText(k.Name)
			}
		}
	}
	for _, e := range []*widget.Entry{p.subject, p.body, p.outcome, p.nextStep, p.remind} {
		e.SetText("")
	}
	for _, f := range p.fields {
		f.SetError("")
	}
	p.draft.Mark()
}

// Refresh reads the timeline again, in the background, as searched and
// shown; what is typed in the quick-add form stays.
func (p *Panel) Refresh() {
	if p.client == nil {
		return
	}
	f := domain.TimelineFilter{ClientID: p.client.ID, Search: p.search.Text, ConversationsOnly: p.show.Selected == showConversations}
	p.filter.Set(f)
	switch {
	case f.Search != "":
		p.table.Empty = "Nothing in this timeline matches “" + f.Search + "”."
	case f.ConversationsOnly:
		p.table.Empty = "No conversations logged yet. Record a call, email or meeting above; the newest comes first."
	default:
		p.table.Empty = "Nothing logged yet. Record a call, email or meeting above; the newest comes first."
	}
	p.table.ReloadThen(func(int) { p.table.List().ScrollToTop() })
	id, now := p.client.ID, p.now()
	kit.Load(p.load, func(ctx context.Context) (time.Time, error) {
		return p.svc.LastContacted(ctx, id)
	}, func(t time.Time, err error) {
		if err == nil && p.client != nil && p.client.ID == id {
			p.last.SetText(LastContactedText(t, now))
		}
	})
}

// Watch keeps the timeline current: after any write to the book's
// activities, tasks, documents or payments, wherever it was made, the
// client's timeline is read again. What is typed in the quick-add form
// stays.
func (p *Panel) Watch(book domain.Book) (stop func()) {
	return kit.Watch(book, func(cs domain.Changes) {
		if p.client != nil && cs.Touches("activity", "task", "document", "payment", "import") {
			p.Refresh()
		}
	})
}

// LastContactedText says when a client was last contacted, relative to now.
func LastContactedText(t, now time.Time) string {
	if t.IsZero() {
		return "Never contacted"
	}
	d := domain.DateOf(t).DaysUntil(domain.DateOf(now))
	switch {
	case d <= 0:
		return "Last contacted today"
	case d == 1:
		return "Last contacted yesterday"
	}
	return fmt.Sprintf("Last contacted %d days ago", d)
}

// columns are the timeline's columns, its CSV's too: an activity says what
// was said with whom; a document its number, status and due day; a payment
// its reference, how it came and what it paid.
func columns() []kit.Column[domain.TimelineEntry] {
	raw := func(f func(domain.TimelineEntry) string) func(domain.TimelineEntry) domain.TableCell {
		return func(e domain.TimelineEntry) domain.TableCell { return domain.RawCell(f(e)) }
	}
	amount := func(e domain.TimelineEntry) (money.Money, bool) {
		switch {
		case e.Document != nil:
			return e.Document.Total, true
		case e.Payment != nil:
			return e.Payment.Amount, true
		}
		return money.Money{}, false
	}
	currency := func(e domain.TimelineEntry) string {
		m, _ := amount(e)
		return m.Currency
	}
	return []kit.Column[domain.TimelineEntry]{
		{Title: "When", Key: "at", Width: 142, Min: 96, Sort: "at", Text: whenText,
			CSV: func(e domain.TimelineEntry) domain.TableCell { return domain.RawCell(e.At.Local().Format(atLayout)) }},
		{Title: "Kind", Key: "kind", Width: 82, Sort: "kind", Text: kindText, CSV: raw(kindCode), Importance: kindImportance},
		{Title: "Subject", Key: "subject", Width: 130, Stretch: true, Bold: true, Sort: "subject", Text: subjectText},
		{Title: "Amount", Key: "amount", Width: 96, Align: fyne.TextAlignTrailing, Sort: "amount",
			Text: func(e domain.TimelineEntry) string {
				if m, ok := amount(e); ok {
					return m.Format()
				}
				return ""
			},
			CSV: func(e domain.TimelineEntry) domain.TableCell {
				if m, ok := amount(e); ok {
					return domain.NumberCell(m.Fixed())
				}
				return domain.RawCell("")
			}},
		{Title: "Cur.", Key: "currency", Width: kit.CurrencyWidth, Min: kit.CurrencyWidth, Text: currency, CSV: raw(currency)},
		{Title: "Notes", Key: "notes", Width: 140, Text: notesText,
			CSV: func(e domain.TimelineEntry) domain.TableCell {
				if e.Activity != nil {
					return domain.TextCell(e.Activity.Body)
				}
				return domain.TextCell(notesText(e))
			}},
		{Title: "Outcome", Key: "outcome", Width: 130, Text: outcomeText, Importance: outcomeImportance,
			CSV: func(e domain.TimelineEntry) domain.TableCell {
				if e.Document != nil {
					return domain.RawCell(string(e.Document.Status))
				}
				return domain.TextCell(outcomeText(e))
			}},
		{Title: "Next step", Key: "next_step", Width: 130, Text: nextText},
		{Title: "With", Key: "contact", Width: 120, Sort: "contact", Text: func(e domain.TimelineEntry) string {
			if e.Activity != nil {
				return e.Activity.ContactName
			}
			return ""
		}},
	}
}

// sorts order the timeline by a header; unsorted it is newest first, as the
// book lists it.
var sorts = kit.Sorts[domain.TimelineEntry]{
	"at":      func(a, b domain.TimelineEntry) int { return a.At.Compare(b.At) },
	"kind":    func(a, b domain.TimelineEntry) int { return strings.Compare(kindText(a), kindText(b)) },
	"subject": func(a, b domain.TimelineEntry) int { return folded(subjectText(a), subjectText(b)) },
	"contact": func(a, b domain.TimelineEntry) int {
		var x, y string
		if a.Activity != nil {
			x = a.Activity.ContactName
		}
		if b.Activity != nil {
			y = b.Activity.ContactName
		}
		return folded(x, y)
	},
	"amount": func(a, b domain.TimelineEntry) int {
		in := func(e domain.TimelineEntry) decimal.Decimal {
			switch {
			case e.Document != nil:
				return e.Document.Total.Amount
			case e.Payment != nil:
				return e.Payment.Amount.Amount
			}
			return decimal.Zero
		}
		return in(a).Cmp(in(b))
	},
}

func folded(a, b string) int { return strings.Compare(domain.FoldSearch(a), domain.FoldSearch(b)) }

// whenText is when an entry happened: an activity to the minute, a
// document or payment on its day.
func whenText(e domain.TimelineEntry) string {
	switch {
	case e.Document != nil:
		return e.Document.IssueDate.String()
	case e.Payment != nil:
		return e.Payment.Date.String()
	}
	return e.Activity.At.Local().Format(atLayout)
}

// kindText is what an entry is: "Call", "Invoice", "Payment".
func kindText(e domain.TimelineEntry) string {
	switch {
	case e.Document != nil:
		return e.Document.Kind.Title()
	case e.Payment != nil:
		return "Payment"
	}
	return e.Activity.Kind.Title()
}

// kindCode is the kind as the CSV writes it: "call", "invoice", "payment".
func kindCode(e domain.TimelineEntry) string {
	switch {
	case e.Document != nil:
		return string(e.Document.Kind)
	case e.Payment != nil:
		return "payment"
	}
	return string(e.Activity.Kind)
}

// kindImportance tells money from conversations: documents in the primary
// colour, payments in green.
func kindImportance(e domain.TimelineEntry) widget.Importance {
	switch {
	case e.Document != nil:
		return widget.HighImportance
	case e.Payment != nil:
		return widget.SuccessImportance
	}
	return widget.MediumImportance
}

// subjectText is an activity's subject, a document's number, a payment's
// reference.
func subjectText(e domain.TimelineEntry) string {
	switch {
	case e.Document != nil:
		return e.Document.Number
	case e.Payment != nil:
		return e.Payment.Reference
	}
	return e.Activity.Subject
}

// notesText is what was said, on one line; a document's PO number; what a
// payment paid.
func notesText(e domain.TimelineEntry) string {
	switch {
	case e.Document != nil:
		return prefix("PO ", e.Document.PONumber)
	case e.Payment != nil:
		return domain.PaymentDescription(e.Payment)
	}
	return strings.Join(strings.Fields(e.Activity.Body), " ")
}

// outcomeText is how a conversation ended, or where a document stands.
func outcomeText(e domain.TimelineEntry) string {
	switch {
	case e.Document != nil:
		return e.Document.Status.Title()
	case e.Payment != nil:
		return ""
	}
	return strings.Join(strings.Fields(e.Activity.Outcome), " ")
}

// outcomeImportance colours a document that is not simply issued: void in
// red, declined amber, accepted green, expired grey.
func outcomeImportance(e domain.TimelineEntry) widget.Importance {
	if e.Document == nil {
		return widget.MediumImportance
	}
	return outcomeLooks.Of(e.Document.Status, widget.MediumImportance)
}

var outcomeLooks = kit.Looks[domain.DocStatus]{domain.DocVoid: widget.DangerImportance,
	domain.DocDeclined: widget.WarningImportance, domain.DocExpired: widget.LowImportance,
	domain.DocAccepted: widget.SuccessImportance}

// nextText is a conversation's next step, or when a document falls due.
func nextText(e domain.TimelineEntry) string {
	switch {
	case e.Document != nil:
		d := e.Document
		switch {
		case d.Status == domain.DocVoid:
			return "Voided; not owed"
		case d.DueDate.IsZero():
			return ""
		case d.Kind == domain.KindQuote:
			return "Valid until " + d.DueDate.String()
		}
		return "Due " + d.DueDate.String()
	case e.Payment != nil:
		return ""
	}
	return strings.Join(strings.Fields(e.Activity.NextStep), " ")
}

func prefix(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// open shows what a tapped entry is about: an activity in full, a document or
// payment where it is kept.
func (p *Panel) open(e domain.TimelineEntry) {
	switch {
	case e.Document != nil:
		p.Nav.OpenDocument(e.Document.ID)
	case e.Payment != nil:
		p.Nav.OpenPayment(e.Payment)
	case e.Activity != nil:
		p.showActivity(*e.Activity)
	}
}

// Add stores what the quick-add form says, and a follow-up task when a day
// is given. Problems are shown at their fields and nothing is stored.
func (p *Panel) Add() { p.saveThen(nil) }

// saveThen is Add, writing off the UI goroutine and then running done (nil
// for nothing) with whether the entry was stored. It reports whether the
// entry passed the checks and went to be stored.
func (p *Panel) saveThen(done func(ok bool)) bool {
	if p.client == nil {
		return false
	}
	for _, f := range p.fields {
		f.SetError("")
	}
	a := &domain.Activity{ClientID: p.client.ID, Kind: domain.ActivityKinds[max(0, p.kind.SelectedIndex())],
		Subject: p.subject.Text, Body: p.body.Text, Outcome: p.outcome.Text, NextStep: p.nextStep.Text,
		ContactName: strings.TrimSpace(p.contact.Text)}
	for _, k := range p.client.Contacts {
		if k.Name == a.ContactName {
			a.ContactID = k.ID
		}
	}
	bad := false
	at, err := time.ParseInLocation(atLayout, strings.TrimSpace(p.at.Text), time.Local)
	if err != nil {
		p.fields["at"].SetError("Enter the date and time as YYYY-MM-DD HH:MM.")
		bad = true
	}
	a.At = at
	var task *domain.Task
	if r := strings.TrimSpace(p.remind.Text); r != "" {
		due, err := domain.ParseDate(r)
		switch {
		case err != nil:
			p.fields["remind"].SetError("Enter the day as YYYY-MM-DD.")
			bad = true
		case strings.TrimSpace(a.NextStep) == "":
			p.fields["nextStep"].SetError("Say what to follow up on.")
			bad = true
		default:
			task = &domain.Task{Title: strings.TrimSpace(a.NextStep), DueDate: due, ClientID: p.client.ID}
		}
	}
	if err := a.Validate(); err != nil {
		for k, m := range domain.FieldErrors(err) {
			if f := p.fields[k]; f != nil {
				f.SetError(widgets.Sentence(m))
			}
		}
		bad = true
	}
	if task != nil {
		if err := task.Validate(); err != nil {
			p.fields["remind"].SetError(domain.ErrorMessage(err))
			bad = true
		}
	}
	if bad {
		return false
	}
	svc := p.svc
	return kit.Put(p.add, func(ctx context.Context) error {
		return svc.CreateActivityWithTask(ctx, a, task)
	}, func() {
		p.clearForm()
		p.Refresh()
		p.win.Canvas().Focus(p.subject)
	}, func(err error) { kit.ShowRefusal(p.fields, err, p.win) }, done)
}

// FocusSubject puts the cursor where a new entry starts.
func (p *Panel) FocusSubject() { p.win.Canvas().Focus(p.subject) }

// showActivity shows one activity in full, with a delete button.
func (p *Panel) showActivity(a domain.Activity) {
	lines := []string{a.At.Local().Format(atLayout)}
	if a.ContactName != "" {
		lines = append(lines, "With "+a.ContactName)
	}
	text := widget.NewLabel(strings.Join(lines, " · "))
	text.Importance = widget.LowImportance
	body := widget.NewLabel(a.Body)
	body.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(text, body)
	if a.Outcome != "" {
		box.Add(widget.NewLabel("Outcome: " + a.Outcome))
	}
	if a.NextStep != "" {
		box.Add(widget.NewLabel("Next step: " + a.NextStep))
	}
	var d *dialog.CustomDialog
	del := widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), func() {
		widgets.Confirm("Delete entry", "Delete entry", "Delete this entry from the timeline?", func(ok bool) {
			if !ok {
				return
			}
			svc := p.svc
			kit.Write(func(ctx context.Context) (struct{}, error) {
				return struct{}{}, svc.DeleteActivity(ctx, a.ID)
			}, func(_ struct{}, err error) {
				if err != nil {
					kit.ShowError(err, p.win)
					return
				}
				d.Hide()
				p.Refresh()
			})
		}, p.win)
	})
	del.Importance = widget.DangerImportance
	closeBtn := widget.NewButton("Close", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(a.Kind.Title()+": "+a.Subject, container.NewVScroll(box), p.win)
	d.SetButtons([]fyne.CanvasObject{del, closeBtn})
	d.Resize(fyne.NewSize(520, 360))
	d.Show()
}

// Rows is the timeline as listed, in the order shown.
func (p *Panel) Rows() []domain.TimelineEntry { return p.table.Rows() }

// Table is the timeline's table, for tests.
func (p *Panel) Table() *kit.Table[domain.TimelineEntry] { return p.table }

// Fill types an entry into the quick-add form (for tests and scripting).
func (p *Panel) Fill(kind domain.ActivityKind, subject string) {
	p.kind.SetSelected(kind.Title())
	p.subject.SetText(subject)
}

// SetExport offers Export CSV… for the timeline as searched.
func (p *Panel) SetExport(e domain.ExportService) { p.export.Set(e) }

// WriteCSV writes the client's timeline as Export CSV… does: as searched,
// in the order shown, with the columns shown.
func (p *Panel) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	return p.export.WriteCSV(w, f, progress)
}

// NewFor builds the timeline over base, watching the book for changes.
func NewFor(base kit.Base) *Panel {
	p := New(base.Book.Activities(), base.Win)
	p.SetExport(base.Book.Export())
	p.Nav = base.Nav
	p.Watch(base.Book)
	return p
}

// ClientTab describes the panel as a tab beside a client's details.
func (p *Panel) ClientTab() kit.ClientTab {
	return kit.ClientTab{Title: "Timeline", Icon: theme.HistoryIcon(), Content: p.Object(), Show: p.Show, Guard: p, Screen: p}
}

// ClientTab is the timeline beside a client's details, built over base: the
// one line the window's client tab list has for it.
func ClientTab(base kit.Base) kit.ClientTab { return NewFor(base).ClientTab() }
