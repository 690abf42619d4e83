package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Badge is a small rounded label for a status: "Draft", "Issued", "Void"…
type Badge struct {
	widget.BaseWidget
	Text  string
	Color fyne.ThemeColorName // the fill; the text is drawn on it in the matching foreground
}

// NewBadge returns a badge showing text on the theme colour name.
func NewBadge(text string, c fyne.ThemeColorName) *Badge {
	b := &Badge{Text: text, Color: c}
	b.ExtendBaseWidget(b)
	return b
}

// Set changes the text and colour.
func (b *Badge) Set(text string, c fyne.ThemeColorName) {
	if b.Text == text && b.Color == c {
		return
	}
	b.Text, b.Color = text, c
	b.Refresh()
}

func (b *Badge) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	bg.CornerRadius = 4
	txt := canvas.NewText("", color.Black)
	txt.TextSize = theme.CaptionTextSize()
	txt.TextStyle.Bold = true
	r := &badgeRenderer{b: b, bg: bg, txt: txt}
	r.Refresh()
	return r
}

type badgeRenderer struct {
	b   *Badge
	bg  *canvas.Rectangle
	txt *canvas.Text
}

const badgePad = 6

func (r *badgeRenderer) Layout(size fyne.Size) {
	ts := r.txt.MinSize()
	w := ts.Width + 2*badgePad
	h := ts.Height + 4
	top := (size.Height - h) / 2
	r.bg.Move(fyne.NewPos(0, top))
	r.bg.Resize(fyne.NewSize(w, h))
	r.txt.Move(fyne.NewPos(badgePad, top+2))
	r.txt.Resize(ts)
}

func (r *badgeRenderer) MinSize() fyne.Size {
	ts := r.txt.MinSize()
	return fyne.NewSize(ts.Width+2*badgePad, ts.Height+4)
}

func (r *badgeRenderer) Refresh() {
	v := fyne.CurrentApp().Settings().ThemeVariant()
	th := r.b.Theme()
	r.txt.Text = r.b.Text
	r.bg.FillColor = th.Color(r.b.Color, v)
	fg := theme.ColorNameForegroundOnPrimary
	switch r.b.Color {
	case theme.ColorNameWarning:
		fg = theme.ColorNameForegroundOnWarning
	case theme.ColorNameError:
		fg = theme.ColorNameForegroundOnError
	case theme.ColorNameSuccess:
		fg = theme.ColorNameForegroundOnSuccess
	case theme.ColorNameDisabledButton, theme.ColorNameInputBackground, theme.ColorNameButton:
		fg = theme.ColorNameForeground
	}
	r.txt.Color = th.Color(fg, v)
	r.Layout(r.b.Size())
	r.bg.Refresh()
	r.txt.Refresh()
}

func (r *badgeRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.txt} }
func (r *badgeRenderer) Destroy()                     {}
