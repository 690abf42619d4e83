// Package importer is File ▸ Import CSV…: a wizard that reads clients,
// contacts, the catalog, documents with their lines or payments from another
// program's CSV file. It guesses how the file is spelt, pairs the book's
// columns with the file's (by name, to be corrected by hand) beside a
// preview of the rows as they will be read, checks every row in a dry run
// that lists each problem with its row, and then imports all or nothing.
package importer

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/color"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// previewRows is how many rows the mapping step shows of each file.
const previewRows = 20

// sniffBytes is how much of a file is read to guess its format.
const sniffBytes = 64 << 10

// notInFile is the mapping choice for a column the file does not have.
const notInFile = "(not in the file)"

// titles names what can be imported, in the order offered.
var titles = map[string]string{
	"clients":      "Clients",
	"contacts":     "Contacts",
	"catalog":      "Catalog items",
	"tax_rates":    "Tax rates",
	"invoices":     "Invoices with their lines",
	"quotes":       "Quotes with their lines",
	"credit_notes": "Credit notes with their lines",
	"payments":     "Payments (allocations optional)",
}

var order = []string{"clients", "contacts", "catalog", "tax_rates", "invoices", "payments", "quotes", "credit_notes"}

var delimiters = []struct {
	title string
	comma rune
}{{"Comma (,)", ','}, {"Semicolon (;)", ';'}}

// The wizard's steps, in order.
const (
	stepFile = iota
	stepColumns
	stepCheck
	stepDone
)

// Wizard is the import dialog.
type Wizard struct {
	svc domain.ImportService
	win fyne.Window
	dlg *dialog.CustomDialog

	step  int
	steps []fyne.CanvasObject
	title *widget.Label
	back  *widget.Button
	next  *widget.Button

	// The file step.
	entity       *widget.Select
	path         *widget.Entry
	details      *widget.Entry
	detailsLabel *widget.Label
	detailsRow   fyne.CanvasObject
	delimiter    *widget.Select
	decimalComma *widget.Check
	skip         *widget.Entry
	detected     *widget.Label
	fileError    *widget.Label

	// The columns step.
	columns  []domain.ImportColumn
	choices  map[string]*widget.Select // by ImportColumn.Key
	previews map[string]domain.ImportPreview
	tables   map[string]*widget.Table
	tabs     *container.AppTabs
	mapError *widget.Label
	ignored  map[string]*widget.Label // by file: the file's columns nothing is read from
	loading  bool
	reading  *kit.Loader // the previews read again after a column was chosen

	// The check and done steps.
	result   domain.ImportResult
	summary  *widget.Label
	problems *widget.List
	done     *widget.Label

	// OnImported is called after an import wrote to the book.
	OnImported func(res domain.ImportResult)
}

// New builds the wizard over the book's imports; Show opens it.
func New(svc domain.ImportService, win fyne.Window) *Wizard {
	w := &Wizard{svc: svc, win: win, choices: map[string]*widget.Select{}, previews: map[string]domain.ImportPreview{}, reading: kit.NewLoader()}
	w.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	w.steps = []fyne.CanvasObject{w.fileStep(), w.columnsStep(), w.checkStep(), w.doneStep()}
	w.back = widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), w.goBack)
	w.next = widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), w.goNext)
	w.next.IconPlacement = widget.ButtonIconTrailingText
	w.next.Importance = widget.HighImportance
	cancel := widget.NewButton("Close", func() { w.dlg.Hide() })
	body := container.NewStack(w.steps...)
	// The steps need room for a mapping beside a preview table; a table has
	// no minimum height of its own.
	room := canvas.NewRectangle(color.Transparent)
	room.SetMinSize(fyne.NewSize(980, 540))
	content := container.NewStack(room, container.NewBorder(container.NewVBox(w.title, widget.NewSeparator()), nil, nil, nil, body))
	w.dlg = dialog.NewCustomWithoutButtons("Import CSV", content, win)
	w.dlg.SetButtons([]fyne.CanvasObject{cancel, w.back, w.next})
	w.show(stepFile)
	return w
}

