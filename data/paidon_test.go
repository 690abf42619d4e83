package data

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"clientbook/domain"
	"clientbook/domain/demo"
)

// TestPaidOnUpgrade: a book of schema 27 upgrades to the kept paid day
// (migration 28): every issued invoice's paid_on is what its rows say, and
// days to pay, read from it, are what they were read from the rows.
func TestPaidOnUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "book.db")
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	today := domain.NewDate(2027, 6, 15)
	if err := demo.Fill(ctx, b, demo.Options{Clients: 12, Invoices: 150, Seed: 3, Today: today}); err != nil {
		t.Fatal(err)
	}
	from, to := today.AddMonths(-12), today
	byRows := func(q queryer, cur string) string {
		rows, err := q.QueryContext(ctx, paidInvoicesFromRows+` SELECT substr(paid.day, 1, 7), count(*), sum(`+payDays+`)
			FROM paid WHERE paid.day BETWEEN ?2 AND ?3 GROUP BY 1 ORDER BY 1`, cur, from.String(), to.String(), 0)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out string
		for rows.Next() {
			var m string
			var n, days int64
			if err := rows.Scan(&m, &n, &days); err != nil {
				t.Fatal(err)
			}
			out += fmt.Sprintf("%s %d %s; ", m, n, domain.MeanPayDays(days, int(n)).Days.StringFixed(1))
		}
		return out
	}
	want := byRows(b.db, "EUR")
	if want == "" {
		t.Fatal("the demo book paid nothing in full in the year")
	}
	b.Close()

	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	undoPaidOn(t, db)
	db.Close()
	b, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if v := pragmaInt(t, b.db, "user_version"); v != SchemaVersion() {
		t.Fatalf("upgraded to %d", v)
	}
	var paid int
	b.db.QueryRow(`SELECT count(*) FROM documents WHERE paid_on <> ''`).Scan(&paid)
	if paid == 0 {
		t.Fatal("the upgrade kept no paid day")
	}
	if drift, err := openDrift(ctx, b.db, 5); err != nil || len(drift) > 0 {
		t.Fatalf("after the upgrade: %v %v", drift, err)
	}
	months, err := b.Reports().DaysToPayByMonth(ctx, "EUR", from, to, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got string
	for _, m := range months {
		if m.Count > 0 {
			got += fmt.Sprintf("%s %d %s; ", m.Month.String()[:7], m.Count, m.Days.StringFixed(1))
		}
	}
	if got != want {
		t.Errorf("days to pay by month after the upgrade:\n%s\nfrom the rows:\n%s", got, want)
	}
}
