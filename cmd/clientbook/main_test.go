package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"clientbook/data"
)

// TestSecondLaunchRaisesTheWindow: a window listening beside its book is
// asked to come forward by a second launch on that book, by any name that
// resolves to it, and by none once it has let the book go.
func TestSecondLaunchRaisesTheWindow(t *testing.T) {
	test.NewTempApp(t)
	dir := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", dir)
	book := filepath.Join(dir, "book.db")
	if err := os.WriteFile(book, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(book, link); err != nil {
		t.Fatal(err)
	}
	// A socket left by a window that died is replaced.
	if err := os.WriteFile(raiseSocket(book), []byte("stale"), 0o600); err != nil {
		t.Fatal(err)
	}
	if askRaise(book) {
		t.Fatal("a stale socket answered")
	}

	raised := make(chan struct{}, 4)
	r := &raiser{onRaise: func() { raised <- struct{}{} }}
	r.follow(book)
	for _, name := range []string{book, link} {
		if !askRaise(name) {
			t.Fatalf("askRaise(%s) = false with the window listening", name)
		}
		select {
		case <-raised:
		case <-time.After(5 * time.Second):
			t.Fatalf("askRaise(%s): the window was not raised", name)
		}
	}
	if askRaise(filepath.Join(dir, "other.db")) {
		t.Error("a window answered for a book it does not have open")
	}

	other := filepath.Join(dir, "other.db")
	r.follow(other) // File ▸ Open book… switched books
	if askRaise(book) {
		t.Error("the window still answers for the book it closed")
	}
	if !askRaise(other) {
		t.Error("the window does not answer for the book it switched to")
	}
	r.stop()
	if askRaise(other) {
		t.Error("a stopped window answered")
	}
	if _, err := os.Stat(raiseSocket(other)); !os.IsNotExist(err) {
		t.Errorf("the socket is left behind: %v", err)
	}
}

// TestPreferencesCarryOver: the preferences kept under the old app ID are
// copied once to the new one and never over preferences it already has.
func TestPreferencesCarryOver(t *testing.T) {
	root := t.TempDir()
	old := filepath.Join(root, oldAppID)
	if err := os.MkdirAll(filepath.Join(old, "Documents"), 0o700); err != nil {
		t.Fatal(err)
	}
	prefs := `{"recent_books":"/home/ann/clients.db"}`
	if err := os.WriteFile(filepath.Join(old, "preferences.json"), []byte(prefs), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(old, "Documents", "note.txt"), []byte("kept"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := carryOverPreferences(root, oldAppID, appID); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"preferences.json": prefs, "Documents/note.txt": "kept"} {
		if b, err := os.ReadFile(filepath.Join(root, appID, name)); err != nil || string(b) != want {
			t.Errorf("%s under the new ID: %q, %v", name, b, err)
		}
	}
	if _, err := os.Stat(filepath.Join(old, "preferences.json")); err != nil {
		t.Errorf("the old preferences are gone: %v", err)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 2 {
		t.Errorf("left in the config folder: %v", entries)
	}

	// Preferences changed under the new ID are never overwritten again.
	if err := os.WriteFile(filepath.Join(root, appID, "preferences.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := carryOverPreferences(root, oldAppID, appID); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, appID, "preferences.json")); string(b) != "{}" {
		t.Errorf("the new preferences were overwritten: %q", b)
	}
	// Nothing to carry over is no error.
	if err := carryOverPreferences(t.TempDir(), oldAppID, appID); err != nil {
		t.Error(err)
	}
}

func TestVersionText(t *testing.T) {
	defer func(v, b string) { version, build = v, b }(version, build)
	version, build = "1.2.3", "7"
	got := versionText()
	if !strings.HasPrefix(got, "Clientbook 1.2.3 (build 7)\n") || !strings.Contains(got, "schema 1 to ") {
		t.Errorf("versionText() = %q", got)
	}
	version, build = "", ""
	if got := versionText(); !strings.Contains(got, "development build") {
		t.Errorf("unstamped versionText() = %q", got)
	}
	if !strings.Contains(aboutBook(openTemp(t)), "read by Clientbook") {
		t.Error("aboutBook says nothing of the book's schema")
	}
}

func openTemp(t *testing.T) *data.Book {
	b, err := data.Open(filepath.Join(t.TempDir(), "book.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}
