package domain

import (
	"strings"
	"testing"
)

func TestBankAccountValidate(t *testing.T) {
	a := BankAccount{Name: "  Operating account ", Currency: " eur", Number: " DE02 1203 "}
	if err := a.Validate(); err != nil || a.Name != "Operating account" || a.Currency != "EUR" || a.Number != "DE02 1203" {
		t.Fatalf("Validate = %v, %+v", err, a)
	}
	bad := BankAccount{Currency: "XYZ", Number: strings.Repeat("1", 51)}
	fe := FieldErrors(bad.Validate())
	if fe["name"] == "" || fe["currency"] == "" || fe["number"] == "" {
		t.Errorf("field errors %v, want name, currency and number", fe)
	}
}

func TestDepositValidateAndCheck(t *testing.T) {
	d := func() *Deposit {
		return &Deposit{AccountID: 1, Date: NewDate(2027, 3, 10), Total: bankEUR("350.00"), Payments: []DepositPayment{
			{PaymentID: 1, ClientName: "Acme", Date: NewDate(2027, 3, 9), Amount: bankEUR("100")},
			{PaymentID: 2, ClientName: "Bolt", Date: NewDate(2027, 3, 10), Amount: bankEUR("250")},
		}}
	}
	ok := d()
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := CheckDeposit(ok, "EUR", nil); err != nil {
		t.Fatalf("a deposit whose total is its payments' sum: %v", err)
	}
	for _, c := range []struct {
		name   string
		change func(d *Deposit)
		field  string
		want   string
	}{
		{"no account", func(d *Deposit) { d.AccountID = 0 }, "account", "choose the bank account"},
		{"no date", func(d *Deposit) { d.Date = Date{} }, "date", "enter the day"},
		{"zero total", func(d *Deposit) { d.Total = bankEUR("0") }, "total", "more than zero"},
		{"too many decimals", func(d *Deposit) { d.Total = bankEUR("350.001") }, "total", "EUR amounts have"},
		{"no payments", func(d *Deposit) { d.Payments = nil }, "payments", "choose the payments"},
		{"a payment twice", func(d *Deposit) { d.Payments[1].PaymentID = 1 }, "payments", "payment 1 is in the list twice"},
	} {
		x := d()
		c.change(x)
		err := x.Validate()
		if fe := FieldErrors(err); !strings.Contains(fe[c.field], c.want) {
			t.Errorf("%s: %v, want %q at %s", c.name, err, c.want, c.field)
		}
	}
	for _, c := range []struct {
		name      string
		change    func(d *Deposit)
		currency  string
		deposited map[int64]bool
		field     string
		want      string
	}{
		{"total off by a cent", func(d *Deposit) { d.Total = bankEUR("350.01") }, "EUR", nil, "total",
			"the total is 350.01 EUR but the payments add up to 350.00 EUR"},
		{"account in another currency", func(*Deposit) {}, "USD", nil, "total", "the account is in USD"},
		{"payment in another currency", func(d *Deposit) { d.Payments[0].Amount.Currency = "USD" }, "EUR", nil, "payments",
			"payment 1 from Acme is in USD, but the account is in EUR"},
		{"payment after the deposit", func(d *Deposit) { d.Payments[1].Date = NewDate(2027, 3, 11) }, "EUR", nil, "payments",
			"payment 2 from Bolt was received on 2027-03-11, after the deposit"},
		{"payment deposited before", func(*Deposit) {}, "EUR", map[int64]bool{2: true}, "payments",
			"payment 2 from Bolt is already in another deposit"},
	} {
		x := d()
		c.change(x)
		err := CheckDeposit(x, c.currency, c.deposited)
		if fe := FieldErrors(err); !strings.Contains(fe[c.field], c.want) {
			t.Errorf("%s: %v, want %q at %s", c.name, err, c.want, c.field)
		}
	}
}
