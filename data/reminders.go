package data

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

// reminderService implements domain.ReminderService over the book.
type reminderService struct{ b *Book }

var _ domain.ReminderService = (*reminderService)(nil)

const levelColumns = `id, name, days_offset, subject, body, fee_kind, fee_minor, fee_currency, fee_percent, created_at, updated_at`

func readLevels(ctx context.Context, q queryer, where string, args ...any) ([]domain.ReminderLevel, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+levelColumns+` FROM reminder_levels`+where+` ORDER BY days_offset`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.ReminderLevel
	for rows.Next() {
		var l domain.ReminderLevel
		var feeMinor int64
		var feeCur, pct, created, updated string
		if err := rows.Scan(&l.ID, &l.Name, &l.DaysOffset, &l.Subject, &l.Body, &l.Fee.Kind, &feeMinor, &feeCur, &pct,
			&created, &updated); err != nil {
			return nil, err
		}
		if l.Fee.Kind == domain.FeeFixed {
			if l.Fee.Amount, err = money.FromMinor(feeMinor, feeCur); err != nil {
				return nil, err
			}
		}
		if l.Fee.Percent, err = decimal.NewFromString(pct); err != nil {
			return nil, err
		}
		l.CreatedAt, l.UpdatedAt = parseTimestamp(created), parseTimestamp(updated)
		out = append(out, l)
	}
	return out, rows.Err()
}

func findLevel(ctx context.Context, q queryer, id int64) (*domain.ReminderLevel, error) {
	ls, err := readLevels(ctx, q, ` WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ls) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "Reminder level %d does not exist.", id)
	}
	return &ls[0], nil
}

func (s *reminderService) ReminderLevels(ctx context.Context) ([]domain.ReminderLevel, error) {
	ls, err := readLevels(ctx, s.b.db, "")
	if err != nil {
		return nil, domain.Internal("read the reminder levels", err)
	}
	return ls, nil
}

// levelArgs are a validated level's stored fee columns: kind, minor units,
// currency and percentage.
func levelArgs(l *domain.ReminderLevel) ([]any, error) {
	var feeMinor int64
	feeCur, pct := "", "0"
	switch l.Fee.Kind {
	case domain.FeeFixed:
		m, err := l.Fee.Amount.Minor()
		if err != nil {
			return nil, err
		}
		feeMinor, feeCur = m, l.Fee.Amount.Currency
	case domain.FeePercent:
		pct = l.Fee.Percent.String()
	}
	return []any{l.Name, l.DaysOffset, l.Subject, l.Body, string(l.Fee.Kind), feeMinor, feeCur, pct}, nil
}

func (s *reminderService) SaveReminderLevel(ctx context.Context, l *domain.ReminderLevel) error {
	if err := l.Validate(); err != nil {
		return err
	}
	args, err := levelArgs(l)
	if err != nil {
		return err
	}
	taken := func(err error) error {
		if isUnique(err) {
			msg := fmt.Sprintf("there is already a level at %d days", l.DaysOffset)
			return &domain.Error{Code: domain.ECONFLICT, Message: "Reminder level not saved: " + msg + ".",
				Fields: map[string]string{"daysOffset": msg}}
		}
		return err
	}
	return s.b.write(ctx, "save the reminder level", func(tx *Tx) error {
		if l.ID == 0 {
			l.CreatedAt, l.UpdatedAt = tx.now, tx.now
			res, err := tx.ExecContext(ctx, `INSERT INTO reminder_levels (name, days_offset, subject, body, fee_kind,
				fee_minor, fee_currency, fee_percent, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				append(args, timestamp(tx.now), timestamp(tx.now))...)
			if err != nil {
				return taken(err)
			}
			if l.ID, err = res.LastInsertId(); err != nil {
				return err
			}
			return tx.audit("reminder_level", l.ID, actionCreate, nil, l)
		}
		before, err := findLevel(ctx, tx, l.ID)
		if err != nil {
			return err
		}
		l.CreatedAt, l.UpdatedAt = before.CreatedAt, tx.now
		if _, err := tx.ExecContext(ctx, `UPDATE reminder_levels SET name = ?, days_offset = ?, subject = ?, body = ?,
			fee_kind = ?, fee_minor = ?, fee_currency = ?, fee_percent = ?, updated_at = ? WHERE id = ?`,
			append(args, timestamp(tx.now), l.ID)...); err != nil {
			return taken(err)
		}
		return tx.audit("reminder_level", l.ID, actionUpdate, before, l)
	})
}

