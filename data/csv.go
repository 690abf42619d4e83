package data

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CSVWriter writes spreadsheet-friendly CSV: UTF-8 with a byte-order mark so
// Excel reads accents correctly, RFC 4180 quoting, and text cells that a
// spreadsheet would run as a formula neutralised with a leading apostrophe.
type CSVWriter struct {
	w       *csv.Writer
	started bool
	out     io.Writer
}

// NewCSVWriter returns a writer that emits the byte-order mark before its
// first row and separates cells with commas.
func NewCSVWriter(w io.Writer) *CSVWriter { return NewCSVWriterDelim(w, ',') }

// NewCSVWriterDelim is NewCSVWriter with another delimiter, such as ';' for
// spreadsheets that use a decimal comma. An invalid delimiter (a quote, a
// line break) makes the first write fail.
func NewCSVWriterDelim(w io.Writer, delim rune) *CSVWriter {
	c := csv.NewWriter(w)
	c.Comma = delim
	c.UseCRLF = true
	return &CSVWriter{w: c, out: w}
}

// WriteHeader writes column names; they are ours, so they are not neutralised.
func (c *CSVWriter) WriteHeader(cols ...string) error {
	if err := c.bom(); err != nil {
		return err
	}
	return c.w.Write(cols)
}

// WriteRow writes one record. Text cells have their line breaks made \n
// (see lineBreaks) and are passed through SafeCell; numbers and dates that
// Clientbook formats itself go in Raw cells.
func (c *CSVWriter) WriteRow(cells ...Cell) error {
	if err := c.bom(); err != nil {
		return err
	}
	rec := make([]string, len(cells))
	for i, cell := range cells {
		if cell.raw {
			rec[i] = cell.s
		} else {
			rec[i] = SafeCell(lineBreaks(cell.s))
		}
	}
	return c.w.Write(rec)
}

// lineBreaks turns every line break into \n: CR LF and a lone CR alike.
// encoding/csv writes \n as CR LF and drops a lone CR, and any reader gives
// CR LF back as \n; so a text cell is read back as it was written only when
// its line breaks are \n, and only then does RestoreCell see the text that
// SafeCell guarded ("\r=1" would otherwise be guarded as "'\r=1" and come
// back as "'=1").
func lineBreaks(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// Flush writes buffered rows and reports any write error.
func (c *CSVWriter) Flush() error {
	if err := c.bom(); err != nil {
		return err
	}
	c.w.Flush()
	return c.w.Error()
}

func (c *CSVWriter) bom() error {
	if c.started {
		return nil
	}
	c.started = true
	_, err := io.WriteString(c.out, "\uFEFF")
	return err
}

// Cell is one CSV value: text typed by a person, or a raw value we formatted.
type Cell struct {
	s   string
	raw bool
}

// Text is a cell holding text a person typed; it is neutralised on write.
func Text(s string) Cell { return Cell{s: s} }

// Raw is a cell holding a number or date formatted by Clientbook, written as is.
func Raw(s string) Cell { return Cell{s: s, raw: true} }

// SafeCell neutralises text a spreadsheet would treat as a formula (starting
// with =, +, -, @, a tab, a carriage return or a line feed) by prefixing an
// apostrophe. Text that already starts with apostrophes before such a character gets one
// more, so RestoreCell can always give back the text as it was.
func SafeCell(s string) string {
	if formulaAfterApostrophes(s) {
		return "'" + s
	}
	return s
}

// RestoreCell undoes SafeCell: it drops the apostrophe before text a
// spreadsheet would run as a formula, and leaves any other text as it is.
func RestoreCell(s string) string {
	if rest, ok := strings.CutPrefix(s, "'"); ok && formulaAfterApostrophes(rest) {
		return rest
	}
	return s
}

// formulaAfterApostrophes reports whether s, once any leading apostrophes are
// skipped, starts like a formula.
func formulaAfterApostrophes(s string) bool {
	s = strings.TrimLeft(s, "'")
	return s != "" && strings.ContainsRune(formulaStarts, rune(s[0]))
}

// formulaStarts are the first characters that make a spreadsheet evaluate a
// cell: OWASP's list, and \n, because CSVWriter writes a CR as \n (see
// lineBreaks) and a cell starting with one stays guarded.
const formulaStarts = "=+-@\t\r\n"

// CSVReader reads CSV as CSVWriter writes it: a byte-order mark, if any, is
// skipped, cells are separated by the given delimiter and quoted as RFC 4180
// says, and every cell is passed through RestoreCell. Rows may have any
// number of cells; the caller checks them against the header.
type CSVReader struct{ r *csv.Reader }

// NewCSVReader returns a reader of r with the delimiter, ',' or ';'.
func NewCSVReader(r io.Reader, delim rune) *CSVReader { return NewCSVReaderSkipping(r, delim, 0) }

// NewCSVReaderSkipping is NewCSVReader passing over the first skip lines of
// r: what another program writes above its column names (a title, the date
// of the export), whatever their quotes.
func NewCSVReaderSkipping(r io.Reader, delim rune, skip int) *CSVReader {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\uFEFF" {
		br.Discard(3)
	}
	for ; skip > 0; skip-- {
		if _, err := br.ReadString('\n'); err != nil {
			break
		}
	}
	c := csv.NewReader(br)
	c.Comma = delim
	c.FieldsPerRecord = -1
	return &CSVReader{r: c}
}

