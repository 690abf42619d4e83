package data

import (
	"os"
	"path/filepath"
	"testing"
)

func writeFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(n), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRoamingBookMovesToLocal: the Windows default book moves, whole, from
// %AppData%\Clientbook to %LocalAppData%\Clientbook the first time, and never
// over a local folder that already exists.
func TestRoamingBookMovesToLocal(t *testing.T) {
	book := []string{"clientbook.db", "clientbook.db-wal", "clientbook.db-shm", "backups/clientbook-20261201.db", "clientbook-backup-key.age"}

	t.Run("moves the folder whole", func(t *testing.T) {
		base := t.TempDir()
		local, roaming := filepath.Join(base, "Local", "Clientbook"), filepath.Join(base, "Roaming", "Clientbook")
		writeFiles(t, roaming, book...)
		if got := moveRoaming(local, roaming); got != local {
			t.Fatalf("moveRoaming = %s, want %s", got, local)
		}
		for _, n := range book {
			if b, err := os.ReadFile(filepath.Join(local, n)); err != nil || string(b) != n {
				t.Errorf("%s after the move: %q, %v", n, b, err)
			}
		}
		if _, err := os.Stat(roaming); !os.IsNotExist(err) {
			t.Errorf("the roaming folder is still there: %v", err)
		}
	})
	t.Run("a local folder wins", func(t *testing.T) {
		base := t.TempDir()
		local, roaming := filepath.Join(base, "Local", "Clientbook"), filepath.Join(base, "Roaming", "Clientbook")
		writeFiles(t, roaming, book...)
		writeFiles(t, local, "clientbook.db")
		if got := moveRoaming(local, roaming); got != local {
			t.Fatalf("moveRoaming = %s, want %s", got, local)
		}
		if _, err := os.Stat(filepath.Join(roaming, "clientbook.db")); err != nil {
			t.Errorf("the roaming book was touched: %v", err)
		}
	})
	t.Run("no roaming book", func(t *testing.T) {
		base := t.TempDir()
		local, roaming := filepath.Join(base, "Local", "Clientbook"), filepath.Join(base, "Roaming", "Clientbook")
		writeFiles(t, roaming, "notes.txt")
		if got := moveRoaming(local, roaming); got != local {
			t.Fatalf("moveRoaming = %s, want %s", got, local)
		}
		if _, err := os.Stat(filepath.Join(roaming, "notes.txt")); err != nil {
			t.Errorf("a roaming folder without a book was moved: %v", err)
		}
	})
	t.Run("a move that fails keeps the roaming book", func(t *testing.T) {
		base := t.TempDir()
		roaming := filepath.Join(base, "Roaming", "Clientbook")
		writeFiles(t, roaming, book...)
		writeFiles(t, base, "Local") // a file where the Local folder should be
		local := filepath.Join(base, "Local", "Clientbook")
		if got := moveRoaming(local, roaming); got != roaming {
			t.Fatalf("moveRoaming = %s, want %s", got, roaming)
		}
		if _, err := os.Stat(filepath.Join(roaming, "clientbook.db-wal")); err != nil {
			t.Errorf("the roaming book lost its WAL: %v", err)
		}
	})
}
