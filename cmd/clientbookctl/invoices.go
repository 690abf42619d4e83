package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/data/pdf"
	"clientbook/domain"
	"clientbook/domain/money"
)

// lineFlags collects repeated --line values.
type lineFlags []string

func (l *lineFlags) String() string     { return strings.Join(*l, "; ") }
func (l *lineFlags) Set(s string) error { *l = append(*l, s); return nil }

func runTaxesAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "taxes add")
	r := &domain.TaxRate{}
	percent := fs.String("percent", "", "the rate in `PERCENT`, e.g. 20 or 7.5")
	fs.StringVar(&r.Name, "name", "", "the tax's `NAME`, e.g. VAT (required)")
	fs.BoolVar(&r.Compound, "compound", false, "charge it on the net plus the line's other taxes")
	category := fs.String("vat-category", "", "its VAT `CATEGORY` for e-invoices: S, Z, E, AE, K, G or O")
	fs.StringVar(&r.VAT.ExemptionReason, "exemption-reason", "", "why it is not taxed, in `WORDS`")
	fs.StringVar(&r.VAT.ExemptionCode, "exemption-code", "", "why it is not taxed, as a VATEX `CODE`")
	if err := parse(fs, args); err != nil {
		return err
	}
	c, err := domain.ParseVATCategory(*category)
	if err != nil {
		return atFlagValue("--vat-category", err)
	}
	r.VAT.Category = c
	p, err := money.ParsePercent(*percent)
	if err != nil {
		return atFlagValue("--percent", err)
	}
	r.Percent = p
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if err := book.Catalog().CreateTaxRate(ctx, r); err != nil {
		return atFlags(err, map[string]string{"name": "--name", "percent": "--percent", "compound": "--compound",
			"vatCategory": "--vat-category", "exemptionReason": "--exemption-reason", "exemptionCode": "--exemption-code"})
	}
	fmt.Fprintf(e.stdout, "Added tax rate %d: %s\n", r.ID, r.Label())
	return nil
}

func runTaxesList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "taxes list")
	if err := parse(fs, args); err != nil {
		return err
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	rates, err := book.Catalog().FindTaxRates(ctx, true)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tPERCENT\tCOMPOUND\tARCHIVED\tVAT\tEXEMPTION")
	for _, r := range rates {
		reason, code := r.VAT.Exemption()
		fmt.Fprintf(tw, "%d\t%s\t%s\t%t\t%t\t%s\t%s\n", r.ID, r.Name, r.Percent, r.Compound, r.Archived, r.VAT.Category,
			strings.TrimSpace(code+" "+reason))
	}
	return tw.Flush()
}

// parseLine reads 'DESCRIPTION|QTY|UNIT PRICE|DISCOUNT %|TAX NAME[+TAX NAME]';
// the last three parts may be left out.
func parseLine(ctx context.Context, catalog domain.CatalogService, spec, currency string, n int) (domain.Line, error) {
	bad := func(format string, args ...any) error {
		return domain.Errorf(domain.EINVALID, "--line %d (%q): %s", n, spec, fmt.Sprintf(format, args...))
	}
	parts := strings.Split(spec, "|")
	if len(parts) < 2 || len(parts) > 5 {
		return domain.Line{}, bad("write it as 'DESCRIPTION|QTY|UNIT PRICE|DISCOUNT %%|TAX[+TAX]'")
	}
	for len(parts) < 5 {
		parts = append(parts, "")
	}
	l := domain.Line{Description: strings.TrimSpace(parts[0])}
	var err error
	if l.Quantity, err = money.ParseQuantity(parts[1]); err != nil {
		return l, bad("quantity: %v", err)
	}
	if strings.TrimSpace(parts[2]) == "" {
		parts[2] = "0"
	}
	price, err := money.Parse(parts[2], currency)
	if err != nil {
		return l, bad("unit price: %v", err)
	}
	l.UnitPrice = price.Amount
	if strings.TrimSpace(parts[3]) != "" {
		if l.DiscountPercent, err = money.ParsePercent(parts[3]); err != nil {
			return l, bad("discount: %v", err)
		}
	}
	for _, name := range strings.Split(parts[4], "+") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		r, err := catalog.FindTaxRateByName(ctx, name)
		if err != nil {
			return l, bad("%s", domain.ErrorMessage(err))
		}
		l.Taxes = append(l.Taxes, r.Line())
	}
	return l, nil
}

