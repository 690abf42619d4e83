package domain

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

// MaxStatementSize bounds a statement file, so a wrong file cannot take all
// memory: 32 MiB is years of lines.
const MaxStatementSize = 32 << 20

// StatementFormat is the kind of file a bank statement came in.
type StatementFormat string

const (
	// FormatCSV is a bank's CSV export, read with a BankMapping.
	FormatCSV StatementFormat = "csv"
	// FormatOFX is Open Financial Exchange, 1.x (SGML) or 2.x (XML);
	// Quicken's QFX is OFX.
	FormatOFX StatementFormat = "ofx"
)

// DetectStatementFormat tells an OFX file from a CSV file by its name
// (.ofx, .qfx) or, failing that, by how it begins.
func DetectStatementFormat(name string, data []byte) StatementFormat {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".ofx", ".qfx":
		return FormatOFX
	}
	head := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\uFEFF")), " \t\r\n")
	if len(head) > 512 {
		head = head[:512]
	}
	up := bytes.ToUpper(head)
	if bytes.HasPrefix(up, []byte("OFXHEADER")) || (bytes.HasPrefix(up, []byte("<?XML")) && bytes.Contains(up, []byte("OFX"))) ||
		bytes.HasPrefix(up, []byte("<OFX>")) {
		return FormatOFX
	}
	return FormatCSV
}

// DateOrder is how a CSV statement writes its dates.
type DateOrder string

const (
	// OrderYMD is 2027-03-31 (also 2027/03/31 and 20270331).
	OrderYMD DateOrder = "ymd"
	// OrderDMY is 31/03/2027 (also 31.03.2027, 31-03-27).
	OrderDMY DateOrder = "dmy"
	// OrderMDY is 03/31/2027.
	OrderMDY DateOrder = "mdy"
)

// Valid reports whether o is one of the three orders.
func (o DateOrder) Valid() bool { return o == OrderYMD || o == OrderDMY || o == OrderMDY }

// Pattern is the order as people read it: "dd/mm/yyyy".
func (o DateOrder) Pattern() string {
	switch o {
	case OrderDMY:
		return "dd/mm/yyyy"
	case OrderMDY:
		return "mm/dd/yyyy"
	}
	return "yyyy-mm-dd"
}

// BankMapping is how one bank spells its CSV statements, chosen once by the
// user and kept under the bank's name. A column is named by its header
// (when the file has one) or by its place, "3" for the third; Text may join
// several columns with "+", "Payee+Purpose".
type BankMapping struct {
	ID           int64
	Name         string
	Delimiter    rune // ',', ';' or '\t'
	DecimalComma bool // amounts are written 1.234,56
	DateOrder    DateOrder
	Header       bool // the first row (after Skip) names the columns
	Skip         int  // lines before it: the bank's preamble
	Date         string
	// Amount is one signed column; or Debit and Credit (either may be
	// empty) hold money out and money in, as positive numbers.
	Amount    string
	Debit     string
	Credit    string
	Text      string
	Reference string // optional
	CreatedAt time.Time
	UpdatedAt time.Time
}

// DelimiterName is the delimiter as stored and typed: ",", ";" or "tab".
func (m BankMapping) DelimiterName() string {
	if m.Delimiter == '\t' {
		return "tab"
	}
	return string(m.Delimiter)
}

// ParseDelimiter reads ",", ";" or "tab" (also "\t").
func ParseDelimiter(s string) (rune, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case ",":
		return ',', nil
	case ";":
		return ';', nil
	case "tab", "\t", `\t`:
		return '\t', nil
	}
	return 0, fmt.Errorf("choose ',', ';' or tab as the delimiter, not %q", s)
}

