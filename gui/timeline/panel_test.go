package timeline

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/guitest"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
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
		Billing:  domain.Address{Line1: "Havnegata 1", City: "Brønnøysund", Country: "Norway"},
		Contacts: []domain.Contact{{Name: "Ingrid Dahl", Email: "ingrid@ferry.example", Primary: true}, {Name: "Ola Berg"}}}
	if err := book.Clients().CreateClient(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	p := New(book.Activities(), w)
	p.now = func() time.Time { return time.Date(2027, 4, 12, 9, 30, 0, 0, time.Local) }
	w.SetContent(p.Object())
	w.Resize(fyne.NewSize(900, 700))
	return p, book, c
}

func TestAddACallAndSeeItOnTop(t *testing.T) {
	p, book, c := newPanel(t)
	ctx := context.Background()
	older := &domain.Activity{ClientID: c.ID, Kind: domain.ActivityMeeting, Subject: "Kick-off", At: time.Date(2027, 3, 1, 10, 0, 0, 0, time.Local)}
	if err := book.Activities().CreateActivity(ctx, older); err != nil {
		t.Fatal(err)
	}
	p.Show(c)
	if p.at.Text != "2027-04-12 09:30" || p.contact.Text != "Ingrid Dahl" {
		t.Errorf("prefilled when %q, contact %q", p.at.Text, p.contact.Text)
	}
	if len(p.Rows()) != 1 || p.last.Text != "Last contacted 42 days ago" {
		t.Fatalf("before: %d rows, %q", len(p.Rows()), p.last.Text)
	}
	p.kind.SetSelected("Call")
	test.Type(p.subject, "Renewal terms")
	p.body.SetText("Wants two-year pricing.")
	p.nextStep.SetText("Send revised quote")
	p.remind.SetText("2027-04-15")
	test.Tap(p.add)
	rows := p.Rows()
	if len(rows) != 2 || rows[0].Activity == nil || rows[0].Activity.Subject != "Renewal terms" ||
		rows[0].Activity.Kind != domain.ActivityCall || rows[0].Activity.ContactName != "Ingrid Dahl" {
		t.Fatalf("top of the timeline: %+v", rows)
	}
	if p.last.Text != "Last contacted today" || p.subject.Text != "" {
		t.Errorf("after adding: %q, subject %q", p.last.Text, p.subject.Text)
	}
	tasks, err := book.Activities().FindTasks(ctx, domain.TaskFilter{ClientID: c.ID})
	if err != nil || len(tasks) != 1 || tasks[0].Title != "Send revised quote" || tasks[0].DueDate != domain.NewDate(2027, 4, 15) {
		t.Errorf("follow-up task %+v %v", tasks, err)
	}
}

func TestBadEntryIsRefusedAtTheField(t *testing.T) {
	p, book, c := newPanel(t)
	p.Show(c)
	p.at.SetText("yesterday")
	p.remind.SetText("2027-04-15")
	test.Tap(p.add)
	if p.fields["at"].Error.Text == "" || p.fields["subject"].Error.Text == "" || p.fields["nextStep"].Error.Text == "" {
		t.Errorf("errors: at %q subject %q next %q", p.fields["at"].Error.Text, p.fields["subject"].Error.Text, p.fields["nextStep"].Error.Text)
	}
	acts, _ := book.Activities().FindActivities(context.Background(), domain.ActivityFilter{ClientID: c.ID})
	tasks, _ := book.Activities().FindTasks(context.Background(), domain.TaskFilter{})
	if len(acts) != 0 || len(tasks) != 0 {
		t.Errorf("stored %d activities and %d tasks from bad input", len(acts), len(tasks))
	}
	if got := p.table.EmptyText(); !strings.Contains(got, "Nothing logged yet") {
		t.Errorf("empty state %q", got)
	}
}

func TestUnsavedClientShowsHint(t *testing.T) {
	p, _, _ := newPanel(t)
	p.Show(&domain.Client{Name: "New"})
	if !p.pane.Hinted() {
		t.Error("an unsaved client has no timeline yet")
	}
}

// issue issues an invoice to c dated on, for one line at price.
func issue(t *testing.T, book *data.Book, c *domain.Client, on domain.Date, price string) *domain.Document {
	t.Helper()
	ctx := context.Background()
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), on)
	d.Lines = []domain.Line{{Description: "Ferry tickets", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.RequireFromString(price)}}
	if err := book.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	inv, findings, err := book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatal(err, findings)
	}
	return inv
}

// rowText is what the table shows for the i-th entry, its cells joined by
// " | ".
func rowText(p *Panel, i int) string { return strings.Join(p.table.RowTexts(i), " | ") }

