package data

import (
	"context"
	"strings"
	"testing"

	"clientbook/domain"
)

// Revenue is net of tax, credit notes subtract, drafts, void and other
// currencies do not count, and empty months are zero.
func TestRevenueReports(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	docs := b.Documents()
	other := newClient("Other Client", "Paris")
	if err := b.Clients().CreateClient(ctx, other); err != nil {
		t.Fatal(err)
	}
	issue := func(cl *domain.Client, date domain.Date, line string) *domain.Document {
		d := draftFor(cl, vat, line)
		d.IssueDate, d.DueDate = date, date.AddDays(30)
		if err := docs.CreateDraft(ctx, d); err != nil {
			t.Fatal(err)
		}
		inv, fs, err := docs.Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true})
		if err != nil {
			t.Fatal(err, fs)
		}
		return inv
	}
	issue(c, domain.NewDate(2027, 1, 15), "A|1|100.00")        // January 100.00 (+19 % VAT not counted)
	jan2 := issue(c, domain.NewDate(2027, 1, 20), "B|2|50.00") // January +100.00
	issue(other, domain.NewDate(2027, 3, 2), "C|1|40.00")      // March 40.00 for the other client
	voided := issue(c, domain.NewDate(2027, 3, 5), "D|1|999.00")
	if err := docs.Void(ctx, voided.ID, "wrong client"); err != nil {
		t.Fatal(err)
	}
	cn, err := docs.CreditNote(ctx, jan2.ID, nil) // credits 100.00, dated 10 March below
	if err != nil {
		t.Fatal(err)
	}
	cn.IssueDate, cn.DueDate = domain.NewDate(2027, 3, 10), domain.NewDate(2027, 3, 10)
	if err := docs.UpdateDraft(ctx, cn); err != nil {
		t.Fatal(err)
	}
	if _, _, err := docs.Issue(ctx, cn.ID, domain.IssueOptions{}); err != nil {
		t.Fatal(err)
	}
	draft := draftFor(c, vat, "E|1|500.00")
	draft.IssueDate = domain.NewDate(2027, 2, 1)
	if err := docs.CreateDraft(ctx, draft); err != nil {
		t.Fatal(err)
	}
	months, err := b.Reports().RevenueByMonth(ctx, "EUR", domain.NewDate(2027, 1, 1), domain.NewDate(2027, 4, 30), 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range months {
		got = append(got, m.Month.String()[:7]+"="+m.Amount.StringFixed(2))
	}
	// January 200.00; February nothing issued; March 40.00 − 100.00 credit = −60.00; April zero.
	if want := "2027-01=200.00 2027-02=0.00 2027-03=-60.00 2027-04=0.00"; strings.Join(got, " ") != want {
		t.Errorf("by month: %s\nwant      %s", strings.Join(got, " "), want)
	}
	one, _ := b.Reports().RevenueByMonth(ctx, "EUR", domain.NewDate(2027, 3, 1), domain.NewDate(2027, 3, 31), other.ID)
	if len(one) != 1 || one[0].Amount.StringFixed(2) != "40.00" {
		t.Errorf("for one client: %+v", one)
	}
	top, err := b.Reports().RevenueByClient(ctx, "EUR", domain.NewDate(2027, 1, 1), domain.NewDate(2027, 12, 31), 10)
	if err != nil || len(top) != 2 || top[0].Name != "Nordlicht Logistik GmbH" || top[0].Amount.StringFixed(2) != "100.00" ||
		top[1].Amount.StringFixed(2) != "40.00" {
		t.Errorf("by client: %+v %v", top, err)
	}
	if cur, _ := b.Reports().Currencies(ctx); strings.Join(cur, ",") != "EUR" {
		t.Errorf("currencies %v", cur)
	}
}
