package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// payments records what the clients paid on the issued invoices, the way a
// real ledger looks: most invoices paid in full within their terms, some
// late (up to 90 days past due), some in part, about one in ten never, and a
// few overpaid so the client has credit with us. Nothing is dated after
// today, so the newest invoices are still open and some older ones are
// overdue. Each payment goes through the PaymentService with its allocation.
func payments(ctx context.Context, book domain.Book, buyers []*domain.Client, rng *rand.Rand, today domain.Date) error {
	// Every invoice is a buyer's, in the buyer's currency. (Reading the
	// buyers off the issued invoices instead took a page at a time by
	// offset, which at a million invoices read hundreds of millions of rows.)
	type key struct {
		client   int64
		currency string
	}
	keys := make([]key, 0, len(buyers))
	for _, c := range buyers {
		keys = append(keys, key{c.ID, c.Currency})
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].client != keys[j].client {
			return keys[i].client < keys[j].client
		}
		return keys[i].currency < keys[j].currency
	})

	var plans []*domain.Payment
	for _, k := range keys {
		open, err := book.Payments().OpenItems(ctx, k.client, k.currency, domain.Date{}, 0)
		if err != nil {
			return err
		}
		for _, o := range open {
			if p := planPayment(rng, k.client, o, today); p != nil {
				plans = append(plans, p)
			}
		}
	}
	// Stored in the order the money arrived, as it would have been typed in.
	sort.SliceStable(plans, func(i, j int) bool { return plans[i].Date.Before(plans[j].Date) })
	err := inBatches(ctx, book, len(plans), func(ctx context.Context, i int) error {
		p := plans[i]
		if err := book.Payments().CreatePayment(ctx, p); err != nil {
			return fmt.Errorf("demo payment for %s: %w", p.Allocations[0].DocumentNumber, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Every third overpayment was paid back a week later at the client's
	// request; the others stay as credit.
	overpaid := 0
	var refunds []*domain.Refund
	for _, p := range plans {
		extra := p.Unapplied()
		on := p.Date.AddDays(7)
		if !extra.IsPositive() || on.After(today) {
			continue
		}
		if overpaid++; overpaid%3 != 1 {
			continue
		}
		r := &domain.Refund{ClientID: p.ClientID, Date: on, Amount: money.Money{Amount: extra, Currency: p.Amount.Currency},
			Method: domain.MethodBankTransfer, Reference: "Refund of overpayment " + p.Reference}
		refunds = append(refunds, r)
	}
	return inBatches(ctx, book, len(refunds), func(ctx context.Context, i int) error {
		if err := book.Payments().CreateRefund(ctx, refunds[i]); err != nil {
			return fmt.Errorf("demo refund (%s): %w", refunds[i].Reference, err)
		}
		return nil
	})
}

// planPayment decides how the invoice o was paid, returning the payment with
// its allocation, or nil when nothing was received by today.
func planPayment(rng *rand.Rand, clientID int64, o domain.OpenItem, today domain.Date) *domain.Payment {
	cur, err := money.LookupCurrency(o.Currency)
	if err != nil {
		return nil
	}
	due := o.DueDate
	if due.IsZero() {
		due = o.IssueDate
	}
	terms := max(o.IssueDate.DaysUntil(due), 0)
	onTime := func() domain.Date { return o.IssueDate.AddDays(rng.IntN(terms + 1)) }
	late := func() domain.Date { return due.AddDays(1 + rng.IntN(90)) }

	amount := o.Open
	var date domain.Date
	note := ""
	switch r := rng.IntN(100); {
	case r < 10: // never paid
		return nil
	case r < 65:
		date = onTime()
	case r < 83:
		date = late()
	case r < 95: // part of it, on time or late
		pct := decimal.NewFromInt(int64(30 + rng.IntN(51)))
		amount = o.Open.Mul(pct).Div(decimal.NewFromInt(100)).RoundDown(cur.Exponent)
		if !amount.IsPositive() {
			return nil
		}
		date = onTime()
		if rng.IntN(2) == 0 {
			date = late()
		}
		note = "Part payment; the client says the rest follows."
	default: // more than was owed: the rest is credit
		extra := o.Open.Mul(decimal.NewFromInt(int64(1 + rng.IntN(10)))).Div(decimal.NewFromInt(100)).Round(0)
		amount = o.Open.Add(decimal.Max(extra, decimal.NewFromInt(1)))
		date = onTime()
		note = "Paid more than invoiced; the difference is kept as credit."
	}
	if date.After(today) {
		return nil
	}
	method := domain.MethodBankTransfer
	ref := "TRF " + o.Number
	switch r := rng.IntN(100); {
	case r < 15:
		method, ref = domain.MethodCard, fmt.Sprintf("Card ending %04d", rng.IntN(10000))
	case r < 23:
		method, ref = domain.MethodCheque, fmt.Sprintf("Cheque %06d", rng.IntN(1000000))
	case r < 27:
		method, ref = domain.MethodCash, "Receipt "+o.Number
	case r < 30:
		method, ref = domain.MethodOther, "Offset against supplier invoice"
	}
	p := &domain.Payment{ClientID: clientID, Date: date, Amount: money.Money{Amount: amount, Currency: cur.Code},
		Method: method, Reference: ref, Note: note}
	allocs, err := domain.AutoAllocate(p, []domain.OpenItem{o})
	if err != nil || len(allocs) == 0 {
		return nil
	}
	p.Allocations = allocs
	return p
}
