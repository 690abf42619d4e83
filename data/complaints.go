package data

import (
	"context"
	"database/sql"
	"strings"

	"clientbook/domain"
)

// complaintService implements domain.ComplaintService over the book.
type complaintService struct{ b *Book }

var _ domain.ComplaintService = (*complaintService)(nil)

// settledStatuses is the SQL list of the statuses domain.ComplaintStatus.Settled
// reports; complaints_open indexes the others.
const settledStatuses = `('resolved', 'closed')`

const complaintColumns = `k.id, k.client_id, c.name, k.contact_name, k.opened_on, k.category, k.severity, k.department,
	k.status, k.subject, k.description, k.resolution, k.resolved_on, k.created_at, k.updated_at`

func readComplaints(ctx context.Context, q queryer, query string, args ...any) ([]domain.Complaint, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Complaint
	for rows.Next() {
		var k domain.Complaint
		var opened, created, updated string
		var resolved sql.NullString
		if err := rows.Scan(&k.ID, &k.ClientID, &k.ClientName, &k.ContactName, &opened, &k.Category, &k.Severity,
			&k.Department, &k.Status, &k.Subject, &k.Description, &k.Resolution, &resolved, &created, &updated); err != nil {
			return nil, err
		}
		if k.OpenedOn, err = domain.ParseDate(opened); err != nil {
			return nil, err
		}
		if resolved.Valid {
			if k.ResolvedOn, err = domain.ParseDate(resolved.String); err != nil {
				return nil, err
			}
		}
		k.CreatedAt, k.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
		out = append(out, k)
	}
	return out, rows.Err()
}

func findComplaint(ctx context.Context, q queryer, id int64) (*domain.Complaint, error) {
	ks, err := readComplaints(ctx, q, `SELECT `+complaintColumns+` FROM complaints k JOIN clients c ON c.id = k.client_id
		WHERE k.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ks) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "Complaint %d does not exist.", id)
	}
	return &ks[0], nil
}

func (s *complaintService) FindComplaintByID(ctx context.Context, id int64) (*domain.Complaint, error) {
	k, err := findComplaint(ctx, s.b.db, id)
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return nil, domain.Internal("read the complaint", err)
	}
	return k, err
}

// complaintQuery is the SELECT of a complaint list, the most recently raised first.
func complaintQuery(f domain.ComplaintFilter) (string, []any) {
	var conds []string
	var args []any
	if f.ClientID != 0 {
		conds = append(conds, "k.client_id = ?")
		args = append(args, f.ClientID)
	}
	switch {
	case f.Status != "":
		conds = append(conds, "k.status = ?")
		args = append(args, string(f.Status))
	case f.Open:
		conds = append(conds, "k.status NOT IN "+settledStatuses)
	}
	q := `SELECT ` + complaintColumns + ` FROM complaints k JOIN clients c ON c.id = k.client_id`
	if len(conds) > 0 {
		q += ` WHERE ` + strings.Join(conds, " AND ")
	}
	return pageClause(q+` ORDER BY k.opened_on DESC, k.id DESC`, args, f.Offset, f.Limit)
}

func (s *complaintService) FindComplaints(ctx context.Context, f domain.ComplaintFilter) ([]domain.Complaint, error) {
	q, args := complaintQuery(f)
	ks, err := readComplaints(ctx, s.b.db, q, args...)
	if err != nil {
		return nil, domain.Internal("read the complaints", err)
	}
	return ks, nil
}

// clientNamed returns the name of the client a record refers to; a client
// that does not exist is reported at the record's client field.
func clientNamed(ctx context.Context, tx *Tx, id int64, what string) (string, error) {
	var name string
	err := tx.QueryRowContext(ctx, `SELECT name FROM clients WHERE id = ?`, id).Scan(&name)
	if err == sql.ErrNoRows {
		return "", &domain.Error{Code: domain.EINVALID, Message: what + " not saved: the client does not exist; it may have been deleted.",
			Fields: map[string]string{"client": "choose a client"}}
	}
	return name, err
}

// complaintArgs are a complaint's stored values from client_id to resolved_on.
func complaintArgs(k *domain.Complaint) []any {
	return []any{k.ClientID, k.ContactName, k.OpenedOn.String(), k.Category, string(k.Severity), k.Department,
		string(k.Status), k.Subject, k.Description, k.Resolution,
		sql.NullString{String: k.ResolvedOn.String(), Valid: !k.ResolvedOn.IsZero()}}
}

func (s *complaintService) CreateComplaint(ctx context.Context, k *domain.Complaint) error {
	if err := k.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the complaint", func(tx *Tx) error {
		name, err := clientNamed(ctx, tx, k.ClientID, "Complaint")
		if err != nil {
			return err
		}
		k.ClientName, k.CreatedAt, k.UpdatedAt = name, tx.now, tx.now
		res, err := tx.ExecContext(ctx, `INSERT INTO complaints (client_id, contact_name, opened_on, category, severity,
			department, status, subject, description, resolution, resolved_on, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(complaintArgs(k), timestamp(tx.now), timestamp(tx.now))...)
		if err != nil {
			return err
		}
		if k.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		return tx.audit("complaint", k.ID, actionCreate, nil, k)
	})
}

