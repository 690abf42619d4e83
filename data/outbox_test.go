package data

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"clientbook/data/email/smtptest"
	"clientbook/domain"
)

// queuedReminder is a book with one queued reminder, the final one, for an
// invoice of 1,234.55 EUR; with a fee, the level charges 1.5%.
func queuedReminder(t *testing.T, withFee bool) (*Book, domain.OutboxMessage) {
	t.Helper()
	b, c := reminderBook(t)
	issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "Hosting|1234.55")
	if withFee {
		final := levelAt(t, b, 30)
		final.Fee, _ = domain.ParseLateFee("1.5%")
		if err := b.Reminders().SaveReminderLevel(context.Background(), &final); err != nil {
			t.Fatal(err)
		}
	}
	run := runReminders(t, b, "2027-05-01")
	if len(run.Made) != 1 {
		t.Fatalf("made %q", made(run))
	}
	return b, run.Made[0].Message
}

// pdfParts reads an .eml back with net/mail and returns its text and the
// file names and contents of its PDF attachments.
func pdfParts(t *testing.T, raw []byte) (*mail.Message, string, map[string][]byte) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("content type %q: %v", mt, err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var text string
	pdfs := map[string][]byte{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			b, _ := io.ReadAll(p)
			text = string(b)
			continue
		}
		if p.Header.Get("Content-Type") != "application/pdf; name="+p.FileName() {
			t.Errorf("attachment %q", p.Header.Get("Content-Type"))
		}
		b, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
		if err != nil {
			t.Fatal(err)
		}
		pdfs[p.FileName()] = b
	}
	return msg, text, pdfs
}

func TestSaveEMLWithTheInvoicePDF(t *testing.T) {
	b, m := queuedReminder(t, true)
	ctx := context.Background()
	dir := t.TempDir()
	path, err := b.Outbox().SaveEML(ctx, m.ID, dir)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != "INV-2027-00001-final-reminder-1.eml" || filepath.Dir(path) != dir {
		t.Errorf("path %s", path)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left in the folder: %v", entries)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	msg, text, pdfs := pdfParts(t, raw)
	from, _ := msg.Header.AddressList("From")
	to, _ := msg.Header.AddressList("To")
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if len(from) != 1 || from[0].Address != "billing@acme.example" || from[0].Name != "Acme Ltd" ||
		len(to) != 1 || to[0].Address != "j@nordlicht.example" || to[0].Name != "Jürgen Schäfer" || subject != m.Subject {
		t.Errorf("headers: from %v, to %v, subject %q", from, to, subject)
	}
	if !strings.HasPrefix(msg.Header.Get("Message-ID"), "<clientbook-reminder-1-") {
		t.Errorf("message id %q", msg.Header.Get("Message-ID"))
	}
	if strings.ReplaceAll(text, "\r\n", "\n") != m.Body {
		t.Errorf("text:\n%s\nwant\n%s", text, m.Body)
	}
	if len(pdfs) != 2 || !bytes.HasPrefix(pdfs["INV-2027-00001.pdf"], []byte("%PDF-")) || !bytes.HasPrefix(pdfs["INV-2027-00002.pdf"], []byte("%PDF-")) {
		t.Errorf("attachments: %d", len(pdfs))
	}
	if got, _ := b.Outbox().FindMessageByID(ctx, m.ID); got.Status != domain.MessageQueued || got.Attempts != 0 {
		t.Errorf("saving it changed the message: %+v", got)
	}

	// Without the company's address there is no sender: refused, no file.
	co, _ := b.Company().Company(ctx)
	co.Email = ""
	if err := b.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()
	if _, err := b.Outbox().SaveEML(ctx, m.ID, empty); domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(domain.ErrorMessage(err), "Settings") {
		t.Errorf("no sender: %v", err)
	}
	if _, err := b.Outbox().SaveEML(ctx, m.ID, filepath.Join(empty, "missing")); err == nil {
		t.Error("saved into a folder that does not exist")
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("files left: %v", entries)
	}
}

func TestSendToAFakeSMTPServer(t *testing.T) {
	b, m := queuedReminder(t, false)
	ctx := context.Background()
	srv := smtptest.New(t)
	settings := domain.SMTPSettings{Host: srv.Host(), Port: srv.Port(), Security: domain.SMTPNone}
	if err := b.Outbox().Send(ctx, m.ID, settings); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 || got[0].From != "billing@acme.example" || len(got[0].To) != 1 || got[0].To[0] != "j@nordlicht.example" {
		t.Fatalf("the server received %+v", got)
	}
	_, text, pdfs := pdfParts(t, got[0].Data)
	if !strings.Contains(text, "is still unpaid") || len(pdfs) != 1 {
		t.Errorf("sent text %q with %d PDFs", text, len(pdfs))
	}
	sent, _ := b.Outbox().FindMessageByID(ctx, m.ID)
	if sent.Status != domain.MessageSent || sent.Attempts != 1 || sent.SentAt.IsZero() || sent.Error != "" {
		t.Errorf("after sending: %+v", sent)
	}
	log, _ := b.Collections().FindCollectionEntries(ctx, domain.CollectionFilter{DocumentID: m.DocumentID})
	if len(log) != 1 || log[0].Kind != domain.CollectionEmail || log[0].Text != "Final reminder sent to j@nordlicht.example: "+m.Subject {
		t.Errorf("collection log %+v", log)
	}
	if got := auditRows(t, b, "outbox", m.ID); strings.Join(got, ",") != "create,send" {
		t.Errorf("audit %v", got)
	}
	if err := b.Outbox().Send(ctx, m.ID, settings); domain.ErrorCode(err) != domain.ECONFLICT || len(srv.Messages()) != 1 {
		t.Errorf("sent twice: %v", err)
	}
	if ms, _ := b.Outbox().FindMessages(ctx, domain.OutboxFilter{Unsent: true}); len(ms) != 0 {
		t.Errorf("still unsent: %+v", ms)
	}
}

func TestFailedSendStaysInTheOutbox(t *testing.T) {
	b, m := queuedReminder(t, false)
	ctx := context.Background()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nobody listens there now: connection refused
	refused := domain.SMTPSettings{Host: "127.0.0.1", Port: port, Security: domain.SMTPNone}
	err = b.Outbox().Send(ctx, m.ID, refused)
	if err == nil || !strings.Contains(domain.ErrorMessage(err), "refused") || !strings.Contains(domain.ErrorMessage(err), "stays in the outbox") {
		t.Fatalf("send to nobody: %v", err)
	}
	failed, _ := b.Outbox().FindMessageByID(ctx, m.ID)
	if failed.Status != domain.MessageFailed || failed.Attempts != 1 || !strings.Contains(failed.Error, "connection refused") ||
		!failed.SentAt.IsZero() || failed.Body != m.Body || failed.Subject != m.Subject {
		t.Errorf("after a failed send: %+v", failed)
	}
	if ms, _ := b.Outbox().FindMessages(ctx, domain.OutboxFilter{Unsent: true}); len(ms) != 1 || ms[0].ID != m.ID {
		t.Errorf("unsent: %+v", ms)
	}
	if ms, _ := b.Outbox().FindMessages(ctx, domain.OutboxFilter{Status: domain.MessageFailed}); len(ms) != 1 {
		t.Errorf("failed: %+v", ms)
	}
	if log, _ := b.Collections().FindCollectionEntries(ctx, domain.CollectionFilter{}); len(log) != 0 {
		t.Errorf("a failed send was logged as an email: %+v", log)
	}

	// Bad settings are refused before anything is tried or written.
	if err := b.Outbox().Send(ctx, m.ID, domain.SMTPSettings{Host: "mail example"}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("bad settings: %v", err)
	}
	if got, _ := b.Outbox().FindMessageByID(ctx, m.ID); got.Attempts != 1 {
		t.Errorf("bad settings counted as an attempt: %+v", got)
	}

	// Tried again once the server is up, it goes.
	srv := smtptest.New(t)
	if err := b.Outbox().Send(ctx, m.ID, domain.SMTPSettings{Host: srv.Host(), Port: srv.Port(), Security: domain.SMTPNone}); err != nil {
		t.Fatal(err)
	}
	sent, _ := b.Outbox().FindMessageByID(ctx, m.ID)
	if sent.Status != domain.MessageSent || sent.Attempts != 2 || sent.Error != "" || len(srv.Messages()) != 1 {
		t.Errorf("retried: %+v", sent)
	}
	if got := auditRows(t, b, "outbox", m.ID); strings.Join(got, ",") != "create,send-failed,send" {
		t.Errorf("audit %v", got)
	}
	if _, err := b.Outbox().FindMessageByID(ctx, 999); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("missing: %v", err)
	}
}

