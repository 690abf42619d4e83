package invoices

import (
	"context"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

func (e *Editor) showErr(err error) { kit.ShowError(err, e.win) }

// issue saves the draft, runs the checks and shows every finding in one
// dialog: errors must be fixed, warnings need "Issue anyway".
func (e *Editor) issue() { e.saved(e.verify) }

// verify runs the checks on the stored draft and shows what they find.
func (e *Editor) verify() {
	id := e.doc.ID
	kit.Write(func(ctx context.Context) ([]domain.Finding, error) { return e.book.Documents().Verify(ctx, id) },
		func(findings []domain.Finding, err error) {
			if err != nil {
				e.showErr(err)
				return
			}
			e.confirmIssue(findings)
		})
}

// issued reads the document just issued (or changed) and shows it, or says
// why it could not be.
func (e *Editor) issued(v shown, err error) {
	if err != nil {
		e.showErr(err)
		return
	}
	e.show(v)
	e.notify(v.doc.ID)
}

// confirmIssue lists what verification found: errors block issuing,
// warnings need "Issue anyway", and with neither the issue is confirmed.
func (e *Editor) confirmIssue(findings []domain.Finding) {
	id := e.doc.ID
	kind := strings.ToLower(e.doc.Kind.Title())
	var errs, warns []domain.Finding
	for _, f := range findings {
		if f.Severity == domain.SeverityError {
			errs = append(errs, f)
		} else {
			warns = append(warns, f)
		}
	}
	fieldErrs := map[string]string{}
	for _, f := range errs {
		if f.Field != "" {
			fieldErrs[f.Field] = f.Message
		}
	}
	e.showErrors(fieldErrs)
	list := container.NewVBox()
	addAll := func(title string, fs []domain.Finding, imp widget.Importance) {
		if len(fs) == 0 {
			return
		}
		h := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		list.Add(h)
		for _, f := range fs {
			l := widget.NewLabel("• " + f.Message)
			l.Wrapping = fyne.TextWrapWord
			l.Importance = imp
			list.Add(l)
		}
	}
	addAll("Fix these before issuing:", errs, widget.DangerImportance)
	addAll("Please confirm:", warns, widget.WarningImportance)
	doIssue := func() {
		kit.Write(func(ctx context.Context) (shown, error) {
			d, fs, err := e.book.Documents().Issue(ctx, id, domain.IssueOptions{AcceptWarnings: true})
			if err != nil {
				if len(fs) > 0 {
					err = fmt.Errorf("%s %s", domain.ErrorMessage(err), fs[0].Message)
				}
				return shown{}, err
			}
			return e.read(ctx, d), nil
		}, e.issued)
	}
	switch {
	case len(errs) > 0:
		d := dialog.NewCustom("This "+kind+" cannot be issued yet", "Back to the "+kind, container.NewVScroll(list), e.win)
		d.Resize(fyne.NewSize(560, 320))
		d.Show()
	case len(warns) > 0:
		d := dialog.NewCustomConfirm("Issue with warnings?", "Issue anyway", "Cancel", container.NewVScroll(list), func(ok bool) {
			if ok {
				doIssue()
			}
		}, e.win)
		d.Resize(fyne.NewSize(560, 320))
		d.Show()
	default:
		widgets.Confirm("Issue "+kind, "Issue "+kind+"?", fmt.Sprintf("The %s gets the next number and can no longer be changed; corrections are made with a credit note.", kind),
			func(ok bool) {
				if ok {
					doIssue()
				}
			}, e.win)
	}
}

func (e *Editor) void() {
	reason := widget.NewEntry()
	reason.SetPlaceHolder("e.g. sent to the wrong client")
	msg := widget.NewLabel(fmt.Sprintf("%s %s keeps its number and is marked void. Give the reason, for the record.", e.doc.Kind.Title(), e.doc.Number))
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Void "+e.doc.Number, "Void", "Cancel", container.NewVBox(msg, reason), func(ok bool) {
		if !ok {
			return
		}
		id, why := e.doc.ID, reason.Text
		e.change(func(ctx context.Context) error { return e.book.Documents().Void(ctx, id, why) })
	}, e.win)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

