package main

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
)

// pageSize is how many clients are read at a time when listing, so a large
// book is streamed rather than loaded whole.
const pageSize = 500

func runClientsList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "clients list")
	var f domain.ClientFilter
	var status, sort string
	asCSV := fs.Bool("csv", false, "write CSV (UTF-8 with BOM) instead of a table")
	fs.StringVar(&f.Search, "search", "", "only clients matching `TEXT` (name, contact, email, city)")
	fs.StringVar(&status, "status", "", "only clients with `STATUS` prospect, active or inactive")
	fs.StringVar(&sort, "sort", "name", "order by name, city, status or created")
	fs.BoolVar(&f.Desc, "desc", false, "reverse the order")
	if err := parse(fs, args); err != nil {
		return err
	}
	f.Status = domain.ClientStatus(status)
	if status != "" && !f.Status.Valid() {
		return usageErrorf("--status %q: use prospect, active or inactive", status)
	}
	switch f.Sort = domain.ClientSort(sort); f.Sort {
	case domain.SortByName, domain.SortByCity, domain.SortByStatus, domain.SortByCreated:
	default:
		return usageErrorf("--sort %q: use name, city, status or created", sort)
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()

	var write func(r domain.ClientRow) error
	var flush func() error
	if *asCSV {
		w := data.NewCSVWriter(e.stdout)
		if err := w.WriteHeader("id", "name", "status", "industry", "city", "country", "contact", "email", "currency"); err != nil {
			return err
		}
		write = func(r domain.ClientRow) error {
			return w.WriteRow(data.Raw(strconv.FormatInt(r.ID, 10)), data.Text(r.Name), data.Raw(string(r.Status)),
				data.Text(r.Industry), data.Text(r.City), data.Text(r.Country), data.Text(r.ContactName),
				data.Text(r.ContactEmail), data.Raw(r.Currency))
		}
		flush = w.Flush
	} else {
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tSTATUS\tCITY\tCOUNTRY\tCONTACT\tEMAIL\tCURRENCY")
		write = func(r domain.ClientRow) error {
			_, err := fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
				r.ID, r.Name, r.Status, r.City, r.Country, r.ContactName, r.ContactEmail, r.Currency)
			return err
		}
		flush = tw.Flush
	}
	for f.Offset = 0; ; f.Offset += pageSize {
		f.Limit = pageSize
		rows, err := book.Clients().FindClients(ctx, f)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := write(r); err != nil {
				return err
			}
		}
		if len(rows) < pageSize {
			break
		}
	}
	return flush()
}

func runClientsAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "clients add")
	c := &domain.Client{}
	var status, limit string
	var contact domain.Contact
	fs.StringVar(&c.Name, "name", "", "the client's `NAME` (required)")
	fs.StringVar(&status, "status", string(domain.StatusActive), "prospect, active or inactive")
	fs.StringVar(&c.Currency, "currency", "USD", "default ISO 4217 `CODE` for the client's documents")
	fs.IntVar(&c.PaymentTermsDays, "terms", 30, "payment terms in `DAYS`")
	fs.StringVar(&limit, "credit-limit", "0", "credit limit `AMOUNT` in the client's currency")
	fs.StringVar(&c.Industry, "industry", "", "industry")
	fs.StringVar(&c.TaxID, "tax-id", "", "tax or VAT id")
	fs.StringVar(&c.Billing.Line1, "street", "", "billing address line 1")
	fs.StringVar(&c.Billing.City, "city", "", "billing city")
	fs.StringVar(&c.Billing.PostalCode, "postal-code", "", "billing postal code")
	fs.StringVar(&c.Billing.Country, "country", "", "billing country")
	fs.BoolVar(&c.RequiresPO, "requires-po", false, "invoices need a purchase-order number")
	fs.StringVar(&contact.Name, "contact", "", "primary contact's `NAME`")
	fs.StringVar(&contact.Email, "email", "", "primary contact's email")
	fs.StringVar(&contact.Phone, "phone", "", "primary contact's phone")
	fs.StringVar(&contact.Role, "role", "", "primary contact's role")
	if err := parse(fs, args); err != nil {
		return err
	}
	c.Status = domain.ClientStatus(status)
	// An unknown currency is reported by Validate; the limit can only be
	// read in a known one.
	c.CreditLimit = money.Zero(c.Currency)
	if _, err := money.LookupCurrency(c.Currency); err == nil {
		credit, err := money.Parse(limit, c.Currency)
		if err != nil {
			return domain.Errorf(domain.EINVALID, "--credit-limit: %v.", err)
		}
		c.CreditLimit = credit
	}
	if contact != (domain.Contact{}) {
		contact.Primary = true
		c.Contacts = []domain.Contact{contact}
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if err := book.Clients().CreateClient(ctx, c); err != nil {
		return atFlags(err, clientFlags)
	}
	fmt.Fprintf(e.stdout, "Added client %d: %s\n", c.ID, c.Name)
	return nil
}

// clientFlags names the flag of clients add that sets each validated field.
var clientFlags = map[string]string{
	"name": "--name", "status": "--status", "currency": "--currency", "paymentTermsDays": "--terms",
	"creditLimit": "--credit-limit", "industry": "--industry", "taxId": "--tax-id",
	"billing.line1": "--street", "billing.city": "--city", "billing.postalCode": "--postal-code",
	"billing.country": "--country", "contacts.0.name": "--contact", "contacts.0.email": "--email",
	"contacts.0.phone": "--phone", "contacts.0.role": "--role",
}

// atFlags rewrites a validation error so each problem is reported at the flag
// that caused it ("--email: enter an address like name@example.com."), in a
// stable order; other errors pass through.
func atFlags(err error, flags map[string]string) error {
	fields := domain.FieldErrors(err)
	if len(fields) == 0 {
		return err
	}
	lines := make([]string, 0, len(fields))
	for f, msg := range fields {
		name := flags[f]
		if name == "" {
			name = f
		}
		msg = strings.TrimPrefix(msg, "contact 1: ")
		lines = append(lines, fmt.Sprintf("%s: %s.", name, strings.TrimSuffix(msg, ".")))
	}
	sort.Strings(lines)
	return &domain.Error{Code: domain.EINVALID, Message: strings.Join(lines, "\n"), Err: err}
}
