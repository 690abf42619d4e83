-- E-invoicing (EN 16931: UBL / Peppol BIS 3.0, CII / XRechnung, Factur-X):
-- what the standard needs and the book did not hold.
--
-- Tax rates carry their VAT category (S standard, Z zero rated, E exempt, AE
-- reverse charge, K intra-community supply, G export, O outside the scope of
-- VAT; '' not yet said) and, for the categories that need one, the exemption
-- reason as text and as a VATEX code. Document lines copy them with the rest
-- of the rate's snapshot, so a later change to a rate never alters an issued
-- invoice.
ALTER TABLE tax_rates ADD COLUMN vat_category TEXT NOT NULL DEFAULT ''
	CHECK (vat_category IN ('', 'S', 'Z', 'E', 'AE', 'K', 'G', 'O'));
ALTER TABLE tax_rates ADD COLUMN exemption_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE tax_rates ADD COLUMN exemption_code TEXT NOT NULL DEFAULT '';

ALTER TABLE line_taxes ADD COLUMN vat_category TEXT NOT NULL DEFAULT ''
	CHECK (vat_category IN ('', 'S', 'Z', 'E', 'AE', 'K', 'G', 'O'));
ALTER TABLE line_taxes ADD COLUMN exemption_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE line_taxes ADD COLUMN exemption_code TEXT NOT NULL DEFAULT '';

-- The company as an e-invoice's seller: its VAT identifier (BT-31), its
-- electronic address (BT-34, a Peppol participant identifier and its EAS
-- scheme) and the account it is paid into (SEPA credit transfer: IBAN BT-84,
-- BIC BT-86).
ALTER TABLE company ADD COLUMN vat_id TEXT NOT NULL DEFAULT '';
ALTER TABLE company ADD COLUMN endpoint_id TEXT NOT NULL DEFAULT '';
ALTER TABLE company ADD COLUMN endpoint_scheme TEXT NOT NULL DEFAULT '';
ALTER TABLE company ADD COLUMN iban TEXT NOT NULL DEFAULT '';
ALTER TABLE company ADD COLUMN bic TEXT NOT NULL DEFAULT '';

-- The client as an e-invoice's buyer: VAT identifier (BT-48), electronic
-- address (BT-49), the buyer reference its invoices quote (BT-10, e.g. a
-- German Leitweg-ID) and the e-invoice format it receives ('' for none).
ALTER TABLE clients ADD COLUMN vat_id TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN endpoint_id TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN endpoint_scheme TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN buyer_reference TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN einvoice_format TEXT NOT NULL DEFAULT ''
	CHECK (einvoice_format IN ('', 'ubl', 'cii', 'xrechnung', 'facturx'));

-- The buyer reference of a document (BT-10), locked once it is issued.
ALTER TABLE documents ADD COLUMN buyer_reference TEXT NOT NULL DEFAULT '';

CREATE TRIGGER documents_locked_buyer_reference BEFORE UPDATE OF buyer_reference ON documents
WHEN old.status <> 'draft' AND new.buyer_reference IS NOT old.buyer_reference
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;

-- The UN/ECE Recommendation 20 code of a unit (HUR hour, DAY, C62 one…),
-- per catalog item and copied onto each line; '' to derive it from the unit's name.
ALTER TABLE items ADD COLUMN unit_code TEXT NOT NULL DEFAULT '';
ALTER TABLE document_lines ADD COLUMN unit_code TEXT NOT NULL DEFAULT '';
