package kit

import "clientbook/domain"

// Nav is how a screen opens what another screen shows — a client, a
// document, a payment — by saying what it wants, not which screen does it.
// The window implements it and gives it to every screen, so no screen holds
// a callback into another.
type Nav interface {
	// OpenClient opens client id on the Clients tab, on its tab named tab
	// ("" for the one shown).
	OpenClient(id int64, tab string)
	// OpenDocument opens document id.
	OpenDocument(id int64)
	// ShowDocuments lists the documents f picks.
	ShowDocuments(f domain.DocumentFilter)
	// ShowClientDocuments lists the client's documents.
	ShowClientDocuments(c *domain.Client)
	// NewDocument starts a document of kind for c (nil for no client yet).
	NewDocument(kind domain.DocKind, c *domain.Client)
	// OpenPayment opens p in the payment form: a stored payment to change,
	// or a new one filled in (a payment of what an invoice still owes).
	OpenPayment(p *domain.Payment)
	// OpenReceivables shows the receivables.
	OpenReceivables()
}

// Nowhere is the Nav of a screen shown on its own (in a test, or before the
// window gives it its own): it opens nothing.
type Nowhere struct{}

func (Nowhere) OpenClient(int64, string)                   {}
func (Nowhere) OpenDocument(int64)                         {}
func (Nowhere) ShowDocuments(domain.DocumentFilter)        {}
func (Nowhere) ShowClientDocuments(*domain.Client)         {}
func (Nowhere) NewDocument(domain.DocKind, *domain.Client) {}
func (Nowhere) OpenPayment(*domain.Payment)                {}
func (Nowhere) OpenReceivables()                           {}
