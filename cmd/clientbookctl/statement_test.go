package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
)

// statementBook is a book with one EUR client, Müller & Søn Façades GmbH,
// whose February and March 2027 make a statement that can be checked by hand:
//
//	2027-01-10  INV-2027-00001 1,000.00, due 2027-02-09
//	2027-01-20  payment 200.00, auto-allocated to INV-1   → opening 800.00 on 2027-02-01
//	2027-02-05  INV-2027-00002 500.00                     1,300.00
//	2027-02-15  payment 300.00 (partial, INV-1)           1,000.00
//	2027-02-20  INV-2027-00003 150.00 + 100.00            1,250.00
//	2027-03-10  CN-2027-0001 credits the 100.00 line      1,150.00
//	2027-03-10  payment 1,300.00 pays all, 150.00 over     −150.00 → closing on 2027-03-31
//	2027-04-02  payment 50.00, after the period
//
// The book is closed again, so the command line can open it.
func statementBook(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "b.db")
	b, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c := &domain.Client{Name: "Müller & Søn Façades GmbH", Status: domain.StatusActive, Currency: "EUR",
		PaymentTermsDays: 30, CreditLimit: money.Zero("EUR"),
		Billing: domain.Address{Line1: "Große Elbstraße 7", City: "Hamburg", Country: "Germany"}}
	if err := b.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	issue := func(date string, prices ...string) *domain.Document {
		t.Helper()
		d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), day(t, date))
		for _, p := range prices {
			d.Lines = append(d.Lines, domain.Line{Description: "Work", Quantity: decimal.NewFromInt(1),
				UnitPrice: decimal.RequireFromString(p)})
		}
		if err := b.Documents().CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		inv, _, err := b.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
		if err != nil {
			t.Fatal(err)
		}
		return inv
	}
	issue("2027-01-10", "1000.00")
	issue("2027-02-05", "500.00")
	inv3 := issue("2027-02-20", "150.00", "100.00")
	cn, err := b.Documents().CreditNote(ctx, inv3.ID, []int64{inv3.Lines[1].ID})
	if err != nil {
		t.Fatal(err)
	}
	cn.IssueDate, cn.DueDate = day(t, "2027-03-10"), day(t, "2027-03-10")
	if err := b.Documents().UpdateDraft(ctx, cn); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Documents().Issue(ctx, cn.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	for _, p := range []struct{ date, amount, ref string }{
		{"2027-01-20", "200.00", "SEPA 1"}, {"2027-02-15", "300.00", "SEPA 2"}, {"2027-03-10", "1300.00", "=SEPA 3"},
		{"2027-04-02", "50.00", "SEPA 4"},
	} {
		if code, out, errOut := ctl(t, "--db", path, "payments", "add", "--client", c.Name, "--amount", p.amount,
			"--date", p.date, "--reference", p.ref, "--allocate", "auto"); code != 0 {
			t.Fatalf("payments add %s: exit %d\n%s%s", p.amount, code, out, errOut)
		}
	}
	return path
}

