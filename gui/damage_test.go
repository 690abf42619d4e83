package gui

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"clientbook/data"
	"clientbook/domain"
)

// flipIndexBit makes a book of clients and flips one bit in a leaf page of
// its name index: the book opens, and only a full check finds it.
func flipIndexBit(t *testing.T, path string) {
	t.Helper()
	b, err := openBook(path)
	if err != nil {
		t.Fatal(err)
	}
	var cs []*domain.Client
	for i := 0; i < 300; i++ {
		cs = append(cs, &domain.Client{Name: fmt.Sprintf("Client %03d %s", i, strings.Repeat("q", 100)), Status: domain.StatusActive, Currency: "EUR"})
	}
	if err := b.Clients().CreateClients(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
	b.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var leaf int64
	err = db.QueryRow(`SELECT pageno FROM dbstat WHERE name = 'clients_by_name' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1`).Scan(&leaf)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw[int(leaf)*4096-200] ^= 0x04
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedBookShowsABanner: a book damaged where opening does not look
// opens, the check in the background finds it and a banner above the tabs
// says so and where to restore from; saving is refused. A sound book shows
// no banner.
func TestDamagedBookShowsABanner(t *testing.T) {
	old := checkInBackground
	checkInBackground = func(work func()) { work() }
	defer func() { checkInBackground = old }()

	u, w, _ := newTestUI(t)
	if got := u.damage.Text(); got != "" {
		t.Errorf("a sound book shows %q", got)
	}
	u.SetBackups(data.BackupService{})

	path := filepath.Join(t.TempDir(), "damaged.db")
	flipIndexBit(t, path)
	u.switchTo(path)
	if u.Book() == nil || !sameFile(u.Book().Path(), path) {
		t.Fatal("the damaged book did not open")
	}
	msg := u.damage.Text()
	if !strings.Contains(msg, "is damaged") || !strings.Contains(msg, "Restore from backup") {
		t.Fatalf("banner = %q", msg)
	}
	found := false
	for _, o := range test.LaidOutObjects(u.body) {
		if rt, ok := o.(interface{ String() string }); ok && strings.Contains(rt.String(), "is damaged") {
			found = found || o.Visible()
		}
	}
	if !found {
		t.Error("the banner is not on the window")
	}
	if u.damage.restore == nil {
		t.Fatal("no Restore from backup button on the banner")
	}
	test.Tap(u.damage.restore)
	if w.Canvas().Overlays().Top() == nil {
		t.Error("Restore from backup… opened nothing")
	}
	err := u.Book().Clients().CreateClient(context.Background(), &domain.Client{Name: "New", Status: domain.StatusActive, Currency: "EUR"})
	if err == nil || !strings.Contains(domain.ErrorMessage(err), "is damaged") {
		t.Errorf("a save to the damaged book: %v", err)
	}
}
