package receivables

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
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

// agingRow is one client's row of the aging, with the report's currency
// and date.
type agingRow struct {
	domain.AgingRow
	cur string
	day domain.Date
}

// agingColumns are the aging's columns, its CSV's too: the client, one
// column for each of the report's buckets (labels), the total and the
// credit, zero amounts left blank.
func agingColumns(labels []string) []kit.Column[agingRow] {
	raw := func(f func(agingRow) string) func(agingRow) domain.TableCell {
		return func(r agingRow) domain.TableCell { return domain.RawCell(f(r)) }
	}
	amount := func(title, key, sort string, width float32, d func(agingRow) decimal.Decimal) kit.Column[agingRow] {
		return kit.Column[agingRow]{Title: title, Key: key, Width: width, Min: 60, Align: fyne.TextAlignTrailing, Sort: sort,
			Text: func(r agingRow) string { return amountText(money.Money{Amount: d(r), Currency: r.cur}) },
			CSV:  func(r agingRow) domain.TableCell { return amountCell(d(r), r.cur) }}
	}
	cur := func(r agingRow) string { return r.cur }
	day := func(r agingRow) string { return r.day.String() }
	id := func(r agingRow) string { return strconv.FormatInt(r.ClientID, 10) }
	cols := []kit.Column[agingRow]{
		{Title: "Client", Key: "client", Width: 220, Min: 120, Stretch: true, Bold: true, Sort: "client",
			Text: func(r agingRow) string { return r.ClientName }},
	}
	for i, l := range labels {
		cols = append(cols, amount(l, l, "b"+strconv.Itoa(i), 104, func(r agingRow) decimal.Decimal {
			if i < len(r.Buckets) {
				return r.Buckets[i]
			}
			return decimal.Zero
		}))
	}
	return append(cols,
		amount("Total", "total", "total", 116, func(r agingRow) decimal.Decimal { return r.Total }),
		amount("Credit", "credit", "credit", 100, func(r agingRow) decimal.Decimal { return r.Credits }),
		kit.Column[agingRow]{Title: "Cur.", Key: "currency", Width: kit.CurrencyWidth, Min: kit.CurrencyWidth, Text: cur, CSV: raw(cur)},
		kit.Column[agingRow]{Title: "As of", Key: "as_of", Width: 96, Min: 80, Text: day, CSV: raw(day)},
		kit.Column[agingRow]{Title: "Client no.", Key: "client_id", Width: 88, Min: 36, Align: fyne.TextAlignTrailing, Sort: "id",
			Text: id, CSV: raw(id)},
	)
}

// agingSorts order the aging by a header; unsorted it is the largest
// debtor first.
func agingSorts(buckets int) kit.Sorts[agingRow] {
	s := kit.Sorts[agingRow]{
		"client": func(a, b agingRow) int {
			return strings.Compare(domain.FoldSearch(a.ClientName), domain.FoldSearch(b.ClientName))
		},
		"total":  func(a, b agingRow) int { return a.Total.Cmp(b.Total) },
		"credit": func(a, b agingRow) int { return a.Credits.Cmp(b.Credits) },
		"id":     func(a, b agingRow) int { return cmp.Compare(a.ClientID, b.ClientID) },
	}
	for i := range buckets {
		s["b"+strconv.Itoa(i)] = func(a, b agingRow) int { return a.Buckets[i].Cmp(b.Buckets[i]) }
	}
	return s
}

