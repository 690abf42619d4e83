package data

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"clientbook/domain"
)

// reminderBook is a book whose company is Acme Ltd, billing@acme.example,
// with the default reminder levels and one client, Nordlicht, whose primary
// contact has an email address.
func reminderBook(t *testing.T) (*Book, *domain.Client) {
	t.Helper()
	b := openTemp(t)
	ctx := context.Background()
	co, err := b.Company().Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	co.Name, co.Email = "Acme Ltd", "billing@acme.example"
	co.Address = domain.Address{Line1: "1 High St", City: "London", Country: "United Kingdom"}
	if err := b.Company().SaveCompany(ctx, &co); err != nil {
		t.Fatal(err)
	}
	c := newClient("Nordlicht Logistik GmbH", "München", domain.Contact{Name: "Hotline", Phone: "+49 89 123"},
		domain.Contact{Name: "Jürgen Schäfer", Email: "j@nordlicht.example", Primary: true})
	c.CreditLimit.Amount = dec("0")
	if err := b.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	return b, c
}

func runReminders(t *testing.T, b *Book, asOf string) domain.ReminderRun {
	t.Helper()
	run, err := b.Reminders().RunReminders(context.Background(), day(asOf))
	if err != nil {
		t.Fatalf("run as of %s: %v", asOf, err)
	}
	return run
}

// made is "INV-2027-00001 First reminder|…" for the reminders a run made.
func made(run domain.ReminderRun) string {
	var s []string
	for _, r := range run.Made {
		s = append(s, r.Message.DocumentNumber+" "+r.Message.LevelName)
	}
	return strings.Join(s, "|")
}

func skipped(run domain.ReminderRun) string {
	var s []string
	for _, r := range run.Skipped {
		s = append(s, r.Number+" "+r.LevelName+": "+r.Reason)
	}
	return strings.Join(s, "|")
}

// levelAt returns the book's level at offset days.
func levelAt(t *testing.T, b *Book, days int) domain.ReminderLevel {
	t.Helper()
	ls, err := b.Reminders().ReminderLevels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if l.DaysOffset == days {
			return l
		}
	}
	t.Fatalf("no level at %d days", days)
	return domain.ReminderLevel{}
}

func TestDefaultReminderLevels(t *testing.T) {
	b := openTemp(t)
	ls, err := b.Reminders().ReminderLevels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range ls {
		got = append(got, fmt.Sprintf("%d %s %s", l.DaysOffset, l.Name, l.Fee))
		if err := l.Validate(); err != nil {
			t.Errorf("the default level %q does not validate: %v", l.Name, err)
		}
	}
	if strings.Join(got, "|") != "-3 Before due none|1 First reminder none|14 Second reminder none|30 Final reminder none" {
		t.Errorf("default levels: %v", got)
	}
}

func TestRemindersAreNotRepeatedAtTheSameLevel(t *testing.T) {
	b, c := reminderBook(t)
	inv := issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "Hosting|1190.00")
	for _, step := range []struct {
		asOf, want string
	}{
		{"2027-03-27", ""},
		{"2027-03-28", inv.Number + " Before due"},
		{"2027-03-28", ""},
		{"2027-03-31", ""},
		{"2027-04-01", inv.Number + " First reminder"},
		{"2027-04-01", ""},
		{"2027-04-13", ""},
		{"2027-04-14", inv.Number + " Second reminder"},
		{"2027-04-20", ""},
		{"2027-04-30", inv.Number + " Final reminder"},
		{"2027-06-30", ""},
		{"2028-03-31", ""},
	} {
		if got := made(runReminders(t, b, step.asOf)); got != step.want {
			t.Errorf("as of %s: made %q, want %q", step.asOf, got, step.want)
		}
	}
	if n := countRows(t, b, "outbox"); n != 4 {
		t.Errorf("%d messages in the outbox, want one per level", n)
	}
	// The book refuses a second message at a level whoever writes it.
	_, err := b.db.Exec(`INSERT INTO outbox (client_id, document_id, level_id, to_address, subject, body, status, created_at, updated_at)
		SELECT client_id, document_id, level_id, to_address, subject, body, 'queued', created_at, updated_at FROM outbox LIMIT 1`)
	if !isUnique(err) {
		t.Errorf("a second message at the same level: %v", err)
	}
}

