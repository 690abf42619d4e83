-- Maintained figure (issue 14): the day each issued invoice was paid in
-- full, kept beside its open amount in the same transaction as every write
-- that changes it, so days to pay (the Reports chart, a client's Account
-- panel and account report, account health) read the invoices paid in a
-- period from an index instead of working out, for every invoice with
-- something dated in the period, a running total of its payments and credit
-- notes.
--
-- paid_on is the first day the invoice's allocations (each counted from the
-- later of its payment's date and the invoice's issue date) and issued
-- credit notes (from their issue date) made up its total; '' while they do
-- not, and for every other document and every invoice for nothing. Like
-- open_minor it is not among the columns documents_locked_update guards nor
-- part of a seal. data/openamounts.go writes it (keptPaidOn); the Go step of
-- this migration fills it for every issued invoice.
ALTER TABLE documents ADD COLUMN paid_on TEXT NOT NULL DEFAULT '';

-- The invoices paid in full, by currency and the day they were, with what
-- days to pay needs: a period's are a range of it.
CREATE INDEX documents_paid ON documents (currency, paid_on, issue_date, client_id) WHERE paid_on <> '';
