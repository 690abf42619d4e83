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

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// atLayout is how a moment is typed: local date and time to the minute.
const atLayout = "2006-01-02 15:04"

// pageSize is how many entries are read at a time as the list scrolls.
const pageSize = 100

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

	kind        *widget.Select
	at          *widget.Entry
	contact     *widget.SelectEntry
	subject     *widget.Entry
	body        *widget.Entry
	outcome     *widget.Entry
	nextStep    *widget.Entry
	remind      *widget.Entry
	add         *widget.Button
	fields      map[string]*widgets.Field
	last        *widget.Label
	search      *widget.Entry
	exportBtn   *widget.Button
	export      domain.ExportService
	show        *widget.Select
	list        *widget.List
	empty       *widget.Label
	placeholder fyne.CanvasObject
	content     fyne.CanvasObject
	root        *fyne.Container

	// OnChanged is called after an activity was added or deleted.
	OnChanged func()
	// OpenDocument opens a document tapped in the timeline.
	OpenDocument func(id int64)
	// OpenPayment opens a payment tapped in the timeline.
	OpenPayment func(p *domain.Payment)

	rows []domain.TimelineEntry
	more bool

	clean string // the quick-add form as last cleared, to tell typed edits
}

// New builds an empty panel; Show fills it for a client.
func New(svc domain.ActivityService, win fyne.Window) *Panel {
	p := &Panel{svc: svc, win: win, now: time.Now, fields: map[string]*widgets.Field{}}
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

	field := func(key, label string, in fyne.CanvasObject) fyne.CanvasObject {
		f := widgets.NewField(label, in)
		p.fields[key] = f
		return f.Object()
	}
	form := container.NewVBox(
		container.NewGridWithColumns(3, field("kind", "Kind", p.kind), field("at", "When", p.at), field("contact", "Contact", p.contact)),
		field("subject", "Subject", p.subject),
		field("body", "Notes", p.body),
		container.NewGridWithColumns(3, field("outcome", "Outcome", p.outcome), field("nextStep", "Next step", p.nextStep),
			field("remind", "Follow up on (makes a task)", p.remind)),
		container.NewHBox(p.add),
	)

	p.last = widget.NewLabel("")
	p.last.Importance = widget.LowImportance
	p.search = widget.NewEntry()
	p.search.SetPlaceHolder("Search this timeline…")
	p.search.OnChanged = func(string) { p.Refresh() }
	p.exportBtn = widgets.NewExportButton(func() {
		if p.client != nil {
			widgets.SaveCSV(p.win, "timeline-"+p.client.Name, p.WriteCSV)
		}
	})
	p.exportBtn.Hide()
	p.show = widget.NewSelect([]string{showEverything, showConversations}, func(string) { p.Refresh() })
	p.show.SetSelected(showEverything)
	p.list = widget.NewList(func() int { return len(p.rows) }, p.newRow, p.updateRow)
	p.list.OnSelected = func(id widget.ListItemID) {
		p.list.UnselectAll()
		if id < len(p.rows) {
			p.open(p.rows[id])
		}
	}
	p.empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	p.empty.Importance = widget.LowImportance
	p.empty.Wrapping = fyne.TextWrapWord

	top := container.NewVBox(container.NewPadded(form), widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, container.NewHBox(p.show, p.last, p.exportBtn), p.search))
	p.content = container.NewBorder(top, nil, nil, nil, container.NewStack(p.list, container.NewVBox(p.empty)))
	msg := widget.NewLabelWithStyle("Save the client first; then log calls, emails and meetings here.", fyne.TextAlignCenter, fyne.TextStyle{})
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
	var names []string
	for _, k := range c.Contacts {
		names = append(names, k.Name)
	}
	p.contact.SetOptions(names)
	if same {
		// The same client read again (after its form was saved): what is
		// typed in the quick-add form stays.
		p.Refresh()
		return
	}
	p.search.SetText("")
	p.clearForm()
	p.Refresh()
}

// snapshot is what the quick-add form says.
func (p *Panel) snapshot() string {
	return strings.Join([]string{p.kind.Selected, p.at.Text, p.contact.Text, p.subject.Text, p.body.Text, p.outcome.Text,
		p.nextStep.Text, p.remind.Text}, "\x00")
}

