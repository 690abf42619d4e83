package data

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"clientbook/domain"
	"clientbook/domain/demo"
)

// planOf is SQLite's EXPLAIN QUERY PLAN of q, one step a line.
func planOf(t *testing.T, b *Book, q string, args []any) string {
	t.Helper()
	plan, err := planSteps(b.db, q, args)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "\n")
}

// TestDocumentsFirstPageReadsInOrder holds the Documents screen's first page
// to reading its rows in order from an index — newest first, every kind or
// one — rather than sorting the whole table, and its count to an index of
// documents alone unless a search needs the client's name. The SQL is the
// one FindDocuments and CountDocuments run. The answers are checked against
// the whole list sorted here.
func TestDocumentsFirstPageReadsInOrder(t *testing.T) {
	ctx := context.Background()
	b := openTemp(t)
	if err := demo.Fill(ctx, b, demo.Options{Clients: 30, Invoices: 150, Seed: 5, Today: domain.NewDate(2027, 6, 15)}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		f     domain.DocumentFilter
		index string
	}{
		{"every kind, newest first", domain.DocumentFilter{Sort: domain.SortDocsByIssueDate, Desc: true, Limit: 100}, "documents_by_issue"},
		{"every kind, no sort", domain.DocumentFilter{Limit: 100}, "documents_by_issue"},
		{"invoices, newest first", domain.DocumentFilter{Kind: domain.KindInvoice, Sort: domain.SortDocsByIssueDate, Desc: true, Limit: 100}, "documents_by_date"},
	} {
		q, args := documentListQuery(tc.f, nil, searchNarrowing{})
		plan := planOf(t, b, q, args)
		if strings.Contains(plan, "TEMP B-TREE") || !strings.Contains(plan, tc.index) {
			t.Errorf("%s: the first page sorts the documents instead of reading them in order from %s:\n%s", tc.name, tc.index, plan)
		}
		all := tc.f
		all.Limit = 0
		rows, err := b.Documents().FindDocuments(ctx, all)
		if err != nil {
			t.Fatal(err)
		}
		sort.SliceStable(rows, func(i, j int) bool {
			if rows[i].IssueDate != rows[j].IssueDate {
				return rows[j].IssueDate.Before(rows[i].IssueDate)
			}
			return rows[i].ID > rows[j].ID
		})
		page, err := b.Documents().FindDocuments(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < 100 || len(page) != 100 {
			t.Fatalf("%s: %d documents, a page of %d", tc.name, len(rows), len(page))
		}
		for i := range page {
			if page[i].ID != rows[i].ID {
				t.Fatalf("%s: row %d is document %d, want %d", tc.name, i, page[i].ID, rows[i].ID)
			}
		}
	}

	for _, f := range []domain.DocumentFilter{{}, {Kind: domain.KindInvoice}, {Status: domain.DocDraft},
		{Kind: domain.KindInvoice, Payment: domain.PayStates[0]}, {Search: "gmbh"}, {Search: "  "}} {
		q, args := documentCountQuery(f, searchNarrowing{})
		plan := planOf(t, b, q, args)
		searches := len(strings.Fields(f.Search)) > 0
		// A search reads the clients whose name matches once, as a list,
		// never each document's client.
		if strings.Contains(plan, "SEARCH c ") || strings.Contains(plan, "clients") != searches {
			t.Errorf("count %+v: reads the clients per document, or not for a search:\n%s", f, plan)
		}
		// A search not narrowed by the trigram indexes (nil here: a word of
		// one or two letters, or one in most documents) looks inside the
		// text of every document (instr).
		for _, step := range strings.Split(plan, "\n") {
			if !searches && strings.HasPrefix(step, "SCAN d") && !strings.Contains(step, "INDEX") {
				t.Errorf("count %+v reads the documents table itself:\n%s", f, plan)
			}
		}
		n, err := b.Documents().CountDocuments(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		where, wargs := documentWhere(f, searchNarrowing{}, clientNameKey)
		var joined int
		if err := b.db.QueryRow(`SELECT count(*) FROM documents d JOIN clients c ON c.id = d.client_id`+where, wargs...).Scan(&joined); err != nil {
			t.Fatal(err)
		}
		if n != joined {
			t.Errorf("count %+v = %d, with the clients joined %d", f, n, joined)
		}
		if f.Search == "" && f.Status == "" && f.Kind == "" && n < 150 {
			t.Errorf("count of every document = %d, want at least the 150 invoices", n)
		}
	}
}

// TestAgendaInvoicesReadInDueOrder holds the query behind Today's overdue
// invoices (domain.AgendaInvoicesFilter, as TodayAgenda runs it) to reading
// the latest-due invoices in order from documents_by_due, not sorting every
// past-due invoice of the book, and checks it keeps the most recently due.
func TestAgendaInvoicesReadInDueOrder(t *testing.T) {
	ctx := context.Background()
	b := openTemp(t)
	day := domain.NewDate(2027, 6, 15)
	if err := demo.Fill(ctx, b, demo.Options{Clients: 20, Invoices: 80, Seed: 9, Today: day}); err != nil {
		t.Fatal(err)
	}
	f := domain.AgendaInvoicesFilter(day)
	q, args := documentListQuery(f, nil, searchNarrowing{})
	if plan := planOf(t, b, q, args); strings.Contains(plan, "TEMP B-TREE") || !strings.Contains(plan, "documents_by_due") {
		t.Errorf("Today's overdue invoices are not read in order from documents_by_due:\n%s", plan)
	}
	f.Limit = 10
	page, err := b.Documents().FindDocuments(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	f.Limit = 0
	all, err := b.Documents().FindDocuments(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 10 || len(all) <= 10 {
		t.Fatalf("%d of %d past-due invoices", len(page), len(all))
	}
	for _, r := range all {
		if r.Kind != domain.KindInvoice || r.Status != domain.DocIssued || !r.DueDate.Before(day) {
			t.Errorf("%s (%s %s, due %s) is not an issued invoice due before %s", r.Number, r.Kind, r.Status, r.DueDate, day)
		}
		if r.DueDate.After(page[9].DueDate) && !containsDoc(page, r.ID) {
			t.Errorf("%s, due %s, is left out of the 10 most recently due (the last due %s)", r.Number, r.DueDate, page[9].DueDate)
		}
	}
}

func containsDoc(rows []domain.DocumentRow, id int64) bool {
	for _, r := range rows {
		if r.ID == id {
			return true
		}
	}
	return false
}

// TestOpenAmountQueriesReadOpenInvoices holds the queries that need what is
// open on invoices — the aging's and a client balance's (receivablesQueries),
// the payment-state filters and Today's open invoices (documentListQuery and
// documentCountQuery, as FindDocuments and CountDocuments run them) — to the
// indexes of the kept open amounts: none reads the documents table itself,
// and the open-state ones read documents_open or documents_open_by_due
// rather than every issued invoice. The answers are held to the rows by
// TestOpenAmountsNeverDrift.
func TestOpenAmountQueriesReadOpenInvoices(t *testing.T) {
	ctx := context.Background()
	b := openTemp(t)
	day := domain.NewDate(2027, 6, 15)
	if err := demo.Fill(ctx, b, demo.Options{Clients: 20, Invoices: 80, Seed: 9, Today: day}); err != nil {
		t.Fatal(err)
	}
	for _, client := range []int64{0, 1} {
		kept, changed, unapplied, later, refunded := receivablesQueries("EUR", day, client, false)
		label := fmt.Sprintf("receivables of client %d", client)
		checkPlan(t, b.db, label+", kept", kept.sql, kept.args, "documents_open")
		if client == 0 {
			checkPlan(t, b.db, label+", changed since", changed.sql, changed.args, "documents_open_since")
			checkPlan(t, b.db, label+", unapplied", unapplied.sql, unapplied.args, "payments_unapplied")
			checkPlan(t, b.db, label+", applied later", later.sql, later.args)
			checkPlan(t, b.db, label+", refunded", refunded.sql, refunded.args)
			continue
		}
		// One client's (a refund's credit check as of its day) are read by
		// client, never by day: an index by day ranges over every client's
		// rows changed since the day.
		for _, q := range []struct {
			name  string
			q     query
			index string
		}{
			{"changed since", changed, "documents_by_client_state"},
			{"unapplied", unapplied, "payments_by_client"},
			{"applied later", later, "payments_by_client"},
			{"refunded", refunded, "refunds_by_client"},
		} {
			checkPlan(t, b.db, label+", "+q.name, q.q.sql, q.q.args, q.index)
			plan := planOf(t, b, q.q.sql, q.q.args)
			for _, byDay := range []string{"documents_open_since", "payments_unapplied", "payments_applied_since",
				"payments_by_date", "payments_by_currency", "refunds_by_currency"} {
				if strings.Contains(plan, byDay+" ") || strings.HasSuffix(plan, byDay) {
					t.Errorf("%s, %s: reads %s, every client's rows by day:\n%s", label, q.name, byDay, plan)
				}
			}
		}
	}
	// The aging of all clients sums the kept amounts along documents_open in
	// client order: no sorting of the open invoices to group them.
	sums := agingSumsQuery("EUR", day, domain.DefaultAgingBuckets().Starts(day))
	checkPlan(t, b.db, "aging sums", sums.sql, sums.args, "documents_open")
	if plan := planOf(t, b, sums.sql, sums.args); strings.Contains(plan, "TEMP B-TREE") {
		t.Errorf("aging sums: sorts to group:\n%s", plan)
	}
	for _, tc := range []struct {
		name  string
		f     domain.DocumentFilter
		index string
	}{
		{"Today's open invoices", domain.AgendaInvoicesFilter(day), "documents_open_by_due"},
		{"overdue", domain.DocumentFilter{Kind: domain.KindInvoice, Payment: domain.PayOverdue, AsOf: day, Limit: 100}, "documents_open_by_due"},
		{"partly paid", domain.DocumentFilter{Kind: domain.KindInvoice, Payment: domain.PayPartial, AsOf: day, Limit: 100}, "documents_open"},
		{"unpaid", domain.DocumentFilter{Payment: domain.PayIssued, AsOf: day, Limit: 100}, "documents_open"},
		{"disputed", domain.DocumentFilter{Payment: domain.PayDisputed, AsOf: day, Limit: 100}, "documents_open"},
		// Paid is most of a book's invoices, so it reads them all (the
		// count reads the table); on those whose kept amount holds, with no
		// subquery.
	} {
		q, args := documentListQuery(tc.f, nil, searchNarrowing{})
		checkPlan(t, b.db, tc.name+" (list)", q, args, tc.index, "documents_open_since")
		q, args = documentCountQuery(tc.f, searchNarrowing{})
		checkPlan(t, b.db, tc.name+" (count)", q, args, tc.index)
	}
}
