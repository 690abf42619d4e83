package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The statement book's first quarter: 1,000 + 500 + 250 invoiced less the
// 100 credited is 1,650 of revenue, and the client ends it with 150 of credit.

func TestReportClientCSV(t *testing.T) {
	db := statementBook(t)
	code, out, errOut := ctl(t, "--db", db, "report", "client", "--client", "muller & son facades gmbh", "--from", "2027-01-01",
		"--to", "2027-03-31", "--sections", "summary,statement, invoices", "--csv", "-")
	if code != 0 {
		t.Fatalf("report client --csv -: exit %d\n%s", code, errOut)
	}
	recs := readCSV(t, out)
	if len(recs) < 2 || strings.Join(recs[0][:6], ",") != "section,date,reference,description,amount,currency" {
		t.Fatalf("header %q", recs[0])
	}
	sections := map[string]int{}
	var revenue, closing, credited string
	for _, r := range recs[1:] {
		sections[r[0]]++
		switch {
		case r[0] == "summary" && r[6] == "revenue":
			revenue = r[4] + " " + r[5]
		case r[0] == "statement" && r[6] == "closing":
			closing = r[10]
		case r[0] == "invoices" && r[6] == "credit-note":
			credited = r[2] + " " + r[4]
		}
	}
	if len(sections) != 3 || sections["invoices"] != 4 || sections["statement"] != 9 {
		t.Errorf("rows by section %v", sections)
	}
	if revenue != "1650.00 EUR" || closing != "-150.00" || credited != "CN-2027-0001 -100.00" {
		t.Errorf("revenue %q, closing %q, credit note %q", revenue, closing, credited)
	}
	// To a file, with a line saying what was written.
	path := filepath.Join(t.TempDir(), "r.csv")
	code, out, errOut = ctl(t, "--db", db, "report", "client", "--client", "Müller & Søn Façades GmbH", "--from", "2027-01-01",
		"--to", "2027-03-31", "--internal", "--csv", path)
	want := "Wrote the account report of Müller & Søn Façades GmbH in EUR from 2027-01-01 to 2027-03-31, for the internal team, to " +
		path + ": summary, charts, invoices, payments, aging, statement, contracts, timeline.\n"
	if code != 0 || out != want {
		t.Fatalf("report client --csv FILE: exit %d\n%q\nwant %q\n%s", code, out, want, errOut)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if recs := readCSV(t, string(b)); len(recs) < 40 {
		t.Errorf("the whole report has %d rows", len(recs))
	}
}

func TestReportClientPDF(t *testing.T) {
	db := statementBook(t)
	path := filepath.Join(t.TempDir(), "r.pdf")
	code, out, errOut := ctl(t, "--db", db, "report", "client", "--client", "Müller & Søn Façades GmbH", "--from", "2027-01-01",
		"--to", "2027-03-31", "--sections", "summary,invoices,statement", "--pdf", path)
	if code != 0 || !strings.Contains(out, "for the client, to "+path+": summary, invoices, statement.") {
		t.Fatalf("report client --pdf: exit %d\n%s%s", code, out, errOut)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if b, _ := os.ReadFile(path); !strings.HasPrefix(string(b), "%PDF-") {
			t.Error("not a PDF")
		}
		t.Skip("pdftotext (poppler-utils) is not installed; the PDF's text was not read")
	}
	b, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	for _, want := range []string{"ACCOUNT REPORT", "Müller & Søn Façades GmbH", "Große Elbstraße 7", "Q1 2027", "Summary",
		"Invoices", "Statement", "1,650.00", "CN-2027-0001", "Closing balance", "-150.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF text lacks %q", want)
		}
	}
	for _, absent := range []string{"Charts", "Payments", "Aging", "Contracts", "Timeline highlights", "Internal"} {
		if strings.Contains(text, absent) {
			t.Errorf("the PDF shows %q, which was not asked for", absent)
		}
	}
}

func TestReportClientBadInput(t *testing.T) {
	db := statementBook(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "r.pdf")
	base := []string{"--db", db, "report", "client", "--client", "Müller & Søn Façades GmbH"}
	period := []string{"--from", "2027-01-01", "--to", "2027-03-31"}
	cases := []struct {
		args []string
		code int
		want []string
	}{
		{period, 2, []string{"give --pdf FILE or --csv FILE"}},
		{append([]string{"--pdf", out, "--csv", "-"}, period...), 2, []string{"give --pdf FILE or --csv FILE"}},
		{append([]string{"--sections", "summary,gossip", "--pdf", out}, period...), 1,
			[]string{`--sections: "gossip" is not a section; choose from summary, charts, invoices, payments, aging, statement, contracts or timeline.`}},
		{[]string{"--from", "2027-04-01", "--to", "2027-03-31", "--pdf", out}, 1, []string{"--to: the last day is before the first."}},
		{[]string{"--from", "2027-04-01", "--to", "2027-03-31", "--sections", "timeline", "--pdf", out}, 1,
			[]string{"--to: the last day is before the first.", "--sections: timeline highlights are only for the internal team"}},
		{[]string{"--to", "2027-03-31", "--pdf", out}, 1, []string{"--from: give the first day of the period as YYYY-MM-DD."}},
		{[]string{"--from", "2027-02-30", "--to", "2027-03-31", "--pdf", out}, 1, []string{`--from: "2027-02-30" is not a date`}},
		{append([]string{"--currency", "XYZ", "--pdf", out}, period...), 1, []string{"--currency: "}},
		{append([]string{"--sections", ",", "--pdf", out}, period...), 1, []string{"--sections: choose at least one section."}},
	}
	for _, c := range cases {
		code, _, errOut := ctl(t, append(base, c.args...)...)
		if code != c.code {
			t.Errorf("%q: exit %d, stderr %q; want exit %d", c.args, code, errOut, c.code)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%q: stderr %q lacks %q", c.args, errOut, w)
			}
		}
	}
	code, _, errOut := ctl(t, "--db", db, "report", "client", "--client", "Nobody", "--from", "2027-01-01", "--to", "2027-03-31", "--pdf", out)
	if code != 1 || !strings.Contains(errOut, `--client: no client is called "Nobody"`) {
		t.Errorf("unknown client: exit %d, %q", code, errOut)
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("refused reports left %d files behind", len(files))
	}
}
