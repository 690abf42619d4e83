package data

import (
	"context"
	"fmt"
	"strings"

	"clientbook/domain"
)

// Verify runs SQLite's full integrity_check over the book: every page, every
// b-tree and every index entry against its table row. It is too slow to run
// on every open of a large book (tens of seconds at 100,000 invoices), so the
// app runs it in the background after opening and before every backup, and
// `clientbookctl check` runs it on demand.
//
// When it finds damage it returns a domain.Error naming it and marks the book
// damaged: from then on every write is refused with the same message, so a
// damaged book is not written to further while the person restores a backup.
func (b *Book) Verify(ctx context.Context) error {
	if b.closed.Load() {
		return domain.Errorf(domain.ECONFLICT, "The book is closed.")
	}
	if b.closing != nil {
		var stop context.CancelFunc
		ctx, stop = context.WithCancel(ctx)
		defer stop()
		defer context.AfterFunc(b.closing, stop)()
	}
	problems, err := b.integrity(ctx, "integrity_check", 10)
	if err != nil {
		if ctx.Err() != nil {
			return domain.Errorf(domain.ECONFLICT, "The check for damage was stopped before it finished.")
		}
		if derr := b.storageError(err); derr != nil {
			return derr
		}
		return domain.Internal("check the book for damage", err)
	}
	if len(problems) > 0 {
		return b.markDamaged(strings.Join(problems, "; "))
	}
	return nil
}

// Damage is the damage Verify (or a failed read or write) found in this
// book since it was opened, nil while none was found.
func (b *Book) Damage() error {
	if e := b.damage.Load(); e != nil {
		return e
	}
	return nil
}

// markDamaged records that the book is damaged and returns the error every
// later write gets.
func (b *Book) markDamaged(detail string) error {
	e := damagedOpenBook(b.path, detail)
	b.damage.CompareAndSwap(nil, e)
	return b.damage.Load()
}

// integrity runs PRAGMA integrity_check or quick_check with at most max
// problems reported and returns them (none when the book is sound).
func (b *Book) integrity(ctx context.Context, pragma string, max int) ([]string, error) {
	rows, err := b.db.QueryContext(ctx, fmt.Sprintf("PRAGMA %s(%d)", pragma, max))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return nil, err
		}
		if msg != "ok" {
			out = append(out, msg)
		}
	}
	return out, rows.Err()
}

func damagedOpenBook(path, detail string) *domain.Error {
	return &domain.Error{Code: domain.EINVALID, Message: "The book " + path + " is damaged (" + detail +
		"). Nothing more will be written to it: restore it from a backup (File ▸ Restore from backup…)."}
}
