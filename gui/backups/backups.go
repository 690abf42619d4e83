// Package backups is Settings ▸ Backups, File ▸ Restore from backup… and the
// automatic backups: one when the app closes and one a day while a book is
// open. Where backups go, how many are kept and the encryption key are this
// computer's preferences (fyne.Preferences), not the book's.
package backups

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// Preference keys.
const (
	keyFolder     = "backups.folder"
	keyDaily      = "backups.keepDaily"
	keyWeekly     = "backups.keepWeekly"
	keyMonthly    = "backups.keepMonthly"
	keyRecipient  = "backups.recipient"
	keySealed     = "backups.sealedKey"
	keyLastPrefix = "backups.last:" // + the book's path: when it was last backed up
)

// Every is how often a book that stays open is backed up.
const Every = 24 * time.Hour

var (
	// firstCheck and checkEvery are when the timer looks whether a backup
	// is due: a while after a book opens, then hourly.
	firstCheck = 2 * time.Minute
	checkEvery = time.Hour
	// now is the clock; tests move it.
	now = time.Now
)

// Manager takes the automatic backups and shows the backup settings and the
// restore dialog.
type Manager struct {
	svc    domain.BackupService
	prefs  fyne.Preferences
	win    fyne.Window
	notify func(title, content string)

	book    domain.Book // the open book, nil for none; UI goroutine only
	running sync.Mutex  // one backup or restore at a time
	pending sync.WaitGroup
	stop    chan struct{}

	section *section // the settings shown, nil until built
}

// New makes the manager. notify shows a desktop notification when an
// automatic backup fails (nil for none).
func New(svc domain.BackupService, prefs fyne.Preferences, win fyne.Window, notify func(title, content string)) *Manager {
	return &Manager{svc: svc, prefs: prefs, win: win, notify: notify}
}

// Dir is the backup folder: the one chosen, else the default.
func (m *Manager) Dir() string {
	if d := m.prefs.String(keyFolder); d != "" {
		return d
	}
	d, err := m.svc.DefaultDir()
	if err != nil {
		return ""
	}
	return d
}

// Keep is the rotation chosen.
func (m *Manager) Keep() domain.Retention {
	d := domain.DefaultRetention
	return domain.Retention{
		Daily:   m.prefs.IntWithFallback(keyDaily, d.Daily),
		Weekly:  m.prefs.IntWithFallback(keyWeekly, d.Weekly),
		Monthly: m.prefs.IntWithFallback(keyMonthly, d.Monthly),
	}
}

// Key is the encryption key backups are taken with, nil when they are not encrypted.
func (m *Manager) Key() *domain.BackupKey {
	r, s := m.prefs.String(keyRecipient), m.prefs.String(keySealed)
	if r == "" || s == "" {
		return nil
	}
	return &domain.BackupKey{Recipient: r, Sealed: []byte(s)}
}

func (m *Manager) options() domain.BackupOptions {
	return domain.BackupOptions{Keep: m.Keep(), Key: m.Key()}
}

// SetBook follows the window to another book (nil for none): it waits for
// a backup of the previous book to finish, so that book can be closed, and
// backs the new one up once a day while it is open.
func (m *Manager) SetBook(b domain.Book) {
	if m.stop != nil {
		close(m.stop)
		m.stop = nil
	}
	m.pending.Wait()
	m.book = b
	if b == nil {
		return
	}
	stop := make(chan struct{})
	m.stop = stop
	go func() {
		t := time.NewTimer(firstCheck)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(func() {
					if m.stop == stop {
						m.backUpIfDue()
					}
				})
				t.Reset(checkEvery)
			}
		}
	}()
}

// Close stops the timer and backs the open book up as the app closes. It
// returns when the backup is written.
func (m *Manager) Close() error {
	b := m.book
	m.SetBook(nil)
	if b == nil {
		return nil
	}
	_, err := m.backUp(b)
	return err
}

// backUpIfDue starts a backup of the open book when the last one is a day old.
func (m *Manager) backUpIfDue() {
	if m.book == nil || now().Sub(m.last(m.book)) < Every {
		return
	}
	m.BackUpNow(func(_ domain.BackupInfo, err error) {
		if err != nil && m.notify != nil {
			m.notify("The daily backup failed", domain.ErrorMessage(err))
		}
	})
}

// BackUpNow backs the open book up in the background and calls done on the
// UI goroutine with the result (done may be nil).
func (m *Manager) BackUpNow(done func(domain.BackupInfo, error)) {
	b := m.book
	if b == nil {
		return
	}
	if m.section != nil {
		m.section.showBusy()
	}
	m.pending.Add(1)
	kit.Go(func() {
		info, err := m.backUp(b)
		m.pending.Done()
		fyne.Do(func() {
			if m.section != nil {
				m.section.showResult(info, err)
			}
			if done != nil {
				done(info, err)
			}
		})
	})
}

