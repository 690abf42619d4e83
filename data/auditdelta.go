package data

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"unicode/utf8"
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
//
// For auditDelta each side is marshalled once and worked on as JSON text
// (jsonCanon): what it writes is byte for byte what encoding/json writes for
// the map[string]any it would read that JSON into (numbers kept as written)
// — keys sorted, empty fields left out — without building those maps, which
// cost a tenth of the demo build.
func auditPayloads(format int, before, after any) (sql.NullString, sql.NullString, error) {
	if format == auditFull {
		b, err := encSide(before)
		if err != nil {
			return b, b, err
		}
		a, err := encSide(after)
		return b, a, err
	}
	switch {
	case before == nil && after == nil:
		return sql.NullString{}, sql.NullString{}, nil
	case before == nil:
		a, err := canonicalJSON(after, true)
		return sql.NullString{}, jsonText(a), err
	case after == nil:
		b, err := canonicalJSON(before, true)
		return jsonText(b), sql.NullString{}, err
	}
	x, err := canonicalJSON(before, false)
	if err != nil {
		return sql.NullString{}, sql.NullString{}, err
	}
	y, err := canonicalJSON(after, false)
	if err != nil {
		return sql.NullString{}, sql.NullString{}, err
	}
	b, a, ok, err := diffJSON(x, y, make([]byte, 0, 256), make([]byte, 0, 256))
	if err != nil {
		return sql.NullString{}, sql.NullString{}, err
	}
	if !ok {
		b, a = []byte("{}"), []byte("{}")
	}
	return jsonText(b), jsonText(a), nil
}

// encSide is v's JSON, NULL for none.
func encSide(v any) (sql.NullString, error) {
	if v == nil {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(v)
	return sql.NullString{String: string(b), Valid: true}, err
}

// jsonText is the column for the JSON j: NULL for a null.
func jsonText(j []byte) sql.NullString {
	if j == nil || string(j) == "null" {
		return sql.NullString{}
	}
	return sql.NullString{String: string(j), Valid: true}
}

// canonicalJSON is v's JSON with every object's keys sorted and, with prune,
// its empty fields left out.
func canonicalJSON(v any, prune bool) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	out, err := canonical(b, prune, make([]byte, 0, len(b)))
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	return out, nil
}

// canonical appends the JSON value b (compact, as encoding/json writes it)
// to out with every object's keys sorted and, with prune, its empty fields
// left out.
func canonical(b []byte, prune bool, out []byte) ([]byte, error) {
	c := jsonCanon{b: b}
	out, err := c.value(out, prune)
	if err == nil && c.i != len(b) {
		err = errBadJSON
	}
	return out, err
}

var errBadJSON = errors.New("unexpected JSON")

// jsonCanon reads JSON text and writes it canonically.
type jsonCanon struct {
	b     []byte
	i     int
	spans []fieldSpan // the fields of the objects being read, innermost last
	names []byte      // their keys' text
	tmp   []byte
}

// fieldSpan is a field of an object as written to the output: where its
// key's text is in names (which orders it as encoding/json orders a map's
// keys), and where it starts and ends. It holds no pointer, so sorting
// fields costs no write barriers.
type fieldSpan struct {
	name0, name1, start, end int32
}

func (c *jsonCanon) name(f fieldSpan) []byte { return c.names[f.name0:f.name1] }

func (c *jsonCanon) value(out []byte, prune bool) ([]byte, error) {
	if c.i >= len(c.b) {
		return out, errBadJSON
	}
	switch c.b[c.i] {
	case '{':
		return c.object(out, prune)
	case '[':
		c.i++
		out = append(out, '[')
		if c.i < len(c.b) && c.b[c.i] == ']' {
			c.i++
			return append(out, ']'), nil
		}
		for {
			var err error
			if out, err = c.value(out, prune); err != nil {
				return out, err
			}
			if c.i >= len(c.b) {
				return out, errBadJSON
			}
			c.i++
			switch c.b[c.i-1] {
			case ',':
				out = append(out, ',')
				continue
			case ']':
				return append(out, ']'), nil
			}
			return out, errBadJSON
		}
	case '"':
		s, _, err := c.str()
		return append(out, s...), err
	}
	start := c.i
	for c.i < len(c.b) && c.b[c.i] != ',' && c.b[c.i] != '}' && c.b[c.i] != ']' {
		c.i++
	}
	if start == c.i {
		return out, errBadJSON
	}
	return append(out, c.b[start:c.i]...), nil
}

