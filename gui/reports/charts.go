package reports

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/domain/chart"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// The size of a chart on the dashboard, and of the PNG "Save PNG…" writes.
const (
	chartHeight    = 280
	forecastHeight = 380 // on a tab of its own
	pngWidth       = 1200
	pngHeight      = 600
)

// chartPanel is a chart with its "Save PNG…" button and, for some, a note
// under it.
type chartPanel struct {
	spec  chart.Spec // what the chart shows
	chart *widgets.Chart
	save  *widget.Button
	note  *widget.Label
	obj   fyne.CanvasObject
}

func (s *Screen) newChartPanel(file string, height float32, withNote bool) *chartPanel {
	p := &chartPanel{chart: widgets.NewChart(chart.Spec{})}
	p.save = widget.NewButtonWithIcon("Save PNG…", theme.DownloadIcon(), func() { s.savePNG(p.chart, file) })
	p.save.Importance = widget.LowImportance
	p.note = widget.NewLabel("")
	p.note.Wrapping = fyne.TextWrapWord
	p.note.SizeName = theme.SizeNameCaptionText
	bottom := container.NewHBox(layout.NewSpacer(), p.save)
	if withNote {
		bottom = container.NewBorder(nil, nil, nil, p.save, p.note)
	}
	p.obj = container.NewBorder(nil, bottom, nil, nil, container.New(sized{h: height}, p.chart))
	return p
}

// set shows spec.
func (p *chartPanel) set(spec chart.Spec) {
	p.spec = spec
	p.chart.SetSpec(spec)
}

// savePNG asks where to save the chart and writes it there as a PNG.
func (s *Screen) savePNG(c *widgets.Chart, name string) {
	widgets.ChooseSave(s.win, name, ".png", func(path string) { s.writePNG(c, path) })
}

// writePNG draws c on the UI goroutine (widget work) and encodes and
// writes it to path off it, then says so.
func (s *Screen) writePNG(c *widgets.Chart, path string) {
	img := c.Image(pngWidth, pngHeight)
	kit.SaveTo(s.win, path, "Chart saved", func(_ context.Context, path string) error { return widgets.WritePNG(path, img) }, nil)
}

// forecastWeights: month, contracted, pipeline, trend, range.
var forecastWeights = []float32{1.2, 2, 2, 2, 3}

// forecastTable lists the forecast month by month under its chart.
type forecastTable struct {
	rows *fyne.Container
	obj  fyne.CanvasObject
}

func newForecastTable() *forecastTable {
	t := &forecastTable{rows: container.NewVBox()}
	var heads []fyne.CanvasObject
	for i, h := range []string{"Month", "Contracted", "Pipeline, weighted", "Trend", "Trend range"} {
		heads = append(heads, headCell(h, i > 0))
	}
	t.obj = container.NewVBox(container.New(widgets.NewColumns(forecastWeights...), heads...), widget.NewSeparator(), t.rows)
	return t
}

func (t *forecastTable) show(snap *snapshot) {
	t.rows.RemoveAll()
	for _, m := range snap.forecast {
		texts := []string{domain.PeriodMonth.Period(m.Month).Label(), snap.money(m.Contracted), snap.money(m.Weighted), snap.money(m.Trend),
			snap.money(m.Low) + " – " + snap.money(m.High)}
		var cells []fyne.CanvasObject
		for i, text := range texts {
			l := bodyCell(i > 0)
			l.SetText(text)
			cells = append(cells, l)
		}
		t.rows.Add(container.New(widgets.NewColumns(forecastWeights...), cells...))
	}
	t.rows.Refresh()
}
