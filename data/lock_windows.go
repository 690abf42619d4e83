//go:build windows

package data

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"

	"clientbook/domain"
)

// fileLock is an exclusive lock on a sidecar file, held while a book is open
// so a second window or program cannot open it too.
type fileLock struct{ f *os.File }

func acquireLock(path string) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "Cannot create the lock file %s: %v.", path, err)
	}
	ol := new(windows.Overlapped)
	err = windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if err != nil {
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			return nil, alreadyOpen(path)
		}
		return nil, domain.Internal("lock the book", err)
	}
	return &fileLock{f}, nil
}

func (l *fileLock) release() {
	windows.UnlockFileEx(windows.Handle(l.f.Fd()), 0, 1, 0, new(windows.Overlapped))
	l.f.Close()
}
