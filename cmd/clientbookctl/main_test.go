package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ctl runs clientbookctl with args and returns its exit code and output.
func ctl(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelpAndUnknownCommand(t *testing.T) {
	if code, out, _ := ctl(t, "help"); code != 0 || !strings.Contains(out, "clients add") {
		t.Errorf("help: exit %d, output %q", code, out)
	}
	code, _, errOut := ctl(t, "--db", filepath.Join(t.TempDir(), "b.db"), "frobnicate")
	if code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, stderr %q", code, errOut)
	}
}

func TestVersion(t *testing.T) {
	defer func(v, b string) { version, build = v, b }(version, build)
	version, build = "1.2.3", "7"
	if code, out, _ := ctl(t, "--version"); code != 0 || !strings.HasPrefix(out, "clientbookctl 1.2.3 (build 7)\n") {
		t.Errorf("--version: exit %d, output %q", code, out)
	}
	if code, _, errOut := ctl(t, "--version", "clients", "list"); code != 2 || !strings.Contains(errOut, "--version takes no command") {
		t.Errorf("--version with a command: exit %d, stderr %q", code, errOut)
	}
}

func TestDemoListAndCheck(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, out, errOut := ctl(t, "--db", db, "demo", "--clients", "40", "--seed", "3"); code != 0 {
		t.Fatalf("demo: exit %d, %s%s", code, out, errOut)
	}
	// A second demo into a book with data is refused and adds nothing.
	code, _, errOut := ctl(t, "--db", db, "demo", "--clients", "5")
	if code != 1 || !strings.Contains(errOut, "already") {
		t.Errorf("second demo: exit %d, stderr %q", code, errOut)
	}

	code, out, errOut := ctl(t, "--db", db, "clients", "list", "--csv")
	if code != 0 {
		t.Fatalf("list --csv: exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "\ufeff") {
		t.Error("CSV does not start with a UTF-8 BOM")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 41 || recs[0][1] != "name" {
		t.Fatalf("CSV has %d records (want header + 40), header %v", len(recs), recs[0])
	}

	code, out, _ = ctl(t, "--db", db, "clients", "list", "--status", "prospect")
	if code != 0 {
		t.Fatal("list --status failed")
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		if !strings.Contains(line, " prospect ") {
			t.Errorf("--status prospect listed %q", line)
		}
	}

	code, out, errOut = ctl(t, "--db", db, "check")
	if code != 0 || !strings.Contains(out, "Integrity:       ok") || !strings.Contains(out, "clients") {
		t.Errorf("check: exit %d\n%s%s", code, out, errOut)
	}
}

func TestClientsAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	code, out, errOut := ctl(t, "--db", db, "clients", "add", "--name", "Fjord Shipping AS", "--currency", "NOK",
		"--credit-limit", "25,000.50", "--contact", "Øystein Berg", "--email", "oystein@fjord.example", "--city", "Bergen")
	if code != 0 || !strings.Contains(out, "Fjord Shipping AS") {
		t.Fatalf("add: exit %d, %s%s", code, out, errOut)
	}
	code, out, _ = ctl(t, "--db", db, "clients", "list", "--search", "oystein")
	if code != 0 || !strings.Contains(out, "Fjord Shipping AS") || !strings.Contains(out, "Bergen") {
		t.Errorf("search by the contact's name without accents: exit %d\n%s", code, out)
	}
}

func TestClientsAddRejectsBadInputAndChangesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--name", ""}, 1, "--name: enter the client's name."},
		{[]string{"--name", "X", "--currency", "XYZ"}, 1, "XYZ"},
		{[]string{"--name", "X", "--credit-limit", "-5"}, 1, "cannot be negative"},
		{[]string{"--name", "X", "--credit-limit", "1e9999"}, 1, "--credit-limit"},
		{[]string{"--name", "X", "--credit-limit", "1.234", "--currency", "EUR"}, 1, "--credit-limit"},
		{[]string{"--name", "X", "--contact", "Ann", "--email", "not-an-email"}, 1, "--email: "},
		{[]string{"--name", "X", "--status", "sleeping"}, 1, "--status: choose prospect, active or inactive."},
		{[]string{"--name", "X", "--terms", "soon"}, 2, `invalid value "soon" for --terms`},
		{[]string{"--name", "X", "stray"}, 2, "unexpected argument"},
	}
	for _, c := range cases {
		code, _, errOut := ctl(t, append([]string{"--db", db, "clients", "add"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("clients add %q: exit %d (want %d), stderr %q (want it to mention %q)", c.args, code, c.code, errOut, c.want)
		}
	}
	_, out, _ := ctl(t, "--db", db, "clients", "list", "--csv")
	if n := strings.Count(out, "\n"); n != 1 {
		t.Errorf("after only bad input the book lists %d lines, want just the header:\n%s", n, out)
	}
}

func TestListUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	for _, args := range [][]string{
		{"clients", "list", "--status", "gone"},
		{"clients", "list", "--sort", "colour"},
		{"demo", "--clients", "many"},
	} {
		if code, _, errOut := ctl(t, append([]string{"--db", db}, args...)...); code != 2 || errOut == "" {
			t.Errorf("%q: exit %d, stderr %q; want a usage error", args, code, errOut)
		}
	}
}

func TestRefusesAFileThatIsNotABook(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	orig := []byte("these are my notes, not a book\n")
	if err := os.WriteFile(path, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := ctl(t, "--db", path, "check")
	if code != 1 || errOut == "" {
		t.Errorf("check on a text file: exit %d, stderr %q", code, errOut)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, orig) {
		t.Error("the text file was modified")
	}
}
