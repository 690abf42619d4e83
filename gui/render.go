package gui

import (
	"clientbook/domain"
	"clientbook/gui/kit"
)

// SetRenderer gives the screens that save PDFs — Documents' Export PDF…,
// Receivables' statements and the client's account report — what writes
// them. Until it is called those screens say they cannot.
func (u *UI) SetRenderer(r domain.Renderer) {
	u.renderer = r
	u.attachRenderer()
}

// SetEInvoicer gives Documents' Export e-invoice… what writes e-invoices.
func (u *UI) SetEInvoicer(x domain.EInvoicer) {
	u.einvoicer = x
	u.attachRenderer()
}

// attachRenderer hands the renderer and the e-invoicer to the open book's
// tabs and client tabs that take them (their SetTools).
func (u *UI) attachRenderer() {
	tools := kit.Tools{Renderer: u.renderer, EInvoicer: u.einvoicer}
	for _, t := range u.tabDefs { // Documents' PDFs and e-invoices, Receivables' statements
		if t.SetTools != nil {
			t.SetTools(tools)
		}
	}
	for _, t := range u.clientTabs {
		if t.SetTools != nil {
			t.SetTools(tools)
		}
	}
}
