// Package settings is the Settings screen: the book's own company as it
// appears on documents, the defaults new documents start from and how each
// kind of document is numbered.
package settings

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // logos may be JPEG
	_ "image/png"  // or PNG
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// MaxLogoSize is the largest logo file accepted, as the domain allows.
const MaxLogoSize = 2 << 20

// formWidth keeps the form readable on a wide window.
const formWidth = 880

// kinds are the numbered document kinds, in the order the form shows them.
var kinds = []domain.DocKind{domain.KindInvoice, domain.KindQuote, domain.KindCreditNote}

// The rounding choices in plain words, in the order the selects offer them.
var (
	scopes = []struct {
		scope domain.RoundingScope
		title string
	}{
		{domain.RoundPerLine, "Round each line, then add up"},
		{domain.RoundPerDocument, "Add exact lines, round the totals once"},
	}
	modes = []struct {
		mode  domain.RoundingMode
		title string
	}{
		{domain.HalfUp, "Halves round up (2.345 becomes 2.35)"},
		{domain.HalfEven, "Halves round to even (2.345 becomes 2.34)"},
	}
)

// today is the date number previews are made for; tests replace it.
var today = domain.Today

// Screen is the Settings screen: one form over the company settings.
// Nothing is stored until Save passes validation; every problem is shown
// beside its field.
type Screen struct {
	svc domain.CompanyService
	win fyne.Window

	original  domain.Company // as last read or saved
	logo      []byte         // the logo as the form has it; nil for none
	logoError string         // why the last file chosen was refused
	edits     *kit.Edits
	loader    *kit.Loader

	name, taxID, email, phone  *widget.Entry
	vatID, endpoint, iban, bic *widget.Entry
	scheme                     *widget.SelectEntry
	address                    *kit.AddressInput
	payment, terms             *widget.Entry
	emailSubject, emailBody    *widget.Entry
	currency                   *widget.SelectEntry
	scope, mode                *widget.Select
	series                     map[domain.DocKind]*seriesInput
	logoView                   *fyne.Container
	removeLogo                 *widget.Button
	scroll                     *container.Scroll
	body                       *fyne.Container
	root                       fyne.CanvasObject
}

// seriesInput is one document kind's number pattern with its live preview.
type seriesInput struct {
	kind    domain.DocKind
	pattern *widget.Entry
	yearly  *widget.Check
	preview *widget.Label
	field   *widgets.Field
}

