package domain

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

func mustMoney(s, cur string) money.Money {
	m, err := money.Parse(s, cur)
	if err != nil {
		panic(err)
	}
	return m
}

func TestReminderLevelValidate(t *testing.T) {
	good := func() ReminderLevel {
		return ReminderLevel{Name: " Final reminder ", DaysOffset: 30, Subject: " Invoice {invoice} is {days_overdue} days overdue ",
			Body: "Dear {contact},\r\n\r\n{amount_due} is open.\r\n\r\n{late_fee}\r\n\r\n{company}", Fee: LateFee{Kind: FeePercent, Percent: decimal.RequireFromString("1.5")}}
	}
	l := good()
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	if l.Name != "Final reminder" || l.Subject != "Invoice {invoice} is {days_overdue} days overdue" || strings.Contains(l.Body, "\r") {
		t.Errorf("not tidied: %+v", l)
	}
	free := ReminderLevel{Name: "Before due", DaysOffset: -3, Subject: "Due soon", Body: "Hello"}
	if err := free.Validate(); err != nil || free.Fee.Kind != FeeNone {
		t.Errorf("a level without a fee: %v, %+v", err, free.Fee)
	}
	for _, tc := range []struct {
		name   string
		change func(*ReminderLevel)
		field  string
	}{
		{"no name", func(l *ReminderLevel) { l.Name = "" }, "name"},
		{"too early", func(l *ReminderLevel) { l.DaysOffset = MinReminderOffset - 1 }, "daysOffset"},
		{"too late", func(l *ReminderLevel) { l.DaysOffset = MaxReminderOffset + 1 }, "daysOffset"},
		{"no subject", func(l *ReminderLevel) { l.Subject = " " }, "subject"},
		{"two-line subject", func(l *ReminderLevel) { l.Subject = "Overdue\nreally" }, "subject"},
		{"unknown placeholder in the subject", func(l *ReminderLevel) { l.Subject = "Invoice {number}" }, "subject"},
		{"no body", func(l *ReminderLevel) { l.Body = "" }, "body"},
		{"unknown placeholder in the body", func(l *ReminderLevel) { l.Body += " {amount}" }, "body"},
		{"a fee the body does not mention", func(l *ReminderLevel) { l.Body = "Pay {amount_due}" }, "body"},
		{"a zero percentage", func(l *ReminderLevel) { l.Fee.Percent = decimal.Zero }, "fee"},
		{"a huge percentage", func(l *ReminderLevel) { l.Fee.Percent = decimal.NewFromInt(40) }, "fee"},
		{"a fine percentage", func(l *ReminderLevel) { l.Fee.Percent = decimal.RequireFromString("1.23456") }, "fee"},
		{"both kinds of fee", func(l *ReminderLevel) { l.Fee.Amount = mustMoney("40", "EUR") }, "fee"},
		{"a fixed fee of nothing", func(l *ReminderLevel) { l.Fee = LateFee{Kind: FeeFixed, Amount: money.Zero("EUR")} }, "fee"},
		{"a fixed fee in no currency", func(l *ReminderLevel) {
			l.Fee = LateFee{Kind: FeeFixed, Amount: money.Money{Amount: decimal.NewFromInt(40), Currency: "ZZZ"}}
		}, "fee"},
		{"an unknown fee", func(l *ReminderLevel) { l.Fee.Kind = "interest" }, "fee"},
		{"no fee with an amount", func(l *ReminderLevel) { l.Fee = LateFee{Kind: FeeNone, Amount: mustMoney("5", "EUR")} }, "fee"},
	} {
		l := good()
		tc.change(&l)
		err := l.Validate()
		if ErrorCode(err) != EINVALID || FieldErrors(err)[tc.field] == "" || len(FieldErrors(err)) != 1 {
			t.Errorf("%s: want one problem at %s, got %v", tc.name, tc.field, FieldErrors(err))
		}
	}
}

func TestLateFee(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		bad      bool
	}{
		{"", "none", false},
		{"None", "none", false},
		{"1.5%", "1.5%", false},
		{" 2 % ", "2%", false},
		{"40 EUR", "40.00 EUR", false},
		{"eur 40", "40.00 EUR", false},
		{"1,000 JPY", "1,000 JPY", false},
		{"forty EUR", "", true},
		{"40", "", true},
		{"x%", "", true},
		{"40.001 EUR", "", true},
	} {
		f, err := ParseLateFee(tc.in)
		if (err != nil) != tc.bad || (!tc.bad && f.String() != tc.want) {
			t.Errorf("ParseLateFee(%q) = %s, %v", tc.in, f, err)
		}
	}
	open := mustMoney("1234.55", "EUR")
	pct := LateFee{Kind: FeePercent, Percent: decimal.RequireFromString("1.5")}
	if fee, ok, _ := pct.On(open); !ok || fee.String() != "18.52 EUR" { // 18.51825 rounds half up
		t.Errorf("1.5%% of %s = %s", open, fee)
	}
	if _, ok, why := pct.On(mustMoney("0.20", "EUR")); ok || !strings.Contains(why, "less than the smallest amount") {
		t.Errorf("a fee that rounds to nothing: %v %q", ok, why)
	}
	fixed := LateFee{Kind: FeeFixed, Amount: mustMoney("40", "EUR")}
	if fee, ok, _ := fixed.On(open); !ok || fee.String() != "40.00 EUR" {
		t.Errorf("fixed: %s", fee)
	}
	if _, ok, why := fixed.On(mustMoney("100", "USD")); ok || why != "no late fee: the level's fee is in EUR and the invoice in USD" {
		t.Errorf("a fixed fee in another currency: %v %q", ok, why)
	}
	if _, ok, why := (LateFee{Kind: FeeNone}).On(open); ok || why != "" {
		t.Errorf("no fee: %v %q", ok, why)
	}
}

