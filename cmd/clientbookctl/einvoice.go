package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"clientbook/data/einvoice"
	"clientbook/data/pdf"
	"clientbook/domain"
)

// eInvoicer is what the e-invoice commands write with.
var eInvoicer domain.EInvoicer = einvoice.Exporter{PDF: pdf.Renderer{}}

// formatFlag reads --format: ubl, cii, xrechnung, facturx (or none, where allowed).
type formatFlag struct{ f *domain.EInvoiceFormat }

func (v formatFlag) String() string {
	if v.f == nil {
		return ""
	}
	return string(*v.f)
}

func (v formatFlag) Set(s string) error {
	f, err := domain.ParseEInvoiceFormat(s)
	if err != nil {
		return err
	}
	*v.f = f
	return nil
}

// setFlags lists the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

func runInvoicesEInvoice(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "invoices einvoice")
	var format domain.EInvoiceFormat
	fs.Var(formatFlag{&format}, "format", "`FORMAT`: ubl (Peppol BIS 3.0), cii, xrechnung or facturx (default: the client's)")
	out := fs.String("out", "", "write the e-invoice to `FILE` (default: its own name in the current folder)")
	book, d, err := openDocumentArg(ctx, e, fs, args, "invoices einvoice NUMBER [--format ubl|cii|xrechnung|facturx] [--out FILE]")
	if err != nil {
		return err
	}
	defer book.Close()
	file, err := eInvoicer.EInvoice(ctx, book, d, format)
	if err != nil {
		return err
	}
	path := *out
	if path == "" {
		path = file.Name
	}
	if err := writeFileAtomically(path, func(f *os.File) error { _, err := f.Write(file.Data); return err }); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Wrote %s %s as %s to %s.\n", d.Kind.Title(), d.Number, file.Format.Title(), path)
	return nil
}

