package domain

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"clientbook/domain/money"
)

// CollectionKind is what an entry of the collection log records.
type CollectionKind string

const (
	CollectionCall   CollectionKind = "call"
	CollectionEmail  CollectionKind = "email"
	CollectionLetter CollectionKind = "letter"
	// CollectionPromise is the client's promise to pay an amount by a day.
	CollectionPromise CollectionKind = "promise-to-pay"
	// CollectionDispute is the client contesting an invoice. Until it is
	// resolved the invoice is on hold: no reminders are sent for it.
	CollectionDispute CollectionKind = "dispute"
	CollectionNote    CollectionKind = "note"
)

// CollectionKinds lists the kinds in the order they are offered to people.
var CollectionKinds = []CollectionKind{CollectionCall, CollectionEmail, CollectionLetter, CollectionPromise,
	CollectionDispute, CollectionNote}

// Valid reports whether k is one of the known kinds.
func (k CollectionKind) Valid() bool {
	for _, x := range CollectionKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Title is the kind as people read it: "Promise to pay".
func (k CollectionKind) Title() string {
	if k == "" {
		return ""
	}
	t := strings.ReplaceAll(string(k), "-", " ")
	return strings.ToUpper(t[:1]) + t[1:]
}

// CollectionEntry is one step in getting a client to pay: a call, an email
// or a letter about money owed, a promise to pay, a dispute, or a note. It
// concerns the client's account as a whole or one of its issued invoices.
type CollectionEntry struct {
	ID         int64
	ClientID   int64
	ClientName string // filled in when read, for display
	// DocumentID is the invoice it concerns, 0 for the whole account. A
	// dispute always names its invoice.
	DocumentID     int64
	DocumentNumber string // filled in when read, for display
	Kind           CollectionKind
	On             Date // the day it happened
	Text           string
	// PromisedDate and PromisedAmount are what a promise to pay promises,
	// in the invoice's currency (the client's for the whole account); zero
	// for every other kind.
	PromisedDate   Date
	PromisedAmount money.Money
	// ResolvedOn and Resolution say when and how a dispute was settled;
	// zero and "" while it is open, and for every other kind.
	ResolvedOn Date
	Resolution string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// OnHold reports whether the entry is a dispute not yet resolved, which
// keeps its invoice out of the reminder runs.
func (e *CollectionEntry) OnHold() bool { return e.Kind == CollectionDispute && e.ResolvedOn.IsZero() }

// Validate tidies and checks a collection entry.
func (e *CollectionEntry) Validate() error {
	e.Text = strings.TrimSpace(e.Text)
	e.Resolution = strings.TrimSpace(e.Resolution)
	e.PromisedAmount.Currency = strings.ToUpper(strings.TrimSpace(e.PromisedAmount.Currency))
	v := validation{what: "Collection entry"}
	if e.ClientID == 0 {
		v.add("client", "choose a client")
	}
	if !e.Kind.Valid() {
		v.add("kind", "choose call, email, letter, promise to pay, dispute or note")
	}
	if e.On.IsZero() {
		v.add("on", "enter the day it happened")
	}
	switch n := utf8.RuneCountInString(e.Text); {
	case n == 0:
		v.add("text", "say what happened, e.g. Spoke to accounts; payment run on Friday")
	case n > MaxTextLen:
		v.add("text", "the text is longer than %d characters", MaxTextLen)
	}
	if e.Kind == CollectionPromise {
		if e.PromisedDate.IsZero() {
			v.add("promisedDate", "enter the day the client promised to pay by")
		} else if !e.On.IsZero() && e.PromisedDate.Before(e.On) {
			v.add("promisedDate", "the promised day is before the day of the promise, %s", e.On)
		}
		if !e.PromisedAmount.Amount.IsPositive() {
			v.add("promisedAmount", "enter the amount the client promised, more than zero")
		} else if _, err := money.New(e.PromisedAmount.Amount, e.PromisedAmount.Currency); err != nil {
			v.add("promisedAmount", "%s", err)
		}
	} else if e.Kind.Valid() {
		if !e.PromisedDate.IsZero() {
			v.add("promisedDate", "only a promise to pay has a promised day")
		}
		if !e.PromisedAmount.Amount.IsZero() {
			v.add("promisedAmount", "only a promise to pay has a promised amount")
		}
	}
	if e.Kind == CollectionDispute {
		if e.DocumentID == 0 {
			v.add("invoice", "choose the invoice the client disputes")
		}
		e.checkResolution(&v)
	} else if e.Kind.Valid() && (!e.ResolvedOn.IsZero() || e.Resolution != "") {
		v.add("resolution", "only a dispute is resolved")
	}
	return v.err()
}

// checkResolution adds the problems of a dispute's resolution: a resolved
// dispute says how, on a day no earlier than it was raised.
func (e *CollectionEntry) checkResolution(v *validation) {
	if utf8.RuneCountInString(e.Resolution) > MaxTextLen {
		v.add("resolution", "the resolution is longer than %d characters", MaxTextLen)
	}
	switch {
	case e.ResolvedOn.IsZero() && e.Resolution != "":
		v.add("resolvedOn", "enter the day the dispute was resolved")
	case !e.ResolvedOn.IsZero() && e.Resolution == "":
		v.add("resolution", "say how the dispute was resolved")
	case !e.ResolvedOn.IsZero() && !e.On.IsZero() && e.ResolvedOn.Before(e.On):
		v.add("resolvedOn", "the dispute cannot be resolved before it was raised, %s", e.On)
	}
}

// Resolve settles an open dispute on the day on, saying how. It refuses
// anything that is not a dispute still open, and a resolution that does
// not validate; the entry is unchanged then.
func (e *CollectionEntry) Resolve(on Date, resolution string) error {
	if e.Kind != CollectionDispute {
		return Errorf(ECONFLICT, "Only a dispute can be resolved; this entry is logged as %q.", e.Kind.Title())
	}
	if !e.ResolvedOn.IsZero() {
		return Errorf(ECONFLICT, "The dispute about invoice %s was already resolved on %s.", e.DocumentNumber, e.ResolvedOn)
	}
	r := *e
	r.ResolvedOn, r.Resolution = on, strings.TrimSpace(resolution)
	v := validation{what: "Dispute"}
	if on.IsZero() {
		v.add("resolvedOn", "enter the day the dispute was resolved")
	}
	r.checkResolution(&v)
	if err := v.err(); err != nil {
		return err
	}
	*e = r
	return nil
}

// CollectionFilter selects collection entries, the latest first.
type CollectionFilter struct {
	ClientID   int64 // 0 for every client
	DocumentID int64 // 0 for every invoice and the whole account
	// OpenDisputes keeps only disputes not yet resolved.
	OpenDisputes bool
	// PromisedFrom and PromisedTo, when either is set, keep only promises
	// to pay whose promised day is in that range, inclusive; a zero end is
	// open.
	PromisedFrom, PromisedTo Date
	Offset, Limit            int // Limit 0 for no limit
}

// CollectionService stores the collection log: what was done to get clients
// to pay, what they promised and what they dispute.
type CollectionService interface {
	// FindCollectionEntryByID returns the entry, or ENOTFOUND.
	FindCollectionEntryByID(ctx context.Context, id int64) (*CollectionEntry, error)
	// FindCollectionEntries returns a page of the log, the latest first.
	FindCollectionEntries(ctx context.Context, f CollectionFilter) ([]CollectionEntry, error)
	// AddCollectionEntry validates and stores a new entry, setting its ID.
	// An invoice it names must be an issued invoice of the client, and a
	// promised amount must be in that invoice's currency (the client's when
	// no invoice is named).
	AddCollectionEntry(ctx context.Context, e *CollectionEntry) error
	// ResolveDispute settles an open dispute, taking its invoice off hold.
	ResolveDispute(ctx context.Context, id int64, on Date, resolution string) error
}
