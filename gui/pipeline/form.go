package pipeline

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// form edits one opportunity: its client, title, kind, stage, value,
// probability and expected close, and marks it won or lost. It is the form
// side of the screen's kit.ListForm.
type form struct {
	book  domain.Book
	win   fyne.Window
	today func() domain.Date

	selected *domain.Opportunity // as loaded; ID 0 for a new one
	loaded   inputs              // the inputs as loaded, to tell edits

	title                   *widget.Label
	client                  *kit.ClientPicker
	name, value, currency   *widget.Entry
	probability, close, stg *widget.Entry
	kind                    *widget.Select
	fields                  widgets.Fields
	save, won, lost         *widget.Button
	statusNote              *widget.Label
	root                    fyne.CanvasObject
	loader                  *kit.Loader

	// openDocument opens the quote a won opportunity made.
	openDocument func(id int64)
}

// inputs is what the form's inputs hold.
type inputs struct {
	clientID                                    int64
	client, title, kind, stage, value, currency string
	probability, close                          string
}

func newForm(book domain.Book, win fyne.Window) *form {
	f := &form{book: book, win: win, today: domain.Today, fields: widgets.Fields{}, loader: kit.NewLoader()}
	f.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.title.SizeName = theme.SizeNameSubHeadingText
	f.title.Truncation = fyne.TextTruncateEllipsis
	f.client = kit.NewClientPicker(book.Clients())
	f.client.OnChanged = func(c *domain.Client) {
		if c != nil && f.currency.Text == "" {
			f.currency.SetText(c.Currency)
		}
	}
	f.name, f.value, f.currency = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.probability, f.close, f.stg = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.name.SetPlaceHolder("e.g. Second warehouse, Hamburg")
	f.close.SetPlaceHolder("YYYY-MM-DD")
	f.stg.SetPlaceHolder("e.g. Proposal sent")
	var kindTitles []string
	for _, k := range kinds {
		kindTitles = append(kindTitles, k.Title())
	}
	f.kind = widget.NewSelect(kindTitles, nil)
	field := f.fields.Add
	two := func(a, b fyne.CanvasObject) fyne.CanvasObject { return container.NewGridWithColumns(2, a, b) }
	f.statusNote = widget.NewLabel("")
	f.statusNote.Wrapping = fyne.TextWrapWord
	f.statusNote.Hide()
	f.save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() { f.Save() })
	f.save.Importance = widget.HighImportance
	f.won = widget.NewButtonWithIcon("Won…", theme.ConfirmIcon(), f.askWon)
	f.lost = widget.NewButtonWithIcon("Lost…", theme.CancelIcon(), f.askLost)
	f.root = container.NewStack(container.NewVScroll(container.NewPadded(container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(f.lost, f.won, f.save), f.title),
		f.statusNote,
		field("client", "Client", f.client.Entry),
		field("title", "Title", f.name),
		two(field("kind", "Kind", f.kind), field("stage", "Stage", f.stg)),
		two(field("value", "Value", f.value), field("currency", "Currency", f.currency)),
		two(field("probability", "Probability (%)", f.probability), field("expectedClose", "Expected close", f.close)),
	))), f.loader.Spinner())
	return f
}

// Object is the form's layout.
func (f *form) Object() fyne.CanvasObject { return f.root }

// Open shows o, dropping what was typed.
func (f *form) Open(o domain.Opportunity) { f.load(&o) }

// Shows reports whether the form shows o.
func (f *form) Shows(o domain.Opportunity) bool {
	return f.selected != nil && f.selected.ID != 0 && f.selected.ID == o.ID
}

// Dirty reports typed edits that are not saved.
func (f *form) Dirty() bool { return f.selected != nil && f.inputs() != f.loaded }

// Revert shows the opportunity as loaded.
func (f *form) Revert() {
	if f.selected != nil {
		f.load(f.selected)
	}
}

// Describe names the opportunity for the save-changes question.
func (f *form) Describe() string {
	if f.selected == nil || f.selected.ID == 0 {
		return "the new opportunity"
	}
	return "the opportunity “" + f.selected.Title + "”"
}

