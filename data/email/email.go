// Package email writes Clientbook's outgoing emails as RFC 5322 messages —
// a plain-text body with PDF attachments, as MIME multipart/mixed — and
// sends them to a mail server over SMTP.
package email

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Attachment is a file sent with a message.
type Attachment struct {
	Filename    string
	ContentType string // "application/pdf"
	Data        []byte
}

// Message is an email to one person.
type Message struct {
	From, To mail.Address
	Subject  string
	Body     string // plain text; lines end in \n
	Date     time.Time
	// MessageID is the unique id of the message, without angle brackets:
	// "reminder-3-1712345678@example.com". The same message sent twice
	// keeps its id, so mail programs can tell it is one.
	MessageID   string
	Attachments []Attachment
}

// maxLine is where header lines are folded and base64 is broken, well under
// RFC 5322's limit of 78 characters.
const maxLine = 76

// Bytes renders the message as RFC 5322 text with CRLF line endings: the
// headers (non-ASCII ones encoded as RFC 2047 words), then a multipart/mixed
// body of the text, quoted-printable in UTF-8, and each attachment in base64.
func (m *Message) Bytes() ([]byte, error) {
	if m.From.Address == "" || m.To.Address == "" {
		return nil, fmt.Errorf("email: a message needs a sender and a recipient")
	}
	for _, a := range []string{m.From.Address, m.To.Address} {
		if strings.ContainsFunc(a, unicode.IsControl) {
			return nil, fmt.Errorf("email: %q is not an e-mail address", a)
		}
	}
	from := mail.Address{Name: HeaderText(m.From.Name), Address: m.From.Address}
	to := mail.Address{Name: HeaderText(m.To.Name), Address: m.To.Address}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	text, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {`text/plain; charset="utf-8"`},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return nil, err
	}
	qp := quotedprintable.NewWriter(text)
	if _, err := qp.Write([]byte(strings.ReplaceAll(m.Body, "\r\n", "\n"))); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	for _, a := range m.Attachments {
		ct := a.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		name := HeaderText(a.Filename)
		part, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {mime.FormatMediaType(ct, map[string]string{"name": name})},
			"Content-Disposition":       {mime.FormatMediaType("attachment", map[string]string{"filename": name})},
			"Content-Transfer-Encoding": {"base64"},
		})
		if err != nil {
			return nil, err
		}
		enc := base64.StdEncoding.EncodeToString(a.Data)
		for len(enc) > 0 {
			n := min(len(enc), maxLine)
			if _, err := part.Write([]byte(enc[:n] + "\r\n")); err != nil {
				return nil, err
			}
			enc = enc[n:]
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}

	var out bytes.Buffer
	header := func(name, value string) { out.WriteString(fold(name + ": " + value)) }
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", HeaderText(m.Subject)))
	header("Date", m.Date.Format(time.RFC1123Z))
	if m.MessageID != "" {
		header("Message-ID", "<"+m.MessageID+">")
	}
	header("MIME-Version", "1.0")
	header("Content-Type", mime.FormatMediaType("multipart/mixed", map[string]string{"boundary": mw.Boundary()}))
	out.WriteString("\r\n")
	out.Write(body.Bytes())
	return out.Bytes(), nil
}

// fold breaks a header line at spaces after its first word of value so that
// no line is longer than maxLine where it can be helped, and ends it with
// CRLF. Unfolding (taking out each CRLF) gives back the line.
func fold(line string) string {
	var b strings.Builder
	start := strings.Index(line, ": ") + 2 // never fold before the value
	for len(line) > maxLine {
		i := strings.LastIndex(line[:maxLine], " ")
		if i < start {
			j := strings.Index(line[max(start, maxLine):], " ")
			if j < 0 {
				break
			}
			i = max(start, maxLine) + j
		}
		b.WriteString(line[:i] + "\r\n")
		line, start = line[i:], 1
	}
	b.WriteString(line + "\r\n")
	return b.String()
}

// HeaderText makes text safe to put in a header as a display name, a
// subject or a file name: what a mail program would show is one line. Text
// that is itself RFC 2047 encoded ("=?UTF-8?B?…?=", as a name copied from
// another message may be) is decoded first, repeatedly, since the encoding
// would otherwise carry line breaks past this check and the reader's mail
// program would decode them into its headers; then every control character
// (CR, LF, tab, NUL, …) and Unicode line or paragraph separator becomes a
// space, runs of spaces become one, and the ends are trimmed. Whatever still
// looks like an encoded word after that is broken apart so that no mail
// program decodes it.
func HeaderText(s string) string {
	dec := mime.WordDecoder{CharsetReader: func(charset string, input io.Reader) (io.Reader, error) {
		return nil, fmt.Errorf("unknown charset %q", charset)
	}}
	for range 4 {
		if !strings.Contains(s, "=?") {
			break
		}
		d, err := dec.DecodeHeader(s)
		if err != nil || d == s {
			break
		}
		s = d
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || !utf8.ValidRune(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "=?", "= ?")
}
