package invoices

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/data/pdf"
	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/guitest"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

type fixture struct {
	s      *Screen
	book   *data.Book
	w      fyne.Window
	client *domain.Client
	vat    domain.TaxRate
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	ctx := context.Background()
	c := &domain.Client{Name: "Ørsted Façades GmbH", Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: 14,
		CreditLimit: money.Zero("EUR"), Billing: domain.Address{Line1: "Hafenstraße 3", City: "Kiel", Country: "Germany"}}
	if err := book.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	vat := domain.TaxRate{Name: "VAT", Percent: decimal.NewFromInt(19)}
	if err := book.Catalog().CreateTaxRate(ctx, &vat); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	s := NewScreen(book, w)
	s.SetRenderer(pdf.Renderer{})
	s.editor.today = func() domain.Date { return domain.NewDate(2027, 3, 1) }
	w.SetContent(s.Object())
	w.Resize(fyne.NewSize(1280, 800))
	return &fixture{s: s, book: book, w: w, client: c, vat: vat}
}

func button(o fyne.CanvasObject, text string) *widget.Button {
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	return nil
}

func tap(t *testing.T, o fyne.CanvasObject, text string) {
	t.Helper()
	b := button(o, text)
	if b == nil {
		t.Fatalf("no visible %q button", text)
	}
	test.Tap(b)
}

// typeLine fills line i of the editor.
func typeLine(e *Editor, i int, desc, qty, price string, taxes ...domain.TaxLine) {
	r := e.lines[i]
	r.desc.SetText(desc)
	r.qty.SetText(qty)
	r.price.SetText(price)
	r.taxes = taxes
	r.updateTaxText()
	e.changed()
}

