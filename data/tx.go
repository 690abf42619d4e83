package data

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"clientbook/domain"
)

// Tx is one write transaction: the change and its audit rows commit together
// or not at all.
type Tx struct {
	*sql.Tx
	ctx     context.Context
	now     time.Time
	actor   string
	changes domain.Changes // announced to the book's watchers once committed
	// stmts are the statements prepared in this transaction (shared by the
	// writes of a batch), by their SQL, so that running the same SQL again
	// does not parse it again. nil prepares nothing (the upgrade's scripts).
	stmts map[string]*txStmt
	// schema is the book's schema version as the transaction writes it (an
	// upgrade's step, the version it upgrades to): the audit entries it
	// writes take that version's format (see auditFormat).
	schema int
	// known is what the transaction (every write of a batch) has read or
	// written already and may use again; nil keeps nothing.
	known *txKnown
	// handed is the draft the batch's previous write stored, as reading it
	// back would give it (see insertDraft), or nil: findDocument takes it
	// instead of reading it, once, unless this write has changed anything
	// before (see forgetDrafts).
	handed *domain.Document
	// asStored is the draft findDocument took from handed: its fields are
	// its rows' values, so issuing it in this write can seal it without
	// reading them (sealStored).
	asStored *domain.Document
}

// txKnown is what a transaction keeps of the book while it holds the write
// lock, so that the writes of a batch do not read it again and again: no
// one else writes meanwhile, and its own writes keep it up to date.
type txKnown struct {
	// The audit log's head: the latest entry's id and link (headOK once
	// read), which each appended entry follows and moves.
	headOK bool
	headID int64
	head   []byte
	// The last entry packed in a block (blockedOK once read), which each
	// appended entry may move, and what the entries the transaction wrote
	// since, from tailFirst on, hold, so that the block they fill is packed
	// without reading them back (auditblock.go).
	blockedOK bool
	blocked   int64
	tailFirst int64
	tail      []blockRecord
	// The company as issuing reads it; nil until read, and again once the
	// transaction changes it.
	company *domain.Company
	// clients are the clients read so far, by id (see findClient).
	clients map[int64]*domain.Client
	// unitCodes and rateVAT are the catalog's items' unit codes and tax
	// rates' VAT classes read so far, by id ("" and none for no such item
	// or rate), until the transaction changes the catalog (forgetCatalog).
	unitCodes map[int64]string
	rateVAT   map[int64]domain.VATClass
	// parties are the ids of the bill-to and issuer snapshots found or
	// stored so far, by their JSON (see partyID).
	parties map[string]int64
	// fresh is the draft the batch's current write stored, as read back;
	// the next write is handed it (Tx.handed) unless this one changes
	// anything more.
	fresh *domain.Document
	// pending are the kept monthly figures a batch's writes touched, not
	// yet recomputed (see keptPending); nil outside a batch.
	pending *keptPending
}

// company is the company settings, read once per transaction.
func (tx *Tx) company() (domain.Company, error) {
	if tx.known != nil && tx.known.company != nil {
		return *tx.known.company, nil
	}
	co, err := readCompany(tx.ctx, tx)
	if err == nil && tx.known != nil {
		tx.known.company = &co
	}
	return co, err
}

// auditFormat is the format the transaction writes audit entries in.
func (tx *Tx) auditFormat() int {
	if tx.schema < auditFormatFrom {
		return auditFull
	}
	return auditDelta
}

// txStmt is a prepared statement and the rows of its latest query, which
// may still be being read: until they are closed, the statement cannot run
// again (its SQLite statement would be reset under them).
type txStmt struct {
	*sql.Stmt
	rows *sql.Rows
}

// maxStmts bounds a transaction's prepared statements; SQL built with a
// varying number of placeholders beyond it runs unprepared.
const maxStmts = 256