func TestRemindersFillThePlaceholders(t *testing.T) {
	b, c := reminderBook(t)
	inv := issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "Hosting|1000.00", "Support|190.00")
	if err := b.Payments().CreatePayment(context.Background(), newPayment(c, "2027-04-05", "190.00", allocTo(inv, "190.00"))); err != nil {
		t.Fatal(err)
	}
	run := runReminders(t, b, "2027-04-16")
	if len(run.Made) != 1 {
		t.Fatalf("made %s", made(run))
	}
	r := run.Made[0]
	m := r.Message
	if m.LevelName != "Second reminder" || r.DaysOverdue != 16 || r.AmountDue.String() != "1,000.00 EUR" ||
		m.ToName != "Jürgen Schäfer" || m.ToAddress != "j@nordlicht.example" || m.Status != domain.MessageQueued ||
		m.ClientName != c.Name || m.FeeDocumentID != 0 || !r.Fee.IsZero() {
		t.Errorf("reminder %+v", r)
	}
	if m.Subject != "Second reminder: invoice "+inv.Number+" is 16 days overdue" {
		t.Errorf("subject %q", m.Subject)
	}
	want := "Dear Jürgen Schäfer,\n\nWe have not yet received payment of 1,000.00 EUR for invoice " + inv.Number +
		", due on 2027-03-31 and now 16 days overdue. Please pay it within seven days, or let us know if there is a problem with the invoice.\n\nKind regards,\nAcme Ltd"
	if m.Body != want {
		t.Errorf("body:\n%s\nwant\n%s", m.Body, want)
	}
	stored, err := b.Outbox().FindMessageByID(context.Background(), m.ID)
	if err != nil || stored.Subject != m.Subject || stored.Body != m.Body || stored.DocumentNumber != inv.Number ||
		stored.LevelName != "Second reminder" || stored.ToAddress != m.ToAddress || stored.Attempts != 0 || !stored.SentAt.IsZero() {
		t.Errorf("stored %+v, %v", stored, err)
	}
	if got := auditRows(t, b, "outbox", m.ID); strings.Join(got, ",") != "create" {
		t.Errorf("audit %v", got)
	}
}

func TestRemindersSkipDisputedAndPaidInvoices(t *testing.T) {
	b, c := reminderBook(t)
	ctx := context.Background()
	paid := issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "Paid|100.00")
	disputed := issueInvoice(t, b, c, "2027-03-02", "2027-03-31", "Disputed|200.00")
	credited := issueInvoice(t, b, c, "2027-03-03", "2027-03-31", "Credited|300.00")
	late := issueInvoice(t, b, c, "2027-03-04", "2027-03-31", "Paid late|400.00")
	if err := b.Payments().CreatePayment(ctx, newPayment(c, "2027-03-30", "100.00", allocTo(paid, "100.00"))); err != nil {
		t.Fatal(err)
	}
	// Paid after the run's day: still owed as of then.
	if err := b.Payments().CreatePayment(ctx, newPayment(c, "2027-04-20", "400.00", allocTo(late, "400.00"))); err != nil {
		t.Fatal(err)
	}
	issueCredit(t, b, credited, "2027-03-20", 0)
	dispute := &domain.CollectionEntry{ClientID: c.ID, DocumentID: disputed.ID, Kind: domain.CollectionDispute,
		On: day("2027-03-30"), Text: "Says the work was not ordered"}
	if err := b.Collections().AddCollectionEntry(ctx, dispute); err != nil {
		t.Fatal(err)
	}
	run := runReminders(t, b, "2027-04-02")
	if got := made(run); got != late.Number+" First reminder" {
		t.Errorf("made %q", got)
	}
	if got := skipped(run); got != disputed.Number+" First reminder: disputed: on hold until the dispute is resolved" {
		t.Errorf("skipped %q", got)
	}
	// Once the dispute is resolved the invoice is reminded again, at the
	// level it has reached.
	if err := b.Collections().ResolveDispute(ctx, dispute.ID, day("2027-04-10"), "Order confirmation sent"); err != nil {
		t.Fatal(err)
	}
	run = runReminders(t, b, "2027-04-15")
	if got := made(run); got != disputed.Number+" Second reminder|"+late.Number+" Second reminder" {
		t.Errorf("after the dispute: %q", got)
	}
	if run := runReminders(t, b, "2027-05-01"); made(run) != disputed.Number+" Final reminder" {
		t.Errorf("paid late, then no more: %q", made(run))
	}
}

