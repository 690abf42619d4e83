package data

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// Revenue and month-end receivables are kept in four small tables (migration
// 21): revenue_days (the whole book's revenue per currency and day),
// revenue_months (each client's per month), item_revenue_days (the whole
// book's per day and catalog item) and aging_months (how much was owed on the
// invoices due on each day, changed per month). Reports of the whole book
// read them instead of the documents; a report of one client reads that
// client's own documents, through documents_by_client, which costs what the
// client holds rather than what the book holds.
//
// As with the open amounts (openamounts.go), each write recomputes the cells
// it touched from the rows, in its transaction, by the statements the
// migration fills them with: keepRevenue after a document is issued or
// voided (issueDraft, Void, imports), keepAging from keepOpen, which every
// write to allocations and invoice statuses already calls. Recomputing rather
// than adding deltas makes an extra call harmless. monthDrift compares every
// cell with a recomputation from scratch, for TestMonthFiguresNeverDrift and
// clientbookctl check.

// revenueSign is +1 for an invoice and -1 for a credit note.
const revenueSign = `CASE d.kind WHEN 'invoice' THEN 1 ELSE -1 END`

// revenueDaysFromRows sums the issued invoices and credit notes matching
// filter (over d) by currency and day, as revenue_days keeps them.
func revenueDaysFromRows(filter string) string {
	return `SELECT d.currency, d.issue_date, sum(` + revenueMinor + `), sum(` + revenueSign + ` * d.total_minor), count(*)
		FROM documents d WHERE d.kind IN ('invoice', 'credit-note') AND d.status = 'issued' AND ` + filter + `
		GROUP BY d.currency, d.issue_date`
}

// revenueMonthsFromRows sums them by currency, month and client, as
// revenue_months keeps them.
func revenueMonthsFromRows(filter string) string {
	return `SELECT d.currency, substr(d.issue_date, 1, 7), d.client_id, sum(` + revenueMinor + `), count(*)
		FROM documents d WHERE d.kind IN ('invoice', 'credit-note') AND d.status = 'issued' AND ` + filter + `
		GROUP BY d.currency, substr(d.issue_date, 1, 7), d.client_id`
}

// positiveOpenOn is the positive part of what was open on invoice d at the end of
// day t (an SQL expression): nothing before its issue date; its total less
// the allocations of payments dated by t and the credit notes issued by t,
// as the aging as of t counts it.
func positiveOpenOn(t string) string {
	return `CASE WHEN d.issue_date <= ` + t + ` THEN max(0, d.total_minor
		- coalesce((SELECT sum(a.amount_minor) FROM allocations a JOIN payments p ON p.id = a.payment_id
			WHERE a.document_id = d.id AND p.date <= ` + t + `), 0)
		- coalesce((SELECT sum(n.total_minor) FROM documents n
			WHERE n.credit_for = d.id AND n.kind = 'credit-note' AND n.status = 'issued' AND n.issue_date <= ` + t + `), 0))
		ELSE 0 END`
}

// agingMonthsFromRows works out aging_months' cells for the issued invoices
// matching filter (over d): for each month one of them changed in (its issue,
// a payment to it, a credit note against it, each counted from the invoice's
// issue date at the earliest), the change in its positive open amount from
// the previous month's end to that month's end, summed by currency, month
// and due date. Months without a change add nothing, so these are all the
// cells.
func agingMonthsFromRows(filter string) string {
	inv := `d.kind = 'invoice' AND d.status = 'issued' AND ` + filter
	last, before := `date(ev.month || '-01', '+1 month', '-1 day')`, `date(ev.month || '-01', '-1 day')`
	return `SELECT d.currency, ev.month, d.due_date, sum((` + positiveOpenOn(last) + `) - (` + positiveOpenOn(before) + `)) AS change
		FROM (
			SELECT d.id, substr(d.issue_date, 1, 7) AS month FROM documents d WHERE ` + inv + `
			UNION SELECT d.id, substr(max(p.date, d.issue_date), 1, 7) FROM documents d
				CROSS JOIN allocations a ON a.document_id = d.id CROSS JOIN payments p ON p.id = a.payment_id WHERE ` + inv + `
			UNION SELECT d.id, substr(max(n.issue_date, d.issue_date), 1, 7) FROM documents d
				CROSS JOIN documents n ON n.credit_for = d.id WHERE ` + inv + ` AND +n.kind = 'credit-note' AND +n.status = 'issued'
		) AS ev CROSS JOIN documents d ON d.id = ev.id
		GROUP BY d.currency, ev.month, d.due_date HAVING change <> 0`
}

