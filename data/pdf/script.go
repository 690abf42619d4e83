package pdf

import (
	"strings"
	"sync"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"

	"clientbook/assets"
)

// How text in any script reaches the page.
//
// Noto Sans prints Latin, Greek and Cyrillic. Every other character is
// printed, glyph by glyph, with the first fallback font that has it (CJK,
// Arabic, Hebrew, symbols, arrows and maths; see assets); a character none
// has prints with Noto Sans as its missing-glyph box. A fallback is embedded (as a subset of the glyphs
// used) only in a document that needs it. The fallbacks have no bold: bold
// text in those scripts prints in their regular weight.
//
// Right-to-left text is stored in logical order and printed in visual order:
// Arabic letters take their joined forms (initial, medial, final, and the
// lam-alef ligatures, from the Arabic presentation forms), then each line is
// reordered by a simplified Unicode bidirectional algorithm — a line's
// direction is that of its first strong character; runs of Hebrew and
// Arabic read right to left, numbers inside them left to right, and
// brackets in them are mirrored. A PDF reader extracting the text (pdftotext)
// gives it back in logical order.

// face is one font the PDFs print with.
type face struct {
	family string
	data   []byte
	bold   bool // whether it has a bold style ("B")
	once   sync.Once
	font   *sfnt.Font
	mu     sync.Mutex
	has    map[rune]bool
}

// faces are the fonts, the main one first, then the fallbacks in the order
// they are tried.
var faces = []*face{
	{family: font, data: assets.FontRegular, bold: true},
	{family: "ClientbookCJK", data: assets.FontCJK},
	{family: "ClientbookArabic", data: assets.FontArabic},
	{family: "ClientbookHebrew", data: assets.FontHebrew},
	{family: "ClientbookSymbols", data: assets.FontSymbols},
	{family: "ClientbookMath", data: assets.FontMath},
}

