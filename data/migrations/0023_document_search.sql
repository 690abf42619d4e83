-- Searching documents through an index (issue 14): a trigram index over each
-- document's folded search text (number, PO number, reference), as clients
-- and activities have had since 0001 and 0003. The Documents search box
-- matches a word in that text or in the client's name; a word of three
-- letters or more with a trigram in few documents and one in few clients is
-- first narrowed through this index and clients_fts (data/documents.go,
-- narrowSearch), and instr then checks each candidate exactly, so the answer
-- is the same as the substring scan's. Kept by triggers, in the
-- transaction of each write; filled here from the documents already written.
-- Only which documents hold a trigram is kept (detail = 'none'), and no
-- column sizes (columnsize = 0: they serve ranking, which a search box does
-- not do): about 20 bytes per document.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
	search_text, content = 'documents', content_rowid = 'id', tokenize = 'trigram', detail = 'none', columnsize = 0
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
