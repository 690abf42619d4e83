package domain

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
)

// ImportEntity is one kind of record the book imports from a CSV file of the
// same name as its export, ENTITY.csv, with the same columns.
type ImportEntity struct {
	Name string // as exported: "invoices"
	// Details names the file that holds the entity's detail rows, joined to
	// its own by id: "document_lines" for documents, "allocations" for
	// payments; "" for none.
	Details string
	// DetailsRequired says the entity cannot be imported without its details
	// (a document's totals come from its lines); a payment without
	// allocations is all credit.
	DetailsRequired bool
}

// ImportEntities lists what can be imported, in the order ImportAll imports
// a folder: each entity only refers to those before it. Payments come before
// credit notes: the book checks every allocation against what is open on its
// invoice, and a credit note issued after a payment would otherwise leave
// less open than there was when the payment was allocated. Activities, tasks
// and contracts are exported but not imported.
var ImportEntities = []ImportEntity{
	// The company comes first: documents are numbered by its series.
	{Name: "company"},
	{Name: "number_counters"},
	{Name: "tax_rates"},
	{Name: "catalog"},
	{Name: "clients"},
	{Name: "contacts"},
	{Name: "quotes", Details: "document_lines", DetailsRequired: true},
	{Name: "invoices", Details: "document_lines", DetailsRequired: true},
	{Name: "payments", Details: "allocations"},
	{Name: "credit_notes", Details: "document_lines", DetailsRequired: true},
	// Refunds come last: they pay back credit that payments and credit
	// notes made.
	{Name: "refunds"},
}

// FindImportEntity returns the entity called name, or an EINVALID error
// listing the names there are.
func FindImportEntity(name string) (ImportEntity, error) {
	names := make([]string, len(ImportEntities))
	for i, e := range ImportEntities {
		if e.Name == name {
			return e, nil
		}
		names[i] = e.Name
	}
	return ImportEntity{}, Errorf(EINVALID, "There is no import called %q; choose one of %s.", name, strings.Join(names, ", "))
}

// ImportOptions say how the files of an import are spelt and whether to
// write what they hold.
type ImportOptions struct {
	// Format is how the files spell their values, as for an export: the
	// delimiter and the decimal separator.
	Format ExportFormat
	// Mapping renames columns: our column name → the header the file uses
	// for it. A key may name the file too, "document_lines.unit_price"; a
	// plain key applies to every file with that column. Columns not in the
	// mapping are looked for under their own names. Headers match ignoring
	// case and surrounding space; columns that are not ours are ignored.
	// An empty header says the file does not have the column: it is not
	// read, even from a header of its own name.
	Mapping map[string]string
	// DryRun checks every row exactly as an import would, inside a
	// transaction that is then rolled back: nothing is written.
	DryRun bool
	// Details is the entity's detail file for Import (ImportEntity.Details):
	// the document_lines file for quotes, invoices and credit notes, the
	// allocations file for payments. ImportAll reads it from the folder.
	Details io.Reader
	// Skip is how many lines each file has above its header row, to pass
	// over: another program's title or export date (0 to MaxImportSkip).
	Skip int
}

// MaxImportSkip is the most lines an import passes over above a header.
const MaxImportSkip = 100

// Validate checks the options that are not about a file: the format and
// the lines to skip.
func (o ImportOptions) Validate() error {
	if err := o.Format.Validate(); err != nil {
		return err
	}
	if o.Skip < 0 || o.Skip > MaxImportSkip {
		return &Error{Code: EINVALID, Message: fmt.Sprintf("Skip between 0 and %d lines above the header, not %d.", MaxImportSkip, o.Skip),
			Fields: map[string]string{"skip": fmt.Sprintf("skip between 0 and %d lines", MaxImportSkip)}}
	}
	return nil
}

