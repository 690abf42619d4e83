package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	sqlite "modernc.org/sqlite"

	"clientbook/domain"
	"clientbook/domain/demo"
)

// tracer records every statement run through a book opened with the
// "sqlite-traced" driver, with the arguments of its first run.
type tracer struct {
	mu   sync.Mutex
	seen map[string][]driver.NamedValue
	on   bool
}

func (tr *tracer) record(q string, args []driver.NamedValue) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if _, ok := tr.seen[q]; tr.on && !ok {
		tr.seen[q] = args
	}
}

var traced = &tracer{seen: map[string][]driver.NamedValue{}}

func init() { sql.Register("sqlite-traced", tracingDriver{}) }

// tracingDriver is modernc's SQLite driver, recording the statements its
// connections run.
type tracingDriver struct{}

func (tracingDriver) Open(name string) (driver.Conn, error) {
	c, err := (&sqlite.Driver{}).Open(name)
	if err != nil {
		return nil, err
	}
	return tracingConn{c}, nil
}

type tracingConn struct{ driver.Conn }

func (c tracingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c tracingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	s, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return tracingStmt{s, q}, nil
}

func (c tracingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	traced.record(q, args)
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
}

func (c tracingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	traced.record(q, args)
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
}

type tracingStmt struct {
	driver.Stmt
	q string
}

func (s tracingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	traced.record(s.q, args)
	return s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
}