// Validate tidies and checks a mapping: a name, a delimiter a decimal comma
// does not clash with, a date order, a date and a text column, and either
// an amount column or debit and credit columns. A column named by its
// header needs a header row.
func (m *BankMapping) Validate() error {
	m.Name = strings.TrimSpace(m.Name)
	for _, c := range []*string{&m.Date, &m.Amount, &m.Debit, &m.Credit, &m.Text, &m.Reference} {
		*c = strings.TrimSpace(*c)
	}
	v := validation{what: "CSV mapping"}
	switch n := utf8.RuneCountInString(m.Name); {
	case n == 0:
		v.add("name", "name the mapping after the bank, e.g. Sparkasse CSV")
	case n > 100:
		v.add("name", "the name is longer than 100 characters")
	}
	switch m.Delimiter {
	case ',', ';', '\t':
	default:
		v.add("delimiter", "choose ',', ';' or tab as the delimiter")
	}
	if !m.DateOrder.Valid() {
		v.add("dateOrder", "choose the date order: ymd, dmy or mdy")
	}
	if m.Skip < 0 || m.Skip > 100 {
		v.add("skip", "skip between 0 and 100 lines")
	}
	check := func(field, label, spec string, required bool) {
		if spec == "" {
			if required {
				v.add(field, "choose the %s column", label)
			}
			return
		}
		for _, part := range strings.Split(spec, "+") {
			part = strings.TrimSpace(part)
			if n, err := strconv.Atoi(part); err == nil {
				if n < 1 || n > 200 {
					v.add(field, "the %s column %d is not a column; number them from 1", label, n)
				}
				continue
			}
			if part == "" {
				v.add(field, "the %s column %q names an empty column", label, spec)
			} else if !m.Header {
				v.add(field, "the %s column %q is a header, but the file has no header row; give its number", label, part)
			}
			if field != "text" && strings.Contains(spec, "+") {
				v.add(field, "only the text can join several columns")
			}
		}
	}
	check("date", "date", m.Date, true)
	check("text", "text", m.Text, true)
	check("reference", "reference", m.Reference, false)
	switch {
	case m.Amount != "" && (m.Debit != "" || m.Credit != ""):
		v.add("amount", "choose one amount column, or debit and credit columns, not both")
	case m.Amount == "" && m.Debit == "" && m.Credit == "":
		v.add("amount", "choose the amount column, or the debit and credit columns")
	default:
		check("amount", "amount", m.Amount, false)
		check("debit", "debit", m.Debit, false)
		check("credit", "credit", m.Credit, false)
	}
	return v.err()
}

// BankStatementLine is one transaction read from a statement file.
type BankStatementLine struct {
	Date      Date
	Amount    decimal.Decimal // positive for money in
	Text      string
	Reference string
	FITID     string // the bank's transaction ID (OFX only)
	Line      int    // where in the file: its line (CSV) or transaction (OFX) number
}

// BankStatement is a parsed bank statement file.
type BankStatement struct {
	Format StatementFormat
	// AccountNumber and Currency are what an OFX file says of its account;
	// "" for CSV.
	AccountNumber string
	Currency      string
	Lines         []BankStatementLine
}

// DedupeKeys returns the key each line is stored under in the account, so
// that reading the same statement again adds nothing: "ofx:" and the
// bank's FITID, or "csv:" and a hash of the account, date, amount, text,
// reference and how many identical lines came before it in the file (two
// identical coffees on one day are two lines, in this file and the next).
// An OFX line without a FITID gets the same hash, as "ofx-hash:".
func (s *BankStatement) DedupeKeys(accountID int64) []string {
	keys := make([]string, len(s.Lines))
	seen := map[string]int{}
	for i, l := range s.Lines {
		if s.Format == FormatOFX && l.FITID != "" {
			keys[i] = "ofx:" + l.FITID
			continue
		}
		base := fmt.Sprintf("%d\x1f%s\x1f%s\x1f%s\x1f%s", accountID, l.Date, l.Amount.String(), l.Text, l.Reference)
		occ := seen[base]
		seen[base] = occ + 1
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x1f%d", base, occ)))
		prefix := "csv:"
		if s.Format == FormatOFX {
			prefix = "ofx-hash:"
		}
		keys[i] = prefix + hex.EncodeToString(sum[:16])
	}
	return keys
}

