package gui

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
)

// menuItem finds a File menu item by its label.
func menuItem(t *testing.T, w fyne.Window, label string) *fyne.MenuItem {
	t.Helper()
	for _, it := range w.MainMenu().Items[0].Items {
		if it.Label == label {
			return it
		}
	}
	t.Fatalf("no File ▸ %s", label)
	return nil
}

// dialogText is the text of the labels in the window's top overlay.
func dialogText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var texts []string
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	return strings.Join(texts, "\n")
}

// TestVerifyBook runs File ▸ Verify book… on a sound book, then on one whose
// audit log was changed behind its trigger: the dialog says the book
// verifies, with its head, then names the changed entry.
func TestVerifyBook(t *testing.T) {
	u, w, _ := newTestUI(t)
	ctx := context.Background()
	if err := u.Book().Clients().CreateClient(ctx, &domain.Client{Name: "Sound", Status: domain.StatusActive, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	menuItem(t, w, "Verify book…").Action()
	if got := dialogText(w); !strings.Contains(got, "The book verifies: 1 audit entry") || !strings.Contains(got, "Latest audit entry 1, link ") {
		t.Fatalf("dialog on a sound book:\n%s", got)
	}
	w.Canvas().Overlays().Top().Hide()

	path := filepath.Join(t.TempDir(), "tampered.db")
	b, err := openBook(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Clients().CreateClient(ctx, &domain.Client{Name: "Honest", Status: domain.StatusActive, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var trigger string
	raw.QueryRow(`SELECT sql FROM sqlite_schema WHERE name = 'audit_log_no_update'`).Scan(&trigger)
	for _, s := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET actor = 'mallory' WHERE id = 1`, trigger} {
		if _, err := raw.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	u.switchTo(path)
	menuItem(t, w, "Verify book…").Action()
	got := dialogText(w)
	if !strings.Contains(got, "Audit entry 1 (client 1, created ") || !strings.Contains(got, "was changed after it was written") ||
		!strings.Contains(got, "restore the book from a backup") {
		t.Fatalf("dialog on a tampered book:\n%s", got)
	}
}
