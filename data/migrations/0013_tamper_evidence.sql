-- Tamper evidence. Every audit entry carries a link: the SHA-256 of the link
-- before it and of the entry's own fields (data/chain.go defines the exact
-- encoding), so an entry changed, removed or moved afterwards no longer fits
-- the chain. audit_head remembers the latest link, so cutting entries off the
-- end shows too. Every issued document carries the SHA-256 of everything it
-- says (content_hash), also written into the audit entry that issued it.
--
-- SQLite has no SHA-256: after this script, the upgrade links the existing
-- entries and seals the documents already issued, in Go, in the same
-- transaction (sealExisting in data/chain.go).
--
-- The triggers below also close INSERT OR REPLACE, which deletes the row it
-- replaces without firing delete triggers (recursive_triggers is off): a
-- BEFORE INSERT trigger sees the row about to be replaced, from any program,
-- whatever its connection settings.

ALTER TABLE audit_log ADD COLUMN content_hash BLOB CHECK (content_hash IS NULL OR length(content_hash) = 32);
ALTER TABLE audit_log ADD COLUMN hash BLOB CHECK (hash IS NULL OR length(hash) = 32);
ALTER TABLE documents ADD COLUMN content_hash BLOB CHECK (content_hash IS NULL OR length(content_hash) = 32);

-- The latest link: exactly one row, moving only forward.
CREATE TABLE audit_head (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	last_id INTEGER NOT NULL,
	hash    BLOB    NOT NULL CHECK (length(hash) = 32)
) STRICT;

INSERT INTO audit_head (id, last_id, hash) VALUES (1, 0, zeroblob(32));

CREATE TRIGGER audit_head_one BEFORE INSERT ON audit_head
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head
WHEN new.id IS NOT old.id OR new.last_id <= old.last_id
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- An entry is only ever appended, right after the latest one, with its link;
-- this also refuses INSERT OR REPLACE of an existing entry.
CREATE TRIGGER audit_log_append BEFORE INSERT ON audit_log
WHEN new.hash IS NULL OR new.id IS NOT (SELECT last_id + 1 FROM audit_head)
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_advance AFTER INSERT ON audit_log
BEGIN
	UPDATE audit_head SET last_id = new.id, hash = new.hash;
END;

-- Entries never change, except that the upgrade gives each entry written
-- before this version its link, once.
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN old.hash IS NOT NULL OR new.hash IS NULL OR
	new.id IS NOT old.id OR new.at IS NOT old.at OR new.actor IS NOT old.actor OR new.entity IS NOT old.entity OR
	new.entity_id IS NOT old.entity_id OR new.action IS NOT old.action OR new.before_json IS NOT old.before_json OR
	new.after_json IS NOT old.after_json OR new.content_hash IS NOT old.content_hash
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- A document's seal, once set, stays.
CREATE TRIGGER documents_sealed BEFORE UPDATE OF content_hash ON documents
WHEN old.content_hash IS NOT NULL AND new.content_hash IS NOT old.content_hash
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;

-- INSERT OR REPLACE over an issued document (by id or by number) or over one
-- of its lines. (A line's taxes are keyed by the line, whose document the
-- existing line_taxes_locked_insert already checks.)
CREATE TRIGGER documents_locked_replace BEFORE INSERT ON documents
WHEN EXISTS (SELECT 1 FROM documents WHERE (id = new.id OR (kind = new.kind AND number = new.number)) AND status <> 'draft')
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;

CREATE TRIGGER document_lines_locked_replace BEFORE INSERT ON document_lines
WHEN EXISTS (SELECT 1 FROM document_lines l JOIN documents d ON d.id = l.document_id WHERE l.id = new.id AND d.status <> 'draft')
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;
