import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { units, users } from '../platform/tables.js';

/**
 * Every saved version of every cadence requirement, append-only: an edit never rewrites a row,
 * so the rules that judged a past period can always be shown. The rule set in force is, per
 * requirement id and effective date, the highest version (a same-day correction supersedes).
 */
export const requirementVersions = pgTable(
  'requirement_versions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    requirementId: text('requirement_id').notNull(),
    version: integer('version').notNull(),
    /** Beijing date from which this version judges periods; null = since always (the seed). */
    effectiveFrom: date('effective_from', { mode: 'string' }),
    /** The whole requirement as the cadence engine reads it (validated by requirementSchema). */
    requirement: jsonb('requirement').notNull(),
    updatedBy: integer('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('requirement_versions_uq').on(t.requirementId, t.version)],
);

export const notificationKinds = ['due-soon', 'overdue'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/** In-app notices to one account. `dedupeKey` makes a reminder run idempotent per recipient. */
export const notifications = pgTable(
  'notifications',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The unit the notice is about (for the access check of fixtures and for filtering). */
    unitId: integer('unit_id').references(() => units.id),
    kind: text('kind', { enum: notificationKinds }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** Path in the web app the notice opens. */
    link: text('link').notNull().default(''),
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_dedupe_uq').on(t.userId, t.dedupeKey),
    index('notifications_user_idx').on(t.userId, t.createdAt),
  ],
);