func runExportEInvoices(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export einvoices")
	var from, to domain.Date
	var format domain.EInvoiceFormat
	fs.Var(dateFlag{&from}, "from", "the first issue `DATE`, YYYY-MM-DD (required)")
	fs.Var(dateFlag{&to}, "to", "the last issue `DATE`, YYYY-MM-DD (required)")
	fs.Var(formatFlag{&format}, "format", "write every document as `FORMAT` (default: each client's; clients without one are left out)")
	dir := fs.String("dir", "", "write the e-invoices into `DIR`, created if missing (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case from.IsZero() || to.IsZero():
		return usageErrorf("export einvoices: --from and --to are required")
	case to.Before(from):
		return atFlagValue("--to", fmt.Errorf("%s is before --from %s", to, from))
	case *dir == "":
		return usageErrorf("export einvoices: --dir is required")
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	written, refused, skipped := 0, 0, 0
	for _, kind := range []domain.DocKind{domain.KindInvoice, domain.KindCreditNote} {
		rows, err := book.Documents().FindDocuments(ctx, domain.DocumentFilter{Kind: kind, Status: domain.DocIssued, From: from, To: to,
			Sort: domain.SortDocsByNumber})
		if err != nil {
			return err
		}
		for _, r := range rows {
			if format == domain.EInvoiceNone {
				c, err := book.Clients().FindClientByID(ctx, r.ClientID)
				if err != nil {
					return err
				}
				if c.EInvoice == domain.EInvoiceNone {
					skipped++
					continue
				}
			}
			d, err := book.Documents().FindDocumentByID(ctx, r.ID)
			if err != nil {
				return err
			}
			file, err := eInvoicer.EInvoice(ctx, book, d, format)
			if domain.ErrorCode(err) == domain.EINVALID {
				refused++
				fmt.Fprintln(e.stderr, domain.ErrorMessage(err))
				continue
			}
			if err != nil {
				return err
			}
			path := filepath.Join(*dir, file.Name)
			if err := writeFileAtomically(path, func(f *os.File) error { _, err := f.Write(file.Data); return err }); err != nil {
				return err
			}
			written++
		}
	}
	fmt.Fprintf(e.stdout, "Wrote %d e-invoices to %s", written, *dir)
	if skipped > 0 {
		fmt.Fprintf(e.stdout, "; %d documents of clients who receive none were left out", skipped)
	}
	fmt.Fprintln(e.stdout, ".")
	if refused > 0 {
		return domain.Errorf(domain.EINVALID, "%d documents could not be e-invoiced; the reasons are above.", refused)
	}
	return nil
}

func runCompanySet(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "company set")
	flags := []struct{ name, usage string }{
		{"name", "the company's `NAME`"}, {"street", "the first `LINE` of its address"}, {"city", "its `CITY`"},
		{"postal-code", "its `POSTCODE`"}, {"country", "its `COUNTRY`, a name or ISO code"}, {"email", "its `EMAIL`"},
		{"phone", "its `PHONE` number"}, {"tax-id", "its tax `NUMBER`, printed on documents"},
		{"vat-id", "its VAT `ID` with the country prefix, e.g. DE123456789"},
		{"endpoint", "its electronic address `ID` for e-invoices (e.g. its Peppol participant ID)"},
		{"scheme", "the EAS `SCHEME` of --endpoint: 0088 GLN, 0204 Leitweg-ID, 9930 German VAT, EM email…"},
		{"iban", "the `IBAN` customers pay into (SEPA credit transfer)"}, {"bic", "the `BIC` of that account"},
	}
	values := map[string]*string{}
	for _, f := range flags {
		values[f.name] = fs.String(f.name, "", f.usage)
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	set := setFlags(fs)
	delete(set, "db")
	if len(set) == 0 {
		return usageErrorf("company set: give at least one of --name, --street, --city, --postal-code, --country, --email, --phone, --tax-id, --vat-id, --endpoint, --scheme, --iban, --bic")
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	co, err := book.Company().Company(ctx)
	if err != nil {
		return err
	}
	fields := map[string]*string{"name": &co.Name, "street": &co.Address.Line1, "city": &co.Address.City,
		"postal-code": &co.Address.PostalCode, "country": &co.Address.Country, "email": &co.Email, "phone": &co.Phone,
		"tax-id": &co.TaxID, "vat-id": &co.VATID, "endpoint": &co.EndpointID, "scheme": &co.EndpointScheme, "iban": &co.IBAN,
		"bic": &co.BIC}
	for name := range set {
		*fields[name] = *values[name]
	}
	if err := book.Company().SaveCompany(ctx, &co); err != nil {
		return atFlags(err, map[string]string{"name": "--name", "email": "--email", "vatId": "--vat-id", "endpointId": "--endpoint",
			"endpointScheme": "--scheme", "iban": "--iban", "bic": "--bic"})
	}
	fmt.Fprintf(e.stdout, "Saved the company: %s, %s; VAT ID %s, e-invoice address %s (%s), IBAN %s, BIC %s.\n",
		orNone(co.Name), orNone(strings.Join(nonEmpty(co.Address.Line1, co.Address.PostalCode, co.Address.City, co.Address.Country), ", ")),
		orNone(co.VATID), orNone(co.EndpointID), orNone(co.EndpointScheme), orNone(co.IBAN), orNone(co.BIC))
	return nil
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

func runClientsEInvoice(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "clients einvoice")
	name := fs.String("client", "", "the client's `NAME` (required)")
	vat := fs.String("vat-id", "", "the client's VAT `ID` with its country prefix")
	endpoint := fs.String("endpoint", "", "the client's electronic address `ID` (e.g. its Peppol participant ID)")
	scheme := fs.String("scheme", "", "the EAS `SCHEME` of --endpoint: 0088, 0204, 0208, 9930, EM…")
	ref := fs.String("buyer-reference", "", "the `REFERENCE` its invoices quote (a Leitweg-ID for German public buyers)")
	var format domain.EInvoiceFormat
	fs.Var(formatFlag{&format}, "format", "the e-invoice `FORMAT` it receives: ubl, cii, xrechnung, facturx or none")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *name == "" {
		return usageErrorf("clients einvoice: --client is required")
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	c, err := clientFlag(ctx, book.Clients(), *name)
	if err != nil {
		return err
	}
	set := setFlags(fs)
	for flagName, f := range map[string]struct{ dst, src *string }{"vat-id": {&c.VATID, vat}, "endpoint": {&c.EndpointID, endpoint},
		"scheme": {&c.EndpointScheme, scheme}, "buyer-reference": {&c.BuyerReference, ref}} {
		if set[flagName] {
			*f.dst = *f.src
		}
	}
	if set["format"] {
		c.EInvoice = format
	}
	if err := book.Clients().UpdateClient(ctx, c); err != nil {
		return atFlags(err, map[string]string{"vatId": "--vat-id", "endpointId": "--endpoint", "endpointScheme": "--scheme",
			"buyerReference": "--buyer-reference", "einvoice": "--format"})
	}
	fmt.Fprintf(e.stdout, "Saved %s's e-invoice details: format %s, VAT ID %s, address %s (%s), buyer reference %s.\n", c.Name,
		c.EInvoice.Title(), orNone(c.VATID), orNone(c.EndpointID), orNone(c.EndpointScheme), orNone(c.BuyerReference))
	return nil
}

func runTaxesVAT(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "taxes vat")
	category := fs.String("category", "", "the VAT `CATEGORY`: S standard, Z zero rated, E exempt, AE reverse charge, K intra-community, G export, O not subject (required)")
	reason := fs.String("reason", "", "why it is not taxed, in `WORDS` (E needs it or --code)")
	code := fs.String("code", "", "why it is not taxed, as a VATEX `CODE`, e.g. VATEX-EU-132-1I")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageErrorf("taxes vat NAME|'NAME PERCENT%%' --category S|Z|E|AE|K|G|O [--reason TEXT] [--code VATEX]")
	}
	which := args[0]
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	c, err := domain.ParseVATCategory(*category)
	if err != nil {
		return atFlagValue("--category", err)
	}
	book, err := e.open()
	if err != nil {
		return err
	}
	defer book.Close()
	r, err := taxRateNamed(ctx, book.Catalog(), which)
	if err != nil {
		return err
	}
	r.VAT = domain.VATClass{Category: c, ExemptionReason: *reason, ExemptionCode: *code}
	if err := book.Catalog().UpdateTaxRate(ctx, r); err != nil {
		return atFlags(err, taxFlags)
	}
	fmt.Fprintf(e.stdout, "%s is now VAT category %s.\n", r.Label(), r.VAT.Category.Label())
	return nil
}

// taxFlags name the flags of the tax rates' validation fields.
var taxFlags = map[string]string{"name": "--name", "percent": "--percent", "compound": "--compound",
	"vatCategory": "--category", "exemptionReason": "--reason", "exemptionCode": "--code"}

// taxRateNamed finds a rate by its name or its label ("VAT 20%").
func taxRateNamed(ctx context.Context, catalog domain.CatalogService, which string) (*domain.TaxRate, error) {
	if t, err := domain.ParseTaxLabel(which); err == nil {
		rates, err := catalog.FindTaxRates(ctx, true)
		if err != nil {
			return nil, err
		}
		for i := range rates {
			if strings.EqualFold(rates[i].Name, t.Name) && rates[i].Percent.Equal(t.Percent) && rates[i].Compound == t.Compound {
				return &rates[i], nil
			}
		}
	}
	return catalog.FindTaxRateByName(ctx, which)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
