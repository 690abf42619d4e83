// Package complaints is a client's complaints: the list, newest first, with
// each one's status, and a form beside it to record a new complaint or to
// work on one — change its status, say how it was resolved.
package complaints

import (
	"context"
	"fmt"
	"io"
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

// pageSize is how many complaints are read at a time as the list scrolls.
const pageSize = 100

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
	clean   string // the form as last cleared or loaded, to tell typed edits

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
	fields      map[string]*widgets.Field
	form        *fyne.Container

	summary     *widget.Label
	openOnly    *widget.Check
	exportBtn   *widget.Button
	export      domain.ExportService
	list        *widget.List
	empty       *widget.Label
	placeholder fyne.CanvasObject
	content     fyne.CanvasObject
	root        *fyne.Container

	rows []domain.Complaint
	more bool
}

// New builds an empty panel; Show fills it for a client.
func New(svc domain.ComplaintService, win fyne.Window) *Panel {
	p := &Panel{svc: svc, win: win, now: time.Now, fields: map[string]*widgets.Field{}}
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

	field := func(key, label string, in fyne.CanvasObject) fyne.CanvasObject {
		f := widgets.NewField(label, in)
		p.fields[key] = f
		return f.Object()
	}
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
	p.list = widget.NewList(func() int { return len(p.rows) }, p.newRow, p.updateRow)
	p.list.OnSelected = func(id widget.ListItemID) {
		p.list.UnselectAll()
		if id < len(p.rows) {
			p.Edit(p.rows[id])
		}
	}
	p.empty = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	p.empty.Importance = widget.LowImportance
	p.empty.Wrapping = fyne.TextWrapWord

	p.exportBtn = widgets.NewExportButton(func() {
		if p.client != nil {
			widgets.SaveCSV(p.win, "complaints-"+p.client.Name, p.WriteCSV)
		}
	})
	p.exportBtn.Hide()
	left := container.NewBorder(container.NewBorder(nil, nil, nil, container.NewHBox(p.openOnly, p.exportBtn), p.summary), nil, nil, nil,
		container.NewStack(p.list, container.NewVBox(p.empty)))
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(p.form)))
	split.Offset = 0.45
	p.content = split
	msg := widget.NewLabelWithStyle("Save the client first; then record their complaints here.", fyne.TextAlignCenter, fyne.TextStyle{})
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
		// typed in the complaint form stays.
		p.Refresh()
		return
	}
	p.openOnly.SetChecked(false)
	p.clearForm()
	p.Refresh()
}

// snapshot is what the complaint form says.
func (p *Panel) snapshot() string {
	return strings.Join([]string{p.subject.Text, p.opened.Text, p.severity.Selected, p.contact.Text, p.category.Text,
		p.department.Text, p.description.Text, p.resolution.Text, p.status.Selected, p.resolvedOn.Text}, "\x00")
}

// Dirty reports whether the complaint form holds typed changes not saved.
func (p *Panel) Dirty() bool { return p.client != nil && p.snapshot() != p.clean }

// ConfirmLeave runs next once the complaint form has nothing unsaved,
// asking first whether to save it.
func (p *Panel) ConfirmLeave(next func()) {
	if !p.Dirty() {
		next()
		return
	}
	what := "the new complaint"
	if p.editing != nil {
		what = fmt.Sprintf("the changes to complaint %d", p.editing.ID)
	}
	widgets.AskSave(p.win, "Unsaved complaint", "Save "+what+"?", p.Save, next)
}

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
	p.clean = p.snapshot()
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
	p.clean = p.snapshot()
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

// dateField reads a typed day; a day that does not parse is shown at the
// field and reported as false.
func (p *Panel) dateField(key string, e *widget.Entry) (domain.Date, bool) {
	if strings.TrimSpace(e.Text) == "" {
		return domain.Date{}, true
	}
	d, err := domain.ParseDate(e.Text)
	if err != nil {
		p.fields[key].SetError("Enter the day as YYYY-MM-DD.")
		return domain.Date{}, false
	}
	return d, true
}