func (f *form) inputs() inputs {
	in := inputs{client: f.client.Entry.Text, title: f.name.Text, kind: f.kind.Selected, stage: f.stg.Text,
		value: f.value.Text, currency: f.currency.Text, probability: f.probability.Text, close: f.close.Text}
	if c := f.client.Client(); c != nil {
		in.clientID = c.ID
	}
	return in
}

func (f *form) showErr(err error) { kit.ShowError(err, f.win) }

// load shows o in the form, or a new opportunity when o is nil, once its
// client (and, for a new one, the company's currency) is read off the UI
// goroutine, unless another load came after.
func (f *form) load(o *domain.Opportunity) {
	if o != nil {
		f.selected = o
	}
	book, today := f.book, f.today()
	kit.Load(f.loader, func(ctx context.Context) (shown, error) {
		if o == nil {
			co, err := book.Company().Company(ctx)
			if err != nil {
				return shown{}, err
			}
			o = &domain.Opportunity{Kind: domain.Upsell, Probability: 50, ExpectedClose: today.AddDays(30),
				Status: domain.OpportunityOpen, Value: money.Zero(co.Currency)}
		}
		s := shown{o: o}
		if o.ClientID != 0 {
			c, err := book.Clients().FindClientByID(ctx, o.ClientID)
			if err != nil {
				return s, err
			}
			s.client = c
		}
		return s, nil
	}, func(s shown, err error) {
		if err != nil {
			f.showErr(err)
			return
		}
		f.fill(s)
	})
}

// shown is an opportunity as the form shows it, with its client.
type shown struct {
	o      *domain.Opportunity
	client *domain.Client
}

func (f *form) fill(s shown) {
	o := s.o
	f.selected = o
	for _, fl := range f.fields {
		fl.SetError("")
	}
	if o.ID == 0 {
		f.title.SetText("New opportunity")
	} else {
		f.title.SetText(o.Title)
	}
	f.client.SetClient(s.client)
	f.name.SetText(o.Title)
	for i, k := range kinds {
		if k == o.Kind {
			f.kind.SetSelectedIndex(i)
		}
	}
	f.stg.SetText(o.Stage)
	f.value.SetText("")
	if !o.Value.IsZero() {
		f.value.SetText(o.Value.Format())
	}
	f.currency.SetText(o.Value.Currency)
	f.probability.SetText(strconv.Itoa(o.Probability))
	f.close.SetText(o.ExpectedClose.String())
	open := o.Status == domain.OpportunityOpen
	for _, w := range []fyne.Disableable{f.client.Entry, f.name, f.kind, f.stg, f.value, f.currency, f.probability, f.close, f.save} {
		if open {
			w.Enable()
		} else {
			w.Disable()
		}
	}
	if open && o.ID != 0 {
		f.won.Show()
		f.lost.Show()
	} else {
		f.won.Hide()
		f.lost.Hide()
	}
	switch o.Status {
	case domain.OpportunityWon:
		note := "Won."
		if o.QuoteID != 0 {
			note = "Won; its quote is in Documents."
			if o.QuoteNumber != "" {
				note = "Won; quote " + o.QuoteNumber + "."
			}
		}
		f.statusNote.SetText(note)
		f.statusNote.Show()
	case domain.OpportunityLost:
		f.statusNote.SetText("Lost: " + o.LostReason)
		f.statusNote.Show()
	default:
		f.statusNote.Hide()
	}
	f.loaded = f.inputs()
}

// Save validates and stores the form's opportunity (Ctrl/Cmd+S, the Save
// button): see kit.SaveNow.
func (f *form) Save() bool { return kit.SaveNow(f.SaveThen) }

