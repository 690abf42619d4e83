package data

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"clientbook/domain"
	"clientbook/domain/demo"
	"clientbook/domain/money"
)

// oneByOne is a book whose Batch runs its writes one by one, each in its
// own transaction: the normal write path, which a batch must write exactly as.
type oneByOne struct{ *Book }

func (o oneByOne) Batch(ctx context.Context, fn func(ctx context.Context) error) error {
	return fn(ctx)
}

// TestBatchWritesTheSameBook builds the same demo book twice with the clock
// stopped — once in batches (what clientbookctl demo does, with everything a
// batch keeps and skips) and once one write to a transaction — and compares
// every table row by row: documents, lines, seals, the audit log with its
// links and packing, the kept figures. A batch may only be faster.
func TestBatchWritesTheSameBook(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2027, 6, 15, 9, 30, 0, 123456789, time.UTC)
	opt := demo.Options{Clients: 30, Invoices: 200, Seed: 5, Today: domain.NewDate(2027, 6, 15)}
	batched, single := openTemp(t), openTemp(t)
	batched.clock = func() time.Time { return at }
	single.clock = batched.clock
	if err := demo.Fill(ctx, batched, opt); err != nil {
		t.Fatal(err)
	}
	if err := demo.Fill(ctx, oneByOne{single}, opt); err != nil {
		t.Fatal(err)
	}
	want, got := dumpBook(t, single), dumpBook(t, batched)
	if len(want) < 20 {
		t.Fatalf("only %d tables dumped", len(want))
	}
	for table, rows := range want {
		if len(rows) == 0 && table != "sqlite_stat1" {
			continue
		}
		other := got[table]
		if len(other) != len(rows) {
			t.Errorf("%s: %d rows one by one, %d in batches", table, len(rows), len(other))
			continue
		}
		for i := range rows {
			if rows[i] != other[i] {
				t.Errorf("%s differs:\none by one: %s\nin batches: %s", table, rows[i], other[i])
				break
			}
		}
	}
	for _, b := range []*Book{batched, single} {
		rep, err := b.VerifyChain(ctx)
		if err != nil || !rep.OK() {
			t.Errorf("chain: %+v, %v", rep, err)
		}
		if _, err := b.db.ExecContext(ctx, `INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')`); err != nil {
			t.Errorf("search index: %v", err)
		}
	}
}

// dumpBook is every row of every table of the book but the search index's
// own (whose segments depend on how its writes were grouped), each row as
// text, sorted; but for the times the new book's reminder levels were
// created at, which the book's creation stamps with the real time.
func dumpBook(t *testing.T, b *Book) map[string][]string {
	t.Helper()
	ctx := context.Background()
	rows, err := b.db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'documents_fts%'
		AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string][]string{}
	for _, table := range tables {
		r, err := b.db.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		var lines []string
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var sb strings.Builder
			for i, v := range vals {
				if table == "reminder_levels" && strings.HasSuffix(cols[i], "_at") {
					continue // stamped when the book was created, by the clock
				}
				fmt.Fprintf(&sb, "%s=%#v ", cols[i], v)
			}
			lines = append(lines, sb.String())
		}
		r.Close()
		slices.Sort(lines)
		out[table] = lines
	}
	return out
}

// TestHandedDraftIsTheDraftReadBack saves drafts in a batch whose stored
// values the book fills in or rewrites — a line's unit code from its item, a
// tax's VAT category and exemption from its rate, amounts and decimals
// through their stored text — and holds the draft each write hands the next
// (txKnown.fresh) to readDocument of the same rows, field by field through
// their JSON, as the audit log and the issue checks see them.
func TestHandedDraftIsTheDraftReadBack(t *testing.T) {
	ctx := context.Background()
	b, c, _ := invoicingBook(t)
	exempt := domain.TaxRate{Name: "Exempt", Percent: dec("0"),
		VAT: domain.VATClass{Category: domain.VATExempt, ExemptionReason: "Financial services", ExemptionCode: "VATEX-EU-132-1I"}}
	plain := domain.TaxRate{Name: "Local levy", Percent: dec("2.50"), Compound: true}
	for _, r := range []*domain.TaxRate{&exempt, &plain} {
		if err := b.Catalog().CreateTaxRate(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	item := &domain.Item{Code: "H", Name: "Hours", Unit: "hour", UnitCode: "HUR", UnitPrice: money.Money{Amount: dec("100"), Currency: "EUR"}}
	if err := b.Catalog().CreateItem(ctx, item); err != nil {
		t.Fatal(err)
	}
	withoutVAT := exempt.Line()
	withoutVAT.VAT = domain.VATClass{}
	drafts := []*domain.Document{
		draftFor(c, exempt, "Advice|2.50|99.90"),
		draftFor(c, plain, "Levy|1|10.00", "Paper|3.0|0.50"),
	}
	d := drafts[0]
	d.Lines[0].ItemID, d.Lines[0].Taxes = item.ID, []domain.TaxLine{withoutVAT, plain.Line(), {Name: "By hand", Percent: dec("1.0")}}
	d.Lines = append(d.Lines, domain.Line{Description: "No tax, own unit", Quantity: dec("1.50"), Unit: "day", UnitCode: "DAY",
		UnitPrice: dec("5.00"), DiscountPercent: dec("10.0")})
	d.DiscountAmount, d.PONumber, d.Notes = dec("1.50"), "PO-1", "Thanks."
	drafts[1].DueDate = domain.Date{}
	drafts[1].DiscountPercent = dec("5.00")
	q := domain.NewDraft(domain.KindQuote, c, domain.DefaultCompany(), domain.NewDate(2027, 3, 11))
	q.Lines = []domain.Line{{ItemID: item.ID, Description: "Hours", Quantity: dec("4"), UnitPrice: dec("80"), Taxes: []domain.TaxLine{withoutVAT}}}
	drafts = append(drafts, q)
	handed := 0
	err := b.Batch(ctx, func(ctx context.Context) error {
		bt := b.batchOf(ctx)
		for _, d := range drafts {
			if err := b.Documents().CreateDraft(ctx, d); err != nil {
				return err
			}
			fresh := bt.tx.known.fresh
			if fresh == nil {
				t.Fatalf("draft %d: nothing kept to hand on", d.ID)
			}
			read, err := readDocument(ctx, bt.tx.Tx, `d.id = ?`, d.ID)
			if err != nil {
				return err
			}
			want, _ := json.Marshal(read)
			got, _ := json.Marshal(fresh)
			if string(got) != string(want) {
				t.Errorf("draft %d handed on as\n%s\nread back as\n%s", d.ID, got, want)
			}
			handed++
		}
		return nil
	})
	if err != nil || handed != len(drafts) {
		t.Fatalf("%d of %d drafts compared: %v", handed, len(drafts), err)
	}
}
