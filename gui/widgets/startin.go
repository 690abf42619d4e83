package widgets

import (
	"os"
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// lastFolder is the folder a file was last opened from or saved to in this
// session; file dialogs start there.
var lastFolder struct {
	sync.Mutex
	path string
}

// StartFolder is where a file dialog starts: the folder last used in this
// session, else the user's Documents folder, else their home folder; "" when
// none exists.
func StartFolder() string {
	lastFolder.Lock()
	last := lastFolder.path
	lastFolder.Unlock()
	candidates := []string{last}
	if home, err := os.UserHomeDir(); err == nil {
		candidates = append(candidates, filepath.Join(home, "Documents"), home)
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if fi, err := os.Stat(c); err == nil && fi.IsDir() {
			return c
		}
	}
	return ""
}

// UsedFolder remembers the folder of a file just opened or saved (or the
// folder itself) as where the next dialog starts.
func UsedFolder(path string) {
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		path = filepath.Dir(path)
	}
	lastFolder.Lock()
	lastFolder.path = path
	lastFolder.Unlock()
}

// startIn makes d start in dir, when there is one.
func startIn(d *dialog.FileDialog, dir string) {
	if dir == "" {
		return
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		d.SetLocation(l)
	}
}
