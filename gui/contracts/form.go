package contracts

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"clientbook/domain"
	"clientbook/domain/money"
	"clientbook/gui/kit"
	"clientbook/gui/widgets"
)

// Form edits one contract: its terms, billing cycle and the lines billed
// each period. Nothing is stored until Save passes validation. It is the
// form side of the screen's kit.ListForm.
type Form struct {
	book  domain.Book
	win   fyne.Window
	today func() domain.Date

	original *domain.Contract // ID 0 for a new contract
	edits    *kit.Edits

	client                      *kit.ClientPicker
	name, currency, value       *widget.Entry
	start, end, notice, billDay *widget.Entry
	cycle, timing, status       *widget.Select
	autoRenew, autoIssue        *widget.Check
	lines                       []*lineRow
	linesBox                    *fyne.Container
	linesError                  *widget.Label
	history                     *widget.Label
	renew                       *widget.Button
	rates                       []domain.TaxRate
	root                        fyne.CanvasObject
	loader                      *kit.Loader
}

// lineRow is one contract line's inputs: description, quantity, unit price
// and one tax.
type lineRow struct {
	desc, qty, price *widget.Entry
	tax              *widget.Select
	taxes            []domain.TaxLine // as loaded, kept when the select is untouched
	errs             *widget.Label
	box              *fyne.Container
}

// NewForm builds an empty form.
func NewForm(book domain.Book, win fyne.Window) *Form {
	f := &Form{book: book, win: win, today: domain.Today, loader: kit.NewLoader()}
	f.edits = kit.NewEdits(func() { f.Save() }, func() { f.Revert() }, false)
	entry, field := f.edits.Entry, f.edits.Field
	f.client = kit.NewClientPicker(book.Clients())
	f.client.OnChanged = func(c *domain.Client) {
		if c != nil && f.currency.Text == "" {
			f.currency.SetText(c.Currency)
		}
		f.edits.Changed()
	}
	f.name = entry("e.g. Managed hosting")
	f.currency = entry("EUR")
	f.value = entry("0.00")
	f.start = entry("YYYY-MM-DD")
	f.end = entry("YYYY-MM-DD or empty")
	f.notice = entry("30")
	f.billDay = entry("1")
	var cycles, timings, statuses []string
	for _, c := range domain.BillingCycles {
		cycles = append(cycles, c.Title())
	}
	for _, t := range []domain.BillingTiming{domain.InAdvance, domain.InArrears} {
		timings = append(timings, t.Title())
	}
	for _, s := range domain.ContractStatuses {
		statuses = append(statuses, s.Title())
	}
	f.cycle = widget.NewSelect(cycles, func(string) { f.edits.Changed() })
	f.timing = widget.NewSelect(timings, func(string) { f.edits.Changed() })
	f.status = widget.NewSelect(statuses, func(string) { f.edits.Changed() })
	f.autoRenew = widget.NewCheck("Renews automatically unless notice is given", func(bool) { f.edits.Changed() })
	f.autoIssue = widget.NewCheck("Issue its invoices automatically (otherwise they wait as drafts)", func(bool) { f.edits.Changed() })

	two := func(a, b fyne.CanvasObject) fyne.CanvasObject { return container.NewGridWithColumns(2, a, b) }
	f.linesBox = container.NewVBox()
	f.linesError = widgets.ErrorLine()
	addLine := widget.NewButtonWithIcon("Add line", theme.ContentAddIcon(), func() {
		f.addLine(domain.ContractLine{Quantity: decimal.NewFromInt(1)})
		f.edits.Changed()
	})
	f.history = widget.NewLabel("")
	f.history.Wrapping = fyne.TextWrapWord
	f.history.Importance = widget.LowImportance
	section := widgets.Section
	body := container.NewVBox(
		field("client", "Client", f.client.Entry),
		field("title", "Title", f.name),
		two(field("currency", "Currency", f.currency), field("value", "Value (for reports and renewals)", f.value)),
		two(field("start", "Start", f.start), field("end", "End (last day covered)", f.end)),
		two(field("noticeDays", "Notice period (days)", f.notice), field("status", "Status", f.status)),
		f.autoRenew,
		section("Billing"),
		two(field("cycle", "Cycle", f.cycle), field("timing", "Invoiced", f.timing)),
		two(field("billingDay", "Billing day of the month (31 = last day)", f.billDay), widget.NewLabel("")),
		f.autoIssue,
		section("Lines billed each period"),
		f.linesBox, f.linesError, container.NewHBox(addLine),
		section("Invoiced so far"),
		f.history,
	)
	f.renew = widget.NewButtonWithIcon("Renew…", theme.ViewRefreshIcon(), f.askRenew)
	root, _ := f.edits.Frame(body, f.renew)
	f.root = container.NewStack(root, f.loader.Spinner())
	return f
}

