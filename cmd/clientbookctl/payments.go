package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
)

func runPaymentsAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "payments add")
	var clientName, amount, date, currency, method, allocate string
	p := &domain.Payment{}
	fs.StringVar(&clientName, "client", "", "the paying client's `NAME` (required)")
	fs.StringVar(&amount, "amount", "", "the `AMOUNT` received (required)")
	fs.StringVar(&date, "date", "", "the `DATE` the money arrived, YYYY-MM-DD (required)")
	fs.StringVar(&currency, "currency", "", "ISO 4217 `CODE` (default: the client's currency)")
	fs.StringVar(&method, "method", string(domain.MethodBankTransfer), "bank-transfer, card, cash, cheque or other")
	fs.StringVar(&p.Reference, "reference", "", "the bank's or the client's `REFERENCE`")
	fs.StringVar(&p.Note, "note", "", "a note")
	fs.StringVar(&allocate, "allocate", "", "auto (oldest due first) or `INV-NUMBER=AMOUNT,...`; without it the payment is all credit")
	if err := parse(fs, args); err != nil {
		return err
	}
	p.Method = domain.PaymentMethod(method)
	if strings.TrimSpace(clientName) == "" {
		return domain.Errorf(domain.EINVALID, "--client: name the client who paid.")
	}
	if date != "" {
		d, err := domain.ParseDate(date)
		if err != nil {
			return atFlagValue("--date", err)
		}
		p.Date = d
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	c, err := clientFlag(ctx, book.Clients(), clientName)
	if err != nil {
		return err
	}
	p.ClientID = c.ID
	if currency == "" {
		currency = c.Currency
	}
	p.Amount = money.Money{Amount: decimal.Zero, Currency: strings.ToUpper(strings.TrimSpace(currency))}
	// An unknown currency is reported by Validate; the amount can only be
	// checked against a known one.
	_, curErr := money.LookupCurrency(p.Amount.Currency)
	if curErr == nil {
		m, err := money.Parse(amount, p.Amount.Currency)
		if err != nil {
			return atFlagValue("--amount", err)
		}
		p.Amount = m
	} else if d, err := decimal.NewFromString(strings.TrimSpace(amount)); err == nil {
		p.Amount.Amount = d
	}
	switch strings.TrimSpace(allocate) {
	case "":
	case "auto":
		// A payment Validate will refuse is not shared out first.
		if curErr == nil && p.Amount.Amount.IsPositive() {
			open, err := book.Payments().OpenItems(ctx, c.ID, p.Amount.Currency, p.Date, 0)
			if err != nil {
				return err
			}
			if p.Allocations, err = domain.AutoAllocate(p, open); err != nil {
				return atFlagValue("--allocate", err)
			}
		}
	default:
		if curErr != nil {
			break
		}
		if p.Allocations, err = parseAllocations(ctx, book.Documents(), allocate, p.Amount.Currency); err != nil {
			return atFlagValue("--allocate", err)
		}
	}
	if err := book.Payments().CreatePayment(ctx, p); err != nil {
		return atFlags(err, paymentFlags(len(p.Allocations)))
	}
	inCurrency := func(d decimal.Decimal) money.Money { return money.Money{Amount: d, Currency: p.Amount.Currency} }
	fmt.Fprintf(e.stdout, "Recorded payment %d: %s from %s on %s by %s.\n", p.ID, p.Amount, p.ClientName, p.Date,
		strings.ToLower(p.Method.Title()))
	if len(p.Allocations) == 0 {
		fmt.Fprintln(e.stdout, "Nothing allocated.")
	} else {
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		for _, a := range p.Allocations {
			fmt.Fprintf(tw, "  Allocated to %s\t%s\n", a.DocumentNumber, inCurrency(a.Amount))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintf(e.stdout, "Unapplied credit: %s\n", inCurrency(p.Unapplied()))
	return err
}

// paymentFlags names the flag of payments add that sets each validated field
// of a payment with n allocations.
func paymentFlags(n int) map[string]string {
	m := map[string]string{
		"client": "--client", "amount": "--amount", "currency": "--currency", "date": "--date", "method": "--method",
		"reference": "--reference", "note": "--note", "allocations": "--allocate",
	}
	for i := 0; i < n; i++ {
		m[domain.AllocationField(i, "document")] = "--allocate"
		m[domain.AllocationField(i, "amount")] = "--allocate"
	}
	return m
}

// atFlagValue reports a problem with one flag's value at the flag, as atFlags does
// for validation errors: "--date: "31.3." is not a date; …".
func atFlagValue(flag string, err error) error {
	var msg, code string
	if de, ok := err.(*domain.Error); ok {
		msg, code = de.Message, de.Code
	} else {
		msg, code = err.Error(), domain.EINVALID // a value that does not parse
	}
	msg = strings.TrimSuffix(msg, ".")
	if r := []rune(msg); len(r) > 1 && unicode.IsUpper(r[0]) && !unicode.IsUpper(r[1]) {
		r[0] = unicode.ToLower(r[0])
		msg = string(r)
	}
	return &domain.Error{Code: code, Message: fmt.Sprintf("%s: %s.", flag, msg), Err: err}
}

// parseAllocations reads --allocate's "INV-NUMBER=AMOUNT,..." in the payment's
// currency. An amount may have thousands separators: a piece without "=" is
// the rest of the amount before it ("INV-1=1,250.00").
func parseAllocations(ctx context.Context, docs domain.DocumentService, spec, currency string) ([]domain.Allocation, error) {
	var parts []string
	for _, piece := range strings.Split(spec, ",") {
		if !strings.Contains(piece, "=") && len(parts) > 0 {
			parts[len(parts)-1] += "," + piece
			continue
		}
		parts = append(parts, piece)
	}
	var out []domain.Allocation
	for _, part := range parts {
		number, amount, ok := strings.Cut(part, "=")
		number = strings.TrimSpace(number)
		if !ok || number == "" {
			return nil, domain.Errorf(domain.EINVALID, "write auto or INV-NUMBER=AMOUNT,…, e.g. INV-2027-00001=250.00, not %q", strings.TrimSpace(part))
		}
		inv, err := docs.FindDocumentByNumber(ctx, domain.KindInvoice, number)
		if err != nil {
			return nil, err
		}
		m, err := money.Parse(amount, currency)
		if err != nil {
			return nil, domain.Errorf(domain.EINVALID, "%s: %v", inv.Number, err)
		}
		out = append(out, domain.Allocation{DocumentID: inv.ID, DocumentNumber: inv.Number, Amount: m.Amount})
	}
	return out, nil
}

func runPaymentsList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "payments list")
	var clientName, from, to string
	var f domain.PaymentFilter
	fs.StringVar(&clientName, "client", "", "only the payments of the client called `NAME`")
	fs.StringVar(&f.Currency, "currency", "", "only payments in `CODE`")
	fs.StringVar(&from, "from", "", "only payments received on or after `DATE`")
	fs.StringVar(&to, "to", "", "only payments received on or before `DATE`")
	asCSV := fs.Bool("csv", false, "write CSV (UTF-8 with BOM) instead of a table")
	if err := parse(fs, args); err != nil {
		return err
	}
	for _, d := range []struct {
		flag, s string
		dst     *domain.Date
	}{{"--from", from, &f.From}, {"--to", to, &f.To}} {
		if d.s == "" {
			continue
		}
		v, err := domain.ParseDate(d.s)
		if err != nil {
			return atFlagValue(d.flag, err)
		}
		*d.dst = v
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if clientName != "" {
		c, err := clientFlag(ctx, book.Clients(), clientName)
		if err != nil {
			return err
		}
		f.ClientID = c.ID
	}

	invoices := func(p *domain.Payment) string {
		var ns []string
		for _, a := range p.Allocations {
			ns = append(ns, a.DocumentNumber)
		}
		return strings.Join(ns, " ")
	}
	inCurrency := func(p *domain.Payment, d decimal.Decimal) money.Money {
		return money.Money{Amount: d, Currency: p.Amount.Currency}
	}
	var write func(p *domain.Payment) error
	var flush func() error
	if *asCSV {
		w := data.NewCSVWriter(e.stdout)
		if err := w.WriteHeader("id", "date", "client", "amount", "currency", "method", "reference", "allocated", "unapplied", "invoices"); err != nil {
			return err
		}
		write = func(p *domain.Payment) error {
			return w.WriteRow(data.Raw(strconv.FormatInt(p.ID, 10)), data.Raw(p.Date.String()), data.Text(p.ClientName),
				data.Raw(p.Amount.Fixed()), data.Raw(p.Amount.Currency), data.Raw(string(p.Method)), data.Text(p.Reference),
				data.Raw(inCurrency(p, p.Allocated()).Fixed()), data.Raw(inCurrency(p, p.Unapplied()).Fixed()),
				data.Text(invoices(p)))
		}
		flush = w.Flush
	} else {
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tDATE\tCLIENT\tAMOUNT\tMETHOD\tREFERENCE\tALLOCATED\tCREDIT\tINVOICES")
		write = func(p *domain.Payment) error {
			_, err := fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Date, p.ClientName, p.Amount,
				p.Method, p.Reference, inCurrency(p, p.Allocated()).Format(), inCurrency(p, p.Unapplied()).Format(), invoices(p))
			return err
		}
		flush = tw.Flush
	}
	for f.Offset = 0; ; f.Offset += pageSize {
		f.Limit = pageSize
		page, err := book.Payments().FindPayments(ctx, f)
		if err != nil {
			return err
		}
		for _, p := range page {
			if err := write(p); err != nil {
				return err
			}
		}
		if len(page) < pageSize {
			break
		}
	}
	return flush()
}

