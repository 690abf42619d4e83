package data

import (
	"context"
	"strings"
	"testing"

	"clientbook/domain"
	"clientbook/domain/money"
)

func newOpportunity(c *domain.Client, title, value string, probability int) *domain.Opportunity {
	return &domain.Opportunity{ClientID: c.ID, Title: title, Kind: domain.Upsell, Value: eur(value),
		Probability: probability, ExpectedClose: day("2027-06-30"), Stage: "Proposal sent"}
}

func TestWinningAnOpportunityMakesItsQuote(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	svc := b.Opportunities()
	o := newOpportunity(c, "Second warehouse, Hamburg", "12500.00", 60)
	if err := svc.CreateOpportunity(ctx, o); err != nil {
		t.Fatal(err)
	}
	if o.ID == 0 || o.Status != domain.OpportunityOpen || o.ClientName != c.Name {
		t.Fatalf("created %+v", o)
	}
	o.Stage, o.Probability = "Negotiation", 80
	if err := svc.UpdateOpportunity(ctx, o); err != nil {
		t.Fatal(err)
	}
	won, err := svc.Win(ctx, o.ID, true, day("2027-04-02"))
	if err != nil {
		t.Fatal(err)
	}
	if won.Status != domain.OpportunityWon || won.Probability != 100 || won.QuoteID == 0 {
		t.Fatalf("won %+v", won)
	}
	got, _ := svc.FindOpportunityByID(ctx, o.ID)
	if got.Status != domain.OpportunityWon || got.QuoteID != won.QuoteID || got.Stage != "Negotiation" {
		t.Errorf("stored after winning: %+v", got)
	}
	q, err := b.Documents().FindDocumentByID(ctx, won.QuoteID)
	if err != nil {
		t.Fatal(err)
	}
	if q.Kind != domain.KindQuote || q.Status != domain.DocDraft || q.ClientID != c.ID || q.Currency != "EUR" ||
		q.IssueDate != day("2027-04-02") || q.DueDate != day("2027-05-02") || len(q.Lines) != 1 ||
		q.Lines[0].Description != "Second warehouse, Hamburg" || !q.Lines[0].Quantity.Equal(dec("1")) ||
		!q.Lines[0].UnitPrice.Equal(dec("12500")) || len(q.Lines[0].Taxes) != 0 {
		t.Errorf("the quote: %+v", q)
	}
	rows, err := b.Documents().FindDocuments(ctx, domain.DocumentFilter{Kind: domain.KindQuote, ClientID: c.ID})
	if err != nil || len(rows) != 1 || rows[0].ID != q.ID || !rows[0].Total.Equal(eur("12500.00")) {
		t.Errorf("the client's quotes: %+v, %v", rows, err)
	}
	if got := auditRows(t, b, "opportunity", o.ID); strings.Join(got, ",") != "create,update,win" {
		t.Errorf("opportunity audit rows %v", got)
	}
	if got := auditRows(t, b, "document", q.ID); strings.Join(got, ",") != "create" {
		t.Errorf("quote audit rows %v", got)
	}

	// A won opportunity is settled.
	if _, err := svc.Win(ctx, o.ID, false, day("2027-04-03")); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("winning twice: %v", err)
	}
	if err := svc.Lose(ctx, o.ID, "Changed their mind"); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("losing a won opportunity: %v", err)
	}
	got.Stage = "Signed"
	if err := svc.UpdateOpportunity(ctx, got); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("editing a won opportunity: %v", err)
	}

	// Deleting the draft quote unlinks it; the opportunity stays won.
	if err := b.Documents().DeleteDraft(ctx, q.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.FindOpportunityByID(ctx, o.ID); got.QuoteID != 0 || got.Status != domain.OpportunityWon {
		t.Errorf("after the quote was deleted: %+v", got)
	}

	// Opportunities are history: their client is kept.
	if err := b.Clients().DeleteClient(ctx, c.ID); domain.ErrorCode(err) != domain.ECONFLICT ||
		!strings.Contains(domain.ErrorMessage(err), "opportunities") {
		t.Errorf("deleting a client with an opportunity: %v", err)
	}
}

