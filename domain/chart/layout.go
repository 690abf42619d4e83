package chart

import (
	"math"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Layout is a chart placed in its Spec's Width and Height, ready to draw
// back to front: grid lines (the Grid ticks), Bands, Bars, the Zero line,
// Lines, Dots, Legend swatches, then Texts.
type Layout struct {
	Width, Height float64
	Plot          Rect // the area inside the axes
	XTicks        []Tick
	YTicks        []Tick
	Zero          Segment // the value axis' zero, drawn over the bars
	Bars          []Bar
	Lines         []Polyline
	Dots          []Dot
	Bands         []Band
	Legend        []LegendEntry
	Texts         []Text
	// Empty is set when there is nothing to plot; EmptyMessage, centred
	// among the Texts, says so.
	Empty        bool
	EmptyMessage string

	slots []int // each series' place in the palette

	// What At needs to describe what is under the pointer.
	horizontal bool
	categories []string
	names      []string
	bandName   string
	slot       float64
	hitRadius  float64
	format     func(decimal.Decimal) string
}

// Proportions of the text size.
const (
	padRatio   = 0.5  // space around the chart and between labels and the plot
	lineRatio  = 1.5  // the height of a row of text
	titleRatio = 1.15 // the title's size
	groupRatio = 0.7  // share of a category's width the bars take
	stackRatio = 0.6  // share of a category's width a stacked bar takes
	capRatio   = 10   // longest category label before truncation, in text sizes
)

// maxValueLabels is how many bars may have their value written by them.
const maxValueLabels = 40

// Layout places the chart described by s.
func (s Spec) Layout() Layout {
	ts := s.TextSize
	if ts <= 0 {
		ts = 12
	}
	format := s.Format
	if format == nil {
		format = Abbrev
	}
	b := &builder{s: s, ts: ts, pad: padRatio * ts, lineH: lineRatio * ts, measure: s.Measure}
	if b.measure == nil {
		b.measure = estimate
	}
	b.l = Layout{Width: s.Width, Height: s.Height, categories: s.Categories, format: format,
		horizontal: s.Kind == HorizontalBars, hitRadius: 0.8 * ts}
	for _, ser := range s.Series {
		b.l.names = append(b.l.names, ser.Name)
	}
	b.build()
	return b.l
}

// estimate guesses a text's width from its length.
func estimate(text string, size float64, bold bool) float64 {
	w := 0.55 * size
	if bold {
		w = 0.6 * size
	}
	return w * float64(utf8.RuneCountInString(text))
}

type builder struct {
	s              Spec
	l              Layout
	ts, pad, lineH float64
	measure        func(string, float64, bool) float64
	bars, lines    []int // series indices drawn as bars and as lines
	bandLo, bandHi int   // -1 when there is no band
	lo, hi         decimal.Decimal
	ticks          []decimal.Decimal
	top, bottom    float64 // the free band left for the plot and its labels
}

func (b *builder) build() {
	b.sortSeries()
	top := b.pad
	// The header: the title on the left, the unit on the right.
	if b.s.Title != "" || b.s.ValueLabel != "" {
		size := titleRatio * b.ts
		h := lineRatio * size
		unit := b.fit(b.s.ValueLabel, (b.s.Width-2*b.pad)/3, b.ts, false)
		room := b.s.Width - 2*b.pad
		if unit != "" {
			room -= b.measure(unit, b.ts, false) + 2*b.pad
		}
		b.text(Text{X: b.pad, Y: top + h/2, Text: b.fit(b.s.Title, room, size, true), Size: size, Bold: true, Role: RoleTitle})
		b.text(Text{X: b.s.Width - b.pad, Y: top + h/2, Text: unit, Size: b.ts, Align: AlignEnd, Role: RoleUnit})
		top += h
	}
	if !b.hasData() {
		msg := b.s.EmptyMessage
		if msg == "" {
			msg = "No data to show"
		}
		b.l.Empty, b.l.EmptyMessage = true, msg
		b.text(Text{X: b.s.Width / 2, Y: (top + b.s.Height) / 2, Text: b.fit(msg, b.s.Width-2*b.pad, b.ts, false),
			Size: b.ts, Align: AlignCenter, Role: RoleMessage})
		return
	}
	b.top = top
	b.bottom = b.s.Height - b.pad - b.legend()
	b.valueRange()
	if b.l.horizontal {
		b.horizontal()
	} else {
		b.vertical()
	}
}

// sortSeries decides which series are bars, lines and the band.
func (b *builder) sortSeries() {
	b.bandLo, b.bandHi = -1, -1
	for i, ser := range b.s.Series {
		switch b.s.Kind {
		case Bars, StackedBars, HorizontalBars:
			b.bars = append(b.bars, i)
		case Line:
			b.lines = append(b.lines, i)
		default:
			switch ser.Kind {
			case BarSeries:
				b.bars = append(b.bars, i)
			case LineSeries:
				b.lines = append(b.lines, i)
			case BandLow:
				if b.bandLo < 0 {
					b.bandLo = i
				}
			case BandHigh:
				if b.bandHi < 0 {
					b.bandHi = i
				}
			}
		}
	}
	if b.bandLo < 0 || b.bandHi < 0 {
		b.bandLo, b.bandHi = -1, -1
	}
	b.l.slots = make([]int, len(b.s.Series))
	for k, i := range append(append([]int{}, b.bars...), b.lines...) {
		b.l.slots[i] = k
	}
}

// Slot is the place in a renderer's palette of series i's colour: the bar
// series first, then the lines, in order, so the band's series take none
// and the first line after one bar series gets the second colour.
func (l Layout) Slot(series int) int {
	if series < 0 || series >= len(l.slots) {
		return 0
	}
	return l.slots[series]
}

// value returns series i's value in category c, if there is one.
func (b *builder) value(i, c int) (decimal.Decimal, bool) {
	v := b.s.Series[i].Values
	if c >= len(v) || !v[c].Valid {
		return decimal.Decimal{}, false
	}
	return v[c].Decimal, true
}

func (b *builder) drawn() []int {
	out := append(append([]int{}, b.bars...), b.lines...)
	if b.bandLo >= 0 {
		out = append(out, b.bandLo, b.bandHi)
	}
	return out
}

func (b *builder) hasData() bool {
	for c := range b.s.Categories {
		for _, i := range b.drawn() {
			if _, ok := b.value(i, c); ok {
				return true
			}
		}
	}
	return false
}

// valueRange finds the lowest and highest values plotted: stack sums for
// stacked bars, every value otherwise.
func (b *builder) valueRange() {
	b.lo, b.hi = decimal.Zero, decimal.Zero
	for c := range b.s.Categories {
		if b.s.Kind == StackedBars {
			pos, neg := b.stackSums(c)
			b.lo, b.hi = decimal.Min(b.lo, neg), decimal.Max(b.hi, pos)
			continue
		}
		for _, i := range b.drawn() {
			if v, ok := b.value(i, c); ok {
				b.lo, b.hi = decimal.Min(b.lo, v), decimal.Max(b.hi, v)
			}
		}
	}
}

func (b *builder) stackSums(c int) (pos, neg decimal.Decimal) {
	for _, i := range b.bars {
		if v, ok := b.value(i, c); ok {
			if v.IsNegative() {
				neg = neg.Add(v)
			} else {
				pos = pos.Add(v)
			}
		}
	}
	return pos, neg
}

// legend lays out the legend in rows along the bottom when more than one
// thing needs naming, and returns its height.
func (b *builder) legend() float64 {
	type entry struct {
		series int
		kind   SeriesKind
		name   string
	}
	var entries []entry
	for _, i := range b.bars {
		entries = append(entries, entry{i, BarSeries, b.s.Series[i].Name})
	}
	for _, i := range b.lines {
		entries = append(entries, entry{i, LineSeries, b.s.Series[i].Name})
	}
	if b.bandLo >= 0 {
		lo, hi := b.s.Series[b.bandLo].Name, b.s.Series[b.bandHi].Name
		name := hi
		switch {
		case hi == "":
			name = lo
		case lo != "" && lo != hi:
			name = lo + "–" + hi
		}
		b.l.bandName = name
		entries = append(entries, entry{b.bandHi, BandHigh, name})
	}
	if len(entries) < 2 {
		return 0
	}
	sw, gap, space := 0.9*b.ts, 0.4*b.ts, 1.2*b.ts
	avail := b.s.Width - 2*b.pad
	type placed struct {
		entry
		x    float64
		row  int
		text string
	}
	var out []placed
	x, row := b.pad, 0
	for _, e := range entries {
		name := b.fit(e.name, avail-sw-gap, b.ts, false)
		w := sw + gap + b.measure(name, b.ts, false)
		if x > b.pad && x+w > b.pad+avail {
			x, row = b.pad, row+1
		}
		out = append(out, placed{e, x, row, name})
		x += w + space
	}
	h := float64(row+1) * b.lineH
	y0 := b.s.Height - b.pad - h
	for _, p := range out {
		mid := y0 + (float64(p.row)+0.5)*b.lineH
		b.l.Legend = append(b.l.Legend, LegendEntry{Swatch: Rect{p.x, mid - sw/2, sw, sw},
			Series: p.series, Kind: p.kind, Name: p.name})
		b.text(Text{X: p.x + sw + gap, Y: mid, Text: p.text, Size: b.ts, Role: RoleLegend})
	}
	return h
}

// maxIntervals is how many tick intervals fit along length.
func maxIntervals(length, spacing float64) int {
	return min(max(int(length/spacing), 1), 8)
}

// vertical lays out every kind but HorizontalBars.
func (b *builder) vertical() {
	// A row above the plot for the top tick label's upper half and the
	// values over the tallest bars; a row below for category labels.
	plotTop := b.top + b.lineH
	plotBottom := b.bottom - b.lineH
	if plotBottom-plotTop < b.ts {
		return
	}
	b.ticks = NiceTicks(b.lo, b.hi, maxIntervals(plotBottom-plotTop, 2*b.ts))
	labelW := 0.0
	for _, t := range b.ticks {
		labelW = max(labelW, b.measure(Abbrev(t), b.ts, false))
	}
	left := b.pad + labelW + b.pad
	if b.s.Width-b.pad-left < b.ts {
		return
	}
	b.l.Plot = Rect{left, plotTop, b.s.Width - b.pad - left, plotBottom - plotTop}
	p := b.l.Plot
	for _, t := range b.ticks {
		y := b.valuePos(t)
		b.l.YTicks = append(b.l.YTicks, Tick{Pos: y, Label: Abbrev(t), Grid: true})
		b.text(Text{X: p.X - b.pad, Y: y, Text: Abbrev(t), Size: b.ts, Align: AlignEnd, Role: RoleTick})
	}
	zero := b.valuePos(decimal.Zero)
	b.l.Zero = Segment{p.X, zero, p.X + p.W, zero}

	n := len(b.s.Categories)
	slot := p.W / float64(n)
	b.l.slot = slot
	b.categoryLabels(slot)
	if b.s.Kind == StackedBars {
		b.stacked(slot, zero)
	} else {
		b.grouped(slot, zero)
	}
	b.lineSeries(slot)
	b.band(slot)
}

// valuePos maps a value onto the value axis.
func (b *builder) valuePos(v decimal.Decimal) float64 {
	first, last := b.ticks[0], b.ticks[len(b.ticks)-1]
	f := v.Sub(first).InexactFloat64() / last.Sub(first).InexactFloat64()
	p := b.l.Plot
	if b.l.horizontal {
		return p.X + f*p.W
	}
	return p.Y + p.H - f*p.H
}

// categoryLabels writes the category names under the plot, every k-th one
// when they would not fit side by side, each truncated to its room (when
// only every k-th is shown, one without room is left out instead).
func (b *builder) categoryLabels(slot float64) {
	p := b.l.Plot
	names := make([]string, len(b.s.Categories))
	widest := 0.0
	for c, name := range b.s.Categories {
		names[c] = b.fit(name, capRatio*b.ts, b.ts, false)
		widest = max(widest, b.measure(names[c], b.ts, false))
	}
	k := max(1, int(math.Ceil((widest+b.pad)/slot)))
	// Starting at k/2 gives the first label k slots of room without
	// reaching left of the plot, under the value axis' labels.
	for c := range names {
		x := p.X + (float64(c)+0.5)*slot
		t := Tick{Pos: x}
		if (c-k/2)%k == 0 {
			room := min(float64(k)*slot-b.pad, 2*(x-p.X), 2*(b.s.Width-b.pad/2-x))
			t.Label = b.fit(names[c], room, b.ts, false)
			if k > 1 && t.Label != names[c] {
				// Near the right edge a thinned-out axis does better
				// without its last label than with a stub of it.
				t.Label = ""
			}
			b.text(Text{X: x, Y: p.Y + p.H + b.lineH/2, Text: t.Label, Size: b.ts, Align: AlignCenter, Role: RoleTick})
		}
		b.l.XTicks = append(b.l.XTicks, t)
	}
}

// grouped places side-by-side bars, writing each value over its bar when
// every one fits (values below zero go over the zero line).
func (b *builder) grouped(slot, zero float64) {
	if len(b.bars) == 0 {
		return
	}
	group := groupRatio * slot
	w := group / float64(len(b.bars))
	for c := range b.s.Categories {
		for k, i := range b.bars {
			v, ok := b.value(i, c)
			if !ok {
				continue
			}
			y := b.valuePos(v)
			x := b.l.Plot.X + float64(c)*slot + (slot-group)/2 + float64(k)*w
			b.l.Bars = append(b.l.Bars, Bar{Rect: Rect{x, min(y, zero), w, math.Abs(zero - y)},
				Series: i, Category: c, Value: v, Label: Abbrev(v)})
		}
	}
	room := w
	if len(b.bars) == 1 {
		room = slot - b.pad
	}
	if !b.labelsFit(room) {
		return
	}
	for _, bar := range b.l.Bars {
		y := min(bar.Y, zero)
		b.text(Text{X: bar.X + bar.W/2, Y: y - b.lineH/2, Text: bar.Label, Size: b.ts, Align: AlignCenter, Role: RoleValue})
	}
}

// labelsFit reports whether value labels go by the bars: only on plain
// bar charts, with few enough bars, each label no wider than room.
func (b *builder) labelsFit(room float64) bool {
	if b.s.Kind != Bars && b.s.Kind != HorizontalBars || len(b.l.Bars) > maxValueLabels {
		return false
	}
	for _, bar := range b.l.Bars {
		if b.measure(bar.Label, b.ts, false) > room {
			return false
		}
	}
	return true
}

// stacked piles each category's values up from zero, those below zero
// downwards, in series order.
func (b *builder) stacked(slot, zero float64) {
	w := stackRatio * slot
	for c := range b.s.Categories {
		x := b.l.Plot.X + float64(c)*slot + (slot-w)/2
		pos, neg := decimal.Zero, decimal.Zero
		for _, i := range b.bars {
			v, ok := b.value(i, c)
			if !ok {
				continue
			}
			from := &pos
			if v.IsNegative() {
				from = &neg
			}
			y0, y1 := b.valuePos(*from), b.valuePos(from.Add(v))
			*from = from.Add(v)
			b.l.Bars = append(b.l.Bars, Bar{Rect: Rect{x, min(y0, y1), w, math.Abs(y1 - y0)},
				Series: i, Category: c, Value: v, Label: Abbrev(v)})
		}
	}
}

// lineSeries draws each line series through the category centres, broken
// where a value is missing.
func (b *builder) lineSeries(slot float64) {
	for _, i := range b.lines {
		var run []Point
		flush := func() {
			if len(run) > 0 {
				b.l.Lines = append(b.l.Lines, Polyline{Series: i, Points: run})
			}
			run = nil
		}
		for c := range b.s.Categories {
			v, ok := b.value(i, c)
			if !ok {
				flush()
				continue
			}
			pt := Point{b.l.Plot.X + (float64(c)+0.5)*slot, b.valuePos(v)}
			run = append(run, pt)
			b.l.Dots = append(b.l.Dots, Dot{Point: pt, Series: i, Category: c, Value: v})
		}
		flush()
	}
}

// band shades the range between the low and high series, broken where
// either is missing.
func (b *builder) band(slot float64) {
	if b.bandLo < 0 {
		return
	}
	var run []BandPoint
	flush := func() {
		if len(run) > 0 {
			b.l.Bands = append(b.l.Bands, Band{Points: run})
		}
		run = nil
	}
	for c := range b.s.Categories {
		lo, ok1 := b.value(b.bandLo, c)
		hi, ok2 := b.value(b.bandHi, c)
		if !ok1 || !ok2 {
			flush()
			continue
		}
		lo, hi = decimal.Min(lo, hi), decimal.Max(lo, hi)
		run = append(run, BandPoint{X: b.l.Plot.X + (float64(c)+0.5)*slot, Low: b.valuePos(lo), High: b.valuePos(hi),
			Category: c, LowValue: lo, HighValue: hi})
	}
	flush()
}

// horizontal lays out HorizontalBars: categories down the left, values
// along the bottom.
func (b *builder) horizontal() {
	top := b.top
	plotBottom := b.bottom - b.lineH
	n := len(b.s.Categories)
	if plotBottom-top < b.ts {
		return
	}
	slot := (plotBottom - top) / float64(n)
	b.l.slot = slot
	group := groupRatio * slot
	barH := group / float64(max(len(b.bars), 1))

	widest := 0.0
	for _, name := range b.s.Categories {
		widest = max(widest, b.measure(b.fit(name, capRatio*b.ts, b.ts, false), b.ts, false))
	}
	nameW := min(widest, 0.4*b.s.Width)
	left := b.pad + nameW + b.pad

	// Values written after the bars need room on the right; so does half
	// of the last tick label.
	count, valueW := 0, 0.0
	for c := range b.s.Categories {
		for _, i := range b.bars {
			if v, ok := b.value(i, c); ok {
				count++
				valueW = max(valueW, b.measure(Abbrev(v), b.ts, false))
			}
		}
	}
	showValues := barH >= 1.05*b.ts && count <= maxValueLabels
	tickW := max(b.measure(Abbrev(b.lo), b.ts, false), b.measure(Abbrev(b.hi), b.ts, false))
	right := b.pad + tickW/2
	if showValues {
		right = max(right, b.pad+valueW+b.pad)
	}
	width := b.s.Width - right - left
	if width < b.ts {
		return
	}
	b.l.Plot = Rect{left, top, width, plotBottom - top}
	b.ticks = NiceTicks(b.lo, b.hi, maxIntervals(width, tickW+2*b.ts))
	p := b.l.Plot
	for _, t := range b.ticks {
		x := b.valuePos(t)
		b.l.XTicks = append(b.l.XTicks, Tick{Pos: x, Label: Abbrev(t), Grid: true})
		b.text(Text{X: x, Y: p.Y + p.H + b.lineH/2, Text: Abbrev(t), Size: b.ts, Align: AlignCenter, Role: RoleTick})
	}
	zero := b.valuePos(decimal.Zero)
	b.l.Zero = Segment{zero, p.Y, zero, p.Y + p.H}

	k := max(1, int(math.Ceil(b.lineH/slot)))
	for c, name := range b.s.Categories {
		y := p.Y + (float64(c)+0.5)*slot
		t := Tick{Pos: y}
		if c%k == 0 {
			t.Label = b.fit(name, nameW, b.ts, false)
			b.text(Text{X: p.X - b.pad, Y: y, Text: t.Label, Size: b.ts, Align: AlignEnd, Role: RoleTick})
		}
		b.l.YTicks = append(b.l.YTicks, t)
		for j, i := range b.bars {
			v, ok := b.value(i, c)
			if !ok {
				continue
			}
			x := b.valuePos(v)
			by := p.Y + float64(c)*slot + (slot-group)/2 + float64(j)*barH
			b.l.Bars = append(b.l.Bars, Bar{Rect: Rect{min(x, zero), by, math.Abs(x - zero), barH},
				Series: i, Category: c, Value: v, Label: Abbrev(v)})
		}
	}
	if !showValues {
		return
	}
	// After the bar's end, or after the zero line for a value below zero.
	for _, bar := range b.l.Bars {
		b.text(Text{X: max(bar.X+bar.W, zero) + b.pad/2, Y: bar.Y + bar.H/2, Text: bar.Label, Size: b.ts, Role: RoleValue})
	}
}

func (b *builder) text(t Text) {
	if t.Text != "" {
		b.l.Texts = append(b.l.Texts, t)
	}
}

// fit shortens s with an ellipsis until it is at most width wide; it returns
// "" when not even one letter and the ellipsis fit.
func (b *builder) fit(s string, width, size float64, bold bool) string {
	if b.measure(s, size, bold) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 {
		r = r[:len(r)-1]
		for len(r) > 0 && r[len(r)-1] == ' ' {
			r = r[:len(r)-1]
		}
		if t := string(r) + "…"; len(r) > 0 && b.measure(t, size, bold) <= width {
			return t
		}
	}
	return ""
}
