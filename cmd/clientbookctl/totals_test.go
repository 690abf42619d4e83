package main

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestInvoicesTotalsIssue13 issues issue 13's three examples with the exact
// flags the issue gives and reads them back with invoices show --json.
func TestInvoicesTotalsIssue13(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	for _, args := range [][]string{
		{"clients", "add", "--name", "Rechenprobe GmbH", "--currency", "EUR", "--street", "Hauptstraße 1", "--city", "Köln", "--country", "Germany"},
		{"taxes", "add", "--name", "VAT15", "--percent", "15"},
		{"taxes", "add", "--name", "VAT20", "--percent", "20"},
	} {
		if code, out, errOut := ctl(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("%q: exit %d %s%s", args, code, out, errOut)
		}
	}
	tests := []struct {
		name                                string
		flags                               []string
		number                              string
		subtotal, discount, net, tax, total string
		taxRow                              [2]string // base, amount
		lines                               []string
	}{
		{
			name:   "tax-inclusive per line: net and tax each rounded once from the gross",
			flags:  []string{"--tax-inclusive", "--rounding", "per-line", "--line", "X|1|6011.39|0|VAT15"},
			number: "INV-2027-00001", subtotal: "5227.30", discount: "0.00", net: "5227.30", tax: "784.09", total: "6011.39",
			taxRow: [2]string{"5227.30", "784.09"}, lines: []string{"5227.30"},
		},
		{
			name:   "an exact half after a 10 % discount",
			flags:  []string{"--tax-inclusive", "--rounding", "per-document", "--discount", "10%", "--line", "Consulting|1.5|19.99|0|VAT20"},
			number: "INV-2027-00002", subtotal: "24.99", discount: "2.50", net: "22.49", tax: "4.50", total: "26.99",
			taxRow: [2]string{"22.49", "4.50"}, lines: []string{"24.99"},
		},
		{
			name: "per-document lines add up to the subtotal",
			flags: []string{"--rounding", "per-document", "--line", "A|0.333|1.00|0|VAT20",
				"--line", "B|0.333|1.00|0|VAT20", "--line", "C|0.333|1.00|0|VAT20"},
			number: "INV-2027-00003", subtotal: "1.00", discount: "0.00", net: "1.00", tax: "0.20", total: "1.20",
			taxRow: [2]string{"1.00", "0.20"}, lines: []string{"0.34", "0.33", "0.33"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"--db", db, "invoices", "draft", "--client", "Rechenprobe GmbH", "--date", "2027-02-01"}, tt.flags...)
			if code, out, errOut := ctl(t, append(args, "--issue")...); code != 0 {
				t.Fatalf("draft --issue: exit %d\n%s%s", code, out, errOut)
			}
			code, out, errOut := ctl(t, "--db", db, "invoices", "show", tt.number, "--json")
			if code != 0 {
				t.Fatalf("show: exit %d %s", code, errOut)
			}
			var doc documentJSON
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatal(err, out)
			}
			got := [5]string{doc.Subtotal, doc.Discount, doc.Net, doc.Tax, doc.Total}
			if want := [5]string{tt.subtotal, tt.discount, tt.net, tt.tax, tt.total}; got != want || doc.Status != "issued" {
				t.Errorf("%s: subtotal, discount, net, tax, total = %v, want %v", doc.Status, got, want)
			}
			if len(doc.Taxes) != 1 || doc.Taxes[0].Base != tt.taxRow[0] || doc.Taxes[0].Amount != tt.taxRow[1] {
				t.Errorf("taxes %+v, want %s on %s", doc.Taxes, tt.taxRow[1], tt.taxRow[0])
			}
			if len(doc.Lines) != len(tt.lines) {
				t.Fatalf("%d lines", len(doc.Lines))
			}
			for i, want := range tt.lines {
				if doc.Lines[i].Net != want {
					t.Errorf("line %d = %s, want %s", i+1, doc.Lines[i].Net, want)
				}
			}
		})
	}
}
