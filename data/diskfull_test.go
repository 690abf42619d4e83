//go:build linux

package data

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"clientbook/domain"
)

// tinyDisk mounts a small tmpfs for the test (root only; skipped elsewhere).
func tinyDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		t.Skipf("cannot mount a small file system here (%v); needs root", err)
	}
	t.Cleanup(func() { unix.Unmount(dir, unix.MNT_DETACH) })
	return dir
}

// TestDiskFull fills a small disk while saving clients: the failing save
// says the disk is full and how much room to make, nothing acknowledged is
// lost, and once room is made the book opens and saves again.
func TestDiskFull(t *testing.T) {
	dir := tinyDisk(t, "3m")
	path := filepath.Join(dir, "book.db")
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// Leave a little room, then save until it runs out.
	filler := filepath.Join(dir, "filler")
	if free, ok := freeSpace(dir); ok && free > 600<<10 {
		os.WriteFile(filler, make([]byte, free-600<<10), 0o600)
	}
	saved := 0
	var failure error
	for i := 0; i < 5000 && failure == nil; i++ {
		failure = b.Clients().CreateClient(ctx, &domain.Client{Name: fmt.Sprintf("Client %d %s", i, strings.Repeat("z", 180)), Status: domain.StatusActive, Currency: "EUR"})
		if failure == nil {
			saved++
		}
	}
	if failure == nil {
		t.Fatal("the disk never filled")
	}
	msg := domain.ErrorMessage(failure)
	if !strings.Contains(msg, "is full") || !strings.Contains(msg, "Free at least") {
		t.Fatalf("a save on a full disk says %q", msg)
	}
	t.Logf("%d clients saved, then: %s", saved, msg)
	b.Close()

	os.Remove(filler)
	b, err = Open(path)
	if err != nil {
		t.Fatalf("after room was made the book does not open: %v", err)
	}
	defer b.Close()
	n, err := b.Clients().CountClients(ctx, domain.ClientFilter{})
	if err != nil || n != saved {
		t.Errorf("%d clients after the disk filled (%v), want the %d acknowledged", n, err, saved)
	}
	if err := b.Clients().CreateClient(ctx, &domain.Client{Name: "After", Status: domain.StatusActive, Currency: "EUR"}); err != nil {
		t.Errorf("a save after room was made: %v", err)
	}
	if err := b.Verify(ctx); err != nil {
		t.Errorf("verify: %v", err)
	}
}

// TestDiskFullWhenCreating: a book that cannot be created for want of room
// says so and leaves nothing behind.
func TestDiskFullWhenCreating(t *testing.T) {
	dir := tinyDisk(t, "1m")
	if free, ok := freeSpace(dir); ok && free > 8<<10 {
		os.WriteFile(filepath.Join(dir, "filler"), make([]byte, free-8<<10), 0o600)
	}
	path := filepath.Join(dir, "book.db")
	_, err := Open(path)
	if err == nil || !strings.Contains(domain.ErrorMessage(err), "is full") {
		t.Fatalf("creating a book on a full disk: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "filler" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
