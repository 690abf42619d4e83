// Package data keeps Clientbook's book: one SQLite file, opened with
// modernc.org/sqlite (pure Go), holding every record the domain defines. It
// implements the domain's service interfaces; nothing outside it writes SQL.
package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	sqlite "modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"clientbook/domain"
)

// ApplicationID marks a SQLite file as a Clientbook book ("CLBK"), in the
// header's application_id field.
const ApplicationID = 0x434C424B

// Options adjust how a book is opened.
type Options struct {
	// Actor is recorded as "who" in the audit log; the OS user when empty.
	Actor string
}

// Book is an open book. It satisfies domain.Book.
type Book struct {
	path   string
	db     *sql.DB
	closed atomic.Bool // set by Close
	lock   *fileLock
	actor  string
	damage atomic.Pointer[domain.Error] // set once Verify or a query finds damage
	// closing is cancelled when Close begins, so a long Verify running in
	// the background does not hold up closing the book.
	closing context.Context
	cancel  context.CancelFunc
	watch   watchers
	// schema is the book's schema version once open: what its writes follow.
	schema int
	// clock is what a write takes its time from; nil for the real time.
	// Tests fix it to compare two books written the same way at different
	// times.
	clock func() time.Time
}

// now is the time a write starts at, in UTC.
func (b *Book) now() time.Time {
	if b.clock != nil {
		return b.clock().UTC()
	}
	return time.Now().UTC()
}

var _ domain.Book = (*Book)(nil)

// bookDriver is the database/sql driver books are opened with: modernc's
// SQLite, or in tests a wrapper of it that records every statement run
// (TestProductionQueriesUseIndexes).
var bookDriver = "sqlite"

// Open opens the book at path with default options. See OpenWith.
func Open(path string) (*Book, error) { return OpenWith(path, Options{}) }

// OpenWith opens the book at path, creating it (and its folder) if missing,
// owner-only. It refuses, without changing the file, anything that is not a
// Clientbook book, a book from a newer Clientbook and a book SQLite cannot
// read, and it locks the book file itself so a second window or program gets
// a clear message, whatever name or link it uses. An older book is copied
// aside before its schema is upgraded.
func OpenWith(path string, opt Options) (*Book, error) {
	abs, err := resolve(path)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, domain.Errorf(domain.EINVALID, "Cannot create the folder for %s: %v.", abs, err)
	}
	if err := heldHere(abs); err != nil {
		return nil, err
	}
	existing, err := inspect(abs)
	if err != nil {
		return nil, err
	}
	if !existing {
		if err := create(abs); err != nil {
			return nil, err
		}
	}
	lock, err := lockBook(abs)
	if err != nil {
		return nil, err
	}
	b, err := open(abs, opt)
	if err != nil {
		lock.release()
		return nil, err
	}
	b.lock = lock
	return b, nil
}

// resolve makes path absolute and follows symlinks, so the book is known by
// the file it is.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", domain.Internal("find the book "+path, err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	// A book not made yet: its folder may still be reached through a link.
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs)), nil
	}
	return abs, nil
}

func open(path string, opt Options) (*Book, error) {
	existing, err := inspect(path)
	if err != nil {
		return nil, err
	}
	if !existing {
		return nil, domain.Errorf(domain.ECONFLICT, "%s was emptied while it was being opened; try again.", path)
	}
	// SQLite keeps its write-ahead log and shared-memory index beside the
	// book; in a folder that cannot be written to it cannot open it at all.
	if err := writableFolder(path); err != nil {
		return nil, err
	}
	// The checks run over a read-only connection first, so a book that is
	// refused is not checkpointed, converted or otherwise written to.
	if err := checkReadOnly(path); err != nil {
		return nil, err
	}
	db, err := sql.Open(bookDriver, dsn(path))
	if err != nil {
		return nil, domain.Internal("open the book", err)
	}
	// Writers queue on BEGIN IMMEDIATE and busy_timeout; a small pool lets a
	// list page be read while a save is under way without unbounded handles.
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	b := &Book{path: path, db: db, actor: opt.Actor}
	b.closing, b.cancel = context.WithCancel(context.Background())
	if b.actor == "" {
		b.actor = currentUser()
	}
	if err := b.check(); err != nil {
		db.Close()
		return nil, err
	}
	if err := b.migrate(); err != nil {
		db.Close()
		if serr := b.storageError(err); serr != nil {
			return nil, serr
		}
		return nil, err
	}
	b.schema = SchemaVersion()
	return b, nil
}

