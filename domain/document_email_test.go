package domain

import (
	"strings"
	"testing"
)

func TestDocumentEmailCompose(t *testing.T) {
	tmpl := DefaultCompany().DocumentEmail
	base := DocumentEmailFacts{Kind: KindInvoice, Number: "INV-2027-00004", Client: "Nordlicht", Contact: "Jürgen",
		Company: "Acme Ltd", IssueDate: NewDate(2027, 3, 1), DueDate: NewDate(2027, 3, 31),
		Total: mustMoney("1200", "EUR"), AmountDue: mustMoney("200", "EUR")}
	for _, tc := range []struct {
		name    string
		change  func(*DocumentEmailFacts)
		subject string
		bodyHas string
		bodyNot string
	}{
		{"open invoice", func(*DocumentEmailFacts) {}, "Your invoice INV-2027-00004 from Acme Ltd",
			"for 1,200.00 EUR.\n\nPlease pay 200.00 EUR by 2027-03-31, quoting the invoice number.\n\nKind regards,\nAcme Ltd", ""},
		{"paid invoice", func(f *DocumentEmailFacts) { f.AmountDue = mustMoney("0", "EUR") }, "Your invoice INV-2027-00004 from Acme Ltd",
			"It is already paid in full: thank you.", "Please pay"},
		{"credit note", func(f *DocumentEmailFacts) { f.Kind, f.Number = KindCreditNote, "CN-2027-0001" },
			"Your credit note CN-2027-0001 from Acme Ltd", "our credit note CN-2027-0001 of 2027-03-01 for 1,200.00 EUR.\n\nKind regards", "paid"},
		{"a company name over two lines stays one subject line", func(f *DocumentEmailFacts) { f.Company = "Acme\nLtd" },
			"Your invoice INV-2027-00004 from Acme Ltd", "", ""},
	} {
		f := base
		tc.change(&f)
		subject, body := f.Compose(tmpl)
		if subject != tc.subject || !strings.Contains(body, tc.bodyHas) || (tc.bodyNot != "" && strings.Contains(body, tc.bodyNot)) {
			t.Errorf("%s: %q\n%s", tc.name, subject, body)
		}
	}
}

func TestDocumentEmailValidate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		email DocumentEmail
		field string
	}{
		{"no subject", DocumentEmail{Subject: " ", Body: "x"}, "documentEmail.subject"},
		{"two-line subject", DocumentEmail{Subject: "a\nb", Body: "x"}, "documentEmail.subject"},
		{"unknown placeholder in the subject", DocumentEmail{Subject: "Invoice {number}", Body: "x"}, "documentEmail.subject"},
		{"a reminder's placeholder", DocumentEmail{Subject: "x", Body: "{days_overdue} days"}, "documentEmail.body"},
		{"no body", DocumentEmail{Subject: "x", Body: ""}, "documentEmail.body"},
	} {
		co := DefaultCompany()
		co.DocumentEmail = tc.email
		if _, ok := FieldErrors(co.Validate())[tc.field]; !ok {
			t.Errorf("%s: %v", tc.name, co.Validate())
		}
	}
	co := DefaultCompany()
	if err := co.Validate(); err != nil {
		t.Errorf("the defaults: %v", err)
	}
}
