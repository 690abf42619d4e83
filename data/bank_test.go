package data

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"clientbook/domain"
)

// bankBook is a book with two EUR clients and an account:
//
//	Nordlicht Logistik GmbH  INV-2027-00001  1,000.00  issued 2027-01-10
//	                         INV-2027-00002    500.00  issued 2027-02-01
//	Bolt AG                  INV-2027-00003    300.00  issued 2027-02-15
//	payment 1  Nordlicht  2027-03-01  1,000.00  bank transfer "TRF INV-2027-00001", pays INV-2027-00001
//	payment 2  Nordlicht  2027-03-02    120.00  cheque, credit
//	payment 3  Bolt AG    2027-03-03     80.00  cash, credit
//	account "Operating account", EUR, DE02120300000000202051
type bankFixture struct {
	b               *Book
	nordlicht, bolt *domain.Client
	inv1, inv2      *domain.Document
	inv3            *domain.Document
	pay             []*domain.Payment
	acct            *domain.BankAccount
}

func bankBook(t *testing.T) *bankFixture {
	t.Helper()
	ctx := context.Background()
	f := &bankFixture{b: openTemp(t)}
	f.nordlicht, f.bolt = newClient("Nordlicht Logistik GmbH", "Hamburg"), newClient("Bolt AG", "Zürich")
	for _, c := range []*domain.Client{f.nordlicht, f.bolt} {
		if err := f.b.Clients().CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	f.inv1 = issueInvoice(t, f.b, f.nordlicht, "2027-01-10", "2027-02-09", "Work|1000.00")
	f.inv2 = issueInvoice(t, f.b, f.nordlicht, "2027-02-01", "2027-03-03", "Work|500.00")
	f.inv3 = issueInvoice(t, f.b, f.bolt, "2027-02-15", "2027-03-17", "Work|300.00")
	for _, p := range []*domain.Payment{
		{ClientID: f.nordlicht.ID, Date: day("2027-03-01"), Amount: eur("1000.00"), Method: domain.MethodBankTransfer,
			Reference: "TRF " + f.inv1.Number, Allocations: []domain.Allocation{allocTo(f.inv1, "1000.00")}},
		{ClientID: f.nordlicht.ID, Date: day("2027-03-02"), Amount: eur("120.00"), Method: domain.MethodCheque, Reference: "Cheque 100231"},
		{ClientID: f.bolt.ID, Date: day("2027-03-03"), Amount: eur("80.00"), Method: domain.MethodCash},
	} {
		if err := f.b.Payments().CreatePayment(ctx, p); err != nil {
			t.Fatal(err)
		}
		f.pay = append(f.pay, p)
	}
	f.acct = &domain.BankAccount{Name: "Operating account", Currency: "EUR", Number: "DE02120300000000202051"}
	if err := f.b.Bank().CreateBankAccount(ctx, f.acct); err != nil {
		t.Fatal(err)
	}
	return f
}

// statementCSV is the account's March statement as its bank exports it:
// a BOM, ';' between cells, decimal commas and dd.mm.yyyy dates.
const statementCSV = "\uFEFFBuchungstag;Verwendungszweck;Betrag;Referenz\n" +
	"02.03.2027;SEPA Nordlicht Logistik GmbH TRF INV-2027-00001;1.000,00;E2E-1\n" +
	"05.03.2027;EINZAHLUNG Beleg 4711;200,00;\n" +
	"06.03.2027;Bolt AG Rechnung INV 2027 00003;300,00;\n" +
	"07.03.2027;Kontoführung;-9,90;\n" +
	"08.03.2027;Unbekannt;55,00;\n"

var germanBank = domain.BankMapping{Name: "Hausbank CSV", Delimiter: ';', DecimalComma: true, DateOrder: domain.OrderDMY,
	Header: true, Date: "Buchungstag", Amount: "Betrag", Text: "Verwendungszweck", Reference: "Referenz"}

func (f *bankFixture) importCSV(t *testing.T, csv string, dryRun bool) domain.StatementImport {
	t.Helper()
	ctx := context.Background()
	m := germanBank
	if err := f.b.Bank().SaveBankMapping(ctx, &m); err != nil {
		t.Fatal(err)
	}
	st, err := domain.ParseBankCSV(strings.NewReader(csv), m)
	if err != nil {
		t.Fatal(err)
	}
	imp, err := f.b.Bank().ImportStatement(ctx, domain.ImportRequest{AccountID: f.acct.ID, MappingID: m.ID,
		FileName: "march.csv", Statement: st, DryRun: dryRun})
	if err != nil {
		t.Fatal(err)
	}
	return imp
}

// lines returns the account's lines, oldest first, as "date amount status
// match" for comparing.
func (f *bankFixture) lines(t *testing.T) ([]domain.BankLine, []string) {
	t.Helper()
	ls, err := f.b.Bank().FindBankLines(context.Background(), domain.BankLineFilter{AccountID: f.acct.ID})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(ls) - 1; i >= 0; i-- {
		l := ls[i]
		out = append(out, strings.TrimSpace(l.Date.String()+" "+l.Amount.Fixed()+" "+string(l.Status)+" "+l.Match))
	}
	for i, j := 0, len(ls)-1; i < j; i, j = i+1, j-1 {
		ls[i], ls[j] = ls[j], ls[i]
	}
	return ls, out
}

func TestDepositTotalMustEqualItsPayments(t *testing.T) {
	f := bankBook(t)
	ctx := context.Background()
	bank := f.b.Bank()
	dep := func(total string, ids ...int64) *domain.Deposit {
		d := &domain.Deposit{AccountID: f.acct.ID, Date: day("2027-03-04"), Total: eur(total), Reference: "Beleg 4711"}
		for _, id := range ids {
			d.Payments = append(d.Payments, domain.DepositPayment{PaymentID: id})
		}
		return d
	}
	p2, p3 := f.pay[1].ID, f.pay[2].ID
	for _, c := range []struct {
		name  string
		d     *domain.Deposit
		field string
		want  string
	}{
		{"a cent too much", dep("200.01", p2, p3), "total", "the total is 200.01 EUR but the payments add up to 200.00 EUR"},
		{"one payment short", dep("200.00", p2), "total", "the total is 200.00 EUR but the payments add up to 120.00 EUR"},
		{"no payments", dep("200.00"), "payments", "choose the payments paid in"},
		{"a payment that does not exist", dep("200.00", p2, 99), "payments", "payment 99 does not exist"},
		{"a payment received after the deposit", func() *domain.Deposit {
			d := dep("200.00", p2, p3)
			d.Date = day("2027-03-02")
			return d
		}(), "payments", "was received on 2027-03-03, after the deposit"},
		{"no account", func() *domain.Deposit { d := dep("200.00", p2, p3); d.AccountID = 42; return d }(), "account",
			"choose the bank account"},
	} {
		err := bank.CreateDeposit(ctx, c.d)
		if fe := domain.FieldErrors(err); domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(fe[c.field], c.want) {
			t.Errorf("%s: %v, want %q at %s", c.name, err, c.want, c.field)
		}
		if c.d.ID != 0 {
			t.Errorf("%s: a refused deposit has ID %d", c.name, c.d.ID)
		}
	}
	if n := countRows(t, f.b, "deposits") + countRows(t, f.b, "deposit_payments"); n != 0 {
		t.Fatalf("refused deposits left %d rows", n)
	}
	ok := dep("200.00", p2, p3)
	if err := bank.CreateDeposit(ctx, ok); err != nil {
		t.Fatal(err)
	}
	if got := auditRows(t, f.b, "deposit", ok.ID); strings.Join(got, ",") != "create" {
		t.Errorf("audit rows %v", got)
	}
	ds, err := bank.FindDeposits(ctx, domain.DepositFilter{})
	if err != nil || len(ds) != 1 || len(ds[0].Payments) != 2 || ds[0].Payments[0].ClientName != "Nordlicht Logistik GmbH" ||
		!ds[0].Total.Equal(eur("200")) || ds[0].AccountName != "Operating account" {
		t.Fatalf("FindDeposits = %+v, %v", ds, err)
	}
	// A payment is in one deposit at most, cannot be deleted and cannot
	// change its amount while it is.
	err = bank.CreateDeposit(ctx, dep("120.00", p2))
	if !strings.Contains(domain.FieldErrors(err)["payments"], "is already in another deposit") {
		t.Errorf("a payment deposited twice: %v", err)
	}
	if err := f.b.Payments().DeletePayment(ctx, p2); domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(err.Error(), "it is in deposit") {
		t.Errorf("deleting a deposited payment: %v", err)
	}
	changed := *f.pay[1]
	changed.Amount = eur("121.00")
	if err := f.b.Payments().UpdatePayment(ctx, &changed); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("changing a deposited payment's amount: %v", err)
	}
	und, err := bank.UndepositedPayments(ctx, domain.UndepositedFilter{Currency: "EUR"})
	if err != nil || len(und) != 1 || und[0].PaymentID != f.pay[0].ID {
		t.Errorf("UndepositedPayments = %+v, %v; want payment 1 only", und, err)
	}
}