func (s *complaintService) UpdateComplaint(ctx context.Context, k *domain.Complaint) error {
	if err := k.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the complaint", func(tx *Tx) error {
		before, err := findComplaint(ctx, tx, k.ID)
		if err != nil {
			return err
		}
		name, err := clientNamed(ctx, tx, k.ClientID, "Complaint")
		if err != nil {
			return err
		}
		k.ClientName, k.CreatedAt, k.UpdatedAt = name, before.CreatedAt, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE complaints SET client_id = ?, contact_name = ?, opened_on = ?, category = ?,
			severity = ?, department = ?, status = ?, subject = ?, description = ?, resolution = ?, resolved_on = ?,
			updated_at = ? WHERE id = ?`, append(complaintArgs(k), timestamp(tx.now), k.ID)...); err != nil {
			return err
		}
		return tx.audit("complaint", k.ID, actionUpdate, before, k)
	})
}

// openCountsQuery counts each client's complaints that are not settled;
// complaints_open answers it.
const openCountsQuery = `SELECT client_id, count(*) FROM complaints WHERE status NOT IN ` + settledStatuses + ` GROUP BY client_id`

func (s *complaintService) OpenCounts(ctx context.Context) (map[int64]int, error) {
	rows, err := s.b.db.QueryContext(ctx, openCountsQuery)
	if err != nil {
		return nil, domain.Internal("count the open complaints", err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, domain.Internal("count the open complaints", err)
		}
		out[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, domain.Internal("count the open complaints", err)
	}
	return out, nil
}

// resolvedQuery selects the settled complaints of a client, or of the whole
// book for 0.
func resolvedQuery(clientID int64) (string, []any) {
	q := `SELECT opened_on, resolved_on, status FROM complaints WHERE resolved_on IS NOT NULL`
	if clientID == 0 {
		return q, nil
	}
	return q + ` AND client_id = ?`, []any{clientID}
}

func (s *complaintService) TimeToResolve(ctx context.Context, clientID int64) (domain.ResolutionTimes, error) {
	q, args := resolvedQuery(clientID)
	fail := func(err error) (domain.ResolutionTimes, error) {
		return domain.ResolutionTimes{}, domain.Internal("measure the time to resolve complaints", err)
	}
	rows, err := s.b.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	var settled []domain.Complaint
	for rows.Next() {
		var k domain.Complaint
		var opened, resolved string
		if err := rows.Scan(&opened, &resolved, &k.Status); err != nil {
			return fail(err)
		}
		if k.OpenedOn, err = domain.ParseDate(opened); err != nil {
			return fail(err)
		}
		if k.ResolvedOn, err = domain.ParseDate(resolved); err != nil {
			return fail(err)
		}
		settled = append(settled, k)
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	return domain.ResolutionTimesOf(settled), nil
}
