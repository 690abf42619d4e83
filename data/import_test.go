package data

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
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
func comparableRows(entity string, rows []map[string]string) []string {
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
	"document_lines", "payments", "allocations", "refunds"}

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
	if res.Rows != dry.Rows || res.Created != dry.Created || !reflect.DeepEqual(res.Files, dry.Files) {
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
		a, b := comparableRows(e, r1), comparableRows(e, r2)
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

// problemsText lists problems one a line as "entity row N, column C: message".
func problemsText(ps []domain.RowProblem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "%s %s\n", p.Entity, p)
	}
	return b.String()
}

// wantProblems checks that every wanted problem, "entity row N, column C:
// part of the message", is among ps, and that there are no others.
func wantProblems(t *testing.T, ps []domain.RowProblem, want ...string) {
	t.Helper()
	got := problemsText(ps)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("no problem %q among:\n%s", w, got)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("%d problems, want %d:\n%s", len(ps), len(want), got)
	}
}

// bookCounts is how many records of each imported kind a book holds, and its
// audit rows.
func bookCounts(t *testing.T, b *Book) string {
	t.Helper()
	var out []string
	for _, table := range []string{"clients", "contacts", "tax_rates", "items", "documents", "document_lines", "payments",
		"allocations", "number_counters", "audit_log"} {
		out = append(out, fmt.Sprintf("%s %d", table, countRows(t, b, table)))
	}
	return strings.Join(out, ", ")
}

