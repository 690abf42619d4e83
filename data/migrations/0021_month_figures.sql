-- Maintained monthly figures (issue 14): revenue and month-end receivables
-- kept beside the documents, payments and credit notes in the same
-- transaction as every write that changes them, so the Reports screen's
-- revenue by month, client and item, its month-end agings and the dashboard
-- KPIs read a few hundred small rows however many invoices the book holds.
-- data/monthfigures.go writes them, recomputing each touched cell from the
-- rows; the Go step of this migration fills them by the same statements.
-- Every amount is in minor units of the row's currency.

-- The whole book's revenue per day: revenue_minor is the issued invoices'
-- subtotal after discounts less the issued credit notes' (net of tax),
-- gross_minor the same with tax (what DSO divides by), documents how many
-- issued invoices and credit notes were dated that day. A row exists while
-- documents > 0.
CREATE TABLE revenue_days (
	currency      TEXT    NOT NULL,
	day           TEXT    NOT NULL,
	revenue_minor INTEGER NOT NULL,
	gross_minor   INTEGER NOT NULL,
	documents     INTEGER NOT NULL CHECK (documents > 0),
	PRIMARY KEY (currency, day)
) STRICT, WITHOUT ROWID;

-- Each client's revenue per month ('YYYY-MM'), as revenue_days: revenue by
-- client over a period of whole months, its partial months taken from the
-- documents.
CREATE TABLE revenue_months (
	currency      TEXT    NOT NULL,
	month         TEXT    NOT NULL,
	client_id     INTEGER NOT NULL,
	revenue_minor INTEGER NOT NULL,
	documents     INTEGER NOT NULL CHECK (documents > 0),
	PRIMARY KEY (currency, month, client_id)
) STRICT, WITHOUT ROWID;

-- The whole book's revenue per day and catalog item (0 for lines typed
-- without one): the lines' LineTotals.Revenue, negative on credit notes,
-- and how many lines; a row exists while lines > 0.
CREATE TABLE item_revenue_days (
	currency      TEXT    NOT NULL,
	day           TEXT    NOT NULL,
	item_id       INTEGER NOT NULL,
	revenue_minor INTEGER NOT NULL,
	lines         INTEGER NOT NULL CHECK (lines > 0),
	PRIMARY KEY (currency, day, item_id)
) STRICT, WITHOUT ROWID;

-- What month-end agings add up: per currency, month and due date, how much
-- the positive open amounts of the issued invoices due that day changed in
-- the month — each invoice's open amount at the month's end (nothing before
-- its issue date, nothing when paid or credited beyond its total) less that
-- at the previous month's end. What was owed at the end of month M on
-- invoices due on a day is then the sum of the rows up to M, and an aging's
-- buckets are sums over due dates. A row exists while open_minor <> 0.
CREATE TABLE aging_months (
	currency   TEXT    NOT NULL,
	month      TEXT    NOT NULL,
	due_date   TEXT    NOT NULL,
	open_minor INTEGER NOT NULL CHECK (open_minor <> 0),
	PRIMARY KEY (currency, month, due_date)
) STRICT, WITHOUT ROWID;
-- A write recomputes every month of the due dates it touched.
CREATE INDEX aging_months_by_due ON aging_months (currency, due_date);

-- The overpaid or over-credited invoices, whose excess is the client's
-- credit: the dashboard's credit total reads them without the open ones.
CREATE INDEX documents_overpaid ON documents (currency, open_since) WHERE open_minor < 0;
