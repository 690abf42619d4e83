package chart

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// The tests measure text as 0.6 of its size per character, so at TextSize 10
// every character is 6 units wide, and use these consequences of TextSize
// 10: padding 5, a row of text 15 high, value ticks at least 20 apart.
func measure(s string, size float64, _ bool) float64 {
	return 0.6 * size * float64(utf8.RuneCountInString(s))
}

func ints(vs ...int64) []decimal.NullDecimal {
	out := make([]decimal.NullDecimal, len(vs))
	for i, v := range vs {
		out[i] = decimal.NewNullDecimal(decimal.NewFromInt(v))
	}
	return out
}

// missing stands for a missing value in withGaps.
const missing = math.MinInt64

func withGaps(vs ...int64) []decimal.NullDecimal {
	out := ints(vs...)
	for i, v := range vs {
		if v == missing {
			out[i] = decimal.NullDecimal{}
		}
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func rectString(r Rect) string { return fmt.Sprintf("{%g %g %g %g}", r.X, r.Y, r.W, r.H) }

func sameRect(a, b Rect) bool {
	return near(a.X, b.X) && near(a.Y, b.Y) && near(a.W, b.W) && near(a.H, b.H)
}

// barsSpec is 3 categories × 2 series. Its plot works out as:
// top: padding 5 + a row of 15 above the plot = 20;
// bottom: 215 − padding 5 − legend row 15 − category label row 15 = 180;
// so 160 high, room for 160/20 = 8 intervals: ticks 0, 20 … 100, 32 apart;
// left: padding 5 + "100" 18 + padding 5 = 28; right: 333 − 5 = 328.
// Each category is 100 wide, its bars take the middle 70: 35 each.
func barsSpec() Spec {
	return Spec{Kind: Bars, Categories: []string{"A", "B", "C"},
		Series: []Series{{Name: "S1", Values: ints(50, 100, 20)}, {Name: "S2", Values: ints(80, 10, 40)}},
		Width:  333, Height: 215, TextSize: 10, Measure: measure}
}

func TestBarsGeometry(t *testing.T) {
	l := barsSpec().Layout()
	if want := (Rect{28, 20, 300, 160}); !sameRect(l.Plot, want) {
		t.Fatalf("plot %s, want %s", rectString(l.Plot), rectString(want))
	}
	var ticks []string
	for _, tk := range l.YTicks {
		ticks = append(ticks, fmt.Sprintf("%s@%g", tk.Label, tk.Pos))
	}
	if got, want := strings.Join(ticks, " "), "0@180 20@148 40@116 60@84 80@52 100@20"; got != want {
		t.Errorf("y ticks %s, want %s", got, want)
	}
	for i, want := range []float64{78, 178, 278} {
		if tk := l.XTicks[i]; !near(tk.Pos, want) || tk.Label != l.categories[i] || tk.Grid {
			t.Errorf("x tick %d = %+v, want %q at %g", i, tk, l.categories[i], want)
		}
	}
	want := []struct {
		r                Rect
		series, category int
		label            string
	}{
		{Rect{43, 100, 35, 80}, 0, 0, "50"},
		{Rect{78, 52, 35, 128}, 1, 0, "80"},
		{Rect{143, 20, 35, 160}, 0, 1, "100"},
		{Rect{178, 164, 35, 16}, 1, 1, "10"},
		{Rect{243, 148, 35, 32}, 0, 2, "20"},
		{Rect{278, 116, 35, 64}, 1, 2, "40"},
	}
	if len(l.Bars) != len(want) {
		t.Fatalf("%d bars, want %d", len(l.Bars), len(want))
	}
	for i, w := range want {
		b := l.Bars[i]
		if !sameRect(b.Rect, w.r) || b.Series != w.series || b.Category != w.category || b.Label != w.label {
			t.Errorf("bar %d = %s series %d category %d %q, want %s %d %d %q",
				i, rectString(b.Rect), b.Series, b.Category, b.Label, rectString(w.r), w.series, w.category, w.label)
		}
	}
	if z := l.Zero; !near(z.Y1, 180) || !near(z.Y2, 180) || !near(z.X1, 28) || !near(z.X2, 328) {
		t.Errorf("zero line %+v, want y 180 from 28 to 328", z)
	}
	// Values go over their bars, centred, half a row up: "100" over bar 2.
	if !hasText(l, RoleValue, "100", 160.5, 12.5) {
		t.Errorf("no value label 100 at (160.5, 12.5) in %+v", l.Texts)
	}
	// A legend of two series in the bottom row: swatch 9, gap 4, name 12, space 12.
	if len(l.Legend) != 2 || !near(l.Legend[0].Swatch.X, 5) || !near(l.Legend[1].Swatch.X, 42) ||
		!near(l.Legend[0].Swatch.Y, 202.5-4.5) {
		t.Errorf("legend %+v", l.Legend)
	}
}

func hasText(l Layout, role Role, text string, x, y float64) bool {
	for _, t := range l.Texts {
		if t.Role == role && t.Text == text && near(t.X, x) && near(t.Y, y) {
			return true
		}
	}
	return false
}

// Stacked: category 0 is 30 + 50 up and −20 down, category 1 is 10, a
// missing value and 40. The sums run −20 to 80: ticks −20 … 80, 32 apart,
// zero at 20 + 4×32 = 148. Each stack is 0.6 of its 150-wide category.
func TestStackedBars(t *testing.T) {
	l := Spec{Kind: StackedBars, Categories: []string{"Jan", "Feb"},
		Series: []Series{{Name: "Paid", Values: ints(30, 10)}, {Name: "Open", Values: withGaps(50, missing)},
			{Name: "Credited", Values: ints(-20, 40)}},
		Width: 333, Height: 215, TextSize: 10, Measure: measure}.Layout()
	if want := (Rect{28, 20, 300, 160}); !sameRect(l.Plot, want) {
		t.Fatalf("plot %s, want %s", rectString(l.Plot), rectString(want))
	}
	want := []Rect{
		{58, 100, 90, 48},  // 0 → 30
		{58, 20, 90, 80},   // 30 → 80
		{58, 148, 90, 32},  // 0 → −20
		{208, 132, 90, 16}, // 0 → 10
		{208, 68, 90, 64},  // 10 → 50
	}
	if len(l.Bars) != len(want) {
		t.Fatalf("%d bars, want %d", len(l.Bars), len(want))
	}
	for i, w := range want {
		if !sameRect(l.Bars[i].Rect, w) {
			t.Errorf("segment %d = %s, want %s", i, rectString(l.Bars[i].Rect), rectString(w))
		}
	}
	if l.Bars[4].Series != 2 || l.Bars[4].Value.String() != "40" {
		t.Errorf("the last segment is %+v, want series 2 worth 40", l.Bars[4])
	}
	for _, tx := range l.Texts {
		if tx.Role == RoleValue {
			t.Errorf("stacked bars write no values, got %+v", tx)
		}
	}
}

// Line: 0 to 40 in 160 gives ticks every 5, 20 apart; "40" is 12 wide so
// the plot starts at 22 and is 200 wide: category centres 47, 97, 147, 197.
func TestLinePoints(t *testing.T) {
	l := Spec{Kind: Line, Categories: []string{"Q1", "Q2", "Q3", "Q4"},
		Series: []Series{{Name: "Revenue", Values: withGaps(10, missing, 30, 40)}},
		Width:  227, Height: 200, TextSize: 10, Measure: measure}.Layout()
	if want := (Rect{22, 20, 200, 160}); !sameRect(l.Plot, want) {
		t.Fatalf("plot %s, want %s", rectString(l.Plot), rectString(want))
	}
	if n := len(l.YTicks); n != 9 || l.YTicks[1].Label != "5" || !near(l.YTicks[1].Pos, 160) {
		t.Errorf("y ticks %+v, want 0, 5 … 40", l.YTicks)
	}
	got := fmt.Sprint(l.Lines)
	if want := "[{0 [{47 140}]} {0 [{147 60} {197 20}]}]"; got != want {
		t.Errorf("lines %s, want %s", got, want)
	}
	if len(l.Dots) != 3 || l.Dots[1].Category != 2 || !near(l.Dots[1].Y, 60) {
		t.Errorf("dots %+v", l.Dots)
	}
	if len(l.Legend) != 0 {
		t.Errorf("one series needs no legend, got %+v", l.Legend)
	}
}

// Horizontal: the long name is cut to ten text sizes (100): 15 characters
// and the ellipsis. Left: 5 + 96 + 5 = 106. Right: room for "250" after
// the bars, 5 + 18 + 5. Top 5, bottom 205 − 5 − 15 = 185: 60 per category,
// bars 42 high in the middle.
func TestHorizontalBars(t *testing.T) {
	l := Spec{Kind: HorizontalBars, Categories: []string{"Acme", "Globex Corporation International", "Initech"},
		Series: []Series{{Name: "Revenue", Values: ints(100, 250, 40)}},
		Width:  384, Height: 205, TextSize: 10, Measure: measure}.Layout()
	if want := (Rect{106, 5, 250, 180}); !sameRect(l.Plot, want) {
		t.Fatalf("plot %s, want %s", rectString(l.Plot), rectString(want))
	}
	var ticks []string
	for _, tk := range l.XTicks {
		ticks = append(ticks, fmt.Sprintf("%s@%g", tk.Label, tk.Pos))
	}
	if got, want := strings.Join(ticks, " "), "0@106 50@156 100@206 150@256 200@306 250@356"; got != want {
		t.Errorf("x ticks %s, want %s", got, want)
	}
	if got := l.YTicks[1].Label; got != "Globex Corporat…" {
		t.Errorf("long name shown as %q", got)
	}
	for i, want := range []Rect{{106, 14, 100, 42}, {106, 74, 250, 42}, {106, 134, 40, 42}} {
		if !sameRect(l.Bars[i].Rect, want) {
			t.Errorf("bar %d = %s, want %s", i, rectString(l.Bars[i].Rect), rectString(want))
		}
	}
	if !hasText(l, RoleValue, "250", 358.5, 95) {
		t.Errorf("no value 250 after the longest bar in %+v", l.Texts)
	}
	h, ok := l.At(150, 40)
	if !ok || h.Text() != "Acme · Revenue: 100" || !near(h.X, 206) || !near(h.Y, 35) {
		t.Errorf("At(150, 40) = %+v, %v", h, ok)
	}
	// The name cut short answers with the whole of it.
	if h, ok := l.At(50, 95); !ok || h.Text() != "Globex Corporation International · Revenue: 250" {
		t.Errorf("At(50, 95) over the cut name = %+v, %v", h, ok)
	}
	if _, ok := l.At(50, 200); ok {
		t.Error("below the plot, left of it, answers")
	}
}

func TestHitTest(t *testing.T) {
	spec := barsSpec()
	spec.Format = func(d decimal.Decimal) string { return d.StringFixed(2) + " EUR" }
	l := spec.Layout()
	tests := []struct {
		x, y float64
		want string
	}{
		{160, 100, "B · S1: 100.00 EUR"}, // in the middle of the tallest bar
		{43, 179, "A · S1: 50.00 EUR"},   // its bottom-left corner
		{195, 170, "B · S2: 10.00 EUR"},
		{195, 100, ""}, // above the short bar
		{140, 100, ""}, // between two categories
		{100, 205, ""}, // on the legend
		{0, 0, ""},     // outside the plot
	}
	for _, tt := range tests {
		h, ok := l.At(tt.x, tt.y)
		got := ""
		if ok {
			got = h.Text()
		}
		if got != tt.want {
			t.Errorf("At(%g, %g) = %q, want %q", tt.x, tt.y, got, tt.want)
		}
	}
	if h, _ := l.At(160, 100); !near(h.X, 160.5) || !near(h.Y, 20) {
		t.Errorf("the tooltip points at (%g, %g), want the bar's top middle (160.5, 20)", h.X, h.Y)
	}
}

// A line's dot wins over the bar under it; the band answers between its edges.
func TestHitTestMixed(t *testing.T) {
	l := Spec{Kind: BarsWithBand, Categories: []string{"Jan", "Feb"},
		Series: []Series{
			{Name: "Revenue", Values: ints(60, 80)},
			{Name: "Target", Values: ints(50, 90), Kind: LineSeries},
			{Name: "Low", Values: ints(20, 30), Kind: BandLow},
			{Name: "High", Values: ints(70, 100), Kind: BandHigh},
		},
		Width: 333, Height: 215, TextSize: 10, Measure: measure}.Layout()
	// Ticks 0 … 100 in 20s from 180 up to 20, 1.6 units a unit; the plot is
	// 300 wide from 28: centres 103 and 253.
	if len(l.Bands) != 1 || fmt.Sprint(l.Bands[0].Polygon()) != "[{103 68} {253 20} {253 132} {103 148}]" {
		t.Fatalf("bands %+v", l.Bands)
	}
	tests := []struct {
		x, y float64
		want string
	}{
		{105, 99, "Jan · Target: 50"},        // the dot at (103, 100), inside the bar
		{110, 150, "Jan · Revenue: 60"},      // the bar below the dot
		{40, 100, "Jan · Low–High: 20 – 70"}, // left of the bar (50.5 to 155.5), inside the band
		{40, 60, ""}, // above the band
	}
	for _, tt := range tests {
		h, ok := l.At(tt.x, tt.y)
		got := ""
		if ok {
			got = h.Text()
		}
		if got != tt.want {
			t.Errorf("At(%g, %g) = %q, want %q", tt.x, tt.y, got, tt.want)
		}
	}
	if len(l.Legend) != 3 || l.Legend[2].Name != "Low–High" || l.Legend[2].Kind != BandHigh {
		t.Errorf("legend %+v", l.Legend)
	}
	for _, tx := range l.Texts {
		if tx.Role == RoleValue {
			t.Errorf("mixed charts write no values by the bars, got %+v", tx)
		}
	}
}

func TestEmpty(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
		msg  string
	}{
		{"no categories", Spec{Kind: Bars, Series: []Series{{Name: "S"}}}, "No data to show"},
		{"no series", Spec{Kind: Line, Categories: []string{"Jan"}}, "No data to show"},
		{"all missing", Spec{Kind: Bars, Categories: []string{"Jan", "Feb"},
			Series: []Series{{Values: withGaps(missing, missing)}}, EmptyMessage: "No invoices this year"}, "No invoices this year"},
		{"band without its other edge", Spec{Kind: BarsWithBand, Categories: []string{"Jan"},
			Series: []Series{{Values: ints(5), Kind: BandLow}}}, "No data to show"},
	}
	for _, tt := range tests {
		tt.spec.Width, tt.spec.Height, tt.spec.TextSize, tt.spec.Measure = 300, 200, 10, measure
		tt.spec.Title = "Revenue"
		l := tt.spec.Layout()
		if !l.Empty || l.EmptyMessage != tt.msg {
			t.Errorf("%s: Empty %v %q, want the message %q", tt.name, l.Empty, l.EmptyMessage, tt.msg)
		}
		if len(l.Bars)+len(l.Lines)+len(l.Bands)+len(l.YTicks) > 0 {
			t.Errorf("%s: drew something: %+v", tt.name, l)
		}
		// The title, then the message centred below it.
		if len(l.Texts) != 2 || l.Texts[0].Text != "Revenue" || !hasText(l, RoleMessage, tt.msg, 150, (5+17.25+200)/2) {
			t.Errorf("%s: texts %+v", tt.name, l.Texts)
		}
		if _, ok := l.At(150, 100); ok {
			t.Errorf("%s: an empty chart answered At", tt.name)
		}
	}
}

func TestSinglePoint(t *testing.T) {
	line := Spec{Kind: Line, Categories: []string{"Jan"}, Series: []Series{{Values: ints(42)}},
		Width: 300, Height: 200, TextSize: 10, Measure: measure}.Layout()
	if line.Empty || len(line.Lines) != 1 || len(line.Lines[0].Points) != 1 || len(line.Dots) != 1 {
		t.Fatalf("one value makes one dot: %+v", line)
	}
	d := line.Dots[0]
	if p := line.Plot; !near(d.X, p.X+p.W/2) {
		t.Errorf("the dot is at x %g, want the plot's middle %g", d.X, p.X+p.W/2)
	}
	if h, ok := line.At(d.X, d.Y); !ok || h.Text() != "Jan: 42" {
		t.Errorf("At the dot = %q, %v", h.Text(), ok)
	}

	bar := Spec{Kind: Bars, Categories: []string{"Jan"}, Series: []Series{{Values: ints(42)}},
		Width: 300, Height: 200, TextSize: 10, Measure: measure}.Layout()
	if len(bar.Bars) != 1 || !near(bar.Bars[0].W, 0.7*bar.Plot.W) {
		t.Errorf("one value makes one bar 0.7 of the plot wide: %+v", bar.Bars)
	}
}

// All zero: the axis runs 0 to 1, the bars are flat on it and still answer.
func TestAllZero(t *testing.T) {
	l := Spec{Kind: Bars, Categories: []string{"Jan", "Feb"}, Series: []Series{{Values: ints(0, 0)}},
		Width: 300, Height: 200, TextSize: 10, Measure: measure}.Layout()
	if l.Empty || len(l.Bars) != 2 {
		t.Fatalf("zeros are data: %+v", l)
	}
	if first, last := l.YTicks[0].Label, l.YTicks[len(l.YTicks)-1].Label; first != "0" || last != "1" {
		t.Errorf("ticks %s to %s, want 0 to 1", first, last)
	}
	b := l.Bars[1]
	if b.H != 0 || !near(b.Y, l.Plot.Y+l.Plot.H) {
		t.Errorf("bar %s should be flat on the bottom", rectString(b.Rect))
	}
	if h, ok := l.At(b.X+b.W/2, b.Y-1); !ok || h.Text() != "Feb: 0" {
		t.Errorf("At a flat bar = %q, %v", h.Text(), ok)
	}
}

// All negative: zero is the top of the plot, bars hang from it, and their
// values go above the zero line rather than under the bars.
func TestAllNegative(t *testing.T) {
	l := Spec{Kind: Bars, Categories: []string{"Jan", "Feb"}, Series: []Series{{Values: ints(-10, -40)}},
		Width: 300, Height: 200, TextSize: 10, Measure: measure}.Layout()
	p := l.Plot
	if l.YTicks[len(l.YTicks)-1].Label != "0" || !near(l.Zero.Y1, p.Y) {
		t.Fatalf("zero should be the top tick at the plot's top: %+v", l.YTicks)
	}
	for _, b := range l.Bars {
		if !near(b.Y, p.Y) || b.H <= 0 {
			t.Errorf("bar %s should hang from %g", rectString(b.Rect), p.Y)
		}
	}
	if !near(l.Bars[1].Y+l.Bars[1].H, p.Y+p.H) {
		t.Errorf("the −40 bar should reach the bottom tick, -40")
	}
	for _, tx := range l.Texts {
		if tx.Role == RoleValue && tx.Y >= p.Y {
			t.Errorf("value %q at y %g is not above the zero line %g", tx.Text, tx.Y, p.Y)
		}
	}
}

// Thirty categories in 300, 10 each: "Day 30" and padding need 36 + 5, so
// every 5th label is shown, from the 3rd, none overlapping another or
// leaving the chart.
func TestManyCategoriesThinned(t *testing.T) {
	var cats []string
	var vals []int64
	for i := 1; i <= 30; i++ {
		cats = append(cats, fmt.Sprintf("Day %d", i))
		vals = append(vals, int64(i))
	}
	l := Spec{Kind: Bars, Categories: cats, Series: []Series{{Values: ints(vals...)}},
		Width: 327, Height: 200, TextSize: 10, Measure: measure}.Layout()
	// Ticks 0 … 30; "30" is 12 wide: the plot starts at 22 and is 300 wide.
	if !near(l.Plot.W, 300) {
		t.Fatalf("plot %s", rectString(l.Plot))
	}
	var shown []string
	prevRight := l.Plot.X
	for _, tk := range l.XTicks {
		if tk.Label == "" {
			continue
		}
		shown = append(shown, tk.Label)
		w := measure(tk.Label, 10, false)
		if left := tk.Pos - w/2; left < prevRight {
			t.Errorf("%q starts at %g, before %g", tk.Label, left, prevRight)
		}
		prevRight = tk.Pos + w/2
	}
	if prevRight > 327 {
		t.Errorf("the last label ends at %g, outside the chart", prevRight)
	}
	if got, want := strings.Join(shown, ","), "Day 3,Day 8,Day 13,Day 18,Day 23,Day 28"; got != want {
		t.Errorf("labels %s, want %s", got, want)
	}
	if len(l.XTicks) != 30 {
		t.Errorf("%d category ticks, want 30", len(l.XTicks))
	}
}

func TestLongLabelsTruncated(t *testing.T) {
	long := "Müller Straße Öl GmbH & Co. KG, Großbeerenstraße"
	l := Spec{Kind: Bars, Title: strings.Repeat("Revenue by client ", 5), Categories: []string{long, "Acme"},
		Series: []Series{{Values: ints(10, 20)}}, Width: 300, Height: 200, TextSize: 10, Measure: measure}.Layout()
	// Ten text sizes, 100, hold 16 characters: 15 and the ellipsis.
	if got := l.XTicks[0].Label; got != "Müller Straße Ö…" {
		t.Errorf("category label %q", got)
	}
	for _, tx := range l.Texts {
		w := measure(tx.Text, tx.Size, tx.Bold)
		left := map[Align]float64{AlignStart: tx.X, AlignCenter: tx.X - w/2, AlignEnd: tx.X - w}[tx.Align]
		if left < 0 || left+w > 300 {
			t.Errorf("%q spans %g to %g, outside the chart", tx.Text, left, left+w)
		}
	}
	if title := l.Texts[0]; title.Role != RoleTitle || !strings.HasSuffix(title.Text, "…") {
		t.Errorf("title %+v should be cut short", title)
	}
}

// A chart too small for a plot draws nothing and does not fail.
func TestTooSmall(t *testing.T) {
	for _, k := range []Kind{Bars, HorizontalBars} {
		l := barsSpec()
		l.Kind, l.Width, l.Height = k, 20, 20
		got := l.Layout()
		if len(got.Bars) != 0 || got.Plot != (Rect{}) {
			t.Errorf("kind %d: %+v", k, got)
		}
		if _, ok := got.At(10, 10); ok {
			t.Errorf("kind %d: At answered", k)
		}
	}
}

// The header holds the title on the left and the unit on the right; the
// title gives way to the unit. The title's row is 1.5 × 11.5 high.
func TestHeader(t *testing.T) {
	l := Spec{Kind: Bars, Title: "Revenue by month for every client we have", ValueLabel: "EUR",
		Categories: []string{"Jan"}, Series: []Series{{Values: ints(5)}},
		Width: 300, Height: 200, TextSize: 10, Measure: measure}.Layout()
	mid := 5 + 1.5*11.5/2
	if !hasText(l, RoleUnit, "EUR", 295, mid) {
		t.Errorf("no unit at the header's right in %+v", l.Texts)
	}
	var title Text
	for _, tx := range l.Texts {
		if tx.Role == RoleTitle {
			title = tx
		}
	}
	// 300 − 2×5 − (18 + 2×5) = 262 for the title: 37 characters of 6.9,
	// so 36 and the ellipsis.
	if title.Text != "Revenue by month for every client we…" || !near(title.Y, mid) {
		t.Errorf("title %+v", title)
	}
	// The plot starts a row of text below the header.
	if !near(l.Plot.Y, 5+1.5*11.5+15) {
		t.Errorf("plot starts at %g", l.Plot.Y)
	}
}

// Colours follow the bar series, then the lines; the band takes none.
func TestSlot(t *testing.T) {
	l := Spec{Kind: BarsWithBand, Categories: []string{"Jan"},
		Series: []Series{
			{Name: "Low", Values: ints(1), Kind: BandLow},
			{Name: "Average", Values: ints(2), Kind: LineSeries},
			{Name: "High", Values: ints(3), Kind: BandHigh},
			{Name: "2026", Values: ints(2)},
		},
		Width: 300, Height: 200, TextSize: 10, Measure: measure}.Layout()
	for series, want := range map[int]int{3: 0, 1: 1} {
		if got := l.Slot(series); got != want {
			t.Errorf("Slot(%d) = %d, want %d", series, got, want)
		}
	}
}

// Four 60-wide labels in 50-wide categories show every other one, from the
// second; the fourth would have only 55 to the chart's edge, so it is left
// out rather than cut. Ticks 0, 5 … 40: the plot runs 22 to 222.
func TestThinnedLabelAtTheEdgeLeftOut(t *testing.T) {
	l := Spec{Kind: Bars, Categories: []string{"Category A", "Category B", "Category C", "Category D"},
		Series: []Series{{Values: Values(decimal.NewFromInt(10), decimal.NewFromInt(20), decimal.NewFromInt(30), decimal.NewFromInt(40))}},
		Width:  227, Height: 200, TextSize: 10, Measure: measure}.Layout()
	if !sameRect(l.Plot, Rect{22, 20, 200, 160}) {
		t.Fatalf("plot %s", rectString(l.Plot))
	}
	var got []string
	for _, tk := range l.XTicks {
		got = append(got, tk.Label)
	}
	if strings.Join(got, "|") != "|Category B||" {
		t.Errorf("labels %q, want only Category B", got)
	}
}
