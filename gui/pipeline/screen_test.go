package pipeline

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
)

func newScreen(t *testing.T) (*Screen, *data.Book, *domain.Client, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
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
	if !s.empty.Visible() {
		t.Error("an empty pipeline explains itself")
	}
	s.client.SetClient(c)
	s.name.SetText("Second office, Hamburg")
	s.value.SetText("12,000.00")
	s.currency.SetText("EUR")
	s.probability.SetText("40")
	s.close.SetText("2027-04-30")
	if !s.Save() {
		t.Fatalf("not saved: %v", s.fields["value"].Error.Text)
	}
	if len(s.Rows()) != 1 || !strings.Contains(s.summary.Text, "weighted by probability 4,800.00") {
		t.Fatalf("rows %d, summary %q", len(s.Rows()), s.summary.Text)
	}
	var opened int64
	s.OpenDocument = func(id int64) { opened = id }
	s.askWon()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("Won… asks first")
	}
	test.Tap(findButton(top, "Mark won"))
	if s.selected.Status != domain.OpportunityWon || s.selected.QuoteID == 0 || opened != s.selected.QuoteID {
		t.Fatalf("won %+v, opened %d", s.selected, opened)
	}
	q, err := book.Documents().FindDocumentByID(context.Background(), s.selected.QuoteID)
	if err != nil || q.Kind != domain.KindQuote || q.ClientID != c.ID {
		t.Errorf("quote %+v %v", q, err)
	}
}

func TestBadOpportunityAndTargetInputAreRefusedAtTheField(t *testing.T) {
	s, book, _, _ := newScreen(t)
	s.name.SetText("")
	s.value.SetText("12.345")
	s.currency.SetText("EUR")
	s.probability.SetText("lots")
	s.close.SetText("soon")
	if s.Save() {
		t.Fatal("saved bad input")
	}
	for _, k := range []string{"value", "probability", "expectedClose"} {
		if s.fields[k].Error.Text == "" {
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
	s.targetAmount.SetText("30,000")
	s.setTarget()
	ts, _ := book.Targets().FindTargets(context.Background(), domain.TargetFilter{})
	if len(ts) != 1 || !ts[0].Amount.Amount.Equal(decimal.NewFromInt(30000)) {
		t.Fatalf("targets %+v", ts)
	}
	if len(s.targets.Objects) != 1 || !strings.Contains(s.targets.Objects[0].(*widget.Label).Text, "2027-Q1 · Whole book: 0.00 of 30,000.00 EUR (0.0%)") {
		t.Errorf("attainment line %q", s.targets.Objects[0].(*widget.Label).Text)
	}
}
