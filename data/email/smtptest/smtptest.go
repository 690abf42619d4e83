// Package smtptest is a mail server for tests: it listens on 127.0.0.1,
// speaks just enough SMTP for net/smtp to hand it a message (EHLO, MAIL,
// RCPT, DATA, RSET, NOOP, QUIT, and with NewTLS also STARTTLS and AUTH
// PLAIN) and keeps what it was given.
package smtptest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Received is one message the server accepted.
type Received struct {
	From string
	To   []string
	Data []byte // as sent, dot-unstuffed, with CRLF line endings
	// TLS reports whether the message came over STARTTLS; User and
	// Password are what the client logged in with.
	TLS            bool
	User, Password string
}

// Server is a running test mail server.
type Server struct {
	// Addr is where it listens, "127.0.0.1:port".
	Addr string
	// RejectRecipients makes it refuse every recipient with 550.
	RejectRecipients bool

	tls  *tls.Config
	ln   net.Listener
	wg   sync.WaitGroup
	mu   sync.Mutex
	msgs []Received
}

// New starts a server that is closed when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(s.Close)
	return s
}

// NewTLS starts a server that offers STARTTLS and AUTH PLAIN with a
// certificate made for 127.0.0.1, and returns it with a client configuration
// that trusts that certificate.
func NewTLS(t testing.TB) (*Server, *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtptest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	s := New(t)
	s.tls = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	return s, &tls.Config{RootCAs: roots}
}

// Host is the address it listens on, 127.0.0.1.
func (s *Server) Host() string {
	h, _, _ := net.SplitHostPort(s.Addr)
	return h
}

// Port is the port it listens on.
func (s *Server) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// Messages returns what the server accepted so far.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Close stops the server and waits for its connections to end.
func (s *Server) Close() {
	s.ln.Close()
	s.wg.Wait()
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer conn.Close()
			s.session(conn)
		}()
	}
}

// session answers one client until it quits or hangs up.
func (s *Server) session(conn net.Conn) {
	c := textproto.NewConn(conn)
	reply := func(line string) bool { return c.PrintfLine("%s", line) == nil }
	if !reply("220 smtptest ESMTP ready") {
		return
	}
	var msg Received
	secure := false
	var user, password string
	for {
		line, err := c.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		ok := true
		switch strings.ToUpper(verb) {
		case "EHLO":
			switch {
			case s.tls != nil && !secure:
				ok = reply("250-smtptest greets "+arg) && reply("250-8BITMIME") && reply("250 STARTTLS")
			case s.tls != nil:
				ok = reply("250-smtptest greets "+arg) && reply("250-8BITMIME") && reply("250 AUTH PLAIN")
			default:
				ok = reply("250-smtptest greets "+arg) && reply("250 8BITMIME")
			}
		case "STARTTLS":
			if s.tls == nil || secure {
				ok = reply("502 5.5.1 Not offered")
				break
			}
			if !reply("220 2.0.0 Ready to start TLS") {
				return
			}
			tc := tls.Server(conn, s.tls)
			if tc.Handshake() != nil {
				return
			}
			conn, secure = tc, true
			c = textproto.NewConn(tc)
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			b, err := base64.StdEncoding.DecodeString(initial)
			parts := strings.Split(string(b), "\x00")
			if !secure || !strings.EqualFold(mech, "PLAIN") || err != nil || len(parts) != 3 {
				ok = reply("535 5.7.8 Authentication failed")
				break
			}
			user, password = parts[1], parts[2]
			ok = reply("235 2.7.0 Authenticated")
		case "HELO":
			ok = reply("250 smtptest")
		case "MAIL":
			msg = Received{From: address(arg), TLS: secure, User: user, Password: password}
			ok = reply("250 2.1.0 OK")
		case "RCPT":
			if s.RejectRecipients {
				ok = reply("550 5.1.1 No such user here")
				break
			}
			msg.To = append(msg.To, address(arg))
			ok = reply("250 2.1.5 OK")
		case "DATA":
			if !reply("354 End data with <CR><LF>.<CR><LF>") {
				return
			}
			data, err := readDot(c.Reader.R)
			if err != nil {
				return
			}
			msg.Data = data
			s.mu.Lock()
			s.msgs = append(s.msgs, msg)
			s.mu.Unlock()
			msg = Received{}
			ok = reply("250 2.0.0 OK queued")
		case "RSET":
			msg = Received{}
			ok = reply("250 2.0.0 OK")
		case "NOOP":
			ok = reply("250 2.0.0 OK")
		case "QUIT":
			reply("221 2.0.0 Bye")
			return
		default:
			ok = reply("502 5.5.2 Command not recognised")
		}
		if !ok {
			return
		}
	}
}

// readDot reads DATA up to the line holding a single dot, undoing the dot
// stuffing and keeping CRLF line endings.
func readDot(r *bufio.Reader) ([]byte, error) {
	var out []byte
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		if line == ".\r\n" {
			return out, nil
		}
		line = strings.TrimPrefix(line, ".")
		out = append(out, line...)
	}
}

// address takes the address out of "FROM:<a@b.example> BODY=8BITMIME".
func address(arg string) string {
	_, rest, _ := strings.Cut(arg, "<")
	addr, _, _ := strings.Cut(rest, ">")
	return addr
}