// Show opens the wizard on its first step, with entity chosen if it is one
// that can be imported.
func (w *Wizard) Show(entity string) {
	if _, ok := titles[entity]; ok {
		w.entity.SetSelected(titles[entity])
	}
	w.show(stepFile)
	w.dlg.Show()
}

// Hide closes the wizard.
func (w *Wizard) Hide() { w.dlg.Hide() }

func (w *Wizard) fileStep() fyne.CanvasObject {
	var options []string
	for _, name := range order {
		options = append(options, titles[name])
	}
	w.entity = widget.NewSelect(options, func(string) { w.entityChanged() })
	w.path = widget.NewEntry()
	w.path.SetPlaceHolder("The CSV file to import")
	w.path.OnChanged = func(string) { w.sniff() }
	w.details = widget.NewEntry()
	w.detailsLabel = widget.NewLabel("")
	browse := func(e *widget.Entry) *widget.Button {
		return widget.NewButtonWithIcon("Browse…", theme.FolderOpenIcon(), func() { w.browse(e) })
	}
	w.delimiter = widget.NewSelect(nil, nil)
	for _, d := range delimiters {
		w.delimiter.Options = append(w.delimiter.Options, d.title)
	}
	w.delimiter.SetSelectedIndex(0)
	w.decimalComma = widget.NewCheck("Numbers have a decimal comma (12,50)", nil)
	w.skip = widget.NewEntry()
	w.skip.SetText("0")
	w.skip.OnChanged = func(string) { w.sniff() }
	w.detected = widget.NewLabel("")
	w.detected.Importance = widget.LowImportance
	w.detected.Wrapping = fyne.TextWrapWord
	w.fileError = widget.NewLabel("")
	w.fileError.Importance = widget.DangerImportance
	w.fileError.Wrapping = fyne.TextWrapWord
	w.detailsRow = container.NewVBox(w.detailsLabel, container.NewBorder(nil, nil, nil, browse(w.details), w.details))
	intro := widget.NewLabel("Bring in records from a spreadsheet or another program. Nothing is written until the last step, " +
		"and then all rows are imported or none. Records are added, never changed; names and numbers already in the book are refused.")
	intro.Wrapping = fyne.TextWrapWord
	w.entity.SetSelectedIndex(0)
	return container.NewVBox(intro,
		widget.NewLabelWithStyle("What to import", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), w.entity,
		widget.NewLabelWithStyle("File", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewBorder(nil, nil, nil, browse(w.path), w.path),
		w.detailsRow,
		widget.NewLabelWithStyle("How the file is written", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(widget.NewLabel("Cells separated by"), w.delimiter, w.decimalComma),
		container.NewHBox(widget.NewLabel("Lines above the column names, to skip"), container.NewGridWrap(fyne.NewSize(70, w.skip.MinSize().Height), w.skip)),
		w.detected, w.fileError)
}

// entityName is the entity chosen in the first step.
func (w *Wizard) entityName() string {
	for _, name := range order {
		if titles[name] == w.entity.Selected {
			return name
		}
	}
	return order[0]
}

// detailsFile is the chosen entity's details file: "document_lines",
// "allocations" or "".
func (w *Wizard) detailsFile() string {
	e, err := domain.FindImportEntity(w.entityName())
	if err != nil {
		return ""
	}
	return e.Details
}

func (w *Wizard) entityChanged() {
	if w.details == nil {
		return
	}
	e, _ := domain.FindImportEntity(w.entityName())
	switch {
	case e.Details == "":
		w.detailsRow.Hide()
	case e.DetailsRequired:
		w.detailsLabel.SetText("Their lines (document_lines.csv, joined by document_id)")
		w.detailsRow.Show()
	default:
		w.detailsLabel.SetText("Their allocations to invoices (allocations.csv), if any")
		w.detailsRow.Show()
	}
	w.details.SetPlaceHolder(e.Details + ".csv")
	w.fillDetails()
}

// fillDetails offers the details file beside the chosen one, as an export
// writes it, when none is given yet.
func (w *Wizard) fillDetails() {
	d := w.detailsFile()
	if d == "" || strings.TrimSpace(w.details.Text) != "" || strings.TrimSpace(w.path.Text) == "" {
		return
	}
	beside := filepath.Join(filepath.Dir(w.path.Text), d+".csv")
	if _, err := os.Stat(beside); err == nil {
		w.details.SetText(beside)
	}
}

func (w *Wizard) browse(e *widget.Entry) {
	widgets.ChooseOpen(w.win, "Choose a CSV file", []string{".csv", ".txt"}, e.SetText)
}

// SetFiles chooses what to import and its file (and details file, "" for
// none), as the first step would.
func (w *Wizard) SetFiles(entity, path, details string) {
	if t, ok := titles[entity]; ok {
		w.entity.SetSelected(t)
	}
	w.details.SetText(details)
	w.path.SetText(path)
}

// sniff guesses the chosen file's delimiter and decimal separator.
func (w *Wizard) sniff() {
	w.fileError.SetText("")
	w.detected.SetText("")
	path := strings.TrimSpace(w.path.Text)
	if path == "" {
		return
	}
	f, err := os.Open(path)
	if err != nil {
		return // said when moving on
	}
	defer f.Close()
	sample := make([]byte, sniffBytes)
	n, _ := io.ReadFull(f, sample)
	sample = sample[:n]
	if skip, err := w.skipLines(); err == nil {
		// The lines above the column names say nothing of the format.
		bom := bytes.HasPrefix(sample, []byte("\uFEFF"))
		for ; skip > 0; skip-- {
			if _, rest, ok := bytes.Cut(sample, []byte("\n")); ok {
				sample = rest
			}
		}
		if bom && !bytes.HasPrefix(sample, []byte("\uFEFF")) {
			sample = append([]byte("\uFEFF"), sample...)
		}
	}
	format, bom := domain.SniffFormat(sample)
	w.setFormat(format)
	what := "commas between cells"
	if format.Comma() == ';' {
		what = "semicolons between cells"
		if format.DecimalComma {
			what += " and decimal commas"
		}
	}
	if bom {
		what += ", UTF-8 with a byte-order mark"
	}
	w.detected.SetText("Detected " + what + ". Change it above if the preview looks wrong.")
	w.fillDetails()
}

func (w *Wizard) setFormat(f domain.ExportFormat) {
	for i, d := range delimiters {
		if d.comma == f.Comma() {
			w.delimiter.SetSelectedIndex(i)
		}
	}
	w.decimalComma.SetChecked(f.DecimalComma)
}

// skipLines is the number of lines above the column names, as typed.
func (w *Wizard) skipLines() (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(w.skip.Text))
	if err != nil || n < 0 || n > domain.MaxImportSkip {
		return 0, domain.Errorf(domain.EINVALID, "Lines to skip: write a number from 0 to %d.", domain.MaxImportSkip)
	}
	return n, nil
}

// Format is how the file is read, as the first step says.
func (w *Wizard) Format() domain.ExportFormat {
	f := domain.ExportFormat{DecimalComma: w.decimalComma.Checked}
	if i := w.delimiter.SelectedIndex(); i >= 0 {
		f.Delimiter = delimiters[i].comma
	}
	return f
}

func (w *Wizard) columnsStep() fyne.CanvasObject {
	w.tabs = container.NewAppTabs()
	w.mapError = widget.NewLabel("")
	w.mapError.Importance = widget.DangerImportance
	w.mapError.Wrapping = fyne.TextWrapWord
	hint := widget.NewLabel("Pair each column of the book (left) with the column of your file that holds it. " +
		"Columns marked * are required. The preview shows the first rows as they will be read.")
	hint.Wrapping = fyne.TextWrapWord
	return container.NewBorder(hint, w.mapError, nil, nil, w.tabs)
}

// files are the files of the import: the entity's, and its details file
// when one is given.
func (w *Wizard) files() map[string]string {
	out := map[string]string{w.entityName(): strings.TrimSpace(w.path.Text)}
	if d := w.detailsFile(); d != "" && strings.TrimSpace(w.details.Text) != "" {
		out[d] = strings.TrimSpace(w.details.Text)
	}
	return out
}

// loadColumns reads each file's header, pairs the columns by name and lays
// out the mapping with its preview.
func (w *Wizard) loadColumns() error {
	entity := w.entityName()
	e, _ := domain.FindImportEntity(entity)
	files := w.files()
	if files[entity] == "" {
		return domain.Errorf(domain.EINVALID, "Choose the file to import.")
	}
	if e.DetailsRequired && files[e.Details] == "" {
		return domain.Errorf(domain.EINVALID, "Choose the file with their lines (%s.csv) too.", e.Details)
	}
	cols, err := w.svc.Columns(entity)
	if err != nil {
		return err
	}
	headers := map[string][]string{}
	for file, path := range files {
		p, err := w.preview(file, path, map[string]string{}, 0)
		if err != nil {
			return err
		}
		headers[file] = p.Header
	}
	w.columns = nil
	for _, c := range cols {
		if files[c.File] != "" {
			w.columns = append(w.columns, c)
		}
	}
	suggested := domain.SuggestMapping(w.columns, headers)
	w.loading = true
	w.choices, w.tables, w.ignored = map[string]*widget.Select{}, map[string]*widget.Table{}, map[string]*widget.Label{}
	w.tabs.Items = nil
	for _, file := range []string{entity, e.Details} {
		if files[file] == "" {
			continue
		}
		w.tabs.Append(container.NewTabItem(titleOf(file)+" from "+filepath.Base(files[file]), w.fileTab(file, headers[file], suggested)))
	}
	w.tabs.SelectIndex(0)
	w.loading = false
	return w.refreshPreviews()
}

// titleOf names a file of an import: "Clients", "Document lines".
func titleOf(file string) string {
	t := strings.ReplaceAll(file, "_", " ")
	return strings.ToUpper(t[:1]) + t[1:]
}

// fileTab is one file's mapping beside its preview.
func (w *Wizard) fileTab(file string, header []string, suggested map[string]string) fyne.CanvasObject {
	options := append([]string{notInFile}, header...)
	grid := container.New(layout.NewFormLayout())
	for _, c := range w.columns {
		if c.File != file {
			continue
		}
		name := c.Name
		if c.Required {
			name += " *"
		}
		label := widget.NewLabelWithStyle(name, fyne.TextAlignTrailing, fyne.TextStyle{Bold: c.Required})
		sel := widget.NewSelect(options, func(string) {
			if !w.loading {
				w.previewLater()
			}
		})
		sel.PlaceHolder = notInFile
		if h := suggested[c.Key()]; h != "" {
			sel.SetSelected(h)
		} else {
			sel.SetSelected(notInFile)
		}
		desc := widget.NewLabel(c.Description)
		desc.Importance = widget.LowImportance
		desc.Truncation = fyne.TextTruncateEllipsis
		w.choices[c.Key()] = sel
		grid.Add(label)
		grid.Add(container.NewGridWithColumns(2, sel, desc))
	}
	table := w.previewTable(file)
	w.tables[file] = table
	ignored := widget.NewLabel("")
	ignored.Wrapping = fyne.TextWrapWord
	ignored.Importance = widget.LowImportance
	w.ignored[file] = ignored
	split := container.NewVSplit(container.NewVScroll(grid), container.NewBorder(
		container.NewVBox(widget.NewLabelWithStyle("Preview", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), ignored),
		nil, nil, nil, table))
	split.Offset = 0.5
	return split
}

// previewTable shows the file's preview: a column per mapped column of ours,
// a row per row read, numbered as the dry run numbers them.
func (w *Wizard) previewTable(file string) *widget.Table {
	mapped := func() (cols []int) {
		p := w.previews[file]
		for i, c := range p.Columns {
			if sel := w.choices[file+"."+c]; sel != nil && sel.Selected != notInFile {
				cols = append(cols, i)
			}
		}
		return cols
	}
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(w.previews[file].Rows), len(mapped()) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			p, cols := w.previews[file], mapped()
			text := ""
			if id.Row < len(p.Rows) && id.Col < len(cols) {
				text = p.Rows[id.Row][cols[id.Col]]
			}
			o.(*widget.Label).SetText(text)
		})
	t.CreateHeader = func() fyne.CanvasObject {
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		p, cols := w.previews[file], mapped()
		text := ""
		switch {
		case id.Row < 0 && id.Col >= 0 && id.Col < len(cols):
			text = p.Columns[cols[id.Col]]
		case id.Col < 0 && id.Row >= 0 && id.Row < len(p.RowNumbers):
			text = fmt.Sprint(p.RowNumbers[id.Row])
		}
		o.(*widget.Label).SetText(text)
	}
	for i := range 40 {
		t.SetColumnWidth(i, 150)
	}
	return t
}

