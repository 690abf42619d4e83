package gui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
)

// verifyBook is File ▸ Verify book…: it checks the book's tamper evidence in
// the background (the check reads the whole book) and says what it found in
// a dialog — that the book verifies, with the chain's head to keep elsewhere,
// or the first broken link and what to do about it.
func (u *UI) verifyBook() {
	b := u.book
	if b == nil {
		return
	}
	kit.Long(u.win, "Verifying the book", func(ctx context.Context, step kit.Step) (domain.ChainReport, error) {
		step(0, 0, "Following every link of the audit log…")
		return b.VerifyChain(ctx)
	}, func(r domain.ChainReport, err error, cancelled bool) {
		switch {
		case u.book != b:
			return // another book was opened meanwhile
		case cancelled:
			kit.Notify(u.win, "Verify book cancelled")
		case err != nil:
			kit.ShowError(err, u.win)
		case r.OK():
			head := fmt.Sprintf("Latest audit entry %s, link %s", domain.Thousands(r.HeadEntry), r.Head)
			u.showVerified("Book verified", r.String(), head)
		default:
			u.showVerified("The book does not verify", r.Broken, domain.ChainAdvice)
		}
	})
}

// showVerified shows the result of Verify book in a dialog of wrapped text;
// the detail (the chain's head, or the advice) can be selected and copied.
func (u *UI) showVerified(title, text, detail string) {
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	more := widget.NewLabel(detail)
	more.Wrapping = fyne.TextWrapWord
	more.Selectable = true
	d := dialog.NewCustom(title, "Close", container.NewVBox(msg, more), u.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}
