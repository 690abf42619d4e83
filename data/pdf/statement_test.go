package pdf

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/domain"
)

// sampleStatement is the statement of the invoices' sample client over
// February and March 2027 with the lines of the data tests: opening 800.00,
// invoices of 500.00 and 250.00, a partial payment of 300.00, a credit note
// of 100.00 and an overpayment of 1,300.00, closing at −150.00. extra adds
// that many small invoices at the end of March, to run onto more pages.
func sampleStatement(extra int) StatementInput {
	in := sample(0)
	day := func(m time.Month, d int) domain.Date { return domain.NewDate(2027, m, d) }
	amt := decimal.RequireFromString
	lines := []domain.StatementLine{
		{Date: day(2, 5), Kind: domain.StatementInvoice, ID: 2, Reference: "INV-2027-00002", Description: "Due 2027-03-07",
			Debit: amt("500.00"), Credit: decimal.Zero},
		{Date: day(2, 15), Kind: domain.StatementPayment, ID: 7, Reference: "SEPA 2027-02-15 Müller",
			Description: "Bank transfer · INV-2027-00001", Debit: decimal.Zero, Credit: amt("300.00")},
		{Date: day(2, 20), Kind: domain.StatementInvoice, ID: 3, Reference: "INV-2027-00003",
			Description: "Due 2027-03-22 · PO Großauftrag-4711", Debit: amt("250.00"), Credit: decimal.Zero},
		{Date: day(3, 10), Kind: domain.StatementCreditNote, ID: 4, Reference: "CN-2027-0001",
			Description: "For invoice INV-2027-00003", Debit: decimal.Zero, Credit: amt("100.00")},
		{Date: day(3, 10), Kind: domain.StatementPayment, ID: 8, Reference: "",
			Description: "Bank transfer · INV-2027-00001, INV-2027-00002, INV-2027-00003 · 150.00 on account",
			Debit:       decimal.Zero, Credit: amt("1300.00")},
	}
	for i := 0; i < extra; i++ {
		lines = append(lines, domain.StatementLine{Date: day(3, 31), Kind: domain.StatementInvoice, ID: int64(100 + i),
			Reference: fmt.Sprintf("INV-2027-%05d", 100+i), Description: "Due 2027-04-30", Debit: amt("10.00"), Credit: decimal.Zero})
	}
	st := domain.NewStatement(in.Client, "EUR", day(2, 1), day(3, 31), amt("800.00"), lines)
	st.Client.ID = 1
	credit := amt("150.00").Sub(decimal.NewFromInt(int64(10 * extra)))
	items := []domain.AgingItem{}
	credits := map[int64]domain.ClientCredit{}
	if credit.IsPositive() {
		credits[1] = domain.ClientCredit{ClientName: st.Client.Name, Amount: credit}
	} else {
		items = append(items, domain.AgingItem{ClientID: 1, ClientName: st.Client.Name, DueDate: day(4, 30), Open: credit.Neg()})
	}
	st.Aging = domain.Age(items, credits, st.To, nil)
	return StatementInput{Company: in.Company, Statement: st}
}

func TestWriteStatement(t *testing.T) {
	in := sampleStatement(0)
	var buf bytes.Buffer
	if err := WriteStatement(&buf, in); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"STATEMENT", "Müller Straße Öl GmbH", "Großbeerenstraße 12", "Łukasz & Søren Consulting ApS",
		"2027-02-01", "2027-03-31", "Opening balance", "800.00", "INV-2027-00002", "1,300.00", "SEPA 2027-02-15",
		"CN-2027-0001", "Credit note", "Closing balance", "-150.00", "750.00", "1,700.00", "Over 90", "Page 1 of 1",
		"credit in your favour"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// The running balances, in order.
	at := 0
	for _, want := range []string{"1,300.00", "1,000.00", "1,250.00", "1,150.00", "-150.00"} {
		i := strings.Index(text[at:], want)
		if i < 0 {
			t.Fatalf("running balance %s missing after offset %d:\n%s", want, at, text)
		}
		at += i + len(want)
	}
	// The client is in credit: no bank details asked for.
	if strings.Contains(text, "IBAN") {
		t.Error("payment details on a statement in credit")
	}
	if out := os.Getenv("CLIENTBOOK_STATEMENT_OUT"); out != "" {
		os.WriteFile(out, buf.Bytes(), 0o644)
	}
}

func TestWriteLongStatementRepeatsHeader(t *testing.T) {
	in := sampleStatement(150)
	var buf bytes.Buffer
	if err := WriteStatement(&buf, in); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	pages := strings.Count(text, "\f")
	if pages < 3 {
		t.Fatalf("155 lines on %d pages", pages)
	}
	if got := strings.Count(text, "Reference"); got < pages {
		t.Errorf("table header printed %d times on %d pages", got, pages)
	}
	// 800 + 750 + 1,500 − 1,700 = 1,350.00 owed: the bank details follow.
	for _, want := range []string{fmt.Sprintf("Page %d of %d", pages, pages), "INV-2027-00249", "1,350.00", "IBAN DK50"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	if out := os.Getenv("CLIENTBOOK_LONG_STATEMENT_OUT"); out != "" {
		os.WriteFile(out, buf.Bytes(), 0o644)
	}
}

func TestWriteStatementNeedsClient(t *testing.T) {
	if err := WriteStatement(&bytes.Buffer{}, StatementInput{}); err == nil {
		t.Fatal("rendered without a client")
	}
}

// Amounts up to a hundred million fit their columns whole, in bold too.
func TestWriteStatementFitsLargeAmounts(t *testing.T) {
	in := sampleStatement(0)
	big := decimal.RequireFromString("98765432.10")
	st := in.Statement
	in.Statement = domain.NewStatement(st.Client, "EUR", st.From, st.To, big, st.Lines)
	in.Statement.Aging = domain.Age([]domain.AgingItem{{ClientID: st.Client.ID, Open: big}}, nil, st.To, nil)
	var buf bytes.Buffer
	if err := WriteStatement(&buf, in); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	if n := strings.Count(text, "98,765,432.10"); n < 4 {
		t.Errorf("98,765,432.10 printed whole %d times, want 4 (summary, opening row, aging bucket and total):\n%s", n, text)
	}
	if !strings.Contains(text, "98,764,482.10") {
		t.Error("closing balance 98,764,482.10 not printed whole")
	}
}

// A refund is a line that raises the balance, and the summary counts it
// apart from what was invoiced.
func TestWriteStatementWithARefund(t *testing.T) {
	in := sampleStatement(0)
	st := in.Statement
	lines := append(st.Lines, domain.StatementLine{Date: domain.NewDate(2027, 3, 20), Kind: domain.StatementRefund, ID: 1,
		Reference: "RF-1", Description: "Refund by bank transfer", Debit: decimal.RequireFromString("150.00"), Credit: decimal.Zero})
	in.Statement = domain.NewStatement(st.Client, st.Currency, st.From, st.To, st.Opening, lines)
	in.Statement.Aging = domain.Age(nil, nil, st.To, nil)
	var buf bytes.Buffer
	if err := WriteStatement(&buf, in); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"Refunded", "RF-1", "Refund by bank transfer"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// Invoiced stays 750.00 (the refund is not an invoice), and the
	// balance closes at 0.00.
	if !regexp.MustCompile(`Invoiced, incl\. tax\s+750\.00`).MatchString(text) || !regexp.MustCompile(`Refunded\s+150\.00`).MatchString(text) ||
		!in.Statement.Closing.IsZero() {
		t.Errorf("summary or closing wrong (closing %s):\n%s", in.Statement.Closing, text)
	}
}
