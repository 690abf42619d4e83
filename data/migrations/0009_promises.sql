-- Promises to pay by the day promised, for the Today screen's promises that
-- fell due.
CREATE INDEX collection_promises ON collection_entries (promised_date) WHERE kind = 'promise-to-pay';
