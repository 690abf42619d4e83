// Package invoices is the Documents screen: the list of invoices, quotes and
// credit notes, and the editor that writes, issues and corrects them.
package invoices

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

var kinds = kit.Choices[domain.DocKind]{
	{Title: "Invoices", Value: domain.KindInvoice},
	{Title: "Quotes", Value: domain.KindQuote},
	{Title: "Credit notes", Value: domain.KindCreditNote},
	{Title: "All documents", Value: ""},
}

// statuses are what the status filter offers: a document status, or for
// issued invoices where they stand with their payment today.
var statuses = []struct {
	title  string
	status domain.DocStatus
	pay    domain.PayState
}{
	{"Any status", "", ""},
	{"Draft", domain.DocDraft, ""},
	{"Issued", domain.DocIssued, ""},
	{"Unpaid", "", domain.PayIssued},
	{"Partially paid", "", domain.PayPartial},
	{"Paid", "", domain.PayPaid},
	{"Overdue", "", domain.PayOverdue},
	{"Disputed", "", domain.PayDisputed},
	{"Void", domain.DocVoid, ""},
	{"Accepted", domain.DocAccepted, ""},
	{"Declined", domain.DocDeclined, ""},
	{"Expired", domain.DocExpired, ""},
}

// Screen is the documents list with the editor it opens.
type Screen struct {
	book domain.Book
	win  fyne.Window

	kind, status *widget.Select
	search       *widget.Entry
	from, to     *widget.Entry
	rangeError   *widget.Label
	clientFilter *domain.Client
	clientChip   *fyne.Container
	clientLabel  *widget.Label
	chipName     *kit.Loader // reads the name of the client the list is filtered to
	count        *widget.Label
	table        *kit.Table[docRow]
	editor       *Editor
	opener       *kit.Loader // reads the document the editor opens
	showing      *kit.Loader // looks up the document --show names
	place        *kit.InPlace

	filter kit.Shared[domain.DocumentFilter] // set here, read by the table in the background

	// Nav opens the payment form for Record payment…; the window sets it.
	Nav kit.Nav

	typing kit.Debouncer
}

// docRow is one line of the list: the document (with where an issued
// invoice stands with its payment), and whether the list mixes kinds (then
// the status says which kind each is).
type docRow struct {
	domain.DocumentRow
	allKinds bool
}

// columns are the list's columns: what it shows, sorts by and exports.
var columns = []kit.Column[docRow]{
	{Title: "Number", Key: "number", Text: docRow.number, Bold: true, Width: 160, Min: 90, Sort: domain.SortDocsByNumber},
	{Title: "Status", Key: "status", Text: docRow.statusText, Importance: docRow.statusImportance, Width: 140, Min: 60},
	{Title: "Client", Key: "client", Text: func(r docRow) string { return r.ClientName }, Width: 220, Min: 80, Stretch: true,
		Sort: domain.SortDocsByClient},
	{Title: "Issued", Key: "issue_date", Text: func(r docRow) string { return widgets.DateText(r.IssueDate) }, Width: 104, Min: 60,
		Sort: domain.SortDocsByIssueDate, CSV: func(r docRow) domain.TableCell { return domain.RawCell(widgets.DateText(r.IssueDate)) }},
	{Title: "Due / valid until", Key: "due_date", Text: func(r docRow) string { return widgets.DateText(r.DueDate) }, Width: 136, Min: 60,
		Sort: domain.SortDocsByDueDate, Importance: docRow.dueImportance,
		CSV: func(r docRow) domain.TableCell { return domain.RawCell(widgets.DateText(r.DueDate)) }},
	{Title: "PO number", Key: "po_number", Text: func(r docRow) string { return r.PONumber }, Width: 110, Min: 48},
	{Title: "Total", Key: "total", Text: func(r docRow) string { return r.Total.Format() }, Align: fyne.TextAlignTrailing,
		Width: 120, Min: 70, Sort: domain.SortDocsByTotal,
		CSV: func(r docRow) domain.TableCell { return domain.NumberCell(r.Total.Fixed()) }},
	{Title: "Balance", Key: "balance", Text: docRow.balance, Align: fyne.TextAlignTrailing, Width: 120, Min: 70,
		Importance: docRow.dueImportance, CSV: docRow.balanceCell},
	{Title: "Currency", Key: "currency", Text: func(r docRow) string { return r.Total.Currency }, Width: 76, Min: 48,
		CSV: func(r docRow) domain.TableCell { return domain.RawCell(r.Total.Currency) }},
}

