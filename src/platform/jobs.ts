/**
 * Durable jobs: one interface over pg-boss 12.38.0 (pinned; see docs/decisions.md) on both
 * databases. On PostgreSQL the queue lives in its own schema of the same database and is shared by
 * every `shoutu serve` / `shoutu worker` process; on PGlite it runs inside the one process that owns
 * the data directory.
 *
 * Delivery is at least once: a job whose process dies mid-run (or whose heartbeat stops) runs again
 * elsewhere, so every handler must be safe to run twice — write with upserts or keyed inserts,
 * finish with one transaction, and never leave half of an attempt visible.
 */
import { sql } from 'drizzle-orm';
import {
  type Clock as BossClock,
  type ConstructorOptions,
  fromDrizzle,
  fromPglite,
  type Job,
  type JobResult,
  PgBoss,
  type SendOptions,
} from 'pg-boss';
import { type Clock, systemClock } from './clock.js';
import type { Database, Db } from './db.js';

/** pg-boss's own schema in our database (dropped and recreated only by pg-boss itself). */
export const JOBS_SCHEMA = 'pgboss';
/** The longest job we run (a full website check); a job active longer than this is failed. */
export const LONGEST_JOB_SECONDS = 2_400;
/** Default heartbeat: a killed worker's job is picked up again ~this many seconds (+ monitor) later. */
export const DEFAULT_HEARTBEAT_SECONDS = 30;
/** Schedules are read in Beijing time: "every day at 02:00" means 02:00 in 北京. */
export const SCHEDULE_TZ = 'Asia/Shanghai';

// Measured (ARCHITECTURE.md, job queue): a killed worker's job was retried after ~11 s with these.
const MONITOR_INTERVAL_SECONDS = 10;
const SUPERVISE_INTERVAL_SECONDS = 10;
const NOTIFY_POLLING_INTERVAL_SECONDS = 2;
const POLLING_INTERVAL_SECONDS = 2;
/** Any constant: all our processes take it before creating queues on a possibly fresh schema. */
const QUEUE_SETUP_LOCK = 72_610_401;

export interface JobContext<T> {
  /** pg-boss's id of the job (a UUID), the same in every attempt. */
  id: string;
  name: string;
  data: T;
  /** 0 on the first run, 1 on the first retry, … */
  attempt: number;
  /** Aborted when the job is cancelled, its claim is lost, or the process stops. */
  signal: AbortSignal;
  /** Records how far the job got (shown on the jobs page); also counts as a heartbeat. */
  progress(done: number, total?: number | null, note?: string | null): Promise<void>;
  /** Tells the queue this attempt is alive. Sent automatically every heartbeatSeconds/2 too. */
  heartbeat(): Promise<void>;
  db: Db;
  database: Database;
  clock: Clock;
}

export type JobHandler<T> = (job: JobContext<T>) => Promise<unknown>;

export type QueuePolicyName = 'standard' | 'stately' | 'singleton' | 'exclusive';

export interface JobOptions {
  /**
   * `stately` with a singletonKey on each job: at most one queued and one running per key (one
   * check per website at a time); `singleton`: one running per key; `standard`: no limits.
   */
  policy?: QueuePolicyName;
  /** Retries after the first attempt (default 2). */
  retryLimit?: number;
  /** Seconds before the first retry (default 10). */
  retryDelaySeconds?: number;
  /** Doubles the delay on each retry, with jitter (default true). */
  retryBackoff?: boolean;
  /** A running job is failed (and retried) after this many seconds (default 2,400). */
  expireInSeconds?: number;
  /** Seconds without a heartbeat after which a running job is retried elsewhere (≥ 10, default 30). */
  heartbeatSeconds?: number;
  /** Jobs fetched at once by each worker (default 1); full batches are fetched back to back. */
  batchSize?: number;
  /** Workers per process for this job (default 1). */
  concurrency?: number;
  /** Completed jobs are kept this many seconds for the jobs page (default 7 days). */
  keepSeconds?: number;
  /** Chinese name shown on the jobs page (default: the job's name). */
  label?: string;
}

export interface JobDefinition<T = unknown> {
  name: string;
  handler: JobHandler<T>;
  options: JobOptions;
}