// Mapping is the mapping as chosen, keyed by ImportColumn.Key, "" for a
// column not in the file.
func (w *Wizard) Mapping() map[string]string {
	out := map[string]string{}
	for key, sel := range w.choices {
		if sel.Selected == notInFile {
			out[key] = ""
		} else {
			out[key] = sel.Selected
		}
	}
	return out
}

// mappingOf is the mapping of one file's columns.
func (w *Wizard) mappingOf(file string) map[string]string {
	out := map[string]string{}
	for key, h := range w.Mapping() {
		if strings.HasPrefix(key, file+".") {
			out[key] = h
		}
	}
	return out
}

func (w *Wizard) preview(file, path string, mapping map[string]string, n int) (domain.ImportPreview, error) {
	f, err := os.Open(path)
	if err != nil {
		return domain.ImportPreview{}, cannotRead(path, err)
	}
	defer f.Close()
	skip, err := w.skipLines()
	if err != nil {
		return domain.ImportPreview{}, err
	}
	return w.svc.Preview(file, bufio.NewReader(f), domain.ImportOptions{Format: w.Format(), Mapping: mapping, Skip: skip}, n)
}

// cannotRead says a file could not be opened.
func cannotRead(path string, err error) error {
	if errors.Is(err, os.ErrNotExist) {
		return domain.Errorf(domain.EINVALID, "There is no file %s.", path)
	}
	return domain.Errorf(domain.EINVALID, "Cannot read %s: %v.", path, errors.Unwrap(err))
}

