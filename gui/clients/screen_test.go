package clients

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// newTestScreen opens a fresh book on disk and the Clients screen over it in
// a headless window.
func newTestScreen(t *testing.T) (*Screen, domain.ClientService, fyne.Window) {
	t.Helper()
	s, book, w := newTestScreenOver(t)
	return s, book.Clients(), w
}

// newTestScreenOver is newTestScreen, handing back the whole book.
func newTestScreenOver(t *testing.T) (*Screen, domain.Book, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	// Background work and the debounced search run inline, so tests see
	// their effect at once and never race the test goroutine.
	t.Cleanup(kit.RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	w := test.NewTempWindow(t, nil)
	s := NewScreen(book.Clients(), w, nil)
	w.SetContent(s.Object())
	w.Resize(fyne.NewSize(1200, 800))
	return s, book, w
}

// highlighted reports whether row i of the list is highlighted; if it was
// not, it is afterwards.
func highlighted(s *Screen, i int) bool {
	was, fired := s.table.OnSelected, false
	s.table.OnSelected = func(domain.ClientRow) { fired = true }
	s.table.List().Select(i)
	s.table.OnSelected = was
	return !fired
}

func addClients(t *testing.T, svc domain.ClientService, names ...string) {
	t.Helper()
	for _, n := range names {
		c := &domain.Client{Name: n, Status: domain.StatusActive, Currency: "EUR", CreditLimit: money.Zero("EUR"),
			PaymentTermsDays: 30, Billing: domain.Address{City: "Köln"}}
		if err := svc.CreateClient(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
}

func count(t *testing.T, svc domain.ClientService) int {
	t.Helper()
	n, err := svc.CountClients(context.Background(), domain.ClientFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// button finds the visible button labelled text anywhere in o.
func button(o fyne.CanvasObject, text string) *widget.Button {
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	return nil
}

// dialogButton finds a button in the window's topmost overlay (a dialog).
func dialogButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog is showing; wanted one with %q", text)
	}
	b := button(top, text)
	if b == nil {
		t.Fatalf("the dialog has no %q button", text)
	}
	return b
}

func TestWelcomeOnEmptyBook(t *testing.T) {
	s, svc, _ := newTestScreen(t)
	if !s.WelcomeShown() {
		t.Fatal("an empty book should open on the welcome page")
	}
	test.AssertObjectRendersToMarkup(t, "welcome.xml", s.welcome)

	test.Tap(button(s.welcome, "Add your first client"))
	if s.WelcomeShown() || !s.FormShown() {
		t.Fatal("Add your first client should show the form")
	}
	if got := s.form.edits.Title.Text; got != "New client" {
		t.Errorf("form title = %q, want New client", got)
	}
	if count(t, svc) != 0 {
		t.Error("opening the form must not create anything")
	}
}

func TestLoadDemoFillsTheList(t *testing.T) {
	old := DemoClients
	DemoClients = 12
	t.Cleanup(func() { DemoClients = old })
	s, svc, _ := newTestScreen(t)
	test.Tap(button(s.welcome, "Load a demo book"))
	if s.WelcomeShown() {
		t.Fatal("the welcome page is still showing after loading the demo")
	}
	if n := count(t, svc); n != 12 {
		t.Fatalf("demo created %d clients, want 12", n)
	}
	if s.total != 12 || s.count.Text != "12 clients" {
		t.Errorf("list shows %d rows with count %q", s.total, s.count.Text)
	}
	if s.FormShown() {
		t.Error("no client is selected yet, so the form should not show")
	}
}

func TestSaveNewClient(t *testing.T) {
	s, svc, w := newTestScreen(t)
	s.NewClient()
	if w.Canvas().Focused() != s.form.name {
		t.Error("New client should put the cursor in the name field")
	}
	test.Type(s.form.name, "Løvstad Ærø Shipping")
	test.Type(s.form.limit, "12,500.50")
	test.Tap(button(s.form.Object(), "Add contact"))
	r := s.form.contacts[0]
	test.Type(r.name, "Ingrid Løvstad")
	test.Type(r.email, "ingrid@lovstad.example")
	test.Tap(s.form.edits.SaveButton)

	if n := count(t, svc); n != 1 {
		t.Fatalf("%d clients stored, want 1", n)
	}
	rows, _ := svc.FindClients(context.Background(), domain.ClientFilter{})
	c, err := svc.FindClientByID(context.Background(), rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := money.FromMinor(1250050, s.form.HomeCurrency())
	if c.Name != "Løvstad Ærø Shipping" || !c.CreditLimit.Equal(want) {
		t.Errorf("stored %q with limit %s", c.Name, c.CreditLimit)
	}
	if len(c.Contacts) != 1 || !c.Contacts[0].Primary || c.Contacts[0].Email != "ingrid@lovstad.example" {
		t.Errorf("contacts = %+v, want one primary contact", c.Contacts)
	}
	if s.form.edits.Title.Text != c.Name || s.form.Dirty() {
		t.Errorf("after saving the form shows %q, dirty=%v", s.form.edits.Title.Text, s.form.Dirty())
	}
	if s.count.Text != "1 client" || s.table.List().Length() != 1 {
		t.Errorf("list count %q, rows %d", s.count.Text, s.table.List().Length())
	}
}

func TestBadInputShowsMessagesAndSavesNothing(t *testing.T) {
	for _, tc := range []struct {
		name       string
		fill       func(f *Form)
		field, msg string
	}{
		{"empty name", func(f *Form) { test.Type(f.industry, "Retail") }, "name", "Enter the client's name."},
		{"negative credit limit", func(f *Form) {
			test.Type(f.name, "Acme")
			test.Type(f.limit, "-5")
		}, "creditLimit", "The credit limit cannot be negative."},
		{"not an amount", func(f *Form) {
			test.Type(f.name, "Acme")
			test.Type(f.limit, "lots")
		}, "creditLimit", ""},
		{"unknown currency", func(f *Form) {
			test.Type(f.name, "Acme")
			f.currency.SetText("XYZ")
		}, "currency", ""},
		{"terms not a number", func(f *Form) {
			test.Type(f.name, "Acme")
			f.terms.SetText("thirty")
		}, "paymentTermsDays", "Enter a whole number of days."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, svc, _ := newTestScreen(t)
			s.NewClient()
			tc.fill(s.form)
			if s.form.Save() {
				t.Fatal("Save reported success")
			}
			fl := s.form.edits.Fields[tc.field]
			if !fl.Error.Visible() || fl.Error.Text == "" {
				t.Fatalf("no message beside %s", tc.field)
			}
			if tc.msg != "" && fl.Error.Text != tc.msg {
				t.Errorf("message %q, want %q", fl.Error.Text, tc.msg)
			}
			if n := count(t, svc); n != 0 {
				t.Errorf("%d clients stored after a failed save", n)
			}
			if !s.form.Dirty() {
				t.Error("the edits must survive a failed save")
			}
		})
	}
}

func TestMalformedContactEmail(t *testing.T) {
	s, svc, _ := newTestScreen(t)
	s.NewClient()
	test.Type(s.form.name, "Acme")
	test.Tap(button(s.form.Object(), "Add contact"))
	test.Type(s.form.contacts[0].name, "Jo")
	test.Type(s.form.contacts[0].email, "jo@@example")
	if s.form.Save() {
		t.Fatal("saved a malformed email")
	}
	fl := s.form.contacts[0].fields["email"]
	if !fl.Error.Visible() {
		t.Fatal("no message beside the contact's email")
	}
	if count(t, svc) != 0 {
		t.Error("a client was stored")
	}
}

func TestSearchFiltersAsYouType(t *testing.T) {
	s, svc, _ := newTestScreen(t)
	addClients(t, svc, "Zürich Re Holdings", "Acme Tools", "Beta Foods", "Zurich Garden Supplies")
	s.Refresh()
	if s.total != 4 {
		t.Fatalf("list shows %d, want 4", s.total)
	}
	test.Type(s.search, "zur")
	if s.total != 2 {
		t.Fatalf("search %q shows %d rows, want 2 (accents folded)", s.search.Text, s.total)
	}
	if s.count.Text != "2 clients match" {
		t.Errorf("count reads %q", s.count.Text)
	}

	s.search.SetText("nothing like this")
	s.Refresh()
	if !s.noMatch.Visible() || s.noMatchText.Text != "No clients match “nothing like this” in their name, contacts, email or city." {
		t.Errorf("no-match state: visible=%v text=%q", s.noMatch.Visible(), s.noMatchText.Text)
	}
	if s.WelcomeShown() {
		t.Error("a search with no results is not a first run")
	}
	test.Tap(button(s.noMatch, "Clear search and filter"))
	if s.total != 4 || s.noMatch.Visible() {
		t.Errorf("after clearing: %d rows, no-match visible %v", s.total, s.noMatch.Visible())
	}
}

func TestStatusFilterAndSort(t *testing.T) {
	s, svc, _ := newTestScreen(t)
	addClients(t, svc, "Alpha", "Bravo", "Charlie")
	c := &domain.Client{Name: "Delta", Status: domain.StatusProspect, Currency: "EUR", CreditLimit: money.Zero("EUR")}
	if err := svc.CreateClient(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	s.status.SetSelected(domain.StatusProspect.Title())
	if s.total != 1 {
		t.Fatalf("prospects: %d rows, want 1", s.total)
	}
	s.status.SetSelectedIndex(0)
	s.sort.SetSelected("Name Z–A")
	if r, _ := s.table.Row(0); r.Name != "Delta" {
		t.Errorf("first row Z–A is %q, want Delta", r.Name)
	}
	if got := s.table.Sort(); got != (kit.Sort{Key: "name", Desc: true}) || s.table.HeaderText(1) != "Name ▼" {
		t.Errorf("the sort menu's Name Z–A shows in the table as %+v, header %q", got, s.table.HeaderText(1))
	}
}

func TestUnsavedEditsAskBeforeSwitching(t *testing.T) {
	s, svc, w := newTestScreen(t)
	addClients(t, svc, "Alpha", "Bravo")
	s.Refresh()
	s.table.List().Select(0)
	if s.form.edits.Title.Text != "Alpha" {
		t.Fatalf("selected row 0 shows %q", s.form.edits.Title.Text)
	}
	s.form.name.SetText("Alpha Renamed")
	s.table.List().Select(1)
	if s.form.name.Text != "Alpha Renamed" {
		t.Fatal("switching clients threw away the edit without asking")
	}
	test.Tap(dialogButton(t, w, "Cancel"))
	if s.form.name.Text != "Alpha Renamed" || s.form.Client().Name != "Alpha" || !highlighted(s, 0) {
		t.Fatalf("Cancel should keep the edit on row 0; the form shows %q (row 0 highlighted %v)", s.form.name.Text, highlighted(s, 0))
	}

	s.table.List().Select(1)
	test.Tap(dialogButton(t, w, "Save"))
	if s.form.edits.Title.Text != "Bravo" {
		t.Errorf("after Save the form shows %q, want Bravo", s.form.edits.Title.Text)
	}
	rows, _ := svc.FindClients(context.Background(), domain.ClientFilter{Search: "renamed"})
	if len(rows) != 1 {
		t.Errorf("the edit was not saved: %d clients match 'renamed'", len(rows))
	}

	s.form.name.SetText("Bravo Changed")
	s.Cancel()
	if s.form.name.Text != "Bravo" || s.form.Dirty() {
		t.Errorf("Esc should revert: name %q dirty %v", s.form.name.Text, s.form.Dirty())
	}
}

func TestDeleteAfterConfirmation(t *testing.T) {
	s, svc, w := newTestScreen(t)
	addClients(t, svc, "Gone Ltd", "Stays Ltd")
	s.Refresh()
	s.table.List().Select(0)
	test.Tap(button(s.form.Object(), "Delete…"))
	test.Tap(dialogButton(t, w, "Cancel"))
	if count(t, svc) != 2 {
		t.Fatal("declining the confirmation deleted the client")
	}
	test.Tap(button(s.form.Object(), "Delete…"))
	test.Tap(dialogButton(t, w, "Delete client"))
	if count(t, svc) != 1 {
		t.Fatal("the client was not deleted")
	}
	if s.FormShown() || s.total != 1 {
		t.Errorf("after deleting: form shown %v, %d rows", s.FormShown(), s.total)
	}
}

func TestExportClientsAsFiltered(t *testing.T) {
	s, svc, w := newTestScreen(t)
	t.Cleanup(widgets.RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "export-only.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	s.SetExport(book.Export())
	addClients(t, svc, "Zürich Re Holdings", "Acme Tools", "@risk Partners")
	s.Refresh()
	test.Type(s.search, "zur")
	path := filepath.Join(t.TempDir(), "clients.csv")
	widgets.WriteCSVFile(w, path, domain.ExportFormat{}, s.WriteCSV)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(b), "\ufeff")), "\r\n")
	if len(lines) != 2 || !strings.Contains(lines[1], "Zürich Re Holdings") || !strings.HasPrefix(lines[0], "id,name,status") {
		t.Fatalf("filtered clients:\n%s", b)
	}
	s.search.SetText("")
	s.Refresh()
	widgets.WriteCSVFile(w, path, domain.ExportFormat{}, s.WriteCSV)
	b, _ = os.ReadFile(path)
	if !strings.Contains(string(b), ",'@risk Partners,") {
		t.Errorf("a name starting with @ must be neutralised:\n%s", b)
	}
}

func TestHeaderClickSortsAndKeepsTheSortMenuInStep(t *testing.T) {
	s, svc, _ := newTestScreen(t)
	addClients(t, svc, "Bravo", "Alpha", "Charlie")
	c := &domain.Client{Name: "Delta", Status: domain.StatusActive, Currency: "EUR", CreditLimit: money.Zero("EUR"),
		Billing: domain.Address{City: "Aachen"}}
	if err := svc.CreateClient(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	s.Refresh()
	first := func() string { r, _ := s.table.Row(0); return r.Name }
	if first() != "Alpha" || s.table.HeaderText(1) != "Name ▲" {
		t.Fatalf("the list opens on %q, header %q", first(), s.table.HeaderText(1))
	}
	s.table.TapHeader(1)
	if first() != "Delta" || s.sort.Selected != "Name Z–A" || s.table.HeaderText(1) != "Name ▼" {
		t.Errorf("a second click on Name: first %q, menu %q, header %q", first(), s.sort.Selected, s.table.HeaderText(1))
	}
	s.table.TapHeader(5) // City
	if first() != "Delta" || s.sort.Selected != "City A–Z" || s.table.HeaderText(1) != "Name" {
		t.Errorf("a click on City: first %q (Aachen first), menu %q, Name header %q", first(), s.sort.Selected, s.table.HeaderText(1))
	}
	s.table.TapHeader(0) // #, the order they were added
	if first() != "Bravo" || s.sort.Selected != "Oldest first" {
		t.Errorf("a click on #: first %q, menu %q", first(), s.sort.Selected)
	}
	s.table.List().Select(2)
	s.table.TapHeader(0)
	if first() != "Delta" || s.sort.Selected != "Newest first" {
		t.Errorf("a second click on #: first %q, menu %q", first(), s.sort.Selected)
	}
	if open := s.form.Client(); open == nil || open.Name != "Charlie" {
		t.Fatalf("the form shows %v", open)
	}
	if !highlighted(s, 1) {
		t.Error("after sorting again the open client's row (now row 1) is not highlighted")
	}
}

func TestExportWritesTheColumnsShown(t *testing.T) {
	s, svc, w := newTestScreen(t)
	t.Cleanup(widgets.RunInline())
	book, err := data.Open(filepath.Join(t.TempDir(), "export-only.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	s.SetExport(book.Export())
	addClients(t, svc, "Alpha", "Bravo")
	s.Refresh()
	s.table.TapHeader(1)
	path := filepath.Join(t.TempDir(), "clients.csv")
	widgets.WriteCSVFile(w, path, domain.ExportFormat{}, s.WriteCSV)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(b), "\ufeff")), "\r\n")
	var keys []string
	for i, c := range columns {
		keys = append(keys, c.Key)
		if title := strings.TrimSuffix(s.table.HeaderText(i), " ▼"); title != c.Title {
			t.Errorf("column %d shows %q, the declaration says %q", i, title, c.Title)
		}
	}
	if lines[0] != strings.Join(keys, ",") {
		t.Errorf("CSV header %q, the columns shown %q", lines[0], keys)
	}
	shown := s.table.RowTexts(0)
	if len(lines) != 3 || !strings.Contains(lines[1], ",Bravo,active,,,Köln,,,,EUR") || shown[1] != "Bravo" || shown[3] != "never" {
		t.Errorf("the file does not follow the list as shown (%q):\n%s", shown, b)
	}
}

func TestAClientMadeElsewhereAppearsWithoutARefresh(t *testing.T) {
	s, book, _ := newTestScreenOver(t)
	t.Cleanup(s.Watch(book))
	addClients(t, book.Clients(), "Alpha", "Charlie")
	if s.WelcomeShown() || s.total != 2 || s.table.List().Length() != 2 || s.count.Text != "2 clients" {
		t.Fatalf("after two clients were added elsewhere: welcome %v, %d rows, %q", s.WelcomeShown(), s.table.List().Length(), s.count.Text)
	}
	s.table.List().Select(0)
	s.form.name.SetText("Alpha, being renamed")
	addClients(t, book.Clients(), "Bravo")
	if r, _ := s.table.Row(1); r.Name != "Bravo" || s.count.Text != "3 clients" {
		t.Errorf("row 1 is %q, count %q: the new client should be listed", r.Name, s.count.Text)
	}
	if s.form.name.Text != "Alpha, being renamed" || !s.form.Dirty() || !highlighted(s, 0) {
		t.Errorf("the reload touched the form being edited: %q dirty %v, row 0 highlighted %v", s.form.name.Text, s.form.Dirty(), highlighted(s, 0))
	}
}

// typed is a client tab with something typed in it.
type typed struct {
	text  string
	asked int
}

func (g *typed) Dirty() bool { return g.text != "" }

func (g *typed) ConfirmLeave(next func()) {
	if g.text == "" {
		next()
		return
	}
	g.asked++ // the person keeps what they typed: next is not run
}

func TestGuardedTabsAreAskedBeforeAnotherClientShows(t *testing.T) {
	s, svc, _ := newTestScreen(t)
	g := &typed{}
	s.Guard(g)
	addClients(t, svc, "Alpha", "Bravo")
	s.Refresh()
	s.table.List().Select(0)
	g.text = "A call half logged"
	s.table.List().Select(1)
	if g.asked != 1 || s.form.Client().Name != "Alpha" || !highlighted(s, 0) {
		t.Fatalf("asked %d; the form shows %q", g.asked, s.form.Client().Name)
	}
	left := false
	s.ConfirmLeave(func() { left = true })
	if left || g.asked != 2 {
		t.Errorf("leaving the screen with a tab's edits: left %v, asked %d", left, g.asked)
	}
	g.text = ""
	s.table.List().Select(1)
	if s.form.Client().Name != "Bravo" {
		t.Errorf("with nothing typed the next client shows at once; the form shows %q", s.form.Client().Name)
	}
}

// dialogSays is the text of the labels in the window's top overlay.
func dialogSays(w fyne.Window) string {
	var out []string
	if top := w.Canvas().Overlays().Top(); top != nil {
		for _, o := range test.LaidOutObjects(top) {
			if l, ok := o.(*widget.Label); ok && l.Visible() {
				out = append(out, l.Text)
			}
		}
	}
	return strings.Join(out, " ")
}

// The Clients screen is a kit.ListForm like the other editing screens:
// switching clients with edits asks, naming the client as typed, and
// Discard changes drops them and opens the other; the split is remembered;
// a narrow window puts the list above the client.
func TestSwitchingClientsWithEditsAsksAndTheSplitIsRemembered(t *testing.T) {
	s, svc, w := newTestScreen(t)
	addClients(t, svc, "Alpha", "Bravo")
	s.Refresh()
	s.table.List().Select(0)
	s.form.name.SetText("Alpha Renamed")
	s.table.List().Select(1)
	if got := dialogSays(w); !strings.Contains(got, "Save changes to Alpha Renamed?") {
		t.Fatalf("switching with edits asked %q", got)
	}
	test.Tap(dialogButton(t, w, "Discard changes"))
	if s.form.Client().Name != "Bravo" || s.form.Dirty() || !highlighted(s, 1) {
		t.Fatalf("after Discard the form shows %q (dirty %v, row 1 highlighted %v)", s.form.Client().Name, s.form.Dirty(), highlighted(s, 1))
	}
	rows, _ := svc.FindClients(context.Background(), domain.ClientFilter{Search: "renamed"})
	if len(rows) != 0 {
		t.Errorf("Discard saved the edit: %d clients match 'renamed'", len(rows))
	}

	// Esc reverts an existing client's edits.
	s.form.name.SetText("Bravo Changed")
	s.Tab().Cancel()
	if s.form.name.Text != "Bravo" || s.form.Dirty() {
		t.Errorf("Esc: name %q dirty %v", s.form.name.Text, s.form.Dirty())
	}

	if s.lists.Stacked() || s.lists.Offset() != 0.66 {
		t.Fatalf("at 1200 points: stacked %v at %.2f", s.lists.Stacked(), s.lists.Offset())
	}
	s.lists.DragSplit(-120)
	moved := s.lists.Offset()
	if moved >= 0.66 {
		t.Fatalf("dragging the split left it at %.3f", moved)
	}
	again := NewScreen(svc, w, nil)
	w.SetContent(again.Object())
	if got := again.lists.Offset(); got != moved {
		t.Errorf("a new Clients screen starts its split at %.3f, not where it was left (%.3f)", got, moved)
	}
	w.Resize(fyne.NewSize(900, 700))
	if !again.lists.Stacked() {
		t.Error("at 900 points the list should sit above the client")
	}
}

// A client opened from elsewhere (another screen's link, --show) is
// scrolled into sight in the list and highlighted there.
func TestOpeningAClientScrollsTheListToIt(t *testing.T) {
	s, book, _ := newTestScreenOver(t)
	var names []string
	for i := range 60 {
		names = append(names, fmt.Sprintf("Client %02d", i))
	}
	addClients(t, book.Clients(), names...)
	s.Refresh()
	if s.table.List().GetScrollOffset() != 0 {
		t.Fatal("the list starts scrolled")
	}
	rows, err := book.Clients().FindClients(context.Background(), domain.ClientFilter{Search: "Client 57"})
	if err != nil || len(rows) != 1 {
		t.Fatal(rows, err)
	}
	s.Open(rows[0].ID)
	if s.form.Client() == nil || s.form.Client().Name != "Client 57" {
		t.Fatal("the client did not open")
	}
	if s.table.List().GetScrollOffset() == 0 {
		t.Error("the list was not scrolled to the client opened")
	}
	if !highlighted(s, 57) {
		t.Error("the client's row is not highlighted")
	}
}