// object reads an object and writes its fields sorted by key.
func (c *jsonCanon) object(out []byte, prune bool) ([]byte, error) {
	c.i++ // {
	out = append(out, '{')
	if c.i < len(c.b) && c.b[c.i] == '}' {
		c.i++
		return append(out, '}'), nil
	}
	base, body, sorted := len(c.spans), len(out), true
	for {
		if c.i >= len(c.b) || c.b[c.i] != '"' {
			return out, errBadJSON
		}
		key, name, err := c.str()
		if err != nil {
			return out, err
		}
		if c.i >= len(c.b) || c.b[c.i] != ':' {
			return out, errBadJSON
		}
		c.i++
		start := len(out)
		out = append(append(out, key...), ':')
		at := len(out)
		if out, err = c.value(out, prune); err != nil {
			return out, err
		}
		if prune && emptyJSON(out[at:]) {
			out = out[:start]
		} else {
			if n := len(c.spans); n > base && bytes.Compare(c.name(c.spans[n-1]), name) >= 0 {
				sorted = false
			}
			n0 := len(c.names)
			c.names = append(c.names, name...)
			c.spans = append(c.spans, fieldSpan{int32(n0), int32(len(c.names)), int32(start), int32(len(out))})
		}
		if c.i >= len(c.b) {
			return out, errBadJSON
		}
		c.i++
		switch c.b[c.i-1] {
		case ',':
			continue
		case '}':
		default:
			return out, errBadJSON
		}
		fields := c.spans[base:]
		if !sorted {
			slices.SortStableFunc(fields, func(a, b fieldSpan) int { return bytes.Compare(c.name(a), c.name(b)) })
		}
		c.tmp = append(c.tmp[:0], out[body:]...)
		out = out[:body]
		for k, f := range fields {
			if k > 0 {
				out = append(out, ',')
			}
			out = append(out, c.tmp[int(f.start)-body:int(f.end)-body]...)
		}
		c.spans = c.spans[:base]
		return append(out, '}'), nil
	}
}

// str reads the string at c.i: as encoding/json would write it again once
// read (which is how it was written, unless it holds bytes that are not
// UTF-8, written as \ufffd and read back as U+FFFD), and its text.
func (c *jsonCanon) str() (quoted, text []byte, err error) {
	start, escaped := c.i, false
	for c.i++; c.i < len(c.b); c.i++ {
		switch c.b[c.i] {
		case '\\':
			c.i++
			escaped = true
		case '"':
			c.i++
			quoted = c.b[start:c.i]
			if !escaped && utf8.Valid(quoted) {
				return quoted, quoted[1 : len(quoted)-1], nil
			}
			var s string
			if err := json.Unmarshal(quoted, &s); err != nil {
				return nil, nil, err
			}
			if quoted, err = json.Marshal(s); err != nil {
				return nil, nil, err
			}
			return quoted, []byte(s), nil
		}
	}
	return nil, nil, errBadJSON
}

// zeroTime is how encoding/json writes a zero time.Time.
const zeroTime = `"0001-01-01T00:00:00Z"`

// emptyJSON reports whether a pruned value is one a field of its type reads
// back as when it is missing: zero, false, empty text, null, an empty list
// or object, the zero time.
func emptyJSON(v []byte) bool {
	switch string(v) {
	case "null", "false", `""`, zeroTime, "0", "{}", "[]":
		return true
	}
	return false
}

// jsonField is a field of a canonical object, or an element of a list named
// "#i": its name (what orders it), its key as written and its value.
type jsonField struct {
	name, key, val []byte
}

