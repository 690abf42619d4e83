package domain

import (
	"strings"
	"testing"
)

func TestComplaintValidate(t *testing.T) {
	opened := NewDate(2027, 3, 1)
	good := func() Complaint {
		return Complaint{ClientID: 1, OpenedOn: opened, Subject: "  Invoice sent twice ", Category: " Billing "}
	}
	k := good()
	if err := k.Validate(); err != nil {
		t.Fatal(err)
	}
	if k.Subject != "Invoice sent twice" || k.Category != "Billing" || k.Severity != ComplaintMedium || k.Status != ComplaintOpen {
		t.Errorf("not tidied or defaulted: %+v", k)
	}
	for _, tc := range []struct {
		name   string
		change func(*Complaint)
		field  string
	}{
		{"no client", func(k *Complaint) { k.ClientID = 0 }, "client"},
		{"not opened", func(k *Complaint) { k.OpenedOn = Date{} }, "openedOn"},
		{"blank subject", func(k *Complaint) { k.Subject = "  " }, "subject"},
		{"long subject", func(k *Complaint) { k.Subject = strings.Repeat("x", MaxNameLen+1) }, "subject"},
		{"unknown severity", func(k *Complaint) { k.Severity = "urgent" }, "severity"},
		{"unknown status", func(k *Complaint) { k.Status = "escalated" }, "status"},
		{"long contact", func(k *Complaint) { k.ContactName = strings.Repeat("x", 101) }, "contact"},
		{"long category", func(k *Complaint) { k.Category = strings.Repeat("x", 101) }, "category"},
		{"long department", func(k *Complaint) { k.Department = strings.Repeat("x", 101) }, "department"},
		{"long description", func(k *Complaint) { k.Description = strings.Repeat("x", MaxTextLen+1) }, "description"},
		{"resolved without notes", func(k *Complaint) { k.Status, k.ResolvedOn = ComplaintResolved, opened }, "resolution"},
		{"closed without a day", func(k *Complaint) { k.Status, k.Resolution = ComplaintClosed, "Withdrawn" }, "resolvedOn"},
		{"open with a day", func(k *Complaint) { k.ResolvedOn = opened }, "resolvedOn"},
		{"waiting with a day", func(k *Complaint) { k.Status, k.ResolvedOn = ComplaintWaiting, opened }, "resolvedOn"},
		{"resolved before opened", func(k *Complaint) {
			k.Status, k.Resolution, k.ResolvedOn = ComplaintResolved, "Fixed", opened.AddDays(-1)
		}, "resolvedOn"},
	} {
		k := good()
		tc.change(&k)
		err := k.Validate()
		if ErrorCode(err) != EINVALID || FieldErrors(err)[tc.field] == "" || len(FieldErrors(err)) != 1 {
			t.Errorf("%s: want one problem at %s, got %v", tc.name, tc.field, FieldErrors(err))
		}
	}
	k = good()
	k.Status, k.Resolution, k.ResolvedOn = ComplaintResolved, "Fixed", opened
	if err := k.Validate(); err != nil {
		t.Errorf("resolved the day it was raised: %v", err)
	}
}

func TestComplaintStatusAndTimeToResolve(t *testing.T) {
	k := Complaint{OpenedOn: NewDate(2027, 2, 25)}
	if _, ok := k.DaysToResolve(); ok {
		t.Error("an open complaint has no time to resolve")
	}
	k.SetStatus(ComplaintInProgress, NewDate(2027, 2, 26))
	if !k.ResolvedOn.IsZero() {
		t.Errorf("in progress, resolved on %s", k.ResolvedOn)
	}
	// Across the end of February: 25 Feb to 3 Mar 2027 is 6 days.
	k.SetStatus(ComplaintResolved, NewDate(2027, 3, 3))
	if days, ok := k.DaysToResolve(); !ok || days != 6 || k.ResolvedOn != NewDate(2027, 3, 3) {
		t.Errorf("resolved: %d days (%v), on %s", days, ok, k.ResolvedOn)
	}
	// Closing later keeps the day it was resolved.
	k.SetStatus(ComplaintClosed, NewDate(2027, 3, 10))
	if days, _ := k.DaysToResolve(); days != 6 {
		t.Errorf("closed: %d days", days)
	}
	k.SetStatus(ComplaintWaiting, NewDate(2027, 3, 11))
	if _, ok := k.DaysToResolve(); ok || !k.ResolvedOn.IsZero() {
		t.Errorf("reopened: %+v", k)
	}
	for _, s := range ComplaintStatuses {
		if !s.Valid() || s.Title() == "" || s.Settled() != (s == ComplaintResolved || s == ComplaintClosed) {
			t.Errorf("status %q", s)
		}
	}
	if ComplaintWaiting.Title() != "Waiting on client" || ComplaintInProgress.Title() != "In progress" || ComplaintCritical.Title() != "Critical" {
		t.Error("titles read as words")
	}

	day := func(d int) Date { return NewDate(2027, 3, d) }
	settled := func(opened, resolved int) Complaint {
		return Complaint{Status: ComplaintResolved, OpenedOn: day(opened), ResolvedOn: day(resolved)}
	}
	r := ResolutionTimesOf([]Complaint{settled(1, 11), settled(3, 7), settled(5, 5), {Status: ComplaintOpen, OpenedOn: day(2)}})
	// 10 + 4 + 0 days over three complaints is 4.67, shown as 4.7.
	if r.Resolved != 3 || r.AverageDays.String() != "4.7" || r.LongestDays != 10 {
		t.Errorf("resolution times %+v", r)
	}
	if r := ResolutionTimesOf(nil); r.Resolved != 0 || !r.AverageDays.IsZero() || r.LongestDays != 0 {
		t.Errorf("nothing resolved: %+v", r)
	}
}
