package domain

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
)

// ExportFormat is how exported CSV files spell their values. The zero value
// is plain CSV: commas between cells and dots in numbers.
type ExportFormat struct {
	// Delimiter separates cells: ',' (the default when zero) or ';', which
	// spreadsheets in comma-decimal locales expect.
	Delimiter rune
	// DecimalComma writes numbers with a decimal comma, "-12,50"; it needs
	// the ';' delimiter.
	DecimalComma bool
}

// Comma returns the delimiter, ',' when none was chosen.
func (f ExportFormat) Comma() rune {
	if f.Delimiter == 0 {
		return ','
	}
	return f.Delimiter
}

// Validate refuses a delimiter other than ',' or ';' and a decimal comma with
// the comma delimiter, which would split every amount in two.
func (f ExportFormat) Validate() error {
	switch f.Comma() {
	case ',', ';':
	default:
		return Errorf(EINVALID, "Choose ',' or ';' as the delimiter, not %q.", f.Delimiter)
	}
	if f.DecimalComma && f.Comma() == ',' {
		return Errorf(EINVALID, "A decimal comma needs ';' as the delimiter: with ',' every amount would be split into two cells.")
	}
	return nil
}

// Number spells a plain number ("-12.50", "7.25") in the format: unchanged,
// or with a decimal comma ("-12,50"). Numbers from the book never have
// thousands separators, so the one dot is the decimal point.
func (f ExportFormat) Number(s string) string {
	if f.DecimalComma {
		return strings.Replace(s, ".", ",", 1)
	}
	return s
}

// ParseNumber reads a number as Number writes it in the format: an optional
// minus sign, digits and at most one decimal separator ('.', or ',' with
// DecimalComma) followed by digits; no thousands separators, no exponent. The
// error is a sentence fragment fit to show beside the cell.
func (f ExportFormat) ParseNumber(s string) (decimal.Decimal, error) {
	t := strings.TrimSpace(s)
	point, example := '.', "1234.56"
	if f.DecimalComma {
		point, example = ',', "1234,56"
	}
	bad := fmt.Errorf("%q is not a number; write it like %s, without thousands separators", t, example)
	body := strings.TrimPrefix(t, "-")
	whole, frac, hasPoint := strings.Cut(body, string(point))
	if whole == "" || (hasPoint && frac == "") {
		return decimal.Decimal{}, bad
	}
	for _, part := range []string{whole, frac} {
		for _, r := range part {
			if r < '0' || r > '9' {
				return decimal.Decimal{}, bad
			}
		}
	}
	d, err := decimal.NewFromString(strings.Replace(t, string(point), ".", 1))
	if err != nil {
		return decimal.Decimal{}, bad
	}
	return d, nil
}

// ExportColumn is one column of an exported file.
type ExportColumn struct {
	Name        string // stable snake_case header, e.g. "issue_date"
	Description string // one sentence for README.txt
}

// ExportEntity is one kind of record the book exports as one CSV file,
// Name + ".csv".
type ExportEntity struct {
	Name        string // stable snake_case, e.g. "credit_notes"
	Description string
	Columns     []ExportColumn
}

// ErrCancelled is returned when an export's progress function asks to stop.
var ErrCancelled = &Error{Code: ECONFLICT, Message: "The export was cancelled."}

// ExportReadme is the name of the file ExportAll writes beside the CSV files.
const ExportReadme = "README.txt"