func (s tracingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	traced.record(s.q, args)
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

// bigTables are the tables that grow with the book: a statement a screen or
// report runs must not read any of them whole.
var bigTables = []string{"documents", "document_lines", "payments", "allocations", "audit_log", "audit_blocks"}

// allowedScans are the statements (by a fragment of their SQL, whitespace
// collapsed) that may read one of bigTables whole because that is what they
// are for, and why.
var allowedScans = map[string]string{
	"SELECT count(*) FROM documents d": "the unfiltered count of the Documents list: reads the smallest index of documents " +
		"(about 3 ms at 100,000 invoices); a kept count is not done",
	"SELECT count(*) FROM payments p": "the unfiltered count of the Payments list, as that of documents",
}

// knownScans are statements that read one of bigTables whole although they
// should not: found by this test and not fixed yet (issue 14, listed in its
// note), kept here so that a new one still fails the test.
var knownScans = map[string]string{
	"ORDER BY c.name_key": "a list sorted by client name: no index orders documents or payments by their client's name, " +
		"so every row is read and sorted for each page",
	"ORDER BY d.total_minor": "the Documents list sorted by total: no index by total",
	"instr(d.search_text, ?)": "the Documents search box when every word has one or two letters (\"20\"): no three-letter " +
		"piece to look up in documents_fts (schema 25), so the count reads the covering index documents_search_text — " +
		"capped, as the screen counts, until 1,001 matches — and a list in an order other than issue date reads every match",
	"ORDER BY d.due_date": "the Documents list of every kind sorted by due date: documents_by_due starts with kind and status, " +
		"so only a list of one kind and status pages along it",
	"ORDER BY d.number":                       "the Documents list of every kind sorted by number: documents_by_number starts with kind",
	"ORDER BY p.currency ASC, p.amount_minor": "the Payments list sorted by amount: no index by amount",
	"ORDER BY p.method":                       "the Payments list sorted by method: no index by method",
	"ORDER BY p.reference COLLATE NOCASE":     "the Payments list sorted by reference: no index by reference",
	"d.id IN (SELECT o.id FROM documents o WHERE o.open_minor <> 0": "the payment-state filters read every open invoice " +
		"through documents_open_by_due before paging",
}

// orderedWalk reports whether a plan that scans an index does so in the
// order the statement asks for and stops after its LIMIT (and OFFSET) rows:
// a page of a list read along an index, which reads no more rows than it
// skips and shows when the index also serves its WHERE. A filter the index
// does not serve (the search box's) may walk further to fill the page; the
// count run with each page reads the same filter and shows such a scan.
func orderedWalk(q string, plan []string) bool {
	if !strings.Contains(q, " LIMIT ") {
		return false
	}
	for _, step := range plan {
		if strings.Contains(step, "TEMP B-TREE FOR ORDER BY") || (strings.HasPrefix(step, "SCAN ") && !strings.Contains(step, "INDEX")) {
			return false
		}
	}
	return true
}

// scannedTables names the bigTables a query plan reads whole: a SCAN step
// of one of them or of an alias the statement gives one.
func scannedTables(q string, plan []string) []string {
	names := map[string]string{}
	for _, t := range bigTables {
		names[t] = t
		re := regexp.MustCompile(`(?i)\b` + t + `\s+(?:AS\s+)?([a-z_][a-z0-9_]*)`)
		for _, m := range re.FindAllStringSubmatch(q, -1) {
			switch strings.ToUpper(m[1]) {
			case "WHERE", "ON", "JOIN", "CROSS", "LEFT", "INNER", "GROUP", "ORDER", "LIMIT", "SET", "USING", "UNION", "WINDOW":
			default:
				names[m[1]] = t
			}
		}
	}
	var out []string
	for _, step := range plan {
		f := strings.Fields(step)
		if len(f) >= 2 && f[0] == "SCAN" {
			if t, ok := names[f[1]]; ok {
				out = append(out, t+" ("+step+")")
			}
		}
	}
	return out
}

// TestProductionQueriesUseIndexes runs what the screens, reports and the
// bench read on a demo book through a driver that records every statement,
// then asks SQLite for the plan of each with the arguments it ran with: none
// may read documents, lines, payments, allocations or the audit log whole,
// except those in allowedScans. The statements are the production code's own,
// so a query changed tomorrow is checked without anyone copying it here.
func TestProductionQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "book.db")
	day := domain.NewDate(2027, 6, 15)
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Fill(ctx, b, demo.Options{Clients: 30, Invoices: 300, Seed: 5, Today: day}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	bookDriver = "sqlite-traced"
	b, err = Open(path)
	bookDriver = "sqlite"
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	co, err := b.Company().Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cur := co.Currency
	var client, invoice, draft int64
	if err := b.db.QueryRow(`SELECT client_id, id FROM documents WHERE kind = 'invoice' AND status = 'issued' AND currency = ? LIMIT 1`, cur).
		Scan(&client, &invoice); err != nil {
		t.Fatal(err)
	}
	b.db.QueryRow(`SELECT id FROM documents WHERE status = 'draft' LIMIT 1`).Scan(&draft)
	var payment int64
	if err := b.db.QueryRow(`SELECT id FROM payments ORDER BY id LIMIT 1 OFFSET 20`).Scan(&payment); err != nil {
		t.Fatal(err)
	}
	traced.mu.Lock()
	traced.on, traced.seen = true, map[string][]driver.NamedValue{}
	traced.mu.Unlock()
	defer func() { traced.mu.Lock(); traced.on = false; traced.mu.Unlock() }()

	year := domain.Period{Start: domain.FirstOfMonth(day).AddMonths(-11), End: day}
	docs, pays := b.Documents(), b.Payments()
	var reads []func() error
	for _, f := range []domain.DocumentFilter{
		{}, {Kind: domain.KindInvoice}, {Kind: domain.KindInvoice, Status: domain.DocIssued}, {ClientID: client},
		{Kind: domain.KindInvoice, Open: true}, {Kind: domain.KindInvoice, DueBefore: day}, {From: year.Start, To: year.End},
		{Kind: domain.KindInvoice, Payment: domain.PayOverdue}, {Kind: domain.KindInvoice, Payment: domain.PayPaid},
		domain.AgendaInvoicesFilter(day), {Search: "20"},
		// The search box as the screen runs it, its count capped: a word
		// of one or two letters, one found in every document, a rare one,
		// a client's name with a short word.
		{Search: "20", CountAtMost: domain.SearchCountCap}, {Search: "inv-20", CountAtMost: domain.SearchCountCap},
		{Search: "00042", CountAtMost: domain.SearchCountCap}, {Search: "gmbh a", CountAtMost: domain.SearchCountCap},
		{Kind: domain.KindInvoice, Search: "inv", CountAtMost: domain.SearchCountCap},
	} {
		for _, sortBy := range append([]string{""}, domain.DocumentSorts...) {
			for _, desc := range []bool{false, true} {
				f := f
				f.Sort, f.Desc, f.Limit, f.Offset, f.AsOf = sortBy, desc, 100, 200, day
				reads = append(reads, func() error {
					if _, err := docs.CountDocuments(ctx, f); err != nil {
						return err
					}
					_, err := docs.FindDocuments(ctx, f)
					return err
				}, func() error {
					g := f
					g.After = invoice // the next page, by key
					_, err := docs.FindDocuments(ctx, g)
					return err
				})
			}
		}
	}
	for _, f := range []domain.PaymentFilter{{}, {ClientID: client}, {DocumentID: invoice}, {Currency: cur, From: year.Start, To: year.End}} {
		for _, sortBy := range []string{"", "date", "client", "amount", "method", "reference"} {
			f := f
			f.Sort, f.Limit, f.Offset = sortBy, 100, 100
			reads = append(reads, func() error {
				if _, err := pays.CountPayments(ctx, f); err != nil {
					return err
				}
				_, err := pays.FindPayments(ctx, f)
				return err
			}, func() error {
				g := f
				g.After = payment // the next page, by key
				_, err := pays.FindPayments(ctx, g)
				return err
			})
		}
	}
	reads = append(reads,
		func() error { _, err := pays.Aging(ctx, day, cur, nil); return err },
		func() error { _, err := pays.BookBalance(ctx, cur, day); return err },
		func() error { _, err := pays.ClientBalance(ctx, client, cur, day); return err },
		func() error { _, _, err := pays.MonthEndAging(ctx, cur, year.Start, year.End, day, 0); return err },
		func() error { _, _, err := pays.MonthEndAging(ctx, cur, year.Start, year.End, day, client); return err },
		func() error { _, err := pays.OpenItems(ctx, client, cur, day, 0); return err },
		func() error { _, err := pays.PaymentStatus(ctx, day, invoice); return err },
		func() error { _, err := domain.ReadKPIs(ctx, b, cur, 0, day); return err },
		func() error { _, err := domain.ReadKPIs(ctx, b, cur, client, day); return err },
		func() error { _, err := domain.TodayAgenda(ctx, b, day); return err },
		func() error { _, err := domain.ReadAccountHealth(ctx, b, cur, year, 0, day); return err },
		func() error {
			_, err := domain.ReadAccountReport(ctx, b, domain.AccountReportOptions{ClientID: client, From: year.Start, To: year.End,
				Currency: cur, Sections: domain.AccountReportSections, Internal: true})
			return err
		},
		func() error { _, err := b.Statements().Statement(ctx, client, cur, year.Start, year.End); return err },
		func() error { _, err := b.Reports().Currencies(ctx); return err },
		func() error {
			_, err := b.Activities().FindTimeline(ctx, domain.TimelineFilter{ClientID: client, Limit: 50})
			return err
		},
		func() error {
			_, err := b.Clients().FindClients(ctx, domain.ClientFilter{Search: "ab", Limit: 100})
			return err
		},
	)
	for _, id := range []int64{0, client} {
		id := id
		reads = append(reads,
			func() error { _, err := b.Reports().RevenueByMonth(ctx, cur, year.Start, year.End, id); return err },
			func() error { _, err := b.Reports().Revenue(ctx, cur, year.Start, year.End, id); return err },
			func() error { _, err := b.Reports().GrossSales(ctx, cur, year.Start, year.End, id); return err },
			func() error { _, err := b.Reports().RevenueByItem(ctx, cur, year.Start, year.End, id, 10); return err },
			func() error { _, err := b.Reports().DaysToPayByMonth(ctx, cur, year.Start, year.End, id); return err },
		)
	}
	reads = append(reads,
		func() error { _, err := b.Reports().RevenueByClient(ctx, cur, year.Start, year.End, 10); return err },
		func() error { _, err := b.Reports().DaysToPayByClient(ctx, cur, year.Start, year.End, 0); return err },
		func() error {
			_, err := b.Reports().DaysToPayByClient(ctx, cur, year.Start, year.End, client)
			return err
		},
	)
	if draft != 0 {
		reads = append(reads, func() error { _, err := docs.Verify(ctx, draft); return err })
	}
	for i, read := range reads {
		if err := read(); err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
	}

	traced.mu.Lock()
	seen := traced.seen
	traced.on, traced.seen = false, map[string][]driver.NamedValue{}
	traced.mu.Unlock()
	var qs []string
	for q := range seen {
		if s := strings.ToUpper(strings.TrimSpace(q)); strings.HasPrefix(s, "SELECT") || strings.HasPrefix(s, "WITH") {
			qs = append(qs, q)
		}
	}
	sort.Strings(qs)
	if len(qs) < 40 {
		t.Fatalf("only %d statements were recorded; the tracing driver is not in the way", len(qs))
	}
	var failed int
	known := map[string]int{}
	for _, q := range qs {
		args := make([]any, len(seen[q]))
		for i, a := range seen[q] {
			if a.Name != "" {
				args[i] = sql.Named(a.Name, a.Value)
			} else {
				args[i] = a.Value
			}
		}
		plan, err := planSteps(b.db, q, args)
		if err != nil {
			t.Fatalf("plan of %s: %v", q, err)
		}
		scans := scannedTables(q, plan)
		flat := strings.Join(strings.Fields(q), " ")
		nested, err := nestedScans(b.db, q, args)
		if err != nil {
			t.Fatalf("plan of %s: %v", q, err)
		}
		if len(nested) > 0 {
			failed++
			t.Errorf("loops over one scan for each row of another (%s): %s\nplan: %s", strings.Join(nested, "; "), flat,
				strings.Join(plan, "; "))
		}
		if len(scans) == 0 || orderedWalk(flat, plan) {
			continue
		}
		allowed := allowedScans[flat] != ""
		for frag := range knownScans {
			if strings.Contains(flat, frag) {
				allowed = true
				known[frag]++
			}
		}
		if !allowed {
			failed++
			t.Errorf("reads %s whole: %s\nplan: %s", strings.Join(scans, ", "), flat, strings.Join(plan, "; "))
		}
	}
	t.Logf("%d statements checked, %d read a big table whole; known and not fixed: %v", len(qs), failed, known)
	for frag := range knownScans {
		if known[frag] == 0 {
			t.Errorf("knownScans lists %q, which no statement matched: take it off the list", frag)
		}
	}
}
