package kit

import (
	"context"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/gui/look"
)

// pinned is a theme held to one variant, whatever the settings say.
type pinned struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (p pinned) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return p.Theme.Color(n, p.v)
}

// The text a table's column headers, its rows (plain and dimmed), a count
// label of low importance, a disabled label and an empty entry's
// placeholder are drawn in, as the widgets draw it under Clientbook's
// theme, is at least 4.5:1 (WCAG 2 AA) against the window's background in
// the light and the dark variant. Fyne's default theme is logged beside
// it: its headers and rows are readable, its dimmed rows, low-importance
// labels and disabled text are not (1.28:1 light, 1.55:1 dark), nor its
// light placeholder (3.54:1).
func TestHeadersAndLabelsAreReadable(t *testing.T) {
	a := test.NewTempApp(t)
	t.Cleanup(RunInline())
	for _, vr := range []struct {
		name string
		v    fyne.ThemeVariant
	}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
		for _, th := range []struct {
			name  string
			theme fyne.Theme
			check bool
		}{{"Fyne's default", theme.DefaultTheme(), false}, {"Clientbook", look.Theme(), true}} {
			a.Settings().SetTheme(pinned{th.theme, vr.v})
			dim := func(r row) widget.Importance {
				if r.amount == 0 {
					return widget.LowImportance
				}
				return widget.MediumImportance
			}
			tbl := NewTable("contrast", []Column[row]{
				{Title: "Client", Key: "name", Width: 200, Importance: dim, Text: func(r row) string { return r.name }},
				{Title: "Open", Key: "amount", Width: 100, Align: fyne.TextAlignTrailing, Text: func(r row) string {
					if r.amount == 0 {
						return "settled"
					}
					return "owes"
				}},
			}, InMemory(func(context.Context) ([]row, error) {
				return []row{{"Alpha", 3}, {"Bravo", 0}}, nil
			}, nil))
			count := widget.NewLabel("2 clients")
			count.Importance = widget.LowImportance
			off := widget.NewCheck("Not available", nil)
			off.Disable()
			search := widget.NewEntry()
			search.SetPlaceHolder("Search name")
			w := test.NewTempWindow(t, container.NewBorder(container.NewVBox(search, count, off), nil, nil, nil, tbl.Object()))
			w.Resize(fyne.NewSize(600, 400))
			tbl.Reload()

			drawn := map[string]color.Color{}
			for _, o := range test.LaidOutObjects(w.Content()) {
				if tx, ok := o.(*canvas.Text); ok && tx.Visible() {
					drawn[tx.Text] = tx.Color
				}
			}
			bg := a.Settings().Theme().Color(theme.ColorNameBackground, vr.v)
			for _, c := range []struct{ what, text string }{
				{"column header", "Client"},
				{"column header", "Open"},
				{"row", "Alpha"},
				{"dimmed row", "Bravo"},
				{"low-importance label", "2 clients"},
				{"disabled check", "Not available"},
				{"placeholder", "Search name"},
			} {
				col, ok := drawn[c.text]
				if !ok {
					t.Fatalf("%s %s: %q is not drawn", vr.name, th.name, c.text)
				}
				ratio := look.Contrast(col, bg)
				t.Logf("%-5s %-14s %-20s %-14q %5.2f:1", vr.name, th.name, c.what, c.text, ratio)
				if th.check && ratio < look.MinContrast {
					t.Errorf("%s: the %s %q is drawn at %.2f:1 on the background, want at least %.1f:1",
						vr.name, c.what, c.text, ratio, look.MinContrast)
				}
			}
		}
	}
}
