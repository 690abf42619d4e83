package widgets

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"clientbook/domain/chart"
)

// smallSpec is two quarters of two series: bars with value labels, ticks
// 0 to 150 and a legend.
func smallSpec() chart.Spec {
	return chart.Spec{Kind: chart.Bars, Title: "Revenue", ValueLabel: "EUR", Categories: []string{"Q1", "Q2"},
		Series: []chart.Series{{Name: "2025", Values: amounts(120, 80)}, {Name: "2026", Values: amounts(95, 140)}}}
}

func TestChartRendersToMarkup(t *testing.T) {
	test.NewTempApp(t)
	c := NewChart(smallSpec())
	c.Resize(fyne.NewSize(300, 200))
	test.AssertObjectRendersToMarkup(t, "chart_bars.xml", c)
}

// texts returns the chart's drawn text, in order.
func texts(t *testing.T, c *Chart) []string {
	var out []string
	for _, o := range test.TempWidgetRenderer(t, c).Objects() {
		if txt, ok := o.(*canvas.Text); ok && txt.Visible() {
			out = append(out, txt.Text)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestChartHoverAndTapShowTheValue(t *testing.T) {
	test.NewTempApp(t)
	c := NewChart(smallSpec())
	w := test.NewTempWindow(t, c)
	w.Resize(fyne.NewSize(400, 260))
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(c)

	bar := c.layout.Bars[3] // Q2, 2026
	mid := fyne.NewPos(float32(bar.X+bar.W/2), float32(bar.Y+bar.H/2))
	test.MoveMouse(w.Canvas(), origin.Add(mid))
	if got := c.r.tipText.Text; !c.r.tipText.Visible() || got != "Q2 · 2026: 140" {
		t.Fatalf("hovering the bar shows %q (visible %v)", got, c.r.tipText.Visible())
	}
	// The tooltip sits above the bar, inside the chart.
	if tip := c.r.tipBg; tip.Position().Y+tip.Size().Height > float32(bar.Y) || tip.Position().X < 0 ||
		tip.Position().X+tip.Size().Width > c.Size().Width {
		t.Errorf("tooltip at %v size %v, the bar's top is %g", tip.Position(), tip.Size(), bar.Y)
	}

	test.MoveMouse(w.Canvas(), origin.Add(fyne.NewPos(2, 2)))
	if c.r.tipText.Visible() {
		t.Errorf("the tooltip stays on %q away from the bars", c.r.tipText.Text)
	}

	first := c.layout.Bars[0]
	test.TapAt(c, fyne.NewPos(float32(first.X+1), float32(first.Y+first.H-1)))
	if got := c.r.tipText.Text; !c.r.tipText.Visible() || got != "Q1 · 2025: 120" {
		t.Errorf("tapping the first bar shows %q (visible %v)", got, c.r.tipText.Visible())
	}

	c.SetSpec(chart.Spec{Kind: chart.Line, Categories: []string{"Jan"}})
	if c.r.tipText.Visible() {
		t.Error("a new spec keeps the old tooltip")
	}
}

func TestChartEmptyShowsMessage(t *testing.T) {
	test.NewTempApp(t)
	spec := smallSpec()
	spec.Series = nil
	spec.EmptyMessage = "No invoices in 2026"
	c := NewChart(spec)
	test.NewTempWindow(t, c).Resize(fyne.NewSize(400, 260))
	got := texts(t, c)
	if !contains(got, "No invoices in 2026") || !contains(got, "Revenue") || len(got) != 3 {
		t.Errorf("empty chart draws %q, want the title, unit and message", got)
	}
	for _, o := range test.TempWidgetRenderer(t, c).Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && r.Visible() {
			t.Errorf("empty chart draws a rectangle at %v", r.Position())
		}
	}
}

func TestChartSavePNG(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(variant{theme.DefaultTheme(), theme.VariantLight})
	dir := t.TempDir()
	path := filepath.Join(dir, "revenue.png")
	if err := os.WriteFile(path, []byte("an older chart"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := NewChart(smallSpec())
	if err := c.SavePNG(path, 640, 320); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 640 || b.Dy() != 320 {
		t.Errorf("image is %dx%d, want 640x320", b.Dx(), b.Dy())
	}
	// Some pixel is the theme's primary colour: the bars were drawn.
	pr, pg, pb, _ := theme.DefaultTheme().Color(theme.ColorNamePrimary, theme.VariantLight).RGBA()
	found := false
	for y := 0; y < 320 && !found; y += 2 {
		for x := 0; x < 640 && !found; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			found = r == pr && g == pg && b == pb
		}
	}
	if !found {
		t.Error("no bar in the primary colour")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only the chart", len(entries))
	}
	// The widget on screen keeps its own size.
	if c.Size() != (fyne.Size{}) {
		t.Errorf("saving resized the widget to %v", c.Size())
	}

	if err := c.SavePNG(filepath.Join(dir, "missing", "x.png"), 10, 10); err == nil {
		t.Error("saving into a missing folder succeeded")
	}
}
