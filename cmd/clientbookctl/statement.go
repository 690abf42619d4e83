package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/shopspring/decimal"

	"clientbook/data/pdf"
	"clientbook/domain"
	"clientbook/domain/money"
)

// periodFlags reads a period's --from and --to, both required, pointing at
// the flag that is missing or does not read.
func periodFlags(from, to string) ([2]domain.Date, error) {
	var period [2]domain.Date
	for i, d := range []struct{ flag, s string }{{"--from", from}, {"--to", to}} {
		if d.s == "" {
			return period, domain.Errorf(domain.EINVALID, "%s: give the %s day of the period as YYYY-MM-DD.", d.flag,
				[]string{"first", "last"}[i])
		}
		v, err := domain.ParseDate(d.s)
		if err != nil {
			return period, atFlagValue(d.flag, err)
		}
		period[i] = v
	}
	return period, nil
}

func runStatement(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "statement")
	var clientName, from, to, currency, pdfPath, csvPath string
	fs.StringVar(&clientName, "client", "", "the client's `NAME` (required)")
	fs.StringVar(&from, "from", "", "the first `DATE` of the period, YYYY-MM-DD (required)")
	fs.StringVar(&to, "to", "", "the last `DATE` of the period, YYYY-MM-DD (required)")
	fs.StringVar(&currency, "currency", "", "ISO 4217 `CODE` (default: the client's currency)")
	fs.StringVar(&pdfPath, "pdf", "", "write the statement as PDF to `FILE.pdf`")
	fs.StringVar(&csvPath, "csv", "", "write the statement as CSV to `FILE.csv`, or - for standard output")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (pdfPath == "") == (csvPath == "") {
		return usageErrorf("statement: give --pdf FILE or --csv FILE")
	}
	if strings.TrimSpace(clientName) == "" {
		return domain.Errorf(domain.EINVALID, "--client: name the client whose statement it is.")
	}
	period, err := periodFlags(from, to)
	if err != nil {
		return err
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
	st, err := book.Statements().Statement(ctx, c.ID, currency, period[0], period[1])
	if err != nil {
		return atFlags(err, map[string]string{"from": "--from", "to": "--to", "currency": "--currency"})
	}
	var out string
	switch {
	case csvPath == "-":
		return book.Statements().WriteCSV(e.stdout, st)
	case csvPath != "":
		out = csvPath
		err = writeFileAtomically(csvPath, func(f *os.File) error { return book.Statements().WriteCSV(f, st) })
	default:
		out = pdfPath
		var in pdf.StatementInput
		if in, err = pdf.GatherStatement(ctx, book, st); err == nil {
			err = writeFileAtomically(pdfPath, func(f *os.File) error { return pdf.WriteStatement(f, in) })
		}
	}
	if err != nil {
		return err
	}
	return statementSummary(e.stdout, st, out)
}

// statementSummary says what was written: "Wrote the statement of Nordlicht
// Logistik GmbH in EUR from 2027-02-01 to 2027-03-31 to s.pdf: opening
// 800.00, 5 lines, closing -150.00."
func statementSummary(w io.Writer, st domain.Statement, path string) error {
	amount := func(d decimal.Decimal) string { return money.Money{Amount: d, Currency: st.Currency}.Format() }
	_, err := fmt.Fprintf(w, "Wrote the statement of %s in %s from %s to %s to %s: opening %s, %s, closing %s.\n",
		st.Client.Name, st.Currency, st.From, st.To, path, amount(st.Opening), plural(len(st.Lines), "line"),
		amount(st.Closing))
	return err
}