// statementError is the EINVALID error of a file that cannot be read: the
// first problems, each with its line, and how many more there are.
func statementError(problems []string) error {
	const show = 5
	msg := strings.Join(problems[:min(show, len(problems))], "; ")
	if len(problems) > show {
		msg += fmt.Sprintf("; and %d more", len(problems)-show)
	}
	return &Error{Code: EINVALID, Message: "The statement was not imported: " + msg + ".",
		Fields: map[string]string{"file": msg}}
}

// stripBOM drops a UTF-8 byte-order mark.
func stripBOM(data []byte) []byte { return bytes.TrimPrefix(data, []byte("\uFEFF")) }

// toUTF8 reads text that is not UTF-8 as Windows-1252/Latin-1, the other
// encoding bank files come in.
func toUTF8(data []byte) []byte {
	if utf8.Valid(data) {
		return data
	}
	var b bytes.Buffer
	for _, c := range data {
		b.WriteRune(rune(c))
	}
	return b.Bytes()
}

// ReadStatement reads a whole statement file as it is, refusing one over
// MaxStatementSize. It never reads more than one byte past the limit, so a
// device or an endless stream (/dev/zero, a pipe) cannot exhaust memory.
func ReadStatement(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxStatementSize+1))
	if err != nil {
		return nil, &Error{Code: EINVALID, Message: fmt.Sprintf("The statement could not be read: %v.", err),
			Fields: map[string]string{"file": fmt.Sprintf("it could not be read: %v", err)}}
	}
	if len(data) > MaxStatementSize {
		return nil, StatementTooLarge()
	}
	return data, nil
}

// StatementTooLarge is the error that refuses a statement file over
// MaxStatementSize, for a caller that knows the size before reading.
func StatementTooLarge() error {
	return &Error{Code: EINVALID,
		Message: fmt.Sprintf("The statement is larger than %d MB; is it the right file?", MaxStatementSize>>20),
		Fields:  map[string]string{"file": fmt.Sprintf("it is larger than %d MB; is it the right file?", MaxStatementSize>>20)}}
}

// readAll reads a whole statement file as ReadStatement does, as UTF-8
// text without a byte-order mark, its lines ending in "\n" whether the
// bank ended them in "\r\n" (Windows) or a lone "\r" (old Mac exports,
// Mint).
func readAll(r io.Reader) ([]byte, error) {
	data, err := ReadStatement(r)
	if err != nil {
		return nil, err
	}
	return normalizeNewlines(toUTF8(stripBOM(data))), nil
}