// keepRevenue recomputes the revenue cells of document id — its currency's
// day and its client's month — and the day's item revenue, after it was
// issued or voided, in tx. Quotes and drafts change nothing.
func keepRevenue(tx *Tx, id int64) error {
	var kind, status, cur, day string
	var clientID int64
	if err := tx.QueryRowContext(tx.ctx, `SELECT kind, status, currency, issue_date, client_id FROM documents WHERE id = ?`, id).
		Scan(&kind, &status, &cur, &day, &clientID); err != nil {
		return fmt.Errorf("keep the revenue: %w", err)
	}
	return keepRevenueOf(tx, kind, status, cur, day, clientID)
}

// keepRevenueOf is keepRevenue for a document whose row's kind, status,
// currency, issue date and client the caller has just written.
func keepRevenueOf(tx *Tx, kind, status, cur, day string, clientID int64) error {
	if kind == string(domain.KindQuote) || status == string(domain.DocDraft) {
		return nil
	}
	if p := tx.pendingKept(); p != nil {
		p.revenue[revenueCell{cur, day, clientID}] = true
		return nil
	}
	return keepRevenueCell(tx, revenueCell{cur, day, clientID})
}

// revenueCell names what keepRevenue recomputes: a currency's day in
// revenue_days and item_revenue_days, and the client's month in
// revenue_months.
type revenueCell struct {
	cur, day string
	clientID int64
}

// keepRevenueCell recomputes the revenue cells c names from the rows, in tx.
func keepRevenueCell(tx *Tx, c revenueCell) error {
	if err := keepRevenueMonth(tx, c); err != nil {
		return err
	}
	return keepRevenueDay(tx, c.cur, c.day)
}

// keepRevenueDay recomputes a currency's day of revenue_days and
// item_revenue_days from the rows, in tx.
func keepRevenueDay(tx *Tx, cur, day string) error {
	for _, st := range []string{
		`DELETE FROM revenue_days WHERE currency = ?1 AND day = ?2`,
		`INSERT INTO revenue_days (currency, day, revenue_minor, gross_minor, documents) ` +
			revenueDaysFromRows(`d.currency = ?1 AND d.issue_date = ?2`),
	} {
		if _, err := tx.ExecContext(tx.ctx, st, cur, day); err != nil {
			return fmt.Errorf("keep the revenue: %w", err)
		}
	}
	return keepItemRevenue(tx, cur, day)
}

// keepRevenueMonth recomputes the client's month of c in revenue_months from
// the rows, in tx.
func keepRevenueMonth(tx *Tx, c revenueCell) error {
	month := c.day[:min(7, len(c.day))]
	for _, st := range []string{
		`DELETE FROM revenue_months WHERE currency = ?1 AND month = ?2 AND client_id = ?3`,
		`INSERT INTO revenue_months (currency, month, client_id, revenue_minor, documents) ` +
			revenueMonthsFromRows(`d.client_id = ?3 AND d.currency = ?1 AND d.issue_date BETWEEN ?2 || '-01' AND ?2 || '-31'`),
	} {
		if _, err := tx.ExecContext(tx.ctx, st, c.cur, month, c.clientID); err != nil {
			return fmt.Errorf("keep the revenue: %w", err)
		}
	}
	return nil
}

// itemDay is a cell of item_revenue_days.
type itemDay struct {
	cur, day string
	item     int64
}

// itemRevenueFromRows works out item_revenue_days' cells for the documents
// of currency cur matching where (over d, naming issued invoices and credit
// notes only; args its parameters): each line's LineTotals.Revenue, and how many lines, by
// day and item.
func itemRevenueFromRows(ctx context.Context, q queryer, cur, where string, args ...any) (map[itemDay][2]int64, error) {
	c, err := money.LookupCurrency(cur)
	if err != nil {
		return nil, err
	}
	out := map[itemDay][2]int64{}
	for last := int64(0); ; {
		docs, ids, err := revenueDocs(ctx, q, c.Exponent, where+` AND d.id > ?`, append(slices.Clone(args), last)...)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			d := docs[id]
			t, err := domain.ComputeTotals(d.in)
			if err != nil {
				return nil, fmt.Errorf("document %d: %w", id, err)
			}
			for i, l := range t.Lines {
				v := l.Revenue.Shift(c.Exponent).IntPart()
				if d.credit {
					v = -v
				}
				k := itemDay{cur, d.day, d.items[i]}
				cell := out[k]
				out[k] = [2]int64{cell[0] + v, cell[1] + 1}
			}
		}
		if len(ids) < itemPage {
			return out, nil
		}
		last = ids[len(ids)-1]
	}
}

