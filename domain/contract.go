package domain

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

// BillingCycle is how often a contract is invoiced.
type BillingCycle string

const (
	Monthly    BillingCycle = "monthly"
	Quarterly  BillingCycle = "quarterly"
	HalfYearly BillingCycle = "half-yearly"
	Yearly     BillingCycle = "yearly"
)

// BillingCycles lists the cycles in the order they are offered to people.
var BillingCycles = []BillingCycle{Monthly, Quarterly, HalfYearly, Yearly}

// Months returns the length of one billing period in months, or 0 for an
// unknown cycle.
func (b BillingCycle) Months() int {
	switch b {
	case Monthly:
		return 1
	case Quarterly:
		return 3
	case HalfYearly:
		return 6
	case Yearly:
		return 12
	}
	return 0
}

// Title is the cycle as people read it: "Monthly", "Half-yearly".
func (b BillingCycle) Title() string {
	if b == "" {
		return ""
	}
	return strings.ToUpper(string(b[:1])) + string(b[1:])
}

// BillingTiming says whether a period is invoiced as it begins or once it is over.
type BillingTiming string

const (
	// InAdvance periods are invoiced on the first billing day on or after
	// the period's first day.
	InAdvance BillingTiming = "in-advance"
	// InArrears periods are invoiced on the first billing day on or after
	// the period's last day.
	InArrears BillingTiming = "in-arrears"
)

// Title is the timing as people read it: "In advance", "In arrears".
func (t BillingTiming) Title() string {
	switch t {
	case InAdvance:
		return "In advance"
	case InArrears:
		return "In arrears"
	}
	return string(t)
}

// ContractStatus says whether a contract is still billed.
type ContractStatus string

const (
	// ContractActive contracts are billed each period until their end date.
	ContractActive ContractStatus = "active"
	// ContractEnded contracts were deliberately ended or not renewed.
	ContractEnded ContractStatus = "ended"
	// ContractLapsed contracts passed their end date with no decision on
	// renewal; they wait for the account manager to renew or end them.
	ContractLapsed ContractStatus = "lapsed"
)

// ContractStatuses lists the statuses in the order they are offered to people.
var ContractStatuses = []ContractStatus{ContractActive, ContractEnded, ContractLapsed}

// Valid reports whether s is one of the known statuses.
func (s ContractStatus) Valid() bool {
	for _, k := range ContractStatuses {
		if s == k {
			return true
		}
	}
	return false
}

// Title is the status as people read it: "Active".
func (s ContractStatus) Title() string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// ContractLine is one line of every invoice a contract makes. Its description
// gets the period appended on the invoice: "Support" becomes "Support, March 2027".
type ContractLine struct {
	ItemID      int64 // the catalog item it came from; 0 for free text
	Description string
	Quantity    decimal.Decimal
	UnitPrice   decimal.Decimal // in the contract's currency, at most its minor unit
	Taxes       []TaxLine
}

