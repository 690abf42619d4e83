package data

// Tamper evidence: a hash chain over the audit log and a content hash
// ("seal") of every issued document.
//
// # Canonical encoding
//
// A value is written as one tag byte and its bytes, so that no sequence of
// fields can be read two ways:
//
//	NULL     0x00
//	INTEGER  0x01, the int64 as 8 bytes big-endian (two's complement)
//	TEXT     0x02, the byte length as 8 bytes big-endian, the UTF-8 bytes
//	BLOB     0x03, the byte length as 8 bytes big-endian, the bytes
//	REAL     0x04, the IEEE 754 bits as 8 bytes big-endian (no column holds one today)
//
// An audit entry's link is
//
//	hash = SHA-256( TEXT "clientbook audit v1", BLOB previous entry's hash
//	                (32 zero bytes before the first entry), INTEGER id, TEXT at,
//	                TEXT actor, TEXT entity, INTEGER entity_id, TEXT action,
//	                TEXT|NULL before_json, TEXT|NULL after_json,
//	                BLOB|NULL content_hash )
//
// for an entry in the whole-record format (format 1: every entry written
// before schema 20), and for one in a later format (auditDelta, in
// auditdelta.go)
//
//	hash = SHA-256( TEXT "clientbook audit v2", BLOB previous entry's hash,
//	                INTEGER id, TEXT at, TEXT actor, TEXT entity,
//	                INTEGER entity_id, TEXT action, INTEGER format,
//	                TEXT|NULL before_json, TEXT|NULL after_json,
//	                BLOB|NULL content_hash )
//
// so the entries written before keep their links, and an entry's format
// cannot be changed (to read its JSON another way) without breaking its link.
// before_json and after_json are the JSON text of the entry, whether it is
// stored in those columns or packed (from schema 22, auditpack.go): packing
// changes how an entry is stored, not its link.
//
// An issued document's content hash is
//
//	SHA-256( TEXT "clientbook document v1",
//	         the documents row: id, kind, number, client_id, currency,
//	           issue_date, due_date, po_number, reference, notes, terms,
//	           rounding_scope, rounding_mode, tax_inclusive, discount_percent,
//	           discount_minor, credit_for, from_quote, subtotal_minor,
//	           discount_total_minor, tax_minor, total_minor, bill_to (the
//	           buyer's snapshot, JSON), issuer (the seller's, JSON), issued_at,
//	           created_at — from schema 22 the two snapshots are read from
//	           parties (bill_to_party, issuer_party), the same text;
//	         then for each line, by position then id: TEXT "line", id,
//	           position, item_id, description, quantity, unit,
//	           unit_price_minor, discount_percent;
//	           then for each of the line's taxes, by position: TEXT "tax",
//	           position, rate_id, name, percent, compound )
//
// each value encoded as above with the type SQLite stores. What may still
// change on an issued document — its status, void reason, search text and
// updated_at — is left out.
//
// # What it protects against, and what not
//
// The chain is unkeyed: anyone can compute it. It shows edits made outside
// Clientbook that did not recompute it — a row changed, replaced, removed or
// moved with a SQLite tool, by a script or a faulty program, triggers dropped
// and recreated around an edit, entries cut off the end. It does not stop a
// person who can write the file and knows this encoding from changing a record
// and recomputing every later link, the seals and the head; nor from replacing
// the whole file with an older copy. Only a head kept outside the book (see
// domain.ChainReport.Head) shows that. Records other than issued documents
// (clients, payments, drafts…) are covered only insofar as their audit
// entries are: changing the client row itself leaves the chain intact, its
// audit entries then disagree with it.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"math"
	"strings"
	"time"

	"clientbook/domain"
)

const (
	auditTag    = "clientbook audit v1"
	auditTagV2  = "clientbook audit v2"
	documentTag = "clientbook document v1"
	lineTag     = "line"
	taxTag      = "tax"
)

// canon writes values in the canonical encoding into a hash.
type canon struct {
	h   hash.Hash
	buf [9]byte
}

func newCanon(tag string) *canon {
	c := &canon{h: sha256.New()}
	c.put(tag)
	return c
}

