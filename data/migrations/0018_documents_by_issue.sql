-- Every document by issue date, newest first, whatever its kind: the
-- Documents screen's first page with all kinds shown, read in order a page at
-- a time instead of sorting the whole table (issue 14).
CREATE INDEX documents_by_issue ON documents (issue_date, id);