func runInvoicesDraft(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "invoices draft")
	var lines lineFlags
	clientName := fs.String("client", "", "the client's `NAME` (required)")
	currency := fs.String("currency", "", "ISO 4217 `CODE` (default: the client's)")
	scope := fs.String("rounding", "", "per-line or per-document (default: the book's)")
	mode := fs.String("rounding-mode", "", "half-up or half-even (default: the book's)")
	inclusive := fs.Bool("tax-inclusive", false, "unit prices include tax")
	issue := fs.Bool("issue", false, "issue the invoice at once (numbers and locks it)")
	force := fs.Bool("accept-warnings", false, "with --issue: issue despite warnings")
	date := fs.String("date", "", "issue `DATE` YYYY-MM-DD (default: today)")
	due := fs.String("due", "", "due `DATE` YYYY-MM-DD (default: after the client's terms)")
	po := fs.String("po", "", "purchase-order `NUMBER`")
	ref := fs.String("reference", "", "your reference")
	buyerRef := fs.String("buyer-reference", "", "the `REFERENCE` the buyer asked e-invoices to quote (default: the client's)")
	discount := fs.String("discount", "", "document discount: `N%` or an amount")
	fs.Var(&lines, "line", "a line 'DESCRIPTION|QTY|UNIT PRICE|DISCOUNT %|TAX[+TAX]' (repeat for more)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *clientName == "" {
		return usageErrorf("invoices draft: --client is required")
	}
	if len(lines) == 0 {
		return usageErrorf("invoices draft: give at least one --line")
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	c, err := clientFlag(ctx, book.Clients(), *clientName)
	if err != nil {
		return err
	}
	co, err := book.Company().Company(ctx)
	if err != nil {
		return err
	}
	today := domain.Today()
	if *date != "" {
		if today, err = domain.ParseDate(*date); err != nil {
			return domain.Errorf(domain.EINVALID, "--date: %v", err)
		}
	}
	d := domain.NewDraft(domain.KindInvoice, c, co, today)
	if *currency != "" {
		d.Currency = strings.ToUpper(*currency)
	}
	if *due != "" {
		if d.DueDate, err = domain.ParseDate(*due); err != nil {
			return domain.Errorf(domain.EINVALID, "--due: %v", err)
		}
	}
	if *scope != "" {
		d.Rounding.Scope = domain.RoundingScope(*scope)
	}
	if *mode != "" {
		d.Rounding.Mode = domain.RoundingMode(*mode)
	}
	d.TaxInclusive, d.PONumber, d.Reference = *inclusive, *po, *ref
	d.BuyerReference = *buyerRef
	if s := strings.TrimSpace(*discount); s != "" {
		if strings.HasSuffix(s, "%") {
			if d.DiscountPercent, err = money.ParsePercent(s); err != nil {
				return atFlagValue("--discount", err)
			}
		} else {
			m, err := money.Parse(s, d.Currency)
			if err != nil {
				return domain.Errorf(domain.EINVALID, "--discount: %v", err)
			}
			d.DiscountAmount = m.Amount
		}
	}
	for i, spec := range lines {
		l, err := parseLine(ctx, book.Catalog(), spec, d.Currency, i+1)
		if err != nil {
			return err
		}
		d.Lines = append(d.Lines, l)
	}
	if err := book.Documents().CreateDraft(ctx, d); err != nil {
		return err
	}
	if *issue {
		issued, findings, err := book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: *force})
		printFindings(e, findings)
		if err != nil {
			fmt.Fprintf(e.stdout, "Draft %d saved but not issued.\n", d.ID)
			return err
		}
		d = issued
		fmt.Fprintf(e.stdout, "Issued invoice %s\n", d.Number)
	} else {
		fmt.Fprintf(e.stdout, "Saved draft %d\n", d.ID)
	}
	return printTotals(e, d)
}

