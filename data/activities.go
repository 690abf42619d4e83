package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"clientbook/domain"
)

// activityService implements domain.ActivityService over the book: each
// client's timeline and the follow-up tasks.
type activityService struct{ b *Book }

var _ domain.ActivityService = (*activityService)(nil)

// activityTime is how an activity's time is stored: UTC to the second, fixed
// width, so the timeline sorts as text.
func activityTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

const activityColumns = `a.id, a.client_id, c.name, a.contact_id, a.contact_name, a.at, a.kind, a.subject, a.body,
	a.outcome, a.next_step, a.created_at, a.updated_at`

func readActivities(ctx context.Context, q queryer, query string, args ...any) ([]domain.Activity, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Activity
	for rows.Next() {
		var a domain.Activity
		var contact sql.NullInt64
		var at, created, updated string
		if err := rows.Scan(&a.ID, &a.ClientID, &a.ClientName, &contact, &a.ContactName, &at, &a.Kind, &a.Subject,
			&a.Body, &a.Outcome, &a.NextStep, &created, &updated); err != nil {
			return nil, err
		}
		a.ContactID = contact.Int64
		a.At, a.CreatedAt, a.UpdatedAt = parseTimestamp(at), parseTimestamp(created), parseTimestamp(updated)
		out = append(out, a)
	}
	return out, rows.Err()
}