// keepItemRevenue replaces the item revenue of currency cur on day (every
// day for "", for the migration) with what the rows say.
func keepItemRevenue(tx *Tx, cur, day string) error {
	// Every day: in ID order through the table itself, which the + keep
	// SQLite from reading through documents_by_currency and sorting each
	// page.
	where, args := `+d.kind IN ('invoice', 'credit-note') AND +d.status = 'issued' AND +d.currency = ?`, []any{cur}
	del := `DELETE FROM item_revenue_days WHERE currency = ?`
	if day != "" {
		where, args = `d.kind IN ('invoice', 'credit-note') AND d.status = 'issued' AND d.currency = ? AND d.issue_date = ?`, append(args, day)
		del += ` AND day = ?`
	}
	cells, err := itemRevenueFromRows(tx.ctx, tx, cur, where, args...)
	if err != nil {
		return fmt.Errorf("keep the revenue by item: %w", err)
	}
	if _, err := tx.ExecContext(tx.ctx, del, args...); err != nil {
		return fmt.Errorf("keep the revenue by item: %w", err)
	}
	for k, v := range cells {
		if _, err := tx.ExecContext(tx.ctx, `INSERT INTO item_revenue_days (currency, day, item_id, revenue_minor, lines) VALUES (?, ?, ?, ?, ?)`,
			k.cur, k.day, k.item, v[0], v[1]); err != nil {
			return fmt.Errorf("keep the revenue by item: %w", err)
		}
	}
	return nil
}

// keepAging recomputes the aging_months cells of the due dates of the
// invoices ids (others ignored), in tx: every month of each, since a payment
// or credit note moved or removed may have changed a month the invoice's
// rows no longer name.
func keepAging(tx *Tx, ids []int64) error {
	type due struct{ cur, day string }
	var dues []due
	for start := 0; start < len(ids); start += statusChunk {
		chunk := ids[start:min(start+statusChunk, len(ids))]
		rows, err := tx.QueryContext(tx.ctx, `SELECT DISTINCT currency, due_date FROM documents
			WHERE id IN (`+placeholders(len(chunk))+`) AND kind = 'invoice' AND status <> 'draft'`, idArgs(chunk)...)
		if err != nil {
			return fmt.Errorf("keep the month-end agings: %w", err)
		}
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.cur, &d.day); err != nil {
				rows.Close()
				return fmt.Errorf("keep the month-end agings: %w", err)
			}
			dues = append(dues, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("keep the month-end agings: %w", err)
		}
	}
	for _, d := range dues {
		if p := tx.pendingKept(); p != nil {
			p.aging[agingCell(d)] = true
			continue
		}
		if err := keepAgingCell(tx, agingCell(d)); err != nil {
			return err
		}
	}
	return nil
}

// agingCell names the aging_months cells of one currency's due date.
type agingCell struct{ cur, day string }

// keepAgingCell recomputes every month of the aging_months cells of c's
// currency and due date from the rows, in tx.
func keepAgingCell(tx *Tx, c agingCell) error {
	return keepAgingCells(tx, c.cur, []string{c.day})
}

// keepAgingCells recomputes every month of the aging_months cells of the
// currency cur and each of the due dates days from the rows, in tx: one
// statement for many days (a batch's), reading the invoices due on them
// through documents_by_due. Per day, the statements cost more than their
// reads: a day has a few invoices.
func keepAgingCells(tx *Tx, cur string, days []string) error {
	list, err := json.Marshal(days)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(tx.ctx, `DELETE FROM aging_months WHERE currency = ?1 AND due_date IN (SELECT value FROM json_each(?2))`,
		cur, string(list)); err != nil {
		return fmt.Errorf("keep the month-end agings: %w", err)
	}
	if _, err := tx.ExecContext(tx.ctx, `INSERT INTO aging_months (currency, month, due_date, open_minor) `+
		agingMonthsFromRows(`d.due_date IN (SELECT value FROM json_each(?2)) AND +d.currency = ?1`), cur, string(list)); err != nil {
		return fmt.Errorf("keep the month-end agings: %w", err)
	}
	return nil
}