// Dirty reports whether something is typed in the quick-add form that is
// not on the timeline yet.
func (p *Panel) Dirty() bool { return p.client != nil && p.snapshot() != p.clean }

// ConfirmLeave runs next once the quick-add form has nothing unsaved,
// asking first whether to add what is typed.
func (p *Panel) ConfirmLeave(next func()) {
	if !p.Dirty() {
		next()
		return
	}
	widgets.AskSave(p.win, "Unsaved timeline entry", "Add the entry typed in "+p.client.Name+"'s timeline?", p.save, next)
}

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
	p.clean = p.snapshot()
}

// Refresh reads the first page of the timeline again.
func (p *Panel) Refresh() {
	if p.client == nil {
		return
	}
	p.rows, p.more = nil, true
	p.loadMore()
	p.list.Refresh()
	p.list.ScrollToTop()
	if t, err := p.svc.LastContacted(context.Background(), p.client.ID); err == nil {
		p.last.SetText(LastContactedText(t, p.now()))
	}
	switch {
	case len(p.rows) > 0:
		p.empty.Hide()
	case p.search.Text != "":
		p.empty.SetText("Nothing in this timeline matches “" + p.search.Text + "”.")
		p.empty.Show()
	case p.show.Selected == showConversations:
		p.empty.SetText("No conversations logged yet. Record a call, email or meeting above; the newest comes first.")
		p.empty.Show()
	default:
		p.empty.SetText("Nothing logged yet. Record a call, email or meeting above; the newest comes first.")
		p.empty.Show()
	}
}

// loadMore reads the next page of the timeline.
func (p *Panel) loadMore() {
	if !p.more || p.client == nil {
		return
	}
	page, err := p.svc.FindTimeline(context.Background(), domain.TimelineFilter{ClientID: p.client.ID,
		Search: p.search.Text, ConversationsOnly: p.show.Selected == showConversations, Offset: len(p.rows), Limit: pageSize})
	if err != nil {
		kit.ShowError(err, p.win)
		p.more = false
		return
	}
	p.rows = append(p.rows, page...)
	p.more = len(page) == pageSize
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

// row is what the list shows of one entry.
type row struct {
	icon         fyne.Resource
	head, detail string
	badge        string // a document's status when it is not simply issued
	badgeColor   fyne.ThemeColorName
	amount, when string
}

// rowOf says an entry in the list's words: a conversation as before; a
// document as "Invoice INV-2027-00012 issued" with its total, marked when
// void or when a quote was answered; a payment as "Payment received" with
// its amount, how it came and what it paid.
func rowOf(e domain.TimelineEntry) row {
	switch {
	case e.Document != nil:
		d := e.Document
		r := row{icon: theme.FileTextIcon(), head: d.Kind.Title() + " " + d.Number + " issued", amount: d.Total.String(),
			when: d.IssueDate.String()}
		var parts []string
		switch {
		case d.Status == domain.DocVoid:
			parts = append(parts, "Voided; not owed")
		case d.Kind == domain.KindInvoice && !d.DueDate.IsZero():
			parts = append(parts, "Due "+d.DueDate.String())
		case d.Kind == domain.KindQuote && !d.DueDate.IsZero():
			parts = append(parts, "Valid until "+d.DueDate.String())
		}
		if d.PONumber != "" {
			parts = append(parts, "PO "+d.PONumber)
		}
		r.detail = strings.Join(parts, " · ")
		switch d.Status {
		case domain.DocVoid:
			r.badge, r.badgeColor = d.Status.Title(), theme.ColorNameError
		case domain.DocDeclined:
			r.badge, r.badgeColor = d.Status.Title(), theme.ColorNameWarning
		case domain.DocExpired:
			r.badge, r.badgeColor = d.Status.Title(), theme.ColorNameDisabledButton
		case domain.DocAccepted:
			r.badge, r.badgeColor = d.Status.Title(), theme.ColorNameSuccess
		}
		return r
	case e.Payment != nil:
		pm := e.Payment
		parts := []string{pm.Method.Title()}
		if pm.Reference != "" {
			parts = append(parts, "ref "+pm.Reference)
		}
		var paid []string
		for _, a := range pm.Allocations {
			paid = append(paid, a.DocumentNumber)
		}
		if len(paid) > 0 {
			parts = append(parts, "paid "+strings.Join(paid, ", "))
		}
		if u := pm.Unapplied(); u.IsPositive() {
			parts = append(parts, money.Money{Amount: u, Currency: pm.Amount.Currency}.String()+" unapplied")
		}
		return row{icon: theme.StorageIcon(), head: "Payment received", detail: strings.Join(parts, " · "),
			amount: pm.Amount.String(), when: pm.Date.String()}
	}
	a := e.Activity
	h := a.Kind.Title() + " · " + a.Subject
	if a.ContactName != "" {
		h = a.Kind.Title() + " with " + a.ContactName + " · " + a.Subject
	}
	var parts []string
	for _, s := range []string{a.Body, prefix("Outcome: ", a.Outcome), prefix("Next: ", a.NextStep)} {
		if s != "" {
			parts = append(parts, strings.ReplaceAll(s, "\n", " "))
		}
	}
	return row{icon: activityIcon(a.Kind), head: h, detail: strings.Join(parts, " — "), when: a.At.Local().Format(atLayout)}
}

// activityIcon tells the kinds of conversation apart at a glance.
func activityIcon(k domain.ActivityKind) fyne.Resource {
	switch k {
	case domain.ActivityEmail:
		return theme.MailComposeIcon()
	case domain.ActivityMeeting:
		return theme.AccountIcon()
	case domain.ActivityVisit:
		return theme.HomeIcon()
	case domain.ActivityNote:
		return theme.DocumentCreateIcon()
	}
	return theme.VolumeUpIcon()
}

// rowParts are the widgets of one list row, as newRow lays them out.
type rowParts struct {
	icon                     *widget.Icon
	head, amount, detail, at *widget.Label
	badge                    *widgets.Badge
}

func (p *Panel) newRow() fyne.CanvasObject {
	icon := widget.NewIcon(theme.HistoryIcon())
	head := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Truncation = fyne.TextTruncateEllipsis
	amount := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	badge := widgets.NewBadge("", theme.ColorNameError)
	badge.Hide()
	when := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{})
	when.Importance = widget.LowImportance
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	lines := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(badge, amount), head),
		container.NewBorder(nil, nil, nil, when, text))
	return container.NewBorder(nil, nil, icon, nil, lines)
}

