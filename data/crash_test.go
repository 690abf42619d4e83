package data

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clientbook/domain"
)

// copyFile copies src to dst (owner-only), failing the test on error.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// lastWALFrame returns the page data of the last frame in a WAL file that
// holds page pgno.
func lastWALFrame(t *testing.T, wal []byte, pgno uint32) []byte {
	t.Helper()
	if len(wal) < 32 {
		t.Fatalf("WAL of %d bytes", len(wal))
	}
	pageSize := int(binary.BigEndian.Uint32(wal[8:12]))
	var page []byte
	for off := 32; off+24+pageSize <= len(wal); off += 24 + pageSize {
		if binary.BigEndian.Uint32(wal[off:off+4]) == pgno {
			page = wal[off+24 : off+24+pageSize]
		}
	}
	if page == nil {
		t.Fatalf("no frame for page %d in the WAL", pgno)
	}
	return page
}

// TestOpenAfterCrashInCheckpoint reproduces the state a crash, a power loss
// or a full disk leaves when it interrupts a WAL checkpoint after SQLite has
// written page 1 (with the grown page count) into the book but before the
// file has grown: the book file is shorter than its header says, and the WAL
// beside it still holds every committed page. SQLite recovers this from the
// WAL; Clientbook must not refuse it as damaged.
func TestOpenAfterCrashInCheckpoint(t *testing.T) {
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	b, err := Open(live)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := b.Clients().CreateClient(ctx, &domain.Client{Name: "Before", Status: domain.StatusActive, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	b.Close()

	// A second connection that never checkpoints: everything it commits
	// stays in the WAL, which is what the crash leaves behind.
	db, err := sql.Open("sqlite", "file:"+live+"?_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	const added = 400
	for i := 0; i < added; i++ {
		if _, err := tx.Exec(`INSERT INTO clients (name, name_key, status, payment_terms_days, currency, created_at, updated_at) VALUES (?1, ?1, 'active', 30, 'EUR', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
			strings.Repeat("grown ", 30)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	crashed := filepath.Join(t.TempDir(), "book.db")
	copyFile(t, live, crashed)
	copyFile(t, live+"-wal", crashed+"-wal")
	wal, err := os.ReadFile(crashed + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	page1 := lastWALFrame(t, wal, 1)
	f, err := os.OpenFile(crashed, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(page1, 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	st, _ := os.Stat(crashed)
	pages := int64(binary.BigEndian.Uint32(page1[28:32]))
	if st.Size() >= pages*int64(len(page1)) {
		t.Fatalf("the set-up did not leave the book shorter than its header says (%d bytes, %d pages)", st.Size(), pages)
	}

	b2, err := Open(crashed)
	if err != nil {
		t.Fatalf("an intact book interrupted in a checkpoint was refused: %v", err)
	}
	defer b2.Close()
	n, err := b2.Clients().CountClients(ctx, domain.ClientFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n != added+1 {
		t.Errorf("%d clients after recovery, want %d", n, added+1)
	}
	if err := b2.Verify(ctx); err != nil {
		t.Errorf("the recovered book does not verify: %v", err)
	}
}

// damagedBookFile makes a book of 300 clients and scribbles over one page of
// the clients table or of one of its indexes, as a failing disk or a flipped
// bit would.
func damagedBookFile(t *testing.T, path, object string) {
	t.Helper()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var cs []*domain.Client
	for i := 0; i < 300; i++ {
		cs = append(cs, &domain.Client{Name: fmt.Sprintf("Client %03d %s", i, strings.Repeat("y", 100)), Status: domain.StatusActive, Currency: "EUR"})
	}
	if err := b.Clients().CreateClients(ctx, cs); err != nil {
		t.Fatal(err)
	}
	var root int64
	if err := b.db.QueryRow(`SELECT rootpage FROM sqlite_schema WHERE name = ?`, object).Scan(&root); err != nil {
		t.Fatal(err)
	}
	// The root of a multi-page b-tree is an interior page; damage the first
	// leaf it points to, which is what opening never reads.
	var leaf int64
	if err := b.db.QueryRow(`SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno LIMIT 1`, object).Scan(&leaf); err != nil {
		t.Fatalf("find a leaf page of %s: %v", object, err)
	}
	b.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := 4096
	off := int(leaf-1) * page
	if object == "clients" {
		for i := off; i < off+page; i++ { // the whole page
			raw[i] = 0xA5
		}
	} else {
		raw[off+page-200] ^= 0x04 // one bit of one index key
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestDamageIsFoundAndStopsWrites: a damaged table page or a flipped bit in
// an index opens (a full scan on every open would take tens of seconds on a
// large book), but Verify finds it, names it, and from then on the book is
// not written to — the file stays byte for byte as it was.
func TestDamageIsFoundAndStopsWrites(t *testing.T) {
	for _, object := range []string{"clients", "clients_by_name"} {
		t.Run(object, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "book.db")
			damagedBookFile(t, path, object)
			before, _ := os.ReadFile(path)
			b, err := Open(path)
			if err != nil {
				if !strings.Contains(domain.ErrorMessage(err), "damaged") {
					t.Fatalf("refused, but not as damaged: %v", err)
				}
				t.Logf("refused at open: %v", err)
				return // SQLite itself found it while opening: refused, fine
			}
			ctx := context.Background()
			err = b.Verify(ctx)
			if err == nil || !strings.Contains(domain.ErrorMessage(err), "is damaged") || !strings.Contains(domain.ErrorMessage(err), "Restore from backup") {
				t.Fatalf("Verify = %v, want the damage named with the way out", err)
			}
			if b.Damage() == nil {
				t.Error("Damage() is nil after Verify found damage")
			}
			err = b.Clients().CreateClient(ctx, &domain.Client{Name: "After", Status: domain.StatusActive, Currency: "EUR"})
			if err == nil || !strings.Contains(domain.ErrorMessage(err), "is damaged") {
				t.Fatalf("a write to the damaged book: %v", err)
			}
			b.Close()
			after, _ := os.ReadFile(path)
			if !bytes.Equal(before, after) {
				t.Error("the damaged book was written to")
			}
		})
	}
}

// TestVerifyStops: a check for damage stops when its context ends or the
// book closes, so a long check in the background never holds up closing.
func TestVerifyStops(t *testing.T) {
	b := openTemp(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Verify(ctx); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("Verify with an ended context = %v", err)
	}
	if b.Damage() != nil {
		t.Error("a stopped check marked the book damaged")
	}
	if err := b.Verify(context.Background()); err != nil {
		t.Errorf("Verify = %v", err)
	}
	b.Close()
	if err := b.Verify(context.Background()); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("Verify after Close = %v", err)
	}
}
