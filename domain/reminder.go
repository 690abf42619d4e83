package domain

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

// LateFeeKind says how a reminder level charges for paying late.
type LateFeeKind string

const (
	FeeNone LateFeeKind = "none"
	// FeeFixed charges a fixed amount, on invoices in the fee's currency.
	FeeFixed LateFeeKind = "fixed"
	// FeePercent charges a percentage of what is open on the invoice.
	FeePercent LateFeeKind = "percent"
)

// LateFee is what a reminder level charges on top of the invoice it chases.
// A fee is never added to that invoice, which is issued and stays as it is:
// it is billed on an invoice of its own.
type LateFee struct {
	Kind    LateFeeKind
	Amount  money.Money     // FeeFixed: the fee
	Percent decimal.Decimal // FeePercent: the percentage of the open amount
}

// maxFeePercent bounds a percentage fee; anything near it is a typing slip.
var maxFeePercent = decimal.NewFromInt(25)

// String is the fee as people write it: "none", "40.00 EUR", "1.5%".
func (f LateFee) String() string {
	switch f.Kind {
	case FeeFixed:
		return f.Amount.String()
	case FeePercent:
		return f.Percent.String() + "%"
	}
	return "none"
}

// ParseLateFee reads a fee as String writes it: "none" (or nothing), a
// percentage "1.5%", or an amount and its currency "40 EUR".
func ParseLateFee(s string) (LateFee, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "none") {
		return LateFee{Kind: FeeNone}, nil
	}
	if p, ok := strings.CutSuffix(s, "%"); ok {
		d, err := money.ParsePercent(p)
		if err != nil {
			return LateFee{}, fmt.Errorf("%q is not a percentage; write it as 1.5%%", s)
		}
		return LateFee{Kind: FeePercent, Percent: d}, nil
	}
	parts := strings.Fields(s)
	if len(parts) != 2 {
		return LateFee{}, fmt.Errorf("%q is not a fee; write none, a percentage (1.5%%) or an amount and currency (40 EUR)", s)
	}
	amount, cur := parts[0], parts[1]
	if _, err := money.LookupCurrency(amount); err == nil {
		amount, cur = cur, amount
	}
	m, err := money.Parse(amount, cur)
	if err != nil {
		return LateFee{}, err
	}
	return LateFee{Kind: FeeFixed, Amount: m}, nil
}

// validate adds the fee's problems under field.
func (f *LateFee) validate(v *validation, field string) {
	switch f.Kind {
	case "", FeeNone:
		f.Kind = FeeNone
		if !f.Amount.IsZero() || !f.Percent.IsZero() {
			v.add(field, "a level without a fee has no fee amount or percentage")
		}
	case FeeFixed:
		if !f.Percent.IsZero() {
			v.add(field, "give the fee as an amount or a percentage, not both")
		} else if !f.Amount.Amount.IsPositive() {
			v.add(field, "a fixed fee is more than zero")
		} else if m, err := money.New(f.Amount.Amount, f.Amount.Currency); err != nil {
			v.add(field, "%s", err)
		} else {
			f.Amount = m
		}
	case FeePercent:
		if !f.Amount.IsZero() {
			v.add(field, "give the fee as an amount or a percentage, not both")
		} else if !f.Percent.IsPositive() || f.Percent.GreaterThan(maxFeePercent) {
			v.add(field, "a percentage fee is more than 0%% and at most %s%%", maxFeePercent)
		} else if !f.Percent.Equal(f.Percent.Truncate(4)) {
			v.add(field, "a percentage has at most 4 decimal places")
		}
	default:
		v.add(field, "choose no fee, a fixed amount or a percentage")
	}
}

// On returns the fee charged on an invoice with open owing: the fixed
// amount, if the invoice is in its currency, or the percentage of open
// rounded half up to the currency's minor unit. The reason says why no fee
// is charged when the level has one and ok is false.
func (f LateFee) On(open money.Money) (fee money.Money, ok bool, reason string) {
	switch f.Kind {
	case FeeFixed:
		if f.Amount.Currency != open.Currency {
			return money.Money{}, false, fmt.Sprintf("no late fee: the level's fee is in %s and the invoice in %s", f.Amount.Currency, open.Currency)
		}
		return f.Amount, true, ""
	case FeePercent:
		c, err := money.LookupCurrency(open.Currency)
		if err != nil {
			return money.Money{}, false, err.Error()
		}
		amt := open.Amount.Mul(f.Percent).Div(decimal.NewFromInt(100)).Round(c.Exponent)
		if !amt.IsPositive() {
			return money.Money{}, false, "no late fee: it comes to less than the smallest amount of " + c.Code
		}
		return money.Money{Amount: amt, Currency: c.Code}, true, ""
	}
	return money.Money{}, false, ""
}

