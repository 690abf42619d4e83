// Package clients is the Clients screen: a searchable, virtualised list of
// every client beside the selected client's form.
package clients

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/domain/demo"
	"clientbook/gui/widgets"
)

// pageSize is how many rows are read at a time as the list scrolls.
const pageSize = 100

// searchDelay lets a person finish typing before the list is queried.
const searchDelay = 150 * time.Millisecond

// DemoClients is how many clients "Load a demo book" creates.
var DemoClients = 250

var sorts = []struct {
	title string
	sort  domain.ClientSort
	desc  bool
}{
	{"Name A–Z", domain.SortByName, false},
	{"Name Z–A", domain.SortByName, true},
	{"City", domain.SortByCity, false},
	{"Status", domain.SortByStatus, false},
	{"Newest first", domain.SortByCreated, true},
	{"Least recently contacted", domain.SortByLastContact, false},
}

// lastContact shows when a client was last contacted: a date, or "never".
func lastContact(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Local().Format("2006-01-02")
}

var columnWeights = []float32{3.2, 1.1, 1.7, 2.6, 1.5}

// Screen is the Clients screen.
type Screen struct {
	svc  domain.ClientService
	win  fyne.Window
	icon fyne.Resource

	filter domain.ClientFilter
	total  int
	pages  map[int][]domain.ClientRow

	search      *widget.Entry
	status      *widget.Select
	sort        *widget.Select
	count       *widget.Label
	list        *widget.List
	noMatch     *fyne.Container
	noMatchText *widget.Label
	form        *Form
	formPane    *fyne.Container
	detail      *container.AppTabs
	tabShows    []func(c *domain.Client)
	nothing     fyne.CanvasObject
	split       *container.Split
	welcome     fyne.CanvasObject
	root        *fyne.Container

	selected     widget.ListItemID // -1 for none
	newRequested bool              // the person asked for a new client: no welcome page
	reselecting  bool
	timerMu      sync.Mutex
	searchTimer  stopper
	demoProgress *widget.ProgressBarInfinite

	exportBtn *widget.Button
	// Export, when set, offers Export CSV… for the list as filtered.
	export domain.ExportService

	// LoadDemo, when set, is what "Load a demo book" runs instead of making
	// demo clients only; OnDemoLoaded is called after it worked.
	LoadDemo     func(ctx context.Context) error
	OnDemoLoaded func()
}

