package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// KeyEntry is an entry whose owner sees keys first — Up and Down in a list
// of suggestions, Enter to move on — and hears when the cursor comes and
// goes. With SelectOnFocus, the cursor coming in selects the text, so typing
// replaces it.
type KeyEntry struct {
	widget.Entry
	OnKey         func(*fyne.KeyEvent) bool // true when the key was used
	OnFocus       func(in bool)
	SelectOnFocus bool
}

// NewKeyEntry makes an empty KeyEntry.
func NewKeyEntry() *KeyEntry {
	e := &KeyEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *KeyEntry) TypedKey(k *fyne.KeyEvent) {
	if e.OnKey != nil && e.OnKey(k) {
		return
	}
	e.Entry.TypedKey(k)
}

func (e *KeyEntry) FocusGained() {
	e.Entry.FocusGained()
	if e.SelectOnFocus {
		e.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
	if e.OnFocus != nil {
		e.OnFocus(true)
	}
}

func (e *KeyEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.OnFocus != nil {
		e.OnFocus(false)
	}
}

// StepSelection moves a selection among n items with Up and Down, wrapping
// round at either end; ok is false for any other key, or with no items.
func StepSelection(key fyne.KeyName, sel, n int) (next int, ok bool) {
	switch {
	case n == 0:
		return sel, false
	case key == fyne.KeyDown:
		return (sel + 1) % n, true
	case key == fyne.KeyUp:
		return (sel + n - 1) % n, true
	}
	return sel, false
}
