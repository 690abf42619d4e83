package domain

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"clientbook/domain/money"
)

// Company is the account manager's own company as it appears on documents.
type Company struct {
	Name        string
	Address     Address
	TaxID       string
	Email       string
	Phone       string
	PaymentInfo string // bank name, IBAN, BIC… printed under the totals
	// For e-invoices: the VAT identifier with its country prefix (BT-31),
	// the electronic address and its EAS scheme (BT-34), and the account
	// SEPA credit transfers go to.
	VATID          string
	EndpointID     string
	EndpointScheme string
	IBAN           string
	BIC            string
	DefaultTerms   string // printed on new documents
	Logo           []byte // PNG or JPEG, printed on documents; nil for none
	Currency       string // default for new clients
	Rounding       Rounding
	Numbering      map[DocKind]NumberSeries
	// DocumentEmail is the email that sends an issued invoice or credit
	// note (Email invoice…): its subject and body templates.
	DocumentEmail DocumentEmail
}

// NumberSeries is how a kind of document is numbered.
type NumberSeries struct {
	// Pattern is literal text with placeholders: {YYYY} or {YY} for the issue
	// date's year, {MM} for its month, {SEQ} or {SEQ:n} for the sequence number
	// zero-padded to n digits. It must contain {SEQ}.
	Pattern string
	// YearlyReset restarts the sequence at 1 each calendar year.
	YearlyReset bool
}

// DefaultCompany is what a new book starts with.
func DefaultCompany() Company {
	return Company{
		Currency: "USD",
		Rounding: DefaultRounding,
		Numbering: map[DocKind]NumberSeries{
			KindInvoice:    {Pattern: "INV-{YYYY}-{SEQ:5}", YearlyReset: true},
			KindQuote:      {Pattern: "QUO-{YYYY}-{SEQ:4}", YearlyReset: true},
			KindCreditNote: {Pattern: "CN-{YYYY}-{SEQ:4}", YearlyReset: true},
		},
		DefaultTerms:  "Payment within the agreed terms by bank transfer, quoting the invoice number.",
		DocumentEmail: DocumentEmail{Subject: DefaultDocumentEmailSubject, Body: DefaultDocumentEmailBody},
	}
}

var placeholder = regexp.MustCompile(`\{([A-Z]+)(?::(\d+))?\}`)

// Validate checks the pattern's placeholders.
func (s NumberSeries) Validate() error {
	p := strings.TrimSpace(s.Pattern)
	if p == "" {
		return fmt.Errorf("enter a number pattern, e.g. INV-{YYYY}-{SEQ:5}")
	}
	if utf8.RuneCountInString(p) > 60 {
		return fmt.Errorf("the pattern is longer than 60 characters")
	}
	seq := 0
	for _, m := range placeholder.FindAllStringSubmatch(p, -1) {
		switch m[1] {
		case "SEQ":
			seq++
			if m[2] != "" {
				if n, _ := strconv.Atoi(m[2]); n < 1 || n > 12 {
					return fmt.Errorf("{SEQ:n} pads to 1 to 12 digits")
				}
			}
		case "YYYY", "YY", "MM":
			if m[2] != "" {
				return fmt.Errorf("{%s} takes no width", m[1])
			}
		default:
			return fmt.Errorf("unknown placeholder {%s}; use {YYYY}, {YY}, {MM} or {SEQ:n}", m[1])
		}
	}
	if seq != 1 {
		return fmt.Errorf("the pattern needs exactly one {SEQ} placeholder")
	}
	rest := placeholder.ReplaceAllString(p, "")
	if strings.ContainsAny(rest, "{}") {
		return fmt.Errorf("the pattern has a stray brace")
	}
	if s.YearlyReset && !strings.Contains(p, "{YYYY}") && !strings.Contains(p, "{YY}") {
		return fmt.Errorf("a series that restarts each year needs {YYYY} or {YY} in its pattern, or numbers would repeat")
	}
	return nil
}

