package data

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// importService implements domain.ImportService over the book. Files are
// read whole and their headers checked first; then every row is checked and,
// if it passes, written inside one immediate transaction, so later rows (and
// files) find the records earlier ones made. The transaction commits only if
// no row had a problem and it is not a dry run.
type importService struct{ b *Book }

var _ domain.ImportService = (*importService)(nil)

// Import reads CSV files, such as an export's, back into the book.
func (b *Book) Import() domain.ImportService { return &importService{b} }

// errRollBack ends the transaction of a dry run or of an import with problems.
var errRollBack = errors.New("import rolled back")

// requiredColumns are the columns without which no row of a file can be
// imported; a file without one of them is refused at its header. A client is
// named by client_name or client_id, which is checked on its own.
var requiredColumns = map[string][]string{
	"company":         {"name"},
	"number_counters": {"kind", "year", "last_seq"},
	"tax_rates":       {"name", "percent"},
	"catalog":         {"code", "name", "unit_price", "currency"},
	"clients":         {"name", "currency"},
	"contacts":        {"name"},
	"quotes":          {"id", "status", "issue_date", "currency"},
	"invoices":        {"id", "status", "issue_date", "currency"},
	"credit_notes":    {"id", "status", "issue_date", "currency", "credit_for_number"},
	"document_lines":  {"document_id", "description", "quantity", "unit_price"},
	"payments":        {"date", "amount", "currency", "method"},
	"allocations":     {"payment_id", "invoice_number", "amount"},
	"refunds":         {"date", "amount", "currency", "method"},
}

// namesClient lists the files whose rows belong to a client.
var namesClient = map[string]bool{"contacts": true, "quotes": true, "invoices": true, "credit_notes": true, "payments": true,
	"refunds": true}

// docKinds maps the document files to their kind.
var docKinds = map[string]domain.DocKind{
	"quotes": domain.KindQuote, "invoices": domain.KindInvoice, "credit_notes": domain.KindCreditNote,
}

func (s *importService) Import(ctx context.Context, entity string, r io.Reader, opt domain.ImportOptions) (domain.ImportResult, error) {
	ent, err := domain.FindImportEntity(entity)
	if err != nil {
		return domain.ImportResult{}, err
	}
	if err := opt.Validate(); err != nil {
		return domain.ImportResult{}, err
	}
	if ent.DetailsRequired && opt.Details == nil {
		return domain.ImportResult{}, domain.Errorf(domain.EINVALID, "Importing %s needs their lines too: give the %s file.", ent.Name, ent.Details)
	}
	files := []string{ent.Name}
	if opt.Details != nil && ent.Details != "" {
		files = append(files, ent.Details)
	}
	if err := checkMapping(opt.Mapping, files); err != nil {
		return domain.ImportResult{}, err
	}
	rd := &reading{opt: opt, tables: map[string]*table{}}
	if err := rd.read(ent.Name, r, opt.Details != nil && ent.Details == "allocations"); err != nil {
		return domain.ImportResult{}, err
	}
	if opt.Details != nil && ent.Details != "" {
		if err := rd.read(ent.Details, opt.Details, false); err != nil {
			return domain.ImportResult{}, err
		}
	}
	return s.run(ctx, rd, []string{ent.Name})
}

func (s *importService) ImportAll(ctx context.Context, dir string, opt domain.ImportOptions) (domain.ImportResult, error) {
	if err := opt.Validate(); err != nil {
		return domain.ImportResult{}, err
	}
	// Which files are there, masters in order and each details file once.
	var masters, files []string
	details := map[string]bool{}
	for _, e := range domain.ImportEntities {
		p := filepath.Join(dir, e.Name+".csv")
		if _, err := os.Stat(p); err != nil {
			continue
		}
		masters = append(masters, e.Name)
		files = append(files, e.Name)
		if e.Details == "" || details[e.Details] {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, e.Details+".csv")); err == nil {
			details[e.Details] = true
			files = append(files, e.Details)
		} else if e.DetailsRequired {
			return domain.ImportResult{}, domain.Errorf(domain.EINVALID, "%s has %s.csv but not %s.csv with their lines.", dir, e.Name, e.Details)
		}
	}
	if len(masters) == 0 {
		names := make([]string, len(domain.ImportEntities))
		for i, e := range domain.ImportEntities {
			names[i] = e.Name + ".csv"
		}
		return domain.ImportResult{}, domain.Errorf(domain.EINVALID, "%s has nothing to import: none of %s.", dir, strings.Join(names, ", "))
	}
	if err := checkMapping(opt.Mapping, files); err != nil {
		return domain.ImportResult{}, err
	}
	rd := &reading{opt: opt, tables: map[string]*table{}}
	for _, name := range files {
		f, err := os.Open(filepath.Join(dir, name+".csv"))
		if err != nil {
			return domain.ImportResult{}, domain.Errorf(domain.EINVALID, "Cannot read %s: %v.", filepath.Join(dir, name+".csv"), err)
		}
		err = rd.read(name, f, name == "payments" && details["allocations"])
		f.Close()
		if err != nil {
			return domain.ImportResult{}, err
		}
	}
	return s.run(ctx, rd, masters)
}

// checkMapping refuses a mapping key that names no column of the files.
func checkMapping(mapping map[string]string, files []string) error {
	for key := range mapping {
		entity, column, qualified := strings.Cut(key, ".")
		if !qualified {
			column = key
		}
		found := false
		for _, f := range files {
			if qualified && f != entity {
				continue
			}
			e, err := findExport(f)
			if err != nil {
				return err
			}
			for _, c := range e.cols {
				found = found || c.name == column
			}
		}
		if !found {
			return domain.Errorf(domain.EINVALID, "The mapping names %q, which is not a column of %s.", key, strings.Join(files, " or "))
		}
	}
	return nil
}

// table is one CSV file of an import, read whole.
type table struct {
	entity  string
	cols    map[string]int // our column → its index in a row
	ignored []string       // the file's columns nothing is read from
	rows    []*row         // the data rows worth importing, in file order
	read    int            // data rows read
	made    int            // records created from them
}

func (t *table) has(col string) bool { _, ok := t.cols[col]; return ok }

// reading is the files of one import as they are read, before the book is
// touched.
type reading struct {
	opt      domain.ImportOptions
	tables   map[string]*table
	order    []string
	problems []domain.RowProblem
	// fatal says a file's header or syntax is wrong, so its rows cannot be
	// checked at all.
	fatal bool
}

// read reads the file of entity from r and checks its header: our columns
// are found under their names or the mapping's, the required ones must be
// there, and each row must have as many cells as the header. needID asks for
// the id column too (payments with allocations). Problems go to rd.problems;
// the error is for a file that cannot be read.
func (rd *reading) read(entity string, r io.Reader, needID bool) error {
	exp, err := findExport(entity)
	if err != nil {
		return err
	}
	t := &table{entity: entity, cols: map[string]int{}}
	rd.tables[entity] = t
	rd.order = append(rd.order, entity)
	headerProblem := func(col, format string, args ...any) {
		rd.fatal = true
		rd.problems = append(rd.problems, domain.RowProblem{Entity: entity, Row: 0, Column: col, Message: fmt.Sprintf(format, args...)})
	}
	cr := NewCSVReaderSkipping(r, rd.opt.Format.Comma(), rd.opt.Skip)
	header, problem, err := readHeader(cr, entity, rd.opt.Format.Comma())
	if err != nil {
		return err
	}
	if problem != "" {
		headerProblem("", "%s", problem)
		return nil
	}
	for _, p := range mapColumns(t, exp, header, rd.opt.Mapping, needID) {
		headerProblem(p.Column, "%s", p.Message)
	}
	t.ignored = ignoredColumns(t, header)
	for n := 1; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rd.fatal = true
			rd.problems = append(rd.problems, domain.RowProblem{Entity: entity, Row: n,
				Message: fmt.Sprintf("the row is not valid CSV (%v); nothing after it was read", pe.Err)})
			break
		}
		if err != nil {
			return domain.Errorf(domain.EINVALID, "Cannot read the %s file: %v.", entity, err)
		}
		if blank(rec) {
			continue
		}
		t.read++
		if len(rec) != len(header) {
			rd.problems = append(rd.problems, domain.RowProblem{Entity: entity, Row: n,
				Message: fmt.Sprintf("the row has %d cells but the header has %d", len(rec), len(header))})
			continue
		}
		t.rows = append(t.rows, &row{t: t, n: n, cells: rec, ok: true})
	}
	return nil
}

