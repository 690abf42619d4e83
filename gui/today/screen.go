// Package today is the Today screen: what needs the account manager now —
// overdue and due tasks, renewals needing a decision and invoices gone
// overdue — each one click from its record.
package today

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// maxRows bounds each section; the rest are counted, not listed.
const maxRows = 50

// Screen is the Today screen.
type Screen struct {
	book  domain.Book
	win   fyne.Window
	today func() domain.Date

	title   *widget.Label
	summary *widget.Label
	undoBar *fyne.Container // the last change to a task, with Undo
	undoMsg *widget.Label
	undo    func() // what Undo does; nil when there is nothing to undo
	body    *fyne.Container
	root    fyne.CanvasObject
	load    *kit.Loader

	// Counts of what the last Refresh found, for tests and the tab badge.
	Overdue, DueToday, Upcoming, Renewals, OverdueInvoices, Promises, Complaints int

	// Nav opens what other screens show; the window sets it.
	Nav kit.Nav
}

// NewScreen builds the screen over the book.
func NewScreen(book domain.Book, win fyne.Window) *Screen {
	s := &Screen{book: book, win: win, today: domain.Today, Nav: kit.Nowhere{}, load: kit.NewLoader()}
	s.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.title.SizeName = theme.SizeNameSubHeadingText
	s.summary = widget.NewLabel("")
	s.summary.Wrapping = fyne.TextWrapWord // a second line rather than "3 ope…" in a narrow window
	refresh := widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), s.Refresh)
	s.undoMsg = widget.NewLabel("")
	s.undoMsg.Truncation = fyne.TextTruncateEllipsis
	undo := widget.NewButtonWithIcon("Undo", theme.ContentUndoIcon(), s.Undo)
	s.undoBar = container.NewBorder(nil, nil, nil, undo, s.undoMsg)
	s.undoBar.Hide()
	s.body = container.NewVBox()
	head := container.NewBorder(nil, nil, s.title, refresh, s.summary)
	s.root = container.NewBorder(container.NewVBox(container.NewPadded(head), s.undoBar, widget.NewSeparator()), nil, nil, nil,
		container.NewStack(container.NewVScroll(container.NewPadded(s.body)), s.load.Spinner()))
	s.Refresh()
	return s
}

// Object is the screen's layout.
func (s *Screen) Object() fyne.CanvasObject { return s.root }

// Tab is Today in the window's tab list.
func (s *Screen) Tab() kit.Tab {
	return kit.Tab{Title: "Today", Icon: theme.CalendarIcon(), Content: s.Object(), Refresh: s.Refresh, Screen: s}
}

// Tab is Today built over base: the one line the window's tab list has for
// it. With base.Notify it also sends a desktop notification for the tasks
// falling due while the book is open (the tab's Close stops that).
func Tab(base kit.Base) kit.Tab {
	s := NewScreen(base.Book, base.Win)
	s.Nav = base.Nav
	t := s.Tab()
	if base.Notify != nil {
		n := NewNotifier(base.Book.Activities(), base.Notify)
		n.Check()
		n.Start()
		t.Close = n.Stop
	}
	return t
}

func (s *Screen) showErr(err error) { dialog.ShowError(errors.New(domain.ErrorMessage(err)), s.win) }

// SummaryText is the one line under the date: what needs doing, counted.
func (s *Screen) SummaryText() string { return s.summary.Text }

// Refresh reads the agenda again in the background and shows it.
func (s *Screen) Refresh() {
	day := s.today()
	kit.Load(s.load, func(ctx context.Context) (domain.Agenda, error) { return domain.TodayAgenda(ctx, s.book, day) },
		func(ag domain.Agenda, err error) {
			if err != nil {
				s.showErr(err)
				return
			}
			s.show(ag)
		})
}

