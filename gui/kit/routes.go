package kit

import (
	"fyne.io/fyne/v2"

	"clientbook/domain"
)

// Routes is the part of Nav a tab serves: the window implements Nav by
// selecting the first tab whose route is set and calling it there, so a
// screen that opens clients or documents says so in its Tab and the window
// never names it. A route left nil is served by another tab (or nowhere).
type Routes struct {
	OpenClient          func(id int64, tab string)
	OpenDocument        func(id int64)
	ShowDocuments       func(f domain.DocumentFilter)
	ShowClientDocuments func(c *domain.Client)
	NewDocument         func(kind domain.DocKind, c *domain.Client)
	OpenPayment         func(p *domain.Payment)
	OpenReceivables     func()
}

// Section is a titled part of the Settings tab that another tab (or the
// window: Backups) contributes, such as the outbox's mail server.
type Section struct {
	Title   string
	Content fyne.CanvasObject
}

// Tools are what the app hands the window after building it, which some
// screens need to save files: what writes PDFs and what writes e-invoices
// (either nil while the app gives none; those screens then say they cannot).
type Tools struct {
	Renderer  domain.Renderer
	EInvoicer domain.EInvoicer
}
