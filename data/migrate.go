package data

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"clientbook/domain"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrations are the schema's steps in order; the book's user_version is the
// number of steps applied.
var migrations = loadMigrations()

func loadMigrations() []string {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, n := range names {
		if want := fmt.Sprintf("migrations/%04d_", i+1); len(n) < len(want) || n[:len(want)] != want {
			panic("migration " + n + " is out of sequence; want " + want + "…")
		}
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			panic(err)
		}
		out[i] = string(b)
	}
	return out
}

// migrationNumber is the number of the migration whose file is named
// NNNN_name.sql: the schema version from which what it brings is there.
func migrationNumber(name string) int {
	names, err := fs.Glob(migrationFS, "migrations/*_"+name+".sql")
	if err != nil || len(names) != 1 {
		panic("no migration named " + name)
	}
	n, err := strconv.Atoi(strings.TrimPrefix(names[0], "migrations/")[:4])
	if err != nil {
		panic(err)
	}
	return n
}

// migrationSteps are Go steps run right after the SQL of the migration to the
// version they are keyed by, in the same transaction: what SQL alone cannot
// do (SQLite has no SHA-256).
var migrationSteps = map[int]func(tx *Tx) error{
	13: sealExisting,
	19: keepAllOpen,
	21: keepAllMonths,
	22: packExisting,
	27: blockExisting,
	28: keepAllPaidOn,
}

// SchemaVersion is the schema version this Clientbook writes.
func SchemaVersion() int { return len(migrations) }

// A Release is a version of Clientbook and the book schema it writes. It
// reads every book up to that schema, upgrading an older one after copying it
// aside, and refuses a newer one without changing it.
type Release struct {
	Version string // as in FyneApp.toml
	Schema  int
}

// Releases lists Clientbook's versions, oldest first, with the schema each
// writes; the last row is this build. Adding a migration raises the last row's
// Schema while its version is unreleased, or adds a row for the next version.
// TestReleasesCoverEveryMigration holds the table to the migrations and to
// FyneApp.toml.
var Releases = []Release{
	{Version: "0.1.0", Schema: 28},
}

// FirstReader is the first Clientbook version that reads a book of the given
// schema version; false for a schema no release writes.
func FirstReader(schema int) (string, bool) {
	for _, r := range Releases {
		if schema >= 1 && schema <= r.Schema {
			return r.Version, true
		}
	}
	return "", false
}

// Compatibility says in a sentence which Clientbook versions read a book of
// the given schema version, for Help ▸ About and --version.
func Compatibility(schema int) string {
	v, ok := FirstReader(schema)
	switch {
	case !ok && schema > SchemaVersion():
		return fmt.Sprintf("Schema version %d is newer than this Clientbook reads (up to %d): a newer Clientbook wrote it.", schema, SchemaVersion())
	case !ok:
		return fmt.Sprintf("Schema version %d is not one Clientbook writes.", schema)
	}
	return fmt.Sprintf("Schema version %d: read by Clientbook %s and later; an older Clientbook refuses it without changing it.", schema, v)
}

// migrate brings the book to the latest schema, each step in its own
// transaction. An existing book is copied aside first.
func (b *Book) migrate() error {
	ctx := context.Background()
	var version int
	if err := b.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return domain.Internal("read the book's version", err)
	}
	if version == len(migrations) {
		return nil
	}
	if version > 0 {
		if err := b.backup(ctx, version); err != nil {
			return err
		}
	}
	for i := version; i < len(migrations); i++ {
		tx, err := b.db.BeginTx(ctx, nil)
		if err != nil {
			return domain.Internal("upgrade the book", err)
		}
		if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
			tx.Rollback()
			return domain.Internal(fmt.Sprintf("upgrade the book to version %d", i+1), err)
		}
		if step := migrationSteps[i+1]; step != nil {
			if err := step(&Tx{Tx: tx, ctx: ctx, now: time.Now().UTC(), actor: b.actor, schema: i + 1}); err != nil {
				tx.Rollback()
				return domain.Internal(fmt.Sprintf("upgrade the book to version %d", i+1), err)
			}
		}
		stmt := fmt.Sprintf("PRAGMA user_version = %d", i+1)
		if i == 0 {
			stmt += fmt.Sprintf("; PRAGMA application_id = %d", ApplicationID)
		}
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			tx.Rollback()
			return domain.Internal("record the book's version", err)
		}
		if err := tx.Commit(); err != nil {
			return domain.Internal(fmt.Sprintf("upgrade the book to version %d", i+1), err)
		}
	}
	// Migration 22 packs the audit log and moves the snapshots, which frees
	// most of an older book's pages, and migration 27 packs it in blocks,
	// which frees most of the rest of the log's; VACUUM gives them back to
	// the disk.
	if version > 0 && version < compactFrom && len(migrations) >= compactFrom {
		if _, err := b.db.ExecContext(ctx, "VACUUM"); err != nil {
			return domain.Internal("compact the upgraded book", err)
		}
	}
	return nil
}

// compactFrom is the latest schema version whose upgrade is followed by a
// VACUUM: an upgrade from before it compacts the book.
var compactFrom = auditBlocksFrom

// backup copies the whole book, consistently, beside it before an upgrade:
// VACUUM INTO a temporary file, then a rename, so a half-written copy never
// carries the backup's name. The temporary file is made owner-only before
// SQLite writes a byte to it (VACUUM INTO fills an existing empty file), and
// one an interrupted upgrade left behind is removed.
func (b *Book) backup(ctx context.Context, version int) error {
	name := fmt.Sprintf("%s.before-v%d-%s.bak", b.path, len(migrations), time.Now().UTC().Format("20060102T150405"))
	tmp := name + ".tmp"
	if old, _ := filepath.Glob(b.path + ".before-v*.bak.tmp"); len(old) > 0 {
		for _, o := range old {
			os.Remove(o)
		}
	}
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return domain.Internal(fmt.Sprintf("copy the version %d book aside before upgrading it", version), err)
	}
	f.Close()
	if _, err := b.db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return domain.Internal(fmt.Sprintf("copy the version %d book aside before upgrading it", version), err)
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return domain.Internal("name the backup", err)
	}
	syncDir(filepath.Dir(name))
	return nil
}

// Backups lists the copies taken before upgrades of the book at path, oldest first.
func Backups(path string) ([]string, error) {
	m, err := filepath.Glob(path + ".before-v*.bak")
	sort.Strings(m)
	return m, err
}
