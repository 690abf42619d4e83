package data

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"clientbook/domain"
	"clientbook/domain/demo"
)

// auditJSON is the before_json and after_json of the first audit entry
// matching where, packed or not.
func auditJSON(t *testing.T, db *sql.DB, where string, args ...any) (before, after sql.NullString) {
	t.Helper()
	e, err := newAuditReader(context.Background(), db).scan(db.QueryRow(`SELECT `+auditEntryColumns+` FROM audit_log WHERE `+where+` ORDER BY id LIMIT 1`, args...))
	if err != nil {
		t.Fatal(err)
	}
	return e.Before, e.After
}

// unpackEntries stores the audit entries ids unpacked, in before_json and
// after_json, as entries written before schema 22 were: what they say, and
// so their links, unchanged. Tests then edit their JSON with SQL.
func unpackEntries(t *testing.T, db *sql.DB, ids ...int64) {
	t.Helper()
	for _, id := range ids {
		before, after := auditJSON(t, db, `id = ?`, id)
		if _, err := db.Exec(`DROP TRIGGER audit_log_no_update`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`UPDATE audit_log SET before_json = ?, after_json = ?, packed = NULL WHERE id = ?`, before, after, id); err != nil {
			t.Fatal(err)
		}
		restoreTrigger(t, db, "audit_log_no_update")
	}
}

