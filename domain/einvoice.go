package domain

import (
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// VATCategory is the VAT category of a tax rate as EN 16931 codes it (UNCL
// 5305, BT-118/BT-151).
type VATCategory string

const (
	// VATStandard is the standard (or a reduced) rate, above zero.
	VATStandard VATCategory = "S"
	// VATZero is zero rated goods and services.
	VATZero VATCategory = "Z"
	// VATExempt is exempt from VAT; the reason must be given.
	VATExempt VATCategory = "E"
	// VATReverseCharge is VAT reverse charge: the buyer accounts for it.
	VATReverseCharge VATCategory = "AE"
	// VATIntraCommunity is an intra-community supply of goods or services.
	VATIntraCommunity VATCategory = "K"
	// VATExport is an export outside the EU.
	VATExport VATCategory = "G"
	// VATOutOfScope is not subject to VAT at all.
	VATOutOfScope VATCategory = "O"
)

// VATCategories lists the categories in the order they are offered.
var VATCategories = []VATCategory{VATStandard, VATZero, VATExempt, VATReverseCharge, VATIntraCommunity, VATExport, VATOutOfScope}

// Title is the category as people read it.
func (c VATCategory) Title() string {
	switch c {
	case VATStandard:
		return "Standard rate"
	case VATZero:
		return "Zero rated"
	case VATExempt:
		return "Exempt from VAT"
	case VATReverseCharge:
		return "Reverse charge"
	case VATIntraCommunity:
		return "Intra-community supply"
	case VATExport:
		return "Export outside the EU"
	case VATOutOfScope:
		return "Not subject to VAT"
	}
	return ""
}

// Label is the code and its title: "AE — Reverse charge".
func (c VATCategory) Label() string {
	if c == "" {
		return "Not set"
	}
	return string(c) + " — " + c.Title()
}

// ParseVATCategory reads a category from its code ("S", "ae") or its Label.
func ParseVATCategory(s string) (VATCategory, error) {
	s = strings.TrimSpace(s)
	if code, _, ok := strings.Cut(s, " — "); ok {
		s = code
	}
	c := VATCategory(strings.ToUpper(s))
	if c == "" || slices.Contains(VATCategories, c) {
		return c, nil
	}
	return "", fmt.Errorf("%q is not a VAT category; use one of %s", s, vatCategoryList())
}

func vatCategoryList() string {
	var s []string
	for _, c := range VATCategories {
		s = append(s, string(c))
	}
	return strings.Join(s, ", ")
}

// VATClass is what a tax rate tells an e-invoice besides its percent: its VAT
// category and, for the categories that are not taxed, why (BT-120/BT-121).
type VATClass struct {
	Category        VATCategory `json:",omitempty"`
	ExemptionReason string      `json:",omitempty"` // in words, e.g. "Reverse charge"
	ExemptionCode   string      `json:",omitempty"` // a VATEX code, e.g. VATEX-EU-AE
}

// exemptionDefaults are the reasons the categories that need one get when
// none is given: the VATEX code that names the category itself. Exempt (E)
// has none: the law it is exempt under must be named.
var exemptionDefaults = map[VATCategory][2]string{
	VATReverseCharge:  {"Reverse charge", "VATEX-EU-AE"},
	VATIntraCommunity: {"Intra-community supply", "VATEX-EU-IC"},
	VATExport:         {"Export outside the EU", "VATEX-EU-G"},
	VATOutOfScope:     {"Not subject to VAT", "VATEX-EU-O"},
}

// Exemption is the reason text and code an e-invoice gives for the
// category: those set, else the category's default; empty for S and Z.
func (v VATClass) Exemption() (reason, code string) {
	if v.Category == VATStandard || v.Category == VATZero {
		return "", ""
	}
	if v.ExemptionReason != "" || v.ExemptionCode != "" {
		return v.ExemptionReason, v.ExemptionCode
	}
	d := exemptionDefaults[v.Category]
	return d[0], d[1]
}

func (v *VATClass) normalize() {
	v.Category = VATCategory(strings.ToUpper(strings.TrimSpace(string(v.Category))))
	v.ExemptionReason = strings.TrimSpace(v.ExemptionReason)
	v.ExemptionCode = strings.ToUpper(strings.TrimSpace(v.ExemptionCode))
}

// check says what is wrong with the class of a rate of percent, as a field
// and a message; empty when nothing is.
func (v VATClass) check(percent decimal.Decimal, compound bool) (field, msg string) {
	switch {
	case v.Category == "":
		if v.ExemptionReason != "" || v.ExemptionCode != "" {
			return "vatCategory", "choose the VAT category the exemption reason is for"
		}
		return "", ""
	case !slices.Contains(VATCategories, v.Category):
		return "vatCategory", fmt.Sprintf("%q is not a VAT category; use one of %s", v.Category, vatCategoryList())
	case compound:
		return "compound", "a VAT rate is never compound; clear Compound or the VAT category"
	case v.Category == VATStandard && !percent.IsPositive():
		return "percent", "a standard-rate VAT is more than 0%; use Z (zero rated) for 0%"
	case v.Category != VATStandard && !percent.IsZero():
		return "percent", fmt.Sprintf("VAT category %s is charged at 0%%", v.Category)
	case (v.Category == VATStandard || v.Category == VATZero) && (v.ExemptionReason != "" || v.ExemptionCode != ""):
		return "exemptionReason", fmt.Sprintf("VAT category %s takes no exemption reason", v.Category)
	case v.ExemptionCode != "" && !vatexCodes[v.ExemptionCode]:
		return "exemptionCode", fmt.Sprintf("%q is not a VATEX exemption code (e.g. VATEX-EU-132-1I, VATEX-EU-AE)", v.ExemptionCode)
	case v.Category == VATExempt && v.ExemptionReason == "" && v.ExemptionCode == "":
		return "exemptionReason", "say why it is exempt (the law, or a VATEX code): e-invoices require it"
	case utf8.RuneCountInString(v.ExemptionReason) > 200:
		return "exemptionReason", "the exemption reason is longer than 200 characters"
	}
	return "", ""
}

// EInvoiceFormat is a structured e-invoice format a client receives.
type EInvoiceFormat string

const (
	// EInvoiceNone: the client gets the PDF only.
	EInvoiceNone EInvoiceFormat = ""
	// EInvoiceUBL is UBL 2.1 following Peppol BIS Billing 3.0.
	EInvoiceUBL EInvoiceFormat = "ubl"
	// EInvoiceCII is UN/CEFACT Cross Industry Invoice D16B, EN 16931.
	EInvoiceCII EInvoiceFormat = "cii"
	// EInvoiceXRechnung is CII with the German XRechnung 3.0 profile.
	EInvoiceXRechnung EInvoiceFormat = "xrechnung"
	// EInvoiceFacturX is the invoice PDF as PDF/A-3 with the CII embedded
	// (Factur-X / ZUGFeRD, EN 16931 profile).
	EInvoiceFacturX EInvoiceFormat = "facturx"
)

// EInvoiceFormats lists the formats in the order they are offered.
var EInvoiceFormats = []EInvoiceFormat{EInvoiceUBL, EInvoiceCII, EInvoiceXRechnung, EInvoiceFacturX}

// Valid reports whether f is a known format or none.
func (f EInvoiceFormat) Valid() bool { return f == EInvoiceNone || slices.Contains(EInvoiceFormats, f) }

// Title is the format as people read it.
func (f EInvoiceFormat) Title() string {
	switch f {
	case EInvoiceUBL:
		return "UBL 2.1 (Peppol BIS 3.0)"
	case EInvoiceCII:
		return "CII (UN/CEFACT D16B)"
	case EInvoiceXRechnung:
		return "XRechnung (CII)"
	case EInvoiceFacturX:
		return "Factur-X / ZUGFeRD PDF"
	}
	return "None"
}

// Ext is the file name extension of the format: ".xml" or ".pdf".
func (f EInvoiceFormat) Ext() string {
	if f == EInvoiceFacturX {
		return ".pdf"
	}
	return ".xml"
}

// ParseEInvoiceFormat reads a format from its code ("ubl") or Title; "" and
// "none" are no format.
func ParseEInvoiceFormat(s string) (EInvoiceFormat, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "none") || s == "" {
		return EInvoiceNone, nil
	}
	for _, f := range EInvoiceFormats {
		if strings.EqualFold(s, string(f)) || s == f.Title() {
			return f, nil
		}
	}
	return "", fmt.Errorf("%q is not an e-invoice format; use %s or none", s, formatList())
}

