package data

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestCSVWriterNeutralisesFormulas(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	if err := w.WriteHeader("name", "amount"); err != nil {
		t.Fatal(err)
	}
	rows := [][2]string{
		{`=HYPERLINK("http://x","y")`, "-12.50"},
		{"+1 555", "3"},
		{"-minus", "0"},
		{"@SUM(A1)", "1"},
		{"\tTab", "2"},
		{"Zürich, \"Nord\"\nline two", "1234.56"},
		{"", ""},
	}
	for _, r := range rows {
		if err := w.WriteRow(Text(r[0]), Raw(r[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\uFEFFname,amount\r\n") {
		t.Fatalf("missing BOM or header: %q", out[:20])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`'=HYPERLINK("http://x","y")`, "'+1 555", "'-minus", "'@SUM(A1)", "'\tTab", "Zürich, \"Nord\"\nline two", ""}
	for i, w := range want {
		if recs[i+1][0] != w {
			t.Errorf("row %d text = %q, want %q", i, recs[i+1][0], w)
		}
		if recs[i+1][1] != rows[i][1] {
			t.Errorf("row %d raw = %q, want %q untouched", i, recs[i+1][1], rows[i][1])
		}
	}
}

func TestCSVWriterDelimiter(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSVWriterDelim(&buf, ';')
	w.WriteHeader("name", "amount")
	w.WriteRow(Text("Müller; Söhne"), Raw("-12,50"))
	w.WriteRow(Text("=1;2"), Raw("3"))
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFname;amount\r\n\"Müller; Söhne\";-12,50\r\n\"'=1;2\";3\r\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	if err := NewCSVWriterDelim(&buf, '"').WriteHeader("a"); err == nil {
		t.Error("a quote as the delimiter was accepted")
	}
}

// TestCSVReaderRestoresWhatTheWriterWrote writes text of every awkward kind,
// with and without the byte-order mark, and reads it back as it was typed.
func TestCSVReaderRestoresWhatTheWriterWrote(t *testing.T) {
	texts := []string{`=HYPERLINK("http://x","y")`, "+1 555", "-minus", "@SUM(A1)", "\tTab", "'=already quoted",
		"''@twice", "'plain apostrophe", "'", "Zürich; \"Nord\"\nline two"}
	for _, delim := range []rune{',', ';'} {
		var buf bytes.Buffer
		w := NewCSVWriterDelim(&buf, delim)
		w.WriteHeader("text")
		for _, s := range texts {
			w.WriteRow(Text(s))
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		for _, data := range [][]byte{buf.Bytes(), bytes.TrimPrefix(buf.Bytes(), []byte("\uFEFF"))} {
			r := NewCSVReader(bytes.NewReader(data), delim)
			head, err := r.Read()
			if err != nil || len(head) != 1 || head[0] != "text" {
				t.Fatalf("header %q, %v", head, err)
			}
			for _, want := range texts {
				rec, err := r.Read()
				if err != nil || rec[0] != want {
					t.Errorf("%q: read back %q, %v", want, rec, err)
				}
			}
		}
	}
	if got := RestoreCell("'=1+1"); got != "=1+1" {
		t.Errorf("a spreadsheet's quoted formula: %q", got)
	}
}
