package data

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// paymentService implements domain.PaymentService over the book. Allocations
// are checked against each invoice's open amount inside the immediate
// transaction that writes them, so no two payments can together pay more than
// an invoice is for; reports read one snapshot of the book.
type paymentService struct{ b *Book }

var _ domain.PaymentService = (*paymentService)(nil)

// endOfTime stands for "no date limit" in the as-of queries. Dates are stored
// as YYYY-MM-DD text, so it sorts after every real one.
const endOfTime = "9999-12-31"

// asOfText is an as-of date as the queries compare it: the zero date means
// no limit.
func asOfText(d domain.Date) string {
	if d.IsZero() {
		return endOfTime
	}
	return d.String()
}

// placeholders returns "?, ?, ?" for n parameters.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// idArgs turns IDs into query arguments.
func idArgs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// balanceColumns read a document (d, joined to its client c) with what has
// been paid and credited on it: the allocations of payments received on or
// before the first parameter, except those of the payment given as the second,
// and the credit notes issued on or before the third. Every open amount in the
// book is computed from these columns.
const balanceColumns = `d.id, d.kind, d.status, d.client_id, c.name, coalesce(d.number, ''), d.currency, d.issue_date,
	d.due_date, d.total_minor,
	coalesce((SELECT sum(a.amount_minor) FROM allocations a JOIN payments p ON p.id = a.payment_id
		WHERE a.document_id = d.id AND p.date <= ? AND a.payment_id <> ?), 0),
	coalesce((SELECT sum(n.total_minor) FROM documents n
		WHERE n.credit_for = d.id AND n.kind = 'credit-note' AND n.status = 'issued' AND n.issue_date <= ?), 0)`

// balance is a document with what was paid and credited on it.
type balance struct {
	id                      int64
	kind                    domain.DocKind
	status                  domain.DocStatus
	clientID                int64
	clientName, number, cur string
	issue, due              domain.Date
	total, paid, credited   decimal.Decimal
}

// open is what is still owed on the document (negative when it was overpaid
// or over-credited).
func (x balance) open() decimal.Decimal { return domain.DocumentBalance(x.total, x.paid, x.credited) }

func (x balance) item() domain.OpenItem {
	return domain.OpenItem{DocumentID: x.id, Number: x.number, IssueDate: x.issue, DueDate: x.due, Currency: x.cur,
		Total: x.total, Open: x.open()}
}

// balances reads the documents matching where, in order, with their balances
// as of asOf (zero for everything in the book), not counting the allocations
// of payment except.
func balances(ctx context.Context, q queryer, asOf domain.Date, except int64, where, order string, args ...any) ([]balance, error) {
	return readBalances(ctx, q, balancesQuery(asOf, except, where, order, args...))
}

// A query is one SQL statement with its arguments.
type query struct {
	sql  string
	args []any
}

// balancesQuery is the query balances runs.
func balancesQuery(asOf domain.Date, except int64, where, order string, args ...any) query {
	at := asOfText(asOf)
	return query{`SELECT ` + balanceColumns + ` FROM documents d JOIN clients c ON c.id = d.client_id
		WHERE ` + where + order, append([]any{at, except, at}, args...)}
}

