import { date, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../platform/tables.js';

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
