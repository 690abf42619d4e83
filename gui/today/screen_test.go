package today

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
	"clientbook/gui/guitest"
	"clientbook/gui/kit"
)

// TestTodayForAFixedDate builds a book as of 2027-06-15 with a task overdue,
// one due today, one next week, a contract inside its notice period, an
// invoice overdue and unpaid, one overdue but paid and one not yet due.
func TestTodayForAFixedDate(t *testing.T) {
	test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	ctx := context.Background()
	book, err := data.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	day := domain.NewDate(2027, 6, 15)
	c := &domain.Client{Name: "Kestrel Labs", Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: 30,
		CreditLimit: money.Zero("EUR"), Billing: domain.Address{Line1: "1 Quay", City: "Cork", Country: "Ireland"}}
	if err := book.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	for _, tk := range []domain.Task{
		{Title: "Chase signature", DueDate: day.AddDays(-3), ClientID: c.ID},
		{Title: "Call Ann", DueDate: day, DueTime: "10:00", ClientID: c.ID, Priority: domain.PriorityHigh},
		{Title: "Prepare QBR", DueDate: day.AddDays(7), ClientID: c.ID},
	} {
		if err := book.Activities().CreateTask(ctx, &tk); err != nil {
			t.Fatal(err)
		}
	}
	ct := &domain.Contract{ClientID: c.ID, Title: "Support 2027", Value: money.Money{Amount: decimal.NewFromInt(12000), Currency: "EUR"},
		Currency: "EUR", Start: domain.NewDate(2026, 7, 1), End: domain.NewDate(2027, 6, 30), NoticeDays: 30,
		Cycle: domain.Monthly, Timing: domain.InAdvance, BillingDay: 1,
		Lines: []domain.ContractLine{{Description: "Support", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.NewFromInt(1000)}}}
	if err := book.Contracts().CreateContract(ctx, ct); err != nil {
		t.Fatal(err)
	}
	issue := func(date domain.Date, amount int64) *domain.Document {
		d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), date)
		d.Lines = []domain.Line{{Description: "Work", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.NewFromInt(amount)}}
		if err := book.Documents().CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		inv, _, err := book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
		if err != nil {
			t.Fatal(err)
		}
		return inv
	}
	unpaid := issue(domain.NewDate(2027, 4, 1), 500) // due 2027-05-01, open
	paid := issue(domain.NewDate(2027, 4, 2), 300)   // due 2027-05-02, paid below
	issue(domain.NewDate(2027, 6, 1), 200)           // due 2027-07-01, not yet due
	p := &domain.Payment{ClientID: c.ID, Date: domain.NewDate(2027, 5, 20), Amount: money.Money{Amount: decimal.NewFromInt(300), Currency: "EUR"},
		Method: domain.MethodBankTransfer, Allocations: []domain.Allocation{{DocumentID: paid.ID, Amount: decimal.NewFromInt(300)}}}
	if err := book.Payments().CreatePayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	promise := &domain.CollectionEntry{ClientID: c.ID, DocumentID: unpaid.ID, Kind: domain.CollectionPromise,
		On: domain.NewDate(2027, 6, 1), Text: "Ann will pay it by the 10th", PromisedDate: domain.NewDate(2027, 6, 10),
		PromisedAmount: money.Money{Amount: decimal.NewFromInt(500), Currency: "EUR"}}
	if err := book.Collections().AddCollectionEntry(ctx, promise); err != nil {
		t.Fatal(err)
	}
	for _, k := range []domain.Complaint{
		{ClientID: c.ID, Subject: "Invoice sent to the wrong address", OpenedOn: day.AddDays(-20), Severity: domain.ComplaintLow,
			Status: domain.ComplaintOpen},
		{ClientID: c.ID, Subject: "Outage during the launch", OpenedOn: day.AddDays(-2), Severity: domain.ComplaintCritical,
			Status: domain.ComplaintInProgress},
		{ClientID: c.ID, Subject: "Late delivery", OpenedOn: day.AddDays(-40), Severity: domain.ComplaintHigh,
			Status: domain.ComplaintResolved, ResolvedOn: day.AddDays(-30), Resolution: "Credited the shipping"},
	} {
		if err := book.Complaints().CreateComplaint(ctx, &k); err != nil {
			t.Fatal(err)
		}
	}

	w := test.NewTempWindow(t, nil)
	s := NewScreen(book, w)
	s.today = func() domain.Date { return day }
	nav := &guitest.Nav{}
	s.Nav = nav
	w.SetContent(s.Object())
	w.Resize(fyne.NewSize(1100, 800))
	s.Refresh()
	if s.Overdue != 1 || s.DueToday != 1 || s.Renewals != 1 || s.OverdueInvoices != 1 || s.Promises != 1 {
		t.Fatalf("overdue %d, due today %d, renewals %d, overdue invoices %d, promises %d; want 1 each",
			s.Overdue, s.DueToday, s.Renewals, s.OverdueInvoices, s.Promises)
	}
	if s.Complaints != 2 || !hasLabel(s.Object(), "opened 2027-06-13 (2 d)") ||
		!hasLabel(s.Object(), "Critical · in progress") {
		t.Errorf("%d open complaints; the critical one, open 2 days, should show first", s.Complaints)
	}
	tapLink(findLink(s.Object(), "Outage during the launch"))
	if want := fmt.Sprintf("client %d Complaints", c.ID); len(nav.Went) != 1 || nav.Went[0] != want {
		t.Errorf("tapping a complaint went to %q, want %q", nav.Went, want)
	}
	nav.Went = nil
	if findLink(s.Object(), "500.00 EUR on "+unpaid.Number) == nil || !hasLabel(s.Object(), "promised 2027-06-10 (5 d late)") ||
		!hasLabel(s.Object(), "nothing received") {
		t.Error("the promise to pay shows what, how late and what came in")
	}
	b := findLink(s.Object(), unpaid.Number)
	if b == nil {
		t.Fatalf("no link to %s", unpaid.Number)
	}
	tapLink(b)
	if want := fmt.Sprintf("document %d", unpaid.ID); len(nav.Went) != 1 || nav.Went[0] != want {
		t.Errorf("tapping the invoice went to %q, want %q", nav.Went, want)
	}
	if s.Upcoming != 1 || !hasLabel(s.Object(), "Prepare QBR") {
		t.Errorf("%d upcoming; Prepare QBR, due in 7 days, should be one", s.Upcoming)
	}
	if got, want := s.SummaryText(), "1 overdue task · 1 task due today · 1 overdue invoice · 1 promise to pay due · 1 renewal to decide · 2 open complaints"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	// Done takes the task off the list; Undo puts it back.
	test.Tap(findButton(s.Object(), "Done"))
	if s.Overdue+s.DueToday != 1 || s.UndoText() != `Marked "Chase signature" done.` {
		t.Fatalf("after Done: %d overdue, %d due, notice %q", s.Overdue, s.DueToday, s.UndoText())
	}
	s.Undo()
	if s.Overdue != 1 || s.DueToday != 1 || s.UndoText() != "" {
		t.Fatalf("after Undo: %d overdue, %d due, notice %q", s.Overdue, s.DueToday, s.UndoText())
	}
	tasks, _ := book.Activities().FindTasks(ctx, domain.TaskFilter{})
	if len(tasks) != 3 {
		t.Errorf("%d open tasks after Undo, want 3", len(tasks))
	}
	// +1 week moves it to the upcoming week; Undo brings it back overdue.
	test.Tap(findButton(s.Object(), "+1 week"))
	if s.Overdue != 0 || s.Upcoming != 2 || s.UndoText() != `Moved "Chase signature" to 2027-06-22.` {
		t.Fatalf("after +1 week: %d overdue, %d upcoming, %q", s.Overdue, s.Upcoming, s.UndoText())
	}
	test.Tap(findButton(s.Object(), "Undo"))
	if s.Overdue != 1 || s.Upcoming != 1 {
		t.Errorf("after undoing the snooze: %d overdue, %d upcoming", s.Overdue, s.Upcoming)
	}
	// A task still to come ("Prepare QBR", due 2027-06-22) offers "+1 day",
	// not "Tomorrow" (it cannot move to a day before it is due), and moves a
	// day on from the day it shows.
	if b := findButton(s.Object(), "+1 day"); b == nil || strings.Count(buttonTexts(s.Object()), "Tomorrow") != 2 {
		t.Fatalf("the upcoming task's buttons: %s", buttonTexts(s.Object()))
	}
	test.Tap(findButton(s.Object(), "+1 day"))
	if s.UndoText() != `Moved "Prepare QBR" to 2027-06-23.` {
		t.Fatalf("after +1 day: %q", s.UndoText())
	}
	test.Tap(findButton(s.Object(), "Undo"))
	// Undo of a task changed meanwhile says why it cannot.
	test.Tap(findButton(s.Object(), "Done"))
	if err := book.Activities().DeleteTask(ctx, tasks[0].ID); err != nil {
		t.Fatal(err)
	}
	s.Undo()
	if len(w.Canvas().Overlays().List()) == 0 {
		t.Error("an undo that failed said nothing")
	}
}