// backUp takes one backup of b with the settings, one at a time.
func (m *Manager) backUp(b domain.Book) (domain.BackupInfo, error) {
	m.running.Lock()
	defer m.running.Unlock()
	info, err := m.svc.Backup(context.Background(), b, m.Dir(), m.options())
	if err == nil {
		m.prefs.SetString(keyLastPrefix+b.Path(), info.At.Format(time.RFC3339))
	}
	return info, err
}

// last is when b was last backed up from this computer (zero for never).
func (m *Manager) last(b domain.Book) time.Time {
	t, _ := time.Parse(time.RFC3339, m.prefs.String(keyLastPrefix+b.Path()))
	return t
}

// Describe is one backup in a sentence's words: "4 Dec 2026 18:15 · 1.0 MB ·
// 12 clients, 30 documents, 20 payments".
func Describe(b domain.BackupInfo) string {
	s := b.At.Local().Format("2 Jan 2006 15:04") + " · " + domain.FormatSize(b.Size)
	if b.Counts != nil {
		s += fmt.Sprintf(" · %d clients, %d documents, %d payments", b.Counts.Clients, b.Counts.Documents, b.Counts.Payments)
	}
	return s
}

// section is Settings ▸ Backups.
type section struct {
	m                       *Manager
	folder                  *widget.Label
	useDefault              *widget.Button
	daily, weekly, monthly  *widget.Entry
	keepField               *widgets.Field
	encrypt                 *widget.Check
	pass, confirm           *widget.Entry
	passField, confirmField *widgets.Field
	turnOn                  *widget.Button
	setup, encrypted        *fyne.Container
	result                  *widget.Label
	now                     *widget.Button
	root                    fyne.CanvasObject
}

// SettingsSection builds Settings ▸ Backups for the open book.
func (m *Manager) SettingsSection() fyne.CanvasObject {
	s := &section{m: m}
	m.section = s
	s.folder = widget.NewLabel("")
	s.folder.Wrapping = fyne.TextWrapBreak
	choose := widget.NewButtonWithIcon("Choose folder…", theme.FolderOpenIcon(), s.chooseFolder)
	s.useDefault = widget.NewButton("Use the default folder", func() { s.setFolder("") })
	folderField := widgets.NewField("Backup folder", container.NewBorder(nil, nil, nil, container.NewHBox(choose, s.useDefault), s.folder))

	keep := m.Keep()
	number := func(n int) *widget.Entry {
		e := widget.NewEntry()
		e.SetText(strconv.Itoa(n))
		e.OnChanged = func(string) { s.saveKeep() }
		return e
	}
	s.daily, s.weekly, s.monthly = number(keep.Daily), number(keep.Weekly), number(keep.Monthly)
	labelled := func(e *widget.Entry, unit string) fyne.CanvasObject {
		return container.NewBorder(nil, nil, nil, widget.NewLabel(unit), e)
	}
	s.keepField = widgets.NewField("Keep the newest backup of the last", container.NewGridWithColumns(3,
		labelled(s.daily, "days"), labelled(s.weekly, "weeks"), labelled(s.monthly, "months")))

	s.encrypt = widget.NewCheck("Encrypt with a passphrase", s.encryptChanged)
	s.pass = widget.NewPasswordEntry()
	s.pass.SetPlaceHolder("At least 8 characters")
	s.confirm = widget.NewPasswordEntry()
	s.confirm.SetPlaceHolder("The same passphrase again")
	s.confirm.OnSubmitted = func(string) { s.TurnOnEncryption() }
	s.passField = widgets.NewField("Passphrase", s.pass)
	s.confirmField = widgets.NewField("Confirm the passphrase", s.confirm)
	s.turnOn = widget.NewButtonWithIcon("Turn on encryption", theme.ConfirmIcon(), s.TurnOnEncryption)
	warn := hint("Restoring an encrypted backup asks for this passphrase. Without it the backups cannot be opened — by anyone, you included.")
	s.setup = container.NewVBox(container.NewGridWithColumns(2, s.passField.Object(), s.confirmField.Object()),
		warn, container.NewHBox(s.turnOn))
	s.encrypted = container.NewVBox(hint("New backups are encrypted; restoring one asks for the passphrase. " +
		"The key they are encrypted with is kept, sealed with the passphrase, in " + "clientbook-backup-key.age in the backup folder."))

	s.result = widget.NewLabel("")
	s.result.Wrapping = fyne.TextWrapWord
	s.now = widget.NewButtonWithIcon("Back up now", theme.UploadIcon(), func() { m.BackUpNow(nil) })

	intro := hint("Clientbook backs the open book up when it closes and once a day while it is open, checks each " +
		"copy, and keeps the newest of each day, week and month. These settings belong to this computer, not to the book, " +
		"and apply at once. File ▸ Restore from backup… brings a backup back.")
	s.root = container.NewVBox(intro, folderField.Object(), s.keepField.Object(), s.encrypt, s.setup, s.encrypted,
		container.NewBorder(nil, nil, s.now, nil, s.result))
	s.load()
	return s.root
}

