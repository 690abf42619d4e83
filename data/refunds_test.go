package data

import (
	"context"
	"strings"
	"testing"

	"clientbook/domain"
)

// A client that paid 1,100.00 on a 1,000.00 invoice has 100.00 of credit:
// more cannot be refunded, nor before the money came; 60.00 paid back leaves
// 40.00, which is all that may still pay another invoice; the statement shows
// the refund and closes on the aging's net.
func TestRefundPaysCreditBack(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	pays := b.Payments()
	inv := issueInvoice(t, b, c, "2027-01-10", "2027-02-09", "Consulting|1000.00")
	p := newPayment(c, "2027-02-01", "1100.00", allocTo(inv, "1000.00"))
	if err := pays.CreatePayment(ctx, p); err != nil {
		t.Fatal(err)
	}
	refund := func(date, amount string) *domain.Refund {
		return &domain.Refund{ClientID: c.ID, Date: day(date), Amount: eur(amount), Method: domain.MethodBankTransfer,
			Reference: "RF-1"}
	}
	audits := countRows(t, b, "audit_log")
	for _, bad := range []struct {
		r     *domain.Refund
		field string
		want  string
	}{
		{refund("2027-02-05", "150.00"), "amount", "has 100.00 EUR of credit on 2027-02-05, less than 150.00 EUR"},
		{refund("2027-01-31", "60.00"), "amount", "has 0.00 EUR of credit on 2027-01-31, less than 60.00 EUR"},
		{refund("2027-02-05", "0"), "amount", "the amount must be more than zero"},
		{refund("2027-02-05", "1.001"), "amount", "EUR amounts have"},
		{&domain.Refund{ClientID: c.ID, Amount: eur("10.00")}, "date", "enter the day the money went back"},
		{&domain.Refund{ClientID: c.ID + 99, Date: day("2027-02-05"), Amount: eur("10.00")}, "client", "choose the client"},
	} {
		err := pays.CreateRefund(ctx, bad.r)
		if domain.ErrorCode(err) != domain.EINVALID || !strings.Contains(domain.FieldErrors(err)[bad.field], bad.want) {
			t.Errorf("refund %+v: %v (fields %v), want %q at %s", bad.r, err, domain.FieldErrors(err), bad.want, bad.field)
		}
	}
	if countRows(t, b, "refunds") != 0 || countRows(t, b, "audit_log") != audits {
		t.Fatal("a refused refund was written")
	}

	r := refund("2027-02-05", "60.00")
	if err := pays.CreateRefund(ctx, r); err != nil {
		t.Fatal(err)
	}
	bal, err := pays.ClientBalance(ctx, c.ID, "EUR", day("2027-03-01"))
	if err != nil || !bal.Credit.Equal(dec("40.00")) {
		t.Fatalf("credit after the refund %s, %v", bal.Credit, err)
	}
	if before, _ := pays.ClientBalance(ctx, c.ID, "EUR", day("2027-02-04")); !before.Credit.Equal(dec("100.00")) {
		t.Errorf("the day before the refund the credit was %s", before.Credit)
	}
	if rep, _ := pays.Aging(ctx, day("2027-03-01"), "EUR", nil); !rep.Credits.Equal(dec("40.00")) {
		t.Errorf("aging credits %s", rep.Credits)
	}

	// The refunded 60.00 cannot also pay an invoice, nor go with its payment.
	inv2 := issueInvoice(t, b, c, "2027-02-10", "2027-03-12", "Licence|250.00")
	err = pays.SetAllocations(ctx, p.ID, []domain.Allocation{allocTo(inv, "1000.00"), allocTo(inv2, "100.00")})
	if domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(err.Error(), "60.00 EUR of this client's credit was refunded") {
		t.Errorf("allocating refunded credit: %v", err)
	}
	if err := pays.DeletePayment(ctx, p.ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("deleting the refunded payment: %v", err)
	}
	if err := pays.SetAllocations(ctx, p.ID, []domain.Allocation{allocTo(inv, "1000.00"), allocTo(inv2, "40.00")}); err != nil {
		t.Errorf("allocating the 40.00 left: %v", err)
	}

	st, err := b.Statements().Statement(ctx, c.ID, "EUR", day("2027-01-01"), day("2027-03-01"))
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, l := range st.Lines {
		kinds = append(kinds, string(l.Kind)+" "+l.Balance.StringFixed(2))
	}
	if got := strings.Join(kinds, ", "); got != "invoice 1000.00, payment -100.00, refund -40.00, invoice 210.00" ||
		!st.Closing.Equal(st.Aging.Net) {
		t.Errorf("statement %s, closing %s, aging net %s", got, st.Closing, st.Aging.Net)
	}

	rs, err := pays.FindRefunds(ctx, domain.RefundFilter{ClientID: c.ID})
	if err != nil || len(rs) != 1 || rs[0].ClientName != c.Name || !rs[0].Amount.Equal(eur("60.00")) || rs[0].Reference != "RF-1" {
		t.Fatalf("refunds %+v, %v", rs, err)
	}
	if got := auditRows(t, b, "refund", r.ID); strings.Join(got, ",") != "create" {
		t.Errorf("audit %v", got)
	}
	if err := pays.DeleteRefund(ctx, 999); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("deleting a missing refund: %v", err)
	}
}

func TestRefundQueriesUseIndexes(t *testing.T) {
	b := openTemp(t)
	checkPlan(t, b.db, "credits", `SELECT r.client_id, sum(r.amount_minor) FROM refunds r WHERE r.currency = ? AND r.date <= ?
		GROUP BY r.client_id`, []any{"EUR", "2027-01-01"}, "refunds_by_currency")
	checkPlan(t, b.db, "a client's", `SELECT r.id FROM refunds r WHERE r.client_id = ? ORDER BY r.date DESC, r.id DESC`,
		[]any{1}, "refunds_by_client")
}
