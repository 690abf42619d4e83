package widgets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// fileDialogWindow is a test window that file dialogs start from home,
// a temporary home folder with a Documents folder.
func fileDialogWindow(t *testing.T) (fyne.Window, string) {
	t.Helper()
	test.NewTempApp(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	docs := filepath.Join(home, "Documents")
	if err := os.Mkdir(docs, 0o700); err != nil {
		t.Fatal(err)
	}
	UsedFolder("")
	t.Cleanup(func() { UsedFolder("") })
	w := test.NewWindow(container.NewStack())
	w.Resize(fyne.NewSize(1000, 760))
	t.Cleanup(w.Close)
	return w, docs
}

// saveParts are the name field and Save button of the save dialog on top.
func saveParts(t *testing.T, w fyne.Window) (*widget.Entry, *widget.Button) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	name, ok := find(top, func(*widget.Entry) bool { return true })
	if !ok {
		t.Fatal("the save dialog has no name field")
	}
	save, ok := find(top, func(b *widget.Button) bool { return b.Importance == widget.HighImportance })
	if !ok {
		t.Fatal("the save dialog has no Save button")
	}
	return name, save
}

// Fyne's save dialog saves in the folder it shows under the name typed,
// and a full path typed as the name saves there; a folder that is not
// there, or a folder named as the file, is said and nothing is saved; a
// file that is there is replaced only when the person says so. The dialog
// leaves no empty file behind: the caller writes the file.
func TestSaveDialogTakesATypedFullPath(t *testing.T) {
	w, docs := fileDialogWindow(t)
	var saved []string
	save := func(p string) { saved = append(saved, p) }

	ChooseSave(w, "INV/2026:1.pdf", ".pdf", save)
	name, button := saveParts(t, w)
	if name.Text != "INV-2026-1.pdf" {
		t.Errorf("offered name %q, want the safe INV-2026-1.pdf", name.Text)
	}
	test.Tap(button)
	want := filepath.Join(docs, "INV-2026-1.pdf")
	if len(saved) != 1 || saved[0] != want {
		t.Fatalf("saved %q, want %q", saved, want)
	}
	if _, err := os.Stat(want); !os.IsNotExist(err) {
		t.Errorf("the dialog left a file at %s (%v)", want, err)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Error("the dialog stays open after saving")
	}

	again := func() (*widget.Entry, *widget.Button) {
		ChooseSave(w, "INV-1.pdf", ".pdf", save)
		return saveParts(t, w)
	}
	elsewhere := t.TempDir()
	typed := filepath.Join(elsewhere, "statement.pdf")
	name, button = again()
	name.SetText("  " + typed + " ")
	test.Tap(button)
	if len(saved) != 2 || saved[1] != typed {
		t.Fatalf("a typed full path saved %q, want %q", saved, typed)
	}
	if entries, _ := os.ReadDir(docs); len(entries) != 0 {
		t.Errorf("the typed path also left %v in Documents", entries)
	}

	// Under a folder that is not there: said, nothing saved.
	name, button = again()
	name.SetText(filepath.Join(elsewhere, "no such folder", "x.pdf"))
	test.Tap(button)
	if len(saved) != 2 {
		t.Fatalf("saved under a missing folder: %q", saved)
	}
	if msg := overlayText(w); !strings.Contains(msg, "is not a folder on this computer") {
		t.Errorf("the missing folder is not said: %q", msg)
	}
	closeTop(w)
	// A folder typed as the file.
	name, button = again()
	name.SetText(elsewhere)
	test.Tap(button)
	if len(saved) != 2 {
		t.Fatalf("saved over a folder: %q", saved)
	}
	if msg := overlayText(w); !strings.Contains(msg, "is a folder") {
		t.Errorf("the folder typed as a file is not said: %q", msg)
	}
	closeTop(w)

	// A file that is there: asked; Cancel saves nothing, Replace saves.
	if err := os.WriteFile(typed, []byte("%PDF old"), 0o600); err != nil {
		t.Fatal(err)
	}
	name, button = again()
	name.SetText(typed)
	test.Tap(button)
	cancel, ok := find(w.Canvas().Overlays().Top(), func(b *widget.Button) bool { return b.Text == "Cancel" })
	if !ok {
		t.Fatalf("no question before replacing: %q", overlayText(w))
	}
	test.Tap(cancel)
	if len(saved) != 2 {
		t.Fatalf("saved after Cancel: %q", saved)
	}
	name, button = again()
	name.SetText(typed)
	test.Tap(button)
	replace, ok := find(w.Canvas().Overlays().Top(), func(b *widget.Button) bool { return b.Text == "Replace" })
	if !ok {
		t.Fatalf("the question has no Replace button: %q", overlayText(w))
	}
	test.Tap(replace)
	if len(saved) != 3 || saved[2] != typed {
		t.Fatalf("Replace saved %q, want %q last", saved, typed)
	}
	if b, _ := os.ReadFile(typed); string(b) != "%PDF old" {
		t.Errorf("the file was changed before the caller wrote it: %q", b)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Error("the dialogs stay open after Replace")
	}
	if got := StartFolder(); got != elsewhere {
		t.Errorf("the next dialog starts in %q, want the folder last used %q", got, elsewhere)
	}
}

