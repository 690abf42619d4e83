package data

import (
	"context"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/demo"
	"clientbook/domain/money"
)

// TestIssueChecksReadOneClient holds the checks before issuing to the
// client's own documents and payments, found through the client's index:
// with an index on kind, status and currency SQLite read every issued invoice
// of the book, so issuing slowed down with each one ever issued (the demo's
// 20,000 invoices took eight minutes). The SQL is the one issueFacts runs; its
// answers are checked against the client's documents and payments summed
// here.
func TestIssueChecksReadOneClient(t *testing.T) {
	ctx := context.Background()
	b := openTemp(t)
	if err := demo.Fill(ctx, b, demo.Options{Clients: 30, Invoices: 200, Seed: 5, Today: domain.NewDate(2027, 6, 15)}); err != nil {
		t.Fatal(err)
	}
	for name, q := range map[string]string{"same PO": samePOQuery, "same total": sameTotalQuery, "open balance": clientOpenQuery} {
		plan := planOf(t, b, q, []any{1, 1, "EUR", 1, "2027-01-01", 1})
		for _, line := range strings.Split(plan, "\n") {
			if strings.HasPrefix(line, "SCAN ") && line != "SCAN CONSTANT ROW" ||
				strings.HasPrefix(line, "SEARCH ") && !strings.Contains(line, "_by_client (client_id=?") && !strings.Contains(line, "_by_client_state (client_id=?") {
				t.Errorf("%s: a step does not go through the client's index:\n%s", name, plan)
				break
			}
		}
	}

	// The facts for a draft of the client with the most invoices.
	var clientID int64
	var currency string
	if err := b.db.QueryRow(`SELECT client_id, currency FROM documents WHERE kind = 'invoice' AND status = 'issued'
		GROUP BY client_id, currency ORDER BY count(*) DESC, client_id LIMIT 1`).Scan(&clientID, &currency); err != nil {
		t.Fatal(err)
	}
	var number string
	var total int64
	var issued domain.Date
	var issuedText string
	if err := b.db.QueryRow(`SELECT number, total_minor, issue_date FROM documents WHERE client_id = ? AND currency = ? AND kind = 'invoice'
		AND status = 'issued' ORDER BY id LIMIT 1`, clientID, currency).Scan(&number, &total, &issuedText); err != nil {
		t.Fatal(err)
	}
	issued, _ = domain.ParseDate(issuedText)
	c, err := b.Clients().FindClientByID(ctx, clientID)
	if err != nil {
		t.Fatal(err)
	}
	co, err := b.Company().Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d := domain.NewDraft(domain.KindInvoice, c, co, issued)
	price, _ := money.FromMinor(total, currency)
	d.Currency = currency
	d.Lines = []domain.Line{{Description: "Same as before", Quantity: decimal.NewFromInt(1), UnitPrice: price.Amount}}
	facts, err := issueFacts(ctx, b.db, d)
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	if err := b.db.QueryRow(`SELECT
		(SELECT coalesce(sum(CASE kind WHEN 'invoice' THEN total_minor ELSE -total_minor END), 0) FROM documents
			WHERE client_id = ?1 AND currency = ?2 AND status = 'issued' AND kind IN ('invoice', 'credit-note')) -
		(SELECT coalesce(sum(amount_minor), 0) FROM payments WHERE client_id = ?1 AND currency = ?2)`, clientID, currency).Scan(&want); err != nil {
		t.Fatal(err)
	}
	m, err := money.New(facts.OpenBalance, currency)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := m.Minor(); got != want {
		t.Errorf("open balance of client %d in %s: got %d minor units, summed here %d", clientID, currency, got, want)
	}
	t.Logf("client %d: %d same-total invoices, open %s", clientID, len(facts.SameTotal), facts.OpenBalance)
	if len(facts.SameTotal) == 0 {
		t.Errorf("a draft with the total of %s on its issue date found no invoice with the same total", number)
	}
}
