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
// that are not SQLite, belong to another application, come from a newer
// Clientbook or are shorter than their header says. It reports whether the
// file exists with content.
func inspect(path string) (bool, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return false, nil
	}
	if err != nil {
		return false, domain.Errorf(domain.EINVALID, "Cannot read %s: %v.", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return false, domain.Errorf(domain.EINVALID, "Cannot read %s: %v.", path, err)
	}
	if st.IsDir() {
		return false, domain.Errorf(domain.EINVALID, "%s is a folder, not a Clientbook book.", path)
	}
	if st.Size() == 0 {
		return false, nil
	}
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
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	// The in-header page count is valid when the change counter matches the
	// version-valid-for number; a file shorter than it was cut off.
	if bytes.Equal(h[24:28], h[92:96]) && pages > 0 && st.Size() < pages*pageSize {
		return false, damagedBook(path, "the file is shorter than its header says; it was probably cut off")
	}
	return true, nil
}
