package widgets

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"clientbook/domain"
)

// fileNameReplacer turns what a file name cannot hold into dashes.
var fileNameReplacer = strings.NewReplacer("/", "-", `\`, "-", ":", "-")

// SafeFileName is name with the characters a file name cannot hold on
// some systems (/, \ and :) turned into dashes.
func SafeFileName(name string) string { return fileNameReplacer.Replace(name) }

// ChooseSave asks where to save a file, offering name (made safe for a
// file name) among the files ending in ext (".pdf"), and calls save with
// the path chosen. Nothing happens when the person cancels; a place that
// is not a file on this computer, or a dialog failure, is shown and save
// is not called. The dialog leaves an empty file at the path: save
// replaces it (see WriteFile) or removes it when it fails.
func ChooseSave(win fyne.Window, name, ext string, save func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(err, win)
			return
		}
		if w == nil {
			return
		}
		uri := w.URI()
		w.Close()
		if uri.Scheme() != "file" {
			dialog.ShowError(errors.New(domain.ErrorMessage(
				domain.Errorf(domain.EINVALID, "Files can only be saved on this computer."))), win)
			return
		}
		UsedFolder(uri.Path())
		save(uri.Path())
	}, win)
	StartIn(d)
	d.SetFileName(SafeFileName(name))
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	d.Show()
}