func TestImportStatementSuggestsAndIsIdempotent(t *testing.T) {
	f := bankBook(t)
	ctx := context.Background()
	bank := f.b.Bank()
	// The cheque and the cash went to the bank together on the 4th.
	d := &domain.Deposit{AccountID: f.acct.ID, Date: day("2027-03-04"), Total: eur("200.00"), Reference: "4711",
		Payments: []domain.DepositPayment{{PaymentID: f.pay[1].ID}, {PaymentID: f.pay[2].ID}}}
	if err := bank.CreateDeposit(ctx, d); err != nil {
		t.Fatal(err)
	}

	dry := f.importCSV(t, statementCSV, true)
	if dry.Read != 5 || dry.New != 5 || dry.Suggested != 2 || dry.ID != 0 || countRows(t, f.b, "bank_lines") != 0 ||
		countRows(t, f.b, "statement_imports") != 0 {
		t.Fatalf("dry run = %+v, and it left %d lines", dry, countRows(t, f.b, "bank_lines"))
	}
	imp := f.importCSV(t, statementCSV, false)
	if imp.Read != 5 || imp.New != 5 || imp.Suggested != 2 {
		t.Fatalf("import = %+v", imp)
	}
	_, got := f.lines(t)
	want := []string{
		"2027-03-02 1000.00 suggested Payment 1 from Nordlicht Logistik GmbH, 2027-03-01",
		"2027-03-05 200.00 suggested Deposit 1 of 2027-03-04",
		"2027-03-06 300.00 unmatched",
		"2027-03-07 -9.90 unmatched",
		"2027-03-08 55.00 unmatched",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The same file again adds nothing; a later one that overlaps it adds
	// only its new line.
	again := f.importCSV(t, statementCSV, false)
	if again.Read != 5 || again.New != 0 || again.Duplicates() != 5 || countRows(t, f.b, "bank_lines") != 5 {
		t.Errorf("second import = %+v, %d lines", again, countRows(t, f.b, "bank_lines"))
	}
	later := f.importCSV(t, "Buchungstag;Verwendungszweck;Betrag;Referenz\n08.03.2027;Unbekannt;55,00;\n09.03.2027;Zinsen;0,12;\n", false)
	if later.New != 1 || countRows(t, f.b, "bank_lines") != 6 {
		t.Errorf("overlapping import = %+v", later)
	}
	acct, _ := bank.FindBankAccountByName(ctx, "operating ACCOUNT")
	if acct == nil || acct.MappingName != "Hausbank CSV" {
		t.Errorf("the account does not remember its mapping: %+v", acct)
	}

	// An amount with more decimals than the currency has is rounded half
	// away from zero, and its line says so; the file is not refused.
	st := &domain.BankStatement{Format: domain.FormatCSV, Lines: []domain.BankStatementLine{
		{Date: day("2027-03-10"), Amount: dec("1.005"), Text: "x", Line: 2}}}
	imp, err := bank.ImportStatement(ctx, domain.ImportRequest{AccountID: f.acct.ID, Statement: st})
	if err != nil || imp.New != 1 || imp.Rounded != 1 || countRows(t, f.b, "bank_lines") != 7 {
		t.Fatalf("an amount in tenths of a cent: %+v, %v", imp, err)
	}
	ls, _ := bank.FindBankLines(ctx, domain.BankLineFilter{Limit: 1})
	if len(ls) != 1 || ls[0].Date != day("2027-03-10") || ls[0].Amount.Fixed() != "1.01" || ls[0].ImportNote != "rounded from 1.005 EUR" {
		t.Errorf("the rounded line: %+v", ls)
	}
}

func TestImportOFXFindsItsAccountAndDedupesByFITID(t *testing.T) {
	f := bankBook(t)
	ctx := context.Background()
	ofx := "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR" +
		"<BANKACCTFROM><BANKID>X<ACCTID>DE02120300000000202051<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>" +
		"<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20270302<TRNAMT>1000.00<FITID>F1<NAME>Nordlicht<MEMO>INV-2027-00001</STMTTRN>" +
		"<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20270302<TRNAMT>1000.00<FITID>F2<NAME>Nordlicht<MEMO>INV-2027-00001</STMTTRN>" +
		"</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
	st, err := domain.ParseOFX(strings.NewReader(ofx))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		imp, err := f.b.Bank().ImportStatement(ctx, domain.ImportRequest{Statement: st, FileName: "march.ofx"})
		if err != nil {
			t.Fatal(err)
		}
		// Two identical transactions with their own FITIDs are two lines;
		// one payment can be the suggestion of only one of them.
		if wantNew := []int{2, 0}[i]; imp.AccountID != f.acct.ID || imp.New != wantNew || imp.Suggested != 1 {
			t.Errorf("import %d = %+v, want %d new lines in account %d", i+1, imp, wantNew, f.acct.ID)
		}
	}
	st.Currency = "USD"
	_, err = f.b.Bank().ImportStatement(ctx, domain.ImportRequest{Statement: st})
	if fe := domain.FieldErrors(err); !strings.Contains(fe["account"], "the statement is in USD but the account Operating account is in EUR") {
		t.Errorf("a USD statement into a EUR account: %v", err)
	}
	st.Currency, st.AccountNumber = "EUR", "999"
	_, err = f.b.Bank().ImportStatement(ctx, domain.ImportRequest{Statement: st})
	if fe := domain.FieldErrors(err); !strings.Contains(fe["account"], "no bank account has the number 999") {
		t.Errorf("an unknown account number: %v", err)
	}
	if n := countRows(t, f.b, "bank_lines"); n != 2 {
		t.Errorf("%d lines after refused imports, want 2", n)
	}
}

