package data

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"clientbook/domain"
)

func TestImportColumnsSayWhichAreRequired(t *testing.T) {
	b := openTemp(t)
	cols, err := b.Import().Columns("invoices")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	files := map[string]bool{}
	for _, c := range cols {
		got[c.Key()] = c.Required
		files[c.File] = true
		if c.Description == "" {
			t.Errorf("%s has no description", c.Key())
		}
	}
	for key, want := range map[string]bool{"invoices.id": true, "invoices.currency": true, "invoices.client_name": false,
		"invoices.notes": false, "document_lines.quantity": true, "document_lines.taxes": false} {
		if req, ok := got[key]; !ok || req != want {
			t.Errorf("%s: listed %v, required %v; want required %v", key, ok, req, want)
		}
	}
	if len(files) != 2 {
		t.Errorf("files %v: invoices and their lines", files)
	}
	if _, err := b.Import().Columns("activities"); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("activities are not imported: %v", err)
	}
}

func TestImportPreviewReadsRowsAsTheImportWould(t *testing.T) {
	b := openTemp(t)
	file := "\uFEFFCompany;Status;Currency;Limit;City\n" +
		"'=Acme;active;EUR;12,50;Wien\n" +
		";;;;\n" +
		"Bakker;prospect;EUR;0;Kiel\n" +
		"Third;active;EUR;1;Bonn\n"
	semi := domain.ExportFormat{Delimiter: ';', DecimalComma: true}
	mapping := map[string]string{"clients.name": "company", "clients.credit_limit": "Limit", "clients.billing_city": "City",
		"clients.notes": "", "clients.status": "Status", "clients.currency": "Currency"}
	p, err := b.Import().Preview("clients", strings.NewReader(file), domain.ImportOptions{Format: semi, Mapping: mapping}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p.Header, []string{"Company", "Status", "Currency", "Limit", "City"}) || len(p.Problems) != 0 {
		t.Fatalf("header %q, problems %v", p.Header, p.Problems)
	}
	at := func(row int, col string) string { return p.Rows[row][index(p.Columns, col)] }
	if len(p.Rows) != 2 || !reflect.DeepEqual(p.RowNumbers, []int{1, 3}) {
		t.Fatalf("rows %q numbered %v: two, the blank one skipped", p.Rows, p.RowNumbers)
	}
	if at(0, "name") != "=Acme" || at(0, "credit_limit") != "12,50" || at(0, "billing_city") != "Wien" || at(0, "tax_id") != "" || at(1, "name") != "Bakker" {
		t.Errorf("rows %q", p.Rows)
	}

	// Required columns left unmapped, and a mapped header that is not there.
	p, err = b.Import().Preview("clients", strings.NewReader(file), domain.ImportOptions{Format: semi,
		Mapping: map[string]string{"clients.name": "", "clients.tax_id": "VAT number"}}, 20)
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	for _, pr := range p.Problems {
		problems = append(problems, pr.String())
	}
	// Status and Currency are found under their own names.
	want := []string{`row 0, column tax_id: the file has no column "VAT number"`, "row 0, column name: the file has no column name"}
	if !reflect.DeepEqual(problems, want) || len(p.Rows) != 3 {
		t.Errorf("problems:\n got %q\nwant %q\n(%d rows)", problems, want, len(p.Rows))
	}

	// Read with the wrong delimiter, the header is one cell.
	p, err = b.Import().Preview("clients", strings.NewReader(file), domain.ImportOptions{}, 20)
	if err != nil || len(p.Problems) != 1 || !strings.Contains(p.Problems[0].Message, `separated by ";"`) {
		t.Errorf("read with commas: %v %v", p.Problems, err)
	}
	if _, err := b.Import().Preview("activities", strings.NewReader(file), domain.ImportOptions{}, 20); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("activities are not imported: %v", err)
	}
}

// TestImportMappingToNothingSkipsTheColumn maps a column to "": it is not
// read even though the file has a header of its name.
func TestImportMappingToNothingSkipsTheColumn(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	file := "Name,status,currency,notes\nAcme,active,EUR,do not import me\n"
	res, err := b.Import().Import(ctx, "clients", strings.NewReader(file), domain.ImportOptions{Mapping: map[string]string{"clients.notes": ""}})
	if err != nil || !res.OK() || res.Created != 1 {
		t.Fatalf("import: %v %v", err, res.Problems)
	}
	rows, _ := b.Clients().FindClients(ctx, domain.ClientFilter{})
	c, err := b.Clients().FindClientByID(ctx, rows[0].ID)
	if err != nil || c.Name != "Acme" || c.Notes != "" {
		t.Errorf("imported %+v %v", c, err)
	}
	res, err = b.Import().Import(ctx, "clients", strings.NewReader(file), domain.ImportOptions{DryRun: true, Mapping: map[string]string{"clients.name": ""}})
	if err != nil || len(res.Problems) != 1 || res.Problems[0].String() != "row 0, column name: the file has no column name" {
		t.Errorf("a required column mapped to nothing: %v %v", err, res.Problems)
	}
}

func index(cols []string, name string) int {
	for i, c := range cols {
		if c == name {
			return i
		}
	}
	return -1
}
