package receivables

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// previewRows is how many rows of a CSV file the mapping step shows.
const previewRows = 8

// newAccount is the account choice that adds an account.
const newAccount = "New account…"

// newMapping is the mapping choice that defines a new one.
const newMapping = "New mapping…"

// The date orders as the mapping step offers them.
var dateOrders = []domain.DateOrder{domain.OrderDMY, domain.OrderMDY, domain.OrderYMD}

// The delimiters as the mapping step offers them.
var delimiters = []string{";", ",", "tab"}

// chooseFile opens a statement file and starts the import wizard on it.
func (v *bankView) chooseFile() {
	exts := []string{".csv", ".txt", ".ofx", ".qfx"}
	widgets.ChooseOpen(v.s.win, "Import a bank statement", exts, func(path string) {
		data, err := widgets.ReadChosen(path, domain.MaxStatementSize)
		if err != nil {
			dialog.ShowError(fmt.Errorf("Could not read %s: %v.", filepath.Base(path), err), v.s.win)
			return
		}
		v.OpenImport(filepath.Base(path), data)
	})
}

// OpenImport starts the import wizard on a statement file's contents, once
// the mappings saved and the company's currency are read, off the UI
// goroutine.
func (v *bankView) OpenImport(name string, data []byte) {
	bank, company := v.s.book.Bank(), v.s.book.Company()
	kit.Write(func(ctx context.Context) (importSetup, error) {
		var s importSetup
		var err error
		if s.mappings, err = bank.FindBankMappings(ctx); err != nil {
			return s, err
		}
		co, err := company.Company(ctx)
		s.currency = co.Currency
		return s, err
	}, func(s importSetup, err error) {
		if err != nil {
			kit.ShowError(err, v.s.win)
			return
		}
		v.wizard = newImportWizard(v, name, data, s)
	})
}

// importSetup is what the import wizard reads from the book before it
// opens: the column mappings saved and the company's currency, a new
// account's first guess.
type importSetup struct {
	mappings []domain.BankMapping
	currency string
}

// importWizard takes one statement file into an account: the account
// (chosen, or added with the number and currency an OFX file gives), for a
// CSV file the mapping with a preview of its first rows, then a check of
// what would be imported, and the import itself.
type importWizard struct {
	v      *bankView
	name   string
	data   []byte
	format domain.StatementFormat
	ofx    *domain.BankStatement // the parsed OFX file; nil for CSV
	ofxErr error

	mappings []domain.BankMapping
	loading  bool

	account    *widget.Select
	acctName   *widget.Entry
	acctCur    *widget.Entry
	acctNumber *widget.Entry
	newAcct    *fyne.Container
	flip       *widget.Check

	mapping     *widget.Select
	mapName     *widget.Entry
	delimiter   *widget.Select
	decComma    *widget.Check
	dateOrder   *widget.Select
	skip        *widget.Entry
	header      *widget.Check
	cols        map[string]*widget.SelectEntry
	preview     *widget.Table
	previewData [][]string
	mapBox      fyne.CanvasObject

	result    *widget.Label
	errs      *widget.Label
	importBtn *widget.Button
	content   fyne.CanvasObject
	d         dialog.Dialog
}

