-- Receivables, continued: the collection log of what was done to get clients
-- to pay, the book's reminder levels, and the outbox of reminder emails.

-- One step in chasing a client for money, about its whole account
-- (document_id NULL) or one issued invoice. A promise to pay says by when and
-- how much (in the invoice's currency, or the client's for the account); a
-- dispute always names its invoice and keeps it out of the reminder runs
-- until it is resolved. Collection entries are history: a client with any is
-- made inactive, not deleted.
CREATE TABLE collection_entries (
	id             INTEGER PRIMARY KEY,
	client_id      INTEGER NOT NULL REFERENCES clients (id),
	document_id    INTEGER REFERENCES documents (id),
	kind           TEXT    NOT NULL CHECK (kind IN ('call', 'email', 'letter', 'promise-to-pay', 'dispute', 'note')),
	on_date        TEXT    NOT NULL,  -- YYYY-MM-DD, the day it happened
	text           TEXT    NOT NULL CHECK (text <> ''),
	promised_date  TEXT,              -- YYYY-MM-DD; only for a promise to pay
	promised_minor INTEGER CHECK (promised_minor > 0),
	currency       TEXT    CHECK (length(currency) = 3),
	resolved_on    TEXT,              -- YYYY-MM-DD; a dispute once resolved
	resolution     TEXT    NOT NULL DEFAULT '',
	created_at     TEXT    NOT NULL,
	updated_at     TEXT    NOT NULL,
	CHECK ((kind = 'promise-to-pay') = (promised_date IS NOT NULL)),
	CHECK ((promised_date IS NULL) = (promised_minor IS NULL) AND (promised_minor IS NULL) = (currency IS NULL)),
	CHECK (kind <> 'dispute' OR document_id IS NOT NULL),
	CHECK (kind = 'dispute' OR (resolved_on IS NULL AND resolution = '')),
	CHECK ((resolved_on IS NULL) = (resolution = '')),
	CHECK (resolved_on IS NULL OR resolved_on >= on_date)
) STRICT;

-- A client's log, the latest first (also the foreign key's index); an
-- invoice's; the invoices on hold.
CREATE INDEX collection_by_client   ON collection_entries (client_id, on_date, id);
CREATE INDEX collection_by_document ON collection_entries (document_id, on_date, id) WHERE document_id IS NOT NULL;
CREATE INDEX collection_disputes    ON collection_entries (document_id) WHERE kind = 'dispute' AND resolved_on IS NULL;

-- The steps of the reminders the book sends: days_offset days after an
-- invoice's due date (negative for before), an email from the subject and
-- body templates, and perhaps a late fee, billed on an invoice of its own:
-- a fixed amount in fee_currency (charged only on invoices in it) or a
-- percentage of what is open.
CREATE TABLE reminder_levels (
	id           INTEGER PRIMARY KEY,
	name         TEXT    NOT NULL CHECK (name <> ''),
	days_offset  INTEGER NOT NULL UNIQUE CHECK (days_offset BETWEEN -90 AND 730),
	subject      TEXT    NOT NULL CHECK (subject <> ''),
	body         TEXT    NOT NULL CHECK (body <> ''),
	fee_kind     TEXT    NOT NULL DEFAULT 'none' CHECK (fee_kind IN ('none', 'fixed', 'percent')),
	fee_minor    INTEGER NOT NULL DEFAULT 0,
	fee_currency TEXT    NOT NULL DEFAULT '',
	fee_percent  TEXT    NOT NULL DEFAULT '0',  -- exact decimal, "1.5"
	created_at   TEXT    NOT NULL,
	updated_at   TEXT    NOT NULL,
	CHECK ((fee_kind = 'fixed') = (fee_minor > 0)),
	CHECK ((fee_kind = 'fixed') = (length(fee_currency) = 3)),
	CHECK ((fee_kind = 'percent') = (fee_percent <> '0'))
) STRICT;

-- Emails waiting to be sent, and those sent. A reminder is made once per
-- invoice and level: the UNIQUE key refuses a second, whoever runs the
-- reminders and however often. fee_document_id is the late-fee invoice made
-- with it. A message that failed to go stays, with the error, to be tried
-- again. The SMTP password is never kept in the book.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	client_id       INTEGER NOT NULL REFERENCES clients (id),
	document_id     INTEGER NOT NULL REFERENCES documents (id),
	level_id        INTEGER NOT NULL REFERENCES reminder_levels (id),
	fee_document_id INTEGER REFERENCES documents (id),
	to_name         TEXT    NOT NULL DEFAULT '',
	to_address      TEXT    NOT NULL CHECK (to_address <> ''),
	subject         TEXT    NOT NULL CHECK (subject <> ''),
	body            TEXT    NOT NULL,
	status          TEXT    NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
	error           TEXT    NOT NULL DEFAULT '',
	attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	created_at      TEXT    NOT NULL,
	sent_at         TEXT,
	updated_at      TEXT    NOT NULL,
	UNIQUE (document_id, level_id),
	CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
	CHECK ((status = 'failed') = (error <> ''))
) STRICT;

-- Unsent messages first in a list; a client's; the foreign keys of levels
-- and fee invoices (which also tell a late-fee invoice from others).
CREATE INDEX outbox_by_status ON outbox (status, id);
CREATE INDEX outbox_by_client ON outbox (client_id, id);
CREATE INDEX outbox_by_level  ON outbox (level_id);
CREATE INDEX outbox_by_fee    ON outbox (fee_document_id) WHERE fee_document_id IS NOT NULL;

-- A new book reminds three days before the due date, then 1, 14 and 30 days
-- after it. None charges a fee: issuing fee invoices is the book owner's
-- choice (clientbookctl reminders level --days 30 --fee '40 EUR').
INSERT INTO reminder_levels (name, days_offset, subject, body, created_at, updated_at) VALUES
('Before due', -3, 'Invoice {invoice} is due on {due_date}',
'Dear {contact},

This is a friendly note that our invoice {invoice} for {amount_due} is due on {due_date}. The invoice is attached for your convenience.

If it has already been paid, thank you, and please disregard this message.

Kind regards,
{company}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
('First reminder', 1, 'Reminder: invoice {invoice} is overdue',
'Dear {contact},

Our invoice {invoice} was due on {due_date} and {amount_due} is still open. Perhaps it was overlooked: we would be grateful if you could arrange payment in the next few days. The invoice is attached.

If you have paid it in the meantime, thank you, and please disregard this reminder.

Kind regards,
{company}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
('Second reminder', 14, 'Second reminder: invoice {invoice} is {days_overdue} days overdue',
'Dear {contact},

We have not yet received payment of {amount_due} for invoice {invoice}, due on {due_date} and now {days_overdue} days overdue. Please pay it within seven days, or let us know if there is a problem with the invoice.

{late_fee}

Kind regards,
{company}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
('Final reminder', 30, 'Final reminder: invoice {invoice} is {days_overdue} days overdue',
'Dear {contact},

Despite our earlier reminders, {amount_due} on invoice {invoice}, due on {due_date}, is still unpaid. Please settle it immediately. If we do not hear from you, we will have to take further steps to recover the amount.

{late_fee}

Kind regards,
{company}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
