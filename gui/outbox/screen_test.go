package outbox

import (
	"context"
	"fmt"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"
	"github.com/zalando/go-keyring"

	"clientbook/data"
	"clientbook/data/email/smtptest"
	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
)

// newScreen opens a book whose company sends from billing@acme.example, with
// a client and an invoice due on 2027-03-31, and the Outbox over it on
// 2027-05-01, sending at once rather than in the background.
func newScreen(t *testing.T) (*Screen, *data.Book, fyne.App) {
	t.Helper()
	a := test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	keyring.MockInit() // no Secret Service in tests: an in-memory keychain
	book, err := data.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	ctx := context.Background()
	co, _ := book.Company().Company(ctx)
	co.Name, co.Email = "Acme Ltd", "billing@acme.example"
	if err := book.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	c := &domain.Client{Name: "Brønnøy Ferries", Status: domain.StatusActive, Currency: "NOK", CreditLimit: money.Zero("NOK"),
		Billing:  domain.Address{Line1: "Kaia 1", City: "Brønnøysund", Country: "Norway"},
		Contacts: []domain.Contact{{Name: "Ingrid Dahl", Email: "ingrid@ferry.example", Primary: true}}}
	if err := book.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), domain.NewDate(2027, 3, 1))
	d.DueDate = domain.NewDate(2027, 3, 31)
	d.Lines = []domain.Line{{Description: "Ferry tickets", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.NewFromInt(1000)}}
	if err := book.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, _, err := book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	s := New(book.Outbox(), book.Reminders(), a.Preferences(), w)
	s.Watch(book)
	s.now = func() time.Time { return time.Date(2027, 5, 1, 9, 0, 0, 0, time.Local) }
	w.SetContent(s.Object())
	w.Resize(fyne.NewSize(1100, 760))
	return s, book, a
}

// queueAll runs the reminders and queues every one the preview offers.
func queueAll(t *testing.T, s *Screen) {
	t.Helper()
	s.RunReminders()
	if s.pending == nil {
		t.Fatal("Run reminders showed no preview")
	}
	s.pending.Queue()
}

// rendered is row i as the list shows it: its status with the status's
// colour, and the invoice, reminder and client, and the address.
func rendered(s *Screen, i int) (status string, imp widget.Importance, head, to string) {
	r := s.table.RowTexts(i)
	m, _ := s.table.Row(i)
	return r[1], statusImportance(m), r[3] + " · " + r[4] + " · " + r[5], r[7]
}

