package receivables

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/widgets"
)

// What a statement can be saved as.
const (
	statementPDF = "pdf"
	statementCSV = "csv"
)

// statementForm asks for the period of a client's statement, then where to
// save it as a PDF or as CSV.
type statementForm struct {
	v      *agingView
	row    domain.AgingRow
	format string // statementPDF or statementCSV

	from, to           *widget.Entry
	fromField, toField *widgets.Field
	content            *fyne.Container
	dialog             *dialog.CustomDialog
}

// askStatement opens the form for the statement of the client of row r in
// the report's currency, its period the three months up to the report's date.
func (v *agingView) askStatement(r domain.AgingRow, format string) {
	f := &statementForm{v: v, row: r, format: format}
	from, to := domain.DefaultStatementPeriod(v.date)
	f.from, f.to = widget.NewEntry(), widget.NewEntry()
	for _, e := range []*widget.Entry{f.from, f.to} {
		e.SetPlaceHolder("YYYY-MM-DD")
		e.OnSubmitted = func(string) { f.submit() }
	}
	f.from.SetText(from.String())
	f.to.SetText(to.String())
	f.fromField, f.toField = widgets.NewField("From", f.from), widgets.NewField("To", f.to)
	intro := widget.NewLabel(fmt.Sprintf("%s's statement in %s: the opening balance, every invoice, credit note and "+
		"payment of the period with the running balance, the closing balance and the aging on the last day.",
		r.ClientName, v.cur))
	intro.Wrapping = fyne.TextWrapWord
	fields := container.NewGridWithColumns(2, f.fromField.Object(), f.toField.Object())
	f.content = container.NewVBox(intro, fields)
	f.dialog = dialog.NewCustomWithoutButtons("Statement "+strings.ToUpper(format), f.content, v.s.win)
	cancel := widget.NewButton("Cancel", func() { f.dialog.Hide() })
	save := widget.NewButtonWithIcon("Save "+strings.ToUpper(format)+"…", theme.DocumentSaveIcon(), func() { f.submit() })
	save.Importance = widget.HighImportance
	f.dialog.SetButtons([]fyne.CanvasObject{cancel, save})
	f.dialog.Resize(fyne.NewSize(520, 260))
	v.stmt = f
	f.dialog.Show()
	v.s.win.Canvas().Focus(f.from)
}

// submit reads the period and draws the statement up; with problems, it
// shows them at their fields and returns false. Otherwise it closes the form
// and asks where to save the statement.
func (f *statementForm) submit() bool {
	st, ok := f.statement()
	if !ok {
		return false
	}
	f.dialog.Hide()
	f.chooseFile(st)
	return true
}

// statement reads the period typed and draws up the statement, pointing out
// a date that does not read, or a period that does not make sense, at its
// field.
func (f *statementForm) statement() (domain.Statement, bool) {
	var dates [2]domain.Date
	problems := map[string]string{}
	for i, e := range []*widget.Entry{f.from, f.to} {
		d, err := domain.ParseDate(e.Text)
		if err != nil {
			problems[[]string{"from", "to"}[i]] = "Write it as YYYY-MM-DD."
		}
		dates[i] = d
	}
	if len(problems) == 0 {
		for k, msg := range domain.FieldErrors(domain.CheckStatementPeriod(dates[0], dates[1])) {
			problems[k] = widgets.Sentence(msg)
		}
	}
	f.fromField.SetError(problems["from"])
	f.toField.SetError(problems["to"])
	f.content.Refresh()
	if len(problems) > 0 {
		return domain.Statement{}, false
	}
	st, err := f.v.s.book.Statements().Statement(context.Background(), f.row.ClientID, f.v.cur, dates[0], dates[1])
	if err != nil {
		dialog.ShowError(errors.New(domain.ErrorMessage(err)), f.v.s.win)
		return domain.Statement{}, false
	}
	return st, true
}

// chooseFile asks where to save the statement and writes it there.
func (f *statementForm) chooseFile(st domain.Statement) {
	win := f.v.s.win
	name := fmt.Sprintf("Statement %s %s to %s.%s", st.Client.Name, st.From, st.To, f.format)
	widgets.ChooseSave(win, name, "."+f.format, func(path string) {
		if err := writeStatement(context.Background(), f.v.s.book, f.v.s.renderer, st, f.format, path); err != nil {
			dialog.ShowError(errors.New(domain.ErrorMessage(err)), win)
			return
		}
		dialog.ShowInformation("Statement saved", "Saved "+filepath.Base(path)+".", win)
	})
}

// writeStatement writes the statement to path as a PDF (statementPDF) or as
// CSV (statementCSV). It is written beside path first, so a failure leaves no
// half file.
func writeStatement(ctx context.Context, book domain.Book, render domain.Renderer, st domain.Statement, format, path string) error {
	var write func(w io.Writer) error
	switch format {
	case statementPDF:
		if render == nil {
			return domain.ErrNoRenderer
		}
		write = func(w io.Writer) error { return render.StatementPDF(ctx, w, book, st) }
	case statementCSV:
		write = func(w io.Writer) error { return book.Statements().WriteCSV(w, st) }
	default:
		return domain.Errorf(domain.EINVALID, "A statement is saved as PDF or CSV, not %q.", format)
	}
	return widgets.WriteFile(path, "write the statement", write)
}
