package pdf

import (
	"strings"
)

// column is one column of a table: its heading, width in millimetres,
// alignment ("L" or "R") and whether long text wraps onto more lines
// rather than being shortened with an ellipsis.
type column struct {
	title string
	width float64
	align string
	wrap  bool
}

// table prints rows under a header in the documents' look, starting a new
// page with the header repeated (and the table's name, "continued") when a
// row does not fit.
type table struct {
	p    *page
	name string // printed above the header on the pages the table runs onto
	cols []column
}

// Row styles.
const (
	plainRow = iota
	shadedRow
	boldRow
)

const (
	tableHeaderH = 7.0
	rowPad       = 2.4 // a row's height beyond its lines
)

func (t *table) header() {
	p := t.p
	p.SetFillColor(236, 241, 248)
	ink(p, 8.5, true)
	x := margin
	for _, c := range t.cols {
		p.SetX(x)
		p.CellFormat(c.width, tableHeaderH, c.title, "", 0, c.align, true, 0, "")
		x += c.width
	}
	p.Ln(tableHeaderH)
}

// start prints the header, first moving to a new page unless it and rows
// rows of one line fit on this one.
func (t *table) start(rows int) {
	if t.p.GetY()+tableHeaderH+float64(rows)*(lineH+rowPad) > bottom {
		t.p.AddPage()
	}
	t.header()
}

// row prints one row; wrapping columns take as many lines as they need.
func (t *table) row(cells []string, style int) {
	p := t.p
	ink(p, 8.5, style == boldRow)
	lines := make([][]string, len(t.cols))
	n := 1
	for i, c := range t.cols {
		s := ""
		if i < len(cells) {
			s = cells[i]
		}
		if c.wrap {
			lines[i] = p.SplitText(s, c.width-2)
		} else {
			lines[i] = []string{fit(p, s, c.width)}
		}
		n = max(n, len(lines[i]))
	}
	h := float64(n)*lineH + rowPad
	if p.GetY()+h > bottom {
		p.AddPage()
		if t.name != "" {
			muted(p, 8)
			p.CellFormat(contentW, 5, strings.ToUpper(t.name)+", CONTINUED", "", 1, "L", false, 0, "")
		}
		t.header()
		ink(p, 8.5, style == boldRow)
	}
	y := p.GetY()
	if style == shadedRow {
		p.SetFillColor(248, 249, 251)
		p.Rect(margin, y, contentW, h, "F")
	}
	x := margin
	for i, c := range t.cols {
		for k, l := range lines[i] {
			p.SetXY(x, y+1.2+float64(k)*lineH)
			p.CellFormat(c.width, lineH, l, "", 0, c.align, false, 0, "")
		}
		x += c.width
	}
	p.SetY(y + h)
}

// rule draws a thin line across the page at the current y.
func (t *table) rule() {
	t.p.SetDrawColor(200, 205, 212)
	t.p.SetLineWidth(0.2)
	t.p.Line(margin, t.p.GetY(), margin+contentW, t.p.GetY())
}