// TestImportReportsEveryProblem feeds files with one mistake per row: a dry
// run and a real import both list every one with its row and column, and
// neither writes anything.
func TestImportReportsEveryProblem(t *testing.T) {
	ctx := context.Background()
	b := openTemp(t)
	if err := b.Clients().CreateClient(ctx, newClient("Acme GmbH", "Berlin")); err != nil {
		t.Fatal(err)
	}
	start := bookCounts(t, b)

	clients := "\uFEFFname,status,currency,credit_limit,payment_terms_days\r\n" +
		"Good One,active,EUR,100.00,30\r\n" +
		"Bad Currency,active,XYZ,0,30\r\n" +
		",active,EUR,0,30\r\n" +
		"Bad Amount,active,EUR,\"12,3.4\",30\r\n" +
		"acme gmbh,active,EUR,0,30\r\n" +
		"Good One,prospect,EUR,0,soon\r\n" +
		"Short,active\r\n"
	invoices := "id,number,status,client_name,issue_date,due_date,currency,total\n" +
		"1,,draft,Nobody Ltd,2027-03-01,,EUR,\n" +
		"2,INV-2027-00001,issued,Acme GmbH,31/02/2027,,EUR,100.00\n" +
		"3,INV-2027-00002,issued,Acme GmbH,2027-03-01,2027-02-01,EUR,100.00\n" +
		"4,,draft,Acme GmbH,2027-03-01,,EUR,50.00\n" +
		"5,,issued,Acme GmbH,2027-03-01,,EUR,\n"
	lines := "document_id,document_kind,position,description,quantity,unit_price,taxes\n" +
		"1,invoice,0,Work,1,100.00,\n" +
		"2,invoice,0,Work,1,100.00,\n" +
		"3,invoice,0,Work,1,\"12,3.4\",\n" +
		"3,invoice,1,,1,1.00,VAT twenty\n" +
		"4,invoice,0,Work,2,30.00,\n" +
		"9,invoice,0,Nobody's line,1,1.00,\n" +
		"9,quote,0,A quote's line,1,1.00,\n"
	for _, dry := range []bool{true, false} {
		res, err := b.Import().Import(ctx, "clients", strings.NewReader(clients), domain.ImportOptions{DryRun: dry})
		if err != nil {
			t.Fatal(err)
		}
		wantProblems(t, res.Problems,
			`clients row 2, column currency: "XYZ" is not an ISO 4217 currency code`,
			`clients row 3, column name: enter the client's name`,
			`clients row 4, column credit_limit: "12,3.4" is not a number`,
			`clients row 5, column name: a client called "acme gmbh" is already in the book`,
			`clients row 6, column payment_terms_days: "soon" is not a whole number`,
			`clients row 6, column name: a client called "Good One" is also on row 1`,
			`clients row 7: the row has 2 cells but the header has 5`,
		)
		if res.Rows != 7 || res.Created != 1 {
			t.Errorf("dry run %v: %d rows, %d created; want 7 and the one good row", dry, res.Rows, res.Created)
		}

		res, err = b.Import().Import(ctx, "invoices", strings.NewReader(invoices),
			domain.ImportOptions{DryRun: dry, Details: strings.NewReader(lines)})
		if err != nil {
			t.Fatal(err)
		}
		wantProblems(t, res.Problems,
			`invoices row 1, column client_name: there is no client called "Nobody Ltd"`,
			`invoices row 2, column issue_date: "31/02/2027" is not a date`,
			`invoices row 3, column due_date: the due date is before the issue date`,
			`invoices row 4, column total: the lines come to 60.00`,
			`invoices row 5, column number: the invoice is issued, so it needs the number it was issued with`,
			`document_lines row 3, column unit_price: "12,3.4" is not a number`,
			`document_lines row 4, column description: enter a description`,
			`document_lines row 4, column taxes: "VAT twenty" is not a tax`,
			`document_lines row 6, column document_id: there is no invoice in the invoices file with id 9`,
		)
		if f := res.Files; len(f) != 2 || f[1].Entity != "document_lines" || f[1].Rows != 6 {
			t.Errorf("files %+v: the quote's line should not count", f)
		}

		contacts := "client_name,position,name,email,phone,is_primary\n" +
			"Acme GmbH,0,Ann Berg,ann@acme.example,+49 30 1234,true\n" +
			"Acme GmbH,1,Bo Lund,bo@acme.example,call me,TRUE\n" +
			"Nobody Ltd,0,Cy Moe,cy@,,false\n"
		res, err = b.Import().Import(ctx, "contacts", strings.NewReader(contacts), domain.ImportOptions{DryRun: dry})
		if err != nil {
			t.Fatal(err)
		}
		wantProblems(t, res.Problems,
			`contacts row 2, column phone: "call me" is not a phone number`,
			`contacts row 2, column is_primary: only one contact can be the primary contact`,
			`contacts row 3, column client_name: there is no client called "Nobody Ltd"`,
			`contacts row 3, column email: "cy@" is not an email address`,
		)

		payments := "id,client_name,date,amount,currency,method\n" +
			"1,Acme GmbH,2027-03-01,\"12,3.4\",EUR,bank-transfer\n" +
			"2,Acme GmbH,2027-03-01,10.00,EUR,barter\n"
		allocations := "payment_id,invoice_number,amount\n" +
			"2,INV-2027-09999,5.00\n" +
			"7,INV-2027-00001,5.00\n"
		res, err = b.Import().Import(ctx, "payments", strings.NewReader(payments),
			domain.ImportOptions{DryRun: dry, Details: strings.NewReader(allocations)})
		if err != nil {
			t.Fatal(err)
		}
		wantProblems(t, res.Problems,
			`payments row 1, column amount: "12,3.4" is not a number`,
			`payments row 2, column method: choose bank transfer, card, cash, cheque or other`,
			`allocations row 1, column invoice_number: there is no invoice numbered INV-2027-09999`,
			`allocations row 2, column payment_id: there is no payment with id 7 in the payments file`,
		)

		refunds := "client_name,date,amount,currency,method\n" +
			"Acme GmbH,2027-03-05,50.00,EUR,bank-transfer\n" +
			"Acme GmbH,2027-03-05,-1,EUR,cash\n" +
			"Nobody Ltd,2027-03-05,1.00,EUR,cash\n"
		res, err = b.Import().Import(ctx, "refunds", strings.NewReader(refunds), domain.ImportOptions{DryRun: dry})
		if err != nil {
			t.Fatal(err)
		}
		wantProblems(t, res.Problems,
			`refunds row 1, column amount: Acme GmbH has 0.00 EUR of credit on 2027-03-05, less than 50.00 EUR`,
			`refunds row 2, column amount: the amount must be more than zero`,
			`refunds row 3, column client_name: there is no client called "Nobody Ltd"`,
		)
		if got := bookCounts(t, b); got != start {
			t.Errorf("dry run %v wrote to the book:\n was %s\n now %s", dry, start, got)
		}
	}
}

// sameImported checks that every imported file of b2 holds what b1's does,
// ids and import stamps aside.
func sameImported(t *testing.T, b1, b2 *Book) {
	t.Helper()
	for _, e := range importedEntities {
		a, b := comparableRows(e, exportRows(t, b1, e, domain.ExportFormat{})), comparableRows(e, exportRows(t, b2, e, domain.ExportFormat{}))
		if !slices.Equal(a, b) {
			t.Errorf("%s differs after the import:\n was %q\n now %q", e, a, b)
		}
	}
}

