// Package outbox is the Outbox screen: the emails Clientbook wrote —
// reminders, and invoices sent with Email invoice… — newest first, with
// their status; a preview of the one selected; Save .eml… to hand it to a
// mail program, and Send… through the company's mail server. Ticked
// messages are sent, saved, marked as sent or discarded together. Run
// reminders queues the reminders due today.
//
// The mail server's settings are kept in the app's preferences (and edited
// under Settings ▸ Mail server). The password is kept in the operating
// system's keychain (Secret Service, Keychain, Credential Manager) when the
// person asks for it to be remembered and the keychain answers; otherwise
// it is asked for when sending and kept in memory until the app closes. It
// is never written to the book or the preferences.
package outbox

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// filters are the choices of which messages to list, in order.
var filters = []struct {
	label string
	f     domain.OutboxFilter
}{
	{"Unsent", domain.OutboxFilter{Unsent: true}},
	{"Failed", domain.OutboxFilter{Status: domain.MessageFailed}},
	{"Sent", domain.OutboxFilter{Status: domain.MessageSent}},
	{"Discarded", domain.OutboxFilter{Status: domain.MessageDiscarded}},
	{"All", domain.OutboxFilter{}},
}

// stamp is a time as the list shows it, blank when there is none.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}

// messageColumns are the outbox list's columns, its CSV's too.
func messageColumns() []kit.Column[domain.OutboxMessage] {
	type m = domain.OutboxMessage
	raw := func(f func(m) string) func(m) domain.TableCell {
		return func(x m) domain.TableCell { return domain.RawCell(f(x)) }
	}
	id := func(x m) string { return strconv.FormatInt(x.ID, 10) }
	queued := func(x m) string { return stamp(x.CreatedAt) }
	number := func(x m) string { return x.DocumentNumber }
	fee := func(x m) string { return x.FeeNumber }
	sent := func(x m) string { return stamp(x.SentAt) }
	attempts := func(x m) string { return strconv.Itoa(x.Attempts) }
	return []kit.Column[m]{
		{Title: "No.", Key: "id", Width: 44, Min: 32, Align: fyne.TextAlignTrailing, Text: id, CSV: raw(id)},
		{Title: "Status", Key: "status", Width: 70, Sort: "status", Bold: true, Text: func(x m) string { return x.Status.Title() },
			CSV: func(x m) domain.TableCell { return domain.RawCell(string(x.Status)) }, Importance: statusImportance},
		{Title: "Queued", Key: "queued_at", Width: 130, Sort: "queued", Text: queued, CSV: raw(queued)},
		{Title: "Invoice", Key: "invoice_number", Width: 120, Sort: "invoice", Text: number, CSV: raw(number)},
		{Title: "Email", Key: "what", Width: 110, Text: func(x m) string { return x.What() }},
		{Title: "Client", Key: "client", Width: 150, Stretch: true, Sort: "client", Text: func(x m) string { return x.ClientName }},
		{Title: "To", Key: "to_name", Width: 110, Text: func(x m) string { return x.ToName }},
		{Title: "Address", Key: "to_address", Width: 150, Sort: "to", Text: func(x m) string { return x.ToAddress }},
		{Title: "Subject", Key: "subject", Width: 180, Text: func(x m) string { return x.Subject }},
		{Title: "Late fee", Key: "late_fee_number", Width: 110, Text: fee, CSV: raw(fee)},
		{Title: "Sent", Key: "sent_at", Width: 130, Sort: "sent", Text: sent, CSV: raw(sent)},
		{Title: "Tries", Key: "attempts", Width: 48, Min: 36, Align: fyne.TextAlignTrailing, Text: attempts, CSV: raw(attempts)},
		{Title: "Error", Key: "error", Width: 160, Text: func(x m) string { return x.Error }},
	}
}

// statusImportance colours a message's status as its badge was: failed in
// red, sent in green, queued as the theme's primary colour.
func statusImportance(x domain.OutboxMessage) widget.Importance {
	return statusLooks.Of(x.Status, widget.HighImportance)
}

var statusLooks = kit.Looks[domain.MessageStatus]{domain.MessageFailed: widget.DangerImportance,
	domain.MessageSent: widget.SuccessImportance, domain.MessageDiscarded: widget.LowImportance}

