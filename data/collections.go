package data

import (
	"context"
	"database/sql"
	"strings"

	"clientbook/domain"
	"clientbook/domain/money"
)

// collectionService implements domain.CollectionService over the book.
type collectionService struct{ b *Book }

var _ domain.CollectionService = (*collectionService)(nil)

const collectionColumns = `e.id, e.client_id, c.name, e.document_id, coalesce(d.number, ''), e.kind, e.on_date, e.text,
	e.promised_date, e.promised_minor, e.currency, e.resolved_on, e.resolution, e.created_at, e.updated_at`

const collectionFrom = ` FROM collection_entries e JOIN clients c ON c.id = e.client_id
	LEFT JOIN documents d ON d.id = e.document_id`

func readCollectionEntries(ctx context.Context, q queryer, query string, args ...any) ([]domain.CollectionEntry, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.CollectionEntry
	for rows.Next() {
		var e domain.CollectionEntry
		var doc, promisedMinor sql.NullInt64
		var on, created, updated string
		var promised, cur, resolved sql.NullString
		if err := rows.Scan(&e.ID, &e.ClientID, &e.ClientName, &doc, &e.DocumentNumber, &e.Kind, &on, &e.Text,
			&promised, &promisedMinor, &cur, &resolved, &e.Resolution, &created, &updated); err != nil {
			return nil, err
		}
		e.DocumentID = doc.Int64
		if e.On, err = domain.ParseDate(on); err != nil {
			return nil, err
		}
		if promised.Valid {
			if e.PromisedDate, err = domain.ParseDate(promised.String); err != nil {
				return nil, err
			}
			if e.PromisedAmount, err = money.FromMinor(promisedMinor.Int64, cur.String); err != nil {
				return nil, err
			}
		}
		if resolved.Valid {
			if e.ResolvedOn, err = domain.ParseDate(resolved.String); err != nil {
				return nil, err
			}
		}
		e.CreatedAt, e.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
		out = append(out, e)
	}
	return out, rows.Err()
}

