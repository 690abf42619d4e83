package data

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"clientbook/data/email/smtptest"
	"clientbook/domain"
)

func TestEmailInvoiceQueuesItWithItsPDF(t *testing.T) {
	b, c := reminderBook(t)
	ctx := context.Background()
	inv := issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "Hosting|1234.55")
	m, err := b.Outbox().QueueDocument(ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != domain.MessageDocument || m.LevelID != 0 || m.ToAddress != "j@nordlicht.example" ||
		m.ToName != "Jürgen Schäfer" || m.Status != domain.MessageQueued || m.What() != "Invoice" {
		t.Errorf("queued %+v", m)
	}
	if m.Subject != "Your invoice INV-2027-00001 from Acme Ltd" {
		t.Errorf("subject %q", m.Subject)
	}
	wantBody := "Dear Jürgen Schäfer,\n\nPlease find attached our invoice INV-2027-00001 of 2027-03-01 for 1,234.55 EUR.\n\n" +
		"Please pay 1,234.55 EUR by 2027-03-31, quoting the invoice number.\n\nKind regards,\nAcme Ltd"
	if m.Body != wantBody {
		t.Errorf("body:\n%s\nwant\n%s", m.Body, wantBody)
	}
	got, err := b.Outbox().FindMessageByID(ctx, m.ID)
	if err != nil || got.Kind != domain.MessageDocument || got.DocumentKind != domain.KindInvoice || got.LevelName != "" ||
		got.DocumentNumber != "INV-2027-00001" || got.Body != wantBody {
		t.Errorf("read back %+v, %v", got, err)
	}
	if a := auditRows(t, b, "outbox", m.ID); strings.Join(a, ",") != "create" {
		t.Errorf("audit %v", a)
	}

	// A second Email invoice… while the first waits is refused.
	if _, err := b.Outbox().QueueDocument(ctx, inv.ID); domain.ErrorCode(err) != domain.ECONFLICT ||
		!strings.Contains(domain.ErrorMessage(err), "already in the outbox") {
		t.Errorf("queued twice: %v", err)
	}
	if n := countRows(t, b, "outbox"); n != 1 {
		t.Errorf("%d messages", n)
	}

	// Saved as .eml it carries the invoice's PDF and only that.
	dir := t.TempDir()
	path, err := b.Outbox().SaveEML(ctx, m.ID, dir)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != "INV-2027-00001-invoice-1.eml" {
		t.Errorf("path %s", path)
	}
	raw, _ := os.ReadFile(path)
	msg, text, pdfs := pdfParts(t, raw)
	if len(pdfs) != 1 || !strings.HasPrefix(string(pdfs["INV-2027-00001.pdf"]), "%PDF-") {
		t.Errorf("attachments %d", len(pdfs))
	}
	if strings.ReplaceAll(text, "\r\n", "\n") != wantBody || !strings.HasPrefix(msg.Header.Get("Message-ID"), "<clientbook-document-1-") {
		t.Errorf("text %q, id %q", text, msg.Header.Get("Message-ID"))
	}
	// The attachment is the invoice, as pdftotext reads it.
	if bin, err := exec.LookPath("pdftotext"); err == nil {
		file := filepath.Join(t.TempDir(), "attached.pdf")
		os.WriteFile(file, pdfs["INV-2027-00001.pdf"], 0o600)
		out, err := exec.Command(bin, "-layout", file, "-").Output()
		if err != nil || !strings.Contains(string(out), "INV-2027-00001") || !strings.Contains(string(out), "1,234.55") ||
			!strings.Contains(string(out), "Nordlicht Logistik GmbH") {
			t.Errorf("pdftotext of the attachment: %v\n%s", err, out)
		}
	} else {
		t.Log("pdftotext is not installed; the attachment's text is not checked")
	}

	// Sent, it is not a step in collecting: the collection log stays empty.
	srv := smtptest.New(t)
	if err := b.Outbox().Send(ctx, m.ID, domain.SMTPSettings{Host: srv.Host(), Port: srv.Port(), Security: domain.SMTPNone}); err != nil {
		t.Fatal(err)
	}
	if log, _ := b.Collections().FindCollectionEntries(ctx, domain.CollectionFilter{}); len(log) != 0 {
		t.Errorf("logged %+v", log)
	}
	// Once it went, the invoice may be emailed again; and reminders still
	// come, at their levels.
	if _, err := b.Outbox().QueueDocument(ctx, inv.ID); err != nil {
		t.Errorf("email again after sending: %v", err)
	}
	if run := runReminders(t, b, "2027-05-01"); made(run) != "INV-2027-00001 Final reminder" {
		t.Errorf("reminders after the invoice's emails: %q", made(run))
	}
}

