package domain

import (
	"fmt"
	"html"
	"io"
	"strings"
	"unicode/utf8"
)

// ParseOFX reads an OFX bank or credit-card statement: OFX 1.x, whose SGML
// leaves elements unclosed (<TRNAMT>-12.50 with no </TRNAMT>), and OFX 2.x,
// which is XML; QFX files are OFX. It returns the account number (ACCTID),
// the currency (CURDEF) and each transaction (STMTTRN) with its FITID, the
// bank's ID that keeps a line from being imported twice. Every transaction
// must have a date and an amount; all problems are reported at once. A
// transaction with an empty FITID (some banks leave it out) is kept apart
// from the others by the hash of what it says, as a CSV line is
// (BankStatement.DedupeKeys).
// A file with the statements of several accounts is refused: import them
// one at a time.
func ParseOFX(r io.Reader) (*BankStatement, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	text := string(data)
	start := strings.Index(strings.ToUpper(text), "<OFX>")
	if start < 0 {
		return nil, statementError([]string{"the file is not OFX: it has no <OFX> element"})
	}
	st := &BankStatement{Format: FormatOFX}
	var problems []string
	var cur *BankStatementLine
	var trnFields map[string]string
	n := 0
	finish := func() {
		if cur == nil {
			return
		}
		l := cur
		cur = nil
		bad := func(format string, args ...any) {
			problems = append(problems, fmt.Sprintf("transaction %d: ", l.Line)+fmt.Sprintf(format, args...))
		}
		l.FITID = trnFields["FITID"]
		var err error
		if l.Date, err = ofxDate(trnFields["DTPOSTED"]); err != nil {
			bad("DTPOSTED: %v", err)
		}
		amount := trnFields["TRNAMT"]
		// Some banks write a decimal comma in OFX too.
		comma := !strings.Contains(amount, ".") && strings.Count(amount, ",") == 1
		if l.Amount, err = ParseStatementAmount(amount, comma); err != nil {
			bad("TRNAMT: %v", err)
		}
		var texts []string
		for _, k := range []string{"NAME", "MEMO"} {
			if v := trnFields[k]; v != "" && !containsFold(texts, v) {
				texts = append(texts, v)
			}
		}
		l.Text = strings.Join(texts, " ")
		if utf8.RuneCountInString(l.Text) > MaxTextLen {
			l.Text = string([]rune(l.Text)[:MaxTextLen])
		}
		for _, k := range []string{"REFNUM", "CHECKNUM"} {
			if v := trnFields[k]; v != "" {
				l.Reference = v
				break
			}
		}
		st.Lines = append(st.Lines, *l)
	}
	accounts := map[string]bool{}
	for _, tok := range ofxTokens(text[start:]) {
		switch {
		case tok.tag == "STMTTRN":
			finish()
			n++
			cur, trnFields = &BankStatementLine{Line: n}, map[string]string{}
		case tok.tag == "/STMTTRN" || tok.tag == "/BANKTRANLIST":
			finish()
		case tok.tag == "ACCTID" && tok.value != "" && cur == nil:
			if len(accounts) == 0 {
				st.AccountNumber = tok.value
			}
			accounts[tok.value] = true
		case tok.tag == "CURDEF" && tok.value != "" && st.Currency == "":
			st.Currency = strings.ToUpper(tok.value)
		case cur != nil && tok.value != "":
			if _, seen := trnFields[tok.tag]; !seen {
				trnFields[tok.tag] = tok.value
			}
		}
	}
	finish()
	if len(accounts) > 1 {
		return nil, statementError([]string{fmt.Sprintf("the file holds the statements of %d accounts; download and import one account at a time", len(accounts))})
	}
	if len(problems) > 0 {
		return nil, statementError(problems)
	}
	if len(st.Lines) == 0 {
		return nil, statementError([]string{"the file has no transactions (STMTTRN)"})
	}
	return st, nil
}

func containsFold(xs []string, s string) bool {
	for _, x := range xs {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// ofxToken is one tag of an OFX file with the text after it up to the next
// tag: "TRNAMT" and "-12.50"; a closing tag is "/TRNAMT".
type ofxToken struct{ tag, value string }

// ofxTokens splits OFX, SGML or XML alike, into tags and their text.
// Processing instructions and comments are passed over; entities are
// decoded.
func ofxTokens(s string) []ofxToken {
	var out []ofxToken
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			return out
		}
		s = s[i+1:]
		j := strings.IndexByte(s, '>')
		if j < 0 {
			return out
		}
		tag := strings.TrimSpace(s[:j])
		s = s[j+1:]
		if strings.HasPrefix(tag, "?") || strings.HasPrefix(tag, "!") {
			continue
		}
		if k := strings.IndexAny(tag, " \t\r\n"); k >= 0 {
			tag = tag[:k] // attributes, which OFX does not use
		}
		tag = strings.TrimSuffix(tag, "/")
		end := strings.IndexByte(s, '<')
		if end < 0 {
			end = len(s)
		}
		out = append(out, ofxToken{tag: strings.ToUpper(tag), value: strings.TrimSpace(html.UnescapeString(s[:end]))})
	}
}

// ofxDate reads an OFX date-time, "20270315", "20270315120000" or
// "20270315120000.000[-5:EST]": the calendar day is its first eight digits,
// as the bank wrote it.
func ofxDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, fmt.Errorf("the date is missing")
	}
	if len(s) < 8 {
		return Date{}, fmt.Errorf("%q is not an OFX date", s)
	}
	d, err := ParseStatementDate(s[:8], OrderYMD)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not an OFX date", s)
	}
	return d, nil
}

// ParseBankStatement reads a statement file of either format: OFX as ParseOFX,
// CSV with the mapping (which must then be given).
func ParseBankStatement(name string, r io.Reader, m *BankMapping) (*BankStatement, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	if DetectStatementFormat(name, data) == FormatOFX {
		return ParseOFX(strings.NewReader(string(data)))
	}
	if m == nil {
		return nil, &Error{Code: EINVALID, Message: "Choose the CSV mapping that says how this bank's CSV files are laid out.",
			Fields: map[string]string{"mapping": "choose the CSV mapping for this bank's files"}}
	}
	return ParseBankCSV(strings.NewReader(string(data)), *m)
}
