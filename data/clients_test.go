package data

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"clientbook/domain"
	"clientbook/domain/demo"
	"clientbook/domain/money"
)

func newClient(name, city string, contacts ...domain.Contact) *domain.Client {
	limit, _ := money.Parse("2500", "EUR")
	return &domain.Client{Name: name, Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: 30,
		CreditLimit: limit, Billing: domain.Address{Line1: "Main St 1", City: city, Country: "Germany"}, Contacts: contacts}
}

func auditRows(t *testing.T, b *Book, entity string, id int64) []string {
	t.Helper()
	rows, err := b.db.Query(`SELECT action FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id`, entity, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		rows.Scan(&a)
		out = append(out, a)
	}
	return out
}

func TestClientLifecycle(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	svc := b.Clients()
	c := newClient("  Nordlicht Logistik GmbH ", "München",
		domain.Contact{Name: "Jürgen Schäfer", Email: "j@nordlicht.example", Primary: true},
		domain.Contact{Name: "Anna Nowak", Role: "Accounts Payable"})
	c.Tags = []string{"key account", "EU"}
	c.RequiresPO = true
	if err := svc.CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || c.Contacts[0].ID == 0 || c.Contacts[1].ClientID != c.ID {
		t.Fatalf("IDs not set: %+v", c)
	}
	got, err := svc.FindClientByID(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Nordlicht Logistik GmbH" || got.Billing.City != "München" || !got.RequiresPO ||
		!got.CreditLimit.Equal(c.CreditLimit) || len(got.Contacts) != 2 || got.Contacts[1].Role != "Accounts Payable" ||
		strings.Join(got.Tags, ",") != "key account,EU" || got.CreatedAt.IsZero() {
		t.Fatalf("read back %+v", got)
	}

	got.Contacts = []domain.Contact{{Name: "Zoë Brown", Email: "zoe@nordlicht.example", Primary: true}}
	got.Status = domain.StatusInactive
	got.CreditLimit, _ = money.Parse("0.01", "EUR")
	if err := svc.UpdateClient(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, _ := svc.FindClientByID(ctx, c.ID)
	if len(again.Contacts) != 1 || again.Contacts[0].Name != "Zoë Brown" || again.Status != domain.StatusInactive ||
		again.CreditLimit.Amount.String() != "0.01" {
		t.Fatalf("after update %+v", again)
	}
	if err := svc.DeleteClient(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.FindClientByID(ctx, c.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("after delete: %v", err)
	}
	var contacts int
	b.db.QueryRow(`SELECT count(*) FROM contacts`).Scan(&contacts)
	if contacts != 0 {
		t.Errorf("%d contacts left after delete", contacts)
	}
	if got := strings.Join(auditRows(t, b, "client", c.ID), ","); got != "create,update,delete" {
		t.Errorf("audit = %s", got)
	}
	bj, aj := auditJSON(t, b.db, `action = 'update'`)
	beforeJSON, afterJSON := bj.String, aj.String
	var before, after domain.Client
	if json.Unmarshal([]byte(beforeJSON), &before) != nil || json.Unmarshal([]byte(afterJSON), &after) != nil ||
		before.Status != domain.StatusActive || after.Status != domain.StatusInactive {
		t.Errorf("audit before/after wrong: %s → %s", beforeJSON, afterJSON)
	}
	if _, err := b.db.Exec(`UPDATE audit_log SET actor = 'mallory'`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("audit log update allowed: %v", err)
	}
	if _, err := b.db.Exec(`DELETE FROM audit_log`); err == nil {
		t.Error("audit log delete allowed")
	}
	if err := svc.UpdateClient(ctx, again); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("update of a deleted client: %v", err)
	}
	if err := svc.DeleteClient(ctx, 12345); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("delete of a missing client: %v", err)
	}
}

func TestInvalidClientWritesNothing(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	svc := b.Clients()
	bad := newClient("", "Berlin", domain.Contact{Name: "X", Email: "not-an-email"})
	err := svc.CreateClient(ctx, bad)
	fields := domain.FieldErrors(err)
	if domain.ErrorCode(err) != domain.EINVALID || fields["name"] == "" || fields[domain.ContactField(0, "email")] == "" {
		t.Fatalf("err = %v, fields %v", err, fields)
	}
	good := newClient("Good", "Berlin")
	svc.CreateClient(ctx, good)
	good.CreditLimit, _ = money.Parse("-5", "EUR")
	if err := svc.UpdateClient(ctx, good); domain.FieldErrors(err)["creditLimit"] == "" {
		t.Fatalf("negative credit limit: %v", err)
	}
	// A batch with one bad client stores none of them.
	batch := []*domain.Client{newClient("One", "Paris"), newClient("Two", "Paris"), newClient(" ", "Paris")}
	err = svc.CreateClients(ctx, batch)
	if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(domain.ErrorMessage(err), "Client 3 of 3") {
		t.Fatalf("batch err = %v", err)
	}
	var clients, audits int
	b.db.QueryRow(`SELECT count(*) FROM clients`).Scan(&clients)
	b.db.QueryRow(`SELECT count(*) FROM audit_log`).Scan(&audits)
	if clients != 1 || audits != 1 {
		t.Errorf("after refused writes: %d clients, %d audit rows; want 1 and 1", clients, audits)
	}
}

// TestAuditIsInTheSameTransaction makes a write fail after its audit row was
// inserted and checks that neither the change nor the audit row remain.
func TestAuditIsInTheSameTransaction(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	c := newClient("Atomic AG", "Basel")
	err := b.write(ctx, "test", func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO clients (name, name_key, status, payment_terms_days, currency, created_at, updated_at)
			VALUES ('Atomic AG', 'atomic ag', 'active', 30, 'EUR', '', '')`); err != nil {
			return err
		}
		if err := tx.audit("client", 1, actionCreate, nil, c); err != nil {
			return err
		}
		return fmt.Errorf("the disk is full")
	})
	if err == nil {
		t.Fatal("the failing write reported success")
	}
	var clients, audits int
	b.db.QueryRow(`SELECT count(*) FROM clients`).Scan(&clients)
	b.db.QueryRow(`SELECT count(*) FROM audit_log`).Scan(&audits)
	if clients != 0 || audits != 0 {
		t.Fatalf("after rollback: %d clients, %d audit rows", clients, audits)
	}
	if domain.ErrorCode(err) != domain.EINTERNAL || !strings.Contains(err.Error(), "disk is full") {
		t.Errorf("err = %v", err)
	}
}

func TestClientSearchAndPages(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	svc := b.Clients()
	cs := []*domain.Client{
		newClient("Zürich Versicherung AG", "Zürich"),
		newClient("Müller & Söhne", "Köln", domain.Contact{Name: "Ayşe Yılmaz", Email: "ayse@mueller.example"}),
		newClient("São Paulo Café Ltda", "São Paulo"),
		newClient("Großbeeren Bau", "Berlin"),
		newClient("alpha one", "Oslo"),
		newClient("Beta Two", "Aarhus"),
	}
	cs[5].Status = domain.StatusProspect
	if err := svc.CreateClients(ctx, cs); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		search string
		status domain.ClientStatus
		want   string
	}{
		{"zurich", "", "Zürich Versicherung AG"},
		{"ZÜRICH", "", "Zürich Versicherung AG"},
		{"muller", "", "Müller & Söhne"},
		{"ayse", "", "Müller & Söhne"},
		{"mueller.example", "", "Müller & Söhne"},
		{"sao paulo", "", "São Paulo Café Ltda"},
		{"strasse", "", ""},
		{"grossbeeren", "", "Großbeeren Bau"},
		{"cafe sao", "", "São Paulo Café Ltda"},
		{"", domain.StatusProspect, "Beta Two"},
		{"two", domain.StatusActive, ""},
		{"aarhus", "", "Beta Two"},
		{`o"brien`, "", ""},
		{"o'brien AND OR NOT *", "", ""},
		{"üb", "", ""},
		{"öh", "", "Müller & Söhne"},
	}
	for _, tt := range tests {
		f := domain.ClientFilter{Search: tt.search, Status: tt.status}
		rows, err := svc.FindClients(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range rows {
			names = append(names, r.Name)
		}
		if strings.Join(names, "|") != tt.want {
			t.Errorf("search %q status %q = %q, want %q", tt.search, tt.status, names, tt.want)
		}
		if n, _ := svc.CountClients(ctx, f); n != len(rows) {
			t.Errorf("count %q = %d, rows %d", tt.search, n, len(rows))
		}
	}
	rows, _ := svc.FindClients(ctx, domain.ClientFilter{Search: "ayse"})
	if rows[0].ContactName != "Ayşe Yılmaz" || rows[0].City != "Köln" || rows[0].Currency != "EUR" {
		t.Errorf("row = %+v", rows[0])
	}

	// Sorting ignores case and accents; pages are stable and cover everything once.
	all, _ := svc.FindClients(ctx, domain.ClientFilter{})
	var names []string
	for _, r := range all {
		names = append(names, r.Name)
	}
	if want := "alpha one|Beta Two|Großbeeren Bau|Müller & Söhne|São Paulo Café Ltda|Zürich Versicherung AG"; strings.Join(names, "|") != want {
		t.Errorf("by name = %q", names)
	}
	byCity, _ := svc.FindClients(ctx, domain.ClientFilter{Sort: domain.SortByCity, Desc: true, Limit: 2})
	if byCity[0].City != "Zürich" || byCity[1].City != "São Paulo" {
		t.Errorf("by city desc = %+v", byCity)
	}
	seen := map[int64]bool{}
	for off := 0; off < 6; off += 4 {
		page, _ := svc.FindClients(ctx, domain.ClientFilter{Sort: domain.SortByStatus, Offset: off, Limit: 4})
		for _, r := range page {
			if seen[r.ID] {
				t.Errorf("client %d on two pages", r.ID)
			}
			seen[r.ID] = true
		}
	}
	if len(seen) != 6 {
		t.Errorf("pages covered %d clients", len(seen))
	}
}

func TestClientQueriesUseIndexes(t *testing.T) {
	b := openTemp(t)
	where, args := clientWhere(domain.ClientFilter{Search: "zurich"})
	rows, err := b.db.Query(`EXPLAIN QUERY PLAN SELECT count(*) FROM clients`+where, args...)
	if err != nil {
		t.Fatal(err)
	}
	plan := ""
	for rows.Next() {
		var id, parent, notused int
		var detail string
		rows.Scan(&id, &parent, &notused, &detail)
		plan += detail + "; "
	}
	rows.Close()
	if !strings.Contains(plan, "clients_fts VIRTUAL TABLE INDEX") {
		t.Errorf("a 3-letter search does not use the trigram index: %s", plan)
	}
	for _, s := range []domain.ClientSort{domain.SortByName, domain.SortByCity, domain.SortByStatus, domain.SortByCreated} {
		f := domain.ClientFilter{Sort: s, Limit: 100}
		q := `EXPLAIN QUERY PLAN SELECT id FROM clients` + clientOrder(f) + ` LIMIT 100`
		rows, err := b.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		plan := ""
		for rows.Next() {
			var id, parent, notused int
			var detail string
			rows.Scan(&id, &parent, &notused, &detail)
			plan += detail + "; "
		}
		rows.Close()
		if strings.Contains(plan, "TEMP B-TREE") || !strings.Contains(plan, "INDEX") {
			t.Errorf("sort %s plan: %s", s, plan)
		}
	}
}

// BenchmarkFindClients10k measures one keystroke in the search box over a
// 10,000-client book: count the matches and read the first page.
func BenchmarkFindClients10k(b *testing.B) {
	book := openTemp(b)
	ctx := context.Background()
	if err := demo.Generate(ctx, book.Clients(), demo.Options{Clients: 10000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{"", "a", "zur", "muller logistics", "example"} {
		b.Run(fmt.Sprintf("search=%q", q), func(b *testing.B) {
			f := domain.ClientFilter{Search: q, Limit: 100}
			for i := 0; i < b.N; i++ {
				if _, err := book.Clients().CountClients(ctx, f); err != nil {
					b.Fatal(err)
				}
				if _, err := book.Clients().FindClients(ctx, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestClientCountCappedAndPagesMatchTheScan: a capped count is the number
// of matches up to the cap and one more (a cap of 0 or below is none), and
// the list read page by page, by key, in every order, is what a substring
// scan of the clients finds, in the same order.
func TestClientCountCappedAndPagesMatchTheScan(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	svc := b.Clients()
	var cs []*domain.Client
	cities := []string{"Zürich", "Köln", "Oslo", "Aarhus"}
	for i := 0; i < 60; i++ {
		name := fmt.Sprintf("Schäfer & Brown %02d", i)
		if i%3 == 0 {
			name = fmt.Sprintf("Summit Hospitality %02d", i)
		}
		cs = append(cs, newClient(name, cities[i%len(cities)], domain.Contact{Name: fmt.Sprintf("Contact %d", i), Email: fmt.Sprintf("c%d@example.com", i)}))
	}
	if err := svc.CreateClients(ctx, cs); err != nil {
		t.Fatal(err)
	}
	scan := func(search string) []int64 {
		q := `SELECT id FROM clients`
		var conds []string
		var args []any
		for _, w := range strings.Fields(domain.FoldSearch(search)) {
			conds = append(conds, "instr(search_text, ?) > 0")
			args = append(args, w)
		}
		if len(conds) > 0 {
			q += " WHERE " + strings.Join(conds, " AND ")
		}
		rows, err := b.db.Query(q+" ORDER BY name_key, id", args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var ids []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		return ids
	}
	for _, s := range []string{"", "s", "sch", "schafer", "SCHÄFER & BROWN", "summit h", "zurich", "oslo 1", "c4", "example", "nowhere", "br 0"} {
		want := scan(s)
		for _, most := range []int{-3, 0, 1, 5, len(want), len(want) + 1, 1000} {
			n, err := svc.CountClients(ctx, domain.ClientFilter{Search: s, CountAtMost: most})
			if err != nil {
				t.Fatal(err)
			}
			w := len(want)
			if most > 0 {
				w = min(w, most+1)
			}
			if n != w {
				t.Errorf("search %q counted at most %d: %d, want %d", s, most, n, w)
			}
		}
		var got []int64
		f := domain.ClientFilter{Search: s, Limit: 7}
		for len(got) <= len(want) {
			rows, err := svc.FindClients(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				got = append(got, r.ID)
				if r.ContactName == "" || !strings.HasSuffix(r.ContactEmail, "@example.com") {
					t.Errorf("search %q: row %+v without its contact", s, r)
				}
			}
			if len(rows) < f.Limit {
				break
			}
			f.After, f.Offset = rows[len(rows)-1].ID, len(got)
		}
		if !slices.Equal(got, want) {
			t.Errorf("search %q paged by key: %v, the scan %v", s, got, want)
		}
		// Every order holds the same clients, once each.
		for _, so := range []domain.ClientSort{domain.SortByCity, domain.SortByStatus, domain.SortByCreated, domain.SortByLastContact} {
			for _, desc := range []bool{false, true} {
				rows, err := svc.FindClients(ctx, domain.ClientFilter{Search: s, Sort: so, Desc: desc, Limit: 1000})
				if err != nil {
					t.Fatal(err)
				}
				ids := make([]int64, len(rows))
				for i, r := range rows {
					ids[i] = r.ID
				}
				slices.Sort(ids)
				sorted := slices.Sorted(slices.Values(want))
				if !slices.Equal(ids, sorted) {
					t.Errorf("search %q by %s desc %v: %v, want %v", s, so, desc, ids, sorted)
				}
			}
		}
	}
}
