package main

import (
	"strings"
	"testing"
)

func TestRefundsCommands(t *testing.T) {
	db := receivablesBook(t)
	// 1,600.00 paid on 1,500.00 invoiced: 100.00 of credit.
	if code, out, errOut := ctl(t, "--db", db, "payments", "add", "--client", "Nordlicht Logistik GmbH", "--amount", "1600",
		"--date", "2027-03-01", "--allocate", "auto"); code != 0 {
		t.Fatalf("payments add: %s%s", out, errOut)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--client", "Nordlicht Logistik GmbH", "--amount", "150", "--date", "2027-03-02"}, 1,
			"--amount: Nordlicht Logistik GmbH has 100.00 EUR of credit on 2027-03-02, less than 150.00 EUR."},
		{[]string{"--client", "Nordlicht Logistik GmbH", "--amount", "10.001", "--date", "2027-03-02"}, 1, "--amount: "},
		{[]string{"--client", "Nordlicht Logistik GmbH", "--amount", "10"}, 1, "--date: enter the day the money went back."},
		{[]string{"--client", "Nordlicht Logistik GmbH", "--amount", "10", "--date", "2027-03-02", "--method", "gold"}, 1,
			"--method: choose bank transfer, card, cash, cheque or other."},
		{[]string{"--client", "Nobody", "--amount", "10", "--date", "2027-03-02"}, 1, "no client is called"},
		{[]string{"--client", "Nordlicht Logistik GmbH", "--amount", "10", "--date", "2027-03-02", "--currency", "XYZ"}, 1,
			"--currency: "},
		{[]string{"--amount", "10", "--date", "2027-03-02"}, 1, "--client: name the client"},
	} {
		code, _, errOut := ctl(t, append([]string{"--db", db, "refunds", "add"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("refunds add %q: exit %d, %q; want %d, %q", c.args, code, errOut, c.code, c.want)
		}
	}
	if _, out, _ := ctl(t, "--db", db, "refunds", "list"); strings.TrimSpace(out) != "No refunds." {
		t.Errorf("refused refunds were stored:\n%s", out)
	}
	code, out, errOut := ctl(t, "--db", db, "refunds", "add", "--client", "Nordlicht Logistik GmbH", "--amount", "60",
		"--date", "2027-03-05", "--reference", "RF 7")
	if code != 0 || !strings.Contains(out, "Refunded 60.00 EUR to Nordlicht Logistik GmbH on 2027-03-05 (refund 1); 40.00 EUR of credit is left.") {
		t.Fatalf("refunds add: exit %d %s%s", code, out, errOut)
	}
	if _, out, _ := ctl(t, "--db", db, "refunds", "list", "--client", "Nordlicht Logistik GmbH"); !strings.Contains(out, "RF 7") {
		t.Errorf("refunds list:\n%s", out)
	}
	if _, out, _ := ctl(t, "--db", db, "aging", "--as-of", "2027-03-31", "--currency", "EUR"); !strings.Contains(out, "40.00") {
		t.Errorf("the aging's credit after the refund:\n%s", out)
	}
	if code, out, _ := ctl(t, "--db", db, "refunds", "delete", "1"); code != 0 || !strings.Contains(out, "Deleted refund 1") {
		t.Errorf("refunds delete: %d %s", code, out)
	}
	if code, _, errOut := ctl(t, "--db", db, "refunds", "delete", "x"); code != 2 || !strings.Contains(errOut, `"x" is not a refund ID`) {
		t.Errorf("refunds delete x: %d %s", code, errOut)
	}
}
