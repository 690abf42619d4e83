//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

import (
	"errors"
	"os"
)

// noEcho cannot hide typing here: the passphrase is read as a line, so set
// CLIENTBOOK_PASSPHRASE rather than type it where it would show.
func noEcho(*os.File) (func(), error) {
	return nil, errors.New("cannot turn off echo on this system")
}