func findActivity(ctx context.Context, q queryer, id int64) (*domain.Activity, error) {
	as, err := readActivities(ctx, q, `SELECT `+activityColumns+` FROM activities a JOIN clients c ON c.id = a.client_id
		WHERE a.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "Activity %d does not exist; it may have been deleted.", id)
	}
	return &as[0], nil
}

func (s *activityService) FindActivityByID(ctx context.Context, id int64) (*domain.Activity, error) {
	a, err := findActivity(ctx, s.b.db, id)
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return nil, domain.Internal("read the activity", err)
	}
	return a, err
}

// activityWhere builds the WHERE clause of a timeline filter. Search words of
// three letters or more narrow the activities through the trigram index;
// instr then checks each candidate exactly, as for clients.
func activityWhere(f domain.ActivityFilter) (string, []any) {
	var conds []string
	var args []any
	if f.ClientID != 0 {
		conds = append(conds, "a.client_id = ?")
		args = append(args, f.ClientID)
	}
	if f.Kind != "" {
		conds = append(conds, "a.kind = ?")
		args = append(args, string(f.Kind))
	}
	words := strings.Fields(domain.FoldSearch(f.Search))
	if m := trigramQuery(words); m != "" {
		conds = append(conds, "a.id IN (SELECT rowid FROM activities_fts WHERE activities_fts MATCH ?)")
		args = append(args, m)
	}
	for _, w := range words {
		conds = append(conds, "instr(a.search_text, ?) > 0")
		args = append(args, w)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func (s *activityService) FindActivities(ctx context.Context, f domain.ActivityFilter) ([]domain.Activity, error) {
	where, args := activityWhere(f)
	q := `SELECT ` + activityColumns + ` FROM activities a JOIN clients c ON c.id = a.client_id` + where +
		` ORDER BY a.at DESC, a.id DESC`
	q, args = pageClause(q, args, f.Offset, f.Limit)
	as, err := readActivities(ctx, s.b.db, q, args...)
	if err != nil {
		return nil, domain.Internal("read the timeline", err)
	}
	return as, nil
}

// activitySearch is what the timeline's search looks in.
func activitySearch(a *domain.Activity) string {
	return domain.FoldSearch(strings.Join([]string{a.Subject, a.Body, a.Outcome, a.NextStep, a.ContactName}, "\x1f"))
}

// checkActivityRefs makes sure the activity's client exists and its contact,
// if any, is one of the client's, and fills in the names.
func checkActivityRefs(ctx context.Context, tx *Tx, a *domain.Activity) error {
	c, err := namedClient(ctx, tx, a.ClientID, "Activity", "choose a client")
	if err != nil {
		return err
	}
	a.ClientName = c.Name
	if a.ContactID == 0 {
		return nil
	}
	for _, k := range c.Contacts {
		if k.ID == a.ContactID {
			a.ContactName = k.Name
			return nil
		}
	}
	return &domain.Error{Code: domain.EINVALID, Message: "Activity not saved: the contact is not one of " + c.Name + "'s.",
		Fields: map[string]string{"contact": "choose one of " + c.Name + "'s contacts"}}
}

func (s *activityService) CreateActivity(ctx context.Context, a *domain.Activity) error {
	return s.CreateActivityWithTask(ctx, a, nil)
}

func (s *activityService) CreateActivityWithTask(ctx context.Context, a *domain.Activity, t *domain.Task) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if t != nil {
		if err := t.Validate(); err != nil {
			return err
		}
	}
	what := "save the activity"
	if t != nil {
		what = "save the activity and its follow-up task"
	}
	err := s.b.write(ctx, what, func(tx *Tx) error {
		if err := insertActivity(ctx, tx, a); err != nil {
			return err
		}
		if t != nil {
			return insertTask(ctx, tx, t)
		}
		return nil
	})
	if err != nil {
		// Rolled back: neither has an ID.
		a.ID = 0
		if t != nil {
			t.ID = 0
		}
	}
	return err
}

// insertActivity stores a new, checked activity in tx and sets its ID.
func insertActivity(ctx context.Context, tx *Tx, a *domain.Activity) error {
	if err := checkActivityRefs(ctx, tx, a); err != nil {
		return err
	}
	a.CreatedAt, a.UpdatedAt = tx.now, tx.now
	res, err := tx.ExecContext(ctx, `INSERT INTO activities (client_id, contact_id, contact_name, at, kind, subject, body,
		outcome, next_step, search_text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ClientID, nullID(a.ContactID), a.ContactName, activityTime(a.At), string(a.Kind), a.Subject, a.Body,
		a.Outcome, a.NextStep, activitySearch(a), timestamp(tx.now), timestamp(tx.now))
	if err != nil {
		return err
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.audit("activity", a.ID, actionCreate, nil, a)
}

func (s *activityService) UpdateActivity(ctx context.Context, a *domain.Activity) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the activity", func(tx *Tx) error {
		before, err := findActivity(ctx, tx, a.ID)
		if err != nil {
			return err
		}
		if err := checkActivityRefs(ctx, tx, a); err != nil {
			return err
		}
		a.CreatedAt, a.UpdatedAt = before.CreatedAt, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE activities SET client_id = ?, contact_id = ?, contact_name = ?, at = ?,
			kind = ?, subject = ?, body = ?, outcome = ?, next_step = ?, search_text = ?, updated_at = ? WHERE id = ?`,
			a.ClientID, nullID(a.ContactID), a.ContactName, activityTime(a.At), string(a.Kind), a.Subject, a.Body,
			a.Outcome, a.NextStep, activitySearch(a), timestamp(tx.now), a.ID); err != nil {
			return err
		}
		return tx.audit("activity", a.ID, actionUpdate, before, a)
	})
}

func (s *activityService) DeleteActivity(ctx context.Context, id int64) error {
	return s.b.write(ctx, "delete the activity", func(tx *Tx) error {
		before, err := findActivity(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM activities WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit("activity", id, actionDelete, before, nil)
	})
}

// lastContactedQuery is the latest contact with each client, notes aside;
// the partial index activities_contact_by_client answers it.
const lastContactedQuery = `SELECT client_id, max(at) FROM activities WHERE kind <> 'note' AND client_id IN (%s) GROUP BY client_id`

func (s *activityService) LastContacted(ctx context.Context, clientID int64) (time.Time, error) {
	var at sql.NullString
	if err := s.b.db.QueryRowContext(ctx, `SELECT max(at) FROM activities WHERE client_id = ? AND kind <> 'note'`, clientID).Scan(&at); err != nil {
		return time.Time{}, domain.Internal("read when the client was last contacted", err)
	}
	if !at.Valid {
		return time.Time{}, nil
	}
	return parseTimestamp(at.String), nil
}

// lastContactedChunk bounds the client IDs bound to one query.
const lastContactedChunk = 500

func (s *activityService) LastContactedFor(ctx context.Context, clientIDs []int64) (map[int64]time.Time, error) {
	out := make(map[int64]time.Time, len(clientIDs))
	for len(clientIDs) > 0 {
		n := min(len(clientIDs), lastContactedChunk)
		chunk := clientIDs[:n]
		clientIDs = clientIDs[n:]
		args := make([]any, n)
		for i, id := range chunk {
			args[i] = id
		}
		q := fmt.Sprintf(lastContactedQuery, strings.TrimSuffix(strings.Repeat("?, ", n), ", "))
		rows, err := s.b.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, domain.Internal("read when the clients were last contacted", err)
		}
		for rows.Next() {
			var id int64
			var at string
			if err := rows.Scan(&id, &at); err != nil {
				rows.Close()
				return nil, domain.Internal("read when the clients were last contacted", err)
			}
			out[id] = parseTimestamp(at)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, domain.Internal("read when the clients were last contacted", err)
		}
	}
	return out, nil
}

// Tasks.

const taskColumns = `t.id, t.title, t.notes, t.due_date, t.due_time, t.priority, t.client_id, coalesce(c.name, ''),
	t.document_id, t.contract_id, t.complaint_id, t.done_at, t.snoozed_until, t.created_at, t.updated_at`

// taskDay is the day a task shows up, as SQL; tasks_open_by_day indexes it.
const taskDay = `coalesce(t.snoozed_until, t.due_date)`

func readTasks(ctx context.Context, q queryer, query string, args ...any) ([]domain.Task, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Task
	for rows.Next() {
		var t domain.Task
		var due, created, updated string
		var dueTime, done, snoozed sql.NullString
		var client, doc, contract, complaint sql.NullInt64
		if err := rows.Scan(&t.ID, &t.Title, &t.Notes, &due, &dueTime, &t.Priority, &client, &t.ClientName, &doc,
			&contract, &complaint, &done, &snoozed, &created, &updated); err != nil {
			return nil, err
		}
		if t.DueDate, err = domain.ParseDate(due); err != nil {
			return nil, err
		}
		if snoozed.Valid {
			if t.SnoozedUntil, err = domain.ParseDate(snoozed.String); err != nil {
				return nil, err
			}
		}
		if done.Valid {
			t.DoneAt = parseTimestamp(done.String)
		}
		t.DueTime, t.ClientID, t.DocumentID, t.ContractID = dueTime.String, client.Int64, doc.Int64, contract.Int64
		t.ComplaintID = complaint.Int64
		t.CreatedAt, t.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
		out = append(out, t)
	}
	return out, rows.Err()
}

func findTask(ctx context.Context, q queryer, id int64) (*domain.Task, error) {
	ts, err := readTasks(ctx, q, `SELECT `+taskColumns+` FROM tasks t LEFT JOIN clients c ON c.id = t.client_id WHERE t.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "Task %d does not exist; it may have been deleted.", id)
	}
	return &ts[0], nil
}

