package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
)

// exportCLIBook is receivablesBook plus a client named like a formula with a
// draft invoice that has a negative line.
func exportCLIBook(t *testing.T) string {
	t.Helper()
	path := receivablesBook(t)
	b, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	c := &domain.Client{Name: `=HYPERLINK("http://x","y")`, Status: domain.StatusProspect, Currency: "EUR",
		PaymentTermsDays: 14, CreditLimit: money.Zero("EUR")}
	if err := b.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), domain.NewDate(2027, 3, 1))
	d.Lines = []domain.Line{
		{Description: "Work", Quantity: decimal.NewFromInt(2), UnitPrice: decimal.RequireFromString("100.00")},
		{Description: "Goodwill", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.RequireFromString("-12.50")},
	}
	if err := b.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	return path
}

func readCSVComma(t *testing.T, text string, comma rune) [][]string {
	t.Helper()
	text, ok := strings.CutPrefix(text, "\ufeff")
	if !ok {
		t.Error("CSV does not start with a UTF-8 BOM")
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = comma
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestExportToStdoutAndFile(t *testing.T) {
	db := exportCLIBook(t)
	code, out, errOut := ctl(t, "--db", db, "export", "clients", "--out", "-")
	if code != 0 {
		t.Fatalf("export clients: exit %d, %s", code, errOut)
	}
	recs := readCSVComma(t, out, ',')
	if len(recs) != 3 || recs[0][1] != "name" || recs[2][1] != `'=HYPERLINK("http://x","y")` {
		t.Errorf("clients CSV: %q", recs)
	}

	file := filepath.Join(t.TempDir(), "lines.csv")
	code, out, errOut = ctl(t, "--db", db, "export", "document_lines", "--out", file, "--delimiter", ";", "--decimal-comma")
	if code != 0 || out != "Wrote 4 rows to "+file+".\n" {
		t.Fatalf("export document_lines: exit %d, %q %s", code, out, errOut)
	}
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	recs = readCSVComma(t, string(text), ';')
	col := slices.Index(recs[0], "unit_price")
	net := slices.Index(recs[0], "line_net")
	var prices, nets []string
	for _, r := range recs[1:] {
		prices, nets = append(prices, r[col]), append(nets, r[net])
	}
	if want := []string{"1000,00", "500,00", "100,00", "-12,50"}; !slices.Equal(prices, want) {
		t.Errorf("unit prices %q, want %q", prices, want)
	}
	if want := []string{"1000,00", "500,00", "200,00", "-12,50"}; !slices.Equal(nets, want) {
		t.Errorf("line nets %q, want %q", nets, want)
	}

	// --decimal-comma alone picks ';'.
	code, out, _ = ctl(t, "--db", db, "export", "invoices", "--out", "-", "--decimal-comma")
	if recs := readCSVComma(t, out, ';'); code != 0 || len(recs) != 4 || recs[3][slices.Index(recs[0], "total")] != "187,50" {
		t.Errorf("invoices with a decimal comma: exit %d\n%s", code, out)
	}
}

func TestExportAllAndList(t *testing.T) {
	db := exportCLIBook(t)
	dir := filepath.Join(t.TempDir(), "out")
	code, out, errOut := ctl(t, "--db", db, "export", "all", "--dir", dir)
	if code != 0 {
		t.Fatalf("export all: exit %d, %s", code, errOut)
	}
	if !strings.Contains(out, "clients.csv  2") || !strings.Contains(out, fmt.Sprintf("Wrote %d files and README.txt to %s", len(data.ExportEntities()), dir)) {
		t.Errorf("export all said:\n%s", out)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != len(data.ExportEntities())+1 {
		t.Errorf("export all wrote %d files", len(ents))
	}

	code, out, _ = ctl(t, "export", "list")
	for _, e := range data.ExportEntities() {
		if !strings.Contains(out, e.Name+" ") || !strings.Contains(out, e.Description) {
			t.Errorf("export list does not show %s:\n%s", e.Name, out)
		}
	}
	if code != 0 || strings.Contains(out, "line_net") {
		t.Errorf("export list: exit %d, columns shown without --columns", code)
	}
	if code, out, _ = ctl(t, "export", "list", "--columns"); code != 0 || !strings.Contains(out, "  line_net ") {
		t.Errorf("export list --columns: exit %d\n%s", code, out)
	}
}

func TestExportUsageErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"export"}, "ENTITY is one of clients, contacts"},
		{[]string{"export", "invoice", "--out", "-"}, `unknown entity "invoice"; choose one of clients, contacts, tax_rates, catalog, invoices`},
		{[]string{"export", "clients"}, "--out is required"},
		{[]string{"export", "clients", "--out", "-", "--delimiter", ",", "--decimal-comma"}, "decimal comma needs ';'"},
		{[]string{"export", "clients", "--out", "-", "--delimiter", "|"}, "',' or ';'"},
		{[]string{"export", "clients", "--out", "-", "--delimiter", ";;"}, "one character"},
		{[]string{"export", "all"}, "--dir is required"},
		{[]string{"export", "all", "--dir", dir, "stray"}, "unexpected argument"},
	}
	for _, c := range cases {
		code, _, errOut := ctl(t, append([]string{"--db", db}, c.args...)...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want a usage error mentioning %q", c.args, code, errOut, c.want)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Error("a usage error created the book")
	}
}
