package outbox

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// bulkBar is the row of actions on the ticked messages, shown while any
// are ticked.
func (s *Screen) bulkBar() fyne.CanvasObject {
	s.bulkCount = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	send := widget.NewButtonWithIcon("Send…", theme.MailSendIcon(), s.SendTicked)
	send.Importance = widget.HighImportance
	save := widget.NewButtonWithIcon("Save .eml…", theme.DocumentSaveIcon(), s.askSaveTicked)
	mark := widget.NewButtonWithIcon("Mark as sent", theme.ConfirmIcon(), s.MarkTickedSent)
	discard := widget.NewButtonWithIcon("Discard…", theme.DeleteIcon(), s.AskDiscard)
	none := widget.NewButton("Untick all", func() { s.table.ClearChecks() })
	s.bulk = container.NewHBox(s.bulkCount, layout.NewSpacer(), send, save, mark, discard, none)
	s.bulk.Hide()
	return s.bulk
}

// showTicked shows the actions while n messages are ticked.
func (s *Screen) showTicked(n int) {
	if n == 0 {
		s.bulk.Hide()
		return
	}
	s.bulkCount.SetText(widgets.Count(n, "message ticked", "messages ticked"))
	s.bulk.Show()
}

// Ticked are the IDs of the ticked messages.
func (s *Screen) Ticked() []int64 { return s.table.Checked() }

// Tick ticks or unticks message id.
func (s *Screen) Tick(id int64, on bool) { s.table.SetChecked(id, on) }

// SendTicked asks for the mail server and sends every ticked message.
func (s *Screen) SendTicked() {
	ids := s.Ticked()
	if len(ids) == 0 || s.sending {
		return
	}
	s.askSend(ids, fmt.Sprintf("Send %s through:", widgets.Count(len(ids), "ticked message", "ticked messages")))
}

// askSaveTicked asks for a folder and saves every ticked message there.
func (s *Screen) askSaveTicked() {
	if len(s.Ticked()) == 0 {
		return
	}
	chooseFolder(s.win, func(dir string) { s.SaveTickedEML(dir) })
}

// SaveTickedEML writes every ticked message as an .eml file into dir, in
// the background, and says what was saved and what was not.
func (s *Screen) SaveTickedEML(dir string) {
	out := s.out
	s.each(batch{title: "Saving messages", act: func(ctx context.Context, id int64) error {
		_, err := out.SaveEML(ctx, id, dir)
		return err
	}, done: "Saved", notDone: "not saved",
		first: func() string {
			return "in " + dir + ". Open them in your mail program to send them; they stay in the outbox until marked as sent."
		}}, s.Ticked())
}

// MarkTickedSent records every ticked message as sent by other means.
func (s *Screen) MarkTickedSent() {
	s.each(batch{title: "Marking messages as sent", act: s.out.MarkSent, done: "Marked as sent", notDone: "not marked"}, s.Ticked())
}

// AskDiscard asks, naming how many, before discarding the ticked messages.
func (s *Screen) AskDiscard() {
	ids := s.Ticked()
	if len(ids) == 0 {
		return
	}
	what := widgets.Count(len(ids), "message", "messages")
	widgets.Confirm("Discard "+what, "Discard "+what, fmt.Sprintf("Discard %s? %s never sent, and stay listed under "+
		"Discarded. A discarded reminder is not made again; a late-fee invoice issued with it stays issued.",
		what, map[bool]string{true: "It is", false: "They are"}[len(ids) == 1]), func(ok bool) {
		if ok {
			s.DiscardTicked()
		}
	}, s.win)
}

// DiscardTicked discards every ticked message, without asking.
func (s *Screen) DiscardTicked() {
	s.each(batch{title: "Discarding messages", act: s.out.Discard, done: "Discarded", notDone: "not discarded"}, s.Ticked())
}

// batch is one action on several messages: sending, saving, marking as
// sent, discarding.
type batch struct {
	title         string                                    // the progress dialog's, "Sending 3 messages"
	first         func() string                             // nil, or run once before act; says what to add to the report
	act           func(ctx context.Context, id int64) error // one message, in its own transaction
	done, notDone string                                    // "Sent", "not sent"
	after         func()                                    // nil, or run on the UI goroutine once all is done
}

// errNotTried is why a message was not acted on when Cancel was pressed
// before its turn.
var errNotTried = domain.Errorf(domain.ECONFLICT, "Cancelled before its turn; nothing was done to it.")