// put writes v, which is one of the types database/sql scans SQLite values
// into: nil, int64, string, []byte, float64 (and int, for callers' ids).
func (c *canon) put(v any) error {
	switch v := v.(type) {
	case nil:
		c.h.Write([]byte{0})
	case int:
		c.fixed(1, uint64(v))
	case int64:
		c.fixed(1, uint64(v))
	case string:
		c.fixed(2, uint64(len(v)))
		c.h.Write([]byte(v))
	case []byte:
		if v == nil { // a NULL BLOB scans as a nil slice
			c.h.Write([]byte{0})
			return nil
		}
		c.fixed(3, uint64(len(v)))
		c.h.Write(v)
	case float64:
		c.fixed(4, math.Float64bits(v))
	default:
		return fmt.Errorf("canonical encoding: unexpected %T", v)
	}
	return nil
}

func (c *canon) fixed(tag byte, n uint64) {
	c.buf[0] = tag
	binary.BigEndian.PutUint64(c.buf[1:], n)
	c.h.Write(c.buf[:])
}

func (c *canon) sum() []byte { return c.h.Sum(nil) }

// auditEntry is one row of the audit log.
type auditEntry struct {
	ID            int64
	At, Actor     string
	Entity        string
	EntityID      int64
	Action        string
	Before, After sql.NullString
	ContentHash   []byte
	Hash          []byte
	Format        int64 // auditFull or auditDelta
	Packed        bool  // stored in the packed column (auditpack.go)
	Blocked       bool  // stored in its block (auditblock.go): At, Before and After not read yet
}

// The audit log's columns: before schema 20, before schema 22 (with
// format), and since (with packed).
const (
	auditEntryColumnsV1  = `id, at, actor, entity, entity_id, action, before_json, after_json, content_hash, hash`
	auditEntryColumnsV20 = auditEntryColumnsV1 + `, format`
	auditEntryColumns    = auditEntryColumnsV20 + `, packed`
)

// scanAuditEntry scans auditEntryColumns, unpacking a packed entry's JSON;
// a blocked entry's is read by auditReader.
func scanAuditEntry(s interface{ Scan(...any) error }) (auditEntry, error) {
	var e auditEntry
	var packed []byte
	err := s.Scan(&e.ID, &e.At, &e.Actor, &e.Entity, &e.EntityID, &e.Action, &e.Before, &e.After, &e.ContentHash, &e.Hash, &e.Format, &packed)
	switch {
	case err != nil || packed == nil:
	case bytes.Equal(packed, blockedMark):
		e.Packed, e.Blocked = true, true
		if e.At != "" || e.Before.Valid || e.After.Valid {
			err = errUnpack
		}
	default:
		e.Packed = true
		e.Before, e.After, err = unpackAudit(packed, e.At, e.EntityID)
	}
	return e, err
}

// scanAuditEntryV1 scans auditEntryColumnsV1, in a book before schema 20.
func scanAuditEntryV1(s interface{ Scan(...any) error }) (auditEntry, error) {
	e := auditEntry{Format: auditFull}
	err := s.Scan(&e.ID, &e.At, &e.Actor, &e.Entity, &e.EntityID, &e.Action, &e.Before, &e.After, &e.ContentHash, &e.Hash)
	return e, err
}

func nullable(s sql.NullString) any {
	if !s.Valid {
		return nil
	}
	return s.String
}

// link is the entry's hash following prev.
func (e auditEntry) link(prev []byte) []byte {
	if e.Format == auditFull {
		c := newCanon(auditTag)
		for _, v := range []any{prev, e.ID, e.At, e.Actor, e.Entity, e.EntityID, e.Action, nullable(e.Before), nullable(e.After), e.ContentHash} {
			c.put(v)
		}
		return c.sum()
	}
	c := newCanon(auditTagV2)
	for _, v := range []any{prev, e.ID, e.At, e.Actor, e.Entity, e.EntityID, e.Action, e.Format, nullable(e.Before), nullable(e.After), e.ContentHash} {
		c.put(v)
	}
	return c.sum()
}

// genesis is the link before the first entry.
var genesis = make([]byte, sha256.Size)