func (s *reminderService) DeleteReminderLevel(ctx context.Context, id int64) error {
	return s.b.write(ctx, "delete the reminder level", func(tx *Tx) error {
		before, err := findLevel(ctx, tx, id)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE level_id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return domain.Errorf(domain.ECONFLICT, "%d %s made at the level %q, so it cannot be deleted; change it instead.",
				n, plural(n, "reminder was", "reminders were"), before.Name)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM reminder_levels WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit("reminder_level", id, actionDelete, before, nil)
	})
}

// dueDay is the day an invoice falls due: its due date, or its issue date
// when it was due on issue.
func (x balance) dueDay() domain.Date {
	if x.due.IsZero() {
		return x.issue
	}
	return x.due
}

// idChunk bounds the IDs bound to one query.
const idChunk = 500

// sentLevels returns, for each of the invoices, the levels it was reminded at.
func sentLevels(ctx context.Context, q queryer, ids []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	for len(ids) > 0 {
		n := min(len(ids), idChunk)
		rows, err := q.QueryContext(ctx, `SELECT document_id, level_id FROM outbox WHERE level_id IS NOT NULL
			AND document_id IN (`+placeholders(n)+`)`, idArgs(ids[:n])...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var doc, level int64
			if err := rows.Scan(&doc, &level); err != nil {
				rows.Close()
				return nil, err
			}
			out[doc] = append(out[doc], level)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

// heldInvoices is onHold over any number of invoices.
func heldInvoices(ctx context.Context, q queryer, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	for len(ids) > 0 {
		n := min(len(ids), idChunk)
		held, err := onHold(ctx, q, ids[:n])
		if err != nil {
			return nil, err
		}
		for id := range held {
			out[id] = true
		}
		ids = ids[n:]
	}
	return out, nil
}

// reminderCandidates are the invoices that may be due a reminder as of asOf:
// issued by then, fallen due at least minOffset days before it, not yet
// reminded at the last level, with money open on that day.
func reminderCandidates(ctx context.Context, q queryer, asOf domain.Date, minOffset, maxOffset int) ([]balance, error) {
	threshold := asOf.AddDays(-minOffset).String()
	// Only the invoices that may have money open are read (mayBeOpen).
	open, openArgs := mayBeOpen(asOf.String(), "")
	bs, err := balances(ctx, q, asOf, 0, `d.kind = 'invoice' AND d.status = 'issued' AND d.issue_date <= ?
		AND ((d.due_date <> '' AND d.due_date <= ?) OR (d.due_date = '' AND d.issue_date <= ?))
		AND NOT EXISTS (SELECT 1 FROM outbox o JOIN reminder_levels l ON l.id = o.level_id
			WHERE o.document_id = d.id AND l.days_offset >= ?) AND `+open,
		` ORDER BY CASE d.due_date WHEN '' THEN d.issue_date ELSE d.due_date END, d.id`,
		append([]any{asOf.String(), threshold, threshold, maxOffset}, openArgs...)...)
	if err != nil {
		return nil, err
	}
	out := bs[:0]
	for _, x := range bs {
		if x.open().IsPositive() {
			out = append(out, x)
		}
	}
	return out, nil
}

// dueReminder is an invoice due a reminder and the level it is due.
type dueReminder struct {
	x     balance
	level domain.ReminderLevel
}

// dueReminders lists the invoices due a reminder as of asOf with the level
// each is due, and those held back by a dispute; only, when not empty,
// keeps just those invoices.
func (s *reminderService) dueReminders(ctx context.Context, asOf domain.Date, only []int64) ([]dueReminder, []domain.ReminderSkip, error) {
	if asOf.IsZero() {
		return nil, nil, domain.Errorf(domain.EINVALID, "Give the day to send reminders as of.")
	}
	var levels []domain.ReminderLevel
	var due []balance
	var sent map[int64][]int64
	var held map[int64]bool
	err := s.b.read(ctx, "find the invoices due a reminder", func(q queryer) error {
		var err error
		if levels, err = readLevels(ctx, q, ""); err != nil || len(levels) == 0 {
			return err
		}
		if due, err = reminderCandidates(ctx, q, asOf, levels[0].DaysOffset, levels[len(levels)-1].DaysOffset); err != nil {
			return err
		}
		ids := make([]int64, len(due))
		for i, x := range due {
			ids[i] = x.id
		}
		if sent, err = sentLevels(ctx, q, ids); err != nil {
			return err
		}
		held, err = heldInvoices(ctx, q, ids)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	wanted := map[int64]bool{}
	for _, id := range only {
		wanted[id] = true
	}
	var out []dueReminder
	var skipped []domain.ReminderSkip
	for _, x := range due {
		if len(only) > 0 && !wanted[x.id] {
			continue
		}
		level, ok := domain.ChooseReminderLevel(levels, x.dueDay().DaysUntil(asOf), sent[x.id])
		if !ok {
			continue
		}
		if held[x.id] {
			skipped = append(skipped, domain.ReminderSkip{DocumentID: x.id, Number: x.number, ClientName: x.clientName,
				LevelName: level.Name, Reason: "disputed: on hold until the dispute is resolved"})
			continue
		}
		out = append(out, dueReminder{x, level})
	}
	return out, skipped, nil
}

// PlanReminders says what RunReminders would queue as of asOf, writing
// nothing: each reminder's recipient, amount, days overdue and late fee, and
// what would be skipped.
func (s *reminderService) PlanReminders(ctx context.Context, asOf domain.Date) (domain.ReminderRun, error) {
	run := domain.ReminderRun{AsOf: asOf}
	due, skipped, err := s.dueReminders(ctx, asOf, nil)
	if err != nil {
		return run, err
	}
	run.Skipped = skipped
	err = s.b.read(ctx, "work out the reminders due", func(q queryer) error {
		for _, d := range due {
			draft, skip, err := draftReminder(ctx, q, d.x.id, d.level, asOf)
			switch {
			case err != nil:
				return err
			case skip != nil:
				run.Skipped = append(run.Skipped, *skip)
			case draft != nil:
				run.Made = append(run.Made, *draft.reminder(time.Time{}))
			}
		}
		return nil
	})
	return run, err
}

func (s *reminderService) RunReminders(ctx context.Context, asOf domain.Date, only ...int64) (domain.ReminderRun, error) {
	run := domain.ReminderRun{AsOf: asOf}
	due, skipped, err := s.dueReminders(ctx, asOf, only)
	if err != nil {
		return run, err
	}
	run.Skipped = skipped
	var failed []string
	var cause error
	for _, d := range due {
		if err := ctx.Err(); err != nil {
			return run, domain.Internal("finish the reminder run", err)
		}
		r, skip, err := s.remind(ctx, d.x.id, d.level, asOf)
		switch {
		case err != nil:
			failed = append(failed, fmt.Sprintf("%s for %s: %s", d.x.number, d.x.clientName, strings.TrimSuffix(domain.ErrorMessage(err), ".")))
			if cause == nil {
				cause = err
			}
		case skip != nil:
			run.Skipped = append(run.Skipped, *skip)
		case r != nil:
			run.Made = append(run.Made, *r)
		}
	}
	if len(failed) > 0 {
		return run, &domain.Error{Code: domain.ErrorCode(cause), Err: cause,
			Message: fmt.Sprintf("%d of the reminders due were not made: %s.", len(failed), strings.Join(failed, "; "))}
	}
	return run, nil
}

// reminderDraft is what the reminder of one invoice at one level would be,
// worked out from the book as it stands: to whom, for how much, and the fee.
type reminderDraft struct {
	level  domain.ReminderLevel
	inv    *domain.Document
	client *domain.Client
	to     domain.Contact
	co     domain.Company
	facts  domain.ReminderFacts
	fee    money.Money
	charge bool
	note   string
}

// draftReminder works out invoice docID's reminder at level as of asOf,
// checking that the invoice still has money open, is not disputed and was
// not reminded at this level or a later one. It returns nil and no error
// when the invoice no longer needs the reminder, or why it is skipped.
func draftReminder(ctx context.Context, q queryer, docID int64, level domain.ReminderLevel, asOf domain.Date) (*reminderDraft, *domain.ReminderSkip, error) {
	bs, err := balances(ctx, q, asOf, 0, `d.id = ? AND d.kind = 'invoice' AND d.status = 'issued'`, "", docID)
	if err != nil || len(bs) == 0 || !bs[0].open().IsPositive() {
		return nil, nil, err
	}
	x := bs[0]
	var later, disputed, feeInvoice bool
	if err := q.QueryRowContext(ctx, `SELECT
		EXISTS (SELECT 1 FROM outbox o JOIN reminder_levels l ON l.id = o.level_id
			WHERE o.document_id = ? AND l.days_offset >= ?),
		EXISTS (SELECT 1 FROM collection_entries WHERE document_id = ? AND kind = 'dispute' AND resolved_on IS NULL),
		EXISTS (SELECT 1 FROM outbox WHERE fee_document_id = ?)`,
		docID, level.DaysOffset, docID, docID).Scan(&later, &disputed, &feeInvoice); err != nil {
		return nil, nil, err
	}
	if later || disputed {
		return nil, nil, nil
	}
	inv, err := findDocument(ctx, q, docID)
	if err != nil {
		return nil, nil, err
	}
	client, err := findClient(ctx, q, inv.ClientID)
	if err != nil {
		return nil, nil, err
	}
	to, ok := domain.ReminderRecipient(client)
	if !ok {
		return nil, &domain.ReminderSkip{DocumentID: docID, Number: inv.Number, ClientName: client.Name, LevelName: level.Name,
			Reason: "no contact of " + client.Name + " has an email address"}, nil
	}
	co, err := readCompany(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	open := money.Money{Amount: x.open(), Currency: x.cur}
	days := x.dueDay().DaysUntil(asOf)
	d := &reminderDraft{level: level, inv: inv, client: client, to: to, co: co,
		facts: domain.ReminderFacts{Client: client.Name, Contact: to.Name, Invoice: inv.Number, Company: co.Name,
			AmountDue: open, DueDate: x.dueDay(), DaysOverdue: days}}
	d.fee, d.charge, d.note = level.Fee.On(open)
	if d.charge && feeInvoice {
		d.charge, d.note = false, "no late fee on a late-fee invoice"
	}
	return d, nil, nil
}

// reminder is the draft as the reminder it makes, its message composed
// (with the fee invoice's number once there is one).
func (d *reminderDraft) reminder(now time.Time) *domain.Reminder {
	r := &domain.Reminder{AmountDue: d.facts.AmountDue, DaysOverdue: d.facts.DaysOverdue, FeeNote: d.note}
	if d.charge {
		d.facts.LateFee, r.Fee = d.fee, d.fee
	}
	subject, body := d.level.Compose(d.facts)
	r.Message = domain.OutboxMessage{Kind: domain.MessageReminder, ClientID: d.client.ID, ClientName: d.client.Name, DocumentID: d.inv.ID,
		DocumentNumber: d.inv.Number, DocumentKind: d.inv.Kind, LevelID: d.level.ID, LevelName: d.level.Name, ToName: d.to.Name,
		ToAddress: d.to.Email, Subject: subject, Body: body, Status: domain.MessageQueued, CreatedAt: now}
	return r
}

// remind makes invoice docID's reminder at level as of asOf in one
// transaction, working it out afresh inside it (draftReminder) since it was
// chosen. It returns the reminder once committed; nothing and no error when
// the invoice no longer needs it; or why it was skipped.
func (s *reminderService) remind(ctx context.Context, docID int64, level domain.ReminderLevel, asOf domain.Date) (*domain.Reminder, *domain.ReminderSkip, error) {
	var made *domain.Reminder
	var skip *domain.ReminderSkip
	err := s.b.write(ctx, "queue the reminder", func(tx *Tx) error {
		made = nil
		d, sk, err := draftReminder(ctx, tx, docID, level, asOf)
		if skip = sk; err != nil || d == nil {
			return err
		}
		var feeDoc *domain.Document
		if d.charge {
			if feeDoc, err = issueLateFee(ctx, tx, d.inv, d.client, d.co, &level, d.fee, asOf); err != nil {
				return err
			}
			d.facts.FeeInvoice = feeDoc.Number
		}
		r := d.reminder(tx.now)
		m := &r.Message
		if feeDoc != nil {
			m.FeeDocumentID, m.FeeNumber = feeDoc.ID, feeDoc.Number
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO outbox (client_id, document_id, level_id, fee_document_id, to_name,
			to_address, subject, body, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
			m.ClientID, m.DocumentID, m.LevelID, nullID(m.FeeDocumentID), m.ToName, m.ToAddress, m.Subject, m.Body,
			timestamp(tx.now), timestamp(tx.now))
		if isUnique(err) {
			return domain.Errorf(domain.ECONFLICT, "invoice %s was already reminded at the level %q", d.inv.Number, level.Name)
		}
		if err != nil {
			return err
		}
		if m.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		made = r
		return tx.audit("outbox", m.ID, actionCreate, nil, m)
	})
	if err != nil {
		return nil, nil, err
	}
	return made, skip, nil
}

// issueLateFee issues the invoice billing the late fee a level charges on
// inv, through the same gap-free numbering as every invoice. Warnings (a
// credit limit passed, a total like another's) are accepted, as a billing run
// accepts them; an error finding fails the reminder.
func issueLateFee(ctx context.Context, tx *Tx, inv *domain.Document, c *domain.Client, co domain.Company,
	level *domain.ReminderLevel, fee money.Money, asOf domain.Date) (*domain.Document, error) {
	d := domain.LateFeeInvoice(inv, c, co, level, fee, asOf)
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if err := insertDraft(ctx, tx, d); err != nil {
		return nil, err
	}
	findings, blocked, err := issueDraft(ctx, tx, d, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		return nil, err
	}
	if blocked {
		var why []string
		for _, f := range findings {
			if f.Severity == domain.SeverityError {
				why = append(why, strings.TrimSuffix(f.Message, "."))
			}
		}
		return nil, domain.Errorf(domain.ECONFLICT, "the late-fee invoice could not be issued: %s", strings.Join(why, "; "))
	}
	return d, nil
}