export interface ScheduleDefinition {
  /** The job (a JobDefinition's name) the schedule enqueues. */
  job: string;
  /** Cron in Beijing time, minute resolution: `0 * * * *` is every hour on the hour. */
  cron: string;
  data?: Record<string, unknown>;
}

export interface JobsDefinitions {
  jobs: readonly JobDefinition<never>[];
  schedules?: readonly ScheduleDefinition[];
}

/**
 * Declares a job. `name` may hold letters, digits, `.`, `-`, `_` and `/` (e.g.
 * `compliance.reminders`). The handler may run more than once for one job (a retry after an
 * error, or another process taking over from one that died): make it idempotent.
 */
export function defineJob<T>(
  name: string,
  handler: JobHandler<T>,
  options: JobOptions = {},
): JobDefinition<T> {
  if (!/^[\w.\-/]+$/.test(name)) throw new Error(`job name ${name} has characters pg-boss refuses`);
  if (options.heartbeatSeconds !== undefined && options.heartbeatSeconds < 10)
    throw new Error(`job ${name}: heartbeatSeconds must be at least 10`);
  if (options.label) jobLabels.set(name, options.label);
  return { name, handler, options };
}

const jobLabels = new Map<string, string>();

/** The Chinese name a job was defined with (its name when none). */
export function jobLabel(name: string): string {
  return jobLabels.get(name) ?? name;
}

export function defineSchedule(
  job: string,
  cron: string,
  data?: Record<string, unknown>,
): ScheduleDefinition {
  return { job, cron, data };
}

export interface StartOptions {
  /** Run handlers in this process (false on a web-only node: it still enqueues and schedules). */
  workers: boolean;
  /** PostgreSQL: the URL pg-boss opens its own small pool with (defaults to `database.url`). */
  databaseUrl?: string;
  /** The clock handlers see (ctx.clock). */
  clock?: Clock;
  /** pg-boss's clock for its timers and SQL `now()`: a pg-boss TestClock in tests. */
  queueClock?: BossClock;
  /** Name in pg-boss's instance registry (e.g. `serve`, `worker`). */
  instanceName?: string;
  /** Turn schedules into jobs from this process (default true; any number of processes may). */
  scheduling?: boolean;
}

export interface EnqueueOptions {
  /** With a `stately`/`singleton` job: a second job of the same key is refused (null id). */
  singletonKey?: string;
  /** Not before this time (a Date) or this many seconds from now. */
  startAfter?: Date | number;
  retryLimit?: number;
  retryBackoff?: boolean;
  retryDelaySeconds?: number;
  /** Enqueue inside this transaction: the job exists only if it commits (and, on PGlite, required inside a route). */
  tx?: Db;
}

export interface JobRow {
  id: string;
  name: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  data: unknown;
  output: unknown;
  attempt: number;
  retryLimit: number;
  singletonKey: string | null;
  createdAt: Date;
  startAfter: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  progress: { done: number; total: number | null; note: string | null; at: Date } | null;
}

interface Runtime {
  boss: PgBoss;
  database: Database;
  definitions: Map<string, JobDefinition<never>>;
  workers: boolean;
  stopping: boolean;
}

let runtime: Runtime | null = null;

/** True while startJobs has run in this process and stopJobs has not. */
export function jobsRunning(): boolean {
  return runtime !== null && !runtime.stopping;
}

function requireRuntime(): Runtime {
  if (!runtime || runtime.stopping) throw new Error('jobs are not started in this process');
  return runtime;
}

function queueOptions(options: JobOptions) {
  return {
    policy: options.policy ?? 'standard',
    retryLimit: options.retryLimit ?? 2,
    retryDelay: options.retryDelaySeconds ?? 10,
    retryBackoff: options.retryBackoff ?? true,
    expireInSeconds: options.expireInSeconds ?? LONGEST_JOB_SECONDS,
    heartbeatSeconds: options.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS,
    deleteAfterSeconds: options.keepSeconds ?? 7 * 86_400,
    notify: true,
  };
}