// writableFolder refuses a book whose folder cannot be written to, with a
// message that says so, unless SQLite's -wal and -shm are already there to be
// used.
func writableFolder(path string) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".clientbook-probe-*")
	if err == nil {
		f.Close()
		os.Remove(f.Name())
		return nil
	}
	if !os.IsPermission(err) && !errors.Is(err, syscall.EROFS) {
		return nil // let SQLite say what is wrong
	}
	return domain.Errorf(domain.EINVALID, "%s cannot be opened: its folder %s is read-only, and Clientbook keeps two working files (-wal and -shm) beside the book. "+
		"Copy the book to a folder you can write to, or give yourself write permission on the folder.", path, dir)
}

// checkReadOnly runs check over a read-only connection and removes the
// -wal and -shm files that connection made, if it made any.
func checkReadOnly(path string) error {
	had := map[string]bool{}
	for _, s := range []string{"-wal", "-shm"} {
		_, err := os.Lstat(path + s)
		had[s] = err == nil
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), OmitHost: true}
	if filepath.VolumeName(path) != "" {
		u.Path = "/" + u.Path
	}
	db, err := sql.Open("sqlite", u.String()+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return domain.Internal("open the book", err)
	}
	db.SetMaxOpenConns(1)
	b := &Book{path: path, db: db}
	err = b.check()
	db.Close()
	for _, s := range []string{"-wal", "-shm"} {
		if st, serr := os.Lstat(path + s); serr == nil && !had[s] && (s == "-shm" || st.Size() == 0) {
			os.Remove(path + s)
		}
	}
	return err
}

// create makes a new, empty book at path atomically: the schema is built in a
// temporary file beside it, which is then linked into place. A kill at any
// moment leaves either no book or a whole one — never a file that does not
// open. An empty file at path (left by an older Clientbook) is replaced.
func create(path string) error {
	dir, base := filepath.Split(path)
	removeStale(dir, "."+base+".new-")
	f, err := os.CreateTemp(dir, "."+base+".new-*")
	if err != nil {
		return domain.Errorf(domain.EINVALID, "Cannot create the book %s: %v.", path, err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		for _, s := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(tmp + s)
		}
	}()
	db, err := sql.Open("sqlite", dsn(tmp))
	if err != nil {
		return domain.Internal("create the book", err)
	}
	db.SetMaxOpenConns(1)
	nb := &Book{path: tmp, db: db}
	err = nb.migrate()
	if cerr := db.Close(); err == nil && cerr != nil {
		err = domain.Internal("create the book", cerr)
	}
	if err != nil {
		if serr := nb.storageError(err); serr != nil {
			return serr
		}
		return err
	}
	if err := os.Link(tmp, path); err != nil {
		if st, serr := os.Stat(path); serr == nil {
			if st.Size() > 0 {
				return nil // another program made it first: open theirs
			}
			err = os.Rename(tmp, path) // an empty file is not a book yet
		} else {
			err = os.Rename(tmp, path) // no hard links here (FAT, some shares)
		}
		if err != nil {
			return domain.Errorf(domain.EINVALID, "Cannot create the book %s: %v.", path, err)
		}
	}
	syncDir(dir)
	return nil
}

// removeStale deletes files in dir whose names start with prefix and that
// are more than an hour old: temporary copies a killed process left behind.
func removeStale(dir, prefix string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > time.Hour {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// syncDir makes a new name in dir durable (a no-op where folders cannot be
// synced).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// bookCacheKiB is how much of the book each connection keeps in memory
// (SQLite's default is 2,000 KiB). A search box's keystroke on a large book
// checks a few thousand candidate rows scattered over the documents table,
// or every client: with 2 MB each keystroke read most of those pages from
// the file again; with 16 MB a word typed one letter at a time finds them
// still there. At most 4 connections × 16 MiB, taken only as pages are read.
const bookCacheKiB = 16384

// dsn builds the connection string: a file: URI (so any character in the path
// is escaped) with the pragmas every connection needs.
func dsn(path string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), OmitHost: true}
	if filepath.VolumeName(path) != "" {
		u.Path = "/" + u.Path // file:/C:/… on Windows
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "cache_size("+strconv.Itoa(-bookCacheKiB)+")")
	q.Set("_txlock", "immediate")
	return u.String() + "?" + q.Encode()
}

