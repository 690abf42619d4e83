package catalog

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
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
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// newTestScreen opens a fresh book on disk and the Catalog screen over it in
// a headless window. Work the screen defers to after the current event is
// queued and run by drain.
func newTestScreen(t *testing.T) (*Screen, domain.Book, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	t.Cleanup(kit.RunInline())
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

// cellTexts is row i of the items list as shown.
func cellTexts(v *itemsView, i int) []string { return v.table.RowTexts(i) }

func TestEmptyCatalogExplainsItself(t *testing.T) {
	s, _, w := newTestScreen(t)
	v := s.items
	if !v.empty.Visible() || v.emptyText.Text != "No items yet — add the products and services you sell." {
		t.Fatalf("empty state: visible=%v text=%q", v.empty.Visible(), v.emptyText.Text)
	}
	test.Tap(v.emptyButton)
	if w.Canvas().Focused() != v.form.code || v.form.edits.Title.Text != "New item" {
		t.Error("the empty state's button should open a new item with the cursor in the code")
	}
	if !v.form.noTaxes.Visible() || v.form.taxes.Visible() {
		t.Error("with no tax rates the form should say so instead of showing an empty list of taxes")
	}
	s.ShowSection(SectionRates)
	if !s.rates.empty.Visible() || !s.rates.edits.Object().Visible() || s.items.edits.Object().Visible() {
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
	if f.Dirty() || f.edits.Title.Text != "Support, monthly" {
		t.Errorf("after saving: dirty=%v title=%q", f.Dirty(), f.edits.Title.Text)
	}
	if s.items.table.Total() != 1 || s.items.count.Text != "1 item" || s.items.empty.Visible() {
		t.Fatalf("list has %d rows, count %q, empty state %v", s.items.table.Total(), s.items.count.Text, s.items.empty.Visible())
	}
	if got := cellTexts(s.items, 0); strings.Join(got, "|") != "SUP-M|Support, monthly|month|1,250.50|EUR|" {
		t.Errorf("row reads %q", got)
	}
	if s.items.table.Highlighted() != 0 {
		t.Error("the saved item should be selected in the list")
	}
	s.Refresh()
	if s.items.table.Highlighted() != 0 || f.edits.Title.Text != "Support, monthly" {
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
	fl := f.edits.Fields["unitPrice"]
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
	if fl := f.edits.Fields["currency"]; !fl.Error.Visible() {
		t.Error("an unknown currency should be shown at the currency")
	}
	if f.edits.Fields["unitPrice"].Error.Visible() {
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
	fl := f.edits.Fields["code"]
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
	v.table.List().Select(0)
	if v.form.edits.Title.Text != "Alpha" || v.form.price.Text != "1.00" {
		t.Fatalf("row 0 opened as %q at %q", v.form.edits.Title.Text, v.form.price.Text)
	}
	v.form.name.SetText("Alpha renamed")
	v.table.List().Select(1)
	test.Tap(dialogButton(t, w, "Cancel"))
	if v.table.Highlighted() != 0 || v.form.name.Text != "Alpha renamed" {
		t.Fatalf("Cancel should keep the edit: row %d, name %q", v.table.Highlighted(), v.form.name.Text)
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
	v.table.List().Select(1)
	test.Tap(dialogButton(t, w, "Save"))
	if v.form.edits.Title.Text != "Bravo" || v.table.Highlighted() != 0 {
		t.Errorf("after saving, the form shows %q with row %d highlighted; want Bravo at row 0", v.form.edits.Title.Text, v.table.Highlighted())
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
	if v.table.Total() != 3 {
		t.Fatalf("list shows %d, want the 3 active items", v.table.Total())
	}
	test.Type(v.search, "supp")
	if v.table.Total() != 2 || v.count.Text != "2 items match" {
		t.Fatalf("search %q: %d rows, count %q", v.search.Text, v.table.Total(), v.count.Text)
	}
	v.archived.SetChecked(true)
	if v.table.Total() != 3 {
		t.Fatalf("with archived: %d rows, want 3", v.table.Total())
	}
	if got := cellTexts(v, 2); got[1] != "Retired support plan" || got[5] != "Archived" {
		t.Errorf("archived row reads %q", got)
	}
	v.search.SetText("dev-h")
	if v.table.Total() != 1 || cellTexts(v, 0)[0] != "DEV-H" {
		t.Errorf("search by code: %d rows", v.table.Total())
	}
	v.search.SetText("nothing like it")
	if !v.empty.Visible() || v.emptyText.Text != "No items match “nothing like it”." {
		t.Fatalf("no-match state: visible=%v %q", v.empty.Visible(), v.emptyText.Text)
	}
	test.Tap(v.emptyButton)
	if v.search.Text != "" || v.table.Total() != 4 {
		t.Errorf("Clear search left %q and %d rows", v.search.Text, v.table.Total())
	}
}

// A click on a header sorts the items in the book and the tax rates in
// memory; Export CSV… writes the columns the table shows.
func TestHeaderClickSortsAndExportWritesTheColumnsShown(t *testing.T) {
	s, book, w := newTestScreen(t)
	t.Cleanup(widgets.RunInline())
	addItem(t, book, "B-2", "Bravo", "1200")
	addItem(t, book, "A-9", "Charlie", "5")
	addItem(t, book, "C-1", "Alpha", "30")
	addRate(t, book, "VAT", "20")
	addRate(t, book, "Reduced VAT", "7.25")
	s.Refresh()
	v := s.items
	codes := func() string {
		var out []string
		for i := 0; i < v.table.Total(); i++ {
			out = append(out, cellTexts(v, i)[0])
		}
		return strings.Join(out, " ")
	}
	if got := codes(); got != "C-1 B-2 A-9" {
		t.Fatalf("by name: %s", got)
	}
	v.table.TapHeader(3)
	if got := codes(); v.table.HeaderText(3) != "Unit price ▲" || got != "A-9 C-1 B-2" {
		t.Errorf("by price (%q): %s", v.table.HeaderText(3), got)
	}
	v.table.TapHeader(0)
	v.table.TapHeader(0)
	if got := codes(); v.table.HeaderText(0) != "Code ▼" || v.table.HeaderText(3) != "Unit price" || got != "C-1 B-2 A-9" {
		t.Errorf("by code, descending (%q): %s", v.table.HeaderText(0), got)
	}
	got := exported(t, w, tableCSV(v.table, book))
	if strings.Join(got[0], ",") != strings.Join(v.table.ColumnKeys(), ",") || got[1][0] != "C-1" || got[2][3] != "1200.00" {
		t.Errorf("items exported:\n%q", got)
	}

	r := s.rates
	r.table.TapHeader(1)
	if first := r.table.RowTexts(0); r.table.HeaderText(1) != "Percent ▲" || first[0] != "Reduced VAT" {
		t.Errorf("rates by percent: first %q", first)
	}
	r.table.TapHeader(1)
	if first := r.table.RowTexts(0); first[0] != "VAT" {
		t.Errorf("rates by percent, descending: first %q", first)
	}
	got = exported(t, w, tableCSV(r.table, book))
	if strings.Join(got[0], ",") != strings.Join(r.table.ColumnKeys(), ",") || got[1][0] != "VAT" || got[1][1] != "20" {
		t.Errorf("rates exported:\n%q", got)
	}
}

// An item added elsewhere (another window, the command line) shows without
// anyone refreshing the screen.
func TestItemAddedElsewhereShows(t *testing.T) {
	s, book, _ := newTestScreen(t)
	addItem(t, book, "NEW", "Added elsewhere", "10")
	if got := s.items.table.Total(); got != 1 || s.items.count.Text != "1 item" || s.items.empty.Visible() {
		t.Errorf("%d items listed, count %q", got, s.items.count.Text)
	}
	addRate(t, book, "VAT", "20")
	if s.rates.table.Total() != 1 || len(s.items.form.taxes.Options) != 1 {
		t.Errorf("%d rates listed, the item form offers %v", s.rates.table.Total(), s.items.form.taxes.Options)
	}
}

// tableCSV is a table's Export CSV… as the dialog runs it.
func tableCSV[T any](tb *kit.Table[T], book domain.Book) widgets.WriteCSV {
	return func(w io.Writer, f domain.ExportFormat, progress func(rows int) bool) error {
		return tb.WriteCSV(book.Export(), w, f, progress)
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
	if fl := f.edits.Fields["percent"]; !fl.Error.Visible() || fl.Error.Text != `"abc" is not a percent; write it like 20 or 7.5.` {
		t.Errorf("percent message visible=%v %q", fl.Error.Visible(), fl.Error.Text)
	}
	rates, _ := book.Catalog().FindTaxRates(context.Background(), true)
	if len(rates) != 0 {
		t.Fatalf("%d rates stored after a refused save", len(rates))
	}

	f.percent.SetText("120")
	s.Save()
	if fl := f.edits.Fields["percent"]; fl.Error.Text != "The percent must be between 0 and 100." {
		t.Errorf("out of range: %q", fl.Error.Text)
	}

	f.percent.SetText("7.5 %")
	f.compound.SetChecked(true)
	if !s.Save() {
		t.Fatalf("a good rate was refused: %q", f.edits.Fields["percent"].Error.Text)
	}
	rates, _ = book.Catalog().FindTaxRates(context.Background(), true)
	if len(rates) != 1 || !rates[0].Percent.Equal(decimal.RequireFromString("7.5")) || !rates[0].Compound {
		t.Fatalf("stored %+v", rates)
	}
	if s.rates.table.Total() != 1 || s.rates.empty.Visible() || s.rates.count.Text != "1 tax rate" {
		t.Errorf("the list shows %d rates", s.rates.table.Total())
	}
	if got := s.items.form.taxes.Options; len(got) != 1 || got[0] != "VAT 7.5% (compound)" {
		t.Errorf("the item form offers %v", got)
	}

	// Archiving a rate takes it off new items but keeps it on items that have it.
	it := domain.Item{Code: "X", Name: "X", UnitPrice: money.Zero("EUR"), TaxRateIDs: []int64{rates[0].ID}}
	if err := book.Catalog().CreateItem(context.Background(), &it); err != nil {
		t.Fatal(err)
	}
	s.rates.table.List().Select(0)
	f.archived.SetChecked(true)
	if !f.Save() {
		t.Fatal("archiving failed")
	}
	s.Refresh()
	if len(s.items.form.taxes.Options) != 0 {
		t.Errorf("a new item is offered the archived rate: %v", s.items.form.taxes.Options)
	}
	s.ShowSection(SectionItems)
	s.items.table.List().Select(0)
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
	if fl := f.edits.Fields["name"]; !fl.Error.Visible() || fl.Error.Text != "VAT 20% already exists." {
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
	for i := range 7 {
		addItem(t, book, fmt.Sprintf("SUP-%d", i), fmt.Sprintf("Support tier %d", i), fmt.Sprintf("%d.50", 10+i))
	}
	addItem(t, book, "TRN", "=Training day", "800")
	s.Refresh()
	test.Type(s.items.search, "sup")
	got := exported(t, w, tableCSV(s.items.table, book))
	if len(got) != 8 || !reflect.DeepEqual(got[0], []string{"code", "name", "unit", "unit_price", "currency", "archived"}) {
		t.Fatalf("every item the search finds:\n%q", got)
	}
	for i := range s.items.table.Total() {
		shown := cellTexts(s.items, i)
		if row := got[i+1]; row[0] != shown[0] || row[1] != shown[1] || row[2] != "hour" || row[3] != shown[3] || row[4] != "EUR" {
			t.Errorf("row %d shows %q, the file has %q", i, shown, row)
		}
	}
	if got[7][0] != "SUP-6" || got[7][3] != "16.50" {
		t.Errorf("the last item found: %q", got[7])
	}
	s.items.search.SetText("")
	got = exported(t, w, tableCSV(s.items.table, book))
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
	got = exported(t, w, tableCSV(s.rates.table, book))
	want := [][]string{{"name", "percent", "compound", "vat_category", "archived"}}
	for _, r := range s.rates.all {
		want = append(want, []string{r.Name, r.Percent.String(), "false", "", "false"})
	}
	if len(want) != 3 || !reflect.DeepEqual(got, want) {
		t.Errorf("tax rates:\n got %q\nwant %q", got, want)
	}
}

func TestEditedTaxRateAsksAndEscReverts(t *testing.T) {
	s, book, w := newTestScreen(t)
	addRate(t, book, "VAT", "20")
	addRate(t, book, "Reduced VAT", "7")
	s.Refresh()
	s.ShowSection(SectionRates)
	v := s.rates
	v.table.List().Select(0)
	opened := v.form.name.Text
	v.form.percent.SetText("21")
	v.table.List().Select(1)
	test.Tap(dialogButton(t, w, "Cancel"))
	if v.table.Highlighted() != 0 || v.form.percent.Text != "21" || v.form.name.Text != opened {
		t.Fatalf("Cancel: row %d, %q at %q", v.table.Highlighted(), v.form.name.Text, v.form.percent.Text)
	}
	s.Cancel() // Esc
	if v.form.percent.Text == "21" || v.form.Dirty() {
		t.Errorf("Esc kept %q", v.form.percent.Text)
	}
	v.form.name.SetText("Renamed")
	v.table.List().Select(1)
	test.Tap(dialogButton(t, w, "Discard changes"))
	if v.form.name.Text == "Renamed" || v.form.name.Text == opened || v.table.Highlighted() != 1 {
		t.Errorf("Discard: form %q, row %d", v.form.name.Text, v.table.Highlighted())
	}
	rates, _ := book.Catalog().FindTaxRates(context.Background(), true)
	for _, r := range rates {
		if r.Name == "Renamed" || r.Percent.Equal(decimal.NewFromInt(21)) {
			t.Errorf("a discarded edit was stored: %+v", r)
		}
	}

	// Leaving the screen with an unsaved item shows the items and asks.
	s.ShowSection(SectionItems)
	s.NewItem()
	s.items.form.name.SetText("Support")
	s.ShowSection(SectionRates)
	left := false
	s.ConfirmLeave(func() { left = true })
	if s.Section() != SectionItems || left {
		t.Fatalf("section %q, left %v", s.Section(), left)
	}
	test.Tap(dialogButton(t, w, "Discard changes"))
	if !left || s.items.form.Dirty() {
		t.Errorf("left %v, the item form still dirty %v", left, s.items.form.Dirty())
	}
}
