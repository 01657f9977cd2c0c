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

/**
 * What the queue's self-test job (`platform.probe`) finished: one row per job, written in the
 * attempt's single closing statement. The multi-process test and the jobs benchmark read it to
 * prove each job took effect exactly once, also when a worker was killed mid-job.
 */
export const jobProbeRuns = pgTable('job_probe_runs', {
  jobId: text('job_id').primaryKey(),
  tag: text('tag').notNull(),
  pid: integer('pid').notNull(),
  attempt: integer('attempt').notNull(),
  runs: integer('runs').notNull().default(1),
  finishedAt: timestamp('finished_at', { withTimezone: true }).notNull(),
});