// readBalances runs a balancesQuery.
func readBalances(ctx context.Context, q queryer, bq query) ([]balance, error) {
	rows, err := q.QueryContext(ctx, bq.sql, bq.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []balance
	for rows.Next() {
		var x balance
		var issue, due string
		var total, paid, credited int64
		if err := rows.Scan(&x.id, &x.kind, &x.status, &x.clientID, &x.clientName, &x.number, &x.cur, &issue, &due,
			&total, &paid, &credited); err != nil {
			return nil, err
		}
		if x.issue, err = domain.ParseDate(issue); err != nil {
			return nil, err
		}
		if due != "" {
			if x.due, err = domain.ParseDate(due); err != nil {
				return nil, err
			}
		}
		for _, m := range []struct {
			minor int64
			dst   *decimal.Decimal
		}{{total, &x.total}, {paid, &x.paid}, {credited, &x.credited}} {
			v, err := money.FromMinor(m.minor, x.cur)
			if err != nil {
				return nil, err
			}
			*m.dst = v.Amount
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

const paymentColumns = `p.id, p.client_id, c.name, p.date, p.amount_minor, p.currency, p.method, p.reference, p.note,
	p.created_at, p.updated_at`

// readPayments reads the payments a query (after the FROM clause) selects,
// with their allocations.
func readPayments(ctx context.Context, q queryer, rest string, args ...any) ([]*domain.Payment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+paymentColumns+` FROM payments p JOIN clients c ON c.id = p.client_id`+rest, args...)
	if err != nil {
		return nil, err
	}
	var out []*domain.Payment
	for rows.Next() {
		p := &domain.Payment{}
		var date, created, updated, cur string
		var amount int64
		if err := rows.Scan(&p.ID, &p.ClientID, &p.ClientName, &date, &amount, &cur, &p.Method, &p.Reference, &p.Note,
			&created, &updated); err != nil {
			rows.Close()
			return nil, err
		}
		if p.Date, err = domain.ParseDate(date); err != nil {
			rows.Close()
			return nil, err
		}
		if p.Amount, err = money.FromMinor(amount, cur); err != nil {
			rows.Close()
			return nil, err
		}
		p.CreatedAt, p.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, readAllocations(ctx, q, out)
}

// readAllocations fills in the allocations of the payments, in the order they
// were made.
func readAllocations(ctx context.Context, q queryer, ps []*domain.Payment) error {
	if len(ps) == 0 {
		return nil
	}
	byID := make(map[int64]*domain.Payment, len(ps))
	ids := make([]int64, len(ps))
	for i, p := range ps {
		byID[p.ID] = p
		ids[i] = p.ID
	}
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.payment_id, a.document_id, coalesce(d.number, ''), a.amount_minor
		FROM allocations a JOIN documents d ON d.id = a.document_id
		WHERE a.payment_id IN (`+placeholders(len(ids))+`) ORDER BY a.payment_id, a.id`, idArgs(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a domain.Allocation
		var amount int64
		if err := rows.Scan(&a.ID, &a.PaymentID, &a.DocumentID, &a.DocumentNumber, &amount); err != nil {
			return err
		}
		p := byID[a.PaymentID]
		m, err := money.FromMinor(amount, p.Amount.Currency)
		if err != nil {
			return err
		}
		a.Amount = m.Amount
		p.Allocations = append(p.Allocations, a)
	}
	return rows.Err()
}

func notFoundPayment(id int64) error {
	return domain.Errorf(domain.ENOTFOUND, "Payment %d does not exist; it may have been deleted.", id)
}

func findPayment(ctx context.Context, q queryer, id int64) (*domain.Payment, error) {
	ps, err := readPayments(ctx, q, ` WHERE p.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, notFoundPayment(id)
	}
	return ps[0], nil
}

func (s *paymentService) FindPaymentByID(ctx context.Context, id int64) (*domain.Payment, error) {
	p, err := findPayment(ctx, s.b.db, id)
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return nil, domain.Internal("read the payment", err)
	}
	return p, err
}

// paymentWhere builds the WHERE clause of a payment filter.
func paymentWhere(f domain.PaymentFilter) (string, []any) {
	var conds []string
	var args []any
	if f.ClientID != 0 {
		conds = append(conds, "p.client_id = ?")
		args = append(args, f.ClientID)
	}
	if c := strings.ToUpper(strings.TrimSpace(f.Currency)); c != "" {
		conds = append(conds, "p.currency = ?")
		args = append(args, c)
	}
	if !f.From.IsZero() {
		conds = append(conds, "p.date >= ?")
		args = append(args, f.From.String())
	}
	if !f.To.IsZero() {
		conds = append(conds, "p.date <= ?")
		args = append(args, f.To.String())
	}
	if f.DocumentID != 0 {
		conds = append(conds, "p.id IN (SELECT payment_id FROM allocations WHERE document_id = ?)")
		args = append(args, f.DocumentID)
	}
	if r := strings.TrimSpace(f.Reference); r != "" {
		conds = append(conds, `p.reference LIKE '%' || ? || '%' ESCAPE '\'`)
		args = append(args, likeEscape(r))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// likeEscape makes s match itself in a LIKE pattern escaped with '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// paymentOrders are the columns each sort of the payments list orders by.
var paymentOrders = map[string][]string{
	"date":      {"p.date", "p.id"},
	"client":    {"c.name_key", "p.date", "p.id"},
	"amount":    {"p.currency", "p.amount_minor", "p.id"},
	"method":    {"p.method", "p.date", "p.id"},
	"reference": {"p.reference COLLATE NOCASE", "p.id"},
}

func (s *paymentService) FindPayments(ctx context.Context, f domain.PaymentFilter) ([]*domain.Payment, error) {
	var out []*domain.Payment
	err := s.b.read(ctx, "read the payments", func(q queryer) error {
		where, args := paymentWhere(f)
		cols, desc := orderColumns(paymentOrders, f.Sort, f.Desc, []string{"p.date", "p.id"}, true)
		where, args, offset, err := startAfter(ctx, q, `payments p JOIN clients c ON c.id = p.client_id`, "p.id", cols, desc, f.After, where, args, f.Offset)
		if err != nil {
			return err
		}
		rest, args := pageClause(where+orderClause(cols, desc), args, offset, f.Limit)
		out, err = readPayments(ctx, q, rest, args...)
		return err
	})
	return out, err
}

func (s *paymentService) CountPayments(ctx context.Context, f domain.PaymentFilter) (int, error) {
	where, args := paymentWhere(f)
	var n int
	if err := s.b.db.QueryRowContext(ctx, `SELECT count(*) FROM payments p`+where, args...).Scan(&n); err != nil {
		return 0, domain.Internal("count the payments", err)
	}
	return n, nil
}

// checkPayment checks a validated payment against the book inside the
// transaction that will store it: the client exists, and every allocation goes
// to an issued invoice of that client in the payment's currency with at least
// its amount open. What is open counts every other payment's allocations and
// every issued credit note, whatever their dates; the payment's own stored
// allocations (p.ID, when it is being replaced) do not count. It fills in the
// client's name and the invoices' numbers.
func checkPayment(ctx context.Context, tx *Tx, p *domain.Payment) error {
	c, err := namedClient(ctx, tx, p.ClientID, "Payment", "choose the client who paid")
	if err != nil {
		return err
	}
	p.ClientName = c.Name
	if len(p.Allocations) == 0 {
		return nil
	}
	var ids []int64
	for _, a := range p.Allocations {
		if a.DocumentID != 0 {
			ids = append(ids, a.DocumentID)
		}
	}
	targets := map[int64]domain.AllocationTarget{}
	if len(ids) > 0 {
		bs, err := balances(ctx, tx, domain.Date{}, p.ID, `d.id IN (`+placeholders(len(ids))+`)`, "", idArgs(ids)...)
		if err != nil {
			return err
		}
		for _, x := range bs {
			targets[x.id] = domain.AllocationTarget{Kind: x.kind, Status: x.status, ClientID: x.clientID, Item: x.item()}
		}
	}
	for i := range p.Allocations {
		a := &p.Allocations[i]
		a.PaymentID = p.ID
		if t, ok := targets[a.DocumentID]; ok && t.Item.Number != "" {
			a.DocumentNumber = t.Item.Number
		}
	}
	return domain.CheckAllocationTargets(p, targets)
}

// insertAllocations stores the payment's allocations, setting their IDs.
func insertAllocations(ctx context.Context, tx *Tx, p *domain.Payment) error {
	if len(p.Allocations) == 0 {
		return nil
	}
	for i := range p.Allocations {
		a := &p.Allocations[i]
		amount, err := money.Money{Amount: a.Amount, Currency: p.Amount.Currency}.Minor()
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO allocations (payment_id, document_id, amount_minor) VALUES (?, ?, ?)`, p.ID, a.DocumentID, amount)
		if err != nil {
			return err
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		a.PaymentID = p.ID
	}
	ids := make([]int64, len(p.Allocations))
	for i, a := range p.Allocations {
		ids[i] = a.DocumentID
	}
	return keepOpen(tx, ids...)
}

// writePayment writes a checked payment's fields over its row and replaces its
// allocations. The old allocations go first: a payment's client and currency
// may only change while it has none. The invoices they went to keep their
// open amounts up to date, as do the new ones (insertAllocations).
func writePayment(ctx context.Context, tx *Tx, p *domain.Payment) error {
	amount, err := p.Amount.Minor()
	if err != nil {
		return err
	}
	old, err := allocatedDocuments(tx, p.ID)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM allocations WHERE payment_id = ?`, p.ID); err != nil {
		return err
	}
	if err := keepOpen(tx, old...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE payments SET client_id = ?, date = ?, amount_minor = ?, currency = ?, method = ?,
		reference = ?, note = ?, updated_at = ? WHERE id = ?`,
		p.ClientID, p.Date.String(), amount, p.Amount.Currency, string(p.Method), p.Reference, p.Note,
		timestamp(p.UpdatedAt), p.ID); err != nil {
		return err
	}
	if err := insertAllocations(ctx, tx, p); err != nil {
		return err
	}
	return keepPaymentOpen(tx, p.ID)
}

func (s *paymentService) CreatePayment(ctx context.Context, p *domain.Payment) error {
	p.ID = 0
	if err := p.Validate(); err != nil {
		return err
	}
	amount, err := p.Amount.Minor()
	if err != nil {
		return err
	}
	err = s.b.write(ctx, "save the payment", func(tx *Tx) error {
		if err := checkPayment(ctx, tx, p); err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = tx.now, tx.now
		return insertPayment(tx, p, amount)
	})
	if err != nil {
		p.ID = 0
	}
	return err
}

// insertPayment stores a checked new payment of amount minor units, with its
// CreatedAt and UpdatedAt and its allocations, sets their IDs and audits it.
func insertPayment(tx *Tx, p *domain.Payment, amount int64) error {
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO payments (client_id, date, amount_minor, currency, method, reference, note,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ClientID, p.Date.String(), amount, p.Amount.Currency, string(p.Method), p.Reference, p.Note,
		timestamp(p.CreatedAt), timestamp(p.UpdatedAt))
	if err != nil {
		return err
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := insertAllocations(tx.ctx, tx, p); err != nil {
		return err
	}
	if err := keepPaymentOpen(tx, p.ID); err != nil {
		return err
	}
	return tx.audit("payment", p.ID, actionCreate, nil, p)
}

func (s *paymentService) UpdatePayment(ctx context.Context, p *domain.Payment) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the payment", func(tx *Tx) error {
		before, err := findPayment(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if !before.Amount.Equal(p.Amount) {
			why, err := paymentBanked(ctx, tx, p.ID)
			if err != nil {
				return err
			}
			if why != "" {
				msg := fmt.Sprintf("the amount cannot change: %s", why)
				return &domain.Error{Code: domain.ECONFLICT, Message: "Payment not saved: " + msg + ".",
					Fields: map[string]string{"amount": msg}}
			}
		}
		if err := checkPayment(ctx, tx, p); err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = before.CreatedAt, tx.now
		if err := writePayment(ctx, tx, p); err != nil {
			return err
		}
		if err := checkRefundsCovered(ctx, tx, before.ClientID, before.Amount.Currency); err != nil {
			return err
		}
		return tx.audit("payment", p.ID, actionUpdate, before, p)
	})
}

func (s *paymentService) SetAllocations(ctx context.Context, paymentID int64, allocs []domain.Allocation) error {
	return s.b.write(ctx, "allocate the payment", func(tx *Tx) error {
		p, err := findPayment(ctx, tx, paymentID)
		if err != nil {
			return err
		}
		before := *p
		p.Allocations = make([]domain.Allocation, len(allocs))
		for i, a := range allocs {
			p.Allocations[i] = domain.Allocation{PaymentID: paymentID, DocumentID: a.DocumentID, DocumentNumber: a.DocumentNumber, Amount: a.Amount}
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if err := checkPayment(ctx, tx, p); err != nil {
			return err
		}
		p.UpdatedAt = tx.now
		if err := writePayment(ctx, tx, p); err != nil {
			return err
		}
		if err := checkRefundsCovered(ctx, tx, p.ClientID, p.Amount.Currency); err != nil {
			return err
		}
		return tx.audit("payment", paymentID, "allocate", &before, p)
	})
}

func (s *paymentService) DeletePayment(ctx context.Context, id int64) error {
	return s.b.write(ctx, "delete the payment", func(tx *Tx) error {
		before, err := findPayment(ctx, tx, id)
		if err != nil {
			return err
		}
		if why, err := paymentBanked(ctx, tx, id); err != nil || why != "" {
			if err != nil {
				return err
			}
			return domain.Errorf(domain.ECONFLICT, "Payment %d cannot be deleted: %s. Reopen the statement line first.", id, why)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM payments WHERE id = ?`, id); err != nil {
			return err
		}
		paid := make([]int64, len(before.Allocations))
		for i, a := range before.Allocations {
			paid[i] = a.DocumentID
		}
		if err := keepOpen(tx, paid...); err != nil {
			return err
		}
		if err := checkRefundsCovered(ctx, tx, before.ClientID, before.Amount.Currency); err != nil {
			return err
		}
		return tx.audit("payment", id, actionDelete, before, nil)
	})
}

func (s *paymentService) OpenItems(ctx context.Context, clientID int64, currency string, asOf domain.Date, exceptPayment int64) ([]domain.OpenItem, error) {
	where := `d.client_id = ? AND d.kind = 'invoice' AND d.status = 'issued' AND d.issue_date <= ?`
	args := []any{clientID, asOfText(asOf)}
	if c := strings.ToUpper(strings.TrimSpace(currency)); c != "" {
		where += ` AND d.currency = ?`
		args = append(args, c)
	}
	bs, err := balances(ctx, s.b.db, domain.Date{}, exceptPayment, where,
		` ORDER BY coalesce(nullif(d.due_date, ''), d.issue_date), d.issue_date, d.number, d.id`, args...)
	if err != nil {
		return nil, domain.Internal("read the open invoices", err)
	}
	var out []domain.OpenItem
	for _, x := range bs {
		if x.open().IsPositive() {
			out = append(out, x.item())
		}
	}
	return out, nil
}

// keptOpenWhere keeps the invoices d of a currency whose kept open amount
// holds on a day (the parameters): the receivables' and the aging sums'.
const keptOpenWhere = `d.open_minor <> 0 AND d.currency = ? AND d.open_since <= ?`

// receivablesQueries are the queries behind receivables: the invoices whose
// kept open amount holds on asOf (through documents_open), those whose open
// amount changed after it, worked out from their rows (through
// documents_open_since), each client's unapplied payments as kept (through
// payments_unapplied) and, worked out from the rows, those received by asOf
// and allocated to an invoice issued after it (payments_applied_since), and
// each client's refunds.
//
// With a client, every query reads that client's rows through an index that
// starts with the client (documents_open, documents_by_client_state,
// payments_by_client, refunds_by_client) rather than the book's rows changed
// since asOf: a refund's credit check as of its day, on a book of a million
// invoices, otherwise read every invoice and payment changed since that day.
// A unary + on a column keeps SQLite from ranging over the day-first index
// instead. The terms added for a client are implied by the others (only an
// issued invoice has an open_since; a payment's applied_since is on or after
// its date).
//
// With creditsOnly the kept invoices are only those overpaid or
// over-credited (through documents_overpaid): what the credits need.
func receivablesQueries(currency string, asOf domain.Date, clientID int64, creditsOnly bool) (kept, changed, unapplied, appliedLater, refunded query) {
	at := asOfText(asOf)
	kept = query{`SELECT d.id, d.client_id, c.name, coalesce(d.number, ''), d.due_date, d.open_minor
		FROM documents d JOIN clients c ON c.id = d.client_id
		WHERE ` + keptOpenWhere, []any{currency, at}}
	if creditsOnly {
		kept.sql = strings.Replace(kept.sql, "d.open_minor <> 0", "d.open_minor < 0", 1)
	}
	unapplied = query{`SELECT p.client_id, c.name, sum(p.unapplied_minor) FROM payments p JOIN clients c ON c.id = p.client_id
		WHERE p.unapplied_minor <> 0 AND p.currency = ? AND p.applied_since <= ? GROUP BY p.client_id`, []any{currency, at}}
	laterSum := `SELECT p.client_id, c.name, sum(p.amount_minor - coalesce((SELECT sum(a.amount_minor) FROM allocations a
			JOIN documents d ON d.id = a.document_id WHERE a.payment_id = p.id AND d.issue_date <= ?), 0))
		FROM payments p JOIN clients c ON c.id = p.client_id`
	refundSum := `SELECT r.client_id, c.name, sum(r.amount_minor) FROM refunds r JOIN clients c ON c.id = r.client_id`
	if clientID == 0 {
		changed = balancesQuery(asOf, 0, `d.open_since <> '' AND d.open_since > ? AND d.currency = ? AND d.issue_date <= ?`, "",
			at, currency, at)
		appliedLater = query{laterSum + ` WHERE p.currency = ? AND p.applied_since > ? AND +p.date <= ? GROUP BY p.client_id`,
			[]any{at, currency, at, at}}
		refunded = query{refundSum + ` WHERE r.currency = ? AND r.date <= ? GROUP BY r.client_id`, []any{currency, at}}
		return
	}
	kept.sql += ` AND d.client_id = ?`
	kept.args = append(kept.args, clientID)
	changed = balancesQuery(asOf, 0, `d.client_id = ? AND d.kind = 'invoice' AND d.status = 'issued' AND d.currency = ?
		AND d.issue_date <= ? AND d.open_since <> '' AND +d.open_since > ?`, "", clientID, currency, at, at)
	unapplied = query{`SELECT p.client_id, c.name, sum(p.unapplied_minor) FROM payments p JOIN clients c ON c.id = p.client_id
		WHERE p.client_id = ? AND p.date <= ? AND +p.unapplied_minor <> 0 AND +p.currency = ? AND +p.applied_since <= ?
		GROUP BY p.client_id`, []any{clientID, at, currency, at}}
	appliedLater = query{laterSum + ` WHERE p.client_id = ? AND p.date <= ? AND +p.currency = ? AND +p.applied_since > ?
		GROUP BY p.client_id`, []any{at, clientID, at, currency, at}}
	refunded = query{refundSum + ` WHERE r.client_id = ? AND r.date <= ? AND +r.currency = ? GROUP BY r.client_id`,
		[]any{clientID, at, currency}}
	return
}

// receivables reads what is owed in one currency as of asOf (all clients, or
// one): every invoice issued by then with something open on it then, by
// document ID, and each client's unapplied credit then. Credit is the part of
// its payments received by then not yet allocated to an invoice issued by
// then, plus whatever was paid and credited on an invoice beyond its total,
// less what was refunded by then. The open amounts are the kept ones (see
// openamounts.go) except on invoices paid or credited after asOf.
func receivables(ctx context.Context, q queryer, currency string, asOf domain.Date, clientID int64, creditsOnly bool) ([]domain.AgingItem, map[int64]domain.ClientCredit, error) {
	keptQ, changedQ, unappliedQ, appliedLaterQ, refundedQ := receivablesQueries(currency, asOf, clientID, creditsOnly)
	items, err := agingItems(ctx, q, currency, keptQ, changedQ)
	if err != nil {
		return nil, nil, err
	}
	credits := clientCredits{}
	for _, it := range items {
		if it.Open.IsNegative() {
			credits.add(it.ClientID, it.ClientName, it.Open.Neg())
		}
	}
	if err := credits.read(ctx, q, currency, unappliedQ, appliedLaterQ, refundedQ); err != nil {
		return nil, nil, err
	}
	return items, credits, nil
}

// agingItems reads the invoices of keptQ (with their kept open amounts) and
// of changedQ (worked out from their rows), by document ID.
func agingItems(ctx context.Context, q queryer, currency string, keptQ, changedQ query) ([]domain.AgingItem, error) {
	var items []domain.AgingItem
	rows, err := q.QueryContext(ctx, keptQ.sql, keptQ.args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var it domain.AgingItem
		var due string
		var open int64
		if err := rows.Scan(&it.DocumentID, &it.ClientID, &it.ClientName, &it.Number, &due, &open); err != nil {
			rows.Close()
			return nil, err
		}
		if due != "" {
			if it.DueDate, err = domain.ParseDate(due); err != nil {
				rows.Close()
				return nil, err
			}
		}
		m, err := money.FromMinor(open, currency)
		if err != nil {
			rows.Close()
			return nil, err
		}
		it.Open = m.Amount
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	changed, err := changedItems(ctx, q, changedQ)
	if err != nil {
		return nil, err
	}
	items = append(items, changed...)
	slices.SortFunc(items, func(a, b domain.AgingItem) int { return cmp.Compare(a.DocumentID, b.DocumentID) })
	return items, nil
}

// changedItems reads the invoices of changedQ, a balancesQuery, with what
// was open on them as worked out from their rows.
func changedItems(ctx context.Context, q queryer, changedQ query) ([]domain.AgingItem, error) {
	bs, err := readBalances(ctx, q, changedQ)
	if err != nil {
		return nil, err
	}
	items := make([]domain.AgingItem, 0, len(bs))
	for _, x := range bs {
		items = append(items, domain.AgingItem{ClientID: x.clientID, ClientName: x.clientName, DocumentID: x.id,
			Number: x.number, DueDate: x.due, Open: x.open()})
	}
	return items, nil
}

// clientCredits is each client's unapplied credit, by client ID.
type clientCredits map[int64]domain.ClientCredit

func (credits clientCredits) add(id int64, name string, amount decimal.Decimal) {
	c := credits[id]
	if c.Amount.IsZero() {
		c = domain.ClientCredit{ClientName: name, Amount: decimal.Zero}
	}
	c.Amount = c.Amount.Add(amount)
	credits[id] = c
}

// read adds the unapplied payments and those applied later, and takes off
// what was refunded: queries of (client ID, name, minor units) rows.
func (credits clientCredits) read(ctx context.Context, q queryer, currency string, unappliedQ, appliedLaterQ, refundedQ query) error {
	for _, part := range []struct {
		q    query
		sign int64
	}{{unappliedQ, 1}, {appliedLaterQ, 1}, {refundedQ, -1}} {
		rows, err := q.QueryContext(ctx, part.q.sql, part.q.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, minor int64
			var name string
			if err := rows.Scan(&id, &name, &minor); err != nil {
				rows.Close()
				return err
			}
			m, err := money.FromMinor(part.sign*minor, currency)
			if err != nil {
				rows.Close()
				return err
			}
			credits.add(id, name, m.Amount)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// agingSumsQuery sums the kept open amounts of the whole book's invoices in
// currency as of asOf per client, one column per bucket of starts (see
// domain.AgingBuckets.Starts) and a last one of what is negative (overpaid
// or over-credited: the client's credit), along the covering index
// documents_open in client order, so SQLite adds up each client's rows
// without sorting them and hands back a row a client rather than a row an
// invoice. Its rows are the client, its name, then the columns.
func agingSumsQuery(currency string, asOf domain.Date, starts []domain.Date) query {
	var cols []string
	var args []any
	prev := ""
	for i, s := range starts {
		day := asOfText(s)
		if i == 0 {
			cols = append(cols, `sum(CASE WHEN d.open_minor > 0 AND (d.due_date = '' OR d.due_date >= ?) THEN d.open_minor ELSE 0 END)`)
			args = append(args, day)
		} else {
			cols = append(cols, `sum(CASE WHEN d.open_minor > 0 AND d.due_date <> '' AND d.due_date < ? AND d.due_date >= ? THEN d.open_minor ELSE 0 END)`)
			args = append(args, prev, day)
		}
		prev = day
	}
	cols = append(cols, `sum(CASE WHEN d.open_minor > 0 AND d.due_date <> '' AND d.due_date < ? THEN d.open_minor ELSE 0 END)`,
		`sum(CASE WHEN d.open_minor < 0 THEN d.open_minor ELSE 0 END)`)
	args = append(args, prev, currency, asOfText(asOf))
	names := make([]string, len(cols))
	for i := range cols {
		names[i] = fmt.Sprintf("s.b%d", i)
		cols[i] += fmt.Sprintf(" AS b%d", i)
	}
	return query{`SELECT s.client_id, c.name, ` + strings.Join(names, ", ") + ` FROM (
		SELECT d.client_id, ` + strings.Join(cols, ",\n\t\t\t") + `
		FROM documents d INDEXED BY documents_open
		WHERE ` + keptOpenWhere + ` GROUP BY d.client_id) s
		JOIN clients c ON c.id = s.client_id`, args}
}

// agingSums reads what the whole book is owed in currency as of asOf, per
// client and bucket of edges, and each client's credit then: what receivables
// reads, summed by SQLite where the open amounts are kept (agingSumsQuery)
// rather than read an invoice at a time — on a book of a million invoices
// there are tens of thousands open — and bucketed here for the few invoices
// paid or credited after asOf.
func agingSums(ctx context.Context, q queryer, currency string, asOf domain.Date, edges domain.AgingBuckets) ([]domain.AgingSum, map[int64]domain.ClientCredit, error) {
	_, changedQ, unappliedQ, appliedLaterQ, refundedQ := receivablesQueries(currency, asOf, 0, false)
	starts := edges.Starts(asOf)
	sq := agingSumsQuery(currency, asOf, starts)
	credits := clientCredits{}
	var sums []domain.AgingSum
	rows, err := q.QueryContext(ctx, sq.sql, sq.args...)
	if err != nil {
		return nil, nil, err
	}
	minor := make([]int64, len(starts)+2)
	dest := make([]any, 0, len(minor)+2)
	for rows.Next() {
		var id int64
		var name string
		dest = append(dest[:0], &id, &name)
		for i := range minor {
			dest = append(dest, &minor[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return nil, nil, err
		}
		for i, m := range minor {
			if m == 0 {
				continue
			}
			v, err := money.FromMinor(m, currency)
			if err != nil {
				rows.Close()
				return nil, nil, err
			}
			if i == len(minor)-1 {
				credits.add(id, name, v.Amount.Neg())
				continue
			}
			sums = append(sums, domain.AgingSum{ClientID: id, ClientName: name, Bucket: i, Open: v.Amount})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	changed, err := changedItems(ctx, q, changedQ)
	if err != nil {
		return nil, nil, err
	}
	for _, it := range changed {
		if it.Open.IsNegative() {
			credits.add(it.ClientID, it.ClientName, it.Open.Neg())
		} else {
			sums = append(sums, domain.AgingSum{ClientID: it.ClientID, ClientName: it.ClientName,
				Bucket: edges.Bucket(it.DueDate, asOf), Open: it.Open})
		}
	}
	if err := credits.read(ctx, q, currency, unappliedQ, appliedLaterQ, refundedQ); err != nil {
		return nil, nil, err
	}
	return sums, credits, nil
}

// reportCurrency checks the currency a report is asked for.
func reportCurrency(currency string) (string, error) {
	c, err := money.LookupCurrency(currency)
	if err != nil {
		return "", &domain.Error{Code: domain.EINVALID, Message: "Choose the report's currency: " + err.Error() + ".",
			Fields: map[string]string{"currency": err.Error()}}
	}
	return c.Code, nil
}

func (s *paymentService) Aging(ctx context.Context, asOf domain.Date, currency string, edges domain.AgingBuckets) (domain.AgingReport, error) {
	cur, err := reportCurrency(currency)
	if err != nil {
		return domain.AgingReport{}, err
	}
	if len(edges) > 0 {
		if err := edges.Validate(); err != nil {
			return domain.AgingReport{}, err
		}
	}
	if asOf.IsZero() {
		asOf = domain.Today()
	}
	var rep domain.AgingReport
	err = s.b.read(ctx, "age the receivables", func(q queryer) error {
		sums, credits, err := agingSums(ctx, q, cur, asOf, edges)
		if err != nil {
			return err
		}
		rep = domain.AgeSums(sums, credits, asOf, edges)
		return nil
	})
	return rep, err
}

func (s *paymentService) Overdue(ctx context.Context, currency string, asOf domain.Date) ([]domain.AgingItem, error) {
	cur, err := reportCurrency(currency)
	if err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		asOf = domain.Today()
	}
	var out []domain.AgingItem
	err = s.b.read(ctx, "list what is overdue", func(q queryer) error {
		keptQ, changedQ, _, _, _ := receivablesQueries(cur, asOf, 0, false)
		// Only the kept invoices past due: on a large book most open ones.
		keptQ.sql += ` AND d.open_minor > 0 AND d.due_date <> '' AND d.due_date < ?`
		keptQ.args = append(keptQ.args, asOfText(asOf))
		items, err := agingItems(ctx, q, cur, keptQ, changedQ)
		if err != nil {
			return err
		}
		out = domain.Overdue(items, asOf, domain.OverdueLargest)
		return nil
	})
	return out, err
}

func (s *paymentService) ClientBalance(ctx context.Context, clientID int64, currency string, asOf domain.Date) (domain.ClientBalance, error) {
	cur, err := reportCurrency(currency)
	if err != nil {
		return domain.ClientBalance{}, err
	}
	if asOf.IsZero() {
		asOf = domain.Today()
	}
	bal := domain.ClientBalance{ClientID: clientID, Currency: cur, Owed: decimal.Zero, Overdue: decimal.Zero,
		Credit: decimal.Zero, Net: decimal.Zero}
	err = s.b.read(ctx, "read the client's balance", func(q queryer) error {
		if _, err := findClient(ctx, q, clientID); err != nil {
			return err
		}
		items, credits, err := receivables(ctx, q, cur, asOf, clientID, false)
		if err != nil {
			return err
		}
		for _, r := range domain.Age(items, credits, asOf, nil).Rows {
			bal.Owed, bal.Overdue = r.Total, r.Total.Sub(r.Buckets[0])
			bal.Credit, bal.Net = r.Credits, r.Net
		}
		return nil
	})
	return bal, err
}

// statusChunk bounds the IDs in one PaymentStatus query.
const statusChunk = 500

func (s *paymentService) PaymentStatus(ctx context.Context, asOf domain.Date, documentIDs ...int64) (map[int64]domain.DocumentPayment, error) {
	if asOf.IsZero() {
		asOf = domain.Today()
	}
	out := make(map[int64]domain.DocumentPayment, len(documentIDs))
	err := s.b.read(ctx, "read the payment status", func(q queryer) error {
		for start := 0; start < len(documentIDs); start += statusChunk {
			ids := documentIDs[start:min(start+statusChunk, len(documentIDs))]
			bs, err := balances(ctx, q, asOf, 0, `d.id IN (`+placeholders(len(ids))+`)`, "", idArgs(ids)...)
			if err != nil {
				return err
			}
			held, err := heldInvoices(ctx, q, ids)
			if err != nil {
				return err
			}
			for _, x := range bs {
				dp := domain.DocumentPayment{DocumentID: x.id, Total: x.total, Paid: decimal.Zero, Credited: decimal.Zero,
					Open: decimal.Zero}
				if x.kind == domain.KindInvoice && x.status == domain.DocIssued {
					dp.Paid, dp.Credited, dp.Open = x.paid, x.credited, x.open()
				}
				dp.State = disputed(domain.PaymentStatus(x.kind, x.status, x.total, dp.Open, x.due, asOf), dp.Open, held[x.id])
				out[x.id] = dp
			}
		}
		return nil
	})
	return out, err
}