// Object is the form's layout.
func (f *Form) Object() fyne.CanvasObject { return f.root }

// Dirty reports unsaved edits.
func (f *Form) Dirty() bool { return f.edits.Dirty() }

// Contract is the contract as loaded or last saved.
func (f *Form) Contract() *domain.Contract { return f.original }

// Load shows c, or a new contract starting today when c is nil. What the
// form shows beside the contract — the company's currency for a new one,
// the tax rates, the client, the periods invoiced — is read off the UI
// goroutine; the form fills in once it arrives, unless another Load came
// after.
func (f *Form) Load(c *domain.Contract) {
	if c != nil {
		f.original = c
	}
	book, today := f.book, f.today()
	kit.Load(f.loader, func(ctx context.Context) (shown, error) {
		return readShown(ctx, book, c, today)
	}, func(s shown, err error) {
		if err != nil {
			kit.ShowError(err, f.win)
			return
		}
		f.edits.Load(s.c.ID == 0, func() { f.fill(s) })
	})
}

// shown is what the form shows of a contract: the contract, the tax rates
// its lines choose from, its client and the periods invoiced so far.
type shown struct {
	c        *domain.Contract
	rates    []domain.TaxRate
	client   *domain.Client
	invoiced []domain.ContractInvoice
	histErr  error
}

// readShown reads what the form shows of c; a nil c is a new contract
// starting today in the company's currency.
func readShown(ctx context.Context, book domain.Book, c *domain.Contract, today domain.Date) (shown, error) {
	if c == nil {
		co, err := book.Company().Company(ctx)
		if err != nil {
			return shown{}, err
		}
		c = &domain.Contract{Currency: co.Currency, Start: today, NoticeDays: 30, Cycle: domain.Monthly,
			Timing: domain.InAdvance, BillingDay: 1, Status: domain.ContractActive,
			Lines: []domain.ContractLine{{Quantity: decimal.NewFromInt(1)}}}
		c.Value = money.Zero(c.Currency)
	}
	s := shown{c: c}
	var err error
	if s.rates, err = book.Catalog().FindTaxRates(ctx, false); err != nil {
		return s, err
	}
	if c.ClientID != 0 {
		if s.client, err = book.Clients().FindClientByID(ctx, c.ClientID); err != nil {
			return s, err
		}
	}
	if c.ID != 0 {
		s.invoiced, s.histErr = book.Contracts().Invoices(ctx, c.ID)
	}
	return s, nil
}

