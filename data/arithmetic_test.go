package data

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/demo"
)

// storedTotals reads what a document's row says it comes to, in minor units:
// subtotal, discount, tax, total.
func storedTotals(t *testing.T, b *Book, id int64) [4]int64 {
	t.Helper()
	var s [4]int64
	if err := b.db.QueryRow(`SELECT subtotal_minor, discount_total_minor, tax_minor, total_minor FROM documents WHERE id = ?`, id).
		Scan(&s[0], &s[1], &s[2], &s[3]); err != nil {
		t.Fatal(err)
	}
	return s
}

// renderedTotals is what the document shows now, in the same units.
func renderedTotals(t *testing.T, d *domain.Document) [4]int64 {
	t.Helper()
	tot, err := d.Totals()
	if err != nil {
		t.Fatal(err)
	}
	var s [4]int64
	for i, a := range []decimal.Decimal{tot.Subtotal, tot.Discount, tot.Tax, tot.Total} {
		if s[i], err = minor(d, a); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestIssuedDocumentsRenderWhatWasStored: every issued document of a demo
// book shows the totals stored (and sealed) when it was issued.
func TestIssuedDocumentsRenderWhatWasStored(t *testing.T) {
	ctx := context.Background()
	b := openTemp(t)
	if err := demo.Fill(ctx, b, demo.Options{Clients: 12, Invoices: 60, Seed: 13, Today: domain.NewDate(2027, 6, 15)}); err != nil {
		t.Fatal(err)
	}
	rows, err := b.db.Query(`SELECT id FROM documents WHERE status <> 'draft'`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) < 20 {
		t.Fatalf("only %d issued documents", len(ids))
	}
	for _, id := range ids {
		d, err := b.Documents().FindDocumentByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if d.Arithmetic != domain.CurrentArithmetic {
			t.Errorf("%s %s was issued under arithmetic %d", d.Kind, d.Number, d.Arithmetic)
		}
		if got, want := renderedTotals(t, d), storedTotals(t, b, id); got != want {
			t.Errorf("%s %s shows %v, stored %v", d.Kind, d.Number, got, want)
		}
	}
}

// TestIssuedUnderV1StaysV1: an invoice issued before ArithmeticV2 (its row
// as migration 14 leaves it: arithmetic 1, the totals V1 stored) re-renders
// by V1, to the cent of what was stored, while a draft of the same lines is
// computed by the current rules. The figures are issue 13's example:
// 1.5 × 19.99 incl. 20 % VAT, 10 % off, per document: V1 26.98, V2 26.99.
func TestIssuedUnderV1StaysV1(t *testing.T) {
	ctx := context.Background()
	b := openTemp(t)
	co, _ := b.Company().Company(ctx)
	c := newClient("Altbestand GmbH", "Köln")
	if err := b.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	d := domain.NewDraft(domain.KindInvoice, c, co, day("2027-03-01"))
	d.Rounding = domain.Rounding{Scope: domain.RoundPerDocument, Mode: domain.HalfUp}
	d.TaxInclusive, d.DiscountPercent = true, dec("10")
	d.Lines = []domain.Line{{Description: "Consulting", Quantity: dec("1.5"), UnitPrice: dec("19.99"),
		Taxes: []domain.TaxLine{{Name: "VAT", Percent: dec("20")}}}}
	if err := b.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	inv, _, err := b.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := storedTotals(t, b, inv.ID); got[3] != 2699 {
		t.Fatalf("issued under the current rules, total %d, want 2699", got[3])
	}
	// Make the row what an invoice issued by an older Clientbook is after
	// migration 14: V1's totals, arithmetic 1.
	v1 := *inv
	v1.Arithmetic = domain.ArithmeticV1
	old := renderedTotals(t, &v1)
	if old[3] != 2698 {
		t.Fatalf("V1 total %d, want 2698", old[3])
	}
	if _, err := b.db.Exec(`DROP TRIGGER documents_locked_update; DROP TRIGGER documents_locked_arithmetic;
		UPDATE documents SET arithmetic = 1, subtotal_minor = ?, discount_total_minor = ?, tax_minor = ?, total_minor = ? WHERE id = ?`,
		old[0], old[1], old[2], old[3], inv.ID); err != nil {
		t.Fatal(err)
	}
	got, err := b.Documents().FindDocumentByID(ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r, s := renderedTotals(t, got), storedTotals(t, b, inv.ID); r != s {
		t.Errorf("the V1 invoice shows %v, stored %v", r, s)
	}
	dup, err := b.Documents().Duplicate(ctx, inv.ID, day("2027-03-05"))
	if err != nil {
		t.Fatal(err)
	}
	if r := renderedTotals(t, dup); r[3] != 2699 {
		t.Errorf("a draft of the same lines comes to %d, want 2699", r[3])
	}
	if s := storedTotals(t, b, dup.ID); s[3] != 2699 {
		t.Errorf("the draft stored %d, want 2699", s[3])
	}
}
