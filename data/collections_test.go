package data

import (
	"context"
	"strings"
	"testing"

	"clientbook/domain"
)

func collectionTexts(es []domain.CollectionEntry) string {
	var s []string
	for _, e := range es {
		s = append(s, e.Text)
	}
	return strings.Join(s, "|")
}

func TestCollectionLog(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	a := newClient("Nordlicht Logistik GmbH", "München", domain.Contact{Name: "Jürgen Schäfer", Email: "j@nordlicht.example", Primary: true})
	z := newClient("Fjord Shipping AS", "Bergen")
	for _, c := range []*domain.Client{a, z} {
		if err := b.Clients().CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	inv := issueInvoice(t, b, a, "2027-03-01", "2027-03-31", "Hosting|1000.00")
	issueInvoice(t, b, z, "2027-03-01", "2027-03-31", "Crane|500.00")
	svc := b.Collections()
	for _, e := range []*domain.CollectionEntry{
		{ClientID: a.ID, Kind: domain.CollectionCall, On: day("2027-04-02"), Text: "Called accounts, no answer"},
		{ClientID: a.ID, DocumentID: inv.ID, Kind: domain.CollectionPromise, On: day("2027-04-03"), Text: "Will pay half next week",
			PromisedDate: day("2027-04-10"), PromisedAmount: eur("500.00")},
		{ClientID: a.ID, DocumentID: inv.ID, Kind: domain.CollectionDispute, On: day("2027-04-05"), Text: "Says the March hosting was down for a week"},
		{ClientID: z.ID, Kind: domain.CollectionNote, On: day("2027-04-04"), Text: "Pays on the 15th as a rule"},
	} {
		if err := svc.AddCollectionEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
		if e.ID == 0 || e.CreatedAt.IsZero() {
			t.Errorf("not stored: %+v", e)
		}
	}
	all, err := svc.FindCollectionEntries(ctx, domain.CollectionFilter{ClientID: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got := collectionTexts(all); got != "Says the March hosting was down for a week|Will pay half next week|Called accounts, no answer" {
		t.Fatalf("the client's log, latest first: %s", got)
	}
	promise := all[1]
	if promise.DocumentNumber != inv.Number || promise.ClientName != a.Name || promise.PromisedDate != day("2027-04-10") ||
		promise.PromisedAmount.String() != "500.00 EUR" || promise.Kind != domain.CollectionPromise {
		t.Errorf("read back %+v", promise)
	}
	if got, _ := svc.FindCollectionEntries(ctx, domain.CollectionFilter{DocumentID: inv.ID}); len(got) != 2 {
		t.Errorf("the invoice's log: %s", collectionTexts(got))
	}
	if got, _ := svc.FindCollectionEntries(ctx, domain.CollectionFilter{Limit: 2, Offset: 1}); collectionTexts(got) != "Pays on the 15th as a rule|Will pay half next week" {
		t.Errorf("a page of every client's log: %s", collectionTexts(got))
	}
	open, _ := svc.FindCollectionEntries(ctx, domain.CollectionFilter{OpenDisputes: true})
	if len(open) != 1 || !open[0].OnHold() {
		t.Fatalf("open disputes: %+v", open)
	}

	// Resolving takes the invoice off hold, once.
	dispute := open[0]
	if err := svc.ResolveDispute(ctx, dispute.ID, day("2027-04-01"), "Credited"); domain.FieldErrors(err)["resolvedOn"] == "" {
		t.Errorf("resolved before it was raised: %v", err)
	}
	if err := svc.ResolveDispute(ctx, dispute.ID, day("2027-04-08"), "Credit note for the week down"); err != nil {
		t.Fatal(err)
	}
	got, _ := svc.FindCollectionEntryByID(ctx, dispute.ID)
	if got.OnHold() || got.ResolvedOn != day("2027-04-08") || got.Resolution != "Credit note for the week down" {
		t.Errorf("resolved: %+v", got)
	}
	if err := svc.ResolveDispute(ctx, dispute.ID, day("2027-04-09"), "Again"); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("resolved twice: %v", err)
	}
	if err := svc.ResolveDispute(ctx, promise.ID, day("2027-04-09"), "Paid"); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("a promise resolved: %v", err)
	}
	if got := auditRows(t, b, "collection", dispute.ID); strings.Join(got, ",") != "create,resolve" {
		t.Errorf("audit %v", got)
	}
	if _, err := svc.FindCollectionEntryByID(ctx, 999); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("missing: %v", err)
	}

	// A client with a collection log is kept.
	if err := b.Clients().DeleteClient(ctx, z.ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("deleting a client with a collection log: %v", err)
	}
}

