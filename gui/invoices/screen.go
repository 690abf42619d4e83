// Package invoices is the Documents screen: the list of invoices, quotes and
// credit notes, and the editor that writes, issues and corrects them.
package invoices

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

// pageSize is how many rows are read at a time as the list scrolls.
const pageSize = 200

// searchDelay is how long typing must pause before the list is searched.
const searchDelay = 250 * time.Millisecond

var kinds = []struct {
	title string
	kind  domain.DocKind
}{
	{"Invoices", domain.KindInvoice},
	{"Quotes", domain.KindQuote},
	{"Credit notes", domain.KindCreditNote},
	{"All documents", ""},
}

var statuses = []struct {
	title  string
	status domain.DocStatus
}{
	{"Any status", ""},
	{"Draft", domain.DocDraft},
	{"Issued", domain.DocIssued},
	{"Void", domain.DocVoid},
	{"Accepted", domain.DocAccepted},
	{"Declined", domain.DocDeclined},
	{"Expired", domain.DocExpired},
}

// columnWeights: number, status, client, issued, due, total.
var columnWeights = []float32{3, 2, 6, 2.4, 2.4, 3.6}

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
	count        *widget.Label
	list         *widget.List
	empty        *fyne.Container
	emptyText    *widget.Label
	listView     fyne.CanvasObject
	editor       *Editor
	root         *fyne.Container

	filter domain.DocumentFilter
	total  int
	pages  map[int][]domain.DocumentRow

	timerMu     sync.Mutex
	searchTimer stopper
}

type stopper interface{ Stop() bool }

// afterFunc schedules the debounced search; tests replace it.
var afterFunc = func(d time.Duration, f func()) stopper { return time.AfterFunc(d, f) }

// NewScreen builds the screen over the book.
func NewScreen(book domain.Book, win fyne.Window) *Screen {
	s := &Screen{book: book, win: win, pages: map[int][]domain.DocumentRow{}}
	var kindTitles, statusTitles []string
	for _, k := range kinds {
		kindTitles = append(kindTitles, k.title)
	}
	for _, st := range statuses {
		statusTitles = append(statusTitles, st.title)
	}
	s.kind = widget.NewSelect(kindTitles, func(string) { s.Refresh() })
	s.status = widget.NewSelect(statusTitles, func(string) { s.Refresh() })
	s.search = widget.NewEntry()
	s.search.SetPlaceHolder("Search number, PO, reference or client…")
	s.search.OnChanged = func(string) { s.scheduleSearch() }
	s.from = widget.NewEntry()
	s.from.SetPlaceHolder("From YYYY-MM-DD")
	s.from.OnChanged = func(string) { s.scheduleSearch() }
	s.to = widget.NewEntry()
	s.to.SetPlaceHolder("To YYYY-MM-DD")
	s.to.OnChanged = func(string) { s.scheduleSearch() }
	s.rangeError = widget.NewLabel("")
	s.rangeError.Importance = widget.DangerImportance
	s.rangeError.Hide()
	s.clientLabel = widget.NewLabel("")
	s.clientChip = container.NewHBox(s.clientLabel, widget.NewButtonWithIcon("", theme.CancelIcon(), func() { s.ShowClient(nil) }))
	s.clientChip.Hide()
	s.count = widget.NewLabel("")
	s.count.Importance = widget.LowImportance

	s.list = widget.NewList(func() int { return s.total }, s.newRow, s.updateRow)
	s.list.OnSelected = func(id widget.ListItemID) {
		s.list.UnselectAll()
		if r, ok := s.rowAt(id); ok {
			s.Open(r.ID)
		}
	}
	header := container.New(widgets.NewColumns(columnWeights...), headerLabel("Number", fyne.TextAlignLeading),
		headerLabel("Status", fyne.TextAlignLeading), headerLabel("Client", fyne.TextAlignLeading),
		headerLabel("Issued", fyne.TextAlignLeading), headerLabel("Due / valid until", fyne.TextAlignLeading),
		headerLabel("Total", fyne.TextAlignTrailing))

	s.emptyText = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	s.emptyText.Wrapping = fyne.TextWrapWord
	newInv := widget.NewButtonWithIcon("New invoice", theme.ContentAddIcon(), func() { s.New(domain.KindInvoice) })
	newInv.Importance = widget.HighImportance
	newQuote := widget.NewButtonWithIcon("New quote", theme.ContentAddIcon(), func() { s.New(domain.KindQuote) })
	export := widgets.NewExportButton(func() {
		widgets.SaveCSV(s.win, "documents", s.WriteCSV)
	})
	s.empty = container.NewVBox(layout.NewSpacer(), s.emptyText, layout.NewSpacer())
	s.empty.Hide()

	dates := container.NewGridWithColumns(2, s.from, s.to)
	filters := container.NewBorder(nil, nil, nil, container.NewHBox(s.kind, s.status), s.search)
	bar := container.NewBorder(nil, nil, container.NewHBox(s.count, s.clientChip), container.NewHBox(export, newQuote, newInv),
		container.NewBorder(nil, nil, nil, nil, container.NewCenter(s.rangeError)))
	top := container.NewVBox(container.NewPadded(container.NewVBox(container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(300, dates.MinSize().Height), dates), filters), bar)),
		header, widget.NewSeparator())
	s.listView = container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, s.empty))

	s.editor = NewEditor(book, win)
	s.editor.OnChanged = func(int64) { s.Refresh() }
	s.editor.OnOpen = s.Open
	s.editor.OnClose = s.showList
	s.editor.Object().Hide()
	s.root = container.NewStack(s.listView, s.editor.Object())
	s.kind.SetSelectedIndex(0)
	s.status.SetSelectedIndex(0)
	s.Refresh()
	return s
}

