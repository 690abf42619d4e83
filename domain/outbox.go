package domain

import (
	"context"
	"net"
	"strconv"
	"strings"
	"time"
)

// MessageStatus is where an outbox message is on its way out.
type MessageStatus string

const (
	// MessageQueued messages wait to be sent.
	MessageQueued MessageStatus = "queued"
	// MessageSent messages were accepted by the mail server.
	MessageSent MessageStatus = "sent"
	// MessageFailed messages could not be sent the last time it was tried;
	// they stay in the outbox, with the error, to be tried again.
	MessageFailed MessageStatus = "failed"
	// MessageDiscarded messages were put aside unsent by the person. They
	// stay listed, as a record: a discarded reminder is not made again.
	MessageDiscarded MessageStatus = "discarded"
)

// MessageStatuses lists the statuses in the order a message moves through them.
var MessageStatuses = []MessageStatus{MessageQueued, MessageFailed, MessageSent, MessageDiscarded}

// Unsent reports whether a message with this status may still be sent.
func (s MessageStatus) Unsent() bool { return s == MessageQueued || s == MessageFailed }

// MessageKind is what an outbox message is for.
type MessageKind string

const (
	// MessageReminder is a payment reminder made at a reminder level.
	MessageReminder MessageKind = "reminder"
	// MessageDocument sends an issued invoice or credit note (Email
	// invoice…).
	MessageDocument MessageKind = "document"
)

// Valid reports whether s is one of the known statuses.
func (s MessageStatus) Valid() bool {
	for _, x := range MessageStatuses {
		if s == x {
			return true
		}
	}
	return false
}

// Title is the status as people read it: "Queued".
func (s MessageStatus) Title() string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// OutboxMessage is an email Clientbook wrote and keeps until it is sent: a
// reminder about an invoice, with the invoice (and any late-fee invoice)
// attached as PDF when it goes out, or an issued invoice or credit note sent
// to the client with its PDF.
type OutboxMessage struct {
	ID         int64
	Kind       MessageKind
	ClientID   int64
	ClientName string // filled in when read, for display
	// DocumentID is the invoice (or credit note) it is about.
	DocumentID     int64
	DocumentNumber string  // filled in when read
	DocumentKind   DocKind // filled in when read
	// LevelID is the reminder level a reminder was made for; 0 for a
	// document's email.
	LevelID   int64
	LevelName string // filled in when read
	// FeeDocumentID is the late-fee invoice made with it; 0 for none.
	FeeDocumentID int64
	FeeNumber     string // filled in when read
	// EInvoice is the format the client receives e-invoices in, as it is
	// now (filled in when read): the message carries the invoice's in it.
	EInvoice  EInvoiceFormat
	ToName    string
	ToAddress string
	Subject   string
	Body      string
	Status    MessageStatus
	Error     string // why the last attempt failed
	Attempts  int
	CreatedAt time.Time
	SentAt    time.Time // zero until sent
}

// AttachmentNames are the files the message is sent with: each invoice's
// PDF (a Factur-X PDF for a client who receives those) and, for a client who
// receives XML e-invoices, each invoice's e-invoice.
func (m OutboxMessage) AttachmentNames() []string {
	var out []string
	for _, n := range []string{m.DocumentNumber, m.FeeNumber} {
		if n == "" {
			continue
		}
		out = append(out, n+".pdf")
		if m.EInvoice != EInvoiceNone && m.EInvoice != EInvoiceFacturX {
			out = append(out, m.EInvoice.FileName(n))
		}
	}
	return out
}

// What says what the message is in a word or two: the reminder's level,
// "Invoice" or "Credit note".
func (m OutboxMessage) What() string {
	if m.Kind == MessageDocument {
		return m.DocumentKind.Title()
	}
	return m.LevelName
}

// Description names the message for people: "the reminder to
// ap@example.com about invoice INV-2027-00004", "invoice INV-2027-00004 to
// ap@example.com".
func (m OutboxMessage) Description() string {
	kind := strings.ToLower(m.DocumentKind.Title())
	if m.DocumentKind == "" {
		kind = "invoice"
	}
	if m.Kind == MessageDocument {
		return "the email of " + kind + " " + m.DocumentNumber + " to " + m.ToAddress
	}
	return "the reminder to " + m.ToAddress + " about " + kind + " " + m.DocumentNumber
}

// OutboxFilter selects outbox messages, the newest first.
type OutboxFilter struct {
	Status MessageStatus // "" for every status
	// Unsent keeps queued and failed messages; ignored when Status is given.
	Unsent   bool
	ClientID int64
	// Sort orders the page: "queued" (the default), "status", "invoice",
	// "client", "to" or "sent"; Desc reverses it. Without Sort the newest
	// come first.
	Sort          string
	Desc          bool
	Offset, Limit int // Limit 0 for no limit
	// After, when not 0, is the id of the last message of the page before:
	// the page starts right after it in the order asked (paging by key,
	// which reads only the rows shown however deep the page), and Offset is
	// used only when that message is gone.
	After int64
}

