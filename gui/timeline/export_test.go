package timeline

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

func TestExportTheTimelineAsSearched(t *testing.T) {
	p, book, c := newPanel(t)
	t.Cleanup(widgets.RunInline())
	p.SetExport(book.Export())
	ctx := context.Background()
	for i, subject := range []string{"Kick-off", "Renewal terms", "-Renewal follow-up"} {
		a := &domain.Activity{ClientID: c.ID, Kind: domain.ActivityCall, Subject: subject, ContactName: "Ola Berg",
			Body: "Line one\nline two", At: time.Date(2027, 3, 1+i, 10, 0, 0, 0, time.Local)}
		if err := book.Activities().CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	p.Show(c)
	test.Type(p.search, "renewal")
	if len(p.rows) != 2 {
		t.Fatalf("the search shows %d activities", len(p.rows))
	}
	path := filepath.Join(t.TempDir(), "timeline.csv")
	widgets.WriteCSVFile(test.NewTempWindow(t, nil), path, domain.ExportFormat{}, p.WriteCSV)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"at", "kind", "contact", "subject", "notes", "outcome", "next_step"},
		{"2027-03-03 10:00", "call", "Ola Berg", "'-Renewal follow-up", "Line one\nline two", "", ""},
		{"2027-03-02 10:00", "call", "Ola Berg", "Renewal terms", "Line one\nline two", "", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("timeline as searched, newest first:\n got %q\nwant %q", got, want)
	}
}
