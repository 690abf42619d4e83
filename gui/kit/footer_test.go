package kit

import (
	"bytes"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"clientbook/domain"
)

// A footer's cells sit under the table's columns, follow a column dragged
// wider, and come last in the export while shown.
func TestFooterFollowsTheColumnsAndIsExportedLast(t *testing.T) {
	tb, _, w := newTable(t, 3)
	f := NewFooter(tb)
	f.Set([]string{"Total", "99.00", ""}, []domain.TableCell{domain.TextCell("Total"), domain.NumberCell("99.00"), domain.RawCell("")})
	w.SetContent(container.NewBorder(nil, f.Object(), nil, nil, tb.Object()))
	w.Resize(fyne.NewSize(600, 400))
	same := func() bool {
		a, h := f.cells[1], tb.heads[1]
		return a.Position().X == h.Position().X && a.Size().Width == h.Size().Width
	}
	if !same() {
		t.Fatalf("the footer's amount at %v, the header's at %v", f.cells[1].Position(), tb.heads[1].Position())
	}
	before := f.cells[1].Position().X
	tb.resize(1, tb.width(1)+40)
	if f.cells[1].Position().X == before {
		t.Fatal("the drag moved nothing")
	}
	if !same() {
		t.Errorf("after a drag the footer's amount is at %v, the header's at %v", f.cells[1].Position(), tb.heads[1].Position())
	}
	write := func() []string {
		var buf bytes.Buffer
		if err := f.WriteCSV(exportBook{}, &buf, domain.ExportFormat{}, func(int) bool { return true }); err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSpace(buf.String()), "\n")
	}
	if lines := write(); len(lines) != 5 || lines[4] != "Total,99.00," {
		t.Errorf("exported %q", lines)
	}
	f.Hide()
	if lines := write(); len(lines) != 4 || strings.HasPrefix(lines[3], "Total") {
		t.Errorf("a hidden footer was exported: %q", lines)
	}
}