func TestWinningWithoutAQuoteAndInAnotherCurrency(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	svc := b.Opportunities()
	plain := newOpportunity(c, "Renewal 2028", "4000.00", 90)
	plain.Kind = domain.Renewal
	usd := newOpportunity(c, "US customs desk", "0", 25)
	usd.Value, _ = money.Parse("7,250.50", "USD")
	for _, o := range []*domain.Opportunity{plain, usd} {
		if err := svc.CreateOpportunity(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	won, err := svc.Win(ctx, plain.ID, false, day("2027-04-02"))
	if err != nil || won.QuoteID != 0 || won.Status != domain.OpportunityWon {
		t.Fatalf("won without a quote: %+v, %v", won, err)
	}
	if n := countRows(t, b, "documents"); n != 0 {
		t.Errorf("winning without a quote made %d documents", n)
	}
	won, err = svc.Win(ctx, usd.ID, true, day("2027-04-02"))
	if err != nil {
		t.Fatal(err)
	}
	q, _ := b.Documents().FindDocumentByID(ctx, won.QuoteID)
	if q.Currency != "USD" || !q.Lines[0].UnitPrice.Equal(dec("7250.50")) {
		t.Errorf("a USD opportunity's quote for a EUR client: %s %s", q.Currency, q.Lines[0].UnitPrice)
	}
}

func TestWinThatCannotMakeItsQuoteChangesNothing(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	svc := b.Opportunities()
	o := newOpportunity(c, "Cold storage", "900.00", 40)
	if err := svc.CreateOpportunity(ctx, o); err != nil {
		t.Fatal(err)
	}
	audit := countRows(t, b, "audit_log")
	// Without a day the quote cannot be dated: the win is rolled back too.
	if _, err := svc.Win(ctx, o.ID, true, domain.Date{}); domain.FieldErrors(err)["issueDate"] == "" {
		t.Errorf("winning with an undated quote: %v", err)
	}
	if got, _ := svc.FindOpportunityByID(ctx, o.ID); got.Status != domain.OpportunityOpen || got.Probability != 40 {
		t.Errorf("after a failed win: %+v", got)
	}
	if n := countRows(t, b, "documents") + countRows(t, b, "audit_log") - audit; n != 0 {
		t.Errorf("a failed win wrote %d rows", n)
	}

	// An opportunity linked to a quote by hand does not get a second one.
	quote := domain.NewDraft(domain.KindQuote, c, domain.DefaultCompany(), day("2027-03-01"))
	quote.Lines = []domain.Line{{Description: "Cold storage", Quantity: dec("1"), UnitPrice: dec("900")}}
	if err := b.Documents().CreateDraft(ctx, quote); err != nil {
		t.Fatal(err)
	}
	o.QuoteID = quote.ID
	if err := svc.UpdateOpportunity(ctx, o); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Win(ctx, o.ID, true, day("2027-04-02")); domain.ErrorCode(err) != domain.ECONFLICT ||
		!strings.Contains(domain.ErrorMessage(err), "already has a quote") {
		t.Errorf("winning with a second quote: %v", err)
	}
	if n := countRows(t, b, "documents"); n != 1 {
		t.Errorf("%d documents; want only the linked quote", n)
	}
}

func TestLosingNeedsAReason(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	svc := b.Opportunities()
	o := newOpportunity(c, "Fleet telematics", "3000.00", 30)
	if err := svc.CreateOpportunity(ctx, o); err != nil {
		t.Fatal(err)
	}
	audit := countRows(t, b, "audit_log")
	err := svc.Lose(ctx, o.ID, "  ")
	if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(domain.FieldErrors(err)["lostReason"], "say why") {
		t.Errorf("losing without a reason: %v", err)
	}
	if got, _ := svc.FindOpportunityByID(ctx, o.ID); got.Status != domain.OpportunityOpen || countRows(t, b, "audit_log") != audit {
		t.Errorf("a refused loss changed %+v", got)
	}
	if err := svc.Lose(ctx, o.ID, "Went with a cheaper supplier"); err != nil {
		t.Fatal(err)
	}
	got, _ := svc.FindOpportunityByID(ctx, o.ID)
	if got.Status != domain.OpportunityLost || got.LostReason != "Went with a cheaper supplier" || got.Probability != 0 {
		t.Errorf("lost: %+v", got)
	}
	if got := auditRows(t, b, "opportunity", o.ID); strings.Join(got, ",") != "create,lose" {
		t.Errorf("opportunity audit rows %v", got)
	}
	if err := svc.Lose(ctx, 999, "x"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("losing a missing opportunity: %v", err)
	}
}

func TestWeightedPipelineIsExact(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	svc := b.Opportunities()
	add := func(title, value string, probability int) *domain.Opportunity {
		o := newOpportunity(c, title, strings.TrimPrefix(value, "$"), probability)
		if strings.HasPrefix(value, "$") {
			o.Value.Currency = "USD"
		}
		if err := svc.CreateOpportunity(ctx, o); err != nil {
			t.Fatal(err)
		}
		return o
	}
	add("A", "10.01", 33)   // 3.3033
	add("B", "1000.00", 50) // 500
	add("C", "99.99", 1)    // 0.9999
	add("D", "$500.00", 100)
	lost := add("E", "70000.00", 90)
	won := add("F", "80000.00", 90)
	if err := svc.Lose(ctx, lost.ID, "No budget"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Win(ctx, won.ID, false, day("2027-04-01")); err != nil {
		t.Fatal(err)
	}
	p, err := svc.WeightedPipeline(ctx, "eur")
	if err != nil {
		t.Fatal(err)
	}
	// 3.3033 + 500 + 0.9999 = 504.3032, to the last digit.
	if p.Currency != "EUR" || p.Open != 3 || !p.Value.Equal(eur("1110.00")) || p.Weighted.String() != "504.3032" ||
		p.WeightedMoney().String() != "504.30 EUR" {
		t.Errorf("EUR pipeline: %+v (weighted %s)", p, p.Weighted)
	}
	if p, _ := svc.WeightedPipeline(ctx, "USD"); p.Open != 1 || p.Weighted.String() != "500" {
		t.Errorf("USD pipeline: %+v", p)
	}
	if p, _ := svc.WeightedPipeline(ctx, "JPY"); p.Open != 0 || !p.Weighted.IsZero() || p.Value.String() != "0 JPY" {
		t.Errorf("an empty pipeline: %+v", p)
	}
	if _, err := svc.WeightedPipeline(ctx, "XYZ"); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("an unknown currency: %v", err)
	}
	open, _ := svc.FindOpportunities(ctx, domain.OpportunityFilter{Status: domain.OpportunityOpen, Currency: "EUR"})
	if len(open) != 3 {
		t.Errorf("open EUR opportunities: %+v", open)
	}
	if page, _ := svc.FindOpportunities(ctx, domain.OpportunityFilter{ClientID: c.ID, Limit: 2, Offset: 4}); len(page) != 2 {
		t.Errorf("the last page of six: %d", len(page))
	}
}

func TestBadOpportunityIsRefusedAndNothingWritten(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	svc := b.Opportunities()
	other := newClient("Fjord Shipping AS", "Bergen")
	if err := b.Clients().CreateClient(ctx, other); err != nil {
		t.Fatal(err)
	}
	otherQuote := domain.NewDraft(domain.KindQuote, other, domain.DefaultCompany(), day("2027-03-01"))
	invoice := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), day("2027-03-01"))
	for _, d := range []*domain.Document{otherQuote, invoice} {
		if err := b.Documents().CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	rows, audit := countRows(t, b, "opportunities"), countRows(t, b, "audit_log")
	for _, tc := range []struct {
		name   string
		change func(*domain.Opportunity)
		field  string
	}{
		{"no title", func(o *domain.Opportunity) { o.Title = "" }, "title"},
		{"no client", func(o *domain.Opportunity) { o.ClientID = 0 }, "client"},
		{"unknown client", func(o *domain.Opportunity) { o.ClientID = 999 }, "client"},
		{"unknown kind", func(o *domain.Opportunity) { o.Kind = "referral" }, "kind"},
		{"negative value", func(o *domain.Opportunity) { o.Value = eur("-1.00") }, "value"},
		{"a tenth of a cent", func(o *domain.Opportunity) { o.Value = eur("10.001") }, "value"},
		{"unknown currency", func(o *domain.Opportunity) { o.Value.Currency = "EUX" }, "currency"},
		{"probability over 100", func(o *domain.Opportunity) { o.Probability = 101 }, "probability"},
		{"negative probability", func(o *domain.Opportunity) { o.Probability = -5 }, "probability"},
		{"no close date", func(o *domain.Opportunity) { o.ExpectedClose = domain.Date{} }, "expectedClose"},
		{"a reason while open", func(o *domain.Opportunity) { o.LostReason = "Too dear" }, "lostReason"},
		{"another client's quote", func(o *domain.Opportunity) { o.QuoteID = otherQuote.ID }, "quote"},
		{"an invoice as its quote", func(o *domain.Opportunity) { o.QuoteID = invoice.ID }, "quote"},
		{"a missing quote", func(o *domain.Opportunity) { o.QuoteID = 999 }, "quote"},
	} {
		o := newOpportunity(c, "Second warehouse", "1000.00", 50)
		tc.change(o)
		err := svc.CreateOpportunity(ctx, o)
		if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)[tc.field] == "" {
			t.Errorf("%s: want a problem at %s, got %v", tc.name, tc.field, err)
		}
		if o.ID != 0 {
			t.Errorf("%s: given an ID", tc.name)
		}
	}
	won := newOpportunity(c, "Already won", "1000.00", 50)
	won.Status = domain.OpportunityWon
	if err := svc.CreateOpportunity(ctx, won); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("creating a won opportunity: %v", err)
	}
	missing := newOpportunity(c, "Missing", "1.00", 1)
	missing.ID = 999
	if err := svc.UpdateOpportunity(ctx, missing); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("updating a missing opportunity: %v", err)
	}
	if n := countRows(t, b, "opportunities"); n != rows {
		t.Errorf("refused opportunities were written: %d → %d", rows, n)
	}
	if n := countRows(t, b, "audit_log"); n != audit {
		t.Errorf("refused opportunities were audited: %d rows", n-audit)
	}
}

