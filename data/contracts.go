package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// contractService implements domain.ContractService over the book. The
// billing run writes each contract's invoices, its record of the periods
// (contract_invoices, unique per period) and its billed_through in one
// transaction, so a crash part-way never bills a period twice.
type contractService struct{ b *Book }

var _ domain.ContractService = (*contractService)(nil)

const contractColumns = `k.id, k.client_id, c.name, k.title, k.value_minor, k.currency, k.start_date, k.end_date,
	k.notice_days, k.auto_renew, k.cycle, k.timing, k.billing_day, k.issue_automatically, k.status, k.billed_through,
	k.created_at, k.updated_at`

// readContracts returns the contracts matching where, with their lines, in order.
func readContracts(ctx context.Context, q queryer, where, order string, args ...any) ([]domain.Contract, error) {
	out, err := readContractHeads(ctx, q, where, order, args...)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if err := readContractLines(ctx, q, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readContractHeads is readContracts without the contracts' lines: enough to
// tell which are due, for the runs that then read each due one afresh in
// their transaction (the billing run calls it for every day it catches up).
func readContractHeads(ctx context.Context, q queryer, where, order string, args ...any) ([]domain.Contract, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+contractColumns+` FROM contracts k JOIN clients c ON c.id = k.client_id
		WHERE `+where+` ORDER BY `+order, args...)
	if err != nil {
		return nil, err
	}
	var out []domain.Contract
	for rows.Next() {
		var k domain.Contract
		var value int64
		var start, end, billed, created, updated string
		if err := rows.Scan(&k.ID, &k.ClientID, &k.ClientName, &k.Title, &value, &k.Currency, &start, &end,
			&k.NoticeDays, &k.AutoRenew, &k.Cycle, &k.Timing, &k.BillingDay, &k.IssueAutomatically, &k.Status, &billed,
			&created, &updated); err != nil {
			rows.Close()
			return nil, err
		}
		if k.Value, err = money.FromMinor(value, k.Currency); err != nil {
			rows.Close()
			return nil, err
		}
		for _, d := range []struct {
			s   string
			dst *domain.Date
		}{{start, &k.Start}, {end, &k.End}, {billed, &k.BilledThrough}} {
			if d.s == "" {
				continue
			}
			if *d.dst, err = domain.ParseDate(d.s); err != nil {
				rows.Close()
				return nil, err
			}
		}
		k.CreatedAt, k.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
		out = append(out, k)
	}
	rows.Close()
	return out, rows.Err()
}

// readContractLines fills in a contract's lines and their taxes.
func readContractLines(ctx context.Context, q queryer, k *domain.Contract) error {
	rows, err := q.QueryContext(ctx, `SELECT id, item_id, description, quantity, unit_price_minor FROM contract_lines
		WHERE contract_id = ? ORDER BY position`, k.ID)
	if err != nil {
		return err
	}
	index := map[int64]int{}
	for rows.Next() {
		var l domain.ContractLine
		var id int64
		var item sql.NullInt64
		var qty string
		var price int64
		if err := rows.Scan(&id, &item, &l.Description, &qty, &price); err != nil {
			rows.Close()
			return err
		}
		l.ItemID = item.Int64
		if l.Quantity, err = decimal.NewFromString(qty); err != nil {
			rows.Close()
			return err
		}
		m, err := money.FromMinor(price, k.Currency)
		if err != nil {
			rows.Close()
			return err
		}
		l.UnitPrice = m.Amount
		index[id] = len(k.Lines)
		k.Lines = append(k.Lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(k.Lines) == 0 {
		return err
	}
	trows, err := q.QueryContext(ctx, `SELECT t.line_id, t.rate_id, t.name, t.percent, t.compound FROM contract_line_taxes t
		JOIN contract_lines l ON l.id = t.line_id WHERE l.contract_id = ? ORDER BY l.position, t.position`, k.ID)
	if err != nil {
		return err
	}
	return scanLineTaxes(trows, func(lineID int64, t domain.TaxLine) {
		i := index[lineID]
		k.Lines[i].Taxes = append(k.Lines[i].Taxes, t)
	})
}

func findContract(ctx context.Context, q queryer, id int64) (*domain.Contract, error) {
	ks, err := readContracts(ctx, q, `k.id = ?`, `k.id`, id)
	if err != nil {
		return nil, err
	}
	if len(ks) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "Contract %d does not exist.", id)
	}
	return &ks[0], nil
}

func (s *contractService) FindContractByID(ctx context.Context, id int64) (*domain.Contract, error) {
	k, err := findContract(ctx, s.b.db, id)
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return nil, domain.Internal("read the contract", err)
	}
	return k, err
}

