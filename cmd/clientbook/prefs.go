package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// oldAppID is the app ID Clientbook had before 0.1.0; its preferences (recent
// books, column widths, the backup folder…) are carried over once.
const oldAppID = "io.clientbook.desktop"

// fyneConfigDir is the folder Fyne keeps each app's preferences in, as Fyne
// computes it (fyne.io/fyne/v2/internal/app.RootConfigDir).
func fyneConfigDir() string {
	switch runtime.GOOS {
	case "windows":
		home, _ := os.UserHomeDir()
		return filepath.Join(home, "AppData", "Roaming", "fyne")
	case "darwin":
		home, _ := os.UserHomeDir()
		return filepath.Join(home, "Library", "Preferences", "fyne")
	}
	d, _ := os.UserConfigDir()
	return filepath.Join(d, "fyne")
}

// carryOverPreferences copies the preferences of the app ID from to the app ID
// to, when to has none yet: built in a temporary folder and renamed into
// place, so a half-done copy never passes for preferences. The old folder is
// left as it was for an older Clientbook.
func carryOverPreferences(root, from, to string) error {
	dst := filepath.Join(root, to)
	if _, err := os.Lstat(dst); err == nil {
		return nil
	}
	src := filepath.Join(root, from)
	if st, err := os.Stat(src); err != nil || !st.IsDir() {
		return nil
	}
	tmp, err := os.MkdirTemp(root, to+".carry-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(tmp, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o700)
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(target, b, 0o600)
		}
		return nil // links and the like are not preferences
	})
	if err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}
