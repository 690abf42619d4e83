-- When each client was last called, emailed, met or visited (notes do not
-- count), kept on the client by triggers so the client list can show and sort
-- by it through an index. '' for never.
ALTER TABLE clients ADD COLUMN last_contacted_at TEXT NOT NULL DEFAULT '';

UPDATE clients SET last_contacted_at = coalesce(
	(SELECT max(at) FROM activities WHERE client_id = clients.id AND kind <> 'note'), '');

CREATE INDEX clients_by_last_contact ON clients (last_contacted_at, name_key, id);

CREATE TRIGGER activities_contact_insert AFTER INSERT ON activities
BEGIN
	UPDATE clients SET last_contacted_at = coalesce(
		(SELECT max(at) FROM activities WHERE client_id = new.client_id AND kind <> 'note'), '')
	WHERE id = new.client_id;
END;

CREATE TRIGGER activities_contact_update AFTER UPDATE OF client_id, at, kind ON activities
BEGIN
	UPDATE clients SET last_contacted_at = coalesce(
		(SELECT max(at) FROM activities WHERE client_id = clients.id AND kind <> 'note'), '')
	WHERE id IN (old.client_id, new.client_id);
END;

CREATE TRIGGER activities_contact_delete AFTER DELETE ON activities
BEGIN
	UPDATE clients SET last_contacted_at = coalesce(
		(SELECT max(at) FROM activities WHERE client_id = old.client_id AND kind <> 'note'), '')
	WHERE id = old.client_id;
END;
