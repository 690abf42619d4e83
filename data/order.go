package data

import (
	"context"
	"database/sql"
	"errors"
	"strings"
)

// orderClause is the ORDER BY of cols, each in the same direction.
func orderClause(cols []string, desc bool) string {
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	parts := make([]string, len(cols))
	for i, col := range cols {
		parts[i] = col + dir
	}
	return " ORDER BY " + strings.Join(parts, ", ")
}

// andWhere adds cond to a WHERE clause, which may be empty.
func andWhere(where, cond string) string {
	if where == "" {
		return " WHERE " + cond
	}
	return where + " AND " + cond
}

// nullableKeys are the sort columns that may hold NULL (a draft has no
// number yet, a message not sent no time it was); SQLite sorts NULL before
// every value.
var nullableKeys = map[string]bool{"d.number": true, "o.sent_at": true}

// orderColumns are the columns a list sorted by one of its sort keys is
// ordered by, and whether downwards: those cols names for key, the last of
// them a unique one so pages are stable, or fallback (the list's usual
// order) for a key that is not in cols, such as the empty one. The keys are
// a whitelist: nothing the caller passes reaches the SQL.
func orderColumns(cols map[string][]string, key string, desc bool, fallback []string, fallbackDesc bool) ([]string, bool) {
	if c, ok := cols[key]; ok {
		return c, desc
	}
	return fallback, fallbackDesc
}

// afterKey is the condition keeping the rows that come after a row whose
// values in the sort columns cols are vals, in an order by cols all upwards
// or all downwards whose last column is unique (the id): a page read by key
// rather than by OFFSET, which reads the rows it shows and no more. Without
// a NULL to step over it is a row value, (a, b, id) > (?, ?, ?), which
// SQLite compares along an index of those columns; with one it is spelled
// out column by column.
func afterKey(cols []string, vals []any, desc bool) (string, []any) {
	op := " > "
	if desc {
		op = " < "
	}
	plain := true
	for i, c := range cols {
		if vals[i] == nil || (desc && nullableKeys[c]) {
			plain = false
		}
	}
	if plain {
		return "(" + strings.Join(cols, ", ") + ")" + op + "(" + strings.Repeat("?, ", len(cols)-1) + "?)", vals
	}
	var terms []string
	var args []any
	for i, c := range cols {
		var parts []string
		var targs []any
		for j := 0; j < i; j++ {
			if vals[j] == nil {
				parts = append(parts, cols[j]+" IS NULL")
			} else {
				parts = append(parts, cols[j]+" = ?")
				targs = append(targs, vals[j])
			}
		}
		switch {
		case vals[i] == nil && desc:
			continue // NULL comes last going down: only its ties follow it
		case vals[i] == nil:
			parts = append(parts, c+" IS NOT NULL")
		case desc && nullableKeys[c]:
			parts = append(parts, "("+c+" < ? OR "+c+" IS NULL)")
			targs = append(targs, vals[i])
		default:
			parts = append(parts, c+op+"?")
			targs = append(targs, vals[i])
		}
		terms = append(terms, "("+strings.Join(parts, " AND ")+")")
		args = append(args, targs...)
	}
	if len(terms) == 0 {
		return "0", nil
	}
	return "(" + strings.Join(terms, " OR ") + ")", args
}

// keyOf reads the values of the sort columns cols of the row with the given
// id (idCol) from from, for afterKey; false when the row is gone, so the
// caller pages by offset instead.
// startAfter narrows a list query's where to the rows after row id in the
// order cols (reversed with desc) — a page read by key — when that row is
// still there; the page then starts where the narrowed rows do (offset 0).
// With id 0, or the row gone, where, args and offset come back as given.
func startAfter(ctx context.Context, q queryer, from, idCol string, cols []string, desc bool, id int64,
	where string, args []any, offset int) (string, []any, int, error) {
	if id == 0 {
		return where, args, offset, nil
	}
	key, ok, err := keyOf(ctx, q, from, idCol, cols, id)
	if err != nil || !ok {
		return where, args, offset, err
	}
	cond, condArgs := afterKey(cols, key, desc)
	return andWhere(where, cond), append(args, condArgs...), 0, nil
}

func keyOf(ctx context.Context, q queryer, from, idCol string, cols []string, id int64) ([]any, bool, error) {
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	err := q.QueryRowContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+from+` WHERE `+idCol+` = ?`, id).Scan(ptrs...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return vals, true, nil
}

// pageClause appends LIMIT and OFFSET for a page of a list; Limit 0 is no limit.
func pageClause(q string, args []any, offset, limit int) (string, []any) {
	if limit > 0 {
		return q + ` LIMIT ? OFFSET ?`, append(args, limit, offset)
	}
	if offset > 0 {
		return q + ` LIMIT -1 OFFSET ?`, append(args, offset)
	}
	return q, args
}
