package domain

import "fmt"

// ChainReport is what verifying a book's tamper evidence found: whether every
// audit entry still follows the one before it, whether the latest entry is the
// one the book last recorded, and whether every issued document still says
// what it said when it was issued.
//
// The evidence is an unkeyed hash chain kept inside the book. It shows edits
// made behind Clientbook's back (with a SQLite tool, by a script, by a faulty
// program) that did not also recompute the chain. Someone who knows how the
// chain is computed and can write the file can rebuild it after an edit, and
// the report will then be clean; only a head remembered outside the book
// (Head, HeadEntry) exposes that, by no longer being found in the chain.
type ChainReport struct {
	// Entries is how many audit entries were checked.
	Entries int
	// Documents is how many issued (or since voided, accepted…) documents
	// were checked against what was sealed when they were issued.
	Documents int
	// HeadEntry is the latest audit entry and Head its link (hex SHA-256).
	// Kept somewhere else, they let a later check notice the chain having
	// been rebuilt or cut short.
	HeadEntry int64
	Head      string
	// Broken names the first broken link in words a person can act on; empty
	// when the book verifies.
	Broken string
	// BrokenEntry is the audit entry at or before which the chain breaks, and
	// BrokenDocument the document that no longer matches; 0 when not known.
	BrokenEntry    int64
	BrokenDocument int64
}

// OK reports whether the book verified.
func (r ChainReport) OK() bool { return r.Broken == "" }

// String is the report in one or two sentences.
func (r ChainReport) String() string {
	if r.OK() {
		return fmt.Sprintf("The book verifies: %s audit %s and %s issued %s are as they were written.",
			Thousands(int64(r.Entries)), pluralOf(r.Entries, "entry", "entries"),
			Thousands(int64(r.Documents)), pluralOf(r.Documents, "document", "documents"))
	}
	return r.Broken + " " + ChainAdvice
}

// ChainAdvice is what to do about a broken chain.
const ChainAdvice = "The book was changed outside Clientbook. Keep this copy aside as evidence, and restore the book from a backup taken before the change if its records matter."

// Thousands writes n with a comma between groups of three digits: 1,234.
func Thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return neg + s
}

func pluralOf(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
