package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bankCLIBook is receivablesBook with a bank account, the Hausbank CSV
// mapping and three payments from Nordlicht: 1,000.00 by transfer on
// 2027-03-01 paying INV-2027-00001 (payment 1), a cheque of 120.00 on
// 2027-03-02 (2) and 80.00 cash on 2027-03-03 (3).
func bankCLIBook(t *testing.T) string {
	t.Helper()
	db := receivablesBook(t)
	for _, args := range [][]string{
		{"bank", "account", "add", "--name", "Operating account", "--currency", "EUR", "--number", "DE02120300000000202051"},
		{"bank", "mapping", "set", "--name", "Hausbank", "--delimiter", ";", "--decimal-comma", "--date-order", "dmy",
			"--date", "Buchungstag", "--amount", "Betrag", "--text", "Verwendungszweck"},
		{"payments", "add", "--client", "Nordlicht Logistik GmbH", "--amount", "1000", "--date", "2027-03-01",
			"--reference", "TRF INV-2027-00001", "--allocate", "auto"},
		{"payments", "add", "--client", "Nordlicht Logistik GmbH", "--amount", "120", "--date", "2027-03-02", "--method", "cheque"},
		{"payments", "add", "--client", "Nordlicht Logistik GmbH", "--amount", "80", "--date", "2027-03-03", "--method", "cash"},
	} {
		if code, out, errOut := ctl(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("%q: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	return db
}

// hausbankCSV is a statement with a BOM, ';' between cells, decimal commas
// and dd.mm.yyyy dates: the transfer of payment 1, the deposit of payments
// 2 and 3, a transfer for INV-2027-00002 nobody recorded, and a fee.
const hausbankCSV = "\uFEFFBuchungstag;Verwendungszweck;Betrag\n" +
	"02.03.2027;Nordlicht Logistik GmbH TRF INV-2027-00001;1.000,00\n" +
	"05.03.2027;Bareinzahlung Beleg 77;200,00\n" +
	"06.03.2027;Nordlicht Rechnung INV 2027 00002;500,00\n" +
	"07.03.2027;Kontoführungsgebühr;-9,90\n"

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBankImportMatchAndReconcile(t *testing.T) {
	db := bankCLIBook(t)
	file := writeFile(t, "maerz.csv", hausbankCSV)
	run := func(args ...string) string {
		t.Helper()
		code, out, errOut := ctl(t, append([]string{"--db", db}, args...)...)
		if code != 0 {
			t.Fatalf("%q: exit %d\n%s%s", args, code, out, errOut)
		}
		return out
	}
	expect := func(out string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("output lacks %q:\n%s", w, out)
			}
		}
	}
	expect(run("deposits", "add", "--payments", "2,3", "--date", "2027-03-04", "--reference", "Beleg 77"),
		"Recorded deposit 1: 200.00 EUR into Operating account on 2027-03-04.", "Payment 2  2027-03-02  Nordlicht Logistik GmbH  120.00 EUR")
	expect(run("deposits", "list"), "1   2027-03-04  Operating account  200.00 EUR  Beleg 77   2,3")

	expect(run("bank", "import", file, "--mapping", "hausbank", "--dry-run"), "Dry run, nothing was written.",
		"Read 4 lines from maerz.csv into Operating account (EUR): 4 new, 0 already imported.", "2 lines would have a suggested match.")
	if out := run("bank", "lines"); strings.Count(out, "\n") != 1 {
		t.Fatalf("a dry run stored lines:\n%s", out)
	}
	expect(run("bank", "import", file, "--mapping", "Hausbank"), "4 new, 0 already imported.",
		"2 lines of the account have a suggested match; 4 still to reconcile")
	// The account remembers its mapping, and the same file adds nothing.
	expect(run("bank", "import", file), "0 new, 4 already imported.")
	expect(run("bank", "accounts"), "Operating account  EUR       DE02120300000000202051  Hausbank     4")
	expect(run("bank", "lines", "--unreconciled"),
		"suggested  Nordlicht Logistik GmbH TRF INV-2027-00001  Payment 1 from Nordlicht Logistik GmbH, 2027-03-01 (same amount, 1 day apart, TRF INV-2027-00001 in the text, client's name in the text)",
		"suggested  Bareinzahlung Beleg 77", "Deposit 1 of 2027-03-04 (same amount, 1 day apart, Beleg 77 in the text)",
		"3   2027-03-06  500.00 EUR    unmatched", "4   2027-03-07  -9.90 EUR     unmatched")

	expect(run("bank", "confirm", "1"), "Reconciled line 1 (2027-03-02, 1,000.00 EUR) with payment 1 from Nordlicht Logistik GmbH, 2027-03-01.")
	expect(run("bank", "confirm", "2", "--deposit", "1"), "Reconciled line 2 (2027-03-05, 200.00 EUR) with deposit 1 of 2027-03-04.")
	expect(run("bank", "pay", "3"), "Recorded payment 4: 500.00 EUR from Nordlicht Logistik GmbH on 2027-03-06, and reconciled line 3 with it.",
		"Allocated to INV-2027-00002  500.00 EUR", "Unapplied credit: 0.00 EUR")
	expect(run("bank", "ignore", "4"), "Ignored line 4")
	if out := run("bank", "lines", "--unreconciled"); strings.Count(out, "\n") != 1 {
		t.Errorf("lines left unreconciled:\n%s", out)
	}
	expect(run("bank", "lines", "--status", "reconciled"), "Payment 4 from Nordlicht Logistik GmbH, 2027-03-06")
	expect(run("bank", "reopen", "4"), "Reopened line 4")
	expect(run("bank", "match"), "Operating account: 0 lines with a suggested match, 1 unreconciled in all.")
	code, out, _ := ctl(t, "--db", db, "aging", "--as-of", "2027-03-31", "--currency", "EUR", "--csv")
	if recs := readCSV(t, out); code != 0 || len(recs) != 2 || recs[1][6] != "0.00" {
		t.Errorf("after the bank payment the aging is %v", recs)
	}
}

func TestBankImportOFX(t *testing.T) {
	db := bankCLIBook(t)
	ofx := `<?xml version="1.0" encoding="UTF-8"?><?OFX OFXHEADER="200" VERSION="220"?>
<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR</CURDEF>
<BANKACCTFROM><BANKID>B</BANKID><ACCTID>DE02120300000000202051</ACCTID></BANKACCTFROM><BANKTRANLIST>
<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20270302</DTPOSTED><TRNAMT>1000.00</TRNAMT><FITID>A1</FITID><NAME>Nordlicht</NAME><MEMO>INV-2027-00001</MEMO></STMTTRN>
</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`
	file := writeFile(t, "march.qfx", ofx)
	for i, want := range []string{"1 new, 0 already imported", "0 new, 1 already imported"} {
		code, out, errOut := ctl(t, "--db", db, "bank", "import", file)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("import %d: exit %d, want %q\n%s%s", i+1, code, want, out, errOut)
		}
	}
}

