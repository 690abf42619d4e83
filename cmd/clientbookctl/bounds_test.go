package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// bookSnapshot exports the whole book and returns each CSV file's content,
// to show that a refused command changed nothing.
func bookSnapshot(t *testing.T, db string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	if code, out, errOut := ctl(t, "--db", db, "export", "all", "--dir", dir); code != 0 {
		t.Fatalf("export all: exit %d\n%s%s", code, out, errOut)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("export all wrote %v, %v", files, err)
	}
	snap := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		snap[filepath.Base(f)] = string(b)
	}
	return snap
}

func sameBook(t *testing.T, before, after map[string]string) {
	t.Helper()
	for name, b := range before {
		if after[name] != b {
			t.Errorf("%s changed:\n%s\nnow:\n%s", name, b, after[name])
		}
	}
}

// TestAmountsBeyondTheBoundAreRefused gives amounts beyond ±10^13 to each
// kind of command that takes one: the message names the flag and the bound,
// and the book is as it was.
func TestAmountsBeyondTheBoundAreRefused(t *testing.T) {
	db := bankCLIBook(t)
	before := bookSnapshot(t, db)
	const above = "amounts above 10,000,000,000,000 are not supported"
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"payments", "add", "--client", "Nordlicht Logistik GmbH", "--amount", "10000000000000.01", "--date", "2027-03-04"},
			"--amount: " + above},
		{[]string{"payments", "add", "--client", "Nordlicht Logistik GmbH", "--amount", "90,000,000,000,000,000.00", "--date", "2027-03-04"},
			"--amount: " + above},
		{[]string{"payments", "add", "--client", "Nordlicht Logistik GmbH", "--amount", "-10000000000001", "--date", "2027-03-04"},
			"--amount: amounts below −10,000,000,000,000 are not supported"},
		{[]string{"invoices", "draft", "--client", "Nordlicht Logistik GmbH", "--date", "2027-03-04",
			"--line", "Work|1|10000000000000.01"}, "--line 1"},
		{[]string{"invoices", "draft", "--client", "Nordlicht Logistik GmbH", "--date", "2027-03-04",
			"--line", "Work|1000000|9999999999.99"}, "line 1: quantity × unit price: " + above},
		{[]string{"invoices", "draft", "--client", "Nordlicht Logistik GmbH", "--date", "2027-03-04",
			"--line", "Work|1|6000000000000", "--line", "More|1|6000000000000"}, "the document's total: " + above},
	} {
		code, out, errOut := ctl(t, append([]string{"--db", db}, c.args...)...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %q", c.args, code, out, errOut, c.want)
		}
		if c.args[0] == "invoices" && !strings.Contains(errOut, "not supported") {
			t.Errorf("%q: stderr %q does not give the bound", c.args, errOut)
		}
	}
	sameBook(t, before, bookSnapshot(t, db))
}

// TestBankImportRefusesAnEndlessFile imports /dev/zero, which never ends: it
// is refused after MaxStatementSize is read, at the file, with the book as
// it was; so is a regular file over the limit, without reading it.
func TestBankImportRefusesAnEndlessFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no /dev/zero")
	}
	db := bankCLIBook(t)
	before := bookSnapshot(t, db)
	big := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(64 << 20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	for _, file := range []string{"/dev/zero", big} {
		code, out, errOut := ctl(t, "--db", db, "bank", "import", file, "--account", "Operating account", "--mapping", "Hausbank")
		if code == 0 || !strings.Contains(errOut, file+": The statement is larger than 32 MB; is it the right file?") {
			t.Errorf("bank import %s: exit %d, stdout %q, stderr %q", file, code, out, errOut)
		}
	}
	sameBook(t, before, bookSnapshot(t, db))
}