func findCollectionEntry(ctx context.Context, q queryer, id int64) (*domain.CollectionEntry, error) {
	es, err := readCollectionEntries(ctx, q, `SELECT `+collectionColumns+collectionFrom+` WHERE e.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(es) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "Collection entry %d does not exist.", id)
	}
	return &es[0], nil
}

func (s *collectionService) FindCollectionEntryByID(ctx context.Context, id int64) (*domain.CollectionEntry, error) {
	e, err := findCollectionEntry(ctx, s.b.db, id)
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return nil, domain.Internal("read the collection entry", err)
	}
	return e, err
}

func (s *collectionService) FindCollectionEntries(ctx context.Context, f domain.CollectionFilter) ([]domain.CollectionEntry, error) {
	var conds []string
	var args []any
	if f.ClientID != 0 {
		conds = append(conds, "e.client_id = ?")
		args = append(args, f.ClientID)
	}
	if f.DocumentID != 0 {
		conds = append(conds, "e.document_id = ?")
		args = append(args, f.DocumentID)
	}
	if f.OpenDisputes {
		conds = append(conds, "e.kind = 'dispute' AND e.resolved_on IS NULL")
	}
	if !f.PromisedFrom.IsZero() || !f.PromisedTo.IsZero() {
		conds = append(conds, "e.kind = 'promise-to-pay'")
		if !f.PromisedFrom.IsZero() {
			conds = append(conds, "e.promised_date >= ?")
			args = append(args, f.PromisedFrom.String())
		}
		if !f.PromisedTo.IsZero() {
			conds = append(conds, "e.promised_date <= ?")
			args = append(args, f.PromisedTo.String())
		}
	}
	q := `SELECT ` + collectionColumns + collectionFrom
	if len(conds) > 0 {
		q += ` WHERE ` + strings.Join(conds, " AND ")
	}
	q, args = pageClause(q+` ORDER BY e.on_date DESC, e.id DESC`, args, f.Offset, f.Limit)
	es, err := readCollectionEntries(ctx, s.b.db, q, args...)
	if err != nil {
		return nil, domain.Internal("read the collection log", err)
	}
	return es, nil
}

// checkCollectionRefs makes sure the entry's client exists and the invoice it
// names is one of the client's issued invoices, and that a promised amount is
// in the currency it must be in: the invoice's, or the client's for the
// whole account. It fills in the names.
func checkCollectionRefs(ctx context.Context, tx *Tx, e *domain.CollectionEntry) error {
	invalid := func(field, msg string) error {
		return &domain.Error{Code: domain.EINVALID, Message: "Collection entry not saved: " + msg + ".",
			Fields: map[string]string{field: msg}}
	}
	c, err := findClient(ctx, tx, e.ClientID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return invalid("client", "choose a client")
	}
	if err != nil {
		return err
	}
	e.ClientName = c.Name
	currency := c.Currency
	e.DocumentNumber = ""
	if e.DocumentID != 0 {
		d, err := findDocument(ctx, tx, e.DocumentID)
		switch {
		case domain.ErrorCode(err) == domain.ENOTFOUND:
			return invalid("invoice", "the invoice does not exist")
		case err != nil:
			return err
		case d.Kind != domain.KindInvoice || d.Status == domain.DocDraft:
			return invalid("invoice", "choose an issued invoice")
		case d.ClientID != e.ClientID:
			return invalid("invoice", "invoice "+d.Number+" is another client's")
		}
		e.DocumentNumber, currency = d.Number, d.Currency
	}
	if e.Kind == domain.CollectionPromise && e.PromisedAmount.Currency != currency {
		return invalid("promisedAmount", "give the promised amount in "+currency)
	}
	return nil
}

func (s *collectionService) AddCollectionEntry(ctx context.Context, e *domain.CollectionEntry) error {
	e.ID = 0
	if err := e.Validate(); err != nil {
		return err
	}
	err := s.b.write(ctx, "save the collection entry", func(tx *Tx) error {
		if err := checkCollectionRefs(ctx, tx, e); err != nil {
			return err
		}
		var promised, cur sql.NullString
		var promisedMinor sql.NullInt64
		if e.Kind == domain.CollectionPromise {
			m, err := e.PromisedAmount.Minor()
			if err != nil {
				return err
			}
			promised = sql.NullString{String: e.PromisedDate.String(), Valid: true}
			promisedMinor = sql.NullInt64{Int64: m, Valid: true}
			cur = sql.NullString{String: e.PromisedAmount.Currency, Valid: true}
		}
		resolved := sql.NullString{String: e.ResolvedOn.String(), Valid: !e.ResolvedOn.IsZero()}
		e.CreatedAt, e.UpdatedAt = tx.now, tx.now
		res, err := tx.ExecContext(ctx, `INSERT INTO collection_entries (client_id, document_id, kind, on_date, text,
			promised_date, promised_minor, currency, resolved_on, resolution, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ClientID, nullID(e.DocumentID), string(e.Kind), e.On.String(), e.Text, promised, promisedMinor, cur,
			resolved, e.Resolution, timestamp(tx.now), timestamp(tx.now))
		if err != nil {
			return err
		}
		if e.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return tx.audit("collection", e.ID, actionCreate, nil, e)
	})
	if err != nil {
		e.ID = 0
	}
	return err
}

func (s *collectionService) ResolveDispute(ctx context.Context, id int64, on domain.Date, resolution string) error {
	return s.b.write(ctx, "resolve the dispute", func(tx *Tx) error {
		before, err := findCollectionEntry(ctx, tx, id)
		if err != nil {
			return err
		}
		e := *before
		if err := e.Resolve(on, resolution); err != nil {
			return err
		}
		e.UpdatedAt = tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE collection_entries SET resolved_on = ?, resolution = ?, updated_at = ?
			WHERE id = ?`, e.ResolvedOn.String(), e.Resolution, timestamp(tx.now), id); err != nil {
			return err
		}
		return tx.audit("collection", id, "resolve", before, &e)
	})
}

// onHold reports which of the invoices have an open dispute.
func onHold(ctx context.Context, q queryer, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT document_id FROM collection_entries
		WHERE kind = 'dispute' AND resolved_on IS NULL AND document_id IN (`+placeholders(len(ids))+`)`, idArgs(ids)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