// NewScreen builds the screen and reads the book's company settings.
func NewScreen(book domain.Book, win fyne.Window) *Screen {
	s := &Screen{svc: book.Company(), win: win, series: map[domain.DocKind]*seriesInput{}, loader: kit.NewLoader()}
	s.edits = kit.NewEdits(func() { s.Save() }, func() { s.Revert() }, true)
	s.edits.Title.SetText("Company settings")
	entry, multi, field := s.edits.Entry, s.edits.MultiLine, s.edits.Field
	s.name = entry("Your company's name as it appears on invoices")
	s.taxID = entry("e.g. DE123456789")
	s.email = entry("billing@example.com")
	s.phone = entry("+44 20 7946 0958")
	s.address = s.edits.Address("address")
	s.payment = multi("Bank, IBAN, BIC… printed under the totals", 3)
	s.vatID = entry("e.g. DE123456789")
	s.endpoint = entry("e.g. your Peppol participant ID")
	s.scheme = widgets.NewEASEntry(s.changed)
	s.iban = entry("e.g. DE89 3704 0044 0532 0130 00")
	s.bic = entry("e.g. COBADEFFXXX")
	s.terms = multi("Printed on new documents", 3)
	s.emailSubject = entry(domain.DefaultDocumentEmailSubject)
	s.emailBody = multi("The text of the email", 8)
	s.currency = widgets.NewCurrencyEntry()
	s.currency.SetPlaceHolder("EUR")
	s.currency.OnChanged = func(string) { s.changed() }
	var scopeTitles, modeTitles []string
	for _, o := range scopes {
		scopeTitles = append(scopeTitles, o.title)
	}
	for _, o := range modes {
		modeTitles = append(modeTitles, o.title)
	}
	s.scope = widget.NewSelect(scopeTitles, func(string) { s.changed() })
	s.mode = widget.NewSelect(modeTitles, func(string) { s.changed() })

	two := func(a, b fyne.CanvasObject) fyne.CanvasObject { return container.NewGridWithColumns(2, a, b) }

	numbering := container.NewVBox()
	for _, k := range kinds {
		in := &seriesInput{kind: k, pattern: entry("e.g. INV-{YYYY}-{SEQ:5}"), preview: widget.NewLabel("")}
		in.pattern.OnChanged = func(string) { s.showPreview(in); s.changed() }
		in.yearly = widget.NewCheck("Restart at 1 each year", func(bool) { s.showPreview(in); s.changed() })
		in.preview.Truncation = fyne.TextTruncateEllipsis
		in.field = widgets.NewField(k.Title()+" numbers",
			container.NewVBox(container.NewBorder(nil, nil, nil, in.yearly, in.pattern), in.preview))
		s.edits.Fields["numbering."+string(k)] = in.field
		s.series[k] = in
		numbering.Add(in.field.Object())
	}
	placeholders := hint("In a pattern, {YYYY} or {YY} is the year of the issue date, {MM} its month and {SEQ:5} " +
		"the running number padded to 5 digits. Numbers already given to documents never change.")

	intro := hint("These details print on every invoice, quote and credit note. Documents already issued keep " +
		"the name, address and payment details they were issued with.")
	body := container.NewVBox(
		intro,
		heading("Your company"),
		field("name", "Name", s.name),
		two(field("taxId", "Tax / VAT ID", s.taxID), field("phone", "Phone", s.phone)),
		field("email", "Email", s.email),
		section("Address"),
		s.address.Object(),
		section("Logo"),
		field("logo", "Printed at the top of every document", s.logoInput()),
		section("New documents"),
		two(field("currency", "Default currency", s.currency), layout.NewSpacer()),
		field("rounding", "Rounding", two(s.scope, s.mode)),
		field("paymentInfo", "Payment details", s.payment),
		field("defaultTerms", "Default terms", s.terms),
		section("Numbering"),
		placeholders,
		numbering,
		section("Emailing invoices"),
		hint("Email… on an issued invoice or credit note queues this email in the Outbox, with the PDF attached. "+
			"Placeholders: {"+strings.Join(domain.DocumentEmailPlaceholders, "}, {")+"}. {document} is \"invoice\" or "+
			"\"credit note\"; {payment_note} says when to pay, or that it is paid."),
		field("documentEmail.subject", "Subject", s.emailSubject),
		field("documentEmail.body", "Text", s.emailBody),
		section("E-invoices"),
		hint("What EN 16931 e-invoices (Peppol UBL, CII, XRechnung, Factur-X) state about you as the seller."),
		two(field("vatId", "VAT identifier", s.vatID), layout.NewSpacer()),
		two(field("endpointId", "Electronic address", s.endpoint), field("endpointScheme", "Address scheme (EAS)", s.scheme)),
		two(field("iban", "IBAN (SEPA credit transfer)", s.iban), field("bic", "BIC", s.bic)),
	)
	s.body = body
	var frame fyne.CanvasObject
	frame, s.scroll = s.edits.Frame(container.New(maxWidth(formWidth), body))
	s.root = container.NewStack(frame, s.loader.Spinner())
	s.Refresh()
	return s
}

