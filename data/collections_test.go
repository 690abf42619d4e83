package data

import (
	"context"
	"fmt"
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

// Today lists the promises to pay that fell due without the money — on the
// day, or up to PromiseWindow days late — and leaves out those kept,
// replaced by a later promise, on an invoice paid since, or older.
func TestTodayPromisesToPay(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	var cs []*domain.Client
	for _, n := range []string{"Anker Bau GmbH", "Brise Media AS", "Cirrus Data Oy", "Delta Foods SA"} {
		c := newClient(n, "Kiel")
		c.CreditLimit.Amount = dec("0")
		if err := b.Clients().CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
	}
	a, br, ci, de := cs[0], cs[1], cs[2], cs[3]
	a1 := issueInvoice(t, b, a, "2027-01-10", "2027-02-09", "Site work|1000.00")
	a2 := issueInvoice(t, b, a, "2027-02-01", "2027-03-03", "Scaffolding|400.00")
	issueInvoice(t, b, br, "2027-01-10", "2027-02-09", "Video|800.00")
	c1 := issueInvoice(t, b, ci, "2027-01-10", "2027-02-09", "Hosting|300.00")
	d1 := issueInvoice(t, b, de, "2026-10-01", "2026-10-31", "Catering|900.00")
	d2 := issueInvoice(t, b, de, "2027-01-05", "2027-02-04", "Catering|250.00")
	promise := func(c *domain.Client, inv *domain.Document, on, by, amount, text string) {
		t.Helper()
		e := &domain.CollectionEntry{ClientID: c.ID, Kind: domain.CollectionPromise, On: day(on), Text: text,
			PromisedDate: day(by), PromisedAmount: eur(amount)}
		if inv != nil {
			e.DocumentID = inv.ID
		}
		if err := b.Collections().AddCollectionEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	promise(a, a1, "2027-02-15", "2027-03-01", "600.00", "A: 600 by 1 March")                    // 4 days late, 100 received
	promise(a, a2, "2027-03-01", "2027-03-05", "400.00", "A: all of the scaffolding today")      // due today
	promise(br, nil, "2027-02-20", "2027-03-03", "800.00", "B: the account by 3 March")          // kept on 2 March
	promise(ci, c1, "2027-02-10", "2027-02-20", "300.00", "C: by 20 February")                   // replaced
	promise(ci, c1, "2027-02-25", "2027-03-20", "300.00", "C: by 20 March")                      // not yet due
	promise(de, d1, "2026-11-10", "2026-12-01", "900.00", "D: by 1 December")                    // beyond the window
	promise(de, d2, "2027-02-10", "2027-02-28", "250.00", "D: the January catering by the 28th") // paid since
	for _, p := range []*domain.Payment{
		newPayment(a, "2027-03-04", "100.00", allocTo(a2, "100.00")),
		newPayment(br, "2027-03-02", "800.00"),
		newPayment(de, "2027-02-27", "250.00", allocTo(d2, "250.00")),
	} {
		if err := b.Payments().CreatePayment(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	today := day("2027-03-05")
	ag, err := domain.TodayAgenda(ctx, b, today)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ag.Promises {
		got = append(got, fmt.Sprintf("%s · %d late · %s received · %s open", p.Entry.Text, p.DaysLate(today), p.Received, p.Open))
	}
	want := []string{
		"A: all of the scaffolding today · 0 late · 100.00 EUR received · 300.00 EUR open",
		"A: 600 by 1 March · 4 late · 100.00 EUR received · 1,000.00 EUR open",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("promises due on %s:\n%s\nwant\n%s", today, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Sixty days after 1 December the promise is still there; sixty-one, not.
	for _, c := range []struct {
		on   string
		want bool
	}{{"2027-01-30", true}, {"2027-01-31", false}} {
		ag, err := domain.TodayAgenda(ctx, b, day(c.on))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, p := range ag.Promises {
			found = found || p.Entry.DocumentID == d1.ID
		}
		if found != c.want {
			t.Errorf("on %s the promise of 1 December is listed: %v", c.on, found)
		}
	}
}

// A book with more overdue tasks than an agenda reads still shows the
// tasks due today and coming up (each list is read on its own), and says
// the overdue ones are at least MaxAgendaRows: "1,000+".
func TestTodayListsTodaysTasksBehindALongOverdueList(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	c := newClient("Anker Bau GmbH", "Kiel")
	if err := b.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	today := day("2027-03-05")
	err := b.Batch(ctx, func(ctx context.Context) error {
		for i := range domain.MaxAgendaRows + 5 {
			if err := b.Activities().CreateTask(ctx, &domain.Task{ClientID: c.ID, Title: fmt.Sprintf("Old call %d", i),
				DueDate: today.AddDays(-1 - i%300)}); err != nil {
				return err
			}
		}
		for _, tk := range []*domain.Task{{ClientID: c.ID, Title: "Call today", DueDate: today},
			{ClientID: c.ID, Title: "Call tomorrow", DueDate: today.AddDays(1)}} {
			if err := b.Activities().CreateTask(ctx, tk); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := domain.TodayAgenda(ctx, b, today)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Overdue) != domain.MaxAgendaRows || !a.Capped.Overdue {
		t.Errorf("%d overdue tasks, capped %v; want %d, capped", len(a.Overdue), a.Capped.Overdue, domain.MaxAgendaRows)
	}
	if len(a.Due) != 1 || a.Due[0].Title != "Call today" || a.Capped.Due || len(a.Upcoming) != 1 || a.Upcoming[0].Title != "Call tomorrow" {
		t.Errorf("due %v, upcoming %v: today's and tomorrow's call should show", a.Due, a.Upcoming)
	}
	if got, want := a.Summary(), "1,000+ overdue tasks · 1 task due today"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	// A list that fits says its count as it is.
	if got := domain.AgendaCount(999, false); got != "999" {
		t.Errorf("AgendaCount(999) = %q", got)
	}
}
