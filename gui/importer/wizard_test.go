package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/gui/guitest"
	"clientbook/gui/kit"
)

// newWizard opens a fresh book and the wizard over it in a headless window.
func newWizard(t *testing.T) (*Wizard, *data.Book) {
	t.Helper()
	test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	wz := New(book.Import(), w)
	wz.Show("clients")
	return wz, book
}

// file writes a CSV file to import and returns its path.
func file(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func clientCount(t *testing.T, book *data.Book) int {
	t.Helper()
	n, err := book.Clients().CountClients(context.Background(), domain.ClientFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// foreign is another program's client list: semicolons, decimal commas, a
// byte-order mark and its own column names.
const foreign = "\uFEFFCompany;STATUS;Currency;Credit Limit;Billing City;Tax-ID;Phone\n" +
	"Alpenglück Touren GmbH;active;EUR;5000,00;Innsbruck;ATU123;+43 512 1\n" +
	"Brightline Rail;prospect;GBP;0;Leeds;;\n" +
	"Café Lumière;active;EUR;1250,50;Lyon;FR99;\n"

func TestImportWizardMapsByHeaderAndImports(t *testing.T) {
	wz, book := newWizard(t)
	var imported domain.ImportResult
	wz.OnImported = func(res domain.ImportResult) { imported = res }
	wz.SetFiles("clients", file(t, "foreign.csv", foreign), "")
	if f := wz.Format(); f.Comma() != ';' || !f.DecimalComma || !strings.Contains(wz.detected.Text, "byte-order mark") {
		t.Fatalf("detected %+v: %q", f, wz.detected.Text)
	}
	wz.Next()
	if wz.Step() != stepColumns {
		t.Fatalf("still on step %d: %q", wz.Step(), wz.fileError.Text)
	}
	m := wz.Mapping()
	for key, want := range map[string]string{"clients.status": "STATUS", "clients.currency": "Currency", "clients.credit_limit": "Credit Limit",
		"clients.billing_city": "Billing City", "clients.tax_id": "Tax-ID", "clients.name": "", "clients.notes": ""} {
		if m[key] != want {
			t.Errorf("%s mapped to %q, want %q", key, m[key], want)
		}
	}
	if !strings.Contains(wz.mapError.Text, "the file has no column name") {
		t.Errorf("the required name is not matched yet: %q", wz.mapError.Text)
	}
	// The person matches the name by hand; the preview follows.
	wz.choices["clients.name"].SetSelected("Company")
	if wz.mapError.Text != "" {
		t.Errorf("nothing should stop the import now: %q", wz.mapError.Text)
	}
	rows := wz.PreviewRows("clients")
	if len(rows) != 4 || rows[0][0] != "name" || rows[1][0] != "Alpenglück Touren GmbH" || !contains(rows[0], "credit_limit") ||
		rows[3][index(rows[0], "credit_limit")] != "1250,50" {
		t.Fatalf("preview:\n%q", rows)
	}
	wz.Next()
	if wz.Step() != stepCheck || len(wz.Problems()) != 0 || !strings.Contains(wz.Summary(), "All 3 rows can be imported") || wz.next.Disabled() {
		t.Fatalf("dry run: step %d, %q, %v", wz.Step(), wz.Summary(), wz.Problems())
	}
	if n := clientCount(t, book); n != 0 {
		t.Fatalf("the dry run wrote %d clients", n)
	}
	wz.Next()
	if wz.Step() != stepDone || !strings.Contains(wz.Done(), "Records created: clients 3.") || imported.Created != 3 {
		t.Fatalf("import: step %d, %q, %+v", wz.Step(), wz.Done(), imported)
	}
	if n := clientCount(t, book); n != 3 {
		t.Errorf("%d clients after the import, want 3", n)
	}
}

// The import runs in the background behind a progress bar with Cancel; an
// import cancelled writes nothing (it is one transaction) and says so.
func TestImportRunsInTheBackgroundAndCancels(t *testing.T) {
	wz, book := newWizard(t)
	wz.SetFiles("clients", file(t, "foreign.csv", foreign), "")
	wz.Next()
	wz.choices["clients.name"].SetSelected("Company")
	wz.Next()
	if wz.Step() != stepCheck {
		t.Fatalf("dry run: step %d, %q", wz.Step(), wz.Summary())
	}
	q, restore := kit.Queued()
	t.Cleanup(restore)
	wz.Next()
	if q.Len() != 1 || !wz.next.Disabled() || !wz.back.Disabled() || clientCount(t, book) != 0 {
		t.Fatalf("before the import runs: %d queued, Import off %v", q.Len(), wz.next.Disabled())
	}
	guitest.Answer(t, wz.win, "Cancel")
	q.Run()
	if wz.Step() != stepCheck || wz.Summary() != "Cancelled: nothing was written." || clientCount(t, book) != 0 || wz.next.Disabled() {
		t.Fatalf("after Cancel: step %d, %q, %d clients", wz.Step(), wz.Summary(), clientCount(t, book))
	}
	wz.Next()
	q.Run()
	if wz.Step() != stepDone || clientCount(t, book) != 3 {
		t.Errorf("imported again without Cancel: step %d, %d clients", wz.Step(), clientCount(t, book))
	}
}

func TestImportWizardListsEveryBadRowAndWritesNothing(t *testing.T) {
	wz, book := newWizard(t)
	bad := "name,status,currency,credit_limit,payment_terms_days\n" +
		"Good One,active,EUR,10.00,30\n" +
		"Bad Currency,active,XYZ,0,30\n" +
		",active,EUR,0,30\n" +
		"Slow Payer,active,EUR,0,soon\n"
	wz.SetFiles("clients", file(t, "bad.csv", bad), "")
	wz.Next()
	wz.Next()
	var got []string
	for _, p := range wz.Problems() {
		got = append(got, p.String())
	}
	want := []string{`row 2, column currency: "XYZ" is not an ISO 4217 currency code`, "row 3, column name: enter the client's name",
		`row 4, column payment_terms_days: "soon" is not a whole number`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("problems:\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(wz.Summary(), "3 problems in 4 rows") || !wz.next.Disabled() {
		t.Errorf("summary %q; Import must wait for a clean check", wz.Summary())
	}
	if wz.problems.Length() != 3 {
		t.Errorf("the list shows %d problems", wz.problems.Length())
	}
	if n := clientCount(t, book); n != 0 {
		t.Errorf("a failed check wrote %d clients", n)
	}
}

func TestImportWizardTakesInvoicesWithTheirLines(t *testing.T) {
	wz, book := newWizard(t)
	ctx := context.Background()
	if _, err := book.Import().Import(ctx, "clients", strings.NewReader("name,status,currency\nAcme GmbH,active,EUR\n"), domain.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	invoices := "id,number,status,client_name,issue_date,currency,total\n1,,draft,Acme GmbH,2027-03-01,EUR,150.00\n"
	lines := "document_id,description,quantity,unit_price\n1,Workshop,1,100.00\n1,Travel,1,50.00\n"
	os.WriteFile(filepath.Join(dir, "invoices.csv"), []byte(invoices), 0o600)
	os.WriteFile(filepath.Join(dir, "document_lines.csv"), []byte(lines), 0o600)
	wz.SetFiles("invoices", filepath.Join(dir, "invoices.csv"), "")
	if wz.details.Text != filepath.Join(dir, "document_lines.csv") {
		t.Fatalf("the lines beside the invoices are offered: %q", wz.details.Text)
	}
	wz.Next()
	if wz.Step() != stepColumns || len(wz.tabs.Items) != 2 {
		t.Fatalf("step %d with %d tabs: %q", wz.Step(), len(wz.tabs.Items), wz.fileError.Text)
	}
	if rows := wz.PreviewRows("document_lines"); len(rows) != 3 || rows[2][index(rows[0], "description")] != "Travel" {
		t.Errorf("lines preview %q", rows)
	}
	wz.Next()
	wz.Next()
	if wz.Step() != stepDone || !strings.Contains(wz.Done(), "Records created: invoices 1, document lines 2.") {
		t.Fatalf("step %d: %q %v", wz.Step(), wz.Done(), wz.Problems())
	}
	docs, _ := book.Documents().FindDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice})
	if len(docs) != 1 || docs[0].Total.Fixed() != "150.00" {
		t.Errorf("imported %+v", docs)
	}
}

func TestImportWizardNeedsAFile(t *testing.T) {
	wz, _ := newWizard(t)
	wz.Next()
	if wz.Step() != stepFile || wz.fileError.Text != "Choose the file to import." {
		t.Errorf("step %d, %q", wz.Step(), wz.fileError.Text)
	}
	wz.SetFiles("clients", filepath.Join(t.TempDir(), "missing.csv"), "")
	wz.Next()
	if wz.Step() != stepFile || !strings.Contains(wz.fileError.Text, "There is no file") {
		t.Errorf("step %d, %q", wz.Step(), wz.fileError.Text)
	}
}

func contains(s []string, v string) bool { return index(s, v) >= 0 }

func index(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// Invoice Ninja's client export (written from memory, data/testdata/import)
// with a report title and an export date above the column names: the lines
// are skipped, status is left out and defaults to active, an auto-matched
// column (Created At) is set to "(not in the file)", and the preview says
// which columns are ignored.
func TestImportWizardSkipsLinesIgnoresAndUnmaps(t *testing.T) {
	wz, book := newWizard(t)
	raw, err := os.ReadFile(filepath.Join("..", "..", "data", "testdata", "import", "invoiceninja_clients.csv"))
	if err != nil {
		t.Fatal(err)
	}
	wz.SetFiles("clients", file(t, "ninja.csv", "Clients\nExported 2027-03-01\n"+string(raw)), "")
	wz.skip.SetText("x")
	wz.Next()
	if wz.Step() != stepFile || !strings.Contains(wz.fileError.Text, "Lines to skip: write a number from 0 to 100") {
		t.Fatalf("a bad skip: step %d, %q", wz.Step(), wz.fileError.Text)
	}
	wz.skip.SetText("2")
	wz.Next()
	if wz.Step() != stepColumns {
		t.Fatalf("still on step %d: %q", wz.Step(), wz.fileError.Text)
	}
	if m := wz.Mapping(); m["clients.created_at"] != "Created At" || m["clients.currency"] != "Currency" || m["clients.status"] != "" {
		t.Fatalf("suggested %v", m)
	}
	wz.choices["clients.name"].SetSelected("Name")
	wz.choices["clients.created_at"].SetSelected(notInFile)
	if got := wz.ignored["clients"].Text; !strings.HasPrefix(got, "Ignored, read into nothing: Number, Balance,") ||
		!strings.HasSuffix(got, "Contact Phone, Created At.") {
		t.Errorf("ignored: %q", got)
	}
	wz.Next()
	if wz.Step() != stepCheck || len(wz.Problems()) != 0 {
		t.Fatalf("dry run: step %d, %v (%q)", wz.Step(), wz.Problems(), wz.mapError.Text)
	}
	wz.Next()
	if clientCount(t, book) != 2 {
		t.Fatalf("%d clients after the import: %s", clientCount(t, book), wz.Done())
	}
	cs, _ := book.Clients().FindClients(context.Background(), domain.ClientFilter{Search: "Cobalt"})
	if len(cs) != 1 || cs[0].Status != domain.StatusActive {
		t.Errorf("Cobalt: %+v", cs)
	}
}

// Choosing a column reads the preview again off the UI goroutine; of two
// choices made before a read ends, only the last one's preview shows.
func TestPreviewIsReadInTheBackground(t *testing.T) {
	wz, _ := newWizard(t)
	wz.SetFiles("clients", file(t, "foreign.csv", foreign), "")
	wz.Next()
	if wz.Step() != stepColumns || !strings.Contains(wz.mapError.Text, "the file has no column name") {
		t.Fatalf("step %d, %q", wz.Step(), wz.mapError.Text)
	}
	q, restore := kit.Queued()
	t.Cleanup(restore)
	wz.choices["clients.name"].SetSelected("STATUS")
	wz.choices["clients.name"].SetSelected("Company")
	if q.Len() != 2 || !strings.Contains(wz.mapError.Text, "the file has no column name") {
		t.Fatalf("before the reads ran: %d queued, %q", q.Len(), wz.mapError.Text)
	}
	q.Run()
	rows := wz.PreviewRows("clients")
	if wz.mapError.Text != "" || len(rows) != 4 || rows[1][0] != "Alpenglück Touren GmbH" {
		t.Errorf("after the reads: %q, preview %q", wz.mapError.Text, rows)
	}
}
