package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// invoiceBook is a book with a client who has a billing address and VAT at 20 %.
func invoiceBook(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "b.db")
	for _, args := range [][]string{
		{"clients", "add", "--name", "Café Ğüneş Ltd", "--currency", "GBP", "--street", "1 Market St", "--city", "Leeds", "--country", "United Kingdom"},
		{"taxes", "add", "--name", "VAT", "--percent", "20"},
	} {
		if code, out, errOut := ctl(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Fatalf("%q: exit %d %s%s", args, code, out, errOut)
		}
	}
	return db
}

func TestInvoicesDraftIssueShowAndPDF(t *testing.T) {
	db := invoiceBook(t)
	code, out, errOut := ctl(t, "--db", db, "invoices", "draft", "--client", "café ğüneş ltd", "--date", "2027-02-01",
		"--line", "Design work|12.5|80|10|VAT", "--line", "Hosting|1|19.99||VAT", "--issue")
	if code != 0 {
		t.Fatalf("draft --issue: exit %d\n%s%s", code, out, errOut)
	}
	// 12.5 × 80 = 1,000 − 10 % = 900.00; + 19.99 = 919.99; VAT 180.00 + 4.00 = 184.00; total 1,103.99.
	if !strings.Contains(out, "Issued invoice INV-2027-00001") || !strings.Contains(out, "1,103.99") {
		t.Fatalf("output:\n%s", out)
	}
	code, out, _ = ctl(t, "--db", db, "invoices", "show", "INV-2027-00001", "--json")
	if code != 0 {
		t.Fatal("show --json failed")
	}
	var doc struct {
		Number, Status, Total, Tax string
		Lines                      []struct{ Net string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err, out)
	}
	if doc.Number != "INV-2027-00001" || doc.Status != "issued" || doc.Total != "1103.99" || doc.Tax != "184.00" ||
		len(doc.Lines) != 2 || doc.Lines[0].Net != "900.00" {
		t.Errorf("show --json: %+v", doc)
	}
	pdfPath := filepath.Join(t.TempDir(), "inv.pdf")
	if code, _, errOut := ctl(t, "--db", db, "invoices", "pdf", "INV-2027-00001", "--out", pdfPath); code != 0 {
		t.Fatalf("pdf: %s", errOut)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		text, err := exec.Command("pdftotext", pdfPath, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"INV-2027-00001", "Café Ğüneş Ltd", "1,103.99"} {
			if !strings.Contains(string(text), want) {
				t.Errorf("the PDF text lacks %q", want)
			}
		}
	} else if b, _ := os.ReadFile(pdfPath); !strings.HasPrefix(string(b), "%PDF-") {
		t.Error("not a PDF")
	}
	code, out, _ = ctl(t, "--db", db, "invoices", "list", "--csv")
	if code != 0 || !strings.Contains(out, "INV-2027-00001") || !strings.Contains(out, ",1103.99,GBP") {
		t.Errorf("list --csv:\n%s", out)
	}
}

func TestInvoicesBadInput(t *testing.T) {
	db := invoiceBook(t)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--client", "Nobody", "--line", "X|1|1"}, 1, `--client: no client is called "Nobody".`},
		{[]string{"--client", "Café Ğüneş Ltd"}, 2, "at least one --line"},
		{[]string{"--client", "Café Ğüneş Ltd", "--line", "X|two|1"}, 1, `the quantity "two" is not a number`},
		{[]string{"--client", "Café Ğüneş Ltd", "--line", "X|1|1.005"}, 1, "unit price"},
		{[]string{"--client", "Café Ğüneş Ltd", "--line", "X|1|1||GST"}, 1, `no tax rate called "GST"`},
		{[]string{"--client", "Café Ğüneş Ltd", "--line", "X|1|10", "--date", "2027-02-30"}, 1, "--date"},
		{[]string{"--client", "Café Ğüneş Ltd", "--line", "X|0|10", "--issue"}, 1, "quantity of zero"},
	}
	for _, c := range cases {
		code, _, errOut := ctl(t, append([]string{"--db", db, "invoices", "draft"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d (want %d), stderr %q (want %q)", c.args, code, c.code, errOut, c.want)
		}
	}
	// Only the zero-quantity draft was saved (its issue was refused); nothing was issued.
	_, out, _ := ctl(t, "--db", db, "invoices", "list", "--status", "issued", "--csv")
	if strings.Count(out, "\n") != 1 {
		t.Errorf("something was issued:\n%s", out)
	}
}
