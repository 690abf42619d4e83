// Package gui is Clientbook's window: the menu, the screens and switching
// between books. It talks only to the domain's interfaces.
package gui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/backups"
	"clientbook/gui/find"
	"clientbook/gui/importer"
	"clientbook/gui/kit"
	"clientbook/gui/setup"
	"clientbook/gui/widgets"
)

// recentKey is the preference holding recently opened books, newest first.
const recentKey = "recentBooks"

// maxRecent is how many recent books File > Open Recent lists.
const maxRecent = 8

// UI is the main window's content over one open book.
type UI struct {
	app    fyne.App
	win    fyne.Window
	open   domain.BookOpener
	book   domain.Book
	icon   fyne.Resource
	setup  *setup.Page  // the first-run setup while it shows, else nil
	finder *find.Finder // the last Find anything… opened
	// Every tab is built from the Base by its package's Tab in tabList,
	// and the window talks to them only through what their kit.Tab says.
	tabs       *container.AppTabs
	tabDefs    []kit.Tab       // the tabs as their screens describe them, in order
	clientTabs []kit.ClientTab // the tabs beside a client's details, after Details
	body       *fyne.Container
	opening    *kit.Loader // reads what the book opens on: Today or Clients, the setup or not
	damage     *damageBanner
	backups    *backups.Manager // nil until SetBackups
	renderer   domain.Renderer  // nil until SetRenderer
	einvoicer  domain.EInvoicer // nil until SetEInvoicer

	aboutBook func(domain.Book) string // nil until SetAboutBook
}

// current is the selected tab, or nil.
// While the first-run setup shows there is none: the tabs are behind it.
func (u *UI) current() *kit.Tab {
	if u.tabs == nil || u.setup != nil || u.opening.Busy() {
		return nil
	}
	i := u.tabs.SelectedIndex()
	if i < 0 || i >= len(u.tabDefs) {
		return nil
	}
	return &u.tabDefs[i]
}

// New builds the window's content, main menu and shortcuts over book (nil
// when no book could be opened). open opens books for File > New book…,
// Open book… and Open Recent.
func New(a fyne.App, w fyne.Window, book domain.Book, open domain.BookOpener) *UI {
	u := &UI{app: a, win: w, open: open, icon: a.Icon(), body: container.NewStack(), opening: kit.NewLoader()}
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

func (u *UI) setBook(b domain.Book) {
	u.book = b
	u.opening.Drop()
	u.body.RemoveAll()
	for _, t := range u.tabDefs { // Today's notifications, the look-ups --show started
		if t.Close != nil {
			t.Close()
		}
	}
	u.tabs, u.tabDefs, u.clientTabs, u.setup = nil, nil, nil, nil
	if b == nil {
		u.win.SetTitle("Clientbook")
		u.body.Add(u.noBookPage())
	} else {
		base := kit.Base{Book: b, Win: u.win, Nav: u, Prefs: u.app.Preferences(), Icon: u.icon, Reload: u.refreshScreens,
			Notify: func(title, content string) { u.app.SendNotification(fyne.NewNotification(title, content)) }}
		u.clientTabs = u.clientTabList(base)
		u.tabDefs = u.tabList(base)
		u.addSections()
		u.tabs = container.NewAppTabs()
		for _, t := range u.tabDefs {
			u.tabs.Append(container.NewTabItemWithIcon(t.Title, t.Icon, t.Content))
		}
		u.tabs.OnSelected = func(*container.TabItem) {
			if t := u.current(); t != nil && t.Refresh != nil {
				t.Refresh()
			}
			u.win.SetMainMenu(u.menu()) // Edit ▸ New names this tab's new thing
		}
		u.win.SetTitle("Clientbook — " + filepath.Base(b.Path()))
		u.damage = u.watchForDamage(b)
		main := container.NewBorder(u.damage.box, nil, nil, nil, newFitTabs(u.tabs))
		u.body.Add(container.NewStack(u.opening.Spinner()))
		u.start(b, main)
		u.remember(b.Path())
	}
	u.attachBackups()
	u.attachRenderer()
	u.body.Refresh()
	u.win.SetMainMenu(u.menu())
}

// opened is what a book opens on, read off the UI goroutine.
type opened struct {
	clients int
	company domain.Company
	err     error
}

// start reads how many clients the book has and whether its company is set
// up, off the UI goroutine (the window shows a spinner meanwhile), then
// shows main: on Today once the book has clients, on the Clients welcome
// page when it has none — after the first-run setup when nobody has said
// yet who issues its invoices.
func (u *UI) start(b domain.Book, main fyne.CanvasObject) {
	kit.Load(u.opening, func(ctx context.Context) (opened, error) {
		n, err := b.Clients().CountClients(ctx, domain.ClientFilter{})
		if err != nil {
			return opened{}, err
		}
		co, err := b.Company().Company(ctx)
		return opened{clients: n, company: co}, err
	}, func(o opened, err error) {
		if u.book != b {
			return // another book opened meanwhile
		}
		u.body.RemoveAll()
		defer u.body.Refresh()
		if (err != nil || o.clients == 0) && u.tabs.SelectedIndex() == 0 { // not moved by --show meanwhile
			u.tabServing(func(r kit.Routes) bool { return r.OpenClient != nil }) // Clients' welcome page
		}
		if err != nil || o.clients != 0 || o.company.IsSetUp() {
			u.body.Add(main)
			return
		}
		u.setup = setup.New(b.Company(), o.company, u.win)
		u.setup.Done = func(bool) {
			u.setup = nil
			u.body.RemoveAll()
			u.body.Add(main)
			u.body.Refresh()
			u.win.SetMainMenu(u.menu())
		}
		u.body.Add(u.setup.Object())
		u.setup.FocusFirst()
		u.win.SetMainMenu(u.menu())
	})
}

// Opening reports whether the book just opened is still being read for what
// to show first.
func (u *UI) Opening() bool { return u.opening.Busy() }

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
	if u.backups != nil { // also with no book open: the book may have been refused as damaged
		file.Items = append(file.Items, fyne.NewMenuItem("Restore from backup…", func() { u.restoreFromBackup() }))
	}
	menus := []*fyne.Menu{file}
	if u.tabs != nil {
		file.Items = append(file.Items, fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Import CSV…", func() { u.importCSV("") }),
			fyne.NewMenuItem("Verify book…", u.verifyBook))
		menus = append(menus, u.editMenu(), u.goMenu())
		for i, t := range u.tabDefs { // the tabs' own menus: Documents
			if t.Menu != nil {
				menus = append(menus, t.Menu(u.onTab(t.Content), func() { u.selectTab(i) }))
			}
		}
	}
	menus = append(menus, u.helpMenu())
	return fyne.NewMainMenu(menus...)
}

