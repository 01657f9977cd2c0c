// Website monitoring end to end on the job queue: a real check of a small site served on
// 127.0.0.1 (allowed through SHOUTU_MONITOR_ALLOW), findings → rectifications, the site mended →
// the next check closes them, a task reported done but still found reopens, one check per site
// at a time, and a retried attempt that restarts cleanly.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJobs, stopJobs } from '../platform/jobs.js';
import { rectifications } from '../platform/rectification-tables.js';
import { type Agent, agentFor, createTestWorld, type TestWorld } from '../platform/testing.js';
import { nightlyJob, queueNightlyChecks, runCheck, siteCheckJob } from './checks.js';
import { positionChecks } from './tables.js';
import { startTestSite, type TestSite } from './test-site.js';

let world: TestWorld;
let liaison: Agent;
let admin: Agent;
let site: TestSite;
let positionId: number;
const previousAllow = process.env.SHOUTU_MONITOR_ALLOW;

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts a check through the route and waits until its row is finished. */
async function checkNow() {
  const started = await liaison.post(`/api/v1/positions/${positionId}/checks`);
  expect(started.statusCode, started.body).toBe(202);
  const { id } = started.json();
  const done = await until('check finished', async () => {
    const r = (await liaison.get(`/api/v1/position-checks/${id}`)).json();
    return r.status === 'done' || r.status === 'failed' ? r : undefined;
  });
  expect(done.status, done.error).toBe('done');
  return done;
}

const openTasks = async () =>
  (await liaison.get(`/api/v1/rectifications?positionId=${positionId}&status=open`)).json().items;

beforeAll(async () => {
  process.env.SHOUTU_MONITOR_ALLOW = '127.0.0.1';
  world = await createTestWorld();
  // The tests' today is 2026-11-27 (Beijing); the site's items are a day old.
  site = await startTestSite('2026-11-26');
  await startJobs(
    world.database,
    { jobs: [siteCheckJob as never, nightlyJob as never] },
    { workers: true, clock: world.clock },
  );
  liaison = await agentFor(world.app, world.users.unit_liaison.username);
  admin = await agentFor(world.app, world.users.committee_admin.username);
  const created = await liaison.post('/api/v1/positions', {
    unitId: world.unitA,
    kind: 'website',
    name: '甲单位门户网站',
    url: site.url,
  });
  positionId = created.json().id;
}, 180_000);

afterAll(async () => {
  await stopJobs(2_000);
  await site?.close();
  await world?.close();
  if (previousAllow === undefined) delete process.env.SHOUTU_MONITOR_ALLOW;
  else process.env.SHOUTU_MONITOR_ALLOW = previousAllow;
});