func TestBankCommandsRejectBadInputAndChangeNothing(t *testing.T) {
	db := bankCLIBook(t)
	good := writeFile(t, "maerz.csv", hausbankCSV)
	badDate := writeFile(t, "bad.csv", "Buchungstag;Verwendungszweck;Betrag\n31.02.2027;X;1,00\n01.03.2027;Y;zehn\n")
	usd := writeFile(t, "usd.ofx", "<OFX><CURDEF>USD<ACCTID>DE02120300000000202051<STMTTRN><DTPOSTED>20270301<TRNAMT>5<FITID>Z</STMTTRN></OFX>")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"bank", "import", good}, 1, "--mapping: choose the CSV mapping for Operating account's files"},
		{[]string{"bank", "import", good, "--mapping", "Nope"}, 1, `--mapping: there is no CSV mapping called "Nope".`},
		{[]string{"bank", "import", good, "--account", "Savings"}, 1, `--account: there is no bank account called "Savings".`},
		{[]string{"bank", "import", badDate, "--mapping", "Hausbank"}, 1,
			`bad.csv: line 2: "31.02.2027" is not a dd/mm/yyyy date; line 3: "zehn" is not an amount; write it like 1234,56.`},
		{[]string{"bank", "import", usd}, 1, "--account: the statement is in USD but the account Operating account is in EUR."},
		{[]string{"bank", "import", filepath.Join(t.TempDir(), "missing.csv")}, 1, "cannot read it"},
		{[]string{"bank", "import"}, 2, "bank import FILE"},
		{[]string{"bank", "mapping", "set", "--name", "X", "--date", "1", "--text", "2"}, 1,
			"--amount: choose the amount column, or the debit and credit columns."},
		{[]string{"bank", "mapping", "set", "--name", "X", "--date", "D", "--amount", "A", "--text", "T", "--delimiter", "|"}, 1,
			"--delimiter: choose ',', ';' or tab as the delimiter"},
		{[]string{"bank", "mapping", "set", "--name", "X", "--date", "D", "--amount", "A", "--text", "T", "--skip", "101"}, 1,
			"--skip: skip between 0 and 100 lines"},
		{[]string{"bank", "mapping", "set", "--name", "X", "--date", "D", "--amount", "A", "--text", "T", "--no-header"}, 1,
			`--date: the date column "D" is a header, but the file has no header row; give its number.`},
		{[]string{"bank", "account", "add", "--name", "operating ACCOUNT"}, 1, "--name: there is already an account with this name."},
		{[]string{"bank", "account", "add", "--name", "Cash box", "--currency", "XYZ"}, 1, "--currency: "},
		{[]string{"bank", "lines", "--status", "done"}, 1, `--status: choose unmatched, suggested, reconciled or ignored, not "done".`},
		{[]string{"bank", "confirm", "abc"}, 2, `"abc" is not a statement line ID`},
		{[]string{"deposits", "delete", "x"}, 2, `"x" is not a deposit ID; deposits delete DEPOSIT`},
		{[]string{"deposits", "delete", "99"}, 1, "There is no deposit 99."},
		{[]string{"bank", "confirm", "99"}, 1, "Statement line 99 does not exist."},
		{[]string{"bank", "pay", "99", "--client", "Nobody"}, 1, `--client: no client is called "Nobody".`},
		{[]string{"deposits", "add", "--payments", "2,3", "--date", "2027-03-04", "--total", "250"}, 1,
			"--total: the total is 250.00 EUR but the payments add up to 200.00 EUR."},
		{[]string{"deposits", "add", "--payments", "2,3", "--date", "2027-03-02"}, 1,
			"--payments: payment 3 from Nordlicht Logistik GmbH was received on 2027-03-03, after the deposit."},
		{[]string{"deposits", "add", "--payments", "2,x", "--date", "2027-03-04"}, 1, `--payments: "x" is not a payment's ID`},
		{[]string{"deposits", "add", "--date", "2027-03-04"}, 1, "--payments: choose the payments paid in."},
		{[]string{"deposits", "add", "--payments", "2,9", "--date", "2027-03-04", "--total", "120"}, 1, "--payments: payment 9 does not exist."},
		{[]string{"deposits", "add", "--payments", "2", "--date", "4.3.2027"}, 2, "--date"},
	} {
		code, _, errOut := ctl(t, append([]string{"--db", db}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d (want %d), stderr %q (want it to mention %q)", c.args, code, c.code, errOut, c.want)
		}
	}
	for _, list := range [][]string{{"bank", "lines"}, {"deposits", "list"}} {
		if _, out, _ := ctl(t, append([]string{"--db", db}, list...)...); strings.Count(out, "\n") != 1 {
			t.Errorf("after only bad input %q lists:\n%s", list, out)
		}
	}
	if _, out, _ := ctl(t, "--db", db, "bank", "mappings"); strings.Count(out, "\n") != 2 {
		t.Errorf("after only bad input there is more than one mapping:\n%s", out)
	}
}

