package domain

import (
	"reflect"
	"testing"
)

func TestSniffFormat(t *testing.T) {
	plain, semi, semiComma := ExportFormat{}, ExportFormat{Delimiter: ';'}, ExportFormat{Delimiter: ';', DecimalComma: true}
	cases := []struct {
		name   string
		sample string
		want   ExportFormat
		bom    bool
	}{
		{"commas", "name,currency,credit_limit\nAcme,EUR,12.50\n", plain, false},
		{"commas with a mark", "\uFEFFname,currency\nAcme,EUR\n", plain, true},
		{"semicolons, decimal comma", "\uFEFFname;currency;credit_limit\nAcme;EUR;12,50\n", semiComma, true},
		{"semicolons, decimal point", "name;currency;credit_limit\nAcme;EUR;12.50\n", semi, false},
		{"semicolons, whole numbers only", "name;terms\nAcme;30\n", semi, false},
		{"semicolons inside quotes do not count", "\"a;b;c\",d,e\n1,2,3\n", plain, false},
		{"commas inside quotes do not count", "\"Acme, Inc\";name;x\n1;2;3\n", semi, false},
		{"one column", "name\nAcme\n", plain, false},
		{"empty", "", plain, false},
		{"a thousands-looking comma is still a decimal comma", "name;amount\nA;1,234\nB;-0,5\n", semiComma, false},
		{"mixed marks are not a decimal comma", "name;a;b\nA;1,5;2.5\n", semi, false},
		{"cut off in a quoted cell", "name;amount\nA;1,50\n\"B;", semiComma, false},
		{"text with commas is not a number", "name;notes\nA;\"red, green\"\n", semi, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, bom := SniffFormat([]byte(c.sample))
			if got != c.want || bom != c.bom {
				t.Errorf("SniffFormat = %+v, bom %v; want %+v, bom %v", got, bom, c.want, c.bom)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("the guess is not a valid format: %v", err)
			}
		})
	}
}

func TestSuggestMapping(t *testing.T) {
	cols := []ImportColumn{
		{File: "invoices", Name: "id"}, {File: "invoices", Name: "client_name"}, {File: "invoices", Name: "issue_date"},
		{File: "invoices", Name: "po_number"}, {File: "document_lines", Name: "document_id"}, {File: "document_lines", Name: "unit_price"},
		{File: "document_lines", Name: "description"},
	}
	cases := []struct {
		name    string
		headers map[string][]string
		want    map[string]string
	}{
		{"our own headers", map[string][]string{"invoices": {"id", "client_name", "issue_date", "po_number"}, "document_lines": {"document_id", "unit_price", "description"}},
			map[string]string{"invoices.id": "id", "invoices.client_name": "client_name", "invoices.issue_date": "issue_date", "invoices.po_number": "po_number",
				"document_lines.document_id": "document_id", "document_lines.unit_price": "unit_price", "document_lines.description": "description"}},
		{"case, spaces, hyphens", map[string][]string{"invoices": {" ID ", "Client Name", "ISSUE-DATE", "Po Number"}, "document_lines": {"Document ID", "Unit price"}},
			map[string]string{"invoices.id": " ID ", "invoices.client_name": "Client Name", "invoices.issue_date": "ISSUE-DATE", "invoices.po_number": "Po Number",
				"document_lines.document_id": "Document ID", "document_lines.unit_price": "Unit price", "document_lines.description": ""}},
		{"other names are left unmapped", map[string][]string{"invoices": {"Customer", "Date", "Invoice #"}},
			map[string]string{"invoices.id": "", "invoices.client_name": "", "invoices.issue_date": "", "invoices.po_number": "",
				"document_lines.document_id": "", "document_lines.unit_price": "", "document_lines.description": ""}},
		{"a header is used once, and only in its own file", map[string][]string{"invoices": {"id", "ID", "description"}, "document_lines": {"id"}},
			map[string]string{"invoices.id": "id", "invoices.client_name": "", "invoices.issue_date": "", "invoices.po_number": "",
				"document_lines.document_id": "", "document_lines.unit_price": "", "document_lines.description": ""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := SuggestMapping(cols, c.headers); !reflect.DeepEqual(got, c.want) {
				t.Errorf("SuggestMapping:\n got %v\nwant %v", got, c.want)
			}
		})
	}
}