// Screen is the Outbox.
type Screen struct {
	out   domain.OutboxService
	rem   domain.ReminderService
	prefs fyne.Preferences
	win   fyne.Window
	now   func() time.Time
	// mail keeps the mail server's settings and password.
	mail *mailServer

	filter     *widget.Select
	runBtn     *widget.Button
	exportBtn  *widget.Button
	export     domain.ExportService
	table      *kit.Table[domain.OutboxMessage]
	load       *kit.Loader
	pending    *Preview                        // the reminders a run would queue, while shown
	lastRun    string                          // what the last run queued
	shown      kit.Shared[domain.OutboxFilter] // what the list shows
	selected   *domain.OutboxMessage
	sending    bool
	lastReport string // what the last action on ticked messages said

	bulk      *fyne.Container // the actions on the ticked messages, while any are
	bulkCount *widget.Label

	to       *widget.Label
	subject  *widget.Label
	state    *widget.Label
	failure  *widget.Label
	body     *widget.Label
	saveBtn  *widget.Button
	sendBtn  *widget.Button
	preview  fyne.CanvasObject
	noneHint fyne.CanvasObject
	root     fyne.CanvasObject

	// The mail server dialog, while it is open, and the messages it sends.
	host, port, user, pass *widget.Entry
	security               *widget.Select
	smtpFields             map[string]*widgets.Field
	smtpDlg                dialog.Dialog
	smtpForm               *mailForm
	sendIDs                []int64
	// section is the mail server's settings under Settings, once made.
	section *mailForm
}

// New builds the screen over the outbox and the reminders; prefs keeps the
// mail server's settings.
func New(out domain.OutboxService, rem domain.ReminderService, prefs fyne.Preferences, win fyne.Window) *Screen {
	s := &Screen{out: out, rem: rem, prefs: prefs, win: win, now: time.Now,
		mail: newMailServer(prefs)}
	var labels []string
	for _, f := range filters {
		labels = append(labels, f.label)
	}
	s.filter = widget.NewSelect(labels, func(string) {
		s.table.ClearChecks() // act only on what is listed
		s.Refresh()
	})
	s.runBtn = widget.NewButtonWithIcon("Run reminders", theme.MailComposeIcon(), s.RunReminders)
	s.load = kit.NewLoader()
	s.table = kit.NewTable("outbox", messageColumns(), kit.Query[domain.OutboxMessage, domain.OutboxFilter]{
		Filter: s.shown.Get, Count: out.CountMessages, Find: out.FindMessages,
		Page: func(f *domain.OutboxFilter, o kit.Sort, offset, limit int) {
			f.Sort, f.Desc, f.Offset, f.Limit = o.Key, o.Desc, offset, limit
		},
	}.Source())
	s.table.Empty = "No messages here. Run reminders to queue the ones due today."
	s.table.OnSelected = func(m domain.OutboxMessage) { s.show(&m) }
	s.table.Checkable(func(m domain.OutboxMessage) int64 { return m.ID }, s.showTicked)

	s.to = widget.NewLabel("")
	s.to.Truncation = fyne.TextTruncateEllipsis
	s.subject = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.subject.Wrapping = fyne.TextWrapWord
	s.state = widget.NewLabel("")
	s.state.Importance = widget.LowImportance
	s.failure = widget.NewLabel("")
	s.failure.Importance = widget.DangerImportance
	s.failure.Wrapping = fyne.TextWrapWord
	s.body = widget.NewLabel("")
	s.body.Wrapping = fyne.TextWrapWord
	s.saveBtn = widget.NewButtonWithIcon("Save .eml…", theme.DocumentSaveIcon(), s.askSaveEML)
	s.sendBtn = widget.NewButtonWithIcon("Send…", theme.MailSendIcon(), s.AskSend)
	s.sendBtn.Importance = widget.HighImportance
	head := container.NewVBox(s.subject, s.to, s.state, s.failure, container.NewHBox(s.saveBtn, s.sendBtn), widget.NewSeparator())
	s.preview = container.NewBorder(head, nil, nil, nil, container.NewVScroll(s.body))
	hint := widget.NewLabelWithStyle("Select a message to see it as it will be sent.", fyne.TextAlignCenter, fyne.TextStyle{})
	hint.Importance = widget.LowImportance
	s.noneHint = container.NewCenter(hint)

	s.exportBtn = widgets.NewExportButton(func() { s.table.ExportCSV(s.win, s.export, "outbox") })
	s.exportBtn.Hide()
	top := container.NewVBox(container.NewBorder(nil, nil, widget.NewLabel("Show"), container.NewHBox(s.exportBtn, s.runBtn), s.filter),
		s.bulkBar())
	left := container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewStack(s.table.Object(), s.load.Spinner()))
	split := container.NewHSplit(left, container.NewPadded(container.NewStack(s.preview, s.noneHint)))
	split.Offset = 0.6
	s.root = split
	s.filter.SetSelectedIndex(0)
	return s
}

