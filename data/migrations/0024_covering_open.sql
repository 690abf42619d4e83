-- The aging of all clients reads every open invoice (issue 14): its number,
-- due date and open amount. Through documents_open as 0019 made it, each of
-- those meant a read of the invoice's row in the documents table — most of
-- the aging's time on a large book. The index now carries those columns too,
-- so the aging reads the index alone (data/payments.go, receivablesQueries).
-- A few dozen bytes per open invoice; paid invoices are not in it.
DROP INDEX IF EXISTS documents_open;
CREATE INDEX documents_open ON documents (currency, client_id, open_since, due_date, open_minor, number) WHERE open_minor <> 0;
