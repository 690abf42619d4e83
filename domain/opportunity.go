package domain

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

// OpportunityKind says where an opportunity's business comes from.
type OpportunityKind string

const (
	// Upsell sells an existing client more of what they already buy.
	Upsell OpportunityKind = "upsell"
	// CrossSell sells an existing client something else.
	CrossSell OpportunityKind = "cross-sell"
	// Renewal keeps a contract or subscription going.
	Renewal OpportunityKind = "renewal"
	// NewBusiness is a first sale.
	NewBusiness OpportunityKind = "new-business"
)

// OpportunityKinds lists the kinds in the order they are offered to people.
var OpportunityKinds = []OpportunityKind{Upsell, CrossSell, Renewal, NewBusiness}

// Valid reports whether k is one of the known kinds.
func (k OpportunityKind) Valid() bool {
	for _, x := range OpportunityKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Title is the kind as people read it: "Cross-sell", "New business".
func (k OpportunityKind) Title() string {
	switch k {
	case Upsell:
		return "Upsell"
	case CrossSell:
		return "Cross-sell"
	case Renewal:
		return "Renewal"
	case NewBusiness:
		return "New business"
	}
	return string(k)
}

// OpportunityStatus says whether an opportunity is still being pursued.
type OpportunityStatus string

const (
	OpportunityOpen OpportunityStatus = "open"
	OpportunityWon  OpportunityStatus = "won"
	OpportunityLost OpportunityStatus = "lost"
)

// OpportunityStatuses lists the statuses in the order they are offered to people.
var OpportunityStatuses = []OpportunityStatus{OpportunityOpen, OpportunityWon, OpportunityLost}

// Valid reports whether s is one of the known statuses.
func (s OpportunityStatus) Valid() bool {
	for _, x := range OpportunityStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Title is the status as people read it: "Won".
func (s OpportunityStatus) Title() string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// Opportunity is business that may come from a client: what it is worth, how
// likely it is and when it should close.
type Opportunity struct {
	ID         int64
	ClientID   int64
	ClientName string // filled in when read, for display
	Title      string // "Second warehouse, Hamburg"
	Kind       OpportunityKind
	Value      money.Money // what it is worth if won; its currency is the opportunity's
	// Probability is how likely it is to be won, in percent, 0 to 100.
	Probability   int
	ExpectedClose Date
	Stage         string // the account manager's own words: "Proposal sent"
	Status        OpportunityStatus
	LostReason    string // why it was lost; only for lost opportunities
	// QuoteID is the quote for it, made when it was won or linked by hand;
	// 0 for none.
	QuoteID     int64
	QuoteNumber string // filled in when read: the quote's number, "" for a draft
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Limits on an opportunity's short text.
const (
	maxStageLen      = 100
	maxLostReasonLen = 2000
)

// Weighted is the opportunity's value times its probability: what it is
// worth to the pipeline. It is exact, so it may have more decimal places
// than the currency's minor unit (33% of 10.01 is 3.3033).
func (o *Opportunity) Weighted() decimal.Decimal {
	return o.Value.Amount.Mul(decimal.NewFromInt(int64(o.Probability))).Shift(-2)
}

// Validate tidies and checks an opportunity. An empty status is open.
func (o *Opportunity) Validate() error {
	o.Title = strings.TrimSpace(o.Title)
	o.Stage = strings.TrimSpace(o.Stage)
	o.LostReason = strings.TrimSpace(o.LostReason)
	o.Value.Currency = strings.ToUpper(strings.TrimSpace(o.Value.Currency))
	if o.Status == "" {
		o.Status = OpportunityOpen
	}
	v := validation{what: "Opportunity"}
	if o.ClientID == 0 {
		v.add("client", "choose a client")
	}
	switch n := utf8.RuneCountInString(o.Title); {
	case n == 0:
		v.add("title", "enter a title, e.g. Second warehouse, Hamburg")
	case n > MaxNameLen:
		v.add("title", "the title is longer than %d characters", MaxNameLen)
	}
	if !o.Kind.Valid() {
		v.add("kind", "choose upsell, cross-sell, renewal or new business")
	}
	if cur, err := money.LookupCurrency(o.Value.Currency); err != nil {
		v.add("currency", "%s", err)
	} else if o.Value.IsNegative() {
		v.add("value", "the value cannot be negative")
	} else if _, err := money.New(o.Value.Amount, cur.Code); err != nil {
		v.add("value", "%s", err)
	}
	if o.Probability < 0 || o.Probability > 100 {
		v.add("probability", "the probability is a percent from 0 to 100")
	}
	if o.ExpectedClose.IsZero() {
		v.add("expectedClose", "enter the day it should close")
	}
	if utf8.RuneCountInString(o.Stage) > maxStageLen {
		v.add("stage", "the stage is longer than %d characters", maxStageLen)
	}
	if !o.Status.Valid() {
		v.add("status", "choose open, won or lost")
	}
	switch {
	case o.Status == OpportunityLost && o.LostReason == "":
		v.add("lostReason", "say why it was lost, e.g. Went with a cheaper supplier")
	case o.Status != OpportunityLost && o.LostReason != "":
		v.add("lostReason", "only a lost opportunity has a reason it was lost")
	case utf8.RuneCountInString(o.LostReason) > maxLostReasonLen:
		v.add("lostReason", "the reason is longer than %d characters", maxLostReasonLen)
	}
	return v.err()
}

// settled refuses a change to an opportunity that is no longer open (an
// empty status is open, as Validate has it).
func (o *Opportunity) settled() error {
	if o.Status == OpportunityOpen || o.Status == "" {
		return nil
	}
	return Errorf(ECONFLICT, "Opportunity %q was already %s.", o.Title, o.Status)
}

// Win marks an open opportunity won: certain, so its probability is 100.
func (o *Opportunity) Win() error {
	if err := o.settled(); err != nil {
		return err
	}
	o.Status, o.Probability = OpportunityWon, 100
	return o.Validate()
}

// Lose marks an open opportunity lost for the reason given, which is
// required: its probability becomes 0.
func (o *Opportunity) Lose(reason string) error {
	if err := o.settled(); err != nil {
		return err
	}
	o.Status, o.Probability, o.LostReason = OpportunityLost, 0, reason
	return o.Validate()
}

// QuoteFor returns a draft quote for a won opportunity: for the client, in
// the opportunity's currency, dated today, with one untaxed line, the
// opportunity's title at its value. Taxes and detail are added in the quote.
func QuoteFor(o *Opportunity, c *Client, co Company, today Date) *Document {
	q := NewDraft(KindQuote, c, co, today)
	q.Currency = o.Value.Currency
	q.Lines = []Line{{Description: o.Title, Quantity: decimal.NewFromInt(1), UnitPrice: o.Value.Amount}}
	return q
}

// OpportunityFilter selects opportunities, the soonest expected to close first.
type OpportunityFilter struct {
	ClientID      int64             // 0 for every client
	Status        OpportunityStatus // "" for every status
	Currency      string            // "" for every currency
	Offset, Limit int               // Limit 0 for no limit
}

// Pipeline is what the open opportunities of one currency are worth.
type Pipeline struct {
	Currency string
	Open     int             // open opportunities counted
	Value    money.Money     // their values added up
	Weighted decimal.Decimal // each value times its probability, added up exactly
}

// PipelineOf adds up the open opportunities in the currency; the others are
// left out.
func PipelineOf(currency string, opps []Opportunity) Pipeline {
	p := Pipeline{Value: money.Zero(currency), Weighted: decimal.Zero}
	p.Currency = p.Value.Currency
	for i := range opps {
		o := &opps[i]
		if o.Status != OpportunityOpen || o.Value.Currency != p.Currency {
			continue
		}
		p.Open++
		p.Value.Amount = p.Value.Amount.Add(o.Value.Amount)
		p.Weighted = p.Weighted.Add(o.Weighted())
	}
	return p
}

// WeightedMoney is the weighted pipeline rounded to the currency's minor
// unit, half away from zero, for display.
func (p Pipeline) WeightedMoney() money.Money {
	exp := int32(2)
	if c, err := money.LookupCurrency(p.Currency); err == nil {
		exp = c.Exponent
	}
	return money.Money{Amount: p.Weighted.Round(exp), Currency: p.Currency}
}

// OpportunityService stores the sales pipeline.
type OpportunityService interface {
	// FindOpportunityByID returns the opportunity, or ENOTFOUND.
	FindOpportunityByID(ctx context.Context, id int64) (*Opportunity, error)
	// FindOpportunities returns a page of opportunities, the soonest
	// expected to close first.
	FindOpportunities(ctx context.Context, f OpportunityFilter) ([]Opportunity, error)
	// CreateOpportunity validates and stores a new open opportunity,
	// setting its ID. A quote it names must be one of the client's.
	CreateOpportunity(ctx context.Context, o *Opportunity) error
	// UpdateOpportunity validates and replaces an open opportunity; its
	// status changes only through Win and Lose, and a won or lost one gets
	// ECONFLICT.
	UpdateOpportunity(ctx context.Context, o *Opportunity) error
	// Win marks an open opportunity won. With createQuote it also makes a
	// draft quote for it (see QuoteFor), in the same transaction, and links
	// it; an opportunity that already has a quote gets ECONFLICT.
	Win(ctx context.Context, id int64, createQuote bool, today Date) (*Opportunity, error)
	// Lose marks an open opportunity lost; the reason is required.
	Lose(ctx context.Context, id int64, reason string) error
	// WeightedPipeline adds up the open opportunities in the currency.
	WeightedPipeline(ctx context.Context, currency string) (Pipeline, error)
}