func message(t *testing.T, book *data.Book, id int64) *domain.OutboxMessage {
	t.Helper()
	m, err := book.Outbox().FindMessageByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestRunPreviewAndSaveEML(t *testing.T) {
	s, _, _ := newScreen(t)
	if s.table.EmptyText() == "" || s.Selected() != nil || !s.noneHint.Visible() {
		t.Error("an empty outbox")
	}
	queueAll(t, s)
	if len(s.Rows()) != 1 || s.table.EmptyText() != "" {
		t.Fatalf("after the run: %d rows", len(s.Rows()))
	}
	status, imp, head, to := rendered(s, 0)
	if status != "Queued" || imp != widget.HighImportance || head != "INV-2027-00001 · Final reminder · Brønnøy Ferries" ||
		to != "ingrid@ferry.example" {
		t.Errorf("row %q %v %q %q", status, imp, head, to)
	}
	s.Select(0)
	m := s.Selected()
	if m == nil || s.subject.Text != "Final reminder: invoice INV-2027-00001 is 31 days overdue" ||
		s.to.Text != "To Ingrid Dahl <ingrid@ferry.example>" || !strings.HasPrefix(s.state.Text, "Queued ") ||
		!strings.Contains(s.body.Text, "1,000.00 NOK on invoice INV-2027-00001") || !strings.HasSuffix(s.body.Text, "[Attached: INV-2027-00001.pdf]") ||
		s.failure.Visible() || s.saveBtn.Disabled() || s.sendBtn.Disabled() {
		t.Fatalf("preview: %q / %q / %q\n%s", s.subject.Text, s.to.Text, s.state.Text, s.body.Text)
	}
	dir := t.TempDir()
	s.SaveEML(dir)
	paths, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(paths) != 1 || !strings.HasPrefix(s.lastReport, "Saved "+filepath.Base(paths[0])+". Open it in your mail program") {
		t.Fatalf("saved %v, said %q", paths, s.lastReport)
	}
	f, err := os.Open(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	msg, err := mail.ReadMessage(f)
	if err != nil || msg.Header.Get("From") != `"Acme Ltd" <billing@acme.example>` {
		t.Errorf("saved message: %v %v", err, msg.Header)
	}
}

func TestSendThroughTheMailServer(t *testing.T) {
	s, book, a := newScreen(t)
	queueAll(t, s)
	s.Select(0)
	id := s.Selected().ID
	srv := smtptest.New(t)
	s.AskSend()
	if s.security.Selected != "STARTTLS" || s.host.Text != "" {
		t.Errorf("first time: security %q, host %q", s.security.Selected, s.host.Text)
	}
	// Bad settings are shown at their fields and nothing is tried.
	s.port.SetText("smtp")
	if s.ConfirmSend() || s.smtpFields["port"].Error.Text != "The port is a number, e.g. 587." {
		t.Errorf("port: %q", s.smtpFields["port"].Error.Text)
	}
	s.port.SetText("")
	s.security.SetSelected("None (plain text)")
	s.user.SetText("me")
	s.pass.SetText("secret")
	if s.ConfirmSend() || s.smtpFields["host"].Error.Text == "" || !strings.Contains(s.smtpFields["security"].Error.Text, "never sent in plain text") {
		t.Errorf("host %q, security %q", s.smtpFields["host"].Error.Text, s.smtpFields["security"].Error.Text)
	}
	if m := message(t, book, id); m.Attempts != 0 {
		t.Errorf("bad settings were tried: %+v", m)
	}

	s.host.SetText(srv.Host())
	s.port.SetText(fmt.Sprint(srv.Port()))
	s.user.SetText("")
	s.pass.SetText("")
	if !s.ConfirmSend() {
		t.Fatalf("not sent: %v", s.smtpFields)
	}
	if got := srv.Messages(); len(got) != 1 || got[0].To[0] != "ingrid@ferry.example" {
		t.Fatalf("the server received %+v", got)
	}
	if m := message(t, book, id); m.Status != domain.MessageSent || m.Attempts != 1 {
		t.Errorf("after sending: %+v", m)
	}
	if len(s.Rows()) != 0 || s.Selected() == nil || !strings.HasPrefix(s.state.Text, "Sent ") || !s.sendBtn.Disabled() {
		t.Errorf("the unsent list after sending: %d rows, state %q", len(s.Rows()), s.state.Text)
	}
	p := a.Preferences()
	if p.String(prefHost) != "127.0.0.1" || p.Int(prefPort) != srv.Port() || p.String(prefSecurity) != "none" {
		t.Errorf("settings not remembered: %q %d %q", p.String(prefHost), p.Int(prefPort), p.String(prefSecurity))
	}
	s.filter.SetSelected("Sent")
	if len(s.Rows()) != 1 {
		t.Errorf("sent: %d rows", len(s.Rows()))
	}
	if status, imp, _, _ := rendered(s, 0); status != "Sent" || imp != widget.SuccessImportance {
		t.Errorf("status %q %v", status, imp)
	}
}

func TestFailedSendStaysInTheOutbox(t *testing.T) {
	s, book, a := newScreen(t)
	queueAll(t, s)
	s.Select(0)
	id := s.Selected().ID
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	a.Preferences().SetString(prefHost, "127.0.0.1")
	a.Preferences().SetInt(prefPort, port)
	a.Preferences().SetString(prefSecurity, "none")
	s.AskSend()
	if s.host.Text != "127.0.0.1" || s.port.Text != fmt.Sprint(port) || s.security.Selected != "None (plain text)" {
		t.Errorf("remembered settings: %q %q %q", s.host.Text, s.port.Text, s.security.Selected)
	}
	if !s.ConfirmSend() {
		t.Fatal("sending did not start")
	}
	m := message(t, book, id)
	if m.Status != domain.MessageFailed || !strings.Contains(m.Error, "refused") {
		t.Errorf("after a refused connection: %+v", m)
	}
	if len(s.Rows()) != 1 || s.Selected() == nil || !s.failure.Visible() || !strings.Contains(s.failure.Text, "refused") ||
		!strings.HasPrefix(s.state.Text, "Failed 1 time; still in the outbox") || s.sendBtn.Disabled() {
		t.Errorf("the failed message: rows %d, state %q, failure %q", len(s.Rows()), s.state.Text, s.failure.Text)
	}
	if status, imp, _, _ := rendered(s, 0); status != "Failed" || imp != widget.DangerImportance {
		t.Errorf("status %q %v", status, imp)
	}
}

// Reminders queued elsewhere (the command line, another window) show in the
// list without a refresh, and a click on a header sorts by it.
func TestQueuedElsewhereShowsAndHeadersSort(t *testing.T) {
	s, book, _ := newScreen(t)
	if _, err := book.Reminders().RunReminders(context.Background(), domain.NewDate(2027, 5, 1)); err != nil {
		t.Fatal(err)
	}
	if len(s.Rows()) != 1 {
		t.Fatalf("%d messages listed after reminders were queued through the book", len(s.Rows()))
	}
	s.table.TapHeader(5)
	if s.table.HeaderText(5) != "Client ▲" || s.table.Sort() != (kit.Sort{Key: "client"}) || len(s.Rows()) != 1 {
		t.Errorf("after a click on Client: %q %+v", s.table.HeaderText(5), s.table.Sort())
	}
	s.table.TapHeader(0) // No. does not sort
	if s.table.Sort().Key != "client" {
		t.Errorf("a click on an unsortable header sorted by %q", s.table.Sort().Key)
	}
}
