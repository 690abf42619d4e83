package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Figure is one key figure shown as a card: a caption, the value in large
// type and a line about it. Tapping it drills into what is behind it; resting
// the pointer on it shows its tooltip, when it has one (SetTip).
type Figure struct {
	Title, Value, Note *widget.Label
	// Button is the card's face, which takes the taps.
	Button *widget.Button
	// Tip is the layer over the card that shows its tooltip.
	Tip *Tip
	obj fyne.CanvasObject
}

// NewFigure builds a card titled title showing "—" until Set; tapped runs
// when it is tapped.
func NewFigure(title string, tapped func()) *Figure {
	f := &Figure{}
	f.Title = widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.Title.SizeName = theme.SizeNameCaptionText
	f.Title.Truncation = fyne.TextTruncateEllipsis
	f.Value = widget.NewLabelWithStyle("—", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.Value.SizeName = theme.SizeNameSubHeadingText
	f.Value.Truncation = fyne.TextTruncateEllipsis
	f.Note = widget.NewLabel("")
	f.Note.SizeName = theme.SizeNameCaptionText
	f.Note.Truncation = fyne.TextTruncateEllipsis
	f.Button = widget.NewButton("", tapped)
	f.Tip = NewTip(f.Button)
	f.obj = container.NewStack(f.Button, container.NewVBox(f.Title, f.Value, f.Note), f.Tip)
	return f
}

// SetTip sets what the card's tooltip says, such as how the figure is
// defined; "" for no tooltip.
func (f *Figure) SetTip(text string) { f.Tip.SetText(text) }

// Set shows a value and the line under it.
func (f *Figure) Set(value, note string) {
	f.Value.SetText(value)
	f.Note.SetText(note)
}

// Object is the card's layout.
func (f *Figure) Object() fyne.CanvasObject { return f.obj }