// readHeader reads the header row of entity's file. problem says what is
// wrong with it, for a person; the error is for a file that cannot be read.
func readHeader(cr *CSVReader, entity string, delim rune) (header []string, problem string, err error) {
	header, err = cr.Read()
	if err == io.EOF {
		return nil, "the file is empty; it needs a header row", nil
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, fmt.Sprintf("the header is not valid CSV: %v", pe.Err), nil
	}
	if err != nil {
		return nil, "", domain.Errorf(domain.EINVALID, "Cannot read the %s file: %v.", entity, err)
	}
	if other := map[rune]string{',': ";", ';': ","}[delim]; len(header) == 1 && strings.Contains(header[0], other) {
		return header, fmt.Sprintf("the header is one cell; the file seems to be separated by %q, so choose that delimiter", other), nil
	}
	return header, "", nil
}

// mapColumns finds each of our columns of t's file in its header: under the
// header the mapping names (none for an empty one), or else under its own
// name. It fills t.cols and returns the problems that stop any row from
// being read: a mapped header missing, a required column not found.
func mapColumns(t *table, exp *exportEntity, header []string, mapping map[string]string, needID bool) []domain.RowProblem {
	var problems []domain.RowProblem
	problem := func(col, format string, args ...any) {
		problems = append(problems, domain.RowProblem{Entity: t.entity, Row: 0, Column: col, Message: fmt.Sprintf(format, args...)})
	}
	index := map[string]int{}
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(h))
		if _, dup := index[k]; !dup {
			index[k] = i
		}
	}
	missing := map[string]bool{}
	for _, c := range exp.cols {
		want, mapped := mapping[t.entity+"."+c.name]
		if !mapped {
			want, mapped = mapping[c.name]
		}
		if !mapped {
			want = c.name
		}
		if mapped && strings.TrimSpace(want) == "" {
			continue
		}
		if i, ok := index[strings.ToLower(strings.TrimSpace(want))]; ok {
			t.cols[c.name] = i
		} else if mapped {
			missing[c.name] = true
			problem(c.name, "the file has no column %q", want)
		}
	}
	required := requiredColumns[t.entity]
	if needID {
		required = append([]string{"id"}, required...)
	}
	for _, c := range required {
		if _, ok := t.cols[c]; !ok && !missing[c] {
			problem(c, "the file has no column %s", c)
		}
	}
	if namesClient[t.entity] && !t.has("client_name") && !t.has("client_id") {
		problem("client_name", "the file has neither client_name nor client_id, so its rows belong to no client")
	}
	return problems
}

// ignoredColumns lists the headers of t's file that none of our columns is
// read from, as the file writes them; empty headers are left out.
func ignoredColumns(t *table, header []string) []string {
	used := map[int]bool{}
	for _, i := range t.cols {
		used[i] = true
	}
	var out []string
	for i, h := range header {
		if !used[i] && strings.TrimSpace(h) != "" {
			out = append(out, h)
		}
	}
	return out
}

// blank reports whether every cell of a record is empty, as spreadsheets
// write below the data.
func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// run imports the tables read, masters in order, in one transaction, which
// it commits only when every row passed and it is not a dry run.
func (s *importService) run(ctx context.Context, rd *reading, masters []string) (domain.ImportResult, error) {
	if rd.fatal {
		return rd.result(), nil
	}
	var res domain.ImportResult
	err := s.b.write(ctx, "import", func(tx *Tx) error {
		im, err := newImporter(ctx, tx, rd)
		if err != nil {
			return err
		}
		for _, m := range masters {
			if err := im.importEntity(m); err != nil {
				return err
			}
		}
		im.orphanLines()
		res = rd.result()
		if rd.opt.DryRun || !res.OK() {
			return errRollBack
		}
		return nil
	})
	if errors.Is(err, errRollBack) {
		return res, nil
	}
	if err != nil {
		return domain.ImportResult{}, err
	}
	return res, nil
}

// result is what the files held and what was made of them.
func (rd *reading) result() domain.ImportResult {
	res := domain.ImportResult{Problems: rd.problems}
	for _, name := range rd.order {
		t := rd.tables[name]
		res.Files = append(res.Files, domain.ImportCount{Entity: name, Rows: t.read, Created: t.made, Ignored: t.ignored})
		res.Rows += t.read
		res.Created += t.made
	}
	sort.SliceStable(res.Problems, func(i, j int) bool {
		a, b := res.Problems[i], res.Problems[j]
		if a.Entity != b.Entity {
			return rd.position(a.Entity) < rd.position(b.Entity)
		}
		return a.Row < b.Row
	})
	return res
}

func (rd *reading) position(entity string) int {
	for i, e := range rd.order {
		if e == entity {
			return i
		}
	}
	return len(rd.order)
}

// row is one data row of a file.
type row struct {
	t     *table
	n     int // 1 for the first data row
	cells []string
	ok    bool            // no problem found yet
	bad   map[string]bool // the columns with a problem
	im    *importer
}

// problem records something wrong with the row in col ("" for the row as a
// whole).
func (r *row) problem(col, format string, args ...any) {
	r.ok = false
	if r.bad == nil {
		r.bad = map[string]bool{}
	}
	r.bad[col] = true
	r.im.rd.problems = append(r.im.rd.problems, domain.RowProblem{Entity: r.t.entity, Row: r.n, Column: col,
		Message: fmt.Sprintf(format, args...)})
}

// text is the cell of col, "" when the file has no such column.
func (r *row) text(col string) string {
	if i, ok := r.t.cols[col]; ok {
		return r.cells[i]
	}
	return ""
}

// word is the cell of col trimmed and in lower case, for statuses and kinds.
func (r *row) word(col string) string { return strings.ToLower(strings.TrimSpace(r.text(col))) }

// code is the cell of col trimmed and in upper case, for currencies.
func (r *row) code(col string) string { return strings.ToUpper(strings.TrimSpace(r.text(col))) }

// number reads a number in the import's format; empty is zero.
func (r *row) number(col string) decimal.Decimal {
	s := strings.TrimSpace(r.text(col))
	if s == "" {
		return decimal.Zero
	}
	d, err := r.im.rd.opt.Format.ParseNumber(s)
	if err != nil {
		r.problem(col, "%v", err)
	}
	return d
}

// stated reads an optional figure: nil when the cell is empty or the file
// has no such column.
func (r *row) stated(col string) *decimal.Decimal {
	if strings.TrimSpace(r.text(col)) == "" {
		return nil
	}
	d := r.number(col)
	return &d
}

// integer reads a whole number; empty is zero.
func (r *row) integer(col string) int {
	s := strings.TrimSpace(r.text(col))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		r.problem(col, "%q is not a whole number", s)
	}
	return n
}

