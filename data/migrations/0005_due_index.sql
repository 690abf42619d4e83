-- Documents by due date, for what became overdue (the Today screen) and
-- reminders.
CREATE INDEX documents_by_due ON documents (kind, status, due_date);