func TestReconcileConfirmCreateIgnoreReopen(t *testing.T) {
	f := bankBook(t)
	ctx := context.Background()
	bank := f.b.Bank()
	f.importCSV(t, statementCSV, false)
	ls, _ := f.lines(t)
	transfer, deposit, bolt, fee, unknown := ls[0], ls[1], ls[2], ls[3], ls[4]

	// Confirming the suggestion reconciles the line with payment 1, which
	// can then be neither deleted nor deposited, nor confirmed twice.
	if err := bank.ConfirmMatch(ctx, transfer.ID, domain.MatchTarget{}); err != nil {
		t.Fatal(err)
	}
	l, _ := bank.FindBankLineByID(ctx, transfer.ID)
	if l.Status != domain.LineReconciled || l.PaymentID != f.pay[0].ID || !strings.Contains(l.MatchNote, "INV-2027-00001 in the text") {
		t.Errorf("after confirming: %+v", l)
	}
	if got := auditRows(t, f.b, "bank_line", transfer.ID); strings.Join(got, ",") != "reconcile" {
		t.Errorf("audit %v", got)
	}
	if err := f.b.Payments().DeletePayment(ctx, f.pay[0].ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("deleting a reconciled payment: %v", err)
	}
	if err := bank.ConfirmMatch(ctx, transfer.ID, domain.MatchTarget{}); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("confirming twice: %v", err)
	}
	err := bank.CreateDeposit(ctx, &domain.Deposit{AccountID: f.acct.ID, Date: day("2027-03-05"), Total: eur("1000"),
		Payments: []domain.DepositPayment{{PaymentID: f.pay[0].ID}}})
	if !strings.Contains(domain.FieldErrors(err)["payments"], "it is reconciled with the statement line") {
		t.Errorf("depositing a reconciled payment: %v", err)
	}

	// The deposit line had no deposit to suggest; naming the wrong payment
	// or nothing is refused and changes nothing.
	for _, c := range []struct {
		target domain.MatchTarget
		code   string
		want   string
	}{
		{domain.MatchTarget{}, domain.EINVALID, "has no suggested match"},
		{domain.MatchTarget{PaymentID: f.pay[1].ID}, domain.EINVALID, "payment 2 is 120.00 EUR but the line is 200.00 EUR"},
		{domain.MatchTarget{PaymentID: 99}, domain.EINVALID, "payment 99 does not exist"},
		{domain.MatchTarget{DepositID: 7}, domain.EINVALID, "deposit 7 does not exist"},
		{domain.MatchTarget{PaymentID: 1, DepositID: 1}, domain.EINVALID, "not both"},
	} {
		if err := bank.ConfirmMatch(ctx, deposit.ID, c.target); domain.ErrorCode(err) != c.code || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ConfirmMatch(%+v) = %v, want %s %q", c.target, err, c.code, c.want)
		}
	}
	// A deposit recorded afterwards is suggested for the line at once.
	d := &domain.Deposit{AccountID: f.acct.ID, Date: day("2027-03-04"), Total: eur("200.00"),
		Payments: []domain.DepositPayment{{PaymentID: f.pay[1].ID}, {PaymentID: f.pay[2].ID}}}
	if err := bank.CreateDeposit(ctx, d); err != nil {
		t.Fatal(err)
	}
	if l, _ := bank.FindBankLineByID(ctx, deposit.ID); l.Status != domain.LineSuggested || l.DepositID != d.ID {
		t.Errorf("after the deposit: %+v", l)
	}
	// Made by mistake, it is taken apart: the line is unmatched again and
	// its payments can be deposited once more.
	if err := bank.DeleteDeposit(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if l, _ := bank.FindBankLineByID(ctx, deposit.ID); l.Status != domain.LineUnmatched || l.DepositID != 0 {
		t.Errorf("after deleting the deposit: %+v", l)
	}
	if got := auditRows(t, f.b, "deposit", d.ID); strings.Join(got, ",") != "create,delete" {
		t.Errorf("deposit audit %v", got)
	}
	if err := bank.DeleteDeposit(ctx, d.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("deleting it twice: %v", err)
	}
	d = &domain.Deposit{AccountID: f.acct.ID, Date: day("2027-03-04"), Total: eur("200.00"),
		Payments: []domain.DepositPayment{{PaymentID: f.pay[1].ID}, {PaymentID: f.pay[2].ID}}}
	if err := bank.CreateDeposit(ctx, d); err != nil {
		t.Fatalf("depositing its payments again: %v", err)
	}
	if err := bank.ConfirmMatch(ctx, deposit.ID, domain.MatchTarget{DepositID: d.ID}); err != nil {
		t.Fatal(err)
	}
	if err := bank.DeleteDeposit(ctx, d.ID); domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(err.Error(), "reopen the line first") {
		t.Errorf("deleting a reconciled deposit: %v", err)
	}

	// Bolt's line names its invoice: one step records the payment, pays
	// the invoice and reconciles the line.
	p, err := bank.PaymentFromLine(ctx, bolt.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.ClientID != f.bolt.ID || !p.Amount.Equal(eur("300")) || p.Date != day("2027-03-06") || len(p.Allocations) != 1 ||
		p.Allocations[0].DocumentID != f.inv3.ID || !p.Allocations[0].Amount.Equal(dec("300")) || openOn(t, f.b, f.inv3) != "0.00" {
		t.Errorf("payment from Bolt's line: %+v", p)
	}
	if l, _ := bank.FindBankLineByID(ctx, bolt.ID); l.Status != domain.LineReconciled || l.PaymentID != p.ID {
		t.Errorf("Bolt's line after the payment: %+v", l)
	}
	// The unknown sender's line names no invoice: the client must be chosen,
	// and then the money is credit. Money out is never a payment.
	if _, err := bank.PaymentFromLine(ctx, unknown.ID, 0); domain.FieldErrors(err)["client"] == "" {
		t.Errorf("a payment from a line without an invoice number: %v", err)
	}
	if _, err := bank.PaymentFromLine(ctx, fee.ID, f.nordlicht.ID); domain.ErrorCode(err) != domain.EINVALID ||
		!strings.Contains(err.Error(), "money out") {
		t.Errorf("a payment from money out: %v", err)
	}
	credit, err := bank.PaymentFromLine(ctx, unknown.ID, f.nordlicht.ID)
	if err != nil || len(credit.Allocations) != 0 || !credit.Unapplied().Equal(dec("55")) {
		t.Errorf("credit from the unknown line: %+v, %v", credit, err)
	}
	if err := bank.IgnoreLine(ctx, fee.ID); err != nil {
		t.Fatal(err)
	}
	if err := bank.IgnoreLine(ctx, fee.ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("ignoring twice: %v", err)
	}
	_, got := f.lines(t)
	want := []string{
		"2027-03-02 1000.00 reconciled Payment 1 from Nordlicht Logistik GmbH, 2027-03-01",
		"2027-03-05 200.00 reconciled Deposit 1 of 2027-03-04",
		"2027-03-06 300.00 reconciled Payment 4 from Bolt AG, 2027-03-06",
		"2027-03-07 -9.90 ignored",
		"2027-03-08 55.00 reconciled Payment 5 from Nordlicht Logistik GmbH, 2027-03-08",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n, _ := bank.CountBankLines(ctx, domain.BankLineFilter{Unreconciled: true}); n != 0 {
		t.Errorf("%d lines unreconciled, want none", n)
	}
	// Reopening the transfer's line makes payment 1 its suggestion again.
	if err := bank.ReopenLine(ctx, transfer.ID); err != nil {
		t.Fatal(err)
	}
	open, _ := bank.FindBankLines(ctx, domain.BankLineFilter{Unreconciled: true})
	if len(open) != 1 || open[0].ID != transfer.ID || open[0].Status != domain.LineSuggested || open[0].PaymentID != f.pay[0].ID {
		t.Errorf("unreconciled after reopening: %+v", open)
	}
	if err := bank.ReopenLine(ctx, transfer.ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("reopening an open line: %v", err)
	}
	// A payment that is only a suggestion can be deleted; its line is
	// unmatched again.
	if err := f.b.Payments().DeletePayment(ctx, f.pay[0].ID); err != nil {
		t.Fatal(err)
	}
	if l, _ := bank.FindBankLineByID(ctx, transfer.ID); l.Status != domain.LineUnmatched || l.PaymentID != 0 {
		t.Errorf("after deleting the suggested payment: %+v", l)
	}
	requireNoDrift(t, f.b, "reconciling, recording and reopening bank lines")
}

func TestBankAccountsAndMappings(t *testing.T) {
	f := bankBook(t)
	ctx := context.Background()
	bank := f.b.Bank()
	dup := &domain.BankAccount{Name: "OPERATING ACCOUNT", Currency: "EUR"}
	if err := bank.CreateBankAccount(ctx, dup); domain.ErrorCode(err) != domain.ECONFLICT || dup.ID != 0 {
		t.Errorf("a second account of the same name: %v", err)
	}
	m := germanBank
	if err := bank.SaveBankMapping(ctx, &m); err != nil {
		t.Fatal(err)
	}
	changed := germanBank
	changed.Name, changed.Skip = "hausbank csv", 3
	if err := bank.SaveBankMapping(ctx, &changed); err != nil || changed.ID != m.ID {
		t.Fatalf("saving under the same name: %v, ID %d want %d", err, changed.ID, m.ID)
	}
	got, err := bank.FindBankMappingByName(ctx, "HAUSBANK CSV")
	if err != nil || got.Skip != 3 || got.Delimiter != ';' || !got.DecimalComma || got.DateOrder != domain.OrderDMY {
		t.Errorf("FindBankMappingByName = %+v, %v", got, err)
	}
	bad := germanBank
	bad.Amount = ""
	if err := bank.SaveBankMapping(ctx, &bad); domain.FieldErrors(err)["amount"] == "" {
		t.Errorf("a mapping without amounts: %v", err)
	}
	if ms, _ := bank.FindBankMappings(ctx); len(ms) != 1 {
		t.Errorf("%d mappings, want 1", len(ms))
	}
	if got := auditRows(t, f.b, "bank_mapping", m.ID); strings.Join(got, ",") != "create,update" {
		t.Errorf("audit %v", got)
	}
}

func TestBankQueriesUseIndexes(t *testing.T) {
	b := openTemp(t)
	for _, q := range []struct {
		q     string
		args  []any
		index string
	}{
		{`SELECT l.id FROM bank_lines l WHERE l.account_id = ? AND l.status IN ('unmatched', 'suggested') AND l.amount_minor > 0
			ORDER BY l.date, l.id`, []any{1}, "bank_lines_open"},
		{`SELECT l.id FROM bank_lines l ORDER BY l.date DESC, l.id DESC LIMIT 200`, nil, "bank_lines_by_date"},
		{`SELECT l.id FROM bank_lines l WHERE l.status IN ('unmatched', 'suggested') ORDER BY l.date DESC, l.id DESC LIMIT 200`,
			nil, "bank_lines_open_by_date"},
		{`SELECT l.id FROM bank_lines l WHERE l.account_id = ? ORDER BY l.date DESC, l.id DESC LIMIT 200`, []any{1}, "bank_lines_by_account"},
		{`SELECT 1 FROM bank_lines l WHERE l.payment_id = ? AND l.status = 'reconciled'`, []any{1}, "bank_lines_payment"},
		{`SELECT p.id FROM payments p WHERE p.currency = ? AND p.date BETWEEN ? AND ?
			AND NOT EXISTS (SELECT 1 FROM deposit_payments x WHERE x.payment_id = p.id)`, []any{"EUR", "2027-01-01", "2027-02-01"},
			"payments_by_currency"},
		{`SELECT d.id FROM deposits d WHERE d.account_id = ? AND d.date BETWEEN ? AND ?`, []any{1, "a", "b"}, "deposits_by_account"},
	} {
		checkPlan(t, b.db, q.q, q.q, q.args, q.index)
	}
}

// An OFX file with one amount beyond the cent and one transaction without a
// FITID imports whole: the amount is rounded half away from zero with a note
// on its line, the FITID-less line is stored under its content hash, and a
// second import of the file adds nothing.
func TestImportOFXRoundsAnAmountAndKeepsLinesWithoutFITID(t *testing.T) {
	f := bankBook(t)
	ctx := context.Background()
	ofx := "<OFX><CURDEF>EUR<ACCTID>DE02120300000000202051<BANKTRANLIST>" +
		"<STMTTRN><DTPOSTED>20270302<TRNAMT>-12.3456<FITID>C-1<NAME>Card payment abroad</STMTTRN>" +
		"<STMTTRN><DTPOSTED>20270303<TRNAMT>-3.50<FITID><NAME>Coffee</STMTTRN>" +
		"<STMTTRN><DTPOSTED>20270304<TRNAMT>20.00<FITID>C-3<NAME>Refund</STMTTRN>" +
		"</BANKTRANLIST></OFX>"
	st, err := domain.ParseOFX(strings.NewReader(ofx))
	if err != nil {
		t.Fatal(err)
	}
	for i, wantNew := range []int{3, 0} {
		imp, err := f.b.Bank().ImportStatement(ctx, domain.ImportRequest{Statement: st, FileName: "march.ofx"})
		if err != nil {
			t.Fatalf("import %d: %v", i+1, err)
		}
		if imp.New != wantNew || imp.Read != 3 || imp.Rounded != 1 {
			t.Errorf("import %d = %+v, want %d new, 1 rounded", i+1, imp, wantNew)
		}
	}
	ls, err := f.b.Bank().FindBankLines(ctx, domain.BankLineFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range ls {
		got = append(got, fmt.Sprintf("%s %s %q", l.Date, l.Amount.Fixed(), l.ImportNote))
	}
	sort.Strings(got)
	want := []string{`2027-03-02 -12.35 "rounded from -12.3456 EUR"`, `2027-03-03 -3.50 ""`, `2027-03-04 20.00 ""`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := count(t, f.b, `SELECT count(*) FROM bank_lines WHERE dedupe_key LIKE 'ofx-hash:%'`); n != 1 {
		t.Errorf("%d lines stored under a content hash, want 1", n)
	}
}
