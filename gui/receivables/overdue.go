package receivables

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
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

// overdueRow is an invoice past due with the currency and the day the list
// is as of.
type overdueRow struct {
	domain.AgingItem
	cur string
	day domain.Date
}

func (r overdueRow) daysLate() int { return r.DueDate.DaysUntil(r.day) }

// overdueColumns are the overdue list's columns, its CSV's too.
func overdueColumns() []kit.Column[overdueRow] {
	raw := func(f func(overdueRow) string) func(overdueRow) domain.TableCell {
		return func(r overdueRow) domain.TableCell { return domain.RawCell(f(r)) }
	}
	number := func(r overdueRow) string { return r.Number }
	clientID := func(r overdueRow) string { return strconv.FormatInt(r.ClientID, 10) }
	due := func(r overdueRow) string { return r.DueDate.String() }
	days := func(r overdueRow) string { return strconv.Itoa(r.daysLate()) }
	cur := func(r overdueRow) string { return r.cur }
	day := func(r overdueRow) string { return r.day.String() }
	return []kit.Column[overdueRow]{
		{Title: "Invoice", Key: "number", Width: 130, Sort: "number", Bold: true, Text: number, CSV: raw(number)},
		{Title: "Client no.", Key: "client_id", Width: 70, Min: 36, Align: fyne.TextAlignTrailing, Text: clientID, CSV: raw(clientID)},
		{Title: "Client", Key: "client", Width: 240, Stretch: true, Sort: "client", Text: func(r overdueRow) string { return r.ClientName }},
		{Title: "Due", Key: "due_date", Width: 100, Sort: "due", Text: due, CSV: raw(due)},
		{Title: "Days late", Key: "days_overdue", Width: 80, Align: fyne.TextAlignTrailing, Sort: "days", Text: days, CSV: raw(days)},
		{Title: "Open", Key: "open", Width: 120, Align: fyne.TextAlignTrailing, Sort: "open",
			Text: func(r overdueRow) string { return money.Money{Amount: r.Open, Currency: r.cur}.Format() },
			CSV:  func(r overdueRow) domain.TableCell { return amountCell(r.Open, r.cur) }},
		{Title: "Cur.", Key: "currency", Width: kit.CurrencyWidth, Min: kit.CurrencyWidth, Text: cur, CSV: raw(cur)},
		{Title: "As of", Key: "as_of", Width: 100, Text: day, CSV: raw(day)},
	}
}

// overdueSorts order the overdue list by a header; unsorted it is largest
// first, as domain.Overdue lists it.
var overdueSorts = kit.Sorts[overdueRow]{
	"number": func(a, b overdueRow) int { return cmp.Compare(a.Number, b.Number) },
	"client": func(a, b overdueRow) int {
		return strings.Compare(domain.FoldSearch(a.ClientName), domain.FoldSearch(b.ClientName))
	},
	"due":  func(a, b overdueRow) int { return cmp.Compare(a.DueDate.String(), b.DueDate.String()) },
	"days": func(a, b overdueRow) int { return cmp.Compare(a.daysLate(), b.daysLate()) },
	"open": func(a, b overdueRow) int { return a.Open.Cmp(b.Open) },
}

// overdueView lists every invoice past due today in one currency, largest
// first until a header sorts it otherwise, each opening its invoice.
type overdueView struct {
	s *Screen

	currency *widget.Select
	summary  *widget.Label
	export   *widget.Button
	table    *kit.Table[overdueRow]
	load     *kit.Loader
	obj      *fyne.Container

	loading bool
	day     domain.Date
	cur     string
	rows    kit.Shared[[]overdueRow] // as read
}

func newOverdueView(s *Screen) *overdueView {
	v := &overdueView{s: s, load: kit.NewLoader()}
	v.currency = widget.NewSelect(nil, func(string) {
		if !v.loading {
			v.refresh()
		}
	})
	v.summary = widget.NewLabel("")
	v.summary.Truncation = fyne.TextTruncateEllipsis
	v.table = kit.NewTable("receivables.overdue", overdueColumns(), kit.InMemory(func(context.Context) ([]overdueRow, error) {
		return slices.Clone(v.rows.Get()), nil
	}, overdueSorts))
	v.table.OnSelected = func(r overdueRow) {
		v.table.List().UnselectAll()
		v.s.Nav.OpenDocument(r.DocumentID)
	}
	v.export = widgets.NewExportButton(func() {
		v.table.ExportCSV(v.s.win, v.s.book.Export(), fmt.Sprintf("overdue-%s-%s", v.cur, v.day))
	})
	controls := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel("Currency"), container.New(fixedWidth(110), v.currency)), v.export,
		container.NewVBox(layout.NewSpacer(), v.summary))
	v.obj = container.NewBorder(container.NewPadded(controls), nil, nil, nil, container.NewStack(v.table.Object(), v.load.Spinner()))
	return v
}

// overdueRead is what the overdue list reads: the currencies invoices were
// issued in and what is overdue in the one chosen.
type overdueRead struct {
	curs   []string
	issued bool
	cur    string
	rows   []overdueRow
}

// refresh lists, in the background, what is overdue today in the currency
// chosen (the first the book has issued invoices in until one is chosen).
func (v *overdueView) refresh() {
	want, day, book := v.currency.Selected, today(), v.s.book
	kit.Load(v.load, func(ctx context.Context) (overdueRead, error) {
		curs, issued, err := issuedCurrencies(ctx, book)
		if err != nil {
			return overdueRead{}, err
		}
		r := overdueRead{curs: curs, issued: issued, cur: want}
		if !slices.Contains(curs, r.cur) && len(curs) > 0 {
			r.cur = curs[0]
		}
		if !issued || r.cur == "" {
			return r, nil
		}
		items, err := book.Payments().Overdue(ctx, r.cur, day)
		if err != nil {
			return r, err
		}
		for _, it := range items {
			r.rows = append(r.rows, overdueRow{AgingItem: it, cur: r.cur, day: day})
		}
		return r, nil
	}, func(r overdueRead, err error) {
		if err != nil {
			kit.ShowError(err, v.s.win)
			return
		}
		v.show(r, day)
	})
}

// show lists what was read.
func (v *overdueView) show(r overdueRead, day domain.Date) {
	v.loading = true
	v.currency.SetOptions(r.curs)
	v.currency.SetSelected(r.cur)
	v.loading = false
	v.day, v.cur = day, r.cur
	v.rows.Set(r.rows)
	total := decimal.Zero
	for _, it := range r.rows {
		total = total.Add(it.Open)
	}
	v.summary.SetText("")
	switch {
	case !r.issued:
		v.table.Empty = "No invoices have been issued yet."
	case len(r.rows) == 0:
		v.table.Empty = fmt.Sprintf("Nothing is overdue in %s on %s.", r.cur, day)
	default:
		v.summary.SetText(fmt.Sprintf("%s overdue on %s: %s.", widgets.Count(len(r.rows), "invoice", "invoices"), day,
			money.Money{Amount: total, Currency: r.cur}))
	}
	if len(r.rows) == 0 {
		v.export.Disable()
	} else {
		v.export.Enable()
	}
	v.table.ReloadThen(func(int) { v.table.List().ScrollToTop() })
}
