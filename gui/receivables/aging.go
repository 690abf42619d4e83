package receivables

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// agingWeights: client, the five buckets, total, credit.
var agingWeights = []float32{4.4, 1.7, 1.7, 1.7, 1.7, 1.7, 1.9, 1.7}

// agingView is the receivables of one currency as of a date, by client and
// by how long past due, largest debtor first.
type agingView struct {
	s *Screen

	asOf      *widget.Entry
	asOfField *widgets.Field
	currency  *widget.Select
	summary   *widget.Label
	heads     []*widget.Label
	list      *widget.List
	totals    []*widget.Label
	totalsRow fyne.CanvasObject
	empty     *fyne.Container
	emptyText *widget.Label
	exportBtn *widget.Button
	obj       *fyne.Container

	loading bool
	typing  debouncer
	curs    []string           // the currencies invoices were issued in, the company's first
	issued  bool               // whether any invoice has been issued
	date    domain.Date        // the date the report is as of
	cur     string             // the report's currency
	rep     domain.AgingReport // as read
	rows    []domain.AgingRow  // rep.Rows, largest total first
	drill   *drillDown         // the last drill-down opened
	stmt    *statementForm     // the last statement form opened
}

func newAgingView(s *Screen) *agingView {
	v := &agingView{s: s, date: today()}
	v.asOf = widget.NewEntry()
	v.asOf.SetPlaceHolder("YYYY-MM-DD")
	v.asOf.SetText(v.date.String())
	v.asOf.OnChanged = func(string) {
		if !v.loading {
			v.typing.schedule(v.refresh)
		}
	}
	v.asOf.OnSubmitted = func(string) { v.refresh() }
	v.asOfField = widgets.NewField("As of", v.asOf)
	// One line, so the row's height is known before the message is laid
	// out (a wrapped label only learns its height from its width).
	v.asOfField.Error.Wrapping = fyne.TextWrapOff
	v.asOfField.Error.Truncation = fyne.TextTruncateEllipsis
	v.currency = widget.NewSelect(nil, func(string) {
		if !v.loading {
			v.refresh()
		}
	})
	v.summary = widget.NewLabel("")
	v.summary.Truncation = fyne.TextTruncateEllipsis

	labels := domain.DefaultAgingBuckets().Labels()
	heads := []fyne.CanvasObject{headerLabel("Client", fyne.TextAlignLeading)}
	for _, l := range append(labels, "Total", "Credit") {
		h := headerLabel(l, fyne.TextAlignTrailing)
		v.heads = append(v.heads, h)
		heads = append(heads, h)
	}
	header := container.New(widgets.NewColumns(agingWeights...), heads...)

	v.list = widget.NewList(func() int { return len(v.rows) }, v.newRow, v.updateRow)
	v.list.OnSelected = func(id widget.ListItemID) {
		v.list.UnselectAll()
		if id >= 0 && id < len(v.rows) {
			v.openClient(v.rows[id])
		}
	}
	var totals []fyne.CanvasObject
	for i := range agingWeights {
		align := fyne.TextAlignTrailing
		if i == 0 {
			align = fyne.TextAlignLeading
		}
		l := widget.NewLabelWithStyle("", align, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		v.totals = append(v.totals, l)
		totals = append(totals, l)
	}
	v.totalsRow = container.NewVBox(widget.NewSeparator(), container.New(widgets.NewColumns(agingWeights...), totals...))

	v.emptyText = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	v.emptyText.Wrapping = fyne.TextWrapWord
	v.empty = container.NewVBox(layout.NewSpacer(), v.emptyText, layout.NewSpacer())
	v.empty.Hide()

	curField := widgets.NewField("Currency", v.currency)
	v.exportBtn = widgets.NewExportButton(func() { widgets.SaveCSV(v.s.win, v.exportName(), v.WriteCSV) })
	controls := container.NewBorder(nil, nil,
		container.NewHBox(container.New(fixedWidth(200), v.asOfField.Object()), container.New(fixedWidth(110), curField.Object())),
		container.NewVBox(layout.NewSpacer(), v.exportBtn), container.NewVBox(layout.NewSpacer(), v.summary))
	top := container.NewVBox(container.NewPadded(controls), header, widget.NewSeparator())
	v.obj = container.NewBorder(top, v.totalsRow, nil, nil, container.NewStack(v.list, v.empty))
	return v
}

func (v *agingView) newRow() fyne.CanvasObject {
	cells := make([]fyne.CanvasObject, len(agingWeights))
	for i := range cells {
		align := fyne.TextAlignTrailing
		if i == 0 {
			align = fyne.TextAlignLeading
		}
		cells[i] = cell(align)
	}
	return container.New(widgets.NewColumns(agingWeights...), cells...)
}

func (v *agingView) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	cells := o.(*fyne.Container).Objects
	texts := make([]string, len(cells))
	if id >= 0 && id < len(v.rows) {
		texts = v.rowTexts(v.rows[id])
	}
	for i, c := range cells {
		c.(*widget.Label).SetText(texts[i])
	}
}

// rowTexts is what a client's row shows: the name, each bucket, the total
// and the credit, zero amounts left blank.
func (v *agingView) rowTexts(r domain.AgingRow) []string {
	in := func(d decimal.Decimal) string { return amountText(money.Money{Amount: d, Currency: v.cur}) }
	out := []string{r.ClientName}
	for _, b := range r.Buckets {
		out = append(out, in(b))
	}
	return append(out, in(r.Total), in(r.Credits))
}

