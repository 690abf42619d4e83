// Package chart lays out the small charts of the Reports dashboard — bars,
// stacked bars, horizontal bars, lines, and bars with a line or a band — as
// plain geometry that the screen widget and the PDF writer both draw.
//
// It knows nothing of pixels, millimetres or colours. Every position is in
// the units of the Spec's Width and Height with the origin at the top left
// and y growing downwards, and series are told apart by their index, which a
// renderer maps onto its palette.
package chart

import (
	"github.com/shopspring/decimal"
)

// Kind is the shape of a chart.
type Kind int

// The kinds of chart. Bars, StackedBars, HorizontalBars and Line draw every
// series the same way; BarsWithLine and BarsWithBand draw each series as its
// SeriesKind says, on one shared value axis.
const (
	Bars           Kind = iota // vertical bars, the series side by side in each category
	StackedBars                // vertical bars, the series stacked (negatives below zero)
	HorizontalBars             // bars growing to the right, one row per category
	Line                       // one line per series
	BarsWithLine               // bars with one or more lines over them
	BarsWithBand               // bars with a shaded range between a BandLow and a BandHigh series
)

// SeriesKind says how a series is drawn in the mixed kinds.
type SeriesKind int

// The ways to draw a series.
const (
	BarSeries  SeriesKind = iota // bars (the zero value)
	LineSeries                   // a line with a dot at each value
	BandLow                      // the lower edge of the band
	BandHigh                     // the upper edge of the band
)

// Series is one named row of values, one per category.
type Series struct {
	Name string
	// Values holds one value per category; an invalid (zero) NullDecimal is
	// a missing value: no bar, and a gap in a line or band. Values shorter
	// than Categories are missing at the end.
	Values []decimal.NullDecimal
	Kind   SeriesKind
}

// Spec is everything a chart shows, and the size it has to fit.
type Spec struct {
	Kind       Kind
	Categories []string
	Series     []Series
	Title      string
	ValueLabel string // what the values are, e.g. "EUR"; shown above the value axis

	Width, Height float64
	// TextSize is the size of tick and legend text in the same units as
	// Width; 0 means 12.
	TextSize float64
	// Measure returns the width of text at a size; nil estimates it from
	// the number of characters. Renderers pass their real measure so labels
	// are truncated where they would actually overflow.
	Measure func(text string, size float64, bold bool) float64
	// Format writes a value in full for the hover text, e.g. as money in
	// the report's currency; nil uses Abbrev.
	Format func(decimal.Decimal) string
	// EmptyMessage is shown when there is nothing to draw; "" means
	// "No data to show".
	EmptyMessage string
}

// Values makes a series' values from plain decimals, none missing.
func Values(ds ...decimal.Decimal) []decimal.NullDecimal {
	out := make([]decimal.NullDecimal, len(ds))
	for i, d := range ds {
		out[i] = decimal.NewNullDecimal(d)
	}
	return out
}

// Point is a position in layout units.
type Point struct{ X, Y float64 }

// Rect is an axis-aligned rectangle: X, Y is its top-left corner.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether (x, y) lies in r, edges included.
func (r Rect) Contains(x, y float64) bool {
	return x >= r.X && x <= r.X+r.W && y >= r.Y && y <= r.Y+r.H
}

// Segment is a straight line from (X1, Y1) to (X2, Y2).
type Segment struct{ X1, Y1, X2, Y2 float64 }

// Tick is one mark on an axis.
type Tick struct {
	Pos   float64 // along the axis: an x for XTicks, a y for YTicks
	Label string  // "" for a category whose label was left out to make room
	// Grid marks a value tick, which gets a grid line across the plot;
	// category ticks have none.
	Grid bool
}

// Bar is one drawn bar, or one segment of a stacked bar.
type Bar struct {
	Rect
	Series, Category int
	Value            decimal.Decimal
	Label            string // the value abbreviated, e.g. "12.5k"
}

// Polyline is one unbroken run of a line series; a missing value breaks a
// series into several. A run of one point is drawn by its Dot alone.
type Polyline struct {
	Series int
	Points []Point
}

// Dot marks one value of a line series.
type Dot struct {
	Point
	Series, Category int
	Value            decimal.Decimal
}

// BandPoint is the band at one category: Low and High are the y positions of
// its edges (High is above, so High <= Low).
type BandPoint struct {
	X, Low, High        float64
	Category            int
	LowValue, HighValue decimal.Decimal
}

// Band is one unbroken run of the shaded range between the BandLow and
// BandHigh series.
type Band struct {
	Points []BandPoint
}

// Polygon returns the band's outline: along the upper edge left to right,
// then back along the lower edge.
func (b Band) Polygon() []Point {
	out := make([]Point, 0, 2*len(b.Points))
	for _, p := range b.Points {
		out = append(out, Point{p.X, p.High})
	}
	for i := len(b.Points) - 1; i >= 0; i-- {
		out = append(out, Point{b.Points[i].X, b.Points[i].Low})
	}
	return out
}

// LegendEntry is one key in the legend: a swatch drawn in the series' colour
// and style, with its name beside it (the name is among the Texts).
type LegendEntry struct {
	Swatch Rect
	Series int        // for the band, the BandHigh series
	Kind   SeriesKind // how to draw the swatch: a block, a line or a band
	Name   string
}

// Align says where a Text's X is.
type Align int

// Alignments.
const (
	AlignStart  Align = iota // X is the left edge
	AlignCenter              // X is the centre
	AlignEnd                 // X is the right edge
)

// Role says what a Text is, so renderers can style it.
type Role int

// Text roles.
const (
	RoleTitle   Role = iota // the chart's title
	RoleTick                // tick and category labels
	RoleValue               // a value written by its bar
	RoleLegend              // a series name in the legend
	RoleUnit                // the Spec's ValueLabel
	RoleMessage             // the empty message
)

// Text is one line of text to draw. Y is the middle of the line.
type Text struct {
	X, Y  float64
	Text  string
	Size  float64
	Bold  bool
	Align Align
	Role  Role
}
