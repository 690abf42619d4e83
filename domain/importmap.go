package domain

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"unicode"
)

// ImportColumn is one column an import reads, as a mapping step shows it.
type ImportColumn struct {
	// File is the file the column belongs to: the entity's own
	// ("invoices") or its details file ("document_lines").
	File        string
	Name        string // our name, as exported: "client_name"
	Description string
	// Required says a file without the column cannot be imported. A row's
	// client is named by client_name or client_id; neither is required on
	// its own, but one of them is (see ImportPreview.Problems).
	Required bool
}

// Key is the column's key in ImportOptions.Mapping: "invoices.client_name".
func (c ImportColumn) Key() string { return c.File + "." + c.Name }

// ImportPreview is the start of one file as an import would read it.
type ImportPreview struct {
	File string // "clients", "document_lines"
	// Header is the file's own header row, as written (a byte-order mark
	// and surrounding quotes gone).
	Header []string
	// Columns are our columns of the file, in the order of the export.
	Columns []string
	// Rows are the first data rows, each with one cell per Columns entry as
	// the import reads it: from the file's column the mapping chose, with
	// the apostrophe that guards against formulas taken off; "" for a
	// column the file does not have.
	Rows [][]string
	// RowNumbers are the rows' numbers as RowProblem counts them.
	RowNumbers []int
	// Problems are those with the header that stop any row from being
	// imported: a required column not found, a mapped header missing, a
	// file that seems to use the other delimiter.
	Problems []RowProblem
	// Ignored are the file's columns that nothing is read from, as its
	// header writes them (ImportCount.Ignored).
	Ignored []string
}

// SniffFormat guesses how a CSV file is spelt from its first bytes: the
// delimiter is whichever of ';' and ',' splits the header line into more
// cells (',' when neither does), and with ';' numbers are taken to have a
// decimal comma when some cell of the first rows looks like one ("12,50")
// and none looks like a decimal point ("12.50"). A byte-order mark is
// skipped; bom reports whether there was one.
func SniffFormat(sample []byte) (f ExportFormat, bom bool) {
	sample, bom = bytes.CutPrefix(sample, []byte("\uFEFF"))
	first, _, _ := bytes.Cut(sample, []byte("\n"))
	count := func(delim byte) int {
		n, quoted := 0, false
		for _, c := range first {
			switch {
			case c == '"':
				quoted = !quoted
			case c == delim && !quoted:
				n++
			}
		}
		return n
	}
	if count(';') <= count(',') {
		return ExportFormat{}, bom
	}
	r := csv.NewReader(bytes.NewReader(sample))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	commas, points := 0, 0
	for i := 0; i < 50; i++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// A sample cut off mid-row ends with a broken one.
			break
		}
		if i == 0 {
			continue // the header
		}
		for _, cell := range rec {
			switch decimalMark(strings.TrimSpace(cell)) {
			case ',':
				commas++
			case '.':
				points++
			}
		}
	}
	return ExportFormat{Delimiter: ';', DecimalComma: commas > 0 && points == 0}, bom
}

// decimalMark is the separator of a cell that is a decimal number with
// exactly one '.' or ',' and digits on both sides ("-12,50"), or 0.
func decimalMark(s string) rune {
	s = strings.TrimPrefix(s, "-")
	var mark rune
	digitsBefore, digitsAfter := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			if mark == 0 {
				digitsBefore++
			} else {
				digitsAfter++
			}
		case (r == '.' || r == ',') && mark == 0:
			mark = r
		default:
			return 0
		}
	}
	if digitsBefore == 0 || digitsAfter == 0 {
		return 0
	}
	return mark
}

// SuggestMapping pairs each column with the header of the file that names
// it, ignoring case, spaces, underscores and hyphens: "Billing City",
// "billing-city" and "BILLING_CITY" all name billing_city. The result is
// keyed by ImportColumn.Key and holds the header as the file writes it; a
// column with no such header maps to "", not in the file. Each header is
// used once, by the first column that matches it.
func SuggestMapping(columns []ImportColumn, headers map[string][]string) map[string]string {
	out := map[string]string{}
	used := map[string]map[string]bool{}
	for _, c := range columns {
		out[c.Key()] = ""
		if used[c.File] == nil {
			used[c.File] = map[string]bool{}
		}
		for _, h := range headers[c.File] {
			if !used[c.File][h] && headerKey(h) == headerKey(c.Name) {
				out[c.Key()] = h
				used[c.File][h] = true
				break
			}
		}
	}
	return out
}

// headerKey is a header with case, spaces, underscores and hyphens gone.
func headerKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if !unicode.IsSpace(r) && r != '_' && r != '-' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