func TestCollectionEntryBadInputWritesNothing(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	a := newClient("Nordlicht Logistik GmbH", "München")
	z := newClient("Fjord Shipping AS", "Bergen")
	for _, c := range []*domain.Client{a, z} {
		if err := b.Clients().CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	inv := issueInvoice(t, b, a, "2027-03-01", "2027-03-31", "Hosting|1000.00")
	theirs := issueInvoice(t, b, z, "2027-03-01", "2027-03-31", "Crane|500.00")
	draft := domain.NewDraft(domain.KindInvoice, a, domain.DefaultCompany(), day("2027-03-05"))
	draft.Lines = []domain.Line{{Description: "x", Quantity: dec("1"), UnitPrice: dec("1")}}
	if err := b.Documents().CreateDraft(ctx, draft); err != nil {
		t.Fatal(err)
	}
	audits := countRows(t, b, "audit_log")
	usd := eur("10.00")
	usd.Currency = "USD"
	for _, tc := range []struct {
		name  string
		e     domain.CollectionEntry
		field string
	}{
		{"no text", domain.CollectionEntry{ClientID: a.ID, Kind: domain.CollectionCall, On: day("2027-04-01")}, "text"},
		{"unknown kind", domain.CollectionEntry{ClientID: a.ID, Kind: "fax", On: day("2027-04-01"), Text: "x"}, "kind"},
		{"a dispute about nothing", domain.CollectionEntry{ClientID: a.ID, Kind: domain.CollectionDispute, On: day("2027-04-01"), Text: "x"}, "invoice"},
		{"no such client", domain.CollectionEntry{ClientID: 999, Kind: domain.CollectionNote, On: day("2027-04-01"), Text: "x"}, "client"},
		{"another client's invoice", domain.CollectionEntry{ClientID: a.ID, DocumentID: theirs.ID, Kind: domain.CollectionDispute,
			On: day("2027-04-01"), Text: "x"}, "invoice"},
		{"a draft", domain.CollectionEntry{ClientID: a.ID, DocumentID: draft.ID, Kind: domain.CollectionNote, On: day("2027-04-01"), Text: "x"}, "invoice"},
		{"no such invoice", domain.CollectionEntry{ClientID: a.ID, DocumentID: 999, Kind: domain.CollectionNote, On: day("2027-04-01"), Text: "x"}, "invoice"},
		{"a promise in another currency", domain.CollectionEntry{ClientID: a.ID, DocumentID: inv.ID, Kind: domain.CollectionPromise,
			On: day("2027-04-01"), Text: "x", PromisedDate: day("2027-04-09"), PromisedAmount: usd}, "promisedAmount"},
	} {
		e := tc.e
		err := b.Collections().AddCollectionEntry(ctx, &e)
		if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)[tc.field] == "" || e.ID != 0 {
			t.Errorf("%s: want a problem at %s, got %v (id %d)", tc.name, tc.field, err, e.ID)
		}
	}
	if n := countRows(t, b, "collection_entries"); n != 0 {
		t.Errorf("%d entries stored", n)
	}
	if n := countRows(t, b, "audit_log"); n != audits {
		t.Errorf("%d audit rows written", n-audits)
	}
}
