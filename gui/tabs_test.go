package gui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/guitest"
	"clientbook/gui/kit"
)

// menuItem finds an item of the main menu by its menu's and its own label.
func mainMenuItem(t *testing.T, w fyne.Window, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range w.MainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no %s ▸ %s", menu, label)
	return nil
}

// TestNewOnEachTabMakesThatTabsThing: Ctrl/Cmd+N makes a client on Clients,
// an invoice on Documents, a payment on Receivables… and nothing on the
// tabs you are not on; the Edit menu names it.
func TestNewOnEachTabMakesThatTabsThing(t *testing.T) {
	u, w, _ := newTestUI(t)
	if err := u.Book().Clients().CreateClient(t.Context(), &domain.Client{Name: "Acme", Status: domain.StatusActive,
		Currency: "EUR", CreditLimit: money.Zero("EUR")}); err != nil {
		t.Fatal(err)
	}
	u.Clients().Refresh()
	for i, tab := range u.tabDefs {
		shortcut(t, w, tabKeys[min(i, len(tabKeys)-1)])
		if i < len(tabKeys) && u.tabs.SelectedIndex() != i {
			t.Errorf("Ctrl+%d selected tab %d", i+1, u.tabs.SelectedIndex())
			continue
		}
		if i >= len(tabKeys) {
			u.selectTab(i)
		}
		edit := mainMenuItem(t, w, "Edit", firstOr(tab.NewLabel, "New"))
		if edit.Disabled != (tab.New == nil) {
			t.Errorf("%s: Edit ▸ %s disabled = %v", tab.Title, edit.Label, edit.Disabled)
		}
	}
	u.selectTab(2) // Documents
	shortcut(t, w, fyne.KeyN)
	if !u.docs().EditorShown() {
		t.Error("Ctrl+N on Documents did not open a new invoice")
	}
	if u.Clients().FormShown() {
		t.Error("Ctrl+N on Documents touched the hidden Clients tab")
	}
}

func firstOr(s, or string) string {
	if s != "" {
		return s
	}
	return or
}

// TestSaveFromInsideAField: the Edit ▸ Save item (Ctrl/Cmd+S — menu
// shortcuts reach the window before the focused field) saves the form while
// the cursor is still in one of its fields.
func TestSaveFromInsideAField(t *testing.T) {
	u, w, _ := newTestUI(t)
	shortcut(t, w, fyne.KeyN)
	entry, ok := w.Canvas().Focused().(*widget.Entry)
	if !ok {
		t.Fatalf("the new client form focused %T", w.Canvas().Focused())
	}
	test.Type(entry, "Typed Then Saved Ltd")
	save := mainMenuItem(t, w, "Edit", "Save")
	if save.Shortcut == nil || keyText(save.Shortcut.(*desktop.CustomShortcut)) != "Ctrl+S" {
		t.Errorf("Edit ▸ Save shortcut %v", save.Shortcut)
	}
	save.Action()
	rows, err := u.Book().Clients().FindClients(t.Context(), domain.ClientFilter{})
	if err != nil || len(rows) != 1 || !strings.Contains(rows[0].Name, "Typed Then Saved") {
		t.Fatalf("after Save from inside the name field: %+v %v", rows, err)
	}
}

func TestHelpMenu(t *testing.T) {
	u, w, path := newTestUI(t)
	if about := u.AboutText(); !strings.Contains(about, "Clientbook") || !strings.Contains(about, path) {
		t.Errorf("About says %q", about)
	}
	u.SetAboutBook(func(b domain.Book) string { return "Schema of " + b.Path() })
	if about := u.AboutText(); !strings.Contains(about, "Schema of "+path) {
		t.Errorf("About with SetAboutBook says %q", about)
	}
	mainMenuItem(t, w, "Help", "Keyboard shortcuts").Action()
	if w.Canvas().Overlays().Top() == nil {
		t.Error("Keyboard shortcuts showed nothing")
	}
}

// TestWindowKeepsDetailsCurrent: with the whole window wired, an invoice
// issued for the client shown in Details (from anywhere) shows there at
// once, without a click.
func TestWindowKeepsDetailsCurrent(t *testing.T) {
	restore := kit.RunInline()
	defer restore()
	u, _, _ := newTestUI(t)
	ctx := t.Context()
	c := &domain.Client{Name: "Nordlicht Logistik GmbH", Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: 14,
		CreditLimit: money.Zero("EUR"), Billing: domain.Address{Line1: "Hafenstraße 3", City: "Kiel", Country: "Germany"}}
	if err := u.Book().Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	u.selectTab(1)
	u.Clients().Open(c.ID)
	if got := u.Clients().Form().SummaryLabel(); got != "No invoices or quotes yet." {
		t.Fatalf("before: %q", got)
	}
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), domain.NewDate(2027, 3, 1))
	d.Lines = []domain.Line{{Description: "Audit", Quantity: decimal.NewFromInt(1), UnitPrice: decimal.RequireFromString("500.00")}}
	if err := u.Book().Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, _, err := u.Book().Documents().Issue(ctx, d.ID, domain.IssueOptions{AcceptWarnings: true}); err != nil {
		t.Fatal(err)
	}
	if got := u.Clients().Form().SummaryLabel(); got == "No invoices or quotes yet." || got == "" {
		t.Errorf("after issuing, Details says %q", got)
	}
}

