package invoices

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

// newLineEntry is a line's text cell for the keyboard: Tab into it selects
// its text, so typing replaces it, and the line sees keys first.
func newLineEntry() *widgets.KeyEntry {
	e := widgets.NewKeyEntry()
	e.SelectOnFocus = true
	return e
}

// maxSuggestions is how many catalog items the description offers at once.
const maxSuggestions = 6

// matchItems ranks the catalog items for what is typed in a description:
// the code first (exact, then its start), then the name's start, then a
// word of the name, then anywhere in code, name or description; ties by
// name. Nothing typed offers nothing.
func matchItems(items []domain.Item, typed string) []domain.Item {
	q := fold(typed)
	if q == "" {
		return nil
	}
	type hit struct {
		it   domain.Item
		rank int
	}
	var hits []hit
	for _, it := range items {
		code, name := fold(it.Code), fold(it.Name)
		rank := -1
		switch {
		case code == q:
			rank = 0
		case strings.HasPrefix(code, q):
			rank = 1
		case strings.HasPrefix(name, q):
			rank = 2
		case strings.Contains(" "+name, " "+q):
			rank = 3
		case strings.Contains(code, q) || strings.Contains(name, q) || strings.Contains(fold(it.Description), q):
			rank = 4
		}
		if rank >= 0 {
			hits = append(hits, hit{it, rank})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].rank != hits[j].rank {
			return hits[i].rank < hits[j].rank
		}
		return hits[i].it.Name < hits[j].it.Name
	})
	if len(hits) > maxSuggestions {
		hits = hits[:maxSuggestions]
	}
	out := make([]domain.Item, len(hits))
	for i, h := range hits {
		out[i] = h.it
	}
	return out
}

// fold is s for matching: trimmed, lower case, accents off.
func fold(s string) string { return domain.FoldSearch(strings.TrimSpace(s)) }

// suggestion is one catalog item offered under a description: its code,
// name and price, tapped to fill the line.
type suggestion struct {
	widget.BaseWidget
	bg                *canvas.Rectangle
	code, name, price *widget.Label
	tapped            func()
}

func newSuggestion(tapped func()) *suggestion {
	s := &suggestion{bg: canvas.NewRectangle(theme.Color(theme.ColorNameSelection)), tapped: tapped,
		code: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		name: widget.NewLabel(""), price: widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{})}
	s.name.Truncation = fyne.TextTruncateEllipsis
	s.bg.Hide()
	s.ExtendBaseWidget(s)
	return s
}

func (s *suggestion) set(it domain.Item, selected bool) {
	s.code.SetText(it.Code)
	s.name.SetText(it.Name)
	s.price.SetText(it.UnitPrice.String())
	s.bg.FillColor = theme.Color(theme.ColorNameSelection)
	if selected {
		s.bg.Show()
	} else {
		s.bg.Hide()
	}
	s.bg.Refresh()
}

// MouseDown picks the item as the button goes down: the window takes the
// focus from the description right after, which hides the list before a tap
// could arrive.
func (s *suggestion) MouseDown(*desktop.MouseEvent) { s.tapped() }

func (s *suggestion) MouseUp(*desktop.MouseEvent) {}

func (s *suggestion) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (s *suggestion) CreateRenderer() fyne.WidgetRenderer {
	row := container.NewBorder(nil, nil, s.code, s.price, s.name)
	return widget.NewSimpleRenderer(container.NewStack(s.bg, row))
}

// suggestions is the list under a line's description while it is typed.
type suggestions struct {
	box   *fyne.Container
	rows  []*suggestion
	items []domain.Item
	sel   int
	pick  func(it domain.Item, byMouse bool)
}

func newSuggestions(pick func(it domain.Item, byMouse bool)) *suggestions {
	s := &suggestions{pick: pick}
	s.box = container.NewVBox()
	for i := 0; i < maxSuggestions; i++ {
		i := i
		r := newSuggestion(func() {
			if i < len(s.items) {
				s.pick(s.items[i], true)
			}
		})
		s.rows = append(s.rows, r)
		s.box.Add(r)
	}
	s.box.Hide()
	return s
}

// show offers items, the first selected; none hides the list.
func (s *suggestions) show(items []domain.Item) {
	s.items, s.sel = items, 0
	if len(items) == 0 {
		s.hide()
		return
	}
	s.draw()
	s.box.Show()
}

func (s *suggestions) draw() {
	for i, r := range s.rows {
		if i < len(s.items) {
			r.set(s.items[i], i == s.sel)
			r.Show()
		} else {
			r.Hide()
		}
	}
	s.box.Refresh()
}

func (s *suggestions) hide() {
	s.items = nil
	s.box.Hide()
}

func (s *suggestions) shown() bool { return s.box.Visible() && len(s.items) > 0 }

// key moves the selection (Up, Down), picks it (Enter) or closes the list
// (Escape); it reports whether it used the key.
func (s *suggestions) key(k *fyne.KeyEvent) bool {
	if !s.shown() {
		return false
	}
	if sel, ok := widgets.StepSelection(k.Name, s.sel, len(s.items)); ok {
		s.sel = sel
		s.draw()
		return true
	}
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		s.pick(s.items[s.sel], false)
		return true
	case fyne.KeyEscape:
		s.hide()
		return true
	}
	return false
}

// hint is the line under the lines that says how to write them by keyboard.
func keysHint() fyne.CanvasObject {
	l := widget.NewLabel("Type a code or name to pick from the catalog (Up, Down, Enter), or any description. " +
		"Tab moves along the line, Enter on Disc % starts a new line, Ctrl+Enter issues.")
	l.Importance = widget.LowImportance
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	return container.NewBorder(nil, nil, nil, layout.NewSpacer(), l)
}
