package gui

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/account"
	"clientbook/gui/kit"
)

func openBook(path string) (domain.Book, error) {
	b, err := data.Open(path)
	if err != nil {
		return nil, err
	}
	return b, nil
}

func newTestUI(t *testing.T) (*UI, fyne.Window, string) {
	t.Helper()
	a := test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
	t.Cleanup(account.RunInline())
	path := filepath.Join(t.TempDir(), "first.db")
	b, err := openBook(path)
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	u := New(a, w, b, openBook)
	t.Cleanup(func() {
		if u.Book() != nil {
			u.Book().Close()
		}
	})
	w.Resize(fyne.NewSize(1200, 800))
	if u.setup == nil {
		t.Fatal("a new book should open on the first-run setup")
	}
	u.setup.Done(false) // skipped: TestFirstRunSetup goes through it
	return u, w, path
}

// shortcut types Ctrl/Cmd+key on the window's canvas, as the desktop driver
// does. The test canvas wraps a software canvas that has the shortcut
// handler, so reach it through the exported embedded field.
func shortcut(t *testing.T, w fyne.Window, key fyne.KeyName) {
	t.Helper()
	sc := &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
	inner := reflect.ValueOf(w.Canvas()).Elem().FieldByName("WindowlessCanvas").Interface()
	h, ok := inner.(interface{ TypedShortcut(fyne.Shortcut) })
	if !ok {
		t.Fatal("the test canvas cannot type shortcuts")
	}
	h.TypedShortcut(sc)
}

func TestShortcutsNewClientFindAndEscape(t *testing.T) {
	u, w, path := newTestUI(t)
	if w.Title() != "Clientbook — first.db" {
		t.Errorf("title %q", w.Title())
	}
	if !u.Clients().WelcomeShown() {
		t.Fatal("an empty book opens on the welcome page")
	}
	shortcut(t, w, fyne.KeyN)
	if !u.Clients().FormShown() {
		t.Fatal("Ctrl+N should open a new client form")
	}
	if w.Canvas().Focused() == nil {
		t.Error("the new client form should put the cursor in a field")
	}
	w.Canvas().(test.WindowlessCanvas).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if u.Clients().FormShown() || !u.Clients().WelcomeShown() {
		t.Error("Esc should close the new client form and return to the welcome page")
	}
	if err := u.Book().Clients().CreateClient(t.Context(), &domain.Client{Name: "Acme", Status: domain.StatusActive,
		Currency: "EUR", CreditLimit: money.Zero("EUR")}); err != nil {
		t.Fatal(err)
	}
	u.Clients().Refresh()
	shortcut(t, w, fyne.KeyF)
	if w.Canvas().Focused() != u.Clients().SearchEntry() {
		t.Errorf("Ctrl+F focused %T, want the search box", w.Canvas().Focused())
	}
	n, err := u.Book().Clients().CountClients(t.Context(), domain.ClientFilter{})
	if err != nil || n != 1 {
		t.Errorf("after cancelling, the book has %d clients (%v)", n, err)
	}

	// The Edit menu offers the same actions for the tab you are on; File
	// lists the book as recent.
	menu := w.MainMenu()
	var labels []string
	for _, m := range menu.Items {
		labels = append(labels, m.Label)
	}
	if strings.Join(labels, ",") != "File,Edit,Go,Documents,Help" {
		t.Fatalf("menus: %v", labels)
	}
	if edit := menu.Items[1].Items; edit[0].Label != "New client" || keyText(edit[0].Shortcut.(*desktop.CustomShortcut)) != "Ctrl+N" {
		t.Errorf("Edit menu starts with %q", edit[0].Label)
	}
	file := menu.Items[0].Items
	if len(file) < 3 || file[2].Label != "Open Recent" || len(file[2].ChildMenu.Items) != 1 || file[2].ChildMenu.Items[0].Label != path {
		t.Errorf("File menu does not list %s under Open Recent", path)
	}
	if n := len(file); file[n-2].Label != "Import CSV…" || file[n-1].Label != "Verify book…" {
		t.Errorf("File menu ends with %q, %q, want Import CSV…, Verify book…", file[n-2].Label, file[n-1].Label)
	}
}

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o600) }