// covers reports whether the face has a glyph for r.
func (f *face) covers(r rune) bool {
	f.once.Do(func() {
		f.font, _ = sfnt.Parse(f.data)
		f.has = map[rune]bool{}
	})
	if f.font == nil {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if has, ok := f.has[r]; ok {
		return has
	}
	var buf sfnt.Buffer
	i, err := f.font.GlyphIndex(&buf, r)
	has := err == nil && i != 0
	f.has[r] = has
	return has
}

// faceFor is the index in faces of the font r prints with.
func faceFor(r rune) int {
	for i, f := range faces {
		if f.covers(r) {
			return i
		}
	}
	return 0
}

// page is an fpdf document whose text methods print every script: each
// string is shaped, put in visual order and split into runs by font.
type page struct {
	*fpdf.Fpdf
	family, style string
	size          float64
	added         map[string]bool
}

// newPage wraps p, whose main font is already registered.
func newPage(p *fpdf.Fpdf) *page { return &page{Fpdf: p, added: map[string]bool{font: true}} }

// SetFont sets the main font, as fpdf does, and remembers it for the runs
// in other fonts.
func (p *page) SetFont(family, style string, size float64) {
	p.family, p.style, p.size = family, style, size
	p.Fpdf.SetFont(family, style, size)
}

// run is text in one font, in visual order.
type run struct {
	face int
	text string
}

// runs turns s into what is printed left to right.
func (p *page) runs(s string) []run {
	simple := true
	for _, r := range s {
		if isRTL(r) || !faces[0].covers(r) && !unicode.IsControl(r) {
			simple = false
			break
		}
	}
	if simple {
		return []run{{0, s}}
	}
	var out []run
	prev := -1
	for _, r := range visual(shapeArabic(s)) {
		f := faceFor(r)
		// Spaces and marks stay with the run they are in.
		if prev >= 0 && f != prev && (unicode.IsSpace(r) || unicode.Is(unicode.Mn, r)) && faces[prev].covers(r) {
			f = prev
		}
		if f != prev {
			out = append(out, run{face: f})
			prev = f
		}
		out[len(out)-1].text += string(r)
	}
	return out
}

// use sets the font of run r (registering a fallback the first time) and
// returns a function that puts the main font back.
func (p *page) use(r run) func() {
	if r.face == 0 {
		return func() {}
	}
	f := faces[r.face]
	if !p.added[f.family] {
		p.Fpdf.AddUTF8FontFromBytes(f.family, "", f.data)
		p.added[f.family] = true
	}
	style := ""
	if f.bold {
		style = p.style
	}
	p.Fpdf.SetFont(f.family, style, p.size)
	return func() { p.Fpdf.SetFont(p.family, p.style, p.size) }
}

// width is the width of runs in the current size.
func (p *page) width(runs []run) float64 {
	w := 0.0
	for _, r := range runs {
		back := p.use(r)
		w += p.Fpdf.GetStringWidth(r.text)
		back()
	}
	return w
}

// GetStringWidth is the width s prints at, in whatever fonts it needs.
func (p *page) GetStringWidth(s string) float64 { return p.width(p.runs(s)) }

// CellFormat prints a cell as fpdf does, its text in whatever fonts it
// needs.
func (p *page) CellFormat(w, h float64, txt, border string, ln int, align string, fill bool, link int, linkStr string) {
	runs := p.runs(txt)
	if len(runs) == 1 && runs[0].face == 0 && runs[0].text == txt {
		p.Fpdf.CellFormat(w, h, txt, border, ln, align, fill, link, linkStr)
		return
	}
	x, y := p.GetXY()
	if w == 0 {
		w = p.pageWidth() - p.rightMargin() - x
	}
	// The cell's border and fill first, then the runs over it.
	p.Fpdf.CellFormat(w, h, "", border, 0, "", fill, link, linkStr)
	margin := p.GetCellMargin()
	total := p.width(runs)
	start := x + margin
	switch {
	case strings.Contains(align, "R"):
		start = x + w - margin - total
	case strings.Contains(align, "C"):
		start = x + (w-total)/2
	}
	vertical := strings.NewReplacer("L", "", "R", "", "C", "").Replace(align)
	p.SetCellMargin(0)
	p.SetXY(start, y)
	for _, r := range runs {
		back := p.use(r)
		p.Fpdf.CellFormat(p.Fpdf.GetStringWidth(r.text), h, r.text, "", 0, "L"+vertical, false, 0, "")
		back()
	}
	p.SetCellMargin(margin)
	switch ln {
	case 0:
		p.SetXY(x+w, y)
	case 1:
		left, _, _, _ := p.GetMargins()
		p.SetXY(left, y+h)
	default:
		p.SetXY(x, y+h)
	}
}

func (p *page) rightMargin() float64 {
	_, _, right, _ := p.GetMargins()
	return right
}

// Text prints s with its baseline at (x, y), in whatever fonts it needs.
func (p *page) Text(x, y float64, s string) {
	for _, r := range p.runs(s) {
		back := p.use(r)
		p.Fpdf.Text(x, y, r.text)
		x += p.Fpdf.GetStringWidth(r.text)
		back()
	}
}

// SplitText breaks s into lines no wider than w, at spaces and between
// ideographs, measuring every script in its font; a word wider than w is
// broken where it must be. Line breaks in s are kept.
func (p *page) SplitText(s string, w float64) []string {
	var lines []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line := ""
		for _, tok := range breakable(para) {
			if line == "" {
				tok = strings.TrimLeft(tok, " ")
			}
			if line != "" && p.GetStringWidth(line+tok) > w {
				lines = append(lines, strings.TrimRight(line, " "))
				line = strings.TrimLeft(tok, " ")
			} else {
				line += tok
			}
			for p.GetStringWidth(line) > w && len([]rune(line)) > 1 {
				r := []rune(line)
				n := len(r) - 1
				for n > 1 && p.GetStringWidth(string(r[:n])) > w {
					n--
				}
				lines = append(lines, string(r[:n]))
				line = string(r[n:])
			}
		}
		lines = append(lines, strings.TrimRight(line, " "))
	}
	return lines
}

