package data

import (
	"context"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// The lists the screens sort by a header click sort in SQL by whitelisted
// keys; an unknown key keeps the usual order.
func TestListsSortByTheirKeys(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	var clients []*domain.Client
	for _, n := range []string{"Bravo", "alpha", "Charlie"} {
		c := newClient(n, "Kiel")
		if err := b.Clients().CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
		clients = append(clients, c)
	}
	for i, amount := range []string{"30", "100", "5"} {
		p := &domain.Payment{ClientID: clients[i].ID, Date: domain.NewDate(2027, 1, 1+i), Method: domain.MethodCash,
			Amount: money.Money{Amount: decimal.RequireFromString(amount), Currency: "EUR"}, Reference: []string{"b", "C", "a"}[i]}
		if err := b.Payments().CreatePayment(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	payments := func(f domain.PaymentFilter) string {
		ps, err := b.Payments().FindPayments(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range ps {
			out = append(out, p.ClientName)
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct {
		f    domain.PaymentFilter
		want string
	}{
		{domain.PaymentFilter{}, "Charlie,alpha,Bravo"},
		{domain.PaymentFilter{Sort: "date"}, "Bravo,alpha,Charlie"},
		{domain.PaymentFilter{Sort: "client"}, "alpha,Bravo,Charlie"},
		{domain.PaymentFilter{Sort: "client", Desc: true}, "Charlie,Bravo,alpha"},
		{domain.PaymentFilter{Sort: "amount"}, "Charlie,Bravo,alpha"},
		{domain.PaymentFilter{Sort: "reference"}, "Charlie,Bravo,alpha"},
		{domain.PaymentFilter{Sort: "amount; DROP TABLE payments"}, "Charlie,alpha,Bravo"},
		{domain.PaymentFilter{Sort: "amount", Desc: true, Offset: 1, Limit: 1}, "Bravo"},
	} {
		if got := payments(c.f); got != c.want {
			t.Errorf("%+v: %s, want %s", c.f, got, c.want)
		}
	}

	cat := b.Catalog()
	for i, code := range []string{"Z-1", "a-2", "M-3"} {
		it := &domain.Item{Code: code, Name: []string{"Widget", "bolt", "Anchor"}[i], Unit: "pc",
			UnitPrice: money.Money{Amount: decimal.NewFromInt(int64(10 - i)), Currency: "EUR"}}
		if err := cat.CreateItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	items := func(f domain.ItemFilter) string {
		its, err := cat.FindItems(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range its {
			out = append(out, it.Code)
		}
		return strings.Join(out, ",")
	}
	if got := items(domain.ItemFilter{}); got != "M-3,a-2,Z-1" {
		t.Errorf("items by name: %s", got)
	}
	if got := items(domain.ItemFilter{Sort: "code", Desc: true}); got != "Z-1,M-3,a-2" {
		t.Errorf("items by code, descending: %s", got)
	}
	if got := items(domain.ItemFilter{Sort: "price"}); got != "M-3,a-2,Z-1" {
		t.Errorf("items by price: %s", got)
	}
	if n, err := cat.CountItems(ctx, domain.ItemFilter{Search: "w"}); err != nil || n != 1 {
		t.Errorf("CountItems(w) = %d, %v", n, err)
	}
	if n, err := b.Outbox().CountMessages(ctx, domain.OutboxFilter{Unsent: true, Sort: "client"}); err != nil || n != 0 {
		t.Errorf("CountMessages = %d, %v", n, err)
	}
	if _, err := b.Outbox().FindMessages(ctx, domain.OutboxFilter{Sort: "sent", Desc: true}); err != nil {
		t.Errorf("outbox by sent: %v", err)
	}
	if _, err := b.Bank().FindBankLines(ctx, domain.BankLineFilter{Sort: "text"}); err != nil {
		t.Errorf("lines by text: %v", err)
	}
}
