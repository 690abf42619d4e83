-- Maintained figures (issue 14): what is open on each issued invoice, kept
-- beside it in the same transaction as every write that changes it, so aging,
-- balances, KPIs and the payment-state filters read the open invoices from an
-- index instead of summing every invoice's allocations and credit notes.
--
-- open_minor is the invoice's total less every allocation to it and every
-- issued credit note against it, whatever their dates, in minor units of its
-- currency (negative when overpaid or over-credited); 0 for every other
-- document. open_since is the day from which open_minor is what is open: the
-- latest of the invoice's issue date, its payments' dates and its credit
-- notes' issue dates; '' for every other document. As of a day before
-- open_since the amount is worked out from the rows, as before.
--
-- The columns are not among those documents_locked_update guards, so they
-- change on an issued invoice; they are not part of its seal either (chain.go
-- hashes named columns). data/openamounts.go writes them: the Go step of this
-- migration fills them for every issued invoice, by the same statement each
-- write runs.
ALTER TABLE documents ADD COLUMN open_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN open_since TEXT NOT NULL DEFAULT '';

-- The invoices with something open (or over-credited) in one currency, for
-- one client: the aging, balances and the open-state filters.
CREATE INDEX documents_open ON documents (currency, client_id, due_date) WHERE open_minor <> 0;
-- The same by due date alone, whatever the currency: Today's overdue invoices.
CREATE INDEX documents_open_by_due ON documents (due_date) WHERE open_minor <> 0;
-- The issued invoices whose open amount changed after a day (a payment dated
-- or a credit note issued after it), whose open amount as of that day is
-- worked out from the rows: month-end agings and reports as of a past day.
CREATE INDEX documents_open_since ON documents (currency, open_since) WHERE open_since <> '';