// parts finds the widgets of a row made by newRow.
func parts(o fyne.CanvasObject) rowParts {
	outer := o.(*fyne.Container)
	lines := outer.Objects[0].(*fyne.Container)
	icon := outer.Objects[1].(*widget.Icon)
	top := lines.Objects[0].(*fyne.Container)
	bottom := lines.Objects[1].(*fyne.Container)
	right := top.Objects[1].(*fyne.Container)
	return rowParts{icon: icon, head: top.Objects[0].(*widget.Label), badge: right.Objects[0].(*widgets.Badge),
		amount: right.Objects[1].(*widget.Label), detail: bottom.Objects[0].(*widget.Label), at: bottom.Objects[1].(*widget.Label)}
}

func (p *Panel) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.rows)-10 && p.more {
		p.loadMore()
		defer p.list.Refresh()
	}
	if id >= len(p.rows) {
		return
	}
	r := rowOf(p.rows[id])
	w := parts(o)
	w.icon.SetResource(r.icon)
	w.head.SetText(r.head)
	w.amount.SetText(r.amount)
	w.detail.SetText(r.detail)
	w.at.SetText(r.when)
	if r.badge == "" {
		w.badge.Hide()
	} else {
		w.badge.Set(r.badge, r.badgeColor)
		w.badge.Show()
	}
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
		if p.OpenDocument != nil {
			p.OpenDocument(e.Document.ID)
		}
	case e.Payment != nil:
		if p.OpenPayment != nil {
			p.OpenPayment(e.Payment)
		}
	case e.Activity != nil:
		p.showActivity(*e.Activity)
	}
}

// Add stores what the quick-add form says, and a follow-up task when a day
// is given. Problems are shown at their fields and nothing is stored.
func (p *Panel) Add() { p.save() }

