-- Money paid back to a client out of its unapplied credit (an overpayment,
-- or a credit note beyond what an invoice was for).
CREATE TABLE refunds (
	id           INTEGER PRIMARY KEY,
	client_id    INTEGER NOT NULL REFERENCES clients (id),
	date         TEXT    NOT NULL,  -- YYYY-MM-DD, the day the money went back
	amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),  -- in currency's minor units
	currency     TEXT    NOT NULL CHECK (length(currency) = 3),
	method       TEXT    NOT NULL CHECK (method IN ('bank-transfer', 'card', 'cash', 'cheque', 'other')),
	reference    TEXT    NOT NULL DEFAULT '',
	note         TEXT    NOT NULL DEFAULT '',
	created_at   TEXT    NOT NULL
) STRICT;

-- A client's refunds by date (also the foreign key's index); every client's
-- in one currency, for the aging's credits.
CREATE INDEX refunds_by_client   ON refunds (client_id, date, id);
CREATE INDEX refunds_by_currency ON refunds (currency, date);