// diffJSON appends to before and after what differs between x and y
// (canonical JSON), as the old and the new values; ok is false when nothing
// does. Objects are compared field by field and lists of the same length
// element by element, each difference named by its key or "#i"; anything
// else (a list that grew or shrank, a value that changed type) is written
// whole, pruned.
func diffJSON(x, y, before, after []byte) (b, a []byte, ok bool, err error) {
	xs, ys, ok, err := fieldsOf(x, y)
	if !ok || err != nil {
		return before, after, false, err
	}
	b0, a0 := len(before), len(after)
	before, after = append(before, '{'), append(after, '{')
	nb, na := 0, 0
	add := func(out []byte, n *int, f jsonField) ([]byte, error) {
		if *n > 0 {
			out = append(out, ',')
		}
		*n++
		return canonical(f.val, true, append(append(out, f.key...), ':'))
	}
	i, j := 0, 0
	for (i < len(xs) || j < len(ys)) && err == nil {
		cmp := 0
		switch {
		case i == len(xs):
			cmp = 1
		case j == len(ys):
			cmp = -1
		default:
			cmp = bytes.Compare(xs[i].name, ys[j].name)
		}
		switch {
		case cmp < 0:
			before, err = add(before, &nb, xs[i])
			i++
			continue
		case cmp > 0:
			after, err = add(after, &na, ys[j])
			j++
			continue
		}
		xf, yf := xs[i], ys[j]
		i, j = i+1, j+1
		if bytes.Equal(xf.val, yf.val) {
			continue
		}
		pb, pa := len(before), len(after)
		if nb > 0 {
			before = append(before, ',')
		}
		if na > 0 {
			after = append(after, ',')
		}
		var diffed bool
		before, after, diffed, err = diffJSON(xf.val, yf.val, append(append(before, xf.key...), ':'), append(append(after, yf.key...), ':'))
		if diffed {
			nb, na = nb+1, na+1
			continue
		}
		before, after = before[:pb], after[:pa]
		if err == nil {
			before, err = add(before, &nb, xf)
		}
		if err == nil {
			after, err = add(after, &na, yf)
		}
	}
	if err != nil || (nb == 0 && na == 0) {
		return before[:b0], after[:a0], false, err
	}
	return append(before, '}'), append(after, '}'), true, nil
}

// fieldsOf is two canonical objects' fields, or two lists' elements named
// "#i" (in the order of those names) when the lists are as long as each
// other; ok false for anything else.
func fieldsOf(x, y []byte) (xs, ys []jsonField, ok bool, err error) {
	switch {
	case len(x) == 0 || len(y) == 0 || x[0] != y[0]:
		return nil, nil, false, nil
	case x[0] == '{':
		if xs, err = members(x); err == nil {
			ys, err = members(y)
		}
		return xs, ys, err == nil, err
	case x[0] == '[':
		if xs, err = members(x); err == nil {
			ys, err = members(y)
		}
		if err != nil || len(xs) != len(ys) {
			return nil, nil, false, err
		}
		for i := range xs {
			name := []byte("#" + strconv.Itoa(i))
			key := []byte(`"` + string(name) + `"`)
			xs[i].name, xs[i].key = name, key
			ys[i].name, ys[i].key = name, key
		}
		byName := func(a, b jsonField) int { return bytes.Compare(a.name, b.name) }
		slices.SortFunc(xs, byName)
		slices.SortFunc(ys, byName)
		return xs, ys, true, nil
	}
	return nil, nil, false, nil
}

// members is the fields of the canonical object v, or the elements of the
// list v (their values only).
func members(v []byte) ([]jsonField, error) {
	c := jsonCanon{b: v, i: 1}
	var out []jsonField
	if len(v) == 2 {
		return out, nil
	}
	for c.i < len(v) {
		var f jsonField
		if v[0] == '{' {
			key, name, err := c.str()
			if err != nil {
				return nil, err
			}
			f.key, f.name = key, name
			c.i++ // :
		}
		start := c.i
		if err := c.skip(); err != nil {
			return nil, err
		}
		f.val = v[start:c.i]
		out = append(out, f)
		c.i++ // , or the closing bracket
	}
	return out, nil
}

// skip moves past the value at c.i.
func (c *jsonCanon) skip() error {
	depth := 0
	for ; c.i < len(c.b); c.i++ {
		switch c.b[c.i] {
		case '"':
			if _, _, err := c.str(); err != nil {
				return err
			}
			c.i--
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return nil
			}
			depth--
		case ',':
			if depth == 0 {
				return nil
			}
		}
		if depth == 0 && c.i+1 < len(c.b) && (c.b[c.i+1] == ',' || c.b[c.i+1] == '}' || c.b[c.i+1] == ']') {
			c.i++
			return nil
		}
	}
	return errBadJSON
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
