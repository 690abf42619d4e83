package einvoice

import (
	"clientbook/domain"
)

// The namespaces of UN/CEFACT CII D16B.
const (
	ciiRSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
	ciiRAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
	ciiUDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
	ciiQDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
)

// CII states e as a UN/CEFACT Cross Industry Invoice (D16B), elements in the
// order its schema requires. The guideline (BT-24) is EN 16931's, or
// XRechnung's for EInvoiceXRechnung; a Factur-X PDF embeds exactly this.
func CII(e *domain.EInvoice) ([]byte, error) {
	w := newWriter()
	cur := e.Currency
	amount := func(name string, v string) { w.leaf(name, v) }
	date := func(name string, d domain.Date) {
		w.open(name)
		w.leaf("udt:DateTimeString", compactDate(d), "format", "102")
		w.close(name)
	}

	w.open("rsm:CrossIndustryInvoice", "xmlns:rsm", ciiRSM, "xmlns:ram", ciiRAM, "xmlns:udt", ciiUDT, "xmlns:qdt", ciiQDT)
	w.open("rsm:ExchangedDocumentContext")
	w.open("ram:GuidelineSpecifiedDocumentContextParameter")
	w.leaf("ram:ID", e.Specification())
	w.close("ram:GuidelineSpecifiedDocumentContextParameter")
	w.close("rsm:ExchangedDocumentContext")

	w.open("rsm:ExchangedDocument")
	w.leaf("ram:ID", e.Number)
	if e.CreditNote {
		w.leaf("ram:TypeCode", "381")
	} else {
		w.leaf("ram:TypeCode", "380")
	}
	date("ram:IssueDateTime", e.IssueDate)
	for _, n := range e.Notes {
		w.open("ram:IncludedNote")
		w.leaf("ram:Content", n)
		w.close("ram:IncludedNote")
	}
	w.close("rsm:ExchangedDocument")

	w.open("rsm:SupplyChainTradeTransaction")
	for _, l := range e.Lines {
		w.open("ram:IncludedSupplyChainTradeLineItem")
		w.open("ram:AssociatedDocumentLineDocument")
		w.leaf("ram:LineID", l.ID)
		w.close("ram:AssociatedDocumentLineDocument")
		w.open("ram:SpecifiedTradeProduct")
		w.leaf("ram:Name", l.Name)
		w.close("ram:SpecifiedTradeProduct")
		w.open("ram:SpecifiedLineTradeAgreement")
		w.open("ram:NetPriceProductTradePrice")
		amount("ram:ChargeAmount", price(e, l.Price))
		w.close("ram:NetPriceProductTradePrice")
		w.close("ram:SpecifiedLineTradeAgreement")
		w.open("ram:SpecifiedLineTradeDelivery")
		w.leaf("ram:BilledQuantity", quantity(l.Quantity), "unitCode", l.UnitCode)
		w.close("ram:SpecifiedLineTradeDelivery")
		w.open("ram:SpecifiedLineTradeSettlement")
		ciiTax(w, "ram:ApplicableTradeTax", l.VAT)
		if !l.Allowance.IsZero() {
			ciiAllowance(w, e.Amount(l.Allowance), nil)
		}
		w.open("ram:SpecifiedTradeSettlementLineMonetarySummation")
		amount("ram:LineTotalAmount", e.Amount(l.Net))
		w.close("ram:SpecifiedTradeSettlementLineMonetarySummation")
		w.close("ram:SpecifiedLineTradeSettlement")
		w.close("ram:IncludedSupplyChainTradeLineItem")
	}

	w.open("ram:ApplicableHeaderTradeAgreement")
	w.leaf("ram:BuyerReference", e.BuyerReference)
	ciiParty(w, "ram:SellerTradeParty", e.Seller, true)
	ciiParty(w, "ram:BuyerTradeParty", e.Buyer, false)
	if e.OrderReference != "" {
		w.open("ram:BuyerOrderReferencedDocument")
		w.leaf("ram:IssuerAssignedID", e.OrderReference)
		w.close("ram:BuyerOrderReferencedDocument")
	}
	w.close("ram:ApplicableHeaderTradeAgreement")

	w.open("ram:ApplicableHeaderTradeDelivery")
	if e.DeliveryCountry != "" {
		w.open("ram:ShipToTradeParty")
		w.open("ram:PostalTradeAddress")
		w.leaf("ram:CountryID", e.DeliveryCountry)
		w.close("ram:PostalTradeAddress")
		w.close("ram:ShipToTradeParty")
		w.open("ram:ActualDeliverySupplyChainEvent")
		date("ram:OccurrenceDateTime", e.DeliveryDate)
		w.close("ram:ActualDeliverySupplyChainEvent")
	}
	w.close("ram:ApplicableHeaderTradeDelivery")

	w.open("ram:ApplicableHeaderTradeSettlement")
	w.leaf("ram:PaymentReference", e.Number)
	w.leaf("ram:InvoiceCurrencyCode", cur)
	if e.IBAN != "" || !e.CreditNote {
		w.open("ram:SpecifiedTradeSettlementPaymentMeans")
		w.leaf("ram:TypeCode", e.PaymentMeans)
		if e.IBAN != "" {
			w.open("ram:PayeePartyCreditorFinancialAccount")
			w.leaf("ram:IBANID", e.IBAN)
			w.leaf("ram:AccountName", e.Seller.Name)
			w.close("ram:PayeePartyCreditorFinancialAccount")
			if e.BIC != "" {
				w.open("ram:PayeeSpecifiedCreditorFinancialInstitution")
				w.leaf("ram:BICID", e.BIC)
				w.close("ram:PayeeSpecifiedCreditorFinancialInstitution")
			}
		}
		w.close("ram:SpecifiedTradeSettlementPaymentMeans")
	}
	for _, b := range e.Breakdown {
		w.open("ram:ApplicableTradeTax")
		amount("ram:CalculatedAmount", e.Amount(b.Tax))
		w.leaf("ram:TypeCode", "VAT")
		w.leaf("ram:ExemptionReason", b.ExemptionReason)
		amount("ram:BasisAmount", e.Amount(b.Taxable))
		w.leaf("ram:CategoryCode", string(b.VAT.Category))
		w.leaf("ram:ExemptionReasonCode", b.ExemptionCode)
		if b.VAT.Category != domain.VATOutOfScope {
			w.leaf("ram:RateApplicablePercent", percent(b.VAT.Percent))
		}
		w.close("ram:ApplicableTradeTax")
	}
	for _, a := range e.Allowances {
		ciiAllowance(w, e.Amount(a.Amount), &a.VAT)
	}
	if e.PaymentTerms != "" || !e.DueDate.IsZero() {
		w.open("ram:SpecifiedTradePaymentTerms")
		w.leaf("ram:Description", e.PaymentTerms)
		if !e.DueDate.IsZero() {
			date("ram:DueDateDateTime", e.DueDate)
		}
		w.close("ram:SpecifiedTradePaymentTerms")
	}
	w.open("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
	amount("ram:LineTotalAmount", e.Amount(e.LineTotal))
	if !e.AllowanceTotal.IsZero() {
		amount("ram:AllowanceTotalAmount", e.Amount(e.AllowanceTotal))
	}
	amount("ram:TaxBasisTotalAmount", e.Amount(e.TaxExclusive))
	w.leaf("ram:TaxTotalAmount", e.Amount(e.Tax), "currencyID", cur)
	amount("ram:GrandTotalAmount", e.Amount(e.Total))
	amount("ram:DuePayableAmount", e.Amount(e.Total))
	w.close("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
	if p := e.Preceding; p != nil {
		w.open("ram:InvoiceReferencedDocument")
		w.leaf("ram:IssuerAssignedID", p.Number)
		if !p.IssueDate.IsZero() {
			w.open("ram:FormattedIssueDateTime")
			w.leaf("qdt:DateTimeString", compactDate(p.IssueDate), "format", "102")
			w.close("ram:FormattedIssueDateTime")
		}
		w.close("ram:InvoiceReferencedDocument")
	}
	w.close("ram:ApplicableHeaderTradeSettlement")
	w.close("rsm:SupplyChainTradeTransaction")
	w.close("rsm:CrossIndustryInvoice")
	return w.bytes()
}

// ciiParty writes a seller or buyer trade party (BG-4, BG-7).
func ciiParty(w *writer, name string, p domain.EParty, seller bool) {
	w.open(name)
	w.leaf("ram:ID", p.Identifier)
	w.leaf("ram:Name", p.Name)
	if p.Phone != "" || p.Email != "" {
		w.open("ram:DefinedTradeContact")
		if seller {
			w.leaf("ram:PersonName", p.Name)
		}
		if p.Phone != "" {
			w.open("ram:TelephoneUniversalCommunication")
			w.leaf("ram:CompleteNumber", p.Phone)
			w.close("ram:TelephoneUniversalCommunication")
		}
		if p.Email != "" {
			w.open("ram:EmailURIUniversalCommunication")
			w.leaf("ram:URIID", p.Email)
			w.close("ram:EmailURIUniversalCommunication")
		}
		w.close("ram:DefinedTradeContact")
	}
	w.open("ram:PostalTradeAddress")
	w.leaf("ram:PostcodeCode", p.PostalCode)
	w.leaf("ram:LineOne", p.Street)
	w.leaf("ram:LineTwo", p.Additional)
	w.leaf("ram:CityName", p.City)
	w.leaf("ram:CountryID", p.Country)
	w.leaf("ram:CountrySubDivisionName", p.Region)
	w.close("ram:PostalTradeAddress")
	if p.EndpointID != "" {
		w.open("ram:URIUniversalCommunication")
		w.leaf("ram:URIID", p.EndpointID, "schemeID", p.EndpointScheme)
		w.close("ram:URIUniversalCommunication")
	}
	for _, t := range []struct{ id, scheme string }{{p.VATID, "VA"}, {p.TaxRegistration, "FC"}} {
		if t.id == "" || (!seller && t.scheme != "VA") {
			continue
		}
		w.open("ram:SpecifiedTaxRegistration")
		w.leaf("ram:ID", t.id, "schemeID", t.scheme)
		w.close("ram:SpecifiedTaxRegistration")
	}
	w.close(name)
}

// ciiTax writes a line's VAT category and rate (none for O).
func ciiTax(w *writer, name string, v domain.EVAT) {
	w.open(name)
	w.leaf("ram:TypeCode", "VAT")
	w.leaf("ram:CategoryCode", string(v.Category))
	if v.Category != domain.VATOutOfScope {
		w.leaf("ram:RateApplicablePercent", percent(v.Percent))
	}
	w.close(name)
}

// ciiAllowance writes a discount: on a line (vat nil) or on the document,
// where it names the VAT category and rate it reduces.
func ciiAllowance(w *writer, amount string, vat *domain.EVAT) {
	w.open("ram:SpecifiedTradeAllowanceCharge")
	w.open("ram:ChargeIndicator")
	w.leaf("udt:Indicator", "false")
	w.close("ram:ChargeIndicator")
	w.leaf("ram:ActualAmount", amount)
	w.leaf("ram:ReasonCode", "95")
	w.leaf("ram:Reason", "Discount")
	if vat != nil {
		ciiTax(w, "ram:CategoryTradeTax", *vat)
	}
	w.close("ram:SpecifiedTradeAllowanceCharge")
}