func TestReminderAfterALongGapIsTheLevelReached(t *testing.T) {
	b, c := reminderBook(t)
	inv := issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "Hosting|500.00")
	run := runReminders(t, b, "2027-05-10") // 40 days past due, nothing sent before
	if got := made(run); got != inv.Number+" Final reminder" || run.Made[0].DaysOverdue != 40 {
		t.Fatalf("after 40 days: %q", got)
	}
	if !strings.Contains(run.Made[0].Message.Body, "is still unpaid") || !strings.Contains(run.Made[0].Message.Subject, "40 days overdue") {
		t.Errorf("final reminder text: %s\n%s", run.Made[0].Message.Subject, run.Made[0].Message.Body)
	}
	for _, d := range []string{"2027-05-11", "2027-06-30"} {
		if got := made(runReminders(t, b, d)); got != "" {
			t.Errorf("as of %s the skipped levels came after all: %q", d, got)
		}
	}
}

func TestLateFeeIsASeparateIssuedInvoice(t *testing.T) {
	b, c := reminderBook(t)
	ctx := context.Background()
	inv := issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "Hosting|1234.55")
	final := levelAt(t, b, 30)
	final.Fee = domain.LateFee{Kind: domain.FeePercent, Percent: dec("1.5")}
	if err := b.Reminders().SaveReminderLevel(ctx, &final); err != nil {
		t.Fatal(err)
	}
	before, _ := b.Documents().FindDocumentByID(ctx, inv.ID)

	run := runReminders(t, b, "2027-04-30")
	if len(run.Made) != 1 {
		t.Fatalf("made %q", made(run))
	}
	r := run.Made[0]
	if r.Fee.String() != "18.52 EUR" || r.Message.FeeDocumentID == 0 || r.Message.FeeNumber != "INV-2027-00002" {
		t.Fatalf("fee %s on %q (%d)", r.Fee, r.Message.FeeNumber, r.Message.FeeDocumentID)
	}
	fee, err := b.Documents().FindDocumentByID(ctx, r.Message.FeeDocumentID)
	if err != nil {
		t.Fatal(err)
	}
	tot, _ := fee.Totals()
	if fee.Status != domain.DocIssued || fee.Kind != domain.KindInvoice || fee.ClientID != c.ID || fee.IssueDate != day("2027-04-30") ||
		tot.Total.StringFixed(2) != "18.52" || len(fee.Lines) != 1 || fee.Lines[0].Description != "Late fee on invoice "+inv.Number+" (final reminder)" ||
		fee.BillTo == nil {
		t.Errorf("fee invoice %+v, total %s", fee, tot.Total)
	}
	after, _ := b.Documents().FindDocumentByID(ctx, inv.ID)
	ta, _ := after.Totals()
	if ta.Total.StringFixed(2) != "1234.55" || len(after.Lines) != 1 || !after.UpdatedAt.Equal(before.UpdatedAt) || openOn(t, b, inv) != "1234.55" {
		t.Errorf("the original invoice changed: total %s, open %s", ta.Total, openOn(t, b, inv))
	}
	want := "A late fee of 18.52 EUR has been charged on invoice INV-2027-00002, attached."
	if !strings.Contains(r.Message.Body, "amount.\n\n"+want+"\n\nKind regards") {
		t.Errorf("body:\n%s", r.Message.Body)
	}
	if got := auditRows(t, b, "document", fee.ID); strings.Join(got, ",") != "create,issue" {
		t.Errorf("fee invoice audit %v", got)
	}

	// The fee invoice is itself reminded, but never charged a fee on.
	run = runReminders(t, b, "2027-07-01")
	if got := made(run); got != "INV-2027-00002 Final reminder" || run.Made[0].FeeNote != "no late fee on a late-fee invoice" ||
		run.Made[0].Message.FeeDocumentID != 0 {
		t.Errorf("the fee invoice's own reminder: %q, %+v", got, run.Made)
	}
	if n, _ := b.Documents().CountDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice}); n != 2 {
		t.Errorf("%d invoices, want the original and one fee", n)
	}
}