// Ctrl+Enter issues the draft being written — with the cursor still in one
// of its fields — through the same confirmation as its Issue button, and
// does nothing on another tab.
func TestCtrlEnterIssuesTheDraft(t *testing.T) {
	u, w, _ := newTestUI(t)
	ctx := t.Context()
	c := &domain.Client{Name: "Hafenmeister KG", Status: domain.StatusActive, Currency: "EUR", PaymentTermsDays: 14,
		CreditLimit: money.Zero("EUR"), Billing: domain.Address{Line1: "Kai 1", City: "Bremen", Country: "Germany"}}
	if err := u.Book().Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), domain.Today())
	d.Lines = []domain.Line{{Description: "Harbour survey", Quantity: decimal.NewFromInt(2), UnitPrice: decimal.RequireFromString("350")}}
	if err := u.Book().Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	u.showTab(u.Clients().Object())
	shortcut(t, w, fyne.KeyReturn)
	if len(w.Canvas().Overlays().List()) != 0 {
		t.Fatal("Ctrl+Enter on Clients opened a dialog")
	}
	u.OpenDocument(d.ID)
	if !u.docs().EditorShown() {
		t.Fatal("the draft did not open")
	}
	shortcut(t, w, fyne.KeyReturn)
	guitest.Answer(t, w, "Issue invoice")
	got, err := u.Book().Documents().FindDocumentByID(ctx, d.ID)
	if err != nil || got.Status != domain.DocIssued || got.Number == "" {
		t.Fatalf("after Ctrl+Enter: %v %+v", err, got)
	}
}

// At 1024 points the tab titles with their icons would not all fit and the
// last tabs would go into the bar's "…": the icons go instead, and come
// back when the window is wide again.
func TestNarrowWindowKeepsEveryTabByName(t *testing.T) {
	u, w, _ := newTestUI(t)
	icons := func() (n int) {
		for _, it := range u.tabs.Items {
			if it.Icon != nil {
				n++
			}
		}
		return n
	}
	w.Resize(fyne.NewSize(1024, 700))
	if n := icons(); n != 0 {
		t.Errorf("at 1024 points %d tabs keep their icons", n)
	}
	w.Resize(fyne.NewSize(1400, 800))
	if n := icons(); n != len(u.tabs.Items) {
		t.Errorf("at 1400 points %d of %d tabs have their icons", n, len(u.tabs.Items))
	}
}

// One line in the tab list is all a screen needs: each tab listed is in the
// tab bar in order, has its Ctrl/Cmd+1…9 key and its Go menu item, opens
// with --show by its title.
func TestEveryListedTabGetsKeysMenusAndShow(t *testing.T) {
	u, w, _ := newTestUI(t)
	if len(u.tabs.Items) != len(u.tabDefs) {
		t.Fatalf("%d tabs in the bar, %d listed", len(u.tabs.Items), len(u.tabDefs))
	}
	var goItems []string
	for _, m := range u.menu().Items {
		if m.Label == "Go" {
			for _, it := range m.Items[2:] {
				goItems = append(goItems, it.Label)
			}
		}
	}
	for i, tab := range u.tabDefs {
		if u.tabs.Items[i].Text != tab.Title || u.tabs.Items[i].Content != tab.Content {
			t.Errorf("tab %d is %q in the bar, %q listed", i, u.tabs.Items[i].Text, tab.Title)
		}
		if i >= len(goItems) || goItems[i] != tab.Title {
			t.Errorf("the Go menu %q has no %q at %d", goItems, tab.Title, i)
		}
		if i < len(tabKeys) {
			u.tabs.SelectIndex((i + 1) % len(u.tabDefs))
			shortcut(t, w, tabKeys[i])
			if u.tabs.SelectedIndex() != i {
				t.Errorf("Ctrl+%d selected tab %d, want %q", i+1, u.tabs.SelectedIndex(), tab.Title)
			}
		}
		u.tabs.SelectIndex((i + 1) % len(u.tabDefs))
		u.Show(strings.ToLower(tab.Title), func(err error) {
			if err != nil {
				t.Errorf("--show %s: %v", tab.Title, err)
			}
		})
		if u.tabs.SelectedIndex() != i {
			t.Errorf("--show %s selected tab %d", strings.ToLower(tab.Title), u.tabs.SelectedIndex())
		}
	}
}