func (s *activityService) FindTaskByID(ctx context.Context, id int64) (*domain.Task, error) {
	t, err := findTask(ctx, s.b.db, id)
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return nil, domain.Internal("read the task", err)
	}
	return t, err
}

// taskQuery is the SELECT of a task list: open tasks by the day they show
// up, then the most pressing first.
func taskQuery(f domain.TaskFilter) (string, []any) {
	conds := []string{"t.done_at IS NULL"}
	var args []any
	if !f.DueBy.IsZero() {
		conds = append(conds, taskDay+" <= ?")
		args = append(args, f.DueBy.String())
	}
	if !f.DueFrom.IsZero() {
		conds = append(conds, taskDay+" >= ?")
		args = append(args, f.DueFrom.String())
	}
	if f.ClientID != 0 {
		conds = append(conds, "t.client_id = ?")
		args = append(args, f.ClientID)
	}
	q := `SELECT ` + taskColumns + ` FROM tasks t LEFT JOIN clients c ON c.id = t.client_id WHERE ` +
		strings.Join(conds, " AND ") + ` ORDER BY ` + taskDay +
		`, CASE t.priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, coalesce(t.due_time, '24:00'), t.id`
	q, args = pageClause(q, args, f.Offset, f.Limit)
	return q, args
}

func (s *activityService) FindTasks(ctx context.Context, f domain.TaskFilter) ([]domain.Task, error) {
	q, args := taskQuery(f)
	ts, err := readTasks(ctx, s.b.db, q, args...)
	if err != nil {
		return nil, domain.Internal("read the tasks", err)
	}
	return ts, nil
}

// checkTaskRefs makes sure the client, document, contract and complaint a
// task names exist, reporting a missing one at its field; the complaint must
// be the client's (a task naming only a complaint gets its client).
func checkTaskRefs(ctx context.Context, tx *Tx, t *domain.Task) error {
	t.ClientName = ""
	if t.ClientID != 0 {
		c, err := namedClient(ctx, tx, t.ClientID, "Task", "choose a client")
		if err != nil {
			return err
		}
		t.ClientName = c.Name
	}
	for _, ref := range []struct {
		id           int64
		table, field string
	}{{t.DocumentID, "documents", "document"}, {t.ContractID, "contracts", "contract"}} {
		if ref.id == 0 {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+ref.table+` WHERE id = ?`, ref.id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &domain.Error{Code: domain.EINVALID, Message: "Task not saved: the " + ref.field + " it names does not exist.",
				Fields: map[string]string{ref.field: "choose an existing " + ref.field}}
		}
	}
	if t.ComplaintID != 0 {
		var owner int64
		err := tx.QueryRowContext(ctx, `SELECT client_id FROM complaints WHERE id = ?`, t.ComplaintID).Scan(&owner)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return &domain.Error{Code: domain.EINVALID, Message: "Task not saved: the complaint it names does not exist.",
				Fields: map[string]string{"complaint": "choose an existing complaint"}}
		case err != nil:
			return err
		case t.ClientID != 0 && owner != t.ClientID:
			return &domain.Error{Code: domain.EINVALID, Message: "Task not saved: the complaint is another client's.",
				Fields: map[string]string{"complaint": "choose one of " + t.ClientName + "'s complaints"}}
		case t.ClientID == 0: // a task about a complaint is about its client
			c, err := findClient(ctx, tx, owner)
			if err != nil {
				return err
			}
			t.ClientID, t.ClientName = owner, c.Name
		}
	}
	return nil
}

