package invoices

import (
	"context"
	"io"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// errNoEInvoicer is what exporting an e-invoice says in a program that was
// given nothing to write them with.
var errNoEInvoicer = &domain.Error{Code: domain.EINTERNAL, Message: "This copy of Clientbook cannot write e-invoices: it was started without them."}

// SetEInvoicer gives the editor what writes e-invoices.
func (e *Editor) SetEInvoicer(x domain.EInvoicer) { e.einvoicer = x }

// exportEInvoice asks for the format (the client's by default), writes the
// e-invoice in the background, so the rules it breaks are shown before
// anything is saved, then asks where to save it.
func (e *Editor) exportEInvoice() {
	var titles []string
	for _, f := range domain.EInvoiceFormats {
		titles = append(titles, f.Title())
	}
	choice := widget.NewRadioGroup(titles, nil)
	choice.Required = true
	choice.SetSelected(domain.EInvoiceUBL.Title())
	if e.client != nil && e.client.EInvoice != domain.EInvoiceNone {
		choice.SetSelected(e.client.EInvoice.Title())
	}
	doc := e.doc
	d := dialog.NewCustomConfirm("Export e-invoice", "Export…", "Cancel", choice, func(ok bool) {
		if !ok {
			return
		}
		format, _ := domain.ParseEInvoiceFormat(choice.Selected)
		kit.Write(func(ctx context.Context) (*domain.EInvoiceFile, error) { return e.EInvoice(ctx, doc, format) },
			func(file *domain.EInvoiceFile, err error) {
				if err != nil {
					e.showErr(err)
					return
				}
				widgets.ChooseSave(e.win, file.Name, filepath.Ext(file.Name), func(path string) {
					kit.SaveTo(e.win, path, file.Format.Title()+" e-invoice saved", func(_ context.Context, path string) error {
						return writeEInvoice(path, file)
					}, nil)
				})
			})
	}, e.win)
	d.Resize(fyne.NewSize(420, 0))
	d.Show()
}

// EInvoice writes document d as an e-invoice in format with the editor's
// e-invoicer.
func (e *Editor) EInvoice(ctx context.Context, d *domain.Document, format domain.EInvoiceFormat) (*domain.EInvoiceFile, error) {
	if e.einvoicer == nil {
		return nil, errNoEInvoicer
	}
	return e.einvoicer.EInvoice(ctx, e.book, d, format)
}

func writeEInvoice(path string, file *domain.EInvoiceFile) error {
	return widgets.WriteFile(path, "write the e-invoice", func(w io.Writer) error {
		_, err := w.Write(file.Data)
		return err
	})
}
