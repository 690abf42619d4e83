package data

// paidInvoicesFromRows is what paidInvoices read before the paid day was
// kept (migration 28), kept here as the reference the kept paid_on is held
// to: the issued invoices in a currency (?1) paid in full between ?2 and ?3
// inclusive, each with its client, issue date and the day it was paid: the
// first day the allocations (from the later of their
// payment's date and the invoice's issue date) and credit notes made up its
// total. Only invoices with something dated in the period are looked at —
// found through the payments, credit notes and invoices of the period, by
// their indexes — since nothing else can have been paid in full in it. ?4
// is a client, or 0 for all. CROSS JOIN keeps SQLite to that order of
// joins, which it cannot see is best in a book it has no statistics of.
const paidInvoicesFromRows = `WITH cand(id) AS (
		SELECT a.document_id FROM payments p JOIN allocations a ON a.payment_id = p.id
			WHERE p.currency = ?1 AND p.date BETWEEN ?2 AND ?3
		UNION SELECT n.credit_for FROM documents n WHERE n.kind = 'credit-note' AND n.status = 'issued' AND n.currency = ?1
			AND n.issue_date BETWEEN ?2 AND ?3 AND n.credit_for IS NOT NULL
		UNION SELECT d.id FROM documents d WHERE d.kind = 'invoice' AND d.status = 'issued' AND d.currency = ?1
			AND d.issue_date BETWEEN ?2 AND ?3
	), ` + paidInvoicesTailFromRows

// clientPaidInvoicesFromRows is paidInvoicesFromRows for one client (?4, not 0): its
// candidates are found through the indexes that start with the client, so
// a client's figures read that client's rows of the period, not the whole
// book's (a payment is allocated only to its own client's invoices, and a
// credit note is its invoice's client's).
const clientPaidInvoicesFromRows = `WITH cand(id) AS (
		SELECT a.document_id FROM payments p JOIN allocations a ON a.payment_id = p.id
			WHERE p.client_id = ?4 AND p.date BETWEEN ?2 AND ?3 AND +p.currency = ?1
		UNION SELECT n.credit_for FROM documents n WHERE n.client_id = ?4 AND n.kind = 'credit-note' AND n.status = 'issued'
			AND n.currency = ?1 AND n.issue_date BETWEEN ?2 AND ?3 AND n.credit_for IS NOT NULL
		UNION SELECT d.id FROM documents d WHERE d.client_id = ?4 AND d.kind = 'invoice' AND d.status = 'issued'
			AND d.currency = ?1 AND d.issue_date BETWEEN ?2 AND ?3
	), ` + paidInvoicesTailFromRows

// paidInvoicesFromRowsFor is paidInvoicesFromRows, or clientPaidInvoicesFromRows for a client.
func paidInvoicesFromRowsFor(clientID int64) string {
	if clientID != 0 {
		return clientPaidInvoicesFromRows
	}
	return paidInvoicesFromRows
}

// paidInvoicesTailFromRows is what the two share after
// the candidates.
const paidInvoicesTailFromRows = `inv AS MATERIALIZED (
		SELECT d.id, d.client_id, d.issue_date, d.total_minor FROM cand CROSS JOIN documents d ON d.id = cand.id
			WHERE d.kind = 'invoice' AND d.status = 'issued' AND d.currency = ?1 AND d.total_minor > 0
			AND (?4 = 0 OR d.client_id = ?4)
	), ev(id, client_id, issue_date, total, day, amount) AS (
		SELECT inv.id, inv.client_id, inv.issue_date, inv.total_minor, max(p.date, inv.issue_date), a.amount_minor FROM inv
			CROSS JOIN allocations a ON a.document_id = inv.id CROSS JOIN payments p ON p.id = a.payment_id
		UNION ALL SELECT inv.id, inv.client_id, inv.issue_date, inv.total_minor, n.issue_date, n.total_minor FROM inv
			CROSS JOIN documents n ON n.credit_for = inv.id WHERE n.kind = 'credit-note' AND n.status = 'issued'
	), run AS (
		SELECT id, client_id, issue_date, total, day,
			sum(amount) OVER (PARTITION BY id ORDER BY day RANGE UNBOUNDED PRECEDING) AS covered FROM ev
	), paid AS (
		SELECT id, client_id, issue_date, min(day) AS day FROM run WHERE covered >= total GROUP BY id
	)`