func formatList() string {
	var s []string
	for _, f := range EInvoiceFormats {
		s = append(s, string(f))
	}
	return strings.Join(s, ", ")
}

var (
	vatIDPattern = regexp.MustCompile(`^[A-Z]{2}[0-9A-Z+*]{8,13}$`)
	bicPattern   = regexp.MustCompile(`^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$`)
	ibanPattern  = regexp.MustCompile(`^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$`)
)

// CompactVATID removes the spaces, dots and dashes people type in VAT
// identifiers and upper-cases it: "de 123.456.789" → "DE123456789".
func CompactVATID(s string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", ".", "", "-", "").Replace(strings.TrimSpace(s)))
}

// CompactIBAN removes spaces from an IBAN and upper-cases it.
func CompactIBAN(s string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
}

// CheckIBAN checks a compact IBAN's form and its check digits (ISO 13616).
func CheckIBAN(iban string) error {
	if !ibanPattern.MatchString(iban) {
		return fmt.Errorf("%q is not an IBAN: a country code, two check digits and the account, e.g. DE89 3704 0044 0532 0130 00", iban)
	}
	var digits strings.Builder
	for _, r := range iban[4:] + iban[:4] {
		if r >= 'A' && r <= 'Z' {
			fmt.Fprintf(&digits, "%d", r-'A'+10)
		} else {
			digits.WriteRune(r)
		}
	}
	n, _ := new(big.Int).SetString(digits.String(), 10)
	if new(big.Int).Mod(n, big.NewInt(97)).Int64() != 1 {
		return fmt.Errorf("IBAN %s has wrong check digits; check it for a typing mistake", iban)
	}
	return nil
}

