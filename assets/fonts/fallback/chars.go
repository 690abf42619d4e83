//go:build ignore

// chars prints, one "U+XXXX" a line, the characters the CJK fallback font is
// cut down to (see make.sh): the kana, CJK punctuation and full-width forms;
// the 2,350 Hangul syllables of KS X 1001; and the ideographs of GB 2312
// level 1 (the 3,755 most used in simplified Chinese), JIS X 0208 level 1
// (2,965, the common Japanese kanji) and Big5's frequent ones (5,401, the
// common traditional characters). Rarer characters print from the system's
// fonts where there are any, or as a box.
package main

import (
	"fmt"
	"sort"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// encodes reports the bytes enc writes for r, or nil.
func encodes(enc encoding.Encoding, r rune) []byte {
	b, err := enc.NewEncoder().Bytes([]byte(string(r)))
	if err != nil {
		return nil
	}
	return b
}

func main() {
	set := map[rune]bool{}
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			set[r] = true
		}
	}
	add(0x3000, 0x303F) // CJK symbols and punctuation
	add(0x3040, 0x309F) // hiragana
	add(0x30A0, 0x30FF) // katakana
	add(0x31F0, 0x31FF) // katakana phonetic extensions
	add(0x3130, 0x318F) // Hangul compatibility jamo
	add(0xFF00, 0xFFEF) // half-width and full-width forms
	for r := rune(0xAC00); r <= 0xD7A3; r++ {
		if b := encodes(korean.EUCKR, r); len(b) == 2 && b[0] >= 0xB0 && b[0] <= 0xC8 {
			set[r] = true
		}
	}
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if b := encodes(simplifiedchinese.GBK, r); len(b) == 2 && b[0] >= 0xB0 && b[0] <= 0xD7 && b[1] >= 0xA1 {
			set[r] = true // GB 2312 level 1
		}
		if b := encodes(japanese.EUCJP, r); len(b) == 2 && b[0] >= 0xB0 && b[0] <= 0xCF {
			set[r] = true // JIS X 0208 level 1
		}
		if b := encodes(traditionalchinese.Big5, r); len(b) == 2 && b[0] >= 0xA4 && (b[0] < 0xC6 || b[0] == 0xC6 && b[1] < 0xA1) {
			set[r] = true // Big5 frequent (A440–C67E)
		}
	}
	var rs []rune
	for r := range set {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
	for _, r := range rs {
		fmt.Printf("U+%04X\n", r)
	}
}
