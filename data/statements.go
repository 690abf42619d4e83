package data

import (
	"context"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// statementService implements domain.StatementService over the book. The
// opening balance and the aging come from the same receivables query as the
// aging report and ClientBalance, so a statement always agrees with them; the
// lines are the period's invoices, credit notes and payments, read by client
// through the indexes.
type statementService struct{ b *Book }

var _ domain.StatementService = (*statementService)(nil)

func (s *statementService) Statement(ctx context.Context, clientID int64, currency string, from, to domain.Date) (domain.Statement, error) {
	if err := domain.CheckStatementPeriod(from, to); err != nil {
		return domain.Statement{}, err
	}
	var st domain.Statement
	err := s.b.read(ctx, "draw up the statement", func(q queryer) error {
		c, err := findClient(ctx, q, clientID)
		if err != nil {
			return err
		}
		if strings.TrimSpace(currency) == "" {
			currency = c.Currency
		}
		cur, err := reportCurrency(currency)
		if err != nil {
			return err
		}
		opening, err := clientAging(ctx, q, cur, from.AddDays(-1), clientID)
		if err != nil {
			return err
		}
		lines, err := statementLines(ctx, q, clientID, cur, from, to)
		if err != nil {
			return err
		}
		st = domain.NewStatement(c, cur, from, to, opening.Net, lines)
		st.Aging, err = clientAging(ctx, q, cur, to, clientID)
		return err
	})
	return st, err
}

// clientAging is one client's aging in currency as of asOf, with the default
// buckets. Its Net is the client's balance then: owed less unapplied credit.
func clientAging(ctx context.Context, q queryer, currency string, asOf domain.Date, clientID int64) (domain.AgingReport, error) {
	items, credits, err := receivables(ctx, q, currency, asOf, clientID, false)
	if err != nil {
		return domain.AgingReport{}, err
	}
	return domain.Age(items, credits, asOf, nil), nil
}

// The queries of a statement's lines, each taking the client, the currency
// and the period's dates. Each is narrowed by an index on the client; the
// unary + keeps the planner from the currency and status indexes instead,
// which would read every client's rows of the period.
const (
	// statementInvoices takes the first and the last day.
	statementInvoices = `SELECT d.id, d.number, d.issue_date, d.due_date, d.po_number, d.total_minor
		FROM documents d WHERE d.client_id = ? AND d.kind = 'invoice' AND +d.status = 'issued' AND +d.currency = ?
		AND d.issue_date >= ? AND d.issue_date <= ?`
	// statementCredits takes the last day twice, then the first. A credit
	// note is always its invoice's client's; the invoice's client is what
	// receivables go by.
	statementCredits = `SELECT n.id, n.number, max(n.issue_date, i.issue_date), n.total_minor, i.number
		FROM documents n JOIN documents i ON i.id = n.credit_for
		WHERE n.client_id = ? AND n.kind = 'credit-note' AND +n.status = 'issued' AND n.issue_date <= ?
		AND i.client_id = n.client_id AND i.kind = 'invoice' AND i.status = 'issued' AND i.currency = ?
		AND i.issue_date <= ? AND max(n.issue_date, i.issue_date) >= ?`
	// statementPayments follows readPayments' FROM clause and takes the
	// first and the last day.
	statementPayments = ` WHERE p.client_id = ? AND +p.currency = ? AND p.date >= ? AND p.date <= ?`
)

// statementLines reads what changed the client's balance in currency from the
// start of from to the end of to, counted as receivables counts it: issued
// invoices on their issue date, payments on the day they arrived, and issued
// credit notes against issued invoices on the later of their own issue date
// and their invoice's (an invoice's credit only counts once the invoice does).
func statementLines(ctx context.Context, q queryer, clientID int64, currency string, from, to domain.Date) ([]domain.StatementLine, error) {
	lo, hi := from.String(), to.String()
	var out []domain.StatementLine
	amount := func(minor int64) (decimal.Decimal, error) {
		m, err := money.FromMinor(minor, currency)
		return m.Amount, err
	}

	rows, err := q.QueryContext(ctx, statementInvoices, clientID, currency, lo, hi)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		l := domain.StatementLine{Kind: domain.StatementInvoice, Credit: decimal.Zero}
		var date, due, po string
		var total int64
		if err := rows.Scan(&l.ID, &l.Reference, &date, &due, &po, &total); err != nil {
			rows.Close()
			return nil, err
		}
		if l.Date, err = domain.ParseDate(date); err == nil {
			l.Debit, err = amount(total)
		}
		if err != nil {
			rows.Close()
			return nil, err
		}
		l.Description = invoiceDescription(due, po)
		out = append(out, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = q.QueryContext(ctx, statementCredits, clientID, hi, currency, hi, lo)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		l := domain.StatementLine{Kind: domain.StatementCreditNote, Debit: decimal.Zero}
		var date, invoice string
		var total int64
		if err := rows.Scan(&l.ID, &l.Reference, &date, &total, &invoice); err != nil {
			rows.Close()
			return nil, err
		}
		if l.Date, err = domain.ParseDate(date); err == nil {
			l.Credit, err = amount(total)
		}
		if err != nil {
			rows.Close()
			return nil, err
		}
		l.Description = "For invoice " + invoice
		out = append(out, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	pays, err := readPayments(ctx, q, statementPayments, clientID, currency, lo, hi)
	if err != nil {
		return nil, err
	}
	for _, p := range pays {
		out = append(out, domain.StatementLine{Date: p.Date, Kind: domain.StatementPayment, ID: p.ID,
			Reference: p.Reference, Description: paymentDescription(p), Debit: decimal.Zero, Credit: p.Amount.Amount})
	}
	// Refunds pay credit back: what the client is owed goes down, so its
	// balance goes up.
	refunds, err := readRefunds(ctx, q, ` WHERE r.client_id = ? AND r.currency = ? AND r.date >= ? AND r.date <= ?`,
		clientID, currency, lo, hi)
	if err != nil {
		return nil, err
	}
	for _, r := range refunds {
		out = append(out, domain.StatementLine{Date: r.Date, Kind: domain.StatementRefund, ID: r.ID,
			Reference: r.Reference, Description: "Refund by " + strings.ToLower(r.Method.Title()), Debit: r.Amount.Amount,
			Credit: decimal.Zero})
	}
	return out, nil
}

// invoiceDescription says when an invoice falls due and its PO number:
// "Due 2027-02-09 · PO 4711".
func invoiceDescription(due, po string) string {
	var parts []string
	if due != "" {
		parts = append(parts, "Due "+due)
	}
	if po != "" {
		parts = append(parts, "PO "+po)
	}
	return strings.Join(parts, " · ")
}

// paymentDescription says how a payment was made and what it paid, as it is
// allocated now: "Bank transfer · INV-2027-00001, INV-2027-00002 · 50.00 on
// account".
func paymentDescription(p *domain.Payment) string {
	parts := []string{p.Method.Title()}
	var numbers []string
	for _, a := range p.Allocations {
		numbers = append(numbers, a.DocumentNumber)
	}
	if len(numbers) > 0 {
		parts = append(parts, strings.Join(numbers, ", "))
	}
	if u := p.Unapplied(); u.IsPositive() {
		parts = append(parts, fmt.Sprintf("%s on account", money.Money{Amount: u, Currency: p.Amount.Currency}.Format()))
	}
	return strings.Join(parts, " · ")
}
