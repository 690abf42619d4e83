// Package pdf renders Clientbook's documents — invoices, quotes and credit
// notes — as PDF files with an embedded Unicode font, so they print and look
// the same everywhere.
package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // logos may be JPEG
	"image/png"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/shopspring/decimal"

	"clientbook/assets"
	"clientbook/domain"
	"clientbook/domain/money"
)

// Input is everything printed on a document.
type Input struct {
	Company domain.Company
	Client  *domain.Client
	Doc     *domain.Document
	Totals  domain.Totals
	// CreditForNumber is the number of the invoice a credit note corrects.
	CreditForNumber string
}

// Page geometry in millimetres (A4).
const (
	pageW, pageH = 210.0, 297.0
	margin       = 16.0
	contentW     = pageW - 2*margin
	lineH        = 4.6
	font         = "Noto"
)

// Table columns: description, quantity, unit price, discount, taxes, amount.
var cols = []struct {
	title string
	width float64
	align string
}{
	{"Description", 72, "L"},
	{"Qty", 18, "R"},
	{"Unit price", 26, "R"},
	{"Disc.", 14, "R"},
	{"Tax", 22, "L"},
	{"Amount", 26, "R"},
}

// Write renders the document to w.
func Write(w io.Writer, in Input) error {
	if in.Doc == nil || in.Client == nil {
		return fmt.Errorf("pdf: a document and its client are needed")
	}
	p := newDocument()
	p.AliasNbPages("{nb}")
	title := in.Doc.Kind.Title()
	number := in.Doc.Number
	if number == "" {
		number = "Draft"
	}
	p.SetTitle(title+" "+number, true)
	p.SetAuthor(in.Company.Name, true)
	p.SetCreator("Clientbook", true)
	p.SetFooterFunc(func() {
		p.SetY(pageH - margin + 4)
		p.SetFont(font, "", 8)
		p.SetTextColor(110, 110, 110)
		p.CellFormat(contentW/2, 4, title+" "+number, "", 0, "L", false, 0, "")
		p.CellFormat(contentW/2, 4, fmt.Sprintf("Page %d of {nb}", p.PageNo()), "", 0, "R", false, 0, "")
	})
	r := &renderer{p: p, in: in, title: title, number: number}
	p.AddPage()
	r.header()
	r.parties()
	r.table()
	r.totals()
	r.footerBlocks()
	if err := p.Error(); err != nil {
		return fmt.Errorf("render %s %s: %w", title, number, err)
	}
	return p.Output(w)
}

// newDocument starts an A4 portrait PDF in millimetres with the page
// margins and the embedded fonts every Clientbook PDF uses.
func newDocument() *page {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(false, margin)
	p.AddUTF8FontFromBytes(font, "", assets.FontRegular)
	p.AddUTF8FontFromBytes(font, "B", assets.FontBold)
	return newPage(p)
}

type renderer struct {
	p             *page
	in            Input
	title, number string
}

func (r *renderer) text(size float64, bold bool) { ink(r.p, size, bold) }

func (r *renderer) muted(size float64) { muted(r.p, size) }

// ink sets the font for body text, bold or not, in near-black.
func ink(p *page, size float64, bold bool) {
	style := ""
	if bold {
		style = "B"
	}
	p.SetFont(font, style, size)
	p.SetTextColor(30, 30, 30)
}

// muted sets the font for labels and secondary text, in grey.
func muted(p *page, size float64) {
	p.SetFont(font, "", size)
	p.SetTextColor(110, 110, 110)
}

func (r *renderer) amount(d decimal.Decimal) string {
	return money.Money{Amount: d, Currency: r.in.Doc.Currency}.Format()
}

// header prints the company block (with logo) on the left and the document's
// title, number and dates on the right.
func (r *renderer) header() {
	p := r.p
	leftBottom := companyBlock(p, r.in.Company)

	d := r.in.Doc
	rows := [][2]string{{"Number", r.number}, {"Issue date", d.IssueDate.String()}}
	switch d.Kind {
	case domain.KindQuote:
		rows = append(rows, [2]string{"Valid until", d.DueDate.String()})
	case domain.KindInvoice:
		rows = append(rows, [2]string{"Due date", d.DueDate.String()})
	case domain.KindCreditNote:
		rows = append(rows, [2]string{"Credits invoice", r.in.CreditForNumber})
	}
	rows = append(rows, [2]string{"PO number", d.PONumber}, [2]string{"Reference", d.Reference})
	if d.Status == domain.DocVoid {
		rows = append(rows, [2]string{"Status", "VOID"})
	}
	rightBottom := titleBlock(p, r.title, rows)
	p.SetY(max(leftBottom, rightBottom) + 8)
}

