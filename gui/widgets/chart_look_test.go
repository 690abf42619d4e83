package widgets

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/shopspring/decimal"

	"clientbook/domain/chart"
	"clientbook/gui/look"
)

// variant pins a theme to light or dark whatever the settings say.
type variant struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t variant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

func amounts(vs ...float64) []decimal.NullDecimal {
	out := make([]decimal.NullDecimal, len(vs))
	for i, v := range vs {
		if v >= 0 || v < 0 {
			out[i] = decimal.NewNullDecimal(decimal.NewFromFloat(v).Round(2))
		}
	}
	return out
}

func days() []string {
	var out []string
	for d := 1; d <= 30; d++ {
		out = append(out, fmt.Sprintf("%d Nov", d))
	}
	return out
}

// lookSpecs are dashboard-like charts for looking at.
func lookSpecs() map[string]chart.Spec {
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	return map[string]chart.Spec{
		"bars-line": {Kind: chart.BarsWithLine, Title: "Revenue by month, 2026", ValueLabel: "EUR", Categories: months,
			Series: []chart.Series{
				{Name: "Invoiced", Values: amounts(42300, 38950, 51200, 47800, 62100, 58400, 31900, 28700, 66300, 71250, 69800, 88400)},
				{Name: "Paid", Values: amounts(39800, 40100, 45500, 49900, 55300, 60100, 35800, 25400, 58900, 70100, 61200, 73900), Kind: chart.LineSeries},
			}},
		"stacked": {Kind: chart.StackedBars, Title: "Receivables by age", ValueLabel: "EUR", Categories: months[:6],
			Series: []chart.Series{
				{Name: "Current", Values: amounts(12000, 15500, 9800, 22100, 18300, 20400)},
				{Name: "1–30 days", Values: amounts(4300, 6100, 3900, 5200, 7700, 2100)},
				{Name: "31–60 days", Values: amounts(1500, 900, 2700, 0, 3100, 1800)},
				{Name: "Over 60 days", Values: amounts(800, 1200, 400, 2600, 900, 3300)},
				{Name: "Credited", Values: amounts(-1200, 0, -800, -2500, 0, -600)},
			}},
		"horizontal": {Kind: chart.HorizontalBars, Title: "Top clients", ValueLabel: "EUR",
			Categories: []string{"Müller Straße Öl GmbH & Co. KG", "Acme Corporation", "Globex", "Initech Software Solutions Ltd", "Umbrella", "Søren Consulting ApS", "Hooli"},
			Series:     []chart.Series{{Name: "Revenue", Values: amounts(1234567, 982000, 640500, 512300, 401000, 250750, 99500)}}},
		"band": {Kind: chart.BarsWithBand, Title: "This year against the last five", ValueLabel: "EUR", Categories: months,
			Series: []chart.Series{
				{Name: "2026", Values: amounts(42300, 38950, 51200, 47800, 62100, 58400, 31900, 28700, 66300, 71250)},
				{Name: "Lowest", Values: amounts(30000, 28000, 35000, 33000, 40000, 42000, 25000, 20000, 45000, 50000, 48000, 60000), Kind: chart.BandLow},
				{Name: "highest", Values: amounts(52000, 50000, 58000, 61000, 70000, 66000, 45000, 41000, 72000, 80000, 79000, 95000), Kind: chart.BandHigh},
				{Name: "Average", Values: amounts(41000, 39000, 46500, 47000, 55000, 54000, 35000, 30500, 58500, 65000, 63500, 77000), Kind: chart.LineSeries},
			}},
		"bars": {Kind: chart.Bars, Title: "Revenue by quarter", ValueLabel: "EUR", Categories: []string{"Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"},
			Series: []chart.Series{{Name: "2025", Values: amounts(98500, 121300, 87400, 140200)}, {Name: "2026", Values: amounts(132450, 168300, -12500, 0)}}},
		"days": {Kind: chart.Line, Title: "Payments received per day", ValueLabel: "EUR", Categories: days(),
			Series: []chart.Series{{Name: "Received", Values: amounts(1200, 0, 3400, 800, 950, 0, 0, 4300, 2200, 1800, 700, 5100, 0, 0, 3900, 2800, 1100, 600, 4700, 0, 0, 2500, 3300, 900, 1500, 6200)}}},
		"empty": {Kind: chart.Bars, Title: "Revenue by month", Categories: months, Series: []chart.Series{{Name: "Invoiced"}}},
	}
}

// TestLook writes the sample charts as PNGs in light and dark, in the app's
// own theme, to the folder named by CLIENTBOOK_CHART_PNG, for a person to look at.
func TestLook(t *testing.T) {
	dir := os.Getenv("CLIENTBOOK_CHART_PNG")
	if dir == "" {
		t.Skip("set CLIENTBOOK_CHART_PNG to a folder to write the sample charts")
	}
	a := test.NewTempApp(t)
	for _, v := range []struct {
		name string
		v    fyne.ThemeVariant
	}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
		a.Settings().SetTheme(variant{look.Theme(), v.v})
		for name, spec := range lookSpecs() {
			if err := NewChart(spec).SavePNG(filepath.Join(dir, "chart-"+name+"-"+v.name+".png"), 800, 400); err != nil {
				t.Fatal(err)
			}
		}
	}
}
