// Package gui is Clientbook's window: the menu, the screens and switching
// between books. It talks only to the domain's interfaces.
package gui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/clients"
)

// recentKey is the preference holding recently opened books, newest first.
const recentKey = "recentBooks"

// maxRecent is how many recent books File > Open Recent lists.
const maxRecent = 8

// UI is the main window's content over one open book.
type UI struct {
	app     fyne.App
	win     fyne.Window
	open    domain.BookOpener
	book    domain.Book
	icon    fyne.Resource
	clients *clients.Screen
	body    *fyne.Container
}

// New builds the window's content, main menu and shortcuts over book (nil
// when no book could be opened). open opens books for File > New book…,
// Open book… and Open Recent.
func New(a fyne.App, w fyne.Window, book domain.Book, open domain.BookOpener) *UI {
	u := &UI{app: a, win: w, open: open, icon: a.Icon(), body: container.NewStack()}
	w.SetContent(u.body)
	u.setBook(book)
	u.addShortcuts()
	w.SetCloseIntercept(func() {
		u.confirmLeave(func() {
			w.SetCloseIntercept(nil)
			w.Close()
		})
	})
	return u
}

// Book is the open book, or nil.
func (u *UI) Book() domain.Book { return u.book }

// Clients is the Clients screen, nil while no book is open.
func (u *UI) Clients() *clients.Screen { return u.clients }

func (u *UI) setBook(b domain.Book) {
	u.book = b
	u.body.RemoveAll()
	if b == nil {
		u.clients = nil
		u.win.SetTitle("Clientbook")
		u.body.Add(u.noBookPage())
	} else {
		u.clients = clients.NewScreen(b.Clients(), u.win, u.icon)
		u.win.SetTitle("Clientbook — " + filepath.Base(b.Path()))
		u.body.Add(u.clients.Object())
		u.remember(b.Path())
	}
	u.body.Refresh()
	u.win.SetMainMenu(u.menu())
}

func (u *UI) noBookPage() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("No book is open", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	text := widget.NewLabelWithStyle("Open an existing book or start a new one.", fyne.TextAlignCenter, fyne.TextStyle{})
	newBtn := widget.NewButtonWithIcon("New book…", theme.DocumentCreateIcon(), u.newBook)
	openBtn := widget.NewButtonWithIcon("Open book…", theme.FolderOpenIcon(), u.openBook)
	openBtn.Importance = widget.HighImportance
	return container.NewCenter(container.NewVBox(title, text, container.NewHBox(layout.NewSpacer(), newBtn, openBtn, layout.NewSpacer())))
}

func (u *UI) menu() *fyne.MainMenu {
	var items []*fyne.MenuItem
	for _, p := range u.recent() {
		path := p
		items = append(items, fyne.NewMenuItem(path, func() { u.switchTo(path) }))
	}
	recent := fyne.NewMenuItem("Open Recent", nil)
	recent.ChildMenu = fyne.NewMenu("", items...)
	recent.Disabled = len(items) == 0
	file := fyne.NewMenu("File",
		fyne.NewMenuItem("New book…", u.newBook),
		fyne.NewMenuItem("Open book…", u.openBook),
		recent,
	)
	menus := []*fyne.Menu{file}
	if u.clients != nil {
		newClient := fyne.NewMenuItem("New client", u.clients.NewClient)
		newClient.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
		find := fyne.NewMenuItem("Find client", u.clients.FocusSearch)
		find.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
		menus = append(menus, fyne.NewMenu("Clients", newClient, find))
	}
	return fyne.NewMainMenu(menus...)
}

// addShortcuts binds Ctrl/Cmd+N, Ctrl/Cmd+F, Ctrl/Cmd+S and Esc.
func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	on := func(key fyne.KeyName, fn func(s *clients.Screen)) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
			if u.clients != nil {
				fn(u.clients)
			}
		})
	}
	on(fyne.KeyN, (*clients.Screen).NewClient)
	on(fyne.KeyF, (*clients.Screen).FocusSearch)
	on(fyne.KeyS, func(s *clients.Screen) { s.Form().Save() })
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if e.Name == fyne.KeyEscape && u.clients != nil {
			u.clients.Cancel()
		}
	})
}

func (u *UI) confirmLeave(next func()) {
	if u.clients == nil {
		next()
		return
	}
	u.clients.ConfirmLeave(next)
}

// switchTo opens the book at path in place of the current one. A book that
// cannot be opened leaves the current one open.
func (u *UI) switchTo(path string) {
	if u.book != nil && sameFile(u.book.Path(), path) {
		return
	}
	u.confirmLeave(func() {
		old := u.book
		if old != nil {
			// Release the current book first: the new path may be the same
			// file under another name, which the book lock would refuse.
			if err := old.Close(); err != nil {
				dialog.ShowError(fmt.Errorf("%s", domain.ErrorMessage(err)), u.win)
			}
		}
		b, err := u.open(path)
		if err != nil {
			dialog.ShowError(fmt.Errorf("%s", domain.ErrorMessage(err)), u.win)
			if old != nil {
				b, err = u.open(old.Path())
				if err != nil {
					u.setBook(nil)
					return
				}
			}
		}
		u.setBook(b)
	})
}

func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

func (u *UI) newBook() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		if !strings.HasSuffix(strings.ToLower(path), ".db") {
			os.Remove(path)
			path += ".db"
		}
		// The save dialog leaves an empty file behind; an empty file opens as a new book.
		u.switchTo(path)
	}, u.win)
	d.SetFileName("clientbook.db")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db"}))
	d.Show()
}

func (u *UI) openBook() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		u.switchTo(path)
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db"}))
	d.Show()
}

// recent returns the remembered books that still exist, newest first.
func (u *UI) recent() []string {
	var out []string
	for _, p := range u.app.Preferences().StringList(recentKey) {
		if _, err := os.Stat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

func (u *UI) remember(path string) {
	list := []string{path}
	for _, p := range u.recent() {
		if p != path && len(list) < maxRecent {
			list = append(list, p)
		}
	}
	u.app.Preferences().SetStringList(recentKey, list)
}