// previewQuery is what the previews are read with, taken from the
// wizard's inputs on the UI goroutine so the files can be read off it.
type previewQuery struct {
	files    map[string]string            // path by file
	mappings map[string]map[string]string // by file
	opt      domain.ImportOptions         // format and lines skipped
}

func (w *Wizard) previewQuery() (previewQuery, error) {
	skip, err := w.skipLines()
	if err != nil {
		return previewQuery{}, err
	}
	q := previewQuery{files: w.files(), mappings: map[string]map[string]string{}, opt: domain.ImportOptions{Format: w.Format(), Skip: skip}}
	for file := range q.files {
		q.mappings[file] = w.mappingOf(file)
	}
	return q, nil
}

// read reads each file's first rows with its mapping; it touches no widget.
func (q previewQuery) read(svc domain.ImportService) (map[string]domain.ImportPreview, error) {
	out := map[string]domain.ImportPreview{}
	for file, path := range q.files {
		f, err := os.Open(path)
		if err != nil {
			return nil, cannotRead(path, err)
		}
		opt := q.opt
		opt.Mapping = q.mappings[file]
		p, err := svc.Preview(file, bufio.NewReader(f), opt, previewRows)
		f.Close()
		if err != nil {
			return nil, err
		}
		out[file] = p
	}
	return out, nil
}