func newImportWizard(v *bankView, name string, data []byte, setup importSetup) *importWizard {
	w := &importWizard{v: v, name: name, data: data, format: domain.DetectStatementFormat(name, data),
		cols: map[string]*widget.SelectEntry{}, mappings: setup.mappings}
	if w.format == domain.FormatOFX {
		w.ofx, w.ofxErr = domain.ParseOFX(bytes.NewReader(data))
	}

	var names []string
	for _, a := range v.accounts {
		names = append(names, fmt.Sprintf("%s (%s)", a.Name, a.Currency))
	}
	w.account = widget.NewSelect(append(names, newAccount), func(string) { w.accountChosen() })
	w.acctName = widget.NewEntry()
	w.acctName.SetPlaceHolder("e.g. Operating account")
	w.acctCur = widget.NewEntry()
	w.acctNumber = widget.NewEntry()
	w.acctNumber.SetPlaceHolder("IBAN or account number")
	w.acctCur.SetText(setup.currency)
	if w.ofx != nil {
		w.acctNumber.SetText(w.ofx.AccountNumber)
		if w.ofx.Currency != "" {
			w.acctCur.SetText(w.ofx.Currency)
		}
	}
	w.newAcct = container.New(widgets.NewColumns(3, 1, 3), widgets.NewField("Account name", w.acctName).Object(),
		widgets.NewField("Currency", w.acctCur).Object(), widgets.NewField("Number", w.acctNumber).Object())

	w.result = widget.NewLabel("")
	w.result.Wrapping = fyne.TextWrapWord
	w.errs = widgets.ErrorLine()
	check := widget.NewButtonWithIcon("Check", theme.SearchIcon(), func() { w.run(true) })
	w.importBtn = widget.NewButtonWithIcon("Import", theme.UploadIcon(), func() { w.run(false) })
	w.importBtn.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { w.d.Hide() })

	title := widget.NewLabelWithStyle(fmt.Sprintf("%s · %s", name, strings.ToUpper(string(w.format))), fyne.TextAlignLeading,
		fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	w.flip = widget.NewCheck("Flip signs: the file shows money out as positive, as card statements often do", nil)
	top := container.NewVBox(title, widgets.NewField("Into the bank account", w.account).Object(), w.newAcct, w.flip)
	var middle fyne.CanvasObject = widget.NewLabel("")
	if w.format == domain.FormatCSV {
		w.buildMapping()
		middle = w.mapBox
	} else if w.ofxErr != nil {
		w.showError(w.ofxErr)
	} else {
		middle = widget.NewLabel(fmt.Sprintf("An OFX statement of account %s in %s with %s, from %s to %s.",
			orNone(w.ofx.AccountNumber), orNone(w.ofx.Currency), widgets.Count(len(w.ofx.Lines), "line", "lines"),
			w.ofx.Lines[0].Date, w.ofx.Lines[len(w.ofx.Lines)-1].Date))
	}
	bottom := container.NewVBox(w.errs, w.result, container.NewHBox(layout.NewSpacer(), cancel, check, w.importBtn))
	w.content = container.NewBorder(top, bottom, nil, nil, middle)
	w.d = dialog.NewCustomWithoutButtons("Import a bank statement", w.content, v.s.win)
	// As tall as the window allows, so the preview shows more rows.
	w.d.Resize(fyne.NewSize(980, max(660, v.s.win.Canvas().Size().Height-40)))

	// The account: the one whose number an OFX file gives, else the one
	// shown in the list, else a new one.
	pick := len(names)
	if v.acct != nil {
		for i, a := range v.accounts {
			if a.ID == v.acct.ID {
				pick = i
			}
		}
	}
	if w.ofx != nil {
		pick = len(names)
		for i, a := range v.accounts {
			if a.Number != "" && a.Number == w.ofx.AccountNumber {
				pick = i
			}
		}
	}
	w.account.SetSelectedIndex(pick)
	w.d.Show()
	return w
}

// chosenAccount is the account chosen, nil for a new one.
func (w *importWizard) chosenAccount() *domain.BankAccount {
	i := w.account.SelectedIndex()
	if i < 0 || i >= len(w.v.accounts) {
		return nil
	}
	return &w.v.accounts[i]
}

// accountChosen shows the new account's fields or, for an account with a
// CSV mapping, selects its mapping.
func (w *importWizard) accountChosen() {
	a := w.chosenAccount()
	if a == nil {
		w.newAcct.Show()
	} else {
		w.newAcct.Hide()
		if w.mapping != nil && a.MappingName != "" {
			w.mapping.SetSelected(a.MappingName)
		}
	}
}

