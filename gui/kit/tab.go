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
}

// Leave runs next once the tab's unsaved edits are dealt with.
func (t Tab) Leave(next func()) {
	if t.ConfirmLeave == nil {
		next()
		return
	}
	t.ConfirmLeave(next)
}
