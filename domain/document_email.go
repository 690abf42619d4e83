package domain

import (
	"strings"
	"unicode/utf8"

	"clientbook/domain/money"
)

// DocumentEmailPlaceholders are what the subject and body of the email that
// sends an invoice or credit note may contain, each in braces: {invoice}.
// {document} is "invoice" or "credit note"; {payment_note} is a sentence
// about paying it (or that it is paid), nothing for a credit note.
var DocumentEmailPlaceholders = []string{"client", "contact", "invoice", "document", "issue_date", "total",
	"amount_due", "due_date", "company", "payment_note"}

// The templates a new book emails its invoices and credit notes with.
const (
	DefaultDocumentEmailSubject = "Your {document} {invoice} from {company}"
	DefaultDocumentEmailBody    = `Dear {contact},

Please find attached our {document} {invoice} of {issue_date} for {total}.

{payment_note}

Kind regards,
{company}`
)

// DocumentEmail is the subject and body templates of the email that sends
// an issued invoice or credit note to the client, kept with the company.
type DocumentEmail struct {
	Subject string
	Body    string
}

// validate tidies and checks the templates, under the fields
// documentEmail.subject and documentEmail.body.
func (e *DocumentEmail) validate(v *validation) {
	e.Subject = strings.TrimSpace(e.Subject)
	e.Body = strings.TrimSpace(strings.ReplaceAll(e.Body, "\r\n", "\n"))
	switch n := utf8.RuneCountInString(e.Subject); {
	case n == 0:
		v.add("documentEmail.subject", "enter the email's subject, e.g. %s", DefaultDocumentEmailSubject)
	case n > MaxNameLen:
		v.add("documentEmail.subject", "the subject is longer than %d characters", MaxNameLen)
	case strings.ContainsAny(e.Subject, "\r\n"):
		v.add("documentEmail.subject", "the subject is one line")
	}
	checkTemplate(v, "documentEmail.subject", e.Subject, DocumentEmailPlaceholders)
	switch n := utf8.RuneCountInString(e.Body); {
	case n == 0:
		v.add("documentEmail.body", "write the email's text")
	case n > MaxTextLen:
		v.add("documentEmail.body", "the text is longer than %d characters", MaxTextLen)
	}
	checkTemplate(v, "documentEmail.body", e.Body, DocumentEmailPlaceholders)
}

// DocumentEmailFacts are what the placeholders of a document's email are
// filled with.
type DocumentEmailFacts struct {
	Kind      DocKind // an invoice or a credit note
	Number    string
	Client    string // the client's name
	Contact   string // the name of the contact it is sent to
	Company   string // the book's own company
	IssueDate Date
	Total     money.Money
	// AmountDue is what is open on an invoice on the day the email is
	// written; for a credit note, its total.
	AmountDue money.Money
	// DueDate is the invoice's due date, its issue date when it was due on
	// issue.
	DueDate Date
}

// PaymentNote is what {payment_note} becomes: for an invoice with something
// open, when to pay it; for a paid invoice, a thank-you; for a credit note,
// nothing.
func (f DocumentEmailFacts) PaymentNote() string {
	if f.Kind != KindInvoice {
		return ""
	}
	if f.AmountDue.Currency == "" || !f.AmountDue.Amount.IsPositive() {
		return "It is already paid in full: thank you."
	}
	return "Please pay " + f.AmountDue.String() + " by " + f.DueDate.String() + ", quoting the invoice number."
}

// Compose fills the templates with the facts. The subject stays on one line
// whatever the facts hold.
func (f DocumentEmailFacts) Compose(t DocumentEmail) (subject, body string) {
	values := map[string]string{
		"client": f.Client, "contact": f.Contact, "invoice": f.Number, "company": f.Company,
		"document": strings.ToLower(f.Kind.Title()), "issue_date": f.IssueDate.String(), "total": f.Total.String(),
		"amount_due": f.AmountDue.String(), "due_date": f.DueDate.String(), "payment_note": f.PaymentNote(),
	}
	subject = strings.Join(strings.Fields(fillTemplate(t.Subject, values)), " ")
	return subject, fillTemplate(t.Body, values)
}
