package data

import (
	"context"
	"database/sql"
	"strings"

	"clientbook/domain"
	"clientbook/domain/money"
)

// opportunityService implements domain.OpportunityService over the book.
type opportunityService struct{ b *Book }

var _ domain.OpportunityService = (*opportunityService)(nil)

const opportunityColumns = `o.id, o.client_id, c.name, o.title, o.kind, o.value_minor, o.currency, o.probability,
	o.expected_close, o.stage, o.status, o.lost_reason, o.quote_id, coalesce(q.number, ''), o.created_at, o.updated_at`

const opportunityFrom = ` FROM opportunities o JOIN clients c ON c.id = o.client_id LEFT JOIN documents q ON q.id = o.quote_id`

func readOpportunities(ctx context.Context, q queryer, query string, args ...any) ([]domain.Opportunity, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Opportunity
	for rows.Next() {
		var o domain.Opportunity
		var value int64
		var currency, closes, created, updated string
		var quote sql.NullInt64
		if err := rows.Scan(&o.ID, &o.ClientID, &o.ClientName, &o.Title, &o.Kind, &value, &currency, &o.Probability,
			&closes, &o.Stage, &o.Status, &o.LostReason, &quote, &o.QuoteNumber, &created, &updated); err != nil {
			return nil, err
		}
		if o.Value, err = money.FromMinor(value, currency); err != nil {
			return nil, err
		}
		if o.ExpectedClose, err = domain.ParseDate(closes); err != nil {
			return nil, err
		}
		o.QuoteID = quote.Int64
		o.CreatedAt, o.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
		out = append(out, o)
	}
	return out, rows.Err()
}

func findOpportunity(ctx context.Context, q queryer, id int64) (*domain.Opportunity, error) {
	found, err := readOpportunities(ctx, q, `SELECT `+opportunityColumns+opportunityFrom+` WHERE o.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "Opportunity %d does not exist.", id)
	}
	return &found[0], nil
}

func (s *opportunityService) FindOpportunityByID(ctx context.Context, id int64) (*domain.Opportunity, error) {
	o, err := findOpportunity(ctx, s.b.db, id)
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return nil, domain.Internal("read the opportunity", err)
	}
	return o, err
}

// opportunityQuery is the SELECT of an opportunity list, the soonest
// expected to close first.
func opportunityQuery(f domain.OpportunityFilter) (string, []any) {
	var conds []string
	var args []any
	if f.ClientID != 0 {
		conds = append(conds, "o.client_id = ?")
		args = append(args, f.ClientID)
	}
	if f.Status != "" {
		conds = append(conds, "o.status = ?")
		args = append(args, string(f.Status))
	}
	if f.Currency != "" {
		conds = append(conds, "o.currency = ?")
		args = append(args, strings.ToUpper(strings.TrimSpace(f.Currency)))
	}
	q := `SELECT ` + opportunityColumns + opportunityFrom
	if len(conds) > 0 {
		q += ` WHERE ` + strings.Join(conds, " AND ")
	}
	return pageClause(q+` ORDER BY o.expected_close, o.id`, args, f.Offset, f.Limit)
}

func (s *opportunityService) FindOpportunities(ctx context.Context, f domain.OpportunityFilter) ([]domain.Opportunity, error) {
	q, args := opportunityQuery(f)
	found, err := readOpportunities(ctx, s.b.db, q, args...)
	if err != nil {
		return nil, domain.Internal("read the opportunities", err)
	}
	return found, nil
}

// checkOpportunityRefs makes sure the opportunity's client exists and the
// quote it names, if any, is one of the client's, and fills in their names.
func checkOpportunityRefs(ctx context.Context, tx *Tx, o *domain.Opportunity) error {
	name, err := clientNamed(ctx, tx, o.ClientID, "Opportunity")
	if err != nil {
		return err
	}
	o.ClientName, o.QuoteNumber = name, ""
	if o.QuoteID == 0 {
		return nil
	}
	q, err := findDocument(ctx, tx, o.QuoteID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return &domain.Error{Code: domain.EINVALID, Message: "Opportunity not saved: the quote it names does not exist.",
			Fields: map[string]string{"quote": "choose an existing quote"}}
	}
	if err != nil {
		return err
	}
	if q.Kind != domain.KindQuote || q.ClientID != o.ClientID {
		return &domain.Error{Code: domain.EINVALID, Message: "Opportunity not saved: the quote must be one of " + name + "'s.",
			Fields: map[string]string{"quote": "choose one of " + name + "'s quotes"}}
	}
	o.QuoteNumber = q.Number
	return nil
}

// opportunityArgs are an opportunity's stored values from client_id to quote_id.
func opportunityArgs(o *domain.Opportunity) ([]any, error) {
	value, err := o.Value.Minor()
	if err != nil {
		return nil, err
	}
	return []any{o.ClientID, o.Title, string(o.Kind), value, o.Value.Currency, o.Probability, o.ExpectedClose.String(),
		o.Stage, string(o.Status), o.LostReason, nullID(o.QuoteID)}, nil
}

func (s *opportunityService) CreateOpportunity(ctx context.Context, o *domain.Opportunity) error {
	if o.Status == "" {
		o.Status = domain.OpportunityOpen
	}
	if o.Status != domain.OpportunityOpen {
		return domain.Errorf(domain.EINVALID, "An opportunity starts open; win or lose it once it is stored.")
	}
	if err := o.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the opportunity", func(tx *Tx) error {
		if err := checkOpportunityRefs(ctx, tx, o); err != nil {
			return err
		}
		args, err := opportunityArgs(o)
		if err != nil {
			return err
		}
		o.CreatedAt, o.UpdatedAt = tx.now, tx.now
		res, err := tx.ExecContext(ctx, `INSERT INTO opportunities (client_id, title, kind, value_minor, currency, probability,
			expected_close, stage, status, lost_reason, quote_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, timestamp(tx.now), timestamp(tx.now))...)
		if err != nil {
			return err
		}
		if o.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return tx.audit("opportunity", o.ID, actionCreate, nil, o)
	})
}

