package domain

import (
	"testing"
	"time"
)

func issuedInvoice() *Document {
	d := draftInvoice()
	d.ID, d.Number, d.Status = 9, "INV-2026-00009", DocIssued
	d.Lines[0].ID, d.Lines[1].ID = 101, 102
	return d
}

func TestCreditNoteForWholeInvoice(t *testing.T) {
	inv := issuedInvoice()
	cn, err := CreditNoteFor(inv, nil, NewDate(2026, time.November, 20))
	if err != nil {
		t.Fatal(err)
	}
	it, _ := inv.Totals()
	ct, _ := cn.Totals()
	if cn.Kind != KindCreditNote || cn.Status != DocDraft || cn.Number != "" || cn.CreditFor != 9 {
		t.Fatalf("credit note = %+v", cn)
	}
	if !ct.Total.Equal(it.Total) {
		t.Errorf("full credit total %s, invoice total %s", ct.Total, it.Total)
	}
	cn.Lines[0].Taxes[0].Percent = dec("7")
	if inv.Lines[0].Taxes[0].Percent.Equal(dec("7")) || inv.Lines[0].ID != 101 || cn.Lines[0].ID != 0 {
		t.Error("credit note shares lines with the invoice")
	}
}

func TestCreditNoteForSomeLines(t *testing.T) {
	inv := issuedInvoice()
	// Invoice: 1,200.00 (+20 % VAT) and 900.00; fixed discount 210.00 over a 2,100.00 subtotal.
	inv.DiscountAmount = dec("210.00")
	cn, err := CreditNoteFor(inv, []int64{102}, NewDate(2026, time.November, 20))
	if err != nil {
		t.Fatal(err)
	}
	if len(cn.Lines) != 1 || cn.Lines[0].Description != "Training day" {
		t.Fatalf("lines = %+v", cn.Lines)
	}
	// The training line is 900 / 2,100 of the subtotal, so 90.00 of the discount: 810.00 credited.
	ct, err := cn.Totals()
	if err != nil {
		t.Fatal(err)
	}
	if !cn.DiscountAmount.Equal(dec("90")) || !ct.Total.Equal(dec("810")) {
		t.Errorf("partial credit discount %s total %s, want 90 and 810", cn.DiscountAmount, ct.Total)
	}
	if _, err := CreditNoteFor(inv, []int64{555}, Today()); ErrorCode(err) != EINVALID {
		t.Errorf("unknown line: %v", err)
	}
	inv.Status = DocDraft
	if _, err := CreditNoteFor(inv, nil, Today()); ErrorCode(err) != ECONFLICT {
		t.Errorf("credit of a draft: %v", err)
	}
}

func TestDuplicateAndQuoteConversion(t *testing.T) {
	inv := issuedInvoice()
	today := NewDate(2027, time.January, 10)
	dup := Duplicate(inv, today)
	if dup.ID != 0 || dup.Number != "" || dup.Status != DocDraft || dup.IssueDate != today ||
		dup.DueDate != NewDate(2027, time.February, 9) || dup.Lines[0].ID != 0 {
		t.Fatalf("duplicate = %+v", dup)
	}
	q := issuedInvoice()
	q.Kind, q.Number = KindQuote, "QUO-2026-0003"
	c := verifiedClient()
	c.PaymentTermsDays = 14
	if _, err := InvoiceFromQuote(q, c, today); ErrorCode(err) != ECONFLICT {
		t.Fatalf("converting an unaccepted quote: %v", err)
	}
	q.Status = DocAccepted
	inv2, err := InvoiceFromQuote(q, c, today)
	if err != nil {
		t.Fatal(err)
	}
	if inv2.Kind != KindInvoice || inv2.FromQuote != q.ID || inv2.DueDate != today.AddDays(14) || inv2.Reference != "Quote QUO-2026-0003" {
		t.Errorf("invoice from quote = %+v", inv2)
	}
	nd := NewDraft(KindQuote, c, DefaultCompany(), today)
	if nd.DueDate != today.AddDays(30) || nd.Rounding != DefaultRounding || nd.Currency != "EUR" {
		t.Errorf("new quote = %+v", nd)
	}
}
