package data

import (
	"context"
	"database/sql"
	"strings"

	"clientbook/domain"
	"clientbook/domain/money"
)

// targetService implements domain.TargetService over the book.
type targetService struct{ b *Book }

var _ domain.TargetService = (*targetService)(nil)

const targetColumns = `t.id, t.period_kind, t.period_start, t.client_id, coalesce(c.name, ''), t.amount_minor, t.currency,
	t.created_at, t.updated_at`

func readTargets(ctx context.Context, q queryer, query string, args ...any) ([]domain.Target, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Target
	for rows.Next() {
		var t domain.Target
		var start, currency, created, updated string
		var client sql.NullInt64
		var amount int64
		if err := rows.Scan(&t.ID, &t.PeriodKind, &start, &client, &t.ClientName, &amount, &currency, &created, &updated); err != nil {
			return nil, err
		}
		if t.PeriodStart, err = domain.ParseDate(start); err != nil {
			return nil, err
		}
		if t.Amount, err = money.FromMinor(amount, currency); err != nil {
			return nil, err
		}
		t.ClientID = client.Int64
		t.CreatedAt, t.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
		out = append(out, t)
	}
	return out, rows.Err()
}

const targetForQuery = `SELECT ` + targetColumns + ` FROM targets t LEFT JOIN clients c ON c.id = t.client_id
	WHERE t.period_kind = ? AND t.period_start = ? AND coalesce(t.client_id, 0) = ? AND t.currency = ?`

// findTargetFor returns the target set for the period, client (0 for the
// book) and currency, or nil; targets_by_period answers it.
func findTargetFor(ctx context.Context, q queryer, kind domain.PeriodKind, start domain.Date, clientID int64, currency string) (*domain.Target, error) {
	ts, err := readTargets(ctx, q, targetForQuery, string(kind), start.String(), clientID, currency)
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	return &ts[0], nil
}

func (s *targetService) SetTarget(ctx context.Context, t *domain.Target) error {
	if err := t.Validate(); err != nil {
		return err
	}
	amount, err := t.Amount.Minor()
	if err != nil {
		return err
	}
	return s.b.write(ctx, "save the target", func(tx *Tx) error {
		t.ClientName = ""
		if t.ClientID != 0 {
			if t.ClientName, err = clientNamed(ctx, tx, t.ClientID, "Target"); err != nil {
				return err
			}
		}
		before, err := findTargetFor(ctx, tx, t.PeriodKind, t.PeriodStart, t.ClientID, t.Amount.Currency)
		if err != nil {
			return err
		}
		if before != nil {
			t.ID, t.CreatedAt, t.UpdatedAt = before.ID, before.CreatedAt, tx.now
			if _, err := tx.ExecContext(ctx, `UPDATE targets SET amount_minor = ?, updated_at = ? WHERE id = ?`,
				amount, timestamp(tx.now), t.ID); err != nil {
				return err
			}
			return tx.audit("target", t.ID, actionUpdate, before, t)
		}
		t.CreatedAt, t.UpdatedAt = tx.now, tx.now
		res, err := tx.ExecContext(ctx, `INSERT INTO targets (period_kind, period_start, client_id, amount_minor, currency,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, string(t.PeriodKind), t.PeriodStart.String(),
			nullID(t.ClientID), amount, t.Amount.Currency, timestamp(tx.now), timestamp(tx.now))
		if err != nil {
			return err
		}
		if t.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return tx.audit("target", t.ID, actionCreate, nil, t)
	})
}

// targetQuery is the SELECT of a target list, in period order, the whole
// book's before each client's.
func targetQuery(f domain.TargetFilter) (string, []any) {
	var conds []string
	var args []any
	if f.ClientID != 0 {
		conds = append(conds, "t.client_id = ?")
		args = append(args, f.ClientID)
	}
	if f.Currency != "" {
		conds = append(conds, "t.currency = ?")
		args = append(args, strings.ToUpper(strings.TrimSpace(f.Currency)))
	}
	if !f.From.IsZero() {
		conds = append(conds, "t.period_start >= ?")
		args = append(args, f.From.String())
	}
	if !f.To.IsZero() {
		conds = append(conds, "t.period_start <= ?")
		args = append(args, f.To.String())
	}
	q := `SELECT ` + targetColumns + ` FROM targets t LEFT JOIN clients c ON c.id = t.client_id`
	if len(conds) > 0 {
		q += ` WHERE ` + strings.Join(conds, " AND ")
	}
	return q + ` ORDER BY t.period_start, t.period_kind, t.client_id IS NOT NULL, c.name_key, t.currency`, args
}

func (s *targetService) FindTargets(ctx context.Context, f domain.TargetFilter) ([]domain.Target, error) {
	q, args := targetQuery(f)
	ts, err := readTargets(ctx, s.b.db, q, args...)
	if err != nil {
		return nil, domain.Internal("read the targets", err)
	}
	return ts, nil
}

// invoicedQuery adds up the issued invoices less the issued credit notes
// dated in the period, in the currency, net of tax: of the client, or of the
// whole book for 0. documents_by_currency and documents_by_client answer it.
func invoicedQuery(p domain.Period, currency string, clientID int64) (string, []any) {
	q := `SELECT coalesce(sum(CASE kind WHEN 'invoice' THEN total_minor - tax_minor ELSE tax_minor - total_minor END), 0)
		FROM documents WHERE kind IN ('invoice', 'credit-note') AND status = 'issued' AND currency = ?
		AND issue_date BETWEEN ? AND ?`
	args := []any{currency, p.Start.String(), p.End.String()}
	if clientID != 0 {
		q += ` AND client_id = ?`
		args = append(args, clientID)
	}
	return q, args
}

func (s *targetService) Attainment(ctx context.Context, kind domain.PeriodKind, start domain.Date, currency string, clientID int64) (domain.Attainment, error) {
	if err := domain.CheckPeriod(kind, start); err != nil {
		return domain.Attainment{}, err
	}
	cur, err := reportCurrency(currency)
	if err != nil {
		return domain.Attainment{}, err
	}
	var out domain.Attainment
	err = s.b.read(ctx, "measure the target", func(q queryer) error {
		if clientID != 0 {
			var n int
			if err := q.QueryRowContext(ctx, `SELECT count(*) FROM clients WHERE id = ?`, clientID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return domain.Errorf(domain.ENOTFOUND, "Client %d does not exist; it may have been deleted.", clientID)
			}
		}
		target, err := findTargetFor(ctx, q, kind, start, clientID, cur)
		if err != nil {
			return err
		}
		query, args := invoicedQuery(kind.Period(start), cur, clientID)
		var net int64
		if err := q.QueryRowContext(ctx, query, args...).Scan(&net); err != nil {
			return err
		}
		invoiced, err := money.FromMinor(net, cur)
		if err != nil {
			return err
		}
		out = domain.NewAttainment(kind, start, clientID, target, invoiced)
		return nil
	})
	return out, err
}
