package data

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
	sqlite "modernc.org/sqlite"

	"clientbook/domain"
)

// RestoreBackup restores the backup file into a new book at to. It never
// replaces a book: to must not exist, or be an empty file (as a save dialog
// leaves). The backup is decrypted (with the passphrase, when encrypted) into
// an owner-only temporary file beside to, checked in full, and only then
// given the book's name. It returns the backup's description with the counts
// of what was restored.
func RestoreBackup(ctx context.Context, file, to, passphrase string) (BackupInfo, error) {
	if strings.TrimSpace(to) == "" {
		return BackupInfo{}, atField("to", "Name the new book file to restore into.")
	}
	target, err := filepath.Abs(to)
	if err != nil {
		return BackupInfo{}, atField("to", fmt.Sprintf("Cannot use %s: %v.", to, err))
	}
	replaceEmpty, err := checkNewBook(target)
	if err != nil {
		return BackupInfo{}, err
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return BackupInfo{}, cannotWrite("to", dir, err)
	}
	name := backupBookName(target)
	cleanStale(dir, name)
	tmp, info, err := prepareRestore(ctx, file, passphrase, dir, name, "to")
	if ctx.Err() != nil {
		return BackupInfo{}, errRestoreCancelled
	}
	if err != nil {
		return BackupInfo{}, err
	}
	defer os.Remove(tmp)
	if replaceEmpty {
		// Still empty, as the person chose it? Then the rename replaces nothing.
		if st, err := os.Stat(target); err != nil || st.Size() != 0 {
			return BackupInfo{}, existingBook(target)
		}
		err = os.Rename(tmp, target)
	} else if err = os.Link(tmp, target); errors.Is(err, fs.ErrExist) {
		return BackupInfo{}, existingBook(target)
	} else if err != nil {
		// A file system without hard links (FAT on a stick): rename, having
		// just seen that nothing is there.
		if _, serr := os.Lstat(target); serr == nil {
			return BackupInfo{}, existingBook(target)
		}
		err = os.Rename(tmp, target)
	}
	if err != nil {
		return BackupInfo{}, cannotWrite("to", dir, err)
	}
	syncDir(dir)
	return info, nil
}

// checkNewBook refuses a restore target that is a book or anything else
// already there; an empty regular file may be replaced. A leftover -wal or
// -shm beside the target would be read into the restored book, so it is
// refused too.
func checkNewBook(target string) (replaceEmpty bool, err error) {
	st, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return false, atField("to", fmt.Sprintf("Cannot use %s: %v.", target, pathErr(err)))
	case st.IsDir():
		return false, atField("to", fmt.Sprintf("%s is a folder; name a new book file inside it.", target))
	case !st.Mode().IsRegular() || st.Size() > 0:
		return false, existingBook(target)
	default:
		replaceEmpty = true
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Lstat(target + suffix); err == nil {
			return false, atField("to", fmt.Sprintf("%s%s is left over beside %s; move it away, or restore under another name.", filepath.Base(target), suffix, target))
		}
	}
	return replaceEmpty, nil
}

func existingBook(target string) error {
	return &domain.Error{Code: domain.ECONFLICT, Fields: map[string]string{"to": "already exists"},
		Message: fmt.Sprintf("%s already exists, and a restore never overwrites a file. Choose a new file name (or restore over the open book in Clientbook).", target)}
}

