package domain

import (
	"context"
	"io"
)

// Renderer draws the book's printable papers as PDF: a document as it
// prints, a client's statement and a client's account report. Each method
// reads what else the paper shows from book (the company, the client, the
// invoice a credit note corrects) and writes the whole PDF to w. The data
// layer's pdf package implements it; the GUI receives one from cmd.
type Renderer interface {
	// DocumentPDF writes document d — invoice, quote or credit note — as it
	// prints. An issued document shows its bill-to and issuer as issued.
	DocumentPDF(ctx context.Context, w io.Writer, book Book, d *Document) error
	// StatementPDF writes client statement st.
	StatementPDF(ctx context.Context, w io.Writer, book Book, st Statement) error
	// AccountReportPDF writes client account report r with its charts.
	AccountReportPDF(ctx context.Context, w io.Writer, book Book, r AccountReport) error
}

// ErrNoRenderer is what asking for a PDF returns in a program that was given
// no Renderer.
var ErrNoRenderer = &Error{Code: EINTERNAL, Message: "This copy of Clientbook cannot write PDFs: it was started without PDF output."}
