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
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
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
	if len(p.Rows()) != 2 {
		t.Fatalf("the search shows %d activities", len(p.Rows()))
	}
	read := func() [][]string {
		path := filepath.Join(t.TempDir(), "timeline.csv")
		widgets.WriteCSVFile(test.NewTempWindow(t, nil), path, domain.ExportFormat{}, p.WriteCSV)
		return readCSV(t, path)
	}
	want := [][]string{
		{"at", "kind", "subject", "amount", "currency", "notes", "outcome", "next_step", "contact"},
		{"2027-03-03 10:00", "call", "'-Renewal follow-up", "", "", "Line one\nline two", "", "", "Ola Berg"},
		{"2027-03-02 10:00", "call", "Renewal terms", "", "", "Line one\nline two", "", "", "Ola Berg"},
	}
	if got := read(); !reflect.DeepEqual(got, want) {
		t.Errorf("timeline as searched, newest first:\n got %q\nwant %q", got, want)
	}

	// The invoice and the payment on the timeline are exported with it,
	// and left out with the conversations only.
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), domain.NewDate(2027, 3, 2))
	d.PONumber = "PO-9"
	d.Lines = []domain.Line{{Description: "Audit", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.RequireFromString("800.00")}}
	if err := book.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	inv, _, err := book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatal(err)
	}
	pay := &domain.Payment{ClientID: c.ID, Date: domain.NewDate(2027, 3, 4), Method: domain.MethodBankTransfer, Reference: "SEPA 1",
		Amount:      money.Money{Amount: decimal.RequireFromString("800.00"), Currency: inv.Currency},
		Allocations: []domain.Allocation{{DocumentID: inv.ID, Amount: decimal.RequireFromString("800.00")}}}
	if err := book.Payments().CreatePayment(ctx, pay); err != nil {
		t.Fatal(err)
	}
	test.Type(p.search, "")
	p.search.SetText("")
	got := read()
	var kinds []string
	for _, r := range got[1:] {
		kinds = append(kinds, r[1]+" "+r[2]+" "+r[3])
	}
	if strings.Join(kinds, ", ") != "payment SEPA 1 800.00, call '-Renewal follow-up , invoice "+inv.Number+" 800.00, call Renewal terms , call Kick-off " {
		t.Errorf("everything, newest first: %q", kinds)
	}
	p.show.SetSelected(showConversations)
	if got := read(); len(got) != 4 {
		t.Errorf("conversations only: %q", got)
	}
}

// readCSV reads a file Export CSV… wrote.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return got
}
