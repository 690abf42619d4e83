package widgets

import "fyne.io/fyne/v2/widget"

// easOptions are the electronic address schemes (CEF EAS) most e-invoices
// use; any other code of the list can be typed.
var easOptions = []string{
	"0088 — GLN", "0060 — DUNS", "0204 — Leitweg-ID (DE public buyers)", "9930 — German VAT number",
	"0208 — Belgian enterprise number", "9925 — Belgian VAT number", "0106 — Dutch KvK number", "9944 — Dutch VAT number",
	"0009 — French SIRET", "0192 — Norwegian organisation number", "0007 — Swedish organisation number",
	"0184 — Danish CVR number", "9935 — Irish VAT number", "EM — Email address",
}

// NewEASEntry is an entry for the scheme of an electronic address (EN 16931
// BT-34/BT-49) that offers the common ones as "0088 — GLN"; EASCode reads
// the code back. changed is called on every edit.
func NewEASEntry(changed func()) *widget.SelectEntry {
	e := widget.NewSelectEntry(easOptions)
	e.SetPlaceHolder("e.g. 0088")
	e.OnChanged = func(string) { changed() }
	return e
}

// EASCode is the scheme code at the start of an EAS option or typed text.
func EASCode(text string) string { return CurrencyCode(text) }
