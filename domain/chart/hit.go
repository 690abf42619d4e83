package chart

import "math"

// Hover describes what is under the pointer, for a tooltip.
type Hover struct {
	Category, Series, Value string
	// X, Y is where the tooltip should point: the top middle of a bar, the
	// end of a horizontal bar, a line's dot, or the band's upper edge.
	X, Y float64
}

// Text is the hover as one line: "Mar · Revenue: 12,345.00", or without the
// series when it has no name.
func (h Hover) Text() string {
	if h.Series == "" {
		return h.Category + ": " + h.Value
	}
	return h.Category + " · " + h.Series + ": " + h.Value
}

// minHit is the least thickness a bar is given for hitting, so a bar of
// zero or nearly zero still answers.
const minHit = 4

// At reports what is at (x, y): the nearest line dot within reach, else the
// bar under the point, else the band. Dots come first because they are
// drawn over the bars.
func (l Layout) At(x, y float64) (Hover, bool) {
	best, bestD := -1, l.hitRadius
	for i, d := range l.Dots {
		if dist := math.Hypot(d.X-x, d.Y-y); dist <= bestD {
			best, bestD = i, dist
		}
	}
	if best >= 0 {
		d := l.Dots[best]
		return Hover{Category: l.categories[d.Category], Series: l.names[d.Series], Value: l.format(d.Value), X: d.X, Y: d.Y}, true
	}
	for _, b := range l.Bars {
		r := b.Rect
		if l.horizontal && r.W < minHit {
			r.X, r.W = r.X-(minHit-r.W)/2, minHit
		}
		if !l.horizontal && r.H < minHit {
			r.Y, r.H = r.Y-(minHit-r.H)/2, minHit
		}
		if !r.Contains(x, y) {
			continue
		}
		h := Hover{Category: l.categories[b.Category], Series: l.names[b.Series], Value: l.format(b.Value), X: b.X + b.W/2, Y: b.Y}
		if l.horizontal {
			h.X, h.Y = b.X+b.W, b.Y+b.H/2
			if b.Value.IsNegative() {
				h.X = b.X
			}
		}
		return h, true
	}
	if h, ok := l.atName(x, y); ok {
		return h, true
	}
	for _, band := range l.Bands {
		for _, p := range band.Points {
			if math.Abs(x-p.X) <= l.slot/2 && y >= p.High-minHit/2 && y <= p.Low+minHit/2 {
				return Hover{Category: l.categories[p.Category], Series: l.bandName,
					Value: l.format(p.LowValue) + " – " + l.format(p.HighValue), X: p.X, Y: p.High}, true
			}
		}
	}
	return Hover{}, false
}

// atName answers for a category's name left of horizontal bars, which may
// be cut short with "…": it tells what the category's first bar does, with
// the whole name.
func (l Layout) atName(x, y float64) (Hover, bool) {
	p := l.Plot
	if !l.horizontal || l.slot <= 0 || x < 0 || x >= p.X || y < p.Y || y >= p.Y+p.H {
		return Hover{}, false
	}
	c := int((y - p.Y) / l.slot)
	for _, b := range l.Bars {
		if b.Category == c {
			return Hover{Category: l.categories[c], Series: l.names[b.Series], Value: l.format(b.Value), X: p.X, Y: b.Y + b.H/2}, true
		}
	}
	return Hover{}, false
}
