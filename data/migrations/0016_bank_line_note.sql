-- What an import did to a statement line as the file gave it, for the person
-- reconciling it: an amount with more decimals than the account's currency
-- is rounded to it (half away from zero) and the line says so, "rounded from
-- -12.3456 EUR", instead of the whole file being refused.
ALTER TABLE bank_lines ADD COLUMN import_note TEXT NOT NULL DEFAULT '';