// balance is what is still open on an issued invoice; empty for anything
// else.
func (r docRow) balance() string {
	if r.Pay == domain.PayNone {
		return ""
	}
	return r.Balance.Format()
}

func (r docRow) balanceCell() domain.TableCell {
	if r.Pay == domain.PayNone {
		return domain.RawCell("")
	}
	return domain.NumberCell(r.Balance.Fixed())
}

// number is the document's number, or "Draft" before it has one: the
// client and the date stand beside it, and an internal id would read as a
// number it does not have.
func (r docRow) number() string {
	if r.Number == "" {
		return "Draft"
	}
	return r.Number
}

// statusText is where the document stands: for an issued invoice whether
// it is paid, else its status; when the list mixes kinds, after the kind of
// anything but an invoice ("Quote · Sent").
func (r docRow) statusText() string {
	text, _ := statusLook(r.Kind, r.Status, r.Pay)
	switch {
	case !r.allKinds || r.Kind == domain.KindInvoice:
		return text
	case r.Kind == domain.KindCreditNote && r.Status == domain.DocIssued:
		return r.Kind.Title()
	}
	return r.Kind.Title() + " · " + text
}

// statusImportance colours the status as the editor's badge is coloured.
func (r docRow) statusImportance() widget.Importance {
	_, col := statusLook(r.Kind, r.Status, r.Pay)
	return badgeLooks.Of(col, widget.MediumImportance)
}

// badgeLooks is the importance of each colour a status badge is drawn in.
var badgeLooks = kit.Looks[fyne.ThemeColorName]{theme.ColorNameError: widget.DangerImportance,
	theme.ColorNameSuccess: widget.SuccessImportance, theme.ColorNameWarning: widget.WarningImportance,
	theme.ColorNamePrimary: widget.HighImportance}

