package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
)

// maxForecastMonths bounds how far forecast looks ahead.
const maxForecastMonths = 36

// reportCurrency is the currency a report was asked for, or the company's.
func reportCurrency(ctx context.Context, book domain.Book, currency string) (string, error) {
	if c := strings.ToUpper(strings.TrimSpace(currency)); c != "" {
		cur, err := money.LookupCurrency(c)
		if err != nil {
			return "", atFlagValue("--currency", err)
		}
		return cur.Code, nil
	}
	co, err := book.Company().Company(ctx)
	if err != nil {
		return "", err
	}
	return co.Currency, nil
}

func runForecast(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "forecast")
	months := fs.Int("months", 6, "how many `MONTHS` to forecast, from the current one")
	currency := fs.String("currency", "", "ISO 4217 `CODE` (default: the company's currency)")
	clientName := fs.String("client", "", "only this client's revenue, contracts and opportunities")
	day := domain.Today()
	fs.Var(dateFlag{&day}, "as-of", "forecast from the month of `YYYY-MM-DD` (default today)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *months < 1 || *months > maxForecastMonths {
		return usageErrorf("forecast: --months is between 1 and %d", maxForecastMonths)
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	cur, err := reportCurrency(ctx, book, *currency)
	if err != nil {
		return err
	}
	var clientID int64
	if *clientName != "" {
		c, err := clientFlag(ctx, book.Clients(), *clientName)
		if err != nil {
			return err
		}
		clientID = c.ID
	}
	fc, err := domain.ForecastFor(ctx, book, cur, clientID, day, *months)
	if err != nil {
		return err
	}
	in := func(d decimal.Decimal) string { return money.Money{Amount: d, Currency: cur}.Format() }
	fmt.Fprintf(e.stdout, "Forecast in %s, net of tax, from %s\n\n", cur, domain.PeriodMonth.Period(domain.FirstOfMonth(day)).Label())
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "MONTH\tCONTRACTED\tPIPELINE\tTREND\tLOW\tHIGH\t")
	for _, m := range fc {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", m.Month.String()[:7], in(m.Contracted), in(m.Weighted), in(m.Trend),
			in(m.Low), in(m.High))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "\n%s\n", domain.ForecastMethod())
	return err
}

