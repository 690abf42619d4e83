package account

import (
	"context"
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
	"clientbook/gui/kit"
)

type fixture struct {
	p      *Panel
	book   *data.Book
	w      fyne.Window
	client *domain.Client
}

func eur(s string) money.Money {
	return money.Money{Amount: decimal.RequireFromString(s), Currency: "EUR"}
}

// newFixture is a client with a credit limit of 5,000.00 EUR and, on 1 June
// 2027: invoice 1 (1,000.00, due 14 February) paid 400.00 on 20 February;
// invoice 2 (2,500.00, due 24 May) unpaid; invoice 3 (300.00, due 30 June)
// unpaid.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	test.NewTempApp(t)
	t.Cleanup(RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	ctx := context.Background()
	c := &domain.Client{Name: "Søren & Zoë Logistik A/S", Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: 30,
		CreditLimit: eur("5000.00"), Billing: domain.Address{Line1: "Havnegade 1", City: "Aarhus", Country: "Denmark"}}
	if err := book.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, inv := range []struct {
		issued, due domain.Date
		amount      string
	}{
		{domain.NewDate(2027, 1, 15), domain.NewDate(2027, 2, 14), "1000.00"},
		{domain.NewDate(2027, 4, 24), domain.NewDate(2027, 5, 24), "2500.00"},
		{domain.NewDate(2027, 5, 31), domain.NewDate(2027, 6, 30), "300.00"},
	} {
		d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), inv.issued)
		d.DueDate = inv.due
		d.Lines = []domain.Line{{Description: "Freight", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.RequireFromString(inv.amount)}}
		if err := book.Documents().CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		if _, _, err := book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	pay := &domain.Payment{ClientID: c.ID, Date: domain.NewDate(2027, 2, 20), Amount: eur("400.00"),
		Method: domain.MethodBankTransfer, Reference: "SEPA 20-02",
		Allocations: []domain.Allocation{{DocumentID: ids[0], Amount: decimal.RequireFromString("400.00")}}}
	if err := book.Payments().CreatePayment(ctx, pay); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	p := New(book, w)
	p.SetRenderer(pdf.Renderer{})
	p.today = func() domain.Date { return domain.NewDate(2027, 6, 1) }
	w.SetContent(p.Object())
	w.Resize(fyne.NewSize(1100, 760))
	return &fixture{p: p, book: book, w: w, client: c}
}

