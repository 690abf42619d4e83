package invoices

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/guitest"
)

// dialogText is every label's text in the dialog on top of the window.
func dialogText(t *testing.T, f *fixture) string {
	t.Helper()
	top := f.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shows")
	}
	var out []string
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
	}
	return strings.Join(out, "\n")
}

// Email invoice… on an issued invoice queues its email in the outbox: to
// the client's contact with an email address, subject and text from the
// company's templates, the invoice's PDF to be attached. A client without an
// address is told so, and nothing is queued.
func TestEmailInvoiceQueuesItInTheOutbox(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	co, _ := f.book.Company().Company(ctx)
	co.Name = "Acme Ltd"
	if err := f.book.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	inv := f.issued(t, f.client, 10, domain.NewDate(2027, 2, 9), "", "1000.00")
	f.s.Open(inv.ID)

	tap(t, f.s.Object(), "Email invoice…")
	if got := dialogText(t, f); !strings.Contains(got, "No contact of Ørsted Façades GmbH has an email address, so invoice "+
		inv.Number+" cannot be emailed.") {
		t.Errorf("without an address the editor says %q", got)
	}
	guitest.Answer(t, f.w, "OK")
	if n, _ := f.book.Outbox().CountMessages(ctx, domain.OutboxFilter{}); n != 0 {
		t.Fatalf("%d messages queued for a client without an address", n)
	}

	f.client.Contacts = []domain.Contact{{Name: "Ingrid Ørsted", Email: "ingrid@orsted.example", Primary: true}}
	if err := f.book.Clients().UpdateClient(ctx, f.client); err != nil {
		t.Fatal(err)
	}
	f.s.Open(inv.ID)
	tap(t, f.s.Object(), "Email invoice…")
	if got := dialogText(t, f); !strings.Contains(got, "Queue an email of invoice "+inv.Number+" to Ingrid Ørsted <ingrid@orsted.example>, with "+
		inv.Number+".pdf attached?") {
		t.Errorf("the question says %q", got)
	}
	guitest.Answer(t, f.w, "Queue email")
	ms, err := f.book.Outbox().FindMessages(ctx, domain.OutboxFilter{})
	if err != nil || len(ms) != 1 {
		t.Fatalf("queued %d messages: %v", len(ms), err)
	}
	m := ms[0]
	if m.Kind != domain.MessageDocument || m.DocumentID != inv.ID || m.ToAddress != "ingrid@orsted.example" ||
		m.Subject != "Your invoice "+inv.Number+" from Acme Ltd" || m.Status != domain.MessageQueued {
		t.Errorf("queued %+v", m)
	}
	if want := "Dear Ingrid Ørsted,\n\nPlease find attached our invoice " + inv.Number + " of 2027-01-10 for 1,000.00 EUR.\n\n" +
		"Please pay 1,000.00 EUR by 2027-02-09, quoting the invoice number.\n\nKind regards,\nAcme Ltd"; m.Body != want {
		t.Errorf("body:\n%s\nwant\n%s", m.Body, want)
	}
	if got := strings.Join(m.AttachmentNames(), ", "); got != inv.Number+".pdf" {
		t.Errorf("attachments %q", got)
	}

	// Again while it waits: refused with the reason, still one message.
	tap(t, f.s.Object(), "Email invoice…")
	guitest.Answer(t, f.w, "Queue email")
	if got := dialogText(t, f); !strings.Contains(got, "already in the outbox") {
		t.Errorf("a second email says %q", got)
	}
	if n, _ := f.book.Outbox().CountMessages(ctx, domain.OutboxFilter{}); n != 1 {
		t.Errorf("%d messages after a second Email invoice…", n)
	}
}

// Drafts and quotes are not emailed from the editor.
func TestEmailOnlyOnIssuedInvoices(t *testing.T) {
	f := newFixture(t)
	f.s.NewFor(domain.KindInvoice, f.client)
	if button(f.s.Object(), "Email invoice…") != nil {
		t.Error("a draft offers Email invoice…")
	}
}