// stmt is the transaction's prepared statement for query, or nil to run the
// query unprepared: when the transaction keeps no statements (or has kept as
// many as it may), or the statement's rows are still open (a query nested
// in a loop over the same query).
func (tx *Tx) stmt(ctx context.Context, query string) (*txStmt, error) {
	if tx.stmts == nil {
		return nil, nil
	}
	if st := tx.stmts[query]; st != nil {
		if st.rows != nil {
			if _, err := st.rows.Columns(); err == nil {
				return nil, nil // still open
			}
			st.rows = nil
		}
		return st, nil
	}
	if len(tx.stmts) >= maxStmts {
		return nil, nil
	}
	st, err := tx.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	tx.stmts[query] = &txStmt{Stmt: st}
	return tx.stmts[query], nil
}

// forgetDrafts drops the drafts kept as read back (Tx.handed,
// txKnown.fresh): the transaction is about to change the book, maybe them.
func (tx *Tx) forgetDrafts() {
	tx.handed = nil
	if tx.known != nil {
		tx.known.fresh = nil
	}
}

// forgetDraftsIfWrite is forgetDrafts for a query that is not a plain
// SELECT (an INSERT … RETURNING, say).
func (tx *Tx) forgetDraftsIfWrite(query string) {
	if (tx.handed != nil || tx.known != nil && tx.known.fresh != nil) && !strings.HasPrefix(strings.TrimLeft(query, " \t\r\n"), "SELECT ") {
		tx.forgetDrafts()
	}
}

// ExecContext runs query through the transaction's prepared statement for it.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	tx.forgetDrafts()
	st, err := tx.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return tx.Tx.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

// QueryContext runs query through the transaction's prepared statement for
// it.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	tx.forgetDraftsIfWrite(query)
	st, err := tx.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return tx.Tx.QueryContext(ctx, query, args...)
	}
	rows, err := st.QueryContext(ctx, args...)
	st.rows = rows
	return rows, err
}

// QueryRowContext runs query through the transaction's prepared statement for
// it. The row's Scan closes its rows, as every caller scans at once.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	tx.forgetDraftsIfWrite(query)
	st, err := tx.stmt(ctx, query)
	if err != nil || st == nil {
		return tx.Tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// write runs fn in one immediate transaction, committing when it returns nil.
// what names the action for the error message if the database fails. A book
// found damaged is not written to. Inside a batch (see Batch) fn runs in the
// batch's transaction instead, and a failing fn fails the whole batch, so it
// leaves nothing behind there either.
func (b *Book) write(ctx context.Context, what string, fn func(tx *Tx) error) error {
	if b.closed.Load() {
		return domain.Errorf(domain.ECONFLICT, "The book is closed.")
	}
	if err := b.Damage(); err != nil {
		return err
	}
	if bt := b.batchOf(ctx); bt != nil {
		return b.writeInBatch(ctx, bt, what, fn)
	}
	sqlTx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return b.failed(what, err)
	}
	tx := &Tx{Tx: sqlTx, ctx: ctx, now: b.now(), actor: b.actor, stmts: map[string]*txStmt{}, schema: b.schema, known: &txKnown{}}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		if domain.ErrorCode(err) == domain.EINTERNAL {
			return b.failed(what, err)
		}
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		sqlTx.Rollback()
		return b.failed(what, err)
	}
	b.announce(tx.changes)
	return nil
}

// readFigures is read for a report that reads the kept monthly figures
// (revenue_days, revenue_months, item_revenue_days, aging_months): within a
// batch it first recomputes those the batch's writes touched (flushKept), so
// the report sees them. Other reads within a batch leave them pending.
func (b *Book) readFigures(ctx context.Context, what string, fn func(q queryer) error) error {
	if bt := b.batchOf(ctx); bt != nil && !bt.ended && bt.failed == nil {
		if err := flushKept(bt.tx); err != nil {
			bt.failed = b.failed(what, err)
			return bt.failed
		}
	}
	return b.read(ctx, what, fn)
}

// read runs fn in one read-only (deferred) transaction, so the queries of a
// report see a single snapshot of the book even if a write commits between
// them. what names the report for the error message if the database fails.
func (b *Book) read(ctx context.Context, what string, fn func(q queryer) error) error {
	if b.closed.Load() {
		return domain.Errorf(domain.ECONFLICT, "The book is closed.")
	}
	if bt := b.batchOf(ctx); bt != nil {
		if err := fn(bt.tx); err != nil {
			if domain.ErrorCode(err) == domain.EINTERNAL {
				return b.failed(what, err)
			}
			return err
		}
		return nil
	}
	sqlTx, err := b.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return b.failed(what, err)
	}
	defer sqlTx.Rollback()
	if err := fn(sqlTx); err != nil {
		if domain.ErrorCode(err) == domain.EINTERNAL {
			return b.failed(what, err)
		}
		return err
	}
	return nil
}