func hint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// load shows the settings as stored.
func (s *section) load() {
	dir := s.m.Dir()
	if s.m.prefs.String(keyFolder) == "" {
		s.folder.SetText(dir + " (the default)")
		s.useDefault.Disable()
	} else {
		s.folder.SetText(dir)
		s.useDefault.Enable()
	}
	on := s.m.Key() != nil
	s.encrypt.OnChanged = nil
	s.encrypt.SetChecked(on)
	s.encrypt.OnChanged = s.encryptChanged
	s.setup.Hide()
	s.encrypted.Hide()
	if on {
		s.encrypted.Show()
	}
	s.root.Refresh() // lay out again: the boxes shown or hidden change its height
	if b := s.m.book; b != nil {
		if t := s.m.last(b); !t.IsZero() {
			s.result.SetText("Last backed up " + t.Local().Format("2 Jan 2006 15:04") + ".")
		} else {
			s.result.SetText("Not backed up from this computer yet.")
		}
	}
}

func (s *section) chooseFolder() {
	widgets.ChooseFolder(s.m.win, "Choose a folder for the backups", "Back up here", s.m.Dir(), s.setFolder)
}

// setFolder stores the backup folder ("" for the default).
func (s *section) setFolder(dir string) {
	s.m.prefs.SetString(keyFolder, dir)
	s.load()
}

// SetFolder is choosing a folder in the folder picker, for tests.
func (m *Manager) SetFolder(dir string) {
	if m.section != nil {
		m.section.setFolder(dir)
		return
	}
	m.prefs.SetString(keyFolder, dir)
}

// saveKeep stores the counts when they are whole numbers from 0 to 1000,
// with at least one day.
func (s *section) saveKeep() {
	var n [3]int
	for i, e := range []*widget.Entry{s.daily, s.weekly, s.monthly} {
		v, err := strconv.Atoi(e.Text)
		if err != nil || v < 0 || v > 1000 {
			s.keepField.SetError("Enter whole numbers from 0 to 1000.")
			return
		}
		n[i] = v
	}
	if n[0] < 1 {
		s.keepField.SetError("Keep at least one day's backup.")
		return
	}
	s.keepField.SetError("")
	s.m.prefs.SetInt(keyDaily, n[0])
	s.m.prefs.SetInt(keyWeekly, n[1])
	s.m.prefs.SetInt(keyMonthly, n[2])
}

func (s *section) encryptChanged(on bool) {
	if on {
		s.setup.Show()
		s.root.Refresh()
		s.m.win.Canvas().Focus(s.pass)
		return
	}
	// Backups already taken stay encrypted; new ones are not.
	s.m.prefs.RemoveValue(keyRecipient)
	s.m.prefs.RemoveValue(keySealed)
	s.pass.SetText("")
	s.confirm.SetText("")
	s.passField.SetError("")
	s.confirmField.SetError("")
	s.load()
}

// TurnOnEncryption sets up the backup folder's key with the passphrase
// typed: the folder's own key when it has one (the passphrase must open
// it), else a new one.
func (s *section) TurnOnEncryption() {
	s.passField.SetError("")
	s.confirmField.SetError("")
	if s.pass.Text != s.confirm.Text {
		s.confirmField.SetError("The two passphrases differ.")
		return
	}
	key, err := s.m.svc.SetUpKey(s.m.Dir(), s.pass.Text)
	if err != nil {
		if msg := domain.FieldErrors(err)["passphrase"]; msg != "" {
			s.passField.SetError(msg)
		} else {
			s.passField.SetError(domain.ErrorMessage(err))
		}
		return
	}
	s.m.prefs.SetString(keyRecipient, key.Recipient)
	s.m.prefs.SetString(keySealed, string(key.Sealed))
	s.pass.SetText("")
	s.confirm.SetText("")
	s.load()
}

func (s *section) showBusy() {
	s.now.Disable()
	s.result.Importance = widget.MediumImportance
	s.result.SetText("Backing up and checking the copy…")
}

func (s *section) showResult(info domain.BackupInfo, err error) {
	s.now.Enable()
	if err != nil {
		s.result.Importance = widget.DangerImportance
		s.result.SetText("Not backed up: " + domain.ErrorMessage(err))
		return
	}
	s.result.Importance = widget.SuccessImportance
	enc := ""
	if info.Encrypted {
		enc = ", encrypted"
	}
	s.result.SetText(fmt.Sprintf("Backed up and checked: %s (%s%s).", filepath.Base(info.Path), Describe(info), enc))
}

// ResultText is what the section says about the last backup, for tests.
func (m *Manager) ResultText() string {
	if m.section == nil {
		return ""
	}
	return m.section.result.Text
}
