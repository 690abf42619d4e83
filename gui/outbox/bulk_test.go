package outbox

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"
	"github.com/zalando/go-keyring"

	"clientbook/data"
	"clientbook/data/email/smtptest"
	"clientbook/domain"
	"clientbook/gui/guitest"
	"clientbook/gui/kit"
)

// queueMore issues n more invoices to the screen's client and queues the
// email of each; it returns the messages' IDs.
func queueMore(t *testing.T, book *data.Book, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	cs, err := book.Clients().FindClients(ctx, domain.ClientFilter{})
	if err != nil || len(cs) == 0 {
		t.Fatalf("clients %v %v", cs, err)
	}
	c, _ := book.Clients().FindClientByID(ctx, cs[0].ID)
	var ids []int64
	for i := 0; i < n; i++ {
		d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), domain.NewDate(2027, 4, 1+i))
		d.Lines = []domain.Line{{Description: "Cabin", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.NewFromInt(int64(100 * (i + 1)))}}
		if err := book.Documents().CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		inv, _, err := book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
		if err != nil {
			t.Fatal(err)
		}
		m, err := book.Outbox().QueueDocument(ctx, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	return ids
}

func statuses(t *testing.T, book *data.Book, ids ...int64) string {
	t.Helper()
	var out []string
	for _, id := range ids {
		out = append(out, string(message(t, book, id).Status))
	}
	return strings.Join(out, " ")
}

// Ticked messages are marked as sent, discarded (after a question that
// counts them), saved as .eml files into one folder and sent together; a
// message an action cannot be done to is named with the reason and stays
// ticked, the others go on.
func TestTickedMessagesActTogether(t *testing.T) {
	s, book, _ := newScreen(t)
	ids := queueMore(t, book, 4)
	a, b, c, d := ids[0], ids[1], ids[2], ids[3]
	if len(s.Rows()) != 4 || s.bulk.Visible() {
		t.Fatalf("%d rows listed, actions shown %v", len(s.Rows()), s.bulk.Visible())
	}
	if r := s.table.RowTexts(0); r[4] != "Invoice" {
		t.Errorf("an invoice's email shows as %q", r[4])
	}

	s.Tick(a, true)
	s.Tick(b, true)
	if !s.bulk.Visible() || s.bulkCount.Text != "2 messages ticked" {
		t.Errorf("actions %v %q", s.bulk.Visible(), s.bulkCount.Text)
	}
	s.MarkTickedSent()
	if got := statuses(t, book, a, b, c, d); got != "sent sent queued queued" {
		t.Errorf("after Mark as sent: %s", got)
	}
	if len(s.Ticked()) != 0 || s.bulk.Visible() || s.lastReport != "Marked as sent 2 messages." || len(s.Rows()) != 2 {
		t.Errorf("ticked %v, report %q, %d rows", s.Ticked(), s.lastReport, len(s.Rows()))
	}

	// Changing what is listed unticks: only what is shown is acted on.
	s.Tick(c, true)
	s.filter.SetSelected("All")
	if len(s.Ticked()) != 0 {
		t.Errorf("ticks kept across filters: %v", s.Ticked())
	}
	s.Tick(a, true) // sent already
	s.Tick(c, true)
	s.AskDiscard()
	guitest.Answer(t, s.win, "Discard 2 messages")
	if got := statuses(t, book, a, c); got != "sent discarded" {
		t.Errorf("after Discard: %s", got)
	}
	if fmt.Sprint(s.Ticked()) != fmt.Sprint([]int64{a}) || !strings.HasPrefix(s.lastReport, "Discarded 1 message.\n\n1 message not discarded (still ticked):\n• No. "+fmt.Sprint(a)+": The email of invoice ") ||
		!strings.Contains(s.lastReport, "was already sent on") {
		t.Errorf("ticked %v after a partial discard; report:\n%s", s.Ticked(), s.lastReport)
	}
	s.table.ClearChecks()

	// Saved: one .eml file each, in one folder, still unsent.
	s.filter.SetSelected("Unsent")
	queueAll(t, s) // and a reminder, ticked too
	var rem int64
	for _, m := range s.Rows() {
		if m.Kind == domain.MessageReminder && rem == 0 {
			rem = m.ID
		}
	}
	s.Tick(d, true)
	s.Tick(rem, true)
	dir := t.TempDir()
	s.SaveTickedEML(dir)
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	sort.Strings(files)
	if len(files) != 2 || !strings.HasSuffix(files[0], "-invoice-"+fmt.Sprint(d)+".eml") ||
		!strings.HasSuffix(files[1], "-reminder-"+fmt.Sprint(rem)+".eml") {
		t.Fatalf("files %v", files)
	}
	for _, f := range files {
		r, _ := os.Open(f)
		msg, err := mail.ReadMessage(r)
		r.Close()
		if err != nil || msg.Header.Get("To") != `"Ingrid Dahl" <ingrid@ferry.example>` {
			t.Errorf("%s: %v %v", f, err, msg.Header)
		}
	}
	if got := statuses(t, book, d, rem); got != "queued queued" || len(s.Ticked()) != 0 {
		t.Errorf("saving changed %s; ticked %v", got, s.Ticked())
	}

	// Sent together through the mail server.
	srv := smtptest.New(t)
	s.Tick(d, true)
	s.Tick(rem, true)
	s.SendTicked()
	s.host.SetText(srv.Host())
	s.port.SetText(fmt.Sprint(srv.Port()))
	s.security.SetSelected("None (plain text)")
	if !s.ConfirmSend() {
		t.Fatal("sending did not start")
	}
	if got := srv.Messages(); len(got) != 2 {
		t.Fatalf("the server received %d messages", len(got))
	}
	if got := statuses(t, book, d, rem); got != "sent sent" || s.lastReport != "Sent 2 messages." || len(s.Ticked()) != 0 {
		t.Errorf("after sending: %s, %q, ticked %v", got, s.lastReport, s.Ticked())
	}
	for _, m := range s.Rows() {
		if m.ID == d || m.ID == rem {
			t.Errorf("message %d still listed as unsent", m.ID)
		}
	}
	s.filter.SetSelected("Discarded")
	if rows := s.Rows(); len(rows) != 1 || rows[0].ID != c || s.table.RowTexts(0)[1] != "Discarded" {
		t.Errorf("discarded list %+v", rows)
	}
}

