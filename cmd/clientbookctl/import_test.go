package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// withoutFirstColumn drops the first cell (an id) of each CSV record and
// sorts the rest, for comparing books whose ids differ.
func withoutFirstColumn(recs [][]string) []string {
	var out []string
	for _, r := range recs {
		out = append(out, strings.Join(r[1:], "|"))
	}
	slices.Sort(out)
	return out
}

// hasLine reports whether out has a line of the words in want, however
// they are spaced.
func hasLine(out, want string) bool {
	for _, l := range strings.Split(out, "\n") {
		if strings.Join(strings.Fields(l), " ") == want {
			return true
		}
	}
	return false
}

// TestImportAllCLI exports a demo book and imports the folder into a new
// book: a dry run first, which writes nothing, then the import, after which
// both books list the same documents and age the same receivables. A second
// import of the folder fails with its problems and changes nothing.
func TestImportAllCLI(t *testing.T) {
	tmp := t.TempDir()
	src, dst, dir := filepath.Join(tmp, "src.db"), filepath.Join(tmp, "dst.db"), filepath.Join(tmp, "export")
	if code, _, errOut := ctl(t, "--db", src, "demo", "--clients", "20", "--invoices", "40", "--seed", "3"); code != 0 {
		t.Fatalf("demo: %s", errOut)
	}
	if code, _, errOut := ctl(t, "--db", src, "export", "all", "--dir", dir); code != 0 {
		t.Fatalf("export all: %s", errOut)
	}

	code, out, errOut := ctl(t, "--db", dst, "import", "all", "--dir", dir, "--dry-run")
	if code != 0 || !strings.Contains(out, "Dry run: every row passed") || !hasLine(out, "clients.csv 20 rows 20 created") {
		t.Fatalf("import all --dry-run: exit %d\n%s%s", code, out, errOut)
	}
	if _, out, _ := ctl(t, "--db", dst, "clients", "list", "--csv"); strings.Count(out, "\n") != 1 {
		t.Fatalf("the dry run wrote clients:\n%s", out)
	}

	code, out, errOut = ctl(t, "--db", dst, "import", "all", "--dir", dir)
	if code != 0 || !strings.Contains(out, "Imported ") || errOut != "" {
		t.Fatalf("import all: exit %d\n%s%s", code, out, errOut)
	}
	for _, args := range [][]string{
		{"invoices", "list", "--csv"},
		{"payments", "list", "--csv"},
	} {
		_, a, _ := ctl(t, append([]string{"--db", src}, args...)...)
		_, b, _ := ctl(t, append([]string{"--db", dst}, args...)...)
		was, now := withoutFirstColumn(readCSVComma(t, a, ',')), withoutFirstColumn(readCSVComma(t, b, ','))
		if len(was) < 20 || !slices.Equal(was, now) {
			t.Errorf("%q lists %d rows before and %d after the import, or they differ:\n%q\n%q", args, len(was), len(now), was, now)
		}
	}
	for _, cur := range []string{"EUR", "USD", "GBP"} {
		_, a, _ := ctl(t, "--db", src, "aging", "--currency", cur, "--csv")
		_, b, _ := ctl(t, "--db", dst, "aging", "--currency", cur, "--csv")
		if a != b {
			t.Errorf("%s aging before the import:\n%s\nafter:\n%s", cur, a, b)
		}
	}

	_, before, _ := ctl(t, "--db", dst, "check")
	code, out, errOut = ctl(t, "--db", dst, "import", "all", "--dir", dir)
	if code != 1 || !strings.Contains(errOut, "clients.csv: row 1, column name: a client called") ||
		!strings.Contains(errOut, "clientbookctl: Nothing was imported: ") || out != "" {
		t.Errorf("a second import: exit %d\n%s%s", code, out, errOut)
	}
	if _, after, _ := ctl(t, "--db", dst, "check"); after != before {
		t.Errorf("a failed import changed the book:\n%s\n%s", before, after)
	}
}

