package domain

import (
	"reflect"
	"strings"
	"testing"
)

func TestAccountReportOptionsValidate(t *testing.T) {
	from, to := NewDate(2027, 1, 1), NewDate(2027, 3, 31)
	ok := func() AccountReportOptions {
		return AccountReportOptions{ClientID: 7, From: from, To: to, Sections: DefaultAccountReportSections(false)}
	}
	cases := []struct {
		name   string
		edit   func(*AccountReportOptions)
		fields map[string]string // field → a part of its message
	}{
		{"fine", func(*AccountReportOptions) {}, nil},
		{"internal with the timeline", func(o *AccountReportOptions) {
			o.Internal, o.Sections = true, DefaultAccountReportSections(true)
		}, nil},
		{"no client", func(o *AccountReportOptions) { o.ClientID = 0 }, map[string]string{"client": "choose the client"}},
		{"no dates", func(o *AccountReportOptions) { o.From, o.To = Date{}, Date{} },
			map[string]string{"from": "first day", "to": "last day of the period"}},
		{"from after to", func(o *AccountReportOptions) { o.From = to.AddDays(1) },
			map[string]string{"to": "the last day is before the first"}},
		{"one day", func(o *AccountReportOptions) { o.From = to }, nil},
		{"unknown currency", func(o *AccountReportOptions) { o.Currency = "xyz" }, map[string]string{"currency": "XYZ"}},
		{"no sections", func(o *AccountReportOptions) { o.Sections = nil }, map[string]string{"sections": "at least one"}},
		{"unknown section", func(o *AccountReportOptions) { o.Sections = []AccountReportSection{"summary", "gossip"} },
			map[string]string{"sections": `"gossip" is not a section; choose from summary, charts, invoices, payments, aging, statement, contracts or timeline`}},
		{"timeline for the client", func(o *AccountReportOptions) { o.Sections = []AccountReportSection{SectionTimeline} },
			map[string]string{"sections": "only for the internal team"}},
	}
	for _, c := range cases {
		o := ok()
		c.edit(&o)
		err := o.Validate()
		got := FieldErrors(err)
		if len(got) != len(c.fields) {
			t.Errorf("%s: %v, want problems at %v", c.name, err, c.fields)
			continue
		}
		for f, part := range c.fields {
			if !strings.Contains(got[f], part) {
				t.Errorf("%s: %s says %q, want %q in it", c.name, f, got[f], part)
			}
		}
		if err != nil && (ErrorCode(err) != EINVALID || !strings.HasPrefix(err.Error(), "Check the account report: ")) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	o := AccountReportOptions{ClientID: 1, From: from, To: to, Currency: " eur ",
		Sections: []AccountReportSection{" Aging", "summary", "aging"}}
	if err := o.Validate(); err != nil || o.Currency != "EUR" ||
		!reflect.DeepEqual(o.Sections, []AccountReportSection{SectionAging, SectionSummary}) {
		t.Errorf("tidied to %q %v: %v", o.Currency, o.Sections, err)
	}
}

func TestDefaultAccountReportSections(t *testing.T) {
	client := DefaultAccountReportSections(false)
	if len(client) != len(AccountReportSections)-1 {
		t.Errorf("client-facing sections %v", client)
	}
	for _, s := range client {
		if s == SectionTimeline {
			t.Error("the timeline is in a client-facing report by default")
		}
	}
	if got := DefaultAccountReportSections(true); !reflect.DeepEqual(got, AccountReportSections) {
		t.Errorf("internal sections %v", got)
	}
	for _, s := range AccountReportSections {
		if !s.Valid() || s.Title() == "" || s.Title() == string(s) {
			t.Errorf("section %q: valid %v, title %q", s, s.Valid(), s.Title())
		}
	}
}
