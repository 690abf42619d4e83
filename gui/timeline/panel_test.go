package timeline

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

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
	if len(p.rows) != 2 || p.rows[0].Subject != "Renewal terms" || p.rows[0].Kind != domain.ActivityCall || p.rows[0].ContactName != "Ingrid Dahl" {
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