// TestOutboxPagesByKey reads the outbox page by page, each after the last
// message of the one before, in every order the screen sorts by, both ways,
// and with a filter: the same messages in the same order as one unpaged
// read — also where the order has ties (one client, one address in two
// cases) and NULLs (the time a message not sent was sent).
func TestOutboxPagesByKey(t *testing.T) {
	b, c := reminderBook(t)
	ctx := context.Background()
	other := newClient("Alpenrose Hotel AG", "Bern", domain.Contact{Name: "Anna", Email: "J@NORDLICHT.example", Primary: true})
	if err := b.Clients().CreateClient(ctx, other); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := 0; i < 11; i++ {
		cl := c
		if i%3 == 0 {
			cl = other
		}
		inv := issueInvoice(t, b, cl, fmt.Sprintf("2027-03-%02d", i+1), "2027-04-30", "Hosting|100.00")
		m, err := b.Outbox().QueueDocument(ctx, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	for _, i := range []int{1, 4, 5, 9} {
		if err := b.Outbox().MarkSent(ctx, ids[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Outbox().Discard(ctx, ids[7]); err != nil {
		t.Fatal(err)
	}
	for _, base := range []domain.OutboxFilter{{}, {Unsent: true}, {ClientID: c.ID}} {
		for _, so := range []string{"", "queued", "status", "invoice", "client", "to", "sent"} {
			for _, desc := range []bool{false, true} {
				f := base
				f.Sort, f.Desc = so, desc
				all, err := b.Outbox().FindMessages(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var want, got []int64
				for _, m := range all {
					want = append(want, m.ID)
				}
				f.Limit = 3
				for len(got) <= len(want) {
					page, err := b.Outbox().FindMessages(ctx, f)
					if err != nil {
						t.Fatal(err)
					}
					for _, m := range page {
						got = append(got, m.ID)
					}
					if len(page) < f.Limit {
						break
					}
					f.After, f.Offset = page[len(page)-1].ID, len(got)
				}
				if len(want) == 0 || !slices.Equal(got, want) {
					t.Errorf("%+v sorted %q desc %v: by key %v, unpaged %v", base, so, desc, got, want)
				}
			}
		}
	}
	// A page after a message that is gone falls back on the offset.
	page, err := b.Outbox().FindMessages(ctx, domain.OutboxFilter{After: 1 << 40, Offset: 2, Limit: 3})
	if err != nil || len(page) != 3 || page[0].ID != ids[8] {
		t.Errorf("after a message that is not there: %v %v", page, err)
	}
}
