package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// AskSave asks whether to save unsaved changes before going on: Save runs
// save (which reports whether it worked) and then next, Discard runs next,
// Cancel does nothing.
func AskSave(win fyne.Window, title, message string, save func() bool, next func()) {
	AskSaveThen(win, title, message, func(done func(bool)) { done(save()) }, next)
}

// AskSaveThen is AskSave for a save that ends later, a write in the
// background: save calls done with whether it stored the changes, and only
// then, if it did, next runs.
func AskSaveThen(win fyne.Window, title, message string, save func(done func(ok bool)), next func()) {
	var d *dialog.CustomDialog
	saveBtn := widget.NewButton("Save", func() {
		d.Hide()
		save(func(ok bool) {
			if ok {
				next()
			}
		})
	})
	saveBtn.Importance = widget.HighImportance
	discard := widget.NewButton("Discard changes", func() { d.Hide(); next() })
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	msg := widget.NewLabel(message)
	msg.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons(title, msg, win)
	d.SetButtons([]fyne.CanvasObject{cancel, discard, saveBtn})
	d.Resize(fyne.NewSize(420, 0))
	d.Show()
}

// Confirm asks before an action, with a button that names it ("Issue
// invoice", "Delete payment") beside Cancel, and runs fn with the answer.
func Confirm(action, title, message string, fn func(bool), win fyne.Window) {
	d := dialog.NewConfirm(title, message, fn, win)
	d.SetConfirmText(action)
	d.SetDismissText("Cancel")
	d.SetConfirmImportance(widget.HighImportance)
	d.Show()
}
