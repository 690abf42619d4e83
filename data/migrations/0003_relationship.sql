-- The relationship: contracts billed every period, the timeline of calls,
-- emails, meetings, visits and notes with each client, and follow-up tasks.

-- A contract bills its client the same lines every period from start_date
-- until end_date. billed_through is the end of the last period invoiced; the
-- billing run starts after it, so a missed run is caught up once.
CREATE TABLE contracts (
	id                  INTEGER PRIMARY KEY,
	client_id           INTEGER NOT NULL REFERENCES clients (id),
	title               TEXT    NOT NULL CHECK (title <> ''),
	value_minor         INTEGER NOT NULL CHECK (value_minor >= 0),  -- in currency's minor units
	currency            TEXT    NOT NULL CHECK (length(currency) = 3),
	start_date          TEXT    NOT NULL,              -- YYYY-MM-DD
	end_date            TEXT    NOT NULL DEFAULT '',   -- '' for open-ended
	notice_days         INTEGER NOT NULL DEFAULT 0 CHECK (notice_days BETWEEN 0 AND 730),
	auto_renew          INTEGER NOT NULL DEFAULT 0 CHECK (auto_renew IN (0, 1)),
	cycle               TEXT    NOT NULL CHECK (cycle IN ('monthly', 'quarterly', 'half-yearly', 'yearly')),
	timing              TEXT    NOT NULL CHECK (timing IN ('in-advance', 'in-arrears')),
	billing_day         INTEGER NOT NULL CHECK (billing_day BETWEEN 1 AND 31),
	issue_automatically INTEGER NOT NULL DEFAULT 0 CHECK (issue_automatically IN (0, 1)),
	status              TEXT    NOT NULL CHECK (status IN ('active', 'ended', 'lapsed')),
	billed_through      TEXT    NOT NULL DEFAULT '',   -- YYYY-MM-DD; '' before the first invoice
	created_at          TEXT    NOT NULL,
	updated_at          TEXT    NOT NULL,
	CHECK (end_date = '' OR end_date >= start_date)
) STRICT;

CREATE INDEX contracts_by_status ON contracts (status, id);
CREATE INDEX contracts_by_client ON contracts (client_id, status);
CREATE INDEX contracts_by_end    ON contracts (status, end_date) WHERE end_date <> '';

CREATE TABLE contract_lines (
	id               INTEGER PRIMARY KEY,
	contract_id      INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
	position         INTEGER NOT NULL,
	item_id          INTEGER REFERENCES items (id),
	description      TEXT    NOT NULL CHECK (description <> ''),
	quantity         TEXT    NOT NULL,  -- exact decimal
	unit_price_minor INTEGER NOT NULL   -- in the contract's currency
) STRICT;

CREATE INDEX contract_lines_by_contract ON contract_lines (contract_id, position);
CREATE INDEX contract_lines_by_item     ON contract_lines (item_id) WHERE item_id IS NOT NULL;

CREATE TABLE contract_line_taxes (
	line_id  INTEGER NOT NULL REFERENCES contract_lines (id) ON DELETE CASCADE,
	position INTEGER NOT NULL,
	rate_id  INTEGER,  -- the rate it was copied from; the snapshot below is what counts
	name     TEXT    NOT NULL,
	percent  TEXT    NOT NULL,
	compound INTEGER NOT NULL CHECK (compound IN (0, 1)),
	PRIMARY KEY (line_id, position)
) STRICT, WITHOUT ROWID;

-- One row per period a contract has invoiced. The unique key is what makes
-- the billing run idempotent: a period can be invoiced once, whatever runs
-- it. The row stays when its draft invoice is deleted (document_id becomes
-- NULL), so a discarded period is not billed again.
CREATE TABLE contract_invoices (
	id           INTEGER PRIMARY KEY,
	contract_id  INTEGER NOT NULL REFERENCES contracts (id),
	period_start TEXT    NOT NULL,  -- YYYY-MM-DD
	period_end   TEXT    NOT NULL,  -- YYYY-MM-DD, inclusive
	document_id  INTEGER REFERENCES documents (id) ON DELETE SET NULL,
	created_at   TEXT    NOT NULL,
	UNIQUE (contract_id, period_start),
	CHECK (period_end >= period_start)
) STRICT;

