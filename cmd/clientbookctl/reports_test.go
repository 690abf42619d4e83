package main

import (
	"encoding/csv"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"clientbook/domain"
)

// reportsBook is a book whose company works in USD, with three invoices in EUR, net of VAT: Kestrel
// 200.00 in January and 30.00 in March, Fjord 50.00 in February 2027.
func reportsBook(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "b.db")
	for _, args := range [][]string{
		{"clients", "add", "--name", "Kestrel Labs", "--currency", "EUR", "--street", "Hafenstraße 3", "--city", "Kiel", "--country", "Germany"},
		{"clients", "add", "--name", "Fjord Shipping AS", "--currency", "EUR", "--street", "Bryggen 1", "--city", "Bergen", "--country", "Norway"},
		{"taxes", "add", "--name", "VAT", "--percent", "19"},
		{"invoices", "draft", "--client", "Kestrel Labs", "--date", "2027-01-15", "--line", "Support|2|100.00||VAT", "--issue", "--accept-warnings"},
		{"invoices", "draft", "--client", "Fjord Shipping AS", "--date", "2027-02-03", "--line", "Setup|1|50.00||VAT", "--issue", "--accept-warnings"},
		{"invoices", "draft", "--client", "Kestrel Labs", "--date", "2027-03-10", "--line", "Support|1|30.00||VAT", "--issue", "--accept-warnings"},
	} {
		if code, out, errOut := ctl(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("%q: exit %d, %s%s", args, code, out, errOut)
		}
	}
	return db
}

// fields splits each line of a table into its words.
func fields(out string) [][]string {
	var rows [][]string
	for _, l := range lines(out) {
		rows = append(rows, strings.Fields(l))
	}
	return rows
}

