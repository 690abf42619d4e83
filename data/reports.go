package data

import (
	"context"

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
	rows, err := s.b.db.QueryContext(ctx, `SELECT d.currency FROM documents d
		WHERE d.kind IN ('invoice', 'credit-note') AND d.status = 'issued'
		GROUP BY d.currency ORDER BY sum(`+revenueMinor+`) DESC, d.currency`)
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

func (s *reportService) RevenueByMonth(ctx context.Context, currency string, from, to domain.Date, clientID int64) ([]domain.MonthValue, error) {
	q := `SELECT substr(d.issue_date, 1, 7), sum(` + revenueMinor + `) FROM documents d WHERE ` + revenueWhere
	args := []any{currency, domain.FirstOfMonth(from).String(), to.String()}
	if clientID != 0 {
		q += ` AND d.client_id = ?`
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

func (s *reportService) RevenueByClient(ctx context.Context, currency string, from, to domain.Date, limit int) ([]domain.NamedValue, error) {
	q := `SELECT d.client_id, c.name, sum(` + revenueMinor + `) AS rev FROM documents d JOIN clients c ON c.id = d.client_id
		WHERE ` + revenueWhere + ` GROUP BY d.client_id ORDER BY rev DESC, c.name_key`
	args := []any{currency, from.String(), to.String()}
	if limit > 0 {
		q += ` LIMIT ?`
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
