package clients

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

// einvoiceInputs are the client form's E-invoices section: the format the
// client receives and what its e-invoices state about it as the buyer.
type einvoiceInputs struct {
	format               *widget.Select
	vatID, endpoint, ref *widget.Entry
	scheme               *widget.SelectEntry
}

// formatTitles are the choices of the format select: none, then each format.
var formatTitles = func() []string {
	out := []string{domain.EInvoiceNone.Title()}
	for _, f := range domain.EInvoiceFormats {
		out = append(out, f.Title())
	}
	return out
}()

// newEInvoiceInputs builds the section; entry makes an entry that marks the
// form changed, field lays out a labelled input under a validation key.
func newEInvoiceInputs(entry func(string) *widget.Entry, changed func(),
	field func(key, label string, in fyne.CanvasObject) fyne.CanvasObject) (*einvoiceInputs, fyne.CanvasObject) {
	in := &einvoiceInputs{
		format:   widget.NewSelect(formatTitles, func(string) { changed() }),
		vatID:    entry("e.g. FR40303265045"),
		endpoint: entry("e.g. its Peppol participant ID"),
		ref:      entry("e.g. a Leitweg-ID or the buyer's cost centre"),
		scheme:   widgets.NewEASEntry(changed),
	}
	two := func(a, b fyne.CanvasObject) fyne.CanvasObject { return container.NewGridWithColumns(2, a, b) }
	return in, container.NewVBox(
		two(field("einvoice", "E-invoice format", in.format), field("vatId", "VAT identifier", in.vatID)),
		two(field("endpointId", "Electronic address", in.endpoint), field("endpointScheme", "Address scheme (EAS)", in.scheme)),
		field("buyerReference", "Buyer reference quoted on its invoices", in.ref),
	)
}

func (in *einvoiceInputs) load(c *domain.Client) {
	in.format.SetSelected(c.EInvoice.Title())
	in.vatID.SetText(c.VATID)
	in.endpoint.SetText(c.EndpointID)
	in.scheme.SetText(c.EndpointScheme)
	in.ref.SetText(c.BuyerReference)
}

func (in *einvoiceInputs) read(c *domain.Client) {
	c.EInvoice, _ = domain.ParseEInvoiceFormat(in.format.Selected)
	c.VATID, c.EndpointID, c.EndpointScheme = in.vatID.Text, in.endpoint.Text, widgets.EASCode(in.scheme.Text)
	c.BuyerReference = in.ref.Text
}
