// Package einvoice writes EN 16931 e-invoices: UBL 2.1 (Peppol BIS Billing
// 3.0), UN/CEFACT CII D16B (plain, XRechnung, and inside Factur-X PDFs). The
// figures and the checks are domain.BuildEInvoice's; this package only
// states them in each syntax, with encoding/xml.
package einvoice

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"clientbook/domain"
)

// Write states e in its format's XML: UBL for EInvoiceUBL, CII for the
// others (a Factur-X PDF embeds the CII).
func Write(e *domain.EInvoice) ([]byte, error) {
	if e.Format == domain.EInvoiceUBL {
		return UBL(e)
	}
	return CII(e)
}

// writer writes prefixed elements ("cbc:ID") with encoding/xml, which
// escapes the text and attributes; the first error sticks.
type writer struct {
	buf bytes.Buffer
	enc *xml.Encoder
	err error
}

func newWriter() *writer {
	w := &writer{}
	w.buf.WriteString(xml.Header)
	w.enc = xml.NewEncoder(&w.buf)
	w.enc.Indent("", "  ")
	return w
}

func attrs(kv []string) []xml.Attr {
	var out []xml.Attr
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			out = append(out, xml.Attr{Name: xml.Name{Local: kv[i]}, Value: kv[i+1]})
		}
	}
	return out
}

// open starts an element with attribute name/value pairs (empty values left out).
func (w *writer) open(name string, kv ...string) {
	if w.err == nil {
		w.err = w.enc.EncodeToken(xml.StartElement{Name: xml.Name{Local: name}, Attr: attrs(kv)})
	}
}

func (w *writer) close(name string) {
	if w.err == nil {
		w.err = w.enc.EncodeToken(xml.EndElement{Name: xml.Name{Local: name}})
	}
}

// leaf writes <name>text</name>, or nothing when text is empty.
func (w *writer) leaf(name, text string, kv ...string) {
	if text == "" || w.err != nil {
		return
	}
	w.open(name, kv...)
	if w.err == nil {
		w.err = w.enc.EncodeToken(xml.CharData(text))
	}
	w.close(name)
}

func (w *writer) bytes() ([]byte, error) {
	if w.err == nil {
		w.err = w.enc.Flush()
	}
	if w.err != nil {
		return nil, fmt.Errorf("write the e-invoice: %w", w.err)
	}
	w.buf.WriteString("\n")
	return w.buf.Bytes(), nil
}

// percent states a VAT rate as the XML does: "19", "7.5", "0".
func percent(d decimal.Decimal) string { return d.String() }

// quantity states a quantity without trailing zeros.
func quantity(d decimal.Decimal) string { return d.String() }

// price states a unit price with at least the currency's decimals.
func price(e *domain.EInvoice, d decimal.Decimal) string {
	if d.Exponent() >= -e.Exponent {
		return d.StringFixed(e.Exponent)
	}
	return d.String()
}

// compactDate is a date as CII's format 102 states it: 20260131.
func compactDate(d domain.Date) string { return strings.ReplaceAll(d.String(), "-", "") }
