package data

import (
	"bytes"
	"compress/flate"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestDeflateDictReadByFlate: whatever deflateDict writes, compress/flate
// reads back as the input, with the same dictionary: empty input, long runs
// (the longest match), text longer than the window, bytes of every value,
// input sharing most of the dictionary.
func TestDeflateDictReadByFlate(t *testing.T) {
	dict := []byte(auditDict1)
	d := newDeflateDict(dict)
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 5000)
	for i := range random {
		random[i] = byte(rng.IntN(256))
	}
	words := []string{"invoice", "Status", "draft", "issued", "€", "Zürich", "\x00", `"ID":`, "1", "2"}
	var text strings.Builder
	for text.Len() < 100000 {
		text.WriteString(words[rng.IntN(len(words))])
	}
	inputs := [][]byte{nil, {0}, []byte("a"), []byte("aaaa"), bytes.Repeat([]byte("a"), 1000),
		bytes.Repeat([]byte("abc"), 20000), random, []byte(text.String()), dict, append(append([]byte{}, dict...), dict...)}
	for _, in := range inputs {
		packed := d.compress(nil, in)
		got, err := io.ReadAll(flate.NewReaderDict(bytes.NewReader(packed), dict))
		if err != nil || !bytes.Equal(got, in) {
			t.Errorf("%d bytes (%.20q…): read back %d bytes, %v", len(in), in, len(got), err)
		}
	}
	// Repetitive text shrinks; what the dictionary holds shrinks to little.
	if n := len(d.compress(nil, bytes.Repeat([]byte("abc"), 20000))); n > 1000 {
		t.Errorf("60,000 repeated bytes packed into %d", n)
	}
	if n := len(d.compress(nil, dict)); n > len(dict)/20 {
		t.Errorf("the dictionary itself packed into %d bytes", n)
	}
}

func FuzzDeflateDict(f *testing.F) {
	f.Add([]byte(`{"Status":"draft","Number":""}`))
	f.Add([]byte{})
	d := newDeflateDict([]byte(auditDict1))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := io.ReadAll(flate.NewReaderDict(bytes.NewReader(d.compress(nil, in)), []byte(auditDict1)))
		if err != nil || !bytes.Equal(got, in) {
			t.Fatalf("read back %q (%v), want %q", got, err, in)
		}
	})
}