// boolean reads true or false (also TRUE, yes, 1 and their opposites, as
// spreadsheets write them); empty is false.
func (r *row) boolean(col string) bool {
	switch r.word(col) {
	case "true", "yes", "1":
		return true
	case "false", "no", "0", "":
		return false
	}
	r.problem(col, "%q is neither true nor false", strings.TrimSpace(r.text(col)))
	return false
}

// date reads a YYYY-MM-DD date; empty is the zero date.
func (r *row) date(col string) domain.Date {
	s := strings.TrimSpace(r.text(col))
	if s == "" {
		return domain.Date{}
	}
	d, err := domain.ParseDate(s)
	if err != nil {
		r.problem(col, "%v", err)
	}
	return d
}

// instantLayouts are the timestamps an import reads: RFC 3339, as exports
// write them, and the zone-less forms other programs export ("2027-03-01
// 09:30:00", "2027-03-01"), read as UTC.
var instantLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02"}

// instant reads a timestamp (instantLayouts); empty is the zero time.
func (r *row) instant(col string) time.Time {
	s := strings.TrimSpace(r.text(col))
	if s == "" {
		return time.Time{}
	}
	for _, layout := range instantLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	r.problem(col, "%q is not a timestamp; write it as 2027-03-01T09:30:00Z, or leave the column out", s)
	return time.Time{}
}

