package domain

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

func pay(amount, currency string, allocs ...Allocation) *Payment {
	return &Payment{
		ID: 7, ClientID: 3, Date: NewDate(2027, time.March, 15),
		Amount: money.Money{Amount: dec(amount), Currency: currency},
		Method: MethodBankTransfer, Allocations: allocs,
	}
}

func alloc(docID int64, number, amount string) Allocation {
	return Allocation{DocumentID: docID, DocumentNumber: number, Amount: dec(amount)}
}

func openItem(id int64, number, currency, issue, due, open string) OpenItem {
	return OpenItem{
		DocumentID: id, Number: number, Currency: currency,
		IssueDate: mustDate(issue), DueDate: mustDate(due), Total: dec(open), Open: dec(open),
	}
}

func mustDate(s string) Date {
	if s == "" {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestPaymentValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *Payment)
		field string // "" when the payment is valid
	}{
		{"valid", func(p *Payment) {}, ""},
		{"valid with allocations summing to the amount", func(p *Payment) {
			p.Allocations = []Allocation{alloc(1, "INV-1", "600.00"), alloc(2, "INV-2", "400.00")}
		}, ""},
		{"currency tidied", func(p *Payment) { p.Amount.Currency = " eur " }, ""},
		{"KWD with three decimals", func(p *Payment) { p.Amount = money.Money{Amount: dec("12.345"), Currency: "KWD"} }, ""},
		{"JPY whole yen", func(p *Payment) { p.Amount = money.Money{Amount: dec("15000"), Currency: "JPY"} }, ""},
		{"no client", func(p *Payment) { p.ClientID = 0 }, "client"},
		{"zero amount", func(p *Payment) { p.Amount.Amount = decimal.Zero }, "amount"},
		{"negative amount", func(p *Payment) { p.Amount.Amount = dec("-5") }, "amount"},
		{"cents of a cent", func(p *Payment) { p.Amount.Amount = dec("10.001") }, "amount"},
		{"KWD with four decimals", func(p *Payment) { p.Amount = money.Money{Amount: dec("1.2345"), Currency: "KWD"} }, "amount"},
		{"half a yen", func(p *Payment) { p.Amount = money.Money{Amount: dec("100.5"), Currency: "JPY"} }, "amount"},
		{"unknown currency", func(p *Payment) { p.Amount.Currency = "XYZ" }, "currency"},
		{"no currency", func(p *Payment) { p.Amount.Currency = "" }, "currency"},
		{"no date", func(p *Payment) { p.Date = Date{} }, "date"},
		{"no method", func(p *Payment) { p.Method = "" }, "method"},
		{"unknown method", func(p *Payment) { p.Method = "barter" }, "method"},
		{"long reference", func(p *Payment) { p.Reference = strings.Repeat("x", 101) }, "reference"},
		{"allocation without an invoice", func(p *Payment) { p.Allocations = []Allocation{alloc(0, "", "10")} }, "allocations.0.document"},
		{"zero allocation", func(p *Payment) { p.Allocations = []Allocation{alloc(1, "INV-1", "0")} }, "allocations.0.amount"},
		{"negative allocation", func(p *Payment) {
			p.Allocations = []Allocation{alloc(1, "INV-1", "50"), alloc(2, "INV-2", "-1")}
		}, "allocations.1.amount"},
		{"allocation with too many decimals", func(p *Payment) { p.Allocations = []Allocation{alloc(1, "INV-1", "0.005")} }, "allocations.0.amount"},
		{"same invoice twice", func(p *Payment) {
			p.Allocations = []Allocation{alloc(1, "INV-1", "10"), alloc(2, "INV-2", "10"), alloc(1, "INV-1", "10")}
		}, "allocations.2.document"},
		{"allocations over the amount", func(p *Payment) {
			p.Allocations = []Allocation{alloc(1, "INV-1", "600.00"), alloc(2, "INV-2", "400.01")}
		}, "allocations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pay("1000.00", "EUR")
			tt.edit(p)
			err := p.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID {
				t.Fatalf("Validate() = %v, want EINVALID", err)
			}
			fields := FieldErrors(err)
			if fields[tt.field] == "" || len(fields) != 1 {
				t.Errorf("fields = %v, want only %q", fields, tt.field)
			}
			if !strings.HasPrefix(ErrorMessage(err), "Payment not saved: ") {
				t.Errorf("message %q", ErrorMessage(err))
			}
		})
	}
}

