package widgets

import (
	"image"
	"image/color"
	"image/png"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain/chart"
)

// Chart draws a chart.Spec, laid out afresh for its size in the theme's
// colours. Moving the mouse over a bar, dot or band — or tapping it — shows
// its value in a tooltip.
type Chart struct {
	widget.BaseWidget
	spec   chart.Spec
	layout chart.Layout // for the current size
	r      *chartRenderer
}

// NewChart returns a chart of spec; its Width, Height, TextSize and Measure
// are filled in by the widget.
func NewChart(spec chart.Spec) *Chart {
	c := &Chart{spec: spec}
	c.ExtendBaseWidget(c)
	return c
}

// SetSpec replaces what the chart shows.
func (c *Chart) SetSpec(spec chart.Spec) {
	c.spec = spec
	c.Refresh()
}

// MouseIn shows the tooltip for what is under the mouse.
func (c *Chart) MouseIn(e *desktop.MouseEvent) { c.hoverAt(e.Position) }

// MouseMoved follows the mouse with the tooltip.
func (c *Chart) MouseMoved(e *desktop.MouseEvent) { c.hoverAt(e.Position) }

// MouseOut hides the tooltip.
func (c *Chart) MouseOut() {
	if c.r != nil {
		c.r.showTip(chart.Hover{}, false)
	}
}

// Tapped shows the tooltip for what was tapped, for touch screens.
func (c *Chart) Tapped(e *fyne.PointEvent) { c.hoverAt(e.Position) }

func (c *Chart) hoverAt(p fyne.Position) {
	if c.r == nil {
		return
	}
	h, ok := c.layout.At(float64(p.X), float64(p.Y))
	c.r.showTip(h, ok)
}

// SavePNG draws the chart at w×h pixels off screen, in the app's current
// theme, and writes it to path as a PNG, replacing any file there only once
// the whole image is written. Like any widget work it belongs on the UI
// goroutine (fyne.Do); a screen draws with Image there and writes with
// WritePNG off it.
func (c *Chart) SavePNG(path string, w, h int) error { return WritePNG(path, c.Image(w, h)) }

// Image draws the chart at w×h pixels off screen, in the app's current
// theme. It belongs on the UI goroutine.
func (c *Chart) Image(w, h int) image.Image {
	cv := software.NewCanvas()
	cv.SetPadded(false)
	cv.SetContent(NewChart(c.spec))
	cv.Resize(fyne.NewSize(float32(w), float32(h)))
	return cv.Capture()
}

// WritePNG encodes img as a PNG to path, replacing any file there only once
// the whole image is written; it may run off the UI goroutine.
func WritePNG(path string, img image.Image) error {
	return WriteFile(path, "save the chart", func(w io.Writer) error { return png.Encode(w, img) })
}

// CreateRenderer draws the chart; see chartRenderer.
func (c *Chart) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(color.Transparent)
	bg.CornerRadius = 4
	bg.StrokeWidth = 1
	bg.Hide()
	txt := canvas.NewText("", color.Black)
	txt.Hide()
	c.r = &chartRenderer{c: c, tipBg: bg, tipText: txt, objects: []fyne.CanvasObject{bg, txt}}
	return c.r
}

// chartRenderer lays the spec out whenever the size changes and turns the
// layout into canvas objects, with the tooltip on top.
type chartRenderer struct {
	c       *Chart
	objects []fyne.CanvasObject // the chart, then the tooltip
	tipBg   *canvas.Rectangle
	tipText *canvas.Text
	size    fyne.Size
}

func (r *chartRenderer) Layout(size fyne.Size) {
	r.size = size
	r.rebuild()
}

func (r *chartRenderer) MinSize() fyne.Size { return fyne.NewSize(160, 100) }

func (r *chartRenderer) Refresh() {
	r.showTip(chart.Hover{}, false)
	r.rebuild()
	canvas.Refresh(r.c)
}

func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *chartRenderer) Destroy() {}

// palette is the theme colour of each palette slot in turn (see
// chart.Layout.Slot); the band is drawn in the input-border grey, a quiet fill
// that stays behind the bars (the disabled colour is text, readable, so loud).
var palette = []fyne.ThemeColorName{theme.ColorNamePrimary, theme.ColorNameSuccess, theme.ColorNameWarning,
	theme.ColorNameError, theme.ColorNamePlaceHolder}

