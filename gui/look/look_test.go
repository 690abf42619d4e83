package look

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

var variants = []struct {
	name string
	v    fyne.ThemeVariant
}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}}

// ground is one background text is drawn on, by name.
type ground struct {
	name string
	c    color.Color
}

// grounds lists every background of th that text sits on in variant v.
func grounds(th fyne.Theme, v fyne.ThemeVariant) []ground {
	var out []ground
	for _, n := range surfaceNames {
		out = append(out, ground{string(n), th.Color(n, v)})
	}
	bg := th.Color(theme.ColorNameBackground, v)
	for _, n := range tintNames {
		out = append(out, ground{string(n) + " over background", over(th.Color(n, v), bg)})
	}
	return out
}

// lowest is the worst contrast of text colour n of th, and where.
func lowest(th fyne.Theme, n fyne.ThemeColorName, v fyne.ThemeVariant) (float64, string) {
	low, where := 21.0, ""
	for _, g := range grounds(th, v) {
		if r := Contrast(th.Color(n, v), g.c); r < low {
			low, where = r, g.name
		}
	}
	return low, where
}

func TestTextIsReadableOnEveryBackground(t *testing.T) {
	test.NewTempApp(t)
	th, def := Theme(), theme.DefaultTheme()
	for _, vr := range variants {
		for _, n := range readableNames {
			got, where := lowest(th, n, vr.v)
			was, _ := lowest(def, n, vr.v)
			t.Logf("%-5s %-11s %s (was %5.2f) → %5.2f, lowest on %s", vr.name, n, hex(th.Color(n, vr.v)), was, got, where)
			if got < MinContrast {
				t.Errorf("%s: %s text %s is %.2f:1 on %s, want at least %.1f:1",
					vr.name, n, hex(th.Color(n, vr.v)), got, where, MinContrast)
			}
		}
		for on, fill := range onAccent {
			got, was := Contrast(th.Color(on, vr.v), th.Color(fill, vr.v)), Contrast(def.Color(on, vr.v), def.Color(fill, vr.v))
			t.Logf("%-5s %s on %s (was %5.2f) → %5.2f", vr.name, on, fill, was, got)
			if got < MinContrast {
				t.Errorf("%s: %s on %s is %.2f:1, want at least %.1f:1", vr.name, on, fill, got, MinContrast)
			}
		}
	}
}

// TestDisabledStillLooksDisabled keeps readable disabled text clearly
// weaker than enabled text, so a disabled control can be told apart.
func TestDisabledStillLooksDisabled(t *testing.T) {
	test.NewTempApp(t)
	th := Theme()
	for _, vr := range variants {
		fg, dis := th.Color(theme.ColorNameForeground, vr.v), th.Color(theme.ColorNameDisabled, vr.v)
		if r := Contrast(fg, dis); r < 2 {
			t.Errorf("%s: foreground %s and disabled %s are only %.2f:1 apart, want at least 2:1", vr.name, hex(fg), hex(dis), r)
		}
	}
}

// withPrimary is Fyne's default theme as if the user had picked primary
// colour name in Fyne's settings.
type withPrimary struct {
	fyne.Theme
	name string
}

func (t withPrimary) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		// Deprecated for apps, but the only public way to the named primaries.
		return theme.PrimaryColorNamed(t.name)
	}
	return t.Theme.Color(n, v)
}

func TestEveryPrimaryColourIsReadable(t *testing.T) {
	test.NewTempApp(t)
	for _, name := range theme.PrimaryColorNames() {
		th := &readable{Theme: withPrimary{theme.DefaultTheme(), name}, cache: map[cacheKey]color.NRGBA{}}
		for _, vr := range variants {
			if got, where := lowest(th, theme.ColorNamePrimary, vr.v); got < MinContrast {
				t.Errorf("%s, %s: primary text is %.2f:1 on %s", name, vr.name, got, where)
			}
			on, fill := th.Color(theme.ColorNameForegroundOnPrimary, vr.v), th.Color(theme.ColorNamePrimary, vr.v)
			if got := Contrast(on, fill); got < MinContrast {
				t.Errorf("%s, %s: text on a primary button is %.2f:1", name, vr.name, got)
			}
		}
	}
}

func TestContrast(t *testing.T) {
	for _, tc := range []struct {
		a, b color.Color
		want float64
	}{
		{color.Black, color.White, 21},
		{color.White, color.White, 1},
		{color.NRGBA{0x76, 0x76, 0x76, 0xff}, color.White, 4.54}, // the well-known lightest AA grey on white
		{color.NRGBA{0xe3, 0xe3, 0xe3, 0xff}, color.White, 1.28}, // Fyne's light disabled colour
	} {
		if got := Contrast(tc.a, tc.b); got < tc.want-0.01 || got > tc.want+0.01 {
			t.Errorf("Contrast(%s, %s) = %.3f, want %.2f", hex(tc.a), hex(tc.b), got, tc.want)
		}
	}
}

func hex(c color.Color) string {
	n := nrgba(c)
	const digits = "0123456789abcdef"
	b := []byte{'#', 0, 0, 0, 0, 0, 0}
	for i, v := range []uint8{n.R, n.G, n.B} {
		b[1+2*i], b[2+2*i] = digits[v>>4], digits[v&15]
	}
	return string(b)
}