// list splits a cell of items separated by ";" (tags, taxes).
func (r *row) list(col string) []string {
	var out []string
	for _, s := range strings.Split(r.text(col), ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// invalid records a validation error: each field the error names becomes a
// problem of the row and column route gives it; a field route does not know,
// or an error without fields, is the row's as a whole. A cell that already
// has a problem (it could not be read) keeps that one.
func (r *row) invalid(err error, route func(field string) (*row, string)) {
	fields := domain.FieldErrors(err)
	if len(fields) == 0 {
		r.problem("", "%s", domain.ErrorMessage(err))
		return
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		at, col := r, ""
		if route != nil {
			if rr, c := route(k); rr != nil {
				at, col = rr, c
			}
		}
		msg := fields[k]
		if at != r {
			// The detail row is named by its own row number.
			msg = itemPrefix.ReplaceAllString(msg, "")
		}
		if col == "" || !at.bad[col] {
			at.problem(col, "%s", msg)
		}
	}
}

// itemPrefix is how a record's validation names one of its lines, contacts
// or allocations: "line 2: ".
var itemPrefix = regexp.MustCompile(`^(line|contact|allocation) \d+: `)

// columns routes a record's validation fields to this row's columns.
func (r *row) columns(cols map[string]string) func(string) (*row, string) {
	return func(field string) (*row, string) {
		if c, ok := cols[field]; ok {
			return r, c
		}
		return r, ""
	}
}

// stamps reads created_at and updated_at, defaulting to now.
func (r *row) stamps(now time.Time) (created, updated time.Time) {
	created, updated = r.instant("created_at"), r.instant("updated_at")
	if created.IsZero() {
		created = now
	}
	if updated.IsZero() {
		updated = created
	}
	return created, updated
}

// ref is what became of a record a file row described, by the id the file
// gave it: the record made, or failed when the row had problems.
type ref struct {
	id     int64
	failed bool
}

// importer is one import's transaction and what its files have made so far.
type importer struct {
	ctx   context.Context
	tx    *Tx
	rd    *reading
	co    domain.Company
	rates []domain.TaxRate // the book's and those imported
	// The clients made from the clients file, by the id it gave them.
	clients map[string]ref
	// The book's clients by name in lower case, kept up to date as clients
	// are imported.
	clientIDs map[string][]int64
	// What issued documents were addressed to, by client.
	parties map[int64]*domain.Party
	// Names and numbers of rows that had problems, so rows that refer to
	// them are checked on their own instead of being told they are unknown.
	failedNames   map[string]bool // client names in lower case
	failedNumbers map[string]bool // "invoice/INV-2027-00001"
	// Where earlier rows of this import used a name, code or number.
	seen map[string]int
	// The detail rows by the id of the record they belong to, and those used.
	lines, allocs map[string][]*row
	usedLines     map[*row]bool
	linesFor      map[domain.DocKind]bool // the kinds whose lines were looked for
}

func newImporter(ctx context.Context, tx *Tx, rd *reading) (*importer, error) {
	im := &importer{ctx: ctx, tx: tx, rd: rd, clients: map[string]ref{}, clientIDs: map[string][]int64{},
		parties: map[int64]*domain.Party{}, failedNames: map[string]bool{}, failedNumbers: map[string]bool{}, seen: map[string]int{},
		lines: map[string][]*row{}, allocs: map[string][]*row{}, usedLines: map[*row]bool{}, linesFor: map[domain.DocKind]bool{}}
	var err error
	if im.co, err = readCompany(ctx, tx); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+taxRateColumns+` FROM tax_rates ORDER BY archived, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanTaxRate(rows)
		if err != nil {
			return nil, err
		}
		im.rates = append(im.rates, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	names, err := tx.QueryContext(ctx, `SELECT id, name FROM clients`)
	if err != nil {
		return nil, err
	}
	defer names.Close()
	for names.Next() {
		var id int64
		var name string
		if err := names.Scan(&id, &name); err != nil {
			return nil, err
		}
		im.clientIDs[nameKey(name)] = append(im.clientIDs[nameKey(name)], id)
	}
	if err := names.Err(); err != nil {
		return nil, err
	}
	for _, t := range rd.tables {
		for _, r := range t.rows {
			r.im = im
		}
	}
	if t := rd.tables["document_lines"]; t != nil {
		for _, r := range t.rows {
			id := strings.TrimSpace(r.text("document_id"))
			im.lines[id] = append(im.lines[id], r)
		}
	}
	if t := rd.tables["allocations"]; t != nil {
		for _, r := range t.rows {
			id := strings.TrimSpace(r.text("payment_id"))
			im.allocs[id] = append(im.allocs[id], r)
		}
	}
	return im, nil
}

func (im *importer) importEntity(name string) error {
	t := im.rd.tables[name]
	if kind, ok := docKinds[name]; ok {
		return im.documents(t, kind)
	}
	switch name {
	case "company":
		return im.company(t)
	case "number_counters":
		return im.counters(t)
	case "tax_rates":
		return im.taxRates(t)
	case "catalog":
		return im.catalog(t)
	case "clients":
		return im.clientRows(t)
	case "contacts":
		return im.contacts(t)
	case "payments":
		return im.paymentRows(t)
	case "refunds":
		return im.refundRows(t)
	}
	return domain.Errorf(domain.EINVALID, "%s cannot be imported.", name)
}

// once notes that r uses key (a name, code or number) and returns the row
// that used it before in this import, or 0.
func (im *importer) once(key string, r *row) int {
	if n, ok := im.seen[key]; ok {
		return n
	}
	im.seen[key] = r.n
	return 0
}

// exists reports whether query, given args, counts any row.
func (im *importer) exists(query string, args ...any) (bool, error) {
	var n int
	err := im.tx.QueryRowContext(im.ctx, query, args...).Scan(&n)
	return n > 0, err
}

// findRate returns the rate with the tax's name, percent and compounding.
func (im *importer) findRate(t domain.TaxLine) (domain.TaxRate, bool) {
	for _, r := range im.rates {
		if strings.EqualFold(r.Name, t.Name) && r.Percent.Equal(t.Percent) && r.Compound == t.Compound {
			return r, true
		}
	}
	return domain.TaxRate{}, false
}

// restamp gives the record just made in table the created_at and updated_at
// of its row, when the row has them.
func (im *importer) restamp(table string, id int64, r *row) error {
	if !r.t.has("created_at") && !r.t.has("updated_at") {
		return nil
	}
	created, updated := r.stamps(im.tx.now)
	_, err := im.tx.ExecContext(im.ctx, `UPDATE `+table+` SET created_at = ?, updated_at = ? WHERE id = ?`,
		timestamp(created), timestamp(updated), id)
	return err
}

// companyColumns routes the company's validation fields to its file.
var companyColumns = map[string]string{
	"name": "name", "email": "email", "currency": "currency", "rounding": "rounding_scope", "logo": "logo",
	"vatId": "vat_id", "endpointId": "endpoint_id", "endpointScheme": "endpoint_scheme", "iban": "iban", "bic": "bic",
	"numbering.invoice": "invoice_numbers", "numbering.quote": "quote_numbers", "numbering.credit-note": "credit_note_numbers",
	"documentEmail.subject": "document_email_subject", "documentEmail.body": "document_email_body",
}

// company replaces the book's company settings with the file's one row; a
// column the file does not have keeps the book's setting.
func (im *importer) company(t *table) error {
	for _, r := range t.rows[min(1, len(t.rows)):] {
		r.problem("", "the company file has one row, the company's settings; this is row %d", r.n)
	}
	if len(t.rows) == 0 {
		return nil
	}
	r := t.rows[0]
	co := im.co
	co.Numbering = maps.Clone(im.co.Numbering)
	text := func(col string, to *string) {
		if t.has(col) {
			*to = r.text(col)
		}
	}
	for col, to := range map[string]*string{"name": &co.Name, "address_line1": &co.Address.Line1,
		"address_line2": &co.Address.Line2, "city": &co.Address.City, "region": &co.Address.Region,
		"postal_code": &co.Address.PostalCode, "country": &co.Address.Country, "tax_id": &co.TaxID, "email": &co.Email,
		"phone": &co.Phone, "payment_info": &co.PaymentInfo, "default_terms": &co.DefaultTerms, "vat_id": &co.VATID,
		"endpoint_id": &co.EndpointID, "endpoint_scheme": &co.EndpointScheme, "iban": &co.IBAN, "bic": &co.BIC,
		"document_email_subject": &co.DocumentEmail.Subject, "document_email_body": &co.DocumentEmail.Body} {
		text(col, to)
	}
	if t.has("currency") {
		co.Currency = r.code("currency")
	}
	if t.has("logo") {
		co.Logo = nil
		if s := strings.TrimSpace(r.text("logo")); s != "" {
			logo, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				r.problem("logo", "the logo is not base64 (as an export writes it): %v", err)
			}
			co.Logo = logo
		}
	}
	if rounding, ok := r.rounding(); ok {
		co.Rounding = *rounding
	}
	for _, s := range []struct {
		kind domain.DocKind
		name string
	}{{domain.KindInvoice, "invoice"}, {domain.KindQuote, "quote"}, {domain.KindCreditNote, "credit_note"}} {
		ns := co.Numbering[s.kind]
		text(s.name+"_numbers", &ns.Pattern)
		if t.has(s.name + "_numbers_restart_yearly") {
			ns.YearlyReset = r.boolean(s.name + "_numbers_restart_yearly")
		}
		co.Numbering[s.kind] = ns
	}
	if err := co.Validate(); err != nil {
		r.invalid(err, r.columns(companyColumns))
	}
	if !r.ok {
		return nil
	}
	updated := im.tx.now
	if t.has("updated_at") {
		if u := r.instant("updated_at"); !u.IsZero() {
			updated = u
		}
	}
	if err := writeCompany(im.tx, &co, updated); err != nil {
		return err
	}
	if err := im.tx.audit("company", 1, actionUpdate, auditedCompany(im.co), auditedCompany(co)); err != nil {
		return err
	}
	im.co = co
	t.made++
	return nil
}

// counters raises the book's number counters to the file's: a counter never
// goes down, so no number issued in either book can be issued again.
func (im *importer) counters(t *table) error {
	for _, r := range t.rows {
		kind := domain.DocKind(r.word("kind"))
		if kind != domain.KindInvoice && kind != domain.KindQuote && kind != domain.KindCreditNote {
			r.problem("kind", "%q is not a kind of document; write invoice, quote or credit-note", r.text("kind"))
		}
		year, seq := r.integer("year"), r.integer("last_seq")
		if year < 0 || year > 9999 {
			r.problem("year", "%d is not a year; write 0 for a series that never starts again", year)
		}
		if seq < 1 {
			r.problem("last_seq", "the last sequence number issued is at least 1, not %d", seq)
		}
		if n := im.once(fmt.Sprintf("counter/%s/%d", kind, year), r); n > 0 {
			r.problem("year", "the %s counter of %d is also on row %d", kind, year, n)
		}
		if !r.ok {
			continue
		}
		if _, err := im.tx.ExecContext(im.ctx, `INSERT INTO number_counters (kind, year, last_seq) VALUES (?, ?, ?)
			ON CONFLICT (kind, year) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)`, string(kind), year, seq); err != nil {
			return err
		}
		t.made++
	}
	return nil
}

// rounding reads the rounding_scope and rounding_mode columns: ok is false
// when the file has neither or both are empty, and a bad value is a problem
// of its column.
func (r *row) rounding() (rounding *domain.Rounding, ok bool) {
	scope, mode := r.word("rounding_scope"), r.word("rounding_mode")
	if scope == "" && mode == "" {
		return nil, false
	}
	rd := domain.Rounding{Scope: domain.RoundingScope(scope), Mode: domain.RoundingMode(mode)}
	if rd.Scope != domain.RoundPerLine && rd.Scope != domain.RoundPerDocument {
		r.problem("rounding_scope", "%q is not a rounding; write per-line or per-document", r.text("rounding_scope"))
		return nil, false
	}
	if rd.Mode != domain.HalfUp && rd.Mode != domain.HalfEven {
		r.problem("rounding_mode", "%q is not a rounding mode; write half-up or half-even", r.text("rounding_mode"))
		return nil, false
	}
	return &rd, true
}

// party reads the snapshot columns of a document's party, prefix + field
// (see partyColumns): nil when the file has no such columns or they are all
// empty.
func (r *row) party(prefix string) *domain.Party {
	p := &domain.Party{Name: r.text(prefix + "name"), TaxID: r.text(prefix + "tax_id"), Email: r.text(prefix + "email"),
		Phone: r.text(prefix + "phone"), PaymentInfo: r.text(prefix + "payment_info"),
		Address: domain.Address{Line1: r.text(prefix + "address_line1"), Line2: r.text(prefix + "address_line2"),
			City: r.text(prefix + "city"), Region: r.text(prefix + "region"), PostalCode: r.text(prefix + "postal_code"),
			Country: r.text(prefix + "country")},
		VATID: r.text(prefix + "vat_id"), EndpointID: r.text(prefix + "endpoint_id"), EndpointScheme: r.text(prefix + "endpoint_scheme"),
		IBAN: r.text(prefix + "iban"), BIC: r.text(prefix + "bic")}
	if *p == (domain.Party{}) {
		return nil
	}
	return p
}

func (im *importer) taxRates(t *table) error {
	for _, r := range t.rows {
		rate := &domain.TaxRate{Name: r.text("name"), Percent: r.number("percent"), Compound: r.boolean("compound"),
			Archived: r.boolean("archived"), VAT: domain.VATClass{Category: domain.VATCategory(r.code("vat_category")),
				ExemptionReason: r.text("exemption_reason"), ExemptionCode: r.text("exemption_code")}}
		if err := rate.Validate(); err != nil {
			r.invalid(err, r.columns(map[string]string{"name": "name", "percent": "percent", "compound": "compound",
				"vatCategory": "vat_category", "exemptionReason": "exemption_reason", "exemptionCode": "exemption_code"}))
		}
		if !r.ok {
			continue
		}
		// A rate the book already has is used as it is: tax rates are shared
		// by name and percent, not owned by a file.
		if _, ok := im.findRate(rate.Line()); ok {
			continue
		}
		if err := insertTaxRate(im.tx, rate); err != nil {
			return err
		}
		if err := im.restamp("tax_rates", rate.ID, r); err != nil {
			return err
		}
		im.rates = append(im.rates, *rate)
		t.made++
	}
	return nil
}

func (im *importer) catalog(t *table) error {
	for _, r := range t.rows {
		it := &domain.Item{Code: r.text("code"), Name: r.text("name"), Description: r.text("description"), Unit: r.text("unit"),
			UnitCode:  r.code("unit_code"),
			UnitPrice: money.Money{Amount: r.number("unit_price"), Currency: r.code("currency")}, Archived: r.boolean("archived")}
		for _, label := range r.list("default_taxes") {
			tax, err := domain.ParseTaxLabel(label)
			if err != nil {
				r.problem("default_taxes", "%v", err)
				continue
			}
			rate, ok := im.findRate(tax)
			if !ok {
				r.problem("default_taxes", "there is no tax rate %s; import it with the tax rates first", tax.Label())
				continue
			}
			it.TaxRateIDs = append(it.TaxRateIDs, rate.ID)
		}
		if err := it.Validate(); err != nil {
			r.invalid(err, r.columns(map[string]string{"code": "code", "name": "name", "description": "description",
				"unit": "unit", "unitCode": "unit_code", "unitPrice": "unit_price"}))
		}
		if it.Code != "" {
			taken, err := im.exists(`SELECT count(*) FROM items WHERE code = ? COLLATE NOCASE`, it.Code)
			if err != nil {
				return err
			}
			if n := im.once("item/"+strings.ToLower(it.Code), r); n > 0 {
				r.problem("code", "the code %s is also on row %d", it.Code, n)
			} else if taken {
				r.problem("code", "the code %s is already used by an item in the book", it.Code)
			}
		}
		if !r.ok {
			continue
		}
		if err := insertItem(im.tx, it); err != nil {
			return err
		}
		if err := im.restamp("items", it.ID, r); err != nil {
			return err
		}
		t.made++
	}
	return nil
}

// clientFields routes a client's validation fields to the clients file.
var clientFields = map[string]string{
	"name": "name", "status": "status", "currency": "currency", "paymentTermsDays": "payment_terms_days",
	"creditLimit": "credit_limit", "industry": "industry", "taxId": "tax_id", "billing.line1": "billing_line1",
	"billing.line2": "billing_line2", "billing.city": "billing_city", "billing.region": "billing_region",
	"billing.postalCode": "billing_postal_code", "billing.country": "billing_country", "notes": "notes", "tags": "tags",
	"vatId": "vat_id", "endpointId": "endpoint_id", "endpointScheme": "endpoint_scheme", "buyerReference": "buyer_reference",
	"einvoice": "einvoice_format",
}

func (im *importer) clientRows(t *table) error {
	ins, err := prepareClientInsert(im.tx)
	if err != nil {
		return err
	}
	defer ins.close()
	for _, r := range t.rows {
		// Other programs' files have no status: a client is active unless
		// the file says otherwise.
		status := domain.ClientStatus(r.word("status"))
		if status == "" {
			status = domain.StatusActive
		}
		c := &domain.Client{Name: r.text("name"), Status: status, Industry: r.text("industry"),
			TaxID: r.text("tax_id"), Billing: domain.Address{Line1: r.text("billing_line1"), Line2: r.text("billing_line2"),
				City: r.text("billing_city"), Region: r.text("billing_region"), PostalCode: r.text("billing_postal_code"),
				Country: r.text("billing_country")},
			PaymentTermsDays: r.integer("payment_terms_days"), Currency: r.code("currency"), RequiresPO: r.boolean("requires_po"),
			Tags: r.list("tags"), Notes: r.text("notes"), VATID: r.text("vat_id"), EndpointID: r.text("endpoint_id"),
			EndpointScheme: r.text("endpoint_scheme"), BuyerReference: r.text("buyer_reference"),
			EInvoice: domain.EInvoiceFormat(r.word("einvoice_format"))}
		c.CreditLimit = money.Money{Amount: r.number("credit_limit"), Currency: c.Currency}
		c.CreatedAt, c.UpdatedAt = r.stamps(im.tx.now)
		if err := c.Validate(); err != nil {
			r.invalid(err, r.columns(clientFields))
		}
		if c.Name != "" {
			if before := im.once("client/"+nameKey(c.Name), r); before > 0 {
				r.problem("name", "a client called %q is also on row %d", c.Name, before)
			} else if len(im.clientIDs[nameKey(c.Name)]) > 0 {
				r.problem("name", "a client called %q is already in the book", c.Name)
			}
		}
		id := strings.TrimSpace(r.text("id"))
		if !r.ok {
			im.clients[id] = ref{failed: true}
			im.failedNames[nameKey(c.Name)] = true
			continue
		}
		if err := ins.insert(c); err != nil {
			return err
		}
		im.clients[id] = ref{id: c.ID}
		im.clientIDs[nameKey(c.Name)] = append(im.clientIDs[nameKey(c.Name)], c.ID)
		t.made++
	}
	return nil
}

// nameKey is how client names are compared: trimmed, ignoring case.
func nameKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// client finds the client a row belongs to: the one this import made from
// the row's client_id, else the book's client called client_name, else the
// book's client with the id client_id (when no clients file was imported).
// failed means the row's client is a row of this import with problems: the
// row is to be checked on its own. A client found nowhere is a problem of
// the row, and id is 0.
func (im *importer) client(r *row) (id int64, failed bool, err error) {
	fileID := strings.TrimSpace(r.text("client_id"))
	if c, ok := im.clients[fileID]; ok && fileID != "" {
		return c.id, c.failed, nil
	}
	if name := strings.TrimSpace(r.text("client_name")); name != "" {
		switch ids := im.clientIDs[nameKey(name)]; {
		case len(ids) == 1:
			return ids[0], false, nil
		case len(ids) > 1:
			r.problem("client_name", "more than one client is called %q", name)
		case im.failedNames[nameKey(name)]:
			return 0, true, nil
		default:
			r.problem("client_name", "there is no client called %q", name)
		}
		return 0, false, nil
	}
	if fileID == "" {
		r.problem("client_name", "the row names no client")
		return 0, false, nil
	}
	if im.rd.tables["clients"] != nil {
		r.problem("client_id", "there is no client with id %s in the clients file", fileID)
		return 0, false, nil
	}
	id, perr := strconv.ParseInt(fileID, 10, 64)
	if perr == nil {
		if ok, err := im.exists(`SELECT count(*) FROM clients WHERE id = ?`, id); err != nil {
			return 0, false, err
		} else if ok {
			return id, false, nil
		}
	}
	r.problem("client_id", "there is no client with id %s", fileID)
	return 0, false, nil
}

// contactFields routes a contact's validation fields to the contacts file.
var contactFields = map[string]string{"name": "name", "role": "role", "email": "email", "phone": "phone"}

func (im *importer) contacts(t *table) error {
	// Each client's contacts are added together, in the order of their
	// position, so the rule of one primary contact sees them all.
	type group struct {
		clientID int64
		rows     []*row
	}
	var groups []*group
	byClient := map[int64]*group{}
	for _, r := range t.rows {
		id, failed, err := im.client(r)
		if err != nil {
			return err
		}
		if id == 0 || failed {
			k := im.contact(r)
			if err := k.Validate(); err != nil {
				r.invalid(err, r.columns(contactFields))
			}
			continue
		}
		g := byClient[id]
		if g == nil {
			g = &group{clientID: id}
			byClient[id] = g
			groups = append(groups, g)
		}
		g.rows = append(g.rows, r)
	}
	for _, g := range groups {
		byPosition(g.rows)
		c, err := findClient(im.ctx, im.tx, g.clientID)
		if err != nil {
			return err
		}
		before := *c
		before.Contacts = append([]domain.Contact(nil), c.Contacts...)
		existing := len(c.Contacts)
		for _, r := range g.rows {
			c.Contacts = append(c.Contacts, im.contact(r))
		}
		if err := c.Validate(); err != nil {
			g.rows[0].invalid(err, func(field string) (*row, string) {
				var i int
				var f string
				if _, err := fmt.Sscanf(strings.ReplaceAll(field, ".", " "), "contacts %d %s", &i, &f); err == nil && i >= existing {
					return g.rows[i-existing], contactFields[f]
				}
				if field == "contacts" {
					return g.rows[len(g.rows)-1], "is_primary"
				}
				return nil, ""
			})
		}
		ok := true
		for _, r := range g.rows {
			ok = ok && r.ok
		}
		if !ok {
			continue
		}
		im.tx.forgetClient(c.ID)
		for i := existing; i < len(c.Contacts); i++ {
			k := &c.Contacts[i]
			res, err := im.tx.ExecContext(im.ctx, `INSERT INTO contacts (client_id, position, name, role, email, phone, is_primary)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, c.ID, i, k.Name, k.Role, k.Email, k.Phone, k.Primary)
			if err != nil {
				return err
			}
			if k.ID, err = res.LastInsertId(); err != nil {
				return err
			}
			k.ClientID = c.ID
			t.made++
		}
		if _, err := im.tx.ExecContext(im.ctx, `UPDATE clients SET search_text = ? WHERE id = ?`, searchText(c), c.ID); err != nil {
			return err
		}
		if err := im.tx.audit("client", c.ID, actionUpdate, &before, c); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) contact(r *row) domain.Contact {
	return domain.Contact{Name: r.text("name"), Role: r.text("role"), Email: r.text("email"), Phone: r.text("phone"),
		Primary: r.boolean("is_primary")}
}