// restoreTrigger creates the trigger name again as the latest migration that
// defines it does.
func restoreTrigger(t *testing.T, db *sql.DB, name string) {
	t.Helper()
	for i := len(migrations) - 1; i >= 0; i-- {
		at := strings.Index(migrations[i], "CREATE TRIGGER "+name+" ")
		if at < 0 {
			continue
		}
		def := migrations[i][at:]
		def = def[:strings.Index(def, "\nEND;")+len("\nEND;")]
		if _, err := db.Exec(def); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Fatalf("no migration creates trigger %s", name)
}

// undoDocumentSearch turns a book of the latest schema back into one of
// schema 22: the audit entries out of their blocks (undoAuditBlocks), no
// trigram index of the documents.
func undoDocumentSearch(t *testing.T, db *sql.DB) {
	t.Helper()
	undoAuditBlocks(t, db)
	if _, err := db.Exec(`DROP TRIGGER documents_fts_insert; DROP TRIGGER documents_fts_delete; DROP TRIGGER documents_fts_update;
		DROP TRIGGER IF EXISTS documents_fts_client; DROP TABLE documents_fts; DROP VIEW IF EXISTS documents_fts_text;
		PRAGMA user_version = 22`); err != nil {
		t.Fatal(err)
	}
}

// undoCompactBook turns a book of schema 23 back into one of schema 21, as
// migration 22 found it: the audit entries unpacked, each document's
// snapshots back in its own bill_to and issuer.
func undoCompactBook(t *testing.T, db *sql.DB) {
	t.Helper()
	undoDocumentSearch(t, db)
	rows, err := db.Query(`SELECT id FROM audit_log WHERE packed IS NOT NULL ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	unpackEntries(t, db, ids...)
	if _, err := db.Exec(`DROP TRIGGER audit_log_no_update; ALTER TABLE audit_log DROP COLUMN packed;
		DROP TRIGGER documents_parties_insert; DROP TRIGGER documents_parties_update; DROP TRIGGER documents_locked_update;
		UPDATE documents SET bill_to = (SELECT json FROM parties WHERE id = bill_to_party), issuer = (SELECT json FROM parties WHERE id = issuer_party);
		ALTER TABLE documents DROP COLUMN bill_to_party; ALTER TABLE documents DROP COLUMN issuer_party; DROP TABLE parties;
		PRAGMA user_version = 21`); err != nil {
		t.Fatal(err)
	}
	// Migration 20's audit_log_no_update, migration 2's documents_locked_update.
	for _, m := range []struct {
		n       int
		trigger string
	}{{20, "audit_log_no_update"}, {2, "documents_locked_update"}} {
		saved := migrations
		migrations = migrations[:m.n]
		restoreTrigger(t, db, m.trigger)
		migrations = saved
	}
}

func TestPackAuditRoundTrip(t *testing.T) {
	for _, tc := range []struct{ before, after sql.NullString }{
		{sql.NullString{}, sql.NullString{String: `{"Name":"Ann"}`, Valid: true}},
		{sql.NullString{String: `{"Status":"draft"}`, Valid: true}, sql.NullString{String: `{"Status":"issued"}`, Valid: true}},
		{sql.NullString{String: `{"Name":"Ann"}`, Valid: true}, sql.NullString{}},
		{sql.NullString{String: "", Valid: true}, sql.NullString{String: "{}", Valid: true}},
		{sql.NullString{}, sql.NullString{}},
		{sql.NullString{String: strings.Repeat(`{"Description":"Consulting, ünïcode € ","Quantity":"1"},`, 400), Valid: true}, sql.NullString{}},
	} {
		const at = "2026-03-01T10:00:00.123456789Z"
		for _, p := range [][]byte{packAudit(tc.before, tc.after), packAuditAt(tc.before, tc.after, at, 42)} {
			b, a, err := unpackAudit(p, at, 42)
			if err != nil || b != tc.before || a != tc.after {
				t.Errorf("%q %q: packed with dictionary %d into %d bytes, read back %q %q (%v)", tc.before.String, tc.after.String, p[0], len(p), b.String, a.String, err)
			}
		}
	}
	p := packAudit(sql.NullString{}, sql.NullString{String: `{"Name":"Ann"}`, Valid: true})
	for _, bad := range [][]byte{nil, {}, {3, 1, 2, 3}, {packDict2, 1, 2, 3}, append([]byte{packDict1}, p[1:len(p)-2]...), {packDict1, 0xff, 0xff}} {
		if _, _, err := unpackAudit(bad, "2026-03-01T10:00:00Z", 1); err == nil {
			t.Errorf("%x read without an error", bad)
		}
	}
	// Dictionary 2 reads the entry's own time and id: a record's JSON that
	// repeats them packs smaller, and read with another time or id it does
	// not read back as written.
	const at = "2026-03-01T10:00:00.123456789Z"
	rec := sql.NullString{String: `{"CreatedAt":"` + at + `","ID":4711,"Name":"Ann","UpdatedAt":"` + at + `"}`, Valid: true}
	p1, p2 := packAudit(sql.NullString{}, rec), packAuditAt(sql.NullString{}, rec, at, 4711)
	if len(p2) > len(p1)-15 {
		t.Errorf("with the entry's time and id, %d bytes; without, %d", len(p2), len(p1))
	}
	for _, other := range []struct {
		at string
		id int64
	}{{"2026-03-01T10:00:00.123456788Z", 4711}, {at, 4712}} {
		if _, a, err := unpackAudit(p2, other.at, other.id); err == nil && a == rec {
			t.Errorf("read back the same with time %s and id %d", other.at, other.id)
		}
	}
}

// TestPackedReadByZlib: the packed column is plain raw DEFLATE with the
// dictionary, as another program's inflater reads it (Python's zlib, when
// there is one).
func TestPackedReadByZlib(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	dir := t.TempDir()
	before, after := `{"Status":"draft","Number":""}`, `{"Status":"issued","Number":"INV-2026-0001","Note":"Zürich €"}`
	p := packAudit(sql.NullString{String: before, Valid: true}, sql.NullString{String: after, Valid: true})
	os.WriteFile(filepath.Join(dir, "packed"), p, 0o600)
	os.WriteFile(filepath.Join(dir, "dict"), []byte(auditDict1), 0o600)
	script := `import sys, zlib
d = open(sys.argv[1] + "/dict", "rb").read()
p = open(sys.argv[1] + "/packed", "rb").read()
assert p[0] == 1
o = zlib.decompressobj(-15, zdict=d)
b = o.decompress(p[1:]) + o.flush()
flags, rest = b[0], b[1:]
before, after = rest.split(b"\0", 1)
sys.stdout.write("%d|%s|%s" % (flags, before.decode(), after.decode()))`
	out, err := exec.Command(py, "-c", script, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	if want := fmt.Sprintf("3|%s|%s", before, after); string(out) != want {
		t.Errorf("python read %q, want %q", out, want)
	}
}

// TestCompactBookUpgrade: a book of schema 21 (snapshots in every document,
// the audit log unpacked) upgrades to 22 with the same content: every seal
// and link verifies, the documents read back the same, the snapshots are
// stored once each and every entry is packed; and it is smaller.
func TestCompactBookUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "book.db")
	b, err := OpenWith(path, Options{Actor: "ann"})
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Fill(ctx, b, demo.Options{Clients: 12, Invoices: 40, Seed: 7, Today: domain.NewDate(2027, 6, 15)}); err != nil {
		t.Fatal(err)
	}
	want := verify(t, b)
	docs := map[int64]string{}
	var ids []int64
	rows, err := b.db.Query(`SELECT id FROM documents WHERE status <> 'draft' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		d, err := b.Documents().FindDocumentByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		docs[id] = fmt.Sprintf("%+v %+v %+v", *d.BillTo, *d.Issuer, d.Lines)
	}
	b.Close()

	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	undoCompactBook(t, db)
	var texts, entries int
	db.QueryRow(`SELECT count(*) FROM documents WHERE bill_to IS NOT NULL AND issuer IS NOT NULL`).Scan(&texts)
	db.QueryRow(`SELECT count(*) FROM audit_log WHERE after_json IS NOT NULL OR before_json IS NOT NULL`).Scan(&entries)
	if texts != len(ids) || entries < want.Entries*9/10 {
		t.Fatalf("the schema 21 book has %d documents with snapshots (want %d) and %d unpacked entries of %d", texts, len(ids), entries, want.Entries)
	}
	var jsonBytes int64
	db.QueryRow(`SELECT sum(length(coalesce(before_json, '')) + length(coalesce(after_json, ''))) FROM audit_log`).Scan(&jsonBytes)
	db.Close()

	b, err = OpenWith(path, Options{Actor: "ann"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	got := verify(t, b)
	if !got.OK() || got.Entries != want.Entries || got.Documents != want.Documents || got.Head != want.Head {
		t.Fatalf("after the upgrade: %+v, before it %+v", got, want)
	}
	for _, id := range ids {
		d, err := b.Documents().FindDocumentByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if s := fmt.Sprintf("%+v %+v %+v", *d.BillTo, *d.Issuer, d.Lines); s != docs[id] {
			t.Fatalf("document %d reads %s after the upgrade, %s before", id, s, docs[id])
		}
	}
	var unpacked, withText, parties, distinct int
	var packedBytes int64
	b.db.QueryRow(`SELECT count(*) FROM audit_log WHERE packed IS NULL OR before_json IS NOT NULL OR after_json IS NOT NULL`).Scan(&unpacked)
	b.db.QueryRow(`SELECT sum(length(packed)) FROM audit_log`).Scan(&packedBytes)
	b.db.QueryRow(`SELECT count(*) FROM documents WHERE bill_to IS NOT NULL OR issuer IS NOT NULL`).Scan(&withText)
	b.db.QueryRow(`SELECT count(*) FROM parties`).Scan(&parties)
	b.db.QueryRow(`SELECT count(DISTINCT p) FROM (SELECT bill_to_party p FROM documents UNION ALL SELECT issuer_party FROM documents) WHERE p IS NOT NULL`).Scan(&distinct)
	if unpacked != 0 || withText != 0 || parties != distinct || parties == 0 || parties >= len(ids) {
		t.Errorf("after the upgrade: %d entries unpacked, %d documents with text snapshots, %d parties (%d referenced, %d issued documents)",
			unpacked, withText, parties, distinct, len(ids))
	}
	t.Logf("audit JSON %d bytes, packed %d; %d issued documents share %d party snapshots", jsonBytes, packedBytes, len(ids), parties)
	if packedBytes*2 > jsonBytes {
		t.Errorf("packed %d bytes of JSON into %d", jsonBytes, packedBytes)
	}
	if _, err := b.db.Exec(`UPDATE parties SET json = '{}' WHERE id = 1`); err == nil {
		t.Error("a party snapshot was changed")
	}
	// A snapshot changed behind the trigger's back breaks the seal of the
	// first document issued with it.
	var first int64
	b.db.QueryRow(`SELECT min(id) FROM documents WHERE bill_to_party = (SELECT bill_to_party FROM documents WHERE id = ?)`, ids[len(ids)-1]).Scan(&first)
	tamper(t, b, []string{"parties_no_update"}, `UPDATE parties SET json = replace(json, '"Name":"', '"Name":"X')
		WHERE id = (SELECT bill_to_party FROM documents WHERE id = `+itoa(ids[len(ids)-1])+`)`)
	if r := verify(t, b); r.OK() || r.BrokenDocument != first {
		t.Errorf("a changed bill-to snapshot: %+v, want document %d broken", r, first)
	}
	if _, err := b.db.Exec(`UPDATE documents SET bill_to = '{}' WHERE id = ?`, ids[0]); err == nil {
		t.Error("a text snapshot was written")
	}
	if _, err := b.db.Exec(`UPDATE documents SET bill_to_party = NULL WHERE id = ?`, ids[0]); err == nil {
		t.Error("an issued document's bill-to was removed")
	}
	if _, err := b.db.Exec(`UPDATE audit_log SET packed = packed WHERE id = 3`); err == nil {
		t.Error("a packed entry was rewritten")
	}
}

// TestAuditDict2Upgrade: a book whose entries were packed with dictionary 1
// (schema 24) upgrades without touching them; the entries written after are
// packed with dictionary 2, every one reads back and the chain verifies.
// Changing a new entry's time, or giving it another entry's packed bytes,
// shows as a changed entry.
func TestAuditDict2Upgrade(t *testing.T) {
	b, last := dict2Book(t)
	if n1, n2 := count(t, b, `SELECT count(*) FROM audit_log WHERE substr(packed, 1, 1) = x'01'`),
		count(t, b, `SELECT count(*) FROM audit_log WHERE substr(packed, 1, 1) = x'02'`); n1 != 3 || n2 < 3 {
		t.Errorf("%d entries packed with dictionary 1 (want the 3 old ones), %d with 2", n1, n2)
	}
	if r := verify(t, b); !r.OK() || r.Entries < 6 {
		t.Fatalf("upgraded book: %+v", r)
	}
	n := itoa(last)
	for _, stmt := range []string{
		`UPDATE audit_log SET at = replace(at, 'Z', '1Z') WHERE id = ` + n,
		`UPDATE audit_log SET packed = (SELECT packed FROM audit_log WHERE id = ` + n + ` - 1) WHERE id = ` + n,
		`UPDATE audit_log SET entity_id = entity_id + 1 WHERE id = ` + n,
	} {
		b, _ := dict2Book(t)
		tamper(t, b, []string{"audit_log_no_update"}, stmt)
		expectBroken(t, verify(t, b), "Audit entry "+domain.Thousands(last)+" (", "was changed after it was written")
	}
}

// dict2Book is a book with three entries written by schema 24 and then,
// upgraded, three clients created; it checks every entry reads back, and
// returns the book and its last entry's id.
func dict2Book(t *testing.T) (*Book, int64) {
	t.Helper()
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
	old := auditDict2From - 1
	if _, err := db.Exec(`PRAGMA user_version = ` + strconv.Itoa(old)); err != nil {
		t.Fatal(err)
	}
	sqlTx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	tx := &Tx{Tx: sqlTx, ctx: ctx, now: time.Now().UTC(), actor: "ann", schema: old}
	type rec struct {
		ID        int64
		Name      string
		UpdatedAt time.Time
	}
	for i := int64(1); i <= 3; i++ {
		if err := tx.audit("thing", i, actionCreate, nil, rec{ID: i, Name: "Old " + itoa(i), UpdatedAt: tx.now}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		t.Fatal(err)
	}
	db.Close()

	b, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	for i := range 3 {
		if err := b.Clients().CreateClient(ctx, &domain.Client{Name: "New " + strconv.Itoa(i), Status: domain.StatusActive, Currency: "EUR"}); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := b.db.Query(`SELECT ` + auditEntryColumns + ` FROM audit_log ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var last auditEntry
	for rows.Next() {
		e, err := scanAuditEntry(rows)
		if err != nil || !e.After.Valid {
			t.Fatalf("entry %d: %v, %+v", e.ID, err, e)
		}
		if e.Entity == "thing" && !strings.Contains(e.After.String, `"Name":"Old `+itoa(e.EntityID)+`"`) {
			t.Errorf("old entry %d reads %s", e.ID, e.After.String)
		}
		last = e
	}
	if last.Entity != "client" || !strings.Contains(last.After.String, `"Name":"New 2"`) || !strings.Contains(last.After.String, last.At) {
		t.Errorf("the last entry reads %+v", last)
	}
	return b, last.ID
}
