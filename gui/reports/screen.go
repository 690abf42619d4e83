// Package reports is the Reports screen: the dashboard of KPIs and charts,
// the sales analysis of each client's account health, and the forecast of
// the coming months — all for one currency, period and (optionally) client
// chosen at the top.
package reports

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// today is the day the reports are as of; tests fix it.
var today = domain.Today

// Screen is the Reports screen.
type Screen struct {
	book domain.Book
	win  fyne.Window

	// Nav opens the receivables and the documents behind the KPI cards and
	// the account health rows; the window sets it.
	Nav kit.Nav

	currency    *widget.Select
	period      *widget.Select
	client      *kit.ClientPicker
	clearClient *widget.Button
	status      *widget.Label
	tabs        *container.AppTabs

	cards    kpiCards
	revenue  *chartPanel
	aging    *chartPanel
	clients  *chartPanel
	items    *chartPanel
	days     *chartPanel
	targets  *chartPanel
	forecast *chartPanel
	ahead    *forecastTable
	health   *healthView

	clientID   int64
	clientName string
	setting    bool      // while the filters are set from a snapshot
	gen        int       // counts the reads started, so only the last one shows
	snap       *snapshot // what is shown; nil before the first read
	root       fyne.CanvasObject
}

// Tab builds the screen over base as one of the window's tabs: the one line
// the window's tab list has for it.
func Tab(base kit.Base) kit.Tab {
	s := NewScreen(base.Book, base.Win)
	return kit.NavTab(base, s, &s.Nav)
}

// NewScreen builds the screen over the book and starts reading it.
func NewScreen(book domain.Book, win fyne.Window) *Screen {
	s := &Screen{book: book, win: win, Nav: kit.Nowhere{}}
	s.currency = widget.NewSelect(nil, func(string) { s.filtersChanged() })
	s.period = widget.NewSelect(periodNames, func(string) { s.filtersChanged() })
	s.setting = true
	s.period.SetSelected(periodLast12)
	s.setting = false
	s.client = kit.NewClientPicker(book.Clients())
	s.client.Entry.SetPlaceHolder("All clients")
	s.client.OnChanged = s.clientPicked
	s.clearClient = widget.NewButtonWithIcon("", theme.ContentClearIcon(), s.allClients)
	s.clearClient.Disable()
	s.status = widget.NewLabel("")
	s.status.Truncation = fyne.TextTruncateEllipsis
	s.status.Importance = widget.LowImportance
	refresh := widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), s.Refresh)

	bar := container.NewBorder(nil, nil, container.NewHBox(
		container.New(sized{w: 110}, widgets.NewField("Currency", s.currency).Object()),
		container.New(sized{w: 170}, widgets.NewField("Period", s.period).Object()),
		container.New(sized{w: 300}, widgets.NewField("Client", container.NewBorder(nil, nil, nil, s.clearClient, s.client.Entry)).Object()),
	), container.NewVBox(layout.NewSpacer(), refresh), container.NewVBox(layout.NewSpacer(), s.status))

	s.cards = s.newCards()
	s.revenue = s.newChartPanel("revenue-by-month.png", chartHeight, false)
	s.aging = s.newChartPanel("receivables-by-age.png", chartHeight, false)
	s.clients = s.newChartPanel("top-clients.png", chartHeight, false)
	s.items = s.newChartPanel("top-items.png", chartHeight, false)
	s.days = s.newChartPanel("days-to-pay.png", chartHeight, false)
	s.targets = s.newChartPanel("target-attainment.png", chartHeight, false)
	s.forecast = s.newChartPanel("forecast.png", forecastHeight, true)
	s.forecast.note.SetText(domain.ForecastMethod())
	s.ahead = newForecastTable()
	s.health = newHealthView(s)

	dashboard := container.NewVScroll(container.NewPadded(container.NewVBox(
		s.cards.grid(),
		container.NewGridWithColumns(2, s.revenue.obj, s.aging.obj, s.clients.obj, s.items.obj, s.days.obj, s.targets.obj),
	)))
	forecast := container.NewVScroll(container.NewPadded(container.NewVBox(s.forecast.obj, s.ahead.obj)))
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Dashboard", theme.GridIcon(), dashboard),
		container.NewTabItemWithIcon("Sales analysis", theme.ListIcon(), s.health.obj),
		container.NewTabItemWithIcon("Forecast", theme.MoveUpIcon(), forecast),
	)
	s.root = container.NewBorder(container.NewVBox(container.NewPadded(bar), widget.NewSeparator()), nil, nil, nil, s.tabs)
	s.Refresh()
	return s
}

