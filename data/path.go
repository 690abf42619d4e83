package data

import (
	"os"
	"path/filepath"
	"runtime"
)

// DefaultPath is where the book lives unless the user picks another:
// clientbook.db in the user's data directory — $XDG_DATA_HOME/clientbook
// (~/.local/share/clientbook) on Linux and BSD, %AppData%\Clientbook on
// Windows, ~/Library/Application Support/Clientbook on macOS.
func DefaultPath() (string, error) {
	var dir string
	switch runtime.GOOS {
	case "windows", "darwin":
		d, err := os.UserConfigDir() // %AppData%; ~/Library/Application Support
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
