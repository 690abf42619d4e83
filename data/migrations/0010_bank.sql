-- Receivables, concluded: the bank. Bank accounts, the CSV layouts of the
-- banks' statement files, deposit batches of received payments, and the
-- statement lines imported from the bank with what each was reconciled to.

-- How one bank spells its CSV statements: the delimiter, the decimal
-- separator, the order of day and month, the lines before the header, and
-- which column holds what. A column is named by its header or, as "3", by
-- its place from 1; text may join several columns with "+".
CREATE TABLE bank_mappings (
	id            INTEGER PRIMARY KEY,
	name          TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
	delimiter     TEXT    NOT NULL CHECK (delimiter IN (',', ';', 'tab')),
	decimal_comma INTEGER NOT NULL CHECK (decimal_comma IN (0, 1)),
	date_order    TEXT    NOT NULL CHECK (date_order IN ('ymd', 'dmy', 'mdy')),
	header        INTEGER NOT NULL CHECK (header IN (0, 1)),
	skip_lines    INTEGER NOT NULL DEFAULT 0 CHECK (skip_lines BETWEEN 0 AND 100),
	date_col      TEXT    NOT NULL CHECK (date_col <> ''),
	amount_col    TEXT    NOT NULL DEFAULT '',
	debit_col     TEXT    NOT NULL DEFAULT '',
	credit_col    TEXT    NOT NULL DEFAULT '',
	text_col      TEXT    NOT NULL CHECK (text_col <> ''),
	reference_col TEXT    NOT NULL DEFAULT '',
	created_at    TEXT    NOT NULL,
	updated_at    TEXT    NOT NULL,
	CHECK ((amount_col <> '') <> (debit_col <> '' OR credit_col <> ''))
) STRICT;

-- An account the clients pay into. Its statements are in its currency;
-- mapping_id is the CSV layout its last CSV statement was read with, used
-- again for the next one.
CREATE TABLE bank_accounts (
	id         INTEGER PRIMARY KEY,
	name       TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
	currency   TEXT    NOT NULL CHECK (length(currency) = 3),
	number     TEXT    NOT NULL DEFAULT '',  -- IBAN or account number, as the bank's OFX files give it
	mapping_id INTEGER REFERENCES bank_mappings (id),
	created_at TEXT    NOT NULL,
	updated_at TEXT    NOT NULL
) STRICT;

CREATE INDEX bank_accounts_by_number ON bank_accounts (number) WHERE number <> '';
CREATE INDEX bank_accounts_by_mapping ON bank_accounts (mapping_id) WHERE mapping_id IS NOT NULL;

-- Received payments paid into an account together, as one amount on the
-- statement: cheques and cash taken to the bank. The total is what the bank
-- credits; the code makes sure it is the sum of the payments.
CREATE TABLE deposits (
	id          INTEGER PRIMARY KEY,
	account_id  INTEGER NOT NULL REFERENCES bank_accounts (id),
	date        TEXT    NOT NULL,  -- YYYY-MM-DD, the day it was paid in
	total_minor INTEGER NOT NULL CHECK (total_minor > 0),
	reference   TEXT    NOT NULL DEFAULT '',
	created_at  TEXT    NOT NULL
) STRICT;

CREATE INDEX deposits_by_account ON deposits (account_id, date, id);

-- A payment is in at most one deposit (the primary key).
CREATE TABLE deposit_payments (
	payment_id INTEGER PRIMARY KEY REFERENCES payments (id),
	deposit_id INTEGER NOT NULL REFERENCES deposits (id)
) STRICT;

CREATE INDEX deposit_payments_by_deposit ON deposit_payments (deposit_id, payment_id);

-- One statement file read into an account.
CREATE TABLE statement_imports (
	id          INTEGER PRIMARY KEY,
	account_id  INTEGER NOT NULL REFERENCES bank_accounts (id),
	file_name   TEXT    NOT NULL DEFAULT '',
	format      TEXT    NOT NULL CHECK (format IN ('csv', 'ofx')),
	mapping_id  INTEGER REFERENCES bank_mappings (id),
	lines_read  INTEGER NOT NULL CHECK (lines_read >= 0),
	lines_new   INTEGER NOT NULL CHECK (lines_new >= 0),
	imported_at TEXT    NOT NULL
) STRICT;

CREATE INDEX statement_imports_by_account ON statement_imports (account_id, id);

-- One line of a bank statement, in the account's currency (positive: money
-- in). dedupe_key is "ofx:" and the bank's FITID, or "csv:" and a hash of
-- the line; reading the same statement again adds nothing. A line suggested
-- or reconciled names the payment or the deposit it is; a payment or a
-- deposit is reconciled with at most one line.
CREATE TABLE bank_lines (
	id           INTEGER PRIMARY KEY,
	account_id   INTEGER NOT NULL REFERENCES bank_accounts (id),
	import_id    INTEGER NOT NULL REFERENCES statement_imports (id),
	date         TEXT    NOT NULL,
	amount_minor INTEGER NOT NULL,
	currency     TEXT    NOT NULL CHECK (length(currency) = 3),
	text         TEXT    NOT NULL DEFAULT '',
	reference    TEXT    NOT NULL DEFAULT '',
	dedupe_key   TEXT    NOT NULL CHECK (dedupe_key <> ''),
	status       TEXT    NOT NULL DEFAULT 'unmatched' CHECK (status IN ('unmatched', 'suggested', 'reconciled', 'ignored')),
	payment_id   INTEGER REFERENCES payments (id),
	deposit_id   INTEGER REFERENCES deposits (id),
	match_note   TEXT    NOT NULL DEFAULT '',
	created_at   TEXT    NOT NULL,
	updated_at   TEXT    NOT NULL,
	UNIQUE (account_id, dedupe_key),
	CHECK (payment_id IS NULL OR deposit_id IS NULL),
	CHECK ((status IN ('suggested', 'reconciled')) = (payment_id IS NOT NULL OR deposit_id IS NOT NULL))
) STRICT;

-- The lines by date, all and an account's; those still to reconcile, all
-- and an account's; the line a payment or deposit is reconciled with (at
-- most one each) and the lines it is suggested for.
CREATE INDEX bank_lines_by_date ON bank_lines (date, id);
CREATE INDEX bank_lines_by_account ON bank_lines (account_id, date, id);
CREATE INDEX bank_lines_open_by_date ON bank_lines (date, id) WHERE status IN ('unmatched', 'suggested');
CREATE INDEX bank_lines_open ON bank_lines (account_id, date, id) WHERE status IN ('unmatched', 'suggested');
CREATE INDEX bank_lines_by_import ON bank_lines (import_id);
CREATE UNIQUE INDEX bank_lines_payment ON bank_lines (payment_id) WHERE payment_id IS NOT NULL AND status = 'reconciled';
CREATE UNIQUE INDEX bank_lines_deposit ON bank_lines (deposit_id) WHERE deposit_id IS NOT NULL AND status = 'reconciled';
CREATE INDEX bank_lines_suggested_payment ON bank_lines (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX bank_lines_suggested_deposit ON bank_lines (deposit_id) WHERE deposit_id IS NOT NULL;

-- A payment that was deleted is no longer anyone's suggestion. (The code
-- refuses to delete one that is deposited or reconciled.)
CREATE TRIGGER payments_delete_suggestions BEFORE DELETE ON payments
BEGIN
	UPDATE bank_lines SET status = 'unmatched', payment_id = NULL, match_note = ''
		WHERE payment_id = old.id AND status = 'suggested';
END;