// NewScreen builds the screen over the service. icon is shown on the welcome page.
func NewScreen(svc domain.ClientService, win fyne.Window, icon fyne.Resource) *Screen {
	s := &Screen{svc: svc, win: win, icon: icon, pages: map[int][]domain.ClientRow{}, selected: -1}
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Search name, contact, email, city…")
	s.search.ActionItem = widget.NewButtonWithIcon("", theme.SearchIcon(), func() { s.Refresh() })
	s.search.OnChanged = func(string) { s.scheduleSearch() }
	s.status = widget.NewSelect(append([]string{"All statuses"}, statusTitles...), func(string) { s.Refresh() })
	s.status.SetSelectedIndex(0)
	var sortTitles []string
	for _, o := range sorts {
		sortTitles = append(sortTitles, o.title)
	}
	s.sort = widget.NewSelect(sortTitles, func(string) { s.Refresh() })
	s.sort.SetSelectedIndex(0)
	s.count = widget.NewLabel("")
	s.count.Importance = widget.LowImportance

	s.list = widget.NewList(
		func() int { return s.total },
		func() fyne.CanvasObject {
			cells := make([]fyne.CanvasObject, len(columnWeights))
			for i := range cells {
				l := widget.NewLabel("")
				l.Truncation = fyne.TextTruncateEllipsis
				cells[i] = l
			}
			return container.New(widgets.NewColumns(columnWeights...), cells...)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			r, ok := s.rowAt(id)
			cells := o.(*fyne.Container).Objects
			if !ok {
				for _, c := range cells {
					c.(*widget.Label).SetText("")
				}
				return
			}
			contact := r.ContactName
			if r.ContactEmail != "" {
				contact += " · " + r.ContactEmail
			}
			city := r.City
			if r.Country != "" && city != "" {
				city += ", " + r.Country
			}
			cells[0].(*widget.Label).SetText(r.Name)
			cells[0].(*widget.Label).TextStyle.Bold = true
			cells[1].(*widget.Label).SetText(r.Status.Title())
			cells[2].(*widget.Label).SetText(city)
			cells[3].(*widget.Label).SetText(contact)
			cells[4].(*widget.Label).SetText(lastContact(r.LastContacted))
		},
	)
	s.list.OnSelected = s.onSelected
	header := container.New(widgets.NewColumns(columnWeights...), headerLabel("Name"), headerLabel("Status"),
		headerLabel("City"), headerLabel("Contact"), headerLabel("Last contact"))

	s.noMatchText = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	s.noMatchText.Wrapping = fyne.TextWrapWord
	s.noMatch = container.NewVBox(layout.NewSpacer(), s.noMatchText,
		container.NewCenter(widget.NewButton("Clear search and filter", s.clearFilter)), layout.NewSpacer())
	s.noMatch.Hide()

	newBtn := widget.NewButtonWithIcon("New client", theme.ContentAddIcon(), s.NewClient)
	newBtn.Importance = widget.HighImportance
	s.exportBtn = widgets.NewExportButton(func() {
		widgets.SaveCSV(s.win, "clients", s.WriteCSV)
	})
	s.exportBtn.Hide()
	filters := container.NewBorder(nil, nil, nil, container.NewHBox(s.status, s.sort), s.search)
	// The header sits at the list's own x so its titles line up with the cells.
	top := container.NewVBox(container.NewPadded(container.NewVBox(filters, container.NewBorder(nil, nil, s.count, container.NewHBox(s.exportBtn, newBtn)))),
		header, widget.NewSeparator())
	left := container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, s.noMatch))

	s.form = NewForm(svc, win)
	s.form.OnSaved = func(c *domain.Client) {
		s.Refresh()
		s.selectID(c.ID)
	}
	s.form.OnDeleted = func(int64) {
		s.newRequested = false
		s.form.Load(nil)
		s.selected = -1
		s.list.UnselectAll()
		s.showForm(false)
		s.Refresh()
	}
	s.nothing = s.nothingSelected()
	s.detail = container.NewAppTabs(container.NewTabItemWithIcon("Details", theme.AccountIcon(), s.form.Object()))
	s.form.OnLoad = func(c *domain.Client) {
		for _, show := range s.tabShows {
			show(c)
		}
	}
	s.formPane = container.NewStack(s.detail, s.nothing)
	s.showForm(false)
	s.split = container.NewHSplit(left, s.formPane)
	s.split.Offset = 0.55
	s.welcome = s.welcomePage()
	s.root = container.NewStack(s.split, s.welcome)
	s.Refresh()
	return s
}

func headerLabel(text string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameCaptionText
	l.Importance = widget.LowImportance
	return l
}

// nothingSelected fills the right-hand pane until a client is opened.
func (s *Screen) nothingSelected() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("No client selected", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	hint := widget.NewLabelWithStyle("Pick a client from the list to see and edit their details,\nor start a new one.",
		fyne.TextAlignCenter, fyne.TextStyle{})
	hint.Importance = widget.LowImportance
	btn := widget.NewButtonWithIcon("New client", theme.ContentAddIcon(), s.NewClient)
	return container.NewCenter(container.NewVBox(title, hint, container.NewCenter(btn)))
}

// showForm shows the client form (on) or the "no client selected" pane.
func (s *Screen) showForm(on bool) {
	if on {
		s.nothing.Hide()
		s.detail.Show()
	} else {
		s.detail.Hide()
		s.detail.SelectIndex(0)
		s.nothing.Show()
	}
}

// FormShown reports whether the client is showing rather than the empty pane.
func (s *Screen) FormShown() bool { return s.detail.Visible() }

