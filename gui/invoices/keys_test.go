package invoices

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"clientbook/domain"
	"clientbook/domain/money"
)

func (f *fixture) item(t *testing.T, code, name, price, cur string, taxes ...int64) domain.Item {
	t.Helper()
	p, err := money.Parse(price, cur)
	if err != nil {
		t.Fatal(err)
	}
	it := domain.Item{Code: code, Name: name, Unit: "hour", UnitPrice: p, TaxRateIDs: taxes}
	if err := f.book.Catalog().CreateItem(context.Background(), &it); err != nil {
		t.Fatal(err)
	}
	return it
}

// press types a key at whatever has the cursor, as the keyboard does.
func (f *fixture) press(t *testing.T, key fyne.KeyName) {
	t.Helper()
	foc, ok := f.w.Canvas().Focused().(fyne.Focusable)
	if !ok || foc == nil {
		t.Fatalf("nothing has the cursor for %s", key)
	}
	foc.TypedKey(&fyne.KeyEvent{Name: key})
}

func (f *fixture) typeHere(t *testing.T, text string) {
	t.Helper()
	foc := f.w.Canvas().Focused()
	if foc == nil {
		t.Fatalf("nothing has the cursor for %q", text)
	}
	for _, r := range text {
		foc.TypedRune(r)
	}
}

// A line is written without the mouse: the description offers catalog
// items as it is typed (best match first, with their prices), ↓/↑ move,
// Enter picks and moves to Qty; Tab-like Enter walks Qty → Unit price →
// Disc %, each field's text selected so typing replaces it; Enter on Disc %
// adds a line with the cursor in it; free text stays free text.
func TestWriteLinesByKeyboard(t *testing.T) {
	f := newFixture(t)
	f.item(t, "TRAV", "Travel day", "600.00", "EUR")
	f.item(t, "SUP-M", "Support, monthly", "450.00", "EUR", f.vat.ID)
	f.item(t, "SUP-X", "Extended support", "900.00", "EUR")
	f.item(t, "CONS", "Consulting hour", "120.00", "EUR", f.vat.ID)
	f.s.Refresh()
	f.s.editor.NewDocument(domain.KindInvoice, f.client)
	f.s.place.Edit()
	e := f.s.editor
	r := e.lines[0]
	f.w.Canvas().Focus(r.desc)

	f.typeHere(t, "sup")
	// Both codes start with what is typed; between them, by name.
	if !r.sugg.shown() || len(r.sugg.items) != 2 || r.sugg.items[0].Code != "SUP-X" || r.sugg.items[1].Code != "SUP-M" {
		t.Fatalf("suggestions for sup: %+v", r.sugg.items)
	}
	if got := r.sugg.rows[1].price.Text; got != "450.00 EUR" {
		t.Errorf("the suggestion's price reads %q", got)
	}
	f.press(t, fyne.KeyDown)
	f.press(t, fyne.KeyDown)
	f.press(t, fyne.KeyUp)
	if r.sugg.sel != 1 {
		t.Fatalf("after ↓↓↑ the selection is %d", r.sugg.sel)
	}
	f.press(t, fyne.KeyReturn)
	if r.desc.Text != "Support, monthly" || r.price.Text != "450.00" || len(r.taxes) != 1 || r.sugg.shown() {
		t.Fatalf("picked line: %q %q taxes %v, list shown %v", r.desc.Text, r.price.Text, r.taxes, r.sugg.shown())
	}
	if f.w.Canvas().Focused() != r.qty {
		t.Fatalf("after the pick the cursor is in %T", f.w.Canvas().Focused())
	}
	f.typeHere(t, "3") // replaces the selected 1
	f.press(t, fyne.KeyReturn)
	if f.w.Canvas().Focused() != r.price {
		t.Fatal("Enter on Qty did not move to Unit price")
	}
	f.press(t, fyne.KeyReturn)
	f.typeHere(t, "10")
	f.press(t, fyne.KeyReturn)
	if len(e.lines) != 2 || f.w.Canvas().Focused() != e.lines[1].desc {
		t.Fatalf("Enter on Disc %% of the last line: %d lines, cursor in %T", len(e.lines), f.w.Canvas().Focused())
	}
	if r.qty.Text != "3" || r.disc.Text != "10" {
		t.Errorf("typed qty %q disc %q", r.qty.Text, r.disc.Text)
	}

	r2 := e.lines[1]
	f.typeHere(t, "Workshop on site")
	if r2.sugg.shown() {
		t.Errorf("free text offered %+v", r2.sugg.items)
	}
	f.press(t, fyne.KeyReturn)
	if f.w.Canvas().Focused() != r2.qty || r2.itemID != 0 || r2.desc.Text != "Workshop on site" {
		t.Errorf("free text line: cursor %T, item %d, %q", f.w.Canvas().Focused(), r2.itemID, r2.desc.Text)
	}
	// Escape closes the list and keeps what was typed.
	f.w.Canvas().Focus(r2.desc) // selects "Workshop on site": typing replaces it
	f.typeHere(t, "cons")
	if !r2.sugg.shown() {
		t.Fatal("no suggestion for cons")
	}
	f.press(t, fyne.KeyEscape)
	if r2.sugg.shown() || r2.desc.Text != "cons" || r2.itemID != 0 {
		t.Errorf("after Esc: shown %v, %q, item %d", r2.sugg.shown(), r2.desc.Text, r2.itemID)
	}
	// Enter on Disc % of a line that is not the last moves to the next.
	f.w.Canvas().Focus(r.disc)
	f.press(t, fyne.KeyReturn)
	if len(e.lines) != 2 || f.w.Canvas().Focused() != r2.desc {
		t.Errorf("Enter on the first line's Disc %%: %d lines", len(e.lines))
	}
	if e.TotalText() == "" {
		t.Error("no total")
	}
}

func TestMatchItemsRanksCodeThenNameThenAnywhere(t *testing.T) {
	items := []domain.Item{
		{Code: "X-1", Name: "Café consulting", Description: "on site"},
		{Code: "CAF", Name: "Zebra"},
		{Code: "K-9", Name: "Barista café training"},
		{Code: "CAFE-2", Name: "Coffee"},
		{Code: "Q", Name: "Quiet", Description: "includes cafe visit"},
	}
	var got []string
	for _, it := range matchItems(items, "  CAFE ") {
		got = append(got, it.Code)
	}
	want := []string{"CAFE-2", "X-1", "K-9", "Q"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if m := matchItems(items, "caf"); len(m) == 0 || m[0].Code != "CAF" {
		t.Errorf("an exact code first: %+v", m)
	}
	if m := matchItems(items, " "); m != nil {
		t.Errorf("nothing typed offers %+v", m)
	}
}

var _ = test.Type