func findButton(o fyne.CanvasObject, text string) *widget.Button {
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

// findLink is the link (to a client, document or complaint) reading text.
func findLink(o fyne.CanvasObject, text string) *widget.Hyperlink {
	for _, c := range test.LaidOutObjects(o) {
		if h, ok := c.(*widget.Hyperlink); ok && h.Text == text {
			return h
		}
	}
	return nil
}

// tapLink taps h on its text (a link answers only there).
func tapLink(h *widget.Hyperlink) {
	test.TapAt(h, fyne.NewPos(h.Size().Width/4, h.Size().Height/2))
}

func TestNotifierTellsOncePerTaskAtItsTime(t *testing.T) {
	test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	day := domain.NewDate(2027, 6, 15)
	for _, tk := range []domain.Task{{Title: "Morning call", DueDate: day, DueTime: "09:00"}, {Title: "Afternoon call", DueDate: day, DueTime: "15:00"}} {
		if err := book.Activities().CreateTask(context.Background(), &tk); err != nil {
			t.Fatal(err)
		}
	}
	var told []string
	n := NewNotifier(book.Activities(), func(_, content string) { told = append(told, content) })
	n.now = func() time.Time { return time.Date(2027, 6, 15, 9, 5, 0, 0, time.Local) }
	n.Check()
	n.Check()
	if len(told) != 1 || told[0] != "Morning call" {
		t.Fatalf("at 09:05: %v", told)
	}
	n.now = func() time.Time { return time.Date(2027, 6, 15, 15, 0, 0, 0, time.Local) }
	n.Check()
	if len(told) != 2 || told[1] != "Afternoon call" {
		t.Errorf("at 15:00: %v", told)
	}
}

func hasLabel(o fyne.CanvasObject, text string) bool {
	for _, c := range test.LaidOutObjects(o) {
		if l, ok := c.(*widget.Label); ok && l.Text == text && l.Visible() {
			return true
		}
	}
	return false
}

// buttonTexts lists the buttons' texts under o, one a line.
func buttonTexts(o fyne.CanvasObject) string {
	var out []string
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok {
			out = append(out, b.Text)
		}
	}
	return strings.Join(out, "\n")
}
