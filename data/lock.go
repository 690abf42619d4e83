package data

import (
	"os"
	"sync"

	"clientbook/domain"
)

// A book is locked by its identity, not by the name it was opened under: the
// lock is taken on the book file itself, so a hard link, a symlink or another
// spelling of the path meets the same lock. The lock is advisory on Unix
// (flock, which does not interact with SQLite's own fcntl locks) and a
// byte-range lock far past anything SQLite locks on Windows. Nothing is left
// behind on disk, so a lock can never outlive the process that held it — nor
// lock the owner out after a run as another user.

// held lists the book files this process has locked. A second open in the
// same process is refused from this list, without opening the file again:
// closing any descriptor of a file drops every POSIX lock the process holds
// on it, SQLite's included.
var held struct {
	sync.Mutex
	files []os.FileInfo
}

// heldHere refuses a book this process already has open, before anything
// opens the file (see held).
func heldHere(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return nil
	}
	held.Lock()
	defer held.Unlock()
	for _, h := range held.files {
		if os.SameFile(h, st) {
			return alreadyOpen(path)
		}
	}
	return nil
}

// lockBook takes the exclusive lock on the book file at path.
func lockBook(path string) (*fileLock, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "Cannot read %s: %v.", path, err)
	}
	held.Lock()
	defer held.Unlock()
	for _, h := range held.files {
		if os.SameFile(h, st) {
			return nil, alreadyOpen(path)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil && os.IsPermission(err) {
		f, err = os.Open(path) // a read-only book: SQLite reports each refused write
	}
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "Cannot open %s: %v.", path, err)
	}
	if err := lockFile(f); err != nil {
		f.Close()
		if err == errLocked {
			return nil, alreadyOpen(path)
		}
		return nil, domain.Internal("lock the book", err)
	}
	// The file locked must still be the one at path: a book restored or
	// created by another program in between is locked afresh by the caller.
	fst, err1 := f.Stat()
	now, err2 := os.Stat(path)
	if err1 != nil || err2 != nil || !os.SameFile(fst, now) {
		unlockFile(f)
		f.Close()
		return nil, domain.Errorf(domain.ECONFLICT, "%s was replaced while it was being opened; try again.", path)
	}
	held.files = append(held.files, fst)
	return &fileLock{f: f, st: fst}, nil
}

// fileLock is the lock on one open book.
type fileLock struct {
	f  *os.File
	st os.FileInfo
}

func (l *fileLock) release() {
	held.Lock()
	defer held.Unlock()
	for i, h := range held.files {
		if h == l.st {
			held.files = append(held.files[:i], held.files[i+1:]...)
			break
		}
	}
	unlockFile(l.f)
	l.f.Close()
}

func alreadyOpen(path string) error {
	return domain.Errorf(domain.ECONFLICT, "%s is already open in another Clientbook window or program. Close it there first.", path)
}
