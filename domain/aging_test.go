package domain

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestBucketEdges(t *testing.T) {
	due := NewDate(2027, time.January, 31)
	tests := []struct {
		late, want int // days past due on the as-of date; bucket index
	}{
		{-45, 0}, // as of before the due date: current
		{-1, 0},
		{0, 0}, // due today: still current
		{1, 1}, // 1–30
		{30, 1},
		{31, 2}, // 31–60
		{60, 2},
		{61, 3}, // 61–90
		{90, 3},
		{91, 4}, // Over 90
		{400, 4},
	}
	for _, tt := range tests {
		asOf := due.AddDays(tt.late)
		if got := DefaultAgingBuckets().Bucket(due, asOf); got != tt.want {
			t.Errorf("%d days late (as of %s): bucket %d, want %d", tt.late, asOf, got, tt.want)
		}
	}
	// The days are calendar days: 1 March 2027 is 29 days after 31 January.
	if got := DefaultAgingBuckets().Bucket(due, NewDate(2027, time.March, 2)); got != 1 {
		t.Errorf("30 days late across February: bucket %d, want 1", got)
	}
	if got := DefaultAgingBuckets().Bucket(due, NewDate(2027, time.March, 3)); got != 2 {
		t.Errorf("31 days late across February: bucket %d, want 2", got)
	}
	if got := DefaultAgingBuckets().Bucket(Date{}, due); got != 0 {
		t.Errorf("no due date: bucket %d, want 0", got)
	}
}

func TestAgingBucketsLabelsAndValidate(t *testing.T) {
	tests := []struct {
		edges  AgingBuckets
		labels []string
		valid  bool
	}{
		{DefaultAgingBuckets(), []string{"Current", "1–30", "31–60", "61–90", "Over 90"}, true},
		{AgingBuckets{15, 45}, []string{"Current", "1–15", "16–45", "Over 45"}, true},
		{AgingBuckets{1, 7}, []string{"Current", "1", "2–7", "Over 7"}, true},
		{AgingBuckets{60}, []string{"Current", "1–60", "Over 60"}, true},
		{AgingBuckets{30, 30}, nil, false},
		{AgingBuckets{60, 30}, nil, false},
		{AgingBuckets{0, 30}, nil, false},
		{AgingBuckets{-5}, nil, false},
		{AgingBuckets{}, nil, false},
		{nil, nil, false},
	}
	def := DefaultAgingBuckets().Labels()
	for _, tt := range tests {
		err := tt.edges.Validate()
		if (err == nil) != tt.valid {
			t.Errorf("%v.Validate() = %v, want valid %v", tt.edges, err, tt.valid)
		}
		if !tt.valid {
			if ErrorCode(err) != EINVALID || FieldErrors(err)["agingBuckets"] == "" {
				t.Errorf("%v.Validate() = %v, want EINVALID on agingBuckets", tt.edges, err)
			}
			tt.labels = def // invalid edges are reported with the default ones
		}
		if got := tt.edges.Labels(); !reflect.DeepEqual(got, tt.labels) {
			t.Errorf("%v.Labels() = %q, want %q", tt.edges, got, tt.labels)
		}
	}
}

func TestBucketCustomEdges(t *testing.T) {
	due := NewDate(2027, time.June, 30)
	edges := AgingBuckets{15, 45}
	for late, want := range map[int]int{-3: 0, 0: 0, 1: 1, 15: 1, 16: 2, 45: 2, 46: 3, 90: 3} {
		if got := edges.Bucket(due, due.AddDays(late)); got != want {
			t.Errorf("{15, 45}, %d days late: bucket %d, want %d", late, got, want)
		}
	}
}

func checkDecs(t *testing.T, what string, got []decimal.Decimal, want ...string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
		return
	}
	for i := range want {
		if !got[i].Equal(dec(want[i])) {
			t.Errorf("%s = %v, want %v", what, got, want)
			return
		}
	}
}