// refreshPreviews reads each file's first rows again with the mapping
// chosen, and says what stops the import at its header. The columns step
// waits for it as it opens.
func (w *Wizard) refreshPreviews() error {
	q, err := w.previewQuery()
	if err == nil {
		var ps map[string]domain.ImportPreview
		if ps, err = q.read(w.svc); err == nil {
			w.showPreviews(ps)
			return nil
		}
	}
	w.mapError.SetText(domain.ErrorMessage(err))
	return err
}

// previewLater reads the previews again off the UI goroutine after a column
// was chosen; a choice made meanwhile drops the older read.
func (w *Wizard) previewLater() {
	q, err := w.previewQuery()
	if err != nil {
		w.mapError.SetText(domain.ErrorMessage(err))
		return
	}
	kit.Load(w.reading, func(context.Context) (map[string]domain.ImportPreview, error) { return q.read(w.svc) },
		func(ps map[string]domain.ImportPreview, err error) {
			if err != nil {
				w.mapError.SetText(domain.ErrorMessage(err))
				return
			}
			w.showPreviews(ps)
		})
}

// showPreviews shows the previews read and the problems at their headers.
func (w *Wizard) showPreviews(ps map[string]domain.ImportPreview) {
	var problems []string
	for file, p := range ps {
		w.previews[file] = p
		for _, pr := range p.Problems {
			problems = append(problems, file+".csv: "+describe(pr))
		}
		if l := w.ignored[file]; l != nil && l.Text != ignoredText(p.Ignored) {
			l.SetText(ignoredText(p.Ignored))
			// The wrapped text may need another line: lay the tab out again.
			w.tabs.Refresh()
		}
	}
	sort.Strings(problems) // the same order whatever order the files were read in
	w.mapError.SetText(strings.Join(problems, "\n"))
	for _, t := range w.tables {
		t.Refresh()
	}
}

