package domain

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

// DocKind is the kind of a commercial document.
type DocKind string

const (
	KindInvoice    DocKind = "invoice"
	KindQuote      DocKind = "quote"
	KindCreditNote DocKind = "credit-note"
)

// Title is the kind as people read it: "Invoice", "Quote", "Credit note".
func (k DocKind) Title() string {
	switch k {
	case KindQuote:
		return "Quote"
	case KindCreditNote:
		return "Credit note"
	}
	return "Invoice"
}

// DocStatus is where a document is in its life.
type DocStatus string

const (
	// DocDraft documents have no number and can still be changed.
	DocDraft DocStatus = "draft"
	// DocIssued documents have their number and never change again.
	DocIssued DocStatus = "issued"
	// DocVoid documents were issued and cancelled; they keep their number.
	DocVoid DocStatus = "void"
	// Quotes, once sent, end accepted, declined or expired.
	DocAccepted DocStatus = "accepted"
	DocDeclined DocStatus = "declined"
	DocExpired  DocStatus = "expired"
)

// Locked reports whether documents with this status are immutable.
func (s DocStatus) Locked() bool { return s != DocDraft }

// Title is the status as people read it.
func (s DocStatus) Title() string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// Line is one line of a document.
type Line struct {
	ID              int64
	ItemID          int64 // the catalog item it came from; 0 for free text
	Description     string
	Quantity        decimal.Decimal
	Unit            string
	UnitCode        string          // UN/ECE Rec 20 code of Unit; empty to derive it
	UnitPrice       decimal.Decimal // in the document's currency, at most its minor unit
	DiscountPercent decimal.Decimal
	Taxes           []TaxLine
}

