package data

import (
	"context"
	"fmt"
	"testing"

	"clientbook/domain"
)

// batchWrites makes a client, a tax rate and three invoices, and issues two
// of them, through the services with ctx.
func batchWrites(t *testing.T, ctx context.Context, b *Book) {
	t.Helper()
	c := newClient("Nordlicht Logistik GmbH", "München")
	if err := b.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	vat := domain.TaxRate{Name: "VAT", Percent: dec("19")}
	if err := b.Catalog().CreateTaxRate(ctx, &vat); err != nil {
		t.Fatal(err)
	}
	for i, line := range []string{"Work|1|100", "Work|2|100", "Work|3|100"} {
		d := draftFor(c, vat, line)
		if err := b.Documents().CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			if _, _, err := b.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// auditSummary counts the audit entries by entity and action.
func auditSummary(t *testing.T, b *Book) map[string]int {
	t.Helper()
	rows, err := b.db.Query(`SELECT entity || ' ' || action, count(*) FROM audit_log GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	return out
}

func TestBatchCommitsTheSameWritesTogether(t *testing.T) {
	ctx := context.Background()
	one := openTemp(t)
	batchWrites(t, ctx, one)

	b := openTemp(t)
	var announced []domain.Changes
	stop := b.Watch(func(cs domain.Changes) { announced = append(announced, cs) })
	defer stop()
	err := b.Batch(ctx, func(ctx context.Context) error {
		batchWrites(t, ctx, b)
		// The batch's own reads see its writes; the rest of the book does not yet.
		rows, err := b.Documents().FindDocuments(ctx, domain.DocumentFilter{})
		if err != nil {
			return err
		}
		if len(rows) != 3 {
			t.Errorf("inside the batch the documents list shows %d documents, want 3", len(rows))
		}
		var outside int
		if err := b.db.QueryRow(`SELECT count(*) FROM documents`).Scan(&outside); err != nil {
			return err
		}
		if outside != 0 {
			t.Errorf("before the batch commits another connection sees %d documents", outside)
		}
		if len(announced) != 0 {
			t.Errorf("changes were announced before the batch committed: %v", announced)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := b.Documents().FindDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice, Status: domain.DocIssued})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Number == rows[1].Number || rows[0].Number == "" {
		t.Fatalf("issued in a batch: %+v", rows)
	}
	want, got := auditSummary(t, one), auditSummary(t, b)
	if len(got) != len(want) {
		t.Errorf("audit entries in a batch %v, one by one %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("audit entries in a batch %v, one by one %v", got, want)
			break
		}
	}
	if len(announced) != 1 || len(announced[0]) != 1+1+3+2 {
		t.Errorf("a batch announces its changes once, all of them: %v", announced)
	}
	r, err := b.VerifyChain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r.Broken != "" || r.Documents != 2 {
		t.Errorf("the chain after a batch: %+v", r)
	}
}

func TestBatchFailingWriteKeepsNothing(t *testing.T) {
	ctx := context.Background()
	b := openTemp(t)
	var head int64
	if err := b.db.QueryRow(`SELECT last_id FROM audit_head`).Scan(&head); err != nil {
		t.Fatal(err)
	}
	var later error
	var inner context.Context
	err := b.Batch(ctx, func(ctx context.Context) error {
		inner = ctx
		batchWrites(t, ctx, b)
		// A write that fails, its error let pass.
		if _, _, err := b.Documents().Issue(ctx, 999, domain.IssueOptions{}); err == nil {
			t.Error("issuing a missing document succeeded")
		}
		later = b.Clients().CreateClient(ctx, &domain.Client{Name: "Later Ltd", Status: domain.StatusActive, Currency: "EUR"})
		return nil
	})
	if domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Fatalf("a batch with a failed write returned %v, want the write's error", err)
	}
	if later == nil {
		t.Error("a write after one failed in the same batch was accepted")
	}
	for _, table := range []string{"clients", "documents", "document_lines"} {
		var n int
		if err := b.db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d rows of %s kept from a failed batch", n, table)
		}
	}
	var after int64
	if err := b.db.QueryRow(`SELECT last_id FROM audit_head`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != head {
		t.Errorf("the audit log moved from %d to %d in a failed batch", head, after)
	}
	// The batch's context after it ended.
	err = b.Clients().CreateClient(inner, &domain.Client{Name: "After Ltd", Status: domain.StatusActive, Currency: "EUR"})
	if err == nil {
		t.Error("a write with an ended batch's context was accepted")
	}
}

// TestBatchIssuesWithTheCompanyAsChanged: a batch keeps the company it read
// for issuing, until a write in it changes the company: an invoice issued
// after the change carries the new issuer.
func TestBatchIssuesWithTheCompanyAsChanged(t *testing.T) {
	ctx := context.Background()
	b := openTemp(t)
	var first, second *domain.Document
	err := b.Batch(ctx, func(ctx context.Context) error {
		c := newClient("Nordlicht Logistik GmbH", "München")
		if err := b.Clients().CreateClient(ctx, c); err != nil {
			return err
		}
		vat := domain.TaxRate{Name: "VAT", Percent: dec("19")}
		if err := b.Catalog().CreateTaxRate(ctx, &vat); err != nil {
			return err
		}
		issue := func(name string) (*domain.Document, error) {
			co, err := b.Company().Company(ctx)
			if err != nil {
				return nil, err
			}
			co.Name = name
			if err := b.Company().SaveCompany(ctx, &co); err != nil {
				return nil, err
			}
			d := draftFor(c, vat, "Work|1|100")
			if err := b.Documents().CreateDraft(ctx, d); err != nil {
				return nil, err
			}
			d, _, err = b.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
			return d, err
		}
		var err error
		if first, err = issue("Harbour Advisory Ltd"); err != nil {
			return err
		}
		second, err = issue("Harbour Advisory Group Ltd")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if first.Issuer == nil || second.Issuer == nil || first.Issuer.Name != "Harbour Advisory Ltd" || second.Issuer.Name != "Harbour Advisory Group Ltd" {
		t.Errorf("issuers %+v then %+v", first.Issuer, second.Issuer)
	}
	if r := verify(t, b); !r.OK() || r.Documents != 2 {
		t.Errorf("the chain after the batch: %+v", r)
	}
}

// TestBatchKeepsTheMonthlyFigures: a batch recomputes the monthly figures
// its writes touched once, before a report it reads them in and before it commits
// (keptPending), so a report read inside the batch sees its writes and the
// committed book's figures are those each write kept on its own.
func TestBatchKeepsTheMonthlyFigures(t *testing.T) {
	ctx := context.Background()
	one := openTemp(t)
	batchWrites(t, ctx, one)
	b := openTemp(t)
	from, to := domain.NewDate(2027, 3, 1), domain.NewDate(2027, 6, 30)
	want, err := one.Reports().Revenue(ctx, "EUR", from, to, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, wantAged, err := one.Payments().MonthEndAging(ctx, "EUR", from, to, to, 0)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Batch(ctx, func(ctx context.Context) error {
		batchWrites(t, ctx, b)
		_, aged, err := b.Payments().MonthEndAging(ctx, "EUR", from, to, to, 0)
		if err != nil {
			return err
		}
		if fmt.Sprint(aged) != fmt.Sprint(wantAged) {
			t.Errorf("inside the batch the month-end agings are %v, want %v", aged, wantAged)
		}
		// Writes after that read are kept at the commit.
		c := newClient("Rheinblick Handel KG", "Köln")
		if err := b.Clients().CreateClient(ctx, c); err != nil {
			return err
		}
		vat := domain.TaxRate{Name: "VAT reduced", Percent: dec("7")}
		if err := b.Catalog().CreateTaxRate(ctx, &vat); err != nil {
			return err
		}
		d := draftFor(c, vat, "More work|1|50")
		if err := b.Documents().CreateDraft(ctx, d); err != nil {
			return err
		}
		_, _, err = b.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	requireNoDrift(t, b, "a batch")
	got, err := b.Reports().Revenue(ctx, "EUR", from, to, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(want.Add(dec("50"))) || want.IsZero() {
		t.Errorf("after the batch the revenue is %s, want %s and 50", got, want)
	}
}