// AddClientTab adds a tab beside the client's details; show is called with
// each client the form loads (ID 0 for a new, unsaved client).
func (s *Screen) AddClientTab(title string, icon fyne.Resource, content fyne.CanvasObject, show func(c *domain.Client)) {
	s.detail.Append(container.NewTabItemWithIcon(title, icon, content))
	s.tabShows = append(s.tabShows, show)
	if c := s.form.Client(); c != nil {
		show(c)
	}
}

// SelectClientTab shows the client tab titled title.
func (s *Screen) SelectClientTab(title string) {
	for i, t := range s.detail.Items {
		if t.Text == title {
			s.detail.SelectIndex(i)
		}
	}
}

// Object is the screen's layout.
func (s *Screen) Object() fyne.CanvasObject { return s.root }

// Form is the client form beside the list.
func (s *Screen) Form() *Form { return s.form }

func (s *Screen) welcomePage() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("Welcome to Clientbook", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	text := widget.NewLabelWithStyle("Your clients and their contacts, quotes, invoices and timeline, in one book on this computer. "+
		"Nothing here needs a network.", fyne.TextAlignCenter, fyne.TextStyle{})
	text.Wrapping = fyne.TextWrapWord
	demoBtn := widget.NewButtonWithIcon("Load a demo book", theme.DownloadIcon(), s.loadDemo)
	firstBtn := widget.NewButtonWithIcon("Add your first client", theme.ContentAddIcon(), s.NewClient)
	firstBtn.Importance = widget.HighImportance
	s.demoProgress = widget.NewProgressBarInfinite()
	s.demoProgress.Stop()
	s.demoProgress.Hide()
	var img fyne.CanvasObject = layout.NewSpacer()
	if s.icon != nil {
		i := canvas.NewImageFromResource(s.icon)
		i.FillMode = canvas.ImageFillContain
		i.SetMinSize(fyne.NewSize(96, 96))
		img = i
	}
	hint := widget.NewLabelWithStyle("The demo adds sample clients, a catalog and two years of invoices to explore.", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	hint.Importance = widget.LowImportance
	body := container.NewVBox(img, title, text, container.NewCenter(container.NewHBox(demoBtn, firstBtn)), s.demoProgress, hint)
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(520, body.MinSize().Height), body))
}

// Refresh re-reads the count and the first page for the current filter.
func (s *Screen) Refresh() {
	s.timerMu.Lock()
	if s.searchTimer != nil {
		s.searchTimer.Stop()
	}
	s.timerMu.Unlock()
	if s.status == nil || s.sort == nil || s.list == nil {
		return // still being built
	}
	f := domain.ClientFilter{Search: s.search.Text}
	if i := s.status.SelectedIndex(); i > 0 {
		f.Status = domain.ClientStatuses[i-1]
	}
	if i := s.sort.SelectedIndex(); i >= 0 {
		f.Sort, f.Desc = sorts[i].sort, sorts[i].desc
	}
	n, err := s.svc.CountClients(context.Background(), f)
	if err != nil {
		dialog.ShowError(fmt.Errorf("%s", domain.ErrorMessage(err)), s.win)
		return
	}
	s.filter, s.total, s.pages = f, n, map[int][]domain.ClientRow{}
	s.reselecting = true
	s.list.UnselectAll()
	s.reselecting = false
	s.selected = -1
	s.list.Refresh()
	s.list.ScrollToTop()
	filtered := f.Search != "" || f.Status != ""
	switch {
	case n == 1:
		s.count.SetText("1 client")
	case filtered:
		s.count.SetText(fmt.Sprintf("%s clients match", thousands(n)))
	default:
		s.count.SetText(fmt.Sprintf("%s clients", thousands(n)))
	}
	if n == 0 && filtered {
		what := "the filter"
		if f.Search != "" {
			what = "“" + f.Search + "”"
		}
		s.noMatchText.SetText("No clients match " + what + ".")
		s.noMatch.Show()
	} else {
		s.noMatch.Hide()
	}
	s.showWelcome(n == 0 && !filtered && !s.newRequested)
}