// documentFields routes a document's validation fields to its file.
var documentFields = map[string]string{
	"client": "client_name", "currency": "currency", "issueDate": "issue_date", "dueDate": "due_date",
	"poNumber": "po_number", "reference": "reference", "notes": "notes", "terms": "terms", "discount": "discount_percent",
}

// lineFields routes a line's validation fields to the document_lines file.
var lineFields = map[string]string{
	"description": "description", "quantity": "quantity", "unitPrice": "unit_price", "discount": "discount_percent", "taxes": "taxes",
}

// statuses lists what a document of each kind may be.
func docStatuses(kind domain.DocKind) []domain.DocStatus {
	if kind == domain.KindQuote {
		return []domain.DocStatus{domain.DocDraft, domain.DocIssued, domain.DocAccepted, domain.DocDeclined, domain.DocExpired}
	}
	return []domain.DocStatus{domain.DocDraft, domain.DocIssued, domain.DocVoid}
}

// documents imports the documents of one kind with their lines. Each is
// stored as a draft, its totals computed from its lines, then given its
// number and status in the same transaction, like an issue but with the
// number from the file rather than the next one.
func (im *importer) documents(t *table, kind domain.DocKind) error {
	im.linesFor[kind] = true
	noun := strings.ToLower(kind.Title())
	dueCol := "due_date"
	if kind == domain.KindQuote {
		dueCol = "valid_until"
	}
	cols := map[string]string{}
	for k, v := range documentFields {
		cols[k] = v
	}
	cols["dueDate"] = dueCol
	lines := im.rd.tables["document_lines"]
	for _, r := range t.rows {
		fileID := strings.TrimSpace(r.text("id"))
		d := &domain.Document{Kind: kind, Number: strings.TrimSpace(r.text("number")), Status: domain.DocStatus(r.word("status")),
			Currency: r.code("currency"), IssueDate: r.date("issue_date"), DueDate: r.date(dueCol),
			PONumber: r.text("po_number"), Reference: r.text("reference"), Notes: r.text("notes"), Terms: r.text("terms"),
			BuyerReference: r.text("buyer_reference"),
			TaxInclusive:   r.boolean("prices_include_tax"), DiscountPercent: r.number("discount_percent"),
			VoidReason: strings.TrimSpace(r.text("void_reason")), IssuedAt: r.instant("issued_at"), Rounding: im.co.Rounding}
		d.CreatedAt, d.UpdatedAt = r.stamps(im.tx.now)
		clientID, checkOnly, err := im.client(r)
		if err != nil {
			return err
		}
		d.ClientID = clientID
		if clientID == 0 {
			d.ClientID = -1 // checked without its client, whose problem is reported
		}

		known := slices.Contains(docStatuses(kind), d.Status)
		if !known {
			names := make([]string, 0, 5)
			for _, s := range docStatuses(kind) {
				names = append(names, string(s))
			}
			r.problem("status", "%q is not a status of a %s; choose %s", r.text("status"), noun, strings.Join(names, ", "))
		}
		switch {
		case d.Status == domain.DocDraft && d.Number != "":
			r.problem("number", "a draft has no number; leave it empty, or give the status the %s had", noun)
		case known && d.Status.Locked() && d.Number == "":
			r.problem("number", "the %s is %s, so it needs the number it was issued with", noun, d.Status)
		case d.Number != "":
			key := string(kind) + "/" + strings.ToLower(d.Number)
			taken, err := im.exists(`SELECT count(*) FROM documents WHERE kind = ? AND number = ?`, string(kind), d.Number)
			if err != nil {
				return err
			}
			if n := im.once(key, r); n > 0 {
				r.problem("number", "%s %s is also on row %d", kind.Title(), d.Number, n)
			} else if taken {
				r.problem("number", "%s %s is already in the book", kind.Title(), d.Number)
			}
		}
		if d.Status == domain.DocVoid && d.VoidReason == "" {
			r.problem("void_reason", "give the reason the %s was voided", noun)
		}
		if d.Status != domain.DocVoid {
			d.VoidReason = ""
		}

		lineRows := im.documentLines(fileID, kind)
		for _, lr := range lineRows {
			d.Lines = append(d.Lines, im.line(lr, d))
		}
		if kind == domain.KindCreditNote {
			ok, err := im.creditFor(r, d)
			if err != nil {
				return err
			}
			checkOnly = checkOnly || !ok
		}
		if n := strings.TrimSpace(r.text("from_quote_number")); n != "" && kind == domain.KindInvoice {
			q, failed, err := im.documentNumbered(domain.KindQuote, n)
			if err != nil {
				return err
			}
			switch {
			case q != nil:
				d.FromQuote = q.id
			case failed:
				checkOnly = true
			default:
				r.problem("from_quote_number", "there is no quote numbered %s; import the quotes first", n)
			}
		}

		linesOK := true
		for _, lr := range lineRows {
			linesOK = linesOK && lr.ok
		}
		if err := d.Validate(); err != nil {
			r.invalid(err, func(field string) (*row, string) {
				var i int
				var f string
				if _, err := fmt.Sscanf(strings.ReplaceAll(field, ".", " "), "lines %d %s", &i, &f); err == nil && i < len(lineRows) {
					return lineRows[i], lineFields[f]
				}
				if c, ok := cols[field]; ok {
					return r, c
				}
				return r, ""
			})
		} else if r.ok && linesOK {
			stated := domain.StatedTotals{Subtotal: r.stated("subtotal"), Discount: r.stated("discount"), Tax: r.stated("tax"),
				Total: r.stated("total"), DiscountAmount: r.stated("discount_amount")}
			stated.Rounding, _ = r.rounding()
			if a := strings.TrimSpace(r.text("arithmetic")); a != "" {
				switch n := r.integer("arithmetic"); domain.Arithmetic(n) {
				case domain.ArithmeticV1, domain.CurrentArithmetic:
					stated.Arithmetic = domain.Arithmetic(n)
				default:
					r.problem("arithmetic", "%q is not a version of the totals rules; write 1 or 2, or leave it empty", a)
				}
			}
			for _, lr := range lineRows {
				stated.LineNets = append(stated.LineNets, lr.stated("line_net"))
			}
			if r.ok {
				if _, err := domain.FitTotals(d, im.co.Rounding, stated); err != nil {
					r.problem("total", "%v", err)
				}
			}
		}
		if d.Status.Locked() {
			d.Issuer, d.BillTo = r.party("seller_"), r.party("bill_to_")
		}
		for _, lr := range lineRows {
			linesOK = linesOK && lr.ok
		}
		if !r.ok || !linesOK || checkOnly {
			if d.Number != "" {
				im.failedNumbers[string(kind)+"/"+strings.ToLower(d.Number)] = true
			}
			continue
		}
		if err := im.storeDocument(d); err != nil {
			return err
		}
		t.made++
		lines.made += len(d.Lines)
	}
	return nil
}

