package domain

import (
	"context"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"clientbook/domain/money"
)

// ClientStatus says where a client stands in the relationship.
type ClientStatus string

const (
	StatusProspect ClientStatus = "prospect"
	StatusActive   ClientStatus = "active"
	StatusInactive ClientStatus = "inactive"
)

// ClientStatuses lists the statuses in the order they are offered to people.
var ClientStatuses = []ClientStatus{StatusProspect, StatusActive, StatusInactive}

// Valid reports whether s is one of the known statuses.
func (s ClientStatus) Valid() bool {
	for _, k := range ClientStatuses {
		if s == k {
			return true
		}
	}
	return false
}

// Title is the status as a person reads it: "Prospect".
func (s ClientStatus) Title() string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// Limits on what a person can type, so a slip of the clipboard cannot bloat the book.
const (
	MaxNameLen     = 200
	MaxTextLen     = 10000
	MaxPaymentDays = 365
)

// Address is a postal address, used for billing.
type Address struct {
	Line1      string
	Line2      string
	City       string
	Region     string
	PostalCode string
	Country    string
}

// Invoiceable reports whether the address has what an invoice must print:
// street, city and country.
func (a Address) Invoiceable() bool {
	return strings.TrimSpace(a.Line1) != "" && strings.TrimSpace(a.City) != "" && strings.TrimSpace(a.Country) != ""
}

// IsEmpty reports whether no part of the address is filled in.
func (a Address) IsEmpty() bool { return a == Address{} }

