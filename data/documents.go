package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// documentService implements domain.DocumentService over the book. Drafts are
// rewritten freely; issuing numbers a document inside the same transaction
// that locks it, and the schema's triggers refuse any later change.
type documentService struct{ b *Book }

var _ domain.DocumentService = (*documentService)(nil)

const documentColumns = `d.id, d.kind, d.number, d.status, d.client_id, c.name, d.currency, d.issue_date, d.due_date,
	d.po_number, d.reference, d.notes, d.terms, d.rounding_scope, d.rounding_mode, d.tax_inclusive, d.discount_percent,
	d.discount_minor, d.credit_for, d.from_quote, d.void_reason, ` + billToJSON + `, ` + issuerJSON + `, d.issued_at, d.created_at, d.updated_at,
	d.arithmetic, d.buyer_reference`

func readDocument(ctx context.Context, q queryer, where string, args ...any) (*domain.Document, error) {
	d := &domain.Document{}
	var number, creditFor, fromQuote, billTo, issuer sql.NullString
	var issue, due, scope, mode, pct, issued, created, updated string
	var discount int64
	err := q.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM documents d JOIN clients c ON c.id = d.client_id WHERE `+where, args...).Scan(
		&d.ID, &d.Kind, &number, &d.Status, &d.ClientID, &d.ClientName, &d.Currency, &issue, &due, &d.PONumber, &d.Reference,
		&d.Notes, &d.Terms, &scope, &mode, &d.TaxInclusive, &pct, &discount, &creditFor, &fromQuote, &d.VoidReason,
		&billTo, &issuer, &issued, &created, &updated, &d.Arithmetic, &d.BuyerReference)
	if err != nil {
		return nil, err
	}
	d.Number = number.String
	d.Rounding = domain.Rounding{Scope: domain.RoundingScope(scope), Mode: domain.RoundingMode(mode)}
	if d.IssueDate, err = domain.ParseDate(issue); err != nil {
		return nil, err
	}
	if due != "" {
		if d.DueDate, err = domain.ParseDate(due); err != nil {
			return nil, err
		}
	}
	if d.DiscountPercent, err = decimal.NewFromString(pct); err != nil {
		return nil, err
	}
	dm, err := money.FromMinor(discount, d.Currency)
	if err != nil {
		return nil, err
	}
	d.DiscountAmount = dm.Amount
	fmt.Sscan(creditFor.String, &d.CreditFor)
	fmt.Sscan(fromQuote.String, &d.FromQuote)
	for _, p := range []struct {
		s   sql.NullString
		dst **domain.Party
	}{{billTo, &d.BillTo}, {issuer, &d.Issuer}} {
		if p.s.Valid {
			*p.dst = new(domain.Party)
			if err := json.Unmarshal([]byte(p.s.String), *p.dst); err != nil {
				return nil, err
			}
		}
	}
	if issued != "" {
		d.IssuedAt = parseTimestamp(issued)
	}
	d.CreatedAt, d.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
	if err := readLines(ctx, q, d); err != nil {
		return nil, err
	}
	return d, nil
}

// readLines fills in a document's lines and their taxes.
func readLines(ctx context.Context, q queryer, d *domain.Document) error {
	rows, err := q.QueryContext(ctx, `SELECT id, item_id, description, quantity, unit, unit_price_minor, discount_percent,
		unit_code FROM document_lines WHERE document_id = ? ORDER BY position`, d.ID)
	if err != nil {
		return err
	}
	index := map[int64]int{}
	for rows.Next() {
		var l domain.Line
		var item sql.NullInt64
		var qty, pct string
		var price int64
		if err := rows.Scan(&l.ID, &item, &l.Description, &qty, &l.Unit, &price, &pct, &l.UnitCode); err != nil {
			rows.Close()
			return err
		}
		l.ItemID = item.Int64
		if l.Quantity, err = decimal.NewFromString(qty); err != nil {
			rows.Close()
			return err
		}
		if l.DiscountPercent, err = decimal.NewFromString(pct); err != nil {
			rows.Close()
			return err
		}
		m, err := money.FromMinor(price, d.Currency)
		if err != nil {
			rows.Close()
			return err
		}
		l.UnitPrice = m.Amount
		index[l.ID] = len(d.Lines)
		d.Lines = append(d.Lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(d.Lines) == 0 {
		return nil
	}
	// The VAT category is the line's snapshot; a line written before the
	// book knew VAT categories (or from a contract line) has none, and
	// takes its rate's as it is now.
	trows, err := q.QueryContext(ctx, `SELECT t.line_id, t.rate_id, t.name, t.percent, t.compound,
		coalesce(nullif(t.vat_category, ''), r.vat_category, ''),
		CASE WHEN t.vat_category <> '' THEN t.exemption_reason ELSE coalesce(r.exemption_reason, '') END,
		CASE WHEN t.vat_category <> '' THEN t.exemption_code ELSE coalesce(r.exemption_code, '') END
		FROM line_taxes t JOIN document_lines l ON l.id = t.line_id LEFT JOIN tax_rates r ON r.id = t.rate_id
		WHERE l.document_id = ? ORDER BY l.position, t.position`, d.ID)
	if err != nil {
		return err
	}
	return scanLineTaxes(trows, func(lineID int64, t domain.TaxLine) {
		i := index[lineID]
		d.Lines[i].Taxes = append(d.Lines[i].Taxes, t)
	})
}

// scanLineTaxes reads rows of (line id, rate id, name, percent, compound) —
// the tax snapshots of document and contract lines — and closes them. Rows
// with three more columns carry the VAT category, exemption reason and code.
func scanLineTaxes(rows *sql.Rows, add func(lineID int64, t domain.TaxLine)) error {
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	for rows.Next() {
		var lineID int64
		var rate sql.NullInt64
		var t domain.TaxLine
		var pct string
		dest := []any{&lineID, &rate, &t.Name, &pct, &t.Compound}
		if len(cols) == 8 {
			dest = append(dest, &t.VAT.Category, &t.VAT.ExemptionReason, &t.VAT.ExemptionCode)
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		t.RateID = rate.Int64
		var err error
		if t.Percent, err = decimal.NewFromString(pct); err != nil {
			return err
		}
		add(lineID, t)
	}
	return rows.Err()
}

func notFoundDocument(id int64) error {
	return domain.Errorf(domain.ENOTFOUND, "Document %d does not exist; it may have been deleted.", id)
}

func findDocument(ctx context.Context, q queryer, id int64) (*domain.Document, error) {
	if tx, ok := q.(*Tx); ok && tx.handed != nil && tx.handed.ID == id {
		d := tx.handed
		tx.handed, tx.asStored = nil, d
		return d, nil
	}
	d, err := readDocument(ctx, q, `d.id = ?`, id)
	if err == sql.ErrNoRows {
		return nil, notFoundDocument(id)
	}
	return d, err
}

func (s *documentService) FindDocumentByID(ctx context.Context, id int64) (*domain.Document, error) {
	d, err := findDocument(ctx, s.b.db, id)
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return nil, domain.Internal("read the document", err)
	}
	return d, err
}

func (s *documentService) FindDocumentByNumber(ctx context.Context, kind domain.DocKind, number string) (*domain.Document, error) {
	d, err := readDocument(ctx, s.b.db, `d.kind = ? AND d.number = ? COLLATE NOCASE`, string(kind), strings.TrimSpace(number))
	if err == sql.ErrNoRows {
		return nil, domain.Errorf(domain.ENOTFOUND, "There is no %s numbered %s.", strings.ToLower(kind.Title()), number)
	}
	if err != nil {
		return nil, domain.Internal("read the document", err)
	}
	return d, nil
}

// A searchNarrowing is how the trigram index documents_fts (each
// document's folded number, PO number and reference with its client's
// folded name, schema 25) narrows a Documents search.
type searchNarrowing struct {
	// match is an FTS5 query of documents_fts that every document the
	// search finds is in: each three-letter piece of each word, ANDed; ""
	// when no word has three letters.
	match string
	// rare says at most rareInDocuments documents are in match: a list
	// then reads them and sorts them rather than walk its order.
	rare bool
}

// rareInDocuments is how many candidates of the trigram index a page of the
// Documents list reads and sorts rather than walk the list in order, which
// stops as soon as the page is full: reading a candidate is a look-up, a few
// times dearer than a row of a walk, and a candidate of a word this common
// is found within the first few thousand rows of the walk. (A variable so a
// test can make every word common, or rare.)
var rareInDocuments = 2000

// narrowSearch narrows a Documents search through documents_fts: the FTS5
// query of its words' trigrams (searchTrigrams), and, when rare is asked
// for, whether it is rare, read from the index (at most rareInDocuments+1
// entries) — a list in the order of issue date and a capped count read the
// index in its own order and need not know.
func narrowSearch(ctx context.Context, q queryer, search string, rare bool) (searchNarrowing, error) {
	n := searchNarrowing{match: searchTrigrams(strings.Fields(domain.FoldSearch(search)))}
	if n.match == "" || !rare {
		return n, nil
	}
	var c int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?)`,
		n.match, rareInDocuments+1).Scan(&c); err != nil {
		return n, err
	}
	n.rare = c <= rareInDocuments
	return n, nil
}

