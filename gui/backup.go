package gui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"clientbook/domain"
	"clientbook/gui/backups"
	"clientbook/gui/kit"
)

// SetBackups turns on automatic backups with svc: Settings ▸ Backups, File ▸
// Restore from backup…, a backup a day while a book is open and one when
// the app closes (BackUpOnClose).
func (u *UI) SetBackups(svc domain.BackupService) {
	u.backups = backups.New(svc, u.app.Preferences(), u.win, func(title, content string) {
		u.app.SendNotification(fyne.NewNotification(title, content))
	})
	u.attachBackups()
	u.win.SetMainMenu(u.menu())
}

// Backups is the backup manager, nil until SetBackups.
func (u *UI) Backups() *backups.Manager { return u.backups }

// attachBackups follows the open book with the backups and puts their
// settings on the Settings screen.
func (u *UI) attachBackups() {
	if u.backups == nil {
		return
	}
	u.backups.SetBook(u.book)
	for _, t := range u.tabDefs {
		if t.AddSection != nil {
			t.AddSection(kit.Section{Title: "Backups", Content: u.backups.SettingsSection()})
		}
	}
}

// BackUpOnClose takes the closing backup of the open book, if backups are
// on; the caller closes the book afterwards.
func (u *UI) BackUpOnClose() error {
	if u.backups == nil {
		return nil
	}
	return u.backups.Close()
}

// restoreFromBackup is File ▸ Restore from backup….
func (u *UI) restoreFromBackup() *backups.RestoreDialog {
	return u.backups.ShowRestore(backups.RestoreHooks{
		Open:   u.switchTo,
		Leave:  u.confirmLeave,
		Reopen: u.reopenBook,
	})
}

// reopenBook closes the open book and opens it again, after a backup was
// restored over it.
func (u *UI) reopenBook() {
	old := u.book
	if old == nil {
		return
	}
	u.backups.SetBook(nil)
	if err := old.Close(); err != nil {
		dialog.ShowError(fmt.Errorf("%s", domain.ErrorMessage(err)), u.win)
	}
	b, err := u.open(old.Path())
	if err != nil {
		dialog.ShowError(fmt.Errorf("%s", domain.ErrorMessage(err)), u.win)
	}
	u.setBook(b)
}
