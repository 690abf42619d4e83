package contracts

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

func newScreen(t *testing.T) (*Screen, *data.Book, *domain.Client, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	c := &domain.Client{Name: "Halvorsen Hosting", Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: 14,
		CreditLimit: money.Zero("EUR"), Billing: domain.Address{Line1: "Kai 1", City: "Bergen", Country: "Norway"}}
	if err := book.Clients().CreateClient(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	s := NewScreen(book, w)
	s.today = func() domain.Date { return domain.NewDate(2028, 1, 31) }
	s.form.Load(nil)
	w.SetContent(s.Object())
	w.Resize(fyne.NewSize(1280, 800))
	return s, book, c, w
}

func button(o fyne.CanvasObject, text string) *widget.Button {
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	return nil
}

// fill types a monthly contract from 31 January 2028 for 95.00 a month.
func fill(f *Form, c *domain.Client) {
	f.client.SetClient(c)
	f.client.OnChanged(c)
	f.name.SetText("Managed hosting")
	f.currency.SetText("EUR")
	f.value.SetText("1,140.00")
	f.start.SetText("2028-01-31")
	f.end.SetText("2029-01-30")
	f.billDay.SetText("31")
	f.lines[0].desc.SetText("Hosting")
	f.lines[0].qty.SetText("1")
	f.lines[0].price.SetText("95.00")
}

func TestCreateAContractAndGenerateItsInvoices(t *testing.T) {
	s, book, c, w := newScreen(t)
	fill(s.form, c)
	if !s.form.Save() {
		t.Fatalf("not saved: %+v", s.form.edits.Fields["start"].Error.Text)
	}
	if len(s.Rows()) != 1 || s.Rows()[0].Title != "Managed hosting" || CycleText(&s.Rows()[0]) != "Monthly, in advance, on the last day" {
		t.Fatalf("list %+v", s.Rows())
	}
	// Through 29 February 2028: January and February are due, each once.
	s.today = func() domain.Date { return domain.NewDate(2028, 2, 29) }
	s.runBilling(s.today())
	top := w.Canvas().Overlays().Top()
	if top == nil || button(top, "Close") == nil {
		t.Fatal("the run shows what it made")
	}
	docs, _ := book.Documents().FindDocuments(context.Background(), domain.DocumentFilter{Kind: domain.KindInvoice})
	if len(docs) != 2 {
		t.Fatalf("%d invoices, want 2", len(docs))
	}
	s.runBilling(s.today())
	docs, _ = book.Documents().FindDocuments(context.Background(), domain.DocumentFilter{Kind: domain.KindInvoice})
	if len(docs) != 2 {
		t.Errorf("running again made more: %d", len(docs))
	}
	s.form.Load(&s.Rows()[0])
	if !strings.Contains(s.form.history.Text, "2 periods") {
		t.Errorf("history %q", s.form.history.Text)
	}
}

func TestBadContractInputIsRefusedAtTheField(t *testing.T) {
	s, book, c, _ := newScreen(t)
	fill(s.form, c)
	s.form.start.SetText("31/01/2028")
	s.form.billDay.SetText("32")
	s.form.lines[0].price.SetText("95.001")
	if s.form.Save() {
		t.Fatal("saved bad input")
	}
	if s.form.edits.Fields["start"].Error.Text == "" || !s.form.lines[0].errs.Visible() {
		t.Errorf("start %q, line %q", s.form.edits.Fields["start"].Error.Text, s.form.lines[0].errs.Text)
	}
	s.form.start.SetText("2028-01-31")
	s.form.lines[0].price.SetText("95")
	if s.form.Save() {
		t.Fatal("saved billing day 32")
	}
	if s.form.edits.Fields["billingDay"].Error.Text == "" {
		t.Error("billing day 32 should be refused at its field")
	}
	if ks, _ := book.Contracts().FindContracts(context.Background(), domain.ContractFilter{}); len(ks) != 0 {
		t.Errorf("%d contracts stored", len(ks))
	}
}

// Generate due invoices first runs on a contract that renews by itself and
// has passed its end, says so, and bills its new period.
func TestGenerateDueRenewsAutoRenewingContracts(t *testing.T) {
	s, book, c, w := newScreen(t)
	fill(s.form, c)
	s.form.end.SetText("2028-02-28")
	s.form.autoRenew.SetChecked(true)
	if !s.form.Save() {
		t.Fatal("not saved")
	}
	s.runBilling(domain.NewDate(2028, 3, 1))
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("the run shows what it did")
	}
	found := false
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && l.Text == "Renewed automatically: Managed hosting for Halvorsen Hosting, now to 2029-02-28." {
			found = true
		}
	}
	if !found {
		for _, o := range test.LaidOutObjects(top) {
			if l, ok := o.(*widget.Label); ok {
				t.Logf("label %q", l.Text)
			}
		}
		t.Error("the renewal is reported")
	}
	k, _ := book.Contracts().FindContractByID(context.Background(), s.Rows()[0].ID)
	if k.End != domain.NewDate(2029, 2, 28) || k.BilledThrough != domain.NewDate(2028, 3, 30) {
		t.Errorf("contract now ends %s, billed through %s", k.End, k.BilledThrough)
	}
}

