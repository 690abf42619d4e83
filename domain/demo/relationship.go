package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
)

var demoSubjects = []struct {
	kind          domain.ActivityKind
	subject, body string
	outcome, next string
}{
	{domain.ActivityCall, "Quarterly check-in", "Went through open tickets and the roadmap.", "Happy with the service", "Send the roadmap slides"},
	{domain.ActivityEmail, "Invoice question", "Asked why the licence count went up in March.", "Explained the new users", ""},
	{domain.ActivityMeeting, "Renewal terms", "Discussed a two-year term with a volume discount.", "Wants a written offer", "Prepare the renewal quote"},
	{domain.ActivityVisit, "Site visit", "Toured the new warehouse; met the operations team.", "Interest in on-site training", "Propose a training day"},
	{domain.ActivityCall, "Payment reminder", "Called accounts payable about the overdue invoice.", "Promised payment by Friday", "Check the payment arrived"},
	{domain.ActivityNote, "Org change", "New head of IT starts next month.", "", "Introduce ourselves to the new head of IT"},
	{domain.ActivityEmail, "Upsell: premium support", "Sent the premium support brochure.", "Will discuss internally", "Follow up on premium support"},
	{domain.ActivityMeeting, "Workshop debrief", "Reviewed the workshop feedback together.", "Very positive", ""},
}

// timeline gives the demo book's active clients a history of calls, emails,
// meetings and visits — some accounts left alone for months — and open
// follow-up tasks around today.
func timeline(ctx context.Context, book domain.Book, buyers []*domain.Client, rng *rand.Rand, today domain.Date) error {
	acts := book.Activities()
	noon := func(d domain.Date, minutes int) time.Time {
		return time.Date(d.Year, d.Month, d.Day, 9, 0, 0, 0, time.Local).Add(time.Duration(minutes) * time.Minute)
	}
	for i, c := range buyers {
		if c.Status != domain.StatusActive {
			continue
		}
		// Some accounts are neglected: nothing for months.
		n := 1 + rng.IntN(6)
		gap := 5 + rng.IntN(20)
		if i%7 == 0 {
			gap = 120 + rng.IntN(120)
		}
		day := today.AddDays(-gap)
		for k := 0; k < n; k++ {
			s := demoSubjects[rng.IntN(len(demoSubjects))]
			a := &domain.Activity{ClientID: c.ID, Kind: s.kind, Subject: s.subject, Body: s.body, Outcome: s.outcome,
				NextStep: s.next, At: noon(day, rng.IntN(480))}
			if len(c.Contacts) > 0 {
				k := c.Contacts[rng.IntN(len(c.Contacts))]
				a.ContactID, a.ContactName = k.ID, k.Name
			}
			if err := acts.CreateActivity(ctx, a); err != nil {
				return fmt.Errorf("demo activity: %w", err)
			}
			if k == 0 && s.next != "" && rng.IntN(2) == 0 {
				t := &domain.Task{Title: s.next, DueDate: today.AddDays(rng.IntN(14) - 5), ClientID: c.ID,
					Priority: []domain.TaskPriority{domain.PriorityLow, domain.PriorityNormal, domain.PriorityNormal, domain.PriorityHigh}[rng.IntN(4)]}
				if rng.IntN(3) == 0 {
					t.DueTime = fmt.Sprintf("%02d:%02d", 9+rng.IntN(8), 15*rng.IntN(4))
				}
				if err := acts.CreateTask(ctx, t); err != nil {
					return fmt.Errorf("demo task: %w", err)
				}
			}
			day = day.AddDays(-(10 + rng.IntN(40)))
		}
	}
	return nil
}