// appendAudit writes one audit entry right after the latest, with its link.
// Writes are serialized (BEGIN IMMEDIATE), so the head read here is still the
// head when the entry is inserted; the schema's triggers check the id and move
// the head. The head, not the last row, is what the new entry follows: if
// entries were cut off the end, the gap stays visible. The transaction reads
// the head once and keeps it as its entries move it (txKnown).
func (tx *Tx) appendAudit(entity string, entityID int64, action string, before, after sql.NullString, contentHash []byte) error {
	k := tx.known
	if k == nil {
		k = &txKnown{}
	}
	if !k.headOK {
		if err := tx.QueryRowContext(tx.ctx, `SELECT last_id, hash FROM audit_head`).Scan(&k.headID, &k.head); err != nil {
			return err
		}
		k.headOK = true
	}
	e := auditEntry{ID: k.headID + 1, At: tx.now.Format(time.RFC3339Nano), Actor: tx.actor, Entity: entity, EntityID: entityID,
		Action: action, Before: before, After: after, ContentHash: contentHash, Format: int64(tx.auditFormat())}
	e.Hash = e.link(k.head)
	var err error
	switch {
	case tx.schema >= auditPackFrom:
		var packed []byte
		if tx.schema >= auditDict2From {
			packed = packAuditAt(e.Before, e.After, e.At, e.EntityID)
		} else {
			packed = packAudit(e.Before, e.After)
		}
		_, err = tx.ExecContext(tx.ctx, `INSERT INTO audit_log (`+auditEntryColumns+`) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?)`,
			e.ID, e.At, e.Actor, e.Entity, e.EntityID, e.Action, e.ContentHash, e.Hash, e.Format, packed)
	case e.Format == auditFull:
		_, err = tx.ExecContext(tx.ctx, `INSERT INTO audit_log (`+auditEntryColumnsV1+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, e.At, e.Actor, e.Entity, e.EntityID, e.Action, e.Before, e.After, e.ContentHash, e.Hash)
	default:
		_, err = tx.ExecContext(tx.ctx, `INSERT INTO audit_log (`+auditEntryColumnsV20+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ID, e.At, e.Actor, e.Entity, e.EntityID, e.Action, e.Before, e.After, e.ContentHash, e.Hash, e.Format)
	}
	if err != nil {
		k.headOK = false
		return err
	}
	k.headID, k.head = e.ID, e.Hash
	if tx.schema >= auditBlocksFrom {
		if len(k.tail) == 0 || k.tailFirst+int64(len(k.tail)) != e.ID {
			k.tailFirst, k.tail = e.ID, k.tail[:0]
		}
		k.tail = append(k.tail, blockRecord{e.At, e.Before, e.After})
		if err := tx.blockAudit(k, e.ID); err != nil {
			k.headOK, k.blockedOK = false, false
			return err
		}
	}
	return nil
}

// The columns of a document's content, in the order they are hashed; the
// bill-to and issuer snapshots are read from parties from schema 22 on.
const (
	sealDocumentColumns = `d.id, d.kind, d.number, d.client_id, d.currency, d.issue_date, d.due_date, d.po_number, d.reference,
	d.notes, d.terms, d.rounding_scope, d.rounding_mode, d.tax_inclusive, d.discount_percent, d.discount_minor,
	d.credit_for, d.from_quote, d.subtotal_minor, d.discount_total_minor, d.tax_minor, d.total_minor,
	` + billToJSON + `, ` + issuerJSON + `, d.issued_at, d.created_at`
	sealDocumentColumnsV1 = `d.id, d.kind, d.number, d.client_id, d.currency, d.issue_date, d.due_date, d.po_number, d.reference,
	d.notes, d.terms, d.rounding_scope, d.rounding_mode, d.tax_inclusive, d.discount_percent, d.discount_minor,
	d.credit_for, d.from_quote, d.subtotal_minor, d.discount_total_minor, d.tax_minor, d.total_minor,
	d.bill_to, d.issuer, d.issued_at, d.created_at`
	sealLineColumns = `l.id, l.position, l.item_id, l.description, l.quantity, l.unit, l.unit_price_minor, l.discount_percent`
	sealTaxColumns  = `t.position, t.rate_id, t.name, t.percent, t.compound`
)

// sealedDocument is a document's content hash as computed from its rows now,
// beside the one stored with it.
type sealedDocument struct {
	ID        int64
	Kind      string
	Number    string
	IssueDate string
	Hash      []byte // computed now
	Stored    []byte // documents.content_hash
}

// cursor is rows read one ahead, each scanned into values.
type cursor struct {
	rows *sql.Rows
	vals []any
	ok   bool
	err  error
}

