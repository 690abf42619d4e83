package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"clientbook/domain"
)

func TestPackBlockRoundTrip(t *testing.T) {
	recs := []blockRecord{
		{"2026-12-06T04:05:06.123456789Z", sql.NullString{}, sql.NullString{String: `{"Name":"Ann"}`, Valid: true}},
		{"2026-12-06T04:05:06.2Z", sql.NullString{String: `{"Status":"draft"}`, Valid: true}, sql.NullString{String: `{"Status":"issued"}`, Valid: true}},
		{"", sql.NullString{String: `{"Name":"Ann"}`, Valid: true}, sql.NullString{}},
		{"x", sql.NullString{String: "", Valid: true}, sql.NullString{String: "{}", Valid: true}},
		{"2027-01-01T00:00:00Z", sql.NullString{}, sql.NullString{}},
	}
	p := packBlock(recs)
	got, err := unpackBlock(p, len(recs))
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(recs) {
		t.Fatalf("read back %v, want %v", got, recs)
	}
	for _, n := range []int{len(recs) - 1, len(recs) + 1, 0} {
		if _, err := unpackBlock(p, n); !errors.Is(err, errUnpack) {
			t.Errorf("a block of %d entries read as %d: %v", len(recs), n, err)
		}
	}
	for _, bad := range [][]byte{nil, {}, {2}, append([]byte{2}, p[1:]...), p[:len(p)-3]} {
		if _, err := unpackBlock(bad, len(recs)); !errors.Is(err, errUnpack) {
			t.Errorf("% x read back: %v", bad, err)
		}
	}
}

// blockBook is a book whose audit log fills three blocks and some, written
// at schema 27.
func blockBook(t *testing.T) (*Book, domain.ChainReport) {
	t.Helper()
	ctx := context.Background()
	b, err := Open(filepath.Join(t.TempDir(), "book.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	for i := 0; count(t, b, `SELECT count(*) FROM audit_log`) < 3*auditBlockSize+10; i++ {
		c := &domain.Client{Name: fmt.Sprintf("Client %d", i), Status: domain.StatusActive, Currency: "EUR"}
		if err := b.Clients().CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
		c.Notes = "note " + itoa(int64(i))
		if err := b.Clients().UpdateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	r := verify(t, b)
	if !r.OK() {
		t.Fatalf("new book: %+v", r)
	}
	return b, r
}

// TestAuditBlocks: the entries written fill blocks as they go; each reads
// back what it was written with, and a changed block, a block boundary, an
// entry's mark or its time shows as a changed entry.
func TestAuditBlocks(t *testing.T) {
	b, r := blockBook(t)
	entries := count(t, b, `SELECT count(*) FROM audit_log`)
	blocks := count(t, b, `SELECT count(*) FROM audit_blocks`)
	blocked := count(t, b, `SELECT count(*) FROM audit_log WHERE packed = x'03'`)
	if blocks != entries/auditBlockSize || blocked != blocks*auditBlockSize {
		t.Fatalf("%d entries: %d blocks, %d entries marked blocked", entries, blocks, blocked)
	}
	if n := count(t, b, `SELECT count(*) FROM audit_log WHERE (at = '') <> (packed = x'03')`); n != 0 {
		t.Errorf("%d entries with their time kept where they are not", n)
	}
	var last string
	rows, err := b.db.Query(`SELECT ` + auditEntryColumns + ` FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	reader := newAuditReader(context.Background(), b.db)
	for rows.Next() {
		e, err := reader.scan(rows)
		if err != nil || !e.After.Valid || (e.Action == actionCreate) != strings.Contains(e.After.String, `"Name":"Client `) ||
			!strings.Contains(e.After.String, e.At) {
			t.Fatalf("entry %d: %v %+v", e.ID, err, e)
		}
		if _, err := time.Parse(time.RFC3339Nano, e.At); err != nil || e.At < last {
			t.Errorf("entry %d at %q after %q", e.ID, e.At, last)
		}
		last = e.At
	}
	rows.Close()
	if r.Entries != entries {
		t.Errorf("verified %d of %d entries", r.Entries, entries)
	}

	if _, err := b.db.Exec(`UPDATE audit_blocks SET packed = packed || x'00' WHERE first_id = 1`); err == nil {
		t.Error("a block was changed")
	}
	if _, err := b.db.Exec(`DELETE FROM audit_blocks`); err == nil {
		t.Error("a block was removed")
	}
	if _, err := b.db.Exec(`UPDATE audit_log SET packed = (SELECT packed FROM audit_log WHERE id = ?) WHERE id = 2`, entries); err == nil {
		t.Error("a blocked entry was unblocked")
	}
	if _, err := b.db.Exec(`UPDATE audit_log SET packed = x'03' WHERE id = ?`, entries); err == nil {
		t.Error("an entry outside any block was marked blocked")
	}
	if _, err := b.db.Exec(`INSERT INTO audit_blocks (first_id, last_id, packed) VALUES (?, ?, x'01')`, blocked+1, entries+5); err == nil {
		t.Error("a block beyond the log's head was added")
	}

	// Each way round the triggers, one entry reads back otherwise.
	second := auditBlockSize + 2
	for _, tc := range []struct {
		name     string
		triggers []string
		stmt     string
		entry    int
	}{
		{"a block's bytes", []string{"audit_blocks_no_update"}, `UPDATE audit_blocks SET packed = (SELECT packed FROM audit_blocks WHERE first_id = ` + itoa(auditBlockSize+1) + `) WHERE first_id = 1`, 1},
		{"a block's end", []string{"audit_blocks_no_update"}, `UPDATE audit_blocks SET last_id = last_id - 1 WHERE first_id = 1`, 1},
		{"a block removed", []string{"audit_blocks_no_delete"}, `DELETE FROM audit_blocks WHERE first_id = ` + itoa(auditBlockSize+1), auditBlockSize + 1},
		{"an entry's mark", []string{"audit_log_no_update"}, `UPDATE audit_log SET packed = x'03' WHERE id = ` + itoa(int64(entries)), entries},
		{"an entry's time", []string{"audit_log_no_update"}, `UPDATE audit_log SET at = '2026-01-01T00:00:00Z' WHERE id = ` + itoa(int64(second)), second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := blockBook(t)
			tamper(t, b, tc.triggers, tc.stmt)
			r := verify(t, b)
			expectBroken(t, r, "Audit entry "+domain.Thousands(int64(tc.entry))+" (", "was changed after it was written")
			if r.BrokenEntry != int64(tc.entry) {
				t.Errorf("broken entry %d, want %d", r.BrokenEntry, tc.entry)
			}
		})
	}
}

// TestAuditBlocksUpgrade: a book of schema 26 — every entry packed on its
// own, its time as text — upgrades to blocks with every link, and so the
// head, unchanged; each entry reads back the same JSON and time, and the
// entries written after the upgrade go on filling blocks.
func TestAuditBlocksUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "book.db")
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	undoAuditBlocks(t, db)
	old := auditBlocksFrom - 1
	sqlTx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	tx := &Tx{Tx: sqlTx, ctx: ctx, now: time.Now().UTC(), actor: "ann", schema: old, known: &txKnown{}}
	type rec struct {
		ID        int64
		Name      string
		UpdatedAt time.Time
	}
	for i := int64(1); i <= 2*auditBlockSize+20; i++ {
		tx.now = tx.now.Add(time.Duration(i) * 1001 * time.Microsecond)
		if err := tx.audit("thing", i, actionCreate, nil, rec{ID: i, Name: "Old " + itoa(i), UpdatedAt: tx.now}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		t.Fatal(err)
	}
	before := readAll(t, db)
	var want domain.ChainReport
	if err := verifyChain(ctx, db, &want); err != nil {
		t.Fatal(err)
	}
	var alone int
	db.QueryRow(`SELECT count(*) FROM audit_log WHERE at <> '' AND length(packed) > 1`).Scan(&alone)
	if !want.OK() || alone != len(before) || len(before) != 2*auditBlockSize+20 {
		t.Fatalf("the schema %d book: %+v, %d of %d entries packed alone", old, want, alone, len(before))
	}
	db.Close()

	b, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.schema != SchemaVersion() {
		t.Fatalf("upgraded to %d", b.schema)
	}
	got := verify(t, b)
	if !got.OK() || got.Entries != want.Entries || got.Head != want.Head || got.HeadEntry != want.HeadEntry {
		t.Fatalf("after the upgrade: %+v, before it %+v", got, want)
	}
	after := readAll(t, b.db)
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatal("the entries read back otherwise after the upgrade")
	}
	blocks, n := count(t, b, `SELECT count(*) FROM audit_blocks`), len(before)
	if blocks != n/auditBlockSize || count(t, b, `SELECT count(*) FROM audit_log WHERE packed = x'03' AND at = ''`) != blocks*auditBlockSize {
		t.Errorf("%d entries upgraded into %d blocks", n, blocks)
	}
	for i := 0; count(t, b, `SELECT count(*) FROM audit_log`) < 3*auditBlockSize+5; i++ {
		if err := b.Clients().CreateClient(ctx, &domain.Client{Name: fmt.Sprintf("New %d", i), Status: domain.StatusActive, Currency: "EUR"}); err != nil {
			t.Fatal(err)
		}
	}
	if r := verify(t, b); !r.OK() || count(t, b, `SELECT count(*) FROM audit_blocks`) != 3 {
		t.Errorf("after writing on: %+v, %d blocks", r, count(t, b, `SELECT count(*) FROM audit_blocks`))
	}
}