func TestSwitchBooksAndRecent(t *testing.T) {
	u, w, first := newTestUI(t)
	second := filepath.Join(t.TempDir(), "second.db")
	u.switchTo(second)
	if u.Book() == nil || u.Book().Path() != second {
		t.Fatalf("open book is %v, want %s", u.Book(), second)
	}
	if w.Title() != "Clientbook — second.db" {
		t.Errorf("title %q", w.Title())
	}
	recent := u.recent()
	if len(recent) != 2 || recent[0] != second || recent[1] != first {
		t.Errorf("recent books %q, want second then first", recent)
	}
	// The first book was released: it can be opened again.
	b, err := data.Open(first)
	if err != nil {
		t.Fatalf("the first book is still locked: %v", err)
	}
	b.Close()

	// A file that is not a book is refused and the current book stays open.
	bad := filepath.Join(t.TempDir(), "notes.db")
	if err := writeFile(bad, "not a database"); err != nil {
		t.Fatal(err)
	}
	u.switchTo(bad)
	if u.Book() == nil || u.Book().Path() != second {
		t.Fatalf("after refusing a bad file the open book is %v, want %s", u.Book(), second)
	}
	if w.Canvas().Overlays().Top() == nil {
		t.Error("refusing a file should explain why in a dialog")
	}
}