// The client's invoices and payments sit between the conversations by date;
// tapping an invoice opens it, tapping a payment opens the payment; showing
// conversations only hides the money.
func TestTimelineInterleavesInvoicesAndPayments(t *testing.T) {
	p, book, c := newPanel(t)
	ctx := context.Background()
	for _, a := range []*domain.Activity{
		{ClientID: c.ID, Kind: domain.ActivityCall, Subject: "Kick-off", At: time.Date(2027, 3, 1, 10, 0, 0, 0, time.Local)},
		{ClientID: c.ID, Kind: domain.ActivityMeeting, Subject: "Quarterly review", At: time.Date(2027, 3, 20, 14, 0, 0, 0, time.Local)},
	} {
		if err := book.Activities().CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	inv := issue(t, book, c, domain.NewDate(2027, 3, 5), "1234.00")
	twice := issue(t, book, c, domain.NewDate(2027, 3, 15), "80.00")
	if err := book.Documents().Void(ctx, twice.ID, "Sent twice"); err != nil {
		t.Fatal(err)
	}
	pay := &domain.Payment{ClientID: c.ID, Date: domain.NewDate(2027, 3, 10), Amount: money.Money{Amount: decimal.RequireFromString("500"), Currency: "NOK"},
		Method: domain.MethodBankTransfer, Reference: "SEB 7781",
		Allocations: []domain.Allocation{{DocumentID: inv.ID, DocumentNumber: inv.Number, Amount: decimal.RequireFromString("500")}}}
	if err := book.Payments().CreatePayment(ctx, pay); err != nil {
		t.Fatal(err)
	}
	nav := &guitest.Nav{}
	p.Nav = nav

	p.Show(c)
	// When | Kind | Subject | Amount | Cur. | Notes | Outcome | Next step | With
	want := []string{
		"2027-03-20 14:00 | Meeting | Quarterly review |  |  |  |  |  | ",
		"2027-03-15 | Invoice | " + twice.Number + " | 80.00 | NOK |  | Void | Voided; not owed | ",
		"2027-03-10 | Payment | SEB 7781 | 500.00 | NOK | Bank transfer · " + inv.Number + " |  |  | ",
		"2027-03-05 | Invoice | " + inv.Number + " | 1,234.00 | NOK |  | Issued | Due " + inv.DueDate.String() + " | ",
		"2027-03-01 10:00 | Call | Kick-off |  |  |  |  |  | ",
	}
	if len(p.Rows()) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(p.Rows()), len(want), p.Rows())
	}
	for i, w := range want {
		if got := rowText(p, i); got != w {
			t.Errorf("row %d:\n got %s\nwant %s", i, got, w)
		}
	}

	p.table.List().Select(3)
	p.table.List().Select(2)
	if strings.Join(nav.Went, ", ") != fmt.Sprint("document ", inv.ID, ", payment ", pay.ID) {
		t.Errorf("tapping the invoice and the payment opened %v", nav.Went)
	}

	p.show.SetSelected(showConversations)
	rows := p.Rows()
	if len(rows) != 2 || rows[0].Activity.Subject != "Quarterly review" || rows[1].Activity.Subject != "Kick-off" {
		t.Errorf("conversations only: %+v", rows)
	}
	test.Type(p.search, "review")
	if len(p.Rows()) != 1 || p.table.EmptyText() != "" {
		t.Errorf("conversations matching review: %+v", p.Rows())
	}
	p.search.SetText(inv.Number)
	if len(p.Rows()) != 0 || !strings.Contains(p.table.EmptyText(), inv.Number) {
		t.Errorf("conversations only hides the invoice searched for: %+v, %q", p.Rows(), p.table.EmptyText())
	}
	p.show.SetSelected(showEverything)
	rows = p.Rows()
	if len(rows) != 2 || rows[0].Payment == nil || rows[1].Document == nil || rows[1].Document.ID != inv.ID {
		t.Errorf("the invoice's number finds it and its payment: %+v", rows)
	}
}

