package collections

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/guitest"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// newPanel opens a book with a client in NOK who has one issued invoice,
// INV-2027-00001 for 1,000.00 NOK, and a panel over it on 2027-04-12.
func newPanel(t *testing.T) (*Panel, *data.Book, *domain.Client, *domain.Document) {
	t.Helper()
	test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	ctx := context.Background()
	c := &domain.Client{Name: "Brønnøy Ferries", Status: domain.StatusActive, Currency: "NOK", CreditLimit: money.Zero("NOK"),
		Billing:  domain.Address{Line1: "Kaia 1", City: "Brønnøysund", Country: "Norway"},
		Contacts: []domain.Contact{{Name: "Ingrid Dahl", Email: "ingrid@ferry.example", Primary: true}}}
	if err := book.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), domain.NewDate(2027, 3, 1))
	d.DueDate = domain.NewDate(2027, 3, 31)
	d.Lines = []domain.Line{{Description: "Ferry tickets", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.NewFromInt(1000)}}
	if err := book.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	inv, _, err := book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	p := New(book.Collections(), book.Documents(), w)
	p.now = func() time.Time { return time.Date(2027, 4, 12, 9, 30, 0, 0, time.Local) }
	w.SetContent(p.Object())
	w.Resize(fyne.NewSize(1000, 760))
	p.Show(c)
	return p, book, c, inv
}