func TestExportTheContractsAsFiltered(t *testing.T) {
	s, book, c, w := newScreen(t)
	t.Cleanup(widgets.RunInline())
	fill(s.form, c)
	if !s.form.Save() {
		t.Fatal("not saved")
	}
	s.form.Load(nil)
	fill(s.form, c)
	s.form.name.SetText("=Old support")
	if !s.form.Save() {
		t.Fatal("not saved")
	}
	ctx := context.Background()
	var old domain.Contract
	for _, k := range s.Rows() {
		if k.Title == "=Old support" {
			old = k
		}
	}
	old.Status = domain.ContractEnded
	if err := book.Contracts().UpdateContract(ctx, &old); err != nil {
		t.Fatal(err)
	}
	s.Refresh()
	read := func() [][]string {
		path := filepath.Join(t.TempDir(), "contracts.csv")
		widgets.WriteCSVFile(w, path, domain.ExportFormat{}, s.WriteCSV)
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
	want := [][]string{
		{"id", "title", "client", "cycle", "timing", "billing_day", "value", "currency", "start_date", "end_date", "status", "renewal_due"},
		{strconv.FormatInt(s.Rows()[0].ID, 10), "Managed hosting", "Halvorsen Hosting", "monthly", "in-advance", "31", "1140.00", "EUR",
			"2028-01-31", "2029-01-30", "active", "false"},
	}
	if len(s.Rows()) != 1 || !reflect.DeepEqual(got, want) {
		t.Fatalf("active contracts (%d shown):\n got %q\nwant %q", len(s.Rows()), got, want)
	}
	s.status.SetSelected("All contracts")
	got = read()
	if len(got) != 3 || got[1][1] != "'=Old support" || got[1][10] != "ended" || got[2][1] != "Managed hosting" {
		t.Errorf("all contracts, the formula neutralised:\n%q", got)
	}
}

func TestContractsMadeElsewhereAppearAndHeaderClicksSort(t *testing.T) {
	s, book, c, w := newScreen(t)
	t.Cleanup(widgets.RunInline())
	fill(s.form, c)
	if !s.form.Save() {
		t.Fatal("not saved")
	}
	ctx := context.Background()
	for _, title := range []string{"Backups", "Support"} {
		k := s.Rows()[0]
		k.ID, k.Title, k.BillingDay = 0, title, len(title)
		if err := book.Contracts().CreateContract(ctx, &k); err != nil {
			t.Fatal(err)
		}
	}
	titles := func() (out []string) {
		for _, k := range s.Rows() {
			out = append(out, k.Title)
		}
		return out
	}
	if got := titles(); len(got) != 3 || s.count.Text != "3 contracts" {
		t.Fatalf("after two contracts were made through the book the list shows %q, %q", got, s.count.Text)
	}
	if !reflect.DeepEqual(s.contracts.ColumnKeys(), []string{"id", "title", "client", "cycle", "timing", "billing_day", "value",
		"currency", "start_date", "end_date", "status", "renewal_due"}) {
		t.Errorf("columns %q", s.contracts.ColumnKeys())
	}
	for _, tc := range []struct {
		col  int
		want []string
	}{
		{1, []string{"Backups", "Managed hosting", "Support"}},
		{1, []string{"Support", "Managed hosting", "Backups"}},
		{5, []string{"Backups", "Support", "Managed hosting"}}, // billing days 7, 7, 31: ties keep the book's order
	} {
		s.contracts.TapHeader(tc.col)
		if got := titles(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("after a click on %s: %q", s.contracts.HeaderText(tc.col), got)
		}
	}
	if got := s.contracts.RowTexts(0); got[5] != "7" || got[6] != "1,140.00" || got[9] != "2029-01-30" {
		t.Errorf("first row as shown %q", got)
	}
	path := filepath.Join(t.TempDir(), "contracts.csv")
	widgets.WriteCSVFile(w, path, domain.ExportFormat{}, s.WriteCSV)
	b, _ := os.ReadFile(path)
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 4 || !reflect.DeepEqual(recs[0], s.contracts.ColumnKeys()) || recs[1][1] != titles()[0] || recs[3][1] != titles()[2] {
		t.Errorf("the CSV does not follow the list (%q):\n%s", titles(), b)
	}
}

// dialogButton finds a button of the question showing.
func dialogButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("nothing was asked; wanted %q", text)
	}
	b := button(top, text)
	if b == nil {
		t.Fatalf("the question has no %q", text)
	}
	return b
}

