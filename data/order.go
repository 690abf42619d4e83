package data

import "strings"

// orderBy is the ORDER BY of a list sorted by one of its sort keys: the
// columns cols names for key, each in the direction asked, the last of them
// a unique one so pages are stable. A key that is not in cols (the empty
// one) gives fallback, the list's usual order. The keys are a whitelist:
// nothing the caller passes reaches the SQL.
func orderBy(cols map[string][]string, key string, desc bool, fallback string) string {
	c, ok := cols[key]
	if !ok {
		return fallback
	}
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	parts := make([]string, len(c))
	for i, col := range c {
		parts[i] = col + dir
	}
	return " ORDER BY " + strings.Join(parts, ", ")
}
