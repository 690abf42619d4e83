package domain

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

func draftInvoice() *Document {
	return &Document{
		Kind: KindInvoice, Status: DocDraft, ClientID: 1, Currency: "EUR",
		IssueDate: NewDate(2026, time.November, 2), DueDate: NewDate(2026, time.December, 2),
		Rounding: DefaultRounding,
		Lines: []Line{
			{Description: "Support, November 2026", Quantity: dec("1"), UnitPrice: dec("1200.00"), Taxes: []TaxLine{vat20}},
			{Description: "Training day", Quantity: dec("2"), UnitPrice: dec("450.00")},
		},
	}
}

func verifiedClient() *Client {
	limit, _ := money.Parse("10000", "EUR")
	return &Client{ID: 1, Name: "Nordlicht GmbH", Currency: "EUR", CreditLimit: limit,
		Billing: Address{Line1: "Hauptstraße 1", City: "München", Country: "Germany"}}
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(d *Document, f *IssueFacts)
		codes []string // expected finding codes, errors first
	}{
		{"clean invoice", func(*Document, *IssueFacts) {}, nil},
		{"PO required and missing", func(_ *Document, f *IssueFacts) { f.Client.RequiresPO = true }, []string{"po-missing"}},
		{"PO required and given", func(d *Document, f *IssueFacts) { f.Client.RequiresPO = true; d.PONumber = "PO-77" }, nil},
		{"PO already used", func(d *Document, f *IssueFacts) { d.PONumber = "PO-77"; f.SamePO = []string{"INV-2026-00012"} }, []string{"po-reused"}},
		// Total 1,200 + 240 VAT + 900 = 2,340; open balance 8,000 → 10,340 > 10,000.
		{"over credit limit", func(_ *Document, f *IssueFacts) { f.OpenBalance = dec("8000") }, []string{"credit-limit"}},
		{"exactly at credit limit", func(_ *Document, f *IssueFacts) { f.OpenBalance = dec("7660") }, nil},
		{"no credit limit set", func(_ *Document, f *IssueFacts) { f.Client.CreditLimit = money.Zero("EUR"); f.OpenBalance = dec("1e6") }, nil},
		{"likely duplicate", func(_ *Document, f *IssueFacts) { f.SameTotal = []string{"INV-2026-00040"} }, []string{"duplicate"}},
		{"zero quantity", func(d *Document, _ *IssueFacts) { d.Lines[1].Quantity = dec("0") }, []string{"zero-quantity"}},
		{"zero line", func(d *Document, _ *IssueFacts) { d.Lines[1].UnitPrice = dec("0") }, []string{"zero-line"}},
		// 1,440.00 − 2 × 800.00 = −160.00: a credit note's job.
		{"negative total", func(d *Document, _ *IssueFacts) { d.Lines[1].UnitPrice = dec("-800.00") }, []string{"negative-total"}},
		{"due before issue", func(d *Document, _ *IssueFacts) { d.DueDate = NewDate(2026, time.November, 1) }, []string{"invalid"}},
		{"missing billing address", func(_ *Document, f *IssueFacts) { f.Client.Billing.City = "" }, []string{"no-billing-address"}},
		{"no lines", func(d *Document, _ *IssueFacts) { d.Lines = nil }, []string{"no-lines"}},
		{"errors before warnings", func(d *Document, f *IssueFacts) {
			f.Client.RequiresPO = true
			f.SameTotal = []string{"INV-1"}
			d.Lines[1].Quantity = dec("0")
		}, []string{"zero-quantity", "po-missing", "duplicate"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := draftInvoice()
			f := IssueFacts{Client: verifiedClient()}
			tt.edit(d, &f)
			got := Verify(d, f)
			var codes []string
			for _, x := range got {
				codes = append(codes, x.Code)
				if x.Message == "" || !strings.HasSuffix(x.Message, ".") {
					t.Errorf("finding %s has no full-sentence message: %q", x.Code, x.Message)
				}
			}
			if strings.Join(codes, ",") != strings.Join(tt.codes, ",") {
				t.Fatalf("codes = %v, want %v (%+v)", codes, tt.codes, got)
			}
		})
	}
}

func TestVerifyMessagesNameTheFacts(t *testing.T) {
	d := draftInvoice()
	f := IssueFacts{Client: verifiedClient(), OpenBalance: dec("8000"), SamePO: []string{"INV-1", "INV-2"}}
	d.PONumber = "PO-9"
	got := Verify(d, f)
	all := ""
	for _, x := range got {
		all += x.Message + "\n"
	}
	for _, want := range []string{"owe 10,340.00 EUR", "credit limit of 10,000.00 EUR", "PO number PO-9 is already on INV-1 and INV-2"} {
		if !strings.Contains(all, want) {
			t.Errorf("messages %q lack %q", all, want)
		}
	}
	if !Blocking(got, false) || Blocking(got, true) {
		t.Error("warnings must block until accepted, and only until then")
	}
	d.Lines[0].Quantity = dec("0")
	if !Blocking(Verify(d, f), true) {
		t.Error("an error blocks even with warnings accepted")
	}
}

func TestDocumentValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(d *Document)
		field string
	}{
		{"no client", func(d *Document) { d.ClientID = 0 }, "client"},
		{"bad currency", func(d *Document) { d.Currency = "EU" }, "currency"},
		{"no issue date", func(d *Document) { d.IssueDate = Date{} }, "issueDate"},
		{"price with too many decimals", func(d *Document) { d.Lines[0].UnitPrice = dec("1.005") }, LineField(0, "unitPrice")},
		{"quantity with 7 decimals", func(d *Document) { d.Lines[0].Quantity = dec("0.0000001") }, LineField(0, "quantity")},
		{"empty description", func(d *Document) { d.Lines[1].Description = " " }, LineField(1, "description")},
		{"line discount over 100", func(d *Document) { d.Lines[1].DiscountPercent = dec("100.5") }, LineField(1, "discount")},
		{"same tax twice", func(d *Document) { d.Lines[0].Taxes = append(d.Lines[0].Taxes, vat20) }, LineField(0, "taxes")},
		{"both discounts", func(d *Document) { d.DiscountPercent = dec("5"); d.DiscountAmount = dec("10") }, "discount"},
		{"discount above subtotal", func(d *Document) { d.DiscountAmount = dec("5000") }, "discount"},
		{"unknown rounding", func(d *Document) { d.Rounding.Mode = "up" }, "rounding"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := draftInvoice()
			tt.edit(d)
			err := d.Validate()
			if FieldErrors(err)[tt.field] == "" {
				t.Fatalf("Validate() = %v, want an error at %q", err, tt.field)
			}
		})
	}
	if err := draftInvoice().Validate(); err != nil {
		t.Fatalf("valid draft: %v", err)
	}
}

func TestNumberSeries(t *testing.T) {
	d := NewDate(2027, time.March, 9)
	tests := []struct {
		pattern string
		seq     int64
		want    string
	}{
		{"INV-{YYYY}-{SEQ:5}", 42, "INV-2027-00042"},
		{"{YY}{MM}-{SEQ:3}", 7, "2703-007"},
		{"CN{SEQ}", 123456, "CN123456"},
		{"INV-{SEQ:2}", 123, "INV-123"},
	}
	for _, tt := range tests {
		s := NumberSeries{Pattern: tt.pattern}
		if err := s.Validate(); err != nil {
			t.Errorf("%q: %v", tt.pattern, err)
		}
		if got := s.Format(d, tt.seq); got != tt.want {
			t.Errorf("Format(%q, %d) = %q, want %q", tt.pattern, tt.seq, got, tt.want)
		}
	}
	for _, bad := range []NumberSeries{
		{Pattern: ""}, {Pattern: "INV-{YYYY}"}, {Pattern: "{SEQ}-{SEQ}"}, {Pattern: "INV-{DD}-{SEQ}"},
		{Pattern: "INV-{SEQ:0}"}, {Pattern: "INV-{SEQ:3"}, {Pattern: "INV-{SEQ}", YearlyReset: true},
	} {
		if bad.Validate() == nil {
			t.Errorf("pattern %q (yearly %t) accepted", bad.Pattern, bad.YearlyReset)
		}
	}
	c := DefaultCompany()
	if err := c.Validate(); err != nil {
		t.Fatalf("default company: %v", err)
	}
}

func TestVerifyRefusesCreditingMoreThanTheInvoice(t *testing.T) {
	c := &Client{ID: 1, Name: "Acme", Status: StatusActive, Currency: "EUR", Billing: Address{Line1: "1 Road", City: "Paris", Country: "France"}}
	cn := &Document{Kind: KindCreditNote, ClientID: 1, Currency: "EUR", IssueDate: NewDate(2027, 3, 1), DueDate: NewDate(2027, 3, 1),
		Lines: []Line{{Description: "Refund", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.RequireFromString("60.00")}}}
	facts := IssueFacts{Client: c, Credited: &CreditFacts{InvoiceNumber: "INV-2027-00001",
		InvoiceTotal: decimal.RequireFromString("100.00"), AlreadyCredited: decimal.RequireFromString("40.00")}}
	if fs := Verify(cn, facts); Blocking(fs, true) {
		t.Fatalf("crediting exactly what is left should pass: %v", fs)
	}
	facts.Credited.AlreadyCredited = decimal.RequireFromString("40.01")
	fs := Verify(cn, facts)
	if !Blocking(fs, true) || fs[0].Code != "over-credit" {
		t.Fatalf("crediting one cent too much should be an error: %v", fs)
	}
	if want := "Invoice INV-2027-00001 comes to 100.00 EUR and 40.01 EUR of it is already credited"; !strings.Contains(fs[0].Message, want) {
		t.Errorf("message %q lacks %q", fs[0].Message, want)
	}
}
