// Package look is Clientbook's theme: Fyne's default theme with every colour
// that text is drawn in made readable — at least MinContrast against each
// background that text sits on, in the light and in the dark variant.
//
// Fyne's defaults draw secondary text (column headers, counts, hints: labels
// of low importance use the disabled colour) at 1.3:1 on white and 1.6:1 on
// the dark background, placeholders at 3.5:1, and the accent colours as text
// (errors, warnings, successes, the selected tab) as low as 1.5:1. Here each
// of those is darkened (light) or lightened (dark) just enough, so disabled
// controls still look disabled but their text can be read. The light
// foreground is darker than Fyne's, so that enabled text stays clearly
// stronger than disabled text.
package look

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// MinContrast is the least contrast ratio of any text against its
// background: WCAG 2 level AA for normal-size text.
const MinContrast = 4.5

// lightForeground is the text colour of the light variant (Fyne's is #565656).
var lightForeground = color.NRGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xff}

// readableNames are the colours Fyne and Clientbook draw text in on the
// theme's surfaces: the foreground, disabled text (also labels of low
// importance), placeholders, and the accents used by labels of high, danger,
// warning and success importance, hyperlinks and the selected tab.
var readableNames = []fyne.ThemeColorName{
	theme.ColorNameForeground,
	theme.ColorNameDisabled,
	theme.ColorNamePlaceHolder,
	theme.ColorNamePrimary,
	theme.ColorNameHyperlink,
	theme.ColorNameError,
	theme.ColorNameWarning,
	theme.ColorNameSuccess,
}

// surfaceNames are the opaque backgrounds text is drawn on: windows, table
// headers, entries, dialogs, menus and (disabled) buttons.
var surfaceNames = []fyne.ThemeColorName{
	theme.ColorNameBackground,
	theme.ColorNameHeaderBackground,
	theme.ColorNameInputBackground,
	theme.ColorNameOverlayBackground,
	theme.ColorNameMenuBackground,
	theme.ColorNameButton,
	theme.ColorNameDisabledButton,
}

// tintNames are translucent highlights painted over the background under
// rows of a list, with their text still on them.
var tintNames = []fyne.ThemeColorName{
	theme.ColorNameHover,
	theme.ColorNameSelection,
}

// onAccent pairs each colour drawn on an accent fill (buttons of high,
// danger, warning and success importance, badges, the damage banner) with
// that fill.
var onAccent = map[fyne.ThemeColorName]fyne.ThemeColorName{
	theme.ColorNameForegroundOnPrimary: theme.ColorNamePrimary,
	theme.ColorNameForegroundOnError:   theme.ColorNameError,
	theme.ColorNameForegroundOnWarning: theme.ColorNameWarning,
	theme.ColorNameForegroundOnSuccess: theme.ColorNameSuccess,
}

// Theme returns Clientbook's theme, for a.Settings().SetTheme. It follows
// the user's light or dark preference and primary colour as Fyne's does.
func Theme() fyne.Theme {
	return &readable{Theme: theme.DefaultTheme(), cache: map[cacheKey]color.NRGBA{}}
}

type readable struct {
	fyne.Theme

	mu    sync.Mutex
	cache map[cacheKey]color.NRGBA
}

// cacheKey names one adjusted colour: the default it starts from, the
// selection tint it must also be read on (both follow the primary colour
// preference) and the variant.
type cacheKey struct {
	base, selection color.NRGBA
	variant         fyne.ThemeVariant
}

// Color returns Fyne's colour n, made readable where text is drawn in it.
func (t *readable) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameForeground:
		if v == theme.VariantLight {
			return lightForeground
		}
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder, theme.ColorNamePrimary, theme.ColorNameHyperlink,
		theme.ColorNameError, theme.ColorNameWarning, theme.ColorNameSuccess:
		return t.legible(n, v)
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError,
		theme.ColorNameForegroundOnWarning, theme.ColorNameForegroundOnSuccess:
		// A legible accent contrasts with the lightest (light variant) or
		// darkest (dark variant) surface; text on it takes that surface's colour.
		if v == theme.VariantLight {
			return color.White
		}
		return t.Theme.Color(theme.ColorNameBackground, v)
	}
	return t.Theme.Color(n, v)
}

// legible is Fyne's colour n moved towards black (light variant) or white
// (dark variant) in small steps until it reaches MinContrast against every
// background text in it is drawn on.
func (t *readable) legible(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	key := cacheKey{
		base:      nrgba(t.Theme.Color(n, v)),
		selection: nrgba(t.Theme.Color(theme.ColorNameSelection, v)),
		variant:   v,
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if c, ok := t.cache[key]; ok {
		return c
	}
	var toward color.Color = color.White
	if v == theme.VariantLight {
		toward = color.Black
	}
	grounds := t.backgrounds(v)
	c := key.base
	const steps = 200
	for i := 1; i <= steps && worst(c, grounds) < MinContrast; i++ {
		c = mix(key.base, toward, float64(i)/steps)
	}
	t.cache[key] = c
	return c
}

// backgrounds lists, as opaque colours, every background text is drawn on in
// variant v: the surfaces, and the tints painted over the window background.
func (t *readable) backgrounds(v fyne.ThemeVariant) []color.Color {
	var out []color.Color
	for _, n := range surfaceNames {
		out = append(out, t.Theme.Color(n, v))
	}
	bg := t.Theme.Color(theme.ColorNameBackground, v)
	for _, n := range tintNames {
		out = append(out, over(t.Theme.Color(n, v), bg))
	}
	return out
}

// worst is the lowest contrast of c against any of grounds.
func worst(c color.Color, grounds []color.Color) float64 {
	low := 21.0
	for _, g := range grounds {
		low = min(low, Contrast(c, g))
	}
	return low
}
