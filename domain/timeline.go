package domain

import "time"

// TimelineKind says what a line of a client's timeline records.
type TimelineKind string

const (
	// TimelineActivity is a call, email, meeting, visit or note.
	TimelineActivity TimelineKind = "activity"
	// TimelineDocument is an invoice, credit note or quote issued to the
	// client; drafts are not on the timeline.
	TimelineDocument TimelineKind = "document"
	// TimelinePayment is money received from the client.
	TimelinePayment TimelineKind = "payment"
)

// TimelineEntry is one line of a client's timeline. Exactly one of Activity,
// Document and Payment is set, as Kind says.
type TimelineEntry struct {
	Kind TimelineKind
	// At is the moment the entry is ordered by, in local time. An activity's
	// is when it happened. A document or payment carries only a day (its
	// issue date, the day the money arrived): it sorts at the time of day it
	// was recorded when that was the same day, and otherwise at the end of
	// the day, after that day's conversations.
	At       time.Time
	Activity *Activity
	Document *DocumentRow
	Payment  *Payment
}

// Day is the day the entry belongs to: the activity's local date, the
// document's issue date or the day the payment arrived.
func (e TimelineEntry) Day() Date {
	switch {
	case e.Document != nil:
		return e.Document.IssueDate
	case e.Payment != nil:
		return e.Payment.Date
	case e.Activity != nil:
		return DateOf(e.Activity.At.Local())
	}
	return DateOf(e.At)
}

// TimelineFilter selects a page of one client's timeline, newest first.
type TimelineFilter struct {
	ClientID int64
	// Search narrows the timeline to entries matching every word, ignoring
	// case and accents: activities by their subject, text, outcome, next step
	// and contact (as ActivityFilter.Search); documents by their number, PO
	// number and reference; payments by their reference and note (ASCII case
	// only) or the numbers of the documents they paid. Searching an invoice's
	// number so shows the invoice, its credit notes (whose reference names
	// it) and the payments against it.
	Search string
	// ConversationsOnly leaves the documents and payments out.
	ConversationsOnly bool
	Offset, Limit     int // Limit 0 for no limit
}
