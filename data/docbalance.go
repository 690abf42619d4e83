package data

import (
	"context"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// openMinor is what is open on the document d in minor units, as
// balanceColumns reckons it: its total less the allocations of payments
// received on or before the first parameter and the credit notes issued on
// or before the second. The sums are read through allocations_by_document
// and documents_credits_by_invoice, a few index entries per invoice.
const openMinor = `(d.total_minor
	- coalesce((SELECT sum(a.amount_minor) FROM allocations a JOIN payments p ON p.id = a.payment_id
		WHERE a.document_id = d.id AND p.date <= ?), 0)
	- coalesce((SELECT sum(n.total_minor) FROM documents n
		WHERE n.credit_for = d.id AND n.kind = 'credit-note' AND n.status = 'issued' AND n.issue_date <= ?), 0))`

// payStateWhere is the condition keeping the issued invoices that stand as
// state says with their payment on asOf, by the rules of
// domain.PaymentStatus, with its parameters. The kind and status (and, for
// overdue, the due date) narrow the invoices through documents_by_due before
// the open amount of each is summed; no state needs the whole table.
// openDispute holds for an invoice d with a dispute not yet resolved
// (index collection_disputes).
const openDispute = `EXISTS (SELECT 1 FROM collection_entries ce WHERE ce.document_id = d.id AND ce.kind = 'dispute' AND ce.resolved_on IS NULL)`

func payStateWhere(state domain.PayState, asOf domain.Date) (string, []any) {
	day := asOf.String()
	cond := `d.kind = 'invoice' AND d.status = 'issued' AND `
	args := []any{day, day}
	switch state {
	case domain.PayPaid:
		return cond + openMinor + ` <= 0`, args
	case domain.PayDisputed:
		return cond + openMinor + ` > 0 AND ` + openDispute, args
	case domain.PayOverdue:
		cond = `d.kind = 'invoice' AND d.status = 'issued' AND d.due_date <> '' AND d.due_date < ? AND ` + openMinor + ` > 0`
		args = []any{day, day, day}
	case domain.PayPartial:
		// Something open, less than the total; amounts are whole minor units.
		cond += `(d.due_date = '' OR d.due_date >= ?) AND ` + openMinor + ` BETWEEN 1 AND d.total_minor - 1`
		args = []any{day, day, day}
	default: // unpaid: all of it open
		cond += `(d.due_date = '' OR d.due_date >= ?) AND ` + openMinor + ` >= max(d.total_minor, 1)`
		args = []any{day, day, day}
	}
	// An invoice a dispute holds is Disputed, not also unpaid or overdue.
	return cond + ` AND NOT ` + openDispute, args
}

// fillBalances sets the Balance and Pay of the issued invoices among rows:
// what is open on each on asOf and where it stands with its payment, read
// as the Receivables screen reads them (balances).
func fillBalances(ctx context.Context, q queryer, rows []domain.DocumentRow, asOf domain.Date) error {
	var ids []int64
	at := map[int64]int{}
	for i := range rows {
		r := &rows[i]
		r.Balance = money.Zero(r.Total.Currency)
		if r.Kind == domain.KindInvoice && r.Status == domain.DocIssued {
			ids = append(ids, r.ID)
			at[r.ID] = i
		}
	}
	for start := 0; start < len(ids); start += statusChunk {
		chunk := ids[start:min(start+statusChunk, len(ids))]
		bs, err := balances(ctx, q, asOf, 0, `d.id IN (`+placeholders(len(chunk))+`)`, "", idArgs(chunk)...)
		if err != nil {
			return err
		}
		held, err := heldInvoices(ctx, q, chunk)
		if err != nil {
			return err
		}
		for _, x := range bs {
			r := &rows[at[x.id]]
			r.Balance.Amount = x.open()
			r.Pay = disputed(domain.PaymentStatus(x.kind, x.status, x.total, x.open(), x.due, asOf), x.open(), held[x.id])
		}
	}
	return nil
}

// filterDay is the day a document filter reckons payments on: its AsOf, or
// today.
func filterDay(f domain.DocumentFilter) domain.Date {
	if f.AsOf.IsZero() {
		return domain.Today()
	}
	return f.AsOf
}

// disputed is st, or Disputed for an invoice with money open that an open
// dispute holds.
func disputed(st domain.PayState, open decimal.Decimal, held bool) domain.PayState {
	if held && open.IsPositive() && st != domain.PayNone {
		return domain.PayDisputed
	}
	return st
}