// dueImportance shows the due date and balance of an overdue invoice in red.
func (r docRow) dueImportance() widget.Importance {
	if r.Pay == domain.PayOverdue {
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// NewScreen builds the screen over the book.
func NewScreen(book domain.Book, win fyne.Window) *Screen {
	s := &Screen{book: book, win: win, opener: kit.NewLoader(), showing: kit.NewLoader(), chipName: kit.NewLoader(), Nav: kit.Nowhere{}}
	var statusTitles []string
	for _, st := range statuses {
		statusTitles = append(statusTitles, st.title)
	}
	s.kind = widget.NewSelect(kinds.Titles(), nil)
	s.kind.SetSelectedIndex(0)
	s.kind.OnChanged = func(string) { s.Refresh() }
	s.status = widget.NewSelect(statusTitles, nil)
	s.status.SetSelectedIndex(0)
	s.status.OnChanged = func(string) { s.Refresh() }
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Search number, PO, reference or client…")
	s.search.OnChanged = func(string) { s.typing.Schedule(s.Refresh) }
	s.from = widget.NewEntry()
	s.from.SetPlaceHolder("From YYYY-MM-DD")
	s.from.OnChanged = func(string) { s.typing.Schedule(s.Refresh) }
	s.to = widget.NewEntry()
	s.to.SetPlaceHolder("To YYYY-MM-DD")
	s.to.OnChanged = func(string) { s.typing.Schedule(s.Refresh) }
	s.rangeError = widget.NewLabel("")
	s.rangeError.Importance = widget.DangerImportance
	s.rangeError.Hide()
	s.clientLabel = widget.NewLabel("")
	s.clientChip = container.NewHBox(s.clientLabel, widget.NewButtonWithIcon("", theme.CancelIcon(), func() { s.ShowClient(nil) }))
	s.clientChip.Hide()
	s.count = widget.NewLabel("")

	s.table = kit.NewTable("documents", columns, s.source())
	s.table.OnSelected = func(r docRow) {
		s.table.List().UnselectAll()
		s.Open(r.ID)
	}
	newInv := widget.NewButtonWithIcon("New invoice", theme.ContentAddIcon(), func() { s.New(domain.KindInvoice) })
	newInv.Importance = widget.HighImportance
	newQuote := widget.NewButtonWithIcon("New quote", theme.ContentAddIcon(), func() { s.New(domain.KindQuote) })
	export := widgets.NewExportButton(func() { s.table.ExportCSV(s.win, s.book.Export(), "documents") })

	dates := container.NewGridWithColumns(2, s.from, s.to)
	wide := func(o fyne.CanvasObject) fyne.CanvasObject { // room for "All documents" uncut
		return container.NewGridWrap(fyne.NewSize(150, o.MinSize().Height), o)
	}
	selects := container.NewHBox(wide(s.kind), wide(s.status))
	filters := container.NewBorder(nil, nil, nil, selects, s.search)
	bar := container.NewBorder(nil, nil, container.NewHBox(s.count, s.clientChip), container.NewHBox(export, newQuote, newInv),
		container.NewCenter(s.rangeError))
	top := container.NewPadded(container.NewVBox(container.NewBorder(nil, nil, nil,
		container.NewGridWrap(fyne.NewSize(300, dates.MinSize().Height), dates), filters), bar))
	listView := container.NewBorder(top, nil, nil, nil, s.table.Object())

	s.editor = NewEditor(book, win)
	s.editor.OnOpen = s.Open
	s.editor.nav = func() kit.Nav { return s.Nav }
	s.place = kit.NewInPlace(listView, s.editor, s.opener.Spinner())
	s.place.OnList = s.Refresh
	s.editor.OnClose = s.place.List
	s.setFilter()
	s.table.SetSort(kit.Sort{Key: domain.SortDocsByIssueDate, Desc: true}) // newest first, as the book lists them
	s.table.ReloadThen(s.showCount)
	kit.Watch(book, s.changed)
	return s
}

// source reads the list a page at a time with the filter shown, each issued
// invoice with where it stands with its payment and its balance.
func (s *Screen) source() kit.Source[docRow] {
	return kit.Source[docRow]{
		Count: func(ctx context.Context, _ kit.Sort) (int, error) {
			f := s.filter.Get()
			f.AsOf = s.editor.today()
			return s.book.Documents().CountDocuments(ctx, f)
		},
		Page: func(ctx context.Context, so kit.Sort, offset, limit int) ([]docRow, error) {
			return s.page(ctx, so, 0, offset, limit)
		},
		After: func(ctx context.Context, so kit.Sort, r docRow, offset, limit int) ([]docRow, error) {
			return s.page(ctx, so, r.ID, offset, limit)
		},
	}
}

// page reads limit rows of the list with the filter shown: those after the
// document with id after (0 for none), or else from offset.
func (s *Screen) page(ctx context.Context, so kit.Sort, after int64, offset, limit int) ([]docRow, error) {
	f := s.filter.Get()
	f.AsOf = s.editor.today()
	f.Sort, f.Desc, f.After, f.Offset, f.Limit = so.Key, so.Desc, after, offset, limit
	rows, err := s.book.Documents().FindDocuments(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]docRow, len(rows))
	for i, r := range rows {
		out[i] = docRow{DocumentRow: r, allKinds: f.Kind == ""}
	}
	return out, nil
}

// showCount says how many documents the filter shown keeps.
func (s *Screen) showCount(n int) {
	kind := s.filter.Get().Kind
	what := "documents"
	if i := kinds.Index(kind); i >= 0 && kind != "" {
		what = strings.ToLower(kinds[i].Title)
	}
	if n == 1 {
		what = strings.Replace(strings.TrimSuffix(what, "s"), "notes", "note", 1)
	}
	s.count.SetText(fmt.Sprintf("%d %s", n, what))
}

// changed reads again what a write elsewhere changed: the list, and the
// document open read-only. A draft being edited is left alone. A hidden
// screen is read again by Refresh when its tab is shown.
func (s *Screen) changed(cs domain.Changes) {
	if !s.place.Object().Visible() || !cs.Touches("document", "payment", "refund", "client", "import") {
		return
	}
	s.table.ReloadThen(s.showCount)
	s.reloadOpen()
}

// reloadOpen reads the document open read-only again, with what was paid on
// it; a draft is left as it is, as it may hold edits.
func (s *Screen) reloadOpen() {
	if !s.EditorShown() || !s.editor.locked() {
		return
	}
	id := s.editor.doc.ID
	kit.Load(s.opener, func(ctx context.Context) (shown, error) { return s.editor.readByID(ctx, id) },
		func(v shown, err error) {
			if err != nil || s.editor.doc == nil || s.editor.doc.ID != id || !s.editor.locked() {
				return // gone, or another document is open by now
			}
			s.editor.show(v)
		})
}

// Object is the screen's layout.
func (s *Screen) Object() fyne.CanvasObject { return s.place.Object() }

// Tab is Documents in the window's tab list.
func (s *Screen) Tab() kit.Tab {
	return kit.Tab{Title: "Documents", Icon: theme.FileTextIcon(), Content: s.Object(), Refresh: s.Refresh,
		NewLabel: "New invoice", New: func() { s.New(domain.KindInvoice) }, Find: s.FocusSearch,
		Save: s.place.Save, Cancel: s.place.Cancel, ConfirmLeave: s.place.ConfirmLeave,
		Routes: kit.Routes{OpenDocument: s.Open, ShowDocuments: s.ShowFilter, ShowClientDocuments: s.ShowClient,
			NewDocument: s.NewFor},
		Show: s.show, Menu: s.menu, Issue: func() { s.Issue() }, Close: s.showing.Drop, Screen: s,
		SetTools: func(t kit.Tools) {
			s.SetRenderer(t.Renderer)
			s.SetEInvoicer(t.EInvoicer)
		}}
}

// Tab is Documents built over base: the one line the window's tab list has
// for it.
func Tab(base kit.Base) kit.Tab {
	s := NewScreen(base.Book, base.Win)
	return kit.NavTab(base, s, &s.Nav)
}

// menu is the main menu's Documents: a new invoice or quote, and issuing
// the draft being written (Ctrl/Cmd+Enter), which only the tab shown does.
func (s *Screen) menu(shown bool, show func()) *fyne.Menu {
	newInvoice := fyne.NewMenuItem("New invoice", func() { show(); s.New(domain.KindInvoice) })
	newQuote := fyne.NewMenuItem("New quote", func() { show(); s.New(domain.KindQuote) })
	issue := fyne.NewMenuItem("Issue draft", func() { s.Issue() })
	issue.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}
	issue.Disabled = !shown
	return fyne.NewMenu("Documents", newInvoice, newQuote, fyne.NewMenuItemSeparator(), issue)
}