func day(t *testing.T, s string) domain.Date {
	t.Helper()
	d, err := domain.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

var statementCSV = [][]string{
	{"date", "kind", "reference", "description", "debit", "credit", "balance", "currency"},
	{"2027-02-01", "opening", "", "Opening balance", "", "", "800.00", "EUR"},
	{"2027-02-05", "invoice", "INV-2027-00002", "Due 2027-03-07", "500.00", "", "1300.00", "EUR"},
	{"2027-02-15", "payment", "SEPA 2", "Bank transfer · INV-2027-00001", "", "300.00", "1000.00", "EUR"},
	{"2027-02-20", "invoice", "INV-2027-00003", "Due 2027-03-22", "250.00", "", "1250.00", "EUR"},
	{"2027-03-10", "credit-note", "CN-2027-0001", "For invoice INV-2027-00003", "", "100.00", "1150.00", "EUR"},
	{"2027-03-10", "payment", "'=SEPA 3", "Bank transfer · INV-2027-00001, INV-2027-00002, INV-2027-00003 · 150.00 on account",
		"", "1300.00", "-150.00", "EUR"},
	{"2027-03-31", "closing", "", "Closing balance", "", "", "-150.00", "EUR"},
}

func TestStatementCSV(t *testing.T) {
	db := statementBook(t)
	// To standard output, the client named without its accents.
	code, out, errOut := ctl(t, "--db", db, "statement", "--client", "muller & son facades gmbh", "--from", "2027-02-01",
		"--to", "2027-03-31", "--csv", "-")
	if code != 0 {
		t.Fatalf("statement --csv -: exit %d\n%s", code, errOut)
	}
	if got := readCSV(t, out); !reflect.DeepEqual(got, statementCSV) {
		t.Errorf("CSV\n got %q\nwant %q", got, statementCSV)
	}
	// To a file, with a line saying what was written.
	path := filepath.Join(t.TempDir(), "statement.csv")
	code, out, errOut = ctl(t, "--db", db, "statement", "--client", "Müller & Søn Façades GmbH", "--from", "2027-02-01",
		"--to", "2027-03-31", "--currency", "eur", "--csv", path)
	if code != 0 {
		t.Fatalf("statement --csv FILE: exit %d\n%s", code, errOut)
	}
	want := "Wrote the statement of Müller & Søn Façades GmbH in EUR from 2027-02-01 to 2027-03-31 to " + path +
		": opening 800.00, 5 lines, closing -150.00.\n"
	if out != want {
		t.Errorf("output %q, want %q", out, want)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := readCSV(t, string(b)); !reflect.DeepEqual(got, statementCSV) {
		t.Errorf("CSV file\n got %q", got)
	}
	// The closing balance is the aging's net for the client on the last day.
	code, out, _ = ctl(t, "--db", db, "aging", "--as-of", "2027-03-31", "--currency", "EUR", "--csv")
	if recs := readCSV(t, out); code != 0 || len(recs) != 2 || recs[1][len(recs[1])-1] != "-150.00" {
		t.Errorf("aging as of 2027-03-31: %q", recs)
	}
}

func TestStatementPDF(t *testing.T) {
	db := statementBook(t)
	path := filepath.Join(t.TempDir(), "statement.pdf")
	code, out, errOut := ctl(t, "--db", db, "statement", "--client", "Müller & Søn Façades GmbH", "--from", "2027-02-01",
		"--to", "2027-03-31", "--pdf", path)
	if code != 0 || !strings.Contains(out, "closing -150.00.") {
		t.Fatalf("statement --pdf: exit %d\n%s%s", code, out, errOut)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if b, _ := os.ReadFile(path); !strings.HasPrefix(string(b), "%PDF-") {
			t.Error("not a PDF")
		}
		t.Skip("pdftotext (poppler-utils) is not installed; the PDF's text was not read")
	}
	text, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"STATEMENT", "Müller & Søn Façades GmbH", "Große Elbstraße 7", "Opening balance",
		"800.00", "INV-2027-00002", "CN-2027-0001", "Closing balance", "-150.00", "AGING ON 2027-03-31"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF text lacks %q", want)
		}
	}
	if strings.Contains(string(text), "SEPA 4") {
		t.Error("the payment after the period is on the statement")
	}
}

func TestStatementBadInput(t *testing.T) {
	db := statementBook(t)
	out := filepath.Join(t.TempDir(), "s.pdf")
	base := []string{"--db", db, "statement", "--client", "Müller & Søn Façades GmbH"}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--from", "2027-02-01", "--to", "2027-03-31"}, 2, "give --pdf FILE or --csv FILE"},
		{[]string{"--from", "2027-02-01", "--to", "2027-03-31", "--pdf", out, "--csv", "-"}, 2, "give --pdf FILE or --csv FILE"},
		{[]string{"--to", "2027-03-31", "--pdf", out}, 1, "--from: give the first day of the period as YYYY-MM-DD."},
		{[]string{"--from", "2027-02-30", "--to", "2027-03-31", "--pdf", out}, 1, "--from: "},
		{[]string{"--from", "2027-04-01", "--to", "2027-03-31", "--pdf", out}, 1, "--to: the last day is before the first."},
		{[]string{"--from", "2027-02-01", "--to", "2027-03-31", "--currency", "XYZ", "--pdf", out}, 1, "--currency: "},
	}
	for _, c := range cases {
		code, _, errOut := ctl(t, append(base, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d with %q", c.args, code, errOut, c.code, c.want)
		}
	}
	code, _, errOut := ctl(t, "--db", db, "statement", "--client", "Nobody", "--from", "2027-02-01", "--to", "2027-03-31", "--csv", "-")
	if code != 1 || !strings.Contains(errOut, `--client: no client is called "Nobody"`) {
		t.Errorf("unknown client: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a refused statement left a file behind")
	}
}
