package today

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/gui/kit"
)

// The reminder ticker may fire once more after the window closed the book:
// the check finds the book closed and tells nothing (it panicked on a nil
// database, seen as a flaky crash of the window's tests).
func TestNotifierAfterTheBookClosed(t *testing.T) {
	test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	b, err := data.Open(filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	sent := 0
	n := NewNotifier(b.Activities(), func(string, string) { sent++ })
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	n.Check()
	if sent != 0 {
		t.Errorf("%d notifications from a closed book", sent)
	}
	if _, err := b.Clients().CountClients(t.Context(), domain.ClientFilter{}); err == nil {
		t.Error("a read on a closed book succeeded")
	}
	if err := b.Close(); err != nil {
		t.Errorf("closing twice: %v", err)
	}
}