func TestEmailCreditNoteHasNoPaymentNote(t *testing.T) {
	b, c := reminderBook(t)
	ctx := context.Background()
	inv := issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "Hosting|100", "Support|50")
	cn := issueCredit(t, b, inv, "2027-03-05", 1)
	m, err := b.Outbox().QueueDocument(ctx, cn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Your credit note "+cn.Number+" from Acme Ltd" || strings.Contains(m.Body, "Please pay") ||
		!strings.Contains(m.Body, "our credit note "+cn.Number+" of 2027-03-05 for 50.00 EUR.\n\nKind regards") {
		t.Errorf("credit note email %q\n%s", m.Subject, m.Body)
	}
	if m.What() != "Credit note" {
		t.Errorf("what %q", m.What())
	}
}

func TestEmailInvoiceRefusals(t *testing.T) {
	b, c := reminderBook(t)
	ctx := context.Background()
	draft := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), day("2027-03-01"))
	draft.Lines = []domain.Line{{Description: "Work", Quantity: dec("1"), UnitPrice: dec("10")}}
	if err := b.Documents().CreateDraft(ctx, draft); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Outbox().QueueDocument(ctx, draft.ID); domain.ErrorCode(err) != domain.EINVALID ||
		!strings.Contains(domain.ErrorMessage(err), "Only an issued invoice") {
		t.Errorf("draft: %v", err)
	}
	if _, err := b.Outbox().QueueDocument(ctx, 9999); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("missing: %v", err)
	}
	quiet := newClient("Quiet Ltd", "Leeds", domain.Contact{Name: "Ann", Phone: "+44 113 000", Primary: true})
	if err := b.Clients().CreateClient(ctx, quiet); err != nil {
		t.Fatal(err)
	}
	inv := issueInvoice(t, b, quiet, "2027-03-01", "2027-03-31", "Work|10")
	_, err := b.Outbox().QueueDocument(ctx, inv.ID)
	if domain.ErrorCode(err) != domain.EINVALID || domain.ErrorMessage(err) != "No contact of Quiet Ltd has an email address, "+
		"so invoice "+inv.Number+" cannot be emailed. Add an email address to one of Quiet Ltd's contacts first." {
		t.Errorf("no address: %v", err)
	}
	if n := countRows(t, b, "outbox"); n != 0 {
		t.Errorf("%d messages queued by refusals", n)
	}
}

