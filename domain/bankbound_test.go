package domain

import (
	"io"
	"strings"
	"testing"
)

// endless is a reader that never ends, like /dev/zero or a pipe nobody closes.
type endless struct{ read int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '0'
	}
	e.read += int64(len(p))
	return len(p), nil
}

// TestStatementReadIsBounded reads every statement entry point from an
// endless stream: each refuses it at the file after reading no more than one
// byte past MaxStatementSize.
func TestStatementReadIsBounded(t *testing.T) {
	m := BankMapping{Name: "x", Delimiter: ',', DateOrder: OrderYMD, Header: true, Date: "Date", Amount: "Amount", Text: "Text"}
	for name, read := range map[string]func(io.Reader) error{
		"ReadStatement":      func(r io.Reader) error { _, err := ReadStatement(r); return err },
		"ParseOFX":           func(r io.Reader) error { _, err := ParseOFX(r); return err },
		"ParseBankCSV":       func(r io.Reader) error { _, err := ParseBankCSV(r, m); return err },
		"ParseBankStatement": func(r io.Reader) error { _, err := ParseBankStatement("x.ofx", r, nil); return err },
		"PreviewCSV":         func(r io.Reader) error { _, err := PreviewCSV(r, ',', 0, 5); return err },
	} {
		r := &endless{}
		err := read(r)
		if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "larger than 32 MB") ||
			!strings.Contains(FieldErrors(err)["file"], "larger than 32 MB") {
			t.Errorf("%s: %v", name, err)
		}
		if r.read > MaxStatementSize+64<<10 {
			t.Errorf("%s read %d bytes", name, r.read)
		}
	}
	data, err := ReadStatement(strings.NewReader(strings.Repeat("x", MaxStatementSize)))
	if err != nil || len(data) != MaxStatementSize {
		t.Errorf("a file of exactly the limit: %d bytes, %v", len(data), err)
	}
}

// TestStatementAmountsAreBounded refuses, at their line, statement amounts
// beyond ±money.MaxAmount in both formats and in debit/credit columns.
func TestStatementAmountsAreBounded(t *testing.T) {
	const msg = "amounts above 10,000,000,000,000 are not supported"
	if _, err := ParseStatementAmount("10.000.000.000.000,01", true); err == nil || !strings.Contains(err.Error(), msg) {
		t.Errorf("ParseStatementAmount: %v", err)
	}
	if _, err := ParseStatementAmount("(10,000,000,000,001.00)", false); err == nil ||
		!strings.Contains(err.Error(), "amounts below −10,000,000,000,000") {
		t.Errorf("ParseStatementAmount negative: %v", err)
	}
	if d, err := ParseStatementAmount("-10,000,000,000,000.00", false); err != nil || !d.Equal(dec("-10000000000000")) {
		t.Errorf("the bound itself: %s, %v", d, err)
	}
	csv := "Date,Amount,Text\n2027-03-01,5.00,a\n2027-03-02,9000000000000000000,b\n"
	_, err := ParseBankCSV(strings.NewReader(csv), BankMapping{Name: "x", Delimiter: ',', DateOrder: OrderYMD, Header: true,
		Date: "Date", Amount: "Amount", Text: "Text"})
	if ErrorCode(err) != EINVALID || !strings.Contains(FieldErrors(err)["file"], "line 3: \"9000000000000000000\": "+msg) {
		t.Errorf("CSV: %v", err)
	}
	csv = "2027-03-01,9000000000000,,a\n2027-03-02,,-9000000000000,b\n2027-03-03,-10000000000000.01,,c\n"
	_, err = ParseBankCSV(strings.NewReader(csv), BankMapping{Name: "x", Delimiter: ',', DateOrder: OrderYMD,
		Date: "1", Debit: "2", Credit: "3", Text: "4"})
	if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "line 3: debit: \"-10000000000000.01\": amounts below") || strings.Contains(err.Error(), "line 1") {
		t.Errorf("debit and credit: %v", err)
	}
	ofx := "<OFX><STMTTRN><DTPOSTED>20270301<TRNAMT>-92233720368547758.08<FITID>a</STMTTRN></OFX>"
	_, err = ParseOFX(strings.NewReader(ofx))
	if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "transaction 1: TRNAMT:") ||
		!strings.Contains(err.Error(), "amounts below −10,000,000,000,000 are not supported") {
		t.Errorf("OFX: %v", err)
	}
}