// RowProblem is one thing wrong with one row of an import.
type RowProblem struct {
	Entity string // the file: "clients", "document_lines"
	// Row counts the file's records from 1 after the header, as a
	// spreadsheet numbers them below it (a cell spanning lines is still one
	// row; an empty line is none); 0 is the header itself, for problems with
	// the file as a whole, such as a missing column.
	Row int
	// Column is our name for the column at fault; "" for the row as a whole.
	Column  string
	Message string
}

// String is the problem as a person reads it: "row 3, column currency:
// "XYZ" is not an ISO 4217 currency code".
func (p RowProblem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("row %d: %s", p.Row, p.Message)
	}
	return fmt.Sprintf("row %d, column %s: %s", p.Row, p.Column, p.Message)
}

// ImportCount is what one file of an import held.
type ImportCount struct {
	Entity  string
	Rows    int // data rows read (for a shared detail file, those of the entities imported)
	Created int // records created from them
	// Ignored are the file's columns no column of ours was read from, as
	// its header writes them: another program's extras, or columns the
	// mapping left out.
	Ignored []string
}

// ImportResult is what an import found and did.
type ImportResult struct {
	Rows    int // data rows read, over every file
	Created int // records created, or that a dry run would create; reused tax rates are not counted
	// Problems lists every row that could not be imported, in file order.
	// When there are any, nothing was written.
	Problems []RowProblem
	// Files breaks Rows and Created down by file, in the order they were read.
	Files []ImportCount
}

// OK reports whether every row passed: a real import with no problems has
// written everything, a dry run with none would.
func (r ImportResult) OK() bool { return len(r.Problems) == 0 }

// ImportService reads records back into the book from CSV files: exactly what
// ExportService writes (a byte-order mark or none, ',' or ';' with a decimal
// comma, text neutralised against formulas with a leading apostrophe), or
// another program's files through a column mapping.
//
// Every row is parsed and checked with the domain's own Validate, and against
// the book and the rows before it: names, codes and numbers the book already
// has are refused rather than duplicated, so importing the same file twice
// cannot double the book. Records are created, never updated. Files join by
// the id columns of the export (contacts.client_id is clients.id), which are
// only keys within the files: records get new ids. A record the files do not
// join to is looked up in the book by name (client_name), number
// (invoice_number, credit_for_number, from_quote_number) or code (item_code).
//
// An import is all or nothing: it runs in one transaction, and if any row has
// a problem nothing is written and ImportResult.Problems lists every one.
// Documents come back as they were exported: drafts as drafts, issued and
// void documents with the same numbers and totals, quotes with their status.
// Locked documents keep their numbers rather than taking new ones, so the
// number counters are raised to at least the highest imported sequence of
// each series and year, and the next document issued continues after it. The
// rounding policy a document was computed with is not exported; the import
// takes the first of the book's and the other policies whose totals equal the
// exported subtotal, discount, tax and total, and refuses a document none
// reproduces; a file that states the policy (the rounding_scope and
// rounding_mode columns of an export) is held to it. What an issued document
// was addressed to and from is read from the seller_ and bill_to_ columns
// (its snapshots as exported); a file without them takes the client and the
// company as they are at the import. A company file replaces the book's
// company settings (name, address, bank details, defaults, numbering) before
// the rest is read.
type ImportService interface {
	// Import reads one entity's file from r (and its details from
	// opt.Details). The error is for an import that cannot run at all: an
	// unknown entity, a bad format or mapping, an unreadable file, a broken
	// database. Problems with rows are in the result.
	Import(ctx context.Context, entity string, r io.Reader, opt ImportOptions) (ImportResult, error)
	// ImportAll imports the export folder dir: every ImportEntities file
	// found there, in that order, in one transaction. A folder with none of
	// them is EINVALID.
	ImportAll(ctx context.Context, dir string, opt ImportOptions) (ImportResult, error)
	// Columns lists the columns Import reads for entity: its own file's,
	// then its details file's, each with whether a file must have it.
	Columns(entity string) ([]ImportColumn, error)
	// Preview reads the header and at most n data rows of file (an entity
	// of ImportEntities or a details file) from r, as Import would with
	// opt's format and mapping. It reads no further and writes nothing.
	Preview(file string, r io.Reader, opt ImportOptions, n int) (ImportPreview, error)
}