// show is --show documents/new (a new invoice) or documents/NUMBER (the
// invoice, quote or credit note numbered so, looked up off the UI goroutine).
func (s *Screen) show(arg string, done func(error)) error {
	switch arg {
	case "":
	case "new":
		s.New(domain.KindInvoice)
	default:
		svc := s.book.Documents()
		kit.Load(s.showing, func(ctx context.Context) (*domain.Document, error) {
			for _, k := range []domain.DocKind{domain.KindInvoice, domain.KindQuote, domain.KindCreditNote} {
				if d, err := svc.FindDocumentByNumber(ctx, k, arg); err == nil {
					return d, nil
				}
			}
			return nil, fmt.Errorf("no document is numbered %q", arg)
		}, func(d *domain.Document, err error) {
			if err == nil {
				s.Open(d.ID)
			}
			done(err)
		})
		return nil
	}
	done(nil)
	return nil
}

// Editor is the document editor.
func (s *Screen) Editor() *Editor { return s.editor }

// SetRenderer gives the screen what writes its documents' PDFs.
func (s *Screen) SetRenderer(r domain.Renderer) { s.editor.SetRenderer(r) }

// SetEInvoicer gives the screen what writes its documents' e-invoices.
func (s *Screen) SetEInvoicer(x domain.EInvoicer) { s.editor.SetEInvoicer(x) }

// EditorShown reports whether a document is open.
func (s *Screen) EditorShown() bool { return s.place.Editing() }

// Refresh reads the list again with the current filters, and the document
// open read-only: the tab calls it when it is shown.
func (s *Screen) Refresh() {
	s.typing.Stop()
	if s.table == nil || s.editor == nil {
		return // still being built
	}
	s.setFilter()
	s.table.ReloadThen(s.showCount)
	s.reloadOpen()
}

// setFilter takes the filter from the inputs and says what an empty list
// means under it.
func (s *Screen) setFilter() {
	f := domain.DocumentFilter{Search: s.search.Text}
	if i := s.kind.SelectedIndex(); i >= 0 {
		f.Kind = kinds[i].Value
	}
	if i := s.status.SelectedIndex(); i >= 0 {
		f.Status, f.Payment = statuses[i].status, statuses[i].pay
	}
	if s.clientFilter != nil {
		f.ClientID = s.clientFilter.ID
	}
	var bad []string
	for _, d := range []struct {
		w   *widget.Entry
		dst *domain.Date
		lbl string
	}{{s.from, &f.From, "From"}, {s.to, &f.To, "To"}} {
		if t := strings.TrimSpace(d.w.Text); t != "" {
			v, err := domain.ParseDate(t)
			if err != nil {
				bad = append(bad, d.lbl)
				continue
			}
			*d.dst = v
		}
	}
	if len(bad) > 0 {
		s.rangeError.SetText(strings.Join(bad, " and ") + ": enter a date as YYYY-MM-DD.")
		s.rangeError.Show()
	} else {
		s.rangeError.Hide()
	}
	s.filter.Set(f)
	if f.Search != "" || f.Status != "" || f.Payment != "" || !f.From.IsZero() || !f.To.IsZero() || f.ClientID != 0 {
		s.table.Empty = "Nothing matches these filters."
	} else {
		what := strings.ToLower(kinds[max(0, s.kind.SelectedIndex())].Title)
		s.table.Empty = fmt.Sprintf("No %s yet. Start one with New invoice or New quote above,\nor open a client and choose New invoice there.", what)
	}
}