func openCursor(ctx context.Context, q queryer, n int, query string, args ...any) (*cursor, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	c := &cursor{rows: rows, vals: make([]any, n)}
	c.next()
	return c, nil
}

func (c *cursor) next() {
	if c.ok = c.err == nil && c.rows.Next(); !c.ok {
		if c.err == nil {
			c.err = c.rows.Err()
		}
		return
	}
	ptrs := make([]any, len(c.vals))
	for i := range c.vals {
		ptrs[i] = &c.vals[i]
	}
	if c.err = c.rows.Scan(ptrs...); c.err != nil {
		c.ok = false
	}
}

func (c *cursor) int(i int) int64 { n, _ := c.vals[i].(int64); return n }

// contentHashes computes the content hash of every document matching where (a
// condition on documents d), in id order, and calls fn with each. It reads the
// documents, their lines and the lines' taxes in three ordered queries merged
// here, so a whole book costs three scans rather than three queries per
// document.
// schema is the book's schema version.
func contentHashes(ctx context.Context, q queryer, schema int, where string, args []any, fn func(sealedDocument) error) (err error) {
	columns := sealDocumentColumns
	if schema < partiesFrom {
		columns = sealDocumentColumnsV1
	}
	nDoc := strings.Count(sealDocumentColumnsV1, ",") + 1
	docs, err := openCursor(ctx, q, nDoc+1, `SELECT `+columns+`, d.content_hash FROM documents d WHERE `+where+` ORDER BY d.id`, args...)
	if err != nil {
		return err
	}
	defer docs.rows.Close()
	lines, err := openCursor(ctx, q, 1+strings.Count(sealLineColumns, ",")+1, `SELECT l.document_id, `+sealLineColumns+`
		FROM document_lines l JOIN documents d ON d.id = l.document_id WHERE `+where+` ORDER BY l.document_id, l.position, l.id`, args...)
	if err != nil {
		return err
	}
	defer lines.rows.Close()
	taxes, err := openCursor(ctx, q, 2+strings.Count(sealTaxColumns, ",")+1, `SELECT l.document_id, t.line_id, `+sealTaxColumns+`
		FROM line_taxes t JOIN document_lines l ON l.id = t.line_id JOIN documents d ON d.id = l.document_id
		WHERE `+where+` ORDER BY l.document_id, l.position, l.id, t.position`, args...)
	if err != nil {
		return err
	}
	defer taxes.rows.Close()
	for ; docs.ok; docs.next() {
		id := docs.int(0)
		c := newCanon(documentTag)
		for _, v := range docs.vals[:nDoc] {
			if err := c.put(v); err != nil {
				return err
			}
		}
		for lines.ok && lines.int(0) < id {
			lines.next()
		}
		for ; lines.ok && lines.int(0) == id; lines.next() {
			lineID := lines.int(1)
			c.put(lineTag)
			for _, v := range lines.vals[1:] {
				if err := c.put(v); err != nil {
					return err
				}
			}
			for taxes.ok && taxes.int(0) < id {
				taxes.next()
			}
			for ; taxes.ok && taxes.int(0) == id && taxes.int(1) == lineID; taxes.next() {
				c.put(taxTag)
				for _, v := range taxes.vals[2:] {
					if err := c.put(v); err != nil {
						return err
					}
				}
			}
		}
		s := sealedDocument{ID: id, Hash: c.sum()}
		s.Kind, _ = docs.vals[1].(string)
		s.Number, _ = docs.vals[2].(string)
		s.IssueDate, _ = docs.vals[5].(string)
		s.Stored, _ = docs.vals[nDoc].([]byte)
		if err := fn(s); err != nil {
			return err
		}
	}
	for _, c := range []*cursor{docs, lines, taxes} {
		if c.err != nil {
			return c.err
		}
	}
	return nil
}

// sealDocument computes the content hash of the document id, just issued, and
// stores it with the document; the caller writes it into the audit entry of
// the issue.
func sealDocument(tx *Tx, id int64) ([]byte, error) {
	var h []byte
	err := contentHashes(tx.ctx, tx, tx.schema, `d.id = ?`, []any{id}, func(s sealedDocument) error {
		h = s.Hash
		return nil
	})
	if err != nil {
		return nil, err
	}
	if h == nil {
		return nil, fmt.Errorf("seal document %d: not found", id)
	}
	if _, err := tx.ExecContext(tx.ctx, `UPDATE documents SET content_hash = ? WHERE id = ?`, h, id); err != nil {
		return nil, err
	}
	return h, nil
}