// StatedTotals are a document's figures as a file states them, to be checked
// against its lines; a nil figure was not given.
type StatedTotals struct {
	Subtotal, Discount, Tax, Total *decimal.Decimal
	// LineNets are the lines' amounts (LineAmount) as exported, by line;
	// they tell apart rounding modes that give the same totals.
	LineNets []*decimal.Decimal
	// Rounding is the policy the file says the document was computed with,
	// nil when it does not say (an older export, another program's file);
	// when given, it is the only one tried.
	Rounding *Rounding
	// Arithmetic is the version of the totals rules the file says an issued
	// document was computed by; 0 when it does not say.
	Arithmetic Arithmetic
	// DiscountAmount is the document discount as a fixed amount as it was
	// entered, nil when the file does not say; when given it is used as is
	// instead of being worked back from the stated discount.
	DiscountAmount *decimal.Decimal
}

// fit is one way a document may have been computed.
type fit struct {
	rounding   Rounding
	arithmetic Arithmetic
}

// fits lists the ways d may have been computed: every rounding policy,
// prefer first, by the current rules, then for an issued document by
// ArithmeticV1. A rounding or an arithmetic the file states is the only one
// of its kind tried.
func fits(d *Document, prefer Rounding, stated StatedTotals) []fit {
	arithmetics := []Arithmetic{CurrentArithmetic, ArithmeticV1}
	if stated.Arithmetic != 0 && d.Status.Locked() {
		arithmetics = []Arithmetic{stated.Arithmetic}
	}
	rs := roundings(prefer)
	if stated.Rounding != nil {
		rs = []Rounding{*stated.Rounding}
	}
	var out []fit
	for _, a := range arithmetics {
		if a != CurrentArithmetic && !d.Status.Locked() {
			break
		}
		for _, r := range rs {
			out = append(out, fit{r, a})
		}
	}
	return out
}

// roundings lists every rounding policy, prefer first.
func roundings(prefer Rounding) []Rounding {
	out := []Rounding{prefer}
	for _, s := range []RoundingScope{RoundPerLine, RoundPerDocument} {
		for _, m := range []RoundingMode{HalfUp, HalfEven} {
			if r := (Rounding{Scope: s, Mode: m}); r != prefer {
				out = append(out, r)
			}
		}
	}
	return out
}

// FitTotals finds how a document read from a file was computed: it sets
// d.Rounding to the first policy, prefer first, under which d's lines come to
// every stated figure, and returns the totals. An export does not say which
// policy a document used, only what it came to. An issued document may also
// have been issued under ArithmeticV1; FitTotals then sets d.Arithmetic to it
// (drafts are always computed by the current rules).
//
// A document discount given as a fixed amount is exported as a zero percent
// and its tax-exclusive share: when d.DiscountPercent is zero and a discount
// is stated, FitTotals also sets d.DiscountAmount to the amount that was
// entered. With tax-exclusive prices that is the stated discount; with
// tax-inclusive prices it is the inclusive amount taken off the lines, what
// they come to without it less the stated total, give or take the minor unit
// that rounding the total once may have moved.
//
// When nothing fits, d keeps prefer and the error says what the lines come
// to under it.
func FitTotals(d *Document, prefer Rounding, stated StatedTotals) (Totals, error) {
	fixed := d.DiscountPercent.IsZero() && stated.Discount != nil && !stated.Discount.IsZero()
	var first Totals
	var firstErr error
	tried := fits(d, prefer, stated)
	if len(tried) > 0 {
		prefer = tried[0].rounding
	}
	for i, fit := range tried {
		d.Rounding, d.Arithmetic = fit.rounding, fit.arithmetic
		discounts, err := d.fixedDiscounts(fixed, stated)
		if err != nil {
			if i == 0 {
				firstErr = err
			}
			continue
		}
		for j, amount := range discounts {
			d.DiscountAmount = amount
			t, err := d.Totals()
			if err == nil && stated.matches(d, t) {
				return t, nil
			}
			if i == 0 && j == 0 {
				first, firstErr = t, err
			}
		}
	}
	d.Rounding, d.Arithmetic = prefer, CurrentArithmetic
	if firstErr != nil {
		return Totals{}, firstErr
	}
	m := func(a decimal.Decimal) string { return d.Money(a).Format() }
	if stated.totalsMatch(first) {
		for i, n := range stated.LineNets {
			if n != nil && i < len(d.Lines) {
				if a := d.lineAmount(i); !n.Equal(a) {
					return Totals{}, fmt.Errorf("line %d comes to %s, not the %s stated as its net", i+1, m(a), m(*n))
				}
			}
		}
	}
	return Totals{}, fmt.Errorf("the lines come to %s (subtotal %s, discount %s, tax %s), not the %s stated",
		m(first.Total), m(first.Subtotal), m(first.Discount), m(first.Tax), stated.describe(d))
}