// writeOpportunity writes o over its stored row and audits the change as action.
func writeOpportunity(ctx context.Context, tx *Tx, before, o *domain.Opportunity, action string) error {
	args, err := opportunityArgs(o)
	if err != nil {
		return err
	}
	o.CreatedAt, o.UpdatedAt = before.CreatedAt, tx.now
	if _, err := tx.ExecContext(ctx, `UPDATE opportunities SET client_id = ?, title = ?, kind = ?, value_minor = ?,
		currency = ?, probability = ?, expected_close = ?, stage = ?, status = ?, lost_reason = ?, quote_id = ?,
		updated_at = ? WHERE id = ?`, append(args, timestamp(tx.now), o.ID)...); err != nil {
		return err
	}
	return tx.audit("opportunity", o.ID, action, before, o)
}

func (s *opportunityService) UpdateOpportunity(ctx context.Context, o *domain.Opportunity) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the opportunity", func(tx *Tx) error {
		before, err := findOpportunity(ctx, tx, o.ID)
		if err != nil {
			return err
		}
		if before.Status != domain.OpportunityOpen {
			return domain.Errorf(domain.ECONFLICT, "Opportunity %q was %s and can no longer be changed.", before.Title, before.Status)
		}
		if o.Status != domain.OpportunityOpen {
			return domain.Errorf(domain.EINVALID, "Win or lose the opportunity rather than setting its status.")
		}
		if err := checkOpportunityRefs(ctx, tx, o); err != nil {
			return err
		}
		return writeOpportunity(ctx, tx, before, o, actionUpdate)
	})
}

func (s *opportunityService) Win(ctx context.Context, id int64, createQuote bool, today domain.Date) (*domain.Opportunity, error) {
	var won *domain.Opportunity
	err := s.b.write(ctx, "mark the opportunity won", func(tx *Tx) error {
		before, err := findOpportunity(ctx, tx, id)
		if err != nil {
			return err
		}
		o := *before
		if err := o.Win(); err != nil {
			return err
		}
		if createQuote {
			if o.QuoteID != 0 {
				return domain.Errorf(domain.ECONFLICT, "Opportunity %q already has a quote, %s.", o.Title, quoteName(&o))
			}
			c, err := findClient(ctx, tx, o.ClientID)
			if err != nil {
				return err
			}
			co, err := readCompany(ctx, tx)
			if err != nil {
				return err
			}
			q := domain.QuoteFor(&o, c, co, today)
			if err := q.Validate(); err != nil {
				return err
			}
			if err := insertDraft(ctx, tx, q); err != nil {
				return err
			}
			o.QuoteID = q.ID
		}
		won = &o
		return writeOpportunity(ctx, tx, before, won, "win")
	})
	if err != nil {
		return nil, err
	}
	return won, nil
}

// quoteName names an opportunity's quote: its number, or "a draft" before it
// is issued.
func quoteName(o *domain.Opportunity) string {
	if o.QuoteNumber != "" {
		return o.QuoteNumber
	}
	return "a draft"
}

func (s *opportunityService) Lose(ctx context.Context, id int64, reason string) error {
	return s.b.write(ctx, "mark the opportunity lost", func(tx *Tx) error {
		before, err := findOpportunity(ctx, tx, id)
		if err != nil {
			return err
		}
		o := *before
		if err := o.Lose(reason); err != nil {
			return err
		}
		return writeOpportunity(ctx, tx, before, &o, "lose")
	})
}

// pipelineQuery selects the open opportunities of a currency;
// opportunities_by_currency answers it.
const pipelineQuery = `SELECT value_minor, probability FROM opportunities WHERE status = 'open' AND currency = ?`

func (s *opportunityService) WeightedPipeline(ctx context.Context, currency string) (domain.Pipeline, error) {
	cur, err := reportCurrency(currency)
	if err != nil {
		return domain.Pipeline{}, err
	}
	rows, err := s.b.db.QueryContext(ctx, pipelineQuery, cur)
	if err != nil {
		return domain.Pipeline{}, domain.Internal("add up the pipeline", err)
	}
	defer rows.Close()
	var open []domain.Opportunity
	for rows.Next() {
		o := domain.Opportunity{Status: domain.OpportunityOpen}
		var value int64
		if err := rows.Scan(&value, &o.Probability); err != nil {
			return domain.Pipeline{}, domain.Internal("add up the pipeline", err)
		}
		if o.Value, err = money.FromMinor(value, cur); err != nil {
			return domain.Pipeline{}, domain.Internal("add up the pipeline", err)
		}
		open = append(open, o)
	}
	if err := rows.Err(); err != nil {
		return domain.Pipeline{}, domain.Internal("add up the pipeline", err)
	}
	return domain.PipelineOf(cur, open), nil
}