// breakable splits s into the pieces a line may break between: words with
// the spaces before them, and each ideograph or kana on its own.
func breakable(s string) []string {
	var out []string
	cur := ""
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			out = append(out, cur+string(r))
			cur = ""
		case r == ' ' && cur != "" && !strings.HasSuffix(cur, " "):
			out = append(out, cur)
			cur = " "
		default:
			cur += string(r)
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// MultiCell prints s wrapped to w in lines of height h, each as CellFormat
// prints it, and leaves the position at the left margin below them, as
// fpdf's MultiCell does.
func (p *page) MultiCell(w, h float64, s, border, align string, fill bool) {
	x, _ := p.GetXY()
	if w == 0 {
		w = p.pageWidth() - p.rightMargin() - x
	}
	for _, l := range p.SplitText(s, w-2*p.GetCellMargin()) {
		p.CellFormat(w, h, l, border, 2, align, fill, 0, "")
	}
	left, _, _, _ := p.GetMargins()
	p.SetX(left)
}

// isRTL reports whether r is written right to left: Hebrew, Arabic and
// their presentation forms.
func isRTL(r rune) bool {
	return r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF
}

// The bidirectional classes visual tells apart.
const (
	classL  = iota // left to right
	classR         // right to left
	classEN        // a digit
	classN         // neutral: spaces, punctuation, symbols
)

func bidiClass(r rune) int {
	switch {
	case isRTL(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r):
		if unicode.IsPunct(r) || unicode.IsSpace(r) {
			return classN
		}
		return classR
	case unicode.IsDigit(r):
		return classEN
	case unicode.IsLetter(r):
		return classL
	}
	return classN
}

// mirrored are the brackets that face the other way in right-to-left text.
var mirrored = map[rune]rune{'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<', '«': '»', '»': '«'}

// visual puts one line of text in the order it is printed, left to right
// (see the package comment above page).
func visual(s string) []rune {
	rs := []rune(s)
	class := make([]int, len(rs))
	base := -1
	for i, r := range rs {
		class[i] = bidiClass(r)
		if base < 0 && (class[i] == classL || class[i] == classR) {
			base = map[int]int{classL: 0, classR: 1}[class[i]]
		}
	}
	if base < 0 {
		base = 0
	}
	// Marks take the class of what they mark; digits and neutrals the
	// direction around them.
	for i := range rs {
		if unicode.Is(unicode.Mn, rs[i]) && i > 0 {
			class[i] = class[i-1]
		}
	}
	// strong is each character's direction as neutrals see it: a digit
	// after right-to-left letters counts as right to left.
	baseClass := map[int]int{0: classL, 1: classR}[base]
	strong := make([]int, len(rs))
	last := baseClass
	for i := range rs {
		strong[i] = -1
		switch class[i] {
		case classL, classR:
			strong[i], last = class[i], class[i]
		case classEN:
			strong[i] = map[bool]int{true: classR, false: classL}[last == classR]
		}
	}
	strongBefore := func(i int) int {
		for j := i - 1; j >= 0; j-- {
			if strong[j] >= 0 {
				return strong[j]
			}
		}
		return baseClass
	}
	strongAfter := func(i int) int {
		for j := i + 1; j < len(rs); j++ {
			if strong[j] >= 0 {
				return strong[j]
			}
		}
		return baseClass
	}
	levels := make([]int, len(rs))
	for i := range rs {
		switch class[i] {
		case classL:
			levels[i] = base + base // 0 in a left-to-right line, 2 in a right-to-left one
		case classR:
			levels[i] = 1
		case classEN:
			if strong[i] == classR || base == 1 {
				levels[i] = 2
			} else {
				levels[i] = 0
			}
		default:
			before, after := strongBefore(i), strongAfter(i)
			switch {
			case before == classR && after == classR:
				levels[i] = 1
			case before == classL && after == classL:
				levels[i] = base + base
			default:
				levels[i] = base
			}
		}
	}
	// Numbers between right-to-left letters keep their neutrals (a decimal
	// point, a separator) with them.
	for i := range rs {
		if class[i] == classN && i > 0 && i+1 < len(rs) && class[i-1] == classEN && class[i+1] == classEN {
			levels[i] = levels[i-1]
		}
	}
	for lvl := 2; lvl >= 1; lvl-- {
		for i := 0; i < len(rs); {
			if levels[i] < lvl {
				i++
				continue
			}
			j := i
			for j < len(rs) && levels[j] >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				rs[a], rs[b] = rs[b], rs[a]
				levels[a], levels[b] = levels[b], levels[a]
			}
			i = j
		}
	}
	out := rs[:0]
	for i, r := range rs {
		if levels[i]%2 == 1 {
			if m, ok := mirrored[r]; ok {
				r = m
			}
		}
		out = append(out, r)
	}
	return out
}

