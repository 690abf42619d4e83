package outbox

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

func TestExportTheOutboxAsFiltered(t *testing.T) {
	s, book, _ := newScreen(t)
	t.Cleanup(widgets.RunInline())
	s.SetExport(book.Export())
	queueAll(t, s)
	read := func() [][]string {
		path := filepath.Join(t.TempDir(), "outbox.csv")
		widgets.WriteCSVFile(test.NewTempWindow(t, nil), path, domain.ExportFormat{}, func(w io.Writer, f domain.ExportFormat, progress func(int) bool) error {
			return s.table.WriteCSV(book.Export(), w, f, progress)
		})
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	got := read()
	if len(got) != 2 || len(s.Rows()) != 1 {
		t.Fatalf("unsent messages (%d shown):\n%q", len(s.Rows()), got)
	}
	m := s.Rows()[0]
	if strings.Join(got[0], ",") != strings.Join(s.table.ColumnKeys(), ",") {
		t.Errorf("the file's columns %q are not the table's %q", got[0], s.table.ColumnKeys())
	}
	want := []string{strconv.FormatInt(m.ID, 10), "queued", m.CreatedAt.Local().Format("2006-01-02 15:04"), "INV-2027-00001",
		"Final reminder", "Brønnøy Ferries", "Ingrid Dahl", "ingrid@ferry.example", m.Subject, "", "", "0", ""}
	if strings.Join(got[1], "|") != strings.Join(want, "|") {
		t.Errorf("the message:\n got %q\nwant %q", got[1], want)
	}
	_, _, head, _ := rendered(s, 0)
	if !strings.HasPrefix(head, got[1][3]+" · "+got[1][4]+" · "+got[1][5]) {
		t.Errorf("the list shows %q, the file %q", head, got[1])
	}
	s.filter.SetSelected("Sent")
	if got := read(); len(got) != 1 || got[0][0] != "id" {
		t.Errorf("nothing is sent yet, so only the header:\n%q", got)
	}
}
