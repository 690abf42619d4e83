-- A smaller book (issue 14): the bill-to and issuer snapshots stored once
-- each rather than once per document, and the audit log's JSON packed.

-- Party snapshots: what a document was addressed from and to when it was
-- issued (JSON, as documents.bill_to and documents.issuer held it), each
-- distinct one stored once. A client's invoices carry the same bill-to until
-- the client changes, and every document the same issuer until the company
-- does: the book kept hundreds of bytes per document, the same over and over.
-- A snapshot never changes and is never removed: issued documents point at
-- it, and their seals (data/chain.go) hash its JSON.
CREATE TABLE parties (
	id   INTEGER PRIMARY KEY,
	json TEXT    NOT NULL UNIQUE
) STRICT;

CREATE TRIGGER parties_no_update BEFORE UPDATE ON parties
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;

CREATE TRIGGER parties_no_delete BEFORE DELETE ON parties
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;

ALTER TABLE documents ADD COLUMN bill_to_party INTEGER REFERENCES parties (id);
ALTER TABLE documents ADD COLUMN issuer_party INTEGER REFERENCES parties (id);

-- Move the snapshots: the lock on issued documents is lifted for the move
-- and put back guarding the new columns. bill_to and issuer stay in the
-- table (SQLite drops a column only by rebuilding the table), always NULL.
DROP TRIGGER documents_locked_update;

INSERT INTO parties (json)
SELECT j FROM (SELECT id, bill_to AS j FROM documents UNION ALL SELECT id, issuer FROM documents)
WHERE j IS NOT NULL GROUP BY j ORDER BY min(id), j;

UPDATE documents SET
	bill_to_party = (SELECT p.id FROM parties p WHERE p.json = documents.bill_to),
	issuer_party = (SELECT p.id FROM parties p WHERE p.json = documents.issuer),
	bill_to = NULL, issuer = NULL
WHERE bill_to IS NOT NULL OR issuer IS NOT NULL;

CREATE TRIGGER documents_locked_update BEFORE UPDATE ON documents
WHEN old.status <> 'draft' AND (
	new.status = 'draft' OR
	new.kind IS NOT old.kind OR new.number IS NOT old.number OR new.client_id IS NOT old.client_id OR
	new.currency IS NOT old.currency OR new.issue_date IS NOT old.issue_date OR new.due_date IS NOT old.due_date OR
	new.po_number IS NOT old.po_number OR new.reference IS NOT old.reference OR new.notes IS NOT old.notes OR
	new.terms IS NOT old.terms OR new.rounding_scope IS NOT old.rounding_scope OR
	new.rounding_mode IS NOT old.rounding_mode OR new.tax_inclusive IS NOT old.tax_inclusive OR
	new.discount_percent IS NOT old.discount_percent OR new.discount_minor IS NOT old.discount_minor OR
	new.credit_for IS NOT old.credit_for OR new.from_quote IS NOT old.from_quote OR
	new.subtotal_minor IS NOT old.subtotal_minor OR new.discount_total_minor IS NOT old.discount_total_minor OR
	new.tax_minor IS NOT old.tax_minor OR new.total_minor IS NOT old.total_minor OR
	new.bill_to_party IS NOT old.bill_to_party OR new.issuer_party IS NOT old.issuer_party OR
	new.issued_at IS NOT old.issued_at OR new.created_at IS NOT old.created_at)
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;

-- The old snapshot columns stay empty, on any document.
CREATE TRIGGER documents_parties_insert BEFORE INSERT ON documents
WHEN new.bill_to IS NOT NULL OR new.issuer IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'clientbook: a document''s bill-to and issuer are kept in parties');
END;

CREATE TRIGGER documents_parties_update BEFORE UPDATE OF bill_to, issuer ON documents
WHEN new.bill_to IS NOT NULL OR new.issuer IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'clientbook: a document''s bill-to and issuer are kept in parties');
END;

-- Packed audit entries: before_json and after_json deflated together into
-- packed (data/auditpack.go defines the bytes), the two JSON columns then
-- NULL. An entry's link still hashes the JSON it unpacks to, so packing does
-- not change a link, and a packing that changed what an entry says breaks it.
-- New entries are written packed; the Go step of this migration packs the
-- ones written before, which is the one change an entry may still undergo:
-- from unpacked to packed, once, with every other column as it was.
ALTER TABLE audit_log ADD COLUMN packed BLOB;

DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN old.hash IS NULL OR new.hash IS NOT old.hash OR
	new.id IS NOT old.id OR new.at IS NOT old.at OR new.actor IS NOT old.actor OR new.entity IS NOT old.entity OR
	new.entity_id IS NOT old.entity_id OR new.action IS NOT old.action OR new.content_hash IS NOT old.content_hash OR
	new.format IS NOT old.format OR
	old.packed IS NOT NULL OR new.packed IS NULL OR new.before_json IS NOT NULL OR new.after_json IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
