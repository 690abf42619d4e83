package receivables

import (
	"context"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
)

// column is column key's cells of every row, in the order shown.
func column[T any](tb *kit.Table[T], key string) []string {
	i := -1
	for j, k := range tb.ColumnKeys() {
		if k == key {
			i = j
		}
	}
	var out []string
	for r := 0; r < tb.Total(); r++ {
		out = append(out, tb.RowTexts(r)[i])
	}
	return out
}

// A payment recorded anywhere (here straight through the book, as another
// screen or the command line would) shows in the list on screen without
// anyone refreshing it.
func TestPaymentRecordedElsewhereShowsInTheList(t *testing.T) {
	f := newFixture(t, true)
	f.s.ShowView("payments")
	if f.s.payments.table.Total() != 0 {
		t.Fatal("payments before any was recorded")
	}
	f.pay(t, f.bakker, domain.NewDate(2027, 2, 27), "123.45", domain.MethodCard, "From the phone")
	if got := column(f.s.payments.table, "client"); strings.Join(got, ",") != "Bakker Logistics BV" {
		t.Fatalf("the list shows %q after a payment was recorded", got)
	}
	if f.s.payments.count.Text != "1 payment" {
		t.Errorf("count %q", f.s.payments.count.Text)
	}
	// The overdue list follows too: the payment leaves less open on the
	// oldest invoice once it is allocated.
	f.s.ShowView("overdue")
	ctx := context.Background()
	p := &domain.Payment{ClientID: f.bakker.ID, Date: asOf, Method: domain.MethodCash,
		Amount:      money.Money{Amount: decimal.NewFromInt(600), Currency: "EUR"},
		Allocations: []domain.Allocation{{DocumentID: f.inv["late10"].ID, Amount: decimal.NewFromInt(600)}}}
	if err := f.book.Payments().CreatePayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	if got := column(f.s.overdue.table, "number"); strings.Join(got, ",") != f.inv["old"].Number+","+f.inv["late45"].Number {
		t.Errorf("overdue after the payment: %q", got)
	}
}

