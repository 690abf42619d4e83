package gui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"clientbook/data"
)

// A settings section another tab contributes (the Outbox's mail server)
// and the window's (Backups) are on the Settings tab.
func TestContributedSettingsSections(t *testing.T) {
	u, _, _ := newTestUI(t)
	settings := func() []string {
		for _, tab := range u.tabDefs {
			if tab.AddSection != nil {
				return texts(tab.Content)
			}
		}
		t.Fatal("no tab takes settings sections")
		return nil
	}
	has := func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	if got := settings(); !has(got, "Mail server") || has(got, "Backups") {
		t.Errorf("before backups are on, Settings has Mail server %v, Backups %v", has(got, "Mail server"), has(got, "Backups"))
	}
	u.SetBackups(data.BackupService{})
	if got := settings(); !has(got, "Mail server") || !has(got, "Backups") {
		t.Errorf("with backups on, Settings has Mail server %v, Backups %v", has(got, "Mail server"), has(got, "Backups"))
	}
}

// texts are the label and text strings shown under o, scrolled out of view
// or not.
func texts(o fyne.CanvasObject) []string {
	var out []string
	switch x := o.(type) {
	case *widget.Label:
		return []string{x.Text}
	case *canvas.Text:
		return []string{x.Text}
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, texts(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = append(out, texts(c)...)
		}
	}
	return out
}