// SMTPSecurity is how the connection to a mail server is protected.
type SMTPSecurity string

const (
	// SMTPStartTLS connects in plain text and upgrades with STARTTLS,
	// refusing a server that cannot (usually port 587).
	SMTPStartTLS SMTPSecurity = "starttls"
	// SMTPTLS speaks TLS from the start (usually port 465).
	SMTPTLS SMTPSecurity = "tls"
	// SMTPNone sends in plain text. Only for a relay on this machine or a
	// trusted network; a password is never sent over it.
	SMTPNone SMTPSecurity = "none"
)

// SMTPSecurities lists the choices in the order they are offered to people.
var SMTPSecurities = []SMTPSecurity{SMTPStartTLS, SMTPTLS, SMTPNone}

// Title is the choice as people read it.
func (s SMTPSecurity) Title() string {
	switch s {
	case SMTPStartTLS:
		return "STARTTLS"
	case SMTPTLS:
		return "TLS"
	case SMTPNone:
		return "None (plain text)"
	}
	return string(s)
}

// SMTPSettings say how to reach the mail server that sends the outbox.
// They are not kept in the book: the desktop app keeps them in its
// preferences, and Password is given for each send by whoever calls, never
// stored by Clientbook's services.
type SMTPSettings struct {
	Host     string
	Port     int // 0 for the usual port of Security
	Security SMTPSecurity
	Username string // "" to send without logging in
	Password string
}

// Addr is host:port, with the usual port for the security when none is given.
func (s SMTPSettings) Addr() string {
	port := s.Port
	if port == 0 {
		switch s.Security {
		case SMTPTLS:
			port = 465
		case SMTPNone:
			port = 25
		default:
			port = 587
		}
	}
	return net.JoinHostPort(s.Host, strconv.Itoa(port))
}

// Validate tidies and checks the settings. An empty security is STARTTLS.
func (s *SMTPSettings) Validate() error {
	s.Host = strings.TrimSpace(s.Host)
	s.Username = strings.TrimSpace(s.Username)
	if s.Security == "" {
		s.Security = SMTPStartTLS
	}
	v := validation{what: "Mail settings"}
	if s.Host == "" || strings.ContainsAny(s.Host, " /[]") || strings.Contains(s.Host, ":") && net.ParseIP(s.Host) == nil {
		v.add("host", "enter the mail server's name, e.g. smtp.example.com")
	}
	if s.Port < 0 || s.Port > 65535 {
		v.add("port", "the port is a number from 1 to 65535")
	}
	switch s.Security {
	case SMTPStartTLS, SMTPTLS:
	case SMTPNone:
		if s.Password != "" {
			v.add("security", "a password is never sent in plain text; choose STARTTLS or TLS")
		}
	default:
		v.add("security", "choose STARTTLS, TLS or none")
	}
	if s.Username == "" && s.Password != "" {
		v.add("username", "enter the user name that goes with the password")
	}
	if s.Username != "" && s.Password == "" {
		v.add("password", "enter the password for %s", s.Username)
	}
	return v.err()
}

// OutboxService keeps the messages waiting to be sent and sends them.
type OutboxService interface {
	// FindMessageByID returns the message, or ENOTFOUND.
	FindMessageByID(ctx context.Context, id int64) (*OutboxMessage, error)
	// FindMessages returns a page of messages, the newest first unless the
	// filter sorts them otherwise.
	FindMessages(ctx context.Context, f OutboxFilter) ([]OutboxMessage, error)
	// CountMessages counts the messages that match, ignoring Offset and Limit.
	CountMessages(ctx context.Context, f OutboxFilter) (int, error)
	// SaveEML writes the message as an RFC 5322 .eml file in dir, with its
	// invoices attached as PDF, as it would be sent, and returns the file's
	// path. The file appears whole or not at all; the message stays in the
	// outbox as it was.
	SaveEML(ctx context.Context, id int64, dir string) (string, error)
	// Send sends the message through the mail server. A message that goes
	// is marked sent (and a reminder logged as an email in the client's
	// collection log); one that fails stays in the outbox, marked failed
	// with the error, and the error is returned. A sent or discarded
	// message is not sent.
	Send(ctx context.Context, id int64, s SMTPSettings) error
	// QueueDocument queues the email that sends the issued invoice or
	// credit note docID to its client, with its PDF attached when it goes:
	// to the contact reminders go to (ReminderRecipient), subject and body
	// from the company's DocumentEmail templates. It is refused (EINVALID)
	// for a draft, a quote or a void document and when no contact of the
	// client has an email address, and (ECONFLICT) while an email of the
	// same document waits unsent.
	QueueDocument(ctx context.Context, docID int64) (*OutboxMessage, error)
	// MarkSent records an unsent message as sent by other means (an .eml
	// file sent from a mail program), as Send would record it.
	MarkSent(ctx context.Context, id int64) error
	// Discard puts an unsent message aside: it is never sent, and stays
	// listed as discarded. A discarded reminder is not made again.
	Discard(ctx context.Context, id int64) error
}
