package reports

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/chart"
	"clientbook/domain/money"
	"clientbook/gui/guitest"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// asOf is the fixture's today.
var asOf = domain.NewDate(2027, 3, 15)

type fixture struct {
	s      *Screen
	book   *data.Book
	w      fyne.Window
	orsted *domain.Client
	bakker *domain.Client
}

// newFixture opens a fresh book in EUR with two clients and, with
// invoices, issues the invoices the tests know by heart (see issueAll).
func newFixture(t *testing.T, invoices bool) *fixture {
	t.Helper()
	test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	oldToday := today
	today = func() domain.Date { return asOf }
	t.Cleanup(func() { today = oldToday })
	book, err := data.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	ctx := context.Background()
	co, err := book.Company().Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	co.Name, co.Currency = "Northwind", "EUR"
	if err := book.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	client := func(name string) *domain.Client {
		c := &domain.Client{Name: name, Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: 30,
			CreditLimit: money.Zero("EUR"), Billing: domain.Address{Line1: "Hafenstraße 3", City: "Kiel", Country: "Germany"}}
		if err := book.Clients().CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	f := &fixture{book: book, orsted: client("Ørsted Façades GmbH"), bakker: client("Bakker Logistics BV")}
	if invoices {
		f.issueAll(t)
	}
	f.w = test.NewTempWindow(t, nil)
	f.s = NewScreen(book, f.w)
	f.w.SetContent(f.s.Object())
	f.w.Resize(fyne.NewSize(1280, 800))
	return f
}

// issueAll issues, in date order so the numbers follow the dates, the
// invoices of the fixture, net of no tax:
//
//	2025-06-15  Bakker  300.00   a year before June 2026
//	2026-03-10  Ørsted  100.00   a year before March 2027
//	2026-06-05  Ørsted 1000.00   June 2026: 1,500.00
//	2026-06-20  Bakker  500.00
//	2027-01-10  Bakker  250.50   January 2027, paid on 2027-02-09 (30 days)
//	2027-03-01  Ørsted  400.00   March 2027, due 2027-03-31
//
// All but January's are still owed on 15 March: Ørsted 1,500.00 (400.00
// not yet due), Bakker 800.00, 2,300.00 in all.
func (f *fixture) issueAll(t *testing.T) {
	t.Helper()
	f.issue(t, f.bakker, domain.NewDate(2025, 6, 15), "300.00")
	f.issue(t, f.orsted, domain.NewDate(2026, 3, 10), "100.00")
	f.issue(t, f.orsted, domain.NewDate(2026, 6, 5), "1000.00")
	f.issue(t, f.bakker, domain.NewDate(2026, 6, 20), "500.00")
	jan := f.issue(t, f.bakker, domain.NewDate(2027, 1, 10), "250.50")
	f.issue(t, f.orsted, domain.NewDate(2027, 3, 1), "400.00")
	p := &domain.Payment{ClientID: f.bakker.ID, Date: domain.NewDate(2027, 2, 9), Amount: money.Money{Amount: dec("250.50"), Currency: "EUR"},
		Method: domain.MethodBankTransfer, Allocations: []domain.Allocation{{DocumentID: jan.ID, Amount: dec("250.50")}}}
	if err := f.book.Payments().CreatePayment(context.Background(), p); err != nil {
		t.Fatal(err)
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// issue issues an invoice of one untaxed line for amount.
func (f *fixture) issue(t *testing.T, c *domain.Client, date domain.Date, amount string) *domain.Document {
	t.Helper()
	ctx := context.Background()
	co, _ := f.book.Company().Company(ctx)
	d := domain.NewDraft(domain.KindInvoice, c, co, date)
	d.Lines = []domain.Line{{Description: "Consulting", Quantity: decimal.NewFromInt(1), UnitPrice: dec(amount)}}
	if err := f.book.Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	inv, _, err := f.book.Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// values writes a series' values as "1500.00", "" for a missing one.
func values(s chart.Series) []string {
	var out []string
	for _, v := range s.Values {
		if v.Valid {
			out = append(out, v.Decimal.StringFixed(2))
		} else {
			out = append(out, "")
		}
	}
	return out
}

func specOf(p *chartPanel) chart.Spec { return p.spec }

func TestEmptyBookShowsEmptyStates(t *testing.T) {
	f := newFixture(t, false)
	s := f.s
	if s.snap == nil || s.currency.Selected != "EUR" || s.period.Selected != periodLast12 {
		t.Fatalf("opens on %q, %q (read: %v)", s.currency.Selected, s.period.Selected, s.snap != nil)
	}
	if want := "No invoices have been issued yet; the reports fill in as you invoice."; s.status.Text != want {
		t.Errorf("status %q", s.status.Text)
	}
	for name, p := range map[string]*chartPanel{"revenue": s.revenue, "aging": s.aging, "clients": s.clients, "items": s.items,
		"days": s.days, "targets": s.targets, "forecast": s.forecast} {
		sp := specOf(p)
		if len(sp.Series) != 0 || !strings.HasSuffix(sp.EmptyMessage, ".") || !strings.Contains(sp.EmptyMessage, "EUR") {
			t.Errorf("%s chart: %d series, empty message %q", name, len(sp.Series), sp.EmptyMessage)
		}
		if l := sp.Layout(); !l.Empty {
			t.Errorf("%s chart is not empty", name)
		}
	}
	if got := specOf(s.revenue).EmptyMessage; got != "Nothing was invoiced in EUR in this period or the year before." {
		t.Errorf("revenue empty message %q", got)
	}
	if !strings.Contains(specOf(s.targets).EmptyMessage, "No revenue targets") {
		t.Errorf("targets empty message %q", specOf(s.targets).EmptyMessage)
	}
	if v := s.cards.receivables.Value.Text; v != "0.00" {
		t.Errorf("receivables card %q", v)
	}
	if v, n := s.cards.dso.Value.Text, s.cards.dso.Note.Text; v != "—" || n != "no sales in the last 90 days" {
		t.Errorf("DSO card %q, %q", v, n)
	}
	if !s.health.empty.Visible() || len(s.health.rows) != 0 || !strings.HasPrefix(s.health.emptyText.Text, "No client was invoiced in EUR") {
		t.Errorf("sales analysis: %d rows, empty state %q", len(s.health.rows), s.health.emptyText.Text)
	}
	if len(s.snap.forecast) != forecastMonths || len(s.ahead.rows.Objects) != forecastMonths {
		t.Errorf("forecast of %d months, %d rows", len(s.snap.forecast), len(s.ahead.rows.Objects))
	}
	// Reports make nothing and hold no edits: the tab has only Find.
	if tab := s.Tab(); tab.New != nil || tab.Save != nil || tab.Cancel != nil || tab.ConfirmLeave != nil {
		t.Error("the Reports tab offers New, Save, Cancel or asks before leaving")
	}
	s.FocusSearch()
	if f.w.Canvas().Focused() != s.client.Entry {
		t.Error("FocusSearch does not focus the client filter")
	}
}

func TestRevenueChartShowsTheMonthsAndTheYearBefore(t *testing.T) {
	f := newFixture(t, true)
	sp := specOf(f.s.revenue)
	wantCats := []string{"Apr '26", "May '26", "Jun '26", "Jul '26", "Aug '26", "Sep '26", "Oct '26", "Nov '26", "Dec '26",
		"Jan '27", "Feb '27", "Mar '27"}
	if !reflect.DeepEqual(sp.Categories, wantCats) || sp.Kind != chart.BarsWithLine || len(sp.Series) != 2 {
		t.Fatalf("categories %q, kind %v, %d series", sp.Categories, sp.Kind, len(sp.Series))
	}
	z := "0.00"
	if got, want := values(sp.Series[0]), []string{z, z, "1500.00", z, z, z, z, z, z, "250.50", z, "400.00"}; !reflect.DeepEqual(got, want) {
		t.Errorf("invoiced %q\nwant     %q", got, want)
	}
	// Before June 2025 the book had no revenue: the line starts there.
	if got, want := values(sp.Series[1]), []string{"", "", "300.00", z, z, z, z, z, z, z, z, "100.00"}; !reflect.DeepEqual(got, want) {
		t.Errorf("a year earlier %q\nwant           %q", got, want)
	}
	if sp.Series[1].Kind != chart.LineSeries || sp.ValueLabel != "EUR" || sp.Format(dec("1500")) != "1,500.00" {
		t.Errorf("year-earlier kind %v, unit %q", sp.Series[1].Kind, sp.ValueLabel)
	}
	// Top clients: Ørsted 1,400.00, Bakker 750.50.
	clients := specOf(f.s.clients)
	if !reflect.DeepEqual(clients.Categories, []string{"Ørsted Façades GmbH", "Bakker Logistics BV"}) ||
		!reflect.DeepEqual(values(clients.Series[0]), []string{"1400.00", "750.50"}) {
		t.Errorf("top clients %q %q", clients.Categories, values(clients.Series[0]))
	}
	items := specOf(f.s.items)
	if !reflect.DeepEqual(items.Categories, []string{freeText}) || !reflect.DeepEqual(values(items.Series[0]), []string{"2150.50"}) {
		t.Errorf("top items %q %q", items.Categories, values(items.Series[0]))
	}
	// The January invoice was paid in February, in 30 days.
	days := specOf(f.s.days)
	if got := values(days.Series[0]); got[10] != "30.00" || got[9] != "" || len(got) != 12 {
		t.Errorf("days to pay %q", got)
	}
	// At the end of April 2026 Bakker's 300.00 was over 90 days late and
	// Ørsted's 100.00 21 days; on 15 March 2027 Ørsted's 400.00 is not
	// yet due and 1,900.00 is over 90 days late.
	aging := specOf(f.s.aging)
	if len(aging.Categories) != 12 || len(aging.Series) != 5 || aging.Series[4].Name != "Over 90 days" || aging.Kind != chart.StackedBars {
		t.Fatalf("aging %q %v", aging.Categories, aging.Series)
	}
	at := func(b, m int) string { return values(aging.Series[b])[m] }
	if got := []string{at(0, 0), at(1, 0), at(4, 0), at(0, 11), at(1, 11), at(4, 11)}; !reflect.DeepEqual(got,
		[]string{"0.00", "100.00", "300.00", "400.00", "0.00", "1900.00"}) {
		t.Errorf("aging in April and March: %q", got)
	}
	if st := f.s.status.Text; st != "2026-04-01 to 2027-03-15 in EUR." {
		t.Errorf("status %q", st)
	}
}

func TestKPICardsDrillIntoTheirLists(t *testing.T) {
	f := newFixture(t, true)
	s := f.s
	nav := &guitest.Nav{}
	s.Nav = nav
	if v, o := s.cards.receivables.Value.Text, s.cards.overdue.Value.Text; v != "2,300.00" || o != "1,900.00" ||
		s.cards.overdue.Note.Text != "83% of receivables" {
		t.Errorf("receivables %q, overdue %q (%q)", v, o, s.cards.overdue.Note.Text)
	}
	// March so far: 400.00 invoiced; the quarter adds January's 250.50.
	if v := s.cards.month.Value.Text; v != "400.00" || s.cards.quarter.Value.Text != "650.50" {
		t.Errorf("month %q, quarter %q", v, s.cards.quarter.Value.Text)
	}
	// DSO: 2,300.00 owed against 650.50 invoiced in the 90 days to 15
	// March (16 December on): 2,300 × 90 / 650.50 = 318.22 → 318.2 days.
	if v := s.cards.dso.Value.Text; v != "318.2 days" {
		t.Errorf("DSO %q", v)
	}
	test.Tap(s.cards.receivables.Button)
	test.Tap(s.cards.overdue.Button)
	test.Tap(s.cards.month.Button)
	test.Tap(s.cards.quarter.Button)
	if receivables := strings.Count(strings.Join(nav.Went, ","), "receivables"); receivables != 2 {
		t.Errorf("the receivables were opened %d times, want 2", receivables)
	}
	want := []domain.DocumentFilter{
		{Kind: domain.KindInvoice, Status: domain.DocIssued, From: domain.NewDate(2027, 3, 1), To: domain.NewDate(2027, 3, 31)},
		{Kind: domain.KindInvoice, Status: domain.DocIssued, From: domain.NewDate(2027, 1, 1), To: domain.NewDate(2027, 3, 31)},
	}
	if !reflect.DeepEqual(nav.Filters, want) {
		t.Errorf("documents opened with %+v\nwant %+v", nav.Filters, want)
	}
}

func TestPeriodAndClientFiltersChangeEveryChart(t *testing.T) {
	f := newFixture(t, true)
	s := f.s
	s.period.SetSelected(periodLastYr)
	sp := specOf(s.revenue)
	if len(sp.Categories) != 12 || sp.Categories[0] != "Jan '26" || sp.Categories[11] != "Dec '26" {
		t.Fatalf("last year's categories %q", sp.Categories)
	}
	z := "0.00"
	if got, want := values(sp.Series[0]), []string{z, z, "100.00", z, z, "1500.00", z, z, z, z, z, z}; !reflect.DeepEqual(got, want) {
		t.Errorf("last year %q", got)
	}
	if got := values(specOf(s.clients).Series[0]); !reflect.DeepEqual(got, []string{"1100.00", "500.00"}) {
		t.Errorf("last year's top clients %q", got)
	}
	// 2026 against 2025: Ørsted had nothing before, Bakker 300.00.
	texts := map[string][]string{}
	for _, r := range s.health.rows {
		texts[r.ClientName] = s.snap.healthTexts(r)
	}
	if got := texts["Bakker Logistics BV"]; got[1] != "500.00" || got[2] != "+66.7%" || got[3] != "800.00" {
		t.Errorf("Bakker's health %q", got)
	}
	if got := texts["Ørsted Façades GmbH"]; got[1] != "1,100.00" || got[2] != "new" || got[3] != "1,500.00" {
		t.Errorf("Ørsted's health %q", got)
	}

	s.period.SetSelected(periodThisYr)
	if sp := specOf(s.revenue); len(sp.Categories) != 3 || sp.Categories[2] != "Mar '27" {
		t.Errorf("this year's categories %q", sp.Categories)
	}

	// Choosing Ørsted keeps only its figures.
	s.client.Entry.SetText("Ørsted")
	s.client.Entry.SetText("Ørsted Façades GmbH")
	if s.clientID != f.orsted.ID {
		t.Fatalf("client filter %d", s.clientID)
	}
	if got := values(specOf(s.revenue).Series[0]); !reflect.DeepEqual(got, []string{z, z, "400.00"}) {
		t.Errorf("Ørsted this year %q", got)
	}
	if len(s.health.rows) != 1 || s.health.rows[0].ClientID != f.orsted.ID {
		t.Errorf("health rows %+v", s.health.rows)
	}
	// This year so far against the same days last year.
	if c := specOf(s.clients); c.Title != "Ørsted Façades GmbH, against the period before" ||
		!reflect.DeepEqual(c.Categories, []string{"This period", "The period before"}) ||
		!reflect.DeepEqual(values(c.Series[0]), []string{"400.00", "100.00"}) {
		t.Errorf("clients chart for one client: %q %v", c.Title, c.Series)
	}
	test.Tap(s.clearClient)
	if s.clientID != 0 || s.client.Entry.Text != "" || len(s.health.rows) != 2 {
		t.Errorf("after clearing: client %d, %q, %d rows", s.clientID, s.client.Entry.Text, len(s.health.rows))
	}
}

func TestSalesAnalysisSortsAndDrillsIn(t *testing.T) {
	f := newFixture(t, true)
	s := f.s
	names := func() string {
		var out []string
		for _, r := range s.health.rows {
			out = append(out, r.ClientName)
		}
		return strings.Join(out, ", ")
	}
	// The last 12 months against the 12 before: Ørsted 1,400.00 on 100.00
	// (+1,300 %), Bakker 750.50 on 300.00 (+150.2 %).
	if got := names(); got != "Ørsted Façades GmbH, Bakker Logistics BV" {
		t.Errorf("by growth: %s", got)
	}
	row := s.snap.healthTexts(s.health.rows[1])
	if want := []string{"Bakker Logistics BV", "750.50", "+150.2%", "800.00", "30.0", "never", "", "—"}; !reflect.DeepEqual(row, want) {
		t.Errorf("Bakker's row %q\nwant %q", row, want)
	}
	s.health.sortBy.SetSelected(sortName)
	if got := names(); got != "Bakker Logistics BV, Ørsted Façades GmbH" {
		t.Errorf("by name: %s", got)
	}
	s.health.sortBy.SetSelected(sortBalance)
	if got := names(); got != "Ørsted Façades GmbH, Bakker Logistics BV" {
		t.Errorf("by balance: %s", got)
	}
	if want := "2 clients: 2,150.50 invoiced net of tax, 2 growing on the period before, 2,300.00 owed including tax."; s.health.summary.Text != want {
		t.Errorf("summary %q", s.health.summary.Text)
	}
	nav := &guitest.Nav{}
	s.Nav = nav
	opened := func() []domain.DocumentFilter { return nav.Filters }
	s.health.list.Select(1)
	if len(opened()) != 1 || opened()[0].ClientID != f.bakker.ID || opened()[0].From != domain.NewDate(2026, 4, 1) || opened()[0].To != asOf {
		t.Errorf("opened %+v", opened())
	}
}

func TestForecastAndTargets(t *testing.T) {
	f := newFixture(t, true)
	ctx := context.Background()
	// A monthly contract from March at 200.00 net, billed on the 1st, and a
	// 50 % chance of 1,000.00 in May.
	k := &domain.Contract{ClientID: f.orsted.ID, Title: "Support", Currency: "EUR", Start: domain.NewDate(2027, 3, 1),
		Cycle: domain.Monthly, Timing: domain.InAdvance, BillingDay: 1, Status: domain.ContractActive,
		Lines: []domain.ContractLine{{Description: "Support", Quantity: dec("2"), UnitPrice: dec("100.00")}}}
	if err := f.book.Contracts().CreateContract(ctx, k); err != nil {
		t.Fatal(err)
	}
	o := &domain.Opportunity{ClientID: f.bakker.ID, Title: "Trucks", Kind: domain.Upsell, Value: money.Money{Amount: dec("1000.00"), Currency: "EUR"},
		Probability: 50, ExpectedClose: domain.NewDate(2027, 5, 20)}
	if err := f.book.Opportunities().CreateOpportunity(ctx, o); err != nil {
		t.Fatal(err)
	}
	for _, m := range []time.Month{1, 2, 3} {
		tg := &domain.Target{PeriodKind: domain.PeriodMonth, PeriodStart: domain.NewDate(2027, m, 1), Amount: money.Money{Amount: dec("500.00"), Currency: "EUR"}}
		if err := f.book.Targets().SetTarget(ctx, tg); err != nil {
			t.Fatal(err)
		}
	}
	f.s.Refresh()
	sp := specOf(f.s.forecast)
	if !reflect.DeepEqual(sp.Categories, []string{"Mar '27", "Apr '27", "May '27", "Jun '27", "Jul '27", "Aug '27"}) || len(sp.Series) != 5 {
		t.Fatalf("forecast categories %q, %d series", sp.Categories, len(sp.Series))
	}
	if got := values(sp.Series[0]); !reflect.DeepEqual(got, []string{"200.00", "200.00", "200.00", "200.00", "200.00", "200.00"}) {
		t.Errorf("contracted %q", got)
	}
	if got := values(sp.Series[1]); got[2] != "500.00" || got[1] != "0.00" {
		t.Errorf("weighted %q", got)
	}
	if f.s.forecast.note.Text != domain.ForecastMethod() {
		t.Errorf("method note %q", f.s.forecast.note.Text)
	}
	if v := f.s.cards.pipeline.Value.Text; v != "500.00" {
		t.Errorf("pipeline card %q", v)
	}
	// Targets of 500.00 for January to March against 250.50, 0 and 400.00.
	tg := specOf(f.s.targets)
	if len(tg.Series) != 2 || !reflect.DeepEqual(values(tg.Series[0])[9:], []string{"500.00", "500.00", "500.00"}) ||
		values(tg.Series[0])[0] != "" || !reflect.DeepEqual(values(tg.Series[1])[9:], []string{"250.50", "0.00", "400.00"}) {
		t.Errorf("targets %q %v", tg.Categories, tg.Series)
	}
	if n := f.s.cards.month.Note.Text; n != "80.0% of 500.00 target" {
		t.Errorf("month note %q", n)
	}
	if got := fmt.Sprint(len(f.s.ahead.rows.Objects)); got != "6" {
		t.Errorf("forecast table rows %s", got)
	}
	// The pipeline card lists the open opportunities; each chart's button
	// asks where to save it.
	test.Tap(f.s.cards.pipeline.Button)
	if f.w.Canvas().Overlays().Top() == nil {
		t.Error("the pipeline card shows nothing")
	}
	f.w.Canvas().Overlays().Top().Hide()
	f.w.Canvas().Overlays().Remove(f.w.Canvas().Overlays().Top())
	test.Tap(f.s.forecast.save)
	if f.w.Canvas().Overlays().Top() == nil {
		t.Error("Save PNG… asks nothing")
	}
	f.w.Canvas().Overlays().Top().Hide()
	f.w.Canvas().Overlays().Remove(f.w.Canvas().Overlays().Top())
	// The PNG is encoded and written off the UI goroutine, then said saved.
	path := filepath.Join(t.TempDir(), "forecast.png")
	q, restore := kit.Queued()
	f.s.writePNG(f.s.forecast.chart, path)
	if _, err := os.Stat(path); err == nil || q.Len() != 1 {
		t.Errorf("the PNG was written before its work ran (%d waiting)", q.Len())
	}
	q.Run()
	restore()
	if img, err := readPNG(path); err != nil {
		t.Errorf("Save PNG… wrote no PNG: %v", err)
	} else if b := img.Bounds(); b.Dx() != pngWidth || b.Dy() != pngHeight {
		t.Errorf("Save PNG… wrote %d×%d, want %d×%d", b.Dx(), b.Dy(), pngWidth, pngHeight)
	}
	if f.w.Canvas().Overlays().Top() == nil {
		t.Error("no \"Chart saved\" notice")
	}
}

func readPNG(path string) (image.Image, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return png.Decode(file)
}

// Resting the pointer on the DSO card shows how DSO is defined; moving away
// hides it, and a tap still drills into the receivables.
func TestDSOCardTooltipDefinesIt(t *testing.T) {
	f := newFixture(t, true)
	s := f.s
	old := widgets.TipDelay
	widgets.TipDelay = 0
	t.Cleanup(func() { widgets.TipDelay = old })
	nav := &guitest.Nav{}
	s.Nav = nav
	tip := s.cards.dso.Tip
	if tip.Text() != domain.DSODefinition {
		t.Fatalf("the DSO card's tooltip says %q", tip.Text())
	}
	tip.MouseIn(&desktop.MouseEvent{})
	top := f.w.Canvas().Overlays().Top()
	if top == nil || !tip.Showing() {
		t.Fatal("no tooltip shows on the DSO card")
	}
	shown := labelTexts(top)
	if !slices.Contains(shown, domain.DSODefinition) {
		t.Errorf("the tooltip shows %q", shown)
	}
	tip.MouseOut()
	if tip.Showing() || f.w.Canvas().Overlays().Top() != nil {
		t.Error("the tooltip stays after the pointer left")
	}
	if s.cards.receivables.Tip.Text() != "" {
		t.Errorf("the receivables card has a tooltip %q", s.cards.receivables.Tip.Text())
	}
	test.Tap(s.cards.dso.Button)
	if !strings.Contains(strings.Join(nav.Went, ","), "receivables") {
		t.Errorf("tapping the DSO card went to %v", nav.Went)
	}
}

// labelTexts lists the texts of the labels in o, however deep.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	switch x := o.(type) {
	case *widget.Label:
		return []string{x.Text}
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, labelTexts(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = append(out, labelTexts(c)...)
		}
	}
	return out
}