// buildMapping lays out the CSV mapping step: the mapping, its settings,
// the columns, and a preview of the file as the settings split it.
func (w *importWizard) buildMapping() {
	opts := []string{newMapping}
	for _, m := range w.mappings {
		opts = append(opts, m.Name)
	}
	w.mapping = widget.NewSelect(opts, func(string) { w.mappingChosen() })
	w.mapName = widget.NewEntry()
	w.mapName.SetPlaceHolder("e.g. Sparkasse CSV")
	w.delimiter = widget.NewSelect(delimiters, func(string) { w.settingsChanged() })
	w.decComma = widget.NewCheck("Decimal comma (1.234,56)", func(bool) {})
	var orders []string
	for _, o := range dateOrders {
		orders = append(orders, o.Pattern())
	}
	w.dateOrder = widget.NewSelect(orders, nil)
	w.skip = widget.NewEntry()
	w.skip.SetText("0")
	w.skip.OnChanged = func(string) { w.settingsChanged() }
	w.header = widget.NewCheck("First row names the columns", func(bool) { w.settingsChanged() })
	w.header.Checked = true
	var colFields []fyne.CanvasObject
	for _, c := range []struct{ key, label string }{{"date", "Date"}, {"amount", "Amount (signed)"}, {"debit", "or Debit (out)"},
		{"credit", "and Credit (in)"}, {"text", "Text (join with +)"}, {"reference", "Reference"}} {
		e := widget.NewSelectEntry(nil)
		w.cols[c.key] = e
		colFields = append(colFields, widgets.NewField(c.label, e).Object())
	}
	w.preview = widget.NewTable(func() (int, int) {
		cols := 0
		for _, r := range w.previewData {
			cols = max(cols, len(r))
		}
		return len(w.previewData), cols
	}, func() fyne.CanvasObject {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(id widget.TableCellID, o fyne.CanvasObject) {
		l := o.(*widget.Label)
		l.TextStyle.Bold = id.Row == 0 && w.header.Checked
		l.SetText("")
		if id.Row < len(w.previewData) && id.Col < len(w.previewData[id.Row]) {
			l.SetText(w.previewData[id.Row][id.Col])
		}
	})
	w.preview.ShowHeaderColumn = false
	w.preview.ShowHeaderRow = true
	w.preview.CreateHeader = func() fyne.CanvasObject { return headerLabel("", fyne.TextAlignLeading) }
	w.preview.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(strconv.Itoa(id.Col + 1))
	}
	settings := container.NewVBox(
		container.New(widgets.NewColumns(2, 2, 1.2, 1.6, 0.8), widgets.NewField("CSV mapping", w.mapping).Object(),
			widgets.NewField("Mapping name", w.mapName).Object(), widgets.NewField("Delimiter", w.delimiter).Object(),
			widgets.NewField("Dates", w.dateOrder).Object(), widgets.NewField("Skip lines", w.skip).Object()),
		container.NewHBox(w.header, w.decComma),
		container.New(widgets.NewColumns(1, 1, 1, 1, 1.4, 1), colFields...),
		headerLabel("The file's first rows, as the settings split them", fyne.TextAlignLeading))
	w.mapBox = container.NewBorder(settings, nil, nil, nil, w.preview)

	// A new file starts from the account's mapping, else from a guess.
	w.loading = true
	w.delimiter.SetSelected(delimiterName(domain.SniffDelimiter(w.data)))
	rows, _ := domain.PreviewCSV(bytes.NewReader(w.data), domain.SniffDelimiter(w.data), 0, previewRows)
	w.decComma.SetChecked(domain.SniffDecimalComma(rows))
	w.dateOrder.SetSelectedIndex(0)
	w.loading = false
	w.mapping.SetSelectedIndex(0)
}

func delimiterName(r rune) string {
	if r == '\t' {
		return "tab"
	}
	return string(r)
}