func TestBuildAnInvoiceWithTwoLinesAndSeeTheTotal(t *testing.T) {
	f := newFixture(t)
	if f.s.EditorShown() {
		t.Fatal("the screen opens on the list")
	}
	if f.s.table.Total() != 0 || !shows(f.s.Object(), "No invoices yet") {
		t.Errorf("empty state: %q", f.s.table.Empty)
	}
	tap(t, f.s.Object(), "New invoice")
	e := f.s.editor
	if !f.s.EditorShown() || e.title.Text != "New invoice" || len(e.lines) != 1 {
		t.Fatalf("new invoice: shown=%v title=%q lines=%d", f.s.EditorShown(), e.title.Text, len(e.lines))
	}
	// Type-ahead: part of the name, without accents, offers the client.
	test.Type(e.picker.Entry, "orsted")
	if opts := e.picker.Options(); len(opts) != 1 || opts[0] != f.client.Name {
		t.Fatalf("client options %v", opts)
	}
	e.picker.Entry.SetText(f.client.Name)
	if e.client == nil || e.dueDate.Text != "2027-03-15" || e.currency.Text != "EUR" {
		t.Fatalf("picking the client: client=%v due=%q currency=%q", e.client, e.dueDate.Text, e.currency.Text)
	}
	typeLine(e, 0, "Façade inspection", "2.5", "1,240.00", f.vat.Line())
	tap(t, e.Object(), "Add line")
	typeLine(e, 1, "Drone survey", "1", "399.99", f.vat.Line())
	// 2.5 × 1,240.00 = 3,100.00; + 399.99 = 3,499.99; VAT 19 %: 589.00 + 76.00 = 665.00; total 4,164.99.
	if got := e.TotalText(); got != "4,164.99" {
		t.Fatalf("total shows %q, want 4,164.99", got)
	}
	if e.lines[0].amount.Text != "3,100.00" || e.lines[1].amount.Text != "399.99" {
		t.Errorf("line amounts %q %q", e.lines[0].amount.Text, e.lines[1].amount.Text)
	}
	tap(t, e.Object(), "Save draft")
	if e.doc.ID == 0 || e.Dirty() {
		t.Fatalf("not saved: %+v", e.doc)
	}
	stored, err := f.book.Documents().FindDocumentByID(context.Background(), e.doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	tot, _ := stored.Totals()
	if !tot.Total.Equal(decimal.RequireFromString("4164.99")) || len(stored.Lines) != 2 || stored.ClientID != f.client.ID {
		t.Fatalf("stored %+v total %v", stored, tot.Total)
	}
	if f.s.table.Total() != 1 {
		t.Errorf("the list shows %d documents after saving", f.s.table.Total())
	}
}

func TestBadLineInputShowsMessagesAndSavesNothing(t *testing.T) {
	f := newFixture(t)
	f.s.NewFor(domain.KindInvoice, f.client)
	e := f.s.editor
	typeLine(e, 0, "Consulting", "two", "100")
	if e.TotalText() != "—" {
		t.Errorf("with an unreadable quantity the total shows %q, want a dash", e.TotalText())
	}
	if e.Save() {
		t.Fatal("saved with a quantity of \"two\"")
	}
	if !e.lines[0].errs.Visible() || !strings.Contains(e.lines[0].errs.Text, `"two" is not a quantity; write it like 1 or 2.5.`) {
		t.Errorf("line message %q", e.lines[0].errs.Text)
	}
	typeLine(e, 0, "", "1", "100.001")
	if e.Save() {
		t.Fatal("saved with three decimals in a EUR price")
	}
	if !strings.Contains(e.lines[0].errs.Text, "decimal") {
		t.Errorf("price message %q", e.lines[0].errs.Text)
	}
	e.issueDate.SetText("2027-02-30")
	e.Save()
	if e.fields["issueDate"].Error.Text == "" {
		t.Error("an impossible date should be reported at the issue date")
	}
	if n, _ := f.book.Documents().CountDocuments(context.Background(), domain.DocumentFilter{}); n != 0 {
		t.Errorf("%d documents were stored", n)
	}
	// Description missing is the domain's rule, reported under the line.
	e.issueDate.SetText("2027-03-01")
	typeLine(e, 0, " ", "1", "100")
	if e.Save() || !strings.Contains(e.lines[0].errs.Text, "Line 1: enter a description") {
		t.Errorf("empty description: %q", e.lines[0].errs.Text)
	}
}

func TestIssueShowsFindingsThenLocks(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.client.RequiresPO = true
	if err := f.book.Clients().UpdateClient(ctx, f.client); err != nil {
		t.Fatal(err)
	}
	f.s.NewFor(domain.KindInvoice, f.client)
	e := f.s.editor
	typeLine(e, 0, "Audit", "1", "500", f.vat.Line())
	tap(t, e.Object(), "Issue…")
	top := f.w.Canvas().Overlays().Top()
	if top == nil || button(top, "Back to the invoice") == nil {
		t.Fatal("a missing PO should show a dialog that only goes back")
	}
	if e.fields["poNumber"].Error.Text == "" {
		t.Error("the PO field should say what is missing")
	}
	test.Tap(button(top, "Back to the invoice"))
	e.po.SetText("PO-77")
	tap(t, e.Object(), "Issue…")
	top = f.w.Canvas().Overlays().Top()
	if top == nil || button(top, "Issue invoice") == nil {
		t.Fatal("issuing asks for confirmation")
	}
	test.Tap(button(top, "Issue invoice"))
	if e.doc.Status != domain.DocIssued || e.doc.Number != "INV-2027-00001" || e.title.Text != "Invoice INV-2027-00001" {
		t.Fatalf("after issuing: %+v title %q", e.doc, e.title.Text)
	}
	if !e.viewBody.Visible() || e.editBody.Visible() {
		t.Error("an issued invoice is shown read-only")
	}
	for _, want := range []string{"Export PDF…", "Duplicate", "Credit note…", "Void…"} {
		if button(e.actions, want) == nil {
			t.Errorf("no %q action on an issued invoice", want)
		}
	}
	if button(e.actions, "Save draft") != nil || e.Save() {
		t.Error("an issued invoice cannot be saved")
	}
	pdfPath := filepath.Join(t.TempDir(), "inv.pdf")
	if err := e.WritePDF(pdfPath); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command("pdftotext", pdfPath, "-").Output()
		if err != nil || !strings.Contains(string(text), "INV-2027-00001") || !strings.Contains(string(text), "Ørsted Façades GmbH") {
			t.Errorf("the PDF does not read back as the invoice (%v):\n%s", err, text)
		}
	}
	e.SetRenderer(nil)
	if err := e.WritePDF(pdfPath + "2"); err != domain.ErrNoRenderer {
		t.Errorf("without a renderer WritePDF says %v", err)
	}
	e.SetRenderer(pdf.Renderer{})

	// Export PDF… writes off the UI goroutine: nothing is written while the
	// work waits; then the file is there and "PDF saved" says so.
	old := chooseSave
	chooseSave = func(_ fyne.Window, name, ext string, save func(string)) { save(pdfPath + "3") }
	q, restore := kit.Queued()
	e.exportPDF()
	if _, err := os.Stat(pdfPath + "3"); err == nil || q.Len() != 1 {
		t.Errorf("the PDF was written before its work ran (%d waiting)", q.Len())
	}
	q.Run()
	restore()
	chooseSave = old
	if b, err := os.ReadFile(pdfPath + "3"); err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Errorf("Export PDF… wrote no PDF (%v)", err)
	}
	if top := f.w.Canvas().Overlays().Top(); top == nil {
		t.Error("no \"PDF saved\" notice")
	} else {
		top.Hide()
	}
	// Duplicate opens a new draft with the same lines.
	tap(t, e.actions, "Duplicate")
	if e.doc.Status != domain.DocDraft || e.doc.ID == 0 || len(e.lines) != 1 || e.lines[0].desc.Text != "Audit" {
		t.Errorf("duplicate: %+v", e.doc)
	}
}

