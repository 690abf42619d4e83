package einvoice

import (
	"bytes"
	"context"

	"clientbook/domain"
)

// Exporter is domain.EInvoicer over this package: it gathers a document's
// facts from the book, states it with domain.BuildEInvoice and writes it; a
// Factur-X e-invoice is the document's own PDF, from PDF, with the CII
// embedded (FacturX).
type Exporter struct {
	PDF domain.Renderer
}

var _ domain.EInvoicer = Exporter{}

// EInvoice writes issued document d as an e-invoice in format, or in its
// client's format when format is EInvoiceNone.
func (x Exporter) EInvoice(ctx context.Context, book domain.Book, d *domain.Document, format domain.EInvoiceFormat) (*domain.EInvoiceFile, error) {
	if d.Status != domain.DocIssued {
		what := "a draft"
		if d.Status != domain.DocDraft {
			what = string(d.Status)
		}
		return nil, domain.Errorf(domain.EINVALID, "%s %s is %s; only issued invoices and credit notes are e-invoiced.",
			d.Kind.Title(), d.Number, what)
	}
	facts, client, err := Facts(ctx, book, d)
	if err != nil {
		return nil, err
	}
	if format == domain.EInvoiceNone {
		if format = client.EInvoice; format == domain.EInvoiceNone {
			return nil, domain.Errorf(domain.EINVALID, "%s receives no e-invoices; choose the format on the client's record, or name one.", client.Name)
		}
	}
	e, findings := domain.BuildEInvoice(d, format, facts)
	if len(findings) > 0 {
		return nil, domain.EInvoiceRefused(d, findings)
	}
	data, err := Write(e)
	if err != nil {
		return nil, domain.Internal("write the e-invoice", err)
	}
	file := &domain.EInvoiceFile{Name: format.FileName(d.Number), Format: format, Data: data, Invoice: e}
	if format == domain.EInvoiceFacturX {
		if x.PDF == nil {
			return nil, domain.ErrNoRenderer
		}
		var pdf bytes.Buffer
		if err := x.PDF.DocumentPDF(ctx, &pdf, book, d); err != nil {
			return nil, err
		}
		at := d.IssuedAt
		if at.IsZero() {
			at = d.CreatedAt
		}
		if file.Data, err = FacturX(pdf.Bytes(), data, PDFInfo{Title: d.Kind.Title() + " " + d.Number, Author: e.Seller.Name,
			Date: at}); err != nil {
			return nil, domain.Internal("write the Factur-X PDF", err)
		}
	}
	return file, nil
}

// Facts gathers what an e-invoice of issued document d needs beyond the
// document: the issuer and bill-to it was issued with, their e-invoice
// details filled in from the company and client as they are now where the
// document was issued without them (before the book knew them), the buyer
// reference of the client, and the invoice a credit note corrects. It also
// returns the client.
func Facts(ctx context.Context, book domain.Book, d *domain.Document) (domain.EInvoiceFacts, *domain.Client, error) {
	var f domain.EInvoiceFacts
	c, err := book.Clients().FindClientByID(ctx, d.ClientID)
	if err != nil {
		return f, nil, err
	}
	co, err := book.Company().Company(ctx)
	if err != nil {
		return f, nil, err
	}
	f.Seller, f.Buyer = domain.CompanyParty(co), domain.ClientParty(c)
	if d.Issuer != nil {
		f.Seller = merged(d.Issuer, f.Seller)
	}
	if d.BillTo != nil {
		f.Buyer = merged(d.BillTo, f.Buyer)
	}
	f.BuyerReference = c.BuyerReference
	if d.CreditFor != 0 {
		inv, err := book.Documents().FindDocumentByID(ctx, d.CreditFor)
		if err != nil {
			return f, nil, err
		}
		f.Preceding = &domain.PrecedingInvoice{Number: inv.Number, IssueDate: inv.IssueDate}
	}
	return f, c, nil
}

// merged is the snapshot with the e-invoice details it lacks taken from now.
func merged(snapshot, now *domain.Party) *domain.Party {
	p := *snapshot
	for _, f := range []struct{ dst, src *string }{{&p.VATID, &now.VATID}, {&p.EndpointID, &now.EndpointID},
		{&p.EndpointScheme, &now.EndpointScheme}, {&p.IBAN, &now.IBAN}, {&p.BIC, &now.BIC}} {
		if *f.dst == "" {
			*f.dst = *f.src
		}
	}
	return &p
}
