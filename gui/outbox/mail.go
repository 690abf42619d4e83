package outbox

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/zalando/go-keyring"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// Preference keys of the mail server settings. The password is never among
// them: it is kept in the operating system's keychain, or for the session.
const (
	prefHost     = "smtp.host"
	prefPort     = "smtp.port"
	prefSecurity = "smtp.security"
	prefUser     = "smtp.username"
	prefRemember = "smtp.remember"
)

// keychainService names Clientbook's entries in the operating system's
// keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on
// Windows); each entry is a mail server user, "me@smtp.example.com".
const keychainService = "Clientbook mail server"

// keychainTimeout bounds a call to the keychain: a Secret Service that never
// answers must not keep a message from going.
var keychainTimeout = 5 * time.Second

// keychainCall runs f with a deadline.
func keychainCall[R any](f func() (R, error)) (R, error) {
	type result struct {
		r   R
		err error
	}
	ch := make(chan result, 1)
	go func() {
		r, err := f()
		ch <- result{r, err}
	}()
	select {
	case x := <-ch:
		return x.r, x.err
	case <-time.After(keychainTimeout):
		var zero R
		return zero, errors.New("the system keychain did not answer")
	}
}

// keychainUser is the keychain entry of a mail server's user.
func keychainUser(host, user string) string {
	return strings.TrimSpace(user) + "@" + strings.TrimSpace(host)
}

// mailServer keeps the mail server's settings: host, port, security and user
// in the app's preferences, the password in the keychain when the person
// asks for it to be remembered and the keychain answers, and otherwise for
// this session only, in memory.
type mailServer struct {
	prefs fyne.Preferences

	mu      sync.Mutex        // guards session and noKeychain, used off the UI goroutine
	session map[string]string // passwords for this session, by keychain user
	// noKeychain says why the keychain could not be used, "" while it could.
	noKeychain string
}

// keychainProblem is why the keychain could not be used, "" while it could.
func (m *mailServer) keychainProblem() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.noKeychain
}

func (m *mailServer) setKeychainProblem(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.noKeychain = ""
	if err != nil {
		m.noKeychain = err.Error()
	}
}

func newMailServer(prefs fyne.Preferences) *mailServer {
	return &mailServer{prefs: prefs, session: map[string]string{}}
}

// saved are the settings in the preferences, without the password.
func (m *mailServer) saved() domain.SMTPSettings {
	return domain.SMTPSettings{Host: m.prefs.String(prefHost), Port: m.prefs.Int(prefPort),
		Security: domain.SMTPSecurity(m.prefs.StringWithFallback(prefSecurity, string(domain.SMTPStartTLS))),
		Username: m.prefs.String(prefUser)}
}

// password finds the password of user at host: this session's, else the
// keychain's. It may wait on the keychain; call it off the UI goroutine.
func (m *mailServer) password(host, user string) string {
	if user == "" {
		return ""
	}
	key := keychainUser(host, user)
	m.mu.Lock()
	p, ok := m.session[key]
	m.mu.Unlock()
	if ok {
		return p
	}
	p, err := keychainCall(func() (string, error) { return keyring.Get(keychainService, key) })
	switch {
	case err == nil:
		m.setKeychainProblem(nil)
		return p
	case !errors.Is(err, keyring.ErrNotFound):
		m.setKeychainProblem(err)
	}
	return ""
}

// store keeps the settings: all but the password in the preferences; the
// password for the session and, if remember, in the keychain (else it is
// taken out of it). It reports what became of the password, for a notice.
// It may wait on the keychain; call it off the UI goroutine.
func (m *mailServer) store(set domain.SMTPSettings, remember bool) string {
	m.prefs.SetString(prefHost, set.Host)
	m.prefs.SetInt(prefPort, set.Port)
	m.prefs.SetString(prefSecurity, string(set.Security))
	m.prefs.SetString(prefUser, set.Username)
	m.prefs.SetBool(prefRemember, remember)
	if set.Username == "" {
		return ""
	}
	key := keychainUser(set.Host, set.Username)
	m.mu.Lock()
	if set.Password != "" {
		m.session[key] = set.Password
	}
	m.mu.Unlock()
	if !remember {
		_, err := keychainCall(func() (struct{}, error) { return struct{}{}, keyring.Delete(keychainService, key) })
		if err != nil && !errors.Is(err, keyring.ErrNotFound) {
			m.setKeychainProblem(err)
		}
		return "The password is kept only until Clientbook closes."
	}
	if set.Password == "" {
		return "The password will be asked for when sending."
	}
	_, err := keychainCall(func() (struct{}, error) { return struct{}{}, keyring.Set(keychainService, key, set.Password) })
	m.setKeychainProblem(err)
	if err != nil {
		return "The system keychain is not available (" + err.Error() + "); the password is kept only until Clientbook closes."
	}
	return "The password is saved in the system keychain."
}