// arabicForms are the presentation forms of the Arabic letters: isolated,
// final, initial, medial; a letter that joins only to the letter before it
// (alef, dal, reh, waw…) has the first two.
var arabicForms = map[rune][]rune{
	0x0621: {0xFE80}, 0x0622: {0xFE81, 0xFE82}, 0x0623: {0xFE83, 0xFE84}, 0x0624: {0xFE85, 0xFE86},
	0x0625: {0xFE87, 0xFE88}, 0x0626: {0xFE89, 0xFE8A, 0xFE8B, 0xFE8C}, 0x0627: {0xFE8D, 0xFE8E},
	0x0628: {0xFE8F, 0xFE90, 0xFE91, 0xFE92}, 0x0629: {0xFE93, 0xFE94}, 0x062A: {0xFE95, 0xFE96, 0xFE97, 0xFE98},
	0x062B: {0xFE99, 0xFE9A, 0xFE9B, 0xFE9C}, 0x062C: {0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0},
	0x062D: {0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4}, 0x062E: {0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8}, 0x062F: {0xFEA9, 0xFEAA},
	0x0630: {0xFEAB, 0xFEAC}, 0x0631: {0xFEAD, 0xFEAE}, 0x0632: {0xFEAF, 0xFEB0},
	0x0633: {0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4}, 0x0634: {0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8},
	0x0635: {0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC}, 0x0636: {0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0},
	0x0637: {0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4}, 0x0638: {0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8},
	0x0639: {0xFEC9, 0xFECA, 0xFECB, 0xFECC}, 0x063A: {0xFECD, 0xFECE, 0xFECF, 0xFED0},
	0x0641: {0xFED1, 0xFED2, 0xFED3, 0xFED4}, 0x0642: {0xFED5, 0xFED6, 0xFED7, 0xFED8},
	0x0643: {0xFED9, 0xFEDA, 0xFEDB, 0xFEDC}, 0x0644: {0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0},
	0x0645: {0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4}, 0x0646: {0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8},
	0x0647: {0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC}, 0x0648: {0xFEED, 0xFEEE}, 0x0649: {0xFEEF, 0xFEF0},
	0x064A: {0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4},
}

// lamAlef are the lam-alef ligatures by the alef: isolated, final.
var lamAlef = map[rune][2]rune{0x0622: {0xFEF5, 0xFEF6}, 0x0623: {0xFEF7, 0xFEF8}, 0x0625: {0xFEF9, 0xFEFA}, 0x0627: {0xFEFB, 0xFEFC}}

// joinsNext reports whether r joins to the letter after it: a letter with
// all four forms, or the tatweel.
func joinsNext(r rune) bool { return len(arabicForms[r]) == 4 || r == 0x0640 }

// joinsPrev reports whether r joins to the letter before it.
func joinsPrev(r rune) bool { return len(arabicForms[r]) >= 2 || r == 0x0640 }

// transparent reports whether r (a vowel mark) is passed over in joining.
func transparent(r rune) bool { return unicode.Is(unicode.Mn, r) }

// shapeArabic gives each Arabic letter of s, in logical order, the form its
// neighbours join it in.
func shapeArabic(s string) string {
	rs := []rune(s)
	if !strings.ContainsFunc(s, func(r rune) bool { return arabicForms[r] != nil }) {
		return s
	}
	neighbour := func(i, step int) rune {
		for j := i + step; j >= 0 && j < len(rs); j += step {
			if !transparent(rs[j]) {
				return rs[j]
			}
		}
		return 0
	}
	var out []rune
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		forms := arabicForms[r]
		if forms == nil {
			out = append(out, r)
			continue
		}
		prev := neighbour(i, -1)
		joinPrev := joinsNext(prev) && joinsPrev(r)
		if r == 0x0644 && i+1 < len(rs) {
			if lig, ok := lamAlef[rs[i+1]]; ok {
				out = append(out, lig[map[bool]int{false: 0, true: 1}[joinPrev]])
				i++
				continue
			}
		}
		next := neighbour(i, 1)
		joinNext := joinsNext(r) && joinsPrev(next)
		switch {
		case joinPrev && joinNext:
			out = append(out, forms[3])
		case joinPrev:
			out = append(out, forms[1])
		case joinNext:
			out = append(out, forms[2])
		default:
			out = append(out, forms[0])
		}
	}
	return string(out)
}

func (p *page) pageWidth() float64 {
	w, _ := p.GetPageSize()
	return w
}