func TestFixedLateFeeInAnotherCurrency(t *testing.T) {
	b, c := reminderBook(t)
	ctx := context.Background()
	issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "Hosting|100.00")
	second := levelAt(t, b, 14)
	second.Fee, _ = domain.ParseLateFee("40 USD")
	if err := b.Reminders().SaveReminderLevel(ctx, &second); err != nil {
		t.Fatal(err)
	}
	run := runReminders(t, b, "2027-04-14")
	if len(run.Made) != 1 || run.Made[0].FeeNote != "no late fee: the level's fee is in USD and the invoice in EUR" ||
		run.Made[0].Message.FeeDocumentID != 0 || strings.Contains(run.Made[0].Message.Body, "late fee") {
		t.Errorf("%+v", run.Made)
	}
	second.Fee, _ = domain.ParseLateFee("40 EUR")
	if err := b.Reminders().SaveReminderLevel(ctx, &second); err != nil {
		t.Fatal(err)
	}
	issueInvoice(t, b, c, "2027-03-02", "2027-03-31", "Support|100.00")
	run = runReminders(t, b, "2027-04-14")
	if len(run.Made) != 1 || run.Made[0].Fee.String() != "40.00 EUR" || run.Made[0].Message.FeeNumber == "" {
		t.Errorf("%+v", run.Made)
	}
}

// A fee invoice that cannot be issued fails that reminder only: no number is
// used, no message is queued, and the other invoices are reminded.
func TestLateFeeThatCannotBeIssuedFailsOnlyItsReminder(t *testing.T) {
	b, c := reminderBook(t)
	ctx := context.Background()
	inv := issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "Hosting|100.00")
	z := newClient("Fjord Shipping AS", "Bergen", domain.Contact{Name: "Øystein Berg", Email: "o@fjord.example"})
	if err := b.Clients().CreateClient(ctx, z); err != nil {
		t.Fatal(err)
	}
	other := issueInvoice(t, b, z, "2027-03-01", "2027-03-31", "Crane|100.00")
	c.Billing = domain.Address{} // moved, new address not yet known: no invoice can be issued
	if err := b.Clients().UpdateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	final := levelAt(t, b, 30)
	final.Fee, _ = domain.ParseLateFee("40 EUR")
	if err := b.Reminders().SaveReminderLevel(ctx, &final); err != nil {
		t.Fatal(err)
	}
	run, err := b.Reminders().RunReminders(ctx, day("2027-05-01"))
	if err == nil || !strings.Contains(domain.ErrorMessage(err), "1 of the reminders due were not made: "+inv.Number+" for "+c.Name) ||
		!strings.Contains(domain.ErrorMessage(err), "billing address") {
		t.Errorf("error %v", err)
	}
	if got := made(run); got != other.Number+" Final reminder" {
		t.Errorf("made %q", got)
	}
	if n, _ := b.Documents().CountDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice}); n != 3 {
		t.Errorf("%d invoices: the failed fee invoice was kept", n)
	}
	var last int
	b.db.QueryRow(`SELECT last_seq FROM number_counters WHERE kind = 'invoice'`).Scan(&last)
	if last != 3 || run.Made[0].Message.FeeNumber != "INV-2027-00003" {
		t.Errorf("counter %d, fee %q: a number was lost", last, run.Made[0].Message.FeeNumber)
	}
	if ms, _ := b.Outbox().FindMessages(ctx, domain.OutboxFilter{ClientID: c.ID}); len(ms) != 0 {
		t.Errorf("a message for the failed reminder: %+v", ms)
	}
}