// sealNote is the audit record of a document sealed by the upgrade to
// version 13: issued before documents carried a content hash.
type sealNote struct {
	Kind        string
	Number      string
	IssueDate   string
	ContentHash string
}

// sealExisting is the Go half of migration 13: it links every audit entry
// written before it, in order, moves the head to the last one, then seals
// every document issued before it, each with an audit entry "seal" carrying
// its content hash. The chain so attests the book as it was at the upgrade.
func sealExisting(tx *Tx) error {
	prev, last := genesis, int64(0)
	for {
		columns, scan := auditEntryColumns, newAuditReader(tx.ctx, tx).scan
		if tx.auditFormat() == auditFull { // the upgrade to version 13: no format column yet
			columns, scan = auditEntryColumnsV1, scanAuditEntryV1
		}
		rows, err := tx.QueryContext(tx.ctx, `SELECT `+columns+` FROM audit_log WHERE id > ? ORDER BY id LIMIT 1000`, last)
		if err != nil {
			return err
		}
		var batch []auditEntry
		for rows.Next() {
			e, err := scan(rows)
			if err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			break
		}
		for _, e := range batch {
			prev, last = e.link(prev), e.ID
			if _, err := tx.ExecContext(tx.ctx, `UPDATE audit_log SET hash = ? WHERE id = ?`, prev, e.ID); err != nil {
				return err
			}
		}
	}
	if last > 0 {
		if _, err := tx.ExecContext(tx.ctx, `UPDATE audit_head SET last_id = ?, hash = ?`, last, prev); err != nil {
			return err
		}
	}
	var sealed []sealedDocument
	if err := contentHashes(tx.ctx, tx, tx.schema, `d.status <> 'draft'`, nil, func(s sealedDocument) error {
		sealed = append(sealed, s)
		return nil
	}); err != nil {
		return err
	}
	for _, s := range sealed {
		if _, err := tx.ExecContext(tx.ctx, `UPDATE documents SET content_hash = ? WHERE id = ?`, s.Hash, s.ID); err != nil {
			return err
		}
		note := sealNote{Kind: s.Kind, Number: s.Number, IssueDate: s.IssueDate, ContentHash: hex.EncodeToString(s.Hash)}
		if err := tx.auditSealing("document", s.ID, "seal", nil, note, s.Hash); err != nil {
			return err
		}
	}
	return nil
}

// VerifyChain checks the book's tamper evidence: every audit entry against
// the one before it, the latest entry against the recorded head, and every
// issued document against the seal in the audit entry that issued it. It
// reads the whole audit log and every issued document — a check, not
// something to run on every open. The first broken link found is named in
// the report; an error means the book could not be read.
func (b *Book) VerifyChain(ctx context.Context) (domain.ChainReport, error) {
	var r domain.ChainReport
	err := b.read(ctx, "verify the book", func(q queryer) error {
		r = domain.ChainReport{}
		return verifyChain(ctx, q, &r)
	})
	return r, err
}

// seal is where the audit log says a document was sealed.
type seal struct {
	entry int64
	hash  []byte
}