// searchTerms is how many trigrams searchTrigrams looks up: each more
// narrows the candidates less than the one before and costs the index a
// list to step through.
const searchTerms = 3

// searchTrigrams is an FTS5 query that every text containing all the words
// matches, of at most searchTerms of their three-letter pieces, ANDed: the
// last piece of each word, then the one three letters before it, and so on,
// in turn. The last letters typed are the rarest ("4758" in
// "inv-2026-4758"; the start of every number is shared), and pieces apart
// narrow more than pieces that overlap. "" when no word has three letters.
func searchTrigrams(words []string) string {
	var runes [][]rune
	for _, w := range words {
		if r := []rune(w); len(r) >= 3 {
			runes = append(runes, r)
		}
	}
	seen := map[string]bool{}
	var terms []string
	for step := 0; len(terms) < searchTerms; step++ {
		more := false
		for _, r := range runes {
			// Pieces ending 3 apart from the end, then the ones between.
			var ends []int
			for e := len(r); e >= 3; e -= 3 {
				ends = append(ends, e)
			}
			for e := len(r) - 1; e >= 3; e-- {
				if (len(r)-e)%3 != 0 {
					ends = append(ends, e)
				}
			}
			if step >= len(ends) {
				continue
			}
			more = true
			t := string(r[ends[step]-3 : ends[step]])
			if !seen[t] && len(terms) < searchTerms {
				seen[t] = true
				terms = append(terms, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
			}
		}
		if !more {
			break
		}
	}
	return strings.Join(terms, " AND ")
}

// documentWhere builds the WHERE clause of a document filter. A search word
// is looked for in the document's folded number, PO number and reference and
// in its client's folded name (nameKey, the SQL that reads it, when a word
// has three letters or more), with instr;
// narrow (narrowSearch) first narrows the documents to the candidates of
// documents_fts when they are rare, which instr then checks exactly. A
// statement that reads documents_fts itself (the capped count) passes a
// narrowing that is not rare.
func documentWhere(f domain.DocumentFilter, narrow searchNarrowing, nameKey string) (string, []any) {
	var conds []string
	var args []any
	if f.Kind != "" {
		conds = append(conds, "d.kind = ?")
		args = append(args, string(f.Kind))
	}
	if f.Status != "" {
		conds = append(conds, "d.status = ?")
		args = append(args, string(f.Status))
	}
	if f.ClientID != 0 {
		conds = append(conds, "d.client_id = ?")
		args = append(args, f.ClientID)
	}
	if !f.From.IsZero() {
		conds = append(conds, "d.issue_date >= ?")
		args = append(args, f.From.String())
	}
	if !f.To.IsZero() {
		conds = append(conds, "d.issue_date <= ?")
		args = append(args, f.To.String())
	}
	if !f.DueBefore.IsZero() {
		conds = append(conds, "d.due_date <> '' AND d.due_date < ?")
		args = append(args, f.DueBefore.String())
	}
	if narrow.rare {
		conds = append(conds, `d.id IN (SELECT rowid % 4294967296 FROM documents_fts WHERE documents_fts MATCH ?)`)
		args = append(args, narrow.match)
	}
	for _, w := range strings.Fields(domain.FoldSearch(f.Search)) {
		if narrow.match == "" && len([]rune(w)) > 1 {
			// No word to look up in documents_fts: checked on many
			// documents, so the clients whose name holds it are read once,
			// and each document looked up in them. (A single letter is in
			// most names: a page and a capped count find their rows after
			// a few more than they keep, each name read as they go.)
			conds = append(conds, "(instr(d.search_text, ?) > 0 OR d.client_id IN (SELECT id FROM clients WHERE instr(name_key, ?) > 0))")
		} else {
			// Checked on the candidates of documents_fts (or on a list
			// walked in an order no index of them serves): the name of each.
			conds = append(conds, "(instr(d.search_text, ?) > 0 OR instr("+nameKey+", ?) > 0)")
		}
		args = append(args, w, w)
	}
	if f.Payment != domain.PayNone {
		cond, condArgs := payStateWhere(f.Payment, filterDay(f))
		conds = append(conds, cond)
		args = append(args, condArgs...)
	}
	if f.Open {
		cond, condArgs := openWhere(filterDay(f), f.DueBefore)
		conds = append(conds, cond)
		args = append(args, condArgs...)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// clientNameKey is the client's folded name of the document d, for a
// statement that does not join clients: a look-up by key.
const clientNameKey = "(SELECT name_key FROM clients WHERE id = d.client_id)"

// documentRowColumns are what a list of documents shows, read by readDocumentRows.
const documentRowColumns = `d.id, d.kind, d.number, d.status, d.client_id, c.name, d.issue_date, d.due_date, d.po_number,
	d.currency, d.total_minor`

// readDocumentRows reads the list rows a query of documentRowColumns selects.
func readDocumentRows(ctx context.Context, q queryer, query string, args ...any) ([]domain.DocumentRow, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.DocumentRow
	for rows.Next() {
		var r domain.DocumentRow
		var number sql.NullString
		var issue, due, cur string
		var total int64
		if err := rows.Scan(&r.ID, &r.Kind, &number, &r.Status, &r.ClientID, &r.ClientName, &issue, &due, &r.PONumber,
			&cur, &total); err != nil {
			return nil, err
		}
		r.Number = number.String
		r.IssueDate, _ = domain.ParseDate(issue)
		if due != "" {
			r.DueDate, _ = domain.ParseDate(due)
		}
		if r.Total, err = money.FromMinor(total, cur); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// documentOrders are the columns each of domain.DocumentSorts orders by;
// each ends in the id so pages are stable. By issue date
// within a kind the index documents_by_date serves the order; the others sort
// the rows the filter keeps (a page of 2,000 documents in under 10 ms), which
// needs no index of its own.
var documentOrders = map[string][]string{
	domain.SortDocsByIssueDate: {"d.issue_date", "d.id"},
	domain.SortDocsByNumber:    {"d.number", "d.id"},
	domain.SortDocsByClient:    {"c.name_key", "d.issue_date", "d.id"},
	domain.SortDocsByDueDate:   {"d.due_date", "d.id"},
	domain.SortDocsByTotal:     {"d.total_minor", "d.id"},
}

// documentOrderColumns are the columns a document filter orders by and
// whether downwards: newest first without a Sort.
func documentOrderColumns(f domain.DocumentFilter) ([]string, bool) {
	return orderColumns(documentOrders, f.Sort, f.Desc, []string{"d.issue_date", "d.id"}, true)
}

// documentFrom is what a list of documents reads.
const documentFrom = ` FROM documents d JOIN clients c ON c.id = d.client_id`

// documentListQuery is the query of one page of a document list; after is
// the sort key of the row the page follows (keyOf), nil to page by offset.
// Newest first with every kind shown, the index documents_by_issue serves
// the order, so a page reads its rows and no more — at any depth when paged
// by key.
func documentListQuery(f domain.DocumentFilter, after []any, narrow searchNarrowing) (string, []any) {
	cols, desc := documentOrderColumns(f)
	if narrow.match != "" && slices.Equal(cols, issueOrder) {
		return documentSearchQuery(f, after, narrow, desc)
	}
	where, args := documentWhere(f, narrow, "c.name_key")
	if after != nil {
		cond, condArgs := afterKey(cols, after, desc)
		where, args = andWhere(where, cond), append(args, condArgs...)
	}
	q := `SELECT ` + documentRowColumns + documentFrom + where + orderClause(cols, desc)
	if after != nil {
		f.Offset = 0 // the page starts after that row
	}
	return pageClause(q, args, f.Offset, f.Limit)
}

// issueOrder is the order of a document list by issue date, the list's
// own, which documents_fts's key serves.
var issueOrder = []string{"d.issue_date", "d.id"}

// documentSearchQuery is documentListQuery of a search with a word of three
// letters or more, in the order of issue date (the list's own): it reads the
// search's candidates from documents_fts, whose key (schema 25: the issue
// date as YYYYMMDD times 2^32, plus the id) is that order, and stops as soon
// as the page is full — the same few candidates whether the word is in
// twenty documents or in every one, and wherever in the list they lie.
// A page by key starts in the index at the key of the row before it.
func documentSearchQuery(f domain.DocumentFilter, after []any, narrow searchNarrowing, desc bool) (string, []any) {
	narrow.rare = false // the index is read here, not looked up
	where, args := documentWhere(f, narrow, "c.name_key")
	where, args = andWhere(where, "documents_fts MATCH ?"), append(args, narrow.match)
	if after != nil {
		cond, condArgs := afterKey(issueOrder, after, desc)
		where, args = andWhere(where, cond), append(args, condArgs...)
		if key, ok := searchKey(after); ok {
			op := " > ?"
			if desc {
				op = " < ?"
			}
			where, args = andWhere(where, "documents_fts.rowid"+op), append(args, key)
		}
	}
	q := `SELECT ` + documentRowColumns + ` FROM documents_fts CROSS JOIN documents d ON d.id = documents_fts.rowid % 4294967296
		JOIN clients c ON c.id = d.client_id` + where + orderClause([]string{"documents_fts.rowid"}, desc)
	if after != nil {
		f.Offset = 0 // the page starts after that row
	}
	return pageClause(q, args, f.Offset, f.Limit)
}

// searchKey is documents_fts's key of the row whose issue date and id are
// after (schema 25), false if they are not a date and an id.
func searchKey(after []any) (int64, bool) {
	if len(after) != 2 {
		return 0, false
	}
	date, ok1 := after[0].(string)
	id, ok2 := after[1].(int64)
	day, err := strconv.ParseInt(strings.ReplaceAll(date, "-", ""), 10, 64)
	if !ok1 || !ok2 || err != nil || len(date) != 10 || id < 0 || id >= 1<<32 {
		return 0, false
	}
	return day<<32 + id, true
}

// documentCountQuery counts the documents a filter keeps, from the
// documents alone: every document has its client (a foreign key), so a
// join would only add work.
//
// With f.CountAtMost it counts at most that many and one more, through a
// LIMIT inside, so it stops there; and a search with a word of three
// letters or more then reads its candidates from documents_fts, in the
// index's order, rather than the documents: as many as it takes to find
// that many, however common the word.
func documentCountQuery(f domain.DocumentFilter, narrow searchNarrowing) (string, []any) {
	if f.CountAtMost <= 0 {
		where, args := documentWhere(f, narrow, clientNameKey)
		return `SELECT count(*) FROM documents d` + where, args
	}
	if narrow.match == "" {
		where, args := documentWhere(f, narrow, clientNameKey)
		return `SELECT count(*) FROM (SELECT 1 FROM documents d` + where + ` LIMIT ?)`, append(args, f.CountAtMost+1)
	}
	// Each candidate's client read once, for all the words.
	narrow.rare = false // the index is read here, not looked up
	where, args := documentWhere(f, narrow, "c.name_key")
	where, args = andWhere(where, "documents_fts MATCH ?"), append(args, narrow.match)
	from := ` FROM documents_fts CROSS JOIN documents d ON d.id = documents_fts.rowid % 4294967296 JOIN clients c ON c.id = d.client_id`
	return `SELECT count(*) FROM (SELECT 1` + from + where + ` LIMIT ?)`, append(args, f.CountAtMost+1)
}

func (s *documentService) FindDocuments(ctx context.Context, f domain.DocumentFilter) ([]domain.DocumentRow, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	var out []domain.DocumentRow
	err := s.b.read(ctx, "read the documents", func(tx queryer) error {
		var after []any
		if f.After != 0 {
			cols, _ := documentOrderColumns(f)
			key, ok, err := keyOf(ctx, tx, strings.TrimPrefix(documentFrom, " FROM "), "d.id", cols, f.After)
			if err != nil {
				return err
			}
			if ok {
				after = key
			}
		}
		cols, _ := documentOrderColumns(f)
		narrow, err := narrowSearch(ctx, tx, f.Search, !slices.Equal(cols, issueOrder))
		if err != nil {
			return err
		}
		q, args := documentListQuery(f, after, narrow)
		if out, err = readDocumentRows(ctx, tx, q, args...); err != nil {
			return err
		}
		return fillBalances(ctx, tx, out, filterDay(f))
	})
	return out, err
}

func (s *documentService) CountDocuments(ctx context.Context, f domain.DocumentFilter) (int, error) {
	if err := f.Validate(); err != nil {
		return 0, err
	}
	var n int
	if err := s.b.read(ctx, "count the documents", func(tx queryer) error {
		narrow, err := narrowSearch(ctx, tx, f.Search, f.CountAtMost <= 0)
		if err != nil {
			return err
		}
		q, args := documentCountQuery(f, narrow)
		return tx.QueryRowContext(ctx, q, args...).Scan(&n)
	}); err != nil {
		return 0, err
	}
	return n, nil
}

// minor converts an amount of the document's currency to minor units.
func minor(d *domain.Document, amount decimal.Decimal) (int64, error) {
	return d.Money(amount).Minor()
}

// documentSearch is what the search box looks in besides the client's name.
func documentSearch(d *domain.Document) string {
	return domain.FoldSearch(strings.Join([]string{d.Number, d.PONumber, d.Reference}, "\x1f"))
}

// checkReferences makes sure a draft's client and linked documents exist and
// fit: the client is in the book, a credit note corrects an issued invoice of
// the same client and currency, an invoice from a quote names a quote.
func checkReferences(ctx context.Context, tx *Tx, d *domain.Document) error {
	_, err := checkReferencesName(ctx, tx, d)
	return err
}

// checkReferencesName is checkReferences that also returns the client's
// name, as the book holds it.
func checkReferencesName(ctx context.Context, tx *Tx, d *domain.Document) (string, error) {
	name, err := namedClientName(ctx, tx, d.ClientID, d.Kind.Title(), "choose a client")
	if err != nil {
		return "", err
	}
	return name, checkLinked(ctx, tx, d)
}

// checkLinked is checkReferences of the documents d names.
func checkLinked(ctx context.Context, tx *Tx, d *domain.Document) error {
	if d.Kind == domain.KindCreditNote {
		if d.CreditFor == 0 {
			return domain.Errorf(domain.EINVALID, "A credit note must name the invoice it corrects.")
		}
		inv, err := findDocument(ctx, tx, d.CreditFor)
		if err != nil {
			return err
		}
		switch {
		case inv.Kind != domain.KindInvoice || inv.Status != domain.DocIssued:
			return domain.Errorf(domain.ECONFLICT, "A credit note can only correct an issued invoice.")
		case inv.ClientID != d.ClientID:
			return domain.Errorf(domain.EINVALID, "The credit note must be for the invoice's client, %s.", inv.ClientName)
		case inv.Currency != d.Currency:
			return domain.Errorf(domain.EINVALID, "The credit note must be in the invoice's currency, %s.", inv.Currency)
		}
	} else if d.CreditFor != 0 {
		return domain.Errorf(domain.EINVALID, "Only a credit note can correct an invoice.")
	}
	if d.FromQuote != 0 {
		q, err := findDocument(ctx, tx, d.FromQuote)
		if err != nil {
			return err
		}
		if q.Kind != domain.KindQuote {
			return domain.Errorf(domain.EINVALID, "Document %s is not a quote.", q.Number)
		}
	}
	return nil
}

// insertDraft stores a validated new draft with its lines.
//
// In a batch it also keeps the draft as reading it back would give it, for
// the batch's next write (Tx.handed): the demo issues each draft it saves
// straight after, and reading a document whole is three queries.
func insertDraft(ctx context.Context, tx *Tx, d *domain.Document) error {
	d.Status, d.Number = domain.DocDraft, ""
	d.CreatedAt, d.UpdatedAt = tx.now, tx.now
	clientName, err := checkReferencesName(ctx, tx, d)
	if err != nil {
		return err
	}
	var stored *domain.Document
	if tx.known != nil && tx.known.pending != nil {
		if stored, err = draftAsRead(d, clientName, tx.now); err != nil {
			return err
		}
	}
	if err := insertDocumentAs(tx, d, stored); err != nil {
		return err
	}
	if err := tx.audit("document", d.ID, actionCreate, nil, d); err != nil {
		return err
	}
	if stored != nil {
		stored.ID = d.ID
		tx.known.fresh = stored
	}
	return nil
}

// draftAsRead is the new draft d, to be stored at now, as readDocument
// will read it back, but for what the book fills in as it stores it: its
// ID and its lines' (set by insertDocumentAs). It shares nothing with d.
func draftAsRead(d *domain.Document, clientName string, now time.Time) (*domain.Document, error) {
	r := *d
	r.Number, r.Status, r.ClientName, r.VoidReason = "", domain.DocDraft, clientName, ""
	r.BillTo, r.Issuer, r.IssuedAt = nil, nil, time.Time{}
	r.Arithmetic = d.TotalsArithmetic()
	r.CreatedAt = parseTimestamp(timestamp(now))
	r.UpdatedAt = r.CreatedAt
	var err error
	if r.IssueDate, err = domain.ParseDate(d.IssueDate.String()); err != nil {
		return nil, err
	}
	if !d.DueDate.IsZero() {
		if r.DueDate, err = domain.ParseDate(d.DueDate.String()); err != nil {
			return nil, err
		}
	}
	if r.DiscountPercent, err = decimal.NewFromString(d.DiscountPercent.String()); err != nil {
		return nil, err
	}
	// An amount as stored (minor units of the currency) and read back.
	asStored := func(amount decimal.Decimal) (decimal.Decimal, error) {
		v, err := minor(d, amount)
		if err != nil {
			return decimal.Decimal{}, err
		}
		m, err := money.FromMinor(v, d.Currency)
		return m.Amount, err
	}
	if r.DiscountAmount, err = asStored(d.DiscountAmount); err != nil {
		return nil, err
	}
	r.Lines = nil
	for _, l := range d.Lines {
		price, err := asStored(l.UnitPrice)
		if err != nil {
			return nil, err
		}
		rl := domain.Line{ItemID: l.ItemID, Description: l.Description, Unit: l.Unit, UnitPrice: price}
		if rl.Quantity, err = decimal.NewFromString(l.Quantity.String()); err != nil {
			return nil, err
		}
		if rl.DiscountPercent, err = decimal.NewFromString(l.DiscountPercent.String()); err != nil {
			return nil, err
		}
		for _, t := range l.Taxes {
			rt := domain.TaxLine{RateID: t.RateID, Name: t.Name, Compound: t.Compound}
			if rt.Percent, err = decimal.NewFromString(t.Percent.String()); err != nil {
				return nil, err
			}
			rl.Taxes = append(rl.Taxes, rt)
		}
		r.Lines = append(r.Lines, rl)
	}
	return &r, nil
}

// insertDocument stores a validated new document as a draft with its lines
// and d.CreatedAt, and sets its ID; it neither checks references nor audits.
func insertDocument(tx *Tx, d *domain.Document) error { return insertDocumentAs(tx, d, nil) }

// insertDocumentAs is insertDocument that also completes stored, the draft
// as read back (draftAsRead; nil for none), with what the book fills in.
func insertDocumentAs(tx *Tx, d, stored *domain.Document) error {
	values, err := draftValues(tx, d)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(tx.ctx, `INSERT INTO documents (kind, status, created_at, `+draftColumns+`)
		VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append([]any{string(d.Kind), timestamp(d.CreatedAt)}, values...)...)
	if err != nil {
		return err
	}
	if d.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return writeLinesAs(tx.ctx, tx, d, stored)
}

// draftColumns are the columns of documents a draft's save writes, in the
// order of draftValues.
const draftColumns = `client_id, currency, issue_date, due_date, po_number, buyer_reference, reference, notes, terms,
	rounding_scope, rounding_mode, tax_inclusive, discount_percent, discount_minor, credit_for, from_quote, subtotal_minor,
	discount_total_minor, tax_minor, total_minor, arithmetic, search_text, updated_at`

// draftValues are the values of draftColumns for the draft d, saved now.
func draftValues(tx *Tx, d *domain.Document) ([]any, error) {
	t, err := d.Totals()
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "%s not saved: %v.", d.Kind.Title(), err)
	}
	var amounts [5]int64
	for i, a := range []decimal.Decimal{d.DiscountAmount, t.Subtotal, t.Discount, t.Tax, t.Total} {
		if amounts[i], err = minor(d, a); err != nil {
			return nil, err
		}
	}
	due := ""
	if !d.DueDate.IsZero() {
		due = d.DueDate.String()
	}
	return []any{d.ClientID, d.Currency, d.IssueDate.String(), due, d.PONumber, d.BuyerReference, d.Reference, d.Notes, d.Terms,
		string(d.Rounding.Scope), string(d.Rounding.Mode), d.TaxInclusive, d.DiscountPercent.String(), amounts[0],
		nullID(d.CreditFor), nullID(d.FromQuote), amounts[1], amounts[2], amounts[3], amounts[4], int(d.TotalsArithmetic()),
		documentSearch(d), timestamp(tx.now)}, nil
}

// writeDraft writes a draft's fields, totals and lines over its row.
func writeDraft(ctx context.Context, tx *Tx, d *domain.Document) error {
	values, err := draftValues(tx, d)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET (`+draftColumns+`) =
		(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?`, append(values, d.ID)...); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM document_lines WHERE document_id = ?`, d.ID); err != nil {
		return err
	}
	return writeLines(ctx, tx, d)
}

// writeLines stores the draft d's lines and their taxes, setting the lines'
// IDs; the draft has none stored.
func writeLines(ctx context.Context, tx *Tx, d *domain.Document) error {
	return writeLinesAs(ctx, tx, d, nil)
}

// The statements storing a line and a tax of a line: the line's unit code
// and the tax's VAT category and exemption, when not given, are its item's
// and its rate's.
const (
	insertLine = `INSERT INTO document_lines (document_id, position, item_id, description, quantity,
		unit, unit_price_minor, discount_percent, unit_code)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(nullif(?9, ''), (SELECT unit_code FROM items WHERE id = ?3), ''))`
	insertTax = `INSERT INTO line_taxes (line_id, position, rate_id, name, percent, compound,
		vat_category, exemption_reason, exemption_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6,
		coalesce(nullif(?7, ''), (SELECT vat_category FROM tax_rates WHERE id = ?3), ''),
		CASE WHEN ?7 <> '' THEN ?8 ELSE coalesce((SELECT exemption_reason FROM tax_rates WHERE id = ?3), '') END,
		CASE WHEN ?7 <> '' THEN ?9 ELSE coalesce((SELECT exemption_code FROM tax_rates WHERE id = ?3), '') END)`
)

// writeLinesAs is writeLines that also completes the lines of stored, the
// draft as read back (nil for none): their IDs, and the unit codes, VAT
// categories and exemptions the book filled in (lineUnitCode, taxVAT) —
// what readLines reads, for a tax whose stored category is empty its
// rate's, the same as stored, in the same transaction.
func writeLinesAs(ctx context.Context, tx *Tx, d, stored *domain.Document) error {
	for i := range d.Lines {
		l := &d.Lines[i]
		price, err := minor(d, l.UnitPrice)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, insertLine, d.ID, i, nullID(l.ItemID), l.Description, l.Quantity.String(), l.Unit, price,
			l.DiscountPercent.String(), l.UnitCode)
		if err != nil {
			return err
		}
		if l.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if stored != nil {
			sl := &stored.Lines[i]
			sl.ID = l.ID
			if sl.UnitCode, err = tx.lineUnitCode(l.ItemID, l.UnitCode); err != nil {
				return err
			}
		}
		for j, t := range l.Taxes {
			if _, err := tx.ExecContext(ctx, insertTax, l.ID, j, nullID(t.RateID), t.Name, t.Percent.String(), t.Compound,
				string(t.VAT.Category), t.VAT.ExemptionReason, t.VAT.ExemptionCode); err != nil {
				return err
			}
			if stored != nil {
				if stored.Lines[i].Taxes[j].VAT, err = tx.taxVAT(t.RateID, t.VAT); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

func (s *documentService) CreateDraft(ctx context.Context, d *domain.Document) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the "+strings.ToLower(d.Kind.Title()), func(tx *Tx) error {
		if err := insertDraft(ctx, tx, d); err != nil {
			return lockedOr(err)
		}
		return nil
	})
}

// lockedError is what a person sees when something tries to change an issued document.
func lockedError(d *domain.Document) error {
	return domain.Errorf(domain.ECONFLICT, "%s %s is %s and can no longer be changed; issue a credit note to correct it, or duplicate it as a new draft.",
		d.Kind.Title(), d.Number, d.Status)
}

// lockedOr turns a trigger's refusal into a sentence; other errors pass.
func lockedOr(err error) error {
	if isLocked(err) {
		return &domain.Error{Code: domain.ECONFLICT, Message: "An issued document cannot be changed; issue a credit note to correct it.", Err: err}
	}
	return err
}

func (s *documentService) UpdateDraft(ctx context.Context, d *domain.Document) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the "+strings.ToLower(d.Kind.Title()), func(tx *Tx) error {
		before, err := findDocument(ctx, tx, d.ID)
		if err != nil {
			return err
		}
		if before.Status != domain.DocDraft {
			return lockedError(before)
		}
		if before.Kind != d.Kind {
			return domain.Errorf(domain.EINVALID, "A %s cannot be turned into a %s by editing it.", strings.ToLower(before.Kind.Title()), strings.ToLower(d.Kind.Title()))
		}
		d.Status, d.Number, d.CreatedAt, d.UpdatedAt = domain.DocDraft, "", before.CreatedAt, tx.now
		if err := checkReferences(ctx, tx, d); err != nil {
			return err
		}
		if err := writeDraft(ctx, tx, d); err != nil {
			return lockedOr(err)
		}
		return tx.audit("document", d.ID, actionUpdate, before, d)
	})
}

func (s *documentService) DeleteDraft(ctx context.Context, id int64) error {
	return s.b.write(ctx, "delete the draft", func(tx *Tx) error {
		before, err := findDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Status != domain.DocDraft {
			return domain.Errorf(domain.ECONFLICT, "%s %s is %s; only drafts can be deleted. Void it or issue a credit note instead.",
				before.Kind.Title(), before.Number, before.Status)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, id); err != nil {
			return lockedOr(err)
		}
		return tx.audit("document", id, actionDelete, before, nil)
	})
}

// The checks before issuing look at one client's documents and payments,
// found through the client's index (documents_by_client_state, since schema
// 20, has the kind, status and currency too). TestIssueChecksReadOneClient holds
// these to their plans: SQLite, without statistics, otherwise preferred
// documents_by_currency and read every issued invoice of the book in the
// currency — issuing slowed down with every invoice ever issued.
const (
	samePOQuery = `SELECT number FROM documents WHERE client_id = ? AND kind = 'invoice' AND status = 'issued'
		AND id <> ? AND po_number = ? COLLATE NOCASE ORDER BY number`
	sameTotalQuery = `SELECT number FROM documents WHERE client_id = ? AND kind = 'invoice' AND status = 'issued'
		AND id <> ? AND currency = ? AND total_minor = ?
		AND abs(julianday(issue_date) - julianday(?)) <= ? ORDER BY number`
	// What the client owes once its payments, allocated or not, are counted.
	clientOpenQuery = `SELECT
		coalesce((SELECT sum(total_minor) FROM documents WHERE client_id = ? AND currency = ? AND kind = 'invoice' AND status = 'issued'), 0) -
		coalesce((SELECT sum(total_minor) FROM documents WHERE client_id = ? AND currency = ? AND kind = 'credit-note' AND status = 'issued'), 0) -
		coalesce((SELECT sum(amount_minor) FROM payments WHERE client_id = ? AND +currency = ?), 0)`
)

// issueFacts gathers what the checks before issuing need from the book.
func issueFacts(ctx context.Context, q queryer, d *domain.Document) (domain.IssueFacts, error) {
	t, err := d.Totals()
	return issueFactsWith(ctx, q, d, t, err)
}

// issueFactsWith is issueFacts for a document whose totals (or the error
// working them out) the caller has.
func issueFactsWith(ctx context.Context, q queryer, d *domain.Document, t domain.Totals, terr error) (domain.IssueFacts, error) {
	var f domain.IssueFacts
	c, err := findClient(ctx, q, d.ClientID)
	if err != nil {
		return f, err
	}
	f.Client = c
	if terr != nil {
		return f, nil // Verify reports it
	}
	total, err := minor(d, t.Total)
	if err != nil {
		return f, nil
	}
	strs := func(query string, args ...any) ([]string, error) {
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, rows.Err()
	}
	if f.Client != nil && f.Client.EInvoice != domain.EInvoiceNone {
		co, err := readCompany(ctx, q)
		if err != nil {
			return f, err
		}
		f.Company = &co
	}
	if d.Kind == domain.KindInvoice {
		if d.PONumber != "" {
			if f.SamePO, err = strs(samePOQuery, d.ClientID, d.ID, d.PONumber); err != nil {
				return f, err
			}
		}
		if f.SameTotal, err = strs(sameTotalQuery, d.ClientID, d.ID, d.Currency, total, d.IssueDate.String(), domain.DuplicateWindowDays); err != nil {
			return f, err
		}
		var open int64
		if err := q.QueryRowContext(ctx, clientOpenQuery, d.ClientID, d.Currency, d.ClientID, d.Currency, d.ClientID, d.Currency).Scan(&open); err != nil {
			return f, err
		}
		m, err := money.FromMinor(open, d.Currency)
		if err != nil {
			return f, err
		}
		f.OpenBalance = m.Amount
	}
	if d.Kind == domain.KindCreditNote && d.CreditFor != 0 {
		var number string
		var invTotal, credited int64
		if err := q.QueryRowContext(ctx, `SELECT i.number, i.total_minor,
			coalesce((SELECT sum(total_minor) FROM documents WHERE credit_for = i.id AND status = 'issued' AND id <> ?), 0)
			FROM documents i WHERE i.id = ?`, d.ID, d.CreditFor).Scan(&number, &invTotal, &credited); err != nil {
			return f, err
		}
		it, _ := money.FromMinor(invTotal, d.Currency)
		cr, _ := money.FromMinor(credited, d.Currency)
		f.Credited = &domain.CreditFacts{InvoiceNumber: number, InvoiceTotal: it.Amount, AlreadyCredited: cr.Amount}
	}
	return f, nil
}

func (s *documentService) Verify(ctx context.Context, id int64) ([]domain.Finding, error) {
	d, err := s.FindDocumentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	facts, err := issueFacts(ctx, s.b.db, d)
	if err != nil {
		return nil, domain.Internal("check the document", err)
	}
	return domain.Verify(d, facts), nil
}

// nextNumber takes the next number of the kind's series for a document dated
// date. It runs inside the issuing transaction, so an issue that fails leaves
// the counter where it was: numbers have no gaps.
func nextNumber(ctx context.Context, tx *Tx, kind domain.DocKind, date domain.Date) (string, error) {
	// The series is the company's, as the transaction keeps it.
	co, err := tx.company()
	if err != nil {
		return "", err
	}
	ns, ok := co.Numbering[kind]
	if !ok {
		return "", fmt.Errorf("no number series for %s: %w", kind, sql.ErrNoRows)
	}
	year := 0
	if ns.YearlyReset {
		year = date.Year
	}
	var seq int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO number_counters (kind, year, last_seq) VALUES (?, ?, 1)
		ON CONFLICT (kind, year) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`, string(kind), year).Scan(&seq); err != nil {
		return "", err
	}
	return ns.Format(date, seq), nil
}

func (s *documentService) Issue(ctx context.Context, id int64, opt domain.IssueOptions) (*domain.Document, []domain.Finding, error) {
	var issued *domain.Document
	var findings []domain.Finding
	err := s.b.write(ctx, "issue the document", func(tx *Tx) error {
		d, err := findDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.Status != domain.DocDraft {
			return domain.Errorf(domain.ECONFLICT, "%s %s is already %s.", d.Kind.Title(), d.Number, d.Status)
		}
		var blocked bool
		if findings, blocked, err = issueDraft(ctx, tx, d, opt); err != nil {
			return err
		}
		if blocked {
			what := "warnings to confirm"
			for _, f := range findings {
				if f.Severity == domain.SeverityError {
					what = "problems to fix"
					break
				}
			}
			return domain.Errorf(domain.EINVALID, "%s not issued: there are %s.", d.Kind.Title(), what)
		}
		issued = d
		return nil
	})
	if err != nil {
		return nil, findings, err
	}
	return issued, findings, nil
}

// issueDraft verifies the draft d against the book and, unless the findings
// block under opt, numbers it, snapshots its bill-to and issuer, locks it,
// seals its content (see chain.go) and audits the issue, all in tx; d is
// updated to match. A blocked draft is left as it was, with blocked true:
// whether that fails the transaction is the caller's choice. Issue and the
// contracts' billing run share it, so every invoice is numbered from the same
// gap-free counter.
func issueDraft(ctx context.Context, tx *Tx, d *domain.Document, opt domain.IssueOptions) (findings []domain.Finding, blocked bool, err error) {
	t, terr := d.Totals()
	facts, err := issueFactsWith(ctx, tx, d, t, terr)
	if err != nil {
		return nil, false, err
	}
	findings = domain.Verify(d, facts)
	if domain.Blocking(findings, opt.AcceptWarnings) {
		return findings, true, nil
	}
	before := *d
	number, err := nextNumber(ctx, tx, d.Kind, d.IssueDate)
	if err != nil {
		return findings, false, err
	}
	co, err := tx.company()
	if err != nil {
		return findings, false, err
	}
	// The stored totals are those of the current rules, which the draft was
	// verified by and the issued document is rendered by from now on (a
	// draft last saved under older rules stored theirs).
	if terr != nil {
		return findings, false, terr
	}
	var amounts [4]int64
	for i, a := range []decimal.Decimal{t.Subtotal, t.Discount, t.Tax, t.Total} {
		if amounts[i], err = minor(d, a); err != nil {
			return findings, false, err
		}
	}
	d.Number, d.Status, d.IssuedAt, d.UpdatedAt = number, domain.DocIssued, tx.now, tx.now
	d.Arithmetic = domain.CurrentArithmetic
	d.BillTo, d.Issuer = domain.ClientParty(facts.Client), domain.CompanyParty(co)
	if d.BuyerReference == "" {
		d.BuyerReference = facts.Client.BuyerReference
	}
	billTo, err := partyID(tx, d.BillTo)
	if err != nil {
		return findings, false, err
	}
	issuer, err := partyID(tx, d.Issuer)
	if err != nil {
		return findings, false, err
	}
	// A draft the batch just stored is sealed from what it stored, with
	// the issue (sealStored); any other from its rows once issued.
	var seal []byte
	var sealArg any // NULL: sealed below
	if tx.asStored == d && tx.schema >= partiesFrom {
		if seal, err = sealStored(d, amounts); err != nil {
			return findings, false, err
		}
		sealArg = seal
	}
	_, err = tx.ExecContext(ctx, `UPDATE documents SET number = ?, status = 'issued', bill_to_party = ?, issuer_party = ?, issued_at = ?,
		subtotal_minor = ?, discount_total_minor = ?, tax_minor = ?, total_minor = ?, arithmetic = ?, buyer_reference = ?,
		search_text = ?, updated_at = ?, content_hash = coalesce(?, content_hash) WHERE id = ? AND status = 'draft'`,
		number, billTo, issuer, timestamp(tx.now), amounts[0], amounts[1], amounts[2], amounts[3],
		int(d.Arithmetic), d.BuyerReference, documentSearch(d), timestamp(tx.now), sealArg, d.ID)
	if isUnique(err) {
		return findings, false, domain.Errorf(domain.ECONFLICT, "The next %s number, %s, is already taken; change the number pattern in Settings.",
			strings.ToLower(d.Kind.Title()), number)
	}
	if err != nil {
		return findings, false, err
	}
	if err := keepDocumentOpen(tx, d); err != nil {
		return findings, false, err
	}
	if err := keepRevenueOf(tx, string(d.Kind), string(domain.DocIssued), d.Currency, d.IssueDate.String(), d.ClientID); err != nil {
		return findings, false, err
	}
	if seal == nil {
		if seal, err = sealDocument(tx, d.ID); err != nil {
			return findings, false, err
		}
	}
	// The entry records the seal, which covers the bill-to and issuer
	// snapshots stored with the document; they are not copied into it.
	logged := *d
	logged.BillTo, logged.Issuer = nil, nil
	return findings, false, tx.auditSealing("document", d.ID, "issue", &before, &logged, seal)
}

func (s *documentService) Void(ctx context.Context, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return &domain.Error{Code: domain.EINVALID, Message: "Not voided: give the reason, for the record.",
			Fields: map[string]string{"reason": "give the reason, for the record"}}
	}
	return s.b.write(ctx, "void the document", func(tx *Tx) error {
		d, err := findDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.Kind == domain.KindQuote {
			return domain.Errorf(domain.ECONFLICT, "A quote is declined or expires rather than being voided.")
		}
		if d.Status != domain.DocIssued {
			return domain.Errorf(domain.ECONFLICT, "Only an issued %s can be voided; %s is %s.", strings.ToLower(d.Kind.Title()),
				displayName(d), d.Status)
		}
		var credits []string
		rows, err := tx.QueryContext(ctx, `SELECT number FROM documents WHERE credit_for = ? AND status = 'issued' ORDER BY number`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var n string
			rows.Scan(&n)
			credits = append(credits, n)
		}
		rows.Close()
		if len(credits) > 0 {
			return domain.Errorf(domain.ECONFLICT, "Invoice %s has been credited (%s); void the credit notes first.", d.Number, strings.Join(credits, ", "))
		}
		var payments int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM allocations WHERE document_id = ?`, id).Scan(&payments); err != nil {
			return err
		}
		if payments > 0 {
			return domain.Errorf(domain.ECONFLICT, "Invoice %s has been paid (%d %s); remove the payments' allocations to it first, or issue a credit note instead.",
				d.Number, payments, plural(payments, "payment", "payments"))
		}
		before := *d
		d.Status, d.VoidReason, d.UpdatedAt = domain.DocVoid, reason, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET status = 'void', void_reason = ?, updated_at = ? WHERE id = ?`,
			reason, timestamp(tx.now), id); err != nil {
			return err
		}
		if err := keepDocumentOpen(tx, d); err != nil {
			return err
		}
		if err := keepRevenue(tx, d.ID); err != nil {
			return err
		}
		// A credit note's credit may have been paid back.
		if err := checkRefundsCovered(ctx, tx, d.ClientID, d.Currency); err != nil {
			return err
		}
		return tx.audit("document", id, "void", &before, d)
	})
}

// plural picks the singular or the plural noun for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func displayName(d *domain.Document) string {
	if d.Number != "" {
		return d.Number
	}
	return "this draft"
}

