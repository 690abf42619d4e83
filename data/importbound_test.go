package data

import (
	"context"
	"strings"
	"testing"

	"clientbook/domain"
)

// TestImportRefusesAmountsBeyondTheBound imports a credit limit, a catalog
// price, invoice lines and a payment beyond ±10^13: each is a problem at its
// row and column, and nothing is written.
func TestImportRefusesAmountsBeyondTheBound(t *testing.T) {
	ctx := context.Background()
	b := openTemp(t)
	if err := b.Clients().CreateClient(ctx, newClient("Acme GmbH", "Berlin")); err != nil {
		t.Fatal(err)
	}
	start := bookCounts(t, b)
	const above = "amounts above 10,000,000,000,000 are not supported"
	imp := func(entity, main, details string) []domain.RowProblem {
		t.Helper()
		opt := domain.ImportOptions{Format: domain.ExportFormat{Delimiter: ','}}
		if details != "" {
			opt.Details = strings.NewReader(details)
		}
		res, err := b.Import().Import(ctx, entity, strings.NewReader(main), opt)
		if err != nil {
			t.Fatal(err)
		}
		return res.Problems
	}
	wantProblems(t, imp("clients", "name,status,currency,credit_limit\nBig,active,EUR,10000000000000.01\nOk,active,EUR,10000000000000\n", ""),
		"clients row 1, column credit_limit: "+above)
	wantProblems(t, imp("catalog", "code,name,unit_price,currency\nA1,Thing,-10000000000000.01,EUR\n", ""),
		"catalog row 1, column unit_price: amounts below −10,000,000,000,000 are not supported")
	wantProblems(t, imp("invoices", "id,status,client_name,issue_date,currency\n1,draft,Acme GmbH,2027-03-01,EUR\n2,draft,Acme GmbH,2027-03-01,EUR\n",
		"document_id,document_kind,position,description,quantity,unit_price\n"+
			"1,invoice,0,Huge,1000000,9999999999.99\n"+
			"2,invoice,0,Half,1,6000000000000\n2,invoice,1,Half again,1,6000000000000\n"),
		"document_lines row 1, column unit_price: quantity × unit price: "+above,
		"invoices row 2: the document's total: "+above)
	wantProblems(t, imp("payments", "date,amount,currency,method,client_name\n2027-03-02,92233720368547758.07,EUR,cash,Acme GmbH\n", ""),
		"payments row 1, column amount: "+above)
	if got := bookCounts(t, b); got != start {
		t.Errorf("the book changed:\n%s\n%s", start, got)
	}
}
