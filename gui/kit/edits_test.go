package kit

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
)

// A record form's Save checks on the UI goroutine and writes in the
// background: a failed check writes nothing; while the write is under way
// Save is off and a second Save is refused; the stored record is loaded
// when it comes back, and what was typed during the write stays.
func TestSaveWritesInTheBackground(t *testing.T) {
	test.NewTempApp(t)
	var queued []func()
	old := background
	background = func(work func()) { queued = append(queued, work) }
	t.Cleanup(func() { background = old })

	e := NewEdits(func() {}, func() {}, false)
	name := e.Entry("")
	e.Field("name", "Name", name)
	var stored []string
	var loaded, adopted string
	record := Record[string]{
		Read: func() (string, map[string]string) {
			if name.Text == "" {
				return "", map[string]string{"name": "enter a name"}
			}
			return name.Text, nil
		},
		New:    func(string) bool { return len(stored) == 0 },
		Create: func(_ context.Context, s string) error { stored = append(stored, s); return nil },
		Update: func(_ context.Context, s string) error { stored = append(stored, s); return nil },
		Show:   e.ShowErrors,
		Load: func(s string) {
			e.Load(false, func() { name.SetText(s); loaded = s })
		},
		Adopt: func(s string) { adopted = s },
	}
	e.Load(true, func() {})

	if Save(e, nil, record, nil) || len(queued) != 0 || e.Fields["name"].Error.Text != "Enter a name." {
		t.Fatalf("an empty name went to be written (%d queued), message %q", len(queued), e.Fields["name"].Error.Text)
	}
	name.SetText("Alpha")
	var done []bool
	if !Save(e, nil, record, func(ok bool) { done = append(done, ok) }) {
		t.Fatal("a good record did not go to be written")
	}
	if len(queued) != 1 || len(stored) != 0 || !e.SaveButton.Disabled() || !e.Dirty() {
		t.Fatalf("before the write runs: %d queued, %d stored, Save off %v, dirty %v",
			len(queued), len(stored), e.SaveButton.Disabled(), e.Dirty())
	}
	if Save(e, nil, record, nil) || len(queued) != 1 {
		t.Error("a second Save while the first is written")
	}
	queued[0]() // the write, and then its result, applied
	if !slices.Equal(stored, []string{"Alpha"}) || loaded != "Alpha" || !slices.Equal(done, []bool{true}) || e.Dirty() {
		t.Fatalf("after the write: stored %q, loaded %q, done %v, dirty %v", stored, loaded, done, e.Dirty())
	}

	name.SetText("Alpha 2")
	Save(e, nil, record, nil)
	name.SetText("Alpha 22") // typed on while "Alpha 2" is written
	queued[1]()
	if adopted != "Alpha 2" || loaded != "Alpha" || name.Text != "Alpha 22" || !e.Dirty() || e.SaveButton.Disabled() {
		t.Errorf("typed on during the write: adopted %q, loaded %q, shows %q, dirty %v, Save off %v",
			adopted, loaded, name.Text, e.Dirty(), e.SaveButton.Disabled())
	}
}
