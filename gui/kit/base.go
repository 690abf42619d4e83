package kit

import (
	"fyne.io/fyne/v2"

	"clientbook/domain"
)

// Base is what every screen is built from: the open book, the window it
// shows in, the navigator that opens what other screens show, and the
// app's preferences. The window makes one for each book it opens and hands
// it to every screen's constructor.
type Base struct {
	Book  domain.Book
	Win   fyne.Window
	Nav   Nav
	Prefs fyne.Preferences
}

// ClientTab is one of the tabs beside a client's details (Account,
// Timeline, Complaints…) as its panel describes it: the Clients screen
// lists them and shows each the client opened.
type ClientTab struct {
	Title   string
	Icon    fyne.Resource
	Content fyne.CanvasObject
	// Show shows the panel for c (nil for none).
	Show func(c *domain.Client)
	// Guard holds the panel's unsaved edits, which showing another client
	// or leaving asks about; nil when it never holds any.
	Guard Guard
}
