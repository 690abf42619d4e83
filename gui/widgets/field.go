// Package widgets holds the small pieces Clientbook's screens share.
package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field is a form input with its label above and its validation message
// below, shown in the theme's error colour only while there is one.
type Field struct {
	Label *widget.Label
	Input fyne.CanvasObject
	Error *widget.Label
	box   *fyne.Container
}

// NewField lays out label, input and a hidden error line.
func NewField(label string, input fyne.CanvasObject) *Field {
	l := widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameCaptionText
	e := ErrorLine()
	return &Field{Label: l, Input: input, Error: e, box: container.NewVBox(l, input, e)}
}

// SetError shows msg under the input, or hides the line when msg is empty.
func (f *Field) SetError(msg string) {
	if msg == f.Error.Text && f.Error.Visible() == (msg != "") {
		return
	}
	f.Error.SetText(msg)
	if msg == "" {
		f.Error.Hide()
	} else {
		f.Error.Show()
	}
}

// Object is the field's whole layout.
func (f *Field) Object() fyne.CanvasObject { return f.box }

// Sentence makes a validation message into a sentence to show at a field:
// a capital first letter and one full stop at the end.
func Sentence(msg string) string {
	msg = strings.TrimSuffix(strings.TrimSpace(msg), ".")
	if msg == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(msg)
	return string(unicode.ToUpper(r)) + msg[n:] + "."
}

// Fields are a form's labelled inputs by key, where the messages about each
// go (see kit.ShowFieldErrors).
type Fields map[string]*Field

// Add labels input as a Field kept under key and returns its layout.
func (fs Fields) Add(key, label string, input fyne.CanvasObject) fyne.CanvasObject {
	f := NewField(label, input)
	fs[key] = f
	return f.Object()
}
