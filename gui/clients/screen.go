// Package clients is the Clients screen: a searchable, virtualised list of
// every client beside the selected client's form.
package clients

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/domain/demo"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// DemoClients is how many clients "Load a demo book" creates, and
// DemoInvoices how many invoices, quotes and credit notes go with them
// (over a whole book: the Clients tab built by Tab).
var (
	DemoClients  = 250
	DemoInvoices = 600
)

// sorts are the orders the sort menu offers: every order a column header
// gives, and the menu and the headers stay in step.
var sorts = []struct {
	title string
	sort  kit.Sort
}{
	{"Name A–Z", kit.Sort{Key: string(domain.SortByName)}},
	{"Name Z–A", kit.Sort{Key: string(domain.SortByName), Desc: true}},
	{"City A–Z", kit.Sort{Key: string(domain.SortByCity)}},
	{"City Z–A", kit.Sort{Key: string(domain.SortByCity), Desc: true}},
	{"Status", kit.Sort{Key: string(domain.SortByStatus)}},
	{"Status, reversed", kit.Sort{Key: string(domain.SortByStatus), Desc: true}},
	{"Newest first", kit.Sort{Key: string(domain.SortByCreated), Desc: true}},
	{"Oldest first", kit.Sort{Key: string(domain.SortByCreated)}},
	{"Least recently contacted", kit.Sort{Key: string(domain.SortByLastContact)}},
	{"Most recently contacted", kit.Sort{Key: string(domain.SortByLastContact), Desc: true}},
}

// lastContact shows when a client was last contacted: a date, or "never".
func lastContact(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Local().Format("2006-01-02")
}

// columns are the client list's columns, which are also the columns of its
// CSV export.
var columns = []kit.Column[domain.ClientRow]{
	{Title: "#", Key: "id", Width: 52, Min: 40, Align: fyne.TextAlignTrailing, Sort: string(domain.SortByCreated),
		Text: func(r domain.ClientRow) string { return strconv.FormatInt(r.ID, 10) },
		CSV:  func(r domain.ClientRow) domain.TableCell { return domain.RawCell(strconv.FormatInt(r.ID, 10)) }},
	{Title: "Name", Key: "name", Width: 240, Min: 140, Bold: true, Stretch: true, Sort: string(domain.SortByName),
		Text: func(r domain.ClientRow) string { return r.Name }},
	{Title: "Status", Key: "status", Width: 84, Min: 64, Sort: string(domain.SortByStatus),
		Text: func(r domain.ClientRow) string { return r.Status.Title() },
		CSV:  func(r domain.ClientRow) domain.TableCell { return domain.RawCell(string(r.Status)) }},
	{Title: "Last contact", Key: "last_contacted", Width: 110, Min: 88, Sort: string(domain.SortByLastContact),
		Text: func(r domain.ClientRow) string { return lastContact(r.LastContacted) },
		CSV: func(r domain.ClientRow) domain.TableCell {
			if r.LastContacted.IsZero() {
				return domain.RawCell("")
			}
			return domain.RawCell(r.LastContacted.Local().Format("2006-01-02"))
		}},
	{Title: "Industry", Key: "industry", Width: 120, Text: func(r domain.ClientRow) string { return r.Industry }},
	{Title: "City", Key: "city", Width: 120, Sort: string(domain.SortByCity), Text: func(r domain.ClientRow) string { return r.City }},
	{Title: "Country", Key: "country", Width: 120, Text: func(r domain.ClientRow) string { return r.Country }},
	{Title: "Contact", Key: "contact", Width: 150, Text: func(r domain.ClientRow) string { return r.ContactName }},
	{Title: "Email", Key: "email", Width: 210, Text: func(r domain.ClientRow) string { return r.ContactEmail }},
	{Title: "Cur.", Key: "currency", Width: 56, Min: 46, Text: func(r domain.ClientRow) string { return r.Currency },
		CSV: func(r domain.ClientRow) domain.TableCell { return domain.RawCell(r.Currency) }},
}

