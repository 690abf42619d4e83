package data

import (
	"context"
	"fmt"

	"clientbook/domain"
)

// Check is a health report of a book, for `clientbookctl check`.
type Check struct {
	Path          string
	SchemaVersion int
	Latest        int  // the schema version this Clientbook writes
	ApplicationOK bool // the file carries Clientbook's application id
	Integrity     []string
	// Drift names, up to ten, the documents whose kept open amount
	// (migration 19) differs from what their payments and credit notes
	// leave, and up to ten kept monthly figures (migration 21) that differ
	// from the documents'; none in a sound book.
	Drift  []string
	Counts []TableCount
}

// TableCount is the number of rows in one table.
type TableCount struct {
	Table string
	Rows  int64
}

// OK reports whether the book is sound.
func (c Check) OK() bool {
	return c.ApplicationOK && c.SchemaVersion == c.Latest && len(c.Integrity) == 1 && c.Integrity[0] == "ok" && len(c.Drift) == 0
}

// Check runs SQLite's full integrity_check, compares every document's kept
// open amount with its rows, and counts the rows of every ordinary table (not
// the search index's internal ones).
func (b *Book) Check(ctx context.Context) (Check, error) {
	c := Check{Path: b.path, Latest: SchemaVersion()}
	var appID int
	if err := b.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return c, domain.Internal("check the book", err)
	}
	c.ApplicationOK = appID == ApplicationID
	if err := b.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&c.SchemaVersion); err != nil {
		return c, domain.Internal("check the book", err)
	}
	rows, err := b.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return c, domain.Internal("check the book", err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return c, domain.Internal("check the book", err)
		}
		c.Integrity = append(c.Integrity, s)
	}
	rows.Close()
	if c.SchemaVersion == c.Latest {
		if c.Drift, err = openDrift(ctx, b.db, 10); err != nil {
			return c, domain.Internal("check the book's open amounts", err)
		}
		months, err := monthDrift(ctx, b.db, 10)
		if err != nil {
			return c, domain.Internal("check the book's monthly figures", err)
		}
		c.Drift = append(c.Drift, months...)
	}
	tables, err := b.db.QueryContext(ctx, `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return c, domain.Internal("check the book", err)
	}
	var names []string
	for tables.Next() {
		var n string
		if err := tables.Scan(&n); err != nil {
			tables.Close()
			return c, domain.Internal("check the book", err)
		}
		names = append(names, n)
	}
	tables.Close()
	for _, n := range names {
		var rowsN int64
		if err := b.db.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) FROM "%s"`, n)).Scan(&rowsN); err != nil {
			return c, domain.Internal("count "+n, err)
		}
		c.Counts = append(c.Counts, TableCount{n, rowsN})
	}
	return c, nil
}