// Read returns the next row, or io.EOF after the last. A malformed row (a
// stray quote) is a *csv.ParseError; reading should stop there.
func (c *CSVReader) Read() ([]string, error) {
	rec, err := c.r.Read()
	if err != nil {
		return nil, err
	}
	for i, s := range rec {
		rec[i] = RestoreCell(s)
	}
	return rec, nil
}

// csvBuf writes CSV exactly as CSVWriter does — a byte-order mark, then
// records quoted as encoding/csv quotes them with UseCRLF — but builds each
// record in a buffer of its own with no allocation per cell, for exports
// of many rows. The delimiter must be ',' or ';' (ExportFormat.Validate).
type csvBuf struct {
	w     io.Writer
	b     []byte
	comma byte
	cells int // cells in the record being built
}

// csvBufSize is how much csvBuf gathers before it writes to w.
const csvBufSize = 64 << 10

func newCSVBuf(w io.Writer, comma rune) *csvBuf {
	b := make([]byte, 0, csvBufSize+4<<10)
	return &csvBuf{w: w, b: append(b, "\uFEFF"...), comma: byte(comma)}
}

// sep starts a cell: the delimiter before every cell but a record's first.
func (c *csvBuf) sep() {
	if c.cells > 0 {
		c.b = append(c.b, c.comma)
	}
	c.cells++
}

// raw adds a cell as encoding/csv writes it: quoted when it holds the
// delimiter, a quote or a line break, starts with a space or is `\.`, with
// quotes doubled, line feeds written CR LF and lone CRs dropped.
func (c *csvBuf) raw(s string) {
	c.sep()
	c.b = appendCSVField(c.b, s, c.comma)
}

// text adds a cell of text a person typed: its line breaks made \n and a
// formula guarded, as CSVWriter.WriteRow does with a Text cell.
func (c *csvBuf) text(s string) {
	if s != "" && (s[0] == '\'' || strings.IndexByte(formulaStarts, s[0]) >= 0) || strings.IndexByte(s, '\r') >= 0 {
		s = SafeCell(lineBreaks(s))
	}
	c.raw(s)
}

// cell adds a Cell as CSVWriter.WriteRow would.
func (c *csvBuf) cell(x Cell) {
	if x.raw {
		c.raw(x.s)
	} else {
		c.text(x.s)
	}
}

// end ends the record and writes the buffer out once it is full.
func (c *csvBuf) end() error {
	c.b = append(c.b, '\r', '\n')
	c.cells = 0
	if len(c.b) >= csvBufSize {
		return c.flush()
	}
	return nil
}

// flush writes what is buffered to w.
func (c *csvBuf) flush() error {
	if len(c.b) == 0 {
		return nil
	}
	_, err := c.w.Write(c.b)
	c.b = c.b[:0]
	return err
}

// appendCSVField appends s to b as encoding/csv's Writer (with UseCRLF)
// writes one field.
func appendCSVField(b []byte, s string, comma byte) []byte {
	if !csvNeedsQuotes(s, comma) {
		return append(b, s...)
	}
	b = append(b, '"')
	for len(s) > 0 {
		i := strings.IndexAny(s, "\"\r\n")
		if i < 0 {
			i = len(s)
		}
		b = append(b, s[:i]...)
		s = s[i:]
		if len(s) > 0 {
			switch s[0] {
			case '"':
				b = append(b, '"', '"')
			case '\n':
				b = append(b, '\r', '\n')
			}
			s = s[1:]
		}
	}
	return append(b, '"')
}

// csvNeedsQuotes is encoding/csv's rule for quoting a field, for a
// one-byte delimiter.
func csvNeedsQuotes(s string, comma byte) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	if len(s) > 32 {
		// Four vectorised searches beat one loop over a long text.
		if strings.IndexByte(s, '"') >= 0 || strings.IndexByte(s, '\n') >= 0 || strings.IndexByte(s, '\r') >= 0 ||
			strings.IndexByte(s, comma) >= 0 {
			return true
		}
	} else {
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case '\n', '\r', '"', comma:
				return true
			}
		}
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}