// The client form shows what the client was invoiced and opens their documents.
func TestClientDocumentsFromTheClientForm(t *testing.T) {
	u, _, _ := newTestUI(t)
	ctx := t.Context()
	c := &domain.Client{Name: "Acme", Status: domain.StatusActive, Currency: "EUR", CreditLimit: money.Zero("EUR"),
		PaymentTermsDays: 30, Billing: domain.Address{Line1: "1 Road", City: "Lyon", Country: "France"}}
	if err := u.Book().Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	d := domain.NewDraft(domain.KindInvoice, c, domain.DefaultCompany(), domain.NewDate(2027, 5, 2))
	d.Lines = []domain.Line{{Description: "Work", Quantity: decimal.NewFromInt(3), UnitPrice: decimal.RequireFromString("33.34")}}
	if err := u.Book().Documents().CreateDraft(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, _, err := u.Book().Documents().Issue(ctx, d.ID, domain.IssueOptions{}); err != nil {
		t.Fatal(err)
	}
	u.Clients().Refresh()
	u.Clients().Form().Load(c)
	want := "1 invoice. Invoiced 100.02 EUR including tax, after credit notes; last invoice 2027-05-02."
	if got := u.Clients().Form().SummaryLabel(); got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	u.Clients().Form().Nav.ShowClientDocuments(c)
	if u.tabs.Selected().Content != u.docs().Object() || u.docs().Filter().ClientID != c.ID {
		t.Errorf("Show documents: tab %d, filter %+v", u.tabs.SelectedIndex(), u.docs().Filter())
	}
	u.Clients().Form().Nav.NewDocument(domain.KindQuote, c)
	if !u.docs().EditorShown() || u.docs().Editor().Document().Kind != domain.KindQuote || u.docs().Editor().Document().ClientID != c.ID {
		t.Errorf("New quote from the client form: %+v", u.docs().Editor().Document())
	}
}

// A call added from the client screen's Timeline tab is at the top.
func TestAddACallFromTheClientScreen(t *testing.T) {
	u, _, _ := newTestUI(t)
	ctx := t.Context()
	c := &domain.Client{Name: "Acme", Status: domain.StatusActive, Currency: "EUR", CreditLimit: money.Zero("EUR")}
	if err := u.Book().Clients().CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := u.Book().Activities().CreateActivity(ctx, &domain.Activity{ClientID: c.ID, Kind: domain.ActivityEmail,
		Subject: "Older email", At: time.Now().Add(-48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	u.Clients().Refresh()
	u.Clients().Form().Load(c)
	u.Clients().SelectClientTab("Timeline")
	u.timeline().Fill(domain.ActivityCall, "Called about the renewal")
	u.timeline().Add()
	rows := u.timeline().Rows()
	if len(rows) != 2 || rows[0].Activity == nil || rows[0].Activity.Subject != "Called about the renewal" || rows[0].Activity.Kind != domain.ActivityCall {
		t.Fatalf("timeline %+v", rows)
	}
}

// A Reports card opens the documents list filtered to what it counts.
func TestReportsCardOpensFilteredDocuments(t *testing.T) {
	u, _, _ := newTestUI(t)
	c := &domain.Client{Name: "Acme", Status: domain.StatusActive, Currency: "EUR", CreditLimit: money.Zero("EUR")}
	if err := u.Book().Clients().CreateClient(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	f := domain.DocumentFilter{Kind: domain.KindInvoice, Status: domain.DocIssued, ClientID: c.ID,
		From: domain.NewDate(2027, 1, 1), To: domain.NewDate(2027, 3, 31)}
	u.ShowDocuments(f) // the Nav every screen is given, Reports' drill-down among them
	got := u.docs().Filter()
	if u.tabs.Selected().Content != u.docs().Object() || got.Kind != f.Kind || got.Status != f.Status ||
		got.ClientID != c.ID || got.From != f.From || got.To != f.To {
		t.Errorf("documents filter %+v, want %+v", got, f)
	}
}

// --show names screens, client tabs, receivables views and the bank
// statement import; a name that is none of them is refused with the list.
func TestShowTargets(t *testing.T) {
	u, w, _ := newTestUI(t)
	c := &domain.Client{Name: "Acme Freight", Status: domain.StatusActive, Currency: "EUR", CreditLimit: money.Zero("EUR")}
	if err := u.Book().Clients().CreateClient(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	statement := filepath.Join(t.TempDir(), "march.csv")
	if err := os.WriteFile(statement, []byte("Date;Amount;Text\n01.03.2027;100,00;Acme Freight\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"today", "clients/acme/Account", "receivables/overdue", "receivables/deposits",
		"receivables/bank=" + statement} {
		u.Show(target, func(err error) {
			if err != nil {
				t.Errorf("%s: %v", target, err)
			}
		})
	}
	if top := w.Canvas().Overlays().Top(); top == nil {
		t.Error("receivables/bank=FILE opens the statement import")
	}
	for _, bad := range []string{"nowhere", "receivables/ledger", "receivables/bank=" + statement + ".missing"} {
		var said error
		u.Show(bad, func(err error) { said = err })
		if said == nil {
			t.Errorf("%s was accepted", bad)
		}
	}
}

// Opening a book reads what it opens on off the UI goroutine: meanwhile the
// window shows neither the tabs nor the setup and shortcuts act on nothing.
// --show's client and document look-ups are read in the background too and
// answer once they are.
func TestOpeningAndShowReadInTheBackground(t *testing.T) {
	a := test.NewTempApp(t)
	q, restore := kit.Queued()
	t.Cleanup(restore)
	b, err := openBook(filepath.Join(t.TempDir(), "held.db"))
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, nil)
	u := New(a, w, b, openBook)
	t.Cleanup(func() { u.Book().Close() })
	if !u.Opening() || u.setup != nil || u.current() != nil {
		t.Fatalf("while the book is read: opening %v, setup %v, tab %v", u.Opening(), u.setup != nil, u.current())
	}
	q.Run()
	if u.Opening() || u.setup == nil {
		t.Fatalf("after the read: opening %v, setup %v", u.Opening(), u.setup != nil)
	}
	u.setup.Done(false)
	c := &domain.Client{Name: "Acme Freight", Status: domain.StatusActive, Currency: "EUR", CreditLimit: money.Zero("EUR")}
	if err := b.Clients().CreateClient(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	var said []error
	u.Show("clients/acme/Timeline", func(err error) { said = append(said, err) })
	if len(said) != 0 {
		t.Fatalf("--show answered %v before the client was looked up", said)
	}
	q.Run()
	if len(said) != 1 || said[0] != nil || u.tabs.Selected().Content != u.Clients().Object() {
		t.Fatalf("after the look-up: %v", said)
	}
	u.Show("clients/acme/Account/report", func(err error) { said = append(said, err) })
	q.Run()
	if len(said) != 2 || said[1] != nil || w.Canvas().Overlays().Top() == nil {
		t.Fatalf("--show clients/acme/Account/report: %v, the report form shows %v", said, w.Canvas().Overlays().Top() != nil)
	}
	w.Canvas().Overlays().Top().Hide()
	said = said[:1]
	u.Show("documents/INV-404", func(err error) { said = append(said, err) })
	q.Run()
	if len(said) != 2 || said[1] == nil || !strings.Contains(said[1].Error(), "INV-404") {
		t.Errorf("an unknown number: %v", said)
	}
}