func verifyChain(ctx context.Context, q queryer, r *domain.ChainReport) error {
	seals := map[int64]seal{}
	rows, err := q.QueryContext(ctx, `SELECT `+auditEntryColumns+` FROM audit_log ORDER BY id`)
	if err != nil {
		return err
	}
	prev, prevID := genesis, int64(0)
	var broken *auditEntry
	var brokenGap bool
	reader := newAuditReader(ctx, q)
	for rows.Next() {
		e, err := reader.scan(rows)
		if err != nil && !errors.Is(err, errUnpack) {
			rows.Close()
			return err
		}
		r.Entries++
		if err != nil || e.Hash == nil || !bytes.Equal(e.link(prev), e.Hash) {
			broken, brokenGap = &e, e.ID != prevID+1
			break
		}
		if e.Entity == "document" && e.ContentHash != nil {
			seals[e.EntityID] = seal{e.ID, e.ContentHash}
		}
		prev, prevID = e.Hash, e.ID
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	r.HeadEntry, r.Head = prevID, hex.EncodeToString(prev)
	if broken != nil {
		r.BrokenEntry = broken.ID
		what := describeEntry(ctx, q, *broken)
		switch {
		case broken.Hash == nil:
			r.Broken = fmt.Sprintf("Audit entry %s (%s) was added or changed outside Clientbook: it carries no link to the entry before it.",
				domain.Thousands(broken.ID), what)
		case brokenGap && broken.ID == prevID+2:
			r.Broken = fmt.Sprintf("Audit entry %s, before entry %s (%s), was removed.",
				domain.Thousands(prevID+1), domain.Thousands(broken.ID), what)
		case brokenGap && broken.ID > prevID:
			r.Broken = fmt.Sprintf("Audit entries %s to %s, before entry %s (%s), were removed.",
				domain.Thousands(prevID+1), domain.Thousands(broken.ID-1), domain.Thousands(broken.ID), what)
		default:
			r.Broken = fmt.Sprintf("Audit entry %s (%s) was changed after it was written, or an entry was moved or removed before it.",
				domain.Thousands(broken.ID), what)
		}
		return nil
	}
	var headID int64
	var head []byte
	if err := q.QueryRowContext(ctx, `SELECT last_id, hash FROM audit_head`).Scan(&headID, &head); err != nil {
		if err == sql.ErrNoRows {
			r.Broken = "The record of the latest audit entry was removed, so entries cut off the end of the audit log would not show."
			return nil
		}
		return err
	}
	switch {
	case headID > prevID:
		r.BrokenEntry = prevID
		removed := fmt.Sprintf("Audit entry %s, the last one written, was removed", domain.Thousands(headID))
		if headID > prevID+1 {
			removed = fmt.Sprintf("Audit entries %s to %s, the last ones written, were removed", domain.Thousands(prevID+1), domain.Thousands(headID))
		}
		now := "the audit log is now empty"
		if prevID > 0 {
			now = "the audit log now ends at entry " + domain.Thousands(prevID)
			if last, err := newAuditReader(ctx, q).scan(q.QueryRowContext(ctx, `SELECT `+auditEntryColumns+` FROM audit_log WHERE id = ?`, prevID)); err == nil {
				now += " (" + describeEntry(ctx, q, last) + ")"
			}
		}
		r.Broken = removed + "; " + now + "."
		return nil
	case headID < prevID || !bytes.Equal(head, prev):
		r.BrokenEntry = prevID
		r.Broken = fmt.Sprintf("The latest audit entry, %s, is not the one the book last wrote (entry %s): the audit log or its record of the latest entry was changed outside Clientbook.",
			domain.Thousands(prevID), domain.Thousands(headID))
		return nil
	}
	err = contentHashes(ctx, q, SchemaVersion(), `d.status <> 'draft'`, nil, func(s sealedDocument) error {
		r.Documents++
		sl, ok := seals[s.ID]
		delete(seals, s.ID)
		name := documentName(s.Kind, s.Number, s.ID)
		switch {
		case !ok:
			r.Broken = fmt.Sprintf("%s (issued %s) has no seal in the audit log: it was issued, or changed from a draft, outside Clientbook.",
				capital(name), s.IssueDate)
		case !bytes.Equal(s.Hash, sl.hash):
			r.Broken = fmt.Sprintf("%s (issued %s) no longer matches what was issued (sealed in audit entry %s).",
				capital(name), s.IssueDate, domain.Thousands(sl.entry))
			r.BrokenEntry = sl.entry
		case !bytes.Equal(s.Stored, sl.hash):
			r.Broken = fmt.Sprintf("The seal stored with %s (issued %s) was changed; what it says still matches what was issued (audit entry %s).",
				name, s.IssueDate, domain.Thousands(sl.entry))
			r.BrokenEntry = sl.entry
		default:
			return nil
		}
		r.BrokenDocument = s.ID
		return errStop
	})
	if err == errStop {
		return nil
	}
	if err != nil {
		return err
	}
	if len(seals) > 0 {
		var first int64
		for id, sl := range seals {
			if first == 0 || sl.entry < seals[first].entry {
				first = id
			}
		}
		sl := seals[first]
		name := fmt.Sprintf("document %d", first)
		var kind, number sql.NullString
		if q.QueryRowContext(ctx, `SELECT kind, number FROM documents WHERE id = ?`, first).Scan(&kind, &number) == nil {
			name = documentName(kind.String, number.String, first)
			r.Broken = fmt.Sprintf("%s, sealed in audit entry %s, was turned back into a draft.", capital(name), domain.Thousands(sl.entry))
		} else {
			if e, err := newAuditReader(ctx, q).scan(q.QueryRowContext(ctx, `SELECT `+auditEntryColumns+` FROM audit_log WHERE id = ?`, sl.entry)); err == nil {
				name = describeEntry(ctx, q, e)
			}
			r.Broken = fmt.Sprintf("A document sealed in audit entry %s (%s) was removed from the book.", domain.Thousands(sl.entry), name)
		}
		r.BrokenEntry, r.BrokenDocument = sl.entry, first
	}
	return nil
}

// errStop ends a scan early once a break is found.
var errStop = errors.New("stop")

// documentName is "invoice INV-2026-0042", or "credit note 12" for one
// without a number.
func documentName(kind, number string, id int64) string {
	k := strings.ReplaceAll(kind, "-", " ")
	if k == "" {
		k = "document"
	}
	if number == "" {
		return fmt.Sprintf("%s %d", k, id)
	}
	return k + " " + number
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// describeEntry says what an audit entry records, as a person would look for
// it: "invoice INV-2026-0042, issued 2026-03-01".
func describeEntry(ctx context.Context, q queryer, e auditEntry) string {
	subject := fmt.Sprintf("%s %d", strings.ReplaceAll(e.Entity, "_", " "), e.EntityID)
	if e.Entity == "document" {
		var kind, number sql.NullString
		if q.QueryRowContext(ctx, `SELECT kind, number FROM documents WHERE id = ?`, e.EntityID).Scan(&kind, &number) == nil {
			subject = documentName(kind.String, number.String, e.EntityID)
		} else if kind, number := removedDocument(ctx, q, e); kind != "" {
			subject = documentName(kind, number, e.EntityID)
		}
	}
	day := e.At
	if len(day) >= 10 {
		day = day[:10]
	}
	return fmt.Sprintf("%s, %s %s", subject, pastTense(e.Action), day)
}

// removedDocument is the kind and number of the document an audit entry is
// about, when the document is no longer in the book, from what the audit log
// recorded of it: the entry itself, then the document's other entries (an
// entry that records only what changed may name neither).
func removedDocument(ctx context.Context, q queryer, e auditEntry) (kind, number string) {
	look := func(js ...sql.NullString) {
		for _, j := range js {
			var d struct{ Kind, Number string }
			if !j.Valid || json.Unmarshal([]byte(j.String), &d) != nil {
				continue
			}
			if kind == "" {
				kind = d.Kind
			}
			if number == "" {
				number = d.Number
			}
		}
	}
	look(e.After, e.Before)
	if kind != "" && number != "" {
		return kind, number
	}
	rows, err := q.QueryContext(ctx, `SELECT `+auditEntryColumns+` FROM audit_log WHERE entity = 'document' AND entity_id = ? ORDER BY id DESC`, e.EntityID)
	if err != nil {
		return kind, number
	}
	defer rows.Close()
	reader := newAuditReader(ctx, q)
	for rows.Next() && (kind == "" || number == "") {
		if o, err := reader.scan(rows); err == nil {
			look(o.After, o.Before)
		}
	}
	return kind, number
}

// pastTense turns an audit action into what happened: issue → issued.
func pastTense(action string) string {
	switch {
	case action == "":
		return "changed"
	case strings.HasSuffix(action, "ed"):
		return action
	case strings.HasSuffix(action, "e"):
		return action + "d"
	case action == "void":
		return "voided"
	default:
		return action + "ed"
	}
}

// ChainLink is the stored link (hex) of audit entry id, "" when there is no
// such entry. With a clean VerifyChain, a head remembered outside the book
// (domain.ChainReport's HeadEntry and Head) that still equals the link of its
// entry shows the history up to it was not rebuilt since.
func (b *Book) ChainLink(ctx context.Context, id int64) (string, error) {
	var h []byte
	err := b.read(ctx, "read the audit log", func(q queryer) error {
		err := q.QueryRowContext(ctx, `SELECT hash FROM audit_log WHERE id = ?`, id).Scan(&h)
		if err == sql.ErrNoRows {
			return nil
		}
		return err
	})
	return hex.EncodeToString(h), err
}