// prepareRestore decrypts or copies the backup file into an owner-only
// temporary file in dir and checks it in full: integrity, Clientbook's
// application id, a schema this Clientbook can open. It returns the
// temporary file, which the caller removes or renames, and the backup's
// description with the counts of the copy. field names the destination
// for messages about writing.
func prepareRestore(ctx context.Context, file, passphrase, dir, name, field string) (string, BackupInfo, error) {
	info, _ := parseBackupName(filepath.Base(file))
	info.Path = file
	src, err := os.Open(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", info, &domain.Error{Code: domain.ENOTFOUND, Fields: map[string]string{"file": "not found"},
				Message: fmt.Sprintf("There is no backup file %s.", file)}
		}
		return "", info, atField("file", fmt.Sprintf("Cannot read %s: %v.", file, pathErr(err)))
	}
	defer src.Close()
	st, err := src.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return "", info, notABackup(file)
	}
	info.Size = st.Size()
	head := make([]byte, len(ageMagic))
	n, _ := io.ReadFull(src, head)
	head = head[:n]
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return "", info, atField("file", fmt.Sprintf("Cannot read %s: %v.", file, pathErr(err)))
	}
	var r io.Reader
	switch {
	case bytes.Equal(head, ageMagic):
		info.Encrypted = true
		sealed, err := os.ReadFile(filepath.Join(filepath.Dir(file), BackupKeyFile))
		if err != nil {
			return "", info, atField("file", fmt.Sprintf("%s is encrypted, and its key %s is not beside it in %s. Put the key file from the backup folder back beside it.",
				file, BackupKeyFile, filepath.Dir(file)))
		}
		id, err := openKey(sealed, passphrase, wrongPassphrase)
		if err != nil {
			return "", info, err
		}
		r, err = age.Decrypt(src, id)
		if err != nil {
			var nm *age.NoIdentityMatchError
			if errors.As(err, &nm) {
				return "", info, atField("passphrase", fmt.Sprintf("%s was encrypted with another key than the one beside it (%s); it cannot be opened with this passphrase.", file, BackupKeyFile))
			}
			return "", info, damagedBackup(file, err.Error())
		}
	case len(head) >= len(sqliteMagic) && bytes.Equal(head[:len(sqliteMagic)], sqliteMagic):
		r = src
	default:
		return "", info, notABackup(file)
	}
	tmp, err := createTemp(dir, name)
	if err != nil {
		return "", info, cannotWrite(field, dir, err)
	}
	ok := false
	defer func() {
		if !ok {
			os.Remove(tmp)
		}
	}()
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return "", info, cannotWrite(field, dir, err)
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		var pe *fs.PathError
		if errors.As(err, &pe) || isDiskFull(err) {
			return "", info, cannotWrite(field, dir, err)
		}
		return "", info, damagedBackup(file, "it does not decrypt: "+err.Error())
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return "", info, cannotWrite(field, dir, err)
	}
	if err := out.Close(); err != nil {
		return "", info, cannotWrite(field, dir, err)
	}
	counts, version, problem := inspectCopy(ctx, tmp)
	switch {
	case problem == "it is not a Clientbook backup":
		return "", info, notABackup(file)
	case problem != "":
		return "", info, damagedBackup(file, problem)
	case version > SchemaVersion():
		return "", info, atField("file", fmt.Sprintf("%s was taken by a newer version of Clientbook; update Clientbook to restore it.", file))
	case version == 0:
		return "", info, notABackup(file)
	}
	c := backupCounts(counts)
	info.Counts = &c
	ok = true
	return tmp, info, nil
}

// errRestoreCancelled is what a restore cancelled before it wrote anything
// says.
var errRestoreCancelled = domain.Errorf(domain.ECONFLICT, "Cancelled: nothing was restored.")

func notABackup(file string) error {
	return atField("file", fmt.Sprintf("%s is not a Clientbook backup.", file))
}

func damagedBackup(file, detail string) error {
	return atField("file", fmt.Sprintf("The backup %s is damaged (%s). Nothing was restored; choose another backup.", file, detail))
}

// RestoreOver replaces this open book by the backup file. The backup is
// checked in full first (beside the book), then the book as it is now is
// backed up into dir (a "before-restore" backup that rotation keeps; a
// damaged book is copied as it is instead), then the backup's pages are
// written over the book in one SQLite transaction (SQLite's backup API, so
// the book's lock is held throughout and a crash leaves either book whole),
// and the result is checked against the backup. It returns the copy of the
// book taken first. The caller must then close the book and open it again.
func (b *Book) RestoreOver(ctx context.Context, file, passphrase, dir string, opt BackupOptions) (BackupInfo, error) {
	if b.closed.Load() {
		return BackupInfo{}, domain.Errorf(domain.ECONFLICT, "The book is closed.")
	}
	if abs, err := filepath.Abs(file); err == nil && sameFile(abs, b.path) {
		return BackupInfo{}, atField("file", "That is the open book itself, not a backup of it.")
	}
	bookDir := filepath.Dir(b.path)
	name := backupBookName(b.path)
	cleanStale(bookDir, name)
	tmp, _, err := prepareRestore(ctx, file, passphrase, bookDir, name, "file")
	if ctx.Err() != nil {
		return BackupInfo{}, errRestoreCancelled
	}
	if err != nil {
		return BackupInfo{}, err
	}
	defer os.Remove(tmp)
	want, _, problem := inspectCopy(ctx, tmp)
	if ctx.Err() != nil {
		return BackupInfo{}, errRestoreCancelled
	}
	if problem != "" {
		return BackupInfo{}, damagedBackup(file, problem)
	}
	opt.Kind = domain.BackupBeforeRestore
	safety, err := b.Backup(ctx, dir, opt)
	if err != nil && b.Damage() != nil {
		safety, err = b.copyDamaged(dir)
	}
	if ctx.Err() != nil {
		return BackupInfo{}, errRestoreCancelled
	}
	// From here the book is written over: a cancel no longer stops it, so
	// the book is never left half restored or unchecked.
	ctx = context.WithoutCancel(ctx)
	if err != nil {
		return BackupInfo{}, &domain.Error{Code: domain.ErrorCode(err), Err: err, Fields: domain.FieldErrors(err),
			Message: "The book was not restored: it could not be backed up first. " + domain.ErrorMessage(err)}
	}
	if err := b.restorePages(ctx, tmp); err != nil {
		return safety, err
	}
	got, err := tableCounts(ctx, b.db)
	if err == nil {
		var problems []string
		problems, err = b.integrity(ctx, "integrity_check", 10)
		if err == nil && len(problems) > 0 {
			err = errors.New(strings.Join(problems, "; "))
		}
	}
	if err != nil {
		return safety, domain.Errorf(domain.EINTERNAL, "The restored book failed its check (%v). The book as it was is in %s.", err, safety.Path)
	}
	if diff := countsDiffer(want, got); diff != "" {
		return safety, domain.Errorf(domain.EINTERNAL, "The restored book does not match the backup (%s). The book as it was is in %s.", diff, safety.Path)
	}
	return safety, nil
}