func printFindings(e *env, fs []domain.Finding) {
	for _, f := range fs {
		fmt.Fprintf(e.stderr, "%s: %s\n", f.Severity, f.Message)
	}
}

func printTotals(e *env, d *domain.Document) error {
	t, err := d.Totals()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	row := func(label string, amount decimal.Decimal) {
		fmt.Fprintf(tw, "%s\t%s\t\n", label, d.Money(amount).Format())
	}
	row("Subtotal", t.Subtotal)
	if !t.Discount.IsZero() {
		row("Discount", t.Discount.Neg())
	}
	for _, x := range t.Taxes {
		row(fmt.Sprintf("%s on %s", x.Tax.Label(), d.Money(x.Base).Format()), x.Amount)
	}
	row("Total "+d.Currency, t.Total)
	return tw.Flush()
}

func runInvoicesList(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "invoices list")
	var f domain.DocumentFilter
	status := fs.String("status", "", "only `STATUS`: draft, issued, void, accepted, declined or expired, or for invoices unpaid, partially-paid, paid or overdue (today)")
	kind := fs.String("kind", "invoice", "invoice, quote, credit-note or all")
	clientName := fs.String("client", "", "only this client's documents")
	asCSV := fs.Bool("csv", false, "write CSV (UTF-8 with BOM)")
	fs.StringVar(&f.Search, "search", "", "number, PO number, reference or client name")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := statusFilter(&f, *status); err != nil {
		return err
	}
	if *kind != "all" {
		f.Kind = domain.DocKind(*kind)
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if *clientName != "" {
		c, err := clientFlag(ctx, book.Clients(), *clientName)
		if err != nil {
			return err
		}
		f.ClientID = c.ID
	}
	var write func(r domain.DocumentRow) error
	var flush func() error
	if *asCSV {
		w := data.NewCSVWriter(e.stdout)
		if err := w.WriteHeader("id", "kind", "number", "status", "client", "issue_date", "due_date", "po_number", "total", "balance", "currency"); err != nil {
			return err
		}
		write = func(r domain.DocumentRow) error {
			return w.WriteRow(data.Raw(strconv.FormatInt(r.ID, 10)), data.Raw(string(r.Kind)), data.Text(r.Number), data.Raw(string(r.Status)),
				data.Text(r.ClientName), data.Raw(r.IssueDate.String()), data.Raw(r.DueDate.String()), data.Text(r.PONumber),
				data.Raw(r.Total.Amount.StringFixed(exponent(r.Total.Currency))), data.Raw(balanceText(r, false)), data.Raw(r.Total.Currency))
		}
		flush = w.Flush
	} else {
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NUMBER\tKIND\tSTATUS\tCLIENT\tISSUED\tDUE\tTOTAL\tBALANCE")
		write = func(r domain.DocumentRow) error {
			num := r.Number
			if num == "" {
				num = fmt.Sprintf("(draft %d)", r.ID)
			}
			status := string(r.Status)
			if r.Pay != domain.PayNone {
				status = r.Pay.Name()
			}
			_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", num, r.Kind, status, r.ClientName, r.IssueDate, r.DueDate, r.Total,
				balanceText(r, true))
			return err
		}
		flush = tw.Flush
	}
	for f.Offset = 0; ; f.Offset += pageSize {
		f.Limit = pageSize
		rows, err := book.Documents().FindDocuments(ctx, f)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := write(r); err != nil {
				return err
			}
		}
		if len(rows) < pageSize {
			break
		}
	}
	return flush()
}

// statusFilter sets the filter's document status or, for unpaid,
// partially-paid, paid and overdue, its payment state; anything else is
// reported at --status.
func statusFilter(f *domain.DocumentFilter, status string) error {
	s := strings.ToLower(strings.TrimSpace(status))
	if s == "" {
		return nil
	}
	if p, ok := domain.ParsePayState(s); ok {
		f.Payment = p
		return nil
	}
	for _, st := range []domain.DocStatus{domain.DocDraft, domain.DocIssued, domain.DocVoid, domain.DocAccepted,
		domain.DocDeclined, domain.DocExpired} {
		if s == string(st) {
			f.Status = st
			return nil
		}
	}
	return domain.Errorf(domain.EINVALID, "--status: %q is not a status; use draft, issued, void, accepted, declined, expired, "+
		"unpaid, partially-paid, paid or overdue.", status)
}