// The mail server's settings are saved under Settings, the password in the
// system keychain (an in-memory one here) and never in the preferences; a
// new session finds it there. Unticking Remember takes it out again.
func TestMailSettingsKeepThePasswordInTheKeychain(t *testing.T) {
	s, book, a := newScreen(t)
	s.SettingsSection()
	f := s.section
	f.host.SetText("mail example")
	if s.SaveMailSettings() || f.fields["host"].Error.Text == "" {
		t.Errorf("a bad host was saved: %q", f.fields["host"].Error.Text)
	}
	if a.Preferences().String(prefHost) != "" {
		t.Error("refused settings reached the preferences")
	}
	f.host.SetText("smtp.example.com")
	f.port.SetText("465")
	f.security.SetSelected("TLS")
	f.user.SetText("billing")
	f.pass.SetText("s3cret!")
	f.remember.SetChecked(true)
	if !s.SaveMailSettings() {
		t.Fatalf("not saved: %v", f.fields)
	}
	if s.lastReport != "Mail settings saved. The password is saved in the system keychain." {
		t.Errorf("report %q", s.lastReport)
	}
	if p, err := keyring.Get(keychainService, "billing@smtp.example.com"); err != nil || p != "s3cret!" {
		t.Errorf("keychain has %q, %v", p, err)
	}
	p := a.Preferences()
	for _, k := range []string{prefHost, prefSecurity, prefUser} {
		if strings.Contains(p.String(k), "s3cret") {
			t.Errorf("the password is in preference %s", k)
		}
	}
	if p.String(prefHost) != "smtp.example.com" || p.Int(prefPort) != 465 || p.String(prefSecurity) != "tls" || p.String(prefUser) != "billing" {
		t.Errorf("preferences %q %d %q %q", p.String(prefHost), p.Int(prefPort), p.String(prefSecurity), p.String(prefUser))
	}

	// A new session (a new screen over the same preferences) finds it.
	fresh := New(book.Outbox(), book.Reminders(), p, s.win)
	queueMore(t, book, 1)
	fresh.Refresh()
	fresh.Select(0)
	fresh.AskSend()
	if fresh.host.Text != "smtp.example.com" || fresh.user.Text != "billing" || fresh.pass.Text != "s3cret!" || !fresh.smtpForm.remember.Checked {
		t.Errorf("a new session's dialog: %q %q %q", fresh.host.Text, fresh.user.Text, fresh.pass.Text)
	}

	// Not remembered: out of the keychain, kept for this session only.
	f.remember.SetChecked(false)
	if !s.SaveMailSettings() || s.lastReport != "Mail settings saved. The password is kept only until Clientbook closes." {
		t.Errorf("report %q", s.lastReport)
	}
	if _, err := keyring.Get(keychainService, "billing@smtp.example.com"); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("still in the keychain: %v", err)
	}
	f.load()
	if f.pass.Text != "s3cret!" || f.remember.Checked {
		t.Errorf("this session's form: %q, remember %v", f.pass.Text, f.remember.Checked)
	}
}