// Contract is an agreement to bill a client the same lines every period,
// from Start until End.
type Contract struct {
	ID         int64
	ClientID   int64
	ClientName string // filled in when read, for display
	Title      string // "Managed hosting"; names the contract in invoice references
	// Value is what the contract is worth, as the account manager records it
	// for reports and renewal talks. Invoices are built from Lines, not Value.
	Value    money.Money
	Currency string // ISO 4217, the currency of Value, Lines and the invoices
	Start    Date
	End      Date // the last day covered; zero for an open-ended contract
	// NoticeDays is how many days before End a decision on renewal is due.
	NoticeDays int
	// AutoRenew contracts continue for another term unless notice is given.
	AutoRenew bool
	Cycle     BillingCycle
	Timing    BillingTiming
	// BillingDay is the day of the month invoices are made, 1 to 31; in a
	// month that is shorter it is the month's last day, so 31 means "the last
	// day of every month".
	BillingDay int
	// IssueAutomatically contracts have their invoices issued as they are
	// made; otherwise they wait as drafts for the account manager to check.
	IssueAutomatically bool
	Lines              []ContractLine
	Status             ContractStatus
	// BilledThrough is the End of the last period invoiced; zero before the
	// first invoice. Pending starts after it, so a missed run is caught up once.
	BilledThrough Date
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Limits on a contract's text. The title fits, with the longest period label,
// into an invoice's 100-character reference ("Contract <title>, <label>"),
// and a line's description leaves room for its label too.
const (
	MaxContractTitleLen = 60
	maxContractLineLen  = MaxTextLen - 100
	maxNoticeDays       = 730
)

// Validate tidies and checks a contract.
func (c *Contract) Validate() error {
	c.Title = strings.TrimSpace(c.Title)
	c.Currency = strings.ToUpper(strings.TrimSpace(c.Currency))
	if c.Status == "" {
		c.Status = ContractActive
	}
	c.Value.Currency = strings.ToUpper(strings.TrimSpace(c.Value.Currency))
	if c.Value.Currency == "" && c.Value.Amount.IsZero() {
		c.Value = money.Zero(c.Currency)
	}
	v := validation{what: "Contract"}
	switch n := utf8.RuneCountInString(c.Title); {
	case n == 0:
		v.add("title", "enter a title, e.g. Managed hosting")
	case n > MaxContractTitleLen:
		v.add("title", "the title is longer than %d characters", MaxContractTitleLen)
	}
	if c.ClientID == 0 {
		v.add("client", "choose a client")
	}
	cur, err := money.LookupCurrency(c.Currency)
	if err != nil {
		v.add("currency", "%s", err)
	} else if c.Value.Currency != cur.Code {
		v.add("value", "the value is in %s but the contract is in %s", c.Value.Currency, cur.Code)
	} else if c.Value.IsNegative() {
		v.add("value", "the value cannot be negative")
	} else if _, verr := money.New(c.Value.Amount, cur.Code); verr != nil {
		v.add("value", "%s", verr)
	}
	if c.Start.IsZero() {
		v.add("start", "enter the start date")
	}
	if !c.End.IsZero() && !c.Start.IsZero() && c.End.Before(c.Start) {
		v.add("end", "the end date is before the start date")
	}
	if c.NoticeDays < 0 || c.NoticeDays > maxNoticeDays {
		v.add("noticeDays", "the notice period is between 0 and %d days", maxNoticeDays)
	}
	if c.AutoRenew && c.End.IsZero() {
		v.add("autoRenew", "an open-ended contract has nothing to renew; set an end date or turn off renewal")
	}
	if c.Cycle.Months() == 0 {
		v.add("cycle", "choose how often to bill: monthly, quarterly, half-yearly or yearly")
	}
	if c.Timing != InAdvance && c.Timing != InArrears {
		v.add("timing", "choose whether to bill in advance or in arrears")
	}
	if c.BillingDay < 1 || c.BillingDay > 31 {
		v.add("billingDay", "the billing day is a day of the month, 1 to 31")
	}
	if !c.Status.Valid() {
		v.add("status", "unknown contract status %q", c.Status)
	}
	switch n := len(c.Lines); {
	case n == 0:
		v.add("lines", "add at least one line to bill")
	case n > MaxLines:
		v.add("lines", "a contract has at most %d lines", MaxLines)
	}
	for i := range c.Lines {
		l := &c.Lines[i]
		l.Description = strings.TrimSpace(l.Description)
		switch n := utf8.RuneCountInString(l.Description); {
		case n == 0:
			v.add(LineField(i, "description"), "line %d: enter a description", i+1)
		case n > maxContractLineLen:
			v.add(LineField(i, "description"), "line %d: the description is too long", i+1)
		}
		if l.Quantity.Abs().GreaterThan(maxQuantity) || !l.Quantity.Equal(l.Quantity.Truncate(6)) {
			v.add(LineField(i, "quantity"), "line %d: the quantity has at most 6 decimal places and 9 digits", i+1)
		}
		if err == nil {
			if _, perr := money.New(l.UnitPrice, cur.Code); perr != nil {
				v.add(LineField(i, "unitPrice"), "line %d: %s", i+1, perr)
			} else if v.fields[LineField(i, "quantity")] == "" {
				if rerr := money.CheckRange(l.Quantity.Mul(l.UnitPrice)); rerr != nil {
					v.add(LineField(i, "unitPrice"), "line %d: quantity × unit price: %s", i+1, rerr)
				}
			}
		}
		seen := map[string]bool{}
		for _, t := range l.Taxes {
			if seen[t.key()] {
				v.add(LineField(i, "taxes"), "line %d: %s is charged twice", i+1, t.Label())
			}
			seen[t.key()] = true
		}
	}
	if len(v.fields) == 0 {
		// The invoices it makes must stay within range too.
		in := TotalsInput{Exponent: cur.Exponent, Rounding: DefaultRounding}
		for _, l := range c.Lines {
			in.Lines = append(in.Lines, TotalsLine{Quantity: l.Quantity, UnitPrice: l.UnitPrice, Taxes: l.Taxes})
		}
		if _, terr := ComputeTotals(in); terr != nil {
			v.add("lines", "%s", terr)
		}
	}
	return v.err()
}

// Period is a span of days a contract bills for, both ends included.
type Period struct {
	Start, End Date
}

// Label names the period on an invoice. Whole calendar months read as
// "March 2027", "Q1 2027", "Jan–Jun 2027", "Nov 2027–Jan 2028" or, for a
// calendar year, "2027"; any other span gives its days: "31 Jan–28 Feb 2028".
func (p Period) Label() string {
	s, e := p.Start, p.End
	if s.IsZero() || e.IsZero() {
		return ""
	}
	if s.Day == 1 && e.Day == daysIn(e.Year, e.Month) {
		months := (e.Year-s.Year)*12 + int(e.Month-s.Month) + 1
		switch {
		case months == 1:
			return fmt.Sprintf("%s %d", s.Month, s.Year)
		case months == 3 && s.Month%3 == 1:
			return fmt.Sprintf("Q%d %d", (s.Month-1)/3+1, s.Year)
		case months == 12 && s.Month == time.January:
			return fmt.Sprint(s.Year)
		case s.Year == e.Year:
			return fmt.Sprintf("%s–%s %d", shortMonth(s.Month), shortMonth(e.Month), s.Year)
		}
		return fmt.Sprintf("%s %d–%s %d", shortMonth(s.Month), s.Year, shortMonth(e.Month), e.Year)
	}
	switch {
	case s == e:
		return fmt.Sprintf("%d %s %d", s.Day, shortMonth(s.Month), s.Year)
	case s.Year == e.Year && s.Month == e.Month:
		return fmt.Sprintf("%d–%d %s %d", s.Day, e.Day, shortMonth(s.Month), s.Year)
	case s.Year == e.Year:
		return fmt.Sprintf("%d %s–%d %s %d", s.Day, shortMonth(s.Month), e.Day, shortMonth(e.Month), s.Year)
	}
	return fmt.Sprintf("%d %s %d–%d %s %d", s.Day, shortMonth(s.Month), s.Year, e.Day, shortMonth(e.Month), e.Year)
}

func shortMonth(m time.Month) string { return m.String()[:3] }

// eachPeriod calls fn with the contract's periods in order until fn returns
// false. Period i starts i cycles after Start, counted from Start itself so
// that a contract starting on the 31st keeps returning to the 31st
// (Jan 31, Feb 29, Mar 31…), and ends the day before the next one starts.
// The last period is cut short at End; an open-ended contract never runs out.
// A period cut short is still invoiced once, with the contract's full lines —
// there is no pro-rating — and when a renewal moves End out, the period it
// cut short is not invoiced again.
func (c *Contract) eachPeriod(fn func(Period) bool) {
	months := c.Cycle.Months()
	if months == 0 || c.Start.IsZero() || c.BillingDay < 1 || c.BillingDay > 31 {
		return
	}
	for i := 0; ; i++ {
		p := Period{Start: c.Start.AddMonths(i * months), End: c.Start.AddMonths((i + 1) * months).AddDays(-1)}
		if !c.End.IsZero() {
			if p.Start.After(c.End) {
				return
			}
			if p.End.After(c.End) {
				p.End = c.End
			}
		}
		if !fn(p) {
			return
		}
	}
}

// BillingDate returns the day the period's invoice is due to be made: the
// first billing day on or after the period's first day when billing in
// advance, on or after its last day when billing in arrears. A billing day
// the month lacks is the month's last day, so with BillingDay 31 a period
// starting February 29 is due that same day.
func (c *Contract) BillingDate(p Period) Date {
	from := p.Start
	if c.Timing == InArrears {
		from = p.End
	}
	d := Date{from.Year, from.Month, min(c.BillingDay, daysIn(from.Year, from.Month))}
	if d.Before(from) {
		next := NewDate(from.Year, from.Month+1, 1)
		d = Date{next.Year, next.Month, min(c.BillingDay, daysIn(next.Year, next.Month))}
	}
	return d
}

// Periods lists every period whose billing date is on or before through,
// from the contract's first, whatever has been invoiced already. It looks
// only at dates: a contract ended early should have its End moved.
func (c *Contract) Periods(through Date) []Period {
	var out []Period
	c.eachPeriod(func(p Period) bool {
		if c.BillingDate(p).After(through) {
			return false
		}
		out = append(out, p)
		return true
	})
	return out
}

// Pending lists the periods due by through that are not yet invoiced: those
// starting after BilledThrough. However long the app was closed, each missed
// period is listed once, oldest first. Once a period's invoice is made, set
// BilledThrough to its End.
func (c *Contract) Pending(through Date) []Period {
	var out []Period
	c.eachPeriod(func(p Period) bool {
		if !c.BilledThrough.IsZero() && !p.Start.After(c.BilledThrough) {
			return true
		}
		if c.BillingDate(p).After(through) {
			return false
		}
		out = append(out, p)
		return true
	})
	return out
}

// DraftFor returns the draft invoice for one period: the contract's lines in
// its currency, each description followed by the period's label, and the
// reference "Contract <title>, <label>". issueDate is the day the invoice is
// made — today, even when catching up on a period that fell due earlier, so
// that numbers and issue dates stay in order. The caller issues it when the
// contract says IssueAutomatically.
func (c *Contract) DraftFor(p Period, client *Client, co Company, issueDate Date) *Document {
	d := NewDraft(KindInvoice, client, co, issueDate)
	d.ClientID, d.Currency = c.ClientID, c.Currency
	label := p.Label()
	d.Reference = "Contract " + c.Title + ", " + label
	d.Lines = make([]Line, len(c.Lines))
	for i, l := range c.Lines {
		d.Lines[i] = Line{
			ItemID:      l.ItemID,
			Description: l.Description + ", " + label,
			Quantity:    l.Quantity,
			UnitPrice:   l.UnitPrice,
			Taxes:       append([]TaxLine(nil), l.Taxes...),
		}
	}
	return d
}

// RenewalDue reports whether an active contract with an end date is inside
// its notice period on asOf: from NoticeDays before End up to End itself.
func RenewalDue(c *Contract, asOf Date) bool {
	if c.Status != ContractActive || c.End.IsZero() {
		return false
	}
	return !asOf.Before(c.End.AddDays(-c.NoticeDays)) && !asOf.After(c.End)
}

// Renewed returns a validated copy of the contract running on to newEnd at
// newValue, active again if it had lapsed. Start and BilledThrough stay, so
// the periods keep their rhythm across the renewal and billing carries on
// where it stood. An ended or open-ended contract cannot be renewed, and the
// new end must be later than the old.
func Renewed(c *Contract, newEnd Date, newValue money.Money) (*Contract, error) {
	switch {
	case c.Status == ContractEnded:
		return nil, Errorf(ECONFLICT, "Contract %q has ended; make a new contract instead of renewing it.", c.Title)
	case c.End.IsZero():
		return nil, Errorf(ECONFLICT, "Contract %q has no end date, so there is nothing to renew.", c.Title)
	case !newEnd.After(c.End):
		v := validation{what: "Contract"}
		v.add("end", "the new end date must be after %s", c.End)
		return nil, v.err()
	}
	n := *c
	n.End, n.Value, n.Status = newEnd, newValue, ContractActive
	n.Lines = make([]ContractLine, len(c.Lines))
	for i, l := range c.Lines {
		l.Taxes = append([]TaxLine(nil), l.Taxes...)
		n.Lines[i] = l
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	return &n, nil
}

// AutoRenewalMonths is how long a contract that renews by itself runs on
// each time it does.
const AutoRenewalMonths = 12

// AutoRenewal returns the contract renewed by itself on asOf: an active
// contract that says AutoRenew and whose end has passed without notice runs
// on, at the same value, a year at a time until it covers asOf — so a
// laptop that was offline through the end date catches up in one step.
// Anything else returns nil.
func AutoRenewal(c *Contract, asOf Date) (*Contract, error) {
	if !c.AutoRenew || c.Status != ContractActive || c.End.IsZero() || !c.End.Before(asOf) {
		return nil, nil
	}
	end := c.End
	for end.Before(asOf) {
		last := end.Day == daysIn(end.Year, end.Month)
		end = end.AddMonths(AutoRenewalMonths)
		if last { // a term ending with a month ends with that month a year on
			end.Day = daysIn(end.Year, end.Month)
		}
	}
	return Renewed(c, end, c.Value)
}

// ContractFilter selects contracts for a list, ordered by client and title.
type ContractFilter struct {
	ClientID int64          // 0 for every client
	Status   ContractStatus // "" for every status
}

// ContractInvoice records that a contract invoiced one period, and with which
// document. DocumentID is 0 when the draft was deleted: the period stays
// invoiced, so it is not billed again.
type ContractInvoice struct {
	ContractID int64
	Period     Period
	DocumentID int64
	CreatedAt  time.Time
}

// Generated is one invoice the billing run made.
type Generated struct {
	ContractID    int64
	ContractTitle string
	ClientName    string
	Period        Period
	DocumentID    int64
	Number        string    // "" when the invoice was left as a draft
	Status        DocStatus // draft or issued
	Total         money.Money
	// Findings are what the checks before issuing said of an invoice the
	// contract issues automatically: warnings, which the run accepts, or
	// errors, which leave the invoice as a draft for the account manager.
	Findings []Finding
}

// ContractService stores contracts and runs their recurring billing.
type ContractService interface {
	// FindContractByID returns the contract with its lines, or ENOTFOUND.
	FindContractByID(ctx context.Context, id int64) (*Contract, error)
	// FindContracts returns the contracts the filter selects, with their lines.
	FindContracts(ctx context.Context, f ContractFilter) ([]Contract, error)
	// CreateContract validates and stores a new contract, setting its ID.
	// BilledThrough starts empty whatever it says.
	CreateContract(ctx context.Context, c *Contract) error
	// UpdateContract validates and replaces a contract's terms and lines.
	// BilledThrough is the book's, not the caller's: it stays as stored.
	UpdateContract(ctx context.Context, c *Contract) error
	// Invoices lists the periods a contract has invoiced, oldest first.
	Invoices(ctx context.Context, contractID int64) ([]ContractInvoice, error)

	// GenerateDue makes the invoices of every active contract's Pending
	// periods as of asOf, dated asOf, and issues those of contracts that
	// say IssueAutomatically. Each contract's invoices, its record of the
	// periods and its BilledThrough are written in one transaction, so a
	// period is invoiced exactly once however often, and however late, the
	// run happens. A contract that fails does not stop the others; the
	// error names it and the invoices made are returned either way.
	GenerateDue(ctx context.Context, asOf Date) ([]Generated, error)
	// RenewalsDue lists contracts whose renewal needs a decision on asOf:
	// active ones inside their notice period (RenewalDue), and active or
	// lapsed ones already past their end. Soonest end first.
	RenewalsDue(ctx context.Context, asOf Date) ([]Contract, error)
	// Renew runs the contract on to newEnd at newValue (see Renewed).
	Renew(ctx context.Context, id int64, newEnd Date, newValue money.Money) (*Contract, error)
	// RenewDue renews every contract that renews by itself and has come to
	// its end before asOf (see AutoRenewal), each in its own audited
	// transaction, and returns them as renewed. Run it before GenerateDue so
	// their new periods are billed.
	RenewDue(ctx context.Context, asOf Date) ([]Contract, error)
}
