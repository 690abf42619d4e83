package kit

import (
	"context"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// checks is a table's tick column: the rows ticked, by key, whatever page
// they are on, and the header's tick that ticks every row or none.
type checks[T any] struct {
	key     func(T) int64
	on      map[int64]bool
	head    *widget.Check
	changed func(n int)
}

// Checkable gives the table a tick column before its first, so that
// several rows can be acted on at once. key names a row across reloads
// and pages (its ID). The header's tick ticks every row the source has, or
// unticks them all; OnChecked hears how many are ticked after each change.
// Call it before the table is shown.
func (t *Table[T]) Checkable(key func(T) int64, onChecked func(n int)) {
	t.checks = &checks[T]{key: key, on: map[int64]bool{}, changed: onChecked}
	t.checks.head = widget.NewCheck("", func(on bool) { t.tickAll(on) })
	t.layoutRoot()
}

// Checked are the keys of the rows ticked, in ascending order.
func (t *Table[T]) Checked() []int64 {
	if t.checks == nil {
		return nil
	}
	out := make([]int64, 0, len(t.checks.on))
	for k := range t.checks.on {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// SetChecked ticks or unticks the row with the key.
func (t *Table[T]) SetChecked(key int64, on bool) {
	if t.checks == nil {
		return
	}
	if on {
		t.checks.on[key] = true
	} else {
		delete(t.checks.on, key)
	}
	t.checksChanged()
}

// ClearChecks unticks every row.
func (t *Table[T]) ClearChecks() {
	if t.checks == nil || len(t.checks.on) == 0 {
		return
	}
	clear(t.checks.on)
	t.checksChanged()
}

// CheckAll ticks every row the source has, reading their keys in the
// background; then calls done, if not nil.
func (t *Table[T]) CheckAll(done func()) {
	if t.checks == nil {
		return
	}
	sort := t.sort
	Load(t.load, func(ctx context.Context) ([]int64, error) {
		// Page after page to the end rather than one page of the count:
		// a capped count (Source.AtMost) is not every row.
		const chunk = 1000
		var keys []int64
		var last *T
		for {
			rows, err := t.src.page(ctx, sort, last, len(keys), chunk)
			if err != nil {
				return nil, err
			}
			for _, r := range rows {
				keys = append(keys, t.checks.key(r))
			}
			if len(rows) < chunk {
				return keys, nil
			}
			last = &rows[len(rows)-1]
		}
	}, func(keys []int64, err error) {
		if err != nil {
			ShowError(err, t.win())
			return
		}
		for _, k := range keys {
			t.checks.on[k] = true
		}
		t.checksChanged()
		if done != nil {
			done()
		}
	})
}

// tickAll is the header's tick: every row, or none.
func (t *Table[T]) tickAll(on bool) {
	if on {
		t.CheckAll(nil)
	} else {
		t.ClearChecks()
	}
}

// checksChanged shows the ticks and tells the screen.
func (t *Table[T]) checksChanged() {
	n := len(t.checks.on)
	head := t.checks.head
	// Set directly: SetChecked would call OnChanged and clear Partial.
	head.Checked = n > 0 && n >= t.Total()
	head.Partial = n > 0 && n < t.Total()
	head.Refresh()
	t.list.Refresh()
	if t.checks.changed != nil {
		t.checks.changed(n)
	}
}

// withCheck puts a row's tick before its cells when the table is
// checkable.
func (t *Table[T]) withCheck(cells fyne.CanvasObject) fyne.CanvasObject {
	if t.checks == nil {
		return cells
	}
	return container.NewBorder(nil, nil, widget.NewCheck("", nil), nil, cells)
}

// showCheck sets row r's tick, when the table is checkable, and returns
// the row's cells.
func (t *Table[T]) showCheck(o fyne.CanvasObject, r T, loaded bool) *fyne.Container {
	if t.checks == nil {
		return o.(*fyne.Container)
	}
	row := o.(*fyne.Container)
	var cells *fyne.Container
	var check *widget.Check
	for _, c := range row.Objects {
		switch x := c.(type) {
		case *widget.Check:
			check = x
		case *fyne.Container:
			cells = x
		}
	}
	check.OnChanged = nil
	if !loaded {
		check.SetChecked(false)
		check.Disable()
		return cells
	}
	check.Enable()
	key := t.checks.key(r)
	check.SetChecked(t.checks.on[key])
	check.OnChanged = func(on bool) { t.SetChecked(key, on) }
	return cells
}
