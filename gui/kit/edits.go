package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/gui/widgets"
)

// Edits is what every record form keeps besides its own inputs: the heading
// over it, its Save and Revert buttons, the messages at its fields, and
// whether it holds edits that are not saved. An input made with Entry (or
// one that calls Changed) marks the form edited, except while Load fills it.
type Edits struct {
	// Title is the heading: the record's name, or "New …".
	Title *widget.Label
	// SaveButton and RevertButton store and drop the edits; they are
	// enabled while there is something to store or drop.
	SaveButton, RevertButton *widget.Button

	// Fields are the labelled inputs by key, where messages go.
	Fields widgets.Fields

	save                   func()
	submit                 bool
	dirty, loading, saving bool
	loads, changes         int // how many times the form was loaded and edited
}

// NewEdits makes the heading and the buttons of a form that save stores and
// revert drops. With submit, Enter in an Entry saves too.
func NewEdits(save, revert func(), submit bool) *Edits {
	e := &Edits{Title: widgets.Heading(""), Fields: widgets.Fields{}, save: save, submit: submit}
	e.Title.Truncation = fyne.TextTruncateEllipsis
	e.SaveButton = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), save)
	e.SaveButton.Importance = widget.HighImportance
	e.RevertButton = widget.NewButtonWithIcon("Revert", theme.ContentUndoIcon(), revert)
	return e
}

// Entry is a one-line input showing placeholder while empty that marks the
// form edited.
func (e *Edits) Entry(placeholder string) *widget.Entry {
	w := widget.NewEntry()
	w.SetPlaceHolder(placeholder)
	w.OnChanged = func(string) { e.Changed() }
	if e.submit {
		w.OnSubmitted = func(string) { e.save() }
	}
	return w
}

// MultiLine is a wrapping input of at least rows lines that marks the form
// edited.
func (e *Edits) MultiLine(placeholder string, rows int) *widget.Entry {
	w := widget.NewMultiLineEntry()
	w.SetPlaceHolder(placeholder)
	w.Wrapping = fyne.TextWrapWord
	w.SetMinRowsVisible(rows)
	w.OnChanged = func(string) { e.Changed() }
	return w
}

// Field labels input and keeps it under key, where ShowErrors puts the
// messages about it.
func (e *Edits) Field(key, label string, input fyne.CanvasObject) fyne.CanvasObject {
	return e.Fields.Add(key, label, input)
}

// Changed marks the form edited, unless it is being loaded.
func (e *Edits) Changed() {
	if e.loading {
		return
	}
	e.dirty = true
	e.changes++
	if !e.saving {
		e.SaveButton.Enable()
	}
	e.RevertButton.Enable()
}

// Dirty reports whether the form has edits that are not saved.
func (e *Edits) Dirty() bool { return e.dirty }

// Loading reports whether Load is filling the form.
func (e *Edits) Loading() bool { return e.loading }

// Load fills the form with fill, which changes nothing the person typed,
// and then clears every message: the form is clean, Revert has nothing to
// drop and Save is offered only for a record that is not stored yet.
func (e *Edits) Load(isNew bool, fill func()) {
	e.loading = true
	defer func() { e.loading = false }()
	e.loads++
	fill()
	e.ShowErrors(nil)
	e.dirty = false
	e.RevertButton.Disable()
	if isNew {
		e.SaveButton.Enable()
	} else {
		e.SaveButton.Disable()
	}
}

// Quietly runs fill, which refills inputs without it counting as an edit.
func (e *Edits) Quietly(fill func()) {
	was := e.loading
	e.loading = true
	defer func() { e.loading = was }()
	fill()
}

// ShowErrors shows each message of errs at its field and clears the fields
// errs says nothing of.
func (e *Edits) ShowErrors(errs map[string]string) { ShowFieldErrors(e.Fields, errs) }

// Frame is the form's layout: the heading with buttons, Revert and Save on
// its right above a line, and body below it, scrolled.
func (e *Edits) Frame(body fyne.CanvasObject, buttons ...fyne.CanvasObject) (fyne.CanvasObject, *container.Scroll) {
	scroll := container.NewVScroll(container.NewPadded(body))
	bar := container.NewBorder(nil, nil, nil,
		container.NewHBox(append(buttons, e.RevertButton, e.SaveButton)...), e.Title)
	return container.NewBorder(container.NewVBox(container.NewPadded(bar), widget.NewSeparator()), nil, nil, nil, scroll), scroll
}