func TestTargetAttainmentWithACreditNote(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	z := newClient("Fjord Shipping AS", "Bergen")
	if err := b.Clients().CreateClient(ctx, z); err != nil {
		t.Fatal(err)
	}
	// March 2027, in EUR:
	consulting := issueInvoice(t, b, c, "2027-03-10", "2027-04-09", "Consulting|3000.00", "Travel|500.00") // +3,500
	taxed := draftFor(c, vat, "Workshop|1|1000.00")                                                        // +1,000 net of 19% VAT
	taxed.IssueDate = day("2027-03-12")
	if err := b.Documents().CreateDraft(ctx, taxed); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Documents().Issue(ctx, taxed.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
		t.Fatal(err)
	}
	issueInvoice(t, b, z, "2027-03-15", "2027-04-14", "Freight audit|2000.00") // +2,000, another client
	issueCredit(t, b, consulting, "2027-03-20", 1)                             // −500, the travel
	// What does not count towards March in EUR:
	void := issueInvoice(t, b, c, "2027-03-05", "2027-04-04", "Wrong client|700.00")
	if err := b.Documents().Void(ctx, void.ID, "Billed the wrong client"); err != nil {
		t.Fatal(err)
	}
	draft := draftFor(c, vat, "Still a draft|1|400.00")
	draft.IssueDate = day("2027-03-25")
	if err := b.Documents().CreateDraft(ctx, draft); err != nil {
		t.Fatal(err)
	}
	dollars := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), day("2027-03-10"))
	dollars.Currency = "USD"
	dollars.Lines = []domain.Line{{Description: "US desk", Quantity: dec("1"), UnitPrice: dec("900")}}
	if err := b.Documents().CreateDraft(ctx, dollars); err != nil {
		t.Fatal(err)
	}
	if _, _, err := b.Documents().Issue(ctx, dollars.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
		t.Fatal(err)
	}
	issueInvoice(t, b, c, "2027-02-26", "2027-03-28", "February work|1200.00") // Q1, not March
	issueInvoice(t, b, c, "2027-04-01", "2027-05-01", "April work|800.00")     // April

	svc := b.Targets()
	march := day("2027-03-01")
	for _, tg := range []*domain.Target{
		{PeriodKind: domain.PeriodMonth, PeriodStart: march, Amount: eur("8000.00")},
		{PeriodKind: domain.PeriodMonth, PeriodStart: march, ClientID: c.ID, Amount: eur("5000.00")},
		{PeriodKind: domain.PeriodQuarter, PeriodStart: day("2027-01-01"), Amount: eur("24000.00")},
	} {
		if err := svc.SetTarget(ctx, tg); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name     string
		kind     domain.PeriodKind
		start    string
		client   int64
		invoiced string
		target   string
		percent  string
	}{
		// 3,500 + 1,000 + 2,000 − 500 = 6,000 of 8,000.
		{"the book in March", domain.PeriodMonth, "2027-03-01", 0, "6000.00", "8000.00", "75"},
		// 3,500 + 1,000 − 500 = 4,000 of 5,000.
		{c.Name + " in March", domain.PeriodMonth, "2027-03-01", c.ID, "4000.00", "5000.00", "80"},
		// March's 6,000 and February's 1,200 = 7,200 of 24,000.
		{"the book in Q1", domain.PeriodQuarter, "2027-01-01", 0, "7200.00", "24000.00", "30"},
		{"April, no target", domain.PeriodMonth, "2027-04-01", 0, "800.00", "", "0"},
		{z.Name + " in March, no target", domain.PeriodMonth, "2027-03-01", z.ID, "2000.00", "", "0"},
	} {
		a, err := svc.Attainment(ctx, tc.kind, day(tc.start), "EUR", tc.client)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		target := ""
		if a.Target != nil {
			target = a.Target.Amount.Fixed()
		}
		if a.Invoiced.Fixed() != tc.invoiced || target != tc.target || a.Percent.String() != tc.percent {
			t.Errorf("%s: invoiced %s of %q, %s%%; want %s of %q, %s%%", tc.name, a.Invoiced.Fixed(), target, a.Percent,
				tc.invoiced, tc.target, tc.percent)
		}
	}
	if a, _ := svc.Attainment(ctx, domain.PeriodMonth, march, "USD", 0); a.Invoiced.Fixed() != "900.00" || a.Target != nil {
		t.Errorf("March in USD: %+v", a)
	}
	if a, _ := svc.Attainment(ctx, domain.PeriodQuarter, day("2027-01-01"), "EUR", 0); a.Period.Label() != "Q1 2027" {
		t.Errorf("the period: %s", a.Period.Label())
	}
	for _, tc := range []struct {
		name     string
		kind     domain.PeriodKind
		start    string
		currency string
		client   int64
		code     string
	}{
		{"a year", "year", "2027-01-01", "EUR", 0, domain.EINVALID},
		{"mid-month", domain.PeriodMonth, "2027-03-15", "EUR", 0, domain.EINVALID},
		{"a quarter from February", domain.PeriodQuarter, "2027-02-01", "EUR", 0, domain.EINVALID},
		{"no currency", domain.PeriodMonth, "2027-03-01", "", 0, domain.EINVALID},
		{"an unknown client", domain.PeriodMonth, "2027-03-01", "EUR", 999, domain.ENOTFOUND},
	} {
		if _, err := svc.Attainment(ctx, tc.kind, day(tc.start), tc.currency, tc.client); domain.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v; want %s", tc.name, err, tc.code)
		}
	}
}