func TestPaymentValidateMessages(t *testing.T) {
	p := pay("1000.00", "EUR", alloc(1, "INV-1", "600.00"), alloc(2, "INV-2", "500.00"), alloc(1, "INV-1", "1"))
	fields := FieldErrors(p.Validate())
	want := map[string]string{
		"allocations":            "the allocations total 1,101.00 EUR, more than the payment of 1,000.00 EUR",
		"allocations.2.document": "allocation 3: invoice INV-1 is already in allocation 1",
	}
	for k, msg := range want {
		if fields[k] != msg {
			t.Errorf("fields[%q] = %q, want %q", k, fields[k], msg)
		}
	}
	p = pay("1.2345", "KWD")
	if got := FieldErrors(p.Validate())["amount"]; got != "KWD amounts have at most 3 decimal places" {
		t.Errorf("KWD amount message %q", got)
	}
	p = pay("100.5", "JPY")
	if got := FieldErrors(p.Validate())["amount"]; got != "JPY amounts have no decimal places" {
		t.Errorf("JPY amount message %q", got)
	}
}

func TestUnapplied(t *testing.T) {
	tests := []struct {
		p    *Payment
		want string
	}{
		{pay("1000.00", "EUR"), "1000.00"},
		{pay("1000.00", "EUR", alloc(1, "INV-1", "250.50"), alloc(2, "INV-2", "749.50")), "0"},
		{pay("1000.00", "EUR", alloc(1, "INV-1", "250.50")), "749.50"},
		{pay("1.000", "KWD", alloc(1, "INV-1", "0.125"), alloc(2, "INV-2", "0.250")), "0.625"},
		{pay("10000", "JPY", alloc(1, "INV-1", "3333")), "6667"},
	}
	for _, tt := range tests {
		if got := tt.p.Unapplied(); !got.Equal(dec(tt.want)) {
			t.Errorf("Unapplied() of %s with %d allocations = %s, want %s", tt.p.Amount, len(tt.p.Allocations), got, tt.want)
		}
	}
}

// The client owes three EUR invoices, given out of order: INV-3 (1,000.00, due
// 31 March), INV-1 (800.00, due 31 January) and INV-2 (900.00, due 28 February).
func threeInvoices() []OpenItem {
	return []OpenItem{
		openItem(13, "INV-2027-00003", "EUR", "2027-03-01", "2027-03-31", "1000.00"),
		openItem(11, "INV-2027-00001", "EUR", "2027-01-01", "2027-01-31", "800.00"),
		openItem(12, "INV-2027-00002", "EUR", "2027-01-29", "2027-02-28", "900.00"),
	}
}

func checkAllocs(t *testing.T, got []Allocation, want ...Allocation) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("allocations = %+v, want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.DocumentID != w.DocumentID || g.DocumentNumber != w.DocumentNumber || !g.Amount.Equal(w.Amount) {
			t.Errorf("allocation %d = %s %s (#%d), want %s %s (#%d)", i, g.DocumentNumber, g.Amount, g.DocumentID,
				w.DocumentNumber, w.Amount, w.DocumentID)
		}
	}
}

func TestAutoAllocateOldestDueFirst(t *testing.T) {
	// 2,000.00 pays INV-1 (800.00) and INV-2 (900.00) in full and 300.00 of INV-3.
	p := pay("2000.00", "EUR")
	got, err := AutoAllocate(p, threeInvoices())
	if err != nil {
		t.Fatal(err)
	}
	checkAllocs(t, got, alloc(11, "INV-2027-00001", "800.00"), alloc(12, "INV-2027-00002", "900.00"),
		alloc(13, "INV-2027-00003", "300.00"))
	for _, a := range got {
		if a.PaymentID != 7 {
			t.Errorf("allocation %s has payment %d, want 7", a.DocumentNumber, a.PaymentID)
		}
	}
	if p.Allocations != nil {
		t.Error("AutoAllocate changed the payment")
	}
	p.Allocations = got
	if err := p.Validate(); err != nil {
		t.Errorf("auto-allocated payment: %v", err)
	}
	if u := p.Unapplied(); !u.IsZero() {
		t.Errorf("unapplied %s, want 0", u)
	}
	if err := CheckAllocations(p, openMap(threeInvoices())); err != nil {
		t.Errorf("CheckAllocations of the automatic allocation: %v", err)
	}
}

func TestAutoAllocateOverpaymentBecomesCredit(t *testing.T) {
	// 3,000.00 against 2,700.00 open: all three paid, 300.00 stays unapplied.
	p := pay("3000.00", "EUR")
	got, err := AutoAllocate(p, threeInvoices())
	if err != nil {
		t.Fatal(err)
	}
	checkAllocs(t, got, alloc(11, "INV-2027-00001", "800.00"), alloc(12, "INV-2027-00002", "900.00"),
		alloc(13, "INV-2027-00003", "1000.00"))
	p.Allocations = got
	if u := p.Unapplied(); !u.Equal(dec("300.00")) {
		t.Errorf("unapplied %s, want 300.00", u)
	}
	if err := p.Validate(); err != nil {
		t.Errorf("overpayment: %v", err)
	}
}