func TestMarkSentAndDiscard(t *testing.T) {
	b, m := queuedReminder(t, false)
	ctx := context.Background()
	if err := b.Outbox().MarkSent(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := b.Outbox().FindMessageByID(ctx, m.ID)
	if got.Status != domain.MessageSent || got.SentAt.IsZero() || got.Attempts != 0 {
		t.Errorf("marked sent: %+v", got)
	}
	log, _ := b.Collections().FindCollectionEntries(ctx, domain.CollectionFilter{DocumentID: m.DocumentID})
	if len(log) != 1 || log[0].Kind != domain.CollectionEmail {
		t.Errorf("collection log %+v", log)
	}
	for name, act := range map[string]func(context.Context, int64) error{"mark sent": b.Outbox().MarkSent, "discard": b.Outbox().Discard} {
		if err := act(ctx, m.ID); domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), "was already sent") {
			t.Errorf("%s a sent message: %v", name, err)
		}
	}
	if a := auditRows(t, b, "outbox", m.ID); strings.Join(a, ",") != "create,mark-sent" {
		t.Errorf("audit %v", a)
	}

	// A discarded reminder is never sent and not made again.
	b2, m2 := queuedReminder(t, false)
	if err := b2.Outbox().Discard(ctx, m2.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = b2.Outbox().FindMessageByID(ctx, m2.ID)
	if got.Status != domain.MessageDiscarded || !got.SentAt.IsZero() {
		t.Errorf("discarded: %+v", got)
	}
	if err := b2.Outbox().Send(ctx, m2.ID, domain.SMTPSettings{Host: "localhost", Security: domain.SMTPNone}); domain.ErrorCode(err) != domain.ECONFLICT ||
		!strings.Contains(domain.ErrorMessage(err), "was discarded") {
		t.Errorf("send a discarded message: %v", err)
	}
	if run := runReminders(t, b2, "2027-05-01"); len(run.Made) != 0 {
		t.Errorf("made again: %q", made(run))
	}
	if ms, _ := b2.Outbox().FindMessages(ctx, domain.OutboxFilter{Unsent: true}); len(ms) != 0 {
		t.Errorf("unsent: %+v", ms)
	}
	if ms, _ := b2.Outbox().FindMessages(ctx, domain.OutboxFilter{Status: domain.MessageDiscarded}); len(ms) != 1 {
		t.Errorf("discarded list: %+v", ms)
	}
	if log, _ := b2.Collections().FindCollectionEntries(ctx, domain.CollectionFilter{}); len(log) != 0 {
		t.Errorf("a discarded reminder was logged: %+v", log)
	}
	if err := b2.Outbox().Discard(ctx, 999); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("missing: %v", err)
	}
}

func TestDocumentEmailTemplatesInTheCompany(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	co, err := b.Company().Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The migration's defaults are the domain's.
	if co.DocumentEmail != domain.DefaultCompany().DocumentEmail {
		t.Errorf("a new book's templates %+v, the domain's %+v", co.DocumentEmail, domain.DefaultCompany().DocumentEmail)
	}
	bad := co
	bad.DocumentEmail.Subject = "Invoice {number}"
	bad.DocumentEmail.Body = "Pay {amount}"
	err = b.Company().SaveCompany(ctx, &bad)
	fields := domain.FieldErrors(err)
	if !strings.Contains(fields["documentEmail.subject"], "{number} is not a placeholder") ||
		!strings.Contains(fields["documentEmail.body"], "{amount} is not a placeholder") {
		t.Errorf("bad templates: %v", err)
	}
	if got, _ := b.Company().Company(ctx); got.DocumentEmail != co.DocumentEmail {
		t.Errorf("a refused save changed the templates: %+v", got.DocumentEmail)
	}
	co.DocumentEmail = domain.DocumentEmail{Subject: "{invoice} for {client}", Body: "Hello {contact}, {amount_due} by {due_date}."}
	if err := b.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	if got, _ := b.Company().Company(ctx); got.DocumentEmail != co.DocumentEmail {
		t.Errorf("saved %+v, read %+v", co.DocumentEmail, got.DocumentEmail)
	}
}