// SaveThen validates the form's opportunity and stores it off the UI
// goroutine, then shows it as stored and runs done (nil for nothing) with
// whether it was. It reports whether it passed the checks and went to be
// stored.
func (f *form) SaveThen(done func(ok bool)) bool {
	if f.selected == nil || f.selected.Status != domain.OpportunityOpen {
		return false
	}
	o := *f.selected
	problems := map[string]string{}
	if c := f.client.Client(); c != nil {
		o.ClientID, o.ClientName = c.ID, c.Name
	} else {
		o.ClientID = 0
	}
	o.Title, o.Stage = f.name.Text, f.stg.Text
	if i := f.kind.SelectedIndex(); i >= 0 {
		o.Kind = kinds[i]
	}
	cur := strings.ToUpper(strings.TrimSpace(f.currency.Text))
	o.Value = money.Zero(cur)
	if t := strings.TrimSpace(f.value.Text); t != "" {
		if _, err := money.LookupCurrency(cur); err == nil {
			m, err := money.Parse(t, cur)
			if err != nil {
				problems["value"] = err.Error()
			}
			o.Value = m
		}
	}
	p, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(f.probability.Text), "%"))
	if err != nil {
		problems["probability"] = "enter a whole percent from 0 to 100"
	}
	o.Probability = p
	d, err := domain.ParseDate(strings.TrimSpace(f.close.Text))
	if err != nil {
		problems["expectedClose"] = "enter a date as YYYY-MM-DD"
	}
	o.ExpectedClose = d
	if len(problems) > 0 {
		f.showFields(problems)
		return false
	}
	opps, saved := f.book.Opportunities(), &o
	return kit.Put(f.save, func(ctx context.Context) error {
		store := opps.UpdateOpportunity
		if o.ID == 0 {
			store = opps.CreateOpportunity
		}
		if err := store(ctx, &o); err != nil {
			return err
		}
		if s, err := opps.FindOpportunityByID(ctx, o.ID); err == nil {
			saved = s
		}
		return nil
	}, func() { f.load(saved) }, func(err error) {
		if fe := domain.FieldErrors(err); len(fe) > 0 {
			f.showFields(fe)
		} else {
			f.showErr(err)
		}
	}, done)
}

// mark writes a won or lost opportunity off the UI goroutine, Won… and
// Lost… off meanwhile, then shows it as stored and runs then (nil for
// nothing) with it.
func (f *form) mark(write func(ctx context.Context) (*domain.Opportunity, error), then func(*domain.Opportunity)) {
	f.won.Disable()
	f.lost.Disable()
	kit.Write(write, func(o *domain.Opportunity, err error) {
		f.won.Enable()
		f.lost.Enable()
		if err != nil {
			f.showErr(err)
			return
		}
		f.load(o)
		if then != nil {
			then(o)
		}
	})
}

func (f *form) showFields(m map[string]string) {
	for _, fl := range f.fields {
		fl.SetError("")
	}
	for k, msg := range m {
		msg = strings.TrimSuffix(msg, ".")
		if fl := f.fields[k]; fl != nil && msg != "" {
			fl.SetError(strings.ToUpper(msg[:1]) + msg[1:] + ".")
		}
	}
}

func (f *form) askWon() {
	o := f.selected
	quote := widget.NewCheck("Make a draft quote for it now", nil)
	quote.SetChecked(o.QuoteID == 0)
	if o.QuoteID != 0 {
		quote.Disable()
	}
	dialog.ShowCustomConfirm("Won: "+o.Title, "Mark won", "Cancel", quote, func(ok bool) {
		if !ok {
			return
		}
		opps, makeQuote, day := f.book.Opportunities(), quote.Checked, f.today()
		f.mark(func(ctx context.Context) (*domain.Opportunity, error) {
			return opps.Win(ctx, o.ID, makeQuote, day)
		}, func(won *domain.Opportunity) {
			if makeQuote && won.QuoteID != 0 && f.openDocument != nil {
				f.openDocument(won.QuoteID)
			}
		})
	}, f.win)
}

func (f *form) askLost() {
	o := f.selected
	reason := widget.NewEntry()
	reason.SetPlaceHolder("e.g. chose a cheaper supplier")
	dialog.ShowCustomConfirm("Lost: "+o.Title, "Mark lost", "Cancel", container.NewVBox(widget.NewLabel("Why was it lost?"), reason), func(ok bool) {
		if !ok {
			return
		}
		opps, why := f.book.Opportunities(), reason.Text
		f.mark(func(ctx context.Context) (*domain.Opportunity, error) {
			if err := opps.Lose(ctx, o.ID, why); err != nil {
				return nil, err
			}
			return opps.FindOpportunityByID(ctx, o.ID)
		}, nil)
	}, f.win)
}
