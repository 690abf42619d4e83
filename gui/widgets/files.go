package widgets

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
	"github.com/ncruces/zenity"

	"clientbook/domain"
)

// fileNameReplacer turns what a file name cannot hold into dashes.
var fileNameReplacer = strings.NewReplacer("/", "-", `\`, "-", ":", "-")

// SafeFileName is name with the characters a file name cannot hold on
// some systems (/, \ and :) turned into dashes.
func SafeFileName(name string) string { return fileNameReplacer.Replace(name) }

// native says whether file dialogs are the system's own (Windows' and
// macOS's, or zenity's on Linux) rather than Fyne's. Off until the app asks
// for it, so tests never open a window outside the test canvas.
var native atomic.Bool

// UseNativeDialogs makes the file dialogs the system's own where this
// computer has them; without them (Linux without zenity) Fyne's are used.
func UseNativeDialogs(on bool) { native.Store(on && zenity.IsAvailable()) }

// fileAsk is one question for a file dialog.
type fileAsk struct {
	title   string   // "" for the dialog's own
	confirm string   // the button's label, "" for the dialog's own
	name    string   // save: the file name offered
	start   string   // the folder it starts in; "" for StartFolder
	exts    []string // the files shown (".pdf"); none for every file
	save    bool
	folder  bool
}

// ChooseSave asks where to save a file, offering name (made safe for a
// file name) among the files ending in ext (".pdf"), and calls save with
// the path chosen, after asking before replacing a file that is there.
// Nothing happens when the person cancels; a place that is not a file on
// this computer, or a dialog failure, is shown and save is not called. The
// path may not exist yet: save writes it (see WriteFile).
//
// A full path typed as the file name ("/home/ann/x.pdf", "~/x.pdf",
// `C:\x.pdf`) saves there, in Fyne's dialog as in the system's.
func ChooseSave(win fyne.Window, name, ext string, save func(path string)) {
	ask(win, fileAsk{name: SafeFileName(name), exts: []string{ext}, save: true}, save)
}

// ChooseOpen asks for a file to open among those ending in exts and calls
// open with its path; title "" is the dialog's own ("Open File").
func ChooseOpen(win fyne.Window, title string, exts []string, open func(path string)) {
	ask(win, fileAsk{title: title, exts: exts}, open)
}

// ChooseFolder asks for a folder, in a dialog titled title whose button
// says confirm ("Back up here" — a folder that is written to is never
// chosen with "Open"), starting in start ("" for StartFolder), and calls
// chosen with its path.
func ChooseFolder(win fyne.Window, title, confirm, start string, chosen func(dir string)) {
	ask(win, fileAsk{title: title, confirm: confirm, start: start, folder: true}, chosen)
}

// startFolder is where a's dialog starts.
func (a fileAsk) startFolder() string {
	if fi, err := os.Stat(a.start); a.start != "" && err == nil && fi.IsDir() {
		return a.start
	}
	return StartFolder()
}

// ask shows a in the system's dialog when there is one, else in Fyne's,
// and calls chosen with the path picked, on the UI goroutine. The system's
// dialog keeps its own button labels (zenity offers no label for them on
// every system); its title says what the folder is for.
func ask(win fyne.Window, a fileAsk, chosen func(string)) {
	done := func(path string) {
		UsedFolder(path)
		chosen(path)
	}
	if !native.Load() {
		askFyne(win, a, done)
		return
	}
	opts := a.zenityOptions(win)
	go func() {
		var path string
		var err error
		if a.save {
			path, err = zenity.SelectFileSave(opts...)
		} else {
			path, err = zenity.SelectFile(opts...)
		}
		fyne.Do(func() {
			switch {
			case errors.Is(err, zenity.ErrCanceled):
			case err != nil:
				// The system's dialog failed to show (zenity gone, no
				// desktop session): Fyne's from now on.
				fyne.LogError("native file dialog", err)
				native.Store(false)
				askFyne(win, a, done)
			default:
				done(path)
			}
		})
	}()
}

// zenityOptions are a's options for the system's dialog, attached to win.
func (a fileAsk) zenityOptions(win fyne.Window) []zenity.Option {
	opts := []zenity.Option{zenity.Modal()}
	if a.title != "" {
		opts = append(opts, zenity.Title(a.title))
	}
	start := a.startFolder()
	if start != "" {
		start += string(filepath.Separator)
	}
	switch {
	case a.folder:
		opts = append(opts, zenity.Directory())
	case a.save:
		opts = append(opts, zenity.ConfirmOverwrite())
		start += a.name
	}
	if start != "" {
		opts = append(opts, zenity.Filename(start))
	}
	if !a.folder && len(a.exts) > 0 {
		var patterns []string
		for _, e := range a.exts {
			patterns = append(patterns, "*"+e)
		}
		opts = append(opts, zenity.FileFilter{Patterns: patterns, CaseFold: true})
	}
	if nw, ok := win.(driver.NativeWindow); ok {
		nw.RunNative(func(ctx any) {
			switch c := ctx.(type) {
			case driver.WindowsWindowContext:
				opts = append(opts, zenity.Attach(c.HWND))
			case driver.X11WindowContext:
				opts = append(opts, zenity.Attach(c.WindowHandle))
			}
		})
	}
	return opts
}

// askFyne shows a in Fyne's dialog.
func askFyne(win fyne.Window, a fileAsk, done func(string)) {
	var d *dialog.FileDialog
	var name *widget.Entry // a save dialog's file name field, once shown
	switch {
	case a.folder:
		d = dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			chooseURI(win, u, err, done)
		}, win)
	case a.save:
		d = dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if w != nil {
				w.Close()
				// Fyne's dialog makes the file it was given; the caller
				// writes it, as after the system's dialog, which makes none.
				if fi, err := os.Stat(w.URI().Path()); err == nil && fi.Size() == 0 {
					os.Remove(w.URI().Path())
				}
			}
			if name != nil {
				if path, ok := typedPath(name.Text); ok {
					// Fyne's own answer put it under the folder shown.
					saveTyped(win, path, done)
					return
				}
			}
			if w == nil {
				chooseURI(win, nil, err, done)
				return
			}
			chooseURI(win, w.URI(), nil, done)
		}, win)
		d.SetFileName(a.name)
	default:
		d = dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if r == nil {
				chooseURI(win, nil, err, done)
				return
			}
			r.Close()
			chooseURI(win, r.URI(), nil, done)
		}, win)
	}
	if len(a.exts) > 0 && !a.folder {
		d.SetFilter(storage.NewExtensionFileFilter(a.exts))
	}
	if a.title != "" {
		d.SetTitleText(a.title)
	}
	if a.confirm != "" {
		d.SetConfirmText(a.confirm)
	}
	startIn(d, a.startFolder())
	d.Show()
	if a.save {
		name, _ = win.Canvas().Focused().(*widget.Entry) // Show focuses it
	}
}

// chooseURI hands the file u (nil when cancelled) to done when it is on
// this computer, or shows what went wrong.
func chooseURI(win fyne.Window, u fyne.URI, err error, done func(string)) {
	switch {
	case err != nil:
		dialog.ShowError(err, win)
	case u == nil:
	case u.Scheme() != "file":
		dialog.ShowError(errors.New(domain.ErrorMessage(
			domain.Errorf(domain.EINVALID, "Files can only be on this computer."))), win)
	default:
		done(u.Path())
	}
}

// saveTyped hands path, a full path typed as the file name in Fyne's save
// dialog, to done once it names a file in a folder that is there, asking
// before replacing a file (Fyne's own would put it under the folder shown).
func saveTyped(win fyne.Window, path string, done func(string)) {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		dialog.ShowInformation("Not saved", path+" is a folder: type a file name after it.", win)
	case err == nil:
		Confirm("Replace", "Replace "+filepath.Base(path)+"?",
			path+" is already there. Replace it?", func(ok bool) {
				if ok {
					done(path)
				}
			}, win)
	default:
		if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
			dialog.ShowInformation("Not saved", filepath.Dir(path)+" is not a folder on this computer.", win)
			return
		}
		done(path)
	}
}

// typedPath is the full path s names when it is one ("/x/y.pdf",
// "~/y.pdf", `C:\y.pdf`), cleaned and with ~ as the home folder; ok is
// false for a plain file name, which the dialog's folder takes.
func typedPath(s string) (path string, ok bool) {
	s = strings.TrimSpace(s)
	if rest, found := strings.CutPrefix(s, "~"); found && (rest == "" || rest[0] == '/' || rest[0] == filepath.Separator) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", false
		}
		s = home + rest
	}
	if !filepath.IsAbs(s) {
		return "", false
	}
	return filepath.Clean(s), true
}

// ReadChosen reads the file at path, at most limit+1 bytes: one over the
// limit is enough to know the file is too large.
func ReadChosen(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}