// check refuses a book this version cannot safely use: SQLite's own idea of
// the application id and schema version (a WAL file may hold newer ones than
// the header read by inspect), and a book SQLite itself finds damaged while
// reading its header and schema. It does not scan the whole file — that takes
// tens of seconds on a large book; Verify does it in the background.
func (b *Book) check() error {
	ctx := context.Background()
	refuse := func(err error) error {
		var se *sqlite.Error
		if errors.As(err, &se) {
			switch se.Code() & 0xff {
			case sqlite3.SQLITE_CORRUPT:
				return damagedBook(b.path, se.Error())
			case sqlite3.SQLITE_NOTADB:
				return notABook(b.path, err)
			}
		}
		if serr := b.storageError(err); serr != nil {
			return serr
		}
		return notABook(b.path, err)
	}
	var appID, version, objects int
	if err := b.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return refuse(err)
	}
	if err := b.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return refuse(err)
	}
	// Reading the schema parses it, which finds a damaged sqlite_schema.
	if err := b.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&objects); err != nil {
		return refuse(err)
	}
	if appID != 0 && appID != ApplicationID {
		return foreignBook(b.path)
	}
	if appID == 0 && objects > 0 {
		return foreignBook(b.path)
	}
	if version > len(migrations) {
		return newerBook(b.path)
	}
	return nil
}

// Path is the book's file.
func (b *Book) Path() string { return b.path }

// SchemaVersion is the schema version of the open book (its user_version):
// this Clientbook's SchemaVersion() once it is upgraded.
func (b *Book) SchemaVersion() (int, error) {
	var v int
	if err := b.db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return 0, domain.Internal("read the book's schema version", err)
	}
	return v, nil
}

// Clients stores clients and contacts.
func (b *Book) Clients() domain.ClientService { return &clientService{b} }

// Catalog is the book's tax rates and catalog items.
func (b *Book) Catalog() domain.CatalogService { return &catalogService{b} }

// Company is the book's own company settings.
func (b *Book) Company() domain.CompanyService { return &companyService{b} }

// Reports answers questions across the whole book.
func (b *Book) Reports() domain.ReportService { return &reportService{b} }

// Documents is the book's invoices, quotes and credit notes.
func (b *Book) Documents() domain.DocumentService { return &documentService{b} }

// Contracts is the book's contracts and their recurring billing.
func (b *Book) Contracts() domain.ContractService { return &contractService{b} }

// Activities is the book's client timelines and follow-up tasks.
func (b *Book) Activities() domain.ActivityService { return &activityService{b} }

// Complaints is the book's client complaints.
func (b *Book) Complaints() domain.ComplaintService { return &complaintService{b} }

// Opportunities is the book's sales pipeline.
func (b *Book) Opportunities() domain.OpportunityService { return &opportunityService{b} }

// Targets is the book's revenue targets.
func (b *Book) Targets() domain.TargetService { return &targetService{b} }

// Payments is the book's payments received and what clients owe.
func (b *Book) Payments() domain.PaymentService { return &paymentService{b} }

// Statements draws up client statements.
func (b *Book) Statements() domain.StatementService { return &statementService{b} }

// Collections stores the collection log.
func (b *Book) Collections() domain.CollectionService { return &collectionService{b} }

// Reminders keeps the reminder levels and queues reminders.
func (b *Book) Reminders() domain.ReminderService { return &reminderService{b} }

// Outbox keeps the emails waiting to be sent and sends them.
func (b *Book) Outbox() domain.OutboxService { return &outboxService{b: b} }

// Close checkpoints and closes the book and releases its lock.
func (b *Book) Close() error {
	if b.db == nil || b.closed.Swap(true) {
		return nil
	}
	if b.cancel != nil {
		b.cancel()
	}
	// b.db stays: a read that races the close gets sql.ErrDBClosed, not a
	// nil pointer (the window's reminder ticker reads in the background).
	err := b.db.Close()
	if b.lock != nil {
		b.lock.release()
		b.lock = nil
	}
	if err != nil {
		return domain.Internal("close the book", err)
	}
	return nil
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "unknown"
}

func notABook(path string, cause error) error {
	return &domain.Error{Code: domain.EINVALID, Message: fmt.Sprintf("%s is not a Clientbook book.", path), Err: cause}
}

func foreignBook(path string) error {
	return domain.Errorf(domain.EINVALID, "%s is a database of another application, not a Clientbook book. It was left unchanged.", path)
}

func newerBook(path string) error {
	return domain.Errorf(domain.EINVALID, "%s was written by a newer version of Clientbook; update Clientbook to open it. It was left unchanged.", path)
}

func damagedBook(path, detail string) error {
	return domain.Errorf(domain.EINVALID, "%s is damaged (%s). Open a backup copy instead; the damaged file was left unchanged.", path, detail)
}

// errNotSQLite is the cause recorded when a file's header is not SQLite's.
var errNotSQLite = errors.New("no SQLite header")
