package settings

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"clientbook/data"
	"clientbook/domain"
	"clientbook/gui/kit"
)

// newTestScreen opens a fresh book on disk and the Settings screen over it
// in a headless window, with "today" fixed at 2026-03-31.
func newTestScreen(t *testing.T) (*Screen, domain.Book, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	// Saves are written in the background; here they run in place, so
	// tests see their effect at once.
	t.Cleanup(kit.RunInline())
	oldToday := today
	today = func() domain.Date { return domain.NewDate(2026, time.March, 31) }
	t.Cleanup(func() { today = oldToday })
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

// stored reads the settings as the book has them.
func stored(t *testing.T, book domain.Book) domain.Company {
	t.Helper()
	co, err := book.Company().Company(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return co
}

// dialogButton finds a button in the window's topmost overlay (a dialog).
func dialogButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog is showing; wanted one with %q", text)
	}
	for _, c := range test.LaidOutObjects(top) {
		if b, ok := c.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	t.Fatalf("the dialog has no %q button", text)
	return nil
}

func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x%h, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLoadsTheDefaultsOfANewBook(t *testing.T) {
	s, _, _ := newTestScreen(t)
	def := domain.DefaultCompany()
	if s.currency.Text != def.Currency {
		t.Errorf("currency %q, want %q", s.currency.Text, def.Currency)
	}
	if s.scope.Selected != "Round each line, then add up" || s.mode.Selected != "Halves round up (2.345 becomes 2.35)" {
		t.Errorf("rounding shows %q / %q", s.scope.Selected, s.mode.Selected)
	}
	if s.terms.Text != def.DefaultTerms {
		t.Errorf("terms %q", s.terms.Text)
	}
	for _, k := range kinds {
		in := s.series[k]
		if in.pattern.Text != def.Numbering[k].Pattern || !in.yearly.Checked {
			t.Errorf("%s: pattern %q yearly %v", k, in.pattern.Text, in.yearly.Checked)
		}
	}
	if got := s.PreviewText(domain.KindInvoice); got != "Preview: INV-2026-00001, INV-2026-00002, …" {
		t.Errorf("invoice preview %q", got)
	}
	if got := s.PreviewText(domain.KindCreditNote); got != "Preview: CN-2026-0001, CN-2026-0002, …" {
		t.Errorf("credit note preview %q", got)
	}
	if s.Dirty() || !s.edits.SaveButton.Disabled() || !s.edits.RevertButton.Disabled() {
		t.Error("a freshly loaded form has nothing to save")
	}
	if s.logo != nil || !s.removeLogo.Disabled() {
		t.Error("a new book has no logo")
	}
}

func TestTypingAPatternUpdatesThePreview(t *testing.T) {
	s, _, _ := newTestScreen(t)
	in := s.series[domain.KindInvoice]
	in.pattern.SetText("")
	test.Type(in.pattern, "{YY}{MM}-{SEQ:3}")
	if got := s.PreviewText(domain.KindInvoice); got != "Preview: 2603-001, 2603-002, …" {
		t.Errorf("preview %q", got)
	}
	if !s.Dirty() || s.edits.SaveButton.Disabled() {
		t.Error("typing a pattern should make the form dirty")
	}

	// Without a year in the pattern, a yearly restart would repeat numbers.
	in.pattern.SetText("R{SEQ}")
	if s.PreviewText(domain.KindInvoice) != "" || !in.field.Error.Visible() {
		t.Fatal("a yearly series without a year should show its problem, not a preview")
	}
	test.Tap(in.yearly)
	if got := s.PreviewText(domain.KindInvoice); got != "Preview: R1, R2, …" || in.field.Error.Visible() {
		t.Errorf("after unticking the yearly restart: preview %q, error %q", got, in.field.Error.Text)
	}
}

func TestInvalidPatternShowsErrorAndSavesNothing(t *testing.T) {
	s, book, _ := newTestScreen(t)
	test.Type(s.name, "Nordlicht GmbH")
	in := s.series[domain.KindInvoice]
	in.pattern.SetText("INV-{SEQ")
	fl := s.edits.Fields["numbering.invoice"]
	const msg = "The pattern needs exactly one {SEQ} placeholder."
	if !fl.Error.Visible() || fl.Error.Text != msg {
		t.Fatalf("live message visible=%v %q", fl.Error.Visible(), fl.Error.Text)
	}
	if s.PreviewText(domain.KindInvoice) != "" {
		t.Error("an invalid pattern must not show a preview")
	}
	if s.Save() {
		t.Fatal("Save reported success")
	}
	if !fl.Error.Visible() || fl.Error.Text != msg {
		t.Errorf("after Save the message reads %q", fl.Error.Text)
	}
	co := stored(t, book)
	if co.Name != "" || co.Numbering[domain.KindInvoice].Pattern != "INV-{YYYY}-{SEQ:5}" {
		t.Errorf("a refused save stored name %q pattern %q", co.Name, co.Numbering[domain.KindInvoice].Pattern)
	}
	if !s.Dirty() || s.name.Text != "Nordlicht GmbH" {
		t.Error("the edits must survive a refused save")
	}
}

func TestBadEmailAndCurrencyShowAtTheirFields(t *testing.T) {
	s, _, _ := newTestScreen(t)
	s.email.SetText("billing@@example")
	s.currency.SetText("XYZ")
	if s.Save() {
		t.Fatal("saved a bad email and currency")
	}
	for _, key := range []string{"email", "currency"} {
		if fl := s.edits.Fields[key]; !fl.Error.Visible() {
			t.Errorf("no message at %s", key)
		}
	}
	if fl := s.edits.Fields["name"]; fl.Error.Visible() {
		t.Errorf("the name is fine but shows %q", fl.Error.Text)
	}
}

func TestSaveRoundTripsThroughAReopenedBook(t *testing.T) {
	s, book, _ := newTestScreen(t)
	test.Type(s.name, "Nordlicht GmbH")
	test.Type(s.email, "billing@nordlicht.example")
	test.Type(s.address.City, "Köln")
	s.currency.SetText("EUR — Euro")
	s.mode.SetSelected(modes[1].title)
	s.series[domain.KindQuote].pattern.SetText("Q{YY}-{SEQ:3}")
	s.series[domain.KindCreditNote].yearly.SetChecked(false)
	s.series[domain.KindCreditNote].pattern.SetText("GS-{SEQ:6}")
	logo := pngBytes(t, 40, 20)
	if err := s.SetLogo(logo); err != nil {
		t.Fatal(err)
	}
	if !s.Save() {
		for k, f := range s.edits.Fields {
			if f.Error.Visible() {
				t.Errorf("%s: %s", k, f.Error.Text)
			}
		}
		t.Fatal("Save refused good settings")
	}
	if s.Dirty() || !s.edits.SaveButton.Disabled() {
		t.Error("after saving the form should be clean")
	}

	// Close the book and read it again from the file.
	if err := book.Close(); err != nil {
		t.Fatal(err)
	}
	book2, err := data.Open(book.Path())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { book2.Close() })
	co, err := book2.Company().Company(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if co.Name != "Nordlicht GmbH" || co.Email != "billing@nordlicht.example" || co.Address.City != "Köln" || co.Currency != "EUR" {
		t.Errorf("stored %q %q %q %q", co.Name, co.Email, co.Address.City, co.Currency)
	}
	if co.Rounding != (domain.Rounding{Scope: domain.RoundPerLine, Mode: domain.HalfEven}) {
		t.Errorf("rounding %+v", co.Rounding)
	}
	if q := co.Numbering[domain.KindQuote]; q.Pattern != "Q{YY}-{SEQ:3}" || !q.YearlyReset {
		t.Errorf("quote series %+v", q)
	}
	if cn := co.Numbering[domain.KindCreditNote]; cn.Pattern != "GS-{SEQ:6}" || cn.YearlyReset {
		t.Errorf("credit note series %+v", cn)
	}
	if !bytes.Equal(co.Logo, logo) {
		t.Errorf("logo of %d bytes stored, want %d", len(co.Logo), len(logo))
	}

	// A new screen over the reopened book shows what was saved.
	s2 := NewScreen(book2, test.NewTempWindow(t, nil))
	if s2.name.Text != "Nordlicht GmbH" || s2.PreviewText(domain.KindQuote) != "Preview: Q26-001, Q26-002, …" {
		t.Errorf("reopened screen shows %q, %q", s2.name.Text, s2.PreviewText(domain.KindQuote))
	}
}

func TestLogoTooLargeOrNotAnImageIsRefused(t *testing.T) {
	s, book, _ := newTestScreen(t)
	good := pngBytes(t, 16, 16)
	if err := s.SetLogo(good); err != nil {
		t.Fatal(err)
	}
	fl := s.edits.Fields["logo"]

	big := make([]byte, MaxLogoSize+1)
	copy(big, good)
	if err := s.SetLogo(big); err == nil {
		t.Fatal("a logo over 2 MB was accepted")
	}
	if !fl.Error.Visible() || fl.Error.Text != "That image is larger than 2 MB. Choose a smaller file, or save it smaller first." {
		t.Errorf("message visible=%v %q", fl.Error.Visible(), fl.Error.Text)
	}
	if !bytes.Equal(s.logo, good) {
		t.Error("a refused logo replaced the one the form had")
	}
	s.email.SetText("not an email")
	if s.Save() || !fl.Error.Visible() {
		t.Error("a refused save elsewhere on the form should not hide why the logo was refused")
	}
	s.email.SetText("")

	if err := s.SetLogo([]byte("GIF89a not really")); err == nil {
		t.Fatal("a file that is not an image was accepted")
	}
	if fl.Error.Text != "That file is not a PNG or JPEG image Clientbook can read." {
		t.Errorf("message %q", fl.Error.Text)
	}
	truncated := good[:len(good)/2]
	if err := s.SetLogo(truncated); err == nil {
		t.Error("a truncated PNG was accepted")
	}

	s.RemoveLogo()
	if s.logo != nil || fl.Error.Visible() || !s.removeLogo.Disabled() {
		t.Error("Remove logo should clear the logo and the message")
	}
	if !s.Save() {
		t.Fatal("saving without a logo failed")
	}
	if co := stored(t, book); co.Logo != nil {
		t.Errorf("%d logo bytes stored after removing it", len(co.Logo))
	}
}

func TestUnsavedEditsAskBeforeLeaving(t *testing.T) {
	s, book, w := newTestScreen(t)
	left := false
	s.ConfirmLeave(func() { left = true })
	if !left {
		t.Fatal("a clean form should let the person leave at once")
	}
	left = false
	test.Type(s.name, "Acme")
	s.ConfirmLeave(func() { left = true })
	test.Tap(dialogButton(t, w, "Cancel"))
	if left || s.name.Text != "Acme" {
		t.Fatal("Cancel should stay with the edits")
	}
	s.ConfirmLeave(func() { left = true })
	test.Tap(dialogButton(t, w, "Save"))
	if !left || stored(t, book).Name != "Acme" {
		t.Errorf("Save in the prompt: left=%v, stored %q", left, stored(t, book).Name)
	}

	test.Type(s.name, " Ltd")
	s.Revert()
	if s.name.Text != "Acme" || s.Dirty() {
		t.Errorf("Revert left %q, dirty=%v", s.name.Text, s.Dirty())
	}
}

// Refresh reads the settings off the UI goroutine: the form changes only
// once the read ran, and what was typed meanwhile is kept.
func TestRefreshReadsInTheBackgroundAndKeepsTyping(t *testing.T) {
	s, book, _ := newTestScreen(t)
	co := stored(t, book)
	co.Name = "Renamed Elsewhere Ltd"
	if err := book.Company().SaveCompany(context.Background(), &co); err != nil {
		t.Fatal(err)
	}
	q, restore := kit.Queued()
	t.Cleanup(restore)
	s.Refresh()
	if q.Len() != 1 || s.name.Text == "Renamed Elsewhere Ltd" {
		t.Fatalf("before the read runs: %d queued, name %q", q.Len(), s.name.Text)
	}
	q.Run()
	if s.name.Text != "Renamed Elsewhere Ltd" || s.Dirty() {
		t.Fatalf("after the read: name %q, dirty %v", s.name.Text, s.Dirty())
	}
	co.Name = "Again Elsewhere Ltd"
	if err := book.Company().SaveCompany(context.Background(), &co); err != nil {
		t.Fatal(err)
	}
	s.Refresh()
	s.email.SetText("typed@example.com") // typed while the read is under way
	q.Run()
	if s.name.Text != "Renamed Elsewhere Ltd" || s.email.Text != "typed@example.com" || !s.Dirty() {
		t.Errorf("typing during the read: name %q, email %q, dirty %v", s.name.Text, s.email.Text, s.Dirty())
	}
}
