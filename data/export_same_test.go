package data

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/demo"
	"clientbook/domain/money"
)

// referenceExport writes the entity as the export did before it had lookups
// and csvBuf: one query with every lookup joined in, each value scanned
// into a sql.NullString, turned into a Cell by cell and written by
// CSVWriter (encoding/csv).
func referenceExport(t *testing.T, b *Book, e *exportEntity, f domain.ExportFormat) []byte {
	t.Helper()
	exprs := make([]string, len(e.cols))
	names := make([]string, len(e.cols))
	for i, c := range e.cols {
		exprs[i], names[i] = c.sql, c.name
	}
	from := e.from
	if len(e.lookups) > 0 {
		cut := strings.Index(from, " WHERE ")
		if cut < 0 {
			t.Fatalf("%s: no WHERE in %q to join the lookups before", e.name, from)
		}
		var joins []string
		for _, l := range e.lookups {
			joins = append(joins, l.join)
		}
		from = from[:cut] + " " + strings.Join(joins, " ") + from[cut:]
	}
	var buf bytes.Buffer
	cw := NewCSVWriterDelim(&buf, f.Comma())
	if err := cw.WriteHeader(names...); err != nil {
		t.Fatal(err)
	}
	rows, err := b.db.Query("SELECT " + strings.Join(exprs, ", ") + " " + from)
	if err != nil {
		t.Fatalf("%s: %v", e.name, err)
	}
	defer rows.Close()
	vals := make([]sql.NullString, len(e.cols))
	dest := make([]any, len(e.cols))
	for i := range vals {
		dest[i] = &vals[i]
	}
	cells := make([]Cell, len(e.cols))
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		currency := ""
		if e.currency >= 0 {
			currency = vals[e.currency].String
		}
		for i, c := range e.cols {
			if cells[i], err = c.cell(vals[i], currency, f); err != nil {
				t.Fatalf("%s, %s: %v", e.name, c.name, err)
			}
		}
		if err := cw.WriteRow(cells...); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// exportFormats are the formats an export can be written in.
var exportFormats = []domain.ExportFormat{
	{},
	{Delimiter: ';'},
	{Delimiter: ';', DecimalComma: true},
}

// awkward is text that must be quoted, guarded or both, in either format.
var awkward = []string{
	"a, b; c", `say "cheese"`, "two\r\nlines\rand\nmore", " leading space", `\.`, "'=already guarded",
	"-12.50", "@sum", "\ttab", "", "Ünïcødé ✓", "'", "=1;2,3",
}

// A demo book, with clients, documents and payments in EUR, JPY (no
// decimals) and BHD (three) whose texts need quoting and guarding and whose
// amounts are negative, is written byte for byte as the single-query export
// with encoding/csv wrote it: every entity, in every format.
func TestExportSameBytesAsBefore(t *testing.T) {
	ctx := context.Background()
	b := openTemp(t)
	if err := demo.Fill(ctx, b, demo.Options{Clients: 12, Invoices: 60, Seed: 5, Today: domain.NewDate(2027, 6, 15)}); err != nil {
		t.Fatal(err)
	}
	for i, cur := range []string{"JPY", "BHD", "EUR"} {
		c := newClient(awkward[i]+" "+cur, awkward[(i+3)%len(awkward)])
		c.Currency = cur
		c.CreditLimit = money.Zero(cur)
		c.Notes = strings.Join(awkward, "\n")
		c.Tags = []string{"a; b", `say "cheese"`}
		if err := b.Clients().CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
		d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), day("2027-03-10"))
		d.PONumber = awkward[(i+4)%len(awkward)]
		d.Notes = awkward[2]
		d.Reference = awkward[1]
		if i == 1 {
			// The separator of a packed row (exportPacking) in a text: the
			// row is read again a column each.
			d.Notes += "\x1fsplit\x1f"
			d.Terms = "\x1f"
		}
		price := map[string]string{"JPY": "1234", "BHD": "12.345", "EUR": "0.05"}[cur]
		d.Lines = []domain.Line{
			{Description: awkward[0], Quantity: dec("3"), UnitPrice: dec(price), DiscountPercent: dec("12.5")},
			{Description: "-credit", Quantity: dec("1"), UnitPrice: dec(price).Neg().Mul(dec("2"))},
			{Description: awkward[5], Quantity: dec("0.25"), UnitPrice: dec(price)},
		}
		if err := b.Documents().CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			continue // a draft: no number, no parties
		}
		inv, _, err := b.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
		if err != nil {
			t.Fatal(err)
		}
		issueCredit(t, b, inv, "2027-03-15", 2)
	}
	for i := range exports {
		e := &exports[i]
		for _, f := range exportFormats {
			want := referenceExport(t, b, e, f)
			var got bytes.Buffer
			n, err := b.Export().Export(ctx, e.name, &got, f, nil)
			if err != nil {
				t.Fatalf("%s %+v: %v", e.name, f, err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s %+v: %d rows differ from the single-query export:\n%s", e.name, f, n, firstDiff(got.Bytes(), want))
			}
			if e.name == "invoices" && n < 60 {
				t.Errorf("only %d invoices", n)
			}
		}
	}
}

