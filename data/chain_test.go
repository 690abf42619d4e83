package data

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"clientbook/domain"
	"clientbook/domain/demo"
)

// demoBook is a small demo book (clients, quotes, invoices, credit notes,
// payments, refunds, bank) to tamper with.
func demoBook(t *testing.T) *Book {
	t.Helper()
	b := openTemp(t)
	if err := demo.Fill(context.Background(), b, demo.Options{Clients: 12, Invoices: 40, Seed: 7, Today: domain.NewDate(2027, 6, 15)}); err != nil {
		t.Fatal(err)
	}
	return b
}

// verify runs VerifyChain and fails the test on an error.
func verify(t *testing.T, b *Book) domain.ChainReport {
	t.Helper()
	r, err := b.VerifyChain(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// expectBroken checks the report names a broken link containing each of want.
func expectBroken(t *testing.T, r domain.ChainReport, want ...string) {
	t.Helper()
	if r.OK() {
		t.Fatalf("the tampering went unnoticed: %+v", r)
	}
	t.Log(r.Broken)
	for _, w := range want {
		if !strings.Contains(r.Broken, w) {
			t.Errorf("report %q does not say %q", r.Broken, w)
		}
	}
}

// tamper runs stmts as someone with the sqlite3 shell would: on a connection
// of its own with foreign keys off, the named triggers dropped first and put
// back afterwards, exactly as they were.
func tamper(t *testing.T, b *Book, triggers []string, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	conn, err := b.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var recreate []string
	for _, name := range triggers {
		var def string
		if err := conn.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?`, name).Scan(&def); err != nil {
			t.Fatalf("trigger %s: %v", name, err)
		}
		recreate = append(recreate, def)
	}
	run := func(s string) {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	run(`PRAGMA foreign_keys = OFF`)
	defer conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
	for _, name := range triggers {
		run(`DROP TRIGGER ` + name)
	}
	for _, s := range stmts {
		run(s)
	}
	for _, def := range recreate {
		run(def)
	}
}

// issuedInvoice is an issued invoice of the book with no payments against it.
func issuedInvoice(t *testing.T, b *Book) (id int64, number string) {
	t.Helper()
	err := b.db.QueryRow(`SELECT id, number FROM documents WHERE kind = 'invoice' AND status = 'issued'
		AND id NOT IN (SELECT document_id FROM allocations) ORDER BY id LIMIT 1`).Scan(&id, &number)
	if err != nil {
		t.Fatal(err)
	}
	return id, number
}

func TestChainDemoBookVerifies(t *testing.T) {
	b := demoBook(t)
	r := verify(t, b)
	if !r.OK() {
		t.Fatalf("a clean demo book does not verify: %s", r.Broken)
	}
	if r.Entries != count(t, b, `SELECT count(*) FROM audit_log`) || r.HeadEntry != int64(r.Entries) || len(r.Head) != 64 {
		t.Errorf("report %+v", r)
	}
	if want := count(t, b, `SELECT count(*) FROM documents WHERE status <> 'draft'`); r.Documents != want || want < 40 {
		t.Errorf("%d documents verified, want %d", r.Documents, want)
	}
	if n := count(t, b, `SELECT count(*) FROM documents WHERE status <> 'draft' AND content_hash IS NULL`); n != 0 {
		t.Errorf("%d issued documents carry no seal", n)
	}
	if n := count(t, b, `SELECT count(*) FROM documents WHERE status = 'draft' AND content_hash IS NOT NULL`); n != 0 {
		t.Errorf("%d drafts carry a seal", n)
	}
	if n := count(t, b, `SELECT count(*) FROM documents d WHERE status <> 'draft' AND NOT EXISTS (SELECT 1 FROM audit_log a
		WHERE a.entity = 'document' AND a.entity_id = d.id AND a.content_hash = d.content_hash)`); n != 0 {
		t.Errorf("%d issued documents have no audit entry carrying their seal", n)
	}
	if !strings.Contains(r.String(), "The book verifies") {
		t.Errorf("String() = %q", r.String())
	}
}

// TestChainEncoding recomputes a link and a document seal from the encoding
// written in chain.go's comment, independently of the code, so the two cannot
// drift apart.
func TestChainEncoding(t *testing.T) {
	var buf bytes.Buffer
	null := func() { buf.WriteByte(0) }
	integer := func(n int64) { buf.WriteByte(1); binary.Write(&buf, binary.BigEndian, n) }
	text := func(s string) {
		buf.WriteByte(2)
		binary.Write(&buf, binary.BigEndian, uint64(len(s)))
		buf.WriteString(s)
	}
	blob := func(p []byte) { buf.WriteByte(3); binary.Write(&buf, binary.BigEndian, uint64(len(p))); buf.Write(p) }

	e := auditEntry{ID: 7, At: "2026-03-01T10:00:00Z", Actor: "ann", Entity: "document", EntityID: 42, Action: "issue",
		Before: sql.NullString{String: `{"a":1}`, Valid: true}, ContentHash: bytes.Repeat([]byte{9}, 32), Format: auditFull}
	prev := bytes.Repeat([]byte{1}, 32)
	text("clientbook audit v1")
	blob(prev)
	integer(7)
	text("2026-03-01T10:00:00Z")
	text("ann")
	text("document")
	integer(42)
	text("issue")
	text(`{"a":1}`)
	null()
	blob(e.ContentHash)
	want := sha256.Sum256(buf.Bytes())
	if got := e.link(prev); !bytes.Equal(got, want[:]) {
		t.Errorf("link = %x, want %x", got, want)
	}
	// An entry of a later format has its own tag and hashes its format.
	buf.Reset()
	text("clientbook audit v2")
	blob(prev)
	integer(7)
	text("2026-03-01T10:00:00Z")
	text("ann")
	text("document")
	integer(42)
	text("issue")
	integer(2)
	text(`{"a":1}`)
	null()
	blob(e.ContentHash)
	want = sha256.Sum256(buf.Bytes())
	v2 := e
	v2.Format = auditDelta
	if got := v2.link(prev); !bytes.Equal(got, want[:]) {
		t.Errorf("format 2 link = %x, want %x", got, want)
	}
	// Moving a byte from one field to the next changes the link.
	shifted := e
	shifted.Actor, shifted.Entity = "an", "ndocument"
	if bytes.Equal(shifted.link(prev), e.link(prev)) {
		t.Error("fields can be shifted without changing the link")
	}

	b := openTemp(t)
	ctx := context.Background()
	if err := b.Clients().CreateClient(ctx, &domain.Client{Name: "A", Status: domain.StatusActive, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.Exec(`INSERT INTO documents (id, kind, status, client_id, currency, issue_date, rounding_scope, rounding_mode,
			total_minor, created_at, updated_at) VALUES (5, 'invoice', 'draft', 1, 'EUR', '2026-03-01', 'per-line', 'half-up', 1200, 'c', 'u');
		INSERT INTO document_lines (id, document_id, position, description, quantity, unit_price_minor) VALUES (11, 5, 0, 'Work', '2', 600);
		INSERT INTO line_taxes (line_id, position, rate_id, name, percent, compound) VALUES (11, 0, NULL, 'VAT', '20', 0)`); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	text("clientbook document v1")
	integer(5)         // id
	text("invoice")    // kind
	null()             // number
	integer(1)         // client_id
	text("EUR")        // currency
	text("2026-03-01") // issue_date
	text("")           // due_date
	text("")           // po_number
	text("")           // reference
	text("")           // notes
	text("")           // terms
	text("per-line")   // rounding_scope
	text("half-up")    // rounding_mode
	integer(0)         // tax_inclusive
	text("0")          // discount_percent
	integer(0)         // discount_minor
	null()             // credit_for
	null()             // from_quote
	integer(0)         // subtotal_minor
	integer(0)         // discount_total_minor
	integer(0)         // tax_minor
	integer(1200)      // total_minor
	null()             // bill_to
	null()             // issuer
	text("")           // issued_at
	text("c")          // created_at
	text("line")       //
	integer(11)        // id
	integer(0)         // position
	null()             // item_id
	text("Work")       // description
	text("2")          // quantity
	text("")           // unit
	integer(600)       // unit_price_minor
	text("0")          // discount_percent
	text("tax")        //
	integer(0)         // position
	null()             // rate_id
	text("VAT")        // name
	text("20")         // percent
	integer(0)         // compound
	want = sha256.Sum256(buf.Bytes())
	var got []byte
	if err := contentHashes(ctx, b.db, SchemaVersion(), `d.id = ?`, []any{5}, func(s sealedDocument) error { got = s.Hash; return nil }); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want[:]) {
		t.Errorf("content hash = %x, want %x", got, want)
	}
}

func TestChainRefusesInsertOrReplace(t *testing.T) {
	b := demoBook(t)
	id, _ := issuedInvoice(t, b)
	var draft int64
	if err := b.db.QueryRow(`SELECT id FROM documents WHERE status = 'draft' LIMIT 1`).Scan(&draft); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		`INSERT OR REPLACE INTO audit_log (id, at, actor, entity, entity_id, action, hash)
			SELECT id, at, 'mallory', entity, entity_id, action, hash FROM audit_log WHERE id = 3`,
		`INSERT OR REPLACE INTO audit_log (at, actor, entity, entity_id, action) VALUES ('x', 'mallory', 'client', 1, 'create')`,
		`INSERT OR REPLACE INTO documents SELECT * FROM documents WHERE id = ` + itoa(id),
		`INSERT OR REPLACE INTO document_lines (id, document_id, position, description, quantity, unit_price_minor)
			SELECT id, ` + itoa(draft) + `, position, 'cheaper', quantity, 1 FROM document_lines WHERE document_id = ` + itoa(id) + ` LIMIT 1`,
		`INSERT OR REPLACE INTO line_taxes (line_id, position, name, percent, compound)
			SELECT l.id, 0, 'none', '0', 0 FROM document_lines l WHERE l.document_id = ` + itoa(id) + ` LIMIT 1`,
		`UPDATE documents SET content_hash = zeroblob(32) WHERE id = ` + itoa(id),
		`DELETE FROM audit_head`,
		`UPDATE audit_head SET last_id = last_id - 1`,
	} {
		if _, err := b.db.Exec(s); err == nil {
			t.Errorf("allowed: %s", s)
		}
	}
	if r := verify(t, b); !r.OK() {
		t.Fatalf("refused changes broke the chain: %s", r.Broken)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestChainDetectsReplacedAuditEntry(t *testing.T) {
	b := demoBook(t)
	// Keep the link, change what the entry says.
	tamper(t, b, []string{"audit_log_append", "audit_log_advance"},
		`INSERT OR REPLACE INTO audit_log (id, at, actor, entity, entity_id, action, before_json, after_json, content_hash, hash, format, packed)
			SELECT id, at, 'mallory', entity, entity_id, action, before_json, after_json, content_hash, hash, format, packed FROM audit_log WHERE id = 5`)
	r := verify(t, b)
	expectBroken(t, r, "Audit entry 5 (", "was changed after it was written")
	if r.BrokenEntry != 5 {
		t.Errorf("broken entry %d", r.BrokenEntry)
	}
}

func TestChainDetectsReplacedIssuedDocument(t *testing.T) {
	b := demoBook(t)
	id, number := issuedInvoice(t, b)
	tamper(t, b, []string{"documents_locked_replace"},
		`CREATE TEMP TABLE doc AS SELECT * FROM documents WHERE id = `+itoa(id),
		`UPDATE doc SET total_minor = total_minor / 2, content_hash = NULL`,
		`INSERT OR REPLACE INTO documents SELECT * FROM doc`)
	r := verify(t, b)
	expectBroken(t, r, "Invoice "+number, "no longer matches what was issued")
	if r.BrokenDocument != id {
		t.Errorf("broken document %d, want %d", r.BrokenDocument, id)
	}
}

func TestChainDetectsEditBehindDroppedTrigger(t *testing.T) {
	for _, tc := range []struct {
		name     string
		triggers []string
		stmt     string
	}{
		{"line amount", []string{"document_lines_locked_update"},
			`UPDATE document_lines SET unit_price_minor = unit_price_minor + 100 WHERE id = (SELECT min(id) FROM document_lines WHERE document_id = %d)`},
		{"total", []string{"documents_locked_update"}, `UPDATE documents SET total_minor = total_minor + 100 WHERE id = %d`},
		{"buyer", []string{"documents_locked_update"},
			`INSERT INTO parties (json) SELECT replace(json, '"Name":"', '"Name":"X') FROM parties WHERE id = (SELECT bill_to_party FROM documents WHERE id = %d);
			UPDATE documents SET bill_to_party = last_insert_rowid() WHERE id = %d`},
		{"tax", []string{"line_taxes_locked_update"},
			`UPDATE line_taxes SET percent = '0' WHERE line_id IN (SELECT id FROM document_lines WHERE document_id = %d)`},
		{"line removed", []string{"document_lines_locked_delete"},
			`DELETE FROM document_lines WHERE id = (SELECT max(id) FROM document_lines WHERE document_id = %d)`},
		// Recomputing the seal stored with the document does not help: the
		// audit entry of the issue still holds the original.
		{"resealed", []string{"documents_locked_update", "documents_sealed"},
			`UPDATE documents SET total_minor = total_minor + 100, content_hash = zeroblob(32) WHERE id = %d`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := demoBook(t)
			id, number := issuedInvoice(t, b)
			if tc.name == "tax" && count(t, b, `SELECT count(*) FROM line_taxes t JOIN document_lines l ON l.id = t.line_id WHERE l.document_id = ?`, id) == 0 {
				t.Skip("the invoice has no taxes")
			}
			tamper(t, b, tc.triggers, strings.ReplaceAll(tc.stmt, "%d", itoa(id)))
			r := verify(t, b)
			expectBroken(t, r, "Invoice "+number, "no longer matches what was issued", "sealed in audit entry")
		})
	}
}

func TestChainDetectsRemovedLastEntry(t *testing.T) {
	b := demoBook(t)
	last := int64(count(t, b, `SELECT max(id) FROM audit_log`))
	tamper(t, b, []string{"audit_log_no_delete"}, `DELETE FROM audit_log WHERE id = `+itoa(last))
	r := verify(t, b)
	expectBroken(t, r, "Audit entry "+domain.Thousands(last)+", the last one written, was removed; the audit log now ends at entry "+domain.Thousands(last-1)+" (")
	// Work carries on; the gap stays visible.
	if err := b.Clients().CreateClient(context.Background(), &domain.Client{Name: "After", Status: domain.StatusActive, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	r = verify(t, b)
	expectBroken(t, r, "Audit entry "+domain.Thousands(last)+", before entry "+domain.Thousands(last+1), "was removed")
}

func TestChainDetectsRemovedOrMovedMiddleEntry(t *testing.T) {
	b := demoBook(t)
	tamper(t, b, []string{"audit_log_no_delete"}, `DELETE FROM audit_log WHERE id = 10`)
	expectBroken(t, verify(t, b), "Audit entry 10, before entry 11 (", "was removed")

	b = demoBook(t)
	tamper(t, b, []string{"audit_log_no_delete"}, `DELETE FROM audit_log WHERE id BETWEEN 10 AND 12`)
	expectBroken(t, verify(t, b), "Audit entries 10 to 12, before entry 13 (", "were removed")

	// Two entries swap places, each keeping its link.
	b = demoBook(t)
	tamper(t, b, []string{"audit_log_no_update"},
		`CREATE TEMP TABLE a AS SELECT * FROM audit_log WHERE id IN (20, 21)`,
		`UPDATE audit_log SET at = (SELECT at FROM a WHERE id = 41 - audit_log.id), actor = (SELECT actor FROM a WHERE id = 41 - audit_log.id),
			entity = (SELECT entity FROM a WHERE id = 41 - audit_log.id), entity_id = (SELECT entity_id FROM a WHERE id = 41 - audit_log.id),
			action = (SELECT action FROM a WHERE id = 41 - audit_log.id), before_json = (SELECT before_json FROM a WHERE id = 41 - audit_log.id),
			after_json = (SELECT after_json FROM a WHERE id = 41 - audit_log.id), content_hash = (SELECT content_hash FROM a WHERE id = 41 - audit_log.id),
			hash = (SELECT hash FROM a WHERE id = 41 - audit_log.id), packed = (SELECT packed FROM a WHERE id = 41 - audit_log.id)
			WHERE id IN (20, 21)`)
	r := verify(t, b)
	expectBroken(t, r, "Audit entry 20 (", "was changed after it was written, or an entry was moved or removed before it")

	// The whole chain recomputed after an edit is not detected from inside
	// the book, but the head remembered before no longer matches.
	b = demoBook(t)
	before := verify(t, b)
	tamper(t, b, []string{"audit_log_no_update"}, `UPDATE audit_log SET actor = 'mallory' WHERE id = 3`)
	if err := b.write(context.Background(), "relink", func(tx *Tx) error {
		if _, err := tx.ExecContext(tx.ctx, `DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_head_forward;
			UPDATE audit_log SET hash = NULL; UPDATE audit_head SET last_id = 0, hash = zeroblob(32)`); err != nil {
			return err
		}
		return sealExisting(tx)
	}); err != nil {
		t.Fatal(err)
	}
	after := verify(t, b)
	if !after.OK() || after.Head == before.Head {
		t.Errorf("a rebuilt chain: %+v, head before %s", after, before.Head)
	}
}

func TestChainDetectsRemovedIssuedDocument(t *testing.T) {
	b := demoBook(t)
	id, number := issuedInvoice(t, b)
	tamper(t, b, []string{"documents_locked_delete", "document_lines_locked_delete", "line_taxes_locked_delete"},
		`DELETE FROM line_taxes WHERE line_id IN (SELECT id FROM document_lines WHERE document_id = `+itoa(id)+`)`,
		`DELETE FROM document_lines WHERE document_id = `+itoa(id),
		`DELETE FROM documents WHERE id = `+itoa(id))
	expectBroken(t, verify(t, b), "was removed from the book", "invoice "+number)
}

// TestChainUpgradeFromVersion12 takes a demo book back to what version 12
// wrote — the same rows, no links, no seals, no head — and opens it: the
// upgrade links the entries and seals every issued document with the same
// hash it had when it was issued, and the book verifies.
func TestChainUpgradeFromVersion12(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.db")
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := demo.Fill(ctx, b, demo.Options{Clients: 12, Invoices: 40, Seed: 7, Today: domain.NewDate(2027, 6, 15)}); err != nil {
		t.Fatal(err)
	}
	seals := map[int64][]byte{}
	rows, err := b.db.Query(`SELECT id, content_hash FROM documents WHERE status <> 'draft'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var h []byte
		rows.Scan(&id, &h)
		seals[id] = h
	}
	rows.Close()
	entries := countRows(t, b, "audit_log")
	undoCompactBook(t, b.db)
	if _, err := b.db.Exec(`
		DROP TRIGGER audit_head_one; DROP TRIGGER audit_head_forward; DROP TRIGGER audit_head_no_delete;
		DROP TRIGGER audit_log_append; DROP TRIGGER audit_log_advance; DROP TRIGGER audit_log_no_update;
		DROP TRIGGER documents_sealed; DROP TRIGGER documents_locked_replace; DROP TRIGGER document_lines_locked_replace;
		DROP TABLE audit_head;
		ALTER TABLE audit_log DROP COLUMN hash; ALTER TABLE audit_log DROP COLUMN content_hash; ALTER TABLE audit_log DROP COLUMN format;
		DROP INDEX documents_by_client_state;
		ALTER TABLE documents DROP COLUMN content_hash;
		DROP TRIGGER documents_locked_arithmetic; ALTER TABLE documents DROP COLUMN arithmetic;
		ALTER TABLE tax_rates DROP COLUMN vat_category; ALTER TABLE tax_rates DROP COLUMN exemption_reason;
		ALTER TABLE tax_rates DROP COLUMN exemption_code; ALTER TABLE line_taxes DROP COLUMN vat_category;
		ALTER TABLE line_taxes DROP COLUMN exemption_reason; ALTER TABLE line_taxes DROP COLUMN exemption_code;
		ALTER TABLE company DROP COLUMN vat_id; ALTER TABLE company DROP COLUMN endpoint_id;
		ALTER TABLE company DROP COLUMN endpoint_scheme; ALTER TABLE company DROP COLUMN iban; ALTER TABLE company DROP COLUMN bic;
		ALTER TABLE company DROP COLUMN document_email_subject; ALTER TABLE company DROP COLUMN document_email_body;
		ALTER TABLE clients DROP COLUMN vat_id; ALTER TABLE clients DROP COLUMN endpoint_id;
		ALTER TABLE clients DROP COLUMN endpoint_scheme; ALTER TABLE clients DROP COLUMN buyer_reference;
		ALTER TABLE clients DROP COLUMN einvoice_format;
		DROP TRIGGER documents_locked_buyer_reference; ALTER TABLE documents DROP COLUMN buyer_reference;
		ALTER TABLE items DROP COLUMN unit_code; ALTER TABLE document_lines DROP COLUMN unit_code;
		ALTER TABLE bank_lines DROP COLUMN import_note; DROP INDEX documents_by_issue;
		DROP TABLE revenue_days; DROP TABLE revenue_months; DROP TABLE item_revenue_days; DROP TABLE aging_months;
		DROP INDEX documents_open; DROP INDEX documents_open_by_due; DROP INDEX documents_open_since; DROP INDEX documents_overpaid;
		ALTER TABLE documents DROP COLUMN open_minor; ALTER TABLE documents DROP COLUMN open_since;
		DROP INDEX payments_unapplied; DROP INDEX payments_applied_since;
		ALTER TABLE payments DROP COLUMN unapplied_minor; ALTER TABLE payments DROP COLUMN applied_since;
		CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
		BEGIN
			SELECT RAISE(ABORT, 'the audit log is append-only');
		END;
		PRAGMA user_version = 12`); err != nil {
		t.Fatal(err)
	}
	b.Close()

	b, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if v := pragmaInt(t, b.db, "user_version"); v != SchemaVersion() {
		t.Fatalf("user_version = %d", v)
	}
	// Version 19 filled every issued invoice's open amount from its rows.
	if drift, err := openDrift(ctx, b.db, 5); err != nil || len(drift) > 0 {
		t.Fatalf("after the upgrade the open amounts drift: %v %v", drift, err)
	}
	if n := countRows(t, b, "documents WHERE open_minor <> 0"); n == 0 {
		t.Error("after the upgrade no invoice keeps an open amount")
	}
	if n := countRows(t, b, "payments WHERE applied_since = ''"); n > 0 {
		t.Errorf("after the upgrade %d payments keep no unapplied amount", n)
	}
	r := verify(t, b)
	if !r.OK() {
		t.Fatalf("the upgraded book does not verify: %s", r.Broken)
	}
	if r.Documents != len(seals) || r.Entries != entries+len(seals) {
		t.Errorf("verified %d entries and %d documents, want %d and %d", r.Entries, r.Documents, entries+len(seals), len(seals))
	}
	if n := count(t, b, `SELECT count(*) FROM audit_log WHERE action = 'seal'`); n != len(seals) {
		t.Errorf("%d seal entries for %d issued documents", n, len(seals))
	}
	for id, want := range seals {
		var got []byte
		b.db.QueryRow(`SELECT content_hash FROM documents WHERE id = ?`, id).Scan(&got)
		if !bytes.Equal(got, want) {
			t.Fatalf("document %d sealed at the upgrade as %x, at its issue as %x", id, got, want)
		}
	}
	// The upgraded book goes on chaining.
	if err := b.Clients().CreateClient(ctx, &domain.Client{Name: "After", Status: domain.StatusActive, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	if r := verify(t, b); !r.OK() || r.Entries != entries+len(seals)+1 {
		t.Errorf("after a change: %+v", r)
	}
}

// BenchmarkVerifyChain verifies a demo book of 300 clients and 600 invoices
// (with their quotes, credit notes, payments and bank lines).
func BenchmarkVerifyChain(b *testing.B) {
	book := openTemp(b)
	ctx := context.Background()
	if err := demo.Fill(ctx, book, demo.Options{Clients: 300, Invoices: 600, Seed: 1, Today: domain.NewDate(2027, 6, 15)}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := book.VerifyChain(ctx)
		if err != nil || !r.OK() {
			b.Fatal(err, r.Broken)
		}
		b.ReportMetric(float64(r.Entries), "entries")
		b.ReportMetric(float64(r.Documents), "documents")
	}
}