// Save stores what the form says: a new complaint, or the changes to the one
// being edited. Problems are shown at their fields and nothing is stored.
// It reports whether the complaint was saved.
func (p *Panel) Save() bool {
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
	opened, ok1 := p.dateField("openedOn", p.opened)
	resolved, ok2 := p.dateField("resolvedOn", p.resolvedOn)
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
	ctx := context.Background()
	var err error
	if k.ID == 0 {
		err = p.svc.CreateComplaint(ctx, k)
	} else {
		err = p.svc.UpdateComplaint(ctx, k)
	}
	if err != nil {
		p.showErr(err)
		p.relayout()
		return false
	}
	p.clearForm()
	p.Refresh()
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

// Refresh reads the first page of the client's complaints again, and how
// many are open and how long they took to resolve.
func (p *Panel) Refresh() {
	if p.client == nil {
		return
	}
	p.rows, p.more = nil, true
	p.loadMore()
	p.list.Refresh()
	p.list.ScrollToTop()
	p.summary.SetText(p.summaryText())
	switch {
	case len(p.rows) > 0:
		p.empty.Hide()
	case p.openOnly.Checked:
		p.empty.SetText("No open complaints.")
		p.empty.Show()
	default:
		p.empty.SetText("No complaints recorded. Record one with the form; the latest raised comes first.")
		p.empty.Show()
	}
}

// summaryText says how many of the client's complaints are open and how long
// the settled ones took to resolve.
func (p *Panel) summaryText() string {
	ctx := context.Background()
	counts, err := p.svc.OpenCounts(ctx)
	if err != nil {
		return ""
	}
	times, err := p.svc.TimeToResolve(ctx, p.client.ID)
	if err != nil {
		return ""
	}
	return SummaryText(counts[p.client.ID], times)
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

// loadMore reads the next page of complaints.
func (p *Panel) loadMore() {
	if !p.more || p.client == nil {
		return
	}
	page, err := p.svc.FindComplaints(context.Background(), domain.ComplaintFilter{ClientID: p.client.ID,
		Open: p.openOnly.Checked, Offset: len(p.rows), Limit: pageSize})
	if err != nil {
		kit.ShowError(err, p.win)
		p.more = false
		return
	}
	p.rows = append(p.rows, page...)
	p.more = len(page) == pageSize
}

// StatusBadge is the text and colour a complaint's status is shown with.
func StatusBadge(s domain.ComplaintStatus) (string, fyne.ThemeColorName) {
	switch s {
	case domain.ComplaintOpen:
		return s.Title(), theme.ColorNameError
	case domain.ComplaintInProgress:
		return s.Title(), theme.ColorNamePrimary
	case domain.ComplaintWaiting:
		return s.Title(), theme.ColorNameWarning
	case domain.ComplaintResolved:
		return s.Title(), theme.ColorNameSuccess
	}
	return s.Title(), theme.ColorNameButton
}

func (p *Panel) newRow() fyne.CanvasObject {
	badge := widgets.NewBadge("", theme.ColorNameButton)
	head := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head.Truncation = fyne.TextTruncateEllipsis
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	return container.NewVBox(container.NewBorder(nil, nil, badge, nil, head), text)
}

func (p *Panel) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.rows)-10 && p.more {
		p.loadMore()
		defer p.list.Refresh()
	}
	if id >= len(p.rows) {
		return
	}
	k := p.rows[id]
	box := o.(*fyne.Container)
	border := box.Objects[0].(*fyne.Container)
	head := border.Objects[0].(*widget.Label)
	badge := border.Objects[1].(*widgets.Badge)
	text := box.Objects[1].(*widget.Label)
	badge.Set(StatusBadge(k.Status))
	head.Text = k.Severity.Title() + " · " + k.Subject
	head.Importance = widget.MediumImportance
	if k.Severity == domain.ComplaintCritical || k.Severity == domain.ComplaintHigh {
		head.Importance = widget.DangerImportance
	}
	head.Refresh()
	when := "Raised " + k.OpenedOn.String()
	if days, ok := k.DaysToResolve(); ok {
		when += ", resolved in " + daysText(days)
	}
	parts := []string{when}
	for _, s := range []string{k.Category, k.Department, prefix("by ", k.ContactName), k.Resolution, k.Description} {
		if s != "" {
			parts = append(parts, strings.ReplaceAll(s, "\n", " "))
		}
	}
	text.SetText(strings.Join(parts, " · "))
	border.Refresh() // the badge takes the width its new text needs
}

