// The job queue in one process, on pg-boss's controllable clock: each path we use of pg-boss
// 12.38.0 on Node 20 (see docs/decisions.md) — run, progress, retries with backoff, stately
// singleton keys, cancellation through job.signal, heartbeats keeping a long job alive, cron
// firing once per period, and the admin listing. Runs on PGlite, and on PostgreSQL when
// DATABASE_URL is set.
import { TestClock } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './db.js';
import {
  cancelJob,
  defineJob,
  defineSchedule,
  enqueue,
  findJob,
  listJobs,
  retryJob,
  startJobs,
  stopJobs,
} from './jobs.js';
import { openTestDatabase } from './testing.js';

let database: Database;
// Starts at the real time: a job enqueued through another connection (a route's transaction)
// gets the server's now() as its start, which the queue's clock must have reached.
const clock = new TestClock(Date.now());

const echoRuns: { n: number; attempt: number }[] = [];
const flakyAt: number[] = [];
const scheduled: number[] = [];
const heldRuns: { key: string; at: number }[] = [];
const activeByKey = new Map<string, number>();
let maxActivePerKey = 0;
const release = new Map<string, () => void>();
const cancelled: string[] = [];
let longStarts = 0;
let finishLong: (() => void) | null = null;

function gate(id: string): Promise<void> {
  return new Promise((resolve) => release.set(id, resolve));
}

