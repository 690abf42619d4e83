package invoices

import (
	"image/png"
	"os"
	"os/exec"
	"strings"
	"testing"

	"clientbook/domain"
)

// Preview PDF saves the draft, writes its PDF as it will print (read back
// with pdftotext) and shows the first page made into an image by pdftoppm;
// nothing is issued.
func TestPreviewPDFBeforeIssuing(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	f := newFixture(t)
	f.s.editor.NewDocument(domain.KindInvoice, f.client)
	f.s.place.Edit()
	e := f.s.editor
	typeLine(e, 0, "Harbour survey", "2", "350", f.vat.Line())
	tap(t, e.Object(), "Preview PDF")
	if e.preview == nil {
		t.Fatal("no preview was written")
	}
	if e.doc.ID == 0 || e.doc.Status != domain.DocDraft || e.Dirty() {
		t.Errorf("the draft was not saved first, or was issued: id %d, %s, dirty %v", e.doc.ID, e.doc.Status, e.Dirty())
	}
	if tool, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command(tool, "-layout", e.preview.pdf, "-").Output()
		if err != nil || !strings.Contains(string(out), "Harbour survey") || !strings.Contains(string(out), "833.00") {
			t.Errorf("pdftotext of the preview (%v):\n%s", err, out)
		}
	}
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm is not installed: the preview opens in the system's PDF viewer instead")
	}
	fh, err := os.Open(e.preview.png)
	if err != nil {
		t.Fatalf("no page image: %v", err)
	}
	defer fh.Close()
	img, err := png.Decode(fh)
	if err != nil || img.Bounds().Dx() < 500 || img.Bounds().Dy() < 700 {
		t.Fatalf("page image %v, %v", err, img.Bounds())
	}
	if len(f.w.Canvas().Overlays().List()) == 0 || button(f.w.Canvas().Overlays().Top(), "Open in PDF viewer") == nil {
		t.Error("the page is not shown with Open in PDF viewer")
	}
}