func TestSetTargetReplacesAndRefusesBadInput(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	svc := b.Targets()
	march := day("2027-03-01")
	first := &domain.Target{PeriodKind: domain.PeriodMonth, PeriodStart: march, Amount: eur("8000.00")}
	if err := svc.SetTarget(ctx, first); err != nil {
		t.Fatal(err)
	}
	// The same period, book and currency again: one target, the new amount.
	again := &domain.Target{PeriodKind: domain.PeriodMonth, PeriodStart: march, Amount: eur("9000.00")}
	if err := svc.SetTarget(ctx, again); err != nil {
		t.Fatal(err)
	}
	for _, tg := range []*domain.Target{
		{PeriodKind: domain.PeriodMonth, PeriodStart: march, Amount: money.Money{Amount: dec("7000"), Currency: "usd"}},
		{PeriodKind: domain.PeriodMonth, PeriodStart: march, ClientID: c.ID, Amount: eur("5000.00")},
		{PeriodKind: domain.PeriodQuarter, PeriodStart: day("2027-01-01"), Amount: eur("24000.00")},
	} {
		if err := svc.SetTarget(ctx, tg); err != nil {
			t.Fatal(err)
		}
	}
	if again.ID != first.ID || countRows(t, b, "targets") != 4 {
		t.Errorf("setting a target twice: ids %d, %d; %d rows", first.ID, again.ID, countRows(t, b, "targets"))
	}
	if got := auditRows(t, b, "target", first.ID); strings.Join(got, ",") != "create,update" {
		t.Errorf("target audit rows %v", got)
	}
	all, err := svc.FindTargets(ctx, domain.TargetFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tg := range all {
		who := "book"
		if tg.ClientID != 0 {
			who = tg.ClientName
		}
		got = append(got, tg.Period().Label()+" "+who+" "+tg.Amount.String())
	}
	if want := "Q1 2027 book 24,000.00 EUR|March 2027 book 9,000.00 EUR|March 2027 book 7,000.00 USD|" +
		"March 2027 Nordlicht Logistik GmbH 5,000.00 EUR"; strings.Join(got, "|") != want {
		t.Errorf("targets in order:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	if mine, _ := svc.FindTargets(ctx, domain.TargetFilter{ClientID: c.ID}); len(mine) != 1 {
		t.Errorf("the client's targets: %+v", mine)
	}
	if q1, _ := svc.FindTargets(ctx, domain.TargetFilter{From: day("2027-01-01"), To: day("2027-02-28")}); len(q1) != 1 {
		t.Errorf("targets starting in January or February: %+v", q1)
	}
	if usd, _ := svc.FindTargets(ctx, domain.TargetFilter{Currency: "USD"}); len(usd) != 1 {
		t.Errorf("USD targets: %+v", usd)
	}

	rows, audit := countRows(t, b, "targets"), countRows(t, b, "audit_log")
	for _, tc := range []struct {
		name  string
		t     domain.Target
		field string
	}{
		{"mid-month", domain.Target{PeriodKind: domain.PeriodMonth, PeriodStart: day("2027-03-15"), Amount: eur("1.00")}, "period"},
		{"a quarter from May", domain.Target{PeriodKind: domain.PeriodQuarter, PeriodStart: day("2027-05-01"), Amount: eur("1.00")}, "period"},
		{"no period", domain.Target{PeriodKind: domain.PeriodMonth, Amount: eur("1.00")}, "period"},
		{"a year", domain.Target{PeriodKind: "year", PeriodStart: march, Amount: eur("1.00")}, "periodKind"},
		{"zero", domain.Target{PeriodKind: domain.PeriodMonth, PeriodStart: march, Amount: eur("0")}, "amount"},
		{"negative", domain.Target{PeriodKind: domain.PeriodMonth, PeriodStart: march, Amount: eur("-5.00")}, "amount"},
		{"a tenth of a cent", domain.Target{PeriodKind: domain.PeriodMonth, PeriodStart: march, Amount: eur("5.001")}, "amount"},
		{"unknown currency", domain.Target{PeriodKind: domain.PeriodMonth, PeriodStart: march, Amount: money.Money{Amount: dec("5"), Currency: "EUX"}}, "currency"},
		{"unknown client", domain.Target{PeriodKind: domain.PeriodMonth, PeriodStart: march, ClientID: 999, Amount: eur("1.00")}, "client"},
	} {
		err := svc.SetTarget(ctx, &tc.t)
		if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)[tc.field] == "" {
			t.Errorf("%s: want a problem at %s, got %v", tc.name, tc.field, err)
		}
	}
	if n := countRows(t, b, "targets"); n != rows {
		t.Errorf("refused targets were written: %d → %d", rows, n)
	}
	if n := countRows(t, b, "audit_log"); n != audit {
		t.Errorf("refused targets were audited: %d rows", n-audit)
	}

	// A target is a plan: it goes with a client that has no history.
	quiet := newClient("Quiet Prospect Ltd", "Leeds")
	if err := b.Clients().CreateClient(ctx, quiet); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetTarget(ctx, &domain.Target{PeriodKind: domain.PeriodMonth, PeriodStart: march, ClientID: quiet.ID, Amount: eur("100.00")}); err != nil {
		t.Fatal(err)
	}
	if err := b.Clients().DeleteClient(ctx, quiet.ID); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, b, "targets"); n != rows {
		t.Errorf("the deleted client's target outlived it: %d rows, want %d", n, rows)
	}
}

