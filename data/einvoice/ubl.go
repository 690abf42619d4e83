package einvoice

import (
	"clientbook/domain"
)

// The namespaces of UBL 2.1.
const (
	ublInvoiceNS    = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
	ublCreditNoteNS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
	ublCAC          = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
	ublCBC          = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
	peppolProcess   = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
)

// UBL states e as a UBL 2.1 Invoice or CreditNote following Peppol BIS
// Billing 3.0, elements in the order the UBL schema requires.
func UBL(e *domain.EInvoice) ([]byte, error) {
	w := newWriter()
	root, ns, typeCode, lineName, qtyName := "Invoice", ublInvoiceNS, "InvoiceTypeCode", "cac:InvoiceLine", "cbc:InvoicedQuantity"
	if e.CreditNote {
		root, ns, typeCode, lineName, qtyName = "CreditNote", ublCreditNoteNS, "CreditNoteTypeCode", "cac:CreditNoteLine", "cbc:CreditedQuantity"
	}
	cur := e.Currency
	money := func(name string, v string) { w.leaf(name, v, "currencyID", cur) }

	w.open(root, "xmlns", ns, "xmlns:cac", ublCAC, "xmlns:cbc", ublCBC)
	w.leaf("cbc:CustomizationID", e.Specification())
	w.leaf("cbc:ProfileID", peppolProcess)
	w.leaf("cbc:ID", e.Number)
	w.leaf("cbc:IssueDate", e.IssueDate.String())
	if !e.CreditNote && !e.DueDate.IsZero() {
		w.leaf("cbc:DueDate", e.DueDate.String())
	}
	if e.CreditNote {
		w.leaf("cbc:"+typeCode, "381")
	} else {
		w.leaf("cbc:"+typeCode, "380")
	}
	for _, n := range e.Notes {
		w.leaf("cbc:Note", n)
	}
	w.leaf("cbc:DocumentCurrencyCode", cur)
	w.leaf("cbc:BuyerReference", e.BuyerReference)
	if e.OrderReference != "" {
		w.open("cac:OrderReference")
		w.leaf("cbc:ID", e.OrderReference)
		w.close("cac:OrderReference")
	}
	if p := e.Preceding; p != nil {
		w.open("cac:BillingReference")
		w.open("cac:InvoiceDocumentReference")
		w.leaf("cbc:ID", p.Number)
		if !p.IssueDate.IsZero() {
			w.leaf("cbc:IssueDate", p.IssueDate.String())
		}
		w.close("cac:InvoiceDocumentReference")
		w.close("cac:BillingReference")
	}
	ublParty(w, "cac:AccountingSupplierParty", e.Seller, true)
	ublParty(w, "cac:AccountingCustomerParty", e.Buyer, false)
	if e.DeliveryCountry != "" {
		w.open("cac:Delivery")
		w.leaf("cbc:ActualDeliveryDate", e.DeliveryDate.String())
		w.open("cac:DeliveryLocation")
		w.open("cac:Address")
		w.open("cac:Country")
		w.leaf("cbc:IdentificationCode", e.DeliveryCountry)
		w.close("cac:Country")
		w.close("cac:Address")
		w.close("cac:DeliveryLocation")
		w.close("cac:Delivery")
	}
	if e.IBAN != "" || !e.CreditNote {
		w.open("cac:PaymentMeans")
		w.leaf("cbc:PaymentMeansCode", e.PaymentMeans)
		w.leaf("cbc:PaymentID", e.Number)
		if e.IBAN != "" {
			w.open("cac:PayeeFinancialAccount")
			w.leaf("cbc:ID", e.IBAN)
			w.leaf("cbc:Name", e.Seller.Name)
			if e.BIC != "" {
				w.open("cac:FinancialInstitutionBranch")
				w.leaf("cbc:ID", e.BIC)
				w.close("cac:FinancialInstitutionBranch")
			}
			w.close("cac:PayeeFinancialAccount")
		}
		w.close("cac:PaymentMeans")
	}
	if e.PaymentTerms != "" {
		w.open("cac:PaymentTerms")
		w.leaf("cbc:Note", e.PaymentTerms)
		w.close("cac:PaymentTerms")
	}
	for _, a := range e.Allowances {
		w.open("cac:AllowanceCharge")
		w.leaf("cbc:ChargeIndicator", "false")
		w.leaf("cbc:AllowanceChargeReasonCode", "95")
		w.leaf("cbc:AllowanceChargeReason", "Discount")
		money("cbc:Amount", e.Amount(a.Amount))
		ublTaxCategory(w, "cac:TaxCategory", a.VAT, "", "")
		w.close("cac:AllowanceCharge")
	}
	w.open("cac:TaxTotal")
	money("cbc:TaxAmount", e.Amount(e.Tax))
	for _, b := range e.Breakdown {
		w.open("cac:TaxSubtotal")
		money("cbc:TaxableAmount", e.Amount(b.Taxable))
		money("cbc:TaxAmount", e.Amount(b.Tax))
		ublTaxCategory(w, "cac:TaxCategory", b.VAT, b.ExemptionCode, b.ExemptionReason)
		w.close("cac:TaxSubtotal")
	}
	w.close("cac:TaxTotal")
	w.open("cac:LegalMonetaryTotal")
	money("cbc:LineExtensionAmount", e.Amount(e.LineTotal))
	money("cbc:TaxExclusiveAmount", e.Amount(e.TaxExclusive))
	money("cbc:TaxInclusiveAmount", e.Amount(e.Total))
	if !e.AllowanceTotal.IsZero() {
		money("cbc:AllowanceTotalAmount", e.Amount(e.AllowanceTotal))
	}
	money("cbc:PayableAmount", e.Amount(e.Total))
	w.close("cac:LegalMonetaryTotal")
	for _, l := range e.Lines {
		w.open(lineName)
		w.leaf("cbc:ID", l.ID)
		w.leaf(qtyName, quantity(l.Quantity), "unitCode", l.UnitCode)
		money("cbc:LineExtensionAmount", e.Amount(l.Net))
		if !l.Allowance.IsZero() {
			w.open("cac:AllowanceCharge")
			w.leaf("cbc:ChargeIndicator", "false")
			w.leaf("cbc:AllowanceChargeReasonCode", "95")
			w.leaf("cbc:AllowanceChargeReason", "Discount")
			money("cbc:Amount", e.Amount(l.Allowance))
			w.close("cac:AllowanceCharge")
		}
		w.open("cac:Item")
		w.leaf("cbc:Name", l.Name)
		ublTaxCategory(w, "cac:ClassifiedTaxCategory", l.VAT, "", "")
		w.close("cac:Item")
		w.open("cac:Price")
		money("cbc:PriceAmount", price(e, l.Price))
		w.close("cac:Price")
		w.close(lineName)
	}
	w.close(root)
	return w.bytes()
}

