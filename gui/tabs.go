package gui

import "clientbook/gui/kit"

// tabList is the window's tabs, in order: the one list the tab bar, the
// Edit and Go menus, the shortcuts and the "save changes?" prompt are made
// from. A new screen is one more entry here.
func (u *UI) tabList() []kit.Tab {
	return []kit.Tab{
		u.today.Tab(),
		u.clients.Tab(),
		u.docs.Tab(),
		u.receivables.Tab(),
		u.outbox.Tab(),
		u.contracts.Tab(),
		u.pipeline.Tab(),
		u.reports.Tab(),
		u.catalog.Tab(),
		u.settings.Tab(),
	}
}