func (s *contractService) FindContracts(ctx context.Context, f domain.ContractFilter) ([]domain.Contract, error) {
	conds, args := []string{"1"}, []any{}
	if f.ClientID != 0 {
		conds = append(conds, "k.client_id = ?")
		args = append(args, f.ClientID)
	}
	if f.Status != "" {
		conds = append(conds, "k.status = ?")
		args = append(args, string(f.Status))
	}
	ks, err := readContracts(ctx, s.b.db, strings.Join(conds, " AND "), `c.name_key, k.title, k.id`, args...)
	if err != nil {
		return nil, domain.Internal("read the contracts", err)
	}
	return ks, nil
}

// checkContractClient turns a missing client into a validation error at the
// client field.
func checkContractClient(ctx context.Context, tx *Tx, k *domain.Contract) error {
	c, err := namedClient(ctx, tx, k.ClientID, "Contract", "choose a client")
	if err != nil {
		return err
	}
	k.ClientName = c.Name
	return nil
}

// writeContract writes a validated contract's fields over its row and
// replaces its lines.
func writeContract(ctx context.Context, tx *Tx, k *domain.Contract) error {
	value, err := k.Value.Minor()
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE contracts SET client_id = ?, title = ?, value_minor = ?, currency = ?,
		start_date = ?, end_date = ?, notice_days = ?, auto_renew = ?, cycle = ?, timing = ?, billing_day = ?,
		issue_automatically = ?, status = ?, billed_through = ?, updated_at = ? WHERE id = ?`,
		k.ClientID, k.Title, value, k.Currency, k.Start.String(), k.End.String(), k.NoticeDays, k.AutoRenew,
		string(k.Cycle), string(k.Timing), k.BillingDay, k.IssueAutomatically, string(k.Status), k.BilledThrough.String(),
		timestamp(tx.now), k.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM contract_lines WHERE contract_id = ?`, k.ID); err != nil {
		return err
	}
	line, err := tx.PrepareContext(ctx, `INSERT INTO contract_lines (contract_id, position, item_id, description, quantity,
		unit_price_minor) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer line.Close()
	tax, err := tx.PrepareContext(ctx, `INSERT INTO contract_line_taxes (line_id, position, rate_id, name, percent, compound)
		VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer tax.Close()
	for i, l := range k.Lines {
		price, err := money.Money{Amount: l.UnitPrice, Currency: k.Currency}.Minor()
		if err != nil {
			return err
		}
		res, err := line.ExecContext(ctx, k.ID, i, nullID(l.ItemID), l.Description, l.Quantity.String(), price)
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		for j, t := range l.Taxes {
			if _, err := tax.ExecContext(ctx, id, j, nullID(t.RateID), t.Name, t.Percent.String(), t.Compound); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *contractService) CreateContract(ctx context.Context, k *domain.Contract) error {
	if err := k.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the contract", func(tx *Tx) error {
		if err := checkContractClient(ctx, tx, k); err != nil {
			return err
		}
		k.BilledThrough = domain.Date{}
		k.CreatedAt, k.UpdatedAt = tx.now, tx.now
		res, err := tx.ExecContext(ctx, `INSERT INTO contracts (client_id, title, value_minor, currency, start_date, cycle,
			timing, billing_day, status, created_at, updated_at) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
			k.ClientID, k.Title, k.Currency, k.Start.String(), string(k.Cycle), string(k.Timing), k.BillingDay,
			string(k.Status), timestamp(tx.now), timestamp(tx.now))
		if err != nil {
			return err
		}
		if k.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := writeContract(ctx, tx, k); err != nil {
			return err
		}
		return tx.audit("contract", k.ID, actionCreate, nil, k)
	})
}

func (s *contractService) UpdateContract(ctx context.Context, k *domain.Contract) error {
	if err := k.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the contract", func(tx *Tx) error {
		before, err := findContract(ctx, tx, k.ID)
		if err != nil {
			return err
		}
		if err := checkContractClient(ctx, tx, k); err != nil {
			return err
		}
		k.BilledThrough, k.CreatedAt, k.UpdatedAt = before.BilledThrough, before.CreatedAt, tx.now
		if err := writeContract(ctx, tx, k); err != nil {
			return err
		}
		return tx.audit("contract", k.ID, actionUpdate, before, k)
	})
}

func (s *contractService) Invoices(ctx context.Context, contractID int64) ([]domain.ContractInvoice, error) {
	rows, err := s.b.db.QueryContext(ctx, `SELECT period_start, period_end, document_id, created_at FROM contract_invoices
		WHERE contract_id = ? ORDER BY period_start`, contractID)
	if err != nil {
		return nil, domain.Internal("read the contract's invoices", err)
	}
	defer rows.Close()
	var out []domain.ContractInvoice
	for rows.Next() {
		ci := domain.ContractInvoice{ContractID: contractID}
		var start, end, created string
		var doc sql.NullInt64
		if err := rows.Scan(&start, &end, &doc, &created); err != nil {
			return nil, domain.Internal("read the contract's invoices", err)
		}
		ci.Period.Start, _ = domain.ParseDate(start)
		ci.Period.End, _ = domain.ParseDate(end)
		ci.DocumentID, ci.CreatedAt = doc.Int64, parseTimestamp(created)
		out = append(out, ci)
	}
	if err := rows.Err(); err != nil {
		return nil, domain.Internal("read the contract's invoices", err)
	}
	return out, nil
}

func (s *contractService) GenerateDue(ctx context.Context, asOf domain.Date) ([]domain.Generated, error) {
	if asOf.IsZero() {
		return nil, domain.Errorf(domain.EINVALID, "Give the date to bill up to.")
	}
	// Read as the batch sees the book, when in one: a contract billed
	// earlier in the batch is not due again.
	var active []domain.Contract
	err := s.b.read(ctx, "read the contracts", func(q queryer) (err error) {
		active, err = readContractHeads(ctx, q, `k.status = 'active'`, `k.id`)
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []domain.Generated
	var failed []string
	var cause error
	for i := range active {
		k := &active[i]
		if len(k.Pending(asOf)) == 0 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return out, domain.Internal("finish the billing run", err)
		}
		gen, err := s.bill(ctx, k.ID, asOf)
		out = append(out, gen...)
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s for %s: %s", k.Title, k.ClientName, strings.TrimSuffix(domain.ErrorMessage(err), ".")))
			if cause == nil {
				cause = err
			}
		}
	}
	if len(failed) > 0 {
		return out, &domain.Error{Code: domain.ErrorCode(cause), Err: cause,
			Message: fmt.Sprintf("%d of the contracts due were not billed: %s.", len(failed), strings.Join(failed, "; "))}
	}
	return out, nil
}

// billing is what the audit log records of one billed period.
type billing struct {
	BilledThrough domain.Date
	Period        *domain.Period `json:",omitempty"`
	DocumentID    int64          `json:",omitempty"`
	Number        string         `json:",omitempty"`
}

// bill makes one contract's pending invoices as of asOf in one transaction,
// reading the contract afresh inside it so that two runs at once cannot both
// bill a period. It returns the invoices once they are committed.
func (s *contractService) bill(ctx context.Context, id int64, asOf domain.Date) ([]domain.Generated, error) {
	var out []domain.Generated
	err := s.b.write(ctx, "bill the contract", func(tx *Tx) error {
		out = nil
		k, err := findContract(ctx, tx, id)
		if err != nil {
			return err
		}
		if k.Status != domain.ContractActive {
			return nil
		}
		pending := k.Pending(asOf)
		if len(pending) == 0 {
			return nil
		}
		client, err := findClient(ctx, tx, k.ClientID)
		if err != nil {
			return err
		}
		co, err := readCompany(ctx, tx)
		if err != nil {
			return err
		}
		for _, p := range pending {
			d := k.DraftFor(p, client, co, asOf)
			if err := d.Validate(); err != nil {
				return err
			}
			if err := insertDraft(ctx, tx, d); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO contract_invoices (contract_id, period_start, period_end, document_id,
				created_at) VALUES (?, ?, ?, ?, ?)`, k.ID, p.Start.String(), p.End.String(), d.ID, timestamp(tx.now))
			if isUnique(err) {
				return domain.Errorf(domain.ECONFLICT, "the period %s was invoiced already; check the contract's start date", p.Label())
			}
			if err != nil {
				return err
			}
			g := domain.Generated{ContractID: k.ID, ContractTitle: k.Title, ClientName: client.Name, Period: p, DocumentID: d.ID}
			if k.IssueAutomatically {
				if g.Findings, _, err = issueDraft(ctx, tx, d, domain.IssueOptions{AcceptWarnings: true}); err != nil {
					return err
				}
			}
			g.Number, g.Status = d.Number, d.Status
			t, err := d.Totals()
			if err != nil {
				return err
			}
			g.Total = d.Money(t.Total)
			before := billing{BilledThrough: k.BilledThrough}
			k.BilledThrough = p.End
			if _, err := tx.ExecContext(ctx, `UPDATE contracts SET billed_through = ?, updated_at = ? WHERE id = ?`,
				k.BilledThrough.String(), timestamp(tx.now), k.ID); err != nil {
				return err
			}
			after := billing{BilledThrough: k.BilledThrough, Period: &p, DocumentID: d.ID, Number: d.Number}
			if err := tx.audit("contract", k.ID, "bill", before, after); err != nil {
				return err
			}
			out = append(out, g)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// renewalHorizonDays bounds the renewal query by the longest notice period,
// so it can use the index on end dates; RenewalDue decides exactly.
const renewalHorizonDays = 730

func (s *contractService) RenewalsDue(ctx context.Context, asOf domain.Date) ([]domain.Contract, error) {
	var out []domain.Contract
	err := s.b.read(ctx, "read the contracts", func(q queryer) error {
		ks, err := readContractHeads(ctx, q, `k.status IN ('active', 'lapsed') AND k.end_date <> '' AND k.end_date <= ?`,
			`k.end_date, k.id`, asOf.AddDays(renewalHorizonDays).String())
		if err != nil {
			return err
		}
		// The lines only of those due: most within the horizon are not yet
		// (Today read every one's lines, a third of its time on a large book).
		for _, k := range ks {
			if domain.RenewalDue(&k, asOf) || k.Status == domain.ContractLapsed || k.End.Before(asOf) {
				if err := readContractLines(ctx, q, &k); err != nil {
					return err
				}
				out = append(out, k)
			}
		}
		return nil
	})
	return out, err
}

func (s *contractService) Renew(ctx context.Context, id int64, newEnd domain.Date, newValue money.Money) (*domain.Contract, error) {
	return s.renew(ctx, id, "renew", func(before *domain.Contract) (*domain.Contract, error) {
		return domain.Renewed(before, newEnd, newValue)
	})
}

func (s *contractService) RenewDue(ctx context.Context, asOf domain.Date) ([]domain.Contract, error) {
	if asOf.IsZero() {
		return nil, domain.Errorf(domain.EINVALID, "Give the date to renew up to.")
	}
	var due []domain.Contract
	err := s.b.read(ctx, "read the contracts", func(q queryer) (err error) {
		due, err = readContractHeads(ctx, q, `k.status = 'active' AND k.auto_renew AND k.end_date <> '' AND k.end_date < ?`,
			`k.end_date, k.id`, asOf.String())
		return err
	})
	if err != nil {
		return nil, err
	}
	var out []domain.Contract
	for _, k := range due {
		n, err := s.renew(ctx, k.ID, "auto-renew", func(before *domain.Contract) (*domain.Contract, error) {
			return domain.AutoRenewal(before, asOf)
		})
		if err != nil {
			return out, err
		}
		if n != nil {
			out = append(out, *n)
		}
	}
	return out, nil
}

// renew runs a contract on as change decides, reading it afresh in the
// transaction; change returning nil leaves it as it is. The audit log
// records action.
func (s *contractService) renew(ctx context.Context, id int64, action string,
	change func(before *domain.Contract) (*domain.Contract, error)) (*domain.Contract, error) {
	var renewed *domain.Contract
	err := s.b.write(ctx, "renew the contract", func(tx *Tx) error {
		renewed = nil
		before, err := findContract(ctx, tx, id)
		if err != nil {
			return err
		}
		n, err := change(before)
		if err != nil || n == nil {
			return err
		}
		value, err := n.Value.Minor()
		if err != nil {
			return err
		}
		n.UpdatedAt = tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE contracts SET end_date = ?, value_minor = ?, status = ?, updated_at = ? WHERE id = ?`,
			n.End.String(), value, string(n.Status), timestamp(tx.now), id); err != nil {
			return err
		}
		renewed = n
		return tx.audit("contract", id, action, before, n)
	})
	if err != nil {
		return nil, err
	}
	return renewed, nil
}