// normalizeNewlines turns "\r\n" and a lone "\r" into "\n".
func normalizeNewlines(data []byte) []byte {
	if !bytes.ContainsRune(data, '\r') {
		return data
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
}

// SniffDecimalComma guesses from a CSV statement's first rows whether its
// amounts have a decimal comma: a cell like "-123,45 €" or "1.234,56", and
// none like "1,234.56" or "-123.45".
func SniffDecimalComma(rows [][]string) bool {
	comma, point := 0, 0
	for _, r := range rows {
		for _, c := range r {
			c = strings.TrimFunc(strings.TrimSpace(c), func(r rune) bool {
				return unicode.IsLetter(r) || unicode.IsSpace(r) || strings.ContainsRune("€$£¥+-()\u2212", r)
			})
			switch {
			case decimalCommaAmount.MatchString(c):
				comma++
			case decimalPointAmount.MatchString(c):
				point++
			}
		}
	}
	return comma > 0 && point == 0
}

var (
	decimalCommaAmount = regexp.MustCompile(`^\d{1,3}(\.\d{3})*,\d{2}$|^\d+,\d{2}$`)
	decimalPointAmount = regexp.MustCompile(`^\d{1,3}(,\d{3})*\.\d{2}$|^\d+\.\d{2}$`)
)

// RoundStatementAmount fits a statement line's amount to a currency with exp
// decimals. A bank file now and then gives more (an OFX TRNAMT of -12.3456
// after a card payment abroad); refusing the file for it would hold back
// every other line, so the amount is rounded half away from zero — the
// commercial rounding banks post with — and note says so, to be kept with the
// line: "rounded from -12.3456 EUR". An amount that fits comes back as it is
// with no note.
func RoundStatementAmount(a decimal.Decimal, exp int32, currency string) (rounded decimal.Decimal, note string) {
	r := a.Round(exp)
	if r.Equal(a) {
		return a, ""
	}
	return r, fmt.Sprintf("rounded from %s %s", a.String(), currency)
}

// FlipSigns turns every amount round: for a file that shows money out as
// positive, as card statements often do.
func (s *BankStatement) FlipSigns() {
	for i := range s.Lines {
		s.Lines[i].Amount = s.Lines[i].Amount.Neg()
	}
}

// csvBody skips the first skip lines of data and returns a CSV reader of
// the rest with the delimiter, and the number of the first line it reads.
func csvBody(data []byte, delim rune, skip int) *csv.Reader {
	for i := 0; i < skip && len(data) > 0; i++ {
		if j := bytes.IndexByte(data, '\n'); j >= 0 {
			data = data[j+1:]
		} else {
			data = nil
		}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	return r
}

// PreviewCSV returns the first n rows of a CSV statement as the delimiter
// splits them after skipping skip lines, for choosing a mapping.
func PreviewCSV(r io.Reader, delim rune, skip, n int) ([][]string, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	cr := csvBody(data, delim, skip)
	var out [][]string
	for len(out) < n {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return out, Errorf(EINVALID, "The file is not CSV with %q between cells: %v.", delim, err)
		}
		out = append(out, rec)
	}
	return out, nil
}

// SniffDelimiter guesses a CSV statement's delimiter from its first lines:
// the one of ';', tab and ',' that occurs most often outside quotes.
func SniffDelimiter(data []byte) rune {
	data = stripBOM(data)
	if len(data) > 4096 {
		data = data[:4096]
	}
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(data) {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ';' || c == '\t' || c == ','):
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// column is a resolved column spec: the indexes of the cells it joins.
type column []int

func (c column) text(rec []string) string {
	var parts []string
	for _, i := range c {
		if i < len(rec) {
			if t := strings.Join(strings.Fields(rec[i]), " "); t != "" {
				parts = append(parts, t)
			}
		}
	}
	return strings.Join(parts, " ")
}

// resolve turns a column spec into indexes, by header name or number.
func resolve(spec string, header []string) (column, error) {
	if spec == "" {
		return nil, nil
	}
	var out column
	for _, part := range strings.Split(spec, "+") {
		part = strings.TrimSpace(part)
		if n, err := strconv.Atoi(part); err == nil {
			out = append(out, n-1)
			continue
		}
		found := -1
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), part) {
				found = i
				break
			}
		}
		if found < 0 {
			return nil, fmt.Errorf("the file has no column %q; its columns are %s", part, strings.Join(header, ", "))
		}
		out = append(out, found)
	}
	return out, nil
}

