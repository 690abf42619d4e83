package kit

import "fyne.io/fyne/v2/widget"

// Text ties an input to the string field of a record it shows and edits.
type Text struct {
	In *widget.Entry
	Of *string
}

// Texts are a form's text inputs tied to their record's fields: the one
// list both filling the form and reading it back are made from.
type Texts []Text

// Show puts each field's value in its input.
func (ts Texts) Show() {
	for _, t := range ts {
		t.In.SetText(*t.Of)
	}
}

// Read puts what each input says in its field.
func (ts Texts) Read() {
	for _, t := range ts {
		*t.Of = t.In.Text
	}
}

// Tie ties in to the field of.
func Tie(in *widget.Entry, of *string) Text { return Text{In: in, Of: of} }
