package kit

import (
	"strings"

	"fyne.io/fyne/v2"

	"clientbook/gui/widgets"
)

// Draft guards a small form that is not a record's own (a client panel's
// quick-add or log form): it remembers what the form said when last
// cleared or loaded, tells typed text from that, and asks before it is
// dropped. It is the panel's Guard.
type Draft struct {
	Win   fyne.Window
	Title string // the question's title, e.g. "Unsaved timeline entry"
	// Ask is the question put when leaving with typed text, e.g. "Add the
	// entry typed in …'s timeline?".
	Ask func() string
	// Inputs is what the form's inputs say, in a fixed order.
	Inputs func() []string
	// Save stores what the form says (a panel's SaveThen).
	Save func(done func(ok bool)) bool
	// Active reports whether the form is in use at all (a client is shown);
	// nil for always.
	Active func() bool

	clean string
}

func (d *Draft) text() string { return strings.Join(d.Inputs(), "\x00") }

// Mark takes what the form says now as nothing typed: after it was cleared,
// loaded or stored.
func (d *Draft) Mark() { d.clean = d.text() }

// Dirty reports whether the form holds typed text not stored.
func (d *Draft) Dirty() bool { return (d.Active == nil || d.Active()) && d.text() != d.clean }

// ConfirmLeave runs next once the form holds nothing typed, asking first
// whether to store what is.
func (d *Draft) ConfirmLeave(next func()) {
	if !d.Dirty() {
		next()
		return
	}
	widgets.AskSaveThen(d.Win, d.Title, d.Ask(), Then(d.Save), next)
}