// Object is the screen's layout.
func (s *Screen) Object() fyne.CanvasObject { return s.root }

// Editor is the document editor.
func (s *Screen) Editor() *Editor { return s.editor }

// SetRenderer gives the screen what writes its documents' PDFs.
func (s *Screen) SetRenderer(r domain.Renderer) { s.editor.SetRenderer(r) }

// EditorShown reports whether a document is open.
func (s *Screen) EditorShown() bool { return s.editor.Object().Visible() }

func (s *Screen) newRow() fyne.CanvasObject {
	label := func(align fyne.TextAlign) *widget.Label {
		l := widget.NewLabelWithStyle("", align, fyne.TextStyle{})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	num := label(fyne.TextAlignLeading)
	num.TextStyle.Bold = true
	badge := container.NewHBox(widgets.NewBadge("", theme.ColorNameButton))
	return container.New(widgets.NewColumns(columnWeights...), num, badge, label(fyne.TextAlignLeading),
		label(fyne.TextAlignLeading), label(fyne.TextAlignLeading), label(fyne.TextAlignTrailing))
}

func (s *Screen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	cells := o.(*fyne.Container).Objects
	badge := cells[1].(*fyne.Container).Objects[0].(*widgets.Badge)
	r, ok := s.rowAt(id)
	if !ok {
		for i, c := range cells {
			if i != 1 {
				c.(*widget.Label).SetText("")
			}
		}
		badge.Set("", theme.ColorNameButton)
		return
	}
	num := r.Number
	if num == "" {
		num = fmt.Sprintf("Draft %d", r.ID)
	}
	if s.filter.Kind == "" && r.Kind != domain.KindInvoice {
		num += " · " + r.Kind.Title()
	}
	cells[0].(*widget.Label).SetText(num)
	text, col := StatusBadge(r.Kind, r.Status)
	badge.Set(text, col)
	cells[2].(*widget.Label).SetText(r.ClientName)
	cells[3].(*widget.Label).SetText(dateText(r.IssueDate))
	cells[4].(*widget.Label).SetText(dateText(r.DueDate))
	cells[5].(*widget.Label).SetText(r.Total.String())
}

// rowAt returns row i of the current filter, reading its page on first use.
func (s *Screen) rowAt(i int) (domain.DocumentRow, bool) {
	p := i / pageSize
	rows, ok := s.pages[p]
	if !ok {
		f := s.filter
		f.Offset, f.Limit = p*pageSize, pageSize
		var err error
		rows, err = s.book.Documents().FindDocuments(context.Background(), f)
		if err != nil {
			return domain.DocumentRow{}, false
		}
		s.pages[p] = rows
	}
	if j := i - p*pageSize; j < len(rows) {
		return rows[j], true
	}
	return domain.DocumentRow{}, false
}

func (s *Screen) scheduleSearch() {
	s.timerMu.Lock()
	if s.searchTimer != nil {
		s.searchTimer.Stop()
	}
	s.timerMu.Unlock()
	t := afterFunc(searchDelay, func() { fyne.Do(s.Refresh) })
	s.timerMu.Lock()
	s.searchTimer = t
	s.timerMu.Unlock()
}

// Refresh reads the list again with the current filters.
func (s *Screen) Refresh() {
	s.timerMu.Lock()
	if s.searchTimer != nil {
		s.searchTimer.Stop()
	}
	s.timerMu.Unlock()
	if s.kind == nil || s.status == nil || s.list == nil || s.editor == nil {
		return // still being built
	}
	f := domain.DocumentFilter{Search: s.search.Text}
	if i := s.kind.SelectedIndex(); i >= 0 {
		f.Kind = kinds[i].kind
	}
	if i := s.status.SelectedIndex(); i >= 0 {
		f.Status = statuses[i].status
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
	n, err := s.book.Documents().CountDocuments(context.Background(), f)
	if err != nil {
		dialog.ShowError(errors.New(domain.ErrorMessage(err)), s.win)
		return
	}
	s.filter, s.total, s.pages = f, n, map[int][]domain.DocumentRow{}
	s.list.Refresh()
	what := strings.ToLower(kinds[max(0, s.kind.SelectedIndex())].title)
	if n == 1 {
		what = strings.TrimSuffix(what, "s")
		what = strings.Replace(what, "notes", "note", 1)
	}
	s.count.SetText(fmt.Sprintf("%d %s", n, what))
	filtered := f.Search != "" || f.Status != "" || !f.From.IsZero() || !f.To.IsZero() || f.ClientID != 0
	if n == 0 {
		if filtered {
			s.emptyText.SetText("Nothing matches these filters.")
		} else {
			s.emptyText.SetText(fmt.Sprintf("No %s yet. Start one with New invoice or New quote above,\nor open a client and choose New invoice there.", what))
		}
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
}

// ShowClient limits the list to one client's documents (nil for all) and
// shows the list, asking first about unsaved edits in the editor.
func (s *Screen) ShowClient(c *domain.Client) {
	s.ConfirmLeave(func() {
		s.clientFilter = c
		if c != nil {
			s.clientLabel.SetText("Client: " + c.Name)
			s.clientChip.Show()
		} else {
			s.clientChip.Hide()
		}
		if s.EditorShown() {
			s.showList()
		} else {
			s.Refresh()
		}
	})
}

// Open shows the document in the editor, asking about unsaved edits first.
func (s *Screen) Open(id int64) {
	s.editor.ConfirmLeave(func() {
		d, err := s.book.Documents().FindDocumentByID(context.Background(), id)
		if err != nil {
			dialog.ShowError(errors.New(domain.ErrorMessage(err)), s.win)
			return
		}
		s.editor.Load(d)
		s.showEditor()
	})
}

// New opens a new draft of the kind, for the client filter if one is set.
func (s *Screen) New(kind domain.DocKind) {
	s.NewFor(kind, s.clientFilter)
}

// NewFor opens a new draft of the kind for client (nil to choose).
func (s *Screen) NewFor(kind domain.DocKind, client *domain.Client) {
	s.editor.ConfirmLeave(func() {
		s.editor.NewDocument(kind, client)
		s.showEditor()
	})
}

func (s *Screen) showEditor() {
	s.listView.Hide()
	s.editor.Object().Show()
}

func (s *Screen) showList() {
	s.editor.Object().Hide()
	s.listView.Show()
	s.Refresh()
}

// ConfirmLeave runs next, asking first about unsaved edits.
func (s *Screen) ConfirmLeave(next func()) {
	if !s.EditorShown() {
		next()
		return
	}
	s.editor.ConfirmLeave(next)
}

// Save saves the open draft (Ctrl/Cmd+S).
func (s *Screen) Save() bool {
	if !s.EditorShown() {
		return false
	}
	return s.editor.Save()
}

// Cancel backs out of the editor (Esc): edits are reverted, a second Esc
// returns to the list.
func (s *Screen) Cancel() {
	if !s.EditorShown() {
		return
	}
	if s.editor.Dirty() {
		s.editor.Revert()
		return
	}
	s.showList()
}

// FocusSearch puts the cursor in the search box.
func (s *Screen) FocusSearch() {
	if s.EditorShown() {
		return
	}
	s.win.Canvas().Focus(s.search)
}

// Filter is the list's current filter.
func (s *Screen) Filter() domain.DocumentFilter { return s.filter }

// WriteCSV writes the list as it is filtered now, a page at a time.
func (s *Screen) WriteCSV(w io.Writer, format domain.ExportFormat, progress func(rows int) bool) error {
	f := s.filter
	page := func(offset, limit int) ([]domain.DocumentRow, error) {
		f.Offset, f.Limit = offset, limit
		return s.book.Documents().FindDocuments(context.Background(), f)
	}
	cells := func(r domain.DocumentRow) []domain.TableCell {
		return []domain.TableCell{domain.RawCell(r.Number), domain.RawCell(string(r.Kind)), domain.RawCell(string(r.Status)),
			domain.TextCell(r.ClientName), domain.RawCell(dateText(r.IssueDate)), domain.RawCell(dateText(r.DueDate)),
			domain.TextCell(r.PONumber), domain.NumberCell(r.Total.Fixed()), domain.RawCell(r.Total.Currency)}
	}
	return widgets.WriteTable(s.book.Export(), w, format, []string{"number", "kind", "status", "client",
		"issue_date", "due_date", "po_number", "total", "currency"}, widgets.Pages(pageSize, page, cells, progress), progress)
}

// ShowFilter shows the list filtered as f says (kind, status, client and
// issue dates), asking first about unsaved edits in the editor.
func (s *Screen) ShowFilter(f domain.DocumentFilter) {
	s.ConfirmLeave(func() {
		for i, k := range kinds {
			if k.kind == f.Kind {
				s.kind.SetSelectedIndex(i)
			}
		}
		for i, st := range statuses {
			if st.status == f.Status {
				s.status.SetSelectedIndex(i)
			}
		}
		s.search.SetText(f.Search)
		s.from.SetText(dateText(f.From))
		s.to.SetText(dateText(f.To))
		s.clientFilter = nil
		s.clientChip.Hide()
		if f.ClientID != 0 {
			if c, err := s.book.Clients().FindClientByID(context.Background(), f.ClientID); err == nil {
				s.clientFilter = c
				s.clientLabel.SetText("Client: " + c.Name)
				s.clientChip.Show()
			}
		}
		if s.EditorShown() {
			s.showList()
		} else {
			s.Refresh()
		}
	})
}
