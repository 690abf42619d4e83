package domain

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// A German bank's export: a BOM, two lines of preamble, ';' between cells,
// amounts with a decimal comma and thousands dots, dates as dd.mm.yyyy, an
// empty line and a footer with no date or amount.
const sparkasseCSV = "\uFEFFKontoauszug Girokonto;;;;\n" +
	"IBAN DE02 1203 0000 0000 2020 51;;;;\n" +
	"Buchungstag;Valuta;Verwendungszweck;Betrag;Kundenreferenz\n" +
	"03.03.2027;03.03.2027;\"SEPA GUTSCHRIFT Nordlicht Logistik; INV-2027-00012\";1.250,00;E2E-0001\n" +
	"04.03.2027;04.03.2027;Kontoführung;-9,90;\n" +
	"\n" +
	"12.03.2027;12.03.2027;Müller & Söhne INV 2027 00013;+480,5;\n" +
	";;Endsaldo;;\n"

func sparkasse() BankMapping {
	return BankMapping{Name: "Sparkasse", Delimiter: ';', DecimalComma: true, DateOrder: OrderDMY, Header: true, Skip: 2,
		Date: "Buchungstag", Amount: "Betrag", Text: "Verwendungszweck", Reference: "kundenreferenz"}
}

func TestParseBankCSVWithBOMSemicolonsAndDecimalCommas(t *testing.T) {
	st, err := ParseBankCSV(strings.NewReader(sparkasseCSV), sparkasse())
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		date, amount, text, ref string
		line                    int
	}{
		{"2027-03-03", "1250", "SEPA GUTSCHRIFT Nordlicht Logistik; INV-2027-00012", "E2E-0001", 4},
		{"2027-03-04", "-9.9", "Kontoführung", "", 5},
		{"2027-03-12", "480.5", "Müller & Söhne INV 2027 00013", "", 7},
	}
	if st.Format != FormatCSV || len(st.Lines) != len(want) {
		t.Fatalf("got %+v, want %d lines", st, len(want))
	}
	for i, w := range want {
		l := st.Lines[i]
		if l.Date.String() != w.date || !l.Amount.Equal(decimal.RequireFromString(w.amount)) || l.Text != w.text ||
			l.Reference != w.ref || l.Line != w.line {
			t.Errorf("line %d = %+v, want %+v", i, l, w)
		}
	}
}

// The same file read with the day and month the other way round is refused
// line by line where that cannot be a date, and read differently where it can.
func TestParseBankCSVDateOrders(t *testing.T) {
	csv := "Date,Description,Amount\n03/04/2027,Payment A,100.00\n12/31/2027,Payment B,\"1,200.50\"\n"
	us := BankMapping{Name: "US", Delimiter: ',', DateOrder: OrderMDY, Header: true, Date: "date", Amount: "amount", Text: "description"}
	st, err := ParseBankCSV(strings.NewReader(csv), us)
	if err != nil {
		t.Fatal(err)
	}
	if st.Lines[0].Date.String() != "2027-03-04" || st.Lines[1].Date.String() != "2027-12-31" ||
		!st.Lines[1].Amount.Equal(decimal.RequireFromString("1200.50")) {
		t.Errorf("mm/dd read as %v and %v (%s)", st.Lines[0].Date, st.Lines[1].Date, st.Lines[1].Amount)
	}
	uk := us
	uk.DateOrder = OrderDMY
	_, err = ParseBankCSV(strings.NewReader(csv), uk)
	if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), `line 3: "12/31/2027" is not a dd/mm/yyyy date`) {
		t.Fatalf("mm/dd read as dd/mm: %v", err)
	}
	if strings.Contains(err.Error(), "line 2") {
		t.Errorf("03/04 is a dd/mm date too, yet it was refused: %v", err)
	}
	// Read as dd/mm, the first line alone is the 3rd of April.
	st, err = ParseBankCSV(strings.NewReader("Date,Description,Amount\n03/04/2027,Payment A,100.00\n"), uk)
	if err != nil || st.Lines[0].Date.String() != "2027-04-03" {
		t.Errorf("dd/mm: %v, %v", st, err)
	}
}