const jobs = [
  defineJob<{ n: number }>('t.echo', async (job) => {
    echoRuns.push({ n: job.data.n, attempt: job.attempt });
    await job.progress(3, 4, '第三步');
    return { doubled: job.data.n * 2 };
  }),
  defineJob<{ failTimes: number }>(
    't.flaky',
    async (job) => {
      flakyAt.push(clock.now());
      if (job.attempt < job.data.failTimes) throw new Error(`第 ${job.attempt + 1} 次失败`);
    },
    { retryLimit: 3, retryDelaySeconds: 10, retryBackoff: true },
  ),
  defineJob<{ key: string }>(
    't.site',
    async (job) => {
      const n = (activeByKey.get(job.data.key) ?? 0) + 1;
      activeByKey.set(job.data.key, n);
      maxActivePerKey = Math.max(maxActivePerKey, n);
      heldRuns.push({ key: job.data.key, at: clock.now() });
      await gate(job.id);
      activeByKey.set(job.data.key, n - 1);
    },
    { policy: 'stately', concurrency: 3 },
  ),
  defineJob<Record<string, never>>(
    't.cancellable',
    async (job) => {
      await new Promise<void>((resolve) => {
        job.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      cancelled.push(job.id);
      throw new Error('已取消');
    },
    { heartbeatSeconds: 10 },
  ),
  defineJob<Record<string, never>>(
    't.long',
    async () => {
      longStarts++;
      await new Promise<void>((resolve) => {
        finishLong = resolve;
      });
    },
    { heartbeatSeconds: 10, expireInSeconds: 2_400 },
  ),
  defineJob<{ reason: string }>(
    't.broken',
    async (job) => {
      if (job.data.reason === 'fail') throw new Error('页面无法访问：连接超时');
    },
    { retryLimit: 0 },
  ),
  defineJob<Record<string, never>>('t.cron', async () => {
    scheduled.push(clock.now());
  }),
];

/** Ticks the queue's clock a second at a time until `done()` or `seconds` have passed. */
async function tickUntil(done: () => boolean | Promise<boolean>, seconds: number): Promise<void> {
  for (let i = 0; i < seconds && !(await done()); i++) await clock.tick(1_000);
}

beforeAll(async () => {
  database = await openTestDatabase();
  await startJobs(
    database,
    { jobs, schedules: [defineSchedule('t.cron', '* * * * *')] },
    { workers: true, queueClock: clock },
  );
});

afterAll(async () => {
  for (const r of release.values()) r();
  finishLong?.();
  await stopJobs(2_000);
  await database.close();
});

describe('jobs', () => {
  it('runs an enqueued job once, records its progress and output', async () => {
    const id = await enqueue('t.echo', { n: 21 });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await tickUntil(async () => (await findJob(database.db, id!))?.state === 'completed', 30);
    expect(echoRuns).toEqual([{ n: 21, attempt: 0 }]);
    const { items } = await listJobs(database.db, { name: 't.echo', page: 1, pageSize: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id,
      state: 'completed',
      output: { doubled: 42 },
      progress: { done: 3, total: 4, note: '第三步' },
    });
    // More ticks run nothing again.
    await clock.tick(20_000);
    expect(echoRuns).toHaveLength(1);
  });

  it('enqueues inside a transaction: the job exists only if the transaction commits', async () => {
    const before = echoRuns.length;
    await expect(
      database.db.transaction(async (tx) => {
        await enqueue('t.echo', { n: 1 }, { tx });
        throw new Error('回滚');
      }),
    ).rejects.toThrow('回滚');
    let committed: string | null = null;
    await database.db.transaction(async (tx) => {
      committed = await enqueue('t.echo', { n: 2 }, { tx });
    });
    await tickUntil(
      async () => (await findJob(database.db, committed!))?.state === 'completed',
      30,
    );
    await clock.tick(5_000);
    expect(echoRuns.slice(before)).toEqual([{ n: 2, attempt: 0 }]);
  });

  it('retries a failing job with growing delays (backoff), then completes', async () => {
    const id = await enqueue('t.flaky', { failTimes: 2 });
    await tickUntil(() => flakyAt.length >= 1, 10);
    expect(flakyAt).toHaveLength(1);
    // The first retry waits at least retryDelay (10 s): nothing runs in the next 9 s.
    await clock.tick(9_000);
    expect(flakyAt).toHaveLength(1);
    await tickUntil(async () => (await findJob(database.db, id!))?.state === 'completed', 180);
    expect(flakyAt).toHaveLength(3);
    const gaps = [flakyAt[1]! - flakyAt[0]!, flakyAt[2]! - flakyAt[1]!];
    expect(gaps[0]).toBeGreaterThanOrEqual(10_000);
    // Backoff: the second delay is at least twice the base delay (a fixed delay would be ~10 s).
    expect(gaps[1]).toBeGreaterThanOrEqual(20_000);
  });

  it('keeps one queued and one running job per singleton key (stately)', async () => {
    // Two queued jobs of one key are refused; another key is not.
    const later = await enqueue(
      't.site',
      { key: 'c' },
      { singletonKey: 'site-c', startAfter: 3_600 },
    );
    expect(later).not.toBeNull();
    expect(await enqueue('t.site', { key: 'c' }, { singletonKey: 'site-c' })).toBeNull();
    const first = await enqueue('t.site', { key: 'a' }, { singletonKey: 'site-a' });
    expect(first).not.toBeNull();
    await tickUntil(() => heldRuns.some((r) => r.key === 'a'), 20);
    // The first is running: one more may queue behind it, but not two.
    const second = await enqueue('t.site', { key: 'a' }, { singletonKey: 'site-a' });
    expect(second).not.toBeNull();
    expect(await enqueue('t.site', { key: 'a' }, { singletonKey: 'site-a' })).toBeNull();
    const other = await enqueue('t.site', { key: 'b' }, { singletonKey: 'site-b' });
    expect(other).not.toBeNull();
    await tickUntil(() => heldRuns.some((r) => r.key === 'b'), 20);
    // With three workers and one free, the queued one of key a still does not start.
    await clock.tick(10_000);
    expect(heldRuns.filter((r) => r.key === 'a')).toHaveLength(1);
    release.get(first!)!();
    await tickUntil(() => heldRuns.filter((r) => r.key === 'a').length >= 2, 20);
    expect(heldRuns.filter((r) => r.key === 'a')).toHaveLength(2);
    expect(maxActivePerKey).toBe(1);
    release.get(second!)!();
    release.get(other!)!();
    await tickUntil(async () => (await findJob(database.db, second!))?.state === 'completed', 20);
    expect((await findJob(database.db, second!))?.state).toBe('completed');
    await cancelJob('t.site', later!);
  });

  it('cancels a running job: its handler sees job.signal abort', async () => {
    const id = await enqueue('t.cancellable', {});
    await tickUntil(async () => (await findJob(database.db, id!))?.state === 'active', 20);
    await cancelJob('t.cancellable', id!);
    // The worker learns of it at its next heartbeat (every heartbeatSeconds / 2 = 5 s).
    await tickUntil(() => cancelled.includes(id!), 20);
    expect(cancelled).toContain(id);
    expect((await findJob(database.db, id!))?.state).toBe('cancelled');
  });

  it('keeps a live long job running past its heartbeat window (started once)', async () => {
    const id = await enqueue('t.long', {});
    await tickUntil(() => longStarts >= 1, 20);
    // 60 s is six heartbeat windows: the automatic heartbeats keep the claim.
    for (let i = 0; i < 60; i++) await clock.tick(1_000);
    expect(longStarts).toBe(1);
    expect((await findJob(database.db, id!))?.state).toBe('active');
    finishLong!();
    await tickUntil(async () => (await findJob(database.db, id!))?.state === 'completed', 20);
    expect((await findJob(database.db, id!))?.state).toBe('completed');
    expect(longStarts).toBe(1);
  });

  it('lists a failed job with its error and retries it on request', async () => {
    const id = await enqueue('t.broken', { reason: 'fail' });
    await tickUntil(async () => (await findJob(database.db, id!))?.state === 'failed', 20);
    const failed = await listJobs(database.db, { state: 'failed', page: 1, pageSize: 10 });
    expect(failed.items.map((j) => j.id)).toContain(id);
    expect(failed.items.find((j) => j.id === id)?.output).toMatchObject({
      message: '页面无法访问：连接超时',
    });
    const queuedBefore = await listJobs(database.db, { state: 'queued', page: 1, pageSize: 50 });
    expect(queuedBefore.items.map((j) => j.id)).not.toContain(id);
    await retryJob('t.broken', id!);
    // Retried: it runs again (and fails again, as its input still says so).
    await tickUntil(async () => (await findJob(database.db, id!))?.state === 'failed', 20);
    const [row] = await database.query<{ retry_count: number }>(
      'select retry_count from pgboss.job where id = $1',
      [id],
    );
    expect(row!.retry_count).toBeGreaterThanOrEqual(1);
  });

  it('fires a cron schedule once per period', async () => {
    scheduled.length = 0;
    const start = clock.now();
    // Three minutes of queue time, a second at a time.
    for (let i = 0; i < 180; i++) await clock.tick(1_000);
    await tickUntil(() => false, 5);
    const minutes = scheduled.map((t) => Math.floor(t / 60_000));
    expect(scheduled.length).toBeGreaterThanOrEqual(2);
    expect(scheduled.length).toBeLessThanOrEqual(4);
    // Never twice within the same minute.
    expect(new Set(minutes).size).toBe(minutes.length);
    expect(Math.max(...scheduled) - start).toBeLessThanOrEqual(190_000);
  });
});