// fixedDiscounts lists the document discount amounts to try under d's
// rounding: d's own unless the discount was a fixed amount (see FitTotals).
func (d *Document) fixedDiscounts(fixed bool, stated StatedTotals) ([]decimal.Decimal, error) {
	switch {
	case stated.DiscountAmount != nil:
		return []decimal.Decimal{*stated.DiscountAmount}, nil
	case !fixed:
		return []decimal.Decimal{d.DiscountAmount}, nil
	case !d.TaxInclusive:
		return []decimal.Decimal{*stated.Discount}, nil
	case stated.Total == nil:
		return nil, fmt.Errorf("a fixed discount on tax-inclusive prices needs the total")
	}
	exp, err := d.Exponent()
	if err != nil {
		return nil, err
	}
	d.DiscountAmount = decimal.Zero
	t, err := d.Totals()
	if err != nil {
		return nil, err
	}
	amount, unit := t.Total.Sub(*stated.Total), decimal.New(1, -exp)
	return []decimal.Decimal{amount, amount.Add(unit), amount.Sub(unit)}, nil
}

// matches reports whether d's lines and t have every stated figure.
func (s StatedTotals) matches(d *Document, t Totals) bool {
	for i, n := range s.LineNets {
		if n != nil && (i >= len(d.Lines) || !n.Equal(d.lineAmount(i))) {
			return false
		}
	}
	return s.totalsMatch(t)
}

// lineAmount is the i-th line's LineAmount under d's rounding mode.
func (d *Document) lineAmount(i int) decimal.Decimal {
	exp, _ := d.Exponent()
	l := d.Lines[i]
	return LineAmount(TotalsLine{Quantity: l.Quantity, UnitPrice: l.UnitPrice, DiscountPercent: l.DiscountPercent}, exp, d.Rounding.Mode)
}

// totalsMatch reports whether t has the stated document totals.
func (s StatedTotals) totalsMatch(t Totals) bool {
	for _, p := range []struct {
		stated *decimal.Decimal
		got    decimal.Decimal
	}{{s.Subtotal, t.Subtotal}, {s.Discount, t.Discount}, {s.Tax, t.Tax}, {s.Total, t.Total}} {
		if p.stated != nil && !p.stated.Equal(p.got) {
			return false
		}
	}
	return true
}

// describe names the stated figures: "total 120.00 (subtotal 100.00, tax 20.00)".
func (s StatedTotals) describe(d *Document) string {
	var parts []string
	for _, p := range []struct {
		name   string
		stated *decimal.Decimal
	}{{"subtotal", s.Subtotal}, {"discount", s.Discount}, {"tax", s.Tax}} {
		if p.stated != nil {
			parts = append(parts, p.name+" "+d.Money(*p.stated).Format())
		}
	}
	out := "figures"
	if s.Total != nil {
		out = "total " + d.Money(*s.Total).Format()
	}
	if len(parts) > 0 {
		out += " (" + strings.Join(parts, ", ") + ")"
	}
	return out
}
