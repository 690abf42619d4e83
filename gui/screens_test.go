package gui

import (
	"clientbook/gui/clients"
	"clientbook/gui/invoices"
	"clientbook/gui/receivables"
	"clientbook/gui/timeline"

	"fyne.io/fyne/v2"
)

// tabScreen is the screen of the first tab showing a T, for tests to reach
// into; the window itself knows its tabs only by their kit.Tab.
func tabScreen[T any](u *UI) T {
	for _, t := range u.tabDefs {
		if s, ok := t.Screen.(T); ok {
			return s
		}
	}
	var none T
	return none
}

// clientTabScreen is the panel of the first client tab showing a T.
func clientTabScreen[T any](u *UI) T {
	for _, t := range u.clientTabs {
		if s, ok := t.Screen.(T); ok {
			return s
		}
	}
	var none T
	return none
}

// Clients is the Clients screen, nil while no book is open.
func (u *UI) Clients() *clients.Screen { return tabScreen[*clients.Screen](u) }

func (u *UI) docs() *invoices.Screen { return tabScreen[*invoices.Screen](u) }

func (u *UI) receivables() *receivables.Screen { return tabScreen[*receivables.Screen](u) }

func (u *UI) timeline() *timeline.Panel { return clientTabScreen[*timeline.Panel](u) }

// showTab selects the tab showing content.
func (u *UI) showTab(content fyne.CanvasObject) {
	if u.tabs == nil {
		return
	}
	for i, t := range u.tabs.Items {
		if t.Content == content {
			u.tabs.SelectIndex(i)
		}
	}
}
