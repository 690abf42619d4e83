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

	"clientbook/domain"
)

func openTemp(t testing.TB) *Book {
	t.Helper()
	b, err := Open(filepath.Join(t.TempDir(), "book.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func pragmaInt(t *testing.T, db *sql.DB, name string) int {
	t.Helper()
	var v int
	if err := db.QueryRow("PRAGMA " + name).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOpenCreatesAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dir", "my book #1.db")
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := pragmaInt(t, b.db, "user_version"); got != SchemaVersion() {
		t.Errorf("user_version = %d, want %d", got, SchemaVersion())
	}
	if got := pragmaInt(t, b.db, "application_id"); got != ApplicationID {
		t.Errorf("application_id = %#x", got)
	}
	if got := pragmaInt(t, b.db, "foreign_keys"); got != 1 {
		t.Errorf("foreign_keys = %d", got)
	}
	if got := pragmaInt(t, b.db, "synchronous"); got != 2 {
		t.Errorf("synchronous = %d, want 2 (FULL)", got)
	}
	if got := pragmaInt(t, b.db, "cache_size"); got != -bookCacheKiB {
		t.Errorf("cache_size = %d, want %d (KiB)", got, -bookCacheKiB)
	}
	// A batch takes more for itself and gives its connection back as it
	// found it; with one connection open the next read is on that one.
	most := b.db.Stats().MaxOpenConnections
	b.db.SetMaxOpenConns(1)
	if err := b.Batch(context.Background(), func(context.Context) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := pragmaInt(t, b.db, "cache_size"); got != -bookCacheKiB {
		t.Errorf("after a batch cache_size = %d, want %d (KiB)", got, -bookCacheKiB)
	}
	b.db.SetMaxOpenConns(most)
	var mode string
	b.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %q", mode)
	}
	if runtime.GOOS != "windows" {
		for _, p := range []string{path} {
			st, err := os.Stat(p)
			if err != nil || st.Mode().Perm() != 0o600 {
				t.Errorf("%s mode = %v, %v; want 0600", p, st.Mode().Perm(), err)
			}
		}
		if st, _ := os.Stat(filepath.Dir(path)); st.Mode().Perm() != 0o700 {
			t.Errorf("folder mode = %v, want 0700", st.Mode().Perm())
		}
	}
	ctx := context.Background()
	if err := b.Clients().CreateClient(ctx, &domain.Client{Name: "Kept", Status: domain.StatusActive, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	b2, err := Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer b2.Close()
	if n, _ := b2.Clients().CountClients(ctx, domain.ClientFilter{}); n != 1 {
		t.Errorf("after reopen %d clients", n)
	}
	if got := pragmaInt(t, b2.db, "user_version"); got != SchemaVersion() {
		t.Errorf("user_version after reopen = %d", got)
	}
	if baks, _ := Backups(path); len(baks) != 0 {
		t.Errorf("reopening a current book made backups: %v", baks)
	}
}

// snapshot returns the bytes of path and the names of the files beside it.
func snapshot(t *testing.T, path string) ([]byte, []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	var names []string
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".lock") {
			names = append(names, e.Name())
		}
	}
	return b, names
}

func sqliteFile(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestOpenRefusesWithoutChangingTheFile(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, path string)
		msg  string
	}{
		{"garbage", func(t *testing.T, p string) {
			os.WriteFile(p, bytes.Repeat([]byte("not a database at all "), 100), 0o600)
		}, "is not a Clientbook book"},
		{"short garbage", func(t *testing.T, p string) { os.WriteFile(p, []byte("hello"), 0o600) }, "is not a Clientbook book"},
		{"other application", func(t *testing.T, p string) {
			sqliteFile(t, p, "CREATE TABLE songs (title TEXT)", "INSERT INTO songs VALUES ('x')")
		}, "another application"},
		{"other application id", func(t *testing.T, p string) {
			sqliteFile(t, p, "PRAGMA application_id = 1234", "CREATE TABLE t (x)")
		}, "another application"},
		{"newer clientbook", func(t *testing.T, p string) {
			sqliteFile(t, p, "PRAGMA application_id = 1129071179", "PRAGMA user_version = 999", "CREATE TABLE future (x)")
		}, "newer version of Clientbook"},
		{"truncated book", func(t *testing.T, p string) {
			b, err := Open(p)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			var cs []*domain.Client
			for i := 0; i < 300; i++ {
				cs = append(cs, &domain.Client{Name: strings.Repeat("x", 150), Status: domain.StatusActive, Currency: "EUR"})
			}
			if err := b.Clients().CreateClients(ctx, cs); err != nil {
				t.Fatal(err)
			}
			b.Close()
			raw, _ := os.ReadFile(p)
			os.WriteFile(p, raw[:len(raw)/2], 0o600)
		}, "damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "book.db")
			tt.make(t, path)
			before, filesBefore := snapshot(t, path)
			b, err := Open(path)
			if err == nil {
				b.Close()
				t.Fatal("opened")
			}
			if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(domain.ErrorMessage(err), tt.msg) {
				t.Fatalf("err = %v (%s), want EINVALID with %q", err, domain.ErrorCode(err), tt.msg)
			}
			after, filesAfter := snapshot(t, path)
			if !bytes.Equal(before, after) {
				t.Error("the refused file was modified")
			}
			if strings.Join(filesBefore, ",") != strings.Join(filesAfter, ",") {
				t.Errorf("files beside it changed: %v → %v", filesBefore, filesAfter)
			}
		})
	}
}

func TestSecondOpenIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.db")
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), "already open") {
		t.Fatalf("second open in the same process: %v", err)
	}
	b.Close()
	b2, err := Open(path)
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	b2.Close()
}

// TestSecondProcessIsRefused runs this test binary again as a second process
// that tries to open the book this one holds.
func TestSecondProcessIsRefused(t *testing.T) {
	if p := os.Getenv("CLIENTBOOK_TEST_OPEN"); p != "" {
		_, err := Open(p)
		if domain.ErrorCode(err) == domain.ECONFLICT {
			os.Stdout.WriteString("REFUSED: " + domain.ErrorMessage(err))
			os.Exit(0)
		}
		os.Stdout.WriteString("UNEXPECTED: " + domain.ErrorMessage(err))
		os.Exit(3)
	}
	path := filepath.Join(t.TempDir(), "book.db")
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestSecondProcessIsRefused$")
	cmd.Env = append(os.Environ(), "CLIENTBOOK_TEST_OPEN="+path)
	out, err := cmd.Output()
	if err != nil || !strings.Contains(string(out), "REFUSED:") || !strings.Contains(string(out), "already open in another Clientbook window") {
		t.Fatalf("second process: %v, output %q", err, out)
	}
}

func TestMigrationBacksUpAnOlderBook(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.db")
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Clients().CreateClient(context.Background(), &domain.Client{Name: "Old", Status: domain.StatusActive, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	// Pretend the book is one step older than this Clientbook: add a
	// migration step that this test removes again.
	saved := migrations
	migrations = append(append([]string(nil), saved...), "CREATE TABLE upgraded (x INTEGER) STRICT;")
	defer func() { migrations = saved }()
	// An upgrade interrupted before left its temporary copy behind.
	stale := path + ".before-v9-20260101T000000.bak.tmp"
	os.WriteFile(stale, []byte("half a copy"), 0o644)

	b, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := pragmaInt(t, b.db, "user_version"); got != len(saved)+1 {
		t.Errorf("user_version = %d", got)
	}
	b.Close()
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("the temporary copy of an interrupted upgrade was left behind")
	}
	baks, _ := Backups(path)
	if len(baks) != 1 {
		t.Fatalf("backups = %v, want one", baks)
	}
	bak, err := Open(baks[0])
	migrations = saved
	if err != nil {
		t.Fatalf("the backup does not open as a book: %v", err)
	}
	defer bak.Close()
	if n, _ := bak.Clients().CountClients(context.Background(), domain.ClientFilter{}); n != 1 {
		t.Errorf("backup has %d clients", n)
	}
	if runtime.GOOS != "windows" {
		if st, _ := os.Stat(baks[0]); st.Mode().Perm() != 0o600 {
			t.Errorf("backup mode %v", st.Mode().Perm())
		}
	}
}

func TestCheck(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	b.Clients().CreateClient(ctx, &domain.Client{Name: "A", Status: domain.StatusActive, Currency: "EUR",
		Contacts: []domain.Contact{{Name: "X"}}})
	c, err := b.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !c.OK() {
		t.Fatalf("check = %+v", c)
	}
	counts := map[string]int64{}
	for _, tc := range c.Counts {
		counts[tc.Table] = tc.Rows
	}
	if counts["clients"] != 1 || counts["contacts"] != 1 || counts["audit_log"] != 1 {
		t.Errorf("counts = %v", counts)
	}
}