// Object is the screen's layout.
func (s *Screen) Object() fyne.CanvasObject { return s.root }

// Tab is the Outbox in the window's tab list.
func (s *Screen) Tab() kit.Tab {
	return kit.Tab{Title: "Outbox", Icon: theme.MailSendIcon(), Content: s.Object(), Refresh: s.Refresh, Screen: s,
		Sections: []kit.Section{{Title: "Mail server", Content: s.SettingsSection()}}}
}

// Tab is the Outbox built over base, watching the book: the one line the
// window's tab list has for it. Its mail server settings go on Settings.
func Tab(base kit.Base) kit.Tab {
	s := New(base.Book.Outbox(), base.Book.Reminders(), base.Prefs, base.Win)
	s.SetExport(base.Book.Export())
	s.Watch(base.Book)
	return s.Tab()
}

// Watch keeps the list up to date: after any write to the outbox, a
// reminder's invoice or its client, from this screen or any other, the list
// is read again while it shows. The watch ends with the book.
func (s *Screen) Watch(book domain.Book) {
	kit.Watch(book, func(cs domain.Changes) {
		if s.root.Visible() && cs.Touches("outbox", "document", "client", "reminder_level") {
			s.Refresh()
		}
	})
}

// Refresh reads the messages the filter chooses again in the background,
// keeping the selected message shown if it is still listed.
func (s *Screen) Refresh() {
	s.shown.Set(s.currentFilter())
	s.table.ReloadThen(func(int) { s.reshow() })
}

// reshow shows the selected message as the book has it now, selected in the
// list if it is still listed there.
func (s *Screen) reshow() {
	if s.selected == nil {
		s.show(nil)
		return
	}
	id := s.selected.ID
	for i := 0; i < s.table.Total(); i++ {
		if m, ok := s.table.Row(i); ok && m.ID == id {
			s.table.SelectWhere(func(m domain.OutboxMessage) bool { return m.ID == id })
			s.show(&m)
			return
		}
	}
	kit.Load(s.load, func(ctx context.Context) (*domain.OutboxMessage, error) {
		return s.out.FindMessageByID(ctx, id)
	}, func(m *domain.OutboxMessage, err error) {
		if err != nil {
			m = nil
		}
		s.show(m)
	})
}

func (s *Screen) currentFilter() domain.OutboxFilter {
	if i := s.filter.SelectedIndex(); i >= 0 {
		return filters[i].f
	}
	return filters[0].f
}

// show previews m, or the hint when nil.
func (s *Screen) show(m *domain.OutboxMessage) {
	s.selected = m
	if m == nil {
		s.preview.Hide()
		s.noneHint.Show()
		return
	}
	s.noneHint.Hide()
	s.preview.Show()
	s.subject.SetText(m.Subject)
	to := m.ToAddress
	if m.ToName != "" {
		to = m.ToName + " <" + m.ToAddress + ">"
	}
	s.to.SetText("To " + to)
	s.state.SetText(StateText(*m))
	s.failure.SetText(m.Error)
	if m.Error == "" || m.Status != domain.MessageFailed {
		s.failure.Hide()
	} else {
		s.failure.Show()
	}
	s.body.SetText(m.Body + "\n\n[Attached: " + strings.Join(m.AttachmentNames(), ", ") + "]")
	s.updateButtons()
}

// StateText says where a message is: "Queued 2027-04-30 10:15", "Sent …
// after 2 attempts", "Failed 1 time".
func StateText(m domain.OutboxMessage) string {
	created := m.CreatedAt.Local().Format("2006-01-02 15:04")
	switch m.Status {
	case domain.MessageSent:
		s := "Sent " + m.SentAt.Local().Format("2006-01-02 15:04")
		if m.Attempts > 1 {
			s += fmt.Sprintf(" after %d attempts", m.Attempts)
		}
		return s + " · queued " + created
	case domain.MessageFailed:
		times := "1 time"
		if m.Attempts != 1 {
			times = fmt.Sprintf("%d times", m.Attempts)
		}
		return "Failed " + times + "; still in the outbox · queued " + created
	case domain.MessageDiscarded:
		return "Discarded; not sent · queued " + created
	}
	return "Queued " + created
}