func TestAccountAtAGlance(t *testing.T) {
	f := newFixture(t)
	p := f.p
	if !p.pane.Hinted() {
		t.Error("with no client the panel shows its hint")
	}
	p.Show(f.client)
	if p.account == nil {
		t.Fatalf("nothing read: %q", p.message.Text)
	}
	// Owed 600.00 + 2,500.00 + 300.00; overdue the first two (3,100.00 of
	// 3,400.00 = 91 %); the limit leaves 5,000.00 − 3,400.00.
	for _, c := range []struct {
		name        string
		value, note string
		got         [2]string
	}{
		{"owed", "3,400.00 EUR", "on issued invoices", [2]string{p.owed.Value.Text, p.owed.Note.Text}},
		{"overdue", "3,100.00 EUR", "91% of what is owed", [2]string{p.overdue.Value.Text, p.overdue.Note.Text}},
		{"credit", "0.00 EUR", "none to use", [2]string{p.credit.Value.Text, p.credit.Note.Text}},
		{"limit", "5,000.00 EUR", "1,600.00 EUR available", [2]string{p.limit.Value.Text, p.limit.Note.Text}},
		{"revenue", "3,800.00 EUR", "nothing the year before", [2]string{p.revenue.Value.Text, p.revenue.Note.Text}},
		{"days", "—", "no invoice paid in full this year", [2]string{p.days.Value.Text, p.days.Note.Text}},
	} {
		if c.got != [2]string{c.value, c.note} {
			t.Errorf("%s shows %q, want %q / %q", c.name, c.got, c.value, c.note)
		}
	}
	// On 1 June: invoice 3 is not yet due, invoice 2 is 8 days past due,
	// invoice 1's 600.00 is 107 days past due.
	var aging []string
	for _, o := range p.agingBox.Objects {
		row := o.(*fyne.Container).Objects
		aging = append(aging, row[0].(*widget.Label).Text+" "+row[1].(*widget.Label).Text)
	}
	if got := strings.Join(aging, " | "); got != "Current 300.00 | 1–30 days 2,500.00 | 31–60 days 0.00 | "+
		"61–90 days 0.00 | Over 90 days 600.00 | Total owed 3,400.00 | Unapplied credit 0.00" {
		t.Errorf("aging %s", got)
	}
	if want := "Oldest open invoice: INV-2027-00001, 600.00 EUR open, 107 days past due (due 2027-02-14).\n\n" +
		"Last payment: 400.00 EUR on 2027-02-20."; p.facts.Text != want {
		t.Errorf("facts %q", p.facts.Text)
	}
	if !hasLabel(p.paymentsBox, "SEPA 20-02") || !hasLabel(p.paymentsBox, "400.00") {
		t.Error("the payment is listed")
	}

	// Over the limit: a new 2,000.00 invoice takes the net to 5,400.00.
	d := domain.NewDraft(domain.KindInvoice, f.client, domain.DefaultCompany(), domain.NewDate(2027, 5, 31))
	d.Lines = []domain.Line{{Description: "Freight", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.NewFromInt(2000)}}
	ctx := context.Background()
	if err := f.book.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
		t.Fatal(err)
	}
	p.Show(f.client)
	if p.limit.Note.Text != "over by 400.00 EUR" {
		t.Errorf("over the limit: %q", p.limit.Note.Text)
	}
	// Money received but not set against an invoice could pay what is open.
	if err := f.book.Payments().CreatePayment(ctx, &domain.Payment{ClientID: f.client.ID, Date: domain.NewDate(2027, 5, 31),
		Amount: eur("250.00"), Method: domain.MethodCash}); err != nil {
		t.Fatal(err)
	}
	p.Show(f.client)
	if want := "250.00 EUR of unapplied credit could settle 250.00 EUR of what is open"; !strings.Contains(p.facts.Text, want) ||
		p.credit.Note.Text != "5,150.00 EUR owed once it is used" {
		t.Errorf("facts %q, credit %q", p.facts.Text, p.credit.Note.Text)
	}

	// Refund credit…: more than the credit is refused at the amount and
	// stores nothing; 100.00 goes back and leaves 150.00.
	if !p.refundBtn.Visible() {
		t.Fatal("a client with credit can be refunded")
	}
	test.Tap(p.refundBtn)
	r := p.refund
	if r == nil || r.amount.Text != "250.00" || r.date.Text != "2027-06-01" {
		t.Fatalf("refund form %+v", r)
	}
	r.amount.SetText("300")
	if p.saveRefund() || !strings.Contains(r.fields["amount"].Error.Text, "250.00 EUR of credit on 2027-06-01, less than 300.00 EUR") {
		t.Errorf("refunding too much: %q", r.fields["amount"].Error.Text)
	}
	r.date.SetText("1 June")
	if p.saveRefund() || r.fields["date"].Error.Text != "Write it as YYYY-MM-DD." {
		t.Errorf("a bad date: %q", r.fields["date"].Error.Text)
	}
	if rs, _ := f.book.Payments().FindRefunds(ctx, domain.RefundFilter{}); len(rs) != 0 {
		t.Fatalf("refused refunds were stored: %+v", rs)
	}
	r.date.SetText("2027-06-01")
	r.amount.SetText("100")
	r.reference.SetText("RF-1")
	// It is written in the background, Record refund off meanwhile.
	q, restore := kit.Queued()
	if !p.saveRefund() {
		t.Fatal("a good refund was refused")
	}
	if rs, _ := f.book.Payments().FindRefunds(ctx, domain.RefundFilter{}); len(rs) != 0 || q.Len() != 1 || !r.save.Disabled() {
		t.Fatalf("before the write runs: %d stored, %d queued, Record refund off %v", len(rs), q.Len(), r.save.Disabled())
	}
	if p.saveRefund() || q.Len() != 1 {
		t.Fatal("a second Record refund while the first is written")
	}
	restore()
	q.Run()
	if p.credit.Value.Text != "150.00 EUR" || p.refundsBox.Hidden || len(p.refundRows.Objects) != 1 {
		t.Errorf("credit after the refund %q, refunds listed %v", p.credit.Value.Text, !p.refundsBox.Hidden)
	}
	// Delete… takes it back: the credit is 250.00 again.
	p.askDeleteRefund(p.account.refunds[0])
	del := overlayButton(f.w, "Delete")
	if del == nil {
		t.Fatal("deleting a refund asks first")
	}
	test.Tap(del)
	if p.credit.Value.Text != "250.00 EUR" || !p.refundsBox.Hidden {
		t.Errorf("after deleting the refund: credit %q", p.credit.Value.Text)
	}
	p.Show(nil)
	if p.content.Visible() {
		t.Error("an unsaved client shows the hint")
	}
}

