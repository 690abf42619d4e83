package data

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultPath is where the book lives unless the user picks another:
// clientbook.db in the user's data directory — $XDG_DATA_HOME/clientbook
// (~/.local/share/clientbook) on Linux and BSD, %LocalAppData%\Clientbook on
// Windows, ~/Library/Application Support/Clientbook on macOS.
//
// On Windows a book left in %AppData%\Clientbook by an earlier Clientbook is
// moved to %LocalAppData%\Clientbook first (see moveRoaming).
func DefaultPath() (string, error) {
	var dir string
	switch runtime.GOOS {
	case "windows":
		local, err := os.UserCacheDir() // %LocalAppData%
		if err != nil {
			return "", err
		}
		roaming, err := os.UserConfigDir() // %AppData%
		if err != nil {
			return "", err
		}
		dir = moveRoaming(filepath.Join(local, "Clientbook"), filepath.Join(roaming, "Clientbook"))
	case "darwin":
		d, err := os.UserConfigDir() // ~/Library/Application Support
		if err != nil {
			return "", err
		}
		dir = filepath.Join(d, "Clientbook")
	default:
		if d := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
			dir = filepath.Join(d, "clientbook")
		} else {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", err
			}
			dir = filepath.Join(home, ".local", "share", "clientbook")
		}
	}
	return filepath.Join(dir, "clientbook.db"), nil
}

// moveRoaming returns the folder the default book lives in: local, after
// moving the folder roaming there when roaming holds a book and local does not
// exist yet. The roaming profile (%AppData%) may be redirected to a network
// share or copied around at logon, no place for a live database; Clientbook
// before 0.1.0 kept its book there.
//
// The folder — the book with its -wal and -shm, its backups and the backup
// key — moves in one rename, so it moves whole or not at all. When the rename
// fails (the book is open in a running Clientbook, or the profile is on
// another volume) the book stays where it is and is used there.
func moveRoaming(local, roaming string) string {
	if _, err := os.Lstat(local); err == nil {
		return local
	}
	if st, err := os.Stat(filepath.Join(roaming, "clientbook.db")); err != nil || !st.Mode().IsRegular() {
		return local
	}
	if err := os.MkdirAll(filepath.Dir(local), 0o700); err != nil {
		return roaming
	}
	if err := os.Rename(roaming, local); err != nil {
		return roaming
	}
	return local
}
