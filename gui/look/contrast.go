package look

import (
	"image/color"
	"math"
)

// Contrast is the WCAG 2 contrast ratio between two opaque colours, from 1
// (the same luminance) to 21 (black on white). Normal-size text needs 4.5.
func Contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is the WCAG relative luminance of c, ignoring its alpha.
func luminance(c color.Color) float64 {
	n := nrgba(c)
	return 0.2126*linear(n.R) + 0.7152*linear(n.G) + 0.0722*linear(n.B)
}

// linear turns one sRGB channel into linear light.
func linear(v uint8) float64 {
	c := float64(v) / 255
	if c <= 0.04045 {
		return c / 12.92
	}
	return math.Pow((c+0.055)/1.055, 2.4)
}

func nrgba(c color.Color) color.NRGBA {
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// over is what a translucent top looks like painted on an opaque bottom, as
// hover and selection tints are painted on a list.
func over(top, bottom color.Color) color.NRGBA {
	t, b := nrgba(top), nrgba(bottom)
	a := float64(t.A) / 255
	ch := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{R: ch(t.R, b.R), G: ch(t.G, b.G), B: ch(t.B, b.B), A: 0xff}
}

// mix moves c a fraction f (0…1) of the way to target.
func mix(c, target color.Color, f float64) color.NRGBA {
	x, y := nrgba(c), nrgba(target)
	ch := func(a, b uint8) uint8 { return uint8(math.Round(float64(a) + (float64(b)-float64(a))*f)) }
	return color.NRGBA{R: ch(x.R, y.R), G: ch(x.G, y.G), B: ch(x.B, y.B), A: 0xff}
}