func TestAccountReportForm(t *testing.T) {
	f := newFixture(t)
	p := f.p
	dir := t.TempDir()
	var asked []string
	old := chooseSave
	chooseSave = func(_ fyne.Window, name, ext string, save func(string)) {
		asked = append(asked, name)
		save(filepath.Join(dir, strings.TrimSuffix(name, ext)+ext))
	}
	t.Cleanup(func() { chooseSave = old })
	p.Show(f.client)
	p.AskReport()
	r := p.form
	if r.from.Text != "2026-06-02" || r.to.Text != "2027-06-01" || r.currency.Selected != "EUR" {
		t.Errorf("defaults %s..%s in %s", r.from.Text, r.to.Text, r.currency.Selected)
	}
	tl := r.sections[domain.SectionTimeline]
	if !tl.Disabled() || tl.Checked {
		t.Error("a report for the client has no timeline")
	}

	// Bad input: a date that does not read, then a period backwards, then
	// no section — each at its field, nothing written.
	r.from.SetText("1 June")
	if r.submit() || r.fields["from"].Error.Text != "Write it as YYYY-MM-DD." {
		t.Errorf("bad from: %q", r.fields["from"].Error.Text)
	}
	r.from.SetText("2027-07-01")
	if r.submit() || r.fields["to"].Error.Text != "The last day is before the first." {
		t.Errorf("backwards: %q", r.fields["to"].Error.Text)
	}
	r.from.SetText("2027-01-01")
	for _, c := range r.sections {
		c.SetChecked(false)
	}
	if r.submit() || r.fields["sections"].Error.Text != "Choose at least one section." {
		t.Errorf("no section: %q", r.fields["sections"].Error.Text)
	}
	if len(asked) != 0 {
		t.Fatalf("nothing is saved until the form is good, yet asked %v", asked)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("files written: %v", entries)
	}

	// For the team, with the timeline, as CSV.
	r.audience.SetSelected(forInternal)
	if tl.Disabled() || !tl.Checked {
		t.Error("the internal team's report may have the timeline, ticked")
	}
	r.sections[domain.SectionInvoices].SetChecked(true)
	r.sections[domain.SectionAging].SetChecked(true)
	r.format.SetSelected(formatCSV)
	if !r.submit() {
		t.Fatalf("good options refused: %v", r.fields)
	}
	if len(asked) != 1 || asked[0] != "Account report Søren & Zoë Logistik A-S 2027-01-01 to 2027-06-01.csv" {
		t.Errorf("file name offered: %v", asked)
	}
	b, err := os.ReadFile(r.saved)
	if err != nil {
		t.Fatal(err)
	}
	csv := string(b)
	for _, want := range []string{"INV-2027-00001", "INV-2027-00003", "aging", "3400.00"} {
		if !strings.Contains(csv, want) {
			t.Errorf("the CSV has no %q:\n%s", want, csv)
		}
	}
	if strings.Contains(csv, "statement") {
		t.Errorf("the statement was not chosen:\n%s", csv)
	}

	// As a PDF with every section for the client.
	p.AskReport()
	r = p.form
	if !r.submit() {
		t.Fatal("the default report is refused")
	}
	b, err = os.ReadFile(r.saved)
	if err != nil || !strings.HasPrefix(string(b), "%PDF") {
		t.Fatalf("not a PDF (%v): %.20q", err, b)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command("pdftotext", r.saved, "-").Output()
		if err != nil || !strings.Contains(string(text), "Account report") || !strings.Contains(string(text), f.client.Name) {
			t.Errorf("the PDF does not read back as the account report (%v):\n%s", err, text)
		}
	}
}

