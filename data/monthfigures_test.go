package data

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// The reports as they were read before the monthly figures were kept
// (migration 21), straight from the documents; they stay here as the
// reference the kept figures are held to.

// revenueWhereFromRows selects issued invoices and credit notes of a
// currency dated in a period, of one client or (0) all.
const revenueWhereFromRows = `d.kind IN ('invoice', 'credit-note') AND d.status = 'issued' AND d.currency = ?
	AND d.issue_date BETWEEN ? AND ? AND (? = 0 OR d.client_id = ?)`

func sumFromRows(t *testing.T, b *Book, expr, cur string, from, to domain.Date, client int64) decimal.Decimal {
	t.Helper()
	var minor int64
	if err := b.db.QueryRow(`SELECT coalesce(sum(`+expr+`), 0) FROM documents d WHERE `+revenueWhereFromRows,
		cur, from.String(), to.String(), client, client).Scan(&minor); err != nil {
		t.Fatal(err)
	}
	m, _ := money.FromMinor(minor, cur)
	return m.Amount
}

func byClientFromRows(t *testing.T, b *Book, cur string, from, to domain.Date) string {
	t.Helper()
	rows, err := b.db.Query(`SELECT d.client_id, c.name, sum(`+revenueMinor+`) AS rev FROM documents d JOIN clients c ON c.id = d.client_id
		WHERE `+revenueWhereFromRows+` GROUP BY d.client_id ORDER BY rev DESC, c.name_key`, cur, from.String(), to.String(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var vs []domain.NamedValue
	for rows.Next() {
		var v domain.NamedValue
		var minor int64
		if err := rows.Scan(&v.ID, &v.Name, &minor); err != nil {
			t.Fatal(err)
		}
		m, _ := money.FromMinor(minor, cur)
		v.Amount = m.Amount
		vs = append(vs, v)
	}
	return namedLines(vs)
}

// byItemFromRows works every line's revenue out from the documents, as
// RevenueByItem did, and orders the items as it does.
func byItemFromRows(t *testing.T, b *Book, cur string, from, to domain.Date, client int64) string {
	t.Helper()
	cells, err := itemRevenueFromRows(context.Background(), b.db, cur, revenueWhereFromRows, cur, from.String(), to.String(), client, client)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := money.LookupCurrency(cur)
	sums := map[int64]decimal.Decimal{}
	for k, v := range cells {
		sums[k.item] = sums[k.item].Add(decimal.New(v[0], -c.Exponent))
	}
	var vs []domain.NamedValue
	for id, v := range sums {
		vs = append(vs, domain.NamedValue{ID: id, Amount: v})
	}
	sort.Slice(vs, func(i, j int) bool {
		if c := vs[i].Amount.Cmp(vs[j].Amount); c != 0 {
			return c > 0
		}
		return vs[i].ID < vs[j].ID
	})
	return namedLines(vs)
}

func namedLines(vs []domain.NamedValue) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "%d %s\n", v.ID, v.Amount.StringFixed(4))
	}
	return b.String()
}