// ShowClient limits the list to one client's documents (nil for all) and
// shows the list, asking first about unsaved edits in the editor.
func (s *Screen) ShowClient(c *domain.Client) {
	s.place.ConfirmLeave(func() {
		s.chipName.Drop()
		s.clientFilter = c
		if c != nil {
			s.clientLabel.SetText("Client: " + c.Name)
			s.clientChip.Show()
		} else {
			s.clientChip.Hide()
		}
		if s.EditorShown() {
			s.place.List()
		} else {
			s.Refresh()
		}
	})
}

// Open shows the document in the editor, asking about unsaved edits first.
func (s *Screen) Open(id int64) {
	s.editor.ConfirmLeave(func() {
		kit.Load(s.opener, func(ctx context.Context) (shown, error) { return s.editor.readByID(ctx, id) },
			func(v shown, err error) {
				if err != nil {
					kit.ShowError(err, s.win)
					return
				}
				s.editor.show(v)
				s.place.Edit()
			})
	})
}

// New opens a new draft of the kind, for the client filter if one is set.
func (s *Screen) New(kind domain.DocKind) {
	s.NewFor(kind, s.clientFilter)
}

// NewFor opens a new draft of the kind for client (nil to choose).
func (s *Screen) NewFor(kind domain.DocKind, client *domain.Client) {
	s.editor.ConfirmLeave(func() {
		kit.Load(s.opener, func(ctx context.Context) (shown, error) { return s.editor.readNew(ctx, kind, client), nil },
			func(v shown, _ error) {
				s.place.Edit()
				s.editor.startNew(v)
			})
	})
}

// FocusSearch puts the cursor in the search box.
func (s *Screen) FocusSearch() {
	if s.EditorShown() {
		return
	}
	s.win.Canvas().Focus(s.search)
}

// Filter is the list's current filter.
func (s *Screen) Filter() domain.DocumentFilter { return s.filter.Get() }

// ShowFilter shows the list filtered as f says (kind, status, client and
// issue dates), asking first about unsaved edits in the editor.
func (s *Screen) ShowFilter(f domain.DocumentFilter) {
	s.place.ConfirmLeave(func() {
		if i := kinds.Index(f.Kind); i >= 0 {
			s.kind.SetSelectedIndex(i)
		}
		for i, st := range statuses {
			if st.status == f.Status && st.pay == f.Payment {
				s.status.SetSelectedIndex(i)
			}
		}
		s.search.SetText(f.Search)
		s.from.SetText(widgets.DateText(f.From))
		s.to.SetText(widgets.DateText(f.To))
		s.clientFilter = nil
		s.clientChip.Hide()
		s.chipName.Drop()
		if f.ClientID != 0 {
			// The list is filtered at once; the chip names the client once
			// its name is read.
			s.clientFilter = &domain.Client{ID: f.ClientID}
			s.clientLabel.SetText("Client: …")
			s.clientChip.Show()
			svc, id := s.book.Clients(), f.ClientID
			kit.Load(s.chipName, func(ctx context.Context) (*domain.Client, error) {
				return svc.FindClientByID(ctx, id)
			}, func(c *domain.Client, err error) {
				if s.clientFilter == nil || s.clientFilter.ID != id {
					return // the filter changed meanwhile
				}
				if err != nil {
					kit.ShowError(err, s.win)
					s.ShowClient(nil)
					return
				}
				s.clientFilter = c
				s.clientLabel.SetText("Client: " + c.Name)
			})
		}
		if s.EditorShown() {
			s.place.List()
		} else {
			s.Refresh()
		}
	})
}

// Issue issues the draft open in the editor after the usual checks, as its
// Issue button does (Ctrl+Enter); false when no draft is open.
func (s *Screen) Issue() bool {
	if !s.EditorShown() || s.editor.doc == nil || s.editor.locked() {
		return false
	}
	s.editor.issue()
	return true
}