// ignoredText says which of a file's columns the import passes over.
func ignoredText(cols []string) string {
	if len(cols) == 0 {
		return "Every column of the file is read."
	}
	return "Ignored, read into nothing: " + strings.Join(cols, ", ") + "."
}

// describe is a problem as the wizard lists it: "row 3, column currency:
// …", or "the file has no column name" for the header.
func describe(p domain.RowProblem) string {
	if p.Row == 0 {
		return p.Message
	}
	return p.String()
}

// PreviewRows is the preview of file as the table shows it: the mapped
// columns' names, then each row's cells in them.
func (w *Wizard) PreviewRows(file string) [][]string {
	p := w.previews[file]
	var cols []int
	var head []string
	for i, c := range p.Columns {
		if sel := w.choices[file+"."+c]; sel != nil && sel.Selected != notInFile {
			cols = append(cols, i)
			head = append(head, c)
		}
	}
	out := [][]string{head}
	for _, r := range p.Rows {
		var row []string
		for _, i := range cols {
			row = append(row, r[i])
		}
		out = append(out, row)
	}
	return out
}

func (w *Wizard) checkStep() fyne.CanvasObject {
	w.summary = widget.NewLabel("")
	w.summary.Wrapping = fyne.TextWrapWord
	w.problems = widget.NewList(func() int { return len(w.result.Problems) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(w.result.Problems) {
				p := w.result.Problems[id]
				o.(*widget.Label).SetText(p.Entity + ".csv " + p.String())
			}
		})
	return container.NewBorder(w.summary, nil, nil, nil, w.problems)
}

func (w *Wizard) doneStep() fyne.CanvasObject {
	w.done = widget.NewLabel("")
	w.done.Wrapping = fyne.TextWrapWord
	return container.NewVBox(w.done)
}

// run imports the files with the mapping chosen — a dry run, or for real —
// in the background behind a progress bar with Cancel. The import is one
// transaction: cancelled, it writes nothing.
func (w *Wizard) run(dry bool, then func(res domain.ImportResult, err error)) {
	skip, _ := w.skipLines()
	entity, files, opt := w.entityName(), w.files(), domain.ImportOptions{Format: w.Format(), Mapping: w.Mapping(), DryRun: dry, Skip: skip}
	details, svc := w.detailsFile(), w.svc
	w.next.Disable()
	w.back.Disable()
	title, doing := "Importing "+titleOf(entity), "Reading, checking and writing every row…"
	if dry {
		title, doing = "Checking "+titleOf(entity), "Reading and checking every row; nothing is written…"
	}
	kit.Long(w.win, title, func(ctx context.Context, step kit.Step) (domain.ImportResult, error) {
		step(0, 0, doing)
		main, err := os.Open(files[entity])
		if err != nil {
			return domain.ImportResult{}, cannotRead(files[entity], err)
		}
		defer main.Close()
		if files[details] != "" {
			det, err := os.Open(files[details])
			if err != nil {
				return domain.ImportResult{}, cannotRead(files[details], err)
			}
			defer det.Close()
			opt.Details = bufio.NewReader(det)
		}
		return svc.Import(ctx, entity, bufio.NewReader(main), opt)
	}, func(res domain.ImportResult, err error, cancelled bool) {
		w.back.Enable()
		w.next.Enable()
		if err != nil && cancelled {
			err = domain.Errorf(domain.ECONFLICT, "Cancelled: nothing was written.")
		}
		then(res, err)
	})
}