// titleBlock prints title in blue capitals at the top right of the page and
// under it each row that has a value, a grey label beside a bold value. It
// returns the y below the last row.
func titleBlock(p *page, title string, rows [][2]string) float64 {
	rx := margin + contentW - 80
	p.SetXY(rx, margin)
	ink(p, 20, true)
	p.SetTextColor(31, 95, 173)
	p.CellFormat(80, 9, strings.ToUpper(title), "", 1, "R", false, 0, "")
	for _, row := range rows {
		if row[1] == "" {
			continue
		}
		p.SetX(rx)
		muted(p, 8.5)
		p.CellFormat(35, 5, row[0], "", 0, "R", false, 0, "")
		ink(p, 9, true)
		p.CellFormat(45, 5, row[1], "", 1, "R", false, 0, "")
	}
	return p.GetY()
}

// parties prints the client's billing block.
func (r *renderer) parties() { clientBlock(r.p, "BILL TO", r.in.Client) }

// clientBlock prints a client's name, primary contact, billing address and
// tax ID under a small heading, 90 mm wide from the left margin.
func clientBlock(p *page, heading string, c *domain.Client) {
	muted(p, 8)
	p.CellFormat(90, 4.5, heading, "", 1, "L", false, 0, "")
	ink(p, 10.5, true)
	p.MultiCell(90, 5, c.Name, "", "L", false)
	ink(p, 9, false)
	if k, ok := c.PrimaryContact(); ok {
		p.CellFormat(90, 4.5, strings.TrimSpace(k.Name+"  "+k.Email), "", 1, "L", false, 0, "")
	}
	for _, l := range addressLines(c.Billing) {
		p.CellFormat(90, 4.5, l, "", 1, "L", false, 0, "")
	}
	if c.TaxID != "" {
		p.CellFormat(90, 4.5, "Tax ID "+c.TaxID, "", 1, "L", false, 0, "")
	}
	p.Ln(6)
}

func (r *renderer) tableHeader() {
	p := r.p
	p.SetFillColor(236, 241, 248)
	r.text(8.5, true)
	for _, c := range cols {
		p.CellFormat(c.width, 7, c.title, "", 0, c.align, true, 0, "")
	}
	p.Ln(7)
}

// table prints the lines, wrapping long descriptions and starting a new page
// with the header repeated when a line does not fit.
func (r *renderer) table() {
	p := r.p
	r.tableHeader()
	for i, l := range r.in.Doc.Lines {
		r.text(9, false)
		desc := p.SplitText(l.Description, cols[0].width-2)
		if len(desc) == 0 {
			desc = []string{""}
		}
		h := float64(len(desc))*lineH + 2.4
		if p.GetY()+h > pageH-margin-6 {
			p.AddPage()
			r.tableHeader()
			r.text(9, false)
		}
		y := p.GetY()
		if i%2 == 1 {
			p.SetFillColor(248, 249, 251)
			p.Rect(margin, y, contentW, h, "F")
		}
		p.SetXY(margin+1, y+1.2)
		for _, d := range desc {
			p.SetX(margin + 1)
			p.CellFormat(cols[0].width-2, lineH, d, "", 1, "L", false, 0, "")
		}
		x := margin + cols[0].width
		qty := l.Quantity.String()
		if l.Unit != "" {
			qty += " " + l.Unit
		}
		var taxes []string
		for _, t := range l.Taxes {
			taxes = append(taxes, t.Name+" "+t.Percent.String()+"%")
		}
		disc := ""
		if !l.DiscountPercent.IsZero() {
			disc = l.DiscountPercent.String() + "%"
		}
		cells := []string{qty, r.amount(l.UnitPrice), disc, strings.Join(taxes, ", "), r.amount(r.in.Totals.Lines[i].Net)}
		for k, s := range cells {
			c := cols[k+1]
			p.SetXY(x, y+1.2)
			p.CellFormat(c.width, lineH, fit(p, s, c.width), "", 0, c.align, false, 0, "")
			x += c.width
		}
		p.SetY(y + h)
	}
	p.SetDrawColor(200, 205, 212)
	p.Line(margin, p.GetY(), margin+contentW, p.GetY())
	p.Ln(3)
}