// each runs b.act on every message in ids in the background behind a
// progress bar with Cancel (kit.Long), each message in its own transaction
// (the services write one message at a time), then says what was done and
// what was not, and why. Cancel stops before the next message: those not
// reached stay ticked, reported as cancelled.
func (s *Screen) each(b batch, ids []int64) {
	if len(ids) == 0 {
		return
	}
	type result struct {
		errs map[int64]error
		note string
	}
	kit.Long(s.win, b.title, func(ctx context.Context, step kit.Step) (result, error) {
		r := result{errs: map[int64]error{}}
		if b.first != nil {
			r.note = b.first()
		}
		for i, id := range ids {
			if ctx.Err() != nil {
				r.errs[id] = errNotTried
				continue
			}
			step(i, len(ids), fmt.Sprintf("Message %d of %d (No. %d)", i+1, len(ids), id))
			if err := b.act(ctx, id); err != nil {
				r.errs[id] = err
			}
		}
		step(len(ids), len(ids), "")
		return r, nil
	}, func(r result, _ error, _ bool) {
		if b.after != nil {
			b.after()
		}
		s.finish(ids, r.errs, b.done, b.notDone, r.note)
	})
}

// finish unticks the messages an action went through for, keeps the others
// ticked to try again, reads the list again and says what happened: a
// notice when all went, else a dialog naming each message that did not and
// why.
func (s *Screen) finish(ids []int64, errs map[int64]error, done, notDone, note string) {
	for _, id := range ids {
		if errs[id] == nil {
			s.table.SetChecked(id, false)
		}
	}
	s.Refresh()
	ok := len(ids) - len(errs)
	head := fmt.Sprintf("%s %s.", done, widgets.Count(ok, "message", "messages"))
	if len(errs) == 0 {
		s.lastReport = strings.TrimSpace(head + " " + note)
		kit.Notify(s.win, s.lastReport)
		return
	}
	if ok > 0 && note != "" {
		head += " " + note
	}
	var failed []int64
	for id := range errs {
		failed = append(failed, id)
	}
	sort.Slice(failed, func(i, j int) bool { return failed[i] < failed[j] })
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n%s (still ticked):", head, upper(widgets.Count(len(errs), "message "+notDone, "messages "+notDone)))
	for _, id := range failed {
		fmt.Fprintf(&b, "\n• No. %d: %s", id, domain.ErrorMessage(errs[id]))
	}
	s.lastReport = b.String()
	l := widget.NewLabel(s.lastReport)
	l.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(l)
	scroll.SetMinSize(fyne.NewSize(480, min(320, s.win.Canvas().Size().Height-160)))
	dialog.ShowCustom(fmt.Sprintf("%d of %d %s", len(errs), len(ids), notDone), "OK", scroll, s.win)
}

// chooseFolder asks for the folder .eml files are saved in, with a dialog
// that says so rather than "Open".
func chooseFolder(win fyne.Window, chosen func(dir string)) {
	widgets.ChooseFolder(win, "Save the messages in a folder", "Save here", "", chosen)
}

func upper(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// SettingsSection is the mail server's settings for Settings: host, port,
// security, user and the password, remembered in the system keychain when
// asked; Save keeps them (the password never in the preferences or the
// book), Revert shows them as saved.
func (s *Screen) SettingsSection() fyne.CanvasObject {
	f := s.mail.newForm()
	s.section = f
	save := widget.NewButtonWithIcon("Save mail settings", theme.DocumentSaveIcon(), func() { s.SaveMailSettings() })
	revert := widget.NewButtonWithIcon("Revert", theme.ContentUndoIcon(), f.load)
	intro := widget.NewLabel("The server the Outbox sends through. Leave the password empty to be asked for it when sending.")
	intro.Wrapping = fyne.TextWrapWord
	return container.NewVBox(intro, f.box, container.NewHBox(layout.NewSpacer(), revert, save))
}

// SaveMailSettings checks the Settings section's mail server settings,
// showing problems at their fields, and keeps them. It reports whether they
// were valid; the keychain is written in the background.
func (s *Screen) SaveMailSettings() bool {
	f := s.section
	if f == nil {
		return false
	}
	set, ok := f.check(false)
	if !ok {
		return false
	}
	remember := f.remember.Checked
	kit.Write(func(context.Context) (string, error) { return s.mail.store(set, remember), nil }, func(note string, _ error) {
		s.lastReport = strings.TrimSpace("Mail settings saved. " + note)
		f.showNote()
		kit.Notify(s.win, s.lastReport)
	})
	return true
}