// agingView is the receivables of one currency as of a date, by client and
// by how long past due, largest debtor first until a header sorts it
// otherwise, with the totals below.
type agingView struct {
	s *Screen

	asOf      *widgets.DateEntry
	asOfField *widgets.Field
	currency  *widget.Select
	summary   *widget.Label
	labels    []string // the buckets the table has columns for
	table     *kit.Table[agingRow]
	totals    *kit.Footer[agingRow]
	tableBox  *fyne.Container
	load      *kit.Loader
	exportBtn *widget.Button
	obj       *fyne.Container

	loading bool
	typing  kit.Debouncer
	curs    []string               // the currencies invoices were issued in, the company's first
	issued  bool                   // whether any invoice has been issued
	date    domain.Date            // the date the report is as of
	cur     string                 // the report's currency
	rep     domain.AgingReport     // as read
	rows    kit.Shared[[]agingRow] // rep.Rows, largest total first
	drill   *drillDown             // the last drill-down opened
	stmt    *statementForm         // the last statement form opened
}

func newAgingView(s *Screen) *agingView {
	v := &agingView{s: s, date: today(), load: kit.NewLoader()}
	v.asOf = widgets.NewDateEntry()
	v.asOf.SetText(v.date.String())
	v.asOf.OnChanged = func(string) {
		if !v.loading {
			v.typing.Schedule(v.refresh)
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
	v.summary.Wrapping = fyne.TextWrapWord // two lines in a narrow window rather than cut short

	v.tableBox = container.NewStack()
	v.setColumns(domain.DefaultAgingBuckets().Labels())

	curField := widgets.NewField("Currency", v.currency)
	v.exportBtn = widgets.NewExportButton(func() { v.totals.ExportCSV(v.s.win, v.s.book.Export(), v.exportName()) })
	controls := container.NewBorder(nil, nil,
		container.NewHBox(container.New(fixedWidth(200), v.asOfField.Object()), container.New(fixedWidth(110), curField.Object())),
		container.NewVBox(layout.NewSpacer(), v.exportBtn), container.NewVBox(layout.NewSpacer(), v.summary))
	v.obj = container.NewBorder(container.NewPadded(controls), nil, nil, nil, container.NewStack(v.tableBox, v.load.Spinner()))
	return v
}

// setColumns makes the table for a report with the buckets labels: its
// columns follow the report's buckets.
func (v *agingView) setColumns(labels []string) {
	v.labels = labels
	v.table = kit.NewTable("receivables.aging", agingColumns(labels), kit.InMemory(func(context.Context) ([]agingRow, error) {
		return slices.Clone(v.rows.Get()), nil
	}, agingSorts(len(labels))))
	v.table.OnSelected = func(r agingRow) {
		v.table.List().UnselectAll()
		v.openClient(r.AgingRow)
	}
	v.totals = kit.NewFooter(v.table)
	v.tableBox.Objects = []fyne.CanvasObject{container.NewBorder(nil, v.totals.Object(), nil, nil, v.table.Object())}
	v.tableBox.Refresh()
}

// totalTexts is what the totals row shows, every amount written out, and
// what the CSV writes for it.
func (v *agingView) totalTexts() ([]string, []domain.TableCell) {
	in := func(d decimal.Decimal) string { return money.Money{Amount: d, Currency: v.cur}.Format() }
	texts := []string{"Total " + v.cur}
	cells := []domain.TableCell{domain.TextCell("Total")}
	add := func(d decimal.Decimal) {
		texts = append(texts, in(d))
		cells = append(cells, amountCell(d, v.cur))
	}
	for _, b := range v.rep.Totals {
		add(b)
	}
	add(v.rep.Total)
	add(v.rep.Credits)
	texts = append(texts, v.cur, v.date.String(), "")
	cells = append(cells, domain.RawCell(v.cur), domain.RawCell(v.date.String()), domain.RawCell(""))
	return texts, cells
}

// issuedCurrencies lists the currencies the book has issued invoices in,
// the company's own first and the rest in alphabetical order; ok is false
// when no invoice has been issued at all.
func issuedCurrencies(ctx context.Context, book domain.Book) (curs []string, ok bool, err error) {
	co, err := book.Company().Company(ctx)
	if err != nil {
		return nil, false, err
	}
	// The kept revenue's currencies (Reports().Currencies), not every
	// issued invoice read a page at a time: on a book of 100,000 invoices
	// that took longer than a person waits for the tab.
	issued, err := book.Reports().Currencies(ctx)
	if err != nil {
		return nil, false, err
	}
	seen := map[string]bool{}
	for _, c := range issued {
		seen[c] = true
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
// for the currencies afresh in the background; if they changed it reads the
// aging again.
func (v *agingView) reload() {
	v.refresh()
	book := v.s.book
	kit.Go(func() {
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

// agingRead is what the aging reads: the currencies to offer, the one
// chosen and its report.
type agingRead struct {
	curs   []string
	issued bool
	cur    string
	rep    domain.AgingReport
}

// refresh reads the aging again, in the background, for the date and
// currency chosen. A date that cannot be read is pointed out at its field
// and the last report stays.
func (v *agingView) refresh() {
	v.typing.Stop()
	date, err := domain.ParseDate(v.asOf.Text)
	if err != nil {
		v.asOfField.SetError("Write it as YYYY-MM-DD.")
		v.obj.Refresh()
		return
	}
	v.asOfField.SetError("")
	curs, issued, want, book := v.curs, v.issued, v.currency.Selected, v.s.book
	kit.Load(v.load, func(ctx context.Context) (agingRead, error) {
		if len(curs) == 0 {
			// Until the invoices have been looked through: the company's currency.
			co, err := book.Company().Company(ctx)
			if err != nil {
				return agingRead{}, err
			}
			curs, issued = []string{co.Currency}, true
		}
		r := agingRead{curs: curs, issued: issued, cur: want}
		if !slices.Contains(curs, r.cur) {
			r.cur = curs[0]
		}
		r.rep, err = book.Payments().Aging(ctx, date, r.cur, domain.DefaultAgingBuckets())
		return r, err
	}, func(r agingRead, err error) {
		if err != nil {
			kit.ShowError(err, v.s.win)
			return
		}
		v.show(date, r)
	})
}

// show lists the report read.
func (v *agingView) show(date domain.Date, r agingRead) {
	v.loading = true
	v.currency.SetOptions(r.curs)
	v.currency.SetSelected(r.cur)
	v.loading = false
	rep, cur := r.rep, r.cur
	v.date, v.cur, v.rep = date, cur, rep
	rows := make([]agingRow, len(rep.Rows))
	for i, row := range rep.Rows {
		rows[i] = agingRow{AgingRow: row, cur: cur, day: date}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if c := a.Total.Cmp(b.Total); c != 0 {
			return c > 0
		}
		return a.Credits.GreaterThan(b.Credits)
	})
	v.rows.Set(rows)
	if !slices.Equal(rep.Labels, v.labels) {
		v.setColumns(rep.Labels)
	}

	owing := 0
	for _, r := range rows {
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
	case !r.issued:
		v.summary.SetText("")
		v.table.Empty = "No invoices have been issued yet.\nWhat clients owe shows here once you issue invoices in the Documents tab."
	case len(rows) == 0:
		v.summary.SetText("")
		v.table.Empty = fmt.Sprintf("Nothing is owed in %s as of %s.", cur, date)
	default:
		text := fmt.Sprintf("%s owe %s as of %s, %s of it overdue.", widgets.Count(owing, "client", "clients"), in(rep.Total), date,
			in(overdue).Format())
		if owing == 1 {
			text = strings.Replace(text, " owe ", " owes ", 1)
		}
		if rep.Credits.IsPositive() {
			text += fmt.Sprintf(" Unapplied credit: %s.", in(rep.Credits))
		}
		v.summary.SetText(text)
	}
	if len(rows) == 0 {
		v.totals.Hide()
		v.exportBtn.Disable()
	} else {
		v.totals.Set(v.totalTexts())
		v.exportBtn.Enable()
	}
	v.table.ReloadThen(func(int) { v.table.List().ScrollToTop() })
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
