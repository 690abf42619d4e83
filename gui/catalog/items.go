package catalog

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

// pageSize is how many items are read at a time as the list scrolls.
var pageSize = 50

// itemWeights are the widths of the code, name, unit and price columns.
var itemWeights = []float32{1.3, 3, 1.1, 1.8}

// itemsView is the items list with its search, beside the item form.
type itemsView struct {
	svc    domain.CatalogService
	export domain.ExportService
	win    fyne.Window

	filter      domain.ItemFilter
	rows        []domain.Item // the pages read so far
	more        bool          // another page may follow the rows
	loadingMore bool

	search      *widget.Entry
	archived    *widget.Check
	count       *widget.Label
	list        *widget.List
	empty       *fyne.Container
	emptyText   *widget.Label
	emptyButton *widget.Button
	pane        fyne.CanvasObject
	form        *itemForm

	selected    widget.ListItemID // -1 for none
	reselecting bool
}

func newItemsView(svc domain.CatalogService, win fyne.Window) *itemsView {
	v := &itemsView{svc: svc, win: win, selected: -1}
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder("Search code or name…")
	v.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	v.search.OnChanged = func(string) { v.refresh() }
	v.archived = widget.NewCheck("Show archived", func(bool) { v.refresh() })
	v.count = widget.NewLabel("")
	v.count.Importance = widget.LowImportance

	v.list = widget.NewList(
		func() int {
			if v.more {
				return len(v.rows) + 1
			}
			return len(v.rows)
		},
		func() fyne.CanvasObject {
			return container.New(widgets.NewColumns(itemWeights...), cellLabel(fyne.TextAlignLeading),
				cellLabel(fyne.TextAlignLeading), cellLabel(fyne.TextAlignLeading), cellLabel(fyne.TextAlignTrailing))
		},
		v.updateRow,
	)
	v.list.OnSelected = v.onSelected
	header := container.New(widgets.NewColumns(itemWeights...), headerLabel("Code", fyne.TextAlignLeading),
		headerLabel("Name", fyne.TextAlignLeading), headerLabel("Unit", fyne.TextAlignLeading),
		headerLabel("Unit price", fyne.TextAlignTrailing))

	v.emptyText = emptyText()
	v.emptyButton = widget.NewButton("", nil)
	v.empty = container.NewVBox(layout.NewSpacer(), v.emptyText, container.NewCenter(v.emptyButton), layout.NewSpacer())
	v.empty.Hide()

	filters := container.NewBorder(nil, nil, nil, v.archived, v.search)
	// The header sits at the list's own x so its titles line up with the cells.
	export := widgets.NewExportButton(func() { widgets.SaveCSV(v.win, "catalog", v.WriteCSV) })
	top := container.NewVBox(container.NewPadded(filters), container.NewBorder(nil, nil, nil, export, v.count), header, widget.NewSeparator())
	v.pane = container.NewBorder(top, nil, nil, nil, container.NewStack(v.list, v.empty))

	v.form = newItemForm(svc, win)
	v.form.onSaved = func(*domain.Item) { v.refresh() }
	v.form.onNew = v.newItem
	return v
}

func (v *itemsView) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	cells := o.(*fyne.Container).Objects
	text := func(i int, s string, importance widget.Importance) {
		l := cells[i].(*widget.Label)
		l.Importance = importance
		l.SetText(s)
	}
	if id >= len(v.rows) {
		text(0, "Loading more…", widget.LowImportance)
		for i := 1; i < len(cells); i++ {
			text(i, "", widget.MediumImportance)
		}
		if v.more && !v.loadingMore {
			v.loadingMore = true
			later(v.loadMore)
		}
		return
	}
	it := v.rows[id]
	imp := widget.MediumImportance
	name := it.Name
	if it.Archived {
		imp = widget.LowImportance
		name += " (archived)"
	}
	text(0, it.Code, imp)
	text(1, name, imp)
	text(2, it.Unit, imp)
	text(3, it.UnitPrice.String(), imp)
}

// refresh re-reads the first page for the search and the archived check.
func (v *itemsView) refresh() {
	if v.list == nil || v.archived == nil {
		return // still being built
	}
	f := domain.ItemFilter{Search: strings.TrimSpace(v.search.Text), IncludeArchived: v.archived.Checked, Limit: pageSize}
	rows, err := v.svc.FindItems(context.Background(), f)
	if err != nil {
		showError(err, v.win)
		return
	}
	v.filter, v.rows, v.more, v.loadingMore = f, rows, len(rows) == pageSize, false
	v.reselecting = true
	v.list.UnselectAll()
	v.reselecting = false
	v.selected = -1
	v.list.Refresh()
	v.list.ScrollToTop()
	v.showCount()
	v.showEmpty()
	if id := v.form.original.ID; id != 0 {
		v.selectID(id) // keep the open item highlighted if it is still listed
	}
}

