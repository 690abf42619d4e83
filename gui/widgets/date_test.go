package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
)

// The calendar button opens quick picks over a calendar; a pick sets the
// text as if typed (OnChanged sees it) and closes the pop-up; typing still
// works; a disabled field opens nothing.
func TestDateEntryPicksAndTypes(t *testing.T) {
	test.NewTempApp(t)
	e := NewDateEntry()
	e.Today = func() domain.Date { return domain.NewDate(2027, 1, 31) }
	var changed []string
	e.OnChanged = func(s string) { changed = append(changed, s) }
	w := test.NewTempWindow(t, e)
	w.Resize(fyne.NewSize(400, 500))

	test.Tap(e.ActionItem.(*widget.Button))
	if !e.PickerShown() {
		t.Fatal("the calendar button opened nothing")
	}
	var plus30 *widget.Button
	for _, o := range test.LaidOutObjects(e.popup) {
		if b, ok := o.(*widget.Button); ok && b.Text == "+30 days" {
			plus30 = b
		}
	}
	if plus30 == nil {
		t.Fatal("no +30 days quick pick")
	}
	test.Tap(plus30)
	if e.Text != "2027-03-02" || e.PickerShown() || len(changed) == 0 || changed[len(changed)-1] != "2027-03-02" {
		t.Errorf("after +30 days: %q, shown %v, changes %q", e.Text, e.PickerShown(), changed)
	}
	e.Pick(domain.NewDate(2027, 2, 28))
	if e.Text != "2027-02-28" {
		t.Errorf("a calendar pick: %q", e.Text)
	}
	e.SetText("")
	test.Type(e, "2027-12-24")
	if e.Text != "2027-12-24" {
		t.Errorf("typed %q", e.Text)
	}
	e.Disable()
	e.ShowPicker()
	if e.PickerShown() {
		t.Error("a disabled field opened its calendar")
	}
}