func runAging(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "aging")
	var asOf, currency, buckets string
	fs.StringVar(&asOf, "as-of", "", "age the receivables as they stood at the end of `DATE` (default: today)")
	fs.StringVar(&currency, "currency", "", "ISO 4217 `CODE` (default: the company's currency)")
	fs.StringVar(&buckets, "buckets", "30,60,90", "the last `DAYS` past due of each bucket, ascending")
	asCSV := fs.Bool("csv", false, "write CSV (UTF-8 with BOM) instead of a table")
	if err := parse(fs, args); err != nil {
		return err
	}
	date := domain.Today()
	if asOf != "" {
		d, err := domain.ParseDate(asOf)
		if err != nil {
			return atFlagValue("--as-of", err)
		}
		date = d
	}
	var edges domain.AgingBuckets
	for _, s := range strings.Split(buckets, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return domain.Errorf(domain.EINVALID, "--buckets: %q is not a number of days; write them like 30,60,90.", strings.TrimSpace(s))
		}
		edges = append(edges, n)
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if currency == "" {
		co, err := book.Company().Company(ctx)
		if err != nil {
			return err
		}
		currency = co.Currency
	}
	rep, err := book.Payments().Aging(ctx, date, currency, edges)
	if err != nil {
		return atFlags(err, map[string]string{"currency": "--currency", "agingBuckets": "--buckets"})
	}
	cur := strings.ToUpper(strings.TrimSpace(currency))
	amount := func(d decimal.Decimal) money.Money { return money.Money{Amount: d, Currency: cur} }
	if *asCSV {
		w := data.NewCSVWriter(e.stdout)
		header := append(append([]string{"client"}, rep.Labels...), "total", "credits", "net")
		if err := w.WriteHeader(header...); err != nil {
			return err
		}
		for _, r := range rep.Rows {
			cells := []data.Cell{data.Text(r.ClientName)}
			for _, b := range r.Buckets {
				cells = append(cells, data.Raw(amount(b).Fixed()))
			}
			cells = append(cells, data.Raw(amount(r.Total).Fixed()), data.Raw(amount(r.Credits).Fixed()), data.Raw(amount(r.Net).Fixed()))
			if err := w.WriteRow(cells...); err != nil {
				return err
			}
		}
		return w.Flush()
	}
	fmt.Fprintf(e.stdout, "Receivables in %s as of %s, by days past due\n\n", cur, rep.AsOf)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	// Names are padded to one width so they read left-aligned among the
	// right-aligned amounts.
	width := len([]rune("Total"))
	for _, r := range rep.Rows {
		width = max(width, len([]rune(r.ClientName)))
	}
	row := func(name string, buckets []decimal.Decimal, total, credits, net decimal.Decimal) {
		fmt.Fprintf(tw, "%s%s\t", name, strings.Repeat(" ", width-len([]rune(name))))
		for _, b := range buckets {
			fmt.Fprintf(tw, "%s\t", amount(b).Format())
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", amount(total).Format(), amount(credits).Format(), amount(net).Format())
	}
	fmt.Fprintf(tw, "%-*s\t%s\tTOTAL\tCREDITS\tNET\t\n", width, "CLIENT", strings.ToUpper(strings.Join(rep.Labels, "\t")))
	for _, r := range rep.Rows {
		row(r.ClientName, r.Buckets, r.Total, r.Credits, r.Net)
	}
	row("Total", rep.Totals, rep.Total, rep.Credits, rep.Net)
	return tw.Flush()
}