// Format renders the number for sequence seq issued on date.
func (s NumberSeries) Format(date Date, seq int64) string {
	return placeholder.ReplaceAllStringFunc(strings.TrimSpace(s.Pattern), func(m string) string {
		p := placeholder.FindStringSubmatch(m)
		switch p[1] {
		case "YYYY":
			return fmt.Sprintf("%04d", date.Year)
		case "YY":
			return fmt.Sprintf("%02d", date.Year%100)
		case "MM":
			return fmt.Sprintf("%02d", int(date.Month))
		case "SEQ":
			width, _ := strconv.Atoi(p[2])
			return fmt.Sprintf("%0*d", width, seq)
		}
		return m
	})
}

// Sequence returns the sequence number of a document numbered number and
// issued on date, if the series gives it that number: Format(date, seq) ==
// number. A number the series would never write (another pattern, another
// year) is not in the series and ok is false.
func (s NumberSeries) Sequence(number string, date Date) (seq int64, ok bool) {
	var re strings.Builder
	re.WriteString("^")
	p := strings.TrimSpace(s.Pattern)
	last := 0
	for _, m := range placeholder.FindAllStringSubmatchIndex(p, -1) {
		re.WriteString(regexp.QuoteMeta(p[last:m[0]]))
		switch p[m[2]:m[3]] {
		case "SEQ":
			re.WriteString(`(\d+)`)
		case "YYYY":
			re.WriteString(`\d{4}`)
		default:
			re.WriteString(`\d{2}`)
		}
		last = m[1]
	}
	re.WriteString(regexp.QuoteMeta(p[last:]) + "$")
	rx, err := regexp.Compile(re.String())
	if err != nil {
		return 0, false
	}
	sub := rx.FindStringSubmatch(number)
	if len(sub) != 2 {
		return 0, false
	}
	seq, err = strconv.ParseInt(sub[1], 10, 64)
	if err != nil || seq < 1 || s.Format(date, seq) != number {
		return 0, false
	}
	return seq, true
}

// Validate tidies and checks the company settings.
func (c *Company) Validate() error {
	c.Name = strings.TrimSpace(c.Name)
	c.TaxID = strings.TrimSpace(c.TaxID)
	c.Email = strings.TrimSpace(c.Email)
	c.Currency = strings.ToUpper(strings.TrimSpace(c.Currency))
	v := validation{what: "Settings"}
	for field, msg := range checkEInvoiceParty(&c.VATID, &c.EndpointID, &c.EndpointScheme) {
		v.add(field, "%s", msg)
	}
	c.IBAN, c.BIC = CompactIBAN(c.IBAN), strings.ToUpper(strings.TrimSpace(c.BIC))
	if c.IBAN != "" {
		if err := CheckIBAN(c.IBAN); err != nil {
			v.add("iban", "%s", err)
		}
	}
	if c.BIC != "" && !bicPattern.MatchString(c.BIC) {
		v.add("bic", "%q is not a BIC: 8 or 11 letters and digits, e.g. DEUTDEFF", c.BIC)
	}
	if utf8.RuneCountInString(c.Name) > MaxNameLen {
		v.add("name", "the name is longer than %d characters", MaxNameLen)
	}
	if c.Email != "" {
		k := Contact{Name: "x", Email: c.Email}
		if err := k.validate(); err != nil {
			v.add("email", "%q is not an email address", c.Email)
		}
	}
	if c.Currency != "" {
		if _, err := money.LookupCurrency(c.Currency); err != nil {
			v.add("currency", "%s", err)
		}
	}
	if err := c.Rounding.Validate(); err != nil {
		v.add("rounding", "%s", err)
	}
	for _, k := range []DocKind{KindInvoice, KindQuote, KindCreditNote} {
		if err := c.Numbering[k].Validate(); err != nil {
			v.add("numbering."+string(k), "%s numbers: %s", k.Title(), err)
		}
	}
	c.DocumentEmail.validate(&v)
	if len(c.Logo) > 2<<20 {
		v.add("logo", "the logo is larger than 2 MB")
	}
	return v.err()
}

// CompanyService stores the book's own company settings.
type CompanyService interface {
	Company(ctx context.Context) (Company, error)
	SaveCompany(ctx context.Context, c *Company) error
	// SetUp stores a first-run setup in one transaction: the company's
	// name, address, tax ID, home currency and invoice pattern, and the
	// usual tax rate (kept as it is when the book has it already).
	SetUp(ctx context.Context, s *Setup) error
}
