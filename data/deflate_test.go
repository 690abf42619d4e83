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
		packed := d.compress(nil, nil, in)
		got, err := io.ReadAll(flate.NewReaderDict(bytes.NewReader(packed), dict))
		if err != nil || !bytes.Equal(got, in) {
			t.Errorf("%d bytes (%.20q…): read back %d bytes, %v", len(in), in, len(got), err)
		}
	}
	// With history after the dictionary, read with the dictionary followed
	// by it: matches reach into either, or into both when the history is
	// longer than the window.
	for _, extra := range [][]byte{[]byte(`{"ID":42,"UpdatedAt":"2026-03-01T10:00:00.123Z"}`), random, []byte(text.String())} {
		for _, in := range inputs {
			packed := d.compress(nil, extra, in)
			got, err := io.ReadAll(flate.NewReaderDict(bytes.NewReader(packed), append(append([]byte{}, dict...), extra...)))
			if err != nil || !bytes.Equal(got, in) {
				t.Errorf("after %d bytes of history, %d bytes (%.20q…): read back %d bytes, %v", len(extra), len(in), in, len(got), err)
			}
		}
	}
	if with, without := len(d.compress(nil, []byte("2026-03-01T10:00:00.123456789Z"), []byte(`"At":"2026-03-01T10:00:00.123456789Z"`))),
		len(d.compress(nil, nil, []byte(`"At":"2026-03-01T10:00:00.123456789Z"`))); with >= without-10 {
		t.Errorf("text in the history packed into %d bytes, without it %d", with, without)
	}
	// Repetitive text shrinks; what the dictionary holds shrinks to little.
	if n := len(d.compress(nil, nil, bytes.Repeat([]byte("abc"), 20000))); n > 1000 {
		t.Errorf("60,000 repeated bytes packed into %d", n)
	}
	if n := len(d.compress(nil, nil, dict)); n > len(dict)/20 {
		t.Errorf("the dictionary itself packed into %d bytes", n)
	}
}

func FuzzDeflateDict(f *testing.F) {
	f.Add([]byte(`{"Status":"draft","Number":""}`))
	f.Add([]byte{})
	d := newDeflateDict([]byte(auditDict1))
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := io.ReadAll(flate.NewReaderDict(bytes.NewReader(d.compress(nil, nil, in)), []byte(auditDict1)))
		if err != nil || !bytes.Equal(got, in) {
			t.Fatalf("read back %q (%v), want %q", got, err, in)
		}
	})
}
