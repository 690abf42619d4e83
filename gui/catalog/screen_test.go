package catalog

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/widgets"
)

// newTestScreen opens a fresh book on disk and the Catalog screen over it in
// a headless window. Work the screen defers to after the current event is
// queued and run by drain.
func newTestScreen(t *testing.T) (*Screen, domain.Book, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	oldLater := later
	later = func(f func()) { queued = append(queued, f) }
	t.Cleanup(func() { later, queued = oldLater, nil })
	book, err := data.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book.Close() })
	w := test.NewTempWindow(t, nil)
	s := NewScreen(book, w)
	w.SetContent(s.Object())
	w.Resize(fyne.NewSize(1280, 800))
	return s, book, w
}

var queued []func()

// drain runs the work deferred with later, including work it defers.
func drain() {
	for len(queued) > 0 {
		f := queued[0]
		queued = queued[1:]
		f()
	}
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

func items(t *testing.T, book domain.Book) []domain.Item {
	t.Helper()
	its, err := book.Catalog().FindItems(context.Background(), domain.ItemFilter{IncludeArchived: true})
	if err != nil {
		t.Fatal(err)
	}
	return its
}

func addItem(t *testing.T, book domain.Book, code, name, price string) domain.Item {
	t.Helper()
	m, err := money.Parse(price, "EUR")
	if err != nil {
		t.Fatal(err)
	}
	it := domain.Item{Code: code, Name: name, Unit: "hour", UnitPrice: m}
	if err := book.Catalog().CreateItem(context.Background(), &it); err != nil {
		t.Fatal(err)
	}
	return it
}

func addRate(t *testing.T, book domain.Book, name, percent string) domain.TaxRate {
	t.Helper()
	r := domain.TaxRate{Name: name, Percent: decimal.RequireFromString(percent)}
	if err := book.Catalog().CreateTaxRate(context.Background(), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// cellTexts renders row i of the items list and returns its cells' text.
func cellTexts(v *itemsView, i int) []string {
	row := v.list.CreateItem()
	v.updateRow(i, row)
	var out []string
	for _, c := range row.(*fyne.Container).Objects {
		out = append(out, c.(*widget.Label).Text)
	}
	return out
}

func TestEmptyCatalogExplainsItself(t *testing.T) {
	s, _, w := newTestScreen(t)
	v := s.items
	if !v.empty.Visible() || v.emptyText.Text != "No items yet — add the products and services you sell." {
		t.Fatalf("empty state: visible=%v text=%q", v.empty.Visible(), v.emptyText.Text)
	}
	test.Tap(v.emptyButton)
	if w.Canvas().Focused() != v.form.code || v.form.title.Text != "New item" {
		t.Error("the empty state's button should open a new item with the cursor in the code")
	}
	if !v.form.noTaxes.Visible() || v.form.taxes.Visible() {
		t.Error("with no tax rates the form should say so instead of showing an empty list of taxes")
	}
	s.ShowSection(SectionRates)
	if !s.rates.empty.Visible() || !s.rates.pane.Visible() || s.items.pane.Visible() {
		t.Error("the tax rates section should show its own empty state")
	}
}

func TestCreateItemThroughTheForm(t *testing.T) {
	s, book, _ := newTestScreen(t)
	vat := addRate(t, book, "VAT", "20")
	addRate(t, book, "Reduced VAT", "7")
	old := domain.TaxRate{Name: "Old VAT", Percent: decimal.NewFromInt(19), Archived: true}
	if err := book.Catalog().CreateTaxRate(context.Background(), &old); err != nil {
		t.Fatal(err)
	}
	s.Refresh()
	f := s.items.form
	if len(f.taxes.Options) != 2 {
		t.Fatalf("the form offers taxes %v, want both active rates", f.taxes.Options)
	}
	s.NewItem()
	test.Type(f.code, "SUP-M")
	test.Type(f.name, "Support, monthly")
	test.Type(f.unit, "month")
	test.Type(f.price, "1,250.50")
	f.currency.SetText("EUR — Euro")
	f.taxes.SetSelected([]string{vat.Label()})
	if !f.Dirty() {
		t.Fatal("typing should make the form dirty")
	}
	test.Tap(button(f.Object(), "Save"))

	stored := items(t, book)
	if len(stored) != 1 {
		t.Fatalf("%d items stored, want 1", len(stored))
	}
	it := stored[0]
	want, _ := money.FromMinor(125050, "EUR")
	if it.Code != "SUP-M" || it.Name != "Support, monthly" || it.Unit != "month" || !it.UnitPrice.Equal(want) {
		t.Errorf("stored %+v", it)
	}
	if len(it.TaxRateIDs) != 1 || it.TaxRateIDs[0] != vat.ID {
		t.Errorf("default taxes %v, want [%d]", it.TaxRateIDs, vat.ID)
	}
	if f.Dirty() || f.title.Text != "Support, monthly" {
		t.Errorf("after saving: dirty=%v title=%q", f.Dirty(), f.title.Text)
	}
	if s.items.list.Length() != 1 || s.items.count.Text != "1 item" || s.items.empty.Visible() {
		t.Fatalf("list has %d rows, count %q, empty state %v", s.items.list.Length(), s.items.count.Text, s.items.empty.Visible())
	}
	if got := cellTexts(s.items, 0); fmt.Sprint(got) != "[SUP-M Support, monthly month 1,250.50 EUR]" {
		t.Errorf("row reads %q", got)
	}
	if s.items.selected != 0 {
		t.Error("the saved item should be selected in the list")
	}
	s.Refresh()
	if s.items.selected != 0 || f.title.Text != "Support, monthly" {
		t.Error("refreshing the screen should keep the open item highlighted")
	}
}

func TestBadPriceShowsMessageAndSavesNothing(t *testing.T) {
	s, book, _ := newTestScreen(t)
	f := s.items.form
	test.Type(f.code, "X1")
	test.Type(f.name, "Widget")
	f.currency.SetText("EUR")
	test.Type(f.price, "12.345")
	if s.Save() {
		t.Fatal("Save reported success")
	}
	fl := f.fields["unitPrice"]
	if !fl.Error.Visible() || fl.Error.Text != "EUR amounts have at most 2 decimal places." {
		t.Errorf("price message visible=%v %q", fl.Error.Visible(), fl.Error.Text)
	}
	if n := len(items(t, book)); n != 0 {
		t.Errorf("%d items stored after a failed save", n)
	}
	if !f.Dirty() {
		t.Error("the edits must survive a failed save")
	}

	f.currency.SetText("XYZ")
	f.price.SetText("12.34")
	s.Save()
	if fl := f.fields["currency"]; !fl.Error.Visible() {
		t.Error("an unknown currency should be shown at the currency")
	}
	if f.fields["unitPrice"].Error.Visible() {
		t.Error("the price is fine; only the currency is wrong")
	}
}

func TestDuplicateCodeShowsCodeError(t *testing.T) {
	s, book, _ := newTestScreen(t)
	addItem(t, book, "SUP-M", "Support", "100")
	s.Refresh()
	s.NewItem()
	f := s.items.form
	test.Type(f.code, "SUP-M")
	test.Type(f.name, "Another support")
	test.Type(f.price, "80")
	f.currency.SetText("EUR")
	if f.Save() {
		t.Fatal("saved a second item with the same code")
	}
	fl := f.fields["code"]
	if !fl.Error.Visible() || fl.Error.Text != "The code SUP-M is already used by another item." {
		t.Errorf("code message visible=%v %q", fl.Error.Visible(), fl.Error.Text)
	}
	if n := len(items(t, book)); n != 1 {
		t.Errorf("%d items stored, want 1", n)
	}
}

func TestEditItemAsksBeforeSwitching(t *testing.T) {
	s, book, w := newTestScreen(t)
	addItem(t, book, "A", "Alpha", "1")
	addItem(t, book, "B", "Bravo", "2")
	s.Refresh()
	v := s.items
	v.list.Select(0)
	if v.form.title.Text != "Alpha" || v.form.price.Text != "1.00" {
		t.Fatalf("row 0 opened as %q at %q", v.form.title.Text, v.form.price.Text)
	}
	v.form.name.SetText("Alpha renamed")
	v.list.Select(1)
	test.Tap(dialogButton(t, w, "Cancel"))
	if v.selected != 0 || v.form.name.Text != "Alpha renamed" {
		t.Fatalf("Cancel should keep the edit: row %d, name %q", v.selected, v.form.name.Text)
	}
	var left bool
	s.ConfirmLeave(func() { left = true })
	test.Tap(dialogButton(t, w, "Save"))
	if !left {
		t.Fatal("ConfirmLeave did not go on after saving")
	}
	if its := items(t, book); its[0].Name != "Alpha renamed" {
		t.Errorf("the edit was not saved: %q", its[0].Name)
	}

	// Renaming moves the item down the list; saving on the way to Bravo
	// must still open Bravo, not whatever took its row.
	v.form.name.SetText("Zulu")
	v.list.Select(1)
	test.Tap(dialogButton(t, w, "Save"))
	if v.form.title.Text != "Bravo" || v.selected != 0 {
		t.Errorf("after saving, the form shows %q with row %d highlighted; want Bravo at row 0", v.form.title.Text, v.selected)
	}
}

func TestSearchAndArchivedFilterTheList(t *testing.T) {
	s, book, _ := newTestScreen(t)
	addItem(t, book, "SUP-M", "Support, monthly", "100")
	addItem(t, book, "SUP-Y", "Support, yearly", "1000")
	addItem(t, book, "DEV-H", "Development hour", "95")
	gone := addItem(t, book, "OLD", "Retired support plan", "10")
	gone.Archived = true
	if err := book.Catalog().UpdateItem(context.Background(), &gone); err != nil {
		t.Fatal(err)
	}
	s.Refresh()
	v := s.items
	if v.list.Length() != 3 {
		t.Fatalf("list shows %d, want the 3 active items", v.list.Length())
	}
	test.Type(v.search, "supp")
	if v.list.Length() != 2 || v.count.Text != "2 items match" {
		t.Fatalf("search %q: %d rows, count %q", v.search.Text, v.list.Length(), v.count.Text)
	}
	v.archived.SetChecked(true)
	if v.list.Length() != 3 {
		t.Fatalf("with archived: %d rows, want 3", v.list.Length())
	}
	if got := cellTexts(v, 2); got[1] != "Retired support plan (archived)" {
		t.Errorf("archived row reads %q", got)
	}
	v.search.SetText("dev-h")
	if v.list.Length() != 1 || v.rows[0].Code != "DEV-H" {
		t.Errorf("search by code: %d rows", v.list.Length())
	}
	v.search.SetText("nothing like it")
	if !v.empty.Visible() || v.emptyText.Text != "No items match “nothing like it”." {
		t.Fatalf("no-match state: visible=%v %q", v.empty.Visible(), v.emptyText.Text)
	}
	test.Tap(v.emptyButton)
	if v.search.Text != "" || v.list.Length() != 4 {
		t.Errorf("Clear search left %q and %d rows", v.search.Text, v.list.Length())
	}
}

func TestListReadsPagesAsItScrolls(t *testing.T) {
	old := pageSize
	pageSize = 3
	t.Cleanup(func() { pageSize = old })
	s, book, _ := newTestScreen(t)
	for i := range 7 {
		addItem(t, book, fmt.Sprintf("I%d", i), fmt.Sprintf("Item %d", i), "1")
	}
	s.Refresh()
	v := s.items
	if len(v.rows) != 3 || v.list.Length() != 4 || v.count.Text != "3+ items" {
		t.Fatalf("first page: %d rows, length %d, count %q", len(v.rows), v.list.Length(), v.count.Text)
	}
	if got := cellTexts(v, 3); got[0] != "Loading more…" {
		t.Fatalf("the row after the page reads %q", got)
	}
	drain()
	cellTexts(v, 6)
	drain()
	if len(v.rows) != 7 || v.more || v.list.Length() != 7 || v.count.Text != "7 items" {
		t.Errorf("after scrolling: %d rows, more %v, length %d, count %q", len(v.rows), v.more, v.list.Length(), v.count.Text)
	}
}

func TestTaxRateForm(t *testing.T) {
	s, book, _ := newTestScreen(t)
	s.NewTaxRate()
	f := s.rates.form
	test.Type(f.name, "VAT")
	test.Type(f.percent, "abc")
	if s.Save() {
		t.Fatal("saved a rate of abc percent")
	}
	if fl := f.fields["percent"]; !fl.Error.Visible() || fl.Error.Text != `"abc" is not a percent; write it like 20 or 7.5.` {
		t.Errorf("percent message visible=%v %q", fl.Error.Visible(), fl.Error.Text)
	}
	rates, _ := book.Catalog().FindTaxRates(context.Background(), true)
	if len(rates) != 0 {
		t.Fatalf("%d rates stored after a refused save", len(rates))
	}

	f.percent.SetText("120")
	s.Save()
	if fl := f.fields["percent"]; fl.Error.Text != "The percent must be between 0 and 100." {
		t.Errorf("out of range: %q", fl.Error.Text)
	}

	f.percent.SetText("7.5 %")
	f.compound.SetChecked(true)
	if !s.Save() {
		t.Fatalf("a good rate was refused: %q", f.fields["percent"].Error.Text)
	}
	rates, _ = book.Catalog().FindTaxRates(context.Background(), true)
	if len(rates) != 1 || !rates[0].Percent.Equal(decimal.RequireFromString("7.5")) || !rates[0].Compound {
		t.Fatalf("stored %+v", rates)
	}
	if s.rates.list.Length() != 1 || s.rates.empty.Visible() || s.rates.count.Text != "1 tax rate" {
		t.Errorf("the list shows %d rates", s.rates.list.Length())
	}
	if got := s.items.form.taxes.Options; len(got) != 1 || got[0] != "VAT 7.5% (compound)" {
		t.Errorf("the item form offers %v", got)
	}

	// Archiving a rate takes it off new items but keeps it on items that have it.
	it := domain.Item{Code: "X", Name: "X", UnitPrice: money.Zero("EUR"), TaxRateIDs: []int64{rates[0].ID}}
	if err := book.Catalog().CreateItem(context.Background(), &it); err != nil {
		t.Fatal(err)
	}
	s.rates.list.Select(0)
	f.archived.SetChecked(true)
	if !f.Save() {
		t.Fatal("archiving failed")
	}
	s.Refresh()
	if len(s.items.form.taxes.Options) != 0 {
		t.Errorf("a new item is offered the archived rate: %v", s.items.form.taxes.Options)
	}
	s.ShowSection(SectionItems)
	s.items.list.Select(0)
	if got := s.items.form.taxes.Selected; len(got) != 1 || got[0] != "VAT 7.5% (compound) (archived)" {
		t.Errorf("the item's archived tax shows as %v", got)
	}
}

func TestDuplicateTaxRate(t *testing.T) {
	s, book, _ := newTestScreen(t)
	addRate(t, book, "VAT", "20")
	s.Refresh()
	s.NewTaxRate()
	f := s.rates.form
	test.Type(f.name, "VAT")
	test.Type(f.percent, "20")
	if f.Save() {
		t.Fatal("saved the same rate twice")
	}
	if fl := f.fields["name"]; !fl.Error.Visible() || fl.Error.Text != "VAT 20% already exists." {
		t.Errorf("name message %q", fl.Error.Text)
	}
}

// exported writes a list with write as Export CSV… does and reads it back.
func exported(t *testing.T, w fyne.Window, write widgets.WriteCSV) [][]string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "list.csv")
	widgets.WriteCSVFile(w, path, domain.ExportFormat{}, write)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestExportTheItemsAsSearchedAndTheTaxRates(t *testing.T) {
	s, book, w := newTestScreen(t)
	t.Cleanup(widgets.RunInline())
	old := pageSize
	pageSize = 3
	t.Cleanup(func() { pageSize = old })
	for i := range 7 {
		addItem(t, book, fmt.Sprintf("SUP-%d", i), fmt.Sprintf("Support tier %d", i), fmt.Sprintf("%d.50", 10+i))
	}
	addItem(t, book, "TRN", "=Training day", "800")
	s.Refresh()
	test.Type(s.items.search, "sup")
	if len(s.items.rows) != 3 || !s.items.more {
		t.Fatalf("the list shows the first page only: %d rows", len(s.items.rows))
	}
	got := exported(t, w, s.items.WriteCSV)
	if len(got) != 8 || !reflect.DeepEqual(got[0], []string{"code", "name", "unit", "unit_price", "currency", "archived"}) {
		t.Fatalf("every item the search finds, not only the page read:\n%q", got)
	}
	for i, it := range s.items.rows {
		if row := got[i+1]; row[0] != it.Code || row[1] != it.Name || row[2] != "hour" || row[3] != it.UnitPrice.Fixed() || row[4] != "EUR" {
			t.Errorf("row %d shows %s %s %s, the file has %q", i, it.Code, it.Name, it.UnitPrice, row)
		}
	}
	if got[7][0] != "SUP-6" || got[7][3] != "16.50" {
		t.Errorf("the last item found: %q", got[7])
	}
	s.items.search.SetText("")
	got = exported(t, w, s.items.WriteCSV)
	neutralised := false
	for _, row := range got {
		neutralised = neutralised || row[1] == "'=Training day"
	}
	if len(got) != 9 || !neutralised {
		t.Errorf("all items, the formula neutralised:\n%q", got)
	}

	addRate(t, book, "VAT", "20")
	addRate(t, book, "Reduced VAT", "7.25")
	s.Refresh()
	got = exported(t, w, s.rates.WriteCSV)
	want := [][]string{{"name", "percent", "compound", "archived"}}
	for _, r := range s.rates.all {
		want = append(want, []string{r.Name, r.Percent.String(), "false", "false"})
	}
	if len(want) != 3 || !reflect.DeepEqual(got, want) {
		t.Errorf("tax rates:\n got %q\nwant %q", got, want)
	}
}