// mailForm is the mail server's settings as a form: in the send dialog and
// under Settings.
type mailForm struct {
	m                      *mailServer
	host, port, user, pass *widget.Entry
	security               *widget.Select
	remember               *widget.Check
	note                   *widget.Label
	fields                 widgets.Fields
	box                    *fyne.Container
}

// newForm builds the form filled with the saved settings; the password is
// looked up in the background (the keychain may take a moment) and filled
// in when found.
func (m *mailServer) newForm() *mailForm {
	f := &mailForm{m: m, fields: widgets.Fields{}}
	f.host = widget.NewEntry()
	f.host.SetPlaceHolder("smtp.example.com")
	f.port = widget.NewEntry()
	f.port.SetPlaceHolder("587")
	var options []string
	for _, sec := range domain.SMTPSecurities {
		options = append(options, sec.Title())
	}
	f.security = widget.NewSelect(options, nil)
	f.user = widget.NewEntry()
	f.pass = widget.NewPasswordEntry()
	f.remember = widget.NewCheck("Remember the password in the system keychain", nil)
	f.note = widget.NewLabel("")
	f.note.Importance = widget.LowImportance
	f.note.Wrapping = fyne.TextWrapWord
	field := f.fields.Add
	f.box = container.NewVBox(
		container.NewGridWithColumns(2, field("host", "Mail server", f.host), field("port", "Port", f.port)),
		field("security", "Security", f.security),
		container.NewGridWithColumns(2, field("username", "User name", f.user), field("password", "Password", f.pass)),
		f.remember,
		f.note,
	)
	f.load()
	return f
}

// load fills the form with the saved settings and looks the password up.
func (f *mailForm) load() {
	set := f.m.saved()
	f.host.SetText(set.Host)
	f.port.SetText("")
	if set.Port > 0 {
		f.port.SetText(strconv.Itoa(set.Port))
	}
	f.security.SetSelected(set.Security.Title())
	f.user.SetText(set.Username)
	f.remember.SetChecked(f.m.prefs.BoolWithFallback(prefRemember, true))
	for _, fl := range f.fields {
		fl.SetError("")
	}
	f.pass.SetText("")
	f.showNote()
	if set.Username == "" {
		return
	}
	f.pass.SetPlaceHolder("Looking in the keychain…")
	kit.Write(func(context.Context) (string, error) { return f.m.password(set.Host, set.Username), nil }, func(p string, _ error) {
		f.pass.SetPlaceHolder("")
		if f.pass.Text == "" && f.user.Text == set.Username && f.host.Text == set.Host {
			f.pass.SetText(p)
		}
		f.showNote()
	})
}

// showNote says where the password is kept.
func (f *mailForm) showNote() {
	if problem := f.m.keychainProblem(); problem != "" {
		f.note.SetText("The system keychain is not available (" + problem + "): the password is asked for " +
			"once and kept only until Clientbook closes. It is never written to the book or the preferences.")
		return
	}
	f.note.SetText("The password is kept in the system keychain when remembered, else only until Clientbook closes; " +
		"never in the book or the preferences.")
}

// read is the settings the form holds; false, with the message at the
// port, when the port is not a number.
func (f *mailForm) read() (domain.SMTPSettings, bool) {
	set := domain.SMTPSettings{Host: f.host.Text, Username: f.user.Text, Password: f.pass.Text}
	if i := f.security.SelectedIndex(); i >= 0 {
		set.Security = domain.SMTPSecurities[i]
	}
	if p := strings.TrimSpace(f.port.Text); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			f.fields["port"].SetError("The port is a number, e.g. 587.")
			return set, false
		}
		set.Port = n
	}
	return set, true
}

// check reads and validates the form, showing each problem at its field.
// Without needPassword (saving the settings rather than sending) the
// password may be left out, to be asked for when sending.
func (f *mailForm) check(needPassword bool) (domain.SMTPSettings, bool) {
	for _, fl := range f.fields {
		fl.SetError("")
	}
	set, ok := f.read()
	if !ok {
		return set, false
	}
	v := set
	if !needPassword && v.Password == "" && strings.TrimSpace(v.Username) != "" {
		v.Password = "asked when sending" // stands in for the password, only to validate the rest
	}
	if err := v.Validate(); err != nil {
		for key, m := range domain.FieldErrors(err) {
			if fl := f.fields[key]; fl != nil {
				fl.SetError(strings.ToUpper(m[:1]) + strings.TrimSuffix(m[1:], ".") + ".")
			}
		}
		return set, false
	}
	set.Host, set.Username, set.Security = v.Host, v.Username, v.Security
	return set, true
}
