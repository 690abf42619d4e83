package widgets

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
)

// DateEntry is a date field: typed as YYYY-MM-DD, or picked with the
// calendar button beside it, whose pop-up has quick picks (Today, +7 days,
// +30 days) above a month calendar. Picking sets the text, so the field's
// OnChanged and validation see a picked date as a typed one.
type DateEntry struct {
	widget.Entry
	// Today is the day the quick picks count from; domain.Today by default.
	Today func() domain.Date
	popup *widget.PopUp
}

// NewDateEntry makes a date field with its calendar button.
func NewDateEntry() *DateEntry {
	e := &DateEntry{Today: domain.Today}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder("YYYY-MM-DD")
	pick := widget.NewButtonWithIcon("", theme.CalendarIcon(), e.ShowPicker)
	pick.Importance = widget.LowImportance
	e.ActionItem = pick
	return e
}

// Pick sets the field to d and closes the pop-up.
func (e *DateEntry) Pick(d domain.Date) {
	if e.popup != nil {
		e.popup.Hide()
	}
	e.SetText(d.String())
}

// ShowPicker opens the calendar under the field, on the field's date when it
// has one, else on today.
func (e *DateEntry) ShowPicker() {
	if e.Disabled() {
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil {
		return
	}
	today := e.Today()
	start := today
	if d, err := domain.ParseDate(e.Text); err == nil {
		start = d
	}
	quick := func(label string, days int) *widget.Button {
		return widget.NewButton(label, func() { e.Pick(today.AddDays(days)) })
	}
	cal := widget.NewCalendar(time.Date(start.Year, start.Month, start.Day, 12, 0, 0, 0, time.Local),
		func(t time.Time) { e.Pick(domain.DateOf(t)) })
	body := container.NewVBox(container.NewGridWithColumns(3, quick("Today", 0), quick("+7 days", 7), quick("+30 days", 30)), cal)
	e.popup = widget.NewPopUp(body, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e)
	e.popup.ShowAtPosition(pos.Add(fyne.NewPos(0, e.Size().Height)))
}

// PickerShown reports whether the calendar is open.
func (e *DateEntry) PickerShown() bool { return e.popup != nil && e.popup.Visible() }

// ReadDate reads the day typed in f's input as YYYY-MM-DD: nothing typed is
// no day; anything else that is not a day puts a message at f and reports
// false.
func ReadDate(f *Field, text string) (domain.Date, bool) {
	if strings.TrimSpace(text) == "" {
		return domain.Date{}, true
	}
	d, err := domain.ParseDate(text)
	if err != nil {
		f.SetError("Enter the day as YYYY-MM-DD.")
		return domain.Date{}, false
	}
	return d, true
}

// DateText is d as a date input shows it: "" for no date.
func DateText(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