// A folder dialog says what the folder is for, and its button too.
func TestFolderDialogNamesWhatItDoes(t *testing.T) {
	w, docs := fileDialogWindow(t)
	var chosen string
	ChooseFolder(w, "Save the messages in a folder", "Save here", "", func(dir string) { chosen = dir })
	top := w.Canvas().Overlays().Top()
	if _, ok := find(top, func(l *widget.Label) bool { return l.Text == "Save the messages in a folder" }); !ok {
		t.Errorf("the folder dialog is not titled for what it does: %q", overlayText(w))
	}
	here, ok := find(top, func(b *widget.Button) bool { return b.Text == "Save here" })
	if !ok {
		t.Fatalf("no Save here button: %q", overlayText(w))
	}
	if _, ok := find(top, func(b *widget.Button) bool { return b.Text == "Open" }); ok {
		t.Error("a folder that is saved to is chosen with Open")
	}
	test.Tap(here)
	if chosen != docs {
		t.Errorf("chose %q, want the folder shown %q", chosen, docs)
	}
}

func TestTypedPath(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for in, want := range map[string]string{
		"/tmp/a/../b.pdf": "/tmp/b.pdf",
		"~/x.pdf":         filepath.Join(home, "x.pdf"),
		"~":               home,
		" /x.csv ":        "/x.csv",
		"x.pdf":           "",
		"sub/x.pdf":       "",
		"~bob/x.pdf":      "",
		"":                "",
	} {
		got, ok := typedPath(in)
		if ok != (want != "") || got != want {
			t.Errorf("typedPath(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// With the system's dialogs asked for, zenity's answers the questions
// (here a stand-in zenity on the PATH that says what it was asked): the
// save dialog is asked to confirm replacing, starts in Documents with the
// name offered and shows the extension's files; Cancel does nothing; a
// zenity that fails hands over to Fyne's dialog for the rest of the session.
func TestNativeDialogsThroughZenity(t *testing.T) {
	w, docs := fileDialogWindow(t)
	bin := t.TempDir()
	asked := filepath.Join(bin, "asked")
	answer := filepath.Join(bin, "answer")
	script := "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + asked + "\n. " + answer + "\n"
	if err := os.WriteFile(filepath.Join(bin, "zenity"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	UseNativeDialogs(true)
	t.Cleanup(func() { native.Store(false) })
	if !native.Load() {
		t.Skip("zenity was looked for before this test put one on the PATH")
	}
	answerWith := func(sh string) {
		if err := os.WriteFile(answer, []byte(sh), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wait := func(got chan string) string {
		select {
		case p := <-got:
			return p
		case <-time.After(5 * time.Second):
			return "(no answer)"
		}
	}

	target := filepath.Join(docs, "INV-7.pdf")
	answerWith("echo " + target + "\n")
	got := make(chan string, 1)
	ChooseSave(w, "INV-7.pdf", ".pdf", func(p string) { got <- p })
	if p := wait(got); p != target {
		t.Fatalf("saved at %q, want %q", p, target)
	}
	args, _ := os.ReadFile(asked)
	for _, want := range []string{"--file-selection\n", "--save\n", "--confirm-overwrite\n", "--filename\n" + target + "\n", "--file-filter=*.[pP][dD][fF]\n"} {
		if !strings.Contains(string(args), want) {
			t.Errorf("zenity was not asked %q:\n%s", want, args)
		}
	}

	answerWith("exit 1\n") // Cancel
	ChooseOpen(w, "Open a book", []string{".db"}, func(p string) { got <- p })
	if p := wait(got); p != "(no answer)" {
		t.Errorf("Cancel opened %q", p)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Error("Cancel in the system's dialog showed Fyne's")
	}

	answerWith("exit 255\n") // the system's dialog cannot be shown
	ChooseOpen(w, "Open a book", []string{".db"}, func(p string) { got <- p })
	deadline := time.Now().Add(5 * time.Second)
	for w.Canvas().Overlays().Top() == nil && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if w.Canvas().Overlays().Top() == nil {
		t.Fatal("a failing zenity left no dialog to choose with")
	}
	if native.Load() {
		t.Error("after zenity failed, the next dialog would try it again")
	}
}

// overlayText is every label's text on the top overlay.
func overlayText(w fyne.Window) string {
	var b strings.Builder
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	find(top, func(l *widget.Label) bool { b.WriteString(l.Text + " | "); return false })
	find(top, func(l *widget.RichText) bool { b.WriteString(l.String() + " | "); return false })
	return b.String()
}

// closeTop hides the top overlay (an information dialog).
func closeTop(w fyne.Window) {
	if ok, found := find(w.Canvas().Overlays().Top(), func(b *widget.Button) bool { return b.Text == "OK" }); found {
		test.Tap(ok)
	}
}
