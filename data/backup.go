package data

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"

	"clientbook/domain"
)

// Backups are whole, verified copies of a book in a folder of the person's
// choosing, named <book>-<UTC time>.cbbak (.cbbak.age when encrypted with
// age). A backup is written to an owner-only temporary file, checked — it
// opens, passes SQLite's integrity_check, carries Clientbook's application id
// and holds exactly the rows the book held — and only then renamed into
// place, so a file with a backup's name is always a complete backup.
//
// Encryption follows age's own scheme for unattended encryption: turning it
// on makes an X25519 identity, seals it with the passphrase (age's scrypt
// recipient) into clientbook-backup-key.age in the backup folder, and keeps
// the public recipient with the settings. Backups are encrypted to the
// recipient, so they can be taken when the app closes with nobody there to
// type the passphrase; restoring asks for it to open the identity.

// Aliases so the data package reads on its own: (*Book).Backup(ctx, dir, BackupOptions).
type (
	BackupOptions = domain.BackupOptions
	BackupInfo    = domain.BackupInfo
)

const (
	backupExt     = ".cbbak"
	ageExt        = ".age"
	manifestExt   = ".json"
	backupTimeFmt = "20060102T150405Z"
	// BackupKeyFile is the sealed identity in a folder of encrypted backups.
	BackupKeyFile = "clientbook-backup-key.age"
	// tempPrefix starts every temporary file this feature writes, so an
	// interrupted run's leftovers can be told from anything else.
	tempPrefix = ".cbbak-"
	// staleAfter is how old an unchanged temporary file must be before it is
	// taken for an interrupted run's and removed. Two books with the same
	// name may back up into one folder at once; neither removes the other's
	// file while it is being written or checked.
	staleAfter = 10 * time.Minute
	// minPassphrase is the shortest passphrase accepted for a new key.
	minPassphrase = 8
)

// scryptWorkFactor is the cost of sealing a new key (age's default, about a
// second); tests lower it.
var scryptWorkFactor = 18

// backupName matches the files this feature writes: book, time, kind, encryption.
var backupName = regexp.MustCompile(`^(.+)-(\d{8}T\d{6}Z)(?:-(before-restore|damaged))?\.cbbak(\.age)?$`)

var (
	ageMagic    = []byte("age-encryption.org/v1\n")
	sqliteMagic = []byte("SQLite format 3\x00")
)

// DefaultBackupDir is the "backups" folder beside the default book.
func DefaultBackupDir() (string, error) {
	p, err := DefaultPath()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(p), "backups"), nil
}

// backupBookName is the book's name in its backups' file names: the file
// name without its extension.
func backupBookName(path string) string {
	base := filepath.Base(path)
	if n := strings.TrimSuffix(base, filepath.Ext(base)); n != "" && n != "." {
		return n
	}
	return "clientbook"
}

