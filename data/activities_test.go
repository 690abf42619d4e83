package data

import (
	"context"
	"strings"
	"testing"
	"time"

	"clientbook/domain"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, time.Local)
	if err != nil {
		panic(err)
	}
	return t
}

func subjects(as []domain.Activity) string {
	var s []string
	for _, a := range as {
		s = append(s, a.Subject)
	}
	return strings.Join(s, "|")
}

// timelineBook has two clients with contacts and, for the first, a call, an
// email, a meeting and a later note; for the second, a visit.
func timelineBook(t *testing.T) (*Book, *domain.Client, *domain.Client) {
	t.Helper()
	b := openTemp(t)
	ctx := context.Background()
	a := newClient("Nordlicht Logistik GmbH", "München",
		domain.Contact{Name: "Jürgen Schäfer", Email: "j@nordlicht.example", Primary: true})
	z := newClient("Fjord Shipping AS", "Bergen", domain.Contact{Name: "Øystein Berg"})
	for _, c := range []*domain.Client{a, z} {
		if err := b.Clients().CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, x := range []domain.Activity{
		{ClientID: a.ID, ContactID: a.Contacts[0].ID, Kind: domain.ActivityCall, At: at("2027-03-01 09:30"),
			Subject: "Renewal terms", Body: "Wants the Zürich warehouse included.", Outcome: "Send a quote",
			NextStep: "Quote by Friday"},
		{ClientID: a.ID, Kind: domain.ActivityEmail, At: at("2027-03-02 16:05"), Subject: "Quote sent", Body: "Q3 pricing attached."},
		{ClientID: a.ID, Kind: domain.ActivityMeeting, At: at("2027-03-05 11:00"), Subject: "Kick-off", ContactName: "Board"},
		{ClientID: a.ID, Kind: domain.ActivityNote, At: at("2027-03-20 08:00"), Subject: "Budget freeze rumoured"},
		{ClientID: z.ID, ContactID: z.Contacts[0].ID, Kind: domain.ActivityVisit, At: at("2027-03-03 14:00"), Subject: "Site visit"},
	} {
		if err := b.Activities().CreateActivity(ctx, &x); err != nil {
			t.Fatal(err)
		}
	}
	return b, a, z
}

func TestActivitiesAddListAndSearch(t *testing.T) {
	b, a, z := timelineBook(t)
	ctx := context.Background()
	svc := b.Activities()
	all, err := svc.FindActivities(ctx, domain.ActivityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := subjects(all); got != "Budget freeze rumoured|Kick-off|Site visit|Quote sent|Renewal terms" {
		t.Fatalf("timeline, newest first: %s", got)
	}
	call := all[4]
	if call.ClientName != a.Name || call.ContactID != a.Contacts[0].ID || call.ContactName != "Jürgen Schäfer" ||
		!call.At.Equal(at("2027-03-01 09:30")) || call.Kind != domain.ActivityCall || call.Outcome != "Send a quote" ||
		call.NextStep != "Quote by Friday" || call.CreatedAt.IsZero() {
		t.Errorf("read back %+v", call)
	}
	if all[1].ContactName != "Board" || all[1].ContactID != 0 {
		t.Errorf("a free-text contact: %+v", all[1])
	}
	for _, tc := range []struct {
		f    domain.ActivityFilter
		want string
	}{
		{domain.ActivityFilter{ClientID: z.ID}, "Site visit"},
		{domain.ActivityFilter{ClientID: a.ID, Limit: 2}, "Budget freeze rumoured|Kick-off"},
		{domain.ActivityFilter{ClientID: a.ID, Limit: 2, Offset: 2}, "Quote sent|Renewal terms"},
		{domain.ActivityFilter{Kind: domain.ActivityEmail}, "Quote sent"},
		{domain.ActivityFilter{Search: "zurich"}, "Renewal terms"},    // in the body, without the accent
		{domain.ActivityFilter{Search: "juergen"}, ""},                // folding is not transliteration
		{domain.ActivityFilter{Search: "jurgen"}, "Renewal terms"},    // the contact's name
		{domain.ActivityFilter{Search: "by friday"}, "Renewal terms"}, // the next step; both words
		{domain.ActivityFilter{Search: "Q3"}, "Quote sent"},           // shorter than a trigram
		{domain.ActivityFilter{Search: "QUOTE"}, "Quote sent|Renewal terms"},
		{domain.ActivityFilter{Search: "quote", ClientID: z.ID}, ""},
		{domain.ActivityFilter{Search: "oystein"}, "Site visit"}, // ø is spelled o
	} {
		got, err := svc.FindActivities(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if subjects(got) != tc.want {
			t.Errorf("%+v: %q, want %q", tc.f, subjects(got), tc.want)
		}
	}

	// Editing and deleting are audited; a search finds the new words only.
	call.Subject, call.Body = "Renewal agreed", "Signed for Hamburg instead."
	if err := svc.UpdateActivity(ctx, &call); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.FindActivities(ctx, domain.ActivityFilter{Search: "zurich"}); len(got) != 0 {
		t.Errorf("the old text is still found: %s", subjects(got))
	}
	if got, _ := svc.FindActivities(ctx, domain.ActivityFilter{Search: "hamburg"}); subjects(got) != "Renewal agreed" {
		t.Errorf("the new text is not found: %s", subjects(got))
	}
	if err := svc.DeleteActivity(ctx, call.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.FindActivityByID(ctx, call.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("after delete: %v", err)
	}
	if got := auditRows(t, b, "activity", call.ID); strings.Join(got, ",") != "create,update,delete" {
		t.Errorf("activity audit rows %v", got)
	}
	if err := svc.DeleteActivity(ctx, call.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("deleting twice: %v", err)
	}
}

func TestLastContacted(t *testing.T) {
	b, a, z := timelineBook(t)
	ctx := context.Background()
	svc := b.Activities()
	never := newClient("Quiet Prospect Ltd", "Leeds")
	if err := b.Clients().CreateClient(ctx, never); err != nil {
		t.Fatal(err)
	}
	// The later note does not count: the meeting on March 5 was the last contact.
	if got, err := svc.LastContacted(ctx, a.ID); err != nil || !got.Equal(at("2027-03-05 11:00")) {
		t.Errorf("last contacted %v, %v; want the meeting", got, err)
	}
	if got, err := svc.LastContacted(ctx, never.ID); err != nil || !got.IsZero() {
		t.Errorf("never contacted: %v, %v", got, err)
	}
	m, err := svc.LastContactedFor(ctx, []int64{a.ID, z.ID, never.ID, 999})
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 2 || !m[a.ID].Equal(at("2027-03-05 11:00")) || !m[z.ID].Equal(at("2027-03-03 14:00")) {
		t.Errorf("last contacted for a page: %v", m)
	}
	if m, err := svc.LastContactedFor(ctx, nil); err != nil || len(m) != 0 {
		t.Errorf("no clients: %v, %v", m, err)
	}

	// Saving the client rewrites its contacts: the link goes, the name stays.
	c, _ := b.Clients().FindClientByID(ctx, a.ID)
	c.Notes = "Key account"
	if err := b.Clients().UpdateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, _ := svc.FindActivities(ctx, domain.ActivityFilter{ClientID: a.ID, Kind: domain.ActivityCall})
	if len(got) != 1 || got[0].ContactID != 0 || got[0].ContactName != "Jürgen Schäfer" {
		t.Errorf("after the client was saved: %+v", got)
	}

	// A client's timeline and tasks go with it when it is deleted.
	if err := svc.CreateTask(ctx, &domain.Task{Title: "Call back", DueDate: date(2027, 4, 1), ClientID: z.ID}); err != nil {
		t.Fatal(err)
	}
	if err := b.Clients().DeleteClient(ctx, z.ID); err != nil {
		t.Fatal(err)
	}
	if n := count(t, b, `SELECT count(*) FROM activities WHERE client_id = ?`, z.ID) + count(t, b, `SELECT count(*) FROM tasks`); n != 0 {
		t.Errorf("%d activities and tasks outlived their client", n)
	}
}

func TestBadActivityIsRefusedAndNothingWritten(t *testing.T) {
	b, a, z := timelineBook(t)
	ctx := context.Background()
	svc := b.Activities()
	activities := count(t, b, `SELECT count(*) FROM activities`)
	audit := count(t, b, `SELECT count(*) FROM audit_log`)
	good := func() domain.Activity {
		return domain.Activity{ClientID: a.ID, Kind: domain.ActivityCall, At: at("2027-04-01 10:00"), Subject: "Follow-up"}
	}
	for _, tc := range []struct {
		name   string
		change func(*domain.Activity)
		field  string
	}{
		{"no subject", func(x *domain.Activity) { x.Subject = "  " }, "subject"},
		{"unknown kind", func(x *domain.Activity) { x.Kind = "fax" }, "kind"},
		{"no time", func(x *domain.Activity) { x.At = time.Time{} }, "at"},
		{"no client", func(x *domain.Activity) { x.ClientID = 0 }, "client"},
		{"unknown client", func(x *domain.Activity) { x.ClientID = 999 }, "client"},
		{"another client's contact", func(x *domain.Activity) { x.ContactID = z.Contacts[0].ID }, "contact"},
		{"unknown contact", func(x *domain.Activity) { x.ContactID = 999 }, "contact"},
	} {
		x := good()
		tc.change(&x)
		err := svc.CreateActivity(ctx, &x)
		if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)[tc.field] == "" {
			t.Errorf("%s: want a problem at %s, got %v", tc.name, tc.field, err)
		}
		if x.ID != 0 {
			t.Errorf("%s: given an ID", tc.name)
		}
	}
	all, _ := svc.FindActivities(ctx, domain.ActivityFilter{ClientID: a.ID, Limit: 1})
	bad := all[0]
	bad.ContactID = z.Contacts[0].ID
	if err := svc.UpdateActivity(ctx, &bad); domain.FieldErrors(err)["contact"] == "" {
		t.Errorf("moving an activity to another client's contact: %v", err)
	}
	if err := svc.UpdateActivity(ctx, &domain.Activity{ID: 999, ClientID: a.ID, Kind: domain.ActivityNote, At: at("2027-04-01 10:00"),
		Subject: "X"}); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("updating a missing activity: %v", err)
	}
	if n := count(t, b, `SELECT count(*) FROM activities`); n != activities {
		t.Errorf("refused activities were written: %d → %d", activities, n)
	}
	if n := count(t, b, `SELECT count(*) FROM audit_log`); n != audit {
		t.Errorf("refused activities were audited: %d rows", n-audit)
	}
}

func titles(ts []domain.Task) string {
	var s []string
	for _, t := range ts {
		s = append(s, t.Title)
	}
	return strings.Join(s, "|")
}

func TestTasksDueByDate(t *testing.T) {
	b, c, vat := invoicingBook(t)
	ctx := context.Background()
	svc := b.Activities()
	inv := draftFor(c, vat, "Workshop|1|800.00")
	if err := b.Documents().CreateDraft(ctx, inv); err != nil {
		t.Fatal(err)
	}
	k := contractFor(c, vat, date(2027, 1, 1), domain.Monthly, domain.InAdvance, 1)
	if err := b.Contracts().CreateContract(ctx, k); err != nil {
		t.Fatal(err)
	}
	tasks := []*domain.Task{
		{Title: "Send the quote", DueDate: date(2027, 3, 10), DueTime: "14:00", ClientID: c.ID},
		{Title: "Chase the invoice", DueDate: date(2027, 3, 10), Priority: domain.PriorityHigh, DocumentID: inv.ID},
		{Title: "Morning call", DueDate: date(2027, 3, 10), DueTime: "09:00"},
		{Title: "Prepare renewal", DueDate: date(2027, 3, 12), ContractID: k.ID, Notes: "Check the value"},
		{Title: "Overdue", DueDate: date(2027, 3, 1), Priority: domain.PriorityLow},
		{Title: "Book the venue", DueDate: date(2027, 3, 5), SnoozedUntil: date(2027, 3, 11)},
	}
	for _, x := range tasks {
		if err := svc.CreateTask(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	due := func(f domain.TaskFilter) string {
		t.Helper()
		ts, err := svc.FindTasks(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return titles(ts)
	}
	// By day, then high priority first, then by time with untimed last.
	if got := due(domain.TaskFilter{DueBy: date(2027, 3, 10)}); got != "Overdue|Chase the invoice|Morning call|Send the quote" {
		t.Errorf("due by March 10: %s", got)
	}
	if got := due(domain.TaskFilter{DueBy: date(2027, 3, 11)}); !strings.HasSuffix(got, "|Book the venue") {
		t.Errorf("a task snoozed until March 11 shows then: %s", got)
	}
	if got := due(domain.TaskFilter{}); !strings.HasSuffix(got, "|Prepare renewal") || strings.Count(got, "|") != 5 {
		t.Errorf("every open task: %s", got)
	}
	if got := due(domain.TaskFilter{ClientID: c.ID}); got != "Send the quote" {
		t.Errorf("the client's tasks: %s", got)
	}
	got, err := svc.FindTaskByID(ctx, tasks[0].ID)
	if err != nil || got.ClientName != c.Name || got.DueTime != "14:00" || got.Priority != domain.PriorityNormal ||
		got.DueDate != date(2027, 3, 10) || got.Done() {
		t.Errorf("read back %+v, %v", got, err)
	}
	if got, _ := svc.FindTaskByID(ctx, tasks[3].ID); got.ContractID != k.ID || got.Notes != "Check the value" || got.ClientID != 0 {
		t.Errorf("read back %+v", got)
	}

	if err := svc.CompleteTask(ctx, tasks[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.CompleteTask(ctx, tasks[1].ID); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("completing twice: %v", err)
	}
	if done, _ := svc.FindTaskByID(ctx, tasks[1].ID); !done.Done() {
		t.Error("the task is not done")
	}
	if err := svc.SnoozeTask(ctx, tasks[2].ID, date(2027, 3, 15)); err != nil {
		t.Fatal(err)
	}
	if got := due(domain.TaskFilter{DueBy: date(2027, 3, 10)}); got != "Overdue|Send the quote" {
		t.Errorf("after completing one and snoozing one: %s", got)
	}
	if err := svc.SnoozeTask(ctx, tasks[0].ID, date(2027, 3, 10)); domain.FieldErrors(err)["snoozedUntil"] == "" {
		t.Errorf("snoozing to the due date: %v", err)
	}
	if err := svc.SnoozeTask(ctx, tasks[1].ID, date(2027, 3, 20)); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("snoozing a done task: %v", err)
	}
	if err := svc.SnoozeTask(ctx, tasks[2].ID, domain.Date{}); err != nil {
		t.Fatal(err)
	}
	if got := due(domain.TaskFilter{DueBy: date(2027, 3, 10)}); got != "Overdue|Morning call|Send the quote" {
		t.Errorf("after waking the snoozed task: %s", got)
	}
	tasks[4].Title, tasks[4].DueDate = "No longer overdue", date(2027, 4, 1)
	if err := svc.UpdateTask(ctx, tasks[4]); err != nil {
		t.Fatal(err)
	}
	if err := svc.DeleteTask(ctx, tasks[0].ID); err != nil {
		t.Fatal(err)
	}
	if got := due(domain.TaskFilter{DueBy: date(2027, 3, 10)}); got != "Morning call" {
		t.Errorf("after an update and a delete: %s", got)
	}
	for id, want := range map[int64]string{
		tasks[1].ID: "create,complete",
		tasks[2].ID: "create,snooze,snooze",
		tasks[4].ID: "create,update",
		tasks[0].ID: "create,delete",
	} {
		if got := auditRows(t, b, "task", id); strings.Join(got, ",") != want {
			t.Errorf("task %d audit rows %v, want %s", id, got, want)
		}
	}

	// Deleting the draft a task names unlinks it; the task stays.
	if err := b.Documents().DeleteDraft(ctx, inv.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.FindTaskByID(ctx, tasks[1].ID); got == nil || got.DocumentID != 0 {
		t.Errorf("after its draft was deleted: %+v", got)
	}
}

func TestBadTaskIsRefusedAndNothingWritten(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	svc := b.Activities()
	other := newClient("Fjord Shipping AS", "Bergen")
	if err := b.Clients().CreateClient(ctx, other); err != nil {
		t.Fatal(err)
	}
	theirs := &domain.Complaint{ClientID: other.ID, Subject: "Crane late", OpenedOn: date(2027, 3, 1),
		Severity: domain.ComplaintMedium, Status: domain.ComplaintOpen}
	if err := b.Complaints().CreateComplaint(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	audit := count(t, b, `SELECT count(*) FROM audit_log`)
	for _, tc := range []struct {
		name  string
		task  domain.Task
		field string
	}{
		{"no title", domain.Task{DueDate: date(2027, 3, 10)}, "title"},
		{"no due date", domain.Task{Title: "Call"}, "dueDate"},
		{"bad time", domain.Task{Title: "Call", DueDate: date(2027, 3, 10), DueTime: "24:30"}, "dueTime"},
		{"bad priority", domain.Task{Title: "Call", DueDate: date(2027, 3, 10), Priority: "urgent"}, "priority"},
		{"snoozed backwards", domain.Task{Title: "Call", DueDate: date(2027, 3, 10), SnoozedUntil: date(2027, 3, 1)}, "snoozedUntil"},
		{"unknown client", domain.Task{Title: "Call", DueDate: date(2027, 3, 10), ClientID: c.ID + 100}, "client"},
		{"unknown document", domain.Task{Title: "Call", DueDate: date(2027, 3, 10), DocumentID: 999}, "document"},
		{"unknown contract", domain.Task{Title: "Call", DueDate: date(2027, 3, 10), ContractID: 999}, "contract"},
		{"unknown complaint", domain.Task{Title: "Call", DueDate: date(2027, 3, 10), ComplaintID: 999}, "complaint"},
		{"another client's complaint", domain.Task{Title: "Call", DueDate: date(2027, 3, 10), ClientID: c.ID,
			ComplaintID: theirs.ID}, "complaint"},
	} {
		err := svc.CreateTask(ctx, &tc.task)
		if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)[tc.field] == "" {
			t.Errorf("%s: want a problem at %s, got %v", tc.name, tc.field, err)
		}
	}
	if err := svc.CompleteTask(ctx, 999); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("completing a missing task: %v", err)
	}
	if n := count(t, b, `SELECT count(*) FROM tasks`); n != 0 {
		t.Errorf("refused tasks were written: %d", n)
	}
	if n := count(t, b, `SELECT count(*) FROM audit_log`); n != audit {
		t.Errorf("refused tasks were audited: %d rows", n-audit)
	}
}

func TestRelationshipQueriesUseIndexes(t *testing.T) {
	b := openTemp(t)
	plan := func(q string, args ...any) string {
		t.Helper()
		rows, err := b.db.Query(`EXPLAIN QUERY PLAN `+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var p string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			rows.Scan(&id, &parent, &notused, &detail)
			p += detail + "; "
		}
		return p
	}
	taskQ, taskArgs := taskQuery(domain.TaskFilter{DueBy: date(2027, 3, 10)})
	clientWhere, clientArgs := activityWhere(domain.ActivityFilter{ClientID: 1})
	searchWhere, searchArgs := activityWhere(domain.ActivityFilter{Search: "renewal"})
	for _, tc := range []struct {
		name, query string
		args        []any
		want        string
	}{
		{"tasks due by", taskQ, taskArgs, "tasks_open_by_day"},
		{"last contacted", `SELECT max(at) FROM activities WHERE client_id = ? AND kind <> 'note'`, []any{1}, "activities_contact_by_client"},
		{"last contacted for a page", strings.Replace(lastContactedQuery, "%s", "?, ?", 1), []any{1, 2}, "activities_contact_by_client"},
		{"a client's timeline", `SELECT a.id FROM activities a` + clientWhere + ` ORDER BY a.at DESC, a.id DESC`, clientArgs, "activities_by_client"},
		{"the whole timeline", `SELECT a.id FROM activities a ORDER BY a.at DESC, a.id DESC LIMIT 50`, nil, "activities_by_at"},
		{"timeline search", `SELECT a.id FROM activities a` + searchWhere, searchArgs, "activities_fts VIRTUAL TABLE INDEX"},
		{"active contracts", `SELECT k.id FROM contracts k WHERE k.status = 'active' ORDER BY k.id`, nil, "contracts_by_status"},
		{"a client's contracts", `SELECT k.id FROM contracts k WHERE k.client_id = ?`, []any{1}, "contracts_by_client"},
		{"renewals", `SELECT k.id FROM contracts k WHERE k.status IN ('active', 'lapsed') AND k.end_date <> '' AND k.end_date <= ?`, []any{"2029-01-01"}, "contracts_by_end"},
		{"a contract's periods", `SELECT period_start FROM contract_invoices WHERE contract_id = ? ORDER BY period_start`, []any{1}, "INDEX"},
	} {
		t.Log(tc.name, plan(tc.query, tc.args...))
		if p := plan(tc.query, tc.args...); !strings.Contains(p, tc.want) || strings.Contains(p, "SCAN activities ") {
			t.Errorf("%s does not use %s: %s", tc.name, tc.want, p)
		}
	}
}

// The client list shows when each client was last contacted and sorts the
// most neglected first; notes and deleted activities do not count.
func TestClientListLastContacted(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	var ids []int64
	for _, n := range []string{"Alpha", "Bravo", "Charlie"} {
		c := newClient(n, "Oslo")
		if err := b.Clients().CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	at := func(day int) time.Time { return time.Date(2027, 3, day, 10, 0, 0, 0, time.UTC) }
	add := func(id int64, kind domain.ActivityKind, day int) *domain.Activity {
		a := &domain.Activity{ClientID: id, Kind: kind, Subject: "x", At: at(day)}
		if err := b.Activities().CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	add(ids[0], domain.ActivityCall, 5)            // Alpha: 5 March
	add(ids[1], domain.ActivityCall, 1)            // Bravo: 1 March…
	late := add(ids[1], domain.ActivityMeeting, 9) // …then 9 March, deleted below
	add(ids[1], domain.ActivityNote, 20)           // a note does not count
	// Charlie: never
	if err := b.Activities().DeleteActivity(ctx, late.ID); err != nil {
		t.Fatal(err)
	}
	rows, err := b.Clients().FindClients(ctx, domain.ClientFilter{Sort: domain.SortByLastContact})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Name+" "+r.LastContacted.UTC().Format("2006-01-02"))
	}
	want := "Charlie 0001-01-01, Bravo 2027-03-01, Alpha 2027-03-05"
	if strings.Join(got, ", ") != want {
		t.Errorf("least recently contacted first: %s\nwant %s", strings.Join(got, ", "), want)
	}
}

// A task can follow up a complaint; naming only the complaint makes it the
// complaint's client's task.
func TestTaskAboutAComplaint(t *testing.T) {
	b := openTemp(t)
	ctx := context.Background()
	c := newClient("Fjord Shipping AS", "Bergen")
	if err := b.Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	k := &domain.Complaint{ClientID: c.ID, Subject: "Crane late", OpenedOn: date(2027, 3, 1),
		Severity: domain.ComplaintHigh, Status: domain.ComplaintOpen}
	if err := b.Complaints().CreateComplaint(ctx, k); err != nil {
		t.Fatal(err)
	}
	task := &domain.Task{Title: "Call back about the crane", DueDate: date(2027, 3, 3), ComplaintID: k.ID}
	if err := b.Activities().CreateTask(ctx, task); err != nil {
		t.Fatal(err)
	}
	got, err := b.Activities().FindTasks(ctx, domain.TaskFilter{DueBy: date(2027, 3, 3)})
	if err != nil || len(got) != 1 || got[0].ComplaintID != k.ID || got[0].ClientID != c.ID || got[0].ClientName != c.Name {
		t.Fatalf("read back %+v, %v", got, err)
	}
	got[0].Title = "Call back about the crane, again"
	if err := b.Activities().UpdateTask(ctx, &got[0]); err != nil {
		t.Fatal(err)
	}
	if n := count(t, b, `SELECT count(*) FROM tasks WHERE complaint_id = ?`, k.ID); n != 1 {
		t.Errorf("%d tasks about the complaint after the update", n)
	}
}

// An activity and the follow-up task it promises are one write: a task the
// book refuses (checked before anything is written, or only inside the
// transaction) leaves no activity behind, and a good pair stores both.
func TestActivityWithTaskIsOneTransaction(t *testing.T) {
	b, c, _ := invoicingBook(t)
	ctx := context.Background()
	svc := b.Activities()
	activities, tasks, audit := count(t, b, `SELECT count(*) FROM activities`), count(t, b, `SELECT count(*) FROM tasks`),
		count(t, b, `SELECT count(*) FROM audit_log`)
	call := func() *domain.Activity {
		return &domain.Activity{ClientID: c.ID, Kind: domain.ActivityCall, At: at("2027-03-01 09:30"), Subject: "Renewal",
			NextStep: "Send the quote"}
	}
	for _, tc := range []struct {
		name  string
		task  domain.Task
		field string
	}{
		{"no due date", domain.Task{Title: "Send the quote", ClientID: c.ID}, "dueDate"},
		{"unknown client", domain.Task{Title: "Send the quote", DueDate: date(2027, 3, 8), ClientID: c.ID + 100}, "client"},
		{"unknown document", domain.Task{Title: "Send the quote", DueDate: date(2027, 3, 8), ClientID: c.ID, DocumentID: 999}, "document"},
	} {
		a := call()
		err := svc.CreateActivityWithTask(ctx, a, &tc.task)
		if domain.ErrorCode(err) != domain.EINVALID || domain.FieldErrors(err)[tc.field] == "" || a.ID != 0 || tc.task.ID != 0 {
			t.Errorf("%s: want a problem at %s and no IDs, got %v (activity %d, task %d)", tc.name, tc.field, err, a.ID, tc.task.ID)
		}
	}
	if n := count(t, b, `SELECT count(*) FROM activities`); n != activities {
		t.Errorf("an activity whose task was refused was stored: %d more", n-activities)
	}
	if n := count(t, b, `SELECT count(*) FROM tasks`); n != tasks {
		t.Errorf("a refused task was stored: %d more", n-tasks)
	}
	if n := count(t, b, `SELECT count(*) FROM audit_log`); n != audit {
		t.Errorf("refused writes were audited: %d rows", n-audit)
	}
	a, task := call(), &domain.Task{Title: "Send the quote", DueDate: date(2027, 3, 8), ClientID: c.ID}
	if err := svc.CreateActivityWithTask(ctx, a, task); err != nil || a.ID == 0 || task.ID == 0 {
		t.Fatalf("a good pair: %v (activity %d, task %d)", err, a.ID, task.ID)
	}
	if got, err := svc.FindTaskByID(ctx, task.ID); err != nil || got.ClientName != c.Name || got.Title != "Send the quote" {
		t.Errorf("the stored task: %+v %v", got, err)
	}
	if n := count(t, b, `SELECT count(*) FROM activities`); n != activities+1 {
		t.Errorf("%d activities stored, want 1", n-activities)
	}
}