// totals prints subtotal, discount, tax per rate and the total, right-aligned.
func (r *renderer) totals() {
	p, t, d := r.p, r.in.Totals, r.in.Doc
	rows := [][2]string{{"Subtotal", r.amount(t.Subtotal)}}
	if !t.Discount.IsZero() {
		label := "Discount"
		if !d.DiscountPercent.IsZero() {
			label += " " + d.DiscountPercent.String() + "%"
		}
		rows = append(rows, [2]string{label, "-" + r.amount(t.Discount)})
	}
	for _, x := range t.Taxes {
		rows = append(rows, [2]string{fmt.Sprintf("%s on %s", x.Tax.Label(), r.amount(x.Base)), r.amount(x.Amount)})
	}
	need := float64(len(rows))*5.5 + 12
	if p.GetY()+need > pageH-margin-6 {
		p.AddPage()
	}
	x := margin + contentW - 95
	for _, row := range rows {
		p.SetX(x)
		r.muted(9)
		p.CellFormat(65, 5.5, row[0], "", 0, "R", false, 0, "")
		r.text(9, false)
		p.CellFormat(30, 5.5, row[1], "", 1, "R", false, 0, "")
	}
	if d.TaxInclusive {
		p.SetX(x)
		r.muted(8)
		p.CellFormat(95, 4.5, "Prices include tax.", "", 1, "R", false, 0, "")
	}
	p.Ln(1)
	p.SetX(x)
	p.SetFillColor(31, 95, 173)
	p.SetTextColor(255, 255, 255)
	p.SetFont(font, "B", 11)
	label := "Total " + d.Currency
	if d.Kind == domain.KindCreditNote {
		label = "Credit " + d.Currency
	}
	p.CellFormat(65, 8, label, "", 0, "R", true, 0, "")
	p.CellFormat(30, 8, r.amount(t.Total), "", 1, "R", true, 0, "")
	p.Ln(6)
}

// footerBlocks prints notes, payment details and terms, each only if set.
func (r *renderer) footerBlocks() {
	d, c := r.in.Doc, r.in.Company
	blocks := [][2]string{{"Notes", d.Notes}}
	if d.Kind == domain.KindInvoice {
		blocks = append(blocks, [2]string{"Payment details", c.PaymentInfo})
	}
	blocks = append(blocks, [2]string{"Terms", d.Terms})
	for _, b := range blocks {
		if strings.TrimSpace(b[1]) == "" {
			continue
		}
		r.text(9, false)
		lines := r.p.SplitText(b[1], contentW)
		if r.p.GetY()+float64(len(lines))*4.5+6 > pageH-margin-6 {
			r.p.AddPage()
		}
		r.muted(8)
		r.p.CellFormat(contentW, 5, strings.ToUpper(b[0]), "", 1, "L", false, 0, "")
		r.text(9, false)
		for _, l := range lines {
			if r.p.GetY()+4.5 > pageH-margin-6 {
				r.p.AddPage()
				r.text(9, false)
			}
			r.p.CellFormat(contentW, 4.5, l, "", 1, "L", false, 0, "")
		}
		r.p.Ln(3)
	}
}

// companyBlock prints the company's logo, name, address and contact details
// at the top left of the page and returns the y below them.
func companyBlock(p *page, c domain.Company) float64 {
	y := margin
	x := margin
	if logo, size, ok := normalizedLogo(c.Logo); ok {
		opt := fpdf.ImageOptions{ImageType: "PNG"}
		p.RegisterImageOptionsReader("logo", opt, bytes.NewReader(logo))
		h := 18.0
		w := h * float64(size.X) / float64(size.Y)
		if w > 50 {
			w, h = 50, 50*float64(size.Y)/float64(size.X)
		}
		p.ImageOptions("logo", x, y, w, h, false, opt, 0, "")
		y += h + 3
	}
	p.SetXY(x, y)
	ink(p, 11, true)
	name := c.Name
	if name == "" {
		name = "Your company"
	}
	p.MultiCell(90, 5.5, name, "", "L", false)
	muted(p, 8.5)
	for _, l := range addressLines(c.Address) {
		p.SetX(x)
		p.CellFormat(90, 4, l, "", 1, "L", false, 0, "")
	}
	for _, l := range []string{c.Email, c.Phone, prefixed("Tax ID ", c.TaxID)} {
		if l != "" {
			p.SetX(x)
			p.CellFormat(90, 4, l, "", 1, "L", false, 0, "")
		}
	}
	return p.GetY()
}

// normalizedLogo re-encodes a PNG or JPEG logo as an 8-bit RGBA PNG, the one
// form the PDF writer embeds faithfully whatever the source's bit depth or
// interlacing. It returns the PNG and the image's size in pixels.
func normalizedLogo(b []byte) ([]byte, image.Point, bool) {
	if len(b) == 0 {
		return nil, image.Point{}, false
	}
	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil || src.Bounds().Dy() == 0 {
		return nil, image.Point{}, false
	}
	dst := image.NewNRGBA(src.Bounds())
	draw.Draw(dst, dst.Bounds(), src, src.Bounds().Min, draw.Src)
	var out bytes.Buffer
	if err := png.Encode(&out, dst); err != nil {
		return nil, image.Point{}, false
	}
	return out.Bytes(), src.Bounds().Size(), true
}

func addressLines(a domain.Address) []string {
	var out []string
	for _, l := range []string{a.Line1, a.Line2, strings.TrimSpace(a.PostalCode + " " + a.City), a.Region, a.Country} {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

// fit shortens s with an ellipsis until it fits width.
func fit(p *page, s string, width float64) string {
	if p.GetStringWidth(s) <= width-1 {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && p.GetStringWidth(string(r)+"…") > width-1 {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