// Backup writes a verified copy of the book into dir (created owner-only if
// missing), encrypted when opt.Key is set, then deletes the regular backups
// of this book that opt.Keep no longer keeps. The book is checked in full
// first and a damaged book is not backed up, so a good backup is never
// rotated away in favour of a bad one.
func (b *Book) Backup(ctx context.Context, dir string, opt BackupOptions) (BackupInfo, error) {
	if b.closed.Load() {
		return BackupInfo{}, domain.Errorf(domain.ECONFLICT, "The book is closed.")
	}
	var recipient *age.X25519Recipient
	if opt.Key != nil {
		r, err := age.ParseX25519Recipient(opt.Key.Recipient)
		if err != nil || len(opt.Key.Sealed) == 0 {
			return BackupInfo{}, atField("passphrase", "The backup encryption settings are incomplete; turn encryption off and on again.")
		}
		recipient = r
	}
	dir, err := prepareBackupDir(dir)
	if err != nil {
		return BackupInfo{}, err
	}
	if err := b.Verify(ctx); err != nil {
		if domain.ErrorCode(err) == domain.EINVALID {
			return BackupInfo{}, &domain.Error{Code: domain.EINVALID, Err: err,
				Message: domain.ErrorMessage(err) + " No backup was taken, so the backups you have are all kept."}
		}
		return BackupInfo{}, err
	}
	name := backupBookName(b.path)
	cleanStale(dir, name)
	if opt.Key != nil {
		if err := placeKey(dir, opt.Key.Sealed); err != nil {
			return BackupInfo{}, err
		}
	}
	final, at := freeBackupName(dir, name, opt.Kind, opt.Key != nil)

	// The plain copy goes into the backup folder when it stays plain, else
	// beside the book, which is already plain on this disk: an unencrypted
	// copy never passes through a USB stick or synced folder.
	plainDir := dir
	if opt.Key != nil {
		plainDir = filepath.Dir(b.path)
		cleanStale(plainDir, name)
	}
	plain, err := createTemp(plainDir, name)
	if err != nil {
		return BackupInfo{}, cannotWrite("dir", plainDir, err)
	}
	defer os.Remove(plain)
	live, err := b.copyInto(ctx, plain)
	if err != nil {
		return BackupInfo{}, err
	}
	got, _, problem := inspectCopy(ctx, plain)
	if problem != "" {
		return BackupInfo{}, domain.Errorf(domain.EINTERNAL, "The backup copy of %s failed its check (%s); nothing was kept. Try again; if it fails again the disk may be failing.", b.path, problem)
	}
	if diff := countsDiffer(live, got); diff != "" {
		return BackupInfo{}, domain.Errorf(domain.EINTERNAL, "The backup copy of %s does not hold every row of the book (%s); nothing was kept.", b.path, diff)
	}
	if err := syncFile(plain); err != nil {
		return BackupInfo{}, cannotWrite("dir", plainDir, err)
	}
	counts := backupCounts(got)
	written := plain
	if recipient != nil {
		enc, err := createTemp(dir, name)
		if err != nil {
			return BackupInfo{}, cannotWrite("dir", dir, err)
		}
		defer os.Remove(enc)
		if err := encryptFile(plain, enc, recipient); err != nil {
			return BackupInfo{}, cannotWrite("dir", dir, err)
		}
		written = enc
	}
	if err := os.Rename(written, final); err != nil {
		return BackupInfo{}, cannotWrite("dir", dir, err)
	}
	syncDir(dir)
	info := BackupInfo{Path: final, Book: name, At: at, Encrypted: recipient != nil, Kind: opt.Kind, Counts: &counts}
	if st, err := os.Stat(final); err == nil {
		info.Size = st.Size()
	}
	if recipient != nil {
		// The counts are all a person needs to pick a backup before typing
		// the passphrase; they tell no more than the file's size does.
		writeManifest(dir, final, name, manifest{Book: name, At: at, SchemaVersion: SchemaVersion(), Counts: counts})
	}
	if opt.Kind == domain.BackupRegular {
		if err := rotate(dir, name, opt.Keep); err != nil {
			return info, err
		}
	}
	return info, nil
}

// copyInto writes the book into the empty file path with VACUUM INTO and
// returns the row counts of the book as copied. The counts and the copy are
// taken on one connection with nothing written between them: SQLite's
// data_version, read before and after, moves whenever another connection
// commits, and the copy is taken again when it did.
func (b *Book) copyInto(ctx context.Context, path string) (map[string]int64, error) {
	conn, err := b.db.Conn(ctx)
	if err != nil {
		return nil, b.failed("back up the book", err)
	}
	defer conn.Close()
	for try := 0; try < 5; try++ {
		var before, after int64
		if err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&before); err != nil {
			return nil, b.failed("back up the book", err)
		}
		counts, err := tableCounts(ctx, conn)
		if err != nil {
			return nil, b.failed("count the book's rows", err)
		}
		if err := os.Truncate(path, 0); err != nil {
			return nil, domain.Internal("back up the book", err)
		}
		if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
			if isDiskFull(err) {
				return nil, domain.Errorf(domain.EINVALID, "The disk holding %s is full; the backup was not written. Free some room and try again.", filepath.Dir(path))
			}
			return nil, b.failed("back up the book", err)
		}
		if err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&after); err != nil {
			return nil, b.failed("back up the book", err)
		}
		if before == after {
			return counts, nil
		}
	}
	return nil, domain.Errorf(domain.ECONFLICT, "The book kept changing while it was being backed up; try again in a moment.")
}

