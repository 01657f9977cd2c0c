import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { units, users } from './tables.js';

/** open → done (the unit reports it fixed) → closed (the opening module's verdict); or reopened. */
export const rectificationStatuses = ['open', 'done', 'closed'] as const;
export type RectificationStatus = (typeof rectificationStatuses)[number];

/**
 * One 整改 (rectification) record per finding, whichever module found it. The finding is kept
 * as data (`finding`: target, column, text, … as the source module describes it); the subject is
 * the record the finding is about (e.g. `position` 12), so a later check of the same subject can
 * close what it no longer finds. (source, subject, code, target) is unique: repeated checks meet
 * the record already open instead of opening another, and a finding that returns after closing
 * reopens its old record.
 */
export const rectifications = pgTable(
  'rectifications',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    /** The module that opened it (its verdict closes it), e.g. `sitecheck`, `committee`. */
    source: text('source').notNull(),
    subjectEntity: text('subject_entity').notNull().default(''),
    subjectId: text('subject_id').notNull().default(''),
    /** The finding's code within its source, e.g. `dead-link`, `stale-column`. */
    code: text('code').notNull(),
    /** What the finding points at (a URL, a column name, …); '' when the code says it all. */
    target: text('target').notNull().default(''),
    title: text('title').notNull(),
    finding: jsonb('finding').notNull().default(sql`'{}'::jsonb`),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    status: text('status', { enum: rectificationStatuses }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    openedBy: integer('opened_by').references(() => users.id),
    /** The last time the source found it again (a re-check that still finds it). */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    reportNote: text('report_note').notNull().default(''),
    evidenceIds: integer('evidence_ids').array().notNull().default(sql`'{}'::integer[]`),
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    reportedBy: integer('reported_by').references(() => users.id),
    /** The verdict that closed (or last rejected) it, e.g. `recheck-clear`, `accepted`. */
    verdict: text('verdict').notNull().default(''),
    verdictComment: text('verdict_comment').notNull().default(''),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: integer('closed_by').references(() => users.id),
    reopenCount: integer('reopen_count').notNull().default(0),
  },
  (t) => [
    uniqueIndex('rectifications_finding_uq').on(
      t.source,
      t.subjectEntity,
      t.subjectId,
      t.code,
      t.target,
    ),
    index('rectifications_unit_status_idx').on(t.unitId, t.status),
    index('rectifications_subject_idx').on(t.subjectEntity, t.subjectId),
  ],
);
