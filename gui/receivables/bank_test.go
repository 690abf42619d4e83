package receivables

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// pay records a payment of amount from c on date with the reference.
func (f *fixture) pay(t *testing.T, c *domain.Client, date domain.Date, amount string, method domain.PaymentMethod, ref string) *domain.Payment {
	t.Helper()
	p := &domain.Payment{ClientID: c.ID, Date: date, Amount: money.Money{Amount: decimal.RequireFromString(amount), Currency: "EUR"},
		Method: method, Reference: ref}
	if err := f.book.Payments().CreatePayment(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

// wizardContent is what the import wizard's dialog shows.
func wizardContent(w *importWizard) fyne.CanvasObject { return w.content }

// shownLines is the bank view's list as its rows read: date, amount, status.
func shownLines(v *bankView) []string {
	var out []string
	for i := 0; i < v.table.Total(); i++ {
		r := v.table.RowTexts(i)
		out = append(out, strings.Join([]string{r[2], r[3], r[5]}, " | "))
	}
	return out
}

// tapLine selects row i of the bank view and taps the action named in the
// bar below the list.
func tapLine(t *testing.T, f *fixture, i int, action string) {
	t.Helper()
	f.s.bank.table.List().Select(i)
	tap(t, f.w.Content(), action)
}

func TestBankImportWizardAndReconcile(t *testing.T) {
	f := newFixture(t, true)
	v := f.s.bank
	if !f.s.ShowView("bank") || !v.obj.Visible() || !strings.Contains(v.table.EmptyText(), "No bank statement has been imported yet") {
		t.Fatalf("bank view before any statement: empty %q", v.table.EmptyText())
	}
	// Ørsted paid the January invoice on 2027-02-26; Bakker's 600.00 for
	// its January invoice was never recorded.
	f.pay(t, f.orsted, domain.NewDate(2027, 2, 26), "250.50", domain.MethodBankTransfer, "TRF "+f.inv["late45"].Number)
	csv := "\uFEFFBuchungstag;Verwendungszweck;Betrag\n" +
		"27.02.2027;Ørsted Façades " + f.inv["late45"].Number + ";250,50\n" +
		"28.02.2027;Bakker Logistics " + f.inv["late10"].Number + ";600,00\n" +
		"28.02.2027;Kontoführung;-9,90\n"
	v.OpenImport("februar.csv", []byte(csv))
	w := v.wizard
	if w.format != domain.FormatCSV || w.account.Selected != newAccount || !w.newAcct.Visible() {
		t.Fatalf("wizard opens with format %s, account %q", w.format, w.account.Selected)
	}
	// The mapping step guesses from the file: ';', a decimal comma, the
	// columns by their German names; the preview shows the header and rows.
	if w.delimiter.Selected != ";" || !w.decComma.Checked || w.cols["date"].Text != "Buchungstag" || w.cols["amount"].Text != "Betrag" ||
		w.cols["text"].Text != "Verwendungszweck" || len(w.previewData) != 4 || w.previewData[2][2] != "600,00" {
		t.Fatalf("guessed %q %v date=%q amount=%q text=%q preview %q", w.delimiter.Selected, w.decComma.Checked,
			w.cols["date"].Text, w.cols["amount"].Text, w.cols["text"].Text, w.previewData)
	}
	// Without a name for the mapping or the account nothing happens.
	tap(t, wizardContent(w), "Import")
	if !w.errs.Visible() || !strings.Contains(w.errs.Text, "name the mapping after the bank") {
		t.Fatalf("import without a mapping name: %q", w.errs.Text)
	}
	w.mapName.SetText("Hausbank")
	tap(t, wizardContent(w), "Import")
	if !strings.Contains(w.errs.Text, "give the account a name") {
		t.Fatalf("import without an account name: %q", w.errs.Text)
	}
	if n, _ := f.book.Bank().CountBankLines(context.Background(), domain.BankLineFilter{}); n != 0 {
		t.Fatalf("refused imports stored %d lines", n)
	}
	w.acctName.SetText("Operating account")
	tap(t, wizardContent(w), "Check")
	if w.errs.Visible() || w.result.Text != "3 lines read; the account Operating account (EUR) is added when you import." {
		t.Fatalf("check: %q %q", w.errs.Text, w.result.Text)
	}
	tap(t, wizardContent(w), "Import")
	if w.errs.Visible() {
		t.Fatalf("import: %s", w.errs.Text)
	}
	if want := "Imported februar.csv into Operating account: 3 lines read: 3 new, 0 already imported; 1 line with a suggested match."; f.s.status.Text != want {
		t.Errorf("status %q, want %q", f.s.status.Text, want)
	}
	want := []string{"2027-02-28 | -9.90 | Unmatched", "2027-02-28 | 600.00 | Unmatched", "2027-02-27 | 250.50 | Suggested"}
	if got := shownLines(v); strings.Join(got, "\n") != strings.Join(want, "\n") || v.account.Selected != "Operating account (EUR)" {
		t.Fatalf("lines after the import:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r := v.table.RowTexts(2); r[8] != "Payment 1 from Ørsted Façades GmbH, 2027-02-26" || r[9] != "same amount, 1 day apart" {
		t.Errorf("the suggestion reads %q — %q", r[8], r[9])
	}
	if v.count.Text != "3 lines to reconcile · mapping: Hausbank" {
		t.Errorf("count %q", v.count.Text)
	}

	// The same file again adds nothing, and reads with the remembered mapping.
	v.OpenImport("februar.csv", []byte(csv))
	if v.wizard.mapping.Selected != "Hausbank" || v.wizard.account.Selected != "Operating account (EUR)" {
		t.Errorf("second import starts with mapping %q, account %q", v.wizard.mapping.Selected, v.wizard.account.Selected)
	}
	tap(t, wizardContent(v.wizard), "Import")
	if !strings.Contains(f.s.status.Text, "3 lines read: 0 new, 3 already imported") || v.table.Total() != 3 {
		t.Errorf("second import: %q, %d lines", f.s.status.Text, v.table.Total())
	}
	// Read as mm/dd, the dates are wrong: refused at once, nothing stored.
	v.OpenImport("februar.csv", []byte(csv))
	v.wizard.dateOrder.SetSelectedIndex(1)
	tap(t, wizardContent(v.wizard), "Import")
	if !strings.Contains(v.wizard.errs.Text, `line 2: "27.02.2027" is not a mm/dd/yyyy date`) {
		t.Errorf("mm/dd import: %q", v.wizard.errs.Text)
	}
	v.wizard.d.Hide()

	// Confirm the suggestion, create Bakker's payment from its line, ignore the fee.
	if button(f.w.Content(), "Confirm") != nil {
		t.Error("the actions show before a line is selected")
	}
	tapLine(t, f, 2, "Confirm")
	if !strings.HasPrefix(f.s.status.Text, "Reconciled the line of 2027-02-27 for 250.50 EUR with payment 1") || v.table.Total() != 2 {
		t.Errorf("after Confirm: %q, %d lines", f.s.status.Text, v.table.Total())
	}
	tapLine(t, f, 1, "Create payment")
	if want := fmt.Sprintf("Recorded 600.00 EUR from Bakker Logistics BV and reconciled the line: paid %s.", f.inv["late10"].Number); f.s.status.Text != want {
		t.Errorf("after Create payment: %q, want %q", f.s.status.Text, want)
	}
	tapLine(t, f, 0, "Ignore")
	if v.table.Total() != 0 || !strings.Contains(v.table.EmptyText(), "Every line of this account is reconciled") {
		t.Errorf("after Ignore: %d lines, empty %q", v.table.Total(), v.table.EmptyText())
	}
	// Untick the filter: every line, with Reopen on each.
	test.Tap(v.open)
	want = []string{"2027-02-28 | -9.90 | Ignored", "2027-02-28 | 600.00 | Reconciled", "2027-02-27 | 250.50 | Reconciled"}
	if got := shownLines(v); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("all lines:\n%s", strings.Join(got, "\n"))
	}
	v.table.List().Select(0)
	if button(f.w.Content(), "Reopen") == nil || button(f.w.Content(), "Confirm") != nil {
		t.Error("closed lines should offer Reopen only")
	}
	// Export CSV… writes the lines as listed, with a ; and decimal comma.
	t.Cleanup(widgets.RunInline())
	rows := exported(t, f, domain.ExportFormat{Delimiter: ';', DecimalComma: true}, tableCSV(v.table, f.book))
	if len(rows) != 4 || strings.Join(rows[0], ",") != strings.Join(v.table.ColumnKeys(), ",") ||
		rows[1][2] != "2027-02-28" || rows[1][3] != "-9,90" || rows[1][5] != "ignored" || rows[3][3] != "250,50" || rows[3][5] != "reconciled" {
		t.Errorf("exported lines %q", rows)
	}
	items, err := f.book.Payments().OpenItems(context.Background(), f.bakker.ID, "EUR", domain.Date{}, 0)
	if err != nil || len(items) != 1 || items[0].DocumentID != f.inv["old"].ID {
		t.Errorf("Bakker's open invoices after the payment from the bank: %+v, %v", items, err)
	}
}

func TestBankCreatePaymentAsksForTheClient(t *testing.T) {
	f := newFixture(t, false)
	ctx := context.Background()
	a := &domain.BankAccount{Name: "Operating account", Currency: "EUR"}
	if err := f.book.Bank().CreateBankAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	st := &domain.BankStatement{Format: domain.FormatCSV, Lines: []domain.BankStatementLine{
		{Date: domain.NewDate(2027, 2, 27), Amount: decimal.RequireFromString("75"), Text: "Refund thanks", Line: 2}}}
	if _, err := f.book.Bank().ImportStatement(ctx, domain.ImportRequest{AccountID: a.ID, Statement: st}); err != nil {
		t.Fatal(err)
	}
	f.s.ShowView("bank")
	tapLine(t, f, 0, "Create payment")
	pd := f.s.bank.picker
	if pd == nil || !strings.Contains(pd.msg.Text, "names no invoice of the book") {
		t.Fatal("no client picker for a line without an invoice number")
	}
	pd.picker.SetClient(f.orsted)
	pd.d.Confirm()
	if want := "Recorded 75.00 EUR from Ørsted Façades GmbH and reconciled the line."; f.s.status.Text != want {
		t.Errorf("status %q, want %q", f.s.status.Text, want)
	}
}

func TestDepositForm(t *testing.T) {
	f := newFixture(t, false)
	ctx := context.Background()
	f.s.ShowView("deposits")
	v := f.s.deposits
	if !strings.Contains(v.table.EmptyText(), "No deposits yet") {
		t.Fatalf("empty deposits: %q", v.table.EmptyText())
	}
	if err := f.book.Bank().CreateBankAccount(ctx, &domain.BankAccount{Name: "Operating account", Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	p1 := f.pay(t, f.orsted, domain.NewDate(2027, 2, 20), "120.00", domain.MethodCheque, "Cheque 1")
	p2 := f.pay(t, f.bakker, domain.NewDate(2027, 2, 25), "80.00", domain.MethodCash, "")
	tap(t, f.w.Content(), "New deposit…")
	form := v.form
	if len(form.payments) != 2 || form.date.Text != "2027-03-01" {
		t.Fatalf("the form offers %d payments, date %q", len(form.payments), form.date.Text)
	}
	if form.Save() || form.errs.Text == "" && form.fields["total"].Error.Text == "" {
		t.Fatal("a deposit of no payments passed the checks")
	}
	form.tick(p1.ID, true)
	form.tick(p2.ID, true)
	form.total.SetText("250.00")
	if form.sum.Text != "2 payments ticked, adding up to 200.00 EUR · 50.00 EUR off the slip total" {
		t.Errorf("sum %q", form.sum.Text)
	}
	// The total is checked against the payments by the book, in the
	// background: its refusal comes back to the field, and the form stays.
	form.Save()
	if !strings.Contains(form.fields["total"].Error.Text, "The total is 250.00 EUR but the payments add up to 200.00 EUR") {
		t.Fatalf("a wrong total: %q", form.fields["total"].Error.Text)
	}
	if f.w.Canvas().Overlays().Top() == nil {
		t.Fatal("a refused deposit closed its form")
	}
	if ds, _ := f.book.Bank().FindDeposits(ctx, domain.DepositFilter{}); len(ds) != 0 {
		t.Fatal("a refused deposit was stored")
	}
	form.total.SetText("200.00")
	form.reference.SetText("Slip 7")
	if !form.Save() {
		t.Fatalf("saving: %q", form.errs.Text)
	}
	if got := strings.Join(v.table.RowTexts(0), " | "); v.table.Total() != 1 ||
		got != "1 | 2027-03-01 | Operating account | Slip 7 | 2 payments: Ørsted Façades GmbH, Bakker Logistics BV | 200.00 | EUR" {
		t.Errorf("deposits %q", got)
	}
	if f.s.status.Text != "Saved deposit 1: 200.00 EUR of 2 payments into Operating account." {
		t.Errorf("status %q", f.s.status.Text)
	}
	t.Cleanup(widgets.RunInline())
	rows := exported(t, f, domain.ExportFormat{}, tableCSV(v.table, f.book))
	defer func() {
		// Tapping the deposit offers to take it apart; its payments can be
		// deposited again.
		v.table.List().Select(0)
		if v.confirm == nil {
			t.Fatal("tapping a deposit asks to delete it")
		}
		d, _ := v.table.Row(0)
		v.delete(d.ID)
		if v.table.Total() != 0 || !strings.HasPrefix(f.s.status.Text, "Deleted deposit 1") {
			t.Errorf("after deleting: %d deposits, %q", v.table.Total(), f.s.status.Text)
		}
		if ps, _ := f.book.Bank().UndepositedPayments(ctx, domain.UndepositedFilter{Currency: "EUR"}); len(ps) != 2 {
			t.Errorf("%d payments can be deposited again", len(ps))
		}
	}()
	want := fmt.Sprintf("1|2027-03-01|Operating account|Slip 7|payment %d: Ørsted Façades GmbH 120.00; payment %d: Bakker Logistics BV 80.00|200.00|EUR",
		p1.ID, p2.ID)
	if len(rows) != 2 || strings.Join(rows[0], ",") != "id,date,account,reference,payments,total,currency" || strings.Join(rows[1], "|") != want {
		t.Errorf("exported deposits %q", rows)
	}
}

// A comma-separated file with quoted decimal-comma amounts is guessed right
// (',' and a decimal comma), and Flip signs turns a card's purchases into
// money out.
func TestBankImportCommaDecimalCommaAndFlipSigns(t *testing.T) {
	f := newFixture(t, true)
	v := f.s.bank
	f.s.ShowView("bank")
	card := "\"Datum\",\"Beschreibung\",\"Betrag\"\r" +
		"\"01.03.2027\",\"Bürobedarf\",\"45,99 €\"\r" +
		"\"02.03.2027\",\"Zahlung, danke\",\"-500,00 €\"\r"
	v.OpenImport("karte.csv", []byte(card))
	w := v.wizard
	if w.delimiter.Selected != "," || !w.decComma.Checked || w.cols["date"].Text != "Datum" || w.cols["amount"].Text != "Betrag" ||
		len(w.previewData) != 3 {
		t.Fatalf("guessed %q, decimal comma %v, date %q, amount %q, preview %q", w.delimiter.Selected, w.decComma.Checked,
			w.cols["date"].Text, w.cols["amount"].Text, w.previewData)
	}
	w.cols["text"].SetText("Beschreibung")
	w.mapName.SetText("Kreditkarte")
	w.acctName.SetText("Card")
	w.flip.SetChecked(true)
	tap(t, wizardContent(w), "Import")
	if w.errs.Visible() {
		t.Fatalf("import: %s", w.errs.Text)
	}
	want := []string{"2027-03-02 | 500.00 | Unmatched", "2027-03-01 | -45.99 | Unmatched"}
	if got := shownLines(v); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines after a flipped import:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The statement wizard reads what it needs, and checks and imports, off the
// UI goroutine: it opens once its read ran; an import shows a progress bar,
// keeps Import off and writes nothing until it runs.
func TestBankImportRunsInTheBackground(t *testing.T) {
	f := newFixture(t, true)
	v := f.s.bank
	f.s.ShowView("bank")
	q, restore := kit.Queued()
	t.Cleanup(restore)
	csv := "Buchungstag;Verwendungszweck;Betrag\n27.02.2027;Miete;-900,00\n"
	v.OpenImport("februar.csv", []byte(csv))
	if v.wizard != nil || q.Len() != 1 {
		t.Fatalf("the wizard opened before its read ran (%d queued)", q.Len())
	}
	q.Run()
	w := v.wizard
	if w == nil || w.acctCur.Text != "EUR" {
		t.Fatal("no wizard after the read")
	}
	w.mapName.SetText("Hausbank")
	w.acctName.SetText("Operating account")
	tap(t, wizardContent(w), "Import")
	if n, _ := f.book.Bank().CountBankLines(context.Background(), domain.BankLineFilter{}); n != 0 || q.Len() != 1 || !w.importBtn.Disabled() ||
		f.w.Canvas().Overlays().Top() == nil {
		t.Fatalf("before the import runs: %d lines stored, %d queued, Import off %v", n, q.Len(), w.importBtn.Disabled())
	}
	q.Run()
	if n, _ := f.book.Bank().CountBankLines(context.Background(), domain.BankLineFilter{}); n != 1 || w.errs.Visible() ||
		!strings.HasPrefix(f.s.status.Text, "Imported februar.csv into Operating account: 1 line read") {
		t.Errorf("after the import: %d lines, error %q, status %q", n, w.errs.Text, f.s.status.Text)
	}
}