// change makes a change to the document shown (void it, accept a quote)
// off the UI goroutine, then shows the document as it is now.
func (e *Editor) change(write func(ctx context.Context) error) {
	id := e.doc.ID
	kit.Write(func(ctx context.Context) (shown, error) {
		if err := write(ctx); err != nil {
			return shown{}, err
		}
		d, err := e.book.Documents().FindDocumentByID(ctx, id)
		if err != nil {
			return shown{}, err
		}
		return e.read(ctx, d), nil
	}, e.issued)
}

// make makes a new document from the one shown (a credit note, a copy, an
// invoice from a quote) off the UI goroutine, then opens it.
func (e *Editor) make(write func(ctx context.Context, id int64) (*domain.Document, error)) {
	id := e.doc.ID
	kit.Write(func(ctx context.Context) (*domain.Document, error) { return write(ctx, id) },
		func(d *domain.Document, err error) {
			if err != nil {
				e.showErr(err)
				return
			}
			e.open(d.ID)
		})
}

// creditNote asks which lines to credit (all by default) and opens the new
// draft credit note.
func (e *Editor) creditNote() {
	var labels []string
	ids := map[string]int64{}
	for i, l := range e.doc.Lines {
		label := fmt.Sprintf("%d. %s (%s × %s)", i+1, l.Description, l.Quantity, e.doc.Money(l.UnitPrice).Format())
		labels = append(labels, label)
		ids[label] = l.ID
	}
	group := widget.NewCheckGroup(labels, nil)
	group.SetSelected(labels)
	msg := widget.NewLabel("Credit the whole invoice, or only the lines ticked below. The credit note opens as a draft to check before issuing.")
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Credit note for "+e.doc.Number, "Make credit note", "Cancel",
		container.NewBorder(msg, nil, nil, nil, container.NewVScroll(group)), func(ok bool) {
			if !ok {
				return
			}
			if len(group.Selected) == 0 {
				dialog.ShowInformation("Nothing to credit", "Tick at least one line.", e.win)
				return
			}
			var lineIDs []int64
			if len(group.Selected) < len(labels) {
				for _, s := range group.Selected {
					lineIDs = append(lineIDs, ids[s])
				}
			}
			e.make(func(ctx context.Context, id int64) (*domain.Document, error) {
				return e.book.Documents().CreditNote(ctx, id, lineIDs)
			})
		}, e.win)
	d.Resize(fyne.NewSize(560, 360))
	d.Show()
}

func (e *Editor) open(id int64) {
	e.notify(id)
	if e.OnOpen != nil {
		e.OnOpen(id)
	}
}

func (e *Editor) duplicate() {
	day := e.today()
	e.make(func(ctx context.Context, id int64) (*domain.Document, error) {
		return e.book.Documents().Duplicate(ctx, id, day)
	})
}

func (e *Editor) setQuote(s domain.DocStatus) {
	id := e.doc.ID
	e.change(func(ctx context.Context) error { return e.book.Documents().SetQuoteStatus(ctx, id, s) })
}

func (e *Editor) convert() {
	day := e.today()
	e.make(func(ctx context.Context, id int64) (*domain.Document, error) {
		return e.book.Documents().ConvertQuote(ctx, id, day)
	})
}

// chooseSave asks where to save a file; a variable so tests can answer
// without a file dialog.
var chooseSave = widgets.ChooseSave

// exportPDF asks where to save and writes the document's PDF there. The file
// is written beside the chosen name first, so a failure leaves no half file.
func (e *Editor) exportPDF() {
	name := e.doc.Number
	if name == "" {
		name = fmt.Sprintf("draft-%d", e.doc.ID)
	}
	d := e.doc
	chooseSave(e.win, name+".pdf", ".pdf", func(path string) {
		kit.SaveTo(e.win, path, "PDF saved", func(ctx context.Context, path string) error {
			return e.writePDF(ctx, d, path)
		}, nil)
	})
}

// SetRenderer gives the editor what writes the document's PDF.
func (e *Editor) SetRenderer(r domain.Renderer) { e.renderer = r }

// WritePDF writes the document's PDF to path with the editor's renderer.
func (e *Editor) WritePDF(path string) error { return e.writePDF(context.Background(), e.doc, path) }

// writePDF writes d's PDF to path; it reads the book, so it runs off the
// UI goroutine but in tests.
func (e *Editor) writePDF(ctx context.Context, d *domain.Document, path string) error {
	if e.renderer == nil {
		return domain.ErrNoRenderer
	}
	return widgets.WriteFile(path, "write the PDF", func(w io.Writer) error {
		return e.renderer.DocumentPDF(ctx, w, e.book, d)
	})
}