// Client is an organisation the account manager looks after.
type Client struct {
	ID               int64
	Name             string
	Status           ClientStatus
	Industry         string
	TaxID            string
	Billing          Address
	PaymentTermsDays int
	Currency         string // ISO 4217 default for the client's documents
	CreditLimit      money.Money
	RequiresPO       bool
	// For e-invoices: the buyer's VAT identifier (BT-48), electronic address
	// and its EAS scheme (BT-49), the reference its invoices quote (BT-10)
	// and the format it receives them in.
	VATID          string
	EndpointID     string
	EndpointScheme string
	BuyerReference string
	EInvoice       EInvoiceFormat
	Tags           []string
	Notes          string
	Contacts       []Contact
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Contact is a person at a client.
type Contact struct {
	ID       int64
	ClientID int64
	Name     string
	Role     string
	Email    string
	Phone    string
	Primary  bool
}

// ContactNames are the names of the client's contacts, in order.
func (c *Client) ContactNames() []string {
	var names []string
	for _, k := range c.Contacts {
		names = append(names, k.Name)
	}
	return names
}

// PrimaryContact returns the contact flagged primary, else the first one.
func (c *Client) PrimaryContact() (Contact, bool) {
	for _, k := range c.Contacts {
		if k.Primary {
			return k, true
		}
	}
	if len(c.Contacts) > 0 {
		return c.Contacts[0], true
	}
	return Contact{}, false
}

// Normalize trims surrounding space from every text field, upper-cases the
// currency, drops empty and repeated tags and puts the credit limit in the
// client's currency. Validate calls it, so stored records are always tidy.
func (c *Client) Normalize() {
	c.Name = strings.TrimSpace(c.Name)
	c.Industry = strings.TrimSpace(c.Industry)
	c.TaxID = strings.TrimSpace(c.TaxID)
	c.Currency = strings.ToUpper(strings.TrimSpace(c.Currency))
	c.Notes = strings.TrimSpace(c.Notes)
	a := &c.Billing
	for _, p := range []*string{&a.Line1, &a.Line2, &a.City, &a.Region, &a.PostalCode, &a.Country} {
		*p = strings.TrimSpace(*p)
	}
	var tags []string
	seen := map[string]bool{}
	for _, t := range c.Tags {
		t = strings.TrimSpace(t)
		if k := strings.ToLower(t); t != "" && !seen[k] {
			seen[k] = true
			tags = append(tags, t)
		}
	}
	c.Tags = tags
	if c.CreditLimit.Currency == "" || c.CreditLimit.IsZero() {
		c.CreditLimit.Currency = c.Currency
	}
	for i := range c.Contacts {
		c.Contacts[i].normalize()
	}
}

// normalize trims surrounding space from the contact's fields.
func (k *Contact) normalize() {
	k.Name = strings.TrimSpace(k.Name)
	k.Role = strings.TrimSpace(k.Role)
	k.Email = strings.TrimSpace(k.Email)
	k.Phone = strings.TrimSpace(k.Phone)
}

// Validate normalizes the client and checks every field, returning one
// EINVALID *Error whose Fields name each problem, or nil.
func (c *Client) Validate() error {
	c.Normalize()
	v := validation{what: "Client"}
	switch n := utf8.RuneCountInString(c.Name); {
	case n == 0:
		v.add("name", "enter the client's name")
	case n > MaxNameLen:
		v.add("name", "the name is longer than %d characters", MaxNameLen)
	}
	if !c.Status.Valid() {
		v.add("status", "choose prospect, active or inactive")
	}
	if _, err := money.LookupCurrency(c.Currency); err != nil {
		v.add("currency", "%s", err)
	}
	if c.PaymentTermsDays < 0 || c.PaymentTermsDays > MaxPaymentDays {
		v.add("paymentTermsDays", "payment terms must be between 0 and %d days", MaxPaymentDays)
	}
	switch {
	case c.CreditLimit.IsNegative():
		v.add("creditLimit", "the credit limit cannot be negative")
	case c.CreditLimit.Currency != c.Currency:
		v.add("creditLimit", "the credit limit must be in the client's currency (%s)", c.Currency)
	default:
		if _, err := c.CreditLimit.Minor(); err != nil && v.fields["currency"] == "" {
			v.add("creditLimit", "%s", err)
		}
	}
	for name, s := range map[string]string{"industry": c.Industry, "taxId": c.TaxID, "billing.line1": c.Billing.Line1,
		"billing.line2": c.Billing.Line2, "billing.city": c.Billing.City, "billing.region": c.Billing.Region,
		"billing.postalCode": c.Billing.PostalCode, "billing.country": c.Billing.Country} {
		if utf8.RuneCountInString(s) > MaxNameLen {
			v.add(name, "this is longer than %d characters", MaxNameLen)
		}
	}
	if utf8.RuneCountInString(c.Notes) > MaxTextLen {
		v.add("notes", "the notes are longer than %d characters", MaxTextLen)
	}
	for _, t := range c.Tags {
		if utf8.RuneCountInString(t) > 50 || strings.ContainsAny(t, ",\n") {
			v.add("tags", "tags are short words or phrases separated by commas")
		}
	}
	for field, msg := range checkEInvoiceParty(&c.VATID, &c.EndpointID, &c.EndpointScheme) {
		v.add(field, "%s", msg)
	}
	c.BuyerReference = strings.TrimSpace(c.BuyerReference)
	if utf8.RuneCountInString(c.BuyerReference) > 100 {
		v.add("buyerReference", "this is longer than 100 characters")
	}
	if !c.EInvoice.Valid() {
		v.add("einvoice", "choose an e-invoice format: %s, or none", formatList())
	}
	primaries := 0
	for i, k := range c.Contacts {
		if k.Primary {
			primaries++
		}
		if err := k.validate(); err != nil {
			for f, m := range FieldErrors(err) {
				v.add(ContactField(i, f), "contact %d: %s", i+1, m)
			}
		}
	}
	if primaries > 1 {
		v.add("contacts", "only one contact can be the primary contact")
	}
	return v.err()
}

// ContactField names field of the i-th contact (counted from zero) in a client's
// FieldErrors: ContactField(1, "email") is "contacts.1.email".
func ContactField(i int, field string) string {
	return "contacts." + strconv.Itoa(i) + "." + field
}

// Validate tidies and checks one contact on its own, as Client.Validate
// checks each of a client's contacts; the rule of one primary contact per
// client needs the client and is Client.Validate's.
func (k *Contact) Validate() error {
	k.normalize()
	return k.validate()
}

func (k *Contact) validate() error {
	v := validation{what: "Contact"}
	switch n := utf8.RuneCountInString(k.Name); {
	case n == 0:
		v.add("name", "enter the contact's name")
	case n > MaxNameLen:
		v.add("name", "the name is longer than %d characters", MaxNameLen)
	}
	if k.Email != "" {
		if a, err := mail.ParseAddress(k.Email); err != nil || a.Address != k.Email || !strings.Contains(k.Email[strings.LastIndex(k.Email, "@")+1:], ".") {
			v.add("email", "%q is not an email address", k.Email)
		}
	}
	if utf8.RuneCountInString(k.Role) > MaxNameLen {
		v.add("role", "the role is longer than %d characters", MaxNameLen)
	}
	if k.Phone != "" && !validPhone(k.Phone) {
		v.add("phone", "%q is not a phone number", k.Phone)
	}
	return v.err()
}

// validPhone accepts digits with the separators people type: + ( ) - . / space, and "x" for extensions.
func validPhone(p string) bool {
	digits := 0
	for _, r := range p {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+()-./ x", r):
		default:
			return false
		}
	}
	return digits >= 3 && digits <= 20
}

