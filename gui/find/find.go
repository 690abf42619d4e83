// Package find is the one search for everything (Ctrl/Cmd+K): clients and
// their contacts, documents by number, PO number or reference, payments by
// reference — typed in one box, the hits listed as they come, Enter opening
// the one selected where it lives.
package find

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// perKind is how many hits of each kind are listed.
const perKind = 8

// Finder is the search dialog.
type Finder struct {
	book  domain.Book
	nav   kit.Nav
	win   fyne.Window
	entry *widgets.KeyEntry
	list  *widget.List
	note  *widget.Label
	dlg   *dialog.CustomDialog
	load  *kit.Loader
	typed kit.Debouncer
	hits  []domain.Hit
	sel   int
}

// Show opens the search over win, its hits opened through nav.
func Show(book domain.Book, nav kit.Nav, win fyne.Window) *Finder {
	f := &Finder{book: book, nav: nav, win: win, load: kit.NewLoader()}
	f.entry = widgets.NewKeyEntry()
	f.entry.SetPlaceHolder("Find a client, contact, invoice number, PO, reference or payment…")
	f.entry.OnChanged = func(string) { f.typed.Schedule(f.search) }
	f.entry.OnSubmitted = func(string) { f.Open() }
	f.entry.OnKey = f.key
	f.note = widget.NewLabel("Type to search.")
	f.note.Importance = widget.LowImportance
	f.list = widget.NewList(func() int { return len(f.hits) }, func() fyne.CanvasObject {
		title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		title.Truncation = fyne.TextTruncateEllipsis
		detail := widget.NewLabel("")
		detail.Truncation = fyne.TextTruncateEllipsis
		detail.Importance = widget.LowImportance
		return container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), nil, container.NewGridWithRows(2, title, detail))
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		h := f.hits[id]
		c := o.(*fyne.Container)
		rows := c.Objects[0].(*fyne.Container)
		rows.Objects[0].(*widget.Label).SetText(h.Title)
		rows.Objects[1].(*widget.Label).SetText(h.Detail)
		c.Objects[1].(*widget.Icon).SetResource(icon(h.Kind))
	})
	f.list.OnSelected = func(id widget.ListItemID) {
		f.sel = id
		if f.win.Canvas().Focused() != f.entry {
			f.Open() // a click opens; arrows in the box only move
		}
	}
	content := container.NewBorder(container.NewVBox(f.entry, f.note), nil, nil, nil,
		container.NewStack(f.list, f.load.Spinner()))
	f.dlg = dialog.NewCustom("Find", "Close", content, win)
	ws := win.Canvas().Size()
	w, h := float32(720), float32(560)
	if ws.Width-40 < w {
		w = ws.Width - 40
	}
	if ws.Height-40 < h {
		h = ws.Height - 40
	}
	f.dlg.Resize(fyne.NewSize(w, h))
	f.dlg.Show()
	win.Canvas().Focus(f.entry)
	return f
}

func icon(k domain.HitKind) fyne.Resource {
	switch k {
	case domain.HitDocument:
		return theme.FileTextIcon()
	case domain.HitPayment:
		return theme.ConfirmIcon()
	}
	return theme.AccountIcon()
}

// Type puts text in the box as if typed and searches at once.
func (f *Finder) Type(text string) {
	f.entry.SetText(text)
	f.typed.Stop()
	f.search()
}

// Hits are the hits listed.
func (f *Finder) Hits() []domain.Hit { return f.hits }

// Note is the line under the box: what was found, or why nothing.
func (f *Finder) Note() string { return f.note.Text }

func (f *Finder) search() {
	q := f.entry.Text
	kit.Load(f.load, func(ctx context.Context) ([]domain.Hit, error) {
		return domain.FindEverything(ctx, f.book, q, perKind)
	}, func(hits []domain.Hit, err error) {
		if err != nil {
			f.note.SetText(domain.ErrorMessage(err))
			return
		}
		f.hits, f.sel = hits, 0
		f.list.UnselectAll()
		f.list.Refresh()
		switch {
		case len(q) == 0:
			f.note.SetText("Type to search.")
		case len(hits) == 0:
			f.note.SetText("Nothing found for “" + q + "”.")
		default:
			f.note.SetText("Up and Down choose, Enter opens.")
			f.list.Select(0)
		}
	})
}

// key moves the selection with Up and Down while the cursor is in the box.
func (f *Finder) key(k *fyne.KeyEvent) bool {
	sel, ok := widgets.StepSelection(k.Name, f.sel, len(f.hits))
	if ok {
		f.sel = sel
		f.list.Select(f.sel)
	}
	return ok
}

// Open closes the dialog and opens the hit selected where it lives.
func (f *Finder) Open() {
	if f.sel < 0 || f.sel >= len(f.hits) {
		return
	}
	h := f.hits[f.sel]
	f.dlg.Hide()
	switch h.Kind {
	case domain.HitClient:
		f.nav.OpenClient(h.ID, "")
	case domain.HitDocument:
		f.nav.OpenDocument(h.ID)
	case domain.HitPayment:
		f.nav.OpenPayment(h.Payment)
	}
}

// Entry is the search box.
func (f *Finder) Entry() fyne.Focusable { return f.entry }