func hasLabel(o fyne.CanvasObject, text string) bool {
	for _, c := range test.LaidOutObjects(o) {
		if l, ok := c.(*widget.Label); ok && l.Text == text && l.Visible() {
			return true
		}
	}
	return false
}

func TestCreditText(t *testing.T) {
	amount := func(d decimal.Decimal) string { return d.StringFixed(2) + " EUR" }
	for _, c := range []struct{ credit, net, want string }{
		{"0", "100", "none to use"},
		{"855.00", "-251.25", "251.25 EUR more than is owed"},
		{"100", "0", "covers all that is owed"},
		{"100", "250.50", "250.50 EUR owed once it is used"},
	} {
		b := domain.ClientBalance{Credit: decimal.RequireFromString(c.credit), Net: decimal.RequireFromString(c.net)}
		if got := creditText(b, amount); got != c.want {
			t.Errorf("credit %s, net %s: %q, want %q", c.credit, c.net, got, c.want)
		}
	}
}

func TestSignedPercent(t *testing.T) {
	for in, want := range map[string]string{"12.5": "+12.5%", "-3": "−3.0%", "0": "+0.0%", "173.9": "+173.9%"} {
		if got := signedPercent(decimal.RequireFromString(in)); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
	// From the book: 1,500.00 against 1,000.00 the year before is +50.0%.
	g, _ := domain.Growth(decimal.NewFromInt(1500), decimal.NewFromInt(1000))
	if got := signedPercent(g); got != "+50.0%" {
		t.Errorf("growth %q", got)
	}
}

// overlayButton is the visible button labelled text in the window's top
// overlay (an open dialog), or nil.
func overlayButton(w fyne.Window, text string) *widget.Button {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	return nil
}

// The account report is read and written off the UI goroutine: while the
// read waits Save… is off and nothing is asked; the file is written only
// once that work runs.
func TestAccountReportReadsInTheBackground(t *testing.T) {
	f := newFixture(t)
	p := f.p
	p.Show(f.client)
	dir := t.TempDir()
	var asked []string
	old := chooseSave
	chooseSave = func(_ fyne.Window, name, ext string, save func(string)) {
		asked = append(asked, name)
		save(filepath.Join(dir, "report"+ext))
	}
	t.Cleanup(func() { chooseSave = old })
	q, restore := kit.Queued()
	t.Cleanup(restore)
	p.AskReport()
	r := p.form
	r.format.SetSelected(formatCSV)
	if !r.submit() {
		t.Fatal("good options refused")
	}
	if !r.save.Disabled() || len(asked) != 0 || q.Len() != 1 {
		t.Fatalf("while the report is read: Save… off %v, asked %v, %d waiting", r.save.Disabled(), asked, q.Len())
	}
	if r.submit() {
		t.Error("a second Save… while the first reads was taken")
	}
	if n := q.Run(); n != 2 || len(asked) != 1 || r.saved == "" {
		t.Fatalf("%d pieces of work ran; asked %v; saved %q", n, asked, r.saved)
	}
	if b, err := os.ReadFile(r.saved); err != nil || !strings.Contains(string(b), "INV-2027-00002") {
		t.Errorf("the CSV (%v): %s", err, b)
	}
}