// daysText is "1 day", "10 days".
func daysText(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

func prefix(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// Rows is the list as shown, the latest raised first.
func (p *Panel) Rows() []domain.Complaint { return p.rows }

// FocusSubject puts the cursor where a new complaint starts.
func (p *Panel) FocusSubject() { p.win.Canvas().Focus(p.subject) }

// SetExport offers Export CSV… for the complaints as listed.
func (p *Panel) SetExport(e domain.ExportService) {
	p.export = e
	p.exportBtn.Show()
}

// WriteCSV writes the client's complaints as listed (open only, when so
// filtered), latest raised first, a page at a time.
func (p *Panel) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	if p.client == nil {
		return domain.Errorf(domain.ECONFLICT, "Open a saved client to export their complaints.")
	}
	filter := domain.ComplaintFilter{ClientID: p.client.ID, Open: p.openOnly.Checked}
	page := func(offset, limit int) ([]domain.Complaint, error) {
		filter.Offset, filter.Limit = offset, limit
		return p.svc.FindComplaints(context.Background(), filter)
	}
	row := func(k domain.Complaint) []domain.TableCell {
		days := ""
		if d, ok := k.DaysToResolve(); ok {
			days = strconv.Itoa(d)
		}
		return []domain.TableCell{domain.RawCell(strconv.FormatInt(k.ID, 10)), domain.RawCell(k.OpenedOn.String()), domain.RawCell(string(k.Severity)),
			domain.RawCell(string(k.Status)), domain.TextCell(k.Subject), domain.TextCell(k.Category), domain.TextCell(k.Department),
			domain.TextCell(k.ContactName), domain.TextCell(k.Description), domain.TextCell(k.Resolution), domain.RawCell(k.ResolvedOn.String()),
			domain.RawCell(days)}
	}
	return widgets.WriteTable(p.export, w, f, []string{"id", "raised_on", "severity", "status", "subject", "category", "department",
		"raised_by", "description", "resolution", "resolved_on", "days_to_resolve"}, widgets.Pages(pageSize, page, row, progress), progress)
}

// followForm asks what to do about a complaint and by when.
type followForm struct {
	title, due *widget.Entry
	fields     map[string]*widgets.Field
	box        *fyne.Container
	d          *dialog.CustomDialog
}

// AskFollowUp opens a form for a task following up the complaint being
// edited: its title and due day prefilled, problems at their fields.
func (p *Panel) AskFollowUp() {
	k := p.editing
	if k == nil || p.Tasks == nil || p.client == nil {
		return
	}
	f := &followForm{title: widget.NewEntry(), due: widget.NewEntry(), fields: map[string]*widgets.Field{}}
	f.title.SetText("Follow up: " + k.Subject)
	f.due.SetText(p.today().AddDays(2).String())
	f.due.SetPlaceHolder("YYYY-MM-DD")
	f.fields["title"] = widgets.NewField("What to do", f.title)
	f.fields["dueDate"] = widgets.NewField("Due on", f.due)
	f.box = container.NewVBox(f.fields["title"].Object(), f.fields["dueDate"].Object())
	f.d = dialog.NewCustomWithoutButtons("Follow-up task for complaint "+fmt.Sprint(k.ID), f.box, p.win)
	add := widget.NewButtonWithIcon("Add task", theme.ContentAddIcon(), func() { p.addFollowUp(*k) })
	add.Importance = widget.HighImportance
	f.d.SetButtons([]fyne.CanvasObject{widget.NewButton("Cancel", f.d.Hide), add})
	f.d.Resize(fyne.NewSize(480, 240))
	p.follow = f
	f.d.Show()
}

// addFollowUp stores the follow-up task of complaint k as typed; with
// problems it shows them at their fields and stores nothing.
func (p *Panel) addFollowUp(k domain.Complaint) bool {
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
	if err := p.Tasks.CreateTask(context.Background(), t); err != nil {
		shown := false
		for key, msg := range domain.FieldErrors(err) {
			if fl, ok := f.fields[key]; ok {
				fl.SetError(widgets.Sentence(msg))
				shown = true
			}
		}
		if !shown {
			kit.ShowError(err, p.win)
		}
		f.box.Refresh()
		return false
	}
	f.d.Hide()
	if p.OnTaskAdded != nil {
		p.OnTaskAdded()
	}
	return true
}
