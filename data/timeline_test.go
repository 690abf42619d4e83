package data

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"clientbook/domain"
)

// moneyTimelineBook is a client with a month of conversations, two invoices (the
// later one voided), a credit note, a payment recorded on its day and a
// draft; and another client whose entries must never show.
func moneyTimelineBook(t *testing.T) (*Book, *domain.Client, map[string]int64) {
	t.Helper()
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	ids := map[string]int64{}
	local := func(s string) time.Time {
		at, err := time.ParseInLocation("2006-01-02 15:04", s, time.Local)
		if err != nil {
			t.Fatal(err)
		}
		return at
	}
	act := func(c *domain.Client, name string, kind domain.ActivityKind, at, subject string) {
		a := &domain.Activity{ClientID: c.ID, Kind: kind, At: local(at), Subject: subject}
		if err := b.Activities().CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		ids[name] = a.ID
	}
	act(c, "A1", domain.ActivityCall, "2027-03-01 10:00", "Kick-off call")
	act(c, "A2", domain.ActivityEmail, "2027-03-10 09:00", "Sent the offer")
	act(c, "A3", domain.ActivityMeeting, "2027-03-20 15:00", "Quarterly review")
	act(c, "A4", domain.ActivityNote, "2027-03-20 08:00", "Prepared the review")

	i1 := issueInvoice(t, b, c, "2027-03-05", "2027-04-04", "Consulting|300.00", "Travel|50.00")
	ids["I1"] = i1.ID
	ids["CN"] = issueCredit(t, b, i1, "2027-03-12", 1).ID
	i2 := issueInvoice(t, b, c, "2027-03-20", "2027-04-19", "Licence|120.00")
	ids["I2"] = i2.ID
	if err := b.Documents().Void(ctx, i2.ID, "Sent twice"); err != nil {
		t.Fatal(err)
	}
	p := newPayment(c, "2027-03-20", "300.00", allocTo(i1, "300.00"))
	if err := b.Payments().CreatePayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	ids["P1"] = p.ID
	// The payment was recorded at noon on the day it arrived, so it sorts
	// at noon; the invoices were issued on other days than their issue
	// dates, so they sort at the end of theirs.
	if _, err := b.db.Exec(`UPDATE payments SET created_at = ? WHERE id = ?`, timestamp(local("2027-03-20 12:00")), p.ID); err != nil {
		t.Fatal(err)
	}
	draft := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), day("2027-03-15"))
	draft.Lines = []domain.Line{{Description: "Not sent yet", Quantity: dec("1"), UnitPrice: dec("10.00")}}
	if err := b.Documents().CreateDraft(ctx, draft); err != nil {
		t.Fatal(err)
	}
	ids["draft"] = draft.ID

	other := newClient("Other GmbH", "Berlin")
	if err := b.Clients().CreateClient(ctx, other); err != nil {
		t.Fatal(err)
	}
	act(other, "X1", domain.ActivityCall, "2027-03-11 11:00", "Someone else's call")
	issueInvoice(t, b, other, "2027-03-11", "2027-04-10", "Consulting|999.00")
	if err := b.Payments().CreatePayment(ctx, newPayment(other, "2027-03-11", "999.00")); err != nil {
		t.Fatal(err)
	}
	return b, c, ids
}

// names turns a page of the timeline into the names moneyTimelineBook gave its
// entries, e.g. "I2 A3 P1".
func names(ids map[string]int64, page []domain.TimelineEntry) string {
	byRef := map[string]string{}
	for name, id := range ids {
		for _, k := range []string{"A", "X"} {
			if strings.HasPrefix(name, k) {
				byRef[fmt.Sprint(domain.TimelineActivity, id)] = name
			}
		}
		if strings.HasPrefix(name, "I") || name == "CN" || name == "draft" {
			byRef[fmt.Sprint(domain.TimelineDocument, id)] = name
		}
		if strings.HasPrefix(name, "P") {
			byRef[fmt.Sprint(domain.TimelinePayment, id)] = name
		}
	}
	var out []string
	for _, e := range page {
		var id int64
		switch e.Kind {
		case domain.TimelineActivity:
			id = e.Activity.ID
		case domain.TimelineDocument:
			id = e.Document.ID
		case domain.TimelinePayment:
			id = e.Payment.ID
		}
		name := byRef[fmt.Sprint(e.Kind, id)]
		if name == "" {
			name = fmt.Sprintf("?%s%d", e.Kind, id)
		}
		out = append(out, name)
	}
	return strings.Join(out, " ")
}

