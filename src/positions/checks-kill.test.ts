// A check whose process dies mid-crawl. On PostgreSQL: a real `shoutu worker` is killed with
// SIGKILL while it crawls; another worker takes the job over and the check ends `done` once, with
// one set of rectifications. On PGlite (jobs run inside the one server process): an attempt
// stopped mid-crawl writes no result, and the next attempt finishes the check once.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue, startJobs, stopJobs } from '../platform/jobs.js';
import { rectifications } from '../platform/rectification-tables.js';
import { auditLog } from '../platform/tables.js';
import { createTestWorld, type TestWorld, usingPostgres } from '../platform/testing.js';
import { CHECK_JOB, runCheck, siteCheckJob } from './checks.js';
import { createPosition } from './service.js';
import { positionChecks } from './tables.js';
import { startTestSite, type TestSite } from './test-site.js';

let world: TestWorld;
let site: TestSite;
let positionId: number;
const children: ChildProcess[] = [];

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms: number) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const checkRow = async (id: number) =>
  (await world.database.db.select().from(positionChecks).where(eq(positionChecks.id, id)))[0]!;

async function queuedCheck() {
  const [row] = await world.database.db
    .insert(positionChecks)
    .values({
      positionId,
      unitId: world.unitA,
      status: 'queued',
      url: site.url,
      queuedAt: world.clock.now(),
    })
    .returning();
  return row!;
}

/** What one finished check leaves: its tasks, and one re-check audit for the position. */
async function effects() {
  const tasks = await world.database.db
    .select()
    .from(rectifications)
    .where(
      and(
        eq(rectifications.subjectEntity, 'position'),
        eq(rectifications.subjectId, String(positionId)),
      ),
    );
  const rechecks = await world.database.db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, 'rectification.recheck'),
        eq(auditLog.entityId, `position:${positionId}`),
      ),
    );
  return { tasks: tasks.length, rechecks: rechecks.length };
}

const previousAllow = process.env.SHOUTU_MONITOR_ALLOW;

beforeAll(async () => {
  process.env.SHOUTU_MONITOR_ALLOW = '127.0.0.1';
  world = await createTestWorld();
  // One slow answer at a time: the crawl lasts long enough to be killed in the middle.
  site = await startTestSite('2026-11-26', usingPostgres ? 1_500 : 300);
  positionId = (
    await world.asSystem((ctx) =>
      createPosition(ctx, {
        unitId: world.unitA,
        kind: 'website',
        name: '被检查网站',
        url: site.url,
      }),
    )
  ).id;
}, 180_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await stopJobs(2_000);
  await site?.close();
  await world?.close();
  if (previousAllow === undefined) delete process.env.SHOUTU_MONITOR_ALLOW;
  else process.env.SHOUTU_MONITOR_ALLOW = previousAllow;
}, 60_000);

if (!usingPostgres) {
  describe('a check stopped mid-crawl (embedded database)', () => {
    it('writes no result, and the next attempt finishes it once', async () => {
      const row = await queuedCheck();
      const stop = new AbortController();
      const attempt = runCheck({
        data: { checkId: row.id },
        db: world.database.db,
        clock: world.clock,
        signal: stop.signal,
        attempt: 0,
        heartbeat: async () => {},
      });
      await until('crawl under way', async () => (site.hits >= 2 ? true : undefined), 30_000);
      stop.abort();
      await expect(attempt).rejects.toThrow('检查被中止');
      const stopped = await checkRow(row.id);
      expect(stopped).toMatchObject({ status: 'running', findings: [], finishedAt: null });
      expect(await effects()).toEqual({ tasks: 0, rechecks: 0 });

      const retry = {
        data: { checkId: row.id },
        db: world.database.db,
        clock: world.clock,
        signal: new AbortController().signal,
        attempt: 1,
        heartbeat: async () => {},
      };
      await runCheck(retry);
      expect(await runCheck(retry)).toEqual({ skipped: true });
      expect(await checkRow(row.id)).toMatchObject({ status: 'done', attempts: 2 });
      expect(await effects()).toEqual({ tasks: 7, rechecks: 1 });
    }, 120_000);
  });
} else {
  const root = path.resolve(import.meta.dirname, '../..');
  const url = () => (world.database as { url?: string }).url!;

  function worker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [path.join(root, 'bin/shoutu.mjs'), 'worker'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url(),
        SHOUTU_FROM_SOURCE: '1',
        SHOUTU_MONITOR_ALLOW: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker not ready: ${out}`)), 120_000);
      const read = (d: Buffer) => {
        out += d;
        if (out.includes('后台任务进程已启动')) {
          clearTimeout(timer);
          resolve(child);
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', (d) => {
        out += d;
      });
      child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${out}`)));
    });
  }

  describe('a worker killed mid-check (PostgreSQL)', () => {
    it('leaves the check to another worker, which finishes it once', async () => {
      // This process only enqueues.
      await startJobs(
        world.database,
        { jobs: [siteCheckJob as never] },
        { workers: false, scheduling: false, databaseUrl: url() },
      );
      const first = await worker();
      const row = await queuedCheck();
      const jobId = await enqueue(
        CHECK_JOB,
        { checkId: row.id },
        { singletonKey: `position:${positionId}` },
      );
      await world.database.db
        .update(positionChecks)
        .set({ jobId })
        .where(eq(positionChecks.id, row.id));
      // Killed once the crawl has visibly progressed (a progress write) and is not yet done.
      await until(
        'the first worker crawling',
        async () => {
          const r = await checkRow(row.id);
          return r.status === 'running' && (r.progress as { pagesDone?: number }).pagesDone
            ? true
            : undefined;
        },
        90_000,
      );
      first.kill('SIGKILL');
      const killedAt = Date.now();
      const killed = await checkRow(row.id);
      expect(killed).toMatchObject({ status: 'running', findings: [], attempts: 1 });
      expect(await effects()).toEqual({ tasks: 0, rechecks: 0 });

      await worker();
      const done = await until(
        'the check finished by the second worker',
        async () => {
          const r = await checkRow(row.id);
          return r.status === 'done' || r.status === 'failed' ? r : undefined;
        },
        150_000,
      );
      expect(done).toMatchObject({ status: 'done', attempts: 2 });
      expect((done.findings as unknown[]).length).toBe(7);
      expect(Date.now() - killedAt).toBeLessThan(120_000);
      expect(await effects()).toEqual({ tasks: 7, rechecks: 1 });
    }, 300_000);
  });
}