// A click on a header sorts by that column (▲, then ▼ on a second click),
// and Export CSV… writes the columns shown in the order shown.
func TestHeaderClickSortsAndExportWritesTheColumnsShown(t *testing.T) {
	f := newFixture(t, true)
	for i, amount := range []string{"30.00", "1200.00", "5.00"} {
		f.pay(t, []*domain.Client{f.bakker, f.orsted, f.bakker}[i], domain.NewDate(2027, 2, 10+i), amount, domain.MethodCash, "")
	}
	f.s.ShowView("payments")
	tb := f.s.payments.table
	if got := column(tb, "amount"); strings.Join(got, " ") != "5.00 1,200.00 30.00" {
		t.Fatalf("newest first: %q", got)
	}
	tb.TapHeader(3)
	if got := column(tb, "amount"); tb.HeaderText(3) != "Amount ▲" || strings.Join(got, " ") != "5.00 30.00 1,200.00" {
		t.Errorf("by amount (%q): %q", tb.HeaderText(3), got)
	}
	tb.TapHeader(2)
	if got := column(tb, "client"); tb.HeaderText(2) != "Client ▲" || tb.HeaderText(3) != "Amount" ||
		strings.Join(got, ",") != "Bakker Logistics BV,Bakker Logistics BV,Ørsted Façades GmbH" {
		t.Errorf("by client (%q): %q", tb.HeaderText(2), got)
	}
	tb.TapHeader(1)
	tb.TapHeader(1)
	if got := column(tb, "date"); tb.HeaderText(1) != "Date ▼" || strings.Join(got, " ") != "2027-02-12 2027-02-11 2027-02-10" {
		t.Errorf("by date, descending: %q", got)
	}
	tb.TapHeader(3)
	rows := exported(t, f, domain.ExportFormat{}, tableCSV(tb, f.book))
	if strings.Join(rows[0], ",") != strings.Join(tb.ColumnKeys(), ",") || len(rows[0]) != len(tb.RowTexts(0)) {
		t.Errorf("the file's columns %q, the table's %q", rows[0], tb.ColumnKeys())
	}
	for i, r := range rows[1:] {
		if r[1] != tb.RowTexts(i)[1] || r[4] != tb.RowTexts(i)[4] {
			t.Errorf("row %d: the file has %q, the table %q", i, r, tb.RowTexts(i))
		}
	}

	// The deposits sort in memory.
	ctx := context.Background()
	acct := &domain.BankAccount{Name: "Operating account", Currency: "EUR"}
	if err := f.book.Bank().CreateBankAccount(ctx, acct); err != nil {
		t.Fatal(err)
	}
	ps, _ := f.book.Bank().UndepositedPayments(ctx, domain.UndepositedFilter{Currency: "EUR"})
	for i, p := range ps {
		d := &domain.Deposit{AccountID: acct.ID, Date: domain.NewDate(2027, 2, 20+i), Reference: "Slip", Payments: []domain.DepositPayment{p},
			Total: p.Amount}
		if err := f.book.Bank().CreateDeposit(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	f.s.ShowView("deposits")
	dt := f.s.deposits.table
	if dt.Total() != 3 {
		t.Fatalf("%d deposits listed", dt.Total())
	}
	dt.TapHeader(5)
	dt.TapHeader(5)
	if got := column(dt, "total"); dt.HeaderText(5) != "Total ▼" || strings.Join(got, " ") != "1,200.00 30.00 5.00" {
		t.Errorf("deposits by total, descending: %q", got)
	}
	rows = exported(t, f, domain.ExportFormat{}, tableCSV(dt, f.book))
	if strings.Join(rows[0], ",") != strings.Join(dt.ColumnKeys(), ",") || rows[1][5] != "1200.00" {
		t.Errorf("deposits exported %q", rows)
	}
}

// The aging's headers sort it (largest debtor first until then) with the
// totals staying below, and the drill-down is a table of its own whose
// Export CSV… writes what it shows and then its total.
func TestAgingHeaderClickSortsAndTheTotalsStay(t *testing.T) {
	f := newFixture(t, true)
	v := f.s.aging
	if got := column(v.table, "client"); strings.Join(got, ",") != "Bakker Logistics BV,Ørsted Façades GmbH" {
		t.Fatalf("largest debtor first: %q", got)
	}
	v.table.TapHeader(1) // Current
	if got := column(v.table, "client"); v.table.HeaderText(1) != "Current ▲" || strings.Join(got, ",") != "Bakker Logistics BV,Ørsted Façades GmbH" {
		t.Errorf("by current (%q): %q", v.table.HeaderText(1), got)
	}
	v.table.TapHeader(1)
	if got := column(v.table, "Current"); v.table.HeaderText(1) != "Current ▼" || strings.Join(got, ",") != "1,000.00," {
		t.Errorf("by current, descending: %q", got)
	}
	if tot := v.totals.Texts(); tot[0] != "Total EUR" || tot[6] != "5,850.50" {
		t.Errorf("totals %q", tot)
	}
	rows := exported(t, f, domain.ExportFormat{}, v.WriteCSV)
	if len(rows) != 4 || rows[1][0] != "Ørsted Façades GmbH" || rows[3][0] != "Total" {
		t.Errorf("the file follows the order shown, the totals last: %q", rows)
	}

	v.table.List().Select(1) // Bakker, now second
	dd := v.drill
	if dd == nil || dd.row.ClientID != f.bakker.ID {
		t.Fatalf("opened %+v", dd)
	}
	if got := column(dd.table, "days_overdue"); strings.Join(got, ",") != "121 days,10 days" {
		t.Errorf("the drill-down shows %q", got)
	}
	dd.table.TapHeader(4) // Open
	if got := column(dd.table, "open"); dd.table.HeaderText(4) != "Open ▲" || strings.Join(got, ",") != "600.00,4,000.00" {
		t.Errorf("by open (%q): %q", dd.table.HeaderText(4), got)
	}
	if tot := dd.totals.Texts(); tot[0] != "Total open EUR" || tot[4] != "4,600.00" {
		t.Errorf("drill-down total %q", tot)
	}
	rows = exported(t, f, domain.ExportFormat{}, dd.WriteCSV)
	if strings.Join(rows[0], ",") != strings.Join(dd.table.ColumnKeys(), ",") || rows[1][4] != "600.00" || rows[3][0] != "Total open" {
		t.Errorf("drill-down file %q", rows)
	}
}
