package data

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// FuzzSafeCell checks the spreadsheet-formula guard on any text: the cell
// written never starts with a character a spreadsheet evaluates (= + - @,
// a tab, a CR or LF), RestoreCell gives back the text exactly, and a row of
// such cells survives CSVWriter and CSVReader with either delimiter, changed
// only in that its line breaks come back as \n.
func FuzzSafeCell(f *testing.F) {
	for _, s := range []string{"", "plain", "=1+1", "+49 30 1234", "-5", "@SUM(A1)", "\tTab", "\rCR", "'=quoted",
		"''=x", "'", "'''", "=HYPERLINK(\"http://evil\",\"x\")", "a,b;c", "\"quoted\"", "line\nbreak", "\r\n",
		"\uFEFFbom", "ünïcödé", " =space first", "==", "'-'"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, s := range []string{a, b} {
			safe := SafeCell(s)
			if safe != "" && strings.ContainsRune("=+-@\t\r\n", rune(safe[0])) {
				t.Fatalf("SafeCell(%q) = %q starts like a formula", s, safe)
			}
			if got := RestoreCell(safe); got != s {
				t.Fatalf("RestoreCell(SafeCell(%q)) = %q", s, got)
			}
		}
		for _, delim := range []rune{',', ';'} {
			var buf bytes.Buffer
			w := NewCSVWriterDelim(&buf, delim)
			if err := w.WriteRow(Text(a), Raw("12.50"), Text(b)); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			r := NewCSVReader(&buf, delim)
			rec, err := r.Read()
			if err != nil {
				t.Fatalf("reading back %q: %v", buf.String(), err)
			}
			want := []string{csvText(a), "12.50", csvText(b)}
			if len(rec) != 3 || rec[0] != want[0] || rec[1] != want[1] || rec[2] != want[2] {
				t.Fatalf("row %q came back as %q", want, rec)
			}
			if _, err := r.Read(); err != io.EOF {
				t.Fatalf("more than one row: %v", err)
			}
		}
	})
}

// csvText is s as it is read back: every line break as \n.
func csvText(s string) string { return lineBreaks(s) }