func stored(t *testing.T, book *data.Book, c *domain.Client) []domain.CollectionEntry {
	t.Helper()
	es, err := book.Collections().FindCollectionEntries(context.Background(), domain.CollectionFilter{ClientID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// cells is row i as the table shows it, by column key.
func cells(p *Panel, i int) map[string]string {
	out := map[string]string{}
	texts := p.table.RowTexts(i)
	for j, k := range p.table.ColumnKeys() {
		out[k] = texts[j]
	}
	return out
}

// kind is row i's kind as shown and its colour.
func kind(p *Panel, i int) (string, widget.Importance) {
	e, _ := p.table.Row(i)
	return cells(p, i)["kind"], kindImportance(e)
}

func TestLogAPromiseToPay(t *testing.T) {
	p, book, c, inv := newPanel(t)
	if p.kind.Selected != "Call" || p.on.Text != "2027-04-12" || p.invoice.Selected != wholeAccount ||
		!p.promisedDate.Disabled() || !p.promisedAmount.Disabled() || p.table.EmptyText() == "" {
		t.Errorf("a new entry's form: kind %q, on %q, invoice %q", p.kind.Selected, p.on.Text, p.invoice.Selected)
	}
	if len(p.invoice.Options) != 2 || !strings.HasPrefix(p.invoice.Options[1], inv.Number+" · 1,000.00 NOK · due 2027-03-31") {
		t.Errorf("invoices offered: %q", p.invoice.Options)
	}
	p.kind.SetSelected("Promise to pay")
	p.invoice.SetSelectedIndex(1)
	if p.promisedDate.Disabled() || p.fields["promisedAmount"].Label.Text != "Promised amount (NOK)" {
		t.Errorf("a promise: date disabled %v, amount label %q", p.promisedDate.Disabled(), p.fields["promisedAmount"].Label.Text)
	}
	test.Type(p.text, "Ingrid will pay on the next payment run")
	p.promisedDate.SetText("2027-04-20")
	test.Type(p.promisedAmount, "1,000")
	test.Tap(p.add)

	es := stored(t, book, c)
	if len(es) != 1 {
		t.Fatalf("stored %d entries", len(es))
	}
	e := es[0]
	if e.Kind != domain.CollectionPromise || e.DocumentID != inv.ID || e.On != domain.NewDate(2027, 4, 12) ||
		e.PromisedDate != domain.NewDate(2027, 4, 20) || e.PromisedAmount.String() != "1,000.00 NOK" ||
		e.Text != "Ingrid will pay on the next payment run" {
		t.Errorf("stored %+v", e)
	}
	row := cells(p, 0)
	if k, imp := kind(p, 0); k != "Promise to pay" || imp != widget.HighImportance || row["on"] != "2027-04-12" || row["invoice"] != inv.Number ||
		row["promised_amount"] != "1,000.00" || row["currency"] != "NOK" || row["promised_date"] != "2027-04-20" ||
		row["text"] != "Ingrid will pay on the next payment run" {
		t.Errorf("row: %q", row)
	}
	if p.table.EmptyText() != "" || p.text.Text != "" || p.kind.Selected != "Call" || !p.promisedAmount.Disabled() {
		t.Error("the form is not ready for the next entry")
	}
}

func TestBadEntryShowsFieldErrorsAndStoresNothing(t *testing.T) {
	p, book, c, _ := newPanel(t)
	p.on.SetText("yesterday")
	p.kind.SetSelected("Dispute") // about the whole account: refused
	test.Tap(p.add)
	for key, want := range map[string]string{
		"on":      "Enter the day as YYYY-MM-DD.",
		"text":    "Say what happened, e.g. Spoke to accounts; payment run on Friday.",
		"invoice": "Choose the invoice the client disputes.",
	} {
		if got := p.fields[key].Error.Text; got != want || !p.fields[key].Error.Visible() {
			t.Errorf("%s: %q, want %q", key, got, want)
		}
	}
	p.kind.SetSelected("Promise to pay")
	p.on.SetText("2027-04-12")
	p.text.SetText("Will pay")
	p.promisedDate.SetText("2027-04-01")
	p.promisedAmount.SetText("12.345")
	test.Tap(p.add)
	if got := p.fields["promisedAmount"].Error.Text; !strings.Contains(got, "NOK amounts have") {
		t.Errorf("amount: %q", got)
	}
	if got := p.fields["promisedDate"].Error.Text; !strings.Contains(got, "before the day of the promise") {
		t.Errorf("promised date: %q", got)
	}
	if p.fields["on"].Error.Visible() || p.fields["text"].Error.Visible() || p.fields["invoice"].Error.Visible() {
		t.Error("fixed fields still show their problems")
	}
	if es := stored(t, book, c); len(es) != 0 {
		t.Errorf("bad input stored %+v", es)
	}
	if p.text.Text != "Will pay" {
		t.Error("what was typed is kept to fix")
	}
}

func TestResolveADispute(t *testing.T) {
	p, book, c, inv := newPanel(t)
	p.kind.SetSelected("Dispute")
	p.invoice.SetSelectedIndex(1)
	p.on.SetText("2027-04-05")
	p.text.SetText("Says two tickets were never used")
	if !p.Save() {
		t.Fatal("not saved")
	}
	if !strings.Contains(p.summary.Text, "On hold, disputed: "+inv.Number) {
		t.Errorf("summary %q", p.summary.Text)
	}
	if k, imp := kind(p, 0); k != "Dispute · on hold" || imp != widget.DangerImportance {
		t.Errorf("kind %q %v", k, imp)
	}
	p.table.List().Select(0)
	if p.resolving == nil || p.resolvedOn.Text != "2027-04-12" {
		t.Fatalf("selecting an open dispute asks how it was resolved: %+v", p.resolving)
	}
	if p.ConfirmResolve() || p.resolveField["resolution"].Error.Text != "Say how the dispute was resolved." {
		t.Errorf("resolved without saying how: %q", p.resolveField["resolution"].Error.Text)
	}
	p.resolvedOn.SetText("2027-04-01")
	p.resolution.SetText("Credit note for two tickets")
	if p.ConfirmResolve() || !strings.Contains(p.resolveField["resolvedOn"].Error.Text, "before it was raised") {
		t.Errorf("resolved before it was raised: %q", p.resolveField["resolvedOn"].Error.Text)
	}
	if es := stored(t, book, c); !es[0].OnHold() {
		t.Fatal("a refused resolution was stored")
	}
	p.resolvedOn.SetText("2027-04-12")
	if !p.ConfirmResolve() {
		t.Fatalf("not resolved: %q", p.resolveField["resolvedOn"].Error.Text)
	}
	es := stored(t, book, c)
	if es[0].OnHold() || es[0].Resolution != "Credit note for two tickets" || es[0].ResolvedOn != domain.NewDate(2027, 4, 12) {
		t.Errorf("stored %+v", es[0])
	}
	if k, _ := kind(p, 0); k != "Dispute · resolved" || cells(p, 0)["resolved_on"] != "2027-04-12" ||
		cells(p, 0)["resolution"] != "Credit note for two tickets" {
		t.Errorf("resolved row %q", cells(p, 0))
	}
	if !strings.HasPrefix(p.summary.Text, "No open disputes") {
		t.Errorf("summary %q", p.summary.Text)
	}
	p.table.List().Select(0)
	if p.resolving != nil {
		t.Error("a resolved dispute is asked about again")
	}
}

func TestUnsavedClientShowsHint(t *testing.T) {
	p, _, _, _ := newPanel(t)
	p.Show(&domain.Client{Name: "New"})
	if !p.pane.Hinted() || p.Save() {
		t.Error("an unsaved client has no collection log")
	}
}

func TestUnsavedCollectionEntryIsNotDroppedWithoutAsking(t *testing.T) {
	p, book, c, _ := newPanel(t)
	if p.Dirty() {
		t.Fatal("a fresh form has nothing to save")
	}
	p.text.SetText("Called; will pay on Friday")
	left := 0
	p.ConfirmLeave(func() { left++ })
	guitest.Answer(t, p.win, "Cancel")
	if left != 0 || p.text.Text != "Called; will pay on Friday" {
		t.Fatalf("Cancel: left %d, text %q", left, p.text.Text)
	}
	p.Show(c) // the same client read again, as after saving its details
	if p.text.Text == "" {
		t.Fatal("reading the same client again dropped the typed entry")
	}
	p.ConfirmLeave(func() { left++ })
	guitest.Answer(t, p.win, "Save")
	if left != 1 || len(stored(t, book, c)) != 1 || p.Dirty() {
		t.Fatalf("Save: left %d, %d stored, dirty %v", left, len(stored(t, book, c)), p.Dirty())
	}
}

// A click on a header sorts the log by that column, and Export CSV… writes
// the columns shown in the order shown.
func TestHeaderClickSortsAndExportWritesTheColumnsShown(t *testing.T) {
	p, book, c, inv := newPanel(t)
	t.Cleanup(widgets.RunInline())
	p.SetExport(book.Export())
	ctx := context.Background()
	for i, amount := range []string{"300", "100", "200"} {
		e := &domain.CollectionEntry{ClientID: c.ID, DocumentID: inv.ID, Kind: domain.CollectionPromise, On: domain.NewDate(2027, 4, 1+i),
			Text: "Promised " + amount, PromisedDate: domain.NewDate(2027, 4, 20), PromisedAmount: money.Money{Amount: decimal.RequireFromString(amount), Currency: "NOK"}}
		if err := book.Collections().AddCollectionEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	p.Refresh()
	column := func(key string) string {
		var out []string
		for i := range p.table.Total() {
			out = append(out, cells(p, i)[key])
		}
		return strings.Join(out, ",")
	}
	if got := column("promised_amount"); got != "200.00,100.00,300.00" {
		t.Fatalf("latest first: %s", got)
	}
	p.table.TapHeader(4)
	if got := column("promised_amount"); p.table.HeaderText(4) != "Promised ▲" || got != "100.00,200.00,300.00" {
		t.Errorf("by amount (%q): %s", p.table.HeaderText(4), got)
	}
	path := filepath.Join(t.TempDir(), "log.csv")
	widgets.WriteCSVFile(p.win, path, domain.ExportFormat{}, p.WriteCSV)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(p.table.ColumnKeys(), ",") || len(recs) != 4 {
		t.Fatalf("the file's columns %q, the table's %q", recs[0], p.table.ColumnKeys())
	}
	if recs[1][1] != string(domain.CollectionPromise) || recs[1][2] != inv.Number || recs[1][4] != "100.00" || recs[3][4] != "300.00" || recs[1][5] != "NOK" {
		t.Errorf("the file:\n%q", recs)
	}
}

// A step logged anywhere (here straight through the book) shows in the log
// without anyone refreshing it; what is typed in the form stays.
func TestEntryAddedElsewhereShowsInTheLog(t *testing.T) {
	p, book, c, _ := newPanel(t)
	stop := p.Watch(book)
	defer stop()
	p.text.SetText("Half typed")
	e := &domain.CollectionEntry{ClientID: c.ID, Kind: domain.CollectionEmail, On: domain.NewDate(2027, 4, 11), Text: "Sent a reminder by hand"}
	if err := book.Collections().AddCollectionEntry(context.Background(), e); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 200 && len(p.Rows()) == 0; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if len(p.Rows()) != 1 || cells(p, 0)["text"] != "Sent a reminder by hand" {
		t.Fatalf("the log shows %d entries", len(p.Rows()))
	}
	if p.text.Text != "Half typed" {
		t.Errorf("the typed entry went: %q", p.text.Text)
	}
}
