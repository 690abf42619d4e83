// Package complaints is a client's complaints: the list, newest first, with
// each one's status, and a form beside it to record a new complaint or to
// work on one — change its status, say how it was resolved.
package complaints

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// Panel shows one client's complaints.
type Panel struct {
	svc domain.ComplaintService
	win fyne.Window
	now func() time.Time

	// Tasks, when set, lets a complaint being edited get a follow-up task.
	Tasks domain.ActivityService
	// OnTaskAdded runs after a follow-up task was added, e.g. to refresh
	// Today.
	OnTaskAdded func()
	followBtn   *widget.Button
	follow      *followForm // the follow-up form, while open

	client *domain.Client
	// editing is the stored complaint the form is working on; nil while it
	// records a new one.
	editing *domain.Complaint
	draft   kit.Draft // the form's typed text, asked about before it is dropped

	heading     *widget.Label
	subject     *widget.Entry
	opened      *widget.Entry
	severity    *widget.Select
	status      *widget.Select
	resolvedOn  *widget.Entry
	category    *widget.SelectEntry
	department  *widget.Entry
	contact     *widget.SelectEntry
	description *widget.Entry
	resolution  *widget.Entry
	save        *widget.Button
	newBtn      *widget.Button
	fields      widgets.Fields
	form        *fyne.Container

	summary  *widget.Label
	openOnly *widget.Check
	export   *kit.ClientExport[domain.Complaint]
	table    *kit.Table[domain.Complaint]
	filter   kit.Shared[domain.ComplaintFilter] // what the table reads
	load     *kit.Loader                        // the summary
	content  fyne.CanvasObject
	pane     *kit.ClientPane
}