// mappingChosen fills the settings from the mapping chosen, or guesses
// them for a new one.
func (w *importWizard) mappingChosen() {
	i := w.mapping.SelectedIndex() - 1
	w.loading = true
	if i >= 0 && i < len(w.mappings) {
		m := w.mappings[i]
		w.mapName.SetText(m.Name)
		w.delimiter.SetSelected(m.DelimiterName())
		w.decComma.SetChecked(m.DecimalComma)
		w.dateOrder.SetSelectedIndex(slices.Index(dateOrders, m.DateOrder))
		w.skip.SetText(strconv.Itoa(m.Skip))
		w.header.SetChecked(m.Header)
		for k, val := range map[string]string{"date": m.Date, "amount": m.Amount, "debit": m.Debit, "credit": m.Credit,
			"text": m.Text, "reference": m.Reference} {
			w.cols[k].SetText(val)
		}
	} else {
		w.mapName.SetText("")
	}
	w.loading = false
	w.settingsChanged()
	if i < 0 {
		w.guessColumns()
	}
}

// settingsChanged splits the preview again with the delimiter and skip,
// and offers the header's names (or the column numbers) for each column.
func (w *importWizard) settingsChanged() {
	if w.loading || w.delimiter == nil {
		return
	}
	skip, _ := strconv.Atoi(strings.TrimSpace(w.skip.Text))
	delim, err := domain.ParseDelimiter(w.delimiter.Selected)
	if err != nil {
		delim = ','
	}
	w.previewData, _ = domain.PreviewCSV(bytes.NewReader(w.data), delim, max(skip, 0), previewRows)
	var opts []string
	if w.header.Checked && len(w.previewData) > 0 {
		for _, h := range w.previewData[0] {
			if h = strings.TrimSpace(h); h != "" {
				opts = append(opts, h)
			}
		}
	} else if len(w.previewData) > 0 {
		for i := range w.previewData[0] {
			opts = append(opts, strconv.Itoa(i+1))
		}
	}
	for _, e := range w.cols {
		e.SetOptions(opts)
	}
	w.preview.Refresh()
	for c := 0; c < len(opts)+1; c++ {
		w.preview.SetColumnWidth(c, 150)
	}
}

// guessColumns picks the columns a new mapping most likely wants from the
// header's names.
func (w *importWizard) guessColumns() {
	if !w.header.Checked || len(w.previewData) == 0 {
		return
	}
	words := map[string][]string{
		"date":      {"booking date", "buchungstag", "date", "datum", "transaction date", "posted"},
		"amount":    {"amount", "betrag", "montant", "importe", "value"},
		"debit":     {"debit", "soll", "withdrawal", "paid out"},
		"credit":    {"credit", "haben", "deposit", "paid in"},
		"text":      {"purpose", "verwendungszweck", "description", "beschreibung", "text", "memo", "details", "payee", "name"},
		"reference": {"reference", "referenz", "kundenreferenz", "ref"},
	}
	for key, cands := range words {
		w.cols[key].SetText("")
		for _, c := range cands {
			if i := slices.IndexFunc(w.previewData[0], func(h string) bool { return strings.EqualFold(strings.TrimSpace(h), c) }); i >= 0 {
				w.cols[key].SetText(strings.TrimSpace(w.previewData[0][i]))
				break
			}
		}
	}
	if w.cols["amount"].Text != "" {
		w.cols["debit"].SetText("")
		w.cols["credit"].SetText("")
	}
}

// collectMapping reads the mapping as set.
func (w *importWizard) collectMapping() domain.BankMapping {
	m := domain.BankMapping{Name: w.mapName.Text, DecimalComma: w.decComma.Checked, Header: w.header.Checked,
		Date: w.cols["date"].Text, Amount: w.cols["amount"].Text, Debit: w.cols["debit"].Text, Credit: w.cols["credit"].Text,
		Text: w.cols["text"].Text, Reference: w.cols["reference"].Text}
	m.Delimiter, _ = domain.ParseDelimiter(w.delimiter.Selected)
	if i := w.dateOrder.SelectedIndex(); i >= 0 {
		m.DateOrder = dateOrders[i]
	}
	m.Skip, _ = strconv.Atoi(strings.TrimSpace(w.skip.Text))
	return m
}

func (w *importWizard) showError(err error) {
	w.errs.SetText(domain.ErrorMessage(err))
	w.errs.Show()
	w.result.SetText("")
}

// imported is what a check or an import did: the account the lines went
// into (a new one is made only by an import) and what was read.
type imported struct {
	acct  *domain.BankAccount
	lines int
	imp   domain.StatementImport
}