// contracts gives some key accounts contracts for support, hosting and
// licences on cycles of every kind, started in the last two years. The
// caller runs the billing as the months go by.
func contracts(ctx context.Context, book domain.Book, buyers []*domain.Client, rng *rand.Rand, today domain.Date) error {
	type plan struct {
		title, item string
		cycle       domain.BillingCycle
		timing      domain.BillingTiming
		qty         int64
	}
	plans := []plan{
		{"Support and maintenance", "SUP-M", domain.Monthly, domain.InAdvance, 1},
		{"Managed hosting", "HOST-M", domain.Monthly, domain.InArrears, 1},
		{"Premium support", "SUP-P", domain.Quarterly, domain.InAdvance, 3},
		{"Software licences", "LIC-U", domain.Yearly, domain.InAdvance, 25},
		{"Hosting, half-yearly", "HOST-M", domain.HalfYearly, domain.InAdvance, 6},
	}
	items, err := book.Catalog().FindItems(ctx, domain.ItemFilter{Limit: 100})
	if err != nil {
		return err
	}
	byCode := map[string]domain.Item{}
	for _, it := range items {
		byCode[it.Code] = it
	}
	rates, err := book.Catalog().FindTaxRates(ctx, false)
	if err != nil || len(rates) == 0 {
		return err
	}
	n := max(1, len(buyers)/2)
	for i := 0; i < n && i < len(buyers); i++ {
		c := buyers[i]
		if c.Status != domain.StatusActive {
			continue
		}
		p := plans[i%len(plans)]
		it := byCode[p.item]
		start := today.AddMonths(-(3 + rng.IntN(20)))
		start = domain.NewDate(start.Year, start.Month, 1)
		price := priceIn(it.UnitPrice.Amount.String(), c.Currency)
		k := &domain.Contract{ClientID: c.ID, Title: p.title, Currency: c.Currency, Start: start,
			End: start.AddMonths(24).AddDays(-1), NoticeDays: 60, AutoRenew: rng.IntN(2) == 0, Cycle: p.cycle, Timing: p.timing,
			BillingDay: []int{1, 1, 15, 31}[rng.IntN(4)], IssueAutomatically: rng.IntN(3) > 0, Status: domain.ContractActive,
			Lines: []domain.ContractLine{{ItemID: it.ID, Description: it.Name, Quantity: decimal.NewFromInt(p.qty), UnitPrice: price,
				Taxes: []domain.TaxLine{rates[0].Line()}}}}
		yearly := price.Mul(decimal.NewFromInt(p.qty * 12 / int64(p.cycle.Months())))
		k.Value = money.Money{Amount: yearly.Mul(decimal.NewFromInt(2)), Currency: c.Currency}
		if err := book.Contracts().CreateContract(ctx, k); err != nil {
			return fmt.Errorf("demo contract: %w", err)
		}
	}
	return nil
}

var demoComplaints = []struct{ category, subject, description, department, resolution string }{
	{"Billing", "Invoice sent to the wrong address", "The March invoice went to the old head office.", "Accounts", "Address corrected and invoice re-sent."},
	{"Service", "Slow response to a support ticket", "A priority ticket waited two days for a first answer.", "Support", "Escalation rota changed; apology sent."},
	{"Delivery", "Training materials arrived late", "Handbooks arrived the day after the workshop.", "Operations", "Courier changed for future deliveries."},
	{"Communication", "No notice of the maintenance window", "Hosting maintenance was not announced in advance.", "Hosting", "Maintenance notices now go to every contact."},
	{"Product quality", "Report export fails for large ranges", "Exports over a year time out.", "Engineering", ""},
}