func TestAge(t *testing.T) {
	asOf := NewDate(2027, time.May, 31)
	item := func(client int64, name, number string, late int, open string) AgingItem {
		return AgingItem{ClientID: client, ClientName: name, Number: number, DueDate: asOf.AddDays(-late), Open: dec(open)}
	}
	items := []AgingItem{
		item(2, "Zephyr Ltd", "INV-10", -10, "100.00"), // not yet due
		item(2, "Zephyr Ltd", "INV-11", 0, "50.00"),    // due today
		item(2, "Zephyr Ltd", "INV-12", 30, "200.00"),
		item(2, "Zephyr Ltd", "INV-13", 91, "1000.00"),
		item(1, "acme GmbH", "INV-20", 1, "10.01"),
		item(1, "acme GmbH", "INV-21", 31, "20.02"),
		item(1, "acme GmbH", "INV-22", 60, "30.03"),
		item(1, "acme GmbH", "INV-23", 61, "40.04"),
		item(1, "acme GmbH", "INV-24", 90, "50.05"),
		item(1, "acme GmbH", "INV-25", 200, "0"), // paid: left out
	}
	credits := map[int64]ClientCredit{
		1: {ClientName: "acme GmbH", Amount: dec("25.00")},
		3: {ClientName: "Beta SA", Amount: dec("300.00")}, // credit and nothing open
		4: {ClientName: "Gamma", Amount: dec("0")},        // left out
	}
	rep := Age(items, credits, asOf, nil)
	if !reflect.DeepEqual(rep.Labels, []string{"Current", "1–30", "31–60", "61–90", "Over 90"}) || !reflect.DeepEqual(rep.Edges, DefaultAgingBuckets()) {
		t.Errorf("labels %q, edges %v", rep.Labels, rep.Edges)
	}
	if len(rep.Rows) != 3 {
		t.Fatalf("rows = %+v, want 3", rep.Rows)
	}
	acme, beta, zephyr := rep.Rows[0], rep.Rows[1], rep.Rows[2]
	if acme.ClientName != "acme GmbH" || beta.ClientName != "Beta SA" || zephyr.ClientName != "Zephyr Ltd" {
		t.Errorf("rows in order %q, %q, %q; want by name ignoring case", acme.ClientName, beta.ClientName, zephyr.ClientName)
	}
	checkDecs(t, "acme buckets", acme.Buckets, "0", "10.01", "50.05", "90.09", "0")
	if !acme.Total.Equal(dec("150.15")) || !acme.Credits.Equal(dec("25")) || !acme.Net.Equal(dec("125.15")) {
		t.Errorf("acme total %s credits %s net %s; want 150.15, 25, 125.15", acme.Total, acme.Credits, acme.Net)
	}
	checkDecs(t, "beta buckets", beta.Buckets, "0", "0", "0", "0", "0")
	if !beta.Total.IsZero() || !beta.Credits.Equal(dec("300")) || !beta.Net.Equal(dec("-300")) {
		t.Errorf("beta total %s credits %s net %s; want 0, 300, -300", beta.Total, beta.Credits, beta.Net)
	}
	checkDecs(t, "zephyr buckets", zephyr.Buckets, "150.00", "200.00", "0", "0", "1000.00")
	if !zephyr.Total.Equal(dec("1350")) || !zephyr.Credits.IsZero() || !zephyr.Net.Equal(dec("1350")) {
		t.Errorf("zephyr total %s credits %s net %s", zephyr.Total, zephyr.Credits, zephyr.Net)
	}
	checkDecs(t, "totals", rep.Totals, "150.00", "210.01", "50.05", "90.09", "1000.00")
	if !rep.Total.Equal(dec("1500.15")) || !rep.Credits.Equal(dec("325")) || !rep.Net.Equal(dec("1175.15")) {
		t.Errorf("grand total %s credits %s net %s; want 1500.15, 325, 1175.15", rep.Total, rep.Credits, rep.Net)
	}
}

