package gui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
)

// checkInBackground runs the check for damage; tests make it run inline.
var checkInBackground = func(work func()) { go work() }

// damageBanner is the strip above the tabs that says the book is damaged.
// It stays empty while the book is sound.
type damageBanner struct {
	box     *fyne.Container
	text    string
	restore *widget.Button // nil when backups are off
}

// watchForDamage checks the whole book for damage in the background once it
// is open (a full check takes seconds on a large book, so opening does not
// wait for it) and returns the banner that shows what it finds. A damaged
// book refuses every write from then on; the banner says so and where to
// restore it from.
func (u *UI) watchForDamage(b domain.Book) *damageBanner {
	d := &damageBanner{box: container.NewStack()}
	checkInBackground(func() {
		err := b.Verify(context.Background())
		if domain.ErrorCode(err) != domain.EINVALID {
			return // sound, or the check stopped because the book closed
		}
		fyne.Do(func() {
			if u.book != b {
				return
			}
			var restore func()
			if u.backups != nil {
				restore = func() { u.restoreFromBackup() }
			}
			d.show(domain.ErrorMessage(err), restore)
		})
	})
	return d
}

// show fills the banner: the message in the error colour's own foreground
// on the error colour, wrapped to the window's width, with a button that
// opens Restore from backup when backups are on.
func (d *damageBanner) show(msg string, restore func()) {
	d.text = msg
	seg := &widget.TextSegment{Text: msg, Style: widget.RichTextStyle{
		ColorName: theme.ColorNameForegroundOnError,
		TextStyle: fyne.TextStyle{Bold: true},
	}}
	text := widget.NewRichText(seg)
	text.Wrapping = fyne.TextWrapWord
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameError))
	icon := widget.NewIcon(theme.NewColoredResource(theme.ErrorIcon(), theme.ColorNameForegroundOnError))
	var button fyne.CanvasObject
	if restore != nil {
		d.restore = widget.NewButtonWithIcon("Restore from backup…", theme.HistoryIcon(), restore)
		button = container.NewCenter(d.restore)
	}
	d.box.Objects = []fyne.CanvasObject{bg, container.NewPadded(container.NewBorder(nil, nil, icon, button, text))}
	d.box.Refresh()
}

// Text is what the banner says, "" while the book is sound.
func (d *damageBanner) Text() string { return d.text }
