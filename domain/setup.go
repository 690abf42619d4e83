package domain

import (
	"strings"

	"clientbook/domain/money"
)

// Setup is what a new book asks for before its first client: who issues the
// invoices, in which home currency, with which usual tax and how invoices are
// numbered. The home currency becomes the default of new clients and items,
// of Receivables and of Reports, so that the first invoices a new user writes
// land in the currency every screen shows.
type Setup struct {
	Name           string
	Address        Address
	TaxID          string
	Currency       string
	TaxName        string // the usual tax, e.g. "VAT"; empty with TaxPercent for none
	TaxPercent     string // as typed, e.g. "20" or "7,5 %"
	InvoicePattern string // e.g. INV-{YYYY}-{SEQ:5}
}

// NewSetup is the setup form's starting point: the book's company as it
// stands (so a setup started twice shows what was saved) with a default
// invoice pattern and currency.
func NewSetup(co Company) Setup {
	s := Setup{Name: co.Name, Address: co.Address, TaxID: co.TaxID, Currency: co.Currency,
		InvoicePattern: co.Numbering[KindInvoice].Pattern}
	if s.InvoicePattern == "" {
		s.InvoicePattern = DefaultCompany().Numbering[KindInvoice].Pattern
	}
	if s.Currency == "" {
		s.Currency = DefaultCompany().Currency
	}
	return s
}

// Validate tidies the setup and says, per field, what is missing or wrong.
// The keys are name, address.line1, address.city, address.postcode,
// address.country, currency, tax.name, tax.percent and pattern.
func (s *Setup) Validate() error {
	s.Name = strings.TrimSpace(s.Name)
	s.TaxID = strings.TrimSpace(s.TaxID)
	s.Currency = strings.ToUpper(strings.TrimSpace(s.Currency))
	s.TaxName = strings.TrimSpace(s.TaxName)
	s.TaxPercent = strings.TrimSpace(s.TaxPercent)
	s.InvoicePattern = strings.TrimSpace(s.InvoicePattern)
	a := &s.Address
	for _, p := range []*string{&a.Line1, &a.Line2, &a.City, &a.Region, &a.PostalCode, &a.Country} {
		*p = strings.TrimSpace(*p)
	}
	v := validation{what: "Setup"}
	if s.Name == "" {
		v.add("name", "enter your company's name as it goes on invoices")
	}
	// An invoice must name its seller's address (EU VAT directive, art. 226).
	if a.Line1 == "" {
		v.add("address.line1", "enter the street address printed on your invoices")
	}
	if a.City == "" {
		v.add("address.city", "enter the city")
	}
	if a.Country == "" {
		v.add("address.country", "enter the country")
	}
	if s.Currency == "" {
		v.add("currency", "choose your home currency, e.g. EUR")
	} else if _, err := money.LookupCurrency(s.Currency); err != nil {
		v.add("currency", "%s", err)
	}
	if _, err := s.taxRate(); err != nil {
		for k, m := range FieldErrors(err) {
			v.add("tax."+k, "%s", m)
		}
	}
	if err := (NumberSeries{Pattern: s.InvoicePattern}).Validate(); err != nil {
		v.add("pattern", "%s", err)
	}
	co := DefaultCompany()
	s.Apply(&co)
	if err := co.Validate(); err != nil {
		for k, m := range FieldErrors(err) {
			switch k {
			case "name", "currency":
				v.add(k, "%s", m)
			}
		}
	}
	return v.err()
}

// taxRate is the usual tax as a rate to store, or nil when none was given.
func (s Setup) taxRate() (*TaxRate, error) {
	if s.TaxName == "" && s.TaxPercent == "" {
		return nil, nil
	}
	v := validation{what: "Tax rate"}
	if s.TaxName == "" {
		v.add("name", "enter the tax's name too, e.g. VAT")
	}
	r := &TaxRate{Name: s.TaxName}
	if s.TaxPercent == "" {
		v.add("percent", "enter the percent too, e.g. 20")
	} else if p, err := money.ParsePercent(s.TaxPercent); err != nil {
		v.add("percent", "%s", err)
	} else {
		r.Percent = p
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	return r, r.Validate()
}

// TaxRate is the usual tax to create with the setup, or nil for none. Call
// it after Validate.
func (s Setup) TaxRate() *TaxRate {
	r, err := s.taxRate()
	if err != nil {
		return nil
	}
	return r
}

// Apply writes the setup into the company settings, keeping what it does not
// ask for (e-mail, bank details, rounding, the other number series).
func (s Setup) Apply(co *Company) {
	co.Name, co.Address, co.TaxID, co.Currency = s.Name, s.Address, s.TaxID, s.Currency
	ns := co.Numbering[KindInvoice]
	ns.Pattern = s.InvoicePattern
	if co.Numbering == nil {
		co.Numbering = map[DocKind]NumberSeries{}
		ns.YearlyReset = true
	}
	co.Numbering[KindInvoice] = ns
}

// IsSetUp reports whether the company has been set up: it has the name that
// goes on invoices.
func (c Company) IsSetUp() bool { return strings.TrimSpace(c.Name) != "" }