// The window is every screen's kit.Nav: it switches to the first tab whose
// Routes serve what is asked for and asks it there. A route no tab serves
// opens nothing.

func (u *UI) OpenClient(id int64, tab string) {
	if r := u.tabServing(func(r kit.Routes) bool { return r.OpenClient != nil }); r != nil {
		r.OpenClient(id, tab)
	}
}

func (u *UI) OpenDocument(id int64) {
	if r := u.tabServing(func(r kit.Routes) bool { return r.OpenDocument != nil }); r != nil {
		r.OpenDocument(id)
	}
}

func (u *UI) ShowDocuments(f domain.DocumentFilter) {
	if r := u.tabServing(func(r kit.Routes) bool { return r.ShowDocuments != nil }); r != nil {
		r.ShowDocuments(f)
	}
}

func (u *UI) ShowClientDocuments(c *domain.Client) {
	if r := u.tabServing(func(r kit.Routes) bool { return r.ShowClientDocuments != nil }); r != nil {
		r.ShowClientDocuments(c)
	}
}

func (u *UI) NewDocument(kind domain.DocKind, c *domain.Client) {
	if r := u.tabServing(func(r kit.Routes) bool { return r.NewDocument != nil }); r != nil {
		r.NewDocument(kind, c)
	}
}

func (u *UI) OpenPayment(p *domain.Payment) {
	if r := u.tabServing(func(r kit.Routes) bool { return r.OpenPayment != nil }); r != nil {
		r.OpenPayment(p)
	}
}

func (u *UI) OpenReceivables() {
	if r := u.tabServing(func(r kit.Routes) bool { return r.OpenReceivables != nil }); r != nil {
		r.OpenReceivables()
	}
}

// tabServing selects the first tab whose Routes serves picks and returns
// them, nil when no tab does: the tab that registered a route is where
// kit.Nav leads.
func (u *UI) tabServing(serves func(kit.Routes) bool) *kit.Routes {
	for i := range u.tabDefs {
		if serves(u.tabDefs[i].Routes) {
			u.selectTab(i)
			return &u.tabDefs[i].Routes
		}
	}
	return nil
}

// addSections puts the sections the tabs contribute (the Outbox's mail
// server) on the tab that takes them, Settings.
func (u *UI) addSections() {
	for _, to := range u.tabDefs {
		if to.AddSection == nil {
			continue
		}
		for _, from := range u.tabDefs {
			for _, sec := range from.Sections {
				to.AddSection(sec)
			}
		}
	}
}