func TestListFiltersAndSearch(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	docs := f.book.Documents()
	for i, po := range []string{"PO-1", "PO-2", "PO-3"} {
		d := domain.NewDraft(domain.KindInvoice, f.client, domain.DefaultCompany(), domain.NewDate(2027, 1, 10+i))
		d.PONumber = po
		d.Lines = []domain.Line{{Description: "Work", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.NewFromInt(int64(100 * (i + 1)))}}
		if err := docs.CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			if _, _, err := docs.Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.s.Refresh()
	if f.s.table.Total() != 3 || f.s.count.Text != "3 invoices" {
		t.Fatalf("list %d %q", f.s.table.Total(), f.s.count.Text)
	}
	f.s.status.SetSelected("Draft")
	if f.s.table.Total() != 1 {
		t.Errorf("drafts: %d", f.s.table.Total())
	}
	f.s.status.SetSelected("Any status")
	test.Type(f.s.search, "po-2")
	if f.s.table.Total() != 1 {
		t.Errorf("search PO-2: %d", f.s.table.Total())
	}
	r, _ := f.s.table.Row(0)
	if r.Number != "INV-2027-00002" || !r.Total.Amount.Equal(decimal.NewFromInt(200)) {
		t.Errorf("row %+v", r)
	}
	f.s.search.SetText("")
	f.s.from.SetText("2027-01-11")
	f.s.Refresh()
	if f.s.table.Total() != 2 {
		t.Errorf("from 2027-01-11: %d", f.s.table.Total())
	}
	f.s.to.SetText("2027-13-01")
	f.s.Refresh()
	if !f.s.rangeError.Visible() {
		t.Error("a bad To date should be pointed out")
	}
	f.s.from.SetText("")
	f.s.to.SetText("")
	f.s.kind.SetSelected("Quotes")
	if f.s.table.Total() != 0 || !shows(f.s.Object(), "No quotes yet.") {
		t.Errorf("no quotes: %d, empty state %q", f.s.table.Total(), f.s.table.Empty)
	}
}

func TestExportTheListAsShown(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(widgets.RunInline())
	ctx := context.Background()
	for i, po := range []string{"=cmd|' /C calc'!A0", "PO-2"} {
		d := domain.NewDraft(domain.KindInvoice, f.client, domain.DefaultCompany(), domain.NewDate(2027, 1, 10+i))
		d.PONumber = po
		d.Lines = []domain.Line{{Description: "Work", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.RequireFromString("99.95")}}
		if err := f.book.Documents().CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	f.s.Refresh()
	test.Type(f.s.search, "po-2")
	path := filepath.Join(t.TempDir(), "docs.csv")
	widgets.WriteCSVFile(f.w, path, domain.ExportFormat{}, f.writeCSV)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\r\n")
	if len(lines) != 2 || !strings.Contains(lines[1], ",PO-2,99.95,,EUR") {
		t.Fatalf("filtered export:\n%s", b)
	}
	f.s.search.SetText("")
	f.s.Refresh()
	widgets.WriteCSVFile(f.w, path, domain.ExportFormat{}, f.writeCSV)
	b, _ = os.ReadFile(path)
	if !strings.Contains(string(b), `'=cmd|' /C calc'!A0`) {
		t.Errorf("a formula in a PO number must be neutralised:\n%s", b)
	}
	// Cancelling leaves the earlier file as it was and no temporary file.
	widgets.WriteCSVFile(f.w, path, domain.ExportFormat{}, func(w io.Writer, _ domain.ExportFormat, progress func(int) bool) error {
		io.WriteString(w, "half")
		progress(0)
		return domain.Errorf(domain.ECONFLICT, "The export was cancelled.")
	})
	after, _ := os.ReadFile(path)
	if string(after) != string(b) {
		t.Error("a failed export changed the file")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("left files behind: %v", entries)
	}
}

// An issued invoice shows what was paid against it, payment by payment, and
// what is still open.
func TestIssuedInvoiceShowsItsPayments(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	d := domain.NewDraft(domain.KindInvoice, f.client, domain.DefaultCompany(), domain.NewDate(2027, 1, 10))
	d.DueDate = domain.NewDate(2027, 6, 30)
	d.Lines = []domain.Line{{Description: "Audit", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.RequireFromString("1000.00")}}
	if err := f.book.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	inv, _, err := f.book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatal(err)
	}
	f.s.Open(inv.ID)
	e := f.s.editor
	if e.paymentsSummary == nil || e.paymentsSummary.Text != "Paid 0.00, credited 0.00, open 1,000.00 EUR — not due yet." {
		t.Fatalf("before any payment: %+v", e.paymentsSummary)
	}
	if !hasLabel(e.viewBody, "No payment has been set against this invoice yet.") {
		t.Error("an unpaid invoice says so")
	}
	for _, p := range []*domain.Payment{
		{ClientID: f.client.ID, Date: domain.NewDate(2027, 1, 20), Amount: money.Money{Amount: decimal.RequireFromString("400.00"), Currency: "EUR"},
			Method: domain.MethodBankTransfer, Reference: "SEPA 4471",
			Allocations: []domain.Allocation{{DocumentID: inv.ID, Amount: decimal.RequireFromString("400.00")}}},
		{ClientID: f.client.ID, Date: domain.NewDate(2027, 2, 3), Amount: money.Money{Amount: decimal.RequireFromString("700.00"), Currency: "EUR"},
			Method: domain.MethodCard, Reference: "Card 0042",
			Allocations: []domain.Allocation{{DocumentID: inv.ID, Amount: decimal.RequireFromString("500.00")}}},
	} {
		if err := f.book.Payments().CreatePayment(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	f.s.Open(inv.ID)
	if got := e.paymentsSummary.Text; got != "Paid 900.00, credited 0.00, open 100.00 EUR — partially paid." {
		t.Errorf("summary %q", got)
	}
	for _, want := range []string{"2027-02-03", "Card 0042", "500.00", "700.00 EUR", "2027-01-20", "SEPA 4471", "400.00", "400.00 EUR"} {
		if !hasLabel(e.viewBody, want) {
			t.Errorf("no %q among the payments", want)
		}
	}
}

// writeCSV is what the list's Export CSV… writes.
func (f *fixture) writeCSV(w io.Writer, format domain.ExportFormat, progress func(rows int) bool) error {
	return f.s.table.WriteCSV(f.book.Export(), w, format, progress)
}

// shows reports whether a visible label under o has text containing s.
func shows(o fyne.CanvasObject, s string) bool {
	for _, c := range test.LaidOutObjects(o) {
		if l, ok := c.(*widget.Label); ok && strings.Contains(l.Text, s) && l.Visible() {
			return true
		}
	}
	return false
}

func hasLabel(o fyne.CanvasObject, text string) bool {
	for _, c := range test.LaidOutObjects(o) {
		if l, ok := c.(*widget.Label); ok && l.Text == text && l.Visible() {
			return true
		}
	}
	return false
}

// A draft with edits is not dropped without asking: leaving for the list
// asks; Cancel stays in the editor, Discard changes leaves and stores
// nothing, and Save stores the draft before leaving.
func TestEditsInTheEditorAreNotDroppedWithoutAsking(t *testing.T) {
	f := newFixture(t)
	drafts := func() int {
		ds, err := f.book.Documents().FindDocuments(context.Background(), domain.DocumentFilter{Kind: domain.KindInvoice})
		if err != nil {
			t.Fatal(err)
		}
		return len(ds)
	}
	edit := func() {
		f.s.NewFor(domain.KindInvoice, f.client)
		typeLine(f.s.editor, 0, "Façade survey", "2", "450.00")
		if !f.s.editor.Dirty() {
			t.Fatal("typing a line does not mark the draft edited")
		}
	}
	edit()
	f.s.ShowClient(nil)
	if !f.s.EditorShown() {
		t.Fatal("the editor with edits was left without asking")
	}
	guitest.Answer(t, f.w, "Cancel")
	if !f.s.EditorShown() || !f.s.editor.Dirty() {
		t.Fatal("Cancel left the editor or dropped the edits")
	}
	f.s.ShowClient(nil)
	guitest.Answer(t, f.w, "Discard changes")
	if f.s.EditorShown() || drafts() != 0 || f.s.editor.Dirty() {
		t.Fatalf("after Discard changes: editor shown %v, %d documents stored, still dirty %v", f.s.EditorShown(), drafts(), f.s.editor.Dirty())
	}
	edit() // New asks nothing about the edits discarded
	if top := f.w.Canvas().Overlays().Top(); top != nil {
		t.Fatal("New asked about edits already discarded")
	}
	f.s.ShowClient(nil)
	guitest.Answer(t, f.w, "Save")
	if f.s.EditorShown() || drafts() != 1 {
		t.Errorf("after Save: editor shown %v, %d documents stored", f.s.EditorShown(), drafts())
	}
}

// Listing a client's documents filters the list at once and reads the
// client's name for the chip off the UI goroutine.
func TestClientChipReadsTheNameInTheBackground(t *testing.T) {
	f := newFixture(t)
	q, restore := kit.Queued()
	t.Cleanup(restore)
	f.s.ShowFilter(domain.DocumentFilter{ClientID: f.client.ID})
	if !f.s.clientChip.Visible() || f.s.clientLabel.Text != "Client: …" || f.s.Filter().ClientID != f.client.ID {
		t.Fatalf("while the name is read: chip %v %q, filter %+v", f.s.clientChip.Visible(), f.s.clientLabel.Text, f.s.Filter())
	}
	q.Run()
	if f.s.clientLabel.Text != "Client: "+f.client.Name {
		t.Errorf("chip %q after the read", f.s.clientLabel.Text)
	}
	// A client that is not there: said, and the filter goes.
	f.s.ShowFilter(domain.DocumentFilter{ClientID: 999})
	q.Run()
	if f.s.clientChip.Visible() || f.s.Filter().ClientID != 0 {
		t.Errorf("an unknown client left chip %v, filter %+v", f.s.clientChip.Visible(), f.s.Filter())
	}
	if top := f.w.Canvas().Overlays().Top(); top == nil {
		t.Error("an unknown client was not said")
	}
}
