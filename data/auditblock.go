package data

import (
	"bytes"
	"compress/flate"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Audit blocks (from schema auditBlocksFrom). Each entry is still written
// packed on its own (auditpack.go); once auditBlockSize entries follow the
// last block, the write that adds the last of them packs them together into
// one row of audit_blocks, marks each entry's packed column packBlocked and
// empties its time (at), which the block holds. DEFLATE finds the keys,
// names and times an entry shares with the ones before it, which one entry
// alone cannot: on a 20,000-invoice demo book an entry's time and JSON take
// 53 bytes in a block of 256 (56 in one of 128, 61 of 64), 166 packed alone
// with its time as text. Nothing else about an entry changes: its link (chain.go)
// hashes the time and JSON text it reads back to, so blocking changes no
// link, and a block whose bytes were changed reads back another time or
// other JSON (or none) for its entries and breaks their links.
//
// A block's packed column is one byte naming its format (blockDict1), then
// DEFLATE (RFC 1951, any block types; written by compress/flate) with
// auditDict1 as its preset dictionary, of the block's entries in id order,
// each as
//
//	flags byte: 1 = before_json present (not NULL), 2 = after_json present
//	at's bytes, a zero byte,
//	before_json's bytes, a zero byte, after_json's bytes, a zero byte
//
// exactly last_id - first_id + 1 of them (neither JSON text nor a time
// holds a zero byte).
const (
	blockDict1     = 1
	packBlocked    = 3   // an entry's packed column: read it from its block
	auditBlockSize = 256 // entries a block holds
)

// auditBlocksFrom is the schema version from which audit entries are packed
// in blocks: that of the migration named audit_blocks.
var auditBlocksFrom = migrationNumber("audit_blocks")

// blockedMark is the packed column of an entry kept in its block.
var blockedMark = []byte{packBlocked}

// blockRecord is what a block holds of one entry: its time, before_json
// and after_json.
type blockRecord struct {
	at            string
	before, after sql.NullString
}

var blockWriters = sync.Pool{New: func() any {
	w, err := flate.NewWriterDict(io.Discard, flate.BestCompression, []byte(auditDict1))
	if err != nil {
		panic(err)
	}
	return w
}}

// packBlock is the packed column of a block of the entries recs.
func packBlock(recs []blockRecord) []byte {
	var in bytes.Buffer
	for _, r := range recs {
		var flags byte
		if r.before.Valid {
			flags |= 1
		}
		if r.after.Valid {
			flags |= 2
		}
		in.WriteByte(flags)
		in.WriteString(r.at)
		in.WriteByte(0)
		in.WriteString(r.before.String)
		in.WriteByte(0)
		in.WriteString(r.after.String)
		in.WriteByte(0)
	}
	var out bytes.Buffer
	out.WriteByte(blockDict1)
	w := blockWriters.Get().(*flate.Writer)
	w.Reset(&out)
	w.Write(in.Bytes()) // writes to a bytes.Buffer do not fail
	w.Close()
	blockWriters.Put(w)
	return out.Bytes()
}

// unpackBlock reads a block's packed column back into its n entries.
func unpackBlock(packed []byte, n int) ([]blockRecord, error) {
	if len(packed) == 0 || packed[0] != blockDict1 || n <= 0 {
		return nil, errUnpack
	}
	r := flate.NewReaderDict(bytes.NewReader(packed[1:]), []byte(auditDict1))
	b, err := io.ReadAll(r)
	r.Close()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errUnpack, err)
	}
	recs := make([]blockRecord, 0, n)
	// field is the bytes up to the next zero byte, which it consumes.
	field := func() ([]byte, bool) {
		i := bytes.IndexByte(b, 0)
		if i < 0 {
			return nil, false
		}
		f := b[:i]
		b = b[i+1:]
		return f, true
	}
	for len(b) > 0 {
		flags := b[0]
		b = b[1:]
		at, ok1 := field()
		before, ok2 := field()
		after, ok3 := field()
		if flags > 3 || !ok1 || !ok2 || !ok3 {
			return nil, errUnpack
		}
		r := blockRecord{string(at), sql.NullString{String: string(before), Valid: flags&1 != 0}, sql.NullString{String: string(after), Valid: flags&2 != 0}}
		if (!r.before.Valid && r.before.String != "") || (!r.after.Valid && r.after.String != "") {
			return nil, errUnpack
		}
		recs = append(recs, r)
	}
	if len(recs) != n {
		return nil, errUnpack
	}
	return recs, nil
}

// auditReader reads audit entries, taking a blocked entry's JSON from its
// block; it keeps the latest block read, so reading entries in id order
// unpacks each block once.
type auditReader struct {
	ctx         context.Context
	q           queryer
	first, last int64
	recs        []blockRecord
}