// queryContexter is what tableCounts needs of a *sql.DB, *sql.Conn or *sql.Tx.
type queryContexter interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// tableCounts counts the rows of every ordinary table (not SQLite's own, nor
// the search index's, which are rebuilt from the tables).
func tableCounts(ctx context.Context, q queryContexter) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(names))
	for _, n := range names {
		var c int64
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM "`+strings.ReplaceAll(n, `"`, `""`)+`"`).Scan(&c); err != nil {
			return nil, err
		}
		out[n] = c
	}
	return out, nil
}

// countsDiffer names the first table whose count differs, "" when none does.
func countsDiffer(want, got map[string]int64) string {
	for _, n := range unionKeys(want, got) {
		w, inWant := want[n]
		g, inGot := got[n]
		switch {
		case !inGot:
			return fmt.Sprintf("table %s is missing", n)
		case !inWant:
			return fmt.Sprintf("table %s is not in the book", n)
		case w != g:
			return fmt.Sprintf("%s has %d rows, the book %d", n, g, w)
		}
	}
	return ""
}

func backupCounts(c map[string]int64) domain.BackupCounts {
	return domain.BackupCounts{Clients: c["clients"], Documents: c["documents"], Payments: c["payments"]}
}

// readOnlyDSN opens a file that nothing else writes, read-only and without
// locks or a -wal/-shm beside it: a copy being checked or listed.
func readOnlyDSN(path string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), OmitHost: true}
	if filepath.VolumeName(path) != "" {
		u.Path = "/" + u.Path
	}
	return u.String() + "?mode=ro&immutable=1"
}

// inspectCopy opens a copy of a book with its own connection, read-only, and
// checks it in full. It returns the copy's row counts and schema version, or
// why it is not a sound Clientbook book.
func inspectCopy(ctx context.Context, path string) (map[string]int64, int, string) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err.Error()
	}
	head := make([]byte, len(sqliteMagic))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteMagic) {
		return nil, 0, "it is not a Clientbook backup"
	}
	db, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return nil, 0, err.Error()
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var appID, version int
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return nil, 0, "it does not open: " + err.Error()
	}
	if appID != ApplicationID {
		return nil, 0, "it is not a Clientbook backup"
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return nil, 0, "it does not open: " + err.Error()
	}
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check(10)")
	if err != nil {
		return nil, 0, "it does not pass SQLite's integrity check: " + err.Error()
	}
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			rows.Close()
			return nil, 0, "it does not pass SQLite's integrity check: " + err.Error()
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	if err := rows.Err(); err != nil {
		problems = append(problems, err.Error())
	}
	rows.Close()
	if len(problems) > 0 {
		return nil, 0, "it does not pass SQLite's integrity check: " + strings.Join(problems, "; ")
	}
	counts, err := tableCounts(ctx, db)
	if err != nil {
		return nil, 0, "its rows cannot be counted: " + err.Error()
	}
	return counts, version, ""
}

// prepareBackupDir makes dir (owner-only) and returns it absolute.
func prepareBackupDir(dir string) (string, error) {
	if strings.TrimSpace(dir) == "" {
		return "", atField("dir", "Choose a folder for the backups.")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", atField("dir", fmt.Sprintf("Cannot use the folder %s: %v.", dir, err))
	}
	if st, err := os.Stat(abs); err == nil && !st.IsDir() {
		return "", atField("dir", fmt.Sprintf("%s is a file, not a folder.", abs))
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return "", atField("dir", fmt.Sprintf("Cannot create the backup folder %s: %v.", abs, pathErr(err)))
	}
	return abs, nil
}

// atField is an EINVALID error shown at one field (the CLI maps fields to flags).
func atField(field, msg string) *domain.Error {
	return &domain.Error{Code: domain.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// cannotWrite explains a failure to write into folder.
func cannotWrite(field, folder string, err error) error {
	if isDiskFull(err) {
		return atField(field, fmt.Sprintf("The disk holding %s is full; nothing was written. Free some room and try again.", folder))
	}
	return &domain.Error{Code: domain.EINVALID, Err: err, Fields: map[string]string{field: "cannot write there"},
		Message: fmt.Sprintf("Cannot write to the folder %s: %v. Nothing was changed.", folder, pathErr(err))}
}

// pathErr is the reason in a *fs.PathError without the path, which the
// message already names.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

func isDiskFull(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "no space left") || strings.Contains(err.Error(), "database or disk is full") ||
		strings.Contains(err.Error(), "SQLITE_FULL"))
}

