// Package guitest holds what the GUI packages' headless tests share. Only
// tests import it.
package guitest

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Answer taps the button labelled text in the dialog on top of w, failing
// the test when no dialog shows or it has no such button.
func Answer(t testing.TB, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no question is showing; wanted one with %q", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("the question has no %q button", text)
}
