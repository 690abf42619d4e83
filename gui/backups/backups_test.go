package backups

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/gui/guitest"
	"clientbook/gui/kit"
)

// newTestManager opens a book with three clients and a manager over it in a
// headless window, backing up into a temp folder, with work done inline.
func newTestManager(t *testing.T) (*Manager, domain.Book, fyne.Window, string) {
	t.Helper()
	app := test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "acme.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	for _, n := range []string{"Alpha AG", "Beta BV", "Gamma SA"} {
		if err := book.Clients().CreateClient(context.Background(), &domain.Client{Name: n, Status: domain.StatusActive, Currency: "EUR"}); err != nil {
			t.Fatal(err)
		}
	}
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1280, 800))
	m := New(data.BackupService{}, app.Preferences(), w, nil)
	m.SetBook(book)
	t.Cleanup(func() { m.SetBook(nil) })
	dir := filepath.Join(t.TempDir(), "backups")
	return m, book, w, dir
}

func TestSettingsSection(t *testing.T) {
	m, _, w, dir := newTestManager(t)
	w.SetContent(m.SettingsSection())
	s := m.section
	if !strings.HasSuffix(s.folder.Text, "(the default)") || !s.useDefault.Disabled() {
		t.Errorf("folder shows %q", s.folder.Text)
	}
	m.SetFolder(dir)
	if s.folder.Text != dir || m.Dir() != dir || s.useDefault.Disabled() {
		t.Errorf("after choosing %s: %q", dir, s.folder.Text)
	}

	// Counts: refused at the field until they make sense, stored when they do.
	test.Type(s.daily, "x")
	if !s.keepField.Error.Visible() || m.Keep() != domain.DefaultRetention {
		t.Errorf("daily 7x: error %q, keep %+v", s.keepField.Error.Text, m.Keep())
	}
	s.daily.SetText("0")
	if s.keepField.Error.Text != "Keep at least one day's backup." {
		t.Errorf("daily 0: %q", s.keepField.Error.Text)
	}
	s.daily.SetText("3")
	s.monthly.SetText("24")
	if s.keepField.Error.Visible() || m.Keep() != (domain.Retention{Daily: 3, Weekly: 4, Monthly: 24}) {
		t.Errorf("keep %+v, error %q", m.Keep(), s.keepField.Error.Text)
	}

	// Encryption: the passphrase twice, checked before anything is stored.
	test.Tap(s.encrypt)
	if !s.setup.Visible() || m.Key() != nil {
		t.Fatal("ticking Encrypt did not ask for the passphrase")
	}
	test.Type(s.pass, "correct horse")
	test.Type(s.confirm, "correct horsf")
	test.Tap(s.turnOn)
	if s.confirmField.Error.Text != "The two passphrases differ." || m.Key() != nil {
		t.Errorf("different passphrases: %q", s.confirmField.Error.Text)
	}
	s.pass.SetText("short")
	s.confirm.SetText("short")
	test.Tap(s.turnOn)
	if !strings.Contains(s.passField.Error.Text, "at least 8 characters") || m.Key() != nil {
		t.Errorf("a short passphrase: %q", s.passField.Error.Text)
	}
	s.pass.SetText("correct horse")
	s.confirm.SetText("correct horse")
	test.Tap(s.turnOn)
	if m.Key() == nil || s.setup.Visible() || !s.encrypted.Visible() || s.pass.Text != "" {
		t.Fatalf("encryption not on: error %q", s.passField.Error.Text)
	}
	if _, err := os.Stat(filepath.Join(dir, data.BackupKeyFile)); err != nil {
		t.Error("the sealed key is not in the backup folder")
	}

	test.Tap(s.now)
	if got := m.ResultText(); !strings.HasPrefix(got, "Backed up and checked: acme-") || !strings.Contains(got, "3 clients") || !strings.Contains(got, "encrypted") {
		t.Errorf("after Back up now: %q", got)
	}
	if s.result.Importance != widget.SuccessImportance || s.now.Disabled() {
		t.Error("the result is not shown as a success")
	}
	list, _ := data.ListBackups(context.Background(), dir)
	if len(list) != 1 || !list[0].Encrypted {
		t.Errorf("backups %+v", list)
	}

	// Unticking stops encrypting new backups.
	test.Tap(s.encrypt)
	if m.Key() != nil || s.encrypted.Visible() {
		t.Error("encryption still on")
	}

	// A folder that cannot be written is reported, in the danger colour.
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	m.SetFolder(file)
	test.Tap(s.now)
	if got := m.ResultText(); !strings.Contains(got, "Not backed up: ") || !strings.Contains(got, "is a file, not a folder") || s.result.Importance != widget.DangerImportance {
		t.Errorf("backing up into a file: %q", got)
	}
}

