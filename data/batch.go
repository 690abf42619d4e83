package data

import (
	"context"
	"errors"
	"strconv"

	"clientbook/domain"
)

// batchKey keys a book's running batch in a context.
type batchKey struct{ b *Book }

// batch is one running Batch: its transaction, whether it has ended, and the
// first write that failed in it, which undoes the whole batch.
type batch struct {
	tx     *Tx
	ended  bool
	failed error
}

func (b *Book) batchOf(ctx context.Context) *batch {
	bt, _ := ctx.Value(batchKey{b}).(*batch)
	return bt
}

// Batch runs fn as one transaction. Every write fn makes through the book's
// services with the context it is given joins that transaction, and every
// read made through a service's snapshot sees the batch's writes so far. The
// whole commits once fn returns nil. If fn fails, or any write in it fails
// (even one whose error fn lets pass), nothing of the batch stays: Batch
// returns that error and later writes in the batch are refused. The
// writes are the same as one by one — the same checks, audit entries and
// seals — only committed together, so thousands of them cost one sync to disk
// rather than thousands. Lookups that read the book outside a snapshot (a
// FindClientByID, say) see it as last committed. Other writers wait until the
// batch ends, so keep batches to seconds. Use the context from one goroutine
// at a time; a Batch inside a batch of the same book joins it.
func (b *Book) Batch(ctx context.Context, fn func(ctx context.Context) error) error {
	if b.closed.Load() {
		return domain.Errorf(domain.ECONFLICT, "The book is closed.")
	}
	if err := b.Damage(); err != nil {
		return err
	}
	if b.batchOf(ctx) != nil {
		return fn(ctx)
	}
	// The batch's connection keeps its statement journals (what undoes one
	// statement that fails half way through) in memory rather than in a
	// temporary file: thousands of statements each write one.
	conn, err := b.db.Conn(ctx)
	if err != nil {
		return b.failed("write a batch of changes", err)
	}
	defer conn.Close()
	// It also keeps more of the book in memory (64 MiB instead of bookCacheKiB): a
	// batch touches the indexes all over a large book, and each page not in
	// the cache is a read from the file.
	if _, err := conn.ExecContext(ctx, `PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536`); err != nil {
		return b.failed("write a batch of changes", err)
	}
	defer conn.ExecContext(context.Background(), `PRAGMA temp_store = DEFAULT; PRAGMA cache_size = `+strconv.Itoa(-bookCacheKiB))
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return b.failed("write a batch of changes", err)
	}
	defer sqlTx.Rollback() // after Commit, does nothing; after a panic in fn, undoes the batch
	bt := &batch{tx: &Tx{Tx: sqlTx, ctx: ctx, now: b.now(), actor: b.actor, stmts: map[string]*txStmt{}, schema: b.schema,
		known: &txKnown{pending: &keptPending{revenue: map[revenueCell]bool{}, aging: map[agingCell]bool{}}}}}
	defer func() { bt.ended = true }()
	err = fn(context.WithValue(ctx, batchKey{b}, bt))
	if err == nil {
		err = bt.failed
	}
	if err == nil {
		if err = flushKept(bt.tx); err != nil {
			err = b.failed("write a batch of changes", err)
		}
	}
	if err != nil {
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return b.failed("write a batch of changes", err)
	}
	b.announce(bt.tx.changes)
	return nil
}

// writeInBatch is write inside the batch bt: fn runs in the batch's
// transaction, with its own time. A failure fails the whole batch: a write
// that stopped half way cannot be undone on its own without a savepoint, and
// savepoints cost a copy of every page they touch.
func (b *Book) writeInBatch(ctx context.Context, bt *batch, what string, fn func(tx *Tx) error) error {
	switch {
	case bt.ended:
		return domain.Internal(what, errBatchEnded)
	case bt.failed != nil:
		return bt.failed
	}
	tx := &Tx{Tx: bt.tx.Tx, ctx: ctx, now: b.now(), actor: b.actor, stmts: bt.tx.stmts, schema: b.schema, known: bt.tx.known,
		handed: bt.tx.known.fresh}
	bt.tx.known.fresh = nil
	if err := fn(tx); err != nil {
		if domain.ErrorCode(err) == domain.EINTERNAL {
			err = b.failed(what, err)
		}
		bt.failed = err
		return err
	}
	bt.tx.changes = append(bt.tx.changes, tx.changes...)
	return nil
}

// errBatchEnded is a write made with a batch's context after the batch ended.
var errBatchEnded = errors.New("the batch this change was part of has already ended")