func runRevenue(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "revenue")
	by := fs.String("by", "month", "month, client or item")
	currency := fs.String("currency", "", "ISO 4217 `CODE` (default: the company's currency)")
	clientName := fs.String("client", "", "only this client's revenue (by month or item)")
	today := domain.Today()
	from, to := domain.FirstOfMonth(today).AddMonths(-11), today
	fs.Var(dateFlag{&from}, "from", "the first day, `YYYY-MM-DD` (default: the first of the month 11 months ago)")
	fs.Var(dateFlag{&to}, "to", "the last day, `YYYY-MM-DD` (default today)")
	asCSV := fs.Bool("csv", false, "write CSV (UTF-8 with BOM) instead of a table")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch *by {
	case "month", "client", "item":
	default:
		return usageErrorf("revenue: --by is month, client or item, not %q", *by)
	}
	if to.Before(from) {
		return usageErrorf("revenue: --to %s is before --from %s", to, from)
	}
	if *by == "client" && *clientName != "" {
		return usageErrorf("revenue: --by client lists every client; leave out --client")
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	cur, err := reportCurrency(ctx, book, *currency)
	if err != nil {
		return err
	}
	var clientID int64
	if *clientName != "" {
		c, err := clientFlag(ctx, book.Clients(), *clientName)
		if err != nil {
			return err
		}
		clientID = c.ID
	}
	type row struct {
		key, id string
		amount  decimal.Decimal
	}
	var rows []row
	heading := strings.ToUpper(*by)
	reports := book.Reports()
	switch *by {
	case "month":
		ms, err := reports.RevenueByMonth(ctx, cur, from, to, clientID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			rows = append(rows, row{key: m.Month.String()[:7], amount: m.Amount})
		}
	case "client":
		vs, err := reports.RevenueByClient(ctx, cur, from, to, 0)
		if err != nil {
			return err
		}
		for _, v := range vs {
			rows = append(rows, row{key: v.Name, id: strconv.FormatInt(v.ID, 10), amount: v.Amount})
		}
	case "item":
		vs, err := reports.RevenueByItem(ctx, cur, from, to, clientID, 0)
		if err != nil {
			return err
		}
		for _, v := range vs {
			name, id := v.Name, strconv.FormatInt(v.ID, 10)
			if v.ID == 0 {
				name, id = "(lines without an item)", ""
			}
			rows = append(rows, row{key: name, id: id, amount: v.Amount})
		}
	}
	amount := func(d decimal.Decimal) money.Money { return money.Money{Amount: d, Currency: cur} }
	if *asCSV {
		w := data.NewCSVWriter(e.stdout)
		header := []string{*by, "revenue", "currency"}
		if *by != "month" {
			header = []string{*by + "_id", *by, "revenue", "currency"}
		}
		if err := w.WriteHeader(header...); err != nil {
			return err
		}
		for _, r := range rows {
			cells := []data.Cell{data.Raw(r.key), data.Raw(amount(r.amount).Fixed()), data.Raw(cur)}
			if *by != "month" {
				cells = []data.Cell{data.Raw(r.id), data.Text(r.key), data.Raw(amount(r.amount).Fixed()), data.Raw(cur)}
			}
			if err := w.WriteRow(cells...); err != nil {
				return err
			}
		}
		return w.Flush()
	}
	fmt.Fprintf(e.stdout, "Revenue in %s from %s to %s, net of tax, by %s\n\n", cur, from, to, *by)
	total := decimal.Zero
	width := len("TOTAL")
	for _, r := range rows {
		total = total.Add(r.amount)
		width = max(width, len([]rune(r.key)))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	line := func(key, value string) {
		fmt.Fprintf(tw, "%s%s\t%s\t\n", key, strings.Repeat(" ", width-len([]rune(key))), value)
	}
	line(heading, "REVENUE")
	for _, r := range rows {
		line(r.key, amount(r.amount).Format())
	}
	line("Total", amount(total).Format())
	return tw.Flush()
}

func runKPIs(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "kpis")
	currency := fs.String("currency", "", "ISO 4217 `CODE` (default: the company's currency)")
	clientName := fs.String("client", "", "only this client's figures")
	asOf := domain.Today()
	fs.Var(dateFlag{&asOf}, "as-of", "the figures as they stood at the end of `YYYY-MM-DD` (default today)")
	if err := parse(fs, args); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	cur, err := reportCurrency(ctx, book, *currency)
	if err != nil {
		return err
	}
	var clientID int64
	whose := "the whole book"
	if *clientName != "" {
		c, err := clientFlag(ctx, book.Clients(), *clientName)
		if err != nil {
			return err
		}
		clientID, whose = c.ID, c.Name
	}
	k, err := domain.ReadKPIs(ctx, book, cur, clientID, asOf)
	if err != nil {
		return err
	}
	m := func(d decimal.Decimal) string { return money.Money{Amount: d, Currency: cur}.Format() }
	dso := "— (nothing sold in the period)"
	if k.HasDSO {
		dso = k.DSO.StringFixed(1) + " days"
	}
	fmt.Fprintf(e.stdout, "Key figures of %s in %s as of %s\n\n", whose, cur, asOf)
	rows := [][2]string{
		{"Receivables (gross, tax included)", m(k.Receivables)},
		{"Overdue (gross, tax included)", m(k.Overdue)},
		{"Unapplied credits", m(k.Credits)},
		{fmt.Sprintf("Gross credit sales, last %d days (tax included)", domain.DSODays), m(k.GrossSales)},
		{"Days sales outstanding", dso},
		{"Revenue this month (net of tax)", m(k.Month.Invoiced.Amount)},
		{"Revenue this quarter (net of tax)", m(k.Quarter.Invoiced.Amount)},
		{"Weighted pipeline", m(k.Pipeline.WeightedMoney().Amount)},
	}
	labels, values := 0, 0
	for _, r := range rows {
		labels, values = max(labels, utf8.RuneCountInString(r[0])), max(values, utf8.RuneCountInString(r[1]))
	}
	for _, r := range rows {
		pad := strings.Repeat(" ", labels-utf8.RuneCountInString(r[0])+2+values-utf8.RuneCountInString(r[1]))
		if _, err := fmt.Fprintf(e.stdout, "%s%s%s\n", r[0], pad, r[1]); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintf(e.stdout, "\n%s\n", domain.DSODefinition)
	return err
}
