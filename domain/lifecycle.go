package domain

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// These functions make new drafts out of existing documents. They are pure:
// the data layer stores what they return in one transaction.

// NewDraft returns an empty draft of the kind for the client, dated today,
// due after the client's payment terms, in the client's currency and with the
// book's rounding policy and default terms.
func NewDraft(kind DocKind, c *Client, co Company, today Date) *Document {
	d := &Document{
		Kind: kind, Status: DocDraft, ClientID: c.ID, ClientName: c.Name, Currency: c.Currency,
		IssueDate: today, DueDate: today.AddDays(c.PaymentTermsDays),
		Rounding: co.Rounding, Terms: co.DefaultTerms,
	}
	if kind == KindQuote {
		d.DueDate = today.AddDays(30)
	}
	if d.Rounding == (Rounding{}) {
		d.Rounding = DefaultRounding
	}
	return d
}

// copyLines returns the lines without their stored IDs, with tax slices of
// their own.
func copyLines(ls []Line) []Line {
	out := make([]Line, len(ls))
	for i, l := range ls {
		l.ID = 0
		l.Taxes = append([]TaxLine(nil), l.Taxes...)
		out[i] = l
	}
	return out
}

// Duplicate returns a new draft of the same kind and content, dated today and
// due after the same number of days as the original.
func Duplicate(d *Document, today Date) *Document {
	n := *d
	n.ID, n.Number, n.Status = 0, "", DocDraft
	n.FromQuote, n.VoidReason = 0, ""
	n.IssuedAt, n.CreatedAt, n.UpdatedAt = time.Time{}, time.Time{}, time.Time{}
	n.IssueDate = today
	if !d.DueDate.IsZero() && !d.IssueDate.IsZero() {
		n.DueDate = today.AddDays(d.IssueDate.DaysUntil(d.DueDate))
	}
	n.Lines = copyLines(d.Lines)
	return &n
}

// InvoiceFromQuote returns a draft invoice with an accepted quote's content,
// dated today and due after the client's payment terms.
func InvoiceFromQuote(q *Document, c *Client, today Date) (*Document, error) {
	if q.Kind != KindQuote {
		return nil, Errorf(ECONFLICT, "Only a quote can be turned into an invoice.")
	}
	if q.Status != DocAccepted {
		return nil, Errorf(ECONFLICT, "Quote %s is %s; only an accepted quote can be turned into an invoice.", q.Number, q.Status)
	}
	inv := Duplicate(q, today)
	inv.Kind = KindInvoice
	inv.FromQuote = q.ID
	inv.DueDate = today.AddDays(c.PaymentTermsDays)
	if inv.Reference == "" {
		inv.Reference = "Quote " + q.Number
	}
	return inv, nil
}

// CreditNoteFor returns a draft credit note for an issued invoice: all its
// lines, or only those whose IDs are given, with the same prices, taxes and
// rounding so the credit mirrors what was charged.
func CreditNoteFor(inv *Document, lineIDs []int64, today Date) (*Document, error) {
	if inv.Kind != KindInvoice {
		return nil, Errorf(ECONFLICT, "Only an invoice can be credited.")
	}
	if inv.Status != DocIssued {
		return nil, Errorf(ECONFLICT, "Invoice %s is %s; only an issued invoice can be credited.", displayNumber(inv), inv.Status)
	}
	cn := Duplicate(inv, today)
	cn.Kind = KindCreditNote
	cn.CreditFor = inv.ID
	cn.DueDate = today
	cn.Reference = "Credit for invoice " + inv.Number
	cn.Notes = ""
	if len(lineIDs) > 0 {
		want := map[int64]bool{}
		for _, id := range lineIDs {
			want[id] = true
		}
		cn.Lines = nil
		for _, l := range inv.Lines {
			if want[l.ID] {
				delete(want, l.ID)
				l.ID = 0
				l.Taxes = append([]TaxLine(nil), l.Taxes...)
				cn.Lines = append(cn.Lines, l)
			}
		}
		for id := range want {
			return nil, Errorf(EINVALID, "Line %d is not on invoice %s.", id, inv.Number)
		}
		// A percent discount applies to the credited lines as it did to the
		// invoice; a fixed discount is credited in proportion to their share
		// of the invoice's subtotal.
		if !inv.DiscountAmount.IsZero() {
			full, err := inv.Totals()
			if err != nil {
				return nil, err
			}
			cn.DiscountAmount = decimal.Zero
			part, err := cn.Totals()
			if err != nil {
				return nil, err
			}
			exp, _ := inv.Exponent()
			if !full.Subtotal.IsZero() {
				cn.DiscountAmount = calc{exp: exp, mode: inv.Rounding.Mode}.shareOf(inv.DiscountAmount, part.Subtotal, full.Subtotal)
			}
		}
	}
	return cn, nil
}

func displayNumber(d *Document) string {
	if d.Number != "" {
		return d.Number
	}
	return fmt.Sprintf("draft %d", d.ID)
}
