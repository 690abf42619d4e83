package pdf

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain/chart"
)

func amounts(vs ...int64) []decimal.NullDecimal {
	out := make([]decimal.NullDecimal, len(vs))
	for i, v := range vs {
		out[i] = decimal.NewNullDecimal(decimal.NewFromInt(v))
	}
	return out
}

var months = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// chartPage draws one chart of each dashboard shape down an A4 page.
func chartPage(t *testing.T) ([]byte, []chart.Layout) {
	t.Helper()
	specs := []chart.Spec{
		{Kind: chart.BarsWithLine, Title: "Revenue by month, 2026", ValueLabel: "EUR", Categories: months,
			Series: []chart.Series{
				{Name: "Invoiced", Values: amounts(42300, 38950, 51200, 47800, 62100, 58400, 31900, 28700, 66300, 71250, 69800, 88400)},
				{Name: "Paid", Values: amounts(39800, 40100, 45500, 49900, 55300, 60100, 35800, 25400, 58900, 70100, 61200, 73900), Kind: chart.LineSeries},
			}},
		{Kind: chart.StackedBars, Title: "Receivables by age", ValueLabel: "EUR", Categories: months[:6],
			Series: []chart.Series{
				{Name: "Current", Values: amounts(12000, 15500, 9800, 22100, 18300, 20400)},
				{Name: "1–30 days", Values: amounts(4300, 6100, 3900, 5200, 7700, 2100)},
				{Name: "Over 30 days", Values: amounts(2300, 2100, 3100, 2600, 4000, 5100)},
				{Name: "Credited", Values: amounts(-1200, 0, -800, -2500, 0, -600)},
			}},
		{Kind: chart.HorizontalBars, Title: "Top clients", ValueLabel: "EUR",
			Categories: []string{"Müller Straße Öl GmbH & Co. KG", "Acme Corporation", "Globex", "Initech Software Solutions Ltd", "Hooli"},
			Series:     []chart.Series{{Name: "Revenue", Values: amounts(1234567, 982000, 640500, 512300, 99500)}}},
		{Kind: chart.BarsWithBand, Title: "This year against the last five", ValueLabel: "EUR", Categories: months,
			Series: []chart.Series{
				{Name: "2026", Values: amounts(42300, 38950, 51200, 47800, 62100, 58400, 31900, 28700, 66300, 71250)},
				{Name: "Lowest", Values: amounts(30000, 28000, 35000, 33000, 40000, 42000, 25000, 20000, 45000, 50000, 48000, 60000), Kind: chart.BandLow},
				{Name: "highest", Values: amounts(52000, 50000, 58000, 61000, 70000, 66000, 45000, 41000, 72000, 80000, 79000, 95000), Kind: chart.BandHigh},
			}},
	}
	p := newDocument()
	p.AddPage()
	var layouts []chart.Layout
	y := margin
	for _, s := range specs {
		l := LayoutChart(p, s, contentW, 62)
		DrawChart(p, l, margin, y)
		layouts = append(layouts, l)
		y += 62 + 4
	}
	if err := p.Error(); err != nil {
		t.Fatal(err)
	}
	if n := p.PageCount(); n != 1 {
		t.Fatalf("%d pages, want 1", n)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("CLIENTBOOK_CHART_PNG"); dir != "" {
		os.WriteFile(dir+"/chart.pdf", buf.Bytes(), 0o644)
	}
	return buf.Bytes(), layouts
}

func TestDrawChart(t *testing.T) {
	doc, layouts := chartPage(t)
	text := pdfText(t, doc)
	for _, want := range []string{"Revenue by month, 2026", "Receivables by age", "Top clients", "EUR",
		"Invoiced", "Paid", "1–30 days", "Lowest–highest", "Müller Straße", "Jan", "Dec"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// Every tick label of every chart is printed: "0", "20k" … "100k" on
	// the first, "-5k" on the stacked one, "1.2M" on the horizontal one.
	words := map[string]bool{}
	for _, w := range strings.Fields(text) {
		words[w] = true
	}
	for i, l := range layouts {
		if len(l.YTicks)+len(l.XTicks) == 0 {
			t.Errorf("chart %d has no ticks", i)
		}
		for _, tk := range append(append([]chart.Tick{}, l.YTicks...), l.XTicks...) {
			if tk.Grid && !words[tk.Label] {
				t.Errorf("chart %d: tick label %q missing from the PDF", i, tk.Label)
			}
		}
	}
	for _, want := range []string{"20k", "100k", "-5k", "1.2M"} {
		if !words[want] {
			t.Errorf("PDF text lacks the tick %q", want)
		}
	}
}
