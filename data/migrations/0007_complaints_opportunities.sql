-- The relationship, continued: complaints a client raised and how they were
-- resolved, the sales pipeline of opportunities, and revenue targets.

-- A complaint is a record of a grievance and of what was done about it, so it
-- is kept with the client's history: a client with complaints is made
-- inactive, not deleted. contact_name keeps who raised it as it was written,
-- as for activities. resolved_on is set exactly when the complaint is settled
-- (resolved or closed), so time to resolve is always resolved_on - opened_on.
CREATE TABLE complaints (
	id           INTEGER PRIMARY KEY,
	client_id    INTEGER NOT NULL REFERENCES clients (id),
	contact_name TEXT    NOT NULL DEFAULT '',
	opened_on    TEXT    NOT NULL,  -- YYYY-MM-DD, the day it was raised
	category     TEXT    NOT NULL DEFAULT '',
	severity     TEXT    NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
	department   TEXT    NOT NULL DEFAULT '',
	status       TEXT    NOT NULL CHECK (status IN ('open', 'in-progress', 'waiting-on-client', 'resolved', 'closed')),
	subject      TEXT    NOT NULL CHECK (subject <> ''),
	description  TEXT    NOT NULL DEFAULT '',
	resolution   TEXT    NOT NULL DEFAULT '',  -- how it was resolved
	resolved_on  TEXT,                         -- YYYY-MM-DD; NULL while it is not settled
	created_at   TEXT    NOT NULL,
	updated_at   TEXT    NOT NULL,
	CHECK ((status IN ('resolved', 'closed')) = (resolved_on IS NOT NULL)),
	CHECK (resolved_on IS NULL OR resolved_on >= opened_on)
) STRICT;

-- A client's complaints, newest first (also the index of the foreign key);
-- every client's by status; the clients with complaints still open; the
-- resolved ones, for time to resolve.
CREATE INDEX complaints_by_client   ON complaints (client_id, opened_on, id);
CREATE INDEX complaints_by_status   ON complaints (status, opened_on, id);
CREATE INDEX complaints_open        ON complaints (client_id) WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX complaints_by_resolved ON complaints (client_id, resolved_on) WHERE resolved_on IS NOT NULL;

-- An opportunity is business that may come: its value, how likely it is
-- (0 to 100 percent) and when it should close. Winning one may make a draft
-- quote, linked by quote_id; losing one records why. A client with
-- opportunities is kept, like one with documents.
CREATE TABLE opportunities (
	id             INTEGER PRIMARY KEY,
	client_id      INTEGER NOT NULL REFERENCES clients (id),
	title          TEXT    NOT NULL CHECK (title <> ''),
	kind           TEXT    NOT NULL CHECK (kind IN ('upsell', 'cross-sell', 'renewal', 'new-business')),
	value_minor    INTEGER NOT NULL CHECK (value_minor >= 0),  -- in currency's minor units
	currency       TEXT    NOT NULL CHECK (length(currency) = 3),
	probability    INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),  -- percent
	expected_close TEXT    NOT NULL,  -- YYYY-MM-DD
	stage          TEXT    NOT NULL DEFAULT '',  -- the account manager's own words: "Proposal sent"
	status         TEXT    NOT NULL CHECK (status IN ('open', 'won', 'lost')),
	lost_reason    TEXT    NOT NULL DEFAULT '',
	quote_id       INTEGER REFERENCES documents (id) ON DELETE SET NULL,
	created_at     TEXT    NOT NULL,
	updated_at     TEXT    NOT NULL,
	CHECK ((status = 'lost') = (lost_reason <> ''))
) STRICT;

-- The pipeline by expected close; one client's; the weighted pipeline of one
-- currency; the opportunity a quote belongs to (and the foreign key's
-- ON DELETE SET NULL when a draft quote is deleted).
CREATE INDEX opportunities_by_status   ON opportunities (status, expected_close, id);
CREATE INDEX opportunities_by_client   ON opportunities (client_id, expected_close, id);
CREATE INDEX opportunities_by_currency ON opportunities (status, currency);
CREATE INDEX opportunities_by_quote    ON opportunities (quote_id) WHERE quote_id IS NOT NULL;

-- A revenue target for a calendar month or quarter in one currency, for the
-- whole book (client_id NULL) or one client. A target is a plan, not
-- history, so it goes with its client.
CREATE TABLE targets (
	id           INTEGER PRIMARY KEY,
	period_kind  TEXT    NOT NULL CHECK (period_kind IN ('month', 'quarter')),
	period_start TEXT    NOT NULL,  -- YYYY-MM-DD, the first day of the month or quarter
	client_id    INTEGER REFERENCES clients (id) ON DELETE CASCADE,
	amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),  -- in currency's minor units
	currency     TEXT    NOT NULL CHECK (length(currency) = 3),
	created_at   TEXT    NOT NULL,
	updated_at   TEXT    NOT NULL,
	CHECK (substr(period_start, 9, 2) = '01'),
	CHECK (period_kind = 'month' OR substr(period_start, 6, 2) IN ('01', '04', '07', '10'))
) STRICT;

-- One target per period, client and currency. A UNIQUE constraint would let
-- any number of book-wide targets through, since NULLs never clash, so the
-- key counts the book as client 0.
CREATE UNIQUE INDEX targets_by_period ON targets (period_kind, period_start, coalesce(client_id, 0), currency);
-- Targets in period order for a list; one client's (also the foreign key's).
CREATE INDEX targets_by_start  ON targets (period_start, period_kind);
CREATE INDEX targets_by_client ON targets (client_id, period_start) WHERE client_id IS NOT NULL;
