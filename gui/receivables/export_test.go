package receivables

import (
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// exported writes a list with write to a file as Export CSV… does and reads
// the file back as records.
func exported(t *testing.T, f *fixture, format domain.ExportFormat, write widgets.WriteCSV) [][]string {
	t.Helper()
	t.Cleanup(widgets.RunInline())
	path := filepath.Join(t.TempDir(), "list.csv")
	widgets.WriteCSVFile(f.w, path, format, write)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
	r.Comma = format.Comma()
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%v in\n%s", err, b)
	}
	return recs
}

func TestExportTheAgingAsShown(t *testing.T) {
	f := newFixture(t, true)
	v := f.s.aging
	v.asOf.SetText("2027-02-01")
	got := exported(t, f, domain.ExportFormat{Delimiter: ';', DecimalComma: true}, v.WriteCSV)
	b, o := f.bakker.ID, f.orsted.ID
	want := [][]string{
		{"client", "Current", "1–30", "31–60", "61–90", "Over 90", "total", "credit", "currency", "as_of", "client_id"},
		{"Bakker Logistics BV", "600,00", "0,00", "0,00", "0,00", "4000,00", "4600,00", "0,00", "EUR", "2027-02-01", itoa(b)},
		{"Ørsted Façades GmbH", "0,00", "250,50", "0,00", "0,00", "0,00", "250,50", "0,00", "EUR", "2027-02-01", itoa(o)},
		{"Total", "600,00", "250,50", "0,00", "0,00", "4000,00", "4850,50", "0,00", "EUR", "2027-02-01", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("aging as of 2027-02-01:\n got %q\nwant %q", got, want)
	}
	if strings.Join(got[0], ",") != strings.Join(v.table.ColumnKeys(), ",") {
		t.Errorf("the file's columns %q, the table's %q", got[0], v.table.ColumnKeys())
	}
	// The table on screen says the same, amount for amount.
	for i, row := range table(v) {
		for j, cell := range row[1:] {
			shown := strings.ReplaceAll(strings.ReplaceAll(cell, ",", ""), ".", ",")
			if cell != "" && shown != got[i+1][j+1] {
				t.Errorf("row %d column %d shows %q but the file has %q", i, j+1, cell, got[i+1][j+1])
			}
		}
	}
}

func TestExportTheDrillDownAndThePayments(t *testing.T) {
	f := newFixture(t, true)
	f.s.aging.table.List().Select(0)
	dd := f.s.aging.drill
	if dd == nil || !dd.exportBtn.Visible() {
		t.Fatal("the drill-down offers Export CSV…")
	}
	got := exported(t, f, domain.ExportFormat{}, dd.WriteCSV)
	want := [][]string{
		{"number", "issue_date", "due_date", "days_overdue", "open", "currency", "as_of"},
		{f.inv["old"].Number, "2026-10-01", "2026-10-31", "121", "4000.00", "EUR", "2027-03-01"},
		{f.inv["late10"].Number, "2027-01-20", "2027-02-19", "10", "600.00", "EUR", "2027-03-01"},
		{"Total open", "", "", "", "4600.00", "EUR", "2027-03-01"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("drill-down:\n got %q\nwant %q", got, want)
	}

	ctx := context.Background()
	for i, ref := range []string{"=HYPERLINK(\"x\")", "BANK-2"} {
		pay := &domain.Payment{ClientID: f.bakker.ID, Date: domain.NewDate(2027, 2, 20+i), Reference: ref,
			Amount: money.Money{Amount: decimal.NewFromInt(700), Currency: "EUR"}, Method: domain.MethodCard,
			Allocations: []domain.Allocation{{DocumentID: f.inv["late10"].ID, Amount: decimal.NewFromInt(300)}}}
		if err := f.book.Payments().CreatePayment(ctx, pay); err != nil {
			t.Fatal(err)
		}
	}
	f.s.view.SetSelected(viewPayments)
	got = exported(t, f, domain.ExportFormat{}, tableCSV(f.s.payments.table, f.book))
	if len(got) != 3 || got[0][1] != "date" || got[1][1] != "2027-02-21" || got[1][5] != "card" || got[1][7] != "300.00" || got[1][8] != "400.00" {
		t.Fatalf("payments, newest first:\n%q", got)
	}
	if got[2][6] != `'=HYPERLINK("x")` {
		t.Errorf("a formula in a reference must be neutralised: %q", got[2][6])
	}
	for i := range 2 {
		shown := f.s.payments.table.RowTexts(i)
		if shown[1] != got[i+1][1] || shown[2] != got[i+1][2] || shown[6] != strings.TrimPrefix(got[i+1][6], "'") {
			t.Errorf("row %d shows %q, the file has %q", i, shown, got[i+1])
		}
	}
}

// tableCSV is a table's Export CSV… as the dialog runs it.
func tableCSV[T any](tb *kit.Table[T], book domain.Book) widgets.WriteCSV {
	return func(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
		return tb.WriteCSV(book.Export(), w, f, progress)
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
