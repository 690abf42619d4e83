package complaints

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/guitest"
	"clientbook/gui/kit"
)

func newPanel(t *testing.T) (*Panel, *data.Book, *domain.Client) {
	t.Helper()
	test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	c := &domain.Client{Name: "Brønnøy Ferries", Status: domain.StatusActive, Currency: "NOK", CreditLimit: money.Zero("NOK"),
		Contacts: []domain.Contact{{Name: "Ingrid Dahl", Email: "ingrid@ferry.example", Primary: true}, {Name: "Ola Berg"}}}
	if err := book.Clients().CreateClient(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	p := New(book.Complaints(), w)
	p.now = func() time.Time { return time.Date(2027, 4, 12, 9, 30, 0, 0, time.Local) }
	w.SetContent(p.Object())
	w.Resize(fyne.NewSize(1000, 760))
	return p, book, c
}

func stored(t *testing.T, book *data.Book, c *domain.Client) []domain.Complaint {
	t.Helper()
	ks, err := book.Complaints().FindComplaints(context.Background(), domain.ComplaintFilter{ClientID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

// cells is row i as the table shows it, by column key.
func cells(p *Panel, i int) map[string]string {
	out := map[string]string{}
	texts := p.table.RowTexts(i)
	for j, k := range p.table.ColumnKeys() {
		out[k] = texts[j]
	}
	return out
}

// status is row i's status as shown and its colour.
func status(p *Panel, i int) (string, widget.Importance) {
	k, _ := p.table.Row(i)
	return cells(p, i)["status"], statusImportance(k)
}

func TestAddAComplaintThroughTheForm(t *testing.T) {
	p, book, c := newPanel(t)
	p.Show(c)
	if p.opened.Text != "2027-04-12" || p.contact.Text != "Ingrid Dahl" || p.severity.Selected != "Medium" ||
		p.status.Selected != "Open" || p.resolvedOn.Text != "" || !p.resolvedOn.Disabled() || p.save.Text != "Add complaint" {
		t.Errorf("a new complaint's form: opened %q, contact %q, severity %q, status %q, resolved %q", p.opened.Text,
			p.contact.Text, p.severity.Selected, p.status.Selected, p.resolvedOn.Text)
	}
	if !strings.Contains(p.table.EmptyText(), "No complaints recorded") || p.summary.Text != "0 open" {
		t.Errorf("empty state %q, summary %q", p.table.EmptyText(), p.summary.Text)
	}
	test.Type(p.subject, "Ferry ticket invoiced twice")
	p.opened.SetText("2027-04-10")
	p.severity.SetSelected("High")
	p.category.SetText("Billing")
	test.Type(p.department, "Accounts")
	p.description.SetText("Both invoices arrived the same day.")
	test.Tap(p.save)

	ks := stored(t, book, c)
	if len(ks) != 1 {
		t.Fatalf("stored %d complaints", len(ks))
	}
	k := ks[0]
	if k.Subject != "Ferry ticket invoiced twice" || k.OpenedOn != domain.NewDate(2027, 4, 10) || k.Severity != domain.ComplaintHigh ||
		k.Category != "Billing" || k.Department != "Accounts" || k.ContactName != "Ingrid Dahl" ||
		k.Description != "Both invoices arrived the same day." || k.Status != domain.ComplaintOpen || !k.ResolvedOn.IsZero() {
		t.Errorf("stored %+v", k)
	}
	if len(p.Rows()) != 1 || p.Rows()[0].ID != k.ID || p.table.EmptyText() != "" || p.summary.Text != "1 open" {
		t.Errorf("the list: %+v, summary %q", p.Rows(), p.summary.Text)
	}
	row := cells(p, 0)
	if st, imp := status(p, 0); st != "Open" || imp != widget.DangerImportance || row["severity"] != "High" ||
		row["subject"] != "Ferry ticket invoiced twice" || row["raised_on"] != "2027-04-10" || row["category"] != "Billing" ||
		row["department"] != "Accounts" || row["raised_by"] != "Ingrid Dahl" || row["description"] != "Both invoices arrived the same day." {
		t.Errorf("the row: %q (status colour %v)", row, imp)
	}
	if p.subject.Text != "" || p.opened.Text != "2027-04-12" || p.severity.Selected != "Medium" {
		t.Errorf("the form is ready for the next: subject %q, opened %q, severity %q", p.subject.Text, p.opened.Text, p.severity.Selected)
	}
}

func TestBadComplaintShowsFieldErrorsAndStoresNothing(t *testing.T) {
	p, book, c := newPanel(t)
	p.Show(c)
	p.opened.SetText("last Tuesday")
	p.category.SetText(strings.Repeat("x", 101))
	p.status.SetSelected("Resolved") // without notes
	test.Tap(p.save)
	for _, key := range []string{"subject", "openedOn", "category", "resolution"} {
		if p.fields[key].Error.Text == "" || !p.fields[key].Error.Visible() {
			t.Errorf("no problem shown at %s", key)
		}
	}
	if p.fields["openedOn"].Error.Text != "Enter the day as YYYY-MM-DD." {
		t.Errorf("opened: %q", p.fields["openedOn"].Error.Text)
	}
	if got := p.fields["resolution"].Error.Text; got != "Say how the complaint was resolved." {
		t.Errorf("resolution: %q", got)
	}
	// Resolved before it was raised.
	test.Type(p.subject, "Late ferry")
	p.opened.SetText("2027-04-10")
	p.category.SetText("Delivery")
	p.resolvedOn.SetText("2027-04-01")
	p.resolution.SetText("Apologised")
	test.Tap(p.save)
	if got := p.fields["resolvedOn"].Error.Text; !strings.Contains(got, "before the day it was raised") {
		t.Errorf("resolved on: %q", got)
	}
	for _, key := range []string{"subject", "openedOn", "category", "resolution"} {
		if p.fields[key].Error.Visible() {
			t.Errorf("%s still shows %q after it was fixed", key, p.fields[key].Error.Text)
		}
	}
	if ks := stored(t, book, c); len(ks) != 0 {
		t.Errorf("bad input stored %+v", ks)
	}
	if len(p.Rows()) != 0 || p.subject.Text != "Late ferry" {
		t.Errorf("what was typed is kept to fix: rows %d, subject %q", len(p.Rows()), p.subject.Text)
	}
}

func TestResolveAComplaint(t *testing.T) {
	p, book, c := newPanel(t)
	ctx := context.Background()
	k := &domain.Complaint{ClientID: c.ID, OpenedOn: domain.NewDate(2027, 4, 1), Subject: "Cabin not cleaned", Severity: domain.ComplaintCritical}
	if err := book.Complaints().CreateComplaint(ctx, k); err != nil {
		t.Fatal(err)
	}
	p.Show(c)
	p.table.List().Select(0)
	if p.editing == nil || p.editing.ID != k.ID || p.subject.Text != "Cabin not cleaned" || p.severity.Selected != "Critical" ||
		p.save.Text != "Save changes" || !p.newBtn.Visible() || !strings.Contains(p.heading.Text, "raised 2027-04-01") {
		t.Fatalf("editing %+v: subject %q, heading %q", p.editing, p.subject.Text, p.heading.Text)
	}

	// Work on it first.
	p.status.SetSelected("In progress")
	test.Tap(p.save)
	if got, _ := book.Complaints().FindComplaintByID(ctx, k.ID); got.Status != domain.ComplaintInProgress {
		t.Fatalf("in progress: %+v", got)
	}
	if st, imp := status(p, 0); st != "In progress" || imp != widget.HighImportance {
		t.Errorf("status %q %v", st, imp)
	}

	// Marking it resolved dates it today; it needs notes before it is saved.
	p.table.List().Select(0)
	p.status.SetSelected("Resolved")
	if p.resolvedOn.Text != "2027-04-12" || p.resolvedOn.Disabled() {
		t.Errorf("resolved on %q (disabled %v)", p.resolvedOn.Text, p.resolvedOn.Disabled())
	}
	test.Tap(p.save)
	if p.fields["resolution"].Error.Text == "" {
		t.Error("resolving without notes is not refused")
	}
	if got, _ := book.Complaints().FindComplaintByID(ctx, k.ID); got.Status != domain.ComplaintInProgress {
		t.Errorf("a refused save changed the complaint: %+v", got)
	}
	p.resolution.SetText("Cabin cleaned; 20% refund on the ticket.")
	test.Tap(p.save)
	got, _ := book.Complaints().FindComplaintByID(ctx, k.ID)
	if days, ok := got.DaysToResolve(); got.Status != domain.ComplaintResolved || got.ResolvedOn != domain.NewDate(2027, 4, 12) ||
		got.Resolution != "Cabin cleaned; 20% refund on the ticket." || !ok || days != 11 {
		t.Errorf("resolved: %+v", got)
	}
	row := cells(p, 0)
	if st, imp := status(p, 0); st != "Resolved" || imp != widget.SuccessImportance || row["severity"] != "Critical" ||
		row["subject"] != "Cabin not cleaned" || row["raised_on"] != "2027-04-01" || row["resolved_on"] != "2027-04-12" ||
		row["days_to_resolve"] != "11" || row["resolution"] != "Cabin cleaned; 20% refund on the ticket." {
		t.Errorf("resolved row: %q", row)
	}
	if p.summary.Text != "0 open · 1 resolved, in 11.0 days" || p.editing != nil || p.save.Text != "Add complaint" {
		t.Errorf("summary %q; the form is back to a new complaint: %v", p.summary.Text, p.editing)
	}
	p.openOnly.SetChecked(true)
	if len(p.Rows()) != 0 || p.table.EmptyText() != "No open complaints." {
		t.Errorf("open only: %d rows, %q", len(p.Rows()), p.table.EmptyText())
	}
	p.openOnly.SetChecked(false)

	// Reopening clears the day; "New complaint" asks, and discarding leaves the stored complaint untouched.
	p.table.List().Select(0)
	p.status.SetSelected("Waiting on client")
	if p.resolvedOn.Text != "" || !p.resolvedOn.Disabled() {
		t.Errorf("reopened, resolved on %q", p.resolvedOn.Text)
	}
	test.Tap(p.newBtn)
	guitest.Answer(t, p.win, "Discard changes")
	if p.editing != nil || p.subject.Text != "" {
		t.Errorf("New complaint: editing %v, subject %q", p.editing, p.subject.Text)
	}
	if got, _ := book.Complaints().FindComplaintByID(ctx, k.ID); got.Status != domain.ComplaintResolved {
		t.Errorf("an abandoned edit was stored: %+v", got)
	}
}

func TestSummaryText(t *testing.T) {
	for _, tc := range []struct {
		open     int
		resolved int
		average  string
		want     string
	}{
		{0, 0, "0", "0 open"},
		{1, 1, "3", "1 open · 1 resolved, in 3.0 days"},
		{2, 3, "4.7", "2 open · 3 resolved, in 4.7 days on average"},
	} {
		times := domain.ResolutionTimes{Resolved: tc.resolved, AverageDays: decimal.RequireFromString(tc.average)}
		if got := SummaryText(tc.open, times); got != tc.want {
			t.Errorf("%d open, %d resolved: %q, want %q", tc.open, tc.resolved, got, tc.want)
		}
	}
}

func TestUnsavedClientShowsHint(t *testing.T) {
	p, _, _ := newPanel(t)
	p.Show(&domain.Client{Name: "New"})
	if !p.pane.Hinted() {
		t.Error("an unsaved client has no complaints yet")
	}
	if p.Save() {
		t.Error("saved a complaint without a client")
	}
}

// A complaint being edited gets a follow-up task about it: a day that does
// not read is pointed out and stores nothing; a high-severity complaint's
// task is high priority.
func TestFollowUpTaskForAComplaint(t *testing.T) {
	p, book, c := newPanel(t)
	ctx := context.Background()
	k := &domain.Complaint{ClientID: c.ID, Subject: "Ferry cancelled twice", OpenedOn: domain.NewDate(2027, 4, 10),
		Severity: domain.ComplaintHigh, Status: domain.ComplaintOpen}
	if err := book.Complaints().CreateComplaint(ctx, k); err != nil {
		t.Fatal(err)
	}
	p.Show(c)
	if p.followBtn.Visible() {
		t.Error("no follow-up before a complaint is chosen")
	}
	p.Tasks = book.Activities()
	added := 0
	p.OnTaskAdded = func() { added++ }
	p.Edit(stored(t, book, c)[0])
	if !p.followBtn.Visible() {
		t.Fatal("an edited complaint offers a follow-up task")
	}
	test.Tap(p.followBtn)
	f := p.follow
	if f.title.Text != "Follow up: Ferry cancelled twice" || f.due.Text != "2027-04-14" {
		t.Errorf("prefilled %q due %q", f.title.Text, f.due.Text)
	}
	f.due.SetText("next week")
	if p.addFollowUp(*p.editing) || f.fields["dueDate"].Error.Text != "Write it as YYYY-MM-DD." {
		t.Errorf("a bad day: %q", f.fields["dueDate"].Error.Text)
	}
	f.due.SetText("2027-04-14")
	f.title.SetText("  ")
	if p.addFollowUp(*p.editing) || f.fields["title"].Error.Text == "" {
		t.Error("an empty title is refused at its field")
	}
	tasks, _ := book.Activities().FindTasks(ctx, domain.TaskFilter{})
	if len(tasks) != 0 || added != 0 {
		t.Fatalf("refused follow-ups stored %d tasks", len(tasks))
	}
	f.title.SetText("Call Ingrid about the timetable")
	if !p.addFollowUp(*p.editing) {
		t.Fatal("a good follow-up is refused")
	}
	tasks, _ = book.Activities().FindTasks(ctx, domain.TaskFilter{})
	if len(tasks) != 1 || tasks[0].ComplaintID != k.ID || tasks[0].ClientID != c.ID || tasks[0].Priority != domain.PriorityHigh ||
		tasks[0].DueDate != domain.NewDate(2027, 4, 14) || added != 1 {
		t.Errorf("stored %+v", tasks)
	}
}

func TestUnsavedComplaintIsNotDroppedWithoutAsking(t *testing.T) {
	p, book, c := newPanel(t)
	p.Show(c)
	if p.Dirty() {
		t.Fatal("a fresh form has nothing to save")
	}
	p.subject.SetText("Ferry late again")
	left := 0
	p.ConfirmLeave(func() { left++ })
	guitest.Answer(t, p.win, "Cancel")
	if left != 0 || p.subject.Text != "Ferry late again" {
		t.Fatalf("Cancel: left %d, subject %q", left, p.subject.Text)
	}
	p.Show(c) // the same client read again, as after saving its details
	if p.subject.Text != "Ferry late again" {
		t.Fatal("reading the same client again dropped the typed complaint")
	}
	p.ConfirmLeave(func() { left++ })
	guitest.Answer(t, p.win, "Save")
	if left != 1 || len(stored(t, book, c)) != 1 || p.Dirty() {
		t.Fatalf("Save: left %d, %d stored, dirty %v", left, len(stored(t, book, c)), p.Dirty())
	}
	p.Edit(stored(t, book, c)[0])
	p.department.SetText("Onboard services")
	test.Tap(p.newBtn)
	guitest.Answer(t, p.win, "Cancel")
	if p.editing == nil || p.department.Text != "Onboard services" {
		t.Errorf("Cancel on New complaint dropped the edit: editing %v, department %q", p.editing, p.department.Text)
	}
}

// A click on a header sorts the complaints by that column (▲, then ▼).
func TestHeaderClickSorts(t *testing.T) {
	p, book, c := newPanel(t)
	ctx := context.Background()
	for i, sev := range []domain.ComplaintSeverity{domain.ComplaintLow, domain.ComplaintCritical, domain.ComplaintMedium} {
		k := &domain.Complaint{ClientID: c.ID, OpenedOn: domain.NewDate(2027, 4, 1+i), Subject: []string{"Bunks", "Alarm", "Coffee"}[i], Severity: sev}
		if err := book.Complaints().CreateComplaint(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	p.Show(c)
	column := func(key string) string {
		var out []string
		for i := range p.table.Total() {
			out = append(out, cells(p, i)[key])
		}
		return strings.Join(out, ",")
	}
	if got := column("subject"); got != "Coffee,Alarm,Bunks" {
		t.Fatalf("latest raised first: %s", got)
	}
	p.table.TapHeader(3)
	if got := column("subject"); p.table.HeaderText(3) != "Subject ▲" || got != "Alarm,Bunks,Coffee" {
		t.Errorf("by subject (%q): %s", p.table.HeaderText(3), got)
	}
	p.table.TapHeader(2)
	p.table.TapHeader(2)
	if got := column("severity"); p.table.HeaderText(2) != "Severity ▼" || got != "Critical,Medium,Low" {
		t.Errorf("by severity, worst first (%q): %s", p.table.HeaderText(2), got)
	}
}

// A complaint recorded anywhere (here straight through the book) shows in
// the list without anyone refreshing it; what is typed in the form stays.
func TestComplaintAddedElsewhereShowsInTheList(t *testing.T) {
	p, book, c := newPanel(t)
	stop := p.Watch(book)
	defer stop()
	p.Show(c)
	p.subject.SetText("Half typed")
	k := &domain.Complaint{ClientID: c.ID, OpenedOn: domain.NewDate(2027, 4, 11), Subject: "Rang the office", Severity: domain.ComplaintHigh}
	if err := book.Complaints().CreateComplaint(context.Background(), k); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200 && len(p.Rows()) == 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if len(p.Rows()) != 1 || cells(p, 0)["subject"] != "Rang the office" || p.summary.Text != "1 open" {
		t.Fatalf("the list shows %d complaints, summary %q", len(p.Rows()), p.summary.Text)
	}
	if p.subject.Text != "Half typed" {
		t.Errorf("the typed complaint went: %q", p.subject.Text)
	}
}
