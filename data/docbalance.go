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

// openDispute holds for an invoice d with a dispute not yet resolved
// (index collection_disputes).
const openDispute = `EXISTS (SELECT 1 FROM collection_entries ce WHERE ce.document_id = d.id AND ce.kind = 'dispute' AND ce.resolved_on IS NULL)`

// openAsOf is what is open on the issued invoice d on a day, in minor units,
// with its parameters: the kept open amount (see openamounts.go) once it
// holds, else openMinor worked out from the rows.
func openAsOf(day string) (string, []any) {
	return `(CASE WHEN d.open_since <= ? THEN d.open_minor ELSE ` + openMinor + ` END)`, []any{day, day, day}
}

// mayBeOpen narrows the documents d to the issued invoices that may have
// money open on a day, with its parameters: those keeping an open amount
// that holds then (documents_open_by_due when dueBefore is set, due before
// it; else documents_open), and those paid or credited after it
// (documents_open_since), whose amount openAsOf works out from the rows. The
// caller still tests openAsOf: this only keeps the rest of the book unread.
func mayBeOpen(day string, dueBefore string) (string, []any) {
	kept := `SELECT o.id FROM documents o WHERE o.open_minor <> 0 AND o.open_since <= ?`
	args := []any{day}
	if dueBefore != "" {
		kept += ` AND o.due_date <> '' AND o.due_date < ?`
		args = append(args, dueBefore)
	}
	return `d.id IN (` + kept + ` UNION ALL SELECT o.id FROM documents o WHERE o.open_since <> '' AND o.open_since > ?)`,
		append(args, day)
}

// payStateWhere is the condition keeping the issued invoices that stand as
// state says with their payment on asOf, by the rules of
// domain.PaymentStatus, with its parameters. Every state but paid needs money
// open, so mayBeOpen narrows those to the invoices with some (for overdue,
// due before the day) before openAsOf is reckoned; paid reads every issued
// invoice, but openAsOf costs no subquery on one whose kept amount holds.
func payStateWhere(state domain.PayState, asOf domain.Date) (string, []any) {
	day := asOf.String()
	open, openArgs := openAsOf(day)
	cond := `d.kind = 'invoice' AND d.status = 'issued' AND `
	var args []any
	narrow := func(dueBefore string) {
		c, a := mayBeOpen(day, dueBefore)
		cond += c + ` AND `
		args = append(args, a...)
	}
	switch state {
	case domain.PayPaid:
		return cond + open + ` <= 0`, openArgs
	case domain.PayDisputed:
		narrow("")
		return cond + open + ` > 0 AND ` + openDispute, append(args, openArgs...)
	case domain.PayOverdue:
		narrow(day)
		cond += `d.due_date <> '' AND d.due_date < ? AND ` + open + ` > 0`
		args = append(append(args, day), openArgs...)
	case domain.PayPartial:
		// Something open, less than the total; amounts are whole minor units.
		narrow("")
		cond += `(d.due_date = '' OR d.due_date >= ?) AND ` + open + ` BETWEEN 1 AND d.total_minor - 1`
		args = append(append(args, day), openArgs...)
	default: // unpaid: all of it open
		narrow("")
		cond += `(d.due_date = '' OR d.due_date >= ?) AND ` + open + ` >= max(d.total_minor, 1)`
		args = append(append(args, day), openArgs...)
	}
	// An invoice a dispute holds is Disputed, not also unpaid or overdue.
	return cond + ` AND NOT ` + openDispute, args
}

// openWhere is the condition keeping the issued invoices with money open on
// day, whatever their state (disputed included), with its parameters; with
// dueBefore, only those due before it.
func openWhere(day, dueBefore domain.Date) (string, []any) {
	before := ""
	if !dueBefore.IsZero() {
		before = dueBefore.String()
	}
	narrow, args := mayBeOpen(day.String(), before)
	open, openArgs := openAsOf(day.String())
	return `d.kind = 'invoice' AND d.status = 'issued' AND ` + narrow + ` AND ` + open + ` > 0`, append(args, openArgs...)
}

// fillBalances sets the Balance and Pay of the issued invoices among rows:
// what is open on each on asOf and where it stands with its payment, by the
// rules the Receivables screen reads them by: the kept open amount where it
// holds on asOf (see openamounts.go), else worked out from the rows
// (balances).
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
	day := asOf.String()
	for start := 0; start < len(ids); start += statusChunk {
		chunk := ids[start:min(start+statusChunk, len(ids))]
		open := map[int64]decimal.Decimal{}
		var changed []int64
		kept, err := q.QueryContext(ctx, `SELECT d.id, d.open_minor, d.open_since <= ? FROM documents d
			WHERE d.id IN (`+placeholders(len(chunk))+`)`, append([]any{day}, idArgs(chunk)...)...)
		if err != nil {
			return err
		}
		for kept.Next() {
			var id, minor int64
			var holds bool
			if err := kept.Scan(&id, &minor, &holds); err != nil {
				kept.Close()
				return err
			}
			if !holds {
				changed = append(changed, id)
				continue
			}
			m, err := money.FromMinor(minor, rows[at[id]].Total.Currency)
			if err != nil {
				kept.Close()
				return err
			}
			open[id] = m.Amount
		}
		kept.Close()
		if err := kept.Err(); err != nil {
			return err
		}
		if len(changed) > 0 {
			bs, err := balances(ctx, q, asOf, 0, `d.id IN (`+placeholders(len(changed))+`)`, "", idArgs(changed)...)
			if err != nil {
				return err
			}
			for _, x := range bs {
				open[x.id] = x.open()
			}
		}
		held, err := heldInvoices(ctx, q, chunk)
		if err != nil {
			return err
		}
		for id, o := range open {
			r := &rows[at[id]]
			r.Balance.Amount = o
			r.Pay = disputed(domain.PaymentStatus(r.Kind, r.Status, r.Total.Amount, o, r.DueDate, asOf), o, held[id])
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
