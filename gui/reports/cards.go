package reports

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// kpiCards are the dashboard's figures.
type kpiCards struct {
	receivables, overdue, dso, month, quarter, pipeline, credits *widgets.Figure
}

func (s *Screen) newCards() kpiCards {
	receivables := func() { s.Nav.OpenReceivables() }
	k := kpiCards{
		receivables: widgets.NewFigure("Receivables, incl. tax", receivables),
		overdue:     widgets.NewFigure("Overdue", receivables),
		dso:         widgets.NewFigure("Days sales outstanding", receivables),
		month:       widgets.NewFigure("Net revenue, month", func() { s.openInvoiced(domain.PeriodMonth) }),
		quarter:     widgets.NewFigure("Net revenue, quarter", func() { s.openInvoiced(domain.PeriodQuarter) }),
		pipeline:    widgets.NewFigure("Weighted pipeline", s.showPipeline),
		credits:     widgets.NewFigure("Unapplied credits", receivables),
	}
	k.dso.SetTip(domain.DSODefinition)
	return k
}

func (k kpiCards) all() []*widgets.Figure {
	return []*widgets.Figure{k.receivables, k.overdue, k.dso, k.month, k.quarter, k.pipeline, k.credits}
}

// grid lays the cards out in a row, or in two when the window is too
// narrow for seven readable cards.
func (k kpiCards) grid() fyne.CanvasObject {
	var objs []fyne.CanvasObject
	for _, c := range k.all() {
		objs = append(objs, c.Object())
	}
	return widgets.NewFigureRow(170, objs...)
}

// show writes the snapshot's KPIs on the cards.
func (k kpiCards) show(snap *snapshot) {
	kp := snap.kpis
	cur := snap.f.currency
	k.receivables.Set(snap.money(kp.Receivables), "owed in "+cur)
	share := "nothing past due"
	if kp.Overdue.IsPositive() && kp.Receivables.IsPositive() {
		share = kp.Overdue.Mul(decimal.NewFromInt(100)).DivRound(kp.Receivables, 0).String() + "% of receivables"
	}
	k.overdue.Set(snap.money(kp.Overdue), share)
	if kp.HasDSO {
		k.dso.Set(kp.DSO.StringFixed(1)+" days", fmt.Sprintf("%d days, incl. tax", domain.DSODays))
	} else {
		k.dso.Set("—", fmt.Sprintf("no sales in the last %d days", domain.DSODays))
	}
	for _, a := range []struct {
		card *widgets.Figure
		at   domain.Attainment
	}{{k.month, kp.Month}, {k.quarter, kp.Quarter}} {
		note := "no target set"
		if a.at.Target != nil {
			note = fmt.Sprintf("%s%% of %s target", a.at.Percent.StringFixed(1), a.at.Target.Amount.Format())
		}
		a.card.Set(snap.money(a.at.Invoiced.Amount), note)
	}
	pipeline := "no open opportunities"
	if kp.Pipeline.Open > 0 {
		pipeline = fmt.Sprintf("%d open, worth %s", kp.Pipeline.Open, kp.Pipeline.Value.Format())
	}
	k.pipeline.Set(snap.money(kp.Pipeline.WeightedMoney().Amount), pipeline)
	k.credits.Set(snap.money(kp.Credits), "not yet allocated")
}

// openInvoiced lists the invoices issued this month or quarter (of the
// client chosen).
func (s *Screen) openInvoiced(kind domain.PeriodKind) {
	p := kind.Period(kind.StartOf(today()))
	s.Nav.ShowDocuments(domain.DocumentFilter{Kind: domain.KindInvoice, Status: domain.DocIssued, ClientID: s.clientID,
		From: p.Start, To: p.End})
}

// pipelineWeights: close, client, title, value, probability, weighted.
var pipelineWeights = []float32{1.3, 3, 3, 1.6, 1, 1.6}

// showPipeline lists the open opportunities behind the pipeline card.
func (s *Screen) showPipeline() {
	if s.snap == nil {
		return
	}
	cur, opportunities, filter := s.snap.f.currency, s.book.Opportunities(), domain.OpportunityFilter{
		ClientID: s.clientID, Status: domain.OpportunityOpen, Currency: s.snap.f.currency}
	kit.Write(func(ctx context.Context) ([]domain.Opportunity, error) {
		return opportunities.FindOpportunities(ctx, filter)
	}, func(opps []domain.Opportunity, err error) {
		if err != nil {
			s.showErr(err)
			return
		}
		s.listPipeline(cur, opps)
	})
}

// listPipeline shows the open opportunities in cur in a dialog.
func (s *Screen) listPipeline(cur string, opps []domain.Opportunity) {
	heads := []string{"Expected close", "Client", "Opportunity", "Value", "Chance", "Weighted"}
	var cells []fyne.CanvasObject
	for i, h := range heads {
		cells = append(cells, headCell(h, i >= 3))
	}
	header := container.New(widgets.NewColumns(pipelineWeights...), cells...)
	list := widget.NewList(func() int { return len(opps) }, func() fyne.CanvasObject {
		var cs []fyne.CanvasObject
		for i := range pipelineWeights {
			cs = append(cs, bodyCell(i >= 3))
		}
		return container.New(widgets.NewColumns(pipelineWeights...), cs...)
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		op := opps[id]
		texts := []string{op.ExpectedClose.String(), op.ClientName, op.Title, op.Value.Format(),
			fmt.Sprintf("%d%%", op.Probability), money.Money{Amount: op.Weighted(), Currency: cur}.Format()}
		for i, c := range o.(*fyne.Container).Objects {
			c.(*widget.Label).SetText(texts[i])
		}
	})
	var body fyne.CanvasObject = list
	if len(opps) == 0 {
		body = widget.NewLabel("There are no open opportunities in " + cur + ".")
	}
	d := dialog.NewCustom("Open opportunities in "+cur, "Close", container.NewBorder(header, nil, nil, nil, body), s.win)
	d.Resize(fyne.NewSize(900, 500))
	d.Show()
}

// headCell is a column heading, right-aligned over amounts.
func headCell(text string, right bool) *widget.Label {
	align := fyne.TextAlignLeading
	if right {
		align = fyne.TextAlignTrailing
	}
	l := widget.NewLabelWithStyle(text, align, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameCaptionText
	l.Importance = widget.LowImportance
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// bodyCell is a list cell, truncated when it does not fit.
func bodyCell(right bool) *widget.Label {
	align := fyne.TextAlignLeading
	if right {
		align = fyne.TextAlignTrailing
	}
	l := widget.NewLabelWithStyle("", align, fyne.TextStyle{})
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}