// pipeline gives the demo book complaints (some still open), opportunities
// in every state and monthly sales targets around today in the company
// currency.
func pipeline(ctx context.Context, book domain.Book, buyers, prospects []*domain.Client, rng *rand.Rand, today domain.Date) error {
	for i, c := range buyers {
		if i%9 != 0 {
			continue
		}
		d := demoComplaints[rng.IntN(len(demoComplaints))]
		k := &domain.Complaint{ClientID: c.ID, OpenedOn: today.AddDays(-rng.IntN(90)), Category: d.category,
			Severity:   []domain.ComplaintSeverity{domain.ComplaintLow, domain.ComplaintMedium, domain.ComplaintHigh}[rng.IntN(3)],
			Department: d.department, Subject: d.subject, Description: d.description, Status: domain.ComplaintOpen}
		if len(c.Contacts) > 0 {
			k.ContactName = c.Contacts[0].Name
		}
		if d.resolution != "" && rng.IntN(3) > 0 {
			k.Resolution = d.resolution
			k.SetStatus(domain.ComplaintResolved, minDate(k.OpenedOn.AddDays(1+rng.IntN(12)), today))
		} else if rng.IntN(2) == 0 {
			k.SetStatus(domain.ComplaintInProgress, today)
		}
		if err := book.Complaints().CreateComplaint(ctx, k); err != nil {
			return fmt.Errorf("demo complaint: %w", err)
		}
	}
	titles := map[domain.OpportunityKind][]string{
		domain.Upsell:      {"Premium support upgrade", "More licences for the new team"},
		domain.CrossSell:   {"Security audit", "On-site training programme"},
		domain.Renewal:     {"Two-year renewal", "Hosting renewal"},
		domain.NewBusiness: {"First project", "Pilot workshop"},
	}
	all := append(append([]*domain.Client(nil), buyers...), prospects...)
	for i := 0; i < max(1, len(all)/6); i++ {
		c := all[rng.IntN(len(all))]
		kind := []domain.OpportunityKind{domain.Upsell, domain.CrossSell, domain.Renewal, domain.NewBusiness}[rng.IntN(4)]
		if c.Status == domain.StatusProspect {
			kind = domain.NewBusiness
		}
		value := priceIn([]string{"2500.00", "6000.00", "12000.00", "30000.00"}[rng.IntN(4)], c.Currency)
		o := &domain.Opportunity{ClientID: c.ID, Title: titles[kind][rng.IntN(2)], Kind: kind,
			Value: money.Money{Amount: value, Currency: c.Currency}, Probability: []int{10, 25, 40, 60, 75, 90}[rng.IntN(6)],
			ExpectedClose: today.AddDays(rng.IntN(150) - 20), Stage: []string{"Qualified", "Proposal sent", "Negotiation"}[rng.IntN(3)]}
		if err := book.Opportunities().CreateOpportunity(ctx, o); err != nil {
			return fmt.Errorf("demo opportunity: %w", err)
		}
		switch r := rng.IntN(8); {
		case r == 0:
			if _, err := book.Opportunities().Win(ctx, o.ID, true, today); err != nil {
				return err
			}
		case r == 1:
			if err := book.Opportunities().Lose(ctx, o.ID, "Chose a cheaper supplier"); err != nil {
				return err
			}
		}
	}
	co, err := book.Company().Company(ctx)
	if err != nil {
		return err
	}
	// Monthly targets for the past year and the next quarter, near what the
	// book usually invoices so attainment varies around 100 %.
	months, err := book.Reports().RevenueByMonth(ctx, co.Currency, today.AddMonths(-12), today, 0)
	if err != nil {
		return err
	}
	sum := decimal.Zero
	for _, m := range months {
		sum = sum.Add(m.Amount)
	}
	if len(months) == 0 || !sum.IsPositive() {
		return nil
	}
	avg := sum.Div(decimal.NewFromInt(int64(len(months)))).Round(-3)
	for m := domain.FirstOfMonth(today.AddMonths(-11)); !m.After(today.AddMonths(3)); m = m.AddMonths(1) {
		t := &domain.Target{PeriodKind: domain.PeriodMonth, PeriodStart: m,
			Amount: money.Money{Amount: avg.Mul(decimal.NewFromInt(int64(95 + rng.IntN(20)))).Div(decimal.NewFromInt(100)).Round(-2), Currency: co.Currency}}
		if err := book.Targets().SetTarget(ctx, t); err != nil {
			return fmt.Errorf("demo target: %w", err)
		}
	}
	return nil
}
