package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"clientbook/gui/account"
	"clientbook/gui/catalog"
	"clientbook/gui/clients"
	"clientbook/gui/collections"
	"clientbook/gui/complaints"
	"clientbook/gui/contracts"
	"clientbook/gui/invoices"
	"clientbook/gui/kit"
	"clientbook/gui/outbox"
	"clientbook/gui/pipeline"
	"clientbook/gui/receivables"
	"clientbook/gui/reports"
	"clientbook/gui/settings"
	"clientbook/gui/timeline"
	"clientbook/gui/today"
)

// tabList is the window's tabs, in order: the one list the tab bar, the
// Edit and Go menus, the tabs' own menus (Documents), Ctrl/Cmd+1…9,
// Ctrl/Cmd+Enter, --show, the navigation between screens (kit.Nav), the
// settings sections, the PDF renderer and e-invoicer, refreshing after an
// import and the "save changes?" prompt are made from. A new screen is one
// more line here — its package's Tab(base), which builds it over the book,
// the window and the navigator — and nothing else in gui/: what the window
// does for it is what its kit.Tab says (Routes it serves, Show for --show's
// sub-paths, Sections for Settings, SetTools, Menu, Issue, Close). The
// Clients tab takes the client tabs, built first.
func (u *UI) tabList(base kit.Base) []kit.Tab {
	return []kit.Tab{
		today.Tab(base),
		clients.Tab(base, u.clientTabs...),
		invoices.Tab(base),
		receivables.Tab(base),
		outbox.Tab(base),
		contracts.Tab(base),
		pipeline.Tab(base),
		reports.Tab(base),
		catalog.Tab(base),
		settings.Tab(base),
	}
}

// clientTabList is the tabs beside a client's details, after Details, in
// order. A new panel is one more line here — its package's
// ClientTab(base); --show clients/NAME/TAB/ACTION hands ACTION to its
// Action, and SetTools gives it the PDF renderer.
func (u *UI) clientTabList(base kit.Base) []kit.ClientTab {
	return []kit.ClientTab{
		account.ClientTab(base),
		timeline.ClientTab(base),
		complaints.ClientTab(base),
		collections.ClientTab(base),
	}
}

// fitTabs lays the tab bar out in the window's width and takes the tabs'
// icons away while the titles with their icons would not all fit, so that
// at 1024 points every tab is still seen by name rather than some going
// into the bar's "…" overflow.
type fitTabs struct {
	tabs  *container.AppTabs
	icons []fyne.Resource // each tab's icon, in order
	plain bool            // the icons are off
}

func newFitTabs(tabs *container.AppTabs) *fyne.Container {
	f := &fitTabs{tabs: tabs}
	for _, t := range tabs.Items {
		f.icons = append(f.icons, t.Icon)
	}
	return container.New(f, tabs)
}

// withIcons is the width the bar needs with every tab's icon shown.
func (f *fitTabs) withIcons() float32 {
	var w float32
	pad := theme.Padding()
	for _, t := range f.tabs.Items {
		w += fyne.MeasureText(t.Text, theme.TextSize(), fyne.TextStyle{Bold: true}).Width + theme.IconInlineSize() + 7*pad
	}
	return w
}

func (f *fitTabs) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	if plain := size.Width < f.withIcons(); plain != f.plain && len(f.icons) == len(f.tabs.Items) {
		f.plain = plain
		for i, t := range f.tabs.Items {
			if plain {
				t.Icon = nil
			} else {
				t.Icon = f.icons[i]
			}
		}
		f.tabs.Refresh()
	}
	for _, o := range objects {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (f *fitTabs) MinSize(objects []fyne.CanvasObject) fyne.Size { return objects[0].MinSize() }