// TestImportCLIProblems imports files with mistakes: every problem is printed
// as "row N, column C: message" and nothing is imported, with or without
// --dry-run.
func TestImportCLIProblems(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	file := filepath.Join(dir, "clients.csv")
	os.WriteFile(file, []byte("\uFEFFname,status,currency,credit_limit\r\n"+
		"Good One,active,EUR,100.00\r\n"+
		"Bad Currency,active,XYZ,0\r\n"+
		",active,EUR,0\r\n"+
		"Bad Limit,active,EUR,\"12,3.4\"\r\n"), 0o600)
	for _, dry := range []bool{true, false} {
		args := []string{"--db", db, "import", "clients", file}
		want := "clientbookctl: Nothing was imported: 3 problems in 4 rows."
		if dry {
			args = append(args, "--dry-run")
			want = "clientbookctl: Dry run: 3 problems in 4 rows."
		}
		code, out, errOut := ctl(t, args...)
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		wantLines := []string{
			`row 2, column currency: "XYZ" is not an ISO 4217 currency code`,
			`row 3, column name: enter the client's name`,
			`row 4, column credit_limit: "12,3.4" is not a number; write it like 1234.56, without thousands separators`,
			want,
		}
		if code != 1 || out != "" || !slices.Equal(lines, wantLines) {
			t.Errorf("import clients (dry run %v): exit %d, stdout %q, stderr:\n%s", dry, code, out, errOut)
		}
	}
	if _, out, _ := ctl(t, "--db", db, "clients", "list", "--csv"); strings.Count(out, "\n") != 1 {
		t.Errorf("a failed import wrote clients:\n%s", out)
	}
}

// TestImportCLIFormats imports the ';' and decimal-comma export of a book's
// clients and its invoices with their lines found beside the file.
func TestImportCLIFormats(t *testing.T) {
	src := exportCLIBook(t)
	dir := t.TempDir()
	for _, ent := range []string{"clients", "invoices", "document_lines"} {
		if code, _, errOut := ctl(t, "--db", src, "export", ent, "--out", filepath.Join(dir, ent+".csv"), "--decimal-comma"); code != 0 {
			t.Fatalf("export %s: %s", ent, errOut)
		}
	}
	db := filepath.Join(t.TempDir(), "b.db")
	code, _, errOut := ctl(t, "--db", db, "import", "clients", filepath.Join(dir, "clients.csv"))
	if code != 1 || !strings.Contains(errOut, `row 0: the header is one cell; the file seems to be separated by ";"`) {
		t.Errorf("a ';' file read as ',': exit %d\n%s", code, errOut)
	}
	code, out, errOut := ctl(t, "--db", db, "import", "clients", filepath.Join(dir, "clients.csv"), "--decimal-comma")
	if code != 0 || !strings.Contains(out, "Imported 2 records from 2 rows.") {
		t.Fatalf("import clients --decimal-comma: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = ctl(t, "--db", db, "import", "invoices", filepath.Join(dir, "invoices.csv"), "--delimiter", ";", "--decimal-comma")
	if code != 0 || !strings.Contains(out, "document_lines.csv  ") || !strings.Contains(out, "Imported ") {
		t.Fatalf("import invoices: exit %d\n%s%s", code, out, errOut)
	}
	_, a, _ := ctl(t, "--db", src, "invoices", "list", "--csv")
	_, b, _ := ctl(t, "--db", db, "invoices", "list", "--csv")
	if was, now := withoutFirstColumn(readCSVComma(t, a, ',')), withoutFirstColumn(readCSVComma(t, b, ',')); !slices.Equal(was, now) {
		t.Errorf("invoices before:\n%q\nafter:\n%q", was, now)
	}
	_, out, _ = ctl(t, "--db", db, "clients", "list", "--csv")
	var names []string
	for _, r := range readCSVComma(t, out, ',')[1:] {
		names = append(names, r[1])
	}
	// The list neutralises the name again as it writes it.
	if !slices.Contains(names, `'=HYPERLINK("http://x","y")`) {
		t.Errorf("the formula-like client did not come back as it was: %q", names)
	}
}

func TestImportUsageErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	file := filepath.Join(dir, "x.csv")
	os.WriteFile(file, []byte("name\n"), 0o600)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"import"}, "ENTITY is one of company, number_counters, tax_rates, catalog, clients, contacts, quotes, invoices, payments, credit_notes"},
		{[]string{"import", "clients"}, "import ENTITY FILE.csv"},
		{[]string{"import", "document_lines", file}, `unknown entity "document_lines"`},
		{[]string{"import", "invoices", file}, "give their lines with --lines FILE.csv (there is no document_lines.csv beside"},
		{[]string{"import", "clients", file, "--lines", file}, "clients have no lines or allocations"},
		{[]string{"import", "payments", file, "--lines", file}, "--lines is for documents"},
		{[]string{"import", "clients", file, "--delimiter", "|"}, "',' or ';'"},
		{[]string{"import", "clients", file, "--map", "name"}, "give COLUMN=HEADER"},
		{[]string{"import", "clients", file, "stray"}, "unexpected argument"},
		{[]string{"import", "all"}, "--dir is required"},
	}
	for _, c := range cases {
		code, _, errOut := ctl(t, append([]string{"--db", db}, c.args...)...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want a usage error mentioning %q", c.args, code, errOut, c.want)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Error("a usage error created the book")
	}
	code, _, errOut := ctl(t, "--db", db, "import", "clients", filepath.Join(dir, "missing.csv"))
	if code != 1 || !strings.Contains(errOut, "There is no file") {
		t.Errorf("a missing file: exit %d, %q", code, errOut)
	}
	code, _, errOut = ctl(t, "--db", db, "import", "clients", file, "--map", "colour=Farbe")
	if code != 1 || !strings.Contains(errOut, `The mapping names "colour", which is not a column of clients.`) {
		t.Errorf("a mapping of an unknown column: exit %d, %q", code, errOut)
	}
}

