//go:build !windows

package data

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"

	"clientbook/domain"
)

// fileLock is an exclusive advisory lock on a sidecar file, held while a
// book is open so a second window or program cannot open it too.
type fileLock struct{ f *os.File }

func acquireLock(path string) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "Cannot create the lock file %s: %v.", path, err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, alreadyOpen(path)
		}
		return nil, domain.Internal("lock the book", err)
	}
	return &fileLock{f}, nil
}

func (l *fileLock) release() {
	unix.Flock(int(l.f.Fd()), unix.LOCK_UN)
	l.f.Close()
}