func TestAutoAllocateTiesAndSkips(t *testing.T) {
	open := []OpenItem{
		// Same due date: the earlier issue date goes first, then the lower number.
		openItem(4, "INV-0004", "USD", "2027-02-01", "2027-03-01", "10.00"),
		openItem(3, "INV-0003", "USD", "2027-01-15", "2027-03-01", "10.00"),
		openItem(2, "INV-0002", "USD", "2027-02-01", "2027-03-01", "10.00"),
		// Nothing open: skipped, even though it is the oldest.
		openItem(1, "INV-0001", "USD", "2026-12-01", "2026-12-31", "0"),
		// No due date: due on its issue date, so before the others.
		openItem(5, "INV-0005", "USD", "2027-02-20", "", "10.00"),
	}
	got, err := AutoAllocate(pay("35.00", "USD"), open)
	if err != nil {
		t.Fatal(err)
	}
	checkAllocs(t, got, alloc(5, "INV-0005", "10.00"), alloc(3, "INV-0003", "10.00"),
		alloc(2, "INV-0002", "10.00"), alloc(4, "INV-0004", "5.00"))
	if got, err := AutoAllocate(pay("35.00", "USD"), nil); err != nil || len(got) != 0 {
		t.Errorf("nothing open: %v, %v", got, err)
	}
}

func TestAutoAllocateKWDAndJPY(t *testing.T) {
	kwd := []OpenItem{
		openItem(1, "INV-K1", "KWD", "2027-01-01", "2027-01-31", "0.750"),
		openItem(2, "INV-K2", "KWD", "2027-02-01", "2027-02-28", "1.000"),
	}
	got, err := AutoAllocate(pay("1.250", "KWD"), kwd)
	if err != nil {
		t.Fatal(err)
	}
	checkAllocs(t, got, alloc(1, "INV-K1", "0.750"), alloc(2, "INV-K2", "0.500"))

	jpy := []OpenItem{
		openItem(1, "INV-J1", "JPY", "2027-01-01", "2027-01-31", "6000"),
		openItem(2, "INV-J2", "JPY", "2027-02-01", "2027-02-28", "5000"),
	}
	p := pay("12345", "JPY")
	got, err = AutoAllocate(p, jpy)
	if err != nil {
		t.Fatal(err)
	}
	checkAllocs(t, got, alloc(1, "INV-J1", "6000"), alloc(2, "INV-J2", "5000"))
	p.Allocations = got
	if u := p.Unapplied(); !u.Equal(dec("1345")) {
		t.Errorf("JPY unapplied %s, want 1345", u)
	}
}

func TestAutoAllocateRefusesAnotherCurrency(t *testing.T) {
	open := append(threeInvoices(), openItem(20, "INV-2027-00012", "USD", "2027-02-10", "2027-03-10", "50.00"))
	got, err := AutoAllocate(pay("100.00", "EUR"), open)
	if got != nil || ErrorCode(err) != EINVALID {
		t.Fatalf("AutoAllocate = %v, %v; want EINVALID", got, err)
	}
	want := "The payment is in EUR but invoice INV-2027-00012 is in USD; record it in USD."
	if ErrorMessage(err) != want {
		t.Errorf("message %q, want %q", ErrorMessage(err), want)
	}
	// A paid invoice in another currency is not in the way.
	open[3].Open = decimal.Zero
	if _, err := AutoAllocate(pay("100.00", "EUR"), open); err != nil {
		t.Errorf("paid USD invoice: %v", err)
	}
	if _, err := AutoAllocate(pay("0", "EUR"), threeInvoices()); ErrorCode(err) != EINVALID {
		t.Errorf("zero payment: %v", err)
	}
	if _, err := AutoAllocate(pay("10", "XYZ"), threeInvoices()); ErrorCode(err) != EINVALID {
		t.Errorf("unknown currency: %v", err)
	}
}

func openMap(items []OpenItem) map[int64]OpenItem {
	m := map[int64]OpenItem{}
	for _, o := range items {
		m[o.DocumentID] = o
	}
	return m
}

