-- Searching documents through an index (issue 14): a trigram index over each
-- document's folded search text (number, PO number, reference), as clients
-- and activities have had since 0001 and 0003. The Documents search box
-- matches a word in that text or in the client's name; three letters or more
-- first narrow the documents through this index and the clients through
-- clients_fts, and instr then checks each candidate exactly, so the answer is
-- the same as the substring scan's it replaces. Kept by triggers, in the
-- transaction of each write; filled here from the documents already written.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
	search_text, content = 'documents', content_rowid = 'id', tokenize = 'trigram', detail = 'none'
);

INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents
BEGIN
	INSERT INTO documents_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents
BEGIN
	INSERT INTO documents_fts (documents_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;

CREATE TRIGGER documents_fts_update AFTER UPDATE OF search_text ON documents
BEGIN
	INSERT INTO documents_fts (documents_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO documents_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