func TestRevenueCommand(t *testing.T) {
	db := reportsBook(t)
	code, out, errOut := ctl(t, "--db", db, "revenue", "--currency", "eur", "--from", "2027-01-01", "--to", "2027-03-31")
	if code != 0 {
		t.Fatalf("revenue: exit %d, %s", code, errOut)
	}
	want := [][]string{{"Revenue", "in", "EUR", "from", "2027-01-01", "to", "2027-03-31,", "net", "of", "tax,", "by", "month"},
		{"MONTH", "REVENUE"}, {"2027-01", "200.00"}, {"2027-02", "50.00"}, {"2027-03", "30.00"}, {"Total", "280.00"}}
	if got := fields(out); !reflect.DeepEqual(got[:1], want[:1]) || !reflect.DeepEqual(got[2:], want[1:]) {
		t.Errorf("by month:\n%s", out)
	}
	code, out, _ = ctl(t, "--db", db, "revenue", "--currency", "EUR", "--by", "client", "--from", "2027-01-01", "--to", "2027-03-31", "--csv")
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if code != 0 || err != nil {
		t.Fatalf("by client as CSV: exit %d, %v\n%s", code, err, out)
	}
	if len(recs) != 3 || !reflect.DeepEqual(recs[0], []string{"client_id", "client", "revenue", "currency"}) ||
		recs[1][1] != "Kestrel Labs" || recs[1][2] != "230.00" || recs[2][1] != "Fjord Shipping AS" || recs[2][2] != "50.00" {
		t.Errorf("by client: %q", recs)
	}
	_, out, _ = ctl(t, "--db", db, "revenue", "--currency", "EUR", "--by", "item", "--client", "Kestrel Labs", "--from", "2027-01-01", "--to", "2027-03-31")
	if !strings.Contains(out, "(lines without an item)") || !strings.Contains(out, "230.00") || strings.Contains(out, "280.00") {
		t.Errorf("Kestrel's items:\n%s", out)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--by", "year"}, 2, "--by is month, client or item"},
		{[]string{"--from", "2027-03-01", "--to", "2027-02-01"}, 2, "before --from"},
		{[]string{"--from", "March"}, 2, "--from"},
		{[]string{"--currency", "XYZ"}, 1, "--currency"},
		{[]string{"--by", "client", "--client", "Kestrel Labs"}, 2, "leave out --client"},
		{[]string{"--client", "Nobody"}, 1, "--client"},
	} {
		code, _, errOut := ctl(t, append([]string{"--db", db, "revenue"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("revenue %q: exit %d (want %d), %q (want %q)", c.args, code, c.code, errOut, c.want)
		}
	}
}

func TestForecastCommand(t *testing.T) {
	db := reportsBook(t)
	if code, out, errOut := ctl(t, "--db", db, "opportunities", "add", "--client", "Kestrel Labs", "--title", "Second site",
		"--value", "1000", "--close", "2027-05-20", "--probability", "40"); code != 0 {
		t.Fatalf("opportunities add: exit %d, %s%s", code, out, errOut)
	}
	code, out, errOut := ctl(t, "--db", db, "forecast", "--currency", "EUR", "--as-of", "2027-04-10", "--months", "3")
	if code != 0 {
		t.Fatalf("forecast: exit %d, %s", code, errOut)
	}
	// January 200, February 50, March 30: the trend is their mean, 93.33.
	// Tried on March (125 for 30) and February (200 for 50) it misses by
	// (95 + 150) / 2 = 122.50, so the band runs from 0 to 215.83. 40 % of
	// the 1,000.00 opportunity closes in May.
	got := fields(out)
	want := [][]string{
		{"MONTH", "CONTRACTED", "PIPELINE", "TREND", "LOW", "HIGH"},
		{"2027-04", "0.00", "0.00", "93.33", "0.00", "215.83"},
		{"2027-05", "0.00", "400.00", "93.33", "0.00", "215.83"},
		{"2027-06", "0.00", "0.00", "93.33", "0.00", "215.83"},
	}
	if len(got) < 7 || !reflect.DeepEqual(got[2:6], want) || !strings.HasPrefix(out, "Forecast in EUR, net of tax, from April 2027") ||
		!strings.Contains(out, "Trend is the same month last year") {
		t.Errorf("forecast:\n%s", out)
	}
	// Fjord alone has only February's 50.00 and no opportunity: the mean of
	// February and March is 25.00, and March (guessed 50.00 for nothing)
	// missed by 50.00.
	_, out, _ = ctl(t, "--db", db, "forecast", "--currency", "EUR", "--as-of", "2027-04-10", "--months", "1", "--client", "Fjord Shipping AS")
	if got := fields(out); len(got) < 4 || !reflect.DeepEqual(got[3], []string{"2027-04", "0.00", "0.00", "25.00", "0.00", "75.00"}) {
		t.Errorf("Fjord's forecast:\n%s", out)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--months", "0"}, 2, "--months is between 1 and 36"},
		{[]string{"--months", "many"}, 2, "--months"},
		{[]string{"--currency", "XYZ"}, 1, "--currency"},
	} {
		code, _, errOut := ctl(t, append([]string{"--db", db, "forecast"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("forecast %q: exit %d (want %d), %q (want %q)", c.args, code, c.code, errOut, c.want)
		}
	}
}

// kpis on reportsBook as of 20 April 2027: nothing is paid, so 238.00 +
// 59.50 + 35.70 = 333.20 is owed (19% VAT included); the 90 days from 21
// January hold the February and March invoices, 59.50 + 35.70 = 95.20 of
// gross credit sales, so DSO = 333.20 ÷ 95.20 × 90 = 315.0 days (against the
// 80.00 of net sales it would read 374.9).
func TestKPIsCommand(t *testing.T) {
	db := reportsBook(t)
	code, out, errOut := ctl(t, "--db", db, "kpis", "--currency", "EUR", "--as-of", "2027-04-20")
	if code != 0 {
		t.Fatalf("kpis: exit %d, %s", code, errOut)
	}
	for _, want := range []string{"Receivables (gross, tax included)", "333.20", "Gross credit sales, last 90 days (tax included)",
		"95.20", "Days sales outstanding", "315.0 days", "Revenue this quarter (net of tax)", domain.DSODefinition} {
		if !strings.Contains(out, want) {
			t.Errorf("kpis does not say %q:\n%s", want, out)
		}
	}
	code, out, _ = ctl(t, "kpis", "--help")
	if code != 0 || !strings.Contains(out, domain.DSODefinition) || !strings.Contains(out, "kpis [--as-of D]") {
		t.Errorf("kpis --help: exit %d\n%s", code, out)
	}
	code, out, _ = ctl(t, "help")
	if code != 0 || !strings.Contains(out, domain.DSODefinition) {
		t.Errorf("help: exit %d\n%s", code, out)
	}
	code, _, errOut = ctl(t, "--db", db, "kpis", "--as-of", "2027-13-01")
	if code == 0 || !strings.Contains(errOut, "--as-of") {
		t.Errorf("a bad --as-of: exit %d, %s", code, errOut)
	}
}