// undoAuditBlocks turns a book of the latest schema back into one of
// schema 26: no kept paid day (undoPaidOn), then every blocked entry packed
// on its own again, with its time, as schema 26 wrote it; what each says,
// and so its link, unchanged.
func undoAuditBlocks(t *testing.T, db *sql.DB) {
	t.Helper()
	undoPaidOn(t, db)
	entries := readAll(t, db)
	if _, err := db.Exec(`DROP TRIGGER audit_log_no_update`); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, err := db.Exec(`UPDATE audit_log SET at = ?, packed = ? WHERE id = ? AND packed = x'03'`,
			e.At, packAuditAt(e.Before, e.After, e.At, e.EntityID), e.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`DROP TABLE audit_blocks; PRAGMA user_version = 26`); err != nil {
		t.Fatal(err)
	}
	saved := migrations
	migrations = migrations[:auditBlocksFrom-1]
	restoreTrigger(t, db, "audit_log_no_update")
	migrations = saved
}

// readAll is every audit entry as read, in id order.
func readAll(t *testing.T, db *sql.DB) []auditEntry {
	t.Helper()
	rows, err := db.Query(`SELECT ` + auditEntryColumns + ` FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []auditEntry
	reader := newAuditReader(context.Background(), db)
	for rows.Next() {
		e, err := reader.scan(rows)
		if err != nil {
			t.Fatal(err)
		}
		e.Packed, e.Blocked = false, false
		out = append(out, e)
	}
	return out
}

// undoPaidOn turns a book of schema 28 back into one of schema 27: no kept
// paid day.
func undoPaidOn(t *testing.T, db *sql.DB) {
	t.Helper()
	if _, err := db.Exec(`DROP INDEX documents_paid; ALTER TABLE documents DROP COLUMN paid_on;
		PRAGMA user_version = ` + strconv.Itoa(migrationNumber("paid_on")-1)); err != nil {
		t.Fatal(err)
	}
}