function bossFor(database: Database, options: StartOptions): PgBoss {
  const common: ConstructorOptions = {
    schema: JOBS_SCHEMA,
    monitorIntervalSeconds: MONITOR_INTERVAL_SECONDS,
    superviseIntervalSeconds: SUPERVISE_INTERVAL_SECONDS,
    useListenNotify: true,
    schedule: options.scheduling ?? true,
    instanceName: options.instanceName ?? (options.workers ? 'worker' : 'web'),
    ...(options.queueClock ? { clock: options.queueClock } : {}),
  };
  if (database.kind === 'pglite') {
    if (!database.pglite) throw new Error('PGlite database without its instance');
    return new PgBoss({ ...common, db: fromPglite(database.pglite), backend: 'pglite' });
  }
  const url = options.databaseUrl ?? (database as { url?: string }).url;
  if (!url) throw new Error('jobs on PostgreSQL need the database URL');
  return new PgBoss({ ...common, connectionString: url, max: 5, application_name: 'shoutu-jobs' });
}

/**
 * Starts the queue in this process: installs pg-boss's schema and creates/updates the queues of
 * `definitions` (under one advisory lock on PostgreSQL: concurrent createQueue on a fresh schema
 * deadlocks), registers the schedules, and with `workers` runs the handlers. One call per process.
 */
export async function startJobs(
  database: Database,
  definitions: JobsDefinitions,
  options: StartOptions,
): Promise<void> {
  if (runtime) throw new Error('jobs already started in this process');
  const byName = new Map<string, JobDefinition<never>>();
  for (const job of definitions.jobs) {
    if (byName.has(job.name)) throw new Error(`job ${job.name} defined twice`);
    byName.set(job.name, job);
  }
  const boss = bossFor(database, options);
  boss.on('error', (error) => process.stderr.write(`任务队列错误：${error.message}\n`));
  const setUp = async () => {
    await boss.start();
    for (const job of byName.values()) {
      const wanted = queueOptions(job.options);
      const existing = await boss.getQueue(job.name);
      if (!existing) await boss.createQueue(job.name, wanted);
      else {
        const { policy: _policy, ...changeable } = wanted;
        await boss.updateQueue(job.name, changeable);
      }
    }
    for (const s of definitions.schedules ?? []) {
      if (!byName.has(s.job)) throw new Error(`schedule for unknown job ${s.job}`);
      await boss.schedule(s.job, s.cron, s.data ?? {}, { tz: SCHEDULE_TZ });
    }
    // pg-boss deletes finished jobs after keepSeconds (≤ 7 days by default); their progress rows
    // go some weeks later, at a start.
    await database.query("delete from job_progress where updated_at < now() - interval '30 days'");
  };
  try {
    if (database.kind === 'postgres') {
      await database.session(async (query) => {
        await query('select pg_advisory_lock($1)', [QUEUE_SETUP_LOCK]);
        try {
          await setUp();
        } finally {
          await query('select pg_advisory_unlock($1)', [QUEUE_SETUP_LOCK]);
        }
      });
    } else await setUp();
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw error;
  }
  const current: Runtime = {
    boss,
    database,
    definitions: byName,
    workers: options.workers,
    stopping: false,
  };
  runtime = current;
  if (!options.workers) return;
  const clock = options.clock ?? systemClock;
  for (const job of byName.values()) {
    const batchSize = job.options.batchSize ?? 1;
    await boss.work<unknown>(
      job.name,
      {
        batchSize,
        burstWhenBatchFull: batchSize > 1,
        localConcurrency: job.options.concurrency ?? 1,
        pollingIntervalSeconds: POLLING_INTERVAL_SECONDS,
        notifyPollingIntervalSeconds: NOTIFY_POLLING_INTERVAL_SECONDS,
        perJobResults: true,
      },
      (jobs: Job<unknown>[]) =>
        Promise.all(jobs.map((j) => runOne(current, job, j, clock))) as Promise<JobResult[]>,
    );
  }
}

