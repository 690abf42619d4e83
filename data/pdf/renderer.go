package pdf

import (
	"context"
	"io"

	"clientbook/domain"
)

// Renderer is domain.Renderer over this package: it gathers what each paper
// shows from the book and writes it with Write, WriteStatement or
// WriteAccountReport.
type Renderer struct{}

var _ domain.Renderer = Renderer{}

// DocumentPDF gathers document d (Gather) and writes it to w.
func (Renderer) DocumentPDF(ctx context.Context, w io.Writer, book domain.Book, d *domain.Document) error {
	in, err := Gather(ctx, book, d)
	if err != nil {
		return err
	}
	return Write(w, in)
}

// StatementPDF gathers statement st (GatherStatement) and writes it to w.
func (Renderer) StatementPDF(ctx context.Context, w io.Writer, book domain.Book, st domain.Statement) error {
	in, err := GatherStatement(ctx, book, st)
	if err != nil {
		return err
	}
	return WriteStatement(w, in)
}

// AccountReportPDF gathers account report r (GatherAccountReport) and writes
// it to w.
func (Renderer) AccountReportPDF(ctx context.Context, w io.Writer, book domain.Book, r domain.AccountReport) error {
	in, err := GatherAccountReport(ctx, book, r)
	if err != nil {
		return err
	}
	return WriteAccountReport(w, in)
}
