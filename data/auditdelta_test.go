package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"clientbook/domain"
)

func TestAuditPayloads(t *testing.T) {
	type line struct {
		Description string
		Quantity    string
		UnitCode    string
	}
	type record struct {
		Name    string
		Status  string
		Count   int
		Flag    bool
		Note    string
		Tags    []string
		Lines   []line
		At      time.Time
		Parent  *record
		Amounts map[string]string
	}
	base := record{Name: "Acme", Status: "draft", Count: 2, Lines: []line{{"Work", "1", ""}, {"Travel", "2", ""}},
		Amounts: map[string]string{"total": "10.00"}}
	issued := base
	issued.Status, issued.Flag = "issued", true
	issued.Lines = []line{{"Work", "1", ""}, {"Travel", "2", "C62"}}
	grown := base
	grown.Lines = append(append([]line(nil), base.Lines...), line{"Extra", "1", ""})
	for _, tc := range []struct {
		name          string
		before, after any
		wantB, wantA  string
	}{
		{"created: empty fields left out", nil, base, "",
			`{"Amounts":{"total":"10.00"},"Count":2,"Lines":[{"Description":"Work","Quantity":"1"},{"Description":"Travel","Quantity":"2"}],"Name":"Acme","Status":"draft"}`},
		{"removed", base, nil,
			`{"Amounts":{"total":"10.00"},"Count":2,"Lines":[{"Description":"Work","Quantity":"1"},{"Description":"Travel","Quantity":"2"}],"Name":"Acme","Status":"draft"}`, ""},
		{"changed: only what changed, a list element by position", base, issued,
			`{"Flag":false,"Lines":{"#1":{"UnitCode":""}},"Status":"draft"}`,
			`{"Flag":true,"Lines":{"#1":{"UnitCode":"C62"}},"Status":"issued"}`},
		{"a list that grew is written whole", base, grown,
			`{"Lines":[{"Description":"Work","Quantity":"1"},{"Description":"Travel","Quantity":"2"}]}`,
			`{"Lines":[{"Description":"Work","Quantity":"1"},{"Description":"Travel","Quantity":"2"},{"Description":"Extra","Quantity":"1"}]}`},
		{"nothing changed", base, base, `{}`, `{}`},
	} {
		b, a, err := auditPayloads(auditDelta, tc.before, tc.after)
		if err != nil {
			t.Fatal(err)
		}
		if b.Valid != (tc.wantB != "") || b.String != tc.wantB || a.Valid != (tc.wantA != "") || a.String != tc.wantA {
			t.Errorf("%s:\n got  %v → %v\n want %s → %s", tc.name, b, a, tc.wantB, tc.wantA)
		}
	}
	// What a new record's entry leaves out reads back as it was.
	_, a, _ := auditPayloads(auditDelta, nil, base)
	var back record
	if err := json.Unmarshal([]byte(a.String), &back); err != nil || !reflect.DeepEqual(back, base) {
		t.Errorf("read back %+v, want %+v (%v)", back, base, err)
	}
	// The whole-record format is the JSON of each side, as before schema 20.
	b, a, _ := auditPayloads(auditFull, base, issued)
	wantB, _ := json.Marshal(base)
	wantA, _ := json.Marshal(issued)
	if b.String != string(wantB) || a.String != string(wantA) {
		t.Errorf("format 1: %s → %s", b.String, a.String)
	}
}

