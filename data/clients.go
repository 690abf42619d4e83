package data

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"clientbook/domain"
	"clientbook/domain/money"
)

// clientService implements domain.ClientService over the book.
type clientService struct{ b *Book }

var _ domain.ClientService = (*clientService)(nil)

const clientColumns = `id, name, status, industry, tax_id, billing_line1, billing_line2, billing_city, billing_region,
	billing_postal_code, billing_country, payment_terms_days, currency, credit_limit_minor, requires_po, notes,
	created_at, updated_at, vat_id, endpoint_id, endpoint_scheme, buyer_reference, einvoice_format`

// queryer is what reading needs: the pool or a transaction.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *clientService) FindClientByID(ctx context.Context, id int64) (*domain.Client, error) {
	c, err := findClient(ctx, s.b.db, id)
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return nil, domain.Internal("read the client", err)
	}
	return c, err
}

// namedClient finds the client a record being saved names. A client that
// is not there is EINVALID: "<what> not saved: …", with pick at the record's
// client field.
func namedClient(ctx context.Context, q queryer, id int64, what, pick string) (*domain.Client, error) {
	c, err := findClient(ctx, q, id)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, notSavedFor(err, what, pick)
	}
	return c, err
}

// namedClientExists is namedClient for a write that needs only to know the
// client is there: one lookup instead of reading the client whole.
func namedClientExists(ctx context.Context, q queryer, id int64, what, pick string) error {
	_, err := namedClientName(ctx, q, id, what, pick)
	return err
}

// namedClientName is namedClientExists that also returns the client's name.
func namedClientName(ctx context.Context, q queryer, id int64, what, pick string) (string, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM clients WHERE id = ?`, id).Scan(&name)
	if err == sql.ErrNoRows {
		return "", notSavedFor(missingClient(id), what, pick)
	}
	return name, err
}

// notSavedFor is the error of a record not saved because its client, as
// err says, is missing.
func notSavedFor(err error, what, pick string) error {
	return &domain.Error{Code: domain.EINVALID, Message: what + " not saved: " + domain.ErrorMessage(err),
		Fields: map[string]string{"client": pick}}
}

// missingClient is the error of a client id that names no client.
func missingClient(id int64) error {
	return domain.Errorf(domain.ENOTFOUND, "Client %d does not exist; it may have been deleted.", id)
}

// findClient reads the client id. A write transaction keeps the clients it
// has read (txKnown.clients) until it changes them (forgetClient): the
// writes of a batch — the demo's thousands of issues — read the same
// clients again and again.
func findClient(ctx context.Context, q queryer, id int64) (*domain.Client, error) {
	tx, ok := q.(*Tx)
	if !ok || tx.known == nil {
		return readClient(ctx, q, id)
	}
	c, err := kept(&tx.known.clients, id, func() (*domain.Client, error) { return readClient(ctx, q, id) })
	if err != nil {
		return nil, err
	}
	return cloneClient(c), nil
}

// cloneClient is a copy of c that shares nothing a caller may change.
func cloneClient(c *domain.Client) *domain.Client {
	n := *c
	n.Tags, n.Contacts = slices.Clone(c.Tags), slices.Clone(c.Contacts)
	return &n
}

// forgetClient drops what tx keeps of client id, which it is changing.
func (tx *Tx) forgetClient(id int64) {
	if tx.known != nil {
		delete(tx.known.clients, id)
	}
}

// readClient reads the client id from the book.
func readClient(ctx context.Context, q queryer, id int64) (*domain.Client, error) {
	c := &domain.Client{}
	var limit int64
	var created, updated string
	err := q.QueryRowContext(ctx, `SELECT `+clientColumns+` FROM clients WHERE id = ?`, id).Scan(
		&c.ID, &c.Name, &c.Status, &c.Industry, &c.TaxID, &c.Billing.Line1, &c.Billing.Line2, &c.Billing.City,
		&c.Billing.Region, &c.Billing.PostalCode, &c.Billing.Country, &c.PaymentTermsDays, &c.Currency, &limit,
		&c.RequiresPO, &c.Notes, &created, &updated, &c.VATID, &c.EndpointID, &c.EndpointScheme, &c.BuyerReference, &c.EInvoice)
	if err == sql.ErrNoRows {
		return nil, missingClient(id)
	}
	if err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
	if c.CreditLimit, err = money.FromMinor(limit, c.Currency); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, name, role, email, phone, is_primary FROM contacts WHERE client_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		k := domain.Contact{ClientID: id}
		if err := rows.Scan(&k.ID, &k.Name, &k.Role, &k.Email, &k.Phone, &k.Primary); err != nil {
			return nil, err
		}
		c.Contacts = append(c.Contacts, k)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	trows, err := q.QueryContext(ctx, `SELECT tag FROM client_tags WHERE client_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer trows.Close()
	for trows.Next() {
		var t string
		if err := trows.Scan(&t); err != nil {
			return nil, err
		}
		c.Tags = append(c.Tags, t)
	}
	return c, trows.Err()
}