func TestEditsAskBeforeAnotherContractOpens(t *testing.T) {
	s, book, c, w := newScreen(t)
	fill(s.form, c)
	if !s.form.Save() {
		t.Fatal("not saved")
	}
	k := s.Rows()[0]
	k.ID, k.Title = 0, "Support"
	if err := book.Contracts().CreateContract(context.Background(), &k); err != nil {
		t.Fatal(err)
	}
	s.contracts.TapHeader(1) // by title: Managed hosting, Support
	s.contracts.List().Select(0)
	if s.form.name.Text != "Managed hosting" || s.contracts.Highlighted() != 0 {
		t.Fatalf("row 0 opened as %q", s.form.name.Text)
	}
	s.form.billDay.SetText("15")
	s.contracts.List().Select(1)
	test.Tap(dialogButton(t, w, "Cancel"))
	if s.form.billDay.Text != "15" || s.form.name.Text != "Managed hosting" || s.contracts.Highlighted() != 0 {
		t.Fatalf("Cancel: day %q on %q, row %d highlighted", s.form.billDay.Text, s.form.name.Text, s.contracts.Highlighted())
	}
	s.contracts.List().Select(1)
	test.Tap(dialogButton(t, w, "Save"))
	if s.form.name.Text != "Support" || s.contracts.Highlighted() != 1 {
		t.Errorf("after Save the form shows %q, row %d highlighted", s.form.name.Text, s.contracts.Highlighted())
	}
	if got, _ := book.Contracts().FindContractByID(context.Background(), s.Rows()[0].ID); got.BillingDay != 15 {
		t.Errorf("billing day stored %d", got.BillingDay)
	}
	s.form.name.SetText("Support, premium")
	s.New()
	test.Tap(dialogButton(t, w, "Discard changes"))
	if s.form.edits.Title.Text != "New contract" || s.contracts.Highlighted() != -1 {
		t.Errorf("New after Discard: %q, row %d highlighted", s.form.edits.Title.Text, s.contracts.Highlighted())
	}
	if got := s.Rows()[1].Title; got != "Support" {
		t.Errorf("a discarded title was stored: %q", got)
	}
	s.form.name.SetText("Typed")
	s.Edits().Cancel() // Esc
	if s.form.name.Text != "" || s.form.Dirty() {
		t.Errorf("Esc left %q", s.form.name.Text)
	}
}

// The contract form reads what it shows, and Renew writes, off the UI
// goroutine: until the queued work runs the form shows what it showed and
// the book is unchanged, and Renew is off so it cannot be pressed twice.
func TestLoadAndRenewRunInTheBackground(t *testing.T) {
	s, book, c, w := newScreen(t)
	fill(s.form, c)
	if !s.form.Save() {
		t.Fatal("not saved")
	}
	q, restore := kit.Queued()
	t.Cleanup(restore)

	s.form.askRenew()
	top := w.Canvas().Overlays().Top()
	var entries []*widget.Entry
	for _, o := range test.LaidOutObjects(top) {
		if e, ok := o.(*widget.Entry); ok {
			entries = append(entries, e)
		}
	}
	if len(entries) != 2 {
		t.Fatalf("the renew dialog has %d entries", len(entries))
	}
	entries[0].SetText("2030-01-30")
	renew := button(top, "Renew")
	test.Tap(renew)
	id := s.form.Contract().ID
	k, _ := book.Contracts().FindContractByID(context.Background(), id)
	if q.Len() != 1 || !renew.Disabled() || k.End != domain.NewDate(2029, 1, 30) {
		t.Fatalf("before the write runs: %d queued, Renew off %v, the book says it ends %s", q.Len(), renew.Disabled(), k.End)
	}
	test.Tap(renew)
	if q.Len() != 1 {
		t.Fatal("a second tap on Renew went to be written too")
	}
	q.Run() // the renewal, then the form's read of the renewed contract
	k, _ = book.Contracts().FindContractByID(context.Background(), id)
	if k.End != domain.NewDate(2030, 1, 30) || s.form.end.Text != "2030-01-30" || w.Canvas().Overlays().Top() != nil {
		t.Errorf("after the write: the book says %s, the form %q, dialog still up %v", k.End, s.form.end.Text, w.Canvas().Overlays().Top() != nil)
	}

	s.form.Load(nil)
	if q.Len() != 1 || s.form.edits.Title.Text != "Managed hosting" {
		t.Fatalf("a new contract was filled in before its read ran: %d queued, title %q", q.Len(), s.form.edits.Title.Text)
	}
	q.Run()
	co, _ := book.Company().Company(context.Background())
	if s.form.edits.Title.Text != "New contract" || s.form.currency.Text != co.Currency || s.form.client.Client() != nil {
		t.Errorf("the new contract shows title %q, currency %q, client %v", s.form.edits.Title.Text, s.form.currency.Text, s.form.client.Client())
	}
}
