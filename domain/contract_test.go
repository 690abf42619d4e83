package domain

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

func ymd(y int, m time.Month, d int) Date { return Date{y, m, d} }

// validContract bills 1,200.00 EUR of support a month, in advance on the 1st.
func validContract() *Contract {
	return &Contract{
		ClientID: 1, ClientName: "Nordlicht GmbH", Title: "Managed hosting",
		Value: money.Money{Amount: dec("14400.00"), Currency: "EUR"}, Currency: "EUR",
		Start: ymd(2027, time.January, 1), End: ymd(2027, time.December, 31), NoticeDays: 60,
		Cycle: Monthly, Timing: InAdvance, BillingDay: 1, Status: ContractActive,
		Lines: []ContractLine{
			{ItemID: 7, Description: "Support", Quantity: dec("1"), UnitPrice: dec("1200.00"), Taxes: []TaxLine{vat20}},
			{Description: "Backup storage", Quantity: dec("2.5"), UnitPrice: dec("40.00")},
		},
	}
}

// schedule is a contract's periods as "start..end due billing-date" lines.
func schedule(c *Contract, ps []Period) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s..%s due %s", p.Start, p.End, c.BillingDate(p)))
	}
	return out
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		from Date
		n    int
		want Date
	}{
		{ymd(2028, time.January, 31), 1, ymd(2028, time.February, 29)},
		{ymd(2027, time.January, 31), 1, ymd(2027, time.February, 28)},
		{ymd(2028, time.January, 31), 3, ymd(2028, time.April, 30)},
		{ymd(2028, time.March, 31), -1, ymd(2028, time.February, 29)},
		{ymd(2027, time.December, 15), 1, ymd(2028, time.January, 15)},
		{ymd(2028, time.February, 29), 12, ymd(2029, time.February, 28)},
		{ymd(2027, time.January, 10), -13, ymd(2025, time.December, 10)},
		{ymd(2027, time.May, 5), 0, ymd(2027, time.May, 5)},
	}
	for _, tt := range tests {
		if got := tt.from.AddMonths(tt.n); got != tt.want {
			t.Errorf("%s + %d months = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestContractPeriods(t *testing.T) {
	tests := []struct {
		name    string
		start   Date
		end     Date
		cycle   BillingCycle
		timing  BillingTiming
		day     int
		through Date
		want    []string
	}{
		{
			// The 31st comes back each month, clamped in February (a leap one)
			// and in 30-day April.
			name: "monthly from Jan 31 through a leap February", start: ymd(2028, time.January, 31),
			cycle: Monthly, timing: InAdvance, day: 31, through: ymd(2028, time.May, 30),
			want: []string{
				"2028-01-31..2028-02-28 due 2028-01-31",
				"2028-02-29..2028-03-30 due 2028-02-29",
				"2028-03-31..2028-04-29 due 2028-03-31",
				"2028-04-30..2028-05-30 due 2028-04-30",
			},
		},
		{
			name: "monthly in a common year", start: ymd(2027, time.January, 31),
			cycle: Monthly, timing: InAdvance, day: 31, through: ymd(2027, time.March, 31),
			want: []string{
				"2027-01-31..2027-02-27 due 2027-01-31",
				"2027-02-28..2027-03-30 due 2027-02-28",
				"2027-03-31..2027-04-29 due 2027-03-31",
			},
		},
		{
			name: "quarterly in arrears", start: ymd(2027, time.January, 1),
			cycle: Quarterly, timing: InArrears, day: 1, through: ymd(2027, time.December, 31),
			want: []string{
				"2027-01-01..2027-03-31 due 2027-04-01",
				"2027-04-01..2027-06-30 due 2027-07-01",
				"2027-07-01..2027-09-30 due 2027-10-01",
			},
		},
		{
			name: "quarterly in arrears, the day before the first is due", start: ymd(2027, time.January, 1),
			cycle: Quarterly, timing: InArrears, day: 1, through: ymd(2027, time.March, 31),
		},
		{
			// In arrears on the 31st, a period is due on its own last day.
			name: "monthly in arrears on the last day", start: ymd(2027, time.February, 1),
			cycle: Monthly, timing: InArrears, day: 31, through: ymd(2027, time.April, 29),
			want: []string{
				"2027-02-01..2027-02-28 due 2027-02-28",
				"2027-03-01..2027-03-31 due 2027-03-31",
			},
		},
		{
			name: "in advance, before the first billing day", start: ymd(2027, time.March, 15),
			cycle: Monthly, timing: InAdvance, day: 1, through: ymd(2027, time.March, 31),
		},
		{
			name: "before the start", start: ymd(2027, time.March, 1),
			cycle: Monthly, timing: InAdvance, day: 1, through: ymd(2027, time.February, 28),
		},
		{
			name: "in advance, first billing day after a mid-month start", start: ymd(2027, time.March, 15),
			cycle: Monthly, timing: InAdvance, day: 1, through: ymd(2027, time.May, 1),
			want: []string{
				"2027-03-15..2027-04-14 due 2027-04-01",
				"2027-04-15..2027-05-14 due 2027-05-01",
			},
		},
		{
			name: "end date cuts the last period short", start: ymd(2027, time.January, 1), end: ymd(2027, time.March, 15),
			cycle: Monthly, timing: InAdvance, day: 1, through: ymd(2030, time.January, 1),
			want: []string{
				"2027-01-01..2027-01-31 due 2027-01-01",
				"2027-02-01..2027-02-28 due 2027-02-01",
				"2027-03-01..2027-03-15 due 2027-03-01",
			},
		},
		{
			name: "end date on a period's last day", start: ymd(2027, time.January, 1), end: ymd(2028, time.December, 31),
			cycle: Yearly, timing: InArrears, day: 31, through: ymd(2035, time.January, 1),
			want: []string{
				"2027-01-01..2027-12-31 due 2027-12-31",
				"2028-01-01..2028-12-31 due 2028-12-31",
			},
		},
		{
			name: "half-yearly", start: ymd(2027, time.July, 1),
			cycle: HalfYearly, timing: InAdvance, day: 15, through: ymd(2028, time.July, 14),
			want: []string{
				"2027-07-01..2027-12-31 due 2027-07-15",
				"2028-01-01..2028-06-30 due 2028-01-15",
			},
		},
		{
			name: "yearly from a leap day", start: ymd(2028, time.February, 29),
			cycle: Yearly, timing: InAdvance, day: 29, through: ymd(2030, time.February, 28),
			want: []string{
				"2028-02-29..2029-02-27 due 2028-02-29",
				"2029-02-28..2030-02-27 due 2029-02-28",
				"2030-02-28..2031-02-27 due 2030-02-28",
			},
		},
		{
			name: "yearly, through the due date itself", start: ymd(2027, time.March, 15),
			cycle: Yearly, timing: InAdvance, day: 15, through: ymd(2029, time.March, 15),
			want: []string{
				"2027-03-15..2028-03-14 due 2027-03-15",
				"2028-03-15..2029-03-14 due 2028-03-15",
				"2029-03-15..2030-03-14 due 2029-03-15",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validContract()
			c.Start, c.End, c.Cycle, c.Timing, c.BillingDay = tt.start, tt.end, tt.cycle, tt.timing, tt.day
			got := schedule(c, c.Periods(tt.through))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("periods through %s:\n%s\nwant:\n%s", tt.through, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			// Without anything invoiced, Pending is the same list.
			if pending := schedule(c, c.Pending(tt.through)); strings.Join(pending, "\n") != strings.Join(got, "\n") {
				t.Errorf("pending with nothing invoiced:\n%s", strings.Join(pending, "\n"))
			}
		})
	}
}

func TestContractPeriodsNeedAUsableSchedule(t *testing.T) {
	for name, change := range map[string]func(*Contract){
		"no cycle":       func(c *Contract) { c.Cycle = "" },
		"no start":       func(c *Contract) { c.Start = Date{} },
		"no billing day": func(c *Contract) { c.BillingDay = 0 },
	} {
		c := validContract()
		change(c)
		if ps := c.Periods(ymd(2030, time.January, 1)); len(ps) != 0 {
			t.Errorf("%s: %d periods", name, len(ps))
		}
	}
}

func TestContractPendingAfterFortyDaysOffline(t *testing.T) {
	c := validContract()
	c.End = Date{}
	// January was invoiced on January 1; the app was then closed from
	// February 1 to March 11 and opened again 40 days after January 31.
	c.BilledThrough = ymd(2027, time.January, 31)
	back := ymd(2027, time.January, 31).AddDays(40)
	got := c.Pending(back)
	want := []Period{
		{ymd(2027, time.February, 1), ymd(2027, time.February, 28)},
		{ymd(2027, time.March, 1), ymd(2027, time.March, 31)},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("pending on %s = %v, want %v", back, got, want)
	}
	c.BilledThrough = got[len(got)-1].End
	if again := c.Pending(back); len(again) != 0 {
		t.Errorf("pending again the same day: %v", again)
	}
	if next := c.Pending(ymd(2027, time.March, 31)); len(next) != 0 {
		t.Errorf("pending before April's billing day: %v", next)
	}
	if next := c.Pending(ymd(2027, time.April, 1)); len(next) != 1 || next[0].Start != ymd(2027, time.April, 1) {
		t.Errorf("pending on April 1: %v", next)
	}
}

// TestContractPendingDailyRunsWithGaps runs the billing every day for three
// years, except for 40-day stretches when the app is closed, and checks that
// every period is invoiced exactly once, never before it is due.
func TestContractPendingDailyRunsWithGaps(t *testing.T) {
	offline := func(day int) bool {
		return (day >= 20 && day < 60) || (day >= 300 && day < 340) || (day >= 700 && day < 740)
	}
	tests := []struct {
		name   string
		start  Date
		cycle  BillingCycle
		timing BillingTiming
		day    int
	}{
		{"monthly on the 31st in advance", ymd(2028, time.January, 31), Monthly, InAdvance, 31},
		{"monthly on the 1st in arrears", ymd(2027, time.March, 15), Monthly, InArrears, 1},
		{"quarterly in arrears", ymd(2027, time.January, 1), Quarterly, InArrears, 1},
		{"half-yearly in advance", ymd(2027, time.July, 1), HalfYearly, InAdvance, 10},
		{"yearly in advance", ymd(2027, time.February, 28), Yearly, InAdvance, 28},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validContract()
			c.Start, c.End, c.Cycle, c.Timing, c.BillingDay = tt.start, Date{}, tt.cycle, tt.timing, tt.day
			invoiced := map[Period]int{}
			last := tt.start.AddDays(3 * 365)
			for day := 0; ; day++ {
				today := tt.start.AddDays(day)
				if today.After(last) {
					break
				}
				if offline(day) && today != last {
					continue
				}
				for _, p := range c.Pending(today) {
					if due := c.BillingDate(p); due.After(today) {
						t.Errorf("%v invoiced on %s, before it is due on %s", p, today, due)
					}
					invoiced[p]++
					c.BilledThrough = p.End
				}
			}
			all := c.Periods(last)
			if len(all) == 0 || len(invoiced) != len(all) {
				t.Fatalf("%d periods invoiced, %d due", len(invoiced), len(all))
			}
			for _, p := range all {
				if invoiced[p] != 1 {
					t.Errorf("%v invoiced %d times", p, invoiced[p])
				}
			}
		})
	}
}

func TestContractPendingAfterRenewal(t *testing.T) {
	c := validContract()
	c.End = ymd(2027, time.March, 15)
	for _, p := range c.Pending(ymd(2027, time.December, 31)) {
		c.BilledThrough = p.End
	}
	if c.BilledThrough != c.End {
		t.Fatalf("billed through %s, want the end %s", c.BilledThrough, c.End)
	}
	r, err := Renewed(c, ymd(2027, time.December, 31), money.Money{Amount: dec("12000.00"), Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	// March was invoiced in full as the short last period; billing goes on with April.
	got := r.Pending(ymd(2027, time.April, 1))
	if len(got) != 1 || got[0] != (Period{ymd(2027, time.April, 1), ymd(2027, time.April, 30)}) {
		t.Errorf("pending after renewal = %v", got)
	}
}

func TestPeriodLabel(t *testing.T) {
	tests := []struct {
		p    Period
		want string
	}{
		{Period{ymd(2027, time.March, 1), ymd(2027, time.March, 31)}, "March 2027"},
		{Period{ymd(2028, time.February, 1), ymd(2028, time.February, 29)}, "February 2028"},
		{Period{ymd(2027, time.January, 1), ymd(2027, time.March, 31)}, "Q1 2027"},
		{Period{ymd(2027, time.October, 1), ymd(2027, time.December, 31)}, "Q4 2027"},
		{Period{ymd(2027, time.February, 1), ymd(2027, time.April, 30)}, "Feb–Apr 2027"},
		{Period{ymd(2027, time.January, 1), ymd(2027, time.June, 30)}, "Jan–Jun 2027"},
		{Period{ymd(2027, time.November, 1), ymd(2028, time.January, 31)}, "Nov 2027–Jan 2028"},
		{Period{ymd(2027, time.January, 1), ymd(2027, time.December, 31)}, "2027"},
		{Period{ymd(2027, time.July, 1), ymd(2028, time.June, 30)}, "Jul 2027–Jun 2028"},
		{Period{ymd(2028, time.January, 31), ymd(2028, time.February, 28)}, "31 Jan–28 Feb 2028"},
		{Period{ymd(2027, time.March, 1), ymd(2027, time.March, 15)}, "1–15 Mar 2027"},
		{Period{ymd(2027, time.March, 15), ymd(2028, time.March, 14)}, "15 Mar 2027–14 Mar 2028"},
		{Period{ymd(2027, time.March, 31), ymd(2027, time.March, 31)}, "31 Mar 2027"},
		{Period{}, ""},
	}
	for _, tt := range tests {
		if got := tt.p.Label(); got != tt.want {
			t.Errorf("%s..%s label %q, want %q", tt.p.Start, tt.p.End, got, tt.want)
		}
	}
}

func TestContractDraftFor(t *testing.T) {
	c := validContract()
	c.Title = strings.Repeat("x", MaxContractTitleLen)
	client := verifiedClient()
	client.PaymentTermsDays = 14
	client.Currency = "USD" // the contract's currency wins
	p := Period{ymd(2027, time.March, 1), ymd(2027, time.March, 31)}
	today := ymd(2027, time.March, 1)
	d := c.DraftFor(p, client, DefaultCompany(), today)
	if d.Kind != KindInvoice || d.Status != DocDraft || d.ClientID != 1 || d.Currency != "EUR" ||
		d.IssueDate != today || d.DueDate != ymd(2027, time.March, 15) {
		t.Fatalf("draft = %+v", d)
	}
	if want := "Contract " + c.Title + ", March 2027"; d.Reference != want {
		t.Errorf("reference %q, want %q", d.Reference, want)
	}
	if len(d.Lines) != 2 || d.Lines[0].Description != "Support, March 2027" || d.Lines[1].Description != "Backup storage, March 2027" ||
		d.Lines[0].ItemID != 7 || !d.Lines[1].Quantity.Equal(dec("2.5")) || !d.Lines[0].UnitPrice.Equal(dec("1200")) {
		t.Fatalf("lines = %+v", d.Lines)
	}
	d.Lines[0].Taxes[0].Percent = dec("7")
	if c.Lines[0].Taxes[0].Percent.Equal(dec("7")) {
		t.Error("the draft shares its taxes with the contract")
	}
	d.Lines[0].Taxes[0].Percent = vat20.Percent
	// The longest title with the longest kind of label still fits the reference.
	long := c.DraftFor(Period{ymd(2027, time.November, 30), ymd(2028, time.November, 29)}, client, DefaultCompany(), today)
	if err := long.Validate(); err != nil {
		t.Errorf("draft with a long reference: %v", err)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	tot, err := d.Totals()
	if err != nil {
		t.Fatal(err)
	}
	// 1,200.00 + 20 % VAT and 2.5 × 40.00.
	if !tot.Total.Equal(dec("1540")) {
		t.Errorf("total %s, want 1540", tot.Total)
	}
}

func TestContractValidate(t *testing.T) {
	c := validContract()
	c.Title, c.Currency, c.Status, c.Value = "  Managed hosting ", " eur", "", money.Money{}
	c.Lines[0].Description = " Support "
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Title != "Managed hosting" || c.Currency != "EUR" || c.Status != ContractActive ||
		c.Value.Currency != "EUR" || c.Lines[0].Description != "Support" {
		t.Errorf("not tidied: %+v", c)
	}

	tests := []struct {
		name   string
		change func(*Contract)
		field  string
		want   string
	}{
		{"no title", func(c *Contract) { c.Title = "  " }, "title", "enter a title"},
		{"long title", func(c *Contract) { c.Title = strings.Repeat("a", MaxContractTitleLen+1) }, "title", "longer than 60"},
		{"no client", func(c *Contract) { c.ClientID = 0 }, "client", "choose a client"},
		{"unknown currency", func(c *Contract) { c.Currency = "XYZ" }, "currency", "XYZ"},
		{"value in another currency", func(c *Contract) { c.Value.Currency = "USD" }, "value", "in USD but the contract is in EUR"},
		{"negative value", func(c *Contract) { c.Value.Amount = dec("-1") }, "value", "cannot be negative"},
		{"value with too many decimals", func(c *Contract) { c.Value.Amount = dec("1.001") }, "value", "EUR amounts"},
		{"no start", func(c *Contract) { c.Start = Date{} }, "start", "enter the start date"},
		{"end before start", func(c *Contract) { c.End = c.Start.AddDays(-1) }, "end", "before the start date"},
		{"negative notice", func(c *Contract) { c.NoticeDays = -1 }, "noticeDays", "between 0 and 730"},
		{"auto-renew without an end", func(c *Contract) { c.AutoRenew, c.End = true, Date{} }, "autoRenew", "nothing to renew"},
		{"no cycle", func(c *Contract) { c.Cycle = "weekly" }, "cycle", "how often"},
		{"no timing", func(c *Contract) { c.Timing = "" }, "timing", "in advance or in arrears"},
		{"billing day 0", func(c *Contract) { c.BillingDay = 0 }, "billingDay", "1 to 31"},
		{"billing day 32", func(c *Contract) { c.BillingDay = 32 }, "billingDay", "1 to 31"},
		{"unknown status", func(c *Contract) { c.Status = "paused" }, "status", "paused"},
		{"no lines", func(c *Contract) { c.Lines = nil }, "lines", "at least one line"},
		{"line without description", func(c *Contract) { c.Lines[1].Description = " " }, LineField(1, "description"), "line 2: enter a description"},
		{"quantity too precise", func(c *Contract) { c.Lines[0].Quantity = dec("0.0000001") }, LineField(0, "quantity"), "6 decimal places"},
		{"quantity too large", func(c *Contract) { c.Lines[0].Quantity = decimal.New(2, 9) }, LineField(0, "quantity"), "9 digits"},
		{"price too precise", func(c *Contract) { c.Lines[0].UnitPrice = dec("10.005") }, LineField(0, "unitPrice"), "line 1: EUR amounts"},
		{"tax twice", func(c *Contract) { c.Lines[0].Taxes = []TaxLine{vat20, vat20} }, LineField(0, "taxes"), "charged twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validContract()
			tt.change(c)
			err := c.Validate()
			if ErrorCode(err) != EINVALID {
				t.Fatalf("error %v, want invalid", err)
			}
			fields := FieldErrors(err)
			if !strings.Contains(fields[tt.field], tt.want) {
				t.Errorf("field %q = %q, want it to say %q (all: %v)", tt.field, fields[tt.field], tt.want, fields)
			}
			if len(fields) != 1 {
				t.Errorf("more than the one problem reported: %v", fields)
			}
			if !strings.HasPrefix(ErrorMessage(err), "Contract not saved: ") {
				t.Errorf("message %q", ErrorMessage(err))
			}
		})
	}
}

func TestRenewalDue(t *testing.T) {
	// validContract ends 2027-12-31 with 60 days' notice, from 2027-11-01.
	tests := []struct {
		name   string
		change func(*Contract)
		asOf   Date
		want   bool
	}{
		{"one day before the notice period", nil, ymd(2027, time.October, 31), false},
		{"first day of the notice period", nil, ymd(2027, time.November, 1), true},
		{"inside the notice period", nil, ymd(2027, time.December, 1), true},
		{"on the end date", nil, ymd(2027, time.December, 31), true},
		{"after the end date", nil, ymd(2028, time.January, 1), false},
		{"no notice, on the end date", func(c *Contract) { c.NoticeDays = 0 }, ymd(2027, time.December, 31), true},
		{"no notice, the day before", func(c *Contract) { c.NoticeDays = 0 }, ymd(2027, time.December, 30), false},
		{"open-ended", func(c *Contract) { c.End = Date{} }, ymd(2027, time.December, 1), false},
		{"ended", func(c *Contract) { c.Status = ContractEnded }, ymd(2027, time.December, 1), false},
		{"auto-renewing, still up for a decision", func(c *Contract) { c.AutoRenew = true }, ymd(2027, time.November, 1), true},
	}
	for _, tt := range tests {
		c := validContract()
		if tt.change != nil {
			tt.change(c)
		}
		if got := RenewalDue(c, tt.asOf); got != tt.want {
			t.Errorf("%s (%s): RenewalDue = %t, want %t", tt.name, tt.asOf, got, tt.want)
		}
	}
}

func TestRenewed(t *testing.T) {
	c := validContract()
	c.Status = ContractLapsed
	c.BilledThrough = ymd(2027, time.December, 31)
	newEnd := ymd(2028, time.December, 31)
	r, err := Renewed(c, newEnd, money.Money{Amount: dec("15000.00"), Currency: "eur"})
	if err != nil {
		t.Fatal(err)
	}
	if r.End != newEnd || !r.Value.Equal(money.Money{Amount: dec("15000"), Currency: "EUR"}) || r.Status != ContractActive ||
		r.Start != c.Start || r.BilledThrough != c.BilledThrough || r.ID != c.ID {
		t.Errorf("renewed = %+v", r)
	}
	if c.End != ymd(2027, time.December, 31) || c.Status != ContractLapsed {
		t.Error("the original contract changed")
	}
	r.Lines[0].Taxes[0].Percent = dec("7")
	if c.Lines[0].Taxes[0].Percent.Equal(dec("7")) {
		t.Error("the renewal shares its lines' taxes with the original")
	}
	if got := r.Pending(ymd(2028, time.January, 1)); len(got) != 1 || got[0].Label() != "January 2028" {
		t.Errorf("first period after renewal: %v", got)
	}

	eur := money.Money{Amount: dec("1"), Currency: "EUR"}
	tests := []struct {
		name   string
		change func(*Contract)
		end    Date
		value  money.Money
		code   string
		field  string
	}{
		{"same end", nil, ymd(2027, time.December, 31), eur, EINVALID, "end"},
		{"earlier end", nil, ymd(2027, time.June, 30), eur, EINVALID, "end"},
		{"other currency", nil, newEnd, money.Money{Amount: dec("1"), Currency: "USD"}, EINVALID, "value"},
		{"negative value", nil, newEnd, money.Money{Amount: dec("-1"), Currency: "EUR"}, EINVALID, "value"},
		{"ended", func(c *Contract) { c.Status = ContractEnded }, newEnd, eur, ECONFLICT, ""},
		{"open-ended", func(c *Contract) { c.End = Date{} }, newEnd, eur, ECONFLICT, ""},
	}
	for _, tt := range tests {
		c := validContract()
		if tt.change != nil {
			tt.change(c)
		}
		r, err := Renewed(c, tt.end, tt.value)
		if r != nil || ErrorCode(err) != tt.code {
			t.Errorf("%s: renewed %v, error %v; want a %s error", tt.name, r, err, tt.code)
			continue
		}
		if tt.field != "" && FieldErrors(err)[tt.field] == "" {
			t.Errorf("%s: no message for %q in %v", tt.name, tt.field, FieldErrors(err))
		}
	}
}

func TestAutoRenewal(t *testing.T) {
	for _, tc := range []struct {
		name    string
		change  func(c *Contract)
		asOf    Date
		wantEnd Date // zero for no renewal
	}{
		{"on its last day it still runs", nil, ymd(2027, time.December, 31), Date{}},
		{"the day after, a year more", nil, ymd(2028, time.January, 1), ymd(2028, time.December, 31)},
		{"two years offline, two years more", nil, ymd(2029, time.March, 5), ymd(2029, time.December, 31)},
		{"a February end runs to the leap day", func(c *Contract) { c.End = ymd(2027, time.February, 28) },
			ymd(2027, time.March, 1), ymd(2028, time.February, 29)},
		{"without auto-renew it stays ended", func(c *Contract) { c.AutoRenew = false }, ymd(2028, time.January, 1), Date{}},
		{"a lapsed one is left alone", func(c *Contract) { c.Status = ContractLapsed }, ymd(2028, time.January, 1), Date{}},
	} {
		c := validContract()
		c.AutoRenew = true
		if tc.change != nil {
			tc.change(c)
		}
		n, err := AutoRenewal(c, tc.asOf)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		switch {
		case tc.wantEnd.IsZero() && n != nil:
			t.Errorf("%s: renewed to %s", tc.name, n.End)
		case !tc.wantEnd.IsZero() && (n == nil || n.End != tc.wantEnd || !n.Value.Equal(c.Value) || n.Start != c.Start):
			t.Errorf("%s: %+v, want the end %s at the same value and start", tc.name, n, tc.wantEnd)
		}
	}
}