func TestComplaintPipelineAndTargetQueriesUseIndexes(t *testing.T) {
	b := openTemp(t)
	p := day("2027-03-01")
	period := domain.PeriodMonth.Period(p)
	q := func(query string, args []any) struct {
		q    string
		args []any
	} {
		return struct {
			q    string
			args []any
		}{query, args}
	}
	for _, tc := range []struct {
		name  string
		query struct {
			q    string
			args []any
		}
		index string
	}{
		{"a client's complaints", q(complaintQuery(domain.ComplaintFilter{ClientID: 1, Limit: 50})), "complaints_by_client"},
		{"complaints by status", q(complaintQuery(domain.ComplaintFilter{Status: domain.ComplaintOpen, Limit: 50})), "complaints_by_status"},
		{"a client's open complaints", q(complaintQuery(domain.ComplaintFilter{ClientID: 1, Open: true})), "complaints_"},
		{"open counts", q(openCountsQuery, nil), "complaints_open"},
		{"a client's time to resolve", q(resolvedQuery(1)), "complaints_by_resolved"},
		{"the book's time to resolve", q(resolvedQuery(0)), "complaints_by_resolved"},
		{"the pipeline", q(opportunityQuery(domain.OpportunityFilter{Status: domain.OpportunityOpen})), "opportunities_by_status"},
		{"a client's opportunities", q(opportunityQuery(domain.OpportunityFilter{ClientID: 1})), "opportunities_by_client"},
		{"the weighted pipeline", q(pipelineQuery, []any{"EUR"}), "opportunities_by_currency"},
		{"a quote's opportunity", q(`SELECT id FROM opportunities WHERE quote_id = ?`, []any{1}), "opportunities_by_quote"},
		{"a client with opportunities", q(`SELECT count(*) FROM opportunities WHERE client_id = ?`, []any{1}), "opportunities_by_client"},
		{"a client with complaints", q(`SELECT count(*) FROM complaints WHERE client_id = ?`, []any{1}), "complaints_by_client"},
		{"the targets", q(targetQuery(domain.TargetFilter{From: p})), "targets_by_start"},
		{"a client's targets", q(targetQuery(domain.TargetFilter{ClientID: 1})), "targets_by_client"},
		{"the target of a period", q(targetForQuery, []any{"month", p.String(), 0, "EUR"}), "targets_by_period"},
		{"the book's invoicing", q(invoicedQuery(period, "EUR", 0)), "documents_by_currency"},
		{"a client's invoicing", q(invoicedQuery(period, "EUR", 1)), "documents_by_"},
	} {
		checkPlan(t, b.db, tc.name, tc.query.q, tc.query.args, tc.index)
	}
}
