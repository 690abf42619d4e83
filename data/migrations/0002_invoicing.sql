-- Invoicing: tax rates, the catalog, the company's own settings and number
-- series, and documents (invoices, quotes, credit notes) with their lines.
-- Issued documents are immutable: the triggers below refuse any change to
-- what they say, whatever code tries it.

CREATE TABLE tax_rates (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL CHECK (name <> ''),
	percent    TEXT    NOT NULL,  -- exact decimal, "20" or "7.25"
	compound   INTEGER NOT NULL DEFAULT 0 CHECK (compound IN (0, 1)),
	archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
	created_at TEXT    NOT NULL,
	updated_at TEXT    NOT NULL
) STRICT;

CREATE UNIQUE INDEX tax_rates_by_name ON tax_rates (lower(name), percent, compound);

CREATE TABLE items (
	id               INTEGER PRIMARY KEY,
	code             TEXT    NOT NULL CHECK (code <> ''),
	name             TEXT    NOT NULL CHECK (name <> ''),
	name_key         TEXT    NOT NULL,
	description      TEXT    NOT NULL DEFAULT '',
	unit             TEXT    NOT NULL DEFAULT '',
	unit_price_minor INTEGER NOT NULL,
	currency         TEXT    NOT NULL CHECK (length(currency) = 3),
	archived         INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
	search_text      TEXT    NOT NULL DEFAULT '',
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL
) STRICT;

CREATE UNIQUE INDEX items_by_code ON items (code COLLATE NOCASE);
CREATE INDEX items_by_name ON items (archived, name_key, id);

CREATE TABLE item_taxes (
	item_id  INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	rate_id  INTEGER NOT NULL REFERENCES tax_rates (id),
	PRIMARY KEY (item_id, rate_id)
) STRICT, WITHOUT ROWID;

-- The book's own company: exactly one row.
CREATE TABLE company (
	id               INTEGER PRIMARY KEY CHECK (id = 1),
	name             TEXT    NOT NULL DEFAULT '',
	address_line1    TEXT    NOT NULL DEFAULT '',
	address_line2    TEXT    NOT NULL DEFAULT '',
	address_city     TEXT    NOT NULL DEFAULT '',
	address_region   TEXT    NOT NULL DEFAULT '',
	address_postcode TEXT    NOT NULL DEFAULT '',
	address_country  TEXT    NOT NULL DEFAULT '',
	tax_id           TEXT    NOT NULL DEFAULT '',
	email            TEXT    NOT NULL DEFAULT '',
	phone            TEXT    NOT NULL DEFAULT '',
	payment_info     TEXT    NOT NULL DEFAULT '',
	default_terms    TEXT    NOT NULL DEFAULT '',
	logo             BLOB,
	currency         TEXT    NOT NULL DEFAULT 'USD',
	rounding_scope   TEXT    NOT NULL DEFAULT 'per-line' CHECK (rounding_scope IN ('per-line', 'per-document')),
	rounding_mode    TEXT    NOT NULL DEFAULT 'half-up' CHECK (rounding_mode IN ('half-up', 'half-even')),
	updated_at       TEXT    NOT NULL
) STRICT;

CREATE TABLE number_series (
	kind         TEXT    PRIMARY KEY CHECK (kind IN ('invoice', 'quote', 'credit-note')),
	pattern      TEXT    NOT NULL CHECK (pattern LIKE '%{SEQ%'),
	yearly_reset INTEGER NOT NULL CHECK (yearly_reset IN (0, 1))
) STRICT;

-- The last sequence number used per kind and year (year 0 for a series that
-- never restarts). Bumped inside the issuing transaction, so a rolled-back
-- issue leaves no gap.
CREATE TABLE number_counters (
	kind     TEXT    NOT NULL,
	year     INTEGER NOT NULL,
	last_seq INTEGER NOT NULL CHECK (last_seq > 0),
	PRIMARY KEY (kind, year)
) STRICT, WITHOUT ROWID;

