package email

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"clientbook/data/email/smtptest"
	"clientbook/domain"
)

func testMessage() *Message {
	return &Message{
		From:      mail.Address{Name: "Acme Ltd", Address: "billing@acme.example"},
		To:        mail.Address{Name: "Jürgen Schäfer", Address: "j@nordlicht.example"},
		Subject:   "Zweite Mahnung: Rechnung INV-2027-00004 ist 16 Tage überfällig — bitte prüfen Sie die Zahlung umgehend",
		Body:      "Dear Jürgen,\n\n.a line starting with a dot\n" + strings.Repeat("long line ", 20) + "\n\nKind regards,\nAcme",
		Date:      time.Date(2027, 4, 16, 9, 30, 0, 0, time.UTC),
		MessageID: "reminder-3-1712345678@acme.example",
		Attachments: []Attachment{
			{Filename: "INV-2027-00004.pdf", ContentType: "application/pdf", Data: bytes.Repeat([]byte("%PDF-1.7 \x00\xff"), 200)},
			{Filename: "INV-2027-00009.pdf", ContentType: "application/pdf", Data: []byte("%PDF-fee")},
		},
	}
}

// checkParses reads raw back with net/mail and mime/multipart and checks it
// says what m says.
func checkParses(t *testing.T, m *Message, raw []byte) {
	t.Helper()
	for i, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 || strings.Contains(line, "\n") {
			t.Fatalf("line %d is not a proper RFC 5322 line: %q", i+1, line)
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("subject %q, %v", subject, err)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 1 || *to[0] != m.To {
		t.Errorf("to %v, %v", to, err)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 || *from[0] != m.From {
		t.Errorf("from %v, %v", from, err)
	}
	if d, err := msg.Header.Date(); err != nil || !d.Equal(m.Date) {
		t.Errorf("date %v, %v", d, err)
	}
	if got := msg.Header.Get("Message-ID"); got != "<"+m.MessageID+">" {
		t.Errorf("message id %q", got)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" || msg.Header.Get("MIME-Version") != "1.0" {
		t.Fatalf("content type %q %v", mt, err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	text, err := mr.NextPart() // decodes quoted-printable itself
	if err != nil {
		t.Fatal(err)
	}
	if ct := text.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || !strings.Contains(ct, "utf-8") {
		t.Errorf("text part %q", ct)
	}
	b, _ := io.ReadAll(text)
	if got := strings.ReplaceAll(string(b), "\r\n", "\n"); got != m.Body {
		t.Errorf("body:\n%q\nwant\n%q", got, m.Body)
	}
	for _, a := range m.Attachments {
		p, err := mr.NextPart()
		if err != nil {
			t.Fatal(err)
		}
		if p.FileName() != a.Filename || p.Header.Get("Content-Type") != `application/pdf; name=`+a.Filename ||
			p.Header.Get("Content-Transfer-Encoding") != "base64" {
			t.Errorf("attachment headers %v", p.Header)
		}
		data, err := io.ReadAll(base64Reader(p))
		if err != nil || !bytes.Equal(data, a.Data) {
			t.Errorf("%s: %d bytes back, %v", a.Filename, len(data), err)
		}
	}
	if _, err := mr.NextPart(); err != io.EOF {
		t.Errorf("more parts than attachments: %v", err)
	}
}

func TestMessageParsesBack(t *testing.T) {
	m := testMessage()
	raw, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	checkParses(t, m, raw)
	if _, err := (&Message{From: m.From}).Bytes(); err == nil {
		t.Error("a message without a recipient")
	}
}

func TestFold(t *testing.T) {
	line := "Subject: " + strings.Repeat("word ", 40)
	got := fold(line)
	for _, l := range strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n") {
		if len(l) > maxLine {
			t.Errorf("a line of %d: %q", len(l), l)
		}
	}
	if strings.ReplaceAll(got, "\r\n", "") != line {
		t.Error("unfolding does not give the line back")
	}
	long := "X: " + strings.Repeat("x", 100) + " tail"
	if fold(long) != "X: "+strings.Repeat("x", 100)+"\r\n tail\r\n" {
		t.Errorf("a word longer than a line: %q", fold(long))
	}
}

func TestSendToAFakeServer(t *testing.T) {
	srv := smtptest.New(t)
	m := testMessage()
	raw, _ := m.Bytes()
	s := domain.SMTPSettings{Host: srv.Host(), Port: srv.Port(), Security: domain.SMTPNone}
	if err := (Sender{}).Send(context.Background(), s, m.From.Address, []string{m.To.Address}, raw); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 || got[0].From != "billing@acme.example" || len(got[0].To) != 1 || got[0].To[0] != "j@nordlicht.example" {
		t.Fatalf("received %+v", got)
	}
	if !bytes.Equal(got[0].Data, raw) {
		t.Error("the message arrived changed (dot stuffing?)")
	}
	checkParses(t, m, got[0].Data)
}

func TestSendOverSTARTTLSWithALogIn(t *testing.T) {
	srv, client := smtptest.NewTLS(t)
	raw, _ := testMessage().Bytes()
	s := domain.SMTPSettings{Host: srv.Host(), Port: srv.Port(), Security: domain.SMTPStartTLS, Username: "me", Password: "pa55"}
	if err := (Sender{TLSConfig: client}).Send(context.Background(), s, "billing@acme.example", []string{"j@nordlicht.example"}, raw); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 || !got[0].TLS || got[0].User != "me" || got[0].Password != "pa55" {
		t.Fatalf("received %+v", got)
	}
	// An untrusted certificate is refused before anything is said.
	if err := (Sender{}).Send(context.Background(), s, "billing@acme.example", []string{"j@nordlicht.example"}, raw); err == nil ||
		!strings.Contains(err.Error(), "certificate") {
		t.Errorf("an unknown certificate: %v", err)
	}
	// STARTTLS asked of a server without it.
	plain := smtptest.New(t)
	s = domain.SMTPSettings{Host: plain.Host(), Port: plain.Port(), Security: domain.SMTPStartTLS}
	if err := (Sender{}).Send(context.Background(), s, "a@b.example", []string{"c@d.example"}, raw); err == nil ||
		!strings.Contains(err.Error(), "does not offer STARTTLS") {
		t.Errorf("no STARTTLS: %v", err)
	}
	if len(plain.Messages()) != 0 || len(srv.Messages()) != 1 {
		t.Error("a refused send delivered something")
	}
}

func TestSendFailures(t *testing.T) {
	raw, _ := testMessage().Bytes()
	// Nobody listens on a port just closed.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	s := domain.SMTPSettings{Host: "127.0.0.1", Port: port, Security: domain.SMTPNone}
	if err := (Sender{}).Send(context.Background(), s, "a@b.example", []string{"c@d.example"}, raw); err == nil ||
		!strings.Contains(err.Error(), "refused") {
		t.Errorf("connection refused: %v", err)
	}
	srv := smtptest.New(t)
	srv.RejectRecipients = true
	s = domain.SMTPSettings{Host: srv.Host(), Port: srv.Port(), Security: domain.SMTPNone}
	if err := (Sender{}).Send(context.Background(), s, "a@b.example", []string{"c@d.example"}, raw); err == nil ||
		!strings.Contains(err.Error(), "No such user") {
		t.Errorf("a recipient refused: %v", err)
	}
	if err := (Sender{}).Send(context.Background(), domain.SMTPSettings{}, "a@b.example", nil, raw); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("no host: %v", err)
	}
}