// TestImportCLIMapping imports another program's client list by naming
// which of its columns hold ours.
func TestImportCLIMapping(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	file := filepath.Join(dir, "kunden.csv")
	os.WriteFile(file, []byte("Firma;Stand;Währung;Kreditlimit;Ort\nMüller & Söhne KG;active;EUR;1500,50;Köln\n"), 0o600)
	code, out, errOut := ctl(t, "--db", db, "import", "clients", file, "--decimal-comma", "--map", "name=Firma",
		"--map", "status=Stand", "--map", "currency=Währung", "--map", "credit_limit=Kreditlimit", "--map", "billing_city=Ort")
	if code != 0 || !strings.Contains(out, "Imported 1 records from 1 row.") {
		t.Fatalf("import with a mapping: exit %d\n%s%s", code, out, errOut)
	}
	_, out, _ = ctl(t, "--db", db, "export", "clients", "--out", "-")
	recs := readCSVComma(t, out, ',')
	row := map[string]string{}
	for i, h := range recs[0] {
		row[h] = recs[1][i]
	}
	if row["name"] != "Müller & Söhne KG" || row["credit_limit"] != "1500.50" || row["billing_city"] != "Köln" {
		t.Errorf("imported %v", row)
	}
}

// Other tools' client exports (data/testdata/import) import with --map,
// --skip and --map COLUMN= (read from nowhere), and say what is ignored.
func TestImportClientsFromOtherTools(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	dir := filepath.Join("..", "..", "data", "testdata", "import")
	code, out, errOut := ctl(t, "--db", db, "import", "clients", filepath.Join(dir, "freshbooks_clients.csv"), "--skip", "2",
		"--map", "name=Organization", "--map", "billing_city=City", "--map", "billing_country=Country")
	if code != 0 || !strings.Contains(out, "Imported 2 records") ||
		!strings.Contains(out, "Ignored in clients.csv, read into nothing: First Name, Last Name, Email, Business Phone, Mobile Phone, Address Line 1, Address Line 2, Province/State, Postal/Zip Code, Language, Outstanding.") {
		t.Errorf("freshbooks: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = ctl(t, "--db", db, "import", "clients", filepath.Join(dir, "akaunting_customers.csv"),
		"--map", "currency=currency_code", "--map", "created_at=", "--dry-run")
	if code != 0 || !strings.Contains(out, "Dry run: every row passed") || !strings.Contains(out, "enabled, created_at.") {
		t.Errorf("akaunting with created_at left out: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = ctl(t, "--db", db, "import", "clients", filepath.Join(dir, "wave_customers.csv"), "--skip", "-1")
	if code == 0 || !strings.Contains(errOut, "--skip") {
		t.Errorf("--skip -1: exit %d, %s", code, errOut)
	}
	code, _, errOut = ctl(t, "--db", db, "import", "clients", filepath.Join(dir, "wave_customers.csv"), "--map", "=name")
	if code != 2 || !strings.Contains(errOut, "give COLUMN=HEADER, or COLUMN=") {
		t.Errorf("--map =name: exit %d, %s", code, errOut)
	}
	_, out, _ = ctl(t, "--db", db, "clients", "list")
	if !strings.Contains(out, "Kestrel Architecture Inc.") || strings.Contains(out, "Bergblick") {
		t.Errorf("clients after the imports:\n%s", out)
	}
}
