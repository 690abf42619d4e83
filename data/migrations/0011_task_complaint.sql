-- A follow-up task can be about a complaint, as it can be about an invoice or
-- a contract.
ALTER TABLE tasks ADD COLUMN complaint_id INTEGER REFERENCES complaints (id) ON DELETE SET NULL;
CREATE INDEX tasks_by_complaint ON tasks (complaint_id) WHERE complaint_id IS NOT NULL;
