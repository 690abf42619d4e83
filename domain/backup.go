package domain

import (
	"context"
	"fmt"
	"time"
)

// Retention is how many backups of a book are kept: the newest of each of
// the latest Daily days, Weekly ISO weeks and Monthly months that have one.
// A backup kept for any reason stays; the newest is always kept.
type Retention struct {
	Daily, Weekly, Monthly int
}

// DefaultRetention keeps a week of days, a month of weeks and a year of months.
var DefaultRetention = Retention{Daily: 7, Weekly: 4, Monthly: 12}

// BackupKind tells a regular backup, which rotation may delete, from the
// copies taken before a restore, which stay until the person deletes them.
type BackupKind string

// Backup kinds, as they appear in the file name.
const (
	BackupRegular       BackupKind = ""
	BackupBeforeRestore BackupKind = "before-restore"
	// BackupDamaged is a raw copy of a damaged book taken before a backup
	// was restored over it: it is kept as found, not verified.
	BackupDamaged BackupKind = "damaged"
)

// BackupKey encrypts backups without the person present: an age X25519
// identity sealed with the passphrase (age's scrypt recipient), and its
// public recipient, which is all a backup needs. Restoring opens the
// sealed identity with the passphrase.
type BackupKey struct {
	Recipient string // "age1…"
	Sealed    []byte // the identity, encrypted with the passphrase (armored age file)
}

// BackupOptions say how a backup is taken.
type BackupOptions struct {
	// Keep is the rotation applied to this book's regular backups in the
	// folder afterwards; the zero value means DefaultRetention.
	Keep Retention
	// Key encrypts the backup; nil writes it unencrypted.
	Key *BackupKey
	// Kind is BackupRegular unless the backup is the safety copy of a restore.
	Kind BackupKind
}

// BackupCounts are a few row counts of a backup, for choosing one to restore.
type BackupCounts struct {
	Clients, Documents, Payments int64
}

// BackupInfo describes one backup file.
type BackupInfo struct {
	Path      string
	Book      string    // the book's name, from the file name ("clientbook")
	At        time.Time // when it was taken, UTC
	Size      int64
	Encrypted bool
	Kind      BackupKind
	// Counts are read from the backup itself, or for an encrypted one from
	// the small manifest written beside it; nil when neither can be read.
	Counts *BackupCounts
	// Problem says why the backup could not be read; "" when it could.
	Problem string
}

// BackupService takes, lists and restores verified backups of books. Backups
// are per machine: where they go and how long they are kept are the
// caller's settings, not the book's.
type BackupService interface {
	// DefaultDir is where backups go unless the person chooses another
	// folder: a "backups" folder beside the default book.
	DefaultDir() (string, error)
	// Backup copies the open book into dir, verifies the copy, names it
	// and applies the rotation. A damaged book is refused.
	Backup(ctx context.Context, book Book, dir string, opt BackupOptions) (BackupInfo, error)
	// List returns the backups in dir, newest first.
	List(ctx context.Context, dir string) ([]BackupInfo, error)
	// SetUpKey returns the key encrypting backups in dir: the one already
	// there if the passphrase opens it, else a new one sealed with it. A
	// passphrase that does not open the folder's key is refused at
	// "passphrase".
	SetUpKey(dir, passphrase string) (BackupKey, error)
	// RestoreNew restores a backup into a new book file at to, never over
	// an existing book. Encrypted backups need the passphrase.
	RestoreNew(ctx context.Context, file, to, passphrase string) (BackupInfo, error)
	// RestoreOver replaces the open book by a backup, after backing the book
	// up into dir (the returned backup). The caller then closes the book and
	// opens it again.
	RestoreOver(ctx context.Context, book Book, file, passphrase, dir string, opt BackupOptions) (BackupInfo, error)
}

// FormatSize writes a file size for a person: "830 KB", "12.4 MB", "1.2 GB".
func FormatSize(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%d KB", (n+500)/1000)
	case n < 1000*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	default:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	}
}
