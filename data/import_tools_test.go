package data

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"clientbook/domain"
)

// toolImport is how a person brings one tool's client export in: the
// columns they pair by hand (the rest are paired by name or left out) and
// the lines above the header.
type toolImport struct {
	file    string
	mapping map[string]string
	skip    int
	// What the preview says is ignored, and the clients made.
	ignored []string
	clients int
	// One client to look at closely.
	name, city, region, country, currency, taxID, industry string
}

var toolImports = []toolImport{
	{
		file: "wave_customers.csv",
		mapping: map[string]string{"name": "customer_name", "billing_line1": "address_line_1", "billing_line2": "address_line_2",
			"billing_city": "city", "billing_region": "province/state", "billing_postal_code": "postal_code/zip_code",
			"billing_country": "country"},
		ignored: []string{"email", "contact_first_name", "contact_last_name", "phone", "fax", "mobile", "toll_free", "website",
			"shipping_name", "ship_to_contact", "ship_to_country", "ship_to_province/state", "ship_to_address_line_1",
			"ship_to_address_line_2", "ship_to_city", "ship_to_postal_code/zip_code", "ship_to_phone", "delivery_instructions"},
		clients: 3, name: "Lumen Dental Group, LLC", city: "San Francisco", region: "California", country: "United States",
		currency: "USD",
	},
	{
		file: "freshbooks_clients.csv", skip: 2,
		mapping: map[string]string{"name": "Organization", "billing_line1": "Address Line 1", "billing_line2": "Address Line 2",
			"billing_city": "City", "billing_region": "Province/State", "billing_postal_code": "Postal/Zip Code",
			"billing_country": "Country"},
		ignored: []string{"First Name", "Last Name", "Email", "Business Phone", "Mobile Phone", "Language", "Outstanding"},
		clients: 2, name: "Kestrel Architecture Inc.", city: "Vancouver", region: "British Columbia", country: "Canada",
		currency: "CAD",
	},
	{
		file: "akaunting_customers.csv",
		mapping: map[string]string{"tax_id": "tax_number", "billing_line1": "address", "billing_city": "city",
			"billing_postal_code": "zip_code", "billing_region": "state", "billing_country": "country", "currency": "currency_code"},
		ignored: []string{"type", "email", "phone", "website", "reference", "enabled"},
		clients: 2, name: "Bergblick Hotel GmbH", city: "Garmisch-Partenkirchen", region: "Bayern", country: "DE",
		currency: "EUR", taxID: "DE298765432",
	},
	{
		file: "invoiceninja_clients.csv",
		mapping: map[string]string{"name": "Name", "billing_line1": "Address 1", "billing_line2": "Address 2",
			"billing_city": "City", "billing_region": "State", "billing_postal_code": "Postal Code", "billing_country": "Country",
			"vat_id": "VAT Number", "notes": "Private Notes"},
		ignored: []string{"Number", "Balance", "Paid to Date", "Website", "Public Notes", "Size", "ID Number",
			"Contact First Name", "Contact Last Name", "Contact Email", "Contact Phone"},
		clients: 2, name: "Cobalt Logistics BV", city: "Rotterdam", region: "Zuid-Holland", country: "Netherlands",
		currency: "EUR", industry: "Transportation",
	},
}