CREATE INDEX contract_invoices_by_document ON contract_invoices (document_id) WHERE document_id IS NOT NULL;

-- The timeline: what happened with a client, when, and what comes next.
-- contact_name keeps who it was with as it was written, because a client's
-- contacts are rewritten (and renumbered) whenever the client is saved.
CREATE TABLE activities (
	id           INTEGER PRIMARY KEY,
	client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
	contact_id   INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
	contact_name TEXT    NOT NULL DEFAULT '',
	at           TEXT    NOT NULL,  -- UTC, YYYY-MM-DDTHH:MM:SSZ (fixed width, sorts as text)
	kind         TEXT    NOT NULL CHECK (kind IN ('call', 'email', 'meeting', 'visit', 'note')),
	subject      TEXT    NOT NULL CHECK (subject <> ''),
	body         TEXT    NOT NULL DEFAULT '',
	outcome      TEXT    NOT NULL DEFAULT '',
	next_step    TEXT    NOT NULL DEFAULT '',
	search_text  TEXT    NOT NULL DEFAULT '',  -- folded subject, body, outcome, next step, contact
	created_at   TEXT    NOT NULL,
	updated_at   TEXT    NOT NULL
) STRICT;

CREATE INDEX activities_by_at      ON activities (at, id);
CREATE INDEX activities_by_client  ON activities (client_id, at, id);
CREATE INDEX activities_by_contact ON activities (contact_id) WHERE contact_id IS NOT NULL;
-- Last contacted: the latest activity with a client that was not just a note.
CREATE INDEX activities_contact_by_client ON activities (client_id, at) WHERE kind <> 'note';

CREATE VIRTUAL TABLE activities_fts USING fts5 (
	search_text, content = 'activities', content_rowid = 'id', tokenize = 'trigram', detail = 'none'
);

CREATE TRIGGER activities_fts_insert AFTER INSERT ON activities
BEGIN
	INSERT INTO activities_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER activities_fts_delete AFTER DELETE ON activities
BEGIN
	INSERT INTO activities_fts (activities_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;

CREATE TRIGGER activities_fts_update AFTER UPDATE OF search_text ON activities
BEGIN
	INSERT INTO activities_fts (activities_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
	INSERT INTO activities_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

-- Follow-ups. A task shows up on its due date, or on snoozed_until once
-- snoozed; done_at closes it.
CREATE TABLE tasks (
	id            INTEGER PRIMARY KEY,
	title         TEXT    NOT NULL CHECK (title <> ''),
	notes         TEXT    NOT NULL DEFAULT '',
	due_date      TEXT    NOT NULL,  -- YYYY-MM-DD
	due_time      TEXT    CHECK (due_time IS NULL OR length(due_time) = 5),  -- HH:MM, NULL for any time that day
	priority      TEXT    NOT NULL CHECK (priority IN ('low', 'normal', 'high')),
	client_id     INTEGER REFERENCES clients (id) ON DELETE CASCADE,
	document_id   INTEGER REFERENCES documents (id) ON DELETE SET NULL,
	contract_id   INTEGER REFERENCES contracts (id) ON DELETE SET NULL,
	done_at       TEXT,  -- UTC, RFC 3339; NULL while open
	snoozed_until TEXT,  -- YYYY-MM-DD, after due_date; NULL when not snoozed
	created_at    TEXT    NOT NULL,
	updated_at    TEXT    NOT NULL,
	CHECK (snoozed_until IS NULL OR snoozed_until > due_date)
) STRICT;

-- Open tasks by the day they show up: the "due by" list.
CREATE INDEX tasks_open_by_day  ON tasks (coalesce(snoozed_until, due_date), id) WHERE done_at IS NULL;
CREATE INDEX tasks_by_client    ON tasks (client_id, due_date) WHERE client_id IS NOT NULL;
CREATE INDEX tasks_by_document  ON tasks (document_id) WHERE document_id IS NOT NULL;
CREATE INDEX tasks_by_contract  ON tasks (contract_id) WHERE contract_id IS NOT NULL;
