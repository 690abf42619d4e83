package domain

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

func TestCollectionEntryValidate(t *testing.T) {
	on := NewDate(2027, 5, 3)
	eur := func(s string) money.Money { m, _ := money.Parse(s, "EUR"); return m }
	good := func(kind CollectionKind) CollectionEntry {
		e := CollectionEntry{ClientID: 1, DocumentID: 7, Kind: kind, On: on, Text: "  Spoke to accounts  "}
		if kind == CollectionPromise {
			e.PromisedDate, e.PromisedAmount = on.AddDays(7), eur("500")
		}
		return e
	}
	for _, k := range CollectionKinds {
		e := good(k)
		if err := e.Validate(); err != nil {
			t.Errorf("%s: %v", k, err)
		}
		if e.Text != "Spoke to accounts" {
			t.Errorf("%s: text not tidied: %q", k, e.Text)
		}
	}
	account := CollectionEntry{ClientID: 1, Kind: CollectionCall, On: on, Text: "Called about the account"}
	if err := account.Validate(); err != nil {
		t.Errorf("an entry about the whole account: %v", err)
	}
	for _, tc := range []struct {
		name   string
		kind   CollectionKind
		change func(*CollectionEntry)
		field  string
	}{
		{"no client", CollectionCall, func(e *CollectionEntry) { e.ClientID = 0 }, "client"},
		{"unknown kind", CollectionCall, func(e *CollectionEntry) { e.Kind = "fax" }, "kind"},
		{"no day", CollectionCall, func(e *CollectionEntry) { e.On = Date{} }, "on"},
		{"no text", CollectionNote, func(e *CollectionEntry) { e.Text = " " }, "text"},
		{"long text", CollectionNote, func(e *CollectionEntry) { e.Text = strings.Repeat("x", MaxTextLen+1) }, "text"},
		{"promise without a day", CollectionPromise, func(e *CollectionEntry) { e.PromisedDate = Date{} }, "promisedDate"},
		{"promise for the past", CollectionPromise, func(e *CollectionEntry) { e.PromisedDate = on.AddDays(-1) }, "promisedDate"},
		{"promise of nothing", CollectionPromise, func(e *CollectionEntry) { e.PromisedAmount = eur("0") }, "promisedAmount"},
		{"promise of a negative amount", CollectionPromise, func(e *CollectionEntry) { e.PromisedAmount = eur("-5") }, "promisedAmount"},
		{"promise in fractions of a cent", CollectionPromise, func(e *CollectionEntry) {
			e.PromisedAmount = money.Money{Amount: decimal.RequireFromString("500.005"), Currency: "EUR"}
		}, "promisedAmount"},
		{"promise in no currency", CollectionPromise, func(e *CollectionEntry) { e.PromisedAmount.Currency = "XXY" }, "promisedAmount"},
		{"a call with a promised day", CollectionCall, func(e *CollectionEntry) { e.PromisedDate = on }, "promisedDate"},
		{"a note with a promised amount", CollectionNote, func(e *CollectionEntry) { e.PromisedAmount = eur("5") }, "promisedAmount"},
		{"a dispute without its invoice", CollectionDispute, func(e *CollectionEntry) { e.DocumentID = 0 }, "invoice"},
		{"a dispute resolved without saying how", CollectionDispute, func(e *CollectionEntry) { e.ResolvedOn = on }, "resolution"},
		{"a dispute resolved on no day", CollectionDispute, func(e *CollectionEntry) { e.Resolution = "Credited" }, "resolvedOn"},
		{"a dispute resolved before it was raised", CollectionDispute, func(e *CollectionEntry) {
			e.ResolvedOn, e.Resolution = on.AddDays(-1), "Credited"
		}, "resolvedOn"},
		{"a letter resolved", CollectionLetter, func(e *CollectionEntry) { e.ResolvedOn, e.Resolution = on, "Paid" }, "resolution"},
	} {
		e := good(tc.kind)
		tc.change(&e)
		err := e.Validate()
		if ErrorCode(err) != EINVALID || FieldErrors(err)[tc.field] == "" || len(FieldErrors(err)) != 1 {
			t.Errorf("%s: want one problem at %s, got %v", tc.name, tc.field, FieldErrors(err))
		}
	}
}

func TestResolveDispute(t *testing.T) {
	on := NewDate(2027, 5, 3)
	d := CollectionEntry{ClientID: 1, DocumentID: 7, DocumentNumber: "INV-7", Kind: CollectionDispute, On: on, Text: "Hours billed twice"}
	if !d.OnHold() {
		t.Fatal("an open dispute puts its invoice on hold")
	}
	for _, tc := range []struct {
		name       string
		day        Date
		resolution string
		field      string
	}{
		{"no day", Date{}, "Credited", "resolvedOn"},
		{"before it was raised", on.AddDays(-2), "Credited", "resolvedOn"},
		{"without saying how", on, "  ", "resolution"},
	} {
		err := d.Resolve(tc.day, tc.resolution)
		if FieldErrors(err)[tc.field] == "" || !strings.HasPrefix(ErrorMessage(err), "Dispute not saved") {
			t.Errorf("%s: %v", tc.name, err)
		}
		if !d.OnHold() || d.Resolution != "" {
			t.Errorf("%s: a refused resolution changed the dispute: %+v", tc.name, d)
		}
	}
	if err := d.Resolve(on.AddDays(4), " Credit note for 3 hours "); err != nil {
		t.Fatal(err)
	}
	if d.OnHold() || d.ResolvedOn != on.AddDays(4) || d.Resolution != "Credit note for 3 hours" {
		t.Errorf("resolved: %+v", d)
	}
	if err := d.Resolve(on.AddDays(5), "Again"); ErrorCode(err) != ECONFLICT || !strings.Contains(ErrorMessage(err), "already resolved on 2027-05-07") {
		t.Errorf("resolved twice: %v", err)
	}
	call := CollectionEntry{Kind: CollectionCall}
	if err := call.Resolve(on, "x"); ErrorCode(err) != ECONFLICT || call.OnHold() {
		t.Errorf("a call resolved: %v", err)
	}
	if CollectionPromise.Title() != "Promise to pay" || CollectionKind("fax").Valid() {
		t.Error("kind titles")
	}
}