func TestComposeReminder(t *testing.T) {
	l := ReminderLevel{Name: "Second reminder", DaysOffset: 14,
		Subject: "{company}: invoice {invoice} is {days_overdue} days overdue",
		Body:    "Dear {contact},\n\n{client} owes {amount_due}, due on {due_date}.\n\n{late_fee}\n\nKind regards,\n{company}"}
	f := ReminderFacts{Client: "Nordlicht GmbH", Contact: "Jürgen Schäfer", Invoice: "INV-2027-00004", Company: "Acme\nLtd",
		AmountDue: mustMoney("1190", "EUR"), DueDate: NewDate(2027, 3, 31), DaysOverdue: 16}
	subject, body := l.Compose(f)
	if subject != "Acme Ltd: invoice INV-2027-00004 is 16 days overdue" {
		t.Errorf("subject %q", subject)
	}
	want := "Dear Jürgen Schäfer,\n\nNordlicht GmbH owes 1,190.00 EUR, due on 2027-03-31.\n\nKind regards,\nAcme\nLtd"
	if body != want {
		t.Errorf("body without a fee:\n%s\nwant\n%s", body, want)
	}
	f.LateFee, f.FeeInvoice = mustMoney("17.85", "EUR"), "INV-2027-00009"
	if _, body := l.Compose(f); !strings.Contains(body, "due on 2027-03-31.\n\nA late fee of 17.85 EUR has been charged on invoice INV-2027-00009, attached.\n\nKind") {
		t.Errorf("body with a fee:\n%s", body)
	}
	f.DaysOverdue = -3
	if s, _ := l.Compose(f); !strings.Contains(s, "is 0 days overdue") {
		t.Errorf("before the due date: %q", s)
	}
}

func TestChooseReminderLevel(t *testing.T) {
	levels := []ReminderLevel{{ID: 4, DaysOffset: 30}, {ID: 1, DaysOffset: -3}, {ID: 2, DaysOffset: 1}, {ID: 3, DaysOffset: 14}}
	for _, tc := range []struct {
		days int
		sent []int64
		want int64 // 0 for none
	}{
		{-4, nil, 0},
		{-3, nil, 1},
		{0, nil, 1},
		{0, []int64{1}, 0},
		{1, []int64{1}, 2},
		{13, []int64{1, 2}, 0},
		{14, []int64{1, 2}, 3},
		{40, nil, 4},            // a long gap: the highest level reached, not the first
		{40, []int64{4}, 0},     // never again at the same level
		{45, []int64{3}, 4},     // on to the next
		{20, []int64{4}, 0},     // never back to a lower level
		{400, []int64{1, 2}, 4}, // long overdue, the last level once
	} {
		l, ok := ChooseReminderLevel(levels, tc.days, tc.sent)
		if got := map[bool]int64{true: l.ID}[ok]; got != tc.want {
			t.Errorf("%d days, sent %v: level %d, want %d", tc.days, tc.sent, got, tc.want)
		}
	}
	if _, ok := ChooseReminderLevel(nil, 100, nil); ok {
		t.Error("no levels, no reminder")
	}
}

func TestReminderRecipient(t *testing.T) {
	c := &Client{Contacts: []Contact{{Name: "A"}, {Name: "B", Email: "b@x.example"}, {Name: "C", Email: "c@x.example", Primary: true}}}
	if k, ok := ReminderRecipient(c); !ok || k.Name != "C" {
		t.Errorf("the primary contact: %+v", k)
	}
	c.Contacts[2].Email = ""
	if k, ok := ReminderRecipient(c); !ok || k.Name != "B" {
		t.Errorf("a primary contact without email: %+v", k)
	}
	c.Contacts[1].Email = ""
	if _, ok := ReminderRecipient(c); ok {
		t.Error("nobody to write to")
	}
}

func TestLateFeeInvoice(t *testing.T) {
	c := &Client{ID: 3, Name: "Nordlicht", Currency: "EUR", PaymentTermsDays: 14}
	inv := &Document{ID: 9, Kind: KindInvoice, Number: "INV-2027-00004", Currency: "USD", PONumber: "PO-7", Status: DocIssued}
	l := &ReminderLevel{Name: "Final reminder"}
	d := LateFeeInvoice(inv, c, DefaultCompany(), l, mustMoney("40", "USD"), NewDate(2027, 5, 1))
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	tot, _ := d.Totals()
	if d.Kind != KindInvoice || d.Status != DocDraft || d.ClientID != 3 || d.Currency != "USD" || d.PONumber != "PO-7" ||
		d.IssueDate != NewDate(2027, 5, 1) || d.DueDate != NewDate(2027, 5, 15) || len(d.Lines) != 1 ||
		d.Lines[0].Description != "Late fee on invoice INV-2027-00004 (final reminder)" || len(d.Lines[0].Taxes) != 0 ||
		tot.Total.String() != "40" || d.Reference != "Late fee, invoice INV-2027-00004" {
		t.Errorf("fee invoice %+v, total %s", d, tot.Total)
	}
}
