-- The version of the totals rules (domain.Arithmetic) each document is worked
-- out by. Every document written before this step was computed by version 1
-- and an issued one keeps it, so it re-renders exactly as it was issued and as
-- its stored totals say; drafts are rewritten with the current version
-- whenever they are saved, and again when they are issued.

ALTER TABLE documents ADD COLUMN arithmetic INTEGER NOT NULL DEFAULT 1 CHECK (arithmetic IN (1, 2));

CREATE TRIGGER documents_locked_arithmetic BEFORE UPDATE OF arithmetic ON documents
WHEN old.status <> 'draft' AND new.arithmetic IS NOT old.arithmetic
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an issued document cannot be changed');
END;
