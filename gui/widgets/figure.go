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

// NewFigureRow lays cards out in one row while each gets at least min
// points, and otherwise in as few rows of equal columns as give each that
// much, so that a narrow window wraps the cards rather than cutting their
// captions short.
func NewFigureRow(min float32, cards ...fyne.CanvasObject) *fyne.Container {
	r := &figureRow{min: min}
	r.c = container.New(r, cards...)
	return r.c
}

type figureRow struct {
	min   float32
	width float32 // the width last laid out
	c     *fyne.Container
}

// columns is how many cards a row holds at width w: all n when each gets
// min, else as many as share the fewest rows that give each min.
func (r *figureRow) columns(w float32, n int) int {
	pad := theme.Padding()
	for rows := 1; rows <= n; rows++ {
		cols := (n + rows - 1) / rows
		if (w-float32(cols-1)*pad)/float32(cols) >= r.min {
			return cols
		}
	}
	return 1
}

func (r *figureRow) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	r.width = size.Width
	if len(objects) == 0 {
		return
	}
	pad := theme.Padding()
	cols := r.columns(size.Width, len(objects))
	rows := (len(objects) + cols - 1) / cols
	w := (size.Width - float32(cols-1)*pad) / float32(cols)
	h := (size.Height - float32(rows-1)*pad) / float32(rows)
	for i, o := range objects {
		o.Move(fyne.NewPos(float32(i%cols)*(w+pad), float32(i/cols)*(h+pad)))
		o.Resize(fyne.NewSize(w, h))
	}
}

// MinSize is as many rows of the tallest card as the width gives. Fyne asks
// a layout's minimum before it knows its width, so the width is the
// window's (the row spans it) or, without a window, the one last laid out.
func (r *figureRow) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objects {
		h = max(h, o.MinSize().Height)
	}
	w := r.width
	if a := fyne.CurrentApp(); a != nil {
		if c := a.Driver().CanvasForObject(r.c); c != nil {
			w = c.Size().Width - 4*theme.Padding()
		}
	}
	rows := 1
	if n := len(objects); n > 0 && w > 0 {
		cols := r.columns(w, n)
		rows = (n + cols - 1) / cols
	}
	return fyne.NewSize(r.min, float32(rows)*h+float32(rows-1)*theme.Padding())
}
