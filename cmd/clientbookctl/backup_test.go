package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// dirNames lists a folder's entries, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}

func TestBackupListAndRestore(t *testing.T) {
	t.Setenv(passphraseEnv, "")
	db := filepath.Join(t.TempDir(), "acme.db")
	if code, out, errOut := ctl(t, "--db", db, "demo", "--clients", "8", "--invoices", "20", "--seed", "1"); code != 0 {
		t.Fatalf("demo: %s%s", out, errOut)
	}
	dir := filepath.Join(t.TempDir(), "backups")
	code, out, errOut := ctl(t, "--db", db, "backup", "--to", dir)
	if code != 0 || !strings.Contains(out, "Backed up "+db+" to "+dir) || !strings.Contains(out, "8 clients") || !strings.Contains(out, "holds every row") {
		t.Fatalf("backup: exit %d\n%s%s", code, out, errOut)
	}
	files := dirNames(t, dir)
	if len(files) != 1 || !strings.HasPrefix(files[0], "acme-") || !strings.HasSuffix(files[0], ".cbbak") {
		t.Fatalf("the backup folder holds %v", files)
	}
	plain := filepath.Join(dir, files[0])

	t.Setenv(passphraseEnv, "tiger lily 42")
	code, out, _ = ctl(t, "backups", "list", "--dir", dir)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.Contains(lines[0], "CLIENTS") || !strings.Contains(lines[1], " no ") ||
		!strings.Contains(lines[1], " 8 ") || !strings.Contains(lines[1], files[0]) {
		t.Fatalf("backups list:\n%s", out)
	}
	// Encrypted backups go to a folder of their own here: rotation keeps only
	// the newest backup of each day, and the plain one is wanted below.
	encDir := filepath.Join(t.TempDir(), "encrypted")
	if code, out, errOut := ctl(t, "--db", db, "backup", "--to", encDir, "--encrypt"); code != 0 || !strings.Contains(out, "encrypted") {
		t.Fatalf("backup --encrypt: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = ctl(t, "backups", "list", "--dir", encDir)
	lines = strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.Contains(lines[1], " yes ") || !strings.Contains(lines[1], " 8 ") {
		t.Fatalf("backups list of the encrypted ones:\n%s", out)
	}
	var encrypted string
	for _, f := range dirNames(t, encDir) {
		if strings.HasSuffix(f, ".cbbak.age") {
			encrypted = filepath.Join(encDir, f)
		}
	}
	if code, out, _ := ctl(t, "backups", "list", "--dir", filepath.Join(dir, "none")); code != 0 || !strings.Contains(out, "No backups in") {
		t.Errorf("backups list of an empty folder: %d %s", code, out)
	}

	out2 := t.TempDir()
	t.Setenv(passphraseEnv, "not the passphrase")
	code, _, errOut = ctl(t, "restore", encrypted, "--to", filepath.Join(out2, "a.db"))
	if code != 1 || !strings.Contains(errOut, passphraseEnv+": the passphrase is not the one these backups were encrypted with.") {
		t.Errorf("restore with a wrong passphrase: exit %d %s", code, errOut)
	}
	// Without the variable the passphrase is read from standard input.
	t.Setenv(passphraseEnv, "")
	stdin = strings.NewReader("tiger lily 42\n")
	defer func() { stdin = os.Stdin }()
	restored := filepath.Join(out2, "restored.db")
	code, out, errOut = ctl(t, "restore", encrypted, "--to", restored)
	if code != 0 || !strings.Contains(out, "Restored "+encrypted+" into the new book "+restored+": 8 clients") {
		t.Fatalf("restore: exit %d %s%s", code, out, errOut)
	}
	if code, out, errOut := ctl(t, "--db", restored, "clients", "list"); code != 0 || strings.Count(out, "\n") < 9 {
		t.Errorf("the restored book's clients: %s%s", out, errOut)
	}
	if code, _, errOut := ctl(t, "restore", plain, "--to", filepath.Join(out2, "plain.db")); code != 0 {
		t.Errorf("restore of the plain backup: %s", errOut)
	}
}

func TestBackupAndRestoreRefuseBadInput(t *testing.T) {
	t.Setenv(passphraseEnv, "")
	db := filepath.Join(t.TempDir(), "acme.db")
	if code, out, errOut := ctl(t, "--db", db, "demo", "--clients", "5", "--invoices", "5", "--seed", "1"); code != 0 {
		t.Fatalf("demo: %s%s", out, errOut)
	}
	dir := t.TempDir()
	if code, _, errOut := ctl(t, "--db", db, "backup", "--to", dir); code != 0 {
		t.Fatal(errOut)
	}
	backup := filepath.Join(dir, dirNames(t, dir)[0])
	aFile := filepath.Join(dir, "notes.txt")
	os.WriteFile(aFile, []byte("not a book\n"), 0o600)
	raw, _ := os.ReadFile(backup)
	for i := len(raw) / 2; i < len(raw)/2+8192 && i < len(raw); i++ {
		raw[i] ^= 0x5A
	}
	corrupt := filepath.Join(dir, "acme-20200101T000000Z.cbbak")
	os.WriteFile(corrupt, raw, 0o600)
	target := t.TempDir()
	existing := filepath.Join(target, "existing.db")
	os.WriteFile(existing, []byte("someone's book"), 0o600)
	before := dirNames(t, dir)

	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"missing file", []string{"restore", filepath.Join(dir, "gone.cbbak"), "--to", filepath.Join(target, "a.db")}, 1, "There is no backup file"},
		{"not a backup", []string{"restore", aFile, "--to", filepath.Join(target, "a.db")}, 1, "notes.txt is not a Clientbook backup."},
		{"corrupted backup", []string{"restore", corrupt, "--to", filepath.Join(target, "a.db")}, 1, "is damaged"},
		{"onto an existing file", []string{"restore", backup, "--to", existing}, 1, "--to: " + existing + " already exists"},
		{"no --to", []string{"restore", backup}, 2, "--to: name the new book file"},
		{"no file", []string{"restore", "--to", filepath.Join(target, "a.db")}, 2, "name the backup file"},
		{"unwritable target folder", []string{"restore", backup, "--to", filepath.Join(aFile, "a.db")}, 1, "--to: cannot use"},
		{"unwritable backup folder", []string{"--db", db, "backup", "--to", filepath.Join(aFile, "backups")}, 1, "--to: cannot create the backup folder"},
		{"backup folder is a file", []string{"--db", db, "backup", "--to", aFile}, 1, "--to: " + aFile + " is a file, not a folder."},
		{"bad keep", []string{"--db", db, "backup", "--to", dir, "--keep-daily", "-1"}, 2, "--keep-daily: give a number"},
		{"encrypt without a passphrase", []string{"--db", db, "backup", "--to", dir, "--encrypt"}, 2, passphraseEnv},
		{"list a file", []string{"backups", "list", "--dir", aFile}, 1, "--dir: cannot read the folder"},
	} {
		stdin = strings.NewReader("")
		code, _, errOut := ctl(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d %q; want %d %q", c.name, code, errOut, c.code, c.want)
		}
	}
	stdin = os.Stdin
	if got := dirNames(t, target); len(got) != 1 || got[0] != "existing.db" {
		t.Errorf("refused restores left %v in the target folder", got)
	}
	if b, _ := os.ReadFile(existing); string(b) != "someone's book" {
		t.Error("the existing file was changed")
	}
	if after := dirNames(t, dir); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Errorf("the backup folder changed: %v, was %v", after, before)
	}
}