func newAuditReader(ctx context.Context, q queryer) *auditReader {
	return &auditReader{ctx: ctx, q: q}
}

// scan scans auditEntryColumns, as scanAuditEntry does, and reads a blocked
// entry's JSON from its block.
func (r *auditReader) scan(s interface{ Scan(...any) error }) (auditEntry, error) {
	e, err := scanAuditEntry(s)
	if err != nil || !e.Blocked {
		return e, err
	}
	if e.ID < r.first || e.ID > r.last || r.recs == nil {
		var first, last int64
		var packed []byte
		err := r.q.QueryRowContext(r.ctx, `SELECT first_id, last_id, packed FROM audit_blocks WHERE first_id <= ? ORDER BY first_id DESC LIMIT 1`, e.ID).Scan(&first, &last, &packed)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && last < e.ID) {
			return e, fmt.Errorf("%w: entry %d is in no block", errUnpack, e.ID)
		}
		if err != nil {
			return e, err
		}
		recs, err := unpackBlock(packed, int(last-first+1))
		if err != nil {
			return e, err
		}
		r.first, r.last, r.recs = first, last, recs
	}
	rec := r.recs[e.ID-r.first]
	e.At, e.Before, e.After = rec.at, rec.before, rec.after
	return e, nil
}

// blockAudit packs the entries after the last block into a new one once
// there are auditBlockSize of them, up to the entry head just written. An
// entry that does not read back (changed outside Clientbook) is left as it
// is, and so are the ones after it: VerifyChain names it.
func (tx *Tx) blockAudit(k *txKnown, head int64) error {
	if !k.blockedOK {
		err := tx.QueryRowContext(tx.ctx, `SELECT last_id FROM audit_blocks ORDER BY first_id DESC LIMIT 1`).Scan(&k.blocked)
		if errors.Is(err, sql.ErrNoRows) {
			k.blocked, err = 0, nil
		}
		if err != nil {
			return err
		}
		k.blockedOK = true
	}
	for head-k.blocked >= auditBlockSize {
		first, last := k.blocked+1, k.blocked+auditBlockSize
		var recs []blockRecord
		if first >= k.tailFirst && last < k.tailFirst+int64(len(k.tail)) {
			recs = k.tail[first-k.tailFirst : last-k.tailFirst+1]
		}
		ok, err := tx.packBlockAt(first, last, recs)
		if err != nil || !ok {
			return err
		}
		k.blocked = last
	}
	if n := k.blocked + 1 - k.tailFirst; n > 0 && len(k.tail) > 0 {
		k.tail = append(k.tail[:0], k.tail[min(n, int64(len(k.tail))):]...)
		k.tailFirst = k.blocked + 1
	}
	return nil
}

// packBlockAt packs the entries first to last into a block, given what they
// hold (recs) or reading them; false when one of them is not in the book or
// does not read back.
func (tx *Tx) packBlockAt(first, last int64, recs []blockRecord) (bool, error) {
	if recs == nil {
		var err error
		if recs, err = tx.readBlock(first, last); recs == nil || err != nil {
			return false, err
		}
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO audit_blocks (first_id, last_id, packed) VALUES (?, ?, ?)`, first, last, packBlock(recs)); err != nil {
		return false, err
	}
	for id := first; id <= last; id++ {
		if _, err := tx.ExecContext(tx.ctx, `UPDATE audit_log SET at = '', packed = ? WHERE id = ?`, blockedMark, id); err != nil {
			return false, err
		}
	}
	return true, nil
}

// readBlock reads what the entries first to last hold, to pack them into a
// block; nil when one of them is not in the book or does not read back.
func (tx *Tx) readBlock(first, last int64) ([]blockRecord, error) {
	rows, err := tx.QueryContext(tx.ctx, `SELECT `+auditEntryColumns+` FROM audit_log WHERE id BETWEEN ? AND ? ORDER BY id`, first, last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	recs := make([]blockRecord, 0, last-first+1)
	for rows.Next() {
		e, err := scanAuditEntry(rows)
		if errors.Is(err, errUnpack) || e.Blocked || e.ID != first+int64(len(recs)) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		recs = append(recs, blockRecord{e.At, e.Before, e.After})
	}
	if err := rows.Err(); err != nil || int64(len(recs)) != last-first+1 {
		return nil, err
	}
	return recs, nil
}

// blockExisting is the Go step of the migration to auditBlocksFrom: it packs
// the entries written before it into blocks, each entry's link unchanged.
func blockExisting(tx *Tx) error {
	var head int64
	if err := tx.QueryRowContext(tx.ctx, `SELECT last_id FROM audit_head`).Scan(&head); err != nil {
		return err
	}
	return tx.blockAudit(&txKnown{}, head)
}
