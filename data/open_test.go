package data

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"clientbook/domain"
)

// TestLockFollowsTheFileNotTheName: a hard link, a symlink or another
// spelling of the path reaches the same book, and so the same lock — in
// this process and in another one.
func TestLockFollowsTheFileNotTheName(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("links need privileges on Windows")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "book.db")
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	hard := filepath.Join(t.TempDir(), "hard.db")
	if err := os.Link(path, hard); err != nil {
		t.Fatal(err)
	}
	soft := filepath.Join(t.TempDir(), "soft.db")
	if err := os.Symlink(path, soft); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{hard, soft, filepath.Join(dir, ".", "..", filepath.Base(dir), "book.db")} {
		if _, err := Open(p); domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), "already open") {
			t.Errorf("open %s in the same process: %v", p, err)
		}
		out, err := secondProcessOpen(t, p)
		if err != nil || !strings.Contains(out, "REFUSED:") {
			t.Errorf("open %s in another process: %v, %q", p, err, out)
		}
	}
	// The refused attempts did not drop the first book's locks: it still
	// writes, and no lock file was left anywhere.
	if err := b.Clients().CreateClient(context.Background(), &domain.Client{Name: "Still mine", Status: domain.StatusActive, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.lock")); len(m) != 0 {
		t.Errorf("lock files left: %v", m)
	}
}

// secondProcessOpen runs this test binary again to open path while this
// process holds it (see TestSecondProcessIsRefused).
func secondProcessOpen(t *testing.T, path string) (string, error) {
	cmd := exec.Command(os.Args[0], "-test.run", "^TestSecondProcessIsRefused$")
	cmd.Env = append(os.Environ(), "CLIENTBOOK_TEST_OPEN="+path)
	out, err := cmd.Output()
	return string(out), err
}

// TestEmptyFileIsNotABookYet: an empty file — what an older Clientbook left
// when it was killed while creating a book — becomes a new book; and the
// temporary file a kill during creation leaves now is never taken for one.
func TestEmptyFileIsNotABookYet(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "book.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, ".book.db.new-123")
	os.WriteFile(stale, []byte("half a book"), 0o600)
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(stale, old, old)
	b, err := Open(path)
	if err != nil {
		t.Fatalf("an empty file did not open as a new book: %v", err)
	}
	defer b.Close()
	if got := pragmaInt(t, b.db, "user_version"); got != SchemaVersion() {
		t.Errorf("user_version = %d", got)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("the stale temporary file of a killed creation was not removed")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".new-") {
			t.Errorf("creation left %s", e.Name())
		}
	}
}

// TestKillWhileCreating kills a process while it creates a book, many
// times, at different moments; whatever is left opens.
func TestKillWhileCreating(t *testing.T) {
	if os.Getenv("CLIENTBOOK_TEST_CREATE") != "" {
		b, err := Open(os.Getenv("CLIENTBOOK_TEST_CREATE"))
		if err == nil {
			b.Close()
		}
		os.Exit(0)
	}
	for i := 0; i < 12; i++ {
		path := filepath.Join(t.TempDir(), "book.db")
		cmd := exec.Command(os.Args[0], "-test.run", "^TestKillWhileCreating$")
		cmd.Env = append(os.Environ(), "CLIENTBOOK_TEST_CREATE="+path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(5+i*4) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		b, err := Open(path)
		if err != nil {
			t.Fatalf("after a kill at %d ms the book does not open: %v", 5+i*4, err)
		}
		b.Close()
	}
}

// TestRefusedBookInWALIsLeftAlone: a book whose newer schema is still in its
// -wal (a newer Clientbook crashed) is refused, and neither the book nor
// its -wal is touched — not checkpointed, not deleted.
func TestRefusedBookInWALIsLeftAlone(t *testing.T) {
	live := filepath.Join(t.TempDir(), "live.db")
	b, err := Open(live)
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	db, err := sql.Open("sqlite", "file:"+live+"?_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "book.db")
	copyFile(t, live, path)
	copyFile(t, live+"-wal", path+"-wal")
	book, _ := os.ReadFile(path)
	wal, _ := os.ReadFile(path + "-wal")
	_, err = Open(path)
	if err == nil || !strings.Contains(domain.ErrorMessage(err), "newer version") {
		t.Fatalf("Open = %v, want the newer-version refusal", err)
	}
	book2, _ := os.ReadFile(path)
	wal2, _ := os.ReadFile(path + "-wal")
	if !bytes.Equal(book, book2) || !bytes.Equal(wal, wal2) {
		t.Error("the refused book or its -wal was changed")
	}
	if _, err := os.Stat(path + "-shm"); !os.IsNotExist(err) {
		t.Error("a -shm was left beside the refused book")
	}
}
