package demo

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// StatementFile is the name the demo's bank statement is saved under.
const StatementFile = "demo-bank-statement.csv"

// demoMapping is how the demo bank, Harbour Bank, lays out its CSV files:
// a line of preamble, ';' between cells, decimal commas, dd.mm.yyyy dates.
var demoMapping = domain.BankMapping{Name: "Harbour Bank CSV", Delimiter: ';', DecimalComma: true, DateOrder: domain.OrderDMY,
	Header: true, Skip: 1, Date: "Booking date", Amount: "Amount", Text: "Payer+Purpose", Reference: "Bank reference"}

// statementRow is one line of the demo statement before it is written.
type statementRow struct {
	date           domain.Date
	amount         money.Money
	payer, purpose string
	ref            string
}

// bank gives the demo book a bank account in the currency most of the
// recent payments came in, paying-in deposits of its recent cheques and
// cash, and a statement of its last weeks read in through the Harbour Bank
// CSV mapping: most lines are recent payments and deposits (the older half
// confirmed, the newer still suggested), and a few are left to reconcile:
// a bank fee, a transfer quoting an open invoice nobody recorded, and a
// refund from a supplier. The statement's CSV goes to save, if given.
func bank(ctx context.Context, book domain.Book, rng *rand.Rand, today domain.Date, save func(name string, data []byte) error) error {
	var recent []*domain.Payment
	for _, days := range []int{60, 120, 730} {
		ps, err := book.Payments().FindPayments(ctx, domain.PaymentFilter{From: today.AddDays(-days), To: today})
		if err != nil {
			return err
		}
		recent = ps
		if len(ps) >= 12 {
			break
		}
	}
	if len(recent) == 0 {
		return nil
	}
	counts := map[string]int{}
	for _, p := range recent {
		counts[p.Amount.Currency]++
	}
	cur := ""
	for c, n := range counts {
		if cur == "" || n > counts[cur] || (n == counts[cur] && c < cur) {
			cur = c
		}
	}
	var pays []*domain.Payment
	for i := len(recent) - 1; i >= 0; i-- { // oldest first
		if recent[i].Amount.Currency == cur {
			pays = append(pays, recent[i])
		}
	}

	bank := book.Bank()
	acct := &domain.BankAccount{Name: "Harbour Bank current account", Currency: cur, Number: "IE29AIBK93115212345678"}
	if err := bank.CreateBankAccount(ctx, acct); err != nil {
		return err
	}
	m := demoMapping
	if err := bank.SaveBankMapping(ctx, &m); err != nil {
		return err
	}

	var rows []statementRow
	later := func(d domain.Date, n int) domain.Date {
		if d = d.AddDays(n); d.After(today) {
			return today
		}
		return d
	}
	// Cheques and cash are paid in two at a time, the day after the last.
	var batch []*domain.Payment
	slip := 1040
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		d := &domain.Deposit{AccountID: acct.ID, Date: later(batch[len(batch)-1].Date, 1), Total: money.Zero(cur),
			Reference: fmt.Sprintf("Slip %d", slip)}
		for _, p := range batch {
			d.Payments = append(d.Payments, domain.DepositPayment{PaymentID: p.ID})
			d.Total.Amount = d.Total.Amount.Add(p.Amount.Amount)
		}
		if err := bank.CreateDeposit(ctx, d); err != nil {
			return fmt.Errorf("demo deposit: %w", err)
		}
		rows = append(rows, statementRow{date: later(d.Date, rng.IntN(2)), amount: d.Total, payer: "Counter deposit",
			purpose: "Paying-in slip " + fmt.Sprint(slip), ref: fmt.Sprintf("DEP%06d", slip)})
		slip++
		batch = nil
		return nil
	}
	for i, p := range pays {
		switch p.Method {
		case domain.MethodCheque, domain.MethodCash:
			batch = append(batch, p)
			if len(batch) == 2 {
				if err := flush(); err != nil {
					return err
				}
			}
			continue
		case domain.MethodOther:
			continue // offset, not money at the bank
		}
		purpose := p.Reference
		if i%4 == 3 {
			purpose = "Payment, thank you" // no invoice quoted: matched on amount, date and name
		}
		rows = append(rows, statementRow{date: later(p.Date, rng.IntN(3)), amount: p.Amount,
			payer: strings.ToUpper(p.ClientName), purpose: purpose, ref: fmt.Sprintf("E2E%08d", 1000+p.ID)})
	}
	if err := flush(); err != nil {
		return err
	}
	rows = append(rows, statementRow{date: today.AddDays(-3), amount: money.Money{Amount: feeAmount(cur), Currency: cur},
		payer: "Harbour Bank", purpose: "Account maintenance fee"})
	rows = append(rows, statementRow{date: today.AddDays(-2), amount: money.Money{Amount: refundAmount(cur), Currency: cur},
		payer: "OFFICE SUPPLIES DIRECT", purpose: "Refund credit note 5512"})
	if unpaid := openInvoice(ctx, book, pays, cur); unpaid != nil {
		rows = append(rows, statementRow{date: today.AddDays(-1), amount: money.Money{Amount: unpaid.Open, Currency: cur},
			payer: strings.ToUpper(unpaid.ClientName), purpose: "Invoice " + unpaid.Number, ref: "E2E-OPEN-1"})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].date.Before(rows[j].date) })

	data := statementCSV(acct, rows)
	st, err := domain.ParseBankCSV(bytes.NewReader(data), m)
	if err != nil {
		return fmt.Errorf("demo statement: %w", err)
	}
	if _, err := bank.ImportStatement(ctx, domain.ImportRequest{AccountID: acct.ID, MappingID: m.ID, FileName: StatementFile,
		Statement: st}); err != nil {
		return fmt.Errorf("demo statement: %w", err)
	}
	// The older half of the suggestions has been confirmed already.
	sugg, err := bank.FindBankLines(ctx, domain.BankLineFilter{AccountID: acct.ID, Status: domain.LineSuggested})
	if err != nil {
		return err
	}
	for i := len(sugg) - 1; i >= len(sugg)/2; i-- {
		if err := bank.ConfirmMatch(ctx, sugg[i].ID, domain.MatchTarget{}); err != nil {
			return err
		}
	}
	if save != nil {
		return save(StatementFile, data)
	}
	return nil
}