// createTemp makes an empty owner-only temporary file in dir for the book
// called name and returns its path.
func createTemp(dir, name string) (string, error) {
	f, err := os.CreateTemp(dir, tempPrefix+name+"-*.tmp")
	if err != nil {
		return "", err
	}
	p := f.Name()
	if err := f.Close(); err != nil {
		os.Remove(p)
		return "", err
	}
	return p, nil
}

// cleanStale removes the temporary files an interrupted backup or restore of
// the book called name left in dir.
func cleanStale(dir, name string) {
	m, _ := filepath.Glob(filepath.Join(dir, tempPrefix+globEscape(name)+"-*.tmp"))
	for _, p := range m {
		if st, err := os.Lstat(p); err == nil && st.Mode().IsRegular() && time.Since(st.ModTime()) > staleAfter {
			os.Remove(p)
		}
	}
}

func globEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`).Replace(s)
}

// freeBackupName is the name of the next backup in dir and its time: now in
// UTC to the second, a second later if a backup already has that name.
func freeBackupName(dir, book string, kind domain.BackupKind, encrypted bool) (string, time.Time) {
	at := time.Now().UTC().Truncate(time.Second)
	for {
		p := filepath.Join(dir, backupFileName(book, at, kind, encrypted))
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p, at
		}
		at = at.Add(time.Second)
	}
}

func backupFileName(book string, at time.Time, kind domain.BackupKind, encrypted bool) string {
	n := book + "-" + at.UTC().Format(backupTimeFmt)
	if kind != domain.BackupRegular {
		n += "-" + string(kind)
	}
	n += backupExt
	if encrypted {
		n += ageExt
	}
	return n
}

// parseBackupName reads a backup's file name; ok is false for any other file.
func parseBackupName(base string) (info BackupInfo, ok bool) {
	m := backupName.FindStringSubmatch(base)
	if m == nil {
		return info, false
	}
	at, err := time.Parse(backupTimeFmt, m[2])
	if err != nil {
		return info, false
	}
	return BackupInfo{Book: m[1], At: at, Kind: domain.BackupKind(m[3]), Encrypted: m[4] != ""}, true
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// encryptFile encrypts src into the empty file dst for recipient, then reads
// dst back and compares it with what was written, so a backup on a flaky
// stick is caught here and not on the day it is needed.
func encryptFile(src, dst string, recipient age.Recipient) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	h := sha256.New()
	w, err := age.Encrypt(io.MultiWriter(out, h), recipient)
	if err != nil {
		out.Close()
		return err
	}
	if _, err := io.Copy(w, in); err != nil {
		out.Close()
		return err
	}
	if err := w.Close(); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	sum, err := fileSHA256(dst)
	if err != nil {
		return err
	}
	if !bytes.Equal(sum, h.Sum(nil)) {
		return errors.New("the encrypted copy read back differs from what was written")
	}
	return nil
}

func fileSHA256(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}

// manifest is the small non-secret file beside an encrypted backup: what it
// holds, so the list can show it before the passphrase is typed.
type manifest struct {
	Book          string              `json:"book"`
	At            time.Time           `json:"at"`
	SchemaVersion int                 `json:"schemaVersion"`
	Counts        domain.BackupCounts `json:"counts"`
}

// writeManifest writes backup's manifest; a manifest that cannot be written
// only costs the list its counts, so its failure is not the backup's.
func writeManifest(dir, backup, book string, m manifest) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err == nil {
		writeFileAtomic(dir, book, backup+manifestExt, b, true)
	}
}

// writeFileAtomic writes data to path through an owner-only temporary file
// in dir and a rename; with replace false it never replaces an existing file.
func writeFileAtomic(dir, book, path string, data []byte, replace bool) error {
	tmp, err := createTemp(dir, book)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	if replace {
		err = os.Rename(tmp, path)
	} else {
		err = os.Link(tmp, path)
	}
	if err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// placeKey makes sure dir holds the sealed key backups are encrypted for. A
// folder already holding another key is refused: its backups would need two
// passphrases.
func placeKey(dir string, sealed []byte) error {
	p := filepath.Join(dir, BackupKeyFile)
	have, err := os.ReadFile(p)
	switch {
	case err == nil:
		if !bytes.Equal(have, sealed) {
			return atField("dir", fmt.Sprintf("The folder %s holds backups encrypted with another passphrase. Turn encryption off and on again with that folder's passphrase, or choose another folder.", dir))
		}
		return nil
	case errors.Is(err, fs.ErrNotExist):
		if err := writeFileAtomic(dir, "key", p, sealed, false); err != nil && !errors.Is(err, fs.ErrExist) {
			return cannotWrite("dir", dir, err)
		}
		if have, err := os.ReadFile(p); err != nil || !bytes.Equal(have, sealed) {
			return atField("dir", fmt.Sprintf("The folder %s holds backups encrypted with another passphrase. Turn encryption off and on again with that folder's passphrase, or choose another folder.", dir))
		}
		return nil
	default:
		return cannotWrite("dir", dir, err)
	}
}

// SetUpBackupKey returns the key that encrypts backups in dir: the folder's
// own if the passphrase opens it, else a new X25519 identity sealed with the
// passphrase and written into the folder.
func SetUpBackupKey(dir, passphrase string) (domain.BackupKey, error) {
	if passphrase == "" {
		return domain.BackupKey{}, atField("passphrase", "Enter a passphrase.")
	}
	abs, err := filepath.Abs(dir)
	if err != nil || strings.TrimSpace(dir) == "" {
		return domain.BackupKey{}, atField("dir", "Choose a folder for the backups.")
	}
	p := filepath.Join(abs, BackupKeyFile)
	if sealed, err := os.ReadFile(p); err == nil {
		id, err := openKey(sealed, passphrase, "This folder's backups are already encrypted with another passphrase. Enter that passphrase, or choose another folder.")
		if err != nil {
			return domain.BackupKey{}, err
		}
		return domain.BackupKey{Recipient: id.Recipient().String(), Sealed: sealed}, nil
	}
	if len([]rune(passphrase)) < minPassphrase {
		return domain.BackupKey{}, atField("passphrase", fmt.Sprintf("Use a passphrase of at least %d characters.", minPassphrase))
	}
	if dir, err = prepareBackupDir(abs); err != nil {
		return domain.BackupKey{}, err
	}
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return domain.BackupKey{}, domain.Internal("make a backup key", err)
	}
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return domain.BackupKey{}, domain.Internal("seal the backup key", err)
	}
	r.SetWorkFactor(scryptWorkFactor)
	var buf bytes.Buffer
	aw := armor.NewWriter(&buf)
	w, err := age.Encrypt(aw, r)
	if err != nil {
		return domain.BackupKey{}, domain.Internal("seal the backup key", err)
	}
	io.WriteString(w, id.String()+"\n")
	if err := w.Close(); err != nil {
		return domain.BackupKey{}, domain.Internal("seal the backup key", err)
	}
	if err := aw.Close(); err != nil {
		return domain.BackupKey{}, domain.Internal("seal the backup key", err)
	}
	if err := writeFileAtomic(dir, "key", p, buf.Bytes(), false); err != nil {
		if errors.Is(err, fs.ErrExist) { // set up at the same moment elsewhere: use that one
			return SetUpBackupKey(dir, passphrase)
		}
		return domain.BackupKey{}, cannotWrite("dir", dir, err)
	}
	return domain.BackupKey{Recipient: id.Recipient().String(), Sealed: buf.Bytes()}, nil
}

// openKey opens a sealed key with the passphrase; wrong is the message when
// the passphrase is not the key's.
func openKey(sealed []byte, passphrase, wrong string) (*age.X25519Identity, error) {
	if passphrase == "" {
		return nil, atField("passphrase", "These backups are encrypted: enter the passphrase they were encrypted with.")
	}
	sid, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, domain.Internal("open the backup key", err)
	}
	r, err := age.Decrypt(armor.NewReader(bytes.NewReader(sealed)), sid)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			return nil, atField("passphrase", wrong)
		}
		return nil, domain.Errorf(domain.EINVALID, "The backup key %s is damaged (%v).", BackupKeyFile, err)
	}
	text, err := io.ReadAll(io.LimitReader(r, 4096))
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "The backup key %s is damaged (%v).", BackupKeyFile, err)
	}
	id, err := age.ParseX25519Identity(strings.TrimSpace(string(text)))
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "The backup key %s is damaged (%v).", BackupKeyFile, err)
	}
	return id, nil
}

// wrongPassphrase is what a passphrase that does not open a folder's key gets.
const wrongPassphrase = "The passphrase is not the one these backups were encrypted with."

// rotate deletes this book's regular backups in dir that keep does not keep
// (and the manifests of backups no longer there). Only files whose names
// this feature writes are touched.
func rotate(dir, book string, keep domain.Retention) error {
	if keep == (domain.Retention{}) {
		keep = domain.DefaultRetention
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return domain.Internal("list the backups to rotate", err)
	}
	var list []BackupInfo
	present := map[string]bool{}
	for _, e := range entries {
		present[e.Name()] = true
		info, ok := parseBackupName(e.Name())
		if ok && e.Type().IsRegular() && info.Book == book && info.Kind == domain.BackupRegular {
			info.Path = filepath.Join(dir, e.Name())
			list = append(list, info)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].At.After(list[j].At) })
	kept := map[string]bool{}
	pick := func(n int, period func(time.Time) string) {
		seen := map[string]bool{}
		for _, b := range list {
			p := period(b.At)
			if seen[p] {
				continue
			}
			if len(seen) == n {
				return
			}
			seen[p] = true
			kept[b.Path] = true
		}
	}
	pick(max(keep.Daily, 1), func(t time.Time) string { return t.Format("2006-01-02") })
	pick(keep.Weekly, func(t time.Time) string { y, w := t.ISOWeek(); return fmt.Sprintf("%d-W%02d", y, w) })
	pick(keep.Monthly, func(t time.Time) string { return t.Format("2006-01") })
	var firstErr error
	for _, b := range list {
		if kept[b.Path] {
			continue
		}
		if err := os.Remove(b.Path); err != nil && firstErr == nil {
			firstErr = domain.Internal("delete an old backup", err)
		}
		os.Remove(b.Path + manifestExt)
	}
	for name := range present {
		if base, ok := strings.CutSuffix(name, manifestExt); ok && !present[base] {
			if info, ok := parseBackupName(base); ok && info.Book == book {
				os.Remove(filepath.Join(dir, name))
			}
		}
	}
	return firstErr
}

// ListBackups returns the backups in dir, newest first, with their counts:
// read from the backup itself, or for an encrypted one from its manifest.
// A folder that does not exist has no backups.
func ListBackups(ctx context.Context, dir string) ([]BackupInfo, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, atField("dir", fmt.Sprintf("Cannot read the folder %s: %v.", dir, pathErr(err)))
	}
	var out []BackupInfo
	for _, e := range entries {
		info, ok := parseBackupName(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		info.Path = filepath.Join(dir, e.Name())
		if st, err := e.Info(); err == nil {
			info.Size = st.Size()
		}
		if info.Encrypted {
			var m manifest
			if b, err := os.ReadFile(info.Path + manifestExt); err == nil && json.Unmarshal(b, &m) == nil {
				info.Counts = &m.Counts
			}
		} else if info.Kind != domain.BackupDamaged {
			counts, _, problem := quickCounts(ctx, info.Path)
			if problem != "" {
				info.Problem = problem
			} else {
				info.Counts = &counts
			}
		}
		out = append(out, info)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	return out, nil
}

// quickCounts reads a plain backup's counts without checking it in full,
// which restoring does.
func quickCounts(ctx context.Context, path string) (domain.BackupCounts, int, string) {
	db, err := sql.Open("sqlite", readOnlyDSN(path))
	if err != nil {
		return domain.BackupCounts{}, 0, err.Error()
	}
	defer db.Close()
	var appID, version int
	var c domain.BackupCounts
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil || appID != ApplicationID {
		return c, 0, "not a Clientbook backup"
	}
	db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	err = db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM clients), (SELECT count(*) FROM documents), (SELECT count(*) FROM payments)`).
		Scan(&c.Clients, &c.Documents, &c.Payments)
	if err != nil {
		return c, version, "damaged: " + err.Error()
	}
	return c, version, ""
}