func (r *chartRenderer) rebuild() {
	th := r.c.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
	spec := r.c.spec
	spec.Width, spec.Height = float64(r.size.Width), float64(r.size.Height)
	spec.TextSize = float64(th.Size(theme.SizeNameText)) - 2
	spec.Measure = func(s string, size float64, bold bool) float64 {
		return float64(fyne.MeasureText(s, float32(size), fyne.TextStyle{Bold: bold}).Width)
	}
	l := spec.Layout()
	r.c.layout = l
	series := func(i int) color.Color { return col(palette[l.Slot(i)%len(palette)]) }

	var objs []fyne.CanvasObject
	line := func(x1, y1, x2, y2 float64, c color.Color, w float32) {
		ln := canvas.NewLine(c)
		ln.StrokeWidth = w
		ln.Position1, ln.Position2 = pos(x1, y1), pos(x2, y2)
		objs = append(objs, ln)
	}
	rect := func(rc chart.Rect, c color.Color) *canvas.Rectangle {
		o := canvas.NewRectangle(c)
		o.Move(pos(rc.X, rc.Y))
		o.Resize(fyne.NewSize(float32(rc.W), float32(rc.H)))
		objs = append(objs, o)
		return o
	}
	grid := col(theme.ColorNameSeparator)
	p := l.Plot
	for _, t := range l.YTicks {
		if t.Grid {
			line(p.X, t.Pos, p.X+p.W, t.Pos, grid, 1)
		}
	}
	for _, t := range l.XTicks {
		if t.Grid {
			line(t.Pos, p.Y, t.Pos, p.Y+p.H, grid, 1)
		}
	}
	band := col(theme.ColorNameInputBorder)
	for _, b := range l.Bands {
		if len(b.Points) == 1 {
			q := b.Points[0]
			rect(chart.Rect{X: q.X - 3, Y: q.High, W: 6, H: q.Low - q.High}, band)
		}
		for i := 1; i < len(b.Points); i++ {
			objs = append(objs, quad(b.Points[i-1], b.Points[i], band))
		}
	}
	bg := col(theme.ColorNameBackground)
	for _, b := range l.Bars {
		o := rect(b.Rect, series(b.Series))
		if b.W >= 6 && b.H >= 3 {
			// A hairline in the background colour parts stacked
			// segments and neighbouring bars.
			o.StrokeColor, o.StrokeWidth = bg, 1
		}
	}
	if l.Zero != (chart.Segment{}) {
		z := l.Zero
		line(z.X1, z.Y1, z.X2, z.Y2, col(theme.ColorNameDisabled), 1)
	}
	for _, pl := range l.Lines {
		for i := 1; i < len(pl.Points); i++ {
			a, b := pl.Points[i-1], pl.Points[i]
			line(a.X, a.Y, b.X, b.Y, series(pl.Series), 2)
		}
	}
	for _, d := range l.Dots {
		objs = append(objs, dot(d.X, d.Y, series(d.Series)))
	}
	for _, e := range l.Legend {
		s := e.Swatch
		switch e.Kind {
		case chart.LineSeries:
			line(s.X, s.Y+s.H/2, s.X+s.W, s.Y+s.H/2, series(e.Series), 2)
			objs = append(objs, dot(s.X+s.W/2, s.Y+s.H/2, series(e.Series)))
		case chart.BandHigh:
			rect(s, band)
		default:
			rect(s, series(e.Series))
		}
	}
	for _, t := range l.Texts {
		c := col(theme.ColorNameForeground)
		if t.Role == chart.RoleTick || t.Role == chart.RoleUnit || t.Role == chart.RoleMessage {
			c = col(theme.ColorNamePlaceHolder)
		}
		txt := canvas.NewText(t.Text, c)
		txt.TextSize = float32(t.Size)
		txt.TextStyle.Bold = t.Bold
		ms := txt.MinSize()
		x := float32(t.X)
		switch t.Align {
		case chart.AlignCenter:
			x -= ms.Width / 2
		case chart.AlignEnd:
			x -= ms.Width
		}
		txt.Move(fyne.NewPos(x, float32(t.Y)-ms.Height/2))
		txt.Resize(ms)
		objs = append(objs, txt)
	}
	r.objects = append(objs, r.tipBg, r.tipText)
	r.tipBg.FillColor = col(theme.ColorNameOverlayBackground)
	r.tipBg.StrokeColor = col(theme.ColorNameInputBorder)
	r.tipText.Color = col(theme.ColorNameForeground)
	r.tipText.TextSize = float32(spec.TextSize)
}

// showTip shows h's text in a box just above the point it describes (below
// it when there is no room above), kept inside the chart; ok false hides it.
func (r *chartRenderer) showTip(h chart.Hover, ok bool) {
	if !ok {
		if r.tipBg.Visible() {
			r.tipBg.Hide()
			r.tipText.Hide()
		}
		return
	}
	r.tipText.Text = h.Text()
	ts := r.tipText.MinSize()
	pad := float32(theme.Padding())
	box := fyne.NewSize(ts.Width+2*pad, ts.Height+pad)
	x := float32(h.X) - box.Width/2
	y := float32(h.Y) - box.Height - pad
	if y < 0 {
		y = float32(h.Y) + 2*pad
	}
	x = max(0, min(x, r.size.Width-box.Width))
	y = max(0, min(y, r.size.Height-box.Height))
	r.tipBg.Move(fyne.NewPos(x, y))
	r.tipBg.Resize(box)
	r.tipText.Move(fyne.NewPos(x+pad, y+pad/2))
	r.tipText.Resize(ts)
	r.tipBg.Show()
	r.tipText.Show()
	r.tipBg.Refresh()
	r.tipText.Refresh()
}

func pos(x, y float64) fyne.Position { return fyne.NewPos(float32(x), float32(y)) }

// dot is a line series' marker.
func dot(x, y float64, c color.Color) *canvas.Circle {
	const r = 3
	d := canvas.NewCircle(c)
	d.Move(pos(x-r, y-r))
	d.Resize(fyne.NewSize(2*r, 2*r))
	return d
}

// quad shades the band between two neighbouring categories.
func quad(a, b chart.BandPoint, c color.Color) *canvas.ArbitraryPolygon {
	top := min(a.High, b.High)
	bottom := max(a.Low, b.Low)
	rel := func(x, y float64) fyne.Position { return pos(x-a.X, y-top) }
	q := canvas.NewArbitraryPolygon([]fyne.Position{rel(a.X, a.High), rel(b.X, b.High), rel(b.X, b.Low), rel(a.X, a.Low)}, c)
	q.Move(pos(a.X, top))
	q.Resize(fyne.NewSize(float32(b.X-a.X), float32(bottom-top)))
	return q
}
