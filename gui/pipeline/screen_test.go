package pipeline

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/guitest"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

func newScreen(t *testing.T) (*Screen, *data.Book, *domain.Client, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	ctx := context.Background()
	co, _ := book.Company().Company(ctx)
	co.Currency = "EUR"
	if err := book.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	c := &domain.Client{Name: "Isar Travel GmbH", Status: domain.StatusActive, Currency: "EUR", CreditLimit: money.Zero("EUR"),
		PaymentTermsDays: 30, Billing: domain.Address{Line1: "Isartorplatz 1", City: "München", Country: "Germany"}}
	if err := book.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	s := NewScreen(book, w)
	s.today = func() domain.Date { return domain.NewDate(2027, 3, 1) }
	w.SetContent(s.Object())
	w.Resize(fyne.NewSize(1280, 800))
	return s, book, c, w
}

func findButton(o fyne.CanvasObject, text string) *widget.Button {
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

func TestAddAnOpportunityAndWinItIntoAQuote(t *testing.T) {
	s, book, c, w := newScreen(t)
	if s.opps.EmptyText() == "" {
		t.Error("an empty pipeline explains itself")
	}
	s.form.client.SetClient(c)
	s.form.name.SetText("Second office, Hamburg")
	s.form.value.SetText("12,000.00")
	s.form.currency.SetText("EUR")
	s.form.probability.SetText("40")
	s.form.close.SetText("2027-04-30")
	if !s.edits.Save() {
		t.Fatalf("not saved: %v", s.form.fields["value"].Error.Text)
	}
	if len(s.Rows()) != 1 || !strings.Contains(s.summary.Text, "weighted by probability 4,800.00") {
		t.Fatalf("rows %d, summary %q", len(s.Rows()), s.summary.Text)
	}
	nav := &guitest.Nav{}
	s.Nav = nav
	s.form.askWon()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Won… asks first")
	}
	test.Tap(findButton(top, "Mark won"))
	if s.form.selected.Status != domain.OpportunityWon || s.form.selected.QuoteID == 0 || fmt.Sprint(nav.Went) != fmt.Sprintf("[document %d]", s.form.selected.QuoteID) {
		t.Fatalf("won %+v, went to %q", s.form.selected, nav.Went)
	}
	q, err := book.Documents().FindDocumentByID(context.Background(), s.form.selected.QuoteID)
	if err != nil || q.Kind != domain.KindQuote || q.ClientID != c.ID {
		t.Errorf("quote %+v %v", q, err)
	}
}

func TestBadOpportunityAndTargetInputAreRefusedAtTheField(t *testing.T) {
	s, book, _, _ := newScreen(t)
	s.form.name.SetText("")
	s.form.value.SetText("12.345")
	s.form.currency.SetText("EUR")
	s.form.probability.SetText("lots")
	s.form.close.SetText("soon")
	if s.edits.Save() {
		t.Fatal("saved bad input")
	}
	for _, k := range []string{"value", "probability", "expectedClose"} {
		if s.form.fields[k].Error.Text == "" {
			t.Errorf("no message at %s", k)
		}
	}
	if os, _ := book.Opportunities().FindOpportunities(context.Background(), domain.OpportunityFilter{}); len(os) != 0 {
		t.Errorf("%d opportunities stored", len(os))
	}
	s.targetPeriod.SetText("March")
	s.setTarget()
	if s.targetFields["period"].Error.Text == "" {
		t.Error("a bad period should be refused at its field")
	}
	s.targetPeriod.SetText("2027-Q1")
	s.targetAmount.SetText("thirty")
	s.setTarget()
	if s.targetFields["amount"].Error.Text == "" {
		t.Error("a bad amount should be refused at its field")
	}
	// A target is written in the background, Set target off meanwhile.
	q, restore := kit.Queued()
	s.targetAmount.SetText("30,000")
	s.setTarget()
	ts, _ := book.Targets().FindTargets(context.Background(), domain.TargetFilter{})
	if len(ts) != 0 || q.Len() != 1 || !s.setBtn.Disabled() || s.targetFields["amount"].Error.Visible() {
		t.Fatalf("before the write runs: %d stored, %d queued, Set target off %v", len(ts), q.Len(), s.setBtn.Disabled())
	}
	s.setTarget()
	if q.Len() != 1 {
		t.Fatal("a second Set target while the first is written")
	}
	restore()
	q.Run()
	ts, _ = book.Targets().FindTargets(context.Background(), domain.TargetFilter{})
	if len(ts) != 1 || !ts[0].Amount.Amount.Equal(decimal.NewFromInt(30000)) {
		t.Fatalf("targets %+v", ts)
	}
	if got := s.targets.RowTexts(0); s.targets.Total() != 1 || !reflect.DeepEqual(got, []string{"2027-Q1", "Whole book", "30,000.00", "0.00", "EUR", "0.0%"}) {
		t.Errorf("%d targets listed, the first %q", s.targets.Total(), got)
	}
}