// With lookups that keep two keys per generation and read three rows at a
// time — so keys are read again after they were dropped, and most come
// from rows read ahead — the documents (drafts with no parties among them)
// are still written as the single query wrote them.
func TestExportLookupsForgetAndReadAhead(t *testing.T) {
	defer func(g, a int) { lookupGeneration, lookupAhead = g, a }(lookupGeneration, lookupAhead)
	lookupGeneration, lookupAhead = 2, 3
	ctx := context.Background()
	b := openTemp(t)
	if err := demo.Fill(ctx, b, demo.Options{Clients: 15, Invoices: 80, Seed: 9, Today: domain.NewDate(2027, 6, 15)}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"invoices", "quotes", "credit_notes"} {
		e, err := findExport(name)
		if err != nil {
			t.Fatal(err)
		}
		want := referenceExport(t, b, e, domain.ExportFormat{})
		var got bytes.Buffer
		if _, err := b.Export().Export(ctx, name, &got, domain.ExportFormat{}, nil); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s differs from the single-query export:\n%s", name, firstDiff(got.Bytes(), want))
		}
	}
}

// firstDiff shows where a and b part.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("at byte %d\n got  %q\n want %q", i, a[from:min(len(a), i+80)], b[from:min(len(b), i+80)])
}

// appendCSVField writes a field as encoding/csv does, for random fields of
// the characters that matter, with either delimiter.
func TestAppendCSVFieldIsEncodingCSV(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", " ", ",", ";", `"`, "\r", "\n", "\t", `\`, ".", "'", "=", "é", "\u00a0", "\u2028"}
	fields := append([]string{}, awkward...)
	for range 5000 {
		var s strings.Builder
		for range r.IntN(6) {
			s.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		if r.IntN(3) == 0 { // past 32 bytes, where csvNeedsQuotes searches
			s.WriteString(strings.Repeat("plain text ", 3+r.IntN(3)))
			s.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		fields = append(fields, s.String())
	}
	for _, comma := range []rune{',', ';'} {
		for _, s := range fields {
			var want bytes.Buffer
			w := csv.NewWriter(&want)
			w.Comma, w.UseCRLF = comma, true
			w.Write([]string{s, "x"})
			w.Flush()
			got := append(appendCSVField(nil, s, byte(comma)), byte(comma), 'x', '\r', '\n')
			if string(got) != want.String() {
				t.Errorf("%q with %q: got %q, want %q", s, comma, got, want.String())
			}
		}
	}
}

// A text cell is written as CSVWriter writes a Text cell: guarded and with
// its line breaks made \n, for random texts short and long.
func TestCSVBufTextIsCSVWriter(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	alphabet := []string{"a", " ", ",", ";", `"`, "\r", "\n", "\r\n", "\t", "'", "=", "+", "-", "@", "é", "long enough text "}
	texts := append([]string{}, awkward...)
	for range 3000 {
		var s strings.Builder
		for range r.IntN(12) {
			s.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		texts = append(texts, s.String())
	}
	for _, comma := range []rune{',', ';'} {
		for _, s := range texts {
			var want bytes.Buffer
			cw := NewCSVWriterDelim(&want, comma)
			cw.WriteRow(Text(s), Text(s))
			cw.Flush()
			out := newCSVBuf(nil, comma)
			out.text(s)
			out.text(s)
			out.end()
			if string(out.b) != want.String() {
				t.Errorf("%q with %q: got %q, want %q", s, comma, out.b, want.String())
			}
		}
	}
}

// WriteTable writes a list as it did with CSVWriter: text guarded, numbers
// with the format's decimal separator, raw cells as they are, all quoted as
// encoding/csv quotes — for random cells of every kind, in every format.
func TestWriteTableSameBytesAsCSVWriter(t *testing.T) {
	b := openTemp(t)
	r := rand.New(rand.NewPCG(7, 8))
	values := append([]string{"-12.50", "1234.5", "0", "2027-03-01", "1,5", "a\"b"}, awkward...)
	var table [][]domain.TableCell
	for range 300 {
		row := make([]domain.TableCell, 1+r.IntN(5))
		for i := range row {
			row[i] = domain.TableCell{Value: values[r.IntN(len(values))]}
			switch r.IntN(3) {
			case 0:
				row[i].Number = true
			case 1:
				row[i].Raw = true
			}
		}
		table = append(table, row)
	}
	header := []string{"name", "amount", "a, b", ""}
	for _, f := range exportFormats {
		var want bytes.Buffer
		cw := NewCSVWriterDelim(&want, f.Comma())
		cw.WriteHeader(header...)
		for _, row := range table {
			cells := make([]Cell, len(row))
			for i, c := range row {
				switch {
				case c.Number:
					cells[i] = Raw(f.Number(c.Value))
				case c.Raw:
					cells[i] = Raw(c.Value)
				default:
					cells[i] = Text(c.Value)
				}
			}
			cw.WriteRow(cells...)
		}
		cw.Flush()
		i := 0
		var got bytes.Buffer
		n, err := b.Export().WriteTable(&got, f, header, func() ([]domain.TableCell, bool, error) {
			if i == len(table) {
				return nil, false, nil
			}
			i++
			return table[i-1], true, nil
		})
		if err != nil || n != len(table) {
			t.Fatalf("%+v: %d rows, %v", f, n, err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%+v: %s", f, firstDiff(got.Bytes(), want.Bytes()))
		}
	}
}

// appendMinor spells minor units as money.FromMinor(...).Fixed() does, for
// currencies of 0, 2, 3 and 4 decimals, negative, zero and at the ends of
// the range it is used for.
func TestAppendMinorIsFixed(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	values := []int64{0, 1, -1, 5, -5, 9, 10, -10, 99, 100, -100, 1000, -1001, 12345, -12345,
		fastAmountLimit - 1, -(fastAmountLimit - 1)}
	for range 2000 {
		values = append(values, r.Int64N(fastAmountLimit)*int64(1-2*r.IntN(2))>>r.IntN(40))
	}
	for _, cur := range []string{"JPY", "EUR", "BHD", "CLF"} {
		c, err := money.LookupCurrency(cur)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range values {
			m, err := money.FromMinor(v, cur)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(appendMinor(nil, v, int(c.Exponent), false)); got != m.Fixed() {
				t.Errorf("%d %s: got %q, want %q", v, cur, got, m.Fixed())
			}
			f := domain.ExportFormat{Delimiter: ';', DecimalComma: true}
			if got := string(appendMinor(nil, v, int(c.Exponent), true)); got != f.Number(m.Fixed()) {
				t.Errorf("%d %s with a decimal comma: got %q, want %q", v, cur, got, f.Number(m.Fixed()))
			}
		}
	}
}

// canonicalDecimal is true exactly for the text decimal.Decimal's String
// gives back unchanged; bad decimals are never canonical.
func TestCanonicalDecimal(t *testing.T) {
	for _, s := range []string{"0", "1", "-1", "20", "7.25", "-0.5", "0.05", "100", "-0", "0.0", "1.50", "007",
		"-007.5", ".5", "5.", "+5", "1e2", "", "-", "1.2.3", "1,5", " 1", "12a", "0.10", "-0.0", "10.01"} {
		d, err := decimal.NewFromString(s)
		want := err == nil && d.String() == s
		if got := canonicalDecimal(s); got != want {
			t.Errorf("canonicalDecimal(%q) = %v, want %v", s, got, want)
		}
	}
}

// A column writes every kind of value — the usual ones by its fast paths,
// the rest through cell — exactly as cell does with the value scanned as a
// sql.NullString, and refuses what cell refuses: an amount beyond money's
// range or in an unknown currency, a decimal or timestamp that is not one.
func TestColumnAppendIsCell(t *testing.T) {
	values := []any{nil, int64(0), int64(-1250), int64(7), int64(math.MaxInt64), int64(math.MinInt64), int64(fastAmountLimit),
		int64(-fastAmountLimit), int64(fastAmountLimit - 1), "", "0", "1", "12.50", "-0.5", "7.250", "1e3", "abc", "=1+1",
		"2027-03-01T09:30:00+02:00", "2027-03-01T09:30:00.5Z", "2027-13-01T00:00:00Z", 12.5, []byte("x\r\ny"), true, " 5"}
	kinds := []valueKind{textValue, plainValue, boolValue, amountValue, decimalValue, timestampValue, base64Value}
	for _, currency := range []string{"EUR", "JPY", "BHD", "XXQ", ""} {
		for _, f := range exportFormats {
			for _, k := range kinds {
				c := exportColumn{name: "c", kind: k}
				for _, v := range values {
					want, wantErr := c.cell(valueText(v), currency, f)
					out := newCSVBuf(nil, f.Comma())
					out.b = out.b[:0]
					var cur exportCurrency
					err := c.append(out, v, currency, &cur, f)
					if (err != nil) != (wantErr != nil) {
						t.Errorf("kind %d, %#v in %q: error %v, want %v", k, v, currency, err, wantErr)
						continue
					}
					if err != nil {
						continue
					}
					ref := newCSVBuf(nil, f.Comma())
					ref.b = ref.b[:0]
					ref.cell(want)
					if string(out.b) != string(ref.b) {
						t.Errorf("kind %d, %#v in %q %+v: got %q, want %q", k, v, currency, f, out.b, ref.b)
					}
				}
			}
		}
	}
}

// A lookup's key must be an integer id or NULL: NULL reads every column
// empty, anything else is an error rather than a silent empty cell.
func TestLookupKeys(t *testing.T) {
	b := openTemp(t)
	e := exportEntity{cols: []exportColumn{lookupCol(1, col(textValue, "name", "c.name", ""))},
		from:    "FROM documents d WHERE 0",
		lookups: []exportLookup{{key: "d.client_id", table: "clients c", id: "c.id"}}}
	_, _, ls := e.plan()
	l := ls[0]
	err := b.read(context.Background(), "test", func(q queryer) error {
		if err := l.prepare(context.Background(), q); err != nil {
			return err
		}
		defer l.close()
		if v, err := l.get(context.Background(), nil); v != nil || err != nil {
			t.Errorf("NULL key: %v, %v", v, err)
		}
		if v, err := l.get(context.Background(), int64(424242)); v != nil || err != nil {
			t.Errorf("a key with no row: %v, %v", v, err)
		}
		for _, k := range []any{"12", 1.5, []byte("1")} {
			if _, err := l.get(context.Background(), k); err == nil {
				t.Errorf("key %#v: no error", k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// failingWriter refuses every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// A writer that fails fails the export and the list: the error is given
// back, not swallowed in the buffer.
func TestExportToAFailingWriter(t *testing.T) {
	b := openTemp(t)
	if err := demo.Fill(context.Background(), b, demo.Options{Clients: 3, Invoices: 5, Seed: 1, Today: domain.NewDate(2027, 6, 15)}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Export().Export(context.Background(), "invoices", failingWriter{}, domain.ExportFormat{}, nil); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("export to a failing writer: %v", err)
	}
	rows := [][]domain.TableCell{{domain.TextCell("a")}}
	_, err := b.Export().WriteTable(failingWriter{}, domain.ExportFormat{}, []string{"x"}, func() ([]domain.TableCell, bool, error) {
		if len(rows) == 0 {
			return nil, false, nil
		}
		r := rows[0]
		rows = rows[1:]
		return r, true, nil
	})
	if domain.ErrorCode(err) != domain.EINTERNAL {
		t.Errorf("list to a failing writer: %v", err)
	}
}
