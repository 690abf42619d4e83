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
	// Icon is the app's icon (the Clients welcome page shows it).
	Icon fyne.Resource
	// Notify sends a desktop notification; nil sends none.
	Notify func(title, content string)
	// Reload reads every tab again after the book changed under them (a
	// demo book loaded); nil reads none.
	Reload func()
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
	// Action does what --show names after the panel's title
	// ("clients/NAME/Account/report" hands the Account panel "report") and
	// returns what is wrong with it; nil when the panel takes none.
	Action func(action string) error
	// SetTools hands the panel what writes PDFs; nil when it writes none.
	SetTools func(Tools)
	// Screen is the panel itself, for tests to reach into.
	Screen any
}