// agingChunk is how many due dates keepAgingCells takes at once in a batch.
const agingChunk = 500

// keptPending are the cells of the kept monthly figures that the writes of
// a batch touched and that are not recomputed yet: a batch recomputes each
// once, from the rows, in its own transaction, before a report the batch
// reads them in (Book.readFigures: month-end agings, revenue by item) and
// before it commits (flushKept), rather than once per write — a
// day's item revenue, for one, reads every invoice issued that day, and a
// batch of the demo's issues the same day's hundreds of times over.
type keptPending struct {
	revenue map[revenueCell]bool
	aging   map[agingCell]bool
}

// pendingKept is where a write in a batch leaves the cells it touched; nil
// outside a batch, where each write recomputes its cells itself.
func (tx *Tx) pendingKept() *keptPending {
	if tx.known == nil {
		return nil
	}
	return tx.known.pending
}

// flushKept recomputes the cells the batch's writes touched, in order (so
// the same batch writes the same book), and forgets them.
func flushKept(tx *Tx) error {
	p := tx.pendingKept()
	if p == nil || len(p.revenue)+len(p.aging) == 0 {
		return nil
	}
	revenue := slices.SortedFunc(maps.Keys(p.revenue), func(a, b revenueCell) int {
		return cmp.Or(cmp.Compare(a.cur, b.cur), cmp.Compare(a.day, b.day), cmp.Compare(a.clientID, b.clientID))
	})
	aging := slices.SortedFunc(maps.Keys(p.aging), func(a, b agingCell) int {
		return cmp.Or(cmp.Compare(a.cur, b.cur), cmp.Compare(a.day, b.day))
	})
	clear(p.revenue)
	clear(p.aging)
	// revenue_days and item_revenue_days once per currency and day,
	// revenue_months once per client and month.
	days := map[[2]string]bool{}
	for _, c := range revenue {
		if err := keepRevenueMonth(tx, c); err != nil {
			return err
		}
		if k := [2]string{c.cur, c.day}; !days[k] {
			days[k] = true
			if err := keepRevenueDay(tx, c.cur, c.day); err != nil {
				return err
			}
		}
	}
	for i := 0; i < len(aging); {
		j, days := i, make([]string, 0, min(agingChunk, len(aging)-i))
		for ; j < len(aging) && aging[j].cur == aging[i].cur && len(days) < agingChunk; j++ {
			days = append(days, aging[j].day)
		}
		if err := keepAgingCells(tx, aging[i].cur, days); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// keepAllMonths fills the four tables from every document: the Go step of
// migration 21.
func keepAllMonths(tx *Tx) error {
	for _, st := range []string{
		`INSERT INTO revenue_days (currency, day, revenue_minor, gross_minor, documents) ` + revenueDaysFromRows(`1`),
		`INSERT INTO revenue_months (currency, month, client_id, revenue_minor, documents) ` + revenueMonthsFromRows(`1`),
		`INSERT INTO aging_months (currency, month, due_date, open_minor) ` + agingMonthsFromRows(`1`),
	} {
		if _, err := tx.ExecContext(tx.ctx, st); err != nil {
			return err
		}
	}
	curs, err := issuedCurrencies(tx.ctx, tx)
	if err != nil {
		return err
	}
	for _, cur := range curs {
		if err := keepItemRevenue(tx, cur, ""); err != nil {
			return err
		}
	}
	return nil
}

// issuedCurrencies are the currencies of the book's issued invoices and
// credit notes, worked out from the documents.
func issuedCurrencies(ctx context.Context, q queryer) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT currency FROM documents WHERE kind IN ('invoice', 'credit-note') AND status = 'issued'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// monthDrift lists, up to max, the cells of the four tables that differ from
// a recomputation from every row, each in a sentence; none in a sound book.
func monthDrift(ctx context.Context, q queryer, max int) ([]string, error) {
	var out []string
	for _, t := range []struct {
		table, cols, fromRows string
	}{
		{"revenue_days", "currency, day, revenue_minor, gross_minor, documents", revenueDaysFromRows(`1`)},
		{"revenue_months", "currency, month, client_id, revenue_minor, documents", revenueMonthsFromRows(`1`)},
		{"aging_months", "currency, month, due_date, open_minor", agingMonthsFromRows(`1`)},
	} {
		for _, dir := range []struct{ a, b, says string }{
			{`SELECT ` + t.cols + ` FROM ` + t.table, t.fromRows, "keeps a row its documents do not give"},
			{t.fromRows, `SELECT ` + t.cols + ` FROM ` + t.table, "lacks a row its documents give"},
		} {
			if len(out) >= max {
				return out, nil
			}
			rows, err := q.QueryContext(ctx, `SELECT * FROM (`+dir.a+` EXCEPT `+dir.b+`) LIMIT ?`, max-len(out))
			if err != nil {
				return nil, err
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					rows.Close()
					return nil, err
				}
				out = append(out, fmt.Sprintf("%s %s: %v", t.table, dir.says, vals))
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
		}
	}
	curs, err := issuedCurrencies(ctx, q)
	if err != nil {
		return nil, err
	}
	want := map[itemDay][2]int64{}
	for _, cur := range curs {
		cells, err := itemRevenueFromRows(ctx, q, cur, `+d.kind IN ('invoice', 'credit-note') AND +d.status = 'issued' AND +d.currency = ?`, cur)
		if err != nil {
			return nil, err
		}
		for k, v := range cells {
			want[k] = v
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT currency, day, item_id, revenue_minor, lines FROM item_revenue_days`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k itemDay
		var v [2]int64
		if err := rows.Scan(&k.cur, &k.day, &k.item, &v[0], &v[1]); err != nil {
			return nil, err
		}
		if w, ok := want[k]; !ok || w != v {
			out = append(out, fmt.Sprintf("item_revenue_days keeps %s %s item %d: %d over %d lines, its documents give %d over %d",
				k.cur, k.day, k.item, v[0], v[1], w[0], w[1]))
		}
		delete(want, k)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	keys := make([]itemDay, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	for _, k := range keys {
		out = append(out, fmt.Sprintf("item_revenue_days lacks %s %s item %d: %d over %d lines", k.cur, k.day, k.item, want[k][0], want[k][1]))
	}
	if len(out) > max {
		out = out[:max]
	}
	return out, nil
}

// owedByDue reads what was owed in currency cur at the end of each of the
// days ats (ascending) on the invoices due on each due date ("" for none):
// the kept cells of every month up to the day's, less, for a day that is not
// its month's last, what changed after it in the month, worked out from the
// invoices paid, credited or issued then — none when the day is today and
// nothing is dated later. Amounts in minor units, nothing negative.
func owedByDue(ctx context.Context, q queryer, cur string, ats []domain.Date) ([]map[string]int64, error) {
	if len(ats) == 0 {
		return nil, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT month, due_date, open_minor FROM aging_months WHERE currency = ? AND month <= ?
		ORDER BY month`, cur, ats[len(ats)-1].String()[:7])
	if err != nil {
		return nil, err
	}
	out := make([]map[string]int64, 0, len(ats))
	sum := map[string]int64{}
	snap := func(until string) {
		for len(out) < len(ats) && ats[len(out)].String()[:7] < until {
			out = append(out, maps.Clone(sum))
		}
	}
	for rows.Next() {
		var month, due string
		var minor int64
		if err := rows.Scan(&month, &due, &minor); err != nil {
			rows.Close()
			return nil, err
		}
		snap(month)
		sum[due] += minor
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	snap("9999")
	for i, at := range ats {
		last := domain.FirstOfMonth(at).AddMonths(1).AddDays(-1)
		if at == last {
			continue
		}
		later, err := q.QueryContext(ctx, `WITH cand(id) AS (
				SELECT a.document_id FROM payments p JOIN allocations a ON a.payment_id = p.id
					WHERE p.currency = ?1 AND p.date > ?2 AND p.date <= ?3
				UNION SELECT n.credit_for FROM documents n WHERE n.kind = 'credit-note' AND n.status = 'issued' AND n.currency = ?1
					AND n.issue_date > ?2 AND n.issue_date <= ?3 AND n.credit_for IS NOT NULL
				UNION SELECT d.id FROM documents d WHERE d.kind = 'invoice' AND d.status = 'issued' AND d.currency = ?1
					AND d.issue_date > ?2 AND d.issue_date <= ?3
			)
			SELECT d.due_date, sum((`+positiveOpenOn("?3")+`) - (`+positiveOpenOn("?2")+`)) FROM cand CROSS JOIN documents d ON d.id = cand.id
			WHERE d.kind = 'invoice' AND d.status = 'issued' AND d.currency = ?1 GROUP BY d.due_date`, cur, at.String(), last.String())
		if err != nil {
			return nil, err
		}
		for later.Next() {
			var due string
			var minor int64
			if err := later.Scan(&due, &minor); err != nil {
				later.Close()
				return nil, err
			}
			out[i][due] -= minor
		}
		later.Close()
		if err := later.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// agedBuckets sorts amounts by due date into the buckets of edges as of at,
// as domain.Age does.
func agedBuckets(byDue map[string]int64, cur string, edges domain.AgingBuckets, at domain.Date) ([]decimal.Decimal, error) {
	minor := make([]int64, len(edges)+2)
	for due, v := range byDue {
		var d domain.Date
		if due != "" {
			var err error
			if d, err = domain.ParseDate(due); err != nil {
				return nil, err
			}
		}
		minor[edges.Bucket(d, at)] += v
	}
	out := make([]decimal.Decimal, len(minor))
	for i, v := range minor {
		m, err := money.FromMinor(v, cur)
		if err != nil {
			return nil, err
		}
		out[i] = m.Amount
	}
	return out, nil
}

// monthEnds are the days MonthEndAging ages on: each month's last day from
// from's month to to's, or asOf when that is sooner.
func monthEnds(from, to, asOf domain.Date) (months, ats []domain.Date) {
	for _, m := range domain.Months(from, to) {
		at := m.AddMonths(1).AddDays(-1)
		if at.After(asOf) {
			at = asOf
		}
		months, ats = append(months, m), append(ats, at)
	}
	return months, ats
}

func (s *paymentService) MonthEndAging(ctx context.Context, currency string, from, to, asOf domain.Date, clientID int64) ([]string, []domain.AgedMonth, error) {
	cur, err := reportCurrency(currency)
	if err != nil {
		return nil, nil, err
	}
	if asOf.IsZero() {
		asOf = domain.Today()
	}
	edges := domain.DefaultAgingBuckets()
	months, ats := monthEnds(from, to, asOf)
	out := make([]domain.AgedMonth, len(months))
	err = s.b.readFigures(ctx, "age the receivables at each month's end", func(q queryer) error {
		if clientID != 0 {
			// One client's invoices, through documents_by_client.
			for i, at := range ats {
				bs, err := balances(ctx, q, at, 0, `d.client_id = ? AND d.kind = 'invoice' AND +d.status = 'issued' AND +d.currency = ?
					AND d.issue_date <= ?`, "", clientID, cur, at.String())
				if err != nil {
					return err
				}
				items := make([]domain.AgingItem, len(bs))
				for j, x := range bs {
					items[j] = domain.AgingItem{ClientID: x.clientID, DueDate: x.due, Open: x.open()}
				}
				out[i] = domain.AgedMonth{Month: months[i], AsOf: at, Buckets: domain.Age(items, nil, at, edges).Totals}
			}
			return nil
		}
		owed, err := owedByDue(ctx, q, cur, ats)
		if err != nil {
			return err
		}
		for i, at := range ats {
			b, err := agedBuckets(owed[i], cur, edges, at)
			if err != nil {
				return err
			}
			out[i] = domain.AgedMonth{Month: months[i], AsOf: at, Buckets: b}
		}
		return nil
	})
	return edges.Labels(), out, err
}

func (s *paymentService) BookBalance(ctx context.Context, currency string, asOf domain.Date) (domain.ClientBalance, error) {
	cur, err := reportCurrency(currency)
	if err != nil {
		return domain.ClientBalance{}, err
	}
	if asOf.IsZero() {
		asOf = domain.Today()
	}
	bal := domain.ClientBalance{Currency: cur, Owed: decimal.Zero, Overdue: decimal.Zero, Credit: decimal.Zero, Net: decimal.Zero}
	err = s.b.read(ctx, "read the receivables", func(q queryer) error {
		owed, err := owedByDue(ctx, q, cur, []domain.Date{asOf})
		if err != nil {
			return err
		}
		b, err := agedBuckets(owed[0], cur, domain.AgingBuckets{1}, asOf)
		if err != nil {
			return err
		}
		bal.Overdue = b[1].Add(b[2])
		bal.Owed = b[0].Add(bal.Overdue)
		_, credits, err := receivables(ctx, q, cur, asOf, 0, true)
		if err != nil {
			return err
		}
		for _, c := range credits {
			if c.Amount.IsPositive() {
				bal.Credit = bal.Credit.Add(c.Amount)
			}
		}
		bal.Net = bal.Owed.Sub(bal.Credit)
		return nil
	})
	return bal, err
}
