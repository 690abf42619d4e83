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
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
)

func newPanel(t *testing.T) (*Panel, *data.Book, *domain.Client) {
	t.Helper()
	test.NewTempApp(t)
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
	if len(p.rows) != 1 || p.last.Text != "Last contacted 42 days ago" {
		t.Fatalf("before: %d rows, %q", len(p.rows), p.last.Text)
	}
	p.kind.SetSelected("Call")
	test.Type(p.subject, "Renewal terms")
	p.body.SetText("Wants two-year pricing.")
	p.nextStep.SetText("Send revised quote")
	p.remind.SetText("2027-04-15")
	test.Tap(p.add)
	if len(p.rows) != 2 || p.rows[0].Activity == nil || p.rows[0].Activity.Subject != "Renewal terms" ||
		p.rows[0].Activity.Kind != domain.ActivityCall || p.rows[0].Activity.ContactName != "Ingrid Dahl" {
		t.Fatalf("top of the timeline: %+v", p.rows)
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
	if !strings.Contains(p.empty.Text, "Nothing logged yet") || !p.empty.Visible() {
		t.Errorf("empty state %q", p.empty.Text)
	}
}

func TestUnsavedClientShowsHint(t *testing.T) {
	p, _, _ := newPanel(t)
	p.Show(&domain.Client{Name: "New"})
	if p.content.Visible() || !p.placeholder.Visible() {
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

// rowText is what the list shows for the i-th entry: head, badge, amount,
// detail and when, joined by " | ".
func rowText(p *Panel, i int) string {
	o := p.newRow()
	p.updateRow(i, o)
	w := parts(o)
	badge := ""
	if w.badge.Visible() {
		badge = w.badge.Text
	}
	return strings.Join([]string{w.head.Text, badge, w.amount.Text, w.detail.Text, w.at.Text}, " | ")
}

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
	var opened []string
	p.OpenDocument = func(id int64) { opened = append(opened, fmt.Sprint("document ", id)) }
	p.OpenPayment = func(pm *domain.Payment) { opened = append(opened, fmt.Sprint("payment ", pm.ID)) }

	p.Show(c)
	want := []string{
		"Meeting · Quarterly review |  |  |  | 2027-03-20 14:00",
		"Invoice " + twice.Number + " issued | Void | 80.00 NOK | Voided; not owed | 2027-03-15",
		"Payment received |  | 500.00 NOK | Bank transfer · ref SEB 7781 · paid " + inv.Number + " | 2027-03-10",
		"Invoice " + inv.Number + " issued |  | 1,234.00 NOK | Due " + inv.DueDate.String() + " | 2027-03-05",
		"Call · Kick-off |  |  |  | 2027-03-01 10:00",
	}
	if len(p.rows) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(p.rows), len(want), p.rows)
	}
	for i, w := range want {
		if got := rowText(p, i); got != w {
			t.Errorf("row %d:\n got %s\nwant %s", i, got, w)
		}
	}

	p.list.Select(3)
	p.list.Select(2)
	if strings.Join(opened, ", ") != fmt.Sprint("document ", inv.ID, ", payment ", pay.ID) {
		t.Errorf("tapping the invoice and the payment opened %v", opened)
	}

	p.show.SetSelected(showConversations)
	if len(p.rows) != 2 || p.rows[0].Activity.Subject != "Quarterly review" || p.rows[1].Activity.Subject != "Kick-off" {
		t.Errorf("conversations only: %+v", p.rows)
	}
	test.Type(p.search, "review")
	if len(p.rows) != 1 || p.empty.Visible() {
		t.Errorf("conversations matching review: %+v", p.rows)
	}
	p.search.SetText(inv.Number)
	if len(p.rows) != 0 || !p.empty.Visible() || !strings.Contains(p.empty.Text, inv.Number) {
		t.Errorf("conversations only hides the invoice searched for: %+v, %q", p.rows, p.empty.Text)
	}
	p.show.SetSelected(showEverything)
	if len(p.rows) != 2 || p.rows[0].Payment == nil || p.rows[1].Document == nil || p.rows[1].Document.ID != inv.ID {
		t.Errorf("the invoice's number finds it and its payment: %+v", p.rows)
	}
}

// answer taps the button labelled text in the dialog on top of p's window.
func answer(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no question is showing; wanted one with %q", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("the question has no %q button", text)
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
	answer(t, p.win, "Cancel")
	if left != 0 || p.subject.Text != "Asked about the winter timetable" {
		t.Fatalf("Cancel: left %d, subject %q", left, p.subject.Text)
	}
	p.Show(c) // the same client read again, as after saving its details
	if p.subject.Text == "" {
		t.Fatal("reading the same client again dropped the typed entry")
	}
	p.ConfirmLeave(func() { left++ })
	answer(t, p.win, "Save")
	rows, _ := book.Activities().FindTimeline(context.Background(), domain.TimelineFilter{ClientID: c.ID})
	if left != 1 || len(rows) != 1 || p.Dirty() {
		t.Fatalf("Save: left %d, %d on the timeline, dirty %v", left, len(rows), p.Dirty())
	}
	p.subject.SetText("Half typed")
	p.ConfirmLeave(func() { left++ })
	answer(t, p.win, "Discard changes")
	if left != 2 {
		t.Error("Discard changes did not go on")
	}
}
