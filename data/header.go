package data

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"

	"clientbook/domain"
)

// inspect reads an existing book's 100-byte SQLite header before SQLite
// touches the file — even setting WAL mode writes to it — and refuses files
// that are not SQLite, belong to another application or come from a newer
// Clientbook. It reports whether the file exists with content.
//
// It does not judge a book by its size. A crash, a power loss or a full disk
// during a WAL checkpoint can leave page 1 (with the grown page count) written
// before the file has grown, while the -wal beside it still holds every
// committed page; SQLite recovers that from the WAL when it opens the book.
// Damage is for SQLite to find: check refuses what SQLite cannot open.
func inspect(path string) (bool, error) {
	st, err := os.Stat(path)
	if os.IsNotExist(err) {
		return false, nil
	}
	if err != nil {
		return false, domain.Errorf(domain.EINVALID, "Cannot read %s: %v.", path, err)
	}
	if st.IsDir() {
		return false, domain.Errorf(domain.EINVALID, "%s is a folder, not a Clientbook book.", path)
	}
	if !st.Mode().IsRegular() {
		// A pipe or a device would hang or stream forever; never open one.
		return false, domain.Errorf(domain.EINVALID, "%s is not a regular file (it is a pipe, a device or a socket), so it cannot be a Clientbook book.", path)
	}
	if st.Size() == 0 {
		return false, nil // an empty file is not a book yet
	}
	f, err := os.Open(path)
	if err != nil {
		return false, domain.Errorf(domain.EINVALID, "Cannot read %s: %v.", path, err)
	}
	defer f.Close()
	var h [100]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		return false, notABook(path, errNotSQLite)
	}
	if !bytes.Equal(h[:16], []byte("SQLite format 3\x00")) {
		return false, notABook(path, errNotSQLite)
	}
	version := binary.BigEndian.Uint32(h[60:64])
	appID := binary.BigEndian.Uint32(h[68:72])
	schemaCookie := binary.BigEndian.Uint32(h[40:44])
	if (appID != 0 && appID != ApplicationID) || (appID == 0 && schemaCookie != 0) {
		// Another application's id, or no id but tables already made.
		return false, foreignBook(path)
	}
	if int(version) > len(migrations) && appID == ApplicationID {
		return false, newerBook(path)
	}
	return true, nil
}
