package data

import (
	"context"
	"fmt"
	"slices"

	"clientbook/domain"
)

// What is open on each issued invoice is kept on its row (migration 19):
// open_minor, its total less every allocation to it and every issued credit
// note against it, and open_since, the day from which that is what is open
// (the latest of its issue date, its payments' dates and its credit notes'
// issue dates). Every other document keeps 0 and ''. Reports as of a day on or
// after open_since read open_minor through the partial index documents_open;
// as of an earlier day they work the amount out from the rows (balances), as
// every report did before.
//
// keepOpen recomputes the kept figures of the documents a write touched, in
// the write's transaction. The writes that change them are few and all in
// this package: allocations written or removed (insertAllocations,
// writePayment, DeletePayment), a document issued or voided (issueDraft,
// storeDocument for imports, Void) — for a credit note, the invoice it
// credits. Recomputing from the rows rather than adding deltas means a call
// made twice, or for a document the write did not change, is harmless; Go
// rather than SQL triggers, so each call sits beside the write it follows
// and the figures cannot be changed behind the code's back by a trigger the
// reader does not see. TestOpenAmountsNeverDrift holds every kind of write to
// the from-scratch figures, and Check compares them in every book.

// keptOpen and keptSince are the kept figures of a document d worked out from
// its rows, whatever the dates.
const (
	keptOpen = `CASE WHEN d.kind = 'invoice' AND d.status = 'issued' THEN d.total_minor
		- coalesce((SELECT sum(a.amount_minor) FROM allocations a WHERE a.document_id = d.id), 0)
		- coalesce((SELECT sum(n.total_minor) FROM documents n
			WHERE n.credit_for = d.id AND n.kind = 'credit-note' AND n.status = 'issued'), 0)
		ELSE 0 END`
	keptSince = `CASE WHEN d.kind = 'invoice' AND d.status = 'issued' THEN max(d.issue_date,
		coalesce((SELECT max(p.date) FROM allocations a JOIN payments p ON p.id = a.payment_id WHERE a.document_id = d.id), ''),
		coalesce((SELECT max(n.issue_date) FROM documents n
			WHERE n.credit_for = d.id AND n.kind = 'credit-note' AND n.status = 'issued'), ''))
		ELSE '' END`
)

// keptPaidOn is the day document d was paid in full worked out from its
// rows (migration 28): for an issued invoice for something, the first day
// its allocations (each from the later of its payment's date and the
// invoice's issue date) and issued credit notes (from their issue date)
// added up to its total; ” otherwise. It is paidInvoices' day for one
// invoice, whatever the period.
const keptPaidOn = `CASE WHEN d.kind = 'invoice' AND d.status = 'issued' AND d.total_minor > 0 THEN coalesce((
		SELECT e.day FROM (
			SELECT v.day, sum(v.amount) OVER (ORDER BY v.day RANGE UNBOUNDED PRECEDING) AS covered FROM (
				SELECT max(p.date, d.issue_date) AS day, a.amount_minor AS amount FROM allocations a
					JOIN payments p ON p.id = a.payment_id WHERE a.document_id = d.id
				UNION ALL SELECT n.issue_date, n.total_minor FROM documents n
					WHERE n.credit_for = d.id AND n.kind = 'credit-note' AND n.status = 'issued') AS v
		) AS e WHERE e.covered >= d.total_minor ORDER BY e.day LIMIT 1), '')
		ELSE '' END`

// keptUnapplied and keptAppliedSince are the kept figures of a payment p
// worked out from its rows: what of it no invoice has, and the day from which
// that holds (the latest of its date and its invoices' issue dates).
const (
	keptUnapplied    = `p.amount_minor - coalesce((SELECT sum(a.amount_minor) FROM allocations a WHERE a.payment_id = p.id), 0)`
	keptAppliedSince = `max(p.date, coalesce((SELECT max(d.issue_date) FROM allocations a JOIN documents d ON d.id = a.document_id
		WHERE a.payment_id = p.id), ''))`
)

// keepPaymentOpen recomputes the kept unapplied amount of payment id from
// its rows, in tx: after its amount, date or allocations change.
func keepPaymentOpen(tx *Tx, id int64) error {
	if _, err := tx.ExecContext(tx.ctx, `UPDATE payments AS p SET unapplied_minor = `+keptUnapplied+`,
		applied_since = `+keptAppliedSince+` WHERE p.id = ?`, id); err != nil {
		return fmt.Errorf("keep the unapplied amount: %w", err)
	}
	return nil
}