// Object is the screen's layout.
func (s *Screen) Object() fyne.CanvasObject { return s.root }

// Tab is Reports in the window's tab list.
func (s *Screen) Tab() kit.Tab {
	return kit.Tab{Title: "Reports", Icon: theme.GridIcon(), Content: s.Object(), Refresh: s.Refresh, Find: s.FocusSearch}
}

// FocusSearch puts the cursor in the client filter.
func (s *Screen) FocusSearch() { s.win.Canvas().Focus(s.client.Entry) }

// Refresh reads everything again for the filters chosen.
func (s *Screen) Refresh() { s.load() }

func (s *Screen) filtersChanged() {
	if !s.setting {
		s.load()
	}
}

// clientPicked follows the client filter: a client chosen from the list,
// or the text cleared for all clients. Text that names no client yet is
// still being typed and changes nothing.
func (s *Screen) clientPicked(c *domain.Client) {
	switch {
	case c != nil && c.ID != s.clientID:
		s.clientID, s.clientName = c.ID, c.Name
		s.clearClient.Enable()
		s.load()
	case c == nil && s.client.Entry.Text == "" && s.clientID != 0:
		s.allClients()
	}
}

// allClients clears the client filter.
func (s *Screen) allClients() {
	s.client.SetClient(nil)
	s.clearClient.Disable()
	if s.clientID != 0 {
		s.clientID, s.clientName = 0, ""
		s.load()
	}
}

// filters are the filters as chosen now.
func (s *Screen) filters() filters {
	f := filters{currency: s.currency.Selected, periodName: s.period.Selected, clientID: s.clientID,
		clientName: s.clientName, asOf: today()}
	f.period = periodFor(f.periodName, f.asOf)
	return f
}

// load reads the book for the filters in the background and shows what it
// read, unless another read has started since.
func (s *Screen) load() {
	f := s.filters()
	s.gen++
	gen := s.gen
	s.status.SetText("Reading the book…")
	book := s.book
	kit.Go(func() {
		snap, err := read(context.Background(), book, f)
		fyne.Do(func() {
			if gen != s.gen {
				return
			}
			if err != nil {
				s.status.SetText("")
				dialog.ShowError(errors.New(domain.ErrorMessage(err)), s.win)
				return
			}
			s.show(snap)
		})
	})
}

// show puts a snapshot on the screen.
func (s *Screen) show(snap *snapshot) {
	s.snap = snap
	s.setting = true
	s.currency.SetOptions(snap.currencies)
	s.currency.SetSelected(snap.f.currency)
	s.setting = false
	p := snap.f.period
	switch {
	case !snap.issued:
		s.status.SetText("No invoices have been issued yet; the reports fill in as you invoice.")
	case p.End == snap.f.asOf:
		// The period runs to the day the figures are as of: said once, so
		// the line fits beside the filters at 1024 points.
		s.status.SetText(fmt.Sprintf("%s to %s in %s.", p.Start, p.End, snap.f.currency))
	default:
		s.status.SetText(fmt.Sprintf("%s to %s in %s, as of %s.", p.Start, p.End, snap.f.currency, snap.f.asOf))
	}
	s.cards.show(snap)
	s.revenue.set(snap.revenueSpec())
	s.aging.set(snap.agingSpec())
	s.clients.set(snap.clientsSpec())
	s.items.set(snap.itemsSpec())
	s.days.set(snap.daysSpec())
	s.targets.set(snap.targetSpec())
	s.forecast.set(snap.forecastSpec())
	s.ahead.show(snap)
	s.health.show(snap)
}

func (s *Screen) showErr(err error) { dialog.ShowError(errors.New(domain.ErrorMessage(err)), s.win) }

// sized lays its objects over each other at least w wide and h high.
type sized struct{ w, h float32 }

func (z sized) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (z sized) MinSize(objs []fyne.CanvasObject) fyne.Size {
	min := fyne.NewSize(z.w, z.h)
	for _, o := range objs {
		ms := o.MinSize()
		if z.w == 0 {
			min.Width = max(min.Width, ms.Width)
		}
		min.Height = max(min.Height, ms.Height)
	}
	return min
}
