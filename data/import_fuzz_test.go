package data

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"clientbook/domain"
)

// storedAmounts are the columns an import writes money to.
var storedAmounts = []string{"clients.credit_limit_minor", "items.unit_price_minor", "documents.discount_minor",
	"documents.subtotal_minor", "documents.discount_total_minor", "documents.tax_minor", "documents.total_minor",
	"document_lines.unit_price_minor", "payments.amount_minor", "allocations.amount_minor", "refunds.amount_minor"}

// fuzzEntities are the files Import takes, with their detail file if any.
var fuzzEntities = []string{"clients", "contacts", "tax_rates", "catalog", "invoices", "quotes", "credit_notes",
	"payments", "refunds"}

// FuzzImport feeds any file (and detail file) to Import for each entity,
// first as a dry run and then, when that finds nothing wrong, for real, into
// one book per fuzzing process. Whatever the bytes: no panic; the import
// either reports problems, each at a row of one of its files with a message,
// or fails with a domain error fit to show (never an internal one); a dry
// run writes nothing; the real import makes what the dry run said it would;
// every amount in the book stays within ±money.MaxAmount (10^15 cents).
func FuzzImport(f *testing.F) {
	b := openTemp(f)
	ctx := context.Background()
	if err := b.Clients().CreateClient(ctx, newClient("Acme GmbH", "Berlin")); err != nil {
		f.Fatal(err)
	}
	seeds := []struct {
		entity       string
		main, detail string
	}{
		{"clients", "\uFEFFname,status,currency,credit_limit,payment_terms_days\r\nGood One,active,EUR,100.00,30\r\n" +
			"Bad Currency,active,XYZ,0,30\r\nBig,active,EUR,10000000000000.01,30\r\n,active,EUR,0,30\r\n", ""},
		{"clients", "name,status,currency,credit_limit\nFormula,active,EUR,\"'=1+1\"\nNeg,active,EUR,-5\n", ""},
		{"invoices", "id,number,status,client_name,issue_date,due_date,currency,total\n" +
			"1,,draft,Acme GmbH,2027-03-01,,EUR,\n2,INV-2027-00001,issued,Acme GmbH,2027-03-01,2027-03-31,EUR,120.00\n" +
			"3,,draft,Acme GmbH,2027-03-01,,EUR,\n",
			"document_id,document_kind,position,description,quantity,unit_price,taxes\n" +
				"1,invoice,0,Work,1,100.00,\n2,invoice,0,Work,1,100.00,VAT 20%\n" +
				"3,invoice,0,Huge,1000000,9999999999.99,\n3,invoice,1,Over,1,10000000000000.01,\n"},
		{"payments", "id,date,amount,currency,method,client_name,reference\n" +
			"1,2027-03-02,100.00,EUR,bank-transfer,Acme GmbH,X\n2,2027-03-02,90000000000000000,EUR,cash,Acme GmbH,\n",
			"payment_id,invoice_number,amount\n1,INV-2027-00001,100.00\n"},
		{"refunds", "date,amount,currency,method,client_name\n2027-03-05,1.00,EUR,cash,Acme GmbH\n", ""},
		{"catalog", "code,name,unit_price,currency\nA1,Thing,9.99,EUR\nA2,Too much,10000000000000.01,EUR\n", ""},
		{"tax_rates", "name,percent,compound\nVAT,20,false\nBad,101,true\n", ""},
		{"contacts", "client_name,name,email,primary\nAcme GmbH,Jo,jo@acme.example,true\nNobody,X,,\n", ""},
	}
	for _, s := range seeds {
		for i, e := range fuzzEntities {
			if e == s.entity {
				f.Add(uint8(i), false, []byte(s.main), []byte(s.detail))
			}
		}
	}
	f.Add(uint8(0), true, []byte("name;status;currency;credit_limit\nKomma;active;EUR;1234,56\n"), []byte(nil))
	f.Fuzz(func(t *testing.T, which uint8, comma bool, main, detail []byte) {
		entity := fuzzEntities[int(which)%len(fuzzEntities)]
		ent, err := domain.FindImportEntity(entity)
		if err != nil {
			t.Fatal(err)
		}
		opt := domain.ImportOptions{Format: domain.ExportFormat{Delimiter: ','}, DryRun: true}
		if comma {
			opt.Format = domain.ExportFormat{Delimiter: ';', DecimalComma: true}
		}
		if ent.Details != "" {
			opt.Details = bytes.NewReader(detail)
		}
		before := fuzzCounts(t, b)
		res, err := b.Import().Import(ctx, entity, bytes.NewReader(main), opt)
		checkImport(t, entity, ent.Details, res, err)
		if after := fuzzCounts(t, b); after != before {
			t.Fatalf("a dry run wrote: %s, then %s", before, after)
		}
		if err != nil || !res.OK() {
			return
		}
		opt.DryRun = false
		if ent.Details != "" {
			opt.Details = bytes.NewReader(detail)
		}
		real, err := b.Import().Import(ctx, entity, bytes.NewReader(main), opt)
		checkImport(t, entity, ent.Details, real, err)
		if err != nil || !real.OK() || real.Created != res.Created || fmt.Sprint(real.Files) != fmt.Sprint(res.Files) {
			t.Fatalf("the dry run made %v; the import %v, %v: %v", res.Files, real.Files, err, real.Problems)
		}
		for _, col := range storedAmounts {
			var n int
			table, column, _ := strings.Cut(col, ".")
			q := fmt.Sprintf(`SELECT count(*) FROM %s WHERE abs(%s) > 100000000000000000`, table, column)
			if err := b.db.QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				t.Fatalf("%s: %d amounts beyond the bound", col, n)
			}
		}
	})
}

// checkImport holds for every import's outcome.
func checkImport(t *testing.T, entity, details string, res domain.ImportResult, err error) {
	t.Helper()
	if err != nil {
		var e *domain.Error
		if !errors.As(err, &e) || e.Code == domain.EINTERNAL || e.Message == "" {
			t.Fatalf("import %s: %#v is not a domain error fit to show", entity, err)
		}
		return
	}
	for _, p := range res.Problems {
		if p.Message == "" || (p.Entity != entity && p.Entity != details) || p.Row < 0 {
			t.Fatalf("import %s: problem %+v", entity, p)
		}
	}
}

// fuzzCounts is how many rows the tables an import writes hold.
func fuzzCounts(t *testing.T, b *Book) string {
	t.Helper()
	var out string
	for _, table := range []string{"clients", "contacts", "tax_rates", "items", "documents", "document_lines",
		"payments", "allocations", "refunds", "audit_log"} {
		var n int
		if err := b.db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%s %d, ", table, n)
	}
	return out
}
