package data

import (
	"encoding/binary"
	"math/bits"
)

// deflateDict writes raw DEFLATE (RFC 1951): one block with the fixed
// Huffman codes, matches found greedily against a preset dictionary and the
// input before them. compress/flate reads it (with the same dictionary), as
// does any inflater. Its only state beyond one call is the dictionary's index,
// built once and never changed, so calls are cheap and may run at once: the
// general compressor (compress/flate's writer) clears over half a megabyte of
// tables for every input, which for the audit log's short entries cost more
// than writing them to the book.
type deflateDict struct {
	dict []byte
	head [1 << hashBits]int32 // last position in dict with the hash, -1 none
	prev []int32              // the position before it with the same hash
}

const (
	hashBits = 12
	minMatch = 4
	maxMatch = 258
	maxDist  = 32768
	maxChain = 16
)

// hash4 hashes the first four bytes of b into hashBits bits.
func hash4(b []byte) uint32 {
	return (binary.LittleEndian.Uint32(b) * 0x1e35a7bd) >> (32 - hashBits)
}

// newDeflateDict indexes dict (its last 32 KiB: the most DEFLATE reaches).
func newDeflateDict(dict []byte) *deflateDict {
	if len(dict) > maxDist {
		dict = dict[len(dict)-maxDist:]
	}
	d := &deflateDict{dict: dict, prev: make([]int32, len(dict))}
	for i := range d.head {
		d.head[i] = -1
	}
	for i := 0; i+minMatch <= len(dict); i++ {
		h := hash4(dict[i:])
		d.prev[i] = d.head[h]
		d.head[h] = int32(i)
	}
	return d
}

// The fixed Huffman codes (RFC 1951 3.2.6), bit-reversed for the stream,
// which is written from the least significant bit, and their lengths; the
// length and distance codes' bases and extra bits (3.2.5).
var (
	litCode   [286]uint16
	litLen    [286]uint8
	lenCode   [259]uint16 // length → symbol-257
	lenBase   = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lenExtra  = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase  = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

func init() {
	for s := 0; s < 286; s++ {
		var code, n int
		switch {
		case s < 144:
			code, n = 0x30+s, 8
		case s < 256:
			code, n = 0x190+s-144, 9
		case s < 280:
			code, n = s-256, 7
		default:
			code, n = 0xc0+s-280, 8
		}
		litCode[s] = uint16(bits.Reverse16(uint16(code)) >> (16 - n))
		litLen[s] = uint8(n)
	}
	for c := 0; c < 29; c++ {
		hi := 259
		if c < 28 {
			hi = int(lenBase[c+1])
		}
		for l := int(lenBase[c]); l < hi && l <= maxMatch; l++ {
			lenCode[l] = uint16(c)
		}
	}
	lenCode[258] = 28
}

// distCode is the distance code of d: the largest whose base is at most d.
func distCode(d int) int {
	lo, hi := 0, 29
	for lo < hi {
		m := (lo + hi + 1) / 2
		if int(distBase[m]) <= d {
			lo = m
		} else {
			hi = m - 1
		}
	}
	return lo
}

// bitWriter appends bits to out, least significant first.
type bitWriter struct {
	out  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) put(v uint64, n uint) {
	w.acc |= v << w.nacc
	w.nacc += n
	for w.nacc >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.nacc -= 8
	}
}

func (w *bitWriter) lit(b byte) { w.put(uint64(litCode[b]), uint(litLen[b])) }

func (w *bitWriter) match(length, dist int) {
	c := lenCode[length]
	s := 257 + int(c)
	w.put(uint64(litCode[s]), uint(litLen[s]))
	if e := lenExtra[c]; e > 0 {
		w.put(uint64(length-int(lenBase[c])), uint(e))
	}
	dc := distCode(dist)
	w.put(uint64(bits.Reverse8(uint8(dc))>>3), 5)
	if e := distExtra[dc]; e > 0 {
		w.put(uint64(dist-int(distBase[dc])), uint(e))
	}
}

// compress appends the DEFLATE of in to out, with extra as history after
// the dictionary (an inflater's dictionary is then the dictionary followed by
// extra).
func (d *deflateDict) compress(out, extra, in []byte) []byte {
	w := bitWriter{out: out}
	w.put(1, 1) // BFINAL
	w.put(1, 2) // BTYPE 01: fixed Huffman codes
	buf, start := in, 0
	if len(extra) > 0 {
		buf = append(append(make([]byte, 0, len(extra)+len(in)), extra...), in...)
		start = len(extra)
	}
	var head [1 << hashBits]int32
	prev := make([]int32, len(buf))
	// head holds position in buf + 1 (0: none).
	insert := func(i int) {
		if i+minMatch <= len(buf) {
			h := hash4(buf[i:])
			prev[i] = head[h] - 1
			head[h] = int32(i + 1)
		}
	}
	for i := range start {
		insert(i)
	}
	nd := len(d.dict)
	for i := start; i < len(buf); {
		bestLen, bestDist := 0, 0
		if i+minMatch <= len(buf) {
			h := hash4(buf[i:])
			limit := min(maxMatch, len(buf)-i)
			for j, n := int(head[h])-1, 0; j >= 0 && n < maxChain; j, n = int(prev[j]), n+1 {
				if i-j > maxDist {
					break
				}
				l := matchLen(buf[j:], buf[i:], limit)
				if l > bestLen {
					bestLen, bestDist = l, i-j
					if l == limit {
						break
					}
				}
			}
			if bestLen < limit {
				for j, n := int(d.head[h]), 0; j >= 0 && n < maxChain; j, n = int(d.prev[j]), n+1 {
					dist := i + nd - j
					if dist > maxDist {
						break
					}
					l := matchLen(d.dict[j:], buf[i:], min(limit, nd-j))
					if l > bestLen {
						bestLen, bestDist = l, dist
					}
				}
			}
		}
		if bestLen >= minMatch {
			w.match(bestLen, bestDist)
			for k := i; k < i+bestLen; k++ {
				insert(k)
			}
			i += bestLen
			continue
		}
		w.lit(buf[i])
		insert(i)
		i++
	}
	w.put(uint64(litCode[256]), uint(litLen[256]))
	if w.nacc > 0 {
		w.put(0, 8-w.nacc)
	}
	return w.out
}

// matchLen is how many of the first limit bytes a and b share.
func matchLen(a, b []byte, limit int) int {
	n := 0
	for n < limit && a[n] == b[n] {
		n++
	}
	return n
}
