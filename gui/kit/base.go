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
