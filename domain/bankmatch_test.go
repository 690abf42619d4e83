package domain

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

func bankEUR(s string) money.Money {
	return money.Money{Amount: decimal.RequireFromString(s), Currency: "EUR"}
}

func TestContainsReference(t *testing.T) {
	for _, c := range []struct {
		text, ref string
		want      bool
	}{
		{"SEPA CREDIT inv 2027 00012 thanks", "INV-2027-00012", true},
		{"RE:INV202700012", "INV-2027-00012", true},
		{"INV-2027-000123", "INV-2027-00012", false},
		{"Paid INV-2027-00012.", "INV-2027-00012", true},
		{"NORDLICHT LOGISTIK GMBH HAMBURG", "Nordlicht Logistik GmbH", true},
		{"Zürich Versicherung", "Zurich Versicherung", true},
		{"A 12 B", "12", false}, // too short to mean anything
		{"", "INV-1", false},
	} {
		if got := ContainsReference(c.text, c.ref); got != c.want {
			t.Errorf("ContainsReference(%q, %q) = %v, want %v", c.text, c.ref, got, c.want)
		}
	}
}

func TestInvoiceNumberCandidates(t *testing.T) {
	got := InvoiceNumberCandidates("Zahlung inv 2027 00012, RE: INV-2027-00013.")
	for _, want := range []string{"INV-2027-00012", "inv-2027-00012", "INV-2027-00013", "2027-00012"} {
		found := false
		for _, g := range got {
			found = found || g == want
		}
		if !found {
			t.Errorf("candidates %q lack %q", got, want)
		}
	}
	for _, g := range got {
		if !strings.ContainsAny(g, "0123456789") {
			t.Errorf("candidate %q has no digit", g)
		}
	}
}

// The lines and candidates below can be checked by hand (MatchWindow 7):
//
//	line 0  03-10  +250.00  "ACME INV-2027-00012"  → payment 1 (250.00, 03-08, pays INV-2027-00012):
//	        100 (reference) + 7-2 = 105; payment 2 (250.00, 03-10) scores only 7.
//	line 1  03-10  +250.00  "ACME"                 → payment 2 (250.00, 03-10): 7 + 20 for the name;
//	        payment 1 is taken by line 0.
//	line 2  03-11  +900.00  "DEPOSIT 55"           → deposit 5 (900.00, 03-09, ref 55): 100 + 5.
//	line 3  03-20  +250.00  ""                     → nothing: payments 1 and 2 are taken, payment 3
//	        (250.00, 03-01) is 19 days away.
//	line 4  03-10  -250.00  "ACME"                 → nothing: money out.
//	line 5  03-10  +250.00  "ACME"  (reconciled)   → nothing: not open.
//	line 6  03-10  +251.00  "INV-2027-00012"       → nothing: no candidate of that amount.
func TestSuggestMatches(t *testing.T) {
	d := func(day int) Date { return NewDate(2027, 3, day) }
	lines := []BankLine{
		{Date: d(10), Amount: bankEUR("250.00"), Text: "ACME INV-2027-00012", Status: LineUnmatched},
		{Date: d(10), Amount: bankEUR("250.00"), Text: "ACME", Status: LineSuggested},
		{Date: d(11), Amount: bankEUR("900.00"), Text: "DEPOSIT 55", Status: LineUnmatched},
		{Date: d(20), Amount: bankEUR("250.00"), Status: LineUnmatched},
		{Date: d(10), Amount: bankEUR("-250.00"), Text: "ACME", Status: LineUnmatched},
		{Date: d(10), Amount: bankEUR("250.00"), Text: "ACME", Status: LineReconciled},
		{Date: d(10), Amount: bankEUR("251.00"), Text: "INV-2027-00012", Status: LineUnmatched},
	}
	cands := []MatchCandidate{
		{PaymentID: 2, Date: d(10), Amount: bankEUR("250"), Name: "Acme", References: []string{"TRF 2"}},
		{PaymentID: 1, Date: d(8), Amount: bankEUR("250"), Name: "Acme Corp", References: []string{"", "INV-2027-00012"}},
		{PaymentID: 3, Date: d(1), Amount: bankEUR("250"), Name: "Acme"},
		{DepositID: 5, Date: d(9), Amount: bankEUR("900"), References: []string{"55"}},
		{PaymentID: 9, Date: d(9), Amount: money.Money{Amount: decimal.RequireFromString("900"), Currency: "USD"}},
	}
	// "55" is too short to count as a reference; the deposit still matches
	// on amount and date.
	got := SuggestMatches(lines, cands, MatchWindow)
	want := []struct {
		line     int
		pay, dep int64
		score    int
		note     string
	}{
		{0, 1, 0, 105, "same amount, 2 days apart, INV-2027-00012 in the text"},
		{1, 2, 0, 27, "same amount, same day, client's name in the text"},
		{2, 0, 5, 5, "same amount, 2 days apart"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d suggestions %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Line != w.line || g.Candidate.PaymentID != w.pay || g.Candidate.DepositID != w.dep || g.Score != w.score || g.Note != w.note {
			t.Errorf("suggestion %d = line %d → %+v score %d %q; want line %d → payment %d deposit %d score %d %q",
				i, g.Line, g.Candidate, g.Score, g.Note, w.line, w.pay, w.dep, w.score, w.note)
		}
	}
	// With a window of one day, payment 1 (two days before line 0) is out
	// of reach, even though it quotes the invoice: line 0 gets payment 2.
	got = SuggestMatches(lines[:2], cands, 1)
	if len(got) != 1 || got[0].Line != 0 || got[0].Candidate.PaymentID != 2 {
		t.Errorf("window 1: %+v", got)
	}
}
