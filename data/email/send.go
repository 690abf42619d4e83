package email

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/smtp"
	"time"

	"clientbook/domain"
)

// Sender hands messages to a mail server over SMTP.
type Sender struct {
	// TLSConfig is used for TLS and STARTTLS; nil checks the server's
	// certificate against the system's roots for its host name.
	TLSConfig *tls.Config
	// Timeout bounds the whole exchange with the server; 0 is one minute.
	Timeout time.Duration
}

// Send delivers raw, an RFC 5322 message, from the address from to the
// addresses to through the server s describes, protected as s.Security says.
// With a user name it logs in with PLAIN, which net/smtp only does over TLS
// (or to this machine), so a password never crosses the network in clear.
// The error says what the server or the network answered.
func (snd Sender) Send(ctx context.Context, s domain.SMTPSettings, from string, to []string, raw []byte) error {
	if err := s.Validate(); err != nil {
		return err
	}
	timeout := snd.Timeout
	if timeout == 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cfg := &tls.Config{ServerName: s.Host}
	if snd.TLSConfig != nil {
		cfg = snd.TLSConfig.Clone()
		if cfg.ServerName == "" {
			cfg.ServerName = s.Host
		}
	}
	dialer := &net.Dialer{}
	var conn net.Conn
	var err error
	if s.Security == domain.SMTPTLS {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: cfg}).DialContext(ctx, "tcp", s.Addr())
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", s.Addr())
	}
	if err != nil {
		return err
	}
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return err
	}
	if s.Security == domain.SMTPStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return fmt.Errorf("%s does not offer STARTTLS; choose TLS, or ask the mail provider for the right port", s.Host)
		}
		if err := c.StartTLS(cfg); err != nil {
			return err
		}
	}
	if s.Username != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return fmt.Errorf("%s does not accept a log-in; leave the user name empty", s.Host)
		}
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return err
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	for _, addr := range to {
		if err := c.Rcpt(addr); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(raw); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
