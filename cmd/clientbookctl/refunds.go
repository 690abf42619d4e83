package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"clientbook/domain"
	"clientbook/domain/money"
)

// refundFlags names the flag of refunds add that sets each validated field.
var refundFlags = map[string]string{"client": "--client", "date": "--date", "amount": "--amount", "currency": "--currency",
	"method": "--method", "reference": "--reference"}

func runRefundsAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "refunds add")
	var clientName, amount, currency, method string
	r := &domain.Refund{}
	fs.StringVar(&clientName, "client", "", "the `NAME` of the client paid back (required)")
	fs.StringVar(&amount, "amount", "", "the `AMOUNT` paid back (required)")
	fs.Var(dateFlag{&r.Date}, "date", "the `DATE` the money went back, YYYY-MM-DD (required)")
	fs.StringVar(&currency, "currency", "", "ISO 4217 `CODE` (default: the client's currency)")
	fs.StringVar(&method, "method", string(domain.MethodBankTransfer), "bank-transfer, card, cash, cheque or other")
	fs.StringVar(&r.Reference, "reference", "", "the transfer's `REFERENCE`")
	fs.StringVar(&r.Note, "note", "", "a note")
	if err := parse(fs, args); err != nil {
		return err
	}
	r.Method = domain.PaymentMethod(method)
	if strings.TrimSpace(clientName) == "" {
		return domain.Errorf(domain.EINVALID, "--client: name the client the money goes back to.")
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	c, err := clientFlag(ctx, book.Clients(), clientName)
	if err != nil {
		return err
	}
	r.ClientID = c.ID
	if currency == "" {
		currency = c.Currency
	}
	if r.Amount, err = amountIn("--amount", amount, currency); err != nil {
		return err
	}
	if err := book.Payments().CreateRefund(ctx, r); err != nil {
		return atFlags(err, refundFlags)
	}
	asOf := domain.Today()
	if r.Date.After(asOf) {
		asOf = r.Date
	}
	bal, err := book.Payments().ClientBalance(ctx, c.ID, r.Amount.Currency, asOf)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "Refunded %s to %s on %s (refund %d); %s of credit is left.\n", r.Amount, c.Name, r.Date,
		r.ID, money.Money{Amount: bal.Credit, Currency: r.Amount.Currency})
	return err
}

func runRefundsList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "refunds list")
	var clientName string
	f := domain.RefundFilter{}
	fs.StringVar(&clientName, "client", "", "only the refunds to the client called `NAME`")
	fs.StringVar(&f.Currency, "currency", "", "only refunds in `CODE`")
	if err := parse(fs, args); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if clientName != "" {
		c, err := clientFlag(ctx, book.Clients(), clientName)
		if err != nil {
			return err
		}
		f.ClientID = c.ID
	}
	rs, err := book.Payments().FindRefunds(ctx, f)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		_, err := fmt.Fprintln(e.stdout, "No refunds.")
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tCLIENT\tAMOUNT\tMETHOD\tREFERENCE")
	for _, r := range rs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Date, r.ClientName, r.Amount, r.Method.Title(), r.Reference)
	}
	return tw.Flush()
}

func runRefundsDelete(ctx context.Context, e *env, args []string) error {
	return idAction(ctx, e, args, "refunds delete", "REFUND", "a refund", "Deleted refund %d; the credit is the client's again.\n",
		func(b domain.Book, id int64) error { return b.Payments().DeleteRefund(ctx, id) })
}