func TestDailyBackupWhileOpen(t *testing.T) {
	m, book, _, dir := newTestManager(t)
	m.SetFolder(dir)
	clock := time.Now()
	now = func() time.Time { return clock }
	defer func() { now = time.Now }()
	count := func() int {
		list, _ := data.ListBackups(context.Background(), dir)
		return len(list)
	}
	m.backUpIfDue()
	if count() != 1 {
		t.Fatalf("never backed up: %d backups after the first check", count())
	}
	clock = clock.Add(23 * time.Hour)
	m.backUpIfDue()
	if count() != 1 {
		t.Error("backed up again within a day")
	}
	if got := m.last(book); got.IsZero() {
		t.Error("the last backup is not remembered")
	}
	// And once more when the app closes.
	time.Sleep(1100 * time.Millisecond) // a new second, a new name
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if list, _ := data.ListBackups(context.Background(), dir); len(list) != 1 || !list[0].At.After(m.last(book).Add(-time.Second)) {
		t.Errorf("after closing: %+v", list) // same day: rotation keeps the newest
	}
}

// backedUp returns a manager whose folder holds one encrypted backup of a
// book with three clients, and the book, which then gets a fourth client.
func backedUp(t *testing.T) (*Manager, domain.Book, fyne.Window) {
	t.Helper()
	m, book, w, dir := newTestManager(t)
	m.SetFolder(dir)
	key, err := data.BackupService{}.SetUpKey(dir, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	m.prefs.SetString(keyRecipient, key.Recipient)
	m.prefs.SetString(keySealed, string(key.Sealed))
	if _, err := m.backUp(book); err != nil {
		t.Fatal(err)
	}
	if err := book.Clients().CreateClient(context.Background(), &domain.Client{Name: "Delta Oy", Status: domain.StatusActive, Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	return m, book, w
}

func TestRestoreAsNewBook(t *testing.T) {
	m, _, w := backedUp(t)
	var opened string
	r := m.ShowRestore(RestoreHooks{Open: func(p string) { opened = p }})
	if len(r.Backups()) != 1 || !strings.Contains(line(r.Backups()[0]), "3 clients") || !strings.Contains(line(r.Backups()[0]), "encrypted") {
		t.Fatalf("listed %+v", r.Backups())
	}
	if !r.asNew.Disabled() || r.passBox.Object().Visible() {
		t.Error("buttons enabled or passphrase asked before a backup is chosen")
	}
	r.Choose(0)
	if !r.passBox.Object().Visible() || r.asNew.Disabled() || r.over.Disabled() {
		t.Fatal("choosing an encrypted backup does not ask for its passphrase")
	}
	to := filepath.Join(t.TempDir(), "restored.db")
	r.SetPassphrase("wrong horse")
	r.RestoreAsNew(to)
	if got := r.PassphraseError(); got != "The passphrase is not the one these backups were encrypted with." {
		t.Errorf("wrong passphrase: %q", got)
	}
	if _, err := os.Stat(to); err == nil {
		t.Fatal("a wrong passphrase restored a book")
	}
	r.SetPassphrase("correct horse")
	r.RestoreAsNew(to)
	if r.PassphraseError() != "" {
		t.Fatalf("right passphrase: %q / %q", r.PassphraseError(), r.Message())
	}
	top := w.Canvas().Overlays().Top()
	var yes *widget.Button
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "restored into the new book "+to) && !strings.Contains(l.Text, "3 clients") {
			t.Errorf("the confirmation: %q", l.Text)
		}
		if b, ok := o.(*widget.Button); ok && b.Text == "Open book" {
			yes = b
		}
	}
	if yes == nil {
		t.Fatal("no offer to open the restored book")
	}
	test.Tap(yes)
	if opened != to {
		t.Errorf("opened %q", opened)
	}
	b, err := data.Open(to)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if n, _ := b.Clients().CountClients(context.Background(), domain.ClientFilter{}); n != 3 {
		t.Errorf("the restored book has %d clients", n)
	}
}

// The restore dialog reads the backups, and restores, off the UI
// goroutine: a restore shows a progress bar with Cancel, and one cancelled
// before it wrote says so and leaves no book behind.
func TestRestoreRunsInTheBackgroundAndCancels(t *testing.T) {
	m, _, w := backedUp(t)
	q, restore := kit.Queued()
	t.Cleanup(restore)
	r := m.ShowRestore(RestoreHooks{})
	if len(r.Backups()) != 0 || r.Message() != "Reading the backups…" || q.Len() != 1 {
		t.Fatalf("before the folder is read: %d listed, %q, %d queued", len(r.Backups()), r.Message(), q.Len())
	}
	q.Run()
	if len(r.Backups()) != 1 {
		t.Fatalf("listed %+v", r.Backups())
	}
	r.Choose(0)
	r.SetPassphrase("correct horse")
	to := filepath.Join(t.TempDir(), "restored.db")
	r.RestoreAsNew(to)
	if q.Len() != 1 || !r.asNew.Disabled() || w.Canvas().Overlays().Top() == nil {
		t.Fatalf("while restoring: %d queued, Restore off %v", q.Len(), r.asNew.Disabled())
	}
	guitest.Answer(t, w, "Cancel")
	q.Run()
	if _, err := os.Stat(to); err == nil || r.Message() != "Cancelled: nothing was restored." || r.asNew.Disabled() {
		t.Errorf("after Cancel: file there %v, message %q", err == nil, r.Message())
	}
	r.RestoreAsNew(to)
	q.Run()
	if _, err := os.Stat(to); err != nil {
		t.Errorf("not restored without Cancel: %v (%q)", err, r.Message())
	}
}

func TestRestoreOverThisBook(t *testing.T) {
	m, book, w := backedUp(t)
	reopened := false
	r := m.ShowRestore(RestoreHooks{Reopen: func() { reopened = true }})
	r.Choose(0)
	test.Tap(r.over)
	top := w.Canvas().Overlays().Top()
	var confirm *widget.Button
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Restore over this book" && b != r.over {
			confirm = b
		}
	}
	if confirm == nil {
		t.Fatal("no confirmation naming the action")
	}
	test.Tap(confirm) // no passphrase typed yet
	if reopened || !strings.Contains(r.PassphraseError(), "enter the passphrase") {
		t.Fatalf("restored without the passphrase: %q %q", r.PassphraseError(), r.Message())
	}
	r.SetPassphrase("correct horse")
	r.RestoreOver()
	if !reopened {
		t.Fatalf("not restored: %q %q", r.PassphraseError(), r.Message())
	}
	if n, _ := book.Clients().CountClients(context.Background(), domain.ClientFilter{}); n != 3 {
		t.Errorf("after restoring over: %d clients", n)
	}
	list, _ := data.ListBackups(context.Background(), m.Dir())
	var safety bool
	for _, b := range list {
		if b.Kind == domain.BackupBeforeRestore && b.Counts != nil && b.Counts.Clients == 4 {
			safety = true
		}
	}
	if !safety {
		t.Errorf("the book was not backed up before the restore: %+v", list)
	}
}
