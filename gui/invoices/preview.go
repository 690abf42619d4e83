package invoices

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// pdfPreview is a draft's PDF written for a look before issuing, and its
// first page as an image when one could be made.
type pdfPreview struct {
	pdf, png string
}

// previewDir is where preview PDFs go: the user's temporary folder, never the
// book's.
func previewDir() (string, error) {
	dir := filepath.Join(os.TempDir(), "clientbook-preview")
	return dir, os.MkdirAll(dir, 0o700)
}

// rasterize makes the first page of the PDF at path into a PNG beside it
// with poppler's pdftoppm when it is installed; "" when it is not or fails.
func rasterize(ctx context.Context, path string) string {
	tool, err := exec.LookPath("pdftoppm")
	if err != nil {
		return ""
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	base := strings.TrimSuffix(path, ".pdf")
	if err := exec.CommandContext(ctx, tool, "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", path, base).Run(); err != nil {
		return ""
	}
	if _, err := os.Stat(base + ".png"); err != nil {
		return ""
	}
	return base + ".png"
}

// previewPDF saves the draft, writes its PDF as it would print and shows the
// first page in a dialog (with Open in PDF viewer), or opens the PDF in the
// system's viewer when no page image can be made here.
func (e *Editor) previewPDF() { e.saved(e.showPDF) }

// showPDF writes the stored draft's PDF and shows its first page.
func (e *Editor) showPDF() {
	if e.renderer == nil {
		e.showErr(domain.ErrNoRenderer)
		return
	}
	d := e.doc
	kit.Write(func(ctx context.Context) (pdfPreview, error) {
		dir, err := previewDir()
		if err != nil {
			return pdfPreview{}, domain.Internal("make the preview folder", err)
		}
		p := pdfPreview{pdf: filepath.Join(dir, fmt.Sprintf("draft-%d.pdf", d.ID))}
		if err := widgets.WriteFile(p.pdf, "write the preview", func(w io.Writer) error {
			return e.renderer.DocumentPDF(ctx, w, e.book, d)
		}); err != nil {
			return p, err
		}
		p.png = rasterize(ctx, p.pdf)
		return p, nil
	}, func(p pdfPreview, err error) {
		if err != nil {
			e.showErr(err)
			return
		}
		e.preview = &p
		if p.png == "" {
			openFile(p.pdf)
			return
		}
		e.showPreview(p)
	})
}

// showPreview shows the first page as large as the window allows.
func (e *Editor) showPreview(p pdfPreview) {
	img := canvas.NewImageFromFile(p.png)
	img.FillMode = canvas.ImageFillContain
	ws := e.win.Canvas().Size()
	h := ws.Height - 140
	img.SetMinSize(fyne.NewSize(h/1.414, h))
	note := widget.NewLabel("The first page as it will print. Nothing is issued yet.")
	note.Importance = widget.LowImportance
	open := widget.NewButton("Open in PDF viewer", func() { openFile(p.pdf) })
	content := container.NewBorder(nil, container.NewHBox(note, open), nil, nil, img)
	dlg := dialog.NewCustom(draftTitle(e.doc), "Close", content, e.win)
	dlg.Show()
}

// openFile opens path in the program the system has for it.
func openFile(path string) {
	if a := fyne.CurrentApp(); a != nil {
		_ = a.OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(path)})
	}
}
