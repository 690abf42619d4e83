package data

import (
	"context"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// clientCredit is the unapplied credit the client has in currency as of
// asOf (zero for everything in the book), refunds taken off.
func clientCredit(ctx context.Context, q queryer, clientID int64, currency string, asOf domain.Date) (decimal.Decimal, error) {
	_, credits, err := receivables(ctx, q, currency, asOf, clientID, false)
	if err != nil {
		return decimal.Zero, err
	}
	if c, ok := credits[clientID]; ok {
		return c.Amount, nil
	}
	return decimal.Zero, nil
}

// checkRefundsCovered refuses a change that would leave the client with
// less credit in currency than it has been refunded: money paid back cannot
// also pay an invoice, or vanish with the payment it came from.
func checkRefundsCovered(ctx context.Context, tx *Tx, clientID int64, currency string) error {
	credit, err := clientCredit(ctx, tx, clientID, currency, domain.Date{})
	if err != nil || !credit.IsNegative() {
		return err
	}
	short := money.Money{Amount: credit.Neg(), Currency: currency}
	return domain.Errorf(domain.ECONFLICT, "Not saved: %s of this client's credit was refunded, so it cannot also pay "+
		"invoices or be taken away; delete the refund first.", short)
}

func (s *paymentService) CreateRefund(ctx context.Context, r *domain.Refund) error {
	r.ID = 0
	if err := r.Validate(); err != nil {
		return err
	}
	amount, err := r.Amount.Minor()
	if err != nil {
		return err
	}
	return s.b.write(ctx, "save the refund", func(tx *Tx) error { return insertRefund(ctx, tx, r, amount) })
}

// insertRefund stores a validated refund of amount minor units once the
// client is known and has that much credit on the refund's day and now, and
// audits it; CreatedAt is now unless set.
func insertRefund(ctx context.Context, tx *Tx, r *domain.Refund, amount int64) error {
	c, err := namedClient(ctx, tx, r.ClientID, "Refund", "choose the client the money goes back to")
	if err != nil {
		return err
	}
	r.ClientName = c.Name
	// The credit must be there on the refund's day and still be there
	// now, after whatever happened since.
	for _, at := range []domain.Date{r.Date, {}} {
		credit, err := clientCredit(ctx, tx, r.ClientID, r.Amount.Currency, at)
		if err != nil {
			return err
		}
		if r.Amount.Amount.GreaterThan(credit) {
			when := "now"
			if !at.IsZero() {
				when = "on " + at.String()
			}
			msg := fmt.Sprintf("%s has %s of credit %s, less than %s", c.Name,
				money.Money{Amount: decimal.Max(credit, decimal.Zero), Currency: r.Amount.Currency}, when, r.Amount)
			return &domain.Error{Code: domain.EINVALID, Message: "Refund not saved: " + msg + ".",
				Fields: map[string]string{"amount": msg}}
		}
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = tx.now
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO refunds (client_id, date, amount_minor, currency, method, reference, note,
		created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.ClientID, r.Date.String(), amount, r.Amount.Currency,
		string(r.Method), r.Reference, r.Note, timestamp(r.CreatedAt))
	if err != nil {
		return err
	}
	if r.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.audit("refund", r.ID, actionCreate, nil, r)
}

// readRefunds reads refunds: rest follows the FROM clause.
func readRefunds(ctx context.Context, q queryer, rest string, args ...any) ([]domain.Refund, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.client_id, c.name, r.date, r.amount_minor, r.currency, r.method,
		r.reference, r.note, r.created_at FROM refunds r JOIN clients c ON c.id = r.client_id`+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Refund
	for rows.Next() {
		var r domain.Refund
		var date, cur, created string
		var minor int64
		if err := rows.Scan(&r.ID, &r.ClientID, &r.ClientName, &date, &minor, &cur, &r.Method, &r.Reference, &r.Note,
			&created); err != nil {
			return nil, err
		}
		if r.Date, err = domain.ParseDate(date); err != nil {
			return nil, err
		}
		if r.Amount, err = money.FromMinor(minor, cur); err != nil {
			return nil, err
		}
		r.CreatedAt = parseTimestamp(created)
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *paymentService) FindRefunds(ctx context.Context, f domain.RefundFilter) ([]domain.Refund, error) {
	var conds []string
	var args []any
	if f.ClientID != 0 {
		conds, args = append(conds, "r.client_id = ?"), append(args, f.ClientID)
	}
	if c := strings.ToUpper(strings.TrimSpace(f.Currency)); c != "" {
		conds, args = append(conds, "r.currency = ?"), append(args, c)
	}
	q := ""
	if len(conds) > 0 {
		q = " WHERE " + strings.Join(conds, " AND ")
	}
	q, args = pageClause(q+" ORDER BY r.date DESC, r.id DESC", args, f.Offset, f.Limit)
	rs, err := readRefunds(ctx, s.b.db, q, args...)
	if err != nil {
		return nil, domain.Internal("read the refunds", err)
	}
	return rs, nil
}

func (s *paymentService) DeleteRefund(ctx context.Context, id int64) error {
	return s.b.write(ctx, "delete the refund", func(tx *Tx) error {
		rs, err := readRefunds(ctx, tx, " WHERE r.id = ?", id)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			return domain.Errorf(domain.ENOTFOUND, "There is no refund %d.", id)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM refunds WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit("refund", id, actionDelete, rs[0], nil)
	})
}
