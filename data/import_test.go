package data

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"clientbook/domain"
	"clientbook/domain/demo"
)

// comparable drops the columns that differ between a book and its copy made
// by importing its export: ids (records get new ones), what the import does
// not bring (the timeline behind last_contacted_at) and the stamps of tax
// rates and items, which are made at the import. The rows come back sorted.
func comparable(entity string, rows []map[string]string) []string {
	skip := func(col string) bool {
		switch {
		case col == "id" || strings.HasSuffix(col, "_id") || col == "last_contacted_at":
			return true
		case entity == "tax_rates" || entity == "catalog":
			return col == "created_at" || col == "updated_at"
		}
		return false
	}
	var out []string
	for _, r := range rows {
		var cells []string
		for col, v := range r {
			if !skip(col) {
				cells = append(cells, col+"="+v)
			}
		}
		sort.Strings(cells)
		out = append(out, strings.Join(cells, "|"))
	}
	sort.Strings(out)
	return out
}

// importedEntities are the files an import brings back.
var importedEntities = []string{"tax_rates", "catalog", "clients", "contacts", "quotes", "invoices", "credit_notes",
	"document_lines", "payments", "allocations"}

// agingText is an aging report as text, by client name, for comparing books
// whose ids differ.
func agingText(r domain.AgingReport) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %v total %s credits %s net %s\n", r.AsOf, r.Labels, r.Total, r.Credits, r.Net)
	for _, row := range r.Rows {
		fmt.Fprintf(&b, "%s %v %s %s %s\n", row.ClientName, row.Buckets, row.Total, row.Credits, row.Net)
	}
	return b.String()
}

// TestImportRoundTrip exports a whole demo book, imports the folder into an
// empty book and finds the same book: the same rows in every imported file
// (ids aside), every document with its number, status and total, and the
// same aging in every currency. Numbering then continues after the imported
// numbers. A dry run of the same folder writes nothing, and importing it a
// second time is refused as a whole.
func TestImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	today := domain.NewDate(2027, 6, 15)
	src := openTemp(t)
	if err := demo.Fill(ctx, src, demo.Options{Clients: 40, Invoices: 120, Seed: 3, Today: today}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "export")
	if err := src.Export().ExportAll(ctx, dir, domain.ExportFormat{}, nil); err != nil {
		t.Fatal(err)
	}

	// A dry run checks everything and writes nothing.
	dst := openTemp(t)
	res, err := dst.Import().ImportAll(ctx, dir, domain.ImportOptions{DryRun: true})
	if err != nil || !res.OK() {
		t.Fatalf("dry run: %v, problems %v", err, res.Problems)
	}
	if n, _ := dst.Clients().CountClients(ctx, domain.ClientFilter{}); n != 0 {
		t.Fatalf("the dry run wrote %d clients", n)
	}
	if n := count(t, dst, `SELECT count(*) FROM audit_log`); n != 0 {
		t.Fatalf("the dry run wrote %d audit rows", n)
	}
	dry := res

	res, err = dst.Import().ImportAll(ctx, dir, domain.ImportOptions{})
	if err != nil || !res.OK() {
		t.Fatalf("import: %v, problems %v", err, res.Problems)
	}
	if res.Rows != dry.Rows || res.Created != dry.Created || !slices.Equal(res.Files, dry.Files) {
		t.Errorf("the dry run counted %+v, the import %+v", dry, res)
	}
	t.Logf("imported %d rows, created %d records: %+v", res.Rows, res.Created, res.Files)

	for _, e := range importedEntities {
		r1 := exportRows(t, src, e, domain.ExportFormat{})
		r2 := exportRows(t, dst, e, domain.ExportFormat{})
		if len(r1) != len(r2) {
			t.Errorf("%s: %d rows exported, %d after the import", e, len(r1), len(r2))
			continue
		}
		a, b := comparable(e, r1), comparable(e, r2)
		for i := range a {
			if a[i] != b[i] {
				t.Errorf("%s differs after the import:\n  was %s\n  now %s", e, a[i], b[i])
				break
			}
		}
		for _, f := range res.Files {
			if f.Entity == e && f.Rows != len(r1) {
				t.Errorf("%s: the import read %d rows of %d", e, f.Rows, len(r1))
			}
		}
	}

	docs := func(b *Book) map[string]string {
		rows, err := b.Documents().FindDocuments(ctx, domain.DocumentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, r := range rows {
			key := string(r.Kind) + " " + r.Number
			if r.Number == "" {
				key = fmt.Sprintf("%s draft of %s on %s for %s", r.Kind, r.ClientName, r.IssueDate, r.Total)
			}
			out[key] += fmt.Sprintf("%s %s %s %s;", r.Status, r.ClientName, r.IssueDate, r.Total)
		}
		return out
	}
	was, now := docs(src), docs(dst)
	if len(was) < 130 || len(was) != len(now) {
		t.Errorf("%d documents before, %d after", len(was), len(now))
	}
	for k, v := range was {
		if now[k] != v {
			t.Errorf("%s was %q, is %q after the import", k, v, now[k])
		}
	}
	var statuses []string
	for _, v := range was {
		statuses = append(statuses, strings.Fields(v)[0])
	}
	for _, st := range []string{"draft", "issued", "accepted"} {
		if !slices.Contains(statuses, st) {
			t.Errorf("the demo book has no %s document to bring back", st)
		}
	}

	currencies := map[string]bool{}
	rows, _ := src.Documents().FindDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice})
	for _, r := range rows {
		currencies[r.Total.Currency] = true
	}
	if len(currencies) < 2 {
		t.Errorf("the demo has invoices in %d currencies", len(currencies))
	}
	for cur := range currencies {
		a, err := src.Payments().Aging(ctx, today, cur, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, err := dst.Payments().Aging(ctx, today, cur, nil)
		if err != nil {
			t.Fatal(err)
		}
		if agingText(a) != agingText(b) {
			t.Errorf("%s aging before the import:\n%s\nafter:\n%s", cur, agingText(a), agingText(b))
		}
	}

	// The next invoice of the latest year continues after the imported ones.
	var last string
	for _, r := range rows {
		if r.Number != "" && r.IssueDate.Year == today.Year && r.Number > last {
			last = r.Number
		}
	}
	c, err := dst.Clients().FindClientByID(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	co, _ := dst.Company().Company(ctx)
	d := domain.NewDraft(domain.KindInvoice, c, co, today)
	d.PONumber = "PO-AFTER"
	d.Lines = []domain.Line{{Description: "After the import", Quantity: dec("1"), UnitPrice: dec("10")}}
	if err := dst.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	issued, findings, err := dst.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatal(err, findings)
	}
	var year, seq, lastSeq int
	fmt.Sscanf(last, "INV-%d-%d", &year, &lastSeq)
	if _, err := fmt.Sscanf(issued.Number, "INV-%d-%d", &year, &seq); err != nil || seq != lastSeq+1 {
		t.Errorf("the first invoice issued after the import is %s; the last imported was %s", issued.Number, last)
	}

	// Importing the folder again would double the book: every row is refused.
	before := count(t, dst, `SELECT count(*) FROM audit_log`)
	again, err := dst.Import().ImportAll(ctx, dir, domain.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.OK() || !strings.Contains(fmt.Sprint(again.Problems), "already in the book") {
		t.Errorf("a second import: %d problems, %v", len(again.Problems), again.Problems)
	}
	if after := count(t, dst, `SELECT count(*) FROM audit_log`); after != before {
		t.Errorf("a refused import wrote %d audit rows", after-before)
	}
}

// writeFile writes text to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
