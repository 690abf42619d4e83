-- Audit blocks (data/auditblock.go defines the bytes): every auditBlockSize
-- consecutive entries are packed together into one row of audit_blocks, in
-- the transaction that writes the last of them, and each of those entries'
-- packed column becomes x'03' ("read me from my block") and its time (at)
-- '': the block holds each entry's time and JSON. Links still hash each
-- entry's time and JSON text, so blocking changes no link, and a block
-- changed afterwards reads back another time or other JSON for its entries
-- and breaks their links. The Go step of this migration blocks the entries
-- written before it.
CREATE TABLE audit_blocks (
	first_id INTEGER PRIMARY KEY,
	last_id  INTEGER NOT NULL CHECK (last_id >= first_id),
	packed   BLOB NOT NULL
);

-- Blocks follow one another, each starting right after the one before and
-- ending at an entry already written; none changes or goes.
CREATE TRIGGER audit_blocks_append BEFORE INSERT ON audit_blocks
WHEN new.first_id IS NOT coalesce((SELECT last_id FROM audit_blocks ORDER BY first_id DESC LIMIT 1), 0) + 1
	OR new.last_id > (SELECT last_id FROM audit_head)
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_blocks_no_update BEFORE UPDATE ON audit_blocks
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_blocks_no_delete BEFORE DELETE ON audit_blocks
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- What may still change on an entry: an unpacked one packed (schema 22),
-- or a packed one marked as kept in the block that covers it, its time then
-- emptied (the block holds it); nothing else, and nothing once blocked.
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN old.hash IS NULL OR new.hash IS NOT old.hash OR
	new.id IS NOT old.id OR new.actor IS NOT old.actor OR new.entity IS NOT old.entity OR
	new.entity_id IS NOT old.entity_id OR new.action IS NOT old.action OR new.content_hash IS NOT old.content_hash OR
	new.format IS NOT old.format OR new.before_json IS NOT NULL OR new.after_json IS NOT NULL OR
	new.packed IS NULL OR new.packed IS old.packed OR old.packed IS x'03' OR
	(new.packed IS NOT x'03' AND (old.packed IS NOT NULL OR new.at IS NOT old.at)) OR
	(new.packed IS x'03' AND (new.at IS NOT '' OR
		coalesce((SELECT last_id FROM audit_blocks WHERE first_id <= new.id ORDER BY first_id DESC LIMIT 1), 0) < new.id))
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The entity index without its last column: id is the table's rowid, which
-- every index entry ends with anyway, so (entity, entity_id) orders entries
-- the same and no longer stores the id twice.
DROP INDEX audit_log_by_entity;
CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id);
