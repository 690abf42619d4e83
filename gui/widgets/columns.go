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
func (c *Columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	total := float32(0)
	for _, w := range c.Weights {
		total += w
	}
	avail := size.Width - pad*float32(len(objs)-1)
	x := float32(0)
	for i, o := range objs {
		if i >= len(c.Weights) {
			o.Resize(fyne.NewSize(0, 0))
			continue
		}
		w := avail * c.Weights[i] / total
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
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