func TestCheckAllocations(t *testing.T) {
	open := openMap(append(threeInvoices(), openItem(20, "INV-2027-00012", "USD", "2027-02-10", "2027-03-10", "50.00")))
	tests := []struct {
		name   string
		p      *Payment
		field  string
		msg    string
		wantOK bool
	}{
		{name: "exactly the open amounts", p: pay("1700.00", "EUR", alloc(11, "INV-2027-00001", "800.00"), alloc(12, "INV-2027-00002", "900.00")), wantOK: true},
		{name: "part of an invoice, the rest unapplied", p: pay("1700.00", "EUR", alloc(13, "INV-2027-00003", "999.99")), wantOK: true},
		{
			name: "more than the invoice's open amount", p: pay("1700.00", "EUR", alloc(11, "INV-2027-00001", "800.01")),
			field: "allocations.0.amount", msg: "allocation 1: 800.01 EUR is more than the 800.00 EUR open on invoice INV-2027-00001",
		},
		{
			name: "invoice in another currency", p: pay("1700.00", "EUR", alloc(20, "INV-2027-00012", "50.00")),
			field: "allocations.0.document", msg: "allocation 1: the payment is in EUR but invoice INV-2027-00012 is in USD; record it in USD",
		},
		{
			name: "invoice with nothing open", p: pay("1700.00", "EUR", alloc(99, "INV-2026-00099", "5.00")),
			field: "allocations.0.document", msg: "allocation 1: invoice INV-2026-00099 has nothing open for this client",
		},
		{
			name: "more than the payment", p: pay("1000.00", "EUR", alloc(11, "INV-2027-00001", "800.00"), alloc(12, "INV-2027-00002", "200.01")),
			field: "allocations", msg: "the allocations total 1,000.01 EUR, more than the payment of 1,000.00 EUR",
		},
		{
			name: "the same invoice twice", p: pay("1000.00", "EUR", alloc(11, "INV-2027-00001", "100.00"), alloc(11, "INV-2027-00001", "100.00")),
			field: "allocations.1.document", msg: "allocation 2: invoice INV-2027-00001 is already in allocation 1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckAllocations(tt.p, open)
			if tt.wantOK {
				if err != nil {
					t.Fatalf("CheckAllocations = %v, want nil", err)
				}
				return
			}
			if ErrorCode(err) != EINVALID {
				t.Fatalf("CheckAllocations = %v, want EINVALID", err)
			}
			if got := FieldErrors(err)[tt.field]; got != tt.msg {
				t.Errorf("fields[%q] = %q, want %q (all: %v)", tt.field, got, tt.msg, FieldErrors(err))
			}
		})
	}
}

func TestCheckAllocationTargets(t *testing.T) {
	issued := func(id int64, number, open string) AllocationTarget {
		return AllocationTarget{Kind: KindInvoice, Status: DocIssued, ClientID: 3,
			Item: openItem(id, number, "EUR", "2027-01-10", "2027-02-09", open)}
	}
	targets := map[int64]AllocationTarget{
		1: issued(1, "INV-1", "300.00"),
		2: {Kind: KindInvoice, Status: DocDraft, ClientID: 3},
		3: {Kind: KindInvoice, Status: DocVoid, ClientID: 3, Item: openItem(3, "INV-3", "EUR", "2027-01-10", "", "0")},
		4: {Kind: KindCreditNote, Status: DocIssued, ClientID: 3},
		5: {Kind: KindInvoice, Status: DocIssued, ClientID: 4, Item: openItem(5, "INV-5", "EUR", "2027-01-10", "", "10.00")},
		6: {Kind: KindQuote, Status: DocAccepted, ClientID: 3},
	}
	if err := CheckAllocationTargets(pay("500.00", "EUR", alloc(1, "INV-1", "300.00")), targets); err != nil {
		t.Fatalf("the whole open amount of an issued invoice: %v", err)
	}
	err := CheckAllocationTargets(pay("500.00", "EUR",
		alloc(1, "INV-1", "300.01"), alloc(2, "", "1.00"), alloc(3, "INV-3", "1.00"), alloc(4, "CN-1", "1.00"),
		alloc(5, "INV-5", "1.00"), alloc(6, "QUO-6", "1.00"), alloc(77, "", "1.00")), targets)
	want := map[string]string{
		"allocations.0.amount":   "allocation 1: 300.01 EUR is more than the 300.00 EUR open on invoice INV-1",
		"allocations.1.document": "allocation 2: invoice #2 is a draft; issue it before recording a payment against it",
		"allocations.2.document": "allocation 3: invoice INV-3 is void, so nothing is owed on it",
		"allocations.3.document": "allocation 4: CN-1 is a credit note, not an invoice",
		"allocations.4.document": "allocation 5: invoice INV-5 is another client's",
		"allocations.5.document": "allocation 6: QUO-6 is a quote, not an invoice",
		"allocations.6.document": "allocation 7: invoice #77 does not exist",
	}
	got := FieldErrors(err)
	if ErrorCode(err) != EINVALID || len(got) != len(want) {
		t.Fatalf("err = %v, fields %v", err, got)
	}
	for f, msg := range want {
		if got[f] != msg {
			t.Errorf("fields[%q] = %q, want %q", f, got[f], msg)
		}
	}
}