func TestReminderWithoutAnEmailAddressIsSkipped(t *testing.T) {
	b, _ := reminderBook(t)
	ctx := context.Background()
	z := newClient("Fjord Shipping AS", "Bergen", domain.Contact{Name: "Øystein Berg", Phone: "+47 55 123"})
	if err := b.Clients().CreateClient(ctx, z); err != nil {
		t.Fatal(err)
	}
	inv := issueInvoice(t, b, z, "2027-03-01", "2027-03-31", "Crane|100.00")
	final := levelAt(t, b, 30)
	final.Fee, _ = domain.ParseLateFee("40 EUR")
	if err := b.Reminders().SaveReminderLevel(ctx, &final); err != nil {
		t.Fatal(err)
	}
	run := runReminders(t, b, "2027-05-01")
	if len(run.Made) != 0 || skipped(run) != inv.Number+" Final reminder: no contact of Fjord Shipping AS has an email address" {
		t.Errorf("made %q, skipped %q", made(run), skipped(run))
	}
	if n, _ := b.Documents().CountDocuments(ctx, domain.DocumentFilter{Kind: domain.KindInvoice}); n != 1 {
		t.Error("a fee was charged for a reminder nobody can receive")
	}
	z.Contacts[0].Email = "o@fjord.example"
	if err := b.Clients().UpdateClient(ctx, z); err != nil {
		t.Fatal(err)
	}
	if got := made(runReminders(t, b, "2027-05-02")); got != inv.Number+" Final reminder" {
		t.Errorf("once there is an address: %q", got)
	}
}

