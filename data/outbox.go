package data

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"

	"clientbook/data/einvoice"
	"clientbook/data/email"
	"clientbook/data/pdf"
	"clientbook/domain"
	"clientbook/domain/money"
)

// outboxService implements domain.OutboxService over the book. Messages are
// rendered when they are saved or sent, from what the book holds then: the
// company's name and address as sender, and the invoices' PDFs.
type outboxService struct {
	b      *Book
	sender email.Sender
}

var _ domain.OutboxService = (*outboxService)(nil)

const outboxColumns = `o.id, o.kind, o.client_id, c.name, o.document_id, coalesce(d.number, ''), d.kind,
	coalesce(o.level_id, 0), coalesce(l.name, ''), o.fee_document_id, coalesce(f.number, ''), o.to_name, o.to_address,
	o.subject, o.body, o.status, o.error, o.attempts, o.created_at, o.sent_at, c.einvoice_format`

const outboxFrom = ` FROM outbox o JOIN clients c ON c.id = o.client_id JOIN documents d ON d.id = o.document_id
	LEFT JOIN reminder_levels l ON l.id = o.level_id LEFT JOIN documents f ON f.id = o.fee_document_id`

func readMessages(ctx context.Context, q queryer, query string, args ...any) ([]domain.OutboxMessage, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.OutboxMessage
	for rows.Next() {
		var m domain.OutboxMessage
		var fee sql.NullInt64
		var created string
		var sent sql.NullString
		if err := rows.Scan(&m.ID, &m.Kind, &m.ClientID, &m.ClientName, &m.DocumentID, &m.DocumentNumber, &m.DocumentKind,
			&m.LevelID, &m.LevelName, &fee, &m.FeeNumber, &m.ToName, &m.ToAddress, &m.Subject, &m.Body, &m.Status, &m.Error,
			&m.Attempts, &created, &sent, &m.EInvoice); err != nil {
			return nil, err
		}
		m.FeeDocumentID = fee.Int64
		m.CreatedAt = parseTimestamp(created)
		if sent.Valid {
			m.SentAt = parseTimestamp(sent.String)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func findMessage(ctx context.Context, q queryer, id int64) (*domain.OutboxMessage, error) {
	ms, err := readMessages(ctx, q, `SELECT `+outboxColumns+outboxFrom+` WHERE o.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, "Message %d is not in the outbox.", id)
	}
	return &ms[0], nil
}

func (s *outboxService) FindMessageByID(ctx context.Context, id int64) (*domain.OutboxMessage, error) {
	m, err := findMessage(ctx, s.b.db, id)
	if err != nil && domain.ErrorCode(err) == domain.EINTERNAL {
		return nil, domain.Internal("read the message", err)
	}
	return m, err
}

// outboxWhere is the WHERE clause of an outbox filter.
func outboxWhere(f domain.OutboxFilter) (string, []any) {
	var conds []string
	var args []any
	switch {
	case f.Status != "":
		conds = append(conds, "o.status = ?")
		args = append(args, string(f.Status))
	case f.Unsent:
		conds = append(conds, "o.status IN ('queued', 'failed')")
	}
	if f.ClientID != 0 {
		conds = append(conds, "o.client_id = ?")
		args = append(args, f.ClientID)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return ` WHERE ` + strings.Join(conds, " AND "), args
}

// outboxOrders are the columns each sort of the outbox orders by; each
// ends in the id so pages are stable, and a page can follow the row before
// it by key (FindMessages, afterKey).
var outboxOrders = map[string][]string{
	"queued":  {"o.id"},
	"status":  {"o.status", "o.id"},
	"invoice": {"d.number", "o.id"},
	"client":  {"c.name_key", "o.id"},
	"to":      {"o.to_address COLLATE NOCASE", "o.id"},
	"sent":    {"o.sent_at", "o.id"},
}

func (s *outboxService) CountMessages(ctx context.Context, f domain.OutboxFilter) (int, error) {
	where, args := outboxWhere(f)
	var n int
	if err := s.b.db.QueryRowContext(ctx, `SELECT count(*) FROM outbox o`+where, args...).Scan(&n); err != nil {
		return 0, domain.Internal("count the outbox", err)
	}
	return n, nil
}

func (s *outboxService) FindMessages(ctx context.Context, f domain.OutboxFilter) ([]domain.OutboxMessage, error) {
	where, args := outboxWhere(f)
	cols, desc := orderColumns(outboxOrders, f.Sort, f.Desc, []string{"o.id"}, true)
	where, args, offset, err := startAfter(ctx, s.b.db, strings.TrimPrefix(outboxFrom, " FROM "), "o.id", cols, desc, f.After, where, args, f.Offset)
	if err != nil {
		return nil, domain.Internal("read the outbox", err)
	}
	q := `SELECT ` + outboxColumns + outboxFrom + where
	q, args = pageClause(q+orderClause(cols, desc), args, offset, f.Limit)
	ms, err := readMessages(ctx, s.b.db, q, args...)
	if err != nil {
		return nil, domain.Internal("read the outbox", err)
	}
	return ms, nil
}

// render returns the message as RFC 5322 text, from the company's address
// with the invoice's PDF and any late-fee invoice's attached, and the
// sender's address. A client who receives e-invoices gets each invoice's in
// its format too: the XML beside the PDF, or the Factur-X PDF in its place.
// An invoice its format's rules refuse stops the message, with the reasons.
func (s *outboxService) render(ctx context.Context, m *domain.OutboxMessage) ([]byte, string, error) {
	co, err := s.b.Company().Company(ctx)
	if err != nil {
		return nil, "", err
	}
	if co.Email == "" {
		return nil, "", domain.Errorf(domain.EINVALID, "Emails are sent from the company's email address; enter it in Settings first.")
	}
	msg := email.Message{
		From:      mail.Address{Name: co.Name, Address: co.Email},
		To:        mail.Address{Name: m.ToName, Address: m.ToAddress},
		Subject:   m.Subject,
		Body:      m.Body,
		Date:      time.Now(),
		MessageID: fmt.Sprintf("clientbook-%s-%d-%d@%s", m.Kind, m.ID, m.CreatedAt.Unix(), co.Email[strings.LastIndex(co.Email, "@")+1:]),
	}
	for _, id := range []int64{m.DocumentID, m.FeeDocumentID} {
		if id == 0 {
			continue
		}
		d, err := s.b.Documents().FindDocumentByID(ctx, id)
		if err != nil {
			return nil, "", err
		}
		in, err := pdf.Gather(ctx, s.b, d)
		if err != nil {
			return nil, "", err
		}
		var buf bytes.Buffer
		if err := pdf.Write(&buf, in); err != nil {
			return nil, "", domain.Internal("make the PDF of invoice "+d.Number, err)
		}
		var xmlFile *email.Attachment
		attachment := email.Attachment{Filename: safeFileName(d.Number) + ".pdf", ContentType: "application/pdf", Data: buf.Bytes()}
		if in.Client.EInvoice != domain.EInvoiceNone && d.Status == domain.DocIssued {
			file, err := einvoice.Exporter{PDF: pdf.Renderer{}}.EInvoice(ctx, s.b, d, in.Client.EInvoice)
			if err != nil {
				return nil, "", err
			}
			if file.Format == domain.EInvoiceFacturX {
				attachment.Data = file.Data
			} else {
				xmlFile = &email.Attachment{Filename: safeFileName(strings.TrimSuffix(file.Name, ".xml")) + ".xml",
					ContentType: "application/xml", Data: file.Data}
			}
		}
		msg.Attachments = append(msg.Attachments, attachment)
		if xmlFile != nil {
			msg.Attachments = append(msg.Attachments, *xmlFile)
		}
	}
	raw, err := msg.Bytes()
	if err != nil {
		return nil, "", domain.Internal("write the message", err)
	}
	return raw, co.Email, nil
}

// safeFileName keeps letters, digits, dots, dashes and underscores and turns
// anything else into a dash, so a document number or a level's name can be
// part of a file name on any system.
func safeFileName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), ".-")
}

// emlName is the file name SaveEML gives a message: its invoice, level (or
// the document's kind) and id, "INV-2027-00004-second-reminder-12.eml",
// "INV-2027-00004-invoice-13.eml".
func emlName(m *domain.OutboxMessage) string {
	return fmt.Sprintf("%s-%s-%d.eml", safeFileName(m.DocumentNumber), strings.ToLower(safeFileName(m.What())), m.ID)
}

func (s *outboxService) SaveEML(ctx context.Context, id int64, dir string) (string, error) {
	m, err := s.FindMessageByID(ctx, id)
	if err != nil {
		return "", err
	}
	raw, _, err := s.render(ctx, m)
	if err != nil {
		return "", err
	}
	p, err := writeTemp(dir, emlName(m), func(w io.Writer) error {
		_, err := w.Write(raw)
		return err
	})
	if err != nil {
		return "", err
	}
	if err := os.Rename(p.tmp, p.path); err != nil {
		os.Remove(p.tmp)
		return "", domain.Internal("name the file "+p.path, err)
	}
	return filepath.Clean(p.path), nil
}

// delivery is what the audit log records of an attempt to send.
type delivery struct {
	Status   domain.MessageStatus
	Error    string `json:",omitempty"`
	Attempts int
	SentAt   *time.Time `json:",omitempty"`
}

func (s *outboxService) Send(ctx context.Context, id int64, set domain.SMTPSettings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	m, err := s.FindMessageByID(ctx, id)
	if err != nil {
		return err
	}
	if err := sendable(m); err != nil {
		return err
	}
	raw, from, err := s.render(ctx, m)
	if err != nil {
		return err
	}
	sendErr := s.sender.Send(ctx, set, from, []string{m.ToAddress}, raw)
	err = s.b.write(ctx, "record the sending", func(tx *Tx) error {
		before, err := findMessage(ctx, tx, id)
		if err != nil {
			return err
		}
		after := delivery{Status: domain.MessageSent, Attempts: before.Attempts + 1}
		sent := sql.NullString{}
		if sendErr != nil {
			after.Status, after.Error = domain.MessageFailed, sendErr.Error()
		} else {
			after.SentAt, sent = &tx.now, sql.NullString{String: timestamp(tx.now), Valid: true}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = ?, error = ?, attempts = ?, sent_at = ?, updated_at = ?
			WHERE id = ?`, string(after.Status), after.Error, after.Attempts, sent, timestamp(tx.now), id); err != nil {
			return err
		}
		action := "send"
		if sendErr != nil {
			action = "send-failed"
		}
		if err := tx.audit("outbox", id, action, delivery{Status: before.Status, Error: before.Error, Attempts: before.Attempts},
			after); err != nil {
			return err
		}
		if sendErr != nil {
			return nil
		}
		return logReminderSent(ctx, tx, before)
	})
	what := upperFirst(m.Description())
	if sendErr != nil {
		msg := fmt.Sprintf("%s was not sent: %v. It stays in the outbox, marked failed.", what, sendErr)
		if err != nil {
			msg = fmt.Sprintf("%s was not sent: %v.", what, sendErr)
		}
		return &domain.Error{Code: domain.ECONFLICT, Message: msg, Err: sendErr}
	}
	if err != nil {
		return &domain.Error{Code: domain.ErrorCode(err), Err: err,
			Message: what + " was sent, but the book could not record it: " + domain.ErrorMessage(err) + " It still shows as unsent."}
	}
	return nil
}

// sendable says why m cannot be sent (or marked sent, or discarded): it
// went already, or was discarded.
func sendable(m *domain.OutboxMessage) error {
	switch m.Status {
	case domain.MessageSent:
		return domain.Errorf(domain.ECONFLICT, "%s was already sent on %s.", upperFirst(m.Description()),
			m.SentAt.Local().Format("2006-01-02 15:04"))
	case domain.MessageDiscarded:
		return domain.Errorf(domain.ECONFLICT, "%s was discarded; it is not sent.", upperFirst(m.Description()))
	}
	return nil
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (s *outboxService) MarkSent(ctx context.Context, id int64) error {
	return s.b.write(ctx, "mark the message sent", func(tx *Tx) error {
		before, err := findMessage(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := sendable(before); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'sent', error = '', sent_at = ?, updated_at = ?
			WHERE id = ?`, timestamp(tx.now), timestamp(tx.now), id); err != nil {
			return err
		}
		if err := tx.audit("outbox", id, "mark-sent", delivery{Status: before.Status, Error: before.Error, Attempts: before.Attempts},
			delivery{Status: domain.MessageSent, Attempts: before.Attempts, SentAt: &tx.now}); err != nil {
			return err
		}
		return logReminderSent(ctx, tx, before)
	})
}

func (s *outboxService) Discard(ctx context.Context, id int64) error {
	return s.b.write(ctx, "discard the message", func(tx *Tx) error {
		before, err := findMessage(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := sendable(before); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'discarded', error = '', updated_at = ? WHERE id = ?`,
			timestamp(tx.now), id); err != nil {
			return err
		}
		return tx.audit("outbox", id, "discard", delivery{Status: before.Status, Error: before.Error, Attempts: before.Attempts},
			delivery{Status: domain.MessageDiscarded, Attempts: before.Attempts})
	})
}

// QueueDocument composes the email of an issued invoice or credit note from
// the book as it is now and queues it, in one transaction.
func (s *outboxService) QueueDocument(ctx context.Context, docID int64) (*domain.OutboxMessage, error) {
	var made *domain.OutboxMessage
	err := s.b.write(ctx, "queue the email", func(tx *Tx) error {
		made = nil
		d, err := findDocument(ctx, tx, docID)
		if err != nil {
			return err
		}
		if d.Kind != domain.KindInvoice && d.Kind != domain.KindCreditNote {
			return domain.Errorf(domain.EINVALID, "Only invoices and credit notes are emailed from here; %s is a %s.",
				d.Number, strings.ToLower(d.Kind.Title()))
		}
		if d.Status != domain.DocIssued {
			return domain.Errorf(domain.EINVALID, "Only an issued %s is emailed; this one is %s.",
				strings.ToLower(d.Kind.Title()), strings.ToLower(d.Status.Title()))
		}
		client, err := findClient(ctx, tx, d.ClientID)
		if err != nil {
			return err
		}
		to, ok := domain.ReminderRecipient(client)
		if !ok {
			return domain.Errorf(domain.EINVALID, "No contact of %s has an email address, so %s %s cannot be emailed. "+
				"Add an email address to one of %s's contacts first.", client.Name, strings.ToLower(d.Kind.Title()), d.Number, client.Name)
		}
		co, err := readCompany(ctx, tx)
		if err != nil {
			return err
		}
		facts, err := documentFacts(ctx, tx, d, domain.DateOf(tx.now.Local()))
		if err != nil {
			return err
		}
		facts.Client, facts.Contact, facts.Company = client.Name, to.Name, co.Name
		subject, body := facts.Compose(co.DocumentEmail)
		m := &domain.OutboxMessage{Kind: domain.MessageDocument, ClientID: client.ID, ClientName: client.Name,
			DocumentID: d.ID, DocumentNumber: d.Number, DocumentKind: d.Kind, ToName: to.Name, ToAddress: to.Email,
			Subject: subject, Body: body, Status: domain.MessageQueued, CreatedAt: tx.now}
		res, err := tx.ExecContext(ctx, `INSERT INTO outbox (kind, client_id, document_id, to_name, to_address, subject,
			body, status, created_at, updated_at) VALUES ('document', ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
			m.ClientID, m.DocumentID, m.ToName, m.ToAddress, m.Subject, m.Body, timestamp(tx.now), timestamp(tx.now))
		if isUnique(err) {
			return domain.Errorf(domain.ECONFLICT, "An email of %s %s is already in the outbox, waiting to be sent.",
				strings.ToLower(d.Kind.Title()), d.Number)
		}
		if err != nil {
			return err
		}
		if m.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		made = m
		return tx.audit("outbox", m.ID, actionCreate, nil, m)
	})
	if err != nil {
		return nil, err
	}
	return made, nil
}

// documentFacts are what an email of the issued document d says of it on
// day: its total, and for an invoice what is open then and its due day.
func documentFacts(ctx context.Context, q queryer, d *domain.Document, day domain.Date) (domain.DocumentEmailFacts, error) {
	f := domain.DocumentEmailFacts{Kind: d.Kind, Number: d.Number, IssueDate: d.IssueDate, DueDate: d.DueDate}
	if f.DueDate.IsZero() {
		f.DueDate = d.IssueDate
	}
	t, err := d.Totals()
	if err != nil {
		return f, err
	}
	f.Total = d.Money(t.Total)
	f.AmountDue = f.Total
	if d.Kind != domain.KindInvoice {
		return f, nil
	}
	bs, err := balances(ctx, q, day, 0, `d.id = ?`, "", d.ID)
	if err != nil {
		return f, err
	}
	if len(bs) == 1 {
		f.AmountDue = money.Money{Amount: bs[0].open(), Currency: bs[0].cur}
	}
	return f, nil
}

// logReminderSent records a sent reminder in the client's collection log, as
// an email about its invoice on the day it went. A document's email is not
// a step in collecting and is not logged there.
func logReminderSent(ctx context.Context, tx *Tx, m *domain.OutboxMessage) error {
	if m.Kind != domain.MessageReminder {
		return nil
	}
	e := &domain.CollectionEntry{ClientID: m.ClientID, DocumentID: m.DocumentID, DocumentNumber: m.DocumentNumber,
		Kind: domain.CollectionEmail, On: domain.DateOf(tx.now.Local()),
		Text: fmt.Sprintf("%s sent to %s: %s", m.LevelName, m.ToAddress, m.Subject)}
	if err := e.Validate(); err != nil {
		return err
	}
	e.CreatedAt, e.UpdatedAt = tx.now, tx.now
	res, err := tx.ExecContext(ctx, `INSERT INTO collection_entries (client_id, document_id, kind, on_date, text,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, e.ClientID, e.DocumentID, string(e.Kind), e.On.String(),
		e.Text, timestamp(tx.now), timestamp(tx.now))
	if err != nil {
		return err
	}
	if e.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.audit("collection", e.ID, actionCreate, nil, e)
}
