import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { units, users } from './tables.js';

/**
 * In-app notices to one account, written by `notify()` (platform/notifications.ts) for any
 * module. `kind` is open-ended text (labels come from the kind registry); `entity`/`entity_id`
 * name the record the notice is about; `dedupe_key` (null = not deduplicated) makes a producer
 * idempotent per (kind, record, period) for each recipient.
 *
 * The table kept the name it had when compliance owned it: its rows stay where they are, and
 * migration 0008_notifications_move_reminders fills the record columns of the old reminder rows and rewrites their keys.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The unit the notice is about (for the access check of fixtures and for filtering). */
    unitId: integer('unit_id').references(() => units.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** Path in the web app the notice opens. */
    link: text('link').notNull().default(''),
    /** The record the notice is about, e.g. `rectification` / `12`; '' when none. */
    entity: text('entity').notNull().default(''),
    entityId: text('entity_id').notNull().default(''),
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_dedupe_uq').on(t.userId, t.dedupeKey),
    index('notifications_user_idx').on(t.userId, t.createdAt),
  ],
);
