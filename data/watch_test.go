package data

import (
	"context"
	"testing"

	"clientbook/domain"
)

// TestWatchAnnouncesCommittedWrites: a committed write announces the records
// it changed; a refused one announces nothing; stop ends the watch.
func TestWatchAnnouncesCommittedWrites(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	var got []domain.Changes
	stop := b.Watch(func(cs domain.Changes) { got = append(got, cs) })
	c := newClient("Watched GmbH", "Köln")
	if err := b.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got[0].Touched("client", c.ID) || got[0][0].Action != "create" {
		t.Fatalf("after a create: %+v", got)
	}
	if err := b.Clients().CreateClient(ctx, &domain.Client{}); err == nil {
		t.Fatal("an empty client was saved")
	}
	if len(got) != 1 {
		t.Errorf("a refused write announced %+v", got[1:])
	}
	inv := issueInvoice(t, b, c, "2027-01-05", "2027-02-04", "Work|100.00")
	if !got[len(got)-1].Touched("document", inv.ID) {
		t.Errorf("issuing announced %+v", got[len(got)-1])
	}
	stop()
	n := len(got)
	if err := b.Payments().CreatePayment(ctx, newPayment(c, "2027-01-20", "100.00", allocTo(inv, "100.00"))); err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Error("a stopped watch was still called")
	}
}