// The timeline interleaves the client's conversations, issued documents and
// payments newest first; a day's documents come after its conversations
// unless recorded on the day; drafts and other clients stay out; every page,
// across kinds, is the matching slice of the whole.
func TestTimelineInterleavesDocumentsAndPayments(t *testing.T) {
	b, c, ids := moneyTimelineBook(t)
	ctx := context.Background()
	all, err := b.Activities().FindTimeline(ctx, domain.TimelineFilter{ClientID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	const want = "I2 A3 P1 A4 CN A2 I1 A1"
	if got := names(ids, all); got != want {
		t.Fatalf("timeline %s, want %s", got, want)
	}
	i2, p1, a3 := all[0], all[2], all[1]
	if i2.Document.Status != domain.DocVoid || i2.Document.Number == "" || i2.Document.Total.String() != "120.00 EUR" ||
		i2.Day() != day("2027-03-20") || i2.At.Format(momentLayout) != "2027-03-20 23:59:59" {
		t.Errorf("voided invoice entry %+v at %s", i2.Document, i2.At)
	}
	if p1.Payment.Amount.String() != "300.00 EUR" || len(p1.Payment.Allocations) != 1 ||
		p1.Payment.Allocations[0].DocumentID != ids["I1"] || p1.Payment.Allocations[0].DocumentNumber == "" ||
		p1.At.Format(momentLayout) != "2027-03-20 12:00:00" || p1.Day() != day("2027-03-20") {
		t.Errorf("payment entry %+v at %s", p1.Payment, p1.At)
	}
	if a3.Activity.Subject != "Quarterly review" || !a3.At.Equal(a3.Activity.At) || a3.Day() != day("2027-03-20") {
		t.Errorf("meeting entry %+v at %s", a3.Activity, a3.At)
	}
	if all[4].Document.Kind != domain.KindCreditNote || all[4].Document.Total.String() != "50.00 EUR" {
		t.Errorf("credit note entry %+v", all[4].Document)
	}

	wantNames := strings.Fields(want)
	for limit := 1; limit <= len(wantNames)+1; limit++ {
		for offset := 0; offset <= len(wantNames)+1; offset++ {
			page, err := b.Activities().FindTimeline(ctx, domain.TimelineFilter{ClientID: c.ID, Offset: offset, Limit: limit})
			if err != nil {
				t.Fatal(err)
			}
			w := strings.Join(wantNames[min(offset, len(wantNames)):min(offset+limit, len(wantNames))], " ")
			if got := names(ids, page); got != w {
				t.Errorf("offset %d limit %d: %q, want %q", offset, limit, got, w)
			}
		}
	}
	rest, err := b.Activities().FindTimeline(ctx, domain.TimelineFilter{ClientID: c.ID, Offset: 5})
	if err != nil || names(ids, rest) != "A2 I1 A1" {
		t.Errorf("from offset 5 without a limit: %s %v", names(ids, rest), err)
	}
}

// Conversations only leaves out the money; a search matches activities by
// their words, documents by number or reference (so an invoice's number finds
// its credit note too) and payments by reference or by the numbers of the
// invoices they paid.
func TestTimelineFilterAndSearch(t *testing.T) {
	b, c, ids := moneyTimelineBook(t)
	ctx := context.Background()
	i1, err := b.Documents().FindDocumentByID(ctx, ids["I1"])
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		f    domain.TimelineFilter
		want string
	}{
		{domain.TimelineFilter{ConversationsOnly: true}, "A3 A4 A2 A1"},
		{domain.TimelineFilter{Search: "review"}, "A3 A4"},
		{domain.TimelineFilter{Search: "RÉVIEW quarterly"}, "A3"},
		{domain.TimelineFilter{Search: strings.ToLower(i1.Number)}, "P1 CN I1"},
		{domain.TimelineFilter{Search: "bank REF 300"}, "P1"},
		{domain.TimelineFilter{Search: "bank ref", ConversationsOnly: true}, ""},
		{domain.TimelineFilter{Search: "someone"}, ""},
	} {
		tc.f.ClientID = c.ID
		page, err := b.Activities().FindTimeline(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if got := names(ids, page); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.f, got, tc.want)
		}
	}
	if _, err := b.Activities().FindTimeline(ctx, domain.TimelineFilter{}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a timeline without a client: %v", err)
	}
}

// The timeline is read through each table's by-client index, never by
// reading a whole table, with and without a search.
func TestTimelineQueryUsesIndexes(t *testing.T) {
	b := openTemp(t)
	for _, tc := range []struct {
		f       domain.TimelineFilter
		indexes []string
	}{
		{domain.TimelineFilter{ClientID: 1, Limit: 100}, []string{"activities_by_client", "documents_by_client", "payments_by_client"}},
		{domain.TimelineFilter{ClientID: 1, Limit: 100, Offset: 100, Search: "inv-2027 renewal"},
			[]string{"documents_by_client", "payments_by_client", "sqlite_autoindex_allocations_1"}},
		{domain.TimelineFilter{ClientID: 1, ConversationsOnly: true}, []string{"activities_by_client"}},
	} {
		q, args := timelineQuery(tc.f)
		checkPlan(t, b.db, fmt.Sprintf("%+v", tc.f), q, args, tc.indexes...)
	}
}

// An invoice paid on the day it was issued, both entered another day: the
// payment, which came after, is above the invoice.
func TestTimelinePaymentAboveItsInvoiceOnTheSameDay(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	inv := issueInvoice(t, b, c, "2027-03-10", "2027-04-09", "Audit|500.00")
	if err := b.Payments().CreatePayment(ctx, newPayment(c, "2027-03-10", "500.00", allocTo(inv, "500.00"))); err != nil {
		t.Fatal(err)
	}
	all, err := b.Activities().FindTimeline(ctx, domain.TimelineFilter{ClientID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Kind != domain.TimelinePayment || all[1].Kind != domain.TimelineDocument {
		t.Errorf("same day: %v then %v", all[0].Kind, all[len(all)-1].Kind)
	}
}
