package invoices

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// emailDocument asks before queueing the email that sends the issued
// document to the client's contact for reminders, with its PDF attached
// when it goes from the Outbox; a client with no email address is told so
// and nothing is queued.
func (e *Editor) emailDocument() {
	d := e.doc
	if d == nil || d.Status != domain.DocIssued {
		return
	}
	what := strings.ToLower(d.Kind.Title()) + " " + d.Number
	if e.client == nil {
		return
	}
	to, ok := domain.ReminderRecipient(e.client)
	if !ok {
		dialog.ShowInformation("No email address", fmt.Sprintf("No contact of %s has an email address, so %s cannot be "+
			"emailed. Add an email address to one of %s's contacts first.", e.client.Name, what, e.client.Name), e.win)
		return
	}
	addr := to.Email
	if to.Name != "" {
		addr = to.Name + " <" + to.Email + ">"
	}
	widgets.Confirm("Queue email", "Email "+what, fmt.Sprintf("Queue an email of %s to %s, with %s.pdf attached? "+
		"It waits in the Outbox until you send it or save it as .eml. The subject and text come from Settings.",
		what, addr, d.Number), func(ok bool) {
		if !ok {
			return
		}
		kit.Write(func(ctx context.Context) (*domain.OutboxMessage, error) {
			return e.book.Outbox().QueueDocument(ctx, d.ID)
		},
			func(m *domain.OutboxMessage, err error) {
				if err != nil {
					e.showErr(err)
					return
				}
				kit.Notify(e.win, "Queued the email of "+what+" to "+m.ToAddress+" in the Outbox.")
			})
	}, e.win)
}
