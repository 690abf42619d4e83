package domain

import (
	"strings"
	"testing"
)

func TestExportFormat(t *testing.T) {
	cases := []struct {
		f       ExportFormat
		ok      bool
		comma   rune
		number  string
		message string
	}{
		{ExportFormat{}, true, ',', "-12.50", ""},
		{ExportFormat{Delimiter: ';'}, true, ';', "-12.50", ""},
		{ExportFormat{Delimiter: ';', DecimalComma: true}, true, ';', "-12,50", ""},
		{ExportFormat{DecimalComma: true}, false, ',', "", "needs ';'"},
		{ExportFormat{Delimiter: ',', DecimalComma: true}, false, ',', "", "needs ';'"},
		{ExportFormat{Delimiter: '\t'}, false, '\t', "", "',' or ';'"},
	}
	for _, c := range cases {
		err := c.f.Validate()
		if (err == nil) != c.ok || (err != nil && (ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), c.message))) {
			t.Errorf("%+v: Validate() = %v", c.f, err)
		}
		if c.f.Comma() != c.comma {
			t.Errorf("%+v: Comma() = %q, want %q", c.f, c.f.Comma(), c.comma)
		}
		if c.ok {
			if got := c.f.Number("-12.50"); got != c.number {
				t.Errorf("%+v: Number(-12.50) = %q, want %q", c.f, got, c.number)
			}
			if got := c.f.Number("1500"); got != "1500" {
				t.Errorf("%+v: Number(1500) = %q", c.f, got)
			}
		}
	}
}

func TestExportReadmeAndLookup(t *testing.T) {
	entities := []ExportEntity{
		{Name: "clients", Description: "Every client.", Columns: []ExportColumn{{"id", "The id."}, {"credit_limit", "The limit."}}},
		{Name: "tasks", Description: "Follow-ups.", Columns: []ExportColumn{{"due_date", "When."}}},
	}
	if e, err := FindExportEntity(entities, "tasks"); err != nil || e.Name != "tasks" {
		t.Errorf("FindExportEntity(tasks) = %v, %v", e, err)
	}
	if _, err := FindExportEntity(entities, "task"); ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "choose one of clients, tasks") {
		t.Errorf("FindExportEntity(task) = %v", err)
	}
	var b strings.Builder
	if err := WriteExportReadme(&b, entities, ExportFormat{Delimiter: ';', DecimalComma: true}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"semicolon (;)", "comma (12,50)", "\nclients.csv\n===========\nEvery client.\n",
		"  id            The id.\n", "  credit_limit  The limit.\n", "\ntasks.csv\n", "  due_date  When.\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("README lacks %q:\n%s", want, b.String())
		}
	}
}