func TestReminderLevelsRefuseBadInput(t *testing.T) {
	b, c := reminderBook(t)
	ctx := context.Background()
	svc := b.Reminders()
	audits, levels := countRows(t, b, "audit_log"), countRows(t, b, "reminder_levels")
	for _, tc := range []struct {
		name  string
		l     domain.ReminderLevel
		code  string
		field string
	}{
		{"no name", domain.ReminderLevel{DaysOffset: 60, Subject: "x", Body: "x"}, domain.EINVALID, "name"},
		{"a bad placeholder", domain.ReminderLevel{Name: "Last", DaysOffset: 60, Subject: "{invoice_number}", Body: "x"}, domain.EINVALID, "subject"},
		{"a fee without {late_fee}", domain.ReminderLevel{Name: "Last", DaysOffset: 60, Subject: "x", Body: "x",
			Fee: domain.LateFee{Kind: domain.FeePercent, Percent: dec("2")}}, domain.EINVALID, "body"},
		{"an offset taken", domain.ReminderLevel{Name: "Again", DaysOffset: 14, Subject: "x", Body: "x"}, domain.ECONFLICT, "daysOffset"},
	} {
		l := tc.l
		err := svc.SaveReminderLevel(ctx, &l)
		if domain.ErrorCode(err) != tc.code || domain.FieldErrors(err)[tc.field] == "" || l.ID != 0 {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if _, err := svc.RunReminders(ctx, domain.Date{}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a run as of no day: %v", err)
	}
	if countRows(t, b, "audit_log") != audits || countRows(t, b, "reminder_levels") != levels || countRows(t, b, "outbox") != 0 {
		t.Error("refused input was written")
	}

	// A level used by a reminder stays; a new one can go.
	issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "Hosting|100.00")
	runReminders(t, b, "2027-04-01")
	first := levelAt(t, b, 1)
	if err := svc.DeleteReminderLevel(ctx, first.ID); domain.ErrorCode(err) != domain.ECONFLICT ||
		!strings.Contains(domain.ErrorMessage(err), "1 reminder was made at the level \"First reminder\"") {
		t.Errorf("deleting a level in use: %v", err)
	}
	l := domain.ReminderLevel{Name: "Collection agency", DaysOffset: 60, Subject: "Invoice {invoice}", Body: "Last notice."}
	if err := svc.SaveReminderLevel(ctx, &l); err != nil || l.ID == 0 {
		t.Fatal(err)
	}
	l.Name = "Last notice"
	if err := svc.SaveReminderLevel(ctx, &l); err != nil {
		t.Fatal(err)
	}
	if got := levelAt(t, b, 60); got.Name != "Last notice" {
		t.Errorf("updated %+v", got)
	}
	if err := svc.DeleteReminderLevel(ctx, l.ID); err != nil {
		t.Fatal(err)
	}
	if got := auditRows(t, b, "reminder_level", l.ID); strings.Join(got, ",") != "create,update,delete" {
		t.Errorf("audit %v", got)
	}
}

// PlanReminders shows what a run would queue — to whom, how much, the fee —
// and writes nothing; a run of only the ticked invoices queues just those,
// and a later plan no longer offers them.
func TestPlanRemindersThenRunOnlyTheTickedOnes(t *testing.T) {
	b, c := reminderBook(t)
	ctx := context.Background()
	a := issueInvoice(t, b, c, "2027-03-01", "2027-03-31", "Hosting|1234.55")
	issueInvoice(t, b, c, "2027-03-02", "2027-03-31", "Support|200.00")
	final := levelAt(t, b, 30)
	final.Fee = domain.LateFee{Kind: domain.FeePercent, Percent: dec("1.5")}
	if err := b.Reminders().SaveReminderLevel(ctx, &final); err != nil {
		t.Fatal(err)
	}
	docsBefore, _ := b.Documents().CountDocuments(ctx, domain.DocumentFilter{})
	plan, err := b.Reminders().PlanReminders(ctx, day("2027-04-30"))
	if err != nil {
		t.Fatal(err)
	}
	if got := made(plan); got != "INV-2027-00001 Final reminder|INV-2027-00002 Final reminder" {
		t.Fatalf("plan %q", got)
	}
	p := plan.Made[0]
	if p.Message.ID != 0 || p.Fee.String() != "18.52 EUR" || p.AmountDue.String() != "1,234.55 EUR" || p.DaysOverdue != 30 ||
		p.Message.ToAddress != "j@nordlicht.example" || p.Message.ClientName != c.Name {
		t.Errorf("planned %+v", p)
	}
	msgs, _ := b.Outbox().CountMessages(ctx, domain.OutboxFilter{})
	docsAfter, _ := b.Documents().CountDocuments(ctx, domain.DocumentFilter{})
	if msgs != 0 || docsAfter != docsBefore {
		t.Fatalf("a plan wrote %d messages and %d documents", msgs, docsAfter-docsBefore)
	}

	run, err := b.Reminders().RunReminders(ctx, day("2027-04-30"), a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := made(run); got != "INV-2027-00001 Final reminder" || run.Made[0].Fee.String() != "18.52 EUR" {
		t.Fatalf("run of the ticked one: %q", got)
	}
	plan, err = b.Reminders().PlanReminders(ctx, day("2027-04-30"))
	if err != nil || made(plan) != "INV-2027-00002 Final reminder" {
		t.Errorf("the plan after: %q %v", made(plan), err)
	}
	if _, err := b.Reminders().PlanReminders(ctx, domain.Date{}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("a plan without a day: %v", err)
	}
}