func (s *Screen) updateButtons() {
	if s.selected == nil || s.sending {
		s.saveBtn.Disable()
		s.sendBtn.Disable()
		return
	}
	s.saveBtn.Enable()
	if !s.selected.Status.Unsent() {
		s.sendBtn.Disable()
	} else {
		s.sendBtn.Enable()
	}
}

// Selected is the message previewed, nil for none.
func (s *Screen) Selected() *domain.OutboxMessage { return s.selected }

// Rows is the list as shown, the rows read so far.
func (s *Screen) Rows() []domain.OutboxMessage { return s.table.Rows() }

// Select previews the i-th message of the list.
func (s *Screen) Select(i int) { s.table.List().Select(i) }

// askSaveEML asks for a folder and saves the selected message there.
func (s *Screen) askSaveEML() {
	if s.selected == nil {
		return
	}
	chooseFolder(s.win, s.SaveEML)
}

// SaveEML writes the selected message as an .eml file into dir, off the UI
// goroutine, and says where it went or why it did not.
func (s *Screen) SaveEML(dir string) {
	if s.selected == nil {
		return
	}
	id, out := s.selected.ID, s.out
	s.saveBtn.Disable()
	kit.Write(func(ctx context.Context) (string, error) {
		return out.SaveEML(ctx, id, dir)
	}, func(path string, err error) {
		s.updateButtons()
		if err != nil {
			kit.ShowError(err, s.win)
			return
		}
		s.lastReport = "Saved " + filepath.Base(path) + ". Open it in your mail program to send it; it stays in the outbox until it is sent or marked as sent."
		dialog.ShowInformation("Message saved", s.lastReport, s.win)
	})
}

// AskSend asks for the mail server to send the selected message through,
// filled in with the settings saved.
func (s *Screen) AskSend() {
	if s.selected == nil || s.sending || !s.selected.Status.Unsent() {
		return
	}
	s.askSend([]int64{s.selected.ID}, "Send to "+s.selected.ToAddress+" through:")
}

// askSend asks for the mail server to send the messages ids through.
func (s *Screen) askSend(ids []int64, intro string) {
	f := s.mail.newForm()
	s.smtpForm, s.sendIDs = f, ids
	s.host, s.port, s.user, s.pass, s.security, s.smtpFields = f.host, f.port, f.user, f.pass, f.security, f.fields
	title, action := "Send the message", "Send"
	if len(ids) > 1 {
		title, action = fmt.Sprintf("Send %d messages", len(ids)), fmt.Sprintf("Send %d", len(ids))
	}
	d := dialog.NewCustomConfirm(title, action, "Cancel", container.NewVBox(widget.NewLabel(intro), f.box), func(ok bool) {
		if ok && !s.ConfirmSend() {
			s.smtpDlg.Show() // keep it open with its problems shown
		}
	}, s.win)
	d.Resize(fyne.NewSize(540, 0))
	s.smtpDlg = d
	d.Show()
}

// Settings are the mail server settings the dialog holds.
func (s *Screen) Settings() (domain.SMTPSettings, bool) { return s.smtpForm.read() }

// ConfirmSend checks the dialog's settings, showing problems at their
// fields, keeps them (the password in the keychain if asked and possible,
// else for this session) and sends the messages in the background, one
// after the other, each recorded in its own transaction. It reports
// whether sending started.
func (s *Screen) ConfirmSend() bool {
	if s.smtpForm == nil || len(s.sendIDs) == 0 || s.sending {
		return false
	}
	set, ok := s.smtpForm.check(true)
	if !ok {
		// Make room for the messages.
		s.smtpForm.box.Refresh()
		s.smtpDlg.Resize(fyne.NewSize(540, 0))
		return false
	}
	ids, remember := s.sendIDs, s.smtpForm.remember.Checked
	s.sending = true
	s.state.SetText(fmt.Sprintf("Sending %s…", widgets.Count(len(ids), "message", "messages")))
	s.updateButtons()
	mail, out := s.mail, s.out
	s.each(batch{
		title: "Sending " + widgets.Count(len(ids), "message", "messages"),
		first: func() string { return mail.store(set, remember) },
		act:   func(ctx context.Context, id int64) error { return out.Send(ctx, id, set) },
		done:  "Sent", notDone: "not sent",
		after: func() {
			s.sending = false
			if s.section != nil {
				s.section.load()
			}
		},
	}, ids)
	return true
}

// SetExport offers Export CSV… for the messages the filter lists.
func (s *Screen) SetExport(e domain.ExportService) {
	s.export = e
	s.exportBtn.Show()
}
