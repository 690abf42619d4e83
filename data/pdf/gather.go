package pdf

import (
	"context"

	"clientbook/domain"
)

// Gather collects what document d's PDF shows from the book. An issued
// document is printed as it was issued: its bill-to and issuer snapshots win
// over the client's and the company's current details (the logo is today's).
func Gather(ctx context.Context, book domain.Book, d *domain.Document) (Input, error) {
	c, err := book.Clients().FindClientByID(ctx, d.ClientID)
	if err != nil {
		return Input{}, err
	}
	co, err := book.Company().Company(ctx)
	if err != nil {
		return Input{}, err
	}
	t, err := d.Totals()
	if err != nil {
		return Input{}, err
	}
	if p := d.BillTo; p != nil {
		snap := *c
		snap.Name, snap.TaxID, snap.Billing = p.Name, p.TaxID, p.Address
		c = &snap
	}
	if p := d.Issuer; p != nil {
		co.Name, co.TaxID, co.Email, co.Phone, co.Address, co.PaymentInfo = p.Name, p.TaxID, p.Email, p.Phone, p.Address, p.PaymentInfo
	}
	in := Input{Company: co, Client: c, Doc: d, Totals: t}
	if d.CreditFor != 0 {
		inv, err := book.Documents().FindDocumentByID(ctx, d.CreditFor)
		if err != nil {
			return Input{}, err
		}
		in.CreditForNumber = inv.Number
	}
	return in, nil
}

// GatherStatement collects what a statement's PDF shows besides the
// statement itself: the company as it is now.
func GatherStatement(ctx context.Context, book domain.Book, st domain.Statement) (StatementInput, error) {
	co, err := book.Company().Company(ctx)
	if err != nil {
		return StatementInput{}, err
	}
	return StatementInput{Company: co, Statement: st}, nil
}