func heading(title string) *widget.Label {
	return widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

var section = widgets.Section

// hint is a wrapped explanation between fields.
func hint(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// logoInput is the logo preview with its buttons.
func (s *Screen) logoInput() fyne.CanvasObject {
	frame := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	frame.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	frame.StrokeWidth = 1
	frame.CornerRadius = theme.InputRadiusSize()
	s.logoView = container.NewStack()
	preview := container.NewGridWrap(fyne.NewSize(160, 80), container.NewStack(frame, container.NewPadded(s.logoView)))
	choose := widget.NewButtonWithIcon("Choose logo…", theme.FolderOpenIcon(), s.chooseLogo)
	s.removeLogo = widget.NewButtonWithIcon("Remove logo", theme.DeleteIcon(), s.RemoveLogo)
	limits := widget.NewLabel("PNG or JPEG, at most 2 MB.")
	limits.Importance = widget.LowImportance
	buttons := container.NewVBox(container.NewHBox(choose, s.removeLogo), limits)
	return container.NewHBox(preview, buttons)
}

// showLogo puts the form's logo, or a note that there is none, in the preview.
func (s *Screen) showLogo() {
	s.logoView.RemoveAll()
	if s.logo == nil {
		none := widget.NewLabelWithStyle("No logo", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
		none.Importance = widget.LowImportance
		s.logoView.Add(container.NewCenter(none))
		s.removeLogo.Disable()
	} else {
		img := canvas.NewImageFromReader(bytes.NewReader(s.logo), "logo")
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScaleSmooth
		s.logoView.Add(img)
		s.removeLogo.Enable()
	}
	s.logoView.Refresh()
}

// SetLogo takes the bytes of an image file as the new logo. A file larger
// than MaxLogoSize or that is not a readable PNG or JPEG is refused with a
// message at the logo, and the logo the form had stays.
func (s *Screen) SetLogo(data []byte) error {
	if err := checkLogo(data); err != nil {
		s.logoError = err.Error()
		s.edits.Fields["logo"].SetError(s.logoError)
		return err
	}
	s.logoError = ""
	s.edits.Fields["logo"].SetError("")
	s.logo = data
	s.showLogo()
	s.changed()
	return nil
}

// checkLogo says why data cannot be a logo, or returns nil.
func checkLogo(data []byte) error {
	if len(data) > MaxLogoSize {
		return errors.New("That image is larger than 2 MB. Choose a smaller file, or save it smaller first.")
	}
	_, format, err := image.Decode(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg") {
		return errors.New("That file is not a PNG or JPEG image Clientbook can read.")
	}
	return nil
}

// RemoveLogo takes the logo off the form; documents print without one once saved.
func (s *Screen) RemoveLogo() {
	if s.logo == nil {
		return
	}
	s.logo = nil
	s.logoError = ""
	s.edits.Fields["logo"].SetError("")
	s.showLogo()
	s.changed()
}

func (s *Screen) chooseLogo() {
	widgets.ChooseOpen(s.win, "Choose a logo", []string{".png", ".jpg", ".jpeg"}, func(path string) {
		data, err := widgets.ReadChosen(path, MaxLogoSize)
		if err != nil {
			s.logoError = fmt.Sprintf("Could not read %s: %v.", filepath.Base(path), err)
			s.edits.Fields["logo"].SetError(s.logoError)
			return
		}
		s.SetLogo(data)
	})
}

// showPreview shows how the pattern numbers documents, or what is wrong
// with it at its field.
func (s *Screen) showPreview(in *seriesInput) {
	ns := domain.NumberSeries{Pattern: in.pattern.Text, YearlyReset: in.yearly.Checked}
	if err := ns.Validate(); err != nil {
		in.field.SetError(widgets.Sentence(err.Error()))
		in.preview.Hide()
		return
	}
	in.field.SetError("")
	d := today()
	in.preview.SetText(fmt.Sprintf("Preview: %s, %s, …", ns.Format(d, 1), ns.Format(d, 2)))
	in.preview.Show()
}

// PreviewText is what the preview under a kind's number pattern says; ""
// while the pattern has a problem.
func (s *Screen) PreviewText(k domain.DocKind) string {
	in := s.series[k]
	if in == nil || !in.preview.Visible() {
		return ""
	}
	return in.preview.Text
}

// Object is the screen's layout.
func (s *Screen) Object() fyne.CanvasObject { return s.root }

// Tab is Settings in the window's tab list.
func (s *Screen) Tab() kit.Tab {
	return kit.Tab{Title: "Settings", Icon: theme.SettingsIcon(), Content: s.Object(), Refresh: s.Refresh,
		Save: s.Save, Cancel: s.Revert, ConfirmLeave: s.ConfirmLeave, Show: s.show, Screen: s,
		AddSection: func(sec kit.Section) { s.AddSection(sec.Title, sec.Content) }}
}

// Tab is Settings built over base: the one line the window's tab list has
// for it.
func Tab(base kit.Base) kit.Tab { return NewScreen(base.Book, base.Win).Tab() }

// show is --show settings/backups, which shows the last section.
func (s *Screen) show(arg string, done func(error)) error {
	switch arg {
	case "":
	case "backups":
		s.ScrollToEnd()
	default:
		return fmt.Errorf("the settings have no %q: use backups", arg)
	}
	done(nil)
	return nil
}

// ScrollToEnd shows the last section.
func (s *Screen) ScrollToEnd() { s.scroll.ScrollToBottom() }

// AddSection adds a titled section under the company settings: settings
// kept elsewhere (Backups keeps this computer's), which Save and Revert
// leave alone.
func (s *Screen) AddSection(title string, content fyne.CanvasObject) {
	s.body.Add(section(title))
	s.body.Add(content)
	s.body.Refresh()
}

// Dirty reports whether the form has edits that are not saved.
func (s *Screen) Dirty() bool { return s.edits.Dirty() }

func (s *Screen) changed() { s.edits.Changed() }

// Refresh re-reads the settings from the book, off the UI goroutine,
// unless the form has unsaved edits, which it keeps — also when the person
// starts typing while the read is under way.
func (s *Screen) Refresh() {
	if s.edits.Dirty() {
		return
	}
	svc := s.svc
	kit.Load(s.loader, svc.Company, func(co domain.Company, err error) {
		if s.edits.Dirty() {
			return
		}
		if err != nil {
			kit.ShowError(err, s.win)
			return
		}
		s.load(co)
	})
}

// load shows co and clears every message.
func (s *Screen) load(co domain.Company) {
	s.edits.Load(false, func() { s.fill(co) })
}

// texts ties the text inputs to co's fields.
func (s *Screen) texts(co *domain.Company) kit.Texts {
	return kit.Texts{
		kit.Tie(s.name, &co.Name), kit.Tie(s.taxID, &co.TaxID), kit.Tie(s.email, &co.Email),
		kit.Tie(s.phone, &co.Phone), kit.Tie(s.payment, &co.PaymentInfo), kit.Tie(s.terms, &co.DefaultTerms),
		kit.Tie(s.vatID, &co.VATID), kit.Tie(s.endpoint, &co.EndpointID), kit.Tie(&s.scheme.Entry, &co.EndpointScheme),
		kit.Tie(s.iban, &co.IBAN), kit.Tie(s.bic, &co.BIC), kit.Tie(s.emailSubject, &co.DocumentEmail.Subject),
		kit.Tie(s.emailBody, &co.DocumentEmail.Body), kit.Tie(&s.currency.Entry, &co.Currency),
	}
}

func (s *Screen) fill(co domain.Company) {
	s.original = co
	s.texts(&co).Show()
	s.address.Set(co.Address)
	s.scope.ClearSelected()
	for i, o := range scopes {
		if o.scope == co.Rounding.Scope {
			s.scope.SetSelectedIndex(i)
		}
	}
	s.mode.ClearSelected()
	for i, o := range modes {
		if o.mode == co.Rounding.Mode {
			s.mode.SetSelectedIndex(i)
		}
	}
	for _, k := range kinds {
		in := s.series[k]
		in.pattern.SetText(co.Numbering[k].Pattern)
		in.yearly.SetChecked(co.Numbering[k].YearlyReset)
		s.showPreview(in)
	}
	s.logo, s.logoError = co.Logo, ""
	s.showLogo()
}

// read builds the settings from the inputs, with the messages for patterns
// that are not valid.
func (s *Screen) read() (*domain.Company, map[string]string) {
	co := s.original
	s.texts(&co).Read()
	co.Phone = strings.TrimSpace(co.Phone)
	co.Address = s.address.Address()
	co.EndpointScheme = widgets.EASCode(co.EndpointScheme)
	co.Currency = widgets.CurrencyCode(co.Currency)
	co.Logo = s.logo
	co.Rounding = domain.Rounding{}
	if i := s.scope.SelectedIndex(); i >= 0 {
		co.Rounding.Scope = scopes[i].scope
	}
	if i := s.mode.SelectedIndex(); i >= 0 {
		co.Rounding.Mode = modes[i].mode
	}
	errs := map[string]string{}
	if co.Rounding.Scope == "" || co.Rounding.Mode == "" {
		errs["rounding"] = "choose how amounts are rounded"
	}
	numbering := map[domain.DocKind]domain.NumberSeries{}
	for k, ns := range s.original.Numbering {
		numbering[k] = ns
	}
	for _, k := range kinds {
		in := s.series[k]
		ns := domain.NumberSeries{Pattern: strings.TrimSpace(in.pattern.Text), YearlyReset: in.yearly.Checked}
		if err := ns.Validate(); err != nil {
			errs["numbering."+string(k)] = err.Error()
		}
		numbering[k] = ns
	}
	co.Numbering = numbering
	return &co, errs
}

// Save validates and stores the settings (Ctrl/Cmd+S, the Save button):
// see kit.SaveNow.
func (s *Screen) Save() bool { return kit.SaveNow(s.SaveThen) }

// SaveThen validates the settings and stores them off the UI goroutine,
// then runs done (nil for nothing) with whether they were stored. It reports
// whether they passed the checks; if not, the messages are on the form and
// nothing was written.
func (s *Screen) SaveThen(done func(ok bool)) bool {
	return kit.Save(s.edits, s.win, kit.Record[*domain.Company]{
		Read:     s.read,
		Validate: (*domain.Company).Validate,
		New:      func(*domain.Company) bool { return false },
		Update:   s.svc.SaveCompany,
		Stored: func(ctx context.Context, co *domain.Company) (*domain.Company, error) {
			stored, err := s.svc.Company(ctx)
			return &stored, err
		},
		Show:  s.showErrors,
		Load:  func(co *domain.Company) { s.load(*co) },
		Adopt: func(co *domain.Company) { s.original = *co },
	}, done)
}

// showErrors puts each message at its field and clears the others.
func (s *Screen) showErrors(errs map[string]string) {
	s.edits.ShowErrors(errs)
	if errs["logo"] == "" && s.logoError != "" {
		s.edits.Fields["logo"].SetError(s.logoError) // the refused file is still worth explaining
	}
	for _, k := range kinds {
		if errs["numbering."+string(k)] != "" {
			s.series[k].preview.Hide()
		}
	}
}

// Revert throws away the edits and shows the settings as stored.
func (s *Screen) Revert() { s.load(s.original) }

// ConfirmLeave runs next once the form has nothing unsaved, asking first if it has.
func (s *Screen) ConfirmLeave(next func()) {
	if !s.edits.Dirty() {
		next()
		return
	}
	widgets.AskSaveThen(s.win, "Unsaved changes", "Save the changes to the company settings?",
		kit.Then(s.SaveThen), next)
}

// maxWidth is a layout that centres its objects at no more than a width.
type maxWidth float32

func (m maxWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, float32(m))
	for _, o := range objs {
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
		o.Resize(fyne.NewSize(w, size.Height))
	}
}

func (m maxWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var out fyne.Size
	for _, o := range objs {
		out = out.Max(o.MinSize())
	}
	return out
}