// ClientSort names the orders the client list can be sorted in.
type ClientSort string

const (
	SortByName    ClientSort = "name"
	SortByCity    ClientSort = "city"
	SortByStatus  ClientSort = "status"
	SortByCreated ClientSort = "created"
	// SortByLastContact puts the clients contacted longest ago (and those
	// never contacted) first, so neglected accounts stand out.
	SortByLastContact ClientSort = "last-contact"
)

// ClientFilter selects and orders a page of clients.
type ClientFilter struct {
	// Search matches name, contact names and emails, industry and city,
	// ignoring case and accents ("zurich" finds "Zürich").
	Search string
	Status ClientStatus // "" for all
	Sort   ClientSort   // "" sorts by name
	Desc   bool
	Offset int
	Limit  int // 0 for no limit
	// After, when not 0, is the id of the last row of the page before: the
	// page starts right after that row in the order asked (paging by key,
	// which reads only the rows shown however deep the page), and Offset is
	// used only when that row is gone.
	After int64
	// CountAtMost, when above 0, caps CountClients: it stops counting at
	// CountAtMost+1 matches, so that a count of CountAtMost+1 means "more
	// than CountAtMost" and costs the same however many match.
	CountAtMost int
}

// ClientRow is one line of the client list: enough to show and sort, no more.
type ClientRow struct {
	ID           int64
	Name         string
	Status       ClientStatus
	Industry     string
	City         string
	Country      string
	ContactName  string
	ContactEmail string
	Currency     string
	// LastContacted is when the client was last called, emailed, met or
	// visited; zero for never.
	LastContacted time.Time
}

// ClientService stores clients and their contacts.
type ClientService interface {
	// FindClientByID returns the client with its contacts, or ENOTFOUND.
	FindClientByID(ctx context.Context, id int64) (*Client, error)
	// FindClients returns one page of the list, in the filter's order.
	FindClients(ctx context.Context, f ClientFilter) ([]ClientRow, error)
	// CountClients returns how many clients match the filter, ignoring Offset and Limit.
	CountClients(ctx context.Context, f ClientFilter) (int, error)
	// CreateClient validates and stores a new client with its contacts, setting their IDs.
	CreateClient(ctx context.Context, c *Client) error
	// CreateClients stores many new clients in one transaction: all or none.
	CreateClients(ctx context.Context, cs []*Client) error
	// UpdateClient validates and replaces the stored client and its contacts.
	UpdateClient(ctx context.Context, c *Client) error
	// DeleteClient removes a client that has no history. A client with
	// documents gets ECONFLICT and should be made inactive instead.
	DeleteClient(ctx context.Context, id int64) error
}
