package invoices

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
func (e *Editor) issue() {
	if e.dirty || e.doc.ID == 0 {
		if !e.Save() {
			return
		}
	}
	ctx := context.Background()
	findings, err := e.book.Documents().Verify(ctx, e.doc.ID)
	if err != nil {
		e.showErr(err)
		return
	}
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
		d, fs, err := e.book.Documents().Issue(ctx, e.doc.ID, domain.IssueOptions{AcceptWarnings: true})
		if err != nil {
			if len(fs) > 0 {
				err = fmt.Errorf("%s %s", domain.ErrorMessage(err), fs[0].Message)
			}
			e.showErr(err)
			return
		}
		e.Load(d)
		e.notify(d.ID)
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
		dialog.ShowConfirm("Issue "+kind+"?", fmt.Sprintf("The %s gets the next number and can no longer be changed; corrections are made with a credit note.", kind),
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
		if err := e.book.Documents().Void(context.Background(), e.doc.ID, reason.Text); err != nil {
			e.showErr(err)
			return
		}
		e.reload()
	}, e.win)
	d.Resize(fyne.NewSize(480, 0))
	d.Show()
}

// reload reads the document again after a change made elsewhere.
func (e *Editor) reload() {
	d, err := e.book.Documents().FindDocumentByID(context.Background(), e.doc.ID)
	if err != nil {
		e.showErr(err)
		return
	}
	e.Load(d)
	e.notify(d.ID)
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
			cn, err := e.book.Documents().CreditNote(context.Background(), e.doc.ID, lineIDs)
			if err != nil {
				e.showErr(err)
				return
			}
			e.open(cn.ID)
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
	d, err := e.book.Documents().Duplicate(context.Background(), e.doc.ID, e.today())
	if err != nil {
		e.showErr(err)
		return
	}
	e.open(d.ID)
}

func (e *Editor) setQuote(s domain.DocStatus) {
	if err := e.book.Documents().SetQuoteStatus(context.Background(), e.doc.ID, s); err != nil {
		e.showErr(err)
		return
	}
	e.reload()
}

func (e *Editor) convert() {
	inv, err := e.book.Documents().ConvertQuote(context.Background(), e.doc.ID, e.today())
	if err != nil {
		e.showErr(err)
		return
	}
	e.open(inv.ID)
}

// exportPDF asks where to save and writes the document's PDF there. The file
// is written beside the chosen name first, so a failure leaves no half file.
func (e *Editor) exportPDF() {
	name := e.doc.Number
	if name == "" {
		name = fmt.Sprintf("draft-%d", e.doc.ID)
	}
	widgets.ChooseSave(e.win, name+".pdf", ".pdf", func(path string) {
		if err := e.WritePDF(path); err != nil {
			os.Remove(path)
			e.showErr(err)
			return
		}
		dialog.ShowInformation("PDF saved", "Saved "+filepath.Base(path)+".", e.win)
	})
}

// SetRenderer gives the editor what writes the document's PDF.
func (e *Editor) SetRenderer(r domain.Renderer) { e.renderer = r }

// WritePDF writes the document's PDF to path with the editor's renderer.
func (e *Editor) WritePDF(path string) error {
	if e.renderer == nil {
		return domain.ErrNoRenderer
	}
	return widgets.WriteFile(path, "write the PDF", func(w io.Writer) error {
		return e.renderer.DocumentPDF(context.Background(), w, e.book, e.doc)
	})
}