// save is Add, reporting whether the entry was stored.
func (p *Panel) save() bool {
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
	ctx := context.Background()
	if err := p.svc.CreateActivity(ctx, a); err != nil {
		p.showErr(err)
		return false
	}
	if task != nil {
		if err := p.svc.CreateTask(ctx, task); err != nil {
			p.showErr(err)
			return false
		}
	}
	p.clearForm()
	p.Refresh()
	p.changed()
	p.win.Canvas().Focus(p.subject)
	return true
}

func (p *Panel) showErr(err error) {
	if fe := domain.FieldErrors(err); len(fe) > 0 {
		for k, m := range fe {
			if f := p.fields[k]; f != nil {
				f.SetError(widgets.Sentence(m))
			}
		}
		return
	}
	kit.ShowError(err, p.win)
}

func (p *Panel) changed() {
	if p.OnChanged != nil {
		p.OnChanged()
	}
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
		dialog.ShowConfirm("Delete entry", "Delete this entry from the timeline?", func(ok bool) {
			if !ok {
				return
			}
			if err := p.svc.DeleteActivity(context.Background(), a.ID); err != nil {
				p.showErr(err)
				return
			}
			d.Hide()
			p.Refresh()
			p.changed()
		}, p.win)
	})
	del.Importance = widget.DangerImportance
	closeBtn := widget.NewButton("Close", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(a.Kind.Title()+": "+a.Subject, container.NewVScroll(box), p.win)
	d.SetButtons([]fyne.CanvasObject{del, closeBtn})
	d.Resize(fyne.NewSize(520, 360))
	d.Show()
}

// Rows is the timeline as listed, newest first.
func (p *Panel) Rows() []domain.TimelineEntry { return p.rows }

// Fill types an entry into the quick-add form (for tests and scripting).
func (p *Panel) Fill(kind domain.ActivityKind, subject string) {
	p.kind.SetSelected(kind.Title())
	p.subject.SetText(subject)
}

// SetExport offers Export CSV… for the timeline as searched.
func (p *Panel) SetExport(e domain.ExportService) {
	p.export = e
	p.exportBtn.Show()
}

// WriteCSV writes the client's timeline as searched, newest first, a page at
// a time.
func (p *Panel) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	if p.client == nil {
		return domain.Errorf(domain.ECONFLICT, "Open a saved client to export their timeline.")
	}
	filter := domain.TimelineFilter{ClientID: p.client.ID, Search: p.search.Text,
		ConversationsOnly: p.show.Selected == showConversations}
	page := func(offset, limit int) ([]domain.TimelineEntry, error) {
		filter.Offset, filter.Limit = offset, limit
		return p.svc.FindTimeline(context.Background(), filter)
	}
	row := func(e domain.TimelineEntry) []domain.TableCell {
		at := domain.RawCell(e.At.Local().Format(atLayout))
		switch {
		case e.Document != nil:
			d := e.Document
			notes := ""
			if d.PONumber != "" {
				notes = "PO " + d.PONumber
			}
			due := ""
			if !d.DueDate.IsZero() {
				due = "due " + d.DueDate.String()
			}
			return []domain.TableCell{at, domain.RawCell(string(d.Kind)), domain.TextCell(""), domain.TextCell(d.Number),
				domain.TextCell(notes), domain.RawCell(string(d.Status)), domain.TextCell(due),
				domain.NumberCell(d.Total.Fixed()), domain.RawCell(d.Total.Currency)}
		case e.Payment != nil:
			pay := e.Payment
			return []domain.TableCell{at, domain.RawCell("payment"), domain.TextCell(""), domain.TextCell(pay.Reference),
				domain.TextCell(domain.PaymentDescription(pay)), domain.TextCell(""), domain.TextCell(""),
				domain.NumberCell(pay.Amount.Fixed()), domain.RawCell(pay.Amount.Currency)}
		}
		a := e.Activity
		return []domain.TableCell{at, domain.RawCell(string(a.Kind)), domain.TextCell(a.ContactName), domain.TextCell(a.Subject),
			domain.TextCell(a.Body), domain.TextCell(a.Outcome), domain.TextCell(a.NextStep), domain.RawCell(""), domain.RawCell("")}
	}
	return widgets.WriteTable(p.export, w, f,
		[]string{"at", "kind", "contact", "subject", "notes", "outcome", "next_step", "amount", "currency"},
		widgets.Pages(pageSize, page, row, progress), progress)
}