// totalTexts is what the totals row shows, every amount written out.
func (v *agingView) totalTexts() []string {
	in := func(d decimal.Decimal) string { return money.Money{Amount: d, Currency: v.cur}.Format() }
	out := []string{"Total " + v.cur}
	for _, b := range v.rep.Totals {
		out = append(out, in(b))
	}
	return append(out, in(v.rep.Total), in(v.rep.Credits))
}

// issuedCurrencies lists the currencies the book has issued invoices in,
// the company's own first and the rest in alphabetical order; ok is false
// when no invoice has been issued at all.
func issuedCurrencies(ctx context.Context, book domain.Book) (curs []string, ok bool, err error) {
	co, err := book.Company().Company(ctx)
	if err != nil {
		return nil, false, err
	}
	seen := map[string]bool{}
	const page = 1000
	for off := 0; ; off += page {
		rows, err := book.Documents().FindDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice,
			Status: domain.DocIssued, Offset: off, Limit: page})
		if err != nil {
			return nil, false, err
		}
		for _, r := range rows {
			seen[r.Total.Currency] = true
		}
		if len(rows) < page {
			break
		}
	}
	ok = len(seen) > 0
	delete(seen, co.Currency)
	for c := range seen {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	return append([]string{co.Currency}, curs...), ok, nil
}

// reload reads the aging again with the currencies known so far, and looks
// for the currencies afresh in the background (reading every issued invoice
// takes a while in a large book); if they changed it reads the aging again.
func (v *agingView) reload() {
	v.refresh()
	book := v.s.book
	background(func() {
		curs, issued, err := issuedCurrencies(context.Background(), book)
		fyne.Do(func() {
			if err != nil {
				kit.ShowError(err, v.s.win)
				return
			}
			if slices.Equal(curs, v.curs) && issued == v.issued {
				return
			}
			v.curs, v.issued = curs, issued
			v.refresh()
		})
	})
}

// refresh reads the aging again for the date and currency chosen. A date
// that cannot be read is pointed out at its field and the last report stays.
func (v *agingView) refresh() {
	v.typing.stop()
	ctx := context.Background()
	date, err := domain.ParseDate(v.asOf.Text)
	if err != nil {
		v.asOfField.SetError("Write it as YYYY-MM-DD.")
		v.obj.Refresh()
		return
	}
	v.asOfField.SetError("")
	curs, issued := v.curs, v.issued
	if len(curs) == 0 {
		// Until the invoices have been looked through: the company's currency.
		co, err := v.s.book.Company().Company(ctx)
		if err != nil {
			kit.ShowError(err, v.s.win)
			return
		}
		curs, issued = []string{co.Currency}, true
	}
	cur := v.currency.Selected
	if !slices.Contains(curs, cur) {
		cur = curs[0]
	}
	v.loading = true
	v.currency.SetOptions(curs)
	v.currency.SetSelected(cur)
	v.loading = false
	rep, err := v.s.book.Payments().Aging(ctx, date, cur, domain.DefaultAgingBuckets())
	if err != nil {
		kit.ShowError(err, v.s.win)
		return
	}
	v.date, v.cur, v.rep = date, cur, rep
	v.rows = append([]domain.AgingRow(nil), rep.Rows...)
	sort.SliceStable(v.rows, func(i, j int) bool {
		a, b := v.rows[i], v.rows[j]
		if c := a.Total.Cmp(b.Total); c != 0 {
			return c > 0
		}
		return a.Credits.GreaterThan(b.Credits)
	})
	for i, l := range rep.Labels {
		v.heads[i].SetText(l)
	}
	for i, t := range v.totalTexts() {
		v.totals[i].SetText(t)
	}
	v.list.UnselectAll()
	v.list.Refresh()
	v.list.ScrollToTop()

	owing := 0
	for _, r := range v.rows {
		if r.Total.IsPositive() {
			owing++
		}
	}
	in := func(d decimal.Decimal) money.Money { return money.Money{Amount: d, Currency: cur} }
	overdue := rep.Total
	if len(rep.Totals) > 0 {
		overdue = rep.Total.Sub(rep.Totals[0])
	}
	switch {
	case !issued:
		v.summary.SetText("")
		v.emptyText.SetText("No invoices have been issued yet.\nWhat clients owe shows here once you issue invoices in the Documents tab.")
	case len(v.rows) == 0:
		v.summary.SetText("")
		v.emptyText.SetText(fmt.Sprintf("Nothing is owed in %s as of %s.", cur, date))
	default:
		text := fmt.Sprintf("%s owe %s as of %s, %s of it overdue.", plural(owing, "client", "clients"), in(rep.Total), date,
			in(overdue).Format())
		if owing == 1 {
			text = strings.Replace(text, " owe ", " owes ", 1)
		}
		if rep.Credits.IsPositive() {
			text += fmt.Sprintf(" Unapplied credit: %s.", in(rep.Credits))
		}
		v.summary.SetText(text)
	}
	if len(v.rows) == 0 {
		v.empty.Show()
		v.totalsRow.Hide()
		v.exportBtn.Disable()
	} else {
		v.empty.Hide()
		v.totalsRow.Show()
		v.exportBtn.Enable()
	}
	v.obj.Refresh()
}

// fixedWidth lays its objects over each other at a fixed width and the
// height they need, so a field keeps its width while its message wraps
// below it.
type fixedWidth float32

func (w fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (w fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(float32(w), h)
}