func (f *Form) fill(s shown) {
	c := s.c
	f.original = c
	f.rates = s.rates
	if c.ID == 0 {
		f.edits.Title.SetText("New contract")
		f.renew.Hide()
	} else {
		f.edits.Title.SetText(c.Title)
		f.renew.Show()
	}
	f.client.SetClient(s.client)
	f.name.SetText(c.Title)
	f.currency.SetText(c.Currency)
	f.value.SetText(c.Value.Format())
	if c.Value.IsZero() {
		f.value.SetText("")
	}
	f.start.SetText(widgets.DateText(c.Start))
	f.end.SetText(widgets.DateText(c.End))
	f.notice.SetText(strconv.Itoa(c.NoticeDays))
	f.billDay.SetText(strconv.Itoa(c.BillingDay))
	f.cycle.SetSelected(c.Cycle.Title())
	f.timing.SetSelected(c.Timing.Title())
	f.status.SetSelected(c.Status.Title())
	f.autoRenew.SetChecked(c.AutoRenew)
	f.autoIssue.SetChecked(c.IssueAutomatically)
	f.lines = nil
	f.linesBox.RemoveAll()
	for _, l := range c.Lines {
		f.addLine(l)
	}
	f.showHistory(s)
	f.showErrors(nil)
}

func (f *Form) showHistory(s shown) {
	c, inv := s.c, s.invoiced
	if c.ID == 0 {
		f.history.SetText("Nothing yet: Generate due invoices makes each period's invoice once it is due.")
		return
	}
	if s.histErr != nil {
		f.history.SetText(domain.ErrorMessage(s.histErr))
		return
	}
	if len(inv) == 0 {
		f.history.SetText("No period invoiced yet.")
		return
	}
	var parts []string
	for i := len(inv) - 1; i >= 0 && len(parts) < 12; i-- {
		parts = append(parts, inv[i].Period.Label())
	}
	text := fmt.Sprintf("%d periods, billed through %s. Latest: %s.", len(inv), c.BilledThrough, strings.Join(parts, ", "))
	f.history.SetText(text)
}

func (f *Form) taxOptions() []string {
	opts := []string{"No tax"}
	for _, r := range f.rates {
		opts = append(opts, r.Label())
	}
	return opts
}