func TestAgeCustomEdges(t *testing.T) {
	asOf := NewDate(2027, time.May, 31)
	items := []AgingItem{
		{ClientID: 1, ClientName: "Kuwait Trading", DueDate: asOf, Open: dec("1.250")},
		{ClientID: 1, ClientName: "Kuwait Trading", DueDate: asOf.AddDays(-15), Open: dec("0.125")},
		{ClientID: 1, ClientName: "Kuwait Trading", DueDate: asOf.AddDays(-16), Open: dec("0.005")},
		{ClientID: 1, ClientName: "Kuwait Trading", DueDate: asOf.AddDays(-46), Open: dec("10.000")},
	}
	rep := Age(items, nil, asOf, AgingBuckets{15, 45})
	if !reflect.DeepEqual(rep.Labels, []string{"Current", "1–15", "16–45", "Over 45"}) {
		t.Errorf("labels %q", rep.Labels)
	}
	checkDecs(t, "KWD buckets", rep.Rows[0].Buckets, "1.250", "0.125", "0.005", "10.000")
	checkDecs(t, "KWD totals", rep.Totals, "1.250", "0.125", "0.005", "10.000")
	if !rep.Total.Equal(dec("11.380")) || !rep.Net.Equal(dec("11.38")) {
		t.Errorf("KWD total %s net %s, want 11.380", rep.Total, rep.Net)
	}

	// Invalid edges fall back to the default ones rather than losing amounts.
	rep = Age(items, nil, asOf, AgingBuckets{45, 15})
	if !reflect.DeepEqual(rep.Edges, DefaultAgingBuckets()) || len(rep.Totals) != 5 {
		t.Errorf("invalid edges: used %v, %d totals", rep.Edges, len(rep.Totals))
	}
	checkDecs(t, "fallback totals", rep.Totals, "1.250", "0.130", "10.000", "0", "0")

	// JPY, and an empty report.
	jpy := Age([]AgingItem{{ClientID: 9, ClientName: "Tokyo KK", DueDate: asOf.AddDays(-100), Open: dec("1234567")}}, nil, asOf, nil)
	checkDecs(t, "JPY totals", jpy.Totals, "0", "0", "0", "0", "1234567")
	empty := Age(nil, nil, asOf, nil)
	if len(empty.Rows) != 0 || !empty.Total.IsZero() || !empty.Net.IsZero() {
		t.Errorf("empty report %+v", empty)
	}
	checkDecs(t, "empty totals", empty.Totals, "0", "0", "0", "0", "0")
}

func TestDaysToPay(t *testing.T) {
	asOf := NewDate(2027, time.June, 30)
	paid := func(issue Date, days int) PaidInvoice {
		return PaidInvoice{IssueDate: issue, PaidDate: issue.AddDays(days)}
	}
	invoices := []PaidInvoice{
		paid(NewDate(2027, time.January, 10), 10),
		paid(NewDate(2027, time.March, 1), 21),
		paid(NewDate(2027, time.May, 31), 30),     // paid on asOf: counted
		paid(NewDate(2026, time.June, 1), 30),     // paid 1 July 2026, the first day of the window: counted
		paid(NewDate(2026, time.May, 31), 30),     // paid 30 June 2026, a year before asOf: left out
		paid(NewDate(2027, time.June, 20), 11),    // paid after asOf: left out
		{IssueDate: NewDate(2027, time.April, 1)}, // no paid date: left out
		paid(NewDate(2027, time.February, 1), -5), // paid in advance: 0 days
		{PaidDate: NewDate(2027, time.April, 1)},  // no issue date: left out
		paid(NewDate(2026, time.June, 15), 379),   // paid 29 June 2027, over a year after issue
	}
	// (10 + 21 + 30 + 30 + 0 + 379) / 6 = 470 / 6 = 78.333… → 78.3
	days, n := DaysToPay(invoices, asOf)
	if n != 6 || !days.Equal(dec("78.3")) {
		t.Errorf("DaysToPay = %s over %d, want 78.3 over 6", days, n)
	}
	// 5 and 6 days: 5.5 exactly; 1, 2 and 2 days: 1.666… → 1.7; 1 and 2 and 2 and 2: 1.75 → 1.8.
	for _, tt := range []struct {
		days []int
		want string
	}{
		{[]int{5, 6}, "5.5"},
		{[]int{1, 2, 2}, "1.7"},
		{[]int{1, 2, 2, 2}, "1.8"},
		{[]int{30}, "30"},
	} {
		var ps []PaidInvoice
		for _, d := range tt.days {
			ps = append(ps, paid(NewDate(2027, time.April, 1), d))
		}
		if got, _ := DaysToPay(ps, asOf); !got.Equal(dec(tt.want)) {
			t.Errorf("DaysToPay of %v days = %s, want %s", tt.days, got, tt.want)
		}
	}
	if days, n := DaysToPay(nil, asOf); n != 0 || !days.IsZero() {
		t.Errorf("no invoices: %s over %d", days, n)
	}
}