// mappingFor is the mapping the import wizard ends with: the columns paired
// by name (domain.SuggestMapping over the file's header), then ti's pairs.
func mappingFor(t *testing.T, b *Book, ti toolImport) map[string]string {
	t.Helper()
	cols, err := b.Import().Columns("clients")
	if err != nil {
		t.Fatal(err)
	}
	p, err := b.Import().Preview("clients", openTool(t, ti.file), domain.ImportOptions{Skip: ti.skip}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var own []domain.ImportColumn
	for _, c := range cols {
		if c.File == "clients" {
			own = append(own, c)
		}
	}
	m := domain.SuggestMapping(own, map[string][]string{"clients": p.Header})
	for k, v := range ti.mapping {
		m["clients."+k] = v
	}
	return m
}

func openTool(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "import", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// Each tool's export imports with the columns paired once by hand: status
// is active where the file has none, the preview names the columns nothing
// is read from, lines above the header are skipped, and stamps like
// "2023-01-15 10:22:01" read.
func TestImportClientsFromOtherTools(t *testing.T) {
	ctx := context.Background()
	for _, ti := range toolImports {
		t.Run(ti.file, func(t *testing.T) {
			b := openTemp(t)
			opt := domain.ImportOptions{Mapping: mappingFor(t, b, ti), Skip: ti.skip}
			p, err := b.Import().Preview("clients", openTool(t, ti.file), opt, 10)
			if err != nil || len(p.Problems) > 0 {
				t.Fatalf("preview: %v %v", err, p.Problems)
			}
			if !reflect.DeepEqual(p.Ignored, ti.ignored) {
				t.Errorf("the preview ignores %q, want %q", p.Ignored, ti.ignored)
			}
			if len(p.Rows) != ti.clients {
				t.Errorf("the preview shows %d rows", len(p.Rows))
			}
			res, err := b.Import().Import(ctx, "clients", openTool(t, ti.file), opt)
			if err != nil || !res.OK() {
				t.Fatalf("import: %v\n%s", err, problemsText(res.Problems))
			}
			if res.Created != ti.clients || !reflect.DeepEqual(res.Files[0].Ignored, ti.ignored) {
				t.Errorf("created %d, ignored %q", res.Created, res.Files[0].Ignored)
			}
			cs, err := b.Clients().FindClients(ctx, domain.ClientFilter{Search: ti.name})
			if err != nil || len(cs) != 1 {
				t.Fatalf("find %q: %d, %v", ti.name, len(cs), err)
			}
			c, err := b.Clients().FindClientByID(ctx, cs[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{c.Name, string(c.Status), c.Billing.City, c.Billing.Region, c.Billing.Country, c.Currency, c.TaxID, c.Industry}
			want := []string{ti.name, "active", ti.city, ti.region, ti.country, ti.currency, ti.taxID, ti.industry}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("client %q", got)
			}
		})
	}
}

// An auto-matched column can be left out: Akaunting's created_at is ours
// by name, and read unless the mapping says it is not in the file.
func TestImportUnmapsAnAutoMatchedColumn(t *testing.T) {
	ctx := context.Background()
	ti := toolImports[2]
	for _, unmap := range []bool{false, true} {
		b := openTemp(t)
		mapping := mappingFor(t, b, ti)
		if unmap {
			mapping["clients.created_at"] = ""
		}
		before := time.Now().UTC()
		res, err := b.Import().Import(ctx, "clients", openTool(t, ti.file), domain.ImportOptions{Mapping: mapping})
		if err != nil || !res.OK() {
			t.Fatalf("import: %v %v", err, res.Problems)
		}
		cs, _ := b.Clients().FindClients(ctx, domain.ClientFilter{Search: ti.name})
		c, _ := b.Clients().FindClientByID(ctx, cs[0].ID)
		ignored := strings.Join(res.Files[0].Ignored, ",")
		switch {
		case !unmap && (!c.CreatedAt.Equal(time.Date(2023, 1, 15, 10, 22, 1, 0, time.UTC)) || strings.Contains(ignored, "created_at")):
			t.Errorf("created_at read: %v, ignored %s", c.CreatedAt, ignored)
		case unmap && (c.CreatedAt.Before(before) || !strings.HasSuffix(ignored, "created_at")):
			t.Errorf("created_at left out: %v, ignored %s", c.CreatedAt, ignored)
		}
	}
}

// Bad options and files: a skip out of range is refused before anything is
// read; skipping too few lines leaves the title as the header, so the
// required columns are missing and nothing is written; a status that is not
// one is still refused at its cell.
func TestImportOtherToolsBadInput(t *testing.T) {
	ctx := context.Background()
	b := openTemp(t)
	ti := toolImports[1]
	_, err := b.Import().Import(ctx, "clients", openTool(t, ti.file), domain.ImportOptions{Mapping: ti.mapping, Skip: 101})
	if domain.FieldErrors(err)["skip"] == "" {
		t.Errorf("skip 101: %v", err)
	}
	res, err := b.Import().Import(ctx, "clients", openTool(t, ti.file), domain.ImportOptions{Mapping: ti.mapping, Skip: 1})
	if err != nil || res.OK() || !strings.Contains(problemsText(res.Problems), `the file has no column "Organization"`) {
		t.Errorf("skip 1: %v %s", err, problemsText(res.Problems))
	}
	csv := "name,status,currency\nGood Co,,EUR\nBad Co,dormant,EUR\n"
	res, err = b.Import().Import(ctx, "clients", strings.NewReader(csv), domain.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantProblems(t, res.Problems, "clients row 2, column status:")
	if n := countRows(t, b, "clients"); n != 0 {
		t.Errorf("refused imports wrote %d clients", n)
	}
}
