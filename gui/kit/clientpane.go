package kit

import (
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

// ClientPane frames a panel that works on one saved client — the account,
// the timeline, complaints, the collection log: the panel while a saved
// client is shown and, in its place, a hint for a client not saved yet.
type ClientPane struct {
	client        *domain.Client
	content, hint fyne.CanvasObject
	root          *fyne.Container
}

// NewClientPane frames content, with hint said in its place until there is
// a saved client.
func NewClientPane(content fyne.CanvasObject, hint string) *ClientPane {
	msg := widget.NewLabelWithStyle(hint, fyne.TextAlignCenter, fyne.TextStyle{})
	msg.Importance = widget.LowImportance
	p := &ClientPane{content: content, hint: container.NewCenter(msg)}
	p.root = container.NewStack(content, p.hint)
	p.Show(nil)
	return p
}

// Object is the pane's layout.
func (p *ClientPane) Object() fyne.CanvasObject { return p.root }

// Show shows the panel for c, or the hint for nil or a client not saved
// yet. It returns the client shown (nil for the hint) and whether it is the
// client already shown, read again after its form was saved — what is typed
// in the panel then stays.
func (p *ClientPane) Show(c *domain.Client) (shown *domain.Client, same bool) {
	if c == nil || c.ID == 0 {
		p.client = nil
		p.content.Hide()
		p.hint.Show()
		return nil, false
	}
	same = p.client != nil && p.client.ID == c.ID
	p.client = c
	p.hint.Hide()
	p.content.Show()
	return c, same
}

// Hinted reports whether the hint is shown in place of the panel.
func (p *ClientPane) Hinted() bool { return p.hint.Visible() && !p.content.Visible() }

// Follow shows the panel for c, as Show does, and brings it up to date.
// set is told the client shown (nil for the hint). A client shown afresh
// is then readied by fresh, which clears the panel's form, before refresh
// reads what the panel lists; the same client read again after its form
// was saved is only refreshed, so what is typed in the panel stays.
func (p *ClientPane) Follow(c *domain.Client, set func(*domain.Client), fresh, refresh func()) {
	shown, same := p.Show(c)
	set(shown)
	if shown == nil {
		return
	}
	if !same {
		fresh()
	}
	refresh()
}

// ClientExport is a client panel's Export CSV…: the button, hidden until
// the book's export service is set, and the CSV of exactly what the panel's
// table lists for the client shown.
type ClientExport[T any] struct {
	Button *widget.Button
	table  *Table[T]
	svc    domain.ExportService
	client func() *domain.Client
	what   string
}

// NewClientExport makes the Export CSV… of table, which lists what (the
// client's "collection log") of the client client returns, into a file
// named file-<client>.csv.
func NewClientExport[T any](win fyne.Window, table *Table[T], file, what string, client func() *domain.Client) *ClientExport[T] {
	e := &ClientExport[T]{table: table, client: client, what: what}
	e.Button = widgets.NewExportButton(func() {
		if c := client(); c != nil {
			table.ExportCSV(win, e.svc, file+"-"+c.Name)
		}
	})
	e.Button.Hide()
	return e
}

// Set offers Export CSV… through svc.
func (e *ClientExport[T]) Set(svc domain.ExportService) {
	e.svc = svc
	e.Button.Show()
}

// WriteCSV writes what the table lists, as Export CSV… does: in the order
// shown, with the columns shown.
func (e *ClientExport[T]) WriteCSV(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
	if e.client() == nil {
		return domain.Errorf(domain.ECONFLICT, "Open a saved client to export their %s.", e.what)
	}
	return e.table.WriteCSV(e.svc, w, f, progress)
}

// ListAbove lays a client panel out with its list above its form, across
// the panel's width so the list's columns can be read: bar (a summary and
// the list's controls) over the table, the form scrolled below, the list
// taking offset of the height.
func ListAbove(bar fyne.CanvasObject, table fyne.CanvasObject, form fyne.CanvasObject, offset float64) fyne.CanvasObject {
	split := container.NewVSplit(container.NewBorder(bar, nil, nil, nil, table),
		container.NewVScroll(container.NewPadded(form)))
	split.Offset = offset
	return split
}
