-- Email invoice…: the outbox also holds emails that send an issued invoice or
-- credit note, which belong to no reminder level, and messages can be put
-- aside unsent (discarded). SQLite cannot relax a NOT NULL or a CHECK in
-- place, so the outbox is rebuilt (new table, copy, drop, rename, indexes
-- again); every message keeps its id. No table refers to the outbox and it
-- has no triggers.
CREATE TABLE outbox_new (
	id              INTEGER PRIMARY KEY,
	kind            TEXT    NOT NULL DEFAULT 'reminder' CHECK (kind IN ('reminder', 'document')),
	client_id       INTEGER NOT NULL REFERENCES clients (id),
	document_id     INTEGER NOT NULL REFERENCES documents (id),
	level_id        INTEGER REFERENCES reminder_levels (id),
	fee_document_id INTEGER REFERENCES documents (id),
	to_name         TEXT    NOT NULL DEFAULT '',
	to_address      TEXT    NOT NULL CHECK (to_address <> ''),
	subject         TEXT    NOT NULL CHECK (subject <> ''),
	body            TEXT    NOT NULL,
	status          TEXT    NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'discarded')),
	error           TEXT    NOT NULL DEFAULT '',
	attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	created_at      TEXT    NOT NULL,
	sent_at         TEXT,
	updated_at      TEXT    NOT NULL,
	-- A reminder once per invoice and level; a document's emails have no
	-- level (NULLs are distinct, so this never limits them).
	UNIQUE (document_id, level_id),
	CHECK ((kind = 'reminder') = (level_id IS NOT NULL)),
	CHECK (kind = 'reminder' OR fee_document_id IS NULL),
	CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
	CHECK ((status = 'failed') = (error <> ''))
) STRICT;

INSERT INTO outbox_new (id, kind, client_id, document_id, level_id, fee_document_id, to_name, to_address, subject,
	body, status, error, attempts, created_at, sent_at, updated_at)
SELECT id, 'reminder', client_id, document_id, level_id, fee_document_id, to_name, to_address, subject,
	body, status, error, attempts, created_at, sent_at, updated_at
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE INDEX outbox_by_status ON outbox (status, id);
CREATE INDEX outbox_by_client ON outbox (client_id, id);
CREATE INDEX outbox_by_level  ON outbox (level_id);
CREATE INDEX outbox_by_fee    ON outbox (fee_document_id) WHERE fee_document_id IS NOT NULL;
-- One email of a document waits at a time: a second Email invoice… before
-- the first went is refused, not queued twice.
CREATE UNIQUE INDEX outbox_document_unsent ON outbox (document_id)
	WHERE kind = 'document' AND status IN ('queued', 'failed');

-- The subject and body an invoice or credit note is emailed with, as
-- domain.DefaultDocumentEmailSubject and …Body (a test holds them equal).
ALTER TABLE company ADD COLUMN document_email_subject TEXT NOT NULL DEFAULT '';
ALTER TABLE company ADD COLUMN document_email_body TEXT NOT NULL DEFAULT '';
UPDATE company SET document_email_subject = 'Your {document} {invoice} from {company}',
	document_email_body = 'Dear {contact},

Please find attached our {document} {invoice} of {issue_date} for {total}.

{payment_note}

Kind regards,
{company}';
