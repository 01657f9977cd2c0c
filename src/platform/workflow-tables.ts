import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { units } from './tables.js';

/**
 * Every state change of every workflow record, in one table: this is the timeline each record
 * shows (`GET /timeline/:kind/:id`). `kind` is the workflow's record kind (e.g.
 * `responsibility-letter`), `record_id` the record's id in its own table; the unit is repeated so
 * that scope applies without a join. The first row of a record has `from_state` null (creation).
 */
export const workflowTransitions = pgTable(
  'workflow_transitions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind').notNull(),
    recordId: integer('record_id').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    action: text('action').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name').notNull().default(''),
    at: timestamp('at', { withTimezone: true }).notNull(),
    comment: text('comment').notNull().default(''),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('workflow_transitions_record_idx').on(t.kind, t.recordId, t.id)],
);

/**
 * Deadlines of workflow records (e.g. an incident's 48-hour response): started by a transition,
 * met by a later one, marked breached once by `checkClocks` when the due time passes unmet.
 */
export const workflowClocks = pgTable(
  'workflow_clocks',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    kind: text('kind').notNull(),
    recordId: integer('record_id').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    metAt: timestamp('met_at', { withTimezone: true }),
    breachedAt: timestamp('breached_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('workflow_clocks_record_name_uq').on(t.kind, t.recordId, t.name),
    // The job's question: open clocks by due time.
    index('workflow_clocks_open_due_idx')
      .on(t.dueAt)
      .where(sql`${t.metAt} is null and ${t.breachedAt} is null`),
  ],
);
