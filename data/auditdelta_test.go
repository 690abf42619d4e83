package data

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand"
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

// payloadsViaMaps is how auditPayloads worked before it read the JSON
// itself: each side read into map[string]any (numbers kept as written),
// pruned and compared with reflect.DeepEqual, written back by encoding/json.
// TestAuditPayloadsAsMaps holds the new one to it.
func payloadsViaMaps(before, after any) (sql.NullString, sql.NullString, error) {
	enc := func(v any) (sql.NullString, error) {
		if v == nil {
			return sql.NullString{}, nil
		}
		b, err := json.Marshal(v)
		return sql.NullString{String: string(b), Valid: true}, err
	}
	generic := func(v any) (any, error) {
		if v == nil {
			return nil, nil
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var out any
		return out, dec.Decode(&out)
	}
	empty := func(v any) bool {
		switch v := v.(type) {
		case nil:
			return true
		case bool:
			return !v
		case string:
			return v == "" || v == "0001-01-01T00:00:00Z"
		case json.Number:
			return v == "0"
		case map[string]any:
			return len(v) == 0
		case []any:
			return len(v) == 0
		}
		return false
	}
	var prune func(v any) any
	prune = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			out := make(map[string]any, len(v))
			for k, x := range v {
				if x = prune(x); !empty(x) {
					out[k] = x
				}
			}
			return out
		case []any:
			out := make([]any, len(v))
			for i, x := range v {
				out[i] = prune(x)
			}
			return out
		}
		return v
	}
	fieldsOf := func(x, y any) (map[string]any, map[string]any) {
		switch x := x.(type) {
		case map[string]any:
			if y, ok := y.(map[string]any); ok {
				return x, y
			}
		case []any:
			y, ok := y.([]any)
			if !ok || len(x) != len(y) {
				return nil, nil
			}
			xs, ys := map[string]any{}, map[string]any{}
			for i := range x {
				k := fmt.Sprintf("#%d", i)
				xs[k], ys[k] = x[i], y[i]
			}
			return xs, ys
		}
		return nil, nil
	}
	var diff func(x, y any) (map[string]any, map[string]any)
	diff = func(x, y any) (map[string]any, map[string]any) {
		xs, ys := fieldsOf(x, y)
		if xs == nil {
			return nil, nil
		}
		bm, am := map[string]any{}, map[string]any{}
		for _, k := range unionKeys(xs, ys) {
			xv, xok := xs[k]
			yv, yok := ys[k]
			switch {
			case xok && yok && reflect.DeepEqual(xv, yv):
				continue
			case xok && yok:
				if b, a := diff(xv, yv); b != nil {
					bm[k], am[k] = b, a
					continue
				}
			}
			if xok {
				bm[k] = prune(xv)
			}
			if yok {
				am[k] = prune(yv)
			}
		}
		if len(bm) == 0 && len(am) == 0 {
			return nil, nil
		}
		return bm, am
	}
	bv, err := generic(before)
	if err != nil {
		return sql.NullString{}, sql.NullString{}, err
	}
	av, err := generic(after)
	if err != nil {
		return sql.NullString{}, sql.NullString{}, err
	}
	switch {
	case before == nil:
		av = prune(av)
	case after == nil:
		bv = prune(bv)
	default:
		bm, am := diff(bv, av)
		if bm == nil {
			bm, am = map[string]any{}, map[string]any{}
		}
		bv, av = bm, am
	}
	if before == nil {
		bv = nil
	}
	if after == nil {
		av = nil
	}
	b, err := enc(bv)
	if err != nil {
		return b, b, err
	}
	a, err := enc(av)
	return b, a, err
}

