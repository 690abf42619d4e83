package data

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"clientbook/domain"
	"clientbook/domain/demo"
)

// pagingBook is a demo book with drafts (no number), clients never contacted,
// many documents issued on the same day and clients sharing a city or a
// status: the ties and NULL or empty sort values paging by key must step
// over.
func pagingBook(t *testing.T) *Book {
	t.Helper()
	b := openTemp(t)
	if err := demo.Fill(context.Background(), b, demo.Options{Clients: 25, Invoices: 240, Seed: 11,
		Today: domain.NewDate(2027, 6, 15)}); err != nil {
		t.Fatal(err)
	}
	return b
}

// walkByKey reads a whole list a page of size at a time, each page after the
// last row of the one before, and returns the ids in the order read.
func walkByKey(t *testing.T, size int, page func(after int64) ([]int64, error)) []int64 {
	t.Helper()
	var out []int64
	var after int64
	for i := 0; ; i++ {
		ids, err := page(after)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ids...)
		if len(ids) < size {
			return out
		}
		after = ids[len(ids)-1]
		if i > 10000 {
			t.Fatal("paging by key does not end")
		}
	}
}

// TestPagingByKeyMatchesOneQuery pages every list that pages by key through
// every sort in both directions, with and without a filter, and compares the
// rows with those of one unpaged query: the same rows in the same order.
func TestPagingByKeyMatchesOneQuery(t *testing.T) {
	ctx := context.Background()
	b := pagingBook(t)
	const size = 7
	check := func(name string, whole []int64, byKey []int64) {
		t.Helper()
		if len(whole) < 2*size {
			t.Errorf("%s: only %d rows; the test pages nothing", name, len(whole))
		}
		if !slices.Equal(whole, byKey) {
			t.Errorf("%s: paged by key %d rows %v…, one query %d rows %v…", name, len(byKey), head(byKey), len(whole), head(whole))
		}
	}

	var nullNumbers, neverContacted int
	b.db.QueryRow(`SELECT count(*) FROM documents WHERE number IS NULL`).Scan(&nullNumbers)
	b.db.QueryRow(`SELECT count(*) FROM clients WHERE last_contacted_at = ''`).Scan(&neverContacted)
	if nullNumbers == 0 || neverContacted == 0 {
		t.Fatalf("the book has %d drafts and %d clients never contacted; the test wants some of each", nullNumbers, neverContacted)
	}
	docIDs := func(rows []domain.DocumentRow) []int64 {
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		return ids
	}
	for _, base := range []domain.DocumentFilter{{}, {Kind: domain.KindInvoice}, {Search: "-00"}, {Search: "0"}} {
		for _, sortBy := range append([]string{""}, domain.DocumentSorts...) {
			for _, desc := range []bool{false, true} {
				f := base
				f.Sort, f.Desc = sortBy, desc
				whole, err := b.Documents().FindDocuments(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				byKey := walkByKey(t, size, func(after int64) ([]int64, error) {
					g := f
					g.Limit, g.After = size, after
					rows, err := b.Documents().FindDocuments(ctx, g)
					return docIDs(rows), err
				})
				check(fmt.Sprintf("documents %+v", f), docIDs(whole), byKey)
			}
		}
	}

	payIDs := func(ps []*domain.Payment) []int64 {
		ids := make([]int64, len(ps))
		for i, p := range ps {
			ids[i] = p.ID
		}
		return ids
	}
	for _, sortBy := range []string{"", "date", "client", "amount", "method", "reference"} {
		for _, desc := range []bool{false, true} {
			f := domain.PaymentFilter{Sort: sortBy, Desc: desc}
			whole, err := b.Payments().FindPayments(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			byKey := walkByKey(t, size, func(after int64) ([]int64, error) {
				g := f
				g.Limit, g.After = size, after
				ps, err := b.Payments().FindPayments(ctx, g)
				return payIDs(ps), err
			})
			check(fmt.Sprintf("payments %+v", f), payIDs(whole), byKey)
		}
	}

	lineIDs := func(ls []domain.BankLine) []int64 {
		ids := make([]int64, len(ls))
		for i, l := range ls {
			ids[i] = l.ID
		}
		return ids
	}
	for _, sortBy := range []string{"", "date", "amount", "status", "text"} {
		for _, desc := range []bool{false, true} {
			f := domain.BankLineFilter{Sort: sortBy, Desc: desc}
			whole, err := b.Bank().FindBankLines(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			byKey := walkByKey(t, 3, func(after int64) ([]int64, error) {
				g := f
				g.Limit, g.After = 3, after
				ls, err := b.Bank().FindBankLines(ctx, g)
				return lineIDs(ls), err
			})
			if len(whole) < 6 {
				t.Fatalf("the demo book has %d statement lines", len(whole))
			}
			if !slices.Equal(lineIDs(whole), byKey) {
				t.Errorf("bank lines %+v: paged by key %v, one query %v", f, byKey, lineIDs(whole))
			}
		}
	}

	clientIDs := func(rows []domain.ClientRow) []int64 {
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		return ids
	}
	for _, sortBy := range []domain.ClientSort{"", domain.SortByName, domain.SortByCity, domain.SortByStatus, domain.SortByCreated, domain.SortByLastContact} {
		for _, desc := range []bool{false, true} {
			f := domain.ClientFilter{Sort: sortBy, Desc: desc}
			whole, err := b.Clients().FindClients(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			byKey := walkByKey(t, 4, func(after int64) ([]int64, error) {
				g := f
				g.Limit, g.After = 4, after
				rows, err := b.Clients().FindClients(ctx, g)
				return clientIDs(rows), err
			})
			check(fmt.Sprintf("clients %+v", f), clientIDs(whole), byKey)
		}
	}
}

// TestPagingByKeyFallsBackToOffset: a page after a row that is gone (a
// draft deleted meanwhile) is read by its offset.
func TestPagingByKeyFallsBackToOffset(t *testing.T) {
	ctx := context.Background()
	b := pagingBook(t)
	all, err := b.Documents().FindDocuments(ctx, domain.DocumentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := b.Documents().FindDocuments(ctx, domain.DocumentFilter{After: 1 << 40, Offset: 10, Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[0].ID != all[10].ID {
		t.Errorf("after a row that is gone, page at offset 10 starts with %v, want %d", rows, all[10].ID)
	}
}

// head is the first few of ids, for a failure message.
func head(ids []int64) []int64 {
	if len(ids) > 8 {
		return ids[:8]
	}
	return ids
}

// oldDocumentSearch is the Documents search as it was before the trigram
// index (schema 23): every word a substring of the folded number, PO number
// and reference, or of the client's folded name. Kept as the reference the
// indexed search must agree with.
func oldDocumentSearch(t *testing.T, b *Book, search string) []int64 {
	t.Helper()
	q := `SELECT d.id FROM documents d JOIN clients c ON c.id = d.client_id`
	var conds []string
	var args []any
	for _, w := range strings.Fields(domain.FoldSearch(search)) {
		conds = append(conds, "(instr(d.search_text, ?) > 0 OR instr(c.name_key, ?) > 0)")
		args = append(args, w, w)
	}
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	rows, err := b.db.Query(q+` ORDER BY d.issue_date DESC, d.id DESC`, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// TestDocumentSearchMatchesSubstringScan types random pieces of the book's
// real numbers, PO numbers, references and client names (their prefixes as
// a person types them, middles, in other case and with accents, two words
// at once, and text found nowhere) into the Documents search and compares
// the rows and the count with the old substring scan's — also after writes
// that change what a search finds, which the index's triggers keep.
func TestDocumentSearchMatchesSubstringScan(t *testing.T) {
	ctx := context.Background()
	b := pagingBook(t)
	defer func(d int) { rareInDocuments = d }(rareInDocuments)
	rng := rand.New(rand.NewSource(3))
	var texts []string
	rows, err := b.db.Query(`SELECT coalesce(d.number, ''), d.po_number, d.reference, c.name FROM documents d JOIN clients c ON c.id = d.client_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n, po, ref, name string
		if err := rows.Scan(&n, &po, &ref, &name); err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{n, po, ref, name} {
			if s != "" {
				texts = append(texts, s)
			}
		}
	}
	rows.Close()
	searches := []string{"", "a", "20", "inv", "INV-20", "zürich", "schäfer", "SCHAFER", "gmbh 20", "zzz", "q-", "o.o", "xyz nonexistent",
		"schäfer & brown o", "ag inv-2", "-20 gmbh", "\x1f", "\x1fa"}
	for i := 0; i < 120; i++ {
		s := []rune(texts[rng.Intn(len(texts))])
		from := 0
		if rng.Intn(3) == 0 {
			from = rng.Intn(len(s))
		}
		to := from + 1 + rng.Intn(len(s)-from)
		w := string(s[from:to])
		if rng.Intn(4) == 0 {
			w = strings.ToUpper(w)
		}
		if rng.Intn(5) == 0 {
			w += " " + string([]rune(texts[rng.Intn(len(texts))])[:2])
		}
		searches = append(searches, w)
	}
	compare := func(when string) {
		t.Helper()
		for _, s := range searches {
			want := oldDocumentSearch(t, b, s)
			got, err := b.Documents().FindDocuments(ctx, domain.DocumentFilter{Search: s})
			if err != nil {
				t.Fatal(err)
			}
			ids := make([]int64, len(got))
			for i, r := range got {
				ids[i] = r.ID
			}
			if !slices.Equal(ids, want) {
				t.Errorf("%s: search %q finds %d documents %v…, the substring scan %d %v…", when, s, len(ids), head(ids), len(want), head(want))
			}
			n, err := b.Documents().CountDocuments(ctx, domain.DocumentFilter{Search: s})
			if err != nil {
				t.Fatal(err)
			}
			if n != len(want) {
				t.Errorf("%s: search %q counts %d, the substring scan %d", when, s, n, len(want))
			}
			// Page by page, by key, newest first and oldest first: the
			// same rows in the same order.
			for _, desc := range []bool{true, false} {
				var paged []int64
				f := domain.DocumentFilter{Search: s, Sort: domain.SortDocsByIssueDate, Desc: desc, Limit: 7}
				for len(paged) < len(want)+7 {
					rows, err := b.Documents().FindDocuments(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					for _, r := range rows {
						paged = append(paged, r.ID)
					}
					if len(rows) < f.Limit {
						break
					}
					f.After, f.Offset = rows[len(rows)-1].ID, len(paged)
				}
				if !desc {
					slices.Reverse(paged)
				}
				if !slices.Equal(paged, want) {
					t.Errorf("%s: search %q paged by key (desc %v) finds %d %v…, the substring scan %d %v…", when, s, desc, len(paged), head(paged), len(want), head(want))
				}
			}
			// Capped: min(matches, cap+1); a cap of 0 or below is none.
			for _, most := range []int{-1, 0, 1, 3, len(want) - 1, len(want), len(want) + 1, 1000} {
				n, err := b.Documents().CountDocuments(ctx, domain.DocumentFilter{Search: s, CountAtMost: most})
				if err != nil {
					t.Fatal(err)
				}
				want := len(want)
				if most > 0 {
					want = min(want, most+1)
				}
				if n != want {
					t.Errorf("%s: search %q counted at most %d: %d, want %d", when, s, most, n, want)
				}
			}
		}
	}
	compare("demo book")
	rareInDocuments = 3
	compare("every word common")
	rareInDocuments = 1 << 30
	compare("every word rare")
	rareInDocuments = 2000

	// A draft's new PO number, a client's new name and a deleted draft.
	var draft, client int64
	if err := b.db.QueryRow(`SELECT id, client_id FROM documents WHERE status = 'draft' LIMIT 1`).Scan(&draft, &client); err != nil {
		t.Fatal(err)
	}
	d, err := b.Documents().FindDocumentByID(ctx, draft)
	if err != nil {
		t.Fatal(err)
	}
	d.PONumber = "PO-Quetzal-77"
	if err := b.Documents().UpdateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	c, err := b.Clients().FindClientByID(ctx, client)
	if err != nil {
		t.Fatal(err)
	}
	c.Name = "Ångström Wöllmann AG"
	if err := b.Clients().UpdateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	var other int64
	if err := b.db.QueryRow(`SELECT id FROM documents WHERE status = 'draft' AND id <> ? LIMIT 1`, draft).Scan(&other); err == nil {
		if err := b.Documents().DeleteDraft(ctx, other); err != nil {
			t.Fatal(err)
		}
	}
	// A draft of another client given to the renamed one.
	var moved int64
	if err := b.db.QueryRow(`SELECT id FROM documents WHERE status = 'draft' AND client_id <> ? AND id NOT IN (?, ?) LIMIT 1`,
		client, draft, other).Scan(&moved); err != nil {
		t.Fatal(err)
	}
	m, err := b.Documents().FindDocumentByID(ctx, moved)
	if err != nil {
		t.Fatal(err)
	}
	m.ClientID = client
	// and dated a year earlier: documents_fts's key holds the issue date.
	m.IssueDate = m.IssueDate.AddMonths(-12)
	if err := b.Documents().UpdateDraft(ctx, m); err != nil {
		t.Fatal(err)
	}
	var keyed int64
	if err := b.db.QueryRow(`SELECT count(*) FROM documents_fts WHERE rowid = CAST(replace(?, '-', '') AS INTEGER) * 4294967296 + ?`,
		m.IssueDate.String(), moved).Scan(&keyed); err != nil || keyed != 1 {
		t.Errorf("the redated draft is under its new date in documents_fts: %d %v", keyed, err)
	}
	searches = append(searches, "quetzal", "po-quetz", "angstrom", "wollmann ag", "ström", "wöllmann "+m.Number)
	compare("after writes")
	rareInDocuments = 3
	compare("after writes, every word common")
	rareInDocuments = 1 << 30
	compare("after writes, every word rare")
	rareInDocuments = 2000
	if got := oldDocumentSearch(t, b, "wollmann"); !slices.Contains(got, moved) {
		t.Errorf("the draft moved to the renamed client is not found by its name: %v", got)
	}
	if got := oldDocumentSearch(t, b, "quetzal"); len(got) != 1 || got[0] != draft {
		t.Errorf("the draft's new PO number is found in %v", got)
	}
}

// TestPageByKeyReadsAlongAnIndex holds a page read by key, in the orders an
// index serves, to starting in that index at the key and reading on in
// order: no scan of the documents, payments or clients, no sorting.
func TestPageByKeyReadsAlongAnIndex(t *testing.T) {
	ctx := context.Background()
	b := pagingBook(t)
	var mid int64
	if err := b.db.QueryRow(`SELECT id FROM documents WHERE kind = 'invoice' AND status = 'issued' ORDER BY id LIMIT 1 OFFSET 50`).Scan(&mid); err != nil {
		t.Fatal(err)
	}
	for _, f := range []domain.DocumentFilter{
		{}, {Sort: domain.SortDocsByIssueDate}, {Sort: domain.SortDocsByIssueDate, Desc: true},
		{Kind: domain.KindInvoice, Sort: domain.SortDocsByIssueDate, Desc: true},
		{Kind: domain.KindInvoice, Status: domain.DocIssued, Sort: domain.SortDocsByDueDate},
	} {
		f.Limit = 100
		cols, _ := documentOrderColumns(f)
		key, ok, err := keyOf(ctx, b.db, strings.TrimPrefix(documentFrom, " FROM "), "d.id", cols, mid)
		if err != nil || !ok {
			t.Fatalf("key of %d: %v %v", mid, ok, err)
		}
		q, args := documentListQuery(f, key, searchNarrowing{})
		plan := planOf(t, b, q, args)
		if strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "SCAN d\n") || strings.HasSuffix(plan, "SCAN d") ||
			!strings.Contains(plan, "INDEX") {
			t.Errorf("documents %+v by key:\n%s\n%s", f, q, plan)
		}
	}
	// The payments' pages by key are production SQL in
	// TestProductionQueriesUseIndexes. The clients' order by name, as
	// FindClients writes it (clients is not one of its big tables):
	cols, desc := clientOrderColumns(domain.ClientFilter{})
	cond, args := afterKey(cols, []any{"m", int64(5)}, desc)
	q := `SELECT id FROM clients WHERE ` + cond + orderClause(cols, desc) + ` LIMIT 100`
	if plan := planOf(t, b, q, args); strings.Contains(plan, "TEMP B-TREE") || !strings.Contains(plan, "clients_by_name") {
		t.Errorf("%s:\n%s", q, plan)
	}
}

// TestDocumentSearchAfterUpgrade: a book of schema 22 upgraded to 23 has its
// documents in the new trigram index, and searches find what the substring
// scan finds.
func TestDocumentSearchAfterUpgrade(t *testing.T) {
	ctx := context.Background()
	b := pagingBook(t)
	path := b.Path()
	undoDocumentSearch(t, b.db)
	b.Close()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var indexed, docs int
	b.db.QueryRow(`SELECT count(*) FROM documents_fts WHERE documents_fts MATCH '"inv"'`).Scan(&indexed)
	b.db.QueryRow(`SELECT count(*) FROM documents d JOIN clients c ON c.id = d.client_id
		WHERE instr(d.search_text, 'inv') > 0 OR instr(c.name_key, 'inv') > 0`).Scan(&docs)
	if indexed == 0 || indexed != docs {
		t.Errorf("after the upgrade the index holds %d documents with \"inv\", the book %d", indexed, docs)
	}
	var number string
	b.db.QueryRow(`SELECT number FROM documents WHERE number IS NOT NULL ORDER BY id DESC LIMIT 1`).Scan(&number)
	for _, s := range []string{number, number[len(number)-4:], "inv"} {
		got, err := b.Documents().FindDocuments(ctx, domain.DocumentFilter{Search: s})
		if err != nil {
			t.Fatal(err)
		}
		if want := oldDocumentSearch(t, b, s); len(got) != len(want) || len(want) == 0 {
			t.Errorf("search %q after the upgrade finds %d, the substring scan %d", s, len(got), len(want))
		}
	}
}
