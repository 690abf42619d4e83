package data

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"clientbook/domain"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// isBusy reports whether err is SQLite's "database is locked" or "busy".
func isBusy(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		code := se.Code() & 0xff
		return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
	}
	return strings.Contains(err.Error(), "database is locked")
}

// isUnique reports whether err is a UNIQUE constraint failure.
func isUnique(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// isLocked reports whether err is one of the triggers that guard issued
// documents refusing a change.
func isLocked(err error) bool {
	return err != nil && strings.Contains(err.Error(), "clientbook: an issued document cannot be")
}

// storageError turns a failure of the disk or of the book file into a message
// a person can act on — the disk is full, the book is read-only, the book is
// damaged — and nil when err is none of those. Damage also marks the book so
// that nothing more is written to it.
func (b *Book) storageError(err error) error {
	var se *sqlite.Error
	if err == nil || !errors.As(err, &se) {
		return nil
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_FULL:
		return diskFull(b.path, err)
	case sqlite3.SQLITE_READONLY:
		return &domain.Error{Code: domain.EINVALID, Err: err, Message: fmt.Sprintf(
			"The book %s is read-only: its file or its folder cannot be written to, so nothing was saved. "+
				"Open a copy in a folder you can write to, or give yourself write permission on the file and its folder.", b.path)}
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return b.markDamaged(se.Error())
	case sqlite3.SQLITE_IOERR:
		if free, ok := freeSpace(filepath.Dir(b.path)); ok && free < 1<<20 {
			return diskFull(b.path, err)
		}
	}
	return nil
}

// diskFull says that the disk holding the book is full and how much room to
// make: enough for the write-ahead log to be copied back into the book (the
// log's size), plus a margin for the change itself and the book's growth.
func diskFull(path string, err error) error {
	need := int64(1 << 20)
	if st, serr := os.Stat(path); serr == nil {
		need += st.Size() / 50
	}
	if st, serr := os.Stat(path + "-wal"); serr == nil {
		need += st.Size()
	}
	msg := fmt.Sprintf("The disk holding %s is full, so this was not saved. Free at least %s on it and try again; everything saved before is safe.",
		path, megabytes(need))
	if free, ok := freeSpace(filepath.Dir(path)); ok {
		msg = fmt.Sprintf("The disk holding %s is full (%s free), so this was not saved. Free at least %s on it and try again; everything saved before is safe.",
			path, megabytes(free), megabytes(need))
	}
	return &domain.Error{Code: domain.EINVALID, Message: msg, Err: err}
}

// megabytes formats a byte count for a person: "12 MB", rounded up.
func megabytes(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KB", (n+1023)/1024)
	}
	return fmt.Sprintf("%d MB", (n+(1<<20)-1)>>20)
}
