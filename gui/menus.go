package gui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/find"
	"clientbook/gui/kit"
)

// keyShortcut is one keyboard shortcut of the window, with what it does and
// the words the Help ▸ Keyboard shortcuts list gives it.
type keyShortcut struct {
	key  *desktop.CustomShortcut
	what string
	run  func()
}

func ctrl(k fyne.KeyName) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

// tabKeys are the keys that switch to the first nine tabs.
var tabKeys = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}

// shortcuts are the window's shortcuts: New, Find and Save act on the tab
// you are on; Ctrl/Cmd+1…9 switch tabs.
func (u *UI) shortcuts() []keyShortcut {
	onTab := func(act func(t *kit.Tab)) func() {
		return func() {
			if t := u.current(); t != nil {
				act(t)
			}
		}
	}
	out := []keyShortcut{
		{ctrl(fyne.KeyN), "New — a client, an invoice, a payment… on the tab you are on", onTab(func(t *kit.Tab) {
			if t.New != nil {
				t.New()
			}
		})},
		{ctrl(fyne.KeyF), "Find — the search of the tab you are on", onTab(func(t *kit.Tab) {
			if t.Find != nil {
				t.Find()
			}
		})},
		{ctrl(fyne.KeyS), "Save the form you are editing", func() {
			if u.setup != nil {
				u.setup.Save()
				return
			}
			onTab(func(t *kit.Tab) {
				if t.Save != nil {
					t.Save()
				}
			})()
		}},
		{ctrl(fyne.KeyK), "Find anything: a client or contact, a document by number, PO or reference, a payment by reference", u.findAnything},
		{ctrl(fyne.KeyReturn), "Issue the draft you are writing, after the usual checks", func() {
			if t := u.current(); t != nil && t.Issue != nil { // no tab is current while the setup shows
				t.Issue()
			}
		}},
	}
	for i := range u.tabDefs {
		if i >= len(tabKeys) {
			break
		}
		i := i
		out = append(out, keyShortcut{ctrl(tabKeys[i]), "Go to " + u.tabDefs[i].Title, func() { u.selectTab(i) }})
	}
	return out
}

// selectTab switches to tab i.
func (u *UI) selectTab(i int) {
	if u.tabs != nil && i < len(u.tabs.Items) {
		u.tabs.SelectIndex(i)
	}
}

// editMenu acts on the tab you are on: its New names what it makes.
func (u *UI) editMenu() *fyne.Menu {
	t := u.current()
	newLabel, canNew, canFind, canSave, canCancel := "New", false, false, false, false
	if t != nil {
		if t.NewLabel != "" {
			newLabel = t.NewLabel
		}
		canNew, canFind, canSave, canCancel = t.New != nil, t.Find != nil, t.Save != nil, t.Cancel != nil
	}
	canSave = canSave || u.setup != nil
	sc := u.shortcuts()
	item := func(label string, s keyShortcut, enabled bool) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, s.run)
		m.Shortcut = s.key
		m.Disabled = !enabled
		return m
	}
	cancel := fyne.NewMenuItem("Cancel edits (Esc)", func() {
		if t := u.current(); t != nil && t.Cancel != nil {
			t.Cancel()
		}
	})
	cancel.Disabled = !canCancel
	return fyne.NewMenu("Edit", item(newLabel, sc[0], canNew), item("Find", sc[1], canFind), item("Save", sc[2], canSave), cancel)
}

// goMenu has Find anything… and lists the tabs, the first nine with
// Ctrl/Cmd+1…9.
func (u *UI) goMenu() *fyne.Menu {
	findItem := fyne.NewMenuItem("Find anything…", u.findAnything)
	findItem.Shortcut = ctrl(fyne.KeyK)
	m := fyne.NewMenu("Go", findItem, fyne.NewMenuItemSeparator())
	for i, t := range u.tabDefs {
		i := i
		item := fyne.NewMenuItem(t.Title, func() { u.selectTab(i) })
		if i < len(tabKeys) {
			item.Shortcut = ctrl(tabKeys[i])
		}
		m.Items = append(m.Items, item)
	}
	return m
}

// helpMenu has the keyboard shortcuts and About.
func (u *UI) helpMenu() *fyne.Menu {
	return fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard shortcuts", u.showShortcuts),
		fyne.NewMenuItem("About Clientbook", u.showAbout))
}

// keyText spells a shortcut as the menus do: "Ctrl+N" (⌘N on a Mac).
func keyText(s *desktop.CustomShortcut) string {
	mod := "Ctrl+"
	if s.Modifier == fyne.KeyModifierSuper {
		mod = "⌘"
	}
	if s.KeyName == fyne.KeyReturn {
		return mod + "Enter"
	}
	return mod + string(s.KeyName)
}

// showShortcuts lists every shortcut with what it does.
func (u *UI) showShortcuts() {
	rows := container.NewVBox()
	add := func(keys, what string) {
		k := widget.NewLabelWithStyle(keys, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		w := widget.NewLabel(what)
		w.Wrapping = fyne.TextWrapWord
		rows.Add(container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(90, k.MinSize().Height), k), nil, w))
	}
	for _, s := range u.shortcuts() {
		add(keyText(s.key), s.what)
	}
	add("Esc", "Cancel the edits of the form you are in")
	d := dialog.NewCustom("Keyboard shortcuts", "Close", container.NewVScroll(rows), u.win)
	d.Resize(fyne.NewSize(560, 480))
	d.Show()
}

// AboutText is what Help ▸ About Clientbook says.
func (u *UI) AboutText() string {
	meta := u.app.Metadata()
	version := meta.Version
	if version == "" {
		version = "development build"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Clientbook %s", version)
	if meta.Build > 0 {
		fmt.Fprintf(&b, " (build %d)", meta.Build)
	}
	b.WriteString("\n\nClient records, invoices, payments and receivables in one book you own, fully offline.\n\n")
	if u.book != nil {
		fmt.Fprintf(&b, "Book: %s", u.book.Path())
		if u.aboutBook != nil {
			b.WriteString("\n" + u.aboutBook(u.book))
		}
	} else {
		b.WriteString("No book is open.")
	}
	return b.String()
}

// SetAboutBook adds what fn says about the open book — its schema version and
// which Clientbook versions read it — to Help ▸ About Clientbook.
func (u *UI) SetAboutBook(fn func(domain.Book) string) { u.aboutBook = fn }

// showAbout shows the version and the open book.
func (u *UI) showAbout() {
	l := widget.NewLabel(u.AboutText())
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("About Clientbook", "Close", l, u.win)
	d.Resize(fyne.NewSize(520, 260))
	d.Show()
}

// onTab reports whether the tab showing content is the one selected.
func (u *UI) onTab(content fyne.CanvasObject) bool {
	t := u.current()
	return t != nil && t.Content == content
}

// findAnything opens the one search for everything over the open book.
func (u *UI) findAnything() {
	if u.book == nil || u.setup != nil || u.tabs == nil {
		return
	}
	u.finder = find.Show(u.book, u, u.win)
}
