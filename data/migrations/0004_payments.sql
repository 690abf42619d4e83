-- Receivables: payments received from clients and their allocations to issued
-- invoices. Allocations live in a table of their own, so setting money against
-- an invoice never touches its locked row and no lock trigger of 0002 fires.

CREATE TABLE payments (
	id           INTEGER PRIMARY KEY,
	client_id    INTEGER NOT NULL REFERENCES clients (id),
	date         TEXT    NOT NULL,  -- YYYY-MM-DD, the day the money arrived
	amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),  -- in currency's minor units
	currency     TEXT    NOT NULL CHECK (length(currency) = 3),
	method       TEXT    NOT NULL CHECK (method IN ('bank-transfer', 'card', 'cash', 'cheque', 'other')),
	reference    TEXT    NOT NULL DEFAULT '',
	note         TEXT    NOT NULL DEFAULT '',
	created_at   TEXT    NOT NULL,
	updated_at   TEXT    NOT NULL
) STRICT;

-- The payments list (all, one client's) newest first; a client's balance and
-- history; the unapplied credit of an aging report in one currency.
CREATE INDEX payments_by_date     ON payments (date, id);
CREATE INDEX payments_by_client   ON payments (client_id, date, id);
CREATE INDEX payments_by_currency ON payments (currency, date, id);

-- The part of a payment set against one invoice, in the payment's currency.
CREATE TABLE allocations (
	id           INTEGER PRIMARY KEY,
	payment_id   INTEGER NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
	document_id  INTEGER NOT NULL REFERENCES documents (id),
	amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
	UNIQUE (payment_id, document_id)  -- also the index of a payment's allocations
) STRICT;

-- What has been paid on an invoice.
CREATE INDEX allocations_by_document ON allocations (document_id, payment_id);

-- Issued invoices of one currency, for aging and open items; the credit
-- notes issued against an invoice by a date, for what is open on it.
CREATE INDEX documents_by_currency ON documents (kind, status, currency, issue_date);
CREATE INDEX documents_credits_by_invoice ON documents (credit_for, status, issue_date) WHERE credit_for IS NOT NULL;

-- The code checks every allocation against the invoice's open amount; these
-- triggers keep the rest true whatever code writes: an allocation goes to an
-- issued invoice of the payment's client and currency, a payment with
-- allocations keeps its client and currency, and an invoice that has been
-- paid cannot be voided.
CREATE TRIGGER allocations_target_insert BEFORE INSERT ON allocations
WHEN NOT EXISTS (SELECT 1 FROM documents d JOIN payments p ON p.id = new.payment_id
	WHERE d.id = new.document_id AND d.kind = 'invoice' AND d.status = 'issued'
	AND d.client_id = p.client_id AND d.currency = p.currency)
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an allocation must go to an issued invoice of the payment''s client and currency');
END;

CREATE TRIGGER allocations_target_update BEFORE UPDATE OF payment_id, document_id ON allocations
WHEN NOT EXISTS (SELECT 1 FROM documents d JOIN payments p ON p.id = new.payment_id
	WHERE d.id = new.document_id AND d.kind = 'invoice' AND d.status = 'issued'
	AND d.client_id = p.client_id AND d.currency = p.currency)
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an allocation must go to an issued invoice of the payment''s client and currency');
END;

CREATE TRIGGER payments_allocated_update BEFORE UPDATE OF client_id, currency ON payments
WHEN (new.client_id IS NOT old.client_id OR new.currency IS NOT old.currency)
	AND EXISTS (SELECT 1 FROM allocations WHERE payment_id = old.id)
BEGIN
	SELECT RAISE(ABORT, 'clientbook: remove a payment''s allocations before changing its client or currency');
END;

CREATE TRIGGER documents_paid_void BEFORE UPDATE OF status ON documents
WHEN new.status <> old.status AND EXISTS (SELECT 1 FROM allocations WHERE document_id = old.id)
BEGIN
	SELECT RAISE(ABORT, 'clientbook: an invoice with payments allocated to it cannot be voided');
END;
