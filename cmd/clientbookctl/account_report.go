package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"clientbook/data/pdf"
	"clientbook/domain"
)

// accountReportFlags name the flag of each field of AccountReportOptions.
var accountReportFlags = map[string]string{"client": "--client", "from": "--from", "to": "--to",
	"currency": "--currency", "sections": "--sections"}

func runReportClient(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "report client")
	var clientName, from, to, currency, sections, pdfPath, csvPath string
	fs.StringVar(&clientName, "client", "", "the client's `NAME` (required)")
	fs.StringVar(&from, "from", "", "the first `DATE` of the period, YYYY-MM-DD (required)")
	fs.StringVar(&to, "to", "", "the last `DATE` of the period, YYYY-MM-DD (required)")
	fs.StringVar(&currency, "currency", "", "ISO 4217 `CODE` (default: the client's currency)")
	fs.StringVar(&sections, "sections", "", "the `SECTIONS` to show, separated by commas (default: all; the timeline only with --internal)")
	internal := fs.Bool("internal", false, "a report for the internal team, which may have the timeline")
	fs.StringVar(&pdfPath, "pdf", "", "write the report as PDF to `FILE.pdf`")
	fs.StringVar(&csvPath, "csv", "", "write the report as CSV to `FILE.csv`, or - for standard output")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (pdfPath == "") == (csvPath == "") {
		return usageErrorf("report client: give --pdf FILE or --csv FILE")
	}
	if strings.TrimSpace(clientName) == "" {
		return domain.Errorf(domain.EINVALID, "--client: name the client the report is for.")
	}
	opt := domain.AccountReportOptions{Currency: currency, Internal: *internal,
		Sections: domain.DefaultAccountReportSections(*internal)}
	if strings.TrimSpace(sections) != "" {
		opt.Sections = nil
		for _, s := range strings.Split(sections, ",") {
			opt.Sections = append(opt.Sections, domain.AccountReportSection(s))
		}
	}
	period, err := periodFlags(from, to)
	if err != nil {
		return err
	}
	opt.From, opt.To = period[0], period[1]
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	c, err := clientFlag(ctx, book.Clients(), clientName)
	if err != nil {
		return err
	}
	opt.ClientID = c.ID
	r, err := domain.ReadAccountReport(ctx, book, opt)
	if err != nil {
		return atFlags(err, accountReportFlags)
	}
	var out string
	switch {
	case csvPath == "-":
		return domain.WriteAccountReportCSV(e.stdout, book.Export(), r)
	case csvPath != "":
		out = csvPath
		err = writeFileAtomically(csvPath, func(f *os.File) error { return domain.WriteAccountReportCSV(f, book.Export(), r) })
	default:
		out = pdfPath
		var in pdf.AccountReportInput
		if in, err = pdf.GatherAccountReport(ctx, book, r); err == nil {
			err = writeFileAtomically(pdfPath, func(f *os.File) error { return pdf.WriteAccountReport(f, in) })
		}
	}
	if err != nil {
		return err
	}
	names := make([]string, len(r.Sections))
	for i, s := range r.Sections {
		names[i] = string(s)
	}
	audience := "for the client"
	if r.Internal {
		audience = "for the internal team"
	}
	_, err = fmt.Fprintf(e.stdout, "Wrote the account report of %s in %s from %s to %s, %s, to %s: %s.\n",
		c.Name, r.Currency, r.From, r.To, audience, out, strings.Join(names, ", "))
	return err
}
