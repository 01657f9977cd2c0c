-- Audit records younger than 180 days can never be deleted, whatever code or person tries.
CREATE OR REPLACE FUNCTION shoutu_audit_retention() RETURNS trigger AS $$
BEGIN
  IF OLD.at > now() - interval '180 days' THEN
    RAISE EXCEPTION 'audit records younger than 180 days cannot be deleted (id %)', OLD.id;
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_retention BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION shoutu_audit_retention();
--> statement-breakpoint
INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (true, 0, repeat('0', 64));
