package widgets

import (
	"os"
	"path/filepath"
	"testing"
)

// File dialogs start in the Documents folder, then in the folder last used
// this session; a folder that has gone is skipped.
func TestStartFolder(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Cleanup(func() { UsedFolder("") })
	UsedFolder("")
	if got := StartFolder(); got != home {
		t.Errorf("without Documents: %q, want home %q", got, home)
	}
	docs := filepath.Join(home, "Documents")
	if err := os.Mkdir(docs, 0o700); err != nil {
		t.Fatal(err)
	}
	if got := StartFolder(); got != docs {
		t.Errorf("first: %q, want %q", got, docs)
	}
	saved := filepath.Join(home, "invoices", "INV-1.pdf")
	os.MkdirAll(filepath.Dir(saved), 0o700)
	os.WriteFile(saved, []byte("%PDF"), 0o600)
	UsedFolder(saved)
	if got := StartFolder(); got != filepath.Dir(saved) {
		t.Errorf("after saving: %q, want %q", got, filepath.Dir(saved))
	}
	os.RemoveAll(filepath.Dir(saved))
	if got := StartFolder(); got != docs {
		t.Errorf("the last folder gone: %q, want %q", got, docs)
	}
}
