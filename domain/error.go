// Package domain is Clientbook's business: the records an account manager keeps,
// the rules they obey and the services that store them. It knows nothing of
// widgets or SQL; data/ implements its services and gui/ calls them.
package domain

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. Every error that reaches a person carries one of them.
const (
	ECONFLICT = "conflict"  // the action clashes with the book's state (in use, already exists, locked)
	EINTERNAL = "internal"  // something broke that the user cannot fix by changing input
	EINVALID  = "invalid"   // input fails validation; Fields says where
	ENOTFOUND = "not_found" // the record does not exist
)

// Error is an error fit to show a person. Message is a full sentence; Fields maps
// a form field's key (e.g. "name", "contacts.1.email") to the message to show
// beside it.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
	Err     error // the underlying cause, for logs
}

func (e *Error) Error() string {
	if e.Err != nil && e.Code == EINTERNAL {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Internal wraps an unexpected failure with what was being done.
func Internal(what string, err error) *Error {
	return &Error{Code: EINTERNAL, Message: "could not " + what, Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic sentence for other errors, so that raw driver text never reaches a
// person.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Something went wrong: " + err.Error()
}

// FieldErrors returns the per-field messages of a validation error, or nil.
func FieldErrors(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// validation collects field messages while a record is checked.
type validation struct {
	what   string
	fields map[string]string
}

func (v *validation) add(field, format string, args ...any) {
	if v.fields == nil {
		v.fields = map[string]string{}
	}
	if _, seen := v.fields[field]; !seen {
		v.fields[field] = fmt.Sprintf(format, args...)
	}
}

// err returns nil when nothing was added, else one EINVALID error whose message
// lists every problem in a stable order.
func (v *validation) err() error {
	if len(v.fields) == 0 {
		return nil
	}
	keys := make([]string, 0, len(v.fields))
	for k := range v.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	msgs := make([]string, len(keys))
	for i, k := range keys {
		msgs[i] = v.fields[k]
	}
	return &Error{
		Code:    EINVALID,
		Message: fmt.Sprintf("%s not saved: %s.", v.what, strings.Join(msgs, "; ")),
		Fields:  v.fields,
	}
}
