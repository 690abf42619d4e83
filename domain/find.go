package domain

import (
	"context"
	"fmt"
	"strings"
)

// HitKind is what a search hit is.
type HitKind string

// The kinds of hit, in the order a search lists them.
const (
	HitClient   HitKind = "client"
	HitDocument HitKind = "document"
	HitPayment  HitKind = "payment"
)

// Hit is one record that a search for everything found: what it is, its
// id, a title and a line of detail to show, and the payment itself for a
// payment (which is opened, not looked up again).
type Hit struct {
	Kind     HitKind
	ID       int64
	ClientID int64
	Title    string
	Detail   string
	Payment  *Payment
}

// FindEverything looks for q among clients (names, contacts and their
// emails, industry, city), documents (number, PO number, reference, client)
// and payments (reference), at most perKind of each, each through its
// service's indexed search. Nothing typed finds nothing.
func FindEverything(ctx context.Context, book Book, q string, perKind int) ([]Hit, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	var hits []Hit
	clients, err := book.Clients().FindClients(ctx, ClientFilter{Search: q, Limit: perKind})
	if err != nil {
		return nil, err
	}
	for _, c := range clients {
		detail := []string{"Client", c.Status.Title()}
		if c.City != "" {
			detail = append(detail, c.City)
		}
		if c.ContactName != "" {
			detail = append(detail, c.ContactName)
		}
		if c.ContactEmail != "" {
			detail = append(detail, c.ContactEmail)
		}
		hits = append(hits, Hit{Kind: HitClient, ID: c.ID, ClientID: c.ID, Title: c.Name, Detail: strings.Join(detail, " · ")})
	}
	docs, err := book.Documents().FindDocuments(ctx, DocumentFilter{Search: q, Limit: perKind})
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		title := d.Number
		if title == "" {
			title = "Draft " + strings.ToLower(d.Kind.Title())
		}
		detail := fmt.Sprintf("%s · %s · %s · %s", d.Kind.Title(), d.ClientName, d.IssueDate, d.Total)
		if d.PONumber != "" {
			detail += " · PO " + d.PONumber
		}
		hits = append(hits, Hit{Kind: HitDocument, ID: d.ID, ClientID: d.ClientID, Title: title, Detail: detail})
	}
	pays, err := book.Payments().FindPayments(ctx, PaymentFilter{Reference: q, Limit: perKind})
	if err != nil {
		return nil, err
	}
	for _, p := range pays {
		hits = append(hits, Hit{Kind: HitPayment, ID: p.ID, ClientID: p.ClientID, Payment: p,
			Title:  "Payment " + p.Amount.String(),
			Detail: fmt.Sprintf("%s · %s · %s", p.ClientName, p.Date, p.Reference)})
	}
	return hits, nil
}
