-- Clients, their contacts and tags, and the append-only audit log.

CREATE TABLE clients (
	id                  INTEGER PRIMARY KEY,
	name                TEXT    NOT NULL CHECK (name <> ''),
	name_key            TEXT    NOT NULL,  -- folded name, for sorting
	status              TEXT    NOT NULL CHECK (status IN ('prospect', 'active', 'inactive')),
	industry            TEXT    NOT NULL DEFAULT '',
	tax_id              TEXT    NOT NULL DEFAULT '',
	billing_line1       TEXT    NOT NULL DEFAULT '',
	billing_line2       TEXT    NOT NULL DEFAULT '',
	billing_city        TEXT    NOT NULL DEFAULT '',
	billing_region      TEXT    NOT NULL DEFAULT '',
	billing_postal_code TEXT    NOT NULL DEFAULT '',
	billing_country     TEXT    NOT NULL DEFAULT '',
	city_key            TEXT    NOT NULL DEFAULT '',  -- folded city, for sorting
	payment_terms_days  INTEGER NOT NULL CHECK (payment_terms_days BETWEEN 0 AND 365),
	currency            TEXT    NOT NULL CHECK (length(currency) = 3),
	credit_limit_minor  INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit_minor >= 0),  -- in currency's minor units
	requires_po         INTEGER NOT NULL DEFAULT 0 CHECK (requires_po IN (0, 1)),
	notes               TEXT    NOT NULL DEFAULT '',
	search_text         TEXT    NOT NULL DEFAULT '',  -- folded name, industry, city, contacts
	created_at          TEXT    NOT NULL,
	updated_at          TEXT    NOT NULL
) STRICT;

CREATE INDEX clients_by_name    ON clients (name_key, id);
CREATE INDEX clients_by_city    ON clients (city_key, name_key, id);
CREATE INDEX clients_by_status  ON clients (status, name_key, id);
CREATE INDEX clients_by_created ON clients (created_at, id);

-- A trigram index over the folded search text, so a search for any part of
-- a name, city or email finds its candidates without reading every client.
CREATE VIRTUAL TABLE clients_fts USING fts5 (
	search_text, content = 'clients', content_rowid = 'id', tokenize = 'trigram', detail = 'none'
);

CREATE TRIGGER clients_fts_insert AFTER INSERT ON clients
BEGIN
	INSERT INTO clients_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER clients_fts_delete AFTER DELETE ON clients
BEGIN
	INSERT INTO clients_fts (clients_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;

CREATE TRIGGER clients_fts_update AFTER UPDATE OF search_text ON clients
BEGIN
	INSERT INTO clients_fts (clients_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO clients_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TABLE contacts (
	id         INTEGER PRIMARY KEY,
	client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	name       TEXT    NOT NULL CHECK (name <> ''),
	role       TEXT    NOT NULL DEFAULT '',
	email      TEXT    NOT NULL DEFAULT '',
	phone      TEXT    NOT NULL DEFAULT '',
	is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1))
) STRICT;

CREATE INDEX contacts_by_client ON contacts (client_id, position);

CREATE TABLE client_tags (
	client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	position  INTEGER NOT NULL,
	tag       TEXT    NOT NULL,
	tag_key   TEXT    NOT NULL,
	PRIMARY KEY (client_id, tag_key)
) STRICT, WITHOUT ROWID;

CREATE INDEX client_tags_by_tag ON client_tags (tag_key);

-- Every create, update and delete of a record, written in the same
-- transaction as the change. Rows are never changed or removed.
CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY,
	at          TEXT    NOT NULL,  -- UTC, RFC 3339
	actor       TEXT    NOT NULL,
	entity      TEXT    NOT NULL,
	entity_id   INTEGER NOT NULL,
	action      TEXT    NOT NULL CHECK (action <> ''),
	before_json TEXT,
	after_json  TEXT
) STRICT;

CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
