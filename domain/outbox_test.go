package domain

import "testing"

func TestSMTPSettingsValidate(t *testing.T) {
	s := SMTPSettings{Host: " smtp.example.com ", Username: " me ", Password: "secret"}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Host != "smtp.example.com" || s.Username != "me" || s.Security != SMTPStartTLS || s.Addr() != "smtp.example.com:587" {
		t.Errorf("tidied %+v, %s", s, s.Addr())
	}
	for _, tc := range []struct {
		s    SMTPSettings
		addr string
	}{
		{SMTPSettings{Host: "mail.example", Security: SMTPTLS}, "mail.example:465"},
		{SMTPSettings{Host: "127.0.0.1", Port: 2525, Security: SMTPNone}, "127.0.0.1:2525"},
		{SMTPSettings{Host: "::1", Security: SMTPNone}, "[::1]:25"},
	} {
		if err := tc.s.Validate(); err != nil || tc.s.Addr() != tc.addr {
			t.Errorf("%+v: %v, %s", tc.s, err, tc.s.Addr())
		}
	}
	for _, tc := range []struct {
		name  string
		s     SMTPSettings
		field string
	}{
		{"no host", SMTPSettings{}, "host"},
		{"a URL", SMTPSettings{Host: "smtp://mail.example"}, "host"},
		{"a port in the host", SMTPSettings{Host: "mail.example:25"}, "host"},
		{"a bad port", SMTPSettings{Host: "mail.example", Port: 70000}, "port"},
		{"unknown security", SMTPSettings{Host: "mail.example", Security: "ssl3"}, "security"},
		{"a password in plain text", SMTPSettings{Host: "mail.example", Security: SMTPNone, Username: "me", Password: "x"}, "security"},
		{"a password without a user", SMTPSettings{Host: "mail.example", Password: "x"}, "username"},
		{"a user without a password", SMTPSettings{Host: "mail.example", Username: "me"}, "password"},
	} {
		err := tc.s.Validate()
		if ErrorCode(err) != EINVALID || FieldErrors(err)[tc.field] == "" || len(FieldErrors(err)) != 1 {
			t.Errorf("%s: want one problem at %s, got %v", tc.name, tc.field, FieldErrors(err))
		}
	}
	if MessageFailed.Title() != "Failed" || !MessageSent.Valid() || MessageStatus("bounced").Valid() {
		t.Error("statuses")
	}
}