// bookAtVersion makes a book at path with the schema of the given version,
// as that Clientbook made it, and writes entries into its audit log in that
// version's format with write.
func bookAtVersion(t *testing.T, path string, version int, write func(tx *Tx) error) {
	t.Helper()
	b, err := OpenWith(path, Options{Actor: "ann"})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The book's tables as version 19 had them, from an empty book: the
	// migrations after it only add columns, tables and indexes this test
	// does not use, the format column, the client-state index, the monthly
	// figures (21) and the compacted parties and audit entries (22).
	undoCompactBook(t, db)
	if _, err := db.Exec(`DROP TRIGGER audit_log_no_update; ALTER TABLE audit_log DROP COLUMN format; DROP INDEX documents_by_client_state;
		DROP TABLE revenue_days; DROP TABLE revenue_months; DROP TABLE item_revenue_days; DROP TABLE aging_months;
		DROP INDEX documents_overpaid;
		CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
		WHEN old.hash IS NOT NULL OR new.hash IS NULL OR
			new.id IS NOT old.id OR new.at IS NOT old.at OR new.actor IS NOT old.actor OR new.entity IS NOT old.entity OR
			new.entity_id IS NOT old.entity_id OR new.action IS NOT old.action OR new.before_json IS NOT old.before_json OR
			new.after_json IS NOT old.after_json OR new.content_hash IS NOT old.content_hash
		BEGIN
			SELECT RAISE(ABORT, 'the audit log is append-only');
		END;
		PRAGMA user_version = ` + fmt.Sprint(version)); err != nil {
		t.Fatal(err)
	}
	sqlTx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if err := write(&Tx{Tx: sqlTx, ctx: context.Background(), now: time.Now().UTC(), actor: "ann", schema: version}); err != nil {
		t.Fatal(err)
	}
	if err := sqlTx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestAuditUpgradeToDeltas: entries written before schema 20 (whole copies)
// keep verifying after the upgrade, the entries written since record only
// what changed and are smaller, and changing either kind — or an entry's
// format — still breaks the chain.
func TestAuditUpgradeToDeltas(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "book.db")
	active := domain.Client{ID: 1, Name: "Old Ltd", Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: 30,
		Billing: domain.Address{Line1: "Main Street 1", City: "Dublin", Country: "Ireland"}, Notes: "Prefers email.",
		Contacts: []domain.Contact{{Name: "Ann Old", Email: "ann@old.example", Primary: true}}}
	inactive := active
	inactive.Status = domain.StatusInactive
	bookAtVersion(t, path, auditFormatFrom-1, func(tx *Tx) error {
		if err := tx.audit("client", 1, actionCreate, nil, active); err != nil {
			return err
		}
		return tx.audit("client", 1, actionUpdate, active, inactive)
	})

	b, err := OpenWith(path, Options{Actor: "ann"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if v := pragmaInt(t, b.db, "user_version"); v != SchemaVersion() {
		t.Fatalf("user_version %d after the upgrade", v)
	}
	if r := verify(t, b); !r.OK() || r.Entries != 2 {
		t.Fatalf("the entries written before the upgrade: %+v", r)
	}
	// The same change again, now.
	c := active
	c.ID = 0
	c.Name = "New Ltd"
	if err := b.Clients().CreateClient(ctx, &c); err != nil {
		t.Fatal(err)
	}
	c.Status = domain.StatusInactive
	if err := b.Clients().UpdateClient(ctx, &c); err != nil {
		t.Fatal(err)
	}
	if r := verify(t, b); !r.OK() || r.Entries != 4 {
		t.Fatalf("after writing new entries: %+v", r)
	}
	type entry struct {
		format        int
		before, after sql.NullString
	}
	read := func(id int) entry {
		var e entry
		if err := b.db.QueryRow(`SELECT format FROM audit_log WHERE id = ?`, id).Scan(&e.format); err != nil {
			t.Fatal(err)
		}
		e.before, e.after = auditJSON(t, b.db, `id = ?`, id)
		return e
	}
	size := func(e entry) int { return len(e.before.String) + len(e.after.String) }
	oldCreate, oldUpdate, newCreate, newUpdate := read(1), read(2), read(3), read(4)
	if oldCreate.format != auditFull || oldUpdate.format != auditFull || newCreate.format != auditDelta || newUpdate.format != auditDelta {
		t.Fatalf("formats %d %d %d %d", oldCreate.format, oldUpdate.format, newCreate.format, newUpdate.format)
	}
	t.Logf("client created: %d bytes then, %d now; updated: %d then, %d now", size(oldCreate), size(newCreate), size(oldUpdate), size(newUpdate))
	if size(newCreate) >= size(oldCreate) || size(newUpdate)*3 > size(oldUpdate) {
		t.Errorf("the new entries are not smaller: created %d → %d bytes, updated %d → %d", size(oldCreate), size(newCreate), size(oldUpdate), size(newUpdate))
	}
	var before, after domain.Client
	if json.Unmarshal([]byte(newUpdate.before.String), &before) != nil || json.Unmarshal([]byte(newUpdate.after.String), &after) != nil ||
		before.Status != domain.StatusActive || after.Status != domain.StatusInactive || after.Name != "" {
		t.Errorf("the update records %s → %s", newUpdate.before.String, newUpdate.after.String)
	}

	// An entry made to read in the other format.
	tamper(t, b, []string{"audit_log_no_update"}, `UPDATE audit_log SET format = 1 WHERE id = 4`)
	expectBroken(t, verify(t, b), fmt.Sprintf("Audit entry 4 (client %d, updated ", c.ID), "was changed after it was written")
	tamper(t, b, []string{"audit_log_no_update"}, `UPDATE audit_log SET format = 2 WHERE id = 4`)
	if r := verify(t, b); !r.OK() {
		t.Fatalf("with the format put back: %s", r.Broken)
	}
	// A new entry changed (its JSON unpacked first, where SQL edits it).
	unpackEntries(t, b.db, 2, 4)
	tamper(t, b, []string{"audit_log_no_update"}, `UPDATE audit_log SET after_json = replace(after_json, 'inactive', 'active') WHERE id = 4`)
	expectBroken(t, verify(t, b), "Audit entry 4 (", "was changed after it was written")
	tamper(t, b, []string{"audit_log_no_update"}, `UPDATE audit_log SET after_json = replace(after_json, '"active"', '"inactive"') WHERE id = 4`)
	// An entry from before the upgrade changed.
	tamper(t, b, []string{"audit_log_no_update"}, `UPDATE audit_log SET after_json = replace(after_json, 'inactive', 'active') WHERE id = 2`)
	expectBroken(t, verify(t, b), "Audit entry 2 (client 1, updated ", "was changed after it was written")
}