// balanceText is what is open on an issued invoice today, grouped for
// people or plain for a file; empty for anything else.
func balanceText(r domain.DocumentRow, grouped bool) string {
	if r.Pay == domain.PayNone {
		return ""
	}
	if grouped {
		return r.Balance.Format()
	}
	return r.Balance.Fixed()
}

func exponent(currency string) int32 {
	c, err := money.LookupCurrency(currency)
	if err != nil {
		return 2
	}
	return c.Exponent
}

// findDocument finds a document by its number, whatever its kind, or a draft by "draft:ID".
func findDocument(ctx context.Context, docs domain.DocumentService, ref string) (*domain.Document, error) {
	if id, ok := strings.CutPrefix(ref, "draft:"); ok {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return nil, usageErrorf("%q: write a draft as draft:ID", ref)
		}
		return docs.FindDocumentByID(ctx, n)
	}
	for _, k := range []domain.DocKind{domain.KindInvoice, domain.KindCreditNote, domain.KindQuote} {
		d, err := docs.FindDocumentByNumber(ctx, k, ref)
		if err == nil {
			return d, nil
		}
		if domain.ErrorCode(err) != domain.ENOTFOUND {
			return nil, err
		}
	}
	return nil, domain.Errorf(domain.ENOTFOUND, "No document is numbered %q.", ref)
}

// documentJSON is the --json form of a document: amounts as decimal strings.
type documentJSON struct {
	Kind, Number, Status, Client, Currency  string
	IssueDate, DueDate, PONumber, Reference string
	Rounding                                string
	TaxInclusive                            bool
	Lines                                   []lineJSON
	Taxes                                   []taxJSON
	Subtotal, Discount, Net, Tax, Total     string
}

type lineJSON struct {
	Description, Quantity, Unit, UnitPrice, DiscountPercent, Net string
	Taxes                                                        []string
}

type taxJSON struct{ Tax, Base, Amount string }

func runInvoicesShow(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "invoices show")
	asJSON := fs.Bool("json", false, "write JSON")
	book, d, err := openDocumentArg(ctx, e, fs, args, "invoices show NUMBER [--json]")
	if err != nil {
		return err
	}
	defer book.Close()
	t, err := d.Totals()
	if err != nil {
		return err
	}
	f := func(x decimal.Decimal) string { return x.StringFixed(exponent(d.Currency)) }
	if *asJSON {
		out := documentJSON{Kind: string(d.Kind), Number: d.Number, Status: string(d.Status), Client: d.ClientName,
			Currency: d.Currency, IssueDate: d.IssueDate.String(), DueDate: d.DueDate.String(), PONumber: d.PONumber,
			Reference: d.Reference, Rounding: string(d.Rounding.Scope) + " " + string(d.Rounding.Mode), TaxInclusive: d.TaxInclusive,
			Subtotal: f(t.Subtotal), Discount: f(t.Discount), Net: f(t.Net), Tax: f(t.Tax), Total: f(t.Total)}
		for i, l := range d.Lines {
			lj := lineJSON{Description: l.Description, Quantity: l.Quantity.String(), Unit: l.Unit, UnitPrice: f(l.UnitPrice),
				DiscountPercent: l.DiscountPercent.String(), Net: f(t.Lines[i].Net)}
			for _, x := range l.Taxes {
				lj.Taxes = append(lj.Taxes, x.Label())
			}
			out.Lines = append(out.Lines, lj)
		}
		for _, x := range t.Taxes {
			out.Taxes = append(out.Taxes, taxJSON{Tax: x.Tax.Label(), Base: f(x.Base), Amount: f(x.Amount)})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	num := d.Number
	if num == "" {
		num = fmt.Sprintf("draft %d", d.ID)
	}
	fmt.Fprintf(e.stdout, "%s %s (%s)\nClient: %s\nIssued: %s  Due: %s", d.Kind.Title(), num, d.Status, d.ClientName, d.IssueDate, d.DueDate)
	if d.PONumber != "" {
		fmt.Fprintf(e.stdout, "  PO: %s", d.PONumber)
	}
	fmt.Fprintf(e.stdout, "\nRounding: %s, %s%s\n\n", d.Rounding.Scope, d.Rounding.Mode, map[bool]string{true: ", prices include tax"}[d.TaxInclusive])
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tDESCRIPTION\tQTY\tUNIT PRICE\tDISC %\tTAXES\tNET")
	for i, l := range d.Lines {
		var taxes []string
		for _, x := range l.Taxes {
			taxes = append(taxes, x.Label())
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, l.Description, l.Quantity, d.Money(l.UnitPrice).Format(),
			l.DiscountPercent, strings.Join(taxes, ", "), d.Money(t.Lines[i].Net).Format())
	}
	tw.Flush()
	fmt.Fprintln(e.stdout)
	return printTotals(e, d)
}

func runInvoicesPDF(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "invoices pdf")
	out := fs.String("out", "", "write the PDF to `FILE.pdf` (required)")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageErrorf("invoices pdf NUMBER --out FILE.pdf")
	}
	ref := args[0]
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *out == "" {
		return usageErrorf("invoices pdf: --out is required")
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	in, err := pdfInput(ctx, book, ref)
	if err != nil {
		return err
	}
	return writeFileAtomically(*out, func(f *os.File) error { return pdf.Write(f, in) })
}