// compareMonthFigures holds the kept monthly figures to the rows, and every
// report that reads them to the same report worked out from the documents
// (or, for month-end agings and the book's balance, to Aging as of each
// day), over periods that start and end inside months and on their edges.
//
// The kept cells are compared after every write (requireNoDrift); the
// reports, which take longer, when reports is true.
func (d *driftBook) compareMonthFigures(after string, days []domain.Date, reports bool) {
	t := d.t
	t.Helper()
	ctx := context.Background()
	requireNoDrift(t, d.b, after)
	if !reports {
		return
	}
	pays, reps := d.b.Payments(), d.b.Reports()
	periods := []domain.Period{
		{Start: d.start.AddMonths(-1), End: d.start.AddMonths(11).AddDays(-1)},
		{Start: d.start.AddDays(17), End: d.start.AddDays(130)},
		{Start: d.start.AddDays(40), End: d.start.AddDays(50)},
	}
	for _, cur := range []string{"EUR", "USD"} {
		for _, asOf := range days {
			bal, err := pays.BookBalance(ctx, cur, asOf)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := pays.Aging(ctx, asOf, cur, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !bal.Owed.Equal(rep.Total) || !bal.Overdue.Equal(rep.Total.Sub(rep.Totals[0])) || !bal.Credit.Equal(rep.Credits) ||
				!bal.Net.Equal(rep.Net) {
				t.Fatalf("after %s the %s book balance as of %s is %+v, the aging's %s owed, %s current, %s credit", after, cur, asOf,
					bal, rep.Total, rep.Totals[0], rep.Credits)
			}
			p := periods[0]
			clients := []int64{0}
			for _, c := range d.clients {
				if c.Currency == cur {
					clients = append(clients, c.ID)
				}
			}
			for _, client := range clients {
				labels, aged, err := pays.MonthEndAging(ctx, cur, p.Start, p.End, asOf, client)
				if err != nil {
					t.Fatal(err)
				}
				months := domain.Months(p.Start, p.End)
				if len(aged) != len(months) {
					t.Fatalf("%d month-end agings for %d months", len(aged), len(months))
				}
				for i, m := range months {
					at := m.AddMonths(1).AddDays(-1)
					if at.After(asOf) {
						at = asOf
					}
					rep, err := pays.Aging(ctx, at, cur, nil)
					if err != nil {
						t.Fatal(err)
					}
					want := rep.Totals
					if client != 0 {
						want = make([]decimal.Decimal, len(rep.Labels))
						for _, r := range rep.Rows {
							if r.ClientID == client {
								want = r.Buckets
							}
						}
					}
					if aged[i].Month != m || aged[i].AsOf != at || strings.Join(labels, ",") != strings.Join(rep.Labels, ",") ||
						strings.Join(fixed(aged[i].Buckets), ",") != strings.Join(fixed(want), ",") {
						t.Fatalf("after %s client %d's %s aging at the end of %s (%s) is %v %v, the aging as of that day %v %v",
							after, client, cur, m, at, labels, fixed(aged[i].Buckets), rep.Labels, fixed(want))
					}
				}
			}
		}
		for _, p := range periods {
			got, err := reps.RevenueByClient(ctx, cur, p.Start, p.End, 0)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := namedLines(got), byClientFromRows(t, d.b, cur, p.Start, p.End); g != w {
				t.Fatalf("after %s the %s revenue by client %s–%s is\n%s, from the rows\n%s", after, cur, p.Start, p.End, g, w)
			}
			for _, client := range append([]int64{0}, d.clients[0].ID, d.clients[2].ID) {
				items, err := reps.RevenueByItem(ctx, cur, p.Start, p.End, client, 0)
				if err != nil {
					t.Fatal(err)
				}
				if g, w := namedLines(items), byItemFromRows(t, d.b, cur, p.Start, p.End, client); g != w {
					t.Fatalf("after %s client %d's %s revenue by item %s–%s is\n%s, from the rows\n%s", after, client, cur, p.Start, p.End, g, w)
				}
				rev, err := reps.Revenue(ctx, cur, p.Start, p.End, client)
				if err != nil {
					t.Fatal(err)
				}
				gross, err := reps.GrossSales(ctx, cur, p.Start, p.End, client)
				if err != nil {
					t.Fatal(err)
				}
				if want := sumFromRows(t, d.b, revenueMinor, cur, p.Start, p.End, client); !rev.Equal(want) {
					t.Fatalf("after %s client %d's %s revenue %s–%s is %s, from the rows %s", after, client, cur, p.Start, p.End, rev, want)
				}
				if want := sumFromRows(t, d.b, revenueSign+` * d.total_minor`, cur, p.Start, p.End, client); !gross.Equal(want) {
					t.Fatalf("after %s client %d's %s gross sales %s–%s are %s, from the rows %s", after, client, cur, p.Start, p.End, gross, want)
				}
				byMonth, err := reps.RevenueByMonth(ctx, cur, p.Start, p.End, client)
				if err != nil {
					t.Fatal(err)
				}
				for _, mv := range byMonth {
					end := mv.Month.AddMonths(1).AddDays(-1)
					if end.After(p.End) {
						end = p.End
					}
					if want := sumFromRows(t, d.b, revenueMinor, cur, mv.Month, end, client); !mv.Amount.Equal(want) {
						t.Fatalf("after %s client %d's %s revenue in %s is %s, from the rows %s", after, client, cur, mv.Month, mv.Amount, want)
					}
				}
			}
		}
	}
	curs, err := d.b.Reports().Currencies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := d.b.db.Query(`SELECT d.currency FROM documents d WHERE d.kind IN ('invoice', 'credit-note') AND d.status = 'issued'
		GROUP BY d.currency ORDER BY sum(` + revenueMinor + `) DESC, d.currency`)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		want = append(want, c)
	}
	rows.Close()
	if strings.Join(curs, ",") != strings.Join(want, ",") {
		t.Fatalf("after %s the currencies are %v, from the rows %v", after, curs, want)
	}
}

// TestCheckFindsDriftedMonthFigures: a kept monthly figure changed behind
// the code's back fails the book's check, naming the table; what migration
// 21 runs fills the tables of a book written before it.
func TestCheckFindsDriftedMonthFigures(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	inv := issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "Design|500")
	if err := b.Payments().CreatePayment(ctx, newPayment(c, "2027-05-10", "200", allocTo(inv, "200"))); err != nil {
		t.Fatal(err)
	}
	var cells int
	if err := b.db.QueryRow(`SELECT count(*) FROM aging_months WHERE due_date = '2027-03-31'`).Scan(&cells); err != nil || cells != 2 {
		t.Fatalf("%d aging cells (%v), want the issue's month and the payment's", cells, err)
	}
	if chk, err := b.Check(ctx); err != nil || !chk.OK() {
		t.Fatalf("check = %+v, %v", chk.Drift, err)
	}
	for _, tamper := range []struct{ sql, table string }{
		{`UPDATE revenue_days SET gross_minor = gross_minor + 1`, "revenue_days"},
		{`DELETE FROM revenue_months`, "revenue_months"},
		{`UPDATE item_revenue_days SET lines = 7`, "item_revenue_days"},
		{`UPDATE aging_months SET open_minor = 5 WHERE month = '2027-05'`, "aging_months"},
	} {
		if _, err := b.db.Exec(tamper.sql); err != nil {
			t.Fatal(err)
		}
		chk, err := b.Check(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if chk.OK() || !strings.Contains(strings.Join(chk.Drift, ";"), tamper.table) {
			t.Fatalf("a drifted %s passes the check: %v", tamper.table, chk.Drift)
		}
		refill := func(tx *Tx) error {
			for _, table := range []string{"revenue_days", "revenue_months", "item_revenue_days", "aging_months"} {
				if _, err := tx.ExecContext(ctx, `DELETE FROM `+table); err != nil {
					return err
				}
			}
			return keepAllMonths(tx)
		}
		if err := b.write(ctx, "refill", refill); err != nil {
			t.Fatal(err)
		}
		if chk, err := b.Check(ctx); err != nil || !chk.OK() {
			t.Fatalf("after the refill, check = %+v, %v", chk.Drift, err)
		}
	}
}
