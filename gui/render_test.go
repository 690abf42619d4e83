package gui

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"clientbook/domain"
)

// recorder is a domain.Renderer that notes the book each document was
// rendered from and writes a stand-in PDF.
type recorder struct{ books []domain.Book }

func (r *recorder) DocumentPDF(_ context.Context, w io.Writer, book domain.Book, _ *domain.Document) error {
	r.books = append(r.books, book)
	_, err := io.WriteString(w, "%PDF-")
	return err
}

func (r *recorder) StatementPDF(context.Context, io.Writer, domain.Book, domain.Statement) error {
	return nil
}

func (r *recorder) AccountReportPDF(context.Context, io.Writer, domain.Book, domain.AccountReport) error {
	return nil
}

// The renderer given to the window reaches the Documents screen, also after
// another book is opened; without one, Export PDF says it cannot.
func TestSetRendererFollowsTheBook(t *testing.T) {
	u, _, _ := newTestUI(t)
	out := filepath.Join(t.TempDir(), "doc.pdf")
	if err := u.docs().Editor().WritePDF(out); err != domain.ErrNoRenderer {
		t.Errorf("with no renderer WritePDF says %v", err)
	}
	r := &recorder{}
	u.SetRenderer(r)
	first := u.Book()
	if err := u.docs().Editor().WritePDF(out); err != nil || len(r.books) != 1 || r.books[0] != first {
		t.Fatalf("WritePDF: %v, rendered from %v", err, r.books)
	}
	u.switchTo(filepath.Join(t.TempDir(), "second.db"))
	if u.Book() == first {
		t.Fatal("the second book did not open")
	}
	if err := u.docs().Editor().WritePDF(out); err != nil || len(r.books) != 2 || r.books[1] != u.Book() {
		t.Errorf("after opening another book, WritePDF: %v, rendered from %v", err, r.books)
	}
}
