package settings

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"clientbook/domain"
)

// The email that sends an invoice is written in Settings: a new book shows
// the default templates; an unknown placeholder is refused at its field and
// nothing is stored; good templates are stored.
func TestDocumentEmailTemplates(t *testing.T) {
	s, book, _ := newTestScreen(t)
	if s.emailSubject.Text != domain.DefaultDocumentEmailSubject || s.emailBody.Text != domain.DefaultDocumentEmailBody {
		t.Errorf("a new book's templates: %q / %q", s.emailSubject.Text, s.emailBody.Text)
	}
	s.emailSubject.SetText("")
	test.Type(s.emailSubject, "Invoice {number} from {company}")
	s.emailBody.SetText("Dear {contact}, please pay {amount}.")
	if s.Save() {
		t.Fatal("templates with unknown placeholders were saved")
	}
	subject, body := s.edits.Fields["documentEmail.subject"].Error, s.edits.Fields["documentEmail.body"].Error
	if !subject.Visible() || !strings.Contains(subject.Text, "{number} is not a placeholder; use {client}, {contact}, {invoice}") ||
		!body.Visible() || !strings.Contains(body.Text, "{amount} is not a placeholder") {
		t.Errorf("messages: subject %q, body %q", subject.Text, body.Text)
	}
	if got := stored(t, book).DocumentEmail; got.Subject != domain.DefaultDocumentEmailSubject {
		t.Errorf("a refused save stored %+v", got)
	}
	s.emailSubject.SetText("Invoice {invoice} from {company}")
	s.emailBody.SetText("Dear {contact}, please pay {amount_due} by {due_date}.")
	if !s.Save() {
		t.Fatal("good templates were not saved")
	}
	if got := stored(t, book).DocumentEmail; got.Subject != "Invoice {invoice} from {company}" ||
		got.Body != "Dear {contact}, please pay {amount_due} by {due_date}." {
		t.Errorf("stored %+v", got)
	}
	if s.edits.Fields["documentEmail.subject"].Error.Visible() {
		t.Error("the message stays after a good save")
	}
}
