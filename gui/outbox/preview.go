package outbox

import (
	"context"
	"fmt"
	"strings"

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

// Preview is what Run reminders would queue, shown before anything is: one
// ticked row per reminder (client, invoice, level, amount due, days overdue,
// late fee) in a virtualized list, what would be skipped, and Queue.
type Preview struct {
	s      *Screen
	asOf   domain.Date
	run    domain.ReminderRun
	ticked []bool
	list   *widget.List
	count  *widget.Label
	queue  *widget.Button
	dlg    *dialog.CustomDialog
}

// previewWeights size the preview's columns: tick, client, invoice, level,
// amount due, days overdue, late fee.
var previewWeights = []float32{0.6, 5, 3, 3, 3, 1.6, 2.4}

// RunReminders works out the reminders due today in the background and
// shows them ticked, to queue the ones still ticked.
func (s *Screen) RunReminders() {
	asOf := domain.DateOf(s.now())
	s.runBtn.Disable()
	kit.Write(func(ctx context.Context) (domain.ReminderRun, error) { return s.rem.PlanReminders(ctx, asOf) },
		func(plan domain.ReminderRun, err error) {
			s.runBtn.Enable()
			if err != nil {
				kit.ShowError(err, s.win)
				return
			}
			if len(plan.Made) == 0 {
				msg := "No reminders are due today."
				if len(plan.Skipped) > 0 {
					msg += "\n\n" + skippedText(plan.Skipped)
				}
				dialog.ShowInformation("Reminders as of "+asOf.String(), msg, s.win)
				return
			}
			s.pending = s.newPreview(asOf, plan)
		})
}

func (s *Screen) newPreview(asOf domain.Date, plan domain.ReminderRun) *Preview {
	p := &Preview{s: s, asOf: asOf, run: plan, ticked: make([]bool, len(plan.Made))}
	for i := range p.ticked {
		p.ticked[i] = true
	}
	cell := func(align fyne.TextAlign) *widget.Label {
		l := widget.NewLabelWithStyle("", align, fyne.TextStyle{})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	p.list = widget.NewList(func() int { return len(p.run.Made) }, func() fyne.CanvasObject {
		return container.New(widgets.NewColumns(previewWeights...), widget.NewCheck("", nil), cell(fyne.TextAlignLeading),
			cell(fyne.TextAlignLeading), cell(fyne.TextAlignLeading), cell(fyne.TextAlignTrailing),
			cell(fyne.TextAlignTrailing), cell(fyne.TextAlignTrailing))
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		r := p.run.Made[id]
		objs := o.(*fyne.Container).Objects
		check := objs[0].(*widget.Check)
		check.OnChanged = nil
		check.SetChecked(p.ticked[id])
		check.OnChanged = func(on bool) { p.Tick(id, on) }
		texts := previewTexts(r)
		for i, t := range texts {
			objs[i+1].(*widget.Label).SetText(t)
		}
	})
	header := container.New(widgets.NewColumns(previewWeights...), widget.NewLabel(""))
	for i, h := range []string{"Client", "Invoice", "Reminder", "Amount due", "Days late", "Late fee"} {
		align := fyne.TextAlignLeading
		if i >= 3 {
			align = fyne.TextAlignTrailing
		}
		header.Add(widget.NewLabelWithStyle(h, align, fyne.TextStyle{Bold: true}))
	}
	intro := widget.NewLabel(fmt.Sprintf("%s due as of %s. Untick any you do not want to send; nothing is queued until you press Queue.",
		widgets.Count(len(plan.Made), "reminder is", "reminders are"), asOf))
	intro.Wrapping = fyne.TextWrapWord
	all := widget.NewButton("Tick all", func() { p.tickAll(true) })
	none := widget.NewButton("Untick all", func() { p.tickAll(false) })
	p.count = widget.NewLabel("")
	var skipped fyne.CanvasObject = container.NewVBox()
	if len(plan.Skipped) > 0 {
		l := widget.NewLabel(skippedText(plan.Skipped))
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		skipped = container.NewVScroll(l)
		skipped.(*container.Scroll).SetMinSize(fyne.NewSize(0, 60))
	}
	cancel := widget.NewButton("Cancel", func() { p.dlg.Hide() })
	p.queue = widget.NewButton("", p.Queue)
	p.queue.Importance = widget.HighImportance
	// The list's rows are inset by a padding; the header lines up with them.
	pad := theme.Padding()
	top := container.NewVBox(intro, container.NewHBox(all, none, p.count),
		container.New(layout.NewCustomPaddedLayout(0, 0, pad, pad), header))
	bottom := container.NewVBox(skipped, container.NewHBox(layout.NewSpacer(), cancel, p.queue))
	content := container.NewBorder(top, bottom, nil, nil, p.list)
	p.dlg = dialog.NewCustomWithoutButtons("Run reminders", content, s.win)
	p.showCount()
	// The dialog fits the window: the list scrolls, the buttons stay in view.
	ws := s.win.Canvas().Size()
	p.dlg.Resize(fyne.NewSize(min(860, ws.Width-40), min(620, ws.Height-40)))
	p.dlg.Show()
	return p
}

// previewTexts are a planned reminder's cells after the tick.
func previewTexts(r domain.Reminder) []string {
	fee := ""
	switch {
	case !r.Fee.Amount.IsZero():
		fee = r.Fee.String()
	case r.FeeNote != "":
		fee = "none"
	}
	days := r.DaysOverdue
	if days < 0 {
		days = 0
	}
	return []string{r.Message.ClientName, r.Message.DocumentNumber, r.Message.LevelName, r.AmountDue.String(),
		fmt.Sprint(days), fee}
}

// Tick ticks or unticks row i.
func (p *Preview) Tick(i int, on bool) {
	p.ticked[i] = on
	p.showCount()
}

func (p *Preview) tickAll(on bool) {
	for i := range p.ticked {
		p.ticked[i] = on
	}
	p.list.Refresh()
	p.showCount()
}

// Ticked are the invoices whose reminders are ticked.
func (p *Preview) Ticked() []int64 {
	var ids []int64
	for i, on := range p.ticked {
		if on {
			ids = append(ids, p.run.Made[i].Message.DocumentID)
		}
	}
	return ids
}

func (p *Preview) showCount() {
	n := len(p.Ticked())
	fees := 0
	for i, on := range p.ticked {
		if on && !p.run.Made[i].Fee.Amount.IsZero() {
			fees++
		}
	}
	text := fmt.Sprintf("%d of %d ticked", n, len(p.ticked))
	if fees > 0 {
		text += fmt.Sprintf(" · %s", widgets.Count(fees, "late-fee invoice will be issued", "late-fee invoices will be issued"))
	}
	p.count.SetText(text)
	p.queue.SetText("Queue " + widgets.Count(n, "reminder", "reminders"))
	if n == 0 {
		p.queue.Disable()
	} else {
		p.queue.Enable()
	}
}

// Queue queues the ticked reminders, closes the preview and says what was
// queued in the screen's notice line.
func (p *Preview) Queue() {
	ids := p.Ticked()
	if len(ids) == 0 {
		return
	}
	p.queue.Disable()
	s := p.s
	kit.Write(func(ctx context.Context) (domain.ReminderRun, error) { return s.rem.RunReminders(ctx, p.asOf, ids...) },
		func(run domain.ReminderRun, err error) {
			p.dlg.Hide()
			s.pending = nil
			s.filter.SetSelectedIndex(0)
			s.Refresh()
			msg := queuedText(run)
			if err != nil {
				dialog.ShowError(fmt.Errorf("%s\n\n%s", msg, domain.ErrorMessage(err)), s.win)
				return
			}
			kit.Notify(s.win, msg)
			s.lastRun = msg
		})
}

// queuedText says in one line what a run queued.
func queuedText(run domain.ReminderRun) string {
	fees := 0
	for _, r := range run.Made {
		if r.Message.FeeNumber != "" {
			fees++
		}
	}
	msg := "Queued " + widgets.Count(len(run.Made), "reminder", "reminders")
	if fees > 0 {
		msg += ", with " + widgets.Count(fees, "late-fee invoice", "late-fee invoices")
	}
	return msg + "."
}

// skippedText lists what a run leaves out, and why.
func skippedText(skipped []domain.ReminderSkip) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Not reminded (%d):", len(skipped))
	for _, k := range skipped {
		fmt.Fprintf(&b, "\n• %s, %s: %s", k.Number, k.ClientName, k.Reason)
	}
	return b.String()
}