func TestDSO(t *testing.T) {
	tests := []struct {
		receivables, revenue string
		days                 int
		want                 string
		ok                   bool
	}{
		{"45000.00", "135000.00", 90, "30", true},  // 45,000 / 135,000 × 90 = 30
		{"10000.00", "30000.00", 91, "30.3", true}, // 910,000 / 30,000 = 30.333…
		{"1.00", "4.00", 1, "0.3", true},           // 0.25: the half goes up
		{"1.00", "8.00", 1, "0.1", true},           // 0.125
		{"2.00", "3.00", 1, "0.7", true},           // 0.666…
		{"0.01", "0.03", 365, "121.7", true},       // 121.666…
		{"12.345", "37.035", 90, "30", true},       // KWD: 1,111.05 / 37.035 = 30 exactly
		{"1000000", "3650000", 365, "100", true},   // JPY
		{"0", "5000.00", 90, "0", true},            // nothing owed
		{"5000.00", "0", 90, "0", false},           // no revenue: undefined
		{"5000.00", "-10.00", 90, "0", false},      // net refunds: undefined
		{"5000.00", "1000.00", 0, "0", false},      // no period
		{"99999999.99", "0.01", 365, "3649999999635", true},
	}
	for _, tt := range tests {
		got, ok := DSO(dec(tt.receivables), dec(tt.revenue), tt.days)
		if ok != tt.ok || !got.Equal(dec(tt.want)) {
			t.Errorf("DSO(%s, %s, %d) = %s, %v; want %s, %v", tt.receivables, tt.revenue, tt.days, got, ok, tt.want, tt.ok)
		}
	}
}

func TestOverdueListOrders(t *testing.T) {
	asOf := NewDate(2027, 5, 1)
	item := func(num string, due Date, open string) AgingItem {
		return AgingItem{Number: num, DueDate: due, Open: decimal.RequireFromString(open)}
	}
	items := []AgingItem{
		item("INV-1", NewDate(2027, 1, 31), "100.00"),
		item("INV-2", NewDate(2027, 4, 30), "900.00"),
		item("INV-3", NewDate(2027, 5, 1), "5000.00"), // due today: not overdue
		item("INV-4", NewDate(2027, 3, 15), "900.00"),
		item("INV-5", NewDate(2027, 2, 1), "0.00"), // paid
		item("INV-6", NewDate(2027, 1, 31), "250.50"),
	}
	numbers := func(xs []AgingItem) string {
		var s []string
		for _, x := range xs {
			s = append(s, x.Number)
		}
		return strings.Join(s, " ")
	}
	if got := numbers(Overdue(items, asOf, OverdueLargest)); got != "INV-4 INV-2 INV-6 INV-1" {
		t.Errorf("largest first: %s", got)
	}
	if got := numbers(Overdue(items, asOf, OverdueOldest)); got != "INV-6 INV-1 INV-4 INV-2" {
		t.Errorf("oldest first: %s", got)
	}
}