// openInvoiceItem is an issued invoice with money open, for the statement
// line that pays it without a payment in the book.
type openInvoiceItem struct {
	domain.OpenItem
	ClientName string
}

// openInvoice finds an invoice in cur of one of the paying clients that
// still has money open.
func openInvoice(ctx context.Context, book domain.Book, pays []*domain.Payment, cur string) *openInvoiceItem {
	seen := map[int64]bool{}
	for i := len(pays) - 1; i >= 0; i-- {
		p := pays[i]
		if seen[p.ClientID] {
			continue
		}
		seen[p.ClientID] = true
		items, err := book.Payments().OpenItems(ctx, p.ClientID, cur, domain.Date{}, 0)
		if err != nil || len(items) == 0 {
			continue
		}
		return &openInvoiceItem{OpenItem: items[0], ClientName: p.ClientName}
	}
	return nil
}

// statementCSV writes the rows as Harbour Bank does: a BOM, a line naming
// the account, then the header and the lines.
func statementCSV(acct *domain.BankAccount, rows []statementRow) []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	fmt.Fprintf(&b, "Harbour Bank statement;%s;%s\r\n", acct.Number, acct.Currency)
	b.WriteString("Booking date;Value date;Payer;Purpose;Amount;Bank reference\r\n")
	cell := func(s string) string {
		if strings.ContainsAny(s, ";\"\r\n") {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
		return s
	}
	for _, r := range rows {
		d := fmt.Sprintf("%02d.%02d.%04d", r.date.Day, r.date.Month, r.date.Year)
		amount := strings.NewReplacer(",", ".", ".", ",").Replace(r.amount.Format())
		fmt.Fprintf(&b, "%s;%s;%s;%s;%s;%s\r\n", d, d, cell(r.payer), cell(r.purpose), amount, cell(r.ref))
	}
	return b.Bytes()
}

// feeAmount is the bank's monthly fee, money out.
func feeAmount(cur string) decimal.Decimal { return priceIn("12.50", cur).Neg() }

// refundAmount is a supplier's refund, money in that is no client's payment.
func refundAmount(cur string) decimal.Decimal { return priceIn("48.20", cur) }
