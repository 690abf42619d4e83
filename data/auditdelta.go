package data

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
)

// Audit entry formats: how an entry's before_json and after_json say what
// changed. The format is part of the entry's link (see chain.go), so an
// entry cannot be made to read in another format without breaking the chain.
const (
	// auditFull (books up to schema 19): each side is the whole record, as
	// JSON, before and after the change.
	auditFull = 1
	// auditDelta (from schema 20): a new record's after_json and a removed
	// one's before_json hold the record without its empty fields (zero
	// numbers, false, empty text, null, empty lists and objects, the zero
	// time): they read back as those. A change holds only what changed:
	// before_json the old values, after_json the new ones, under the same
	// keys; a field inside an object is named inside that object, an element
	// of a list that kept its length as "#i" (its position); a list that
	// changed its length is written whole. A change that changed nothing is
	// "{}" on both sides.
	auditDelta = 2
)

// auditFormatFrom is the schema version from which the audit log has its
// format column and entries are written as auditDelta.
const auditFormatFrom = 20

// auditPayloads turns a record before and after a change (nil for none) into
// the entry's before_json and after_json in the given format.
func auditPayloads(format int, before, after any) (sql.NullString, sql.NullString, error) {
	enc := func(v any) (sql.NullString, error) {
		if v == nil {
			return sql.NullString{}, nil
		}
		b, err := json.Marshal(v)
		return sql.NullString{String: string(b), Valid: true}, err
	}
	if format == auditFull {
		b, err := enc(before)
		if err != nil {
			return b, b, err
		}
		a, err := enc(after)
		return b, a, err
	}
	bv, err := generic(before)
	if err != nil {
		return sql.NullString{}, sql.NullString{}, err
	}
	av, err := generic(after)
	if err != nil {
		return sql.NullString{}, sql.NullString{}, err
	}
	switch {
	case before == nil:
		av = prune(av)
	case after == nil:
		bv = prune(bv)
	default:
		bm, am := diffJSON(bv, av)
		if bm == nil {
			bm, am = map[string]any{}, map[string]any{}
		}
		bv, av = bm, am
	}
	if before == nil {
		bv = nil
	}
	if after == nil {
		av = nil
	}
	b, err := enc(bv)
	if err != nil {
		return b, b, err
	}
	a, err := enc(av)
	return b, a, err
}

// generic is v as encoding/json reads its JSON into an any, numbers kept as
// written.
func generic(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	return out, nil
}

// zeroTime is how encoding/json writes a zero time.Time.
const zeroTime = "0001-01-01T00:00:00Z"

// empty reports whether a pruned value is one a field of its type reads
// back as when it is missing.
func empty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case bool:
		return !v
	case string:
		return v == "" || v == zeroTime
	case json.Number:
		return v == "0"
	case map[string]any:
		return len(v) == 0
	case []any:
		return len(v) == 0
	}
	return false
}

// prune drops the empty fields of every object in v.
func prune(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			if x = prune(x); !empty(x) {
				out[k] = x
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = prune(x)
		}
		return out
	}
	return v
}

// diffJSON is what differs between the objects or lists x and y, as the old
// and the new values (both nil when nothing does). Objects are compared field
// by field and lists of the same length element by element, each difference
// named by its key or "#i"; anything else (a list that grew or shrank, a value
// that changed type) is written whole.
func diffJSON(x, y any) (map[string]any, map[string]any) {
	xs, ys := fieldsOf(x, y)
	if xs == nil {
		return nil, nil
	}
	bm, am := map[string]any{}, map[string]any{}
	for _, k := range unionKeys(xs, ys) {
		xv, xok := xs[k]
		yv, yok := ys[k]
		switch {
		case xok && yok && reflect.DeepEqual(xv, yv):
			continue
		case xok && yok:
			if b, a := diffJSON(xv, yv); b != nil {
				bm[k], am[k] = b, a
				continue
			}
		}
		if xok {
			bm[k] = prune(xv)
		}
		if yok {
			am[k] = prune(yv)
		}
	}
	if len(bm) == 0 && len(am) == 0 {
		return nil, nil
	}
	return bm, am
}

// unionKeys is every key of a and b, once each, sorted.
func unionKeys[V any](a, b map[string]V) []string {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// fieldsOf is two objects' fields, or two lists' elements keyed "#i" when
// the lists are as long as each other; nil for anything else.
func fieldsOf(x, y any) (map[string]any, map[string]any) {
	switch x := x.(type) {
	case map[string]any:
		if y, ok := y.(map[string]any); ok {
			return x, y
		}
	case []any:
		y, ok := y.([]any)
		if !ok || len(x) != len(y) {
			return nil, nil
		}
		xs, ys := make(map[string]any, len(x)), make(map[string]any, len(y))
		for i := range x {
			k := fmt.Sprintf("#%d", i)
			xs[k], ys[k] = x[i], y[i]
		}
		return xs, ys
	}
	return nil, nil
}