func TestParseBankCSVDebitCreditColumnsByNumberWithoutHeader(t *testing.T) {
	csv := "2027-03-01\tRent March\t1500.00\t\n2027-03-02\tClient X INV-7\t\t99.95\n"
	m := BankMapping{Name: "Tabbed", Delimiter: '\t', DateOrder: OrderYMD, Date: "1", Text: "2", Debit: "3", Credit: "4"}
	st, err := ParseBankCSV(strings.NewReader(csv), m)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Lines[0].Amount.Equal(decimal.RequireFromString("-1500")) || !st.Lines[1].Amount.Equal(decimal.RequireFromString("99.95")) {
		t.Errorf("amounts %s and %s, want -1500 and 99.95", st.Lines[0].Amount, st.Lines[1].Amount)
	}
}

func TestParseBankCSVReportsEveryBadLine(t *testing.T) {
	csv := "Date;Text;Amount\n31.02.2027;A;1,00\n01.03.2027;B;abc\n02.03.2027;C;\n03.03.2027;D;0,00\n04.03.2027;E;1.5\n"
	_, err := ParseBankCSV(strings.NewReader(csv), BankMapping{Name: "x", Delimiter: ';', DecimalComma: true,
		DateOrder: OrderDMY, Header: true, Date: "Date", Amount: "Amount", Text: "Text"})
	for _, want := range []string{
		`line 2: "31.02.2027" is not a dd/mm/yyyy date`,
		`line 3: "abc" is not an amount; write it like 1234,56`,
		"line 4: the amount is missing",
		"line 5: the amount is zero",
		`line 6: "1.5" is not an amount`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	_, err = ParseBankCSV(strings.NewReader("Datum;Text;Betrag\n"), BankMapping{Name: "x", Delimiter: ';', DateOrder: OrderDMY,
		Header: true, Date: "Date", Amount: "Betrag", Text: "Text"})
	if ErrorCode(err) != EINVALID || FieldErrors(err)["date"] == "" || !strings.Contains(err.Error(), `no column "Date"; its columns are Datum, Text, Betrag`) {
		t.Errorf("unknown column: %v", err)
	}
	_, err = ParseBankCSV(strings.NewReader("Date;Text;Amount\n"), BankMapping{Name: "x", Delimiter: ';', DateOrder: OrderDMY,
		Header: true, Date: "Date", Amount: "Amount", Text: "Text"})
	if err == nil || !strings.Contains(err.Error(), "no statement lines") {
		t.Errorf("empty file: %v", err)
	}
}

func TestBankMappingValidate(t *testing.T) {
	ok := BankMapping{Name: "Bank", Delimiter: ';', DateOrder: OrderDMY, Header: true, Date: "Date", Amount: "Amount", Text: "Payee+Purpose"}
	if err := ok.Validate(); err != nil {
		t.Fatalf("a good mapping: %v", err)
	}
	for _, c := range []struct {
		change func(m *BankMapping)
		field  string
	}{
		{func(m *BankMapping) { m.Name = " " }, "name"},
		{func(m *BankMapping) { m.Delimiter = '|' }, "delimiter"},
		{func(m *BankMapping) { m.DateOrder = "ydm" }, "dateOrder"},
		{func(m *BankMapping) { m.Date = "" }, "date"},
		{func(m *BankMapping) { m.Text = "" }, "text"},
		{func(m *BankMapping) { m.Amount = "" }, "amount"},
		{func(m *BankMapping) { m.Debit = "Soll" }, "amount"},
		{func(m *BankMapping) { m.Header = false }, "date"},
		{func(m *BankMapping) { m.Date = "0" }, "date"},
		{func(m *BankMapping) { m.Amount = "Net+Fee" }, "amount"},
		{func(m *BankMapping) { m.Skip = -1 }, "skip"},
	} {
		m := ok
		c.change(&m)
		if err := m.Validate(); FieldErrors(err)[c.field] == "" {
			t.Errorf("%+v: error %v, want one at %s", m, err, c.field)
		}
	}
}

func TestParseStatementAmountAndDate(t *testing.T) {
	for _, c := range []struct {
		in    string
		comma bool
		want  string
	}{
		{"1.234,56", true, "1234.56"}, {"-9,90", true, "-9.9"}, {"9,90-", true, "-9.9"}, {"1 234,00 €", true, "1234"},
		{"(12.50)", false, "-12.5"}, {"$1,234.56", false, "1234.56"}, {"+7", false, "7"}, {"12.50 EUR", false, "12.5"},
		{"1'234.50", false, "1234.5"},
	} {
		got, err := ParseStatementAmount(c.in, c.comma)
		if err != nil || !got.Equal(decimal.RequireFromString(c.want)) {
			t.Errorf("ParseStatementAmount(%q, %v) = %s, %v; want %s", c.in, c.comma, got, err, c.want)
		}
	}
	for _, c := range []struct {
		in    string
		comma bool
	}{{"1,234.56", true}, {"12,5", false}, {"1.2.3", false}, {"", false}, {"12e3", false}, {"1,23,456", false}} {
		if got, err := ParseStatementAmount(c.in, c.comma); err == nil {
			t.Errorf("ParseStatementAmount(%q, %v) = %s, want an error", c.in, c.comma, got)
		}
	}
	for _, c := range []struct {
		in    string
		order DateOrder
		want  string
	}{
		{"31.03.2027", OrderDMY, "2027-03-31"}, {"31-03-27", OrderDMY, "2027-03-31"}, {"03/31/2027", OrderMDY, "2027-03-31"},
		{"2027-03-31", OrderYMD, "2027-03-31"}, {"20270331", OrderYMD, "2027-03-31"}, {"29/02/2028 10:15", OrderDMY, "2028-02-29"},
	} {
		got, err := ParseStatementDate(c.in, c.order)
		if err != nil || got.String() != c.want {
			t.Errorf("ParseStatementDate(%q, %s) = %v, %v; want %s", c.in, c.order, got, err, c.want)
		}
	}
	for _, in := range []string{"29/02/2027", "31/04/2027", "2027-03-31", "1/2/3", "aa/bb/cccc", ""} {
		if got, err := ParseStatementDate(in, OrderDMY); err == nil {
			t.Errorf("ParseStatementDate(%q, dmy) = %v, want an error", in, got)
		}
	}
}

// ofxSGML is an OFX 1.02 file as banks still send them: a plain-text
// header, then SGML whose leaf elements are never closed, in Windows-1252.
const ofxSGML = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n" +
	"COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n" +
	"<OFX>\r\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20270331120000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>\r\n" +
	"<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STMTRS><CURDEF>USD\r\n" +
	"<BANKACCTFROM><BANKID>121000248<ACCTID>4412-889<ACCTTYPE>CHECKING</BANKACCTFROM>\r\n" +
	"<BANKTRANLIST><DTSTART>20270301<DTEND>20270331\r\n" +
	"<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20270302120000.000[-5:EST]<TRNAMT>1250.00<FITID>202703020001<NAME>ACME CORP<MEMO>INV-2027-00012 &amp; thanks\r\n</STMTTRN>\r\n" +
	"<STMTTRN><TRNTYPE>CHECK<DTPOSTED>20270305<TRNAMT>-45.10<FITID>202703050007<CHECKNUM>1044<NAME>Caf\xe9 Ren\xe9\r\n</STMTTRN>\r\n" +
	"</BANKTRANLIST><LEDGERBAL><BALAMT>1204.90<DTASOF>20270331</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n"

// ofxXML is an OFX 2.2 file: XML, every element closed, a transfer with
// the other account's ACCTID inside the transaction.
const ofxXML = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX>
  <BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STMTRS>
    <CURDEF>EUR</CURDEF>
    <BANKACCTFROM><BANKID>BANKDEFF</BANKID><ACCTID>DE02120300000000202051</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
    <BANKTRANLIST>
      <DTSTART>20270301</DTSTART><DTEND>20270331</DTEND>
      <STMTTRN>
        <TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20270310</DTPOSTED><TRNAMT>480.50</TRNAMT><FITID>X-1</FITID>
        <NAME>Müller &amp; Söhne</NAME><MEMO>Müller &amp; Söhne</MEMO><REFNUM>E2E 77</REFNUM>
      </STMTTRN>
      <STMTTRN>
        <TRNTYPE>XFER</TRNTYPE><DTPOSTED>20270311</DTPOSTED><TRNAMT>-100,00</TRNAMT><FITID>X-2</FITID>
        <NAME>Savings</NAME><BANKACCTTO><BANKID>B</BANKID><ACCTID>999</ACCTID><ACCTTYPE>SAVINGS</ACCTTYPE></BANKACCTTO>
      </STMTTRN>
    </BANKTRANLIST>
  </STMTRS></STMTTRNRS></BANKMSGSRSV1>
</OFX>
`

func TestParseOFX(t *testing.T) {
	for _, c := range []struct {
		name, file, account, currency string
		want                          []BankStatementLine
	}{
		{"SGML 1.x", ofxSGML, "4412-889", "USD", []BankStatementLine{
			{Date: NewDate(2027, 3, 2), Amount: decimal.RequireFromString("1250"), Text: "ACME CORP INV-2027-00012 & thanks", FITID: "202703020001", Line: 1},
			{Date: NewDate(2027, 3, 5), Amount: decimal.RequireFromString("-45.1"), Text: "Café René", Reference: "1044", FITID: "202703050007", Line: 2},
		}},
		{"XML 2.x", ofxXML, "DE02120300000000202051", "EUR", []BankStatementLine{
			{Date: NewDate(2027, 3, 10), Amount: decimal.RequireFromString("480.5"), Text: "Müller & Söhne", Reference: "E2E 77", FITID: "X-1", Line: 1},
			{Date: NewDate(2027, 3, 11), Amount: decimal.RequireFromString("-100"), Text: "Savings", FITID: "X-2", Line: 2},
		}},
	} {
		if f := DetectStatementFormat("statement.txt", []byte(c.file)); f != FormatOFX {
			t.Errorf("%s: detected as %s", c.name, f)
		}
		st, err := ParseBankStatement("march.qfx", strings.NewReader(c.file), nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if st.Format != FormatOFX || st.AccountNumber != c.account || st.Currency != c.currency || len(st.Lines) != len(c.want) {
			t.Fatalf("%s: %+v", c.name, st)
		}
		for i, w := range c.want {
			g := st.Lines[i]
			if g.Date != w.Date || !g.Amount.Equal(w.Amount) || g.Text != w.Text || g.Reference != w.Reference || g.FITID != w.FITID || g.Line != w.Line {
				t.Errorf("%s line %d = %+v, want %+v", c.name, i, g, w)
			}
		}
	}
}

func TestParseOFXRefusesBadFiles(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"Date,Amount\n", "has no <OFX> element"},
		{"<OFX><STMTTRN><DTPOSTED>20270231<TRNAMT>x<NAME>A</STMTTRN></OFX>", `transaction 1: DTPOSTED: "20270231" is not an OFX date; transaction 1: TRNAMT: "x" is not an amount`},
		{"<OFX><BANKTRANLIST></BANKTRANLIST></OFX>", "no transactions"},
		{"<OFX><ACCTID>1<STMTTRN><DTPOSTED>20270301<TRNAMT>1<FITID>a</STMTTRN><ACCTID>2<STMTTRN><DTPOSTED>20270301<TRNAMT>1<FITID>b</STMTTRN></OFX>", "statements of 2 accounts"},
	} {
		_, err := ParseOFX(strings.NewReader(c.file))
		if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseOFX(%q) = %v, want it to mention %q", c.file, err, c.want)
		}
	}
	if _, err := ParseBankStatement("x.csv", strings.NewReader("a;b\n"), nil); FieldErrors(err)["mapping"] == "" {
		t.Errorf("a CSV file without a mapping: %v", err)
	}
}

func TestDedupeKeys(t *testing.T) {
	csv := "Date,Text,Amount\n2027-03-01,Coffee,-3.50\n2027-03-01,Coffee,-3.50\n2027-03-01,Coffee,-3.5\n2027-03-02,Coffee,-3.50\n"
	m := BankMapping{Name: "x", Delimiter: ',', DateOrder: OrderYMD, Header: true, Date: "Date", Amount: "Amount", Text: "Text"}
	st, err := ParseBankCSV(strings.NewReader(csv), m)
	if err != nil {
		t.Fatal(err)
	}
	keys := st.DedupeKeys(1)
	// Three identical coffees on the 1st (3.50 and 3.5 are the same amount)
	// are three lines; reading the file again gives the same keys.
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] || !strings.HasPrefix(k, "csv:") {
			t.Fatalf("keys %v are not distinct csv: keys", keys)
		}
		seen[k] = true
	}
	again, _ := ParseBankCSV(strings.NewReader(csv), m)
	if strings.Join(again.DedupeKeys(1), " ") != strings.Join(keys, " ") {
		t.Error("the same file gave other keys")
	}
	if again.DedupeKeys(2)[0] == keys[0] {
		t.Error("another account gave the same key")
	}
	// A later statement that overlaps this one repeats the 2nd's coffee
	// and adds one: only the new one has a new key.
	later, _ := ParseBankCSV(strings.NewReader("Date,Text,Amount\n2027-03-02,Coffee,-3.50\n2027-03-02,Coffee,-3.50\n"), m)
	lk := later.DedupeKeys(1)
	if lk[0] != keys[3] || seen[lk[1]] {
		t.Errorf("overlapping statement keys %v against %v", lk, keys)
	}
	ofx, _ := ParseOFX(strings.NewReader(ofxXML))
	if k := ofx.DedupeKeys(1); k[0] != "ofx:X-1" || k[1] != "ofx:X-2" {
		t.Errorf("OFX keys %v", k)
	}
}

func TestPreviewAndSniff(t *testing.T) {
	if d := SniffDelimiter([]byte(sparkasseCSV)); d != ';' {
		t.Errorf("SniffDelimiter = %q, want ';'", d)
	}
	if d := SniffDelimiter([]byte("a,b,\"c;d\"\n1,2,3\n")); d != ',' {
		t.Errorf("SniffDelimiter = %q, want ','", d)
	}
	rows, err := PreviewCSV(strings.NewReader(sparkasseCSV), ';', 2, 2)
	if err != nil || len(rows) != 2 || rows[0][0] != "Buchungstag" || rows[1][3] != "1.250,00" {
		t.Errorf("PreviewCSV = %q, %v", rows, err)
	}
}

// An online bank's export with ',' between cells, every cell quoted, and
// amounts with a decimal comma and the currency sign: "-123,45 €".
const onlineBankCSV = "\"Buchungsdatum\",\"Wertstellung\",\"Empfänger / Auftraggeber\",\"Verwendungszweck\",\"Betrag\"\n" +
	"\"03.03.2027\",\"03.03.2027\",\"Nordlicht Logistik GmbH\",\"INV-2027-00012, danke\",\"1.250,00 €\"\n" +
	"\"04.03.2027\",\"04.03.2027\",\"Stadtwerke\",\"Strom März\",\"-123,45 €\"\n" +
	"\"05.03.2027\",\"05.03.2027\",\"Kiosk\",\"\",\"-0,80 €\"\n"

func onlineBank() BankMapping {
	return BankMapping{Name: "Online bank", Delimiter: ',', DecimalComma: true, DateOrder: OrderDMY, Header: true,
		Date: "Buchungsdatum", Amount: "Betrag", Text: "Empfänger / Auftraggeber+Verwendungszweck"}
}

func amounts(st *BankStatement) string {
	var out []string
	for _, l := range st.Lines {
		out = append(out, l.Date.String()+" "+l.Amount.StringFixed(2)+" "+l.Text)
	}
	return strings.Join(out, "\n")
}

func TestParseBankCSVCommasWithQuotedDecimalCommaAmounts(t *testing.T) {
	if m := onlineBank(); m.Validate() != nil {
		err := m.Validate()
		t.Fatalf("',' with a decimal comma is a valid mapping: %v", err)
	}
	rows, err := PreviewCSV(strings.NewReader(onlineBankCSV), SniffDelimiter([]byte(onlineBankCSV)), 0, 8)
	if err != nil || SniffDelimiter([]byte(onlineBankCSV)) != ',' || !SniffDecimalComma(rows) {
		t.Errorf("sniffed %q, decimal comma %v (%v)", SniffDelimiter([]byte(onlineBankCSV)), SniffDecimalComma(rows), err)
	}
	st, err := ParseBankCSV(strings.NewReader(onlineBankCSV), onlineBank())
	if err != nil {
		t.Fatal(err)
	}
	want := "2027-03-03 1250.00 Nordlicht Logistik GmbH INV-2027-00012, danke\n" +
		"2027-03-04 -123.45 Stadtwerke Strom März\n" +
		"2027-03-05 -0.80 Kiosk"
	if got := amounts(st); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	// An amount left unquoted splits in two: that row is refused, not read
	// as -9 with the cents in a column of their own.
	broken := onlineBankCSV + "06.03.2027,06.03.2027,Bank,Gebühr,-9,90 €\n"
	_, err = ParseBankCSV(strings.NewReader(broken), onlineBank())
	if err == nil || !strings.Contains(ErrorMessage(err), `line 5: it has 6 cells where the header has 5; with ',' between cells an amount with a decimal comma must be in quotes`) {
		t.Errorf("an unquoted decimal comma: %v", err)
	}
	// With decimal points the same file sniffs as such.
	if SniffDecimalComma([][]string{{"Date", "Amount"}, {"2027-03-01", "-1,234.50"}, {"2027-03-02", "12.00"}}) {
		t.Error("decimal points sniffed as a decimal comma")
	}
}

// Old Mac exports (and Mint) end lines with a lone CR; Windows with CRLF.
func TestParseBankCSVLineEndings(t *testing.T) {
	lf := "Date,Description,Amount\n2027-03-01,Coffee,-3.50\n2027-03-02,\"Refund\nfor March\",12.00\n2027-03-03,Rent,-900.00\n"
	m := BankMapping{Name: "Mac", Delimiter: ',', DateOrder: OrderYMD, Header: true, Skip: 0, Date: "Date", Amount: "Amount", Text: "Description"}
	want := "2027-03-01 -3.50 Coffee\n2027-03-02 12.00 Refund for March\n2027-03-03 -900.00 Rent"
	for name, data := range map[string]string{
		"LF": lf, "CRLF": strings.ReplaceAll(lf, "\n", "\r\n"), "CR": strings.ReplaceAll(lf, "\n", "\r"),
		"CR with a preamble": "Statement\rAccount 1234\r" + strings.ReplaceAll(lf, "\n", "\r"),
	} {
		mm := m
		if strings.HasPrefix(data, "Statement") {
			mm.Skip = 2
		}
		st, err := ParseBankCSV(strings.NewReader(data), mm)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := amounts(st); got != want {
			t.Errorf("%s: got\n%s", name, got)
		}
		if name == "CR" && (st.Lines[2].Line != 5) {
			t.Errorf("CR: the third line is reported as line %d, want 5", st.Lines[2].Line)
		}
	}
}

// A card export shows purchases as positive; flipped, they are money out.
func TestFlipSigns(t *testing.T) {
	card := "Date,Description,Amount\n03/01/2027,AMAZON MKTPLACE,45.99\n03/04/2027,PAYMENT THANK YOU,-500.00\n"
	m := BankMapping{Name: "Card", Delimiter: ',', DateOrder: OrderMDY, Header: true, Date: "Date", Amount: "Amount", Text: "Description"}
	st, err := ParseBankCSV(strings.NewReader(card), m)
	if err != nil {
		t.Fatal(err)
	}
	st.FlipSigns()
	if got := amounts(st); got != "2027-03-01 -45.99 AMAZON MKTPLACE\n2027-03-04 500.00 PAYMENT THANK YOU" {
		t.Errorf("flipped:\n%s", got)
	}
}

// Transactions without a FITID are kept apart by what they say, as CSV lines
// are: two identical ones are two lines, and reading the file again gives
// the same keys.
func TestOFXWithoutFITIDs(t *testing.T) {
	ofx := "<OFX><CURDEF>EUR<STMTTRN><DTPOSTED>20270301<TRNAMT>-3.50<FITID><NAME>Coffee</STMTTRN>" +
		"<STMTTRN><DTPOSTED>20270301<TRNAMT>-3.50<NAME>Coffee</STMTTRN>" +
		"<STMTTRN><DTPOSTED>20270302<TRNAMT>100.00<FITID>B-7<NAME>Refund</STMTTRN></OFX>"
	st, err := ParseOFX(strings.NewReader(ofx))
	if err != nil {
		t.Fatalf("an OFX file with empty FITIDs: %v", err)
	}
	keys := st.DedupeKeys(1)
	if !strings.HasPrefix(keys[0], "ofx-hash:") || !strings.HasPrefix(keys[1], "ofx-hash:") || keys[0] == keys[1] || keys[2] != "ofx:B-7" {
		t.Errorf("keys %v", keys)
	}
	again, _ := ParseOFX(strings.NewReader(ofx))
	if strings.Join(again.DedupeKeys(1), " ") != strings.Join(keys, " ") {
		t.Error("the same file gave other keys")
	}
}

// RoundStatementAmount rounds half away from zero to the currency and says
// so; an amount that fits, trailing zeros and all, is left alone.
func TestRoundStatementAmount(t *testing.T) {
	for _, c := range []struct {
		in       string
		exp      int32
		cur      string
		want     string
		wantNote string
	}{
		{"-12.3456", 2, "EUR", "-12.35", "rounded from -12.3456 EUR"},
		{"0.125", 2, "EUR", "0.13", "rounded from 0.125 EUR"},
		{"-0.125", 2, "EUR", "-0.13", "rounded from -0.125 EUR"},
		{"0.135", 2, "EUR", "0.14", "rounded from 0.135 EUR"},
		{"12.3400", 2, "EUR", "12.34", ""},
		{"1250", 2, "EUR", "1250", ""},
		{"100.5", 0, "JPY", "101", "rounded from 100.5 JPY"},
		{"1.2345", 3, "KWD", "1.235", "rounded from 1.2345 KWD"},
	} {
		got, note := RoundStatementAmount(decimal.RequireFromString(c.in), c.exp, c.cur)
		if !got.Equal(decimal.RequireFromString(c.want)) || note != c.wantNote {
			t.Errorf("RoundStatementAmount(%s, %d) = %s, %q; want %s, %q", c.in, c.exp, got, note, c.want, c.wantNote)
		}
	}
}
