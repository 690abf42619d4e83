package data

import (
	"database/sql"
	"encoding/json"

	"clientbook/domain"
)

// partiesFrom is the schema version from which a document's bill-to and
// issuer snapshots are kept in the parties table, each distinct one once,
// and the document points at them (bill_to_party, issuer_party).
const partiesFrom = 22

// The JSON of a document d's bill-to and issuer snapshots, NULL for none, as
// SQL expressions: what documents.bill_to and documents.issuer held before
// schema 22.
const (
	billToJSON = `(SELECT pty.json FROM parties pty WHERE pty.id = d.bill_to_party)`
	issuerJSON = `(SELECT pty.json FROM parties pty WHERE pty.id = d.issuer_party)`
)

// partyID is the id of the snapshot p in parties, stored now if the book
// holds no such snapshot yet; NULL for no party.
func partyID(tx *Tx, p *domain.Party) (sql.NullInt64, error) {
	if p == nil {
		return sql.NullInt64{}, nil
	}
	b, err := json.Marshal(p)
	if err != nil {
		return sql.NullInt64{}, err
	}
	// Snapshots are never changed or deleted, so the transaction keeps
	// those it has found or stored: a batch issues many documents to the
	// same client from the same company.
	find := func() (int64, error) {
		var id int64
		err := tx.QueryRowContext(tx.ctx, `SELECT id FROM parties WHERE json = ?`, string(b)).Scan(&id)
		if err == sql.ErrNoRows {
			err = tx.QueryRowContext(tx.ctx, `INSERT INTO parties (json) VALUES (?) RETURNING id`, string(b)).Scan(&id)
		}
		return id, err
	}
	var id int64
	if tx.known != nil {
		id, err = kept(&tx.known.parties, string(b), find)
	} else {
		id, err = find()
	}
	return sql.NullInt64{Int64: id, Valid: err == nil}, err
}