func (s *Screen) showWelcome(on bool) {
	if on {
		s.split.Hide()
		s.welcome.Show()
	} else {
		s.welcome.Hide()
		s.split.Show()
	}
}

// RefreshRows reads the visible rows again (after a change elsewhere, such
// as a new activity) without moving the selection or the scroll position.
func (s *Screen) RefreshRows() {
	s.pages = map[int][]domain.ClientRow{}
	s.list.Refresh()
}

// WelcomeShown reports whether the first-run page is showing.
func (s *Screen) WelcomeShown() bool { return s.welcome.Visible() }

// scheduleSearch refreshes the list once typing pauses for searchDelay.
func (s *Screen) scheduleSearch() {
	s.timerMu.Lock()
	if s.searchTimer != nil {
		s.searchTimer.Stop()
	}
	s.timerMu.Unlock()
	// Not under the lock: Refresh takes it to cancel a pending search.
	t := afterFunc(searchDelay, func() { fyne.Do(s.Refresh) })
	s.timerMu.Lock()
	s.searchTimer = t
	s.timerMu.Unlock()
}

// rowAt returns row i of the current filter, reading its page on first use.
func (s *Screen) rowAt(i int) (domain.ClientRow, bool) {
	p := i / pageSize
	rows, ok := s.pages[p]
	if !ok {
		f := s.filter
		f.Offset, f.Limit = p*pageSize, pageSize
		var err error
		rows, err = s.svc.FindClients(context.Background(), f)
		if err != nil {
			return domain.ClientRow{}, false
		}
		s.pages[p] = rows
	}
	if k := i - p*pageSize; k < len(rows) {
		return rows[k], true
	}
	return domain.ClientRow{}, false
}

func (s *Screen) onSelected(id widget.ListItemID) {
	if s.reselecting || id == s.selected {
		return
	}
	r, ok := s.rowAt(id)
	if !ok {
		return
	}
	open := func() {
		c, err := s.svc.FindClientByID(context.Background(), r.ID)
		if err != nil {
			dialog.ShowError(fmt.Errorf("%s", domain.ErrorMessage(err)), s.win)
			return
		}
		s.selected = id
		s.form.Load(c)
		s.showForm(true)
	}
	if !s.form.Dirty() {
		open()
		return
	}
	// Keep the old row highlighted until the person decides.
	prev := s.selected
	s.reselecting = true
	if prev >= 0 {
		s.list.Select(prev)
	} else {
		s.list.UnselectAll()
	}
	s.reselecting = false
	s.askToSave(func() {
		s.reselecting = true
		s.list.Select(id)
		s.reselecting = false
		open()
	})
}

// askToSave runs next at once when there are no unsaved edits, else asks.
func (s *Screen) askToSave(next func()) {
	if !s.form.Dirty() {
		next()
		return
	}
	widgets.AskSave(s.win, "Unsaved changes", fmt.Sprintf("Save changes to %s?", s.form.DisplayName()), s.form.Save, next)
}

// ConfirmLeave runs next once the form has nothing unsaved, asking first if it has.
func (s *Screen) ConfirmLeave(next func()) { s.askToSave(next) }

// NewClient shows an empty form, asking about unsaved edits first.
func (s *Screen) NewClient() {
	s.askToSave(func() {
		s.reselecting = true
		s.list.UnselectAll()
		s.reselecting = false
		s.selected = -1
		s.newRequested = true
		s.form.Load(nil)
		s.showForm(true)
		s.showWelcome(false)
		s.win.Canvas().Focus(s.form.name)
	})
}

// Open shows the client, asking about unsaved edits first.
func (s *Screen) Open(id int64) {
	s.askToSave(func() {
		c, err := s.svc.FindClientByID(context.Background(), id)
		if err != nil {
			dialog.ShowError(fmt.Errorf("%s", domain.ErrorMessage(err)), s.win)
			return
		}
		s.form.Load(c)
		s.showForm(true)
		s.showWelcome(false)
		s.selectID(id)
	})
}