// TestAuditPayloadsAsMaps: on random records — text that encoding/json
// escapes, map keys out of order and with escapes, zero and non-zero times,
// nil and empty lists, lists that grow, numbers of every form, raw JSON
// with spaces — auditPayloads writes byte for byte what reading each side
// into maps wrote, so entries keep the same JSON (and links) as before.
func TestAuditPayloadsAsMaps(t *testing.T) {
	type inner struct {
		Text   string
		N      int64
		F      float64
		On     bool
		Labels map[string]string
	}
	type record struct {
		ID      int64
		Name    string
		Amount  json.Number
		At      time.Time
		Tags    []string
		Lines   []inner
		Parent  *inner
		Extra   json.RawMessage
		Fields  map[string]any
		Skipped string `json:"-"`
		Renamed string `json:"z_renamed,omitempty"`
	}
	texts := []string{"", "0", "Acme & Co <b>", "Weiß", "line\nbreak", "quote \" and \\", "\u2028", "0001-01-01T00:00:00Z", "a\x00b", "\xff"}
	keys := []string{"b", "a", "é", "<k>", "#1", "Z", "a\"b", ""}
	numbers := []json.Number{"", "0", "-0", "0.0", "1", "12.50", "1e3", "-7"}
	raws := []json.RawMessage{nil, json.RawMessage(`{ "b" : 1, "a" : [ ] }`), json.RawMessage(`null`), json.RawMessage(`[0, "", false]`)}
	rng := rand.New(rand.NewSource(14))
	pick := func(s []string) string { return s[rng.Intn(len(s))] }
	labels := func() map[string]string {
		if rng.Intn(3) == 0 {
			return nil
		}
		m := map[string]string{}
		for range rng.Intn(4) {
			m[pick(keys)] = pick(texts)
		}
		return m
	}
	newInner := func() inner {
		return inner{Text: pick(texts), N: int64(rng.Intn(3) - 1), F: []float64{0, 1.5, 1e21, -0.25}[rng.Intn(4)], On: rng.Intn(2) == 0, Labels: labels()}
	}
	random := func() record {
		r := record{ID: int64(rng.Intn(3)), Name: pick(texts), Amount: numbers[rng.Intn(len(numbers))], Extra: raws[rng.Intn(len(raws))],
			Skipped: "x", Renamed: pick(texts)}
		if rng.Intn(2) == 0 {
			r.At = time.Date(2026, 3, 1, 12, 0, rng.Intn(60), rng.Intn(3)*1000, time.UTC)
		}
		switch rng.Intn(3) {
		case 1:
			r.Tags = []string{}
		case 2:
			for range 1 + rng.Intn(3) {
				r.Tags = append(r.Tags, pick(texts))
			}
		}
		for range rng.Intn(4) {
			r.Lines = append(r.Lines, newInner())
		}
		if rng.Intn(2) == 0 {
			p := newInner()
			r.Parent = &p
		}
		if rng.Intn(2) == 0 {
			r.Fields = map[string]any{pick(keys): pick(texts), pick(keys): []any{}, pick(keys): map[string]any{"n": 0, "m": pick(texts)}}
		}
		return r
	}
	// change returns r with a few of its fields changed, often in place.
	change := func(r record) record {
		c := r
		c.Lines = append([]inner(nil), r.Lines...)
		for range 1 + rng.Intn(3) {
			switch rng.Intn(6) {
			case 0:
				c.Name = pick(texts)
			case 1:
				if len(c.Lines) > 0 {
					c.Lines[rng.Intn(len(c.Lines))].Text = pick(texts)
				}
			case 2:
				c.Lines = append(c.Lines, newInner())
			case 3:
				c.Amount = numbers[rng.Intn(len(numbers))]
			case 4:
				c.Parent = nil
			case 5:
				c.Fields = map[string]any{pick(keys): pick(texts)}
			}
		}
		return c
	}
	for i := range 3000 {
		x := random()
		y := change(x)
		if i%5 == 0 {
			y = random()
		}
		var nilRecord *record
		for _, tc := range [][2]any{{nil, x}, {x, nil}, {x, y}, {x, x}, {nil, nilRecord}, {nilRecord, x}, {[]string{"a"}, []string{"b"}}, {"text", x}} {
			gotB, gotA, err := auditPayloads(auditDelta, tc[0], tc[1])
			wantB, wantA, werr := payloadsViaMaps(tc[0], tc[1])
			if (err != nil) != (werr != nil) || gotB != wantB || gotA != wantA {
				t.Fatalf("%#v → %#v:\n got  %v → %v (%v)\n want %v → %v (%v)", tc[0], tc[1], gotB, gotA, err, wantB, wantA, werr)
			}
		}
	}
	// A value encoding/json cannot write is an error, as before.
	if _, _, err := auditPayloads(auditDelta, nil, map[string]any{"f": func() {}}); err == nil {
		t.Error("a func was written")
	}
}

// BenchmarkAuditPayloads: a demo invoice's entries as created (the whole
// draft) and as issued (what issuing changed), written by auditPayloads and
// by reading each side into maps as before.
func BenchmarkAuditPayloads(b *testing.B) {
	var draft domain.Document
	if err := json.Unmarshal([]byte(`{"ClientID":231,"ClientName":"Atlas Pharma B.V.","CreatedAt":"2026-12-06T02:13:13.575764229Z","Currency":"CAD","DiscountAmount":"0","DiscountPercent":"0","DueDate":{"Day":28,"Month":4,"Year":2025},"ID":3001,"IssueDate":{"Day":29,"Month":3,"Year":2025},"Kind":"invoice","Lines":[{"Description":"Travel expenses (at cost)","DiscountPercent":"5","ID":7333,"ItemID":11,"Quantity":"1","Taxes":[{"Name":"Zero-rated","Percent":"0","RateID":3,"VAT":{"Category":"Z"}}],"Unit":"trip","UnitPrice":"578"},{"Description":"On-site training, per participant","DiscountPercent":"0","ID":7334,"ItemID":9,"Quantity":"22","Taxes":[{"Name":"VAT","Percent":"20","RateID":1,"VAT":{"Category":"S"}}],"Unit":"person","UnitPrice":"480"}],"Rounding":{"Mode":"half-up","Scope":"per-line"},"Status":"draft","Terms":"Payment within the agreed terms by bank transfer, quoting the invoice number.","UpdatedAt":"2026-12-06T02:13:13.575764229Z"}`), &draft); err != nil {
		b.Fatal(err)
	}
	issued := draft
	issued.Number, issued.Status = "INV-2025-02257", domain.DocIssued
	issued.IssuedAt = time.Date(2026, 12, 6, 2, 13, 13, 588146857, time.UTC)
	issued.UpdatedAt = issued.IssuedAt
	for _, bc := range []struct {
		name          string
		before, after any
	}{{"create", nil, &draft}, {"issue", &draft, &issued}} {
		b.Run(bc.name+"/json", func(b *testing.B) {
			for range b.N {
				auditPayloads(auditDelta, bc.before, bc.after)
			}
		})
		b.Run(bc.name+"/maps", func(b *testing.B) {
			for range b.N {
				payloadsViaMaps(bc.before, bc.after)
			}
		})
	}
}