// TestStartsAgreeWithBucket holds the buckets spelt as due dates (what the
// book sums by) to Bucket, over every due date around each edge, for the
// default edges, others, and edges that fail Validate.
func TestStartsAgreeWithBucket(t *testing.T) {
	asOf := NewDate(2027, 3, 1) // across February
	for _, edges := range []AgingBuckets{nil, {30, 60, 90}, {7}, {1, 2, 3}, {15, 45, 365}, {60, 30}, {0}} {
		starts := edges.Starts(asOf)
		if want := len(edges.orDefault()) + 1; len(starts) != want {
			t.Fatalf("%v: %d starts, want %d", edges, len(starts), want)
		}
		for d := -400; d <= 30; d++ {
			due := asOf.AddDays(d)
			got := len(starts) // before every start: the last bucket
			for i, s := range starts {
				if !due.Before(s) {
					got = i
					break
				}
			}
			if want := edges.Bucket(due, asOf); got != want {
				t.Fatalf("%v: due %s is in bucket %d by Starts %v, %d by Bucket", edges, due, got, starts, want)
			}
		}
		if edges.Bucket(Date{}, asOf) != 0 {
			t.Errorf("%v: no due date is not Current", edges)
		}
	}
}

// TestAgeSumsAddsUpWhatIsSummedAlready: sums of one client and bucket add
// up, amounts that are not positive are left out, a bucket out of range
// counts as the last, and the report is what Age makes of the same invoices.
func TestAgeSumsAddsUpWhatIsSummedAlready(t *testing.T) {
	asOf := NewDate(2027, 5, 1)
	d := decimal.RequireFromString
	items := []AgingItem{
		{ClientID: 1, ClientName: "Ada", DueDate: NewDate(2027, 5, 10), Open: d("10.00")},
		{ClientID: 1, ClientName: "Ada", DueDate: NewDate(2027, 5, 20), Open: d("5.50")},
		{ClientID: 1, ClientName: "Ada", DueDate: NewDate(2026, 1, 1), Open: d("7.00")},
		{ClientID: 2, ClientName: "bob", DueDate: NewDate(2027, 4, 15), Open: d("3.00")},
		{ClientID: 2, ClientName: "bob", DueDate: NewDate(2027, 4, 15), Open: d("-3.00")},
	}
	credits := map[int64]ClientCredit{2: {ClientName: "bob", Amount: d("1.25")}, 3: {ClientName: "Cy", Amount: d("2.00")}}
	sums := []AgingSum{
		{ClientID: 1, ClientName: "Ada", Bucket: 0, Open: d("15.50")},
		{ClientID: 1, ClientName: "Ada", Bucket: 9, Open: d("7.00")}, // out of range: the last bucket
		{ClientID: 2, ClientName: "bob", Bucket: 1, Open: d("1.00")},
		{ClientID: 2, ClientName: "bob", Bucket: 1, Open: d("2.00")},
		{ClientID: 2, ClientName: "bob", Bucket: 2, Open: d("0.00")},
	}
	got, want := AgeSums(sums, credits, asOf, nil), Age(items, credits, asOf, nil)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("AgeSums:\n%v\nAge:\n%v", got, want)
	}
	if len(got.Rows) != 3 || got.Rows[1].ClientName != "bob" || !got.Rows[1].Buckets[1].Equal(d("3.00")) ||
		!got.Rows[0].Buckets[4].Equal(d("7.00")) || !got.Total.Equal(d("25.50")) || !got.Credits.Equal(d("3.25")) {
		t.Errorf("report: %+v", got)
	}
}
