package outbox

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
)

// Run reminders queues nothing until Queue: the preview lists each reminder
// due with its client, invoice, level, amount and days late, all ticked;
// only the ones still ticked are queued, and the notice says how many.
func TestReminderPreviewQueuesOnlyTheTicked(t *testing.T) {
	s, book, _ := newScreen(t)
	ctx := context.Background()
	cs, _ := book.Clients().FindClients(ctx, domain.ClientFilter{})
	c, _ := book.Clients().FindClientByID(ctx, cs[0].ID)
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), domain.NewDate(2027, 3, 5))
	d.DueDate = domain.NewDate(2027, 4, 4)
	d.Lines = []domain.Line{{Description: "Cabins", Quantity: decimal.NewFromInt(2), UnitPrice: decimal.NewFromInt(350)}}
	if err := book.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, _, err := book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
		t.Fatal(err)
	}

	s.RunReminders()
	p := s.pending
	if p == nil || len(p.run.Made) != 2 || len(p.Ticked()) != 2 {
		t.Fatalf("preview %+v", p)
	}
	if n, _ := book.Outbox().CountMessages(ctx, domain.OutboxFilter{}); n != 0 {
		t.Fatalf("%d messages queued before Queue", n)
	}
	if got := previewTexts(p.run.Made[0]); got[0] != "Brønnøy Ferries" || got[1] != "INV-2027-00001" || got[3] != "1,000.00 NOK" || got[4] != "31" {
		t.Errorf("first row %q", got)
	}
	if p.queue.Text != "Queue 2 reminders" || p.count.Text != "2 of 2 ticked" {
		t.Errorf("before: %q, %q", p.queue.Text, p.count.Text)
	}
	// Untick the first through its check box as drawn.
	var checks []*widget.Check
	for _, o := range test.LaidOutObjects(p.list) {
		if c, ok := o.(*widget.Check); ok && c.Visible() {
			checks = append(checks, c)
		}
	}
	if len(checks) < 2 {
		t.Fatalf("%d check boxes drawn", len(checks))
	}
	test.Tap(checks[0])
	if p.queue.Text != "Queue 1 reminder" || p.count.Text != "1 of 2 ticked" {
		t.Errorf("after unticking: %q, %q", p.queue.Text, p.count.Text)
	}
	p.tickAll(false)
	if !p.queue.Disabled() {
		t.Error("Queue with nothing ticked")
	}
	p.Tick(1, true)
	p.Queue()
	msgs, _ := book.Outbox().FindMessages(ctx, domain.OutboxFilter{})
	if len(msgs) != 1 || msgs[0].DocumentNumber != "INV-2027-00002" || s.lastRun != "Queued 1 reminder." || s.pending != nil {
		t.Fatalf("queued %+v, notice %q", msgs, s.lastRun)
	}
	// A second run offers only the one left.
	s.RunReminders()
	if s.pending == nil || len(s.pending.run.Made) != 1 || s.pending.run.Made[0].Message.DocumentNumber != "INV-2027-00001" {
		t.Errorf("second preview %+v", s.pending)
	}
}