// documentLines returns the lines of the document the file calls id, of
// kind, in the order of their position, and marks them used.
func (im *importer) documentLines(id string, kind domain.DocKind) []*row {
	var out []*row
	for _, lr := range im.lines[id] {
		if k := lr.word("document_kind"); k != "" && k != string(kind) {
			continue
		}
		im.usedLines[lr] = true
		out = append(out, lr)
	}
	byPosition(out)
	return out
}

// byPosition sorts detail rows by their position column, keeping file order
// among equal positions.
func byPosition(rows []*row) {
	pos := make(map[*row]int, len(rows))
	for _, r := range rows {
		pos[r] = r.integer("position")
	}
	sort.SliceStable(rows, func(i, j int) bool { return pos[rows[i]] < pos[rows[j]] })
}

// orphanLines reports the lines of the kinds imported whose document is not
// in its file; lines of other kinds are not counted.
func (im *importer) orphanLines() {
	t := im.rd.tables["document_lines"]
	if t == nil {
		return
	}
	files := map[string]string{}
	for name, k := range docKinds {
		files[string(k)] = name
	}
	read := 0
	for _, lr := range t.rows {
		k := lr.word("document_kind")
		switch {
		case im.usedLines[lr]:
		case k == "" || im.linesFor[domain.DocKind(k)]:
			what := "document"
			if k != "" {
				what = strings.ToLower(domain.DocKind(k).Title()) + " in the " + files[k] + " file"
			}
			lr.problem("document_id", "there is no %s with id %s", what, strings.TrimSpace(lr.text("document_id")))
		default:
			continue
		}
		read++
	}
	// Rows with the wrong number of cells were never parsed; count them too.
	t.read = read + t.read - len(t.rows)
}