// refreshScreens reads every tab again after the book changed under them
// (a demo book loaded, an import).
func (u *UI) refreshScreens() {
	for _, t := range u.tabDefs {
		if t.Reload != nil {
			t.Reload()
		} else if t.Refresh != nil {
			t.Refresh()
		}
	}
}

// importCSV opens File > Import CSV… on entity ("" for the first).
func (u *UI) importCSV(entity string) *importer.Wizard {
	w := importer.New(u.book.Import(), u.win)
	w.OnImported = func(domain.ImportResult) { u.refreshScreens() }
	w.Show(entity)
	return w
}

// addShortcuts binds the Edit and Go menus' shortcuts on the canvas too
// (the menus take them first while typing in a field; this covers windows
// without a main menu) and Esc to the selected tab's Cancel.
func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	for _, sc := range u.shortcuts() {
		sc := sc
		c.AddShortcut(sc.key, func(fyne.Shortcut) { sc.run() })
	}
	c.SetOnTypedKey(func(e *fyne.KeyEvent) {
		if t := u.current(); e.Name == fyne.KeyEscape && t != nil && t.Cancel != nil {
			t.Cancel()
		}
	})
}

// confirmLeave asks every screen in turn about unsaved edits, then runs next.
func (u *UI) confirmLeave(next func()) {
	u.confirmFrom(0, next)
}

func (u *UI) confirmFrom(i int, next func()) {
	if i >= len(u.tabDefs) {
		next()
		return
	}
	u.tabDefs[i].Leave(func() { u.confirmFrom(i+1, next) })
}

// switchTo opens the book at path in place of the current one. A book that
// cannot be opened leaves the current one open.
func (u *UI) switchTo(path string) {
	if u.book != nil && sameFile(u.book.Path(), path) {
		return
	}
	u.confirmLeave(func() {
		old := u.book
		if old != nil && u.backups != nil {
			u.backups.SetBook(nil) // waits for a backup of it under way
		}
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
	widgets.ChooseSave(u.win, "clientbook.db", ".db", func(path string) {
		if !strings.HasSuffix(strings.ToLower(path), ".db") {
			path += ".db"
		}
		u.switchTo(path) // a file that is not there opens as a new book
	})
}

func (u *UI) openBook() {
	widgets.ChooseOpen(u.win, "Open a book", []string{".db"}, u.switchTo)
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

// Show selects a screen by name, for --show and screenshots: a tab by its
// title ("today", "pipeline"…), and what follows its title and a slash is
// handed to the tab's Show: "clients/NAME[/TAB[/ACTION]]" (a client tab:
// "Account", "Timeline"…; "Account/report" opens the account report form),
// "documents/new" or "documents/NUMBER" (an invoice, quote or credit note
// number), "receivables/VIEW" (aging, overdue, payments, bank, deposits;
// "bank=FILE" opens the statement import on FILE), "settings/backups". Also
// "restore" and "import/ENTITY[=FILE]".
//
// done (nil for nothing) runs on the UI goroutine once the screen shows,
// with nil or what was wrong with target; a client or document named is
// looked up off the UI goroutine first.
func (u *UI) Show(target string, done func(error)) {
	if done == nil {
		done = func(error) {}
	}
	if err := u.show(target, done); err != nil {
		done(err)
	}
}

// show shows target and returns nil after handing done to the look-up
// that finishes the work, or calls done itself when there is none; it
// returns what was wrong with target otherwise.
func (u *UI) show(target string, done func(error)) error {
	if u.tabs == nil {
		return fmt.Errorf("no book is open")
	}
	name, arg, _ := strings.Cut(target, "/")
	switch name {
	case "restore":
		if u.backups == nil {
			return fmt.Errorf("backups are not turned on")
		}
		u.restoreFromBackup()
	case "import":
		// import/ENTITY or import/ENTITY=FILE, which goes on to its columns.
		entity, file, _ := strings.Cut(arg, "=")
		w := u.importCSV(entity)
		if file != "" {
			w.SetFiles(entity, file, "")
			w.Next()
		}
	default: // a tab by its title, and what its Show takes after it
		var titles []string
		for i, t := range u.tabDefs {
			if !strings.EqualFold(t.Title, name) {
				titles = append(titles, strings.ToLower(t.Title))
				continue
			}
			u.selectTab(i)
			if arg == "" {
				done(nil)
				return nil
			}
			if t.Show == nil {
				return fmt.Errorf("%s takes nothing after its name", strings.ToLower(t.Title))
			}
			return t.Show(arg, done)
		}
		return fmt.Errorf("unknown screen %q: use %s, clients/NAME[/TAB], documents/new, documents/NUMBER, receivables/aging|overdue|payments|bank|deposits, import/ENTITY[=FILE]",
			name, strings.Join(titles, ", "))
	}
	done(nil)
	return nil
}
