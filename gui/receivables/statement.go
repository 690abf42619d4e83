package receivables

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
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

// submit reads the period and, off the UI goroutine, draws the statement
// up; with problems, it shows them at their fields and returns false.
// Otherwise it closes the form and asks where to save the statement.
func (f *statementForm) submit() bool {
	from, to, ok := f.period()
	if !ok {
		return false
	}
	statements, clientID, cur, win := f.v.s.book.Statements(), f.row.ClientID, f.v.cur, f.v.s.win
	f.dialog.Hide()
	kit.Write(func(ctx context.Context) (domain.Statement, error) {
		return statements.Statement(ctx, clientID, cur, from, to)
	}, func(st domain.Statement, err error) {
		if err != nil {
			kit.ShowError(err, win)
			f.dialog.Show()
			return
		}
		f.chooseFile(st)
	})
	return true
}

// period reads the period typed, pointing out a date that does not read, or
// a period that does not make sense, at its field.
func (f *statementForm) period() (from, to domain.Date, ok bool) {
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
	return dates[0], dates[1], len(problems) == 0
}

// chooseFile asks where to save the statement and writes it there.
func (f *statementForm) chooseFile(st domain.Statement) {
	win := f.v.s.win
	name := fmt.Sprintf("Statement %s %s to %s.%s", st.Client.Name, st.From, st.To, f.format)
	book, render, format := f.v.s.book, f.v.s.renderer, f.format
	widgets.ChooseSave(win, name, "."+f.format, func(path string) {
		kit.SaveTo(win, path, "Statement saved", func(ctx context.Context, path string) error {
			return writeStatement(ctx, book, render, st, format, path)
		}, nil)
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