// line reads one line of document d.
func (im *importer) line(r *row, d *domain.Document) domain.Line {
	l := domain.Line{Description: r.text("description"), Quantity: r.number("quantity"), Unit: r.text("unit"),
		UnitCode: r.code("unit_code"), UnitPrice: r.number("unit_price"), DiscountPercent: r.number("discount_percent")}
	if c := r.code("currency"); c != "" && c != d.Currency {
		r.problem("currency", "the line is in %s but its %s is in %s", c, strings.ToLower(d.Kind.Title()), d.Currency)
	}
	if code := strings.TrimSpace(r.text("item_code")); code != "" {
		err := im.tx.QueryRowContext(im.ctx, `SELECT id FROM items WHERE code = ? COLLATE NOCASE`, code).Scan(&l.ItemID)
		if err == sql.ErrNoRows {
			r.problem("item_code", "there is no catalog item %s; import the catalog first, or leave item_code empty", code)
		}
	}
	for _, label := range r.list("taxes") {
		tax, err := domain.ParseTaxLabel(label)
		if err != nil {
			r.problem("taxes", "%v", err)
			continue
		}
		// The line keeps the tax as it was written; the rate it came from
		// is linked when the book has it.
		if rate, ok := im.findRate(tax); ok {
			tax.RateID = rate.ID
		}
		l.Taxes = append(l.Taxes, tax)
	}
	return l
}

// numbered is an issued document found by its number.
type numbered struct {
	id, clientID         int64
	clientName, currency string
}

// documentNumbered finds a document of kind by its exact number, in the book
// or made by this import; failed says a row of this import with that number
// had problems.
func (im *importer) documentNumbered(kind domain.DocKind, number string) (d *numbered, failed bool, err error) {
	d = &numbered{}
	err = im.tx.QueryRowContext(im.ctx, `SELECT d.id, d.client_id, c.name, d.currency FROM documents d
		JOIN clients c ON c.id = d.client_id WHERE d.kind = ? AND d.number = ?`, string(kind), number).Scan(
		&d.id, &d.clientID, &d.clientName, &d.currency)
	if err == sql.ErrNoRows {
		return nil, im.failedNumbers[string(kind)+"/"+strings.ToLower(number)], nil
	}
	if err != nil {
		return nil, false, err
	}
	return d, false, nil
}

// creditFor links a credit note to the invoice it corrects, which must be an
// issued (or since voided) invoice of the same client and currency. ok is
// false when the invoice is a row of this import with problems.
func (im *importer) creditFor(r *row, d *domain.Document) (ok bool, err error) {
	number := strings.TrimSpace(r.text("credit_for_number"))
	if number == "" {
		r.problem("credit_for_number", "a credit note must name the invoice it corrects")
		return true, nil
	}
	inv, failed, err := im.documentNumbered(domain.KindInvoice, number)
	if err != nil || failed {
		return !failed, err
	}
	switch {
	case inv == nil:
		r.problem("credit_for_number", "there is no invoice numbered %s; import the invoices first", number)
	case d.ClientID > 0 && inv.clientID != d.ClientID:
		r.problem("credit_for_number", "invoice %s is %s's, not this credit note's client", number, inv.clientName)
	case d.Currency != "" && inv.currency != d.Currency:
		r.problem("credit_for_number", "invoice %s is in %s, not %s", number, inv.currency, d.Currency)
	default:
		d.CreditFor = inv.id
	}
	return true, nil
}