// Where there is no keychain (Linux without a Secret Service, as in CI),
// the password is asked for and kept for the session; the form says why.
func TestNoKeychainAsksPerSession(t *testing.T) {
	s, book, a := newScreen(t)
	keyring.MockInitWithError(errors.New("no Secret Service on the session bus"))
	s.SettingsSection()
	f := s.section
	f.host.SetText("smtp.example.com")
	f.user.SetText("billing")
	f.pass.SetText("s3cret!")
	f.remember.SetChecked(true)
	if !s.SaveMailSettings() || !strings.Contains(s.lastReport, "The system keychain is not available (no Secret Service on the session bus); "+
		"the password is kept only until Clientbook closes.") {
		t.Errorf("report %q", s.lastReport)
	}
	if !strings.Contains(f.note.Text, "not available") {
		t.Errorf("note %q", f.note.Text)
	}
	f.load()
	if f.pass.Text != "s3cret!" {
		t.Errorf("the session lost the password: %q", f.pass.Text)
	}
	fresh := New(book.Outbox(), book.Reminders(), a.Preferences(), s.win)
	queueMore(t, book, 1)
	fresh.Refresh()
	fresh.Select(0)
	fresh.AskSend()
	if fresh.pass.Text != "" || fresh.user.Text != "billing" {
		t.Errorf("a new session without a keychain has the password %q", fresh.pass.Text)
	}
	if !strings.Contains(fresh.smtpForm.note.Text, "asked for once and kept only until Clientbook closes") {
		t.Errorf("note %q", fresh.smtpForm.note.Text)
	}
}

// Sending runs in the background behind a progress bar with Cancel: until
// it runs nothing is sent and Send is off; Cancel before a message's turn
// leaves it unsent and ticked, named as cancelled.
func TestSendingShowsProgressAndCancels(t *testing.T) {
	s, book, _ := newScreen(t)
	ids := queueMore(t, book, 3)
	srv := smtptest.New(t)
	q, restore := kit.Queued()
	t.Cleanup(restore)
	for _, id := range ids {
		s.Tick(id, true)
	}
	s.SendTicked()
	s.host.SetText(srv.Host())
	s.port.SetText(fmt.Sprint(srv.Port()))
	s.security.SetSelected("None (plain text)")
	if !s.ConfirmSend() {
		t.Fatal("sending did not start")
	}
	top := s.win.Canvas().Overlays().Top()
	if q.Len() != 1 || top == nil || len(srv.Messages()) != 0 || s.ConfirmSend() {
		t.Fatalf("before the sending runs: %d queued, progress shown %v, %d sent", q.Len(), top != nil, len(srv.Messages()))
	}
	var bar *widget.ProgressBarInfinite
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.ProgressBarInfinite); ok {
			bar = b
		}
	}
	if bar == nil {
		t.Fatal("no progress bar")
	}
	guitest.Answer(t, s.win, "Cancel")
	q.Run()
	if got := statuses(t, book, ids...); got != "queued queued queued" || len(srv.Messages()) != 0 || len(s.Ticked()) != 3 {
		t.Errorf("after Cancel: %s, %d sent, %d ticked", got, len(srv.Messages()), len(s.Ticked()))
	}
	if !strings.HasPrefix(s.lastReport, "Sent 0 messages.\n\n3 messages not sent (still ticked):\n• No. ") ||
		!strings.Contains(s.lastReport, "Cancelled before its turn") {
		t.Errorf("report:\n%s", s.lastReport)
	}

	s.SendTicked()
	s.host.SetText(srv.Host())
	s.port.SetText(fmt.Sprint(srv.Port()))
	s.security.SetSelected("None (plain text)")
	s.ConfirmSend()
	if n := q.Run(); n == 0 {
		t.Fatal("nothing was queued")
	}
	if got := statuses(t, book, ids...); got != "sent sent sent" || len(srv.Messages()) != 3 || s.lastReport != "Sent 3 messages." {
		t.Errorf("sent without Cancel: %s, %d at the server, %q", got, len(srv.Messages()), s.lastReport)
	}
}