func TestCheckAllocationsKWD(t *testing.T) {
	open := openMap([]OpenItem{openItem(1, "INV-K1", "KWD", "2027-01-01", "2027-01-31", "0.750")})
	if err := CheckAllocations(pay("1.000", "KWD", alloc(1, "INV-K1", "0.750")), open); err != nil {
		t.Errorf("0.750 of 0.750: %v", err)
	}
	err := CheckAllocations(pay("1.000", "KWD", alloc(1, "INV-K1", "0.751")), open)
	if got := FieldErrors(err)["allocations.0.amount"]; got != "allocation 1: 0.751 KWD is more than the 0.750 KWD open on invoice INV-K1" {
		t.Errorf("0.751 of 0.750: %q", got)
	}
}

func TestDocumentBalance(t *testing.T) {
	tests := []struct{ total, allocated, credited, want string }{
		{"1000.00", "0", "0", "1000.00"},
		{"1000.00", "400.00", "0", "600.00"},
		{"1000.00", "400.00", "100.00", "500.00"},
		{"1000.00", "900.00", "100.00", "0"},
		{"1000.00", "1000.00", "100.00", "-100.00"}, // credited after it was paid: owed to the client
		{"1.234", "0.500", "0.034", "0.700"},        // KWD
		{"15000", "14999", "0", "1"},                // JPY
	}
	for _, tt := range tests {
		if got := DocumentBalance(dec(tt.total), dec(tt.allocated), dec(tt.credited)); !got.Equal(dec(tt.want)) {
			t.Errorf("DocumentBalance(%s, %s, %s) = %s, want %s", tt.total, tt.allocated, tt.credited, got, tt.want)
		}
	}
}

func TestPaymentStatus(t *testing.T) {
	due := NewDate(2027, time.March, 31)
	tests := []struct {
		name        string
		kind        DocKind
		status      DocStatus
		total, open string
		due, asOf   Date
		want        PayState
	}{
		{"issued, nothing paid", KindInvoice, DocIssued, "100", "100", due, due.AddDays(-10), PayIssued},
		{"on the due date it is not yet overdue", KindInvoice, DocIssued, "100", "100", due, due, PayIssued},
		{"the day after the due date", KindInvoice, DocIssued, "100", "100", due, due.AddDays(1), PayOverdue},
		{"part paid, not yet due", KindInvoice, DocIssued, "100", "40", due, due, PayPartial},
		{"part paid and overdue", KindInvoice, DocIssued, "100", "40", due, due.AddDays(5), PayOverdue},
		{"paid", KindInvoice, DocIssued, "100", "0", due, due.AddDays(50), PayPaid},
		{"over-credited", KindInvoice, DocIssued, "100", "-10", due, due, PayPaid},
		{"zero invoice", KindInvoice, DocIssued, "0", "0", due, due, PayPaid},
		{"no due date is never overdue", KindInvoice, DocIssued, "100", "100", Date{}, due.AddDays(400), PayIssued},
		{"draft", KindInvoice, DocDraft, "100", "100", due, due.AddDays(5), PayNone},
		{"void", KindInvoice, DocVoid, "100", "100", due, due.AddDays(5), PayNone},
		{"credit note", KindCreditNote, DocIssued, "100", "100", due, due.AddDays(5), PayNone},
		{"quote", KindQuote, DocAccepted, "100", "100", due, due.AddDays(5), PayNone},
	}
	for _, tt := range tests {
		got := PaymentStatus(tt.kind, tt.status, dec(tt.total), dec(tt.open), tt.due, tt.asOf)
		if got != tt.want {
			t.Errorf("%s: PaymentStatus = %q, want %q", tt.name, got, tt.want)
		}
	}
	if PayPartial.Title() != "Partially paid" || PayNone.Title() != "" {
		t.Errorf("titles %q %q", PayPartial.Title(), PayNone.Title())
	}
}

func TestPaymentMethods(t *testing.T) {
	for _, m := range PaymentMethods() {
		if !m.Valid() || m.Title() == string(m) {
			t.Errorf("method %q: valid %v, title %q", m, m.Valid(), m.Title())
		}
	}
	if PaymentMethod("barter").Valid() || MethodBankTransfer.Title() != "Bank transfer" {
		t.Error("method checks")
	}
}
