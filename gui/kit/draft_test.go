package kit

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A Draft tells typed text from what the form said when marked, only while
// the form is in use, and lets the leaving go on at once when nothing is
// typed; with typed text it asks, and "Don't save" drops it.
func TestDraftAsksOnlyAboutTypedText(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("draft")
	in := widget.NewEntry()
	active, saved := false, 0
	d := Draft{Win: w, Title: "Unsaved note", Ask: func() string { return "Keep the note?" },
		Inputs: func() []string { return []string{in.Text} },
		Active: func() bool { return active },
		Save:   func(done func(bool)) bool { saved++; done(true); return true }}
	in.SetText("default")
	d.Mark()
	in.SetText("typed")
	if d.Dirty() {
		t.Fatal("dirty while the form is not in use")
	}
	active = true
	if !d.Dirty() {
		t.Fatal("typed text not seen")
	}
	in.SetText("default")
	left := 0
	d.ConfirmLeave(func() { left++ })
	if d.Dirty() || left != 1 {
		t.Fatalf("form back as marked: dirty %v, left %d times (want once, without asking)", d.Dirty(), left)
	}
	in.SetText("typed")
	d.ConfirmLeave(func() { left++ })
	if left != 1 {
		t.Fatal("left without asking about typed text")
	}
	tapButton(t, w, "Save")
	if saved != 1 || left != 2 || d.Dirty() == false {
		t.Fatalf("Save: stored %d times, left %d times (want 1 and 2; the form still says what was typed until its panel marks it)", saved, left)
	}
	d.Mark()
	in.SetText("typed again")
	d.ConfirmLeave(func() { left++ })
	tapButton(t, w, "Cancel")
	if left != 2 || !d.Dirty() {
		t.Fatal("Cancel left or dropped the typed text")
	}
}