// ParseBankCSV reads a CSV statement with the mapping. A byte-order mark is
// skipped, text that is not UTF-8 is read as Windows-1252, and rows with
// neither a date nor an amount (a blank line, a closing balance) are passed
// over. Every
// other row must have a date in the mapping's order and an amount; all the
// problems are reported at once, each with its line, and then no line is
// returned.
func ParseBankCSV(r io.Reader, m BankMapping) (*BankStatement, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	data, err := readAll(r)
	if err != nil {
		return nil, err
	}
	cr := csvBody(data, m.Delimiter, m.Skip)
	var header []string
	if m.Header {
		header, err = cr.Read()
		if err != nil {
			return nil, statementError([]string{fmt.Sprintf("line %d: the header row is missing", m.Skip+1)})
		}
	}
	cols := map[string]column{}
	for _, c := range []struct{ name, spec string }{{"date", m.Date}, {"amount", m.Amount}, {"debit", m.Debit},
		{"credit", m.Credit}, {"text", m.Text}, {"reference", m.Reference}} {
		col, err := resolve(c.spec, header)
		if err != nil {
			return nil, &Error{Code: EINVALID, Message: "The statement was not imported: " + err.Error() + ".",
				Fields: map[string]string{c.name: err.Error()}}
		}
		cols[c.name] = col
	}
	st := &BankStatement{Format: FormatCSV}
	var problems []string
	// With ',' between cells, an amount with a decimal comma must be
	// quoted ("-123,45 €"); unquoted, it splits into two cells and the row
	// has more cells than the header (or the first row) says. Such a row
	// is refused rather than read as the wrong amount.
	width := len(header)
	widthOf := "the header"
	if !m.Header {
		widthOf = "the first row"
	}
	splitCommas := m.Delimiter == ',' && m.DecimalComma
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		line += m.Skip
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", line, err))
			break
		}
		if width == 0 {
			width = len(rec)
		}
		if splitCommas && len(rec) > width {
			problems = append(problems, fmt.Sprintf("line %d: it has %d cells where %s has %d; with ',' between cells an amount with a decimal comma must be in quotes, like \"-123,45\"",
				line, len(rec), widthOf, width))
			continue
		}
		dateText, amountText := cols["date"].text(rec), cols["amount"].text(rec)
		debitText, creditText := cols["debit"].text(rec), cols["credit"].text(rec)
		if dateText == "" && amountText == "" && debitText == "" && creditText == "" {
			continue
		}
		before := len(problems)
		l := BankStatementLine{Line: line, Text: cols["text"].text(rec), Reference: cols["reference"].text(rec)}
		bad := func(format string, args ...any) {
			problems = append(problems, fmt.Sprintf("line %d: ", line)+fmt.Sprintf(format, args...))
		}
		if l.Date, err = ParseStatementDate(dateText, m.DateOrder); err != nil {
			bad("%v", err)
		}
		if m.Amount != "" {
			if l.Amount, err = ParseStatementAmount(amountText, m.DecimalComma); err != nil {
				bad("%v", err)
			}
		} else {
			debit, derr := optionalAmount(debitText, m.DecimalComma)
			credit, cerr := optionalAmount(creditText, m.DecimalComma)
			switch {
			case derr != nil:
				bad("debit: %v", derr)
			case cerr != nil:
				bad("credit: %v", cerr)
			case debitText == "" && creditText == "":
				bad("there is no amount in the debit or credit column")
			default:
				l.Amount = credit.Abs().Sub(debit.Abs())
			}
		}
		if l.Amount.IsZero() && len(problems) == before {
			bad("the amount is zero")
		}
		if utf8.RuneCountInString(l.Reference) > 100 {
			l.Reference = string([]rune(l.Reference)[:100])
		}
		if utf8.RuneCountInString(l.Text) > MaxTextLen {
			l.Text = string([]rune(l.Text)[:MaxTextLen])
		}
		st.Lines = append(st.Lines, l)
	}
	if len(problems) > 0 {
		return nil, statementError(problems)
	}
	if len(st.Lines) == 0 {
		return nil, statementError([]string{"the file has no statement lines"})
	}
	return st, nil
}

func optionalAmount(s string, decimalComma bool) (decimal.Decimal, error) {
	if strings.TrimSpace(s) == "" {
		return decimal.Zero, nil
	}
	return ParseStatementAmount(s, decimalComma)
}

