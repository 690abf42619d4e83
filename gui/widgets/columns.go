package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Columns lays objects out side by side with widths in proportion to their
// weights, so a list's rows line up with its header row.
type Columns struct {
	Weights []float32
}

// NewColumns returns a layout for len(weights) objects.
func NewColumns(weights ...float32) *Columns { return &Columns{Weights: weights} }

// Layout places each object in its share of the width, separated by padding.
// An object that cannot be narrower than its share allows — a row of buttons
// — gets its minimum width, and the others share what is left by weight:
// text cells truncate, buttons do not.
func (c *Columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	n := min(len(objs), len(c.Weights))
	avail := size.Width - pad*float32(len(objs)-1)
	widths := make([]float32, n)
	fixed := make([]bool, n)
	for pass := 0; pass < n; pass++ {
		room, total := avail, float32(0)
		for i := 0; i < n; i++ {
			if fixed[i] {
				room -= widths[i]
			} else {
				total += c.Weights[i]
			}
		}
		changed := false
		for i := 0; i < n; i++ {
			if fixed[i] {
				continue
			}
			widths[i] = max(room, 0) * c.Weights[i] / total
			if m := objs[i].MinSize().Width; m > widths[i] {
				widths[i], fixed[i], changed = m, true, true
			}
		}
		if !changed {
			break
		}
	}
	x := float32(0)
	for i, o := range objs {
		if i >= n {
			o.Resize(fyne.NewSize(0, 0))
			continue
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(widths[i], size.Height))
		x += widths[i] + pad
	}
}

// MinSize is the tallest object's height; the width may shrink freely since
// cells truncate.
func (c *Columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(len(objs))*20, h)
}
