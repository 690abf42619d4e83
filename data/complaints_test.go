package data

import (
	"context"
	"strings"
	"testing"

	"clientbook/domain"
)

func complaintSubjects(ks []domain.Complaint) string {
	var s []string
	for _, k := range ks {
		s = append(s, k.Subject)
	}
	return strings.Join(s, "|")
}

// complaintBook has two clients; the first raised two complaints, on March 1
// and 5, the second one on March 3.
func complaintBook(t *testing.T) (*Book, *domain.Client, *domain.Client, []*domain.Complaint) {
	t.Helper()
	b := openTemp(t)
	ctx := context.Background()
	a := newClient("Nordlicht Logistik GmbH", "München", domain.Contact{Name: "Jürgen Schäfer", Primary: true})
	z := newClient("Fjord Shipping AS", "Bergen")
	for _, c := range []*domain.Client{a, z} {
		if err := b.Clients().CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	ks := []*domain.Complaint{
		{ClientID: a.ID, ContactName: "Jürgen Schäfer", OpenedOn: day("2027-03-01"), Category: "Billing",
			Severity: domain.ComplaintHigh, Department: "Accounts", Subject: "Invoice sent twice",
			Description: "INV-2027-0012 arrived by post and by email, both to be paid."},
		{ClientID: a.ID, OpenedOn: day("2027-03-05"), Category: "Delivery", Severity: domain.ComplaintCritical,
			Subject: "Pallets left in the rain"},
		{ClientID: z.ID, OpenedOn: day("2027-03-03"), Subject: "Late answer to a quote request"},
	}
	for _, k := range ks {
		if err := b.Complaints().CreateComplaint(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	return b, a, z, ks
}

func TestComplaintLifecycleAndTimeToResolve(t *testing.T) {
	b, a, z, ks := complaintBook(t)
	ctx := context.Background()
	svc := b.Complaints()
	twice, rain, late := ks[0], ks[1], ks[2]

	got, err := svc.FindComplaintByID(ctx, twice.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ClientName != a.Name || got.ContactName != "Jürgen Schäfer" || got.OpenedOn != day("2027-03-01") ||
		got.Category != "Billing" || got.Severity != domain.ComplaintHigh || got.Department != "Accounts" ||
		got.Status != domain.ComplaintOpen || !got.ResolvedOn.IsZero() || !strings.HasPrefix(got.Description, "INV-2027-0012") ||
		got.CreatedAt.IsZero() {
		t.Errorf("read back %+v", got)
	}
	if late.Severity != domain.ComplaintMedium || late.Status != domain.ComplaintOpen {
		t.Errorf("defaults: severity %q, status %q", late.Severity, late.Status)
	}
	for _, tc := range []struct {
		f    domain.ComplaintFilter
		want string
	}{
		{domain.ComplaintFilter{}, "Pallets left in the rain|Late answer to a quote request|Invoice sent twice"},
		{domain.ComplaintFilter{ClientID: a.ID}, "Pallets left in the rain|Invoice sent twice"},
		{domain.ComplaintFilter{ClientID: a.ID, Limit: 1}, "Pallets left in the rain"},
		{domain.ComplaintFilter{ClientID: a.ID, Limit: 1, Offset: 1}, "Invoice sent twice"},
		{domain.ComplaintFilter{ClientID: z.ID}, "Late answer to a quote request"},
		{domain.ComplaintFilter{Status: domain.ComplaintResolved}, ""},
	} {
		got, err := svc.FindComplaints(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if complaintSubjects(got) != tc.want {
			t.Errorf("%+v: %q, want %q", tc.f, complaintSubjects(got), tc.want)
		}
	}
	if m, err := svc.OpenCounts(ctx); err != nil || len(m) != 2 || m[a.ID] != 2 || m[z.ID] != 1 {
		t.Errorf("open counts %v, %v", m, err)
	}

	// Work on it, then resolve it ten days after it was raised.
	twice.SetStatus(domain.ComplaintInProgress, day("2027-03-02"))
	if err := svc.UpdateComplaint(ctx, twice); err != nil {
		t.Fatal(err)
	}
	twice.SetStatus(domain.ComplaintResolved, day("2027-03-11"))
	twice.Resolution = "Cancelled the duplicate; confirmed by phone."
	if err := svc.UpdateComplaint(ctx, twice); err != nil {
		t.Fatal(err)
	}
	got, _ = svc.FindComplaintByID(ctx, twice.ID)
	if days, ok := got.DaysToResolve(); !ok || days != 10 || got.ResolvedOn != day("2027-03-11") || got.Status != domain.ComplaintResolved ||
		got.Resolution != "Cancelled the duplicate; confirmed by phone." {
		t.Errorf("resolved: %d days (%v), %+v", days, ok, got)
	}
	// Closed straight from open, with the day given: four days.
	late.Status, late.ResolvedOn, late.Resolution = domain.ComplaintClosed, day("2027-03-07"), "Withdrawn; the quote had gone out."
	if err := svc.UpdateComplaint(ctx, late); err != nil {
		t.Fatal(err)
	}
	r, err := svc.TimeToResolve(ctx, 0)
	if err != nil || r.Resolved != 2 || r.AverageDays.String() != "7" || r.LongestDays != 10 {
		t.Errorf("book-wide time to resolve (10 and 4 days): %+v, %v", r, err)
	}
	if r, _ := svc.TimeToResolve(ctx, a.ID); r.Resolved != 1 || r.AverageDays.String() != "10" || r.LongestDays != 10 {
		t.Errorf("%s's time to resolve: %+v", a.Name, r)
	}
	if m, _ := svc.OpenCounts(ctx); len(m) != 1 || m[a.ID] != 1 {
		t.Errorf("open counts after resolving two: %v", m)
	}
	if got, _ := svc.FindComplaints(ctx, domain.ComplaintFilter{Open: true}); complaintSubjects(got) != rain.Subject {
		t.Errorf("open complaints: %s", complaintSubjects(got))
	}
	if got, _ := svc.FindComplaints(ctx, domain.ComplaintFilter{Status: domain.ComplaintResolved}); complaintSubjects(got) != twice.Subject {
		t.Errorf("resolved complaints: %s", complaintSubjects(got))
	}

	// Reopening clears the resolved day, and it no longer counts.
	twice.SetStatus(domain.ComplaintOpen, day("2027-03-20"))
	if err := svc.UpdateComplaint(ctx, twice); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.FindComplaintByID(ctx, twice.ID); !got.ResolvedOn.IsZero() || got.Status != domain.ComplaintOpen {
		t.Errorf("reopened: %+v", got)
	}
	if r, _ := svc.TimeToResolve(ctx, a.ID); r.Resolved != 0 || !r.AverageDays.IsZero() || r.LongestDays != 0 {
		t.Errorf("nothing of %s's resolved: %+v", a.Name, r)
	}
	if got := auditRows(t, b, "complaint", twice.ID); strings.Join(got, ",") != "create,update,update,update" {
		t.Errorf("complaint audit rows %v", got)
	}

	// Complaints are history: their client is kept.
	err = b.Clients().DeleteClient(ctx, z.ID)
	if domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(domain.ErrorMessage(err), "1 complaints") {
		t.Errorf("deleting a client with a complaint: %v", err)
	}
}

func TestBadComplaintIsRefusedAndNothingWritten(t *testing.T) {
	b, a, _, ks := complaintBook(t)
	ctx := context.Background()
	svc := b.Complaints()
	complaints := countRows(t, b, "complaints")
	audit := countRows(t, b, "audit_log")
	good := func() domain.Complaint {
		return domain.Complaint{ClientID: a.ID, OpenedOn: day("2027-04-01"), Subject: "Wrong address on invoice"}
	}
	for _, tc := range []struct {
		name   string
		change func(*domain.Complaint)
		field  string
	}{
		{"no subject", func(k *domain.Complaint) { k.Subject = " " }, "subject"},
		{"subject too long", func(k *domain.Complaint) { k.Subject = strings.Repeat("x", domain.MaxNameLen+1) }, "subject"},
		{"no client", func(k *domain.Complaint) { k.ClientID = 0 }, "client"},
		{"unknown client", func(k *domain.Complaint) { k.ClientID = 999 }, "client"},
		{"not opened", func(k *domain.Complaint) { k.OpenedOn = domain.Date{} }, "openedOn"},
		{"unknown severity", func(k *domain.Complaint) { k.Severity = "urgent" }, "severity"},
		{"unknown status", func(k *domain.Complaint) { k.Status = "escalated" }, "status"},
		{"category too long", func(k *domain.Complaint) { k.Category = strings.Repeat("x", 101) }, "category"},
		{"resolved without notes", func(k *domain.Complaint) {
			k.Status, k.ResolvedOn = domain.ComplaintResolved, day("2027-04-02")
		}, "resolution"},
		{"resolved without a day", func(k *domain.Complaint) {
			k.Status, k.Resolution = domain.ComplaintResolved, "Fixed"
		}, "resolvedOn"},
		{"resolved before it was raised", func(k *domain.Complaint) {
			k.SetStatus(domain.ComplaintClosed, day("2027-03-31"))
			k.Resolution = "Fixed"
		}, "resolvedOn"},
		{"open with a resolved day", func(k *domain.Complaint) { k.ResolvedOn = day("2027-04-02") }, "resolvedOn"},
	} {
		k := good()
		tc.change(&k)
		err := svc.CreateComplaint(ctx, &k)
		if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)[tc.field] == "" {
			t.Errorf("%s: want a problem at %s, got %v", tc.name, tc.field, err)
		}
		if k.ID != 0 {
			t.Errorf("%s: given an ID", tc.name)
		}
	}
	bad := *ks[0]
	bad.Status = domain.ComplaintResolved
	if err := svc.UpdateComplaint(ctx, &bad); domain.FieldErrors(err)["resolution"] == "" || domain.FieldErrors(err)["resolvedOn"] == "" {
		t.Errorf("resolving without notes or a day: %v", err)
	}
	missing := good()
	missing.ID = 999
	if err := svc.UpdateComplaint(ctx, &missing); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("updating a missing complaint: %v", err)
	}
	if _, err := svc.FindComplaintByID(ctx, 999); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("finding a missing complaint: %v", err)
	}
	if n := countRows(t, b, "complaints"); n != complaints {
		t.Errorf("refused complaints were written: %d → %d", complaints, n)
	}
	if n := countRows(t, b, "audit_log"); n != audit {
		t.Errorf("refused complaints were audited: %d rows", n-audit)
	}
	if got, _ := svc.FindComplaintByID(ctx, ks[0].ID); got.Status != domain.ComplaintOpen {
		t.Errorf("a refused update changed the complaint: %+v", got)
	}
}