// TestOutboxRebuildKeepsEveryMessage makes a book of the schema before the
// outbox was rebuilt (the migrations up to it), fills its outbox as that
// schema allowed, and opens it with this Clientbook: every message is there
// as it was, a reminder, and the rebuilt table keeps its rules.
func TestOutboxRebuildKeepsEveryMessage(t *testing.T) {
	rebuild := -1
	for i, m := range migrations {
		if strings.Contains(m, "CREATE TABLE outbox_new") {
			rebuild = i
		}
	}
	if rebuild < 0 {
		t.Fatal("no migration rebuilds the outbox")
	}
	path := filepath.Join(t.TempDir(), "old.db")
	saved := migrations
	migrations = saved[:rebuild]
	b, err := Open(path)
	migrations = saved
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c := newClient("Nordlicht Logistik GmbH", "München", domain.Contact{Name: "Jürgen", Email: "j@nordlicht.example", Primary: true})
	if err := b.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	const stamp = "2027-05-01T09:00:00.000Z"
	if _, err := b.db.Exec(`
		INSERT INTO documents (id, kind, status, client_id, currency, issue_date, rounding_scope, rounding_mode, created_at, updated_at)
		VALUES (1, 'invoice', 'draft', ?1, 'EUR', '2027-03-01', 'per-line', 'half-up', ?2, ?2),
		       (2, 'invoice', 'draft', ?1, 'EUR', '2027-03-02', 'per-line', 'half-up', ?2, ?2);
		INSERT INTO outbox (id, client_id, document_id, level_id, fee_document_id, to_name, to_address, subject, body,
			status, error, attempts, created_at, sent_at, updated_at) VALUES
		(3, ?1, 1, 1, NULL, 'Jürgen', 'j@nordlicht.example', 'Before due', 'Dear Jürgen', 'sent', '', 1, ?2, ?2, ?2),
		(5, ?1, 1, 2, 2, 'Jürgen', 'j@nordlicht.example', 'First', 'Pay', 'failed', 'connection refused', 2, ?2, NULL, ?2),
		(8, ?1, 2, 1, NULL, '', 'j@nordlicht.example', 'Queued', '', 'queued', '', 0, ?2, NULL, ?2)`, c.ID, stamp); err != nil {
		t.Fatal(err)
	}
	before := outboxDump(t, b)
	if len(before) != 3 {
		t.Fatalf("the old outbox holds %d rows", len(before))
	}
	b.Close()

	b, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if v := pragmaInt(t, b.db, "user_version"); v != SchemaVersion() {
		t.Fatalf("user_version %d", v)
	}
	after := outboxDump(t, b)
	if strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("after the rebuild:\n%s\nbefore:\n%s", strings.Join(after, "\n"), strings.Join(before, "\n"))
	}
	ms, err := b.Outbox().FindMessages(ctx, domain.OutboxFilter{Sort: "queued"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, strings.Join([]string{string(m.Kind), m.LevelName, string(m.Status), m.FeeNumber, m.Error}, "|"))
	}
	if strings.Join(got, ";") != "reminder|Before due|sent||;reminder|First reminder|failed||connection refused;reminder|Before due|queued||" {
		t.Errorf("read as messages: %q", got)
	}
	if n := count(t, b, `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND name IN
		('outbox_by_status', 'outbox_by_client', 'outbox_by_level', 'outbox_by_fee', 'outbox_document_unsent')`); n != 5 {
		t.Errorf("%d of the outbox's indexes", n)
	}
	var fk int
	if err := b.db.QueryRow(`SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil || fk != 0 {
		t.Errorf("foreign key check: %d, %v", fk, err)
	}
	// The rules still hold: one reminder per invoice and level, and a
	// reminder names its level.
	if _, err := b.db.Exec(`INSERT INTO outbox (client_id, document_id, level_id, to_address, subject, body, status,
		created_at, updated_at) VALUES (?1, 1, 1, 'x@example.com', 'Again', '', 'queued', ?2, ?2)`, c.ID, stamp); !isUnique(err) {
		t.Errorf("a second reminder at a level: %v", err)
	}
	if _, err := b.db.Exec(`INSERT INTO outbox (client_id, document_id, to_address, subject, body, status,
		created_at, updated_at) VALUES (?1, 1, 'x@example.com', 'No level', '', 'queued', ?2, ?2)`, c.ID, stamp); err == nil {
		t.Error("a reminder without a level was stored")
	}
}

// outboxDump is every outbox row, as text, in id order: the columns the
// schema before the rebuild had.
func outboxDump(t *testing.T, b *Book) []string {
	t.Helper()
	rows, err := b.db.Query(`SELECT id, client_id, document_id, level_id, fee_document_id, to_name, to_address, subject,
		body, status, error, attempts, created_at, sent_at, updated_at FROM outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, v := range vals {
			parts = append(parts, strings.TrimSpace(strings.ReplaceAll(fmtAny(v), "\n", " ")))
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out
}

func fmtAny(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}