// TestImportFormats imports what the export writes in each of its formats:
// a ';' export with decimal commas (and the byte-order mark), and the same
// rows as plain CSV without the mark. Text that was neutralised against
// formulas comes back as it was typed, even text that starts with an
// apostrophe of its own. A ';' file read as ',' is refused at its header
// with a hint.
func TestImportFormats(t *testing.T) {
	ctx := context.Background()
	fx := exportBook(t)
	quoted := newClient("'=not a formula", "Wien")
	quoted.Notes = "@mention and\n-minus"
	if err := fx.b.Clients().CreateClient(ctx, quoted); err != nil {
		t.Fatal(err)
	}
	semi := domain.ExportFormat{Delimiter: ';', DecimalComma: true}
	dir := t.TempDir()
	if err := fx.b.Export().ExportAll(ctx, dir, semi, nil); err != nil {
		t.Fatal(err)
	}
	text, _ := os.ReadFile(filepath.Join(dir, "clients.csv"))
	if !bytes.HasPrefix(text, []byte("\uFEFF")) || !bytes.Contains(text, []byte(`"'=HYPERLINK`)) || !bytes.Contains(text, []byte(";2500,00;")) {
		t.Fatalf("the export is not what this test expects:\n%s", text)
	}

	b := openTemp(t)
	res, err := b.Import().ImportAll(ctx, dir, domain.ImportOptions{Format: semi})
	if err != nil || !res.OK() {
		t.Fatalf("import of the ';' export: %v\n%s", err, problemsText(res.Problems))
	}
	sameImported(t, fx.b, b)
	for _, want := range []*domain.Client{fx.evil, quoted} {
		rows, _ := b.Clients().FindClients(ctx, domain.ClientFilter{})
		found := false
		for _, r := range rows {
			if r.Name == want.Name {
				found = true
				c, _ := b.Clients().FindClientByID(ctx, r.ID)
				if c.Notes != want.Notes || !slices.Equal(c.Tags, want.Tags) {
					t.Errorf("%q came back with notes %q, tags %q; want %q, %q", want.Name, c.Notes, c.Tags, want.Notes, want.Tags)
				}
				if len(c.Contacts) != len(want.Contacts) || (len(c.Contacts) > 1 && c.Contacts[1].Name != "+49 Hotline") {
					t.Errorf("%q came back with contacts %+v", want.Name, c.Contacts)
				}
			}
		}
		if !found {
			t.Errorf("no client named %q after the import", want.Name)
		}
	}
	inv, err := b.Documents().FindDocumentByNumber(ctx, domain.KindInvoice, fx.invoice.Number)
	if err != nil || inv.Lines[1].Description != "-Goodwill" || !inv.Lines[1].UnitPrice.Equal(dec(fx.goodwillPrice)) {
		t.Errorf("the goodwill line came back as %+v (%v)", inv, err)
	}

	// The same clients as plain CSV, without the byte-order mark.
	var plain bytes.Buffer
	if _, err := fx.b.Export().Export(ctx, "clients", &plain, domain.ExportFormat{}, nil); err != nil {
		t.Fatal(err)
	}
	noBOM := bytes.TrimPrefix(plain.Bytes(), []byte("\uFEFF"))
	b2 := openTemp(t)
	res, err = b2.Import().Import(ctx, "clients", bytes.NewReader(noBOM), domain.ImportOptions{})
	if err != nil || !res.OK() || res.Created != 3 {
		t.Fatalf("plain clients without a BOM: %v, created %d\n%s", err, res.Created, problemsText(res.Problems))
	}
	if got, want := comparableRows("clients", exportRows(t, b2, "clients", domain.ExportFormat{})),
		comparableRows("clients", exportRows(t, fx.b, "clients", domain.ExportFormat{})); !slices.Equal(got, want) {
		t.Errorf("clients from plain CSV:\n%q\nwant\n%q", got, want)
	}

	// A ';' file read with the default ',' is one column wide.
	f, _ := os.Open(filepath.Join(dir, "clients.csv"))
	defer f.Close()
	res, err = openTemp(t).Import().Import(ctx, "clients", f, domain.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantProblems(t, res.Problems, `clients row 0: the header is one cell; the file seems to be separated by ";"`)
}

// TestImportKeepsEveryDocumentState exports documents in every state and of
// every shape: an issued tax-inclusive invoice with a fixed discount,
// computed per document with banker's rounding; a void invoice; a credit
// note; a declined quote; a draft with a percent discount; a part payment.
// The import into a book with the default settings brings each back as it
// was, and raises the number counters to the imported numbers.
func TestImportKeepsEveryDocumentState(t *testing.T) {
	ctx := context.Background()
	src := openTemp(t)
	co, _ := src.Company().Company(ctx)
	co.Rounding = domain.Rounding{Scope: domain.RoundPerDocument, Mode: domain.HalfEven}
	if err := src.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	c := newClient("Nordlicht Logistik GmbH", "München")
	if err := src.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	vat := domain.TaxRate{Name: "VAT", Percent: dec("19")}
	if err := src.Catalog().CreateTaxRate(ctx, &vat); err != nil {
		t.Fatal(err)
	}
	docs := src.Documents()
	draft := func(kind domain.DocKind, date string, lines ...domain.Line) *domain.Document {
		d := domain.NewDraft(kind, c, co, day(date))
		d.Lines = lines
		return d
	}
	line := func(qty, price string) domain.Line {
		return domain.Line{Description: "Item " + price, Quantity: dec(qty), UnitPrice: dec(price), Taxes: []domain.TaxLine{vat.Line()}}
	}
	issue := func(d *domain.Document) *domain.Document {
		t.Helper()
		if err := docs.CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		if d.Status == domain.DocDraft && d.Notes == "keep as draft" {
			return d
		}
		out, f, err := docs.Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
		if err != nil {
			t.Fatal(err, f)
		}
		return out
	}
	a := draft(domain.KindInvoice, "2027-03-01", line("3", "33.33"), line("0.5", "0.25"), line("7", "0.05"))
	a.TaxInclusive, a.DiscountAmount = true, dec("10.00")
	a = issue(a)
	b := issue(draft(domain.KindInvoice, "2027-03-02", line("1", "50.00")))
	if err := docs.Void(ctx, b.ID, "Sent twice"); err != nil {
		t.Fatal(err)
	}
	cn := issueCredit(t, src, a, "2027-03-10", 2)
	q := issue(draft(domain.KindQuote, "2027-03-03", line("2", "99.99")))
	if err := docs.SetQuoteStatus(ctx, q.ID, domain.DocDeclined); err != nil {
		t.Fatal(err)
	}
	d := draft(domain.KindInvoice, "2027-03-04", line("1.25", "80.00"))
	d.DiscountPercent, d.Notes = dec("7.5"), "keep as draft"
	issue(d)
	if err := src.Payments().CreatePayment(ctx, newPayment(c, "2027-03-20", "20.00", allocTo(a, "20.00"))); err != nil {
		t.Fatal(err)
	}

	// The test is only worth its name if the default rounding gives other
	// totals than the invoice was computed with.
	dflt := *a
	dflt.Rounding = domain.DefaultRounding
	ta, _ := a.Totals()
	if td, _ := dflt.Totals(); td.Tax.Equal(ta.Tax) && td.Total.Equal(ta.Total) {
		t.Fatalf("invoice %s comes to the same totals under the default rounding: %+v", a.Number, ta)
	}

	dir := t.TempDir()
	if err := src.Export().ExportAll(ctx, dir, domain.ExportFormat{}, nil); err != nil {
		t.Fatal(err)
	}
	dst := openTemp(t)
	res, err := dst.Import().ImportAll(ctx, dir, domain.ImportOptions{})
	if err != nil || !res.OK() {
		t.Fatalf("import: %v\n%s", err, problemsText(res.Problems))
	}
	sameImported(t, src, dst)

	got, err := dst.Documents().FindDocumentByNumber(ctx, domain.KindInvoice, a.Number)
	if err != nil {
		t.Fatal(err)
	}
	if got.Rounding != a.Rounding || !got.DiscountAmount.Equal(a.DiscountAmount) || !got.TaxInclusive || got.Status != domain.DocIssued {
		t.Errorf("invoice %s came back with rounding %v, discount %s, inclusive %v, status %s; want %v, %s, true, issued",
			a.Number, got.Rounding, got.DiscountAmount, got.TaxInclusive, got.Status, a.Rounding, a.DiscountAmount)
	}
	if got.BillTo == nil || got.BillTo.Name != c.Name || got.IssuedAt.Unix() != a.IssuedAt.Unix() {
		t.Errorf("invoice %s came back addressed to %+v, issued at %s (was %s)", a.Number, got.BillTo, got.IssuedAt, a.IssuedAt)
	}
	if got, _ := dst.Documents().FindDocumentByNumber(ctx, domain.KindInvoice, b.Number); got == nil || got.Status != domain.DocVoid || got.VoidReason != "Sent twice" {
		t.Errorf("the void invoice came back as %+v", got)
	}
	if got, _ := dst.Documents().FindDocumentByNumber(ctx, domain.KindCreditNote, cn.Number); got == nil || got.CreditFor == 0 || got.Status != domain.DocIssued {
		t.Errorf("the credit note came back as %+v", got)
	}
	if got, _ := dst.Documents().FindDocumentByNumber(ctx, domain.KindQuote, q.Number); got == nil || got.Status != domain.DocDeclined {
		t.Errorf("the quote came back as %+v", got)
	}
	drafts, _ := dst.Documents().FindDocuments(ctx, domain.DocumentFilter{Status: domain.DocDraft})
	if len(drafts) != 1 || drafts[0].Number != "" {
		t.Errorf("drafts after the import: %+v", drafts)
	}
	counters := func(b *Book) string {
		rows, err := b.db.Query(`SELECT kind, year, last_seq FROM number_counters ORDER BY kind, year`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var kind string
			var year, seq int
			rows.Scan(&kind, &year, &seq)
			out = append(out, fmt.Sprintf("%s %d %d", kind, year, seq))
		}
		return strings.Join(out, ", ")
	}
	if was, now := counters(src), counters(dst); was != now || now == "" {
		t.Errorf("number counters were %q, are %q after the import", was, now)
	}
}

// editCell sets the cell of column col in data row n (from 1) of the CSV
// file at path, written back as the export writes it.
func editCell(t *testing.T, path string, n int, col, value string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	r := NewCSVReader(f, ',')
	var recs [][]string
	for {
		rec, err := r.Read()
		if err != nil {
			break
		}
		recs = append(recs, rec)
	}
	f.Close()
	i := slices.Index(recs[0], col)
	if i < 0 || n >= len(recs) {
		t.Fatalf("%s has no row %d or column %s", path, n, col)
	}
	recs[n][i] = value
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	w.WriteHeader(recs[0]...)
	for _, rec := range recs[1:] {
		cells := make([]Cell, len(rec))
		for j, s := range rec {
			cells[j] = Text(s)
		}
		w.WriteRow(cells...)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestImportAllFailingWritesNothing breaks one client of an export folder
// and one of its contacts: the import lists both, checks the client's
// documents and payments on their own (so they are not reported as having no
// client), and writes nothing at all, although every other row is good.
func TestImportAllFailingWritesNothing(t *testing.T) {
	ctx := context.Background()
	fx := exportBook(t)
	dir := t.TempDir()
	if err := fx.b.Export().ExportAll(ctx, dir, domain.ExportFormat{}, nil); err != nil {
		t.Fatal(err)
	}
	editCell(t, filepath.Join(dir, "clients.csv"), 1, "currency", "XYZ")
	editCell(t, filepath.Join(dir, "contacts.csv"), 1, "email", "not-an-email")
	editCell(t, filepath.Join(dir, "payments.csv"), 1, "date", "2027-13-01")

	b := openTemp(t)
	empty := bookCounts(t, b)
	for _, dry := range []bool{true, false} {
		res, err := b.Import().ImportAll(ctx, dir, domain.ImportOptions{DryRun: dry})
		if err != nil {
			t.Fatal(err)
		}
		wantProblems(t, res.Problems,
			`clients row 1, column currency: "XYZ" is not an ISO 4217 currency code`,
			`contacts row 1, column email: "not-an-email" is not an email address`,
			`payments row 1, column date: "2027-13-01" is not a date`,
		)
		if res.Created == 0 || res.Rows < 15 {
			t.Errorf("dry run %v: %d rows, %d created", dry, res.Rows, res.Created)
		}
		if got := bookCounts(t, b); got != empty {
			t.Errorf("dry run %v: a failed import wrote to the book:\n was %s\n now %s", dry, empty, got)
		}
	}
}
