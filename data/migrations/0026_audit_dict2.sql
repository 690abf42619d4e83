-- Audit entries written from this version are packed with dictionary 2
-- (auditpack.go): the fixed dictionary followed by the entry's own id and
-- time, which a record's JSON repeats. Nothing in the schema changes; the
-- version tells a Clientbook that cannot read such entries not to open the
-- book. Entries written before keep dictionary 1 and their links: packing is
-- how an entry is stored, not what its link hashes.
SELECT 1;