// An online bank's comma-separated export with quoted decimal-comma amounts
// ("-123,45 €") and lines ended by a lone CR reads; a card export's
// purchases, positive in the file, come in as money out with --flip-signs.
func TestBankImportCommaDecimalCommaCRAndFlip(t *testing.T) {
	db := bankCLIBook(t)
	online := strings.ReplaceAll("\"Buchungsdatum\",\"Empfänger\",\"Verwendungszweck\",\"Betrag\"\n"+
		"\"08.03.2027\",\"Nordlicht Logistik GmbH\",\"INV-2027-00002\",\"500,00 €\"\n"+
		"\"09.03.2027\",\"Stadtwerke\",\"Strom\",\"-123,45 €\"\n", "\n", "\r")
	file := writeFile(t, "umsaetze.csv", online)
	for _, args := range [][]string{
		{"bank", "mapping", "set", "--name", "Online", "--delimiter", ",", "--decimal-comma", "--date-order", "dmy",
			"--date", "Buchungsdatum", "--amount", "Betrag", "--text", "Empfänger+Verwendungszweck"},
		{"bank", "import", file, "--mapping", "Online"},
	} {
		if code, out, errOut := ctl(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("%q: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	card := writeFile(t, "card.csv", "Date,Description,Amount\r03/10/2027,OFFICE SUPPLIES,45.99\r03/11/2027,PAYMENT THANK YOU,-500.00\r")
	for _, args := range [][]string{
		{"bank", "mapping", "set", "--name", "Card", "--delimiter", ",", "--date-order", "mdy", "--date", "Date", "--amount", "Amount",
			"--text", "Description"},
		{"bank", "import", card, "--mapping", "Card", "--flip-signs"},
	} {
		if code, out, errOut := ctl(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("%q: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	_, out, _ := ctl(t, "--db", db, "bank", "lines")
	for _, want := range []string{"500.00", "-123.45", "Stadtwerke Strom", "-45.99", "OFFICE SUPPLIES"} {
		if !strings.Contains(out, want) {
			t.Errorf("the lines do not show %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, " 45.99") || strings.Contains(out, "-500.00") {
		t.Errorf("the card's signs were not flipped:\n%s", out)
	}
}

// An OFX line beyond the cent is rounded with a note, a line without a FITID
// is kept, and the rest of the file is not held back.
func TestBankImportOFXRoundsAndKeepsLinesWithoutFITID(t *testing.T) {
	db := bankCLIBook(t)
	ofx := "<OFX><CURDEF>EUR<ACCTID>DE02120300000000202051<BANKTRANLIST>" +
		"<STMTTRN><DTPOSTED>20270310<TRNAMT>-12.3456<FITID>K-1<NAME>Card abroad</STMTTRN>" +
		"<STMTTRN><DTPOSTED>20270311<TRNAMT>-3.50<FITID><NAME>Coffee</STMTTRN></BANKTRANLIST></OFX>"
	file := writeFile(t, "card.ofx", ofx)
	code, out, errOut := ctl(t, "--db", db, "bank", "import", file)
	if code != 0 || !strings.Contains(out, "2 new") || !strings.Contains(out, "1 line had more decimals than EUR has and was rounded to it, half away from zero") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
	}
	_, out, _ = ctl(t, "--db", db, "bank", "lines")
	if !strings.Contains(out, "-12.35") || !strings.Contains(out, "rounded from -12.3456 EUR") || !strings.Contains(out, "-3.50") {
		t.Errorf("bank lines:\n%s", out)
	}
	if code, out, _ = ctl(t, "--db", db, "bank", "import", file); code != 0 || !strings.Contains(out, "0 new, 2 already imported") {
		t.Errorf("a second import: exit %d\n%s", code, out)
	}
}