// taskArgs are a task's stored values, nullable ones as NULL when unset.
func taskArgs(t *domain.Task) []any {
	null := func(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }
	done := ""
	if t.Done() {
		done = timestamp(t.DoneAt)
	}
	return []any{t.Title, t.Notes, t.DueDate.String(), null(t.DueTime), string(t.Priority), nullID(t.ClientID),
		nullID(t.DocumentID), nullID(t.ContractID), nullID(t.ComplaintID), null(done), null(t.SnoozedUntil.String())}
}

func (s *activityService) CreateTask(ctx context.Context, t *domain.Task) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the task", func(tx *Tx) error { return insertTask(ctx, tx, t) })
}

// insertTask stores a new, checked task in tx and sets its ID.
func insertTask(ctx context.Context, tx *Tx, t *domain.Task) error {
	if err := checkTaskRefs(ctx, tx, t); err != nil {
		return err
	}
	t.CreatedAt, t.UpdatedAt = tx.now, tx.now
	res, err := tx.ExecContext(ctx, `INSERT INTO tasks (title, notes, due_date, due_time, priority, client_id,
		document_id, contract_id, complaint_id, done_at, snoozed_until, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(taskArgs(t), timestamp(tx.now), timestamp(tx.now))...)
	if err != nil {
		return err
	}
	if t.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.audit("task", t.ID, actionCreate, nil, t)
}

// updateTask writes t over its stored row and audits the change as action.
func updateTask(ctx context.Context, tx *Tx, before, t *domain.Task, action string) error {
	t.CreatedAt, t.UpdatedAt = before.CreatedAt, tx.now
	if _, err := tx.ExecContext(ctx, `UPDATE tasks SET title = ?, notes = ?, due_date = ?, due_time = ?, priority = ?,
		client_id = ?, document_id = ?, contract_id = ?, complaint_id = ?, done_at = ?, snoozed_until = ?, updated_at = ? WHERE id = ?`,
		append(taskArgs(t), timestamp(tx.now), t.ID)...); err != nil {
		return err
	}
	return tx.audit("task", t.ID, action, before, t)
}

func (s *activityService) UpdateTask(ctx context.Context, t *domain.Task) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return s.b.write(ctx, "save the task", func(tx *Tx) error {
		before, err := findTask(ctx, tx, t.ID)
		if err != nil {
			return err
		}
		if err := checkTaskRefs(ctx, tx, t); err != nil {
			return err
		}
		return updateTask(ctx, tx, before, t, actionUpdate)
	})
}

// changeOpenTask applies change to an open task and stores it, audited as action.
func (s *activityService) changeOpenTask(ctx context.Context, id int64, action string, change func(tx *Tx, t *domain.Task) error) error {
	return s.b.write(ctx, action+" the task", func(tx *Tx) error {
		before, err := findTask(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Done() {
			return domain.Errorf(domain.ECONFLICT, "Task %q is already done.", before.Title)
		}
		t := *before
		if err := change(tx, &t); err != nil {
			return err
		}
		return updateTask(ctx, tx, before, &t, action)
	})
}

func (s *activityService) CompleteTask(ctx context.Context, id int64) error {
	return s.changeOpenTask(ctx, id, "complete", func(tx *Tx, t *domain.Task) error {
		t.DoneAt = tx.now
		return nil
	})
}

func (s *activityService) ReopenTask(ctx context.Context, id int64) error {
	return s.b.write(ctx, "reopen the task", func(tx *Tx) error {
		before, err := findTask(ctx, tx, id)
		if err != nil {
			return err
		}
		if !before.Done() {
			return domain.Errorf(domain.ECONFLICT, "Task %q is not done.", before.Title)
		}
		t := *before
		t.DoneAt = time.Time{}
		return updateTask(ctx, tx, before, &t, "reopen")
	})
}

func (s *activityService) SnoozeTask(ctx context.Context, id int64, until domain.Date) error {
	return s.changeOpenTask(ctx, id, "snooze", func(tx *Tx, t *domain.Task) error {
		t.SnoozedUntil = until
		return t.Validate()
	})
}

func (s *activityService) DeleteTask(ctx context.Context, id int64) error {
	return s.b.write(ctx, "delete the task", func(tx *Tx) error {
		before, err := findTask(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM tasks WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit("task", id, actionDelete, before, nil)
	})
}