// clientWhere builds the WHERE clause of a filter: the status, and each word
// of the search found somewhere in the client's folded search text. Words of
// three letters or more first narrow the clients through the trigram index;
// instr then checks each candidate exactly.
func clientWhere(f domain.ClientFilter) (string, []any) {
	var conds []string
	var args []any
	if f.Status != "" {
		conds = append(conds, "status = ?")
		args = append(args, string(f.Status))
	}
	words := strings.Fields(domain.FoldSearch(f.Search))
	if m := trigramQuery(words); m != "" {
		conds = append(conds, "id IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?)")
		args = append(args, m)
	}
	for _, w := range words {
		conds = append(conds, "instr(search_text, ?) > 0")
		args = append(args, w)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// trigramQuery is an FTS5 query that every text containing all the words
// matches: each word's three-letter pieces, ANDed. Words shorter than three
// letters have none and are left to instr.
func trigramQuery(words []string) string {
	seen := map[string]bool{}
	var terms []string
	for _, w := range words {
		r := []rune(w)
		for i := 0; i+3 <= len(r) && len(terms) < 24; i++ {
			t := string(r[i : i+3])
			if !seen[t] {
				seen[t] = true
				terms = append(terms, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
			}
		}
	}
	return strings.Join(terms, " AND ")
}

// clientOrders are the columns each sort orders by; each ends in id so pages
// are stable, and each has an index of its own (clients_by_…).
var clientOrders = map[domain.ClientSort][]string{
	domain.SortByCity:        {"city_key", "name_key", "id"},
	domain.SortByStatus:      {"status", "name_key", "id"},
	domain.SortByCreated:     {"created_at", "id"},
	domain.SortByLastContact: {"last_contacted_at", "name_key", "id"},
}

// clientOrderColumns are the columns a client filter orders by (by name
// without a sort) and whether downwards.
func clientOrderColumns(f domain.ClientFilter) ([]string, bool) {
	if c, ok := clientOrders[f.Sort]; ok {
		return c, f.Desc
	}
	return []string{"name_key", "id"}, f.Desc
}

// clientOrder is the ORDER BY of a sort.
func clientOrder(f domain.ClientFilter) string {
	return orderClause(clientOrderColumns(f))
}

func (s *clientService) FindClients(ctx context.Context, f domain.ClientFilter) ([]domain.ClientRow, error) {
	where, args := clientWhere(f)
	cols, desc := clientOrderColumns(f)
	where, args, offset, err := startAfter(ctx, s.b.db, "clients", "id", cols, desc, f.After, where, args, f.Offset)
	if err != nil {
		return nil, domain.Internal("list clients", err)
	}
	f.Offset = offset
	// The page is chosen first, and then the primary contact (or the
	// first) of each of its rows read with two indexed look-ups, not a join
	// over all contacts: a search whose matches are sorted (those of a word
	// looked up in clients_fts) would otherwise look up the contacts of
	// every match, not only of the page's.
	page := `SELECT id, name, status, industry, billing_city, billing_country, currency, last_contacted_at,
		name_key, city_key, created_at FROM clients` + where + clientOrder(f)
	page, args = pageClause(page, args, f.Offset, f.Limit)
	q := `SELECT id, name, status, industry, billing_city, billing_country, currency, last_contacted_at,
		coalesce((SELECT k.name FROM contacts k WHERE k.client_id = clients.id ORDER BY k.is_primary DESC, k.position LIMIT 1), ''),
		coalesce((SELECT k.email FROM contacts k WHERE k.client_id = clients.id ORDER BY k.is_primary DESC, k.position LIMIT 1), '')
		FROM (` + page + `) AS clients` + clientOrder(f)
	rows, err := s.b.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, domain.Internal("list clients", err)
	}
	defer rows.Close()
	var out []domain.ClientRow
	for rows.Next() {
		var r domain.ClientRow
		var last string
		if err := rows.Scan(&r.ID, &r.Name, &r.Status, &r.Industry, &r.City, &r.Country, &r.Currency, &last, &r.ContactName, &r.ContactEmail); err != nil {
			return nil, domain.Internal("list clients", err)
		}
		if last != "" {
			r.LastContacted = parseTimestamp(last)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, domain.Internal("list clients", err)
	}
	return out, nil
}

func (s *clientService) CountClients(ctx context.Context, f domain.ClientFilter) (int, error) {
	where, args := clientWhere(f)
	q := `SELECT count(*) FROM clients` + where
	if f.CountAtMost > 0 {
		// At most that many and one more: the scan stops there.
		q = `SELECT count(*) FROM (SELECT 1 FROM clients` + where + ` LIMIT ?)`
		args = append(args, f.CountAtMost+1)
	}
	var n int
	if err := s.b.db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, domain.Internal("count clients", err)
	}
	return n, nil
}

func (s *clientService) CreateClient(ctx context.Context, c *domain.Client) error {
	return s.CreateClients(ctx, []*domain.Client{c})
}

func (s *clientService) CreateClients(ctx context.Context, cs []*domain.Client) error {
	for i, c := range cs {
		if err := c.Validate(); err != nil {
			if len(cs) == 1 {
				return err
			}
			return &domain.Error{Code: domain.EINVALID, Fields: domain.FieldErrors(err),
				Message: fmt.Sprintf("Client %d of %d (%q): %s", i+1, len(cs), c.Name, domain.ErrorMessage(err))}
		}
	}
	return s.b.write(ctx, "save the client", func(tx *Tx) error {
		ins, err := prepareClientInsert(tx)
		if err != nil {
			return err
		}
		defer ins.close()
		for _, c := range cs {
			c.CreatedAt, c.UpdatedAt = tx.now, tx.now
			if err := ins.insert(c); err != nil {
				return err
			}
		}
		return nil
	})
}

// clientInsert stores new clients, with their contacts and tags, in one
// transaction.
type clientInsert struct {
	tx       *Tx
	ins      *sql.Stmt
	children *childStatements
}

func prepareClientInsert(tx *Tx) (*clientInsert, error) {
	ins, err := tx.PrepareContext(tx.ctx, `INSERT INTO clients (name, name_key, status, industry, tax_id, billing_line1,
		billing_line2, billing_city, billing_region, billing_postal_code, billing_country, city_key, payment_terms_days,
		currency, credit_limit_minor, requires_po, notes, search_text, created_at, updated_at, vat_id, endpoint_id,
		endpoint_scheme, buyer_reference, einvoice_format)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	children, err := prepareChildren(tx)
	if err != nil {
		ins.Close()
		return nil, err
	}
	return &clientInsert{tx: tx, ins: ins, children: children}, nil
}

func (ci *clientInsert) close() {
	ci.ins.Close()
	ci.children.close()
}

// insert stores a validated new client with its CreatedAt and UpdatedAt,
// sets its ID and its contacts' and audits it.
func (ci *clientInsert) insert(c *domain.Client) error {
	ctx := ci.tx.ctx
	limit, err := c.CreditLimit.Minor()
	if err != nil {
		return err
	}
	res, err := ci.ins.ExecContext(ctx, c.Name, domain.FoldSearch(c.Name), string(c.Status), c.Industry, c.TaxID,
		c.Billing.Line1, c.Billing.Line2, c.Billing.City, c.Billing.Region, c.Billing.PostalCode, c.Billing.Country,
		domain.FoldSearch(c.Billing.City), c.PaymentTermsDays, c.Currency, limit, c.RequiresPO, c.Notes,
		searchText(c), timestamp(c.CreatedAt), timestamp(c.UpdatedAt), c.VATID, c.EndpointID, c.EndpointScheme,
		c.BuyerReference, string(c.EInvoice))
	if err != nil {
		return err
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if err := ci.children.insert(ctx, c); err != nil {
		return err
	}
	return ci.tx.audit("client", c.ID, actionCreate, nil, c)
}

func (s *clientService) UpdateClient(ctx context.Context, c *domain.Client) error {
	if err := c.Validate(); err != nil {
		return err
	}
	limit, err := c.CreditLimit.Minor()
	if err != nil {
		return err
	}
	return s.b.write(ctx, "save the client", func(tx *Tx) error {
		before, err := findClient(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		c.CreatedAt, c.UpdatedAt = before.CreatedAt, tx.now
		tx.forgetClient(c.ID)
		if _, err := tx.ExecContext(ctx, `UPDATE clients SET name = ?, name_key = ?, status = ?, industry = ?, tax_id = ?,
			billing_line1 = ?, billing_line2 = ?, billing_city = ?, billing_region = ?, billing_postal_code = ?,
			billing_country = ?, city_key = ?, payment_terms_days = ?, currency = ?, credit_limit_minor = ?, requires_po = ?,
			notes = ?, search_text = ?, updated_at = ?, vat_id = ?, endpoint_id = ?, endpoint_scheme = ?, buyer_reference = ?,
			einvoice_format = ? WHERE id = ?`,
			c.Name, domain.FoldSearch(c.Name), string(c.Status), c.Industry, c.TaxID, c.Billing.Line1, c.Billing.Line2,
			c.Billing.City, c.Billing.Region, c.Billing.PostalCode, c.Billing.Country, domain.FoldSearch(c.Billing.City),
			c.PaymentTermsDays, c.Currency, limit, c.RequiresPO, c.Notes, searchText(c), timestamp(tx.now), c.VATID,
			c.EndpointID, c.EndpointScheme, c.BuyerReference, string(c.EInvoice), c.ID); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM contacts WHERE client_id = ?`, `DELETE FROM client_tags WHERE client_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, c.ID); err != nil {
				return err
			}
		}
		children, err := prepareChildren(tx)
		if err != nil {
			return err
		}
		defer children.close()
		if err := children.insert(ctx, c); err != nil {
			return err
		}
		return tx.audit("client", c.ID, actionUpdate, before, c)
	})
}

func (s *clientService) DeleteClient(ctx context.Context, id int64) error {
	return s.b.write(ctx, "delete the client", func(tx *Tx) error {
		before, err := findClient(ctx, tx, id)
		if err != nil {
			return err
		}
		if what, err := clientHistory(ctx, tx, id); err != nil {
			return err
		} else if what != "" {
			return domain.Errorf(domain.ECONFLICT, "%s has %s, so it cannot be deleted; make the client inactive instead.", before.Name, what)
		}
		tx.forgetClient(id)
		if _, err := tx.ExecContext(ctx, `DELETE FROM clients WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit("client", id, actionDelete, before, nil)
	})
}

// clientHistory names the records that tie a client to the book's history
// (documents, payments…), or returns "" when there are none and the client
// may be deleted. Tables that reference clients add their check here.
func clientHistory(ctx context.Context, tx *Tx, id int64) (string, error) {
	for _, h := range historyChecks {
		var n int
		if err := tx.QueryRowContext(ctx, h.query, id).Scan(&n); err != nil {
			return "", err
		}
		if n > 0 {
			return fmt.Sprintf("%d %s", n, h.noun), nil
		}
	}
	return "", nil
}

// historyChecks count a client's records in other tables; each query takes the
// client id and returns a count.
var historyChecks = []struct{ query, noun string }{
	{`SELECT count(*) FROM documents WHERE client_id = ?`, "documents (invoices, quotes or credit notes)"},
	{`SELECT count(*) FROM contracts WHERE client_id = ?`, "contracts"},

	{`SELECT count(*) FROM payments WHERE client_id = ?`, "payments"},
	{`SELECT count(*) FROM complaints WHERE client_id = ?`, "complaints"},
	{`SELECT count(*) FROM opportunities WHERE client_id = ?`, "opportunities"},
	{`SELECT count(*) FROM collection_entries WHERE client_id = ?`, "collection log entries"},
}

// searchText is what the search box looks in: name, industry, city, country,
// tax id, tags and every contact's name and email, folded.
func searchText(c *domain.Client) string {
	parts := []string{c.Name, c.Industry, c.Billing.City, c.Billing.Country, c.TaxID}
	parts = append(parts, c.Tags...)
	for _, k := range c.Contacts {
		parts = append(parts, k.Name, k.Email)
	}
	return domain.FoldSearch(strings.Join(parts, "\x1f"))
}

// childStatements insert a client's contacts and tags.
type childStatements struct{ contact, tag *sql.Stmt }

func prepareChildren(tx *Tx) (*childStatements, error) {
	contact, err := tx.PrepareContext(tx.ctx, `INSERT INTO contacts (client_id, position, name, role, email, phone, is_primary) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	tag, err := tx.PrepareContext(tx.ctx, `INSERT INTO client_tags (client_id, position, tag, tag_key) VALUES (?, ?, ?, ?)`)
	if err != nil {
		contact.Close()
		return nil, err
	}
	return &childStatements{contact, tag}, nil
}

func (s *childStatements) close() {
	s.contact.Close()
	s.tag.Close()
}

func (s *childStatements) insert(ctx context.Context, c *domain.Client) error {
	for i := range c.Contacts {
		k := &c.Contacts[i]
		res, err := s.contact.ExecContext(ctx, c.ID, i, k.Name, k.Role, k.Email, k.Phone, k.Primary)
		if err != nil {
			return err
		}
		if k.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		k.ClientID = c.ID
	}
	for i, t := range c.Tags {
		if _, err := s.tag.ExecContext(ctx, c.ID, i, t, strings.ToLower(t)); err != nil {
			return err
		}
	}
	return nil
}