// ExportService writes the book's records as CSV for spreadsheets and other
// programs. Every file is UTF-8 with a byte-order mark, one header row of the
// column names, then one row per record in a stable order (by id; lines by
// document or contract and position). Dates are YYYY-MM-DD,
// timestamps RFC 3339 in UTC; amounts are plain numbers with exactly the
// currency's decimals and the currency in a column of its own. Text typed by
// a person that a spreadsheet would run as a formula is prefixed with an
// apostrophe.
type ExportService interface {
	// Entities lists what can be exported, in the order ExportAll writes it.
	Entities() []ExportEntity
	// Export streams one entity to w: rows go from the book to w one at a
	// time, so the size of the book does not matter. progress, if not nil,
	// is called with the number of rows written so far: with 0 before the
	// first, every few hundred rows and with the total at the end; returning
	// false stops the export with ErrCancelled. An unknown entity is
	// EINVALID naming the known ones.
	Export(ctx context.Context, entity string, w io.Writer, f ExportFormat, progress func(rows int) bool) (rows int, err error)
	// ExportAll writes every entity to dir (created if missing) as
	// ENTITY.csv, plus README.txt describing every column, all from one
	// snapshot of the book. Files are written under temporary names and
	// renamed only once all are complete, so a cancelled or failed export
	// leaves dir as it was. progress is as for Export, with the entity.
	ExportAll(ctx context.Context, dir string, f ExportFormat, progress func(entity string, rows int) bool) error
	// WriteTable writes a list as a screen shows it (filters applied) with
	// the same CSV rules: header, then the rows next yields until it
	// returns false. Text cells are neutralised; Number cells get the
	// format's decimal separator.
	WriteTable(w io.Writer, f ExportFormat, header []string, next func() ([]TableCell, bool, error)) (rows int, err error)
}

// TableCell is one cell of a list written by WriteTable: text a person
// typed, or a number or date Clientbook formatted.
type TableCell struct {
	Value  string
	Number bool // a plain number with a dot, e.g. "-12.50"
	Raw    bool // a date or code Clientbook formatted, written as is
}

// TextCell, NumberCell and RawCell make table cells.
func TextCell(s string) TableCell   { return TableCell{Value: s} }
func NumberCell(s string) TableCell { return TableCell{Value: s, Number: true} }
func RawCell(s string) TableCell    { return TableCell{Value: s, Raw: true} }

// FindExportEntity returns the entity called name, or an EINVALID error
// listing the names there are.
func FindExportEntity(entities []ExportEntity, name string) (ExportEntity, error) {
	names := make([]string, len(entities))
	for i, e := range entities {
		if e.Name == name {
			return e, nil
		}
		names[i] = e.Name
	}
	return ExportEntity{}, Errorf(EINVALID, "There is no export called %q; choose one of %s.", name, strings.Join(names, ", "))
}

// WriteExportReadme writes the README.txt of an export: what the files are,
// how their values are spelt in format f, and every column of every entity.
func WriteExportReadme(w io.Writer, entities []ExportEntity, f ExportFormat) error {
	var b strings.Builder
	delim := "a comma (,)"
	if f.Comma() == ';' {
		delim = "a semicolon (;)"
	}
	point := "a dot (12.50)"
	if f.DecimalComma {
		point = "a comma (12,50)"
	}
	fmt.Fprintf(&b, `Clientbook export

One CSV file per kind of record, named after it. Every file is UTF-8 with a
byte-order mark and has one header row of column names, then one row per
record in a stable order: by id (lines by their document or contract and
position). Cells are quoted as RFC 4180 says.

- Cells are separated by %s.
- Amounts are plain numbers with exactly their currency's decimals and no
  thousands separators; the currency of a row's amounts is in its currency
  column. Quantities and percentages are exact decimals.
- The decimal separator is %s.
- Dates are YYYY-MM-DD; timestamps are RFC 3339 in UTC (2027-03-01T09:30:00Z).
  An empty cell means not set.
- Yes/no values are true or false.
- Text that a spreadsheet would run as a formula (starting with =, +, -, @,
  a tab or a carriage return) is prefixed with an apostrophe ('), and so is
  such text that already starts with apostrophes; an import takes one off.
- id columns join the files: contacts.client_id is clients.id, and so on.
- "clientbookctl import all --dir FOLDER" reads a folder like this one back
  into a book, all or nothing; activities, tasks and contracts stay behind.
`, delim, point)
	for _, e := range entities {
		fmt.Fprintf(&b, "\n%s.csv\n%s\n%s\n\n", e.Name, strings.Repeat("=", len(e.Name)+4), e.Description)
		width := 0
		for _, c := range e.Columns {
			width = max(width, len(c.Name))
		}
		for _, c := range e.Columns {
			fmt.Fprintf(&b, "  %-*s  %s\n", width, c.Name, c.Description)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
