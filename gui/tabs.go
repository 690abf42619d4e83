package gui

import (
	"fyne.io/fyne/v2/theme"

	"clientbook/domain"
	"clientbook/gui/kit"
)

// tabList is the window's tabs, in order: the one list the tab bar, the
// Edit and Go menus, the shortcuts and the "save changes?" prompt are made
// from. A new screen is one more entry here.
func (u *UI) tabList() []kit.Tab {
	return []kit.Tab{
		{Title: "Today", Icon: theme.CalendarIcon(), Content: u.today.Object(), Refresh: u.today.Refresh},
		{Title: "Clients", Icon: theme.AccountIcon(), Content: u.clients.Object(),
			NewLabel: "New client", New: u.clients.NewClient, Find: u.clients.FocusSearch,
			Save: u.clients.Form().Save, Cancel: u.clients.Cancel, ConfirmLeave: u.clients.ConfirmLeave},
		{Title: "Documents", Icon: theme.FileTextIcon(), Content: u.docs.Object(), Refresh: u.docs.Refresh,
			NewLabel: "New invoice", New: func() { u.docs.New(domain.KindInvoice) }, Find: u.docs.FocusSearch,
			Save: u.docs.Save, Cancel: u.docs.Cancel, ConfirmLeave: u.docs.ConfirmLeave},
		{Title: "Receivables", Icon: theme.StorageIcon(), Content: u.receivables.Object(), Refresh: u.receivables.Refresh,
			NewLabel: "New payment", New: u.receivables.New, Find: u.receivables.FocusSearch,
			Save: u.receivables.Save, Cancel: u.receivables.Cancel, ConfirmLeave: u.receivables.ConfirmLeave},
		{Title: "Outbox", Icon: theme.MailSendIcon(), Content: u.outbox.Object(), Refresh: u.outbox.Refresh},
		u.contracts.Edits().Tab(kit.Tab{Title: "Contracts", Icon: theme.DocumentIcon(), Content: u.contracts.Object(),
			Refresh: u.contracts.Refresh, NewLabel: "New contract", New: u.contracts.New}),
		u.pipeline.Edits().Tab(kit.Tab{Title: "Pipeline", Icon: theme.MediaFastForwardIcon(), Content: u.pipeline.Object(),
			Refresh: u.pipeline.Refresh, NewLabel: "New opportunity", New: u.pipeline.New}),
		{Title: "Reports", Icon: theme.GridIcon(), Content: u.reports.Object(), Refresh: u.reports.Refresh, Find: u.reports.FocusSearch},
		{Title: "Catalog", Icon: theme.ListIcon(), Content: u.catalog.Object(), Refresh: u.catalog.Refresh,
			NewLabel: "New item", New: u.catalog.NewItem, Find: u.catalog.FocusSearch,
			Save: u.catalog.Save, Cancel: u.catalog.Cancel, ConfirmLeave: u.catalog.ConfirmLeave},
		{Title: "Settings", Icon: theme.SettingsIcon(), Content: u.settings.Object(), Refresh: u.settings.Refresh,
			Save: u.settings.Save, Cancel: u.settings.Revert, ConfirmLeave: u.settings.ConfirmLeave},
	}
}