describe('website checks', () => {
  it('answers 202 queued, crawls the site and keeps the report in the contract’s shape', async () => {
    const started = await liaison.post(`/api/v1/positions/${positionId}/checks`);
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ status: 'queued' });
    // One check per site at a time: asking again answers the same check.
    const again = await liaison.post(`/api/v1/positions/${positionId}/checks`);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ id: started.json().id, existing: true });
    const id = started.json().id;
    const report = await until('first check', async () => {
      const r = (await liaison.get(`/api/v1/position-checks/${id}`)).json();
      return r.status === 'done' ? r : undefined;
    });
    expect(site.hits).toBeGreaterThan(5);
    expect(report.pages).toBeGreaterThanOrEqual(7);
    const codes = report.findings.map((f: { code: string }) => f.code).sort();
    expect(codes).toEqual([
      'column-blank',
      'column-blank',
      'column-blank',
      'column-blank',
      'column-blank',
      'columns-blank-many',
      'link-broken',
    ]);
    expect(report.counts).toEqual({ veto: 1, deduct: 6, info: 0 });
    expect(report.progress.pagesDone).toBe(report.pages);
    const history = (await liaison.get(`/api/v1/positions/${positionId}/checks`)).json();
    expect(history.items[0]).toMatchObject({ id, status: 'done', pages: report.pages });
    for (const key of ['startedAt', 'finishedAt', 'findings'])
      expect(history.items[0]).toHaveProperty(key);
    const broken = report.findings.find((f: { code: string }) => f.code === 'link-broken');
    expect(broken).toMatchObject({
      severity: 'deduct',
      status: 404,
      onHomepage: true,
      page: site.url,
    });
  });

  it('opened one rectification per veto/deduct finding, due by severity in working days', async () => {
    const tasks = await openTasks();
    expect(tasks).toHaveLength(7);
    const veto = tasks.find((t: { code: string }) => t.code === 'columns-blank-many');
    const link = tasks.find((t: { code: string }) => t.code === 'link-broken');
    expect(veto).toMatchObject({ source: 'site-check', status: 'open', unitId: world.unitA });
    expect(veto.dueAt).toBe('2026-12-02T15:59:59.999Z');
    expect(link).toMatchObject({ target: `${site.url}gone.html`, status: 'open', closedAt: null });
    expect(link.dueAt).toBe('2026-12-11T15:59:59.999Z');
    // The position's list shows the last check.
    const position = (await liaison.get(`/api/v1/positions/${positionId}`)).json();
    expect(position.lastCheck).toMatchObject({ status: 'done', counts: { veto: 1, deduct: 6 } });
  });

  it('a repeated check meets the open tasks; a task reported done but still found reopens', async () => {
    const [link] = (await openTasks()).filter((t: { code: string }) => t.code === 'link-broken');
    const reported = await liaison.post(`/api/v1/rectifications/${link.id}/report`, {
      note: '已删除旧链接',
    });
    expect(reported.json().status).toBe('done');
    await checkNow();
    const tasks = await openTasks();
    expect(tasks).toHaveLength(7);
    const again = tasks.find((t: { id: number }) => t.id === link.id);
    expect(again).toMatchObject({ status: 'open', reopenCount: 1 });
  });

  it('once the site is mended, the next check closes every task', async () => {
    site.mend();
    const report = await checkNow();
    expect(report.findings).toEqual([]);
    expect(report.score).toBe(100);
    expect(await openTasks()).toEqual([]);
    const closed = (
      await liaison.get(`/api/v1/rectifications?positionId=${positionId}&status=closed`)
    ).json().items;
    expect(closed).toHaveLength(7);
    expect(
      closed.every(
        (t: { verdict: string; closedAt: string }) => t.verdict === 'recheck-clear' && t.closedAt,
      ),
    ).toBe(true);
    const history = (await liaison.get(`/api/v1/positions/${positionId}/checks`)).json().items;
    expect(history.map((c: { status: string }) => c.status)).toEqual(['done', 'done', 'done']);
  });

  it('an attempt killed mid-check is redone from scratch, and a second finish writes nothing', async () => {
    site.spoil();
    // A check whose first attempt died after writing progress: the row says running.
    const [row] = await world.database.db
      .insert(positionChecks)
      .values({
        positionId,
        unitId: world.unitA,
        status: 'running',
        url: site.url,
        queuedAt: world.clock.now(),
        startedAt: world.clock.now(),
        attempts: 1,
        progress: { pagesDone: 3, queued: 9, rate: 1 },
      })
      .returning();
    const job = {
      data: { checkId: row!.id },
      db: world.database.db,
      clock: world.clock,
      signal: new AbortController().signal,
      attempt: 1,
      heartbeat: async () => {},
    };
    const first = await runCheck(job);
    expect(first).toMatchObject({ checkId: row!.id });
    const second = await runCheck(job);
    expect(second).toEqual({ skipped: true });
    const [after] = await world.database.db
      .select()
      .from(positionChecks)
      .where(eq(positionChecks.id, row!.id));
    expect(after).toMatchObject({ status: 'done', attempts: 2 });
    expect((after!.findings as unknown[]).length).toBe(7);
    // The tasks reopened once each (not twice).
    const reopened = await world.database.db
      .select()
      .from(rectifications)
      .where(
        and(eq(rectifications.subjectId, String(positionId)), eq(rectifications.status, 'open')),
      );
    expect(reopened).toHaveLength(7);
  });

  it('a check cut short by the page limit opens what it finds but closes nothing', async () => {
    site.mend();
    process.env.SHOUTU_MONITOR_MAX_PAGES = '2';
    try {
      const report = await checkNow();
      expect(report.pages).toBeLessThan(8);
      expect(report.notes[0]).toContain('未覆盖全站');
    } finally {
      delete process.env.SHOUTU_MONITOR_MAX_PAGES;
      site.spoil();
    }
    // Nothing was closed although the cut-short check did not see the defects.
    expect(await openTasks()).toHaveLength(7);
  });

  it('the nightly pass queues every active website once, spread over the window', async () => {
    const result = await queueNightlyChecks(world.database.db, world.clock);
    expect(result).toEqual({ sites: 1, queued: 1 });
    // Already queued: the next pass skips it.
    expect(await queueNightlyChecks(world.database.db, world.clock)).toEqual({
      sites: 1,
      queued: 0,
    });
    const queued = await world.database.db
      .select()
      .from(positionChecks)
      .where(
        and(eq(positionChecks.positionId, positionId), eq(positionChecks.trigger, 'schedule')),
      );
    expect(queued).toHaveLength(1);
  });

  it('a foreign unit sees none of it', async () => {
    const foreign = await world.asSystem(async (ctx) => {
      const { createPosition } = await import('./service.js');
      return createPosition(ctx, {
        unitId: world.unitB,
        kind: 'website',
        name: '乙网站',
        url: site.url,
      });
    });
    expect((await liaison.post(`/api/v1/positions/${foreign.id}/checks`)).statusCode).toBe(404);
    const [check] = await world.database.db
      .select({ id: positionChecks.id })
      .from(positionChecks)
      .where(eq(positionChecks.positionId, positionId));
    // The committee reads the unit's check; a unit reads nothing of another's.
    expect((await admin.get(`/api/v1/position-checks/${check!.id}`)).statusCode).toBe(200);
    expect(
      (await liaison.get(`/api/v1/rectifications?positionId=${foreign.id}`)).json().items,
    ).toEqual([]);
  });
});
