package pdf

import (
	"codeberg.org/go-pdf/fpdf"

	"clientbook/domain/chart"
)

// Charts are laid out in millimetres; fonts are sized in points.
const (
	ptPerMM   = 72 / 25.4
	chartText = 2.8 // mm, about 8 pt: tick, legend and value labels
)

type rgb struct{ r, g, b int }

// chartPalette is each palette slot's colour (see chart.Layout.Slot),
// starting with the blue of the documents' titles.
var chartPalette = []rgb{{31, 95, 173}, {46, 140, 87}, {222, 137, 28}, {196, 60, 48}, {120, 124, 130}}

var (
	chartInk   = rgb{30, 30, 30}
	chartMuted = rgb{110, 110, 110}
	chartGrid  = rgb{226, 229, 234}
	chartZero  = rgb{150, 155, 162}
	chartBand  = rgb{216, 223, 233}
	chartPaper = rgb{255, 255, 255}
)

// LayoutChart lays spec out w by h millimetres for p, measuring text with
// p's fonts, ready for DrawChart. p must come from this package, which
// registers the fonts.
func LayoutChart(p *page, spec chart.Spec, w, h float64) chart.Layout {
	spec.Width, spec.Height, spec.TextSize = w, h, chartText
	spec.Measure = func(s string, size float64, bold bool) float64 {
		setChartFont(p, size, bold)
		return p.GetStringWidth(s)
	}
	return spec.Layout()
}

func setChartFont(p *page, size float64, bold bool) {
	style := ""
	if bold {
		style = "B"
	}
	p.SetFont(font, style, size*ptPerMM)
}

// DrawChart draws l with its top-left corner at (x, y) millimetres on p's
// current page. It leaves p's colours, line width and font changed.
func DrawChart(p *page, l chart.Layout, x, y float64) {
	draw := func(c rgb) { p.SetDrawColor(c.r, c.g, c.b) }
	fill := func(c rgb) { p.SetFillColor(c.r, c.g, c.b) }
	series := func(i int) rgb { return chartPalette[l.Slot(i)%len(chartPalette)] }
	line := func(x1, y1, x2, y2 float64) { p.Line(x+x1, y+y1, x+x2, y+y2) }

	pl := l.Plot
	draw(chartGrid)
	p.SetLineWidth(0.2)
	for _, t := range l.YTicks {
		if t.Grid {
			line(pl.X, t.Pos, pl.X+pl.W, t.Pos)
		}
	}
	for _, t := range l.XTicks {
		if t.Grid {
			line(t.Pos, pl.Y, t.Pos, pl.Y+pl.H)
		}
	}
	fill(chartBand)
	for _, b := range l.Bands {
		var pts []fpdf.PointType
		for _, q := range b.Polygon() {
			pts = append(pts, fpdf.PointType{X: x + q.X, Y: y + q.Y})
		}
		if len(b.Points) == 1 {
			q := b.Points[0]
			p.Rect(x+q.X-0.6, y+q.High, 1.2, q.Low-q.High, "F")
			continue
		}
		p.Polygon(pts, "F")
	}
	// A hairline in the paper's colour parts stacked segments and
	// neighbouring bars.
	draw(chartPaper)
	p.SetLineWidth(0.15)
	for _, b := range l.Bars {
		fill(series(b.Series))
		style := "F"
		if b.W >= 1.5 && b.H >= 0.8 {
			style = "FD"
		}
		p.Rect(x+b.X, y+b.Y, b.W, b.H, style)
	}
	if z := l.Zero; z != (chart.Segment{}) {
		draw(chartZero)
		p.SetLineWidth(0.25)
		line(z.X1, z.Y1, z.X2, z.Y2)
	}
	p.SetLineCapStyle("round")
	p.SetLineJoinStyle("round")
	p.SetLineWidth(0.5)
	for _, ln := range l.Lines {
		draw(series(ln.Series))
		for i := 1; i < len(ln.Points); i++ {
			a, b := ln.Points[i-1], ln.Points[i]
			line(a.X, a.Y, b.X, b.Y)
		}
	}
	for _, d := range l.Dots {
		fill(series(d.Series))
		p.Circle(x+d.X, y+d.Y, 0.6, "F")
	}
	for _, e := range l.Legend {
		s := e.Swatch
		switch e.Kind {
		case chart.LineSeries:
			draw(series(e.Series))
			fill(series(e.Series))
			line(s.X, s.Y+s.H/2, s.X+s.W, s.Y+s.H/2)
			p.Circle(x+s.X+s.W/2, y+s.Y+s.H/2, 0.6, "F")
		case chart.BandHigh:
			fill(chartBand)
			p.Rect(x+s.X, y+s.Y, s.W, s.H, "F")
		default:
			fill(series(e.Series))
			p.Rect(x+s.X, y+s.Y, s.W, s.H, "F")
		}
	}
	p.SetLineCapStyle("butt")
	p.SetLineJoinStyle("miter")
	for _, t := range l.Texts {
		c := chartInk
		if t.Role == chart.RoleTick || t.Role == chart.RoleUnit || t.Role == chart.RoleMessage {
			c = chartMuted
		}
		p.SetTextColor(c.r, c.g, c.b)
		setChartFont(p, t.Size, t.Bold)
		w := p.GetStringWidth(t.Text)
		left := t.X
		switch t.Align {
		case chart.AlignCenter:
			left -= w / 2
		case chart.AlignEnd:
			left -= w
		}
		// From the line's middle to the baseline: about half the height
		// of a capital.
		p.Text(x+left, y+t.Y+0.35*t.Size, t.Text)
	}
}
