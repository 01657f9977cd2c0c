import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Progress of running jobs. pg-boss keeps none, so a handler's progress(done, total, note) lands
 * here, keyed by pg-boss's job id; the jobs page joins it to the queue's own rows.
 */
export const jobProgress = pgTable('job_progress', {
  jobId: text('job_id').primaryKey(),
  queue: text('queue').notNull(),
  done: integer('done').notNull().default(0),
  total: integer('total'),
  note: text('note'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
