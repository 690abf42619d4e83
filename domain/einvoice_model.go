package domain

import (
	"context"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// EInvoiceFacts is what an e-invoice needs beyond the document itself.
type EInvoiceFacts struct {
	// Seller and Buyer are the issuer and bill-to of an issued document, or
	// the company and client as they are now for a draft being checked.
	Seller, Buyer *Party
	// BuyerReference is the client's, quoted when the document has none.
	BuyerReference string
	// Preceding is, for a credit note, the invoice it corrects.
	Preceding *PrecedingInvoice
}

// PrecedingInvoice is the invoice a credit note refers to (BG-3).
type PrecedingInvoice struct {
	Number    string
	IssueDate Date
}

// EParty is a seller or buyer as an e-invoice states it.
type EParty struct {
	Name string
	// VATID is BT-31/BT-48; TaxRegistration is the seller's other tax number
	// (BT-32); Identifier is a seller identifier (BT-29) written when the
	// seller has no VAT identifier to be known by.
	VATID, TaxRegistration, Identifier string
	EndpointID, EndpointScheme         string
	Street, Additional, City           string
	PostalCode, Region, Country        string // Country: ISO 3166-1 alpha-2
	Phone, Email                       string
}

// EVAT is a VAT category and rate; Percent is meaningless for category O,
// which has none.
type EVAT struct {
	Category VATCategory
	Percent  decimal.Decimal
}

func (v EVAT) key() string { return string(v.Category) + "|" + v.Percent.String() }

// ELine is one invoice line (BG-25).
type ELine struct {
	ID       string
	Name     string
	Quantity decimal.Decimal
	UnitCode string
	// Price is the net unit price, without VAT (BT-146); never negative.
	Price decimal.Decimal
	// Allowance is the line's discount (BG-27), zero for none.
	Allowance decimal.Decimal
	Net       decimal.Decimal // BT-131 = Quantity × Price − Allowance, as the document rounds it
	VAT       EVAT
}

// EAllowance is a document-level allowance (BG-20): the document discount's
// share that falls on one VAT category and rate.
type EAllowance struct {
	Amount decimal.Decimal
	VAT    EVAT
}

// EBreakdown is one row of the VAT breakdown (BG-23).
type EBreakdown struct {
	VAT                            EVAT
	Taxable, Tax                   decimal.Decimal
	ExemptionReason, ExemptionCode string
}

// EInvoice is a document as EN 16931 states it: every figure an e-invoice
// writer prints, worked out and checked once, in the document's currency.
type EInvoice struct {
	Format     EInvoiceFormat
	CreditNote bool
	Number     string
	IssueDate  Date
	DueDate    Date // zero for none
	Currency   string
	Exponent   int32
	// BuyerReference is BT-10; OrderReference the buyer's PO number (BT-13).
	BuyerReference, OrderReference string
	Notes                          []string
	PaymentTerms                   string
	Preceding                      *PrecedingInvoice
	Seller, Buyer                  EParty
	// DeliveryDate and DeliveryCountry are stated for intra-community
	// supplies (BR-IC-11, BR-IC-12): the issue date and the buyer's country.
	DeliveryDate    Date
	DeliveryCountry string
	// PaymentMeans is the UNCL 4461 code: 58 SEPA credit transfer (with
	// IBAN, BIC and the seller's name on the account), 1 not stated.
	PaymentMeans string
	IBAN, BIC    string
	Lines        []ELine
	Allowances   []EAllowance
	Breakdown    []EBreakdown
	// The document totals (BG-22).
	LineTotal, AllowanceTotal, TaxExclusive, Tax, Total decimal.Decimal
}

// Amount formats an amount with the currency's decimals, as the XML states it.
func (e *EInvoice) Amount(d decimal.Decimal) string { return d.StringFixed(e.Exponent) }

// Profile identifiers of the formats: the specification identifier (BT-24)
// each writes.
const (
	ProfileEN16931   = "urn:cen.eu:en16931:2017"
	ProfilePeppol    = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
	ProfileXRechnung = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
)

// Specification is the BT-24 identifier the format's e-invoice names.
func (e *EInvoice) Specification() string {
	switch e.Format {
	case EInvoiceUBL:
		return ProfilePeppol
	case EInvoiceXRechnung:
		return ProfileXRechnung
	}
	return ProfileEN16931
}

// BuildEInvoice states the document as an EN 16931 e-invoice of format f. It
// checks what the standard's rules need and the book may lack, and returns
// each problem as an error Finding in words (naming the rule); the e-invoice
// is nil when there is any.
func BuildEInvoice(d *Document, f EInvoiceFormat, facts EInvoiceFacts) (*EInvoice, []Finding) {
	var out []Finding
	add := func(code, field, format string, args ...any) {
		out = append(out, Finding{Severity: SeverityError, Code: "einvoice-" + code, Field: field,
			Message: "E-invoice (" + f.Title() + "): " + fmt.Sprintf(format, args...)})
	}
	if f == EInvoiceNone || !f.Valid() {
		add("format", "", "choose one of the formats %s.", formatList())
		return nil, out
	}
	if d.Kind != KindInvoice && d.Kind != KindCreditNote {
		add("kind", "", "only invoices and credit notes are e-invoices, not a %s.", lower(d.Kind.Title()))
		return nil, out
	}
	exp, err := d.Exponent()
	if err != nil {
		add("currency", "currency", "%s.", capitalize(err.Error()))
		return nil, out
	}
	if exp > 2 {
		add("currency", "currency", "EN 16931 states amounts with at most two decimals and %s has %d, so a %s invoice cannot be an e-invoice (BR-DEC rules); issue it in another currency or send the PDF only.",
			d.Currency, exp, d.Currency)
		return nil, out
	}
	if d.TaxInclusive && d.TotalsArithmetic() == ArithmeticV1 {
		add("arithmetic", "", "this document has tax-inclusive prices and was issued under the totals rules before issue 13, whose line amounts include tax; it cannot be stated as an EN 16931 e-invoice.")
		return nil, out
	}
	totals, err := d.Totals()
	if err != nil {
		add("totals", "", "%s.", capitalize(err.Error()))
		return nil, out
	}
	e := &EInvoice{Format: f, CreditNote: d.Kind == KindCreditNote, Number: d.Number, IssueDate: d.IssueDate,
		DueDate: d.DueDate, Currency: d.Currency, Exponent: exp, OrderReference: d.PONumber, PaymentTerms: d.Terms,
		Preceding: facts.Preceding}
	e.BuyerReference = d.BuyerReference
	if e.BuyerReference == "" {
		e.BuyerReference = facts.BuyerReference
	}
	if d.Notes != "" {
		e.Notes = append(e.Notes, d.Notes)
	}
	if d.Reference != "" {
		e.Notes = append(e.Notes, "Reference: "+d.Reference)
	}

	// The lines: one VAT rate each.
	categories := map[VATCategory]bool{}
	exemptions := map[string][2]string{}
	for i, l := range d.Lines {
		field := LineField(i, "taxes")
		var vat TaxLine
		switch {
		case len(l.Taxes) == 0:
			add("line-vat", field, "line %d (%s) carries no VAT rate; every e-invoice line has one (BR-CO-4) — use a 0%% rate of category Z, E or O for a line without VAT.", i+1, l.Description)
			continue
		case len(l.Taxes) > 1:
			add("line-vat", field, "line %d (%s) carries %d taxes; an e-invoice line has exactly one VAT rate.", i+1, l.Description, len(l.Taxes))
			continue
		case l.Taxes[0].Compound:
			add("line-vat", field, "line %d (%s): %s is compound, and VAT never is.", i+1, l.Description, l.Taxes[0].Label())
			continue
		case l.Taxes[0].VAT.Category == "":
			add("vat-category", field, "%s on line %d has no VAT category; set it on the tax rate (S standard, Z zero, E exempt, AE reverse charge, K intra-community, G export, O not subject).", l.Taxes[0].Label(), i+1)
			continue
		}
		vat = l.Taxes[0]
		if _, msg := vat.VAT.check(vat.Percent, false); msg != "" {
			add("vat-category", field, "%s on line %d: %s.", vat.Label(), i+1, msg)
			continue
		}
		unit := UnitCodeFor(l.Unit, l.UnitCode)
		if unit == "" {
			add("unit", LineField(i, "unit"), "line %d's unit %q has no UN/ECE Recommendation 20 code (BR-CL-23); give its catalog item a unit code (HUR hour, DAY, C62 one…) or write the unit as hour, day, month, pcs….", i+1, l.Unit)
		}
		lt := totals.Lines[i]
		el := ELine{ID: fmt.Sprint(i + 1), Name: firstLine(l.Description), Quantity: l.Quantity, UnitCode: unit,
			Allowance: lt.Discount, Net: lt.Net, VAT: EVAT{Category: vat.VAT.Category, Percent: vat.Percent}}
		if !d.TaxInclusive {
			el.Price = l.UnitPrice
		} else if !l.Quantity.IsZero() {
			el.Price = lt.Gross.DivRound(l.Quantity, exp+4)
		}
		if el.Price.IsNegative() {
			el.Price, el.Quantity = el.Price.Neg(), el.Quantity.Neg()
		}
		e.Lines = append(e.Lines, el)
		categories[vat.VAT.Category] = true
		reason, code := vat.VAT.Exemption()
		if prev, ok := exemptions[el.VAT.key()]; ok && prev != [2]string{reason, code} {
			add("exemption", field, "lines of VAT category %s at %s%% give different exemption reasons (%q and %q); one breakdown row states one reason.", vat.VAT.Category, vat.Percent, prev[0]+prev[1], reason+code)
		}
		exemptions[el.VAT.key()] = [2]string{reason, code}
	}
	if categories[VATOutOfScope] && len(categories) > 1 {
		add("vat-o", "lines", "lines not subject to VAT (O) cannot share an invoice with lines of another VAT category (BR-O-11 to BR-O-14); issue them on separate invoices.")
	}

	// The parties.
	outOfScope := categories[VATOutOfScope] && len(categories) == 1
	if facts.Seller == nil || facts.Buyer == nil {
		add("parties", "", "the document names no seller or buyer.")
		return nil, out
	}
	e.Seller = eParty(facts.Seller)
	e.Buyer = eParty(facts.Buyer)
	e.Seller.Email, e.Seller.Phone = facts.Seller.Email, facts.Seller.Phone
	e.Buyer.Email = facts.Buyer.Email
	if e.Seller.TaxRegistration == e.Seller.VATID {
		e.Seller.TaxRegistration = ""
	}
	if outOfScope {
		// BR-O-02: no VAT identifiers at all; the seller is known by its
		// other tax number or its electronic address (BR-CO-26).
		e.Seller.VATID, e.Buyer.VATID = "", ""
		e.Seller.Identifier = facts.Seller.TaxID
		if e.Seller.Identifier == "" {
			e.Seller.Identifier = e.Seller.EndpointID
		}
		e.Seller.TaxRegistration = ""
	} else if e.Seller.VATID == "" {
		e.Seller.Identifier = e.Seller.TaxRegistration
	}
	for _, p := range []struct {
		who, where string
		party      *Party
		ep         EParty
	}{{"the company", "in Settings", facts.Seller, e.Seller}, {facts.Buyer.Name, "on the client's record", facts.Buyer, e.Buyer}} {
		if p.ep.Name == "" {
			add("party-name", "", "%s has no name (BR-6, BR-7); enter it %s.", capitalize(p.who), p.where)
		}
		if p.ep.Country == "" {
			if p.party.Address.Country == "" {
				add("party-country", "", "%s has no country in its address (BR-9, BR-11); enter it %s.", capitalize(p.who), p.where)
			} else {
				add("party-country", "", "the country of %s, %q, is not one EN 16931 knows (BR-CL-14); write its ISO code (e.g. DE, FR, NL) %s.", p.who, p.party.Address.Country, p.where)
			}
		}
	}
	sellerTaxed := e.Seller.VATID != "" || e.Seller.TaxRegistration != ""
	switch {
	case outOfScope && e.Seller.Identifier == "":
		add("seller-id", "", "an invoice not subject to VAT names the seller by a tax number or electronic address instead of a VAT identifier (BR-CO-26); enter one in Settings.")
	case (categories[VATStandard] || categories[VATZero] || categories[VATExempt] || categories[VATReverseCharge]) && !sellerTaxed:
		add("seller-vat", "", "lines with VAT need the company's VAT identifier or tax number (BR-S-02, BR-Z-02, BR-E-02, BR-AE-02); enter it in Settings.")
	case (categories[VATExport] || categories[VATIntraCommunity]) && e.Seller.VATID == "":
		add("seller-vat", "", "exports and intra-community supplies need the company's VAT identifier (BR-G-02, BR-K-02); enter it in Settings.")
	}
	if (categories[VATReverseCharge] || categories[VATIntraCommunity]) && e.Buyer.VATID == "" {
		add("buyer-vat", "client", "reverse-charge and intra-community lines need %s's VAT identifier (BR-AE-02, BR-K-02); enter it on the client's record.", facts.Buyer.Name)
	}
	if categories[VATIntraCommunity] {
		e.DeliveryDate, e.DeliveryCountry = d.IssueDate, e.Buyer.Country
	}

	// Payment.
	e.PaymentMeans = "1"
	if facts.Seller.IBAN != "" {
		e.PaymentMeans, e.IBAN, e.BIC = "58", facts.Seller.IBAN, facts.Seller.BIC
	}
	if totals.Total.IsPositive() && d.DueDate.IsZero() && d.Terms == "" {
		add("due", "dueDate", "an amount due needs a due date or payment terms (BR-CO-25).")
	}

	// What the formats add to the standard.
	switch f {
	case EInvoiceUBL:
		if e.BuyerReference == "" && e.OrderReference == "" {
			add("buyer-reference", "buyerReference", "Peppol needs the buyer's reference or a PO number (PEPPOL-EN16931-R003); enter one on the invoice or the client.")
		}
		if e.Seller.EndpointID == "" {
			add("seller-endpoint", "", "Peppol needs the company's electronic address (PEPPOL-EN16931-R020); enter it and its scheme in Settings.")
		}
		if e.Buyer.EndpointID == "" {
			add("buyer-endpoint", "client", "Peppol needs %s's electronic address (PEPPOL-EN16931-R010); enter it and its scheme on the client's record.", facts.Buyer.Name)
		}
	case EInvoiceXRechnung:
		if e.BuyerReference == "" {
			add("buyer-reference", "buyerReference", "XRechnung needs the buyer reference, for public buyers their Leitweg-ID (BR-DE-15); enter it on the invoice or the client.")
		}
		if e.Seller.Email == "" || e.Seller.Phone == "" {
			add("seller-contact", "", "XRechnung needs the company's phone and email as the seller contact (BR-DE-2, BR-DE-6, BR-DE-7); enter them in Settings.")
		}
		if e.Seller.City == "" || e.Seller.PostalCode == "" {
			add("seller-address", "", "XRechnung needs the company's city and postcode (BR-DE-3, BR-DE-4); enter them in Settings.")
		}
		if e.Buyer.City == "" || e.Buyer.PostalCode == "" {
			add("buyer-address", "client", "XRechnung needs %s's city and postcode (BR-DE-8, BR-DE-9); enter them on the client's record.", facts.Buyer.Name)
		}
		if e.Seller.EndpointID == "" || e.Buyer.EndpointID == "" {
			add("endpoint", "", "XRechnung needs the electronic addresses of the company and of %s (BT-34, BT-49); enter them in Settings and on the client's record.", facts.Buyer.Name)
		}
		if e.IBAN == "" && !e.CreditNote {
			add("iban", "", "XRechnung needs the payment instructions: enter the company's IBAN in Settings (BR-DE-1, BR-DE-19).")
		}
	}

	if len(out) > 0 {
		return nil, out
	}

	// The figures: lines, the document discount by VAT rate, the breakdown.
	e.LineTotal, e.AllowanceTotal, e.TaxExclusive = totals.Subtotal, totals.Discount, totals.Net
	e.Tax, e.Total = totals.Tax, totals.Total
	var order []string
	groups := map[string]*EBreakdown{}
	allowance := map[string]decimal.Decimal{}
	sum := decimal.Zero
	for i, l := range e.Lines {
		k := l.VAT.key()
		g := groups[k]
		if g == nil {
			reason := exemptions[k]
			g = &EBreakdown{VAT: l.VAT, ExemptionReason: reason[0], ExemptionCode: reason[1]}
			groups[k] = g
			order = append(order, k)
		}
		lt := totals.Lines[i]
		g.Taxable = g.Taxable.Add(lt.Revenue)
		allowance[k] = allowance[k].Add(lt.Net.Sub(lt.Revenue))
		sum = sum.Add(lt.Net)
	}
	for _, t := range totals.Taxes {
		k := EVAT{Category: t.Tax.VAT.Category, Percent: t.Tax.Percent}.key()
		if g := groups[k]; g != nil {
			g.Tax = g.Tax.Add(t.Amount)
		}
	}
	for _, k := range order {
		g := groups[k]
		if a := allowance[k]; !a.IsZero() {
			e.Allowances = append(e.Allowances, EAllowance{Amount: a, VAT: g.VAT})
		}
		e.Breakdown = append(e.Breakdown, *g)
	}
	e.checkSums(sum, add)
	if len(out) > 0 {
		return nil, out
	}
	return e, nil
}

// checkSums checks the figures add up as the standard's rules (BR-CO-10 to
// BR-CO-15, BR-S-08/09) require; a document that passes Verify always does,
// so a failure here is a document issued under older rules.
func (e *EInvoice) checkSums(lineSum decimal.Decimal, add func(code, field, format string, args ...any)) {
	var allowances, tax decimal.Decimal
	for _, a := range e.Allowances {
		allowances = allowances.Add(a.Amount)
	}
	for _, b := range e.Breakdown {
		tax = tax.Add(b.Tax)
		if b.VAT.Category == VATStandard {
			want := b.Taxable.Mul(b.VAT.Percent).Div(decimal.NewFromInt(100)).Round(e.Exponent)
			if b.Tax.Sub(want).Abs().GreaterThanOrEqual(decimal.NewFromInt(1)) {
				add("figures", "", "the VAT at %s%%, %s, is a unit or more away from its base %s × the rate (BR-S-09); round it per document.",
					b.VAT.Percent, e.Amount(b.Tax), e.Amount(b.Taxable))
			}
		}
	}
	for _, c := range []struct {
		rule        string
		got, want   decimal.Decimal
		what, other string
	}{
		{"BR-CO-10", e.LineTotal, lineSum, "the sum of the lines", "the lines one by one"},
		{"BR-CO-11", e.AllowanceTotal, allowances, "the document discount", "its parts by VAT rate"},
		{"BR-CO-13", e.TaxExclusive, e.LineTotal.Sub(e.AllowanceTotal), "the total without VAT", "the lines less the discount"},
		{"BR-CO-14", e.Tax, tax, "the VAT", "the VAT breakdown"},
		{"BR-CO-15", e.Total, e.TaxExclusive.Add(e.Tax), "the total", "the total without VAT plus the VAT"},
	} {
		if !c.got.Equal(c.want) {
			add("figures", "", "%s, %s, does not equal %s, %s (%s); this document's figures cannot be an e-invoice.",
				c.what, e.Amount(c.got), c.other, e.Amount(c.want), c.rule)
		}
	}
}

func eParty(p *Party) EParty {
	ep := EParty{Name: p.Name, VATID: p.VATID, TaxRegistration: p.TaxID, EndpointID: p.EndpointID,
		EndpointScheme: p.EndpointScheme, Street: p.Address.Line1, Additional: p.Address.Line2, City: p.Address.City,
		PostalCode: p.Address.PostalCode, Region: p.Address.Region}
	ep.Country, _ = CountryCode(p.Address.Country)
	return ep
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}

// EInvoiceFile is an e-invoice ready to be saved or sent.
type EInvoiceFile struct {
	Name    string // e.g. INV-2026-00001-xrechnung.xml
	Format  EInvoiceFormat
	Data    []byte
	Invoice *EInvoice
}

// FileName is the name an e-invoice of the document numbered number is saved
// under: the number made safe for a file name, the format and its extension.
func (f EInvoiceFormat) FileName(number string) string {
	safe := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '-'
		}
		return r
	}, number)
	return safe + "-" + string(f) + f.Ext()
}

// EInvoicer writes the e-invoices of issued invoices and credit notes,
// reading what else it needs from book. The data layer's einvoice package
// implements it; cmd hands it to the GUI and the outbox.
type EInvoicer interface {
	// EInvoice writes d in format, or in its client's format when format is
	// EInvoiceNone. A document the format's rules refuse gets an EINVALID
	// error that names every problem (see BuildEInvoice).
	EInvoice(ctx context.Context, book Book, d *Document, format EInvoiceFormat) (*EInvoiceFile, error)
}

// EInvoiceRefused is the EINVALID error of a document BuildEInvoice refused,
// its message listing the findings.
func EInvoiceRefused(d *Document, fs []Finding) error {
	msgs := make([]string, len(fs))
	fields := map[string]string{}
	for i, f := range fs {
		msgs[i] = f.Message
		if f.Field != "" {
			fields[f.Field] = f.Message
		}
	}
	return &Error{Code: EINVALID, Message: fmt.Sprintf("No e-invoice written for %s %s: %s", lower(d.Kind.Title()), d.Number,
		strings.Join(msgs, " ")), Fields: fields}
}