// ReminderLevel is one step of the reminders a book sends: how many days
// after an invoice's due date it comes (negative for before), the email's
// subject and body as templates, and any late fee it charges.
type ReminderLevel struct {
	ID         int64
	Name       string // "Second reminder"
	DaysOffset int
	Subject    string
	Body       string
	Fee        LateFee
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Bounds of a reminder level's offset, in days from the due date.
const (
	MinReminderOffset = -90
	MaxReminderOffset = 730
)

// ReminderPlaceholders are what a reminder's subject and body may contain,
// each in braces: {client}. {late_fee} is a sentence about the fee charged,
// or nothing when none was.
var ReminderPlaceholders = []string{"client", "contact", "invoice", "amount_due", "due_date", "days_overdue", "company", "late_fee"}

var templateField = regexp.MustCompile(`\{([^{}]*)\}`)

// checkTemplate adds a problem under field for each placeholder not among
// known.
func checkTemplate(v *validation, field, tmpl string, known []string) {
	for _, m := range templateField.FindAllStringSubmatch(tmpl, -1) {
		if !slices.Contains(known, m[1]) {
			v.add(field, "{%s} is not a placeholder; use {%s}", m[1], strings.Join(known, "}, {"))
		}
	}
}

// fillTemplate replaces the placeholders of tmpl with their values, leaving
// unknown ones as they are. Runs of blank lines left by a placeholder that
// came to nothing are closed up.
func fillTemplate(tmpl string, values map[string]string) string {
	out := templateField.ReplaceAllStringFunc(tmpl, func(m string) string {
		if v, ok := values[m[1:len(m)-1]]; ok {
			return v
		}
		return m
	})
	for strings.Contains(out, "\n\n\n") {
		out = strings.ReplaceAll(out, "\n\n\n", "\n\n")
	}
	return strings.TrimSpace(out)
}

// Validate tidies and checks a reminder level. A level that charges a fee
// tells the client so: its body has the {late_fee} placeholder.
func (l *ReminderLevel) Validate() error {
	l.Name = strings.TrimSpace(l.Name)
	l.Subject = strings.TrimSpace(l.Subject)
	l.Body = strings.TrimSpace(strings.ReplaceAll(l.Body, "\r\n", "\n"))
	v := validation{what: "Reminder level"}
	switch n := utf8.RuneCountInString(l.Name); {
	case n == 0:
		v.add("name", "name the level, e.g. Second reminder")
	case n > 100:
		v.add("name", "the name is longer than 100 characters")
	}
	if l.DaysOffset < MinReminderOffset || l.DaysOffset > MaxReminderOffset {
		v.add("daysOffset", "the level comes between %d days before the due date and %d days after it", -MinReminderOffset, MaxReminderOffset)
	}
	switch n := utf8.RuneCountInString(l.Subject); {
	case n == 0:
		v.add("subject", "enter the email's subject, e.g. Invoice {invoice} is overdue")
	case n > MaxNameLen:
		v.add("subject", "the subject is longer than %d characters", MaxNameLen)
	case strings.ContainsAny(l.Subject, "\r\n"):
		v.add("subject", "the subject is one line")
	}
	checkTemplate(&v, "subject", l.Subject, ReminderPlaceholders)
	switch n := utf8.RuneCountInString(l.Body); {
	case n == 0:
		v.add("body", "write the email's text")
	case n > MaxTextLen:
		v.add("body", "the text is longer than %d characters", MaxTextLen)
	}
	checkTemplate(&v, "body", l.Body, ReminderPlaceholders)
	l.Fee.validate(&v, "fee")
	if l.Fee.Kind != FeeNone && !strings.Contains(l.Body, "{late_fee}") {
		v.add("body", "a level that charges a fee tells the client: put {late_fee} in the text")
	}
	return v.err()
}

// ReminderFacts are what a reminder's placeholders are filled with.
type ReminderFacts struct {
	Client  string // the client's name
	Contact string // the name of the contact it is sent to
	Invoice string // the invoice's number
	Company string // the book's own company
	// AmountDue is what is open on the invoice.
	AmountDue money.Money
	DueDate   Date
	// DaysOverdue is the days from the due date to the run's day; negative
	// before the due date, shown as 0.
	DaysOverdue int
	// LateFee is the fee charged with this reminder and FeeInvoice the
	// invoice it is billed on; the zero Money for none.
	LateFee    money.Money
	FeeInvoice string
}

// LateFeeSentence is what {late_fee} becomes: a sentence about the fee
// charged, or "" when there is none.
func (f ReminderFacts) LateFeeSentence() string {
	if f.LateFee.Currency == "" || f.LateFee.IsZero() {
		return ""
	}
	return fmt.Sprintf("A late fee of %s has been charged on invoice %s, attached.", f.LateFee, f.FeeInvoice)
}

// Fill replaces the placeholders of a reminder template with the facts.
// Unknown placeholders are left as they are (Validate refuses them). Runs of
// blank lines left by a placeholder that came to nothing are closed up.
func (f ReminderFacts) Fill(tmpl string) string {
	values := map[string]string{
		"client": f.Client, "contact": f.Contact, "invoice": f.Invoice, "company": f.Company,
		"amount_due": f.AmountDue.String(), "due_date": f.DueDate.String(),
		"days_overdue": fmt.Sprint(max(f.DaysOverdue, 0)), "late_fee": f.LateFeeSentence(),
	}
	return fillTemplate(tmpl, values)
}

// Compose fills the level's subject and body with the facts. The subject
// stays on one line whatever the facts hold.
func (l *ReminderLevel) Compose(f ReminderFacts) (subject, body string) {
	subject = strings.Join(strings.Fields(f.Fill(l.Subject)), " ")
	return subject, f.Fill(l.Body)
}

// ChooseReminderLevel picks the reminder an invoice daysPastDue days past its
// due date (negative before it) is due for: the level with the highest
// offset reached. Reminders never go back: if that level, or one with a
// higher offset, was sent already (sent holds level IDs), nothing is due. So
// an invoice nobody reminded for 40 days gets the 30-day level only, and
// the levels it skipped are never sent afterwards.
func ChooseReminderLevel(levels []ReminderLevel, daysPastDue int, sent []int64) (ReminderLevel, bool) {
	sorted := append([]ReminderLevel(nil), levels...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].DaysOffset < sorted[j].DaysOffset })
	var chosen *ReminderLevel
	for i := range sorted {
		if sorted[i].DaysOffset <= daysPastDue {
			chosen = &sorted[i]
		}
	}
	if chosen == nil {
		return ReminderLevel{}, false
	}
	for _, l := range sorted {
		for _, id := range sent {
			if l.ID == id && l.DaysOffset >= chosen.DaysOffset {
				return ReminderLevel{}, false
			}
		}
	}
	return *chosen, true
}