// Screen is the Clients screen.
type Screen struct {
	svc  domain.ClientService
	win  fyne.Window
	icon fyne.Resource

	filter domain.ClientFilter // search and status as last applied
	total  int

	// The Source reads the filter and notices a new sort off the UI
	// goroutine; mu guards what it reads.
	mu        sync.Mutex
	query     domain.ClientFilter
	shownSort kit.Sort

	search      *widget.Entry
	status      *widget.Select
	sort        *widget.Select
	syncingSort bool
	count       *widget.Label
	table       *kit.Table[domain.ClientRow]
	noMatch     *fyne.Container
	noMatchText *widget.Label
	form        *Form
	formPane    *fyne.Container
	detail      *container.AppTabs
	tabShows    []func(c *domain.Client)
	nothing     fyne.CanvasObject
	lists       *kit.ListForm[domain.ClientRow]
	opening     *kit.Loader                   // reads the client a row or Open asks for
	showing     *kit.Loader                   // looks up the client --show names
	actions     map[string]func(string) error // the client tabs' --show actions by title
	welcome     fyne.CanvasObject
	root        *fyne.Container

	newRequested bool // the person asked for a new client: no welcome page
	typing       kit.Debouncer
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
	s := &Screen{svc: svc, win: win, icon: icon, shownSort: sorts[0].sort, opening: kit.NewLoader(), showing: kit.NewLoader()}
	s.search = widget.NewEntry()
	// Short enough to read beside the filters at 1024 points; what it
	// searches is said when nothing matches.
	s.search.SetPlaceHolder("Search clients…")
	s.search.ActionItem = widget.NewButtonWithIcon("", theme.SearchIcon(), func() { s.Refresh() })
	s.search.OnChanged = func(string) { s.typing.Schedule(s.Refresh) }
	s.status = widget.NewSelect(append([]string{"All statuses"}, statusTitles...), func(string) { s.Refresh() })
	s.status.SetSelectedIndex(0)
	var sortTitles []string
	for _, o := range sorts {
		sortTitles = append(sortTitles, o.title)
	}
	s.sort = widget.NewSelect(sortTitles, func(string) {
		if i := s.sort.SelectedIndex(); i >= 0 && !s.syncingSort {
			s.table.SetSort(sorts[i].sort)
		}
	})
	s.count = widget.NewLabel("")
	s.count.Importance = widget.LowImportance

	s.table = kit.NewTable("clients", columns, s.source())
	s.table.SetSort(sorts[0].sort)
	s.syncSort()

	s.noMatchText = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	s.noMatchText.Wrapping = fyne.TextWrapWord
	s.noMatch = container.NewVBox(layout.NewSpacer(), s.noMatchText,
		container.NewCenter(widget.NewButton("Clear search and filter", s.clearFilter)), layout.NewSpacer())
	s.noMatch.Hide()

	newBtn := widget.NewButtonWithIcon("New client", theme.ContentAddIcon(), s.NewClient)
	newBtn.Importance = widget.HighImportance
	s.exportBtn = widgets.NewExportButton(func() { s.table.ExportCSV(s.win, s.export, "clients") })
	s.exportBtn.Hide()
	filters := container.NewBorder(nil, nil, nil, container.NewHBox(s.status, s.sort), s.search)
	top := container.NewPadded(container.NewVBox(filters, container.NewBorder(nil, nil, s.count, container.NewHBox(s.exportBtn, newBtn))))
	left := container.NewBorder(top, nil, nil, nil, container.NewStack(s.table.Object(), s.noMatch, s.opening.Spinner()))

	s.form = NewForm(svc, win)
	s.form.OnSaved = func(*domain.Client) { s.reloadRows() }
	s.form.OnDeleted = func(int64) {
		s.newRequested = false
		s.form.Load(nil)
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
	s.lists = kit.NewListForm[domain.ClientRow]("clients", win, s.table, (*clientPane)(s),
		kit.Layout{Arrange: kit.Beside, Offset: 0.66, List: left, Form: s.formPane})
	s.welcome = s.welcomePage()
	s.root = container.NewStack(s.lists.Object(), s.welcome)
	s.Refresh()
	return s
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

// AddClientTabs adds the tabs beside the client's details, in order, each
// guarded when it holds unsaved edits of its own.
func (s *Screen) AddClientTabs(tabs ...kit.ClientTab) {
	for _, t := range tabs {
		s.AddClientTab(t.Title, t.Icon, t.Content, t.Show)
		if t.Guard != nil {
			s.Guard(t.Guard)
		}
		if t.Action != nil {
			if s.actions == nil {
				s.actions = map[string]func(string) error{}
			}
			s.actions[t.Title] = t.Action
		}
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

// Tab is Clients in the window's tab list. Esc is the screen's Cancel,
// which also closes a new client's form.
func (s *Screen) Tab() kit.Tab {
	t := s.lists.Tab(kit.Tab{Title: "Clients", Icon: theme.AccountIcon(), Content: s.Object(),
		NewLabel: "New client", New: s.NewClient, Find: s.FocusSearch, Reload: s.Refresh,
		Routes: kit.Routes{OpenClient: s.openOn}, Show: s.show, Close: s.showing.Drop, Screen: s})
	t.Cancel = s.Cancel
	return t
}

// Tab is Clients built over base with the client tabs beside the details
// (after Details, in order), watching the book: the one line the window's
// tab list has for it. Its "Load a demo book" fills the whole book and then
// has base reload every tab.
func Tab(base kit.Base, clientTabs ...kit.ClientTab) kit.Tab {
	b := base.Book
	s := NewScreen(b.Clients(), base.Win, base.Icon)
	s.SetExport(b.Export())
	s.LoadDemo = func(ctx context.Context) error {
		return demo.Fill(ctx, b, demo.Options{Clients: DemoClients, Invoices: DemoInvoices, Seed: 1})
	}
	s.OnDemoLoaded = base.Reload
	s.form.Documents = b.Documents()
	s.form.Nav = base.Nav
	s.form.Watch(b)
	s.Watch(b)
	s.AddClientTabs(clientTabs...)
	return s.Tab()
}

// openOn opens client id on its tab titled tab ("" for the one shown).
func (s *Screen) openOn(id int64, tab string) {
	s.Open(id)
	if tab != "" {
		s.SelectClientTab(tab)
	}
}

// show is --show clients/NAME[/TAB[/ACTION]]: the first client NAME finds,
// looked up off the UI goroutine, on its tab titled TAB ("Account",
// "Timeline"…), where ACTION is handed to the tab ("Account/report" opens
// the account report form).
func (s *Screen) show(arg string, done func(error)) error {
	if arg == "" {
		done(nil)
		return nil
	}
	name, tab, _ := strings.Cut(arg, "/")
	tab, action, _ := strings.Cut(tab, "/")
	if tab != "" && !s.hasClientTab(tab) {
		var titles []string
		for _, t := range s.detail.Items {
			titles = append(titles, t.Text)
		}
		return fmt.Errorf("a client has no tab %q: use %s", tab, strings.Join(titles, ", "))
	}
	act := s.actions[tab]
	if action != "" && act == nil {
		return fmt.Errorf("the client's %s tab does nothing named %q", firstOr(tab, "Details"), action)
	}
	svc := s.svc
	kit.Load(s.showing, func(ctx context.Context) ([]domain.ClientRow, error) {
		return svc.FindClients(ctx, domain.ClientFilter{Search: name, Limit: 20})
	}, func(rows []domain.ClientRow, err error) {
		if err != nil || len(rows) == 0 {
			done(fmt.Errorf("no client matches %q", name))
			return
		}
		s.OpenThen(rows[0].ID, func() {
			if tab != "" {
				s.SelectClientTab(tab)
			}
			if action != "" {
				done(act(action))
				return
			}
			done(nil)
		})
	})
	return nil
}

// hasClientTab reports whether a tab beside the client's details is titled title.
func (s *Screen) hasClientTab(title string) bool {
	for _, t := range s.detail.Items {
		if t.Text == title {
			return true
		}
	}
	return false
}

func firstOr(s, or string) string {
	if s != "" {
		return s
	}
	return or
}

// Lists is the list beside the client's tabs.
func (s *Screen) Lists() *kit.ListForm[domain.ClientRow] { return s.lists }

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

// source reads the list a page at a time in the order of the table's sort,
// with the search and status last applied.
func (s *Screen) source() kit.Source[domain.ClientRow] {
	filter := func(so kit.Sort) domain.ClientFilter {
		s.mu.Lock()
		defer s.mu.Unlock()
		f := s.query
		f.Sort, f.Desc = domain.ClientSort(so.Key), so.Desc
		return f
	}
	return kit.Source[domain.ClientRow]{
		Count: func(ctx context.Context, so kit.Sort) (int, error) {
			s.mu.Lock()
			resorted := so != s.shownSort
			s.shownSort = so
			s.mu.Unlock()
			if resorted {
				// A header click or the sort menu: put the menu in step and
				// read again so the open client's row stays highlighted.
				fyne.Do(func() { s.syncSort(); s.reloadRows() })
			}
			return s.svc.CountClients(ctx, filter(so))
		},
		Page: func(ctx context.Context, so kit.Sort, offset, limit int) ([]domain.ClientRow, error) {
			f := filter(so)
			f.Offset, f.Limit = offset, limit
			return s.svc.FindClients(ctx, f)
		},
		After: func(ctx context.Context, so kit.Sort, r domain.ClientRow, offset, limit int) ([]domain.ClientRow, error) {
			f := filter(so)
			f.After, f.Offset, f.Limit = r.ID, offset, limit
			return s.svc.FindClients(ctx, f)
		},
	}
}

// syncSort shows the table's order in the sort menu.
func (s *Screen) syncSort() {
	for i, o := range sorts {
		if o.sort == s.table.Sort() && s.sort.SelectedIndex() != i {
			s.syncingSort = true
			s.sort.SetSelectedIndex(i)
			s.syncingSort = false
		}
	}
}

// Refresh applies the search and status filter and reads the list again
// from the top.
func (s *Screen) Refresh() {
	s.typing.Stop()
	if s.status == nil || s.table == nil {
		return // still being built
	}
	f := domain.ClientFilter{Search: s.search.Text}
	if i := s.status.SelectedIndex(); i > 0 {
		f.Status = domain.ClientStatuses[i-1]
	}
	s.mu.Lock()
	s.query = f
	s.mu.Unlock()
	s.table.ReloadThen(func(n int) {
		s.table.List().ScrollToTop()
		s.shown(f, n)
	})
}

// reloadRows reads the list again with the same filter, keeping the scroll
// position: after a change to what it shows.
func (s *Screen) reloadRows() {
	s.mu.Lock()
	f := s.query
	s.mu.Unlock()
	s.table.ReloadThen(func(n int) { s.shown(f, n) })
}

// shown updates what goes with the list once n clients match f: the count,
// the no-match message or the welcome page, and the open client's row.
func (s *Screen) shown(f domain.ClientFilter, n int) {
	s.filter, s.total = f, n
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
			what = "“" + f.Search + "” in their name, contacts, email or city"
		}
		s.noMatchText.SetText("No clients match " + what + ".")
		s.noMatch.Show()
	} else {
		s.noMatch.Hide()
	}
	s.showWelcome(n == 0 && !filtered && !s.newRequested)
	s.highlightOpen()
}

// highlightOpen highlights the open client's row, if it is loaded.
func (s *Screen) highlightOpen() { s.lists.Highlight() }

// Watch keeps the list up to date while book is open: it reads the list
// again whenever a client, an activity (the last contact) or a document
// changes, whoever changed it. A form with unsaved edits is left alone.
func (s *Screen) Watch(book domain.Book) (stop func()) {
	return kit.Watch(book, func(cs domain.Changes) {
		if cs.Touches("client", "activity", "document") {
			s.reloadRows()
		}
	})
}

func (s *Screen) showWelcome(on bool) {
	if on {
		s.lists.Object().Hide()
		s.welcome.Show()
	} else {
		s.welcome.Hide()
		s.lists.Object().Show()
	}
}

// RefreshRows reads the rows again (after a change elsewhere, such as a new
// activity) without moving the scroll position.
func (s *Screen) RefreshRows() { s.reloadRows() }

// WelcomeShown reports whether the first-run page is showing.
func (s *Screen) WelcomeShown() bool { return s.welcome.Visible() }

// clientPane is the screen as the form side of its kit.ListForm: the
// client's tabs, opened from a row of the list.
type clientPane Screen

func (p *clientPane) Object() fyne.CanvasObject { return p.formPane }

// Open reads the row's client in the background and shows it.
func (p *clientPane) Open(r domain.ClientRow) { (*Screen)(p).open(r.ID, nil) }

// Shows reports whether the client's tabs show the row's client.
func (p *clientPane) Shows(r domain.ClientRow) bool {
	c := p.form.Client()
	return c != nil && c.ID != 0 && c.ID == r.ID && p.detail.Visible()
}

func (p *clientPane) Dirty() bool { return p.form.Dirty() }
func (p *clientPane) Save() bool  { return p.form.Save() }

// SaveThen saves the client in the background; the save-changes prompt goes
// on once it is stored.
func (p *clientPane) SaveThen(done func(ok bool)) bool { return p.form.SaveThen(done) }
func (p *clientPane) Revert()                          { p.form.Revert() }
func (p *clientPane) Describe() string                 { return p.form.DisplayName() }

// open reads client id off the UI goroutine and then shows it.
func (s *Screen) open(id int64, then func()) {
	kit.Load(s.opening, func(ctx context.Context) (*domain.Client, error) {
		return s.svc.FindClientByID(ctx, id)
	}, func(c *domain.Client, err error) {
		if err != nil {
			kit.ShowError(err, s.win)
			return
		}
		s.form.Load(c)
		s.showForm(true)
		s.showWelcome(false)
		s.lists.Reveal() // opened from elsewhere: its row may be out of sight
		if then != nil {
			then()
		}
	})
}

// Guard is a client tab that holds typed edits of its own (a timeline
// entry, a complaint, a collection entry) which leaving the client would
// drop.
type Guard = kit.Guard

// Guard makes the screen ask about g's unsaved edits, after the form's,
// before it shows another client or is left.
func (s *Screen) Guard(g Guard) { s.lists.Guard(g) }

// ConfirmLeave runs next once the form and the guarded tabs have nothing
// unsaved, asking first if they have.
func (s *Screen) ConfirmLeave(next func()) { s.lists.ConfirmLeave(next) }

// NewClient shows an empty form, asking about unsaved edits first.
func (s *Screen) NewClient() {
	s.lists.Switch(func() {
		s.newRequested = true
		s.form.Load(nil)
		s.showForm(true)
		s.showWelcome(false)
		s.win.Canvas().Focus(s.form.name)
	})
}

// Open shows the client, asking about unsaved edits first.
func (s *Screen) Open(id int64) { s.OpenThen(id, nil) }

// OpenThen opens client id as Open does, then runs then (nil for nothing)
// once the client is read and shown.
func (s *Screen) OpenThen(id int64, then func()) { s.lists.ConfirmLeave(func() { s.open(id, then) }) }

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
		s.highlightOpen()
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

func (s *Screen) loadDemo() {
	s.demoProgress.Show()
	s.demoProgress.Start()
	kit.Go(func() {
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
				kit.ShowError(err, s.win)
			}
			s.Refresh()
			if err == nil && s.OnDemoLoaded != nil {
				s.OnDemoLoaded()
			}
		})
	})
}

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

// WriteCSV writes the list as it is filtered and sorted now, with the
// columns it shows, a page at a time.
func (s *Screen) WriteCSV(w io.Writer, format domain.ExportFormat, progress func(rows int) bool) error {
	return s.table.WriteCSV(s.export, w, format, progress)
}

// Table is the client list.
func (s *Screen) Table() *kit.Table[domain.ClientRow] { return s.table }
