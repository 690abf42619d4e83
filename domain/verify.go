package domain

import (
	"fmt"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

// Severity says whether a finding blocks issuing.
type Severity string

const (
	// SeverityError blocks issuing until the document is fixed.
	SeverityError Severity = "error"
	// SeverityWarning needs the person's explicit confirmation.
	SeverityWarning Severity = "warning"
)

// Finding is one result of checking a document before it is issued: a full
// sentence fit to show a person, and the field it concerns if any.
type Finding struct {
	Severity Severity
	Code     string // stable name of the rule, e.g. "po-missing"
	Field    string // the form field it concerns, or ""
	Message  string
}

// IssueFacts is what the book knows that the checks before issuing need
// beyond the document itself. The data layer gathers them in the issuing
// transaction.
type IssueFacts struct {
	Client *Client
	// Company is the book's company as it is now: the seller of the
	// e-invoice the client receives, when it receives one.
	Company *Company
	// SamePO lists numbers of the client's other issued invoices with the same PO number.
	SamePO []string
	// OpenBalance is what the client owes on issued invoices, less credit notes
	// and payments received, in the document's currency.
	OpenBalance decimal.Decimal
	// SameTotal lists numbers of the client's issued invoices with the same
	// total dated within DuplicateWindowDays of this one.
	SameTotal []string
	// Credited describes, for a credit note, the invoice it corrects.
	Credited *CreditFacts
}

// CreditFacts is what a credit note's check needs to know of its invoice.
type CreditFacts struct {
	InvoiceNumber string
	InvoiceTotal  decimal.Decimal
	// AlreadyCredited is the total of the invoice's other issued credit notes.
	AlreadyCredited decimal.Decimal
}

// DuplicateWindowDays is how close in time two invoices of one client with the
// same total must be to look like a duplicate.
const DuplicateWindowDays = 14

// Verify checks a document before it is issued. It returns every finding;
// Blocking tells whether any of them stop the issue.
func Verify(d *Document, facts IssueFacts) []Finding {
	var out []Finding
	add := func(sev Severity, code, field, format string, args ...any) {
		out = append(out, Finding{Severity: sev, Code: code, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if err := d.Validate(); err != nil {
		for field, msg := range FieldErrors(err) {
			add(SeverityError, "invalid", field, "%s", capitalize(msg)+".")
		}
		if FieldErrors(err) == nil {
			add(SeverityError, "invalid", "", "%s", ErrorMessage(err))
		}
		return sortFindings(out)
	}
	if len(d.Lines) == 0 {
		add(SeverityError, "no-lines", "lines", "The %s has no lines.", lower(d.Kind.Title()))
	}
	totals, err := d.Totals()
	if err != nil {
		add(SeverityError, "totals", "", "%s", capitalize(err.Error())+".")
		return sortFindings(out)
	}
	for i, l := range d.Lines {
		switch {
		case l.Quantity.IsZero():
			add(SeverityError, "zero-quantity", LineField(i, "quantity"), "Line %d (%s) has a quantity of zero.", i+1, l.Description)
		case totals.Lines[i].Net.IsZero():
			add(SeverityError, "zero-line", LineField(i, "unitPrice"), "Line %d (%s) comes to zero.", i+1, l.Description)
		}
	}
	if len(d.Lines) > 0 && totals.Total.IsZero() {
		add(SeverityError, "zero-total", "", "The %s's total is zero.", lower(d.Kind.Title()))
	}
	c := facts.Client
	if c == nil {
		add(SeverityError, "no-client", "client", "Choose a client.")
		return sortFindings(out)
	}
	if !c.Billing.Invoiceable() {
		add(SeverityError, "no-billing-address", "client", "%s has no complete billing address (street, city and country); add it on the client's record.", c.Name)
	}
	if d.Kind == KindCreditNote && facts.Credited != nil {
		cf := facts.Credited
		left := cf.InvoiceTotal.Sub(cf.AlreadyCredited)
		if totals.Total.GreaterThan(left) {
			add(SeverityError, "over-credit", "", "Invoice %s comes to %s and %s of it is already credited; this credit note of %s would credit more than the invoice.",
				cf.InvoiceNumber, d.Money(cf.InvoiceTotal), d.Money(cf.AlreadyCredited), d.Money(totals.Total))
		}
	}
	if c.EInvoice != EInvoiceNone && facts.Company != nil && d.Kind != KindQuote {
		ef := EInvoiceFacts{Seller: CompanyParty(*facts.Company), Buyer: ClientParty(c), BuyerReference: c.BuyerReference}
		if facts.Credited != nil {
			ef.Preceding = &PrecedingInvoice{Number: facts.Credited.InvoiceNumber}
		}
		_, fs := BuildEInvoice(d, c.EInvoice, ef)
		out = append(out, fs...)
	}
	if d.Kind != KindInvoice {
		return sortFindings(out)
	}
	if totals.Total.IsNegative() {
		add(SeverityWarning, "negative-total", "", "This invoice comes to %s, less than zero; to give money back or correct an invoice, issue a credit note for it instead.",
			d.Money(totals.Total))
	}
	if c.RequiresPO && d.PONumber == "" {
		add(SeverityError, "po-missing", "poNumber", "%s requires a purchase-order number on every invoice.", c.Name)
	}
	if d.PONumber != "" && len(facts.SamePO) > 0 {
		add(SeverityWarning, "po-reused", "poNumber", "PO number %s is already on %s for this client.", d.PONumber, JoinAnd(facts.SamePO))
	}
	if !c.CreditLimit.IsZero() && c.CreditLimit.Currency == d.Currency {
		exposure := facts.OpenBalance.Add(totals.Total)
		if exposure.GreaterThan(c.CreditLimit.Amount) {
			add(SeverityWarning, "credit-limit", "",
				"With this invoice %s would owe %s, over their credit limit of %s.", c.Name,
				money.Money{Amount: exposure, Currency: d.Currency}, c.CreditLimit)
		}
	}
	if len(facts.SameTotal) > 0 {
		add(SeverityWarning, "duplicate", "", "This may be a duplicate: %s for %s has the same total (%s) within %d days.",
			JoinAnd(facts.SameTotal), c.Name, d.Money(totals.Total), DuplicateWindowDays)
	}
	return sortFindings(out)
}

// Blocking reports whether findings stop an issue: any error, or any warning
// not accepted.
func Blocking(fs []Finding, acceptWarnings bool) bool {
	for _, f := range fs {
		if f.Severity == SeverityError || !acceptWarnings {
			return true
		}
	}
	return false
}

// sortFindings puts errors first, then warnings, each group in field order,
// so the list reads the same every time.
func sortFindings(fs []Finding) []Finding {
	rank := func(f Finding) string {
		if f.Severity == SeverityError {
			return "0" + f.Field + f.Message
		}
		return "1" + f.Field + f.Message
	}
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && rank(fs[j]) < rank(fs[j-1]); j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
	return fs
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}

func lower(s string) string {
	r := []rune(s)
	if len(r) > 0 && r[0] >= 'A' && r[0] <= 'Z' {
		r[0] += 'a' - 'A'
	}
	return string(r)
}

// JoinAnd joins "a", "b" and "c" as "a, b and c".
func JoinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	s := ""
	for i, x := range xs[:len(xs)-1] {
		if i > 0 {
			s += ", "
		}
		s += x
	}
	return s + " and " + xs[len(xs)-1]
}
