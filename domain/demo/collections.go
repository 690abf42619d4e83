package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// maxChased is how many overdue invoices the demo's collection log chases.
const maxChased = 40

// collections writes the collection log of the overdue invoices still
// open, the way an account manager chases them: a call a week after the
// due date, then an email, and after that a promise to pay (some fall due
// today or were broken in the last weeks, some are still to come), now and
// then a dispute that holds the invoice back from the reminders, or a note.
func collections(ctx context.Context, book domain.Book, rng *rand.Rand, today domain.Date) error {
	rows, err := book.Documents().FindDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice,
		Status: domain.DocIssued, DueBefore: today.AddDays(-7), Limit: 400})
	if err != nil || len(rows) == 0 {
		return err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	st, err := book.Payments().PaymentStatus(ctx, today, ids...)
	if err != nil {
		return err
	}
	chased := 0
	for _, r := range rows {
		open := st[r.ID].Open
		if !open.IsPositive() || rng.IntN(3) == 0 {
			continue
		}
		if chased++; chased > maxChased {
			break
		}
		if err := chase(ctx, book, rng, today, r, open); err != nil {
			return fmt.Errorf("demo collection log for %s: %w", r.Number, err)
		}
	}
	return nil
}

// chase logs the steps taken on one overdue invoice with open money open.
func chase(ctx context.Context, book domain.Book, rng *rand.Rand, today domain.Date, r domain.DocumentRow, open decimal.Decimal) error {
	svc := book.Collections()
	cur, err := money.LookupCurrency(r.Total.Currency)
	if err != nil {
		return err
	}
	// add logs a step unless its day is still to come, saying whether it did.
	add := func(e domain.CollectionEntry) (bool, error) {
		if e.On.After(today) {
			return false, nil
		}
		e.ClientID, e.DocumentID = r.ClientID, r.ID
		return true, svc.AddCollectionEntry(ctx, &e)
	}
	on := r.DueDate.AddDays(5 + rng.IntN(5))
	if ok, err := add(domain.CollectionEntry{Kind: domain.CollectionCall, On: on,
		Text: fmt.Sprintf("Called accounts payable about %s; they will look into it.", r.Number)}); !ok || err != nil {
		return err
	}
	on = on.AddDays(3 + rng.IntN(7))
	if ok, err := add(domain.CollectionEntry{Kind: domain.CollectionEmail, On: on,
		Text: fmt.Sprintf("Sent a copy of %s with the bank details again.", r.Number)}); !ok || err != nil {
		return err
	}
	switch k := rng.IntN(10); {
	case k < 6: // a promise: kept or broken by the payments, or still to come
		made := on.AddDays(1 + rng.IntN(5))
		by := made.AddDays(4 + rng.IntN(14))
		amount := open
		text := "Promised to pay in full."
		if rng.IntN(3) == 0 {
			amount = open.Div(decimal.NewFromInt(2)).RoundDown(cur.Exponent)
			text = "Promised half now and the rest next month."
		}
		if !amount.IsPositive() {
			return nil
		}
		_, err = add(domain.CollectionEntry{Kind: domain.CollectionPromise, On: made, Text: text,
			PromisedDate: by, PromisedAmount: money.Money{Amount: amount, Currency: cur.Code}})
	case k < 8: // a dispute, which puts the invoice on hold
		_, err = add(domain.CollectionEntry{Kind: domain.CollectionDispute, On: on.AddDays(2),
			Text: "Disputes the hours billed; asked for the timesheets."})
	default:
		_, err = add(domain.CollectionEntry{Kind: domain.CollectionNote, On: on.AddDays(1),
			Text: "Their finance team is moving to a new system; payments run late this quarter."})
	}
	return err
}