func (s *documentService) CreditNote(ctx context.Context, invoiceID int64, lineIDs []int64) (*domain.Document, error) {
	var cn *domain.Document
	err := s.b.write(ctx, "make the credit note", func(tx *Tx) error {
		inv, err := findDocument(ctx, tx, invoiceID)
		if err != nil {
			return err
		}
		if cn, err = domain.CreditNoteFor(inv, lineIDs, domain.Today()); err != nil {
			return err
		}
		if err := cn.Validate(); err != nil {
			return err
		}
		return insertDraft(ctx, tx, cn)
	})
	if err != nil {
		return nil, err
	}
	return cn, nil
}

func (s *documentService) Duplicate(ctx context.Context, id int64, today domain.Date) (*domain.Document, error) {
	var dup *domain.Document
	err := s.b.write(ctx, "duplicate the document", func(tx *Tx) error {
		d, err := findDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.Kind == domain.KindCreditNote {
			return domain.Errorf(domain.ECONFLICT, "A credit note cannot be duplicated; make a new one from its invoice.")
		}
		dup = domain.Duplicate(d, today)
		dup.BillTo, dup.Issuer = nil, nil
		if err := dup.Validate(); err != nil {
			return err
		}
		return insertDraft(ctx, tx, dup)
	})
	if err != nil {
		return nil, err
	}
	return dup, nil
}

