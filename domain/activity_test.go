package domain

import (
	"strings"
	"testing"
	"time"
)

func TestActivityValidate(t *testing.T) {
	at := time.Date(2027, 3, 10, 14, 30, 15, 999, time.UTC)
	good := func() Activity {
		return Activity{ClientID: 1, Kind: ActivityCall, At: at, Subject: "  Renewal terms ", Body: " Discussed price. "}
	}
	a := good()
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if a.Subject != "Renewal terms" || a.Body != "Discussed price." || a.At.Nanosecond() != 0 {
		t.Errorf("not tidied: %+v", a)
	}
	for _, tc := range []struct {
		name   string
		change func(*Activity)
		field  string
	}{
		{"no client", func(a *Activity) { a.ClientID = 0 }, "client"},
		{"unknown kind", func(a *Activity) { a.Kind = "fax" }, "kind"},
		{"no kind", func(a *Activity) { a.Kind = "" }, "kind"},
		{"no time", func(a *Activity) { a.At = time.Time{} }, "at"},
		{"blank subject", func(a *Activity) { a.Subject = "   " }, "subject"},
		{"long subject", func(a *Activity) { a.Subject = strings.Repeat("x", MaxNameLen+1) }, "subject"},
		{"long body", func(a *Activity) { a.Body = strings.Repeat("x", MaxTextLen+1) }, "body"},
		{"long outcome", func(a *Activity) { a.Outcome = strings.Repeat("x", maxActivityNoteLen+1) }, "outcome"},
		{"long next step", func(a *Activity) { a.NextStep = strings.Repeat("x", maxActivityNoteLen+1) }, "nextStep"},
	} {
		a := good()
		tc.change(&a)
		err := a.Validate()
		if ErrorCode(err) != EINVALID || FieldErrors(err)[tc.field] == "" || len(FieldErrors(err)) != 1 {
			t.Errorf("%s: want one problem at %s, got %v", tc.name, tc.field, FieldErrors(err))
		}
	}
}

func TestActivityKinds(t *testing.T) {
	for _, k := range ActivityKinds {
		if !k.Valid() || k.Title() == "" {
			t.Errorf("%q", k)
		}
		if k.IsContact() == (k == ActivityNote) {
			t.Errorf("%s: IsContact %v", k, k.IsContact())
		}
	}
	if ActivityKind("fax").IsContact() || ActivityCall.Title() != "Call" {
		t.Error("unknown kinds are not contact; titles are capitalised")
	}
}

func TestTaskValidate(t *testing.T) {
	due := NewDate(2027, 3, 10)
	task := Task{Title: " Call back ", DueDate: due, DueTime: " 9:05 "}
	if err := task.Validate(); err != nil {
		t.Fatal(err)
	}
	if task.Title != "Call back" || task.Priority != PriorityNormal || task.DueTime != "09:05" {
		t.Errorf("not tidied: %+v", task)
	}
	if task.ShowsOn() != due || task.Done() {
		t.Errorf("ShowsOn %v, Done %v", task.ShowsOn(), task.Done())
	}
	task.SnoozedUntil = due.AddDays(3)
	if task.ShowsOn() != due.AddDays(3) {
		t.Errorf("a snoozed task shows on %v", task.ShowsOn())
	}
	for _, tc := range []struct {
		name   string
		change func(*Task)
		field  string
	}{
		{"blank title", func(t *Task) { t.Title = "" }, "title"},
		{"long title", func(t *Task) { t.Title = strings.Repeat("x", MaxNameLen+1) }, "title"},
		{"long notes", func(t *Task) { t.Notes = strings.Repeat("x", MaxTextLen+1) }, "notes"},
		{"no due date", func(t *Task) { t.DueDate = Date{} }, "dueDate"},
		{"bad time", func(t *Task) { t.DueTime = "25:00" }, "dueTime"},
		{"words for a time", func(t *Task) { t.DueTime = "noon" }, "dueTime"},
		{"bad priority", func(t *Task) { t.Priority = "urgent" }, "priority"},
		{"snoozed to the due date", func(t *Task) { t.SnoozedUntil = t.DueDate }, "snoozedUntil"},
		{"snoozed to before it", func(t *Task) { t.SnoozedUntil = t.DueDate.AddDays(-1) }, "snoozedUntil"},
	} {
		task := Task{Title: "Call back", DueDate: due}
		tc.change(&task)
		err := task.Validate()
		if ErrorCode(err) != EINVALID || FieldErrors(err)[tc.field] == "" || len(FieldErrors(err)) != 1 {
			t.Errorf("%s: want one problem at %s, got %v", tc.name, tc.field, FieldErrors(err))
		}
	}
}
