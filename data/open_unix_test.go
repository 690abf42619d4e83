//go:build !windows

package data

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"clientbook/domain"
)

// asNobody runs the calling test again in a child process as the user
// nobody when this one is root (root may write read-only files), and reports
// whether it did; the caller then returns. As any other user it reports
// false and the test runs here.
func asNobody(t *testing.T) bool {
	t.Helper()
	if os.Geteuid() != 0 || os.Getenv("CLIENTBOOK_TEST_AS_NOBODY") != "" {
		return false
	}
	tmp, err := os.MkdirTemp("", "nobody-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	os.Chmod(tmp, 0o777)
	// The test binary sits in root's private build folder: run a copy.
	bin := filepath.Join(tmp, "data.test")
	exe, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, exe, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run", "^"+t.Name()+"$", "-test.v")
	cmd.Env = append(os.Environ(), "CLIENTBOOK_TEST_AS_NOBODY=1", "TMPDIR="+tmp, "HOME="+tmp)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Skipf("cannot run the test as nobody here: %v", err)
	}
	if err != nil {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("as nobody the test did not pass:\n%s", out)
	}
	return true
}

// TestOddFilesAreRefusedAtOnce: a pipe or a folder given as the book is
// refused without being opened (opening a pipe would hang).
func TestOddFilesAreRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() { _, err := Open(fifo); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(domain.ErrorMessage(err), "not a regular file") {
			t.Errorf("a FIFO: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("opening a FIFO hangs")
	}
	if _, err := Open(dir); err == nil || !strings.Contains(domain.ErrorMessage(err), "is a folder") {
		t.Errorf("a folder: %v", err)
	}
}

// TestReadOnlyBookSaysSo: a book whose file cannot be written opens for
// reading, and a save says the book is read-only.
func TestReadOnlyBookSaysSo(t *testing.T) {
	if asNobody(t) {
		return
	}
	path := filepath.Join(t.TempDir(), "book.db")
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	b.Clients().CreateClient(ctx, &domain.Client{Name: "Kept", Status: domain.StatusActive, Currency: "EUR"})
	b.Close()
	os.Chmod(path, 0o400)
	defer os.Chmod(path, 0o600)
	b, err = Open(path)
	if err != nil {
		t.Fatalf("a read-only book: %v", err)
	}
	defer b.Close()
	if n, _ := b.Clients().CountClients(ctx, domain.ClientFilter{}); n != 1 {
		t.Errorf("%d clients", n)
	}
	err = b.Clients().CreateClient(ctx, &domain.Client{Name: "New", Status: domain.StatusActive, Currency: "EUR"})
	if err == nil || !strings.Contains(domain.ErrorMessage(err), "read-only") {
		t.Errorf("a save to a read-only book: %v", err)
	}
}

// TestReadOnlyFolderSaysSo: a book in a folder that cannot be written to
// cannot be opened (SQLite keeps its -wal and -shm beside it); the message
// says that, not "could not save", and the book is left as it was.
func TestReadOnlyFolderSaysSo(t *testing.T) {
	if asNobody(t) {
		return
	}
	dir := filepath.Join(t.TempDir(), "ro")
	path := filepath.Join(dir, "book.db")
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	before, _ := os.ReadFile(path)
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	_, err = Open(path)
	if err == nil || !strings.Contains(domain.ErrorMessage(err), "folder") || !strings.Contains(domain.ErrorMessage(err), "read-only") {
		t.Fatalf("a book in a read-only folder: %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("the book changed")
	}
}