func (s *documentService) SetQuoteStatus(ctx context.Context, id int64, status domain.DocStatus) error {
	switch status {
	case domain.DocAccepted, domain.DocDeclined, domain.DocExpired:
	default:
		return domain.Errorf(domain.EINVALID, "A quote can be marked accepted, declined or expired, not %q.", status)
	}
	return s.b.write(ctx, "update the quote", func(tx *Tx) error {
		d, err := findDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.Kind != domain.KindQuote {
			return domain.Errorf(domain.ECONFLICT, "Only quotes are accepted, declined or expired.")
		}
		if d.Status != domain.DocIssued {
			return domain.Errorf(domain.ECONFLICT, "Quote %s is %s; only an issued quote can be marked %s.", displayName(d), d.Status, status)
		}
		before := *d
		d.Status, d.UpdatedAt = status, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET status = ?, updated_at = ? WHERE id = ?`, string(status), timestamp(tx.now), id); err != nil {
			return err
		}
		return tx.audit("document", id, string(status), &before, d)
	})
}

func (s *documentService) ConvertQuote(ctx context.Context, quoteID int64, today domain.Date) (*domain.Document, error) {
	var inv *domain.Document
	err := s.b.write(ctx, "turn the quote into an invoice", func(tx *Tx) error {
		q, err := findDocument(ctx, tx, quoteID)
		if err != nil {
			return err
		}
		var existing sql.NullString
		var existingID int64
		err = tx.QueryRowContext(ctx, `SELECT id, number FROM documents WHERE from_quote = ? AND status <> 'void' ORDER BY id LIMIT 1`, quoteID).Scan(&existingID, &existing)
		if err == nil {
			what := "draft invoice " + fmt.Sprint(existingID)
			if existing.Valid {
				what = "invoice " + existing.String
			}
			return domain.Errorf(domain.ECONFLICT, "Quote %s is already %s.", q.Number, "on "+what)
		} else if err != sql.ErrNoRows {
			return err
		}
		c, err := findClient(ctx, tx, q.ClientID)
		if err != nil {
			return err
		}
		if inv, err = domain.InvoiceFromQuote(q, c, today); err != nil {
			return err
		}
		inv.BillTo, inv.Issuer = nil, nil
		if err := inv.Validate(); err != nil {
			return err
		}
		return insertDraft(ctx, tx, inv)
	})
	if err != nil {
		return nil, err
	}
	return inv, nil
}

func (s *documentService) ClientSummary(ctx context.Context, clientID int64) (domain.ClientDocSummary, error) {
	var sum domain.ClientDocSummary
	fail := func(err error) (domain.ClientDocSummary, error) {
		return domain.ClientDocSummary{}, domain.Internal("summarise the client's documents", err)
	}
	var last sql.NullString
	if err := s.b.db.QueryRowContext(ctx, `SELECT
		count(*) FILTER (WHERE kind = 'invoice' AND status <> 'draft'),
		count(*) FILTER (WHERE kind = 'quote' AND status <> 'draft'),
		count(*) FILTER (WHERE kind = 'credit-note' AND status <> 'draft'),
		count(*) FILTER (WHERE status = 'draft'),
		max(issue_date) FILTER (WHERE kind = 'invoice' AND status = 'issued')
		FROM documents WHERE client_id = ?`, clientID).Scan(&sum.Invoices, &sum.Quotes, &sum.CreditNotes, &sum.Drafts, &last); err != nil {
		return fail(err)
	}
	if last.Valid {
		sum.LastIssued, _ = domain.ParseDate(last.String)
	}
	rows, err := s.b.db.QueryContext(ctx, `SELECT currency,
		sum(CASE kind WHEN 'invoice' THEN total_minor ELSE -total_minor END) AS net
		FROM documents WHERE client_id = ? AND status = 'issued' AND kind IN ('invoice', 'credit-note')
		GROUP BY currency ORDER BY net DESC`, clientID)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		var cur string
		var net int64
		if err := rows.Scan(&cur, &net); err != nil {
			return fail(err)
		}
		m, err := money.FromMinor(net, cur)
		if err != nil {
			return fail(err)
		}
		sum.Invoiced = append(sum.Invoiced, m)
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	return sum, nil
}
