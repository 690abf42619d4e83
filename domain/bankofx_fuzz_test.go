package domain

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"

	"clientbook/domain/money"
)

// checkStatement holds for every statement a parser returns: lines with a
// real date and an amount within ±money.MaxAmount, text and references cut
// to their lengths; or an EINVALID error whose message and file field say
// what is wrong.
func checkStatement(t *testing.T, st *BankStatement, err error) {
	t.Helper()
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Code != EINVALID || e.Message == "" {
			t.Fatalf("error %#v is not a domain error with a message", err)
		}
		if st != nil {
			t.Fatalf("a statement with the error %v", err)
		}
		return
	}
	if st == nil || len(st.Lines) == 0 {
		t.Fatalf("no error and no lines: %+v", st)
	}
	for _, l := range st.Lines {
		if l.Date.IsZero() || l.Date.Day > daysIn(l.Date.Year, l.Date.Month) {
			t.Fatalf("line %d: date %+v", l.Line, l.Date)
		}
		if err := money.CheckRange(l.Amount); err != nil {
			t.Fatalf("line %d: amount %s", l.Line, l.Amount)
		}
		if utf8.RuneCountInString(l.Text) > MaxTextLen || !utf8.ValidString(l.Text) {
			t.Fatalf("line %d: text of %d runes", l.Line, utf8.RuneCountInString(l.Text))
		}
	}
}

// FuzzParseOFX feeds OFX 1.x and 2.x files and their mutations to the
// parser (and to ParseBankStatement, which must agree with it).
func FuzzParseOFX(f *testing.F) {
	for _, s := range []string{ofxSGML, ofxXML,
		"<OFX><STMTTRN><DTPOSTED>20270231<TRNAMT>x<NAME>A</STMTTRN></OFX>",
		"<OFX><BANKTRANLIST></BANKTRANLIST></OFX>",
		"<OFX><ACCTID>1<STMTTRN><DTPOSTED>20270301<TRNAMT>1<FITID>a</STMTTRN><ACCTID>2<STMTTRN><DTPOSTED>20270301<TRNAMT>1<FITID>b</STMTTRN></OFX>",
		"<OFX><STMTTRN><DTPOSTED>20270301120000.000[-5:EST]<TRNAMT>-1.234,50<FITID>a<MEMO>&amp;&lt;x&gt;</STMTTRN></OFX>",
		"<OFX><STMTTRN><DTPOSTED>20270301<TRNAMT>-92233720368547758.08<FITID>a</STMTTRN></OFX>",
		"<OFX><STMTTRN><DTPOSTED>20270301<TRNAMT>10000000000000<FITID>a<REFNUM>9</STMTTRN></OFX>",
		"\uFEFFOFXHEADER:100\r\n<OFX><CURDEF>eur<STMTTRN><DTPOSTED>2027<TRNAMT>1<FITID>a",
		"<OFX><!-- x --><?pi?><STMTTRN <TRNAMT>1",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := ParseOFX(bytes.NewReader(data))
		checkStatement(t, st, err)
		if err == nil {
			for _, l := range st.Lines {
				if l.FITID == "" {
					t.Fatalf("line %d has no FITID", l.Line)
				}
			}
		}
		st2, err2 := ParseBankStatement("statement.ofx", bytes.NewReader(data), nil)
		if (err == nil) != (err2 == nil) || (err == nil && len(st.Lines) != len(st2.Lines)) {
			t.Fatalf("ParseOFX: %v; ParseBankStatement: %v", err, err2)
		}
	})
}