func (f *Form) addLine(l domain.ContractLine) {
	r := &lineRow{taxes: append([]domain.TaxLine(nil), l.Taxes...)}
	entry := func(text, placeholder string) *widget.Entry {
		e := f.edits.Entry(placeholder)
		e.SetText(text)
		return e
	}
	r.desc = entry(l.Description, "What is billed, e.g. Support")
	r.qty = entry(l.Quantity.String(), "1")
	price := ""
	if !l.UnitPrice.IsZero() {
		price = l.UnitPrice.String()
	}
	r.price = entry(price, "Unit price")
	opts := f.taxOptions()
	selected := "No tax"
	if len(l.Taxes) > 0 {
		selected = l.Taxes[0].Label()
		if len(l.Taxes) > 1 || !contains(opts, selected) {
			var labels []string
			for _, t := range l.Taxes {
				labels = append(labels, t.Label())
			}
			selected = strings.Join(labels, " + ")
			opts = append(opts, selected)
		}
	}
	r.tax = widget.NewSelect(opts, func(string) { f.edits.Changed() })
	r.tax.SetSelected(selected)
	r.errs = widgets.ErrorLine()
	del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
		for i, x := range f.lines {
			if x == r {
				f.lines = append(f.lines[:i], f.lines[i+1:]...)
				break
			}
		}
		f.linesBox.Remove(r.box)
		f.edits.Changed()
	})
	del.Importance = widget.LowImportance
	row := container.New(widgets.NewColumns(6, 1.5, 2.2, 3, 0.8), r.desc, r.qty, r.price, r.tax, del)
	r.box = container.NewVBox(row, r.errs)
	f.lines = append(f.lines, r)
	f.linesBox.Add(r.box)
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// collect reads the inputs; problems are keyed like the domain's fields.
func (f *Form) collect() (*domain.Contract, map[string]string) {
	p := map[string]string{}
	c := *f.original
	c.Lines = nil
	if cl := f.client.Client(); cl != nil {
		c.ClientID, c.ClientName = cl.ID, cl.Name
	} else {
		c.ClientID = 0
		if strings.TrimSpace(f.client.Entry.Text) != "" {
			p["client"] = "Choose a client from the list."
		}
	}
	c.Title = f.name.Text
	c.Currency = strings.ToUpper(strings.TrimSpace(f.currency.Text))
	cur, curErr := money.LookupCurrency(c.Currency)
	if curErr != nil {
		p["currency"] = widgets.Sentence(curErr.Error())
	}
	c.Value = money.Zero(c.Currency)
	if t := strings.TrimSpace(f.value.Text); t != "" && curErr == nil {
		v, err := parseAmount(t, cur.Code)
		if err != nil {
			p["value"] = widgets.Sentence(err.Error())
		}
		c.Value = money.Money{Amount: v, Currency: cur.Code}
	}
	date := func(key string, w *widget.Entry) domain.Date {
		t := strings.TrimSpace(w.Text)
		if t == "" {
			return domain.Date{}
		}
		d, err := domain.ParseDate(t)
		if err != nil {
			p[key] = "Enter a date as YYYY-MM-DD."
		}
		return d
	}
	c.Start = date("start", f.start)
	c.End = date("end", f.end)
	num := func(key string, w *widget.Entry) int {
		n, err := strconv.Atoi(strings.TrimSpace(w.Text))
		if err != nil {
			p[key] = "Enter a whole number."
		}
		return n
	}
	c.NoticeDays = num("noticeDays", f.notice)
	c.BillingDay = num("billingDay", f.billDay)
	if i := f.cycle.SelectedIndex(); i >= 0 {
		c.Cycle = domain.BillingCycles[i]
	}
	c.Timing = domain.InAdvance
	if f.timing.SelectedIndex() == 1 {
		c.Timing = domain.InArrears
	}
	if i := f.status.SelectedIndex(); i >= 0 {
		c.Status = domain.ContractStatuses[i]
	}
	c.AutoRenew, c.IssueAutomatically = f.autoRenew.Checked, f.autoIssue.Checked
	for i, r := range f.lines {
		l := domain.ContractLine{Description: r.desc.Text}
		key := func(s string) string { return fmt.Sprintf("lines.%d.%s", i, s) }
		q, err := money.ParseQuantity(r.qty.Text)
		if err != nil {
			p[key("quantity")] = fmt.Sprintf("Line %d: %s.", i+1, strings.TrimSuffix(err.Error(), "."))
		}
		l.Quantity = q
		if curErr == nil {
			v, err := parseAmount(orZero(r.price.Text), cur.Code)
			if err != nil {
				p[key("unitPrice")] = fmt.Sprintf("Line %d: %s.", i+1, strings.TrimSuffix(err.Error(), "."))
			}
			l.UnitPrice = v
		}
		switch sel := r.tax.Selected; {
		case sel == "No tax" || sel == "":
		case r.tax.SelectedIndex() <= len(f.rates) && r.tax.SelectedIndex() > 0:
			l.Taxes = []domain.TaxLine{f.rates[r.tax.SelectedIndex()-1].Line()}
		default:
			l.Taxes = r.taxes // the line's own taxes, kept as they were
		}
		c.Lines = append(c.Lines, l)
	}
	return &c, p
}

func orZero(s string) string {
	if strings.TrimSpace(s) == "" {
		return "0"
	}
	return s
}

// showErrors puts each message beside its field and line messages under
// their line.
func (f *Form) showErrors(errs map[string]string) {
	f.edits.ShowErrors(nil)
	for _, r := range f.lines {
		r.errs.Hide()
	}
	perLine := map[int][]string{}
	var other []string
	for k, m := range errs {
		var i int
		if n, _ := fmt.Sscanf(k, "lines.%d.", &i); n == 1 && i < len(f.lines) {
			perLine[i] = append(perLine[i], widgets.Sentence(m))
			continue
		}
		if fl := f.edits.Fields[k]; fl != nil {
			fl.SetError(widgets.Sentence(m))
			continue
		}
		other = append(other, widgets.Sentence(m))
	}
	for i, ms := range perLine {
		widgets.SetError(f.lines[i].errs, strings.Join(ms, " "))
	}
	widgets.SetError(f.linesError, strings.Join(other, " "))
}

