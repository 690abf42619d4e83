package domain

import (
	"bytes"
	"testing"
)

// FuzzParseBankCSV feeds CSV statements under mappings of every shape —
// delimiter, decimal comma, date order, header or column numbers, skipped
// lines, amount or debit and credit columns — to the parser.
func FuzzParseBankCSV(f *testing.F) {
	const semi, comma, tab = 0, 1, 2
	for _, c := range []struct {
		data  string
		delim uint8
		flags uint8 // 1 decimal comma, 2 header, 4 debit/credit, 8 by column number
		order uint8
		skip  uint8
	}{
		{sparkasseCSV, semi, 1 | 2, 1, 2},
		{"2027-03-01\tRent March\t1500.00\t\n2027-03-02\tClient X INV-7\t\t99.95\n", tab, 4 | 8, 0, 0},
		{"Date;Text;Amount\n31.02.2027;A;1,00\n01.03.2027;B;abc\n02.03.2027;C;\n03.03.2027;D;0,00\n", semi, 1 | 2, 1, 0},
		{"Date,Text,Amount\n2027-03-01,Coffee,-3.50\n2027-03-01,\"Coffee, \"\"large\"\"\",(3.50)\n", comma, 2, 0, 0},
		{"Date,Text,Amount\n03/31/2027,x,\"1,234.56 USD\"\n04/01/27,y,€-5\n", comma, 2, 2, 0},
		{"Date,Text,Amount\n2027-03-01,x,10000000000000.01\n", comma, 2, 0, 0},
		{"Date,Text,Amount\n2027-03-01,\"x\n", comma, 2, 0, 0},
		{"\xff\xfeD\x00a\x00", comma, 2, 0, 0},
	} {
		f.Add([]byte(c.data), c.delim, c.flags, c.order, c.skip)
	}
	delims := []rune{';', ',', '\t', '|'}
	orders := []DateOrder{OrderYMD, OrderDMY, OrderMDY}
	f.Fuzz(func(t *testing.T, data []byte, delim, flags, order, skip uint8) {
		m := BankMapping{Name: "Fuzz", Delimiter: delims[int(delim)%len(delims)], DecimalComma: flags&1 != 0,
			Header: flags&2 != 0, DateOrder: orders[int(order)%len(orders)], Skip: int(skip % 8)}
		names := []string{"Date", "Text", "Amount", "Debit", "Credit", "Buchungstag", "Verwendungszweck", "Betrag"}
		if flags&8 != 0 || !m.Header {
			names = []string{"1", "2", "3", "3", "4", "1", "2", "3"}
		}
		if flags&16 != 0 { // the German bank's headers
			m.Date, m.Text = names[5], names[6]
		} else {
			m.Date, m.Text = names[0], names[1]
		}
		switch {
		case flags&4 != 0:
			m.Debit, m.Credit = names[3], names[4]
		case flags&16 != 0:
			m.Amount = names[7]
		default:
			m.Amount = names[2]
		}
		if m.DecimalComma && m.Delimiter == ',' {
			m.Delimiter = ';'
		}
		if m.Validate() != nil {
			return
		}
		st, err := ParseBankCSV(bytes.NewReader(data), m)
		checkStatement(t, st, err)
		if err == nil {
			for _, l := range st.Lines {
				if l.Amount.IsZero() {
					t.Fatalf("line %d: a zero amount was accepted", l.Line)
				}
			}
			// The same file through the format-detecting entry point, when
			// it does not look like OFX.
			if DetectStatementFormat("x.csv", data) == FormatCSV {
				st2, err2 := ParseBankStatement("x.csv", bytes.NewReader(data), &m)
				if err2 != nil || len(st2.Lines) != len(st.Lines) {
					t.Fatalf("ParseBankStatement: %v", err2)
				}
			}
		}
		if rows, err := PreviewCSV(bytes.NewReader(data), m.Delimiter, m.Skip, 5); err == nil && len(rows) > 5 {
			t.Fatalf("PreviewCSV returned %d rows", len(rows))
		}
	})
}
