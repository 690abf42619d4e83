package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
)

// Editor is a form that opens in place of its screen's list: the document
// editor, the payment form.
type Editor interface {
	Object() fyne.CanvasObject
	// Dirty reports edits that are not saved.
	Dirty() bool
	// Save stores the edits, showing any problem at its field, and reports
	// whether it stored them.
	Save() bool
	// Revert drops the edits.
	Revert()
	// ConfirmLeave runs next once the edits are dealt with, asking first.
	ConfirmLeave(next func())
}

// InPlace is a screen's list with an editor that opens in its place. It
// owns which of the two shows, Save (Ctrl/Cmd+S) and Esc — which reverts
// the edits, and a second time goes back to the list — and asks about
// unsaved edits before the tab, the book or the app is left.
type InPlace struct {
	list fyne.CanvasObject
	ed   Editor
	root *fyne.Container
	// OnList runs each time the list shows again (to read it again).
	OnList func()
}

// NewInPlace shows list, with ed hidden in its place until Edit; over are
// laid over both (a spinner).
func NewInPlace(list fyne.CanvasObject, ed Editor, over ...fyne.CanvasObject) *InPlace {
	p := &InPlace{list: list, ed: ed}
	ed.Object().Hide()
	p.root = container.NewStack(append([]fyne.CanvasObject{list, ed.Object()}, over...)...)
	return p
}

// Object is the list or the editor, whichever shows.
func (p *InPlace) Object() fyne.CanvasObject { return p.root }

// Editing reports whether the editor shows.
func (p *InPlace) Editing() bool { return p.ed.Object().Visible() }

// Edit shows the editor in place of the list.
func (p *InPlace) Edit() {
	p.list.Hide()
	p.ed.Object().Show()
}

// List shows the list again, then runs OnList.
func (p *InPlace) List() {
	p.ed.Object().Hide()
	p.list.Show()
	if p.OnList != nil {
		p.OnList()
	}
}

// ConfirmLeave runs next, asking first about the editor's unsaved edits.
func (p *InPlace) ConfirmLeave(next func()) {
	if !p.Editing() {
		next()
		return
	}
	p.ed.ConfirmLeave(next)
}

// Save saves the editor's edits; with the list showing there is nothing to
// save.
func (p *InPlace) Save() bool { return p.Editing() && p.ed.Save() }

// Cancel backs out of the editor (Esc): edits are reverted, and a second
// Esc goes back to the list.
func (p *InPlace) Cancel() {
	if !p.Editing() {
		return
	}
	if p.ed.Dirty() {
		p.ed.Revert()
		return
	}
	p.List()
}
