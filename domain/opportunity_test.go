package domain

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

func eurAmount(s string) money.Money {
	return money.Money{Amount: decimal.RequireFromString(s), Currency: "EUR"}
}

func TestOpportunityValidate(t *testing.T) {
	good := func() Opportunity {
		return Opportunity{ClientID: 1, Title: " Second warehouse ", Kind: Upsell, Value: money.Money{Amount: decimal.RequireFromString("12500"), Currency: " eur"},
			Probability: 60, ExpectedClose: NewDate(2027, 6, 30)}
	}
	o := good()
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	if o.Title != "Second warehouse" || o.Value.Currency != "EUR" || o.Status != OpportunityOpen {
		t.Errorf("not tidied or defaulted: %+v", o)
	}
	for _, tc := range []struct {
		name   string
		change func(*Opportunity)
		field  string
	}{
		{"no client", func(o *Opportunity) { o.ClientID = 0 }, "client"},
		{"no title", func(o *Opportunity) { o.Title = " " }, "title"},
		{"long title", func(o *Opportunity) { o.Title = strings.Repeat("x", MaxNameLen+1) }, "title"},
		{"unknown kind", func(o *Opportunity) { o.Kind = "referral" }, "kind"},
		{"unknown currency", func(o *Opportunity) { o.Value.Currency = "EUX" }, "currency"},
		{"negative value", func(o *Opportunity) { o.Value = eurAmount("-0.01") }, "value"},
		{"too precise", func(o *Opportunity) { o.Value = eurAmount("0.001") }, "value"},
		{"probability 101", func(o *Opportunity) { o.Probability = 101 }, "probability"},
		{"probability -1", func(o *Opportunity) { o.Probability = -1 }, "probability"},
		{"no close date", func(o *Opportunity) { o.ExpectedClose = Date{} }, "expectedClose"},
		{"long stage", func(o *Opportunity) { o.Stage = strings.Repeat("x", maxStageLen+1) }, "stage"},
		{"unknown status", func(o *Opportunity) { o.Status = "stalled" }, "status"},
		{"lost without a reason", func(o *Opportunity) { o.Status = OpportunityLost }, "lostReason"},
		{"a reason while open", func(o *Opportunity) { o.LostReason = "Too dear" }, "lostReason"},
	} {
		o := good()
		tc.change(&o)
		err := o.Validate()
		if ErrorCode(err) != EINVALID || FieldErrors(err)[tc.field] == "" || len(FieldErrors(err)) != 1 {
			t.Errorf("%s: want one problem at %s, got %v", tc.name, tc.field, FieldErrors(err))
		}
	}
	for _, k := range OpportunityKinds {
		if !k.Valid() || k.Title() == "" {
			t.Errorf("kind %q", k)
		}
	}
	if NewBusiness.Title() != "New business" || CrossSell.Title() != "Cross-sell" {
		t.Error("kind titles read as words")
	}
}

func TestWinAndLose(t *testing.T) {
	open := func() Opportunity {
		return Opportunity{ClientID: 1, Title: "Renewal 2028", Kind: Renewal, Value: eurAmount("4000"), Probability: 70,
			ExpectedClose: NewDate(2027, 9, 1)}
	}
	o := open()
	if err := o.Win(); err != nil || o.Status != OpportunityWon || o.Probability != 100 {
		t.Errorf("won: %+v, %v", o, err)
	}
	if err := o.Lose("Too late"); ErrorCode(err) != ECONFLICT || o.Status != OpportunityWon {
		t.Errorf("losing a won one: %v, %+v", err, o)
	}
	o = open()
	if err := o.Lose("  "); FieldErrors(err)["lostReason"] == "" {
		t.Errorf("losing without a reason: %v", err)
	}
	o = open()
	if err := o.Lose(" Went with a cheaper supplier "); err != nil || o.Status != OpportunityLost || o.Probability != 0 ||
		o.LostReason != "Went with a cheaper supplier" {
		t.Errorf("lost: %+v, %v", o, err)
	}
	if err := o.Win(); ErrorCode(err) != ECONFLICT {
		t.Errorf("winning a lost one: %v", err)
	}
}

func TestWeightedPipelineIsExact(t *testing.T) {
	opp := func(value string, p int, status OpportunityStatus) Opportunity {
		return Opportunity{Value: eurAmount(value), Probability: p, Status: status}
	}
	if w := (&Opportunity{Value: eurAmount("10.01"), Probability: 33}).Weighted(); w.String() != "3.3033" {
		t.Errorf("33%% of 10.01 = %s", w)
	}
	yen := Opportunity{Value: money.Money{Amount: decimal.RequireFromString("999"), Currency: "JPY"}, Probability: 15, Status: OpportunityOpen}
	p := PipelineOf("eur", []Opportunity{
		opp("10.01", 33, OpportunityOpen),   // 3.3033
		opp("1000.00", 50, OpportunityOpen), // 500
		opp("99.99", 1, OpportunityOpen),    // 0.9999
		opp("0.01", 0, OpportunityOpen),     // 0
		opp("5000.00", 100, OpportunityWon), // not open
		opp("7000.00", 90, OpportunityLost), // not open
		yen,                                 // another currency
	})
	if p.Currency != "EUR" || p.Open != 4 || !p.Value.Equal(eurAmount("1110.01")) || p.Weighted.String() != "504.3032" {
		t.Errorf("pipeline %+v (weighted %s)", p, p.Weighted)
	}
	// Shown to the cent, half away from zero: 504.3032 → 504.30; 0.125 → 0.13.
	if got := p.WeightedMoney().String(); got != "504.30 EUR" {
		t.Errorf("weighted for display: %s", got)
	}
	if got := PipelineOf("EUR", []Opportunity{opp("0.25", 50, OpportunityOpen)}).WeightedMoney().String(); got != "0.13 EUR" {
		t.Errorf("half a cent rounds up: %s", got)
	}
	if got := PipelineOf("JPY", []Opportunity{yen}).WeightedMoney().String(); got != "150 JPY" {
		t.Errorf("15%% of ¥999 = 149.85, shown as %s", got)
	}
}

func TestQuoteFor(t *testing.T) {
	c := &Client{ID: 7, Name: "Nordlicht", Currency: "EUR", PaymentTermsDays: 14}
	o := &Opportunity{ClientID: 7, Title: "US customs desk", Value: money.Money{Amount: decimal.RequireFromString("7250.50"), Currency: "USD"}}
	q := QuoteFor(o, c, DefaultCompany(), NewDate(2027, 4, 2))
	if q.Kind != KindQuote || q.Status != DocDraft || q.ClientID != 7 || q.Currency != "USD" || q.IssueDate != NewDate(2027, 4, 2) ||
		q.DueDate != NewDate(2027, 5, 2) || len(q.Lines) != 1 || q.Lines[0].Description != "US customs desk" ||
		!q.Lines[0].Quantity.Equal(decimal.NewFromInt(1)) || !q.Lines[0].UnitPrice.Equal(decimal.RequireFromString("7250.5")) {
		t.Errorf("quote %+v", q)
	}
	if err := q.Validate(); err != nil {
		t.Errorf("the quote is a valid draft: %v", err)
	}
	tot, err := q.Totals()
	if err != nil || tot.Total.String() != "7250.5" {
		t.Errorf("the quote's total %s, %v", tot.Total, err)
	}
}