// checkEInvoiceParty tidies and checks the e-invoice identifiers of a
// company or client, returning messages by field.
func checkEInvoiceParty(vatID, endpointID, scheme *string) map[string]string {
	out := map[string]string{}
	*vatID = CompactVATID(*vatID)
	*endpointID = strings.TrimSpace(*endpointID)
	*scheme = strings.ToUpper(strings.TrimSpace(*scheme))
	if *vatID != "" {
		if prefix := (*vatID)[:min(2, len(*vatID))]; !vatIDPattern.MatchString(*vatID) || (!countryCodes[prefix] && prefix != "EL") {
			out["vatId"] = fmt.Sprintf("%q is not a VAT identifier: the country's two letters and the number, e.g. DE123456789", *vatID)
		}
	}
	switch {
	case *endpointID == "" && *scheme != "":
		out["endpointId"] = "enter the electronic address the scheme is for"
	case *endpointID != "" && *scheme == "":
		out["endpointScheme"] = "choose the address's scheme (EAS code: 0088 GLN, 0204 Leitweg-ID, 9930 German VAT, EM email…)"
	case *scheme != "" && !easCodes[*scheme]:
		out["endpointScheme"] = fmt.Sprintf("%q is not an EAS scheme code (e.g. 0088, 0204, 0208, 9930, EM)", *scheme)
	case utf8.RuneCountInString(*endpointID) > 100:
		out["endpointId"] = "the electronic address is longer than 100 characters"
	}
	return out
}

// ValidUnitCode reports whether code is a UN/ECE Recommendation 20 unit code.
func ValidUnitCode(code string) bool { return unitCodes[code] }

// unitNames maps the unit names people write to UN/ECE Recommendation 20.
var unitNames = map[string]string{
	"": "C62", "pcs": "H87", "pc": "H87", "piece": "H87", "pieces": "H87", "each": "EA", "ea": "EA", "unit": "C62",
	"units": "C62", "item": "C62", "items": "C62", "x": "C62",
	"h": "HUR", "hr": "HUR", "hrs": "HUR", "hour": "HUR", "hours": "HUR", "min": "MIN", "minute": "MIN", "minutes": "MIN",
	"day": "DAY", "days": "DAY", "d": "DAY", "week": "WEE", "weeks": "WEE", "wk": "WEE", "month": "MON", "months": "MON",
	"mo": "MON", "year": "ANN", "years": "ANN", "yr": "ANN", "kg": "KGM", "g": "GRM", "t": "TNE", "l": "LTR",
	"litre": "LTR", "liter": "LTR", "m": "MTR", "km": "KMT", "m2": "MTK", "m²": "MTK", "m3": "MTQ", "m³": "MTQ",
	"kwh": "KWH", "set": "SET", "sets": "SET", "lump sum": "LS", "ls": "LS", "licence": "C62", "license": "C62",
	"seat": "C62", "user": "C62", "page": "C62", "pages": "C62", "session": "C62", "copy": "C62", "trip": "C62",
	"audit": "C62", "visit": "C62", "job": "C62", "project": "C62", "person": "IE", "participant": "IE",
}

