package kit

import "fyne.io/fyne/v2"

// Tab is one of the window's tabs as its screen describes it: its title,
// icon and content, and what New, Find, Save and Cancel mean on it. The
// window lists its tabs and loops over them for the tab bar, the Edit and
// Go menus, the keyboard shortcuts and the "save changes?" prompt, so a new
// screen is one more entry in that list.
type Tab struct {
	Title   string
	Icon    fyne.Resource
	Content fyne.CanvasObject
	// NewLabel names what New makes ("New client", "New invoice"); New is
	// nil on a tab that makes nothing.
	NewLabel string
	New      func()
	// Find puts the cursor in the tab's search; nil when it has none.
	Find func()
	// Save saves the tab's form and reports whether it did; nil when the
	// tab has no form.
	Save func() bool
	// Cancel drops the form's unsaved edits (Esc); nil for none.
	Cancel func()
	// Refresh reads the tab again when it is shown; nil for none.
	Refresh func()
	// ConfirmLeave asks about unsaved edits and then runs next (or not, if
	// the person stays); nil when the tab never holds edits.
	ConfirmLeave func(next func())

	// Routes is what of the window's Nav the tab serves: another screen
	// asking for it selects this tab and calls the route.
	Routes Routes
	// Show shows what --show names after the tab's title and a slash
	// (arg is "INV-7" for "documents/INV-7"). It returns what is wrong with
	// arg, or nil once it has called done or handed done to a look-up that
	// will; nil when the tab takes nothing after its title.
	Show func(arg string, done func(error)) error
	// Reload reads the tab again after the book changed under it (an
	// import, a demo book loaded); nil when Refresh does that.
	Reload func()
	// Sections are the parts of Settings the tab contributes.
	Sections []Section
	// AddSection puts a Section on the tab: Settings takes the other tabs'
	// sections and the window's; nil on every other tab.
	AddSection func(Section)
	// SetTools hands the tab what writes PDFs and e-invoices; nil when it
	// writes neither.
	SetTools func(Tools)
	// Menu is the tab's own menu, after Go in the main menu: shown tells
	// whether the tab is the one selected, show selects it. nil for none.
	Menu func(shown bool, show func()) *fyne.Menu
	// Issue is Ctrl/Cmd+Enter while the tab is shown: issue the draft being
	// written; nil when the tab writes none.
	Issue func()
	// Close stops what the tab runs in the background, when its book is
	// closed; nil for nothing.
	Close func()
	// Screen is the tab's screen itself, for tests to reach into; the
	// window never looks at it.
	Screen any
}

// Leave runs next once the tab's unsaved edits are dealt with.
func (t Tab) Leave(next func()) {
	if t.ConfirmLeave == nil {
		next()
		return
	}
	t.ConfirmLeave(next)
}

// NavTab is screen s's tab, its Nav (the field nav points at) set to the
// window's navigator: the body of a package's Tab(base) for a screen that
// opens what other screens show.
func NavTab[S interface{ Tab() Tab }](base Base, s S, nav *Nav) Tab {
	*nav = base.Nav
	return s.Tab()
}
