package domain

import (
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// The lines come out by date; on one day invoices, credit notes, then
// payments; documents by number, payments in the order they were recorded.
// The balance runs from the opening: 100 + 50 + 20 − 5 − 30 − 10 + 7 = 132.
func TestNewStatementOrdersAndRunsTheBalance(t *testing.T) {
	day1, day2 := NewDate(2027, time.January, 5), NewDate(2027, time.January, 9)
	in := []StatementLine{
		{Date: day2, Kind: StatementPayment, ID: 9, Reference: "A", Credit: dec("10")},
		{Date: day1, Kind: StatementPayment, ID: 8, Reference: "Z", Credit: dec("30")},
		{Date: day1, Kind: StatementCreditNote, ID: 5, Reference: "CN-1", Credit: dec("5")},
		{Date: day1, Kind: StatementInvoice, ID: 3, Reference: "INV-2", Debit: dec("20")},
		{Date: day1, Kind: StatementInvoice, ID: 4, Reference: "INV-1", Debit: dec("50")},
		{Date: day2, Kind: StatementInvoice, ID: 6, Reference: "INV-3", Debit: dec("7")},
	}
	for i := range in {
		if in[i].Debit.IsZero() {
			in[i].Debit = decimal.Zero
		}
		if in[i].Credit.IsZero() {
			in[i].Credit = decimal.Zero
		}
	}
	c := &Client{ID: 1, Name: "Ørsted"}
	st := NewStatement(c, "EUR", day1, day2, dec("100"), in)
	var refs, bals []string
	for _, l := range st.Lines {
		refs = append(refs, l.Reference)
		bals = append(bals, l.Balance.String())
	}
	if want := []string{"INV-1", "INV-2", "CN-1", "Z", "INV-3", "A"}; !reflect.DeepEqual(refs, want) {
		t.Errorf("order %q, want %q", refs, want)
	}
	if want := []string{"150", "170", "165", "135", "142", "132"}; !reflect.DeepEqual(bals, want) {
		t.Errorf("balances %q, want %q", bals, want)
	}
	if !st.Closing.Equal(dec("132")) || !st.Opening.Equal(dec("100")) || st.Client != c || st.Currency != "EUR" ||
		st.From != day1 || st.To != day2 {
		t.Errorf("statement %+v", st)
	}
	debit, credit := st.Totals()
	if !debit.Equal(dec("77")) || !credit.Equal(dec("45")) || !st.Opening.Add(debit).Sub(credit).Equal(st.Closing) {
		t.Errorf("totals %s %s", debit, credit)
	}
	if in[0].Reference != "A" || !in[0].Balance.IsZero() {
		t.Error("NewStatement changed its argument")
	}

	// Two payments on one day keep the order they were recorded in, whatever
	// their references.
	st = NewStatement(c, "EUR", day1, day1, decimal.Zero, []StatementLine{
		{Date: day1, Kind: StatementPayment, ID: 2, Reference: "a", Debit: decimal.Zero, Credit: dec("1")},
		{Date: day1, Kind: StatementPayment, ID: 1, Reference: "b", Debit: decimal.Zero, Credit: dec("1")},
	})
	if st.Lines[0].ID != 1 || !st.Closing.Equal(dec("-2")) {
		t.Errorf("payments %+v closing %s", st.Lines, st.Closing)
	}
	// No lines: the closing is the opening.
	if st := NewStatement(c, "EUR", day1, day2, dec("12.50"), nil); !st.Closing.Equal(dec("12.50")) || len(st.Lines) != 0 {
		t.Errorf("empty statement %+v", st)
	}
}

func TestStatementKindTitle(t *testing.T) {
	for k, want := range map[StatementKind]string{StatementInvoice: "Invoice", StatementCreditNote: "Credit note",
		StatementPayment: "Payment"} {
		if got := k.Title(); got != want {
			t.Errorf("%s: %q", k, got)
		}
	}
}

func TestCheckStatementPeriod(t *testing.T) {
	jan, feb := NewDate(2027, time.January, 1), NewDate(2027, time.February, 1)
	if err := CheckStatementPeriod(jan, feb); err != nil {
		t.Errorf("a good period: %v", err)
	}
	if err := CheckStatementPeriod(jan, jan); err != nil {
		t.Errorf("one day: %v", err)
	}
	tests := []struct {
		from, to Date
		fields   map[string]string
		msg      string
	}{
		{feb, jan, map[string]string{"to": "the last day is before the first"},
			"Check the statement's period: the last day is before the first."},
		{Date{}, Date{}, map[string]string{"from": "enter the first day of the statement", "to": "enter the last day of the statement"},
			"Check the statement's period: enter the first day of the statement; enter the last day of the statement."},
	}
	for _, tt := range tests {
		err := CheckStatementPeriod(tt.from, tt.to)
		if ErrorCode(err) != EINVALID || !reflect.DeepEqual(FieldErrors(err), tt.fields) || ErrorMessage(err) != tt.msg {
			t.Errorf("%s–%s: %v %q", tt.from, tt.to, FieldErrors(err), ErrorMessage(err))
		}
	}
}

func TestDefaultStatementPeriod(t *testing.T) {
	tests := []struct{ asOf, from string }{
		{"2027-03-01", "2026-12-02"},
		{"2027-05-31", "2027-03-01"}, // 28 February + 1
		{"2027-03-31", "2027-01-01"},
	}
	for _, tt := range tests {
		asOf, _ := ParseDate(tt.asOf)
		from, to := DefaultStatementPeriod(asOf)
		if from.String() != tt.from || to != asOf {
			t.Errorf("as of %s: %s–%s, want %s–%s", tt.asOf, from, to, tt.from, tt.asOf)
		}
	}
}