// ReminderRecipient is the contact a client's reminders go to: the primary
// contact if it has an email address, else the first contact that has one.
func ReminderRecipient(c *Client) (Contact, bool) {
	if k, ok := c.PrimaryContact(); ok && k.Email != "" {
		return k, true
	}
	for _, k := range c.Contacts {
		if k.Email != "" {
			return k, true
		}
	}
	return Contact{}, false
}

// LateFeeInvoice is the draft invoice billing the late fee a reminder level
// charges on invoice inv: one untaxed line for the fee, in inv's currency,
// with inv's PO number and a reference to it, dated issueDate and due after
// the client's payment terms. The original invoice is not touched.
func LateFeeInvoice(inv *Document, c *Client, co Company, level *ReminderLevel, fee money.Money, issueDate Date) *Document {
	d := NewDraft(KindInvoice, c, co, issueDate)
	d.Currency = inv.Currency
	d.PONumber = inv.PONumber
	d.Reference = "Late fee, invoice " + inv.Number
	d.Lines = []Line{{
		Description: fmt.Sprintf("Late fee on invoice %s (%s)", inv.Number, strings.ToLower(level.Name)),
		Quantity:    decimal.NewFromInt(1),
		UnitPrice:   fee.Amount,
	}}
	return d
}

// Reminder is one reminder a run queued.
type Reminder struct {
	Message     OutboxMessage
	AmountDue   money.Money
	DaysOverdue int
	// Fee is the late fee charged, billed on Message.FeeNumber; the zero
	// Money for none. FeeNote says why a level's fee was not charged.
	Fee     money.Money
	FeeNote string
}

// ReminderSkip is an invoice due a reminder that got none, and why.
type ReminderSkip struct {
	DocumentID int64
	Number     string
	ClientName string
	LevelName  string
	Reason     string
}

// ReminderRun is what one run of the reminders did.
type ReminderRun struct {
	AsOf    Date
	Made    []Reminder
	Skipped []ReminderSkip
}

// ReminderService keeps the book's reminder levels and sends reminders for
// invoices not paid on time.
type ReminderService interface {
	// ReminderLevels returns the levels by offset, earliest first.
	ReminderLevels(ctx context.Context) ([]ReminderLevel, error)
	// SaveReminderLevel validates and stores a level: a new one when its ID
	// is 0, else a change to a stored one. Two levels cannot share an offset.
	SaveReminderLevel(ctx context.Context, l *ReminderLevel) error
	// DeleteReminderLevel removes a level no reminder was made with yet.
	DeleteReminderLevel(ctx context.Context, id int64) error

	// RunReminders queues the reminders due as of asOf. Every issued
	// invoice with money open on that day, not disputed, gets the level
	// ChooseReminderLevel picks, at most once per invoice and level however
	// often it runs: one outbox message to the client's ReminderRecipient
	// and, if the level charges a fee, a separate issued invoice for the fee
	// (late-fee invoices themselves are reminded but charge no fee). Each
	// invoice is done in its own transaction; what was made is returned
	// even when some invoice failed, with an error naming those. With only,
	// just those invoices are reminded (the ones ticked in a preview).
	RunReminders(ctx context.Context, asOf Date, only ...int64) (ReminderRun, error)
	// PlanReminders says what RunReminders would queue as of asOf — each
	// reminder's recipient, amount, days overdue and late fee (its Message
	// not stored, ID 0) and what would be skipped — writing nothing.
	PlanReminders(ctx context.Context, asOf Date) (ReminderRun, error)
}