// FocusSearch puts the cursor in the search box.
func (s *Screen) FocusSearch() {
	if s.welcome.Visible() {
		return
	}
	s.win.Canvas().Focus(s.search)
}

// Cancel abandons the edit: a new client's form closes (back to the list or
// the welcome page), an existing client's fields go back to what is saved.
func (s *Screen) Cancel() {
	if !s.FormShown() {
		return
	}
	if c := s.form.Client(); c == nil || c.ID == 0 {
		s.form.Load(nil)
		s.newRequested = false
		s.showForm(false)
		s.showWelcome(s.total == 0 && s.filter.Search == "" && s.filter.Status == "")
		return
	}
	if s.form.Dirty() {
		s.form.Revert()
	}
}

// SearchEntry is the search box.
func (s *Screen) SearchEntry() *widget.Entry { return s.search }

func (s *Screen) clearFilter() {
	s.search.SetText("")
	s.status.SetSelectedIndex(0)
	s.Refresh()
}

// selectID highlights the client if it is on the first page of the list.
func (s *Screen) selectID(id int64) {
	rows := s.pages[0]
	if rows == nil {
		s.rowAt(0)
		rows = s.pages[0]
	}
	for i, r := range rows {
		if r.ID == id {
			s.reselecting = true
			s.list.Select(i)
			s.list.ScrollTo(i)
			s.reselecting = false
			s.selected = i
			return
		}
	}
}

func (s *Screen) loadDemo() {
	s.demoProgress.Show()
	s.demoProgress.Start()
	background(func() {
		load := s.LoadDemo
		if load == nil {
			load = func(ctx context.Context) error {
				return demo.Generate(ctx, s.svc, demo.Options{Clients: DemoClients, Seed: 1})
			}
		}
		err := load(context.Background())
		fyne.Do(func() {
			s.demoProgress.Stop()
			s.demoProgress.Hide()
			if err != nil {
				dialog.ShowError(fmt.Errorf("%s", domain.ErrorMessage(err)), s.win)
			}
			s.Refresh()
			if err == nil && s.OnDemoLoaded != nil {
				s.OnDemoLoaded()
			}
		})
	})
}

// background runs slow work off the UI goroutine and afterFunc schedules the
// debounced search; tests replace both to run deterministically.
var (
	background = func(work func()) { go work() }
	afterFunc  = func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) }
)

type stopper interface{ Stop() bool }

// thousands writes n with comma separators: 10,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// SetExport offers Export CSV… for the list as it is filtered.
func (s *Screen) SetExport(e domain.ExportService) {
	s.export = e
	s.exportBtn.Show()
}

// WriteCSV writes the list as it is filtered and sorted now, a page at a time.
func (s *Screen) WriteCSV(w io.Writer, format domain.ExportFormat, progress func(rows int) bool) error {
	f := s.filter
	page := func(offset, limit int) ([]domain.ClientRow, error) {
		f.Offset, f.Limit = offset, limit
		return s.svc.FindClients(context.Background(), f)
	}
	cells := func(r domain.ClientRow) []domain.TableCell {
		last := ""
		if !r.LastContacted.IsZero() {
			last = r.LastContacted.Local().Format("2006-01-02")
		}
		return []domain.TableCell{domain.RawCell(strconv.FormatInt(r.ID, 10)), domain.TextCell(r.Name), domain.RawCell(string(r.Status)),
			domain.TextCell(r.Industry), domain.TextCell(r.City), domain.TextCell(r.Country), domain.TextCell(r.ContactName),
			domain.TextCell(r.ContactEmail), domain.RawCell(r.Currency), domain.RawCell(last)}
	}
	return widgets.WriteTable(s.export, w, format, []string{"id", "name", "status", "industry", "city", "country",
		"contact", "email", "currency", "last_contacted"}, widgets.Pages(pageSize, page, cells, progress), progress)
}
