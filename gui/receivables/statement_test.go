package receivables

import (
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The drill-down offers the client's statement as PDF and as CSV; each opens
// a form with the three months up to the report's date, which points out a
// bad period at its fields and otherwise draws the statement up, closing at
// the client's row of the aging.
func TestDrillDownSavesAStatement(t *testing.T) {
	f := newFixture(t, true)
	v := f.s.aging
	v.table.List().Select(0) // Bakker: 4,000.00 from October, 600.00 from January
	drill := f.w.Canvas().Overlays().Top()
	for _, label := range []string{"Statement PDF…", "Statement CSV…", "Record payment", "Close"} {
		if button(drill, label) == nil {
			t.Errorf("the drill-down has no %q button", label)
		}
	}
	tap(t, drill, "Statement PDF…")
	form := v.stmt
	if form == nil || form.format != statementPDF || form.row.ClientID != f.bakker.ID || f.w.Canvas().Overlays().Top() == drill {
		t.Fatalf("Statement PDF… opened %+v", form)
	}
	if form.from.Text != "2026-12-02" || form.to.Text != "2027-03-01" {
		t.Errorf("period %s to %s, want the three months up to 2027-03-01", form.from.Text, form.to.Text)
	}

	form.from.SetText("2027-02-30")
	if form.submit() || form.fromField.Error.Text != "Write it as YYYY-MM-DD." || form.toField.Error.Visible() {
		t.Errorf("a bad date: from %q, to %q", form.fromField.Error.Text, form.toField.Error.Text)
	}
	form.from.SetText("2027-04-01")
	if form.submit() || form.fromField.Error.Visible() || form.toField.Error.Text != "The last day is before the first." {
		t.Errorf("a period backwards: from %q, to %q", form.fromField.Error.Text, form.toField.Error.Text)
	}
	form.from.SetText("2026-12-02")
	from, to, ok := form.period()
	if !ok || form.fromField.Error.Visible() || form.toField.Error.Visible() {
		t.Fatalf("a good period refused: %q %q", form.fromField.Error.Text, form.toField.Error.Text)
	}
	st, err := f.book.Statements().Statement(context.Background(), form.row.ClientID, form.v.cur, from, to)
	if err != nil {
		t.Fatal(err)
	}
	// Opening 4,000.00 (October), the January invoice of 600.00, closing at
	// Bakker's net in the aging.
	if st.Opening.StringFixed(2) != "4000.00" || len(st.Lines) != 1 || st.Lines[0].Reference != f.inv["late10"].Number ||
		!st.Closing.Equal(f.s.aging.drill.row.Net) || st.Closing.StringFixed(2) != "4600.00" {
		t.Errorf("statement opening %s, %d lines, closing %s", st.Opening, len(st.Lines), st.Closing)
	}

	dir := t.TempDir()
	pdfPath, csvPath := filepath.Join(dir, "s.pdf"), filepath.Join(dir, "s.csv")
	ctx := context.Background()
	if err := writeStatement(ctx, f.book, f.s.renderer, st, statementPDF, pdfPath); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(pdfPath); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Errorf("not a PDF: %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command("pdftotext", pdfPath, "-").Output()
		if err != nil || !strings.Contains(string(text), "Bakker Logistics BV") || !strings.Contains(string(text), f.inv["late10"].Number) {
			t.Errorf("the PDF does not read back as Bakker's statement (%v):\n%s", err, text)
		}
	}
	if err := writeStatement(ctx, f.book, f.s.renderer, st, statementCSV, csvPath); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || recs[1][6] != "4000.00" || recs[2][2] != f.inv["late10"].Number || recs[3][1] != "closing" ||
		recs[3][6] != "4600.00" {
		t.Errorf("CSV %q", recs)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("files left in the folder: %v", entries)
	}
	if err := writeStatement(ctx, f.book, f.s.renderer, st, "xlsx", filepath.Join(dir, "s.xlsx")); err == nil {
		t.Error("wrote a statement as xlsx")
	}

	// Saving closes the form and asks where to put the file.
	if !form.submit() || f.w.Canvas().Overlays().Top() == drill {
		t.Error("a good period did not go on to the file dialog")
	}
	tap(t, drill, "Statement CSV…")
	if v.stmt == form || v.stmt.format != statementCSV {
		t.Errorf("Statement CSV… opened %+v", v.stmt)
	}
}