// Save validates and stores the contract (Ctrl/Cmd+S, the Save button): see
// kit.SaveNow.
func (f *Form) Save() bool { return kit.SaveNow(f.SaveThen) }

// SaveThen validates the contract and stores it off the UI goroutine, then runs
// done (nil for nothing) with whether it was stored. It reports whether it
// passed the checks; if not, the messages are on the form and nothing was
// written.
func (f *Form) SaveThen(done func(ok bool)) bool {
	contracts := f.book.Contracts()
	return kit.Save(f.edits, f.win, kit.Record[*domain.Contract]{
		Read:   f.collect,
		New:    func(c *domain.Contract) bool { return c.ID == 0 },
		Create: contracts.CreateContract,
		Update: contracts.UpdateContract,
		Stored: func(ctx context.Context, c *domain.Contract) (*domain.Contract, error) {
			return contracts.FindContractByID(ctx, c.ID)
		},
		Show:  f.showErrors,
		Load:  f.Load,
		Adopt: func(c *domain.Contract) { f.original = c },
	}, done)
}

// Revert discards unsaved edits.
func (f *Form) Revert() {
	if f.original != nil {
		f.Load(f.original)
	}
}

// Open shows c, dropping what was typed.
func (f *Form) Open(c domain.Contract) { f.Load(&c) }

// Shows reports whether the form shows c.
func (f *Form) Shows(c domain.Contract) bool {
	return f.original != nil && f.original.ID != 0 && f.original.ID == c.ID
}

// Describe names the contract for the save-changes question.
func (f *Form) Describe() string {
	if f.original == nil || f.original.ID == 0 {
		return "the new contract"
	}
	return "the contract “" + f.original.Title + "”"
}

// askRenew asks for the new end and value and renews the contract.
func (f *Form) askRenew() {
	c := f.original
	if c == nil || c.ID == 0 {
		return
	}
	end := widget.NewEntry()
	suggest := c.End
	if suggest.IsZero() {
		suggest = f.today()
	}
	end.SetText(domain.Date{Year: suggest.Year + 1, Month: suggest.Month, Day: suggest.Day}.String())
	value := widget.NewEntry()
	value.SetText(c.Value.Format())
	msg := widget.NewLabel("Run the contract on to a new end date at a new value. Billing continues in the same rhythm.")
	msg.Wrapping = fyne.TextWrapWord
	endField := widgets.NewField("New end", end)
	valueField := widgets.NewField("New value ("+c.Currency+")", value)
	var d *dialog.CustomDialog
	var ok *widget.Button
	ok = widget.NewButton("Renew", func() {
		newEnd, err := domain.ParseDate(strings.TrimSpace(end.Text))
		if err != nil {
			endField.SetError("Enter a date as YYYY-MM-DD.")
			return
		}
		v, err := parseAmount(value.Text, c.Currency)
		if err != nil {
			valueField.SetError(widgets.Sentence(err.Error()))
			return
		}
		endField.SetError("")
		valueField.SetError("")
		var renewed *domain.Contract
		contracts := f.book.Contracts()
		kit.Put(ok, func(ctx context.Context) (err error) {
			renewed, err = contracts.Renew(ctx, c.ID, newEnd, money.Money{Amount: v, Currency: c.Currency})
			return err
		}, func() {
			d.Hide()
			f.Load(renewed)
		}, func(err error) {
			endField.SetError(widgets.Sentence(domain.ErrorMessage(err)))
		}, nil)
	})
	ok.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Renew "+c.Title, container.NewVBox(msg, endField.Object(), valueField.Object()), f.win)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
}