// show lays out the agenda's sections.
func (s *Screen) show(ag domain.Agenda) {
	day := ag.Day
	s.title.SetText("Today, " + day.String())
	s.summary.SetText(ag.Summary())
	s.body.RemoveAll()
	overdue, due, renewals, inv := ag.Overdue, ag.Due, ag.Renewals, ag.OverdueInvoices
	s.Overdue, s.DueToday, s.Upcoming = len(overdue), len(due), len(ag.Upcoming)
	s.Renewals, s.Complaints, s.Promises, s.OverdueInvoices = len(renewals), len(ag.Complaints), len(ag.Promises), len(inv)
	section(s, "Overdue tasks", overdue, ag.Capped.Overdue, "Nothing overdue.", day, s.taskRow)
	section(s, "Due today", due, ag.Capped.Due, "No tasks due today.", day, s.taskRow)
	section(s, fmt.Sprintf("Upcoming, next %d days", domain.UpcomingDays), ag.Upcoming, ag.Capped.Upcoming, "Nothing planned for the coming week.", day, s.taskRow)
	section(s, "Renewals to decide", renewals, false, "No contract needs a renewal decision.", day, s.renewalRow)
	section(s, "Open complaints", ag.Complaints, ag.Capped.Complaints, "No complaint is open.", day, s.complaintRow)
	section(s, "Promises to pay", ag.Promises, false, "No promise to pay has fallen due.", day, s.promiseRow)
	section(s, "Overdue invoices", inv, ag.Capped.OverdueInvoices, "No invoice is overdue.", day, s.invoiceRow)
	s.body.Refresh()
}

// changeTask writes a change to task t in the background, then shows what
// was done with an Undo that writes it back, and reads the agenda again.
func (s *Screen) changeTask(t domain.Task, done string, change, back func(ctx context.Context) error) {
	kit.Write(func(ctx context.Context) (struct{}, error) { return struct{}{}, change(ctx) },
		func(_ struct{}, err error) {
			if err != nil {
				s.showErr(err)
				return
			}
			s.undoMsg.SetText(done)
			s.undo = func() {
				kit.Write(func(ctx context.Context) (struct{}, error) { return struct{}{}, back(ctx) },
					func(_ struct{}, err error) {
						if err != nil {
							s.showErr(err)
						}
						s.Refresh()
					})
			}
			s.undoBar.Show()
			s.Refresh()
		})
}

// Undo takes back the last change made to a task on this screen.
func (s *Screen) Undo() {
	if s.undo == nil {
		return
	}
	undo := s.undo
	s.undo = nil
	s.undoBar.Hide()
	undo()
}

// UndoText is what the undo notice says; "" while there is nothing to undo.
func (s *Screen) UndoText() string {
	if !s.undoBar.Visible() {
		return ""
	}
	return s.undoMsg.Text
}

// section adds a heading with a count of rows ("1,000+" when the agenda
// read no further: capped) and the first maxRows of them, each made by row,
// or none, a quiet line, when there are none.
func section[T any](s *Screen, title string, rows []T, capped bool, none string, day domain.Date, row func(T, domain.Date) fyne.CanvasObject) {
	n := len(rows)
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	count := widgets.NewBadge(domain.AgendaCount(n, capped), theme.ColorNameButton)
	if n > 0 && (strings.HasPrefix(title, "Overdue")) {
		count.Set(domain.AgendaCount(n, capped), theme.ColorNameError)
	}
	s.body.Add(container.NewHBox(head, container.NewCenter(count)))
	box := container.NewVBox()
	if n == 0 {
		l := widget.NewLabel(none)
		l.Importance = widget.LowImportance
		box.Add(l)
	} else {
		for _, r := range rows[:min(n, maxRows)] {
			box.Add(row(r, day))
		}
		if n > maxRows {
			more := widget.NewLabel("…and " + domain.AgendaCount(n-maxRows, capped) + " more.")
			more.Importance = widget.LowImportance
			box.Add(more)
		}
	}
	s.body.Add(box)
	s.body.Add(widget.NewSeparator())
}

// rowWeights: what, client, when, actions.
var rowWeights = []float32{7, 5, 4.2, 5}

