package main

import (
	"context"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
)

// receivablesBook is a book with one EUR client, Nordlicht Logistik GmbH, and
// two issued invoices: INV-2027-00001 for 1,000.00 issued 2027-01-10 and due
// 2027-02-09, and INV-2027-00002 for 500.00 issued 2027-02-01 and due
// 2027-03-03. The book is closed again, so the command line can open it.
func receivablesBook(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	b, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	c := &domain.Client{Name: "Nordlicht Logistik GmbH", Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: 30,
		CreditLimit: money.Zero("EUR"), Billing: domain.Address{Line1: "Hafenstraße 1", City: "Hamburg", Country: "Germany"}}
	if err := b.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	for _, inv := range []struct{ issued, due, price string }{
		{"2027-01-10", "2027-02-09", "1000.00"},
		{"2027-02-01", "2027-03-03", "500.00"},
	} {
		issued, _ := domain.ParseDate(inv.issued)
		due, _ := domain.ParseDate(inv.due)
		d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), issued)
		d.DueDate = due
		d.Lines = []domain.Line{{Description: "Work", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.RequireFromString(inv.price)}}
		if err := b.Documents().CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		if _, _, err := b.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func readCSV(t *testing.T, out string) [][]string {
	t.Helper()
	if !strings.HasPrefix(out, "\ufeff") {
		t.Errorf("CSV does not start with a UTF-8 BOM: %q", out)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestPaymentsAddWithAutoAllocation(t *testing.T) {
	db := receivablesBook(t)
	// 1,200.00 pays the older invoice in full and 200.00 of the other.
	code, out, errOut := ctl(t, "--db", db, "payments", "add", "--client", "nordlicht logistik gmbh", "--amount", "1,200.00",
		"--date", "2027-03-01", "--reference", "SEPA 991", "--allocate", "auto")
	if code != 0 {
		t.Fatalf("payments add: exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{
		"Recorded payment 1: 1,200.00 EUR from Nordlicht Logistik GmbH on 2027-03-01 by bank transfer.",
		"Allocated to INV-2027-00001  1,000.00 EUR",
		"Allocated to INV-2027-00002  200.00 EUR",
		"Unapplied credit: 0.00 EUR",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// 400.00 more: 300.00 is all that is open, the rest is credit.
	code, out, errOut = ctl(t, "--db", db, "payments", "add", "--client", "Nordlicht Logistik GmbH", "--amount", "400",
		"--date", "2027-03-10", "--method", "cheque", "--allocate", "auto")
	if code != 0 || !strings.Contains(out, "Allocated to INV-2027-00002  300.00 EUR") || !strings.Contains(out, "Unapplied credit: 100.00 EUR") {
		t.Fatalf("second payment: exit %d\n%s%s", code, out, errOut)
	}
	// Nothing is open any more: naming a paid invoice is refused at the flag.
	code, _, errOut = ctl(t, "--db", db, "payments", "add", "--client", "Nordlicht Logistik GmbH", "--amount", "5",
		"--date", "2027-03-11", "--allocate", "INV-2027-00001=5.00")
	if want := "--allocate: allocation 1: 5.00 EUR is more than the 0.00 EUR open on invoice INV-2027-00001."; code != 1 || !strings.Contains(errOut, want) {
		t.Errorf("allocating to a paid invoice: exit %d, stderr %q, want %q", code, errOut, want)
	}

	code, out, errOut = ctl(t, "--db", db, "payments", "list", "--csv")
	if code != 0 {
		t.Fatalf("payments list --csv: exit %d: %s", code, errOut)
	}
	recs := readCSV(t, out)
	want := [][]string{
		{"id", "date", "client", "amount", "currency", "method", "reference", "allocated", "unapplied", "invoices"},
		{"2", "2027-03-10", "Nordlicht Logistik GmbH", "400.00", "EUR", "cheque", "", "300.00", "100.00", "INV-2027-00002"},
		{"1", "2027-03-01", "Nordlicht Logistik GmbH", "1200.00", "EUR", "bank-transfer", "SEPA 991", "1200.00", "0.00", "INV-2027-00001 INV-2027-00002"},
	}
	if len(recs) != len(want) {
		t.Fatalf("CSV %v, want %v", recs, want)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("CSV row %d = %v, want %v", i, recs[i], want[i])
		}
	}
	code, out, _ = ctl(t, "--db", db, "payments", "list", "--client", "Nordlicht Logistik GmbH", "--from", "2027-03-05")
	if code != 0 || strings.Count(out, "\n") != 2 || !strings.Contains(out, "400.00 EUR") {
		t.Errorf("payments list --client --from: exit %d\n%s", code, out)
	}
}

func TestPaymentsAddRejectsBadInputAndChangesNothing(t *testing.T) {
	db := receivablesBook(t)
	base := []string{"--client", "Nordlicht Logistik GmbH", "--date", "2027-03-01"}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--amount", "abc"}, 1, `--amount: "abc" is not an amount.`},
		{[]string{"--amount", "-5"}, 1, "--amount: the amount must be more than zero."},
		{[]string{"--amount", "0"}, 1, "--amount: the amount must be more than zero."},
		{[]string{"--amount", "1.234"}, 1, "--amount: EUR amounts have at most 2 decimal places."},
		{[]string{"--amount", "12,5,0"}, 1, "--amount: "},
		{[]string{}, 1, "--amount: enter an amount."},
		{[]string{"--amount", "10", "--currency", "XYZ"}, 1, "--currency: "},
		{[]string{"--amount", "10", "--method", "barter"}, 1, "--method: choose bank transfer, card, cash, cheque or other."},
		{[]string{"--amount", "10", "--date", "31.03.2027"}, 1, `--date: "31.03.2027" is not a date; write it as YYYY-MM-DD`},
		{[]string{"--amount", "10", "--date", ""}, 1, "--date: enter the date the payment arrived."},
		{[]string{"--amount", "10", "--client", "Nobody"}, 1, `--client: no client is called "Nobody".`},
		{[]string{"--amount", "10", "--allocate", "INV-2099-00001=5"}, 1, "--allocate: there is no invoice numbered INV-2099-00001."},
		{[]string{"--amount", "10", "--allocate", "everything"}, 1, "--allocate: write auto or INV-NUMBER=AMOUNT"},
		{[]string{"--amount", "10", "--allocate", "INV-2027-00001=2.5.0"}, 1, `--allocate: INV-2027-00001: "2.5.0" is not an amount.`},
		{[]string{"--amount", "10", "--allocate", "INV-2027-00001=11"}, 1, "--allocate: the allocations total 11.00 EUR, more than the payment of 10.00 EUR."},
		{[]string{"--amount", "2,000.00", "--allocate", "INV-2027-00001=1,000.01"}, 1,
			"--allocate: allocation 1: 1,000.01 EUR is more than the 1,000.00 EUR open on invoice INV-2027-00001."},
		{[]string{"--amount", "10", "--currency", "USD", "--allocate", "INV-2027-00001=10"}, 1,
			"--allocate: allocation 1: the payment is in USD but invoice INV-2027-00001 is in EUR; record it in EUR."},
		{[]string{"--amount", "10", "stray"}, 2, "unexpected argument"},
	}
	for _, c := range cases {
		args := append(append([]string{"--db", db, "payments", "add"}, base...), c.args...)
		code, _, errOut := ctl(t, args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("payments add %q: exit %d (want %d), stderr %q (want it to mention %q)", c.args, code, c.code, errOut, c.want)
		}
	}
	_, out, _ := ctl(t, "--db", db, "payments", "list", "--csv")
	if n := strings.Count(out, "\n"); n != 1 {
		t.Errorf("after only bad input the book lists %d lines, want just the header:\n%s", n, out)
	}
}

// The aging report as of 2027-03-31, when 600.00 of INV-2027-00001 had been
// paid and 50.00 sat unallocated, and as of 2027-04-30, after a payment of
// 500.00 on 2027-04-05 paid INV-2027-00002:
//
//	                      Current  1–30    31–60   61–90   Over 90  total   credits  net
//	as of 03-31: INV-1 400.00 is 50 days late, INV-2 500.00 28 days
//	Nordlicht               0.00   500.00  400.00    0.00     0.00  900.00    50.00  850.00
//	as of 04-30: INV-1 400.00 is 80 days late, INV-2 paid
//	Nordlicht               0.00     0.00    0.00  400.00     0.00  400.00    50.00  350.00
func TestAgingCSV(t *testing.T) {
	db := receivablesBook(t)
	for _, args := range [][]string{
		{"--amount", "600", "--date", "2027-03-01", "--allocate", "INV-2027-00001=600"},
		{"--amount", "50", "--date", "2027-03-15"},
		{"--amount", "500", "--date", "2027-04-05", "--allocate", "INV-2027-00002=500.00"},
	} {
		if code, out, errOut := ctl(t, append([]string{"--db", db, "payments", "add", "--client", "Nordlicht Logistik GmbH"}, args...)...); code != 0 {
			t.Fatalf("payments add %q: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	header := "client|Current|1–30|31–60|61–90|Over 90|total|credits|net"
	for _, tt := range []struct{ asOf, row string }{
		{"2027-03-31", "Nordlicht Logistik GmbH|0.00|500.00|400.00|0.00|0.00|900.00|50.00|850.00"},
		{"2027-04-30", "Nordlicht Logistik GmbH|0.00|0.00|0.00|400.00|0.00|400.00|50.00|350.00"},
	} {
		code, out, errOut := ctl(t, "--db", db, "aging", "--as-of", tt.asOf, "--currency", "EUR", "--csv")
		if code != 0 {
			t.Fatalf("aging --as-of %s: exit %d: %s", tt.asOf, code, errOut)
		}
		recs := readCSV(t, out)
		if len(recs) != 2 || strings.Join(recs[0], "|") != header || strings.Join(recs[1], "|") != tt.row {
			t.Errorf("aging as of %s:\n%v\nwant\n%s\n%s", tt.asOf, recs, header, tt.row)
		}
	}
	code, out, errOut := ctl(t, "--db", db, "aging", "--as-of", "2027-03-31", "--currency", "eur")
	if code != 0 || !strings.Contains(out, "Receivables in EUR as of 2027-03-31") || !strings.Contains(out, "Total") ||
		!strings.Contains(out, "850.00") {
		t.Errorf("aging table: exit %d\n%s%s", code, out, errOut)
	}
	// The company's currency (USD in a new book) is the default: nothing is owed in it.
	code, out, _ = ctl(t, "--db", db, "aging", "--as-of", "2027-03-31", "--csv")
	if recs := readCSV(t, out); code != 0 || len(recs) != 1 {
		t.Errorf("aging in USD: exit %d, %v", code, recs)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--as-of", "yesterday"}, 1, `--as-of: "yesterday" is not a date`},
		{[]string{"--currency", "XYZ"}, 1, "--currency: "},
		{[]string{"--buckets", "60,30"}, 1, "--buckets: the days must go up, e.g. 30, 60, 90."},
		{[]string{"--buckets", "30,sixty"}, 1, `--buckets: "sixty" is not a number of days`},
		{[]string{"--colour"}, 2, "no such flag --colour"},
	} {
		code, _, errOut := ctl(t, append([]string{"--db", db, "aging"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("aging %q: exit %d (want %d), stderr %q (want it to mention %q)", c.args, code, c.code, errOut, c.want)
		}
	}
}
