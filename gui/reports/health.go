package reports

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

// healthWeights: client, revenue, growth, balance, days to pay, last
// contacted, open complaints, next renewal.
var healthWeights = []float32{4, 1.8, 1.1, 1.8, 1.1, 1.5, 1.1, 1.5}

// healthView is the sales analysis: each client's account health in the
// period, sorted as chosen. Tapping a client lists its invoices of the
// period.
type healthView struct {
	s         *Screen
	sortBy    *widget.Select
	summary   *widget.Label
	list      *widget.List
	empty     *fyne.Container
	emptyText *widget.Label
	rows      []domain.AccountHealth
	obj       fyne.CanvasObject
}

func newHealthView(s *Screen) *healthView {
	v := &healthView{s: s}
	v.sortBy = widget.NewSelect(sortNames, nil)
	v.summary = widget.NewLabel("")
	v.summary.Truncation = fyne.TextTruncateEllipsis
	var heads []fyne.CanvasObject
	for i, h := range []string{"Client", "Revenue, net", "Growth", "Balance, incl. tax", "Days to pay", "Last contacted", "Complaints", "Next renewal"} {
		heads = append(heads, headCell(h, i > 0 && i < 5 || i == 6))
	}
	header := container.New(widgets.NewColumns(healthWeights...), heads...)
	v.list = widget.NewList(func() int { return len(v.rows) }, func() fyne.CanvasObject {
		var cells []fyne.CanvasObject
		for i := range healthWeights {
			cells = append(cells, bodyCell(i > 0 && i < 5 || i == 6))
		}
		return container.New(widgets.NewColumns(healthWeights...), cells...)
	}, func(id widget.ListItemID, o fyne.CanvasObject) {
		if id < 0 || id >= len(v.rows) || v.s.snap == nil {
			return
		}
		for i, text := range v.s.snap.healthTexts(v.rows[id]) {
			o.(*fyne.Container).Objects[i].(*widget.Label).SetText(text)
		}
	})
	v.list.OnSelected = func(id widget.ListItemID) {
		v.list.UnselectAll()
		if id >= 0 && id < len(v.rows) {
			v.open(v.rows[id])
		}
	}
	v.sortBy.SetSelected(sortGrowth)
	v.sortBy.OnChanged = func(string) { v.sort() }
	v.emptyText = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	v.emptyText.Wrapping = fyne.TextWrapWord
	v.empty = container.NewVBox(layout.NewSpacer(), v.emptyText, layout.NewSpacer())
	v.empty.Hide()
	sortField := widgets.NewField("Sort by", v.sortBy)
	controls := container.NewBorder(nil, nil, nil, container.New(sized{w: 160}, sortField.Object()),
		container.NewVBox(layout.NewSpacer(), v.summary))
	top := container.NewVBox(container.NewPadded(controls), header, widget.NewSeparator())
	v.obj = container.NewBorder(top, nil, nil, nil, container.NewStack(v.list, v.empty))
	return v
}

// show lists the snapshot's clients.
func (v *healthView) show(snap *snapshot) {
	v.rows = append([]domain.AccountHealth(nil), snap.health...)
	revenue, owed := decimal.Zero, decimal.Zero
	growing := 0
	for _, r := range v.rows {
		revenue, owed = revenue.Add(r.Revenue), owed.Add(r.Balance)
		if r.HasGrowth && r.Growth.IsPositive() {
			growing++
		}
	}
	if len(v.rows) == 0 {
		v.summary.SetText("")
		v.emptyText.SetText(fmt.Sprintf("No client was invoiced in %s in this period or the one before, and none owes anything%s.",
			snap.f.currency, snap.forWhom()))
		v.empty.Show()
	} else {
		v.summary.SetText(fmt.Sprintf("%s: %s invoiced net of tax, %s growing on the period before, %s owed including tax.",
			widgets.Count(len(v.rows), "client", "clients"), snap.money(revenue), fmt.Sprint(growing), snap.money(owed)))
		v.empty.Hide()
	}
	v.sort()
}

// sort orders the rows as the sort choice says and shows them from the top.
func (v *healthView) sort() {
	sortHealth(v.rows, v.sortBy.Selected)
	v.list.UnselectAll()
	v.list.Refresh()
	v.list.ScrollToTop()
}

// open lists the client's invoices of the period.
func (v *healthView) open(r domain.AccountHealth) {
	if v.s.snap == nil {
		return
	}
	p := v.s.snap.f.period
	v.s.Nav.ShowDocuments(domain.DocumentFilter{Kind: domain.KindInvoice, Status: domain.DocIssued, ClientID: r.ClientID,
		From: p.Start, To: p.End})
}