async function runOne(
  current: Runtime,
  definition: JobDefinition<never>,
  job: Job<unknown>,
  clock: Clock,
): Promise<JobResult> {
  const { boss, database } = current;
  const attempt = { id: job.id, retryCount: job.retryCount };
  const context: JobContext<never> = {
    id: job.id,
    name: job.name,
    data: job.data as never,
    attempt: job.retryCount,
    signal: job.signal,
    db: database.db,
    database,
    clock,
    heartbeat: async () => {
      await boss.touch(job.name, attempt);
    },
    progress: async (done, total = null, note = null) => {
      await database.query(
        `insert into job_progress (job_id, queue, done, total, note, updated_at)
         values ($1, $2, $3, $4, $5, now())
         on conflict (job_id) do update set done = excluded.done, total = excluded.total,
           note = excluded.note, updated_at = excluded.updated_at`,
        [job.id, job.name, done, total, note],
      );
      await boss.touch(job.name, attempt);
    },
  };
  try {
    const output = await definition.handler(context);
    return {
      id: job.id,
      status: 'completed',
      output: output && typeof output === 'object' ? output : { value: output ?? null },
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { id: job.id, status: 'failed', output: { message } };
  }
}

/** Stops this process's queue: running handlers get up to `timeoutMs` to finish, then their signal aborts. */
export async function stopJobs(timeoutMs = 30_000): Promise<void> {
  const current = runtime;
  if (!current || current.stopping) return;
  current.stopping = true;
  try {
    await current.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  } finally {
    runtime = null;
  }
}

/** Enqueues a job; resolves to its id, or null when a singleton key refused it. */
export async function enqueue(
  name: string,
  data: Record<string, unknown> = {},
  options: EnqueueOptions = {},
): Promise<string | null> {
  const { boss, definitions } = requireRuntime();
  if (!definitions.has(name)) throw new Error(`unknown job ${name}`);
  const send: SendOptions = {};
  if (options.singletonKey !== undefined) send.singletonKey = options.singletonKey;
  if (options.startAfter !== undefined) send.startAfter = options.startAfter;
  if (options.retryLimit !== undefined) send.retryLimit = options.retryLimit;
  if (options.retryBackoff !== undefined) send.retryBackoff = options.retryBackoff;
  if (options.retryDelaySeconds !== undefined) send.retryDelay = options.retryDelaySeconds;
  if (options.tx) send.db = fromDrizzle(options.tx as never, sql as never);
  return boss.send(name, data, send);
}

/** Enqueues many jobs of one kind in one statement (benchmarks, bulk re-checks). */
export async function enqueueMany(
  name: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  const { boss, definitions } = requireRuntime();
  if (!definitions.has(name)) throw new Error(`unknown job ${name}`);
  for (let i = 0; i < items.length; i += 1_000) {
    await boss.insert(
      name,
      items.slice(i, i + 1_000).map((data) => ({ data })),
    );
  }
}

/** Registers (or moves) a cron schedule at run time; it fires once per period across processes. */
export async function schedule(
  name: string,
  cron: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  const { boss, definitions } = requireRuntime();
  if (!definitions.has(name)) throw new Error(`unknown job ${name}`);
  await boss.schedule(name, cron, data, { tz: SCHEDULE_TZ });
}

/** Cancels a queued or running job (a running handler sees job.signal abort at its next heartbeat). */
export async function cancelJob(name: string, id: string, tx?: Db): Promise<void> {
  const { boss } = requireRuntime();
  await boss.cancel(name, id, tx ? { db: fromDrizzle(tx as never, sql as never) } : {});
}

/** Puts a failed or cancelled job back in the queue. */
export async function retryJob(name: string, id: string, tx?: Db): Promise<void> {
  const { boss } = requireRuntime();
  await boss.retry(name, id, tx ? { db: fromDrizzle(tx as never, sql as never) } : {});
}

/** Whether pg-boss's tables exist in this database (not before the first startJobs). */
async function queueInstalled(db: Db): Promise<boolean> {
  const result = (await db.execute(
    sql`select to_regclass(${`${JOBS_SCHEMA}.job`}) is not null as installed`,
  )) as unknown as { rows: { installed: boolean }[] };
  return Boolean(result.rows[0]?.installed);
}

export type JobListState = 'queued' | 'running' | 'failed' | 'done' | 'cancelled';

const statesOf: Record<JobListState, JobRow['state'][]> = {
  queued: ['created', 'retry'],
  running: ['active'],
  failed: ['failed'],
  done: ['completed'],
  cancelled: ['cancelled'],
};

/** Jobs for the admin page, newest first, with their progress; read with plain SQL in `db`. */
export async function listJobs(
  db: Db,
  filter: { state?: JobListState; name?: string; page: number; pageSize: number },
): Promise<{ total: number; items: JobRow[] }> {
  if (!(await queueInstalled(db))) return { total: 0, items: [] };
  const states = filter.state ? statesOf[filter.state] : null;
  const job = sql.raw(`${JOBS_SCHEMA}.job`);
  // pg-boss's own queues (__pgboss__send-it for schedules, …) are not ours to show.
  const conditions = [sql`left(j.name, 2) <> '__'`];
  if (states)
    conditions.push(
      sql`j.state::text in (${sql.join(
        states.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );
  if (filter.name) conditions.push(sql`j.name = ${filter.name}`);
  const where = sql.join(conditions, sql` and `);
  const counted = (await db.execute(
    sql`select count(*)::int as n from ${job} j where ${where}`,
  )) as unknown as { rows: { n: number }[] };
  const rows = (await db.execute(sql`
    select j.id::text as id, j.name, j.state::text as state, j.data, j.output,
      j.retry_count as attempt, j.retry_limit as "retryLimit", j.singleton_key as "singletonKey",
      j.created_on as "createdAt", j.start_after as "startAfter", j.started_on as "startedAt",
      j.completed_on as "completedAt",
      p.done, p.total, p.note, p.updated_at as "progressAt"
    from ${job} j left join job_progress p on p.job_id = j.id::text
    where ${where}
    order by j.created_on desc, j.id
    limit ${filter.pageSize} offset ${(filter.page - 1) * filter.pageSize}`)) as unknown as {
    rows: (Omit<JobRow, 'progress'> & {
      done: number | null;
      total: number | null;
      note: string | null;
      progressAt: Date | string | null;
    })[];
  };
  const date = (v: Date | string | null) => (v === null ? null : new Date(v));
  return {
    total: counted.rows[0]?.n ?? 0,
    items: rows.rows.map(({ done, total, note, progressAt, ...r }) => ({
      ...r,
      createdAt: date(r.createdAt)!,
      startAfter: date(r.startAfter)!,
      startedAt: date(r.startedAt),
      completedAt: date(r.completedAt),
      progress: done === null ? null : { done, total, note, at: date(progressAt) ?? new Date(0) },
    })),
  };
}

/** One job by id (null when absent or before the queue was ever started). */
export async function findJob(
  db: Db,
  id: string,
): Promise<{ id: string; name: string; state: string } | null> {
  if (!(await queueInstalled(db))) return null;
  const result = (await db.execute(
    sql`select id::text as id, name, state::text as state from ${sql.raw(`${JOBS_SCHEMA}.job`)} where id = ${id}::uuid`,
  )) as unknown as { rows: { id: string; name: string; state: string }[] };
  return result.rows[0] ?? null;
}

/** The queue's self-test job: waits `sleepMs` (abortable), then records its one effect. */
export const PROBE_JOB = 'platform.probe';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('任务已取消'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('任务已取消'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Run by the multi-process test and `npm run bench:jobs`: its only write is one keyed statement at
 * the end, so an attempt killed mid-job leaves nothing, and `runs` counts attempts that got there.
 */
export const probeJob = defineJob<{ tag: string; sleepMs?: number }>(
  PROBE_JOB,
  async (job) => {
    const ms = Math.min(Math.max(job.data.sleepMs ?? 0, 0), 600_000);
    if (ms > 0) {
      await job.progress(0, 1, `pid ${process.pid}`);
      await sleep(ms, job.signal);
    }
    await job.database.query(
      `insert into job_probe_runs (job_id, tag, pid, attempt, runs, finished_at)
       values ($1, $2, $3, $4, 1, now())
       on conflict (job_id) do update set runs = job_probe_runs.runs + 1, pid = excluded.pid,
         attempt = excluded.attempt, finished_at = excluded.finished_at`,
      [job.id, String(job.data.tag ?? ''), process.pid, job.attempt],
    );
    return { pid: process.pid };
  },
  {
    batchSize: 50,
    concurrency: 1,
    heartbeatSeconds: 10,
    retryDelaySeconds: 1,
    keepSeconds: 86_400,
    label: '任务队列自检',
  },
);

const FINAL_STATES = new Set(['completed', 'failed', 'cancelled']);

/** Waits until a job has finished (completed, failed or cancelled) or `timeoutMs` passed; its last state. */
export async function waitForJob(db: Db, id: string, timeoutMs: number): Promise<string | null> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await findJob(db, id);
    if (!job || FINAL_STATES.has(job.state) || Date.now() >= until) return job?.state ?? null;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