CREATE TABLE documents (
	id               INTEGER PRIMARY KEY,
	kind             TEXT    NOT NULL CHECK (kind IN ('invoice', 'quote', 'credit-note')),
	number           TEXT,   -- NULL while a draft
	status           TEXT    NOT NULL CHECK (status IN ('draft', 'issued', 'void', 'accepted', 'declined', 'expired')),
	client_id        INTEGER NOT NULL REFERENCES clients (id),
	currency         TEXT    NOT NULL CHECK (length(currency) = 3),
	issue_date       TEXT    NOT NULL,  -- YYYY-MM-DD
	due_date         TEXT    NOT NULL DEFAULT '',
	po_number        TEXT    NOT NULL DEFAULT '',
	reference        TEXT    NOT NULL DEFAULT '',
	notes            TEXT    NOT NULL DEFAULT '',
	terms            TEXT    NOT NULL DEFAULT '',
	rounding_scope   TEXT    NOT NULL CHECK (rounding_scope IN ('per-line', 'per-document')),
	rounding_mode    TEXT    NOT NULL CHECK (rounding_mode IN ('half-up', 'half-even')),
	tax_inclusive    INTEGER NOT NULL DEFAULT 0 CHECK (tax_inclusive IN (0, 1)),
	discount_percent TEXT    NOT NULL DEFAULT '0',
	discount_minor   INTEGER NOT NULL DEFAULT 0 CHECK (discount_minor >= 0),
	credit_for       INTEGER REFERENCES documents (id),
	from_quote       INTEGER REFERENCES documents (id),
	void_reason      TEXT    NOT NULL DEFAULT '',
	-- Totals as computed by the domain when the document was last saved, in
	-- minor units, for lists and reports; the lines remain the source.
	subtotal_minor   INTEGER NOT NULL DEFAULT 0,
	discount_total_minor INTEGER NOT NULL DEFAULT 0,
	tax_minor        INTEGER NOT NULL DEFAULT 0,
	total_minor      INTEGER NOT NULL DEFAULT 0,
	-- What the document was addressed from and to when it was issued (JSON),
	-- so a later change to the client or the company never alters it.
	bill_to          TEXT,
	issuer           TEXT,
	search_text      TEXT    NOT NULL DEFAULT '',
	issued_at        TEXT    NOT NULL DEFAULT '',
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	CHECK ((status = 'draft') = (number IS NULL))
) STRICT;

CREATE UNIQUE INDEX documents_by_number ON documents (kind, number) WHERE number IS NOT NULL;
CREATE INDEX documents_by_date   ON documents (kind, issue_date, id);
CREATE INDEX documents_by_client ON documents (client_id, kind, issue_date);
CREATE INDEX documents_by_status ON documents (kind, status, issue_date);
CREATE INDEX documents_by_credit ON documents (credit_for) WHERE credit_for IS NOT NULL;

CREATE TABLE document_lines (
	id               INTEGER PRIMARY KEY,
	document_id      INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	position         INTEGER NOT NULL,
	item_id          INTEGER REFERENCES items (id),
	description      TEXT    NOT NULL,
	quantity         TEXT    NOT NULL,  -- exact decimal
	unit             TEXT    NOT NULL DEFAULT '',
	unit_price_minor INTEGER NOT NULL,  -- in the document's currency
	discount_percent TEXT    NOT NULL DEFAULT '0'
) STRICT;

CREATE INDEX document_lines_by_document ON document_lines (document_id, position);

CREATE TABLE line_taxes (
	line_id  INTEGER NOT NULL REFERENCES document_lines (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	rate_id  INTEGER,  -- the rate it was copied from; the snapshot below is what counts
	name     TEXT    NOT NULL,
	percent  TEXT    NOT NULL,
	compound INTEGER NOT NULL CHECK (compound IN (0, 1)),
	PRIMARY KEY (line_id, position)
) STRICT, WITHOUT ROWID;

-- Locked documents: only their status may move forward (issued → void, a quote
-- to accepted/declined/expired), with a void reason. Nothing they say changes,
-- and they are never deleted.
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
	new.bill_to IS NOT old.bill_to OR new.issuer IS NOT old.issuer OR new.issued_at IS NOT old.issued_at OR
	new.created_at IS NOT old.created_at)
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;

CREATE TRIGGER documents_locked_delete BEFORE DELETE ON documents
WHEN old.status <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be deleted');
END;

CREATE TRIGGER document_lines_locked_insert BEFORE INSERT ON document_lines
WHEN (SELECT status FROM documents WHERE id = new.document_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;

CREATE TRIGGER document_lines_locked_update BEFORE UPDATE ON document_lines
WHEN (SELECT status FROM documents WHERE id IN (old.document_id, new.document_id) AND status <> 'draft') IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;

CREATE TRIGGER document_lines_locked_delete BEFORE DELETE ON document_lines
WHEN (SELECT status FROM documents WHERE id = old.document_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;

CREATE TRIGGER line_taxes_locked_insert BEFORE INSERT ON line_taxes
WHEN (SELECT d.status FROM documents d JOIN document_lines l ON l.document_id = d.id WHERE l.id = new.line_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;

CREATE TRIGGER line_taxes_locked_update BEFORE UPDATE ON line_taxes
WHEN (SELECT d.status FROM documents d JOIN document_lines l ON l.document_id = d.id
      WHERE l.id IN (old.line_id, new.line_id) AND d.status <> 'draft') IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;

CREATE TRIGGER line_taxes_locked_delete BEFORE DELETE ON line_taxes
WHEN (SELECT d.status FROM documents d JOIN document_lines l ON l.document_id = d.id WHERE l.id = old.line_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;

-- A new book starts with the defaults of domain.DefaultCompany.
INSERT INTO company (id, default_terms, updated_at)
VALUES (1, 'Payment within the agreed terms by bank transfer, quoting the invoice number.', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

INSERT INTO number_series (kind, pattern, yearly_reset) VALUES
	('invoice', 'INV-{YYYY}-{SEQ:5}', 1),
	('quote', 'QUO-{YYYY}-{SEQ:4}', 1),
	('credit-note', 'CN-{YYYY}-{SEQ:4}', 1);