// exported writes a list with write as Export CSV… does and reads it back.
func exported(t *testing.T, w fyne.Window, write widgets.WriteCSV) [][]string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "list.csv")
	widgets.WriteCSVFile(w, path, domain.ExportFormat{Delimiter: ';', DecimalComma: true}, write)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestExportThePipelineAsFilteredAndTheTargets(t *testing.T) {
	s, book, c, w := newScreen(t)
	t.Cleanup(widgets.RunInline())
	ctx := context.Background()
	for i, title := range []string{"Second office", "+Support upgrade", "Training days"} {
		o := &domain.Opportunity{ClientID: c.ID, Title: title, Kind: domain.Upsell, Stage: "Proposal sent", Probability: 20 * (i + 1),
			Value: money.Money{Amount: decimal.NewFromInt(int64(1000 * (i + 1))), Currency: "EUR"}, ExpectedClose: domain.NewDate(2027, time.Month(2+i), 15),
			Status: domain.OpportunityOpen}
		if err := book.Opportunities().CreateOpportunity(ctx, o); err != nil {
			t.Fatal(err)
		}
		if title == "Training days" {
			if err := book.Opportunities().Lose(ctx, o.ID, "no budget"); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.Refresh()
	got := exported(t, w, s.WriteCSV)
	if len(s.Rows()) != 2 || len(got) != 3 {
		t.Fatalf("%d open shown, file:\n%q", len(s.Rows()), got)
	}
	if want := []string{"id", "title", "client", "kind", "stage", "value", "currency", "probability", "expected_close", "late", "status",
		"lost_reason", "quote_number"}; !reflect.DeepEqual(got[0], want) {
		t.Errorf("header %q", got[0])
	}
	for i, o := range s.Rows() {
		row := got[i+1]
		title := strings.TrimPrefix(row[1], "'")
		if title != o.Title || row[2] != o.ClientName || row[5] != strings.Replace(o.Value.Fixed(), ".", ",", 1) || row[10] != "open" {
			t.Errorf("row %d shows %q, the file has %q", i, o.Title, row)
		}
	}
	if got[1][1] != "Second office" || got[1][9] != "true" || got[2][1] != "'+Support upgrade" || got[2][9] != "false" {
		t.Errorf("late flag or neutralised title:\n%q", got)
	}
	s.status.SetSelected("Lost")
	got = exported(t, w, s.WriteCSV)
	if len(got) != 2 || got[1][1] != "Training days" || got[1][10] != "lost" || got[1][11] != "no budget" || got[1][5] != "3000,00" {
		t.Errorf("filtered by Lost:\n%q", got)
	}

	s.targetPeriod.SetText("2027-Q1")
	s.targetAmount.SetText("30,000")
	s.setTarget()
	got = exported(t, w, s.WriteTargetsCSV)
	want := [][]string{{"period", "client", "target", "invoiced", "currency", "attained_percent"},
		{"2027-Q1", "Whole book", "30000,00", "0,00", "EUR", "0,0"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("targets:\n got %q\nwant %q", got, want)
	}
}

func TestHeaderClicksSortBothListsAndTheCSVFollows(t *testing.T) {
	s, book, c, w := newScreen(t)
	t.Cleanup(widgets.RunInline())
	ctx := context.Background()
	for i, title := range []string{"Bravo", "Alpha", "Charlie"} {
		o := &domain.Opportunity{ClientID: c.ID, Title: title, Kind: domain.Upsell, Probability: []int{50, 10, 90}[i],
			Value:         money.Money{Amount: decimal.NewFromInt(int64([]int{300, 2000, 100}[i])), Currency: "EUR"},
			ExpectedClose: domain.NewDate(2027, time.Month(4+i), 1), Status: domain.OpportunityOpen}
		if err := book.Opportunities().CreateOpportunity(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	titles := func() (out []string) {
		for _, o := range s.Rows() {
			out = append(out, o.Title)
		}
		return out
	}
	// Made through the book, not the screen: the screen watches it.
	if got := titles(); !reflect.DeepEqual(got, []string{"Bravo", "Alpha", "Charlie"}) {
		t.Fatalf("by expected close: %q", got)
	}
	for _, tc := range []struct {
		col  int
		want []string
		head string
	}{
		{5, []string{"Charlie", "Bravo", "Alpha"}, "Value ▲"},
		{5, []string{"Alpha", "Bravo", "Charlie"}, "Value ▼"},
		{7, []string{"Alpha", "Bravo", "Charlie"}, "Prob. ▲"},
		{1, []string{"Alpha", "Bravo", "Charlie"}, "Opportunity ▲"},
		{1, []string{"Charlie", "Bravo", "Alpha"}, "Opportunity ▼"},
	} {
		s.opps.TapHeader(tc.col)
		if got := titles(); !reflect.DeepEqual(got, tc.want) || s.opps.HeaderText(tc.col) != tc.head {
			t.Errorf("after a click on %s: %q", s.opps.HeaderText(tc.col), got)
		}
	}
	if got := s.opps.RowTexts(0); got[5] != "100.00" || got[7] != "90%" {
		t.Errorf("first row as shown: %q", got)
	}
	got := exported(t, w, s.WriteCSV)
	if !reflect.DeepEqual(got[0], s.opps.ColumnKeys()) {
		t.Errorf("CSV header %q, columns shown %q", got[0], s.opps.ColumnKeys())
	}
	for i, title := range []string{"Charlie", "Bravo", "Alpha"} {
		if got[i+1][1] != title {
			t.Errorf("CSV row %d is %q, the list shows %q", i+1, got[i+1][1], title)
		}
	}

	for _, tg := range []domain.Target{
		{PeriodKind: domain.PeriodMonth, PeriodStart: domain.NewDate(2027, 3, 1), Amount: money.Money{Amount: decimal.NewFromInt(5000), Currency: "EUR"}},
		{PeriodKind: domain.PeriodQuarter, PeriodStart: domain.NewDate(2027, 1, 1), Amount: money.Money{Amount: decimal.NewFromInt(7000), Currency: "EUR"}},
	} {
		if err := book.Targets().SetTarget(ctx, &tg); err != nil {
			t.Fatal(err)
		}
	}
	if s.targets.Total() != 2 {
		t.Fatalf("%d targets listed after two were set through the book", s.targets.Total())
	}
	s.targets.TapHeader(2)
	s.targets.TapHeader(2)
	if got := s.targets.RowTexts(0); got[2] != "7,000.00" || s.targets.HeaderText(2) != "Target ▼" {
		t.Errorf("largest target first: %q, header %q", got, s.targets.HeaderText(2))
	}
	got = exported(t, w, s.WriteTargetsCSV)
	if !reflect.DeepEqual(got[0], s.targets.ColumnKeys()) || got[1][2] != "7000,00" {
		t.Errorf("targets CSV %q", got)
	}
}

// dialogButton finds a button of the question showing.
func dialogButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("nothing was asked; wanted %q", text)
	}
	b := findButton(top, text)
	if b == nil {
		t.Fatalf("the question has no %q", text)
	}
	return b
}

func TestEditsAreNotDroppedWithoutAsking(t *testing.T) {
	s, book, c, w := newScreen(t)
	ctx := context.Background()
	for i, title := range []string{"Second office", "Support upgrade"} {
		o := &domain.Opportunity{ClientID: c.ID, Title: title, Kind: domain.Upsell, Probability: 50,
			Value: money.Zero("EUR"), ExpectedClose: domain.NewDate(2027, time.Month(4+i), 1), Status: domain.OpportunityOpen}
		if err := book.Opportunities().CreateOpportunity(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	s.opps.List().Select(0)
	if s.form.name.Text != "Second office" || s.form.Dirty() {
		t.Fatalf("row 0 opened as %q (dirty %v)", s.form.name.Text, s.form.Dirty())
	}
	s.form.name.SetText("Second office, Hamburg")
	s.opps.List().Select(1)
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("clicking another row dropped the typed title without asking")
	}
	asked := false
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "“Second office”") {
			asked = true
		}
	}
	if !asked {
		t.Error("the question does not name the opportunity")
	}
	test.Tap(dialogButton(t, w, "Cancel"))
	if s.form.name.Text != "Second office, Hamburg" || s.opps.Highlighted() != 0 || s.form.selected.Title != "Second office" {
		t.Fatalf("Cancel: form %q, row %d highlighted", s.form.name.Text, s.opps.Highlighted())
	}

	// Leaving the tab asks the same; Save stores the edit and goes on.
	left := false
	s.Edits().ConfirmLeave(func() { left = true })
	test.Tap(dialogButton(t, w, "Save"))
	if !left || s.form.Dirty() {
		t.Fatalf("left %v, dirty %v", left, s.form.Dirty())
	}
	o, _ := book.Opportunities().FindOpportunityByID(ctx, s.form.selected.ID)
	if o.Title != "Second office, Hamburg" {
		t.Errorf("stored title %q", o.Title)
	}

	// Discard on the way to another row drops the edit and opens that row.
	s.form.probability.SetText("90")
	s.opps.List().Select(1)
	test.Tap(dialogButton(t, w, "Discard changes"))
	if s.form.name.Text != "Support upgrade" || s.opps.Highlighted() != 1 {
		t.Errorf("after Discard the form shows %q, row %d highlighted", s.form.name.Text, s.opps.Highlighted())
	}
	if o, _ := book.Opportunities().FindOpportunityByID(ctx, o.ID); o.Probability != 50 {
		t.Errorf("a discarded probability was stored: %d", o.Probability)
	}

	// New opportunity asks too.
	s.form.stg.SetText("Proposal sent")
	s.New()
	test.Tap(dialogButton(t, w, "Cancel"))
	if s.form.stg.Text != "Proposal sent" || s.form.selected.Title != "Support upgrade" {
		t.Errorf("New dropped the edit: stage %q, form on %q", s.form.stg.Text, s.form.selected.Title)
	}
	s.Edits().Cancel() // Esc
	if s.form.stg.Text != "" || s.form.Dirty() {
		t.Errorf("Esc left stage %q", s.form.stg.Text)
	}
}

// The summary counts every open opportunity, each currency on its own,
// the home currency first; money of two currencies is never added up.
func TestSummaryCountsEveryCurrency(t *testing.T) {
	opp := func(amount, cur string, p int) domain.Opportunity {
		m, err := money.Parse(amount, cur)
		if err != nil {
			t.Fatal(err)
		}
		return domain.Opportunity{Value: m, Probability: p, Status: domain.OpportunityOpen}
	}
	for _, tc := range []struct {
		open []domain.Opportunity
		want string
	}{
		{nil, "0 open in EUR worth 0.00, weighted by probability 0.00."},
		{[]domain.Opportunity{opp("1000", "EUR", 50), opp("300", "EUR", 10)},
			"2 open in EUR worth 1,300.00, weighted by probability 530.00."},
		{[]domain.Opportunity{opp("5000", "USD", 20), opp("1000", "EUR", 50), opp("100000", "JPY", 50), opp("300", "USD", 100)},
			"4 open: 1 in EUR worth 1,000.00 (weighted 500.00); 1 in JPY worth 100,000 (weighted 50,000); 2 in USD worth 5,300.00 (weighted 1,300.00)."},
		{[]domain.Opportunity{opp("5000", "USD", 20)}, "1 open: 1 in USD worth 5,000.00 (weighted 1,000.00)."},
	} {
		if got := summary("EUR", tc.open); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}
