package kit

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"clientbook/domain"
)

// someClients answers the picker's look-ups from a list, counting them.
type someClients struct {
	domain.ClientService // the rest is not called
	names                []string
	finds, byID          int
}

func (c *someClients) FindClients(_ context.Context, f domain.ClientFilter) ([]domain.ClientRow, error) {
	c.finds++
	var rows []domain.ClientRow
	for i, n := range c.names {
		if strings.Contains(strings.ToLower(n), strings.ToLower(f.Search)) {
			rows = append(rows, domain.ClientRow{ID: int64(i + 1), Name: n})
		}
	}
	return rows, nil
}

func (c *someClients) FindClientByID(_ context.Context, id int64) (*domain.Client, error) {
	c.byID++
	return &domain.Client{ID: id, Name: c.names[id-1]}, nil
}

// Typing looks the clients up in the background: the entry takes the
// keystrokes while the look-up waits, an answer for an older keystroke is
// dropped, and picking an offered name sets that client once it is read.
func TestClientPickerLooksUpOffTheUIGoroutine(t *testing.T) {
	test.NewTempApp(t)
	q, restore := Queued()
	t.Cleanup(restore)
	svc := &someClients{names: []string{"Acme Freight", "Acorn Bakery", "Zeta Labs"}}
	p := NewClientPicker(svc)
	var changed []*domain.Client
	p.OnChanged = func(c *domain.Client) { changed = append(changed, c) }
	test.NewTempWindow(t, p.Entry)

	test.Type(p.Entry, "a")
	test.Type(p.Entry, "c")
	if svc.finds != 0 || !p.Busy() || len(p.Options()) != 0 || p.Entry.Text != "ac" {
		t.Fatalf("while the look-up waits: %d reads, busy %v, options %q, text %q", svc.finds, p.Busy(), p.Options(), p.Entry.Text)
	}
	test.Type(p.Entry, "o")
	if n := q.Run(); n != 3 {
		t.Errorf("%d look-ups ran, want 3 (one a keystroke)", n)
	}
	if got := p.Options(); len(got) != 1 || got[0] != "Acorn Bakery" {
		t.Errorf("offered %q, want what \"aco\" finds only", got)
	}
	if len(changed) != 1 || changed[0] != nil || p.Busy() {
		t.Errorf("OnChanged %v (busy %v), want once with no client: older answers are dropped", changed, p.Busy())
	}

	p.Entry.SetText("Acorn Bakery")
	if p.Client() != nil {
		t.Error("the client is set before it is read")
	}
	q.Run()
	if c := p.Client(); c == nil || c.Name != "Acorn Bakery" || svc.byID != 1 {
		t.Fatalf("picked %+v after %d reads by id", c, svc.byID)
	}
	p.SetClient(nil)
	if p.Entry.Text != "" || p.Client() != nil || q.Run() != 0 {
		t.Errorf("after clearing: %q, %v", p.Entry.Text, p.Client())
	}
}
