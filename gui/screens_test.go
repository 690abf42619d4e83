package gui

import (
	"clientbook/gui/timeline"
)

// clientTabScreen is the panel of the first client tab showing a T, for
// tests to reach into; the window itself knows the client tabs only by
// their kit.ClientTab.
func clientTabScreen[T any](u *UI) T {
	for _, t := range u.clientTabs {
		if s, ok := t.Screen.(T); ok {
			return s
		}
	}
	var none T
	return none
}

func (u *UI) timeline() *timeline.Panel { return clientTabScreen[*timeline.Panel](u) }
