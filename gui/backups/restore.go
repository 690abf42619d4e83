package backups

import (
	"context"
	"fmt"
	"path/filepath"
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

// RestoreHooks are what restoring asks of the window.
type RestoreHooks struct {
	// Open opens a book restored into a new file.
	Open func(path string)
	// Leave runs next once the screens have nothing unsaved (asking first).
	Leave func(next func())
	// Reopen closes the open book and opens it again, after a restore over it.
	Reopen func()
}

// RestoreDialog is File ▸ Restore from backup….
type RestoreDialog struct {
	m       *Manager
	hooks   RestoreHooks
	list    []domain.BackupInfo
	chosen  int
	items   *widget.List
	pass    *widget.Entry
	passBox *widgets.Field
	message *widget.Label
	asNew   *widget.Button
	over    *widget.Button
	content *fyne.Container // laid out again when the passphrase shows or hides
	dlg     dialog.Dialog
}

// ShowRestore lists the backups in the backup folder, newest first, and
// restores the one chosen into a new book or over the open one.
func (m *Manager) ShowRestore(hooks RestoreHooks) *RestoreDialog {
	r := &RestoreDialog{m: m, hooks: hooks, chosen: -1}
	dir := m.Dir()
	r.message = widget.NewLabel("Reading the backups…")
	r.message.Wrapping = fyne.TextWrapWord
	r.items = widget.NewList(func() int { return len(r.list) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(line(r.list[i])) })
	r.items.OnSelected = func(i widget.ListItemID) { r.choose(i) }
	r.pass = widget.NewPasswordEntry()
	r.pass.SetPlaceHolder("The passphrase these backups were encrypted with")
	r.passBox = widgets.NewField("Passphrase", r.pass)
	r.passBox.Object().Hide()
	r.asNew = widget.NewButtonWithIcon("Restore as a new book…", theme.DocumentCreateIcon(), r.restoreAsNew)
	r.over = widget.NewButtonWithIcon("Restore over this book", theme.HistoryIcon(), r.confirmOver)
	r.over.Importance = widget.DangerImportance
	r.asNew.Disable()
	r.over.Disable()
	if m.book == nil {
		r.over.Hide()
	}
	where := hint("Backups in " + dir + ":")
	closeBtn := widget.NewButton("Close", func() { r.dlg.Hide() })
	buttons := container.NewHBox(closeBtn, layout.NewSpacer(), r.asNew, r.over)
	loader := kit.NewLoader()
	r.content = container.NewBorder(where, container.NewVBox(r.passBox.Object(), r.message, buttons), nil, nil,
		container.NewStack(r.items, loader.Spinner()))
	r.dlg = dialog.NewCustomWithoutButtons("Restore from backup", r.content, m.win)
	size := m.win.Canvas().Size()
	r.dlg.Resize(fyne.NewSize(min(900, size.Width-40), min(560, size.Height-40)))
	r.dlg.Show()
	svc := m.svc
	kit.Load(loader, func(ctx context.Context) ([]domain.BackupInfo, error) {
		return svc.List(ctx, dir)
	}, r.listed)
	return r
}

// listed shows the backups read from the folder, or why they could not be.
func (r *RestoreDialog) listed(list []domain.BackupInfo, err error) {
	r.list = list
	r.items.Refresh()
	switch {
	case err != nil:
		r.showError(err)
	case len(list) == 0:
		r.message.SetText("There are no backups in this folder yet. Choose another folder under Settings ▸ Backups, or take one with Back up now.")
	default:
		r.message.SetText("Choose a backup. Restoring as a new book leaves this book as it is; restoring over this book backs it up first.")
	}
}

// line is one backup in the list.
func line(b domain.BackupInfo) string {
	s := b.Book + " — " + Describe(b)
	if b.Problem != "" {
		s += " · " + b.Problem
	} else if b.Encrypted {
		s += " · encrypted"
	}
	switch b.Kind {
	case domain.BackupBeforeRestore:
		s += " · taken before a restore"
	case domain.BackupDamaged:
		s += " · the damaged book, as it was"
	}
	return s
}

func (r *RestoreDialog) choose(i int) {
	r.chosen = i
	b := r.list[i]
	r.message.Importance = widget.MediumImportance
	r.message.SetText(filepath.Base(b.Path))
	r.passBox.SetError("")
	if b.Encrypted {
		r.passBox.Object().Show()
		r.m.win.Canvas().Focus(r.pass)
	} else {
		r.passBox.Object().Hide()
	}
	r.content.Refresh()
	ok := b.Problem == "" && b.Kind != domain.BackupDamaged
	if ok {
		r.asNew.Enable()
		r.over.Enable()
	} else {
		r.asNew.Disable()
		r.over.Disable()
	}
}

// Choose selects the i-th backup listed, as a click would.
func (r *RestoreDialog) Choose(i int) { r.items.Select(i) }

// Backups are the backups listed.
func (r *RestoreDialog) Backups() []domain.BackupInfo { return r.list }

// SetPassphrase types the passphrase.
func (r *RestoreDialog) SetPassphrase(p string) { r.pass.SetText(p) }

// Message is what the dialog says under the list; PassphraseError what it
// says at the passphrase.
func (r *RestoreDialog) Message() string { return r.message.Text }

// PassphraseError is the message at the passphrase, "" for none.
func (r *RestoreDialog) PassphraseError() string {
	if !r.passBox.Error.Visible() {
		return ""
	}
	return r.passBox.Error.Text
}

// showError puts err where it belongs: at the passphrase, or under the list.
func (r *RestoreDialog) showError(err error) {
	if msg := domain.FieldErrors(err)["passphrase"]; msg != "" {
		r.passBox.Object().Show()
		r.passBox.SetError(msg)
		r.message.SetText("")
		r.content.Refresh()
		return
	}
	r.message.Importance = widget.DangerImportance
	r.message.SetText(domain.ErrorMessage(err))
}

func (r *RestoreDialog) restoreAsNew() {
	if r.chosen < 0 {
		return
	}
	b := r.list[r.chosen]
	widgets.ChooseSave(r.m.win, b.Book+"-restored.db", ".db", func(path string) {
		if !strings.HasSuffix(strings.ToLower(path), ".db") {
			path += ".db"
		}
		r.RestoreAsNew(path)
	})
}

// RestoreAsNew restores the chosen backup into the new book file path, in
// the background behind a progress dialog with Cancel, and offers to open
// it.
func (r *RestoreDialog) RestoreAsNew(path string) {
	b := r.list[r.chosen]
	pass, m := r.pass.Text, r.m
	r.busy(true)
	kit.Long(m.win, "Restoring "+b.Book, func(ctx context.Context, step kit.Step) (domain.BackupInfo, error) {
		step(0, 0, "Restoring the backup into "+filepath.Base(path)+" and checking it…")
		m.running.Lock()
		defer m.running.Unlock()
		return m.svc.RestoreNew(ctx, b.Path, path, pass)
	}, func(info domain.BackupInfo, err error, _ bool) {
		r.busy(false)
		if err != nil {
			r.showError(err)
			return
		}
		r.dlg.Hide()
		what := "the backup"
		if info.Counts != nil {
			what = fmt.Sprintf("%d clients, %d documents and %d payments", info.Counts.Clients, info.Counts.Documents, info.Counts.Payments)
		}
		widgets.Confirm("Open book", "Restored", fmt.Sprintf("The backup of %s is restored into the new book %s (%s). Open it now?",
			b.At.Local().Format("2 Jan 2006 15:04"), path, what), func(open bool) {
			if open && r.hooks.Open != nil {
				r.hooks.Open(path)
			}
		}, m.win)
	})
}

func (r *RestoreDialog) confirmOver() {
	if r.chosen < 0 || r.m.book == nil {
		return
	}
	b := r.list[r.chosen]
	msg := fmt.Sprintf("%s will be replaced by the backup taken %s.\n\nThe book as it is now is backed up first, into %s, and kept there.",
		filepath.Base(r.m.book.Path()), Describe(b), r.m.Dir())
	widgets.Confirm("Restore over this book", "Restore over this book?", msg, func(ok bool) {
		if ok {
			r.RestoreOver()
		}
	}, r.m.win)
}

// RestoreOver restores the chosen backup over the open book, once the
// screens have nothing unsaved, and reopens the book. It runs in the
// background behind a progress dialog; Cancel stops it until the book
// starts being written over, after which it finishes.
func (r *RestoreDialog) RestoreOver() {
	leave := r.hooks.Leave
	if leave == nil {
		leave = func(next func()) { next() }
	}
	leave(func() {
		b := r.list[r.chosen]
		m, book, pass := r.m, r.m.book, r.pass.Text
		r.busy(true)
		m.pending.Add(1)
		kit.Long(m.win, "Restoring over "+filepath.Base(book.Path()), func(ctx context.Context, step kit.Step) (domain.BackupInfo, error) {
			defer m.pending.Done() // before the window reopens the book, which waits for it
			step(0, 0, "Checking the backup, backing this book up, then restoring…")
			m.running.Lock()
			defer m.running.Unlock()
			return m.svc.RestoreOver(ctx, book, b.Path, pass, m.Dir(), m.options())
		}, func(safety domain.BackupInfo, err error, _ bool) {
			r.busy(false)
			if err != nil && safety.Path == "" {
				r.showError(err)
				return
			}
			r.dlg.Hide()
			if r.hooks.Reopen != nil {
				r.hooks.Reopen()
			}
			if err != nil {
				kit.ShowError(err, m.win)
				return
			}
			dialog.ShowInformation("Restored", fmt.Sprintf("The book is as it was on %s.\n\nThe book as it was before is kept in %s.",
				b.At.Local().Format("2 Jan 2006 15:04"), safety.Path), m.win)
		})
	})
}

func (r *RestoreDialog) busy(on bool) {
	if on {
		r.passBox.SetError("")
		r.asNew.Disable()
		r.over.Disable()
		r.message.Importance = widget.MediumImportance
		r.message.SetText("Restoring and checking…")
		return
	}
	r.asNew.Enable()
	r.over.Enable()
}
