package domain

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"clientbook/domain/money"
)

// TaxRate is a tax the book charges, such as "VAT 20 %". A compound tax is
// charged on the net amount plus the line's other (non-compound) taxes.
type TaxRate struct {
	ID       int64
	Name     string
	Percent  decimal.Decimal // 20 for 20 %
	Compound bool
	Archived bool // kept for old documents, no longer offered for new lines
	// VAT is the rate's VAT category and exemption reason, for e-invoices.
	VAT VATClass
}

// Line returns the rate as it is copied onto a document line.
func (r TaxRate) Line() TaxLine {
	return TaxLine{RateID: r.ID, Name: r.Name, Percent: r.Percent, Compound: r.Compound, VAT: r.VAT}
}

// Label is the rate as people read it: "VAT 20%", "PST 7% (compound)".
func (r TaxRate) Label() string { return r.Line().Label() }

// Label is the tax as people read it: "VAT 20%", "PST 7% (compound)".
func (t TaxLine) Label() string {
	s := t.Name + " " + t.Percent.String() + "%"
	if t.Compound {
		s += compoundSuffix
	}
	return s
}

// compoundSuffix ends the label of a compound tax.
const compoundSuffix = " (compound)"

// ParseTaxLabel reads a tax back from its Label, "VAT 20%" or "PST 7%
// (compound)": the name is everything before the last space. The tax has no
// RateID; the caller looks the rate up if it needs one.
func ParseTaxLabel(label string) (TaxLine, error) {
	s := strings.TrimSpace(label)
	t := TaxLine{}
	if rest, ok := strings.CutSuffix(s, compoundSuffix); ok {
		s, t.Compound = strings.TrimSpace(rest), true
	}
	i := strings.LastIndex(s, " ")
	pct, ok := strings.CutSuffix(s[i+1:], "%")
	if i <= 0 || !ok {
		return TaxLine{}, fmt.Errorf("%q is not a tax; write it as a name and a percent, e.g. VAT 20%%", strings.TrimSpace(label))
	}
	p, err := decimal.NewFromString(pct)
	if err != nil {
		return TaxLine{}, fmt.Errorf("%q is not a tax; write it as a name and a percent, e.g. VAT 20%%", strings.TrimSpace(label))
	}
	t.Name, t.Percent = strings.TrimSpace(s[:i]), p
	return t, nil
}

var maxPercent = decimal.NewFromInt(100)

// Validate tidies and checks the rate.
func (r *TaxRate) Validate() error {
	r.Name = strings.TrimSpace(r.Name)
	v := validation{what: "Tax rate"}
	switch n := utf8.RuneCountInString(r.Name); {
	case n == 0:
		v.add("name", "enter the tax's name, e.g. VAT")
	case n > 60:
		v.add("name", "the name is longer than 60 characters")
	}
	if r.Percent.IsNegative() || r.Percent.GreaterThan(maxPercent) {
		v.add("percent", "the percent must be between 0 and 100")
	} else if !r.Percent.Equal(r.Percent.Truncate(4)) {
		v.add("percent", "the percent has at most 4 decimal places")
	}
	r.VAT.normalize()
	if field, msg := r.VAT.check(r.Percent, r.Compound); msg != "" {
		v.add(field, "%s", msg)
	}
	return v.err()
}

// Item is a product or service in the catalog, offered when writing lines.
type Item struct {
	ID          int64
	Code        string // short and unique, e.g. "SUP-M"
	Name        string
	Description string
	Unit        string // "hour", "month", "pcs"
	// UnitCode is the unit's UN/ECE Recommendation 20 code for e-invoices
	// (HUR, DAY, C62…); empty to derive it from Unit.
	UnitCode   string
	UnitPrice  money.Money
	TaxRateIDs []int64 // the taxes a new line of this item gets
	Archived   bool
}

// Validate tidies and checks the item.
func (it *Item) Validate() error {
	it.Code = strings.TrimSpace(it.Code)
	it.Name = strings.TrimSpace(it.Name)
	it.Description = strings.TrimSpace(it.Description)
	it.Unit = strings.TrimSpace(it.Unit)
	v := validation{what: "Item"}
	switch n := utf8.RuneCountInString(it.Code); {
	case n == 0:
		v.add("code", "enter a short code, e.g. SUP-M")
	case n > 40 || strings.ContainsAny(it.Code, " \t\n"):
		v.add("code", "the code is one word of at most 40 characters")
	}
	switch n := utf8.RuneCountInString(it.Name); {
	case n == 0:
		v.add("name", "enter the item's name")
	case n > MaxNameLen:
		v.add("name", "the name is longer than %d characters", MaxNameLen)
	}
	if utf8.RuneCountInString(it.Description) > MaxTextLen {
		v.add("description", "the description is longer than %d characters", MaxTextLen)
	}
	if utf8.RuneCountInString(it.Unit) > 20 {
		v.add("unit", "the unit is longer than 20 characters")
	}
	it.UnitCode = strings.ToUpper(strings.TrimSpace(it.UnitCode))
	if it.UnitCode != "" && !ValidUnitCode(it.UnitCode) {
		v.add("unitCode", "%q is not a UN/ECE Recommendation 20 unit code (e.g. HUR for an hour, DAY, C62 for one piece)", it.UnitCode)
	}
	if _, err := money.New(it.UnitPrice.Amount, it.UnitPrice.Currency); err != nil {
		v.add("unitPrice", "%s", err)
	}
	return v.err()
}

// ItemFilter selects catalog items.
type ItemFilter struct {
	Search          string // code or name, ignoring case and accents
	IncludeArchived bool
	// Sort orders the items: "name" (the default, archived ones last),
	// "code", "unit" or "price"; Desc reverses it.
	Sort          string
	Desc          bool
	Offset, Limit int
	// After, when not 0, is the id of the last item of the page before: the
	// page starts right after it in the order asked (paging by key), and
	// Offset is used only when that item is gone.
	After int64
}

// CatalogService stores tax rates and catalog items.
type CatalogService interface {
	FindTaxRates(ctx context.Context, includeArchived bool) ([]TaxRate, error)
	FindTaxRateByName(ctx context.Context, name string) (*TaxRate, error)
	CreateTaxRate(ctx context.Context, r *TaxRate) error
	UpdateTaxRate(ctx context.Context, r *TaxRate) error

	FindItems(ctx context.Context, f ItemFilter) ([]Item, error)
	// CountItems counts the items that match, ignoring Offset and Limit.
	CountItems(ctx context.Context, f ItemFilter) (int, error)
	FindItemByID(ctx context.Context, id int64) (*Item, error)
	CreateItem(ctx context.Context, it *Item) error
	UpdateItem(ctx context.Context, it *Item) error
}
