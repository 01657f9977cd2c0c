import { bigint, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * Anchors of the audit chain: an SM3 HMAC over a record's id and hash, keyed by a secret kept
 * outside the database (SHOUTU_AUDIT_KEY or the key file in the data directory). Whoever can
 * write the database can recompute every SM3 hash, but not these: a rewritten chain no longer
 * matches its anchors. One anchor closes every segment of records (`kind` 'segment'); one more,
 * rewritten on every append, covers the newest record (`kind` 'head', id 0).
 */
export const auditAnchors = pgTable('audit_anchors', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  kind: text('kind', { enum: ['segment', 'head'] }).notNull(),
  recordId: bigint('record_id', { mode: 'number' }).notNull(),
  recordHash: text('record_hash').notNull(),
  mac: text('mac').notNull(),
});