// failed turns a database failure into a message a person can act on: the
// book is busy with another change, the disk is full, the book is read-only
// or damaged; anything else is an internal error naming what was being done.
func (b *Book) failed(what string, err error) error {
	if isBusy(err) {
		return &domain.Error{Code: domain.ECONFLICT, Message: "The book is busy with another change; try again in a moment.", Err: err}
	}
	if serr := b.storageError(err); serr != nil {
		return serr
	}
	if _, ok := err.(*domain.Error); ok {
		return err
	}
	return domain.Internal(what, err)
}

// Audit actions.
const (
	actionCreate = "create"
	actionUpdate = "update"
	actionDelete = "delete"
)

// audit appends one row to the audit log in the transaction: who did what to
// which record, with what changed between the record before and after (nil
// for none) as JSON (see auditdelta.go), linked to the row before it (see
// chain.go).
func (tx *Tx) audit(entity string, id int64, action string, before, after any) error {
	return tx.auditSealing(entity, id, action, before, after, nil)
}

// auditSealing is audit for an entry that also records the content hash of a
// document being issued (nil for none).
func (tx *Tx) auditSealing(entity string, id int64, action string, before, after any, contentHash []byte) error {
	tx.changes = append(tx.changes, domain.Change{Entity: entity, ID: id, Action: action})
	bj, aj, err := auditPayloads(tx.auditFormat(), before, after)
	if err != nil {
		return err
	}
	return tx.appendAudit(entity, id, action, bj, aj, contentHash)
}

// timestamp is how instants are stored: UTC RFC 3339 with nanoseconds, which
// sorts as text.
func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTimestamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// kept is m[k], read with read the first time and kept in *m (made then)
// for the transaction's next asks: what txKnown keeps of the book.
func kept[K comparable, V any](m *map[K]V, k K, read func() (V, error)) (V, error) {
	if v, ok := (*m)[k]; ok {
		return v, nil
	}
	v, err := read()
	if err != nil {
		return v, err
	}
	if *m == nil {
		*m = map[K]V{}
	}
	(*m)[k] = v
	return v, nil
}

// forgetCatalog drops what tx keeps of the catalog, which it is changing.
func (tx *Tx) forgetCatalog() {
	if tx.known != nil {
		tx.known.unitCodes, tx.known.rateVAT = nil, nil
	}
}

// lineUnitCode is the unit code a document line of item itemID stores when
// given the code given: given, or else the item's (writeLines).
func (tx *Tx) lineUnitCode(itemID int64, given string) (string, error) {
	if given != "" || itemID == 0 {
		return given, nil
	}
	return kept(&tx.known.unitCodes, itemID, func() (string, error) {
		var code string
		err := tx.QueryRowContext(tx.ctx, `SELECT unit_code FROM items WHERE id = ?`, itemID).Scan(&code)
		if err == sql.ErrNoRows {
			err = nil
		}
		return code, err
	})
}

// taxVAT is the VAT class a line's tax from rate rateID stores when given
// the class given: given when it has a category, or else the rate's
// (writeLines).
func (tx *Tx) taxVAT(rateID int64, given domain.VATClass) (domain.VATClass, error) {
	if given.Category != "" {
		return given, nil
	}
	if rateID == 0 {
		return domain.VATClass{}, nil
	}
	return kept(&tx.known.rateVAT, rateID, func() (domain.VATClass, error) {
		var v domain.VATClass
		err := tx.QueryRowContext(tx.ctx, `SELECT vat_category, exemption_reason, exemption_code FROM tax_rates WHERE id = ?`, rateID).
			Scan(&v.Category, &v.ExemptionReason, &v.ExemptionCode)
		if err == sql.ErrNoRows {
			err = nil
		}
		return v, err
	})
}
