package data

import (
	"context"
	"strings"
	"testing"

	"clientbook/domain"
)

// The document list sorts by each of domain.DocumentSorts, both ways, page
// after page without a row twice or missing, and refuses any other sort.
func TestFindDocumentsSorts(t *testing.T) {
	b, nord, vat := invoicingBook(t)
	ctx := context.Background()
	acme := newClient("Acme Ltd", "Leeds")
	if err := b.Clients().CreateClient(ctx, acme); err != nil {
		t.Fatal(err)
	}
	docs := b.Documents()
	// Five invoices: client, issue day, due day, price; the last stays a draft.
	for i, spec := range []struct {
		c          *domain.Client
		issue, due int
		price      string
	}{{nord, 3, 20, "300"}, {acme, 1, 25, "50"}, {nord, 2, 10, "700"}, {acme, 5, 15, "120"}, {nord, 4, 30, "10"}} {
		d := draftFor(spec.c, vat, "Work|1|"+spec.price)
		d.IssueDate = domain.NewDate(2027, 3, spec.issue)
		d.DueDate = domain.NewDate(2027, 4, spec.due)
		if err := docs.CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		if i < 4 {
			if _, _, err := docs.Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
	key := map[string]func(r domain.DocumentRow) string{
		domain.SortDocsByIssueDate: func(r domain.DocumentRow) string { return r.IssueDate.String() },
		domain.SortDocsByNumber:    func(r domain.DocumentRow) string { return r.Number },
		domain.SortDocsByClient:    func(r domain.DocumentRow) string { return r.ClientName },
		domain.SortDocsByDueDate:   func(r domain.DocumentRow) string { return r.DueDate.String() },
		domain.SortDocsByTotal:     func(r domain.DocumentRow) string { return r.Total.Format() },
	}
	want := map[string]string{
		domain.SortDocsByIssueDate: "2027-03-01 2027-03-02 2027-03-03 2027-03-04 2027-03-05",
		domain.SortDocsByNumber:    " INV-2027-00001 INV-2027-00002 INV-2027-00003 INV-2027-00004", // the draft has none
		domain.SortDocsByClient:    "Acme Ltd Acme Ltd Nordlicht Logistik GmbH Nordlicht Logistik GmbH Nordlicht Logistik GmbH",
		domain.SortDocsByDueDate:   "2027-04-10 2027-04-15 2027-04-20 2027-04-25 2027-04-30",
		domain.SortDocsByTotal:     "11.90 59.50 142.80 357.00 833.00",
	}
	for _, sort := range domain.DocumentSorts {
		for _, desc := range []bool{false, true} {
			var got []string
			seen := map[int64]bool{}
			for off := 0; off < 5; off += 2 {
				page, err := docs.FindDocuments(ctx, domain.DocumentFilter{Sort: sort, Desc: desc, Offset: off, Limit: 2})
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range page {
					if seen[r.ID] {
						t.Errorf("%s desc=%v: document %d on two pages", sort, desc, r.ID)
					}
					seen[r.ID] = true
					got = append(got, key[sort](r))
				}
			}
			if desc {
				for i, j := 0, len(got)-1; i < j; i, j = i+1, j-1 {
					got[i], got[j] = got[j], got[i]
				}
			}
			if s := strings.Join(got, " "); s != want[sort] {
				t.Errorf("sorted by %s (desc %v):\n got %s\nwant %s", sort, desc, s, want[sort])
			}
		}
	}
	if rows, _ := docs.FindDocuments(ctx, domain.DocumentFilter{}); len(rows) != 5 || rows[0].IssueDate != domain.NewDate(2027, 3, 5) {
		t.Errorf("without a sort the newest come first: %+v", rows)
	}
	_, err := docs.FindDocuments(ctx, domain.DocumentFilter{Sort: "total_minor; DROP TABLE documents"})
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("an unknown sort: %v", err)
	}
}
