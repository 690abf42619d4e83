package data

import (
	"context"
	"sort"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// reportService implements domain.ReportService with grouped queries over the
// documents' stored totals (minor units), so a report never reads a whole
// table into memory.
type reportService struct{ b *Book }

var _ domain.ReportService = (*reportService)(nil)

// revenueMinor is a document's revenue in minor units: net of tax and after
// discounts, negative for a credit note.
const revenueMinor = `CASE d.kind WHEN 'invoice' THEN d.subtotal_minor - d.discount_total_minor
	ELSE d.discount_total_minor - d.subtotal_minor END`

// revenueWhere selects issued invoices and credit notes of a currency dated
// in a period.
const revenueWhere = `d.kind IN ('invoice', 'credit-note') AND d.status = 'issued' AND d.currency = ?
	AND d.issue_date BETWEEN ? AND ?`

func (s *reportService) Currencies(ctx context.Context) ([]string, error) {
	rows, err := s.b.db.QueryContext(ctx, `SELECT currency FROM revenue_days GROUP BY currency ORDER BY sum(revenue_minor) DESC, currency`)
	if err != nil {
		return nil, domain.Internal("list the currencies", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, domain.Internal("list the currencies", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// clientRevenueWhere is revenueWhere for one client (the last parameter),
// through documents_by_client: what the client holds, whatever the book
// holds. The + keeps SQLite from reading every document of the currency
// through documents_by_currency instead.
const clientRevenueWhere = `d.kind IN ('invoice', 'credit-note') AND +d.status = 'issued' AND +d.currency = ?
	AND d.issue_date BETWEEN ? AND ? AND d.client_id = ?`

func (s *reportService) RevenueByMonth(ctx context.Context, currency string, from, to domain.Date, clientID int64) ([]domain.MonthValue, error) {
	q := `SELECT substr(day, 1, 7), sum(revenue_minor) FROM revenue_days WHERE currency = ? AND day BETWEEN ? AND ?`
	args := []any{currency, domain.FirstOfMonth(from).String(), to.String()}
	if clientID != 0 {
		q = `SELECT substr(d.issue_date, 1, 7), sum(` + revenueMinor + `) FROM documents d WHERE ` + clientRevenueWhere
		args = append(args, clientID)
	}
	rows, err := s.b.db.QueryContext(ctx, q+` GROUP BY 1`, args...)
	if err != nil {
		return nil, domain.Internal("sum revenue by month", err)
	}
	defer rows.Close()
	byMonth := map[string]int64{}
	for rows.Next() {
		var m string
		var v int64
		if err := rows.Scan(&m, &v); err != nil {
			return nil, domain.Internal("sum revenue by month", err)
		}
		byMonth[m] = v
	}
	if err := rows.Err(); err != nil {
		return nil, domain.Internal("sum revenue by month", err)
	}
	var out []domain.MonthValue
	for _, m := range domain.Months(from, to) {
		amt, err := money.FromMinor(byMonth[m.String()[:7]], currency)
		if err != nil {
			return nil, err
		}
		out = append(out, domain.MonthValue{Month: m, Amount: amt.Amount})
	}
	return out, nil
}

// RevenueByClient adds up the clients' kept months from from's month to to's,
// less the documents of those months dated before from or after to, read
// from the rows: nothing when the period is whole months, and only the few
// documents dated after today when it ends today.
func (s *reportService) RevenueByClient(ctx context.Context, currency string, from, to domain.Date, limit int) ([]domain.NamedValue, error) {
	if from.After(to) {
		return nil, nil
	}
	first, last := domain.FirstOfMonth(from), domain.FirstOfMonth(to).AddMonths(1).AddDays(-1)
	q := `WITH r(client_id, rev, n) AS (
			SELECT client_id, revenue_minor, documents FROM revenue_months WHERE currency = ?1 AND month BETWEEN ?2 AND ?3
			UNION ALL SELECT d.client_id, -(` + revenueMinor + `), -1 FROM documents d
				WHERE d.kind IN ('invoice', 'credit-note') AND d.status = 'issued' AND d.currency = ?1
				AND (d.issue_date BETWEEN ?4 AND ?5 OR d.issue_date BETWEEN ?6 AND ?7)
		)
		SELECT r.client_id, c.name, sum(r.rev) AS rev FROM r JOIN clients c ON c.id = r.client_id
		GROUP BY r.client_id HAVING sum(r.n) > 0 ORDER BY rev DESC, c.name_key`
	args := []any{currency, first.String()[:7], last.String()[:7], first.String(), from.AddDays(-1).String(),
		to.AddDays(1).String(), last.String()}
	if limit > 0 {
		q += ` LIMIT ?8`
		args = append(args, limit)
	}
	rows, err := s.b.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, domain.Internal("sum revenue by client", err)
	}
	defer rows.Close()
	var out []domain.NamedValue
	for rows.Next() {
		var v domain.NamedValue
		var minor int64
		if err := rows.Scan(&v.ID, &v.Name, &minor); err != nil {
			return nil, domain.Internal("sum revenue by client", err)
		}
		m, err := money.FromMinor(minor, currency)
		if err != nil {
			return nil, err
		}
		v.Amount = m.Amount
		out = append(out, v)
	}
	return out, rows.Err()
}

func (s *reportService) Revenue(ctx context.Context, currency string, from, to domain.Date, clientID int64) (decimal.Decimal, error) {
	q := `SELECT coalesce(sum(revenue_minor), 0) FROM revenue_days WHERE currency = ? AND day BETWEEN ? AND ?`
	args := []any{currency, from.String(), to.String()}
	if clientID != 0 {
		q = `SELECT coalesce(sum(` + revenueMinor + `), 0) FROM documents d WHERE ` + clientRevenueWhere
		args = append(args, clientID)
	}
	var minor int64
	if err := s.b.db.QueryRowContext(ctx, q, args...).Scan(&minor); err != nil {
		return decimal.Zero, domain.Internal("sum the revenue", err)
	}
	m, err := money.FromMinor(minor, currency)
	return m.Amount, err
}

// GrossSales sums the issued invoices' totals, tax included, less the issued
// credit notes', over revenueWhere.
func (s *reportService) GrossSales(ctx context.Context, currency string, from, to domain.Date, clientID int64) (decimal.Decimal, error) {
	q := `SELECT coalesce(sum(gross_minor), 0) FROM revenue_days WHERE currency = ? AND day BETWEEN ? AND ?`
	args := []any{currency, from.String(), to.String()}
	if clientID != 0 {
		q = `SELECT coalesce(sum(` + revenueSign + ` * d.total_minor), 0) FROM documents d WHERE ` + clientRevenueWhere
		args = append(args, clientID)
	}
	var minor int64
	if err := s.b.db.QueryRowContext(ctx, q, args...).Scan(&minor); err != nil {
		return decimal.Zero, domain.Internal("sum the gross sales", err)
	}
	m, err := money.FromMinor(minor, currency)
	return m.Amount, err
}

// itemPage is how many documents RevenueByItem reads at a time.
const itemPage = 200

// revenueDoc is what RevenueByItem needs of a document to work out its
// lines' revenue.
type revenueDoc struct {
	in     domain.TotalsInput
	items  []int64 // each line's item, 0 for none
	lineID map[int64]int
	credit bool
	day    string // its issue date
}

// RevenueByItem reads the whole book's kept item revenue per day, or works
// one client's out from its documents.
func (s *reportService) RevenueByItem(ctx context.Context, currency string, from, to domain.Date, clientID int64, limit int) ([]domain.NamedValue, error) {
	cur, err := money.LookupCurrency(currency)
	if err != nil {
		return nil, err
	}
	byItem := map[int64]decimal.Decimal{}
	err = s.b.readFigures(ctx, "sum revenue by item", func(q queryer) error {
		if clientID == 0 {
			return itemRevenue(ctx, q, cur, from, to, byItem)
		}
		cells, err := itemRevenueFromRows(ctx, q, cur.Code, clientRevenueWhere, cur.Code, from.String(), to.String(), clientID)
		if err != nil {
			return err
		}
		for k, v := range cells {
			byItem[k.item] = byItem[k.item].Add(decimal.New(v[0], -cur.Exponent))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]domain.NamedValue, 0, len(byItem))
	for id, v := range byItem {
		out = append(out, domain.NamedValue{ID: id, Amount: v})
	}
	if err := s.nameItems(ctx, out); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool {
		if c := out[i].Amount.Cmp(out[j].Amount); c != 0 {
			return c > 0
		}
		return out[i].ID < out[j].ID
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// itemRevenue adds the kept revenue of each item from from to to into
// byItem.
func itemRevenue(ctx context.Context, q queryer, cur money.Currency, from, to domain.Date, byItem map[int64]decimal.Decimal) error {
	rows, err := q.QueryContext(ctx, `SELECT item_id, sum(revenue_minor) FROM item_revenue_days
		WHERE currency = ? AND day BETWEEN ? AND ? GROUP BY item_id`, cur.Code, from.String(), to.String())
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var item, minor int64
		if err := rows.Scan(&item, &minor); err != nil {
			return err
		}
		byItem[item] = decimal.New(minor, -cur.Exponent)
	}
	return rows.Err()
}

// revenueDocs reads the next page of documents matching where, in ID order,
// with their lines and taxes: three queries for the whole page.
func revenueDocs(ctx context.Context, q queryer, exp int32, where string, args ...any) (map[int64]*revenueDoc, []int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.kind, d.rounding_scope, d.rounding_mode, d.tax_inclusive, d.discount_percent,
		d.discount_minor, d.arithmetic, d.issue_date FROM documents d WHERE `+where+` ORDER BY d.id LIMIT ?`, append(args, itemPage)...)
	if err != nil {
		return nil, nil, err
	}
	docs := map[int64]*revenueDoc{}
	var ids []int64
	for rows.Next() {
		var id, discount int64
		var kind, scope, mode, pct string
		d := &revenueDoc{lineID: map[int64]int{}}
		// Issued documents only: each by the arithmetic it was issued under.
		if err := rows.Scan(&id, &kind, &scope, &mode, &d.in.TaxInclusive, &pct, &discount, &d.in.Arithmetic, &d.day); err != nil {
			rows.Close()
			return nil, nil, err
		}
		d.credit = kind == string(domain.KindCreditNote)
		d.in.Exponent = exp
		d.in.Rounding = domain.Rounding{Scope: domain.RoundingScope(scope), Mode: domain.RoundingMode(mode)}
		if d.in.DiscountPercent, err = decimal.NewFromString(pct); err != nil {
			rows.Close()
			return nil, nil, err
		}
		d.in.DiscountAmount = decimal.New(discount, -exp)
		docs[id] = d
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return docs, ids, err
	}
	in := placeholders(len(ids))
	lrows, err := q.QueryContext(ctx, `SELECT document_id, id, coalesce(item_id, 0), quantity, unit_price_minor, discount_percent
		FROM document_lines WHERE document_id IN (`+in+`) ORDER BY document_id, position`, idArgs(ids)...)
	if err != nil {
		return nil, nil, err
	}
	lineDoc := map[int64]*revenueDoc{}
	for lrows.Next() {
		var docID, lineID, item, price int64
		var qty, pct string
		if err := lrows.Scan(&docID, &lineID, &item, &qty, &price, &pct); err != nil {
			lrows.Close()
			return nil, nil, err
		}
		l := domain.TotalsLine{UnitPrice: decimal.New(price, -exp)}
		if l.Quantity, err = decimal.NewFromString(qty); err == nil {
			l.DiscountPercent, err = decimal.NewFromString(pct)
		}
		if err != nil {
			lrows.Close()
			return nil, nil, err
		}
		d := docs[docID]
		d.lineID[lineID] = len(d.in.Lines)
		d.in.Lines = append(d.in.Lines, l)
		d.items = append(d.items, item)
		lineDoc[lineID] = d
	}
	lrows.Close()
	if err := lrows.Err(); err != nil {
		return nil, nil, err
	}
	trows, err := q.QueryContext(ctx, `SELECT t.line_id, t.rate_id, t.name, t.percent, t.compound FROM line_taxes t
		JOIN document_lines l ON l.id = t.line_id WHERE l.document_id IN (`+in+`) ORDER BY l.document_id, l.position, t.position`,
		idArgs(ids)...)
	if err != nil {
		return nil, nil, err
	}
	err = scanLineTaxes(trows, func(lineID int64, t domain.TaxLine) {
		d := lineDoc[lineID]
		i := d.lineID[lineID]
		d.in.Lines[i].Taxes = append(d.in.Lines[i].Taxes, t)
	})
	return docs, ids, err
}

// nameItems fills in the names of the items among vs.
func (s *reportService) nameItems(ctx context.Context, vs []domain.NamedValue) error {
	var ids []int64
	for _, v := range vs {
		if v.ID != 0 {
			ids = append(ids, v.ID)
		}
	}
	names := map[int64]string{}
	for start := 0; start < len(ids); start += statusChunk {
		chunk := ids[start:min(start+statusChunk, len(ids))]
		rows, err := s.b.db.QueryContext(ctx, `SELECT id, name FROM items WHERE id IN (`+placeholders(len(chunk))+`)`, idArgs(chunk)...)
		if err != nil {
			return domain.Internal("name the items", err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return domain.Internal("name the items", err)
			}
			names[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return domain.Internal("name the items", err)
		}
	}
	for i := range vs {
		vs[i].Name = names[vs[i].ID]
	}
	return nil
}

// paidInvoices is a query over the issued invoices in a currency (?1) paid in
// full between ?2 and ?3 inclusive, as the CTE paid (id, client_id,
// issue_date, day), each with its client, issue date and the day it was
// paid — the kept paid_on (migration 28, keptPaidOn) — read through the
// index documents_paid: a period's paid invoices are a range of it. ?4 is a
// client, or 0 for all; one client's are read through its own invoices.
func paidInvoices(clientID int64) string {
	where := `d.currency = ?1 AND d.paid_on <> '' AND d.paid_on BETWEEN ?2 AND ?3 AND ?4 = 0`
	if clientID != 0 {
		where = `d.client_id = ?4 AND d.kind = 'invoice' AND d.status = 'issued' AND d.currency = ?1
			AND +d.paid_on BETWEEN ?2 AND ?3`
	}
	return `WITH paid AS (SELECT d.id, d.client_id, d.issue_date, d.paid_on AS day FROM documents d WHERE ` + where + `)`
}

// payDays is the days an invoice of paidInvoices took to be paid, never
// below zero.
const payDays = `max(0, CAST(round(julianday(paid.day) - julianday(paid.issue_date)) AS INTEGER))`

func (s *reportService) DaysToPayByMonth(ctx context.Context, currency string, from, to domain.Date, clientID int64) ([]domain.MonthPayDays, error) {
	rows, err := s.b.db.QueryContext(ctx, paidInvoices(clientID)+` SELECT substr(paid.day, 1, 7), sum(`+payDays+`), count(*)
		FROM paid WHERE paid.day BETWEEN ?2 AND ?3 GROUP BY 1`, currency, domain.FirstOfMonth(from).String(), to.String(), clientID)
	if err != nil {
		return nil, domain.Internal("average the days to pay", err)
	}
	defer rows.Close()
	byMonth := map[string]domain.PayDays{}
	for rows.Next() {
		var m string
		var days int64
		var n int
		if err := rows.Scan(&m, &days, &n); err != nil {
			return nil, domain.Internal("average the days to pay", err)
		}
		byMonth[m] = domain.MeanPayDays(days, n)
	}
	if err := rows.Err(); err != nil {
		return nil, domain.Internal("average the days to pay", err)
	}
	var out []domain.MonthPayDays
	for _, m := range domain.Months(from, to) {
		pd, ok := byMonth[m.String()[:7]]
		if !ok {
			pd = domain.MeanPayDays(0, 0)
		}
		out = append(out, domain.MonthPayDays{Month: m, PayDays: pd})
	}
	return out, nil
}

func (s *reportService) DaysToPayByClient(ctx context.Context, currency string, from, to domain.Date, clientID int64) (map[int64]domain.PayDays, error) {
	rows, err := s.b.db.QueryContext(ctx, paidInvoices(clientID)+` SELECT paid.client_id, sum(`+payDays+`), count(*)
		FROM paid WHERE paid.day BETWEEN ?2 AND ?3 GROUP BY 1`, currency, from.String(), to.String(), clientID)
	if err != nil {
		return nil, domain.Internal("average the days to pay", err)
	}
	defer rows.Close()
	out := map[int64]domain.PayDays{}
	for rows.Next() {
		var id, days int64
		var n int
		if err := rows.Scan(&id, &days, &n); err != nil {
			return nil, domain.Internal("average the days to pay", err)
		}
		out[id] = domain.MeanPayDays(days, n)
	}
	return out, rows.Err()
}
