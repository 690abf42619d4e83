package complaints

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

func TestExportTheComplaintsAsFiltered(t *testing.T) {
	p, book, c := newPanel(t)
	t.Cleanup(widgets.RunInline())
	p.SetExport(book.Export())
	ctx := context.Background()
	for i, subject := range []string{"Cabin not cleaned", "@Late ferry"} {
		k := &domain.Complaint{ClientID: c.ID, OpenedOn: domain.NewDate(2027, 4, 1+i), Subject: subject, Severity: domain.ComplaintHigh,
			Category: "Delivery", ContactName: "Ola Berg"}
		if err := book.Complaints().CreateComplaint(ctx, k); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			k.Resolution = "Refunded the cabin"
			k.SetStatus(domain.ComplaintResolved, domain.NewDate(2027, 4, 5))
			if err := book.Complaints().UpdateComplaint(ctx, k); err != nil {
				t.Fatal(err)
			}
		}
	}
	p.Show(c)
	read := func() [][]string {
		path := filepath.Join(t.TempDir(), "complaints.csv")
		widgets.WriteCSVFile(test.NewTempWindow(t, nil), path, domain.ExportFormat{Delimiter: ';', DecimalComma: true}, p.WriteCSV)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
		r.Comma = ';'
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	got := read()
	if len(got) != 3 || len(p.Rows()) != 2 {
		t.Fatalf("all complaints (%d shown):\n%q", len(p.Rows()), got)
	}
	if strings.Join(got[0], ",") != strings.Join(p.table.ColumnKeys(), ",") {
		t.Fatalf("the file's columns %q, the table's %q", got[0], p.table.ColumnKeys())
	}
	col := map[string]int{}
	for i, k := range got[0] {
		col[k] = i
	}
	for i, k := range p.Rows() {
		if strings.TrimPrefix(got[i+1][col["subject"]], "'") != k.Subject || got[i+1][col["status"]] != string(k.Status) {
			t.Errorf("row %d shows %q (%s), the file has %q", i, k.Subject, k.Status, got[i+1])
		}
	}
	resolved := got[2]
	if resolved[col["subject"]] != "Cabin not cleaned" || resolved[col["resolution"]] != "Refunded the cabin" ||
		resolved[col["resolved_on"]] != "2027-04-05" || resolved[col["days_to_resolve"]] != "4" {
		t.Errorf("the resolved complaint: %q", resolved)
	}
	if got[1][col["subject"]] != "'@Late ferry" {
		t.Errorf("a subject starting with @ must be neutralised: %q", got[1][col["subject"]])
	}
	p.openOnly.SetChecked(true)
	got = read()
	if len(got) != 2 || got[1][col["subject"]] != "'@Late ferry" || len(p.Rows()) != 1 {
		t.Errorf("open only:\n%q", got)
	}
	// Sorted by a header, the file follows the order shown.
	p.openOnly.SetChecked(false)
	p.table.TapHeader(3)
	got = read()
	if got[1][col["subject"]] != "'@Late ferry" || got[2][col["subject"]] != "Cabin not cleaned" {
		t.Errorf("by subject:\n%q", got)
	}
}
