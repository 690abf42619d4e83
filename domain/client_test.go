package domain

import (
	"strings"
	"testing"

	"clientbook/domain/money"
)

func validClient() *Client {
	limit, _ := money.Parse("5,000", "EUR")
	return &Client{
		Name:             "  Nordlicht Logistik GmbH ",
		Status:           StatusActive,
		Currency:         "eur",
		PaymentTermsDays: 30,
		CreditLimit:      limit,
		Tags:             []string{"key account", " Key Account ", "", "EU"},
		Contacts: []Contact{
			{Name: "Jürgen Schäfer", Email: "juergen@nordlicht.example", Phone: "+49 89 1234-567", Primary: true},
			{Name: "Anna Nowak", Role: "Accounts Payable"},
		},
	}
}

func TestClientValidateNormalizes(t *testing.T) {
	c := validClient()
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if c.Name != "Nordlicht Logistik GmbH" || c.Currency != "EUR" {
		t.Errorf("not normalized: name %q currency %q", c.Name, c.Currency)
	}
	if strings.Join(c.Tags, "|") != "key account|EU" {
		t.Errorf("tags = %q, want duplicates and blanks dropped", c.Tags)
	}
	if p, ok := c.PrimaryContact(); !ok || p.Name != "Jürgen Schäfer" {
		t.Errorf("PrimaryContact = %+v, %v", p, ok)
	}
}

func TestClientValidateRejects(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(c *Client)
		field string
		msg   string
	}{
		{"empty name", func(c *Client) { c.Name = "   " }, "name", "enter the client's name"},
		{"long name", func(c *Client) { c.Name = strings.Repeat("é", MaxNameLen+1) }, "name", "longer than 200"},
		{"bad status", func(c *Client) { c.Status = "gone" }, "status", "prospect, active or inactive"},
		{"unknown currency", func(c *Client) { c.Currency = "XYZ"; c.CreditLimit = money.Zero("XYZ") }, "currency", "not an ISO 4217"},
		{"no currency", func(c *Client) { c.Currency = ""; c.CreditLimit = money.Money{} }, "currency", "choose a currency"},
		{"negative credit limit", func(c *Client) { c.CreditLimit, _ = money.Parse("-1", "EUR") }, "creditLimit", "cannot be negative"},
		{"credit limit in other currency", func(c *Client) { c.CreditLimit, _ = money.Parse("10", "USD") }, "creditLimit", "client's currency"},
		{"negative terms", func(c *Client) { c.PaymentTermsDays = -1 }, "paymentTermsDays", "between 0 and 365"},
		{"terms too long", func(c *Client) { c.PaymentTermsDays = 400 }, "paymentTermsDays", "between 0 and 365"},
		{"malformed email", func(c *Client) { c.Contacts[0].Email = "juergen@" }, ContactField(0, "email"), "not an email address"},
		{"email without domain dot", func(c *Client) { c.Contacts[1].Email = "anna@localhost" }, ContactField(1, "email"), "not an email address"},
		{"email with display name", func(c *Client) { c.Contacts[1].Email = "Anna <anna@x.example>" }, ContactField(1, "email"), "not an email address"},
		{"contact without name", func(c *Client) { c.Contacts[1].Name = " " }, ContactField(1, "name"), "contact 2: enter the contact's name"},
		{"bad phone", func(c *Client) { c.Contacts[0].Phone = "call me" }, ContactField(0, "phone"), "not a phone number"},
		{"two primaries", func(c *Client) { c.Contacts[1].Primary = true }, "contacts", "only one contact"},
		{"tag with newline", func(c *Client) { c.Tags = []string{"a\nb"} }, "tags", "separated by commas"},
		{"notes too long", func(c *Client) { c.Notes = strings.Repeat("x", MaxTextLen+1) }, "notes", "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validClient()
			tt.edit(c)
			err := c.Validate()
			if ErrorCode(err) != EINVALID {
				t.Fatalf("Validate() = %v, want EINVALID", err)
			}
			got := FieldErrors(err)[tt.field]
			if !strings.Contains(got, tt.msg) {
				t.Fatalf("field %q message = %q, want it to contain %q (all: %v)", tt.field, got, tt.msg, FieldErrors(err))
			}
			if !strings.Contains(ErrorMessage(err), tt.msg) {
				t.Errorf("ErrorMessage = %q, want it to name the problem", ErrorMessage(err))
			}
		})
	}
}

func TestErrorHelpers(t *testing.T) {
	if ErrorCode(nil) != "" || ErrorMessage(nil) != "" {
		t.Error("nil error has a code or message")
	}
	e := Errorf(ENOTFOUND, "Client %d was not found.", 7)
	if ErrorCode(e) != ENOTFOUND || ErrorMessage(e) != "Client 7 was not found." {
		t.Errorf("Errorf: %q %q", ErrorCode(e), ErrorMessage(e))
	}
	wrapped := Internal("save the client", errTest("disk full"))
	if ErrorCode(wrapped) != EINTERNAL || !strings.Contains(wrapped.Error(), "disk full") {
		t.Errorf("Internal: %v", wrapped)
	}
	if ErrorCode(errTest("x")) != EINTERNAL {
		t.Error("plain error is not EINTERNAL")
	}
}

type errTest string

func (e errTest) Error() string { return string(e) }
