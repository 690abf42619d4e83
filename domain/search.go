package domain

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldSpecial spells letters that do not decompose into a base letter and an
// accent the way people type them on a plain keyboard.
var foldSpecial = map[rune]string{
	'ß': "ss", 'æ': "ae", 'ø': "o", 'ł': "l", 'đ': "d", 'œ': "oe", 'þ': "th", 'ð': "d", 'ı': "i", 'ħ': "h",
}

// FoldSearch returns s as search compares it: lower case, accents removed and
// special letters spelled out, so "Zürich" and "zurich", "Straße" and
// "strasse", "Øresund" and "oresund" match. It is the one place text is
// folded for searching and sorting.
func FoldSearch(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case foldSpecial[r] != "":
			b.WriteString(foldSpecial[r])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