// storeDocument writes a checked document: as a draft with its lines, then,
// unless it is one, with its number, status, the parties it was addressed
// from and to, its seal (see chain.go), and the number counter raised past
// its number.
func (im *importer) storeDocument(d *domain.Document) error {
	ctx, tx := im.ctx, im.tx
	if err := insertDocument(tx, d); err != nil {
		return err
	}
	var number sql.NullString
	var billTo, issuer sql.NullInt64
	issued := ""
	if d.Status.Locked() {
		if im.parties[d.ClientID] == nil {
			c, err := findClient(ctx, tx, d.ClientID)
			if err != nil {
				return err
			}
			im.parties[d.ClientID] = domain.ClientParty(c)
		}
		// The snapshots the file gives win; a file without them (an older
		// export, another program's) gets the client and company as they are.
		if d.BillTo == nil {
			d.BillTo = im.parties[d.ClientID]
		}
		if d.Issuer == nil {
			d.Issuer = domain.CompanyParty(im.co)
		}
		var err error
		if billTo, err = partyID(tx, d.BillTo); err != nil {
			return err
		}
		if issuer, err = partyID(tx, d.Issuer); err != nil {
			return err
		}
		number = sql.NullString{String: d.Number, Valid: true}
		if d.IssuedAt.IsZero() {
			d.IssuedAt = tx.now
		}
		issued = timestamp(d.IssuedAt)
		if err := im.raiseCounter(d); err != nil {
			return err
		}
	} else {
		d.IssuedAt = time.Time{}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET number = ?, status = ?, bill_to_party = ?, issuer_party = ?, issued_at = ?,
		void_reason = ?, search_text = ?, updated_at = ? WHERE id = ?`,
		number, string(d.Status), billTo, issuer, issued, d.VoidReason, documentSearch(d), timestamp(d.UpdatedAt), d.ID); err != nil {
		return err
	}
	if !d.Status.Locked() {
		return tx.audit("document", d.ID, actionCreate, nil, d)
	}
	if err := keepDocumentOpen(tx, d); err != nil {
		return err
	}
	if err := keepRevenue(tx, d.ID); err != nil {
		return err
	}
	seal, err := sealDocument(tx, d.ID)
	if err != nil {
		return err
	}
	return tx.auditSealing("document", d.ID, actionCreate, nil, d, seal)
}

// raiseCounter makes sure the next number issued in d's series comes after
// d's: if d's number is one the book's series gives, its counter for d's year
// goes up to at least d's sequence. A number from another pattern cannot
// clash with the series and leaves the counter alone.
func (im *importer) raiseCounter(d *domain.Document) error {
	ns, ok := im.co.Numbering[d.Kind]
	if !ok {
		return nil
	}
	seq, ok := ns.Sequence(d.Number, d.IssueDate)
	if !ok {
		return nil
	}
	year := 0
	if ns.YearlyReset {
		year = d.IssueDate.Year
	}
	_, err := im.tx.ExecContext(im.ctx, `INSERT INTO number_counters (kind, year, last_seq) VALUES (?, ?, ?)
		ON CONFLICT (kind, year) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)`, string(d.Kind), year, seq)
	return err
}

// paymentFields routes a payment's validation fields to the payments file.
var paymentFields = map[string]string{
	"client": "client_name", "currency": "currency", "amount": "amount", "date": "date", "method": "method",
	"reference": "reference", "note": "note",
}

func (im *importer) paymentRows(t *table) error {
	allocs := im.rd.tables["allocations"]
	for _, r := range t.rows {
		p := &domain.Payment{Date: r.date("date"), Amount: money.Money{Amount: r.number("amount"), Currency: r.code("currency")},
			Method: domain.PaymentMethod(r.word("method")), Reference: r.text("reference"), Note: r.text("note")}
		p.CreatedAt, p.UpdatedAt = r.stamps(im.tx.now)
		clientID, checkOnly, err := im.client(r)
		if err != nil {
			return err
		}
		p.ClientID = clientID
		if clientID == 0 {
			p.ClientID = -1 // checked without its client, whose problem is reported
		}
		var allocRows []*row
		if allocs != nil {
			allocRows = im.allocs[strings.TrimSpace(r.text("id"))]
			delete(im.allocs, strings.TrimSpace(r.text("id")))
		}
		for i, ar := range allocRows {
			a := domain.Allocation{Amount: ar.number("amount"), DocumentNumber: strings.TrimSpace(ar.text("invoice_number"))}
			if c := ar.code("currency"); c != "" && c != p.Amount.Currency {
				ar.problem("currency", "the allocation is in %s but its payment is in %s", c, p.Amount.Currency)
			}
			inv, failed, err := im.documentNumbered(domain.KindInvoice, a.DocumentNumber)
			switch {
			case err != nil:
				return err
			case inv != nil:
				a.DocumentID = inv.id
			case failed:
				// Checked on its own: the invoice's row has problems.
				a.DocumentID, checkOnly = -int64(i+1), true
			case a.DocumentNumber == "":
				ar.problem("invoice_number", "the allocation names no invoice")
			default:
				ar.problem("invoice_number", "there is no invoice numbered %s; import the invoices first", a.DocumentNumber)
			}
			p.Allocations = append(p.Allocations, a)
		}
		route := func(field string) (*row, string) {
			var i int
			var f string
			if _, err := fmt.Sscanf(strings.ReplaceAll(field, ".", " "), "allocations %d %s", &i, &f); err == nil && i < len(allocRows) {
				return allocRows[i], map[string]string{"document": "invoice_number", "amount": "amount"}[f]
			}
			if c, ok := paymentFields[field]; ok {
				return r, c
			}
			return r, ""
		}
		err = p.Validate()
		if err != nil {
			r.invalid(err, route)
		}
		allOK := r.ok
		for _, ar := range allocRows {
			allOK = allOK && ar.ok
		}
		if allOK && !checkOnly {
			// Against the book: the invoices are the client's, in the
			// payment's currency, with that much still open.
			if err := checkPayment(im.ctx, im.tx, p); domain.ErrorCode(err) == domain.EINVALID {
				r.invalid(err, route)
			} else if err != nil {
				return err
			}
		}
		for _, ar := range allocRows {
			allOK = allOK && ar.ok
		}
		if !r.ok || !allOK || checkOnly {
			continue
		}
		amount, err := p.Amount.Minor()
		if err != nil {
			return err
		}
		if err := insertPayment(im.tx, p, amount); err != nil {
			return err
		}
		t.made++
		if allocs != nil {
			allocs.made += len(p.Allocations)
		}
	}
	if allocs != nil {
		for id, rows := range im.allocs {
			for _, ar := range rows {
				ar.problem("payment_id", "there is no payment with id %s in the payments file", id)
			}
		}
	}
	return nil
}

// refundRows imports refunds, each checked against the credit the client
// has by then in the book being imported into.
func (im *importer) refundRows(t *table) error {
	for _, r := range t.rows {
		rf := &domain.Refund{Date: r.date("date"), Amount: money.Money{Amount: r.number("amount"), Currency: r.code("currency")},
			Method: domain.PaymentMethod(r.word("method")), Reference: r.text("reference"), Note: r.text("note")}
		rf.CreatedAt, _ = r.stamps(im.tx.now)
		clientID, checkOnly, err := im.client(r)
		if err != nil {
			return err
		}
		rf.ClientID = clientID
		if clientID == 0 {
			rf.ClientID = -1 // checked without its client, whose problem is reported
		}
		route := func(field string) (*row, string) { return r, paymentFields[field] }
		if err := rf.Validate(); err != nil {
			r.invalid(err, route)
		}
		if !r.ok || checkOnly {
			continue
		}
		amount, err := rf.Amount.Minor()
		if err != nil {
			return err
		}
		if err := insertRefund(im.ctx, im.tx, rf, amount); domain.ErrorCode(err) == domain.EINVALID {
			r.invalid(err, route)
			continue
		} else if err != nil {
			return err
		}
		t.made++
	}
	return nil
}