// keepOpen recomputes the kept open amount of the documents ids (0s and
// repeats ignored) from their rows, in tx, and the month-end agings of their
// due dates (keepAging).
func keepOpen(tx *Tx, ids ...int64) error {
	ids = slices.DeleteFunc(slices.Clone(ids), func(id int64) bool { return id == 0 })
	slices.Sort(ids)
	ids = slices.Compact(ids)
	for start := 0; start < len(ids); start += statusChunk {
		chunk := ids[start:min(start+statusChunk, len(ids))]
		if _, err := tx.ExecContext(tx.ctx, `UPDATE documents AS d SET open_minor = `+keptOpen+`, open_since = `+keptSince+`,
			paid_on = `+keptPaidOn+` WHERE d.id IN (`+placeholders(len(chunk))+`)`, idArgs(chunk)...); err != nil {
			return fmt.Errorf("keep the open amounts: %w", err)
		}
	}
	return keepAging(tx, ids)
}

// keepDocumentOpen recomputes the kept figures a change to document d's
// status touches: its own and, for a credit note, those of the invoice it
// credits.
func keepDocumentOpen(tx *Tx, d *domain.Document) error {
	return keepOpen(tx, d.ID, d.CreditFor)
}

// allocatedDocuments are the documents the payment's stored allocations go
// to.
func allocatedDocuments(tx *Tx, paymentID int64) ([]int64, error) {
	rows, err := tx.QueryContext(tx.ctx, `SELECT document_id FROM allocations WHERE payment_id = ?`, paymentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// keepAllOpen fills the kept figures of every issued invoice and every
// payment: the Go step of migration 19.
func keepAllOpen(tx *Tx) error {
	if _, err := tx.ExecContext(tx.ctx, `UPDATE documents AS d SET open_minor = `+keptOpen+`, open_since = `+keptSince+`
		WHERE d.kind = 'invoice' AND d.status = 'issued'`); err != nil {
		return err
	}
	_, err := tx.ExecContext(tx.ctx, `UPDATE payments AS p SET unapplied_minor = `+keptUnapplied+`, applied_since = `+keptAppliedSince)
	return err
}

// keepAllPaidOn fills the kept paid day of every issued invoice: the Go
// step of migration 28.
func keepAllPaidOn(tx *Tx) error {
	_, err := tx.ExecContext(tx.ctx, `UPDATE documents AS d SET paid_on = `+keptPaidOn+`
		WHERE d.kind = 'invoice' AND d.status = 'issued'`)
	return err
}

// openDrift lists, up to max, the documents whose kept open amount or day
// and the payments whose kept unapplied amount or day differ from what their
// rows say, each in a sentence: a write that changed them without keepOpen or
// keepPaymentOpen. None in a sound book.
func openDrift(ctx context.Context, q queryer, max int) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, coalesce(d.number, ''), d.open_minor, d.open_since, d.paid_on,
		`+keptOpen+`, `+keptSince+`, `+keptPaidOn+`
		FROM documents d WHERE d.open_minor IS NOT (`+keptOpen+`) OR d.open_since IS NOT (`+keptSince+`)
		OR d.paid_on IS NOT (`+keptPaidOn+`) ORDER BY d.id LIMIT ?`, max)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, kept, want int64
		var number, since, paid, wantSince, wantPaid string
		if err := rows.Scan(&id, &number, &kept, &since, &paid, &want, &wantSince, &wantPaid); err != nil {
			return nil, err
		}
		name := number
		if name == "" {
			name = fmt.Sprintf("draft %d", id)
		}
		out = append(out, fmt.Sprintf("document %s keeps %d open since %q, paid in full on %q; its rows say %d since %q, paid on %q",
			name, kept, since, paid, want, wantSince, wantPaid))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(out) >= max {
		return out, nil
	}
	prows, err := q.QueryContext(ctx, `SELECT p.id, p.unapplied_minor, p.applied_since, `+keptUnapplied+`, `+keptAppliedSince+`
		FROM payments p WHERE p.unapplied_minor IS NOT (`+keptUnapplied+`) OR p.applied_since IS NOT (`+keptAppliedSince+`)
		ORDER BY p.id LIMIT ?`, max-len(out))
	if err != nil {
		return nil, err
	}
	defer prows.Close()
	for prows.Next() {
		var id, kept, want int64
		var since, wantSince string
		if err := prows.Scan(&id, &kept, &since, &want, &wantSince); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprintf("payment %d keeps %d unapplied since %q, its rows say %d since %q", id, kept, since, want, wantSince))
	}
	return out, prows.Err()
}