// created says what an import made, by file: "clients 120" or "invoices 1,
// document lines 2".
func created(res domain.ImportResult) string {
	var parts []string
	for _, f := range res.Files {
		parts = append(parts, fmt.Sprintf("%s %d", strings.ReplaceAll(f.Entity, "_", " "), f.Created))
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

// Summary is what the check step says.
func (w *Wizard) Summary() string { return w.summary.Text }

// Problems are the problems the dry run found, as listed.
func (w *Wizard) Problems() []domain.RowProblem { return w.result.Problems }

// Done is what the last step says.
func (w *Wizard) Done() string { return w.done.Text }

// Step is the step showing, from 0.
func (w *Wizard) Step() int { return w.step }

// Next moves on as the Next button does: from the file to the columns, to
// a dry run, to the import.
func (w *Wizard) Next() { w.goNext() }

func (w *Wizard) goNext() {
	switch w.step {
	case stepFile:
		w.fileError.SetText("")
		if err := w.loadColumns(); err != nil {
			w.fileError.SetText(domain.ErrorMessage(err))
			return
		}
		w.show(stepColumns)
	case stepColumns:
		w.run(true, func(res domain.ImportResult, err error) {
			if err != nil {
				w.mapError.SetText(domain.ErrorMessage(err))
				return
			}
			w.result = res
			if res.OK() {
				w.summary.SetText(fmt.Sprintf("All %d rows can be imported. Records it would create: %s. Nothing has been written yet.", res.Rows, created(res)))
			} else {
				w.summary.SetText(fmt.Sprintf("%d problems in %d rows. Nothing has been written; correct the file (or the columns) and check again.",
					len(res.Problems), res.Rows))
			}
			w.problems.Refresh()
			w.problems.ScrollToTop()
			w.show(stepCheck)
		})
	case stepCheck:
		w.run(false, func(res domain.ImportResult, err error) {
			if err != nil {
				w.summary.SetText(domain.ErrorMessage(err))
				return
			}
			w.result = res
			w.problems.Refresh()
			if !res.OK() {
				w.summary.SetText(fmt.Sprintf("%d problems in %d rows; nothing was written.", len(res.Problems), res.Rows))
				return
			}
			w.done.SetText(fmt.Sprintf("Imported %d rows. Records created: %s.", res.Rows, created(res)))
			w.show(stepDone)
			if w.OnImported != nil {
				w.OnImported(res)
			}
		})
	case stepDone:
		w.dlg.Hide()
	}
}

func (w *Wizard) goBack() {
	if w.step > stepFile && w.step < stepDone {
		w.show(w.step - 1)
	}
}

// show shows step i with its buttons.
func (w *Wizard) show(i int) {
	w.step = i
	for j, s := range w.steps {
		if j == i {
			s.Show()
		} else {
			s.Hide()
		}
	}
	w.back.Show()
	w.next.Enable()
	switch i {
	case stepFile:
		w.title.SetText("1 of 3 · Choose what to import and the file")
		w.back.Hide()
		w.next.SetText("Next")
	case stepColumns:
		w.title.SetText("2 of 3 · Match the columns")
		w.next.SetText("Check the rows")
	case stepCheck:
		w.title.SetText("3 of 3 · Check, then import")
		w.next.SetText("Import")
		if !w.result.OK() || w.result.Rows == 0 {
			w.next.Disable()
		}
	case stepDone:
		w.title.SetText("Imported")
		w.back.Hide()
		w.next.SetText("Done")
	}
}
