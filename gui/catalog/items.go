package catalog

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// itemColumns are the items list's columns, its CSV's too. Archived items
// are greyed.
func itemColumns() []kit.Column[domain.Item] {
	dim := func(it domain.Item) widget.Importance {
		if it.Archived {
			return widget.LowImportance
		}
		return widget.MediumImportance
	}
	return []kit.Column[domain.Item]{
		{Title: "Code", Key: "code", Width: 100, Sort: "code", Importance: dim, Text: func(it domain.Item) string { return it.Code }},
		{Title: "Name", Key: "name", Width: 200, Stretch: true, Sort: "name", Importance: dim,
			Text: func(it domain.Item) string { return it.Name }},
		{Title: "Unit", Key: "unit", Width: 70, Sort: "unit", Importance: dim, Text: func(it domain.Item) string { return it.Unit }},
		{Title: "Unit price", Key: "unit_price", Width: 100, Align: fyne.TextAlignTrailing, Sort: "price", Importance: dim,
			Text: func(it domain.Item) string { return it.UnitPrice.Format() },
			CSV:  func(it domain.Item) domain.TableCell { return domain.NumberCell(it.UnitPrice.Fixed()) }},
		{Title: "Cur.", Key: "currency", Width: kit.CurrencyWidth, Min: kit.CurrencyWidth, Importance: dim, Text: func(it domain.Item) string { return it.UnitPrice.Currency },
			CSV: func(it domain.Item) domain.TableCell { return domain.RawCell(it.UnitPrice.Currency) }},
		{Title: "Archived", Key: "archived", Width: 72, Min: 40, Importance: dim,
			Text: func(it domain.Item) string { return yesIf(it.Archived, "Archived") },
			CSV:  func(it domain.Item) domain.TableCell { return domain.RawCell(strconv.FormatBool(it.Archived)) }},
	}
}

// yesIf is text when on, blank otherwise.
func yesIf(on bool, text string) string {
	if on {
		return text
	}
	return ""
}

// itemsView is the items list with its search, beside the item form.
type itemsView struct {
	svc    domain.CatalogService
	export domain.ExportService
	win    fyne.Window

	filter kit.Shared[domain.ItemFilter] // what the list shows

	search      *widget.Entry
	archived    *widget.Check
	count       *widget.Label
	table       *kit.Table[domain.Item]
	load        *kit.Loader
	empty       *fyne.Container
	emptyText   *widget.Label
	emptyButton *widget.Button
	form        *itemForm
	edits       *kit.ListForm[domain.Item]
}

func newItemsView(svc domain.CatalogService, win fyne.Window) *itemsView {
	v := &itemsView{svc: svc, win: win, load: kit.NewLoader()}
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder("Search code or name…")
	v.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	v.search.OnChanged = func(string) { v.refresh() }
	v.archived = widget.NewCheck("Show archived", func(bool) { v.refresh() })
	v.count = widget.NewLabel("")
	v.count.Importance = widget.LowImportance

	v.table = kit.NewTable("catalog.items", itemColumns(), kit.Query[domain.Item, domain.ItemFilter]{
		Filter: v.filter.Get, Count: svc.CountItems, Find: svc.FindItems,
		Page: func(f *domain.ItemFilter, o kit.Sort, offset, limit int) {
			f.Sort, f.Desc, f.Offset, f.Limit = o.Key, o.Desc, offset, limit
		},
	}.Source())

	v.emptyText = emptyText()
	v.emptyButton = widget.NewButton("", nil)
	v.empty = container.NewVBox(layout.NewSpacer(), v.emptyText, container.NewCenter(v.emptyButton), layout.NewSpacer())
	v.empty.Hide()

	filters := container.NewBorder(nil, nil, nil, v.archived, v.search)
	export := widgets.NewExportButton(func() { v.table.ExportCSV(v.win, v.export, "catalog") })
	top := container.NewVBox(container.NewPadded(filters), container.NewBorder(nil, nil, nil, export, v.count))
	pane := container.NewBorder(top, nil, nil, nil, container.NewStack(v.table.Object(), v.empty, v.load.Spinner()))

	v.form = newItemForm(svc, win)
	v.edits = kit.NewListForm("catalog.items", win, v.table, v.form, kit.Layout{Offset: 0.48, List: pane})
	v.form.onSaved = func(*domain.Item) { v.refresh() }
	v.form.onNew = v.newItem
	return v
}

// refresh reads the list again, in the background, for the search and the
// archived check, keeping the open item highlighted if it is still listed.
func (v *itemsView) refresh() {
	if v.table == nil || v.archived == nil {
		return // still being built
	}
	f := domain.ItemFilter{Search: strings.TrimSpace(v.search.Text), IncludeArchived: v.archived.Checked}
	v.filter.Set(f)
	v.edits.Reload(func(n int) {
		v.showCount(n, f)
		v.showEmpty(n, f)
	})
}

func (v *itemsView) showCount(n int, f domain.ItemFilter) {
	switch {
	case n == 0:
		v.count.SetText("") // the empty state says it
	case n == 1:
		v.count.SetText("1 item")
	case f.Search != "":
		v.count.SetText(fmt.Sprintf("%d items match", n))
	default:
		v.count.SetText(fmt.Sprintf("%d items", n))
	}
}

// showEmpty explains an empty list and offers the way out of it.
func (v *itemsView) showEmpty(n int, f domain.ItemFilter) {
	if n > 0 {
		v.empty.Hide()
		return
	}
	say := func(text, button string, tapped func()) {
		v.emptyText.SetText(text)
		v.emptyButton.SetText(button)
		v.emptyButton.OnTapped = tapped
		v.empty.Show()
	}
	if f.Search != "" {
		say("No items match “"+f.Search+"”.", "Clear search", func() { v.search.SetText("") })
		return
	}
	if f.IncludeArchived {
		say("No items yet — add the products and services you sell.", "Add an item", v.newItem)
		return
	}
	kit.Load(v.load, v.anyArchived, func(archived bool, err error) {
		if err == nil && archived {
			say("Every item is archived.", "Show archived items", func() { v.archived.SetChecked(true) })
		} else {
			say("No items yet — add the products and services you sell.", "Add an item", v.newItem)
		}
	})
}

// anyArchived reports whether the book has items at all, archived ones
// included.
func (v *itemsView) anyArchived(ctx context.Context) (bool, error) {
	n, err := v.svc.CountItems(ctx, domain.ItemFilter{IncludeArchived: true})
	return n > 0, err
}

// newItem shows an empty item form, asking about unsaved edits first.
func (v *itemsView) newItem() {
	v.edits.Switch(func() {
		v.form.Load(nil)
		v.win.Canvas().Focus(v.form.code)
	})
}