// Document is an invoice, a quote or a credit note.
type Document struct {
	ID         int64
	Kind       DocKind
	Number     string // empty while a draft
	Status     DocStatus
	ClientID   int64
	ClientName string // filled in when read, for display
	Currency   string
	IssueDate  Date
	DueDate    Date // for a quote: valid until
	PONumber   string
	// BuyerReference is the reference the buyer asked to be quoted (EN 16931
	// BT-10, a Leitweg-ID for German public buyers).
	BuyerReference string
	Reference      string
	Notes          string
	Terms          string
	Rounding       Rounding
	// Arithmetic is the version of the totals rules an issued document was
	// issued under (see TotalsArithmetic); drafts ignore it.
	Arithmetic   Arithmetic
	TaxInclusive bool
	// The document-level discount: a percent of the subtotal or an amount in
	// the document's currency; at most one is non-zero.
	DiscountPercent decimal.Decimal
	DiscountAmount  decimal.Decimal
	Lines           []Line
	CreditFor       int64 // a credit note: the invoice it corrects
	FromQuote       int64 // an invoice made from a quote: that quote
	VoidReason      string
	// BillTo and Issuer are who the document was addressed to and from when
	// it was issued; nil on drafts, which show the client and company as they are now.
	BillTo    *Party
	Issuer    *Party
	IssuedAt  time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Party is one side of a document as printed on it.
type Party struct {
	Name        string
	TaxID       string  `json:",omitempty"`
	Email       string  `json:",omitempty"`
	Phone       string  `json:",omitempty"`
	Address     Address `json:",omitempty"`
	PaymentInfo string  `json:",omitempty"` // the issuer's bank details
	// What e-invoices need: VAT identifier, electronic address, and the
	// issuer's account for SEPA credit transfers.
	VATID          string `json:",omitempty"`
	EndpointID     string `json:",omitempty"`
	EndpointScheme string `json:",omitempty"`
	IBAN           string `json:",omitempty"`
	BIC            string `json:",omitempty"`
}

// ClientParty is the client as a document's addressee.
func ClientParty(c *Client) *Party {
	p := &Party{Name: c.Name, TaxID: c.TaxID, Address: c.Billing, VATID: c.VATID, EndpointID: c.EndpointID,
		EndpointScheme: c.EndpointScheme}
	for _, k := range c.Contacts {
		if k.Primary || p.Email == "" {
			p.Email = k.Email
		}
	}
	return p
}

// CompanyParty is the company as a document's issuer.
func CompanyParty(co Company) *Party {
	return &Party{Name: co.Name, TaxID: co.TaxID, Email: co.Email, Phone: co.Phone, Address: co.Address, PaymentInfo: co.PaymentInfo,
		VATID: co.VATID, EndpointID: co.EndpointID, EndpointScheme: co.EndpointScheme, IBAN: co.IBAN, BIC: co.BIC}
}

// Exponent returns the minor-unit exponent of the document's currency.
func (d *Document) Exponent() (int32, error) {
	c, err := money.LookupCurrency(d.Currency)
	if err != nil {
		return 0, err
	}
	return c.Exponent, nil
}

// TotalsArithmetic is the version of the totals rules d is computed by: a
// draft always the current one, so it recomputes; an issued document the one
// it was issued under, so it re-renders exactly as it was issued.
func (d *Document) TotalsArithmetic() Arithmetic {
	if !d.Status.Locked() || d.Arithmetic == 0 {
		return CurrentArithmetic
	}
	return d.Arithmetic
}

// Totals computes the document's figures with its own rounding policy, by
// its TotalsArithmetic.
func (d *Document) Totals() (Totals, error) {
	exp, err := d.Exponent()
	if err != nil {
		return Totals{}, err
	}
	in := TotalsInput{
		Exponent:        exp,
		Rounding:        d.Rounding,
		TaxInclusive:    d.TaxInclusive,
		DiscountPercent: d.DiscountPercent,
		DiscountAmount:  d.DiscountAmount,
		Arithmetic:      d.TotalsArithmetic(),
	}
	for _, l := range d.Lines {
		in.Lines = append(in.Lines, TotalsLine{Quantity: l.Quantity, UnitPrice: l.UnitPrice, DiscountPercent: l.DiscountPercent, Taxes: l.Taxes})
	}
	return ComputeTotals(in)
}

// Money returns an amount of the document's currency.
func (d *Document) Money(amount decimal.Decimal) money.Money {
	return money.Money{Amount: amount, Currency: d.Currency}
}

// LineField names a field of the i-th line (from zero) in FieldErrors:
// LineField(0, "quantity") is "lines.0.quantity".
func LineField(i int, field string) string { return fmt.Sprintf("lines.%d.%s", i, field) }

// MaxLines bounds a document's length.
const MaxLines = 2000

var maxQuantity = decimal.New(1, 9)

// Validate tidies and checks a document as it may be saved as a draft. The
// checks that must pass before issuing are in Verify.
func (d *Document) Validate() error {
	d.Currency = strings.ToUpper(strings.TrimSpace(d.Currency))
	d.PONumber = strings.TrimSpace(d.PONumber)
	d.BuyerReference = strings.TrimSpace(d.BuyerReference)
	d.Reference = strings.TrimSpace(d.Reference)
	d.Notes = strings.TrimSpace(d.Notes)
	d.Terms = strings.TrimSpace(d.Terms)
	if d.Rounding == (Rounding{}) {
		d.Rounding = DefaultRounding
	}
	v := validation{what: d.Kind.Title()}
	switch d.Kind {
	case KindInvoice, KindQuote, KindCreditNote:
	default:
		v.add("kind", "unknown document kind %q", d.Kind)
	}
	if d.ClientID == 0 {
		v.add("client", "choose a client")
	}
	cur, err := money.LookupCurrency(d.Currency)
	if err != nil {
		v.add("currency", "%s", err)
	}
	if d.IssueDate.IsZero() {
		v.add("issueDate", "enter the issue date")
	}
	if !d.DueDate.IsZero() && !d.IssueDate.IsZero() && d.DueDate.Before(d.IssueDate) {
		what := "the due date"
		if d.Kind == KindQuote {
			what = "the valid-until date"
		}
		v.add("dueDate", "%s is before the issue date", what)
	}
	for name, s := range map[string]string{"poNumber": d.PONumber, "reference": d.Reference, "buyerReference": d.BuyerReference} {
		if utf8.RuneCountInString(s) > 100 {
			v.add(name, "this is longer than 100 characters")
		}
	}
	for name, s := range map[string]string{"notes": d.Notes, "terms": d.Terms} {
		if utf8.RuneCountInString(s) > MaxTextLen {
			v.add(name, "this is longer than %d characters", MaxTextLen)
		}
	}
	if err := d.Rounding.Validate(); err != nil {
		v.add("rounding", "%s", err)
	}
	if len(d.Lines) > MaxLines {
		v.add("lines", "a document has at most %d lines", MaxLines)
	}
	if !d.DiscountPercent.IsZero() && !d.DiscountAmount.IsZero() {
		v.add("discount", "give the discount as a percent or an amount, not both")
	} else if d.DiscountPercent.IsNegative() || d.DiscountPercent.GreaterThan(maxPercent) {
		v.add("discount", "the discount must be between 0 and 100%%")
	} else if d.DiscountAmount.IsNegative() {
		v.add("discount", "the discount cannot be negative")
	} else if rerr := money.CheckRange(d.DiscountAmount); rerr != nil {
		v.add("discount", "%s", rerr)
	} else if err == nil && !d.DiscountAmount.Equal(d.DiscountAmount.Truncate(cur.Exponent)) {
		v.add("discount", "%s amounts have at most %d decimal places", cur.Code, cur.Exponent)
	}
	for i := range d.Lines {
		l := &d.Lines[i]
		l.Description = strings.TrimSpace(l.Description)
		l.Unit = strings.TrimSpace(l.Unit)
		l.UnitCode = strings.ToUpper(strings.TrimSpace(l.UnitCode))
		if l.UnitCode != "" && !ValidUnitCode(l.UnitCode) {
			v.add(LineField(i, "unit"), "line %d: %q is not a UN/ECE Recommendation 20 unit code", i+1, l.UnitCode)
		}
		switch n := utf8.RuneCountInString(l.Description); {
		case n == 0:
			v.add(LineField(i, "description"), "line %d: enter a description", i+1)
		case n > MaxTextLen:
			v.add(LineField(i, "description"), "line %d: the description is too long", i+1)
		}
		if l.Quantity.Abs().GreaterThan(maxQuantity) || !l.Quantity.Equal(l.Quantity.Truncate(6)) {
			v.add(LineField(i, "quantity"), "line %d: the quantity has at most 6 decimal places and 9 digits", i+1)
		}
		if err == nil {
			if _, perr := money.New(l.UnitPrice, cur.Code); perr != nil {
				v.add(LineField(i, "unitPrice"), "line %d: %s", i+1, perr)
			} else if v.fields[LineField(i, "quantity")] == "" {
				if rerr := money.CheckRange(l.Quantity.Mul(l.UnitPrice)); rerr != nil {
					v.add(LineField(i, "unitPrice"), "line %d: quantity × unit price: %s", i+1, rerr)
				}
			}
		}
		if l.DiscountPercent.IsNegative() || l.DiscountPercent.GreaterThan(maxPercent) {
			v.add(LineField(i, "discount"), "line %d: the discount must be between 0 and 100%%", i+1)
		}
		seen := map[string]bool{}
		for _, t := range l.Taxes {
			if seen[t.key()] {
				v.add(LineField(i, "taxes"), "line %d: %s is charged twice", i+1, t.Label())
			}
			seen[t.key()] = true
		}
	}
	if len(v.fields) == 0 {
		if _, terr := d.Totals(); errors.Is(terr, money.ErrOutOfRange) {
			v.add("lines", "%s", terr)
		} else if terr != nil {
			v.add("discount", "%s", terr)
		}
	}
	return v.err()
}

// DocumentFilter selects documents for a list.
type DocumentFilter struct {
	Kind     DocKind   // "" for all kinds
	Status   DocStatus // "" for all
	ClientID int64     // 0 for all clients
	From, To Date      // issue date range, inclusive; zero for open-ended
	// DueBefore keeps documents with a due date before the day; zero for all.
	DueBefore Date
	// Search matches the number, PO number, reference and client name.
	Search string
	// Payment keeps the issued invoices that stand so with their payment on
	// AsOf (one of PayStates); "" for all.
	Payment PayState
	// Open keeps the issued invoices with money still open on AsOf, whatever
	// their PayState (disputed ones included).
	Open bool
	// AsOf is the day Payment, Open and each row's Balance are reckoned on;
	// zero for today.
	AsOf Date
	// Sort orders the list by one of the DocumentSorts; Desc reverses it.
	// Without Sort the newest come first.
	Sort          string
	Desc          bool
	Offset, Limit int
	// After, when not 0, is the id of the last row of the page before: the
	// page starts right after that row in the order asked (paging by key,
	// which reads only the rows shown however deep the page), and Offset is
	// used only when that row is gone.
	After int64
	// CountAtMost, when above 0, caps CountDocuments: it stops counting at
	// CountAtMost+1 matches, so that a count of CountAtMost+1 means "more
	// than CountAtMost" and costs a search box's keystroke the same however
	// many documents match.
	CountAtMost int
}

// SearchCountCap is how far the search boxes count (a filter's
// CountAtMost): at most this many matches and one more, so that a
// keystroke costs the same however many documents or clients match.
const SearchCountCap = 1000

// CappedCount is a count of n as a list says it, with thousands separators:
// "1,000+" when it is a count capped at most (CountAtMost) that reached its
// cap, most+1; most 0 for a count that is not capped.
func CappedCount(n, most int) string {
	if most > 0 && n == most+1 {
		return Thousands(int64(most)) + "+"
	}
	return Thousands(int64(n))
}

// The orders a document list can be sorted in: a DocumentFilter's Sort.
const (
	SortDocsByIssueDate = "issued"
	SortDocsByNumber    = "number"
	SortDocsByClient    = "client"
	SortDocsByDueDate   = "due"
	SortDocsByTotal     = "total"
)

// DocumentSorts are the orders a document list can be sorted in; any other
// Sort is refused.
var DocumentSorts = []string{SortDocsByIssueDate, SortDocsByNumber, SortDocsByClient, SortDocsByDueDate, SortDocsByTotal}

// Validate refuses a Sort that is not one of the DocumentSorts and a
// Payment that is not one of the PayStates.
func (f DocumentFilter) Validate() error {
	if f.Payment != PayNone && !slices.Contains(PayStates, f.Payment) {
		return Errorf(EINVALID, "There is no payment state %q; use one of %s.", f.Payment, payStateList())
	}
	if f.Sort == "" || slices.Contains(DocumentSorts, f.Sort) {
		return nil
	}
	return Errorf(EINVALID, "Documents cannot be sorted by %q.", f.Sort)
}

// DocumentRow is one line of a document list.
type DocumentRow struct {
	ID         int64
	Kind       DocKind
	Number     string
	Status     DocStatus
	ClientID   int64
	ClientName string
	IssueDate  Date
	DueDate    Date
	PONumber   string
	Total      money.Money
	// Balance is what is still open on an issued invoice on the filter's
	// AsOf (negative when more was paid than it is for); zero for anything
	// else. Pay is where the invoice stands with its payment then, PayNone
	// for anything else.
	Balance money.Money
	Pay     PayState
}

// IssueOptions say how far the account manager has confirmed an issue.
type IssueOptions struct {
	// AcceptWarnings issues despite warnings the person has seen and confirmed.
	AcceptWarnings bool
}

// DocumentService stores invoices, quotes and credit notes. Drafts can be
// changed; issuing assigns the next number of the kind's series in the same
// transaction and locks the document for good.
type DocumentService interface {
	FindDocumentByID(ctx context.Context, id int64) (*Document, error)
	FindDocumentByNumber(ctx context.Context, kind DocKind, number string) (*Document, error)
	FindDocuments(ctx context.Context, f DocumentFilter) ([]DocumentRow, error)
	CountDocuments(ctx context.Context, f DocumentFilter) (int, error)

	// CreateDraft validates and stores a new draft, setting its ID.
	CreateDraft(ctx context.Context, d *Document) error
	// UpdateDraft replaces a draft; a locked document gets ECONFLICT.
	UpdateDraft(ctx context.Context, d *Document) error
	// DeleteDraft removes a draft; a locked document gets ECONFLICT.
	DeleteDraft(ctx context.Context, id int64) error

	// Verify runs the checks before issuing against the book as it is now.
	Verify(ctx context.Context, id int64) ([]Finding, error)
	// Issue verifies the draft, then numbers and locks it. Errors block;
	// warnings block unless opt.AcceptWarnings. The findings come back either way.
	Issue(ctx context.Context, id int64, opt IssueOptions) (*Document, []Finding, error)
	// Void cancels an issued invoice; it keeps its number.
	Void(ctx context.Context, id int64, reason string) error
	// CreditNote makes a draft credit note for an issued invoice: all its
	// lines, or those whose IDs are given.
	CreditNote(ctx context.Context, invoiceID int64, lineIDs []int64) (*Document, error)
	// Duplicate copies any document into a new draft of the same kind, dated today.
	Duplicate(ctx context.Context, id int64, today Date) (*Document, error)
	// SetQuoteStatus marks an issued quote accepted, declined or expired.
	SetQuoteStatus(ctx context.Context, id int64, status DocStatus) error
	// ConvertQuote turns an accepted quote into a draft invoice.
	ConvertQuote(ctx context.Context, quoteID int64, today Date) (*Document, error)
	// ClientSummary counts a client's documents and what was invoiced.
	ClientSummary(ctx context.Context, clientID int64) (ClientDocSummary, error)
}

// ClientDocSummary is a client's documents at a glance.
type ClientDocSummary struct {
	Invoices, Quotes, CreditNotes int // issued (or later) documents of each kind
	Drafts                        int
	// Invoiced is the issued invoices less the issued credit notes, one
	// amount per currency, largest first.
	Invoiced   []money.Money
	LastIssued Date // the latest issue date of an issued invoice; zero for none
}
