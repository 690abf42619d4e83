// Package guitest holds what the GUI packages' headless tests share. Only
// tests import it.
package guitest

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
)

// Answer taps the button labelled text in the dialog on top of w, failing
// the test when no dialog shows or it has no such button.
func Answer(t testing.TB, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no question is showing; wanted one with %q", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("the question has no %q button", text)
}

// Nav is a screen's Nav in a test: it records where the screen asked to
// go, one line a request ("document 7", "client 3 Complaints"), and what
// came with it.
type Nav struct {
	Went     []string
	Filters  []domain.DocumentFilter
	Payments []*domain.Payment
	Client   *domain.Client
}

func (n *Nav) went(format string, args ...any) { n.Went = append(n.Went, fmt.Sprintf(format, args...)) }

func (n *Nav) OpenClient(id int64, tab string) { n.went("client %d %s", id, tab) }
func (n *Nav) OpenDocument(id int64)           { n.went("document %d", id) }
func (n *Nav) ShowDocuments(f domain.DocumentFilter) {
	n.Filters = append(n.Filters, f)
	n.went("documents")
}
func (n *Nav) ShowClientDocuments(c *domain.Client) {
	n.Client = c
	n.went("documents of %s", c.Name)
}
func (n *Nav) NewDocument(kind domain.DocKind, c *domain.Client) {
	n.Client = c
	n.went("new %s", kind)
}
func (n *Nav) OpenPayment(p *domain.Payment) {
	n.Payments = append(n.Payments, p)
	n.went("payment %d", p.ID)
}
func (n *Nav) OpenReceivables() { n.went("receivables") }