// UnitCodeFor is the Recommendation 20 code of a line's unit: code if given,
// else the one its name stands for (hour → HUR), else "" when the name is
// not known.
func UnitCodeFor(unit, code string) string {
	if code != "" {
		return code
	}
	if c, ok := unitNames[strings.ToLower(strings.TrimSpace(unit))]; ok {
		return c
	}
	if u := strings.ToUpper(strings.TrimSpace(unit)); unitCodes[u] && len(u) >= 3 {
		return u
	}
	return ""
}

// countryNames maps the country names an address may hold to ISO 3166-1.
var countryNames = map[string]string{
	"austria": "AT", "österreich": "AT", "belgium": "BE", "belgique": "BE", "belgië": "BE", "bulgaria": "BG",
	"croatia": "HR", "cyprus": "CY", "czech republic": "CZ", "czechia": "CZ", "denmark": "DK", "danmark": "DK",
	"estonia": "EE", "finland": "FI", "suomi": "FI", "france": "FR", "germany": "DE", "deutschland": "DE",
	"greece": "GR", "hungary": "HU", "ireland": "IE", "italy": "IT", "italia": "IT", "latvia": "LV",
	"lithuania": "LT", "luxembourg": "LU", "malta": "MT", "netherlands": "NL", "the netherlands": "NL",
	"nederland": "NL", "holland": "NL", "poland": "PL", "polska": "PL", "portugal": "PT", "romania": "RO",
	"slovakia": "SK", "slovenia": "SI", "spain": "ES", "españa": "ES", "sweden": "SE", "sverige": "SE",
	"norway": "NO", "norge": "NO", "iceland": "IS", "switzerland": "CH", "schweiz": "CH", "suisse": "CH",
	"liechtenstein": "LI", "united kingdom": "GB", "uk": "GB", "great britain": "GB", "england": "GB",
	"scotland": "GB", "wales": "GB", "northern ireland": "GB", "united states": "US", "usa": "US",
	"united states of america": "US", "us": "US", "canada": "CA", "mexico": "MX", "brazil": "BR",
	"argentina": "AR", "chile": "CL", "australia": "AU", "new zealand": "NZ", "japan": "JP", "china": "CN",
	"india": "IN", "singapore": "SG", "hong kong": "HK", "south korea": "KR", "korea": "KR", "taiwan": "TW",
	"turkey": "TR", "türkiye": "TR", "israel": "IL", "united arab emirates": "AE", "uae": "AE",
	"saudi arabia": "SA", "south africa": "ZA", "egypt": "EG", "morocco": "MA", "nigeria": "NG", "kenya": "KE",
	"ukraine": "UA", "serbia": "RS", "bosnia and herzegovina": "BA", "albania": "AL", "north macedonia": "MK",
	"montenegro": "ME", "moldova": "MD", "georgia": "GE", "armenia": "AM", "kuwait": "KW", "bahrain": "BH",
	"oman": "OM", "qatar": "QA", "jordan": "JO", "thailand": "TH", "vietnam": "VN", "malaysia": "MY",
	"indonesia": "ID", "philippines": "PH", "pakistan": "PK", "bangladesh": "BD", "sri lanka": "LK",
	"colombia": "CO", "peru": "PE", "uruguay": "UY", "monaco": "MC", "andorra": "AD", "san marino": "SM",
}

// CountryCode is the ISO 3166-1 alpha-2 code of an address's country, given
// as a code ("de") or a name ("Germany"); ok is false when it is neither.
func CountryCode(country string) (code string, ok bool) {
	s := strings.TrimSpace(country)
	if u := strings.ToUpper(s); len(u) == 2 && countryCodes[u] {
		return u, true
	}
	code, ok = countryNames[strings.ToLower(s)]
	return code, ok
}