func runInvoicesEmail(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "invoices email")
	book, d, err := openDocumentArg(ctx, e, fs, args, "invoices email NUMBER")
	if err != nil {
		return err
	}
	defer book.Close()
	m, err := book.Outbox().QueueDocument(ctx, d.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Queued message %d to %s: %q, with %s.pdf attached. Send it from the outbox, or write it with outbox export.\n",
		m.ID, m.ToAddress, m.Subject, d.Number)
	return nil
}

// openDocumentArg reads a command's leading document (NUMBER or draft:ID)
// and then its flags, opens the book and finds the document. The caller
// closes the book; on an error nothing is left open.
func openDocumentArg(ctx context.Context, e *env, fs *flag.FlagSet, args []string, usage string) (*data.Book, *domain.Document, error) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return nil, nil, usageErrorf("%s", usage)
	}
	if err := parse(fs, args[1:]); err != nil {
		return nil, nil, err
	}
	book, err := e.open()
	if err != nil {
		return nil, nil, err
	}
	d, err := findDocument(ctx, book.Documents(), args[0])
	if err != nil {
		book.Close()
		return nil, nil, err
	}
	return book, d, nil
}

// pdfInput gathers what a document's PDF shows.
func pdfInput(ctx context.Context, book *data.Book, ref string) (pdf.Input, error) {
	d, err := findDocument(ctx, book.Documents(), ref)
	if err != nil {
		return pdf.Input{}, err
	}
	return pdf.Gather(ctx, book, d)
}

// writeFileAtomically writes to a temporary file beside path and renames it
// into place only when write succeeded, so a failure never leaves half a file
// under the chosen name.
func writeFileAtomically(path string, write func(f *os.File) error) error {
	dir, base := ".", path
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		dir, base = path[:i+1], path[i+1:]
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), path)
}

func runInvoicesIssue(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "invoices issue")
	force := fs.Bool("accept-warnings", false, "issue despite warnings you have read")
	book, d, err := openDocumentArg(ctx, e, fs, args, "invoices issue draft:ID [--accept-warnings]")
	if err != nil {
		return err
	}
	defer book.Close()
	issued, findings, err := book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: *force})
	printFindings(e, findings)
	if err != nil {
		if !domain.Blocking(findings, false) || hasErrors(findings) {
			return err
		}
		return domain.Errorf(domain.EINVALID, "%s Read the warnings and run again with --accept-warnings to issue anyway.", domain.ErrorMessage(err))
	}
	fmt.Fprintf(e.stdout, "Issued %s %s\n", strings.ToLower(issued.Kind.Title()), issued.Number)
	return printTotals(e, issued)
}

func hasErrors(fs []domain.Finding) bool {
	for _, f := range fs {
		if f.Severity == domain.SeverityError {
			return true
		}
	}
	return false
}
