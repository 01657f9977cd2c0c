-- Notifications moved from compliance to the platform (same table). The reminders written before
-- the move keyed themselves `<kind>:<requirement>:<unit>:<period>`; the platform's notify() keys a
-- notice `<kind>|<entity>|<record id>|<period>`. Rewrite the old keys (and fill the record
-- columns) so the first reminder run after the upgrade recognises what it already sent.
UPDATE "notifications" AS n
SET
  "entity" = 'requirement',
  "entity_id" = m.parts[2],
  "dedupe_key" = n."kind" || '|requirement|' || m.parts[2] || '|' || m.parts[3] || '/' || m.parts[4]
FROM (
  SELECT "id", regexp_match("dedupe_key", '^(due-soon|overdue):(.+):([0-9]+):([^:]+)$') AS parts
  FROM "notifications"
) AS m
WHERE m."id" = n."id" AND m.parts IS NOT NULL AND n."entity" = '';