// ublParty writes a seller or buyer (BG-4, BG-7).
func ublParty(w *writer, name string, p domain.EParty, seller bool) {
	w.open(name)
	w.open("cac:Party")
	w.leaf("cbc:EndpointID", p.EndpointID, "schemeID", p.EndpointScheme)
	if p.Identifier != "" {
		w.open("cac:PartyIdentification")
		w.leaf("cbc:ID", p.Identifier)
		w.close("cac:PartyIdentification")
	}
	w.open("cac:PostalAddress")
	w.leaf("cbc:StreetName", p.Street)
	w.leaf("cbc:AdditionalStreetName", p.Additional)
	w.leaf("cbc:CityName", p.City)
	w.leaf("cbc:PostalZone", p.PostalCode)
	w.leaf("cbc:CountrySubentity", p.Region)
	w.open("cac:Country")
	w.leaf("cbc:IdentificationCode", p.Country)
	w.close("cac:Country")
	w.close("cac:PostalAddress")
	for _, t := range []struct{ id, scheme string }{{p.VATID, "VAT"}, {p.TaxRegistration, "TAX"}} {
		if t.id == "" || (!seller && t.scheme != "VAT") {
			continue
		}
		w.open("cac:PartyTaxScheme")
		w.leaf("cbc:CompanyID", t.id)
		w.open("cac:TaxScheme")
		w.leaf("cbc:ID", t.scheme)
		w.close("cac:TaxScheme")
		w.close("cac:PartyTaxScheme")
	}
	w.open("cac:PartyLegalEntity")
	w.leaf("cbc:RegistrationName", p.Name)
	w.close("cac:PartyLegalEntity")
	if p.Phone != "" || p.Email != "" {
		w.open("cac:Contact")
		if seller {
			w.leaf("cbc:Name", p.Name)
		}
		w.leaf("cbc:Telephone", p.Phone)
		w.leaf("cbc:ElectronicMail", p.Email)
		w.close("cac:Contact")
	}
	w.close("cac:Party")
	w.close(name)
}

// ublTaxCategory writes a VAT category (with its rate, except for O, which
// has none) and, in the breakdown, its exemption reason.
func ublTaxCategory(w *writer, name string, v domain.EVAT, code, reason string) {
	w.open(name)
	w.leaf("cbc:ID", string(v.Category))
	if v.Category != domain.VATOutOfScope {
		w.leaf("cbc:Percent", percent(v.Percent))
	}
	w.leaf("cbc:TaxExemptionReasonCode", code)
	w.leaf("cbc:TaxExemptionReason", reason)
	w.open("cac:TaxScheme")
	w.leaf("cbc:ID", "VAT")
	w.close("cac:TaxScheme")
	w.close(name)
}