func (s *Screen) link(text string, open func()) fyne.CanvasObject {
	if open == nil || text == "" {
		l := widget.NewLabel(text)
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	// A link, not a button: a long client name is cut short with an
	// ellipsis in its column instead of pushing the row's columns apart.
	h := widget.NewHyperlink(text, nil)
	h.OnTapped = open
	h.Truncation = fyne.TextTruncateEllipsis
	return h
}

func (s *Screen) clientLink(name string, id int64) fyne.CanvasObject {
	if id == 0 {
		return widget.NewLabel("")
	}
	return s.link(name, func() { s.Nav.OpenClient(id, "") })
}

func (s *Screen) taskRow(t domain.Task, day domain.Date) fyne.CanvasObject {
	title := widget.NewLabel(t.Title)
	title.Truncation = fyne.TextTruncateEllipsis
	if t.Priority == domain.PriorityHigh {
		title.TextStyle.Bold = true
		title.SetText("! " + t.Title)
	}
	when := t.ShowsOn().String()
	if t.DueTime != "" {
		when += " " + t.DueTime
	}
	if late := t.ShowsOn().DaysUntil(day); late > 0 {
		when += fmt.Sprintf(" · %d d late", late)
	}
	whenL := widget.NewLabel(when)
	whenL.Truncation = fyne.TextTruncateEllipsis
	acts := s.activities()
	done := widget.NewButtonWithIcon("Done", theme.ConfirmIcon(), func() {
		s.changeTask(t, fmt.Sprintf("Marked %q done.", t.Title),
			func(ctx context.Context) error { return acts.CompleteTask(ctx, t.ID) },
			func(ctx context.Context) error { return acts.ReopenTask(ctx, t.ID) })
	})
	// A task late or due today moves to tomorrow or a week from today; one
	// still to come moves a day or a week on from the day it shows, so the
	// button says what it does (a task due tomorrow cannot move to
	// tomorrow).
	from, soon := day, "Tomorrow"
	if t.ShowsOn().After(day) {
		from, soon = t.ShowsOn(), "+1 day"
	}
	snooze := widget.NewButtonWithIcon(soon, theme.HistoryIcon(), func() { s.snooze(t, from.AddDays(1)) })
	week := widget.NewButton("+1 week", func() { s.snooze(t, from.AddDays(7)) })
	return container.New(widgets.NewColumns(rowWeights...), title, s.clientLink(t.ClientName, t.ClientID), whenL,
		container.NewHBox(done, snooze, week))
}

func (s *Screen) activities() domain.ActivityService { return s.book.Activities() }

// snooze moves a task to until (at least a day after its due date); Undo
// puts it back where it showed.
func (s *Screen) snooze(t domain.Task, until domain.Date) {
	if !until.After(t.DueDate) {
		until = t.DueDate.AddDays(1)
	}
	acts, was := s.activities(), t.SnoozedUntil
	s.changeTask(t, fmt.Sprintf("Moved %q to %s.", t.Title, until),
		func(ctx context.Context) error { return acts.SnoozeTask(ctx, t.ID, until) },
		func(ctx context.Context) error { return acts.SnoozeTask(ctx, t.ID, was) })
}

func (s *Screen) renewalRow(c domain.Contract, day domain.Date) fyne.CanvasObject {
	title := widget.NewLabel(c.Title)
	title.Truncation = fyne.TextTruncateEllipsis
	var when string
	if d := day.DaysUntil(c.End); d >= 0 {
		when = fmt.Sprintf("ends %s (in %d d)", c.End, d)
	} else {
		when = fmt.Sprintf("ended %s", c.End)
	}
	whenL := widget.NewLabel(when)
	whenL.Truncation = fyne.TextTruncateEllipsis
	value := widget.NewLabelWithStyle(c.Value.String(), fyne.TextAlignTrailing, fyne.TextStyle{})
	return container.New(widgets.NewColumns(rowWeights...), title, s.clientLink(c.ClientName, c.ClientID), whenL, value)
}

func (s *Screen) invoiceRow(r domain.OverdueInvoice, day domain.Date) fyne.CanvasObject {
	id := r.Invoice.ID
	num := s.link(r.Invoice.Number, func() { s.Nav.OpenDocument(id) })
	late := widget.NewLabel(fmt.Sprintf("due %s (%d d)", r.Invoice.DueDate, r.Invoice.DueDate.DaysUntil(day)))
	late.Truncation = fyne.TextTruncateEllipsis
	open := widget.NewLabelWithStyle(r.Open.String()+" open", fyne.TextAlignTrailing, fyne.TextStyle{})
	return container.New(widgets.NewColumns(rowWeights...), num, s.clientLink(r.Invoice.ClientName, r.Invoice.ClientID), late, open)
}

// complaintRow is an open complaint: its subject, which opens the client's
// complaints, the client, how long it has been open and how severe it is.
func (s *Screen) complaintRow(k domain.Complaint, day domain.Date) fyne.CanvasObject {
	id := k.ClientID
	subject := s.link(k.Subject, func() { s.Nav.OpenClient(id, "Complaints") })
	when := widget.NewLabel(fmt.Sprintf("opened %s (%d d)", k.OpenedOn, k.OpenedOn.DaysUntil(day)))
	when.Truncation = fyne.TextTruncateEllipsis
	sev := widget.NewLabelWithStyle(k.Severity.Title()+" · "+strings.ToLower(k.Status.Title()), fyne.TextAlignTrailing, fyne.TextStyle{})
	sev.Truncation = fyne.TextTruncateEllipsis
	if k.Severity == domain.ComplaintCritical || k.Severity == domain.ComplaintHigh {
		sev.Importance = widget.DangerImportance
	}
	return container.New(widgets.NewColumns(rowWeights...), subject, s.clientLink(k.ClientName, k.ClientID), when, sev)
}

// promiseRow is a promise to pay that fell due: what was promised on which
// invoice, by whom, how late it is, and what came in.
func (s *Screen) promiseRow(p domain.PromiseDue, day domain.Date) fyne.CanvasObject {
	e := p.Entry
	what := p.Entry.PromisedAmount.String() + " on the account"
	var open func()
	if e.DocumentID != 0 {
		what = e.PromisedAmount.String() + " on " + e.DocumentNumber
		id := e.DocumentID
		open = func() { s.Nav.OpenDocument(id) }
	}
	when := "promised for today"
	if late := p.DaysLate(day); late > 0 {
		when = fmt.Sprintf("promised %s (%d d late)", e.PromisedDate, late)
	}
	whenL := widget.NewLabel(when)
	whenL.Truncation = fyne.TextTruncateEllipsis
	received := "nothing received"
	if p.Received.Amount.IsPositive() {
		received = p.Received.String() + " received"
	}
	got := widget.NewLabelWithStyle(received, fyne.TextAlignTrailing, fyne.TextStyle{})
	got.Truncation = fyne.TextTruncateEllipsis
	return container.New(widgets.NewColumns(rowWeights...), s.link(what, open), s.clientLink(e.ClientName, e.ClientID), whenL, got)
}

// Notifier tells the person, while the app runs, when a task falls due:
// once per task, at its time of day (or at the start of its day).
type Notifier struct {
	svc    domain.ActivityService
	send   func(title, content string)
	now    func() time.Time
	told   map[int64]bool
	ticker *time.Ticker
	stop   chan struct{}
}

// NewNotifier returns a notifier that calls send for each task falling due.
func NewNotifier(svc domain.ActivityService, send func(title, content string)) *Notifier {
	return &Notifier{svc: svc, send: send, now: time.Now, told: map[int64]bool{}}
}

// Check notifies about tasks due by now that it has not told of yet; the
// tasks are read off the UI goroutine, the notices sent on it.
func (n *Notifier) Check() {
	now, svc := n.now(), n.svc
	day := domain.DateOf(now)
	kit.Write(func(ctx context.Context) ([]domain.Task, error) {
		return svc.FindTasks(ctx, domain.TaskFilter{DueBy: day, Limit: 200})
	}, func(tasks []domain.Task, err error) {
		if err == nil {
			n.tell(tasks, now)
		}
	})
}

// tell notifies about the tasks due by now it has not told of yet.
func (n *Notifier) tell(tasks []domain.Task, now time.Time) {
	day, clock := domain.DateOf(now), now.Format("15:04")
	for _, t := range tasks {
		if n.told[t.ID] || t.ShowsOn() != day || (t.DueTime != "" && t.DueTime > clock) {
			continue
		}
		n.told[t.ID] = true
		content := t.Title
		if t.ClientName != "" {
			content += " — " + t.ClientName
		}
		n.send("Task due", content)
	}
}

// Start checks every minute until Stop; fyne.Do keeps the checks on the UI
// goroutine with everything else.
func (n *Notifier) Start() {
	ticker, stop := time.NewTicker(time.Minute), make(chan struct{})
	n.ticker, n.stop = ticker, stop
	go func() {
		for {
			select {
			case <-ticker.C:
				fyne.Do(n.Check)
			case <-stop:
				return
			}
		}
	}()
}

// Stop ends the checks.
func (n *Notifier) Stop() {
	if n.ticker != nil {
		n.ticker.Stop()
		close(n.stop)
		n.ticker = nil
	}
}
