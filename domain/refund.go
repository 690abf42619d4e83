package domain

import (
	"strings"
	"time"

	"clientbook/domain/money"
)

// Refund is money paid back to a client out of its unapplied credit: an
// overpayment, or a credit note beyond what its invoice was for. It lowers
// the client's credit from its date on; it is never more than the credit
// the client has.
type Refund struct {
	ID         int64
	ClientID   int64
	ClientName string // filled in when read, for display
	Date       Date
	Amount     money.Money
	Method     PaymentMethod
	Reference  string
	Note       string
	CreatedAt  time.Time
}

// Validate tidies and checks a refund on its own; that the client has the
// credit is checked against the book when it is stored.
func (r *Refund) Validate() error {
	r.Reference, r.Note = strings.TrimSpace(r.Reference), strings.TrimSpace(r.Note)
	r.Amount.Currency = strings.ToUpper(strings.TrimSpace(r.Amount.Currency))
	if r.Method == "" {
		r.Method = MethodBankTransfer
	}
	v := validation{what: "Refund"}
	if r.ClientID == 0 {
		v.add("client", "choose the client the money goes back to")
	}
	if r.Date.IsZero() {
		v.add("date", "enter the day the money went back")
	}
	if r.Amount.Currency == "" {
		v.add("currency", "choose the currency")
	} else if _, err := money.LookupCurrency(r.Amount.Currency); err != nil {
		v.add("currency", "%s", err)
	} else if !r.Amount.Amount.IsPositive() {
		v.add("amount", "the amount must be more than zero")
	} else if _, err := money.New(r.Amount.Amount, r.Amount.Currency); err != nil {
		v.add("amount", "%s", err)
	}
	if !r.Method.Valid() {
		v.add("method", "choose bank transfer, card, cash, cheque or other")
	}
	if len(r.Reference) > MaxTextLen || len(r.Note) > MaxTextLen {
		v.add("reference", "the reference and note are at most %d characters", MaxTextLen)
	}
	return v.err()
}

// RefundFilter selects refunds, the latest first.
type RefundFilter struct {
	ClientID      int64  // 0 for every client
	Currency      string // "" for every currency
	Offset, Limit int    // Limit 0 for no limit
}