// ParseStatementAmount reads an amount as banks write them: an optional
// sign in front or behind, or parentheses for a negative; thousands
// grouped with the other separator, a space or an apostrophe; a currency
// symbol or code around it. With decimalComma, "1.234,56"; without,
// "1,234.56".
func ParseStatementAmount(s string, decimalComma bool) (decimal.Decimal, error) {
	t := strings.TrimSpace(s)
	orig := t
	example := "1234.56"
	point, group := ".", ","
	if decimalComma {
		example, point, group = "1234,56", ",", "."
	}
	bad := fmt.Errorf("%q is not an amount; write it like %s", orig, example)
	if t == "" {
		return decimal.Decimal{}, fmt.Errorf("the amount is missing")
	}
	t = strings.TrimFunc(t, func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsSpace(r) || strings.ContainsRune("€$£¥", r)
	})
	neg := false
	switch {
	case strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")"):
		neg, t = true, t[1:len(t)-1]
	case strings.HasPrefix(t, "-"), strings.HasPrefix(t, "\u2212"):
		neg = true
		t = strings.TrimPrefix(strings.TrimPrefix(t, "-"), "\u2212")
	case strings.HasSuffix(t, "-"):
		neg, t = true, strings.TrimSuffix(t, "-")
	case strings.HasPrefix(t, "+"):
		t = t[1:]
	}
	t = strings.TrimSpace(t)
	t = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "'", "").Replace(t)
	whole, frac, hasPoint := strings.Cut(t, point)
	if strings.Contains(frac, point) || strings.Contains(frac, group) {
		return decimal.Decimal{}, bad
	}
	if strings.Contains(whole, group) {
		groups := strings.Split(whole, group)
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return decimal.Decimal{}, bad
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return decimal.Decimal{}, bad
			}
		}
		whole = strings.Join(groups, "")
	}
	if whole == "" || (hasPoint && frac == "") {
		return decimal.Decimal{}, bad
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return decimal.Decimal{}, bad
		}
	}
	num := whole
	if hasPoint {
		num += "." + frac
	}
	d, err := decimal.NewFromString(num)
	if err != nil {
		return decimal.Decimal{}, bad
	}
	if neg {
		d = d.Neg()
	}
	if err := money.CheckRange(d); err != nil {
		return decimal.Decimal{}, fmt.Errorf("%q: %w", orig, err)
	}
	return d, nil
}

// ParseStatementDate reads a statement's date in the order given: with '/',
// '.' or '-' between the parts and a two-digit year meaning 20yy, or for
// ymd also 20270331. A date that does not exist (31/02) is refused, and so
// is one that only fits the other order (13/31/2027 as dd/mm).
func ParseStatementDate(s string, order DateOrder) (Date, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Date{}, fmt.Errorf("the date is missing")
	}
	// A time of day after the date ("31.03.2027 14:02") is not needed.
	if i := strings.IndexAny(t, " T"); i > 0 {
		t = t[:i]
	}
	bad := fmt.Errorf("%q is not a %s date", strings.TrimSpace(s), order.Pattern())
	var parts []string
	if order == OrderYMD && len(t) == 8 && !strings.ContainsAny(t, "/.-") {
		parts = []string{t[:4], t[4:6], t[6:]}
	} else {
		parts = strings.FieldsFunc(t, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	}
	if len(parts) != 3 {
		return Date{}, bad
	}
	nums := make([]int, 3)
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Date{}, bad
		}
		nums[i] = n
	}
	var y, m, d int
	var yearText string
	switch order {
	case OrderYMD:
		y, m, d, yearText = nums[0], nums[1], nums[2], parts[0]
	case OrderDMY:
		d, m, y, yearText = nums[0], nums[1], nums[2], parts[2]
	case OrderMDY:
		m, d, y, yearText = nums[0], nums[1], nums[2], parts[2]
	default:
		return Date{}, bad
	}
	switch len(yearText) {
	case 2:
		y += 2000
	case 4:
	default:
		return Date{}, bad
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, bad
	}
	return Date{y, time.Month(m), d}, nil
}
