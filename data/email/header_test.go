package email

import (
	"bytes"
	"encoding/base64"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"
)

func b64Word(s string) string {
	return "=?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte(s)) + "?="
}

// TestHeaderInjection gives display names, subjects and file names with line
// breaks, raw or RFC 2047 encoded (once or twice, B or Q), and checks the
// message has exactly its own headers and that every header, decoded as a
// mail program would, is one line.
func TestHeaderInjection(t *testing.T) {
	evil := "Eve\r\nBcc: victim@evil.example"
	for _, name := range []string{
		evil,
		"Ève\nBcc: victim@evil.example",
		b64Word(evil),
		"=?utf-8?q?Eve=0D=0ABcc:_victim@evil.example?=",
		"Acme " + b64Word(evil) + " Ltd",
		b64Word(b64Word(evil)),
		"Eve\u2028Bcc: victim@evil.example\x00\x85",
		"=?x-unknown?q?Eve=0D=0ABcc:_victim@evil.example?=",
	} {
		m := testMessage()
		m.To.Name, m.From.Name, m.Subject = name, name, name
		m.Attachments[0].Filename = name + ".pdf"
		raw, err := m.Bytes()
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		if len(msg.Header) != 7 || msg.Header.Get("Bcc") != "" {
			t.Errorf("%q: headers %v", name, msg.Header)
		}
		dec := new(mime.WordDecoder)
		for _, h := range []string{"To", "From", "Subject"} {
			v, err := dec.DecodeHeader(msg.Header.Get(h))
			if err != nil {
				t.Errorf("%q: %s: %v", name, h, err)
			}
			// Decoding once more must not find another encoded word.
			again, _ := dec.DecodeHeader(v)
			if strings.ContainsAny(v, "\r\n\x00") || again != v || !strings.Contains(v, "Eve") && !strings.Contains(v, "Ève") {
				t.Errorf("%q: %s decodes to %q, then %q", name, h, v, again)
			}
		}
		to, err := msg.Header.AddressList("To")
		if err != nil || len(to) != 1 || to[0].Address != m.To.Address {
			t.Errorf("%q: To %v, %v", name, to, err)
		}
	}
}

func TestHeaderText(t *testing.T) {
	for in, want := range map[string]string{
		"Jürgen Schäfer":                         "Jürgen Schäfer",
		"  Acme\t Ltd \r\n":                      "Acme Ltd",
		b64Word("Eve\r\nBcc: x@y"):               "Eve Bcc: x@y",
		"=?ISO-8859-1?Q?J=FCrgen?= Sch\u00e4fer": "Jürgen Schäfer",
		"=?x-unknown?q?a=0Ab?=":                  "= ?x-unknown?q?a=0Ab?=",
		"bad \xff utf-8":                         "bad \uFFFD utf-8",
	} {
		if got := HeaderText(in); got != want {
			t.Errorf("HeaderText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAddressWithControlCharactersIsRefused(t *testing.T) {
	m := testMessage()
	m.To.Address = "j@nordlicht.example\r\nBcc: victim@evil.example"
	if _, err := m.Bytes(); err == nil || !strings.Contains(err.Error(), "is not an e-mail address") {
		t.Errorf("Bytes() = %v", err)
	}
	m = &Message{From: mail.Address{Address: "a@b.example"}, To: mail.Address{Address: "c@d.example"}, Date: time.Now()}
	if _, err := m.Bytes(); err != nil {
		t.Errorf("a plain message: %v", err)
	}
}