func TestUnsavedEntryIsNotDroppedWithoutAsking(t *testing.T) {
	p, book, c := newPanel(t)
	p.Show(c)
	if p.Dirty() {
		t.Fatal("a fresh form has nothing to save")
	}
	p.Fill(domain.ActivityCall, "Asked about the winter timetable")
	left := 0
	p.ConfirmLeave(func() { left++ })
	guitest.Answer(t, p.win, "Cancel")
	if left != 0 || p.subject.Text != "Asked about the winter timetable" {
		t.Fatalf("Cancel: left %d, subject %q", left, p.subject.Text)
	}
	p.Show(c) // the same client read again, as after saving its details
	if p.subject.Text == "" {
		t.Fatal("reading the same client again dropped the typed entry")
	}
	p.ConfirmLeave(func() { left++ })
	guitest.Answer(t, p.win, "Save")
	rows, _ := book.Activities().FindTimeline(context.Background(), domain.TimelineFilter{ClientID: c.ID})
	if left != 1 || len(rows) != 1 || p.Dirty() {
		t.Fatalf("Save: left %d, %d on the timeline, dirty %v", left, len(rows), p.Dirty())
	}
	p.subject.SetText("Half typed")
	p.ConfirmLeave(func() { left++ })
	guitest.Answer(t, p.win, "Discard changes")
	if left != 2 {
		t.Error("Discard changes did not go on")
	}
}

// A click on a header sorts the timeline by that column (▲, then ▼), and
// Export CSV… writes the columns shown in the order shown.
func TestHeaderClickSortsAndExportWritesTheColumnsShown(t *testing.T) {
	p, book, c := newPanel(t)
	t.Cleanup(widgets.RunInline())
	p.SetExport(book.Export())
	ctx := context.Background()
	for i, subject := range []string{"Budget", "Agenda", "Contract"} {
		a := &domain.Activity{ClientID: c.ID, Kind: domain.ActivityCall, Subject: subject, At: time.Date(2027, 3, 1+i, 10, 0, 0, 0, time.Local)}
		if err := book.Activities().CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	p.Show(c)
	subjects := func() string {
		var out []string
		for i := range p.table.Total() {
			out = append(out, p.table.RowTexts(i)[2])
		}
		return strings.Join(out, ",")
	}
	if got := subjects(); got != "Contract,Agenda,Budget" {
		t.Fatalf("newest first: %s", got)
	}
	p.table.TapHeader(2)
	if got := subjects(); p.table.HeaderText(2) != "Subject ▲" || got != "Agenda,Budget,Contract" {
		t.Errorf("by subject (%q): %s", p.table.HeaderText(2), got)
	}
	p.table.TapHeader(0)
	if got := subjects(); p.table.HeaderText(0) != "When ▲" || p.table.HeaderText(2) != "Subject" || got != "Budget,Agenda,Contract" {
		t.Errorf("oldest first (%q): %s", p.table.HeaderText(0), got)
	}
	path := filepath.Join(t.TempDir(), "timeline.csv")
	widgets.WriteCSVFile(p.win, path, domain.ExportFormat{}, p.WriteCSV)
	recs := readCSV(t, path)
	if strings.Join(recs[0], ",") != strings.Join(p.table.ColumnKeys(), ",") || len(recs) != 4 {
		t.Fatalf("the file's columns %q, the table's %q", recs[0], p.table.ColumnKeys())
	}
	for i, r := range recs[1:] {
		if r[2] != p.table.RowTexts(i)[2] || r[0] != p.table.RowTexts(i)[0] {
			t.Errorf("row %d: the file has %q, the table %q", i, r, p.table.RowTexts(i))
		}
	}
}

// An activity logged anywhere (here straight through the book, as another
// screen or the command line would) shows on the timeline without anyone
// refreshing it, and what is typed in the quick-add form stays.
func TestActivityAddedElsewhereShowsOnTheTimeline(t *testing.T) {
	p, book, c := newPanel(t)
	stop := p.Watch(book)
	defer stop()
	p.Show(c)
	p.Fill(domain.ActivityNote, "Half typed")
	a := &domain.Activity{ClientID: c.ID, Kind: domain.ActivityEmail, Subject: "Sent from the phone", At: time.Date(2027, 4, 1, 8, 0, 0, 0, time.Local)}
	if err := book.Activities().CreateActivity(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return len(p.Rows()) == 1 })
	if got := p.table.RowTexts(0); got[1] != "Email" || got[2] != "Sent from the phone" {
		t.Errorf("the timeline shows %q", got)
	}
	if p.subject.Text != "Half typed" {
		t.Errorf("the typed entry went: %q", p.subject.Text)
	}
}

// waitFor waits for the book's change notice to reach the panel through
// fyne.Do.
func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for range 200 {
		if ok() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the panel did not follow the change")
}

// The quick-add form scrolls in its share of the panel: the panel asks
// little height of its own, so the window keeps its size at 1024×700.
func TestPanelFitsALowWindow(t *testing.T) {
	p, _, c := newPanel(t)
	p.Show(c)
	if h := p.Object().MinSize().Height; h > 300 {
		t.Errorf("the timeline panel wants %v points of height", h)
	}
}