// New builds an empty panel; Show fills it for a client.
func New(svc domain.ComplaintService, win fyne.Window) *Panel {
	p := &Panel{svc: svc, win: win, now: time.Now, fields: widgets.Fields{}, load: kit.NewLoader()}
	p.draft = kit.Draft{Win: win, Title: "Unsaved complaint", Save: p.SaveThen,
		Ask: func() string {
			if p.editing != nil {
				return fmt.Sprintf("Save the changes to complaint %d?", p.editing.ID)
			}
			return "Save the new complaint?"
		},
		Active: func() bool { return p.client != nil },
		Inputs: func() []string {
			return []string{p.subject.Text, p.opened.Text, p.severity.Selected, p.contact.Text, p.category.Text,
				p.department.Text, p.description.Text, p.resolution.Text, p.status.Selected, p.resolvedOn.Text}
		}}
	p.heading = widget.NewLabelWithStyle("New complaint", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.subject = widget.NewEntry()
	p.subject.SetPlaceHolder("What the client complains about")
	p.opened = widget.NewEntry()
	p.opened.SetPlaceHolder("YYYY-MM-DD")
	var severities, statuses []string
	for _, s := range domain.ComplaintSeverities {
		severities = append(severities, s.Title())
	}
	for _, s := range domain.ComplaintStatuses {
		statuses = append(statuses, s.Title())
	}
	p.severity = widget.NewSelect(severities, nil)
	p.status = widget.NewSelect(statuses, p.statusChanged)
	p.resolvedOn = widget.NewEntry()
	p.resolvedOn.SetPlaceHolder("YYYY-MM-DD")
	p.category = widget.NewSelectEntry(domain.ComplaintCategories)
	p.category.SetPlaceHolder("Billing, Delivery…")
	p.department = widget.NewEntry()
	p.department.SetPlaceHolder("Who handles it")
	p.contact = widget.NewSelectEntry(nil)
	p.contact.SetPlaceHolder("Who raised it")
	p.description = widget.NewMultiLineEntry()
	p.description.SetPlaceHolder("What happened")
	p.description.SetMinRowsVisible(3)
	p.description.Wrapping = fyne.TextWrapWord
	p.resolution = widget.NewMultiLineEntry()
	p.resolution.SetPlaceHolder("What was done about it")
	p.resolution.SetMinRowsVisible(3)
	p.resolution.Wrapping = fyne.TextWrapWord
	p.save = widget.NewButtonWithIcon("Add complaint", theme.ContentAddIcon(), func() { p.Save() })
	p.save.Importance = widget.HighImportance
	p.newBtn = widget.NewButtonWithIcon("New complaint", theme.ContentClearIcon(), func() { p.ConfirmLeave(p.clearForm) })
	p.followBtn = widget.NewButtonWithIcon("Follow-up task…", theme.CalendarIcon(), p.AskFollowUp)

	field := p.fields.Add
	p.form = container.NewVBox(
		p.heading,
		field("subject", "Subject", p.subject),
		container.NewGridWithColumns(3, field("openedOn", "Raised on", p.opened), field("severity", "Severity", p.severity),
			field("contact", "Raised by", p.contact)),
		container.NewGridWithColumns(2, field("category", "Category", p.category), field("department", "Department", p.department)),
		field("description", "Description", p.description),
		container.NewGridWithColumns(2, field("status", "Status", p.status), field("resolvedOn", "Resolved on", p.resolvedOn)),
		field("resolution", "Resolution notes", p.resolution),
		container.NewHBox(p.save, p.newBtn, p.followBtn),
	)

	p.summary = widget.NewLabel("")
	p.summary.Importance = widget.LowImportance
	p.summary.Wrapping = fyne.TextWrapWord
	p.openOnly = widget.NewCheck("Open only", func(bool) { p.Refresh() })
	p.table = kit.NewTable("complaints", columns(), kit.InMemory(func(ctx context.Context) ([]domain.Complaint, error) {
		f := p.filter.Get()
		if f.ClientID == 0 {
			return nil, nil
		}
		return p.svc.FindComplaints(ctx, f)
	}, sorts))
	p.table.OnSelected = func(k domain.Complaint) {
		p.markEditing() // until the form has it: asking about unsaved edits may keep the one shown
		p.Edit(k)
	}

	p.export = kit.NewClientExport(win, p.table, "complaints", "complaints", func() *domain.Client { return p.client })
	p.content = kit.ListAbove(container.NewBorder(nil, nil, nil, container.NewHBox(p.openOnly, p.export.Button), p.summary),
		p.table.Object(), p.form, 0.4)
	p.pane = kit.NewClientPane(p.content, "Save the client first; then record their complaints here.")
	return p
}

// Object is the panel's layout.
func (p *Panel) Object() fyne.CanvasObject { return p.pane.Object() }

// Show fills the panel for c; nil or an unsaved client shows a hint instead.
// The same client read again (after its form was saved) keeps what is
// typed in the complaint form.
func (p *Panel) Show(c *domain.Client) {
	p.pane.Follow(c, func(c *domain.Client) {
		if p.client = c; c != nil {
			p.contact.SetOptions(c.ContactNames())
		}
	}, func() {
		p.openOnly.SetChecked(false)
		p.clearForm()
	}, p.Refresh)
}

// Dirty reports whether the form holds typed text not stored.
func (p *Panel) Dirty() bool { return p.draft.Dirty() }

// ConfirmLeave runs next once the form holds nothing typed, asking first
// whether to store what is.
func (p *Panel) ConfirmLeave(next func()) { p.draft.ConfirmLeave(next) }

func (p *Panel) today() domain.Date { return domain.DateOf(p.now()) }

// clearForm readies the form for a new complaint, raised today by the
// client's primary contact.
func (p *Panel) clearForm() {
	p.editing = nil
	p.heading.SetText("New complaint")
	p.save.SetText("Add complaint")
	p.save.SetIcon(theme.ContentAddIcon())
	p.newBtn.Hide()
	p.followBtn.Hide()
	for _, e := range []*widget.Entry{p.subject, p.department, p.description, p.resolution} {
		e.SetText("")
	}
	p.category.SetText("")
	p.opened.SetText(p.today().String())
	p.severity.SetSelected(domain.ComplaintMedium.Title())
	p.contact.SetText("")
	if p.client != nil {
		for _, k := range p.client.Contacts {
			if k.Primary {
				p.contact.SetText(k.Name)
			}
		}
	}
	p.status.SetSelected(domain.ComplaintOpen.Title())
	p.resolvedOn.SetText("")
	p.resolvedOn.Disable()
	p.clearErrors()
	p.draft.Mark()
	p.markEditing()
}

func (p *Panel) clearErrors() {
	for _, f := range p.fields {
		f.SetError("")
	}
	p.relayout()
}

// relayout lays the form out again after problems were shown or cleared:
// a field grows by its message line.
func (p *Panel) relayout() { p.form.Refresh() }

// Edit loads a stored complaint into the form, to change its status or say
// how it was resolved.
func (p *Panel) Edit(k domain.Complaint) {
	if p.editing != nil && p.editing.ID == k.ID {
		return
	}
	p.ConfirmLeave(func() { p.edit(k) })
}

func (p *Panel) edit(k domain.Complaint) {
	p.editing = &k
	p.heading.SetText(fmt.Sprintf("Complaint %d, raised %s", k.ID, k.OpenedOn))
	p.save.SetText("Save changes")
	p.save.SetIcon(theme.DocumentSaveIcon())
	p.newBtn.Show()
	if p.Tasks != nil {
		p.followBtn.Show()
	}
	p.subject.SetText(k.Subject)
	p.opened.SetText(k.OpenedOn.String())
	p.severity.SetSelected(k.Severity.Title())
	p.contact.SetText(k.ContactName)
	p.category.SetText(k.Category)
	p.department.SetText(k.Department)
	p.description.SetText(k.Description)
	p.resolution.SetText(k.Resolution)
	p.status.SetSelected(k.Status.Title())
	p.resolvedOn.SetText(k.ResolvedOn.String())
	if k.Status.Settled() {
		p.resolvedOn.Enable()
	} else {
		p.resolvedOn.Disable()
	}
	p.clearErrors()
	p.draft.Mark()
	p.markEditing()
}

// selectedStatus is the status chosen in the form.
func (p *Panel) selectedStatus() domain.ComplaintStatus {
	if i := p.status.SelectedIndex(); i >= 0 {
		return domain.ComplaintStatuses[i]
	}
	return ""
}

// statusChanged keeps the resolved day in step with the status, as
// domain.Complaint.SetStatus does: settling dates it today unless a day is
// typed, reopening clears it.
func (p *Panel) statusChanged(string) {
	s := p.selectedStatus()
	k := domain.Complaint{}
	if d, err := domain.ParseDate(p.resolvedOn.Text); err == nil {
		k.ResolvedOn = d
	}
	k.SetStatus(s, p.today())
	if !s.Settled() || strings.TrimSpace(p.resolvedOn.Text) == "" {
		p.resolvedOn.SetText(k.ResolvedOn.String())
	}
	if s.Settled() {
		p.resolvedOn.Enable()
	} else {
		p.resolvedOn.Disable()
	}
}

// Save stores what the form says (the Add / Save button): see kit.SaveNow.
func (p *Panel) Save() bool { return kit.SaveNow(p.SaveThen) }

// SaveThen stores what the form says, off the UI goroutine: a new
// complaint, or the changes to the one being edited; then done (nil for
// nothing) runs with whether it was stored. Problems are shown at their
// fields and nothing is stored. It reports whether the complaint passed the
// checks and went to be stored.
func (p *Panel) SaveThen(done func(ok bool)) bool {
	if p.client == nil {
		return false
	}
	p.clearErrors()
	k := &domain.Complaint{}
	if p.editing != nil {
		*k = *p.editing
	}
	k.ClientID = p.client.ID
	k.Subject, k.Category, k.Department = p.subject.Text, p.category.Text, p.department.Text
	k.ContactName, k.Description, k.Resolution = p.contact.Text, p.description.Text, p.resolution.Text
	k.Severity = ""
	if i := p.severity.SelectedIndex(); i >= 0 {
		k.Severity = domain.ComplaintSeverities[i]
	}
	k.Status = p.selectedStatus()
	opened, ok1 := widgets.ReadDate(p.fields["openedOn"], p.opened.Text)
	resolved, ok2 := widgets.ReadDate(p.fields["resolvedOn"], p.resolvedOn.Text)
	k.OpenedOn, k.ResolvedOn = opened, resolved
	bad := !ok1 || !ok2
	if err := k.Validate(); err != nil {
		for key, m := range domain.FieldErrors(err) {
			if f := p.fields[key]; f != nil && f.Error.Text == "" {
				f.SetError(widgets.Sentence(m))
			}
		}
		bad = true
	}
	if bad {
		p.relayout()
		return false
	}
	svc := p.svc
	return kit.Put(p.save, func(ctx context.Context) error {
		if k.ID == 0 {
			return svc.CreateComplaint(ctx, k)
		}
		return svc.UpdateComplaint(ctx, k)
	}, func() {
		p.clearForm()
		p.Refresh()
	}, func(err error) {
		kit.ShowRefusal(p.fields, err, p.win)
		p.relayout()
	}, done)
}

// Refresh reads the client's complaints again, in the background, and how
// many are open and how long they took to resolve; the form stays as it is.
func (p *Panel) Refresh() {
	if p.client == nil {
		return
	}
	f := domain.ComplaintFilter{ClientID: p.client.ID, Open: p.openOnly.Checked}
	p.filter.Set(f)
	p.table.Empty = "No complaints recorded. Record one with the form; the latest raised comes first."
	if f.Open {
		p.table.Empty = "No open complaints."
	}
	p.table.ReloadThen(func(int) { p.markEditing() })
	id := p.client.ID
	kit.Load(p.load, func(ctx context.Context) (string, error) {
		return p.summaryText(ctx, id), nil
	}, func(text string, _ error) {
		if p.client != nil && p.client.ID == id {
			p.summary.SetText(text)
		}
	})
}

// markEditing highlights the row of the complaint the form is working on,
// and no row while it records a new one.
func (p *Panel) markEditing() {
	p.table.SelectWhere(func(k domain.Complaint) bool { return p.editing != nil && k.ID == p.editing.ID })
}

// Watch keeps the list current: after any write to the book's complaints
// or tasks, wherever it was made, the client's complaints are read again.
// What is typed in the form stays.
func (p *Panel) Watch(book domain.Book) (stop func()) {
	return kit.Watch(book, func(cs domain.Changes) {
		if p.client != nil && cs.Touches("complaint", "task", "import") {
			p.Refresh()
		}
	})
}

// summaryText says how many of the client's complaints are open and how long
// the settled ones took to resolve.
func (p *Panel) summaryText(ctx context.Context, clientID int64) string {
	counts, err := p.svc.OpenCounts(ctx)
	if err != nil {
		return ""
	}
	times, err := p.svc.TimeToResolve(ctx, clientID)
	if err != nil {
		return ""
	}
	return SummaryText(counts[clientID], times)
}

// SummaryText is "2 open · 3 resolved, in 4.7 days on average".
func SummaryText(open int, t domain.ResolutionTimes) string {
	s := fmt.Sprintf("%d open", open)
	switch t.Resolved {
	case 0:
		return s
	case 1:
		return fmt.Sprintf("%s · 1 resolved, in %s days", s, t.AverageDays.StringFixed(1))
	}
	return fmt.Sprintf("%s · %d resolved, in %s days on average", s, t.Resolved, t.AverageDays.StringFixed(1))
}

// columns are the complaints list's columns, its CSV's too.
func columns() []kit.Column[domain.Complaint] {
	raw := func(f func(domain.Complaint) string) func(domain.Complaint) domain.TableCell {
		return func(k domain.Complaint) domain.TableCell { return domain.RawCell(f(k)) }
	}
	id := func(k domain.Complaint) string { return strconv.FormatInt(k.ID, 10) }
	raised := func(k domain.Complaint) string { return k.OpenedOn.String() }
	resolved := func(k domain.Complaint) string { return k.ResolvedOn.String() }
	days := func(k domain.Complaint) string {
		if d, ok := k.DaysToResolve(); ok {
			return strconv.Itoa(d)
		}
		return ""
	}
	line := func(f func(domain.Complaint) string) func(domain.Complaint) string {
		return func(k domain.Complaint) string { return strings.Join(strings.Fields(f(k)), " ") }
	}
	text := func(f func(domain.Complaint) string) func(domain.Complaint) domain.TableCell {
		return func(k domain.Complaint) domain.TableCell { return domain.TextCell(f(k)) }
	}
	description := func(k domain.Complaint) string { return k.Description }
	resolution := func(k domain.Complaint) string { return k.Resolution }
	return []kit.Column[domain.Complaint]{
		{Title: "Raised", Key: "raised_on", Width: 96, Min: 80, Sort: "raised", Text: raised, CSV: raw(raised)},
		{Title: "Status", Key: "status", Width: 112, Sort: "status", Text: func(k domain.Complaint) string { return k.Status.Title() },
			CSV: func(k domain.Complaint) domain.TableCell { return domain.RawCell(string(k.Status)) }, Importance: statusImportance},
		{Title: "Severity", Key: "severity", Width: 76, Sort: "severity", Text: func(k domain.Complaint) string { return k.Severity.Title() },
			CSV: func(k domain.Complaint) domain.TableCell { return domain.RawCell(string(k.Severity)) }, Importance: severityImportance},
		{Title: "Subject", Key: "subject", Width: 200, Stretch: true, Bold: true, Sort: "subject",
			Text: func(k domain.Complaint) string { return k.Subject }},
		{Title: "Days", Key: "days_to_resolve", Width: 52, Min: 40, Align: fyne.TextAlignTrailing, Sort: "days", Text: days, CSV: raw(days)},
		{Title: "Category", Key: "category", Width: 100, Sort: "category", Text: func(k domain.Complaint) string { return k.Category }},
		{Title: "Department", Key: "department", Width: 110, Text: func(k domain.Complaint) string { return k.Department }},
		{Title: "Raised by", Key: "raised_by", Width: 120, Text: func(k domain.Complaint) string { return k.ContactName }},
		{Title: "Description", Key: "description", Width: 220, Text: line(description), CSV: text(description)},
		{Title: "Resolution", Key: "resolution", Width: 220, Text: line(resolution), CSV: text(resolution)},
		{Title: "Resolved", Key: "resolved_on", Width: 96, Min: 80, Sort: "resolved", Text: resolved, CSV: raw(resolved)},
		{Title: "No.", Key: "id", Width: 48, Min: 36, Align: fyne.TextAlignTrailing, Sort: "id", Text: id, CSV: raw(id)},
	}
}

// sorts order the complaints by a header; unsorted they are the latest
// raised first, as the book lists them.
var sorts = kit.Sorts[domain.Complaint]{
	"raised": func(a, b domain.Complaint) int { return cmp.Compare(a.OpenedOn.String(), b.OpenedOn.String()) },
	"status": func(a, b domain.Complaint) int {
		return cmp.Compare(slices.Index(domain.ComplaintStatuses, a.Status), slices.Index(domain.ComplaintStatuses, b.Status))
	},
	"severity": func(a, b domain.Complaint) int {
		return cmp.Compare(slices.Index(domain.ComplaintSeverities, a.Severity), slices.Index(domain.ComplaintSeverities, b.Severity))
	},
	"subject":  func(a, b domain.Complaint) int { return folded(a.Subject, b.Subject) },
	"category": func(a, b domain.Complaint) int { return folded(a.Category, b.Category) },
	"resolved": func(a, b domain.Complaint) int { return cmp.Compare(a.ResolvedOn.String(), b.ResolvedOn.String()) },
	"days": func(a, b domain.Complaint) int {
		x, okx := a.DaysToResolve()
		y, oky := b.DaysToResolve()
		if okx != oky { // the unresolved last
			if okx {
				return -1
			}
			return 1
		}
		return cmp.Compare(x, y)
	},
	"id": func(a, b domain.Complaint) int { return cmp.Compare(a.ID, b.ID) },
}

func folded(a, b string) int { return strings.Compare(domain.FoldSearch(a), domain.FoldSearch(b)) }

// statusImportance colours a complaint's status: open in red, in progress
// in the primary colour, waiting on the client amber, resolved green.
func statusImportance(k domain.Complaint) widget.Importance {
	return statusLooks.Of(k.Status, widget.MediumImportance)
}

var statusLooks = kit.Looks[domain.ComplaintStatus]{domain.ComplaintOpen: widget.DangerImportance,
	domain.ComplaintInProgress: widget.HighImportance, domain.ComplaintWaiting: widget.WarningImportance,
	domain.ComplaintResolved: widget.SuccessImportance}

// severityImportance marks high and critical complaints in red.
func severityImportance(k domain.Complaint) widget.Importance {
	if k.Severity == domain.ComplaintCritical || k.Severity == domain.ComplaintHigh {
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// Rows is the list as shown, in the order shown.
func (p *Panel) Rows() []domain.Complaint { return p.table.Rows() }

// FocusSubject puts the cursor where a new complaint starts.
func (p *Panel) FocusSubject() { p.win.Canvas().Focus(p.subject) }

// SetExport offers Export CSV… for the complaints as listed.
func (p *Panel) SetExport(e domain.ExportService) { p.export.Set(e) }

// WriteCSV writes the client's complaints as Export CSV… does: as listed
// (open only, when so filtered), in the order shown, with the columns shown.
func (p *Panel) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	return p.export.WriteCSV(w, f, progress)
}

// followForm asks what to do about a complaint and by when.
type followForm struct {
	title, due *widget.Entry
	fields     widgets.Fields
	box        *fyne.Container
	d          *dialog.CustomDialog
	add        *widget.Button
}

// AskFollowUp opens a form for a task following up the complaint being
// edited: its title and due day prefilled, problems at their fields.
func (p *Panel) AskFollowUp() {
	k := p.editing
	if k == nil || p.Tasks == nil || p.client == nil {
		return
	}
	f := &followForm{title: widget.NewEntry(), due: widget.NewEntry(), fields: widgets.Fields{}}
	f.title.SetText("Follow up: " + k.Subject)
	f.due.SetText(p.today().AddDays(2).String())
	f.due.SetPlaceHolder("YYYY-MM-DD")
	f.fields["title"] = widgets.NewField("What to do", f.title)
	f.fields["dueDate"] = widgets.NewField("Due on", f.due)
	f.box = container.NewVBox(f.fields["title"].Object(), f.fields["dueDate"].Object())
	f.d = dialog.NewCustomWithoutButtons("Follow-up task for complaint "+fmt.Sprint(k.ID), f.box, p.win)
	f.add = widget.NewButtonWithIcon("Add task", theme.ContentAddIcon(), func() { p.addFollowUp(*k) })
	f.add.Importance = widget.HighImportance
	f.d.SetButtons([]fyne.CanvasObject{widget.NewButton("Cancel", f.d.Hide), f.add})
	f.d.Resize(fyne.NewSize(480, 240))
	p.follow = f
	f.d.Show()
}

// addFollowUp stores the follow-up task of complaint k as typed, off the UI
// goroutine; with problems it shows them at their fields and stores nothing.
// It reports whether the task passed the checks and had not been refused by
// the time it returns (kit.SaveNow).
func (p *Panel) addFollowUp(k domain.Complaint) bool {
	return kit.SaveNow(func(done func(ok bool)) bool { return p.followUpThen(k, done) })
}

func (p *Panel) followUpThen(k domain.Complaint, done func(ok bool)) bool {
	f := p.follow
	for _, fl := range f.fields {
		fl.SetError("")
	}
	t := &domain.Task{Title: f.title.Text, ClientID: k.ClientID, ComplaintID: k.ID, Priority: domain.PriorityNormal}
	if k.Severity == domain.ComplaintHigh || k.Severity == domain.ComplaintCritical {
		t.Priority = domain.PriorityHigh
	}
	due, err := domain.ParseDate(f.due.Text)
	if err != nil {
		f.fields["dueDate"].SetError("Write it as YYYY-MM-DD.")
		f.box.Refresh()
		return false
	}
	t.DueDate = due
	if err := t.Validate(); err != nil {
		kit.ShowRefusal(f.fields, err, p.win)
		f.box.Refresh()
		return false
	}
	tasks := p.Tasks
	return kit.Put(f.add, func(ctx context.Context) error { return tasks.CreateTask(ctx, t) }, func() {
		f.d.Hide()
		if p.OnTaskAdded != nil {
			p.OnTaskAdded()
		}
	}, func(err error) {
		kit.ShowRefusal(f.fields, err, p.win)
		f.box.Refresh()
	}, done)
}

// ClientTab builds the complaints over base as a tab beside a client's
// details: the one line the window's list of client tabs has for it.
func ClientTab(base kit.Base) kit.ClientTab {
	p := New(base.Book.Complaints(), base.Win)
	p.Tasks = base.Book.Activities()
	p.SetExport(base.Book.Export())
	p.Watch(base.Book)
	return kit.ClientTab{Title: "Complaints", Icon: theme.WarningIcon(), Content: p.Object(), Show: p.Show, Guard: p}
}