// restorePages writes the checked copy at path over the book with SQLite's
// backup API, all pages in one step and one transaction.
func (b *Book) restorePages(ctx context.Context, path string) error {
	conn, err := b.db.Conn(ctx)
	if err != nil {
		return b.failed("restore the book", err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return errors.New("the SQLite driver has no backup API")
		}
		bk, err := r.NewRestore(readOnlyDSN(path))
		if err != nil {
			return err
		}
		for {
			more, err := bk.Step(-1)
			if err != nil {
				bk.Finish()
				return err
			}
			if !more {
				break
			}
		}
		return bk.Finish()
	})
	if err != nil {
		if isDiskFull(err) {
			return domain.Errorf(domain.EINVALID, "The disk holding %s is full; the book was left as it was. Free some room and try again.", b.path)
		}
		return b.failed("restore the book", err)
	}
	return nil
}

// copyDamaged copies a damaged book's file as it is into dir before a backup
// is restored over it: it may still hold something worth rescuing.
func (b *Book) copyDamaged(dir string) (BackupInfo, error) {
	dir, err := prepareBackupDir(dir)
	if err != nil {
		return BackupInfo{}, err
	}
	name := backupBookName(b.path)
	b.db.Exec("PRAGMA wal_checkpoint(FULL)")
	final, at := freeBackupName(dir, name, domain.BackupDamaged, false)
	tmp, err := createTemp(dir, name)
	if err != nil {
		return BackupInfo{}, cannotWrite("dir", dir, err)
	}
	defer os.Remove(tmp)
	if err := copyBookFile(b.path, tmp); err != nil {
		return BackupInfo{}, cannotWrite("dir", dir, err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return BackupInfo{}, cannotWrite("dir", dir, err)
	}
	syncDir(dir)
	info := BackupInfo{Path: final, Book: name, At: at, Kind: domain.BackupDamaged}
	if st, err := os.Stat(final); err == nil {
		info.Size = st.Size()
	}
	return info, nil
}

func copyBookFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// BackupService is the domain's backup service over data's books.
type BackupService struct{}

var _ domain.BackupService = BackupService{}

// DefaultDir is DefaultBackupDir.
func (BackupService) DefaultDir() (string, error) { return DefaultBackupDir() }

// Backup backs up book, which must be one data opened.
func (BackupService) Backup(ctx context.Context, book domain.Book, dir string, opt domain.BackupOptions) (domain.BackupInfo, error) {
	b, ok := book.(*Book)
	if !ok {
		return domain.BackupInfo{}, domain.Errorf(domain.EINTERNAL, "This book cannot be backed up.")
	}
	return b.Backup(ctx, dir, opt)
}

// List is ListBackups.
func (BackupService) List(ctx context.Context, dir string) ([]domain.BackupInfo, error) {
	return ListBackups(ctx, dir)
}

// SetUpKey is SetUpBackupKey.
func (BackupService) SetUpKey(dir, passphrase string) (domain.BackupKey, error) {
	return SetUpBackupKey(dir, passphrase)
}

// RestoreNew is RestoreBackup.
func (BackupService) RestoreNew(ctx context.Context, file, to, passphrase string) (domain.BackupInfo, error) {
	return RestoreBackup(ctx, file, to, passphrase)
}

// RestoreOver restores over book, which must be one data opened.
func (BackupService) RestoreOver(ctx context.Context, book domain.Book, file, passphrase, dir string, opt domain.BackupOptions) (domain.BackupInfo, error) {
	b, ok := book.(*Book)
	if !ok {
		return domain.BackupInfo{}, domain.Errorf(domain.EINTERNAL, "This book cannot be restored over.")
	}
	return b.RestoreOver(ctx, file, passphrase, dir, opt)
}
