package widgets

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"clientbook/domain"
)

// WriteFile writes a file the user chose through write, beside path first
// and renamed over it only once complete, so a failure never leaves a half
// file under the chosen name. The file is readable by others, as a saved
// document is expected to be. A failure is reported as failing to do what
// (e.g. "write the PDF") unless write's error is already one to show.
func WriteFile(path, what string, write func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".clientbook-*"+filepath.Ext(path))
	if err != nil {
		return domain.Internal(what, err)
	}
	err = write(tmp)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		var de *domain.Error
		if errors.As(err, &de) {
			return err
		}
		return domain.Internal(what, err)
	}
	return nil
}