// run checks (dryRun) or imports the file in the background, behind a
// progress bar with Cancel: the account is added and the mapping saved
// first, for a real import, and only when the file reads. What is typed is
// checked at once; a problem is shown and nothing is written.
func (w *importWizard) run(dryRun bool) {
	w.errs.Hide()
	bank := w.v.s.book.Bank()
	var mapping *domain.BankMapping
	if w.format == domain.FormatCSV {
		m := w.collectMapping()
		if err := m.Validate(); err != nil {
			w.showError(err)
			return
		}
		mapping = &m
	}
	acct := w.chosenAccount()
	var newAcct *domain.BankAccount
	if acct == nil {
		newAcct = &domain.BankAccount{Name: w.acctName.Text, Currency: w.acctCur.Text, Number: w.acctNumber.Text}
		if err := newAcct.Validate(); err != nil {
			w.showError(err)
			return
		}
	}
	name, data, flip := w.name, w.data, w.flip.Checked
	title := "Importing " + name
	if dryRun {
		title = "Checking " + name
	}
	w.importBtn.Disable()
	kit.Long(w.v.s.win, title, func(ctx context.Context, step kit.Step) (imported, error) {
		step(0, 0, "Reading the statement…")
		st, err := domain.ParseBankStatement(name, bytes.NewReader(data), mapping)
		if err != nil {
			return imported{}, err
		}
		if flip {
			st.FlipSigns()
		}
		r := imported{acct: acct, lines: len(st.Lines)}
		if acct == nil {
			if dryRun {
				return r, nil
			}
			if err := bank.CreateBankAccount(ctx, newAcct); err != nil {
				return r, err
			}
			r.acct = newAcct
		}
		req := domain.ImportRequest{AccountID: r.acct.ID, FileName: name, Statement: st, DryRun: dryRun}
		if mapping != nil && !dryRun {
			if err := bank.SaveBankMapping(ctx, mapping); err != nil {
				return r, err
			}
			req.MappingID = mapping.ID
		}
		step(0, len(st.Lines), "Matching "+widgets.Count(len(st.Lines), "line", "lines")+"…")
		r.imp, err = bank.ImportStatement(ctx, req)
		return r, err
	}, func(r imported, err error, cancelled bool) {
		w.importBtn.Enable()
		w.done(r, dryRun, newAcct, err, cancelled)
	})
}

// done shows what run did.
func (w *importWizard) done(r imported, dryRun bool, newAcct *domain.BankAccount, err error, cancelled bool) {
	if err != nil {
		if cancelled {
			err = domain.Errorf(domain.ECONFLICT, "Cancelled: no line was imported.")
		}
		w.showError(err)
		w.v.refresh() // a new account stays, ready for a corrected file
		return
	}
	if r.acct == nil {
		w.result.SetText(fmt.Sprintf("%s read; the account %s (%s) is added when you import.",
			widgets.Count(r.lines, "line", "lines"), newAcct.Name, newAcct.Currency))
		return
	}
	imp := r.imp
	msg := fmt.Sprintf("%s read: %d new, %d already imported; %s with a suggested match.", widgets.Count(imp.Read, "line", "lines"),
		imp.New, imp.Duplicates(), widgets.Count(imp.Suggested, "line", "lines"))
	if imp.Rounded > 0 {
		msg += fmt.Sprintf(" %s had more decimals than %s and %s rounded half away from zero (see Why).",
			widgets.Count(imp.Rounded, "line", "lines"), r.acct.Currency, map[bool]string{true: "was", false: "were"}[imp.Rounded == 1])
	}
	if dryRun {
		w.result.SetText("Nothing written yet. " + msg)
		return
	}
	w.d.Hide()
	w.v.s.status.SetText(fmt.Sprintf("Imported %s into %s: %s", w.name, r.acct.Name, msg))
	w.v.refresh()
	for i, a := range w.v.accounts {
		if a.ID == r.acct.ID {
			w.v.account.SetSelectedIndex(i)
		}
	}
}