// loadMore appends the next page once the list has scrolled to its end.
func (v *itemsView) loadMore() {
	if !v.more {
		v.loadingMore = false
		return
	}
	f := v.filter
	f.Offset = len(v.rows)
	rows, err := v.svc.FindItems(context.Background(), f)
	v.loadingMore = false
	if err != nil {
		v.more = false
		showError(err, v.win)
		return
	}
	v.rows = append(v.rows, rows...)
	v.more = len(rows) == pageSize
	v.list.Refresh()
	v.showCount()
}

func (v *itemsView) showCount() {
	n := len(v.rows)
	switch {
	case n == 0:
		v.count.SetText("") // the empty state says it
	case v.more:
		v.count.SetText(fmt.Sprintf("%d+ items", n))
	case n == 1:
		v.count.SetText("1 item")
	case v.filter.Search != "":
		v.count.SetText(fmt.Sprintf("%d items match", n))
	default:
		v.count.SetText(fmt.Sprintf("%d items", n))
	}
}

// showEmpty explains an empty list and offers the way out of it.
func (v *itemsView) showEmpty() {
	if len(v.rows) > 0 {
		v.empty.Hide()
		return
	}
	switch {
	case v.filter.Search != "":
		v.emptyText.SetText("No items match “" + v.filter.Search + "”.")
		v.emptyButton.SetText("Clear search")
		v.emptyButton.OnTapped = func() { v.search.SetText("") }
	case !v.filter.IncludeArchived && v.anyArchived():
		v.emptyText.SetText("Every item is archived.")
		v.emptyButton.SetText("Show archived items")
		v.emptyButton.OnTapped = func() { v.archived.SetChecked(true) }
	default:
		v.emptyText.SetText("No items yet — add the products and services you sell.")
		v.emptyButton.SetText("Add an item")
		v.emptyButton.OnTapped = v.newItem
	}
	v.empty.Show()
}

func (v *itemsView) anyArchived() bool {
	rows, err := v.svc.FindItems(context.Background(), domain.ItemFilter{IncludeArchived: true, Limit: 1})
	return err == nil && len(rows) > 0
}

func (v *itemsView) onSelected(id widget.ListItemID) {
	if v.reselecting || id == v.selected {
		return
	}
	if id >= len(v.rows) {
		v.keepSelection()
		return
	}
	it := v.rows[id]
	// Saving the edits first re-reads the list, so the item is found again
	// by ID rather than by its old row.
	open := func() {
		v.form.Load(&it)
		v.selectID(it.ID)
	}
	if !v.form.Dirty() {
		open()
		return
	}
	// Keep the old row highlighted until the person decides.
	v.keepSelection()
	v.askToSave(func() {}, open)
}

// keepSelection puts the highlight back on the row the form shows.
func (v *itemsView) keepSelection() {
	v.reselecting = true
	if v.selected >= 0 {
		v.list.Select(v.selected)
	} else {
		v.list.UnselectAll()
	}
	v.reselecting = false
}

// askToSave runs next at once when the form has no unsaved edits, else
// calls reveal (to bring the form into view) and asks.
func (v *itemsView) askToSave(reveal, next func()) {
	if !v.form.Dirty() {
		next()
		return
	}
	reveal()
	widgets.AskSave(v.win, "Unsaved changes", fmt.Sprintf("Save changes to %s?", v.form.DisplayName()), v.form.Save, next)
}

func (v *itemsView) newItem() {
	v.askToSave(func() {}, func() {
		v.selected = -1
		v.keepSelection()
		v.form.Load(nil)
		v.win.Canvas().Focus(v.form.code)
	})
}

// selectID highlights the item if it is among the rows read so far.
func (v *itemsView) selectID(id int64) {
	for i, it := range v.rows {
		if it.ID == id {
			v.reselecting = true
			v.list.Select(i)
			v.list.ScrollTo(i)
			v.reselecting = false
			v.selected = i
			return
		}
	}
}

// WriteCSV writes the items the search and the archived check list, a page
// at a time.
func (v *itemsView) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	filter := v.filter
	page := func(offset, limit int) ([]domain.Item, error) {
		filter.Offset, filter.Limit = offset, limit
		return v.svc.FindItems(context.Background(), filter)
	}
	row := func(it domain.Item) []domain.TableCell {
		return []domain.TableCell{domain.TextCell(it.Code), domain.TextCell(it.Name), domain.TextCell(it.Unit),
			domain.NumberCell(it.UnitPrice.Fixed()), domain.RawCell(it.UnitPrice.Currency), domain.RawCell(strconv.FormatBool(it.Archived))}
	}
	return widgets.WriteTable(v.export, w, f, []string{"code", "name", "unit", "unit_price", "currency", "archived"},
		widgets.Pages(pageSize, page, row, progress), progress)
}
