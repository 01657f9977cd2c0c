-- TRUNCATE fires no row trigger, so the 180-day retention rule did not hold against it. Refuse it
-- on the audit tables unless the transaction has declared itself a whole-database restore or demo
-- reset (SET LOCAL shoutu.replace_audit = 'on'); those write their own record into the new log.
CREATE OR REPLACE FUNCTION shoutu_audit_truncate_guard() RETURNS trigger AS $$
BEGIN
  IF coalesce(current_setting('shoutu.replace_audit', true), '') <> 'on' THEN
    RAISE EXCEPTION 'the audit log cannot be truncated (only a restore or demo reset may replace it)';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_truncate_guard BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION shoutu_audit_truncate_guard();
--> statement-breakpoint
CREATE TRIGGER audit_anchors_truncate_guard BEFORE TRUNCATE ON audit_anchors
  FOR EACH STATEMENT EXECUTE FUNCTION shoutu_audit_truncate_guard();
--> statement-breakpoint
CREATE TRIGGER audit_head_truncate_guard BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION shoutu_audit_truncate_guard();
